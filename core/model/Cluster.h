#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace fd {

// One entry of a capacity provider strategy: the provider's short name, its weight (0 to 1000) and
// base (0 to 100000). ECS reads an absent weight or base as 0 and describes them back as 0.
struct CapacityProviderStrategyItem
{
    QString capacityProvider;
    int weight = 0;
    int base = 0;

    bool operator==(const CapacityProviderStrategyItem &) const = default;
};

// A cluster's `configuration` as far as Fleetdeck honours it: executeCommandConfiguration with its
// `logging` (DEFAULT or NONE; there is no KMS key, CloudWatch Logs group or S3 bucket to point at).
struct ClusterConfiguration
{
    bool hasExecuteCommandConfiguration = false;
    QString executeCommandLogging; // empty: not given

    bool operator==(const ClusterConfiguration &) const = default;
};

struct Cluster
{
    QString name;
    QString status = QStringLiteral("ACTIVE"); // ACTIVE, INACTIVE (deleted clusters are INACTIVE)
    QDateTime createdAt;
    // Counts are derived from the other resources; later issues fill them.
    int registeredContainerInstancesCount = 0;
    int runningTasksCount = 0;
    int pendingTasksCount = 0;
    int activeServicesCount = 0;
    // The containerInsights setting: enabled, disabled or enhanced.
    QString containerInsights = QStringLiteral("disabled");
    std::optional<ClusterConfiguration> configuration; // nullopt: never given
    // PutClusterCapacityProviders (or CreateCluster): the providers associated with the cluster and
    // the strategy tasks and services use when they name neither a launch type nor a strategy.
    QStringList capacityProviders;
    QList<CapacityProviderStrategyItem> defaultCapacityProviderStrategy;
};

} // namespace fd
