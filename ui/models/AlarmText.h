#pragma once

#include "alarms/AlarmDefinition.h"
#include "alarms/AlarmTypes.h"
#include "metrics/MetricId.h"

#include <QString>

#include <optional>

namespace fd::ui {

/**
 * How the console words an alarm, in one place (the Alarms page, the wizard, the glass-box panel):
 * the condition as CloudWatch's console writes it, operator symbols, the state's badge key, a
 * metric with its dimensions, a value or threshold as a short number.
 */
class AlarmText final
{
public:
    AlarmText() = delete;

    /// "CPUUtilization > 50 for 3 datapoints within 3 minutes"; with M < N
    /// "CPUUtilization >= 70 for 2 datapoints within 5 minutes"; a 10 s period: "... within 30 seconds".
    static QString condition(const alarms::AlarmDefinition &alarm);
    /// ">=", ">", "<", "<=" (the anomaly bands: their wire name).
    static QString symbol(alarms::ComparisonOperator op);
    /// "3 minutes", "1 minute", "30 seconds", "1 hour 30 minutes".
    static QString span(qint64 seconds);
    /// A threshold or a value, short: 50, 0.5, 83.3, 1.25e+07.
    static QString number(double v);
    /// A measured value, short enough to read from the back of a room: 84.0, 1.03 -> 1.0, 0.98,
    /// 1234 (one decimal from 1 to 100, none from 100, two significant digits below 1).
    static QString value(double v);
    /// "AWS/ECS CPUUtilization (ClusterName=default, ServiceName=web)".
    static QString metric(const metrics::MetricId &id);
    /// "ClusterName=default, ServiceName=web"; "no dimensions" when it has none.
    static QString dimensions(const metrics::MetricId &id);
    /// The StatusRole of a state for StatusBadgeDelegate: ALARM_OK, ALARM_ALARM, ALARM_INSUFFICIENT_DATA.
    static QString badgeKey(alarms::AlarmState state);
    /// What a missing-data treatment does, in words for the glass-box panel.
    static QString treatment(alarms::TreatMissingData t);
};

} // namespace fd::ui
