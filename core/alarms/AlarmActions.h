#pragma once

#include "alarms/AlarmDefinition.h"
#include "alarms/AlarmEvaluation.h"

#include <QStringList>

#include <optional>

namespace fd::alarms {

/// True for an Auto Scaling action (EC2 or Application Auto Scaling policy): an ARN whose service
/// is "autoscaling", e.g. arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:...
bool isAutoScalingAction(const QString &arn);

/// The actions of the state an alarm is in: AlarmActions, OKActions or InsufficientDataActions.
QStringList actionsFor(const AlarmDefinition &alarm, AlarmState state);

/**
 * Which actions to run after an evaluation (CW-UG): on a transition, every action of the new
 * state; while the alarm stays in a state, only its Auto Scaling actions, again once a minute
 * (when `lastAutoScalingRunMs` is unset or at least 60 s before `nowMs`); notifications never
 * repeat. Nothing while ActionsEnabled is false. The owner records `nowMs` as the last Auto
 * Scaling run when it runs any.
 */
QStringList actionsToRun(const AlarmDefinition &alarm, const AlarmEvaluation &evaluation,
                         std::optional<qint64> lastAutoScalingRunMs, qint64 nowMs);

} // namespace fd::alarms
