#pragma once

#include "ops/AutoScaling.h"

#include <QString>
#include <QStringList>

namespace fd::ui {

/**
 * The scaling policy editor's requests as the `aws application-autoscaling` commands that make the
 * same thing: put-scaling-policy with its configuration as one JSON argument (only the members the
 * request sets, so what is unset reads back unset either way), register-scalable-target and
 * put-scheduled-action.
 *
 * arguments() is the argument vector (first "aws"), so a test can run it without a shell; text() is
 * the same quoted for a POSIX shell, one option a line (continued with a backslash), as the alarm
 * wizard shows its command.
 */
class ScalingPolicyCommand final
{
public:
    ScalingPolicyCommand() = delete;

    /// `endpoint` (when not empty) becomes --endpoint-url.
    static QStringList arguments(const ops::PolicyPut &request, const QString &endpoint = {});
    static QString text(const ops::PolicyPut &request, const QString &endpoint = {});
    static QStringList registerArguments(const ops::TargetRegistration &request, const QString &endpoint = {});
    static QString registerText(const ops::TargetRegistration &request, const QString &endpoint = {});
    /// put-scheduled-action: the times in UTC (yyyy-mm-ddThh:mm:ssZ), the capacities as one
    /// --scalable-target-action JSON argument; only what the request gives.
    static QStringList scheduledArguments(const ops::ScheduledPut &request, const QString &endpoint = {});
    static QString scheduledText(const ops::ScheduledPut &request, const QString &endpoint = {});

    /// The configuration members as the API reads them (TargetTrackingScalingPolicyConfiguration,
    /// StepScalingPolicyConfiguration), compact JSON.
    static QString targetTrackingJson(const autoscaling::TargetTrackingConfiguration &config);
    static QString stepJson(const autoscaling::StepScalingConfiguration &config);
};

} // namespace fd::ui
