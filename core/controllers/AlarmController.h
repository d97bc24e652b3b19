#pragma once

#include "Result.h"
#include "alarms/AlarmEvaluation.h"
#include "alarms/AlarmTypes.h"
#include "reconcile/ReconcileLoop.h"
#include "state/ChangeSet.h"

#include <QHash>
#include <QSet>
#include <QStringList>
#include <QObject>

#include <functional>
#include <vector>

namespace fd {

class ControlPlane;

// CloudWatch alarms at work (ECS-SEMANTICS 1.8): evaluates every alarm of cp.alarms() at its cadence
// (every minute; every 10 s for 10 s and 30 s periods) on the control plane's clock, over
// cp.metricStore(), commits each transition with its StateUpdate history item, and runs the actions:
// every action of the new state on a transition (also one made by SetAlarmState), and while the
// alarm stays in the state its Auto Scaling actions again every minute. Each action run is an
// Action history item: "Successfully executed action <arn>" when a handler took it, "Failed to
// execute action <arn>. Received error: ..." when no handler serves the ARN's prefix.
//
// One ReconcileLoop keyed by alarm name: a pass evaluates one alarm and looks again at its next
// evaluation instant.
class AlarmController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlarmController)

public:
    // Runs one action of an alarm: called on the control plane's thread, once per action per run.
    using ActionHandler =
        std::function<void(const QString &alarmName, const QString &actionArn, alarms::AlarmState state)>;

    explicit AlarmController(ControlPlane &cp, QObject *parent = nullptr);
    ~AlarmController() override;

    // Actions whose ARN starts with `arnPrefix` ("arn:aws:autoscaling:") go to `handler`; the
    // longest matching prefix wins; a later registration of the same prefix replaces the earlier.
    void addActionHandler(QString arnPrefix, ActionHandler handler);

    // Alarms on a metric of these namespaces wait, at each evaluation, until publishedThrough() says
    // the minute that just ended is in the store (the MetricsPublisher puts AWS/ECS and
    // AWS/ApplicationELB a moment after each minute ends; without the wait the newest slot of every
    // evaluation would read "missing"). The wait is bounded: kMaxPublishWaitMs of the clock.
    void waitForPublisher(QStringList namespaces);
    // The publisher's metrics are in the store up to `endMs` (the end of the minute it published).
    void publishedThrough(qint64 endMs);
    static constexpr qint64 kMaxPublishWaitMs = 45'000;

    void start();
    void stop();
    // Runs every due evaluation now, a few rounds (tests on a ManualClock).
    void evaluateNow();

    reconcile::ReconcileLoop &loop() { return m_loop; }

signals:
    // After each evaluation (transition or not): the window with its M-of-N slots, for the console.
    void evaluated(const QString &alarmName, const fd::alarms::AlarmEvaluation &evaluation);

private:
    void onChanged(const state::ChangeSet &changes);
    void watch(const QString &name);
    reconcile::Outcome process(const QString &name);
    // Runs `actions` for the alarm in `state` and records an Action history item each.
    Status runActions(const QString &name, const QStringList &actions, alarms::AlarmState state, qint64 nowMs);
    const ActionHandler *handlerFor(const QString &arn) const;
    QDateTime nextEvaluation(const QString &name) const;

    ControlPlane &m_cp;
    reconcile::ReconcileLoop m_loop;
    std::vector<std::pair<QString, ActionHandler>> m_handlers;
    QHash<QString, alarms::AlarmState> m_lastState;         // by alarm: the state it was last seen in
    QHash<QString, qint64> m_lastAutoScalingRun;            // by alarm: control-plane ms
    QHash<QString, alarms::AlarmState> m_pendingTransition; // set from outside (SetAlarmState): actions to run
    QStringList m_publishedNamespaces; // waitForPublisher()
    qint64 m_publishedThroughMs = -1;
    QSet<QString> m_waitingForPublisher; // alarms whose evaluation waits for publishedThrough()
};

} // namespace fd
