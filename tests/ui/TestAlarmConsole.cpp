// The Alarms page, the alarm wizard and the glass-box panel, driven through their widgets on a
// manual clock: the wizard picks a metric from the store and creates the alarm its command
// describes; bad input is refused with the API's error code and field and creates nothing; the
// M-of-N boxes match the alarm controller's evaluation slot for slot; enable/disable, set state
// and delete act on the selected alarm and the history shows it; the scaling half shows the
// banner of a deployment in progress, the next desired count and why, and the cooldown countdown.

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "ModalDriver.h"
#include "alarms/MetricAlarm.h"
#include "controllers/AlarmController.h"
#include "metrics/MetricStore.h"
#include "models/AlarmTableModel.h"
#include "ops/Alarms.h"
#include "views/AlarmsView.h"
#include "views/GlassBoxPanel.h"
#include "views/GlassBoxView.h"
#include "widgets/AlarmCard.h"
#include "widgets/AlarmWindowBoxes.h"
#include "widgets/ScalingTargetCard.h"
#include "wizards/CreateAlarmDialog.h"
#include "wizards/SetAlarmStateDialog.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace fd::ui;
using fd::alarms::AlarmState;

namespace {

const QString kScaleOut = QStringLiteral("arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:1234:resource/ecs/"
                                         "service/default/web:policyName/cpu-out");

fd::metrics::MetricId webCpu()
{
    return fd::metrics::makeMetricId(QStringLiteral("AWS/ECS"), QStringLiteral("CPUUtilization"),
                                     {{QStringLiteral("ClusterName"), QStringLiteral("default")},
                                      {QStringLiteral("ServiceName"), QStringLiteral("web")}})
        .value();
}

template<typename T> T *child(QWidget *parent, const QString &name)
{
    T *w = parent->findChild<T *>(name);
    if (!w)
        qWarning("no widget %s", qPrintable(name));
    return w;
}

void type(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    if (text.isEmpty())
        edit->clear();
    else
        QTest::keyClicks(edit, text);
}

} // namespace

class TestAlarmConsole final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void wizardPicksFromTheStoreAndCreatesTheAlarm();
    void wizardRefusesBadInputByName_data();
    void wizardRefusesBadInputByName();
    void boxesMatchTheEvaluation();
    void pageActsOnTheSelectedAlarm();
    void scalingHalfShowsBannerNextCountAndCooldown();

private:
    void put(const fd::metrics::MetricId &id, double value);
    // A datapoint in the current minute, the clock to the next minute, an evaluation.
    void minuteOf(std::optional<double> value);
    // The wizard filled for "web-cpu-high": CPUUtilization of web > 50, 3 of 3 at 60 s.
    void fillGood(CreateAlarmDialog *dialog);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<fd::ManualClock> m_clock;
    std::unique_ptr<fd::ControlPlane> m_cp;
    std::unique_ptr<fd::AlarmController> m_alarms;
    std::unique_ptr<ConsoleContext> m_context;
};

void TestAlarmConsole::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_shared<fd::ManualClock>();
    auto opened = fd::ControlPlane::open(m_dir->path(), m_clock);
    QVERIFY(opened.ok());
    m_cp = std::move(opened).value();
    m_alarms = std::make_unique<fd::AlarmController>(*m_cp);
    m_context = std::make_unique<ConsoleContext>(*m_cp);
    m_context->setAlarmController(m_alarms.get());
}

void TestAlarmConsole::cleanup()
{
    m_context.reset();
    m_alarms.reset();
    m_cp.reset();
}

void TestAlarmConsole::put(const fd::metrics::MetricId &id, double value)
{
    fd::metrics::MetricDatum d;
    d.metric = id;
    d.timestampMs = m_clock->now().toMSecsSinceEpoch();
    d.value = value;
    d.unit = fd::metrics::StandardUnit::Percent;
    QVERIFY(m_cp->metricStore().put(d));
}

void TestAlarmConsole::minuteOf(std::optional<double> value)
{
    m_clock->advance(30000);
    if (value)
        put(webCpu(), *value);
    m_clock->advance(30000);
    m_alarms->evaluateNow();
}

void TestAlarmConsole::fillGood(CreateAlarmDialog *dialog)
{
    child<QComboBox>(dialog, QStringLiteral("namespaceCombo"))->setCurrentText(QStringLiteral("AWS/ECS"));
    child<QComboBox>(dialog, QStringLiteral("metricNameCombo"))->setCurrentText(QStringLiteral("CPUUtilization"));
    auto *dims = child<QComboBox>(dialog, QStringLiteral("dimensionsCombo"));
    const int web = dims->findText(QStringLiteral("ClusterName=default, ServiceName=web"));
    QVERIFY2(web >= 0, "the store's dimension set of web is offered");
    dims->setCurrentIndex(web);
    child<QComboBox>(dialog, QStringLiteral("comparisonCombo"))->setCurrentIndex(0); // >
    type(child<QLineEdit>(dialog, QStringLiteral("thresholdEdit")), QStringLiteral("50"));
    type(child<QLineEdit>(dialog, QStringLiteral("alarmNameEdit")), QStringLiteral("web-cpu-high"));
}

void TestAlarmConsole::wizardPicksFromTheStoreAndCreatesTheAlarm()
{
    put(webCpu(), 20);
    put(fd::metrics::makeMetricId(QStringLiteral("AWS/ECS"), QStringLiteral("CPUUtilization"),
                                  {{QStringLiteral("ClusterName"), QStringLiteral("default")},
                                   {QStringLiteral("ServiceName"), QStringLiteral("api")}})
            .value(),
        10);
    AlarmsView view(*m_context);
    view.resize(1280, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QString command;
    const bool driven = fd::test::driveModal<CreateAlarmDialog>(
        [&] { QTest::mouseClick(child<QPushButton>(&view, QStringLiteral("createAlarmButton")), Qt::LeftButton); },
        [&](CreateAlarmDialog *dialog) {
            // The metric store's namespaces and dimension sets are offered.
            auto *dims = child<QComboBox>(dialog, QStringLiteral("dimensionsCombo"));
            QCOMPARE(dims->count(), 2);
            fillGood(dialog);
            child<QSpinBox>(dialog, QStringLiteral("datapointsSpin"))->setValue(2);
            child<QSpinBox>(dialog, QStringLiteral("evaluationPeriodsSpin"))->setValue(3);
            child<QComboBox>(dialog, QStringLiteral("treatMissingCombo"))->setCurrentText(QStringLiteral("breaching"));
            type(child<QLineEdit>(dialog, QStringLiteral("alarmActionsEdit")), kScaleOut);
            QCOMPARE(dialog->problem(), QString());
            QCOMPARE(child<QLabel>(dialog, QStringLiteral("conditionLabel"))->text(),
                     QStringLiteral("CPUUtilization > 50 for 2 datapoints within 3 minutes"));
            command = child<QPlainTextEdit>(dialog, QStringLiteral("cliCommand"))->toPlainText();
            QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("createButton")), Qt::LeftButton);
            QVERIFY(!dialog->isVisible());
        });
    QVERIFY(driven);
    QCOMPARE(command, QStringLiteral("aws cloudwatch put-metric-alarm \\\n"
                                     "  --alarm-name web-cpu-high \\\n"
                                     "  --namespace AWS/ECS \\\n"
                                     "  --metric-name CPUUtilization \\\n"
                                     "  --dimensions Name=ClusterName,Value=default Name=ServiceName,Value=web \\\n"
                                     "  --statistic Average \\\n"
                                     "  --period 60 \\\n"
                                     "  --evaluation-periods 3 \\\n"
                                     "  --datapoints-to-alarm 2 \\\n"
                                     "  --threshold 50 \\\n"
                                     "  --comparison-operator GreaterThanThreshold \\\n"
                                     "  --treat-missing-data breaching \\\n"
                                     "  --alarm-actions ") +
                          kScaleOut);

    const std::optional<fd::alarms::MetricAlarm> a = m_cp->alarms().find(QStringLiteral("web-cpu-high"));
    QVERIFY(a);
    QCOMPARE(a->definition.metric, webCpu());
    QCOMPARE(a->definition.statisticName(), QStringLiteral("Average"));
    QCOMPARE(a->definition.threshold, 50.0);
    QCOMPARE(a->definition.evaluationPeriods, 3);
    QCOMPARE(a->definition.datapointsToAlarm, std::optional<int>(2));
    QCOMPARE(fd::alarms::toString(a->definition.comparison), QStringLiteral("GreaterThanThreshold"));
    QVERIFY(a->treatMissingDataGiven);
    QCOMPARE(fd::alarms::toString(a->definition.treatMissingData), QStringLiteral("breaching"));
    QCOMPARE(a->definition.alarmActions, QStringList{kScaleOut});
    QVERIFY(!a->description);

    // The page selects it and says it in words.
    QCOMPARE(view.currentName(), QStringLiteral("web-cpu-high"));
    const int row = view.model()->rowOf(QStringLiteral("web-cpu-high"));
    QCOMPARE(view.model()->index(row, AlarmTableModel::StateColumn).data().toString(),
             QStringLiteral("INSUFFICIENT_DATA"));
    QCOMPARE(view.model()->index(row, AlarmTableModel::ConditionColumn).data().toString(),
             QStringLiteral("CPUUtilization > 50 for 2 datapoints within 3 minutes"));
    QCOMPARE(view.model()->index(row, AlarmTableModel::StateColumn).data(StatusRole).toString(),
             QStringLiteral("ALARM_INSUFFICIENT_DATA"));
}

void TestAlarmConsole::wizardRefusesBadInputByName_data()
{
    QTest::addColumn<QString>("widget");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected"); // the start of problem(): code and field

    QTest::newRow("M above N") << "datapointsSpin"
                               << "4"
                               << "InvalidParameterValue · DatapointsToAlarm:";
    QTest::newRow("N zero") << "evaluationPeriodsSpin"
                            << "0"
                            << "InvalidParameterValue · EvaluationPeriods:";
    QTest::newRow("period 45 s") << "periodSpin"
                                 << "45"
                                 << "InvalidParameterValue · Period:";
    QTest::newRow("over a day") << "periodSpin"
                                << "86400"
                                << "InvalidParameterValue · EvaluationPeriods:";
    QTest::newRow("threshold not a number") << "thresholdEdit"
                                            << "fifty"
                                            << "InvalidParameterValue · Threshold:";
    QTest::newRow("threshold missing") << "thresholdEdit"
                                       << ""
                                       << "MissingParameter · Threshold:";
    QTest::newRow("no name") << "alarmNameEdit"
                             << ""
                             << "InvalidParameterValue · AlarmName:";
    QTest::newRow("percentile p101") << "statisticCombo"
                                     << "p101"
                                     << "InvalidParameterValue · ExtendedStatistic:";
    QTest::newRow("no statistic") << "statisticCombo"
                                  << ""
                                  << "InvalidParameterCombination · Statistic:";
    QTest::newRow("action not an ARN") << "alarmActionsEdit"
                                       << "scale-out"
                                       << "InvalidParameterValue · AlarmActions:";
    QTest::newRow("dimension without =") << "dimensionsCombo"
                                         << "ClusterName"
                                         << "InvalidParameterValue · Dimensions:";
    QTest::newRow("no metric name") << "metricNameCombo"
                                    << ""
                                    << "MissingParameter · MetricName:";
}

void TestAlarmConsole::wizardRefusesBadInputByName()
{
    QFETCH(QString, widget);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    put(webCpu(), 20);
    CreateAlarmDialog dialog(*m_cp);
    int submitted = 0;
    dialog.setSubmitter([&](const fd::ops::AlarmPut &r) {
        ++submitted;
        return m_cp->alarms().put(r);
    });
    dialog.show();
    fillGood(&dialog);
    QCOMPARE(dialog.problem(), QString());
    if (auto *spin = dialog.findChild<QSpinBox *>(widget))
        spin->setValue(value.toInt());
    else if (auto *edit = dialog.findChild<QLineEdit *>(widget))
        type(edit, value);
    else if (auto *combo = dialog.findChild<QComboBox *>(widget))
        combo->setCurrentText(value);
    else
        QFAIL(qPrintable(QStringLiteral("no widget ") + widget));
    QVERIFY2(dialog.problem().startsWith(expected), qPrintable(dialog.problem()));
    auto *message = child<QLabel>(&dialog, QStringLiteral("alarmProblem"));
    QVERIFY(message->isVisible());
    QCOMPARE(message->text(), dialog.problem());
    auto *create = child<QPushButton>(&dialog, QStringLiteral("createButton"));
    QVERIFY(!create->isEnabled());
    dialog.accept(); // even forced, nothing is submitted
    QCOMPARE(submitted, 0);
    QVERIFY(m_cp->alarms().describe().isEmpty());
}

void TestAlarmConsole::boxesMatchTheEvaluation()
{
    fd::ops::AlarmPut p;
    p.definition.name = QStringLiteral("web-cpu-high");
    p.definition.metric = webCpu();
    p.definition.statistic = fd::metrics::Statistic::Average;
    p.definition.evaluationPeriods = 3;
    p.definition.datapointsToAlarm = 2;
    p.definition.comparison = fd::alarms::ComparisonOperator::GreaterThanThreshold;
    p.definition.threshold = 50;
    p.definition.treatMissingData = fd::alarms::TreatMissingData::Breaching;
    p.treatMissingDataGiven = true;
    QVERIFY(m_cp->alarms().put(p));

    GlassBoxView view(*m_context);
    view.resize(1280, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    AlarmCard *card = view.panel()->alarmCard(QStringLiteral("web-cpu-high"));
    QVERIFY(card);

    std::optional<fd::alarms::AlarmEvaluation> last;
    connect(m_alarms.get(), &fd::AlarmController::evaluated, this,
            [&](const QString &, const fd::alarms::AlarmEvaluation &e) { last = e; });
    int breaching = 0;
    int filled = 0;
    // The card's boxes against the controller's last evaluation, slot for slot.
    const auto checkBoxes = [&] {
        QVERIFY(last);
        const QList<AlarmWindowBoxes::Box> &boxes = card->boxes()->boxes();
        QCOMPARE(boxes.size(), qsizetype(last->window.size()));
        breaching = 0;
        for (qsizetype i = 0; i < boxes.size(); ++i) {
            const fd::alarms::WindowSlot &slot = last->window[size_t(i)];
            QCOMPARE(boxes[i].evaluated, slot.evaluated);
            QCOMPARE(boxes[i].fill, AlarmWindowBoxes::fillOf(slot, fd::alarms::TreatMissingData::Breaching));
            if (slot.breaching) {
                QCOMPARE(boxes[i].fill,
                         *slot.breaching ? AlarmWindowBoxes::Fill::Breaching : AlarmWindowBoxes::Fill::NotBreaching);
            } else {
                QCOMPARE(boxes[i].value, QStringLiteral("—"));
                if (slot.filled)
                    QCOMPARE(boxes[i].fill, AlarmWindowBoxes::Fill::MissingBreaching);
            }
            if (slot.evaluated && (slot.breaching.value_or(false) || slot.filled))
                ++breaching;
            filled += slot.filled ? 1 : 0;
        }
        QCOMPARE(card->boxes()->breachingCount(), breaching);
        QCOMPARE(card->shownState(), std::optional<AlarmState>(last->state));
    };
    minuteOf(83); // breaching; fewer than N real ones: the newest missing periods are filled as breaching
    checkBoxes();
    minuteOf(std::nullopt);
    checkBoxes();
    QVERIFY2(filled > 0, "missing periods filled by the treatment were drawn");
    minuteOf(20); // not breaching
    checkBoxes();
    minuteOf(90); // breaching: 83, 20, 90 are the three evaluated: 2 of 3
    checkBoxes();
    QCOMPARE(breaching, 2);
    QCOMPARE(fd::alarms::toString(last->state), QStringLiteral("ALARM"));
    QVERIFY2(card->valuesText().contains(QStringLiteral("<b>90.0</b>")), qPrintable(card->valuesText()));
    QVERIFY(card->boxes()->summary().contains(QStringLiteral("(2 needed for ALARM)")));
}

void TestAlarmConsole::pageActsOnTheSelectedAlarm()
{
    fd::ops::AlarmPut p;
    p.definition.name = QStringLiteral("web-cpu-high");
    p.definition.metric = webCpu();
    p.definition.statistic = fd::metrics::Statistic::Average;
    p.definition.evaluationPeriods = 3;
    p.definition.threshold = 50;
    QVERIFY(m_cp->alarms().put(p));
    AlarmsView view(*m_context);
    view.resize(1280, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.currentName(), QStringLiteral("web-cpu-high"));
    const auto alarm = [&] { return *m_cp->alarms().find(QStringLiteral("web-cpu-high")); };

    auto *disable = child<QPushButton>(&view, QStringLiteral("disableActionsButton"));
    auto *enable = child<QPushButton>(&view, QStringLiteral("enableActionsButton"));
    QVERIFY(disable->isEnabled());
    QVERIFY(!enable->isEnabled());
    QTest::mouseClick(disable, Qt::LeftButton);
    QVERIFY(!alarm().definition.actionsEnabled);
    QTRY_VERIFY(enable->isEnabled());
    QTest::mouseClick(enable, Qt::LeftButton);
    QVERIFY(alarm().definition.actionsEnabled);

    const bool driven = fd::test::driveModal<SetAlarmStateDialog>(
        [&] { QTest::mouseClick(child<QPushButton>(&view, QStringLiteral("setAlarmStateButton")), Qt::LeftButton); },
        [&](SetAlarmStateDialog *dialog) {
            child<QComboBox>(dialog, QStringLiteral("alarmStateCombo"))->setCurrentText(QStringLiteral("ALARM"));
            type(child<QLineEdit>(dialog, QStringLiteral("stateReasonEdit")), QStringLiteral("drill at 14:00"));
            QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("setStateButton")), Qt::LeftButton);
        });
    QVERIFY(driven);
    QCOMPARE(fd::alarms::toString(alarm().status.state), QStringLiteral("ALARM"));
    QCOMPARE(alarm().status.reason, QStringLiteral("drill at 14:00"));
    auto *history = child<QTableWidget>(&view, QStringLiteral("alarmHistoryTable"));
    QTRY_VERIFY(history->rowCount() >= 4); // created, disabled, enabled, state update: newest first
    QCOMPARE(history->item(0, 1)->text(), QStringLiteral("StateUpdate"));
    QCOMPARE(history->item(0, 2)->text(), QStringLiteral("Alarm updated from INSUFFICIENT_DATA to ALARM"));
    QCOMPARE(history->item(history->rowCount() - 1, 1)->text(), QStringLiteral("ConfigurationUpdate"));

    // Delete asks; Cancel keeps it, Delete removes it.
    fd::test::driveModal<QMessageBox>(
        [&] { QTest::mouseClick(child<QPushButton>(&view, QStringLiteral("deleteAlarmButton")), Qt::LeftButton); },
        [&](QMessageBox *box) { box->reject(); });
    QVERIFY(m_cp->alarms().find(QStringLiteral("web-cpu-high")));
    fd::test::driveModal<QMessageBox>(
        [&] { QTest::mouseClick(child<QPushButton>(&view, QStringLiteral("deleteAlarmButton")), Qt::LeftButton); },
        [&](QMessageBox *box) {
            QTest::mouseClick(child<QPushButton>(box, QStringLiteral("confirmButton")), Qt::LeftButton);
        });
    QVERIFY(!m_cp->alarms().find(QStringLiteral("web-cpu-high")));
    QTRY_COMPARE(view.model()->rowCount(), 0);
}

void TestAlarmConsole::scalingHalfShowsBannerNextCountAndCooldown()
{
    fd::ops::AlarmPut p;
    p.definition.name = QStringLiteral("TargetTracking-service/default/web-AlarmHigh-1");
    p.definition.metric = webCpu();
    p.definition.statistic = fd::metrics::Statistic::Average;
    p.definition.evaluationPeriods = 3;
    p.definition.comparison = fd::alarms::ComparisonOperator::GreaterThanThreshold;
    p.definition.threshold = 50;
    QVERIFY(m_cp->alarms().put(p));
    p.definition.name = QStringLiteral("unrelated");
    QVERIFY(m_cp->alarms().put(p));

    ScalingTargetView target;
    fd::autoscaling::TargetPanel &panel = target.panel;
    panel.resourceId = QStringLiteral("service/default/web");
    panel.cluster = QStringLiteral("default");
    panel.service = QStringLiteral("web");
    panel.minCapacity = 1;
    panel.maxCapacity = 10;
    panel.currentDesired = 4;
    panel.nextDesired = 4;
    panel.nextReason = QStringLiteral("scale-in suspended: deployment in progress");
    panel.banners = {QStringLiteral("scale-in suspended: deployment in progress")};
    panel.scaleOutCooldownEnds = m_clock->now().addSecs(133);
    fd::autoscaling::PanelPolicy policy;
    policy.name = QStringLiteral("cpu50");
    policy.type = QStringLiteral("TargetTrackingScaling");
    policy.summary = QStringLiteral("keep CPUUtilization at 50 %");
    fd::autoscaling::PanelAlarm high;
    high.name = p.definition.name = QStringLiteral("TargetTracking-service/default/web-AlarmHigh-1");
    policy.alarms = {high};
    panel.policies = {policy};
    fd::autoscaling::ScalingActivity activity;
    activity.statusCode = QStringLiteral("Successful");
    activity.statusMessage =
        QStringLiteral("Successfully set desired count to 4. Change successfully fulfilled by ecs.");
    activity.startTime = m_clock->now();
    target.activities = {activity};
    QList<ScalingTargetView> targets{target};
    m_context->setScalingTargets([&targets] { return targets; });

    GlassBoxView view(*m_context);
    view.resize(1280, 800);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    ScalingTargetCard *card = view.panel()->targetCard(QStringLiteral("service/default/web"));
    QVERIFY(card);
    const QList<QLabel *> banners = card->findChildren<QLabel *>(QStringLiteral("scalingBanner"));
    QCOMPARE(banners.size(), 1);
    QVERIFY(banners.front()->isVisible());
    QVERIFY(banners.front()->text().contains(QStringLiteral("scale-in suspended: deployment in progress")));
    QVERIFY2(card->nextText().contains(QStringLiteral("stays at <b>4</b>")), qPrintable(card->nextText()));
    QVERIFY2(card->cooldownText().contains(QStringLiteral("scale-out cooldown: <b>2:13</b> left")),
             qPrintable(card->cooldownText()));
    m_clock->advance(100 * 1000);
    QTRY_VERIFY2(card->cooldownText().contains(QStringLiteral("<b>33 s</b>")), qPrintable(card->cooldownText()));
    QVERIFY(card->findChild<QLabel *>(QStringLiteral("activitiesLabel"))
                ->text()
                .contains(QStringLiteral("Successfully set desired count to 4")));

    // The policy's alarm is inside the target's card; the other one below, on its own.
    AlarmCard *owned = view.panel()->alarmCard(high.name);
    QVERIFY(owned);
    QVERIFY(card->isAncestorOf(owned));
    AlarmCard *other = view.panel()->alarmCard(QStringLiteral("unrelated"));
    QVERIFY(other);
    QVERIFY(!card->isAncestorOf(other));

    // The deployment ends: the source says so and the banner goes.
    targets[0].panel.banners.clear();
    targets[0].panel.nextDesired = 3;
    targets[0].panel.nextReason = QStringLiteral("target tracking: 30 % ÷ 50 % × 4 tasks = 2.4, rounded up to 3");
    m_context->notifyScalingTargetsChanged();
    QTRY_COMPARE(card->findChildren<QLabel *>(QStringLiteral("scalingBanner")).size(), 0);
    QVERIFY2(card->nextText().contains(QStringLiteral("<b>4 → 3</b>")), qPrintable(card->nextText()));
    QVERIFY(card->nextText().contains(QStringLiteral("rounded up to 3")));

    // Focused on another target: neither card.
    view.showKey(QStringLiteral("service/default/other"));
    QVERIFY(!view.panel()->targetCard(QStringLiteral("service/default/web")));
}

QTEST_MAIN(TestAlarmConsole)
#include "TestAlarmConsole.moc"
