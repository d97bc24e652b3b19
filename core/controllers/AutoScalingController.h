#pragma once

#include "Result.h"
#include "alarms/AlarmTypes.h"
#include "autoscaling/ScalingPanel.h"
#include "reconcile/ReconcileLoop.h"
#include "state/ChangeSet.h"

#include <QObject>

#include <optional>

namespace fd {

class AlarmController;
class ControlPlane;
namespace autoscaling {
struct ScalableTarget;
struct ScalingOutcome;
struct ScalingInput;
} // namespace autoscaling

// Application Auto Scaling at work for ECS services (ECS-SEMANTICS.md 1.10), on the control plane's
// clock:
//  - an Auto Scaling action of an alarm (AlarmController runs them on the transition to ALARM and
//    again every minute while it stays there) runs autoscaling::decide() for the policy's target with
//    every policy whose alarm is in ALARM now (the several-policies rule), and a change of the desired
//    count goes through cp.services().update(), the path UpdateService takes, recorded as a scaling
//    activity (InProgress, then Successful with "Successfully set desired count to N. Change
//    successfully fulfilled by ecs.") with the cooldown memory kept in the target's document;
//  - scale-in is suspended while the service has a deployment in progress;
//  - a target registered (or changed) with min/max that the desired count is outside of brings the
//    count inside at once, as AWS does;
//  - scheduled actions run at their time (at(), rate(), cron() in their Timezone, between StartTime
//    and EndTime) and set the target's min/max capacity.
// The console's glass-box panel reads panel() and follows panelChanged().
//
// One ReconcileLoop keyed by ResourceId runs the min/max clamp and the scheduled actions.
class AutoScalingController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AutoScalingController)

public:
    // Registers the "arn:aws:autoscaling:" action handler with `alarms` (null: no alarm-driven
    // scaling, scheduled actions and the clamp still run).
    AutoScalingController(ControlPlane &cp, AlarmController *alarms, QObject *parent = nullptr);
    ~AutoScalingController() override;

    void start();
    void stop();
    // Runs every due clamp and scheduled action now, a few rounds (tests on a ManualClock).
    void reconcileNow();

    // Runs one alarm action as the alarm controller does: `policyArn` names the policy.
    // Errors: ObjectNotFoundException when no policy has that ARN.
    Status runAlarmAction(const QString &alarmName, const QString &policyArn, alarms::AlarmState state);

    // For the glass-box panel, by ResourceId ("service/<cluster>/<service>"), in ResourceId order.
    QList<autoscaling::TargetPanel> panels() const;
    std::optional<autoscaling::TargetPanel> panel(const QString &resourceId) const;

    reconcile::ReconcileLoop &loop() { return m_loop; }

signals:
    // The target's panel changed: a decision, an activity, a policy, an alarm's state, the service's
    // desired count.
    void panelChanged(const QString &resourceId);

private:
    void onChanged(const state::ChangeSet &changes);
    reconcile::Outcome process(const QString &resourceId);
    Status clampToCapacity(const autoscaling::ScalableTarget &target);
    QDateTime runScheduled(const autoscaling::ScalableTarget &target);
    autoscaling::ScalingInput inputFor(const autoscaling::ScalableTarget &target) const;
    Status apply(const autoscaling::ScalableTarget &target, const autoscaling::ScalingOutcome &outcome);
    Status setDesired(const autoscaling::ScalableTarget &target, int desired, const QString &cause,
                      const QString &details);

    ControlPlane &m_cp;
    reconcile::ReconcileLoop m_loop;
    struct Last
    {
        QString outcome;
        QString reason;
        QDateTime at;
    };
    QHash<QString, Last> m_last; // by ResourceId: the last decision, for the panel
};

} // namespace fd
