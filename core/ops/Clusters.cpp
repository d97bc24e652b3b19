#include "ops/Clusters.h"

#include "model/Arn.h"
#include "registries/ClusterRegistry.h"
#include "registries/InstanceRegistry.h"
#include "registries/ServiceRegistry.h"
#include "registries/TaskRegistry.h"
#include "state/Kinds.h"
#include "state/Transaction.h"
#include "tags/TagRegistry.h"

namespace fd::ops {

using namespace state;

Result<Cluster> Clusters::create(const QString &name, const tags::TagList &tagList)
{
    const QString n = name.isEmpty() ? QStringLiteral("default") : name;
    if (!isValidName(n))
        return invalidParameter(QStringLiteral("clusterName: must be 1 to 255 letters, numbers, hyphens and "
                                               "underscores (got \"%1\")")
                                    .arg(n),
                                QStringLiteral("clusterName"));
    if (std::optional<Error> e = tags::validate(tagList))
        return *e;
    const Cluster *existing = m_clusterRegistry->find(n);
    if (existing && existing->status == u"ACTIVE") {
        // ECS: creating an existing cluster returns it; tags given again are kept rather than dropped.
        const tags::TagList current = m_tags->tags(kClusterKind, n);
        const tags::TagList next = tags::merged(current, tagList);
        if (next != current) {
            Transaction tx = begin();
            m_tags->stage(tx, kClusterKind, n, next, now());
            if (Status s = commit(std::move(tx)); !s)
                return s.error();
        }
        return withCounts(*existing);
    }

    Cluster c;
    c.name = n;
    c.status = QStringLiteral("ACTIVE");
    c.createdAt = now();
    Transaction tx = begin();
    m_clusterRegistry->stage(tx, c);
    m_tags->stage(tx, kClusterKind, n, tagList, c.createdAt);
    tx.event(makeEvent(kClusterKind, n, QStringLiteral("Cluster %1 created.").arg(n)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return c;
}

QList<Cluster> Clusters::list() const
{
    QList<Cluster> out;
    for (const Cluster &c : m_clusterRegistry->all()) {
        if (c.status == u"ACTIVE")
            out.append(withCounts(c));
    }
    return out;
}

std::optional<Cluster> Clusters::find(const QString &nameOrArn) const
{
    const Cluster *c = m_clusterRegistry->find(arn::clusterNameFrom(nameOrArn));
    if (!c)
        return std::nullopt;
    return withCounts(*c);
}

Result<Cluster> Clusters::active(const QString &nameOrArn) const
{
    const Cluster *c = m_clusterRegistry->find(arn::clusterNameFrom(nameOrArn.isEmpty() ? QStringLiteral("default")
                                                                                         : nameOrArn));
    if (!c)
        return clusterNotFound();
    if (c->status != u"ACTIVE")
        return makeError(QStringLiteral("ClusterNotFoundException"),
                         QStringLiteral("The referenced cluster was inactive."));
    return withCounts(*c);
}

Result<Cluster> Clusters::remove(const QString &nameOrArn)
{
    const QString n = arn::clusterNameFrom(nameOrArn);
    const Cluster *found = m_clusterRegistry->find(n);
    if (!found || found->status != u"ACTIVE")
        return clusterNotFound();
    const Cluster counted = withCounts(*found);
    if (counted.registeredContainerInstancesCount > 0)
        return makeError(QStringLiteral("ClusterContainsContainerInstancesException"),
                         QStringLiteral("The Cluster cannot be deleted while Container Instances are active."));
    if (counted.activeServicesCount > 0)
        return makeError(QStringLiteral("ClusterContainsServicesException"),
                         QStringLiteral("The Cluster cannot be deleted while Services are active."));
    if (counted.runningTasksCount + counted.pendingTasksCount > 0)
        return makeError(QStringLiteral("ClusterContainsTasksException"),
                         QStringLiteral("The Cluster cannot be deleted while Tasks are active."));

    Cluster c = *found;
    c.status = QStringLiteral("INACTIVE");
    Transaction tx = begin();
    m_clusterRegistry->stage(tx, c);
    tx.event(makeEvent(kClusterKind, n, QStringLiteral("Cluster %1 deleted.").arg(n)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return c;
}

Cluster Clusters::withCounts(Cluster c) const
{
    const registries::TaskRegistry::Counts tasks = m_taskRegistry->counts(c.name);
    c.registeredContainerInstancesCount = m_instanceRegistry->activeCount(c.name);
    c.runningTasksCount = tasks.running;
    c.pendingTasksCount = tasks.pending;
    c.activeServicesCount = m_serviceRegistry->activeCount(c.name);
    return c;
}

} // namespace fd::ops
