#pragma once

#include "ops/Domain.h"
#include "model/Cluster.h"
#include "tags/Tag.h"

#include <QList>

#include <optional>

namespace fd::ops {

// Clusters: CreateCluster, DeleteCluster, and the clusters with their counts.
class Clusters final : public Domain
{
public:
    Clusters(ControlPlane &cp, const Registries &r) : Domain(cp, r) {}

    // Creating an existing ACTIVE name returns it unchanged (as ECS does); creating a deleted
    // (INACTIVE) name makes it ACTIVE again. `tags` are validated and kept (merged into an existing
    // cluster's), in the same transaction. An empty name is "default".
    Result<Cluster> create(const QString &name, const tags::TagList &tags = {});
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
    Cluster withCounts(Cluster c) const; // counts kept by the registries, nothing walks every task
};

} // namespace fd::ops
