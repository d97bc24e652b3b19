#include "ServiceJson.h"

#include "JsonCodec.h"
#include "NetworkJson.h"
#include "model/Arn.h"

#include <algorithm>

namespace fd::json {

using nlohmann::json;
using namespace codec;

namespace {

json deploymentToStore(const Deployment &d)
{
    return json{
        {"id", s(d.id)},
        {"status", s(toString(d.status))},
        {"family", s(d.family)},
        {"revision", d.revision},
        {"desiredCount", d.desiredCount},
        {"pendingCount", d.pendingCount},
        {"runningCount", d.runningCount},
        {"failedTasks", d.failedTasks},
        {"rolloutState", s(toString(d.rolloutState))},
        {"rolloutStateReason", s(d.rolloutStateReason)},
        {"rolledBackFrom", s(d.rolledBackFrom)},
        {"sourceIds", stringList(d.sourceIds)},
        {"createdAt", ms(d.createdAt)},
        {"updatedAt", ms(d.updatedAt)},
        {"completedAt", ms(d.completedAt)},
    };
}

Deployment deploymentFromStore(const json &j)
{
    Deployment d;
    d.id = q(j, "id");
    d.status = deploymentStatusFromString(q(j, "status")).value_or(DeploymentStatus::Inactive);
    d.family = q(j, "family");
    d.revision = integer(j, "revision");
    d.desiredCount = integer(j, "desiredCount");
    d.pendingCount = integer(j, "pendingCount");
    d.runningCount = integer(j, "runningCount");
    d.failedTasks = integer(j, "failedTasks");
    d.rolloutState = rolloutStateFromString(q(j, "rolloutState")).value_or(RolloutState::InProgress);
    d.rolloutStateReason = q(j, "rolloutStateReason");
    d.rolledBackFrom = q(j, "rolledBackFrom");
    d.sourceIds = stringListFrom(j, "sourceIds");
    d.createdAt = fromMs(j, "createdAt");
    d.updatedAt = fromMs(j, "updatedAt");
    d.completedAt = fromMs(j, "completedAt");
    return d;
}

json deploymentsToStore(const QList<Deployment> &list)
{
    json out = json::array();
    for (const Deployment &d : list)
        out.push_back(deploymentToStore(d));
    return out;
}

QList<Deployment> deploymentsFromStore(const json &j, const char *key)
{
    QList<Deployment> out;
    auto it = j.find(key);
    if (it != j.end() && it->is_array()) {
        for (const json &d : *it)
            out.append(deploymentFromStore(d));
    }
    return out;
}

template<typename T>
json placementArray(const QList<T> &list)
{
    return json::parse(scheduler::toJsonText(list).toStdString(), nullptr, false);
}

// Stored as JSON text ("" when none), as schema 4 wrote it.
template<typename T>
std::string placementText(const QList<T> &list)
{
    return list.isEmpty() ? std::string() : scheduler::toJsonText(list).toStdString();
}

// The service's loadBalancers as DescribeServices answers them (and as they are stored).
json loadBalancersJson(const QList<ServiceLoadBalancer> &list)
{
    json out = json::array();
    for (const ServiceLoadBalancer &lb : list)
        out.push_back(json{{"targetGroupArn", s(lb.targetGroupArn)},
                           {"containerName", s(lb.containerName)},
                           {"containerPort", lb.containerPort}});
    return out;
}

QList<ServiceLoadBalancer> loadBalancersFrom(const json &j)
{
    QList<ServiceLoadBalancer> out;
    if (auto it = j.find("loadBalancers"); it != j.end() && it->is_array()) {
        for (const json &lb : *it)
            out.append(ServiceLoadBalancer{q(lb, "targetGroupArn"), q(lb, "containerName"),
                                           integer(lb, "containerPort")});
    }
    return out;
}

// A service whose tasks run on Fargate: launch type FARGATE, or a strategy of Fargate providers.
bool runsOnFargate(const Service &v)
{
    if (v.launchType == u"FARGATE")
        return true;
    return !v.capacityProviderStrategy.isEmpty() &&
           std::all_of(v.capacityProviderStrategy.begin(), v.capacityProviderStrategy.end(),
                       [](const CapacityProviderStrategyItem &i) {
                           return i.capacityProvider == u"FARGATE" || i.capacityProvider == u"FARGATE_SPOT";
                       });
}

// How the service's tasks launch, as DescribeServices shows it on the service and on each of its
// deployments: launchType or capacityProviderStrategy, platformVersion and platformFamily on Fargate
// (LATEST when none was given, as ECS fills it), networkConfiguration when given (assignPublicIp
// DISABLED unless ENABLED).
void putLaunchSettingsOf(json &out, const Service &v)
{
    if (!v.launchType.isEmpty())
        out["launchType"] = s(v.launchType);
    if (!v.capacityProviderStrategy.isEmpty())
        out["capacityProviderStrategy"] = capacityProviderStrategyJson(v.capacityProviderStrategy);
    if (runsOnFargate(v)) {
        out["platformVersion"] = s(v.platformVersion.isEmpty() ? QStringLiteral("LATEST") : v.platformVersion);
        out["platformFamily"] = "Linux";
    } else if (!v.platformVersion.isEmpty()) {
        out["platformVersion"] = s(v.platformVersion);
    }
    if (v.networkConfiguration)
        out["networkConfiguration"] = networkConfigurationJson(*v.networkConfiguration);
}

} // namespace

QByteArray toStoreJson(const Service &v)
{
    json events = json::array();
    for (const ServiceEvent &e : v.events)
        events.push_back(json{{"id", s(e.id)}, {"createdAt", ms(e.createdAt)}, {"message", s(e.message)}});
    const json doc{
        {"name", s(v.name)},
        {"cluster", s(v.cluster)},
        {"status", s(toString(v.status))},
        {"schedulingStrategy", s(toString(v.schedulingStrategy))},
        {"family", s(v.family)},
        {"revision", v.revision},
        {"desiredCount", v.desiredCount},
        {"minimumHealthyPercent", v.percents.minimumHealthyPercent},
        {"maximumPercent", v.percents.maximumPercent},
        {"circuitBreaker", {{"enable", v.circuitBreaker.enable}, {"rollback", v.circuitBreaker.rollback}}},
        {"placementStrategy", placementText(v.placementStrategy)},
        {"placementConstraints", placementText(v.placementConstraints)},
        {"healthCheckGracePeriodSeconds", v.healthCheckGracePeriodSeconds},
        {"loadBalancers", loadBalancersJson(v.loadBalancers)},
        {"launchType", s(v.launchType)},
        {"capacityProviderStrategy", capacityProviderStrategyJson(v.capacityProviderStrategy)},
        {"platformVersion", s(v.platformVersion)},
        {"networkConfiguration", v.networkConfiguration ? networkConfigurationJson(*v.networkConfiguration) : json(nullptr)},
        {"propagateTags", s(tags::toString(v.propagateTags))},
        {"enableECSManagedTags", v.enableECSManagedTags},
        {"createdAt", ms(v.createdAt)},
        {"createdBy", s(v.createdBy)},
        {"deployments", deploymentsToStore(v.deployments)},
        {"deploymentHistory", deploymentsToStore(v.deploymentHistory)},
        {"events", events},
        {"throttle",
         {{"consecutiveFailures", v.throttle.consecutiveFailures}, {"lastFailureAt", ms(v.throttle.lastFailureAt)}}},
        {"countedFailures", stringList(v.countedFailures)},
        {"lastSteadyStateAt", ms(v.lastSteadyStateAt)},
        {"lastPlacementFailure", s(v.lastPlacementFailure)},
        {"lastPlacementFailureAt", ms(v.lastPlacementFailureAt)},
        {"stuckReported", v.stuckReported},
        {"version", v.version},
    };
    return QByteArray::fromStdString(doc.dump());
}

Result<Service> serviceFromStoreJson(const QByteArray &document)
{
    const json j = json::parse(document.toStdString(), nullptr, false);
    if (!j.is_object())
        return makeError(QStringLiteral("StoreError"), QStringLiteral("a stored service is not a JSON object"));
    Service v;
    v.name = q(j, "name");
    v.cluster = q(j, "cluster");
    if (v.name.isEmpty() || v.cluster.isEmpty())
        return makeError(QStringLiteral("StoreError"), QStringLiteral("a stored service has no name or cluster"));
    v.status = serviceStatusFromString(q(j, "status")).value_or(ServiceStatus::Inactive);
    v.schedulingStrategy =
        schedulingStrategyFromString(q(j, "schedulingStrategy")).value_or(services::SchedulingStrategy::Replica);
    v.family = q(j, "family");
    v.revision = integer(j, "revision");
    v.desiredCount = integer(j, "desiredCount");
    v.percents.minimumHealthyPercent = integer(j, "minimumHealthyPercent", 100);
    v.percents.maximumPercent = integer(j, "maximumPercent", 200);
    if (auto it = j.find("circuitBreaker"); it != j.end() && it->is_object()) {
        v.circuitBreaker.enable = boolean(*it, "enable");
        v.circuitBreaker.rollback = boolean(*it, "rollback");
    }
    // Validated when the request entered; a stored list that no longer parses is dropped, not fatal.
    v.placementStrategy = scheduler::strategiesFromJson(q(j, "placementStrategy").toUtf8()).value_or({});
    v.placementConstraints = scheduler::constraintsFromJson(q(j, "placementConstraints").toUtf8()).value_or({});
    v.healthCheckGracePeriodSeconds = integer(j, "healthCheckGracePeriodSeconds");
    v.loadBalancers = loadBalancersFrom(j); // absent before load balancers: none
    // Absent in documents written before FARGATE: an EC2 service. Present and empty: a strategy.
    if (auto it = j.find("launchType"); it != j.end() && it->is_string())
        v.launchType = q(j, "launchType");
    v.capacityProviderStrategy = capacityProviderStrategyFrom(j.value("capacityProviderStrategy", json()));
    v.platformVersion = q(j, "platformVersion");
    v.networkConfiguration = networkConfigurationFrom(j.value("networkConfiguration", json()));
    // Absent in documents written before tags (schema 4): NONE and false, as ECS's defaults.
    v.propagateTags = tags::propagateFromString(q(j, "propagateTags")).value_or(tags::Propagate::None);
    v.enableECSManagedTags = boolean(j, "enableECSManagedTags");
    v.createdAt = fromMs(j, "createdAt");
    v.createdBy = q(j, "createdBy");
    v.deployments = deploymentsFromStore(j, "deployments");
    v.deploymentHistory = deploymentsFromStore(j, "deploymentHistory");
    if (auto it = j.find("events"); it != j.end() && it->is_array()) {
        for (const json &e : *it)
            v.events.append(ServiceEvent{q(e, "id"), fromMs(e, "createdAt"), q(e, "message")});
    }
    if (auto it = j.find("throttle"); it != j.end() && it->is_object()) {
        v.throttle.consecutiveFailures = integer(*it, "consecutiveFailures");
        v.throttle.lastFailureAt = fromMs(*it, "lastFailureAt");
    }
    v.countedFailures = stringListFrom(j, "countedFailures");
    v.lastSteadyStateAt = fromMs(j, "lastSteadyStateAt");
    v.lastPlacementFailure = q(j, "lastPlacementFailure");
    v.lastPlacementFailureAt = fromMs(j, "lastPlacementFailureAt");
    v.stuckReported = boolean(j, "stuckReported");
    if (auto it = j.find("version"); it != j.end() && it->is_number_integer())
        v.version = it->get<qint64>();
    return v;
}

void putLaunchSettings(json &out, const Service &service)
{
    putLaunchSettingsOf(out, service);
}

json describeDeploymentJson(const Deployment &d, const Service &v, const QString &region)
{
    json out{
        {"id", s(d.id)},
        {"status", s(toString(d.status))},
        {"taskDefinition", s(arn::taskDefinition(region, d.family, d.revision))},
        {"desiredCount", d.desiredCount},
        {"pendingCount", d.pendingCount},
        {"runningCount", d.runningCount},
        {"failedTasks", d.failedTasks},
        {"rolloutState", s(toString(d.rolloutState))},
        {"rolloutStateReason", s(d.rolloutStateReason)},
    };
    putLaunchSettingsOf(out, v);
    putTime(out, "createdAt", d.createdAt);
    putTime(out, "updatedAt", d.updatedAt);
    return out;
}

json describeServiceJson(const Service &v, const QString &region)
{
    json deployments = json::array();
    for (const Deployment &d : v.deployments)
        deployments.push_back(describeDeploymentJson(d, v, region));
    json events = json::array();
    for (const ServiceEvent &e : v.events) {
        json ev{{"id", s(e.id)}, {"message", s(e.message)}};
        putTime(ev, "createdAt", e.createdAt);
        events.push_back(ev);
    }
    json out{
        {"serviceArn", s(arn::service(region, v.cluster, v.name))},
        {"serviceName", s(v.name)},
        {"clusterArn", s(arn::cluster(region, v.cluster))},
        {"loadBalancers", loadBalancersJson(v.loadBalancers)},
        {"serviceRegistries", json::array()},
        {"status", s(toString(v.status))},
        {"desiredCount", v.desiredCount},
        {"runningCount", v.runningCount()},
        {"pendingCount", v.pendingCount()},
        {"taskDefinition", s(arn::taskDefinition(region, v.family, v.revision))},
        {"deploymentConfiguration",
         {{"deploymentCircuitBreaker", {{"enable", v.circuitBreaker.enable}, {"rollback", v.circuitBreaker.rollback}}},
          {"maximumPercent", v.percents.maximumPercent},
          {"minimumHealthyPercent", v.percents.minimumHealthyPercent},
          // What ECS fills in: no alarms watched, rolling updates.
          {"alarms", {{"alarmNames", json::array()}, {"enable", false}, {"rollback", false}}},
          {"strategy", "ROLLING"}}},
        {"deployments", deployments},
        {"events", events},
        {"placementConstraints", placementArray(v.placementConstraints)},
        {"placementStrategy", placementArray(v.placementStrategy)},
        {"schedulingStrategy", s(toString(v.schedulingStrategy))},
        {"deploymentController", {{"type", "ECS"}}},
        {"createdBy", s(v.createdBy)},
        {"enableECSManagedTags", v.enableECSManagedTags},
        {"propagateTags", s(tags::toString(v.propagateTags))},
        {"enableExecuteCommand", false},
        {"availabilityZoneRebalancing", "DISABLED"},
        {"healthCheckGracePeriodSeconds", v.healthCheckGracePeriodSeconds},
    };
    putLaunchSettingsOf(out, v);
    putTime(out, "createdAt", v.createdAt);
    return out;
}

} // namespace fd::json
