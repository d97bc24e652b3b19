#include "TaskDefinitionDescribe.h"

#include "TaskDefinitionWriter.h"
#include "json/TaskDefinitionJson.h"
#include "model/Arn.h"

#include <QStringList>

#include <algorithm>
#include <iterator>
#include <string>

namespace fd::json::taskdef {

namespace {

// The agent capabilities a task definition needs, as ECS derives them at registration.
OJson requiresAttributes(const TaskDefinitionSpec &spec)
{
    QStringList names;
    auto need = [&](const QString &name) {
        if (!names.contains(name))
            names << name;
    };
    for (const ContainerDefinition &c : spec.containerDefinitions) {
        if (c.memoryReservation)
            need(QStringLiteral("com.amazonaws.ecs.capability.docker-remote-api.1.21"));
        if (c.healthCheck) {
            need(QStringLiteral("ecs.capability.container-health-check"));
            need(QStringLiteral("com.amazonaws.ecs.capability.docker-remote-api.1.24"));
        }
        if (!c.dependsOn.isEmpty())
            need(QStringLiteral("ecs.capability.container-ordering"));
        if (!c.logDriver.isEmpty())
            need(QStringLiteral("com.amazonaws.ecs.capability.logging-driver.") + c.logDriver);
    }
    if (spec.networkMode == u"awsvpc")
        need(QStringLiteral("ecs.capability.task-eni"));

    OJson out = OJson::array();
    for (const QString &n : names)
        out.push_back(OJson{{"name", std8(n)}});
    return out;
}

void putIfAbsent(OJson &obj, const char *key, OJson value, const Order &order)
{
    if (!spelled(obj, key))
        put(obj, key, std::move(value), order);
}

double epochSeconds(const QDateTime &t)
{
    return double(t.toMSecsSinceEpoch()) / 1000.0;
}

} // namespace

OJson describeOrdered(const TaskDefinition &td, const QString &region)
{
    const TaskDefinitionSpec &spec = td.spec;
    const OJson doc = registerDocument(spec);

    OJson containers = doc["containerDefinitions"];
    for (std::size_t i = 0; i < containers.size(); ++i) {
        OJson &c = containers[i];
        const ContainerDefinition &d = spec.containerDefinitions[int(i)];
        // What describe shows for members left out at registration (a container without cpu units
        // reserves none: ECS shows 0).
        putIfAbsent(c, "cpu", 0, kContainerOrder);
        putIfAbsent(c, "portMappings", OJson::array(), kContainerOrder);
        OJson &ports = c["portMappings"];
        for (std::size_t k = 0; k < ports.size() && int(k) < d.portMappings.size(); ++k) {
            put(ports[k], "hostPort", d.portMappings[int(k)].hostPort, kPortMappingOrder);
            put(ports[k], "protocol", std8(d.portMappings[int(k)].protocol), kPortMappingOrder);
        }
        put(c, "essential", d.essential, kContainerOrder);
        putIfAbsent(c, "environment", OJson::array(), kContainerOrder);
        putIfAbsent(c, "mountPoints", OJson::array(), kContainerOrder);
        putIfAbsent(c, "volumesFrom", OJson::array(), kContainerOrder);
        if (d.healthCheck) {
            OJson &h = c["healthCheck"];
            put(h, "interval", d.healthCheck->interval, kHealthCheckOrder);
            put(h, "timeout", d.healthCheck->timeout, kHealthCheckOrder);
            put(h, "retries", d.healthCheck->retries, kHealthCheckOrder);
        }
    }

    // Member order as ECS prints it; members it does not know about follow the family.
    static const char *const placedLater[] = {"family",
                                              "containerDefinitions",
                                              "networkMode",
                                              "volumes",
                                              "placementConstraints",
                                              "requiresCompatibilities",
                                              "cpu",
                                              "memory",
                                              "tags"};
    OJson out = OJson::object();
    out["taskDefinitionArn"] = std8(arn::taskDefinition(region, spec.family, td.revision));
    out["containerDefinitions"] = std::move(containers);
    out["family"] = std8(spec.family);
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        if (std::none_of(std::begin(placedLater), std::end(placedLater), [&](const char *k) { return it.key() == k; }))
            out[it.key()] = it.value();
    }
    out["networkMode"] = std8(spec.networkMode);
    out["revision"] = td.revision;
    out["volumes"] = spelled(doc, "volumes") ? doc["volumes"] : OJson::array();
    out["status"] = std8(toString(td.status));
    out["requiresAttributes"] = requiresAttributes(spec);
    out["placementConstraints"] = spelled(doc, "placementConstraints") ? doc["placementConstraints"] : OJson::array();
    OJson compatibilities = OJson::array();
    for (const QString &c : fd::json::compatibilities(spec))
        compatibilities.push_back(std8(c));
    out["compatibilities"] = std::move(compatibilities);
    if (spelled(doc, "requiresCompatibilities"))
        out["requiresCompatibilities"] = doc["requiresCompatibilities"];
    if (spelled(doc, "cpu"))
        out["cpu"] = doc["cpu"];
    if (spelled(doc, "memory"))
        out["memory"] = doc["memory"];
    if (td.registeredAt.isValid())
        out["registeredAt"] = epochSeconds(td.registeredAt);
    if (td.deregisteredAt.isValid())
        out["deregisteredAt"] = epochSeconds(td.deregisteredAt);
    if (td.deleteRequestedAt.isValid())
        out["deleteRequestedAt"] = epochSeconds(td.deleteRequestedAt);
    out["registeredBy"] = std::string("arn:aws:iam::") + arn::kAccount + ":root";
    return out;
}

} // namespace fd::json::taskdef
