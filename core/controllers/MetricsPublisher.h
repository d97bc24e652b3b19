#pragma once

#include "controllers/ElbMetricsReader.h"
#include "metrics/MinuteAggregator.h"
#include "metrics/StatsCollector.h"

#include <QHash>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <limits>
#include <memory>

namespace fd {

class ControlPlane;

namespace lb {
class Proxy;
}

/**
 * Puts the AWS/ECS and AWS/ApplicationELB metrics into ControlPlane::metricStore() once a minute of
 * CONTROL-PLANE time (teaching speed speeds it up; a paused clock pauses it), timestamped at the
 * minute's start on that clock. Runtime-neutral: container usage arrives as StatsCollector batches
 * (Docker containers through MetricsController, simulated ones through SimulatedSampleFeed) and is
 * matched to tasks by TaskContainer::runtimeId.
 *
 * Once per `sampleInterval` of control-plane time (aligned to that grid; at the first tick() in each
 * interval, so a tick at least once a second gives 60 samples a minute) it takes one
 * sample of each metric from the latest usage of every RUNNING task's containers (ECS-SEMANTICS 1.9,
 * metrics/EcsMetrics.h):
 *   per cluster (ClusterName): CPUReservation, MemoryReservation (always, from the tasks' reservations
 *     and the ACTIVE and DRAINING instances' registered units), CPUUtilization, MemoryUtilization
 *     (once a task of the cluster has a usage sample, or when no task runs: 0 %);
 *   per service (ClusterName, ServiceName): CPUUtilization, MemoryUtilization over its running tasks
 *     that have a usage sample (none: no datapoint, as CloudWatch has none).
 * All in Percent.
 *
 * Container Insights (metrics/InsightsMetrics.h): for each cluster whose containerInsights setting
 * is enabled or enhanced at the time of a sample, the ECS/ContainerInsights samples of that cluster
 * (insightsSamples()) go into the same minute; a cluster switched to disabled contributes nothing
 * from its next sample on (what is stored stays). Each task's task-level samples also go into
 * ControlPlane::taskPerformanceStore() while the cluster is enabled (with enhanced they are in the
 * metric store already, as CloudWatch metrics, and are not kept twice); the console charts them.
 *
 * At each minute boundary each metric's samples become one statistic set
 * {SampleCount, Sum, Minimum, Maximum} (MinuteAggregator), with the ELB metrics of the minute
 * (ElbMetricsReader: per-minute differences of the proxy's counters; host counts sampled like the
 * ECS metrics).
 *
 * Lives on the control plane's thread. The QTimer only polls the clock; tests with a ManualClock
 * call tick() after moving the clock.
 */
class MetricsPublisher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricsPublisher)

public:
    struct Options
    {
        std::chrono::milliseconds tickInterval{250};    ///< real time between tick()s; 0: the caller ticks
        std::chrono::milliseconds sampleInterval{1000}; ///< control-plane time between samples
    };

    static constexpr qint64 kMinuteMs = 60'000;

    /// `proxy` (the load balancers' data plane) may be null: no ELB request metrics then.
    MetricsPublisher(ControlPlane &cp, const lb::Proxy *proxy, QObject *parent = nullptr);
    MetricsPublisher(ControlPlane &cp, const lb::Proxy *proxy, Options options, QObject *parent = nullptr);
    ~MetricsPublisher() override;

    /// The namespaces it publishes: AWS/ECS, AWS/ApplicationELB and ECS/ContainerInsights.
    static QStringList namespaces();

    /// Takes container usage from `collector`'s batches from now on (any number of collectors).
    void addSource(const metrics::StatsCollector &collector);

    void start();
    void stop();
    bool isActive() const { return m_timer.isActive(); }

    /// Samples when due and publishes every minute that ended since the last call.
    void tick();
    /// Usage of containers (what a collector's batch carries): the latest value per container is kept.
    void addBatch(const metrics::SampleBatch &batch);

    /// The start of the minute being collected now (-1 before the first tick()).
    qint64 currentMinuteMs() const { return m_minuteMs; }

signals:
    /// The metrics of the minute starting at `minuteStartMs` went into the store.
    void published(qint64 minuteStartMs);

private:
    struct Usage
    {
        double cpuPercent = 0; ///< 100 = one core; NaN before the first rate
        double memoryBytes = 0;
        double rxBytesPerSecond = std::numeric_limits<double>::quiet_NaN(); ///< NaN: no network reading
        double txBytesPerSecond = std::numeric_limits<double>::quiet_NaN();
    };

    void sampleEcs();
    void sampleInsights();
    void publish(qint64 minuteStartMs);

    ControlPlane &m_cp;
    Options m_options;
    ElbMetricsReader m_elb;
    metrics::MinuteAggregator m_minute;
    metrics::MinuteAggregator m_taskMinute; ///< into ControlPlane::taskPerformanceStore()
    QTimer m_timer;
    QHash<QString, Usage> m_usage; ///< by container runtime id
    qint64 m_minuteMs = -1;
    qint64 m_lastSampleMs = -1;
};

} // namespace fd
