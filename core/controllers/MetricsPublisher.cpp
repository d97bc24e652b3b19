#include "controllers/MetricsPublisher.h"

#include "ControlPlane.h"
#include "metrics/EcsMetrics.h"
#include "metrics/InsightsMetrics.h"
#include "metrics/MetricStore.h"
#include "model/Cluster.h"
#include "model/ContainerInstance.h"
#include "model/Service.h"
#include "model/Task.h"
#include "model/TaskDefinition.h"
#include "ops/Clusters.h"
#include "ops/Instances.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "registries/InstanceRegistry.h"
#include "registries/ServiceRegistry.h"
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
    return {QStringLiteral("AWS/ECS"), QStringLiteral("AWS/ApplicationELB"), metrics::kInsightsNamespace};
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
        const double rx = s.values[metrics::Metric::NetRxBps];
        const double tx = s.values[metrics::Metric::NetTxBps];
        if (!std::isnan(rx) || std::isnan(u.rxBytesPerSecond))
            u.rxBytesPerSecond = rx; // like CPU: a sample without a rate keeps the last one
        if (!std::isnan(tx) || std::isnan(u.txBytesPerSecond))
            u.txBytesPerSecond = tx;
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
        sampleInsights(); // before sampleEcs(), which forgets the usage no running task claims
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
        const auto instance = instances.find(t.containerInstanceId);
        if (instance == instances.end())
            continue;
        const Units reserved{double(t.cpu), double(t.memory)};
        addUnits(instance->second.reserved, reserved);
        ++runningPerCluster[t.cluster];

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
        addUnits(instance->second.used, used);
        ++sampledPerCluster[t.cluster];
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

void MetricsPublisher::sampleInsights()
{
    std::map<QString, metrics::InsightsCluster> clusters;
    for (const Cluster &c : m_cp.clusters().list()) {
        const metrics::InsightsLevel level = metrics::insightsLevel(c.containerInsights);
        if (level == metrics::InsightsLevel::Disabled)
            continue;
        metrics::InsightsCluster &ic = clusters[c.name];
        ic.name = c.name;
        ic.level = level;
    }
    if (clusters.empty())
        return;

    for (const ContainerInstance &i : m_cp.instances().registry().all()) {
        const auto c = clusters.find(i.cluster);
        if (c != clusters.end() && (i.status == InstanceStatus::Active || i.status == InstanceStatus::Draining))
            ++c->second.containerInstanceCount;
    }
    for (const Service &s : m_cp.services().registry().all()) {
        const auto c = clusters.find(s.cluster);
        if (c == clusters.end() || s.status == ServiceStatus::Inactive)
            continue;
        c->second.services.push_back({s.name, s.desiredCount, int(s.deployments.size())});
    }

    const registries::TaskDefinitionRegistry &definitions = m_cp.taskDefinitions().registry();
    for (const Task &t : m_cp.tasks().registry().all()) {
        const auto c = clusters.find(t.cluster);
        if (c == clusters.end())
            continue;
        const bool pending = t.lastStatus == TaskStatus::Provisioning || t.lastStatus == TaskStatus::Pending ||
                             t.lastStatus == TaskStatus::Activating;
        const bool running = t.lastStatus == TaskStatus::Running;
        if (!pending && !running)
            continue;
        metrics::InsightsTask it;
        it.taskId = t.id;
        it.family = t.family;
        if (t.group.startsWith(kServiceGroupPrefix))
            it.service = t.group.mid(kServiceGroupPrefix.size());
        it.running = running;
        it.pending = pending;
        it.reserved = {double(t.cpu), double(t.memory)};
        if (running) {
            const TaskDefinition *td = definitions.find(t.family, t.revision);
            for (const TaskContainer &tc : t.containers) {
                metrics::InsightsContainer k;
                k.name = tc.name;
                if (td) {
                    for (const ContainerDefinition &cd : td->spec.containerDefinitions) {
                        if (cd.name == tc.name) {
                            k.reserved = {double(cd.cpu.value_or(0)), double(cd.reservedMemory())};
                            break;
                        }
                    }
                }
                const auto u = tc.runtimeId.isEmpty() ? m_usage.cend() : m_usage.constFind(tc.runtimeId);
                if (u != m_usage.cend() && !std::isnan(u->cpuPercent)) {
                    k.sampled = true;
                    k.used.cpu = metrics::cpuUnitsFromDockerPercent(u->cpuPercent);
                    k.used.memoryMiB = std::isnan(u->memoryBytes) ? 0 : u->memoryBytes / kMiB;
                    k.hasNetwork = !std::isnan(u->rxBytesPerSecond) && !std::isnan(u->txBytesPerSecond);
                    if (k.hasNetwork) {
                        k.rxBytesPerSecond = u->rxBytesPerSecond;
                        k.txBytesPerSecond = u->txBytesPerSecond;
                    }
                }
                it.containers.push_back(std::move(k));
            }
            // With enhanced the same samples are CloudWatch metrics in the metric store: not kept twice.
            if (c->second.level == metrics::InsightsLevel::Enabled)
                for (const metrics::InsightsSample &s : metrics::taskSamples(t.cluster, it))
                    m_taskMinute.add(s.metric, s.value, s.unit);
        }
        c->second.tasks.push_back(std::move(it));
    }
    for (const auto &[name, cluster] : clusters)
        for (const metrics::InsightsSample &s : metrics::insightsSamples(cluster))
            m_minute.add(s.metric, s.value, s.unit);
}

void MetricsPublisher::publish(qint64 minuteStartMs)
{
    m_elb.publishMinute(m_minute);
    metrics::MetricStore &store = m_cp.metricStore();
    m_minute.flush(store, minuteStartMs);
    store.prune();
    metrics::MetricStore &tasks = m_cp.taskPerformanceStore();
    m_taskMinute.flush(tasks, minuteStartMs);
    tasks.prune();
    emit published(minuteStartMs);
}

} // namespace fd
