// The deployment view's scoreboard: traffic placed on the deployment's time axis and attributed to
// its revisions through the task lanes (X-Task-Id is the ECS task id), the verdict "N requests, 0
// failed" (the failure colour when some failed, each failure a marker with its cause at its time),
// and nothing added when no traffic ran. The rolling case runs a real generator against an
// in-process backend that answers as the service's running tasks, as a load balancer would send.

#include "ControlPlane.h"
#include "DrivenSystem.h"
#include "Formatter.h"
#include "Palette.h"
#include "TrafficBackend.h"
#include "controllers/ServiceController.h"
#include "controllers/TaskController.h"
#include "json/TaskDefinitionJson.h"
#include "models/TrafficScoreboard.h"
#include "ops/Engines.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "runtime/SimulatedRuntime.h"
#include "traffic/TrafficGenerator.h"
#include "views/DeploymentView.h"
#include "widgets/DeploymentCanvas.h"

#include <QElapsedTimer>
#include <QImage>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace fd;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using fd::test::TrafficBackend;
using fd::ui::DeploymentTimeline;
using fd::ui::DeploymentView;
using fd::ui::TrafficScoreboard;

namespace {

int countColour(const QImage &image, const QColor &c, const QRect &area)
{
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x) {
            const QRgb p = image.pixel(x, y);
            if (std::abs(qRed(p) - c.red()) < 6 && std::abs(qGreen(p) - c.green()) < 6 &&
                std::abs(qBlue(p) - c.blue()) < 6)
                ++n;
        }
    return n;
}

QString taskId(int i)
{
    return QStringLiteral("%1").arg(i, 32, 16, QLatin1Char('0'));
}

} // namespace

class TestTrafficScoreboard final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void trafficIsAttributedThroughTheLanes();
    void rollingDeploymentUnderTrafficShowsTheVerdict();
    void failuresAreMarkedAtTheirTime();
    void noTrafficAddsNothing();

private:
    bool runUntil(const std::function<bool()> &done, std::chrono::milliseconds limit, int realMsPerStep);
    void followTasks();
    void createService();
    Service web() const { return m_cp->services().find(u"default"_s, u"web"_s).value(); }
    bool stable() const
    {
        const Service v = web();
        return v.deployments.size() == 1 && v.primary()->rolloutState == RolloutState::Completed &&
               v.runningCount() == v.desiredCount;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<runtime::SimulatedRuntime> m_rt;
    std::unique_ptr<System> m_system;
    ControlPlane *m_cp = nullptr;
    std::unique_ptr<TrafficBackend> m_backend;
    std::unique_ptr<traffic::TrafficGenerator> m_traffic;
};

void TestTrafficScoreboard::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_shared<ManualClock>();
    runtime::SimulationOptions options;
    options.tickInterval = 0ms;
    options.startJitter = 0ms;
    m_rt = std::make_unique<runtime::SimulatedRuntime>(*m_clock, options);
    m_system = test::startDrivenSystem(m_dir->path(), m_clock, [this](const Engine &) { return m_rt.get(); });
    m_cp = &m_system->controlPlane();
    QVERIFY(m_cp->engines().add(u"sim"_s, Engine::Kind::Simulated, {}));
    QVERIFY(m_cp->createDefaultLayout(u"sim"_s));
    for (const char *image : {"fleetdeck/demo-web:1", "fleetdeck/demo-web:2"}) {
        auto spec = json::parseTaskDefinition(QStringLiteral(R"({"family": "web", "containerDefinitions": [{"name":
            "web", "image": "%1", "cpu": 256, "memory": 256, "portMappings": [{"containerPort": 8080}]}]})")
                                                  .arg(QLatin1String(image))
                                                  .toUtf8());
        QVERIFY(spec);
        QVERIFY(m_cp->taskDefinitions().registerNew(spec.value()));
    }
    m_backend = std::make_unique<TrafficBackend>();
    QVERIFY(m_backend->start());
    m_traffic = std::make_unique<traffic::TrafficGenerator>(m_clock.get());
}

void TestTrafficScoreboard::cleanup()
{
    m_traffic.reset();
    m_backend.reset();
    m_cp = nullptr;
    m_system.reset();
    m_rt.reset();
    m_dir.reset();
}

// What a load balancer would send to: the service's tasks RUNNING for 10 s and not being stopped.
void TestTrafficScoreboard::followTasks()
{
    ops::TaskFilter filter;
    filter.group = u"service:web"_s;
    std::vector<TrafficBackend::Task> targets;
    for (const Task &t : m_cp->tasks().list(u"default"_s, filter))
        if (t.lastStatus == TaskStatus::Running && t.desiredStatus == TaskStatus::Running && t.startedAt.isValid() &&
            t.startedAt.msecsTo(m_clock->now()) >= 10000)
            targets.push_back({t.id.toStdString(), std::to_string(t.revision), "grey"});
    if (!targets.empty())
        m_backend->setTasks(targets);
}

// 500 ms steps of control-plane time; `realMsPerStep` of real time each, so traffic running meanwhile
// is spread over the deployment's axis (10 ms a step: teaching speed x50).
bool TestTrafficScoreboard::runUntil(const std::function<bool()> &done, std::chrono::milliseconds limit,
                                     int realMsPerStep)
{
    for (qint64 t = 0; t <= limit.count(); t += 500) {
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
        if (step.elapsed() < realMsPerStep)
            QTest::qWait(int(realMsPerStep - step.elapsed()));
    }
    return done();
}

void TestTrafficScoreboard::createService()
{
    ops::ServiceRequest create;
    create.serviceName = u"web"_s;
    create.taskDefinition = u"web:1"_s;
    create.desiredCount = 2;
    create.minimumHealthyPercent = 50;
    create.maximumPercent = 100;
    QVERIFY(m_cp->services().create(create));
    QVERIFY(runUntil([&] { return stable(); }, 120s, 0));
    m_clock->advance(60000);
    QVERIFY(runUntil([] { return true; }, 0s, 0));
}

void TestTrafficScoreboard::trafficIsAttributedThroughTheLanes()
{
    // Two deployments of web: two old tasks (web:1), one new (web:2), hand-made as the view sees them.
    const QDateTime t0 = m_clock->now();
    Service v;
    v.name = u"web"_s;
    v.cluster = u"default"_s;
    v.family = u"web"_s;
    v.revision = 2;
    v.desiredCount = 2;
    Deployment oldD, newD;
    oldD.id = u"ecs-svc/1111111111111111111"_s;
    oldD.family = u"web"_s;
    oldD.revision = 1;
    oldD.createdAt = t0.addSecs(-600);
    oldD.status = DeploymentStatus::Active;
    newD.id = u"ecs-svc/2222222222222222222"_s;
    newD.family = u"web"_s;
    newD.revision = 2;
    newD.createdAt = t0;
    v.deployments = {newD, oldD};
    QList<Task> tasks;
    for (int i = 0; i < 3; ++i) {
        Task t;
        t.id = taskId(i);
        t.family = u"web"_s;
        t.revision = i < 2 ? 1 : 2;
        t.startedBy = i < 2 ? oldD.id : newD.id;
        t.group = u"service:web"_s;
        t.lastStatus = TaskStatus::Running;
        t.createdAt = i < 2 ? t0.addSecs(-600) : t0.addSecs(2);
        t.startedAt = t.createdAt.addSecs(3);
        tasks.append(t);
    }
    const DeploymentTimeline tl = ui::buildDeploymentTimeline(v, tasks, t0.addSecs(60));
    QCOMPARE(tl.groups.size(), 2);

    // Traffic from +10 s to +12 s of the control plane's clock: 8 buckets of 250 ms.
    traffic::TrafficSnapshot s;
    s.runId = 1;
    s.state = traffic::RunState::Finished;
    s.endReason = traffic::EndReason::CountReached;
    const qint64 start = t0.addSecs(10).toMSecsSinceEpoch();
    s.startedClockMs = start;
    s.endedClockMs = start + 2000;
    s.startedWallMs = 1000;
    s.endedWallMs = 3000;
    s.completed = 41;
    s.failed = 1;
    for (int k = 0; k < 8; ++k) {
        traffic::TimeBucket b;
        b.wallStartMs = 1000 + k * 250;
        b.clockStartMs = start + k * 250;
        b.clockEndMs = b.clockStartMs + 250;
        b.byTask = {{taskId(0), 2}, {taskId(2), 3}};
        b.byRevision = {{u"1"_s, 2}, {u"2"_s, 3}};
        b.requests = 5;
        s.buckets.push_back(b);
    }
    // A task the timeline does not know (another service's) with revision 2, and one without.
    s.tasks = {{taskId(0), u"1"_s, {}, 16, 0, 0, 0, 0, 0},
               {taskId(2), u"2"_s, {}, 24, 0, 0, 0, 0, 0},
               {taskId(9), u"7"_s, {}, 1, 1, 0, 0, 0, 0}};
    s.revisions = {{u"1"_s, u"1"_s, {}, 16, 0, 0, 0, 0, 0},
                   {u"2"_s, u"2"_s, {}, 24, 0, 0, 0, 0, 0},
                   {u"7"_s, u"7"_s, {}, 1, 1, 0, 0, 0, 0}};
    traffic::Failure f;
    f.clockMs = start + 1100;
    f.cause = traffic::FailureCause::HttpStatus;
    f.status = 502;
    f.detail = u"HTTP 502 Bad Gateway"_s;
    f.taskId = taskId(2);
    f.path = u"/"_s;
    s.failures.push_back(f);
    traffic::Failure before = f; // before the window: not drawn
    before.clockMs = t0.addSecs(-3600).toMSecsSinceEpoch();
    s.failures.push_back(before);

    const TrafficScoreboard sb = ui::buildTrafficScoreboard(s, tl);
    QVERIFY(sb.present);
    QVERIFY(!sb.running);
    QCOMPARE(sb.verdict(), u"41 requests, 1 failed"_s);
    QCOMPARE(sb.servedPerGroup, (QList<qint64>{16, 24}));
    QCOMPARE(sb.servedOther, 1);
    QCOMPARE(sb.servedText(tl), u"web:1 16 · web:2 24 · other 1"_s);
    QCOMPARE(sb.columns.size(), 8);
    QCOMPARE(sb.columns.front().from, t0.addSecs(10));
    QCOMPARE(sb.columns.front().perGroup, (QList<qint64>{2, 3}));
    QCOMPARE(sb.peakPerBucket, 5);
    QCOMPARE(sb.peakPerSecond(), 20);
    QCOMPARE(sb.failures.size(), 1);
    QCOMPARE(sb.failures.front().group, 1);
    QCOMPARE(sb.failures.front().detail, u"HTTP 502 Bad Gateway"_s);

    // A run long before the deployment is not its scoreboard.
    s.startedClockMs = t0.addSecs(-7200).toMSecsSinceEpoch();
    s.endedClockMs = t0.addSecs(-7000).toMSecsSinceEpoch();
    QVERIFY(!ui::buildTrafficScoreboard(s, tl).present);
}

void TestTrafficScoreboard::rollingDeploymentUnderTrafficShowsTheVerdict()
{
    createService();
    DeploymentView view(*m_cp);
    view.resize(1280, 800);
    view.setService(u"default"_s, u"web"_s);
    view.setTraffic(m_traffic.get());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    traffic::TrafficOptions o;
    o.url = m_backend->url();
    o.concurrency = 4;
    o.ratePerSecond = 200;
    o.duration = 30s;
    o.maxRequests = 100000;
    QVERIFY(m_traffic->start(o));
    ops::ServiceRequest update;
    update.serviceName = u"web"_s;
    update.taskDefinition = u"web:2"_s;
    QVERIFY(m_cp->services().update(update));
    QVERIFY(runUntil([&] { return stable(); }, 300s, 10));
    runUntil([] { return false; }, 15s, 10); // web:2 alone serves for a while
    m_traffic->stop();
    QVERIFY(m_traffic->waitForFinished(5s));
    view.refresh();

    const traffic::TrafficSnapshot s = m_traffic->snapshot();
    QVERIFY(s.completed > 100);
    QCOMPARE(s.failed, 0);
    const TrafficScoreboard &sb = view.trafficScoreboard();
    QVERIFY(sb.present);
    QCOMPARE(sb.requests, s.completed);
    QCOMPARE(sb.failed, 0);
    // Served by both revisions, and by nothing else: every answer is a task of a lane.
    const DeploymentTimeline &tl = view.timeline();
    QCOMPARE(tl.groups.size(), 2);
    QCOMPARE(sb.servedPerGroup.size(), 2);
    QVERIFY(sb.servedPerGroup[0] > 0);
    QVERIFY(sb.servedPerGroup[1] > 0);
    QCOMPARE(sb.servedOther, 0);
    QCOMPARE(sb.servedPerGroup[0] + sb.servedPerGroup[1], s.completed);
    // The traffic moved: web:1's columns come before web:2's last ones.
    QVERIFY(sb.columns.size() > 8);
    QVERIFY(sb.columns.front().perGroup[0] > 0 && sb.columns.front().perGroup[1] == 0);
    QVERIFY(sb.columns.back().perGroup[1] > 0 && sb.columns.back().perGroup[0] == 0);

    // The verdict, in large type and the success colour.
    const QString verdict = view.trafficText();
    QVERIFY2(verdict.startsWith(ui::Formatter::count(s.completed) + u" requests, 0 failed"_s), qPrintable(verdict));
    auto *label = view.findChild<QLabel *>(u"deploymentTrafficVerdict"_s);
    QVERIFY(label && label->isVisible());
    QVERIFY(label->text().contains(ui::palette::Ok.name()));

    // On the canvas: the strip between the axis and the lanes, in both revisions' colours.
    ui::DeploymentCanvas *canvas = view.canvas();
    QVERIFY(canvas->trafficBand().isShown());
    const QRectF band = canvas->trafficBand().plotRect();
    QVERIFY(band.top() > canvas->chartRect().bottom());
    QVERIFY(band.bottom() < canvas->laneRect(0).top());
    const QImage image = canvas->grab().toImage();
    const QRect area = band.toRect().adjusted(1, 1, -1, -1);
    QVERIFY2(countColour(image, canvas->groupColour(0), area) > 200,
             qPrintable(QString::number(countColour(image, canvas->groupColour(0), area))));
    QVERIFY(countColour(image, canvas->groupColour(1), area) > 200);
    QCOMPARE(countColour(image, ui::TrafficBand::failureColour(), area), 0);
}

void TestTrafficScoreboard::failuresAreMarkedAtTheirTime()
{
    createService();
    DeploymentView view(*m_cp);
    view.resize(1280, 800);
    view.setService(u"default"_s, u"web"_s);
    view.setTraffic(m_traffic.get());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    ops::ServiceRequest update;
    update.serviceName = u"web"_s;
    update.taskDefinition = u"web:2"_s;
    QVERIFY(m_cp->services().update(update));
    // "/" and "/bad" in turn; "/bad" answers 500: half the requests fail.
    m_backend->setBehaviour("/bad", TrafficBackend::Behaviour::Status500);
    traffic::TrafficOptions o;
    o.url = m_backend->url();
    o.paths = {u"/"_s, u"/bad"_s};
    o.concurrency = 1;
    o.ratePerSecond = 40;
    o.duration = 30s;
    o.maxRequests = 20;
    QVERIFY(m_traffic->start(o));
    QVERIFY(runUntil([&] { return !m_traffic->isRunning(); }, 60s, 10));
    view.refresh();

    const TrafficScoreboard &sb = view.trafficScoreboard();
    QVERIFY(sb.present);
    QCOMPARE(sb.requests, 20);
    QCOMPARE(sb.failed, 10);
    QCOMPARE(sb.failures.size(), 10);
    QVERIFY2(view.trafficText().startsWith(u"20 requests, 10 failed"_s), qPrintable(view.trafficText()));
    QVERIFY(view.findChild<QLabel *>(u"deploymentTrafficVerdict"_s)->text().contains(ui::palette::Error.name()));
    // Each failure at its time: a red marker there, and its cause under the mouse.
    ui::DeploymentCanvas *canvas = view.canvas();
    const ui::TrafficMark &first = sb.failures.front();
    QVERIFY(first.at >= view.timeline().windowStart && first.at <= view.timeline().windowEnd);
    const double x = canvas->xOf(first.at);
    const QRectF band = canvas->trafficBand().plotRect();
    const QImage image = canvas->grab().toImage();
    QVERIFY(countColour(image, ui::TrafficBand::failureColour(),
                        QRect(int(x) - 3, int(band.top()), 7, int(band.height()))) > 5);
    const QString tip = canvas->tooltipAt(QPointF(x, band.center().y()));
    QVERIFY2(tip.contains(u"HTTP 500 Internal Server Error"_s) && tip.contains(u"/bad"_s), qPrintable(tip));
}

void TestTrafficScoreboard::noTrafficAddsNothing()
{
    createService();
    ops::ServiceRequest update;
    update.serviceName = u"web"_s;
    update.taskDefinition = u"web:2"_s;
    QVERIFY(m_cp->services().update(update));
    QVERIFY(runUntil([&] { return stable(); }, 300s, 0));

    DeploymentView plain(*m_cp);
    plain.resize(1280, 800);
    plain.setService(u"default"_s, u"web"_s);
    DeploymentView withGenerator(*m_cp);
    withGenerator.resize(1280, 800);
    withGenerator.setService(u"default"_s, u"web"_s);
    withGenerator.setTraffic(m_traffic.get()); // never started
    plain.show();
    withGenerator.show();
    QVERIFY(QTest::qWaitForWindowExposed(&withGenerator));
    QVERIFY(QTest::qWaitForWindowExposed(&plain));
    QVERIFY(!withGenerator.trafficScoreboard().present);
    QVERIFY(withGenerator.trafficText().isEmpty());
    QVERIFY(!withGenerator.canvas()->trafficBand().isShown());
    // The lanes keep their place: no empty strip.
    QVERIFY(!plain.canvas()->laneRect(0).isEmpty());
    QCOMPARE(withGenerator.canvas()->laneRect(0), plain.canvas()->laneRect(0));
}

QTEST_MAIN(TestTrafficScoreboard)
#include "TestTrafficScoreboard.moc"
