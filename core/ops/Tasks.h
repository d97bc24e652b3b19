#pragma once

#include "ops/Domain.h"
#include "fargate/Launch.h"
#include "model/Network.h"
#include "model/Task.h"
#include "model/TaskDefinition.h"
#include "tags/Tag.h"

#include <QList>
#include <QStringList>

#include <chrono>
#include <functional>
#include <optional>

namespace fd::ops {

// RunTask and StartTask. ECS-SEMANTICS.md §1.2-1.3.
struct RunTaskRequest
{
    QString cluster;
    QString taskDefinition; // family, family:revision or ARN
    int count = 1;          // 1-10
    QString group;          // empty: family:<family>
    QString startedBy;
    QList<ContainerOverride> overrides;
    // launchType (EC2 or FARGATE) or capacityProviderStrategy, not both; neither: the cluster's default
    // strategy when it has one, else EC2. FARGATE needs an awsvpc task definition and a network
    // configuration; platformVersion empty means LATEST.
    QString launchType;
    QList<CapacityProviderStrategyItem> capacityProviderStrategy;
    QString platformVersion;
    std::optional<AwsVpcConfiguration> networkConfiguration;
    QList<scheduler::Strategy> placementStrategy; // empty: none
    QList<scheduler::Constraint> placementConstraints;
    // StartTask: exactly these instances (ids or ARNs), one task on each, no strategies.
    QStringList containerInstances;
    // Instead of failing, keep a task no instance can take PENDING (with its reason) and place it as
    // soon as capacity appears. The console's choice; RunTask over the API fails as ECS.
    bool queueWhenUnplaceable = false;
    // A service's launch (the service controller): the "(service S) has started N tasks: ..." event
    // is committed with the tasks, followed by `startedEventSuffix` when not empty. With
    // containerInstances, the placement constraints bind too (DAEMON services).
    QString service;
    QString startedEventSuffix;
    // The tasks' tags: these, plus the task definition's with propagateTags TASK_DEFINITION, plus
    // aws:ecs:clusterName with enableECSManagedTags. A service's tasks follow the service's settings.
    tags::TagList tags;
    tags::Propagate propagateTags = tags::Propagate::None;
    bool enableECSManagedTags = false;
};

struct TaskFailure
{
    QString arn;    // the instance (or cluster) concerned, may be empty
    QString reason; // RESOURCE:CPU, RESOURCE:MEMORY, RESOURCE:PORTS, AGENT, ATTRIBUTE, MISSING, ...
    QString detail; // a sentence naming the closest instance and why it could not take the task
};

struct RunTaskResult
{
    QList<Task> tasks;
    QList<TaskFailure> failures;
};

struct TaskFilter
{
    QString family;
    QString startedBy;
    QString containerInstance; // id or ARN
    QString group;
    std::optional<TaskStatus> desiredStatus; // RUNNING matches tasks desired RUNNING or PENDING
};

// One placement decision: where each of `count` tasks goes, or why none can take it.
struct PlacementDecision
{
    struct One
    {
        QString instanceId;    // empty: no instance can take this task
        QString explanation;   // why this instance ("ranked 1 of 3: ...")
        QString failureReason; // RESOURCE:MEMORY, AGENT, ATTRIBUTE, ... when unplaced
        QString failureDetail; // a sentence naming the closest instance
        QString failureArn;    // the closest instance's ARN, as ECS puts in failures[].arn
    };
    QList<One> tasks;
};

// The launch settings of a RunTask or a service, checked against the definition and resolved.
struct LaunchSettings
{
    QString platformVersion; // FARGATE: resolved ("1.4.0" for LATEST); empty for EC2
};

// The stoppedReason of an interrupted FARGATE_SPOT task (ECS's words).
inline const QString kSpotInterruptedReason = QStringLiteral("Your Spot Task was interrupted.");

// Checks what goes with a launch (ECS's rules, InvalidParameterException unless said):
//   FARGATE: a definition that supports it ("Task definition does not support launch_type
//     FARGATE."), a valid platform version, no placement strategies or constraints (the request's
//     or the definition's: "Placement strategies are not supported with FARGATE launch type." /
//     "Placement constraints are not supported with FARGATE launch type.");
//   EC2: no platformVersion;
//   awsvpc definitions: a network configuration with at least one subnet ("Network Configuration
//     must be provided when networkMode 'awsvpc' is specified."); other network modes: none
//     ("Network Configuration is not valid for the given networkMode of this task definition.").
Result<LaunchSettings> checkLaunchSettings(const fargate::LaunchSpec &launch, const TaskDefinition &td,
                                           const QString &platformVersion,
                                           const std::optional<AwsVpcConfiguration> &networkConfiguration,
                                           const QList<scheduler::Strategy> &placementStrategy,
                                           const QList<scheduler::Constraint> &placementConstraints);

// Asks `t` to stop with `code` and `reason`. A task never placed anywhere (nothing runs) is STOPPED
// at once, at `now`; a placed one is left for the task controller to stop.
void requestStop(Task &t, StopCode code, const QString &reason, const QDateTime &now);

// Tasks: RunTask, StartTask, StopTask, the task controller's updates and the tasks themselves.
class Tasks final : public Domain
{
public:
    Tasks(ControlPlane &cp, const Registries &r) : Domain(cp, r) {}

    // Places and commits the tasks (PROVISIONING on their instance) in one transaction; the task
    // controller then starts their containers. Request errors (unknown cluster or task definition,
    // bad count, bad strategy or constraint) fail the call; placement failures are failures[], as ECS.
    Result<RunTaskResult> run(const RunTaskRequest &request);
    // FARGATE_SPOT interruption, on demand (the console's Interrupt, tests): the task is asked to
    // stop with stopCode SpotInterruption and "Your Spot Task was interrupted."; its containers get
    // SIGTERM at once (the two-minute warning) and SIGKILL after at most min(stopTimeout, 120 s) of
    // control-plane time; its targets are deregistered as for any stop and its service replaces it.
    // Errors: unknown cluster or task; a task that is not FARGATE_SPOT ("... is not a FARGATE_SPOT
    // task: only Spot tasks can be interrupted"); a task already stopping.
    Result<Task> interruptSpot(const QString &cluster, const QString &idOrArn);
    // desiredStatus STOPPED; the controller stops the containers. Stopping a stopped task returns it.
    // An empty reason is ECS's "Task stopped by user".
    Result<Task> stop(const QString &cluster, const QString &idOrArn, const QString &reason = {},
                      StopCode code = StopCode::UserInitiated);
    // Of one cluster (empty: all), creation order. Stopped tasks stay for at least an hour.
    QList<Task> list(const QString &cluster = {}, const TaskFilter &filter = {}) const;
    std::optional<Task> find(const QString &cluster, const QString &idOrArn) const;
    // For the task controller: applies `mutate` to the task, bumps its version, commits it with the
    // events (their messages) in one transaction. Instance usage follows the task.
    Result<Task> update(const QString &id, const std::function<void(Task &)> &mutate,
                        const QStringList &eventMessages = {});
    // UpdateTaskProtection for one task: scale-in protection from now for `minutes` (none: ECS's
    // default, kDefaultProtectionMinutes), or none with `enabled` false. Refusals carry
    // UpdateTaskProtection's failure reason as the code and its detail as the message: MISSING (no
    // such task in `cluster`), TASK_NOT_VALID (not a service's task; stopping or stopped). Minutes
    // outside 1-kMaxProtectionMinutes, or given with `enabled` false, are
    // InvalidParameterException (checkProtectionMinutes).
    Result<Task> setProtection(const QString &cluster, const QString &idOrArn, bool enabled,
                               std::optional<int> minutes = std::nullopt);
    static constexpr int kDefaultProtectionMinutes = 120; // two hours, as ECS
    static constexpr int kMaxProtectionMinutes = 2880;    // 48 hours
    static Status checkProtectionMinutes(bool enabled, std::optional<int> minutes);
    // Only a service's tasks have scale-in protection; the refusal of any other (TASK_NOT_VALID).
    static bool isServiceTask(const Task &t) { return t.group.startsWith(u"service:"); }
    static Error notAServiceTask();
    // Places the PENDING tasks that wait for capacity, oldest first; returns how many were placed.
    int placeWaiting();
    // Forgets tasks STOPPED for longer than `keep` (at least an hour by default, as ECS).
    int purgeStopped(std::chrono::milliseconds keep = std::chrono::hours(1));

    // The tasks as stored, read in place (indexes by id and by cluster+group) by the controllers.
    const registries::TaskRegistry &registry() const { return *m_taskRegistry; }
    // For other domains' transactions: stage a task write, with its instance and cluster as derived
    // changes when its usage moves.
    void stage(state::Transaction &tx, const Task &t);
    // A task of `td` in `cluster` before placement: reservations, containers, group family:<family>.
    Task prototype(const QString &cluster, const TaskDefinition &td) const;
    // Where `count` copies of `prototype` go (onInstances: StartTask's named instances), counting
    // `alsoPlaced` as already there. Strategy or constraint errors fail the call.
    Result<PlacementDecision> place(const QString &cluster, const Task &prototype, int count,
                                    const QStringList &onInstances, const QList<Task> &alsoPlaced) const;

    // The ENI addresses held now: every awsvpc task not STOPPED holds its ENI's, and no instance
    // address is handed out.
    EniAddressPool addressPool() const;
    // Where a cluster's FARGATE tasks run: the engine of the cluster's container instances when they
    // all share one, else the local engine ("local"), else the only engine there is.
    Result<QString> fargateEngine(const QString &cluster) const;

private:
    // The tags a RunTask/StartTask/service launch gives its tasks (request, propagated, managed).
    Result<tags::TagList> tagsForNewTasks(const RunTaskRequest &request, const QString &cluster,
                                          const TaskDefinition &td) const;
};

} // namespace fd::ops
