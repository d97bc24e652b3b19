#pragma once

// A task's health as a service behind a load balancer sees it (ECS-SEMANTICS.md §1.4 "With a load
// balancer: the target group must also report it healthy (plus container health if defined)", and
// §1.7): pure, beside DeploymentMath's judgeNewTaskHealth, whose 40-second rule applies only
// without a load balancer.

#include "services/DeploymentMath.h"

#include <QDateTime>
#include <QString>

namespace fd::services {

// The task's targets in the service's target groups, summed up: the worst of them.
struct TaskElbHealth
{
    enum class State {
        Unknown,   ///< not registered yet (or the task has no target)
        Initial,   ///< registered, health checks not passed yet
        Healthy,   ///< healthy in every target group of the service
        Unhealthy, ///< unhealthy in at least one
    };
    State state = State::Unknown;
    // When unhealthy: where and why, for the event and the stopped reason.
    QString targetGroupArn;
    QString instance; // EC2 instance id
    int port = 0;
    QString description; // "Health checks failed with these codes: [404]"
    bool operator==(const TaskElbHealth &) const = default;
};

// The container verdict (judgeNewTaskHealth, with `hasHealthChecks` = the task has essential
// container health checks) joined with the target groups': Healthy when both are; Unhealthy when the
// target groups report it unhealthy after healthCheckGracePeriodSeconds from RUNNING (or the
// containers failed); NotYet otherwise.
HealthJudgement judgeBehindLoadBalancer(const HealthJudgement &containers, bool hasHealthChecks,
                                        const TaskElbHealth &elb, const QDateTime &runningSince, const QDateTime &now,
                                        int healthCheckGracePeriodSeconds);

// "(service S) (task T) (instance i-…) (port P) is unhealthy in (target-group TG) due to (reason …)."
QString elbUnhealthyEvent(const QString &service, const QString &taskId, const TaskElbHealth &elb);
// The stopped reason of a task replaced for it: "Task failed ELB health checks in (target-group arn)".
QString elbStoppedReason(const QString &targetGroupArn);

} // namespace fd::services
