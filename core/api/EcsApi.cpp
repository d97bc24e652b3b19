#include "EcsApi.h"

#include "ControlPlane.h"
#include "json/TaskDefinitionJson.h"
#include "json/ServiceJson.h"
#include "json/TaskJson.h"
#include "model/Arn.h"
#include "scheduler/InstanceSnapshot.h"
#include "scheduler/QueryLanguage.h"

#include <QLoggingCategory>
#include <QMetaObject>
#include <QUuid>

#include <nlohmann/json.hpp>

#include <regex>

namespace fd::api {

Q_LOGGING_CATEGORY(lcEcsApi, "fleetdeck.api.ecs")

using nlohmann::json;

namespace {

constexpr int kDefaultPageSize = 100;

// An error the API returns as {"__type": code, "message": message}.
struct ApiError
{
    std::string code;
    std::string message;
    int status = 400;
};

ApiError fromError(const Error &e)
{
    return ApiError{e.code.toStdString(), e.message.toStdString(), e.code == u"ServerException" ? 500 : 400};
}

std::string str(const QString &s)
{
    return s.toStdString();
}

QString qstr(const std::string &s)
{
    return QString::fromStdString(s);
}

// Request members, checked for type so that a bad request names the member.
class Params
{
public:
    explicit Params(const json &body) : m_body(body) {}

    std::optional<std::string> string(const char *name) const
    {
        auto it = m_body.find(name);
        if (it == m_body.end() || it->is_null())
            return std::nullopt;
        if (!it->is_string())
            throw ApiError{"InvalidParameterException", std::string(name) + ": must be a string"};
        return it->get<std::string>();
    }

    std::vector<std::string> strings(const char *name) const
    {
        std::vector<std::string> out;
        auto it = m_body.find(name);
        if (it == m_body.end() || it->is_null())
            return out;
        if (!it->is_array())
            throw ApiError{"InvalidParameterException", std::string(name) + ": must be a list of strings"};
        for (const json &v : *it) {
            if (!v.is_string())
                throw ApiError{"InvalidParameterException", std::string(name) + ": must be a list of strings"};
            out.push_back(v.get<std::string>());
        }
        return out;
    }

    std::optional<int> integer(const char *name) const
    {
        auto it = m_body.find(name);
        if (it == m_body.end() || it->is_null())
            return std::nullopt;
        if (!it->is_number_integer())
            throw ApiError{"InvalidParameterException", std::string(name) + ": must be an integer"};
        return it->get<int>();
    }

private:
    const json &m_body;
};

// Pagination over an ordered list: nextToken is the index of the next item.
template<typename T>
json page(const std::vector<T> &items, const Params &p, const char *member)
{
    const int maxResults = p.integer("maxResults").value_or(kDefaultPageSize);
    if (maxResults < 1 || maxResults > 100)
        throw ApiError{"InvalidParameterException", "maxResults: must be between 1 and 100"};
    std::size_t start = 0;
    if (auto token = p.string("nextToken")) {
        try {
            start = std::stoul(*token);
        } catch (...) {
            throw ApiError{"InvalidParameterException", "nextToken: not a token this endpoint issued"};
        }
        if (start > items.size())
            throw ApiError{"InvalidParameterException", "nextToken: not a token this endpoint issued"};
    }
    const std::size_t end = std::min(items.size(), start + std::size_t(maxResults));
    json out = json::object();
    out[member] = json(std::vector<T>(items.begin() + std::ptrdiff_t(start), items.begin() + std::ptrdiff_t(end)));
    if (end < items.size())
        out["nextToken"] = std::to_string(end);
    return out;
}

json clusterJson(const Cluster &c, const QString &region)
{
    return json{
        {"clusterArn", str(arn::cluster(region, c.name))},
        {"clusterName", str(c.name)},
        {"status", str(c.status)},
        {"registeredContainerInstancesCount", c.registeredContainerInstancesCount},
        {"runningTasksCount", c.runningTasksCount},
        {"pendingTasksCount", c.pendingTasksCount},
        {"activeServicesCount", c.activeServicesCount},
        {"statistics", json::array()},
        {"tags", json::array()},
        {"settings", json::array({json{{"name", "containerInsights"}, {"value", "disabled"}}})},
        {"capacityProviders", json::array()},
        {"defaultCapacityProviderStrategy", json::array()},
    };
}

json resource(const char *name, int value)
{
    return json{{"name", name}, {"type", "INTEGER"}, {"doubleValue", 0.0}, {"longValue", 0}, {"integerValue", value}};
}

json portsResource(const char *name, const QList<int> &ports)
{
    json set = json::array();
    for (int p : ports)
        set.push_back(std::to_string(p));
    return json{{"name", name},          {"type", "STRINGSET"},     {"doubleValue", 0.0},
                {"longValue", 0},        {"integerValue", 0},       {"stringSetValue", set}};
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
         {{"agentVersion", kAgentVersion}, {"agentHash", "fleetdeck"}, {"dockerVersion", "DockerVersion: " + str(ci.engineVersion)}}},
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

std::optional<TaskDefinitionStatus> statusFilter(const Params &p, bool allowAll)
{
    const auto s = p.string("status");
    if (!s)
        return std::nullopt;
    if (allowAll && *s == "ALL")
        return std::nullopt;
    if (*s == "ACTIVE")
        return TaskDefinitionStatus::Active;
    if (*s == "INACTIVE")
        return TaskDefinitionStatus::Inactive;
    if (*s == "DELETE_IN_PROGRESS" && !allowAll)
        return TaskDefinitionStatus::DeleteInProgress;
    throw ApiError{"InvalidParameterException", "status: unknown value \"" + *s + "\""};
}

// The `cluster` member: absent means "default"; an unknown cluster is ClusterNotFoundException.
QString clusterParam(const ControlPlane &cp, const Params &p)
{
    const QString name = arn::clusterNameFrom(qstr(p.string("cluster").value_or("default")));
    const auto c = cp.cluster(name);
    if (!c || c->status != u"ACTIVE")
        throw ApiError{"ClusterNotFoundException", "Cluster not found."};
    return name;
}

// RunTask's and StartTask's common members.
ControlPlane::RunTaskRequest runTaskRequest(const ControlPlane &cp, const Params &p, const json &body)
{
    ControlPlane::RunTaskRequest r;
    r.cluster = clusterParam(cp, p);
    const auto td = p.string("taskDefinition");
    if (!td)
        throw ApiError{"InvalidParameterException", "taskDefinition: is required"};
    r.taskDefinition = qstr(*td);
    r.group = qstr(p.string("group").value_or(""));
    r.startedBy = qstr(p.string("startedBy").value_or(""));
    if (r.startedBy.size() > 128)
        throw ApiError{"InvalidParameterException", "startedBy: at most 128 characters"};
    if (auto lt = p.string("launchType"); lt && *lt != "EC2")
        throw ApiError{"InvalidParameterException",
                       "launchType: Fleetdeck runs tasks on container instances (EC2); " + *lt + " is not available"};
    if (auto it = body.find("overrides"); it != body.end() && !it->is_null()) {
        if (!it->is_object())
            throw ApiError{"InvalidParameterException", "overrides: must be an object"};
        for (const json &c : it->value("containerOverrides", json::array())) {
            if (!c.is_object() || !c.value("name", json()).is_string())
                throw ApiError{"InvalidParameterException", "overrides.containerOverrides: each needs a name"};
            ContainerOverride o;
            o.name = qstr(c["name"].get<std::string>());
            if (auto cmd = c.find("command"); cmd != c.end() && !cmd->is_null()) {
                if (!cmd->is_array())
                    throw ApiError{"InvalidParameterException",
                                   "overrides.containerOverrides.command: must be a list of strings"};
                QStringList command;
                for (const json &a : *cmd) {
                    if (!a.is_string())
                        throw ApiError{"InvalidParameterException",
                                       "overrides.containerOverrides.command: must be a list of strings"};
                    command.append(qstr(a.get<std::string>()));
                }
                o.command = command;
            }
            for (const json &e : c.value("environment", json::array())) {
                if (!e.is_object() || !e.value("name", json()).is_string())
                    throw ApiError{"InvalidParameterException",
                                   "overrides.containerOverrides.environment: each needs a name"};
                o.environment.append({qstr(e["name"].get<std::string>()), qstr(e.value("value", std::string()))});
            }
            r.overrides.append(o);
        }
    }
    for (const char *member : {"placementStrategy", "placementConstraints"}) {
        auto it = body.find(member);
        if (it == body.end() || it->is_null())
            continue;
        if (!it->is_array())
            throw ApiError{"InvalidParameterException", std::string(member) + ": must be a list"};
        (std::string_view(member) == "placementStrategy" ? r.placementStrategy : r.placementConstraints) =
            QByteArray::fromStdString(it->dump());
    }
    return r;
}

// CreateService's and UpdateService's common members.
ControlPlane::ServiceRequest serviceRequest(const ControlPlane &cp, const Params &p, const json &body, bool create)
{
    ControlPlane::ServiceRequest r;
    r.cluster = clusterParam(cp, p);
    const auto name = p.string(create ? "serviceName" : "service");
    if (!name || name->empty())
        throw ApiError{"InvalidParameterException", std::string(create ? "serviceName" : "service") + ": is required"};
    r.serviceName = qstr(*name);
    r.taskDefinition = qstr(p.string("taskDefinition").value_or(""));
    r.desiredCount = p.integer("desiredCount");
    if (auto lt = p.string("launchType"); lt && *lt != "EC2")
        throw ApiError{"InvalidParameterException",
                       "launchType: Fleetdeck runs tasks on container instances (EC2); " + *lt + " is not available"};
    if (create) {
        const std::string strategy = p.string("schedulingStrategy").value_or("REPLICA");
        const auto parsed = schedulingStrategyFromString(qstr(strategy));
        if (!parsed)
            throw ApiError{"InvalidParameterException", "schedulingStrategy: must be REPLICA or DAEMON (got " +
                                                            strategy + ")"};
        r.schedulingStrategy = *parsed;
        if (auto it = body.find("deploymentController"); it != body.end() && it->is_object()) {
            const std::string type = it->value("type", std::string("ECS"));
            if (type != "ECS")
                throw ApiError{"InvalidParameterException", "deploymentController.type: only ECS rolling updates are "
                                                            "available (got " + type + ")"};
        }
    }
    if (auto it = body.find("loadBalancers"); it != body.end() && it->is_array() && !it->empty())
        throw ApiError{"InvalidParameterException", "loadBalancers: load balancers are not available yet"};
    if (auto it = body.find("deploymentConfiguration"); it != body.end() && !it->is_null()) {
        if (!it->is_object())
            throw ApiError{"InvalidParameterException", "deploymentConfiguration: must be an object"};
        const Params dc(*it);
        try {
            r.minimumHealthyPercent = dc.integer("minimumHealthyPercent");
            r.maximumPercent = dc.integer("maximumPercent");
        } catch (const ApiError &e) {
            throw ApiError{e.code, "deploymentConfiguration." + e.message};
        }
        if (auto cb = it->find("deploymentCircuitBreaker"); cb != it->end() && !cb->is_null()) {
            if (!cb->is_object() || !cb->value("enable", json()).is_boolean() || !cb->value("rollback", json()).is_boolean())
                throw ApiError{"InvalidParameterException",
                               "deploymentConfiguration.deploymentCircuitBreaker: needs enable and rollback (true or false)"};
            r.circuitBreaker = CircuitBreaker{(*cb)["enable"].get<bool>(), (*cb)["rollback"].get<bool>()};
        }
    }
    for (const char *member : {"placementStrategy", "placementConstraints"}) {
        auto it = body.find(member);
        if (it == body.end() || it->is_null())
            continue;
        if (!it->is_array())
            throw ApiError{"InvalidParameterException", std::string(member) + ": must be a list"};
        (std::string_view(member) == "placementStrategy" ? r.placementStrategy : r.placementConstraints) =
            QByteArray::fromStdString(it->dump());
    }
    r.healthCheckGracePeriodSeconds = p.integer("healthCheckGracePeriodSeconds");
    if (auto it = body.find("forceNewDeployment"); it != body.end() && !it->is_null()) {
        if (!it->is_boolean())
            throw ApiError{"InvalidParameterException", "forceNewDeployment: must be true or false"};
        r.forceNewDeployment = it->get<bool>();
    }
    return r;
}

json runTaskReply(const Result<ControlPlane::RunTaskResult> &result, const QString &region)
{
    json tasks = json::array(), failures = json::array();
    for (const Task &t : result->tasks)
        tasks.push_back(fd::json::describeTaskJson(t, region));
    for (const ControlPlane::TaskFailure &f : result->failures) {
        json item = {{"reason", str(f.reason)}};
        if (!f.arn.isEmpty())
            item["arn"] = str(f.arn);
        if (!f.detail.isEmpty())
            item["detail"] = str(f.detail);
        failures.push_back(item);
    }
    return {{"tasks", tasks}, {"failures", failures}};
}

std::string requestId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

} // namespace

std::string regionFromAuthorization(const std::string &authorization)
{
    static const std::regex re(R"(Credential=[^/,\s]*/[0-9]{8}/([a-z0-9-]+)/)");
    std::smatch m;
    if (std::regex_search(authorization, m, re))
        return m[1].str();
    return {};
}

EcsApi::EcsApi(ControlPlane &cp) : m_cp(&cp) {}

void EcsApi::handle(HttpRequest request, Reply reply)
{
    ControlPlane *cp = m_cp.data();
    if (!cp) {
        reply(HttpResponse{503, {{"content-type", "text/plain"}}, "Fleetdeck is shutting down\n"});
        return;
    }
    // Run on the control plane's thread; the reply goes back to the server thread by itself.
    QMetaObject::invokeMethod(
        cp, [this, request = std::move(request), reply = std::move(reply)] { reply(dispatch(request)); },
        Qt::QueuedConnection);
}

HttpResponse EcsApi::dispatch(const HttpRequest &request)
{
    const std::string id = requestId();
    HttpResponse resp;
    resp.headers["x-amzn-requestid"] = id;
    resp.headers["content-type"] = "application/x-amz-json-1.1";

    const std::string target = request.header("x-amz-target");
    const std::string op = target.substr(std::min(target.size(), std::strlen(kTargetPrefix)));
    QString region = qstr(regionFromAuthorization(request.header("authorization")));
    if (region.isEmpty())
        region = m_cp->defaultRegion();

    auto fail = [&](const ApiError &e) {
        resp.status = e.status;
        resp.headers["x-amzn-errortype"] = e.code;
        resp.body = json{{"__type", e.code}, {"message", e.message}}.dump();
        qCInfo(lcEcsApi).noquote() << qstr(op) << "->" << qstr(e.code) << qstr(e.message);
        return resp;
    };

    if (request.method != "POST")
        return fail({"UnknownOperationException", "the ECS endpoint takes POST / with X-Amz-Target", 400});

    json body = request.body.empty() ? json::object() : json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return fail({"SerializationException", "the request body is not a JSON object"});

    try {
        ControlPlane &cp = *m_cp;
        const Params p(body);
        json out;
        if (op == "CreateCluster") {
            Result<Cluster> c = cp.createCluster(qstr(p.string("clusterName").value_or("")));
            if (!c)
                return fail(fromError(c.error()));
            out = {{"cluster", clusterJson(*c, region)}};
        } else if (op == "DescribeClusters") {
            std::vector<std::string> names = p.strings("clusters");
            if (names.empty())
                names.push_back("default");
            if (names.size() > 100)
                throw ApiError{"InvalidParameterException", "clusters: at most 100 names"};
            json clusters = json::array(), failures = json::array();
            for (const std::string &n : names) {
                if (auto c = cp.cluster(qstr(n)))
                    clusters.push_back(clusterJson(*c, region));
                else
                    failures.push_back({{"arn", n.rfind("arn:", 0) == 0 ? n : str(arn::cluster(region, qstr(n)))},
                                        {"reason", "MISSING"}});
            }
            out = {{"clusters", clusters}, {"failures", failures}};
        } else if (op == "ListClusters") {
            std::vector<std::string> arns;
            for (const Cluster &c : cp.clusters())
                arns.push_back(str(arn::cluster(region, c.name)));
            out = page(arns, p, "clusterArns");
        } else if (op == "DeleteCluster") {
            const auto name = p.string("cluster");
            if (!name)
                throw ApiError{"InvalidParameterException", "cluster: is required"};
            Result<Cluster> c = cp.deleteCluster(qstr(*name));
            if (!c)
                return fail(fromError(c.error()));
            out = {{"cluster", clusterJson(*c, region)}};
        } else if (op == "ListContainerInstances") {
            const QString cluster = clusterParam(cp, p);
            std::optional<scheduler::Expression> query;
            if (auto filter = p.string("filter")) {
                Result<scheduler::Expression> parsed = scheduler::parseQuery(qstr(*filter));
                if (!parsed)
                    throw ApiError{"InvalidParameterException", "filter: " + str(parsed.error().message)};
                query = parsed.value();
            }
            std::optional<InstanceStatus> status;
            if (auto s = p.string("status")) {
                status = instanceStatusFromString(qstr(*s));
                if (!status || *status == InstanceStatus::Inactive)
                    throw ApiError{"InvalidParameterException", "status: must be ACTIVE or DRAINING"};
            }
            QHash<QString, QHash<QString, int>> groups; // instance -> task group -> tasks, for task:group
            if (query) {
                for (const Task &t : cp.tasks(cluster)) {
                    if (t.holdsResources())
                        groups[t.containerInstanceId][t.group] += 1;
                }
            }
            std::vector<std::string> arns;
            for (const ContainerInstance &ci : cp.containerInstances(cluster, status)) {
                if (query &&
                    !query->evaluate(scheduler::InstanceSnapshot::fromModel(ci, region, groups.value(ci.id))))
                    continue;
                arns.push_back(str(arn::containerInstance(region, ci.cluster, ci.id)));
            }
            out = page(arns, p, "containerInstanceArns");
        } else if (op == "DescribeContainerInstances") {
            const QString cluster = clusterParam(cp, p);
            const std::vector<std::string> ids = p.strings("containerInstances");
            if (ids.empty())
                throw ApiError{"InvalidParameterException", "containerInstances: at least one is required"};
            if (ids.size() > 100)
                throw ApiError{"InvalidParameterException", "containerInstances: at most 100"};
            json instances = json::array(), failures = json::array();
            for (const std::string &id : ids) {
                if (auto ci = cp.containerInstance(cluster, qstr(id)))
                    instances.push_back(containerInstanceJson(*ci, region));
                else
                    failures.push_back({{"arn", id.rfind("arn:", 0) == 0
                                                    ? id
                                                    : str(arn::containerInstance(region, cluster, qstr(id)))},
                                        {"reason", "MISSING"}});
            }
            out = {{"containerInstances", instances}, {"failures", failures}};
        } else if (op == "UpdateContainerInstancesState") {
            const QString cluster = clusterParam(cp, p);
            const auto status = instanceStatusFromString(qstr(p.string("status").value_or("")));
            if (!status || *status == InstanceStatus::Inactive)
                throw ApiError{"InvalidParameterException", "status: must be ACTIVE or DRAINING"};
            json instances = json::array(), failures = json::array();
            for (const std::string &id : p.strings("containerInstances")) {
                if (!cp.containerInstance(cluster, qstr(id))) {
                    failures.push_back({{"arn", id}, {"reason", "MISSING"}});
                    continue;
                }
                Result<ContainerInstance> ci = cp.updateContainerInstanceState(cluster, qstr(id), *status);
                if (!ci)
                    return fail(fromError(ci.error()));
                instances.push_back(containerInstanceJson(*ci, region));
            }
            out = {{"containerInstances", instances}, {"failures", failures}};
        } else if (op == "DeregisterContainerInstance") {
            const QString cluster = clusterParam(cp, p);
            const auto id = p.string("containerInstance");
            if (!id)
                throw ApiError{"InvalidParameterException", "containerInstance: is required"};
            auto force = body.find("force");
            if (force != body.end() && !force->is_boolean())
                throw ApiError{"InvalidParameterException", "force: must be a boolean"};
            Result<ContainerInstance> ci =
                cp.deregisterContainerInstance(cluster, qstr(*id), force != body.end() && force->get<bool>());
            if (!ci)
                return fail(fromError(ci.error()));
            out = {{"containerInstance", containerInstanceJson(*ci, region)}};
        } else if (op == "PutAttributes" || op == "DeleteAttributes") {
            const QString cluster = clusterParam(cp, p);
            auto attributes = body.find("attributes");
            if (attributes == body.end() || !attributes->is_array() || attributes->empty())
                throw ApiError{"InvalidParameterException", "attributes: at least one attribute is required"};
            if (attributes->size() > 10)
                throw ApiError{"AttributeLimitExceededException", "attributes: at most 10 per call"};
            json done = json::array();
            for (const json &a : *attributes) {
                if (!a.is_object() || !a.value("name", json()).is_string())
                    throw ApiError{"InvalidParameterException", "attributes: each needs a name"};
                if (a.value("targetType", std::string("container-instance")) != "container-instance")
                    throw ApiError{"InvalidParameterException", "attributes: targetType must be container-instance"};
                const std::string target = a.value("targetId", std::string());
                if (target.empty())
                    throw ApiError{"InvalidParameterException", "attributes: targetId is required"};
                const QString name = qstr(a["name"].get<std::string>());
                const QString value = qstr(a.value("value", std::string()));
                Result<ContainerInstance> ci = op == "PutAttributes" ? cp.putAttribute(cluster, qstr(target), name, value)
                                                                     : cp.deleteAttribute(cluster, qstr(target), name);
                if (!ci)
                    return fail(fromError(ci.error()));
                json item = {{"name", str(name)},
                             {"targetType", "container-instance"},
                             {"targetId", str(arn::containerInstance(region, ci->cluster, ci->id))}};
                if (!value.isEmpty())
                    item["value"] = str(value);
                done.push_back(item);
            }
            out = {{"attributes", done}};
        } else if (op == "ListAttributes") {
            const QString cluster = clusterParam(cp, p);
            if (p.string("targetType").value_or("") != "container-instance")
                throw ApiError{"InvalidParameterException", "targetType: must be container-instance"};
            const auto name = p.string("attributeName");
            const auto value = p.string("attributeValue");
            if (value && !name)
                throw ApiError{"InvalidParameterException", "attributeValue: needs attributeName"};
            std::vector<json> items;
            for (const ContainerInstance &ci : cp.containerInstances(cluster)) {
                const QMap<QString, QString> all = ci.attributes(region);
                for (auto it = all.cbegin(); it != all.cend(); ++it) {
                    if ((name && str(it.key()) != *name) || (value && str(it.value()) != *value))
                        continue;
                    json item = {{"name", str(it.key())},
                                 {"targetType", "container-instance"},
                                 {"targetId", str(arn::containerInstance(region, ci.cluster, ci.id))}};
                    if (!it.value().isEmpty())
                        item["value"] = str(it.value());
                    items.push_back(item);
                }
            }
            out = page(items, p, "attributes");
        } else if (op == "RegisterTaskDefinition") {
            json tags = body.contains("tags") ? body["tags"] : json::array();
            body.erase("tags"); // tags belong to the resource, not to the task definition document
            Result<TaskDefinitionSpec> spec = fd::json::parseTaskDefinition(QByteArray::fromStdString(body.dump()));
            if (!spec)
                return fail(fromError(spec.error()));
            Result<TaskDefinition> td = cp.registerTaskDefinition(*spec);
            if (!td)
                return fail(fromError(td.error()));
            out = {{"taskDefinition", fd::json::describeJson(*td, region)}, {"tags", tags}};
        } else if (op == "DescribeTaskDefinition") {
            const auto ref = p.string("taskDefinition");
            if (!ref)
                throw ApiError{"InvalidParameterException", "taskDefinition: is required"};
            Result<TaskDefinition> td = cp.taskDefinition(qstr(*ref));
            if (!td)
                return fail(fromError(td.error()));
            out = {{"taskDefinition", fd::json::describeJson(*td, region)}, {"tags", json::array()}};
        } else if (op == "DeregisterTaskDefinition") {
            const auto ref = p.string("taskDefinition");
            if (!ref)
                throw ApiError{"InvalidParameterException", "taskDefinition: is required"};
            Result<TaskDefinition> td = cp.deregisterTaskDefinition(qstr(*ref));
            if (!td)
                return fail(fromError(td.error()));
            out = {{"taskDefinition", fd::json::describeJson(*td, region)}};
        } else if (op == "ListTaskDefinitions") {
            const QString family = qstr(p.string("familyPrefix").value_or(""));
            // ECS lists ACTIVE revisions unless asked for another status.
            const auto status = statusFilter(p, false).value_or(TaskDefinitionStatus::Active);
            const std::string sort = p.string("sort").value_or("ASC");
            if (sort != "ASC" && sort != "DESC")
                throw ApiError{"InvalidParameterException", "sort: must be ASC or DESC"};
            std::vector<std::string> arns;
            for (const TaskDefinition &td : cp.taskDefinitions(family, status))
                arns.push_back(str(arn::taskDefinition(region, td.spec.family, td.revision)));
            if (sort == "DESC")
                std::reverse(arns.begin(), arns.end());
            out = page(arns, p, "taskDefinitionArns");
        } else if (op == "RunTask") {
            ControlPlane::RunTaskRequest r = runTaskRequest(cp, p, body);
            r.count = p.integer("count").value_or(1);
            Result<ControlPlane::RunTaskResult> result = cp.runTask(r);
            if (!result)
                return fail(fromError(result.error()));
            out = runTaskReply(result, region);
        } else if (op == "StartTask") {
            ControlPlane::RunTaskRequest r = runTaskRequest(cp, p, body);
            for (const std::string &id : p.strings("containerInstances"))
                r.containerInstances.append(qstr(id));
            if (r.containerInstances.isEmpty())
                throw ApiError{"InvalidParameterException", "containerInstances: at least one is required"};
            Result<ControlPlane::RunTaskResult> result = cp.runTask(r);
            if (!result)
                return fail(fromError(result.error()));
            out = runTaskReply(result, region);
        } else if (op == "StopTask") {
            const QString cluster = clusterParam(cp, p);
            const auto task = p.string("task");
            if (!task)
                throw ApiError{"InvalidParameterException", "task: is required"};
            const QString reason = qstr(p.string("reason").value_or(""));
            if (reason.size() > 255)
                throw ApiError{"InvalidParameterException", "reason: at most 255 characters"};
            Result<Task> t = cp.stopTask(cluster, qstr(*task), reason);
            if (!t)
                return fail(fromError(t.error()));
            out = {{"task", fd::json::describeTaskJson(*t, region)}};
        } else if (op == "DescribeTasks") {
            const QString cluster = clusterParam(cp, p);
            const std::vector<std::string> ids = p.strings("tasks");
            if (ids.empty())
                throw ApiError{"InvalidParameterException", "tasks: at least one is required"};
            if (ids.size() > 100)
                throw ApiError{"InvalidParameterException", "tasks: at most 100"};
            json tasks = json::array(), failures = json::array();
            for (const std::string &id : ids) {
                if (auto t = cp.task(cluster, qstr(id)))
                    tasks.push_back(fd::json::describeTaskJson(*t, region));
                else
                    failures.push_back({{"arn", id.rfind("arn:", 0) == 0 ? id
                                                                         : str(arn::task(region, cluster, qstr(id)))},
                                        {"reason", "MISSING"}});
            }
            out = {{"tasks", tasks}, {"failures", failures}};
        } else if (op == "ListTasks") {
            const QString cluster = clusterParam(cp, p);
            ControlPlane::TaskFilter filter;
            filter.family = qstr(p.string("family").value_or(""));
            filter.startedBy = qstr(p.string("startedBy").value_or(""));
            filter.containerInstance = qstr(p.string("containerInstance").value_or(""));
            if (auto service = p.string("serviceName"))
                filter.group = QStringLiteral("service:") + qstr(*service);
            const std::string desired = p.string("desiredStatus").value_or("RUNNING");
            if (desired != "RUNNING" && desired != "PENDING" && desired != "STOPPED")
                throw ApiError{"InvalidParameterException", "desiredStatus: must be RUNNING, PENDING or STOPPED"};
            filter.desiredStatus = desired == "STOPPED" ? TaskStatus::Stopped : TaskStatus::Running;
            // Every task here is EC2: another launch type lists nothing.
            const bool otherLaunchType = p.string("launchType").value_or("EC2") != "EC2";
            if (!filter.containerInstance.isEmpty() && !cp.containerInstance(cluster, filter.containerInstance))
                throw ApiError{"InvalidParameterException",
                               "containerInstance: no container instance " + str(filter.containerInstance) +
                                   " in cluster " + str(cluster)};
            std::vector<std::string> arns;
            for (const Task &t : otherLaunchType ? QList<Task>() : cp.tasks(cluster, filter))
                arns.push_back(str(arn::task(region, t.cluster, t.id)));
            out = page(arns, p, "taskArns");
        } else if (op == "CreateService" || op == "UpdateService") {
            const ControlPlane::ServiceRequest r = serviceRequest(cp, p, body, op == "CreateService");
            Result<Service> v = op == "CreateService" ? cp.createService(r) : cp.updateService(r);
            if (!v)
                return fail(fromError(v.error()));
            out = {{"service", fd::json::describeServiceJson(*v, region)}};
        } else if (op == "DeleteService") {
            const QString cluster = clusterParam(cp, p);
            const auto service = p.string("service");
            if (!service)
                throw ApiError{"InvalidParameterException", "service: is required"};
            bool force = false;
            if (auto it = body.find("force"); it != body.end() && it->is_boolean())
                force = it->get<bool>();
            Result<Service> v = cp.deleteService(cluster, qstr(*service), force);
            if (!v)
                return fail(fromError(v.error()));
            out = {{"service", fd::json::describeServiceJson(*v, region)}};
        } else if (op == "DescribeServices") {
            const QString cluster = clusterParam(cp, p);
            const std::vector<std::string> names = p.strings("services");
            if (names.empty())
                throw ApiError{"InvalidParameterException", "services: at least one is required"};
            if (names.size() > 10)
                throw ApiError{"InvalidParameterException", "services: at most 10"};
            json services = json::array(), failures = json::array();
            for (const std::string &name : names) {
                if (auto v = cp.service(cluster, qstr(name)))
                    services.push_back(fd::json::describeServiceJson(*v, region));
                else
                    failures.push_back({{"arn", name.rfind("arn:", 0) == 0
                                                    ? name
                                                    : str(arn::service(region, cluster, qstr(name)))},
                                        {"reason", "MISSING"}});
            }
            out = {{"services", services}, {"failures", failures}};
        } else if (op == "ListServices") {
            const QString cluster = clusterParam(cp, p);
            const std::string strategy = p.string("schedulingStrategy").value_or("");
            if (!strategy.empty() && !schedulingStrategyFromString(qstr(strategy)))
                throw ApiError{"InvalidParameterException", "schedulingStrategy: must be REPLICA or DAEMON"};
            const bool otherLaunchType = p.string("launchType").value_or("EC2") != "EC2";
            std::vector<std::string> arns;
            for (const Service &v : otherLaunchType ? QList<Service>() : cp.services(cluster)) {
                if (v.status != ServiceStatus::Active)
                    continue;
                if (!strategy.empty() && toString(v.schedulingStrategy) != qstr(strategy))
                    continue;
                arns.push_back(str(arn::service(region, v.cluster, v.name)));
            }
            out = page(arns, p, "serviceArns");
        } else if (op == "ListTaskDefinitionFamilies") {
            const QString prefix = qstr(p.string("familyPrefix").value_or(""));
            std::vector<std::string> families;
            for (const QString &f : cp.taskDefinitionFamilies(statusFilter(p, true))) {
                if (f.startsWith(prefix))
                    families.push_back(str(f));
            }
            out = page(families, p, "families");
        } else {
            return fail({"UnknownOperationException",
                         op.empty() ? "missing X-Amz-Target header" : "operation " + op + " is not supported yet"});
        }
        resp.body = out.dump();
        return resp;
    } catch (const ApiError &e) {
        return fail(e);
    } catch (const std::exception &e) {
        return fail({"ServerException", std::string("internal error: ") + e.what(), 500});
    }
}

} // namespace fd::api
