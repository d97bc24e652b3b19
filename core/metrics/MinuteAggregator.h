#pragma once

#include "Result.h"
#include "metrics/MetricStore.h"

#include <map>

namespace fd::metrics {

/**
 * The samples of one minute, per metric, folded into statistic sets {SampleCount, Sum, Minimum,
 * Maximum} the way the ECS agent reports: flush() puts one datum per metric into the store at the
 * minute's start and starts over. Example: CPUUtilization samples 40, 60 and 50 in a minute become
 * {SampleCount 3, Sum 150, Minimum 40, Maximum 60}: Average 50 over the minute.
 */
class MinuteAggregator
{
public:
    /// One sample (a non-finite value is ignored).
    void add(const MetricId &metric, double value, StandardUnit unit);
    /// Many samples at once, already folded (e.g. response times: count, sum, bounds).
    void addSet(const MetricId &metric, const StatisticValues &set, StandardUnit unit);

    bool isEmpty() const { return m_metrics.empty(); }
    qsizetype size() const { return qsizetype(m_metrics.size()); }

    /// Puts every metric's set into `store` at `minuteStartMs` (standard resolution) and clears.
    /// Returns how many datums the store refused (each is logged with its error).
    int flush(MetricStore &store, qint64 minuteStartMs);

private:
    struct Folded
    {
        MetricId id;
        StatisticValues set;
        StandardUnit unit = StandardUnit::None;
    };
    std::map<QString, Folded> m_metrics; ///< by MetricId::key()
};

} // namespace fd::metrics
