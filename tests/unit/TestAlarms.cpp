// CloudWatch alarms as state (cp.alarms()): what PutMetricAlarm stores reads back as written and
// survives a restart, validation errors name the field, DescribeAlarms' filters, DeleteAlarms all
// or nothing, SetAlarmState with its history item, history bounded to the newest 100 per alarm,
// and tags.

#include "ControlPlane.h"
#include "alarms/MetricAlarm.h"
#include "ops/Alarms.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace fd;
using namespace fd::alarms;

namespace {

AlarmDefinition definition(const QString &name, double threshold = 7)
{
    AlarmDefinition d;
    d.name = name;
    d.metric = metrics::makeMetricId(QStringLiteral("Fleetdeck/Test"), QStringLiteral("Load"),
                                     {{QStringLiteral("Service"), QStringLiteral("web")}})
                   .value();
    d.statistic = metrics::Statistic::Average;
    d.periodSeconds = 60;
    d.evaluationPeriods = 3;
    d.threshold = threshold;
    return d;
}

ops::AlarmPut put(AlarmDefinition d)
{
    ops::AlarmPut p;
    p.definition = std::move(d);
    p.region = QStringLiteral("eu-west-1");
    return p;
}

} // namespace

class TestAlarms : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<ControlPlane> m_cp;

    void open()
    {
        m_cp.reset();
        auto cp = ControlPlane::open(m_dir->path(), m_clock);
        QVERIFY2(cp, cp ? "" : qPrintable(cp.error().message));
        m_cp = std::move(cp).value();
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_clock = std::make_shared<ManualClock>();
        open();
    }

    void putReadsBackAndSurvivesARestart()
    {
        ops::AlarmPut p = put(definition(QStringLiteral("web-cpu-high")));
        p.definition.datapointsToAlarm = 2;
        p.definition.unit = metrics::StandardUnit::Percent;
        p.definition.treatMissingData = TreatMissingData::Breaching;
        p.treatMissingDataGiven = true;
        p.definition.alarmActions = {QStringLiteral("arn:aws:autoscaling:eu-west-1:000000000000:scalingPolicy:x")};
        p.description = QStringLiteral("CPU above 7 %");
        p.tags = {{QStringLiteral("team"), QStringLiteral("blue")}};
        QVERIFY(m_cp->alarms().put(p));
        const qint64 created = m_clock->now().toMSecsSinceEpoch();

        const auto check = [&] {
            const std::optional<MetricAlarm> a = m_cp->alarms().find(QStringLiteral("web-cpu-high"));
            QVERIFY(a);
            QCOMPARE(a->arn, QStringLiteral("arn:aws:cloudwatch:eu-west-1:000000000000:alarm:web-cpu-high"));
            QCOMPARE(a->definition.datapointsToAlarm, std::optional<int>(2));
            QCOMPARE(a->definition.unit, std::optional<metrics::StandardUnit>(metrics::StandardUnit::Percent));
            QCOMPARE(toString(a->definition.treatMissingData), toString(TreatMissingData::Breaching));
            QVERIFY(a->treatMissingDataGiven);
            QCOMPARE(a->definition.alarmActions, p.definition.alarmActions);
            QCOMPARE(a->definition.metric, p.definition.metric);
            QCOMPARE(a->description, p.description);
            QCOMPARE(toString(a->status.state), toString(AlarmState::InsufficientData));
            QCOMPARE(a->status.reason, QStringLiteral("Unchecked: Initial alarm creation"));
            QCOMPARE(a->stateUpdatedMs, created);
            QCOMPARE(a->history.size(), 1);
            QCOMPARE(a->history[0].historyItemType, QStringLiteral("ConfigurationUpdate"));
            QCOMPARE(a->history[0].historySummary, QStringLiteral("Alarm \"web-cpu-high\" created"));
            QCOMPARE(m_cp->alarms().tags(QStringLiteral("web-cpu-high")).value(), p.tags);
        };
        check();
        open(); // a restart reads the same back from the store
        check();

        // Unset optional parts stay unset.
        QVERIFY(m_cp->alarms().put(put(definition(QStringLiteral("plain")))));
        const MetricAlarm plain = *m_cp->alarms().find(QStringLiteral("plain"));
        QVERIFY(!plain.description);
        QVERIFY(!plain.definition.datapointsToAlarm);
        QVERIFY(!plain.definition.unit);
        QVERIFY(!plain.treatMissingDataGiven);
    }

    void updateKeepsStateAndReplacesConfiguration()
    {
        QVERIFY(m_cp->alarms().put(put(definition(QStringLiteral("a")))));
        QVERIFY(m_cp->alarms().setState(QStringLiteral("a"), AlarmState::Alarm, QStringLiteral("testing"), {}));
        m_clock->advance(5000);
        QVERIFY(m_cp->alarms().put(put(definition(QStringLiteral("a"), 9))));
        const MetricAlarm a = *m_cp->alarms().find(QStringLiteral("a"));
        QCOMPARE(toString(a.status.state), toString(AlarmState::Alarm));
        QCOMPARE(a.definition.threshold, 9.0);
        QCOMPARE(a.history[0].historySummary, QStringLiteral("Alarm \"a\" updated"));
        QCOMPARE(a.configurationUpdatedMs, m_clock->now().toMSecsSinceEpoch());
    }

    void invalidDefinitionsNameTheField_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("code");
        QTest::newRow("period 45 s is neither 10, 30 nor a multiple of 60") << "Period"
                                                                            << "InvalidParameterValue";
        QTest::newRow("M above N") << "DatapointsToAlarm"
                                   << "InvalidParameterValue";
        QTest::newRow("an anomaly band operator") << "ComparisonOperator"
                                                  << "InvalidParameterValue";
        QTest::newRow("an action that is not an ARN") << "AlarmActions"
                                                      << "InvalidParameterValue";
    }

    void invalidDefinitionsNameTheField()
    {
        QFETCH(QString, field);
        QFETCH(QString, code);
        ops::AlarmPut p = put(definition(QStringLiteral("bad")));
        if (field == u"Period")
            p.definition.periodSeconds = 45;
        else if (field == u"DatapointsToAlarm")
            p.definition.datapointsToAlarm = 4;
        else if (field == u"ComparisonOperator")
            p.definition.comparison = ComparisonOperator::GreaterThanUpperThreshold;
        else
            p.definition.alarmActions = {QStringLiteral("sns-topic")};
        const Status s = m_cp->alarms().put(p);
        QVERIFY(!s);
        QCOMPARE(s.error().code, code);
        QCOMPARE(s.error().field, field);
        QVERIFY(!m_cp->alarms().find(QStringLiteral("bad")));
    }

    void describeFilters()
    {
        for (const char *n : {"web-high", "web-low", "db-high"}) {
            ops::AlarmPut p = put(definition(QLatin1String(n)));
            if (QByteArray(n) == "db-high")
                p.definition.okActions = {QStringLiteral("arn:aws:sns:eu-west-1:000000000000:ops")};
            QVERIFY(m_cp->alarms().put(p));
        }
        QVERIFY(m_cp->alarms().setState(QStringLiteral("web-low"), AlarmState::Ok, QStringLiteral("quiet"), {}));
        const auto names = [](const QList<MetricAlarm> &list) {
            QStringList out;
            for (const MetricAlarm &a : list)
                out << a.name();
            return out;
        };
        QCOMPARE(names(m_cp->alarms().describe()), (QStringList{"db-high", "web-high", "web-low"}));
        ops::AlarmFilter prefix;
        prefix.namePrefix = QStringLiteral("web-");
        QCOMPARE(names(m_cp->alarms().describe(prefix)), (QStringList{"web-high", "web-low"}));
        ops::AlarmFilter state;
        state.state = AlarmState::Ok;
        QCOMPARE(names(m_cp->alarms().describe(state)), QStringList{"web-low"});
        ops::AlarmFilter action;
        action.actionPrefix = QStringLiteral("arn:aws:sns:");
        QCOMPARE(names(m_cp->alarms().describe(action)), QStringList{"db-high"});
    }

    void deleteIsAllOrNothing()
    {
        QVERIFY(m_cp->alarms().put(put(definition(QStringLiteral("a")))));
        const Status s = m_cp->alarms().remove({QStringLiteral("a"), QStringLiteral("nope")});
        QVERIFY(!s);
        QCOMPARE(s.error().code, QStringLiteral("ResourceNotFound"));
        QVERIFY(s.error().message.contains(u"nope"));
        QVERIFY(m_cp->alarms().find(QStringLiteral("a")));
        QVERIFY(m_cp->alarms().remove({QStringLiteral("a")}));
        QVERIFY(!m_cp->alarms().find(QStringLiteral("a")));
        open();
        QVERIFY(!m_cp->alarms().find(QStringLiteral("a")));
    }

    void setStateRecordsATransition()
    {
        QVERIFY(m_cp->alarms().put(put(definition(QStringLiteral("a")))));
        m_clock->advance(1000);
        QVERIFY(m_cp->alarms().setState(QStringLiteral("a"), AlarmState::Alarm, QStringLiteral("drill"),
                                        QStringLiteral("{\"why\":\"test\"}")));
        const MetricAlarm a = *m_cp->alarms().find(QStringLiteral("a"));
        QCOMPARE(a.status.reason, QStringLiteral("drill"));
        QCOMPARE(a.status.reasonData, QStringLiteral("{\"why\":\"test\"}"));
        QCOMPARE(a.stateTransitionedMs, m_clock->now().toMSecsSinceEpoch());
        const QList<AlarmHistoryItem> h = m_cp->alarms().history({QStringLiteral("a")});
        QCOMPARE(h.size(), 2);
        QCOMPARE(h[0].historyItemType, QStringLiteral("StateUpdate"));
        QCOMPARE(h[0].historySummary, QStringLiteral("Alarm updated from INSUFFICIENT_DATA to ALARM"));
        QVERIFY(h[0].historyData.contains(u"\"stateReason\":\"drill\""));

        const Status bad = m_cp->alarms().setState(QStringLiteral("a"), AlarmState::Ok, QStringLiteral("x"),
                                                   QStringLiteral("{not json"));
        QCOMPARE(bad.error().code, QStringLiteral("InvalidFormat"));
        QCOMPARE(bad.error().field, QStringLiteral("StateReasonData"));
        QCOMPARE(m_cp->alarms().setState(QStringLiteral("ghost"), AlarmState::Ok, QStringLiteral("x"), {}).error().code,
                 QStringLiteral("ResourceNotFound"));
    }

    void historyIsBoundedAndFiltered()
    {
        QVERIFY(m_cp->alarms().put(put(definition(QStringLiteral("flappy")))));
        const qint64 start = m_clock->now().toMSecsSinceEpoch();
        for (int i = 0; i < 120; ++i) {
            m_clock->advance(1000);
            QVERIFY(m_cp->alarms().setState(QStringLiteral("flappy"), i % 2 ? AlarmState::Ok : AlarmState::Alarm,
                                            QStringLiteral("flap %1").arg(i), {}));
        }
        open();
        QList<AlarmHistoryItem> all = m_cp->alarms().history({QStringLiteral("flappy")});
        QCOMPARE(all.size(), qsizetype(kMaxHistoryPerAlarm));
        QVERIFY(all.front().timestampMs > all.back().timestampMs); // newest first
        QVERIFY(all.front().historyData.contains(u"flap 119"));
        ops::AlarmHistoryFilter config;
        config.itemType = QStringLiteral("ConfigurationUpdate");
        QCOMPARE(m_cp->alarms().history(config).size(), 0); // the creation item was pushed out
        ops::AlarmHistoryFilter range;
        range.startMs = start + 110 * 1000;
        range.endMs = start + 114 * 1000;
        QCOMPARE(m_cp->alarms().history(range).size(), 5);
    }

    void tagsAddAndRemove()
    {
        QVERIFY(m_cp->alarms().put(put(definition(QStringLiteral("a")))));
        QVERIFY(m_cp->alarms().tag(QStringLiteral("a"), {{QStringLiteral("k"), QStringLiteral("v")},
                                                         {QStringLiteral("x"), QStringLiteral("y")}}));
        QVERIFY(m_cp->alarms().untag(QStringLiteral("a"), {QStringLiteral("k")}));
        QCOMPARE(m_cp->alarms().tags(QStringLiteral("a")).value(),
                 (tags::TagList{{QStringLiteral("x"), QStringLiteral("y")}}));
        QCOMPARE(m_cp->alarms().tag(QStringLiteral("ghost"), {{QStringLiteral("k"), {}}}).error().code,
                 QStringLiteral("ResourceNotFoundException"));
    }
};

QTEST_GUILESS_MAIN(TestAlarms)
#include "TestAlarms.moc"
