#pragma once

// What the console's glass-box auto-scaling panel shows for one scalable target, as a plain value
// the AutoScalingController builds (AutoScalingController::panel()): the policies and their alarms,
// the last decision with its reason, the cooldowns, the next desired count and why, and the banners
// that hold a change back. The panel draws the alarms' M-of-N boxes from
// AlarmController::evaluated(alarmName, evaluation) for the alarm names listed here.

#include "alarms/AlarmTypes.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace fd::autoscaling {

struct PanelAlarm
{
    QString name;
    QString arn;
    alarms::AlarmState state = alarms::AlarmState::InsufficientData;
    QString metricName; // "CPUUtilization"
    QString comparison; // "GreaterThanThreshold"
    double threshold = 0;
    int datapointsToAlarm = 0; // M
    int evaluationPeriods = 0; // N
    int periodSeconds = 60;
    QString treatMissingData; // missing, ignore, breaching, notBreaching
};

struct PanelPolicy
{
    QString name;
    QString arn;
    QString type;    // TargetTrackingScaling, StepScaling
    QString summary; // "keep CPUUtilization at 50 %", "step scaling, ChangeInCapacity, 2 steps"
    QList<PanelAlarm> alarms;
    // What this policy proposes now from its alarms in ALARM ("target tracking: 83 % ÷ 50 % × 2 tasks
    // = 3.3, rounded up to 4"; for a step policy the matched step); empty when none of its alarms is.
    QString proposal;
};

struct TargetPanel
{
    QString resourceId; // service/<cluster>/<service>
    QString cluster;
    QString service;
    int minCapacity = 0;
    int maxCapacity = 0;
    int currentDesired = 0; // the service's desiredCount now
    QList<PanelPolicy> policies;

    // The last decision that changed the desired count (or was held back), with its reason.
    QString lastOutcome; // "scale out 2 -> 4", "scale in 4 -> 3", "held", "" before the first
    QString lastReason;
    QDateTime lastDecisionAt;

    // Invalid when not cooling down.
    QDateTime scaleOutCooldownEnds;
    QDateTime scaleInCooldownEnds;

    // What decide() says with the alarms as they are now, without acting.
    int nextDesired = 0;
    QString nextReason;

    // "scale-in suspended: deployment in progress", "scale in needs all policies: 1 of 2 agree",
    // "scale-out suspended (DynamicScalingOutSuspended)", ...
    QStringList banners;
};

} // namespace fd::autoscaling
