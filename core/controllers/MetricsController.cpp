#include "controllers/MetricsController.h"

#include "ControlPlane.h"
#include "state/Kinds.h"
#include "ops/Engines.h"
#include "controllers/EngineMonitor.h"
#include "docker/DockerClient.h"

#include <QLoggingCategory>

#include <algorithm>

namespace fd {

Q_LOGGING_CATEGORY(lcMetricsController, "fleetdeck.metrics.controller")

namespace {

const QString kManagedLabel = QStringLiteral("fleetdeck.managed=true");

bool isRunning(const QString &state)
{
    return state == u"running";
}

} // namespace

MetricsController::MetricsController(ControlPlane &cp, EngineMonitor &monitor, std::shared_ptr<const Clock> clock,
                                     QObject *parent)
    : MetricsController(cp, monitor, std::move(clock), Options{}, parent)
{}

MetricsController::MetricsController(ControlPlane &cp, EngineMonitor &monitor, std::shared_ptr<const Clock> clock,
                                     Options options, QObject *parent)
    : QObject(parent), m_cp(cp), m_monitor(&monitor), m_options(std::move(options)),
      m_collector(std::move(clock), m_options.collector)
{
    m_pollTimer.setInterval(m_options.pollInterval);
    connect(&m_pollTimer, &QTimer::timeout, this, &MetricsController::refreshNow);
    m_eventTimer.setSingleShot(true);
    m_eventTimer.setInterval(m_options.eventDebounce);
    connect(&m_eventTimer, &QTimer::timeout, this, [this] {
        for (const QString &id : std::exchange(m_eventEngines, {}))
            listEngine(id);
    });
    connect(&m_collector, &metrics::StatsCollector::sampled, this, &MetricsController::onBatch);
    // An engine that connects is listed at once; one that goes away takes its containers along.
    connect(&m_cp, &ControlPlane::changed, this, [this](const state::ChangeSet &changes) {
        if (changes.touches(state::kEngineKind) && m_pollTimer.isActive())
            refreshNow();
    });
}

MetricsController::~MetricsController() = default;

void MetricsController::start()
{
    m_collector.start();
    m_pollTimer.start();
    refreshNow();
}

void MetricsController::stop()
{
    m_pollTimer.stop();
    m_eventTimer.stop();
    m_collector.stop();
}

bool MetricsController::isLocalEndpoint(const QString &endpoint)
{
    return endpoint.startsWith(QLatin1String("unix://"));
}

metrics::RawSample MetricsController::rawSampleFrom(const docker::ContainerStats &s)
{
    metrics::RawSample r;
    r.timestampMs = s.read.toMSecsSinceEpoch();
    r.parts = metrics::RawSample::Memory | metrics::RawSample::Network | metrics::RawSample::Block;
    // Without the host counter there is no CPU % (the daemon leaves it 0 when it cannot read it).
    if (s.systemCpuUsage > 0)
        r.parts |= metrics::RawSample::Cpu;
    r.cpuUsageNs = s.cpuTotalUsage;
    r.systemCpuNs = s.systemCpuUsage;
    r.onlineCpus = quint32(std::max(0, s.onlineCpus));
    r.memoryUsageBytes = s.memoryUsage;
    r.memoryUsedBytes = s.memoryUsed();
    r.memoryCacheBytes = s.memoryCache;
    r.memoryLimitBytes = s.memoryLimit;
    r.netRxBytes = s.networkRxBytes;
    r.netTxBytes = s.networkTxBytes;
    r.blockReadBytes = s.blockReadBytes;
    r.blockWriteBytes = s.blockWriteBytes;
    return r;
}

void MetricsController::refreshNow()
{
    QSet<QString> connected;
    for (const Engine &e : m_cp.engines().list()) {
        if (e.kind == Engine::Kind::Docker && e.connected)
            connected.insert(e.id);
    }
    QStringList gone;
    for (const auto &[id, state] : m_engines) {
        if (!connected.contains(id))
            gone << id;
    }
    for (const QString &id : gone)
        dropEngine(id);
    for (const QString &id : connected)
        listEngine(id);
}

void MetricsController::listEngine(const QString &engineId)
{
    const std::optional<Engine> engine = m_cp.engines().find(engineId);
    if (!engine || engine->kind != Engine::Kind::Docker || !engine->connected || !m_monitor) {
        dropEngine(engineId);
        return;
    }
    docker::DockerClient *client = m_monitor->client(engineId);
    if (!client)
        return;
    auto [slot, created] = m_engines.try_emplace(engineId);
    EngineState &state = slot->second;
    if (created)
        state.generation = ++m_nextGeneration; // answers for an earlier life of this engine are dropped
    if (state.listing) {
        state.again = true;
        return;
    }
    state.listing = true;
    ensureEvents(engineId);
    const int generation = state.generation;
    docker::ContainerListQuery query;
    query.all = true; // the Containers view shows stopped ones too
    query.labels = {kManagedLabel};
    client->listContainers(query).then(
        this, [this, engineId, generation](const Result<QList<docker::ContainerSummary>> &r) {
            auto it = m_engines.find(engineId);
            if (it == m_engines.end() || it->second.generation != generation)
                return; // dropped meanwhile
            it->second.listing = false;
            if (!r) {
                qCDebug(lcMetricsController) << "listing on" << engineId << "failed:" << r.error().message;
            } else {
                applyListing(engineId, r.value());
            }
            it = m_engines.find(engineId);
            if (it != m_engines.end() && std::exchange(it->second.again, false))
                listEngine(engineId);
        });
}

void MetricsController::applyListing(const QString &engineId, const QList<docker::ContainerSummary> &found)
{
    EngineState &state = m_engines[engineId];
    QList<ManagedContainer> fresh;
    fresh.reserve(found.size());
    for (const docker::ContainerSummary &s : found) {
        ManagedContainer m;
        m.engineId = engineId;
        m.id = s.id;
        m.name = s.names.value(0);
        m.image = s.image;
        m.state = s.state;
        for (auto it = s.labels.cbegin(); it != s.labels.cend(); ++it)
            m.labels.insert(it.key(), it.value());
        fresh.append(m);
    }
    std::sort(fresh.begin(), fresh.end(),
              [](const ManagedContainer &a, const ManagedContainer &b) { return a.name < b.name; });

    QSet<QString> before;
    for (const ManagedContainer &c : std::as_const(state.containers))
        before.insert(c.id);
    QSet<QString> after;
    bool changed = fresh.size() != state.containers.size();
    for (qsizetype i = 0; i < fresh.size(); ++i) {
        after.insert(fresh[i].id);
        const ManagedContainer &old = i < state.containers.size() ? state.containers[i] : ManagedContainer{};
        changed = changed || old.id != fresh[i].id || old.state != fresh[i].state || old.name != fresh[i].name;
    }
    state.containers = fresh;

    // Stopped or gone: drop the collector (and its series) and close any stream.
    QStringList drop;
    for (const auto &[id, t] : m_tracked) {
        if (t.engineId != engineId)
            continue;
        const auto c =
            std::find_if(fresh.cbegin(), fresh.cend(), [&](const ManagedContainer &m) { return m.id == id; });
        if (c == fresh.cend() || !isRunning(c->state))
            drop << id;
    }
    for (const QString &id : drop)
        untrack(id);
    for (const ManagedContainer &c : std::as_const(fresh)) {
        if (!isRunning(c.state))
            continue;
        const auto t = m_tracked.find(c.id);
        if (t == m_tracked.end() ||
            (t->second.engineId == engineId && t->second.source == Source::None && !t->second.inspecting))
            track(engineId, c, false);
    }

    if (before != after && m_monitor)
        m_monitor->adoptNow(); // so ControlPlane::unmatchedContainers() follows what runs
    if (changed)
        emit containersChanged();
}

void MetricsController::track(const QString &engineId, const ManagedContainer &c, bool restarted)
{
    const std::optional<Engine> engine = m_cp.engines().find(engineId);
    docker::DockerClient *client = m_monitor ? m_monitor->client(engineId) : nullptr;
    if (!engine || !client)
        return;
    auto existing = m_tracked.find(c.id);
    if (existing != m_tracked.end() && existing->second.engineId != engineId)
        return; // the same container through another endpoint: sampled once
    Tracked &t = m_tracked[c.id];
    t.engineId = engineId;

    if (!isLocalEndpoint(engine->endpoint) || t.localFailures >= kLocalFailuresBeforeFallback) {
        if (t.source == Source::StatsApi && t.stream && !restarted)
            return;
        m_collector.addRemoteContainer(c.id);
        t.source = Source::StatsApi;
        startStream(engineId, c.id);
        return;
    }
    // Local: the init pid gives the network namespace; the cgroup is found from the id.
    t.inspecting = true;
    const QString id = c.id;
    client->inspectContainer(id).then(this, [this, id, engineId](const Result<docker::ContainerInspect> &r) {
        auto it = m_tracked.find(id);
        if (it == m_tracked.end() || it->second.engineId != engineId)
            return; // dropped while inspecting
        it->second.inspecting = false;
        if (!r || !r->state.running) {
            // Gone or stopped already: the next listing settles it.
            if (r && !r->state.running)
                untrack(id);
            return;
        }
        it->second.pid = r->pid();
        it->second.source = Source::Cgroup;
        m_collector.addContainer(id, r->pid());
    });
}

void MetricsController::startStream(const QString &engineId, const QString &id)
{
    docker::DockerClient *client = m_monitor ? m_monitor->client(engineId) : nullptr;
    auto it = m_tracked.find(id);
    if (!client || it == m_tracked.end())
        return;
    if (it->second.stream)
        it->second.stream.release()->deleteLater();
    std::unique_ptr<docker::StatsStream> stream = client->streamStats(id);
    docker::StatsStream *raw = stream.get();
    connect(raw, &docker::StatsStream::stats, this, [this, id](const docker::ContainerStats &s) {
        if (!s.isEmpty())
            m_collector.pushSample(id, rawSampleFrom(s));
    });
    connect(raw, &docker::StatsStream::finished, this,
            [this, id, engineId, raw](const QString &code, const QString &message) {
                auto t = m_tracked.find(id);
                if (t == m_tracked.end() || t->second.stream.get() != raw)
                    return;
                if (!code.isEmpty())
                    qCDebug(lcMetricsController) << "stats stream of" << id.left(12) << "ended:" << message;
                // Not deleted inside its own signal. The listing tells whether the container is gone
                // (dropped) or still runs (a new stream).
                t->second.stream.release()->deleteLater();
                t->second.source = Source::None;
                listEngine(engineId);
            });
    it->second.stream = std::move(stream);
}

void MetricsController::untrack(const QString &id)
{
    auto it = m_tracked.find(id);
    if (it == m_tracked.end())
        return;
    if (it->second.stream)
        it->second.stream.release()->deleteLater();
    m_collector.removeContainer(id);
    m_tracked.erase(it);
}

void MetricsController::dropEngine(const QString &engineId)
{
    auto it = m_engines.find(engineId);
    if (it == m_engines.end())
        return;
    const bool hadContainers = !it->second.containers.isEmpty();
    m_engines.erase(it); // closes its event subscription; answers in flight are dropped
    QStringList drop;
    for (const auto &[id, t] : m_tracked) {
        if (t.engineId == engineId)
            drop << id;
    }
    for (const QString &id : drop)
        untrack(id);
    if (hadContainers)
        emit containersChanged();
}

void MetricsController::ensureEvents(const QString &engineId)
{
    EngineState &state = m_engines[engineId];
    if (!m_options.subscribeEvents || state.events || !m_monitor)
        return;
    docker::DockerClient *client = m_monitor->client(engineId);
    if (!client)
        return;
    docker::EventSubscription::Options options;
    options.filters = {
        {QStringLiteral("type"), {QStringLiteral("container")}},
        {QStringLiteral("label"), {kManagedLabel}},
        {QStringLiteral("event"), {QStringLiteral("start"), QStringLiteral("die"), QStringLiteral("destroy")}}};
    state.events = client->subscribeEvents(options);
    const auto listSoon = [this, engineId] {
        m_eventEngines.insert(engineId);
        if (!m_eventTimer.isActive())
            m_eventTimer.start();
    };
    connect(state.events.get(), &docker::EventSubscription::event, this,
            [this, engineId, listSoon](const docker::DockerEvent &e) {
                // A restart keeps the id but not the pid (nor the network namespace): inspect again.
                const auto t = m_tracked.find(e.id);
                if (e.action == u"start" && t != m_tracked.end() && t->second.engineId == engineId &&
                    t->second.source != Source::None) {
                    ManagedContainer c;
                    c.id = e.id;
                    track(engineId, c, true);
                }
                listSoon();
            });
    connect(state.events.get(), &docker::EventSubscription::resyncNeeded, this, listSoon);
}

void MetricsController::onBatch(const metrics::SampleBatch &batch)
{
    for (const metrics::ContainerSample &s : batch.samples) {
        auto t = m_tracked.find(s.id);
        if (t != m_tracked.end() && t->second.source == Source::Cgroup)
            t->second.localFailures = 0;
    }
    for (const metrics::SampleFailure &f : batch.failures) {
        auto t = m_tracked.find(f.id);
        if (t == m_tracked.end() || t->second.source != Source::Cgroup)
            continue;
        if (++t->second.localFailures == kLocalFailuresBeforeFallback) {
            // Runs, says the engine, yet its cgroup cannot be read from here (another cgroup
            // namespace, a rootless daemon): ask the engine instead.
            qCWarning(lcMetricsController) << "container" << f.id.left(12) << "cgroup unreadable (" << f.error.message
                                           << "): using the Engine stats API";
            ManagedContainer c;
            c.id = f.id;
            track(t->second.engineId, c, true);
        }
    }
    emit sampled(batch);
}

QList<ManagedContainer> MetricsController::containers() const
{
    QList<ManagedContainer> out;
    for (const auto &[id, state] : m_engines)
        out.append(state.containers);
    return out;
}

std::optional<ManagedContainer> MetricsController::container(const QString &id) const
{
    for (const auto &[engineId, state] : m_engines) {
        for (const ManagedContainer &c : state.containers) {
            if (c.id == id)
                return c;
        }
    }
    return std::nullopt;
}

MetricsController::Source MetricsController::sourceOf(const QString &id) const
{
    const auto it = m_tracked.find(id);
    return it == m_tracked.end() ? Source::None : it->second.source;
}

} // namespace fd
