#include "TestSupport.h"

#include <QTcpServer>

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

} // namespace fd::test
