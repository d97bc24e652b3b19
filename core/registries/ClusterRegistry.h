#pragma once

#include "Result.h"
#include "model/Cluster.h"
#include "state/Forward.h"

#include <QList>

namespace fd::registries {

// Every cluster ever created, ACTIVE or INACTIVE, by name. Counts are not kept here: the control
// plane adds them from the instance, task and service registries when it hands a cluster out.
class ClusterRegistry final
{
public:
    Status load(const Store &store);
    const QList<Cluster> &all() const { return m_clusters; }
    const Cluster *find(const QString &name) const;
    void stage(state::Transaction &tx, const Cluster &cluster);

private:
    void apply(const Cluster &cluster);
    QList<Cluster> m_clusters; // by name
};

} // namespace fd::registries
