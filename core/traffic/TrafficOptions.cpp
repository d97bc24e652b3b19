#include "TrafficOptions.h"

#include <QHostAddress>
#include <QUrl>

#include <cmath>

namespace fd::traffic {

namespace {

Error invalid(const QString &field, const QString &message)
{
    return makeError(QStringLiteral("ValidationError"), QStringLiteral("%1: %2").arg(field, message), field);
}

// A path a request line can carry as it is: starts with '/', printable ASCII without spaces.
std::optional<QString> checkPath(const QString &path)
{
    if (!path.startsWith(u'/'))
        return QStringLiteral("must start with '/' (got \"%1\")").arg(path);
    if (path.size() > 2048)
        return QStringLiteral("is longer than 2048 characters");
    for (const QChar c : path)
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return QStringLiteral("may hold only printable ASCII without spaces (percent-encode others): \"%1\"")
                .arg(path);
    if (path.contains(u'#'))
        return QStringLiteral("must not hold a fragment ('#')");
    return std::nullopt;
}

// The URL's host as an IPv4 address in 127.0.0.0/8, or why not. No resolver is asked: "localhost"
// is 127.0.0.1 by definition (RFC 6761), anything else must be a literal address.
Result<QString> loopbackAddress(const QString &host)
{
    if (host.isEmpty())
        return invalid(QStringLiteral("url"), QStringLiteral("has no host"));
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return QStringLiteral("127.0.0.1");
    QHostAddress address;
    if (!address.setAddress(host))
        return invalid(QStringLiteral("url"),
                       QStringLiteral("only hosts in 127.0.0.0/8 (or localhost) are allowed, and names are not "
                                      "looked up (got %1)")
                           .arg(host));
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (!isV4 || address.protocol() != QAbstractSocket::IPv4Protocol || (v4 >> 24) != 127)
        return invalid(QStringLiteral("url"),
                       QStringLiteral("only hosts in 127.0.0.0/8 (or localhost) are allowed (got %1)").arg(host));
    return address.toString();
}

Status checkNumbers(const TrafficOptions &o)
{
    if (o.concurrency < 1 || o.concurrency > kMaxConcurrency)
        return invalid(QStringLiteral("concurrency"),
                       QStringLiteral("must be 1 to %1 connections (got %2)").arg(kMaxConcurrency).arg(o.concurrency));
    if (!std::isfinite(o.ratePerSecond) || o.ratePerSecond < 0 ||
        (o.ratePerSecond > 0 && o.ratePerSecond < kMinRatePerSecond) || o.ratePerSecond > kMaxRatePerSecond)
        return invalid(QStringLiteral("ratePerSecond"),
                       QStringLiteral("must be 0 (as fast as answered) or %1 to %2 requests/s (got %3)")
                           .arg(kMinRatePerSecond)
                           .arg(kMaxRatePerSecond)
                           .arg(o.ratePerSecond));
    if (o.duration.count() <= 0 || o.duration > kMaxDuration)
        return invalid(QStringLiteral("duration"), QStringLiteral("must be more than 0 and at most %1 s (got %2 ms)")
                                                       .arg(kMaxDuration.count() / 1000)
                                                       .arg(o.duration.count()));
    if (o.maxRequests < 1 || o.maxRequests > kMaxRequests)
        return invalid(QStringLiteral("maxRequests"),
                       QStringLiteral("must be 1 to %1 requests (got %2)").arg(kMaxRequests).arg(o.maxRequests));
    if (o.requestTimeout.count() < 1 || o.requestTimeout > kMaxRequestTimeout)
        return invalid(QStringLiteral("requestTimeout"), QStringLiteral("must be 1 ms to %1 s (got %2 ms)")
                                                             .arg(kMaxRequestTimeout.count() / 1000)
                                                             .arg(o.requestTimeout.count()));
    return Ok{};
}

} // namespace

Result<TrafficPlan> validate(const TrafficOptions &options)
{
    if (Status numbers = checkNumbers(options); !numbers)
        return numbers.error();
    const QString text = options.url.trimmed();
    if (text.isEmpty())
        return invalid(QStringLiteral("url"), QStringLiteral("is required (e.g. http://127.0.0.1:8080/)"));
    if (!text.contains(QStringLiteral("://")))
        return invalid(QStringLiteral("url"), QStringLiteral("must start with http:// (e.g. http://%1/)").arg(text));
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return invalid(QStringLiteral("url"), QStringLiteral("is not a URL (%1)").arg(url.errorString()));
    if (url.scheme() != u"http")
        return invalid(QStringLiteral("url"), QStringLiteral("must start with http:// (got %1)")
                                                  .arg(url.scheme().isEmpty() ? QStringLiteral("no scheme")
                                                                              : url.scheme() + QStringLiteral("://")));
    if (!url.userInfo().isEmpty())
        return invalid(QStringLiteral("url"), QStringLiteral("must not carry a user name or password"));
    if (url.hasFragment())
        return invalid(QStringLiteral("url"), QStringLiteral("must not hold a fragment ('#')"));
    Result<QString> address = loopbackAddress(url.host());
    if (!address)
        return address.error();

    TrafficPlan plan;
    plan.options = options;
    plan.address = address->toStdString();
    const int port = url.port(80);
    if (port < 1 || port > 65535)
        return invalid(QStringLiteral("url"), QStringLiteral("port must be 1 to 65535 (got %1)").arg(port));
    plan.port = std::uint16_t(port);
    plan.hostHeader = (url.host() + (url.port() == -1 ? QString() : QStringLiteral(":%1").arg(port))).toStdString();

    QString urlPath = url.path(QUrl::FullyEncoded);
    if (url.hasQuery())
        urlPath += u'?' + url.query(QUrl::FullyEncoded);
    if (options.paths.isEmpty()) {
        const QString target = urlPath.isEmpty() ? QStringLiteral("/") : urlPath;
        if (auto why = checkPath(target))
            return invalid(QStringLiteral("url"), QStringLiteral("path %1").arg(*why));
        plan.targets.push_back(target.toStdString());
        return plan;
    }
    if (!urlPath.isEmpty() && urlPath != u"/")
        return invalid(QStringLiteral("paths"),
                       QStringLiteral("give the path in the URL (%1) or in the path list, not both").arg(urlPath));
    if (options.paths.size() > kMaxPaths)
        return invalid(QStringLiteral("paths"),
                       QStringLiteral("at most %1 paths (got %2)").arg(kMaxPaths).arg(options.paths.size()));
    for (int i = 0; i < options.paths.size(); ++i) {
        const QString path = options.paths[i].trimmed();
        if (auto why = checkPath(path))
            return invalid(QStringLiteral("paths[%1]").arg(i), *why);
        plan.targets.push_back(path.toStdString());
    }
    return plan;
}

} // namespace fd::traffic
