// fleetdeck-screenshots <output dir>: fills a throw-away control plane with realistic sample data,
// opens the console offscreen and saves a PNG of each view and of the register wizard, so that a
// change to the UI can be looked at (resources/scripts/screenshots.sh runs it).

#include "ControlPlane.h"
#include "FakeDockerClient.h"
#include "MainWindow.h"
#include "TestSupport.h"
#include "controllers/EngineMonitor.h"
#include "json/TaskDefinitionJson.h"
#include "views/ClustersView.h"
#include "views/EnginesView.h"
#include "views/EventLogView.h"
#include "views/ImagesView.h"
#include "views/InstancesView.h"
#include "views/LogsView.h"
#include "views/NavigationTree.h"
#include "views/TaskDefinitionsView.h"
#include "wizards/AddEngineDialog.h"
#include "wizards/AddInstancesDialog.h"
#include "wizards/CreateClusterDialog.h"
#include "wizards/RegisterTaskDefinitionDialog.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableView>
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

// The first-start layout on the simulated engine (three instances, one per zone), plus a Docker
// engine that does not answer and a larger instance on it, drained, with a custom attribute.
// Returns the EC2 id of that drained instance.
QString fillInstances(fd::ControlPlane &cp, fd::ManualClock &clock)
{
    (void)cp.addEngine(QStringLiteral("simulated"), fd::Engine::Kind::Simulated, {});
    if (fd::Status s = cp.createDefaultLayout(QStringLiteral("simulated")); !s) {
        std::fprintf(stderr, "default layout: %s\n", qPrintable(s.error().message));
        std::exit(1);
    }
    clock.advance(2 * kMinute);
    (void)cp.addEngine(QStringLiteral("local"), fd::Engine::Kind::Docker,
                       QStringLiteral("unix:///var/run/docker.sock"));
    cp.setEngineConnection(QStringLiteral("local"), true, QStringLiteral("20.10.24+dfsg1"), {});
    fd::ControlPlane::InstanceRequest big;
    big.cluster = QStringLiteral("default");
    big.engineId = QStringLiteral("local");
    big.instanceType = QStringLiteral("m5.large");
    big.availabilityZones = {QStringLiteral("us-east-1a")};
    big.attributes = {{QStringLiteral("stack"), QStringLiteral("blue")}};
    auto registered = cp.registerContainerInstances(big);
    if (!registered) {
        std::fprintf(stderr, "register: %s\n", qPrintable(registered.error().message));
        std::exit(1);
    }
    const fd::ContainerInstance drained = registered->front();
    clock.advance(5 * kMinute);
    (void)cp.updateContainerInstanceState(QStringLiteral("default"), drained.id, fd::InstanceStatus::Draining);
    clock.advance(3 * kMinute);
    cp.setEngineConnection(QStringLiteral("local"), false, {},
                           QStringLiteral("Cannot connect to the Docker engine at unix:///var/run/docker.sock: "
                                          "connection refused"));
    return drained.ec2InstanceId;
}

// Sample images and a log for the Docker views, from the fake client the tests use.
std::unique_ptr<fd::test::FakeDockerClient> sampleDocker()
{
    auto fake = std::make_unique<fd::test::FakeDockerClient>();
    const auto image = [](const char *id, QStringList tags, qint64 size, QDateTime created) {
        fd::docker::ImageSummary i;
        i.id = QStringLiteral("sha256:") + QLatin1String(id);
        i.repoTags = std::move(tags);
        i.size = size;
        i.created = created;
        return i;
    };
    const QDateTime day(QDate(2026, 3, 13), QTime(17, 40), Qt::UTC);
    fake->images = {
        image("4f2c9a1e0b7d8c6e5a3f2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e",
              {QStringLiteral("fleetdeck/demo-web:1")}, 3'412'004, day),
        image("9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b",
              {QStringLiteral("fleetdeck/demo-web:2")}, 3'412'004, day.addSecs(12)),
        image("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b",
              {QStringLiteral("busybox:1.36"), QStringLiteral("busybox:latest")}, 4'261'550, day.addDays(-20)),
        image("0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", {}, 88'112'640, day.addDays(-2)),
    };
    fd::docker::ContainerSummary web;
    web.id = QStringLiteral("c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00");
    web.names = {QStringLiteral("ecs-demo-web-3-web-a1b2c3")};
    web.image = QStringLiteral("fleetdeck/demo-web:2");
    web.state = QStringLiteral("running");
    web.labels = {{QStringLiteral("fleetdeck.managed"), QStringLiteral("true")}};
    fake->containers = {web};
    return fake;
}

void feedLog(fd::test::FakeDockerClient &fake, const QDateTime &start)
{
    if (!fake.stream)
        return;
    const char *lines[][2] = {
        {"o", "demo-web 1.0.0 revision 2 (green) listening on :8080"},
        {"o", "GET / 200 1.2ms task c0ffee00 revision 2"},
        {"o", "GET /health 200 0.3ms"},
        {"o", "GET / 200 0.9ms task c0ffee00 revision 2"},
        {"e", "GET /fail: health is now failing (asked to)"},
        {"o", "GET /health 503 0.2ms"},
        {"e", "health check failed: 503 Service Unavailable"},
        {"o", "GET /recover 200 0.4ms"},
        {"o", "GET /health 200 0.3ms"},
        {"o", "GET /slow?ms=250 200 251.0ms"},
        {"o", "GET / 200 1.0ms task c0ffee00 revision 2"},
        {"o", "GET /burn?ms=500 200 500.4ms"},
        {"o", "GET /health 200 0.3ms"},
    };
    int i = 0;
    for (const auto &l : lines) {
        fd::docker::LogLine line = fd::test::FakeDockerClient::line(l[1], l[0][0] == 'e');
        line.timestamp = start.addMSecs(i++ * 1370);
        emit fake.stream->line(line);
    }
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
    const QString drainedInstance = fillInstances(*cp, *clock);
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
    {
        // Container instances of "default": the drained one selected, its attributes on the right.
        window.navigation()->select(NavigationTree::Kind::ClusterInstances, QStringLiteral("default"));
        window.instancesView()->selectInstance(drainedInstance);
        ok &= save(&window, out, QStringLiteral("main-window-instances.png"));

        AddInstancesDialog dialog(QStringLiteral("default"), cp->engines(), cp->availabilityZones(), &window);
        fd::ControlPlane::InstanceRequest request;
        request.engineId = QStringLiteral("simulated");
        request.instanceType = QStringLiteral("c5.xlarge");
        request.count = 6;
        request.attributes = {{QStringLiteral("stack"), QStringLiteral("green")}};
        dialog.setRequest(request);
        dialog.show();
        (void)QTest::qWaitForWindowExposed(&dialog);
        ok &= save(&dialog, out, QStringLiteral("add-instances-dialog.png"));
    }
    {
        window.navigation()->select(NavigationTree::Kind::EnginesRoot, {});
        window.enginesView()->selectEngine(QStringLiteral("local"));
        ok &= save(&window, out, QStringLiteral("main-window-engines.png"));

        // The ControlPlane's refusal, shown in the dialog with the field marked.
        AddEngineDialog dialog(&window);
        dialog.setSpec(
            {QStringLiteral("lab-host"), fd::Engine::Kind::Docker, QStringLiteral("http://192.168.1.20:2375")});
        const auto refused = cp->addEngine(QStringLiteral("lab-host"), fd::Engine::Kind::Docker,
                                           QStringLiteral("http://192.168.1.20:2375"));
        if (!refused)
            dialog.showError(refused.error());
        dialog.show();
        (void)QTest::qWaitForWindowExposed(&dialog);
        ok &= save(&dialog, out, QStringLiteral("add-engine-refused.png"));
    }
    {
        // The Docker views against sample data (the fake client of the GUI tests).
        std::unique_ptr<fd::test::FakeDockerClient> fake = sampleDocker();
        fd::test::FakeDockerClient *docker = fake.get();
        fd::EngineMonitor monitor(
            *cp, [&fake](const fd::Engine &) -> std::unique_ptr<fd::docker::DockerClient> { return std::move(fake); });
        window.setEngineMonitor(&monitor);
        cp->setEngineConnection(QStringLiteral("local"), true, QStringLiteral("20.10.24+dfsg1"), {});
        window.navigation()->select(NavigationTree::Kind::ImagesRoot, {});
        ok &= save(&window, out, QStringLiteral("main-window-images.png"));

        window.navigation()->select(NavigationTree::Kind::LogsRoot, {});
        QTest::qWait(100);
        feedLog(*docker, clock->now());
        window.logsView()->findChild<QLineEdit *>(QStringLiteral("logSearch"))->setText(QStringLiteral("health"));
        ok &= save(&window, out, QStringLiteral("main-window-logs.png"));
        window.setEngineMonitor(nullptr);
    }
    return ok ? 0 : 1;
}
