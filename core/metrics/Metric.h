#pragma once

#include <QString>

#include <array>
#include <limits>

namespace fd::metrics {

/// The series kept per container. Order is stable: it indexes DerivedSample::values and the
/// collector's per-container series.
enum class Metric {
    CpuPercent,    ///< % of one core, like `docker stats` (2 busy cores = 200)
    MemoryBytes,   ///< used memory without the reclaimable page cache (docker CLI formula)
    MemoryPercent, ///< MemoryBytes / limit × 100; the limit is host RAM when the container has none
    NetRxBps,      ///< bytes/s received, all interfaces but lo
    NetTxBps,      ///< bytes/s sent
    BlockReadBps,  ///< bytes/s read from block devices
    BlockWriteBps, ///< bytes/s written to block devices
};

inline constexpr int kMetricCount = 7;

/// Stable machine name: "cpuPercent", "memoryBytes", ... (used in logs and benchmark output).
QString toString(Metric m);

/// The values derived from one sample of one container; NaN where there is no value (a rate on
/// the first sample, after a counter reset, or a part that could not be read).
struct DerivedSample
{
    std::array<double, kMetricCount> values{nan(), nan(), nan(), nan(), nan(), nan(), nan()};

    double operator[](Metric m) const { return values[std::size_t(m)]; }
    double &operator[](Metric m) { return values[std::size_t(m)]; }

    static constexpr double nan() { return std::numeric_limits<double>::quiet_NaN(); }
};

} // namespace fd::metrics
