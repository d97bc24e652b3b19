#pragma once

#include <QString>

#include <optional>

// The enumerations of a CloudWatch metric alarm, with their wire names.
namespace fd::alarms {

/// StateValue. A new alarm starts in InsufficientData ("Unchecked: Initial alarm creation").
enum class AlarmState {
    Ok,
    Alarm,
    InsufficientData,
};

QString toString(AlarmState s); ///< OK, ALARM, INSUFFICIENT_DATA
std::optional<AlarmState> alarmStateFromString(const QString &s);

/// ComparisonOperator. The three anomaly-band operators parse (so the API can name them in its
/// error) but are refused by validate(): they need an anomaly detection model.
enum class ComparisonOperator {
    GreaterThanOrEqualToThreshold,
    GreaterThanThreshold,
    LessThanThreshold,
    LessThanOrEqualToThreshold,
    LessThanLowerOrGreaterThanUpperThreshold,
    LessThanLowerThreshold,
    GreaterThanUpperThreshold,
};

QString toString(ComparisonOperator op);
std::optional<ComparisonOperator> comparisonOperatorFromString(const QString &s);
/// True for the four plain operators.
bool isPlainComparison(ComparisonOperator op);
/// Whether `value` breaches `threshold` under a plain operator (GreaterThanThreshold: value > threshold).
bool breaches(ComparisonOperator op, double value, double threshold);
/// StateReason's words: "greater than or equal to", "greater than", "less than", "less than or equal to".
QString comparisonWords(ComparisonOperator op);

/// TreatMissingData; `missing` is the default.
enum class TreatMissingData {
    Missing,
    Ignore,
    Breaching,
    NotBreaching,
};

QString toString(TreatMissingData t); ///< missing, ignore, breaching, notBreaching
std::optional<TreatMissingData> treatMissingDataFromString(const QString &s);

} // namespace fd::alarms
