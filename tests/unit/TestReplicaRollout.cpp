// One tick of a service's rollout through the pure planner (services/ServiceReconciler.h), with the
// service, its tasks and the instances built by hand: which old tasks a deployment stops, and when.
// ECS keeps the minimumHealthyPercent floor during a deployment: a task of an older deployment that is
// RUNNING without a failing health check counts toward it, judged healthy yet or not (ECS-SEMANTICS
// 1.4); only a task that failed its health checks is replaced first. A DAEMON service follows its own
// rule, checked here so that the REPLICA rule does not leak into it.

#include "services/ServiceReconciler.h"

#include <QtTest>

using namespace fd;
using namespace fd::services;
using namespace Qt::StringLiterals;

namespace {

const QDateTime kT0 = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
const QString kOld = u"ecs-svc/1111111111111111111"_s;
const QString kNew = u"ecs-svc/2222222222222222222"_s;

// A service whose deployment kNew (revision 2, IN_PROGRESS) has just replaced kOld (revision 1,
// COMPLETED), as UpdateService leaves it.
Service updatedService(int desired, int minimumHealthy, int maximum,
                       SchedulingStrategy strategy = SchedulingStrategy::Replica)
{
    Service v;
    v.name = u"web"_s;
    v.cluster = u"default"_s;
    v.schedulingStrategy = strategy;
    v.family = u"web"_s;
    v.revision = 2;
    v.desiredCount = desired;
    v.percents = {minimumHealthy, maximum};
    Deployment primary;
    primary.id = kNew;
    primary.family = u"web"_s;
    primary.revision = 2;
    primary.desiredCount = desired;
    primary.createdAt = kT0;
    Deployment old = primary;
    old.id = kOld;
    old.status = DeploymentStatus::Active;
    old.revision = 1;
    old.rolloutState = RolloutState::Completed;
    v.deployments = {primary, old};
    return v;
}

// A task of `deployment` RUNNING since `runningFor` seconds before kT0 on `instance`.
Task runningTask(const QString &id, const QString &deployment, int runningFor, const QString &instance,
                 bool healthCheck = false, Health health = Health::Unknown)
{
    Task t;
    t.id = id;
    t.cluster = u"default"_s;
    t.family = u"web"_s;
    t.revision = deployment == kOld ? 1 : 2;
    t.group = u"service:web"_s;
    t.startedBy = deployment;
    t.containerInstanceId = instance;
    t.lastStatus = TaskStatus::Running;
    t.createdAt = kT0.addSecs(-runningFor - 5);
    t.startedAt = kT0.addSecs(-runningFor);
    TaskContainer c;
    c.name = u"web"_s;
    c.hasHealthCheck = healthCheck;
    c.health = health;
    c.lastStatus = ContainerRunState::Running;
    t.containers = {c};
    t.healthStatus = healthCheck ? health : Health::Unknown;
    return t;
}

struct Tick
{
    Service service;
    QList<Task> tasks;
    QHash<QString, InstanceStatus> instances{
        {u"i-a"_s, InstanceStatus::Active}, {u"i-b"_s, InstanceStatus::Active}, {u"i-c"_s, InstanceStatus::Active}};
    QStringList daemonInstances;

    ReconcilePlan run(const QDateTime &now = kT0) const
    {
        ReconcileInput in;
        in.service = &service;
        for (const Task &t : tasks)
            in.tasks.append(&t);
        in.instances = instances;
        in.daemonInstances = daemonInstances;
        in.now = now;
        return reconcileService(in);
    }
};

// Every task id the plan stops, in order.
QStringList stopped(const ReconcilePlan &plan)
{
    QStringList out;
    for (const ReconcilePlan::Stop &s : plan.stops)
        out += s.taskIds;
    return out;
}

} // namespace

class TestReplicaRollout final : public QObject
{
    Q_OBJECT

private slots:
    // (1) v1 RUNNING for 20 s (health checks still UNKNOWN, inside the grace period), update to v2
    // whose tasks cannot be placed: the planner asks for v2 tasks every tick and stops no v1 task
    // beyond what minimumHealthyPercent allows, however long v2 stays unplaceable.
    void youngOldTasksHoldTheFloorWhenNothingReplacesThem_data()
    {
        QTest::addColumn<int>("minimumHealthy");
        QTest::addColumn<int>("maximum");
        QTest::addColumn<int>("start");   // tasks of v2 the planner asks for
        QTest::addColumn<int>("mayStop"); // v1 tasks it may stop: desired − ceil(desired × min%)
        QTest::newRow("100/200: start 2, stop none") << 100 << 200 << 2 << 0;
        QTest::newRow("50/200: start 2, stop none (nothing lacks room)") << 50 << 200 << 2 << 0;
        QTest::newRow("50/100: no room to start, stop 1 of 2 (the floor is 1)") << 50 << 100 << 0 << 1;
        QTest::newRow("0/100: stop both (no floor)") << 0 << 100 << 0 << 2;
    }

    void youngOldTasksHoldTheFloorWhenNothingReplacesThem()
    {
        QFETCH(int, minimumHealthy);
        QFETCH(int, maximum);
        QFETCH(int, start);
        QFETCH(int, mayStop);
        Tick tick;
        tick.service = updatedService(2, minimumHealthy, maximum);
        tick.service.healthCheckGracePeriodSeconds = 60;
        tick.tasks = {runningTask(u"old-a"_s, kOld, 20, u"i-a"_s, true, Health::Unknown),
                      runningTask(u"old-b"_s, kOld, 20, u"i-b"_s, true, Health::Unhealthy)}; // inside the grace
        // v2 never gets a task: every tick sees the same tasks, only time passes (RUNNING 20 s, 35 s, 59 s).
        for (const int later : {0, 15, 39}) {
            const ReconcilePlan plan = tick.run(kT0.addSecs(later));
            QCOMPARE(plan.startCount, start);
            QVERIFY2(stopped(plan).size() == mayStop,
                     qPrintable(u"stopped %1 at +%2 s"_s.arg(stopped(plan).join(u", "_s)).arg(later)));
        }
        // The grace period over, old-b's UNHEALTHY counts: it is replaced first; old-a, still UNKNOWN,
        // keeps holding the floor.
        const ReconcilePlan plan = tick.run(kT0.addSecs(40));
        QVERIFY(stopped(plan).contains(u"old-b"_s));
        QCOMPARE(stopped(plan).contains(u"old-a"_s), mayStop == 2);
        QVERIFY(plan.events.contains(u"(service web) (task old-b) failed container health checks."_s));
    }

    // The same without health checks: RUNNING for 20 s of the 40 s after which a task counts as
    // healthy. Nothing starts (maximum 100 %), and the floor of 100 % keeps both old tasks.
    void youngOldTasksWithoutChecksAreNotStopped()
    {
        Tick tick;
        tick.service = updatedService(2, 100, 200);
        tick.tasks = {runningTask(u"old-a"_s, kOld, 20, u"i-a"_s), runningTask(u"old-b"_s, kOld, 5, u"i-b"_s)};
        ReconcilePlan plan = tick.run();
        QCOMPARE(plan.startCount, 2);
        QCOMPARE(stopped(plan), QStringList{});
        // Nothing to replace them with: the events say nothing was stopped either.
        for (const QString &e : plan.events)
            QVERIFY2(!e.contains(u"stopped"_s), qPrintable(e));
        QCOMPARE(plan.next.deployments.size(), 2);
        QCOMPARE(plan.next.deployments.at(1).runningCount, 2);
    }

    // (2) minimum 100 %, maximum 200 %: the v1 tasks stay until the v2 tasks count as healthy, then go.
    void oldTasksStayUntilNewOnesAreHealthy()
    {
        Tick tick;
        tick.service = updatedService(2, 100, 200);
        tick.tasks = {runningTask(u"old-a"_s, kOld, 20, u"i-a"_s), runningTask(u"old-b"_s, kOld, 20, u"i-b"_s)};
        QCOMPARE(tick.run().startCount, 2);
        // The two v2 tasks are RUNNING, 10 s and 39 s: not healthy yet, so no old task goes.
        tick.tasks += runningTask(u"new-a"_s, kNew, 10, u"i-c"_s);
        tick.tasks += runningTask(u"new-b"_s, kNew, 39, u"i-a"_s);
        ReconcilePlan plan = tick.run();
        QCOMPARE(plan.startCount, 0);
        QCOMPARE(stopped(plan), QStringList{});
        // new-b counts at 40 s: one old task may go (the floor is 2: new-b and the other old one).
        plan = tick.run(kT0.addSecs(1));
        QCOMPARE(stopped(plan).size(), 1);
        QVERIFY(stopped(plan).front().startsWith(u"old-"_s));
        // Both count: both old tasks go.
        plan = tick.run(kT0.addSecs(30));
        QCOMPARE(stopped(plan), (QStringList{u"old-a"_s, u"old-b"_s}));
        QCOMPARE(plan.stops.front().reason, scalingActivityReason(kNew));
    }

    // (3) An old task that failed its health checks (after the grace period) is still replaced first:
    // it stops at once, with its event, even while the new tasks are not there yet.
    void unhealthyOldTasksAreStillReplacedFirst()
    {
        Tick tick;
        tick.service = updatedService(2, 100, 200);
        tick.service.healthCheckGracePeriodSeconds = 10;
        tick.tasks = {runningTask(u"old-a"_s, kOld, 20, u"i-a"_s, true, Health::Unhealthy),
                      runningTask(u"old-b"_s, kOld, 20, u"i-b"_s, true, Health::Healthy)};
        const ReconcilePlan plan = tick.run();
        QCOMPARE(stopped(plan), QStringList{u"old-a"_s});
        QCOMPARE(plan.startCount, 2);
        QVERIFY(plan.events.contains(u"(service web) (task old-a) failed container health checks."_s));
    }

    // An old task still PENDING does not count toward the floor, but it is not thrown away while
    // there is room beside it and nothing has replaced it; once enough tasks are healthy it goes.
    void pendingOldTasksGoOnlyWhenNotNeeded()
    {
        Tick tick;
        tick.service = updatedService(2, 100, 200);
        Task pending = runningTask(u"old-a"_s, kOld, 0, u"i-a"_s);
        pending.lastStatus = TaskStatus::Pending;
        pending.startedAt = {};
        tick.tasks = {pending, runningTask(u"old-b"_s, kOld, 60, u"i-b"_s)};
        ReconcilePlan plan = tick.run();
        QCOMPARE(plan.startCount, 2);
        QCOMPARE(stopped(plan), QStringList{});
        // Room lacking (maximum 100 %): the PENDING one goes before the RUNNING one.
        tick.service.percents = {50, 100};
        plan = tick.run();
        QCOMPARE(plan.startCount, 0);
        QCOMPARE(stopped(plan), QStringList{u"old-a"_s});
        // With two healthy v2 tasks, every old task goes.
        tick.service.percents = {100, 200};
        tick.tasks += runningTask(u"new-a"_s, kNew, 50, u"i-c"_s);
        tick.tasks += runningTask(u"new-b"_s, kNew, 50, u"i-a"_s);
        plan = tick.run();
        QCOMPARE(stopped(plan), (QStringList{u"old-a"_s, u"old-b"_s}));
    }

    // Instance draining: the bounds apply too (ECS-SEMANTICS 1.4), a young RUNNING task there is
    // replaced before it stops when maximumPercent allows.
    void youngTaskOnADrainingInstanceWaitsForItsReplacement()
    {
        Tick tick;
        tick.service = updatedService(2, 100, 200);
        tick.service.deployments.removeLast(); // no deployment going on, just a draining instance
        tick.service.deployments.first().rolloutState = RolloutState::Completed;
        tick.tasks = {runningTask(u"a"_s, kNew, 20, u"i-a"_s), runningTask(u"b"_s, kNew, 60, u"i-b"_s)};
        tick.instances[u"i-a"_s] = InstanceStatus::Draining;
        ReconcilePlan plan = tick.run();
        QCOMPARE(plan.startCount, 1);
        QCOMPARE(stopped(plan), QStringList{});
        tick.tasks += runningTask(u"c"_s, kNew, 45, u"i-c"_s);
        plan = tick.run();
        QCOMPARE(stopped(plan), QStringList{u"a"_s});
    }

    // (4) DAEMON: unchanged. Old daemon tasks go as far as the healthy ones allow above minimum 0 %
    // (one healthy: one goes, the first in instance order), the new one starting on an instance once
    // the old one there has stopped; a failing daemon task is stopped at once.
    void daemonServiceIsUnaffected()
    {
        Tick tick;
        tick.service = updatedService(0, 0, 100, SchedulingStrategy::Daemon);
        tick.daemonInstances = {u"i-a"_s, u"i-b"_s};
        tick.tasks = {runningTask(u"old-a"_s, kOld, 20, u"i-a"_s), runningTask(u"old-b"_s, kOld, 60, u"i-b"_s)};
        ReconcilePlan plan = tick.run();
        QCOMPARE(plan.next.desiredCount, 2);
        QCOMPARE(stopped(plan), QStringList{u"old-a"_s});
        QCOMPARE(plan.startCount, 0); // each new one starts once the old one on its instance has stopped
        plan = tick.run(kT0.addSecs(25));
        QCOMPARE(stopped(plan), (QStringList{u"old-a"_s, u"old-b"_s}));
        tick.tasks = {runningTask(u"old-a"_s, kOld, 20, u"i-a"_s, true, Health::Unhealthy)};
        plan = tick.run();
        QCOMPARE(stopped(plan), QStringList{u"old-a"_s});
        QCOMPARE(plan.stops.front().reason, u"Task failed container health checks"_s);
    }

    // UpdateTaskProtection on a DAEMON service's task (ECS refuses only standalone tasks): its
    // deployment leaves the protected task running, looks again when the protection runs out, and
    // replaces it then.
    void protectedDaemonTaskHoldsItsInstanceUntilExpiry()
    {
        Tick tick;
        tick.service = updatedService(0, 0, 100, SchedulingStrategy::Daemon);
        tick.daemonInstances = {u"i-a"_s, u"i-b"_s};
        tick.tasks = {runningTask(u"old-a"_s, kOld, 60, u"i-a"_s), runningTask(u"old-b"_s, kOld, 60, u"i-b"_s)};
        tick.tasks[0].protectedUntil = kT0.addSecs(300);
        ReconcilePlan plan = tick.run();
        QCOMPARE(stopped(plan), QStringList{u"old-b"_s});
        QCOMPARE(plan.recheckAt, kT0.addSecs(300));
        QCOMPARE(toString(plan.next.primary()->rolloutState), toString(RolloutState::InProgress));
        plan = tick.run(kT0.addSecs(300));
        QCOMPARE(stopped(plan), (QStringList{u"old-a"_s, u"old-b"_s}));
    }
};

QTEST_GUILESS_MAIN(TestReplicaRollout)
#include "TestReplicaRollout.moc"
