#pragma once

#include "metrics/Metric.h"
#include "metrics/RawSample.h"

#include <QtGlobal>

#include <optional>

// Pure arithmetic turning raw cumulative readings into the numbers `docker stats` shows. No I/O, no
// clock: everything comes in as arguments, so the tables in TestTimeSeries cover every edge.
namespace fd::metrics {

/**
 * Bytes (or anything) per second between two readings of a cumulative counter.
 *
 * NaN when there is no interval (curTMs <= prevTMs: the caller reuses its last rate for a duplicate
 * timestamp) or when the counter went down. A counter that goes down was reset (the container
 * restarted, got a new network namespace, or the engine re-created its cgroup); what happened
 * across the reset is unknown, so no value is better than a guess. The next reading, measured from
 * the new baseline, gives a rate again.
 * Example: 1,000 B at t=0 ms and 251,000 B at t=2,000 ms: 250,000 B / 2 s = 125,000 B/s.
 */
double counterRate(qint64 prevTMs, quint64 prev, qint64 curTMs, quint64 cur);

/**
 * CPU % like the docker CLI (`calculateCPUPercentUnix`): cpuDelta / systemDelta × onlineCpus × 100,
 * where systemDelta is host CPU time over all cores. 100 means one full core.
 * Example (2 CPUs): the container used 0.5 s of CPU while the host clock of both cores advanced
 * 2 s (1 s wall): 0.5 / 2 × 2 × 100 = 50 %.
 *
 * 0 when the container used no CPU (an idle container, as docker shows 0.00%); NaN when the host
 * counter did not advance (no interval) or the container counter went down (reset).
 */
double cpuPercent(quint64 prevCpuNs, quint64 curCpuNs, quint64 prevSystemNs, quint64 curSystemNs, quint32 onlineCpus);

/**
 * Used memory like the docker CLI (`calculateMemUsageUnixNoCache`, after moby#40727):
 * - cgroup v1: usage − total_inactive_file, when present and smaller than usage;
 * - cgroup v2: usage − inactive_file, when present and smaller than usage;
 * - else usage − cache (the formula of CLIs before 20.10), when present and smaller than usage;
 * - else usage.
 * Example: usage 716,800, total_inactive_file 81,920: 634,880 bytes.
 */
quint64 dockerMemoryUsed(quint64 usage, std::optional<quint64> totalInactiveFile, std::optional<quint64> inactiveFile,
                         std::optional<quint64> cache = std::nullopt);

/**
 * All series values for `cur`, given the previous accepted reading `prev` (nullptr for the first
 * one) and the values derived last time `last`.
 *
 * - Gauges (memory bytes and %) come from `cur` alone.
 * - Rates need `prev`: none on the first reading; a reading whose timestamp is not after `prev`'s
 *   is a duplicate and reuses `last`'s rates (as the ECS agent's stats queue does); a counter
 *   that went down gives NaN for that rate only.
 * A part missing from either reading gives NaN for its values.
 */
DerivedSample derive(const RawSample *prev, const RawSample &cur, const DerivedSample &last);

/// True when `cur` would be treated as a duplicate of `prev` by derive(): the caller then keeps
/// `prev` as the baseline, so the next rate covers the whole interval.
bool isDuplicate(const RawSample &prev, const RawSample &cur);

} // namespace fd::metrics
