#pragma once

#include "controllers/lb/HealthJudge.h"
#include "lb/Proxy.h"
#include "reconcile/ReconcileLoop.h"
#include "state/ChangeSet.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

namespace fd {

class ControlPlane;
struct Task;

// The load balancer at work (ECS-SEMANTICS.md §1.7): keeps the data plane (lb::Proxy, on its own
// threads) serving what the control plane's registries describe, checks every target's health on
// the control plane's clock, ends deregistrations (draining) at the delay or as soon as nothing is in
// flight, and registers a service's tasks in its target groups when they run and deregisters them
// before they stop.
//
// Three keyed loops of one ReconcileLoop each, on the control plane's clock (so teaching speed
// speeds health checks and draining up with everything else):
//   - "tg/<target group id>/<target id>/<port>": one target: probe it when due (the probe runs on
//     the proxy's threads; its answer comes back here), or, while draining, end the deregistration;
//   - "svc/<cluster>/<service>": one service's registrations and deregistrations;
//   - the routing table: rebuilt and applied (coalesced) after any change of a load-balancing kind
//     or of the instances.
class LoadBalancerController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoadBalancerController)

public:
    LoadBalancerController(ControlPlane &cp, lb::ProxyOptions options, QObject *parent = nullptr);
    ~LoadBalancerController() override;

    void start();
    void stop();
    // Applies the routing table and runs every due key now, a few rounds (tests).
    void reconcileNow();

    lb::Proxy &proxy() { return *m_proxy; }
    // The listeners the proxy could not open (port in use, privileged port), after the last apply.
    const std::vector<lb::ListenerError> &listenerErrors() const { return m_listenerErrors; }

    // For the task controller: while a task's targets are registered, or draining with requests in
    // flight, it stays DEACTIVATING; the reason says why (empty: it may go on to STOPPING).
    QString deactivationHold(const Task &task) const;
    // Called with a task id when its hold ends (the task controller looks at it again).
    void setOnReleased(std::function<void(const QString &taskId)> onReleased) { m_onReleased = std::move(onReleased); }

    reconcile::ReconcileLoop &targetLoop() { return m_targets; }
    reconcile::ReconcileLoop &serviceLoop() { return m_services; }

signals:
    // After each apply of the routing table (listeners opened or closed, errors changed).
    void routingApplied();

private:
    void onChanged(const state::ChangeSet &changes);
    void applyRouting();
    void enqueueAllTargets();
    void enqueueAllServices();

    reconcile::Outcome processTarget(const QString &key);
    reconcile::Outcome drain(const QString &key, const QString &targetGroupId, const elb::TargetKey &target);
    void probeAnswered(const QString &key, const lb::ProbeResult &result);
    // The health after one check of the target `key` (committed when it changed), and when to check again.
    reconcile::Outcome judge(const QString &key, const lbctl::ProbeOutcome &outcome, const QString &answered);
    reconcile::Outcome processService(const QString &key);
    bool simulatedTaskAt(const QString &address) const;

    ControlPlane &m_cp;
    std::unique_ptr<lb::Proxy> m_proxy;
    reconcile::ReconcileLoop m_targets;
    reconcile::ReconcileLoop m_services;
    std::vector<lb::ListenerError> m_listenerErrors;
    bool m_routingDirty = false;
    bool m_running = false;
    qint64 m_appliedAtMs = 0; // real time of the last apply (a draining target's requests settle after it)

    QHash<QString, lbctl::HealthRun> m_runs;   // by target key
    QHash<QString, QDateTime> m_nextProbe;      // by target key: control-plane time
    QSet<QString> m_drained;                    // target keys whose deregistration ended early (nothing in flight)
    QHash<QString, QString> m_taskOfTarget;     // target key -> task id (service targets)
    std::function<void(const QString &)> m_onReleased;
};

} // namespace fd
