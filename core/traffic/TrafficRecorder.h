#pragma once

#include "LatencyHistogram.h"
#include "TrafficOptions.h"
#include "TrafficSnapshot.h"

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace fd {
class Clock;
}

namespace fd::traffic {

/// How one request ended, as the connection saw it.
struct Outcome
{
    std::string target;
    bool answered = false; ///< a complete HTTP answer arrived
    int status = 0;
    std::string reason;   ///< the status line's text ("Internal Server Error")
    std::string taskId;   ///< X-Task-Id of the answer
    std::string revision; ///< X-Revision
    std::string colour;   ///< X-Colour
    std::int64_t latencyMicros = 0;
    std::optional<FailureCause> failure; ///< set when the request failed
    std::string detail;                  ///< the failure in words (for non-HTTP failures)
    std::string connectionTask;          ///< the task that answered the previous request on this connection
    std::string connectionRevision;
};

/**
 * The results of a run, accumulated by the run's thread and read as snapshots by any thread (one
 * mutex; a record is a few map look-ups). Times are taken here: wall time from the system clock and
 * the same instant on the control plane's `clock` (wall time when null), so time buckets and
 * failures can be drawn on either axis.
 */
class TrafficRecorder
{
public:
    explicit TrafficRecorder(const fd::Clock *clock);

    /// Forgets the last run and starts recording run `runId` of `plan` now.
    void begin(std::uint64_t runId, const TrafficPlan &plan);
    void noteSent();
    void noteConnectionOpened();
    void noteStaleRetry();
    void noteAbandoned();
    void record(const Outcome &outcome);
    /// Opens the time buckets up to now (the run calls it every kBucketMs).
    void tick();
    void finish(EndReason reason);

    TrafficSnapshot snapshot() const;
    bool isRunning() const;

    /// Wall time in ms since the epoch, and the control plane's time.
    static std::int64_t wallNowMs();
    std::int64_t clockNowMs() const;

private:
    void advanceLocked(std::int64_t wallMs, std::int64_t clockMs);
    ServedBy &servedLocked(std::vector<ServedBy> &list, std::unordered_map<std::string, std::size_t> &index,
                           const std::string &key, const Outcome &o, std::int64_t wallMs, std::int64_t clockMs);
    void recordFailureLocked(const Outcome &o, std::int64_t wallMs, std::int64_t clockMs);

    const fd::Clock *m_clock;
    mutable std::mutex m_mutex;
    TrafficSnapshot m_s;
    LatencyHistogram m_latency;
    std::unordered_map<std::string, std::size_t> m_taskIndex;
    std::unordered_map<std::string, std::size_t> m_revisionIndex;
};

} // namespace fd::traffic
