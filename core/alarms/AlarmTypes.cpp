#include "alarms/AlarmTypes.h"

#include <array>

namespace fd::alarms {

namespace {

template<typename E, std::size_t N> std::optional<E> lookup(const std::array<const char *, N> &names, const QString &s)
{
    for (std::size_t i = 0; i < N; ++i)
        if (s == QLatin1String(names[i]))
            return E(i);
    return std::nullopt;
}

constexpr std::array<const char *, 3> kStates = {"OK", "ALARM", "INSUFFICIENT_DATA"};
constexpr std::array<const char *, 7> kOperators = {
    "GreaterThanOrEqualToThreshold",
    "GreaterThanThreshold",
    "LessThanThreshold",
    "LessThanOrEqualToThreshold",
    "LessThanLowerOrGreaterThanUpperThreshold",
    "LessThanLowerThreshold",
    "GreaterThanUpperThreshold",
};
constexpr std::array<const char *, 4> kTreatments = {"missing", "ignore", "breaching", "notBreaching"};

} // namespace

QString toString(AlarmState s)
{
    return QString::fromLatin1(kStates[std::size_t(s)]);
}

std::optional<AlarmState> alarmStateFromString(const QString &s)
{
    return lookup<AlarmState>(kStates, s);
}

QString toString(ComparisonOperator op)
{
    return QString::fromLatin1(kOperators[std::size_t(op)]);
}

std::optional<ComparisonOperator> comparisonOperatorFromString(const QString &s)
{
    return lookup<ComparisonOperator>(kOperators, s);
}

bool isPlainComparison(ComparisonOperator op)
{
    return op <= ComparisonOperator::LessThanOrEqualToThreshold;
}

bool breaches(ComparisonOperator op, double value, double threshold)
{
    switch (op) {
    case ComparisonOperator::GreaterThanOrEqualToThreshold:
        return value >= threshold;
    case ComparisonOperator::GreaterThanThreshold:
        return value > threshold;
    case ComparisonOperator::LessThanThreshold:
        return value < threshold;
    case ComparisonOperator::LessThanOrEqualToThreshold:
        return value <= threshold;
    default:
        return false; // anomaly bands: refused by validate()
    }
}

QString comparisonWords(ComparisonOperator op)
{
    switch (op) {
    case ComparisonOperator::GreaterThanOrEqualToThreshold:
        return QStringLiteral("greater than or equal to");
    case ComparisonOperator::GreaterThanThreshold:
        return QStringLiteral("greater than");
    case ComparisonOperator::LessThanThreshold:
        return QStringLiteral("less than");
    case ComparisonOperator::LessThanOrEqualToThreshold:
        return QStringLiteral("less than or equal to");
    default:
        return toString(op);
    }
}

QString toString(TreatMissingData t)
{
    return QString::fromLatin1(kTreatments[std::size_t(t)]);
}

std::optional<TreatMissingData> treatMissingDataFromString(const QString &s)
{
    return lookup<TreatMissingData>(kTreatments, s);
}

} // namespace fd::alarms
