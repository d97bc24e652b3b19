// Reconcile passes at scale (PERFORMANCE.md row 15): the task and service controllers on their keyed
// reconcile loops, over 1,000 services of 10 tasks each (10,000 tasks) on 1,000 simulated instances,
// in steady state (every task RUNNING and healthy, every service steady), so a pass decides and
// commits nothing and what is measured is the loop, the reads and the planners.
//
//   full pass         every task and every service enqueued (what a payload-free change signal
//                     costs today): TaskController::reconcileNow() + ServiceController::reconcileNow()
//   incremental pass  one task changed: its key and its service's key enqueued and run (what a keyed
//                     change notification will cost)
//
// Setup goes through the control plane as a user would (CreateService, the service controller's
// RunTask launches); the lifecycle to RUNNING is written directly (one updateTask per task) instead of
// stepping 10,000 simulated containers, to keep the setup to seconds. The state lives on /dev/shm when
// it exists (the store's fsyncs are not what is measured).
//
//   bench-reconcile [--reps N]        wall time and this thread's CPU time, median of N (default 9)
//                                     passes of each kind
//   bench-reconcile --probe full|incremental   for valgrind --tool=callgrind --instr-atstart=no:
//                                     instruments exactly one pass of that kind

#include "Clock.h"
#include "ControlPlane.h"
#include "ops/Clusters.h"
#include "ops/TaskDefinitions.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"
#include "ops/Services.h"
#include "System.h"
#include "controllers/ServiceController.h"
#include "controllers/TaskController.h"
#include "json/TaskDefinitionJson.h"
#include "runtime/SimulatedRuntime.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <memory>
#include <vector>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

using namespace fd;
using namespace std::chrono_literals;

namespace {

constexpr int kInstances = 1000;
constexpr int kServices = 1000;
constexpr int kTasksPerService = 10;

[[noreturn]] void die(const QString &why)
{
    std::fprintf(stderr, "bench-reconcile: %s\n", qPrintable(why));
    std::exit(1);
}

struct Scene
{
    QTemporaryDir dir{QDir(QStringLiteral("/dev/shm")).exists()
                          ? QStringLiteral("/dev/shm/fd-reconcile-XXXXXX")
                          : QDir::tempPath() + QStringLiteral("/fd-reconcile-XXXXXX")};
    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
    std::unique_ptr<runtime::SimulatedRuntime> rt;
    // Built as Fleetdeck builds itself (core/System), on the manual clock, controllers driven by hand.
    std::unique_ptr<System> system;
    ControlPlane *cp = nullptr;
    TaskController *tasks = nullptr;
    ServiceController *services = nullptr;
};

void build(Scene &s)
{
    SystemOptions options;
    options.dataDir = s.dir.path();
    options.clock = s.clock;
    options.emptyFirstStart = true;
    options.engines = false;
    options.startControllers = false;
    options.runtimeFor = [&s](const Engine &) { return s.rt.get(); };
    auto system = System::create(options);
    if (!system)
        die(system.error().message);
    s.system = std::move(system).value();
    s.cp = &s.system->controlPlane();
    s.tasks = &s.system->taskController();
    s.services = &s.system->serviceController();
    ControlPlane &plane = *s.cp;
    if (!plane.engines().add(QStringLiteral("sim"), Engine::Kind::Simulated, {}))
        die(QStringLiteral("addEngine failed"));
    if (!plane.clusters().create(QStringLiteral("default")))
        die(QStringLiteral("createCluster failed"));
    for (int i = 0; i < kInstances; i += 100) {
        ops::InstanceRequest r;
        r.cluster = QStringLiteral("default");
        r.engineId = QStringLiteral("sim");
        r.count = 100;
        if (auto ok = plane.instances().registerNew(r); !ok)
            die(ok.error().message);
    }
    auto spec = json::parseTaskDefinition(
        R"({"family": "bench", "containerDefinitions": [{"name": "app", "image": "fleetdeck/demo-web:1", "cpu": 64, "memory": 128}]})");
    if (!spec || !plane.taskDefinitions().registerNew(spec.value()))
        die(QStringLiteral("registerTaskDefinition failed"));
    for (int i = 0; i < kServices; ++i) {
        ops::ServiceRequest r;
        r.cluster = QStringLiteral("default");
        r.serviceName = QStringLiteral("svc-%1").arg(i, 4, 10, QLatin1Char('0'));
        r.taskDefinition = QStringLiteral("bench");
        r.desiredCount = kTasksPerService;
        if (auto ok = plane.services().create(r); !ok)
            die(ok.error().message);
    }

    runtime::SimulationOptions simulation;
    simulation.tickInterval = 0ms;
    s.rt = std::make_unique<runtime::SimulatedRuntime>(*s.clock, simulation);

    s.services->reconcileNow(); // launches 10 tasks per service
    const QDateTime since = s.clock->now();
    for (const Task &t : plane.tasks().list()) {
        (void)plane.tasks().update(t.id, [&](Task &task) {
            task.lastStatus = TaskStatus::Running;
            task.pullStartedAt = task.pullStoppedAt = task.startedAt = task.connectivityAt = since;
            for (TaskContainer &c : task.containers) {
                c.lastStatus = ContainerRunState::Running;
                c.startedAt = since;
            }
        });
    }
    s.clock->advance(60 * 1000);  // past the 40 s to healthy
    for (int i = 0; i < 5; ++i) { // adoption, steady-state events: settle
        s.tasks->reconcileNow();
        QCoreApplication::processEvents();
        s.services->reconcileNow();
        QCoreApplication::processEvents();
    }
    int running = 0;
    for (const Task &t : plane.tasks().list())
        running += t.lastStatus == TaskStatus::Running ? 1 : 0;
    if (running != kServices * kTasksPerService)
        die(QStringLiteral("expected %1 RUNNING tasks, found %2").arg(kServices * kTasksPerService).arg(running));
}

void fullPass(Scene &s)
{
    s.tasks->reconcileNow();
    s.services->reconcileNow();
}

void incrementalPass(Scene &s, const Task &t)
{
    s.tasks->loop().enqueue(t.id);
    s.tasks->loop().runDue(1);
    s.services->loop().enqueue(ServiceController::keyOf(t.cluster, t.group.mid(8)));
    s.services->loop().runDue(1);
}

// CPU time of this thread: what a pass costs without the time other processes on a shared, loaded
// machine take from it (the wall time includes that).
qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

double medianMs(std::vector<qint64> ns)
{
    std::sort(ns.begin(), ns.end());
    return double(ns[ns.size() / 2]) / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    int reps = 9;
    if (const qsizetype i = args.indexOf(QStringLiteral("--reps")); i > 0)
        reps = std::max(1, args.value(i + 1).toInt());
    const qsizetype probe = args.indexOf(QStringLiteral("--probe"));

    QElapsedTimer setup;
    setup.start();
    Scene s;
    build(s);
    const qint64 setupMs = setup.elapsed();
    std::fprintf(stderr, "bench-reconcile: setup done in %lld ms\n", setupMs); // a profiler attaches here
    const Task changed = s.cp->tasks().list().at(kServices * kTasksPerService / 2);

    if (probe > 0) {
        const QString what = args.value(probe + 1);
        if (what == u"full") {
            CALLGRIND_START_INSTRUMENTATION;
            fullPass(s);
            CALLGRIND_STOP_INSTRUMENTATION;
        } else {
            CALLGRIND_START_INSTRUMENTATION;
            incrementalPass(s, changed);
            CALLGRIND_STOP_INSTRUMENTATION;
        }
        std::printf("probe %s done\n", qPrintable(what));
        return 0;
    }

    std::vector<qint64> full, taskFull, serviceFull, incremental, fullCpu, incrementalCpu;
    QElapsedTimer t;
    for (int i = 0; i < reps; ++i) {
        qint64 cpu = threadCpuNs();
        t.start();
        s.tasks->reconcileNow();
        const qint64 a = t.nsecsElapsed();
        s.services->reconcileNow();
        const qint64 b = t.nsecsElapsed();
        fullCpu.push_back(threadCpuNs() - cpu);
        taskFull.push_back(a);
        serviceFull.push_back(b - a);
        full.push_back(b);
        cpu = threadCpuNs();
        t.start();
        incrementalPass(s, changed);
        incremental.push_back(t.nsecsElapsed());
        incrementalCpu.push_back(threadCpuNs() - cpu);
    }
    std::printf("setup_ms=%lld\n", setupMs);
    std::printf("tasks=%d services=%d instances=%d reps=%d\n", kServices * kTasksPerService, kServices, kInstances,
                reps);
    std::printf("full_pass_ms=%.3f\n", medianMs(full));
    std::printf("full_pass_tasks_ms=%.3f\n", medianMs(taskFull));
    std::printf("full_pass_services_ms=%.3f\n", medianMs(serviceFull));
    std::printf("incremental_pass_ms=%.4f\n", medianMs(incremental));
    std::printf("full_pass_cpu_ms=%.3f\n", medianMs(fullCpu));
    std::printf("incremental_pass_cpu_ms=%.4f\n", medianMs(incrementalCpu));
    return 0;
}
