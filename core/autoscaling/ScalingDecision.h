#pragma once

// How Application Auto Scaling turns the policies' proposals into one desired count for an ECS
// service (ECS-SEMANTICS.md 1.10), as a pure function: target tracking's proportional count, the
// several-policies rule (scale out if any policy says so, scale in only if all do), cooldowns (a
// scale-out during the scale-in cooldown happens at once; during the scale-out cooldown the capacity
// the last scale-out added counts toward the next one), min/max capacity, scale-in suspended while a
// deployment is in progress, and the reason of every outcome in words the console shows.

#include <QDateTime>
#include <QList>
#include <QString>

#include <chrono>
#include <functional>

namespace fd::autoscaling {

inline constexpr int kDefaultCooldownSeconds = 300; // ScaleOutCooldown, ScaleInCooldown, step Cooldown for ECS

// A number in the explanations: one decimal at most, as a teacher reads it aloud (83, 3.3, 0.5, 0).
QString oneDecimal(double v);

// Target tracking: ceil(current x metric / target), rounded up both ways ("round conservatively":
// out by enough, in by no more than needed). explanation: "target tracking: 83 % ÷ 50 % × 2 tasks =
// 3.3, rounded up to 4" (the unit is " %" for the utilisation metrics, empty for others).
struct TargetTrackingProposal
{
    int desired = 0;
    QString explanation;
};
TargetTrackingProposal targetTracking(int current, double metric, double target, const QString &unit = QStringLiteral(" %"));

// What one policy proposes when its alarm fires. `propose` computes the count from a base capacity:
// the current one, or during a scale-out cooldown the capacity before that scale-out (so what it
// added counts toward this one instead of being added again).
struct Proposal
{
    QString policyName;
    QString alarmName; // the alarm that triggered it
    std::function<TargetTrackingProposal(int base)> propose;
    bool scaleInDisabled = false; // DisableScaleIn of a target tracking policy
    std::chrono::seconds scaleOutCooldown{kDefaultCooldownSeconds};
    std::chrono::seconds scaleInCooldown{kDefaultCooldownSeconds};
};

// What the scalable target remembers between decisions.
struct ScalingMemory
{
    QDateTime lastScaleOutAt;      // invalid: none
    int capacityBeforeScaleOut = 0; // the capacity the last scale-out started from
    std::chrono::seconds scaleOutCooldown{0};
    QDateTime lastScaleInAt;
    std::chrono::seconds scaleInCooldown{0};

    bool inScaleOutCooldown(const QDateTime &now) const;
    bool inScaleInCooldown(const QDateTime &now) const;
};

struct ScalingInput
{
    int current = 0; // the service's desiredCount now
    int minCapacity = 0;
    int maxCapacity = 0;
    QList<Proposal> proposals; // the policies whose alarm is in ALARM now (target tracking: both alarms)
    int policyCount = 0;        // all of the target's policies, for "scale in needs all policies"
    bool deploymentInProgress = false;
    bool scaleInSuspended = false;  // DynamicScalingInSuspended
    bool scaleOutSuspended = false; // DynamicScalingOutSuspended
    QDateTime now;
    ScalingMemory memory;
};

struct ScalingOutcome
{
    enum class Kind { None, ScaleOut, ScaleIn };
    Kind kind = Kind::None;
    int desired = 0;     // the new desiredCount (== current when Kind::None)
    QString policyName;  // the proposal that won (for the activity's cause)
    QString alarmName;
    QString reason;      // why: the arithmetic, or the banner that held it ("scale-in suspended: deployment in progress")
    ScalingMemory memory; // to keep for the next decision
    // When a cooldown held a change back: when it ends (invalid otherwise).
    QDateTime heldUntil;
};

ScalingOutcome decide(const ScalingInput &input);

// The scaling activity's words as Application Auto Scaling writes them (ECS-SEMANTICS.md 1.10).
QString activityCause(const QString &alarmName, const QString &policyName); // "monitor alarm A in state ALARM triggered policy P"
QString activityDescription(int desired);                                   // "Setting desired count to 4."
QString activitySuccessMessage(int desired); // "Successfully set desired count to 4. Change successfully fulfilled by ecs."

} // namespace fd::autoscaling
