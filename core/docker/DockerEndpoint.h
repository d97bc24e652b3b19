#pragma once

#include "Result.h"

#include <QString>

namespace fd::docker {

/// Where a Docker engine listens:
///   unix:///var/run/docker.sock   a Unix socket (the default)
///   tcp://127.0.0.1:2375          plain TCP
///   tcp+tls://host:2376           TCP with TLS (also https://); caFile/certFile/keyFile as needed
struct DockerEndpoint
{
    enum class Kind {
        Unix,
        Tcp,
        Tls,
    };

    Kind kind = Kind::Unix;
    QString socketPath = QStringLiteral("/var/run/docker.sock"); ///< Kind::Unix
    QString host;                                                ///< Kind::Tcp, Kind::Tls
    quint16 port = 0;
    QString caFile;   ///< PEM; empty: the system's CAs
    QString certFile; ///< PEM client certificate (optional)
    QString keyFile;  ///< PEM private key of certFile
    bool verifyPeer = true;

    /// Parses an endpoint string. Errors (code "InvalidEndpoint") name what is wrong.
    static Result<DockerEndpoint> parse(const QString &text);
    /// DOCKER_HOST (with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH for tcp), else the default socket.
    static Result<DockerEndpoint> fromEnvironment();

    /// Back to the string form ("unix:///var/run/docker.sock", "tcp://127.0.0.1:2375").
    QString toString() const;
    /// The value for the HTTP Host header.
    QString hostHeader() const;
};

} // namespace fd::docker
