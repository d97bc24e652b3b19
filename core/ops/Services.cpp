// Services: CreateService, UpdateService, DeleteService, DescribeServices and the service
// controller's commits. What a service does over time is the service controller's work
// (controllers/ServiceController); the arithmetic is in services/.

#include "ops/Services.h"

#include "ControlPlane.h"
#include "fargate/Launch.h"
#include "model/Arn.h"
#include "ops/Clusters.h"
#include "ops/TargetGroups.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "registries/InstanceRegistry.h"
#include "registries/ServiceRegistry.h"
#include "registries/TaskDefinitionRegistry.h"
#include "registries/TaskRegistry.h"
#include "scheduler/Placement.h"
#include "state/Kinds.h"
#include "state/Transaction.h"
#include "tags/TagRegistry.h"

#include <QRandomGenerator>
#include <QUuid>

#include <algorithm>

namespace fd::ops {

using namespace state;

Error Services::serviceNotFound()
{
    return makeError(QStringLiteral("ServiceNotFoundException"), QStringLiteral("Service not found."));
}

namespace {

// "ecs-svc/" and 19 digits, as ECS numbers deployments.
QString newDeploymentId()
{
    QString digits = QString::number(QRandomGenerator::global()->bounded(1, 10));
    for (int i = 0; i < 18; ++i)
        digits += QChar(u'0' + QRandomGenerator::global()->bounded(10));
    return QStringLiteral("ecs-svc/") + digits;
}

// A new PRIMARY deployment of the service's revision and desired count, IN_PROGRESS.
// A service's loadBalancers against the revision it runs: at most five, each naming a container of
// the task definition that maps the port (ECS's wording), no entry twice.
std::optional<Error> checkLoadBalancers(const QList<ServiceLoadBalancer> &lbs, const TaskDefinition &td)
{
    if (lbs.size() > ServiceLoadBalancer::kMaxPerService)
        return invalidParameter(QStringLiteral("loadBalancers: a service can use at most %1 target groups (got %2)")
                                    .arg(ServiceLoadBalancer::kMaxPerService)
                                    .arg(lbs.size()),
                                QStringLiteral("loadBalancers"));
    for (qsizetype i = 0; i < lbs.size(); ++i) {
        const ServiceLoadBalancer &lb = lbs[i];
        if (lbs.indexOf(lb) != i)
            return invalidParameter(QStringLiteral("loadBalancers: target group %1 with container %2:%3 is listed "
                                                   "twice")
                                        .arg(lb.targetGroupArn, lb.containerName)
                                        .arg(lb.containerPort),
                                    QStringLiteral("loadBalancers"));
        const auto &containers = td.spec.containerDefinitions;
        const auto c = std::find_if(containers.begin(), containers.end(),
                                    [&](const ContainerDefinition &d) { return d.name == lb.containerName; });
        if (c == containers.end())
            return invalidParameter(QStringLiteral("The container %1 does not exist in the task definition %2.")
                                        .arg(lb.containerName, td.familyRevision()),
                                    QStringLiteral("loadBalancers"));
        const bool mapped = std::any_of(c->portMappings.begin(), c->portMappings.end(), [&](const PortMapping &m) {
            return m.containerPort == lb.containerPort && m.protocol == u"tcp";
        });
        if (!mapped)
            return invalidParameter(QStringLiteral("The container %1 did not have a container port %2 defined.")
                                        .arg(lb.containerName)
                                        .arg(lb.containerPort),
                                    QStringLiteral("loadBalancers"));
    }
    return std::nullopt;
}

// Each target group exists, is used by a load balancer (ECS's "does not have an associated load
// balancer") and takes the targets the task definition's network mode gives (instance for bridge and
// host, ip for awsvpc).
std::optional<Error> checkTargetGroups(const ControlPlane &cp, const QList<ServiceLoadBalancer> &lbs,
                                       const TaskDefinition &td)
{
    for (const ServiceLoadBalancer &lb : lbs) {
        const Result<elb::TargetGroup> tg = cp.targetGroups().byArn(lb.targetGroupArn);
        if (!tg)
            return invalidParameter(QStringLiteral("Unable to find the target group %1: %2")
                                        .arg(lb.targetGroupArn, tg.error().message),
                                    QStringLiteral("loadBalancers"));
        if (cp.targetGroups().loadBalancerIds(tg.value().id).isEmpty())
            return invalidParameter(QStringLiteral("The target group with targetGroupArn %1 does not have an "
                                                   "associated load balancer.")
                                        .arg(lb.targetGroupArn),
                                    QStringLiteral("loadBalancers"));
        const QString wanted = td.spec.networkMode == u"awsvpc" ? QStringLiteral("ip") : QStringLiteral("instance");
        if (tg.value().targetType != wanted)
            return invalidParameter(QStringLiteral("The provided target group %1 has target type %2, which is "
                                                   "incompatible with the %3 network mode specified in the task "
                                                   "definition.")
                                        .arg(lb.targetGroupArn, tg.value().targetType, td.spec.networkMode),
                                    QStringLiteral("loadBalancers"));
    }
    return std::nullopt;
}

Deployment newPrimaryDeployment(const Service &v, const QDateTime &now)
{
    Deployment d;
    d.id = newDeploymentId();
    d.status = DeploymentStatus::Primary;
    d.family = v.family;
    d.revision = v.revision;
    d.desiredCount = v.desiredCount;
    d.rolloutState = RolloutState::InProgress;
    d.rolloutStateReason = QStringLiteral("ECS deployment %1 in progress.").arg(d.id);
    d.createdAt = now;
    d.updatedAt = now;
    return d;
}

} // namespace

void Services::appendEvents(Service &service, const QStringList &messages, QList<Event> &journal) const
{
    const QDateTime now = Domain::now();
    for (const QString &m : messages) {
        service.events.prepend(ServiceEvent{QUuid::createUuid().toString(QUuid::WithoutBraces), now, m});
        journal.append(makeEvent(kServiceKind, service.name, m));
    }
    if (service.events.size() > Service::kMaxEvents)
        service.events.resize(Service::kMaxEvents);
}

Result<Service> Services::create(const ServiceRequest &r)
{
    const Result<Cluster> c = m_cp.clusters().active(r.cluster);
    if (!c)
        return c.error();
    const QString clusterName = c.value().name;
    if (!isValidName(r.serviceName))
        return invalidParameter(QStringLiteral("serviceName: up to 255 letters (uppercase and lowercase), numbers, "
                                               "underscores and hyphens are allowed (got \"%1\")")
                                    .arg(r.serviceName),
                                QStringLiteral("serviceName"));
    if (const Service *existing = m_serviceRegistry->find(clusterName, r.serviceName)) {
        if (existing->status == ServiceStatus::Active)
            return invalidParameter(QStringLiteral("Creation of service was not idempotent."));
        if (existing->status == ServiceStatus::Draining)
            return invalidParameter(QStringLiteral("Service %1 is still DRAINING: create it again once its tasks "
                                                   "have stopped and it is INACTIVE.")
                                        .arg(r.serviceName));
    }
    const Result<TaskDefinition> launched = m_cp.taskDefinitions().toLaunch(r.taskDefinition);
    if (!launched)
        return launched.error();
    const TaskDefinition &td = launched.value();

    if (std::optional<Error> e = tags::validate(r.tags))
        return *e;
    const bool daemon = r.schedulingStrategy == services::SchedulingStrategy::Daemon;
    if (daemon && r.desiredCount)
        return invalidParameter(QStringLiteral("desiredCount: the DAEMON scheduling strategy does not support a "
                                               "desired count; it runs one task on each container instance"),
                                QStringLiteral("desiredCount"));
    if (daemon && r.placementStrategy && !r.placementStrategy->isEmpty())
        return invalidParameter(QStringLiteral("placementStrategy: the DAEMON scheduling strategy does not support "
                                               "placement strategies"),
                                QStringLiteral("placementStrategy"));
    if (!daemon && !r.desiredCount)
        return invalidParameter(QStringLiteral("desiredCount: required for a REPLICA service"),
                                QStringLiteral("desiredCount"));
    if (r.desiredCount && *r.desiredCount < 0)
        return invalidParameter(QStringLiteral("desiredCount: must be at least 0 (got %1)").arg(*r.desiredCount),
                                QStringLiteral("desiredCount"));
    const services::DeploymentPercents percents =
        services::resolvePercents(r.schedulingStrategy, r.minimumHealthyPercent, r.maximumPercent);
    if (Status s = services::validatePercents(percents); !s)
        return s.error();
    if (r.healthCheckGracePeriodSeconds && (*r.healthCheckGracePeriodSeconds < 0 ||
                                            *r.healthCheckGracePeriodSeconds > 2147483647))
        return invalidParameter(QStringLiteral("healthCheckGracePeriodSeconds: must be at least 0"),
                                QStringLiteral("healthCheckGracePeriodSeconds"));
    if (r.loadBalancers) {
        if (std::optional<Error> e = checkLoadBalancers(*r.loadBalancers, td))
            return *e;
        if (std::optional<Error> e = checkTargetGroups(m_cp, *r.loadBalancers, td))
            return *e;
    }
    // How its tasks launch: a launch type, a strategy, or the cluster's default strategy (kept as
    // the service's, as ECS describes it), checked as RunTask checks them.
    const Result<fargate::LaunchSpec> launch =
        fargate::resolveLaunch(r.launchType.value_or(QString()),
                               r.capacityProviderStrategy.value_or(QList<CapacityProviderStrategyItem>()), c.value());
    if (!launch)
        return launch.error();
    if (daemon && launch.value().fargate())
        return invalidParameter(QStringLiteral("schedulingStrategy: the DAEMON scheduling strategy does not support "
                                               "the FARGATE launch type"),
                                QStringLiteral("schedulingStrategy"));
    const Result<LaunchSettings> settings =
        checkLaunchSettings(launch.value(), td, r.platformVersion.value_or(QString()), r.networkConfiguration,
                            r.placementStrategy.value_or(QList<scheduler::Strategy>()),
                            r.placementConstraints.value_or(QList<scheduler::Constraint>()));
    if (!settings)
        return settings.error();

    const QDateTime now = Domain::now();
    Service v;
    v.name = r.serviceName;
    v.cluster = clusterName;
    v.schedulingStrategy = r.schedulingStrategy;
    v.family = td.family();
    v.revision = td.revision;
    v.desiredCount = daemon ? 0 : *r.desiredCount; // a daemon's follows its instances
    v.percents = percents;
    v.circuitBreaker = r.circuitBreaker.value_or(CircuitBreaker{});
    v.placementStrategy = r.placementStrategy.value_or(QList<scheduler::Strategy>());
    v.placementConstraints = r.placementConstraints.value_or(QList<scheduler::Constraint>());
    v.healthCheckGracePeriodSeconds = r.healthCheckGracePeriodSeconds.value_or(0);
    v.launchType = launch.value().launchType;
    v.capacityProviderStrategy = launch.value().strategy;
    // FARGATE: the platform version as given (LATEST when not); EC2: none.
    if (launch.value().fargate())
        v.platformVersion =
            r.platformVersion.value_or(QString()).isEmpty() ? QStringLiteral("LATEST") : *r.platformVersion;
    v.networkConfiguration = r.networkConfiguration;
    v.loadBalancers = r.loadBalancers.value_or(QList<ServiceLoadBalancer>());
    v.propagateTags = r.propagateTags.value_or(tags::Propagate::None);
    v.enableECSManagedTags = r.enableECSManagedTags.value_or(false);
    v.createdAt = now;
    v.deployments = {newPrimaryDeployment(v, now)};

    QList<Event> events{makeEvent(kServiceKind, v.name,
                                  QStringLiteral("Service %1 created in cluster %2: %3 %4, desired count %5, "
                                                 "minimumHealthyPercent %6, maximumPercent %7.")
                                      .arg(v.name, v.cluster, toString(v.schedulingStrategy), v.taskDefinition())
                                      .arg(daemon ? QStringLiteral("one per instance") : QString::number(v.desiredCount))
                                      .arg(percents.minimumHealthyPercent)
                                      .arg(percents.maximumPercent))};
    Transaction tx = begin();
    m_serviceRegistry->stage(tx, v);
    m_tags->stage(tx, kServiceKind, registries::ServiceRegistry::key(v), r.tags, now);
    tx.derived(kClusterKind, v.cluster);
    tx.events(std::move(events));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return v;
}

Result<Service> Services::update(const ServiceRequest &r)
{
    if (!r.tags.isEmpty())
        return invalidParameter(QStringLiteral("tags: UpdateService does not change tags; use TagResource"),
                                QStringLiteral("tags"));
    const QString clusterName = arn::clusterNameFrom(r.cluster.isEmpty() ? QStringLiteral("default") : r.cluster);
    if (!m_cp.clusters().find(clusterName))
        return clusterNotFound();
    const Service *current = m_serviceRegistry->find(clusterName, arn::serviceNameFrom(r.serviceName));
    if (!current)
        return serviceNotFound();
    if (current->status != ServiceStatus::Active)
        return makeError(QStringLiteral("ServiceNotActiveException"), QStringLiteral("Service was not ACTIVE."));
    Service v = *current;
    const bool daemon = v.schedulingStrategy == services::SchedulingStrategy::Daemon;

    std::optional<TaskDefinition> td;
    if (!r.taskDefinition.isEmpty()) {
        Result<TaskDefinition> launched = m_cp.taskDefinitions().toLaunch(r.taskDefinition);
        if (!launched)
            return launched.error();
        td = std::move(launched).value();
    }
    if (daemon && r.desiredCount)
        return invalidParameter(QStringLiteral("desiredCount: the DAEMON scheduling strategy does not support a "
                                               "desired count"),
                                QStringLiteral("desiredCount"));
    if (r.desiredCount && *r.desiredCount < 0)
        return invalidParameter(QStringLiteral("desiredCount: must be at least 0 (got %1)").arg(*r.desiredCount),
                                QStringLiteral("desiredCount"));
    services::DeploymentPercents percents = v.percents;
    if (r.minimumHealthyPercent)
        percents.minimumHealthyPercent = *r.minimumHealthyPercent;
    if (r.maximumPercent)
        percents.maximumPercent = *r.maximumPercent;
    if (Status s = services::validatePercents(percents); !s)
        return s.error();
    if (r.healthCheckGracePeriodSeconds && *r.healthCheckGracePeriodSeconds < 0)
        return invalidParameter(QStringLiteral("healthCheckGracePeriodSeconds: must be at least 0"),
                                QStringLiteral("healthCheckGracePeriodSeconds"));
    if (daemon && r.placementStrategy && !r.placementStrategy->isEmpty())
        return invalidParameter(QStringLiteral("placementStrategy: the DAEMON scheduling strategy does not "
                                               "support placement strategies"),
                                QStringLiteral("placementStrategy"));
    // The load balancers checked against the revision the service will run.
    const bool newLoadBalancers = r.loadBalancers && *r.loadBalancers != v.loadBalancers;
    if (td || newLoadBalancers) {
        const QList<ServiceLoadBalancer> &lbs = r.loadBalancers ? *r.loadBalancers : v.loadBalancers;
        std::optional<TaskDefinition> running;
        if (!td) {
            if (Result<TaskDefinition> found = m_cp.taskDefinitions().find(v.taskDefinition()))
                running = std::move(found).value();
        }
        const TaskDefinition *against = td ? &*td : (running ? &*running : nullptr);
        if (against) {
            if (std::optional<Error> e = checkLoadBalancers(lbs, *against))
                return *e;
            if (std::optional<Error> e = checkTargetGroups(m_cp, lbs, *against))
                return *e;
        }
    }

    // Launch settings: launchType stays (ECS cannot change it); a strategy, platform version or
    // network configuration may change and starts a new deployment. All are checked against the
    // revision the service will run.
    if (r.launchType && !r.launchType->isEmpty() && *r.launchType != v.launchType)
        return invalidParameter(QStringLiteral("launchType: UpdateService cannot change a service's launch type (%1); "
                                               "use a capacity provider strategy or create a new service")
                                    .arg(v.launchType.isEmpty() ? QStringLiteral("none, a strategy") : v.launchType),
                                QStringLiteral("launchType"));
    const bool newStrategy = r.capacityProviderStrategy && !r.capacityProviderStrategy->isEmpty() &&
                             *r.capacityProviderStrategy != v.capacityProviderStrategy;
    const bool newPlatform = r.platformVersion && *r.platformVersion != v.platformVersion;
    const bool newNetwork = r.networkConfiguration && r.networkConfiguration != v.networkConfiguration;
    std::optional<fargate::LaunchSpec> newLaunch;
    {
        const std::optional<Cluster> cluster = m_cp.clusters().find(clusterName);
        const QString launchType = newStrategy ? QString() : v.launchType;
        const QList<CapacityProviderStrategyItem> strategy =
            newStrategy ? *r.capacityProviderStrategy : v.capacityProviderStrategy;
        const Result<fargate::LaunchSpec> launch = fargate::resolveLaunch(launchType, strategy, *cluster);
        if (!launch)
            return launch.error();
        std::optional<TaskDefinition> running;
        if (!td) {
            if (Result<TaskDefinition> found = m_cp.taskDefinitions().find(v.taskDefinition()))
                running = std::move(found).value();
        }
        if (const TaskDefinition *against = td ? &*td : (running ? &*running : nullptr)) {
            const QString platform = r.platformVersion ? *r.platformVersion : v.platformVersion;
            const Result<LaunchSettings> settings =
                checkLaunchSettings(launch.value(), *against, launch.value().fargate() ? platform : QString(),
                                    r.networkConfiguration ? r.networkConfiguration : v.networkConfiguration,
                                    r.placementStrategy ? *r.placementStrategy : v.placementStrategy,
                                    r.placementConstraints ? *r.placementConstraints : v.placementConstraints);
            if (!settings)
                return settings.error();
        }
        newLaunch = launch.value();
    }

    QStringList changes;
    if (newStrategy) {
        v.launchType.clear();
        v.capacityProviderStrategy = newLaunch->strategy;
        if (newLaunch->fargate() && v.platformVersion.isEmpty())
            v.platformVersion = QStringLiteral("LATEST");
        changes.append(QStringLiteral("capacity provider strategy"));
    }
    if (newPlatform) {
        v.platformVersion = *r.platformVersion;
        changes.append(QStringLiteral("platform version %1").arg(v.platformVersion));
    }
    if (newNetwork) {
        v.networkConfiguration = r.networkConfiguration;
        changes.append(QStringLiteral("network configuration"));
    }
    const bool newRevision = td && (td->family() != v.family || td->revision != v.revision);
    const bool newPlacement = (r.placementStrategy && *r.placementStrategy != v.placementStrategy) ||
                              (r.placementConstraints && *r.placementConstraints != v.placementConstraints);
    if (td) {
        if (newRevision)
            changes.append(QStringLiteral("task definition %1 → %2").arg(v.taskDefinition(), td->familyRevision()));
        v.family = td->family();
        v.revision = td->revision;
    }
    if (r.desiredCount && *r.desiredCount != v.desiredCount) {
        changes.append(QStringLiteral("desired count %1 → %2").arg(v.desiredCount).arg(*r.desiredCount));
        v.desiredCount = *r.desiredCount;
    }
    if (percents != v.percents) {
        changes.append(QStringLiteral("minimumHealthyPercent %1, maximumPercent %2")
                           .arg(percents.minimumHealthyPercent)
                           .arg(percents.maximumPercent));
        v.percents = percents;
    }
    if (r.circuitBreaker && *r.circuitBreaker != v.circuitBreaker) {
        v.circuitBreaker = *r.circuitBreaker;
        changes.append(QStringLiteral("circuit breaker %1%2")
                           .arg(v.circuitBreaker.enable ? QStringLiteral("on") : QStringLiteral("off"),
                                v.circuitBreaker.rollback ? QStringLiteral(" with rollback") : QString()));
    }
    if (r.placementStrategy)
        v.placementStrategy = *r.placementStrategy;
    if (r.placementConstraints)
        v.placementConstraints = *r.placementConstraints;
    if (newPlacement)
        changes.append(QStringLiteral("placement"));
    if (newLoadBalancers) {
        v.loadBalancers = *r.loadBalancers;
        changes.append(QStringLiteral("load balancers"));
    }
    if (r.healthCheckGracePeriodSeconds)
        v.healthCheckGracePeriodSeconds = *r.healthCheckGracePeriodSeconds;
    if (r.propagateTags && *r.propagateTags != v.propagateTags) {
        v.propagateTags = *r.propagateTags;
        changes.append(QStringLiteral("propagateTags %1").arg(tags::toString(v.propagateTags)));
    }
    if (r.enableECSManagedTags && *r.enableECSManagedTags != v.enableECSManagedTags) {
        v.enableECSManagedTags = *r.enableECSManagedTags;
        changes.append(QStringLiteral("enableECSManagedTags %1").arg(v.enableECSManagedTags ? u"true" : u"false"));
    }
    v.throttle = v.throttle.afterServiceUpdate();

    const QDateTime now = Domain::now();
    if (newRevision || newPlacement || newLoadBalancers || newStrategy || newPlatform || newNetwork ||
        r.forceNewDeployment) {
        if (r.forceNewDeployment)
            changes.append(QStringLiteral("new deployment forced"));
        QStringList sources;
        for (Deployment &d : v.deployments) {
            d.status = DeploymentStatus::Active;
            d.updatedAt = now;
            sources.append(d.id);
        }
        v.deployments.prepend(newPrimaryDeployment(v, now));
        v.deployments.first().sourceIds = sources;
        v.stuckReported = false;
        v.lastSteadyStateAt = {};
    } else if (Deployment *p = v.primary()) {
        if (!daemon)
            p->desiredCount = v.desiredCount;
        p->updatedAt = now;
    }
    ++v.version;

    QList<Event> events{makeEvent(kServiceKind, v.name,
                                  changes.isEmpty()
                                      ? QStringLiteral("Service %1 updated: nothing changed.").arg(v.name)
                                      : QStringLiteral("Service %1 updated: %2.").arg(v.name, changes.join(u", ")))};
    Transaction tx = begin();
    m_serviceRegistry->stage(tx, v);
    tx.events(std::move(events));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return v;
}

Result<Service> Services::remove(const QString &clusterRef, const QString &nameOrArn, bool force)
{
    const QString clusterName = arn::clusterNameFrom(clusterRef.isEmpty() ? QStringLiteral("default") : clusterRef);
    if (!m_cp.clusters().find(clusterName))
        return clusterNotFound();
    const Service *current = m_serviceRegistry->find(clusterName, arn::serviceNameFrom(nameOrArn));
    if (!current)
        return serviceNotFound();
    Service v = *current;
    if (v.status != ServiceStatus::Active)
        return makeError(QStringLiteral("ServiceNotActiveException"), QStringLiteral("Service was not ACTIVE."));
    if (v.schedulingStrategy == services::SchedulingStrategy::Replica && v.desiredCount > 0 && !force)
        return invalidParameter(QStringLiteral("The service cannot be stopped while it is scaled above 0."));
    v.status = ServiceStatus::Draining;
    v.desiredCount = 0;
    for (Deployment &d : v.deployments)
        d.desiredCount = 0;
    ++v.version;
    QList<Event> events{makeEvent(kServiceKind, v.name,
                                  QStringLiteral("Service %1 deleted%2: DRAINING until its tasks have stopped.")
                                      .arg(v.name, force ? QStringLiteral(" (forced)") : QString()))};
    Transaction tx = begin();
    m_serviceRegistry->stage(tx, v);
    tx.derived(kClusterKind, v.cluster);
    tx.events(std::move(events));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return v;
}

Result<Service> Services::rollBackDeployment(const QString &clusterName, const QString &serviceName,
                                             const QString &deploymentId)
{
    auto notFound = [] {
        return makeError(QStringLiteral("ServiceDeploymentNotFoundException"),
                         QStringLiteral("Service deployment not found."));
    };
    const Service *current = m_serviceRegistry->find(clusterName, serviceName);
    if (!current)
        return notFound();
    if (!current->anyDeployment(deploymentId))
        return notFound();
    auto conflict = [&](const QString &why) {
        return makeError(QStringLiteral("ConflictException"),
                         QStringLiteral("The service deployment %1 of service %2 cannot be stopped: %3")
                             .arg(deploymentId, serviceName, why));
    };
    if (current->status != ServiceStatus::Active)
        return conflict(QStringLiteral("the service is %1.").arg(toString(current->status)));
    const Deployment *p = current->primary();
    if (!p || p->id != deploymentId || p->rolloutState != RolloutState::InProgress)
        return conflict(QStringLiteral("it is not in progress (only the service's current deployment, while it "
                                       "rolls out, can be stopped)."));
    if (!p->rolledBackFrom.isEmpty())
        return conflict(QStringLiteral("it is itself the rollback of service deployment %1.").arg(p->rolledBackFrom));
    Service v = *current;
    const QDateTime now = Domain::now();
    const std::optional<QString> target = rollBackToLastCompleted(
        v, QStringLiteral("Service deployment stopped by a StopServiceDeployment request (stopType ROLLBACK)."), now);
    if (!target)
        return conflict(QStringLiteral("no earlier deployment of the service completed, so there is no service "
                                       "revision to roll back to."));
    QList<Event> events{makeEvent(kServiceKind, v.name,
                                  QStringLiteral("Service %1: deployment %2 stopped, rolling back to %3.")
                                      .arg(v.name, deploymentId, *target))};
    appendEvents(v,
                 {QStringLiteral("(service %1) (deployment %2) deployment stopped.").arg(v.name, deploymentId),
                  QStringLiteral("(service %1) rolling back to deployment %2.").arg(v.name, *target)},
                 events);
    ++v.version;
    Transaction tx = begin();
    m_serviceRegistry->stage(tx, v);
    tx.events(std::move(events));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return v;
}

QList<Service> Services::list(const QString &clusterRef) const
{
    const QString clusterName = clusterRef.isEmpty() ? QString() : arn::clusterNameFrom(clusterRef);
    QList<Service> out;
    for (const Service &v : m_serviceRegistry->all()) {
        if (v.status == ServiceStatus::Inactive)
            continue;
        if (clusterName.isEmpty() || v.cluster == clusterName)
            out.append(v);
    }
    return out;
}

std::optional<Service> Services::find(const QString &clusterRef, const QString &nameOrArn) const
{
    const QString clusterName = arn::clusterNameFrom(clusterRef.isEmpty() ? QStringLiteral("default") : clusterRef);
    const Service *v = m_serviceRegistry->find(clusterName, arn::serviceNameFrom(nameOrArn));
    return v ? std::optional<Service>(*v) : std::nullopt;
}

Result<Service> Services::putState(const Service &next, const QStringList &eventMessages)
{
    const Service *current = m_serviceRegistry->find(next.cluster, next.name);
    if (!current)
        return serviceNotFound();
    Service v = next;
    QList<Event> events;
    appendEvents(v, eventMessages, events);
    v.version = current->version + 1;
    Transaction tx = begin();
    m_serviceRegistry->stage(tx, v);
    if (current->status != v.status)
        tx.derived(kClusterKind, v.cluster);
    tx.events(std::move(events));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return v;
}

} // namespace fd::ops
