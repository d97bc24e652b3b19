#pragma once

#include "Clock.h"
#include "docker/DockerTypes.h"
#include "metrics/StatsCollector.h"
#include "model/ContainerInstance.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <map>
#include <memory>
#include <optional>

namespace fd {

class ControlPlane;
class EngineMonitor;

namespace docker {
class EventSubscription;
class StatsStream;
} // namespace docker

/**
 * Live metrics of every running container that carries `fleetdeck.managed=true`, on every
 * connected Docker engine, through one StatsCollector (1 Hz, bounded series).
 *
 * Discovery: each connected engine is listed (label filter, all states) on start, every
 * pollInterval, and shortly after the engine reports a labelled container's start, die or
 * destroy (GET /events). What the listing shows is also what the Containers view shows.
 *
 * Collection, per engine kind:
 *  - local engine (a unix:// endpoint): the container is inspected for its init pid and read
 *    straight from its cgroup files (StatsCollector::addContainer), no API call per sample;
 *    should its cgroup stay unreadable for kLocalFailuresBeforeFallback ticks while the engine
 *    says it runs (a daemon in another cgroup namespace), it falls back to the stats API;
 *  - remote engine (tcp://): one Engine stats stream per container, each frame mapped to a
 *    RawSample (rawSampleFrom) and pushed into the same collector.
 * A container that stops, or goes away, is dropped from the collector (with its series) at the
 * next listing; its stream is closed. Ids are unique per engine; a container seen on two engines
 * (two endpoints of one daemon) is sampled once, for the engine that listed it first.
 *
 * When the set of labelled containers on an engine changes, the engine monitor is asked to adopt
 * again (EngineMonitor::adoptNow), so ControlPlane::unmatchedContainers() follows what runs.
 *
 * Lives on the GUI thread: listing and inspecting are asynchronous calls, a tick reads cgroup
 * pseudo-files (see StatsCollector for its cost).
 */
class MetricsController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricsController)

public:
    struct Options
    {
        std::chrono::milliseconds pollInterval = std::chrono::seconds(2);
        /// Events within this of each other are one listing.
        std::chrono::milliseconds eventDebounce = std::chrono::milliseconds(100);
        metrics::StatsCollector::Options collector; ///< 1 Hz, 3600 points per series
        bool subscribeEvents = true;
    };

    /// How a tracked container's samples are read.
    enum class Source {
        None,    ///< not sampled (not running, or not yet inspected)
        Cgroup,  ///< local: read from its cgroup files
        StatsApi ///< remote (or local fallback): the Engine stats stream
    };

    static constexpr int kLocalFailuresBeforeFallback = 5;

    MetricsController(ControlPlane &cp, EngineMonitor &monitor, std::shared_ptr<const Clock> clock,
                      QObject *parent = nullptr);
    MetricsController(ControlPlane &cp, EngineMonitor &monitor, std::shared_ptr<const Clock> clock, Options options,
                      QObject *parent = nullptr);
    ~MetricsController() override;

    void start();
    void stop();
    bool isActive() const { return m_pollTimer.isActive(); }
    /// Lists every connected engine now (the poll timer does this by itself).
    void refreshNow();

    /// Every labelled container on the connected engines, any state, by engine then name.
    QList<ManagedContainer> containers() const;
    std::optional<ManagedContainer> container(const QString &id) const;
    Source sourceOf(const QString &id) const;

    /// The values of the container's last sample; nullopt before its first (or when not tracked).
    std::optional<metrics::DerivedSample> latest(const QString &id) const { return m_collector.latest(id); }
    /// The container's series of metric `m`; nullptr when it is not tracked.
    const metrics::TimeSeries *series(const QString &id, metrics::Metric m) const { return m_collector.series(id, m); }
    const metrics::StatsCollector &collector() const { return m_collector; }

    /// One Engine stats frame as the collector's raw sample (timestamp: the frame's `read` time).
    static metrics::RawSample rawSampleFrom(const docker::ContainerStats &stats);
    /// True for endpoints whose cgroups this process can read (the local socket).
    static bool isLocalEndpoint(const QString &endpoint);

signals:
    /// The list of containers (or one's state) changed.
    void containersChanged();
    /// One collector tick: the whole batch (CPU, memory, ... of every sampled container).
    void sampled(const fd::metrics::SampleBatch &batch);

private:
    struct Tracked
    {
        QString engineId;
        Source source = Source::None;
        qint64 pid = 0;
        std::unique_ptr<docker::StatsStream> stream;
        int localFailures = 0;
        bool inspecting = false;
    };
    struct EngineState
    {
        QList<ManagedContainer> containers;
        std::unique_ptr<docker::EventSubscription> events;
        bool listing = false;
        bool again = false; ///< another listing was asked for while one was in flight
        int generation = 0;
    };

    void listEngine(const QString &engineId);
    void applyListing(const QString &engineId, const QList<docker::ContainerSummary> &found);
    void track(const QString &engineId, const ManagedContainer &c, bool restarted);
    void startStream(const QString &engineId, const QString &id);
    void untrack(const QString &id);
    void dropEngine(const QString &engineId);
    void ensureEvents(const QString &engineId);
    void onBatch(const metrics::SampleBatch &batch);

    ControlPlane &m_cp;
    QPointer<EngineMonitor> m_monitor;
    Options m_options;
    metrics::StatsCollector m_collector;
    QTimer m_pollTimer;
    QTimer m_eventTimer;
    QSet<QString> m_eventEngines; ///< engines with an event waiting for the debounced listing
    std::map<QString, EngineState> m_engines;
    std::map<QString, Tracked> m_tracked; ///< container id -> how it is sampled
    int m_nextGeneration = 0;
};

} // namespace fd
