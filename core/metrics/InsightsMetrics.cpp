#include "metrics/InsightsMetrics.h"

#include <functional>
#include <map>

namespace fd::metrics {

namespace {

const QString kCluster = QStringLiteral("ClusterName");
const QString kService = QStringLiteral("ServiceName");
const QString kFamily = QStringLiteral("TaskDefinitionFamily");
const QString kTask = QStringLiteral("TaskId");
const QString kContainer = QStringLiteral("ContainerName");

/// The sums over one dimension set's tasks.
struct Sums
{
    int running = 0;
    int pending = 0;
    Units reserved;
    bool sampled = false;
    Units used;
    bool hasNetwork = false;
    double rx = 0;
    double tx = 0;

    void add(const InsightsTask &t, const std::optional<TaskUsage> &u)
    {
        pending += t.pending;
        if (!t.running)
            return;
        ++running;
        reserved.cpu += t.reserved.cpu;
        reserved.memoryMiB += t.reserved.memoryMiB;
        if (!u)
            return;
        sampled = true;
        used.cpu += u->cpuUtilized;
        used.memoryMiB += u->memoryUtilized;
        if (u->hasNetwork) {
            hasNetwork = true;
            rx += u->rxBytesPerSecond;
            tx += u->txBytesPerSecond;
        }
    }
};

/// The usage metrics of one set (named with `prefix`: "" or "Container").
void addUsage(std::vector<InsightsSample> &out, const std::function<MetricId(const QString &)> &id,
              const QString &prefix, const Sums &s, bool percents)
{
    if (s.running == 0)
        return;
    out.push_back({id(prefix + QStringLiteral("CpuReserved")), s.reserved.cpu, StandardUnit::None});
    out.push_back({id(prefix + QStringLiteral("MemoryReserved")), s.reserved.memoryMiB, StandardUnit::Megabytes});
    if (!s.sampled)
        return;
    out.push_back({id(prefix + QStringLiteral("CpuUtilized")), s.used.cpu, StandardUnit::None});
    out.push_back({id(prefix + QStringLiteral("MemoryUtilized")), s.used.memoryMiB, StandardUnit::Megabytes});
    if (s.hasNetwork) {
        out.push_back({id(prefix + QStringLiteral("NetworkRxBytes")), s.rx, StandardUnit::BytesPerSecond});
        out.push_back({id(prefix + QStringLiteral("NetworkTxBytes")), s.tx, StandardUnit::BytesPerSecond});
    }
    if (!percents)
        return;
    const QString level = prefix.isEmpty() ? QStringLiteral("Task") : prefix;
    if (s.reserved.cpu > 0)
        out.push_back(
            {id(level + QStringLiteral("CpuUtilization")), s.used.cpu * 100.0 / s.reserved.cpu, StandardUnit::Percent});
    if (s.reserved.memoryMiB > 0)
        out.push_back({id(level + QStringLiteral("MemoryUtilization")), s.used.memoryMiB * 100.0 / s.reserved.memoryMiB,
                       StandardUnit::Percent});
}

void addCount(std::vector<InsightsSample> &out, MetricId id, int n)
{
    out.push_back({std::move(id), double(n), StandardUnit::Count});
}

} // namespace

InsightsLevel insightsLevel(const QString &setting)
{
    if (setting == QLatin1String("enabled"))
        return InsightsLevel::Enabled;
    if (setting == QLatin1String("enhanced"))
        return InsightsLevel::Enhanced;
    return InsightsLevel::Disabled;
}

std::optional<TaskUsage> taskUsage(const InsightsTask &task)
{
    if (!task.running)
        return std::nullopt;
    TaskUsage u;
    bool sampled = false;
    for (const InsightsContainer &c : task.containers) {
        if (!c.sampled)
            continue;
        sampled = true;
        u.cpuUtilized += c.used.cpu;
        u.memoryUtilized += c.used.memoryMiB;
        if (c.hasNetwork) {
            u.hasNetwork = true;
            u.rxBytesPerSecond += c.rxBytesPerSecond;
            u.txBytesPerSecond += c.txBytesPerSecond;
        }
    }
    if (!sampled)
        return std::nullopt;
    return u;
}

std::vector<InsightsSample> taskSamples(const QString &cluster, const InsightsTask &task)
{
    std::vector<InsightsSample> out;
    Sums s;
    s.add(task, taskUsage(task));
    addUsage(
        out, [&](const QString &name) { return insightsTaskId(cluster, task.family, task.taskId, name); }, QString(), s,
        true);
    return out;
}

std::vector<InsightsSample> insightsSamples(const InsightsCluster &c)
{
    std::vector<InsightsSample> out;
    if (c.level == InsightsLevel::Disabled)
        return out;

    Sums cluster;
    std::map<QString, Sums> services;
    std::map<QString, Sums> families;
    for (const InsightsTask &t : c.tasks) {
        const std::optional<TaskUsage> u = taskUsage(t);
        cluster.add(t, u);
        if (!t.service.isEmpty())
            services[t.service].add(t, u);
        if (t.running)
            families[t.family].add(t, u);
    }

    addUsage(
        out, [&](const QString &name) { return insightsClusterId(c.name, name); }, QString(), cluster, false);
    addCount(out, insightsClusterId(c.name, QStringLiteral("TaskCount")), cluster.running);
    addCount(out, insightsClusterId(c.name, QStringLiteral("RunningTaskCount")), cluster.running);
    addCount(out, insightsClusterId(c.name, QStringLiteral("PendingTaskCount")), cluster.pending);
    addCount(out, insightsClusterId(c.name, QStringLiteral("ServiceCount")), int(c.services.size()));
    addCount(out, insightsClusterId(c.name, QStringLiteral("ContainerInstanceCount")), c.containerInstanceCount);

    for (const InsightsService &s : c.services) {
        const Sums &sums = services[s.name];
        const auto id = [&](const QString &name) { return insightsServiceId(c.name, s.name, name); };
        addUsage(out, id, QString(), sums, false);
        addCount(out, id(QStringLiteral("DesiredTaskCount")), s.desiredCount);
        addCount(out, id(QStringLiteral("RunningTaskCount")), sums.running);
        addCount(out, id(QStringLiteral("PendingTaskCount")), sums.pending);
        addCount(out, id(QStringLiteral("DeploymentCount")), s.deploymentCount);
    }
    for (const auto &[family, sums] : families)
        addUsage(
            out, [&](const QString &name) { return insightsFamilyId(c.name, family, name); }, QString(), sums, false);

    if (c.level != InsightsLevel::Enhanced)
        return out;
    for (const InsightsTask &t : c.tasks) {
        if (!t.running || !taskUsage(t))
            continue;
        for (InsightsSample &s : taskSamples(c.name, t))
            out.push_back(std::move(s));
        for (const InsightsContainer &k : t.containers) {
            if (!k.sampled)
                continue;
            InsightsTask one;
            one.running = true;
            one.reserved = k.reserved;
            one.containers = {k};
            Sums sums;
            sums.add(one, taskUsage(one));
            addUsage(
                out, [&](const QString &name) { return insightsContainerId(c.name, t.family, t.taskId, k.name, name); },
                QStringLiteral("Container"), sums, true);
        }
    }
    return out;
}

MetricId insightsClusterId(const QString &cluster, const QString &metricName)
{
    return MetricId{kInsightsNamespace, metricName, {{kCluster, cluster}}};
}

MetricId insightsServiceId(const QString &cluster, const QString &service, const QString &metricName)
{
    return MetricId{kInsightsNamespace, metricName, {{kCluster, cluster}, {kService, service}}};
}

MetricId insightsFamilyId(const QString &cluster, const QString &family, const QString &metricName)
{
    return MetricId{kInsightsNamespace, metricName, {{kCluster, cluster}, {kFamily, family}}};
}

MetricId insightsTaskId(const QString &cluster, const QString &family, const QString &taskId, const QString &metricName)
{
    return MetricId{kInsightsNamespace, metricName, {{kCluster, cluster}, {kFamily, family}, {kTask, taskId}}};
}

MetricId insightsContainerId(const QString &cluster, const QString &family, const QString &taskId,
                             const QString &container, const QString &metricName)
{
    return MetricId{kInsightsNamespace,
                    metricName,
                    {{kCluster, cluster}, {kContainer, container}, {kFamily, family}, {kTask, taskId}}};
}

} // namespace fd::metrics
