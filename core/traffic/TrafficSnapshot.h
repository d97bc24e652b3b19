#pragma once

#include <QString>
#include <QStringList>

#include <array>
#include <cstdint>
#include <vector>

namespace fd::traffic {

/// Why a request failed. A failure is: an answer outside 2xx, a reset (or a close before the whole
/// answer), a refused connection, a timeout; a malformed answer counts too.
enum class FailureCause {
    HttpStatus,  ///< answered, but not 2xx
    Reset,       ///< the connection was reset or closed before the answer was complete
    Refused,     ///< nothing listens: the connection was refused
    Timeout,     ///< no complete answer within the request timeout
    BadResponse, ///< an answer that is not HTTP/1.1
    Network,     ///< any other socket error (named in the detail)
};
QString toString(FailureCause cause); // "HTTP status", "connection reset", "refused", "timeout", ...

/// One failed request.
struct Failure
{
    std::int64_t wallMs = 0;  ///< when it ended, ms since the epoch (wall clock)
    std::int64_t clockMs = 0; ///< the same instant on the control plane's clock
    FailureCause cause = FailureCause::Network;
    int status = 0; ///< the HTTP status for HttpStatus, else 0
    QString detail; ///< "HTTP 500 Internal Server Error", "connection reset by peer", ...
    QString path;   ///< the request target
    /// The task that answered (X-Task-Id), or for a reset or timeout on a kept-alive connection the
    /// task that answered the previous request on it (`taskFromConnection`); empty when unknown.
    QString taskId;
    QString revision;
    bool taskFromConnection = false;
};

/// Requests answered by one task, or by one revision (then `id` is the revision).
struct ServedBy
{
    QString id;
    QString revision;
    QString colour;            ///< X-Colour of the latest answer
    std::int64_t requests = 0; ///< answers carrying this task or revision
    std::int64_t failed = 0;   ///< of them, answers outside 2xx
    std::int64_t firstWallMs = 0;
    std::int64_t lastWallMs = 0;
    std::int64_t firstClockMs = 0;
    std::int64_t lastClockMs = 0;
};

/// Wall time is cut into buckets of this length (four a second): fine enough that at teaching
/// speed x20, where one wall second is 20 s of the control plane's clock, a deployment view still
/// sees the traffic move in 5 s steps. A chart of requests per second sums four.
inline constexpr std::int64_t kBucketMs = 250;

/// Requests ended in one bucket of wall time (kBucketMs). Its span on the control plane's clock is
/// `clockEndMs - clockStartMs`: 5 s at teaching speed x20, 0 while the clock is paused.
struct TimeBucket
{
    std::int64_t wallStartMs = 0;
    std::int64_t clockStartMs = 0;
    std::int64_t clockEndMs = 0; ///< for the current second: the clock at the snapshot
    std::int64_t requests = 0;   ///< ended in this second, failed ones included
    std::int64_t failed = 0;
    std::vector<std::pair<QString, std::int64_t>> byRevision; ///< answered requests per X-Revision
    std::vector<std::pair<QString, std::int64_t>> byTask;     ///< answered requests per X-Task-Id
};

/// Response times: from sending the request (from connecting, on a new connection) to the last
/// byte of the answer, of requests that got one (any status).
struct LatencySummary
{
    std::int64_t count = 0; ///< requests with a complete answer (any status)
    double p50Ms = 0;
    double p90Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    double meanMs = 0;
};

enum class RunState {
    Idle, ///< never started
    Running,
    Finished,
};

/// Why a run ended.
enum class EndReason {
    None,         ///< still running, or never ran
    CountReached, ///< maxRequests were sent and answered
    TimeReached,  ///< the duration passed (requests in flight then were let finish)
    Stopped,      ///< stop() (requests in flight were abandoned, not counted as failures)
};
QString toString(EndReason reason); // "", "count reached", "time reached", "stopped"

/// Everything known about the current (or last) run, copied at one instant.
struct TrafficSnapshot
{
    std::uint64_t runId = 0; ///< 0: never ran; increases with every start()
    RunState state = RunState::Idle;
    EndReason endReason = EndReason::None;
    QString url;         ///< as given
    QStringList targets; ///< the paths sent in turn
    int concurrency = 0;
    double ratePerSecond = 0;
    std::int64_t maxRequests = 0;
    std::int64_t durationMs = 0;

    std::int64_t startedWallMs = 0;
    std::int64_t startedClockMs = 0;
    std::int64_t endedWallMs = 0; ///< 0 while running
    std::int64_t endedClockMs = 0;
    std::int64_t elapsedMs = 0; ///< wall time from start to the end, or to the snapshot

    std::int64_t sent = 0;      ///< requests started
    std::int64_t completed = 0; ///< ended, succeeded or failed
    std::int64_t succeeded = 0; ///< 2xx
    std::int64_t failed = 0;
    std::int64_t abandoned = 0; ///< in flight at stop(): neither succeeded nor failed
    /// Requests sent again on a new connection because a kept-alive one had been closed by the
    /// server before any byte of the answer (as HTTP clients do for idempotent GETs).
    std::int64_t staleRetries = 0;
    std::int64_t connectionsOpened = 0;
    /// Answers by status class: [0] no answer, [1] 1xx ... [5] 5xx.
    std::array<std::int64_t, 6> statusClasses{};
    std::array<std::int64_t, 6> causes{}; ///< failures per FailureCause

    LatencySummary latency;
    std::vector<ServedBy> tasks;     ///< by first answer
    std::vector<ServedBy> revisions; ///< by first answer
    std::vector<TimeBucket> buckets; ///< from the start, one per kBucketMs, the last one still filling
    std::vector<Failure> failures;   ///< the first kMaxFailures, in order
    std::int64_t failuresNotKept = 0;

    /// Requests per second over the run so far.
    double achievedRate() const { return elapsedMs > 0 ? double(completed) * 1000.0 / double(elapsedMs) : 0.0; }
    bool isRunning() const { return state == RunState::Running; }
};

inline constexpr std::size_t kMaxFailures = 1000;

} // namespace fd::traffic
