#include "EngineMonitor.h"

#include "ControlPlane.h"
#include "state/Kinds.h"
#include "ops/Engines.h"
#include "docker/DockerEngineClient.h"

#include <QLoggingCategory>

namespace fd {

Q_LOGGING_CATEGORY(lcAgents, "fleetdeck.agents")

EngineMonitor::EngineMonitor(ControlPlane &cp, ClientFactory factory, QObject *parent)
    : QObject(parent), m_cp(cp), m_factory(std::move(factory))
{
    if (!m_factory) {
        m_factory = [](const Engine &e) -> std::unique_ptr<docker::DockerClient> {
            auto client = docker::DockerEngineClient::create(e.endpoint);
            if (!client) {
                qCWarning(lcAgents) << "engine" << e.id << ":" << client.error().message;
                return nullptr;
            }
            return std::move(client).value();
        };
    }
    connect(&m_timer, &QTimer::timeout, this, &EngineMonitor::probeNow);
    // A new engine is probed at once rather than at the next tick.
    connect(&m_cp, &ControlPlane::changed, this, [this](const state::ChangeSet &changes) {
        if (changes.touches(state::kEngineKind) && m_timer.isActive())
            probeNow();
    });
}

EngineMonitor::~EngineMonitor() = default;

void EngineMonitor::start(std::chrono::milliseconds interval, std::chrono::milliseconds probeTimeout)
{
    m_probeTimeout = probeTimeout;
    m_timer.start(interval);
    probeNow();
}

void EngineMonitor::stop()
{
    m_timer.stop();
}

docker::DockerClient *EngineMonitor::client(const QString &engineId)
{
    if (auto it = m_clients.constFind(engineId); it != m_clients.cend())
        return *it;
    const std::optional<Engine> engine = m_cp.engines().find(engineId);
    if (!engine || engine->kind != Engine::Kind::Docker)
        return nullptr;
    std::unique_ptr<docker::DockerClient> made = m_factory(*engine);
    if (!made)
        return nullptr;
    made->setParent(this);
    docker::DockerClient *raw = made.release();
    m_clients.insert(engineId, raw);
    return raw;
}

void EngineMonitor::probeNow()
{
    for (const Engine &engine : m_cp.engines().list()) {
        if (engine.kind != Engine::Kind::Docker || m_inFlight.contains(engine.id))
            continue;
        docker::DockerClient *c = client(engine.id);
        if (!c) {
            m_cp.engines().setConnection(engine.id, false, {}, QStringLiteral("bad endpoint %1").arg(engine.endpoint));
            continue;
        }
        m_inFlight.insert(engine.id);
        const QString id = engine.id;
        c->version(m_probeTimeout).then(this, [this, id](const Result<docker::VersionInfo> &r) {
            m_inFlight.remove(id);
            if (r) {
                m_cp.engines().setConnection(id, true, r->version, {});
                if (!m_connected.contains(id)) {
                    m_connected.insert(id);
                    adopt(id); // connected, or back after an outage: see what it runs
                }
            } else {
                m_connected.remove(id);
                m_cp.engines().setConnection(id, false, {}, r.error().message);
            }
        });
    }
}

void EngineMonitor::adoptNow()
{
    for (const QString &id : std::as_const(m_connected))
        adopt(id);
}

void EngineMonitor::adopt(const QString &engineId)
{
    docker::DockerClient *c = client(engineId);
    if (!c)
        return;
    docker::ContainerListQuery query;
    query.all = true;
    query.labels = {QStringLiteral("fleetdeck.managed=true")};
    c->listContainers(query).then(this, [this, engineId](const Result<QList<docker::ContainerSummary>> &r) {
        if (!r) {
            qCWarning(lcAgents) << "adoption on" << engineId << "failed:" << r.error().message;
            return;
        }
        QList<ManagedContainer> found;
        for (const docker::ContainerSummary &s : *r) {
            ManagedContainer m;
            m.engineId = engineId;
            m.id = s.id;
            m.name = s.names.value(0);
            m.image = s.image;
            m.state = s.state;
            for (auto it = s.labels.cbegin(); it != s.labels.cend(); ++it)
                m.labels.insert(it.key(), it.value());
            found.append(m);
        }
        m_cp.engines().reportManagedContainers(engineId, found);
    });
}

} // namespace fd
