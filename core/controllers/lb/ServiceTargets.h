#pragma once

// Which targets a service's tasks should have in its target groups, as a pure function (the ECS
// integration of ECS-SEMANTICS.md §1.7): a task RUNNING and meant to run is registered as
// "<instance id>:<host port>" of its load-balanced container port in every target group of the
// service's loadBalancers; a task on its way to STOPPED is deregistered (and drains) before it stops.

#include "elb/Target.h"
#include "model/Service.h"
#include "model/Task.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>

namespace fd::lbctl {

struct TaskTarget
{
    QString targetGroupId;
    QString targetGroupArn; // as the service names it (for the events)
    QString taskId;
    elb::TargetKey target;
    bool operator==(const TaskTarget &) const = default;
};

struct ServiceTargetPlan
{
    QList<TaskTarget> registrations;
    QList<TaskTarget> deregistrations;
    bool isEmpty() const { return registrations.isEmpty() && deregistrations.isEmpty(); }
};

// The target group id at the end of a target group ARN; empty when it is not one.
QString targetGroupIdFromArn(const QString &arn);

// The targets of one task: one per entry of the service's loadBalancers whose container has a host
// port for the container port (none before the task's containers are bound). `ec2InstanceIdOf` maps
// the task's container instance id to its EC2 instance id (empty: unknown).
QList<TaskTarget> targetsOfTask(const Service &service, const Task &task,
                                const std::function<QString(const QString &)> &ec2InstanceIdOf);

// What to do now. `registered`: the targets the service's target groups have (by group id), with
// their state. A target is registered when its task is RUNNING with desired RUNNING and the target
// is absent or draining; deregistered when its task is meant to stop (or has stopped) and the
// target is registered and not draining.
ServiceTargetPlan planServiceTargets(const Service &service, const QList<const Task *> &tasks,
                                     const std::function<QString(const QString &)> &ec2InstanceIdOf,
                                     const QHash<QString, QList<elb::Target>> &registered);

// "(service S) registered N targets in (target-group ARN)" and the deregistration and draining
// events, in ECS's wording (ECS-SEMANTICS.md §1.5).
QString registeredTargetsEvent(const QString &service, int count, const QString &targetGroupArn);
QString deregisteredTargetsEvent(const QString &service, int count, const QString &targetGroupArn);
QString drainingEvent(const QString &service, int taskCount);

} // namespace fd::lbctl
