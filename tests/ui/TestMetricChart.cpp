// The live metric charts as a reader meets them: decimation keeps every bucket's peaks and the drawn
// line stays put while the window moves inside a bucket, a live frame (which strokes only the lines'
// tails) shows what a draw from scratch shows, an alarm's threshold is labelled and its ALARM periods
// are shaded, the hover readout names each series' value, CSV export writes what GetMetricStatistics
// gives, the window buttons switch the time axis, the charts follow the control plane's clock and hold
// while it is paused, and a service's Metrics tab shows the CPU and memory its simulated tasks use.

#include "ControlPlane.h"
#include "DrivenSystem.h"
#include "Palette.h"
#include "charts/Decimation.h"
#include "charts/MetricChart.h"
#include "charts/StoreChartFeed.h"
#include "controllers/MetricsPublisher.h"
#include "controllers/ServiceController.h"
#include "controllers/TaskController.h"
#include "json/TaskDefinitionJson.h"
#include "metrics/EcsMetrics.h"
#include "metrics/MetricCsv.h"
#include "metrics/MetricStore.h"
#include "ops/Alarms.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "runtime/SimulatedRuntime.h"
#include "views/MetricsPanel.h"
#include "views/ServiceDetailPane.h"

#include <QAbstractButton>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>
#include <memory>

using namespace fd;
using namespace fd::ui;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMinute = 60'000;
// 2026-01-01 12:00:00 UTC: the control plane's time in these tests, far from the wall clock's.
constexpr qint64 kNoon = 1767268800000;
const QString kCluster = u"charts"_s;

QList<QPointF> pointsOf(std::initializer_list<std::pair<double, double>> xy)
{
    QList<QPointF> out;
    for (const auto &[x, y] : xy)
        out.append(QPointF(x, y));
    return out;
}

// 1 Hz points from `fromMs` (inclusive) to `toMs` (inclusive), a deterministic wiggle in 0..100.
std::vector<metrics::Point> secondly(qint64 fromMs, qint64 toMs)
{
    std::vector<metrics::Point> out;
    for (qint64 t = fromMs; t <= toMs; t += 1000)
        out.push_back({t, 50 + 40 * std::sin(double(t) / 7000.0) + double((t / 1000) % 7)});
    return out;
}

bool reddish(QRgb c)
{
    return qRed(c) > qGreen(c) + 20 && qRed(c) > qBlue(c) + 20;
}

int channelDistance(QRgb p, QRgb q)
{
    return std::max({std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)), std::abs(qBlue(p) - qBlue(q))});
}

// Pixels where two images of one size differ by more than `tolerance` in some channel.
int pixelsDiffering(const QImage &a, const QImage &b, int tolerance)
{
    const QImage x = a.convertToFormat(QImage::Format_RGB32);
    const QImage y = b.convertToFormat(QImage::Format_RGB32);
    if (x.size() != y.size())
        return -1;
    int n = 0;
    for (int row = 0; row < x.height(); ++row)
        for (int col = 0; col < x.width(); ++col)
            n += channelDistance(x.pixel(col, row), y.pixel(col, row)) > tolerance ? 1 : 0;
    return n;
}

// Pixels inked (far from the plot's background) in one image and not in the other: a line missing
// or extra somewhere, unlike two crossing lines painted in the other order.
int pixelsInkedInOne(const QImage &a, const QImage &b)
{
    const QImage x = a.convertToFormat(QImage::Format_RGB32);
    const QImage y = b.convertToFormat(QImage::Format_RGB32);
    if (x.size() != y.size())
        return -1;
    const QRgb paper = fd::ui::palette::ChartBackground.rgb();
    int n = 0;
    for (int row = 0; row < x.height(); ++row)
        for (int col = 0; col < x.width(); ++col)
            n += (channelDistance(x.pixel(col, row), paper) > 64) != (channelDistance(y.pixel(col, row), paper) > 64);
    return n;
}

// A pale red wash (the ALARM shading over a white plot): clearly more red than green and blue.
bool shadedRed(QRgb c)
{
    return qRed(c) - (qGreen(c) + qBlue(c)) / 2 >= 12;
}

} // namespace

class TestMetricChart final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void decimationKeepsEveryBucketsMinimumAndMaximum();
    void drawnLineIsStableWhileTheWindowMovesInsideABucket();
    void liveFramesLookLikeADrawFromScratch();
    void alarmThresholdIsLabelledAndAlarmPeriodsShaded();
    void hoverReadoutNamesEachSeriesValue();
    void csvExportIsWhatGetMetricStatisticsGives();
    void windowButtonsSwitchTheTimeAxis();
    void chartsFollowTheControlPlaneClockAndHoldWhilePaused();
    void serviceMetricsTabShowsTheSimulatedUsage();

private:
    void startSystem();
    void step(qint64 ms);
    void runToNextMinute();
    qint64 now() const { return m_clock->now().toMSecsSinceEpoch(); }
    void createBusyService(double cpuPercent, double memoryPercent);

    qint64 m_elapsedMs = 0;
    std::shared_ptr<ScaledClock> m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<runtime::SimulatedRuntime> m_rt;
    std::unique_ptr<System> m_system;
    ControlPlane *m_cp = nullptr;
};

void TestMetricChart::init()
{
    m_elapsedMs = 0;
    // The control plane's clock: a teaching clock (it can pause) whose real time the test moves.
    m_clock = std::make_shared<ScaledClock>(1.0, [this] { return m_elapsedMs; },
                                            QDateTime::fromMSecsSinceEpoch(kNoon, Qt::UTC));
}

void TestMetricChart::cleanup()
{
    m_cp = nullptr;
    m_system.reset();
    m_rt.reset();
    m_dir.reset();
    m_clock.reset();
}

void TestMetricChart::startSystem()
{
    m_dir = std::make_unique<QTemporaryDir>();
    runtime::SimulationOptions options;
    options.tickInterval = 0ms;
    options.startJitter = 0ms;
    m_rt = std::make_unique<runtime::SimulatedRuntime>(*m_clock, options);
    m_rt->setDefaultProfile(runtime::ImageProfile{0, 0, 0, 0, true, 0}); // uses exactly its load
    m_system = test::startDrivenSystem(m_dir->path(), m_clock, [this](const Engine &) { return m_rt.get(); });
    m_system->attachSimulatedRuntime(*m_rt);
    m_cp = &m_system->controlPlane();
    QVERIFY(m_system->metricsPublisher());
    QVERIFY(m_cp->engines().add(u"sim"_s, Engine::Kind::Simulated, {}));
    QVERIFY(m_cp->clusters().create(kCluster));
    ops::InstanceRequest instance; // 2,048 CPU units, 4,096 MiB
    instance.cluster = kCluster;
    instance.engineId = u"sim"_s;
    QVERIFY(m_cp->instances().registerNew(instance));
    auto spec = json::parseTaskDefinition(R"({"family": "busy", "containerDefinitions": [{"name": "app",
        "image": "fleetdeck/demo-web:1", "cpu": 512, "memory": 1024}]})");
    QVERIFY(spec);
    QVERIFY(m_cp->taskDefinitions().registerNew(spec.value()));
}

// One step of the whole system: time moves, the runtime samples, controllers and publisher run.
void TestMetricChart::step(qint64 ms)
{
    m_elapsedMs += ms;
    m_rt->tick();
    QCoreApplication::processEvents();
    m_system->taskController().reconcileNow();
    m_system->serviceController().reconcileNow();
    m_rt->tick();
    QCoreApplication::processEvents();
    m_system->metricsPublisher()->tick();
}

void TestMetricChart::runToNextMinute()
{
    const qint64 next = now() - now() % kMinute + kMinute;
    while (now() < next)
        step(std::min<qint64>(1000, next - now()));
}

void TestMetricChart::createBusyService(double cpuPercent, double memoryPercent)
{
    ops::ServiceRequest r;
    r.cluster = kCluster;
    r.serviceName = u"web"_s;
    r.taskDefinition = u"busy:1"_s;
    r.desiredCount = 2;
    QVERIFY(m_cp->services().create(r));
    for (int i = 0; i < 120; ++i) {
        int running = 0;
        for (const Task &t : m_cp->tasks().list(kCluster))
            running += t.lastStatus == TaskStatus::Running;
        if (running == 2)
            break;
        step(500);
    }
    QVERIFY(m_system->setSimulatedLoad(kCluster, u"web"_s, cpuPercent, memoryPercent));
}

void TestMetricChart::decimationKeepsEveryBucketsMinimumAndMaximum()
{
    // The documented example: 1 Hz points 0..29 s of values 0..29, buckets of 10 s.
    std::vector<metrics::Point> ramp;
    for (int i = 0; i < 30; ++i)
        ramp.push_back({qint64(i) * 1000, double(i)});
    QCOMPARE(decimateMinMax(ramp, 10'000),
             pointsOf({{0, 0}, {9000, 9}, {10000, 10}, {19000, 19}, {20000, 20}, {29000, 29}}));
    // Order of occurrence: a falling bucket gives its maximum first; equal values give one point.
    const std::vector<metrics::Point> falling{{0, 5}, {1000, 9}, {2000, 1}, {3000, 4}, {10'000, 3}, {11'000, 3}};
    QCOMPARE(decimateMinMax(falling, 10'000), pointsOf({{1000, 9}, {2000, 1}, {10'000, 3}}));
    // A bucket of 1 ms or less: every point.
    QCOMPARE(decimateMinMax(ramp, 1).size(), qsizetype(30));

    // An hour at 1 Hz in 15 s buckets: every bucket's extremes survive, at most two points each, and a
    // one-second spike is still drawn.
    std::vector<metrics::Point> hour = secondly(kNoon - 3'600'000 + 1000, kNoon);
    hour[1234].v = 250;
    const qint64 bucket = 15'000;
    const QList<QPointF> drawn = decimateMinMax(hour, bucket);
    QVERIFY(drawn.size() <= 2 * (3600 / 15 + 1));
    QVERIFY(drawn.contains(QPointF(double(hour[1234].t), 250)));
    std::map<qint64, std::pair<double, double>> extremes; // bucket -> (min, max) of the data
    for (const metrics::Point &p : hour) {
        auto [it, fresh] = extremes.try_emplace(p.t / bucket, p.v, p.v);
        it->second = {std::min(it->second.first, p.v), std::max(it->second.second, p.v)};
    }
    std::map<qint64, QList<double>> drawnPerBucket;
    for (const QPointF &p : drawn)
        drawnPerBucket[qint64(p.x()) / bucket].append(p.y());
    QCOMPARE(drawnPerBucket.size(), extremes.size());
    for (const auto &[b, values] : drawnPerBucket) {
        QVERIFY(values.size() <= 2);
        QCOMPARE(*std::min_element(values.begin(), values.end()), extremes[b].first);
        QCOMPARE(*std::max_element(values.begin(), values.end()), extremes[b].second);
    }

    // Buckets are aligned to time, not to the first point: a newer point changes only the last bucket,
    // a dropped bucket at the head only the head.
    std::vector<metrics::Point> longer = hour;
    longer.push_back({kNoon + 1000, 1});
    const QList<QPointF> after = decimateMinMax(longer, bucket);
    const qint64 lastBucket = (kNoon + 1000) / bucket;
    QCOMPARE(after.mid(0, drawn.size() - 2), drawn.mid(0, drawn.size() - 2));
    for (qsizetype i = 0; i < after.size(); ++i)
        if (qint64(after[i].x()) / bucket != lastBucket)
            QCOMPARE(after[i], drawn[i]);

    QCOMPARE(bucketWidthMs(3'600'000, 800), qint64(9000));
    QCOMPARE(bucketWidthMs(3'600'000, 800, 4), qint64(18'000));
}

void TestMetricChart::drawnLineIsStableWhileTheWindowMovesInsideABucket()
{
    MetricChart chart(u"CPU"_s);
    chart.resize(1000, 400);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.addSeries(u"cpu"_s, Qt::blue);
    chart.setWindow(ChartWindow::OneHour);
    chart.setNow(kNoon);
    chart.setSeriesPoints(0, secondly(kNoon - 3'700'000, kNoon));
    chart.redraw();
    QCoreApplication::processEvents();
    chart.redraw(); // now with the laid-out plot's width
    const qint64 bucket = chart.bucketMs();
    QVERIFY2(bucket >= 10'000 && bucket <= 30'000, qPrintable(QString::number(bucket)));
    QCOMPARE(chart.timeRange().second, chart.axisEndMs());
    QCOMPARE(chart.timeRange().second - chart.timeRange().first, qint64(3'600'000));
    QVERIFY(chart.axisEndMs() >= kNoon && chart.axisEndMs() < kNoon + 90'000);

    // Every second a new point: what was drawn before the newest bucket stays exactly as it was, from
    // the head of the window on.
    qint64 now = kNoon;
    QList<QPointF> before = chart.drawnPoints(0);
    for (int s = 0; s < 40; ++s) {
        now += 1000;
        chart.appendPoint(0, {now, 50 + double(s % 5)});
        chart.setNow(now);
        chart.redraw();
        const QList<QPointF> after = chart.drawnPoints(0);
        QVERIFY(!after.isEmpty());
        const double head = after.first().x();
        const double newest = double((now / bucket) * bucket);
        QList<QPointF> keptBefore, keptAfter;
        for (const QPointF &p : before)
            if (p.x() >= head && p.x() < newest)
                keptBefore.append(p);
        for (const QPointF &p : after)
            if (p.x() < newest)
                keptAfter.append(p);
        QCOMPARE(keptAfter, keptBefore);
        // The newest bucket holds the newest point.
        QVERIFY(after.last().x() >= newest);
        QVERIFY(after.last().x() <= double(now));
        // The head is whole buckets: it starts at a bucket's edge at or before the window's start.
        QVERIFY(head >= double(chart.timeRange().first - bucket));
        before = after;
    }
}

void TestMetricChart::liveFramesLookLikeADrawFromScratch()
{
    // Three lines (one dashed) over an hour of 1 Hz points, then a minute of live frames: the frames
    // only stroke the lines' tails onto the kept image of their settled parts, and what they show
    // is what a chart given the same points at once shows.
    const QList<QColor> colours{Qt::darkBlue, QColor(0xe1, 0x57, 0x59), QColor(0x59, 0xa1, 0x4f)};
    auto build = [&](MetricChart &chart, qint64 now, const std::vector<std::vector<metrics::Point>> &points) {
        chart.resize(1280, 480);
        chart.setWindow(ChartWindow::OneHour);
        chart.setMinimumTop(100);
        for (int s = 0; s < 3; ++s) {
            chart.addSeries(u"line %1"_s.arg(s), colours[s], s == 2 ? Qt::DashLine : Qt::SolidLine);
            chart.setSeriesPoints(s, points[std::size_t(s)]);
        }
        chart.setThresholds({{u"high ≥ 70"_s, 70, false}});
        chart.setNow(now);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.redraw();
        QCoreApplication::processEvents();
        chart.redraw();
    };
    auto pointsOf = [](const MetricChart &chart) {
        std::vector<std::vector<metrics::Point>> out;
        for (int s = 0; s < chart.seriesCount(); ++s)
            out.push_back(chart.seriesPoints(s));
        return out;
    };
    // kNoon is on a step of the time axis (90 s for an hour): from kNoon + 1 s the axis stays put
    // for 89 s.
    qint64 now = kNoon + 1000;
    std::vector<std::vector<metrics::Point>> start;
    for (int s = 0; s < 3; ++s) {
        std::vector<metrics::Point> pts = secondly(now - 3'600'000, now);
        for (metrics::Point &p : pts)
            p.v = std::clamp(p.v - 12 * s, 0.0, 100.0);
        start.push_back(std::move(pts));
    }
    MetricChart live(u"live"_s);
    build(live, now, start);
    const QImage first = live.image();
    const int rebuilds = live.layerRebuilds();
    QVERIFY(rebuilds >= 1);
    const QList<QPointF> drawnBefore = live.drawnPoints(0);
    for (int f = 0; f < 60; ++f) {
        now += 1000;
        for (int s = 0; s < 3; ++s)
            live.appendPoint(s, {now, std::clamp(50 + 40 * std::sin(double(now) / 7000.0) - 12 * s, 0.0, 100.0)});
        live.setNow(now);
        live.redraw();
        live.image(); // a frame
    }
    // The minute settled several buckets (so the kept image grew) and never stroked the lines whole.
    QVERIFY2(live.drawnPoints(0).size() >= drawnBefore.size() + 6,
             qPrintable(QString::number(live.drawnPoints(0).size())));
    QCOMPARE(live.layerRebuilds(), rebuilds);
    const QImage afterMinute = live.image();
    QVERIFY(pixelsDiffering(first, afterMinute, 64) > 50); // the lines moved on

    MetricChart fresh(u"live"_s);
    build(fresh, now, pointsOf(live));
    for (int s = 0; s < 3; ++s)
        QCOMPARE(fresh.drawnPoints(s), live.drawnPoints(s));
    // Every line drawn where it belongs (no segment missing or doubled); where the pieces settled in
    // different frames meet, two crossing lines may be painted in the other order.
    const QImage fromScratch = fresh.image();
    const int inked = pixelsInkedInOne(afterMinute, fromScratch);
    QVERIFY2(inked >= 0 && inked <= 8, qPrintable(QString::number(inked)));
    const int differing = pixelsDiffering(afterMinute, fromScratch, 64);
    QVERIFY2(differing >= 0 && differing <= 400, qPrintable(QString::number(differing)));

    // Over the time axis' step (at kNoon + 90 s): the lines drawn ahead against the next axis are
    // swapped in, not stroked whole in that frame, and still show what a draw from scratch shows.
    const std::pair<qint64, qint64> axisBefore = live.timeRange();
    for (int f = 0; f < 40; ++f) {
        now += 1000;
        for (int s = 0; s < 3; ++s)
            live.appendPoint(s, {now, std::clamp(50 + 40 * std::sin(double(now) / 7000.0) - 12 * s, 0.0, 100.0)});
        live.setNow(now);
        live.redraw();
        live.image();
    }
    QCOMPARE(live.timeRange().first, axisBefore.first + 90'000);
    QCOMPARE(live.layerRebuilds(), rebuilds);
    const QImage afterStep = live.image();
    MetricChart freshAfterStep(u"live"_s);
    build(freshAfterStep, now, pointsOf(live));
    for (int s = 0; s < 3; ++s)
        QCOMPARE(freshAfterStep.drawnPoints(s), live.drawnPoints(s));
    const QImage stepFromScratch = freshAfterStep.image();
    const int inkedAfterStep = pixelsInkedInOne(afterStep, stepFromScratch);
    QVERIFY2(inkedAfterStep >= 0 && inkedAfterStep <= 8, qPrintable(QString::number(inkedAfterStep)));
    const int differingAfterStep = pixelsDiffering(afterStep, stepFromScratch, 64);
    QVERIFY2(differingAfterStep >= 0 && differingAfterStep <= 400, qPrintable(QString::number(differingAfterStep)));

    // A new peak raises the value axis: the lines are stroked whole again, still as from scratch.
    now += 1000;
    for (int s = 0; s < 3; ++s)
        live.appendPoint(s, {now, 180.0 - 10 * s});
    live.setNow(now);
    live.redraw();
    const QImage raised = live.image();
    QCOMPARE(live.valueRange().second, 200.0);
    QCOMPARE(live.layerRebuilds(), rebuilds + 1);
    MetricChart fresh2(u"live"_s);
    build(fresh2, now, pointsOf(live));
    const int differing2 = pixelsDiffering(raised, fresh2.image(), 16);
    QVERIFY2(differing2 == 0, qPrintable(QString::number(differing2)));

    // Hidden, the chart lets the image go; shown and painted again, it strokes the lines whole.
    live.hide();
    live.show();
    QVERIFY(QTest::qWaitForWindowExposed(&live));
    QCOMPARE(pixelsDiffering(live.image(), raised, 16), 0);
    QCOMPARE(live.layerRebuilds(), rebuilds + 2);
}

void TestMetricChart::alarmThresholdIsLabelledAndAlarmPeriodsShaded()
{
    startSystem();
    const metrics::MetricId cpu = metrics::serviceMetricId(kCluster, u"web"_s, u"CPUUtilization"_s);
    ops::AlarmPut put;
    put.definition.name = u"web-cpu-high"_s;
    put.definition.metric = cpu;
    put.definition.statistic = metrics::Statistic::Average;
    put.definition.threshold = 70;
    put.definition.comparison = alarms::ComparisonOperator::GreaterThanOrEqualToThreshold;
    QVERIFY(m_cp->alarms().put(put));

    // Points at 90 % over the last 20 minutes (the store takes them as PutMetricData would).
    m_elapsedMs += 30 * kMinute;
    for (qint64 t = now() - 20 * kMinute; t < now(); t += kMinute) {
        metrics::MetricDatum d;
        d.metric = cpu;
        d.timestampMs = t - t % kMinute;
        d.value = 90;
        d.unit = metrics::StandardUnit::Percent;
        QVERIFY(m_cp->metricStore().put(d));
    }
    // In ALARM from 12:30 to 12:40, OK until 12:45, in ALARM again until now (12:50).
    const qint64 t0 = now();
    QVERIFY(m_cp->alarms().setState(put.definition.name, alarms::AlarmState::Alarm, u"test"_s, {}));
    m_elapsedMs += 10 * kMinute;
    const qint64 t1 = now();
    QVERIFY(m_cp->alarms().setState(put.definition.name, alarms::AlarmState::Ok, u"test"_s, {}));
    m_elapsedMs += 5 * kMinute;
    const qint64 t2 = now();
    QVERIFY(m_cp->alarms().setState(put.definition.name, alarms::AlarmState::Alarm, u"test"_s, {}));
    m_elapsedMs += 5 * kMinute;
    const qint64 end = now();

    MetricChart chart(u"CPU utilization"_s);
    chart.resize(1000, 420);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setUnit(u"%"_s);
    chart.setMinimumTop(100);
    StoreChartFeed feed(m_cp->metricStore(), &m_cp->alarms(), chart);
    feed.addLine({cpu, metrics::Statistic::Average, u"Average"_s, QColor(0x1f, 0x77, 0xb4)});
    feed.refresh(end);
    QCoreApplication::processEvents();
    feed.refresh(end);

    QCOMPARE(chart.thresholds().size(), qsizetype(1));
    QCOMPARE(chart.thresholds()[0].value, 70.0);
    QCOMPARE(chart.thresholds()[0].label, u"web-cpu-high ≥ 70"_s);
    QVERIFY(chart.thresholds()[0].inAlarm);
    const QList<MetricChart::Period> periods{{t0, t1}, {t2, end}};
    QCOMPARE(chart.alarmPeriods(), periods);
    QVERIFY(!chart.drawnPoints(0).isEmpty());

    // Drawn: inside an ALARM period the plot is red low down (under the 90 % line), outside it is not;
    // the dashed threshold line is red at 70 %.
    const QImage image = chart.image();
    const qreal dpr = image.devicePixelRatio();
    auto pixel = [&](qint64 t, double v) {
        const QPoint p = chart.positionOf(t, v);
        return image.pixel(int(p.x() * dpr), int(p.y() * dpr));
    };
    QVERIFY2(shadedRed(pixel((t0 + t1) / 2, 10)), qPrintable(QColor(pixel((t0 + t1) / 2, 10)).name()));
    QVERIFY(shadedRed(pixel((t2 + end) / 2, 10)));
    QVERIFY2(!shadedRed(pixel((t1 + t2) / 2, 10)), qPrintable(QColor(pixel((t1 + t2) / 2, 10)).name()));
    QVERIFY(!shadedRed(pixel(t0 - 10 * kMinute, 10)));
    // The threshold's line: some pixel on the 70 % row between the shaded periods is red.
    bool redOnThreshold = false;
    for (int dx = -6; dx <= 6 && !redOnThreshold; ++dx) {
        const QPoint p = chart.positionOf(t0 - 15 * kMinute, 70) + QPoint(dx, 0);
        redOnThreshold = reddish(image.pixel(int(p.x() * dpr), int(p.y() * dpr)));
    }
    QVERIFY(redOnThreshold);

    // Back to OK: the threshold is drawn as not in alarm; the last period ends at the transition.
    const qint64 t3 = now();
    QVERIFY(m_cp->alarms().setState(put.definition.name, alarms::AlarmState::Ok, u"test"_s, {}));
    m_elapsedMs += kMinute;
    feed.refresh(now());
    QVERIFY(!chart.thresholds()[0].inAlarm);
    QCOMPARE(chart.alarmPeriods(), (QList<MetricChart::Period>{{t0, t1}, {t2, t3}}));
}

void TestMetricChart::hoverReadoutNamesEachSeriesValue()
{
    MetricChart chart(u"CPU utilization"_s);
    chart.resize(900, 360);
    chart.addSeries(u"Average"_s, Qt::blue);
    chart.addSeries(u"Maximum"_s, Qt::red);
    chart.setUnit(u"%"_s);
    chart.setWindow(ChartWindow::OneHour);
    chart.setNow(kNoon);
    QVERIFY(chart.readoutAt(kNoon).isEmpty()); // nothing to read yet
    chart.setSeriesPoints(0, {{kNoon - 2 * kMinute, 42.5}, {kNoon - kMinute, 40}});
    chart.setSeriesPoints(1, {{kNoon - 2 * kMinute, 80}, {kNoon - kMinute, 71.5}});
    chart.redraw();

    auto time = [](qint64 t) { return QDateTime::fromMSecsSinceEpoch(t).toString(u"yyyy-MM-dd HH:mm:ss"_s); };
    QCOMPARE(chart.readoutAt(kNoon - 2 * kMinute), time(kNoon - 2 * kMinute) + u"\nAverage: 42.5%\nMaximum: 80%"_s);
    // Near a point (within the data's spacing) reads that point; the nearer one wins.
    QCOMPARE(chart.readoutAt(kNoon - kMinute + 20'000),
             time(kNoon - kMinute + 20'000) + u"\nAverage: 40%\nMaximum: 71.5%"_s);
    // Far from every point: a dash.
    QCOMPARE(chart.readoutAt(kNoon - 30 * kMinute), time(kNoon - 30 * kMinute) + u"\nAverage: —\nMaximum: —"_s);

    // Another unit is written after a space.
    chart.setUnit(u"s"_s);
    QCOMPARE(chart.readoutAt(kNoon - kMinute), time(kNoon - kMinute) + u"\nAverage: 40 s\nMaximum: 71.5 s"_s);

    // The hover rule and its box are drawn over the plot.
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.redraw();
    const QImage plain = chart.image();
    chart.hoverAt(kNoon - kMinute);
    const QImage hovered = chart.image();
    QVERIFY(plain != hovered);
    chart.hoverAt(std::nullopt);
    QCOMPARE(chart.image(), plain);
}

void TestMetricChart::csvExportIsWhatGetMetricStatisticsGives()
{
    ManualClock clock(QDateTime::fromMSecsSinceEpoch(kNoon, Qt::UTC));
    metrics::MetricStore store(clock);
    const metrics::MetricId id = metrics::serviceMetricId(kCluster, u"web"_s, u"CPUUtilization"_s);
    for (int m = 1; m <= 3; ++m) {
        metrics::MetricDatum d;
        d.metric = id;
        d.timestampMs = kNoon - m * kMinute;
        d.value = 10.5 * m;
        d.unit = metrics::StandardUnit::Percent;
        QVERIFY(store.put(d));
    }
    MetricChart chart(u"CPU utilization"_s);
    chart.setWindow(ChartWindow::FiveMinutes);
    StoreChartFeed feed(store, nullptr, chart);
    feed.addLine({id, metrics::Statistic::Average, u"Average"_s, Qt::blue});
    feed.addLine({id, metrics::Statistic::Maximum, u"Maximum"_s, Qt::red});
    feed.refresh(kNoon);

    // One metric: one query, its two statistics, exactly GetMetricStatistics' answer as CSV.
    const std::vector<metrics::StatisticsQuery> queries = feed.queries(kNoon);
    QCOMPARE(int(queries.size()), 1);
    QCOMPARE(queries[0].startMs, kNoon - 5 * kMinute);
    QCOMPARE(queries[0].endMs, kNoon);
    const QString expected = u"Timestamp,Average,Maximum,Unit\n"
                             u"2026-01-01T11:57:00Z,31.5,31.5,Percent\n"
                             u"2026-01-01T11:58:00Z,21,21,Percent\n"
                             u"2026-01-01T11:59:00Z,10.5,10.5,Percent\n"_s;
    QCOMPARE(chart.csv(), expected);
    QCOMPARE(chart.csv(), metrics::statisticsToCsv(queries[0], store.statistics(queries[0]).value()));

    QTemporaryDir dir;
    const QString path = dir.filePath(u"cpu.csv"_s);
    QString error;
    QVERIFY2(chart.exportCsv(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()), expected);

    // A file that cannot be written: false, and the message names it.
    const QString bad = dir.filePath(u"missing/dir/cpu.csv"_s);
    QVERIFY(!chart.exportCsv(bad, &error));
    QVERIFY2(error.contains(bad), qPrintable(error));

    // PNG: a real image of the chart's size.
    chart.resize(800, 320);
    const QString png = dir.filePath(u"cpu.png"_s);
    QVERIFY(chart.exportPng(png));
    QImage read(png);
    QVERIFY(!read.isNull());
    QCOMPARE(read.size(), chart.image().size());
}

void TestMetricChart::windowButtonsSwitchTheTimeAxis()
{
    startSystem();
    MetricsPanel panel(*m_cp);
    panel.setCharts(MetricsPanel::serviceCharts(kCluster, u"web"_s));
    panel.resize(1280, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QCOMPARE(panel.chartCount(), 3); // CPU, memory, running tasks
    QCOMPARE(panel.window(), ChartWindow::OneHour);

    const struct
    {
        const char *button;
        ChartWindow window;
        qint64 spanMs;
    } cases[] = {{"metricsWindow5min", ChartWindow::FiveMinutes, 5 * kMinute},
                 {"metricsWindow3h", ChartWindow::ThreeHours, 180 * kMinute},
                 {"metricsWindow12h", ChartWindow::TwelveHours, 720 * kMinute},
                 {"metricsWindow24h", ChartWindow::OneDay, 1440 * kMinute},
                 {"metricsWindow1h", ChartWindow::OneHour, 60 * kMinute}};
    for (const auto &c : cases) {
        auto *button = panel.findChild<QAbstractButton *>(QString::fromLatin1(c.button));
        QVERIFY2(button, c.button);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(panel.window(), c.window);
        QVERIFY(button->isChecked());
        for (int i = 0; i < panel.chartCount(); ++i) {
            MetricChart *chart = panel.chart(i);
            QCOMPARE(chart->window(), c.window);
            const auto [from, to] = chart->timeRange();
            QCOMPARE(to - from, c.spanMs);
            QVERIFY(to >= now() && to - now() <= std::max<qint64>(1000, c.spanMs / MetricChart::kAxisSteps));
        }
    }
}

void TestMetricChart::chartsFollowTheControlPlaneClockAndHoldWhilePaused()
{
    startSystem();
    MetricsPanel panel(*m_cp);
    panel.setCharts(MetricsPanel::serviceCharts(kCluster, u"web"_s));
    panel.setWindow(ChartWindow::FiveMinutes);
    panel.resize(1280, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    MetricChart *cpu = panel.chart(u"CPU utilization"_s);
    QVERIFY(cpu);
    auto *held = panel.findChild<QLabel *>(u"metricsHeldNote"_s);
    QVERIFY(held);
    QCOMPARE(cpu->now(), now()); // the control plane's time, not the wall clock's
    QVERIFY(std::llabs(cpu->now() - QDateTime::currentMSecsSinceEpoch()) > 3'600'000);
    QVERIFY(held->isHidden());

    // Time runs: the panel's own timer moves the charts with it.
    m_elapsedMs += 95'000;
    const qint64 later = now();
    QTRY_COMPARE_WITH_TIMEOUT(cpu->now(), later, 3000);
    QVERIFY(cpu->timeRange().second >= later);

    // Paused: the clock stands, the charts hold (the timer keeps firing) and say so.
    m_clock->pause();
    QTRY_VERIFY_WITH_TIMEOUT(held->isVisible(), 3000);
    const qint64 pausedAt = now();
    const auto range = cpu->timeRange();
    m_elapsedMs += 120'000; // real time passes; control-plane time does not
    QTest::qWait(1500);
    QCOMPARE(now(), pausedAt);
    QCOMPARE(cpu->now(), pausedAt);
    QCOMPARE(cpu->timeRange(), range);
    QVERIFY(!panel.refresh());

    // Resumed: they catch up at once and move on.
    m_clock->resume();
    m_elapsedMs += 60'000;
    QTRY_VERIFY_WITH_TIMEOUT(held->isHidden(), 3000);
    QTRY_COMPARE_WITH_TIMEOUT(cpu->now(), pausedAt + 60'000, 3000);
    QVERIFY(cpu->timeRange().second > range.second);
}

void TestMetricChart::serviceMetricsTabShowsTheSimulatedUsage()
{
    startSystem();
    createBusyService(60, 30);
    runToNextMinute(); // the minute the load began
    const qint64 firstFull = now();
    for (int m = 0; m < 4; ++m)
        runToNextMinute();

    ServiceDetailPane pane(*m_cp);
    pane.resize(1280, 800);
    const std::optional<Service> service = m_cp->services().find(kCluster, u"web"_s);
    QVERIFY(service);
    pane.showService(kCluster, service, false);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    QVERIFY(pane.showTab(u"serviceMetricsTab"_s));
    MetricsPanel *panel = pane.metricsPanel();
    QVERIFY(panel->isVisible());
    QVERIFY(panel->refresh());

    MetricChart *cpu = panel->chart(u"CPU utilization"_s);
    MetricChart *memory = panel->chart(u"Memory utilization"_s);
    QVERIFY(cpu && memory);
    QCOMPARE(cpu->seriesName(0), u"Average"_s);
    QCOMPARE(cpu->seriesName(1), u"Maximum"_s);
    // The whole minutes at the load: 60 % CPU and 30 % memory, in both the data and the drawn lines.
    for (const auto &[chart, value] : {std::pair{cpu, 60.0}, std::pair{memory, 30.0}}) {
        for (int s = 0; s < 2; ++s) {
            int full = 0;
            for (const metrics::Point &p : chart->seriesPoints(s))
                if (p.t >= firstFull) {
                    QVERIFY2(qAbs(p.v - value) < 1e-6, qPrintable(chart->title() + u": "_s + QString::number(p.v)));
                    ++full;
                }
            QCOMPARE(full, 4);
            int drawn = 0;
            for (const QPointF &p : chart->drawnPoints(s))
                drawn += qint64(p.x()) >= firstFull && qAbs(p.y() - value) < 1e-6;
            QVERIFY(drawn >= 2);
        }
        QCOMPARE(chart->valueRange(), (std::pair<double, double>(0, 100)));
    }
}

QTEST_MAIN(TestMetricChart)
#include "TestMetricChart.moc"
