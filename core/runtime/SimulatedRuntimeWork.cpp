#include "runtime/SimulatedRuntime.h"

// SimulatedRuntime's work queue: what happens when the time comes (a start decided, a health
// verdict, an exit, an OOM kill) and the health-check arithmetic that schedules it. The
// ContainerRuntime interface and what the simulation is told are in SimulatedRuntime.cpp.

#include "runtime/RuntimeLogging.h"

#include <algorithm>
#include <utility>

namespace fd::runtime {

namespace {

/// ceil(a / b) for b > 0, and 0 for a <= 0.
qint64 ceilDiv(qint64 a, qint64 b)
{
    return a <= 0 ? 0 : (a + b - 1) / b;
}

QDateTime timeOf(qint64 ms)
{
    return ms < 0 ? QDateTime() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

} // namespace

void SimulatedRuntime::tick()
{
    if (m_ticking)
        return; // a slot connected to one of our signals called tick(): the outer loop carries on
    m_ticking = true;
    const qint64 now = nowMs();
    // Work queued while processing (a slot running another container with zero latency) and due
    // by now is processed in this same call.
    while (!m_queue.empty() && m_queue.top().due <= now) {
        const Work w = m_queue.top();
        m_queue.pop();
        process(w);
    }
    if (m_sink && now >= m_nextSampleMs)
        sampleRound(now);
    m_ticking = false;
}

void SimulatedRuntime::process(const Work &w)
{
    switch (w.kind) {
    case WorkKind::Start:
        finishStart(w.id, w.due);
        return;
    case WorkKind::Exit:
        exitContainer(w.id, w.due, w.code, false);
        return;
    case WorkKind::OomKill:
        exitContainer(w.id, w.due, 137, true);
        return;
    case WorkKind::Healthy:
    case WorkKind::Unhealthy: {
        const auto it = m_containers.find(w.id);
        if (it == m_containers.end() || it->status != ContainerStatus::Running || it->healthGeneration != w.generation)
            return;
        const HealthStatus health = w.kind == WorkKind::Healthy ? HealthStatus::Healthy : HealthStatus::Unhealthy;
        if (it->health == health)
            return;
        it->health = health;
        const QString id = w.id;
        emit healthChanged(id, health);
        return;
    }
    }
}

void SimulatedRuntime::finishStart(const QString &id, qint64 at)
{
    const auto it = m_containers.find(id);
    if (it == m_containers.end() || it->status != ContainerStatus::Created || !it->started)
        return;
    Container &c = *it;
    if (c.startFailure) {
        const Promise<RunningContainer> promise = *c.started;
        const QString message = QString(errc::CannotStartContainerError) + QStringLiteral(": ") + *c.startFailure;
        qCInfo(lcRuntime) << "simulated runtime:" << c.name << "failed to start (injected):" << message;
        releasePorts(c);
        detachFromNetwork(c);
        m_idByName.remove(c.name);
        m_containers.erase(it);
        promise.resolve(makeError(QString(errc::CannotStartContainerError), message));
        return;
    }

    c.status = ContainerStatus::Running;
    c.startedMs = at;
    c.pid = m_nextPid;
    m_nextPid = m_nextPid >= kLastPid ? kFirstPid : m_nextPid + 1;
    ++m_running;
    if (c.exitAfterMs >= 0)
        schedule(at + c.exitAfterMs, c.id, WorkKind::Exit, 0, c.exitAfterCode);
    // The process grows to its working set; past the hard limit the kernel's OOM killer ends it.
    if (c.memoryLimitMiB > 0 && c.profile.memoryMiB > c.memoryLimitMiB)
        schedule(at + m_options.oomAfter.count(), c.id, WorkKind::OomKill);
    if (c.healthCheck && c.unhealthyAfterMs >= 0)
        c.failProbesFromMs = at + c.unhealthyAfterMs;
    scheduleHealth(c);

    const RunningContainer running{c.id, c.name, c.ports, timeOf(at)};
    const Promise<RunningContainer> promise = *std::exchange(c.started, std::nullopt);
    promise.resolve(running);
}

void SimulatedRuntime::cancelStart(Container &c, const QString &why)
{
    const std::optional<Promise<RunningContainer>> promise = std::exchange(c.started, std::nullopt);
    const QString id = c.id;
    releasePorts(c);
    detachFromNetwork(c);
    m_idByName.remove(c.name);
    m_containers.remove(id); // `c` is gone from here on
    if (promise) {
        promise->resolve(makeError(QString(errc::CannotStartContainerError),
                                   QString(errc::CannotStartContainerError) + QStringLiteral(": ") + why));
    }
}

void SimulatedRuntime::exitContainer(const QString &idRef, qint64 at, int exitCode, bool oomKilled)
{
    const QString id = idRef; // idRef may belong to the container or the queue
    const auto it = m_containers.find(id);
    if (it == m_containers.end() || it->status != ContainerStatus::Running)
        return;
    Container &c = *it;
    c.status = ContainerStatus::Exited;
    c.exitCode = exitCode;
    c.oomKilled = oomKilled;
    c.finishedMs = at;
    c.pid = 0;
    c.stopping = false;
    ++c.healthGeneration; // no verdicts after the exit
    --m_running;
    releasePorts(c);
    detachFromNetwork(c);
    const QList<Promise<Ok>> waiters = std::exchange(c.stopWaiters, {});
    for (const Promise<Ok> &w : waiters)
        w.resolve(Ok{});
    emit containerExited(id, exitCode);
}

void SimulatedRuntime::detachFromNetwork(const Container &c)
{
    if (c.network.isEmpty())
        return;
    if (const auto it = m_networks.find(c.network); it != m_networks.end() && it->attached > 0)
        --it->attached;
}

// Docker's rules (daemon/health.go), probe k at start + k * interval, k >= 1: a passing probe makes
// the container healthy; `retries` failing ones in a row make it unhealthy; while it has never been
// healthy, failures within the start period do not count.
// Worked example: interval 1 s, retries 3, probes failing from 10 s on: probe 1 passes (healthy at
// 1 s), probes 10, 11 and 12 fail, unhealthy at 12 s. Failing from 0.5 s with a start period of
// 5 s: probe 1 fails (never healthy), probes 1-4 fall in the start period, 5, 6, 7 count:
// unhealthy at 7 s.
void SimulatedRuntime::scheduleHealth(Container &c)
{
    ++c.healthGeneration;
    if (!c.healthCheck || c.status != ContainerStatus::Running)
        return;
    const qint64 t0 = c.startedMs;
    const qint64 interval = std::max<qint64>(1, c.healthCheck->interval.count());
    const qint64 retries = std::max(1, c.healthCheck->retries);
    const qint64 startPeriod = std::max<qint64>(0, c.healthCheck->startPeriod.count());
    const qint64 failFrom = c.failProbesFromMs;

    const bool firstProbePasses = failFrom < 0 || t0 + interval < failFrom;
    if (firstProbePasses && c.health == HealthStatus::Unknown)
        schedule(t0 + interval, c.id, WorkKind::Healthy, c.healthGeneration);
    if (failFrom < 0)
        return;
    qint64 firstCounted = std::max<qint64>(1, ceilDiv(failFrom - t0, interval));
    if (!firstProbePasses)
        firstCounted = std::max(firstCounted, ceilDiv(startPeriod, interval));
    schedule(t0 + (firstCounted + retries - 1) * interval, c.id, WorkKind::Unhealthy, c.healthGeneration);
}

ContainerState SimulatedRuntime::stateOf(const Container &c) const
{
    ContainerState s;
    s.id = c.id;
    s.name = c.name;
    s.image = c.image;
    s.status = c.status;
    s.exitCode = c.exitCode;
    s.oomKilled = c.oomKilled;
    s.health = c.health;
    s.startedAt = timeOf(c.startedMs);
    s.finishedAt = timeOf(c.finishedMs);
    s.ports = c.ports;
    s.labels = c.labels;
    s.pid = c.pid;
    if (c.oomKilled)
        s.error = QStringLiteral("OutOfMemoryError: Container killed due to memory usage");
    return s;
}

} // namespace fd::runtime
