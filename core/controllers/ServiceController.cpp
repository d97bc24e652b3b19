#include "ServiceController.h"

#include "ControlPlane.h"
#include "controllers/lb/ServiceTargets.h"
#include "fargate/Launch.h"
#include "ops/Instances.h"
#include "ops/Services.h"
#include "ops/TargetGroups.h"
#include "ops/Tasks.h"
#include "registries/InstanceRegistry.h"
#include "registries/ServiceRegistry.h"
#include "registries/TaskRegistry.h"
#include "services/ServiceReconciler.h"
#include "state/Kinds.h"

#include <QLoggingCategory>

namespace fd {

Q_LOGGING_CATEGORY(lcServices, "fleetdeck.services")

using reconcile::Outcome;

namespace {

reconcile::ReconcileLoop::Options loopOptions()
{
    reconcile::ReconcileLoop::Options o;
    o.controller = QStringLiteral("services");
    o.backoffBase = std::chrono::milliseconds(500);
    o.backoffCap = std::chrono::seconds(60);
    return o;
}

// What a plan decides, in a line: "service web: start 2; stop 1 (reason)". Empty when idle.
QString describePlan(const Service &before, const services::ReconcilePlan &plan)
{
    QStringList parts;
    if (plan.startCount > 0)
        parts.append(
            plan.startOn.isEmpty()
                ? QStringLiteral("start %1").arg(plan.startCount)
                : QStringLiteral("start %1 on %2").arg(plan.startCount).arg(plan.startOn.join(QStringLiteral(", "))));
    for (const services::ReconcilePlan::Stop &stop : plan.stops)
        parts.append(QStringLiteral("stop %1 (%2)").arg(stop.taskIds.size()).arg(stop.reason));
    const int scaleIn = plan.scaleInCount + int(plan.scaleInFirst.size());
    if (scaleIn > 0)
        parts.append(QStringLiteral("scale in %1").arg(scaleIn));
    if (parts.isEmpty() && plan.next.status != before.status)
        parts.append(QStringLiteral("now %1").arg(toString(plan.next.status)));
    if (parts.isEmpty() && !plan.events.isEmpty())
        parts.append(QStringLiteral("note"));
    if (parts.isEmpty())
        return {};
    return QStringLiteral("service %1: %2").arg(before.name, parts.join(QStringLiteral("; ")));
}

QString reasonOf(const Service &before, const services::ReconcilePlan &plan)
{
    if (!plan.events.isEmpty())
        return plan.events.join(u' ');
    return QStringLiteral("desired %1, running %2, pending %3")
        .arg(before.desiredCount)
        .arg(before.runningCount())
        .arg(before.pendingCount());
}

} // namespace

ServiceController::ServiceController(ControlPlane &cp, QObject *parent)
    : QObject(parent), m_cp(cp), m_loop(cp.clock(), loopOptions(), [this](const QString &key) { return process(key); })
{
    m_loop.setKeySource([this](const reconcile::ReconcileLoop::KeySink &add) { listServices(add); });
    connect(&m_loop, &reconcile::ReconcileLoop::roundFinished, this, &ServiceController::reconciled);
}

ServiceController::~ServiceController()
{
    stop();
}

void ServiceController::start()
{
    connectTriggers();
    m_loop.start();
    enqueueForChange();
}

void ServiceController::stop()
{
    disconnect(&m_cp, nullptr, this, nullptr);
    m_loop.stop();
}

void ServiceController::reconcileNow()
{
    enqueueForChange();
    m_loop.runDue(4); // our own commits change what we watch: settle, then rest
}

// ---- triggers -------------------------------------------------------------------------------

void ServiceController::connectTriggers()
{
    connect(&m_cp, &ControlPlane::changed, this, &ServiceController::enqueueChanged, Qt::UniqueConnection);
}

// Every ACTIVE or DRAINING service (start, reconcileNow).
void ServiceController::enqueueForChange()
{
    m_loop.enqueueAll();
}

// The one mapping from a committed change set to keys: a service to its key, a task to its group's
// service ("service:web" -> "cluster/web"), an instance to the services of its cluster, an engine
// (agents connecting or not) to every service.
void ServiceController::enqueueChanged(const state::ChangeSet &changes)
{
    if (changes.touches(state::kEngineKind)) {
        enqueueForChange();
        return;
    }
    for (const QString &key : changes.ids(state::kServiceKind))
        m_loop.enqueue(key);
    static const QString kServicePrefix = QStringLiteral("service:");
    for (const QString &id : changes.ids(state::kTaskKind)) {
        const Task *t = m_cp.tasks().registry().find(id);
        if (t && t->group.startsWith(kServicePrefix))
            m_loop.enqueue(keyOf(t->cluster, t->group.mid(kServicePrefix.size())));
    }
    // A target's health changed: the services registering tasks in its group.
    if (changes.touches(state::kTargetKind)) {
        QSet<QString> groups;
        for (const QString &id : changes.ids(state::kTargetKind))
            groups.insert(id.section(u'/', 0, 0));
        for (const Service &s : m_cp.services().registry().all()) {
            for (const ServiceLoadBalancer &lb : s.loadBalancers) {
                if (groups.contains(lbctl::targetGroupIdFromArn(lb.targetGroupArn))) {
                    m_loop.enqueue(keyOf(s.cluster, s.name));
                    break;
                }
            }
        }
    }
    QSet<QString> clusters;
    for (const QString &id : changes.ids(state::kInstanceKind)) {
        if (const std::optional<ContainerInstance> ci = m_cp.instances().find({}, id))
            clusters.insert(ci->cluster);
    }
    for (const QString &cluster : std::as_const(clusters)) {
        for (const Service &s : m_cp.services().list(cluster))
            m_loop.enqueue(keyOf(s.cluster, s.name));
    }
}

// The service's tasks (its group) in its cluster, any state, through the registry's group index.
QList<const Task *> ServiceController::tasksOf(const Service &service) const
{
    return m_cp.tasks().registry().group(service.cluster, service.group());
}

// The statuses of the cluster's instances (ACTIVE and DRAINING), shared by all its services: built
// once and kept until the instance registry's generation moves (an instance added, drained,
// deregistered), instead of a copy of every instance per service and pass.
QHash<QString, InstanceStatus> ServiceController::instancesOf(const QString &cluster)
{
    const registries::InstanceRegistry &registry = m_cp.instances().registry();
    if (registry.generation() != m_statusesGeneration) {
        m_statuses.clear();
        m_statusesGeneration = registry.generation();
    }
    auto it = m_statuses.constFind(cluster);
    if (it == m_statuses.cend()) {
        QHash<QString, InstanceStatus> statuses;
        for (const ContainerInstance &ci : registry.all()) {
            if (ci.cluster == cluster && ci.status != InstanceStatus::Inactive)
                statuses.insert(ci.id, ci.status);
        }
        it = m_statuses.insert(cluster, statuses);
    }
    return *it;
}

// Every ACTIVE or DRAINING service, by the key the registry keeps for it (keyOf(cluster, name)):
// none is built, and the loop knows a key listed as the same string as last time without a lookup.
void ServiceController::listServices(const reconcile::ReconcileLoop::KeySink &add) const
{
    const registries::ServiceRegistry &registry = m_cp.services().registry();
    const QList<Service> &all = registry.all();
    const QStringList &keys = registry.keys();
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (all[i].status != ServiceStatus::Inactive)
            add(keys[i]);
    }
}

// Each task's health in the service's target groups: the worst over its targets (draining ones,
// of a task on its way out, do not count).
QHash<QString, services::TaskElbHealth> ServiceController::elbHealthOf(const Service &service,
                                                                      const QList<const Task *> &tasks) const
{
    using H = services::TaskElbHealth;
    QHash<QString, QList<elb::Target>> groups;
    for (const ServiceLoadBalancer &lb : service.loadBalancers) {
        const QString id = lbctl::targetGroupIdFromArn(lb.targetGroupArn);
        if (!groups.contains(id))
            groups.insert(id, m_cp.targetGroups().targets(id));
    }
    const auto ec2Of = std::bind_front(&registries::InstanceRegistry::ec2InstanceIdOf, &m_cp.instances().registry());
    QHash<QString, H> out;
    for (const Task *t : tasks) {
        if (t->lastStatus != TaskStatus::Running)
            continue;
        const QList<lbctl::TaskTarget> targets = lbctl::targetsOfTask(service, *t, ec2Of);
        if (targets.isEmpty())
            continue;
        H health;
        health.state = H::State::Healthy;
        for (const lbctl::TaskTarget &tt : targets) {
            const QList<elb::Target> &registered = groups[tt.targetGroupId];
            const auto it = std::find_if(registered.cbegin(), registered.cend(),
                                         [&](const elb::Target &x) { return x.key() == tt.target; });
            H::State state = H::State::Unknown;
            if (it != registered.cend()) {
                switch (it->state) {
                case elb::TargetHealthState::Healthy:
                case elb::TargetHealthState::Unavailable: state = H::State::Healthy; break;
                case elb::TargetHealthState::Initial: state = H::State::Initial; break;
                case elb::TargetHealthState::Unhealthy: state = H::State::Unhealthy; break;
                default: state = H::State::Unknown; break;
                }
            }
            if (state == H::State::Unhealthy && health.state != H::State::Unhealthy) {
                // An ip target (awsvpc) has no instance to name.
                health = H{H::State::Unhealthy, tt.targetGroupArn, t->eni ? QString() : tt.target.id, tt.target.port,
                           it->description};
            } else if (health.state != H::State::Unhealthy &&
                       (state == H::State::Unknown || (state == H::State::Initial && health.state == H::State::Healthy))) {
                health.state = state;
            }
        }
        out.insert(t->id, health);
    }
    return out;
}

// ---- one pass over one service --------------------------------------------------------------

Outcome ServiceController::process(const QString &key)
{
    const ControlPlane::CauseScope cause(m_cp, state::Cause::controller(QStringLiteral("service-controller")));
    // Read in place: `service` and the tasks are valid until the first commit below. The key is the
    // registry's own ("cluster/name"): looked up as it is.
    const Service *service = key.indexOf(u'/') > 0 ? m_cp.services().registry().findByKey(key) : nullptr;
    if (!service || service->status == ServiceStatus::Inactive) {
        m_loop.forget(key);
        return Outcome::done();
    }

    services::ReconcileInput in;
    in.service = service;
    in.tasks = tasksOf(*service);
    in.instances = instancesOf(service->cluster);
    if (service->schedulingStrategy == services::SchedulingStrategy::Daemon)
        in.daemonInstances = m_cp.services().daemonInstances(*service);
    in.now = m_cp.clock().now();
    in.circuitBreakerMinimum = m_breakerMinimum;
    if (!service->loadBalancers.isEmpty())
        in.elbHealth = elbHealthOf(*service, in.tasks);

    services::ReconcilePlan plan = services::reconcileService(in);
    const QString decision = describePlan(*service, plan);
    // The reason goes to the decision log only with a decision: not built for a pass that decides nothing.
    const QString reason = decision.isEmpty() ? QString() : reasonOf(*service, plan);
    std::optional<Service> stored;       // what putState() committed, when the plan changed the service
    const Service *current = &plan.next; // the same as stored when it changed nothing: not copied
    if (plan.next != *service || !plan.events.isEmpty()) {
        const QString name = service->name;
        Result<Service> put = m_cp.services().putState(plan.next, plan.events);
        if (!put) {
            qCWarning(lcServices) << "service" << name << "could not be saved:" << put.error().message;
            // Nothing else this pass: the retry starts from what is stored.
            return Outcome::failed(QStringLiteral("service %1 could not be saved: %2").arg(name, put.error().message),
                                   decision);
        }
        stored = std::move(put).value();
        current = &*stored;
    }
    service = nullptr; // the commits below move the registries
    in.tasks.clear();
    QStringList errors;
    QDateTime placementFailureAt;
    if (plan.startCount > 0)
        errors += launch(*current, plan.startCount, plan.startOn, plan.startEventSuffix, &placementFailureAt);
    for (const services::ReconcilePlan::Stop &stop : plan.stops) {
        if (auto r = m_cp.services().stopTasks(current->cluster, current->name, stop.taskIds, stop.reason); !r)
            errors.append(QStringLiteral("could not stop tasks: %1").arg(r.error().message));
    }
    if (plan.scaleInCount > 0 || !plan.scaleInFirst.isEmpty()) {
        QStringList chosen = plan.scaleInFirst;
        if (plan.scaleInCount > 0)
            chosen += m_cp.services().chooseTasksToStop(*current, plan.scaleInCandidates, plan.scaleInCount);
        const QString why = services::scalingActivityReason(current->primary() ? current->primary()->id : QString());
        if (auto r = m_cp.services().stopTasks(current->cluster, current->name, chosen, why); !r)
            errors.append(QStringLiteral("could not scale in: %1").arg(r.error().message));
    }
    if (!errors.isEmpty()) {
        qCWarning(lcServices) << "service" << current->name << ":" << errors.join(QStringLiteral("; "));
        return Outcome::failed(errors.join(QStringLiteral("; ")), decision);
    }
    if (current->status == ServiceStatus::Inactive) {
        m_loop.forget(key);
        return Outcome::done(decision, reason);
    }
    // Look again when the answer changes on time alone, and when an unplaceable launch is due to
    // be retried and reported again.
    QDateTime recheck = plan.recheckAt;
    if (placementFailureAt.isValid()) {
        const QDateTime repeat =
            placementFailureAt.addSecs(std::chrono::seconds(services::kPlacementFailureRepeat).count());
        if (!recheck.isValid() || repeat < recheck)
            recheck = repeat;
    }
    Outcome o = Outcome::done(decision, reason);
    return recheck.isValid() ? o.lookAgainAt(recheck) : o;
}

QStringList ServiceController::launch(const Service &service, int count, const QStringList &onInstances,
                                      const QString &suffix, QDateTime *failureAt)
{
    const Deployment *primary = service.primary();
    if (!primary)
        return {};
    ops::RunTaskRequest request;
    request.cluster = service.cluster;
    request.taskDefinition = primary->taskDefinition();
    request.group = service.group();
    request.startedBy = primary->id;
    request.launchType = service.launchType;
    request.capacityProviderStrategy = service.capacityProviderStrategy;
    request.networkConfiguration = service.networkConfiguration;
    // FARGATE tasks are not placed on instances: no strategy, no constraint.
    const bool onFargate = service.launchType == u"FARGATE" ||
                           (!service.capacityProviderStrategy.isEmpty() &&
                            fargate::isFargateProvider(service.capacityProviderStrategy.front().capacityProvider));
    if (onFargate) {
        request.platformVersion = service.platformVersion;
    } else {
        request.placementConstraints = service.placementConstraints;
        request.placementStrategy = service.placementStrategy.isEmpty() ? services::defaultServicePlacementStrategy()
                                                                        : service.placementStrategy;
    }
    request.service = service.name;
    request.startedEventSuffix = suffix;

    QList<ops::TaskFailure> failures;
    QString requestError;
    const int total = onInstances.isEmpty() ? count : int(onInstances.size());
    const int batches = (total + 9) / 10; // RunTask's limit is 10 tasks per call
    int remaining = total;
    qsizetype offset = 0;
    for (int batch = 1; remaining > 0; ++batch) {
        const int n = std::min(remaining, 10);
        if (onInstances.isEmpty()) {
            request.count = n;
        } else {
            request.containerInstances = onInstances.mid(offset, n);
            request.placementStrategy.clear();
        }
        if (batches > 1)
            m_loop.record(keyOf(service.cluster, service.name),
                          QStringLiteral("service %1: start %2 (batch %3 of %4)")
                              .arg(service.name)
                              .arg(n)
                              .arg(batch)
                              .arg(batches),
                          QStringLiteral("RunTask starts at most 10 tasks per call"));
        Result<ops::RunTaskResult> r = m_cp.tasks().run(request);
        if (!r) {
            requestError = r.error().message;
            break;
        }
        failures.append(r.value().failures);
        remaining -= n;
        offset += n;
    }

    QString message;
    if (!requestError.isEmpty()) {
        if (requestError == u"No Container Instances were found in your cluster.")
            message = services::placementFailureEvent(service.name, {}, {});
        else
            message =
                QStringLiteral("(service %1) was unable to place a task. Reason: %2").arg(service.name, requestError);
    } else if (!failures.isEmpty()) {
        message = services::placementFailureEvent(service.name, failures.front().reason, failures.front().arn);
    }
    if (message.isEmpty())
        return {};
    const std::optional<Service> now = m_cp.services().find(service.cluster, service.name);
    if (!now)
        return {};
    const QDateTime at = m_cp.clock().now();
    const bool repeat =
        now->lastPlacementFailure != message || !now->lastPlacementFailureAt.isValid() ||
        now->lastPlacementFailureAt.secsTo(at) >= std::chrono::seconds(services::kPlacementFailureRepeat).count();
    *failureAt = repeat ? at : now->lastPlacementFailureAt;
    if (!repeat)
        return {};
    Service next = *now;
    next.lastPlacementFailure = message;
    next.lastPlacementFailureAt = at;
    if (auto r = m_cp.services().putState(next, {message}); !r)
        return {QStringLiteral("could not record a placement failure: %1").arg(r.error().message)};
    return {};
}

} // namespace fd
