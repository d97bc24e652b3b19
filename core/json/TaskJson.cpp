#include "TaskJson.h"

#include "NetworkJson.h"
#include "model/Arn.h"

#include <QUuid>

#include <algorithm>

namespace fd::json {

using nlohmann::json;

namespace {

std::string s(const QString &q)
{
    return q.toStdString();
}

QString q(const json &j, const char *key)
{
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

json ms(const QDateTime &t)
{
    return t.isValid() ? json(t.toMSecsSinceEpoch()) : json(nullptr);
}

QDateTime fromMs(const json &j, const char *key)
{
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer())
        return {};
    return QDateTime::fromMSecsSinceEpoch(it->get<qint64>(), Qt::UTC);
}

json intList(const QList<int> &l)
{
    json out = json::array();
    for (int v : l)
        out.push_back(v);
    return out;
}

QList<int> intListFrom(const json &j, const char *key)
{
    QList<int> out;
    auto it = j.find(key);
    if (it != j.end() && it->is_array()) {
        for (const json &v : *it)
            out.append(v.get<int>());
    }
    return out;
}

json stringList(const QStringList &l)
{
    json out = json::array();
    for (const QString &v : l)
        out.push_back(s(v));
    return out;
}

QStringList stringListFrom(const json &j)
{
    QStringList out;
    for (const json &v : j)
        out.append(QString::fromStdString(v.get<std::string>()));
    return out;
}

json bindingsJson(const QList<NetworkBinding> &bindings)
{
    json out = json::array();
    for (const NetworkBinding &b : bindings)
        out.push_back({{"bindIP", s(b.bindIP)},
                       {"containerPort", b.containerPort},
                       {"hostPort", b.hostPort},
                       {"protocol", s(b.protocol)}});
    return out;
}

QList<NetworkBinding> bindingsFrom(const json &j)
{
    QList<NetworkBinding> out;
    if (!j.is_array())
        return out;
    for (const json &b : j) {
        NetworkBinding nb;
        nb.bindIP = q(b, "bindIP");
        nb.containerPort = b.value("containerPort", 0);
        nb.hostPort = b.value("hostPort", 0);
        nb.protocol = q(b, "protocol");
        out.append(nb);
    }
    return out;
}

json overridesJson(const QList<ContainerOverride> &overrides)
{
    json out = json::array();
    for (const ContainerOverride &o : overrides) {
        json c = {{"name", s(o.name)}};
        if (o.command)
            c["command"] = stringList(*o.command);
        if (!o.environment.isEmpty()) {
            json env = json::array();
            for (const auto &[name, value] : o.environment)
                env.push_back({{"name", s(name)}, {"value", s(value)}});
            c["environment"] = env;
        }
        out.push_back(c);
    }
    return out;
}

QList<ContainerOverride> overridesFrom(const json &j)
{
    QList<ContainerOverride> out;
    if (!j.is_array())
        return out;
    for (const json &c : j) {
        ContainerOverride o;
        o.name = q(c, "name");
        if (auto it = c.find("command"); it != c.end() && it->is_array())
            o.command = stringListFrom(*it);
        if (auto it = c.find("environment"); it != c.end() && it->is_array()) {
            for (const json &e : *it)
                o.environment.append({q(e, "name"), q(e, "value")});
        }
        out.append(o);
    }
    return out;
}

double epochSeconds(const QDateTime &t)
{
    return double(t.toMSecsSinceEpoch()) / 1000.0;
}

void putTime(json &out, const char *key, const QDateTime &t)
{
    if (t.isValid())
        out[key] = epochSeconds(t);
}

} // namespace

QByteArray toStoreJson(const Task &t)
{
    json containers = json::array();
    for (const TaskContainer &c : t.containers) {
        containers.push_back({
            {"name", s(c.name)},
            {"image", s(c.image)},
            {"essential", c.essential},
            {"hasHealthCheck", c.hasHealthCheck},
            {"runtimeName", s(c.runtimeName)},
            {"runtimeId", s(c.runtimeId)},
            {"lastStatus", s(toString(c.lastStatus))},
            {"exitCode", c.exitCode ? json(*c.exitCode) : json(nullptr)},
            {"reason", s(c.reason)},
            {"health", s(toString(c.health))},
            {"networkBindings", bindingsJson(c.networkBindings)},
            {"startedAt", ms(c.startedAt)},
            {"finishedAt", ms(c.finishedAt)},
        });
    }
    const json doc = {
        {"id", s(t.id)},
        {"cluster", s(t.cluster)},
        {"family", s(t.family)},
        {"revision", t.revision},
        {"containerInstanceId", s(t.containerInstanceId)},
        {"group", s(t.group)},
        {"startedBy", s(t.startedBy)},
        {"launchType", s(t.launchType)},
        {"capacityProviderName", s(t.capacityProviderName)},
        {"platformVersion", s(t.platformVersion)},
        {"engineId", s(t.engineId)},
        {"availabilityZone", s(t.availabilityZone)},
        {"networkConfiguration", t.networkConfiguration ? networkConfigurationJson(*t.networkConfiguration) : json(nullptr)},
        {"eni", t.eni ? networkInterfaceToStore(*t.eni) : json(nullptr)},
        {"lastStatus", s(toString(t.lastStatus))},
        {"desiredStatus", s(toString(t.desiredStatus))},
        {"cpu", t.cpu},
        {"memory", t.memory},
        {"staticTcpPorts", intList(t.staticTcpPorts)},
        {"staticUdpPorts", intList(t.staticUdpPorts)},
        {"overrides", overridesJson(t.overrides)},
        {"placementStrategy", t.placementStrategy.isEmpty() ? json(nullptr) : json::parse(scheduler::toJsonText(t.placementStrategy).toStdString(), nullptr, false)},
        {"placementConstraints", t.placementConstraints.isEmpty() ? json(nullptr) : json::parse(scheduler::toJsonText(t.placementConstraints).toStdString(), nullptr, false)},
        {"pendingReason", s(t.pendingReason)},
        {"placementExplanation", s(t.placementExplanation)},
        {"network", s(t.network)},
        {"containers", containers},
        {"healthStatus", s(toString(t.healthStatus))},
        {"stopCode", s(toString(t.stopCode))},
        {"stoppedReason", s(t.stoppedReason)},
        {"createdAt", ms(t.createdAt)},
        {"pullStartedAt", ms(t.pullStartedAt)},
        {"pullStoppedAt", ms(t.pullStoppedAt)},
        {"startedAt", ms(t.startedAt)},
        {"connectivityAt", ms(t.connectivityAt)},
        {"stoppingAt", ms(t.stoppingAt)},
        {"executionStoppedAt", ms(t.executionStoppedAt)},
        {"stoppedAt", ms(t.stoppedAt)},
        {"protectedUntil", ms(t.protectedUntil)},
        {"version", t.version},
    };
    return QByteArray::fromStdString(doc.dump());
}

Result<Task> fromStoreJson(const QByteArray &document)
{
    const json j = json::parse(document.toStdString(), nullptr, false);
    if (!j.is_object())
        return makeError(QStringLiteral("ServerException"), QStringLiteral("a stored task is not a JSON object"));
    try {
        Task t;
        t.id = q(j, "id");
        t.cluster = q(j, "cluster");
        t.family = q(j, "family");
        t.revision = j.value("revision", 0);
        t.containerInstanceId = q(j, "containerInstanceId");
        t.group = q(j, "group");
        t.startedBy = q(j, "startedBy");
        // Documents written before FARGATE have no launch settings: an EC2 task.
        if (const QString launchType = q(j, "launchType"); !launchType.isEmpty())
            t.launchType = launchType;
        t.capacityProviderName = q(j, "capacityProviderName");
        t.platformVersion = q(j, "platformVersion");
        t.engineId = q(j, "engineId");
        t.availabilityZone = q(j, "availabilityZone");
        t.networkConfiguration = networkConfigurationFrom(j.value("networkConfiguration", json()));
        t.eni = networkInterfaceFromStore(j.value("eni", json()));
        const auto last = taskStatusFromString(q(j, "lastStatus"));
        const auto desired = taskStatusFromString(q(j, "desiredStatus"));
        const auto stopCode = stopCodeFromString(q(j, "stopCode"));
        if (t.id.isEmpty() || !last || !desired || !stopCode)
            return makeError(QStringLiteral("ServerException"),
                             QStringLiteral("stored task %1 has an unknown status").arg(t.id));
        t.lastStatus = *last;
        t.desiredStatus = *desired;
        t.stopCode = *stopCode;
        t.cpu = j.value("cpu", 0);
        t.memory = j.value("memory", 0);
        t.staticTcpPorts = intListFrom(j, "staticTcpPorts");
        t.staticUdpPorts = intListFrom(j, "staticUdpPorts");
        t.overrides = overridesFrom(j.value("overrides", json::array()));
        if (auto it = j.find("placementStrategy"); it != j.end() && !it->is_null())
            t.placementStrategy = scheduler::strategiesFromJson(QByteArray::fromStdString(it->dump())).value_or({});
        if (auto it = j.find("placementConstraints"); it != j.end() && !it->is_null())
            t.placementConstraints = scheduler::constraintsFromJson(QByteArray::fromStdString(it->dump())).value_or({});
        t.pendingReason = q(j, "pendingReason");
        t.placementExplanation = q(j, "placementExplanation");
        t.network = q(j, "network");
        for (const json &c : j.value("containers", json::array())) {
            TaskContainer tc;
            tc.name = q(c, "name");
            tc.image = q(c, "image");
            tc.essential = c.value("essential", true);
            tc.hasHealthCheck = c.value("hasHealthCheck", false);
            tc.runtimeName = q(c, "runtimeName");
            tc.runtimeId = q(c, "runtimeId");
            tc.lastStatus = containerRunStateFromString(q(c, "lastStatus")).value_or(ContainerRunState::Pending);
            if (auto it = c.find("exitCode"); it != c.end() && it->is_number_integer())
                tc.exitCode = it->get<int>();
            tc.reason = q(c, "reason");
            tc.health = healthFromString(q(c, "health"));
            tc.networkBindings = bindingsFrom(c.value("networkBindings", json::array()));
            tc.startedAt = fromMs(c, "startedAt");
            tc.finishedAt = fromMs(c, "finishedAt");
            t.containers.append(tc);
        }
        t.healthStatus = healthFromString(q(j, "healthStatus"));
        t.stoppedReason = q(j, "stoppedReason");
        t.createdAt = fromMs(j, "createdAt");
        t.pullStartedAt = fromMs(j, "pullStartedAt");
        t.pullStoppedAt = fromMs(j, "pullStoppedAt");
        t.startedAt = fromMs(j, "startedAt");
        t.connectivityAt = fromMs(j, "connectivityAt");
        t.stoppingAt = fromMs(j, "stoppingAt");
        t.executionStoppedAt = fromMs(j, "executionStoppedAt");
        t.stoppedAt = fromMs(j, "stoppedAt");
        t.protectedUntil = fromMs(j, "protectedUntil");
        t.version = j.value("version", qint64(1));
        return t;
    } catch (const json::exception &e) {
        return makeError(QStringLiteral("ServerException"),
                         QStringLiteral("a stored task is damaged: %1").arg(QString::fromUtf8(e.what())));
    }
}

QString containerArn(const QString &region, const Task &task, const QString &containerName)
{
    // Version 5 UUIDs: the same task and name always give the same ARN, with nothing to store.
    static const QUuid ns(QStringLiteral("6f1f3b52-5a7e-4c59-9a43-1c0d8f2e7a10"));
    const QUuid id = QUuid::createUuidV5(ns, task.id + u'/' + containerName);
    return QStringLiteral("arn:aws:ecs:%1:%2:container/%3/%4/%5")
        .arg(region, QString::fromLatin1(arn::kAccount), task.cluster, task.id, id.toString(QUuid::WithoutBraces));
}

json describeTaskJson(const Task &t, const QString &region)
{
    const QString taskArn = arn::task(region, t.cluster, t.id);
    // awsvpc: each container reaches the network through the task's ENI.
    json networkInterfaces = json::array();
    if (t.eni && !t.eni->privateIPv4Address.isEmpty())
        networkInterfaces.push_back(
            {{"attachmentId", s(t.eni->attachmentId)}, {"privateIpv4Address", s(t.eni->privateIPv4Address)}});
    json containers = json::array();
    for (const TaskContainer &c : t.containers) {
        json cj = {
            {"containerArn", s(containerArn(region, t, c.name))},
            {"taskArn", s(taskArn)},
            {"name", s(c.name)},
            {"image", s(c.image)},
            {"lastStatus", s(toString(c.lastStatus))},
            {"networkBindings", bindingsJson(c.networkBindings)},
            {"networkInterfaces", networkInterfaces},
            {"healthStatus", s(toString(c.health))},
        };
        if (!c.runtimeId.isEmpty())
            cj["runtimeId"] = s(c.runtimeId);
        if (c.exitCode)
            cj["exitCode"] = *c.exitCode;
        if (!c.reason.isEmpty())
            cj["reason"] = s(c.reason);
        containers.push_back(cj);
    }
    // ECS lists one containerOverrides entry per container, {"name"} alone for a container not overridden.
    QList<ContainerOverride> perContainer;
    for (const TaskContainer &c : t.containers) {
        const auto given = std::find_if(t.overrides.begin(), t.overrides.end(),
                                        [&](const ContainerOverride &o) { return o.name == c.name; });
        perContainer.append(given != t.overrides.end() ? *given : ContainerOverride{c.name, {}, {}});
    }
    for (const ContainerOverride &o : t.overrides) {
        if (std::none_of(t.containers.begin(), t.containers.end(),
                         [&](const TaskContainer &c) { return c.name == o.name; }))
            perContainer.append(o);
    }
    json out = {
        {"taskArn", s(taskArn)},
        {"clusterArn", s(arn::cluster(region, t.cluster))},
        {"taskDefinitionArn", s(arn::taskDefinition(region, t.family, t.revision))},
        {"overrides",
         {{"containerOverrides", overridesJson(perContainer)}, {"inferenceAcceleratorOverrides", json::array()}}},
        {"lastStatus", s(toString(t.lastStatus))},
        {"desiredStatus", s(toString(t.desiredStatus))},
        {"cpu", std::to_string(t.cpu)},
        {"memory", std::to_string(t.memory)},
        {"containers", containers},
        {"version", t.version},
        {"group", s(t.group)},
        {"launchType", s(t.launchType)},
        {"healthStatus", s(toString(t.healthStatus))},
        {"connectivity", t.connectivityAt.isValid() ? "CONNECTED" : "DISCONNECTED"},
        {"attachments", t.eni ? json::array({eniAttachmentJson(*t.eni)}) : json::array()},
        {"attributes", json::array()},
        {"tags", json::array()},
        {"enableExecuteCommand", false},
    };
    // FARGATE tasks have no container instance.
    if (!t.containerInstanceId.isEmpty())
        out["containerInstanceArn"] = s(arn::containerInstance(region, t.cluster, t.containerInstanceId));
    if (!t.capacityProviderName.isEmpty())
        out["capacityProviderName"] = s(t.capacityProviderName);
    if (t.isFargate()) {
        out["platformVersion"] = s(t.platformVersion.isEmpty() ? QStringLiteral("1.4.0") : t.platformVersion);
        out["platformFamily"] = "Linux";
    }
    if (!t.availabilityZone.isEmpty())
        out["availabilityZone"] = s(t.availabilityZone);
    if (!t.startedBy.isEmpty())
        out["startedBy"] = s(t.startedBy);
    if (t.stopCode != StopCode::None)
        out["stopCode"] = s(toString(t.stopCode));
    if (!t.stoppedReason.isEmpty())
        out["stoppedReason"] = s(t.stoppedReason);
    putTime(out, "createdAt", t.createdAt);
    putTime(out, "pullStartedAt", t.pullStartedAt);
    putTime(out, "pullStoppedAt", t.pullStoppedAt);
    putTime(out, "startedAt", t.startedAt);
    putTime(out, "connectivityAt", t.connectivityAt);
    putTime(out, "stoppingAt", t.stoppingAt);
    putTime(out, "executionStoppedAt", t.executionStoppedAt);
    putTime(out, "stoppedAt", t.stoppedAt);
    return out;
}

} // namespace fd::json
