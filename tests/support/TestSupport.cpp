#include "TestSupport.h"

#include <QHostAddress>
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

} // namespace fd::test
