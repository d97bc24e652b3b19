#include "InstanceRegistry.h"

#include "model/Arn.h"
#include "state/Kinds.h"
#include "state/Transaction.h"
#include "store/Store.h"

namespace fd::registries {

Status InstanceRegistry::load(const Store &store, const QList<Task> &tasks)
{
    Result<QList<Engine>> engines = store.loadEngines();
    if (!engines)
        return engines.error();
    Result<QList<ContainerInstance>> instances = store.loadContainerInstances();
    if (!instances)
        return instances.error();
    m_engines = std::move(engines).value();
    m_instances = std::move(instances).value();
    ++m_generation;
    m_index.clear();
    m_byEc2.clear();
    m_usedAddresses.clear();
    for (qsizetype i = 0; i < m_instances.size(); ++i) {
        m_index.insert(m_instances[i].id, i);
        m_byEc2.insert(m_instances[i].ec2InstanceId, i);
        m_usedAddresses.insert(m_instances[i].address);
    }
    for (const Task &t : tasks)
        accountTask(nullptr, &t);
    return Ok{};
}

const Engine *InstanceRegistry::engine(const QString &id) const
{
    for (const Engine &e : m_engines) {
        if (e.id == id)
            return &e;
    }
    return nullptr;
}

const ContainerInstance *InstanceRegistry::find(const QString &id) const
{
    const qsizetype i = m_index.value(id, -1);
    return i < 0 ? nullptr : &m_instances[i];
}

ContainerInstance *InstanceRegistry::mutableFind(const QString &id)
{
    const qsizetype i = m_index.value(id, -1);
    return i < 0 ? nullptr : &m_instances[i];
}

const ContainerInstance *InstanceRegistry::findByEc2(const QString &ec2InstanceId) const
{
    const qsizetype i = m_byEc2.value(ec2InstanceId, -1);
    return i < 0 ? nullptr : &m_instances[i];
}

QString InstanceRegistry::ec2InstanceIdOf(const QString &id) const
{
    const ContainerInstance *ci = find(id);
    return ci ? ci->ec2InstanceId : QString();
}

const ContainerInstance *InstanceRegistry::find(const QString &cluster, const QString &idOrArn) const
{
    const QString id = arn::containerInstanceIdFrom(idOrArn);
    const QString clusterName = arn::clusterNameFrom(cluster);
    const ContainerInstance *ci = find(id);
    if (!ci)
        ci = findByEc2(id); // the console and the CLI also know instances by their EC2 instance id
    if (!ci || (!cluster.isEmpty() && ci->cluster != clusterName))
        return nullptr;
    return ci;
}

int InstanceRegistry::activeCount(const QString &cluster) const
{
    int n = 0;
    for (const ContainerInstance &ci : m_instances)
        n += ci.cluster == cluster && ci.status != InstanceStatus::Inactive;
    return n;
}

QString InstanceRegistry::reserveAddress()
{
    // 127.0.0.0/8 is all loopback: instance k gets 127.(k>>16).(k>>8).(k&255), skipping .0 and .255.
    for (;;) {
        const quint32 k = m_nextAddress++;
        const quint32 last = k & 0xff;
        if (last == 0 || last == 255)
            continue;
        const QString a = QStringLiteral("127.%1.%2.%3").arg((k >> 16) & 0xff).arg((k >> 8) & 0xff).arg(last);
        if (!m_usedAddresses.contains(a)) {
            m_usedAddresses.insert(a);
            return a;
        }
    }
}

void InstanceRegistry::releaseAddress(const QString &address)
{
    m_usedAddresses.remove(address);
}

void InstanceRegistry::stageEngine(state::Transaction &tx, const Engine &engine)
{
    tx.put(state::kEngineKind, engine.id, [engine](Store &store) { return store.putEngine(engine); }, [this, engine] {
        for (Engine &e : m_engines) {
            if (e.id == engine.id) {
                e = engine;
                return;
            }
        }
        m_engines.append(engine);
    });
}

void InstanceRegistry::stage(state::Transaction &tx, const ContainerInstance &instance)
{
    tx.put(state::kInstanceKind, instance.id,
           [instance](Store &store) { return store.putContainerInstance(instance); },
           [this, instance] { apply(instance); });
}

void InstanceRegistry::apply(const ContainerInstance &instance)
{
    ++m_generation;
    ContainerInstance *ci = mutableFind(instance.id);
    if (!ci) {
        m_index.insert(instance.id, m_instances.size());
        m_byEc2.insert(instance.ec2InstanceId, m_instances.size());
        m_instances.append(instance);
        m_usedAddresses.insert(instance.address);
        return;
    }
    // Usage is observed here, not in the written value: keep it.
    ContainerInstance next = instance;
    next.usedCpu = ci->usedCpu;
    next.usedMemory = ci->usedMemory;
    next.usedPorts = ci->usedPorts;
    next.runningTasksCount = ci->runningTasksCount;
    next.pendingTasksCount = ci->pendingTasksCount;
    *ci = next;
}

QStringList InstanceRegistry::setEngineConnection(const QString &engineId, bool connected, const QString &version,
                                                  const QString &error, const QDateTime &now)
{
    QStringList affected;
    for (Engine &e : m_engines) {
        if (e.id != engineId)
            continue;
        const bool changed = e.connected != connected || !e.connectionChangedAt.isValid();
        e.connected = connected;
        if (connected)
            e.version = version;
        e.lastError = connected ? QString() : error;
        if (changed)
            e.connectionChangedAt = now;
    }
    for (ContainerInstance &ci : m_instances) {
        if (ci.engineId != engineId || ci.status == InstanceStatus::Inactive)
            continue;
        ci.agentConnected = connected;
        ci.engineVersion = connected ? version : ci.engineVersion;
        affected.append(ci.id);
    }
    return affected;
}

void InstanceRegistry::accountTask(const Task *before, const Task *after)
{
    auto take = [this](const Task &t, int sign) {
        if (!t.holdsResources())
            return;
        ContainerInstance *ci = mutableFind(t.containerInstanceId);
        if (!ci)
            return;
        ci->usedCpu += sign * t.cpu;
        ci->usedMemory += sign * t.memory;
        for (int port : t.staticTcpPorts) {
            if (sign > 0)
                ci->usedPorts.append(port);
            else
                ci->usedPorts.removeOne(port);
        }
        if (t.lastStatus == TaskStatus::Running)
            ci->runningTasksCount += sign;
        else if (t.lastStatus < TaskStatus::Running)
            ci->pendingTasksCount += sign;
    };
    if (before)
        take(*before, -1);
    if (after)
        take(*after, +1);
}

QList<ManagedContainer> InstanceRegistry::unmatched() const
{
    QList<ManagedContainer> out;
    for (const QList<ManagedContainer> &list : m_unmatched)
        out.append(list);
    return out;
}

QList<ManagedContainer> InstanceRegistry::setUnmatched(const QString &engineId,
                                                       const QList<ManagedContainer> &containers, bool *changed)
{
    QList<ManagedContainer> fresh;
    for (const ManagedContainer &c : containers) {
        if (!m_reportedUnmatched.contains(c.id)) {
            m_reportedUnmatched.insert(c.id);
            fresh.append(c);
        }
    }
    *changed = m_unmatched.value(engineId).size() != containers.size() || !fresh.isEmpty();
    m_unmatched.insert(engineId, containers);
    return fresh;
}

} // namespace fd::registries
