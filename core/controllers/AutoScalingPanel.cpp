// AutoScalingController::panel(): the glass-box panel's value for one scalable target.

#include "ControlPlane.h"
#include "controllers/AutoScalingController.h"
#include "controllers/AutoScalingInputs.h"
#include "ops/AutoScaling.h"
#include "registries/AutoScalingRegistry.h"

namespace fd {

using namespace autoscaling;

namespace {

PanelAlarm panelAlarm(const alarms::MetricAlarm &a)
{
    PanelAlarm p;
    p.name = a.name();
    p.arn = a.arn;
    p.state = a.status.state;
    p.metricName = a.definition.metric.metricName;
    p.comparison = alarms::toString(a.definition.comparison);
    p.threshold = a.definition.threshold;
    p.datapointsToAlarm = a.definition.m();
    p.evaluationPeriods = a.definition.evaluationPeriods;
    p.periodSeconds = a.definition.periodSeconds;
    p.treatMissingData = alarms::toString(a.definition.treatMissingData);
    return p;
}

QString summaryOf(const ScalingPolicy &p, const QList<alarms::MetricAlarm> &alarms)
{
    if (p.type == PolicyType::TargetTrackingScaling) {
        const TargetTrackingConfiguration &c = *p.targetTracking;
        const QString metric = alarms.isEmpty() ? (c.predefined ? c.predefined->type : c.customized->metricName)
                                                : alarms.front().definition.metric.metricName;
        const bool percent = !alarms.isEmpty() && alarms.front().definition.unit == metrics::StandardUnit::Percent;
        QString s = QStringLiteral("keep %1 at %2%3")
                        .arg(metric)
                        .arg(c.targetValue)
                        .arg(percent ? QStringLiteral(" %") : QString());
        if (c.disableScaleIn.value_or(false))
            s += QStringLiteral(" (scale-in disabled)");
        return s;
    }
    return QStringLiteral("step scaling, %1, %2 steps").arg(toString(p.step->adjustmentType)).arg(p.step->steps.size());
}

} // namespace

QList<TargetPanel> AutoScalingController::panels() const
{
    QList<TargetPanel> out;
    for (const QString &id : m_cp.autoScaling().registry().all().keys()) {
        if (std::optional<TargetPanel> p = panel(id))
            out.append(*p);
    }
    return out;
}

std::optional<TargetPanel> AutoScalingController::panel(const QString &resourceId) const
{
    const ScalableTarget *t = m_cp.autoScaling().find(resourceId);
    if (!t)
        return std::nullopt;
    TargetPanel p;
    p.resourceId = t->resourceId;
    p.cluster = t->cluster();
    p.service = t->service();
    p.minCapacity = t->minCapacity;
    p.maxCapacity = t->maxCapacity;
    const ScalingInput input = scalingInput(m_cp, *t);
    p.currentDesired = std::max(0, input.current);
    for (const ScalingPolicy &policy : t->policies) {
        const PolicyInputs in = policyInputs(m_cp, policy);
        PanelPolicy pp;
        pp.name = policy.name;
        pp.arn = policy.arn;
        pp.type = toString(policy.type);
        pp.summary = summaryOf(policy, in.alarms);
        for (const alarms::MetricAlarm &a : in.alarms)
            pp.alarms.append(panelAlarm(a));
        QStringList proposals;
        for (const Proposal &proposal : in.proposals)
            proposals.append(proposal.propose(p.currentDesired).explanation);
        pp.proposal = proposals.join(QStringLiteral("; "));
        p.policies.append(pp);
    }
    if (auto it = m_last.constFind(resourceId); it != m_last.cend()) {
        p.lastOutcome = it->outcome;
        p.lastReason = it->reason;
        p.lastDecisionAt = it->at;
    } else if (!t->activities.isEmpty()) {
        const ScalingActivity &a = t->activities.front();
        p.lastOutcome = a.description;
        p.lastReason = a.details.isEmpty() ? a.cause : a.details;
        p.lastDecisionAt = a.startTime;
    }
    const QDateTime now = m_cp.clock().now();
    if (t->memory.inScaleOutCooldown(now))
        p.scaleOutCooldownEnds = t->memory.lastScaleOutAt.addSecs(t->memory.scaleOutCooldown.count());
    if (t->memory.inScaleInCooldown(now))
        p.scaleInCooldownEnds = t->memory.lastScaleInAt.addSecs(t->memory.scaleInCooldown.count());
    if (input.current < 0) {
        p.nextDesired = 0;
        p.nextReason = QStringLiteral("the service %1 does not exist or is not ACTIVE").arg(t->service());
        p.banners.append(p.nextReason);
        return p;
    }
    const ScalingOutcome next = decide(input);
    p.nextDesired = next.desired;
    p.nextReason = next.reason;
    if (input.deploymentInProgress)
        p.banners.append(QStringLiteral("scale-in suspended: deployment in progress"));
    if (t->suspended.dynamicScalingInSuspended)
        p.banners.append(QStringLiteral("scale-in suspended (DynamicScalingInSuspended)"));
    if (t->suspended.dynamicScalingOutSuspended)
        p.banners.append(QStringLiteral("scale-out suspended (DynamicScalingOutSuspended)"));
    if (t->suspended.scheduledScalingSuspended)
        p.banners.append(QStringLiteral("scheduled scaling suspended (ScheduledScalingSuspended)"));
    if (next.reason.startsWith(u"scale in needs all policies"))
        p.banners.append(next.reason);
    return p;
}

} // namespace fd
