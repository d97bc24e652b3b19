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
    reindex();
    return Ok{};
}

void ServiceRegistry::reindex()
{
    m_index.clear();
    m_index.reserve(m_services.size());
    m_keys.clear();
    m_keys.reserve(m_services.size());
    for (qsizetype i = 0; i < m_services.size(); ++i) {
        m_keys.append(key(m_services[i]));
        m_index.insert(m_keys.last(), i);
    }
}

const Service *ServiceRegistry::find(const QString &cluster, const QString &name) const
{
    const qsizetype i = m_index.value(key(cluster, name), -1);
    return i < 0 ? nullptr : &m_services[i];
}

const Service *ServiceRegistry::findByKey(const QString &key) const
{
    const qsizetype i = m_index.value(key, -1);
    return i < 0 ? nullptr : &m_services[i];
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
    const QString k = key(service);
    if (const qsizetype i = m_index.value(k, -1); i >= 0) {
        m_services[i] = service;
        return;
    }
    m_index.insert(k, m_services.size());
    m_keys.append(k);
    m_services.append(service);
}

} // namespace fd::registries
