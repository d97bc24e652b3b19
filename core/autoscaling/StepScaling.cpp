#include "autoscaling/StepScaling.h"

#include "autoscaling/ScalingDecision.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fd::autoscaling {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double lowerOf(const StepAdjustment &s) { return s.lowerBound.value_or(-kInf); }
double upperOf(const StepAdjustment &s) { return s.upperBound.value_or(kInf); }

Error stepError(const QString &message)
{
    return makeError(QStringLiteral("ValidationException"), message,
                     QStringLiteral("StepScalingPolicyConfiguration.StepAdjustments"));
}

QString bound(double v)
{
    if (std::isinf(v))
        return v < 0 ? QStringLiteral("-infinity") : QStringLiteral("+infinity");
    return QString::number(v);
}

} // namespace

QString toString(AdjustmentType type)
{
    switch (type) {
    case AdjustmentType::ChangeInCapacity: return QStringLiteral("ChangeInCapacity");
    case AdjustmentType::PercentChangeInCapacity: return QStringLiteral("PercentChangeInCapacity");
    case AdjustmentType::ExactCapacity: return QStringLiteral("ExactCapacity");
    }
    return {};
}

std::optional<AdjustmentType> adjustmentTypeFrom(const QString &name)
{
    for (AdjustmentType t : {AdjustmentType::ChangeInCapacity, AdjustmentType::PercentChangeInCapacity,
                             AdjustmentType::ExactCapacity}) {
        if (toString(t) == name)
            return t;
    }
    return std::nullopt;
}

Status validate(const StepScalingConfiguration &config)
{
    if (config.steps.isEmpty())
        return stepError(QStringLiteral("a step scaling policy needs at least one step adjustment"));
    int noLower = 0, noUpper = 0;
    for (const StepAdjustment &s : config.steps) {
        noLower += s.lowerBound ? 0 : 1;
        noUpper += s.upperBound ? 0 : 1;
        if (s.lowerBound && s.upperBound && *s.lowerBound >= *s.upperBound)
            return stepError(QStringLiteral("MetricIntervalLowerBound (%1) must be less than MetricIntervalUpperBound (%2)")
                                 .arg(*s.lowerBound)
                                 .arg(*s.upperBound));
        if (config.adjustmentType == AdjustmentType::ExactCapacity && s.scalingAdjustment < 0)
            return stepError(QStringLiteral("ScalingAdjustment %1 is negative: ExactCapacity sets the capacity itself")
                                 .arg(s.scalingAdjustment));
    }
    if (noLower > 1)
        return stepError(QStringLiteral("only one step adjustment may leave MetricIntervalLowerBound unset"));
    if (noUpper > 1)
        return stepError(QStringLiteral("only one step adjustment may leave MetricIntervalUpperBound unset"));
    QList<StepAdjustment> sorted = config.steps;
    std::sort(sorted.begin(), sorted.end(),
              [](const StepAdjustment &a, const StepAdjustment &b) { return lowerOf(a) < lowerOf(b); });
    for (qsizetype i = 1; i < sorted.size(); ++i) {
        const double previousUpper = upperOf(sorted[i - 1]);
        const double lower = lowerOf(sorted[i]);
        if (lower < previousUpper)
            return stepError(QStringLiteral("the step adjustments [%1, %2) and [%3, %4) overlap")
                                 .arg(bound(lowerOf(sorted[i - 1])), bound(previousUpper), bound(lower),
                                      bound(upperOf(sorted[i]))));
        if (lower > previousUpper)
            return stepError(QStringLiteral("the step adjustments leave a gap between %1 and %2")
                                 .arg(bound(previousUpper), bound(lower)));
    }
    if (config.minAdjustmentMagnitude) {
        if (config.adjustmentType != AdjustmentType::PercentChangeInCapacity)
            return makeError(QStringLiteral("ValidationException"),
                             QStringLiteral("MinAdjustmentMagnitude applies only with AdjustmentType "
                                            "PercentChangeInCapacity, not %1")
                                 .arg(toString(config.adjustmentType)),
                             QStringLiteral("StepScalingPolicyConfiguration.MinAdjustmentMagnitude"));
        if (*config.minAdjustmentMagnitude < 1)
            return makeError(QStringLiteral("ValidationException"),
                             QStringLiteral("MinAdjustmentMagnitude must be at least 1, not %1")
                                 .arg(*config.minAdjustmentMagnitude),
                             QStringLiteral("StepScalingPolicyConfiguration.MinAdjustmentMagnitude"));
    }
    if (config.cooldownSeconds && *config.cooldownSeconds < 0)
        return makeError(QStringLiteral("ValidationException"),
                         QStringLiteral("Cooldown must not be negative, not %1").arg(*config.cooldownSeconds),
                         QStringLiteral("StepScalingPolicyConfiguration.Cooldown"));
    const QString &agg = config.metricAggregationType;
    if (!agg.isEmpty() && agg != u"Average" && agg != u"Minimum" && agg != u"Maximum")
        return makeError(QStringLiteral("ValidationException"),
                         QStringLiteral("MetricAggregationType must be Average, Minimum or Maximum, not '%1'").arg(agg),
                         QStringLiteral("StepScalingPolicyConfiguration.MetricAggregationType"));
    return Ok{};
}

const StepAdjustment *matchStep(const QList<StepAdjustment> &steps, double metric, double threshold)
{
    const double d = metric - threshold;
    for (const StepAdjustment &s : steps) {
        const double lower = lowerOf(s), upper = upperOf(s);
        // Above the threshold the lower bound is inclusive and the upper exclusive; below it, the reverse.
        const bool inside = d >= 0 ? (d >= lower && d < upper) : (d > lower && d <= upper);
        if (inside)
            return &s;
    }
    return nullptr;
}

int adjustedCapacity(AdjustmentType type, int current, int adjustment, std::optional<int> minAdjustmentMagnitude)
{
    switch (type) {
    case AdjustmentType::ExactCapacity:
        return adjustment;
    case AdjustmentType::ChangeInCapacity:
        return current + adjustment;
    case AdjustmentType::PercentChangeInCapacity: {
        const double raw = current * adjustment / 100.0;
        int change = 0;
        if (raw > 1)
            change = int(std::floor(raw));
        else if (raw > 0)
            change = 1;
        else if (raw < -1)
            change = int(std::ceil(raw));
        else if (raw < 0)
            change = -1;
        if (minAdjustmentMagnitude && change != 0 && std::abs(change) < *minAdjustmentMagnitude)
            change = change > 0 ? *minAdjustmentMagnitude : -*minAdjustmentMagnitude;
        return current + change;
    }
    }
    return current;
}

QString describeStep(const StepScalingConfiguration &config, const StepAdjustment &step, double metric, double threshold,
                     int current, int desired)
{
    const double d = metric - threshold;
    const QString side =
        d >= 0 ? QStringLiteral("%1 above").arg(oneDecimal(d)) : QStringLiteral("%1 below").arg(oneDecimal(-d));
    QString adjustment;
    switch (config.adjustmentType) {
    case AdjustmentType::ChangeInCapacity:
        adjustment = QStringLiteral("%1%2 tasks").arg(step.scalingAdjustment >= 0 ? u"+" : u"").arg(step.scalingAdjustment);
        break;
    case AdjustmentType::PercentChangeInCapacity: {
        adjustment = QStringLiteral("%1%2 %").arg(step.scalingAdjustment >= 0 ? u"+" : u"").arg(step.scalingAdjustment);
        // Say when MinAdjustmentMagnitude made the change bigger than the percentage did.
        const int plain = adjustedCapacity(config.adjustmentType, current, step.scalingAdjustment, std::nullopt) - current;
        if (config.minAdjustmentMagnitude && plain != 0 && std::abs(plain) < *config.minAdjustmentMagnitude)
            adjustment += QStringLiteral(", at least %1 tasks (MinAdjustmentMagnitude)").arg(*config.minAdjustmentMagnitude);
        break;
    }
    case AdjustmentType::ExactCapacity:
        adjustment = QStringLiteral("exactly %1 tasks").arg(step.scalingAdjustment);
        break;
    }
    const QString interval = d >= 0 ? QStringLiteral("[%1, %2)").arg(bound(lowerOf(step)), bound(upperOf(step)))
                                    : QStringLiteral("(%1, %2]").arg(bound(lowerOf(step)), bound(upperOf(step)));
    return QStringLiteral("step scaling: the metric %1 is %2 the threshold (%3), in the step %4: %5, %6 -> %7")
        .arg(oneDecimal(metric), side, oneDecimal(threshold), interval, adjustment)
        .arg(current)
        .arg(desired);
}

} // namespace fd::autoscaling
