#include "TaskTransitions.h"

#include "tasks/TaskRunSpec.h"

namespace fd::tasks {

namespace {

TaskStep commit(Task next, QStringList events = {}, QString decision = {}, QString reason = {})
{
    TaskStep s;
    s.kind = StepKind::Commit;
    s.next = std::move(next);
    s.events = std::move(events);
    s.decision = std::move(decision);
    s.reason = std::move(reason);
    return s;
}

// The exit applied to `next` (already a copy); notes the essential exit in `events`.
void applyExit(Task &next, TaskContainer &c, int exitCode, const QDateTime &finishedAt, QStringList &events,
               const QString &eventFormat)
{
    c.lastStatus = ContainerRunState::Stopped;
    c.exitCode = exitCode;
    c.finishedAt = finishedAt;
    c.networkBindings.clear();
    if (!c.essential || next.desiredStatus == TaskStatus::Stopped)
        return;
    next.desiredStatus = TaskStatus::Stopped;
    next.stopCode = StopCode::EssentialContainerExited;
    next.stoppedReason = QStringLiteral("Essential container in task exited");
    events.append(eventFormat.arg(next.id, next.taskDefinition(), c.name).arg(exitCode));
}

const QString kExitedEvent =
    QStringLiteral("Task %1 (%2): essential container %3 exited with code %4; stopping the task.");
const QString kExitedAwayEvent = QStringLiteral(
    "Task %1 (%2): essential container %3 exited with code %4 while Fleetdeck was away; stopping the task.");

} // namespace

TaskStep networkCreated(const Task &t, const QDateTime &now)
{
    if (t.lastStatus != TaskStatus::Provisioning)
        return {};
    Task next = t;
    next.lastStatus = TaskStatus::Pending;
    next.pullStartedAt = now;
    return commit(std::move(next), {}, QStringLiteral("PENDING"), QStringLiteral("network %1 created").arg(t.network));
}

TaskStep networkRemoved(const Task &t, const QDateTime &now)
{
    QString summary = t.stoppedReason;
    for (const TaskContainer &c : t.containers) {
        if (c.exitCode)
            summary += QStringLiteral("; %1 exited with code %2").arg(c.name).arg(*c.exitCode);
    }
    Task next = t;
    next.lastStatus = TaskStatus::Stopped;
    next.stoppedAt = now;
    if (!next.executionStoppedAt.isValid())
        next.executionStoppedAt = now;
    TaskStep s =
        commit(std::move(next), {QStringLiteral("Task %1 (%2) STOPPED: %3.").arg(t.id, t.taskDefinition(), summary)},
               QStringLiteral("STOPPED"), summary);
    s.recheckAt = now;
    return s;
}

TaskStep containerStarted(const Task &t, const QString &name, const runtime::RunningContainer &rc, const QDateTime &now)
{
    Task next = t;
    TaskContainer *c = next.container(name);
    if (!c)
        return {};
    c->runtimeId = rc.id;
    c->lastStatus = ContainerRunState::Running;
    c->startedAt = rc.startedAt.isValid() ? rc.startedAt : now;
    c->networkBindings = bindingsOf(rc.ports);
    if (!next.pullStoppedAt.isValid())
        next.pullStoppedAt = now;
    return commit(std::move(next));
}

TaskStep containerFailedToRun(const Task &t, const QString &name, const QString &message, const QDateTime &now)
{
    Task next = t;
    TaskContainer *c = next.container(name);
    if (!c)
        return {};
    c->lastStatus = ContainerRunState::Stopped;
    c->reason = message;
    if (!c->essential)
        return commit(std::move(next), {}, QStringLiteral("container %1 did not start").arg(name), message);
    TaskStep failed = failToStart(next, message, now);
    return failed.kind == StepKind::Commit ? failed : commit(std::move(next));
}

TaskStep containerExited(const Task &t, const QString &name, int exitCode, const QDateTime &now)
{
    const TaskContainer *before = t.container(name);
    if (!before || before->lastStatus == ContainerRunState::Stopped)
        return {};
    Task next = t;
    QStringList events;
    applyExit(next, *next.container(name), exitCode, now, events, kExitedEvent);
    const bool stops = !events.isEmpty();
    return commit(std::move(next), events,
                  stops ? QStringLiteral("stop: essential container %1 exited with code %2").arg(name).arg(exitCode)
                        : QString(),
                  stops ? QStringLiteral("Essential container in task exited") : QString());
}

TaskStep healthChanged(const Task &t, const QString &name, Health health)
{
    const TaskContainer *before = t.container(name);
    if (!before || before->health == health)
        return {};
    Task next = t;
    next.container(name)->health = health;
    const Health aggregate = aggregateHealth(next.containers);
    QStringList events;
    if (aggregate != t.healthStatus)
        events.append(QStringLiteral("Task %1 (%2) is %3 (container %4 is %5).")
                          .arg(t.id, t.taskDefinition(), toString(aggregate), name, toString(health)));
    return commit(std::move(next), events);
}

TaskStep containerStopped(const Task &t, const QString &name, const runtime::ContainerState *state,
                          const QDateTime &now)
{
    const TaskContainer *before = t.container(name);
    if (!before || before->lastStatus == ContainerRunState::Stopped)
        return {};
    Task next = t;
    TaskContainer *c = next.container(name);
    c->lastStatus = ContainerRunState::Stopped;
    c->networkBindings.clear();
    c->finishedAt = now;
    if (state) {
        c->exitCode = state->exitCode;
        if (state->finishedAt.isValid())
            c->finishedAt = state->finishedAt;
    }
    return commit(std::move(next));
}

TaskStep containerConfirmed(const Task &t, const QString &name, const runtime::ContainerState &state,
                            const QDateTime &now)
{
    const TaskContainer *before = t.container(name);
    if (!before)
        return {};
    Task next = t;
    TaskContainer *c = next.container(name);
    if (state.status == runtime::ContainerStatus::Running) {
        c->lastStatus = ContainerRunState::Running;
        c->startedAt = state.startedAt.isValid() ? state.startedAt : now;
        c->networkBindings = bindingsOf(state.ports);
        return commit(std::move(next));
    }
    if (state.status != runtime::ContainerStatus::Exited)
        return {};
    if (!c->startedAt.isValid())
        c->startedAt = state.startedAt.isValid() ? state.startedAt : now;
    TaskStep exited = containerExited(next, name, state.exitCode, now);
    return exited.kind == StepKind::Commit ? exited : commit(std::move(next));
}

TaskStep containerForgotten(const Task &t, const QString &name)
{
    const TaskContainer *before = t.container(name);
    if (!before || before->runtimeId.isEmpty())
        return {};
    Task next = t;
    next.container(name)->runtimeId.clear();
    return commit(std::move(next), {}, QStringLiteral("run container %1 again").arg(name),
                  QStringLiteral("created by an earlier run and never started"));
}

TaskStep adoptContainers(const Task &t, const QHash<QString, runtime::ContainerState> &byName, const QDateTime &now)
{
    bool changed = false;
    Task next = t;
    QStringList events;
    QStringList found;
    for (TaskContainer &c : next.containers) {
        auto it = byName.constFind(c.runtimeName);
        if (it == byName.cend()) {
            if (!c.runtimeId.isEmpty() && c.lastStatus != ContainerRunState::Stopped) {
                c.lastStatus = ContainerRunState::Stopped;
                c.reason = QStringLiteral("The container was removed outside Fleetdeck");
                c.finishedAt = now;
                changed = true;
            }
            continue;
        }
        const runtime::ContainerState &s = *it;
        found.append(c.name);
        if (c.runtimeId != s.id) {
            c.runtimeId = s.id;
            changed = true;
        }
        if (s.status == runtime::ContainerStatus::Running && c.lastStatus == ContainerRunState::Pending) {
            c.lastStatus = ContainerRunState::Running;
            c.startedAt = s.startedAt.isValid() ? s.startedAt : now;
            c.networkBindings = bindingsOf(s.ports);
            changed = true;
        } else if (s.status == runtime::ContainerStatus::Exited && c.lastStatus != ContainerRunState::Stopped) {
            if (!c.startedAt.isValid())
                c.startedAt = s.startedAt.isValid() ? s.startedAt : now;
            applyExit(next, c, s.exitCode, s.finishedAt.isValid() ? s.finishedAt : now, events, kExitedAwayEvent);
            changed = true;
        }
        if (s.status == runtime::ContainerStatus::Running && healthOf(s.health) != c.health) {
            c.health = healthOf(s.health);
            changed = true;
        }
    }
    if (!changed)
        return {};
    return commit(std::move(next), events, QStringLiteral("adopt containers %1").arg(found.join(QStringLiteral(", "))),
                  QStringLiteral("matched by name on the engine"));
}

} // namespace fd::tasks
