#pragma once

#include "Result.h"
#include "alarms/AlarmTypes.h"
#include "metrics/MetricId.h"
#include "metrics/MetricStatistic.h"
#include "metrics/StandardUnit.h"

#include <QStringList>

#include <optional>

namespace fd::alarms {

/**
 * A metric alarm as PutMetricAlarm defines it: the metric, a statistic or an extended statistic,
 * the period, N evaluation periods, M datapoints to alarm (unset means M = N, and changes the
 * StateReason wording as CloudWatch's does), the comparison, the threshold, the missing-data
 * treatment and the actions per state. Optional fields stay optional so they read back as written.
 */
struct AlarmDefinition
{
    QString name;
    metrics::MetricId metric;
    std::optional<metrics::Statistic> statistic;
    QString extendedStatistic; ///< "p99"; empty when `statistic` is set
    std::optional<metrics::StandardUnit> unit;
    int periodSeconds = 60;
    int evaluationPeriods = 1;
    std::optional<int> datapointsToAlarm;
    ComparisonOperator comparison = ComparisonOperator::GreaterThanOrEqualToThreshold;
    double threshold = 0;
    TreatMissingData treatMissingData = TreatMissingData::Missing;
    bool actionsEnabled = true;
    QStringList alarmActions;
    QStringList okActions;
    QStringList insufficientDataActions;

    /// M: datapointsToAlarm, or N when it is not set.
    int m() const { return datapointsToAlarm.value_or(evaluationPeriods); }
    /// "Average", or the percentile's name.
    QString statisticName() const;
};

/**
 * CloudWatch's rules, each error naming the field (codes as CloudWatch's: InvalidParameterValue,
 * InvalidParameterCombination, MissingParameter): a name of 1..255 characters; exactly one of
 * statistic and extended statistic, the latter a valid percentile; a period of 10, 30 or a
 * multiple of 60 seconds; N >= 1; 1 <= M <= N; period x N at most one day; a finite threshold; a
 * plain comparison operator (the anomaly bands need a model Fleetdeck does not have).
 */
Status validate(const AlarmDefinition &alarm);

} // namespace fd::alarms
