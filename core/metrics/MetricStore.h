#pragma once

#include "Result.h"
#include "metrics/MetricId.h"
#include "metrics/MetricStatistic.h"
#include "metrics/StandardUnit.h"

#include <QString>
#include <QtGlobal>

#include <deque>
#include <map>
#include <optional>
#include <vector>

namespace fd {
class Clock;
}

namespace fd::metrics {

/// A pre-aggregated datapoint, as PutMetricData's StatisticValues.
struct StatisticValues
{
    double sampleCount = 0;
    double sum = 0;
    double minimum = 0;
    double maximum = 0;
};

/// One PutMetricData datum: exactly one of `value` and `statisticValues`.
struct MetricDatum
{
    MetricId metric;
    qint64 timestampMs = 0; ///< on the control plane's clock (fd::Clock), ms since the epoch
    std::optional<double> value;
    std::optional<StatisticValues> statisticValues;
    StandardUnit unit = StandardUnit::None;
    int storageResolution = 60; ///< 60 (standard: stored per minute) or 1 (high resolution: per second)
};

/// GetMetricStatistics' question: [startMs, endMs) in periods of `periodSeconds`.
struct StatisticsQuery
{
    MetricId metric;
    qint64 startMs = 0;
    qint64 endMs = 0;
    int periodSeconds = 60;
    std::vector<Statistic> statistics;
    std::vector<QString> extendedStatistics; ///< "p99", "p99.9", ...
    std::optional<StandardUnit> unit;        ///< only datapoints stored with this unit
};

/// One period of a query result. Only the requested statistics are set; a percentile that cannot
/// be computed for the period (see MetricStore) is absent from `extended`.
struct StatisticsDatapoint
{
    qint64 timestampMs = 0; ///< the period's start
    std::optional<double> sampleCount;
    std::optional<double> average;
    std::optional<double> sum;
    std::optional<double> minimum;
    std::optional<double> maximum;
    std::vector<std::pair<QString, double>> extended; ///< in the order asked
    StandardUnit unit = StandardUnit::None;           ///< the datapoints' unit; None when they had several

    std::optional<double> get(Statistic s) const;
    std::optional<double> getExtended(const QString &name) const;
};

/// ListMetrics' filter: empty parts match everything; a dimension filter with an empty value
/// matches any value of that dimension name.
struct MetricFilter
{
    QString metricNamespace;
    QString metricName;
    std::vector<Dimension> dimensions;
};

/**
 * A CloudWatch-shaped metric store on the control plane's clock.
 *
 * Retention, per metric (applied to a metric when it is written to, and to all by prune(), which
 * the owner calls about once a minute):
 * - the last hour at full resolution: every datapoint as it was put (a value, or a statistic set);
 * - from one hour to 24 hours: one aggregate per minute and unit {SampleCount, Sum, Minimum,
 *   Maximum}, so Average, Sum, Minimum, Maximum and SampleCount over old data stay exact;
 * - older: dropped, and a metric without data is forgotten (ListMetrics no longer shows it).
 * Exception: a per-task series of Container Insights (namespace ECS/ContainerInsights with a TaskId
 * dimension) keeps only kTaskSeriesRetentionMs (one hour, all at full resolution), so a stopped
 * task's series are forgotten an hour after its last datapoint. Per task that is at most 60
 * entries a metric (~2.9 kB), which bounds 10,000 running tasks to ~600,000 entries per metric name
 * instead of the 14.4 million a day's history would take (CloudWatch keeps them 15 days).
 * A metric keeps at most kMaxRawPerMetric full-resolution datapoints; beyond that, the oldest are
 * folded into minute aggregates early (exact statistics kept, percentiles lost for them).
 *
 * Percentiles follow CloudWatch's rule for statistic sets: a period has a percentile only when
 * every datapoint in it is a single value or a set whose Minimum equals its Maximum, and none is
 * negative. A minute aggregate is a statistic set, so over the folded part (older than an hour)
 * a percentile exists only where each minute held one value or equal values; otherwise the
 * period reports no percentile (rather than a guess).
 *
 * Memory: sizeof(Entry) = 48 bytes per stored datapoint or minute aggregate, plus std::deque's
 * blocks. At full history a metric written at 1 Hz holds 3,600 datapoints + 1,380 minute
 * aggregates = 4,980 x 48 B ~ 239 kB; one written once a minute (the AWS/ECS metrics) holds
 * 1,440 entries ~ 69 kB. bytesAtFullHistory() gives the figure for a rate.
 *
 * Timestamps: standard-resolution datapoints are stored at their minute, high-resolution ones at
 * their second (CloudWatch's storage resolutions). Not thread-safe: owned by the control plane's
 * thread; the API thread hands requests over with queued calls.
 */
class MetricStore
{
public:
    static constexpr qint64 kFullResolutionMs = 3600 * 1000;
    static constexpr qint64 kRetentionMs = 24 * 3600 * 1000;
    static constexpr qint64 kTaskSeriesRetentionMs = 3600 * 1000;
    static constexpr qint64 kMaxFutureMs = 2 * 3600 * 1000; ///< CloudWatch refuses datapoints further ahead
    static constexpr int kMaxRawPerMetric = 3600;
    static constexpr int kMaxDatapointsPerQuery = 1440; ///< GetMetricStatistics' limit

    /// One stored datapoint or minute aggregate.
    struct Entry
    {
        qint64 tMs = 0;
        double count = 0;
        double sum = 0;
        double min = 0;
        double max = 0;
        StandardUnit unit = StandardUnit::None;
    };

    explicit MetricStore(const Clock &clock);

    /**
     * Stores one datum. Errors (nothing stored): a metric identity CloudWatch would refuse
     * (makeMetricId), neither or both of value and statisticValues (InvalidParameterCombination),
     * a non-finite number, SampleCount <= 0 or Minimum > Maximum, a storage resolution other than
     * 1 or 60, a timestamp older than the 24-hour retention or more than 2 hours ahead of the clock
     * (InvalidParameterValue; `field` names the part).
     */
    Status put(const MetricDatum &datum);

    /**
     * Statistics per period over [startMs, endMs) for one metric; periods aligned as CloudWatch
     * aligns them (alignedStart()); periods without data are omitted; oldest first. Errors: a
     * period not allowed, start not before end, neither or both of statistics and extended
     * statistics, a malformed percentile, more than 1,440 periods. An unknown metric gives no
     * datapoints, not an error (as CloudWatch).
     */
    Result<std::vector<StatisticsDatapoint>> statistics(const StatisticsQuery &query) const;

    /// ListMetrics: the metrics that match, ordered by namespace, name, then dimensions.
    std::vector<MetricId> listMetrics(const MetricFilter &filter = {}) const;

    /// Applies retention to every metric at the clock's now().
    void prune();

    qsizetype metricCount() const { return qsizetype(m_series.size()); }
    /// Entries held now (datapoints + minute aggregates), over all metrics.
    qsizetype entryCount() const;
    /// Bytes one metric holds at full history when written `perMinute` times a minute.
    static qint64 bytesAtFullHistory(int perMinute);

private:
    struct Series
    {
        MetricId id;
        qint64 retentionMs = kRetentionMs;
        std::deque<Entry> raw;     ///< full resolution, sorted by time
        std::deque<Entry> minutes; ///< minute aggregates, sorted by (time, unit)
    };

    void applyRetention(Series &s, qint64 nowMs) const;
    void foldIntoMinutes(Series &s, const Entry &e) const;
    static Status checkDatum(const MetricDatum &d, qint64 nowMs);
    /// kTaskSeriesRetentionMs for a Container Insights per-task series, else kRetentionMs.
    static qint64 retentionOf(const MetricId &id);

    const Clock &m_clock;
    std::map<QString, Series> m_series; ///< by MetricId::key()
};

} // namespace fd::metrics
