#pragma once

#include "docker/DockerClient.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>

namespace fd {

class ControlPlane;
struct Engine;

// The agents' connection, for real: probes every Docker engine of the control plane (GET /version)
// on a fixed interval and reports the outcome through ControlPlane::setEngineConnection, so an
// instance's agentConnected turns false within one interval plus the probe timeout of its engine
// becoming unreachable, and true again once it answers.
class EngineMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineMonitor)

public:
    using ClientFactory = std::function<std::unique_ptr<docker::DockerClient>(const Engine &)>;

    // Without a factory, real Engine API clients are made from each engine's endpoint.
    explicit EngineMonitor(ControlPlane &cp, ClientFactory factory = {}, QObject *parent = nullptr);
    ~EngineMonitor() override;

    void start(std::chrono::milliseconds interval = std::chrono::seconds(2),
               std::chrono::milliseconds probeTimeout = std::chrono::seconds(2));
    void stop();
    void probeNow();
    // Lists every container with Fleetdeck's labels on every connected engine and reports them to
    // the control plane (adoption). Runs by itself whenever an engine connects.
    void adoptNow();

    // The client for an engine (made on first use); nullptr for simulated or unknown engines.
    docker::DockerClient *client(const QString &engineId);

private:
    ControlPlane &m_cp;
    ClientFactory m_factory;
    QTimer m_timer;
    std::chrono::milliseconds m_probeTimeout{2000};
    QHash<QString, docker::DockerClient *> m_clients; // owned (children of this)
    QSet<QString> m_inFlight;
    QSet<QString> m_connected; // engines whose last probe answered
    void adopt(const QString &engineId);
};

} // namespace fd
