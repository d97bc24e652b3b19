// The deployment view, checked through the model it paints from: a 4-task service at 50/100 rolls
// from web:1 to web:2 on the simulated runtime with a ManualClock (ECS-SEMANTICS 1.4: stop 2, start 2,
// stop 2, start 2), and at every observed step the view's lanes, counts, bounds and events are read
// back. The picture is grabbed and must not be blank, the empty states say why they are empty, the
// view idles once nothing moves, and 50 tasks paint in a few milliseconds.

#include "ControlPlane.h"
#include "System.h"
#include "ops/TaskDefinitions.h"
#include "ops/Engines.h"
#include "ops/Services.h"
#include "controllers/ServiceController.h"
#include "controllers/TaskController.h"
#include "json/TaskDefinitionJson.h"
#include "runtime/SimulatedRuntime.h"
#include "views/DeploymentView.h"
#include "widgets/DeploymentCanvas.h"

#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace fd;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;
using fd::ui::DeploymentCanvas;
using fd::ui::DeploymentTimeline;
using fd::ui::DeploymentView;
using fd::ui::LanePhase;

namespace {

QByteArray webDefinition(const QString &image)
{
    return QStringLiteral(R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "%1",
        "cpu": 256, "memory": 256, "portMappings": [{"containerPort": 8080, "hostPort": 0}]}]})")
        .arg(image)
        .toUtf8();
}

// Pixels of roughly this colour in the image (the painted bands and lanes).
int countColour(const QImage &image, const QColor &c)
{
    int n = 0;
    for (int y = 0; y < image.height(); y += 2) {
        const QRgb *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); x += 2) {
            const QRgb p = line[x];
            if (std::abs(qRed(p) - c.red()) < 6 && std::abs(qGreen(p) - c.green()) < 6 && std::abs(qBlue(p) - c.blue()) < 6)
                ++n;
        }
    }
    return n;
}

} // namespace

class TestDeploymentView final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void emptyStatesSayWhy();
    void rollingUpdateIsDrawnLaneByLaneWithinTheBounds();
    void healthyAfterFortySecondsIsDistinguishable();
    void fiftyTasksPaintInAFewMilliseconds();

private:
    void registerDefinition(const QByteArray &json);
    bool runUntil(const std::function<bool()> &done, std::chrono::milliseconds limit = 300s);
    Service service() const { return m_cp->services().find(u"default"_s, u"web"_s).value(); }
    bool stable() const
    {
        const Service v = service();
        return v.deployments.size() == 1 && v.primary()->rolloutState == RolloutState::Completed &&
               v.runningCount() == v.desiredCount;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<runtime::SimulatedRuntime> m_rt;
    std::unique_ptr<System> m_system;
    ControlPlane *m_cp = nullptr;
    TaskController *m_tasks = nullptr;
    ServiceController *m_services = nullptr;
    std::function<void()> m_observe;
};

void TestDeploymentView::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_shared<ManualClock>();
    runtime::SimulationOptions options;
    options.tickInterval = 0ms;
    options.startJitter = 0ms;
    m_rt = std::make_unique<runtime::SimulatedRuntime>(*m_clock, options);
    // The controllers stay stopped: runUntil() drives them with reconcileNow().
    SystemOptions system;
    system.dataDir = m_dir->path();
    system.clock = m_clock;
    system.emptyFirstStart = true;
    system.runtimeFor = [this](const Engine &) { return m_rt.get(); };
    system.engines = false;
    system.startControllers = false;
    auto created = System::create(std::move(system));
    QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
    m_system = std::move(created).value();
    m_cp = &m_system->controlPlane();
    m_tasks = &m_system->taskController();
    m_services = &m_system->serviceController();
    QVERIFY(m_cp->engines().add(u"sim"_s, Engine::Kind::Simulated, {}));
    QVERIFY(m_cp->createDefaultLayout(u"sim"_s));
    registerDefinition(webDefinition(u"fleetdeck/demo-web:1"_s));
    registerDefinition(webDefinition(u"fleetdeck/demo-web:2"_s));
    m_observe = nullptr;
}

void TestDeploymentView::cleanup()
{
    m_observe = nullptr;
    m_services = nullptr;
    m_tasks = nullptr;
    m_cp = nullptr;
    m_system.reset();
    m_rt.reset();
    m_dir.reset();
}

void TestDeploymentView::registerDefinition(const QByteArray &json)
{
    auto spec = json::parseTaskDefinition(json);
    QVERIFY(spec);
    QVERIFY(m_cp->taskDefinitions().registerNew(spec.value()));
}

// As TestServices: 500 ms steps of control-plane time, the runtime and both controllers working,
// m_observe called after each step.
bool TestDeploymentView::runUntil(const std::function<bool()> &done, std::chrono::milliseconds limit)
{
    for (qint64 t = 0; t <= limit.count(); t += 500) {
        for (int i = 0; i < 3; ++i) {
            m_rt->tick();
            QCoreApplication::processEvents();
            m_tasks->reconcileNow();
            QCoreApplication::processEvents();
            m_services->reconcileNow();
            QCoreApplication::processEvents();
        }
        if (m_observe)
            m_observe();
        if (done())
            return true;
        m_clock->advance(500);
    }
    return done();
}

void TestDeploymentView::emptyStatesSayWhy()
{
    DeploymentView view(*m_cp);
    view.resize(1280, 720);
    QVERIFY(!view.timeline().hasService);
    QVERIFY(!view.isLive());

    view.setService(u"default"_s, u"nope"_s);
    QVERIFY(!view.timeline().hasService);
    QVERIFY(view.headerText().contains(u"No service nope in cluster default"_s));

    // A service exists but its deployment is not there yet: cannot happen through the API (creation
    // makes one), so check the model's own empty case, and that the grab shows the explanation.
    Service bare;
    bare.name = u"web"_s;
    bare.cluster = u"default"_s;
    const DeploymentTimeline tl = ui::buildDeploymentTimeline(bare, {}, m_clock->now());
    QVERIFY(tl.hasService);
    QVERIFY(!tl.hasDeployment);
    QVERIFY(!tl.isLive());
    view.canvas()->setTimeline(tl);
    const QImage image = view.canvas()->grab().toImage();
    QVERIFY(countColour(image, QColor(0x1f, 0x2a, 0x37)) > 50); // the title's ink
}

void TestDeploymentView::rollingUpdateIsDrawnLaneByLaneWithinTheBounds()
{
    fd::ops::ServiceRequest create;
    create.serviceName = u"web"_s;
    create.taskDefinition = u"web:1"_s;
    create.desiredCount = 4;
    create.minimumHealthyPercent = 50;
    create.maximumPercent = 100;
    QVERIFY(m_cp->services().create(create));
    QVERIFY(runUntil([&] { return stable(); }, 120s));

    DeploymentView view(*m_cp);
    view.resize(1280, 720);
    view.setService(u"default"_s, u"web"_s);
    QVERIFY(view.timeline().hasDeployment);
    QCOMPARE(view.timeline().toRevision, u"web:1"_s);
    QVERIFY(!view.isLive()); // the first deployment is done and every task healthy: idle

    fd::ops::ServiceRequest update;
    update.serviceName = u"web"_s;
    update.taskDefinition = u"web:2"_s;
    QVERIFY(m_cp->services().update(update));
    const QString deploymentId = service().primary()->id;

    // At every step: bounds 2/4 as resolveBounds says, never fewer than 2 healthy nor more than 4
    // holding a place since the update, and the view is live while the rollout is in progress.
    bool sawBothRevisionsRunning = false;
    bool sawInProgress = false;
    QImage midway;
    m_observe = [&] {
        view.refresh();
        const DeploymentTimeline &tl = view.timeline();
        QCOMPARE(tl.deploymentId, deploymentId);
        QCOMPARE(tl.bounds.minimumHealthy, 2);
        QCOMPARE(tl.bounds.maximum, 4);
        QVERIFY2(tl.lowestHealthySinceCreated() >= 2,
                 qPrintable(u"healthy fell to %1"_s.arg(tl.lowestHealthySinceCreated())));
        for (const ui::TimelineCounts &c : tl.counts)
            QVERIFY2(c.total() <= 4, qPrintable(u"%1 tasks holding a place"_s.arg(c.total())));
        if (tl.rolloutState == RolloutState::InProgress) {
            sawInProgress = true;
            QVERIFY(view.isLive());
            const ui::TimelineCounts now = tl.countsAt(tl.now);
            int revisionsRunning = 0;
            for (int g = 0; g < tl.groups.size(); ++g)
                revisionsRunning += now.healthy[g] + now.starting[g] > 0 ? 1 : 0;
            if (revisionsRunning == 2 && !sawBothRevisionsRunning) {
                sawBothRevisionsRunning = true;
                QVERIFY(view.headerText().contains(u"IN_PROGRESS"_s));
                midway = view.grab().toImage();
            }
        }
    };
    QVERIFY(runUntil([&] { return stable(); }, 600s));
    // Past the last task turning healthy, so nothing moves any more.
    m_clock->advance(45000);
    QVERIFY(runUntil([] { return true; }, 1s));
    m_observe = nullptr;
    view.refresh();
    QVERIFY(sawInProgress);
    QVERIFY(sawBothRevisionsRunning);

    const DeploymentTimeline &tl = view.timeline();
    QVERIFY(tl.rolloutState == RolloutState::Completed);
    QVERIFY(tl.completedAt.isValid());
    QCOMPARE(tl.fromRevisions, QStringList{u"web:1"_s});
    QCOMPARE(tl.toRevision, u"web:2"_s);
    // One lane per task, grouped by deployment: web:1's four stopped by the scheduler, web:2's four healthy.
    QCOMPARE(tl.groups.size(), 2);
    QCOMPARE(tl.groups[0].taskDefinition(), u"web:1"_s);
    QVERIFY(!tl.groups[0].target);
    QCOMPARE(tl.groups[1].taskDefinition(), u"web:2"_s);
    QVERIFY(tl.groups[1].target);
    QCOMPARE(tl.groups[1].deploymentId, deploymentId);
    QCOMPARE(tl.groups[0].lanes.size(), 4);
    QCOMPARE(tl.groups[1].lanes.size(), 4);
    for (const int l : tl.groups[0].lanes) {
        const ui::TimelineLane &lane = tl.lanes[l];
        QVERIFY(lane.phaseNow == LanePhase::Stopped);
        QVERIFY(lane.stoppedAt > tl.createdAt);
        QCOMPARE(lane.stoppedReason, u"Scaling activity initiated by (deployment %1)"_s.arg(deploymentId));
        // Stopping can begin and end within one step of the test's clock: then the lane goes healthy -> stopped.
        QVERIFY(lane.spans.back().phase == LanePhase::Stopping || lane.spans.back().phase == LanePhase::Healthy);
    }
    for (const int l : tl.groups[1].lanes) {
        const ui::TimelineLane &lane = tl.lanes[l];
        QVERIFY(lane.phaseNow == LanePhase::Healthy);
        QVERIFY(lane.createdAt >= tl.createdAt);
        QVERIFY(lane.spans.front().phase == LanePhase::Starting);
    }
    // The documented order, read off the counts: web:1 falls to 2 before web:2 has any task.
    const int oldGroup = 0, newGroup = 1;
    bool sawTwoOldOnly = false;
    for (const ui::TimelineCounts &c : tl.counts)
        if (c.at >= tl.createdAt && c.healthy[oldGroup] + c.starting[oldGroup] == 2 &&
            c.healthy[newGroup] + c.starting[newGroup] == 0)
            sawTwoOldOnly = true;
    QVERIFY(sawTwoOldOnly);
    QCOMPARE(tl.countsAt(tl.now).healthy[newGroup], 4);
    QCOMPARE(tl.lowestHealthySinceCreated(), 2);
    QCOMPARE(tl.peakTotal(), 4);

    // Events of the window, newest first, numbered oldest first, shortened for the projector.
    QVERIFY(tl.events.size() >= 5);
    for (int i = 1; i < tl.events.size(); ++i) {
        QVERIFY(tl.events[i - 1].at >= tl.events[i].at);
        QCOMPARE(tl.events[i - 1].number, tl.events[i].number + 1);
    }
    QCOMPARE(tl.events.back().number, 1);
    const auto hasEvent = [&](const QString &fragment) {
        return std::any_of(tl.events.cbegin(), tl.events.cend(),
                           [&](const ui::TimelineEvent &e) { return e.message.contains(fragment); });
    };
    QVERIFY(hasEvent(u"(service web) (deployment %1) deployment completed."_s.arg(deploymentId)));
    QVERIFY(hasEvent(u"(service web) has stopped 2 running tasks:"_s));
    QVERIFY(hasEvent(u"(service web) has started 2 tasks:"_s));
    QVERIFY(!tl.events.front().shortText.contains(u"(service web)"_s));
    QVERIFY(view.eventsText().contains(u"(deployment %1) deployment completed."_s.arg(deploymentId)));

    // The header names the deployment, its state and the revisions.
    const QString header = view.headerText();
    QVERIFY2(header.contains(deploymentId), qPrintable(header));
    QVERIFY2(header.contains(u"COMPLETED"_s), qPrintable(header));
    QVERIFY2(header.contains(u"web:1 \u2192 web:2"_s), qPrintable(header));
    QVERIFY(!view.isLive()); // done and every task healthy: idle

    // Not blank: both revisions' colours are painted, mid-deployment and at the end.
    const QImage done = view.grab().toImage();
    const QColor target = view.canvas()->groupColour(1);
    const QColor old = view.canvas()->groupColour(0);
    QVERIFY(target != old);
    QVERIFY(countColour(done, target) > 500);
    QVERIFY(countColour(done, old) > 500);
    QVERIFY(!midway.isNull());
    QVERIFY(countColour(midway, target) > 100);
    QVERIFY(countColour(midway, old) > 100);

    // Tooltips: a stopped lane tells why it stopped.
    const int firstOld = tl.groups[0].lanes.front();
    const QRectF lane = view.canvas()->laneRect(firstOld);
    QVERIFY(!lane.isNull());
    QVERIFY(view.canvas()->tooltipAt(lane.center()).contains(u"Scaling activity initiated by"_s));
}

void TestDeploymentView::healthyAfterFortySecondsIsDistinguishable()
{
    // A hand-made task: RUNNING at +5 s, no health check, so healthy at +45 s.
    Service v;
    v.name = u"web"_s;
    v.cluster = u"default"_s;
    v.family = u"web"_s;
    v.revision = 2;
    v.desiredCount = 1;
    const QDateTime t0 = m_clock->now();
    Deployment d;
    d.id = u"ecs-svc/1234567890123456789"_s;
    d.family = u"web"_s;
    d.revision = 2;
    d.createdAt = t0;
    v.deployments.append(d);
    Task t;
    t.id = u"0123456789abcdef0123456789abcdef"_s;
    t.family = u"web"_s;
    t.revision = 2;
    t.startedBy = d.id;
    t.group = u"service:web"_s;
    t.lastStatus = TaskStatus::Running;
    t.createdAt = t0;
    t.startedAt = t0.addSecs(5);
    const DeploymentTimeline at30 = ui::buildDeploymentTimeline(v, {t}, t0.addSecs(30));
    QCOMPARE(at30.lanes.size(), 1);
    QVERIFY(at30.lanes[0].phaseNow == LanePhase::Running);
    QVERIFY(!at30.lanes[0].healthyAt.isValid());
    QCOMPARE(at30.countsAt(at30.now).starting[0], 1);
    QVERIFY(at30.isLive());
    const DeploymentTimeline at60 = ui::buildDeploymentTimeline(v, {t}, t0.addSecs(60));
    QVERIFY(at60.lanes[0].phaseNow == LanePhase::Healthy);
    QCOMPARE(at60.lanes[0].healthyAt, t0.addSecs(45));
    QCOMPARE(at60.lanes[0].spans.size(), 3);
    QVERIFY(at60.lanes[0].spans[1].phase == LanePhase::Running);
    QVERIFY(at60.lanes[0].spans[2].phase == LanePhase::Healthy);
    QCOMPARE(at60.countsAt(t0.addSecs(44)).healthy[0], 0);
    QCOMPARE(at60.countsAt(t0.addSecs(45)).healthy[0], 1);
    // The window starts before createdAt and ends after now.
    QVERIFY(at60.windowStart < t0);
    QVERIFY(at60.windowEnd > at60.now);
    QCOMPARE(ui::shortEventText(u"(service web) has started 1 tasks: (task 0123456789abcdef0123456789abcdef)."_s),
             u"Has started 1 tasks: 01234567."_s);
    QCOMPARE(ui::formatElapsed(95000), u"1:35"_s);
}

void TestDeploymentView::fiftyTasksPaintInAFewMilliseconds()
{
    // 25 old tasks stopping in waves while 25 new ones start: 50 lanes, about 200 spans.
    Service v;
    v.name = u"web"_s;
    v.cluster = u"default"_s;
    v.family = u"web"_s;
    v.revision = 2;
    v.desiredCount = 25;
    v.percents = {50, 200};
    const QDateTime t0 = m_clock->now();
    Deployment oldD, newD;
    oldD.id = u"ecs-svc/1111111111111111111"_s;
    oldD.family = u"web"_s;
    oldD.revision = 1;
    oldD.createdAt = t0.addSecs(-3600);
    oldD.status = DeploymentStatus::Active;
    newD.id = u"ecs-svc/2222222222222222222"_s;
    newD.family = u"web"_s;
    newD.revision = 2;
    newD.createdAt = t0;
    v.deployments = {newD, oldD};
    QList<Task> tasks;
    for (int i = 0; i < 50; ++i) {
        const bool isNew = i >= 25;
        Task t;
        t.id = QStringLiteral("%1").arg(i, 32, 16, QLatin1Char('0'));
        t.family = u"web"_s;
        t.revision = isNew ? 2 : 1;
        t.startedBy = isNew ? newD.id : oldD.id;
        t.group = u"service:web"_s;
        if (isNew) {
            t.createdAt = t0.addSecs(5 + (i - 25) * 3);
            t.startedAt = t.createdAt.addSecs(4);
            t.lastStatus = TaskStatus::Running;
        } else {
            t.createdAt = t0.addSecs(-3000);
            t.startedAt = t.createdAt.addSecs(4);
            t.stoppingAt = t0.addSecs(50 + i * 3);
            t.stoppedAt = t.stoppingAt.addSecs(6);
            t.lastStatus = TaskStatus::Stopped;
            t.stoppedReason = u"Scaling activity initiated by (deployment %1)"_s.arg(newD.id);
        }
        tasks.append(t);
    }
    const DeploymentTimeline tl = ui::buildDeploymentTimeline(v, tasks, t0.addSecs(180));
    QCOMPARE(tl.lanes.size(), 50);
    DeploymentCanvas canvas;
    canvas.resize(1500, 900);
    canvas.setTimeline(tl);
    QImage image(canvas.size(), QImage::Format_ARGB32_Premultiplied);
    canvas.render(&image); // warm up: fonts, hatch tiles
    QElapsedTimer timer;
    timer.start();
    constexpr int kFrames = 20;
    for (int i = 0; i < kFrames; ++i)
        canvas.render(&image);
    const double perFrame = double(timer.elapsed()) / kFrames;
    qInfo("50 lanes: %.2f ms per frame", perFrame);
    QVERIFY2(perFrame < 25.0, qPrintable(u"%1 ms per frame"_s.arg(perFrame)));
}

QTEST_MAIN(TestDeploymentView)
#include "TestDeploymentView.moc"
