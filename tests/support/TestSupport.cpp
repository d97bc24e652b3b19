#include "TestSupport.h"

#include "Clock.h"
#include "ControlPlane.h"
#include "System.h"
#include "model/Task.h"
#include "ops/Tasks.h"

#include <QHostAddress>
#include <QDebug>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>

namespace fd::test {

QString sourceDir()
{
    return QStringLiteral(FLEETDECK_SOURCE_DIR);
}

QString binaryDir()
{
    return QStringLiteral(FLEETDECK_BINARY_DIR);
}

QString fleetdeckBin()
{
    const QString fromEnv = qEnvironmentVariable("FLEETDECK_BIN");
    return fromEnv.isEmpty() ? binaryDir() + QStringLiteral("/app/fleetdeck") : fromEnv;
}

bool inCi()
{
    const QString ci = qEnvironmentVariable("CI").toLower();
    return ci == u"true" || ci == u"1";
}

quint16 freeLoopbackPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

QByteArray httpGet(const QString &host, quint16 port, const QByteArray &path, int timeoutMs)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress(host), port);
    if (!s.waitForConnected(timeoutMs))
        return {};
    s.write("GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    QByteArray reply;
    while (s.waitForReadyRead(timeoutMs))
        reply += s.readAll();
    return reply;
}

std::unique_ptr<fd::System> apiOnlySystem(const QString &dataDir)
{
    fd::SystemOptions options;
    options.dataDir = dataDir;
    options.clock = std::make_shared<fd::SystemClock>();
    options.emptyFirstStart = true;
    options.engines = false;
    options.startControllers = false;
    options.api = fd::SystemOptions::Api{QStringLiteral("127.0.0.1"), 0};
    auto system = fd::System::create(std::move(options));
    if (!system) {
        qWarning().noquote() << "the system did not start:" << system.error().message;
        return nullptr;
    }
    return std::move(system).value();
}

std::optional<fd::Task> runningTaskWithPort(const fd::ControlPlane &cp, const QString &cluster, const QString &service)
{
    fd::ops::TaskFilter filter;
    filter.group = QStringLiteral("service:") + service;
    for (const fd::Task &t : cp.tasks().list(cluster, filter)) {
        if (t.lastStatus == fd::TaskStatus::Running && !t.containers.isEmpty() &&
            !t.containers.first().networkBindings.isEmpty())
            return t;
    }
    return std::nullopt;
}

void removeServiceContainers(const QString &service)
{
    QProcess ps;
    ps.start(QStringLiteral("docker"),
             {QStringLiteral("ps"), QStringLiteral("-aq"), QStringLiteral("--filter"), QStringLiteral("label=fleetdeck.service=") + service});
    ps.waitForFinished(30000);
    const QStringList ids = QString::fromUtf8(ps.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    if (ids.isEmpty())
        return;
    QProcess rm;
    rm.start(QStringLiteral("docker"), QStringList{QStringLiteral("rm"), QStringLiteral("-f")} + ids);
    rm.waitForFinished(60000);
}

} // namespace fd::test
