#pragma once

#include <QByteArray>
#include <QString>

namespace fd::test {

QString sourceDir();   // the repository root
QString binaryDir();   // the CMake build directory
QString fleetdeckBin(); // the fleetdeck executable (FLEETDECK_BIN, set by CTest)

// True when running under CI (CI=true). Tests that need a real Docker engine or the aws CLI
// fail instead of skipping when CI is set and the tool is missing.
bool inCi();

// A free TCP port on 127.0.0.1 at the time of the call.
quint16 freeLoopbackPort();

// GET `path` from host:port (test hosts only: loopback), "Connection: close": the status line,
// headers and body as received, empty when nothing connects within `timeoutMs`.
QByteArray httpGet(const QString &host, quint16 port, const QByteArray &path = "/", int timeoutMs = 3000);

} // namespace fd::test
