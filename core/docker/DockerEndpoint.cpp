#include "docker/DockerEndpoint.h"

#include <QDir>
#include <QUrl>

namespace fd::docker {

namespace {

Error invalid(const QString &text, const QString &why)
{
    return makeError(QStringLiteral("InvalidEndpoint"),
                     QStringLiteral("'%1' is not a Docker endpoint: %2 (expected unix:///path, tcp://host:port or "
                                    "tcp+tls://host:port)")
                         .arg(text, why));
}

} // namespace

Result<DockerEndpoint> DockerEndpoint::parse(const QString &text)
{
    const QString t = text.trimmed();
    DockerEndpoint ep;
    if (t.startsWith(QLatin1String("unix://"))) {
        ep.kind = Kind::Unix;
        ep.socketPath = t.mid(7);
        if (!ep.socketPath.startsWith(u'/'))
            return invalid(text, QStringLiteral("the socket path must be absolute"));
        return ep;
    }
    if (t.startsWith(u'/')) { // a bare socket path
        ep.kind = Kind::Unix;
        ep.socketPath = t;
        return ep;
    }

    QString rest;
    if (t.startsWith(QLatin1String("tcp+tls://"))) {
        ep.kind = Kind::Tls;
        rest = t.mid(10);
    } else if (t.startsWith(QLatin1String("https://"))) {
        ep.kind = Kind::Tls;
        rest = t.mid(8);
    } else if (t.startsWith(QLatin1String("tcp://"))) {
        ep.kind = Kind::Tcp;
        rest = t.mid(6);
    } else if (t.startsWith(QLatin1String("http://"))) {
        ep.kind = Kind::Tcp;
        rest = t.mid(7);
    } else {
        return invalid(text, QStringLiteral("unknown scheme"));
    }
    while (rest.endsWith(u'/'))
        rest.chop(1);
    const QUrl url(QStringLiteral("tcp://") + rest);
    if (!url.isValid() || url.host().isEmpty() || !url.path().isEmpty())
        return invalid(text, QStringLiteral("expected host:port"));
    ep.host = url.host();
    const int port = url.port(ep.kind == Kind::Tls ? 2376 : 2375);
    if (port <= 0 || port > 65535)
        return invalid(text, QStringLiteral("bad port"));
    ep.port = static_cast<quint16>(port);
    ep.socketPath.clear();
    return ep;
}

Result<DockerEndpoint> DockerEndpoint::fromEnvironment()
{
    const QString host = qEnvironmentVariable("DOCKER_HOST");
    if (host.isEmpty())
        return DockerEndpoint{};
    auto ep = parse(host);
    if (!ep)
        return ep;
    DockerEndpoint e = *ep;
    const bool tlsVerify = !qEnvironmentVariable("DOCKER_TLS_VERIFY").isEmpty() &&
                           qEnvironmentVariable("DOCKER_TLS_VERIFY") != QLatin1String("0");
    if (e.kind == Kind::Tcp && tlsVerify)
        e.kind = Kind::Tls;
    if (e.kind == Kind::Tls) {
        QString certPath = qEnvironmentVariable("DOCKER_CERT_PATH");
        if (certPath.isEmpty())
            certPath = QDir::homePath() + QStringLiteral("/.docker");
        const QDir dir(certPath);
        if (dir.exists(QStringLiteral("ca.pem")))
            e.caFile = dir.filePath(QStringLiteral("ca.pem"));
        if (dir.exists(QStringLiteral("cert.pem")) && dir.exists(QStringLiteral("key.pem"))) {
            e.certFile = dir.filePath(QStringLiteral("cert.pem"));
            e.keyFile = dir.filePath(QStringLiteral("key.pem"));
        }
    }
    return e;
}

QString DockerEndpoint::toString() const
{
    switch (kind) {
    case Kind::Unix:
        return QStringLiteral("unix://") + socketPath;
    case Kind::Tcp:
        return QStringLiteral("tcp://%1:%2").arg(host).arg(port);
    case Kind::Tls:
        return QStringLiteral("tcp+tls://%1:%2").arg(host).arg(port);
    }
    return {};
}

QString DockerEndpoint::hostHeader() const
{
    if (kind == Kind::Unix)
        return QStringLiteral("docker");
    return host.contains(u':') ? QStringLiteral("[%1]:%2").arg(host).arg(port)
                               : QStringLiteral("%1:%2").arg(host).arg(port);
}

} // namespace fd::docker
