// Renders the traffic generator's views to PNG for a look (offscreen): the Traffic page after a
// run that moved from revision 1 to 2 with a burst of resets, and a rolling deployment of a 4-task
// service scored by steady traffic (zero failed, then a second rollout with failures), at 1280x800
// and 1920x1080.
//   fleetdeck-traffic-shot <out-dir>
//
// The backend stands in for a load balancer: it answers as the service's tasks that have been
// RUNNING for 10 s and are not being stopped, with their ECS task ids and revisions.

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "MainWindow.h"
#include "PageKeys.h"
#include "System.h"
#include "TrafficBackend.h"
#include "controllers/ServiceController.h"
#include "controllers/TaskController.h"
#include "json/TaskDefinitionJson.h"
#include "ops/Engines.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "runtime/SimulatedRuntime.h"
#include "traffic/TrafficGenerator.h"
#include "views/DeploymentView.h"
#include "views/TrafficView.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using fd::test::TrafficBackend;
using namespace std::chrono_literals;

namespace {

bool save(QWidget *widget, const QString &dir, const QString &name)
{
    QTest::qWait(300); // a refresh of the 4 Hz views
    const QString path = QDir(dir).filePath(name);
    const bool ok = widget->grab().save(path);
    std::printf("%s %s\n", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

bool shootPage(const QString &out)
{
    QTemporaryDir data;
    auto clock = std::make_shared<fd::ManualClock>();
    auto opened = fd::ControlPlane::open(data.path(), clock);
    if (!opened)
        return false;
    std::unique_ptr<fd::ControlPlane> cp = std::move(opened).value();
    TrafficBackend backend;
    if (!backend.start())
        return false;
    const std::vector<TrafficBackend::Task> v1{{"5d0c6a1e2b3f4a5b8c9d0e1f2a3b4c5d", "1", "orange"},
                                               {"6e1d7b2f3c4a5b6c9d0e1f2a3b4c5d6e", "1", "orange"},
                                               {"7f2e8c3a4d5b6c7d0e1f2a3b4c5d6e7f", "1", "orange"}};
    const std::vector<TrafficBackend::Task> v2{{"8a3f9d4b5e6c7d8e1f2a3b4c5d6e7f8a", "2", "blue"},
                                               {"9b4a0e5c6f7d8e9f2a3b4c5d6e7f8a9b", "2", "blue"},
                                               {"ac5b1f6d7a8e9f0a3b4c5d6e7f8a9bac", "2", "blue"}};
    backend.setTasks(v1);
    fd::ui::MainWindow window(*cp);
    window.resize(1280, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window) || !window.show(fd::ui::pages::Traffic))
        return false;
    auto *view = window.page<fd::ui::TrafficView>();
    view->setUrl(backend.url());
    view->findChild<QLineEdit *>(QStringLiteral("trafficPaths"))->setText(QStringLiteral("/, /cubebuster"));
    view->findChild<QSpinBox *>(QStringLiteral("trafficRate"))->setValue(120);
    view->findChild<QSpinBox *>(QStringLiteral("trafficConcurrency"))->setValue(8);
    view->findChild<QSpinBox *>(QStringLiteral("trafficDuration"))->setValue(12);
    if (!view->start())
        return false;
    // Revision 1, then both, then 2 alone; a burst of resets on /cubebuster in the middle.
    QTest::qWait(3000);
    backend.setTasks({v1[0], v1[1], v2[0], v2[1]});
    QTest::qWait(1500);
    backend.setBehaviour("/cubebuster", TrafficBackend::Behaviour::Reset);
    QTest::qWait(250);
    backend.setBehaviour("/cubebuster", TrafficBackend::Behaviour::Answer);
    QTest::qWait(2000);
    backend.setTasks(v2);
    QTest::qWait(3000);
    bool ok = save(&window, out, QStringLiteral("traffic-page-running-1280.png"));
    window.context().traffic().waitForFinished(10s);
    ok &= save(&window, out, QStringLiteral("traffic-page-done-1280.png"));
    window.resize(1920, 1080);
    ok &= save(&window, out, QStringLiteral("traffic-page-done-1920.png"));
    return ok;
}

/// A 4-task service rolled from web:1 to web:2 on a simulated runtime at about x20 (500 ms of the
/// control plane's clock per 25 ms), the backend following the tasks a load balancer would send to.
class DeploymentScene
{
public:
    bool start()
    {
        m_clock = std::make_shared<fd::ManualClock>(QDateTime(QDate(2026, 3, 14), QTime(10, 2, 0), Qt::UTC));
        fd::runtime::SimulationOptions options;
        options.tickInterval = 0ms;
        options.startLatency = 3s;
        options.startJitter = 3s;
        options.stopLatency = 2s;
        m_rt = std::make_unique<fd::runtime::SimulatedRuntime>(*m_clock, options);
        fd::SystemOptions system;
        system.dataDir = m_data.path();
        system.clock = m_clock;
        system.emptyFirstStart = true;
        system.runtimeFor = [this](const fd::Engine &) { return m_rt.get(); };
        system.engines = false;
        system.startControllers = false;
        auto created = fd::System::create(std::move(system));
        if (!created)
            return false;
        m_system = std::move(created).value();
        m_cp = &m_system->controlPlane();
        bool ok = bool(m_cp->engines().add(QStringLiteral("sim"), fd::Engine::Kind::Simulated, {})) &&
                  bool(m_cp->createDefaultLayout(QStringLiteral("sim")));
        for (const char *image : {"fleetdeck/demo-web:1", "fleetdeck/demo-web:2"}) {
            auto spec = fd::json::parseTaskDefinition(
                QStringLiteral(R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "%1",
                    "cpu": 256, "memory": 256, "portMappings": [{"containerPort": 8080}]}]})")
                    .arg(QLatin1String(image))
                    .toUtf8());
            ok &= spec && bool(m_cp->taskDefinitions().registerNew(spec.value()));
        }
        ok &= m_backend.start();
        m_traffic = std::make_unique<fd::traffic::TrafficGenerator>(m_clock.get());
        return ok;
    }

    /// Control-plane time moves 500 ms per step; `paced`: each step takes 25 ms of real time.
    bool run(const std::function<bool()> &done, qint64 limitMs, bool paced)
    {
        for (qint64 t = 0; t <= limitMs; t += 500) {
            QElapsedTimer step;
            step.start();
            for (int i = 0; i < 3; ++i) {
                m_rt->tick();
                QCoreApplication::processEvents();
                m_system->taskController().reconcileNow();
                QCoreApplication::processEvents();
                m_system->serviceController().reconcileNow();
                QCoreApplication::processEvents();
            }
            followTasks();
            if (done())
                return true;
            m_clock->advance(500);
            if (paced && step.elapsed() < 25)
                QTest::qWait(int(25 - step.elapsed()));
        }
        return done();
    }

    fd::Service web() const { return m_cp->services().find(QStringLiteral("default"), QStringLiteral("web")).value(); }
    bool stable() const
    {
        const fd::Service v = web();
        return v.deployments.size() == 1 && v.primary()->rolloutState == fd::RolloutState::Completed &&
               v.runningCount() == v.desiredCount;
    }

    // What a load balancer would send to: tasks RUNNING for 10 s that are not being stopped.
    void followTasks()
    {
        fd::ops::TaskFilter filter;
        filter.group = QStringLiteral("service:web");
        std::vector<TrafficBackend::Task> targets;
        const QDateTime now = m_clock->now();
        for (const fd::Task &t : m_cp->tasks().list(QStringLiteral("default"), filter))
            if (t.lastStatus == fd::TaskStatus::Running && t.desiredStatus == fd::TaskStatus::Running &&
                t.startedAt.isValid() && t.startedAt.msecsTo(now) >= 10000)
                targets.push_back(
                    {t.id.toStdString(), std::to_string(t.revision), t.revision == 1 ? "orange" : "blue"});
        if (!targets.empty())
            m_backend.setTasks(targets);
    }

    QTemporaryDir m_data;
    std::shared_ptr<fd::ManualClock> m_clock;
    std::unique_ptr<fd::runtime::SimulatedRuntime> m_rt;
    std::unique_ptr<fd::System> m_system;
    fd::ControlPlane *m_cp = nullptr;
    TrafficBackend m_backend;
    std::unique_ptr<fd::traffic::TrafficGenerator> m_traffic;
};

bool shootDeployment(const QString &out)
{
    DeploymentScene scene;
    if (!scene.start())
        return false;
    fd::ops::ServiceRequest create;
    create.serviceName = QStringLiteral("web");
    create.taskDefinition = QStringLiteral("web:1");
    create.desiredCount = 4;
    create.minimumHealthyPercent = 50;
    create.maximumPercent = 100;
    bool ok = bool(scene.m_cp->services().create(create));
    ok &= scene.run([&] { return scene.stable(); }, 180000, false);
    scene.m_clock->advance(60000);
    ok &= scene.run([] { return true; }, 0, false);

    fd::ui::DeploymentView view(*scene.m_cp);
    view.resize(1920, 1080);
    view.setService(QStringLiteral("default"), QStringLiteral("web"));
    view.setTraffic(scene.m_traffic.get());
    view.show();
    (void)QTest::qWaitForWindowExposed(&view);

    fd::traffic::TrafficOptions traffic;
    traffic.url = scene.m_backend.url();
    traffic.concurrency = 20;
    traffic.ratePerSecond = 200;
    traffic.duration = 60s;
    traffic.maxRequests = 100000;
    ok &= bool(scene.m_traffic->start(traffic));
    QTest::qWait(300);
    fd::ops::ServiceRequest update;
    update.serviceName = QStringLiteral("web");
    update.taskDefinition = QStringLiteral("web:2");
    ok &= bool(scene.m_cp->services().update(update));
    const QDateTime updatedAt = scene.m_clock->now();
    ok &= scene.run([&] { return updatedAt.msecsTo(scene.m_clock->now()) >= 70000; }, 120000, true);
    view.refresh();
    ok &= save(&view, out, QStringLiteral("deployment-traffic-midway-1920.png"));
    ok &= scene.run([&] { return scene.stable(); }, 600000, true);
    ok &= scene.run([&] { return updatedAt.msecsTo(scene.m_clock->now()) >= 200000; }, 120000, true);
    scene.m_traffic->stop();
    scene.m_traffic->waitForFinished(5s);
    view.refresh();
    ok &= save(&view, out, QStringLiteral("deployment-traffic-completed-1920.png"));
    view.resize(1280, 800);
    ok &= save(&view, out, QStringLiteral("deployment-traffic-completed-1280.png"));

    // A second rollout whose new tasks reset some connections at first: each failure at its time.
    traffic.maxRequests = 100000;
    ok &= bool(scene.m_traffic->start(traffic));
    update.taskDefinition = QStringLiteral("web:1");
    ok &= bool(scene.m_cp->services().update(update));
    const QDateTime rolledBackAt = scene.m_clock->now();
    ok &= scene.run([&] { return rolledBackAt.msecsTo(scene.m_clock->now()) >= 30000; }, 120000, true);
    scene.m_backend.setBehaviour("/", TrafficBackend::Behaviour::Reset);
    QTest::qWait(40);
    scene.m_backend.setBehaviour("/", TrafficBackend::Behaviour::Answer);
    ok &= scene.run([&] { return rolledBackAt.msecsTo(scene.m_clock->now()) >= 60000; }, 120000, true);
    scene.m_backend.setBehaviour("/", TrafficBackend::Behaviour::Status500);
    QTest::qWait(30);
    scene.m_backend.setBehaviour("/", TrafficBackend::Behaviour::Answer);
    ok &= scene.run([&] { return rolledBackAt.msecsTo(scene.m_clock->now()) >= 90000; }, 120000, true);
    view.refresh();
    ok &= save(&view, out, QStringLiteral("deployment-traffic-failures-1280.png"));
    view.resize(1920, 1080);
    ok &= save(&view, out, QStringLiteral("deployment-traffic-failures-1920.png"));
    scene.m_traffic->stop();
    scene.m_traffic->waitForFinished(5s);
    return ok;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    if (!QDir().mkpath(out))
        return 1;
    bool ok = shootPage(out);
    ok &= shootDeployment(out);
    return ok ? 0 : 1;
}
