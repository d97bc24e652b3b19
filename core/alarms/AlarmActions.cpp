#include "alarms/AlarmActions.h"

namespace fd::alarms {

bool isAutoScalingAction(const QString &arn)
{
    const QStringList parts = arn.split(u':');
    return parts.size() > 5 && parts[0] == QLatin1String("arn") && parts[2] == QLatin1String("autoscaling");
}

QStringList actionsFor(const AlarmDefinition &alarm, AlarmState state)
{
    switch (state) {
    case AlarmState::Alarm:
        return alarm.alarmActions;
    case AlarmState::Ok:
        return alarm.okActions;
    case AlarmState::InsufficientData:
        return alarm.insufficientDataActions;
    }
    return {};
}

QStringList actionsToRun(const AlarmDefinition &alarm, const AlarmEvaluation &evaluation,
                         std::optional<qint64> lastAutoScalingRunMs, qint64 nowMs)
{
    if (!alarm.actionsEnabled)
        return {};
    const QStringList all = actionsFor(alarm, evaluation.state);
    if (evaluation.transitioned)
        return all;
    if (lastAutoScalingRunMs && nowMs - *lastAutoScalingRunMs < 60000)
        return {};
    QStringList repeat;
    for (const QString &arn : all)
        if (isAutoScalingAction(arn))
            repeat << arn;
    return repeat;
}

} // namespace fd::alarms
