// The controllers' passes read the registries in place (the service by its "cluster/name" index,
// its tasks by the group index of its cluster, the status of just the instances those tasks are on)
// instead of copying every service, task and instance per service. These tests pin down that the
// reads find the right things when names repeat across clusters, after a restart rebuilds the
// indexes, and that a full pass over many steady services still acts on the one that changed.

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

#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <memory>

using namespace fd;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

class TestReconcileReads : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<runtime::SimulatedRuntime> m_rt;
    std::unique_ptr<System> m_system;
    ControlPlane *m_cp = nullptr;

    void openPlane()
    {
        m_system = test::startDrivenSystem(m_dir->path(), m_clock, [this](const Engine &) { return m_rt.get(); });
        m_cp = &m_system->controlPlane();
    }

    // Both controllers, a few rounds per 500 ms step, until `done` or `limit`.
    bool runUntil(const std::function<bool()> &done, std::chrono::milliseconds limit = 120s)
    {
        for (qint64 t = 0; t <= limit.count(); t += 500) {
            for (int i = 0; i < 3; ++i) {
                m_rt->tick();
                QCoreApplication::processEvents();
                m_system->taskController().reconcileNow();
                QCoreApplication::processEvents();
                m_system->serviceController().reconcileNow();
                QCoreApplication::processEvents();
            }
            if (done())
                return true;
            m_clock->advance(500);
        }
        return done();
    }

    void createService(const QString &cluster, const QString &name, int desired)
    {
        ops::ServiceRequest r;
        r.cluster = cluster;
        r.serviceName = name;
        r.taskDefinition = u"web:1"_s;
        r.desiredCount = desired;
        if (auto v = m_cp->services().create(r); !v)
            qFatal("createService failed: %s", qPrintable(v.error().message));
    }

    QList<Task> live(const QString &cluster, const QString &name) const
    {
        ops::TaskFilter f;
        f.group = u"service:"_s + name;
        f.desiredStatus = TaskStatus::Running;
        QList<Task> out;
        for (const Task &t : m_cp->tasks().list(cluster, f)) {
            if (!t.isStopped())
                out.append(t);
        }
        return out;
    }

    bool running(const QString &cluster, const QString &name, int n) const
    {
        const QList<Task> tasks = live(cluster, name);
        return tasks.size() == n && std::all_of(tasks.begin(), tasks.end(), [](const Task &t) {
                   return t.lastStatus == TaskStatus::Running;
               });
    }

    int started(const QString &cluster, const QString &name) const
    {
        ops::TaskFilter f;
        f.group = u"service:"_s + name;
        return int(m_cp->tasks().list(cluster, f).size());
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
        openPlane();
        QVERIFY(m_cp->engines().add(u"sim"_s, Engine::Kind::Simulated, {}));
        QVERIFY(m_cp->createDefaultLayout(u"sim"_s)); // "default": 3 instances
        QVERIFY(m_cp->clusters().create(u"blue"_s));
        ops::InstanceRequest r;
        r.cluster = u"blue"_s;
        r.engineId = u"sim"_s;
        r.count = 3;
        QVERIFY(m_cp->instances().registerNew(r));
        // Revisions of other families before and after web's: the task controller finds web:1 by a
        // binary search of the sorted revisions.
        for (const char *family : {"aaa", "zzz"}) {
            auto other = json::parseTaskDefinition(
                QStringLiteral(R"({"family": "%1", "containerDefinitions": [{"name": "x", "image": "x", "memory": 64}]})")
                    .arg(QLatin1StringView(family))
                    .toUtf8());
            QVERIFY(other && m_cp->taskDefinitions().registerNew(other.value()));
            QVERIFY(m_cp->taskDefinitions().registerNew(other.value())); // :2
        }
        auto spec = json::parseTaskDefinition(
            R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1",
                "cpu": 64, "memory": 64}]})");
        QVERIFY(spec);
        QVERIFY(m_cp->taskDefinitions().registerNew(spec.value()));
        // Same service names in two clusters, and a third service besides.
        createService(u"default"_s, u"web"_s, 2);
        createService(u"blue"_s, u"web"_s, 3);
        createService(u"default"_s, u"api"_s, 1);
        QVERIFY(runUntil([&] {
            return running(u"default"_s, u"web"_s, 2) && running(u"blue"_s, u"web"_s, 3) &&
                   running(u"default"_s, u"api"_s, 1);
        }));
    }

    void cleanup()
    {
        m_cp = nullptr;
        m_system.reset();
        m_rt.reset();
        m_dir.reset();
    }

    // A full pass over steady services acts on the one whose task stopped, and on no other.
    void fullPassActsOnTheChangedServiceOnly()
    {
        const int defaultWeb = started(u"default"_s, u"web"_s);
        const int api = started(u"default"_s, u"api"_s);
        const int blueWeb = started(u"blue"_s, u"web"_s);
        const Task victim = live(u"blue"_s, u"web"_s).front();
        QVERIFY(m_cp->tasks().stop(u"blue"_s, victim.id));
        QVERIFY(runUntil([&] { return m_cp->tasks().find({}, victim.id)->isStopped() && running(u"blue"_s, u"web"_s, 3); }));
        QCOMPARE(started(u"blue"_s, u"web"_s), blueWeb + 1);
        QCOMPARE(started(u"default"_s, u"web"_s), defaultWeb);
        QCOMPARE(started(u"default"_s, u"api"_s), api);
        QCOMPARE(m_cp->services().find(u"blue"_s, u"web"_s)->runningCount(), 3);
        QCOMPARE(m_cp->services().find(u"default"_s, u"web"_s)->runningCount(), 2);
    }

    // The service's instances are looked up one by one: a task on a draining instance of its own
    // cluster is replaced, the same-named service of the other cluster is left alone.
    void drainingInstanceIsSeenThroughTheTasks()
    {
        const int defaultWeb = started(u"default"_s, u"web"_s);
        const Task onIt = live(u"blue"_s, u"web"_s).front();
        QVERIFY(m_cp->instances().setState(u"blue"_s, onIt.containerInstanceId, InstanceStatus::Draining));
        QVERIFY(runUntil([&] {
            const QList<Task> tasks = live(u"blue"_s, u"web"_s);
            return running(u"blue"_s, u"web"_s, 3) &&
                   std::none_of(tasks.begin(), tasks.end(),
                                [&](const Task &t) { return t.containerInstanceId == onIt.containerInstanceId; });
        }));
        QVERIFY(m_cp->tasks().find({}, onIt.id)->desiredStatus == TaskStatus::Stopped);
        QCOMPARE(started(u"default"_s, u"web"_s), defaultWeb);
    }

    // After a restart the registries' indexes are rebuilt from the store: the same services are
    // found and a changed one is still acted on.
    void indexesAreRebuiltOnRestart()
    {
        m_cp = nullptr;
        m_system.reset();
        openPlane();
        QCOMPARE(m_cp->services().find(u"blue"_s, u"web"_s)->desiredCount, 3);
        QCOMPARE(m_cp->services().find(u"default"_s, u"web"_s)->desiredCount, 2);
        QVERIFY(runUntil([&] { return running(u"blue"_s, u"web"_s, 3) && running(u"default"_s, u"web"_s, 2); }));
        ops::ServiceRequest r;
        r.cluster = u"default"_s;
        r.serviceName = u"web"_s;
        r.desiredCount = 4;
        QVERIFY(m_cp->services().update(r));
        QVERIFY(runUntil([&] { return running(u"default"_s, u"web"_s, 4); }));
        QVERIFY(running(u"blue"_s, u"web"_s, 3));
        // Every task planned found its revision (web:1 between the families aaa and zzz): none was
        // stopped as "TaskDefinition ... not found".
        for (const Task &t : m_cp->tasks().list())
            QVERIFY2(!t.stoppedReason.contains(u"not found"_s), qPrintable(t.stoppedReason));
    }
};

QTEST_GUILESS_MAIN(TestReconcileReads)
#include "TestReconcileReads.moc"
