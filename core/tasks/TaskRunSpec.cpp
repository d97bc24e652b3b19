#include "TaskRunSpec.h"

#include "model/Arn.h"

#include <algorithm>
#include <optional>

namespace fd::tasks {

const ContainerDefinition *definitionOf(const TaskDefinition &td, const QString &name)
{
    for (const ContainerDefinition &d : td.spec.containerDefinitions) {
        if (d.name == name)
            return &d;
    }
    return nullptr;
}

runtime::Labels taskLabels(const Task &t, const QString &container)
{
    runtime::Labels labels{
        {QStringLiteral("fleetdeck.managed"), QStringLiteral("true")},
        {QStringLiteral("fleetdeck.cluster"), t.cluster},
        {QStringLiteral("fleetdeck.instance"), t.containerInstanceId},
        {QStringLiteral("fleetdeck.task"), t.id},
        {QStringLiteral("fleetdeck.family"), t.family},
        {QStringLiteral("fleetdeck.revision"), QString::number(t.revision)},
    };
    if (!container.isEmpty())
        labels.insert(QStringLiteral("fleetdeck.container"), container);
    // Where a restarted Fleetdeck finds a task without a container instance, and its address.
    labels.insert(QStringLiteral("fleetdeck.launchType"), t.launchType);
    if (t.isFargate())
        labels.insert(QStringLiteral("fleetdeck.engine"), t.engineId);
    if (t.eni)
        labels.insert(QStringLiteral("fleetdeck.eni"), t.eni->privateIPv4Address);
    if (t.group.startsWith(u"service:"))
        labels.insert(QStringLiteral("fleetdeck.service"), t.group.mid(8));
    if (t.startedBy.startsWith(u"ecs-svc/"))
        labels.insert(QStringLiteral("fleetdeck.deployment"), t.startedBy);
    return labels;
}

namespace {

// The definition's environment with the overrides of container `name` applied, in order.
QList<QPair<QString, QString>> environmentOf(const Task &t, const ContainerDefinition &d,
                                             std::optional<QStringList> *command)
{
    QList<QPair<QString, QString>> env;
    for (const KeyValuePair &kv : d.environment)
        env.append({kv.name, kv.value});
    for (const ContainerOverride &o : t.overrides) {
        if (o.name != d.name)
            continue;
        *command = o.command;
        for (const auto &[name, value] : o.environment) {
            auto it = std::find_if(env.begin(), env.end(), [&](const auto &e) { return e.first == name; });
            if (it != env.end())
                it->second = value;
            else
                env.append({name, value});
        }
    }
    return env;
}

} // namespace

runtime::ContainerRunSpec runSpecFor(const Task &t, const TaskDefinition &td, const ContainerDefinition &d,
                                     const QString &hostIp, const QString &region)
{
    runtime::ContainerRunSpec spec;
    const TaskContainer *container = t.container(d.name);
    spec.name = container ? container->runtimeName : QString();
    spec.image = d.image;
    spec.labels = taskLabels(t, d.name);
    std::optional<QStringList> command;
    QList<QPair<QString, QString>> env = environmentOf(t, d, &command);
    // What a container can learn about its task, like ECS's metadata (without the endpoint).
    env.append({QStringLiteral("FLEETDECK_TASK_ID"), t.id});
    env.append({QStringLiteral("FLEETDECK_TASK_ARN"), arn::task(region, t.cluster, t.id)});
    env.append({QStringLiteral("FLEETDECK_CLUSTER"), t.cluster});
    env.append({QStringLiteral("FLEETDECK_TASK_DEFINITION"), t.taskDefinition()});
    for (const auto &[name, value] : env)
        spec.env.append(name + u'=' + value);
    if (!d.entryPoint.isEmpty())
        spec.entryPoint = d.entryPoint;
    spec.command = command.value_or(d.command);
    spec.cpuUnits = d.cpu.value_or(0);
    spec.memoryMiB = d.memory.value_or(0);
    spec.memoryReservationMiB = d.memoryReservation.value_or(0);
    spec.hostIp = hostIp;
    // An awsvpc task publishes its ports on its ENI's address, one to one (hostPort = containerPort).
    if (t.eni)
        spec.hostIp = t.eni->privateIPv4Address;
    for (const PortMapping &p : d.portMappings)
        spec.ports.append({quint16(p.containerPort), quint16(t.eni ? p.containerPort : p.hostPort), p.protocol});
    if (d.healthCheck) {
        runtime::HealthCheckSpec hc;
        hc.command = d.healthCheck->command;
        hc.interval = std::chrono::seconds(d.healthCheck->interval);
        hc.timeout = std::chrono::seconds(d.healthCheck->timeout);
        hc.retries = d.healthCheck->retries;
        hc.startPeriod = std::chrono::seconds(d.healthCheck->startPeriod);
        spec.healthCheck = hc;
    }
    if (d.stopTimeout)
        spec.stopTimeout = std::chrono::seconds(*d.stopTimeout);
    spec.network = t.network;
    // ECS links ("name" or "name:alias") become aliases of the linked container on the task's
    // network; every container is also known by its own name there.
    if (!t.network.isEmpty()) {
        spec.networkAliases = {d.name};
        spec.networkAliases.append(linkAliasesOf(td, d.name));
    }
    return spec;
}

QStringList linkAliasesOf(const TaskDefinition &td, const QString &name)
{
    QStringList aliases;
    for (const ContainerDefinition &other : td.spec.containerDefinitions) {
        for (const QString &link : other.links) {
            const QString target = link.section(u':', 0, 0);
            const QString alias = link.section(u':', 1);
            if (target == name && !alias.isEmpty() && !aliases.contains(alias))
                aliases.append(alias);
        }
    }
    return aliases;
}

QList<NetworkBinding> bindingsOf(const QList<runtime::BoundPort> &ports)
{
    QList<NetworkBinding> out;
    for (const runtime::BoundPort &p : ports)
        out.append({p.hostIp, p.containerPort, p.hostPort, p.protocol});
    return out;
}

Health healthOf(runtime::HealthStatus h)
{
    switch (h) {
    case runtime::HealthStatus::Healthy:
        return Health::Healthy;
    case runtime::HealthStatus::Unhealthy:
        return Health::Unhealthy;
    case runtime::HealthStatus::Unknown:
        break;
    }
    return Health::Unknown;
}

} // namespace fd::tasks
