#include "EcsHandlers.h"
#include "json/ServiceJson.h"
#include "model/Arn.h"
#include "state/Kinds.h"
#include "tags/TagRegistry.h"
#include "ops/Services.h"

namespace fd::api::ecs {

namespace {

// deploymentConfiguration: the rolling bounds and the circuit breaker.
std::optional<Error> deploymentConfiguration(Params &p, ops::ServiceRequest &r)
{
    const json &dc = p.raw("deploymentConfiguration");
    if (dc.is_null())
        return std::nullopt;
    Params nested = p.object("deploymentConfiguration");
    if (!p.ok())
        return p.error();
    for (const auto &[key, value] : dc.items()) {
        if (key == "minimumHealthyPercent" || key == "maximumPercent" || key == "deploymentCircuitBreaker" ||
            value.is_null())
            continue;
        if (key == "strategy" && value == "ROLLING")
            continue; // the only strategy Fleetdeck runs
        if (key == "alarms" && value.is_object() && value.value("enable", json()) == json(false) &&
            value.value("rollback", json(false)) == json(false) &&
            value.value("alarmNames", json::array()) == json::array())
            continue; // no alarms watched: what a service reads back
        if (key == "strategy")
            return invalidParameter("deploymentConfiguration.strategy: Fleetdeck runs ROLLING deployments only");
        if (key == "alarms")
            return invalidParameter("deploymentConfiguration.alarms: alarms do not roll deployments back in "
                                    "Fleetdeck (enable: false, rollback: false and no alarmNames only); the "
                                    "circuit breaker does");
        return invalidParameter("deploymentConfiguration." + key +
                                ": not available (Fleetdeck keeps minimumHealthyPercent, maximumPercent and "
                                "deploymentCircuitBreaker)");
    }
    r.minimumHealthyPercent = nested.integer("minimumHealthyPercent");
    r.maximumPercent = nested.integer("maximumPercent");
    if (!nested.ok())
        return nested.error();
    if (auto cb = dc.find("deploymentCircuitBreaker"); cb != dc.end() && !cb->is_null()) {
        if (!cb->is_object() || !cb->value("enable", json()).is_boolean() ||
            !cb->value("rollback", json()).is_boolean())
            return invalidParameter(
                "deploymentConfiguration.deploymentCircuitBreaker: needs enable and rollback (true or false)");
        r.circuitBreaker = CircuitBreaker{(*cb)["enable"].get<bool>(), (*cb)["rollback"].get<bool>()};
    }
    return std::nullopt;
}

// loadBalancers: [{targetGroupArn, containerName, containerPort}] (absent: none on create, unchanged on
// update). Every member is checked here; whether the target group exists and the container publishes
// the port is the control plane's call.
Result<std::optional<QList<ServiceLoadBalancer>>> loadBalancersParam(Params &p)
{
    const json &lbs = p.raw("loadBalancers");
    if (lbs.is_null())
        return std::optional<QList<ServiceLoadBalancer>>();
    if (lbs.is_string() && lbs.get<std::string>().empty()) // the Query form of an empty list
        return std::optional(QList<ServiceLoadBalancer>());
    if (!lbs.is_array())
        return invalidParameter("loadBalancers: must be a list of {targetGroupArn, containerName, containerPort}");
    QList<ServiceLoadBalancer> out;
    for (size_t i = 0; i < lbs.size(); ++i) {
        const json &lb = lbs[i];
        const std::string where = "loadBalancers[" + std::to_string(i) + "]";
        if (!lb.is_object())
            return invalidParameter(where + ": must be an object");
        for (const auto &[key, value] : lb.items()) {
            if (key == "loadBalancerName")
                return invalidParameter(where + ".loadBalancerName: Classic Load Balancers are not available; "
                                                "give the targetGroupArn of an Application Load Balancer");
            if (key != "targetGroupArn" && key != "containerName" && key != "containerPort")
                return invalidParameter(where + "." + key + ": is not a member of a service's load balancer");
        }
        const json arn = lb.value("targetGroupArn", json());
        const json name = lb.value("containerName", json());
        const json port = lb.value("containerPort", json());
        if (!arn.is_string() || arn.get<std::string>().empty())
            return invalidParameter(where + ".targetGroupArn: is required");
        if (!name.is_string() || name.get<std::string>().empty())
            return invalidParameter(where + ".containerName: is required");
        int portValue = 0;
        if (port.is_number_integer())
            portValue = port.get<int>();
        else if (port.is_string()) // the Query protocol sends numbers as text
            portValue = std::atoi(port.get<std::string>().c_str());
        if (portValue < 1 || portValue > 65535)
            return invalidParameter(where + ".containerPort: must be a port from 1 to 65535");
        out.append(ServiceLoadBalancer{qstr(arn.get<std::string>()), qstr(name.get<std::string>()), portValue});
    }
    return std::optional(out);
}

// CreateService's only members.
std::optional<Error> createMembers(Params &p, ops::ServiceRequest &r)
{
    const std::string strategy = p.string("schedulingStrategy").value_or("REPLICA");
    if (!p.ok())
        return p.error();
    const auto parsed = schedulingStrategyFromString(qstr(strategy));
    if (!parsed)
        return invalidParameter("schedulingStrategy: must be REPLICA or DAEMON (got " + strategy + ")");
    r.schedulingStrategy = *parsed;
    if (auto e = notEmulated(p, "role", "string",
                             "Fleetdeck has no IAM: the scheduler registers tasks with target groups without a role"))
        return *e;
    return std::nullopt;
}

// Members of both CreateService and UpdateService that Fleetdeck emulates at one value or not at all:
// each is accepted only where it changes nothing, and refused otherwise, naming it.
std::optional<Error> unemulatedServiceMembers(Params &p)
{
    if (const json &controller = p.raw("deploymentController"); !controller.is_null()) {
        if (!controller.is_object())
            return invalidParameter("deploymentController: must be a structure (an object) with a type");
        const json type = controller.value("type", json("ECS"));
        if (type != "ECS")
            return invalidParameter("deploymentController.type: only ECS rolling updates are available (got " +
                                    (type.is_string() ? type.get<std::string>() : type.dump()) + ")");
        for (const auto &[key, value] : controller.items()) {
            if (key != "type")
                return invalidParameter("deploymentController." + key + ": is not a member of a deployment controller");
        }
    }
    if (auto e = onlyString(p, "availabilityZoneRebalancing", "DISABLED",
                            "Fleetdeck does not move running tasks between availability zones (DISABLED only)"))
        return *e;
    if (auto e = onlyBoolean(p, "enableExecuteCommand", false,
                             "ECS Exec needs AWS's Session Manager, which Fleetdeck cannot serve (false only); the "
                             "console shows each container's logs"))
        return *e;
    if (auto e = notEmulated(p, "serviceRegistries", "list",
                             "service discovery needs AWS Cloud Map, which Fleetdeck does not have"))
        return *e;
    // {"enabled": false} is how tools say "no Service Connect".
    if (const json &sc = p.raw("serviceConnectConfiguration");
        !(sc.is_object() && sc.size() == 1 && sc.value("enabled", json()) == json(false))) {
        if (auto e = notEmulated(p, "serviceConnectConfiguration", "structure",
                                 "Service Connect needs AWS Cloud Map, which Fleetdeck does not have"))
            return *e;
    }
    if (auto e = notEmulated(p, "volumeConfigurations", "list",
                             "Amazon EBS volumes are not available; use the task definition's volumes"))
        return *e;
    if (auto e = notEmulated(p, "vpcLatticeConfigurations", "list", "Amazon VPC Lattice is not available"))
        return *e;
    return std::nullopt;
}

// CreateService's and UpdateService's common members.
Result<ops::ServiceRequest> serviceRequest(const ApiContext &ctx, Params &p, bool create)
{
    ops::ServiceRequest r;
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    r.cluster = *cluster;
    const char *nameMember = create ? "serviceName" : "service";
    const auto name = p.string(nameMember);
    if (!p.ok())
        return p.error();
    if (!name || name->empty())
        return invalidParameter(std::string(nameMember) + ": is required");
    r.serviceName = qstr(*name);
    r.taskDefinition = qstr(p.string("taskDefinition").value_or(""));
    r.desiredCount = p.integer("desiredCount");
    if (!p.ok())
        return p.error();
    // How its tasks launch; the control plane checks the combination (launch type or strategy, the
    // definition's compatibility, the platform version, the subnets), and on update what may change.
    Result<QString> launchType = launchTypeParam(p);
    if (!launchType)
        return launchType.error();
    if (!launchType->isEmpty()) {
        if (!create)
            return invalidParameter("launchType: a service keeps the launch type it was created with; UpdateService "
                                    "changes how its tasks launch through capacityProviderStrategy");
        r.launchType = *launchType;
    }
    auto providers = capacityProviderStrategyParam(ctx, p, "capacityProviderStrategy");
    if (!providers)
        return providers.error();
    r.capacityProviderStrategy = *providers;
    Result<std::optional<QString>> platformVersion = platformVersionParam(p);
    if (!platformVersion)
        return platformVersion.error();
    r.platformVersion = *platformVersion;
    Result<std::optional<AwsVpcConfiguration>> network = networkConfigurationParam(ctx, p);
    if (!network)
        return network.error();
    r.networkConfiguration = *network;
    if (create) {
        if (auto e = createMembers(p, r))
            return *e;
    }
    if (auto e = unemulatedServiceMembers(p))
        return *e;
    auto loadBalancers = loadBalancersParam(p);
    if (!loadBalancers)
        return loadBalancers.error();
    r.loadBalancers = *loadBalancers;
    if (auto e = deploymentConfiguration(p, r))
        return *e;
    auto strategy = placementStrategyParam(p);
    if (!strategy)
        return strategy.error();
    auto constraints = placementConstraintsParam(p);
    if (!constraints)
        return constraints.error();
    r.placementStrategy = *strategy;
    r.placementConstraints = *constraints;
    r.healthCheckGracePeriodSeconds = p.integer("healthCheckGracePeriodSeconds");
    if (!p.ok())
        return p.error();
    const json &force = p.raw("forceNewDeployment");
    if (!force.is_null() && !force.is_boolean())
        return invalidParameter("forceNewDeployment: must be true or false");
    r.forceNewDeployment = force.is_boolean() && force.get<bool>();
    Result<tags::TagList> tags = tagsParam(p, "tags");
    if (!tags)
        return tags.error();
    r.tags = *tags; // UpdateService has no tags: the control plane refuses them there
    Result<std::optional<tags::Propagate>> propagate = propagateParam(p);
    if (!propagate)
        return propagate.error();
    r.propagateTags = *propagate;
    r.enableECSManagedTags = p.boolean("enableECSManagedTags");
    if (!p.ok())
        return p.error();
    return r;
}

json serviceJson(const ApiContext &ctx, const Service &v, bool withTags)
{
    json j = fd::json::describeServiceJson(v, ctx.region);
    if (withTags)
        j["tags"] = tagsJson(ctx.cp().tagRegistry().tags(state::kServiceKind, v.cluster + u'/' + v.name));
    return j;
}

} // namespace

Result<json> createService(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    const auto token = p.string("clientToken");
    if (!p.ok())
        return p.error();
    if (token && (token->empty() || token->size() > 36))
        return invalidParameter("clientToken: must be 1 to 36 characters (got " + std::to_string(token->size()) + ")");
    Result<ops::ServiceRequest> r = serviceRequest(ctx, p, true);
    if (!r)
        return r.error();
    json withoutToken = params;
    withoutToken.erase("clientToken");
    if (token) {
        if (std::optional<ClientTokens::Entry> earlier = clientTokens("CreateService").find(*token)) {
            if (earlier->request != withoutToken.dump())
                return invalidParameter("clientToken: already used by a CreateService with other parameters");
            const auto v = ctx.cp().services().find(earlier->cluster, earlier->ids.value(0));
            if (v && v->status == ServiceStatus::Active)
                return json{{"service", serviceJson(ctx, *v, true)}};
        }
    }
    Result<Service> v = ctx.cp().services().create(*r);
    if (!v)
        return v.error();
    if (token)
        clientTokens("CreateService").remember(*token, {withoutToken.dump(), v->cluster, {v->name}});
    return json{{"service", serviceJson(ctx, *v, true)}};
}

Result<json> updateService(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<ops::ServiceRequest> r = serviceRequest(ctx, p, false);
    if (!r)
        return r.error();
    Result<Service> v = ctx.cp().services().update(*r);
    if (!v)
        return v.error();
    return json{{"service", fd::json::describeServiceJson(*v, ctx.region)}};
}

Result<json> deleteService(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    const auto service = p.string("service");
    if (!p.ok())
        return p.error();
    if (!service)
        return invalidParameter("service: is required");
    const auto force = p.boolean("force");
    if (!p.ok())
        return p.error();
    Result<Service> v = ctx.cp().services().remove(*cluster, qstr(*service), force.value_or(false));
    if (!v)
        return v.error();
    return json{{"service", fd::json::describeServiceJson(*v, ctx.region)}};
}

Result<json> describeServices(const ApiContext &ctx, const json &params)
{
    return describeInCluster(
        ctx, params, "services", 10,
        [&](const QString &cluster, const QString &name, bool withTags) -> std::optional<json> {
            if (auto v = ctx.cp().services().find(cluster, name))
                return serviceJson(ctx, *v, withTags);
            return std::nullopt;
        },
        arn::service);
}

Result<json> listServices(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    const std::string strategy = p.string("schedulingStrategy").value_or("");
    // launchType filters: EC2 or FARGATE (a service launched by a strategy has none); another lists nothing.
    const std::optional<std::string> launchType = p.string("launchType");
    // Every service here is managed by its user (CUSTOMER); none by ECS.
    const std::string management = p.string("resourceManagementType").value_or("CUSTOMER");
    if (!p.ok())
        return p.error();
    if (management != "CUSTOMER" && management != "ECS")
        return invalidParameter("resourceManagementType: must be CUSTOMER or ECS (got " + management + ")");
    if (!strategy.empty() && !schedulingStrategyFromString(qstr(strategy)))
        return invalidParameter("schedulingStrategy: must be REPLICA or DAEMON");
    std::vector<std::string> arns;
    for (const Service &v : management == "ECS" ? QList<Service>() : ctx.cp().services().list(*cluster)) {
        if (v.status != ServiceStatus::Active)
            continue;
        if (launchType && v.launchType != qstr(*launchType))
            continue;
        if (!strategy.empty() && toString(v.schedulingStrategy) != qstr(strategy))
            continue;
        arns.push_back(str(arn::service(ctx.region, v.cluster, v.name)));
    }
    return page(arns, p, "serviceArns");
}

} // namespace fd::api::ecs
