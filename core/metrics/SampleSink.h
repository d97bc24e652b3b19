#pragma once

#include "metrics/RawSample.h"

#include <QString>

namespace fd::metrics {

/**
 * Where raw samples of a container go. StatsCollector reads local containers' cgroups itself;
 * for a remote engine, whatever reads the Engine stats API (`GET /containers/{id}/stats`) maps
 * each frame to a RawSample (counters as cumulative values, `memoryUsedBytes` through
 * dockerMemoryUsed()) and pushes it here, so both feed the same series.
 */
class SampleSink
{
public:
    virtual ~SampleSink() = default;

    /// One reading of container `id`. Its timestampMs must be set (the frame's `read` time).
    virtual void pushSample(const QString &id, const RawSample &sample) = 0;

protected:
    SampleSink() = default;
    SampleSink(const SampleSink &) = default;
    SampleSink &operator=(const SampleSink &) = default;
};

} // namespace fd::metrics
