#pragma once

// What every domain's operations share: the control plane they commit through and the registries
// they read and stage writes into. A domain object (Clusters, Tasks, ...) derives from Domain; the
// ControlPlane builds one of each and hands them out.

#include "Result.h"
#include "model/Event.h"
#include "state/Forward.h"

#include <QString>

namespace fd {

class Clock;
class ControlPlane;
class Store;
namespace registries {
class ClusterRegistry;
class InstanceRegistry;
class ServiceRegistry;
class TaskDefinitionRegistry;
class TaskRegistry;
} // namespace registries
namespace tags {
class TagRegistry;
}

namespace ops {

// The registries of one control plane, owned by it.
struct Registries
{
    registries::ClusterRegistry *clusters;
    registries::TaskDefinitionRegistry *taskDefinitions;
    registries::InstanceRegistry *instances; // engines and container instances
    registries::TaskRegistry *tasks;
    registries::ServiceRegistry *services;
    tags::TagRegistry *tags;
};

class Domain
{
public:
    Domain(const Domain &) = delete;
    Domain &operator=(const Domain &) = delete;

protected:
    Domain(ControlPlane &cp, const Registries &r);
    ~Domain() = default;

    state::Transaction begin() const;
    // A transaction for what the engines report: attributed to the engine monitor unless a cause is set.
    state::Transaction observation() const;
    Status commit(state::Transaction &&tx);
    QDateTime now() const;
    QString region() const;
    Event makeEvent(const QString &type, const QString &resource, const QString &message) const;

    ControlPlane &m_cp;
    registries::ClusterRegistry *const m_clusterRegistry;
    registries::TaskDefinitionRegistry *const m_taskDefinitionRegistry;
    registries::InstanceRegistry *const m_instanceRegistry;
    registries::TaskRegistry *const m_taskRegistry;
    registries::ServiceRegistry *const m_serviceRegistry;
    tags::TagRegistry *const m_tags;
};

// Errors more than one domain answers with.
Error invalidParameter(const QString &message, const QString &field = {});
Error clusterNotFound();
// 1 to 255 letters, numbers, hyphens and underscores (cluster, engine and service names).
bool isValidName(const QString &name);

} // namespace ops
} // namespace fd
