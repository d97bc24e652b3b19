// bench-placement: the placement engine's throughput, instruction cost, quality and decision
// latency (PERFORMANCE.md rows 1-3), each against a floor measured in the same run.
//
// Cluster: N = 1,000 and 10,000 simulated instances in 3 Availability Zones (instance i in zone
// i % 3), 4096 CPU units / 16384 MiB each; every 10th instance is an m5.xlarge, the rest t3.xlarge.
// Tasks: 512 CPU / 2048 MiB (8 fit on an instance), in services of 10 tasks, each service its own
// group. Request: spread(attribute:ecs.availability-zone) + binpack(memory), constraints
// distinctInstance + memberOf(attribute:ecs.instance-type =~ t3.*).
//
// - Throughput: one engine per run places the services one RunTask(count=10) after another until
//   60 % of the cluster's slots are used; placements/s, median of the runs. The floor is the
//   exhaustive scan: for each task, a plain loop over all instances checking the CPU/memory fit and
//   keeping the best fit by memory (no constraints, no strategies), then the commit.
// - Instructions: the same two loops under `valgrind --tool=callgrind`, collecting only a window of
//   placements in the middle of the fill (CALLGRIND_START/STOP_INSTRUMENTATION), Ir per placement.
// - Quality: AZ imbalance per service and over all tasks, hard-constraint violations checked from
//   the outside, and instances used against an exhaustive best-fit that obeys the same constraints
//   (and against the plain floor, for reference).
// - Latency of RunTask(count=10) on a cluster already 50 % full: "cold" builds the engine from the
//   snapshot on every call (what a stateless control plane does), "warm" reuses one engine.
//
// Run through bench/run (bench/run placement runs only this), which pins it with taskset and
// writes the "Placement" section of bench/RESULTS.md.

#include "scheduler/Placement.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <unistd.h>
#include <vector>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define FD_HAVE_CALLGRIND 1
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#define FD_HAVE_CALLGRIND 0
#endif

using namespace fd::scheduler;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kCpu = 4096, kMem = 16384, kTaskCpu = 512, kTaskMem = 2048, kPerService = 10;
const QString kZoneAttr = QStringLiteral("ecs.availability-zone");
const QString kTypeAttr = QStringLiteral("ecs.instance-type");

QString zoneOf(int i)
{
    static const QString zones[] = {QStringLiteral("us-east-1a"), QStringLiteral("us-east-1b"),
                                    QStringLiteral("us-east-1c")};
    return zones[i % 3];
}

bool isMember(int i)
{
    return i % 10 != 9;
}

QList<InstanceSnapshot> makeCluster(int n)
{
    QList<InstanceSnapshot> c;
    c.reserve(n);
    for (int i = 0; i < n; ++i) {
        InstanceSnapshot s;
        s.id = QStringLiteral("%1").arg(i, 32, 16, QLatin1Char('0'));
        s.ec2InstanceId = QStringLiteral("i-%1").arg(i, 17, 16, QLatin1Char('0'));
        s.agentVersion = QStringLiteral("1.90.0");
        s.registeredAt = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
        s.attributes.insert(kZoneAttr, zoneOf(i));
        s.attributes.insert(kTypeAttr, isMember(i) ? QStringLiteral("t3.xlarge") : QStringLiteral("m5.xlarge"));
        s.attributes.insert(QStringLiteral("ecs.os-type"), QStringLiteral("linux"));
        s.remainingCpu = kCpu;
        s.remainingMemory = kMem;
        c << s;
    }
    return c;
}

TaskRequest makeRequest(int service)
{
    TaskRequest r;
    r.cpu = kTaskCpu;
    r.memory = kTaskMem;
    r.count = kPerService;
    r.group = QStringLiteral("service:s%1").arg(service);
    r.strategies << makeStrategy(QStringLiteral("spread"), QStringLiteral("attribute:") + kZoneAttr).value()
                 << makeStrategy(QStringLiteral("binpack"), QStringLiteral("memory")).value();
    r.constraints
        << makeConstraint(QStringLiteral("distinctInstance"), {}).value()
        << makeConstraint(QStringLiteral("memberOf"), QStringLiteral("attribute:ecs.instance-type =~ t3.*")).value();
    return r;
}

// 60 % of all slots (members hold 90 % of them), a whole number of services.
int servicesFor(int n)
{
    return n * 8 * 6 / 10 / kPerService;
}

// Requests are built before timing starts: the control plane has them parsed already.
std::vector<TaskRequest> makeRequests(int services, int first = 0)
{
    std::vector<TaskRequest> out;
    out.reserve(std::size_t(services));
    for (int s = 0; s < services; ++s)
        out.push_back(makeRequest(first + s));
    return out;
}

// The floor: exhaustive best fit by memory, CPU/memory only.
struct Floor
{
    std::vector<int> cpu, mem;
    explicit Floor(int n) : cpu(std::size_t(n), kCpu), mem(std::size_t(n), kMem) {}

    int place()
    {
        int best = -1, bestMem = 0;
        const int n = int(cpu.size());
        for (int i = 0; i < n; ++i) {
            if (cpu[std::size_t(i)] >= kTaskCpu && mem[std::size_t(i)] >= kTaskMem &&
                (best < 0 || mem[std::size_t(i)] < bestMem)) {
                best = i;
                bestMem = mem[std::size_t(i)];
            }
        }
        if (best >= 0) {
            cpu[std::size_t(best)] -= kTaskCpu;
            mem[std::size_t(best)] -= kTaskMem;
        }
        return best;
    }
};

// The quality reference: exhaustive best fit by memory that obeys the same constraints.
struct ConstrainedBestFit
{
    std::vector<int> cpu, mem, lastService;
    explicit ConstrainedBestFit(int n)
        : cpu(std::size_t(n), kCpu), mem(std::size_t(n), kMem), lastService(std::size_t(n), -1)
    {}

    int place(int service)
    {
        int best = -1, bestMem = 0;
        for (int i = 0; i < int(cpu.size()); ++i) {
            const std::size_t u = std::size_t(i);
            if (isMember(i) && lastService[u] != service && cpu[u] >= kTaskCpu && mem[u] >= kTaskMem &&
                (best < 0 || mem[u] < bestMem)) {
                best = i;
                bestMem = mem[u];
            }
        }
        if (best >= 0) {
            cpu[std::size_t(best)] -= kTaskCpu;
            mem[std::size_t(best)] -= kTaskMem;
            lastService[std::size_t(best)] = service;
        }
        return best;
    }
};

double secondsSince(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

template<typename T> T median(std::vector<T> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? T{} : v[v.size() / 2];
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    if (v.empty())
        return 0;
    const std::size_t i = std::min(v.size() - 1, std::size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}

struct Throughput
{
    double ours = 0, floor = 0; // placements/s, median
    int placements = 0;
};

Throughput measureThroughput(int n, int reps)
{
    const QList<InstanceSnapshot> cluster = makeCluster(n);
    const int services = servicesFor(n);
    const std::vector<TaskRequest> requests = makeRequests(services);
    std::vector<double> ours, floor;
    int placed = 0;
    for (int rep = 0; rep < reps; ++rep) {
        {
            PlacementEngine engine(cluster);
            placed = 0;
            const auto t0 = Clock::now();
            for (const TaskRequest &r : requests)
                placed += engine.place(r).placedCount();
            ours.push_back(placed / secondsSince(t0));
        }
        {
            Floor f(n);
            int fp = 0;
            const auto t0 = Clock::now();
            for (int t = 0; t < services * kPerService; ++t)
                fp += f.place() >= 0;
            floor.push_back(fp / secondsSince(t0));
        }
    }
    return {median(ours), median(floor), placed};
}

struct Quality
{
    int placed = 0, expected = 0;
    int worstServiceImbalance = 0; // max - min tasks per zone within one service
    int totalImbalance = 0;        // over all tasks
    int violations = 0;
    int instancesUsed = 0, referenceUsed = 0, floorUsed = 0;
};

Quality measureQuality(int n)
{
    Quality q;
    const QList<InstanceSnapshot> cluster = makeCluster(n);
    const int services = servicesFor(n);
    PlacementEngine engine(cluster);
    std::vector<int> cpu(std::size_t(n), kCpu), mem(std::size_t(n), kMem), lastService(std::size_t(n), -1);
    std::map<QString, int> total;
    for (int s = 0; s < services; ++s) {
        const TaskRequest r = makeRequest(s);
        const PlacementPlan p = engine.place(r);
        std::map<QString, int> zones = {{zoneOf(0), 0}, {zoneOf(1), 0}, {zoneOf(2), 0}};
        for (const TaskPlacement &t : p.tasks) {
            if (!t.placed())
                continue;
            ++q.placed;
            const std::size_t u = std::size_t(t.instance);
            // Checked from the outside, not trusting the engine.
            if (!isMember(t.instance) || lastService[u] == s || cpu[u] < kTaskCpu || mem[u] < kTaskMem)
                ++q.violations;
            cpu[u] -= kTaskCpu;
            mem[u] -= kTaskMem;
            lastService[u] = s;
            ++zones[zoneOf(t.instance)];
            ++total[zoneOf(t.instance)];
        }
        const auto [lo, hi] = std::minmax_element(zones.begin(), zones.end(),
                                                  [](const auto &a, const auto &b) { return a.second < b.second; });
        q.worstServiceImbalance = std::max(q.worstServiceImbalance, hi->second - lo->second);
    }
    q.expected = services * kPerService;
    int lo = q.placed, hi = 0;
    for (const auto &[z, c] : total) {
        lo = std::min(lo, c);
        hi = std::max(hi, c);
    }
    q.totalImbalance = hi - lo;
    for (int i = 0; i < n; ++i)
        q.instancesUsed += engine.runningTasksCount(i) > 0;

    ConstrainedBestFit ref(n);
    Floor floor(n);
    std::vector<int> refUsed(std::size_t(n), 0), floorUsed(std::size_t(n), 0);
    for (int s = 0; s < services; ++s)
        for (int t = 0; t < kPerService; ++t) {
            if (const int i = ref.place(s); i >= 0)
                refUsed[std::size_t(i)] = 1;
            if (const int i = floor.place(); i >= 0)
                floorUsed[std::size_t(i)] = 1;
        }
    q.referenceUsed = int(std::count(refUsed.begin(), refUsed.end(), 1));
    q.floorUsed = int(std::count(floorUsed.begin(), floorUsed.end(), 1));
    return q;
}

struct Latency
{
    // Microseconds, the median over the repetitions of each repetition's percentile. Wall time
    // includes any time the shared machine took the CPU away; thread CPU time does not.
    double coldP50 = 0, coldP99 = 0, warmP50 = 0, warmP99 = 0;
    double coldCpuP50 = 0, coldCpuP99 = 0, warmCpuP50 = 0, warmCpuP99 = 0;
    int calls = 0, reps = 0;
    bool allPlaced = true;
};

double threadCpuMicros()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e6 + double(ts.tv_nsec) / 1e3;
}

// A snapshot of the cluster half full of other services' tasks.
QList<InstanceSnapshot> halfFullCluster(int n)
{
    PlacementEngine filler(makeCluster(n));
    const int prefill = n * 8 / 2 / kPerService;
    for (int s = 0; s < prefill; ++s)
        filler.place(makeRequest(s));
    QList<InstanceSnapshot> half = makeCluster(n);
    for (int i = 0; i < n; ++i) {
        InstanceSnapshot &in = half[i];
        in.remainingCpu = filler.remainingCpu(i);
        in.remainingMemory = filler.remainingMemory(i);
        in.runningTasksCount = filler.runningTasksCount(i);
        // Each task belongs to a different service here; what matters is the hash walk per instance.
        for (int k = 0; k < in.runningTasksCount; ++k)
            in.groupTaskCounts.insert(QStringLiteral("service:prefill%1").arg(k), 1);
    }
    return half;
}

// RunTask(count=10) on a cluster half full of other services' tasks, `reps` times `calls` calls.
Latency measureLatency(int n, int calls, int reps)
{
    Latency l;
    l.calls = calls * reps;
    l.reps = reps;
    const QList<InstanceSnapshot> half = halfFullCluster(n);
    std::vector<double> coldP50, coldP99, warmP50, warmP99, coldCpuP50, coldCpuP99, warmCpuP50, warmCpuP99;
    for (int rep = 0; rep < reps; ++rep) {
        const std::vector<TaskRequest> requests = makeRequests(calls, 1000000 + rep * calls);
        std::vector<double> cold, warm, coldCpu, warmCpu;
        for (int c = 0; c < calls; ++c) {
            const double cpu0 = threadCpuMicros();
            const auto t0 = Clock::now();
            PlacementEngine engine(half);
            const PlacementPlan p = engine.place(requests[std::size_t(c)]);
            cold.push_back(secondsSince(t0) * 1e6);
            coldCpu.push_back(threadCpuMicros() - cpu0);
            l.allPlaced = l.allPlaced && p.placedCount() == kPerService;
        }
        // Warm: one long-lived engine, replaced and warmed up (untimed) every 50 calls so that the
        // cluster stays about half full.
        std::optional<PlacementEngine> engine;
        for (int c = 0; c < calls; ++c) {
            if (c % 50 == 0) {
                engine.emplace(half);
                // Builds the sorted index, the memberOf mask and (third group) the inverted group
                // index, as a long-lived engine has; places nothing.
                TaskRequest warmUp = requests[std::size_t(c)];
                warmUp.count = 0;
                for (int w = 0; w < 3; ++w) {
                    warmUp.group = QStringLiteral("service:warm-up%1").arg(w);
                    engine->place(warmUp);
                }
            }
            const double cpu0 = threadCpuMicros();
            const auto t0 = Clock::now();
            const PlacementPlan p = engine->place(requests[std::size_t(c)]);
            warm.push_back(secondsSince(t0) * 1e6);
            warmCpu.push_back(threadCpuMicros() - cpu0);
            l.allPlaced = l.allPlaced && p.placedCount() == kPerService;
        }
        coldP50.push_back(percentile(cold, 0.50));
        coldP99.push_back(percentile(cold, 0.99));
        warmP50.push_back(percentile(warm, 0.50));
        warmP99.push_back(percentile(warm, 0.99));
        coldCpuP50.push_back(percentile(coldCpu, 0.50));
        coldCpuP99.push_back(percentile(coldCpu, 0.99));
        warmCpuP50.push_back(percentile(warmCpu, 0.50));
        warmCpuP99.push_back(percentile(warmCpu, 0.99));
    }
    l.coldP50 = median(coldP50);
    l.coldP99 = median(coldP99);
    l.warmP50 = median(warmP50);
    l.warmP99 = median(warmP99);
    l.coldCpuP50 = median(coldCpuP50);
    l.coldCpuP99 = median(coldCpuP99);
    l.warmCpuP50 = median(warmCpuP50);
    l.warmCpuP99 = median(warmCpuP99);
    return l;
}

// --probe ours|floor N: run under callgrind; instrument only a window of placements.
constexpr int kProbeWindowServices = 100; // 1,000 placements

int probe(const QString &what, int n)
{
    const int services = servicesFor(n);
    const int windowStart = services / 2; // the middle of the fill
    if (what == u"cold") {                // profiling aid: where a cold RunTask(count=10) spends its time
        const QList<InstanceSnapshot> half = halfFullCluster(n);
        const std::vector<TaskRequest> requests = makeRequests(kProbeWindowServices, 1000000);
        CALLGRIND_START_INSTRUMENTATION;
        int placed = 0;
        for (const TaskRequest &r : requests) {
            PlacementEngine engine(half);
            placed += engine.place(r).placedCount();
        }
        CALLGRIND_STOP_INSTRUMENTATION;
        std::printf("placed %d\n", placed);
    } else if (what == u"ours") {
        PlacementEngine engine(makeCluster(n));
        const std::vector<TaskRequest> requests = makeRequests(services);
        int placed = 0;
        for (int s = 0; s < windowStart + kProbeWindowServices && s < services; ++s) {
            if (s == windowStart)
                CALLGRIND_START_INSTRUMENTATION;
            const int p = engine.place(requests[std::size_t(s)]).placedCount();
            if (s >= windowStart)
                placed += p;
        }
        CALLGRIND_STOP_INSTRUMENTATION;
        std::printf("placed %d\n", placed);
    } else {
        Floor f(n);
        int placed = 0;
        for (int t = 0; t < (windowStart + kProbeWindowServices) * kPerService; ++t) {
            if (t == windowStart * kPerService)
                CALLGRIND_START_INSTRUMENTATION;
            const int i = f.place();
            if (t >= windowStart * kPerService)
                placed += i >= 0;
        }
        CALLGRIND_STOP_INSTRUMENTATION;
        std::printf("placed %d\n", placed);
    }
    return 0;
}

// Ir per placement from a callgrind run of this program in --probe mode; nullopt without valgrind.
std::optional<double> instructionsPerPlacement(const QString &self, const QString &what, int n, QString *why)
{
    if (!FD_HAVE_CALLGRIND) {
        *why = QStringLiteral("built without <valgrind/callgrind.h>");
        return std::nullopt;
    }
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("callgrind.out"));
    QProcess p;
    p.start(QStringLiteral("valgrind"),
            {QStringLiteral("--tool=callgrind"), QStringLiteral("--instr-atstart=no"),
             QStringLiteral("--callgrind-out-file=") + out, self, QStringLiteral("--probe"), what, QString::number(n)});
    if (!p.waitForStarted() || !p.waitForFinished(-1) || p.exitCode() != 0) {
        *why = QStringLiteral("valgrind failed: ") + QString::fromUtf8(p.readAllStandardError().right(300));
        return std::nullopt;
    }
    const QString stdoutText = QString::fromUtf8(p.readAllStandardOutput());
    const int placed = stdoutText.section(u' ', 1, 1).trimmed().toInt();
    QFile f(out);
    if (!f.open(QIODevice::ReadOnly) || placed <= 0) {
        *why = QStringLiteral("no callgrind output");
        return std::nullopt;
    }
    // "totals:" is the sum over the run; "summary:" is written before instrumentation starts (0).
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("totals:"))
            return line.mid(7).trimmed().split(' ').first().toDouble() / placed;
    *why = QStringLiteral("no totals in the callgrind output");
    return std::nullopt;
}

QString fmt(double v, int decimals = 0)
{
    return QString::number(v, 'f', decimals);
}

QString thousands(double v)
{
    return QLocale(QLocale::English).toString(qint64(v + 0.5));
}

QString pinnedCpus()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray &line : f.readAll().split('\n'))
            if (line.startsWith("Cpus_allowed_list:"))
                return QString::fromLatin1(line.mid(18).trimmed());
    return QStringLiteral("?");
}

QString loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll()).section(u' ', 0, 2) : QStringLiteral("?");
}

// Replaces (or appends) the "## Placement" section of the results file, leaving the others alone.
bool writeSection(const QString &path, const QString &section)
{
    QString text;
    QFile in(path);
    if (in.open(QIODevice::ReadOnly))
        text = QString::fromUtf8(in.readAll());
    in.close();
    if (text.isEmpty())
        text = QStringLiteral("# Benchmark results\n");
    const QString heading = QStringLiteral("\n## Placement ");
    const int start = text.indexOf(heading);
    if (start >= 0) {
        int end = text.indexOf(QStringLiteral("\n## "), start + heading.size());
        if (end < 0)
            end = int(text.size());
        text.replace(start, end - start, QStringLiteral("\n") + section.trimmed() + QStringLiteral("\n"));
    } else {
        if (!text.endsWith(u'\n'))
            text += u'\n';
        text += QStringLiteral("\n") + section.trimmed() + QStringLiteral("\n");
    }
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    out.write(text.toUtf8());
    return true;
}

QString verdict(bool met)
{
    return met ? QStringLiteral("met") : QStringLiteral("**not met**");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 4 && args.at(1) == u"--probe")
        return probe(args.at(2), args.at(3).toInt());

    QString outPath;
    int reps = 5;
    QList<int> sizes = {1000, 10000};
    bool callgrind = true;
    for (int i = 1; i < args.size(); ++i) {
        if (args[i] == u"--out" && i + 1 < args.size())
            outPath = args[++i];
        else if (args[i] == u"--reps" && i + 1 < args.size())
            reps = std::max(1, args[++i].toInt());
        else if (args[i] == u"--no-callgrind")
            callgrind = false;
        else if (args[i] == u"--sizes" && i + 1 < args.size()) {
            sizes.clear();
            for (const QString &s : args[++i].split(u','))
                sizes << s.toInt();
        }
    }
    const auto say = [](const QString &s) { std::fprintf(stderr, "bench-placement: %s\n", qPrintable(s)); };
    const auto began = Clock::now();

    struct Row
    {
        int n = 0;
        Throughput tp;
        std::optional<double> irOurs, irFloor;
        QString irWhy;
        Quality q;
        Latency lat;
    };
    std::vector<Row> rows;
    for (int n : sizes) {
        Row r;
        r.n = n;
        say(QStringLiteral("N = %1: throughput, %2 runs").arg(n).arg(reps));
        r.tp = measureThroughput(n, reps);
        say(QStringLiteral("N = %1: ours %2/s, floor %3/s").arg(n).arg(fmt(r.tp.ours)).arg(fmt(r.tp.floor)));
        if (callgrind) {
            say(QStringLiteral("N = %1: callgrind").arg(n));
            r.irOurs = instructionsPerPlacement(app.applicationFilePath(), QStringLiteral("ours"), n, &r.irWhy);
            r.irFloor = instructionsPerPlacement(app.applicationFilePath(), QStringLiteral("floor"), n, &r.irWhy);
        } else {
            r.irWhy = QStringLiteral("--no-callgrind");
        }
        say(QStringLiteral("N = %1: quality").arg(n));
        r.q = measureQuality(n);
        say(QStringLiteral("N = %1: latency").arg(n));
        r.lat = measureLatency(n, n <= 1000 ? 2000 : 200, reps);
        rows.push_back(r);
    }

    QString md;
    QTextStream o(&md);
    o << "## Placement (PERFORMANCE.md rows 1-3)\n\n";
    o << "Written by `bench/run placement` (bench/placement.cpp); run it again rather than editing.\n\n";
    o << "- Date: " << QDateTime::currentDateTimeUtc().toString(Qt::ISODate) << "\n";
    o << "- Machine: " << QSysInfo::prettyProductName() << ", kernel " << QSysInfo::kernelVersion() << ", "
      << sysconf(_SC_NPROCESSORS_ONLN) << " CPUs online; this process pinned to CPU(s) " << pinnedCpus()
      << "; load average at the end " << loadAverage() << "\n";
    o << "- Run: " << reps << " throughput runs per size (median); the whole benchmark took "
      << fmt(secondsSince(began) / 60.0, 1) << " min.\n\n";
    o << "### Method\n\n"
         "- Cluster: N instances in 3 Availability Zones, 4096 CPU units / 16384 MiB each; every 10th is an "
         "m5.xlarge, the others t3.xlarge. Tasks of 512 CPU / 2048 MiB (8 per instance), in services of 10 tasks, "
         "each service its own group.\n"
         "- Request (every service): spread(attribute:ecs.availability-zone) + binpack(memory), distinctInstance + "
         "memberOf(attribute:ecs.instance-type =~ t3.*), placed with `RunTask(count=10)` calls on one "
         "`fd::scheduler::PlacementEngine` until 60 % of the cluster's slots are used (the constraint leaves 90 % "
         "of the slots eligible).\n"
         "- Floor: the exhaustive scan, measured in the same run on the same number of tasks: per task a plain "
         "loop over all instances checking the CPU and memory fit and keeping the best fit by memory, then the "
         "commit. No constraints, no strategies: less work than ours.\n"
         "- Ir: `valgrind --tool=callgrind --instr-atstart=no`, collecting (CALLGRIND_START/STOP_INSTRUMENTATION) "
         "1,000 placements in the middle of the fill, for ours (everything `place()` does, the per-call setup "
         "included) and for the floor.\n"
         "- Quality: the spread imbalance is max − min tasks per zone, within each service (worst service) and "
         "over all tasks; violations are checked outside the engine (instance type, one task per instance per "
         "service, CPU and memory); instances used are compared with an exhaustive best fit by memory that obeys "
         "the same constraints but not the spread (the reference), and with the plain floor.\n"
         "- Latency: `RunTask(count=10)` of a new service on a cluster already 50 % full (each instance lists its "
         "tasks' groups). *cold* builds the engine from the snapshot on every call, as a stateless control plane "
         "would, *warm* reuses one engine. 2,000 calls per repetition at 1,000 instances, 200 at 10,000.\n\n";

    o << "### Throughput and instructions\n\n";
    o << "| N | **ours** placements/s | floor placements/s | **ours / floor** | ours Ir/placement | floor "
         "Ir/placement | **ours Ir / floor Ir** | placements per run |\n";
    o << "|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const Row &r : rows) {
        o << "| " << thousands(r.n) << " | **" << thousands(r.tp.ours) << "** | " << thousands(r.tp.floor) << " | **"
          << fmt(r.tp.ours / r.tp.floor, 2) << "×** | " << (r.irOurs ? thousands(*r.irOurs) : QStringLiteral("—"))
          << " | " << (r.irFloor ? thousands(*r.irFloor) : QStringLiteral("—")) << " | **"
          << (r.irOurs && r.irFloor ? fmt(*r.irOurs / *r.irFloor, 3) + QStringLiteral("×") : QStringLiteral("—"))
          << "** | " << thousands(r.tp.placements) << " |\n";
    }
    if (!rows.empty() && (!rows.front().irOurs || !rows.front().irFloor))
        o << "\nIr not measured: " << rows.front().irWhy << "\n";

    o << "\n### Quality\n\n";
    o << "| N | placed / asked | worst per-service zone imbalance | zone imbalance, all tasks | constraint "
         "violations | instances used | reference (constrained best fit) | ours / reference | plain floor |\n";
    o << "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const Row &r : rows) {
        o << "| " << thousands(r.n) << " | " << r.q.placed << " / " << r.q.expected << " | "
          << r.q.worstServiceImbalance << " | " << r.q.totalImbalance << " | " << r.q.violations << " | "
          << r.q.instancesUsed << " | " << r.q.referenceUsed << " | "
          << fmt(double(r.q.instancesUsed) / r.q.referenceUsed, 3) << "× | " << r.q.floorUsed << " |\n";
    }

    o << "\n### Decision latency of RunTask(count=10) (row 3)\n\n";
    o << "Microseconds; each cell is the median over " << (rows.empty() ? 0 : rows.front().lat.reps)
      << " repetitions of that repetition's percentile. *wall* is steady-clock time from the call to the "
         "committed plan; *CPU* is the thread's CPU time over the same span, which leaves out the time the "
         "shared machine gave the core to other processes.\n\n";
    o << "| N | calls | cold wall p50 | **cold wall p99** | cold CPU p50 | **cold CPU p99** | warm wall p50 | warm "
         "wall p99 | warm CPU p50 | warm CPU p99 | all 10 placed |\n";
    o << "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
    for (const Row &r : rows)
        o << "| " << thousands(r.n) << " | " << thousands(r.lat.calls) << " | " << fmt(r.lat.coldP50, 1) << " | **"
          << fmt(r.lat.coldP99, 1) << "** | " << fmt(r.lat.coldCpuP50, 1) << " | **" << fmt(r.lat.coldCpuP99, 1)
          << "** | " << fmt(r.lat.warmP50, 1) << " | " << fmt(r.lat.warmP99, 1) << " | " << fmt(r.lat.warmCpuP50, 1)
          << " | " << fmt(r.lat.warmCpuP99, 1) << " | " << (r.lat.allPlaced ? "yes" : "no") << " |\n";

    o << "\n### Goals\n\n";
    for (const Row &r : rows) {
        if (r.n == 1000) {
            o << "- ≥ 300,000 placements/s at 1,000 instances: " << thousands(r.tp.ours) << "/s — "
              << verdict(r.tp.ours >= 300000) << "\n";
            if (r.irOurs && r.irFloor)
                o << "- ≤ 2× the floor's Ir at 1,000: " << fmt(*r.irOurs / *r.irFloor, 3) << "× ("
                  << thousands(*r.irOurs) << " vs " << thousands(*r.irFloor) << ") — "
                  << verdict(*r.irOurs <= 2 * *r.irFloor) << "\n";
            o << "- RunTask(count=10) p99 ≤ 1 ms at 1,000: cold, wall " << fmt(r.lat.coldP99 / 1000, 3) << " ms — "
              << verdict(r.lat.coldP99 <= 1000) << "; cold, CPU " << fmt(r.lat.coldCpuP99 / 1000, 3) << " ms — "
              << verdict(r.lat.coldCpuP99 <= 1000) << "\n";
        }
        if (r.n == 10000) {
            o << "- ≥ 100,000 placements/s at 10,000 instances: " << thousands(r.tp.ours) << "/s — "
              << verdict(r.tp.ours >= 100000) << "\n";
            o << "- Beat the floor at 10,000: " << fmt(r.tp.ours / r.tp.floor, 1) << "× its rate — "
              << verdict(r.tp.ours > r.tp.floor) << "\n";
            o << "- RunTask(count=10) p99 ≤ 10 ms at 10,000: cold, wall " << fmt(r.lat.coldP99 / 1000, 3) << " ms — "
              << verdict(r.lat.coldP99 <= 10000) << "; cold, CPU " << fmt(r.lat.coldCpuP99 / 1000, 3) << " ms — "
              << verdict(r.lat.coldCpuP99 <= 10000) << "\n";
        }
        const bool quality = r.q.worstServiceImbalance <= 1 && r.q.violations == 0 &&
                             r.q.instancesUsed <= r.q.referenceUsed * 1.01 && r.q.placed == r.q.expected;
        o << "- Quality at " << thousands(r.n) << ": zone imbalance ≤ 1 (" << r.q.worstServiceImbalance
          << "), zero violations (" << r.q.violations << "), instances ≤ reference + 1 % (" << r.q.instancesUsed
          << " vs " << r.q.referenceUsed << ") — " << verdict(quality) << "\n";
    }
    o.flush();

    if (outPath.isEmpty()) {
        std::fputs(md.toUtf8().constData(), stdout);
    } else if (!writeSection(outPath, md)) {
        say(QStringLiteral("cannot write ") + outPath);
        return 1;
    } else {
        say(QStringLiteral("wrote the Placement section of ") + outPath);
    }
    return 0;
}
