#include "metrics/Metric.h"

namespace fd::metrics {

QString toString(Metric m)
{
    switch (m) {
    case Metric::CpuPercent:
        return QStringLiteral("cpuPercent");
    case Metric::MemoryBytes:
        return QStringLiteral("memoryBytes");
    case Metric::MemoryPercent:
        return QStringLiteral("memoryPercent");
    case Metric::NetRxBps:
        return QStringLiteral("netRxBps");
    case Metric::NetTxBps:
        return QStringLiteral("netTxBps");
    case Metric::BlockReadBps:
        return QStringLiteral("blockReadBps");
    case Metric::BlockWriteBps:
        return QStringLiteral("blockWriteBps");
    }
    return QStringLiteral("unknown");
}

} // namespace fd::metrics
