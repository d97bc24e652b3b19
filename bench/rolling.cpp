// bench-rolling: Fleetdeck's side of the "rolling" benchmark (PERFORMANCE.md row 6).
//
// A rolling deployment of N = 10 tasks at minimumHealthyPercent 100 / maximumPercent 200, each task one
// container of fleetdeck/demo-web with a 1 s exec health check (["CMD","/demo-web","healthcheck"],
// interval 1 s, timeout 5 s, retries 2, no start period: the same check as the Swarm peer in
// bench/rolling_peer.sh), timed from just before ControlPlane::updateService() to the moment every
// task of the old deployment is STOPPED.
//
// Everything runs in this process exactly as app/main.cpp wires it: a ControlPlane on a temporary
// data directory with a real-time clock (SystemClock, ×1), the engine "local" on
// unix:///var/run/docker.sock with the default layout (cluster "default", three instances), then
// EngineMonitor, MetricsController, Runtimes, TaskController and ServiceController, started with
// their default intervals. No API endpoint, no window; nothing but the Docker socket is contacted.
//
// The task definitions are built as TaskDefinitionSpec in code (family "bench-rolling", revision 1 =
// fleetdeck/demo-web:1, revision 2 = :2; cpu 128, memory 64, host port 0 -> 8080), which is how the
// 1 s interval gets in: the JSON parser enforces ECS's 5 s minimum, registerTaskDefinition() does not.
//
// Sequence: create the service (10 tasks of revision 1), wait until it is stable (one deployment,
// COMPLETED, 10 RUNNING and HEALTHY), then FLEETDECK_BENCH_REPS times (default 3) update to the other
// revision and time it; between runs wait for stability again. The times come from a handler on
// ControlPlane::changed, which the control plane emits synchronously right after
// each commit, read on a monotonic clock. Per task it also records when it was first seen, RUNNING,
// HEALTHY, asked to stop and STOPPED, to show where the time goes.
//
// Output: key=value lines on stdout (times in ms), progress on stderr. Exit status 0 when every run
// completed; 3 when a deployment stalled (fleetdeck_stalled_runs and fleetdeck_stall_* say where and
// which tasks: for each task not HEALTHY, Fleetdeck's health next to the engine's); 1 on any other
// failure or timeout; 130 when interrupted. At exit the service is deleted (force) and
// its tasks are stopped through the controllers; any container or network still labelled
// fleetdeck.service=<service> is then removed with the docker CLI (bench/run does the same again).
//
//   bench-rolling [--service NAME] [--images IMAGE1,IMAGE2]
//
// Run it through `bench/run rolling`, which builds it, runs the Swarm peer and writes bench/RESULTS.md.

#include "Clock.h"
#include "ControlPlane.h"
#include "ops/TaskDefinitions.h"
#include "ops/Engines.h"
#include "ops/Tasks.h"
#include "ops/Services.h"
#include "System.h"
#include "controllers/EngineMonitor.h"
#include "controllers/MetricsController.h"
#include "controllers/Runtimes.h"
#include "controllers/ServiceController.h"
#include "controllers/TaskController.h"
#include "json/TaskDefinitionJson.h"
#include "RollingLoad.h"
#include "traffic/TrafficGenerator.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QSet>
#include <QLoggingCategory>
#include <QProcess>
#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <functional>
#include <optional>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>
#include <vector>

using namespace fd;
using namespace std::chrono_literals;

namespace {

constexpr int kTasks = 10;
constexpr int kStableTimeoutS = 120;
constexpr int kUpdateTimeoutS = 90;
constexpr int kCleanupTimeoutS = 90;

// The prefix of every result key: "fleetdeck_", or "fleetdeck_lb_" with --load-balancer.
QString g_prefix = QStringLiteral("fleetdeck_");

int g_signalFd[2] = {-1, -1};
bool g_interrupted = false;

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] auto n = ::write(g_signalFd[0], &c, 1);
}

void say(const QString &s)
{
    std::fprintf(stderr, "bench-rolling: %s\n", qPrintable(s));
    std::fflush(stderr);
}

void out(const QString &s)
{
    std::printf("%s\n", qPrintable(s));
    std::fflush(stdout);
}

QString joinMs(const std::vector<qint64> &v)
{
    QStringList parts;
    for (qint64 x : v)
        parts << QString::number(x);
    return parts.join(u',');
}

qint64 median(std::vector<qint64> v)
{
    if (v.empty())
        return -1;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2] + 1) / 2;
}

qint64 maxOf(const std::vector<qint64> &v)
{
    return v.empty() ? -1 : *std::max_element(v.begin(), v.end());
}

TaskDefinitionSpec benchDefinition(const QString &image)
{
    TaskDefinitionSpec spec;
    spec.family = QStringLiteral("bench-rolling");
    spec.networkMode = QStringLiteral("bridge");
    ContainerDefinition c;
    c.name = QStringLiteral("web");
    c.image = image;
    c.cpu = 128;
    c.memory = 64;
    c.essential = true;
    c.portMappings = {PortMapping{8080, 0, QStringLiteral("tcp")}};
    HealthCheck hc;
    hc.command = {QStringLiteral("CMD"), QStringLiteral("/demo-web"), QStringLiteral("healthcheck")};
    hc.interval = 1;
    hc.timeout = 5;
    hc.retries = 2;
    hc.startPeriod = 0;
    c.healthCheck = hc;
    spec.containerDefinitions = {c};
    spec.document = json::toRegisterJson(spec, false); // the typed fields as the request document
    return spec;
}

// Runs the event loop until `done()` holds (checked on every control-plane change and every 20 ms),
// the deadline passes or a signal arrives. Returns done().
bool waitUntil(ControlPlane &cp, const std::function<bool()> &done, int timeoutS)
{
    if (done())
        return true;
    QEventLoop loop;
    auto check = [&] {
        if (g_interrupted || done())
            loop.quit();
    };
    QTimer poll;
    poll.setInterval(20);
    QObject::connect(&poll, &QTimer::timeout, &loop, check);
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    const auto c1 = QObject::connect(&cp, &ControlPlane::changed, &loop, check, Qt::QueuedConnection);
    poll.start();
    deadline.start(timeoutS * 1000);
    loop.exec();
    QObject::disconnect(c1);
    return done();
}

// When each task reached each step, in ms since the update call (-1: not seen).
struct TaskTimes
{
    QString deployment;
    qint64 seen = -1;
    qint64 running = -1;
    qint64 healthy = -1;
    qint64 stopAsked = -1;
    qint64 stopped = -1;
    qint64 runtimeKnown = -1;  // the controller recorded the container's id (runContainer answered)
    qint64 engineHealthy = -1; // the engine's health_status: healthy event (its own timestamp)
    QString runtimeId;
    Health health = Health::Unknown;
};

struct Run
{
    bool stalled = false;       // not done within kUpdateTimeoutS
    QStringList stallDetail;    // why, task by task
    int healthEventsLost = 0;   // new tasks healthy on the engine, never HEALTHY in Fleetdeck
    int healthyBeforeKnown = 0; // new tasks the engine called healthy before the controller knew the container
    qint64 total = -1;          // update call -> last old task STOPPED
    qint64 callMs = -1;         // the updateService() call itself
    qint64 newAllRunning = -1;  // the 10 new tasks RUNNING
    qint64 newAllHealthy = -1;  // the 10 new tasks RUNNING and HEALTHY
    qint64 completed = -1;      // the new deployment's rolloutState COMPLETED
    qint64 firstStopAsked = -1; // first old task desired STOPPED
    qint64 lastStopAsked = -1;  // last old task desired STOPPED
    std::vector<qint64> startLatency;   // new task: seen -> RUNNING
    std::vector<qint64> healthLatency;  // new task: RUNNING -> HEALTHY
    std::vector<qint64> stopLatency;    // old task: desired STOPPED -> STOPPED
    std::vector<qint64> healthyToStop;  // i-th new HEALTHY -> i-th old asked to stop
    std::vector<qint64> engineToTask;   // new task: engine healthy event -> task HEALTHY in Fleetdeck
    std::vector<qint64> knownAfterStart; // new task: seen -> container id known to the controller
    std::optional<traffic::TrafficSnapshot> traffic; // --load-balancer: the requests through the listener
};

// --load-balancer: the listener the traffic goes through and how much of it.
struct LoadOptions
{
    bench::LoadBalancedSetup lb;
    int connections = 20;
    double ratePerSecond = 400; // 0: as fast as the connections answer
};

class Bench
{
public:
    Bench(ControlPlane &cp, QString service) : m_cp(cp), m_service(std::move(service)) {}

    void setLoad(const LoadOptions &load) { m_load = load; }

    QList<Task> serviceTasks() const
    {
        ops::TaskFilter f;
        f.group = QStringLiteral("service:") + m_service;
        return m_cp.tasks().list(QStringLiteral("default"), f);
    }

    std::optional<Service> service() const { return m_cp.services().find(QStringLiteral("default"), m_service); }

    // One deployment, COMPLETED, desiredCount tasks RUNNING and HEALTHY, nothing else alive.
    bool stable() const
    {
        const auto s = service();
        if (!s || s->deployments.size() != 1)
            return false;
        const Deployment &d = s->deployments.first();
        if (d.rolloutState != RolloutState::Completed)
            return false;
        int healthy = 0;
        for (const Task &t : serviceTasks()) {
            if (t.isStopped())
                continue;
            if (t.startedBy != d.id || t.desiredStatus != TaskStatus::Running)
                return false;
            if (t.lastStatus == TaskStatus::Running && t.healthStatus == Health::Healthy)
                ++healthy;
        }
        return healthy == kTasks && (!m_load || bench::targetsSettled(m_cp, m_load->lb.targetGroupId, kTasks));
    }

    QString describe() const
    {
        const auto s = service();
        if (!s)
            return QStringLiteral("no service");
        QStringList parts;
        for (const Deployment &d : s->deployments)
            parts << QStringLiteral("%1 %2 %3 running=%4 pending=%5 failed=%6")
                         .arg(d.id.right(6), toString(d.status), toString(d.rolloutState))
                         .arg(d.runningCount)
                         .arg(d.pendingCount)
                         .arg(d.failedTasks);
        QHash<QString, int> states;
        for (const Task &t : serviceTasks())
            states[toString(t.lastStatus) + u'/' + toString(t.healthStatus)]++;
        QStringList st;
        for (auto it = states.cbegin(); it != states.cend(); ++it)
            st << it.key() + u'=' + QString::number(it.value());
        QString ev = s->events.isEmpty() ? QString() : s->events.first().message;
        const QString targets =
            m_load ? QStringLiteral(" | targets ") + bench::describeTargets(m_cp, m_load->lb.targetGroupId) : QString();
        return parts.join(QStringLiteral("; ")) + QStringLiteral(" | tasks ") + st.join(u' ') + targets +
               QStringLiteral(" | last event: ") + ev;
    }

    // Live tasks not HEALTHY in Fleetdeck whose container the engine calls healthy: a lost health event.
    QStringList lostHealth() const
    {
        QStringList out;
        for (const Task &t : serviceTasks()) {
            if (t.isStopped() || t.lastStatus != TaskStatus::Running || t.healthStatus == Health::Healthy ||
                t.containers.isEmpty() || t.containers.first().runtimeId.isEmpty())
                continue;
            QProcess p;
            p.start(QStringLiteral("docker"), {QStringLiteral("inspect"), QStringLiteral("-f"),
                                               QStringLiteral("{{.State.Health.Status}}"), t.containers.first().runtimeId});
            const QString engine = p.waitForFinished(30000) ? QString::fromUtf8(p.readAllStandardOutput()).trimmed()
                                                            : QStringLiteral("?");
            out << QStringLiteral("task %1: Fleetdeck %2, engine %3 (container %4)")
                       .arg(t.id.left(8), toString(t.healthStatus), engine, t.containers.first().runtimeId.left(12));
        }
        return out;
    }

    // Updates to `taskDefinition` and times it. Fails (nullopt) on error or timeout.
    std::optional<Run> update(const QString &taskDefinition)
    {
        const auto before = service();
        if (!before || before->deployments.size() != 1)
            return std::nullopt;
        const QString oldId = before->deployments.first().id;
        QSet<QString> oldTasks;
        for (const Task &t : serviceTasks())
            if (!t.isStopped() && t.startedBy == oldId)
                oldTasks.insert(t.id);

        Run run;
        QHash<QString, TaskTimes> times;
        QString newId;
        QElapsedTimer clock;
        qint64 t0Wall = 0;
        // The engine's own health events for this service, streamed from before the update on (a live
        // stream: the engine's replay buffer of 256 events is full of health-probe exec events).
        QProcess events;
        events.start(QStringLiteral("docker"),
                     {QStringLiteral("events"), QStringLiteral("--filter"), QStringLiteral("label=fleetdeck.service=") + m_service,
                      QStringLiteral("--filter"), QStringLiteral("event=health_status"), QStringLiteral("--format"),
                      QStringLiteral("{{.Actor.ID}} {{.TimeNano}} {{.Status}}")});
        events.waitForStarted(10000);
        waitUntil(m_cp, [] { return false; }, 1); // the stream is open before the clock starts
        // --load-balancer: traffic through the listener from a second before the update call until
        // half a second after the last old task stopped (bounded in time and count besides).
        traffic::TrafficGenerator generator(&m_cp.clock());
        if (m_load) {
            traffic::TrafficOptions to;
            to.url = QStringLiteral("http://127.0.0.1:%1/").arg(m_load->lb.port);
            to.concurrency = m_load->connections;
            to.ratePerSecond = m_load->ratePerSecond;
            to.duration = std::chrono::seconds(kUpdateTimeoutS + 10);
            to.maxRequests = traffic::kMaxRequests;
            if (Status started = generator.start(to); !started) {
                say(QStringLiteral("traffic generator: ") + started.error().message);
                return std::nullopt;
            }
            waitUntil(m_cp, [] { return false; }, 1);
        }
        auto observe = [&] {
            const qint64 now = clock.elapsed();
            if (newId.isEmpty())
                return;
            int oldAlive = 0, newRunning = 0, newHealthy = 0;
            for (const Task &t : serviceTasks()) {
                if (t.startedBy != oldId && t.startedBy != newId)
                    continue;
                if (t.startedBy == oldId && !oldTasks.contains(t.id))
                    continue; // started by the old deployment after the update: none expected
                TaskTimes &tt = times[t.id];
                if (tt.seen < 0) {
                    tt.seen = now;
                    tt.deployment = t.startedBy;
                }
                if (t.lastStatus == TaskStatus::Running && tt.running < 0)
                    tt.running = now;
                if (t.lastStatus == TaskStatus::Running && t.healthStatus == Health::Healthy && tt.healthy < 0)
                    tt.healthy = now;
                if (t.desiredStatus == TaskStatus::Stopped && tt.stopAsked < 0)
                    tt.stopAsked = now;
                if (t.isStopped() && tt.stopped < 0)
                    tt.stopped = now;
                if (!t.containers.isEmpty() && !t.containers.first().runtimeId.isEmpty() && tt.runtimeKnown < 0) {
                    tt.runtimeKnown = now;
                    tt.runtimeId = t.containers.first().runtimeId;
                }
                tt.health = t.healthStatus;
                if (t.startedBy == oldId) {
                    oldAlive += t.isStopped() ? 0 : 1;
                } else if (!t.isStopped() && t.desiredStatus == TaskStatus::Running &&
                           t.lastStatus == TaskStatus::Running) {
                    ++newRunning;
                    newHealthy += t.healthStatus == Health::Healthy ? 1 : 0;
                }
            }
            if (newRunning >= kTasks && run.newAllRunning < 0)
                run.newAllRunning = now;
            if (newHealthy >= kTasks && run.newAllHealthy < 0)
                run.newAllHealthy = now;
            if (oldAlive == 0 && run.total < 0)
                run.total = now;
            if (run.completed < 0) {
                if (const auto s = service()) {
                    for (const Deployment &d : s->deployments)
                        if (d.id == newId && d.rolloutState == RolloutState::Completed)
                            run.completed = now;
                }
            }
        };
        // Direct connections: the control plane emits right after each commit, in this thread.
        const auto c1 = QObject::connect(&m_cp, &ControlPlane::changed, &m_cp, observe);

        ops::ServiceRequest req;
        req.cluster = QStringLiteral("default");
        req.serviceName = m_service;
        req.taskDefinition = taskDefinition;
        clock.start();
        t0Wall = QDateTime::currentMSecsSinceEpoch();
        Result<Service> r = m_cp.services().update(req);
        run.callMs = clock.elapsed();
        if (!r) {
            QObject::disconnect(c1);
            say(QStringLiteral("updateService failed: ") + r.error().message);
            return std::nullopt;
        }
        newId = r.value().primary() ? r.value().primary()->id : QString();
        observe();
        const bool ok = waitUntil(m_cp, [&] { return run.total >= 0 && run.completed >= 0 && run.newAllHealthy >= 0; },
                                  kUpdateTimeoutS);
        QObject::disconnect(c1);
        if (m_load) {
            waitUntil(m_cp, [] { return false; }, 1); // the new revision alone serves for a moment
            generator.stop();
            generator.waitForFinished(std::chrono::seconds(10));
            run.traffic = generator.snapshot();
            say(QStringLiteral("  traffic: %1 requests (%2/s), %3 non-2xx, %4 socket errors")
                    .arg(run.traffic->completed)
                    .arg(run.traffic->achievedRate(), 0, 'f', 0)
                    .arg(bench::non2xx(*run.traffic))
                    .arg(bench::socketErrors(*run.traffic)));
        }
        events.terminate();
        events.waitForFinished(5000);
        if (events.state() != QProcess::NotRunning) {
            events.kill();
            events.waitForFinished(5000);
        }
        const QStringList evLines = QString::fromUtf8(events.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
        for (const QString &line : evLines) {
            const QStringList f = line.split(u' ');
            if (f.size() < 3 || !line.contains(u"health_status: healthy"))
                continue;
            const qint64 at = f[1].toLongLong() / 1000000 - t0Wall;
            for (TaskTimes &tt : times)
                if (tt.runtimeId == f[0] && tt.engineHealthy < 0)
                    tt.engineHealthy = at;
        }
        // A container the controller learnt about only after it turned healthy: look it up directly.
        for (TaskTimes &tt : times) {
            if (tt.deployment != newId || tt.runtimeId.isEmpty() || tt.engineHealthy >= 0)
                continue;
            QProcess p;
            p.start(QStringLiteral("docker"), {QStringLiteral("inspect"), QStringLiteral("-f"),
                                               QStringLiteral("{{.State.Health.Status}}"), tt.runtimeId});
            if (p.waitForFinished(30000) && QString::fromUtf8(p.readAllStandardOutput()).trimmed() == u"healthy")
                tt.engineHealthy = clock.elapsed(); // healthy by now, time unknown (not in the stream)
        }
        for (auto it = times.cbegin(); it != times.cend(); ++it) {
            const TaskTimes &tt = it.value();
            if (tt.deployment != newId)
                continue;
            if (tt.engineHealthy >= 0 && tt.runtimeKnown >= 0 && tt.engineHealthy < tt.runtimeKnown)
                ++run.healthyBeforeKnown;
            if (tt.engineHealthy >= 0 && tt.healthy < 0) {
                ++run.healthEventsLost;
                run.stallDetail << QStringLiteral("task %1: engine healthy at %2 ms, container id known to the "
                                                  "controller at %3 ms, task still %4 at %5 ms")
                                       .arg(it.key().left(8))
                                       .arg(tt.engineHealthy)
                                       .arg(tt.runtimeKnown)
                                       .arg(toString(tt.health))
                                       .arg(clock.elapsed());
            }
        }
        if (!ok) {
            say(QStringLiteral("update not done after %1 s (or interrupted): %2").arg(kUpdateTimeoutS).arg(describe()));
            for (const QString &d : std::as_const(run.stallDetail))
                say(QStringLiteral("  ") + d);
            run.stalled = true;
        }

        std::vector<qint64> healthyAt, stopAskedAt;
        for (const TaskTimes &tt : std::as_const(times)) {
            if (tt.deployment == newId) {
                if (tt.running >= 0)
                    run.startLatency.push_back(tt.running - tt.seen);
                if (tt.healthy >= 0 && tt.running >= 0)
                    run.healthLatency.push_back(tt.healthy - tt.running);
                if (tt.healthy >= 0)
                    healthyAt.push_back(tt.healthy);
                if (tt.healthy >= 0 && tt.engineHealthy >= 0)
                    run.engineToTask.push_back(tt.healthy - tt.engineHealthy);
                if (tt.runtimeKnown >= 0)
                    run.knownAfterStart.push_back(tt.runtimeKnown - tt.seen);
            } else {
                if (tt.stopAsked >= 0 && tt.stopped >= 0)
                    run.stopLatency.push_back(tt.stopped - tt.stopAsked);
                if (tt.stopAsked >= 0)
                    stopAskedAt.push_back(tt.stopAsked);
            }
        }
        std::sort(healthyAt.begin(), healthyAt.end());
        std::sort(stopAskedAt.begin(), stopAskedAt.end());
        if (!stopAskedAt.empty()) {
            run.firstStopAsked = stopAskedAt.front();
            run.lastStopAsked = stopAskedAt.back();
        }
        for (size_t i = 0; i < std::min(healthyAt.size(), stopAskedAt.size()); ++i)
            run.healthyToStop.push_back(stopAskedAt[i] - healthyAt[i]);
        // Per-task timeline of this run, for the record (stderr).
        QStringList lines;
        for (auto it = times.cbegin(); it != times.cend(); ++it) {
            const TaskTimes &tt = it.value();
            lines << QStringLiteral("    %1 %2 seen=%3 containerKnown=%4 running=%5 engineHealthy=%6 healthy=%7 "
                                    "stopAsked=%8 stopped=%9")
                         .arg(tt.deployment == newId ? QStringLiteral("new") : QStringLiteral("old"), it.key().left(8))
                         .arg(tt.seen)
                         .arg(tt.runtimeKnown)
                         .arg(tt.running)
                         .arg(tt.engineHealthy)
                         .arg(tt.healthy)
                         .arg(tt.stopAsked)
                         .arg(tt.stopped);
        }
        lines.sort();
        for (const QString &l : std::as_const(lines))
            say(l);
        return run;
    }

private:
    ControlPlane &m_cp;
    QString m_service;
    std::optional<LoadOptions> m_load;
};

// Containers and networks still labelled fleetdeck.service=<service>, removed with the docker CLI.
void dockerBackstop(const QString &service)
{
    const QString label = QStringLiteral("label=fleetdeck.service=") + service;
    auto run = [](const QStringList &args) -> QString {
        QProcess p;
        p.start(QStringLiteral("docker"), args);
        if (!p.waitForFinished(120000)) {
            p.kill();
            p.waitForFinished(5000);
            return {};
        }
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    };
    const QStringList ids = run({QStringLiteral("ps"), QStringLiteral("-aq"), QStringLiteral("--filter"), label})
                                .split(u'\n', Qt::SkipEmptyParts);
    if (!ids.isEmpty()) {
        say(QStringLiteral("removing %1 leftover container(s) of %2").arg(ids.size()).arg(service));
        run(QStringList{QStringLiteral("rm"), QStringLiteral("-f")} + ids);
    }
    const QStringList nets = run({QStringLiteral("network"), QStringLiteral("ls"), QStringLiteral("-q"),
                                  QStringLiteral("--filter"), label})
                                 .split(u'\n', Qt::SkipEmptyParts);
    if (!nets.isEmpty()) {
        say(QStringLiteral("removing %1 leftover network(s) of %2").arg(nets.size()).arg(service));
        run(QStringList{QStringLiteral("network"), QStringLiteral("rm")} + nets);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("fleetdeck.*.debug=false"));

    QString serviceName = QStringLiteral("bench-rolling-%1").arg(::getpid());
    QStringList images = {QStringLiteral("fleetdeck/demo-web:1"), QStringLiteral("fleetdeck/demo-web:2")};
    bool loadBalanced = false;
    double speed = 1.0;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == u"--service" && i + 1 < args.size()) {
            serviceName = args[++i];
        } else if (args[i] == u"--images" && i + 1 < args.size()) {
            images = args[++i].split(u',');
        } else if (args[i] == u"--load-balancer") {
            loadBalanced = true;
        } else if (args[i] == u"--speed" && i + 1 < args.size()) {
            bool ok = false;
            speed = args[++i].toDouble(&ok);
            if (!ok || speed < 1 || speed > 100) {
                say(QStringLiteral("--speed: a number from 1 to 100 (got %1)").arg(args[i]));
                return 2;
            }
        } else {
            say(QStringLiteral("usage: bench-rolling [--service NAME] [--images IMAGE1,IMAGE2] [--load-balancer] [--speed X]"));
            return 2;
        }
    }
    if (loadBalanced)
        g_prefix = QStringLiteral("fleetdeck_lb_");
    LoadOptions load;
    if (!qEnvironmentVariableIsEmpty("FLEETDECK_BENCH_RATE")) {
        bool ok = false;
        load.ratePerSecond = qEnvironmentVariable("FLEETDECK_BENCH_RATE").toDouble(&ok);
        if (!ok || load.ratePerSecond < 0) {
            say(QStringLiteral("FLEETDECK_BENCH_RATE: requests per second, 0 for as fast as answered"));
            return 2;
        }
    }
    if (images.size() != 2) {
        say(QStringLiteral("--images: two images, comma-separated"));
        return 2;
    }
    bool okReps = false;
    const int reps = qEnvironmentVariableIsEmpty("FLEETDECK_BENCH_REPS")
                         ? 3
                         : qEnvironmentVariableIntValue("FLEETDECK_BENCH_REPS", &okReps);
    if (reps < 1 || (!okReps && !qEnvironmentVariableIsEmpty("FLEETDECK_BENCH_REPS"))) {
        say(QStringLiteral("FLEETDECK_BENCH_REPS must be a positive integer"));
        return 2;
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd) == 0) {
        auto *notifier = new QSocketNotifier(g_signalFd[1], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [notifier] {
            char c;
            [[maybe_unused]] auto n = ::read(g_signalFd[1], &c, 1);
            notifier->setEnabled(true);
            g_interrupted = true;
            say(QStringLiteral("interrupted: cleaning up"));
        });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }

    QTemporaryDir dataDir;
    if (!dataDir.isValid()) {
        say(QStringLiteral("cannot create a temporary data directory"));
        return 1;
    }
    // The whole control plane in process, as app/main.cpp builds it, on the wall clock.
    SystemOptions options;
    options.dataDir = dataDir.path();
    // --speed: the control plane's clock (health-check intervals, deregistration delay) at teaching
    // speed; the engine's own health check (1 s) and timeouts stay in real time.
    if (speed == 1.0)
        options.clock = std::make_shared<SystemClock>();
    else
        options.speed = speed;
    options.firstStartEngine = Engine::Kind::Docker;
    auto built = System::create(options);
    if (!built) {
        say(built.error().message);
        return 1;
    }
    ControlPlane &plane = built.value()->controlPlane();

    Bench bench(plane, serviceName);
    int rc = 0;
    bool created = false;
    std::vector<Run> runs;
    std::vector<Run> stalled;
    QString stalledPhase = QStringLiteral("update");
    QString engineVersion;

    [&] {
        // Engine connected: the instances' agents follow it.
        auto connected = [&] {
            const auto e = plane.engines().find(QStringLiteral("local"));
            if (e && e->connected)
                engineVersion = e->version;
            return e && e->connected;
        };
        if (!waitUntil(plane, connected, 30)) {
            say(QStringLiteral("the Docker engine at unix:///var/run/docker.sock is not connected"));
            rc = 1;
            return;
        }
        QStringList refs;
        for (const QString &image : images) {
            auto td = plane.taskDefinitions().registerNew(benchDefinition(image));
            if (!td) {
                say(QStringLiteral("registerTaskDefinition refused the 1 s health check: ") + td.error().message);
                rc = 1;
                return;
            }
            if (!td->spec.containerDefinitions.value(0).healthCheck ||
                td->spec.containerDefinitions.value(0).healthCheck->interval != 1) {
                say(QStringLiteral("registerTaskDefinition did not keep the 1 s health-check interval"));
                rc = 1;
                return;
            }
            refs << td->familyRevision();
        }
        say(QStringLiteral("registered %1 (%2) and %3 (%4), health check every 1 s")
                .arg(refs[0], images[0], refs[1], images[1]));

        if (loadBalanced) {
            // Deregistration delay 5 s on the control plane's clock; it ends early once nothing is in flight.
            auto lb = bench::createLoadBalancer(plane, serviceName, 5);
            if (!lb) {
                say(QStringLiteral("load balancer: ") + lb.error().message);
                rc = 1;
                return;
            }
            load.lb = *lb;
            bench.setLoad(load);
            say(QStringLiteral("load balancer %1: listener on 127.0.0.1:%2, %3 connections at %4 req/s (0: unbounded), clock x%5")
                    .arg(serviceName)
                    .arg(lb->port)
                    .arg(load.connections)
                    .arg(load.ratePerSecond)
                    .arg(speed));
        }
        ops::ServiceRequest req;
        req.cluster = QStringLiteral("default");
        req.serviceName = serviceName;
        req.taskDefinition = refs[0];
        req.desiredCount = kTasks;
        req.minimumHealthyPercent = 100;
        req.maximumPercent = 200;
        if (loadBalanced)
            req.loadBalancers = QList<ServiceLoadBalancer>{{load.lb.targetGroupArn, QStringLiteral("web"), 8080}};
        QElapsedTimer t;
        t.start();
        auto svc = plane.services().create(req);
        if (!svc) {
            say(QStringLiteral("createService failed: ") + svc.error().message);
            rc = 1;
            return;
        }
        created = true;
        if (!waitUntil(plane, [&] { return bench.stable(); }, kStableTimeoutS)) {
            say(QStringLiteral("service %1 not stable after %2 s: %3").arg(serviceName).arg(kStableTimeoutS).arg(bench.describe()));
            if (!g_interrupted) {
                Run r;
                r.stalled = true;
                r.stallDetail = bench.lostHealth();
                r.healthEventsLost = int(std::count_if(r.stallDetail.cbegin(), r.stallDetail.cend(),
                                                        [](const QString &l) { return l.contains(u", engine healthy ("); }));
                for (const QString &d : std::as_const(r.stallDetail))
                    say(QStringLiteral("  ") + d);
                stalledPhase = QStringLiteral("create");
                stalled.push_back(r);
                rc = 3;
                return;
            }
            rc = 1;
            return;
        }
        say(QStringLiteral("service %1: %2 tasks of %3 healthy after %4 ms").arg(serviceName).arg(kTasks).arg(refs[0]).arg(t.elapsed()));

        for (int r = 0; r < reps && !g_interrupted; ++r) {
            const QString to = refs[(r + 1) % 2];
            // Let the engine settle a moment (stopped containers' removal, networks) before timing.
            waitUntil(plane, [] { return false; }, 2);
            if (g_interrupted)
                break;
            say(QStringLiteral("run %1/%2: update to %3").arg(r + 1).arg(reps).arg(to));
            std::optional<Run> run = bench.update(to);
            if (!run) {
                rc = 1;
                return;
            }
            if (run->stalled) {
                stalled.push_back(*run);
                rc = 3;
                return; // the service cannot settle: no further runs
            }
            say(QStringLiteral("  old all STOPPED %1 ms; new all RUNNING %2 ms, all HEALTHY %3 ms; COMPLETED %4 ms; "
                               "first/last old stop asked %5/%6 ms; stop latency median %7 max %8 ms")
                    .arg(run->total)
                    .arg(run->newAllRunning)
                    .arg(run->newAllHealthy)
                    .arg(run->completed)
                    .arg(run->firstStopAsked)
                    .arg(run->lastStopAsked)
                    .arg(median(run->stopLatency))
                    .arg(maxOf(run->stopLatency)));
            runs.push_back(*run);
            if (!waitUntil(plane, [&] { return bench.stable(); }, kStableTimeoutS)) {
                say(QStringLiteral("not stable after run %1: %2").arg(r + 1).arg(bench.describe()));
                for (const QString &d : bench.lostHealth())
                    say(QStringLiteral("  ") + d);
                rc = 1;
                return;
            }
        }
    }();
    if (g_interrupted)
        rc = 130;

    // Results (whatever completed).
    out(g_prefix + QStringLiteral("stalled_runs=%1").arg(stalled.size()));
    for (const Run &r : stalled) {
        out(g_prefix + QStringLiteral("stall_phase=") + stalledPhase);
        out(g_prefix + QStringLiteral("stall_timeout_s=%1").arg(stalledPhase == u"create" ? kStableTimeoutS : kUpdateTimeoutS));
        out(g_prefix + QStringLiteral("stall_health_events_lost=%1").arg(r.healthEventsLost));
        out(g_prefix + QStringLiteral("stall_healthy_before_container_known=%1").arg(r.healthyBeforeKnown));
        out(g_prefix + QStringLiteral("stall_detail=") + r.stallDetail.join(QStringLiteral("; ")));
    }
    int lostTotal = 0, earlyTotal = 0;
    for (const Run &r : runs) {
        lostTotal += r.healthEventsLost;
        earlyTotal += r.healthyBeforeKnown;
    }
    for (const Run &r : stalled)
        earlyTotal += r.healthyBeforeKnown;
    out(g_prefix + QStringLiteral("healthy_before_container_known_total=%1").arg(earlyTotal));
    if (!runs.empty()) {
        auto col = [&](auto field) {
            std::vector<qint64> v;
            for (const Run &r : runs)
                v.push_back(field(r));
            return v;
        };
        auto pooled = [&](auto field) {
            std::vector<qint64> v;
            for (const Run &r : runs) {
                const std::vector<qint64> &x = field(r);
                v.insert(v.end(), x.begin(), x.end());
            }
            return v;
        };
        const auto total = col([](const Run &r) { return r.total; });
        const auto healthy = col([](const Run &r) { return r.newAllHealthy; });
        const auto running = col([](const Run &r) { return r.newAllRunning; });
        const auto completed = col([](const Run &r) { return r.completed; });
        const auto firstStop = col([](const Run &r) { return r.firstStopAsked; });
        const auto lastStop = col([](const Run &r) { return r.lastStopAsked; });
        const auto call = col([](const Run &r) { return r.callMs; });
        const auto startLat = pooled([](const Run &r) -> const std::vector<qint64> & { return r.startLatency; });
        const auto healthLat = pooled([](const Run &r) -> const std::vector<qint64> & { return r.healthLatency; });
        const auto stopLat = pooled([](const Run &r) -> const std::vector<qint64> & { return r.stopLatency; });
        const auto h2s = pooled([](const Run &r) -> const std::vector<qint64> & { return r.healthyToStop; });
        const auto e2t = pooled([](const Run &r) -> const std::vector<qint64> & { return r.engineToTask; });
        const auto known = pooled([](const Run &r) -> const std::vector<qint64> & { return r.knownAfterStart; });
        out(g_prefix + QStringLiteral("engine_version=") + engineVersion);
        out(g_prefix + QStringLiteral("service=") + serviceName);
        out(g_prefix + QStringLiteral("reps=%1").arg(runs.size()));
        out(g_prefix + QStringLiteral("runs_ms=") + joinMs(total));
        out(g_prefix + QStringLiteral("median_ms=%1").arg(median(total)));
        out(g_prefix + QStringLiteral("new_healthy_runs_ms=") + joinMs(healthy));
        out(g_prefix + QStringLiteral("new_healthy_median_ms=%1").arg(median(healthy)));
        out(g_prefix + QStringLiteral("new_running_median_ms=%1").arg(median(running)));
        out(g_prefix + QStringLiteral("completed_runs_ms=") + joinMs(completed));
        out(g_prefix + QStringLiteral("completed_median_ms=%1").arg(median(completed)));
        out(g_prefix + QStringLiteral("first_old_stop_asked_median_ms=%1").arg(median(firstStop)));
        out(g_prefix + QStringLiteral("last_old_stop_asked_median_ms=%1").arg(median(lastStop)));
        out(g_prefix + QStringLiteral("update_call_median_ms=%1").arg(median(call)));
        out(g_prefix + QStringLiteral("task_start_ms_median=%1").arg(median(startLat)));
        out(g_prefix + QStringLiteral("task_start_ms_max=%1").arg(maxOf(startLat)));
        out(g_prefix + QStringLiteral("running_to_healthy_ms_median=%1").arg(median(healthLat)));
        out(g_prefix + QStringLiteral("running_to_healthy_ms_max=%1").arg(maxOf(healthLat)));
        out(g_prefix + QStringLiteral("healthy_to_stop_asked_ms_median=%1").arg(median(h2s)));
        out(g_prefix + QStringLiteral("healthy_to_stop_asked_ms_max=%1").arg(maxOf(h2s)));
        out(g_prefix + QStringLiteral("engine_healthy_to_task_healthy_ms_median=%1").arg(median(e2t)));
        out(g_prefix + QStringLiteral("engine_healthy_to_task_healthy_ms_max=%1").arg(maxOf(e2t)));
        out(g_prefix + QStringLiteral("container_known_ms_median=%1").arg(median(known)));
        out(g_prefix + QStringLiteral("container_known_ms_max=%1").arg(maxOf(known)));
        out(g_prefix + QStringLiteral("task_stop_ms_median=%1").arg(median(stopLat)));
        out(g_prefix + QStringLiteral("task_stop_ms_max=%1").arg(maxOf(stopLat)));
        if (loadBalanced) {
            std::vector<traffic::TrafficSnapshot> traffic;
            for (const Run &r : runs)
                if (r.traffic)
                    traffic.push_back(*r.traffic);
            out(g_prefix + QStringLiteral("speed=%1").arg(speed));
            out(g_prefix + QStringLiteral("connections=%1").arg(load.connections));
            out(g_prefix + QStringLiteral("rate_asked=%1").arg(load.ratePerSecond));
            for (const QString &line : bench::trafficLines(g_prefix, traffic))
                out(line);
        }
    }

    // Cleanup: delete the service, let the controllers stop its tasks, then the docker backstop.
    if (created) {
        const bool wasInterrupted = g_interrupted;
        g_interrupted = false; // let the cleanup wait run; a second signal still cuts it short
        say(QStringLiteral("deleting service %1").arg(serviceName));
        if (auto d = plane.services().remove(QStringLiteral("default"), serviceName, true); !d)
            say(QStringLiteral("deleteService failed: ") + d.error().message);
        const bool gone = waitUntil(
            plane,
            [&] {
                for (const Task &t : bench.serviceTasks())
                    if (!t.isStopped())
                        return false;
                return built.value()->taskController().busyTasks() == 0;
            },
            kCleanupTimeoutS);
        if (!gone)
            say(QStringLiteral("tasks still not stopped after %1 s: %2").arg(kCleanupTimeoutS).arg(bench.describe()));
        g_interrupted = g_interrupted || wasInterrupted;
    }
    built.value()->serviceController().stop();
    built.value()->taskController().stop();
    dockerBackstop(serviceName);
    return rc;
}
