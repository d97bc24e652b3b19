#pragma once

// Step scaling as Application Auto Scaling computes it (ECS-SEMANTICS.md 1.10): the step of the
// breach that matches the metric, the adjustment applied to the current capacity, and the checks
// PutScalingPolicy makes on the steps. Pure functions; the auto-scaling controller calls them when
// an alarm that names a step policy is in ALARM.

#include "Result.h"

#include <QList>
#include <QString>

#include <optional>

namespace fd::autoscaling {

enum class AdjustmentType { ChangeInCapacity, PercentChangeInCapacity, ExactCapacity };

QString toString(AdjustmentType type);
std::optional<AdjustmentType> adjustmentTypeFrom(const QString &name);

// One step: the adjustment applies while threshold + lower <= metric < threshold + upper above the
// threshold (lower inclusive, upper exclusive), and threshold + lower < metric <= threshold + upper
// below it. An unset bound is infinite.
struct StepAdjustment
{
    std::optional<double> lowerBound; // MetricIntervalLowerBound, relative to the alarm's threshold
    std::optional<double> upperBound; // MetricIntervalUpperBound
    int scalingAdjustment = 0;

    friend bool operator==(const StepAdjustment &, const StepAdjustment &) = default;
};

struct StepScalingConfiguration
{
    AdjustmentType adjustmentType = AdjustmentType::ChangeInCapacity;
    QList<StepAdjustment> steps;
    std::optional<int> minAdjustmentMagnitude; // only with PercentChangeInCapacity
    std::optional<int> cooldownSeconds;        // unset reads back unset; 300 s applies (kDefaultCooldownSeconds)
    QString metricAggregationType;             // Average (default when unset), Minimum or Maximum

    friend bool operator==(const StepScalingConfiguration &, const StepScalingConfiguration &) = default;
};

// PutScalingPolicy's checks, each error naming the field (ValidationException): at least one step;
// at most one step without a lower and one without an upper bound; lower < upper; the steps do not
// overlap and leave no gap between them; MinAdjustmentMagnitude only with PercentChangeInCapacity and
// at least 1; an ExactCapacity adjustment not negative.
Status validate(const StepScalingConfiguration &config);

// The step whose interval holds `metric` for an alarm with `threshold`; null when none does (the
// metric is on the other side of the threshold than the steps, or in no interval).
const StepAdjustment *matchStep(const QList<StepAdjustment> &steps, double metric, double threshold);

// The capacity after applying `adjustment` of `type` to `current`, before min/max capacity. For a
// percentage, AWS's rounding: a change above 1 is rounded down, between 0 and 1 becomes 1, between -1
// and 0 becomes -1, below -1 is rounded up (toward zero); then at least MinAdjustmentMagnitude.
int adjustedCapacity(AdjustmentType type, int current, int adjustment, std::optional<int> minAdjustmentMagnitude);

// "step scaling: the metric 83.3 is 13.3 above the threshold (70), in the step [10, 20): +2 tasks,
// 3 -> 5", for the console's glass-box panel and the scaling activity's details. The metric, its
// distance and the threshold with one decimal at most (oneDecimal); the step's bounds as configured.
QString describeStep(const StepScalingConfiguration &config, const StepAdjustment &step, double metric, double threshold,
                     int current, int desired);

} // namespace fd::autoscaling
