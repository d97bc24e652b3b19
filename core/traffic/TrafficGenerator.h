#pragma once

#include "Result.h"
#include "TrafficOptions.h"
#include "TrafficSnapshot.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>

namespace fd {
class Clock;
}

namespace fd::traffic {

class TrafficRecorder;
class TrafficRun;

/**
 * A bounded HTTP/1.1 load generator for targets on this machine: `concurrency` keep-alive
 * connections send GETs over the paths in turn at `ratePerSecond` (or as fast as answered) until
 * `maxRequests` were sent or `duration` passed, whichever comes first, or until stop(). Answers
 * are attributed to tasks and revisions by the demo app's X-Task-Id and X-Revision headers.
 *
 * The run has a thread of its own (Asio); every call here returns at once and may come from any
 * thread. Results are read as snapshots, as often as a view wants (the panels read at 4 Hz).
 *
 * One run at a time; a new start() replaces the previous run's results.
 */
class TrafficGenerator final
{
public:
    /// `clock`: the control plane's clock, whose time is recorded beside wall time (deployment
    /// views are drawn on it); null: wall time for both. Must outlive the generator.
    explicit TrafficGenerator(const fd::Clock *clock = nullptr);
    ~TrafficGenerator();
    TrafficGenerator(const TrafficGenerator &) = delete;
    TrafficGenerator &operator=(const TrafficGenerator &) = delete;

    /// Checks `options` (see validate()) and starts a run. Fails with ValidationError naming the
    /// option, or with "TrafficRunning" while a run is in progress.
    Status start(const TrafficOptions &options);
    /// Ends the run now: no new requests; those in flight are abandoned (counted as such, not as
    /// failures). Returns at once; isRunning() turns false within milliseconds.
    void stop();
    bool isRunning() const;
    /// Blocks until the run has ended (tests and benchmarks, never the GUI thread); false on timeout.
    bool waitForFinished(std::chrono::milliseconds timeout) const;

    TrafficSnapshot snapshot() const;
    /// The id of the current or last run (0: never ran); cheaper than a snapshot.
    std::uint64_t runId() const;

private:
    void reapLocked();

    const fd::Clock *m_clock;
    std::shared_ptr<TrafficRecorder> m_recorder;
    mutable std::mutex m_mutex;
    std::shared_ptr<TrafficRun> m_run; ///< shared with waitForFinished() while it waits
    std::uint64_t m_runs = 0;
};

} // namespace fd::traffic
