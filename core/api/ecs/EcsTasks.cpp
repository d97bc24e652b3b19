#include "EcsHandlers.h"
#include "json/TaskJson.h"
#include "model/Arn.h"
#include "state/Kinds.h"
#include "tags/TagRegistry.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"

namespace fd::api::ecs {

namespace {

const char *const kNoExec = "ECS Exec needs AWS's Session Manager, which Fleetdeck cannot serve (false only); the "
                            "console shows each container's logs";
const char *const kNoEbs = "Amazon EBS volumes are not available; use the task definition's volumes";

// overrides.containerOverrides: name, command, environment.
Result<QList<ContainerOverride>> containerOverrides(const json &overrides)
{
    QList<ContainerOverride> out;
    if (overrides.is_null())
        return out;
    if (!overrides.is_object())
        return invalidParameter("overrides: must be an object");
    // Only what Fleetdeck applies is accepted; the other overrides are refused rather than forgotten.
    for (const auto &[key, value] : overrides.items()) {
        if (key == "containerOverrides" || value.is_null() ||
            (key == "inferenceAcceleratorOverrides" && value.is_array() && value.empty()))
            continue;
        return invalidParameter("overrides." + key +
                                ": not available (Fleetdeck overrides each container's command and environment)");
    }
    const json list = overrides.value("containerOverrides", json::array());
    if (!list.is_array())
        return invalidParameter("overrides.containerOverrides: must be a list");
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json &c = list[i];
        if (!c.is_object() || !c.value("name", json()).is_string())
            return invalidParameter("overrides.containerOverrides: each needs a name");
        for (const auto &[key, value] : c.items()) {
            if (key != "name" && key != "command" && key != "environment" && !value.is_null())
                return invalidParameter("overrides.containerOverrides[" + std::to_string(i) + "]." + key +
                                        ": not available (Fleetdeck overrides command and environment)");
        }
        ContainerOverride o;
        o.name = qstr(c["name"].get<std::string>());
        if (auto cmd = c.find("command"); cmd != c.end() && !cmd->is_null()) {
            QStringList command;
            for (const json &a : cmd->is_array() ? *cmd : json::array({json()})) {
                if (!a.is_string())
                    return invalidParameter("overrides.containerOverrides.command: must be a list of strings");
                command.append(qstr(a.get<std::string>()));
            }
            o.command = command;
        }
        const json environment = c.value("environment", json::array());
        for (const json &e : environment.is_array() ? environment : json::array({json()})) {
            if (!e.is_object() || !e.value("name", json()).is_string())
                return invalidParameter("overrides.containerOverrides.environment: each needs a name");
            if (!e.value("value", json("")).is_string())
                return invalidParameter("overrides.containerOverrides.environment: value must be a string");
            o.environment.append({qstr(e["name"].get<std::string>()), qstr(e.value("value", std::string()))});
        }
        out.append(o);
    }
    return out;
}

// RunTask's and StartTask's common members.
Result<ops::RunTaskRequest> runTaskRequest(const ApiContext &ctx, Params &p)
{
    ops::RunTaskRequest r;
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    r.cluster = *cluster;
    const auto td = p.string("taskDefinition");
    if (!p.ok())
        return p.error();
    if (!td)
        return invalidParameter("taskDefinition: is required");
    r.taskDefinition = qstr(*td);
    r.group = qstr(p.string("group").value_or(""));
    r.startedBy = qstr(p.string("startedBy").value_or(""));
    if (!p.ok())
        return p.error();
    if (r.startedBy.size() > 128)
        return invalidParameter("startedBy: at most 128 characters");
    if (auto e = onlyBoolean(p, "enableExecuteCommand", false, kNoExec))
        return *e;
    Result<std::optional<AwsVpcConfiguration>> network = networkConfigurationParam(ctx, p);
    if (!network)
        return network.error();
    r.networkConfiguration = *network;
    if (auto e = notEmulated(p, "referenceId", "string",
                             "refers a task to its Amazon EBS volumes or VPC Lattice, which Fleetdeck does not have"))
        return *e;
    if (auto e = notEmulated(p, "volumeConfigurations", "list", kNoEbs))
        return *e;
    Result<QList<ContainerOverride>> overrides = containerOverrides(p.raw("overrides"));
    if (!overrides)
        return overrides.error();
    r.overrides = *overrides;
    auto strategy = placementStrategyParam(p);
    if (!strategy)
        return strategy.error();
    auto constraints = placementConstraintsParam(p);
    if (!constraints)
        return constraints.error();
    r.placementStrategy = strategy->value_or(QList<scheduler::Strategy>());
    r.placementConstraints = constraints->value_or(QList<scheduler::Constraint>());
    Result<tags::TagList> tags = tagsParam(p, "tags");
    if (!tags)
        return tags.error();
    r.tags = *tags;
    Result<std::optional<tags::Propagate>> propagate = propagateParam(p);
    if (!propagate)
        return propagate.error();
    r.propagateTags = propagate->value_or(tags::Propagate::None);
    r.enableECSManagedTags = p.boolean("enableECSManagedTags").value_or(false);
    if (!p.ok())
        return p.error();
    return r;
}

json taskJson(const ApiContext &ctx, const Task &t, bool withTags)
{
    json j = fd::json::describeTaskJson(t, ctx.region);
    // An EC2 task: the zone of the instance it was placed on, as ECS fills it (FARGATE: its subnet's).
    if (!t.containerInstanceId.isEmpty()) {
        if (auto ci = ctx.cp().instances().find(t.cluster, t.containerInstanceId);
            ci && !ci->availabilityZone.isEmpty())
            j["availabilityZone"] = str(ci->availabilityZone);
    }
    if (withTags)
        j["tags"] = tagsJson(ctx.cp().tagRegistry().tags(state::kTaskKind, t.id));
    return j;
}

json runTaskReply(const ApiContext &ctx, const ops::RunTaskResult &result)
{
    json tasks = json::array(), failures = json::array();
    for (const Task &t : result.tasks)
        tasks.push_back(taskJson(ctx, t, true));
    for (const ops::TaskFailure &f : result.failures) {
        json item = {{"reason", str(f.reason)}};
        // The instance's ARN as this request's region names it (as the tasks' ARNs are).
        QStringList arnParts = f.arn.split(u':');
        if (arnParts.size() == 6 && arnParts[0] == u"arn")
            arnParts[3] = ctx.region;
        if (!f.arn.isEmpty())
            item["arn"] = str(arnParts.join(u':'));
        if (!f.detail.isEmpty())
            item["detail"] = str(f.detail);
        failures.push_back(item);
    }
    return {{"tasks", tasks}, {"failures", failures}};
}

} // namespace

Result<json> runTask(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    const auto token = p.string("clientToken");
    if (!p.ok())
        return p.error();
    if (token && (token->empty() || token->size() > 64))
        return invalidParameter("clientToken: must be 1 to 64 characters (got " + std::to_string(token->size()) + ")");
    Result<ops::RunTaskRequest> r = runTaskRequest(ctx, p);
    if (!r)
        return r.error();
    ops::RunTaskRequest request = *r;
    // How the tasks launch: the control plane checks the combination (not both a launch type and a
    // strategy, the providers associated with the cluster, the definition's compatibility, the
    // platform version, the subnets).
    Result<QString> launchType = launchTypeParam(p);
    if (!launchType)
        return launchType.error();
    request.launchType = *launchType;
    auto strategy = capacityProviderStrategyParam(ctx, p, "capacityProviderStrategy");
    if (!strategy)
        return strategy.error();
    request.capacityProviderStrategy = strategy->value_or(QList<CapacityProviderStrategyItem>());
    Result<std::optional<QString>> platformVersion = platformVersionParam(p);
    if (!platformVersion)
        return platformVersion.error();
    request.platformVersion = platformVersion->value_or(QString());
    request.count = p.integer("count").value_or(1);
    if (!p.ok())
        return p.error();

    json withoutToken = params;
    withoutToken.erase("clientToken");
    if (token) {
        if (std::optional<ClientTokens::Entry> earlier = clientTokens("RunTask").find(*token)) {
            if (earlier->request != withoutToken.dump())
                return invalidParameter("clientToken: already used by a RunTask with other parameters");
            ops::RunTaskResult again;
            for (const QString &id : earlier->ids) {
                if (auto t = ctx.cp().tasks().find(earlier->cluster, id))
                    again.tasks.append(*t);
            }
            return runTaskReply(ctx, again);
        }
    }
    Result<ops::RunTaskResult> result = ctx.cp().tasks().run(request);
    if (!result)
        return result.error();
    if (token) {
        ClientTokens::Entry run{withoutToken.dump(), request.cluster, {}};
        for (const Task &t : result->tasks)
            run.ids.append(t.id);
        clientTokens("RunTask").remember(*token, std::move(run));
    }
    return runTaskReply(ctx, *result);
}

Result<json> startTask(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    // StartTask places each task on a container instance it names: the EC2 launch type only. (Its
    // model has no launchType; a client that sends one anyway is told where FARGATE is.)
    Result<QString> launchType = launchTypeParam(p);
    if (!launchType)
        return launchType.error();
    if (*launchType == u"FARGATE")
        return invalidParameter("launchType: StartTask starts tasks on the container instances you name (EC2 "
                                "only); to run a task on FARGATE use RunTask with launchType FARGATE");
    for (const char *member : {"capacityProviderStrategy", "platformVersion"}) {
        if (!p.raw(member).is_null())
            return invalidParameter(std::string(member) + ": StartTask starts tasks on the container instances you "
                                                          "name (EC2 only); use RunTask for FARGATE or a capacity "
                                                          "provider strategy");
    }
    Result<ops::RunTaskRequest> r = runTaskRequest(ctx, p);
    if (!r)
        return r.error();
    ops::RunTaskRequest request = *r;
    request.launchType = QStringLiteral("EC2");
    for (const std::string &id : p.strings("containerInstances"))
        request.containerInstances.append(qstr(id));
    if (!p.ok())
        return p.error();
    if (request.containerInstances.isEmpty())
        return invalidParameter("containerInstances: at least one is required");
    Result<ops::RunTaskResult> result = ctx.cp().tasks().run(request);
    if (!result)
        return result.error();
    return runTaskReply(ctx, *result);
}

Result<json> stopTask(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    const auto task = p.string("task");
    if (!p.ok())
        return p.error();
    if (!task)
        return invalidParameter("task: is required");
    const QString reason = qstr(p.string("reason").value_or(""));
    if (!p.ok())
        return p.error();
    if (reason.size() > 255)
        return invalidParameter("reason: at most 255 characters");
    Result<Task> t = ctx.cp().tasks().stop(*cluster, qstr(*task), reason);
    if (!t)
        return t.error();
    return json{{"task", taskJson(ctx, *t, false)}};
}

Result<json> describeTasks(const ApiContext &ctx, const json &params)
{
    return describeInCluster(
        ctx, params, "tasks", 100,
        [&](const QString &cluster, const QString &id, bool withTags) -> std::optional<json> {
            if (auto t = ctx.cp().tasks().find(cluster, id))
                return taskJson(ctx, *t, withTags);
            return std::nullopt;
        },
        arn::task);
}

Result<json> listTasks(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    ops::TaskFilter filter;
    filter.family = qstr(p.string("family").value_or(""));
    filter.startedBy = qstr(p.string("startedBy").value_or(""));
    filter.containerInstance = qstr(p.string("containerInstance").value_or(""));
    if (auto service = p.string("serviceName"))
        filter.group = QStringLiteral("service:") + qstr(*service);
    const std::string desired = p.string("desiredStatus").value_or("RUNNING");
    // launchType filters (EC2 or FARGATE; EXTERNAL lists nothing, as no task here is one). A daemon's
    // name lists nothing either: Fleetdeck has no ECS managed daemons.
    const std::optional<std::string> launchType = p.string("launchType");
    const bool otherLaunchType = launchType && *launchType != "EC2" && *launchType != "FARGATE";
    const bool daemon = p.string("daemonName").has_value();
    if (!p.ok())
        return p.error();
    if (desired != "RUNNING" && desired != "PENDING" && desired != "STOPPED")
        return invalidParameter("desiredStatus: must be RUNNING, PENDING or STOPPED");
    filter.desiredStatus = desired == "STOPPED" ? TaskStatus::Stopped : TaskStatus::Running;
    if (!filter.containerInstance.isEmpty() && !ctx.cp().instances().find(*cluster, filter.containerInstance))
        return invalidParameter("containerInstance: no container instance " + str(filter.containerInstance) +
                                " in cluster " + str(*cluster));
    std::vector<std::string> arns;
    for (const Task &t : otherLaunchType || daemon ? QList<Task>() : ctx.cp().tasks().list(*cluster, filter)) {
        if (launchType && t.launchType != qstr(*launchType))
            continue;
        arns.push_back(str(arn::task(ctx.region, t.cluster, t.id)));
    }
    return page(arns, p, "taskArns");
}

} // namespace fd::api::ecs
