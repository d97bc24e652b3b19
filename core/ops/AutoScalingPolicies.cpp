// PutScalingPolicy and DeleteScalingPolicy of ops::AutoScaling, with the alarms a target tracking
// policy owns.

#include "ControlPlane.h"
#include "model/Arn.h"
#include "ops/Alarms.h"
#include "ops/AutoScaling.h"
#include "registries/AutoScalingRegistry.h"

#include <QUuid>

#include <algorithm>
#include <cmath>

namespace fd::ops {

using namespace autoscaling;

namespace {

constexpr int kMaxPoliciesPerTarget = 50;

Status checkCooldown(std::optional<int> seconds, const QString &field)
{
    if (seconds && (*seconds < 0 || *seconds > 1000000000))
        return aasValidation(
            field, QStringLiteral("%1: must be between 0 and 1000000000 seconds (got %2)").arg(field).arg(*seconds));
    return Ok{};
}

Result<TrackedMetric> trackedOf(const QString &resourceId, const TargetTrackingConfiguration &c)
{
    const QString prefix = QStringLiteral("TargetTrackingScalingPolicyConfiguration.");
    if (c.predefined.has_value() == c.customized.has_value())
        return aasValidation(prefix + QStringLiteral("PredefinedMetricSpecification"),
                             QStringLiteral("%1: give exactly one of PredefinedMetricSpecification and "
                                            "CustomizedMetricSpecification")
                                 .arg(prefix.chopped(1)));
    if (c.predefined)
        return trackedMetric(resourceId, *c.predefined);
    const CustomizedMetricSpec &m = *c.customized;
    const QString field = prefix + QStringLiteral("CustomizedMetricSpecification");
    if (m.metricName.isEmpty() || m.metricNamespace.isEmpty() || m.statistic.isEmpty())
        return aasValidation(field, QStringLiteral("%1: MetricName, Namespace and Statistic are required").arg(field));
    Result<metrics::MetricId> id = metrics::makeMetricId(m.metricNamespace, m.metricName, m.dimensions);
    if (!id)
        return aasValidation(field, QStringLiteral("%1: %2").arg(field, id.error().message));
    CustomizedMetric cm;
    cm.metric = std::move(id).value();
    const std::optional<metrics::Statistic> statistic = metrics::statisticFromString(m.statistic);
    if (!statistic)
        return aasValidation(
            field + QStringLiteral(".Statistic"),
            QStringLiteral("%1.Statistic: '%2' is not one of Average, Minimum, Maximum, SampleCount, Sum")
                .arg(field, m.statistic));
    cm.statistic = *statistic;
    if (m.unit) {
        cm.unit = metrics::standardUnitFromString(*m.unit);
        if (!cm.unit)
            return aasValidation(field + QStringLiteral(".Unit"),
                                 QStringLiteral("%1.Unit: '%2' is not a CloudWatch unit").arg(field, *m.unit));
    }
    return trackedMetric(cm);
}

Status checkTargetTracking(const QString &resourceId, const TargetTrackingConfiguration &c)
{
    const QString prefix = QStringLiteral("TargetTrackingScalingPolicyConfiguration.");
    if (!std::isfinite(c.targetValue) || c.targetValue <= 0)
        return aasValidation(
            prefix + QStringLiteral("TargetValue"),
            QStringLiteral("%1TargetValue: must be a number greater than 0 (got %2)").arg(prefix).arg(c.targetValue));
    if (Status s = checkCooldown(c.scaleOutCooldown, prefix + QStringLiteral("ScaleOutCooldown")); !s)
        return s;
    if (Status s = checkCooldown(c.scaleInCooldown, prefix + QStringLiteral("ScaleInCooldown")); !s)
        return s;
    if (Result<TrackedMetric> t = trackedOf(resourceId, c); !t)
        return t.error();
    return Ok{};
}

Status checkPolicy(const QString &resourceId, const ScalingPolicy &p)
{
    if (p.name.isEmpty() || p.name.size() > 256)
        return aasValidation(QStringLiteral("PolicyName"),
                             QStringLiteral("PolicyName: 1 to 256 characters (got %1)").arg(p.name.size()));
    if (p.type == PolicyType::StepScaling) {
        if (!p.step)
            return aasValidation(QStringLiteral("StepScalingPolicyConfiguration"),
                                 QStringLiteral("StepScalingPolicyConfiguration is required for a StepScaling policy"));
        if (p.targetTracking)
            return aasValidation(QStringLiteral("TargetTrackingScalingPolicyConfiguration"),
                                 QStringLiteral("TargetTrackingScalingPolicyConfiguration is not allowed for a "
                                                "StepScaling policy"));
        if (Status s =
                checkCooldown(p.step->cooldownSeconds, QStringLiteral("StepScalingPolicyConfiguration.Cooldown"));
            !s)
            return s;
        const QString &aggregation = p.step->metricAggregationType;
        if (!aggregation.isEmpty() && aggregation != u"Average" && aggregation != u"Minimum" &&
            aggregation != u"Maximum")
            return aasValidation(
                QStringLiteral("StepScalingPolicyConfiguration.MetricAggregationType"),
                QStringLiteral("MetricAggregationType '%1' is not one of Average, Minimum, Maximum").arg(aggregation));
        return validate(*p.step);
    }
    if (!p.targetTracking)
        return aasValidation(QStringLiteral("TargetTrackingScalingPolicyConfiguration"),
                             QStringLiteral("TargetTrackingScalingPolicyConfiguration is required for a "
                                            "TargetTrackingScaling policy"));
    if (p.step)
        return aasValidation(QStringLiteral("StepScalingPolicyConfiguration"),
                             QStringLiteral("StepScalingPolicyConfiguration is not allowed for a TargetTrackingScaling "
                                            "policy"));
    return checkTargetTracking(resourceId, *p.targetTracking);
}

} // namespace

Result<QList<AlarmRef>> AutoScaling::putOwnedAlarms(const ScalableTarget &target, const ScalingPolicy &policy,
                                                    const QString &alarmRegion)
{
    const TargetTrackingConfiguration &c = *policy.targetTracking;
    Result<TrackedMetric> metric = trackedOf(target.resourceId, c);
    if (!metric)
        return metric.error();
    const TargetTrackingAlarms made = makeTargetTrackingAlarms(
        target.resourceId, metric.value(), c.targetValue, policy.uuid, policy.arn, c.disableScaleIn.value_or(false));
    QList<AlarmRef> refs;
    QList<alarms::AlarmDefinition> definitions{made.high};
    if (made.low)
        definitions.append(*made.low);
    for (const alarms::AlarmDefinition &d : definitions) {
        AlarmPut put;
        put.definition = d;
        put.description = QStringLiteral("DO NOT EDIT OR DELETE. For TargetTrackingScaling policy %1.").arg(policy.arn);
        put.region = alarmRegion;
        if (Status s = m_cp.alarms().put(put); !s)
            return s.error();
        const std::optional<alarms::MetricAlarm> stored = m_cp.alarms().find(d.name);
        refs.append({d.name, stored ? stored->arn : QString()});
    }
    // A policy that now disables scale-in no longer has its low alarm.
    for (const AlarmRef &old : policy.alarms) {
        if (std::none_of(refs.cbegin(), refs.cend(), [&](const AlarmRef &r) { return r.name == old.name; }) &&
            m_cp.alarms().find(old.name))
            (void)m_cp.alarms().remove({old.name});
    }
    return refs;
}

void AutoScaling::removeOwnedAlarms(const ScalingPolicy &policy)
{
    if (policy.type != PolicyType::TargetTrackingScaling)
        return;
    for (const AlarmRef &a : policy.alarms) {
        if (m_cp.alarms().find(a.name))
            (void)m_cp.alarms().remove({a.name});
    }
}

Result<ScalingPolicy> AutoScaling::planPolicy(const ScalableTarget &t, const PolicyPut &r) const
{
    const QString typeName = r.policyType.value_or(QStringLiteral("StepScaling"));
    const std::optional<PolicyType> type = policyTypeFrom(typeName);
    if (!type)
        return aasValidation(QStringLiteral("PolicyType"),
                             QStringLiteral("PolicyType '%1' is not supported by Fleetdeck for ECS services: "
                                            "StepScaling or TargetTrackingScaling")
                                 .arg(typeName));
    const ScalingPolicy *old = t.policy(r.policyName);
    ScalingPolicy p = old ? *old : ScalingPolicy{};
    if (!old) {
        p.name = r.policyName;
        p.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
        p.createdAt = now();
        p.arn = QStringLiteral("arn:aws:autoscaling:%1:%2:scalingPolicy:%3:resource/ecs/%4:policyName/%5")
                    .arg(r.region.isEmpty() ? region() : r.region, QLatin1String(arn::kAccount), p.uuid, t.resourceId,
                         r.policyName);
    }
    p.type = *type;
    p.step = r.step;
    p.targetTracking = r.targetTracking;
    if (Status s = checkPolicy(t.resourceId, p); !s)
        return s.error();
    if (!old && t.policies.size() >= kMaxPoliciesPerTarget)
        return makeError(QStringLiteral("LimitExceededException"),
                         QStringLiteral("%1 already has %2 scaling policies, the most a scalable target can have")
                             .arg(t.resourceId)
                             .arg(kMaxPoliciesPerTarget));
    return p;
}

Status AutoScaling::check(const PolicyPut &r) const
{
    Result<const ScalableTarget *> found = existing(r.key);
    if (!found)
        return found.error();
    const ScalableTarget &t = *found.value();
    Result<ScalingPolicy> planned = planPolicy(t, r);
    if (!planned)
        return planned.error();
    const ScalingPolicy &p = planned.value();
    if (p.type != PolicyType::TargetTrackingScaling)
        return Ok{};
    // The alarms putOwnedAlarms() would write, checked as cp.alarms().put() checks them.
    const TargetTrackingConfiguration &c = *p.targetTracking;
    Result<TrackedMetric> metric = trackedOf(t.resourceId, c);
    if (!metric)
        return metric.error();
    const TargetTrackingAlarms made = makeTargetTrackingAlarms(t.resourceId, metric.value(), c.targetValue, p.uuid,
                                                               p.arn, c.disableScaleIn.value_or(false));
    QList<alarms::AlarmDefinition> definitions{made.high};
    if (made.low)
        definitions.append(*made.low);
    for (const alarms::AlarmDefinition &d : definitions) {
        AlarmPut put;
        put.definition = d;
        put.description = QStringLiteral("DO NOT EDIT OR DELETE. For TargetTrackingScaling policy %1.").arg(p.arn);
        put.region = r.region.isEmpty() ? region() : r.region;
        if (Status s = m_cp.alarms().check(put); !s)
            return s;
    }
    return Ok{};
}

Result<ScalingPolicy> AutoScaling::putPolicy(const PolicyPut &r)
{
    Result<const ScalableTarget *> found = existing(r.key);
    if (!found)
        return found.error();
    ScalableTarget t = *found.value();
    const ScalingPolicy *old = t.policy(r.policyName);
    const std::optional<ScalingPolicy> before = old ? std::optional<ScalingPolicy>(*old) : std::nullopt;
    Result<ScalingPolicy> planned = planPolicy(t, r);
    if (!planned)
        return planned.error();
    ScalingPolicy p = std::move(planned).value();
    if (p.type == PolicyType::TargetTrackingScaling) {
        Result<QList<AlarmRef>> refs = putOwnedAlarms(t, p, r.region.isEmpty() ? region() : r.region);
        if (!refs)
            return refs.error();
        p.alarms = std::move(refs).value();
    } else {
        if (before)
            removeOwnedAlarms(*before);
        p.alarms.clear();
    }
    if (old)
        t.policies[old - t.policies.constData()] = p;
    else
        t.policies.append(p);
    if (Status s = commitTarget(
            t, QStringLiteral("Scaling policy %1 of %2 %3.")
                   .arg(p.name, t.resourceId, old ? QStringLiteral("updated") : QStringLiteral("created")));
        !s)
        return s.error();
    return p;
}

Status AutoScaling::deletePolicy(const TargetKey &key, const QString &policyName)
{
    Result<const ScalableTarget *> found = existing(key);
    if (!found)
        return found.error();
    ScalableTarget t = *found.value();
    const ScalingPolicy *p = t.policy(policyName);
    if (!p)
        return makeError(QStringLiteral("ObjectNotFoundException"),
                         QStringLiteral("No scaling policy found for service namespace: %1, resource ID: %2, scalable "
                                        "dimension: %3, policy name: %4")
                             .arg(key.serviceNamespace, key.resourceId, key.scalableDimension, policyName),
                         QStringLiteral("PolicyName"));
    const ScalingPolicy removed = *p;
    t.policies.removeIf([&](const ScalingPolicy &q) { return q.name == policyName; });
    if (Status s = commitTarget(t, QStringLiteral("Scaling policy %1 of %2 deleted.").arg(policyName, t.resourceId));
        !s)
        return s;
    removeOwnedAlarms(removed);
    return Ok{};
}

} // namespace fd::ops
