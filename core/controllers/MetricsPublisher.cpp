#include "controllers/MetricsPublisher.h"

#include "ControlPlane.h"
#include "metrics/EcsMetrics.h"
#include "metrics/MetricStore.h"
#include "model/ContainerInstance.h"
#include "model/Task.h"
#include "model/TaskDefinition.h"
#include "ops/Instances.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "registries/InstanceRegistry.h"
#include "registries/TaskDefinitionRegistry.h"
#include "registries/TaskRegistry.h"

#include <QSet>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace fd {

using metrics::StandardUnit;
using metrics::Units;

namespace {

constexpr double kMiB = 1024.0 * 1024.0;
const QString kServiceGroupPrefix = QStringLiteral("service:");

/// A service's running tasks that have a usage sample, summed.
struct ServiceSum
{
    Units reserved;
    Units used;
    int tasks = 0;
    bool cpuAtTaskLevel = true; ///< every one of them sets cpu at task level
};

void addUnits(Units &sum, const Units &u)
{
    sum.cpu += u.cpu;
    sum.memoryMiB += u.memoryMiB;
}

void addPercent(metrics::MinuteAggregator &out, const metrics::MetricId &id, const std::optional<double> &v)
{
    if (v)
        out.add(id, *v, StandardUnit::Percent);
}

} // namespace

MetricsPublisher::MetricsPublisher(ControlPlane &cp, const lb::Proxy *proxy, QObject *parent)
    : MetricsPublisher(cp, proxy, Options(), parent)
{}

MetricsPublisher::MetricsPublisher(ControlPlane &cp, const lb::Proxy *proxy, Options options, QObject *parent)
    : QObject(parent), m_cp(cp), m_options(options), m_elb(cp, proxy)
{
    connect(&m_timer, &QTimer::timeout, this, &MetricsPublisher::tick);
}

MetricsPublisher::~MetricsPublisher() = default;

void MetricsPublisher::addSource(const metrics::StatsCollector &collector)
{
    connect(&collector, &metrics::StatsCollector::sampled, this, &MetricsPublisher::addBatch);
}

QStringList MetricsPublisher::namespaces()
{
    return {QStringLiteral("AWS/ECS"), QStringLiteral("AWS/ApplicationELB")};
}

void MetricsPublisher::start()
{
    tick();
    if (m_options.tickInterval.count() > 0)
        m_timer.start(m_options.tickInterval);
}

void MetricsPublisher::stop()
{
    m_timer.stop();
}

void MetricsPublisher::addBatch(const metrics::SampleBatch &batch)
{
    for (const metrics::ContainerSample &s : batch.samples) {
        Usage &u = m_usage[s.id];
        const double cpu = s.values[metrics::Metric::CpuPercent];
        if (!std::isnan(cpu) || std::isnan(u.cpuPercent))
            u.cpuPercent = cpu; // a sample without a rate (first one, reset) keeps the last rate
        u.memoryBytes = s.values[metrics::Metric::MemoryBytes];
    }
}

void MetricsPublisher::tick()
{
    const qint64 now = m_cp.clock().now().toMSecsSinceEpoch();
    const qint64 minute = now - now % kMinuteMs;
    if (m_minuteMs < 0) {
        m_minuteMs = minute;
        m_elb.start();
    } else if (minute > m_minuteMs) {
        publish(m_minuteMs);
        m_minuteMs = minute;
    }
    // One sample per interval of the clock's grid (every whole second by default), so a minute of
    // ticks at least that often holds exactly 60 samples.
    const qint64 interval = std::max<qint64>(1, m_options.sampleInterval.count());
    if (m_lastSampleMs < 0 || now / interval > m_lastSampleMs / interval) {
        m_lastSampleMs = now;
        sampleEcs();
        m_elb.sampleHosts(m_minute);
    }
}

void MetricsPublisher::sampleEcs()
{
    std::map<QString, metrics::InstanceUsage> instances; // by instance id
    std::map<QString, QString> clusterOf;                // instance id -> cluster
    for (const ContainerInstance &i : m_cp.instances().registry().all()) {
        metrics::InstanceUsage u;
        u.status = i.status;
        u.registered = {double(i.registeredCpu), double(i.registeredMemory)};
        instances.emplace(i.id, u);
        clusterOf.emplace(i.id, i.cluster);
    }

    std::map<QString, int> runningPerCluster;
    std::map<QString, int> sampledPerCluster;
    std::map<std::pair<QString, QString>, ServiceSum> services;
    QHash<QString, bool> taskLevelCpu; // by family:revision
    QSet<QString> referenced;
    const registries::TaskDefinitionRegistry &definitions = m_cp.taskDefinitions().registry();
    for (const Task &t : m_cp.tasks().registry().all()) {
        if (t.lastStatus != TaskStatus::Running)
            continue;
        // A FARGATE task has no instance: it counts for its service, not for the cluster's capacity.
        const auto instance = instances.find(t.containerInstanceId);
        const bool onInstance = instance != instances.end();
        if (!onInstance && !t.isFargate())
            continue;
        const Units reserved{double(t.cpu), double(t.memory)};
        if (onInstance) {
            addUnits(instance->second.reserved, reserved);
            ++runningPerCluster[t.cluster];
        }

        Units used;
        bool sampled = false;
        for (const TaskContainer &c : t.containers) {
            if (c.runtimeId.isEmpty())
                continue;
            referenced.insert(c.runtimeId);
            const auto u = m_usage.constFind(c.runtimeId);
            if (u == m_usage.cend() || std::isnan(u->cpuPercent))
                continue;
            sampled = true;
            used.cpu += metrics::cpuUnitsFromDockerPercent(u->cpuPercent);
            if (!std::isnan(u->memoryBytes))
                used.memoryMiB += u->memoryBytes / kMiB;
        }
        if (!sampled)
            continue;
        if (onInstance) {
            addUnits(instance->second.used, used);
            ++sampledPerCluster[t.cluster];
        }
        if (!t.group.startsWith(kServiceGroupPrefix))
            continue;
        const QString ref = t.family + u':' + QString::number(t.revision);
        if (!taskLevelCpu.contains(ref)) {
            const TaskDefinition *td = definitions.find(t.family, t.revision);
            taskLevelCpu.insert(ref, td && td->spec.cpu.has_value());
        }
        ServiceSum &s = services[{t.cluster, t.group.mid(kServiceGroupPrefix.size())}];
        addUnits(s.reserved, reserved);
        addUnits(s.used, used);
        ++s.tasks;
        s.cpuAtTaskLevel = s.cpuAtTaskLevel && taskLevelCpu.value(ref);
    }
    // Usage of containers no running task claims any more is dropped.
    for (auto it = m_usage.begin(); it != m_usage.end();)
        it = referenced.contains(it.key()) ? std::next(it) : m_usage.erase(it);

    std::map<QString, std::vector<metrics::InstanceUsage>> perCluster;
    for (const auto &[id, usage] : instances)
        perCluster[clusterOf[id]].push_back(usage);
    for (const auto &[cluster, list] : perCluster) {
        const metrics::ClusterMetrics m = metrics::clusterMetrics(list);
        addPercent(m_minute, metrics::clusterMetricId(cluster, QStringLiteral("CPUReservation")), m.cpuReservation);
        addPercent(m_minute, metrics::clusterMetricId(cluster, QStringLiteral("MemoryReservation")),
                   m.memoryReservation);
        // Utilization once a task has usage, or when none runs (then 0 % is the truth).
        if (sampledPerCluster[cluster] == 0 && runningPerCluster[cluster] > 0)
            continue;
        addPercent(m_minute, metrics::clusterMetricId(cluster, QStringLiteral("CPUUtilization")), m.cpuUtilization);
        addPercent(m_minute, metrics::clusterMetricId(cluster, QStringLiteral("MemoryUtilization")),
                   m.memoryUtilization);
    }
    for (const auto &[key, s] : services) {
        metrics::ServiceUsage usage;
        usage.runningTasks = s.tasks;
        usage.perTask = {s.reserved.cpu / s.tasks, s.reserved.memoryMiB / s.tasks};
        usage.cpuAtTaskLevel = s.cpuAtTaskLevel;
        usage.used = s.used;
        const metrics::ServiceMetrics m = metrics::serviceMetrics(usage);
        addPercent(m_minute, metrics::serviceMetricId(key.first, key.second, QStringLiteral("CPUUtilization")),
                   m.cpuUtilization);
        addPercent(m_minute, metrics::serviceMetricId(key.first, key.second, QStringLiteral("MemoryUtilization")),
                   m.memoryUtilization);
    }
}

void MetricsPublisher::publish(qint64 minuteStartMs)
{
    m_elb.publishMinute(m_minute);
    metrics::MetricStore &store = m_cp.metricStore();
    m_minute.flush(store, minuteStartMs);
    store.prune();
    emit published(minuteStartMs);
}

} // namespace fd
