#include "TaskDefinitionWriter.h"

#include <algorithm>
#include <optional>
#include <string>

namespace fd::json::taskdef {

const Order kTaskOrder = {
    "family",  "taskRoleArn",          "executionRoleArn",        "networkMode", "containerDefinitions",
    "volumes", "placementConstraints", "requiresCompatibilities", "cpu",         "memory"};
const Order kContainerOrder = {
    "name",         "image",     "cpu",         "memory",           "memoryReservation", "links",
    "portMappings", "essential", "entryPoint",  "command",          "environment",       "mountPoints",
    "volumesFrom",  "dependsOn", "stopTimeout", "logConfiguration", "healthCheck"};
const Order kPortMappingOrder = {"containerPort", "hostPort", "protocol"};
const Order kHealthCheckOrder = {"command", "interval", "timeout", "retries", "startPeriod"};

namespace {

const Order kKeyValueOrder = {"name", "value"};
const Order kDependencyOrder = {"containerName", "condition"};
const Order kConstraintOrder = {"type", "expression"};
const Order kLogOrder = {"logDriver", "options"};

} // namespace

void put(OJson &obj, const char *key, OJson value, const Order &order)
{
    const auto it = obj.find(key);
    if (it != obj.end()) {
        *it = std::move(value);
        return;
    }
    const auto self = std::find(order.begin(), order.end(), std::string_view(key));
    if (self == order.end()) {
        obj[key] = std::move(value);
        return;
    }
    // The index of the last member of `obj` that precedes `key` in `order` (-1: none, insert first).
    int anchor = -1;
    int i = 0;
    for (auto m = obj.begin(); m != obj.end(); ++m, ++i) {
        if (std::find(order.begin(), self, std::string_view(m.key())) != self)
            anchor = i;
    }
    OJson rebuilt = OJson::object();
    if (anchor < 0)
        rebuilt[key] = std::move(value);
    i = 0;
    for (auto m = obj.begin(); m != obj.end(); ++m, ++i) {
        rebuilt[m.key()] = std::move(m.value());
        if (i == anchor)
            rebuilt[key] = std::move(value);
    }
    obj = std::move(rebuilt);
}

namespace {

// Writes `value` unless it is the default and the document did not spell the member out, so an
// untouched form gives back the document it came from.
void putDefaulted(OJson &obj, const char *key, const OJson &value, const OJson &defaultValue, const Order &order)
{
    if (value != defaultValue || spelled(obj, key))
        put(obj, key, value, order);
    else
        obj.erase(key);
}

void putOptional(OJson &obj, const char *key, const std::optional<int> &value, const Order &order)
{
    if (value)
        put(obj, key, *value, order);
    else
        obj.erase(key);
}

// An empty list drops the member, unless the document already had it as [] (describe output does).
void putList(OJson &obj, const char *key, OJson list, const Order &order)
{
    if (!list.empty()) {
        put(obj, key, std::move(list), order);
        return;
    }
    const auto it = obj.find(key);
    if (it != obj.end() && it->is_array() && it->empty())
        return;
    obj.erase(key);
}

OJson stringArray(const QStringList &list)
{
    OJson a = OJson::array();
    for (const QString &s : list)
        a.push_back(std8(s));
    return a;
}

// Element i of a document array as the base to write over: unknown members of array elements
// (a port mapping's "name" or "appProtocol", say) survive an edit of the typed ones.
OJson elementBase(const OJson &obj, const char *key, int i)
{
    const OJson *arr = member(obj, key);
    if (arr && arr->is_array() && std::size_t(i) < arr->size() && (*arr)[std::size_t(i)].is_object())
        return (*arr)[std::size_t(i)];
    return OJson::object();
}

std::optional<std::string> nameOf(const OJson &c)
{
    const OJson *n = member(c, "name");
    return (n && n->is_string()) ? std::optional<std::string>(n->get<std::string>()) : std::nullopt;
}

// The document's container that typed container i was parsed from: the one at the same index
// with the same name, else the one with the same name (reordered), else the one at the same
// index if no typed container still uses its name (renamed in the form).
OJson containerBase(const OJson &doc, const QList<ContainerDefinition> &defs, int i)
{
    const OJson *arr = member(doc, "containerDefinitions");
    if (!arr || !arr->is_array())
        return OJson::object();
    const std::string name = std8(defs[i].name);
    const std::size_t at = std::size_t(i);
    if (at < arr->size() && (*arr)[at].is_object() && nameOf((*arr)[at]) == name)
        return (*arr)[at];
    for (const OJson &c : *arr) {
        if (c.is_object() && nameOf(c) == name)
            return c;
    }
    if (at < arr->size() && (*arr)[at].is_object()) {
        const std::optional<std::string> old = nameOf((*arr)[at]);
        const bool stillUsed = old && std::any_of(defs.begin(), defs.end(),
                                                  [&](const ContainerDefinition &d) { return std8(d.name) == *old; });
        if (!stillUsed)
            return (*arr)[at];
    }
    return OJson::object();
}

OJson portMappingJson(OJson m, const PortMapping &pm, const QString &networkMode)
{
    put(m, "containerPort", pm.containerPort, kPortMappingOrder);
    // In host and awsvpc mode the host port is the container port whether written or not, so a
    // written 0 (or none) is left alone when the typed host port is the container port.
    const bool fixed = networkMode == u"host" || networkMode == u"awsvpc";
    const OJson *written = member(m, "hostPort");
    const bool unchanged =
        written && written->is_number_integer() &&
        (fixed && written->get<qint64>() == 0 ? pm.containerPort : written->get<qint64>()) == pm.hostPort;
    if (!unchanged)
        putDefaulted(m, "hostPort", pm.hostPort, fixed ? pm.containerPort : 0, kPortMappingOrder);
    putDefaulted(m, "protocol", std8(pm.protocol), "tcp", kPortMappingOrder);
    return m;
}

template<typename T, typename Fill>
OJson objectArray(const OJson &owner, const char *key, const QList<T> &items, Fill fill)
{
    OJson out = OJson::array();
    for (int i = 0; i < items.size(); ++i) {
        OJson e = elementBase(owner, key, i);
        fill(e, items[i]);
        out.push_back(std::move(e));
    }
    return out;
}

OJson containerJson(OJson c, const ContainerDefinition &d, const QString &networkMode)
{
    const Order &order = kContainerOrder;
    put(c, "name", std8(d.name), order);
    put(c, "image", std8(d.image), order);
    putOptional(c, "cpu", d.cpu, order);
    putOptional(c, "memory", d.memory, order);
    putOptional(c, "memoryReservation", d.memoryReservation, order);
    putList(c, "links", stringArray(d.links), order);

    OJson ports = OJson::array();
    for (int i = 0; i < d.portMappings.size(); ++i)
        ports.push_back(portMappingJson(elementBase(c, "portMappings", i), d.portMappings[i], networkMode));
    putList(c, "portMappings", std::move(ports), order);

    putDefaulted(c, "essential", d.essential, true, order);
    putList(c, "entryPoint", stringArray(d.entryPoint), order);
    putList(c, "command", stringArray(d.command), order);
    putList(c, "environment",
            objectArray(c, "environment", d.environment,
                        [](OJson &e, const KeyValuePair &kv) {
                            put(e, "name", std8(kv.name), kKeyValueOrder);
                            put(e, "value", std8(kv.value), kKeyValueOrder);
                        }),
            order);
    putList(c, "dependsOn",
            objectArray(c, "dependsOn", d.dependsOn,
                        [](OJson &e, const ContainerDependency &dep) {
                            put(e, "containerName", std8(dep.containerName), kDependencyOrder);
                            put(e, "condition", std8(dep.condition), kDependencyOrder);
                        }),
            order);
    putOptional(c, "stopTimeout", d.stopTimeout, order);

    if (!d.logDriver.isEmpty()) {
        const OJson *old = member(c, "logConfiguration");
        OJson log = (old && old->is_object()) ? *old : OJson::object();
        put(log, "logDriver", std8(d.logDriver), kLogOrder);
        put(c, "logConfiguration", std::move(log), order);
    } else {
        c.erase("logConfiguration"); // logDriver is required inside it
    }

    if (d.healthCheck) {
        const OJson *old = member(c, "healthCheck");
        OJson h = (old && old->is_object()) ? *old : OJson::object();
        const HealthCheck defaults;
        put(h, "command", stringArray(d.healthCheck->command), kHealthCheckOrder);
        putDefaulted(h, "interval", d.healthCheck->interval, defaults.interval, kHealthCheckOrder);
        putDefaulted(h, "timeout", d.healthCheck->timeout, defaults.timeout, kHealthCheckOrder);
        putDefaulted(h, "retries", d.healthCheck->retries, defaults.retries, kHealthCheckOrder);
        putDefaulted(h, "startPeriod", d.healthCheck->startPeriod, defaults.startPeriod, kHealthCheckOrder);
        put(c, "healthCheck", std::move(h), order);
    } else {
        c.erase("healthCheck");
    }
    return c;
}

} // namespace

OJson registerDocument(const TaskDefinitionSpec &spec)
{
    OJson doc = OJson::object();
    if (!spec.document.isEmpty()) {
        OJson parsed = OJson::parse(spec.document.constBegin(), spec.document.constEnd(), nullptr, false);
        if (parsed.is_object())
            doc = std::move(parsed);
    }

    const Order &order = kTaskOrder;
    put(doc, "family", std8(spec.family), order);
    putDefaulted(doc, "networkMode", std8(spec.networkMode), "bridge", order);

    OJson containers = OJson::array();
    for (int i = 0; i < spec.containerDefinitions.size(); ++i)
        containers.push_back(containerJson(containerBase(doc, spec.containerDefinitions, i),
                                           spec.containerDefinitions[i], spec.networkMode));
    put(doc, "containerDefinitions", std::move(containers), order);

    putList(doc, "placementConstraints",
            objectArray(doc, "placementConstraints", spec.placementConstraints,
                        [](OJson &e, const PlacementConstraint &pc) {
                            put(e, "type", std8(pc.type), kConstraintOrder);
                            put(e, "expression", std8(pc.expression), kConstraintOrder);
                        }),
            order);

    // ECS keeps task-level cpu and memory as integer strings.
    if (spec.cpu)
        put(doc, "cpu", std::to_string(*spec.cpu), order);
    else
        doc.erase("cpu");
    if (spec.memory)
        put(doc, "memory", std::to_string(*spec.memory), order);
    else
        doc.erase("memory");
    return doc;
}

} // namespace fd::json::taskdef
