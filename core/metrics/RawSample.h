#pragma once

#include <QMetaType>
#include <QtGlobal>

namespace fd::metrics {

/**
 * Cumulative counters and gauges of one container at one instant, as read from the cgroup files
 * (CgroupReader) or, for a remote engine, mapped from the Engine stats API (`cpu_stats`,
 * `memory_stats`, `networks`, `blkio_stats`). Rates are derived later from two of these.
 * A plain value: no heap, cheap to copy.
 */
struct RawSample
{
    /// Which groups of fields hold real readings. A part that could not be read (e.g. the
    /// container's network namespace is gone) is left out rather than reported as zero.
    enum Part : quint8 {
        Cpu = 0x1,
        Memory = 0x2,
        Network = 0x4,
        Block = 0x8,
    };

    qint64 timestampMs = 0; ///< when it was read, from the collector's fd::Clock
    quint8 parts = 0;       ///< OR of Part

    quint64 cpuUsageNs = 0;  ///< container CPU time, cumulative (`cpu_stats.cpu_usage.total_usage`)
    quint64 systemCpuNs = 0; ///< host CPU time, cumulative, from /proc/stat (`cpu_stats.system_cpu_usage`)
    quint32 onlineCpus = 0;  ///< `cpu_stats.online_cpus`

    quint64 memoryUsageBytes = 0; ///< raw usage, page cache included (`memory_stats.usage`)
    quint64 memoryUsedBytes = 0;  ///< usage minus inactive file pages: what `docker stats` shows
    quint64 memoryCacheBytes = 0; ///< page cache (v1 total_cache, v2 file)
    quint64 memoryLimitBytes = 0; ///< limit, capped at host RAM like the daemon does

    quint64 netRxBytes = 0; ///< summed over the container's interfaces, lo excluded
    quint64 netTxBytes = 0;
    quint64 blockReadBytes = 0; ///< summed over devices
    quint64 blockWriteBytes = 0;

    bool has(Part p) const { return (parts & p) != 0; }
};

} // namespace fd::metrics

Q_DECLARE_METATYPE(fd::metrics::RawSample)
