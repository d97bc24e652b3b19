#pragma once

#include "System.h"

#include <memory>

namespace fd::test {

// Fleetdeck on the state in `dataDir` (a restart when it ran there before) for tests that drive the
// controllers themselves with reconcileNow(): tasks on `runtime`, no engine monitor, metrics or API,
// nothing first-started and no loop running. A failure to start ends the test run with its message.
inline std::unique_ptr<System> startDrivenSystem(const QString &dataDir, std::shared_ptr<Clock> clock,
                                                 TaskController::RuntimeFor runtime)
{
    SystemOptions options;
    options.dataDir = dataDir;
    options.clock = std::move(clock);
    options.emptyFirstStart = true;
    options.runtimeFor = std::move(runtime);
    options.engines = false;
    options.startControllers = false;
    auto system = System::create(std::move(options));
    if (!system)
        qFatal("Fleetdeck did not start: %s", qPrintable(system.error().message));
    return std::move(system).value();
}

} // namespace fd::test
