#pragma once

// One tick of one service, as a pure function (STYLE.md points 6-9): the service, its tasks and the
// instances in, a plan out. The service controller observes, calls reconcileService() and applies
// the plan; the next tick observes the result. Nothing here reads a clock, a store or an engine.

#include "model/ContainerInstance.h"
#include "model/Service.h"
#include "model/Task.h"
#include "services/ElbHealth.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>

namespace fd::services {

// "(service S) has reached a steady state." is repeated this often while the service stays steady
// [derived: the console hides duplicates for 6 hours, ECS-SEMANTICS 1.5].
inline constexpr std::chrono::hours kSteadyStateRepeat{6};
// An unchanged "unable to place" event is repeated this often while the cause lasts [derived].
inline constexpr std::chrono::minutes kPlacementFailureRepeat{5};

// The service and its tasks are read where they are kept (the control plane's registries), not
// copied: a pass over every service would otherwise copy every task. They must outlive the call.
struct ReconcileInput
{
    const Service *service = nullptr;            // not null
    QList<const Task *> tasks;                   // the service's tasks (its group) in its cluster, any state; not null
    QHash<QString, InstanceStatus> instances;    // the cluster's instances: id -> status
    QStringList daemonInstances;                 // DAEMON: where a task belongs (ControlPlane::daemonInstances)
    QDateTime now;
    int circuitBreakerMinimum = kCircuitBreakerMinimum;
    // With loadBalancers: each task's health in the service's target groups, by task id (absent:
    // not registered yet). The target groups' verdict joins the containers' (ElbHealth.h).
    QHash<QString, TaskElbHealth> elbHealth;
};

struct ReconcilePlan
{
    Service next;       // the service as it should be committed (deployments, counts, memory)
    QStringList events; // service events (API form) to commit with `next`, in order

    // Launch for the PRIMARY deployment.
    int startCount = 0;
    QStringList startOn;       // DAEMON: one task on each of these instances (startCount == size)
    QString startEventSuffix;  // "Amazon ECS replaced 1 tasks due to an unhealthy status."

    struct Stop
    {
        QStringList taskIds;
        QString reason; // the tasks' stoppedReason
    };
    QList<Stop> stops;

    // Scale-in, in one batch: `scaleInFirst` (tasks not healthy yet), then `scaleInCount` of the
    // candidates (the placement strategy chooses which).
    QStringList scaleInFirst;
    int scaleInCount = 0;
    QStringList scaleInCandidates;

    // The earliest time the answer changes on time alone (a task turning healthy after 40 s, the
    // back-off ending, the steady-state repeat); invalid when nothing is due.
    QDateTime recheckAt;

    bool isIdle() const { return startCount == 0 && stops.isEmpty() && scaleInCount == 0 && scaleInFirst.isEmpty(); }
};

ReconcilePlan reconcileService(const ReconcileInput &input);

// The reason a service scheduler stop gives the task, as ECS words it.
QString scalingActivityReason(const QString &deploymentId); // "Scaling activity initiated by (deployment ecs-svc/N)"

// "(service S) was unable to place a task because no container instance met all of its requirements.
// The closest matching (container-instance ID) has insufficient memory available. For more information,
// see the Troubleshooting section of the Amazon ECS Developer Guide." from a RunTask failure's reason
// (RESOURCE:MEMORY, RESOURCE:CPU, RESOURCE:PORTS, RESOURCE:PORTS_UDP, AGENT, ATTRIBUTE) and the closest
// instance's ARN or id (may be empty).
QString placementFailureEvent(const QString &serviceName, const QString &reason, const QString &closestInstance);

// The default placement of a REPLICA service that names none: spread across Availability Zones,
// then across instances (the console's "AZ balanced spread").
QList<scheduler::Strategy> defaultServicePlacementStrategy();

} // namespace fd::services
