#include "metrics/EcsMetrics.h"

#include "model/TaskDefinition.h"

#include <algorithm>

namespace fd::metrics {

namespace {

std::optional<double> percent(double part, double whole)
{
    if (whole <= 0)
        return std::nullopt;
    return part * 100.0 / whole;
}

bool counts(InstanceStatus s)
{
    return s == InstanceStatus::Active || s == InstanceStatus::Draining;
}

} // namespace

Units taskReservation(const TaskDefinitionSpec &spec)
{
    Units sum;
    for (const ContainerDefinition &c : spec.containerDefinitions) {
        sum.cpu += c.cpu.value_or(0);
        sum.memoryMiB += c.reservedMemory();
    }
    if (spec.cpu)
        sum.cpu = *spec.cpu;
    if (spec.memory)
        sum.memoryMiB = *spec.memory;
    return sum;
}

double cpuUnitsFromDockerPercent(double dockerCpuPercent)
{
    return dockerCpuPercent / 100.0 * 1024.0;
}

ClusterMetrics clusterMetrics(const std::vector<InstanceUsage> &instances)
{
    Units registered, reserved, used;
    for (const InstanceUsage &i : instances) {
        if (!counts(i.status))
            continue;
        registered.cpu += i.registered.cpu;
        registered.memoryMiB += i.registered.memoryMiB;
        reserved.cpu += i.reserved.cpu;
        reserved.memoryMiB += i.reserved.memoryMiB;
        used.cpu += i.used.cpu;
        used.memoryMiB += i.used.memoryMiB;
    }
    return {percent(reserved.cpu, registered.cpu), percent(reserved.memoryMiB, registered.memoryMiB),
            percent(used.cpu, registered.cpu), percent(used.memoryMiB, registered.memoryMiB)};
}

ServiceMetrics serviceMetrics(const ServiceUsage &s)
{
    if (s.runningTasks <= 0)
        return {};
    ServiceMetrics m{percent(s.used.cpu, s.perTask.cpu * s.runningTasks),
                     percent(s.used.memoryMiB, s.perTask.memoryMiB * s.runningTasks)};
    if (m.cpuUtilization && s.cpuAtTaskLevel)
        m.cpuUtilization = std::min(*m.cpuUtilization, 100.0);
    return m;
}

MetricId clusterMetricId(const QString &cluster, const QString &metricName)
{
    return MetricId{QStringLiteral("AWS/ECS"), metricName, {{QStringLiteral("ClusterName"), cluster}}};
}

MetricId serviceMetricId(const QString &cluster, const QString &service, const QString &metricName)
{
    return MetricId{QStringLiteral("AWS/ECS"),
                    metricName,
                    {{QStringLiteral("ClusterName"), cluster}, {QStringLiteral("ServiceName"), service}}};
}

} // namespace fd::metrics
