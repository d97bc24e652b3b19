#include "alarms/AlarmDefinition.h"

#include <cmath>

namespace fd::alarms {

namespace {

Error invalid(const QString &field, const QString &message)
{
    return makeError(QStringLiteral("InvalidParameterValue"), message, field);
}

} // namespace

QString AlarmDefinition::statisticName() const
{
    return statistic ? metrics::toString(*statistic) : extendedStatistic;
}

Status validate(const AlarmDefinition &a)
{
    if (a.name.isEmpty() || a.name.size() > 255)
        return invalid(QStringLiteral("AlarmName"), QStringLiteral("AlarmName must be 1 to 255 characters."));
    if (a.statistic.has_value() == !a.extendedStatistic.isEmpty())
        return makeError(
            QStringLiteral("InvalidParameterCombination"),
            QStringLiteral("An alarm has either Statistic or ExtendedStatistic, not both and not neither."),
            QStringLiteral("Statistic"));
    if (!a.extendedStatistic.isEmpty())
        if (Result<metrics::Percentile> p = metrics::parsePercentile(a.extendedStatistic); !p)
            return makeError(p.error().code, p.error().message, QStringLiteral("ExtendedStatistic"));
    if (!(a.periodSeconds == 10 || a.periodSeconds == 30 || (a.periodSeconds > 0 && a.periodSeconds % 60 == 0)))
        return invalid(QStringLiteral("Period"),
                       QStringLiteral("An alarm's Period must be 10, 30 or a multiple of 60 seconds (got %1).")
                           .arg(a.periodSeconds));
    if (a.evaluationPeriods < 1)
        return invalid(QStringLiteral("EvaluationPeriods"),
                       QStringLiteral("EvaluationPeriods must be at least 1 (got %1).").arg(a.evaluationPeriods));
    if (a.datapointsToAlarm && (*a.datapointsToAlarm < 1 || *a.datapointsToAlarm > a.evaluationPeriods))
        return invalid(QStringLiteral("DatapointsToAlarm"),
                       QStringLiteral("DatapointsToAlarm must be between 1 and EvaluationPeriods (%1); got %2.")
                           .arg(a.evaluationPeriods)
                           .arg(*a.datapointsToAlarm));
    if (qint64(a.periodSeconds) * a.evaluationPeriods > 86400)
        return invalid(QStringLiteral("EvaluationPeriods"),
                       QStringLiteral("Period x EvaluationPeriods must be at most one day (86,400 s); got %1 s.")
                           .arg(qint64(a.periodSeconds) * a.evaluationPeriods));
    if (!std::isfinite(a.threshold))
        return invalid(QStringLiteral("Threshold"), QStringLiteral("Threshold must be a finite number."));
    if (!isPlainComparison(a.comparison))
        return invalid(QStringLiteral("ComparisonOperator"),
                       QStringLiteral("%1 needs an anomaly detection band, which Fleetdeck does not model; use "
                                      "GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold or "
                                      "LessThanOrEqualToThreshold.")
                           .arg(toString(a.comparison)));
    return Ok{};
}

} // namespace fd::alarms
