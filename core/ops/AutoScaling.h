#pragma once

#include "autoscaling/ScalableTarget.h"
#include "ops/Domain.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace fd::registries {
class AutoScalingRegistry;
}

namespace fd::ops {

// Which scalable target a request names: ServiceNamespace, ResourceId and ScalableDimension.
struct TargetKey
{
    QString serviceNamespace;
    QString resourceId;
    QString scalableDimension;
};

// RegisterScalableTarget: on a new target MinCapacity and MaxCapacity are required; on an existing
// one what is given replaces what is there.
struct TargetRegistration
{
    TargetKey key;
    std::optional<int> minCapacity;
    std::optional<int> maxCapacity;
    std::optional<QString> roleArn;
    std::optional<bool> dynamicScalingInSuspended;
    std::optional<bool> dynamicScalingOutSuspended;
    std::optional<bool> scheduledScalingSuspended;
    tags::TagList tags; // at creation only
    QString region;     // of the ARNs; empty: the control plane's
};

// PutScalingPolicy.
struct PolicyPut
{
    TargetKey key;
    QString policyName;
    std::optional<QString> policyType; // default StepScaling, as AWS
    std::optional<autoscaling::StepScalingConfiguration> step;
    std::optional<autoscaling::TargetTrackingConfiguration> targetTracking;
    QString region;
};

// PutScheduledAction: on an existing action what is not given stays.
struct ScheduledPut
{
    TargetKey key;
    QString name;
    std::optional<QString> schedule; // required for a new action
    std::optional<QString> timezone;
    std::optional<QDateTime> startTime;
    std::optional<QDateTime> endTime;
    std::optional<int> minCapacity;
    std::optional<int> maxCapacity;
    QString region;
};

// Application Auto Scaling's resources as state (ECS-SEMANTICS 1.10): each write is one transaction
// on the "scalable-target" kind. A target tracking policy creates and owns its two alarms through
// cp.alarms() (AWS's names and settings); deleting the policy or deregistering the target deletes
// them. Errors carry Application Auto Scaling's codes (ValidationException naming the field,
// ObjectNotFoundException, LimitExceededException, ResourceNotFoundException for tags).
class AutoScaling final : public Domain
{
public:
    AutoScaling(ControlPlane &cp, const Registries &r, registries::AutoScalingRegistry &targets)
        : Domain(cp, r), m_targets(targets)
    {}

    // Returns the target's ARN.
    Result<QString> registerTarget(const TargetRegistration &request);
    Status deregisterTarget(const TargetKey &key);
    Result<autoscaling::ScalingPolicy> putPolicy(const PolicyPut &request);
    // putPolicy()'s checks without writing anything, in its order, so the first refusal is the one
    // putPolicy() gives (the Scaling tab's editor shows it as the form is filled): the target, the
    // type, the configuration, the policy limit, and the alarms a target tracking policy would own
    // as cp.alarms().check() sees them.
    Status check(const PolicyPut &request) const;
    Status deletePolicy(const TargetKey &key, const QString &policyName);
    Status putScheduledAction(const ScheduledPut &request);
    // putScheduledAction()'s checks without writing anything (the same first refusal).
    Status check(const ScheduledPut &request) const;
    Status deleteScheduledAction(const TargetKey &key, const QString &name);

    // ResourceId order.
    QList<autoscaling::ScalableTarget> targets() const;
    const autoscaling::ScalableTarget *find(const QString &resourceId) const;
    const registries::AutoScalingRegistry &registry() const { return m_targets; }
    // The namespace and dimension are ecs and ecs:service:DesiredCount (ValidationException naming
    // ServiceNamespace or ScalableDimension otherwise).
    static Status checkSupported(const QString &serviceNamespace, const QString &scalableDimension);

    // For the auto-scaling controller: the target's new cooldown memory, activities and scheduled
    // action runs in one write. Unknown target: ObjectNotFoundException (deregistered meanwhile).
    Status record(const QString &resourceId, const std::function<void(autoscaling::ScalableTarget &)> &change);

    // Tags by the target's ARN (ResourceNotFoundException when none has it).
    Status tag(const QString &targetArn, const tags::TagList &tags);
    Status untag(const QString &targetArn, const QStringList &keys);
    Result<tags::TagList> tags(const QString &targetArn) const;

private:
    Result<const autoscaling::ScalableTarget *> existing(const TargetKey &key) const;
    // The policy `request` makes of `target` (not yet its alarms), or the first refusal.
    Result<autoscaling::ScalingPolicy> planPolicy(const autoscaling::ScalableTarget &target,
                                                  const PolicyPut &request) const;
    // The scheduled action `request` makes of `target`, or the first refusal.
    Result<autoscaling::ScheduledAction> planScheduled(const autoscaling::ScalableTarget &target,
                                                       const ScheduledPut &request) const;
    Status commitTarget(const autoscaling::ScalableTarget &target, const QString &message);
    Result<QList<autoscaling::AlarmRef>> putOwnedAlarms(const autoscaling::ScalableTarget &target,
                                                        const autoscaling::ScalingPolicy &policy,
                                                        const QString &region);
    void removeOwnedAlarms(const autoscaling::ScalingPolicy &policy);

    registries::AutoScalingRegistry &m_targets;
};

// Application Auto Scaling's errors.
Error aasValidation(const QString &field, const QString &message);
Error aasNotFound(const TargetKey &key);

} // namespace fd::ops
