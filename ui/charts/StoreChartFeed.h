#pragma once

#include "metrics/MetricId.h"
#include "metrics/MetricStatistic.h"
#include "metrics/MetricStore.h"

#include <QColor>
#include <QString>

#include <vector>

namespace fd::ops {
class Alarms;
}

namespace fd::ui {

class MetricChart;

/// One line of a chart: a statistic of a CloudWatch metric.
struct MetricLine
{
    fd::metrics::MetricId metric;
    fd::metrics::Statistic statistic = fd::metrics::Statistic::Average;
    QString label; ///< the legend's name ("Average", "CPU", "2XX")
    QColor colour;
    Qt::PenStyle style = Qt::SolidLine; ///< dashed: a second statistic of the same metric

    friend bool operator==(const MetricLine &, const MetricLine &) = default;
};

/**
 * Feeds a MetricChart from the control plane's metric store: at each refresh(now) it asks the store
 * for every line's metric over the chart's window in one-minute periods (the store answers an
 * hour from its full-resolution datapoints and up to 24 hours from its minute aggregates; at
 * most 1,440 periods, so the 24-hour window starts at the first whole minute inside it), and gives
 * the chart the points, the thresholds of the alarms on those metrics (drawn heavier while in
 * ALARM) and the periods they were in ALARM. Lines of one metric share one query.
 *
 * CSV is the MetricCsv text (statisticsToCsv) of the last refresh: for a chart of one metric
 * exactly what GetMetricStatistics would give; for several metrics, each one's text in turn,
 * introduced by a line "# <namespace> <metric name> <name=value ...>".
 */
class StoreChartFeed final
{
public:
    static constexpr int kPeriodSeconds = 60;

    /// `alarms` may be null (no thresholds). The chart must outlive the feed.
    StoreChartFeed(const fd::metrics::MetricStore &store, const fd::ops::Alarms *alarms, MetricChart &chart);

    /// Adds a line (and its series on the chart).
    void addLine(MetricLine line);
    const std::vector<MetricLine> &lines() const { return m_lines; }

    /// Re-reads the store for the window ending at `nowMs` and redraws the chart.
    void refresh(qint64 nowMs);
    /// The queries refresh(nowMs) makes, one per metric, statistics in the lines' order.
    std::vector<fd::metrics::StatisticsQuery> queries(qint64 nowMs) const;
    QString csv() const;

private:
    void refreshAlarms(qint64 nowMs);

    const fd::metrics::MetricStore &m_store;
    const fd::ops::Alarms *m_alarms;
    MetricChart &m_chart;
    std::vector<MetricLine> m_lines;
    std::vector<fd::metrics::StatisticsQuery> m_lastQueries;
    std::vector<std::vector<fd::metrics::StatisticsDatapoint>> m_lastResults;
};

} // namespace fd::ui
