#include "charts/StoreChartFeed.h"

#include "charts/AlarmPeriods.h"
#include "charts/MetricChart.h"
#include "metrics/MetricCsv.h"
#include "ops/Alarms.h"

#include <QLocale>

#include <algorithm>

namespace fd::ui {

namespace {

constexpr qint64 kPeriodMs = qint64(StoreChartFeed::kPeriodSeconds) * 1000;

QString operatorSign(fd::alarms::ComparisonOperator op)
{
    using Op = fd::alarms::ComparisonOperator;
    switch (op) {
    case Op::GreaterThanOrEqualToThreshold:
        return QStringLiteral("≥");
    case Op::GreaterThanThreshold:
        return QStringLiteral(">");
    case Op::LessThanThreshold:
        return QStringLiteral("<");
    case Op::LessThanOrEqualToThreshold:
        return QStringLiteral("≤");
    default:
        return QStringLiteral("?");
    }
}

QString metricTitle(const fd::metrics::MetricId &id)
{
    QStringList parts{QStringLiteral("#"), id.metricNamespace, id.metricName};
    for (const fd::metrics::Dimension &d : id.dimensions)
        parts << d.name + u'=' + d.value;
    return parts.join(u' ');
}

} // namespace

StoreChartFeed::StoreChartFeed(const fd::metrics::MetricStore &store, const fd::ops::Alarms *alarms, MetricChart &chart)
    : m_store(store), m_alarms(alarms), m_chart(chart)
{
    m_chart.setCsvSource([this] { return csv(); });
}

void StoreChartFeed::addLine(MetricLine line)
{
    m_chart.addSeries(line.label, line.colour, line.style);
    m_lines.push_back(std::move(line));
}

std::vector<fd::metrics::StatisticsQuery> StoreChartFeed::queries(qint64 nowMs) const
{
    const qint64 span = windowSpanMs(m_chart.window());
    qint64 start = fd::metrics::alignedStart(nowMs - span, kPeriodSeconds);
    const qint64 periods = (nowMs - start + kPeriodMs - 1) / kPeriodMs;
    if (periods > fd::metrics::MetricStore::kMaxDatapointsPerQuery)
        start += (periods - fd::metrics::MetricStore::kMaxDatapointsPerQuery) * kPeriodMs;
    std::vector<fd::metrics::StatisticsQuery> out;
    for (const MetricLine &line : m_lines) {
        auto same = std::find_if(out.begin(), out.end(), [&](const auto &q) { return q.metric == line.metric; });
        if (same == out.end()) {
            fd::metrics::StatisticsQuery q;
            q.metric = line.metric;
            q.startMs = start;
            q.endMs = std::max(nowMs, start + 1);
            q.periodSeconds = kPeriodSeconds;
            out.push_back(q);
            same = std::prev(out.end());
        }
        if (std::find(same->statistics.begin(), same->statistics.end(), line.statistic) == same->statistics.end())
            same->statistics.push_back(line.statistic);
    }
    return out;
}

void StoreChartFeed::refresh(qint64 nowMs)
{
    m_lastQueries = queries(nowMs);
    m_lastResults.assign(m_lastQueries.size(), {});
    for (std::size_t q = 0; q < m_lastQueries.size(); ++q) {
        auto result = m_store.statistics(m_lastQueries[q]);
        if (result)
            m_lastResults[q] = std::move(result).value();
    }
    m_chart.setNow(nowMs);
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        const MetricLine &line = m_lines[i];
        std::vector<fd::metrics::Point> points;
        for (std::size_t q = 0; q < m_lastQueries.size(); ++q) {
            if (!(m_lastQueries[q].metric == line.metric))
                continue;
            points.reserve(m_lastResults[q].size());
            for (const fd::metrics::StatisticsDatapoint &d : m_lastResults[q])
                if (std::optional<double> v = d.get(line.statistic))
                    points.push_back({d.timestampMs, *v});
        }
        m_chart.setSeriesPoints(int(i), std::move(points));
    }
    refreshAlarms(nowMs);
    m_chart.redraw();
}

void StoreChartFeed::refreshAlarms(qint64 nowMs)
{
    QList<MetricChart::Threshold> thresholds;
    QList<MetricChart::Period> periods;
    if (m_alarms) {
        for (const fd::metrics::StatisticsQuery &q : m_lastQueries) {
            fd::ops::AlarmMetricFilter filter;
            filter.metric = q.metric;
            for (const fd::alarms::MetricAlarm &a : m_alarms->describeForMetric(filter)) {
                const fd::alarms::AlarmDefinition &d = a.definition;
                const QString sign = operatorSign(d.comparison);
                thresholds.append({QStringLiteral("%1 %2 %3").arg(d.name, sign, QLocale::c().toString(d.threshold)),
                                   d.threshold, a.status.state == fd::alarms::AlarmState::Alarm});
                periods.append(alarmPeriods(a, nowMs));
            }
        }
    }
    std::sort(periods.begin(), periods.end(), [](const auto &a, const auto &b) { return a.fromMs < b.fromMs; });
    m_chart.setThresholds(std::move(thresholds));
    m_chart.setAlarmPeriods(std::move(periods));
}

QString StoreChartFeed::csv() const
{
    if (m_lastQueries.size() == 1)
        return fd::metrics::statisticsToCsv(m_lastQueries.front(), m_lastResults.front());
    QString out;
    for (std::size_t q = 0; q < m_lastQueries.size(); ++q)
        out += metricTitle(m_lastQueries[q].metric) + u'\n' +
               fd::metrics::statisticsToCsv(m_lastQueries[q], m_lastResults[q]);
    return out;
}

} // namespace fd::ui
