#include "Runtimes.h"

#include "controllers/EngineMonitor.h"
#include "model/ContainerInstance.h"
#include "runtime/DockerRuntime.h"
#include "runtime/SimulatedRuntime.h"

namespace fd {

Runtimes::Runtimes(EngineMonitor *monitor, const Clock &clock, QObject *parent)
    : QObject(parent), m_monitor(monitor), m_clock(clock)
{}

Runtimes::~Runtimes() = default;

runtime::ContainerRuntime *Runtimes::runtimeFor(const Engine &engine)
{
    if (engine.kind == Engine::Kind::Simulated)
        return &simulated();
    if (runtime::ContainerRuntime *rt = m_docker.value(engine.id))
        return rt;
    docker::DockerClient *client = m_monitor ? m_monitor->client(engine.id) : nullptr;
    if (!client)
        return nullptr;
    auto *rt = new runtime::DockerRuntime(*client, runtime::DockerRuntimeOptions(), this);
    m_docker.insert(engine.id, rt);
    return rt;
}

runtime::SimulatedRuntime &Runtimes::simulated()
{
    if (!m_simulated) {
        m_simulated = new runtime::SimulatedRuntime(m_clock, runtime::SimulationOptions(), this);
        if (m_onSimulatedCreated)
            m_onSimulatedCreated(*m_simulated);
    }
    return *m_simulated;
}

void Runtimes::setOnSimulatedCreated(std::function<void(runtime::SimulatedRuntime &)> onCreated)
{
    m_onSimulatedCreated = std::move(onCreated);
    if (m_simulated && m_onSimulatedCreated)
        m_onSimulatedCreated(*m_simulated);
}

} // namespace fd
