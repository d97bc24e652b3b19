// fleetdeck-screenshots <output dir>: fills a throw-away control plane with realistic sample data,
// opens the console offscreen and saves a PNG of each view and of the register wizard, so that a
// change to the UI can be looked at (resources/scripts/screenshots.sh runs it).

#include "ControlPlane.h"
#include "MainWindow.h"
#include "TestSupport.h"
#include "json/TaskDefinitionJson.h"
#include "views/ClustersView.h"
#include "views/EventLogView.h"
#include "views/NavigationTree.h"
#include "views/TaskDefinitionsView.h"
#include "wizards/CreateClusterDialog.h"
#include "wizards/RegisterTaskDefinitionDialog.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace fd::ui;

namespace {

constexpr qint64 kMinute = 60 * 1000;

bool save(QWidget *widget, const QString &dir, const QString &name)
{
    QTest::qWait(150); // let coalesced refreshes and layouts settle
    const QString path = QDir(dir).filePath(name);
    const bool ok = widget->grab().save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

fd::TaskDefinitionSpec parse(const QByteArray &json, const QString &what)
{
    auto parsed = fd::json::parseTaskDefinition(json);
    if (!parsed) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(what), qPrintable(parsed.error().message));
        std::exit(1);
    }
    return parsed.value();
}

void registerOrDie(fd::ControlPlane &cp, const fd::TaskDefinitionSpec &spec)
{
    const auto r = cp.registerTaskDefinition(spec);
    if (!r) {
        std::fprintf(stderr, "register %s: %s\n", qPrintable(spec.family), qPrintable(r.error().message));
        std::exit(1);
    }
}

// The sample task definitions shipped in resources/taskdefs, or a stand-in when there are none.
QList<fd::TaskDefinitionSpec> sampleTaskDefinitions()
{
    QList<fd::TaskDefinitionSpec> specs;
    const QDir dir(fd::test::sourceDir() + QStringLiteral("/resources/taskdefs"));
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (file.open(QIODevice::ReadOnly))
            specs << parse(file.readAll(), name);
    }
    if (specs.isEmpty())
        specs << parse(R"({"family": "demo-web", "containerDefinitions": [{"name": "web",
                          "image": "fleetdeck/demo-web:1", "cpu": 256, "memory": 256, "memoryReservation": 128,
                          "portMappings": [{"containerPort": 8080}]}]})",
                       QStringLiteral("built-in sample"));
    return specs;
}

// The family that gets more revisions: demo-web when it is there (its image has a version 2).
fd::TaskDefinitionSpec showcase(const QList<fd::TaskDefinitionSpec> &specs)
{
    for (const fd::TaskDefinitionSpec &s : specs)
        if (s.family == u"demo-web")
            return s;
    return specs.front();
}

void fill(fd::ControlPlane &cp, fd::ManualClock &clock)
{
    for (const char *name : {"default", "workshop", "production"}) {
        (void)cp.createCluster(QLatin1String(name));
        clock.advance(7 * kMinute);
    }
    const QList<fd::TaskDefinitionSpec> specs = sampleTaskDefinitions();
    for (const fd::TaskDefinitionSpec &spec : specs) {
        registerOrDie(cp, spec);
        clock.advance(3 * kMinute);
    }
    // A couple more revisions of one family: a new image, then a colour; the first revision is
    // retired.
    fd::TaskDefinitionSpec next = showcase(specs);
    next.containerDefinitions.front().image.replace(QStringLiteral(":1"), QStringLiteral(":2"));
    registerOrDie(cp, next);
    clock.advance(26 * kMinute);
    next.containerDefinitions.front().environment.append({QStringLiteral("COLOUR"), QStringLiteral("green")});
    registerOrDie(cp, next);
    clock.advance(4 * kMinute);
    (void)cp.deregisterTaskDefinition(next.family + QStringLiteral(":1"));
    clock.advance(2 * kMinute);
    (void)cp.createCluster(QStringLiteral("scratch"));
    clock.advance(kMinute);
    (void)cp.deleteCluster(QStringLiteral("scratch"));
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    if (!QDir().mkpath(out)) {
        std::fprintf(stderr, "cannot create %s\n", qPrintable(out));
        return 1;
    }

    QTemporaryDir data;
    auto clock = std::make_shared<fd::ManualClock>(QDateTime(QDate(2026, 3, 14), QTime(9, 12, 5), Qt::UTC));
    auto opened = fd::ControlPlane::open(data.path(), clock);
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().message));
        return 1;
    }
    std::unique_ptr<fd::ControlPlane> cp = std::move(opened).value();
    fill(*cp, *clock);
    const QString firstFamily = showcase(sampleTaskDefinitions()).family;

    MainWindow window(*cp);
    window.setApiEndpoint(QStringLiteral("http://127.0.0.1:7466"));
    window.resize(1280, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;

    bool ok = true;
    window.navigation()->expandAll();
    window.navigation()->select(NavigationTree::Kind::Cluster, QStringLiteral("workshop"));
    ok &= save(&window, out, QStringLiteral("main-window-clusters.png"));

    window.navigation()->select(NavigationTree::Kind::Revision, firstFamily + QStringLiteral(":3"));
    ok &= save(&window, out, QStringLiteral("main-window-task-definitions.png"));
    ok &= save(&window, out, QStringLiteral("console.png")); // the README's picture

    window.navigation()->select(NavigationTree::Kind::Revision, firstFamily + QStringLiteral(":1"));
    window.eventLogView()->findChild<QLineEdit *>(QStringLiteral("eventSearch"))->setText(firstFamily);
    ok &= save(&window, out, QStringLiteral("main-window-inactive-revision-filtered-log.png"));
    window.eventLogView()->findChild<QLineEdit *>(QStringLiteral("eventSearch"))->clear();

    {
        CreateClusterDialog dialog(&window);
        dialog.setName(QStringLiteral("team a"));
        dialog.show();
        (void)QTest::qWaitForWindowExposed(&dialog);
        ok &= save(&dialog, out, QStringLiteral("create-cluster-invalid.png"));
    }
    {
        RegisterTaskDefinitionDialog dialog(&window);
        dialog.setWindowTitle(QStringLiteral("Create new revision of %1").arg(firstFamily));
        dialog.setSpec(cp->taskDefinition(firstFamily).value().spec);
        dialog.show();
        (void)QTest::qWaitForWindowExposed(&dialog);
        ok &= save(&dialog, out, QStringLiteral("register-wizard.png"));

        // A hard memory limit below the reservation: the message, the marked field, Register off.
        auto *memory = dialog.findChild<QLineEdit *>(QStringLiteral("memoryEdit"));
        memory->setText(QStringLiteral("64"));
        memory->setFocus();
        ok &= save(&dialog, out, QStringLiteral("register-wizard-validation-error.png"));
    }
    {
        RegisterTaskDefinitionDialog dialog(&window);
        dialog.setJson(
            "{\n  \"family\": \"edges-web\",\n  \"containerDefinitions\": [\n    {\n      \"name\": \"web\"\n"
            "      \"image\": \"fleetdeck/demo-web:1\",\n      \"memory\": 128\n    }\n  ]\n}\n");
        dialog.show();
        (void)QTest::qWaitForWindowExposed(&dialog);
        ok &= save(&dialog, out, QStringLiteral("register-wizard-json-syntax-error.png"));
    }
    return ok ? 0 : 1;
}
