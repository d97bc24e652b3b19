#include "ElbHealth.h"

namespace fd::services {

HealthJudgement judgeBehindLoadBalancer(const HealthJudgement &containers, bool hasHealthChecks,
                                        const TaskElbHealth &elb, const QDateTime &runningSince, const QDateTime &now,
                                        int healthCheckGracePeriodSeconds)
{
    using State = HealthJudgement::State;
    if (!runningSince.isValid())
        return {State::NotYet, {}};
    // Without container health checks the containers count as soon as the task runs: the target
    // group's checks decide (the 40-second rule is for services without a load balancer).
    const HealthJudgement inside = hasHealthChecks ? containers : HealthJudgement{State::Healthy, {}};
    if (inside.state == State::Unhealthy)
        return inside;
    switch (elb.state) {
    case TaskElbHealth::State::Healthy:
        return inside;
    case TaskElbHealth::State::Unknown:
    case TaskElbHealth::State::Initial:
        return {State::NotYet, inside.recheckAt};
    case TaskElbHealth::State::Unhealthy: {
        const QDateTime graceEnds = runningSince.addSecs(std::max(0, healthCheckGracePeriodSeconds));
        if (now < graceEnds)
            return {State::NotYet, graceEnds};
        return {State::Unhealthy, {}};
    }
    }
    return {State::NotYet, {}};
}

QString elbUnhealthyEvent(const QString &service, const QString &taskId, const TaskElbHealth &elb)
{
    // FARGATE and other awsvpc tasks are ip targets: the message has no instance part.
    const QString instance = elb.instance.isEmpty() ? QString() : QStringLiteral(" (instance %1)").arg(elb.instance);
    return QStringLiteral("(service %1) (task %2)%3 (port %4) is unhealthy in (target-group %5) due to (reason %6).")
        .arg(service, taskId, instance)
        .arg(elb.port)
        .arg(elb.targetGroupArn, elb.description);
}

QString elbStoppedReason(const QString &targetGroupArn)
{
    return QStringLiteral("Task failed ELB health checks in (target-group %1)").arg(targetGroupArn);
}

} // namespace fd::services
