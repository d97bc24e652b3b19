#include "ServiceRegistry.h"

#include "state/Kinds.h"
#include "state/Transaction.h"
#include "store/Store.h"

namespace fd::registries {

Status ServiceRegistry::load(const Store &store)
{
    Result<QList<Service>> services = store.loadServices();
    if (!services)
        return services.error();
    m_services = std::move(services).value();
    return Ok{};
}

const Service *ServiceRegistry::find(const QString &cluster, const QString &name) const
{
    for (const Service &v : m_services) {
        if (v.cluster == cluster && v.name == name)
            return &v;
    }
    return nullptr;
}

int ServiceRegistry::activeCount(const QString &cluster) const
{
    int n = 0;
    for (const Service &v : m_services)
        n += v.cluster == cluster && v.status != ServiceStatus::Inactive;
    return n;
}

void ServiceRegistry::stage(state::Transaction &tx, const Service &service)
{
    tx.put(state::kServiceKind, key(service), [service](Store &store) { return store.putService(service); },
           [this, service] { apply(service); });
}

void ServiceRegistry::apply(const Service &service)
{
    for (Service &v : m_services) {
        if (v.cluster == service.cluster && v.name == service.name) {
            v = service;
            return;
        }
    }
    m_services.append(service);
}

} // namespace fd::registries
