#include "EcsHandlers.h"
#include "model/Arn.h"
#include "state/Kinds.h"
#include "tags/TagRegistry.h"
#include "scheduler/InstanceSnapshot.h"
#include "scheduler/QueryLanguage.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"
#include "ops/Engines.h"
#include "tags/Tagging.h"

#include <QRegularExpression>

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

// RegisterContainerInstance, as the ECS agent calls it: the EC2 instance identity document (its
// instance id, type, Availability Zone and region), the resources it offers and its attributes in;
// the container instance out. Fleetdeck is the agent of every instance: the instance runs its tasks on
// the engine the cluster's instances already use (the most used one), else on the local Docker engine,
// else on the first engine known.
namespace fd::api::ecs {

namespace {

// The engine a registered instance runs on.
QString engineFor(const ApiContext &ctx, const QString &cluster)
{
    QMap<QString, int> used;
    for (const ContainerInstance &ci : ctx.cp().instances().list(cluster))
        ++used[ci.engineId];
    QString best;
    for (auto it = used.cbegin(); it != used.cend(); ++it) {
        if (best.isEmpty() || it.value() > used.value(best))
            best = it.key();
    }
    if (!best.isEmpty())
        return best;
    const QList<Engine> engines = ctx.cp().engines().list();
    for (const Engine &e : engines) {
        if (e.id == u"local")
            return e.id;
    }
    return engines.isEmpty() ? QString() : engines.first().id;
}

// totalResources: CPU and MEMORY (integerValue, or longValue), PORTS and PORTS_UDP (stringSetValue)
// limited to the ports Fleetdeck reserves on every instance.
std::optional<Error> totalResources(Params &p, ops::InstanceRequest &r)
{
    const json &list = p.raw("totalResources");
    if (list.is_null())
        return std::nullopt;
    if (!list.is_array())
        return invalidParameter("totalResources: must be a list of {name, type, integerValue | stringSetValue}");
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json &res = list[i];
        const std::string where = "totalResources[" + std::to_string(i) + "]";
        if (!res.is_object() || !res.value("name", json()).is_string())
            return invalidParameter(where + ": needs a name");
        const std::string name = res["name"].get<std::string>();
        const bool integer = name == "CPU" || name == "MEMORY";
        if (!integer && name != "PORTS" && name != "PORTS_UDP")
            return invalidParameter(where + ": " + name +
                                    " is not a resource Fleetdeck's instances offer (CPU, MEMORY, PORTS, PORTS_UDP)");
        const char *type = integer ? "INTEGER" : "STRINGSET";
        if (res.contains("type") && res["type"] != type)
            return invalidParameter(where + ".type: " + name + " is of type " + type + " (got " + res["type"].dump() +
                                    ")");
        // The value members of the other types are not read: refused rather than forgotten (the zeros
        // and empty list describe shows are nothing to forget).
        for (const char *other : {"doubleValue", integer ? "stringSetValue" : "integerValue",
                                  integer ? "stringSetValue" : "longValue"}) {
            const json v = res.value(other, json());
            if (!v.is_null() && v != json(0) && v != json(0.0) && v != json::array())
                return invalidParameter(where + "." + other + ": " + name + " takes " +
                                        (integer ? "integerValue (or longValue)" : "stringSetValue") + " only");
        }
        if (integer) {
            const json given = res.value("integerValue", json());
            const json lv = res.value("longValue", json());
            if (!given.is_null() && given != json(0) && !lv.is_null() && given != lv && lv != json(0))
                return invalidParameter(where + ".longValue: " + lv.dump() + " differs from integerValue " +
                                        given.dump() + "; give one of them");
            const bool fromLong = (given.is_null() || given == json(0)) && !lv.is_null();
            const json value = fromLong ? lv : given;
            const char *member = fromLong ? "longValue" : "integerValue";
            if (!value.is_number_integer() || value.get<long long>() < 1 || value.get<long long>() > 10'000'000)
                return invalidParameter(where + "." + member + " (" + name + "): must be a positive number");
            (name == "CPU" ? r.cpu : r.memoryMiB) = int(value.get<long long>());
        } else {
            const json set = res.value("stringSetValue", json::array());
            if (!set.is_array())
                return invalidParameter(where + " (" + name + "): stringSetValue must be a list of ports");
            for (const json &port : set) {
                const int value = port.is_string() ? std::atoi(port.get<std::string>().c_str()) : -1;
                if (name == "PORTS_UDP" || !reservedHostPorts().contains(value))
                    return invalidParameter(
                        where + " (" + name + "): Fleetdeck reserves the host ports 22, 2375, 2376 and " +
                        "51678-51680 (TCP) on every instance and no others; " +
                        (port.is_string() ? port.get<std::string>() : port.dump()) + " cannot be reserved");
            }
        }
    }
    return std::nullopt;
}

// The instance identity document: a JSON object in a string, with instanceId, instanceType,
// availabilityZone and region (the other members of EC2's document are not needed here).
std::optional<Error> identityDocument(Params &p, ops::InstanceRequest &r)
{
    const auto text = p.string("instanceIdentityDocument");
    if (!p.ok())
        return p.error();
    if (!text)
        return std::nullopt;
    const json doc = json::parse(*text, nullptr, false);
    if (!doc.is_object())
        return invalidParameter("instanceIdentityDocument: must be the instance identity document, a JSON object");
    auto member = [&](const char *name) -> std::optional<std::string> {
        auto it = doc.find(name);
        if (it == doc.end() || !it->is_string())
            return std::nullopt;
        return it->get<std::string>();
    };
    const auto region = member("region");
    const auto zone = member("availabilityZone");
    if (region && zone && zone->rfind(*region, 0) != 0)
        return invalidParameter("instanceIdentityDocument.availabilityZone: " + *zone + " is not a zone of region " +
                                *region);
    if (const auto id = member("instanceId")) {
        static const QRegularExpression kInstanceId(QStringLiteral("^i-[0-9a-f]{8,17}$"));
        if (!kInstanceId.match(qstr(*id)).hasMatch())
            return invalidParameter("instanceIdentityDocument.instanceId: \"" + *id +
                                    "\" is not an EC2 instance id (i- and 8 to 17 hexadecimal digits)");
        r.ec2InstanceId = qstr(*id);
    }
    if (const auto type = member("instanceType"))
        r.instanceType = qstr(*type);
    if (zone)
        r.availabilityZones = {qstr(*zone)};
    return std::nullopt;
}

} // namespace

Result<json> registerContainerInstance(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    if (!p.raw("instanceIdentityDocumentSignature").is_null())
        return invalidParameter("instanceIdentityDocumentSignature: Fleetdeck cannot verify EC2's signature; send "
                                "the instance identity document without it");
    if (!p.raw("versionInfo").is_null())
        return invalidParameter(std::string("versionInfo: Fleetdeck is the agent of every instance here (agent ") +
                                kAgentVersion + "); leave versionInfo out");
    if (const json &devices = p.raw("platformDevices"); !devices.is_null() && !(devices.is_array() && devices.empty()))
        return invalidParameter("platformDevices: Fleetdeck's instances have no GPUs");
    ops::InstanceRequest r;
    r.cluster = *cluster;
    if (auto e = identityDocument(p, r))
        return *e;
    if (auto e = totalResources(p, r))
        return *e;
    const json &attributes = p.raw("attributes");
    if (!attributes.is_null()) {
        if (!attributes.is_array())
            return invalidParameter("attributes: must be a list of {name, value}");
        for (const json &a : attributes) {
            if (!a.is_object() || !a.value("name", json()).is_string())
                return invalidParameter("attributes: each needs a name");
            if (!a.value("value", json("")).is_string())
                return invalidParameter("attributes." + a["name"].get<std::string>() + ": value must be a string");
            const std::string type = a.value("targetType", std::string("container-instance"));
            if (type != "container-instance" || a.contains("targetId"))
                return invalidParameter("attributes." + a["name"].get<std::string>() +
                                        ": targetType and targetId name the instance being registered; leave them out");
            const QString name = qstr(a["name"].get<std::string>());
            if (name.startsWith(u"ecs."))
                return invalidParameter("attributes." + a["name"].get<std::string>() +
                                        ": the ecs.* attributes are set by Fleetdeck from the instance identity "
                                        "document");
            r.attributes.insert(name, qstr(a.value("value", std::string())));
        }
    }
    Result<tags::TagList> tagList = tagsParam(p, "tags");
    if (!tagList)
        return tagList.error();
    if (std::optional<Error> e = tags::validate(*tagList))
        return *e;

    const auto existingArn = p.string("containerInstanceArn");
    if (!p.ok())
        return p.error();
    if (existingArn) {
        // The agent registering again (after a restart): the instance it was given, unchanged.
        const std::optional<ContainerInstance> ci = ctx.cp().instances().find(*cluster, qstr(*existingArn));
        if (!ci || ci->status == InstanceStatus::Inactive)
            return invalidParameter("containerInstanceArn: no registered container instance " + *existingArn +
                                    " in cluster " + str(*cluster));
        if (!r.ec2InstanceId.isEmpty() && r.ec2InstanceId != ci->ec2InstanceId)
            return invalidParameter("containerInstanceArn: " + *existingArn + " is EC2 instance " +
                                    str(ci->ec2InstanceId) + ", not " + str(r.ec2InstanceId));
        return json{{"containerInstance", containerInstanceJson(*ci, ctx.region)}};
    }
    if (!r.ec2InstanceId.isEmpty()) {
        for (const ContainerInstance &ci : ctx.cp().instances().list()) {
            if (ci.ec2InstanceId == r.ec2InstanceId)
                return invalidParameter("instanceIdentityDocument.instanceId: " + str(r.ec2InstanceId) +
                                        " is already registered in cluster " + str(ci.cluster) + " as " +
                                        str(arn::containerInstance(ctx.region, ci.cluster, ci.id)) +
                                        " (pass it as containerInstanceArn to register again)");
        }
    }
    r.engineId = engineFor(ctx, *cluster);
    if (r.engineId.isEmpty())
        return invalidParameter("cluster: Fleetdeck has no engine for the instance to run its tasks on; add one first");
    Result<QList<ContainerInstance>> created = ctx.cp().instances().registerNew(r);
    if (!created)
        return created.error();
    const ContainerInstance ci = created->first();
    if (!tagList->isEmpty()) {
        if (Status s = tags::tagResource(ctx.cp(), arn::containerInstance(ctx.region, ci.cluster, ci.id), *tagList); !s)
            return s.error();
    }
    json out = containerInstanceJson(ci, ctx.region);
    out["tags"] = tagsJson(*tagList);
    return json{{"containerInstance", out}};
}

} // namespace fd::api::ecs
