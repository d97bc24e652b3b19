// The tasks of a service as its controller handles them: stopping a chosen set in one transaction,
// the instances a DAEMON service belongs on, and which tasks a scale-in stops (the placement
// strategy's order). The service documents themselves are in ops/Services.cpp.

#include "ops/Services.h"

#include "ControlPlane.h"
#include "ops/Tasks.h"
#include "registries/InstanceRegistry.h"
#include "registries/ServiceRegistry.h"
#include "registries/TaskDefinitionRegistry.h"
#include "registries/TaskRegistry.h"
#include "scheduler/Placement.h"
#include "state/Kinds.h"
#include "state/Transaction.h"

#include <QRandomGenerator>

#include <algorithm>

namespace fd::ops {

using namespace state;

Result<QList<Task>> Services::stopTasks(const QString &clusterName, const QString &serviceName,
                                         const QStringList &taskIds, const QString &reason)
{
    const Service *current = m_serviceRegistry->find(clusterName, serviceName);
    if (!current)
        return serviceNotFound();
    Service v = *current;
    const QDateTime now = Domain::now();
    QList<Task> stopped;
    QList<Event> events;
    QStringList named;
    for (const QString &id : taskIds) {
        const Task *found = m_taskRegistry->find(id);
        if (!found || found->cluster != clusterName || found->desiredStatus == TaskStatus::Stopped)
            continue;
        Task t = *found;
        requestStop(t, StopCode::ServiceSchedulerInitiated, reason, now);
        ++t.version;
        events.append(makeEvent(kTaskKind, t.id,
                                QStringLiteral("Task %1 (%2) is stopping: %3.").arg(t.id, t.taskDefinition(), reason)));
        named.append(QStringLiteral("(task %1)").arg(t.id));
        stopped.append(t);
    }
    if (stopped.isEmpty())
        return stopped;
    appendEvents(v,
                        {QStringLiteral("(service %1) has stopped %2 running tasks: %3.")
                             .arg(v.name)
                             .arg(stopped.size())
                             .arg(named.join(u' '))},
                        events);
    ++v.version;
    Transaction tx = begin();
    for (const Task &t : stopped)
        m_cp.tasks().stage(tx, t);
    m_serviceRegistry->stage(tx, v);
    tx.events(std::move(events));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return stopped;
}

QStringList Services::daemonInstances(const Service &service) const
{
    const TaskDefinition *td = m_taskDefinitionRegistry->find(service.taskDefinition());
    if (!td)
        return {};
    Task prototype = m_cp.tasks().prototype(service.cluster, *td);
    prototype.group = service.group();
    prototype.placementConstraints = service.placementConstraints;
    // Only the constraints decide where a daemon belongs; room is the placement's business (an
    // instance without room gets the "unable to place" event, not silence).
    prototype.cpu = 0;
    prototype.memory = 0;
    prototype.staticTcpPorts.clear();
    prototype.staticUdpPorts.clear();
    QStringList candidates;
    for (const ContainerInstance &ci : m_instanceRegistry->all()) {
        if (ci.cluster == service.cluster && ci.status == InstanceStatus::Active && ci.agentConnected)
            candidates.append(ci.id);
    }
    QStringList out;
    for (const QString &id : candidates) {
        // Placement of one resource-free task on that instance alone: placed means it qualifies.
        Result<PlacementDecision> p = m_cp.tasks().place(service.cluster, prototype, 1, {id}, {});
        if (p && !p.value().tasks.isEmpty() && !p.value().tasks.front().instanceId.isEmpty())
            out.append(id);
    }
    return out;
}

QStringList Services::chooseTasksToStop(const Service &service, const QStringList &candidates, int count) const
{
    QList<scheduler::InstanceSnapshot> instances;
    QHash<QString, int> instanceIndex;
    QList<scheduler::StopCandidate> tasks;
    for (const QString &id : candidates) {
        const Task *found = m_taskRegistry->find(id);
        if (!found)
            continue;
        const Task &t = *found;
        int index = instanceIndex.value(t.containerInstanceId, -1);
        if (index < 0) {
            const ContainerInstance *ci = m_instanceRegistry->find(t.containerInstanceId);
            if (!ci)
                continue;
            index = int(instances.size());
            instanceIndex.insert(t.containerInstanceId, index);
            QHash<QString, int> groups;
            for (const Task &other : m_taskRegistry->all()) {
                if (other.containerInstanceId == t.containerInstanceId && other.holdsResources())
                    groups[other.group] += 1;
            }
            instances.append(scheduler::InstanceSnapshot::fromModel(*ci, region(), groups));
        }
        tasks.append(scheduler::StopCandidate{index, t.id, t.cpu, t.memory});
    }
    QStringList chosen = scheduler::chooseTasksToStop(instances, tasks, service.placementStrategy, count,
                                                      QRandomGenerator::global()->generate64());
    // Candidates whose instance is gone are stopped first: they cannot be weighed.
    QStringList out;
    for (const QString &id : candidates) {
        if (!std::any_of(tasks.begin(), tasks.end(), [&](const scheduler::StopCandidate &c) { return c.taskId == id; }))
            out.append(id);
    }
    out.append(chosen);
    return out.mid(0, count);
}

} // namespace fd::ops
