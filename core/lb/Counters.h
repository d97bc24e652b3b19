#pragma once

// The proxy's live counters (internal): atomics written on the request path, read by
// Proxy::stats(). They outlive snapshots: a target or listener keeps its counters across apply().

#include "lb/Stats.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

namespace fd::lb::detail {

using Counter = std::atomic<std::uint64_t>;

struct TargetCounters
{
    Counter inFlight{0};
    Counter requests{0};
    Counter responses[4] = {{0}, {0}, {0}, {0}}; // 2xx, 3xx, 4xx, 5xx
    Counter connectionErrors{0};
    Counter responseTimeUs{0};
    std::array<Counter, LatencyHistogram::kUpperBoundsUs.size() + 1> latency{};

    void recordResponse(int status, std::chrono::microseconds elapsed);
    void snapshotInto(TargetStats &out) const;
};

struct ListenerCounters
{
    Counter activeConnections{0};
    Counter connections{0};
    Counter requests{0};
    Counter elb4xx{0};
    Counter elb502{0};
    Counter elb503{0};
    Counter elb504{0};
    Counter elb5xxOther{0};
    Counter redirects{0};
    Counter fixedResponses{0};

    void recordElbResponse(int status);
    void snapshotInto(ListenerStats &out) const;
};

// Holds a target's in-flight count up for as long as it lives.
class InFlightGuard
{
public:
    InFlightGuard() = default;
    explicit InFlightGuard(std::shared_ptr<TargetCounters> counters) : m_counters(std::move(counters))
    {
        if (m_counters)
            ++m_counters->inFlight;
    }
    ~InFlightGuard() { release(); }
    InFlightGuard(InFlightGuard &&other) noexcept : m_counters(std::move(other.m_counters)) {}
    InFlightGuard &operator=(InFlightGuard &&other) noexcept
    {
        if (this != &other) {
            release();
            m_counters = std::move(other.m_counters);
        }
        return *this;
    }
    void release()
    {
        if (m_counters)
            --m_counters->inFlight;
        m_counters.reset();
    }

private:
    std::shared_ptr<TargetCounters> m_counters;
};

} // namespace fd::lb::detail
