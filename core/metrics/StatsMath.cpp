#include "metrics/StatsMath.h"

namespace fd::metrics {

double counterRate(qint64 prevTMs, quint64 prev, qint64 curTMs, quint64 cur)
{
    if (curTMs <= prevTMs || cur < prev)
        return DerivedSample::nan();
    return double(cur - prev) * 1000.0 / double(curTMs - prevTMs);
}

double cpuPercent(quint64 prevCpuNs, quint64 curCpuNs, quint64 prevSystemNs, quint64 curSystemNs, quint32 onlineCpus)
{
    if (curSystemNs <= prevSystemNs || curCpuNs < prevCpuNs || onlineCpus == 0)
        return DerivedSample::nan();
    const double cpuDelta = double(curCpuNs - prevCpuNs);
    const double systemDelta = double(curSystemNs - prevSystemNs);
    return cpuDelta / systemDelta * double(onlineCpus) * 100.0;
}

quint64 dockerMemoryUsed(quint64 usage, std::optional<quint64> totalInactiveFile, std::optional<quint64> inactiveFile,
                         std::optional<quint64> cache)
{
    // The CLI checks the v1 key first and falls through when it is not smaller than usage.
    if (totalInactiveFile && *totalInactiveFile < usage)
        return usage - *totalInactiveFile;
    if (inactiveFile && *inactiveFile < usage)
        return usage - *inactiveFile;
    if (!totalInactiveFile && !inactiveFile && cache && *cache < usage)
        return usage - *cache;
    return usage;
}

bool isDuplicate(const RawSample &prev, const RawSample &cur)
{
    return cur.timestampMs <= prev.timestampMs;
}

DerivedSample derive(const RawSample *prev, const RawSample &cur, const DerivedSample &last)
{
    DerivedSample d;
    if (cur.has(RawSample::Memory)) {
        d[Metric::MemoryBytes] = double(cur.memoryUsedBytes);
        if (cur.memoryLimitBytes > 0)
            d[Metric::MemoryPercent] = double(cur.memoryUsedBytes) / double(cur.memoryLimitBytes) * 100.0;
    }
    if (!prev)
        return d;

    if (isDuplicate(*prev, cur)) {
        for (Metric m :
             {Metric::CpuPercent, Metric::NetRxBps, Metric::NetTxBps, Metric::BlockReadBps, Metric::BlockWriteBps})
            d[m] = last[m];
        return d;
    }

    const auto both = [&](RawSample::Part p) { return prev->has(p) && cur.has(p); };
    if (both(RawSample::Cpu))
        d[Metric::CpuPercent] =
            cpuPercent(prev->cpuUsageNs, cur.cpuUsageNs, prev->systemCpuNs, cur.systemCpuNs, cur.onlineCpus);
    if (both(RawSample::Network)) {
        d[Metric::NetRxBps] = counterRate(prev->timestampMs, prev->netRxBytes, cur.timestampMs, cur.netRxBytes);
        d[Metric::NetTxBps] = counterRate(prev->timestampMs, prev->netTxBytes, cur.timestampMs, cur.netTxBytes);
    }
    if (both(RawSample::Block)) {
        d[Metric::BlockReadBps] =
            counterRate(prev->timestampMs, prev->blockReadBytes, cur.timestampMs, cur.blockReadBytes);
        d[Metric::BlockWriteBps] =
            counterRate(prev->timestampMs, prev->blockWriteBytes, cur.timestampMs, cur.blockWriteBytes);
    }
    return d;
}

} // namespace fd::metrics
