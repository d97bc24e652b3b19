// Services end to end on the simulated runtime, with a ManualClock: the control plane's service
// calls, the service controller and the task controller together. The documented deployment
// examples (ECS-SEMANTICS 1.4) are checked batch by batch, with the bounds asserted at every
// observed step; replacement, scale-in, the circuit breaker with rollback, the start back-off,
// DAEMON services, draining, deletion, the exact event wording and a restart in the middle of a
// deployment.

#include "ControlPlane.h"
#include "ops/Clusters.h"
#include "ops/TaskDefinitions.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"
#include "ops/Services.h"
#include "System.h"
#include "DrivenSystem.h"
#include "controllers/ServiceController.h"
#include "controllers/TaskController.h"
#include "json/TaskDefinitionJson.h"
#include "runtime/SimulatedRuntime.h"
#include "services/ServiceReconciler.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <memory>

using namespace fd;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

QByteArray webDefinition(const QString &image, bool healthCheck = false, int memory = 256)
{
    QByteArray json = QStringLiteral(R"({"family": "web", "containerDefinitions": [{
        "name": "web", "image": "%1", "cpu": 256, "memory": %2,
        "portMappings": [{"containerPort": 8080, "hostPort": 0}])")
                          .arg(image)
                          .arg(memory)
                          .toUtf8();
    if (healthCheck)
        json += R"(, "healthCheck": {"command": ["CMD", "/demo-web", "healthcheck"], "interval": 5, "timeout": 2,
                  "retries": 2, "startPeriod": 0})";
    json += "}]}";
    return json;
}

// What a deployment did, batch by batch, read from the service's events (oldest first).
QStringList batches(const Service &v)
{
    static const QRegularExpression re(QStringLiteral(R"(has (started|stopped) (\d+) )"));
    QStringList out;
    for (auto it = v.events.crbegin(); it != v.events.crend(); ++it) {
        const auto m = re.match(it->message);
        if (m.hasMatch())
            out.append((m.captured(1) == u"started" ? u"start "_s : u"stop "_s) + m.captured(2));
    }
    return out;
}

} // namespace

class TestServices : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<runtime::SimulatedRuntime> m_rt;
    // Built as Fleetdeck builds itself (core/System), on the test's clock and simulated runtime, with
    // the controllers driven by reconcileNow().
    std::unique_ptr<System> m_system;
    ControlPlane *m_cp = nullptr;
    TaskController *m_tasks = nullptr;
    ServiceController *m_services = nullptr;
    // Bounds seen while observing: set by the test, checked at every step.
    std::function<void()> m_invariant;

    void openPlane()
    {
        m_system = test::startDrivenSystem(m_dir->path(), m_clock, [this](const Engine &) { return m_rt.get(); });
        m_cp = &m_system->controlPlane();
        m_tasks = &m_system->taskController();
        m_services = &m_system->serviceController();
    }

    void closePlane()
    {
        m_cp = nullptr;
        m_tasks = nullptr;
        m_services = nullptr;
        m_system.reset();
    }

    TaskDefinition registerDefinition(const QByteArray &json)
    {
        auto spec = json::parseTaskDefinition(json);
        if (!spec)
            qFatal("bad definition: %s", qPrintable(spec.error().message));
        auto td = m_cp->taskDefinitions().registerNew(spec.value());
        if (!td)
            qFatal("register failed: %s", qPrintable(td.error().message));
        return td.value();
    }

    // Advances time in 500 ms steps, letting the runtime, the task controller and the service
    // controller work, checking m_invariant after each step, until `done` or `limit` has passed.
    bool runUntil(const std::function<bool()> &done, std::chrono::milliseconds limit = 300s)
    {
        for (qint64 t = 0; t <= limit.count(); t += 500) {
            for (int i = 0; i < 3; ++i) {
                m_rt->tick();
                QCoreApplication::processEvents();
                m_tasks->reconcileNow();
                QCoreApplication::processEvents();
                m_services->reconcileNow();
                QCoreApplication::processEvents();
                if (m_invariant)
                    m_invariant();
            }
            if (done())
                return true;
            m_clock->advance(500);
        }
        return done();
    }

    Service service(const QString &name = u"web"_s) const { return m_cp->services().find(u"default"_s, name).value(); }

    QList<Task> serviceTasks(const QString &name = u"web"_s) const
    {
        ops::TaskFilter f;
        f.group = u"service:"_s + name;
        return m_cp->tasks().list(u"default"_s, f);
    }

    // Tasks of the service holding a place (RUNNING or on their way, stopping ones included).
    int occupying() const
    {
        int n = 0;
        for (const Task &t : serviceTasks())
            n += t.isStopped() ? 0 : 1;
        return n;
    }

    // RUNNING tasks desired RUNNING that count as healthy (40 s after RUNNING, no health checks).
    int healthyRunning() const
    {
        int n = 0;
        for (const Task &t : serviceTasks()) {
            if (t.lastStatus == TaskStatus::Running && t.desiredStatus == TaskStatus::Running &&
                t.startedAt.msecsTo(m_clock->now()) >= 40000)
                ++n;
        }
        return n;
    }

    bool stable(const QString &name = u"web"_s) const
    {
        const Service v = service(name);
        return v.deployments.size() == 1 && v.primary()->rolloutState == RolloutState::Completed &&
               v.runningCount() == v.desiredCount;
    }

    bool hasEvent(const QString &fragment, const QString &name = u"web"_s) const
    {
        for (const ServiceEvent &e : service(name).events) {
            if (e.message.contains(fragment))
                return true;
        }
        return false;
    }

    Service create(int desired, int minimumHealthy, int maximum, const QString &td = u"web:1"_s,
                   CircuitBreaker breaker = {})
    {
        ops::ServiceRequest r;
        r.serviceName = u"web"_s;
        r.taskDefinition = td;
        r.desiredCount = desired;
        r.minimumHealthyPercent = minimumHealthy;
        r.maximumPercent = maximum;
        r.circuitBreaker = breaker;
        auto v = m_cp->services().create(r);
        if (!v)
            qFatal("createService failed: %s", qPrintable(v.error().message));
        return v.value();
    }

    Service update(const QString &td)
    {
        ops::ServiceRequest r;
        r.serviceName = u"web"_s;
        r.taskDefinition = td;
        auto v = m_cp->services().update(r);
        if (!v)
            qFatal("updateService failed: %s", qPrintable(v.error().message));
        return v.value();
    }

    // One event per batch from this point on.
    QStringList batchesSince(int before) const { return batches(service()).mid(before); }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_clock = std::make_shared<ManualClock>();
        runtime::SimulationOptions options;
        options.tickInterval = 0ms;
        options.startJitter = 0ms;
        m_rt = std::make_unique<runtime::SimulatedRuntime>(*m_clock, options);
        openPlane();
        QVERIFY(m_cp->engines().add(u"sim"_s, Engine::Kind::Simulated, {}));
        QVERIFY(m_cp->createDefaultLayout(u"sim"_s)); // 3 x t3.medium, one per zone
        registerDefinition(webDefinition(u"fleetdeck/demo-web:1"_s)); // web:1
        registerDefinition(webDefinition(u"fleetdeck/demo-web:2"_s)); // web:2
        m_invariant = nullptr;
    }

    void cleanup()
    {
        m_invariant = nullptr;
        closePlane();
        m_rt.reset();
        m_dir.reset();
    }

    void createValidates()
    {
        ops::ServiceRequest r;
        r.serviceName = u"web"_s;
        r.taskDefinition = u"web:1"_s;
        QCOMPARE(m_cp->services().create(r).error().message, u"desiredCount: required for a REPLICA service"_s);
        r.desiredCount = 2;
        r.maximumPercent = 250;
        QCOMPARE(m_cp->services().create(r).error().message,
                 u"deploymentConfiguration.maximumPercent: must be between 100 and 200 (250)"_s);
        r.maximumPercent.reset();
        r.taskDefinition = u"nope:1"_s;
        QCOMPARE(m_cp->services().create(r).error().message, u"TaskDefinition not found."_s);
        r.taskDefinition = u"web:1"_s;
        r.cluster = u"elsewhere"_s;
        QCOMPARE(m_cp->services().create(r).error().code, u"ClusterNotFoundException"_s);
        r.cluster.clear();
        // A constraint that does not parse is refused where the request enters, naming the field.
        const auto bad = scheduler::constraintsFromJson(R"([{"type":"memberOf","expression":"attribute:ecs.instance-type =~"}])");
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.startsWith(u"placementConstraints[0].expression: "_s), qPrintable(bad.error().message));
        QVERIFY(m_cp->services().create(r));
        QCOMPARE(m_cp->services().create(r).error().message, u"Creation of service was not idempotent."_s);
        QCOMPARE(m_cp->services().remove({}, u"web"_s, false).error().message,
                 u"The service cannot be stopped while it is scaled above 0."_s);
        ops::ServiceRequest u;
        u.serviceName = u"missing"_s;
        QCOMPARE(m_cp->services().update(u).error().code, u"ServiceNotFoundException"_s);
        // Nothing half-made: the one service there is the one created.
        QCOMPARE(m_cp->services().list().size(), 1);
        QCOMPARE(m_cp->clusters().find(u"default"_s)->activeServicesCount, 1);
        QCOMPARE(m_cp->clusters().remove(u"default"_s).error().code, u"ClusterContainsContainerInstancesException"_s);
    }

    void reachesSteadyStateWithSpreadAndEvents()
    {
        const Service created = create(3, 100, 200);
        QVERIFY(created.primary()->id.contains(QRegularExpression(u"^ecs-svc/\\d{19}$"_s)));
        QVERIFY(runUntil([&] { return stable(); }, 120s));
        const Service v = service();
        QCOMPARE(v.runningCount(), 3);
        QCOMPARE(v.primary()->rolloutStateReason, u"ECS deployment %1 completed."_s.arg(v.primary()->id));
        // Spread across the three zones: one task on each instance.
        QSet<QString> instances;
        for (const Task &t : serviceTasks())
            instances.insert(t.containerInstanceId);
        QCOMPARE(instances.size(), 3);
        // Exact wording, API form, newest first.
        QVERIFY(v.events.front().message == u"(service web) has reached a steady state."_s ||
                v.events.at(1).message == u"(service web) has reached a steady state."_s);
        QVERIFY(hasEvent(u"(service web) (deployment %1) deployment completed."_s.arg(v.primary()->id)));
        static const QRegularExpression started(u"^\\(service web\\) has started 3 tasks: \\(task [0-9a-f]{32}\\) "
                                                u"\\(task [0-9a-f]{32}\\) \\(task [0-9a-f]{32}\\)\\.$"_s);
        QVERIFY(std::any_of(v.events.begin(), v.events.end(),
                            [](const ServiceEvent &e) { return started.match(e.message).hasMatch(); }));
        // Tasks carry the deployment and group as on ECS.
        for (const Task &t : serviceTasks()) {
            QCOMPARE(t.startedBy, v.primary()->id);
            QCOMPARE(t.group, u"service:web"_s);
        }
        // The steady-state event repeats after six hours of control-plane time, not before.
        const auto steadyCount = [&] {
            const auto events = service().events;
            return std::count_if(events.begin(), events.end(),
                                 [](const ServiceEvent &e) { return e.message.endsWith(u"steady state."_s); });
        };
        QCOMPARE(steadyCount(), 1);
        m_clock->advance(std::chrono::milliseconds(5h).count());
        QVERIFY(runUntil([] { return false; }, 2s) || true);
        QCOMPARE(steadyCount(), 1);
        m_clock->advance(std::chrono::milliseconds(1h).count());
        QVERIFY(runUntil([&] { return steadyCount() == 2; }, 5s));
    }

    void replacesStoppedTasksAndScalesIn()
    {
        create(4, 100, 200);
        QVERIFY(runUntil([&] { return stable(); }, 120s));
        const Task victim = serviceTasks().front();
        QVERIFY(m_cp->tasks().stop(u"default"_s, victim.id));
        QVERIFY(runUntil([&] { return m_cp->tasks().find({}, victim.id)->isStopped() && stable(); }, 120s));
        QCOMPARE(service().runningCount(), 4);
        QVERIFY(hasEvent(u"(service web) has started 1 tasks:"_s));

        // A crash is replaced too.
        const Task crashed = serviceTasks().back();
        QVERIFY(m_rt->makeExit(crashed.containers.front().runtimeId, 2));
        QVERIFY(runUntil([&] { return m_cp->tasks().find({}, crashed.id)->isStopped(); }, 30s));
        QVERIFY(runUntil([&] { return stable(); }, 120s));

        ops::ServiceRequest r;
        r.serviceName = u"web"_s;
        r.desiredCount = 1;
        QVERIFY(m_cp->services().update(r));
        QVERIFY(runUntil([&] { return occupying() == 1 && stable(); }, 60s));
        QVERIFY2(hasEvent(u"(service web) has stopped 3 running tasks:"_s), qPrintable(batches(service()).join(u", ")));
        // A desired count change is not a new deployment.
        QCOMPARE(service().deployments.size(), 1);
    }

    // ECS-SEMANTICS 1.4, the documented examples, with the demo image v1 -> v2.
    void documentedExamples_data()
    {
        QTest::addColumn<int>("desired");
        QTest::addColumn<int>("minimumHealthy");
        QTest::addColumn<int>("maximum");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<int>("expectedLowest"); // fewest healthy tasks at any observed step
        QTest::newRow("4 at 50/200: start 4, then stop 4") << 4 << 50 << 200 << QStringList{u"start 4"_s, u"stop 4"_s} << 4;
        QTest::newRow("4 at 50/100: stop 2, start 2, stop 2, start 2")
            << 4 << 50 << 100 << QStringList{u"stop 2"_s, u"start 2"_s, u"stop 2"_s, u"start 2"_s} << 2;
        QTest::newRow("4 at 100/200: start 4, stop 4") << 4 << 100 << 200 << QStringList{u"start 4"_s, u"stop 4"_s} << 4;
        QTest::newRow("3 at 100/150 (max rounds down to 4): one at a time")
            << 3 << 100 << 150
            << QStringList{u"start 1"_s, u"stop 1"_s, u"start 1"_s, u"stop 1"_s, u"start 1"_s, u"stop 1"_s} << 3;
    }

    void documentedExamples()
    {
        QFETCH(int, desired);
        QFETCH(int, minimumHealthy);
        QFETCH(int, maximum);
        QFETCH(QStringList, expected);
        QFETCH(int, expectedLowest);
        create(desired, minimumHealthy, maximum);
        QVERIFY(runUntil([&] { return stable(); }, 120s));
        const int before = int(batches(service()).size());
        const int floor = (desired * minimumHealthy + 99) / 100;
        const int ceiling = desired * maximum / 100;
        int lowest = desired, highest = 0;
        m_invariant = [&] {
            const int healthy = healthyRunning();
            const int held = occupying();
            lowest = std::min(lowest, healthy);
            highest = std::max(highest, held);
            QVERIFY2(healthy >= floor, qPrintable(u"healthy %1 below %2"_s.arg(healthy).arg(floor)));
            QVERIFY2(held <= ceiling, qPrintable(u"%1 tasks above %2"_s.arg(held).arg(ceiling)));
        };
        const Service updated = update(u"web:2"_s);
        QCOMPARE(updated.deployments.size(), 2);
        QCOMPARE(toString(updated.deployments.at(1).status), toString(DeploymentStatus::Active));
        QVERIFY(runUntil([&] { return stable(); }, 600s));
        m_invariant = nullptr;
        QCOMPARE(batchesSince(before), expected);
        QCOMPARE(lowest, expectedLowest);
        for (const Task &t : serviceTasks()) {
            if (!t.isStopped())
                QCOMPARE(t.taskDefinition(), u"web:2"_s);
        }
        QCOMPARE(service().deploymentHistory.size(), 1);
        QCOMPARE(toString(service().deploymentHistory.front().status), toString(DeploymentStatus::Inactive));
    }

    void configurationThatCannotMove()
    {
        create(2, 75, 100);
        QVERIFY(runUntil([&] { return stable(); }, 120s));
        const int before = int(batches(service()).size());
        update(u"web:2"_s);
        QVERIFY(runUntil([&] {
            return hasEvent(u"(service web) was unable to stop or start tasks during a deployment because of the service "
                            "deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try "
                            "again."_s);
        }, 30s));
        runUntil([] { return false; }, 20s);
        QCOMPARE(batchesSince(before), QStringList{}); // not one task stopped or started
        QCOMPARE(toString(service().primary()->rolloutState), toString(RolloutState::InProgress));
        // Raising maximumPercent lets it move.
        ops::ServiceRequest r;
        r.serviceName = u"web"_s;
        r.maximumPercent = 200;
        QVERIFY(m_cp->services().update(r));
        QVERIFY(runUntil([&] { return stable(); }, 300s));
        QCOMPARE(service().primary()->revision, 2);
    }

    void circuitBreakerRollsBack()
    {
        registerDefinition(webDefinition(u"fleetdeck/crash:1"_s)); // web:3
        runtime::FailureRule rule;
        rule.kind = runtime::FailureRule::Kind::FailToStart;
        rule.image = u"fleetdeck/crash:*"_s;
        m_rt->addFailure(rule);
        create(2, 100, 200, u"web:1"_s, CircuitBreaker{true, true});
        QVERIFY(runUntil([&] { return stable(); }, 120s));
        const QString good = service().primary()->id;
        const Service updated = update(u"web:3"_s);
        const QString bad = updated.primary()->id;
        QVERIFY(runUntil([&] { return hasEvent(u"rolling back"_s); }, 600s));
        const Service v = service();
        QVERIFY(hasEvent(u"(service web) (deployment %1) deployment failed: tasks failed to start."_s.arg(bad)));
        QVERIFY(hasEvent(u"(service web) rolling back to deployment %1."_s.arg(good)));
        QCOMPARE(v.primary()->id, good);
        // The failed deployment drains like any old one, then stays in the history with its verdict.
        QList<Deployment> all = v.deployments + v.deploymentHistory;
        auto failed = std::find_if(all.begin(), all.end(), [&](const Deployment &d) { return d.id == bad; });
        QVERIFY(failed != all.end());
        QCOMPARE(toString(failed->rolloutState), toString(RolloutState::Failed));
        // The threshold for desired 2 is max(3, ceil(1)) = 3; tasks that fail in the same tick all count.
        QVERIFY(failed->failedTasks >= 3);
        QCOMPARE(failed->rolloutStateReason, u"ECS deployment circuit breaker: task failed to start."_s);
        QVERIFY(runUntil([&] { return stable(); }, 120s));
        QCOMPARE(service().revision, 1);
        QCOMPARE(toString(service().primary()->rolloutState), toString(RolloutState::Completed));
        // The old tasks never stopped: the service kept serving throughout.
        QCOMPARE(healthyRunning(), 2);
    }

    void failedDeploymentWithoutRollbackStops()
    {
        registerDefinition(webDefinition(u"fleetdeck/crash:1"_s)); // web:3
        runtime::FailureRule rule;
        rule.kind = runtime::FailureRule::Kind::FailToStart;
        rule.image = u"fleetdeck/crash:*"_s;
        m_rt->addFailure(rule);
        create(1, 100, 200, u"web:1"_s, CircuitBreaker{true, false});
        QVERIFY(runUntil([&] { return stable(); }, 120s));
        update(u"web:3"_s);
        QVERIFY(runUntil([&] { return service().primary()->rolloutState == RolloutState::Failed; }, 900s));
        const int tasksAtFailure = int(serviceTasks().size());
        runUntil([] { return false; }, 60s);
        QCOMPARE(int(serviceTasks().size()), tasksAtFailure); // a failed deployment launches nothing more
        QCOMPARE(healthyRunning(), 1);
    }

    void startFailuresBackOff()
    {
        registerDefinition(webDefinition(u"fleetdeck/crash:1"_s)); // web:3
        runtime::FailureRule rule;
        rule.kind = runtime::FailureRule::Kind::FailToStart;
        rule.image = u"fleetdeck/crash:*"_s;
        m_rt->addFailure(rule);
        create(1, 100, 200, u"web:3"_s);
        QVERIFY(runUntil([&] { return hasEvent(u"(service web) is unable to consistently start tasks successfully."_s); },
                         300s));
        const Service v = service();
        QCOMPARE(v.throttle.consecutiveFailures, 3);
        const QDateTime next = v.throttle.nextLaunchAllowedAt();
        QCOMPARE(v.throttle.lastFailureAt.secsTo(next), 40); // 10 s, 20 s, then 40 s
        const int launched = int(serviceTasks().size());
        // Nothing launches before the back-off ends...
        runUntil([&] { return m_clock->now() >= next.addSecs(-1); }, 60s);
        QCOMPARE(int(serviceTasks().size()), launched);
        // ... and an update resets it.
        update(u"web:1"_s);
        QCOMPARE(service().throttle.consecutiveFailures, 0);
        QVERIFY(runUntil([&] { return stable(); }, 120s));
    }

    void unhealthyTaskIsReplacedFirst()
    {
        registerDefinition(webDefinition(u"fleetdeck/demo-web:1"_s, true)); // web:3 with a health check
        create(2, 100, 200, u"web:3"_s);
        QVERIFY(runUntil([&] { return stable(); }, 120s));
        const Task sick = serviceTasks().front();
        QVERIFY(m_rt->makeUnhealthy(sick.containers.front().runtimeId));
        QVERIFY(runUntil([&] { return hasEvent(u"(service web) (task %1) failed container health checks."_s.arg(sick.id)); },
                         60s));
        QVERIFY(hasEvent(u"Amazon ECS replaced 1 tasks due to an unhealthy status."_s));
        QVERIFY(runUntil([&] { return m_cp->tasks().find({}, sick.id)->isStopped() && stable(); }, 120s));
        QCOMPARE(m_cp->tasks().find({}, sick.id)->stoppedReason, u"Task failed container health checks"_s);
    }

    void drainingInstanceIsReplacedWithinBounds()
    {
        create(3, 100, 200);
        QVERIFY(runUntil([&] { return stable(); }, 120s));
        const Task onIt = serviceTasks().front();
        m_invariant = [&] { QVERIFY(healthyRunning() >= 3); };
        QVERIFY(m_cp->instances().setState(u"default"_s, onIt.containerInstanceId, InstanceStatus::Draining));
        QVERIFY(runUntil([&] { return m_cp->tasks().find({}, onIt.id)->isStopped() && stable(); }, 300s));
        m_invariant = nullptr;
        for (const Task &t : serviceTasks()) {
            if (!t.isStopped())
                QVERIFY(t.containerInstanceId != onIt.containerInstanceId);
        }
    }

    void daemonFollowsInstances()
    {
        ops::ServiceRequest r;
        r.serviceName = u"agent"_s;
        r.taskDefinition = u"web:1"_s;
        r.schedulingStrategy = services::SchedulingStrategy::Daemon;
        r.placementConstraints = scheduler::constraintsFromJson(R"([{"type":"memberOf","expression":"attribute:ecs.availability-zone != us-east-1c"}])").value();
        auto created = m_cp->services().create(r);
        QVERIFY2(created, qPrintable(created ? QString() : created.error().message));
        QCOMPARE(created->percents, (services::DeploymentPercents{0, 100}));
        QVERIFY(runUntil([&] { return stable(u"agent"_s); }, 120s));
        QCOMPARE(service(u"agent"_s).desiredCount, 2); // not the us-east-1c instance
        // A new instance in 1a gets one; draining one takes its task away.
        ops::InstanceRequest more;
        more.cluster = u"default"_s;
        more.engineId = u"sim"_s;
        more.availabilityZones = {u"us-east-1a"_s};
        auto added = m_cp->instances().registerNew(more);
        QVERIFY(added);
        QVERIFY(runUntil([&] { return stable(u"agent"_s) && service(u"agent"_s).desiredCount == 3; }, 120s));
        QVERIFY(m_cp->instances().setState(u"default"_s, added->front().id, InstanceStatus::Draining));
        QVERIFY(runUntil([&] { return stable(u"agent"_s) && service(u"agent"_s).desiredCount == 2; }, 120s));
        // A new revision: each instance's task is replaced.
        ops::ServiceRequest u;
        u.serviceName = u"agent"_s;
        u.taskDefinition = u"web:2"_s;
        QVERIFY(m_cp->services().update(u));
        QVERIFY(runUntil([&] { return stable(u"agent"_s) && service(u"agent"_s).revision == 2; }, 300s));
        ops::TaskFilter f;
        f.group = u"service:agent"_s;
        int live = 0;
        for (const Task &t : m_cp->tasks().list(u"default"_s, f)) {
            if (!t.isStopped()) {
                ++live;
                QCOMPARE(t.revision, 2);
            }
        }
        QCOMPARE(live, 2);
    }

    void deleteDrainsThenInactive()
    {
        create(2, 100, 200);
        QVERIFY(runUntil([&] { return stable(); }, 120s));
        auto deleted = m_cp->services().remove({}, u"web"_s, true);
        QVERIFY(deleted);
        QCOMPARE(toString(deleted->status), toString(ServiceStatus::Draining));
        QVERIFY(runUntil([&] { return service().status == ServiceStatus::Inactive; }, 120s));
        QCOMPARE(occupying(), 0);
        QVERIFY(m_cp->services().list().isEmpty());
        ops::ServiceRequest again;
        again.serviceName = u"web"_s;
        QCOMPARE(m_cp->services().update(again).error().code, u"ServiceNotActiveException"_s);
        // The name can be used again.
        create(1, 100, 200);
        QVERIFY(runUntil([&] { return stable(); }, 120s));
    }

    void unplaceableEventNamesTheClosestInstance()
    {
        registerDefinition(webDefinition(u"fleetdeck/demo-web:1"_s, false, 3500)); // web:3, 3.5 GiB each
        create(4, 100, 200, u"web:3"_s);
        QVERIFY(runUntil([&] { return hasEvent(u"was unable to place a task"_s); }, 60s));
        static const QRegularExpression re(
            u"^\\(service web\\) was unable to place a task because no container instance met all of its requirements\\. "
            u"The closest matching \\(container-instance [0-9a-f]{32}\\) has insufficient memory available\\. For more "
            u"information, see the Troubleshooting section of the Amazon ECS Developer Guide\\.$"_s);
        const auto events = service().events;
        QVERIFY(std::any_of(events.begin(), events.end(),
                            [](const ServiceEvent &e) { return re.match(e.message).hasMatch(); }));
        // Reported once, not on every tick.
        runUntil([] { return false; }, 30s);
        const auto again = service().events;
        QCOMPARE(std::count_if(again.begin(), again.end(),
                               [](const ServiceEvent &e) { return e.message.contains(u"unable to place"_s); }),
                 1);
    }

    // A deployment that starts while the old tasks are RUNNING but not judged healthy yet (under 40 s)
    // and whose new tasks cannot be placed stops no old task: they hold the 100 % floor, and the
    // service keeps serving with them while the new revision waits for room.
    void youngTasksAreKeptWhenTheNewRevisionCannotBePlaced()
    {
        registerDefinition(webDefinition(u"fleetdeck/demo-web:1"_s, false, 8000)); // web:3, fits no instance
        create(2, 100, 200);
        QVERIFY(runUntil(
            [&] {
                int running = 0;
                for (const Task &t : serviceTasks())
                    running += t.lastStatus == TaskStatus::Running ? 1 : 0;
                return running == 2;
            },
            60s));
        QStringList young;
        for (const Task &t : serviceTasks()) {
            QVERIFY(t.startedAt.msecsTo(m_clock->now()) < 40000);
            young.append(t.id);
        }
        const int before = int(batches(service()).size());
        update(u"web:3"_s);
        QVERIFY(runUntil([&] { return hasEvent(u"was unable to place a task"_s); }, 30s));
        runUntil([] { return false; }, 120s);
        for (const QString &id : young)
            QVERIFY2(live(id), qPrintable(id));
        QCOMPARE(batchesSince(before), QStringList{}); // nothing stopped, nothing could start
        QCOMPARE(service().runningCount(), 2);
        QCOMPARE(toString(service().primary()->rolloutState), toString(RolloutState::InProgress));
        // A revision that fits lets the deployment complete.
        update(u"web:1"_s);
        QVERIFY(runUntil([&] { return stable(); }, 300s));
    }

    // Closing the control plane in the middle of a deployment and opening it again resumes it:
    // every task is still there, none is started twice, and the rollout completes in the same batches.
    void restartMidDeploymentResumes()
    {
        create(4, 50, 100);
        QVERIFY(runUntil([&] { return stable(); }, 120s));
        const int before = int(batches(service()).size());
        update(u"web:2"_s);
        // Stop after the first batch (stop 2) and the second (start 2) are under way.
        QVERIFY(runUntil([&] { return batchesSince(before).size() >= 2; }, 120s));
        const int tasksBefore = int(serviceTasks().size());
        closePlane();
        openPlane();
        QCOMPARE(int(serviceTasks().size()), tasksBefore);
        QVERIFY(runUntil([&] { return stable(); }, 600s));
        QCOMPARE(batchesSince(before), (QStringList{u"stop 2"_s, u"start 2"_s, u"stop 2"_s, u"start 2"_s}));
        // 4 of v1 and 4 of v2, nothing else ever started.
        QCOMPARE(int(serviceTasks().size()), 8);
        QCOMPARE(m_rt->runningCount(), 4);
    }

    // Protects the task until `minutes` from now, as UpdateTaskProtection does.
    void protect(const QString &taskId, int minutes)
    {
        const QDateTime until = m_clock->now().addSecs(qint64(minutes) * 60);
        QVERIFY(m_cp->tasks().update(taskId, [&](Task &t) { t.protectedUntil = until; }));
    }

    bool live(const QString &taskId) const
    {
        const auto t = m_cp->tasks().find({}, taskId);
        return t && !t->isStopped() && t->desiredStatus == TaskStatus::Running;
    }

    // UpdateTaskProtection: scale-in leaves protected tasks running until the protection runs out,
    // then takes the service down to its desired count.
    void protectedTasksSurviveScaleInUntilExpiry()
    {
        create(4, 100, 200);
        QVERIFY(runUntil([&] { return stable(); }, 120s));
        const QList<Task> tasks = serviceTasks();
        const QString a = tasks.at(0).id, b = tasks.at(1).id;
        const QDateTime aExpires = m_clock->now().addSecs(300);
        protect(a, 5);
        protect(b, 10);
        ops::ServiceRequest r;
        r.serviceName = u"web"_s;
        r.desiredCount = 1;
        QVERIFY(m_cp->services().update(r));
        // The two unprotected tasks go; the two protected ones stay although desired is 1.
        QVERIFY(runUntil([&] { return occupying() == 2; }, 60s));
        runUntil([] { return false; }, 60s);
        QCOMPARE(occupying(), 2);
        QVERIFY(live(a));
        QVERIFY(live(b));
        QVERIFY(!service().isStable());
        // a's protection runs out after 5 minutes (4 already passed): a goes, b stays.
        QVERIFY(runUntil([&] { return !live(a); }, 400s));
        QVERIFY(m_clock->now() >= aExpires); // not before, on the control plane's clock
        QVERIFY(live(b));
        QVERIFY(runUntil([&] { return occupying() == 1 && stable(); }, 60s));
        QVERIFY(live(b));
    }

    // A rollout does not stop a protected old task either: the deployment waits for its protection
    // to run out before it completes.
    void protectedTaskHoldsRolloutUntilExpiry()
    {
        create(2, 100, 200);
        QVERIFY(runUntil([&] { return stable(); }, 120s));
        const QString kept = serviceTasks().front().id;
        protect(kept, 3);
        const QDateTime expires = m_clock->now().addSecs(180);
        update(u"web:2"_s);
        QVERIFY(runUntil([&] {
            int v2 = 0;
            for (const Task &t : serviceTasks())
                v2 += !t.isStopped() && t.revision == 2 && t.lastStatus == TaskStatus::Running ? 1 : 0;
            return v2 == 2 && occupying() == 3;
        }, 120s));
        QVERIFY(live(kept));
        QCOMPARE(toString(service().primary()->rolloutState), toString(RolloutState::InProgress));
        QVERIFY(runUntil([&] { return stable(); }, 300s));
        QVERIFY(m_clock->now() >= expires);
        QVERIFY(!live(kept));
    }

    // StopServiceDeployment (ROLLBACK): the in-progress deployment stops and the service goes back to
    // the last one that completed; what cannot be honoured is refused, saying why.
    void stopDeploymentRollsBack()
    {
        create(2, 100, 200);
        // Nothing completed yet: nothing to go back to.
        const QString first = service().primary()->id;
        auto refused = m_cp->services().rollBackDeployment(u"default"_s, u"web"_s, first);
        QCOMPARE(refused.error().code, u"ConflictException"_s);
        QVERIFY2(refused.error().message.contains(u"no earlier deployment"_s), qPrintable(refused.error().message));
        QVERIFY(runUntil([&] { return stable(); }, 120s));
        // A completed deployment is not in progress.
        QCOMPARE(m_cp->services().rollBackDeployment(u"default"_s, u"web"_s, first).error().code,
                 u"ConflictException"_s);
        QCOMPARE(m_cp->services().rollBackDeployment(u"default"_s, u"web"_s, u"ecs-svc/1"_s).error().code,
                 u"ServiceDeploymentNotFoundException"_s);

        const QString second = update(u"web:2"_s).primary()->id;
        QCOMPARE(service().primary()->sourceIds, QStringList{first});
        auto stopped = m_cp->services().rollBackDeployment(u"default"_s, u"web"_s, second);
        QVERIFY2(stopped, stopped ? "" : qPrintable(stopped.error().message));
        QCOMPARE(stopped->primary()->id, first);
        QCOMPARE(stopped->primary()->rolledBackFrom, second);
        QVERIFY(hasEvent(u"(service web) rolling back to deployment %1."_s.arg(first)));
        // The rollback itself cannot be stopped.
        QCOMPARE(m_cp->services().rollBackDeployment(u"default"_s, u"web"_s, first).error().code,
                 u"ConflictException"_s);
        QVERIFY(runUntil([&] { return stable(); }, 300s));
        QCOMPARE(service().revision, 1);
        for (const Task &t : serviceTasks()) {
            if (!t.isStopped())
                QCOMPARE(t.revision, 1);
        }
        const Service v = service();
        const QList<Deployment> all = v.deployments + v.deploymentHistory;
        auto failed = std::find_if(all.begin(), all.end(), [&](const Deployment &d) { return d.id == second; });
        QVERIFY(failed != all.end());
        QCOMPARE(toString(failed->rolloutState), toString(RolloutState::Failed));
        QVERIFY(failed->rolloutStateReason.contains(u"StopServiceDeployment"_s));
    }

    // DeleteTaskDefinitions: INACTIVE revisions go DELETE_IN_PROGRESS and are deleted once nothing
    // uses them; ACTIVE and unknown ones are failures; a deleted revision's number is never reused,
    // across a restart too.
    void deleteTaskDefinitionsWaitsForUsers()
    {
        create(1, 100, 200, u"web:2"_s);
        QVERIFY(runUntil([&] { return stable(); }, 120s));
        QVERIFY(m_cp->taskDefinitions().deregister(u"web:1"_s));
        QVERIFY(m_cp->taskDefinitions().deregister(u"web:2"_s));
        auto outcomes = m_cp->taskDefinitions().requestDeletion({u"web:1"_s, u"web:2"_s, u"web:9"_s, u"web"_s});
        QVERIFY(outcomes);
        QCOMPARE(outcomes->size(), 4);
        QCOMPARE(toString(outcomes->at(0).deleted->status), u"DELETE_IN_PROGRESS"_s);
        QVERIFY(outcomes->at(0).deleted->deleteRequestedAt.isValid());
        QCOMPARE(toString(outcomes->at(1).deleted->status), u"DELETE_IN_PROGRESS"_s);
        QVERIFY(outcomes->at(2).failureReason.contains(u"does not exist"_s));
        QVERIFY(outcomes->at(3).failureReason.contains(u"identifier is invalid"_s));
        // web:1 is used by nothing: the task controller deletes it; web:2 waits for its service.
        QVERIFY(runUntil([&] { return !m_cp->taskDefinitions().find(u"web:1"_s); }, 30s));
        runUntil([] { return false; }, 30s);
        QCOMPARE(toString(m_cp->taskDefinitions().find(u"web:2"_s)->status), u"DELETE_IN_PROGRESS"_s);
        // No new task or service may use it; the service using it still scales.
        ops::RunTaskRequest run;
        run.cluster = u"default"_s;
        run.taskDefinition = u"web:2"_s;
        QVERIFY(m_cp->tasks().run(run).error().message.contains(u"DELETE_IN_PROGRESS"_s));
        ops::ServiceRequest r;
        r.serviceName = u"web"_s;
        r.desiredCount = 2;
        QVERIFY(m_cp->services().update(r));
        QVERIFY(runUntil([&] { return stable() && occupying() == 2; }, 120s));

        QVERIFY(m_cp->services().remove({}, u"web"_s, true));
        QVERIFY(runUntil([&] { return !m_cp->taskDefinitions().find(u"web:2"_s); }, 120s));
        QVERIFY(m_cp->taskDefinitions().list(u"web"_s).isEmpty());
        closePlane();
        openPlane();
        QVERIFY(!m_cp->taskDefinitions().find(u"web:2"_s));
        QCOMPARE(registerDefinition(webDefinition(u"fleetdeck/demo-web:3"_s)).revision, 3);
    }
};

QTEST_GUILESS_MAIN(TestServices)
#include "TestServices.moc"
