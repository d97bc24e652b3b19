#pragma once

#include "metrics/MetricId.h"
#include "model/ContainerInstance.h"

#include <optional>
#include <vector>

namespace fd {
struct TaskDefinitionSpec;
}

// The AWS/ECS metrics by their documented formulas (ECS-SEMANTICS 1.9), as pure functions of plain
// structs the controllers fill in. No clock, no store: the caller puts the results into the
// MetricStore once a minute (ECS publishes 1-minute aggregates).
namespace fd::metrics {

/// CPU units and MiB.
struct Units
{
    double cpu = 0;
    double memoryMiB = 0;
};

/**
 * What one task of `spec` reserves: the task-level cpu/memory when set; otherwise the sum over its
 * containers of cpu, and of memoryReservation when set, else memory (ECS's rule for
 * MemoryReservation). Example: containers {cpu 256, memory 512} and {cpu 256, memoryReservation
 * 128, memory 1024}: 512 units and 640 MiB.
 */
Units taskReservation(const TaskDefinitionSpec &spec);

/// Docker's CPU % (100 = one core) in ECS CPU units (1,024 per core): 50 % is 512 units.
double cpuUnitsFromDockerPercent(double dockerCpuPercent);

/// One container instance of a cluster, with the sums over the tasks running on it.
struct InstanceUsage
{
    InstanceStatus status = InstanceStatus::Active;
    Units registered; ///< what the instance registered
    Units reserved;   ///< what its running tasks reserve (taskReservation summed)
    Units used;       ///< what its tasks use now
};

/// A cluster's four metrics, in percent; nullopt when no ACTIVE or DRAINING instance registers
/// any units of that kind (nothing to divide by: CloudWatch has no datapoint then).
struct ClusterMetrics
{
    std::optional<double> cpuReservation;
    std::optional<double> memoryReservation;
    std::optional<double> cpuUtilization;
    std::optional<double> memoryUtilization;
};

/**
 * CPUReservation = units reserved by running tasks x 100 / units registered, MemoryReservation
 * likewise, CPUUtilization / MemoryUtilization = units used x 100 / units registered; only ACTIVE
 * and DRAINING instances count (their tasks and their registered units).
 * Worked example (ECS docs): instances of 16,384 + 2,048 units and 30,158 + 3,768 MiB, 10 tasks of
 * 1,024 units and 2,048 MiB: 10,240 / 18,432 = 55.6 % CPU and 20,480 / 33,926 = 60.4 % memory
 * reservation (the console shows 55 % and 60 %).
 */
ClusterMetrics clusterMetrics(const std::vector<InstanceUsage> &instances);

/// A service's inputs: its task definition's units per task, its running task count and what
/// those tasks use together.
struct ServiceUsage
{
    Units perTask;               ///< taskReservation() of the service's task definition
    bool cpuAtTaskLevel = false; ///< the task definition sets cpu at task level
    int runningTasks = 0;
    Units used;
};

struct ServiceMetrics
{
    std::optional<double> cpuUtilization;
    std::optional<double> memoryUtilization;
};

/**
 * CPUUtilization = units used x 100 / (units per task x running tasks), MemoryUtilization likewise.
 * Either can exceed 100 %: a 512-unit task alone and busy on a 2,048-unit instance uses 2,048
 * units, which is 400 %; memory can when only memoryReservation (a soft limit) is set. CPU is
 * capped at 100 % when the task definition sets cpu at task level (a hard limit). nullopt with no
 * running task or no units to divide by.
 */
ServiceMetrics serviceMetrics(const ServiceUsage &service);

/// AWS/ECS metric identities: {ClusterName} and {ClusterName, ServiceName}.
MetricId clusterMetricId(const QString &cluster, const QString &metricName);
MetricId serviceMetricId(const QString &cluster, const QString &service, const QString &metricName);

} // namespace fd::metrics
