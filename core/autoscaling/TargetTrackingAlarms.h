#pragma once

// The two alarms Application Auto Scaling creates and owns for an ECS target tracking policy
// (ECS-SEMANTICS.md 1.10): "TargetTracking-service/<cluster>/<service>-AlarmHigh-<uuid>" (greater
// than the target for 3 of 3 one-minute datapoints) and "...-AlarmLow-<uuid>" (less than 0.9 x the
// target for 15 of 15), on the predefined metric's CloudWatch metric or a customized one.

#include "Result.h"
#include "alarms/AlarmDefinition.h"

#include <QString>

#include <optional>

namespace fd::autoscaling {

// PredefinedMetricSpecification: the metric type and, for ALBRequestCountPerTarget, the resource
// label "app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>".
struct PredefinedMetric
{
    QString type; // ECSServiceAverageCPUUtilization, ECSServiceAverageMemoryUtilization, ALBRequestCountPerTarget
    QString resourceLabel;

    friend bool operator==(const PredefinedMetric &, const PredefinedMetric &) = default;
};

// CustomizedMetricSpecification (the single-metric form).
struct CustomizedMetric
{
    metrics::MetricId metric;
    metrics::Statistic statistic = metrics::Statistic::Average;
    std::optional<metrics::StandardUnit> unit;

    friend bool operator==(const CustomizedMetric &, const CustomizedMetric &) = default;
};

struct TrackedMetric
{
    metrics::MetricId metric;
    metrics::Statistic statistic = metrics::Statistic::Average;
    std::optional<metrics::StandardUnit> unit;
    QString unitSuffix; // " %" for the utilisation metrics, for the console's arithmetic
};

// The CloudWatch metric behind a predefined type for the service "service/<cluster>/<service>";
// ValidationException naming PredefinedMetricType or ResourceLabel when unknown or malformed
// (the ...HighResolution types are refused: Fleetdeck publishes one-minute ECS metrics).
Result<TrackedMetric> trackedMetric(const QString &resourceId, const PredefinedMetric &predefined);
TrackedMetric trackedMetric(const CustomizedMetric &customized);

struct TargetTrackingAlarms
{
    alarms::AlarmDefinition high;
    std::optional<alarms::AlarmDefinition> low; // none when the policy disables scale-in
};

// `uuid` is the policy's, shared by both names; `policyArn` is each alarm's only action. A policy
// that disables scale-in gets only the high alarm [derived: nothing would act on the low one].
TargetTrackingAlarms makeTargetTrackingAlarms(const QString &resourceId, const TrackedMetric &metric, double targetValue,
                                              const QString &uuid, const QString &policyArn, bool disableScaleIn);

} // namespace fd::autoscaling
