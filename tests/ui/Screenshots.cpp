// fleetdeck-screenshots <output dir>: fills a throw-away control plane with realistic sample data,
// opens the console offscreen and saves a PNG of each view and of the register wizard, so that a
// change to the UI can be looked at (resources/scripts/screenshots.sh runs it).

#include "ControlPlane.h"
#include "ops/Clusters.h"
#include "ops/TaskDefinitions.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"
#include "ops/Services.h"
#include "FakeDockerClient.h"
#include "MainWindow.h"
#include "PageKeys.h"
#include "System.h"
#include "TestSupport.h"
#include "controllers/EngineMonitor.h"
#include "controllers/MetricsController.h"
#include "controllers/ServiceController.h"
#include "controllers/TaskController.h"
#include "json/TaskDefinitionJson.h"
#include "runtime/SimulatedRuntime.h"
#include "tags/Tag.h"
#include "views/ClustersView.h"
#include "views/ContainersView.h"
#include "views/DeploymentView.h"
#include "views/EnginesView.h"
#include "views/EventLogView.h"
#include "views/FleetView.h"
#include "views/ImagesView.h"
#include "views/InstancesView.h"
#include "views/LogsView.h"
#include "views/NavigationTree.h"
#include "views/ServicesView.h"
#include "views/TaskDefinitionsView.h"
#include "views/TasksView.h"
#include "widgets/FleetCanvas.h"
#include "widgets/LaunchEditor.h"
#include "FargateFixture.h"
#include "ops/Clusters.h"
#include "widgets/TagsEditor.h"
#include "wizards/AddEngineDialog.h"
#include "wizards/AddInstancesDialog.h"
#include "wizards/CreateClusterDialog.h"
#include "wizards/RegisterTaskDefinitionDialog.h"
#include "wizards/RunTaskDialog.h"
#include "wizards/ServiceDialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <functional>
#include <map>
#include <memory>

using namespace fd::ui;

namespace {

constexpr qint64 kMinute = 60 * 1000;

// A scene's system on its clock, nothing laid out, with the controllers, the engine monitor and the
// metrics stopped: the scene drives or starts them itself. Without `docker` there is no engine
// monitor; with it, the monitor's clients are the scene's fakes.
std::unique_ptr<fd::System> startSystem(const QString &dataDir, const std::shared_ptr<fd::ManualClock> &clock,
                                        fd::TaskController::RuntimeFor runtimeFor,
                                        fd::EngineMonitor::ClientFactory docker = {})
{
    fd::SystemOptions options;
    options.dataDir = dataDir;
    options.clock = clock;
    options.emptyFirstStart = true;
    options.runtimeFor = std::move(runtimeFor);
    options.engines = bool(docker);
    options.dockerClients = std::move(docker);
    options.metricsOptions.collector.intervalMs = 100;
    options.metricsOptions.subscribeEvents = false;
    options.metricsClock = clock;
    options.startControllers = false;
    auto system = fd::System::create(std::move(options));
    if (!system) {
        std::fprintf(stderr, "%s\n", qPrintable(system.error().message));
        return nullptr;
    }
    return std::move(system).value();
}

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
    const auto r = cp.taskDefinitions().registerNew(spec);
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
        (void)cp.clusters().create(QLatin1String(name));
        clock.advance(7 * kMinute);
    }
    // Container Insights and the Fargate capacity providers on two of them (the Clusters page shows both).
    fd::ops::ClusterSpec workshop;
    workshop.containerInsights = QStringLiteral("enhanced");
    workshop.capacityProviders = QStringList{QStringLiteral("FARGATE"), QStringLiteral("FARGATE_SPOT")};
    workshop.defaultCapacityProviderStrategy = QList<fd::CapacityProviderStrategyItem>{
        {QStringLiteral("FARGATE"), 1, 2}, {QStringLiteral("FARGATE_SPOT"), 3, 0}};
    (void)cp.clusters().update(QStringLiteral("workshop"), workshop);
    fd::ops::ClusterSpec production;
    production.containerInsights = QStringLiteral("enabled");
    (void)cp.clusters().update(QStringLiteral("production"), production);
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
    (void)cp.taskDefinitions().deregister(next.family + QStringLiteral(":1"));
    clock.advance(2 * kMinute);
    (void)cp.clusters().create(QStringLiteral("scratch"));
    clock.advance(kMinute);
    (void)cp.clusters().remove(QStringLiteral("scratch"));
}

// The first-start layout on the simulated engine (three instances, one per zone), plus a Docker
// engine that does not answer and a larger instance on it, drained, with a custom attribute.
// Returns the EC2 id of that drained instance.
QString fillInstances(fd::ControlPlane &cp, fd::ManualClock &clock)
{
    (void)cp.engines().add(QStringLiteral("simulated"), fd::Engine::Kind::Simulated, {});
    if (fd::Status s = cp.createDefaultLayout(QStringLiteral("simulated")); !s) {
        std::fprintf(stderr, "default layout: %s\n", qPrintable(s.error().message));
        std::exit(1);
    }
    clock.advance(2 * kMinute);
    (void)cp.engines().add(QStringLiteral("local"), fd::Engine::Kind::Docker,
                       QStringLiteral("unix:///var/run/docker.sock"));
    cp.engines().setConnection(QStringLiteral("local"), true, QStringLiteral("20.10.24+dfsg1"), {});
    fd::ops::InstanceRequest big;
    big.cluster = QStringLiteral("default");
    big.engineId = QStringLiteral("local");
    big.instanceType = QStringLiteral("m5.large");
    big.availabilityZones = {QStringLiteral("us-east-1a")};
    big.attributes = {{QStringLiteral("stack"), QStringLiteral("blue")}};
    auto registered = cp.instances().registerNew(big);
    if (!registered) {
        std::fprintf(stderr, "register: %s\n", qPrintable(registered.error().message));
        std::exit(1);
    }
    const fd::ContainerInstance drained = registered->front();
    clock.advance(5 * kMinute);
    (void)cp.instances().setState(QStringLiteral("default"), drained.id, fd::InstanceStatus::Draining);
    clock.advance(3 * kMinute);
    cp.engines().setConnection(QStringLiteral("local"), false, {},
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

// A container with Fleetdeck's labels, as a task (or an earlier Fleetdeck) left it.
fd::docker::ContainerSummary taskContainer(const QString &idStem, const QString &name, const QString &state,
                                           const QString &cluster, const QString &task, const QString &revision)
{
    fd::docker::ContainerSummary c;
    c.id = idStem.repeated(64 / idStem.size());
    c.names = {name};
    c.image = QStringLiteral("fleetdeck/demo-web:%1").arg(revision == u"3" ? 2 : 1);
    c.state = state;
    c.labels = {{QStringLiteral("fleetdeck.managed"), QStringLiteral("true")},
                {QStringLiteral("fleetdeck.cluster"), cluster},
                {QStringLiteral("fleetdeck.task"), task},
                {QStringLiteral("fleetdeck.family"), QStringLiteral("demo-web")},
                {QStringLiteral("fleetdeck.revision"), revision}};
    return c;
}

// Two stats frames a second apart: `cpu` % of one core (2 CPUs), `memoryMiB` used.
void feedStats(fd::test::FakeDockerClient &fake, const QString &id, const QDateTime &at, double cpu, double memoryMiB)
{
    fd::docker::StatsStream *stream = fake.statsStreams.value(id);
    if (!stream)
        return;
    for (int i = 0; i < 2; ++i) {
        fd::docker::ContainerStats s;
        s.read = at.addSecs(i);
        s.onlineCpus = 2;
        s.systemCpuUsage = 500'000'000'000ull + quint64(i) * 2'000'000'000ull; // 2 cores, 1 s
        s.cpuTotalUsage = 40'000'000'000ull + quint64(i * cpu * 1e7);
        s.memoryUsage = quint64(memoryMiB * 1024 * 1024);
        s.memoryLimit = 512ull * 1024 * 1024;
        emit stream->stats(s);
    }
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

// Tasks in "default" for the Tasks and Fleet views: two families (one in two revisions) running
// across the zones, one still starting, one stopped, and one that no instance can take (it asks
// for an instance type the cluster does not have), waiting for capacity. Returns the id of a
// demo-web task to select.
QString fillTasks(fd::ControlPlane &cp, fd::ManualClock &clock, const QString &family)
{
    const auto runOrDie = [&](const QString &td, int count, const QByteArray &strategy,
                              const QByteArray &constraints = {}) {
        fd::ops::RunTaskRequest r;
        r.cluster = QStringLiteral("default");
        r.taskDefinition = td;
        r.count = count;
        r.placementStrategy = fd::scheduler::strategiesFromJson(strategy).value();
        r.placementConstraints = fd::scheduler::constraintsFromJson(constraints).value();
        r.queueWhenUnplaceable = true;
        r.startedBy = QStringLiteral("workshop");
        auto result = cp.tasks().run(r);
        if (!result) {
            std::fprintf(stderr, "run %s: %s\n", qPrintable(td), qPrintable(result.error().message));
            std::exit(1);
        }
        clock.advance(kMinute);
        return result.value().tasks;
    };
    const QByteArray azSpread(R"([{"type":"spread","field":"attribute:ecs.availability-zone"},)"
                              R"({"type":"spread","field":"instanceId"}])");
    const QByteArray binpackCpu(R"([{"type":"binpack","field":"cpu"}])");
    QList<fd::Task> started = runOrDie(family + QStringLiteral(":2"), 1, azSpread);
    started += runOrDie(family, 3, azSpread);
    QList<fd::Task> packed = runOrDie(QStringLiteral("cubebuster"), 2, binpackCpu);
    const QList<fd::Task> starting = runOrDie(QStringLiteral("cubebuster"), 1, binpackCpu);
    const QList<fd::Task> stopped = runOrDie(QStringLiteral("edges-bookstore"), 1, azSpread);
    (void)runOrDie(QStringLiteral("cubebuster"), 1, binpackCpu,
                   R"([{"type":"memberOf","expression":"attribute:ecs.instance-type == c5.xlarge"}])");
    started += packed;
    started += stopped;

    int port = 49153;
    for (const fd::Task &t : std::as_const(started)) {
        const fd::ContainerInstance ci = cp.instances().find(QStringLiteral("default"), t.containerInstanceId).value();
        (void)cp.tasks().update(t.id, [&](fd::Task &task) {
            task.lastStatus = fd::TaskStatus::Running;
            task.startedAt = clock.now();
            task.healthStatus = fd::Health::Healthy;
            for (fd::TaskContainer &c : task.containers) {
                c.lastStatus = fd::ContainerRunState::Running;
                c.runtimeId = QStringLiteral("%1").arg(task.id.left(12)).repeated(4).left(64);
                c.startedAt = clock.now();
                c.networkBindings = {{ci.address, 8080, port++, QStringLiteral("tcp")}};
            }
        });
        clock.advance(9 * 1000);
    }
    clock.advance(4 * kMinute);
    for (const fd::Task &t : stopped) {
        (void)cp.tasks().update(t.id, [&](fd::Task &task) {
            task.lastStatus = fd::TaskStatus::Stopped;
            task.desiredStatus = fd::TaskStatus::Stopped;
            task.stopCode = fd::StopCode::EssentialContainerExited;
            task.stoppedReason = QStringLiteral("Essential container in task exited");
            task.stoppedAt = clock.now();
            for (fd::TaskContainer &c : task.containers) {
                c.lastStatus = fd::ContainerRunState::Stopped;
                c.exitCode = 1;
                c.reason = QStringLiteral("exited with code 1");
                c.networkBindings.clear();
            }
        });
    }
    Q_UNUSED(starting)
    return started.at(2).id;
}

// The Services view on its own control plane and the simulated runtime: cluster "production" with four
// services, "storefront" shot in the middle of a rolling update from demo-web:1 to demo-web:2 (two
// deployments), in each detail tab; and a cluster without services (the empty state).
// The Tags tabs of the storefront service and of one of its tasks (the service's tags propagated,
// ECS's aws: tags greyed), at 1280x800 and on a 1920x1080 projector, and a refused key.
bool shootTags(MainWindow &window, const QString &out)
{
    bool ok = true;
    ServicesView *view = window.page<fd::ui::ServicesView>();
    view->showTab(QStringLiteral("serviceTagsTab"));
    ok &= save(&window, out, QStringLiteral("main-window-service-tags.png"));
    window.resize(1920, 1080);
    QTest::qWait(50);
    ok &= save(&window, out, QStringLiteral("service-tags-1920.png"));
    window.resize(1280, 800);
    auto *tags = window.findChild<fd::ui::TagsEditor *>(QStringLiteral("serviceTagsTab"));
    QTest::mouseClick(tags->findChild<QPushButton *>(QStringLiteral("tagsAddButton")), Qt::LeftButton);
    QTest::keyClicks(tags->findChild<QLineEdit *>(QStringLiteral("tagsKeyEdit")), QStringLiteral("aws:owner"));
    QTest::keyClicks(tags->findChild<QLineEdit *>(QStringLiteral("tagsValueEdit")), QStringLiteral("me"));
    QTest::mouseClick(tags->findChild<QPushButton *>(QStringLiteral("tagsSaveButton")), Qt::LeftButton);
    ok &= save(&window, out, QStringLiteral("main-window-service-tags-refused.png"));
    QTest::mouseClick(tags->findChild<QPushButton *>(QStringLiteral("tagsCancelButton")), Qt::LeftButton);

    window.navigation()->select(fd::ui::pages::Tasks, QStringLiteral("production"));
    auto *tasks = window.page<fd::ui::TasksView>();
    for (const fd::Task &t : window.context().controlPlane().tasks().list(QStringLiteral("production")))
        if (t.group == u"service:storefront" && t.desiredStatus == fd::TaskStatus::Running && tasks->selectTask(t.id))
            break;
    auto *taskTabs = window.findChild<QTabWidget *>(QStringLiteral("taskDetailTabs"));
    taskTabs->setCurrentWidget(window.findChild<QWidget *>(QStringLiteral("taskTagsTab")));
    ok &= save(&window, out, QStringLiteral("main-window-task-tags.png"));
    window.resize(1920, 1080);
    QTest::qWait(50);
    ok &= save(&window, out, QStringLiteral("task-tags-1920.png"));
    window.resize(1280, 800);
    return ok;
}

bool shootServices(const QString &out)
{
    using namespace std::chrono_literals;
    QTemporaryDir data;
    auto clock = std::make_shared<fd::ManualClock>(QDateTime(QDate(2026, 3, 14), QTime(11, 20, 0), Qt::UTC));
    fd::runtime::SimulationOptions options;
    options.tickInterval = 0ms;
    options.startLatency = 3s;
    options.startJitter = 2s;
    options.stopLatency = 2s;
    fd::runtime::SimulatedRuntime rt(*clock, options);
    const std::unique_ptr<fd::System> system =
        startSystem(data.path(), clock, [&rt](const fd::Engine &) { return &rt; });
    if (!system)
        return false;
    fd::ControlPlane *cp = &system->controlPlane();
    fd::TaskController &tasks = system->taskController();
    fd::ServiceController &services = system->serviceController();
    (void)cp->engines().add(QStringLiteral("simulated"), fd::Engine::Kind::Simulated, {});
    (void)cp->clusters().create(QStringLiteral("default"));
    (void)cp->clusters().create(QStringLiteral("production"));
    fd::ops::InstanceRequest instances;
    instances.cluster = QStringLiteral("production");
    instances.engineId = QStringLiteral("simulated");
    instances.instanceType = QStringLiteral("t3.large");
    instances.count = 4;
    if (!cp->instances().registerNew(instances))
        return false;
    const QList<fd::TaskDefinitionSpec> specs = sampleTaskDefinitions();
    for (const fd::TaskDefinitionSpec &spec : specs)
        registerOrDie(*cp, spec);
    fd::TaskDefinitionSpec next = showcase(specs);
    next.containerDefinitions.front().image.replace(QStringLiteral(":1"), QStringLiteral(":2"));
    registerOrDie(*cp, next);
    const QString family = next.family;

    const auto create = [&](const QString &name, const QString &td, std::optional<int> desired,
                            fd::services::SchedulingStrategy strategy = fd::services::SchedulingStrategy::Replica) {
        fd::ops::ServiceRequest r;
        r.cluster = QStringLiteral("production");
        r.serviceName = name;
        r.taskDefinition = td;
        r.desiredCount = desired;
        r.schedulingStrategy = strategy;
        if (name == u"storefront") {
            r.minimumHealthyPercent = 50;
            r.maximumPercent = 150;
            r.circuitBreaker = fd::CircuitBreaker{true, true};
            r.healthCheckGracePeriodSeconds = 30;
            // Tagged, and its tasks carry the service's tags and ECS's managed ones (the Tags shots).
            r.tags = {{QStringLiteral("team"), QStringLiteral("web-shop")},
                      {QStringLiteral("course"), QStringLiteral("ecs-101")},
                      {QStringLiteral("cost-center"), QStringLiteral("4711")}};
            r.propagateTags = fd::tags::Propagate::Service;
            r.enableECSManagedTags = true;
        }
        if (!cp->services().create(r))
            return false;
        clock->advance(20 * 1000);
        return true;
    };
    const auto run = [&](const std::function<bool()> &done, qint64 limitMs) {
        for (qint64 t = 0; t <= limitMs; t += 500) {
            for (int i = 0; i < 3; ++i) {
                rt.tick();
                QCoreApplication::processEvents();
                tasks.reconcileNow();
                QCoreApplication::processEvents();
                services.reconcileNow();
                QCoreApplication::processEvents();
            }
            if (done())
                return true;
            clock->advance(500);
        }
        return done();
    };
    const auto allStable = [&] {
        for (const fd::Service &v : cp->services().list(QStringLiteral("production")))
            if (!v.isStable() || v.primary()->rolloutState != fd::RolloutState::Completed)
                return false;
        return true;
    };
    bool ok = create(QStringLiteral("storefront"), family + QStringLiteral(":1"), 4) &&
              create(QStringLiteral("bookstore"), QStringLiteral("edges-bookstore"), 2) &&
              create(QStringLiteral("cubebuster"), QStringLiteral("cubebuster"), 3) &&
              create(QStringLiteral("node-agent"), QStringLiteral("cubebuster"), std::nullopt,
                     fd::services::SchedulingStrategy::Daemon);
    ok = ok && run(allStable, 300 * 1000);
    clock->advance(6 * kMinute);
    // The rolling update, shot once the new deployment runs two tasks and the old one still runs.
    fd::ops::ServiceRequest update;
    update.cluster = QStringLiteral("production");
    update.serviceName = QStringLiteral("storefront");
    update.taskDefinition = family + QStringLiteral(":2");
    ok = ok && cp->services().update(update);
    ok = ok && run(
                   [&] {
                       const fd::Service v =
                           cp->services().find(QStringLiteral("production"), QStringLiteral("storefront")).value();
                       return v.deployments.size() == 2 && v.primary()->runningCount >= 2;
                   },
                   300 * 1000);
    if (!ok) {
        std::fprintf(stderr, "services: the sample did not reach the state to shoot\n");
        return false;
    }

    MainWindow window(*cp);
    window.context().setApiEndpoint(QStringLiteral("http://127.0.0.1:7466"));
    window.resize(1280, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    window.navigation()->expandAll();
    window.navigation()->select(fd::ui::pages::Services, QStringLiteral("default"));
    ok &= save(&window, out, QStringLiteral("main-window-services-empty.png"));
    window.navigation()->select(fd::ui::pages::Services, QStringLiteral("production"));
    ServicesView *view = window.page<fd::ui::ServicesView>();
    view->selectService(QStringLiteral("storefront"));
    view->showTab(QStringLiteral("serviceOverviewTab"));
    ok &= save(&window, out, QStringLiteral("main-window-services.png"));
    view->showTab(QStringLiteral("serviceDeploymentsTab"));
    ok &= save(&window, out, QStringLiteral("main-window-service-deployments.png"));
    view->showTab(QStringLiteral("serviceTasksTab"));
    ok &= save(&window, out, QStringLiteral("main-window-service-tasks.png"));
    view->showTab(QStringLiteral("serviceEventsTab"));
    ok &= save(&window, out, QStringLiteral("main-window-service-events.png"));
    view->showTab(QStringLiteral("serviceDeploymentTab"));
    ok &= save(&window, out, QStringLiteral("main-window-service-timeline.png"));
    ok &= shootTags(window, out);
    return ok;
}

// The deployment view on a projector: its own control plane on the simulated runtime, a service of 6
// tasks at 50/100 rolled from web:1 to web:2 (stop 3, start 3, stop 3, start 3), shot in the middle
// of the rollout and once it completed
// (also at 1280x720, the smallest projector it must stay readable on).
bool shootDeployments(const QString &out)
{
    using namespace std::chrono_literals;
    QTemporaryDir data;
    auto clock = std::make_shared<fd::ManualClock>(QDateTime(QDate(2026, 3, 14), QTime(10, 2, 0), Qt::UTC));
    fd::runtime::SimulationOptions options;
    options.tickInterval = 0ms;
    options.startLatency = 3s; // a pull and a start, so "provisioning / pending" shows
    options.startJitter = 3s;
    options.stopLatency = 2s;
    fd::runtime::SimulatedRuntime rt(*clock, options);
    const std::unique_ptr<fd::System> system =
        startSystem(data.path(), clock, [&rt](const fd::Engine &) { return &rt; });
    if (!system)
        return false;
    fd::ControlPlane *cp = &system->controlPlane();
    fd::TaskController &tasks = system->taskController();
    fd::ServiceController &services = system->serviceController();
    bool ok = bool(cp->engines().add(QStringLiteral("sim"), fd::Engine::Kind::Simulated, {})) &&
              bool(cp->createDefaultLayout(QStringLiteral("sim")));
    for (const char *image : {"fleetdeck/demo-web:1", "fleetdeck/demo-web:2"})
        registerOrDie(*cp, parse(QStringLiteral(R"({"family": "web", "containerDefinitions": [{"name": "web",
            "image": "%1", "cpu": 256, "memory": 256, "portMappings": [{"containerPort": 8080}]}]})")
                                     .arg(QLatin1String(image))
                                     .toUtf8(),
                                 QLatin1String(image)));
    const auto run = [&](const std::function<bool()> &done, qint64 limitMs) {
        for (qint64 t = 0; t <= limitMs; t += 500) {
            for (int i = 0; i < 3; ++i) {
                rt.tick();
                QCoreApplication::processEvents();
                tasks.reconcileNow();
                QCoreApplication::processEvents();
                services.reconcileNow();
                QCoreApplication::processEvents();
            }
            if (done())
                return true;
            clock->advance(500);
        }
        return false;
    };
    const auto web = [&] { return cp->services().find(QStringLiteral("default"), QStringLiteral("web")).value(); };
    const auto stable = [&] {
        const fd::Service v = web();
        return v.deployments.size() == 1 && v.primary()->rolloutState == fd::RolloutState::Completed &&
               v.runningCount() == v.desiredCount;
    };
    fd::ops::ServiceRequest request;
    request.serviceName = QStringLiteral("web");
    request.taskDefinition = QStringLiteral("web:1");
    request.desiredCount = 6;
    request.minimumHealthyPercent = 50;
    request.maximumPercent = 100;
    ok &= bool(cp->services().create(request));
    ok &= run(stable, 180000);
    clock->advance(12 * kMinute);
    ok &= run([] { return true; }, 0);

    DeploymentView view(*cp);
    view.resize(1920, 1080);
    view.setService(QStringLiteral("default"), QStringLiteral("web"));
    view.show();
    (void)QTest::qWaitForWindowExposed(&view);
    fd::ops::ServiceRequest update;
    update.serviceName = QStringLiteral("web");
    update.taskDefinition = QStringLiteral("web:2");
    ok &= bool(cp->services().update(update));
    const QDateTime updatedAt = clock->now();
    ok &= run([&] { return updatedAt.msecsTo(clock->now()) >= 66000; }, 120000);
    view.refresh();
    ok &= save(&view, out, QStringLiteral("deployment-projector-1920.png"));
    view.resize(1280, 720);
    view.refresh();
    ok &= save(&view, out, QStringLiteral("deployment-projector-1280.png"));
    view.resize(1920, 1080);
    ok &= run(stable, 600000);
    clock->advance(8000);
    ok &= run([] { return true; }, 0);
    view.refresh();
    ok &= save(&view, out, QStringLiteral("deployment-completed-1920.png"));
    view.setService({}, {});
    view.resize(1280, 720);
    ok &= save(&view, out, QStringLiteral("deployment-empty-1280.png"));
    return ok;
}

} // namespace

bool shootLoadBalancers(const QString &out); // LoadBalancerShots.cpp

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
    if (argc > 2 && QString::fromLocal8Bit(argv[2]) == QStringLiteral("deployments")) // only these shots
        return shootDeployments(out) ? 0 : 1;
    if (argc > 2 && QString::fromLocal8Bit(argv[2]) == QStringLiteral("load-balancers"))
        return shootLoadBalancers(out) ? 0 : 1;

    QTemporaryDir data;
    auto clock = std::make_shared<fd::ManualClock>(QDateTime(QDate(2026, 3, 14), QTime(9, 12, 5), Qt::UTC));
    // The Docker scenes' fake engines: the engine monitor takes each engine's client from here once.
    std::map<QString, std::unique_ptr<fd::test::FakeDockerClient>> fakes;
    const std::unique_ptr<fd::System> system =
        startSystem(data.path(), clock, {}, [&fakes](const fd::Engine &e) -> std::unique_ptr<fd::docker::DockerClient> {
            auto it = fakes.find(e.id);
            return it == fakes.end() ? nullptr : std::move(it->second);
        });
    if (!system)
        return 1;
    fd::ControlPlane *cp = &system->controlPlane();
    fd::EngineMonitor *monitor = system->engineMonitor();
    fd::test::FakeDockerClient *localFake = nullptr; // the "local" engine's, once a scene put it
    fill(*cp, *clock);
    const QString drainedInstance = fillInstances(*cp, *clock);
    const QString firstFamily = showcase(sampleTaskDefinitions()).family;

    MainWindow window(*cp);
    window.context().setApiEndpoint(QStringLiteral("http://127.0.0.1:7466"));
    window.resize(1280, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;

    bool ok = true;
    window.navigation()->expandAll();
    window.navigation()->select(fd::ui::pages::Clusters, QStringLiteral("workshop"));
    ok &= save(&window, out, QStringLiteral("main-window-clusters.png"));
    window.resize(1920, 1080);
    QCoreApplication::processEvents();
    ok &= save(&window, out, QStringLiteral("main-window-clusters-1920.png"));
    window.resize(1280, 800);
    QCoreApplication::processEvents();

    window.navigation()->select(fd::ui::pages::TaskDefinitions, firstFamily + QStringLiteral(":3"));
    ok &= save(&window, out, QStringLiteral("main-window-task-definitions.png"));
    ok &= save(&window, out, QStringLiteral("console.png")); // the README's picture

    window.navigation()->select(fd::ui::pages::TaskDefinitions, firstFamily + QStringLiteral(":1"));
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
        dialog.setSpec(cp->taskDefinitions().find(firstFamily).value().spec);
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
        window.navigation()->select(fd::ui::pages::Instances, QStringLiteral("default"));
        window.page<fd::ui::InstancesView>()->selectInstance(drainedInstance);
        ok &= save(&window, out, QStringLiteral("main-window-instances.png"));

        AddInstancesDialog dialog(QStringLiteral("default"), cp->engines().list(), cp->instances().availabilityZones(), &window);
        fd::ops::InstanceRequest request;
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
        window.navigation()->select(fd::ui::pages::Engines, {});
        window.page<fd::ui::EnginesView>()->selectEngine(QStringLiteral("local"));
        ok &= save(&window, out, QStringLiteral("main-window-engines.png"));

        // The ControlPlane's refusal, shown in the dialog with the field marked.
        AddEngineDialog dialog(&window);
        dialog.setSpec(
            {QStringLiteral("lab-host"), fd::Engine::Kind::Docker, QStringLiteral("http://192.168.1.20:2375")});
        const auto refused = cp->engines().add(QStringLiteral("lab-host"), fd::Engine::Kind::Docker,
                                           QStringLiteral("http://192.168.1.20:2375"));
        if (!refused)
            dialog.showError(refused.error());
        dialog.show();
        (void)QTest::qWaitForWindowExposed(&dialog);
        ok &= save(&dialog, out, QStringLiteral("add-engine-refused.png"));
    }
    {
        // The Docker views against sample data (the fake client of the GUI tests); the monitor is
        // not started: the views ask it for the client.
        fakes[QStringLiteral("local")] = sampleDocker();
        localFake = fakes[QStringLiteral("local")].get();
        fd::test::FakeDockerClient *docker = localFake;
        window.context().setEngineMonitor(monitor);
        cp->engines().setConnection(QStringLiteral("local"), true, QStringLiteral("20.10.24+dfsg1"), {});
        window.navigation()->select(fd::ui::pages::Images, {});
        ok &= save(&window, out, QStringLiteral("main-window-images.png"));

        window.navigation()->select(fd::ui::pages::Logs, {});
        QTest::qWait(100);
        feedLog(*docker, clock->now());
        window.page<fd::ui::LogsView>()
            ->findChild<QLineEdit *>(QStringLiteral("logSearch"))
            ->setText(QStringLiteral("health"));
        ok &= save(&window, out, QStringLiteral("main-window-logs.png"));

        // Build demo images, from a stand-in binary: the progress panel after both were built.
        QTemporaryDir demo;
        QByteArray elf(64, '\0');
        elf[0] = 0x7f;
        elf[1] = 'E';
        elf[2] = 'L';
        elf[3] = 'F';
        elf[4] = 2;
        elf[5] = 1;
        QFile binary(demo.filePath(QStringLiteral("demo-web")));
        binary.open(QIODevice::WriteOnly);
        binary.write(elf);
        binary.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        binary.close();
        QFile dockerfile(demo.filePath(QStringLiteral("Dockerfile")));
        dockerfile.open(QIODevice::WriteOnly);
        dockerfile.write("FROM scratch\n");
        dockerfile.close();
        window.navigation()->select(fd::ui::pages::Images, {});
        window.page<fd::ui::ImagesView>()->setDemoImageSearch(
            {{}, {}, {QStringLiteral("/opt/fleetdeck/build/resources/demo-app")}});
        window.page<fd::ui::ImagesView>()->buildDemoImages();
        ok &= save(&window, out, QStringLiteral("main-window-images-build-not-found.png"));
        window.page<fd::ui::ImagesView>()->setDemoImageSearch({{}, {}, {demo.path()}});
        window.page<fd::ui::ImagesView>()->buildDemoImages();
        (void)QTest::qWaitFor([&] { return !window.page<fd::ui::ImagesView>()->isBuilding(); }, 2000);
        ok &= save(&window, out, QStringLiteral("main-window-images-build.png"));
        window.context().setEngineMonitor(nullptr);
    }
    {
        // Containers: the local engine's and a lab host's, live CPU and memory through the lab
        // host's stats API; the ones adoption found no task for are marked.
        cp->engines().setConnection(QStringLiteral("local"), true, QStringLiteral("20.10.24+dfsg1"), {});
        (void)cp->engines().add(QStringLiteral("lab-host"), fd::Engine::Kind::Docker,
                            QStringLiteral("tcp://127.0.0.1:2375"));
        // The monitor keeps the local engine's client of the scene before: it now has this scene's
        // containers.
        auto lab = std::make_unique<fd::test::FakeDockerClient>();
        fd::test::FakeDockerClient *labFake = lab.get();
        localFake->containers = {
            taskContainer(QStringLiteral("a1"), QStringLiteral("ecs-demo-web-2-web-8c41d2"), QStringLiteral("exited"),
                          QStringLiteral("workshop"), QStringLiteral("5d1e0f6a2b3c4d5e6f708192a3b4c5d6"),
                          QStringLiteral("2")),
        };
        lab->containers = {
            taskContainer(QStringLiteral("b2"), QStringLiteral("ecs-demo-web-3-web-a1b2c3"), QStringLiteral("running"),
                          QStringLiteral("default"), QStringLiteral("0f3c9a1b2d4e4f6a8b0c1d2e3f4a5b6c"),
                          QStringLiteral("3")),
            taskContainer(QStringLiteral("c3"), QStringLiteral("ecs-demo-web-3-web-d4e5f6"), QStringLiteral("running"),
                          QStringLiteral("default"), QStringLiteral("7a8b9c0d1e2f4a5b6c7d8e9f0a1b2c3d"),
                          QStringLiteral("3")),
            taskContainer(QStringLiteral("d4"), QStringLiteral("ecs-demo-web-1-web-0a9b8c"), QStringLiteral("running"),
                          QStringLiteral("production"), QStringLiteral("9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"),
                          QStringLiteral("1")),
        };
        fakes[QStringLiteral("lab-host")] = std::move(lab);
        fd::MetricsController *metrics = system->metrics();
        window.context().setEngineMonitor(monitor);
        window.context().setMetricsController(metrics);
        monitor->start(std::chrono::milliseconds(100));
        metrics->start();
        (void)QTest::qWaitFor([&] { return labFake->statsStreams.size() == 3; }, 3000);
        feedStats(*labFake, QStringLiteral("b2").repeated(32), clock->now(), 23.4, 3.1);
        feedStats(*labFake, QStringLiteral("c3").repeated(32), clock->now(), 61.8, 3.4);
        feedStats(*labFake, QStringLiteral("d4").repeated(32), clock->now(), 0.4, 2.7);
        // Adoption: only the production task is one Fleetdeck does not know any more.
        QList<fd::ManagedContainer> unmatched;
        for (const fd::ManagedContainer &c : cp->engines().unmatchedContainers())
            if (c.labels.value(QStringLiteral("fleetdeck.cluster")) != u"default")
                unmatched << c;
        QTest::qWait(300);
        cp->engines().reportManagedContainers(QStringLiteral("lab-host"), {});
        cp->engines().reportManagedContainers(QStringLiteral("local"), {});
        for (const fd::ManagedContainer &c : unmatched)
            cp->engines().reportManagedContainers(c.engineId, {c});
        window.navigation()->select(fd::ui::pages::Containers, {});
        window.page<fd::ui::ContainersView>()->selectContainer(QStringLiteral("d4").repeated(32));
        ok &= save(&window, out, QStringLiteral("main-window-containers.png"));
        window.context().setMetricsController(nullptr);
        window.context().setEngineMonitor(nullptr);
        metrics->stop();
        monitor->stop();
    }
    {
        // Tasks and Fleet of "default": two families, one waiting task, one selected.
        cp->engines().setConnection(QStringLiteral("local"), true, QStringLiteral("20.10.24+dfsg1"), {});
        const QString selected = fillTasks(*cp, *clock, firstFamily);
        window.resize(1280, 800);
        window.navigation()->select(fd::ui::pages::Tasks, QStringLiteral("default"));
        auto *filter = window.page<fd::ui::TasksView>()->findChild<QComboBox *>(QStringLiteral("taskStatusFilter"));
        filter->setCurrentIndex(filter->findText(QStringLiteral("All")));
        window.page<fd::ui::TasksView>()->selectTask(selected);
        ok &= save(&window, out, QStringLiteral("main-window-tasks.png"));

        window.navigation()->select(fd::ui::pages::Fleet, QStringLiteral("default"));
        window.page<fd::ui::FleetView>()->canvas()->setAnimationsEnabled(false);
        window.page<fd::ui::FleetView>()->selectTask(selected);
        ok &= save(&window, out, QStringLiteral("main-window-fleet.png"));

        // On a projector: full HD, the event log put away, the waiting task explained.
        window.findChild<QDockWidget *>(QStringLiteral("eventLog"))->hide();
        window.resize(1920, 1080);
        QTest::qWait(100);
        window.page<fd::ui::FleetView>()->canvas()->zoomToFit();
        window.page<fd::ui::FleetView>()->selectTask(selected);
        ok &= save(&window, out, QStringLiteral("fleet-projector-1920.png"));
        const QStringList waiting = window.page<fd::ui::FleetView>()->canvas()->waitingTasks();
        if (!waiting.isEmpty())
            window.page<fd::ui::FleetView>()->selectTask(waiting.front());
        ok &= save(&window, out, QStringLiteral("fleet-projector-waiting.png"));
        window.findChild<QDockWidget *>(QStringLiteral("eventLog"))->show();
        window.resize(1280, 800);
    }
    {
        // The Run task wizard: a template with the spread+binpack caveat, a custom constraint
        // with a typo (the position under it), and a run that could not place its task.
        RunTaskDialog dialog(*cp, QStringLiteral("default"), &window);
        dialog.setSubmitter([&](const RunTaskDialog::Request &r) { return cp->tasks().run(r); });
        dialog.setTaskDefinition(firstFamily);
        dialog.setPlacementTemplate(QStringLiteral("AZ Balanced BinPack"));
        dialog.findChild<QSpinBox *>(QStringLiteral("countSpin"))->setValue(3);
        dialog.findChild<QPlainTextEdit *>()->setFocus();
        dialog.show();
        (void)QTest::qWaitForWindowExposed(&dialog);
        ok &= save(&dialog, out, QStringLiteral("run-task-dialog.png"));

        dialog.addStrategyRow(QStringLiteral("spread"), QStringLiteral("attribute:ecs.availability-zone"));
        dialog.addStrategyRow(QStringLiteral("binpack"), QStringLiteral("memory"));
        dialog.addConstraintRow(QStringLiteral("memberOf"), QStringLiteral("attribute:ecs.instance-type t3.*"));
        dialog.addConstraintRow(QStringLiteral("distinctInstance"));
        ok &= save(&dialog, out, QStringLiteral("run-task-dialog-custom-error.png"));
    }
    {
        RunTaskDialog dialog(*cp, QStringLiteral("default"), &window);
        dialog.setSubmitter([&](const RunTaskDialog::Request &r) { return cp->tasks().run(r); });
        dialog.setTaskDefinition(QStringLiteral("cubebuster"));
        dialog.setPlacementTemplate(QStringLiteral("Custom"));
        dialog.addConstraintRow(QStringLiteral("memberOf"), QStringLiteral("attribute:ecs.instance-type =~ g4dn.*"));
        dialog.findChild<QSpinBox *>(QStringLiteral("countSpin"))->setValue(2);
        dialog.findChild<QCheckBox *>(QStringLiteral("queueCheck"))->setChecked(false);
        dialog.show();
        (void)QTest::qWaitForWindowExposed(&dialog);
        dialog.accept(); // placement fails: the dialog stays and says why
        ok &= save(&dialog, out, QStringLiteral("run-task-dialog-failure.png"));
    }
    {
        // The service dialog's pre-flight check: 4 tasks at 50/100 roll out in four batches (stop 2,
        // start 2, stop 2, start 2); 2 tasks at 75/100 cannot move.
        ServiceDialog dialog(*cp, QStringLiteral("default"), {}, &window);
        dialog.setSubmitter([&](const ServiceDialog::Request &r) { return cp->services().create(r); });
        dialog.findChild<QLineEdit *>(QStringLiteral("serviceNameEdit"))->setText(QStringLiteral("web"));
        auto *family = dialog.findChild<QComboBox *>(QStringLiteral("familyCombo"));
        family->setCurrentIndex(std::max(0, family->findData(firstFamily)));
        dialog.findChild<QSpinBox *>(QStringLiteral("desiredCountSpin"))->setValue(4);
        dialog.findChild<QSpinBox *>(QStringLiteral("minimumHealthySpin"))->setValue(50);
        dialog.findChild<QSpinBox *>(QStringLiteral("maximumPercentSpin"))->setValue(100);
        dialog.findChild<QCheckBox *>(QStringLiteral("circuitBreakerCheck"))->setChecked(true);
        dialog.findChild<QCheckBox *>(QStringLiteral("rollbackCheck"))->setChecked(true);
        dialog.show();
        (void)QTest::qWaitForWindowExposed(&dialog);
        ok &= save(&dialog, out, QStringLiteral("service-dialog-batches.png"));

        dialog.findChild<QSpinBox *>(QStringLiteral("desiredCountSpin"))->setValue(2);
        dialog.findChild<QSpinBox *>(QStringLiteral("minimumHealthySpin"))->setValue(75);
        ok &= save(&dialog, out, QStringLiteral("service-dialog-cannot-move.png"));
    }
    {
        // FARGATE beside EC2: a Fargate lane in each zone, its tasks with their own addresses (one
        // FARGATE_SPOT), and the run-task and service wizards launching on FARGATE.
        registerOrDie(*cp, parse(R"({"family": "edges-api", "networkMode": "awsvpc", "cpu": "512",
            "memory": "1024", "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{"name": "api",
            "image": "fleetdeck/demo-web:2", "portMappings": [{"containerPort": 8080}]}]})",
                                 QStringLiteral("edges-api")));
        fd::ops::ClusterSpec providers;
        providers.capacityProviders = QStringList{QStringLiteral("FARGATE"), QStringLiteral("FARGATE_SPOT")};
        (void)cp->clusters().update(QStringLiteral("default"), providers);
        fd::ops::RunTaskRequest r;
        r.cluster = QStringLiteral("default");
        r.taskDefinition = firstFamily;
        r.count = 5;
        r.queueWhenUnplaceable = true;
        const auto fargate = cp->tasks().run(r);
        const QStringList zones{QStringLiteral("us-east-1a"), QStringLiteral("us-east-1b"),
                                QStringLiteral("us-east-1c"), QStringLiteral("us-east-1a"),
                                QStringLiteral("us-east-1b")};
        QString spot;
        if (fargate) {
            for (int i = 0; i < fargate->tasks.size() && i < zones.size(); ++i) {
                const fd::Task &t = fargate->tasks[i];
                (void)cp->tasks().update(t.id, [&](fd::Task &task) {
                    task.family = QStringLiteral("edges-api");
                    task.revision = 1;
                });
                const QString provider = i == 4 ? QStringLiteral("FARGATE_SPOT") : QString();
                (void)fd::test::makeFargate(*cp, t.id, zones[i], QStringLiteral("127.1.0.%1").arg(4 + i), provider,
                                            i == 3 ? fd::TaskStatus::Provisioning : fd::TaskStatus::Running);
                if (i == 4)
                    spot = t.id;
            }
        }
        window.navigation()->select(fd::ui::pages::Fleet, QStringLiteral("default"));
        auto *fleet = window.page<fd::ui::FleetView>();
        fleet->canvas()->setAnimationsEnabled(false);
        fleet->refresh();
        fleet->selectTask(spot);
        ok &= save(&window, out, QStringLiteral("fleet-fargate-1280.png"));
        window.findChild<QDockWidget *>(QStringLiteral("eventLog"))->hide();
        window.resize(1920, 1080);
        QTest::qWait(100);
        fleet->canvas()->zoomToFit();
        fleet->selectTask(spot);
        ok &= save(&window, out, QStringLiteral("fleet-fargate-1920.png"));
        window.findChild<QDockWidget *>(QStringLiteral("eventLog"))->show();
        window.resize(1280, 800);

        RunTaskDialog run(*cp, QStringLiteral("default"), &window);
        run.setTaskDefinition(QStringLiteral("edges-api"));
        auto *launch = run.findChild<QComboBox *>(QStringLiteral("launchTypeCombo"));
        launch->setCurrentIndex(launch->findData(QStringLiteral("FARGATE")));
        run.findChild<QLineEdit *>(QStringLiteral("securityGroupsEdit"))->setText(QStringLiteral("sg-0a1b2c3d"));
        run.show();
        (void)QTest::qWaitForWindowExposed(&run);
        ok &= save(&run, out, QStringLiteral("run-task-fargate.png"));
        run.findChild<QCheckBox *>(QStringLiteral("subnet_subnet-us-east-1a"))->setChecked(false);
        run.findChild<QCheckBox *>(QStringLiteral("subnet_subnet-us-east-1b"))->setChecked(false);
        run.findChild<QCheckBox *>(QStringLiteral("subnet_subnet-us-east-1c"))->setChecked(false);
        ok &= save(&run, out, QStringLiteral("run-task-fargate-no-subnet.png"));

        ServiceDialog service(*cp, QStringLiteral("default"), {}, &window);
        service.findChild<QLineEdit *>(QStringLiteral("serviceNameEdit"))->setText(QStringLiteral("api"));
        auto *family = service.findChild<QComboBox *>(QStringLiteral("familyCombo"));
        family->setCurrentIndex(std::max(0, family->findData(QStringLiteral("edges-api"))));
        launch = service.findChild<QComboBox *>(QStringLiteral("launchTypeCombo"));
        launch->setCurrentIndex(launch->findData(QStringLiteral("STRATEGY")));
        service.findChild<QSpinBox *>(QStringLiteral("strategyBase0"))->setValue(1);
        service.launch()->addStrategyRow(QStringLiteral("FARGATE_SPOT"), 0, 3);
        service.findChild<QSpinBox *>(QStringLiteral("desiredCountSpin"))->setValue(4);
        service.resize(1280, 800);
        service.show();
        (void)QTest::qWaitForWindowExposed(&service);
        ok &= save(&service, out, QStringLiteral("service-dialog-fargate-1280.png"));
        service.resize(1920, 1080);
        ok &= save(&service, out, QStringLiteral("service-dialog-fargate-1920.png"));
        run.resize(1920, 1080);
        ok &= save(&run, out, QStringLiteral("run-task-fargate-1920.png"));
    }
    ok &= shootServices(out);
    ok &= shootDeployments(out);
    ok &= shootLoadBalancers(out);
    return ok ? 0 : 1;
}
