#pragma once

// The task controller's decisions as a pure function (STYLE.md point 6): a task as observed, its
// definition, its instance and the time in; the one next step out. No clock, no store, no engine:
// the executor (controllers/TaskController) applies the step through the ContainerRuntime and the
// control plane, and the next pass plans again from what it observes.
//
//   desired RUNNING:  PROVISIONING (attach an awsvpc task's ENI, create the task network)
//                     -> PENDING (start containers in dependsOn order; confirm containers an
//                     earlier run created) -> ACTIVATING -> RUNNING
//   desired STOPPED:  -> DEACTIVATING -> STOPPING (SIGTERM, SIGKILL after stopTimeout; dependents
//                     first) -> DEPROVISIONING (detach the ENI, remove the network) -> STOPPED
//                     (a Spot interruption skips the wait for its targets to drain, and its
//                     containers get at most two minutes between SIGTERM and SIGKILL)
//
// What observations and the engine's answers do to a task (an exit, a health change, a container
// that started or stopped, adoption after a restart) is in TaskTransitions.h.

#include "model/Task.h"
#include "model/TaskDefinition.h"
#include "runtime/RuntimeTypes.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace fd::tasks {

/// The longest a Spot task's containers get between SIGTERM and SIGKILL.
inline constexpr std::chrono::seconds kSpotWarning{120};

enum class StepKind {
    None,              ///< nothing to do until something changes: steady, or waiting (see reason)
    Commit,            ///< commit `next` with `events`: a move that needs no engine call
    CreateNetwork,     ///< create the task's network; PENDING once it exists
    ConfirmContainers, ///< inspect `containers`: created by an earlier run, never seen running
    RunContainers,     ///< create and start `containers`, in this order
    StopContainers,    ///< stop `stops`; the task is planned again once they answered
    RemoveNetwork,     ///< remove the task's network; STOPPED once it is gone
};

/// "none", "commit", "create network", ... (test output, logs).
QString toString(StepKind kind);

struct ContainerStop
{
    QString name;
    QString runtimeId;
    std::optional<std::chrono::seconds> grace; ///< stopTimeout; unset: the runtime's default (30 s)
    friend bool operator==(const ContainerStop &, const ContainerStop &) = default;
};

struct TaskStep
{
    StepKind kind = StepKind::None;
    Task next;                  ///< Commit: the task as it should be committed
    QStringList events;         ///< Commit: journal messages, in order
    QStringList containers;     ///< RunContainers, ConfirmContainers: container names, in order
    QList<ContainerStop> stops; ///< StopContainers
    QString decision;           ///< "start containers web, sidecar"; empty when there is nothing to say
    QString reason;             ///< "dependsOn migrate SUCCESS met"
    /// When to plan again without a change: now after a Commit (the next state has its own step);
    /// invalid when the step's answer or a change of the task brings the next pass.
    QDateTime recheckAt;
};

/// What the planner needs besides the task.
struct TaskPlanContext
{
    const TaskDefinition *definition = nullptr; ///< nullptr: the revision is not known
    bool instanceKnown = true;                  ///< the task's container instance exists (FARGATE: has none)
    QString instanceName; ///< its EC2 instance id, for "is RUNNING on i-..." (FARGATE: "FARGATE (engine e)")
    QDateTime now;
    /// DEACTIVATING waits while this says why: the task's targets are being deregistered from its
    /// service's target groups and drained (controllers/LoadBalancerController). Empty: go on.
    QString deactivationHold;
};

struct TaskPlanInput : TaskPlanContext
{
    Task task;
};

/// True when planTaskStep() answers None with nothing to say and nothing to look at again: a placed
/// task at RUNNING (or past it) and desired RUNNING, its revision known (`definitionKnown`), or a
/// STOPPED one. Exits and health arrive as observations (TaskTransitions.h), not as steps. A pass
/// over every task asks this first, so a settled task costs no TaskStep.
bool isSettled(const Task &task, bool definitionKnown);

/// The one next step for the task. Pure: same input, same step.
TaskStep planTaskStep(const TaskPlanInput &in);
/// The same for a task read in place (the task controller plans every task on a pass: no copy).
TaskStep planTaskStep(const Task &task, const TaskPlanContext &context);

/// A Commit that stops the task as failed to start (TaskFailedToStart, `reason`, "Task X (td)
/// failed to start: reason" in the journal); None when the task is desired STOPPED already.
TaskStep failToStart(const Task &task, const QString &reason, const QDateTime &now);

} // namespace fd::tasks
