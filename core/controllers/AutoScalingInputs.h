#pragma once

// What the auto-scaling controller reads before it decides: for a scalable target, the service's
// desired count, the deployment state and, per policy, the alarms that drive it with the proposal
// each policy makes from the alarms in ALARM now (target tracking: the proportional count from the
// metric's latest period; step scaling: the matched step of the alarm's breach).

#include "alarms/MetricAlarm.h"
#include "autoscaling/ScalableTarget.h"

#include <QList>

#include <optional>

namespace fd {

class ControlPlane;

struct PolicyInputs
{
    const autoscaling::ScalingPolicy *policy = nullptr;
    QList<alarms::MetricAlarm> alarms;      // target tracking: the two it owns; step: those naming it
    QList<autoscaling::Proposal> proposals; // one per alarm in ALARM with a metric value
    bool canScaleIn = false;                // counts for "scale in needs all policies"
};

// The alarms of a policy as they are now.
QList<alarms::MetricAlarm> policyAlarms(const ControlPlane &cp, const autoscaling::ScalingPolicy &policy);
// The alarm's statistic over its latest period with data in the last three periods; none without.
std::optional<double> latestValue(const ControlPlane &cp, const alarms::AlarmDefinition &alarm);
PolicyInputs policyInputs(const ControlPlane &cp, const autoscaling::ScalingPolicy &policy);
// decide()'s input for the target now; `current` is -1 when the service is gone.
autoscaling::ScalingInput scalingInput(const ControlPlane &cp, const autoscaling::ScalableTarget &target);

} // namespace fd
