#pragma once

// The arithmetic of ECS rolling deployments (ECS-SEMANTICS 1.4), as pure functions: no control plane,
// no I/O, no signals. The service controller feeds them a snapshot and applies what they return; the
// console's pre-flight check and the service wizard call the same functions.

#include "Result.h"
#include "model/Task.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <chrono>
#include <optional>

namespace fd::services {

enum class SchedulingStrategy {
    Replica,
    Daemon,
};

// The percentages as given in deploymentConfiguration.
struct DeploymentPercents
{
    int minimumHealthyPercent = 100;
    int maximumPercent = 200;
    friend bool operator==(const DeploymentPercents &, const DeploymentPercents &) = default;
};

// Accepted ranges [derived]: the API model gives none, the documentation describes minimumHealthyPercent
// as a share of desiredCount that must stay RUNNING (so 0..100) and maximumPercent as the ceiling a
// deployment may surge to (the console offers 100..200). With these ranges maximumPercent >=
// minimumHealthyPercent always holds. A configuration inside the ranges that leaves no room to move
// (100/100) is accepted, as ECS accepts it: canMove() reports it and the controller emits the event.
inline constexpr int kMinimumHealthyPercentMin = 0;
inline constexpr int kMinimumHealthyPercentMax = 100;
inline constexpr int kMaximumPercentMin = 100;
inline constexpr int kMaximumPercentMax = 200;

// REPLICA 100/200, DAEMON 0/100.
DeploymentPercents defaultPercents(SchedulingStrategy strategy);
// Fills what the request left out with the strategy's defaults.
DeploymentPercents resolvePercents(SchedulingStrategy strategy, std::optional<int> minimumHealthyPercent,
                                   std::optional<int> maximumPercent);

// InvalidParameterException naming the field, e.g.
// "deploymentConfiguration.maximumPercent: must be between 100 and 200 (250)".
Status validatePercents(const DeploymentPercents &percents);

// Task counts derived from desiredCount and the percentages.
struct DeploymentBounds
{
    int minimumHealthy = 0; ///< tasks that must stay RUNNING and healthy: ceil(desired × min% / 100)
    int maximum = 0;        ///< tasks allowed RUNNING or PENDING: floor(desired × max% / 100)
    friend bool operator==(const DeploymentBounds &, const DeploymentBounds &) = default;
};

// minimumHealthyPercent rounds UP, maximumPercent rounds DOWN, in exact integer arithmetic:
// desired 3 at 50/150 → ceil(1.5) = 2 and floor(4.5) = 4. Fails on a negative desiredCount or
// percentages outside the ranges above.
Result<DeploymentBounds> deploymentBounds(int desiredCount, const DeploymentPercents &percents);
// The same without validation, for values already checked (the controller's every tick).
DeploymentBounds resolveBounds(int desiredCount, const DeploymentPercents &percents);

// The configuration must let the scheduler stop or start at least one task: true when the minimum
// is below desired (it may stop one) or the maximum above it (it may start one). Desired 2 at 75/100
// gives bounds 2/2 and cannot move; desired 3 with maximum 125% gives 3 and cannot start any.
// Desired 0 has nothing to replace, so nothing blocks it. ECS offers no escape hatch when this is
// false: the deployment stays where it is and the service emits "(service S) was unable to stop or
// start tasks during a deployment because of the service deployment configuration. ...".
bool canMove(const DeploymentBounds &bounds, int desiredCount);
// Why not, in the console's words; empty when it can move.
QString cannotMoveReason(const DeploymentBounds &bounds, int desiredCount);
// The service event of ECS-SEMANTICS 1.5 for that deadlock, in its API form.
QString cannotMoveEventMessage(const QString &serviceName);

// ---- The live controller's step -------------------------------------------------------------------

// What the controller observes for one service in one tick.
// Tasks of older deployments count toward minimumHealthyPercent while they are RUNNING without a
// failing health check, whether or not they have been judged healthy yet (a task RUNNING for 20 s of
// its 40 s, or inside healthCheckGracePeriodSeconds): ECS keeps that floor during a deployment and
// replaces first only the tasks that failed their health checks. New tasks, on the other hand, count
// only once judged healthy (judgeNewTaskHealth): that is what lets an old task go.
struct RolloutSnapshot
{
    int oldHealthy = 0;   ///< tasks of older deployments RUNNING without a failing health check
    int oldUnhealthy = 0; ///< tasks that failed their health checks (or are on their way out): replaced first
    int newHealthy = 0;   ///< tasks of the PRIMARY deployment counted healthy (see judgeNewTaskHealth)
    int newPending = 0;   ///< tasks of the PRIMARY deployment PENDING, or RUNNING but not healthy yet
    int oldStarting = 0;  ///< tasks of older deployments not RUNNING yet: outside the floor, kept while useful
    /// A task of this deployment could not be placed (no instance met its requirements): the new tasks
    /// lack room, so old ones may stop down to the minimumHealthyPercent floor to make it ("desired 4,
    /// min 50 % -> may stop 2 before starting 2").
    bool placementBlocked = false;
};

// What the controller does in this tick. The next tick observes the result.
struct StepPlan
{
    int startNew = 0;         ///< new tasks to launch now
    int stopOldUnhealthy = 0; ///< old tasks to stop now that do not count as healthy
    int stopOldHealthy = 0;   ///< old healthy tasks to stop now
    int stopOldStarting = 0;  ///< old tasks not RUNNING yet to stop now
    bool complete = false;    ///< no old task left and desired new tasks healthy
    bool stuck = false;       ///< nothing to do, nothing on its way, not complete: the bounds deadlock
    friend bool operator==(const StepPlan &, const StepPlan &) = default;
};

// One tick of the rolling update, in ECS's order: start what maximumPercent allows, then stop what
// minimumHealthyPercent allows, counting only healthy tasks (old ones RUNNING without a failing check,
// new ones judged healthy).
//   start = min(maximum − (every RUNNING or PENDING task), desired − new tasks)
//   stop old unhealthy: all of them (they failed their health checks: replaced first)
//   stop old starting = min(old starting, room the starts lack + (healthy + old starting − desired))
//   stop old healthy  = min(old healthy, healthy − minimumHealthy, room still lacking + surplus)
// where "room the starts lack" is the new tasks maximumPercent kept from starting (less what stopping the
// unhealthy frees; "still lacking" also less what stopping old starting ones frees) and "surplus" is
// healthy tasks beyond desired. Stopping only for those reasons is what makes desired 4 at 50/200 start
// 4 and then stop 4, rather than also stopping 2 it does not need to, and what keeps every old task
// that nothing replaces: when the new tasks cannot be placed, the service keeps what it has.
// Stops free room for the next tick only: a stopping task is RUNNING until it is STOPPED.
// Example, desired 4 at 50/100 (bounds 2/4), first tick: old 4, start min(4 − 4, 4) = 0, room lacking 4,
// stop min(4, 4 − 2, 4 + 0) = 2. New tasks beyond desired are scale-in's business, not this function's.
StepPlan planStep(int desiredCount, const RolloutSnapshot &observed, const DeploymentBounds &bounds);

// ---- The console's pre-flight check ----------------------------------------------------------------

struct RolloutStep
{
    enum class Action {
        Start,
        Stop,
    };
    Action action = Action::Start;
    int count = 0;
    int oldRunning = 0;       ///< after this step
    int newRunning = 0;       ///< after this step
    QString toString() const; // "start 4", "stop 2"
    friend bool operator==(const RolloutStep &, const RolloutStep &) = default;
};

struct RolloutPlan
{
    bool possible = true;
    QString reason; ///< why not, when !possible (cannotMoveReason)
    QList<RolloutStep> steps;
    int peakRunning = 0;     ///< most tasks RUNNING or PENDING at any point
    int lowestHealthy = 0;   ///< fewest healthy tasks at any point
    QString summary() const; // "start 4, stop 4"; "cannot move: ..." when impossible
};

// Simulates replacing `oldRunning` healthy tasks (default: desiredCount) by desiredCount new ones with
// planStep(), assuming every start becomes healthy before the next decision and every stop completes.
// Within one decision a start comes before a stop. Documented examples: 4 at 50/200 → start 4, stop 4;
// 4 at 50/100 → stop 2, start 2, stop 2, start 2; 2 at 75/100 → cannot move.
RolloutPlan planRollout(int desiredCount, const DeploymentBounds &bounds, std::optional<int> oldRunning = {});

// ---- Circuit breaker ---------------------------------------------------------------------------

inline constexpr int kCircuitBreakerMinimum = 3;      ///< current API documentation (the default)
inline constexpr int kCircuitBreakerMinimum2023 = 10; ///< 2023 documentation ("2023 mode")
inline constexpr int kCircuitBreakerMaximum = 200;

// Failed tasks that trip the breaker: max(minimum, min(200, ceil(0.5 × desired))), with the ceiling in
// integers as (desired + 1) / 2. Desired 25 → 13; 1 → 3 (or 10 in 2023 mode); 400 and 800 → 200.
int circuitBreakerThreshold(int desiredCount, int minimum = kCircuitBreakerMinimum);

// ---- Throttle of tasks that keep failing to start ------------------------------------------------

// Schedule [derived; ECS documents only "incrementally, up to 15 minutes"]: after the n-th consecutive
// task that went PENDING → STOPPED without reaching RUNNING, the next launch waits 10 s × 2^(n−1),
// capped at 15 min: 10 s, 20 s, 40 s, 80 s, 160 s, 320 s, 640 s, then 900 s from the 8th failure on.
// No failure, no wait.
inline constexpr std::chrono::seconds kThrottleFirstDelay{10};
inline constexpr std::chrono::seconds kThrottleMaxDelay{15 * 60};
// The service emits "(service S) is unable to consistently start tasks successfully." once the streak
// reaches this length [derived].
inline constexpr int kThrottleEventAfterFailures = 3;

std::chrono::seconds throttleDelay(int consecutiveStartFailures);

// The per-service throttle state as a value; the controller keeps one per service.
struct StartThrottle
{
    int consecutiveFailures = 0;
    QDateTime lastFailureAt;

    // A task stopped without ever reaching RUNNING.
    StartThrottle afterStartFailure(const QDateTime &at) const;
    // A task reached RUNNING: the service can start tasks, so the streak ends (failures after RUNNING
    // never count, ECS-SEMANTICS 1.4).
    StartThrottle afterTaskRunning() const;
    // UpdateService resets the back-off.
    StartThrottle afterServiceUpdate() const;

    QDateTime nextLaunchAllowedAt() const; // invalid when there is no back-off
    bool mayLaunch(const QDateTime &now) const;
    bool shouldEmitEvent() const; // the streak just reached kThrottleEventAfterFailures
    friend bool operator==(const StartThrottle &, const StartThrottle &) = default;
};

// ---- When a new task counts as healthy ------------------------------------------------------------

inline constexpr std::chrono::seconds kHealthyAfterRunningWithoutChecks{40};

struct HealthJudgement
{
    enum class State {
        NotYet,    ///< not counted yet; ask again at recheckAt (when valid) or on the next health change
        Healthy,   ///< counts toward minimumHealthyPercent and the rollout
        Unhealthy, ///< failed its essential health checks after the grace period: replace it
    };
    State state = State::NotYet;
    QDateTime recheckAt; ///< when the answer changes on time alone; invalid when it does not
    friend bool operator==(const HealthJudgement &, const HealthJudgement &) = default;
};

// The rule of the minimumHealthyPercent docstring, without a load balancer (the target group's verdict
// joins it when load balancers exist):
//  - not RUNNING yet (runningSince invalid): NotYet;
//  - no essential container with a health check: Healthy 40 s after RUNNING, NotYet before;
//  - with checks: Healthy when the task's aggregated health is HEALTHY (every essential checked
//    container healthy), NotYet while UNKNOWN, Unhealthy when UNHEALTHY, except that during
//    healthCheckGracePeriodSeconds after RUNNING an UNHEALTHY is ignored (NotYet, recheck at its end).
// Example: RUNNING at 12:00:00, no checks, now 12:00:30 → NotYet, recheck 12:00:40.
HealthJudgement judgeNewTaskHealth(const QDateTime &runningSince, const QDateTime &now, bool hasHealthChecks,
                                   Health taskHealth, int healthCheckGracePeriodSeconds = 0);

} // namespace fd::services
