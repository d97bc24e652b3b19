#include "ServiceTick.h"

#include <QSet>

#include <algorithm>

namespace fd::services::detail {

void Tick::planDaemon()
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
    // starts on an instance once the old one there has stopped. Scale-in protection
    // (UpdateTaskProtection, which ECS accepts for any service's task) holds a deployment here as it
    // does a REPLICA one: the protected task stays until its protection runs out.
    QList<const Task *> replaceable;
    for (const Task *t : std::as_const(replace)) {
        if (t->isProtectedAt(m_in.now))
            earliest(m_plan.recheckAt, t->protectedUntil);
        else
            replaceable.append(t);
    }
    const int mayStop = std::max(0, healthy - bounds.minimumHealthy);
    stopForPrimary(replaceable.mid(0, mayStop));
    if (!startOn.isEmpty() && mayLaunch()) {
        m_plan.startOn = startOn;
        m_plan.startCount = int(startOn.size());
    }
    if (p && p->rolloutState == RolloutState::InProgress && complete && m_stopping.isEmpty() && leaving.isEmpty() &&
        unhealthy.isEmpty())
        this->complete(*p);
}

} // namespace fd::services::detail
