#pragma once

#include "ops/Domain.h"
#include "model/Cluster.h"
#include "tags/Tag.h"

#include <QList>

#include <optional>

namespace fd::ops {

// The capacity providers every account has (ECS's built-in Fargate providers). Providers backed by
// Auto Scaling groups need those groups, which do not exist yet: these two are all there is.
inline const QStringList kBuiltInCapacityProviders = {QStringLiteral("FARGATE"), QStringLiteral("FARGATE_SPOT")};

// What CreateCluster, UpdateCluster and PutClusterCapacityProviders may set besides the name and
// tags; an unset member leaves the cluster's value (or the default) alone.
struct ClusterSpec
{
    std::optional<QString> containerInsights; // enabled, disabled, enhanced
    std::optional<ClusterConfiguration> configuration;
    std::optional<QStringList> capacityProviders;
    std::optional<QList<CapacityProviderStrategyItem>> defaultCapacityProviderStrategy;
};

// Clusters: CreateCluster, DeleteCluster, and the clusters with their counts.
class Clusters final : public Domain
{
public:
    Clusters(ControlPlane &cp, const Registries &r) : Domain(cp, r) {}

    // Creating an existing ACTIVE name returns it unchanged (as ECS does); creating a deleted
    // (INACTIVE) name makes it ACTIVE again. `tags` are validated and kept (merged into an existing
    // cluster's), in the same transaction. An empty name is "default".
    // `spec` sets the new cluster's settings, configuration and capacity providers; given again for an
    // ACTIVE cluster they must match what it has (ECS: "Arguments on this idempotent request are
    // inconsistent ...").
    Result<Cluster> create(const QString &name, const tags::TagList &tags = {}, const ClusterSpec &spec = {});
    // UpdateCluster / UpdateClusterSettings / PutClusterCapacityProviders: the given members of `spec`
    // replace the cluster's, checked as ECS checks them (known providers, a strategy over associated
    // providers, weights 0-1000 with one above 0, one base above 0 at most, bases 0-100000). A
    // provider a task runs on or a service's strategy names cannot be removed (ResourceInUseException).
    Result<Cluster> update(const QString &nameOrArn, const ClusterSpec &spec);
    // The checks update() makes, for a request before anything is stored (member: the request's name
    // of the providers list, for the message).
    static std::optional<Error> checkCapacityProviders(const QStringList &providers,
                                                       const QList<CapacityProviderStrategyItem> &strategy);
    // ACTIVE clusters, by name.
    QList<Cluster> list() const;
    // ACTIVE or INACTIVE.
    std::optional<Cluster> find(const QString &nameOrArn) const;
    // Refuses with ClusterContains{ContainerInstances,Services,Tasks}Exception while the cluster has
    // any; ClusterNotFoundException when there is no such ACTIVE cluster.
    Result<Cluster> remove(const QString &nameOrArn);
    // An ACTIVE cluster or ECS's errors for a missing or inactive one (an empty name is "default").
    Result<Cluster> active(const QString &nameOrArn) const;

private:
    QString providerUse(const QString &cluster, const QString &provider) const;
    Cluster withCounts(Cluster c) const; // counts kept by the registries, nothing walks every task
};

} // namespace fd::ops
