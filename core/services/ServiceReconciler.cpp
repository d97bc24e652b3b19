#include "ServiceReconciler.h"

#include <QSet>

#include <algorithm>
#include <ranges>

namespace fd::services {

namespace {

bool isLive(const Task &t)
{
    return !t.isStopped() && t.desiredStatus != TaskStatus::Stopped;
}

bool isStopping(const Task &t)
{
    return !t.isStopped() && t.desiredStatus == TaskStatus::Stopped;
}

bool hasEssentialHealthCheck(const Task &t)
{
    return std::any_of(t.containers.begin(), t.containers.end(),
                       [](const TaskContainer &c) { return c.essential && c.hasHealthCheck; });
}

void earliest(QDateTime &into, const QDateTime &candidate)
{
    if (candidate.isValid() && (!into.isValid() || candidate < into))
        into = candidate;
}

QString taskList(const QList<const Task *> &tasks)
{
    QStringList parts;
    for (const Task *t : tasks)
        parts.append(QStringLiteral("(task %1)").arg(t->id));
    return parts.join(u' ');
}

QStringList ids(const QList<const Task *> &tasks)
{
    QStringList out;
    for (const Task *t : tasks)
        out.append(t->id);
    return out;
}

class Tick
{
public:
    explicit Tick(const ReconcileInput &in) : m_in(in), m_v(*in.service) {}

    ReconcilePlan run()
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

private:
    struct Judged
    {
        const Task *task = nullptr;
        HealthJudgement health;
    };

    // The input's tasks, as references.
    auto tasks() const
    {
        return m_in.tasks | std::views::transform([](const Task *t) -> const Task & { return *t; });
    }

    Deployment *deployment(const QString &id)
    {
        auto it = std::find_if(m_v.deployments.begin(), m_v.deployments.end(),
                               [&](const Deployment &d) { return d.id == id; });
        return it == m_v.deployments.end() ? nullptr : &*it;
    }

    bool onUsableInstance(const Task &t) const
    {
        return !t.isPlaced() || m_in.instances.value(t.containerInstanceId, InstanceStatus::Inactive) ==
                                    InstanceStatus::Active;
    }

    // Stopped tasks count once each: a failure to start feeds the back-off and, with a failure after
    // it started, the deployment's failedTasks (the circuit breaker's count).
    void accountStoppedTasks()
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

    void judgeLiveTasks()
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
            Judged &j =
                m_live.emplaceBack(Judged{&t, judgeNewTaskHealth(runningSince, m_in.now, hasEssentialHealthCheck(t),
                                                                 t.healthStatus, m_v.healthCheckGracePeriodSeconds)});
            earliest(m_plan.recheckAt, j.health.recheckAt);
        }
    }

    void stop(const QList<const Task *> &tasks, const QString &reason)
    {
        if (!tasks.isEmpty())
            m_plan.stops.append({ids(tasks), reason});
    }

    QString primaryReason() const
    {
        const Service &v = m_v; // the const primary(): no copy of the deployments
        return scalingActivityReason(v.primary() ? v.primary()->id : QString());
    }

    // Stops with the PRIMARY deployment's reason, which is only worded when something stops.
    void stopForPrimary(const QList<const Task *> &tasks)
    {
        if (!tasks.isEmpty())
            stop(tasks, primaryReason());
    }

    // Deleted: every task goes; INACTIVE once none is left.
    void drain()
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

    void tripCircuitBreaker()
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
        p->rolloutState = RolloutState::Failed;
        p->rolloutStateReason = QStringLiteral("ECS deployment circuit breaker: task failed to start.");
        p->updatedAt = m_in.now;
        m_plan.events.append(
            QStringLiteral("(service %1) (deployment %2) deployment failed: tasks failed to start.").arg(m_v.name, failedId));
        if (!m_v.circuitBreaker.rollback)
            return;
        // Back to the last deployment that completed: still ACTIVE when its tasks run, else from history.
        auto completed = [](const Deployment &d) { return d.rolloutState == RolloutState::Completed; };
        auto it = std::find_if(m_v.deployments.begin() + 1, m_v.deployments.end(), completed);
        Deployment target;
        if (it != m_v.deployments.end()) {
            target = *it;
            m_v.deployments.erase(it);
        } else {
            auto h = std::find_if(m_v.deploymentHistory.begin(), m_v.deploymentHistory.end(), completed);
            if (h == m_v.deploymentHistory.end())
                return; // nothing to go back to: the deployment stays FAILED
            target = *h;
            m_v.deploymentHistory.erase(h);
        }
        m_v.deployments.first().status = DeploymentStatus::Active;
        target.status = DeploymentStatus::Primary;
        target.rolloutState = RolloutState::InProgress;
        target.rolloutStateReason = QStringLiteral("ECS deployment %1 in progress.").arg(target.id);
        target.rolledBackFrom = failedId;
        target.failedTasks = 0;
        target.updatedAt = m_in.now;
        target.completedAt = {};
        m_v.deployments.prepend(target);
        m_v.family = target.family;
        m_v.revision = target.revision;
        m_v.throttle = m_v.throttle.afterServiceUpdate();
        m_v.stuckReported = false;
        m_plan.events.append(QStringLiteral("(service %1) rolling back to deployment %2.").arg(m_v.name, target.id));
    }

    bool mayLaunch()
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

    void unhealthyEvent(const Task &t)
    {
        m_plan.events.append(QStringLiteral("(service %1) (task %2) failed container health checks.").arg(m_v.name, t.id));
        if (Deployment *d = deployment(t.startedBy); d && d->rolloutState == RolloutState::InProgress)
            ++d->failedTasks;
    }

    void planReplica()
    {
        const Deployment *p = primary();
        const QString primaryId = p ? p->id : QString();
        const int desired = m_v.desiredCount;

        QList<const Task *> oldHealthy, oldUnhealthy, newHealthy, newPending, unhealthyNew, stopNow;
        newHealthy.reserve(m_live.size()); // where a steady service's tasks all go
        for (const Judged &j : m_live) {
            const Task &t = *j.task;
            const bool usable = onUsableInstance(t);
            if (t.startedBy == primaryId && usable) {
                switch (j.health.state) {
                case HealthJudgement::State::Healthy: newHealthy.append(&t); break;
                case HealthJudgement::State::NotYet: newPending.append(&t); break;
                case HealthJudgement::State::Unhealthy: unhealthyNew.append(&t); break;
                }
                continue;
            }
            if (!usable && t.lastStatus < TaskStatus::Running) {
                stopNow.append(&t); // PENDING on a draining instance: stopped at once
                continue;
            }
            (j.health.state == HealthJudgement::State::Healthy ? oldHealthy : oldUnhealthy).append(&t);
        }
        // Old tasks on draining instances go before those of older deployments.
        // (Empty lists are read through const access below: a non-const begin() on an empty QList
        // allocates, and a steady service has most of these lists empty on every pass.)
        if (oldHealthy.size() > 1)
            std::stable_sort(oldHealthy.begin(), oldHealthy.end(), [&](const Task *a, const Task *b) {
                return !onUsableInstance(*a) && onUsableInstance(*b);
            });
        stopForPrimary(stopNow);

        if (p && p->rolloutState == RolloutState::Failed) {
            // Without a rollback the failed deployment stays as it is: nothing starts, nothing is replaced.
            return;
        }

        DeploymentBounds bounds = resolveBounds(desired, m_v.percents);
        bounds.maximum = std::max(0, bounds.maximum - int(m_stopping.size()));
        RolloutSnapshot snapshot;
        snapshot.oldHealthy = int(oldHealthy.size());
        snapshot.oldUnhealthy = int(oldUnhealthy.size() + unhealthyNew.size());
        snapshot.newHealthy = int(newHealthy.size());
        snapshot.newPending = int(newPending.size());
        StepPlan step = planStep(desired, snapshot, bounds);
        const bool launching = mayLaunch();
        if (!launching)
            step.startNew = 0;
        // One batch at a time, as the documented examples read: new tasks start once the previous
        // batch's stops have completed, and old healthy tasks stop once every new task of the batch
        // counts as healthy. Real containers start and stop a few hundred milliseconds apart;
        // without this, "stop 2, start 2" would come out as "stop 2, start 1, start 1".
        if (!m_stopping.isEmpty())
            step.startNew = 0;
        if (!newPending.isEmpty())
            step.stopOldHealthy = 0;

        m_plan.startCount = step.startNew;
        if (step.startNew > 0 && !unhealthyNew.isEmpty())
            m_plan.startEventSuffix = QStringLiteral("Amazon ECS replaced %1 tasks due to an unhealthy status.")
                                          .arg(std::min<qsizetype>(step.startNew, unhealthyNew.size()));
        for (const Task *t : std::as_const(unhealthyNew))
            unhealthyEvent(*t);
        for (const Task *t : std::as_const(oldUnhealthy)) {
            const Judged *j = judged(t);
            if (j && j->health.state == HealthJudgement::State::Unhealthy)
                unhealthyEvent(*t);
        }
        stop(unhealthyNew, QStringLiteral("Task failed container health checks"));
        stopForPrimary(oldUnhealthy);
        if (step.stopOldHealthy > 0)
            stopForPrimary(oldHealthy.mid(0, step.stopOldHealthy));

        const bool oldLeft = !oldHealthy.isEmpty() || !oldUnhealthy.isEmpty() ||
                             std::any_of(m_stopping.cbegin(), m_stopping.cend(),
                                         [&](const Task *t) { return t->startedBy != primaryId; });
        // Scale-in: more new tasks than desired once nothing old is left.
        const int newCount = int(newHealthy.size() + newPending.size());
        if (!oldLeft && newCount > desired) {
            int excess = newCount - desired;
            const QList<const Task *> first = newPending.mid(0, excess);
            m_plan.scaleInFirst = ids(first);
            excess -= int(first.size());
            if (excess > 0) {
                m_plan.scaleInCount = excess;
                m_plan.scaleInCandidates = ids(newHealthy);
            }
        }

        p = primary(); // the events above may have counted a failure on it
        if (p && p->rolloutState == RolloutState::InProgress) {
            if (step.complete && !oldLeft && unhealthyNew.isEmpty()) {
                complete(*m_v.primary());
            } else if (step.stuck && m_stopping.isEmpty() && launching && unhealthyNew.isEmpty() &&
                       !m_v.stuckReported) {
                m_plan.events.append(cannotMoveEventMessage(m_v.name));
                m_v.stuckReported = true;
            }
        }
    }

    // Read-only: does not copy the deployments the service shares with the input.
    const Deployment *primary() const { return m_v.primary(); }

    const Judged *judged(const Task *t) const
    {
        for (const Judged &j : m_live) {
            if (j.task == t)
                return &j;
        }
        return nullptr;
    }

    void planDaemon()
    {
        Deployment *p = m_v.primary();
        const QString primaryId = p ? p->id : QString();
        const QSet<QString> eligible(m_in.daemonInstances.begin(), m_in.daemonInstances.end());
        m_v.desiredCount = int(eligible.size());
        if (p)
            p->desiredCount = m_v.desiredCount;

        QHash<QString, QList<const Judged *>> byInstance;
        QList<const Task *> leaving, unhealthy;
        for (const Judged &j : m_live) {
            if (!eligible.contains(j.task->containerInstanceId)) {
                leaving.append(j.task);
                continue;
            }
            if (j.health.state == HealthJudgement::State::Unhealthy) {
                unhealthy.append(j.task);
                continue;
            }
            byInstance[j.task->containerInstanceId].append(&j);
        }
        QSet<QString> busy; // instances where a task is still stopping
        for (const Task *t : m_stopping)
            busy.insert(t->containerInstanceId);
        for (const Task *t : unhealthy) {
            unhealthyEvent(*t);
            busy.insert(t->containerInstanceId);
        }
        stopForPrimary(leaving);
        stop(unhealthy, QStringLiteral("Task failed container health checks"));

        const bool failed = p && p->rolloutState == RolloutState::Failed;
        const DeploymentBounds bounds = resolveBounds(m_v.desiredCount, m_v.percents);
        int healthy = 0;
        for (const Judged &j : m_live) {
            if (eligible.contains(j.task->containerInstanceId) && j.health.state == HealthJudgement::State::Healthy)
                ++healthy;
        }
        QList<const Task *> replace, extra;
        QStringList startOn;
        bool complete = true;
        for (const QString &instance : m_in.daemonInstances) {
            const QList<const Judged *> here = byInstance.value(instance);
            const Judged *current = nullptr;
            for (const Judged *j : here) {
                if (j->task->startedBy == primaryId && !current)
                    current = j;
                else if (j->task->startedBy == primaryId)
                    extra.append(j->task);
            }
            for (const Judged *j : here) {
                if (j->task->startedBy != primaryId && !failed) {
                    replace.append(j->task);
                    complete = false;
                }
            }
            if (!current) {
                complete = false;
                if (here.isEmpty() && !busy.contains(instance))
                    startOn.append(instance);
            } else if (current->health.state != HealthJudgement::State::Healthy) {
                complete = false;
            }
        }
        stopForPrimary(extra);
        // Old daemon tasks go within minimumHealthyPercent (0 by default: all at once); the new one
        // starts on an instance once the old one there has stopped.
        const int mayStop = std::max(0, healthy - bounds.minimumHealthy);
        stopForPrimary(replace.mid(0, mayStop));
        if (!startOn.isEmpty() && mayLaunch()) {
            m_plan.startOn = startOn;
            m_plan.startCount = int(startOn.size());
        }
        if (p && p->rolloutState == RolloutState::InProgress && complete && m_stopping.isEmpty() && leaving.isEmpty() &&
            unhealthy.isEmpty())
            this->complete(*p);
    }

    void complete(Deployment &p)
    {
        p.rolloutState = RolloutState::Completed;
        p.rolloutStateReason = QStringLiteral("ECS deployment %1 completed.").arg(p.id);
        p.completedAt = m_in.now;
        p.updatedAt = m_in.now;
        m_plan.events.append(QStringLiteral("(service %1) (deployment %2) deployment completed.").arg(m_v.name, p.id));
        m_v.stuckReported = false;
    }

    // Deployments other than the PRIMARY with no task left are done: INACTIVE, kept in the history.
    void retireEmptyDeployments()
    {
        if (m_v.deployments.size() > 1) // only the PRIMARY: nothing to retire
            retireDeploymentsWithoutTasks();
        if (m_v.deploymentHistory.size() > Service::kMaxDeploymentHistory)
            m_v.deploymentHistory.resize(Service::kMaxDeploymentHistory);
    }

    void retireDeploymentsWithoutTasks()
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

    void noteSteadyState()
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

    void refreshCounts()
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

    const ReconcileInput &m_in;
    Service m_v;
    ReconcilePlan m_plan;
    QList<Judged> m_live;          // desired RUNNING, not stopped
    QList<const Task *> m_stopping; // desired STOPPED, not stopped yet: they still hold their place
};

} // namespace

ReconcilePlan reconcileService(const ReconcileInput &input)
{
    return Tick(input).run();
}

QList<scheduler::Strategy> defaultServicePlacementStrategy()
{
    static const QList<scheduler::Strategy> azThenInstance = {
        scheduler::makeStrategy(QStringLiteral("spread"), QStringLiteral("attribute:ecs.availability-zone"), 0).value(),
        scheduler::makeStrategy(QStringLiteral("spread"), QStringLiteral("instanceId"), 1).value()};
    return azThenInstance;
}

} // namespace fd::services
