// Container instances: registering, draining, deregistering and their custom attributes.

#include "ops/Instances.h"

#include "ControlPlane.h"
#include "model/Arn.h"
#include "model/InstanceType.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "registries/InstanceRegistry.h"
#include "state/Kinds.h"
#include "state/Transaction.h"

#include <QRegularExpression>
#include <QUuid>

namespace fd::ops {

using namespace state;

namespace {

std::optional<Error> validateAttribute(const QString &name, const QString &value)
{
    static const QRegularExpression nameRe(QStringLiteral("^[A-Za-z0-9_/.-]{1,128}$"));
    if (!nameRe.match(name).hasMatch())
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("attributes: name \"%1\" must be 1 to 128 letters, numbers, hyphens, "
                                        "underscores, slashes and periods")
                             .arg(name),
                         QStringLiteral("attributes"));
    if (name.startsWith(u"ecs."))
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("attributes: %1 is a built-in attribute and cannot be changed").arg(name),
                         QStringLiteral("attributes"));
    if (value.size() > 128 || value.trimmed() != value)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("attributes: the value of %1 must be at most 128 characters with no leading "
                                        "or trailing whitespace")
                             .arg(name),
                         QStringLiteral("attributes"));
    return std::nullopt;
}

} // namespace


QStringList Instances::availabilityZones() const
{
    return {region() + u'a', region() + u'b', region() + u'c'};
}

Result<QList<ContainerInstance>> Instances::registerNew(const InstanceRequest &request)
{
    const std::optional<Cluster> cluster = m_cp.clusters().find(request.cluster);
    if (!cluster || cluster->status != u"ACTIVE")
        return clusterNotFound();
    const std::optional<Engine> eng = m_cp.engines().find(request.engineId);
    if (!eng)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("engine: no engine named \"%1\"").arg(request.engineId),
                         QStringLiteral("engine"));
    const std::optional<InstanceType> type = instanceType(request.instanceType);
    if (!type)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("instanceType: unknown type \"%1\"").arg(request.instanceType),
                         QStringLiteral("instanceType"));
    if (request.count < 1 || request.count > 10000)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("count: must be between 1 and 10000 (got %1)").arg(request.count),
                         QStringLiteral("count"));
    if ((!request.ec2InstanceId.isEmpty() || request.cpu || request.memoryMiB) && request.count != 1)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("count: an instance described by its agent registers alone"),
                         QStringLiteral("count"));
    if ((request.cpu && *request.cpu < 1) || (request.memoryMiB && *request.memoryMiB < 1))
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("totalResources: CPU and MEMORY must be positive"),
                         QStringLiteral("totalResources"));
    const bool spread = request.availabilityZones.isEmpty();
    const QStringList zones = spread ? availabilityZones() : request.availabilityZones;
    for (const QString &z : zones) {
        if (!availabilityZones().contains(z))
            return makeError(QStringLiteral("InvalidParameterException"),
                             QStringLiteral("availabilityZone: \"%1\" is not a zone of %2 (%3)")
                                 .arg(z, region(), availabilityZones().join(QStringLiteral(", "))),
                             QStringLiteral("availabilityZone"));
    }
    for (auto it = request.attributes.cbegin(); it != request.attributes.cend(); ++it) {
        if (std::optional<Error> e = validateAttribute(it.key(), it.value()))
            return *e;
    }

    const QDateTime now = Domain::now();
    QList<ContainerInstance> created;
    QList<Event> events;
    // Spreading fills the zones with the fewest registered instances of the cluster first, so that
    // instances added one at a time still balance across zones.
    QMap<QString, int> perZone;
    for (const QString &z : zones)
        perZone.insert(z, 0);
    for (const ContainerInstance &ci : m_instanceRegistry->all()) {
        if (ci.cluster == cluster->name && ci.status != InstanceStatus::Inactive && perZone.contains(ci.availabilityZone))
            ++perZone[ci.availabilityZone];
    }
    auto nextZone = [&](int i) {
        if (!spread)
            return zones[i % zones.size()];
        QString best = zones.first();
        for (const QString &z : zones) {
            if (perZone.value(z) < perZone.value(best))
                best = z;
        }
        ++perZone[best];
        return best;
    };
    for (int i = 0; i < request.count; ++i) {
        ContainerInstance ci;
        const QString uuid = QUuid::createUuid().toString(QUuid::Id128);
        ci.id = uuid;
        ci.ec2InstanceId = request.ec2InstanceId.isEmpty()
                               ? QStringLiteral("i-0") + QUuid::createUuid().toString(QUuid::Id128).left(16)
                               : request.ec2InstanceId;
        ci.cluster = cluster->name;
        ci.engineId = eng->id;
        ci.address = m_instanceRegistry->reserveAddress();
        ci.instanceType = type->name;
        ci.availabilityZone = nextZone(i);
        ci.registeredCpu = request.cpu.value_or(type->cpu);
        ci.registeredMemory = request.memoryMiB.value_or(type->memoryMiB);
        ci.customAttributes = request.attributes;
        ci.registeredAt = now;
        ci.agentConnected = eng->connected;
        ci.engineVersion = eng->version;
        created.append(ci);
        if (request.count <= 10)
            events.append(makeEvent(kInstanceKind, ci.ec2InstanceId,
                                    QStringLiteral("Container instance %1 (%2, %3, %4) registered in cluster %5 on "
                                                   "engine %6.")
                                        .arg(ci.ec2InstanceId, ci.instanceType, ci.availabilityZone, ci.address,
                                             ci.cluster, ci.engineId)));
    }
    if (request.count > 10)
        events.append(makeEvent(kClusterKind, cluster->name,
                                QStringLiteral("%1 container instances (%2) registered in cluster %3 on engine %4.")
                                    .arg(request.count)
                                    .arg(type->name, cluster->name, eng->id)));
    Transaction tx = begin();
    for (const ContainerInstance &ci : created)
        m_instanceRegistry->stage(tx, ci);
    tx.derived(kClusterKind, cluster->name);
    tx.events(std::move(events));
    if (Status s = commit(std::move(tx)); !s) {
        for (const ContainerInstance &ci : created)
            m_instanceRegistry->releaseAddress(ci.address);
        return s.error();
    }
    return created;
}

QList<ContainerInstance> Instances::list(const QString &cluster, std::optional<InstanceStatus> status) const
{
    const QString name = arn::clusterNameFrom(cluster);
    QList<ContainerInstance> out;
    for (const ContainerInstance &ci : m_instanceRegistry->all()) {
        if (!name.isEmpty() && ci.cluster != name)
            continue;
        if (status ? ci.status != *status : ci.status == InstanceStatus::Inactive)
            continue;
        out.append(ci);
    }
    return out;
}

std::optional<ContainerInstance> Instances::find(const QString &cluster, const QString &idOrArn) const
{
    const ContainerInstance *ci = m_instanceRegistry->find(cluster, idOrArn);
    return ci ? std::optional<ContainerInstance>(*ci) : std::nullopt;
}

Result<ContainerInstance> Instances::setState(const QString &cluster, const QString &idOrArn,
                                              InstanceStatus status)
{
    if (status == InstanceStatus::Inactive)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("status: must be ACTIVE or DRAINING; deregister to make an instance INACTIVE"),
                         QStringLiteral("status"));
    const ContainerInstance *ci = m_instanceRegistry->find(cluster, idOrArn);
    if (!ci)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("containerInstance: no container instance %1 in cluster %2").arg(idOrArn, cluster),
                         QStringLiteral("containerInstance"));
    if (ci->status == InstanceStatus::Inactive)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("containerInstance: %1 is deregistered (INACTIVE)").arg(ci->ec2InstanceId),
                         QStringLiteral("containerInstance"));
    if (ci->status == status)
        return *ci;
    ContainerInstance updated = *ci;
    updated.status = status;
    const QString message = status == InstanceStatus::Draining
                                ? QStringLiteral("Container instance %1 is DRAINING: no new tasks are placed on it.")
                                : QStringLiteral("Container instance %1 is ACTIVE again.");
    return save(updated, message.arg(updated.ec2InstanceId));
}

Result<ContainerInstance> Instances::deregister(const QString &cluster, const QString &idOrArn, bool force)
{
    const ContainerInstance *ci = m_instanceRegistry->find(cluster, idOrArn);
    if (!ci || ci->status == InstanceStatus::Inactive)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("containerInstance: no registered container instance %1 in cluster %2")
                             .arg(idOrArn, cluster),
                         QStringLiteral("containerInstance"));
    if (!force && ci->runningTasksCount + ci->pendingTasksCount > 0)
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("containerInstance: %1 still runs %2 task(s); stop them or deregister with "
                                        "force")
                             .arg(ci->ec2InstanceId)
                             .arg(ci->runningTasksCount + ci->pendingTasksCount),
                         QStringLiteral("containerInstance"));
    ContainerInstance updated = *ci;
    updated.status = InstanceStatus::Inactive;
    updated.deregisteredAt = now();
    updated.agentConnected = false;
    return save(updated,
                        QStringLiteral("Container instance %1 deregistered from cluster %2%3.")
                            .arg(updated.ec2InstanceId, updated.cluster, force ? QStringLiteral(" (forced)") : QString()),
                        true);
}

Result<ContainerInstance> Instances::putAttribute(const QString &cluster, const QString &idOrArn,
                                                  const QString &name, const QString &value)
{
    if (std::optional<Error> e = validateAttribute(name, value))
        return *e;
    const ContainerInstance *ci = m_instanceRegistry->find(cluster, idOrArn);
    if (!ci || ci->status == InstanceStatus::Inactive)
        return makeError(QStringLiteral("TargetNotFoundException"),
                         QStringLiteral("Could not find %1 in cluster %2.").arg(idOrArn, cluster),
                         QStringLiteral("targetId"));
    ContainerInstance updated = *ci;
    updated.customAttributes.insert(name, value);
    return save(updated,
                        QStringLiteral("Attribute %1%2 put on container instance %3.")
                            .arg(name, value.isEmpty() ? QString() : u'=' + value, updated.ec2InstanceId));
}

Result<ContainerInstance> Instances::deleteAttribute(const QString &cluster, const QString &idOrArn,
                                                     const QString &name)
{
    const ContainerInstance *ci = m_instanceRegistry->find(cluster, idOrArn);
    if (!ci || ci->status == InstanceStatus::Inactive)
        return makeError(QStringLiteral("TargetNotFoundException"),
                         QStringLiteral("Could not find %1 in cluster %2.").arg(idOrArn, cluster),
                         QStringLiteral("targetId"));
    if (name.startsWith(u"ecs."))
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("attributes: %1 is a built-in attribute and cannot be deleted").arg(name),
                         QStringLiteral("attributes"));
    if (!ci->customAttributes.contains(name))
        return *ci; // as ECS: deleting an absent attribute is not an error
    ContainerInstance updated = *ci;
    updated.customAttributes.remove(name);
    return save(updated,
                        QStringLiteral("Attribute %1 deleted from container instance %2.").arg(name, updated.ec2InstanceId));
}

Result<ContainerInstance> Instances::save(const ContainerInstance &updated, const QString &message,
                                         bool clusterCountsChange)
{
    Transaction tx = begin();
    m_instanceRegistry->stage(tx, updated);
    if (clusterCountsChange)
        tx.derived(kClusterKind, updated.cluster);
    tx.event(makeEvent(kInstanceKind, updated.ec2InstanceId, message));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return updated;
}

QString Instances::describe(const QString &instanceId) const
{
    const ContainerInstance *ci = m_instanceRegistry->find(instanceId);
    if (!ci)
        return instanceId;
    return QStringLiteral("%1 (%2)").arg(ci->ec2InstanceId, ci->availabilityZone);
}

} // namespace fd::ops
