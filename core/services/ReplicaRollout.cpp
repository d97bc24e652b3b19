#include "ServiceTick.h"

#include <QSet>

#include <algorithm>

namespace fd::services::detail {

void Tick::planReplica()
{
    const Deployment *p = primary();
    const QString primaryId = p ? p->id : QString();
    const int desired = m_v.desiredCount;

    QList<const Task *> oldHealthy, oldUnhealthy, oldStarting, newHealthy, newPending, unhealthyNew, stopNow;
    newHealthy.reserve(m_live.size()); // where a steady service's tasks all go
    // Old tasks that hold the floor, in the order they go: draining and not judged yet, draining and
    // healthy, not judged yet, healthy.
    QList<const Task *> oldCounted[4];
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
        // Old (or on a draining instance): RUNNING without a failing health check, judged healthy
        // yet or not, it holds the minimumHealthyPercent floor (RolloutSnapshot); only a failed
        // check, or a task already on its way out, has it replaced first.
        if (j.health.state == HealthJudgement::State::Unhealthy || t.lastStatus > TaskStatus::Running)
            oldUnhealthy.append(&t);
        else if (t.lastStatus < TaskStatus::Running)
            oldStarting.append(&t);
        else
            oldCounted[(usable ? 2 : 0) + (j.health.state == HealthJudgement::State::Healthy ? 1 : 0)].append(&t);
    }
    // Old tasks on draining instances go before those of older deployments, and among each, those
    // not judged healthy yet before those that are.
    // (Empty lists are read through const access below: a non-const begin() on an empty QList
    // allocates, and a steady service has most of these lists empty on every pass.)
    for (const QList<const Task *> &rank : oldCounted)
        oldHealthy.append(rank);
    stopForPrimary(stopNow);

    // Scale-in protection (UpdateTaskProtection): neither a scale-in nor a rollout stops a protected
    // task; the service looks again when the first protection among them runs out.
    auto unprotected = [&](const QList<const Task *> &from) {
        QList<const Task *> out;
        for (const Task *t : from) {
            if (t->isProtectedAt(m_in.now))
                earliest(m_plan.recheckAt, t->protectedUntil);
            else
                out.append(t);
        }
        return out;
    };

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
    snapshot.oldStarting = int(oldStarting.size());
    // The service's last "unable to place" came after this deployment began: its tasks lack room.
    snapshot.placementBlocked = p && m_v.lastPlacementFailureAt.isValid() && p->createdAt.isValid() &&
                                m_v.lastPlacementFailureAt >= p->createdAt;
    StepPlan step = planStep(desired, snapshot, bounds);
    const bool launching = mayLaunch();
    if (!launching)
        step.startNew = 0;
    // New tasks start once the previous stops have completed, as the documented examples read
    // ("may stop 2 before starting 2"): real containers stop a few hundred milliseconds apart, and
    // without this "stop 2, start 2" would come out as "stop 2, start 1, start 1". Old healthy tasks,
    // on the other hand, stop as soon as a new one counts as healthy and the minimum allows: the
    // rollout follows each new task instead of waiting for the slowest of its batch, and the phases
    // stay those of the examples ("start 4" before any of the 4 stops).
    if (!m_stopping.isEmpty())
        step.startNew = 0;

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
    stopUnhealthy(unhealthyNew);
    stopForPrimary(oldUnhealthy);
    if (step.stopOldStarting > 0)
        stopForPrimary(unprotected(oldStarting).mid(0, step.stopOldStarting));
    if (step.stopOldHealthy > 0)
        stopForPrimary(unprotected(oldHealthy).mid(0, step.stopOldHealthy));

    const bool oldLeft = !oldHealthy.isEmpty() || !oldUnhealthy.isEmpty() || !oldStarting.isEmpty() ||
                         std::any_of(m_stopping.cbegin(), m_stopping.cend(),
                                     [&](const Task *t) { return t->startedBy != primaryId; });
    // Scale-in: more new tasks than desired once nothing old is left.
    const int newCount = int(newHealthy.size() + newPending.size());
    if (!oldLeft && newCount > desired) {
        int excess = newCount - desired;
        const QList<const Task *> first = unprotected(newPending).mid(0, excess);
        m_plan.scaleInFirst = ids(first);
        excess -= int(first.size());
        const QList<const Task *> candidates = unprotected(newHealthy);
        if (excess > 0 && !candidates.isEmpty()) {
            m_plan.scaleInCount = std::min(excess, int(candidates.size()));
            m_plan.scaleInCandidates = ids(candidates);
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

} // namespace fd::services::detail
