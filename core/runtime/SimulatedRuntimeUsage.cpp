#include "runtime/SimulatedRuntime.h"

// SimulatedRuntime's usage: what a running container uses now (its image profile, noise and its
// service's load) and the samples it reports, cumulative like a cgroup's counters, so the metrics
// downstream (StatsCollector, MetricsPublisher) cannot tell a simulated container from a Docker one.

#include "metrics/RawSample.h"
#include "metrics/SampleSink.h"

#include <algorithm>

namespace fd::runtime {

namespace {

constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kUnitsPerCore = 1024.0;
const QString kTaskLabel = QStringLiteral("fleetdeck.task");

} // namespace

std::pair<double, double> SimulatedRuntime::usageNow(const Container &c, int containersInTask)
{
    const ImageProfile &p = c.profile;
    double cpuPercent = std::max(0.0, p.cpuPercent + noise(p.cpuNoise));
    double mib = std::max(0.0, p.memoryMiB + noise(p.memoryNoiseMiB));
    const QString service = c.labels.value(QStringLiteral("fleetdeck.service"));
    if (!service.isEmpty()) {
        const auto load = m_loads.constFind(c.labels.value(QStringLiteral("fleetdeck.cluster")) + u'/' + service);
        if (load != m_loads.cend()) {
            const double share = 1.0 / std::max(1, containersInTask);
            cpuPercent += load->cpuUnitsPerTask * share / kUnitsPerCore * 100.0;
            mib += load->memoryMiBPerTask * share;
        }
    }
    if (c.memoryLimitMiB > 0)
        mib = std::min(mib, double(c.memoryLimitMiB));
    return {cpuPercent, mib};
}

QHash<QString, int> SimulatedRuntime::runningPerTask() const
{
    QHash<QString, int> counts;
    for (const Container &c : m_containers) {
        if (c.status == ContainerStatus::Running)
            ++counts[c.labels.value(kTaskLabel)];
    }
    return counts;
}

void SimulatedRuntime::setSampleSink(metrics::SampleSink *sink, std::chrono::milliseconds interval)
{
    m_sink = sink;
    m_sampleIntervalMs = std::max<qint64>(1, interval.count());
    m_nextSampleMs = 0;
    m_meters.clear();
}

void SimulatedRuntime::sampleRound(qint64 now)
{
    m_nextSampleMs = now + m_sampleIntervalMs;
    const QHash<QString, int> perTask = runningPerTask();
    QHash<QString, Meter> meters;
    meters.reserve(m_running);
    for (const Container &c : std::as_const(m_containers)) {
        if (c.status != ContainerStatus::Running)
            continue;
        Meter m = m_meters.value(c.id, Meter{0, 0, 0, now});
        // The usage chosen at the last sample held until now: CPU time accumulates at that rate.
        const qint64 elapsedMs = std::max<qint64>(0, now - m.atMs);
        m.cpuNs += quint64(m.cpuPercent / 100.0 * double(elapsedMs) * 1e6);
        m.atMs = now;
        const auto [cpuPercent, mib] = usageNow(c, perTask.value(c.labels.value(kTaskLabel), 1));
        m.cpuPercent = cpuPercent;
        m.memoryMiB = mib;

        metrics::RawSample raw;
        raw.timestampMs = now;
        // A simulated container moves no bytes: its network counters are read as zero, not unreadable.
        raw.parts = metrics::RawSample::Cpu | metrics::RawSample::Memory | metrics::RawSample::Network;
        raw.cpuUsageNs = m.cpuNs;
        raw.systemCpuNs = quint64(now) * 1'000'000; // one CPU: cpu% = container time / host time x 100
        raw.onlineCpus = 1;
        raw.memoryUsageBytes = quint64(mib * kMiB);
        raw.memoryUsedBytes = raw.memoryUsageBytes;
        raw.memoryLimitBytes = c.memoryLimitMiB > 0 ? quint64(c.memoryLimitMiB * kMiB) : 0;
        m_sink->pushSample(c.id, raw);
        meters.insert(c.id, m);
    }
    m_meters = std::move(meters); // containers that stopped are forgotten
    emit samplesPushed(now);
}

} // namespace fd::runtime
