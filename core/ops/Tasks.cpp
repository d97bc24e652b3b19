// Tasks: RunTask, StartTask, StopTask and the task controller's updates. Placement itself is in
// TaskPlacement.cpp.

#include "ops/Tasks.h"

#include "ControlPlane.h"
#include "fargate/Launch.h"
#include "model/Arn.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"
#include "registries/InstanceRegistry.h"
#include "registries/ServiceRegistry.h"
#include "registries/TaskDefinitionRegistry.h"
#include "registries/TaskRegistry.h"
#include "state/Kinds.h"
#include "state/Transaction.h"
#include "tags/TagRegistry.h"
#include "tasks/TaskPlanner.h"

#include <QLoggingCategory>
#include <QUuid>

#include <algorithm>

namespace fd::ops {

using namespace state;

Q_LOGGING_CATEGORY(lcTasks, "fleetdeck.tasks")

namespace {

QString newTaskId()
{
    return QUuid::createUuid().toString(QUuid::Id128);
}

// The engine container's name, as the ECS agent names them (ecs-<family>-<revision>-<container>-
// <unique>); derived from the task id so that a retry after a crash finds, and never duplicates, it.
QString runtimeNameFor(const Task &t, const QString &container)
{
    return QStringLiteral("ecs-%1-%2-%3-%4").arg(t.family).arg(t.revision).arg(container, t.id.left(20));
}

// The task-level reservation ECS places by: task cpu/memory when the definition sets them,
// otherwise the sum over the containers (memoryReservation when set, otherwise memory). An awsvpc
// task's ports are on its own ENI address: they take no port of its instance.
void reserveFromDefinition(Task &t, const TaskDefinition &td)
{
    const bool ownAddress = td.spec.networkMode == u"awsvpc";
    int cpu = 0;
    int memory = 0;
    for (const ContainerDefinition &c : td.spec.containerDefinitions) {
        cpu += c.cpu.value_or(0);
        memory += c.reservedMemory();
        for (const PortMapping &p : c.portMappings) {
            if (p.hostPort <= 0 || ownAddress)
                continue;
            (p.protocol == u"udp" ? t.staticUdpPorts : t.staticTcpPorts).append(p.hostPort);
        }
    }
    t.cpu = td.spec.cpu.value_or(cpu);
    t.memory = td.spec.memory.value_or(memory);
}

} // namespace

Task Tasks::prototype(const QString &cluster, const TaskDefinition &td) const
{
    Task prototype;
    prototype.cluster = cluster;
    prototype.family = td.family();
    prototype.revision = td.revision;
    prototype.group = QStringLiteral("family:") + td.family();
    reserveFromDefinition(prototype, td);
    for (const ContainerDefinition &d : td.spec.containerDefinitions) {
        TaskContainer tc;
        tc.name = d.name;
        tc.image = d.image;
        tc.essential = d.essential;
        tc.hasHealthCheck = d.healthCheck.has_value();
        prototype.containers.append(tc);
    }
    return prototype;
}

Result<RunTaskResult> Tasks::run(const RunTaskRequest &request)
{
    const Result<Cluster> c = m_cp.clusters().active(request.cluster);
    if (!c)
        return c.error();
    const QString clusterName = c.value().name;
    const bool startTask = !request.containerInstances.isEmpty();
    if (!startTask && (request.count < 1 || request.count > 10))
        return invalidParameter(QStringLiteral("count: must be between 1 and 10 (got %1)").arg(request.count),
                                QStringLiteral("count"));
    if (startTask && request.containerInstances.size() > 10)
        return invalidParameter(QStringLiteral("containerInstances: at most 10 per call (got %1)")
                                    .arg(request.containerInstances.size()),
                                QStringLiteral("containerInstances"));
    const Result<TaskDefinition> launched =
        m_cp.taskDefinitions().toLaunch(request.taskDefinition, true, !request.service.isEmpty());
    if (!launched)
        return launched.error();
    const TaskDefinition &td = launched.value();
    for (const ContainerOverride &o : request.overrides) {
        const auto &defs = td.spec.containerDefinitions;
        if (std::none_of(defs.begin(), defs.end(), [&](const ContainerDefinition &d) { return d.name == o.name; }))
            return invalidParameter(QStringLiteral("overrides.containerOverrides: %1 is not a container of %2")
                                        .arg(o.name, td.familyRevision()),
                                    QStringLiteral("overrides"));
    }

    Result<tags::TagList> taskTags = tagsForNewTasks(request, clusterName, td);
    if (!taskTags)
        return taskTags.error();

    // How the tasks launch: a launch type or a capacity provider strategy (the service's split
    // counts the tasks it already runs, so its providers' shares hold over all of them).
    if (startTask && (!request.launchType.isEmpty() && request.launchType != fargate::kEc2))
        return invalidParameter(QStringLiteral("containerInstances: StartTask places tasks on container instances; "
                                               "launch type %1 cannot be used with it")
                                    .arg(request.launchType),
                                QStringLiteral("launchType"));
    Result<fargate::LaunchSpec> launchSpec =
        startTask ? Result<fargate::LaunchSpec>(fargate::LaunchSpec{fargate::kEc2.toString(), {}, false})
                  : fargate::resolveLaunch(request.launchType, request.capacityProviderStrategy, c.value());
    if (!launchSpec)
        return launchSpec.error();
    const bool onFargate = launchSpec.value().fargate();
    const bool awsvpc = td.spec.networkMode == u"awsvpc";
    Result<LaunchSettings> settings =
        checkLaunchSettings(launchSpec.value(), td, request.platformVersion, request.networkConfiguration,
                            request.placementStrategy, request.placementConstraints);
    if (!settings)
        return settings.error();

    Task prototype = this->prototype(clusterName, td);
    prototype.group = request.group.isEmpty() ? QStringLiteral("family:") + td.family() : request.group;
    prototype.startedBy = request.startedBy;
    prototype.overrides = request.overrides;
    prototype.placementStrategy = request.placementStrategy;
    prototype.placementConstraints = request.placementConstraints;
    prototype.networkConfiguration = request.networkConfiguration;
    prototype.platformVersion = settings.value().platformVersion;

    const int count = startTask ? int(request.containerInstances.size()) : request.count;
    QHash<QString, int> running;
    if (!request.service.isEmpty()) {
        for (const Task *t : m_taskRegistry->group(clusterName, prototype.group)) {
            if (!t->isStopped() && !t->capacityProviderName.isEmpty())
                running[t->capacityProviderName] += 1;
        }
    }
    const QList<fargate::Launch> launches = fargate::launchesFor(launchSpec.value(), count, running);

    RunTaskResult result;
    QList<Task> created;
    QList<Event> events;
    const QDateTime now = Domain::now();
    EniAddressPool addresses = awsvpc ? addressPool() : EniAddressPool();
    auto newTask = [&](const fargate::Launch &launch) {
        Task t = prototype;
        t.id = newTaskId();
        t.createdAt = now;
        t.launchType = launch.launchType;
        t.capacityProviderName = launch.capacityProvider;
        // Containers of one task find each other on a network of their own (ECS links). A task of
        // one container needs none and uses the default bridge: an engine has room for only about
        // 30 user-defined networks with Docker's default address pools.
        if (t.containers.size() > 1)
            t.network = QStringLiteral("fd-task-") + t.id;
        for (TaskContainer &tc : t.containers)
            tc.runtimeName = runtimeNameFor(t, tc.name);
        return t;
    };
    // An awsvpc task's ENI: created with the task (PRECREATED), attached while it is PROVISIONING.
    auto giveEni = [&](Task &t, const QString &subnet) -> std::optional<Error> {
        const QString address = addresses.take();
        if (address.isEmpty())
            return invalidParameter(QStringLiteral("networkConfiguration: no free address is left for a network "
                                                   "interface (127.1.0.1 to 127.255.255.254 are all in use)"),
                                    QStringLiteral("networkConfiguration"));
        NetworkInterface eni;
        eni.attachmentId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        eni.status = kEniPrecreated.toString();
        eni.eniId = newEniId();
        eni.subnetId = subnet;
        eni.privateIPv4Address = address;
        eni.macAddress = macAddressOf(eni.eniId);
        t.eni = eni;
        return std::nullopt;
    };

    if (onFargate) {
        // FARGATE: no container instance; the tasks spread over the subnets' zones and run on the
        // cluster's engine, each with an address of its own.
        const Result<QString> engine = fargateEngine(clusterName);
        if (!engine)
            return engine.error();
        const QStringList zones = m_cp.instances().availabilityZones();
        QHash<QString, int> perZone;
        for (const Task *t : m_taskRegistry->group(clusterName, prototype.group)) {
            if (!t->isStopped() && t->isFargate())
                perZone[t->availabilityZone] += 1;
        }
        const QStringList subnets =
            fargate::spreadOverSubnets(request.networkConfiguration->subnets, zones, int(launches.size()), perZone);
        for (qsizetype i = 0; i < launches.size(); ++i) {
            Task t = newTask(launches[i]);
            t.engineId = engine.value();
            t.availabilityZone = zoneOfSubnet(subnets[i], zones);
            if (std::optional<Error> e = giveEni(t, subnets[i]))
                return *e;
            const QString provider = t.capacityProviderName.isEmpty()
                                         ? QString()
                                         : QStringLiteral(" (capacity provider %1)").arg(t.capacityProviderName);
            events.append(
                makeEvent(kTaskKind, t.id,
                          QStringLiteral("Task %1 (%2) launched on FARGATE%3, platform version %4, on "
                                         "engine %5 in %6: network interface %7 (%8) in %9.")
                              .arg(t.id, t.taskDefinition(), provider, t.platformVersion, t.engineId,
                                   t.availabilityZone, t.eni->eniId, t.eni->privateIPv4Address, t.eni->subnetId)));
            created.append(t);
        }
    } else {
        if (!request.queueWhenUnplaceable && m_cp.instances().list(clusterName).isEmpty())
            return invalidParameter(QStringLiteral("No Container Instances were found in your cluster."));
        Result<PlacementDecision> plan = place(clusterName, prototype, count, request.containerInstances, {});
        if (!plan)
            return plan.error();
        const QStringList zones = m_cp.instances().availabilityZones();
        for (qsizetype i = 0; i < plan.value().tasks.size(); ++i) {
            const PlacementDecision::One &one = plan.value().tasks[i];
            if (one.instanceId.isEmpty() && !request.queueWhenUnplaceable) {
                result.failures.append({one.failureArn, one.failureReason, one.failureDetail});
                continue;
            }
            Task t = newTask(i < launches.size() ? launches[i] : fargate::Launch{fargate::kEc2.toString(), {}});
            if (one.instanceId.isEmpty()) {
                t.lastStatus = TaskStatus::Pending;
                t.pendingReason = one.failureDetail;
                events.append(makeEvent(kTaskKind, t.id,
                                        QStringLiteral("Task %1 (%2) is PENDING: no container instance can take it "
                                                       "yet. %3")
                                            .arg(t.id, t.taskDefinition(), one.failureDetail)));
            } else {
                t.containerInstanceId = one.instanceId;
                t.placementExplanation = one.explanation;
                const QString where = m_cp.instances().describe(one.instanceId);
                events.append(makeEvent(kTaskKind, t.id,
                                        QStringLiteral("Task %1 (%2) placed on container instance %3. %4")
                                            .arg(t.id, t.taskDefinition(), where, one.explanation)));
            }
            if (awsvpc) {
                // awsvpc on EC2: an address of its own on its instance, in a subnet of the
                // instance's zone when one is configured.
                const ContainerInstance *ci = m_instanceRegistry->find(t.containerInstanceId);
                const QStringList &subnets = request.networkConfiguration->subnets;
                QString subnet = subnets.front();
                for (const QString &s : subnets) {
                    if (ci && zoneOfSubnet(s, zones) == ci->availabilityZone) {
                        subnet = s;
                        break;
                    }
                }
                if (std::optional<Error> e = giveEni(t, subnet))
                    return *e;
                events.append(makeEvent(
                    kTaskKind, t.id,
                    QStringLiteral("Task %1 (%2) has network interface %3 (%4) in %5.")
                        .arg(t.id, t.taskDefinition(), t.eni->eniId, t.eni->privateIPv4Address, t.eni->subnetId)));
            }
            created.append(t);
        }
    }
    if (!created.isEmpty()) {
        // A service's launch carries its service event in the same transaction.
        const Service *launching = request.service.isEmpty() ? nullptr
                                                              : m_serviceRegistry->find(clusterName, request.service);
        std::optional<Service> service;
        if (launching) {
            service = *launching;
            QString message = QStringLiteral("(service %1) has started %2 tasks:").arg(service->name).arg(created.size());
            for (const Task &t : created)
                message += QStringLiteral(" (task %1)").arg(t.id);
            message += u'.';
            if (!request.startedEventSuffix.isEmpty())
                message += u' ' + request.startedEventSuffix;
            m_cp.services().appendEvents(*service, {message}, events);
            ++service->version;
        }
        Transaction tx = begin();
        for (const Task &t : created) {
            stage(tx, t);
            m_tags->stage(tx, kTaskKind, t.id, taskTags.value(), now);
        }
        if (service)
            m_serviceRegistry->stage(tx, *service);
        tx.derived(kClusterKind, clusterName);
        tx.events(std::move(events));
        if (Status s = commit(std::move(tx)); !s)
            return s.error();
    }
    result.tasks = created;
    return result;
}

Result<LaunchSettings> checkLaunchSettings(const fargate::LaunchSpec &launch, const TaskDefinition &td,
                                           const QString &platformVersion,
                                           const std::optional<AwsVpcConfiguration> &networkConfiguration,
                                           const QList<scheduler::Strategy> &placementStrategy,
                                           const QList<scheduler::Constraint> &placementConstraints)
{
    LaunchSettings out;
    if (launch.fargate()) {
        if (!fargate::supportsFargate(td.spec))
            return invalidParameter(QStringLiteral("Task definition does not support launch_type FARGATE."),
                                    QStringLiteral("launchType"));
        Result<QString> version = fargate::resolvePlatformVersion(platformVersion);
        if (!version)
            return version.error();
        out.platformVersion = version.value();
        if (!placementStrategy.isEmpty())
            return invalidParameter(QStringLiteral("Placement strategies are not supported with FARGATE launch type."),
                                    QStringLiteral("placementStrategy"));
        if (!placementConstraints.isEmpty() || !td.spec.placementConstraints.isEmpty())
            return invalidParameter(QStringLiteral("Placement constraints are not supported with FARGATE launch "
                                                   "type."),
                                    QStringLiteral("placementConstraints"));
    } else if (!platformVersion.isEmpty()) {
        return invalidParameter(QStringLiteral("platformVersion: applies to tasks on FARGATE only; this launch is on "
                                               "EC2 (got \"%1\")")
                                    .arg(platformVersion),
                                QStringLiteral("platformVersion"));
    }
    if (td.spec.networkMode == u"awsvpc") {
        if (!networkConfiguration || networkConfiguration->subnets.isEmpty())
            return invalidParameter(QStringLiteral("Network Configuration must be provided when networkMode 'awsvpc' "
                                                   "is specified."),
                                    QStringLiteral("networkConfiguration"));
        if (Result<bool> ok = fargate::checkNetworkConfiguration(*networkConfiguration); !ok)
            return ok.error();
    } else if (networkConfiguration) {
        return invalidParameter(QStringLiteral("Network Configuration is not valid for the given networkMode of this "
                                               "task definition."),
                                QStringLiteral("networkConfiguration"));
    }
    return out;
}

void requestStop(Task &t, StopCode code, const QString &reason, const QDateTime &now)
{
    t.desiredStatus = TaskStatus::Stopped;
    t.stopCode = code;
    t.stoppedReason = reason;
    if (t.isPlaced())
        return;
    t.lastStatus = TaskStatus::Stopped;
    t.stoppingAt = now;
    t.executionStoppedAt = now;
    t.stoppedAt = now;
    for (TaskContainer &tc : t.containers)
        tc.lastStatus = ContainerRunState::Stopped;
    if (t.eni)
        t.eni->status = kEniDeleted.toString(); // never attached: its address is free again
}

Result<Task> Tasks::interruptSpot(const QString &cluster, const QString &idOrArn)
{
    const QString clusterName = arn::clusterNameFrom(cluster.isEmpty() ? QStringLiteral("default") : cluster);
    if (!m_cp.clusters().find(clusterName))
        return clusterNotFound();
    const Task *found = m_taskRegistry->find(arn::taskIdFrom(idOrArn));
    if (!found || found->cluster != clusterName)
        return invalidParameter(QStringLiteral("The referenced task was not found."), QStringLiteral("task"));
    const Task current = *found;
    if (current.capacityProviderName != fargate::kFargateSpot)
        return invalidParameter(
            QStringLiteral("Task %1 is not a FARGATE_SPOT task (%2): only Spot tasks can be "
                           "interrupted")
                .arg(current.id, current.capacityProviderName.isEmpty()
                                     ? QStringLiteral("launch type ") + current.launchType
                                     : QStringLiteral("capacity provider ") + current.capacityProviderName),
            QStringLiteral("task"));
    if (current.desiredStatus == TaskStatus::Stopped)
        return invalidParameter(
            QStringLiteral("Task %1 is already %2: only a running Spot task can be interrupted")
                .arg(current.id, current.isStopped() ? QStringLiteral("STOPPED") : QStringLiteral("stopping")),
            QStringLiteral("task"));
    return update(current.id,
                  [&](Task &t) { requestStop(t, StopCode::SpotInterruption, kSpotInterruptedReason, now()); },
                  {QStringLiteral("Task %1 (%2) is stopping: Spot interruption. %3 Its containers get SIGTERM now and "
                                  "SIGKILL after at most %4 s.")
                       .arg(current.id, current.taskDefinition(), kSpotInterruptedReason)
                       .arg(tasks::kSpotWarning.count())});
}

EniAddressPool Tasks::addressPool() const
{
    QSet<QString> held;
    for (const Task &t : m_taskRegistry->all()) {
        if (t.eni && !t.isStopped())
            held.insert(t.eni->privateIPv4Address);
    }
    for (const ContainerInstance &ci : m_instanceRegistry->all())
        held.insert(ci.address);
    return EniAddressPool(std::move(held));
}

Result<QString> Tasks::fargateEngine(const QString &cluster) const
{
    QSet<QString> engines;
    for (const ContainerInstance &ci : m_instanceRegistry->all()) {
        if (ci.cluster == cluster && ci.status != InstanceStatus::Inactive)
            engines.insert(ci.engineId);
    }
    if (engines.size() == 1)
        return *engines.cbegin();
    const QList<Engine> all = m_cp.engines().list();
    for (const Engine &e : all) {
        if (e.id == u"local")
            return e.id;
    }
    if (all.size() == 1)
        return all.front().id;
    return invalidParameter(QStringLiteral("launchType FARGATE: no engine to run the task on (add the local engine, "
                                           "or give the cluster's container instances one engine)"),
                            QStringLiteral("launchType"));
}

Result<Task> Tasks::stop(const QString &cluster, const QString &idOrArn, const QString &reason, StopCode code)
{
    const QString clusterName = arn::clusterNameFrom(cluster.isEmpty() ? QStringLiteral("default") : cluster);
    if (!m_cp.clusters().find(clusterName))
        return clusterNotFound();
    const Task *found = m_taskRegistry->find(arn::taskIdFrom(idOrArn));
    if (!found || found->cluster != clusterName)
        return invalidParameter(QStringLiteral("The referenced task was not found."), QStringLiteral("task"));
    const Task current = *found;
    if (current.desiredStatus == TaskStatus::Stopped)
        return current;
    const QString why = reason.isEmpty() ? QStringLiteral("Task stopped by user") : reason;
    return update(
        current.id,
        [&](Task &t) { requestStop(t, code, why, now()); },
        {QStringLiteral("Task %1 (%2) is stopping: %3.").arg(current.id, current.taskDefinition(), why)});
}

QList<Task> Tasks::list(const QString &cluster, const TaskFilter &filter) const
{
    const QString clusterName = arn::clusterNameFrom(cluster);
    const QString instanceId =
        filter.containerInstance.isEmpty() ? QString() : arn::containerInstanceIdFrom(filter.containerInstance);
    auto matches = [&](const Task &t) {
        if (!clusterName.isEmpty() && t.cluster != clusterName)
            return false;
        if (!filter.family.isEmpty() && t.family != filter.family)
            return false;
        if (!filter.startedBy.isEmpty() && t.startedBy != filter.startedBy)
            return false;
        if (!filter.group.isEmpty() && t.group != filter.group)
            return false;
        if (!instanceId.isEmpty()) {
            const ContainerInstance *ci = m_instanceRegistry->find(t.containerInstanceId);
            const bool byEc2 = ci && ci->ec2InstanceId == instanceId;
            if (t.containerInstanceId != instanceId && !byEc2)
                return false;
        }
        if (filter.desiredStatus) {
            const bool wantStopped = *filter.desiredStatus == TaskStatus::Stopped;
            if (wantStopped != (t.desiredStatus == TaskStatus::Stopped))
                return false;
        }
        return true;
    };
    // A group (a service's tasks) comes from the registry's index instead of a scan of every task.
    if (!filter.group.isEmpty() && !clusterName.isEmpty()) {
        QList<Task> out;
        for (const QString &id : m_taskRegistry->idsOfGroup(clusterName, filter.group)) {
            const Task *t = m_taskRegistry->find(id);
            if (t && matches(*t))
                out.append(*t);
        }
        return out;
    }
    // The common case (one cluster, no filter) shares the list instead of copying every task.
    const QList<Task> &all = m_taskRegistry->all();
    if (std::all_of(all.cbegin(), all.cend(), matches))
        return all;
    QList<Task> out;
    for (const Task &t : all) {
        if (matches(t))
            out.append(t);
    }
    return out;
}

std::optional<Task> Tasks::find(const QString &cluster, const QString &idOrArn) const
{
    const Task *t = m_taskRegistry->find(arn::taskIdFrom(idOrArn));
    if (!t || (!cluster.isEmpty() && t->cluster != arn::clusterNameFrom(cluster)))
        return std::nullopt;
    return *t;
}

Result<Task> Tasks::update(const QString &id, const std::function<void(Task &)> &mutate,
                          const QStringList &eventMessages)
{
    const Task *found = m_taskRegistry->find(id);
    if (!found)
        return invalidParameter(QStringLiteral("The referenced task was not found."), QStringLiteral("task"));
    Task updated = *found;
    mutate(updated);
    updated.id = id; // never re-keyed
    updated.healthStatus = aggregateHealth(updated.containers);
    ++updated.version;
    QList<Event> events;
    for (const QString &m : eventMessages)
        events.append(makeEvent(kTaskKind, updated.id, m));
    Transaction tx = begin();
    stage(tx, updated);
    tx.events(std::move(events));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return updated;
}

Status Tasks::checkProtectionMinutes(bool enabled, std::optional<int> minutes)
{
    if (minutes && !enabled)
        return invalidParameter(QStringLiteral("expiresInMinutes: only applies with protectionEnabled true"),
                                QStringLiteral("expiresInMinutes"));
    if (minutes && (*minutes < 1 || *minutes > kMaxProtectionMinutes))
        return invalidParameter(
            QStringLiteral("expiresInMinutes: must be from 1 to %1 (got %2)").arg(kMaxProtectionMinutes).arg(*minutes),
            QStringLiteral("expiresInMinutes"));
    return Ok{};
}

Error Tasks::notAServiceTask()
{
    // As ECS: a standalone task is TASK_NOT_VALID.
    return makeError(QStringLiteral("TASK_NOT_VALID"),
                     QStringLiteral("The task is not part of a service: only service tasks have scale-in protection."));
}

Result<Task> Tasks::setProtection(const QString &cluster, const QString &idOrArn, bool enabled,
                                  std::optional<int> minutes)
{
    if (Status s = checkProtectionMinutes(enabled, minutes); !s)
        return s.error();
    const std::optional<Task> t = find(cluster, idOrArn);
    if (!t)
        return makeError(QStringLiteral("MISSING"), QStringLiteral("The task was not found."));
    if (!isServiceTask(*t))
        return notAServiceTask();
    if (t->isStopped() || t->desiredStatus == TaskStatus::Stopped)
        return makeError(QStringLiteral("TASK_NOT_VALID"), QStringLiteral("The task is stopping or stopped."));
    const QDateTime until =
        enabled ? Domain::now().addSecs(qint64(minutes.value_or(kDefaultProtectionMinutes)) * 60) : QDateTime();
    const QString message =
        enabled ? QStringLiteral("Task %1 protected from scale-in until %2.").arg(t->id, until.toString(Qt::ISODate))
                : QStringLiteral("Task %1 scale-in protection removed.").arg(t->id);
    return update(t->id, [&](Task &task) { task.protectedUntil = until; }, {message});
}

int Tasks::placeWaiting()
{
    int placed = 0;
    const QList<Task> all = m_taskRegistry->all(); // placing changes the registry as it goes
    for (const Task &waiting : all) {
        if (waiting.isPlaced() || waiting.desiredStatus == TaskStatus::Stopped || waiting.isStopped())
            continue;
        Result<PlacementDecision> plan = place(waiting.cluster, waiting, 1, {}, {});
        if (!plan || plan.value().tasks.isEmpty())
            continue;
        const PlacementDecision::One &one = plan.value().tasks.front();
        if (one.instanceId.isEmpty()) {
            if (one.failureDetail != waiting.pendingReason)
                (void)update(waiting.id, [&](Task &t) { t.pendingReason = one.failureDetail; });
            continue;
        }
        const QString where = m_cp.instances().describe(one.instanceId);
        Result<Task> r = update(
            waiting.id,
            [&](Task &t) {
                t.containerInstanceId = one.instanceId;
                t.placementExplanation = one.explanation;
                t.pendingReason.clear();
                t.lastStatus = TaskStatus::Provisioning;
            },
            {QStringLiteral("Task %1 (%2) placed on container instance %3 now that capacity is available. %4")
                 .arg(waiting.id, waiting.taskDefinition(), where, one.explanation)});
        if (r)
            ++placed;
    }
    return placed;
}

int Tasks::purgeStopped(std::chrono::milliseconds keep)
{
    const QDateTime cutoff = now().addMSecs(-keep.count());
    QStringList gone;
    for (const Task &t : m_taskRegistry->all()) {
        if (t.isStopped() && t.stoppedAt.isValid() && t.stoppedAt < cutoff)
            gone.append(t.id);
    }
    if (gone.isEmpty())
        return 0;
    Transaction tx = begin();
    m_taskRegistry->stageRemove(tx, gone);
    for (const QString &id : gone)
        m_tags->stage(tx, kTaskKind, id, {}, now());
    if (Status s = commit(std::move(tx)); !s) {
        qCWarning(lcTasks) << s.error().message;
        return 0;
    }
    return int(gone.size());
}

Result<tags::TagList> Tasks::tagsForNewTasks(const RunTaskRequest &request, const QString &cluster,
                                             const TaskDefinition &td) const
{
    if (std::optional<Error> e = tags::validate(request.tags))
        return *e;
    tags::Propagate propagate = request.propagateTags;
    bool managed = request.enableECSManagedTags;
    QString serviceKey;
    if (!request.service.isEmpty()) {
        // A service's tasks are tagged as the service says.
        if (const Service *v = m_serviceRegistry->find(cluster, request.service)) {
            propagate = v->propagateTags;
            managed = v->enableECSManagedTags;
            serviceKey = cluster + u'/' + request.service;
        }
    } else if (propagate == tags::Propagate::Service) {
        return invalidParameter(QStringLiteral("propagateTags: SERVICE applies to the tasks of a service; a task "
                                               "run on its own can take TASK_DEFINITION or NONE"),
                                QStringLiteral("propagateTags"));
    }
    tags::TagList out;
    if (propagate == tags::Propagate::TaskDefinition)
        out = m_tags->tags(kTaskDefinitionKind, td.familyRevision());
    else if (propagate == tags::Propagate::Service && !serviceKey.isEmpty())
        out = m_tags->tags(kServiceKind, serviceKey);
    out = tags::merged(out, request.tags); // what the request says wins over what is propagated
    if (managed)
        out = tags::merged(out, tags::managedTags(cluster, request.service));
    if (tags::userTagCount(out) > tags::kMaxTagsPerResource)
        return invalidParameter(QStringLiteral("tags: the task would have %1 tags with the propagated ones; at most "
                                               "%2 are allowed")
                                    .arg(tags::userTagCount(out))
                                    .arg(tags::kMaxTagsPerResource),
                                QStringLiteral("tags"));
    return out;
}

void Tasks::stage(Transaction &tx, const Task &t)
{
    const Task *before = m_taskRegistry->find(t.id);
    const bool usageChanged = !before || before->holdsResources() != t.holdsResources() ||
                              before->lastStatus != t.lastStatus ||
                              before->containerInstanceId != t.containerInstanceId;
    m_taskRegistry->stage(tx, t); // the instance registry's usage follows through the registry's observer
    if (!usageChanged)
        return;
    // What the instances and the cluster show (usage, counts) follows the task.
    if (before && !before->containerInstanceId.isEmpty() && before->containerInstanceId != t.containerInstanceId)
        tx.derived(kInstanceKind, before->containerInstanceId);
    if (!t.containerInstanceId.isEmpty())
        tx.derived(kInstanceKind, t.containerInstanceId);
    tx.derived(kClusterKind, t.cluster);
}

} // namespace fd::ops
