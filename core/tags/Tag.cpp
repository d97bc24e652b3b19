#include "Tag.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

namespace fd::tags {

namespace {

Error invalid(const QString &message, const QString &field)
{
    return makeError(QStringLiteral("InvalidParameterException"), message, field);
}

bool allowedCharacters(const QString &text)
{
    // Letters, numbers and spaces in any script, and + - = . _ : / @ (the pattern of the API model).
    static const QRegularExpression re(QStringLiteral("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$"));
    return re.match(text).hasMatch();
}

} // namespace

bool isReserved(const QString &text)
{
    return text.startsWith(QStringLiteral("aws:"), Qt::CaseInsensitive);
}

std::optional<Error> validate(const TagList &tags, const QString &field)
{
    QSet<QString> seen;
    for (qsizetype i = 0; i < tags.size(); ++i) {
        const Tag &t = tags[i];
        const QString at = QStringLiteral("%1[%2]").arg(field).arg(i);
        if (t.key.isEmpty() || t.key.size() > kMaxKeyLength)
            return invalid(QStringLiteral("%1.key: must be 1 to %2 characters (got %3)")
                               .arg(at)
                               .arg(kMaxKeyLength)
                               .arg(t.key.size()),
                           at + QStringLiteral(".key"));
        if (t.value.size() > kMaxValueLength)
            return invalid(QStringLiteral("%1.value: must be at most %2 characters (got %3)")
                               .arg(at)
                               .arg(kMaxValueLength)
                               .arg(t.value.size()),
                           at + QStringLiteral(".value"));
        if (!allowedCharacters(t.key))
            return invalid(QStringLiteral("%1.key: \"%2\" may hold only letters, numbers, spaces and + - = . _ : / @")
                               .arg(at, t.key),
                           at + QStringLiteral(".key"));
        if (!allowedCharacters(t.value))
            return invalid(QStringLiteral("%1.value: \"%2\" may hold only letters, numbers, spaces and + - = . _ : / @")
                               .arg(at, t.value),
                           at + QStringLiteral(".value"));
        if (isReserved(t.key))
            return invalid(QStringLiteral("%1: the aws: prefix is reserved for AWS use (key \"%2\")").arg(at, t.key),
                           at);
        if (isReserved(t.value))
            return invalid(QStringLiteral("%1: the aws: prefix is reserved for AWS use (value \"%2\" of key \"%3\")")
                               .arg(at, t.value, t.key),
                           at);
        if (seen.contains(t.key))
            return invalid(QStringLiteral("%1.key: \"%2\" is given twice; each key may appear once").arg(at, t.key),
                           at + QStringLiteral(".key"));
        seen.insert(t.key);
    }
    if (userTagCount(tags) > kMaxTagsPerResource)
        return invalid(QStringLiteral("%1: a resource may have at most %2 tags (got %3)")
                           .arg(field)
                           .arg(kMaxTagsPerResource)
                           .arg(userTagCount(tags)),
                       field);
    return std::nullopt;
}

TagList merged(TagList base, const TagList &add)
{
    for (const Tag &t : add) {
        auto it = std::find_if(base.begin(), base.end(), [&](const Tag &b) { return b.key == t.key; });
        if (it != base.end())
            it->value = t.value;
        else
            base.append(t);
    }
    return base;
}

TagList without(TagList base, const QStringList &keys)
{
    base.removeIf([&](const Tag &t) { return keys.contains(t.key); });
    return base;
}

int userTagCount(const TagList &tags)
{
    return int(std::count_if(tags.begin(), tags.end(), [](const Tag &t) { return !isReserved(t.key); }));
}

QString toString(Propagate p)
{
    switch (p) {
    case Propagate::None:
        return QStringLiteral("NONE");
    case Propagate::TaskDefinition:
        return QStringLiteral("TASK_DEFINITION");
    case Propagate::Service:
        return QStringLiteral("SERVICE");
    }
    return QStringLiteral("NONE");
}

std::optional<Propagate> propagateFromString(const QString &text)
{
    if (text == u"NONE")
        return Propagate::None;
    if (text == u"TASK_DEFINITION")
        return Propagate::TaskDefinition;
    if (text == u"SERVICE")
        return Propagate::Service;
    return std::nullopt;
}

TagList managedTags(const QString &cluster, const QString &service)
{
    TagList out{{QStringLiteral("aws:ecs:clusterName"), cluster}};
    if (!service.isEmpty())
        out.append({QStringLiteral("aws:ecs:serviceName"), service});
    return out;
}

QByteArray toJson(const TagList &tags)
{
    QJsonArray out;
    for (const Tag &t : tags)
        out.append(QJsonObject{{QStringLiteral("key"), t.key}, {QStringLiteral("value"), t.value}});
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

Result<TagList> fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        return makeError(QStringLiteral("ServerException"), QStringLiteral("unreadable tags: %1").arg(error.errorString()));
    TagList out;
    for (const QJsonValue &v : doc.array()) {
        const QJsonObject o = v.toObject();
        out.append({o.value(QStringLiteral("key")).toString(), o.value(QStringLiteral("value")).toString()});
    }
    return out;
}

} // namespace fd::tags
