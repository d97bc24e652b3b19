#include "EcsHandlers.h"
#include "model/Arn.h"
#include "state/Kinds.h"
#include "tags/TagRegistry.h"
#include "scheduler/InstanceSnapshot.h"
#include "scheduler/QueryLanguage.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"

namespace fd::api::ecs {

namespace {

json resource(const char *name, int value)
{
    return json{{"name", name}, {"type", "INTEGER"}, {"doubleValue", 0.0}, {"longValue", 0}, {"integerValue", value}};
}

json portsResource(const char *name, const QList<int> &ports)
{
    json set = json::array();
    for (int p : ports)
        set.push_back(std::to_string(p));
    return json{{"name", name},   {"type", "STRINGSET"}, {"doubleValue", 0.0},
                {"longValue", 0}, {"integerValue", 0},   {"stringSetValue", set}};
}

json containerInstanceJson(const ContainerInstance &ci, const QString &region)
{
    json attributes = json::array();
    const QMap<QString, QString> all = ci.attributes(region);
    for (auto it = all.cbegin(); it != all.cend(); ++it) {
        json a = {{"name", str(it.key())}};
        if (!it.value().isEmpty())
            a["value"] = str(it.value());
        attributes.push_back(a);
    }
    QList<int> usedPorts = reservedHostPorts();
    usedPorts.append(ci.usedPorts);
    return json{
        {"containerInstanceArn", str(arn::containerInstance(region, ci.cluster, ci.id))},
        {"ec2InstanceId", str(ci.ec2InstanceId)},
        {"version", 1},
        {"versionInfo",
         {{"agentVersion", kAgentVersion},
          {"agentHash", "fleetdeck"},
          {"dockerVersion", "DockerVersion: " + str(ci.engineVersion)}}},
        {"status", str(toString(ci.status))},
        {"agentConnected", ci.agentConnected},
        {"runningTasksCount", ci.runningTasksCount},
        {"pendingTasksCount", ci.pendingTasksCount},
        {"registeredResources",
         json::array({resource("CPU", ci.registeredCpu), resource("MEMORY", ci.registeredMemory),
                      portsResource("PORTS", reservedHostPorts()), portsResource("PORTS_UDP", {})})},
        {"remainingResources",
         json::array({resource("CPU", ci.remainingCpu()), resource("MEMORY", ci.remainingMemory()),
                      portsResource("PORTS", usedPorts), portsResource("PORTS_UDP", {})})},
        {"attributes", attributes},
        {"registeredAt", double(ci.registeredAt.toMSecsSinceEpoch()) / 1000.0},
        {"attachments", json::array()},
        {"tags", json::array()},
    };
}

json attributeJson(const QString &name, const QString &value, const QString &targetArn)
{
    json item = {{"name", str(name)}, {"targetType", "container-instance"}, {"targetId", str(targetArn)}};
    if (!value.isEmpty())
        item["value"] = str(value);
    return item;
}

// ACTIVE or DRAINING; anything else names the member.
Result<std::optional<InstanceStatus>> instanceStatus(Params &p, bool required)
{
    const auto s = p.string("status");
    if (!p.ok())
        return p.error();
    if (!s && !required)
        return std::optional<InstanceStatus>();
    const auto status = instanceStatusFromString(qstr(s.value_or("")));
    if (!status || *status == InstanceStatus::Inactive)
        return invalidParameter("status: must be ACTIVE or DRAINING");
    return status;
}

// PutAttributes and DeleteAttributes.
Result<json> changeAttributes(const ApiContext &ctx, const json &params, bool put)
{
    Params p(ctx, params);
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    const json &attributes = p.raw("attributes");
    if (!attributes.is_array() || attributes.empty())
        return invalidParameter("attributes: at least one attribute is required");
    if (attributes.size() > 10)
        return invalidParameter("attributes: at most 10 per call", "AttributeLimitExceededException");
    json done = json::array();
    for (const json &a : attributes) {
        if (!a.is_object() || !a.value("name", json()).is_string())
            return invalidParameter("attributes: each needs a name");
        if (a.value("targetType", json("container-instance")) != "container-instance")
            return invalidParameter("attributes: targetType must be container-instance");
        const json target = a.value("targetId", json(""));
        if (!target.is_string() || target.get<std::string>().empty())
            return invalidParameter("attributes: targetId is required");
        const json value = a.value("value", json(""));
        if (!value.is_string())
            return invalidParameter("attributes: value must be a string");
        const QString name = qstr(a["name"].get<std::string>());
        const QString id = qstr(target.get<std::string>());
        Result<ContainerInstance> ci = put ? ctx.cp().instances().putAttribute(*cluster, id, name, qstr(value.get<std::string>()))
                                           : ctx.cp().instances().deleteAttribute(*cluster, id, name);
        if (!ci)
            return ci.error();
        done.push_back(attributeJson(name, qstr(value.get<std::string>()),
                                     arn::containerInstance(ctx.region, ci->cluster, ci->id)));
    }
    return json{{"attributes", done}};
}

} // namespace

Result<json> listContainerInstances(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    const auto filter = p.string("filter");
    if (!p.ok())
        return p.error();
    std::optional<scheduler::Expression> query;
    if (filter) {
        Result<scheduler::Expression> parsed = scheduler::parseQuery(qstr(*filter));
        if (!parsed)
            return invalidParameter("filter: " + str(parsed.error().message));
        query = parsed.value();
    }
    Result<std::optional<InstanceStatus>> status = instanceStatus(p, false);
    if (!status)
        return status.error();
    QHash<QString, QHash<QString, int>> groups; // instance -> task group -> tasks, for task:group
    if (query) {
        for (const Task &t : ctx.cp().tasks().list(*cluster)) {
            if (t.holdsResources())
                groups[t.containerInstanceId][t.group] += 1;
        }
    }
    std::vector<std::string> arns;
    for (const ContainerInstance &ci : ctx.cp().instances().list(*cluster, *status)) {
        if (query && !query->evaluate(scheduler::InstanceSnapshot::fromModel(ci, ctx.region, groups.value(ci.id))))
            continue;
        arns.push_back(str(arn::containerInstance(ctx.region, ci.cluster, ci.id)));
    }
    return page(arns, p, "containerInstanceArns");
}

Result<json> describeContainerInstances(const ApiContext &ctx, const json &params)
{
    return describeInCluster(
        ctx, params, "containerInstances", 100,
        [&](const QString &cluster, const QString &id, bool withTags) -> std::optional<json> {
            const std::optional<ContainerInstance> ci = ctx.cp().instances().find(cluster, id);
            if (!ci)
                return std::nullopt;
            json j = containerInstanceJson(*ci, ctx.region);
            if (withTags)
                j["tags"] = tagsJson(ctx.cp().tagRegistry().tags(state::kInstanceKind, ci->id));
            return j;
        },
        arn::containerInstance);
}

Result<json> updateContainerInstancesState(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    Result<std::optional<InstanceStatus>> status = instanceStatus(p, true);
    if (!status)
        return status.error();
    const std::vector<std::string> ids = p.strings("containerInstances");
    if (!p.ok())
        return p.error();
    json instances = json::array(), failures = json::array();
    for (const std::string &id : ids) {
        if (!ctx.cp().instances().find(*cluster, qstr(id))) {
            failures.push_back({{"arn", id}, {"reason", "MISSING"}});
            continue;
        }
        Result<ContainerInstance> ci = ctx.cp().instances().setState(*cluster, qstr(id), **status);
        if (!ci)
            return ci.error();
        instances.push_back(containerInstanceJson(*ci, ctx.region));
    }
    return json{{"containerInstances", instances}, {"failures", failures}};
}

Result<json> deregisterContainerInstance(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    const auto id = p.string("containerInstance");
    if (!p.ok())
        return p.error();
    if (!id)
        return invalidParameter("containerInstance: is required");
    const json &force = p.raw("force");
    if (!force.is_null() && !force.is_boolean())
        return invalidParameter("force: must be a boolean");
    Result<ContainerInstance> ci =
        ctx.cp().instances().deregister(*cluster, qstr(*id), force.is_boolean() && force.get<bool>());
    if (!ci)
        return ci.error();
    return json{{"containerInstance", containerInstanceJson(*ci, ctx.region)}};
}

Result<json> putAttributes(const ApiContext &ctx, const json &params)
{
    return changeAttributes(ctx, params, true);
}

Result<json> deleteAttributes(const ApiContext &ctx, const json &params)
{
    return changeAttributes(ctx, params, false);
}

Result<json> listAttributes(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    const auto targetType = p.string("targetType");
    const auto name = p.string("attributeName");
    const auto value = p.string("attributeValue");
    if (!p.ok())
        return p.error();
    if (targetType.value_or("") != "container-instance")
        return invalidParameter("targetType: must be container-instance");
    if (value && !name)
        return invalidParameter("attributeValue: needs attributeName");
    std::vector<json> items;
    for (const ContainerInstance &ci : ctx.cp().instances().list(*cluster)) {
        const QMap<QString, QString> all = ci.attributes(ctx.region);
        for (auto it = all.cbegin(); it != all.cend(); ++it) {
            if ((name && str(it.key()) != *name) || (value && str(it.value()) != *value))
                continue;
            items.push_back(attributeJson(it.key(), it.value(), arn::containerInstance(ctx.region, ci.cluster, ci.id)));
        }
    }
    return page(items, p, "attributes");
}

} // namespace fd::api::ecs
