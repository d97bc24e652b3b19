#pragma once

// What the engine's answers and observations do to a task, as pure functions: each returns a
// Commit step (the task as it should be committed, with its journal events) or None when nothing
// changes. The executor (controllers/TaskController) calls them with what the ContainerRuntime
// reported; TaskPlanner plans the next step from the committed result.

#include "runtime/RuntimeTypes.h"
#include "tasks/TaskPlanner.h"

#include <QHash>

namespace fd::tasks {

/// The task network exists: PROVISIONING -> PENDING.
TaskStep networkCreated(const Task &task, const QDateTime &now);
/// The task network is gone (or there was none): DEPROVISIONING -> STOPPED, with "Task X (td)
/// STOPPED: reason; c exited with code N." in the journal.
TaskStep networkRemoved(const Task &task, const QDateTime &now);

/// runContainer() answered: the container runs with these ports.
TaskStep containerStarted(const Task &task, const QString &container, const runtime::RunningContainer &rc,
                          const QDateTime &now);
/// runContainer() failed (not for a name conflict, which adoption resolves): the container is
/// STOPPED with `message` as its reason, and an essential container fails the task to start.
TaskStep containerFailedToRun(const Task &task, const QString &container, const QString &message, const QDateTime &now);
/// The container's main process ended with `exitCode`. An essential container stops its task
/// ("Essential container in task exited").
TaskStep containerExited(const Task &task, const QString &container, int exitCode, const QDateTime &now);
/// The health check's verdict changed; the task's health follows (ECS's aggregation), with an event
/// when it changes.
TaskStep healthChanged(const Task &task, const QString &container, Health health);
/// A container stopped on request: `state` as inspected afterwards; nullptr when the engine no
/// longer knows it (stopped, no exit code to report).
TaskStep containerStopped(const Task &task, const QString &container, const runtime::ContainerState *state,
                          const QDateTime &now);
/// A container an earlier run created, inspected again (ConfirmContainers): running, or exited.
/// Anything else is forgotten (containerForgotten) after the executor removed it.
TaskStep containerConfirmed(const Task &task, const QString &container, const runtime::ContainerState &state,
                            const QDateTime &now);
/// The container is forgotten so that the next pass runs it again under the same name.
TaskStep containerForgotten(const Task &task, const QString &container);

/// Adoption: what the engine runs (its managed containers by name, without a leading '/') matched
/// to the task after a restart or lost events, so that nothing starts twice and exits missed while
/// away are not lost.
TaskStep adoptContainers(const Task &task, const QHash<QString, runtime::ContainerState> &byName, const QDateTime &now);

} // namespace fd::tasks
