#include "docker/EngineRequest.h"

#include "docker/DockerJson.h"

#include <QPointer>
#include <QStringList>
#include <QUrl>

#include <algorithm>

namespace fd::docker::engine {

Target::Target(const QByteArray &path) : m_target(QByteArray("/v") + kApiVersion + path)
{}

Target &Target::add(const char *key, const QByteArray &value)
{
    m_target += (m_hasQuery ? '&' : '?');
    m_hasQuery = true;
    m_target += key;
    m_target += '=';
    m_target += value.toPercentEncoding();
    return *this;
}

QByteArray seg(const QString &idOrName)
{
    return QUrl::toPercentEncoding(idOrName);
}

QByteArray imageSeg(const QString &reference)
{
    return QUrl::toPercentEncoding(reference, "/:@");
}

HttpRequest request(const char *method, const Target &target)
{
    HttpRequest r;
    r.method = method;
    r.target = target.str();
    return r;
}

bool isSuccess(int status)
{
    return (status >= 200 && status < 300) || status == 304;
}

Error unexpectedStatus(const HttpReply &reply, const QString &context)
{
    return json::errorFromResponse(reply.status, reply.body, context);
}

Target logsTarget(const QString &id, const LogOptions &o, bool follow)
{
    Target t("/containers/" + seg(id) + "/logs");
    t.flag("stdout", o.stdoutStream).flag("stderr", o.stderrStream).flag("timestamps", o.timestamps);
    t.flag("follow", follow);
    if (o.tail >= 0)
        t.add("tail", qint64(o.tail));
    if (o.since.isValid())
        t.add("since", o.since.toSecsSinceEpoch());
    return t;
}

QString errorText(const Result<HttpReply> &r, const QString &context)
{
    if (!r)
        return r.error().message;
    return unexpectedStatus(*r, context).message;
}

QString errorCode(const Result<HttpReply> &r)
{
    if (!r)
        return r.error().code;
    return unexpectedStatus(*r).code;
}

std::function<void()> abortOnCancel(HttpExchange *ex)
{
    return [ex = QPointer<HttpExchange>(ex)] {
        if (ex)
            ex->abort();
    };
}

std::pair<QString, QString> splitReference(const QString &reference)
{
    const qsizetype at = reference.indexOf(u'@');
    if (at >= 0)
        return {reference.left(at), reference.mid(at + 1)};
    const qsizetype colon = reference.lastIndexOf(u':');
    const qsizetype slash = reference.lastIndexOf(u'/');
    if (colon > slash)
        return {reference.left(colon), reference.mid(colon + 1)};
    return {reference, QStringLiteral("latest")};
}

int apiNumber(const QString &v)
{
    const QStringList parts = v.split(u'.');
    if (parts.size() != 2)
        return 0;
    return parts[0].toInt() * 100 + parts[1].toInt();
}

Timeout remaining(Timeout total, const QElapsedTimer &since)
{
    if (total.count() <= 0)
        return total;
    return std::max(Timeout(1), total - Timeout(since.elapsed()));
}

} // namespace fd::docker::engine
