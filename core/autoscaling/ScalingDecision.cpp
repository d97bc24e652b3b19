#include "autoscaling/ScalingDecision.h"

#include <algorithm>
#include <cmath>

namespace fd::autoscaling {

namespace {

ScalingOutcome nothing(const ScalingInput &in, QString reason, QDateTime heldUntil = {})
{
    ScalingOutcome o;
    o.desired = in.current;
    o.reason = std::move(reason);
    o.memory = in.memory;
    o.heldUntil = std::move(heldUntil);
    return o;
}

struct Computed
{
    const Proposal *proposal = nullptr;
    TargetTrackingProposal value;
};

ScalingOutcome scaleOut(const ScalingInput &in, const QList<const Proposal *> &outs)
{
    if (in.scaleOutSuspended)
        return nothing(in, QStringLiteral("scale-out suspended (DynamicScalingOutSuspended)"));
    const bool cooling = in.memory.inScaleOutCooldown(in.now);
    const int base = cooling ? in.memory.capacityBeforeScaleOut : in.current;
    Computed best;
    for (const Proposal *p : outs) {
        const TargetTrackingProposal v = p->propose(base);
        if (!best.proposal || v.desired > best.value.desired)
            best = {p, v};
    }
    const int desired = std::min(best.value.desired, in.maxCapacity);
    if (desired <= in.current) {
        if (cooling && best.value.desired <= in.current)
            return nothing(in,
                           QStringLiteral("scale-out cooldown: %1 (from %2 tasks before the last scale-out) is not more "
                                          "than the %3 tasks already set")
                               .arg(best.value.explanation)
                               .arg(base)
                               .arg(in.current),
                           in.memory.lastScaleOutAt.addSecs(in.memory.scaleOutCooldown.count()));
        return nothing(in, QStringLiteral("%1, but the maximum capacity is %2").arg(best.value.explanation).arg(in.maxCapacity));
    }
    ScalingOutcome o;
    o.kind = ScalingOutcome::Kind::ScaleOut;
    o.desired = desired;
    o.policyName = best.proposal->policyName;
    o.alarmName = best.proposal->alarmName;
    o.reason = desired < best.value.desired
                   ? QStringLiteral("%1, capped at the maximum capacity %2").arg(best.value.explanation).arg(in.maxCapacity)
                   : best.value.explanation;
    o.memory = in.memory;
    o.memory.lastScaleOutAt = in.now;
    o.memory.capacityBeforeScaleOut = base; // a chain of scale-outs in one cooldown keeps counting from its start
    o.memory.scaleOutCooldown = best.proposal->scaleOutCooldown;
    return o;
}

ScalingOutcome scaleIn(const ScalingInput &in, const QList<const Proposal *> &ins)
{
    if (int(ins.size()) < in.policyCount)
        return nothing(in, QStringLiteral("scale in needs all policies: %1 of %2 agree").arg(ins.size()).arg(in.policyCount));
    if (in.deploymentInProgress)
        return nothing(in, QStringLiteral("scale-in suspended: deployment in progress"));
    if (in.scaleInSuspended)
        return nothing(in, QStringLiteral("scale-in suspended (DynamicScalingInSuspended)"));
    if (in.memory.inScaleInCooldown(in.now)) {
        const QDateTime until = in.memory.lastScaleInAt.addSecs(in.memory.scaleInCooldown.count());
        return nothing(in, QStringLiteral("scale-in cooldown until %1").arg(until.toString(Qt::ISODate)), until);
    }
    Computed least; // several policies scaling in: the one that removes the fewest tasks
    for (const Proposal *p : ins) {
        const TargetTrackingProposal v = p->propose(in.current);
        if (!least.proposal || v.desired > least.value.desired)
            least = {p, v};
    }
    const int desired = std::max(least.value.desired, in.minCapacity);
    if (desired >= in.current)
        return nothing(in, QStringLiteral("%1, but the minimum capacity is %2").arg(least.value.explanation).arg(in.minCapacity));
    ScalingOutcome o;
    o.kind = ScalingOutcome::Kind::ScaleIn;
    o.desired = desired;
    o.policyName = least.proposal->policyName;
    o.alarmName = least.proposal->alarmName;
    o.reason = desired > least.value.desired
                   ? QStringLiteral("%1, kept at the minimum capacity %2").arg(least.value.explanation).arg(in.minCapacity)
                   : least.value.explanation;
    o.memory = in.memory;
    o.memory.lastScaleInAt = in.now;
    o.memory.scaleInCooldown = least.proposal->scaleInCooldown;
    return o;
}

} // namespace

QString oneDecimal(double v)
{
    // + 0.0: a value that rounds to -0 reads 0.
    return QString::number(std::round(v * 10) / 10 + 0.0, 'g', 10);
}

bool ScalingMemory::inScaleOutCooldown(const QDateTime &now) const
{
    return lastScaleOutAt.isValid() && now < lastScaleOutAt.addSecs(scaleOutCooldown.count());
}

bool ScalingMemory::inScaleInCooldown(const QDateTime &now) const
{
    return lastScaleInAt.isValid() && now < lastScaleInAt.addSecs(scaleInCooldown.count());
}

TargetTrackingProposal targetTracking(int current, double metric, double target, const QString &unit)
{
    TargetTrackingProposal p;
    if (target <= 0 || current <= 0 || !std::isfinite(metric)) {
        p.desired = current;
        p.explanation = QStringLiteral("target tracking: no proportional count from %1 tasks").arg(current);
        return p;
    }
    const double exact = current * metric / target;
    // A hair of tolerance so that 2 x 75 / 50 = 3.0000000004 does not round up to 4.
    p.desired = int(std::ceil(exact - 1e-9));
    p.explanation = QStringLiteral("target tracking: %1%4 ÷ %2%4 × %3 tasks = %5")
                        .arg(oneDecimal(metric), oneDecimal(target))
                        .arg(current)
                        .arg(unit, oneDecimal(exact));
    if (std::abs(exact - p.desired) > 1e-9)
        p.explanation += QStringLiteral(", rounded up to %1").arg(p.desired);
    return p;
}

ScalingOutcome decide(const ScalingInput &in)
{
    if (in.proposals.isEmpty())
        return nothing(in, QStringLiteral("no scaling alarm is in ALARM"));
    QList<const Proposal *> outs, ins;
    for (const Proposal &p : in.proposals) {
        const int d = p.propose(in.current).desired;
        if (d > in.current)
            outs.append(&p);
        else if (d < in.current && !p.scaleInDisabled)
            ins.append(&p);
    }
    if (!outs.isEmpty())
        return scaleOut(in, outs); // any policy may scale out
    if (!ins.isEmpty())
        return scaleIn(in, ins);
    return nothing(in, QStringLiteral("the policies propose the current %1 tasks").arg(in.current));
}

QString activityCause(const QString &alarmName, const QString &policyName)
{
    return QStringLiteral("monitor alarm %1 in state ALARM triggered policy %2").arg(alarmName, policyName);
}

QString activityDescription(int desired)
{
    return QStringLiteral("Setting desired count to %1.").arg(desired);
}

QString activitySuccessMessage(int desired)
{
    return QStringLiteral("Successfully set desired count to %1. Change successfully fulfilled by ecs.").arg(desired);
}

} // namespace fd::autoscaling
