// Tasks: placement. Turns the registries' state into the scheduler's snapshot (one per decision)
// and its plan back into instance ids, explanations and ECS failures.

#include "ops/Tasks.h"

#include "model/Arn.h"
#include "registries/InstanceRegistry.h"
#include "registries/TaskDefinitionRegistry.h"
#include "registries/TaskRegistry.h"
#include "scheduler/Placement.h"

#include <QRandomGenerator>

namespace fd::ops {


Result<PlacementDecision> Tasks::place(const QString &cluster, const Task &prototype, int count,
                                       const QStringList &onInstances, const QList<Task> &alsoPlaced) const
{
    const QList<scheduler::Strategy> &strategies = prototype.placementStrategy;
    QList<scheduler::Constraint> constraints = prototype.placementConstraints;
    // The task definition's own constraints bind too (ECS: both apply).
    if (const TaskDefinition *td = m_taskDefinitionRegistry->find(prototype.taskDefinition())) {
        const auto &own = td->spec.placementConstraints;
        for (int i = 0; i < own.size(); ++i) {
            Result<scheduler::Constraint> c = scheduler::constraintFromModel(own[i], i);
            if (!c)
                return c.error();
            constraints.append(c.value());
        }
    }

    // What the cluster's tasks hold on each instance: groups and UDP ports (the instance model
    // keeps CPU, memory and TCP ports).
    QHash<QString, QHash<QString, int>> groups;
    QHash<QString, QList<int>> udpPorts;
    auto count_ = [&](const Task &t) {
        if (!t.holdsResources() || t.cluster != cluster)
            return;
        groups[t.containerInstanceId][t.group] += 1;
        udpPorts[t.containerInstanceId].append(t.staticUdpPorts);
    };
    for (const Task &t : m_taskRegistry->all())
        count_(t);
    for (const Task &t : alsoPlaced)
        count_(t);

    QList<scheduler::InstanceSnapshot> snapshot;
    QStringList named;
    for (const QString &n : onInstances)
        named.append(arn::containerInstanceIdFrom(n));
    for (const ContainerInstance &ci : m_instanceRegistry->all()) {
        if (ci.cluster != cluster || ci.status == InstanceStatus::Inactive)
            continue;
        if (!named.isEmpty() && !named.contains(ci.id) && !named.contains(ci.ec2InstanceId))
            continue;
        scheduler::InstanceSnapshot s =
            scheduler::InstanceSnapshot::fromModel(ci, region(), groups.value(ci.id));
        s.usedUdpPorts = udpPorts.value(ci.id);
        for (const Task &t : alsoPlaced) {
            if (t.containerInstanceId == ci.id) {
                s.remainingCpu -= t.cpu;
                s.remainingMemory -= t.memory;
                s.usedTcpPorts.append(t.staticTcpPorts);
            }
        }
        snapshot.append(s);
    }

    PlacementDecision plan;
    if (snapshot.isEmpty() && named.isEmpty()) {
        PlacementDecision::One none;
        none.failureReason = QStringLiteral("RESOURCE:CPU");
        none.failureDetail = QStringLiteral("No Container Instances were found in your cluster.");
        none.failureArn = arn::cluster(region(), cluster);
        for (int i = 0; i < count; ++i)
            plan.tasks.append(none);
        return plan;
    }

    scheduler::TaskRequest request;
    request.cpu = prototype.cpu;
    request.memory = prototype.memory;
    request.tcpPorts = prototype.staticTcpPorts;
    request.udpPorts = prototype.staticUdpPorts;
    request.group = prototype.group;
    request.explain = true;
    request.seed = QRandomGenerator::global()->generate64();

    if (!named.isEmpty()) {
        // StartTask: one task on each named instance, no strategies and no constraints beyond
        // what the instance must have room for.
        for (const QString &id : named) {
            auto it = std::find_if(snapshot.begin(), snapshot.end(), [&](const scheduler::InstanceSnapshot &s) {
                return s.id == id || s.ec2InstanceId == id;
            });
            PlacementDecision::One one;
            if (it == snapshot.end()) {
                one.failureReason = QStringLiteral("MISSING");
                one.failureArn = arn::containerInstance(region(), cluster, id);
                one.failureDetail = QStringLiteral("No container instance %1 in cluster %2.").arg(id, cluster);
                plan.tasks.append(one);
                continue;
            }
            scheduler::TaskRequest single = request;
            single.count = 1;
            // A DAEMON service's task on its instance: its constraints still bind.
            if (prototype.group.startsWith(QLatin1StringView("service:")))
                single.constraints = constraints;
            const scheduler::PlacementPlan p = scheduler::planPlacement({*it}, single);
            const scheduler::TaskPlacement &tp = p.tasks.front();
            if (tp.placed()) {
                one.instanceId = it->id;
                one.explanation = QStringLiteral("Started on the instance named in StartTask.");
                it->remainingCpu -= request.cpu;
                it->remainingMemory -= request.memory;
                it->usedTcpPorts.append(request.tcpPorts);
                it->usedUdpPorts.append(request.udpPorts);
            } else {
                one.failureReason = tp.failure.code;
                one.failureArn = it->arn;
                one.failureDetail = tp.failure.detail;
            }
            plan.tasks.append(one);
        }
        return plan;
    }

    request.count = count;
    request.strategies = strategies;
    request.constraints = constraints;
    const scheduler::PlacementPlan p = scheduler::planPlacement(snapshot, request);
    for (const scheduler::TaskPlacement &tp : p.tasks) {
        PlacementDecision::One one;
        if (tp.placed()) {
            one.instanceId = tp.instanceId;
            one.explanation = tp.explanation.summary;
        } else {
            one.failureReason = tp.failure.code.isEmpty() ? QStringLiteral("RESOURCE:CPU") : tp.failure.code;
            one.failureDetail = tp.failure.detail;
            if (!tp.failure.closestInstanceId.isEmpty())
                one.failureArn = arn::containerInstance(region(), cluster, tp.failure.closestInstanceId);
        }
        plan.tasks.append(one);
    }
    return plan;
}

} // namespace fd::ops
