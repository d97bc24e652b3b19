#pragma once

#include "ops/Domain.h"
#include "model/ContainerInstance.h"

#include <QList>
#include <QMap>
#include <QStringList>

#include <optional>

namespace fd::ops {

struct InstanceRequest
{
    QString cluster;
    QString engineId;
    QString instanceType = QStringLiteral("t3.medium");
    QStringList availabilityZones; // used in turn; empty: every zone of the region in turn
    int count = 1;
    QMap<QString, QString> attributes;
    // RegisterContainerInstance (one instance, as the ECS agent describes it): its EC2 instance id
    // and the CPU units and MiB it offers, instead of generated ones and the instance type's.
    QString ec2InstanceId;
    std::optional<int> cpu;
    std::optional<int> memoryMiB;
};

// Container instances: registering, draining, deregistering, custom attributes.
class Instances final : public Domain
{
public:
    Instances(ControlPlane &cp, const Registries &r) : Domain(cp, r) {}

    Result<QList<ContainerInstance>> registerNew(const InstanceRequest &request);
    // Of one cluster (empty: all), registration order. No status means ACTIVE and DRAINING.
    QList<ContainerInstance> list(const QString &cluster = {}, std::optional<InstanceStatus> status = {}) const;
    std::optional<ContainerInstance> find(const QString &cluster, const QString &idOrArn) const;
    // ACTIVE <-> DRAINING.
    Result<ContainerInstance> setState(const QString &cluster, const QString &idOrArn, InstanceStatus status);
    // Makes it INACTIVE. Refuses while it runs tasks unless `force`.
    Result<ContainerInstance> deregister(const QString &cluster, const QString &idOrArn, bool force);
    // Names are 1-128 of [A-Za-z0-9-_/.], values up to 128 characters with no leading or trailing
    // whitespace; the built-in ecs.* attributes cannot be changed.
    Result<ContainerInstance> putAttribute(const QString &cluster, const QString &idOrArn, const QString &name,
                                           const QString &value);
    Result<ContainerInstance> deleteAttribute(const QString &cluster, const QString &idOrArn, const QString &name);
    // us-east-1a, us-east-1b, us-east-1c for the default region.
    QStringList availabilityZones() const;
    // Engines and instances as stored, read in place by the controllers.
    const registries::InstanceRegistry &registry() const { return *m_instanceRegistry; }
    // "i-0abc... (us-east-1a)", as events name an instance.
    QString describe(const QString &instanceId) const;

private:
    // Commits the instance as `updated` with one journal event.
    Result<ContainerInstance> save(const ContainerInstance &updated, const QString &message,
                                   bool clusterCountsChange = false);
};

} // namespace fd::ops
