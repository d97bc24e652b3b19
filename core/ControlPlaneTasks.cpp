// ControlPlane: tasks (RunTask, StartTask, StopTask, the controller's updates). Placement itself is
// in ControlPlanePlacement.cpp.

#include "ControlPlane.h"
#include "ControlPlanePlacement.h"

#include "model/Arn.h"
#include "state/Kinds.h"
#include "state/Transaction.h"
#include "tags/TagRegistry.h"
#include "store/Store.h"

#include <QLoggingCategory>
#include <QUuid>

#include <algorithm>

namespace fd {

using namespace state;

Q_DECLARE_LOGGING_CATEGORY(lcControlPlane)

namespace {


Error invalidParameter(const QString &message, const QString &field = {})
{
    return makeError(QStringLiteral("InvalidParameterException"), message, field);
}

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
// otherwise the sum over the containers (memoryReservation when set, otherwise memory).
void reserveFromDefinition(Task &t, const TaskDefinition &td)
{
    int cpu = 0;
    int memory = 0;
    for (const ContainerDefinition &c : td.spec.containerDefinitions) {
        cpu += c.cpu.value_or(0);
        memory += c.reservedMemory();
        for (const PortMapping &p : c.portMappings) {
            if (p.hostPort <= 0)
                continue;
            (p.protocol == u"udp" ? t.staticUdpPorts : t.staticTcpPorts).append(p.hostPort);
        }
    }
    t.cpu = td.spec.cpu.value_or(cpu);
    t.memory = td.spec.memory.value_or(memory);
}

} // namespace

Task ControlPlane::taskPrototype(const QString &cluster, const TaskDefinition &td) const
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

Result<ControlPlane::RunTaskResult> ControlPlane::runTask(const RunTaskRequest &request)
{
    const QString clusterName = arn::clusterNameFrom(request.cluster.isEmpty() ? QStringLiteral("default")
                                                                               : request.cluster);
    const std::optional<Cluster> c = cluster(clusterName);
    if (!c)
        return makeError(QStringLiteral("ClusterNotFoundException"), QStringLiteral("Cluster not found."));
    if (c->status != u"ACTIVE")
        return makeError(QStringLiteral("ClusterNotFoundException"),
                         QStringLiteral("The referenced cluster was inactive."));
    const bool startTask = !request.containerInstances.isEmpty();
    if (!startTask && (request.count < 1 || request.count > 10))
        return invalidParameter(QStringLiteral("count: must be between 1 and 10 (got %1)").arg(request.count),
                                QStringLiteral("count"));
    if (startTask && request.containerInstances.size() > 10)
        return invalidParameter(QStringLiteral("containerInstances: at most 10 per call (got %1)")
                                    .arg(request.containerInstances.size()),
                                QStringLiteral("containerInstances"));
    if (request.taskDefinition.isEmpty())
        return invalidParameter(QStringLiteral("taskDefinition: required"), QStringLiteral("taskDefinition"));
    const int tdIndex = findTaskDefinition(arn::taskDefinitionRefFrom(request.taskDefinition));
    if (tdIndex < 0)
        return invalidParameter(QStringLiteral("TaskDefinition not found."), QStringLiteral("taskDefinition"));
    const TaskDefinition &td = m_taskDefinitions[tdIndex];
    if (td.status != TaskDefinitionStatus::Active && !request.taskDefinition.contains(u':'))
        return invalidParameter(QStringLiteral("TaskDefinition is inactive"), QStringLiteral("taskDefinition"));
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

    Task prototype = taskPrototype(clusterName, td);
    prototype.group = request.group.isEmpty() ? QStringLiteral("family:") + td.family() : request.group;
    prototype.startedBy = request.startedBy;
    prototype.overrides = request.overrides;
    prototype.placementStrategy = request.placementStrategy;
    prototype.placementConstraints = request.placementConstraints;

    if (!request.queueWhenUnplaceable && containerInstances(clusterName).isEmpty())
        return invalidParameter(QStringLiteral("No Container Instances were found in your cluster."));

    const int count = startTask ? int(request.containerInstances.size()) : request.count;
    Result<Placement> plan = place(clusterName, prototype, count, request.containerInstances, {});
    if (!plan)
        return plan.error();

    RunTaskResult result;
    QList<Task> created;
    QList<Event> events;
    const QDateTime now = m_clock->now();
    for (const Placement::One &one : plan.value().tasks) {
        if (one.instanceId.isEmpty() && !request.queueWhenUnplaceable) {
            result.failures.append({one.failureArn, one.failureReason, one.failureDetail});
            continue;
        }
        Task t = prototype;
        t.id = newTaskId();
        t.createdAt = now;
        // Containers of one task find each other on a network of their own (ECS links). A task of
        // one container needs none and uses the default bridge: an engine has room for only about
        // 30 user-defined networks with Docker's default address pools.
        if (t.containers.size() > 1)
            t.network = QStringLiteral("fd-task-") + t.id;
        for (TaskContainer &tc : t.containers)
            tc.runtimeName = runtimeNameFor(t, tc.name);
        if (one.instanceId.isEmpty()) {
            t.lastStatus = TaskStatus::Pending;
            t.pendingReason = one.failureDetail;
            events.append(makeEvent(kTaskKind, t.id,
                                    QStringLiteral("Task %1 (%2) is PENDING: no container instance can take it yet. %3")
                                        .arg(t.id, t.taskDefinition(), one.failureDetail)));
        } else {
            t.containerInstanceId = one.instanceId;
            t.placementExplanation = one.explanation;
            const QString where = describeInstance(one.instanceId);
            events.append(makeEvent(kTaskKind, t.id,
                                    QStringLiteral("Task %1 (%2) placed on container instance %3. %4")
                                        .arg(t.id, t.taskDefinition(), where, one.explanation)));
        }
        created.append(t);
    }
    if (!created.isEmpty()) {
        // A service's launch carries its service event in the same transaction.
        const qsizetype serviceIndex = request.service.isEmpty() ? -1 : findService(clusterName, request.service);
        std::optional<Service> service;
        if (serviceIndex >= 0) {
            service = m_services[serviceIndex];
            QString message = QStringLiteral("(service %1) has started %2 tasks:").arg(service->name).arg(created.size());
            for (const Task &t : created)
                message += QStringLiteral(" (task %1)").arg(t.id);
            message += u'.';
            if (!request.startedEventSuffix.isEmpty())
                message += u' ' + request.startedEventSuffix;
            appendServiceEvents(*service, {message}, events);
            ++service->version;
        }
        Transaction tx = begin();
        for (const Task &t : created) {
            stageTask(tx, t);
            m_tags->stage(tx, kTaskKind, t.id, taskTags.value(), now);
        }
        if (service)
            stageService(tx, *service);
        tx.derived(kClusterKind, clusterName);
        for (Event &e : events)
            tx.event(std::move(e));
        if (Status s = commit(std::move(tx)); !s)
            return s.error();
    }
    result.tasks = created;
    return result;
}

Result<Task> ControlPlane::stopTask(const QString &cluster, const QString &idOrArn, const QString &reason,
                                    StopCode code)
{
    const QString clusterName = arn::clusterNameFrom(cluster.isEmpty() ? QStringLiteral("default") : cluster);
    if (!this->cluster(clusterName))
        return makeError(QStringLiteral("ClusterNotFoundException"), QStringLiteral("Cluster not found."));
    const qsizetype i = m_taskIndex.value(arn::taskIdFrom(idOrArn), -1);
    if (i < 0 || m_tasks[i].cluster != clusterName)
        return invalidParameter(QStringLiteral("The referenced task was not found."), QStringLiteral("task"));
    const Task &current = m_tasks[i];
    if (current.desiredStatus == TaskStatus::Stopped)
        return current;
    const QString why = reason.isEmpty() ? QStringLiteral("Task stopped by user") : reason;
    const bool neverPlaced = !current.isPlaced();
    return updateTask(
        current.id,
        [&](Task &t) {
            t.desiredStatus = TaskStatus::Stopped;
            t.stopCode = code;
            t.stoppedReason = why;
            if (neverPlaced) {
                // Nothing runs anywhere: it is stopped at once.
                const QDateTime now = m_clock->now();
                t.lastStatus = TaskStatus::Stopped;
                t.stoppingAt = now;
                t.executionStoppedAt = now;
                t.stoppedAt = now;
                for (TaskContainer &tc : t.containers)
                    tc.lastStatus = ContainerRunState::Stopped;
            }
        },
        {QStringLiteral("Task %1 (%2) is stopping: %3.").arg(current.id, current.taskDefinition(), why)});
}

QList<Task> ControlPlane::tasks(const QString &cluster, const TaskFilter &filter) const
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
            const qsizetype ii = m_instanceIndex.value(t.containerInstanceId, -1);
            const bool byEc2 = ii >= 0 && m_instances[ii].ec2InstanceId == instanceId;
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
    // The common case (one cluster, no filter) shares the list instead of copying every task.
    if (std::all_of(m_tasks.cbegin(), m_tasks.cend(), matches))
        return m_tasks;
    QList<Task> out;
    for (const Task &t : m_tasks) {
        if (matches(t))
            out.append(t);
    }
    return out;
}

std::optional<Task> ControlPlane::task(const QString &cluster, const QString &idOrArn) const
{
    const qsizetype i = m_taskIndex.value(arn::taskIdFrom(idOrArn), -1);
    if (i < 0)
        return std::nullopt;
    if (!cluster.isEmpty() && m_tasks[i].cluster != arn::clusterNameFrom(cluster))
        return std::nullopt;
    return m_tasks[i];
}

Result<Task> ControlPlane::updateTask(const QString &id, const std::function<void(Task &)> &mutate,
                                      const QStringList &eventMessages)
{
    const qsizetype i = m_taskIndex.value(id, -1);
    if (i < 0)
        return invalidParameter(QStringLiteral("The referenced task was not found."), QStringLiteral("task"));
    Task updated = m_tasks[i];
    mutate(updated);
    updated.id = m_tasks[i].id; // never re-keyed
    updated.healthStatus = aggregateHealth(updated.containers);
    ++updated.version;
    QList<Event> events;
    for (const QString &m : eventMessages)
        events.append(makeEvent(kTaskKind, updated.id, m));
    Transaction tx = begin();
    stageTask(tx, updated);
    for (Event &e : events)
        tx.event(std::move(e));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return updated;
}

int ControlPlane::placeWaitingTasks()
{
    int placed = 0;
    for (qsizetype i = 0; i < m_tasks.size(); ++i) {
        const Task waiting = m_tasks[i];
        if (waiting.isPlaced() || waiting.desiredStatus == TaskStatus::Stopped || waiting.isStopped())
            continue;
        Result<Placement> plan = place(waiting.cluster, waiting, 1, {}, {});
        if (!plan || plan.value().tasks.isEmpty())
            continue;
        const Placement::One &one = plan.value().tasks.front();
        if (one.instanceId.isEmpty()) {
            if (one.failureDetail != waiting.pendingReason)
                (void)updateTask(waiting.id, [&](Task &t) { t.pendingReason = one.failureDetail; });
            continue;
        }
        const QString where = describeInstance(one.instanceId);
        Result<Task> r = updateTask(
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

int ControlPlane::purgeStoppedTasks(std::chrono::milliseconds keep)
{
    const QDateTime cutoff = m_clock->now().addMSecs(-keep.count());
    QStringList gone;
    for (const Task &t : m_tasks) {
        if (t.isStopped() && t.stoppedAt.isValid() && t.stoppedAt < cutoff)
            gone.append(t.id);
    }
    if (gone.isEmpty())
        return 0;
    Transaction tx = begin();
    for (const QString &id : gone) {
        tx.remove(kTaskKind, id, [id](Store &store) { return store.deleteTask(id); });
        m_tags->stage(tx, kTaskKind, id, {}, m_clock->now());
    }
    tx.afterCommit([this, goneSet = QSet<QString>(gone.begin(), gone.end())] {
        m_tasks.removeIf([&](const Task &t) { return goneSet.contains(t.id); });
        m_taskIndex.clear();
        for (qsizetype i = 0; i < m_tasks.size(); ++i)
            m_taskIndex.insert(m_tasks[i].id, i);
    });
    if (Status s = commit(std::move(tx)); !s) {
        qCWarning(lcControlPlane) << s.error().message;
        return 0;
    }
    return int(gone.size());
}

QString ControlPlane::describeInstance(const QString &instanceId) const
{
    const qsizetype i = m_instanceIndex.value(instanceId, -1);
    if (i < 0)
        return instanceId;
    return QStringLiteral("%1 (%2)").arg(m_instances[i].ec2InstanceId, m_instances[i].availabilityZone);
}

Result<tags::TagList> ControlPlane::tagsForNewTasks(const RunTaskRequest &request, const QString &cluster,
                                                    const TaskDefinition &td) const
{
    if (std::optional<Error> e = tags::validate(request.tags))
        return *e;
    tags::Propagate propagate = request.propagateTags;
    bool managed = request.enableECSManagedTags;
    QString serviceKey;
    if (!request.service.isEmpty()) {
        // A service's tasks are tagged as the service says.
        const qsizetype si = findService(cluster, request.service);
        if (si >= 0) {
            propagate = m_services[si].propagateTags;
            managed = m_services[si].enableECSManagedTags;
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

void ControlPlane::stageTask(Transaction &tx, const Task &t)
{
    const qsizetype i = m_taskIndex.value(t.id, -1);
    const Task *before = i < 0 ? nullptr : &m_tasks[i];
    const bool usageChanged = !before || before->holdsResources() != t.holdsResources() ||
                              before->lastStatus != t.lastStatus ||
                              before->containerInstanceId != t.containerInstanceId;
    tx.put(kTaskKind, t.id, [t](Store &store) { return store.putTask(t); }, [this, t, usageChanged] {
        const qsizetype at = m_taskIndex.value(t.id, -1);
        if (at >= 0) {
            m_tasks[at] = t;
        } else {
            m_taskIndex.insert(t.id, m_tasks.size());
            m_tasks.append(t);
        }
        m_usageDirty = m_usageDirty || usageChanged;
    });
    if (!usageChanged)
        return;
    // What the instances and the cluster show (usage, counts) follows the task.
    if (before && !before->containerInstanceId.isEmpty() && before->containerInstanceId != t.containerInstanceId)
        tx.derived(kInstanceKind, before->containerInstanceId);
    if (!t.containerInstanceId.isEmpty())
        tx.derived(kInstanceKind, t.containerInstanceId);
    tx.derived(kClusterKind, t.cluster);
}

void ControlPlane::refreshInstanceUsage()
{
    for (ContainerInstance &ci : m_instances) {
        ci.usedCpu = 0;
        ci.usedMemory = 0;
        ci.usedPorts.clear();
        ci.runningTasksCount = 0;
        ci.pendingTasksCount = 0;
    }
    for (const Task &t : m_tasks) {
        if (!t.holdsResources())
            continue;
        const qsizetype ii = m_instanceIndex.value(t.containerInstanceId, -1);
        if (ii < 0)
            continue;
        ContainerInstance &ci = m_instances[ii];
        ci.usedCpu += t.cpu;
        ci.usedMemory += t.memory;
        ci.usedPorts.append(t.staticTcpPorts);
        if (t.lastStatus == TaskStatus::Running)
            ++ci.runningTasksCount;
        else if (t.lastStatus < TaskStatus::Running)
            ++ci.pendingTasksCount;
    }
}

} // namespace fd
