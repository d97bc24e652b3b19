#include "metrics/MinuteAggregator.h"

#include "metrics/MetricsLogging.h"

#include <algorithm>
#include <cmath>

namespace fd::metrics {

void MinuteAggregator::add(const MetricId &metric, double value, StandardUnit unit)
{
    if (!std::isfinite(value))
        return;
    addSet(metric, StatisticValues{1, value, value, value}, unit);
}

void MinuteAggregator::addSet(const MetricId &metric, const StatisticValues &set, StandardUnit unit)
{
    if (set.sampleCount <= 0)
        return;
    auto [it, inserted] = m_metrics.try_emplace(metric.key(), Folded{metric, set, unit});
    if (inserted)
        return;
    StatisticValues &s = it->second.set;
    s.sampleCount += set.sampleCount;
    s.sum += set.sum;
    s.minimum = std::min(s.minimum, set.minimum);
    s.maximum = std::max(s.maximum, set.maximum);
}

int MinuteAggregator::flush(MetricStore &store, qint64 minuteStartMs)
{
    int refused = 0;
    for (const auto &[key, f] : m_metrics) {
        MetricDatum d;
        d.metric = f.id;
        d.timestampMs = minuteStartMs;
        d.statisticValues = f.set;
        d.unit = f.unit;
        if (Status s = store.put(d); !s) {
            ++refused;
            qCWarning(lcMetrics) << "metric" << f.id.metricNamespace << f.id.metricName
                                 << "not stored:" << s.error().message;
        }
    }
    m_metrics.clear();
    return refused;
}

} // namespace fd::metrics
