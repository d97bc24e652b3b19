#pragma once

#include "Result.h"
#include "model/Service.h"
#include "state/Forward.h"

#include <QHash>
#include <QList>
#include <QStringList>

namespace fd::registries {

// Every service, INACTIVE ones included, in creation order, with an index by "cluster/name" (its
// change id), so that finding one is a lookup, not a scan of every service. Services are never
// removed (a deleted one stays INACTIVE), so positions in the list never move.
class ServiceRegistry final
{
public:
    static QString key(const Service &v) { return key(v.cluster, v.name); }
    static QString key(const QString &cluster, const QString &name) { return cluster + u'/' + name; }

    Status load(const Store &store);
    const QList<Service> &all() const { return m_services; }
    const Service *find(const QString &cluster, const QString &name) const;
    // By the "cluster/name" key itself (the service controller's key): no key is built.
    const Service *findByKey(const QString &key) const;
    // The key of each service, parallel to all().
    const QStringList &keys() const { return m_keys; }
    int activeCount(const QString &cluster) const; // ACTIVE and DRAINING
    void stage(state::Transaction &tx, const Service &service);

private:
    void apply(const Service &service);
    void reindex();

    QList<Service> m_services;
    QHash<QString, qsizetype> m_index; // "cluster/name" -> position in m_services
    QStringList m_keys;                // "cluster/name" of each service, in m_services' order
};

} // namespace fd::registries
