#pragma once

#include "TrafficOptions.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace fd::traffic {

class TrafficRecorder;

/**
 * One run of the traffic generator: an io_context on a thread of its own with `concurrency`
 * workers (coroutines), each holding one keep-alive connection with one request in flight. Built
 * and owned by TrafficGenerator; the recorder receives every outcome.
 *
 * Pacing: request i (0-based, over all workers) is due at start + i / rate, so the rate holds on
 * average however the answers come; a worker that finds its slot already past sends at once.
 * Nothing is sent from the duration's end on; requests in flight then finish within their timeout.
 */
class TrafficRun final
{
public:
    TrafficRun(TrafficPlan plan, std::shared_ptr<TrafficRecorder> recorder);
    ~TrafficRun(); ///< stops and joins
    TrafficRun(const TrafficRun &) = delete;
    TrafficRun &operator=(const TrafficRun &) = delete;

    void start();
    void stop();
    bool finished() const { return m_finished.load(); }
    bool waitForFinished(std::chrono::milliseconds timeout) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
    std::thread m_thread;
    std::atomic<bool> m_finished{false};
    mutable std::mutex m_doneMutex;
    mutable std::condition_variable m_done;
};

} // namespace fd::traffic
