#pragma once

#include "Result.h"
#include "model/Service.h"
#include "state/Forward.h"

#include <QList>

namespace fd::registries {

// Every service, INACTIVE ones included, in creation order. Its change id is "cluster/name".
class ServiceRegistry final
{
public:
    static QString key(const Service &v) { return v.cluster + u'/' + v.name; }

    Status load(const Store &store);
    const QList<Service> &all() const { return m_services; }
    const Service *find(const QString &cluster, const QString &name) const;
    int activeCount(const QString &cluster) const; // ACTIVE and DRAINING
    void stage(state::Transaction &tx, const Service &service);

private:
    void apply(const Service &service);
    QList<Service> m_services;
};

} // namespace fd::registries
