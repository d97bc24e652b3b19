#include "ChangeSet.h"

#include <QSet>

namespace fd::state {

QString toString(Cause::Source source)
{
    switch (source) {
    case Cause::Source::System:
        return QStringLiteral("system");
    case Cause::Source::Console:
        return QStringLiteral("console");
    case Cause::Source::Api:
        return QStringLiteral("api");
    case Cause::Source::Controller:
        return QStringLiteral("controller");
    }
    return QStringLiteral("system");
}

QString Cause::toString() const
{
    const QString s = state::toString(source);
    return detail.isEmpty() ? s : s + u':' + detail;
}

Cause Cause::fromString(const QString &text)
{
    const qsizetype colon = text.indexOf(u':');
    const QString head = colon < 0 ? text : text.left(colon);
    Cause c;
    c.detail = colon < 0 ? QString() : text.mid(colon + 1);
    if (head == u"api")
        c.source = Source::Api;
    else if (head == u"controller")
        c.source = Source::Controller;
    else if (head == u"console")
        c.source = Source::Console;
    else
        c.source = Source::System; // unknown sources read back as system rather than failing a load
    return c;
}

bool ChangeSet::touches(QStringView kind) const
{
    for (const Change &c : changes) {
        if (c.kind == kind)
            return true;
    }
    return false;
}

QStringList ChangeSet::ids(QStringView kind) const
{
    QStringList out;
    QSet<QString> seen;
    for (const Change &c : changes) {
        if (c.kind == kind && !seen.contains(c.id)) {
            seen.insert(c.id);
            out.append(c.id);
        }
    }
    return out;
}

} // namespace fd::state
