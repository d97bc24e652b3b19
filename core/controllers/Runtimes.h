#pragma once

#include "Clock.h"
#include "runtime/ContainerRuntime.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

namespace fd {

class EngineMonitor;
struct Engine;

namespace runtime {
class SimulatedRuntime;
}

// One ContainerRuntime per engine, made on first use: a DockerRuntime over the EngineMonitor's
// client for a Docker engine, the one in-process SimulatedRuntime for simulated engines.
class Runtimes final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Runtimes)

public:
    // `monitor` may be null when there are no Docker engines to talk to (tests); `clock` drives
    // the simulation and must outlive this.
    Runtimes(EngineMonitor *monitor, const Clock &clock, QObject *parent = nullptr);
    ~Runtimes() override;

    // nullptr when the engine has no client.
    runtime::ContainerRuntime *runtimeFor(const Engine &engine);
    runtime::SimulatedRuntime &simulated();
    // Called with the simulated runtime when it is made (at once when it exists already).
    void setOnSimulatedCreated(std::function<void(runtime::SimulatedRuntime &)> onCreated);

private:
    EngineMonitor *m_monitor;
    const Clock &m_clock;
    QHash<QString, runtime::ContainerRuntime *> m_docker; // engine id -> runtime (children)
    runtime::SimulatedRuntime *m_simulated = nullptr;     // child, made on first use
    std::function<void(runtime::SimulatedRuntime &)> m_onSimulatedCreated;
};

} // namespace fd
