// Tasks end to end on the simulated runtime: RunTask's placement and failures, the controller's
// lifecycle (PROVISIONING ... RUNNING ... STOPPED), stop codes and reasons as ECS reports them,
// dependsOn, health, tasks waiting for capacity, a controller restart that adopts instead of
// starting twice, and the one-hour retention of stopped tasks. Time is a ManualClock; every
// step of the simulation is driven from here.

#include "ControlPlane.h"
#include "System.h"
#include "DrivenSystem.h"
#include "ops/Clusters.h"
#include "ops/TaskDefinitions.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"
#include "controllers/TaskController.h"
#include "json/TaskDefinitionJson.h"
#include "json/TaskJson.h"
#include "runtime/SimulatedRuntime.h"

#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <memory>

using namespace fd;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

const char *kWeb = R"({
  "family": "web",
  "containerDefinitions": [{
    "name": "web", "image": "fleetdeck/demo-web:1", "cpu": 512, "memory": 512,
    "portMappings": [{"containerPort": 8080, "hostPort": 0}],
    "healthCheck": {"command": ["CMD", "/demo-web", "healthcheck"], "interval": 5, "timeout": 2, "retries": 2}
  }]
})";

const char *kStaticPort = R"({
  "family": "static",
  "containerDefinitions": [{
    "name": "web", "image": "fleetdeck/demo-web:1", "cpu": 128, "memory": 128,
    "portMappings": [{"containerPort": 8080, "hostPort": 80}]
  }]
})";

const char *kDepends = R"({
  "family": "ordered",
  "containerDefinitions": [
    {"name": "migrate", "image": "fleetdeck/migrate:1", "memory": 64, "essential": false},
    {"name": "db", "image": "fleetdeck/demo-web:1", "memory": 128,
     "healthCheck": {"command": ["CMD", "/demo-web", "healthcheck"], "interval": 5, "retries": 2}},
    {"name": "app", "image": "fleetdeck/demo-web:1", "memory": 128, "links": ["db:database"],
     "dependsOn": [{"containerName": "migrate", "condition": "SUCCESS"},
                   {"containerName": "db", "condition": "HEALTHY"}]}
  ]
})";

} // namespace

class TestTasks : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<runtime::SimulatedRuntime> m_rt;
    std::unique_ptr<System> m_system;
    ControlPlane *m_cp = nullptr;
    TaskController *m_ctl = nullptr;

    // Fleetdeck on the stored state in m_dir (a restart when it ran before), tasks on m_rt, the
    // controllers driven by the test (reconcileNow) rather than their own loops.
    void startSystem()
    {
        m_system = test::startDrivenSystem(m_dir->path(), m_clock, [this](const Engine &) { return m_rt.get(); });
        m_cp = &m_system->controlPlane();
        m_ctl = &m_system->taskController();
    }

    void stopSystem()
    {
        m_cp = nullptr;
        m_ctl = nullptr;
        m_system.reset();
    }

    TaskDefinition registerDefinition(const char *json)
    {
        auto spec = json::parseTaskDefinition(QByteArray(json));
        if (!spec)
            qFatal("bad definition: %s", qPrintable(spec.error().message));
        auto td = m_cp->taskDefinitions().registerNew(spec.value());
        if (!td)
            qFatal("register failed: %s", qPrintable(td.error().message));
        return td.value();
    }

    // Advances time in steps of 100 ms, letting the runtime, the event loop and the controller
    // work, until `done` holds or `limit` of simulated time has passed.
    bool runUntil(const std::function<bool()> &done, std::chrono::milliseconds limit = 30s)
    {
        for (qint64 t = 0; t <= limit.count(); t += 100) {
            for (int i = 0; i < 4; ++i) {
                m_rt->tick();
                QCoreApplication::processEvents();
                m_ctl->reconcileNow();
                QCoreApplication::processEvents();
            }
            if (done())
                return true;
            m_clock->advance(100);
        }
        return done();
    }

    Task task(const QString &id) const { return m_cp->tasks().find({}, id).value(); }

    ops::RunTaskResult run(const QString &td, int count = 1, bool queue = false)
    {
        ops::RunTaskRequest r;
        r.cluster = QStringLiteral("default");
        r.taskDefinition = td;
        r.count = count;
        r.queueWhenUnplaceable = queue;
        auto result = m_cp->tasks().run(r);
        if (!result)
            qFatal("runTask failed: %s", qPrintable(result.error().message));
        return result.value();
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_clock = std::make_shared<ManualClock>();
        runtime::SimulationOptions options;
        options.tickInterval = 0ms;
        options.startJitter = 0ms;
        m_rt = std::make_unique<runtime::SimulatedRuntime>(*m_clock, options);
        startSystem();
        QVERIFY(m_cp->engines().add(QStringLiteral("sim"), Engine::Kind::Simulated, {}));
        QVERIFY(m_cp->createDefaultLayout(QStringLiteral("sim"))); // 3 x t3.medium: 2048 CPU each
    }

    void cleanup()
    {
        stopSystem();
        m_rt.reset();
    }

    void runTaskReachesRunningWithBindingsAndReservations()
    {
        registerDefinition(kWeb);
        const ContainerInstance before = m_cp->instances().list().front();
        const auto result = run(QStringLiteral("web"));
        QCOMPARE(result.tasks.size(), 1);
        QVERIFY(result.failures.isEmpty());
        const Task placed = result.tasks.front();
        QCOMPARE(toString(placed.lastStatus), toString(TaskStatus::Provisioning));
        QCOMPARE(toString(placed.desiredStatus), toString(TaskStatus::Running));
        QCOMPARE(placed.group, QStringLiteral("family:web"));
        QVERIFY(placed.isPlaced());
        QVERIFY(!placed.placementExplanation.isEmpty());

        // The reservation is taken at placement, before anything runs.
        const ContainerInstance ci = m_cp->instances().find({}, placed.containerInstanceId).value();
        QCOMPARE(ci.remainingCpu(), ci.registeredCpu - 512);
        QCOMPARE(ci.remainingMemory(), ci.registeredMemory - 512);
        QCOMPARE(ci.pendingTasksCount, 1);

        QStringList seen;
        connect(m_cp, &ControlPlane::changed, this, [&] {
            const QString s = toString(task(placed.id).lastStatus);
            if (seen.isEmpty() || seen.last() != s)
                seen.append(s);
        });
        QVERIFY(runUntil([&] { return task(placed.id).lastStatus == TaskStatus::Running; }));
        QCOMPARE(seen, (QStringList{u"PENDING"_s, u"ACTIVATING"_s, u"RUNNING"_s}));
        const Task running = task(placed.id);
        QVERIFY(running.startedAt.isValid());
        QVERIFY(running.pullStartedAt.isValid() && running.pullStoppedAt.isValid());
        QCOMPARE(running.containers.size(), 1);
        const TaskContainer &c = running.containers.front();
        QCOMPARE(toString(c.lastStatus), toString(ContainerRunState::Running));
        QCOMPARE(c.networkBindings.size(), 1);
        QCOMPARE(c.networkBindings.front().bindIP, ci.address);
        QCOMPARE(c.networkBindings.front().containerPort, 8080);
        QVERIFY(c.networkBindings.front().hostPort >= 49153);
        QCOMPARE(m_cp->instances().find({}, placed.containerInstanceId)->runningTasksCount, 1);
        QCOMPARE(m_cp->clusters().find(QStringLiteral("default"))->runningTasksCount, 1);

        // Health: the demo image's check passes in the simulation.
        QVERIFY(runUntil([&] { return task(placed.id).healthStatus == Health::Healthy; }));

        // The API shape carries the same facts.
        const auto j = json::describeTaskJson(task(placed.id), QStringLiteral("us-east-1"));
        QCOMPARE(QString::fromStdString(j["lastStatus"].get<std::string>()), QStringLiteral("RUNNING"));
        QCOMPARE(j["containers"][0]["networkBindings"][0]["containerPort"].get<int>(), 8080);
        QVERIFY(j.contains("containerInstanceArn"));
    }

    void stopTaskWalksTheStoppingStatesAndReleasesResources()
    {
        registerDefinition(kWeb);
        const Task t = run(QStringLiteral("web")).tasks.front();
        QVERIFY(runUntil([&] { return task(t.id).lastStatus == TaskStatus::Running; }));
        QStringList seen;
        connect(m_cp, &ControlPlane::changed, this, [&] {
            const QString s = toString(task(t.id).lastStatus);
            if (seen.isEmpty() || seen.last() != s)
                seen.append(s);
        });
        QVERIFY(m_cp->tasks().stop(QStringLiteral("default"), t.id));
        QVERIFY(runUntil([&] { return task(t.id).isStopped(); }));
        QCOMPARE(seen, (QStringList{u"RUNNING"_s, u"DEACTIVATING"_s, u"STOPPING"_s, u"DEPROVISIONING"_s, u"STOPPED"_s}));
        const Task stopped = task(t.id);
        QCOMPARE(toString(stopped.stopCode), toString(StopCode::UserInitiated));
        QCOMPARE(stopped.stoppedReason, QStringLiteral("Task stopped by user"));
        QVERIFY(stopped.stoppingAt.isValid() && stopped.executionStoppedAt.isValid() && stopped.stoppedAt.isValid());
        QCOMPARE(toString(stopped.containers.front().lastStatus), toString(ContainerRunState::Stopped));
        QVERIFY(stopped.containers.front().exitCode.has_value());
        QVERIFY(stopped.containers.front().networkBindings.isEmpty());
        const ContainerInstance ci = m_cp->instances().find({}, t.containerInstanceId).value();
        QCOMPARE(ci.remainingCpu(), ci.registeredCpu);
        QCOMPARE(ci.runningTasksCount, 0);
        QCOMPARE(m_rt->networkCount(), 0); // the task network is gone

        // Stopped tasks are listed with desiredStatus STOPPED, not with RUNNING.
        ops::TaskFilter running;
        running.desiredStatus = TaskStatus::Running;
        QVERIFY(m_cp->tasks().list(QStringLiteral("default"), running).isEmpty());
        ops::TaskFilter stoppedFilter;
        stoppedFilter.desiredStatus = TaskStatus::Stopped;
        QCOMPARE(m_cp->tasks().list(QStringLiteral("default"), stoppedFilter).size(), 1);
    }

    void missingImageFailsWithCannotPullContainerError()
    {
        registerDefinition(kWeb);
        m_rt->setAvailableImages(QSet<QString>{});
        const Task t = run(QStringLiteral("web")).tasks.front();
        QVERIFY(runUntil([&] { return task(t.id).isStopped(); }));
        const Task stopped = task(t.id);
        QCOMPARE(toString(stopped.stopCode), toString(StopCode::TaskFailedToStart));
        QVERIFY2(stopped.stoppedReason.startsWith(u"CannotPullContainerError: "), qPrintable(stopped.stoppedReason));
        QVERIFY(!stopped.startedAt.isValid());
        QCOMPARE(toString(stopped.containers.front().lastStatus), toString(ContainerRunState::Stopped));
    }

    void essentialContainerExitStopsTheTask()
    {
        registerDefinition(kWeb);
        const Task t = run(QStringLiteral("web")).tasks.front();
        QVERIFY(runUntil([&] { return task(t.id).lastStatus == TaskStatus::Running; }));
        QVERIFY(m_rt->makeExit(task(t.id).containers.front().runtimeId, 3));
        QVERIFY(runUntil([&] { return task(t.id).isStopped(); }));
        const Task stopped = task(t.id);
        QCOMPARE(toString(stopped.stopCode), toString(StopCode::EssentialContainerExited));
        QCOMPARE(stopped.stoppedReason, QStringLiteral("Essential container in task exited"));
        QCOMPARE(stopped.containers.front().exitCode.value_or(-1), 3);
    }

    void unhealthyContainerMakesTheTaskUnhealthy()
    {
        registerDefinition(kWeb);
        const Task t = run(QStringLiteral("web")).tasks.front();
        QVERIFY(runUntil([&] { return task(t.id).healthStatus == Health::Healthy; }));
        QVERIFY(m_rt->makeUnhealthy(task(t.id).containers.front().runtimeId));
        QVERIFY(runUntil([&] { return task(t.id).healthStatus == Health::Unhealthy; }));
        QCOMPARE(toString(task(t.id).lastStatus), toString(TaskStatus::Running)); // health alone does not stop a standalone task
    }

    void dependsOnStartsContainersInOrder()
    {
        registerDefinition(kDepends);
        runtime::FailureRule migrateExits;
        migrateExits.kind = runtime::FailureRule::Kind::ExitAfter;
        migrateExits.image = QStringLiteral("fleetdeck/migrate:*");
        migrateExits.after = 2s;
        migrateExits.exitCode = 0;
        m_rt->addFailure(migrateExits);
        const Task t = run(QStringLiteral("ordered")).tasks.front();
        QVERIFY(runUntil([&] { return task(t.id).lastStatus == TaskStatus::Running; }, 60s));
        const Task running = task(t.id);
        const TaskContainer *migrate = running.container(QStringLiteral("migrate"));
        const TaskContainer *db = running.container(QStringLiteral("db"));
        const TaskContainer *app = running.container(QStringLiteral("app"));
        QCOMPARE(migrate->exitCode.value_or(-1), 0);
        // app started only after migrate exited with 0 and db became healthy.
        QVERIFY(app->startedAt >= migrate->finishedAt);
        QVERIFY(app->startedAt > db->startedAt);
        QCOMPARE(toString(db->health), toString(Health::Healthy));
        QCOMPARE(toString(running.desiredStatus), toString(TaskStatus::Running)); // a non-essential exit does not stop it
    }

    void failedDependencyFailsTheTask()
    {
        registerDefinition(kDepends);
        runtime::FailureRule migrateFails;
        migrateFails.kind = runtime::FailureRule::Kind::ExitAfter;
        migrateFails.image = QStringLiteral("fleetdeck/migrate:*");
        migrateFails.after = 1s;
        migrateFails.exitCode = 2;
        m_rt->addFailure(migrateFails);
        const Task t = run(QStringLiteral("ordered")).tasks.front();
        QVERIFY(runUntil([&] { return task(t.id).isStopped(); }, 60s));
        const Task stopped = task(t.id);
        QCOMPARE(toString(stopped.stopCode), toString(StopCode::TaskFailedToStart));
        QVERIFY2(stopped.stoppedReason.contains(u"migrate"), qPrintable(stopped.stoppedReason));
        QVERIFY(stopped.container(QStringLiteral("app"))->runtimeId.isEmpty()); // never started
    }

    void staticPortsLimitOneTaskPerInstance()
    {
        registerDefinition(kStaticPort);
        const auto result = run(QStringLiteral("static"), 5);
        QCOMPARE(result.tasks.size(), 3); // three instances, port 80 once on each
        QCOMPARE(result.failures.size(), 2);
        QCOMPARE(result.failures.front().reason, QStringLiteral("RESOURCE:PORTS"));
        QSet<QString> instances;
        for (const Task &t : result.tasks)
            instances.insert(t.containerInstanceId);
        QCOMPARE(instances.size(), 3);
    }

    void requestErrorsNameTheProblem()
    {
        registerDefinition(kWeb);
        ops::RunTaskRequest r;
        r.taskDefinition = QStringLiteral("web");
        r.count = 11;
        auto tooMany = m_cp->tasks().run(r);
        QVERIFY(!tooMany);
        QCOMPARE(tooMany.error().code, QStringLiteral("InvalidParameterException"));
        QVERIFY(tooMany.error().message.contains(u"count"));
        r.count = 1;
        r.cluster = QStringLiteral("nope");
        auto noCluster = m_cp->tasks().run(r);
        QVERIFY(!noCluster);
        QCOMPARE(noCluster.error().code, QStringLiteral("ClusterNotFoundException"));
        r.cluster.clear();
        r.taskDefinition = QStringLiteral("missing:3");
        auto noDefinition = m_cp->tasks().run(r);
        QVERIFY(!noDefinition);
        QCOMPARE(noDefinition.error().message, QStringLiteral("TaskDefinition not found."));
        r.taskDefinition = QStringLiteral("web");
        r.overrides = {ContainerOverride{QStringLiteral("sidecar"), QStringList{QStringLiteral("x")}, {}}};
        auto badOverride = m_cp->tasks().run(r);
        QVERIFY(!badOverride);
        QVERIFY(badOverride.error().message.contains(u"sidecar"));
        QVERIFY(m_cp->tasks().list().isEmpty()); // nothing half-created
    }

    void startTaskUsesTheNamedInstances()
    {
        registerDefinition(kWeb);
        const QList<ContainerInstance> instances = m_cp->instances().list();
        ops::RunTaskRequest r;
        r.taskDefinition = QStringLiteral("web");
        r.containerInstances = {instances[2].id, instances[2].ec2InstanceId, QStringLiteral("0123456789abcdef0123456789abcdef")};
        const auto result = m_cp->tasks().run(r).value();
        QCOMPARE(result.tasks.size(), 2); // both names of the third instance: two tasks there
        for (const Task &t : result.tasks)
            QCOMPARE(t.containerInstanceId, instances[2].id);
        QCOMPARE(result.failures.size(), 1);
        QCOMPARE(result.failures.front().reason, QStringLiteral("MISSING"));
        QVERIFY(result.failures.front().arn.endsWith(u"0123456789abcdef0123456789abcdef"));
    }

    void overridesReachTheContainer()
    {
        registerDefinition(kWeb);
        ops::RunTaskRequest r;
        r.taskDefinition = QStringLiteral("web");
        r.overrides = {ContainerOverride{QStringLiteral("web"), QStringList{QStringLiteral("--verbose")},
                                         {{QStringLiteral("COLOR"), QStringLiteral("red")}}}};
        const Task t = m_cp->tasks().run(r).value().tasks.front();
        QVERIFY(runUntil([&] { return task(t.id).lastStatus == TaskStatus::Running; }));
        bool inspected = false;
        m_rt->inspect(task(t.id).containers.front().runtimeId).then(this, [&](const Result<runtime::ContainerState> &s) {
            QVERIFY(s);
            QCOMPARE(s.value().labels.value(QStringLiteral("fleetdeck.task")), t.id);
            QCOMPARE(s.value().labels.value(QStringLiteral("fleetdeck.family")), QStringLiteral("web"));
            inspected = true;
        });
        QTRY_VERIFY(inspected);
        QCOMPARE(task(t.id).overrides.front().command.value(), QStringList{QStringLiteral("--verbose")});
    }

    void waitingTaskIsPlacedWhenCapacityAppears()
    {
        registerDefinition(kStaticPort);
        const auto first = run(QStringLiteral("static"), 3);
        QCOMPARE(first.tasks.size(), 3);
        const auto queued = run(QStringLiteral("static"), 1, /*queue*/ true);
        QCOMPARE(queued.tasks.size(), 1);
        const Task waiting = queued.tasks.front();
        QCOMPARE(toString(waiting.lastStatus), toString(TaskStatus::Pending));
        QVERIFY(!waiting.isPlaced());
        QVERIFY2(waiting.pendingReason.contains(u"port"), qPrintable(waiting.pendingReason));
        QCOMPARE(m_cp->clusters().find(QStringLiteral("default"))->pendingTasksCount, 4);

        QVERIFY(runUntil([&] {
            return std::all_of(first.tasks.begin(), first.tasks.end(),
                               [&](const Task &t) { return task(t.id).lastStatus == TaskStatus::Running; });
        }));
        QVERIFY(!task(waiting.id).isPlaced());
        QVERIFY(m_cp->tasks().stop({}, first.tasks.front().id));
        QVERIFY(runUntil([&] { return task(waiting.id).lastStatus == TaskStatus::Running; }));
        QCOMPARE(task(waiting.id).containerInstanceId, first.tasks.front().containerInstanceId);
        QVERIFY(task(waiting.id).pendingReason.isEmpty());
    }

    void restartedControllerAdoptsAndNeverStartsTwice()
    {
        registerDefinition(kWeb);
        const auto result = run(QStringLiteral("web"), 3);
        // Let the containers be created, then "crash" before the controller saw every answer.
        for (int i = 0; i < 3; ++i) {
            m_ctl->reconcileNow();
            QCoreApplication::processEvents();
            m_rt->tick();
            QCoreApplication::processEvents();
        }
        stopSystem();
        startSystem(); // state from disk, as after a restart
        QCOMPARE(m_cp->tasks().list().size(), 3);
        QVERIFY(runUntil([&] {
            const auto ts = m_cp->tasks().list();
            return std::all_of(ts.begin(), ts.end(), [](const Task &t) { return t.lastStatus == TaskStatus::Running; });
        }));
        QCOMPARE(m_rt->containerCount(), 3); // one container per task, none started twice
        QCOMPARE(m_rt->runningCount(), 3);
    }

    void stoppedTasksStayForAnHour()
    {
        registerDefinition(kWeb);
        const Task t = run(QStringLiteral("web")).tasks.front();
        QVERIFY(m_cp->tasks().stop({}, t.id, QStringLiteral("done for today")));
        QVERIFY(runUntil([&] { return task(t.id).isStopped(); }));
        QCOMPARE(task(t.id).stoppedReason, QStringLiteral("done for today"));
        m_clock->advance(59 * 60 * 1000);
        QCOMPARE(m_cp->tasks().purgeStopped(), 0);
        m_clock->advance(2 * 60 * 1000);
        QCOMPARE(m_cp->tasks().purgeStopped(), 1);
        QVERIFY(!m_cp->tasks().find({}, t.id));
        stopSystem();
        startSystem();
        QVERIFY(m_cp->tasks().list().isEmpty()); // purged from disk too
    }

    void storeDocumentRoundTrips()
    {
        registerDefinition(kDepends);
        Task t = run(QStringLiteral("ordered")).tasks.front();
        t.containers[0].exitCode = 0;
        t.containers[0].networkBindings = {NetworkBinding{QStringLiteral("127.0.0.2"), 8080, 49153, QStringLiteral("tcp")}};
        t.overrides = {ContainerOverride{QStringLiteral("app"), QStringList{QStringLiteral("a")},
                                         {{QStringLiteral("K"), QStringLiteral("V")}}}};
        t.stoppedAt = m_clock->now();
        t.stopCode = StopCode::EssentialContainerExited;
        auto back = json::fromStoreJson(json::toStoreJson(t));
        QVERIFY(back);
        QCOMPARE(json::toStoreJson(back.value()), json::toStoreJson(t));
        QCOMPARE(back.value().containers, t.containers);
        QCOMPARE(back.value().overrides, t.overrides);
    }
};

QTEST_GUILESS_MAIN(TestTasks)
#include "TestTasks.moc"
