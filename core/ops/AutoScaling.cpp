#include "ops/AutoScaling.h"

#include "ControlPlane.h"
#include "autoscaling/Schedule.h"
#include "model/Arn.h"
#include "ops/Alarms.h"
#include "ops/Services.h"
#include "registries/AutoScalingRegistry.h"
#include "state/Kinds.h"
#include "state/Transaction.h"

#include <QRegularExpression>
#include <QUuid>

namespace fd::ops {

using namespace autoscaling;

namespace {

// The service-linked role AWS fills in when RegisterScalableTarget names none.
QString defaultRole()
{
    return QStringLiteral("arn:aws:iam::%1:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/"
                          "AWSServiceRoleForApplicationAutoScaling_ECSService")
        .arg(QLatin1String(arn::kAccount));
}

QString hexId()
{
    return QUuid::createUuid().toString(QUuid::Id128);
}

Status checkCapacity(std::optional<int> minCapacity, std::optional<int> maxCapacity, const QString &prefix = {})
{
    if (minCapacity && *minCapacity < 0)
        return aasValidation(
            prefix + QStringLiteral("MinCapacity"),
            QStringLiteral("%1MinCapacity: must be at least 0 (got %2)").arg(prefix).arg(*minCapacity));
    if (maxCapacity && *maxCapacity < 0)
        return aasValidation(
            prefix + QStringLiteral("MaxCapacity"),
            QStringLiteral("%1MaxCapacity: must be at least 0 (got %2)").arg(prefix).arg(*maxCapacity));
    if (minCapacity && maxCapacity && *minCapacity > *maxCapacity)
        return aasValidation(prefix + QStringLiteral("MinCapacity"),
                             QStringLiteral("%1MinCapacity (%2) must not be greater than MaxCapacity (%3)")
                                 .arg(prefix)
                                 .arg(*minCapacity)
                                 .arg(*maxCapacity));
    return Ok{};
}

} // namespace

Error aasValidation(const QString &field, const QString &message)
{
    return makeError(QStringLiteral("ValidationException"), message, field);
}

Error aasNotFound(const TargetKey &key)
{
    return makeError(QStringLiteral("ObjectNotFoundException"),
                     QStringLiteral("No scalable target registered for service namespace: %1, resource ID: %2, "
                                    "scalable dimension: %3")
                         .arg(key.serviceNamespace, key.resourceId, key.scalableDimension),
                     QStringLiteral("ResourceId"));
}

Status AutoScaling::checkSupported(const QString &serviceNamespace, const QString &scalableDimension)
{
    if (serviceNamespace != kEcsNamespace)
        return aasValidation(QStringLiteral("ServiceNamespace"),
                             QStringLiteral("ServiceNamespace '%1' is not supported by Fleetdeck: only ecs (ECS "
                                            "services) scales here")
                                 .arg(serviceNamespace));
    if (scalableDimension != kDesiredCountDimension)
        return aasValidation(QStringLiteral("ScalableDimension"),
                             QStringLiteral("ScalableDimension '%1' is not supported by Fleetdeck: only "
                                            "ecs:service:DesiredCount")
                                 .arg(scalableDimension));
    return Ok{};
}

Result<const ScalableTarget *> AutoScaling::existing(const TargetKey &key) const
{
    if (Status s = checkSupported(key.serviceNamespace, key.scalableDimension); !s)
        return s.error();
    const ScalableTarget *t = m_targets.find(key.resourceId);
    if (!t)
        return aasNotFound(key);
    return t;
}

Status AutoScaling::commitTarget(const ScalableTarget &target, const QString &message)
{
    state::Transaction tx = begin();
    m_targets.stage(tx, target);
    if (!message.isEmpty())
        tx.event(makeEvent(state::kScalableTargetKind, target.resourceId, message));
    return commit(std::move(tx));
}

Result<QString> AutoScaling::registerTarget(const TargetRegistration &r)
{
    if (Status s = checkSupported(r.key.serviceNamespace, r.key.scalableDimension); !s)
        return s.error();
    const QStringList parts = r.key.resourceId.split(u'/');
    if (parts.size() != 3 || parts[0] != u"service" || parts[1].isEmpty() || parts[2].isEmpty())
        return aasValidation(
            QStringLiteral("ResourceId"),
            QStringLiteral("ResourceId '%1' is not service/<cluster-name>/<service-name>").arg(r.key.resourceId));
    const std::optional<Service> service = m_cp.services().find(parts[1], parts[2]);
    if (!service || service->status == ServiceStatus::Inactive)
        return aasValidation(QStringLiteral("ResourceId"),
                             QStringLiteral("ECS service doesn't exist: %1").arg(r.key.resourceId));
    const ScalableTarget *old = m_targets.find(r.key.resourceId);
    ScalableTarget t = old ? *old : ScalableTarget{};
    if (!old) {
        if (!r.minCapacity || !r.maxCapacity)
            return aasValidation(r.minCapacity ? QStringLiteral("MaxCapacity") : QStringLiteral("MinCapacity"),
                                 QStringLiteral("MinCapacity and MaxCapacity are required to register a new scalable "
                                                "target (%1)")
                                     .arg(r.key.resourceId));
        if (auto e = tags::validate(r.tags, QStringLiteral("Tags")))
            return aasValidation(QStringLiteral("Tags"), e->message);
        t.resourceId = r.key.resourceId;
        t.createdAt = now();
        t.arn = QStringLiteral("arn:aws:application-autoscaling:%1:%2:scalable-target/%3")
                    .arg(r.region.isEmpty() ? region() : r.region, QLatin1String(arn::kAccount), hexId());
        t.roleArn = defaultRole();
        t.tags = r.tags;
    } else if (!r.tags.isEmpty()) {
        // AWS documents Tags for a new target; on an existing one they are added as TagResource adds
        // them, so that they are not accepted and forgotten.
        const tags::TagList merged = tags::merged(t.tags, r.tags);
        if (auto e = tags::validate(merged, QStringLiteral("Tags")))
            return aasValidation(QStringLiteral("Tags"), e->message);
        t.tags = merged;
    }
    const int minCapacity = r.minCapacity.value_or(t.minCapacity);
    const int maxCapacity = r.maxCapacity.value_or(t.maxCapacity);
    if (Status s = checkCapacity(minCapacity, maxCapacity); !s)
        return s.error();
    if (r.roleArn && r.roleArn->isEmpty())
        return aasValidation(QStringLiteral("RoleARN"), QStringLiteral("RoleARN: must not be empty"));
    t.minCapacity = minCapacity;
    t.maxCapacity = maxCapacity;
    if (r.roleArn)
        t.roleArn = *r.roleArn;
    t.suspended.dynamicScalingInSuspended = r.dynamicScalingInSuspended.value_or(t.suspended.dynamicScalingInSuspended);
    t.suspended.dynamicScalingOutSuspended =
        r.dynamicScalingOutSuspended.value_or(t.suspended.dynamicScalingOutSuspended);
    t.suspended.scheduledScalingSuspended = r.scheduledScalingSuspended.value_or(t.suspended.scheduledScalingSuspended);
    if (Status s =
            commitTarget(t, QStringLiteral("Scalable target %1 %2 (min %3, max %4).")
                                .arg(t.resourceId, old ? QStringLiteral("updated") : QStringLiteral("registered"))
                                .arg(t.minCapacity)
                                .arg(t.maxCapacity));
        !s)
        return s.error();
    return t.arn;
}

Status AutoScaling::deregisterTarget(const TargetKey &key)
{
    Result<const ScalableTarget *> t = existing(key);
    if (!t)
        return t.error();
    const ScalableTarget target = *t.value();
    state::Transaction tx = begin();
    m_targets.stageRemoval(tx, key.resourceId);
    tx.event(makeEvent(state::kScalableTargetKind, key.resourceId,
                       QStringLiteral("Scalable target %1 deregistered.").arg(key.resourceId)));
    if (Status s = commit(std::move(tx)); !s)
        return s;
    for (const ScalingPolicy &p : target.policies)
        removeOwnedAlarms(p);
    return Ok{};
}

Result<ScheduledAction> AutoScaling::planScheduled(const ScalableTarget &t, const ScheduledPut &r) const
{
    static const QRegularExpression badName(QStringLiteral("[\\x00-\\x1f\\x7f-\\x9f:/|]|^ | $"));
    if (r.name.isEmpty() || r.name.size() > 256 || badName.match(r.name).hasMatch())
        return aasValidation(QStringLiteral("ScheduledActionName"),
                             QStringLiteral("ScheduledActionName '%1': 1 to 256 characters without :, /, |, control "
                                            "characters or leading and trailing spaces")
                                 .arg(r.name));
    const ScheduledAction *old = t.scheduledAction(r.name);
    ScheduledAction a = old ? *old : ScheduledAction{};
    if (!old) {
        if (!r.schedule)
            return aasValidation(QStringLiteral("Schedule"),
                                 QStringLiteral("Schedule is required to create scheduled action %1").arg(r.name));
        a.name = r.name;
        a.createdAt = now();
        a.arn = QStringLiteral("arn:aws:autoscaling:%1:%2:scheduledAction:%3:resource/ecs/%4:scheduledActionName/%5")
                    .arg(r.region.isEmpty() ? region() : r.region, QLatin1String(arn::kAccount),
                         QUuid::createUuid().toString(QUuid::WithoutBraces), t.resourceId, r.name);
    }
    if (r.schedule) {
        if (Result<Schedule> s = parseSchedule(*r.schedule); !s)
            return s.error();
        a.schedule = *r.schedule;
    }
    if (r.timezone) {
        if (Status s = checkTimezone(*r.timezone); !s)
            return s.error();
        a.timezone = r.timezone;
    }
    if (r.startTime)
        a.startTime = r.startTime;
    if (r.endTime)
        a.endTime = r.endTime;
    if (a.startTime && a.endTime && *a.endTime <= *a.startTime)
        return aasValidation(QStringLiteral("EndTime"), QStringLiteral("EndTime must be after StartTime"));
    if (r.minCapacity)
        a.minCapacity = r.minCapacity;
    if (r.maxCapacity)
        a.maxCapacity = r.maxCapacity;
    if (Status s = checkCapacity(a.minCapacity, a.maxCapacity, QStringLiteral("ScalableTargetAction.")); !s)
        return s.error();
    return a;
}

Status AutoScaling::check(const ScheduledPut &r) const
{
    Result<const ScalableTarget *> found = existing(r.key);
    if (!found)
        return found.error();
    if (Result<ScheduledAction> a = planScheduled(*found.value(), r); !a)
        return a.error();
    return Ok{};
}

Status AutoScaling::putScheduledAction(const ScheduledPut &r)
{
    Result<const ScalableTarget *> found = existing(r.key);
    if (!found)
        return found.error();
    ScalableTarget t = *found.value();
    Result<ScheduledAction> planned = planScheduled(t, r);
    if (!planned)
        return planned.error();
    const ScheduledAction &a = planned.value();
    const ScheduledAction *old = t.scheduledAction(r.name);
    if (old)
        t.scheduled[old - t.scheduled.constData()] = a;
    else
        t.scheduled.append(a);
    return commitTarget(t, QStringLiteral("Scheduled action %1 of %2 %3.")
                               .arg(a.name, t.resourceId, old ? QStringLiteral("updated") : QStringLiteral("created")));
}

Status AutoScaling::deleteScheduledAction(const TargetKey &key, const QString &name)
{
    Result<const ScalableTarget *> found = existing(key);
    if (!found)
        return found.error();
    ScalableTarget t = *found.value();
    const qsizetype before = t.scheduled.size();
    t.scheduled.removeIf([&](const ScheduledAction &a) { return a.name == name; });
    if (t.scheduled.size() == before)
        return makeError(QStringLiteral("ObjectNotFoundException"),
                         QStringLiteral("No scheduled action found for service namespace: %1, resource ID: %2, "
                                        "scalable dimension: %3, scheduled action name: %4")
                             .arg(key.serviceNamespace, key.resourceId, key.scalableDimension, name),
                         QStringLiteral("ScheduledActionName"));
    return commitTarget(t, QStringLiteral("Scheduled action %1 of %2 deleted.").arg(name, t.resourceId));
}

QList<ScalableTarget> AutoScaling::targets() const
{
    return m_targets.all().values();
}

const ScalableTarget *AutoScaling::find(const QString &resourceId) const
{
    return m_targets.find(resourceId);
}

Status AutoScaling::record(const QString &resourceId, const std::function<void(ScalableTarget &)> &change)
{
    const ScalableTarget *found = m_targets.find(resourceId);
    if (!found)
        return aasNotFound({kEcsNamespace, resourceId, kDesiredCountDimension});
    ScalableTarget t = *found;
    change(t);
    return commitTarget(t, {});
}

Status AutoScaling::tag(const QString &targetArn, const tags::TagList &add)
{
    const ScalableTarget *found = m_targets.findByArn(targetArn);
    if (!found)
        return makeError(QStringLiteral("ResourceNotFoundException"),
                         QStringLiteral("No scalable target has the ARN %1").arg(targetArn),
                         QStringLiteral("ResourceARN"));
    ScalableTarget t = *found;
    t.tags = tags::merged(t.tags, add);
    if (auto e = tags::validate(t.tags, QStringLiteral("Tags"))) {
        if (tags::userTagCount(t.tags) > tags::kMaxTagsPerResource)
            return makeError(QStringLiteral("TooManyTagsException"), e->message, QStringLiteral("Tags"));
        return aasValidation(QStringLiteral("Tags"), e->message);
    }
    return commitTarget(t, {});
}

Status AutoScaling::untag(const QString &targetArn, const QStringList &keys)
{
    const ScalableTarget *found = m_targets.findByArn(targetArn);
    if (!found)
        return makeError(QStringLiteral("ResourceNotFoundException"),
                         QStringLiteral("No scalable target has the ARN %1").arg(targetArn),
                         QStringLiteral("ResourceARN"));
    ScalableTarget t = *found;
    t.tags = tags::without(t.tags, keys);
    return commitTarget(t, {});
}

Result<tags::TagList> AutoScaling::tags(const QString &targetArn) const
{
    const ScalableTarget *found = m_targets.findByArn(targetArn);
    if (!found)
        return makeError(QStringLiteral("ResourceNotFoundException"),
                         QStringLiteral("No scalable target has the ARN %1").arg(targetArn),
                         QStringLiteral("ResourceARN"));
    return found->tags;
}

} // namespace fd::ops
