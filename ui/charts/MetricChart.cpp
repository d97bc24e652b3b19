#include "charts/MetricChart.h"

#include "Palette.h"
#include "charts/ChartCanvas.h"
#include "charts/Decimation.h"

#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>

namespace fd::ui {

struct MetricChart::Line
{
    QString name;
    QLineSeries *series = nullptr; ///< empty: the legend's entry (the canvas draws the line)
    QPen pen;
    std::vector<fd::metrics::Point> points;
    QList<QPointF> drawn; ///< decimated, as of the last redraw()
};

struct MetricChart::Canvas
{
    QChart *chart = nullptr;
    ChartCanvas *view = nullptr;
    QDateTimeAxis *time = nullptr;
    QValueAxis *value = nullptr;
    QList<QLineSeries *> thresholdLines;
};

namespace {

// A round axis top at or above `peak`: 1, 2, 2.5, 5 times a power of ten.
double niceTop(double peak)
{
    if (!(peak > 0))
        return 1;
    const double target = peak * 1.1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(target)));
    for (const double step : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (step * magnitude >= target)
            return step * magnitude;
    return 10 * magnitude;
}

QString number(double v)
{
    const double a = std::abs(v);
    const int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
    QString s = QLocale::c().toString(v, 'f', decimals);
    if (s.contains(u'.')) {
        while (s.endsWith(u'0'))
            s.chop(1);
        if (s.endsWith(u'.'))
            s.chop(1);
    }
    return s;
}

QFont projectorFont(const QFont &base, double scale, bool bold = false)
{
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() * scale);
    f.setBold(bold);
    return f;
}

} // namespace

MetricChart::MetricChart(const QString &title, QWidget *parent)
    : QWidget(parent), m_canvas(std::make_unique<Canvas>()), m_title(new QLabel(this)), m_empty(new QLabel(this)),
      m_csvButton(new QPushButton(tr("Export CSV…"), this)), m_pngButton(new QPushButton(tr("Export PNG…"), this))
{
    setObjectName(QStringLiteral("metricChart"));
    Canvas &c = *m_canvas;
    c.chart = new QChart;
    c.chart->setAnimationOptions(QChart::NoAnimation);
    c.chart->setMargins(QMargins(2, 2, 2, 2));
    c.chart->legend()->setAlignment(Qt::AlignTop);
    c.chart->legend()->setFont(projectorFont(font(), 1.3));
    c.time = new QDateTimeAxis(this);
    c.value = new QValueAxis(this);
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(c.time), static_cast<QAbstractAxis *>(c.value)}) {
        axis->setGridLineColor(palette::ChartGrid);
        axis->setLabelsFont(projectorFont(font(), 1.25));
        axis->setLabelsColor(palette::Ink);
    }
    c.time->setTickCount(7);
    c.value->setTickCount(5);
    c.value->setLabelFormat(QStringLiteral("%g"));
    c.chart->addAxis(c.time, Qt::AlignBottom);
    c.chart->addAxis(c.value, Qt::AlignLeft);
    c.view = new ChartCanvas(c.chart, this);
    c.view->setObjectName(QStringLiteral("metricChartView"));
    c.view->setMinimumHeight(180);
    c.view->setReadout([this](double x) { return readoutAt(qint64(x)); });
    c.view->setFont(projectorFont(font(), 1.25)); // threshold labels and the hover readout

    buildHeader(title);
    m_empty->setObjectName(QStringLiteral("metricChartEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setStyleSheet(palette::themed(QStringLiteral("color: {{hint}}; background: transparent;")));
    m_empty->setFont(projectorFont(font(), 1.1));
    m_empty->setParent(c.view);
    m_empty->hide();
    setWindow(m_window);
}

MetricChart::~MetricChart() = default;

void MetricChart::buildHeader(const QString &title)
{
    m_title->setObjectName(QStringLiteral("metricChartTitle"));
    m_title->setText(title);
    m_title->setFont(projectorFont(font(), 1.45, true));
    m_csvButton->setObjectName(QStringLiteral("metricChartCsv"));
    m_csvButton->setToolTip(tr("Save the datapoints of this window as CSV (as GetMetricStatistics gives them)"));
    m_csvButton->setEnabled(false);
    m_pngButton->setObjectName(QStringLiteral("metricChartPng"));
    m_pngButton->setToolTip(tr("Save this chart as a PNG image"));
    connect(m_csvButton, &QPushButton::clicked, this, &MetricChart::askCsv);
    connect(m_pngButton, &QPushButton::clicked, this, &MetricChart::askPng);

    auto *header = new QHBoxLayout;
    header->setContentsMargins(4, 0, 4, 0);
    header->addWidget(m_title, 1);
    header->addWidget(m_csvButton);
    header->addWidget(m_pngButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(m_canvas->view, 1);
}

QString MetricChart::title() const
{
    return m_title->text();
}

int MetricChart::addSeries(const QString &name, const QColor &colour, Qt::PenStyle style)
{
    auto line = std::make_unique<Line>();
    line->name = name;
    line->series = new QLineSeries(this);
    line->series->setName(name);
    line->pen = QPen(colour, kLineWidth, style);
    line->series->setPen(line->pen);
    m_canvas->chart->addSeries(line->series);
    line->series->attachAxis(m_canvas->time);
    line->series->attachAxis(m_canvas->value);
    m_lines.push_back(std::move(line));
    return int(m_lines.size()) - 1;
}

int MetricChart::seriesCount() const
{
    return int(m_lines.size());
}

QString MetricChart::seriesName(int series) const
{
    return m_lines.at(std::size_t(series))->name;
}

void MetricChart::setUnit(const QString &unit)
{
    m_unit = unit;
    m_canvas->value->setTitleText(unit);
}

void MetricChart::setMinimumTop(double top)
{
    m_minimumTop = top;
}

void MetricChart::setWindow(ChartWindow window)
{
    m_window = window;
    m_canvas->time->setFormat(windowTimeFormat(window));
}

void MetricChart::setNow(qint64 nowMs)
{
    m_nowMs = nowMs;
}

void MetricChart::trim(std::vector<fd::metrics::Point> &points) const
{
    // Keep whole buckets: the first one may start before the window (the axis clips it), so that
    // the head of the decimated line does not change while the window moves inside a bucket.
    const qint64 bucket = std::max<qint64>(1, bucketMs());
    qint64 from = axisEndMs() - windowSpanMs(m_window);
    from -= ((from % bucket) + bucket) % bucket;
    const auto keep = std::lower_bound(points.begin(), points.end(), from,
                                       [](const fd::metrics::Point &p, qint64 t) { return p.t < t; });
    points.erase(points.begin(), keep);
}

void MetricChart::setSeriesPoints(int series, std::vector<fd::metrics::Point> points)
{
    m_lines.at(std::size_t(series))->points = std::move(points);
}

void MetricChart::appendPoint(int series, fd::metrics::Point point)
{
    std::vector<fd::metrics::Point> &points = m_lines.at(std::size_t(series))->points;
    if (!points.empty() && point.t <= points.back().t)
        return;
    points.push_back(point);
}

const std::vector<fd::metrics::Point> &MetricChart::seriesPoints(int series) const
{
    return m_lines.at(std::size_t(series))->points;
}

void MetricChart::setThresholds(QList<Threshold> thresholds)
{
    m_thresholds = std::move(thresholds);
}

void MetricChart::setAlarmPeriods(QList<Period> periods)
{
    m_periods = std::move(periods);
}

void MetricChart::setEmptyText(const QString &text)
{
    m_empty->setText(text);
}

int MetricChart::plotWidth() const
{
    const int plot = int(m_canvas->chart->plotArea().width());
    return plot > 50 ? plot : std::max(400, m_canvas->view->width() - 80);
}

qint64 MetricChart::axisStepMs() const
{
    return std::max<qint64>(1000, windowSpanMs(m_window) / kAxisSteps);
}

qint64 MetricChart::axisEndMs() const
{
    // The axis moves in steps of a 40th of the window (90 s for an hour): between steps only the
    // tail of each line changes; at a step the canvas swaps in the lines it drew ahead.
    const qint64 step = axisStepMs();
    return (m_nowMs / step + (m_nowMs % step > 0 ? 1 : 0)) * step;
}

qint64 MetricChart::bucketMs() const
{
    return bucketWidthMs(windowSpanMs(m_window), plotWidth(), kPixelsPerBucket);
}

void MetricChart::redraw()
{
    const qint64 bucket = std::max<qint64>(1, bucketMs());
    bool any = false;
    for (const auto &line : m_lines) {
        trim(line->points);
        line->drawn = decimateMinMax(line->points, bucket);
        any = any || !line->drawn.isEmpty();
    }
    updateAxes();
    updateThresholdLines();
    // The axes after the time axis' next step (if no new peak comes), and the buckets still in the
    // window then (as trim() will keep them): the canvas draws those ahead, a slice per frame.
    const qint64 span = windowSpanMs(m_window);
    const qint64 nextEnd = axisEndMs() + axisStepMs();
    qint64 nextFrom = nextEnd - span;
    nextFrom -= ((nextFrom % bucket) + bucket) % bucket;
    const ChartCanvas::Ranges next{double(nextEnd - span), double(nextEnd), 0, valueTop(nextEnd)};
    QList<ChartCanvas::Line> lines;
    lines.reserve(qsizetype(m_lines.size()));
    for (const auto &line : m_lines) {
        // Settled: the points before the newest bucket (newer points only go into it or later ones).
        const QList<QPointF> &drawn = line->drawn;
        qsizetype settled = drawn.size();
        if (!drawn.isEmpty()) {
            const auto bucketOf = [bucket](double x) {
                const qint64 t = qint64(x);
                return t / bucket - (t % bucket < 0 ? 1 : 0);
            };
            const qint64 newest = bucketOf(drawn.last().x());
            while (settled > 0 && bucketOf(drawn[settled - 1].x()) == newest)
                --settled;
        }
        const qsizetype nextFirst = std::lower_bound(drawn.begin(), drawn.end(), double(nextFrom),
                                                     [](const QPointF &p, double x) { return p.x() < x; }) -
                                    drawn.begin();
        lines.append({drawn, settled, line->pen, nextFirst});
    }
    const auto [t0, t1] = timeRange();
    const auto [v0, v1] = valueRange();
    m_canvas->view->setLines(std::move(lines), {double(t0), double(t1), v0, v1}, next);
    QList<ChartCanvas::Shade> shades;
    for (const Period &p : std::as_const(m_periods))
        shades.append({double(p.fromMs), double(p.toMs)});
    m_canvas->view->setShades(std::move(shades));
    m_empty->setVisible(!any && !m_empty->text().isEmpty());
    if (m_empty->isVisible())
        m_empty->setGeometry(m_canvas->view->rect().adjusted(40, 40, -40, -40));
    m_csvButton->setEnabled(bool(m_csvSource));
}

void MetricChart::updateAxes()
{
    const qint64 span = windowSpanMs(m_window);
    const qint64 end = axisEndMs();
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(end - span);
    const QDateTime to = QDateTime::fromMSecsSinceEpoch(end);
    if (m_canvas->time->min() != from || m_canvas->time->max() != to)
        m_canvas->time->setRange(from, to);
    const double top = valueTop(end);
    if (m_canvas->value->min() != 0 || m_canvas->value->max() != top)
        m_canvas->value->setRange(0, top);
}

double MetricChart::valueTop(qint64 axisEndMs) const
{
    const qint64 from = axisEndMs - windowSpanMs(m_window);
    double peak = m_minimumTop;
    for (const auto &line : m_lines)
        for (const fd::metrics::Point &p : line->points)
            if (p.t >= from)
                peak = std::max(peak, p.v);
    for (const Threshold &t : std::as_const(m_thresholds))
        peak = std::max(peak, t.value);
    return peak <= m_minimumTop ? m_minimumTop : niceTop(peak);
}

void MetricChart::updateThresholdLines()
{
    Canvas &c = *m_canvas;
    while (c.thresholdLines.size() > m_thresholds.size()) {
        QLineSeries *s = c.thresholdLines.takeLast();
        c.chart->removeSeries(s);
        delete s;
    }
    while (c.thresholdLines.size() < m_thresholds.size()) {
        auto *s = new QLineSeries(this);
        c.chart->addSeries(s);
        s->attachAxis(c.time);
        s->attachAxis(c.value);
        c.thresholdLines.append(s);
    }
    // The series (without points) are the legend's entries; the canvas draws the lines over the
    // metric lines.
    QList<ChartCanvas::Label> labels;
    for (qsizetype i = 0; i < m_thresholds.size(); ++i) {
        const Threshold &t = m_thresholds[i];
        QLineSeries *s = c.thresholdLines[i];
        const QPen pen(palette::Error, t.inAlarm ? 3.0 : 2.0, Qt::DashLine);
        if (s->name() != t.label)
            s->setName(t.label);
        if (s->pen() != pen)
            s->setPen(pen);
        labels.append({t.value, t.label, palette::Error, pen});
    }
    c.view->setLabels(std::move(labels));
}

QList<QPointF> MetricChart::drawnPoints(int series) const
{
    return m_lines.at(std::size_t(series))->drawn;
}

int MetricChart::layerRebuilds() const
{
    return m_canvas->view->layerRebuilds();
}

std::pair<double, double> MetricChart::valueRange() const
{
    return {m_canvas->value->min(), m_canvas->value->max()};
}

std::pair<qint64, qint64> MetricChart::timeRange() const
{
    return {m_canvas->time->min().toMSecsSinceEpoch(), m_canvas->time->max().toMSecsSinceEpoch()};
}

QPoint MetricChart::positionOf(qint64 tMs, double value) const
{
    const QRectF plot = m_canvas->chart->plotArea();
    const auto [t0, t1] = timeRange();
    const auto [v0, v1] = valueRange();
    const double fx = t1 > t0 ? double(tMs - t0) / double(t1 - t0) : 0;
    const double fy = v1 > v0 ? (value - v0) / (v1 - v0) : 0;
    const QPointF scene(plot.left() + fx * plot.width(), plot.bottom() - fy * plot.height());
    return m_canvas->view->mapTo(this, m_canvas->view->mapFromScene(scene));
}

QString MetricChart::readoutAt(qint64 tMs) const
{
    bool anyPoints = false;
    QStringList rows{QDateTime::fromMSecsSinceEpoch(tMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))};
    const qint64 reach = std::max<qint64>(bucketMs(), 1000);
    const QString unit = m_unit.isEmpty() ? QString() : (m_unit == u"%" ? m_unit : u' ' + m_unit);
    for (const auto &line : m_lines) {
        const std::vector<fd::metrics::Point> &pts = line->points;
        anyPoints = anyPoints || !pts.empty();
        auto it = std::lower_bound(pts.begin(), pts.end(), tMs,
                                   [](const fd::metrics::Point &p, qint64 t) { return p.t < t; });
        std::optional<fd::metrics::Point> nearest;
        // The spacing of the data (a minute for CloudWatch metrics) also counts as near.
        qint64 spacing = reach;
        if (pts.size() >= 2)
            spacing = std::max(spacing, (pts.back().t - pts.front().t) / qint64(pts.size() - 1));
        for (auto candidate : {it, it == pts.begin() ? pts.end() : std::prev(it)}) {
            if (candidate == pts.end())
                continue;
            if (std::llabs(candidate->t - tMs) <= spacing &&
                (!nearest || std::llabs(candidate->t - tMs) < std::llabs(nearest->t - tMs)))
                nearest = *candidate;
        }
        rows << QStringLiteral("%1: %2").arg(line->name, nearest ? number(nearest->v) + unit : QStringLiteral("—"));
    }
    return anyPoints ? rows.join(u'\n') : QString();
}

void MetricChart::hoverAt(std::optional<qint64> tMs)
{
    m_canvas->view->setHoverX(tMs ? std::optional<double>(double(*tMs)) : std::nullopt);
}

void MetricChart::setCsvSource(std::function<QString()> source)
{
    m_csvSource = std::move(source);
    m_csvButton->setEnabled(bool(m_csvSource));
}

QString MetricChart::csv() const
{
    return m_csvSource ? m_csvSource() : QString();
}

bool MetricChart::exportCsv(const QString &path, QString *errorString) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (errorString)
            *errorString = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray bytes = csv().toUtf8();
    if (file.write(bytes) != bytes.size()) {
        if (errorString)
            *errorString = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QImage MetricChart::image()
{
    return grab().toImage();
}

bool MetricChart::exportPng(const QString &path)
{
    return image().save(path, "PNG");
}

void MetricChart::askCsv()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export CSV"), m_title->text() + QStringLiteral(".csv"),
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportCsv(path, &error))
        emit exported(path);
    else
        m_title->setToolTip(error);
}

void MetricChart::askPng()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export PNG"), m_title->text() + QStringLiteral(".png"),
                                                      tr("PNG images (*.png)"));
    if (!path.isEmpty() && exportPng(path))
        emit exported(path);
}

} // namespace fd::ui
