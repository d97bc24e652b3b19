#pragma once

#include "Result.h"
#include "model/ContainerInstance.h"
#include "model/Task.h"
#include "state/Forward.h"

#include <QHash>
#include <QList>
#include <QSet>

namespace fd::registries {

// Engines and the container instances on them: registration order, an index by id and by EC2
// instance id, the loopback addresses in use, each instance's usage (kept from task changes, never
// recomputed over every task), and the containers engines report that no task claims. Desired state
// changes only through a transaction; what is observed (agent connection, usage, unmatched
// containers) is memory only.
class InstanceRegistry final
{
public:
    Status load(const Store &store, const QList<Task> &tasks);

    const QList<Engine> &engines() const { return m_engines; }
    const Engine *engine(const QString &id) const;
    const QList<ContainerInstance> &all() const { return m_instances; }
    const ContainerInstance *find(const QString &id) const;
    const ContainerInstance *findByEc2(const QString &ec2InstanceId) const; // "i-..." (unique per instance)
    QString ec2InstanceIdOf(const QString &id) const; // empty when `id` is unknown
    // By id, ARN or EC2 instance id, in `cluster` when it is not empty.
    const ContainerInstance *find(const QString &cluster, const QString &idOrArn) const;
    int activeCount(const QString &cluster) const; // registered: ACTIVE or DRAINING
    // Moves whenever an instance is added or written (status, cluster, attributes), never for what is
    // only observed (usage, agent connection): readers keep what they derive from the instances
    // (the service controller's statuses per cluster) until it moves.
    quint64 generation() const { return m_generation; }

    // The next free loopback address (127.0.0.2, ...), reserved until released.
    QString reserveAddress();
    void releaseAddress(const QString &address);

    void stageEngine(state::Transaction &tx, const Engine &engine);
    void stage(state::Transaction &tx, const ContainerInstance &instance);

    // Observed state, memory only. Returns the ids of the instances whose agent changed.
    QStringList setEngineConnection(const QString &engineId, bool connected, const QString &version,
                                    const QString &error, const QDateTime &now);
    // Usage follows tasks: what `before` held is released and what `after` holds is taken.
    void accountTask(const Task *before, const Task *after);

    QList<ManagedContainer> unmatched() const;
    // Replaces the engine's unmatched containers; returns those not reported before.
    QList<ManagedContainer> setUnmatched(const QString &engineId, const QList<ManagedContainer> &containers,
                                         bool *changed);

private:
    void apply(const ContainerInstance &instance);
    ContainerInstance *mutableFind(const QString &id);

    QList<Engine> m_engines;
    QList<ContainerInstance> m_instances;
    QHash<QString, qsizetype> m_index; // id -> position
    QHash<QString, qsizetype> m_byEc2; // EC2 instance id -> position
    QSet<QString> m_usedAddresses;
    quint32 m_nextAddress = 2;         // 127.0.0.2 is the first instance address
    quint64 m_generation = 1;
    QHash<QString, QList<ManagedContainer>> m_unmatched; // engine id -> containers
    QSet<QString> m_reportedUnmatched;                  // container ids already reported
};

} // namespace fd::registries
