// The task controller's planner as a table: a task as observed (a one-line sketch), its definition
// and the time in, the one next step out, for every state of the ECS task lifecycle; then adoption
// after a restart and what the engine's answers do to a task. Pure functions: no control plane,
// no engine, no clock.
//
// Task sketch: "LAST/DESIRED [net] [unplaced] [nohost] name=state[,health] ...", where state is
//   pending (not created), created (created by an earlier run, not seen running), running,
//   exitedN (ran and exited with N), never (stopped without ever running).

#include "json/TaskDefinitionJson.h"
#include "tasks/TaskPlanner.h"
#include "tasks/TaskTransitions.h"

#include <QTest>

using namespace fd;
using namespace fd::tasks;

namespace {

const QDateTime kNow = QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC);

const QHash<QString, QByteArray> kDefinitions{
    {QStringLiteral("web"),
     R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "demo-web:1", "memory": 64}]})"},
    {QStringLiteral("pair"), R"({"family": "pair", "containerDefinitions": [
        {"name": "web", "image": "demo-web:1", "memory": 64},
        {"name": "sidecar", "image": "demo-web:1", "memory": 64, "essential": false}]})"},
    {QStringLiteral("ordered"), R"({"family": "ordered", "containerDefinitions": [
        {"name": "migrate", "image": "migrate:1", "memory": 64, "essential": false},
        {"name": "db", "image": "demo-web:1", "memory": 64,
         "healthCheck": {"command": ["CMD", "/demo-web", "healthcheck"], "interval": 5, "retries": 2}},
        {"name": "app", "image": "demo-web:1", "memory": 64,
         "dependsOn": [{"containerName": "migrate", "condition": "SUCCESS"},
                       {"containerName": "db", "condition": "HEALTHY"}]}]})"},
    {QStringLiteral("startcomplete"), R"({"family": "sc", "containerDefinitions": [
        {"name": "b", "image": "demo-web:1", "memory": 64},
        {"name": "c", "image": "demo-web:1", "memory": 64, "essential": false},
        {"name": "a", "image": "demo-web:1", "memory": 64,
         "dependsOn": [{"containerName": "b", "condition": "START"}, {"containerName": "c", "condition": "COMPLETE"}]}]})"},
    {QStringLiteral("stoptimeout"), R"({"family": "st", "containerDefinitions": [
        {"name": "db", "image": "demo-web:1", "memory": 64, "stopTimeout": 20},
        {"name": "app", "image": "demo-web:1", "memory": 64, "stopTimeout": 5,
         "dependsOn": [{"containerName": "db", "condition": "START"}]}]})"},
};

TaskDefinition definition(const QString &name)
{
    auto spec = json::parseTaskDefinition(kDefinitions.value(name));
    if (!spec)
        qFatal("bad fixture %s: %s", qPrintable(name), qPrintable(spec.error().message));
    TaskDefinition td;
    td.spec = spec.value();
    td.revision = 1;
    return td;
}

TaskStatus status(const QString &s)
{
    return taskStatusFromString(s).value_or(TaskStatus::Stopped);
}

struct Sketch
{
    Task task;
    bool instanceKnown = true;
};

Sketch sketch(const TaskDefinition &td, const QString &text)
{
    Sketch out;
    Task &t = out.task;
    t.id = QStringLiteral("t1");
    t.cluster = QStringLiteral("default");
    t.family = td.spec.family;
    t.revision = 1;
    t.containerInstanceId = QStringLiteral("ci1");
    t.stoppedReason = QStringLiteral("Task stopped by user");
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    t.lastStatus = status(words.value(0).section(u'/', 0, 0));
    t.desiredStatus = status(words.value(0).section(u'/', 1, 1));
    if (t.desiredStatus != TaskStatus::Stopped)
        t.stoppedReason.clear();
    for (const QString &w : words.mid(1)) {
        if (w == u"net") {
            t.network = QStringLiteral("fleetdeck-task-t1");
            continue;
        }
        if (w == u"unplaced") {
            t.containerInstanceId.clear();
            continue;
        }
        if (w == u"nohost") {
            out.instanceKnown = false;
            continue;
        }
        TaskContainer c;
        c.name = w.section(u'=', 0, 0);
        c.runtimeName = QStringLiteral("fd-t1-") + c.name;
        for (const ContainerDefinition &d : td.spec.containerDefinitions) {
            if (d.name == c.name) {
                c.essential = d.essential;
                c.hasHealthCheck = d.healthCheck.has_value();
            }
        }
        const QStringList parts = w.section(u'=', 1).split(u',');
        const QString state = parts.value(0);
        if (state != u"pending" && state != u"never")
            c.runtimeId = QStringLiteral("id-") + c.name;
        if (state == u"running" || state.startsWith(u"exited")) {
            c.startedAt = kNow.addSecs(-60);
            c.lastStatus = ContainerRunState::Running;
        }
        if (state.startsWith(u"exited")) {
            c.lastStatus = ContainerRunState::Stopped;
            c.exitCode = state.mid(6).toInt();
            c.finishedAt = kNow.addSecs(-30);
        }
        if (state == u"never")
            c.lastStatus = ContainerRunState::Stopped;
        if (parts.contains(QStringLiteral("healthy")))
            c.health = Health::Healthy;
        if (parts.contains(QStringLiteral("unhealthy")))
            c.health = Health::Unhealthy;
        t.containers.append(c);
    }
    t.healthStatus = aggregateHealth(t.containers);
    return out;
}

QString containerStates(const Task &t)
{
    QStringList out;
    for (const TaskContainer &c : t.containers)
        out.append(c.name + u':' + toString(c.lastStatus));
    return out.join(u',');
}

} // namespace

class TestTaskPlanner final : public QObject
{
    Q_OBJECT

private slots:
    void plan_data();
    void plan();
    void stoppingRecordsItsTimes();
    void settledTasksNeedNoStep();
    void adopt_data();
    void adopt();
    void transitions();
};

void TestTaskPlanner::plan_data()
{
    QTest::addColumn<QString>("def");      // fixture; "none": the revision is gone
    QTest::addColumn<QString>("task");     // sketch
    QTest::addColumn<QString>("kind");     // toString(StepKind)
    QTest::addColumn<QString>("names");    // containers to run/confirm/stop, in order
    QTest::addColumn<QString>("next");     // Commit: "LAST/DESIRED" of the task to commit
    QTest::addColumn<QString>("decision"); // substring; empty: no decision
    QTest::addColumn<QString>("detail");   // substring of reason, events or stoppedReason

    // Desired RUNNING.
    QTest::newRow("PROVISIONING with a task network: create it") << "web"
                                                                 << "PROVISIONING/RUNNING net web=pending"
                                                                 << "create network"
                                                                 << ""
                                                                 << ""
                                                                 << "create network fleetdeck-task-t1"
                                                                 << "";
    QTest::newRow("PROVISIONING without a network: straight to PENDING") << "web"
                                                                         << "PROVISIONING/RUNNING web=pending"
                                                                         << "commit"
                                                                         << ""
                                                                         << "PENDING/RUNNING"
                                                                         << "PENDING"
                                                                         << "no task network";
    QTest::newRow("PENDING: containers without dependencies start together")
        << "pair"
        << "PENDING/RUNNING web=pending sidecar=pending"
        << "run containers"
        << "web,sidecar"
        << ""
        << "start containers web, sidecar"
        << "";
    QTest::newRow("dependsOn: what nothing depends on starts first, app waits")
        << "ordered"
        << "PENDING/RUNNING migrate=pending db=pending app=pending"
        << "run containers"
        << "migrate,db"
        << ""
        << "start containers migrate, db"
        << "app: dependsOn migrate SUCCESS, dependsOn db HEALTHY";
    QTest::newRow("dependsOn SUCCESS: wait while migrate runs")
        << "ordered"
        << "PENDING/RUNNING migrate=running db=running,healthy app=pending"
        << "none"
        << ""
        << ""
        << "wait: app: dependsOn migrate SUCCESS"
        << "";
    QTest::newRow("dependsOn HEALTHY: wait for db's health check")
        << "ordered"
        << "PENDING/RUNNING migrate=exited0 db=running app=pending"
        << "none"
        << ""
        << ""
        << "wait: app: dependsOn db HEALTHY"
        << "";
    QTest::newRow("dependsOn SUCCESS and HEALTHY met: app starts")
        << "ordered"
        << "PENDING/RUNNING migrate=exited0 db=running,healthy app=pending"
        << "run containers"
        << "app"
        << ""
        << "start containers app"
        << "dependsOn migrate SUCCESS, dependsOn db HEALTHY met";
    QTest::newRow("dependsOn SUCCESS can no longer happen: migrate exited 2")
        << "ordered"
        << "PENDING/RUNNING migrate=exited2 db=running,healthy app=pending"
        << "commit"
        << ""
        << "PENDING/STOPPED"
        << "stop: failed to start"
        << "DependencyError: container app needs migrate to exit with code 0";
    QTest::newRow("dependsOn HEALTHY can no longer happen: db is UNHEALTHY")
        << "ordered"
        << "PENDING/RUNNING migrate=exited0 db=running,unhealthy app=pending"
        << "commit"
        << ""
        << "PENDING/STOPPED"
        << "stop: failed to start"
        << "needs db to become healthy";
    QTest::newRow("dependsOn START: a dependency that never ran never will")
        << "startcomplete"
        << "PENDING/RUNNING b=never c=running a=pending"
        << "commit"
        << ""
        << "PENDING/STOPPED"
        << "stop: failed to start"
        << "needs b to start";
    QTest::newRow("dependsOn START met, COMPLETE still waits") << "startcomplete"
                                                               << "PENDING/RUNNING b=running c=running a=pending"
                                                               << "none"
                                                               << ""
                                                               << ""
                                                               << "wait: a: dependsOn c COMPLETE"
                                                               << "";
    QTest::newRow("dependsOn COMPLETE met by any exit code") << "startcomplete"
                                                             << "PENDING/RUNNING b=running c=exited3 a=pending"
                                                             << "run containers"
                                                             << "a"
                                                             << ""
                                                             << "start containers a"
                                                             << "dependsOn b START, dependsOn c COMPLETE met";
    QTest::newRow("every container started, essentials run: ACTIVATING")
        << "ordered"
        << "PENDING/RUNNING migrate=exited0 db=running,healthy app=running"
        << "commit"
        << ""
        << "ACTIVATING/RUNNING"
        << "ACTIVATING"
        << "every container started";
    QTest::newRow("every container started but an essential one exited: its exit stops the task")
        << "web"
        << "PENDING/RUNNING web=exited1"
        << "none"
        << ""
        << ""
        << ""
        << "essential container exited";
    QTest::newRow("a container an earlier run created is confirmed before anything else")
        << "pair"
        << "PENDING/RUNNING web=created sidecar=pending"
        << "confirm containers"
        << "web"
        << ""
        << "confirm containers web"
        << "earlier run";
    QTest::newRow("ACTIVATING: RUNNING, with an event naming the instance")
        << "web"
        << "ACTIVATING/RUNNING web=running"
        << "commit"
        << ""
        << "RUNNING/RUNNING"
        << "RUNNING"
        << "Task t1 (web:1) is RUNNING on i-0123456789abcdef0.";
    QTest::newRow("RUNNING: nothing to do, exits and health are observations") << "web"
                                                                               << "RUNNING/RUNNING web=running"
                                                                               << "none"
                                                                               << ""
                                                                               << ""
                                                                               << ""
                                                                               << "";
    QTest::newRow("the task definition revision is gone: failed to start") << "none"
                                                                           << "PENDING/RUNNING web=pending"
                                                                           << "commit"
                                                                           << ""
                                                                           << "PENDING/STOPPED"
                                                                           << "stop: failed to start"
                                                                           << "TaskDefinition web:1 not found";
    QTest::newRow("the container instance is gone: failed to start") << "web"
                                                                     << "PENDING/RUNNING nohost web=pending"
                                                                     << "commit"
                                                                     << ""
                                                                     << "PENDING/STOPPED"
                                                                     << "stop: failed to start"
                                                                     << "Container instance ci1 is gone";
    QTest::newRow("not placed yet: placement's business, not the agent's") << "web"
                                                                           << "PENDING/RUNNING unplaced web=pending"
                                                                           << "none"
                                                                           << ""
                                                                           << ""
                                                                           << ""
                                                                           << "";

    // Desired STOPPED.
    QTest::newRow("desired STOPPED while RUNNING: DEACTIVATING") << "web"
                                                                 << "RUNNING/STOPPED web=running"
                                                                 << "commit"
                                                                 << ""
                                                                 << "DEACTIVATING/STOPPED"
                                                                 << "DEACTIVATING"
                                                                 << "Task stopped by user";
    QTest::newRow("desired STOPPED before anything ran: DEACTIVATING too") << "web"
                                                                           << "PROVISIONING/STOPPED web=pending"
                                                                           << "commit"
                                                                           << ""
                                                                           << "DEACTIVATING/STOPPED"
                                                                           << "DEACTIVATING"
                                                                           << "";
    QTest::newRow("DEACTIVATING: STOPPING") << "web"
                                            << "DEACTIVATING/STOPPED web=running"
                                            << "commit"
                                            << ""
                                            << "STOPPING/STOPPED"
                                            << "STOPPING"
                                            << "";
    QTest::newRow("STOPPING: dependents first, app before db")
        << "ordered"
        << "STOPPING/STOPPED migrate=exited0 db=running,healthy app=running"
        << "stop containers"
        << "app"
        << ""
        << "stop containers app"
        << "dependents first: db waits for app";
    QTest::newRow("STOPPING: then what they depended on")
        << "ordered"
        << "STOPPING/STOPPED migrate=exited0 db=running,healthy app=exited0"
        << "stop containers"
        << "db"
        << ""
        << "stop containers db"
        << "desired STOPPED";
    QTest::newRow("STOPPING: the definition's stopTimeout is the grace before SIGKILL")
        << "stoptimeout"
        << "STOPPING/STOPPED db=running app=running"
        << "stop containers"
        << "app"
        << ""
        << "stop containers app (stopTimeout 5 s)"
        << "db waits for app";
    QTest::newRow("STOPPING: a container never created needs no stop")
        << "ordered"
        << "STOPPING/STOPPED migrate=never db=running app=pending"
        << "stop containers"
        << "db"
        << ""
        << "stop containers db"
        << "";
    QTest::newRow("STOPPING: nothing runs any more: DEPROVISIONING")
        << "ordered"
        << "STOPPING/STOPPED migrate=exited0 db=exited0 app=pending"
        << "commit"
        << ""
        << "DEPROVISIONING/STOPPED"
        << "DEPROVISIONING"
        << "no container is running";
    QTest::newRow("DEPROVISIONING with a task network: remove it") << "web"
                                                                   << "DEPROVISIONING/STOPPED net web=exited0"
                                                                   << "remove network"
                                                                   << ""
                                                                   << ""
                                                                   << "remove network fleetdeck-task-t1"
                                                                   << "";
    QTest::newRow("DEPROVISIONING without one: STOPPED, the exit codes in the event")
        << "web"
        << "DEPROVISIONING/STOPPED web=exited137"
        << "commit"
        << ""
        << "STOPPED/STOPPED"
        << "STOPPED"
        << "Task t1 (web:1) STOPPED: Task stopped by user; web exited with code 137.";
    QTest::newRow("STOPPED: nothing") << "web"
                                      << "STOPPED/STOPPED web=exited0"
                                      << "none"
                                      << ""
                                      << ""
                                      << ""
                                      << "";
}

void TestTaskPlanner::plan()
{
    QFETCH(QString, def);
    QFETCH(QString, task);
    QFETCH(QString, kind);
    QFETCH(QString, names);
    QFETCH(QString, next);
    QFETCH(QString, decision);
    QFETCH(QString, detail);

    const TaskDefinition td = definition(def == u"none" ? QStringLiteral("web") : def);
    const Sketch s = sketch(td, task);
    TaskPlanInput in;
    in.task = s.task;
    in.definition = def == u"none" ? nullptr : &td;
    in.instanceKnown = s.instanceKnown;
    in.instanceName = QStringLiteral("i-0123456789abcdef0");
    in.now = kNow;
    const TaskStep step = planTaskStep(in);

    QCOMPARE(toString(step.kind), kind);
    QStringList actualNames = step.containers;
    for (const ContainerStop &stop : step.stops)
        actualNames.append(stop.name);
    QCOMPARE(actualNames.join(u','), names);
    if (step.kind == StepKind::Commit) {
        QCOMPARE(toString(step.next.lastStatus) + u'/' + toString(step.next.desiredStatus), next);
        QCOMPARE(step.recheckAt, kNow); // the next state has its own step: look again at once
    } else {
        QVERIFY(next.isEmpty());
    }
    if (decision.isEmpty())
        QVERIFY2(step.decision.isEmpty(), qPrintable(step.decision));
    else
        QVERIFY2(step.decision.contains(decision), qPrintable(step.decision));
    const QString said = QStringList{step.reason, step.events.join(u" | "), step.next.stoppedReason}.join(u" | ");
    QVERIFY2(said.contains(detail), qPrintable(said));
    if (step.next.desiredStatus == TaskStatus::Stopped && s.task.desiredStatus != TaskStatus::Stopped) {
        QCOMPARE(toString(step.next.stopCode), toString(StopCode::TaskFailedToStart));
        QVERIFY(step.events.front().contains(u"failed to start"));
    }
    // The task controller skips the planner for a settled task: its step must be a silent None.
    if (isSettled(in.task, in.definition != nullptr)) {
        QCOMPARE(toString(step.kind), QStringLiteral("none"));
        QVERIFY2(step.decision.isEmpty() && step.reason.isEmpty(), qPrintable(step.decision + step.reason));
        QVERIFY(!step.recheckAt.isValid());
    }
}

// Which tasks the task controller passes over without planning (tasks::isSettled): RUNNING as
// desired with its revision known, and STOPPED ones; anything that still has a step to take is not.
void TestTaskPlanner::settledTasksNeedNoStep()
{
    const TaskDefinition td = definition(QStringLiteral("web"));
    const auto settled = [&](const char *task, bool definitionKnown = true) {
        return isSettled(sketch(td, QString::fromLatin1(task)).task, definitionKnown);
    };
    QVERIFY(settled("RUNNING/RUNNING web=running"));
    QVERIFY(settled("STOPPED/STOPPED web=exited0"));
    QVERIFY(settled("STOPPED/STOPPED web=exited0", false));
    QVERIFY(!settled("RUNNING/RUNNING web=running", false)); // the revision is gone: failed to start
    QVERIFY(!settled("RUNNING/STOPPED web=running"));        // desired STOPPED: DEACTIVATING next
    QVERIFY(!settled("ACTIVATING/RUNNING web=running"));     // RUNNING next
    QVERIFY(!settled("PENDING/RUNNING web=pending"));        // containers to start
    QVERIFY(!settled("PROVISIONING/RUNNING unplaced"));      // placement's business, with its reason
}

void TestTaskPlanner::stoppingRecordsItsTimes()
{
    const TaskDefinition td = definition(QStringLiteral("stoptimeout"));
    TaskPlanInput in;
    in.definition = &td;
    in.now = kNow;

    in.task = sketch(td, QStringLiteral("RUNNING/STOPPED db=running app=running")).task;
    TaskStep step = planTaskStep(in);
    QCOMPARE(step.next.stoppingAt, kNow);
    in.task.stoppingAt = kNow.addSecs(-5); // asked earlier: kept
    QCOMPARE(planTaskStep(in).next.stoppingAt, kNow.addSecs(-5));

    in.task = sketch(td, QStringLiteral("STOPPING/STOPPED db=running app=exited0")).task;
    step = planTaskStep(in);
    QCOMPARE(step.stops.size(), 1);
    QVERIFY(step.stops.front() ==
            (ContainerStop{QStringLiteral("db"), QStringLiteral("id-db"), std::chrono::seconds(20)}));

    in.task = sketch(td, QStringLiteral("STOPPING/STOPPED db=exited0 app=exited0")).task;
    step = planTaskStep(in);
    QCOMPARE(step.next.executionStoppedAt, kNow);
    for (const TaskContainer &c : step.next.containers)
        QVERIFY(c.networkBindings.isEmpty());

    // Without the definition the stop still happens, with the runtime's default grace.
    in.definition = nullptr;
    in.task = sketch(td, QStringLiteral("STOPPING/STOPPED db=running app=running")).task;
    step = planTaskStep(in);
    QCOMPARE(step.stops.size(), 2);
    QVERIFY(!step.stops.front().grace.has_value());
}

void TestTaskPlanner::adopt_data()
{
    QTest::addColumn<QString>("def");
    QTest::addColumn<QString>("task");
    QTest::addColumn<QString>("engine"); // "name=running[,healthy]" or "name=exitedN", space-separated
    QTest::addColumn<bool>("changed");
    QTest::addColumn<QString>("after"); // name:STATE of each container
    QTest::addColumn<QString>("desired");
    QTest::addColumn<QString>("detail"); // substring of the events or a container's reason

    QTest::newRow("a container that runs is adopted, not started again") << "web"
                                                                         << "PENDING/RUNNING web=pending"
                                                                         << "web=running" << true << "web:RUNNING"
                                                                         << "RUNNING"
                                                                         << "";
    QTest::newRow("an essential container that exited while away stops the task")
        << "web"
        << "RUNNING/RUNNING web=running"
        << "web=exited3" << true << "web:STOPPED"
        << "STOPPED"
        << "essential container web exited with code 3 while Fleetdeck was away";
    QTest::newRow("a non-essential exit while away: the task goes on")
        << "pair"
        << "RUNNING/RUNNING web=running sidecar=running"
        << "web=running sidecar=exited0" << true << "web:RUNNING,sidecar:STOPPED"
        << "RUNNING"
        << "";
    QTest::newRow("a container removed outside Fleetdeck is STOPPED with that reason")
        << "web"
        << "RUNNING/RUNNING web=running"
        << "" << true << "web:STOPPED"
        << "RUNNING"
        << "The container was removed outside Fleetdeck";
    QTest::newRow("health learned from the engine") << "web"
                                                    << "RUNNING/RUNNING web=running"
                                                    << "web=running,healthy" << true << "web:RUNNING"
                                                    << "RUNNING"
                                                    << "";
    QTest::newRow("already matched: nothing to commit") << "web"
                                                        << "RUNNING/RUNNING web=running"
                                                        << "web=running" << false << "web:RUNNING"
                                                        << "RUNNING"
                                                        << "";
    QTest::newRow("never created and not on the engine: nothing") << "web"
                                                                  << "PENDING/RUNNING web=pending"
                                                                  << "" << false << "web:PENDING"
                                                                  << "RUNNING"
                                                                  << "";
}

void TestTaskPlanner::adopt()
{
    QFETCH(QString, def);
    QFETCH(QString, task);
    QFETCH(QString, engine);
    QFETCH(bool, changed);
    QFETCH(QString, after);
    QFETCH(QString, desired);
    QFETCH(QString, detail);

    const TaskDefinition td = definition(def);
    const Task before = sketch(td, task).task;
    QHash<QString, runtime::ContainerState> byName;
    for (const QString &w : engine.split(u' ', Qt::SkipEmptyParts)) {
        runtime::ContainerState s;
        const QString name = w.section(u'=', 0, 0);
        const QStringList parts = w.section(u'=', 1).split(u',');
        s.id = QStringLiteral("id-") + name;
        s.name = QStringLiteral("fd-t1-") + name;
        s.status =
            parts.front().startsWith(u"exited") ? runtime::ContainerStatus::Exited : runtime::ContainerStatus::Running;
        if (s.status == runtime::ContainerStatus::Exited)
            s.exitCode = parts.front().mid(6).toInt();
        if (parts.contains(QStringLiteral("healthy")))
            s.health = runtime::HealthStatus::Healthy;
        byName.insert(s.name, s);
    }
    const TaskStep step = adoptContainers(before, byName, kNow);
    QCOMPARE(step.kind == StepKind::Commit, changed);
    const Task &result = changed ? step.next : before;
    QCOMPARE(containerStates(result), after);
    QCOMPARE(toString(result.desiredStatus), desired);
    QString said = step.events.join(u" | ");
    for (const TaskContainer &c : result.containers) {
        said += QStringLiteral(" | ") + c.reason;
        if (byName.contains(c.runtimeName))
            QCOMPARE(c.runtimeId, byName[c.runtimeName].id); // never started a second time
    }
    QVERIFY2(said.contains(detail), qPrintable(said));
}

void TestTaskPlanner::transitions()
{
    const TaskDefinition pair = definition(QStringLiteral("pair"));
    const Task running = sketch(pair, QStringLiteral("RUNNING/RUNNING web=running sidecar=running")).task;

    // An essential exit stops the task; a non-essential one does not; a second report changes nothing.
    TaskStep s = containerExited(running, QStringLiteral("web"), 2, kNow);
    QCOMPARE(toString(s.next.desiredStatus), QStringLiteral("STOPPED"));
    QCOMPARE(toString(s.next.stopCode), toString(StopCode::EssentialContainerExited));
    QCOMPARE(s.next.stoppedReason, QStringLiteral("Essential container in task exited"));
    QCOMPARE(s.next.container(QStringLiteral("web"))->exitCode.value_or(-1), 2);
    QCOMPARE(toString(containerExited(s.next, QStringLiteral("web"), 2, kNow).kind), toString(StepKind::None));
    s = containerExited(running, QStringLiteral("sidecar"), 0, kNow);
    QCOMPARE(toString(s.next.desiredStatus), QStringLiteral("RUNNING"));
    QVERIFY(s.events.isEmpty());

    // A failed run of an essential container fails the task to start; of a non-essential one, not.
    const Task pending = sketch(pair, QStringLiteral("PENDING/RUNNING web=pending sidecar=pending")).task;
    s = containerFailedToRun(pending, QStringLiteral("web"), QStringLiteral("CannotPullContainerError: nope"), kNow);
    QCOMPARE(toString(s.next.stopCode), toString(StopCode::TaskFailedToStart));
    QCOMPARE(s.next.stoppedReason, QStringLiteral("CannotPullContainerError: nope"));
    QCOMPARE(s.next.container(QStringLiteral("web"))->reason, QStringLiteral("CannotPullContainerError: nope"));
    s = containerFailedToRun(pending, QStringLiteral("sidecar"), QStringLiteral("CannotStartContainerError: x"), kNow);
    QCOMPARE(toString(s.next.desiredStatus), QStringLiteral("RUNNING"));
    QCOMPARE(toString(s.next.container(QStringLiteral("sidecar"))->lastStatus), QStringLiteral("STOPPED"));

    // Health: an event only when the task's aggregate changes.
    const TaskDefinition ordered = definition(QStringLiteral("ordered"));
    const Task db = sketch(ordered, QStringLiteral("RUNNING/RUNNING migrate=exited0 db=running app=running")).task;
    s = healthChanged(db, QStringLiteral("db"), Health::Healthy);
    QCOMPARE(s.events, QStringList{QStringLiteral("Task t1 (ordered:1) is HEALTHY (container db is HEALTHY).")});
    QCOMPARE(toString(healthChanged(s.next, QStringLiteral("db"), Health::Healthy).kind), toString(StepKind::None));

    // A stop that the engine answered: the exit code it reports; a container gone: none.
    runtime::ContainerState exited;
    exited.status = runtime::ContainerStatus::Exited;
    exited.exitCode = 143;
    exited.finishedAt = kNow.addSecs(-1);
    s = containerStopped(running, QStringLiteral("web"), &exited, kNow);
    QCOMPARE(s.next.container(QStringLiteral("web"))->exitCode.value_or(-1), 143);
    QCOMPARE(s.next.container(QStringLiteral("web"))->finishedAt, kNow.addSecs(-1));
    s = containerStopped(running, QStringLiteral("web"), nullptr, kNow);
    QVERIFY(!s.next.container(QStringLiteral("web"))->exitCode.has_value());

    // The network: PENDING once it exists (only from PROVISIONING).
    const Task provisioning = sketch(pair, QStringLiteral("PROVISIONING/RUNNING net web=pending sidecar=pending")).task;
    s = networkCreated(provisioning, kNow);
    QCOMPARE(toString(s.next.lastStatus), QStringLiteral("PENDING"));
    QCOMPARE(s.next.pullStartedAt, kNow);
    QCOMPARE(toString(networkCreated(s.next, kNow).kind), toString(StepKind::None));
}

QTEST_APPLESS_MAIN(TestTaskPlanner)
#include "TestTaskPlanner.moc"
