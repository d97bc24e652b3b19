#pragma once

#include "reconcile/ReconcileLoop.h"
#include "registries/ServiceRegistry.h"
#include "state/ChangeSet.h"
#include "services/DeploymentMath.h"
#include "services/ElbHealth.h"
#include "model/ContainerInstance.h"
#include "model/Task.h"

#include <QHash>
#include <QObject>
#include <QStringList>

namespace fd {

class ControlPlane;
struct Service;

// The service scheduler: for every service, keeps its tasks at the desired count, replaces the ones
// that stop or fail their health checks, rolls deployments out within minimumHealthyPercent and
// maximumPercent, trips the circuit breaker and drains deleted services. Level-triggered (STYLE.md
// points 6-9) on one keyed ReconcileLoop (key "cluster/service"): a pass re-reads the control
// plane, asks services::reconcileService() for one step and applies it through the control plane,
// whose calls commit before they return; a restart in the middle of a deployment simply observes
// where it was and takes the next step. A service is looked at again when something changes and
// when the plan says its answer changes on time alone (ReconcilePlan::recheckAt: a task turning
// healthy 40 s after RUNNING), on the control plane's clock, so teaching speed scales it all. No
// polling; a pass that fails backs off.
class ServiceController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceController)

public:
    explicit ServiceController(ControlPlane &cp, QObject *parent = nullptr);
    ~ServiceController() override;

    // Passes run on every change of services, tasks or instances and when a decision is due.
    void start();
    void stop();
    // Every service now, settling for a few rounds when the passes' own commits ask for more.
    void reconcileNow();

    // The circuit breaker's minimum threshold: 3 (current AWS documentation) or 10 (2023 mode).
    void setCircuitBreakerMinimum(int minimum) { m_breakerMinimum = minimum; }
    int circuitBreakerMinimum() const { return m_breakerMinimum; }

    // The loop: pause, single-step, decisions (reconcile::DecisionLog).
    reconcile::ReconcileLoop &loop() { return m_loop; }
    // The service registry's key: the controller finds a service by its key as it is.
    static QString keyOf(const QString &cluster, const QString &serviceName)
    {
        return registries::ServiceRegistry::key(cluster, serviceName);
    }

signals:
    void reconciled();

private:
    // Triggers: the one place that maps the control plane's notifications to keys.
    void connectTriggers();
    void enqueueForChange();
    void enqueueChanged(const state::ChangeSet &changes);
    void listServices(const reconcile::ReconcileLoop::KeySink &add) const;
    QList<const Task *> tasksOf(const Service &service) const;
    QHash<QString, services::TaskElbHealth> elbHealthOf(const Service &service, const QList<const Task *> &tasks) const;
    QHash<QString, InstanceStatus> instancesOf(const QString &cluster);

    reconcile::Outcome process(const QString &key);
    // Returns the errors; `failureAt` is set when a placement failure was recorded.
    QStringList launch(const Service &service, int count, const QStringList &onInstances, const QString &suffix,
                       QDateTime *failureAt);

    ControlPlane &m_cp;
    reconcile::ReconcileLoop m_loop;
    int m_breakerMinimum = services::kCircuitBreakerMinimum;
    // cluster -> (instance id -> status), valid for the instance registry's generation below.
    QHash<QString, QHash<QString, InstanceStatus>> m_statuses;
    quint64 m_statusesGeneration = 0;
};

} // namespace fd
