// The fleet view, checked through its hit-testing: every task block sits inside the card of the
// instance it was placed on, in the column of that instance's zone; a click on a block explains
// "why here", a task no instance can take waits in the tray and explains "why nothing fits",
// tasks come and go live (growing in when animations are on), and 1,000 instances paint quickly.
// FARGATE tasks (no instance) sit in the Fargate lane of their subnet's zone, show their ENI address
// and a SPOT mark, and explain where they run.

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "FargateFixture.h"
#include "json/TaskDefinitionJson.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "views/FleetView.h"
#include "widgets/FleetCanvas.h"

#include <QElapsedTimer>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>

using fd::ui::FleetCanvas;
using fd::ui::FleetView;

namespace {

constexpr char kWeb[] = R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1",
    "cpu": 256, "memory": 256, "memoryReservation": 128}]})";
constexpr char kBig[] = R"({"family": "big", "containerDefinitions": [{"name": "crunch", "image": "busybox:1.36",
    "cpu": 4096, "memory": 512}]})";

} // namespace

class TestFleetView final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void blocksSitInsideTheirInstancesCard();
    void clickOnABlockExplainsWhyHere();
    void waitingTrayShowsAnUnplacedTaskAndWhyNothingFits();
    void tasksComeAndGoLive();
    void arrivalsGrowInWhenAnimationsAreOn();
    void colourIsStablePerFamilyAndLighterForOlderRevisions();
    void zoomToFitShowsEverything();
    void fargateTasksSitInTheLaneOfTheirZone();
    void fargateTaskExplainsItsAddress();
    void noLaneWithoutFargateTasks();
    void runPathTasksAndTheSpotInterrupt();
    void thousandInstancesPaintQuickly();

private:
    void registerDefinition(const char *json);
    QList<fd::Task> run(const QString &family, int count, const QByteArray &strategy = {});

    std::shared_ptr<fd::ManualClock> m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fd::ControlPlane> m_cp;
    std::unique_ptr<fd::ui::ConsoleContext> m_context;
    std::unique_ptr<FleetView> m_view;
    FleetCanvas *m_canvas = nullptr;
};

void TestFleetView::initTestCase()
{
    qputenv("FLEETDECK_REDUCED_MOTION", "1"); // what a test or a reduced-motion user sets
}

void TestFleetView::registerDefinition(const char *json)
{
    auto spec = fd::json::parseTaskDefinition(QByteArray(json));
    QVERIFY(spec.ok());
    QVERIFY(m_cp->taskDefinitions().registerNew(spec.value()).ok());
}

QList<fd::Task> TestFleetView::run(const QString &family, int count, const QByteArray &strategy)
{
    fd::ops::RunTaskRequest r;
    r.cluster = QStringLiteral("default");
    r.taskDefinition = family;
    r.count = count;
    r.placementStrategy = fd::scheduler::strategiesFromJson(strategy).value();
    r.queueWhenUnplaceable = true;
    auto result = m_cp->tasks().run(r);
    if (!result)
        qFatal("runTask: %s", qPrintable(result.error().message));
    return result.value().tasks;
}

void TestFleetView::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_shared<fd::ManualClock>();
    auto opened = fd::ControlPlane::open(m_dir->path(), m_clock);
    QVERIFY(opened.ok());
    m_cp = std::move(opened).value();
    QVERIFY(m_cp->engines().add(QStringLiteral("sim"), fd::Engine::Kind::Simulated, {}).ok());
    QVERIFY(m_cp->createDefaultLayout(QStringLiteral("sim")).ok()); // 3 x t3.medium, one per zone
    registerDefinition(kWeb);
    registerDefinition(kBig);
    m_context = std::make_unique<fd::ui::ConsoleContext>(*m_cp);
    m_view = std::make_unique<FleetView>(*m_context);
    m_view->resize(1600, 900);
    m_view->setCluster(QStringLiteral("default"));
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    m_canvas = m_view->canvas();
    QVERIFY(!m_canvas->animationsEnabled());
}

void TestFleetView::cleanup()
{
    m_view.reset();
    m_context.reset();
    m_cp.reset();
}

void TestFleetView::blocksSitInsideTheirInstancesCard()
{
    // Spread over zones, then binpack: two on the first instance's zone... whatever the scheduler
    // chose, each block must be drawn on the card of the instance the task is on.
    const QList<fd::Task> tasks =
        run(QStringLiteral("web"), 5, R"([{"type":"spread","field":"attribute:ecs.availability-zone"}])");
    m_view->refresh();
    for (const fd::Task &t : tasks) {
        QVERIFY(t.isPlaced());
        const QRect block = m_view->taskRect(t.id);
        const QRect card = m_view->instanceRect(t.containerInstanceId);
        QVERIFY2(!block.isNull() && !card.isNull(), qPrintable(t.id));
        QVERIFY2(card.contains(block), qPrintable(QStringLiteral("%1 not inside its card").arg(t.id)));
        QCOMPARE(m_view->taskAt(block.center()), t.id);
        QCOMPARE(m_canvas->instanceAt(block.center()), t.containerInstanceId);
        const fd::ContainerInstance ci =
            m_cp->instances().find(QStringLiteral("default"), t.containerInstanceId).value();
        QVERIFY(m_canvas->zoneRect(ci.availabilityZone).contains(card));
        QVERIFY(m_canvas->tasksOn(ci.id).contains(t.id));
    }
    // One t3.medium: 256 of 2048 CPU units is its scarcer share (12.5%), more than 128 of 4096 MiB.
    const fd::Task &first = tasks.front();
    const QRect card = m_view->instanceRect(first.containerInstanceId);
    const double share = double(m_view->taskRect(first.id).width()) / (card.width() - 24 * m_canvas->scale());
    QVERIFY2(share > 0.10 && share < 0.14, qPrintable(QString::number(share)));
    QVERIFY(m_canvas->waitingTasks().isEmpty());
}

void TestFleetView::clickOnABlockExplainsWhyHere()
{
    const fd::Task t = run(QStringLiteral("web"), 1).front();
    m_view->refresh();
    QVERIFY(m_view->explanationText().contains(u"Click a task"));
    QTest::mouseClick(m_canvas->viewport(), Qt::LeftButton, {}, m_view->taskRect(t.id).center());
    QCOMPARE(m_canvas->selectedTask(), t.id);
    const QString text = m_view->explanationText();
    QVERIFY2(text.contains(u"Why here?"), qPrintable(text));
    // The explanation, one line per strategy term: "ranked 1 of 3: spread … ; spread …".
    QVERIFY2(t.placementExplanation.startsWith(u"ranked 1 of"), qPrintable(t.placementExplanation));
    const QString terms = t.placementExplanation.section(QStringLiteral(": "), 1);
    for (const QString &term : terms.split(QStringLiteral("; ")))
        QVERIFY2(text.contains(term), qPrintable(term));
    QVERIFY(text.contains(m_cp->instances().find(QStringLiteral("default"), t.containerInstanceId)->ec2InstanceId));

    // A click on the card's header selects the instance instead.
    const QRect card = m_view->instanceRect(t.containerInstanceId);
    QTest::mouseClick(m_canvas->viewport(), Qt::LeftButton, {}, card.topLeft() + QPoint(card.width() / 2, 6));
    QVERIFY(m_canvas->selectedTask().isEmpty());
    QCOMPARE(m_canvas->selectedInstance(), t.containerInstanceId);
    QVERIFY(m_view->explanationText().contains(u"CPU: 256 of 2048 units reserved"));
}

void TestFleetView::waitingTrayShowsAnUnplacedTaskAndWhyNothingFits()
{
    const fd::Task waiting = run(QStringLiteral("big"), 1).front();
    QVERIFY(!waiting.isPlaced());
    m_view->refresh();
    QCOMPARE(m_canvas->waitingTasks(), QStringList{waiting.id});
    const QRect block = m_view->taskRect(waiting.id);
    QVERIFY(m_canvas->trayRect().contains(block));
    QVERIFY(m_canvas->instanceAt(block.center()).isEmpty());
    QTest::mouseClick(m_canvas->viewport(), Qt::LeftButton, {}, block.center());
    const QString text = m_view->explanationText();
    QVERIFY2(text.contains(u"Why nothing fits"), qPrintable(text));
    QVERIFY2(text.contains(waiting.pendingReason), qPrintable(text));
}

void TestFleetView::fargateTasksSitInTheLaneOfTheirZone()
{
    const QList<fd::Task> ec2 = run(QStringLiteral("web"), 3);
    const QList<fd::Task> tasks = run(QStringLiteral("web"), 3);
    const QStringList zones{QStringLiteral("us-east-1b"), QStringLiteral("us-east-1b"), QStringLiteral("us-east-1c")};
    for (int i = 0; i < 3; ++i)
        QVERIFY(fd::test::makeFargate(*m_cp, tasks[i].id, zones[i], QStringLiteral("127.1.0.%1").arg(5 + i),
                                      i == 2 ? QStringLiteral("FARGATE_SPOT") : QString())
                    .ok());
    m_view->refresh();

    for (int i = 0; i < 3; ++i) {
        const QString &id = tasks[i].id;
        const QRect lane = m_canvas->laneRect(zones[i]);
        const QRect block = m_view->taskRect(id);
        QVERIFY2(!lane.isNull() && !block.isNull(), qPrintable(id));
        QVERIFY2(lane.contains(block), qPrintable(QStringLiteral("%1 not inside the lane of %2").arg(id, zones[i])));
        QVERIFY(m_canvas->zoneRect(zones[i]).contains(lane));
        QCOMPARE(m_view->taskAt(block.center()), id);
        QVERIFY(m_canvas->instanceAt(block.center()).isEmpty()); // apart from the instances
        QVERIFY(m_canvas->fargateTasksIn(zones[i]).contains(id));
        QVERIFY(!m_canvas->waitingTasks().contains(id));
        for (const fd::ContainerInstance &ci : m_cp->instances().list(QStringLiteral("default")))
            QVERIFY(!m_canvas->tasksOn(ci.id).contains(id));
    }
    QCOMPARE(m_canvas->fargateTasksIn(QStringLiteral("us-east-1b")).size(), 2);
    QVERIFY(m_canvas->fargateTasksIn(QStringLiteral("us-east-1a")).isEmpty());
    // Every zone has its lane (an empty one says so), below its cards.
    const QRect laneA = m_canvas->laneRect(QStringLiteral("us-east-1a"));
    QVERIFY(!laneA.isNull());
    for (const fd::Task &t : ec2) {
        const QRect card = m_view->instanceRect(t.containerInstanceId);
        const fd::ContainerInstance ci =
            m_cp->instances().find(QStringLiteral("default"), t.containerInstanceId).value();
        QVERIFY(card.bottom() < m_canvas->laneRect(ci.availabilityZone).top());
        QVERIFY(card.contains(m_view->taskRect(t.id)));
    }
    // The instances the tasks left no longer count them.
    for (const fd::Task &t : tasks)
        QVERIFY(!m_canvas->tasksOn(t.containerInstanceId).contains(t.id));
}

void TestFleetView::fargateTaskExplainsItsAddress()
{
    const fd::Task t = run(QStringLiteral("web"), 1).front();
    QVERIFY(fd::test::makeFargate(*m_cp, t.id, QStringLiteral("us-east-1c"), QStringLiteral("127.1.0.9"),
                                  QStringLiteral("FARGATE_SPOT"))
                .ok());
    m_view->refresh();
    QTest::mouseClick(m_canvas->viewport(), Qt::LeftButton, {}, m_view->taskRect(t.id).center());
    QCOMPARE(m_canvas->selectedTask(), t.id);
    const QString text = m_view->explanationText();
    QVERIFY2(text.contains(u"On Fargate"), qPrintable(text));
    QVERIFY2(text.contains(u"127.1.0.9"), qPrintable(text));
    QVERIFY2(text.contains(u"subnet-us-east-1c"), qPrintable(text));
    QVERIFY2(text.contains(u"FARGATE_SPOT"), qPrintable(text));
    QVERIFY2(text.contains(u"us-east-1c"), qPrintable(text));

    // The block itself shows the address: drawn in the lane, in the ink colour, where the plain
    // lane background was before the task came (compare the two paints of the block's rect).
    const QRect block = m_view->taskRect(t.id);
    const QImage with = m_canvas->viewport()->grab(block).toImage();
    QVERIFY(fd::test::makeFargate(*m_cp, t.id, QStringLiteral("us-east-1c"), QString(), QStringLiteral("FARGATE_SPOT"))
                .ok()); // the same task, its address not known
    m_view->refresh();
    const QImage without = m_canvas->viewport()->grab(block).toImage();
    QVERIFY2(with != without, "the ENI address is not drawn in the block");
    QVERIFY(m_view->explanationText().contains(u"ENI address"));
}

void TestFleetView::runPathTasksAndTheSpotInterrupt()
{
    // The control plane's own FARGATE run path: a strategy of FARGATE_SPOT over two subnets.
    registerDefinition(R"({"family": "fweb", "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{"name": "web",
        "image": "fleetdeck/demo-web:1", "portMappings": [{"containerPort": 8080}]}]})");
    fd::ops::ClusterSpec spec;
    spec.capacityProviders = QStringList{QStringLiteral("FARGATE"), QStringLiteral("FARGATE_SPOT")};
    QVERIFY(m_cp->clusters().update(QStringLiteral("default"), spec).ok());
    fd::ops::RunTaskRequest r;
    r.cluster = QStringLiteral("default");
    r.taskDefinition = QStringLiteral("fweb");
    r.count = 2;
    r.capacityProviderStrategy = {{QStringLiteral("FARGATE_SPOT"), 1, 0}};
    fd::AwsVpcConfiguration net;
    net.subnets = {QStringLiteral("subnet-us-east-1a"), QStringLiteral("subnet-us-east-1c")};
    r.networkConfiguration = net;
    const auto result = m_cp->tasks().run(r);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
    QCOMPARE(result.value().tasks.size(), 2);
    const fd::Task ec2 = run(QStringLiteral("web"), 1).front();
    m_view->refresh();
    for (const fd::Task &t : result.value().tasks) {
        QVERIFY(t.eni);
        QCOMPARE(t.capacityProviderName, QStringLiteral("FARGATE_SPOT"));
        QVERIFY2(m_canvas->laneRect(t.availabilityZone).contains(m_view->taskRect(t.id)),
                 qPrintable(t.availabilityZone));
    }
    const fd::Task spot = result.value().tasks.front();

    // Interrupt: off until a FARGATE_SPOT task is selected, then the task is asked to stop with
    // stop code SpotInterruption.
    auto *button = m_view->findChild<QPushButton *>(QStringLiteral("fleetInterruptButton"));
    QVERIFY(button);
    QVERIFY(!button->isEnabled());
    QTest::mouseClick(m_canvas->viewport(), Qt::LeftButton, {}, m_view->taskRect(ec2.id).center());
    QVERIFY(!button->isEnabled()); // an EC2 task cannot be interrupted
    QTest::mouseClick(m_canvas->viewport(), Qt::LeftButton, {}, m_view->taskRect(spot.id).center());
    QVERIFY(m_view->explanationText().contains(spot.eni->privateIPv4Address));
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    const fd::Task after = m_cp->tasks().find(QStringLiteral("default"), spot.id).value();
    QVERIFY(after.desiredStatus == fd::TaskStatus::Stopped);
    QCOMPARE(fd::toString(after.stopCode), fd::toString(fd::StopCode::SpotInterruption));
    QCOMPARE(after.stoppedReason, fd::ops::kSpotInterruptedReason);
    auto *message = m_view->findChild<QLabel *>(QStringLiteral("fleetActionMessage"));
    QVERIFY2(message->text().contains(u"interrupted"), qPrintable(message->text()));
    QVERIFY(!button->isEnabled()); // once asked to stop, not again
}

void TestFleetView::noLaneWithoutFargateTasks()
{
    run(QStringLiteral("web"), 2);
    m_view->refresh();
    for (const QString &zone : m_cp->instances().availabilityZones()) {
        QVERIFY(m_canvas->laneRect(zone).isNull());
        QVERIFY(m_canvas->fargateTasksIn(zone).isEmpty());
    }
}

void TestFleetView::tasksComeAndGoLive()
{
    const fd::Task t = run(QStringLiteral("web"), 1).front();
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->taskRect(t.id).isNull(), 1000); // the coalesced refresh
    QVERIFY(m_view->selectTask(t.id));
    QVERIFY(m_cp->tasks().update(t.id, [](fd::Task &task) { task.lastStatus = fd::TaskStatus::Stopped; }).ok());
    QTRY_VERIFY_WITH_TIMEOUT(m_view->taskRect(t.id).isNull(), 1000);
    QVERIFY(m_canvas->selectedTask().isEmpty());
    QVERIFY(m_canvas->tasksOn(t.containerInstanceId).isEmpty());
}

void TestFleetView::arrivalsGrowInWhenAnimationsAreOn()
{
    m_canvas->setAnimationsEnabled(true);
    const fd::Task t = run(QStringLiteral("web"), 1).front();
    m_view->refresh();
    QVERIFY(m_canvas->isAnimating());
    QTRY_VERIFY_WITH_TIMEOUT(!m_canvas->isAnimating(), 2 * FleetCanvas::kAnimationMs + 500);
    // And a leaving one fades: an animation again, then nothing.
    QVERIFY(m_cp->tasks().update(t.id, [](fd::Task &task) { task.lastStatus = fd::TaskStatus::Stopped; }).ok());
    m_view->refresh();
    QVERIFY(m_canvas->isAnimating());
    QTRY_VERIFY_WITH_TIMEOUT(!m_canvas->isAnimating(), 2 * FleetCanvas::kAnimationMs + 500);
}

void TestFleetView::colourIsStablePerFamilyAndLighterForOlderRevisions()
{
    QCOMPARE(FleetCanvas::colourFor(QStringLiteral("web"), 3, 3), FleetCanvas::colourFor(QStringLiteral("web"), 7, 7));
    QVERIFY(FleetCanvas::colourFor(QStringLiteral("web"), 3, 3) != FleetCanvas::colourFor(QStringLiteral("web"), 2, 3));
    QVERIFY(FleetCanvas::colourFor(QStringLiteral("web"), 2, 3).lightness() >
            FleetCanvas::colourFor(QStringLiteral("web"), 3, 3).lightness());
    run(QStringLiteral("web"), 2);
    m_view->refresh();
    const QList<FleetCanvas::LegendEntry> legend = m_canvas->legend();
    QCOMPARE(legend.size(), 1);
    QCOMPARE(legend.front().label, QStringLiteral("web:1"));
}

void TestFleetView::zoomToFitShowsEverything()
{
    fd::ops::InstanceRequest more;
    more.cluster = QStringLiteral("default");
    more.engineId = QStringLiteral("sim");
    more.count = 60;
    QVERIFY(m_cp->instances().registerNew(more).ok());
    m_view->refresh();
    m_canvas->zoomIn();
    m_canvas->zoomIn();
    QVERIFY(!m_canvas->isFitting());
    m_canvas->zoomToFit();
    QVERIFY(m_canvas->isFitting());
    const QRect visible = m_canvas->viewport()->rect();
    for (const fd::ContainerInstance &ci : m_cp->instances().list(QStringLiteral("default")))
        QVERIFY2(visible.contains(m_view->instanceRect(ci.id)), qPrintable(ci.ec2InstanceId));
}

void TestFleetView::thousandInstancesPaintQuickly()
{
    fd::ops::InstanceRequest more;
    more.cluster = QStringLiteral("default");
    more.engineId = QStringLiteral("sim");
    more.count = 997;
    QVERIFY(m_cp->instances().registerNew(more).ok());
    for (int i = 0; i < 30; ++i)
        run(QStringLiteral("web"), 10);
    run(QStringLiteral("big"), 3);

    QList<double> layouts;
    QList<double> paints;
    QList<double> fitted;
    const QSize size(1600, 900);
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    for (int i = 0; i < 7; ++i) {
        QElapsedTimer timer;
        timer.start();
        m_view->refresh(); // reads the ControlPlane, lays out, fits
        layouts << timer.nsecsElapsed() / 1e6;

        // A whole repaint of the viewport at zoom-to-fit: all 1,000 cards are on screen.
        timer.restart();
        QPainter p(&image);
        p.fillRect(image.rect(), Qt::white);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(m_canvas->scale(), m_canvas->scale());
        m_canvas->paintScene(p, QRectF(QPointF(0, 0), m_canvas->sceneSize()));
        p.end();
        paints << timer.nsecsElapsed() / 1e6;

        // The same scene zoomed in to readable cards: only what is exposed is painted.
        timer.restart();
        m_canvas->viewport()->repaint();
        fitted << timer.nsecsElapsed() / 1e6;
    }
    const auto median = [](QList<double> v) {
        std::sort(v.begin(), v.end());
        return v.at(v.size() / 2);
    };
    QCOMPARE(m_cp->instances().list(QStringLiteral("default")).size(), 1000);
    std::printf("fleet view, 1,000 instances, 303 tasks: refresh (read + layout + fit) median %.1f ms; full-scene "
                "paint at fit (scale %.2f) median %.1f ms; viewport repaint median %.1f ms\n",
                median(layouts), m_canvas->scale(), median(paints), median(fitted));
    QVERIFY2(median(paints) < 500, "far beyond a frame: something went quadratic"); // not a timing gate
}

QTEST_MAIN(TestFleetView)
#include "TestFleetView.moc"
