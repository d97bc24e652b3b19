// The Run task wizard, driven through its widgets: each console placement template yields the
// documented JSON, custom rows build the request row by row, a memberOf expression is checked as
// it is typed (Run off, the position shown under the field), and a run that cannot place every
// task keeps the dialog open with the ControlPlane's reasons. The launch: FARGATE with its network
// configuration and platform version, or a strategy of the cluster's Fargate providers, reaches the
// request; what the API would refuse (a definition without awsvpc, no subnet, two bases, a security
// group that is not sg-...) keeps Run off and names the field.

#include "ControlPlane.h"
#include "json/TaskDefinitionJson.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "scheduler/PlacementStrategy.h"
#include "widgets/LaunchEditor.h"
#include "wizards/RunTaskDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using fd::ui::RunTaskDialog;

namespace {

constexpr char kWeb[] = R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1",
    "cpu": 256, "memory": 256, "memoryReservation": 128, "portMappings": [{"containerPort": 8080}]}]})";
// More CPU than a t3.medium registers (2048 units): no instance of the default layout takes it.
constexpr char kBig[] = R"({"family": "big", "containerDefinitions": [{"name": "crunch", "image": "busybox:1.36",
    "cpu": 4096, "memory": 512}]})";
// Runs on FARGATE: awsvpc and a Fargate size.
constexpr char kFargateWeb[] = R"({"family": "fweb", "networkMode": "awsvpc", "cpu": "256", "memory": "512",
    "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1",
    "portMappings": [{"containerPort": 8080}]}]})";

QJsonArray array(const QByteArray &json)
{
    return QJsonDocument::fromJson(json.isEmpty() ? QByteArray("[]") : json).array();
}

template<typename T> QJsonArray array(const QList<T> &typed)
{
    return fd::scheduler::toJson(typed);
}

} // namespace

class TestRunTaskDialog final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void defaultsAreTheConsoles();
    void templatesBuildTheDocumentedJson_data();
    void templatesBuildTheDocumentedJson();
    void customRowsBuildTheRequest();
    void invalidExpressionDisablesRunAndShowsThePosition();
    void badEnvironmentLineNamesTheField();
    void runThatPlacesEverythingCloses();
    void runThatCannotPlaceShowsTheFailure();
    void queuedRunShowsWhyItWaits();
    void refusedRunNamesTheField();
    void runHandsTheRequestToTheCallersSubmitter();
    void fargateFieldsReachTheRequest();
    void fargateRefusesWhatTheApiWould();
    void strategyOffersOnlyTheClustersProviders();

private:
    template<typename T> T *find(const char *name) const
    {
        T *w = m_dialog->findChild<T *>(QLatin1String(name));
        if (!w)
            qWarning("no widget %s", name);
        return w;
    }
    void registerDefinition(const char *json);
    void chooseTemplate(const QString &name);

    std::shared_ptr<fd::ManualClock> m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fd::ControlPlane> m_cp;
    std::unique_ptr<RunTaskDialog> m_dialog;
};

void TestRunTaskDialog::registerDefinition(const char *json)
{
    auto spec = fd::json::parseTaskDefinition(QByteArray(json));
    QVERIFY2(spec.ok(), qPrintable(spec.ok() ? QString() : spec.error().message));
    QVERIFY(m_cp->taskDefinitions().registerNew(spec.value()).ok());
}

void TestRunTaskDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_shared<fd::ManualClock>();
    auto opened = fd::ControlPlane::open(m_dir->path(), m_clock);
    QVERIFY(opened.ok());
    m_cp = std::move(opened).value();
    QVERIFY(m_cp->engines().add(QStringLiteral("sim"), fd::Engine::Kind::Simulated, {}).ok());
    QVERIFY(m_cp->createDefaultLayout(QStringLiteral("sim")).ok()); // "default": 3 x t3.medium, one per zone
    registerDefinition(kWeb);
    registerDefinition(kBig);
    registerDefinition(kFargateWeb);
    m_dialog = std::make_unique<RunTaskDialog>(*m_cp, QStringLiteral("default"));
    // The caller submits what the dialog builds (as MainWindow, TasksView and FleetView do).
    m_dialog->setSubmitter([this](const RunTaskDialog::Request &r) { return m_cp->tasks().run(r); });
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
    auto *family = find<QComboBox>("familyCombo");
    family->setCurrentIndex(family->findData(QStringLiteral("web")));
}

void TestRunTaskDialog::cleanup()
{
    m_dialog.reset();
    m_cp.reset();
}

void TestRunTaskDialog::chooseTemplate(const QString &name)
{
    auto *combo = find<QComboBox>("placementTemplateCombo");
    const int i = combo->findText(name);
    QVERIFY2(i >= 0, qPrintable(name));
    combo->setCurrentIndex(i);
}

void TestRunTaskDialog::defaultsAreTheConsoles()
{
    const RunTaskDialog::Request r = m_dialog->request();
    QCOMPARE(r.cluster, QStringLiteral("default"));
    QCOMPARE(r.taskDefinition, QStringLiteral("web")); // "latest": the family alone
    QCOMPARE(r.count, 1);
    QVERIFY(r.queueWhenUnplaceable); // the console keeps unplaceable tasks waiting
    QVERIFY(r.group.isEmpty());
    QVERIFY(r.overrides.isEmpty());
    QCOMPARE(find<QComboBox>("placementTemplateCombo")->currentText(), QStringLiteral("AZ Balanced Spread"));
    QCOMPARE(find<QSpinBox>("countSpin")->maximum(), 10);
    QVERIFY(find<QPushButton>("runButton")->isEnabled());

    auto *revision = find<QComboBox>("revisionCombo");
    revision->setCurrentIndex(revision->findData(1));
    QCOMPARE(m_dialog->request().taskDefinition, QStringLiteral("web:1"));
}

void TestRunTaskDialog::templatesBuildTheDocumentedJson_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("binpackField");
    QTest::addColumn<QByteArray>("strategies");
    QTest::addColumn<QByteArray>("constraints");
    QTest::addColumn<bool>("caveat");

    // ECS-SEMANTICS.md §1.3, the console templates.
    QTest::newRow("AZ Balanced Spread")
        << "AZ Balanced Spread"
        << "memory"
        << QByteArray(
               R"([{"type":"spread","field":"attribute:ecs.availability-zone"},{"type":"spread","field":"instanceId"}])")
        << QByteArray("[]") << false;
    QTest::newRow("AZ Balanced BinPack: spread and binpack, so the caveat shows")
        << "AZ Balanced BinPack"
        << "memory"
        << QByteArray(
               R"([{"type":"spread","field":"attribute:ecs.availability-zone"},{"type":"binpack","field":"memory"}])")
        << QByteArray("[]") << true;
    QTest::newRow("BinPack memory") << "BinPack"
                                    << "memory" << QByteArray(R"([{"type":"binpack","field":"memory"}])")
                                    << QByteArray("[]") << false;
    QTest::newRow("BinPack cpu: the field is selectable")
        << "BinPack"
        << "cpu" << QByteArray(R"([{"type":"binpack","field":"cpu"}])") << QByteArray("[]") << false;
    QTest::newRow("One Task Per Host: a constraint, no strategy")
        << "One Task Per Host"
        << "memory" << QByteArray("[]") << QByteArray(R"([{"type":"distinctInstance"}])") << false;
}

void TestRunTaskDialog::templatesBuildTheDocumentedJson()
{
    QFETCH(QString, name);
    QFETCH(QString, binpackField);
    QFETCH(QByteArray, strategies);
    QFETCH(QByteArray, constraints);
    QFETCH(bool, caveat);

    chooseTemplate(name);
    auto *field = find<QComboBox>("binpackFieldCombo");
    QCOMPARE(field->isVisibleTo(m_dialog.get()), name == u"BinPack");
    if (field->isVisibleTo(m_dialog.get()))
        field->setCurrentIndex(field->findData(binpackField));

    const RunTaskDialog::Request r = m_dialog->request();
    QCOMPARE(array(r.placementStrategy), array(strategies));
    QCOMPARE(array(r.placementConstraints), array(constraints));
    // What the user reads: the console's own words, and the JSON that will be sent.
    QString description;
    for (const auto &t : fd::scheduler::placementTemplates())
        if (t.name == name)
            description = t.description;
    QVERIFY(find<QLabel>("placementDescription")->text().contains(description));
    const QJsonObject preview =
        QJsonDocument::fromJson(find<QPlainTextEdit>("placementJson")->toPlainText().toUtf8()).object();
    QCOMPARE(preview.value(QStringLiteral("placementStrategy")).toArray(), array(strategies));
    QCOMPARE(preview.value(QStringLiteral("placementConstraints")).toArray(), array(constraints));
    QCOMPARE(find<QLabel>("caveatLabel")->isVisibleTo(m_dialog.get()), caveat);
    QVERIFY(!find<QWidget>("customPlacement")->isVisibleTo(m_dialog.get()));
}

void TestRunTaskDialog::customRowsBuildTheRequest()
{
    chooseTemplate(QStringLiteral("Custom"));
    QVERIFY(find<QWidget>("customPlacement")->isVisibleTo(m_dialog.get()));
    QTest::mouseClick(find<QPushButton>("addStrategyButton"), Qt::LeftButton); // spread by zone
    QTest::mouseClick(find<QPushButton>("addStrategyButton"), Qt::LeftButton);
    auto *type1 = find<QComboBox>("strategyType1");
    type1->setCurrentText(QStringLiteral("binpack"));
    find<QComboBox>("strategyField1")->setCurrentText(QStringLiteral("cpu"));
    QVERIFY(find<QLabel>("caveatLabel")->isVisibleTo(m_dialog.get()));

    QTest::mouseClick(find<QPushButton>("addConstraintButton"), Qt::LeftButton);
    QTest::keyClicks(find<QLineEdit>("constraintExpression0"), QStringLiteral("attribute:ecs.instance-type =~ t3.*"));
    QTest::mouseClick(find<QPushButton>("addConstraintButton"), Qt::LeftButton);
    find<QComboBox>("constraintType1")->setCurrentText(QStringLiteral("distinctInstance"));
    QVERIFY(!find<QLineEdit>("constraintExpression1")->isEnabled());

    find<QSpinBox>("countSpin")->setValue(3);
    QTest::keyClicks(find<QLineEdit>("groupEdit"), QStringLiteral("workshop"));
    QTest::keyClicks(find<QLineEdit>("startedByEdit"), QStringLiteral("teacher"));
    QTest::keyClicks(find<QLineEdit>("commandOverride_web"), QStringLiteral("--verbose --port 9090"));
    find<QPlainTextEdit>("environmentOverride_web")->setPlainText(QStringLiteral("COLOR=red\n\nMODE = demo=1\n"));
    find<QCheckBox>("queueCheck")->setChecked(false);

    QVERIFY2(m_dialog->problem().isEmpty(), qPrintable(m_dialog->problem()));
    QVERIFY(find<QPushButton>("runButton")->isEnabled());
    const RunTaskDialog::Request r = m_dialog->request();
    QCOMPARE(
        array(r.placementStrategy),
        array(R"([{"type":"spread","field":"attribute:ecs.availability-zone"},{"type":"binpack","field":"cpu"}])"));
    QCOMPARE(
        array(r.placementConstraints),
        array(
            R"([{"type":"memberOf","expression":"attribute:ecs.instance-type =~ t3.*"},{"type":"distinctInstance"}])"));
    QCOMPARE(r.count, 3);
    QCOMPARE(r.group, QStringLiteral("workshop"));
    QCOMPARE(r.startedBy, QStringLiteral("teacher"));
    QVERIFY(!r.queueWhenUnplaceable);
    QCOMPARE(r.overrides.size(), 1);
    QCOMPARE(r.overrides.front().name, QStringLiteral("web"));
    QCOMPARE(r.overrides.front().command.value(),
             (QStringList{QStringLiteral("--verbose"), QStringLiteral("--port"), QStringLiteral("9090")}));
    // Blank lines are skipped; the value is everything after the first '='.
    QCOMPARE(r.overrides.front().environment.size(), 2);
    QCOMPARE(r.overrides.front().environment.at(1).first, QStringLiteral("MODE"));
    QCOMPARE(r.overrides.front().environment.at(1).second, QStringLiteral(" demo=1"));

    // The request is what the ControlPlane accepts: three tasks, each on its own t3 instance.
    QTest::mouseClick(find<QPushButton>("runButton"), Qt::LeftButton);
    QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
    QCOMPARE(m_cp->tasks().list(QStringLiteral("default")).size(), 3);

    // At most 5 strategies.
    RunTaskDialog other(*m_cp, QStringLiteral("default"));
    for (int i = 0; i < 7; ++i)
        other.addStrategyRow(QStringLiteral("random"), {});
    QCOMPARE(array(other.request().placementStrategy).size(), fd::scheduler::kMaxStrategies);
    QVERIFY(!other.findChild<QPushButton *>(QStringLiteral("addStrategyButton"))->isEnabled());
}

void TestRunTaskDialog::invalidExpressionDisablesRunAndShowsThePosition()
{
    chooseTemplate(QStringLiteral("Custom"));
    QTest::mouseClick(find<QPushButton>("addConstraintButton"), Qt::LeftButton);
    auto *expression = find<QLineEdit>("constraintExpression0");
    auto *error = find<QLabel>("constraintError0");
    auto *run = find<QPushButton>("runButton");

    // The operator is missing: the parser stops at character 29, where it expected one.
    QTest::keyClicks(expression, QStringLiteral("attribute:ecs.instance-type t3.micro"));
    QVERIFY(!run->isEnabled());
    QVERIFY2(error->isVisibleTo(m_dialog.get()), qPrintable(m_dialog->problem() + u'|' + error->text()));
    QVERIFY2(error->text().contains(u"position 29"), qPrintable(error->text()));
    QVERIFY(error->text().contains(QStringLiteral("\n") + QString(28, u' ') + QStringLiteral("^")));
    QVERIFY2(m_dialog->problem().startsWith(u"placementConstraints[0].expression: position 29"),
             qPrintable(m_dialog->problem()));
    QVERIFY(find<QLabel>("runMessage")->text().contains(u"placementConstraints[0].expression"));

    // Fixed as typed: the message goes, Run comes back.
    expression->setCursorPosition(28);
    QTest::keyClicks(expression, QStringLiteral("== "));
    QCOMPARE(expression->text(), QStringLiteral("attribute:ecs.instance-type == t3.micro"));
    QVERIFY(!error->isVisibleTo(m_dialog.get()));
    QVERIFY(run->isEnabled());
    QVERIFY(m_dialog->problem().isEmpty());
}

void TestRunTaskDialog::badEnvironmentLineNamesTheField()
{
    find<QPlainTextEdit>("environmentOverride_web")->setPlainText(QStringLiteral("COLOR=red\nnot a pair"));
    QVERIFY(!find<QPushButton>("runButton")->isEnabled());
    QVERIFY2(m_dialog->problem().contains(u"containerOverrides[web].environment, line 2"),
             qPrintable(m_dialog->problem()));
}

void TestRunTaskDialog::runThatPlacesEverythingCloses()
{
    QSignalSpy started(m_dialog.get(), &RunTaskDialog::tasksStarted);
    find<QSpinBox>("countSpin")->setValue(2);
    QTest::mouseClick(find<QPushButton>("runButton"), Qt::LeftButton);
    QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
    QVERIFY(!m_dialog->isVisible());
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.front().front().toStringList().size(), 2);
    QCOMPARE(m_cp->tasks().list(QStringLiteral("default")).size(), 2);
}

void TestRunTaskDialog::runThatCannotPlaceShowsTheFailure()
{
    auto *family = find<QComboBox>("familyCombo");
    family->setCurrentIndex(family->findData(QStringLiteral("big")));
    QVERIFY(find<QWidget>("override_crunch"));
    find<QCheckBox>("queueCheck")->setChecked(false);
    QTest::mouseClick(find<QPushButton>("runButton"), Qt::LeftButton);

    // Nothing could be placed: the dialog stays, says why, and Cancel became Close.
    QVERIFY(m_dialog->isVisible());
    auto *result = find<QLabel>("runResult");
    QVERIFY(result->isVisible());
    QVERIFY2(result->text().contains(u"Placed 0 of 1"), qPrintable(result->text()));
    QVERIFY2(result->text().contains(u"RESOURCE:CPU"), qPrintable(result->text()));
    QVERIFY(!m_dialog->lastResult().failures.isEmpty());
    QVERIFY(result->text().contains(m_dialog->lastResult().failures.front().detail.toHtmlEscaped()));
    QCOMPARE(find<QPushButton>("cancelButton")->text(), QStringLiteral("Close"));
    QVERIFY(m_cp->tasks().list(QStringLiteral("default")).isEmpty());
}

void TestRunTaskDialog::queuedRunShowsWhyItWaits()
{
    auto *family = find<QComboBox>("familyCombo");
    family->setCurrentIndex(family->findData(QStringLiteral("big")));
    QVERIFY(find<QCheckBox>("queueCheck")->isChecked());
    QTest::mouseClick(find<QPushButton>("runButton"), Qt::LeftButton);
    QVERIFY(m_dialog->isVisible());
    const QList<fd::Task> tasks = m_cp->tasks().list(QStringLiteral("default"));
    QCOMPARE(tasks.size(), 1);
    QVERIFY(!tasks.front().isPlaced());
    const QString text = find<QLabel>("runResult")->text();
    QVERIFY2(text.contains(u"wait PENDING for capacity"), qPrintable(text));
    QVERIFY(text.contains(tasks.front().pendingReason.toHtmlEscaped()));
}

void TestRunTaskDialog::refusedRunNamesTheField()
{
    // The family was deregistered after the dialog opened: the ControlPlane refuses, naming it.
    QVERIFY(m_cp->taskDefinitions().deregister(QStringLiteral("web:1")).ok());
    QTest::mouseClick(find<QPushButton>("runButton"), Qt::LeftButton);
    QVERIFY(m_dialog->isVisible());
    auto *message = find<QLabel>("runMessage");
    QVERIFY2(message->text().startsWith(u"taskDefinition: "), qPrintable(message->text()));
    QVERIFY(m_cp->tasks().list(QStringLiteral("default")).isEmpty());
}

QTEST_MAIN(TestRunTaskDialog)
void TestRunTaskDialog::runHandsTheRequestToTheCallersSubmitter()
{
    // The dialog builds the request; what runs it is the caller's. A refusal keeps the form as typed.
    QList<RunTaskDialog::Request> submitted;
    m_dialog->setSubmitter([&](const RunTaskDialog::Request &r) -> fd::Result<fd::ops::RunTaskResult> {
        submitted << r;
        return fd::Error{QStringLiteral("InvalidParameterException"), QStringLiteral("count: the caller refused"),
                         QStringLiteral("count")};
    });
    find<QSpinBox>("countSpin")->setValue(3);
    QTest::mouseClick(find<QPushButton>("runButton"), Qt::LeftButton);
    QCOMPARE(submitted.size(), 1);
    QCOMPARE(submitted.front().count, 3);
    QCOMPARE(submitted.front().cluster, QStringLiteral("default"));
    QVERIFY(m_dialog->isVisible());
    QVERIFY2(find<QLabel>("runMessage")->text().contains(u"the caller refused"),
             qPrintable(find<QLabel>("runMessage")->text()));
    QCOMPARE(find<QSpinBox>("countSpin")->value(), 3);
    QVERIFY(m_cp->tasks().list(QStringLiteral("default")).isEmpty()); // the dialog itself changed nothing

    // Without a submitter there is nothing to run: it says so and changes nothing.
    RunTaskDialog orphan(*m_cp, QStringLiteral("default"));
    orphan.show();
    orphan.accept();
    QVERIFY(orphan.isVisible());
    QVERIFY(!orphan.findChild<QLabel *>(QStringLiteral("runMessage"))->text().isEmpty());
    QVERIFY(m_cp->tasks().list(QStringLiteral("default")).isEmpty());
}

void TestRunTaskDialog::fargateFieldsReachTheRequest()
{
    auto *family = find<QComboBox>("familyCombo");
    family->setCurrentIndex(family->findData(QStringLiteral("fweb")));
    auto *launch = find<QComboBox>("launchTypeCombo");
    QCOMPARE(launch->currentData().toString(), QStringLiteral("EC2"));
    launch->setCurrentIndex(launch->findData(QStringLiteral("FARGATE")));
    // One default subnet per zone, all ticked at first: untick one, name a group, a public IP, 1.4.0.
    find<QCheckBox>("subnet_subnet-us-east-1c")->setChecked(false);
    QTest::keyClicks(find<QLineEdit>("securityGroupsEdit"), QStringLiteral("sg-0a1b2c, sg-9f8e"));
    find<QCheckBox>("assignPublicIpCheck")->setChecked(true);
    auto *platform = find<QComboBox>("platformVersionCombo");
    QCOMPARE(platform->currentText(), QStringLiteral("LATEST"));
    platform->setCurrentIndex(platform->findText(QStringLiteral("1.4.0")));

    QVERIFY2(m_dialog->problem().isEmpty(), qPrintable(m_dialog->problem()));
    QVERIFY(find<QPushButton>("runButton")->isEnabled());
    const RunTaskDialog::Request r = m_dialog->request();
    QCOMPARE(r.taskDefinition, QStringLiteral("fweb"));
    QCOMPARE(r.launchType, QStringLiteral("FARGATE"));
    QVERIFY(r.capacityProviderStrategy.isEmpty());
    QCOMPARE(r.platformVersion, QStringLiteral("1.4.0"));
    QVERIFY(r.networkConfiguration);
    QCOMPARE(r.networkConfiguration->subnets,
             (QStringList{QStringLiteral("subnet-us-east-1a"), QStringLiteral("subnet-us-east-1b")}));
    QCOMPARE(r.networkConfiguration->securityGroups,
             (QStringList{QStringLiteral("sg-0a1b2c"), QStringLiteral("sg-9f8e")}));
    QVERIFY(r.networkConfiguration->assignPublicIp);
    // ECS takes no placement for FARGATE: none is sent, and the editor says why it is off.
    QVERIFY(r.placementStrategy.isEmpty());
    QVERIFY(r.placementConstraints.isEmpty());
    QVERIFY(!find<QComboBox>("placementTemplateCombo")->isEnabled());
    QVERIFY(find<QLabel>("placementNote")->isVisible());

    // Back to EC2: the placement returns, the network configuration goes (bridge definition).
    family->setCurrentIndex(family->findData(QStringLiteral("web")));
    launch->setCurrentIndex(launch->findData(QStringLiteral("EC2")));
    const RunTaskDialog::Request ec2 = m_dialog->request();
    QCOMPARE(ec2.launchType, QStringLiteral("EC2"));
    QVERIFY(!ec2.networkConfiguration);
    QVERIFY(ec2.platformVersion.isEmpty());
    QVERIFY(!ec2.placementStrategy.isEmpty());
    QVERIFY(find<QComboBox>("placementTemplateCombo")->isEnabled());
    QVERIFY(!find<QLabel>("placementNote")->isVisible());
}

void TestRunTaskDialog::fargateRefusesWhatTheApiWould()
{
    auto *launch = find<QComboBox>("launchTypeCombo");
    auto *run = find<QPushButton>("runButton");
    auto *problem = find<QLabel>("launchProblem");
    // "web" is a bridge definition: not for FARGATE.
    launch->setCurrentIndex(launch->findData(QStringLiteral("FARGATE")));
    QVERIFY(!run->isEnabled());
    QVERIFY2(m_dialog->problem().contains(u"Task definition does not support launch_type FARGATE"),
             qPrintable(m_dialog->problem()));
    QVERIFY2(m_dialog->problem().contains(u"bridge"), qPrintable(m_dialog->problem()));
    QVERIFY(problem->isVisible());
    QVERIFY(problem->text().startsWith(u"InvalidParameterException"));
    QVERIFY(launch->property("fdProblem").toBool()); // the field it names is marked

    // An awsvpc definition without a subnet ticked.
    auto *family = find<QComboBox>("familyCombo");
    family->setCurrentIndex(family->findData(QStringLiteral("fweb")));
    QVERIFY(run->isEnabled());
    QVERIFY(!launch->property("fdProblem").toBool());
    for (const QString &zone : m_cp->instances().availabilityZones())
        find<QCheckBox>(qPrintable(QStringLiteral("subnet_subnet-") + zone))->setChecked(false);
    QVERIFY(!run->isEnabled());
    QVERIFY2(m_dialog->problem().startsWith(u"networkConfiguration.awsvpcConfiguration.subnets: Network Configuration "
                                            "must be provided when networkMode 'awsvpc' is specified."),
             qPrintable(m_dialog->problem()));
    find<QCheckBox>("subnet_subnet-us-east-1b")->setChecked(true);
    QVERIFY(run->isEnabled());

    // A security group that is not one, then six.
    auto *groups = find<QLineEdit>("securityGroupsEdit");
    groups->setText(QStringLiteral("sg-1, default"));
    QVERIFY(!run->isEnabled());
    QVERIFY2(m_dialog->problem().contains(u"securityGroups[1]"), qPrintable(m_dialog->problem()));
    QVERIFY(m_dialog->problem().contains(u"'default'"));
    QVERIFY(groups->property("fdProblem").toBool());
    groups->setText(QStringLiteral("sg-1 sg-2 sg-3 sg-4 sg-5 sg-6"));
    QVERIFY2(m_dialog->problem().contains(u"at most 5"), qPrintable(m_dialog->problem()));
    groups->setText(QStringLiteral("sg-1 sg-2"));
    QVERIFY(run->isEnabled());
    QVERIFY(!problem->isVisible());

    // A refusal of the control plane (the run path is not the dialog's) is still shown with its field.
    m_dialog->setSubmitter([](const RunTaskDialog::Request &r) -> fd::Result<fd::ops::RunTaskResult> {
        return fd::Error{QStringLiteral("InvalidParameterException"),
                         QStringLiteral("launchType %1 refused by the caller").arg(r.launchType),
                         QStringLiteral("launchType")};
    });
    QTest::mouseClick(run, Qt::LeftButton);
    QVERIFY2(find<QLabel>("runMessage")->text().contains(u"launchType FARGATE refused"),
             qPrintable(find<QLabel>("runMessage")->text()));
}

void TestRunTaskDialog::strategyOffersOnlyTheClustersProviders()
{
    auto *family = find<QComboBox>("familyCombo");
    family->setCurrentIndex(family->findData(QStringLiteral("fweb")));
    auto *launch = find<QComboBox>("launchTypeCombo");
    launch->setCurrentIndex(launch->findData(QStringLiteral("STRATEGY")));
    // "default" has no Fargate provider: nothing to choose, and the hint says how to associate them.
    QVERIFY(!find<QPushButton>("runButton")->isEnabled());
    QVERIFY2(m_dialog->problem().startsWith(u"capacityProviderStrategy:"), qPrintable(m_dialog->problem()));
    QVERIFY2(find<QLabel>("providersHint")->text().contains(u"put-cluster-capacity-providers --cluster default"),
             qPrintable(find<QLabel>("providersHint")->text()));
    QVERIFY(!find<QPushButton>("addProviderButton")->isEnabled());

    // Associated (PutClusterCapacityProviders): a new dialog offers exactly those.
    fd::ops::ClusterSpec spec;
    spec.capacityProviders = QStringList{QStringLiteral("FARGATE"), QStringLiteral("FARGATE_SPOT")};
    QVERIFY(m_cp->clusters().update(QStringLiteral("default"), spec).ok());
    m_dialog = std::make_unique<RunTaskDialog>(*m_cp, QStringLiteral("default"));
    m_dialog->show();
    m_dialog->setTaskDefinition(QStringLiteral("fweb"));
    auto *editor = m_dialog->launch();
    launch = find<QComboBox>("launchTypeCombo");
    launch->setCurrentIndex(launch->findData(QStringLiteral("STRATEGY")));
    auto *first = find<QComboBox>("strategyProvider0");
    QVERIFY(first);
    QCOMPARE(first->count(), 2);
    QCOMPARE(first->itemText(0), QStringLiteral("FARGATE"));
    QCOMPARE(first->itemText(1), QStringLiteral("FARGATE_SPOT"));
    QTest::mouseClick(find<QPushButton>("addProviderButton"), Qt::LeftButton);
    auto *second = find<QComboBox>("strategyProvider1");
    QVERIFY(second);
    QCOMPARE(second->currentText(), QStringLiteral("FARGATE_SPOT")); // the one not in a row yet
    find<QSpinBox>("strategyBase0")->setValue(1);
    find<QSpinBox>("strategyWeight1")->setValue(3);
    QVERIFY2(m_dialog->problem().isEmpty(), qPrintable(m_dialog->problem()));
    const RunTaskDialog::Request r = m_dialog->request();
    QVERIFY(r.launchType.isEmpty()); // a strategy instead of a launch type, never both
    QCOMPARE(r.capacityProviderStrategy.size(), 2);
    QCOMPARE(r.capacityProviderStrategy[0], (fd::CapacityProviderStrategyItem{QStringLiteral("FARGATE"), 1, 1}));
    QCOMPARE(r.capacityProviderStrategy[1], (fd::CapacityProviderStrategyItem{QStringLiteral("FARGATE_SPOT"), 3, 0}));
    QCOMPARE(r.platformVersion, QStringLiteral("LATEST"));
    QVERIFY(r.networkConfiguration && r.networkConfiguration->subnets.size() == 3);

    // Two bases, then the same provider twice: refused as ECS refuses them.
    find<QSpinBox>("strategyBase1")->setValue(2);
    QVERIFY2(m_dialog->problem().startsWith(u"capacityProviderStrategy[1].base: only one capacity provider"),
             qPrintable(m_dialog->problem()));
    find<QSpinBox>("strategyBase1")->setValue(0);
    second->setCurrentText(QStringLiteral("FARGATE"));
    QVERIFY2(m_dialog->problem().contains(u"FARGATE appears twice"), qPrintable(m_dialog->problem()));
    QVERIFY(!editor->error()->field.isEmpty());
}

#include "TestRunTaskDialog.moc"
