#include "controllers/AutoScalingInputs.h"

#include "ControlPlane.h"
#include "metrics/MetricStore.h"
#include "ops/Alarms.h"
#include "ops/Services.h"

#include <algorithm>

namespace fd {

using namespace autoscaling;

namespace {

std::chrono::seconds cooldown(std::optional<int> seconds)
{
    return std::chrono::seconds(seconds.value_or(kDefaultCooldownSeconds));
}

Proposal targetTrackingProposal(const ScalingPolicy &p, const alarms::MetricAlarm &alarm, double metric,
                                const QString &unitSuffix)
{
    const TargetTrackingConfiguration &c = *p.targetTracking;
    Proposal out;
    out.policyName = p.name;
    out.alarmName = alarm.name();
    const double target = c.targetValue;
    out.propose = [metric, target, unitSuffix](int base) { return targetTracking(base, metric, target, unitSuffix); };
    out.scaleInDisabled = c.disableScaleIn.value_or(false);
    out.scaleOutCooldown = cooldown(c.scaleOutCooldown);
    out.scaleInCooldown = cooldown(c.scaleInCooldown);
    return out;
}

std::optional<Proposal> stepProposal(const ScalingPolicy &p, const alarms::MetricAlarm &alarm, double metric)
{
    const StepScalingConfiguration config = *p.step;
    const double threshold = alarm.definition.threshold;
    const StepAdjustment *matched = matchStep(config.steps, metric, threshold);
    if (!matched)
        return std::nullopt;
    const StepAdjustment step = *matched;
    Proposal out;
    out.policyName = p.name;
    out.alarmName = alarm.name();
    out.propose = [config, step, metric, threshold](int base) {
        TargetTrackingProposal v;
        v.desired = std::max(
            0, adjustedCapacity(config.adjustmentType, base, step.scalingAdjustment, config.minAdjustmentMagnitude));
        v.explanation = describeStep(config, step, metric, threshold, base, v.desired);
        return v;
    };
    out.scaleOutCooldown = cooldown(config.cooldownSeconds);
    out.scaleInCooldown = cooldown(config.cooldownSeconds);
    return out;
}

} // namespace

QList<alarms::MetricAlarm> policyAlarms(const ControlPlane &cp, const ScalingPolicy &policy)
{
    if (policy.type == PolicyType::TargetTrackingScaling) {
        QList<alarms::MetricAlarm> out;
        for (const AlarmRef &a : policy.alarms) {
            if (std::optional<alarms::MetricAlarm> alarm = cp.alarms().find(a.name))
                out.append(*alarm);
        }
        return out;
    }
    QList<alarms::MetricAlarm> out;
    for (const alarms::MetricAlarm &a : cp.alarms().describe({})) {
        const QStringList &actions = a.definition.alarmActions;
        if (actions.contains(policy.arn))
            out.append(a);
    }
    return out;
}

std::optional<double> latestValue(const ControlPlane &cp, const alarms::AlarmDefinition &alarm)
{
    const qint64 period = qint64(alarm.periodSeconds) * 1000;
    const qint64 nowMs = cp.clock().now().toMSecsSinceEpoch();
    metrics::StatisticsQuery q;
    q.metric = alarm.metric;
    q.periodSeconds = alarm.periodSeconds;
    q.endMs = metrics::alignedStart(nowMs, alarm.periodSeconds) + period;
    q.startMs = q.endMs - 4 * period;
    const metrics::Statistic statistic = alarm.statistic.value_or(metrics::Statistic::Average);
    q.statistics = {statistic};
    q.unit = alarm.unit;
    Result<std::vector<metrics::StatisticsDatapoint>> points = cp.metricStore().statistics(q);
    if (!points || points->empty())
        return std::nullopt;
    auto latest = std::max_element(points->begin(), points->end(),
                                   [](const auto &a, const auto &b) { return a.timestampMs < b.timestampMs; });
    return latest->get(statistic);
}

PolicyInputs policyInputs(const ControlPlane &cp, const ScalingPolicy &policy)
{
    PolicyInputs in;
    in.policy = &policy;
    in.alarms = policyAlarms(cp, policy);
    if (policy.type == PolicyType::TargetTrackingScaling) {
        in.canScaleIn = !policy.targetTracking->disableScaleIn.value_or(false);
    } else {
        in.canScaleIn = std::any_of(policy.step->steps.cbegin(), policy.step->steps.cend(),
                                    [](const StepAdjustment &s) { return s.scalingAdjustment < 0; }) ||
                        policy.step->adjustmentType == AdjustmentType::ExactCapacity;
    }
    for (const alarms::MetricAlarm &a : in.alarms) {
        if (a.status.state != alarms::AlarmState::Alarm)
            continue;
        const std::optional<double> value = latestValue(cp, a.definition);
        if (!value)
            continue; // no scaling on insufficient data
        if (policy.type == PolicyType::TargetTrackingScaling) {
            const QString suffix =
                a.definition.unit == metrics::StandardUnit::Percent ? QStringLiteral(" %") : QString();
            in.proposals.append(targetTrackingProposal(policy, a, *value, suffix));
        } else if (std::optional<Proposal> p = stepProposal(policy, a, *value)) {
            in.proposals.append(*p);
        }
    }
    return in;
}

ScalingInput scalingInput(const ControlPlane &cp, const ScalableTarget &target)
{
    ScalingInput in;
    in.minCapacity = target.minCapacity;
    in.maxCapacity = target.maxCapacity;
    in.scaleInSuspended = target.suspended.dynamicScalingInSuspended;
    in.scaleOutSuspended = target.suspended.dynamicScalingOutSuspended;
    in.now = cp.clock().now();
    in.memory = target.memory;
    const std::optional<Service> service = cp.services().find(target.cluster(), target.service());
    if (!service || service->status != ServiceStatus::Active) {
        in.current = -1;
        return in;
    }
    in.current = service->desiredCount;
    in.deploymentInProgress = service->deployments.size() > 1;
    for (const ScalingPolicy &p : target.policies) {
        PolicyInputs pi = policyInputs(cp, p);
        if (pi.canScaleIn)
            ++in.policyCount;
        in.proposals.append(pi.proposals);
    }
    return in;
}

} // namespace fd
