#include "TaskPlanner.h"

#include "tasks/TaskRunSpec.h"
#include "tasks/TaskTransitions.h"

#include <algorithm>

namespace fd::tasks {

QString toString(StepKind kind)
{
    switch (kind) {
    case StepKind::None:
        return QStringLiteral("none");
    case StepKind::Commit:
        return QStringLiteral("commit");
    case StepKind::CreateNetwork:
        return QStringLiteral("create network");
    case StepKind::ConfirmContainers:
        return QStringLiteral("confirm containers");
    case StepKind::RunContainers:
        return QStringLiteral("run containers");
    case StepKind::StopContainers:
        return QStringLiteral("stop containers");
    case StepKind::RemoveNetwork:
        return QStringLiteral("remove network");
    }
    return {};
}

namespace {

TaskStep wait(QString decision, QString reason = {})
{
    TaskStep s;
    s.decision = std::move(decision);
    s.reason = std::move(reason);
    return s;
}

TaskStep commit(Task next, const QDateTime &now, QString decision, QString reason = {}, QStringList events = {})
{
    TaskStep s;
    s.kind = StepKind::Commit;
    s.next = std::move(next);
    s.events = std::move(events);
    s.decision = std::move(decision);
    s.reason = std::move(reason);
    s.recheckAt = now;
    return s;
}

enum class DependencyState {
    Waiting,
    Met,
    Impossible,
};

DependencyState dependencyState(const TaskContainer &dep, const QString &condition)
{
    const bool started = dep.startedAt.isValid();
    const bool exited = dep.lastStatus == ContainerRunState::Stopped;
    if (exited && !started)
        return DependencyState::Impossible; // it never ran
    if (condition == u"START")
        return started ? DependencyState::Met : DependencyState::Waiting;
    if (condition == u"COMPLETE")
        return exited ? DependencyState::Met : DependencyState::Waiting;
    if (condition == u"SUCCESS") {
        if (!exited)
            return DependencyState::Waiting;
        return dep.exitCode.value_or(-1) == 0 ? DependencyState::Met : DependencyState::Impossible;
    }
    if (condition == u"HEALTHY") {
        if (dep.health == Health::Healthy)
            return DependencyState::Met;
        return exited || dep.health == Health::Unhealthy ? DependencyState::Impossible : DependencyState::Waiting;
    }
    return DependencyState::Impossible;
}

QString conditionInWords(const QString &condition)
{
    if (condition == u"START")
        return QStringLiteral("start");
    if (condition == u"COMPLETE")
        return QStringLiteral("complete");
    if (condition == u"SUCCESS")
        return QStringLiteral("exit with code 0");
    return QStringLiteral("become healthy");
}

bool isLive(const TaskContainer &c)
{
    return c.lastStatus != ContainerRunState::Stopped && !c.runtimeId.isEmpty();
}

// ---- desired STOPPED ------------------------------------------------------------------------

// Dependents stop before what they depend on: a container is stopped once no live container
// depends on it. A task with nothing live left moves on to DEPROVISIONING.
TaskStep planStop(const Task &t, const TaskDefinition *td, const QDateTime &now)
{
    QList<const TaskContainer *> toStop;
    QStringList heldBack;
    bool anyLive = false;
    for (const TaskContainer &c : t.containers) {
        if (!isLive(c))
            continue; // exited, or never created: nothing to stop
        anyLive = true;
        QStringList dependents;
        if (td) {
            for (const TaskContainer &other : t.containers) {
                if (other.name == c.name || !isLive(other))
                    continue;
                const ContainerDefinition *od = definitionOf(*td, other.name);
                if (od && std::any_of(od->dependsOn.begin(), od->dependsOn.end(),
                                      [&](const ContainerDependency &dep) { return dep.containerName == c.name; }))
                    dependents.append(other.name);
            }
        }
        if (dependents.isEmpty())
            toStop.append(&c);
        else
            heldBack.append(QStringLiteral("%1 waits for %2").arg(c.name, dependents.join(QStringLiteral(", "))));
    }
    if (!anyLive) {
        Task next = t;
        for (TaskContainer &c : next.containers) {
            if (c.lastStatus != ContainerRunState::Stopped) {
                c.lastStatus = ContainerRunState::Stopped;
                c.networkBindings.clear();
            }
        }
        next.lastStatus = TaskStatus::Deprovisioning;
        next.executionStoppedAt = now;
        return commit(std::move(next), now, QStringLiteral("DEPROVISIONING"),
                      QStringLiteral("no container is running any more"));
    }
    if (toStop.isEmpty()) {
        // A dependency cycle: stop the first live container, and the rest in later passes.
        for (const TaskContainer &c : t.containers) {
            if (isLive(c)) {
                toStop.append(&c);
                break;
            }
        }
        heldBack = {QStringLiteral("dependsOn forms a cycle: stopping in definition order")};
    }
    TaskStep s;
    s.kind = StepKind::StopContainers;
    QStringList names;
    for (const TaskContainer *c : toStop) {
        std::optional<std::chrono::seconds> grace;
        if (td) {
            if (const ContainerDefinition *d = definitionOf(*td, c->name); d && d->stopTimeout)
                grace = std::chrono::seconds(*d->stopTimeout);
        }
        if (t.stopCode == StopCode::SpotInterruption) // the warning lasts two minutes at most
            grace = std::min(grace.value_or(runtime::kDefaultStopTimeout), kSpotWarning);
        s.stops.append({c->name, c->runtimeId, grace});
        names.append(grace ? QStringLiteral("%1 (stopTimeout %2 s)").arg(c->name).arg(grace->count()) : c->name);
    }
    s.decision = QStringLiteral("stop containers %1").arg(names.join(QStringLiteral(", ")));
    s.reason = heldBack.isEmpty() ? QStringLiteral("desired STOPPED")
                                  : QStringLiteral("dependents first: %1").arg(heldBack.join(QStringLiteral("; ")));
    return s;
}

TaskStep planStopping(const Task &t, const TaskPlanContext &in)
{
    switch (t.lastStatus) {
    case TaskStatus::Provisioning:
    case TaskStatus::Pending:
    case TaskStatus::Activating:
    case TaskStatus::Running: {
        Task next = t;
        next.lastStatus = TaskStatus::Deactivating;
        if (!next.stoppingAt.isValid())
            next.stoppingAt = in.now;
        return commit(std::move(next), in.now, QStringLiteral("DEACTIVATING"),
                      t.stoppedReason.isEmpty() ? QStringLiteral("desired STOPPED") : t.stoppedReason);
    }
    case TaskStatus::Deactivating: {
        // A Spot interruption's SIGTERM comes at once (the two-minute warning): its targets are
        // deregistered while its containers stop, not before.
        if (!in.deactivationHold.isEmpty() && t.stopCode != StopCode::SpotInterruption) {
            TaskStep held = wait(QStringLiteral("wait: %1").arg(in.deactivationHold));
            held.recheckAt = in.now.addSecs(1); // the drain also wakes it when it ends
            return held;
        }
        Task next = t;
        next.lastStatus = TaskStatus::Stopping;
        return commit(std::move(next), in.now, QStringLiteral("STOPPING"));
    }
    case TaskStatus::Stopping:
        return planStop(t, in.definition, in.now);
    case TaskStatus::Deprovisioning: {
        if (t.eni && t.eni->status != kEniDeleted) {
            // DEPROVISIONING detaches the ENI; its address is free once the task is STOPPED.
            Task next = t;
            next.eni->status = kEniDeleted.toString();
            return commit(std::move(next), in.now, QStringLiteral("detach network interface %1").arg(t.eni->eniId), {},
                          {QStringLiteral("Task %1 (%2) detached network interface %3 (%4).")
                               .arg(t.id, t.taskDefinition(), t.eni->eniId, t.eni->privateIPv4Address)});
        }
        if (t.network.isEmpty())
            return networkRemoved(t, in.now); // nothing to remove
        TaskStep s;
        s.kind = StepKind::RemoveNetwork;
        s.decision = QStringLiteral("remove network %1").arg(t.network);
        return s;
    }
    case TaskStatus::Stopped:
        break;
    }
    return {};
}

// ---- desired RUNNING ------------------------------------------------------------------------

TaskStep planProvisioning(const Task &t, const QDateTime &now)
{
    if (t.eni && t.eni->status != kEniAttached) {
        // PROVISIONING attaches the task's ENI first: its address is where its ports are published.
        Task next = t;
        next.eni->status = kEniAttached.toString();
        return commit(std::move(next), now, QStringLiteral("attach network interface %1").arg(t.eni->eniId), {},
                      {QStringLiteral("Task %1 (%2) attached network interface %3 (%4) in %5.")
                           .arg(t.id, t.taskDefinition(), t.eni->eniId, t.eni->privateIPv4Address, t.eni->subnetId)});
    }
    if (t.network.isEmpty()) {
        Task next = t;
        next.lastStatus = TaskStatus::Pending;
        next.pullStartedAt = now;
        return commit(std::move(next), now, QStringLiteral("PENDING"), QStringLiteral("no task network needed"));
    }
    TaskStep s;
    s.kind = StepKind::CreateNetwork;
    s.decision = QStringLiteral("create network %1").arg(t.network);
    return s;
}

// PENDING: containers start in dependsOn order; the task activates once all have started and every
// essential one runs.
TaskStep planPending(const Task &t, const TaskPlanContext &in, const TaskDefinition &td)
{
    if (!in.instanceKnown && !t.isFargate())
        return failToStart(t, QStringLiteral("Container instance %1 is gone").arg(t.containerInstanceId), in.now);

    // Containers found by adoption that never reported running: a run of an earlier process that
    // died between create and start leaves them "created". Look once more; a container that still
    // has not started is removed, and the next pass runs it again under the same name.
    TaskStep confirm;
    for (const TaskContainer &c : t.containers) {
        if (c.lastStatus == ContainerRunState::Pending && !c.runtimeId.isEmpty())
            confirm.containers.append(c.name);
    }
    if (!confirm.containers.isEmpty()) {
        confirm.kind = StepKind::ConfirmContainers;
        confirm.decision = QStringLiteral("confirm containers %1").arg(confirm.containers.join(QStringLiteral(", ")));
        confirm.reason = QStringLiteral("created by an earlier run, never seen running");
        return confirm;
    }

    QStringList ready;
    QStringList waiting; // "app: dependsOn db HEALTHY"
    QStringList met;
    bool allStarted = true;
    for (const TaskContainer &c : t.containers) {
        if (c.lastStatus != ContainerRunState::Pending || !c.runtimeId.isEmpty())
            continue;
        allStarted = false;
        const ContainerDefinition *d = definitionOf(td, c.name);
        if (!d)
            return failToStart(t, QStringLiteral("Container %1 is not in %2").arg(c.name, t.taskDefinition()), in.now);
        QStringList blockers;
        for (const ContainerDependency &dep : d->dependsOn) {
            const TaskContainer *other = t.container(dep.containerName);
            if (!other)
                return failToStart(t,
                                   QStringLiteral("Container %1 depends on %2, which is not in the task")
                                       .arg(c.name, dep.containerName),
                                   in.now);
            const QString condition = QStringLiteral("dependsOn %1 %2").arg(dep.containerName, dep.condition);
            switch (dependencyState(*other, dep.condition)) {
            case DependencyState::Met:
                met.append(condition);
                break;
            case DependencyState::Waiting:
                blockers.append(condition);
                break;
            case DependencyState::Impossible:
                return failToStart(t,
                                   QStringLiteral("DependencyError: container %1 needs %2 to %3, which can no "
                                                  "longer happen")
                                       .arg(c.name, dep.containerName, conditionInWords(dep.condition)),
                                   in.now);
            }
        }
        if (blockers.isEmpty())
            ready.append(c.name);
        else
            waiting.append(QStringLiteral("%1: %2").arg(c.name, blockers.join(QStringLiteral(", "))));
    }

    if (allStarted) {
        // Every container has been started (some may have completed already).
        const bool essentialsUp = std::all_of(t.containers.begin(), t.containers.end(), [](const TaskContainer &c) {
            return !c.essential || c.lastStatus == ContainerRunState::Running;
        });
        if (!essentialsUp)
            return wait({}, QStringLiteral("an essential container exited: its exit stops the task"));
        Task next = t;
        next.lastStatus = TaskStatus::Activating;
        if (!next.pullStoppedAt.isValid())
            next.pullStoppedAt = in.now;
        return commit(std::move(next), in.now, QStringLiteral("ACTIVATING"), QStringLiteral("every container started"));
    }
    if (ready.isEmpty())
        return wait(QStringLiteral("wait: %1").arg(waiting.join(QStringLiteral("; "))));

    TaskStep s;
    s.kind = StepKind::RunContainers;
    s.containers = ready;
    s.decision = QStringLiteral("start containers %1").arg(ready.join(QStringLiteral(", ")));
    QStringList why;
    if (!met.isEmpty())
        why.append(QStringLiteral("%1 met").arg(met.join(QStringLiteral(", "))));
    if (!waiting.isEmpty())
        why.append(QStringLiteral("still waiting: %1").arg(waiting.join(QStringLiteral("; "))));
    s.reason = why.join(QStringLiteral("; "));
    return s;
}

TaskStep planRunning(const Task &t, const TaskPlanContext &in)
{
    if (!in.definition)
        return failToStart(t, QStringLiteral("TaskDefinition %1 not found").arg(t.taskDefinition()), in.now);
    switch (t.lastStatus) {
    case TaskStatus::Provisioning:
        return planProvisioning(t, in.now);
    case TaskStatus::Pending:
        return planPending(t, in, *in.definition);
    case TaskStatus::Activating: {
        Task next = t;
        next.lastStatus = TaskStatus::Running;
        next.startedAt = in.now;
        next.connectivityAt = in.now;
        return commit(
            std::move(next), in.now, QStringLiteral("RUNNING"), {},
            {QStringLiteral("Task %1 (%2) is RUNNING on %3.").arg(t.id, t.taskDefinition(), in.instanceName)});
    }
    default:
        return {}; // RUNNING: exits and health come as observations
    }
}

} // namespace

TaskStep planTaskStep(const TaskPlanInput &in)
{
    return planTaskStep(in.task, in);
}

bool isSettled(const Task &t, bool definitionKnown)
{
    if (t.isStopped())
        return true;
    return t.isPlaced() && t.desiredStatus != TaskStatus::Stopped && definitionKnown &&
           t.lastStatus >= TaskStatus::Running; // planRunning(): exits and health come as observations
}

TaskStep planTaskStep(const Task &t, const TaskPlanContext &in)
{
    if (isSettled(t, in.definition != nullptr))
        return {};
    if (!t.isPlaced())
        return wait({}, t.pendingReason); // placement's business, not the agent's
    if (t.desiredStatus == TaskStatus::Stopped)
        return planStopping(t, in);
    return planRunning(t, in);
}

TaskStep failToStart(const Task &t, const QString &reason, const QDateTime &now)
{
    if (t.desiredStatus == TaskStatus::Stopped)
        return {};
    Task next = t;
    next.desiredStatus = TaskStatus::Stopped;
    next.stopCode = StopCode::TaskFailedToStart;
    next.stoppedReason = reason;
    if (!next.pullStoppedAt.isValid() && next.pullStartedAt.isValid())
        next.pullStoppedAt = now;
    return commit(std::move(next), now, QStringLiteral("stop: failed to start"), reason,
                  {QStringLiteral("Task %1 (%2) failed to start: %3").arg(t.id, t.taskDefinition(), reason)});
}

} // namespace fd::tasks
