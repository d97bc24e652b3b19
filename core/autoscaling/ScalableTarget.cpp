#include "autoscaling/ScalableTarget.h"

namespace fd::autoscaling {

QString toString(PolicyType type)
{
    return type == PolicyType::StepScaling ? QStringLiteral("StepScaling") : QStringLiteral("TargetTrackingScaling");
}

std::optional<PolicyType> policyTypeFrom(const QString &name)
{
    if (name == u"StepScaling")
        return PolicyType::StepScaling;
    if (name == u"TargetTrackingScaling")
        return PolicyType::TargetTrackingScaling;
    return std::nullopt;
}

QString ScalableTarget::cluster() const
{
    const QStringList parts = resourceId.split(u'/');
    return parts.size() == 3 ? parts[1] : QString();
}

QString ScalableTarget::service() const
{
    const QStringList parts = resourceId.split(u'/');
    return parts.size() == 3 ? parts[2] : QString();
}

const ScalingPolicy *ScalableTarget::policy(const QString &name) const
{
    for (const ScalingPolicy &p : policies) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

const ScalingPolicy *ScalableTarget::policyByArn(const QString &policyArn) const
{
    for (const ScalingPolicy &p : policies) {
        if (p.arn == policyArn)
            return &p;
    }
    return nullptr;
}

const ScheduledAction *ScalableTarget::scheduledAction(const QString &name) const
{
    for (const ScheduledAction &a : scheduled) {
        if (a.name == name)
            return &a;
    }
    return nullptr;
}

void ScalableTarget::remember(const ScalingActivity &activity)
{
    for (ScalingActivity &a : activities) {
        if (a.id == activity.id) {
            a = activity;
            return;
        }
    }
    activities.prepend(activity);
    while (activities.size() > kMaxActivities)
        activities.removeLast();
}

} // namespace fd::autoscaling
