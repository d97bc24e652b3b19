#include "TrafficRecorder.h"

#include "Clock.h"

#include <algorithm>
#include <chrono>

namespace fd::traffic {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

void bump(std::vector<std::pair<QString, std::int64_t>> &counts, const std::string &key)
{
    const QString k = qs(key);
    for (auto &[name, n] : counts)
        if (name == k) {
            ++n;
            return;
        }
    counts.emplace_back(k, 1);
}

int statusClass(int status)
{
    return status >= 100 && status < 600 ? status / 100 : 0;
}

} // namespace

QString toString(FailureCause cause)
{
    switch (cause) {
    case FailureCause::HttpStatus:
        return QStringLiteral("HTTP status");
    case FailureCause::Reset:
        return QStringLiteral("connection reset");
    case FailureCause::Refused:
        return QStringLiteral("connection refused");
    case FailureCause::Timeout:
        return QStringLiteral("timeout");
    case FailureCause::BadResponse:
        return QStringLiteral("malformed answer");
    case FailureCause::Network:
        return QStringLiteral("network error");
    }
    return QStringLiteral("network error");
}

QString toString(EndReason reason)
{
    switch (reason) {
    case EndReason::None:
        return {};
    case EndReason::CountReached:
        return QStringLiteral("count reached");
    case EndReason::TimeReached:
        return QStringLiteral("time reached");
    case EndReason::Stopped:
        return QStringLiteral("stopped");
    }
    return {};
}

TrafficRecorder::TrafficRecorder(const fd::Clock *clock) : m_clock(clock)
{}

std::int64_t TrafficRecorder::wallNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::int64_t TrafficRecorder::clockNowMs() const
{
    return m_clock ? m_clock->now().toMSecsSinceEpoch() : wallNowMs();
}

void TrafficRecorder::begin(std::uint64_t runId, const TrafficPlan &plan)
{
    const std::int64_t wall = wallNowMs();
    const std::int64_t clock = clockNowMs();
    std::lock_guard lock(m_mutex);
    m_s = TrafficSnapshot{};
    m_latency.clear();
    m_taskIndex.clear();
    m_revisionIndex.clear();
    m_s.runId = runId;
    m_s.state = RunState::Running;
    m_s.url = plan.options.url;
    for (const std::string &t : plan.targets)
        m_s.targets << qs(t);
    m_s.concurrency = plan.options.concurrency;
    m_s.ratePerSecond = plan.options.ratePerSecond;
    m_s.maxRequests = plan.options.maxRequests;
    m_s.durationMs = plan.options.duration.count();
    m_s.startedWallMs = wall;
    m_s.startedClockMs = clock;
    m_s.buckets.push_back({wall, clock, clock, 0, 0, {}, {}});
}

void TrafficRecorder::noteSent()
{
    std::lock_guard lock(m_mutex);
    ++m_s.sent;
}

void TrafficRecorder::noteConnectionOpened()
{
    std::lock_guard lock(m_mutex);
    ++m_s.connectionsOpened;
}

void TrafficRecorder::noteStaleRetry()
{
    std::lock_guard lock(m_mutex);
    ++m_s.staleRetries;
}

void TrafficRecorder::noteAbandoned()
{
    std::lock_guard lock(m_mutex);
    ++m_s.abandoned;
}

void TrafficRecorder::tick()
{
    const std::int64_t wall = wallNowMs();
    const std::int64_t clock = clockNowMs();
    std::lock_guard lock(m_mutex);
    advanceLocked(wall, clock);
}

// Bucket k covers wall time [start + k * kBucketMs, start + (k + 1) * kBucketMs). Opening one closes
// the one before at the control plane's time now; a bucket that passed without a tick (a stalled
// thread) gets the same instant for both ends rather than a guess.
void TrafficRecorder::advanceLocked(std::int64_t wallMs, std::int64_t clockMs)
{
    if (m_s.buckets.empty())
        return;
    const std::int64_t index = std::max<std::int64_t>(0, (wallMs - m_s.startedWallMs) / kBucketMs);
    while (std::int64_t(m_s.buckets.size()) <= index) {
        m_s.buckets.back().clockEndMs = clockMs;
        const std::int64_t k = std::int64_t(m_s.buckets.size());
        m_s.buckets.push_back({m_s.startedWallMs + k * kBucketMs, clockMs, clockMs, 0, 0, {}, {}});
    }
    m_s.buckets.back().clockEndMs = std::max(m_s.buckets.back().clockEndMs, clockMs);
}

ServedBy &TrafficRecorder::servedLocked(std::vector<ServedBy> &list,
                                        std::unordered_map<std::string, std::size_t> &index, const std::string &key,
                                        const Outcome &o, std::int64_t wallMs, std::int64_t clockMs)
{
    auto it = index.find(key);
    if (it == index.end()) {
        ServedBy s;
        s.id = qs(key);
        s.revision = qs(o.revision);
        s.firstWallMs = wallMs;
        s.firstClockMs = clockMs;
        list.push_back(std::move(s));
        it = index.emplace(key, list.size() - 1).first;
    }
    ServedBy &s = list[it->second];
    ++s.requests;
    if (o.failure)
        ++s.failed;
    if (!o.colour.empty() && s.colour != qs(o.colour))
        s.colour = qs(o.colour);
    s.lastWallMs = wallMs;
    s.lastClockMs = clockMs;
    return s;
}

void TrafficRecorder::recordFailureLocked(const Outcome &o, std::int64_t wallMs, std::int64_t clockMs)
{
    ++m_s.failed;
    ++m_s.causes[std::size_t(*o.failure)];
    if (m_s.failures.size() >= kMaxFailures) {
        ++m_s.failuresNotKept;
        return;
    }
    Failure f;
    f.wallMs = wallMs;
    f.clockMs = clockMs;
    f.cause = *o.failure;
    f.status = o.answered ? o.status : 0;
    f.detail = o.answered ? QStringLiteral("HTTP %1 %2").arg(o.status).arg(qs(o.reason)).trimmed() : qs(o.detail);
    f.path = qs(o.target);
    if (!o.taskId.empty()) {
        f.taskId = qs(o.taskId);
        f.revision = qs(o.revision);
    } else if (!o.connectionTask.empty()) {
        f.taskId = qs(o.connectionTask);
        f.revision = qs(o.connectionRevision);
        f.taskFromConnection = true;
    }
    m_s.failures.push_back(std::move(f));
}

void TrafficRecorder::record(const Outcome &o)
{
    const std::int64_t wall = wallNowMs();
    const std::int64_t clock = clockNowMs();
    std::lock_guard lock(m_mutex);
    advanceLocked(wall, clock);
    TimeBucket &bucket = m_s.buckets.back();
    ++m_s.completed;
    ++bucket.requests;
    ++m_s.statusClasses[std::size_t(o.answered ? statusClass(o.status) : 0)];
    if (o.answered) {
        m_latency.record(o.latencyMicros);
        if (!o.taskId.empty()) {
            servedLocked(m_s.tasks, m_taskIndex, o.taskId, o, wall, clock);
            bump(bucket.byTask, o.taskId);
        }
        if (!o.revision.empty()) {
            servedLocked(m_s.revisions, m_revisionIndex, o.revision, o, wall, clock);
            bump(bucket.byRevision, o.revision);
        }
    }
    if (o.failure) {
        ++bucket.failed;
        recordFailureLocked(o, wall, clock);
    } else {
        ++m_s.succeeded;
    }
}

void TrafficRecorder::finish(EndReason reason)
{
    const std::int64_t wall = wallNowMs();
    const std::int64_t clock = clockNowMs();
    std::lock_guard lock(m_mutex);
    advanceLocked(wall, clock);
    m_s.state = RunState::Finished;
    m_s.endReason = reason;
    m_s.endedWallMs = wall;
    m_s.endedClockMs = clock;
}

bool TrafficRecorder::isRunning() const
{
    std::lock_guard lock(m_mutex);
    return m_s.state == RunState::Running;
}

TrafficSnapshot TrafficRecorder::snapshot() const
{
    const std::int64_t wall = wallNowMs();
    const std::int64_t clock = clockNowMs();
    std::lock_guard lock(m_mutex);
    TrafficSnapshot s = m_s;
    if (s.state == RunState::Running && !s.buckets.empty())
        s.buckets.back().clockEndMs = std::max(s.buckets.back().clockEndMs, clock);
    s.elapsedMs = s.state == RunState::Idle ? 0
                  : s.endedWallMs           ? s.endedWallMs - s.startedWallMs
                                            : wall - s.startedWallMs;
    const auto ms = [](std::int64_t micros) { return double(micros) / 1000.0; };
    s.latency.count = m_latency.count();
    s.latency.p50Ms = ms(m_latency.percentileMicros(0.50));
    s.latency.p90Ms = ms(m_latency.percentileMicros(0.90));
    s.latency.p99Ms = ms(m_latency.percentileMicros(0.99));
    s.latency.maxMs = ms(m_latency.maxMicros());
    s.latency.meanMs = m_latency.meanMicros() / 1000.0;
    return s;
}

} // namespace fd::traffic
