// bench-chart-update: PERFORMANCE.md row 10, the frame time of a live chart of 8 series x 3,600
// points (an hour at 1 Hz) updated every second, offscreen.
//
// Each frame moves every series on by one second (one new point, the oldest leaves the hour), then
// renders the chart into an image of its size (QWidget::render after the posted events, such as
// Qt Charts' layout requests, are delivered). Two charts of the same size, pens, axes and
// antialiasing, measured in the same run, in interleaved rounds:
//   plain: a QChartView whose 8 QLineSeries get QXYSeries::replace() of all 3,600 points per frame;
//   ours:  fd::ui::MetricChart: appendPoint() per series, setNow(), redraw() (min/max decimation on
//          time-aligned buckets), the same render (the canvas composes the kept image of the lines'
//          settled parts and strokes their tails, and draws a slice of the image for the time
//          axis' next step).
// Prints key=value lines (bench/section_charts.sh turns them into RESULTS.md).
//
//   bench-chart-update [--frames N] [--rounds R] [--width W] [--height H] [--only plain|ours]

#include "charts/MetricChart.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QtCharts/QChartView>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <vector>

namespace {

constexpr int kSeries = 8;
constexpr int kPoints = 3600;
constexpr qint64 kStepMs = 1000;

// A deterministic signal per series: a slow wave, a faster one and noise (an LCG), in 0..100.
class Signal
{
public:
    explicit Signal(int series) : m_series(series), m_state(std::uint32_t(2654435761u * unsigned(series + 1))) {}
    double at(qint64 tMs)
    {
        m_state = m_state * 1664525u + 1013904223u;
        const double noise = double(m_state >> 8) / double(1u << 24);
        const double s = double(tMs) / 1000.0;
        return std::clamp(40 + 25 * std::sin(s / (300.0 + 40 * m_series)) + 10 * std::sin(s / 17.0 + m_series) +
                              12 * (noise - 0.5),
                          0.0, 100.0);
    }

private:
    int m_series;
    std::uint32_t m_state;
};

const QList<QColor> kColours{{0x4e, 0x79, 0xa7}, {0xf2, 0x8e, 0x2b}, {0x59, 0xa1, 0x4f}, {0xe1, 0x57, 0x59},
                             {0x76, 0xb7, 0xb2}, {0xed, 0xc9, 0x48}, {0xb0, 0x7a, 0xa1}, {0x9c, 0x75, 0x5f}};

struct Data
{
    std::vector<Signal> waves;
    std::vector<std::deque<QPointF>> points;
    qint64 nowMs = 0;

    Data()
    {
        nowMs = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
        for (int s = 0; s < kSeries; ++s) {
            waves.emplace_back(s);
            points.emplace_back();
            for (int i = 0; i < kPoints; ++i) {
                const qint64 t = nowMs - qint64(kPoints - 1 - i) * kStepMs;
                points.back().push_back(QPointF(double(t), waves.back().at(t)));
            }
        }
    }
    void step()
    {
        nowMs += kStepMs;
        for (int s = 0; s < kSeries; ++s) {
            points[std::size_t(s)].pop_front();
            points[std::size_t(s)].push_back(QPointF(double(nowMs), waves[std::size_t(s)].at(nowMs)));
        }
    }
};

// The plain chart: what a chart without decimation does each second.
class PlainChart
{
public:
    PlainChart(int w, int h)
    {
        auto *chart = new QChart;
        chart->setAnimationOptions(QChart::NoAnimation);
        chart->legend()->setAlignment(Qt::AlignTop);
        m_time = new QDateTimeAxis;
        m_time->setFormat(QStringLiteral("HH:mm"));
        m_time->setTickCount(7);
        m_value = new QValueAxis;
        m_value->setRange(0, 100);
        chart->addAxis(m_time, Qt::AlignBottom);
        chart->addAxis(m_value, Qt::AlignLeft);
        for (int s = 0; s < kSeries; ++s) {
            auto *line = new QLineSeries;
            line->setName(QStringLiteral("series %1").arg(s + 1));
            line->setPen(QPen(kColours[s], 2.5));
            chart->addSeries(line);
            line->attachAxis(m_time);
            line->attachAxis(m_value);
            m_lines.push_back(line);
        }
        m_view.setChart(chart);
        m_view.setRenderHint(QPainter::Antialiasing);
        m_view.resize(w, h);
        m_view.show();
    }
    void update(const Data &d)
    {
        for (int s = 0; s < kSeries; ++s) {
            const auto &pts = d.points[std::size_t(s)];
            m_lines[std::size_t(s)]->replace(QList<QPointF>(pts.begin(), pts.end()));
        }
        m_time->setRange(QDateTime::fromMSecsSinceEpoch(d.nowMs - kPoints * kStepMs),
                         QDateTime::fromMSecsSinceEpoch(d.nowMs));
    }
    QWidget &widget() { return m_view; }

private:
    QChartView m_view;
    QDateTimeAxis *m_time;
    QValueAxis *m_value;
    std::vector<QLineSeries *> m_lines;
};

class OurChart
{
public:
    OurChart(int w, int h, const Data &d) : m_chart(QStringLiteral("8 series, 1 h at 1 Hz"))
    {
        m_chart.setWindow(fd::ui::ChartWindow::OneHour);
        m_chart.setMinimumTop(100);
        m_chart.resize(w, h);
        m_chart.show();
        QCoreApplication::sendPostedEvents();
        for (int s = 0; s < kSeries; ++s) {
            m_chart.addSeries(QStringLiteral("series %1").arg(s + 1), kColours[s]);
            std::vector<fd::metrics::Point> pts;
            for (const QPointF &p : d.points[std::size_t(s)])
                pts.push_back({qint64(p.x()), p.y()});
            m_chart.setSeriesPoints(s, std::move(pts));
        }
        m_chart.setNow(d.nowMs);
        m_chart.redraw();
    }
    void update(const Data &d)
    {
        for (int s = 0; s < kSeries; ++s) {
            const QPointF &p = d.points[std::size_t(s)].back();
            m_chart.appendPoint(s, {qint64(p.x()), p.y()});
        }
        m_chart.setNow(d.nowMs);
        m_chart.redraw();
    }
    QWidget &widget() { return m_chart; }
    qsizetype drawnPoints() const { return m_chart.drawnPoints(0).size(); }
    qint64 bucketMs() const { return m_chart.bucketMs(); }
    int layerRebuilds() const { return m_chart.layerRebuilds(); }

private:
    fd::ui::MetricChart m_chart;
};

struct Times
{
    std::vector<double> frame, update, render, cpu;
};

// CPU time of this thread in ms: on a machine shared with builds the wall time of a frame includes
// the time other processes held the CPU; this does not.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

template <typename Chart>
void runFrames(Chart &chart, Data &data, QImage &image, int frames, Times &out, bool record)
{
    QElapsedTimer timer;
    for (int f = 0; f < frames; ++f) {
        data.step();
        const double cpu0 = threadCpuMs();
        timer.start();
        chart.update(data);
        QCoreApplication::sendPostedEvents();
        const qint64 updated = timer.nsecsElapsed();
        {
            QPainter painter(&image);
            chart.widget().render(&painter);
        }
        const qint64 total = timer.nsecsElapsed();
        const double cpu = threadCpuMs() - cpu0;
        if (record) {
            out.cpu.push_back(cpu);
            out.update.push_back(double(updated) / 1e6);
            out.render.push_back(double(total - updated) / 1e6);
            out.frame.push_back(double(total) / 1e6);
        }
    }
}

double quantile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t i = std::min(v.size() - 1, std::size_t(std::ceil(q * double(v.size())) - 1));
    return v[i];
}

int argInt(int argc, char **argv, const char *name, int fallback)
{
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0)
            return std::atoi(argv[i + 1]);
    return fallback;
}

void report(const char *name, const Times &t)
{
    std::printf("%s_median_ms=%.3f\n%s_p99_ms=%.3f\n%s_max_ms=%.3f\n", name, quantile(t.frame, 0.5), name,
                quantile(t.frame, 0.99), name, quantile(t.frame, 1.0));
    std::printf("%s_update_median_ms=%.3f\n%s_render_median_ms=%.3f\n", name, quantile(t.update, 0.5), name,
                quantile(t.render, 0.5));
    std::printf("%s_cpu_median_ms=%.3f\n%s_cpu_p99_ms=%.3f\n", name, quantile(t.cpu, 0.5), name, quantile(t.cpu, 0.99));
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int frames = argInt(argc, argv, "--frames", 200);
    const int rounds = argInt(argc, argv, "--rounds", 5);
    const int w = argInt(argc, argv, "--width", 1280);
    const int h = argInt(argc, argv, "--height", 480);

    Data plainData;
    Data ourData;
    PlainChart plain(w, h);
    OurChart ours(w, h, ourData);
    QImage image(w, h, QImage::Format_ARGB32_Premultiplied);
    Times plainTimes, ourTimes;
    // Warm-up: first layouts, font caches.
    runFrames(plain, plainData, image, 20, plainTimes, false);
    runFrames(ours, ourData, image, 20, ourTimes, false);
    // --only plain|ours: one of the two (for a profiler).
    const QString only = argc > 2 && std::strcmp(argv[argc - 2], "--only") == 0 ? QString::fromLatin1(argv[argc - 1])
                                                                               : QString();
    for (int r = 0; r < rounds; ++r) {
        if (only != u"ours")
            runFrames(plain, plainData, image, frames, plainTimes, true);
        if (only != u"plain")
            runFrames(ours, ourData, image, frames, ourTimes, true);
    }
    std::printf("qt=%s\nplatform=%s\nwidth=%d\nheight=%d\nseries=%d\npoints=%d\nframes=%d\nrounds=%d\n", qVersion(),
                qPrintable(QGuiApplication::platformName()), w, h, kSeries, kPoints, frames, rounds);
    std::printf("ours_drawn_points_per_series=%lld\nours_bucket_ms=%lld\n", static_cast<long long>(ours.drawnPoints()),
                static_cast<long long>(ours.bucketMs()));
    // Frames that stroked every line whole (not prepared ahead), warm-up and set-up included.
    std::printf("ours_layer_rebuilds=%d\n", ours.layerRebuilds());
    report("plain", plainTimes);
    report("ours", ourTimes);
    std::printf("speedup_median=%.2f\nspeedup_p99=%.2f\n",
                quantile(plainTimes.frame, 0.5) / std::max(1e-9, quantile(ourTimes.frame, 0.5)),
                quantile(plainTimes.frame, 0.99) / std::max(1e-9, quantile(ourTimes.frame, 0.99)));
    return 0;
}
