// The register-task-definition wizard, driven the way a user drives it: typing into the form and
// into the JSON, clicking real buttons found by objectName. "Runs on FARGATE" fixes awsvpc, offers
// the Fargate sizes instead of free fields and writes requiresCompatibilities; a pair that is not a
// Fargate size typed in the JSON is refused in ECS's words.

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "ops/TaskDefinitions.h"
#include "ModalDriver.h"
#include "TestSupport.h"
#include "json/TaskDefinitionJson.h"
#include "views/TaskDefinitionsView.h"
#include "wizards/RegisterTaskDefinitionDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>

using fd::ui::RegisterTaskDefinitionDialog;
using fd::ui::TaskDefinitionsView;

namespace {

template<typename T> T *child(QWidget *parent, const char *name)
{
    T *w = parent->findChild<T *>(QLatin1String(name));
    if (!w)
        qWarning("no %s named %s", T::staticMetaObject.className(), name);
    return w;
}

// Replaces the first occurrence of `from` in the JSON editor by typing `to` over it.
bool typeOverInJson(QPlainTextEdit *json, const QString &from, const QString &to)
{
    QTextCursor found = json->document()->find(from);
    if (found.isNull())
        return false;
    json->setFocus();
    json->setTextCursor(found);
    QTest::keyClicks(json, to);
    return true;
}

QString labelText(QWidget *dialog)
{
    return dialog->findChild<QLabel *>(QStringLiteral("validationMessage"))->text();
}

} // namespace

class TestRegisterWizard final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void typeFormAndJsonThenRegister();
    void jsonSyntaxErrorMarksTheLine();
    void errorInAnotherContainerIsShownOnRequest();
    void createNewRevisionKeepsUnknownMembers();
    void importFileFillsBothSides();
    void fargateFixesAwsvpcAndOffersTheFargateSizes();

private:
    void driveNewDefinition(RegisterTaskDefinitionDialog *dialog);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fd::ControlPlane> m_cp;
};

void TestRegisterWizard::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto opened = fd::ControlPlane::open(m_dir->path(), std::make_shared<fd::ManualClock>());
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    m_cp = std::move(opened).value();
}

void TestRegisterWizard::cleanup()
{
    m_cp.reset();
    m_dir.reset();
}

void TestRegisterWizard::driveNewDefinition(RegisterTaskDefinitionDialog *dialog)
{
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    auto *family = child<QLineEdit>(dialog, "familyEdit");
    auto *name = child<QLineEdit>(dialog, "containerNameEdit");
    auto *image = child<QLineEdit>(dialog, "imageEdit");
    auto *cpu = child<QLineEdit>(dialog, "cpuEdit");
    auto *memory = child<QLineEdit>(dialog, "memoryEdit");
    auto *reservation = child<QLineEdit>(dialog, "memoryReservationEdit");
    auto *json = child<QPlainTextEdit>(dialog, "jsonEdit");
    auto *registerButton = child<QPushButton>(dialog, "registerButton");
    auto *containers = child<QListWidget>(dialog, "containerList");
    QVERIFY(family && name && image && cpu && memory && reservation && json && registerButton && containers);

    // A new definition starts with one empty container and cannot be registered yet.
    QCOMPARE(containers->count(), 1);
    QVERIFY(!registerButton->isEnabled());

    QTest::keyClicks(family, QStringLiteral("edges-web"));
    QTest::keyClicks(name, QStringLiteral("web"));
    QTest::keyClicks(image, QStringLiteral("fleetdeck/demo-web:1"));
    QTest::keyClicks(cpu, QStringLiteral("256"));
    QTest::keyClicks(reservation, QStringLiteral("256"));

    // The JSON follows the form at once.
    QVERIFY2(json->toPlainText().contains(QStringLiteral("\"family\": \"edges-web\"")),
             qPrintable(json->toPlainText()));
    QVERIFY(json->toPlainText().contains(QStringLiteral("\"image\": \"fleetdeck/demo-web:1\"")));
    QVERIFY(json->toPlainText().contains(QStringLiteral("\"memoryReservation\": 256")));
    QVERIFY2(registerButton->isEnabled(), qPrintable(labelText(dialog)));
    QVERIFY(containers->item(0)->text().startsWith(QStringLiteral("web")));

    // A hard limit below the soft limit: the message names the field, the field is marked, and
    // Register is off.
    QTest::keyClicks(memory, QStringLiteral("128"));
    QVERIFY(json->toPlainText().contains(QStringLiteral("\"memory\": 128")));
    QVERIFY2(labelText(dialog).contains(QStringLiteral("containerDefinitions[0].memory")),
             qPrintable(labelText(dialog)));
    QVERIFY(!registerButton->isEnabled());
    QVERIFY(memory->property("invalid").toBool());
    QVERIFY(!family->property("invalid").toBool());

    // Enter while invalid takes the user to the field instead of registering.
    family->setFocus();
    QTest::keyClick(family, Qt::Key_Return);
    QVERIFY(dialog->isVisible());
    QTRY_VERIFY(memory->hasFocus());

    // Fixing it clears the message and the mark.
    memory->selectAll();
    QTest::keyClicks(memory, QStringLiteral("512"));
    QVERIFY(json->toPlainText().contains(QStringLiteral("\"memory\": 512")));
    QVERIFY2(registerButton->isEnabled(), qPrintable(labelText(dialog)));
    QVERIFY(!labelText(dialog).contains(QStringLiteral("containerDefinitions")));
    QVERIFY(!memory->property("invalid").toBool());

    // A port mapping and an environment variable through their tables.
    QTest::mouseClick(child<QPushButton>(dialog, "addPortMappingButton"), Qt::LeftButton);
    auto *ports = child<QTableWidget>(dialog, "portMappingsTable");
    QCOMPARE(ports->rowCount(), 1);
    QVERIFY(json->toPlainText().contains(QStringLiteral("\"containerPort\": 80")));
    QTest::mouseClick(child<QPushButton>(dialog, "addEnvironmentButton"), Qt::LeftButton);
    auto *environment = child<QTableWidget>(dialog, "environmentTable");
    QCOMPARE(environment->rowCount(), 1);
    QLineEdit *cellEditor = nullptr;
    QTRY_VERIFY((cellEditor = environment->findChild<QLineEdit *>()) && cellEditor->isVisible());
    QTest::keyClicks(cellEditor, QStringLiteral("COLOUR"));
    QTest::keyClick(cellEditor, Qt::Key_Return);
    QTRY_COMPARE(environment->item(0, 0)->text(), QStringLiteral("COLOUR"));
    environment->setCurrentCell(0, 1); // opens the editor (AllEditTriggers)
    QTRY_VERIFY(
        (cellEditor = environment->focusWidget() ? qobject_cast<QLineEdit *>(environment->focusWidget()) : nullptr) &&
        cellEditor->isVisible());
    QTest::keyClicks(cellEditor, QStringLiteral("blue"));
    QTest::keyClick(cellEditor, Qt::Key_Return);
    QTRY_COMPARE(environment->item(0, 1)->text(), QStringLiteral("blue"));
    QVERIFY(json->toPlainText().contains(QStringLiteral("\"value\": \"blue\"")));
    QVERIFY2(registerButton->isEnabled(), qPrintable(labelText(dialog)));

    // Editing the JSON side refills the form once the typing pauses (debounced).
    QVERIFY(typeOverInJson(json, QStringLiteral("fleetdeck/demo-web:1"), QStringLiteral("fleetdeck/demo-web:2")));
    QCOMPARE(image->text(), QStringLiteral("fleetdeck/demo-web:1")); // not on every keystroke
    QTRY_COMPARE(image->text(), QStringLiteral("fleetdeck/demo-web:2"));
    QVERIFY(registerButton->isEnabled());

    // A member the form has no widget for survives further form edits.
    QVERIFY(typeOverInJson(
        json, QStringLiteral("\"family\": \"edges-web\","),
        QStringLiteral("\"family\": \"edges-web\", \"tags\": [{\"key\": \"team\", \"value\": \"edges\"}],")));
    // Clicking into the form applies the JSON at once, without waiting for the pause.
    QTest::mouseClick(cpu, Qt::LeftButton);
    QTRY_VERIFY(cpu->hasFocus());
    QVERIFY2(labelText(dialog).contains(QStringLiteral("Valid")), qPrintable(labelText(dialog)));
    cpu->end(false);
    QTest::keyClicks(cpu, QStringLiteral("0")); // 256 -> 2560
    QVERIFY(json->toPlainText().contains(QStringLiteral("\"cpu\": 2560")));
    QVERIFY2(json->toPlainText().contains(QStringLiteral("\"team\"")), qPrintable(json->toPlainText()));
    cpu->selectAll();
    QTest::keyClicks(cpu, QStringLiteral("256"));

    // An invalid edit on the JSON side shows in the form too, with the same message.
    QVERIFY(typeOverInJson(json, QStringLiteral("\"memory\": 512"), QStringLiteral("\"memory\": 100")));
    QTRY_COMPARE(memory->text(), QStringLiteral("100"));
    QVERIFY2(labelText(dialog).contains(QStringLiteral("containerDefinitions[0].memory")),
             qPrintable(labelText(dialog)));
    QVERIFY(memory->property("invalid").toBool());
    QVERIFY(!registerButton->isEnabled());
    memory->selectAll();
    QTest::keyClicks(memory, QStringLiteral("512"));
    QVERIFY(registerButton->isEnabled());

    QTest::mouseClick(registerButton, Qt::LeftButton);
    QCOMPARE(dialog->result(), int(QDialog::Accepted));
}

void TestRegisterWizard::typeFormAndJsonThenRegister()
{
    fd::ui::ConsoleContext context(*m_cp);
    TaskDefinitionsView view(context);
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto *registerNew = view.findChild<QPushButton *>(QStringLiteral("registerNewButton"));
    QVERIFY(registerNew);

    const bool driven = fd::test::driveModal<RegisterTaskDefinitionDialog>(
        [&] { QTest::mouseClick(registerNew, Qt::LeftButton); },
        [&](RegisterTaskDefinitionDialog *dialog) { driveNewDefinition(dialog); });
    QVERIFY(driven);

    // The view registered what the wizard built: revision 1, exactly as typed.
    const fd::Result<fd::TaskDefinition> td = m_cp->taskDefinitions().find(QStringLiteral("edges-web"));
    QVERIFY2(td.ok(), qPrintable(td.ok() ? QString() : td.error().message));
    QCOMPARE(td->revision, 1);
    QCOMPARE(td->spec.family, QStringLiteral("edges-web"));
    QCOMPARE(td->spec.networkMode, QStringLiteral("bridge"));
    QCOMPARE(td->spec.containerDefinitions.size(), 1);
    const fd::ContainerDefinition &c = td->spec.containerDefinitions.front();
    QCOMPARE(c.name, QStringLiteral("web"));
    QCOMPARE(c.image, QStringLiteral("fleetdeck/demo-web:2"));
    QCOMPARE(c.cpu, std::optional<int>(256));
    QCOMPARE(c.memory, std::optional<int>(512));
    QCOMPARE(c.memoryReservation, std::optional<int>(256));
    QVERIFY(c.essential);
    QCOMPARE(c.portMappings, (QList<fd::PortMapping>{{80, 0, QStringLiteral("tcp")}}));
    QCOMPARE(c.environment, (QList<fd::KeyValuePair>{{QStringLiteral("COLOUR"), QStringLiteral("blue")}}));
    QVERIFY(c.command.isEmpty());
    QVERIFY(!c.healthCheck);
    QVERIFY(fd::json::exportJson(*td, m_cp->defaultRegion()).contains("\"team\""));

    // ... and selected it.
    QTRY_VERIFY(view.selectedRevision().has_value());
    QCOMPARE(view.selectedRevision()->familyRevision(), QStringLiteral("edges-web:1"));
}

void TestRegisterWizard::jsonSyntaxErrorMarksTheLine()
{
    RegisterTaskDefinitionDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *json = child<QPlainTextEdit>(&dialog, "jsonEdit");
    auto *family = child<QLineEdit>(&dialog, "familyEdit");
    auto *registerButton = child<QPushButton>(&dialog, "registerButton");

    QTest::keyClicks(family, QStringLiteral("before"));
    // Line 4 misses a comma. Loaded as a whole (Import), the cursor goes to the line at once.
    dialog.setJson("{\n  \"family\": \"broken\",\n  \"containerDefinitions\": [\n"
                   "    {\"name\": \"a\" \"image\": \"b\", \"memory\": 64}\n  ]\n}\n");
    QVERIFY2(labelText(&dialog).contains(QStringLiteral("line 4")), qPrintable(labelText(&dialog)));
    QCOMPARE(json->textCursor().blockNumber(), 3);
    QVERIFY(!registerButton->isEnabled());
    QVERIFY(json->property("invalid").toBool());
    QCOMPARE(family->text(), QStringLiteral("before")); // the form keeps its last good state

    // Typing the comma fixes it; the form follows.
    QVERIFY(typeOverInJson(json, QStringLiteral("\"a\" \"image\""), QStringLiteral("\"a\", \"image\"")));
    QTRY_COMPARE(family->text(), QStringLiteral("broken"));
    QVERIFY2(registerButton->isEnabled(), qPrintable(labelText(&dialog)));
    QVERIFY(!json->property("invalid").toBool());

    // Breaking it while typing marks the error but leaves the cursor where the user types.
    QVERIFY(typeOverInJson(json, QStringLiteral("\"family\": \"broken\","), QStringLiteral("\"family\": \"broken\"")));
    const int typingAt = json->textCursor().blockNumber();
    QTRY_VERIFY(!registerButton->isEnabled());
    QVERIFY2(labelText(&dialog).contains(QStringLiteral("line ")), qPrintable(labelText(&dialog)));
    QCOMPARE(json->textCursor().blockNumber(), typingAt);
    // "Show" goes to the line.
    QTest::mouseClick(child<QToolButton>(&dialog, "goToErrorButton"), Qt::LeftButton);
    QVERIFY(json->textCursor().blockNumber() >= 1);
}

void TestRegisterWizard::errorInAnotherContainerIsShownOnRequest()
{
    RegisterTaskDefinitionDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.setJson(R"({"family": "two", "containerDefinitions": [
        {"name": "a", "image": "busybox", "memory": 64},
        {"name": "b", "image": "busybox", "memory": 64, "memoryReservation": 128}]})");
    auto *containers = child<QListWidget>(&dialog, "containerList");
    auto *memory = child<QLineEdit>(&dialog, "memoryEdit");
    QCOMPARE(containers->count(), 2);
    QCOMPARE(containers->currentRow(), 0);
    QVERIFY2(labelText(&dialog).contains(QStringLiteral("containerDefinitions[1].memory")),
             qPrintable(labelText(&dialog)));
    // Container "a" is shown; the list marks where the problem is.
    QVERIFY(containers->property("invalid").toBool());
    QVERIFY(!memory->property("invalid").toBool());

    QTest::mouseClick(child<QToolButton>(&dialog, "goToErrorButton"), Qt::LeftButton);
    QCOMPARE(containers->currentRow(), 1);
    QCOMPARE(memory->text(), QStringLiteral("64"));
    QVERIFY(memory->property("invalid").toBool());
    QTRY_VERIFY(memory->hasFocus());

    // Removing the broken container makes the definition valid.
    QTest::mouseClick(child<QPushButton>(&dialog, "removeContainerButton"), Qt::LeftButton);
    QCOMPARE(containers->count(), 1);
    QVERIFY2(dialog.isValid(), qPrintable(labelText(&dialog)));
    QCOMPARE(dialog.spec().containerDefinitions.front().name, QStringLiteral("a"));
}

void TestRegisterWizard::createNewRevisionKeepsUnknownMembers()
{
    const auto parsed = fd::json::parseTaskDefinition(R"({"family": "web", "containerDefinitions": [
        {"name": "web", "image": "fleetdeck/demo-web:1", "memory": 128, "command": ["sh", "-c", "echo hi"],
         "ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": 2048}],
         "healthCheck": {"command": ["CMD-SHELL", "wget -q -O- localhost:8080/health"], "interval": 10}}],
        "volumes": [{"name": "scratch"}]})");
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QVERIFY(m_cp->taskDefinitions().registerNew(parsed.value()).ok());

    fd::ui::ConsoleContext context(*m_cp);
    TaskDefinitionsView view(context);
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.selectRevision(QStringLiteral("web"), 1));

    const bool driven = fd::test::driveModal<RegisterTaskDefinitionDialog>(
        [&] {
            QTest::mouseClick(view.findChild<QPushButton *>(QStringLiteral("createRevisionButton")), Qt::LeftButton);
        },
        [&](RegisterTaskDefinitionDialog *dialog) {
            QCOMPARE(child<QLineEdit>(dialog, "familyEdit")->text(), QStringLiteral("web"));
            QCOMPARE(child<QLineEdit>(dialog, "commandEdit")->text(), QStringLiteral("[\"sh\",\"-c\",\"echo hi\"]"));
            QVERIFY(child<QGroupBox>(dialog, "healthCheckGroup")->isChecked());
            QCOMPARE(child<QLineEdit>(dialog, "healthCheckCommandEdit")->text(),
                     QStringLiteral("CMD-SHELL wget -q -O- localhost:8080/health"));
            QCOMPARE(child<QSpinBox>(dialog, "healthCheckIntervalSpin")->value(), 10);
            auto *image = child<QLineEdit>(dialog, "imageEdit");
            image->selectAll();
            QTest::keyClicks(image, QStringLiteral("fleetdeck/demo-web:2"));
            auto *command = child<QLineEdit>(dialog, "commandEdit");
            command->selectAll();
            QTest::keyClicks(command, QStringLiteral("/demo-web --colour green"));
            QVERIFY(dialog->isValid());
            QTest::mouseClick(child<QPushButton>(dialog, "registerButton"), Qt::LeftButton);
        });
    QVERIFY(driven);

    const auto td = m_cp->taskDefinitions().find(QStringLiteral("web"));
    QVERIFY(td.ok());
    QCOMPARE(td->revision, 2);
    const fd::ContainerDefinition &c = td->spec.containerDefinitions.front();
    QCOMPARE(c.image, QStringLiteral("fleetdeck/demo-web:2"));
    QCOMPARE(c.command,
             (QStringList{QStringLiteral("/demo-web"), QStringLiteral("--colour"), QStringLiteral("green")}));
    QCOMPARE(c.healthCheck->interval, 10);
    const QByteArray exported = fd::json::exportJson(*td, m_cp->defaultRegion());
    QVERIFY2(exported.contains("\"ulimits\"") && exported.contains("\"scratch\""), exported.constData());
    QTRY_COMPARE(view.selectedRevision()->revision, 2);
}

void TestRegisterWizard::importFileFillsBothSides()
{
    const QString path = fd::test::sourceDir() + QStringLiteral("/resources/taskdefs/edges-bookstore.json");
    if (!QFile::exists(path))
        QSKIP("resources/taskdefs/edges-bookstore.json is not there");
    RegisterTaskDefinitionDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.importFile(path));
    QVERIFY2(dialog.isValid(), qPrintable(labelText(&dialog)));
    QCOMPARE(child<QLineEdit>(&dialog, "familyEdit")->text(), QStringLiteral("edges-bookstore"));
    auto *containers = child<QListWidget>(&dialog, "containerList");
    QCOMPARE(containers->count(), 2);
    containers->setCurrentRow(1);
    QCOMPARE(child<QLineEdit>(&dialog, "containerNameEdit")->text(), QStringLiteral("catalog"));
    // Links and dependsOn have no widget; they stay in the JSON.
    QVERIFY(child<QPlainTextEdit>(&dialog, "jsonEdit")->toPlainText().contains(QStringLiteral("\"dependsOn\"")));
    QCOMPARE(dialog.spec().containerDefinitions.front().links, QStringList{QStringLiteral("catalog:catalog")});
}

QTEST_MAIN(TestRegisterWizard)
void TestRegisterWizard::fargateFixesAwsvpcAndOffersTheFargateSizes()
{
    RegisterTaskDefinitionDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClicks(child<QLineEdit>(&dialog, "familyEdit"), QStringLiteral("api"));
    QTest::keyClicks(child<QLineEdit>(&dialog, "containerNameEdit"), QStringLiteral("api"));
    QTest::keyClicks(child<QLineEdit>(&dialog, "imageEdit"), QStringLiteral("fleetdeck/demo-web:2"));
    auto *json = child<QPlainTextEdit>(&dialog, "jsonEdit");
    auto *network = child<QComboBox>(&dialog, "networkModeCombo");
    auto *cpu = child<QComboBox>(&dialog, "fargateCpuCombo");
    auto *memory = child<QComboBox>(&dialog, "fargateMemoryCombo");
    QVERIFY(!cpu->isVisible()); // EC2: the free fields
    QVERIFY(child<QLineEdit>(&dialog, "taskCpuEdit")->isVisible());

    child<QCheckBox>(&dialog, "fargateCheck")->setChecked(true);
    QCOMPARE(network->currentText(), QStringLiteral("awsvpc"));
    QVERIFY(!network->isEnabled());
    QVERIFY(cpu->isVisible() && memory->isVisible());
    QVERIFY(!child<QLineEdit>(&dialog, "taskCpuEdit")->isVisible());
    QCOMPARE(cpu->currentData().toInt(), 256);
    QCOMPARE(memory->count(), 3); // 512, 1024, 2048
    QString text = json->toPlainText();
    QString compact = text;
    compact.remove(QRegularExpression(QStringLiteral("\\s")));
    QVERIFY2(compact.contains(u"\"requiresCompatibilities\":[\"FARGATE\"]"), qPrintable(text));
    QVERIFY2(text.contains(u"\"networkMode\": \"awsvpc\""), qPrintable(text));
    QVERIFY2(text.contains(u"\"cpu\": \"256\"") && text.contains(u"\"memory\": \"512\""), qPrintable(text));
    QVERIFY2(dialog.isValid(), qPrintable(labelText(&dialog)));

    // 1 vCPU: 2 to 8 GB in steps of 1 GB; the spec follows the pickers.
    cpu->setCurrentIndex(cpu->findData(1024));
    QCOMPARE(memory->count(), 7);
    QCOMPARE(memory->itemData(0).toInt(), 2048);
    QCOMPARE(memory->itemData(6).toInt(), 8192);
    memory->setCurrentIndex(memory->findData(4096));
    QVERIFY2(dialog.isValid(), qPrintable(labelText(&dialog)));
    QCOMPARE(dialog.spec().cpu.value_or(0), 1024);
    QCOMPARE(dialog.spec().memory.value_or(0), 4096);
    QCOMPARE(dialog.spec().networkMode, QStringLiteral("awsvpc"));

    // A pair that is not a Fargate size, typed in the JSON: refused with both values named.
    QVERIFY(typeOverInJson(json, QStringLiteral("\"4096\""), QStringLiteral("\"3000\"")));
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isValid(), 3000);
    QVERIFY2(labelText(&dialog).contains(
                 u"No Fargate configuration exists for given values: 1024 CPU, 3000 memory."),
             qPrintable(labelText(&dialog)));
    QVERIFY(!child<QPushButton>(&dialog, "registerButton")->isEnabled());

    // Unticked: requiresCompatibilities goes, the network mode is free again.
    child<QCheckBox>(&dialog, "fargateCheck")->setChecked(false);
    QVERIFY(network->isEnabled());
    QVERIFY2(!json->toPlainText().contains(u"requiresCompatibilities"), qPrintable(json->toPlainText()));
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isValid(), 3000);
}

#include "TestRegisterWizard.moc"
