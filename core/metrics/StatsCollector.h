#pragma once

#include "Clock.h"
#include "Result.h"
#include "metrics/CgroupReader.h"
#include "metrics/Metric.h"
#include "metrics/RawSample.h"
#include "metrics/SampleSink.h"
#include "metrics/TimeSeries.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace fd::metrics {

/// The values of one container from one sample.
struct ContainerSample
{
    QString id;
    qint64 timestampMs = 0;
    DerivedSample values; ///< NaN where there is no value this time (first rate, reset, unreadable part)
};

/// A container that could not be sampled this round, and why (e.g. CgroupNotFound while it starts).
struct SampleFailure
{
    QString id;
    Error error;
};

/// Everything one tick produced: local containers read this tick, plus remote samples pushed
/// since the previous tick.
struct SampleBatch
{
    qint64 timestampMs = 0; ///< the tick's time from the collector's clock
    QList<ContainerSample> samples;
    QList<SampleFailure> failures;
};

/**
 * Samples a set of containers at a fixed interval (1 Hz by default) and keeps, per container, one
 * bounded TimeSeries per Metric.
 *
 * Local containers (added with their init pid) are read straight from their cgroup files through
 * a CgroupReader: no Docker API call, no process, no per-container connection. Remote containers
 * get their raw samples through pushSample() (the SampleSink interface) and share the same rate
 * arithmetic and series. Each tick emits exactly one sampled() signal with the whole batch.
 *
 * Timestamps come from the injected fd::Clock. The QTimer only decides *when* to sample, so a test
 * can call sampleNow() with a ManualClock instead of waiting.
 *
 * Lives on one thread (the runtime's). A tick reads pseudo-files that never block (cgroupfs,
 * procfs): about 4 ms per tick for 100 containers on the 2-core CI VM, i.e. 0.4 % of a core at
 * 1 Hz (bench/RESULTS.md). That is cheap enough for the GUI thread; move it to a worker thread only
 * if a UI frame budget ever says otherwise.
 */
class StatsCollector final : public QObject, public SampleSink
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatsCollector)

public:
    struct Options
    {
        int intervalMs = 1000;
        qsizetype capacity = 3600; ///< points kept per series: 1 h at 1 Hz
        CgroupReader::Roots roots;
    };

    enum class Source {
        Local,  ///< read from cgroups on every tick
        Remote, ///< fed by pushSample()
    };

    explicit StatsCollector(std::shared_ptr<const Clock> clock, QObject *parent = nullptr);
    StatsCollector(std::shared_ptr<const Clock> clock, Options options, QObject *parent = nullptr);
    ~StatsCollector() override;

    /// Starts sampling local container `id` (the full 64-digit id) whose init process is `pid`
    /// (from inspect `State.Pid`; it gives the network namespace, 0 for no network readings).
    /// Adding a known id again replaces its pid and source but keeps its series (a restart).
    void addContainer(const QString &id, qint64 pid);
    /// Tracks a container whose samples arrive through pushSample().
    void addRemoteContainer(const QString &id);
    /// Forgets a container and its series. False when it was not tracked.
    bool removeContainer(const QString &id);
    bool contains(const QString &id) const;
    QStringList containerIds() const; ///< in the order they were added
    qsizetype containerCount() const { return qsizetype(m_containers.size()); }

    void start();
    void stop();
    bool isActive() const;
    int intervalMs() const;
    void setIntervalMs(int ms);

    /// One round now: reads every local container and emits sampled() with them and the remote
    /// samples pushed since the last round. The timer calls this.
    void sampleNow();

    /// SampleSink: feeds one raw sample of a tracked container (local or remote) into its series.
    /// It appears in the next tick's batch. Samples for unknown ids are dropped (logged).
    void pushSample(const QString &id, const RawSample &sample) override;

    /// The series of a container, nullptr for an unknown id. Valid until the container is removed.
    const TimeSeries *series(const QString &id, Metric m) const;
    /// The values derived from the container's last sample.
    std::optional<DerivedSample> latest(const QString &id) const;

    const CgroupReader &reader() const { return m_reader; }

signals:
    void sampled(const fd::metrics::SampleBatch &batch);

private:
    struct Tracked;

    Tracked *find(const QString &id) const;
    Tracked &addOrUpdate(const QString &id, qint64 pid, Source source);
    DerivedSample ingest(Tracked &t, const RawSample &raw);

    std::shared_ptr<const Clock> m_clock;
    Options m_options;
    CgroupReader m_reader;
    QTimer m_timer;
    std::vector<std::unique_ptr<Tracked>> m_containers;
    QHash<QString, Tracked *> m_byId;
    QList<ContainerSample> m_pushed; ///< remote samples waiting for the next batch
};

} // namespace fd::metrics

Q_DECLARE_METATYPE(fd::metrics::SampleBatch)
