#pragma once

// The steady clock at the kernel's tick resolution (internal): CLOCK_MONOTONIC_COARSE, the clock
// std::chrono::steady_clock reads precisely, so the two compare. It is behind by at most one tick
// (1-4 ms) and costs a memory read instead of a clock-source read, which on a VM is a good part of
// a microsecond per call. For timeouts of a second or more (deadlines, the pool's recheck age), never
// for measured response times.

#include <chrono>
#include <ctime>

namespace fd::lb::detail {

inline std::chrono::steady_clock::time_point coarseNow()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return std::chrono::steady_clock::time_point(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec)));
}

} // namespace fd::lb::detail
