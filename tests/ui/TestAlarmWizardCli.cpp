// The alarm wizard makes exactly the alarm its `aws cloudwatch put-metric-alarm` command makes: the
// wizard's alarm is read back and deleted, the command it showed runs through the real aws CLI
// against the console's own API endpoint, and the two alarms compare equal field by field (an
// extended statistic, JSON-form dimensions, a description with a quote, disabled actions, OK actions,
// notBreaching; then the plainest form, which leaves DatapointsToAlarm's twin unset fields unset).

#include "AwsCli.h"
#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "System.h"
#include "TestSupport.h"
#include "alarms/MetricAlarm.h"
#include "metrics/MetricStore.h"
#include "ops/Alarms.h"
#include "wizards/AlarmCommand.h"
#include "wizards/CreateAlarmDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kTopic = QStringLiteral("arn:aws:sns:us-east-1:000000000000:ops");
const QString kScaleIn = QStringLiteral("arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:1234:resource/ecs/"
                                        "service/default/web:policyName/cpu-in");

void type(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClicks(edit, text);
}

} // namespace

class TestAlarmWizardCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<fd::test::AwsCli> m_cli;
    std::unique_ptr<fd::test::ServiceCli> m_cloudwatch;
    std::unique_ptr<fd::System> m_system;
    std::unique_ptr<fd::ui::ConsoleContext> m_context;

    fd::ControlPlane &cp() { return m_system->controlPlane(); }

    // The wizard's command from "aws" on, through the CLI while this thread serves the API.
    int runCli(const QStringList &args, QString *err)
    {
        const fd::test::AwsCli::Result r =
            m_cloudwatch->runServing(args.mid(args.indexOf(QStringLiteral("cloudwatch")) + 1));
        *err = r.err;
        return r.exitCode;
    }

    // The wizard's alarm, then the CLI's from the command the wizard showed; both compared.
    void compareWithCli(const std::function<void(fd::ui::CreateAlarmDialog &)> &fill)
    {
        fd::ui::CreateAlarmDialog dialog(cp());
        dialog.setEndpoint(m_system->apiUrl());
        dialog.setSubmitter([this](const fd::ops::AlarmPut &r) { return cp().alarms().put(r); });
        dialog.show();
        fill(dialog);
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        const fd::Result<fd::ops::AlarmPut> request = dialog.request();
        QVERIFY(request);
        const QStringList args = fd::ui::AlarmCommand::arguments(request.value(), m_system->apiUrl());
        // The command shown is these arguments, quoted for a shell (one option a line).
        QStringList words;
        for (const QString &a : args)
            words << fd::ui::AlarmCommand::shellWord(a);
        QString shown = dialog.command();
        shown.replace(QStringLiteral(" \\\n  "), QStringLiteral(" "));
        QCOMPARE(shown, words.join(u' '));
        dialog.accept();
        QVERIFY(!dialog.isVisible());

        const QString name = request.value().definition.name;
        const std::optional<fd::alarms::MetricAlarm> wizard = cp().alarms().find(name);
        QVERIFY(wizard);
        QVERIFY(cp().alarms().remove({name}));
        QString err;
        QCOMPARE(runCli(args, &err), 0);
        const std::optional<fd::alarms::MetricAlarm> cli = cp().alarms().find(name);
        QVERIFY2(cli, qPrintable(err));

        const fd::alarms::AlarmDefinition &w = wizard->definition;
        const fd::alarms::AlarmDefinition &c = cli->definition;
        QCOMPARE(c.name, w.name);
        QCOMPARE(c.metric, w.metric);
        QCOMPARE(c.statistic.has_value(), w.statistic.has_value());
        QCOMPARE(c.statisticName(), w.statisticName());
        QCOMPARE(c.extendedStatistic, w.extendedStatistic);
        QCOMPARE(c.unit.has_value(), w.unit.has_value());
        QCOMPARE(c.periodSeconds, w.periodSeconds);
        QCOMPARE(c.evaluationPeriods, w.evaluationPeriods);
        QCOMPARE(c.datapointsToAlarm, w.datapointsToAlarm);
        QCOMPARE(fd::alarms::toString(c.comparison), fd::alarms::toString(w.comparison));
        QCOMPARE(c.threshold, w.threshold);
        QCOMPARE(fd::alarms::toString(c.treatMissingData), fd::alarms::toString(w.treatMissingData));
        QCOMPARE(cli->treatMissingDataGiven, wizard->treatMissingDataGiven);
        QCOMPARE(c.actionsEnabled, w.actionsEnabled);
        QCOMPARE(c.alarmActions, w.alarmActions);
        QCOMPARE(c.okActions, w.okActions);
        QCOMPARE(c.insufficientDataActions, w.insufficientDataActions);
        QCOMPARE(cli->description, wizard->description);
        QCOMPARE(cli->arn, wizard->arn);
        QVERIFY(cp().alarms().remove({name}));
    }

private slots:
    void initTestCase()
    {
        m_cli = std::make_unique<fd::test::AwsCli>(m_dir.path());
        FD_REQUIRE_AWS_CLI(*m_cli);
        m_system = fd::test::apiOnlySystem(m_dir.filePath(QStringLiteral("state")));
        QVERIFY(m_system);
        m_cloudwatch = std::make_unique<fd::test::ServiceCli>(
            *m_cli, QStringLiteral("cloudwatch"), [this] { return m_system->apiUrl(); }, cp().defaultRegion());
        fd::metrics::MetricDatum d;
        d.metric = fd::metrics::makeMetricId(QStringLiteral("Fleetdeck/Teaching"), QStringLiteral("QueueDepth"),
                                             {{QStringLiteral("Queue"), QStringLiteral("orders, priority")},
                                              {QStringLiteral("Stage"), QStringLiteral("pick=1")}})
                       .value();
        d.timestampMs = cp().clock().now().toMSecsSinceEpoch();
        d.value = 3;
        QVERIFY(cp().metricStore().put(d));
    }

    void cleanupTestCase() { m_system.reset(); }

    void everyFieldTheWizardSets()
    {
        compareWithCli([](fd::ui::CreateAlarmDialog &dialog) {
            dialog.findChild<QComboBox *>(QStringLiteral("namespaceCombo"))
                ->setCurrentText(QStringLiteral("Fleetdeck/Teaching"));
            dialog.findChild<QComboBox *>(QStringLiteral("metricNameCombo"))
                ->setCurrentText(QStringLiteral("QueueDepth"));
            dialog.findChild<QComboBox *>(QStringLiteral("dimensionsCombo"))->setCurrentIndex(0);
            dialog.findChild<QComboBox *>(QStringLiteral("statisticCombo"))->setCurrentText(QStringLiteral("p95"));
            dialog.findChild<QSpinBox *>(QStringLiteral("periodSpin"))->setValue(300);
            dialog.findChild<QSpinBox *>(QStringLiteral("evaluationPeriodsSpin"))->setValue(4);
            dialog.findChild<QSpinBox *>(QStringLiteral("datapointsSpin"))->setValue(2);
            dialog.findChild<QComboBox *>(QStringLiteral("comparisonCombo"))->setCurrentIndex(3); // <=
            type(dialog.findChild<QLineEdit *>(QStringLiteral("thresholdEdit")), QStringLiteral("12.5"));
            dialog.findChild<QComboBox *>(QStringLiteral("treatMissingCombo"))
                ->setCurrentText(QStringLiteral("notBreaching"));
            type(dialog.findChild<QLineEdit *>(QStringLiteral("alarmNameEdit")), QStringLiteral("orders-queue-low"));
            type(dialog.findChild<QLineEdit *>(QStringLiteral("descriptionEdit")),
                 QStringLiteral("the queue's low: scale in"));
            dialog.findChild<QCheckBox *>(QStringLiteral("actionsEnabledCheck"))->setChecked(false);
            type(dialog.findChild<QLineEdit *>(QStringLiteral("alarmActionsEdit")), kScaleIn);
            type(dialog.findChild<QLineEdit *>(QStringLiteral("okActionsEdit")), kTopic + u' ' + kTopic + u'2');
        });
    }

    void thePlainestAlarm()
    {
        compareWithCli([](fd::ui::CreateAlarmDialog &dialog) {
            dialog.findChild<QComboBox *>(QStringLiteral("namespaceCombo"))
                ->setCurrentText(QStringLiteral("Fleetdeck/Teaching"));
            dialog.findChild<QComboBox *>(QStringLiteral("metricNameCombo"))->setCurrentText(QStringLiteral("Visits"));
            dialog.findChild<QComboBox *>(QStringLiteral("dimensionsCombo"))->setCurrentText(QString());
            type(dialog.findChild<QLineEdit *>(QStringLiteral("thresholdEdit")), QStringLiteral("0.1"));
            type(dialog.findChild<QLineEdit *>(QStringLiteral("alarmNameEdit")), QStringLiteral("visits"));
        });
    }
};

QTEST_MAIN(TestAlarmWizardCli)
#include "TestAlarmWizardCli.moc"
