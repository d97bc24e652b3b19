// The Run task wizard, driven through its widgets: each console placement template yields the
// documented JSON, custom rows build the request row by row, a memberOf expression is checked as
// it is typed (Run off, the position shown under the field), and a run that cannot place every
// task keeps the dialog open with the ControlPlane's reasons.

#include "ControlPlane.h"
#include "ops/TaskDefinitions.h"
#include "ops/Engines.h"
#include "ops/Tasks.h"
#include "json/TaskDefinitionJson.h"
#include "scheduler/PlacementStrategy.h"
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

QJsonArray array(const QByteArray &json)
{
    return QJsonDocument::fromJson(json.isEmpty() ? QByteArray("[]") : json).array();
}

template<typename T>
QJsonArray array(const QList<T> &typed)
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

#include "TestRunTaskDialog.moc"
