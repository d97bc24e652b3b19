#include "ops/Clusters.h"

#include "model/Arn.h"
#include "model/Service.h"
#include "model/Task.h"
#include "registries/ClusterRegistry.h"
#include "registries/InstanceRegistry.h"
#include "registries/ServiceRegistry.h"
#include "registries/TaskRegistry.h"
#include "state/Kinds.h"
#include "state/Transaction.h"
#include "tags/TagRegistry.h"

namespace fd::ops {

using namespace state;

namespace {

constexpr int kMaxCapacityProvidersPerCluster = 20;
constexpr int kMaxStrategyItems = 20;

// What `spec` would make of `c` (unset members keep c's).
Cluster applied(Cluster c, const ClusterSpec &spec)
{
    if (spec.containerInsights)
        c.containerInsights = *spec.containerInsights;
    if (spec.configuration)
        c.configuration = *spec.configuration;
    if (spec.capacityProviders)
        c.capacityProviders = *spec.capacityProviders;
    if (spec.defaultCapacityProviderStrategy)
        c.defaultCapacityProviderStrategy = *spec.defaultCapacityProviderStrategy;
    return c;
}

bool sameSettings(const Cluster &a, const Cluster &b)
{
    return a.containerInsights == b.containerInsights && a.configuration == b.configuration &&
           a.capacityProviders == b.capacityProviders &&
           a.defaultCapacityProviderStrategy == b.defaultCapacityProviderStrategy;
}

} // namespace

std::optional<Error> Clusters::checkCapacityProviders(const QStringList &providers,
                                                      const QList<CapacityProviderStrategyItem> &strategy)
{
    const auto notFound = [](const QString &name) {
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("The specified capacity provider %1 was not found. Specify a valid capacity "
                                        "provider and try again. (Fleetdeck has %2; providers backed by Auto Scaling "
                                        "groups are not available yet.)")
                             .arg(name, kBuiltInCapacityProviders.join(QStringLiteral(" and "))));
    };
    if (providers.size() > kMaxCapacityProvidersPerCluster)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("The maximum number of capacity providers per cluster has been exceeded "
                                        "(%1 given, at most %2).")
                             .arg(providers.size())
                             .arg(kMaxCapacityProvidersPerCluster));
    for (qsizetype i = 0; i < providers.size(); ++i) {
        if (!kBuiltInCapacityProviders.contains(providers[i]))
            return notFound(providers[i]);
        if (providers.indexOf(providers[i]) != i)
            return makeError(QStringLiteral("InvalidParameterException"),
                             QStringLiteral("capacityProviders: %1 is listed twice.").arg(providers[i]));
    }
    if (strategy.size() > kMaxStrategyItems)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("defaultCapacityProviderStrategy: at most %1 capacity providers (%2 given).")
                             .arg(kMaxStrategyItems)
                             .arg(strategy.size()));
    int withBase = 0;
    bool anyWeight = false;
    QStringList seen;
    for (const CapacityProviderStrategyItem &item : strategy) {
        if (item.capacityProvider.isEmpty())
            return makeError(QStringLiteral("InvalidParameterException"),
                             QStringLiteral("defaultCapacityProviderStrategy: each item needs a capacityProvider."));
        if (!kBuiltInCapacityProviders.contains(item.capacityProvider))
            return notFound(item.capacityProvider);
        if (!providers.contains(item.capacityProvider))
            return makeError(
                QStringLiteral("InvalidParameterException"),
                QStringLiteral("The specified capacity provider strategy cannot contain a capacity provider that is "
                               "not associated with the cluster (%1). Associate the capacity provider with the cluster "
                               "or specify a valid capacity provider and try again.")
                    .arg(item.capacityProvider));
        if (seen.contains(item.capacityProvider))
            return makeError(QStringLiteral("InvalidParameterException"),
                             QStringLiteral("defaultCapacityProviderStrategy: %1 appears twice; each capacity "
                                            "provider may appear once in a strategy.")
                                 .arg(item.capacityProvider));
        seen.append(item.capacityProvider);
        if (item.weight < 0 || item.weight > 1000)
            return makeError(QStringLiteral("InvalidParameterException"),
                             QStringLiteral("defaultCapacityProviderStrategy: the weight of %1 must be 0 to 1000 "
                                            "(got %2).")
                                 .arg(item.capacityProvider)
                                 .arg(item.weight));
        if (item.base < 0 || item.base > 100000)
            return makeError(QStringLiteral("InvalidParameterException"),
                             QStringLiteral("defaultCapacityProviderStrategy: the base of %1 must be 0 to 100000 "
                                            "(got %2).")
                                 .arg(item.capacityProvider)
                                 .arg(item.base));
        withBase += item.base > 0 ? 1 : 0;
        anyWeight = anyWeight || item.weight > 0;
    }
    if (withBase > 1)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("defaultCapacityProviderStrategy: only one capacity provider in a strategy "
                                        "can have a base defined (%1 have a base above 0).")
                             .arg(withBase));
    if (!strategy.isEmpty() && !anyWeight)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("defaultCapacityProviderStrategy: at least one capacity provider must have a "
                                        "weight greater than zero; providers with weight 0 cannot place tasks."));
    return std::nullopt;
}

// Why `provider` cannot leave `cluster`: a task that has not stopped runs on it, or a service's
// strategy names it (its next tasks would have nowhere to go). Empty: nothing uses it.
QString Clusters::providerUse(const QString &cluster, const QString &provider) const
{
    for (const Task &t : m_taskRegistry->all()) {
        if (t.cluster == cluster && !t.isStopped() && t.capacityProviderName == provider)
            return QStringLiteral("task %1 runs on it").arg(t.id);
    }
    for (const Service &v : m_serviceRegistry->all()) {
        if (v.cluster != cluster || v.status == ServiceStatus::Inactive)
            continue;
        for (const CapacityProviderStrategyItem &item : v.capacityProviderStrategy) {
            if (item.capacityProvider == provider)
                return QStringLiteral("service %1's capacity provider strategy names it").arg(v.name);
        }
    }
    return {};
}

Result<Cluster> Clusters::update(const QString &nameOrArn, const ClusterSpec &spec)
{
    Result<Cluster> current = active(nameOrArn);
    if (!current)
        return current.error();
    const Cluster next = applied(*current, spec);
    if (std::optional<Error> e = checkCapacityProviders(next.capacityProviders, next.defaultCapacityProviderStrategy))
        return *e;
    // ECS keeps a provider on a cluster while anything uses it (PutClusterCapacityProviders'
    // ResourceInUseException, in ECS's words, followed by what uses it).
    for (const QString &provider : current->capacityProviders) {
        if (next.capacityProviders.contains(provider))
            continue;
        if (const QString use = providerUse(current->name, provider); !use.isEmpty())
            return makeError(QStringLiteral("ResourceInUseException"),
                             QStringLiteral("The specified capacity provider is in use and cannot be removed. "
                                            "(%1 on cluster %2: %3.)")
                                 .arg(provider, current->name, use));
    }
    if (sameSettings(next, *current))
        return next;
    Transaction tx = begin();
    m_clusterRegistry->stage(tx, next);
    QStringList what;
    if (spec.containerInsights && *spec.containerInsights != current->containerInsights)
        what << QStringLiteral("containerInsights %1").arg(*spec.containerInsights);
    if (spec.configuration && spec.configuration != current->configuration)
        what << QStringLiteral("configuration");
    if (next.capacityProviders != current->capacityProviders ||
        next.defaultCapacityProviderStrategy != current->defaultCapacityProviderStrategy)
        what << QStringLiteral("capacity providers [%1]").arg(next.capacityProviders.join(QStringLiteral(", ")));
    tx.event(makeEvent(kClusterKind, next.name,
                       QStringLiteral("Cluster %1 updated: %2.").arg(next.name, what.join(QStringLiteral("; ")))));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return next;
}

Result<Cluster> Clusters::create(const QString &name, const tags::TagList &tagList, const ClusterSpec &spec)
{
    const QString n = name.isEmpty() ? QStringLiteral("default") : name;
    if (!isValidName(n))
        return invalidParameter(QStringLiteral("clusterName: must be 1 to 255 letters, numbers, hyphens and "
                                               "underscores (got \"%1\")")
                                    .arg(n),
                                QStringLiteral("clusterName"));
    if (std::optional<Error> e = tags::validate(tagList))
        return *e;
    if (std::optional<Error> e = checkCapacityProviders(
            spec.capacityProviders.value_or(QStringList()),
            spec.defaultCapacityProviderStrategy.value_or(QList<CapacityProviderStrategyItem>())))
        return *e;
    const Cluster *existing = m_clusterRegistry->find(n);
    if (existing && existing->status == u"ACTIVE") {
        if (!sameSettings(applied(*existing, spec), *existing))
            return makeError(QStringLiteral("InvalidParameterException"),
                             QStringLiteral("Arguments on this idempotent request are inconsistent with arguments used "
                                            "in previous request(s): cluster %1 exists with other settings, "
                                            "configuration or capacity providers (change them with UpdateCluster or "
                                            "PutClusterCapacityProviders).")
                                 .arg(n));
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

    Cluster c = applied(Cluster(), spec);
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
