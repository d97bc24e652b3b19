#include "DeploymentMath.h"

#include <QStringList>

#include <algorithm>

namespace fd::services {

namespace {

const QString kInvalid = QStringLiteral("InvalidParameterException");

Error invalid(const QString &field, const QString &reason)
{
    return makeError(kInvalid, field + QStringLiteral(": ") + reason, field);
}

Status checkRange(const QString &field, int value, int low, int high)
{
    if (value < low || value > high)
        return invalid(field, QStringLiteral("must be between %1 and %2 (%3)").arg(low).arg(high).arg(value));
    return Ok{};
}

// Products in 64 bits: desiredCount × percent overflows int beyond desired ≈ 10^7.
int ceilPercent(int desired, int percent)
{
    const qint64 product = qint64(desired) * percent;
    return int((product + 99) / 100);
}

int floorPercent(int desired, int percent)
{
    return int(qint64(desired) * percent / 100);
}

} // namespace

DeploymentPercents defaultPercents(SchedulingStrategy strategy)
{
    switch (strategy) {
    case SchedulingStrategy::Replica:
        return {100, 200};
    case SchedulingStrategy::Daemon:
        return {0, 100};
    }
    return {100, 200};
}

DeploymentPercents resolvePercents(SchedulingStrategy strategy, std::optional<int> minimumHealthyPercent,
                                   std::optional<int> maximumPercent)
{
    DeploymentPercents p = defaultPercents(strategy);
    if (minimumHealthyPercent)
        p.minimumHealthyPercent = *minimumHealthyPercent;
    if (maximumPercent)
        p.maximumPercent = *maximumPercent;
    return p;
}

Status validatePercents(const DeploymentPercents &percents)
{
    if (Status s = checkRange(QStringLiteral("deploymentConfiguration.minimumHealthyPercent"),
                              percents.minimumHealthyPercent, kMinimumHealthyPercentMin, kMinimumHealthyPercentMax);
        !s)
        return s;
    return checkRange(QStringLiteral("deploymentConfiguration.maximumPercent"), percents.maximumPercent,
                      kMaximumPercentMin, kMaximumPercentMax);
}

Result<DeploymentBounds> deploymentBounds(int desiredCount, const DeploymentPercents &percents)
{
    if (desiredCount < 0)
        return invalid(QStringLiteral("desiredCount"), QStringLiteral("must be at least 0 (%1)").arg(desiredCount));
    if (Status s = validatePercents(percents); !s)
        return s.error();
    return resolveBounds(desiredCount, percents);
}

DeploymentBounds resolveBounds(int desiredCount, const DeploymentPercents &percents)
{
    return {ceilPercent(desiredCount, percents.minimumHealthyPercent),
            floorPercent(desiredCount, percents.maximumPercent)};
}

bool canMove(const DeploymentBounds &bounds, int desiredCount)
{
    return desiredCount <= 0 || bounds.minimumHealthy < desiredCount || bounds.maximum > desiredCount;
}

QString cannotMoveReason(const DeploymentBounds &bounds, int desiredCount)
{
    if (canMove(bounds, desiredCount))
        return {};
    return QStringLiteral("minimumHealthyPercent keeps %1 of %2 tasks running (rounded up) and maximumPercent allows "
                          "at most %3 (rounded down), so the scheduler can neither stop nor start a task. Lower "
                          "minimumHealthyPercent or raise maximumPercent.")
        .arg(bounds.minimumHealthy)
        .arg(desiredCount)
        .arg(bounds.maximum);
}

QString cannotMoveEventMessage(const QString &serviceName)
{
    return QStringLiteral("(service %1) was unable to stop or start tasks during a deployment because of the service "
                          "deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try "
                          "again.")
        .arg(serviceName);
}

StepPlan planStep(int desiredCount, const RolloutSnapshot &o, const DeploymentBounds &bounds)
{
    StepPlan p;
    const int desired = std::max(0, desiredCount);
    const int newTasks = o.newHealthy + o.newPending;
    const int running = o.oldHealthy + o.oldUnhealthy + o.oldStarting + newTasks;

    const int wanted = std::max(0, desired - newTasks);
    p.startNew = std::clamp(bounds.maximum - running, 0, wanted);

    p.stopOldUnhealthy = o.oldUnhealthy;

    // Old tasks still starting count toward no floor, so they go first when room is lacking, and as
    // soon as the healthy tasks cover desired without them; otherwise they stay and may still serve.
    const int healthy = o.oldHealthy + o.newHealthy;
    const int lackingRoom = std::max(0, (o.placementBlocked ? wanted : wanted - p.startNew) - o.oldUnhealthy);
    p.stopOldStarting = std::min(o.oldStarting, lackingRoom + std::max(0, healthy + o.oldStarting - desired));

    // Worked example, desired 4 at 50/100 (bounds 2/4) once 2 new are healthy and 2 old remain:
    // start min(4 − 4, 2) = 0; lacking 2 − 0 − 0 = 2; surplus 2 + 2 − 4 = 0; allowed 4 − 2 = 2 → stop 2.
    const int lacking = std::max(0, lackingRoom - p.stopOldStarting);
    const int surplus = std::max(0, healthy - desired);
    const int allowed = std::max(0, healthy - bounds.minimumHealthy);
    p.stopOldHealthy = std::min({o.oldHealthy, allowed, lacking + surplus});

    p.complete = o.oldHealthy == 0 && o.oldUnhealthy == 0 && o.oldStarting == 0 && o.newHealthy >= desired;
    p.stuck = !p.complete && o.newPending == 0 && o.oldStarting == 0 && p.startNew == 0 && p.stopOldUnhealthy == 0 &&
              p.stopOldHealthy == 0;
    return p;
}

QString RolloutStep::toString() const
{
    return (action == Action::Start ? QStringLiteral("start %1") : QStringLiteral("stop %1")).arg(count);
}

QString RolloutPlan::summary() const
{
    if (!possible)
        return QStringLiteral("cannot move: ") + reason;
    QStringList parts;
    for (const RolloutStep &s : steps)
        parts << s.toString();
    return parts.join(QStringLiteral(", "));
}

RolloutPlan planRollout(int desiredCount, const DeploymentBounds &bounds, std::optional<int> oldRunning)
{
    RolloutPlan plan;
    const int desired = std::max(0, desiredCount);
    RolloutSnapshot s;
    s.oldHealthy = std::max(0, oldRunning.value_or(desired));
    plan.peakRunning = s.oldHealthy;
    plan.lowestHealthy = s.oldHealthy;
    if (!canMove(bounds, desired)) {
        plan.possible = false;
        plan.reason = cannotMoveReason(bounds, desired);
        return plan;
    }

    // Each decision moves at least one task or is stuck, so 2 × (old + desired) + 1 decisions suffice.
    const int guard = 2 * (s.oldHealthy + desired) + 1;
    for (int i = 0; i <= guard; ++i) {
        const StepPlan step = planStep(desired, s, bounds);
        if (step.complete)
            return plan;
        if (step.stuck)
            break;
        if (step.startNew > 0) {
            s.newHealthy += step.startNew; // assumption of the pre-flight check: healthy before the next decision
            plan.steps << RolloutStep{RolloutStep::Action::Start, step.startNew, s.oldHealthy, s.newHealthy};
            plan.peakRunning = std::max(plan.peakRunning, s.oldHealthy + s.newHealthy);
        }
        if (step.stopOldHealthy > 0) {
            s.oldHealthy -= step.stopOldHealthy;
            plan.steps << RolloutStep{RolloutStep::Action::Stop, step.stopOldHealthy, s.oldHealthy, s.newHealthy};
            plan.lowestHealthy = std::min(plan.lowestHealthy, s.oldHealthy + s.newHealthy);
        }
    }
    // planStep() stalls only when canMove() is false, which was checked above; this guard keeps the
    // console from looping should that ever change.
    plan.possible = false;
    plan.reason = QStringLiteral("the rollout stops with %1 old and %2 new tasks running: the scheduler can neither "
                                 "stop nor start a task.")
                      .arg(s.oldHealthy)
                      .arg(s.newHealthy);
    return plan;
}

int circuitBreakerThreshold(int desiredCount, int minimum)
{
    const int half = int((qint64(std::max(0, desiredCount)) + 1) / 2);
    return std::max(minimum, std::min(kCircuitBreakerMaximum, half));
}

std::chrono::seconds throttleDelay(int consecutiveStartFailures)
{
    if (consecutiveStartFailures <= 0)
        return std::chrono::seconds{0};
    // 10 s × 2^(n−1); from n = 8 on (1,280 s) the cap of 900 s applies, so the shift never overflows.
    const int exponent = std::min(consecutiveStartFailures - 1, 7);
    return std::min(kThrottleFirstDelay * (1 << exponent), kThrottleMaxDelay);
}

StartThrottle StartThrottle::afterStartFailure(const QDateTime &at) const
{
    return {consecutiveFailures + 1, at};
}

StartThrottle StartThrottle::afterTaskRunning() const
{
    return {};
}

StartThrottle StartThrottle::afterServiceUpdate() const
{
    return {};
}

QDateTime StartThrottle::nextLaunchAllowedAt() const
{
    if (consecutiveFailures <= 0 || !lastFailureAt.isValid())
        return {};
    return lastFailureAt.addSecs(throttleDelay(consecutiveFailures).count());
}

bool StartThrottle::mayLaunch(const QDateTime &now) const
{
    const QDateTime next = nextLaunchAllowedAt();
    return !next.isValid() || now >= next;
}

bool StartThrottle::shouldEmitEvent() const
{
    return consecutiveFailures == kThrottleEventAfterFailures;
}

HealthJudgement judgeNewTaskHealth(const QDateTime &runningSince, const QDateTime &now, bool hasHealthChecks,
                                   Health taskHealth, int healthCheckGracePeriodSeconds)
{
    using State = HealthJudgement::State;
    if (!runningSince.isValid())
        return {State::NotYet, {}};
    if (!hasHealthChecks) {
        // Compared in milliseconds since the epoch, as QDateTime compares: a service's pass judges
        // every task, and the time of a healthy one is only needed when it is not healthy yet.
        const qint64 healthyAtMs =
            runningSince.toMSecsSinceEpoch() + std::chrono::milliseconds(kHealthyAfterRunningWithoutChecks).count();
        if (now.isValid() && now.toMSecsSinceEpoch() >= healthyAtMs)
            return {State::Healthy, {}};
        return {State::NotYet, runningSince.addSecs(kHealthyAfterRunningWithoutChecks.count())};
    }
    switch (taskHealth) {
    case Health::Healthy:
        return {State::Healthy, {}};
    case Health::Unknown:
        return {State::NotYet, {}};
    case Health::Unhealthy: {
        const QDateTime graceEnds = runningSince.addSecs(std::max(0, healthCheckGracePeriodSeconds));
        if (now < graceEnds)
            return {State::NotYet, graceEnds};
        return {State::Unhealthy, {}};
    }
    }
    return {State::NotYet, {}};
}

} // namespace fd::services
