#include "ServiceReconciler.h"
#include "ServiceTick.h"

#include <QMap>
#include <QSet>

#include <algorithm>

namespace fd::services {
namespace detail {

namespace {

bool hasEssentialHealthCheck(const Task &t)
{
    return std::any_of(t.containers.begin(), t.containers.end(),
                       [](const TaskContainer &c) { return c.essential && c.hasHealthCheck; });
}

} // namespace

bool isLive(const Task &t)
{
    return !t.isStopped() && t.desiredStatus != TaskStatus::Stopped;
}

bool isStopping(const Task &t)
{
    return !t.isStopped() && t.desiredStatus == TaskStatus::Stopped;
}

void earliest(QDateTime &into, const QDateTime &candidate)
{
    if (candidate.isValid() && (!into.isValid() || candidate < into))
        into = candidate;
}

QStringList ids(const QList<const Task *> &tasks)
{
    QStringList out;
    for (const Task *t : tasks)
        out.append(t->id);
    return out;
}

ReconcilePlan Tick::run()
{
    if (m_v.status == ServiceStatus::Inactive) {
        m_plan.next = std::move(m_v);
        return std::move(m_plan);
    }
    accountStoppedTasks();
    judgeLiveTasks();
    if (m_v.status == ServiceStatus::Draining) {
        drain();
    } else {
        tripCircuitBreaker();
        if (m_v.schedulingStrategy == SchedulingStrategy::Daemon)
            planDaemon();
        else
            planReplica();
        retireEmptyDeployments();
        noteSteadyState();
    }
    refreshCounts();
    m_plan.next = std::move(m_v);
    return std::move(m_plan);
}

Deployment *Tick::deployment(const QString &id)
{
    auto it = std::find_if(m_v.deployments.begin(), m_v.deployments.end(),
                           [&](const Deployment &d) { return d.id == id; });
    return it == m_v.deployments.end() ? nullptr : &*it;
}

bool Tick::onUsableInstance(const Task &t) const
{
    // A FARGATE task has no container instance: nothing to drain or lose under it.
    return !t.isPlaced() || t.isFargate() ||
           m_in.instances.value(t.containerInstanceId, InstanceStatus::Inactive) == InstanceStatus::Active;
}

// Stopped tasks count once each: a failure to start feeds the back-off and, with a failure after
// it started, the deployment's failedTasks (the circuit breaker's count).
void Tick::accountStoppedTasks()
{
    QStringList counted;
    if (!m_v.countedFailures.isEmpty()) {
        QSet<QString> present;
        for (const Task &t : tasks())
            present.insert(t.id);
        for (const QString &id : m_v.countedFailures) {
            if (present.contains(id))
                counted.append(id);
        }
    }
    for (const Task &t : tasks()) {
        if (!t.isStopped() || counted.contains(t.id))
            continue;
        counted.append(t.id);
        if (t.stopCode != StopCode::TaskFailedToStart && t.stopCode != StopCode::EssentialContainerExited)
            continue;
        if (!t.startedAt.isValid()) {
            m_v.throttle = m_v.throttle.afterStartFailure(t.stoppedAt.isValid() ? t.stoppedAt : m_in.now);
            if (m_v.throttle.shouldEmitEvent())
                m_plan.events.append(
                    QStringLiteral("(service %1) is unable to consistently start tasks successfully.").arg(m_v.name));
        }
        if (Deployment *d = deployment(t.startedBy); d && d->rolloutState == RolloutState::InProgress)
            ++d->failedTasks;
    }
    m_v.countedFailures = counted;
    // A task that reaches RUNNING after the last failure ends the streak (ECS: the back-off does
    // not apply to tasks that reached RUNNING).
    for (const Task &t : tasks()) {
        if (m_v.throttle.consecutiveFailures > 0 && t.startedAt.isValid() &&
            (!m_v.throttle.lastFailureAt.isValid() || t.startedAt > m_v.throttle.lastFailureAt)) {
            m_v.throttle = m_v.throttle.afterTaskRunning();
            break;
        }
    }
}

void Tick::judgeLiveTasks()
{
    m_live.reserve(m_in.tasks.size());
    for (const Task &t : tasks()) {
        if (isStopping(t)) {
            m_stopping.append(&t);
            continue;
        }
        if (!isLive(t))
            continue;
        static const QDateTime notRunning;
        const QDateTime &runningSince = t.lastStatus == TaskStatus::Running ? t.startedAt : notRunning;
        const bool checked = hasEssentialHealthCheck(t);
        Judged &j = m_live.emplaceBack(Judged{&t, judgeNewTaskHealth(runningSince, m_in.now, checked,
                                                                    t.healthStatus, m_v.healthCheckGracePeriodSeconds)});
        if (!m_v.loadBalancers.isEmpty()) {
            const auto elb = m_in.elbHealth.constFind(t.id);
            static const TaskElbHealth unregistered;
            const TaskElbHealth &h = elb == m_in.elbHealth.cend() ? unregistered : *elb;
            j.health = judgeBehindLoadBalancer(j.health, checked, h, runningSince, m_in.now,
                                               m_v.healthCheckGracePeriodSeconds);
            if (j.health.state == HealthJudgement::State::Unhealthy && h.state == TaskElbHealth::State::Unhealthy)
                j.elb = &h;
        }
        earliest(m_plan.recheckAt, j.health.recheckAt);
    }
}

void Tick::stop(const QList<const Task *> &tasks, const QString &reason)
{
    if (!tasks.isEmpty())
        m_plan.stops.append({ids(tasks), reason});
}

// Replaced for failing health checks: the containers' or a target group's, each with its reason.
void Tick::stopUnhealthy(const QList<const Task *> &tasks)
{
    QList<const Task *> containers;
    QMap<QString, QList<const Task *>> byTargetGroup;
    for (const Task *t : tasks) {
        const Judged *j = judged(t);
        if (j && j->elb)
            byTargetGroup[j->elb->targetGroupArn].append(t);
        else
            containers.append(t);
    }
    stop(containers, QStringLiteral("Task failed container health checks"));
    for (auto it = byTargetGroup.cbegin(); it != byTargetGroup.cend(); ++it)
        stop(it.value(), elbStoppedReason(it.key()));
}

QString Tick::primaryReason() const
{
    const Service &v = m_v; // the const primary(): no copy of the deployments
    return scalingActivityReason(v.primary() ? v.primary()->id : QString());
}

// Stops with the PRIMARY deployment's reason, which is only worded when something stops.
void Tick::stopForPrimary(const QList<const Task *> &tasks)
{
    if (!tasks.isEmpty())
        stop(tasks, primaryReason());
}

// Deleted: every task goes; INACTIVE once none is left.
void Tick::drain()
{
    QList<const Task *> all;
    for (const Judged &j : m_live)
        all.append(j.task);
    stopForPrimary(all);
    if (all.isEmpty() && m_stopping.isEmpty()) {
        m_v.status = ServiceStatus::Inactive;
        for (Deployment &d : m_v.deployments)
            d.status = d.status == DeploymentStatus::Primary ? DeploymentStatus::Primary : DeploymentStatus::Inactive;
    }
}

void Tick::tripCircuitBreaker()
{
    if (const Deployment *current = primary();
        !current || !m_v.circuitBreaker.enable || current->rolloutState != RolloutState::InProgress)
        return;
    Deployment *p = m_v.primary();
    const int desired = m_v.schedulingStrategy == SchedulingStrategy::Daemon
                            ? int(m_in.daemonInstances.size())
                            : m_v.desiredCount;
    if (p->failedTasks < circuitBreakerThreshold(desired, m_in.circuitBreakerMinimum))
        return;
    const QString failedId = p->id;
    const QString reason = QStringLiteral("ECS deployment circuit breaker: task failed to start.");
    m_plan.events.append(
        QStringLiteral("(service %1) (deployment %2) deployment failed: tasks failed to start.").arg(m_v.name, failedId));
    std::optional<QString> target;
    if (m_v.circuitBreaker.rollback)
        target = rollBackToLastCompleted(m_v, reason, m_in.now);
    if (!target) {
        // Without a rollback, or nothing to go back to: the deployment stays FAILED.
        p->rolloutState = RolloutState::Failed;
        p->rolloutStateReason = reason;
        p->updatedAt = m_in.now;
        return;
    }
    m_plan.events.append(QStringLiteral("(service %1) rolling back to deployment %2.").arg(m_v.name, *target));
}

bool Tick::mayLaunch()
{
    const Deployment *p = primary();
    if (!p || p->rolloutState == RolloutState::Failed)
        return false; // a failed deployment launches no new tasks
    if (!m_v.throttle.mayLaunch(m_in.now)) {
        earliest(m_plan.recheckAt, m_v.throttle.nextLaunchAllowedAt());
        return false;
    }
    return true;
}

void Tick::unhealthyEvent(const Task &t)
{
    const Judged *j = judged(&t);
    if (j && j->elb)
        m_plan.events.append(elbUnhealthyEvent(m_v.name, t.id, *j->elb));
    else
        m_plan.events.append(QStringLiteral("(service %1) (task %2) failed container health checks.").arg(m_v.name, t.id));
    if (Deployment *d = deployment(t.startedBy); d && d->rolloutState == RolloutState::InProgress)
        ++d->failedTasks;
}

const Tick::Judged *Tick::judged(const Task *t) const
{
    for (const Judged &j : m_live) {
        if (j.task == t)
            return &j;
    }
    return nullptr;
}

void Tick::complete(Deployment &p)
{
    p.rolloutState = RolloutState::Completed;
    p.rolloutStateReason = QStringLiteral("ECS deployment %1 completed.").arg(p.id);
    p.completedAt = m_in.now;
    p.updatedAt = m_in.now;
    m_plan.events.append(QStringLiteral("(service %1) (deployment %2) deployment completed.").arg(m_v.name, p.id));
    m_v.stuckReported = false;
}

// Deployments other than the PRIMARY with no task left are done: INACTIVE, kept in the history.
void Tick::retireEmptyDeployments()
{
    if (m_v.deployments.size() > 1) // only the PRIMARY: nothing to retire
        retireDeploymentsWithoutTasks();
    if (m_v.deploymentHistory.size() > Service::kMaxDeploymentHistory)
        m_v.deploymentHistory.resize(Service::kMaxDeploymentHistory);
}

void Tick::retireDeploymentsWithoutTasks()
{
    QSet<QString> withTasks;
    for (const Judged &j : m_live)
        withTasks.insert(j.task->startedBy);
    for (const Task *t : m_stopping)
        withTasks.insert(t->startedBy);
    // Stops planned in this tick still have their tasks until the next one.
    for (qsizetype i = m_v.deployments.size() - 1; i >= 1; --i) {
        if (withTasks.contains(m_v.deployments[i].id))
            continue;
        Deployment d = m_v.deployments.takeAt(i);
        d.status = DeploymentStatus::Inactive;
        d.desiredCount = 0;
        d.runningCount = 0;
        d.pendingCount = 0;
        d.updatedAt = m_in.now;
        m_v.deploymentHistory.prepend(d);
    }
}

void Tick::noteSteadyState()
{
    const Deployment *p = primary();
    if (!p) {
        m_v.lastSteadyStateAt = {};
        return;
    }
    bool steady = m_v.deployments.size() == 1 && p->rolloutState == RolloutState::Completed &&
                  m_stopping.isEmpty() && m_plan.isIdle();
    int healthyPrimary = 0;
    for (const Judged &j : m_live) {
        if (j.task->startedBy != p->id || j.health.state != HealthJudgement::State::Healthy)
            steady = false;
        else
            ++healthyPrimary;
    }
    steady = steady && healthyPrimary == m_v.desiredCount;
    if (!steady) {
        m_v.lastSteadyStateAt = {};
        return;
    }
    const QDateTime due = m_v.lastSteadyStateAt.isValid()
                              ? m_v.lastSteadyStateAt.addSecs(std::chrono::seconds(kSteadyStateRepeat).count())
                              : QDateTime();
    if (!due.isValid() || m_in.now >= due) {
        m_plan.events.append(QStringLiteral("(service %1) has reached a steady state.").arg(m_v.name));
        m_v.lastSteadyStateAt = m_in.now;
        earliest(m_plan.recheckAt, m_in.now.addSecs(std::chrono::seconds(kSteadyStateRepeat).count()));
    } else {
        earliest(m_plan.recheckAt, due);
    }
}

void Tick::refreshCounts()
{
    for (qsizetype i = 0; i < m_v.deployments.size(); ++i) {
        const Deployment &d = std::as_const(m_v.deployments)[i];
        int running = 0, pending = 0, kept = 0;
        for (const Task &t : tasks()) {
            if (t.startedBy != d.id || t.isStopped())
                continue;
            if (t.lastStatus == TaskStatus::Running)
                ++running;
            else if (t.lastStatus < TaskStatus::Running)
                ++pending;
            if (isLive(t))
                ++kept;
        }
        int desired = d.desiredCount;
        if (d.status != DeploymentStatus::Primary)
            desired = kept;
        else if (m_v.schedulingStrategy == SchedulingStrategy::Replica)
            desired = m_v.desiredCount;
        if (d.runningCount == running && d.pendingCount == pending && d.desiredCount == desired)
            continue; // unchanged: written nothing, so the deployments stay shared with the input
        Deployment &w = m_v.deployments[i];
        if (w.runningCount != running || w.pendingCount != pending)
            w.updatedAt = m_in.now;
        w.runningCount = running;
        w.pendingCount = pending;
        w.desiredCount = desired;
    }
}

} // namespace detail


ReconcilePlan reconcileService(const ReconcileInput &input)
{
    return detail::Tick(input).run();
}

QList<scheduler::Strategy> defaultServicePlacementStrategy()
{
    static const QList<scheduler::Strategy> azThenInstance = {
        scheduler::makeStrategy(QStringLiteral("spread"), QStringLiteral("attribute:ecs.availability-zone"), 0).value(),
        scheduler::makeStrategy(QStringLiteral("spread"), QStringLiteral("instanceId"), 1).value()};
    return azThenInstance;
}

} // namespace fd::services
