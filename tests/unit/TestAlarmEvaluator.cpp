// CloudWatch metric alarms: the M-of-N decision with each missing-data treatment (every row of
// the two tables in CW-UG "How alarm state is evaluated when data is missing"), the anchor vector
// (3 of 3 at 60 s: ALARM after the 3rd breaching minute, OK when one point of the window is not
// breaching), StateReason and StateReasonData worded as CloudWatch words them, the history item
// of a transition, the evaluation cadence, and which actions run.

#include "Clock.h"
#include "alarms/AlarmActions.h"
#include "alarms/AlarmDecision.h"
#include "alarms/AlarmEvaluator.h"
#include "alarms/StateReason.h"
#include "metrics/MetricStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace fd::alarms;
using namespace fd::metrics;

namespace {

constexpr qint64 kMin = 60000;

qint64 at(int yy, int mo, int dd, int hh, int mm, int ss = 0)
{
    return QDateTime(QDate(2000 + yy, mo, dd), QTime(hh, mm, ss), Qt::UTC).toMSecsSinceEpoch();
}

MetricId cpu()
{
    return makeMetricId(QStringLiteral("AWS/ECS"), QStringLiteral("CPUUtilization"),
                        {{QStringLiteral("ClusterName"), QStringLiteral("c")},
                         {QStringLiteral("ServiceName"), QStringLiteral("web")}})
        .value();
}

AlarmDefinition alarmOf(int m, int n, double threshold, TreatMissingData t = TreatMissingData::Missing,
                        bool datapointsToAlarmSet = true)
{
    AlarmDefinition a;
    a.name = QStringLiteral("web-cpu-high");
    a.metric = cpu();
    a.statistic = Statistic::Average;
    a.periodSeconds = 60;
    a.evaluationPeriods = n;
    if (datapointsToAlarmSet)
        a.datapointsToAlarm = m;
    a.threshold = threshold;
    a.treatMissingData = t;
    return a;
}

/// A store on a manual clock; put() moves the clock to the datapoint first.
struct Fixture
{
    fd::ManualClock clock;
    MetricStore store{clock};

    explicit Fixture(qint64 startMs) : clock(QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC)) {}

    void put(qint64 tMs, double v)
    {
        clock.set(QDateTime::fromMSecsSinceEpoch(tMs, Qt::UTC));
        MetricDatum d;
        d.metric = cpu();
        d.timestampMs = tMs;
        d.value = v;
        QVERIFY(store.put(d).ok());
    }

    AlarmEvaluation run(const AlarmDefinition &a, AlarmStatus &status, qint64 nowMs)
    {
        clock.set(QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC));
        const auto e = evaluate(a, status, store, nowMs);
        if (!e.ok())
            qWarning() << e.error().message;
        if (e->transitioned)
            status = {e->state, e->reason, e->reasonData};
        return *e;
    }
};

std::vector<std::optional<bool>> rangeOf(const QString &pattern)
{
    std::vector<std::optional<bool>> out;
    for (QChar c : pattern) {
        if (c == u'X')
            out.push_back(true);
        else if (c == u'0')
            out.push_back(false);
        else if (c == u'-')
            out.push_back(std::nullopt);
    }
    return out;
}

} // namespace

class TestAlarmEvaluator final : public QObject
{
    Q_OBJECT

private slots:
    void documentedTables_data();
    void documentedTables();
    void anchorThreeOfThree();
    void mOfNNeedNotBeConsecutive();
    void eachMissingDataTreatmentWithNoData_data();
    void eachMissingDataTreatmentWithNoData();
    void filledDatapointsAreNamed();
    void percentileAlarm();
    void cadence();
    void actions();
    void validation_data();
    void validation();
    void numbers_data();
    void numbers();
};

void TestAlarmEvaluator::documentedTables_data()
{
    QTest::addColumn<QString>("pattern"); // oldest first: 0 not breaching, X breaching, - missing
    QTest::addColumn<int>("m");
    QTest::addColumn<QString>("missing");
    QTest::addColumn<QString>("ignore");
    QTest::addColumn<QString>("breaching");
    QTest::addColumn<QString>("notBreaching");

    // CW-UG, first table: Datapoints to Alarm = Evaluation Periods = 3, 5 datapoints retrieved.
    QTest::newRow("3/3 0-X-X") << "0 - X - X" << 3 << "OK"
                               << "OK"
                               << "OK"
                               << "OK";
    QTest::newRow("3/3 0----") << "0 - - - -" << 3 << "OK"
                               << "OK"
                               << "OK"
                               << "OK";
    QTest::newRow("3/3 -----") << "- - - - -" << 3 << "INSUFFICIENT_DATA"
                               << "retain"
                               << "ALARM"
                               << "OK";
    QTest::newRow("3/3 0XX-X") << "0 X X - X" << 3 << "ALARM"
                               << "ALARM"
                               << "ALARM"
                               << "ALARM";
    QTest::newRow("3/3 ----X") << "- - - - X" << 3 << "INSUFFICIENT_DATA"
                               << "retain"
                               << "ALARM"
                               << "OK";
    QTest::newRow("3/3 X----") << "X - - - -" << 3 << "ALARM"
                               << "retain"
                               << "ALARM"
                               << "OK";
    // Second table: 2 out of 3.
    QTest::newRow("2/3 0-X-X") << "0 - X - X" << 2 << "ALARM"
                               << "ALARM"
                               << "ALARM"
                               << "ALARM";
    QTest::newRow("2/3 00X0X") << "0 0 X 0 X" << 2 << "ALARM"
                               << "ALARM"
                               << "ALARM"
                               << "ALARM";
    QTest::newRow("2/3 0-X--") << "0 - X - -" << 2 << "OK"
                               << "OK"
                               << "ALARM"
                               << "OK";
    QTest::newRow("2/3 ----0") << "- - - - 0" << 2 << "OK"
                               << "OK"
                               << "ALARM"
                               << "OK";
    QTest::newRow("2/3 ----X") << "- - - - X" << 2 << "INSUFFICIENT_DATA"
                               << "retain"
                               << "ALARM"
                               << "OK";
}

void TestAlarmEvaluator::documentedTables()
{
    QFETCH(QString, pattern);
    QFETCH(int, m);
    QFETCH(QString, missing);
    QFETCH(QString, ignore);
    QFETCH(QString, breaching);
    QFETCH(QString, notBreaching);

    QCOMPARE(evaluationRange(3), 5);
    const std::vector<std::optional<bool>> range = rangeOf(pattern);
    const std::pair<TreatMissingData, QString> cases[] = {{TreatMissingData::Missing, missing},
                                                          {TreatMissingData::Ignore, ignore},
                                                          {TreatMissingData::Breaching, breaching},
                                                          {TreatMissingData::NotBreaching, notBreaching}};
    for (const auto &[treatment, expected] : cases) {
        // From ALARM, so that "retain" is told apart from a decision for OK or INSUFFICIENT_DATA.
        const AlarmDecision d = decide(range, m, 3, treatment, AlarmState::Alarm);
        const QString what = toString(treatment) + QStringLiteral(": ");
        if (expected == QLatin1String("retain")) {
            QCOMPARE(what + toString(d.state), what + QStringLiteral("ALARM"));
            QVERIFY(d.kind == DecisionKind::Retained);
        } else {
            QCOMPARE(what + toString(d.state), what + expected);
            QVERIFY(d.kind != DecisionKind::Retained);
        }
        if (d.kind != DecisionKind::Retained)
            QCOMPARE(int(d.evaluated.size()), 3); // always N datapoints evaluated
    }
}

void TestAlarmEvaluator::anchorThreeOfThree()
{
    // The spec's datapoints: 9.18 at 23:16, 9.72 at 23:17, 8.89 at 23:18 on 14/07/21, threshold 7.
    Fixture f(at(21, 7, 14, 23, 16));
    const AlarmDefinition a = alarmOf(3, 3, 7.0);
    AlarmStatus status;

    f.put(at(21, 7, 14, 23, 16), 9.18);
    AlarmEvaluation e = f.run(a, status, at(21, 7, 14, 23, 17));
    QCOMPARE(toString(e.state), QStringLiteral("INSUFFICIENT_DATA"));
    QCOMPARE(e.reason, QStringLiteral("Insufficient Data: 2 datapoints were unknown."));
    QVERIFY(!e.transitioned); // a new alarm starts in INSUFFICIENT_DATA

    f.put(at(21, 7, 14, 23, 17), 9.72);
    e = f.run(a, status, at(21, 7, 14, 23, 18));
    QCOMPARE(toString(e.state), QStringLiteral("INSUFFICIENT_DATA"));

    f.put(at(21, 7, 14, 23, 18), 8.89);
    e = f.run(a, status, at(21, 7, 14, 23, 19)); // after the 3rd breaching minute
    QCOMPARE(toString(e.state), QStringLiteral("ALARM"));
    QVERIFY(e.transitioned);
    QCOMPARE(e.reason, QStringLiteral("Threshold Crossed: 3 out of the last 3 datapoints [8.89 (14/07/21 23:18:00), "
                                      "9.72 (14/07/21 23:17:00), 9.18 (14/07/21 23:16:00)] were greater than or "
                                      "equal to the threshold (7.0) (minimum 3 datapoints for OK -> ALARM "
                                      "transition)."));
    QCOMPARE(e.reasonData,
             QStringLiteral("{\"version\":\"1.0\",\"queryDate\":\"2021-07-14T23:19:00.000+0000\",\"startDate\":"
                            "\"2021-07-14T23:16:00.000+0000\",\"statistic\":\"Average\",\"period\":60,"
                            "\"recentDatapoints\":[9.18,9.72,8.89],\"threshold\":7.0,\"evaluatedDatapoints\":["
                            "{\"timestamp\":\"2021-07-14T23:18:00.000+0000\",\"sampleCount\":1.0,\"value\":8.89},"
                            "{\"timestamp\":\"2021-07-14T23:17:00.000+0000\",\"sampleCount\":1.0,\"value\":9.72},"
                            "{\"timestamp\":\"2021-07-14T23:16:00.000+0000\",\"sampleCount\":1.0,\"value\":9.18}]}"));
    QVERIFY(e.history);
    QCOMPARE(e.history->historyItemType, QStringLiteral("StateUpdate"));
    QCOMPARE(e.history->historySummary, QStringLiteral("Alarm updated from INSUFFICIENT_DATA to ALARM"));
    QCOMPARE(e.history->timestampMs, at(21, 7, 14, 23, 19));
    const QJsonObject history = QJsonDocument::fromJson(e.history->historyData.toUtf8()).object();
    QCOMPARE(history[QStringLiteral("version")].toString(), QStringLiteral("1.0"));
    QCOMPARE(history[QStringLiteral("oldState")][QStringLiteral("stateValue")].toString(),
             QStringLiteral("INSUFFICIENT_DATA"));
    QCOMPARE(history[QStringLiteral("newState")][QStringLiteral("stateReason")].toString(), e.reason);
    QCOMPARE(
        history[QStringLiteral("newState")][QStringLiteral("stateReasonData")][QStringLiteral("evaluatedDatapoints")]
            .toArray()
            .size(),
        3);

    f.put(at(21, 7, 14, 23, 19), 9.5);
    e = f.run(a, status, at(21, 7, 14, 23, 20));
    QCOMPARE(toString(e.state), QStringLiteral("ALARM"));
    QVERIFY(!e.transitioned && !e.history);

    f.put(at(21, 7, 14, 23, 20), 3.0); // one point of the window not breaching
    e = f.run(a, status, at(21, 7, 14, 23, 21));
    QCOMPARE(toString(e.state), QStringLiteral("OK"));
    QVERIFY(e.transitioned);
    QCOMPARE(e.reason, QStringLiteral("Threshold Crossed: 1 out of the last 3 datapoints [3.0 (14/07/21 23:20:00)] was "
                                      "not greater than or equal to the threshold (7.0) (minimum 1 datapoint for "
                                      "ALARM -> OK transition)."));
    QCOMPARE(e.history->historySummary, QStringLiteral("Alarm updated from ALARM to OK"));
}

void TestAlarmEvaluator::mOfNNeedNotBeConsecutive()
{
    // 3 out of 5, breaching in minutes 0, 2 and 4 only.
    const qint64 t0 = at(26, 3, 1, 10, 0);
    Fixture f(t0);
    const AlarmDefinition a = alarmOf(3, 5, 50.0);
    AlarmStatus status{AlarmState::Ok, QStringLiteral("earlier"), {}};
    const double values[] = {80, 10, 90, 20, 70};
    for (int i = 0; i < 5; ++i)
        f.put(t0 + i * kMin, values[i]);
    AlarmEvaluation e = f.run(a, status, t0 + 5 * kMin);
    QCOMPARE(toString(e.state), QStringLiteral("ALARM"));
    QCOMPARE(e.reason, QStringLiteral("Threshold Crossed: 3 out of the last 5 datapoints [70.0 (01/03/26 10:04:00), "
                                      "90.0 (01/03/26 10:02:00), 80.0 (01/03/26 10:00:00)] were greater than or "
                                      "equal to the threshold (50.0) (minimum 3 datapoints for OK -> ALARM "
                                      "transition)."));
    int evaluated = 0;
    for (const WindowSlot &s : e.window)
        evaluated += s.evaluated ? 1 : 0;
    QCOMPARE(evaluated, 5);

    f.put(t0 + 5 * kMin, 30); // 80 leaves the window: 10 90 20 70 30, two breaching
    e = f.run(a, status, t0 + 6 * kMin);
    QCOMPARE(toString(e.state), QStringLiteral("OK"));
    QCOMPARE(e.reason, QStringLiteral("Threshold Crossed: 3 out of the last 5 datapoints [30.0 (01/03/26 10:05:00), "
                                      "20.0 (01/03/26 10:03:00), 10.0 (01/03/26 10:01:00)] were not greater than or "
                                      "equal to the threshold (50.0) (minimum 3 datapoints for ALARM -> OK "
                                      "transition)."));
}

void TestAlarmEvaluator::eachMissingDataTreatmentWithNoData_data()
{
    QTest::addColumn<QString>("treatment");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing") << "missing"
                             << "INSUFFICIENT_DATA"
                             << "Insufficient Data: 3 datapoints were unknown.";
    QTest::newRow("ignore keeps OK and its reason") << "ignore"
                                                    << "OK"
                                                    << "earlier";
    QTest::newRow("breaching")
        << "breaching"
        << "ALARM"
        << "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as "
           "[Breaching].";
    QTest::newRow("notBreaching")
        << "notBreaching"
        << "OK"
        << "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as "
           "[NonBreaching].";
}

void TestAlarmEvaluator::eachMissingDataTreatmentWithNoData()
{
    QFETCH(QString, treatment);
    QFETCH(QString, state);
    QFETCH(QString, reason);

    const qint64 now = at(23, 8, 4, 12, 31, 29);
    Fixture f(now);
    const AlarmDefinition a = alarmOf(3, 3, 5.0, *treatMissingDataFromString(treatment));
    AlarmStatus status{AlarmState::Ok, QStringLiteral("earlier"), {}};
    const AlarmEvaluation e = f.run(a, status, now);
    QCOMPARE(toString(e.state), state);
    QCOMPARE(e.reason, reason);
    QCOMPARE(e.transitioned, state != QLatin1String("OK"));
    if (treatment == QLatin1String("missing"))
        QCOMPARE(e.reasonData,
                 QStringLiteral("{\"version\":\"1.0\",\"queryDate\":\"2023-08-04T12:31:29.000+0000\",\"statistic\":"
                                "\"Average\",\"period\":60,\"recentDatapoints\":[],\"threshold\":5.0,"
                                "\"evaluatedDatapoints\":[{\"timestamp\":\"2023-08-04T12:30:00.000+0000\"},"
                                "{\"timestamp\":\"2023-08-04T12:29:00.000+0000\"},"
                                "{\"timestamp\":\"2023-08-04T12:28:00.000+0000\"}]}"));
}

void TestAlarmEvaluator::filledDatapointsAreNamed()
{
    // Observed: N = 2 without DatapointsToAlarm, missing treated as breaching, one real 0.0.
    const qint64 t = at(26, 8, 3, 11, 42);
    Fixture f(t);
    const AlarmDefinition a = alarmOf(2, 2, 1.0, TreatMissingData::Breaching, false);
    f.put(t, 0.0);
    AlarmStatus status{AlarmState::Alarm, QStringLiteral("earlier"), {}};
    const AlarmEvaluation e = f.run(a, status, t + kMin);
    QCOMPARE(toString(e.state), QStringLiteral("OK"));
    QCOMPARE(e.reason, QStringLiteral("Threshold Crossed: 1 datapoint [0.0 (03/08/26 11:42:00)] was not greater than "
                                      "or equal to the threshold (1.0) and 1 missing datapoint was treated as "
                                      "[Breaching]."));
    int filled = 0;
    for (const WindowSlot &s : e.window)
        filled += s.filled ? 1 : 0;
    QCOMPARE(filled, 1);
}

void TestAlarmEvaluator::percentileAlarm()
{
    const qint64 t0 = at(26, 1, 1, 9, 0);
    Fixture f(t0);
    AlarmDefinition a = alarmOf(1, 1, 100.0);
    a.statistic.reset();
    a.extendedStatistic = QStringLiteral("p90");
    a.comparison = ComparisonOperator::GreaterThanThreshold;
    for (int i = 1; i <= 10; ++i)
        f.put(t0 + i * 1000, i <= 8 ? 10.0 : 500.0); // p90 = 500, average 108
    AlarmStatus status;
    AlarmEvaluation e = f.run(a, status, t0 + kMin);
    QCOMPARE(toString(e.state), QStringLiteral("ALARM"));
    QVERIFY(e.reasonData.contains(QStringLiteral("\"statistic\":\"p90\"")));
    QVERIFY(e.reason.startsWith(QStringLiteral("Threshold Crossed: 1 out of the last 1 datapoints [500.0 (01/01/26 "
                                               "09:00:00)] was greater than the threshold (100.0)")));
}

void TestAlarmEvaluator::cadence()
{
    const qint64 t = at(26, 1, 1, 9, 0, 5);
    QCOMPARE(evaluationIntervalMs(60), 60000);
    QCOMPARE(evaluationIntervalMs(300), 60000);
    QCOMPARE(evaluationIntervalMs(10), 10000);
    QCOMPARE(evaluationIntervalMs(30), 10000);
    QCOMPARE(nextEvaluationAt(60, t), at(26, 1, 1, 9, 1));
    QCOMPARE(nextEvaluationAt(10, t), at(26, 1, 1, 9, 0, 10));
    QCOMPARE(nextEvaluationAt(60, at(26, 1, 1, 9, 1)), at(26, 1, 1, 9, 2)); // strictly after

    // A 10 s alarm reads 10 s periods ending at the last whole 10 s.
    Fixture f(at(26, 1, 1, 9, 0));
    AlarmDefinition a = alarmOf(1, 1, 5.0);
    a.periodSeconds = 10;
    MetricDatum d;
    d.metric = cpu();
    d.timestampMs = at(26, 1, 1, 9, 0, 12);
    d.value = 9;
    d.storageResolution = 1;
    f.clock.set(QDateTime::fromMSecsSinceEpoch(d.timestampMs, Qt::UTC));
    QVERIFY(f.store.put(d).ok());
    AlarmStatus status;
    AlarmEvaluation e = f.run(a, status, at(26, 1, 1, 9, 0, 20));
    QCOMPARE(toString(e.state), QStringLiteral("ALARM"));
    QCOMPARE(e.window.back().timestampMs, at(26, 1, 1, 9, 0, 10));
}

void TestAlarmEvaluator::actions()
{
    AlarmDefinition a = alarmOf(1, 1, 5.0);
    const QString policy = QStringLiteral("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:abc:resource/ecs/"
                                          "service/c/web:policyName/up");
    const QString topic = QStringLiteral("arn:aws:sns:us-east-1:123456789012:ops");
    a.alarmActions = {topic, policy};
    a.okActions = {topic};
    QVERIFY(isAutoScalingAction(policy));
    QVERIFY(!isAutoScalingAction(topic));
    QVERIFY(!isAutoScalingAction(QStringLiteral("autoscaling")));

    AlarmEvaluation e;
    e.previous = AlarmState::Ok;
    e.state = AlarmState::Alarm;
    e.transitioned = true;
    const qint64 now = at(26, 1, 1, 9, 0);
    QCOMPARE(actionsToRun(a, e, std::nullopt, now), (QStringList{topic, policy})); // every action on a transition
    e.transitioned = false;                                                        // still in ALARM:
    QCOMPARE(actionsToRun(a, e, now, now + 30000), QStringList());                 // not within the minute
    QCOMPARE(actionsToRun(a, e, now, now + kMin), QStringList{policy});            // Auto Scaling again, not SNS
    e.state = AlarmState::Ok;
    QCOMPARE(actionsToRun(a, e, now, now + 5 * kMin), QStringList()); // notifications never repeat
    e.transitioned = true;
    QCOMPARE(actionsToRun(a, e, now, now + 5 * kMin), QStringList{topic});
    a.actionsEnabled = false;
    QCOMPARE(actionsToRun(a, e, now, now + 5 * kMin), QStringList());
}

void TestAlarmEvaluator::validation_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("field");
    QTest::newRow("period 45") << 0 << "Period";
    QTest::newRow("period 5 (no 5 s alarms)") << 1 << "Period";
    QTest::newRow("M above N") << 2 << "DatapointsToAlarm";
    QTest::newRow("M of 0") << 3 << "DatapointsToAlarm";
    QTest::newRow("N of 0") << 4 << "EvaluationPeriods";
    QTest::newRow("more than a day") << 5 << "EvaluationPeriods";
    QTest::newRow("statistic and percentile") << 6 << "Statistic";
    QTest::newRow("bad percentile") << 7 << "ExtendedStatistic";
    QTest::newRow("anomaly band") << 8 << "ComparisonOperator";
    QTest::newRow("NaN threshold") << 9 << "Threshold";
    QTest::newRow("no name") << 10 << "AlarmName";
}

void TestAlarmEvaluator::validation()
{
    QFETCH(int, kind);
    QFETCH(QString, field);
    AlarmDefinition a = alarmOf(2, 3, 5.0);
    QVERIFY(validate(a).ok());
    switch (kind) {
    case 0:
        a.periodSeconds = 45;
        break;
    case 1:
        a.periodSeconds = 5;
        break;
    case 2:
        a.datapointsToAlarm = 4;
        break;
    case 3:
        a.datapointsToAlarm = 0;
        break;
    case 4:
        a.evaluationPeriods = 0;
        a.datapointsToAlarm.reset();
        break;
    case 5:
        a.periodSeconds = 3600;
        a.evaluationPeriods = 25;
        break;
    case 6:
        a.extendedStatistic = QStringLiteral("p99");
        break;
    case 7:
        a.statistic.reset();
        a.extendedStatistic = QStringLiteral("p200");
        break;
    case 8:
        a.comparison = ComparisonOperator::GreaterThanUpperThreshold;
        break;
    case 9:
        a.threshold = std::numeric_limits<double>::quiet_NaN();
        break;
    case 10:
        a.name.clear();
        break;
    }
    const fd::Status s = validate(a);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().field, field);
    fd::ManualClock clock;
    MetricStore store(clock);
    QVERIFY(!evaluate(a, AlarmStatus{}, store, 0).ok()); // the evaluator refuses it too
}

void TestAlarmEvaluator::numbers_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("whole") << 7.0 << "7.0";
    QTest::newRow("zero") << 0.0 << "0.0";
    QTest::newRow("short") << 8.89 << "8.89";
    QTest::newRow("long") << 0.017077552154660225 << "0.017077552154660225";
    QTest::newRow("negative") << -2.5 << "-2.5";
    QTest::newRow("large") << 1234567.0 << "1234567.0";
    QTest::newRow("ten million") << 1e7 << "1.0E7";
    QTest::newRow("small") << 0.0001 << "1.0E-4";
    QTest::newRow("small with digits") << 0.00015 << "1.5E-4";
}

void TestAlarmEvaluator::numbers()
{
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(reasonNumber(value), text);
}

QTEST_APPLESS_MAIN(TestAlarmEvaluator)
#include "TestAlarmEvaluator.moc"
