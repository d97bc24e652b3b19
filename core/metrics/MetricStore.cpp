#include "metrics/MetricStore.h"

#include "Clock.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fd::metrics {

namespace {

constexpr qint64 kMinuteMs = 60000;

Error invalid(const QString &field, const QString &message)
{
    return makeError(QStringLiteral("InvalidParameterValue"), message, field);
}

qint64 floorTo(qint64 tMs, qint64 unitMs)
{
    return (tMs / unitMs - ((tMs % unitMs) < 0 ? 1 : 0)) * unitMs;
}

bool finite(double v)
{
    return std::isfinite(v);
}

/// The sums of one period while a query walks the stored entries.
struct PeriodSums
{
    double count = 0;
    double sum = 0;
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
    bool any = false;
    bool percentiles = true; ///< every entry a single value (or equal values), none negative
    bool mixedUnits = false;
    StandardUnit unit = StandardUnit::None;
    std::vector<WeightedValue> values;

    void add(const MetricStore::Entry &e)
    {
        if (any && e.unit != unit)
            mixedUnits = true;
        unit = e.unit;
        any = true;
        count += e.count;
        sum += e.sum;
        min = std::min(min, e.min);
        max = std::max(max, e.max);
        if (e.min != e.max || e.min < 0)
            percentiles = false;
        else if (percentiles)
            values.push_back({e.min, e.count});
    }
};

struct ParsedQuery
{
    qint64 firstMs = 0;
    qint64 periodMs = 0;
    qint64 periods = 0;
    std::vector<Percentile> percentiles;
};

Result<ParsedQuery> parseQuery(const StatisticsQuery &q)
{
    if (Status s = checkPeriod(q.periodSeconds); !s)
        return s.error();
    if (q.startMs >= q.endMs)
        return invalid(QStringLiteral("StartTime"),
                       QStringLiteral("The parameter StartTime must be less than the parameter EndTime."));
    if (q.statistics.empty() == q.extendedStatistics.empty())
        return makeError(QStringLiteral("InvalidParameterCombination"),
                         QStringLiteral("Give either Statistics or ExtendedStatistics, not both and not neither."),
                         QStringLiteral("Statistics"));
    ParsedQuery p;
    for (const QString &name : q.extendedStatistics) {
        Result<Percentile> pc = parsePercentile(name);
        if (!pc)
            return pc.error();
        p.percentiles.push_back(*pc);
    }
    p.periodMs = qint64(q.periodSeconds) * 1000;
    p.firstMs = alignedStart(q.startMs, q.periodSeconds);
    p.periods = (q.endMs - p.firstMs + p.periodMs - 1) / p.periodMs;
    if (p.periods > MetricStore::kMaxDatapointsPerQuery)
        return makeError(QStringLiteral("InvalidParameterCombination"),
                         QStringLiteral("You have requested up to %1 datapoints, which exceeds the limit of 1,440. "
                                        "You may reduce the datapoints requested by increasing Period, or decreasing "
                                        "the time range.")
                             .arg(p.periods),
                         QStringLiteral("Period"));
    return p;
}

void sumEntries(const std::deque<MetricStore::Entry> &entries, const StatisticsQuery &q, const ParsedQuery &p,
                std::vector<PeriodSums> &out)
{
    auto it = std::lower_bound(entries.begin(), entries.end(), p.firstMs,
                               [](const MetricStore::Entry &e, qint64 t) { return e.tMs < t; });
    for (; it != entries.end() && it->tMs < q.endMs; ++it) {
        if (q.unit && it->unit != *q.unit)
            continue;
        out[std::size_t((it->tMs - p.firstMs) / p.periodMs)].add(*it);
    }
}

StatisticsDatapoint toDatapoint(const PeriodSums &s, qint64 tMs, const StatisticsQuery &q, const ParsedQuery &p)
{
    StatisticsDatapoint d;
    d.timestampMs = tMs;
    d.unit = s.mixedUnits ? StandardUnit::None : s.unit;
    for (Statistic st : q.statistics) {
        switch (st) {
        case Statistic::SampleCount:
            d.sampleCount = s.count;
            break;
        case Statistic::Average:
            d.average = s.sum / s.count;
            break;
        case Statistic::Sum:
            d.sum = s.sum;
            break;
        case Statistic::Minimum:
            d.minimum = s.min;
            break;
        case Statistic::Maximum:
            d.maximum = s.max;
            break;
        }
    }
    if (s.percentiles)
        for (const Percentile &pc : p.percentiles)
            if (std::optional<double> v = nearestRankPercentile(s.values, pc.percent))
                d.extended.emplace_back(pc.name, *v);
    return d;
}

bool matches(const MetricId &id, const MetricFilter &f)
{
    if (!f.metricNamespace.isEmpty() && id.metricNamespace != f.metricNamespace)
        return false;
    if (!f.metricName.isEmpty() && id.metricName != f.metricName)
        return false;
    for (const Dimension &want : f.dimensions) {
        const bool found = std::any_of(id.dimensions.begin(), id.dimensions.end(), [&](const Dimension &d) {
            return d.name == want.name && (want.value.isEmpty() || d.value == want.value);
        });
        if (!found)
            return false;
    }
    return true;
}

} // namespace

std::optional<double> StatisticsDatapoint::get(Statistic s) const
{
    switch (s) {
    case Statistic::SampleCount:
        return sampleCount;
    case Statistic::Average:
        return average;
    case Statistic::Sum:
        return sum;
    case Statistic::Minimum:
        return minimum;
    case Statistic::Maximum:
        return maximum;
    }
    return std::nullopt;
}

std::optional<double> StatisticsDatapoint::getExtended(const QString &name) const
{
    for (const auto &[n, v] : extended)
        if (n == name)
            return v;
    return std::nullopt;
}

MetricStore::MetricStore(const Clock &clock) : m_clock(clock)
{}

Status MetricStore::checkDatum(const MetricDatum &d, qint64 nowMs)
{
    if (d.value.has_value() == d.statisticValues.has_value())
        return makeError(QStringLiteral("InvalidParameterCombination"),
                         QStringLiteral("A datum has either Value or StatisticValues, not both and not neither."),
                         QStringLiteral("Value"));
    if (d.value && !finite(*d.value))
        return invalid(QStringLiteral("Value"),
                       QStringLiteral("The value %1 for Value is not a finite number.").arg(*d.value));
    if (const auto &sv = d.statisticValues) {
        if (!finite(sv->sampleCount) || !finite(sv->sum) || !finite(sv->minimum) || !finite(sv->maximum))
            return invalid(QStringLiteral("StatisticValues"),
                           QStringLiteral("StatisticValues must hold finite numbers."));
        if (sv->sampleCount <= 0)
            return invalid(
                QStringLiteral("StatisticValues.SampleCount"),
                QStringLiteral("StatisticValues.SampleCount must be greater than 0 (got %1).").arg(sv->sampleCount));
        if (sv->minimum > sv->maximum)
            return invalid(QStringLiteral("StatisticValues.Minimum"),
                           QStringLiteral("StatisticValues.Minimum (%1) must not be greater than Maximum (%2).")
                               .arg(sv->minimum)
                               .arg(sv->maximum));
    }
    if (d.storageResolution != 1 && d.storageResolution != 60)
        return invalid(QStringLiteral("StorageResolution"),
                       QStringLiteral("StorageResolution must be 1 or 60 (got %1).").arg(d.storageResolution));
    if (d.timestampMs < nowMs - kRetentionMs)
        return invalid(QStringLiteral("Timestamp"),
                       QStringLiteral("The timestamp is more than 24 hours old, beyond this store's retention."));
    if (d.timestampMs > nowMs + kMaxFutureMs)
        return invalid(QStringLiteral("Timestamp"),
                       QStringLiteral("The timestamp is more than 2 hours in the future."));
    return Ok{};
}

Status MetricStore::put(const MetricDatum &d)
{
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    Result<MetricId> id = makeMetricId(d.metric.metricNamespace, d.metric.metricName, d.metric.dimensions);
    if (!id)
        return id.error();
    if (Status s = checkDatum(d, nowMs); !s)
        return s;

    Entry e;
    e.tMs = floorTo(d.timestampMs, d.storageResolution == 1 ? 1000 : kMinuteMs);
    e.unit = d.unit;
    if (d.value) {
        e.count = 1;
        e.sum = e.min = e.max = *d.value;
    } else {
        e.count = d.statisticValues->sampleCount;
        e.sum = d.statisticValues->sum;
        e.min = d.statisticValues->minimum;
        e.max = d.statisticValues->maximum;
    }

    Series &s = m_series[id->key()];
    if (s.id.metricName.isEmpty()) {
        s.id = *id;
        s.retentionMs = retentionOf(*id);
    }
    if (e.tMs < floorTo(nowMs - kFullResolutionMs, kMinuteMs)) {
        foldIntoMinutes(s, e);
    } else {
        auto at =
            std::upper_bound(s.raw.begin(), s.raw.end(), e.tMs, [](qint64 t, const Entry &x) { return t < x.tMs; });
        s.raw.insert(at, e);
    }
    applyRetention(s, nowMs);
    return Ok{};
}

void MetricStore::foldIntoMinutes(Series &s, const Entry &e) const
{
    const qint64 minute = floorTo(e.tMs, kMinuteMs);
    auto at = std::lower_bound(
        s.minutes.begin(), s.minutes.end(), std::pair(minute, e.unit),
        [](const Entry &x, const std::pair<qint64, StandardUnit> &k) { return std::pair(x.tMs, x.unit) < k; });
    if (at != s.minutes.end() && at->tMs == minute && at->unit == e.unit) {
        at->count += e.count;
        at->sum += e.sum;
        at->min = std::min(at->min, e.min);
        at->max = std::max(at->max, e.max);
        return;
    }
    Entry m = e;
    m.tMs = minute;
    s.minutes.insert(at, m);
}

void MetricStore::applyRetention(Series &s, qint64 nowMs) const
{
    const qint64 fullFrom = floorTo(nowMs - kFullResolutionMs, kMinuteMs);
    while (!s.raw.empty() && (s.raw.front().tMs < fullFrom || s.raw.size() > std::size_t(kMaxRawPerMetric))) {
        foldIntoMinutes(s, s.raw.front());
        s.raw.pop_front();
    }
    const qint64 keepFrom = floorTo(nowMs - s.retentionMs, kMinuteMs);
    while (!s.minutes.empty() && s.minutes.front().tMs < keepFrom)
        s.minutes.pop_front();
    while (!s.raw.empty() && s.raw.front().tMs < keepFrom)
        s.raw.pop_front();
}

qint64 MetricStore::retentionOf(const MetricId &id)
{
    if (id.metricNamespace != QLatin1String("ECS/ContainerInsights"))
        return kRetentionMs;
    for (const Dimension &d : id.dimensions)
        if (d.name == QLatin1String("TaskId"))
            return kTaskSeriesRetentionMs;
    return kRetentionMs;
}

void MetricStore::prune()
{
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    for (auto it = m_series.begin(); it != m_series.end();) {
        applyRetention(it->second, nowMs);
        if (it->second.raw.empty() && it->second.minutes.empty())
            it = m_series.erase(it);
        else
            ++it;
    }
}

Result<std::vector<StatisticsDatapoint>> MetricStore::statistics(const StatisticsQuery &q) const
{
    Result<ParsedQuery> parsed = parseQuery(q);
    if (!parsed)
        return parsed.error();
    const ParsedQuery &p = *parsed;
    std::vector<StatisticsDatapoint> out;
    Result<MetricId> id = makeMetricId(q.metric.metricNamespace, q.metric.metricName, q.metric.dimensions);
    if (!id)
        return id.error();
    const auto found = m_series.find(id->key());
    if (found == m_series.end())
        return out;

    std::vector<PeriodSums> sums(std::size_t(p.periods));
    sumEntries(found->second.minutes, q, p, sums);
    sumEntries(found->second.raw, q, p, sums);
    for (std::size_t k = 0; k < sums.size(); ++k)
        if (sums[k].any)
            out.push_back(toDatapoint(sums[k], p.firstMs + qint64(k) * p.periodMs, q, p));
    return out;
}

std::vector<MetricId> MetricStore::listMetrics(const MetricFilter &filter) const
{
    std::vector<MetricId> out;
    for (const auto &[key, s] : m_series)
        if (matches(s.id, filter))
            out.push_back(s.id);
    return out;
}

qsizetype MetricStore::entryCount() const
{
    qsizetype n = 0;
    for (const auto &[key, s] : m_series)
        n += qsizetype(s.raw.size() + s.minutes.size());
    return n;
}

qint64 MetricStore::bytesAtFullHistory(int perMinute)
{
    if (perMinute <= 0)
        return 0;
    const qint64 raw = std::min<qint64>(qint64(perMinute) * 60, kMaxRawPerMetric);
    const qint64 rawMinutes = std::min<qint64>(60, (kMaxRawPerMetric + perMinute - 1) / perMinute);
    const qint64 minutes = kRetentionMs / kMinuteMs - rawMinutes;
    return (raw + minutes) * qint64(sizeof(Entry));
}

} // namespace fd::metrics
