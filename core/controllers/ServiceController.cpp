#include "ServiceController.h"

#include "ControlPlane.h"
#include "services/ServiceReconciler.h"

#include <QLoggingCategory>

namespace fd {

Q_LOGGING_CATEGORY(lcServices, "fleetdeck.services")

ServiceController::ServiceController(ControlPlane &cp, QObject *parent) : QObject(parent), m_cp(cp)
{
    m_kick.setSingleShot(true);
    m_kick.setInterval(0);
    connect(&m_kick, &QTimer::timeout, this, &ServiceController::reconcile);
    connect(&m_timer, &QTimer::timeout, this, &ServiceController::reconcile);
}

ServiceController::~ServiceController() = default;

void ServiceController::start(std::chrono::milliseconds interval)
{
    connect(&m_cp, &ControlPlane::servicesChanged, this, &ServiceController::scheduleReconcile, Qt::UniqueConnection);
    connect(&m_cp, &ControlPlane::tasksChanged, this, &ServiceController::scheduleReconcile, Qt::UniqueConnection);
    connect(&m_cp, &ControlPlane::containerInstancesChanged, this, &ServiceController::scheduleReconcile,
            Qt::UniqueConnection);
    // Time-based decisions (40 s to healthy, back-off, steady-state repeat) are checked against the
    // control plane's clock on every tick; a short tick keeps them prompt at ×20.
    m_timer.start(std::min(interval, std::chrono::milliseconds(250)));
    scheduleReconcile();
}

void ServiceController::stop()
{
    m_timer.stop();
    m_kick.stop();
    disconnect(&m_cp, nullptr, this, nullptr);
}

void ServiceController::reconcileNow()
{
    reconcile();
}

void ServiceController::scheduleReconcile()
{
    if (m_inPass) {
        m_again = true;
        return;
    }
    if (!m_kick.isActive())
        m_kick.start();
}

void ServiceController::reconcile()
{
    if (m_inPass)
        return;
    m_inPass = true;
    int passes = 0;
    do {
        m_again = false;
        for (const Service &service : m_cp.services())
            reconcileService(service);
    } while (m_again && ++passes < 4); // our own commits change what we watch: settle, then rest
    m_inPass = false;
    if (m_again) {
        m_again = false;
        scheduleReconcile();
    }
    emit reconciled();
}

void ServiceController::reconcileService(const Service &service)
{
    services::ReconcileInput in;
    in.service = service;
    ControlPlane::TaskFilter filter;
    filter.group = service.group();
    in.tasks = m_cp.tasks(service.cluster, filter);
    for (const ContainerInstance &ci : m_cp.containerInstances(service.cluster))
        in.instances.insert(ci.id, ci.status);
    if (service.schedulingStrategy == services::SchedulingStrategy::Daemon)
        in.daemonInstances = m_cp.daemonInstances(service);
    in.now = m_cp.clock().now();
    in.circuitBreakerMinimum = m_breakerMinimum;

    services::ReconcilePlan plan = services::reconcileService(in);
    Service current = service;
    if (plan.next != service || !plan.events.isEmpty()) {
        Result<Service> put = m_cp.putServiceState(plan.next, plan.events);
        if (!put) {
            qCWarning(lcServices) << "service" << service.name << "could not be saved:" << put.error().message;
            return; // nothing else this tick: the next one starts from what is stored
        }
        current = put.value();
    }
    if (plan.startCount > 0)
        launch(current, plan.startCount, plan.startOn, plan.startEventSuffix);
    for (const services::ReconcilePlan::Stop &stop : plan.stops) {
        if (auto r = m_cp.stopServiceTasks(current.cluster, current.name, stop.taskIds, stop.reason); !r)
            qCWarning(lcServices) << "service" << current.name << "could not stop tasks:" << r.error().message;
    }
    if (plan.scaleInCount > 0 || !plan.scaleInFirst.isEmpty()) {
        QStringList chosen = plan.scaleInFirst;
        if (plan.scaleInCount > 0)
            chosen += m_cp.chooseServiceTasksToStop(current, plan.scaleInCandidates, plan.scaleInCount);
        const QString reason = services::scalingActivityReason(current.primary() ? current.primary()->id : QString());
        if (auto r = m_cp.stopServiceTasks(current.cluster, current.name, chosen, reason); !r)
            qCWarning(lcServices) << "service" << current.name << "could not scale in:" << r.error().message;
    }
}

void ServiceController::launch(const Service &service, int count, const QStringList &onInstances,
                               const QString &suffix)
{
    const Deployment *primary = service.primary();
    if (!primary)
        return;
    ControlPlane::RunTaskRequest request;
    request.cluster = service.cluster;
    request.taskDefinition = primary->taskDefinition();
    request.group = service.group();
    request.startedBy = primary->id;
    request.placementConstraints = service.placementConstraints;
    request.placementStrategy = service.placementStrategy.isEmpty() || service.placementStrategy == "[]"
                                    ? services::defaultServicePlacementStrategy()
                                    : service.placementStrategy;
    request.service = service.name;
    request.startedEventSuffix = suffix;

    QList<ControlPlane::TaskFailure> failures;
    QString requestError;
    int remaining = onInstances.isEmpty() ? count : int(onInstances.size());
    qsizetype offset = 0;
    while (remaining > 0) {
        const int batch = std::min(remaining, 10); // RunTask's limit
        if (onInstances.isEmpty()) {
            request.count = batch;
        } else {
            request.containerInstances = onInstances.mid(offset, batch);
            request.placementStrategy.clear();
        }
        Result<ControlPlane::RunTaskResult> r = m_cp.runTask(request);
        if (!r) {
            requestError = r.error().message;
            break;
        }
        failures.append(r.value().failures);
        remaining -= batch;
        offset += batch;
    }

    QString message;
    if (!requestError.isEmpty()) {
        if (requestError == u"No Container Instances were found in your cluster.")
            message = services::placementFailureEvent(service.name, {}, {});
        else
            message = QStringLiteral("(service %1) was unable to place a task. Reason: %2").arg(service.name, requestError);
    } else if (!failures.isEmpty()) {
        message = services::placementFailureEvent(service.name, failures.front().reason, failures.front().arn);
    }
    if (message.isEmpty())
        return;
    const std::optional<Service> now = m_cp.service(service.cluster, service.name);
    if (!now)
        return;
    const QDateTime at = m_cp.clock().now();
    const bool repeat = now->lastPlacementFailure != message || !now->lastPlacementFailureAt.isValid() ||
                        now->lastPlacementFailureAt.secsTo(at) >=
                            std::chrono::seconds(services::kPlacementFailureRepeat).count();
    if (!repeat)
        return;
    Service next = *now;
    next.lastPlacementFailure = message;
    next.lastPlacementFailureAt = at;
    if (auto r = m_cp.putServiceState(next, {message}); !r)
        qCWarning(lcServices) << "service" << service.name << "could not record a placement failure:" << r.error().message;
}

} // namespace fd
