#include "ClusterRegistry.h"

#include "state/Kinds.h"
#include "state/Transaction.h"
#include "store/Store.h"

#include <algorithm>

namespace fd::registries {

Status ClusterRegistry::load(const Store &store)
{
    Result<QList<Cluster>> clusters = store.loadClusters();
    if (!clusters)
        return clusters.error();
    m_clusters = std::move(clusters).value();
    return Ok{};
}

const Cluster *ClusterRegistry::find(const QString &name) const
{
    auto it = std::lower_bound(m_clusters.cbegin(), m_clusters.cend(), name,
                               [](const Cluster &a, const QString &b) { return a.name < b; });
    return it != m_clusters.cend() && it->name == name ? &*it : nullptr;
}

void ClusterRegistry::stage(state::Transaction &tx, const Cluster &cluster)
{
    tx.put(state::kClusterKind, cluster.name, [cluster](Store &store) { return store.putCluster(cluster); },
           [this, cluster] { apply(cluster); });
}

void ClusterRegistry::apply(const Cluster &cluster)
{
    auto it = std::lower_bound(m_clusters.begin(), m_clusters.end(), cluster.name,
                               [](const Cluster &a, const QString &b) { return a.name < b; });
    if (it != m_clusters.end() && it->name == cluster.name)
        *it = cluster;
    else
        m_clusters.insert(it, cluster);
}

} // namespace fd::registries
