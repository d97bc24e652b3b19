// The scaling policy editor on the service's Scaling tab makes exactly the policy its `aws
// application-autoscaling put-scaling-policy` command makes: the editor's policy is read back through
// the real aws CLI (DescribeScalingPolicies), deleted, the command the editor showed runs through the
// CLI against the console's own API endpoint, and the two policies compare equal field by field with
// what the form said (a target tracking policy with cooldowns and scale-in disabled, the plainest
// one, an ALBRequestCountPerTarget one, a step policy with three steps and every optional member,
// an edit, a custom-metric policy picked from the metric store and one typed). Invalid input is
// refused with the API's message, naming the field, in the form as it is typed. A scheduled action
// made in its editor reads back through describe-scheduled-actions as the form said and as the
// put-scheduled-action command shown makes it, with its next run shown.

#include "AwsCli.h"
#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "System.h"
#include "TestSupport.h"
#include "json/TaskDefinitionJson.h"
#include "metrics/MetricStore.h"
#include "ops/AutoScaling.h"
#include "ops/Clusters.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"
#include "views/ServiceScalingTab.h"
#include "wizards/AlarmCommand.h"
#include "wizards/ScalingPolicyCommand.h"
#include "wizards/ScalingPolicyDialog.h"
#include "wizards/ScheduledActionDialog.h"

#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using Kind = fd::ui::ScalingPolicyDialog::Kind;

namespace {

const QString kResource = QStringLiteral("service/shop/web");

void type(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    if (text.isEmpty())
        edit->del();
    else
        QTest::keyClicks(edit, text);
}

QDateTime utc(const QJsonValue &v)
{
    // The CLI prints a timestamp as ISO 8601 with an offset (or epoch seconds with some settings).
    if (v.isDouble())
        return QDateTime::fromSecsSinceEpoch(qint64(v.toDouble()), Qt::UTC);
    return QDateTime::fromString(v.toString(), Qt::ISODate).toUTC();
}

void setCell(QTableWidget *table, int row, int column, const QString &text)
{
    table->item(row, column)->setText(text);
}

} // namespace

class TestScalingPolicyEditor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<fd::test::AwsCli> m_cli;
    std::unique_ptr<fd::test::ServiceCli> m_aas;
    std::unique_ptr<fd::System> m_system;
    std::unique_ptr<fd::ui::ServiceScalingTab> m_tab;

    fd::ControlPlane &cp() { return m_system->controlPlane(); }

    // The CLI off this thread, which serves the API meanwhile.
    fd::test::AwsCli::Result cli(const QStringList &args) { return m_aas->okServing(args); }

    // DescribeScalingPolicies of the service through the CLI: the one named `name`.
    QJsonObject describe(const QString &name)
    {
        const fd::test::AwsCli::Result r =
            cli({QStringLiteral("describe-scaling-policies"), QStringLiteral("--service-namespace"),
                 QStringLiteral("ecs"), QStringLiteral("--resource-id"), kResource});
        if (r.exitCode != 0)
            return {};
        for (const QJsonValue &v : r.json.value(QStringLiteral("ScalingPolicies")).toArray())
            if (v.toObject().value(QStringLiteral("PolicyName")).toString() == name)
                return v.toObject();
        return {};
    }

    // Fills a new (or, with `edit`, the named) policy in the editor, saves it, reads it back through
    // the CLI; deletes it and runs the command the editor showed; reads that back; both are compared
    // with each other and with `expected` (the configuration as the form spelled it, in the API's
    // members). Returns the editor's read-back.
    QJsonObject compareWithCli(Kind kind, const std::function<void(fd::ui::ScalingPolicyDialog &)> &fill,
                               const QString &name, const QJsonObject &expected, const QString &edit = {})
    {
        QPointer<fd::ui::ScalingPolicyDialog> dialog = m_tab->openPolicyEditor(kind, edit);
        if (!dialog) {
            qWarning() << "no editor";
            return {};
        }
        fill(*dialog);
        if (!dialog->problem().isEmpty()) {
            qWarning().noquote() << "form problem:" << dialog->problem();
            return {};
        }
        const fd::Result<fd::ops::PolicyPut> request = dialog->request();
        if (!request)
            return {};
        const QStringList args = fd::ui::ScalingPolicyCommand::arguments(request.value(), m_system->apiUrl());
        QStringList words;
        for (const QString &a : args)
            words << fd::ui::AlarmCommand::shellWord(a);
        QString shown = dialog->command();
        shown.replace(QStringLiteral(" \\\n  "), QStringLiteral(" "));
        if (shown != words.join(u' ')) {
            qWarning().noquote() << "shown command differs:" << shown << "\n vs " << words.join(u' ');
            return {};
        }
        dialog->findChild<QPushButton *>(QStringLiteral("saveButton"))->click();
        if (dialog && dialog->isVisible()) {
            qWarning().noquote() << "dialog stayed open:" << dialog->problem();
            return {};
        }
        const QJsonObject editor = describe(name);
        const QString configMember = kind == Kind::Step ? QStringLiteral("StepScalingPolicyConfiguration")
                                                        : QStringLiteral("TargetTrackingScalingPolicyConfiguration");
        if (editor.value(configMember).toObject() != expected) {
            qWarning().noquote() << "the editor's policy reads back" << editor.value(configMember).toObject()
                                 << "\n the form said" << expected;
            return {};
        }
        // The same through the CLI with the command shown (the "aws" and endpoint words are the
        // ServiceCli's).
        if (!cp().autoScaling().deletePolicy(
                {QStringLiteral("ecs"), kResource, QStringLiteral("ecs:service:DesiredCount")}, name))
            return {};
        QStringList cliArgs = args.mid(args.indexOf(QStringLiteral("application-autoscaling")) + 1);
        if (cli(cliArgs).exitCode != 0)
            return {};
        const QJsonObject viaCli = describe(name);
        for (const QString &member :
             {QStringLiteral("PolicyName"), QStringLiteral("PolicyType"), QStringLiteral("ServiceNamespace"),
              QStringLiteral("ResourceId"), QStringLiteral("ScalableDimension"), configMember}) {
            if (viaCli.value(member) != editor.value(member)) {
                qWarning().noquote() << member << "differs: editor" << editor.value(member) << "CLI"
                                     << viaCli.value(member);
                return {};
            }
        }
        if (viaCli.value(QStringLiteral("Alarms")).toArray().size() !=
            editor.value(QStringLiteral("Alarms")).toArray().size())
            return {};
        return editor;
    }

private slots:
    void initTestCase()
    {
        m_cli = std::make_unique<fd::test::AwsCli>(m_dir.path());
        FD_REQUIRE_AWS_CLI(*m_cli);
        m_system = fd::test::apiOnlySystem(m_dir.filePath(QStringLiteral("state")));
        QVERIFY(m_system);
        m_aas = std::make_unique<fd::test::ServiceCli>(
            *m_cli, QStringLiteral("application-autoscaling"), [this] { return m_system->apiUrl(); },
            cp().defaultRegion());

        QVERIFY(cp().clusters().create(QStringLiteral("shop")));
        auto spec = fd::json::parseTaskDefinition(QByteArrayLiteral(
            R"({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx", "memory": 128}]})"));
        QVERIFY(spec);
        QVERIFY(cp().taskDefinitions().registerNew(spec.value()));
        fd::ops::ServiceRequest service;
        service.cluster = QStringLiteral("shop");
        service.serviceName = QStringLiteral("web");
        service.taskDefinition = QStringLiteral("web:1");
        service.desiredCount = 2;
        QVERIFY(cp().services().create(service));

        m_tab = std::make_unique<fd::ui::ServiceScalingTab>(cp());
        m_tab->setEndpoint(m_system->apiUrl());
        m_tab->setConfirm([](const QString &) { return true; });
        m_tab->setService(QStringLiteral("shop"), QStringLiteral("web"));
        m_tab->resize(1280, 700);
        m_tab->show();
    }

    void cleanupTestCase()
    {
        m_tab.reset();
        m_system.reset();
    }

    void registerTheTarget()
    {
        auto *add = m_tab->findChild<QPushButton *>(QStringLiteral("addTargetTrackingButton"));
        QVERIFY(!add->isEnabled());
        QVERIFY(!m_tab->openPolicyEditor(Kind::TargetTracking));
        // Min above max: the API's refusal, naming the field.
        m_tab->findChild<QSpinBox *>(QStringLiteral("minCapacitySpin"))->setValue(5);
        m_tab->findChild<QSpinBox *>(QStringLiteral("maxCapacitySpin"))->setValue(3);
        m_tab->findChild<QPushButton *>(QStringLiteral("registerTargetButton"))->click();
        QVERIFY2(m_tab->problem().startsWith(QStringLiteral("ValidationException")), qPrintable(m_tab->problem()));
        QVERIFY2(m_tab->problem().contains(QStringLiteral("MaxCapacity")) ||
                     m_tab->problem().contains(QStringLiteral("MinCapacity")),
                 qPrintable(m_tab->problem()));
        QVERIFY(!cp().autoScaling().find(kResource));

        m_tab->findChild<QSpinBox *>(QStringLiteral("minCapacitySpin"))->setValue(1);
        m_tab->findChild<QSpinBox *>(QStringLiteral("maxCapacitySpin"))->setValue(8);
        const QString command = m_tab->findChild<QPlainTextEdit *>(QStringLiteral("registerCommand"))->toPlainText();
        QVERIFY2(command.contains(QStringLiteral("register-scalable-target")) &&
                     command.contains(QStringLiteral("--min-capacity 1")) &&
                     command.contains(QStringLiteral("--max-capacity 8")),
                 qPrintable(command));
        m_tab->findChild<QPushButton *>(QStringLiteral("registerTargetButton"))->click();
        QVERIFY2(m_tab->problem().isEmpty(), qPrintable(m_tab->problem()));
        QVERIFY(add->isEnabled());
        const fd::test::AwsCli::Result targets =
            cli({QStringLiteral("describe-scalable-targets"), QStringLiteral("--service-namespace"),
                 QStringLiteral("ecs"), QStringLiteral("--resource-ids"), kResource});
        QCOMPARE(targets.exitCode, 0);
        const QJsonObject t = targets.json.value(QStringLiteral("ScalableTargets")).toArray().first().toObject();
        QCOMPARE(t.value(QStringLiteral("MinCapacity")).toInt(), 1);
        QCOMPARE(t.value(QStringLiteral("MaxCapacity")).toInt(), 8);
    }

    void targetTrackingWithEveryField()
    {
        const QJsonObject expected{{QStringLiteral("TargetValue"), 62.5},
                                   {QStringLiteral("PredefinedMetricSpecification"),
                                    QJsonObject{{QStringLiteral("PredefinedMetricType"),
                                                 QStringLiteral("ECSServiceAverageMemoryUtilization")}}},
                                   {QStringLiteral("ScaleOutCooldown"), 45},
                                   {QStringLiteral("ScaleInCooldown"), 600},
                                   {QStringLiteral("DisableScaleIn"), true}};
        const QJsonObject read = compareWithCli(
            Kind::TargetTracking,
            [](fd::ui::ScalingPolicyDialog &d) {
                type(d.findChild<QLineEdit *>(QStringLiteral("policyNameEdit")), QStringLiteral("memory62"));
                d.findChild<QComboBox *>(QStringLiteral("metricTypeCombo"))->setCurrentIndex(1);
                type(d.findChild<QLineEdit *>(QStringLiteral("targetValueEdit")), QStringLiteral("62.5"));
                type(d.findChild<QLineEdit *>(QStringLiteral("scaleOutCooldownEdit")), QStringLiteral("45"));
                type(d.findChild<QLineEdit *>(QStringLiteral("scaleInCooldownEdit")), QStringLiteral("600"));
                d.findChild<QComboBox *>(QStringLiteral("disableScaleInCombo"))->setCurrentIndex(2);
                QVERIFY2(d.summary().contains(QStringLiteral("memory utilization of web at 62.5 %")),
                         qPrintable(d.summary()));
            },
            QStringLiteral("memory62"), expected);
        QVERIFY(!read.isEmpty());
        // Scale-in disabled: only the high alarm.
        QCOMPARE(read.value(QStringLiteral("Alarms")).toArray().size(), 1);
        // The tab lists it.
        auto *tree = m_tab->findChild<QTreeWidget *>(QStringLiteral("scalingPolicies"));
        QVERIFY(!tree->findItems(QStringLiteral("memory62"), Qt::MatchExactly).isEmpty());
    }

    void thePlainestTargetTracking()
    {
        const QJsonObject expected{
            {QStringLiteral("TargetValue"), 50},
            {QStringLiteral("PredefinedMetricSpecification"),
             QJsonObject{{QStringLiteral("PredefinedMetricType"), QStringLiteral("ECSServiceAverageCPUUtilization")}}}};
        const QJsonObject read = compareWithCli(
            Kind::TargetTracking,
            [](fd::ui::ScalingPolicyDialog &d) {
                type(d.findChild<QLineEdit *>(QStringLiteral("policyNameEdit")), QStringLiteral("cpu50"));
                type(d.findChild<QLineEdit *>(QStringLiteral("targetValueEdit")), QStringLiteral("50"));
            },
            QStringLiteral("cpu50"), expected);
        QVERIFY(!read.isEmpty());
        QCOMPARE(read.value(QStringLiteral("Alarms")).toArray().size(), 2);
    }

    void requestsPerTarget()
    {
        const QString label = QStringLiteral("app/shop-lb/50dc6c495c0c9188/targetgroup/web-tg/6d0ecf831eec9f09");
        const QJsonObject expected{
            {QStringLiteral("TargetValue"), 1000},
            {QStringLiteral("PredefinedMetricSpecification"),
             QJsonObject{{QStringLiteral("PredefinedMetricType"), QStringLiteral("ALBRequestCountPerTarget")},
                         {QStringLiteral("ResourceLabel"), label}}},
            {QStringLiteral("DisableScaleIn"), false}};
        QVERIFY(!compareWithCli(
                     Kind::TargetTracking,
                     [&](fd::ui::ScalingPolicyDialog &d) {
                         type(d.findChild<QLineEdit *>(QStringLiteral("policyNameEdit")), QStringLiteral("requests"));
                         d.findChild<QComboBox *>(QStringLiteral("metricTypeCombo"))->setCurrentIndex(2);
                         type(d.findChild<QLineEdit *>(QStringLiteral("resourceLabelEdit")), label);
                         type(d.findChild<QLineEdit *>(QStringLiteral("targetValueEdit")), QStringLiteral("1000"));
                         d.findChild<QComboBox *>(QStringLiteral("disableScaleInCombo"))->setCurrentIndex(1);
                     },
                     QStringLiteral("requests"), expected)
                     .isEmpty());
    }

    void stepScalingWithEveryField()
    {
        QJsonArray steps{
            QJsonObject{{QStringLiteral("MetricIntervalUpperBound"), 10}, {QStringLiteral("ScalingAdjustment"), 20}},
            QJsonObject{{QStringLiteral("MetricIntervalLowerBound"), 10},
                        {QStringLiteral("MetricIntervalUpperBound"), 25.5},
                        {QStringLiteral("ScalingAdjustment"), 50}},
            QJsonObject{{QStringLiteral("MetricIntervalLowerBound"), 25.5},
                        {QStringLiteral("ScalingAdjustment"), 100}}};
        // The first step starts at 0 (the threshold).
        steps[0] = QJsonObject{{QStringLiteral("MetricIntervalLowerBound"), 0},
                               {QStringLiteral("MetricIntervalUpperBound"), 10},
                               {QStringLiteral("ScalingAdjustment"), 20}};
        const QJsonObject expected{{QStringLiteral("AdjustmentType"), QStringLiteral("PercentChangeInCapacity")},
                                   {QStringLiteral("StepAdjustments"), steps},
                                   {QStringLiteral("MinAdjustmentMagnitude"), 2},
                                   {QStringLiteral("Cooldown"), 120},
                                   {QStringLiteral("MetricAggregationType"), QStringLiteral("Maximum")}};
        const QJsonObject read = compareWithCli(
            Kind::Step,
            [](fd::ui::ScalingPolicyDialog &d) {
                type(d.findChild<QLineEdit *>(QStringLiteral("policyNameEdit")), QStringLiteral("steps"));
                d.findChild<QComboBox *>(QStringLiteral("adjustmentTypeCombo"))->setCurrentIndex(1);
                auto *table = d.findChild<QTableWidget *>(QStringLiteral("stepsTable"));
                QCOMPARE(table->rowCount(), 1);
                d.findChild<QPushButton *>(QStringLiteral("addStepButton"))->click();
                d.findChild<QPushButton *>(QStringLiteral("addStepButton"))->click();
                QCOMPARE(table->rowCount(), 3);
                for (const auto &[row, lower, upper, adjustment] :
                     {std::tuple{0, "0", "10", "20"}, std::tuple{1, "10", "25.5", "50"},
                      std::tuple{2, "25.5", "", "100"}}) {
                    setCell(table, row, 0, QLatin1String(lower));
                    setCell(table, row, 1, QLatin1String(upper));
                    setCell(table, row, 2, QLatin1String(adjustment));
                }
                type(d.findChild<QLineEdit *>(QStringLiteral("minAdjustmentMagnitudeEdit")), QStringLiteral("2"));
                type(d.findChild<QLineEdit *>(QStringLiteral("cooldownEdit")), QStringLiteral("120"));
                d.findChild<QComboBox *>(QStringLiteral("aggregationCombo"))->setCurrentText(QStringLiteral("Maximum"));
                QVERIFY2(d.summary().contains(QStringLiteral("from +10 to +25.5: +50 %")), qPrintable(d.summary()));
            },
            QStringLiteral("steps"), expected);
        QVERIFY(!read.isEmpty());
    }

    void editKeepsWhatItDoesNotChange()
    {
        // The editor opens on the stored policy; changing the target value alone keeps the rest.
        const QJsonObject expected{{QStringLiteral("TargetValue"), 40},
                                   {QStringLiteral("PredefinedMetricSpecification"),
                                    QJsonObject{{QStringLiteral("PredefinedMetricType"),
                                                 QStringLiteral("ECSServiceAverageMemoryUtilization")}}},
                                   {QStringLiteral("ScaleOutCooldown"), 45},
                                   {QStringLiteral("ScaleInCooldown"), 600},
                                   {QStringLiteral("DisableScaleIn"), true}};
        QVERIFY(!compareWithCli(
                     Kind::TargetTracking,
                     [](fd::ui::ScalingPolicyDialog &d) {
                         QVERIFY(d.findChild<QLineEdit *>(QStringLiteral("policyNameEdit"))->isReadOnly());
                         QCOMPARE(d.findChild<QLineEdit *>(QStringLiteral("scaleInCooldownEdit"))->text(),
                                  QStringLiteral("600"));
                         type(d.findChild<QLineEdit *>(QStringLiteral("targetValueEdit")), QStringLiteral("40"));
                     },
                     QStringLiteral("memory62"), expected, QStringLiteral("memory62"))
                     .isEmpty());
    }

    void invalidInputIsRefusedWithTheMessage()
    {
        QPointer<fd::ui::ScalingPolicyDialog> d = m_tab->openPolicyEditor(Kind::TargetTracking);
        QVERIFY(d);
        auto *save = d->findChild<QPushButton *>(QStringLiteral("saveButton"));
        type(d->findChild<QLineEdit *>(QStringLiteral("policyNameEdit")), QStringLiteral("bad"));
        type(d->findChild<QLineEdit *>(QStringLiteral("targetValueEdit")), QStringLiteral("fifty"));
        QVERIFY2(d->problem().contains(QStringLiteral("TargetValue")) && d->problem().contains(QStringLiteral("fifty")),
                 qPrintable(d->problem()));
        QVERIFY(!save->isEnabled());
        // Zero is a number, but PutScalingPolicy refuses it: the form says so as it is typed (check()),
        // naming the field, and marks its editor.
        type(d->findChild<QLineEdit *>(QStringLiteral("targetValueEdit")), QStringLiteral("0"));
        QCOMPARE(d->problemField(), QStringLiteral("TargetTrackingScalingPolicyConfiguration.TargetValue"));
        QVERIFY2(d->problem().startsWith(QStringLiteral("ValidationException")) &&
                     d->problem().contains(QStringLiteral("must be a number greater than 0")),
                 qPrintable(d->problem()));
        QVERIFY(d->findChild<QLabel *>(QStringLiteral("policyProblem"))->isVisible());
        QVERIFY(d->findChild<QLineEdit *>(QStringLiteral("targetValueEdit"))->property("fdProblem").toBool());
        QVERIFY(!save->isEnabled());
        save->click();
        QVERIFY(d && d->isVisible());
        // A negative cooldown and one above the API's range: named before Save.
        type(d->findChild<QLineEdit *>(QStringLiteral("targetValueEdit")), QStringLiteral("50"));
        QVERIFY2(d->problem().isEmpty(), qPrintable(d->problem()));
        QVERIFY(!d->findChild<QLineEdit *>(QStringLiteral("targetValueEdit"))->property("fdProblem").toBool());
        type(d->findChild<QLineEdit *>(QStringLiteral("scaleOutCooldownEdit")), QStringLiteral("-5"));
        QVERIFY2(d->problemField().endsWith(QStringLiteral("ScaleOutCooldown")), qPrintable(d->problem()));
        QVERIFY(!save->isEnabled());
        type(d->findChild<QLineEdit *>(QStringLiteral("scaleOutCooldownEdit")), QString());
        type(d->findChild<QLineEdit *>(QStringLiteral("scaleInCooldownEdit")), QStringLiteral("1000000001"));
        QVERIFY2(d->problemField().endsWith(QStringLiteral("ScaleInCooldown")) &&
                     d->problem().contains(QStringLiteral("between 0 and 1000000000")),
                 qPrintable(d->problem()));
        QVERIFY(d->findChild<QLineEdit *>(QStringLiteral("scaleInCooldownEdit"))->property("fdProblem").toBool());
        type(d->findChild<QLineEdit *>(QStringLiteral("scaleInCooldownEdit")), QString());
        // A refusal at Save (here a submitter that refuses) is shown the same way and the dialog stays.
        d->setSubmitter([](const fd::ops::PolicyPut &) -> fd::Status {
            return fd::makeError(QStringLiteral("LimitExceededException"), QStringLiteral("refused for the test"),
                                 QStringLiteral("PolicyName"));
        });
        QVERIFY(save->isEnabled());
        save->click();
        QVERIFY(d && d->isVisible());
        QCOMPARE(d->problem(), QStringLiteral("LimitExceededException · PolicyName: refused for the test"));
        // A malformed resource label, checked as PutScalingPolicy checks it, before Save.
        d->findChild<QComboBox *>(QStringLiteral("metricTypeCombo"))->setCurrentIndex(2);
        type(d->findChild<QLineEdit *>(QStringLiteral("resourceLabelEdit")), QStringLiteral("targetgroup/web/1"));
        QVERIFY2(d->problem().contains(QStringLiteral("ResourceLabel")), qPrintable(d->problem()));
        QVERIFY(!save->isEnabled());
        // Another metric: the label is refused there, and its editor stays in sight to be cleared.
        d->findChild<QComboBox *>(QStringLiteral("metricTypeCombo"))->setCurrentIndex(0);
        QVERIFY2(d->problemField().endsWith(QStringLiteral("ResourceLabel")), qPrintable(d->problem()));
        QVERIFY(d->findChild<QLineEdit *>(QStringLiteral("resourceLabelEdit"))->isVisible());
        d->reject();
        QVERIFY(!cp().autoScaling().find(kResource)->policy(QStringLiteral("bad")));

        // Steps that overlap.
        QPointer<fd::ui::ScalingPolicyDialog> s = m_tab->openPolicyEditor(Kind::Step);
        QVERIFY(s);
        type(s->findChild<QLineEdit *>(QStringLiteral("policyNameEdit")), QStringLiteral("overlap"));
        auto *table = s->findChild<QTableWidget *>(QStringLiteral("stepsTable"));
        s->findChild<QPushButton *>(QStringLiteral("addStepButton"))->click();
        setCell(table, 0, 0, QStringLiteral("0"));
        setCell(table, 0, 1, QStringLiteral("20"));
        setCell(table, 0, 2, QStringLiteral("1"));
        setCell(table, 1, 0, QStringLiteral("10"));
        setCell(table, 1, 2, QStringLiteral("2"));
        QVERIFY2(s->problem().startsWith(QStringLiteral("ValidationException")) &&
                     s->problem().contains(QStringLiteral("StepAdjustments")),
                 qPrintable(s->problem()));
        QVERIFY(!s->findChild<QPushButton *>(QStringLiteral("saveButton"))->isEnabled());
        // MinAdjustmentMagnitude with ChangeInCapacity.
        setCell(table, 1, 0, QStringLiteral("20"));
        QVERIFY2(s->problem().isEmpty(), qPrintable(s->problem()));
        type(s->findChild<QLineEdit *>(QStringLiteral("minAdjustmentMagnitudeEdit")), QStringLiteral("2"));
        QVERIFY2(s->problem().contains(QStringLiteral("MinAdjustmentMagnitude")), qPrintable(s->problem()));
        s->reject();
    }

    void customMetricPickedFromTheStore()
    {
        // A metric the store holds (as an application's PutMetricData would leave it).
        fd::metrics::MetricDatum datum;
        datum.metric = fd::metrics::makeMetricId(QStringLiteral("Shop/Orders"), QStringLiteral("QueueDepth"),
                                                 {{QStringLiteral("Queue"), QStringLiteral("orders, priority")}})
                           .value();
        datum.timestampMs = cp().clock().now().toMSecsSinceEpoch();
        datum.value = 12;
        datum.unit = fd::metrics::StandardUnit::Count;
        QVERIFY(cp().metricStore().put(datum));

        const QJsonObject expected{
            {QStringLiteral("TargetValue"), 100},
            {QStringLiteral("CustomizedMetricSpecification"),
             QJsonObject{{QStringLiteral("Namespace"), QStringLiteral("Shop/Orders")},
                         {QStringLiteral("MetricName"), QStringLiteral("QueueDepth")},
                         {QStringLiteral("Dimensions"),
                          QJsonArray{QJsonObject{{QStringLiteral("Name"), QStringLiteral("Queue")},
                                                 {QStringLiteral("Value"), QStringLiteral("orders, priority")}}}},
                         {QStringLiteral("Statistic"), QStringLiteral("Sum")},
                         {QStringLiteral("Unit"), QStringLiteral("Count")}}},
            {QStringLiteral("ScaleOutCooldown"), 60}};
        const QJsonObject read = compareWithCli(
            Kind::TargetTracking,
            [](fd::ui::ScalingPolicyDialog &d) {
                type(d.findChild<QLineEdit *>(QStringLiteral("policyNameEdit")), QStringLiteral("queue100"));
                auto *metric = d.findChild<QComboBox *>(QStringLiteral("metricTypeCombo"));
                metric->setCurrentIndex(metric->findData(QStringLiteral("Custom")));
                auto *ns = d.findChild<QComboBox *>(QStringLiteral("namespaceCombo"));
                QVERIFY(ns->isVisible());
                QVERIFY(!d.findChild<QLineEdit *>(QStringLiteral("resourceLabelEdit"))->isVisible());
                // Picked from the lists the store fills, not typed.
                const int item = ns->findText(QStringLiteral("Shop/Orders"));
                QVERIFY(item >= 0);
                ns->setCurrentIndex(item);
                auto *name = d.findChild<QComboBox *>(QStringLiteral("metricNameCombo"));
                QCOMPARE(name->currentText(), QStringLiteral("QueueDepth"));
                auto *dims = d.findChild<QComboBox *>(QStringLiteral("dimensionsCombo"));
                QCOMPARE(dims->count(), 1);
                dims->setCurrentIndex(0);
                QCOMPARE(dims->currentText(), QStringLiteral("Queue=orders, priority"));
                auto *statistic = d.findChild<QComboBox *>(QStringLiteral("customStatisticCombo"));
                statistic->setCurrentIndex(statistic->findData(QStringLiteral("Sum")));
                auto *unit = d.findChild<QComboBox *>(QStringLiteral("customUnitCombo"));
                unit->setCurrentIndex(unit->findData(QStringLiteral("Count")));
                type(d.findChild<QLineEdit *>(QStringLiteral("targetValueEdit")), QStringLiteral("100"));
                type(d.findChild<QLineEdit *>(QStringLiteral("scaleOutCooldownEdit")), QStringLiteral("60"));
                QVERIFY2(d.summary().contains(QStringLiteral("Sum of Shop/Orders QueueDepth (Queue=orders, priority)")),
                         qPrintable(d.summary()));
            },
            QStringLiteral("queue100"), expected);
        QVERIFY(!read.isEmpty());
        QCOMPARE(read.value(QStringLiteral("Alarms")).toArray().size(), 2);
        // The tab says what it tracks.
        auto *tree = m_tab->findChild<QTreeWidget *>(QStringLiteral("scalingPolicies"));
        const QList<QTreeWidgetItem *> items = tree->findItems(QStringLiteral("queue100"), Qt::MatchExactly);
        QCOMPARE(items.size(), 1);
        QVERIFY2(items.first()->text(2).contains(QStringLiteral("Shop/Orders/QueueDepth at 100")),
                 qPrintable(items.first()->text(2)));

        // The editor opens on it as stored; a new target value keeps the rest.
        QJsonObject edited = expected;
        edited.insert(QStringLiteral("TargetValue"), 80);
        QVERIFY(!compareWithCli(
                     Kind::TargetTracking,
                     [](fd::ui::ScalingPolicyDialog &d) {
                         QCOMPARE(d.findChild<QComboBox *>(QStringLiteral("metricTypeCombo"))->currentData().toString(),
                                  QStringLiteral("Custom"));
                         QCOMPARE(d.findChild<QComboBox *>(QStringLiteral("dimensionsCombo"))->currentText(),
                                  QStringLiteral("Queue=orders, priority"));
                         QCOMPARE(d.findChild<QComboBox *>(QStringLiteral("customUnitCombo"))->currentText(),
                                  QStringLiteral("Count"));
                         type(d.findChild<QLineEdit *>(QStringLiteral("targetValueEdit")), QStringLiteral("80"));
                     },
                     QStringLiteral("queue100"), edited, QStringLiteral("queue100"))
                     .isEmpty());
    }

    void customMetricTyped()
    {
        // A metric the store does not hold yet, typed; no unit, dimensions in the order written.
        const QJsonObject expected{
            {QStringLiteral("TargetValue"), 0.75},
            {QStringLiteral("CustomizedMetricSpecification"),
             QJsonObject{{QStringLiteral("Namespace"), QStringLiteral("Shop/Web")},
                         {QStringLiteral("MetricName"), QStringLiteral("Latency")},
                         {QStringLiteral("Dimensions"),
                          QJsonArray{QJsonObject{{QStringLiteral("Name"), QStringLiteral("Stage")},
                                                 {QStringLiteral("Value"), QStringLiteral("prod")}},
                                     QJsonObject{{QStringLiteral("Name"), QStringLiteral("Api")},
                                                 {QStringLiteral("Value"), QStringLiteral("cart")}}}},
                         {QStringLiteral("Statistic"), QStringLiteral("Maximum")}}}};
        QVERIFY(!compareWithCli(
                     Kind::TargetTracking,
                     [](fd::ui::ScalingPolicyDialog &d) {
                         type(d.findChild<QLineEdit *>(QStringLiteral("policyNameEdit")), QStringLiteral("latency"));
                         auto *metric = d.findChild<QComboBox *>(QStringLiteral("metricTypeCombo"));
                         metric->setCurrentIndex(metric->findData(QStringLiteral("Custom")));
                         type(d.findChild<QLineEdit *>(QStringLiteral("targetValueEdit")), QStringLiteral("0.75"));
                         auto *ns = d.findChild<QComboBox *>(QStringLiteral("namespaceCombo"));
                         ns->setCurrentText(QStringLiteral("Shop/Web"));
                         auto *name = d.findChild<QComboBox *>(QStringLiteral("metricNameCombo"));
                         name->setCurrentText(QString());
                         // Without a metric name PutScalingPolicy refuses, naming the custom metric.
                         QVERIFY2(d.problemField().contains(QStringLiteral("CustomizedMetricSpecification")),
                                  qPrintable(d.problem()));
                         QVERIFY(!d.findChild<QPushButton *>(QStringLiteral("saveButton"))->isEnabled());
                         name->setCurrentText(QStringLiteral("Latency"));
                         auto *dims = d.findChild<QComboBox *>(QStringLiteral("dimensionsCombo"));
                         dims->setCurrentText(QStringLiteral("Stage"));
                         QVERIFY2(d.problemField().endsWith(QStringLiteral("CustomizedMetricSpecification.Dimensions")),
                                  qPrintable(d.problem()));
                         dims->setCurrentText(QStringLiteral("Stage=prod, Api=cart"));
                         auto *statistic = d.findChild<QComboBox *>(QStringLiteral("customStatisticCombo"));
                         statistic->setCurrentIndex(statistic->findData(QStringLiteral("Maximum")));
                     },
                     QStringLiteral("latency"), expected)
                     .isEmpty());
    }

    // describe-scheduled-actions of the service through the CLI: the one named `name`.
    QJsonObject describeScheduled(const QString &name)
    {
        const fd::test::AwsCli::Result r =
            cli({QStringLiteral("describe-scheduled-actions"), QStringLiteral("--service-namespace"),
                 QStringLiteral("ecs"), QStringLiteral("--resource-id"), kResource});
        if (r.exitCode != 0)
            return {};
        for (const QJsonValue &v : r.json.value(QStringLiteral("ScheduledActions")).toArray())
            if (v.toObject().value(QStringLiteral("ScheduledActionName")).toString() == name)
                return v.toObject();
        return {};
    }

    void scheduledActionMadeInTheEditor()
    {
        QPointer<fd::ui::ScheduledActionDialog> d = m_tab->openScheduledEditor();
        QVERIFY(d);
        auto *save = d->findChild<QPushButton *>(QStringLiteral("saveButton"));
        type(d->findChild<QLineEdit *>(QStringLiteral("scheduledNameEdit")), QStringLiteral("weeknights"));
        // A schedule PutScheduledAction refuses, named as it is typed.
        type(d->findChild<QLineEdit *>(QStringLiteral("scheduleEdit")), QStringLiteral("cron(0 22 L * ? *)"));
        QVERIFY2(d->problemField() == QStringLiteral("Schedule") &&
                     d->problem().startsWith(QStringLiteral("ValidationException")),
                 qPrintable(d->problem()));
        QVERIFY(!save->isEnabled());
        type(d->findChild<QLineEdit *>(QStringLiteral("scheduleEdit")), QStringLiteral("cron(0 22 ? * MON-FRI *)"));
        d->findChild<QComboBox *>(QStringLiteral("timezoneCombo"))->setCurrentText(QStringLiteral("Europe/Berlin"));
        type(d->findChild<QLineEdit *>(QStringLiteral("startTimeEdit")), QStringLiteral("2030-01-01T00:00:00Z"));
        type(d->findChild<QLineEdit *>(QStringLiteral("endTimeEdit")), QStringLiteral("2029-12-01T00:00:00Z"));
        QVERIFY2(d->problemField() == QStringLiteral("EndTime"), qPrintable(d->problem()));
        type(d->findChild<QLineEdit *>(QStringLiteral("endTimeEdit")), QStringLiteral("2031-06-30T12:00:00Z"));
        type(d->findChild<QLineEdit *>(QStringLiteral("scheduledMinEdit")), QStringLiteral("4"));
        type(d->findChild<QLineEdit *>(QStringLiteral("scheduledMaxEdit")), QStringLiteral("3"));
        QVERIFY2(d->problemField().endsWith(QStringLiteral("MinCapacity")), qPrintable(d->problem()));
        QVERIFY(d->findChild<QLineEdit *>(QStringLiteral("scheduledMinEdit"))->property("fdProblem").toBool());
        type(d->findChild<QLineEdit *>(QStringLiteral("scheduledMinEdit")), QStringLiteral("1"));
        QVERIFY2(d->problem().isEmpty(), qPrintable(d->problem()));
        // The first run: Tuesday 2030-01-01 at 22:00 in Berlin (CET).
        QVERIFY2(d->nextRunText().startsWith(QStringLiteral("2030-01-01 22:00 CET")), qPrintable(d->nextRunText()));

        const fd::Result<fd::ops::ScheduledPut> request = d->request();
        QVERIFY(request);
        const QStringList args = fd::ui::ScalingPolicyCommand::scheduledArguments(request.value(), m_system->apiUrl());
        QStringList words;
        for (const QString &a : args)
            words << fd::ui::AlarmCommand::shellWord(a);
        QString shown = d->command();
        shown.replace(QStringLiteral(" \\\n  "), QStringLiteral(" "));
        QCOMPARE(shown, words.join(u' '));
        save->click();
        QVERIFY(!d || !d->isVisible());

        // Read back through the CLI: as the form said.
        const QJsonObject editor = describeScheduled(QStringLiteral("weeknights"));
        QCOMPARE(editor.value(QStringLiteral("Schedule")).toString(), QStringLiteral("cron(0 22 ? * MON-FRI *)"));
        QCOMPARE(editor.value(QStringLiteral("Timezone")).toString(), QStringLiteral("Europe/Berlin"));
        QCOMPARE(utc(editor.value(QStringLiteral("StartTime"))), QDateTime(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC));
        QCOMPARE(utc(editor.value(QStringLiteral("EndTime"))), QDateTime(QDate(2031, 6, 30), QTime(12, 0), Qt::UTC));
        QCOMPARE(editor.value(QStringLiteral("ScalableTargetAction")).toObject(),
                 (QJsonObject{{QStringLiteral("MinCapacity"), 1}, {QStringLiteral("MaxCapacity"), 3}}));

        // The command shown makes the same action.
        QVERIFY(cp().autoScaling().deleteScheduledAction(
            {QStringLiteral("ecs"), kResource, QStringLiteral("ecs:service:DesiredCount")},
            QStringLiteral("weeknights")));
        QCOMPARE(cli(args.mid(args.indexOf(QStringLiteral("application-autoscaling")) + 1)).exitCode, 0);
        const QJsonObject viaCli = describeScheduled(QStringLiteral("weeknights"));
        for (const QString &member :
             {QStringLiteral("ScheduledActionName"), QStringLiteral("Schedule"), QStringLiteral("Timezone"),
              QStringLiteral("StartTime"), QStringLiteral("EndTime"), QStringLiteral("ScalableTargetAction"),
              QStringLiteral("ResourceId"), QStringLiteral("ScalableDimension"), QStringLiteral("ServiceNamespace")})
            QVERIFY2(viaCli.value(member) == editor.value(member), qPrintable(member));

        // The tab lists it with its next run.
        auto *tree = m_tab->findChild<QTreeWidget *>(QStringLiteral("scheduledActions"));
        const QList<QTreeWidgetItem *> items = tree->findItems(QStringLiteral("weeknights"), Qt::MatchExactly);
        QCOMPARE(items.size(), 1);
        QCOMPARE(items.first()->text(1), QStringLiteral("cron(0 22 ? * MON-FRI *)"));
        QCOMPARE(items.first()->text(2), QStringLiteral("Europe/Berlin"));
        QCOMPARE(items.first()->text(3), QStringLiteral("2030-01-01 00:00:00 UTC"));
        QCOMPARE(items.first()->text(5), QStringLiteral("1"));
        QCOMPARE(items.first()->text(6), QStringLiteral("3"));
        QVERIFY2(items.first()->text(7).startsWith(QStringLiteral("2030-01-01 22:00 CET")),
                 qPrintable(items.first()->text(7)));
    }

    void scheduledActionEditedAndDeleted()
    {
        QPointer<fd::ui::ScheduledActionDialog> d = m_tab->openScheduledEditor(QStringLiteral("weeknights"));
        QVERIFY(d);
        QVERIFY(d->findChild<QLineEdit *>(QStringLiteral("scheduledNameEdit"))->isReadOnly());
        QCOMPARE(d->findChild<QLineEdit *>(QStringLiteral("startTimeEdit"))->text(),
                 QStringLiteral("2030-01-01T00:00:00Z"));
        QCOMPARE(d->findChild<QComboBox *>(QStringLiteral("timezoneCombo"))->currentText(),
                 QStringLiteral("Europe/Berlin"));
        // An update keeps what it leaves out, so blanking a stored field is refused by name.
        type(d->findChild<QLineEdit *>(QStringLiteral("endTimeEdit")), QString());
        QVERIFY2(d->problemField() == QStringLiteral("EndTime"), qPrintable(d->problem()));
        type(d->findChild<QLineEdit *>(QStringLiteral("endTimeEdit")), QStringLiteral("2031-06-30T12:00:00Z"));
        type(d->findChild<QLineEdit *>(QStringLiteral("scheduledMaxEdit")), QStringLiteral("6"));
        type(d->findChild<QLineEdit *>(QStringLiteral("scheduleEdit")), QStringLiteral("rate(6 hours)"));
        QVERIFY2(d->problem().isEmpty(), qPrintable(d->problem()));
        QVERIFY2(d->command().contains(QStringLiteral("--schedule 'rate(6 hours)'")), qPrintable(d->command()));
        d->findChild<QPushButton *>(QStringLiteral("saveButton"))->click();
        QVERIFY(!d || !d->isVisible());
        const QJsonObject read = describeScheduled(QStringLiteral("weeknights"));
        QCOMPARE(read.value(QStringLiteral("Schedule")).toString(), QStringLiteral("rate(6 hours)"));
        QCOMPARE(read.value(QStringLiteral("ScalableTargetAction")).toObject(),
                 (QJsonObject{{QStringLiteral("MinCapacity"), 1}, {QStringLiteral("MaxCapacity"), 6}}));
        QCOMPARE(read.value(QStringLiteral("Timezone")).toString(), QStringLiteral("Europe/Berlin"));

        auto *tree = m_tab->findChild<QTreeWidget *>(QStringLiteral("scheduledActions"));
        tree->setCurrentItem(tree->findItems(QStringLiteral("weeknights"), Qt::MatchExactly).value(0));
        QVERIFY(tree->currentItem());
        m_tab->findChild<QPushButton *>(QStringLiteral("deleteScheduledButton"))->click();
        QVERIFY2(m_tab->problem().isEmpty(), qPrintable(m_tab->problem()));
        QVERIFY(describeScheduled(QStringLiteral("weeknights")).isEmpty());
        QCOMPARE(tree->topLevelItemCount(), 0);
    }

    void deleteFromTheTab()
    {
        auto *tree = m_tab->findChild<QTreeWidget *>(QStringLiteral("scalingPolicies"));
        const QList<QTreeWidgetItem *> items = tree->findItems(QStringLiteral("cpu50"), Qt::MatchExactly);
        QCOMPARE(items.size(), 1);
        tree->setCurrentItem(items.first());
        m_tab->findChild<QPushButton *>(QStringLiteral("deletePolicyButton"))->click();
        QVERIFY2(m_tab->problem().isEmpty(), qPrintable(m_tab->problem()));
        QVERIFY(describe(QStringLiteral("cpu50")).isEmpty());
        QVERIFY(tree->findItems(QStringLiteral("cpu50"), Qt::MatchExactly).isEmpty());
    }
};

QTEST_MAIN(TestScalingPolicyEditor)
#include "TestScalingPolicyEditor.moc"
