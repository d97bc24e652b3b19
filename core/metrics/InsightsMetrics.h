#pragma once

#include "metrics/EcsMetrics.h"
#include "metrics/MetricId.h"
#include "metrics/StandardUnit.h"

#include <QString>

#include <optional>
#include <vector>

// The ECS/ContainerInsights metrics (CloudWatch Container Insights for ECS) as pure functions of a
// snapshot of one cluster the publisher fills in once per sample. No clock, no store: the publisher
// folds the samples of a minute into one statistic set per metric (MinuteAggregator), like the
// AWS/ECS metrics.
namespace fd::metrics {

inline const QString kInsightsNamespace = QStringLiteral("ECS/ContainerInsights");

/// The cluster setting containerInsights.
enum class InsightsLevel {
    Disabled, ///< none of the ECS/ContainerInsights metrics
    Enabled,  ///< cluster, service and task-definition-family metrics
    Enhanced, ///< those, plus per task (TaskId) and per container (ContainerName)
};

/// "enabled" and "enhanced" as themselves; anything else (including "disabled") is Disabled.
InsightsLevel insightsLevel(const QString &setting);

/// One container of a running task, with its latest usage (NaN where none).
struct InsightsContainer
{
    QString name;
    Units reserved;       ///< its container definition's cpu and memoryReservation (else memory); 0 when unset
    bool sampled = false; ///< a CPU rate exists for it
    Units used;
    double rxBytesPerSecond = 0;
    double txBytesPerSecond = 0;
    bool hasNetwork = false; ///< a network reading exists for it
};

/// One task of the cluster. Only RUNNING tasks carry usage; every task counts in the counts.
struct InsightsTask
{
    QString taskId;
    QString family;
    QString service; ///< empty for a task no service started
    bool running = false;
    bool pending = false; ///< PROVISIONING, PENDING or ACTIVATING: not yet RUNNING
    Units reserved;       ///< the task's reservation (Task::cpu / Task::memory)
    std::vector<InsightsContainer> containers;
};

struct InsightsService
{
    QString name;
    int desiredCount = 0;
    int deploymentCount = 0; ///< PRIMARY and ACTIVE deployments
};

struct InsightsCluster
{
    QString name;
    InsightsLevel level = InsightsLevel::Disabled;
    int containerInstanceCount = 0;        ///< ACTIVE and DRAINING instances
    std::vector<InsightsService> services; ///< ACTIVE and DRAINING services
    std::vector<InsightsTask> tasks;
};

/// One sample of one metric.
struct InsightsSample
{
    MetricId metric;
    double value = 0;
    StandardUnit unit = StandardUnit::None;
};

/// What one task uses and reserves, summed over its sampled containers (nullopt: no container of it
/// has a CPU rate yet, so it has no usage datapoint).
struct TaskUsage
{
    double cpuUtilized = 0;    ///< CPU units: Docker CPU % / 100 x 1,024, summed
    double memoryUtilized = 0; ///< MiB
    double rxBytesPerSecond = 0;
    double txBytesPerSecond = 0;
    bool hasNetwork = false;
};
std::optional<TaskUsage> taskUsage(const InsightsTask &task);

/**
 * The samples of one cluster at one instant, by its level (Disabled: none).
 *
 * Enabled, per dimension set {ClusterName}, {ClusterName, ServiceName} (tasks a service started) and
 * {ClusterName, TaskDefinitionFamily}, summed over the RUNNING tasks of the set that have usage:
 *   CpuUtilized, CpuReserved (CPU units, unit None), MemoryUtilized, MemoryReserved (MiB, unit
 *   Megabytes), NetworkRxBytes, NetworkTxBytes (Bytes/Second; only when a task of the set has a
 *   network reading).
 * CpuReserved and MemoryReserved are the tasks' reservations and exist for every set that has a
 * RUNNING task, sampled or not. Counts (unit Count):
 *   {ClusterName}: TaskCount (RUNNING tasks), ServiceCount, ContainerInstanceCount,
 *     RunningTaskCount, PendingTaskCount;
 *   {ClusterName, ServiceName}: DesiredTaskCount, RunningTaskCount, PendingTaskCount,
 *     DeploymentCount (published for every service, 0 tasks included).
 * Enhanced adds, per RUNNING task with usage, {ClusterName, TaskDefinitionFamily, TaskId}: the six
 * usage metrics above plus TaskCpuUtilization and TaskMemoryUtilization (used x 100 / reserved,
 * Percent, when the reservation is not 0); and per container of such a task that has usage,
 * {ClusterName, ContainerName, TaskDefinitionFamily, TaskId}: ContainerCpuUtilized,
 * ContainerCpuReserved, ContainerMemoryUtilized, ContainerMemoryReserved, ContainerNetworkRxBytes,
 * ContainerNetworkTxBytes, and ContainerCpuUtilization / ContainerMemoryUtilization against the
 * container's own reservation when it has one.
 *
 * Example: one task of 512 units and 1,024 MiB whose container uses 25 % of a core (256 units) and
 * 256 MiB: CpuUtilized 256, CpuReserved 512, MemoryUtilized 256, MemoryReserved 1,024, and with
 * enhanced TaskCpuUtilization 50 % and TaskMemoryUtilization 25 %.
 */
std::vector<InsightsSample> insightsSamples(const InsightsCluster &cluster);

/// The task-level samples alone ({ClusterName, TaskDefinitionFamily, TaskId}), whatever the level:
/// what the console charts for a task (Enabled or Enhanced).
std::vector<InsightsSample> taskSamples(const QString &cluster, const InsightsTask &task);

/// Identities of the ECS/ContainerInsights dimension sets.
MetricId insightsClusterId(const QString &cluster, const QString &metricName);
MetricId insightsServiceId(const QString &cluster, const QString &service, const QString &metricName);
MetricId insightsFamilyId(const QString &cluster, const QString &family, const QString &metricName);
MetricId insightsTaskId(const QString &cluster, const QString &family, const QString &taskId,
                        const QString &metricName);
MetricId insightsContainerId(const QString &cluster, const QString &family, const QString &taskId,
                             const QString &container, const QString &metricName);

} // namespace fd::metrics
