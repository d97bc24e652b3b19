#include "controllers/AutoScalingController.h"

#include "ControlPlane.h"
#include "alarms/MetricAlarm.h"
#include "autoscaling/ScalableTarget.h"
#include "autoscaling/Schedule.h"
#include "controllers/AlarmController.h"
#include "controllers/AutoScalingInputs.h"
#include "ops/AutoScaling.h"
#include "ops/Services.h"
#include "registries/AutoScalingRegistry.h"
#include "state/Kinds.h"

#include <QLoggingCategory>
#include <QUuid>

namespace fd {

Q_LOGGING_CATEGORY(lcAutoScaling, "fleetdeck.autoscaling")

using namespace autoscaling;

namespace {

constexpr int kReconcileRounds = 4;

ScalingActivity newActivity(const QDateTime &now, const QString &description, const QString &cause,
                            const QString &details)
{
    ScalingActivity a;
    a.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    a.description = description;
    a.cause = cause;
    a.startTime = now;
    a.statusCode = QStringLiteral("InProgress");
    a.details = details;
    return a;
}

QString capacityText(const ScheduledAction &a, const ScalableTarget &t)
{
    return QStringLiteral("min capacity to %1 and max capacity to %2")
        .arg(a.minCapacity.value_or(t.minCapacity))
        .arg(a.maxCapacity.value_or(t.maxCapacity));
}

} // namespace

AutoScalingController::AutoScalingController(ControlPlane &cp, AlarmController *alarms, QObject *parent)
    : QObject(parent), m_cp(cp),
      m_loop(cp.clock(), {QStringLiteral("autoscaling")}, [this](const QString &key) { return process(key); })
{
    connect(&m_cp, &ControlPlane::changed, this, &AutoScalingController::onChanged);
    m_loop.setKeySource([this] { return QStringList(m_cp.autoScaling().registry().all().keys()); });
    if (alarms) {
        alarms->addActionHandler(QStringLiteral("arn:aws:autoscaling:"),
                                 [this](const QString &alarmName, const QString &arn, alarms::AlarmState state) {
                                     if (Status s = runAlarmAction(alarmName, arn, state); !s)
                                         qCWarning(lcAutoScaling) << "alarm" << alarmName << "action" << arn
                                                                  << "failed:" << s.error().message;
                                 });
    }
    m_loop.enqueueAll();
}

AutoScalingController::~AutoScalingController() = default;

void AutoScalingController::start()
{
    m_loop.enqueueAll();
    m_loop.start();
}

void AutoScalingController::stop()
{
    m_loop.stop();
}

void AutoScalingController::reconcileNow()
{
    m_loop.runDue(kReconcileRounds);
}

void AutoScalingController::onChanged(const state::ChangeSet &changes)
{
    const auto &targets = m_cp.autoScaling().registry();
    QSet<QString> touched;
    for (const state::Change &c : changes.changes) {
        if (c.kind == state::kScalableTargetKind) {
            if (c.op == state::Change::Op::Delete)
                m_loop.forget(c.id);
            else
                m_loop.enqueue(c.id);
            touched.insert(c.id);
        } else if (c.kind == state::kServiceKind) {
            const QString resourceId = QStringLiteral("service/") + c.id;
            if (targets.find(resourceId)) {
                m_loop.enqueue(resourceId);
                touched.insert(resourceId);
            }
        } else if (c.kind == state::kMetricAlarmKind) {
            for (const ScalableTarget &t : targets.all()) {
                for (const ScalingPolicy &p : t.policies) {
                    for (const AlarmRef &a : p.alarms) {
                        if (a.name == c.id)
                            touched.insert(t.resourceId);
                    }
                }
            }
        }
    }
    for (const QString &id : touched)
        emit panelChanged(id);
}

reconcile::Outcome AutoScalingController::process(const QString &resourceId)
{
    const ScalableTarget *found = m_cp.autoScaling().find(resourceId);
    if (!found)
        return reconcile::Outcome::done();
    const ScalableTarget target = *found;
    const QDateTime next = runScheduled(target);
    if (const ScalableTarget *now = m_cp.autoScaling().find(resourceId)) {
        if (Status s = clampToCapacity(*now); !s)
            return reconcile::Outcome::failed(s.error().message, QStringLiteral("clamp to min/max capacity"));
    }
    reconcile::Outcome o = reconcile::Outcome::done();
    if (next.isValid())
        o.lookAgainAt(next);
    return o;
}

Status AutoScalingController::runAlarmAction(const QString &alarmName, const QString &policyArn,
                                             alarms::AlarmState state)
{
    const ScalableTarget *found = m_cp.autoScaling().registry().findByPolicyArn(policyArn);
    if (!found)
        return makeError(QStringLiteral("ObjectNotFoundException"),
                         QStringLiteral("No scaling policy has the ARN %1").arg(policyArn));
    if (state != alarms::AlarmState::Alarm)
        return Ok{};
    const ScalableTarget target = *found;
    qCDebug(lcAutoScaling) << "alarm" << alarmName << "in ALARM for" << target.resourceId;
    const ScalingOutcome outcome = decide(inputFor(target));
    return apply(target, outcome);
}

ScalingInput AutoScalingController::inputFor(const ScalableTarget &target) const
{
    return scalingInput(m_cp, target);
}

Status AutoScalingController::apply(const ScalableTarget &target, const ScalingOutcome &outcome)
{
    Last &last = m_last[target.resourceId];
    last.at = m_cp.clock().now();
    last.reason = outcome.reason;
    if (outcome.kind == ScalingOutcome::Kind::None) {
        last.outcome = QStringLiteral("held");
        emit panelChanged(target.resourceId);
        return Ok{};
    }
    const int current = scalingInput(m_cp, target).current;
    last.outcome = QStringLiteral("%1 %2 -> %3")
                       .arg(outcome.kind == ScalingOutcome::Kind::ScaleOut ? QStringLiteral("scale out")
                                                                           : QStringLiteral("scale in"))
                       .arg(current)
                       .arg(outcome.desired);
    const ScalingMemory memory = outcome.memory;
    if (Status s = m_cp.autoScaling().record(target.resourceId, [&](ScalableTarget &t) { t.memory = memory; }); !s)
        return s;
    return setDesired(target, outcome.desired, activityCause(outcome.alarmName, outcome.policyName), outcome.reason);
}

Status AutoScalingController::setDesired(const ScalableTarget &target, int desired, const QString &cause,
                                         const QString &details)
{
    ControlPlane::CauseScope scope(m_cp, state::Cause::controller(QStringLiteral("autoscaling")));
    ScalingActivity activity = newActivity(m_cp.clock().now(), activityDescription(desired), cause, details);
    ops::AutoScaling &as = m_cp.autoScaling();
    if (Status s = as.record(target.resourceId, [&](ScalableTarget &t) { t.remember(activity); }); !s)
        return s;
    ops::ServiceRequest request;
    request.cluster = target.cluster();
    request.serviceName = target.service();
    request.desiredCount = desired;
    Result<Service> updated = m_cp.services().update(request);
    activity.endTime = m_cp.clock().now();
    if (updated) {
        activity.statusCode = QStringLiteral("Successful");
        activity.statusMessage = activitySuccessMessage(desired);
    } else {
        activity.statusCode = QStringLiteral("Failed");
        activity.statusMessage =
            QStringLiteral("Failed to set desired count to %1. Reason: %2").arg(desired).arg(updated.error().message);
    }
    qCInfo(lcAutoScaling) << target.resourceId << activity.description << activity.statusCode;
    return as.record(target.resourceId, [&](ScalableTarget &t) { t.remember(activity); });
}

Status AutoScalingController::clampToCapacity(const ScalableTarget &target)
{
    const int current = scalingInput(m_cp, target).current;
    if (current < 0)
        return Ok{}; // the service is gone
    if (current < target.minCapacity)
        return setDesired(target, target.minCapacity,
                          QStringLiteral("minimum capacity was set to %1").arg(target.minCapacity),
                          QStringLiteral("the desired count %1 is below the minimum capacity %2")
                              .arg(current)
                              .arg(target.minCapacity));
    if (current > target.maxCapacity)
        return setDesired(target, target.maxCapacity,
                          QStringLiteral("maximum capacity was set to %1").arg(target.maxCapacity),
                          QStringLiteral("the desired count %1 is above the maximum capacity %2")
                              .arg(current)
                              .arg(target.maxCapacity));
    return Ok{};
}

// Runs the scheduled actions that are due; returns the earliest next run (invalid: none).
QDateTime AutoScalingController::runScheduled(const ScalableTarget &target)
{
    const QDateTime now = m_cp.clock().now();
    QDateTime earliest;
    for (const ScheduledAction &a : target.scheduled) {
        Result<Schedule> schedule = parseSchedule(a.schedule);
        if (!schedule)
            continue;
        const QDateTime after = a.lastRunAt.isValid() ? a.lastRunAt : a.createdAt.addMSecs(-1);
        const QString zone = a.timezone.value_or(QString());
        QDateTime due = nextRun(schedule.value(), zone, after, a.startTime, a.endTime, a.createdAt);
        if (due.isValid() && due <= now && !target.suspended.scheduledScalingSuspended) {
            ScalingActivity activity =
                newActivity(now, QStringLiteral("Setting %1").arg(capacityText(a, target)),
                            QStringLiteral("scheduled action name %1 was triggered").arg(a.name), a.schedule);
            activity.statusCode = QStringLiteral("Successful");
            activity.statusMessage = QStringLiteral("Successfully set %1. Change successfully fulfilled by ecs.")
                                         .arg(capacityText(a, target));
            activity.endTime = now;
            ControlPlane::CauseScope scope(m_cp, state::Cause::controller(QStringLiteral("autoscaling")));
            const QString name = a.name;
            const Status s = m_cp.autoScaling().record(target.resourceId, [&](ScalableTarget &t) {
                for (ScheduledAction &x : t.scheduled) {
                    if (x.name == name) {
                        t.minCapacity = x.minCapacity.value_or(t.minCapacity);
                        t.maxCapacity = std::max(t.minCapacity, x.maxCapacity.value_or(t.maxCapacity));
                        x.lastRunAt = now;
                    }
                }
                t.remember(activity);
            });
            if (!s)
                qCWarning(lcAutoScaling) << "scheduled action" << a.name << "failed:" << s.error().message;
            due = nextRun(schedule.value(), zone, now, a.startTime, a.endTime, a.createdAt);
        }
        if (due.isValid() && (!earliest.isValid() || due < earliest))
            earliest = due;
    }
    return earliest;
}

} // namespace fd
