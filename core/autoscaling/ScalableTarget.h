#pragma once

// Application Auto Scaling's resources for one ECS service (ECS-SEMANTICS.md 1.10), as the state
// store keeps them: the scalable target with its scaling policies, scheduled actions, the bounded
// history of its scaling activities and the cooldown memory of its last decisions. One document per
// target (kind "scalable-target", id = the ResourceId "service/<cluster>/<service>"). Optional
// members stay optional so that whatever a client wrote reads back as written.

#include "autoscaling/ScalingDecision.h"
#include "autoscaling/StepScaling.h"
#include "autoscaling/TargetTrackingAlarms.h"
#include "tags/Tag.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace fd::autoscaling {

inline const QString kEcsNamespace = QStringLiteral("ecs");
inline const QString kDesiredCountDimension = QStringLiteral("ecs:service:DesiredCount");
inline constexpr int kMaxActivities = 100; // kept per target, newest first

struct SuspendedState
{
    bool dynamicScalingInSuspended = false;
    bool dynamicScalingOutSuspended = false;
    bool scheduledScalingSuspended = false;

    friend bool operator==(const SuspendedState &, const SuspendedState &) = default;
};

// CustomizedMetricSpecification as the client wrote it (dimensions in its order).
struct CustomizedMetricSpec
{
    QString metricNamespace;
    QString metricName;
    std::vector<metrics::Dimension> dimensions;
    QString statistic; // Average, Minimum, Maximum, SampleCount, Sum
    std::optional<QString> unit;

    friend bool operator==(const CustomizedMetricSpec &, const CustomizedMetricSpec &) = default;
};

struct TargetTrackingConfiguration
{
    double targetValue = 0;
    std::optional<PredefinedMetric> predefined;
    std::optional<CustomizedMetricSpec> customized;
    std::optional<int> scaleOutCooldown; // unset reads back unset; 300 s applies
    std::optional<int> scaleInCooldown;
    std::optional<bool> disableScaleIn;

    friend bool operator==(const TargetTrackingConfiguration &, const TargetTrackingConfiguration &) = default;
};

enum class PolicyType { StepScaling, TargetTrackingScaling };
QString toString(PolicyType type);
std::optional<PolicyType> policyTypeFrom(const QString &name);

struct AlarmRef
{
    QString name;
    QString arn;

    friend bool operator==(const AlarmRef &, const AlarmRef &) = default;
};

struct ScalingPolicy
{
    QString name;
    QString arn; // arn:aws:autoscaling:<region>:<acct>:scalingPolicy:<uuid>:resource/ecs/<resourceId>:policyName/<name>
    QString uuid;
    PolicyType type = PolicyType::TargetTrackingScaling;
    std::optional<StepScalingConfiguration> step;
    std::optional<TargetTrackingConfiguration> targetTracking;
    QList<AlarmRef> alarms; // target tracking: the two it owns; step: the alarms whose actions name it
    QDateTime createdAt;
};

struct ScheduledAction
{
    QString name;
    QString arn;
    QString schedule; // at(yyyy-mm-ddThh:mm:ss), rate(N unit), cron(fields)
    std::optional<QString> timezone;
    std::optional<QDateTime> startTime;
    std::optional<QDateTime> endTime;
    std::optional<int> minCapacity; // ScalableTargetAction
    std::optional<int> maxCapacity;
    QDateTime createdAt;
    QDateTime lastRunAt; // invalid: never ran
};

struct ScalingActivity
{
    QString id; // a UUID
    QString description;
    QString cause;
    QDateTime startTime;
    QDateTime endTime;  // invalid while in progress
    QString statusCode; // Pending, InProgress, Successful, Overridden, Unfulfilled, Failed
    QString statusMessage;
    QString details;
};

struct ScalableTarget
{
    QString resourceId; // service/<cluster>/<service>
    QString serviceNamespace = kEcsNamespace;
    QString scalableDimension = kDesiredCountDimension;
    int minCapacity = 0;
    int maxCapacity = 0;
    QString roleArn;
    SuspendedState suspended;
    QString arn; // arn:aws:application-autoscaling:<region>:<acct>:scalable-target/<id>
    QDateTime createdAt;
    tags::TagList tags;

    QList<ScalingPolicy> policies;     // creation order
    QList<ScheduledAction> scheduled;  // creation order
    QList<ScalingActivity> activities; // newest first, at most kMaxActivities
    ScalingMemory memory;

    QString cluster() const; // from the ResourceId
    QString service() const;
    const ScalingPolicy *policy(const QString &name) const;
    const ScalingPolicy *policyByArn(const QString &arn) const;
    const ScheduledAction *scheduledAction(const QString &name) const;
    // Adds or replaces (by id) an activity, newest first, bounded.
    void remember(const ScalingActivity &activity);
};

} // namespace fd::autoscaling
