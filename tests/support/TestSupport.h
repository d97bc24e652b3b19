#pragma once

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

namespace fd {
class ControlPlane;
class System;
struct Task;
} // namespace fd

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

// A System for a console or CLI test: state in `dataDir`, created empty, no engines, the controllers
// idle, the API on 127.0.0.1 at a free port (System::apiUrl()). Null, with the reason logged, when it
// cannot start.
std::unique_ptr<fd::System> apiOnlySystem(const QString &dataDir);

// A RUNNING task of service `service` in `cluster` whose first container has a host port, if one is
// there now (poll it with QTRY_VERIFY).
std::optional<fd::Task> runningTaskWithPort(const fd::ControlPlane &cp, const QString &cluster, const QString &service);

// Removes every container on the local engine labelled with service `service`, stopped ones too
// (stopped tasks keep their exited containers, as ECS does for a while): a Docker test's clean-up.
void removeServiceContainers(const QString &service);

} // namespace fd::test
