#pragma once

// The inside of reconcileService() (ServiceReconciler.h): one tick of one service. Private to
// core/services; split over ServiceReconciler.cpp (observing, stopping, completing, counting),
// ReplicaRollout.cpp (the REPLICA rollout) and DaemonRollout.cpp (one task per instance).

#include "services/ServiceReconciler.h"

#include <ranges>

namespace fd::services::detail {

bool isLive(const Task &t);     // desired RUNNING and not stopped
bool isStopping(const Task &t); // desired STOPPED, not stopped yet
QStringList ids(const QList<const Task *> &tasks);
// Keeps the earlier of `into` and `candidate` in `into` (an invalid time is "none").
void earliest(QDateTime &into, const QDateTime &candidate);

class Tick
{
public:
    explicit Tick(const ReconcileInput &in) : m_in(in), m_v(*in.service) {}

    ReconcilePlan run();

private:
    struct Judged
    {
        const Task *task = nullptr;
        HealthJudgement health;
        const TaskElbHealth *elb = nullptr; // unhealthy because of a target group (else its containers)
    };

    // The input's tasks, as references.
    auto tasks() const
    {
        return m_in.tasks | std::views::transform([](const Task *t) -> const Task & { return *t; });
    }

    Deployment *deployment(const QString &id);
    // Read-only: does not copy the deployments the service shares with the input.
    const Deployment *primary() const { return m_v.primary(); }
    const Judged *judged(const Task *t) const;
    bool onUsableInstance(const Task &t) const;

    // Stopped tasks count once each: a failure to start feeds the back-off and, with a failure after
    // it started, the deployment's failedTasks (the circuit breaker's count).
    void accountStoppedTasks();
    void judgeLiveTasks();

    void stop(const QList<const Task *> &tasks, const QString &reason);
    // Replaced for failing health checks: the containers' or a target group's, each with its reason.
    void stopUnhealthy(const QList<const Task *> &tasks);
    QString primaryReason() const;
    // Stops with the PRIMARY deployment's reason, which is only worded when something stops.
    void stopForPrimary(const QList<const Task *> &tasks);
    void unhealthyEvent(const Task &t);
    bool mayLaunch();

    // Deleted: every task goes; INACTIVE once none is left.
    void drain();
    void tripCircuitBreaker();
    void planReplica(); // ReplicaRollout.cpp
    void planDaemon();  // DaemonRollout.cpp
    void complete(Deployment &p);

    // Deployments other than the PRIMARY with no task left are done: INACTIVE, kept in the history.
    void retireEmptyDeployments();
    void retireDeploymentsWithoutTasks();
    void noteSteadyState();
    void refreshCounts();

    const ReconcileInput &m_in;
    Service m_v;
    ReconcilePlan m_plan;
    QList<Judged> m_live;           // desired RUNNING, not stopped
    QList<const Task *> m_stopping; // desired STOPPED, not stopped yet: they still hold their place
};

} // namespace fd::services::detail
