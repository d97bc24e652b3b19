#pragma once

// fd::runtime::SimulatedRuntime: containers that exist only in this process, for a machine without
// Docker or for a scale test with thousands of instances. Chosen explicitly (an engine of kind
// "simulated"), never as a fallback for a failing Docker engine (DESIGN.md principle 1).
//
// It behaves like DockerRuntime where a controller can tell: starting takes time, dynamic host
// ports come from an ephemeral range per host address and a static one can be taken, health checks
// follow Docker's rules (first probe one interval after the start, `retries` failures in a row),
// a stop sends SIGTERM and escalates to SIGKILL (137) after the grace period, a container over its
// memory hard limit is killed (137, oomKilled). What it cannot know it is told: per-image CPU and
// memory profiles, and failures to inject (fail to start, exit after N s, turn unhealthy after N s).
//
// All time comes from the injected fd::Clock. Work is a queue of due times processed by tick():
// in production a QTimer calls it every 100 ms (SimulationOptions::tickInterval); a test with a
// ManualClock sets the interval to 0, advances the clock and calls tick() itself. Runs are
// deterministic for a given seed and sequence of calls. There is no QTimer per container: a
// container is one hash entry and at most a few queued entries. 10,000 containers start in about
// 0.2 s; 30,000 (10,000 instances with three each, nine labels apiece) take about 75 MB.
//
// Host ports are taken when runContainer() is called (Docker takes them at the start), so a taken
// static port fails at once; they are released when the container exits.
//
// Task networks are bookkeeping only (names, ids, labels, who is attached), with Docker's rules: a
// run on a network that does not exist fails (CannotStartContainerError), and a network cannot be
// removed while a container on it is starting or running (Conflict); exited ones do not hold it.

#include "Clock.h"
#include "runtime/ContainerRuntime.h"
#include "runtime/SimulatedHostPorts.h"

#include <QHash>
#include <QSet>
#include <QTimer>
#include <queue>

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <utility>
#include <vector>

namespace fd::metrics {
class SampleSink;
}

namespace fd::runtime {

/// How the simulated engine behaves as a whole.
struct SimulationOptions
{
    std::chrono::milliseconds startLatency{500}; ///< run to running: this ...
    std::chrono::milliseconds startJitter{250};  ///< ... plus a uniform random part in [0, jitter]
    std::chrono::milliseconds stopLatency{200};  ///< SIGTERM to exit, for a process that handles SIGTERM
    /// The grace period when neither the call nor the spec gives one.
    std::chrono::seconds defaultStopTimeout = kDefaultStopTimeout;
    /// A container whose profile exceeds its hard limit is killed this long after its start.
    std::chrono::milliseconds oomAfter{1000};
    quint16 dynamicPortFirst = 49153; ///< the ephemeral range (ECS's Linux default 49153-65535)
    quint16 dynamicPortLast = 65535;
    quint64 seed = 1;                            ///< of the one RNG behind ids, jitter and usage noise
    std::chrono::milliseconds tickInterval{100}; ///< the QTimer that calls tick(); 0: none, the caller ticks
};

/// What containers of one image use, and how their process treats SIGTERM.
struct ImageProfile
{
    double cpuPercent = 0.5;     ///< mean CPU% (100 = one core)
    double cpuNoise = 0.2;       ///< each sample is the mean plus uniform noise in [-noise, +noise], never below 0
    double memoryMiB = 8;        ///< mean memory in use
    double memoryNoiseMiB = 0.5; ///< likewise; a sample never exceeds the container's hard limit
    bool handlesSigterm = true;  ///< false: keeps running until SIGKILL at the end of the grace period (exit 137)
    int sigtermExitCode = 0;     ///< exit code after a SIGTERM it handles
};

/// What the tasks of one service use on top of their image profile's idle usage: the console's
/// "make this service busy" without Docker (System::setSimulatedLoad sets it from a percentage of
/// the task definition's reservation). A task's share is split evenly over its running containers
/// (those labelled with the same fleetdeck.task); memory never exceeds a container's hard limit.
struct SimulatedLoad
{
    double cpuUnitsPerTask = 0;  ///< ECS CPU units (1,024 = one core) each task uses beyond idle
    double memoryMiBPerTask = 0; ///< MiB each task uses beyond idle

    bool isZero() const { return cpuUnitsPerTask == 0 && memoryMiBPerTask == 0; }
};

/// A failure to inject into every container run from now on whose image and name match.
struct FailureRule
{
    enum class Kind {
        FailToStart,    ///< the run fails after the start latency: CannotStartContainerError: <message>
        ExitAfter,      ///< the process exits with exitCode `after` its start
        UnhealthyAfter, ///< its health check fails from `after` its start on (needs a health check)
    };
    Kind kind = Kind::FailToStart;
    QString image; ///< wildcard pattern ("fleetdeck/bad:*"); empty matches any image
    QString name;  ///< wildcard pattern on the container name; empty matches any name
    QString message = QStringLiteral("failed to create shim task: OCI runtime create failed");
    std::chrono::milliseconds after{0};
    int exitCode = 1;
};

class SimulatedRuntime final : public ContainerRuntime
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulatedRuntime)

public:
    /// `clock` is not owned and must outlive the runtime.
    explicit SimulatedRuntime(const Clock &clock, const SimulationOptions &options = SimulationOptions(),
                              QObject *parent = nullptr);
    ~SimulatedRuntime() override;

    QString kind() const override { return QStringLiteral("simulated"); }

    Pending<RunningContainer> runContainer(const ContainerRunSpec &spec) override;
    Pending<Ok> stopContainer(const QString &id, std::optional<std::chrono::seconds> grace = std::nullopt) override;
    Pending<Ok> removeContainer(const QString &id, bool force = false) override;
    Pending<ContainerState> inspect(const QString &id) override;
    Pending<QList<ContainerState>> list(const QStringList &labelFilter = {}) override;
    Pending<ContainerUsage> usage(const QString &id) override;
    Pending<QString> createTaskNetwork(const QString &name, const Labels &labels) override;
    Pending<Ok> removeTaskNetwork(const QString &name) override;
    Pending<QList<QString>> listTaskNetworks(const QStringList &labelFilter = {}) override;

    // ---- what the simulation is told ----------------------------------------------------------
    /// The images that exist: others fail with CannotPullContainerError. Unset (the default):
    /// every image exists.
    void setAvailableImages(std::optional<QSet<QString>> images);
    /// The profile of containers of `image` run from now on (an exact reference, "repo:tag").
    void setImageProfile(const QString &image, const ImageProfile &profile);
    /// The profile of images without one of their own.
    void setDefaultProfile(const ImageProfile &profile);
    /// Returns an id for removeFailure(). Rules apply to runs after the call, first match of each kind.
    int addFailure(const FailureRule &rule);
    void removeFailure(int ruleId);
    void clearFailures();
    /// Its health check fails from now on (demo-web's GET /fail): UNHEALTHY after `retries` probes.
    /// Returns false when the container is unknown, not running or has no health check.
    bool makeUnhealthy(const QString &id);
    /// Its process exits now with `exitCode` (a crash). Returns false when it does not run.
    bool makeExit(const QString &id, int exitCode);
    /// The load of the containers labelled fleetdeck.cluster=`cluster` and fleetdeck.service=`service`,
    /// running ones included, from the next sample (and usage() call) on. A zero load removes it.
    void setServiceLoad(const QString &cluster, const QString &service, const SimulatedLoad &load);
    SimulatedLoad serviceLoad(const QString &cluster, const QString &service) const;

    // ---- usage samples (SimulatedRuntimeUsage.cpp) ------------------------------------------------
    /// Where the usage of running containers goes, like a Docker container's cgroup readings: every
    /// `interval` of the clock (checked in tick()), one metrics::RawSample per running container
    /// (cumulative CPU time integrated from its usage, memory in use), then samplesPushed(). CPU over an
    /// interval is the usage chosen at its start (profile mean + noise + the service's load), so two
    /// samples give exactly that rate. Null: no sampling.
    void setSampleSink(metrics::SampleSink *sink, std::chrono::milliseconds interval = std::chrono::seconds(1));

    // ---- driving and observing ------------------------------------------------------------------
    /// Processes everything due up to the clock's now, in order of due time; signals are emitted and
    /// results resolved from here.
    void tick();
    const SimulationOptions &options() const { return m_options; }
    int containerCount() const { return int(m_containers.size()); }
    int runningCount() const { return m_running; }
    int networkCount() const { return int(m_networks.size()); }
    /// Work items queued for the future (for tests and the console's diagnostics).
    int queuedWork() const { return int(m_queue.size()); }

signals:
    /// One round of usage samples went to the sink (setSampleSink()), at `atMs` on the clock.
    void samplesPushed(qint64 atMs);

private:
    struct Container
    {
        QString id;
        QString name;
        QString image;
        Labels labels;
        QString hostIp;
        QString network;        ///< the task network it is attached to; empty: the default bridge
        QList<BoundPort> ports; ///< held from the run until the exit
        ContainerStatus status = ContainerStatus::Created;
        HealthStatus health = HealthStatus::Unknown;
        int exitCode = 0;
        int pid = 0; ///< a made-up host pid while running
        bool oomKilled = false;
        bool stopping = false;
        qint64 startedMs = -1;
        qint64 finishedMs = -1;
        std::optional<HealthCheckSpec> healthCheck;
        qint64 failProbesFromMs = -1;        ///< health probes fail from this time on; -1: never
        std::optional<QString> startFailure; ///< injected: the run fails with this message
        qint64 exitAfterMs = -1;             ///< injected: exits this long after its start ...
        int exitAfterCode = 0;               ///< ... with this code
        qint64 unhealthyAfterMs = -1;        ///< injected: probes fail from this long after its start
        int memoryLimitMiB = 0;
        std::optional<std::chrono::seconds> stopTimeout;
        ImageProfile profile;
        quint32 healthGeneration = 0;                     ///< health work queued under an older generation is stale
        std::optional<Promise<RunningContainer>> started; ///< until the start is decided
        QList<Promise<Ok>> stopWaiters;
    };

    enum class WorkKind : quint8 {
        Start,
        Healthy,
        Unhealthy,
        Exit,
        OomKill,
    };

    struct Work
    {
        qint64 due = 0;
        quint64 sequence = 0;
        QString id;
        WorkKind kind = WorkKind::Start;
        quint32 generation = 0;
        int code = 0;
        friend bool operator>(const Work &a, const Work &b)
        {
            return a.due != b.due ? a.due > b.due : a.sequence > b.sequence;
        }
    };

    qint64 nowMs() const;
    void schedule(qint64 due, const QString &id, WorkKind kind, quint32 generation = 0, int code = 0);
    void process(const Work &w);
    void finishStart(const QString &id, qint64 at);
    void exitContainer(const QString &id, qint64 at, int exitCode, bool oomKilled);
    void cancelStart(Container &c, const QString &why);
    /// The container leaves its network's active endpoints (it exited, or never started).
    void detachFromNetwork(const Container &c);
    void scheduleHealth(Container &c);
    ContainerState stateOf(const Container &c) const;
    const ImageProfile &profileFor(const QString &image) const;

    // The container's host ports, from m_hostPorts (SimulatedHostPorts).
    std::optional<Error> allocatePorts(Container &c, const QList<PortSpec> &specs);
    void releasePorts(Container &c);

    QString newId();
    double noise(double amplitude);

    /// CPU% (100 = one core) and MiB a running container uses now: profile + noise + its share of
    /// its service's load. `containersInTask`: the running containers of its task (at least 1).
    std::pair<double, double> usageNow(const Container &c, int containersInTask);
    /// Running containers per fleetdeck.task label.
    QHash<QString, int> runningPerTask() const;
    void sampleRound(qint64 now);

    const Clock &m_clock;
    SimulationOptions m_options;
    QTimer m_timer;
    std::mt19937_64 m_rng;

    QHash<QString, Container> m_containers; // by id
    QHash<QString, QString> m_idByName;
    int m_running = 0;
    static constexpr int kFirstPid = 1000;
    static constexpr int kLastPid = 4194303; ///< Linux's largest pid_max
    int m_nextPid = kFirstPid;

    struct Network
    {
        QString id;
        Labels labels;
        int attached = 0; ///< containers on it that are starting or running (Docker's active endpoints)
    };
    QHash<QString, Network> m_networks; // by name

    SimulatedHostPorts m_hostPorts;

    std::optional<QSet<QString>> m_images;
    QHash<QString, ImageProfile> m_profiles;
    ImageProfile m_defaultProfile;
    QList<QPair<int, FailureRule>> m_failures; // in the order added
    int m_nextRuleId = 1;

    QHash<QString, SimulatedLoad> m_loads; // by "<cluster>/<service>"

    /// Per sampled container: cumulative CPU time and the usage chosen at the last sample.
    struct Meter
    {
        quint64 cpuNs = 0;
        double cpuPercent = 0;
        double memoryMiB = 0;
        qint64 atMs = 0;
    };
    metrics::SampleSink *m_sink = nullptr;
    qint64 m_sampleIntervalMs = 1000;
    qint64 m_nextSampleMs = 0;
    QHash<QString, Meter> m_meters; // by container id

    std::priority_queue<Work, std::vector<Work>, std::greater<>> m_queue;
    quint64 m_sequence = 0; ///< orders work due at the same time by when it was queued
    bool m_ticking = false;
};

} // namespace fd::runtime
