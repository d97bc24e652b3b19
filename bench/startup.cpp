// Cold start to the first painted window (PERFORMANCE.md row 14), beside an empty Qt window as the
// floor. Runs, alternately, bench-empty-window (the floor) and
//   fleetdeck --exit-after-first-frame --runtime simulated --no-api --data-dir <fresh empty dir>
// each --runs times under QT_QPA_PLATFORM=offscreen, and times each process from posix_spawn() to its
// exit (wait4). Both quit right after their first paint, so the time is an upper bound of "start to
// first frame" that includes the same teardown in both. A third series starts fleetdeck again on a
// data directory an earlier run created (a warm start: the store exists, nothing is created).
//
//   bench-startup --fleetdeck <path> --floor <path> [--runs 20] [--warmup 2]
//
// Prints key=value lines (bench/run startup turns them into the RESULTS.md section). Exit status 1
// when a program fails or runs longer than 30 s.

#include <QDir>
#include <QtGlobal>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <spawn.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace {

constexpr int kTimeoutSeconds = 30;
volatile pid_t g_child = 0;

void onAlarm(int)
{
    if (g_child > 0)
        ::kill(g_child, SIGKILL);
}

struct Sample
{
    double wallMs = 0;
    double cpuMs = 0; // user + system of the child
};

struct RunError
{
    std::string what;
};

double nowMs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// Runs argv with the current environment, output to `logPath`; throws RunError unless it exits 0.
Sample timeProcess(const std::vector<std::string> &argv, const std::string &logPath)
{
    std::vector<char *> args;
    for (const std::string &a : argv)
        args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);

    const double start = nowMs();
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        throw RunError{"cannot start " + argv[0] + ": " + std::strerror(rc)};
    g_child = pid;
    alarm(kTimeoutSeconds);
    int status = 0;
    rusage usage{};
    pid_t waited = -1;
    do {
        waited = wait4(pid, &status, 0, &usage);
    } while (waited < 0 && errno == EINTR);
    const double end = nowMs();
    alarm(0);
    g_child = 0;

    if (waited != pid)
        throw RunError{"wait4 failed for " + argv[0]};
    if (WIFSIGNALED(status))
        throw RunError{argv[0] + " was killed by signal " + std::to_string(WTERMSIG(status)) +
                       (WTERMSIG(status) == SIGKILL ? " (over " + std::to_string(kTimeoutSeconds) + " s)" : "") +
                       "; output in " + logPath};
    if (WEXITSTATUS(status) != 0)
        throw RunError{argv[0] + " exited with " + std::to_string(WEXITSTATUS(status)) + "; output in " + logPath};

    auto ms = [](const timeval &t) { return double(t.tv_sec) * 1e3 + double(t.tv_usec) / 1e3; };
    return Sample{end - start, ms(usage.ru_utime) + ms(usage.ru_stime)};
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Prints the series; returns its median wall time.
double report(const char *key, const std::vector<Sample> &samples)
{
    std::vector<double> wall, cpu;
    for (const Sample &s : samples) {
        wall.push_back(s.wallMs);
        cpu.push_back(s.cpuMs);
    }
    std::printf("%s_median_ms=%.1f\n", key, median(wall));
    std::printf("%s_min_ms=%.1f\n", key, *std::min_element(wall.begin(), wall.end()));
    std::printf("%s_max_ms=%.1f\n", key, *std::max_element(wall.begin(), wall.end()));
    std::printf("%s_cpu_median_ms=%.1f\n", key, median(cpu));
    std::printf("%s_runs_ms=", key);
    for (std::size_t i = 0; i < wall.size(); ++i)
        std::printf("%s%.1f", i ? "," : "", wall[i]);
    std::printf("\n");
    return median(wall);
}

int usage()
{
    std::fprintf(stderr, "usage: bench-startup --fleetdeck <path> --floor <path> [--runs n] [--warmup n]\n");
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    std::string fleetdeck, floor;
    int runs = 20, warmup = 2;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--fleetdeck" && hasValue)
            fleetdeck = argv[++i];
        else if (a == "--floor" && hasValue)
            floor = argv[++i];
        else if (a == "--runs" && hasValue)
            runs = std::max(1, std::atoi(argv[++i]));
        else if (a == "--warmup" && hasValue)
            warmup = std::max(0, std::atoi(argv[++i]));
        else
            return usage();
    }
    if (fleetdeck.empty() || floor.empty())
        return usage();

    std::signal(SIGALRM, onAlarm);
    ::setenv("QT_QPA_PLATFORM", "offscreen", 1);
    ::unsetenv("DISPLAY");
    ::unsetenv("WAYLAND_DISPLAY");

    QTemporaryDir scratch;
    if (!scratch.isValid()) {
        std::fprintf(stderr, "bench-startup: cannot create a temporary directory\n");
        return 1;
    }
    const std::string log = (scratch.path() + QStringLiteral("/last.log")).toStdString();
    const std::string warmDir = (scratch.path() + QStringLiteral("/warm")).toStdString();

    auto fleetdeckArgs = [&](const std::string &dataDir) {
        return std::vector<std::string>{fleetdeck,   "--exit-after-first-frame", "--runtime", "simulated", "--no-api",
                                        "--data-dir", dataDir};
    };
    // A cold start: a data directory that does not exist yet, removed afterwards.
    auto cold = [&](int i) {
        const QString dir = scratch.path() + QStringLiteral("/cold-%1").arg(i);
        const Sample s = timeProcess(fleetdeckArgs(dir.toStdString()), log);
        QDir(dir).removeRecursively();
        return s;
    };

    std::vector<Sample> floorSamples, coldSamples, warmSamples;
    try {
        // Warm-up: page cache, font cache, the warm data directory.
        timeProcess(fleetdeckArgs(warmDir), log);
        for (int i = 0; i < warmup; ++i) {
            timeProcess({floor}, log);
            cold(-1 - i);
        }
        // Alternate so that machine noise lands on all three series alike.
        for (int i = 0; i < runs; ++i) {
            floorSamples.push_back(timeProcess({floor}, log));
            coldSamples.push_back(cold(i));
            warmSamples.push_back(timeProcess(fleetdeckArgs(warmDir), log));
        }
    } catch (const RunError &e) {
        std::fprintf(stderr, "bench-startup: %s\n", e.what.c_str());
        std::FILE *f = std::fopen(log.c_str(), "r");
        if (f) {
            char buf[4096];
            std::size_t n = 0;
            while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
                std::fwrite(buf, 1, n, stderr);
            std::fclose(f);
        }
        return 1;
    }

    std::printf("runs=%d\nwarmup=%d\nplatform=offscreen\nqt=%s\n", runs, warmup, qVersion());
    const double f = report("floor", floorSamples);
    const double c = report("fleetdeck_cold", coldSamples);
    report("fleetdeck_warm", warmSamples);
    std::printf("cold_over_floor=%.2f\n", f > 0 ? c / f : 0.0);
    return 0;
}
