#include "TrafficChart.h"

#include "Palette.h"
#include "models/TrafficScoreboard.h"
#include "traffic/TrafficSnapshot.h"

#include <QtCharts/QAreaSeries>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>

namespace fd::ui {

namespace {

// A round axis top above `peak`: 10, 20, 50, 100, 200, ...
double niceTop(double peak)
{
    const double target = std::max(5.0, peak * 1.15);
    const double magnitude = std::pow(10.0, std::floor(std::log10(target)));
    for (const double step : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (step * magnitude >= target)
            return step * magnitude;
    return 10 * magnitude;
}

} // namespace

TrafficChart::TrafficChart(QWidget *parent)
    : QChartView(parent), m_chart(new QChart), m_x(new QValueAxis(this)), m_y(new QValueAxis(this)),
      m_failed(new QLineSeries(this))
{
    setObjectName(QStringLiteral("trafficChart"));
    setRenderHint(QPainter::Antialiasing);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundBrush(palette::Paper);
    m_chart->setPlotAreaBackgroundBrush(palette::ChartBackground);
    m_chart->setPlotAreaBackgroundVisible(true);
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_x->setTitleText(tr("seconds since start"));
    m_x->setLabelFormat(QStringLiteral("%d"));
    m_y->setTitleText(tr("requests/s"));
    m_y->setLabelFormat(QStringLiteral("%d"));
    m_y->setRange(0, 10);
    m_x->setRange(0, 60);
    for (QValueAxis *axis : {m_x, m_y})
        axis->setGridLineColor(palette::ChartGrid);
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    m_failed->setName(tr("failed"));
    m_failed->setPen(QPen(palette::Error, 2.5));
    m_chart->addSeries(m_failed);
    m_failed->attachAxis(m_x);
    m_failed->attachAxis(m_y);
    setChart(m_chart);
}

QColor TrafficChart::revisionColour(int age)
{
    return fd::ui::revisionColour(age);
}

QStringList TrafficChart::seriesNames() const
{
    QStringList names;
    for (QAbstractSeries *s : m_chart->series())
        names << s->name();
    return names;
}

void TrafficChart::clearSeries()
{
    for (QAreaSeries *area : std::as_const(m_areas)) {
        m_chart->removeSeries(area);
        delete area;
    }
    m_areas.clear();
    m_failed->clear();
    m_peak = 0;
}

QAreaSeries *TrafficChart::areaFor(const QString &revision, int age)
{
    if (QAreaSeries *area = m_areas.value(revision))
        return area;
    auto *area = new QAreaSeries(new QLineSeries, new QLineSeries);
    area->upperSeries()->setParent(area);
    area->lowerSeries()->setParent(area);
    area->setName(tr("revision %1").arg(revision));
    const QColor colour = revisionColour(age);
    area->setBrush(colour);
    area->setPen(QPen(colour.darker(125), 1));
    m_areas.insert(revision, area);
    // The failed line stays on top: added last.
    m_chart->removeSeries(m_failed);
    m_chart->addSeries(area);
    area->attachAxis(m_x);
    area->attachAxis(m_y);
    m_chart->addSeries(m_failed);
    m_failed->attachAxis(m_x);
    m_failed->attachAxis(m_y);
    return area;
}

void TrafficChart::setSnapshot(const fd::traffic::TrafficSnapshot &s)
{
    if (s.runId != m_run) {
        clearSeries();
        m_run = s.runId;
    }
    const QStringList revisions = revisionsNewestFirst(s);
    // Whole seconds of buckets; while running, only those whose last bucket is complete.
    constexpr qsizetype perSecond = 1000 / fd::traffic::kBucketMs;
    const qsizetype complete = qsizetype(s.buckets.size()) - (s.isRunning() ? 1 : 0);
    const qsizetype seconds = s.isRunning() ? complete / perSecond : (complete + perSecond - 1) / perSecond;
    const auto inSecond = [&](qsizetype k, const auto &count) {
        std::int64_t n = 0;
        for (qsizetype b = k * perSecond; b < std::min(complete, (k + 1) * perSecond); ++b)
            n += count(s.buckets[std::size_t(b)]);
        return n;
    };
    // Oldest revision at the bottom, as the deployment view stacks them.
    QList<QPointF> base;
    base.reserve(seconds * 2);
    for (qsizetype k = 0; k < seconds; ++k)
        base << QPointF(double(k), 0) << QPointF(double(k + 1), 0);
    double peak = 0;
    for (qsizetype r = revisions.size() - 1; r >= 0; --r) {
        QAreaSeries *area = areaFor(revisions[r], int(r));
        QList<QPointF> upper = base;
        for (qsizetype k = 0; k < seconds; ++k) {
            const std::int64_t n = inSecond(k, [&](const fd::traffic::TimeBucket &b) {
                for (const auto &[revision, count] : b.byRevision)
                    if (revision == revisions[r])
                        return count;
                return std::int64_t(0);
            });
            upper[2 * k].ry() += double(n);
            upper[2 * k + 1].ry() += double(n);
            peak = std::max(peak, upper[2 * k].y());
        }
        area->lowerSeries()->replace(base);
        area->upperSeries()->replace(upper);
        area->setColor(revisionColour(int(r))); // ages shift when a newer revision appears
        area->setBorderColor(revisionColour(int(r)).darker(125));
        base = upper;
    }
    QList<QPointF> failed;
    failed.reserve(seconds * 2);
    for (qsizetype k = 0; k < seconds; ++k) {
        const double n = double(inSecond(k, [](const fd::traffic::TimeBucket &b) { return b.failed; }));
        failed << QPointF(double(k), n) << QPointF(double(k + 1), n);
        peak = std::max(peak, n);
    }
    m_failed->replace(failed);
    m_peak = peak;
    // The axis spans the run as planned (the sooner of its two bounds), and once it ended, as it went.
    double planned = double(s.durationMs) / 1000.0;
    if (s.ratePerSecond > 0)
        planned = std::min(planned, double(s.maxRequests) / s.ratePerSecond);
    const double span = std::max({s.isRunning() ? planned : 0.0, double(seconds), 1.0});
    m_x->setRange(0, std::ceil(span));
    m_y->setRange(0, niceTop(peak));
}

} // namespace fd::ui
