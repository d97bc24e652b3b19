// The alarm controller on a manual clock: the anchor vector (3 of 3 at 60 s: INSUFFICIENT_DATA
// until the 3rd breaching minute, then ALARM, then OK when one point in the window is not
// breaching), the transitions committed with their history, an Auto Scaling action handler called
// on the transition and again every minute while in ALARM, an action to a service without a handler
// recorded as a failed Action item, actions of a state set by SetAlarmState, disabled actions, and
// the 10 s cadence of a 10 s period.

#include "ControlPlane.h"
#include "alarms/MetricAlarm.h"
#include "controllers/AlarmController.h"
#include "metrics/MetricStore.h"
#include "ops/Alarms.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace fd;
using namespace fd::alarms;

namespace {

const QString kScaleOut =
    QStringLiteral("arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:1234:resource/ecs/service/default/"
                   "web:policyName/scale-out");
const QString kTopic = QStringLiteral("arn:aws:sns:us-east-1:000000000000:ops");

metrics::MetricId load()
{
    return metrics::makeMetricId(QStringLiteral("Fleetdeck/Test"), QStringLiteral("Load"), {}).value();
}

struct Call
{
    QString alarm;
    QString arn;
    AlarmState state;
    qint64 atMs;
};

} // namespace

class TestAlarmController : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<ControlPlane> m_cp;
    std::unique_ptr<AlarmController> m_controller;
    QList<Call> m_calls;

    qint64 nowMs() const { return m_clock->now().toMSecsSinceEpoch(); }

    void putAlarm(int periodSeconds = 60, QStringList actions = {kScaleOut, kTopic})
    {
        ops::AlarmPut p;
        p.definition.name = QStringLiteral("load-high");
        p.definition.metric = load();
        p.definition.statistic = metrics::Statistic::Average;
        p.definition.periodSeconds = periodSeconds;
        p.definition.evaluationPeriods = 3;
        p.definition.datapointsToAlarm = 3;
        p.definition.threshold = 7;
        p.definition.alarmActions = std::move(actions);
        QVERIFY(m_cp->alarms().put(p));
    }

    // A datapoint in the current minute, then the clock to the next minute and an evaluation.
    void minuteOf(double value)
    {
        m_clock->advance(30000);
        metrics::MetricDatum d;
        d.metric = load();
        d.timestampMs = nowMs();
        d.value = value;
        QVERIFY(m_cp->metricStore().put(d));
        m_clock->advance(30000);
        m_controller->evaluateNow();
    }

    AlarmState state() const { return m_cp->alarms().find(QStringLiteral("load-high"))->status.state; }

    QStringList summaries(const QString &type) const
    {
        ops::AlarmHistoryFilter f;
        f.alarmName = QStringLiteral("load-high");
        f.itemType = type;
        QStringList out;
        for (const AlarmHistoryItem &h : m_cp->alarms().history(f))
            out << h.historySummary;
        return out;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_clock = std::make_shared<ManualClock>(); // 2026-01-01 00:00:00 UTC, on a minute
        auto cp = ControlPlane::open(m_dir->path(), m_clock);
        QVERIFY(cp);
        m_cp = std::move(cp).value();
        m_controller = std::make_unique<AlarmController>(*m_cp);
        m_calls.clear();
        m_controller->addActionHandler(QStringLiteral("arn:aws:autoscaling:"),
                                       [this](const QString &alarm, const QString &arn, AlarmState s) {
                                           m_calls.append({alarm, arn, s, nowMs()});
                                       });
    }

    void cleanup()
    {
        m_controller.reset();
        m_cp.reset();
    }

    void anchorThreeOfThreeThenOk()
    {
        putAlarm();
        minuteOf(9); // 00:01
        QCOMPARE(toString(state()), toString(AlarmState::InsufficientData));
        minuteOf(9.5); // 00:02
        QCOMPARE(toString(state()), toString(AlarmState::InsufficientData));
        QVERIFY(m_calls.isEmpty());
        minuteOf(8); // 00:03: the third breaching minute
        QCOMPARE(toString(state()), toString(AlarmState::Alarm));
        const MetricAlarm a = *m_cp->alarms().find(QStringLiteral("load-high"));
        QVERIFY2(a.status.reason.startsWith(u"Threshold Crossed: 3 out of the last 3 datapoints [8.0 (01/01/26 "
                                            u"00:02:00), 9.5 (01/01/26 00:01:00), 9.0 (01/01/26 00:00:00)]"),
                 qPrintable(a.status.reason));
        QCOMPARE(a.stateTransitionedMs, nowMs());
        QVERIFY(!a.status.reasonData.isEmpty());
        QCOMPARE(summaries(QStringLiteral("StateUpdate")),
                 QStringList{QStringLiteral("Alarm updated from INSUFFICIENT_DATA to ALARM")});

        // The transition ran every action of ALARM: the Auto Scaling one through its handler, the SNS
        // one failed (no handler), each an Action history item.
        QCOMPARE(m_calls.size(), 1);
        QCOMPARE(m_calls[0].alarm, QStringLiteral("load-high"));
        QCOMPARE(m_calls[0].arn, kScaleOut);
        QCOMPARE(toString(m_calls[0].state), toString(AlarmState::Alarm));
        const QStringList actions = summaries(QStringLiteral("Action"));
        QCOMPARE(actions.size(), 2);
        QVERIFY(actions.contains(QStringLiteral("Successfully executed action ") + kScaleOut));
        const QString failed = actions.filter(u"Failed").value(0);
        QVERIFY2(failed.startsWith(QStringLiteral("Failed to execute action ") + kTopic), qPrintable(failed));
        QVERIFY2(failed.contains(u"no sns actions"), qPrintable(failed));

        // Still breaching a minute later: no transition, the Auto Scaling action again, SNS not.
        minuteOf(9);
        QCOMPARE(toString(state()), toString(AlarmState::Alarm));
        QCOMPARE(m_calls.size(), 2);
        QCOMPARE(m_calls[1].atMs - m_calls[0].atMs, qint64(60000));
        QCOMPARE(summaries(QStringLiteral("Action")).size(), 3);
        QCOMPARE(summaries(QStringLiteral("StateUpdate")).size(), 1);

        // One point below the threshold in the window: OK.
        minuteOf(1);
        QCOMPARE(toString(state()), toString(AlarmState::Ok));
        QCOMPARE(summaries(QStringLiteral("StateUpdate")).value(0), QStringLiteral("Alarm updated from ALARM to OK"));
        QCOMPARE(m_calls.size(), 2); // OK has no actions
        minuteOf(1);
        QCOMPARE(m_calls.size(), 2); // nothing repeats in OK
    }

    void noEvaluationBeforeTheNextMinute()
    {
        putAlarm();
        m_clock->advance(59000);
        m_controller->evaluateNow();
        QCOMPARE(m_controller->loop().dueAt(QStringLiteral("load-high")),
                 QDateTime::fromSecsSinceEpoch(1767225660, Qt::UTC));
    }

    void setAlarmStateRunsTheStatesActions()
    {
        putAlarm();
        QVERIFY(m_cp->alarms().setState(QStringLiteral("load-high"), AlarmState::Alarm, QStringLiteral("drill"), {}));
        m_controller->evaluateNow();
        QCOMPARE(m_calls.size(), 1);
        QCOMPARE(toString(m_calls[0].state), toString(AlarmState::Alarm));
        QCOMPARE(summaries(QStringLiteral("Action")).size(), 2);
        // The next evaluation decides from the data again (none: INSUFFICIENT_DATA).
        m_clock->advance(60000);
        m_controller->evaluateNow();
        QCOMPARE(toString(state()), toString(AlarmState::InsufficientData));
    }

    void disabledActionsDoNotRun()
    {
        putAlarm();
        QVERIFY(m_cp->alarms().setActionsEnabled({QStringLiteral("load-high")}, false));
        minuteOf(9);
        minuteOf(9);
        minuteOf(9);
        QCOMPARE(toString(state()), toString(AlarmState::Alarm));
        QVERIFY(m_calls.isEmpty());
        QVERIFY(summaries(QStringLiteral("Action")).isEmpty());
    }

    void tenSecondPeriodsEvaluateEveryTenSeconds()
    {
        putAlarm(10, {});
        QCOMPARE(m_controller->loop().dueAt(QStringLiteral("load-high")),
                 QDateTime::fromMSecsSinceEpoch(nowMs() + 10000, Qt::UTC));
    }

    void publishedMetricsAreAwaitedAtTheMinute()
    {
        // The publisher puts a minute's metrics a moment after the minute ends: the evaluation at the
        // minute waits for it, so the newest slot holds that minute's datapoint, not "missing".
        m_controller->waitForPublisher({QStringLiteral("Fleetdeck/Test")});
        putAlarm();
        QSignalSpy evaluated(m_controller.get(), &AlarmController::evaluated);
        m_clock->advance(30000);
        metrics::MetricDatum d;
        d.metric = load();
        d.timestampMs = nowMs();
        d.value = 9;
        QVERIFY(m_cp->metricStore().put(d));
        m_clock->advance(30000); // 00:01:00
        m_controller->evaluateNow();
        QCOMPARE(evaluated.size(), 0);
        m_controller->publishedThrough(nowMs());
        m_controller->evaluateNow();
        QCOMPARE(evaluated.size(), 1);
        const AlarmEvaluation e = evaluated.takeFirst().at(1).value<AlarmEvaluation>();
        QVERIFY(!e.window.empty());
        QCOMPARE(e.window.back().breaching, std::optional<bool>(true));

        // A publisher that falls silent holds an evaluation at most kMaxPublishWaitMs.
        m_clock->advance(60000); // 00:02:00
        m_controller->evaluateNow();
        QCOMPARE(evaluated.size(), 0);
        m_clock->advance(AlarmController::kMaxPublishWaitMs);
        m_controller->evaluateNow();
        QCOMPARE(evaluated.size(), 1);
    }

    void deletedAlarmIsForgotten()
    {
        putAlarm();
        QVERIFY(m_cp->alarms().remove({QStringLiteral("load-high")}));
        QVERIFY(!m_controller->loop().isQueued(QStringLiteral("load-high")));
    }
};

QTEST_GUILESS_MAIN(TestAlarmController)
#include "TestAlarmController.moc"
