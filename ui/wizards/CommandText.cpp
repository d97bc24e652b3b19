#include "CommandText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>

namespace fd::ui {

namespace {

const QString kCmdShell = QStringLiteral("CMD-SHELL");

bool needsJson(const QString &arg)
{
    if (arg.isEmpty())
        return true;
    for (const QChar c : arg)
        if (c.isSpace() || c == u'"' || c == u'\'' || c == u'\\')
            return true;
    return false;
}

} // namespace

QStringList CommandText::parse(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return {};
    if (t.startsWith(u'[')) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(t.toUtf8(), &error);
        if (error.error == QJsonParseError::NoError && doc.isArray()) {
            QStringList out;
            for (const QJsonValue &v : doc.array())
                out << (v.isString() ? v.toString() : v.toVariant().toString());
            return out;
        }
    }
    // CMD-SHELL takes one string, the shell command: the rest of the line, spaces and all.
    if (t.startsWith(kCmdShell + u' '))
        return {kCmdShell, t.mid(kCmdShell.size() + 1).trimmed()};
    return QProcess::splitCommand(t);
}

QString CommandText::format(const QStringList &command)
{
    if (command.isEmpty())
        return {};
    if (command.size() == 2 && command.front() == kCmdShell && !command.back().isEmpty())
        return kCmdShell + u' ' + command.back();
    bool plain = true;
    for (const QString &arg : command)
        plain = plain && !needsJson(arg);
    if (plain && !command.front().startsWith(u'['))
        return command.join(u' ');
    QJsonArray array;
    for (const QString &arg : command)
        array.append(arg);
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

} // namespace fd::ui
