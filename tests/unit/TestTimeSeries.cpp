// TestTimeSeries: the ring buffer behind every metric chart and alarm, and the arithmetic that
// turns cumulative counters into rates the way `docker stats` does.

#include "metrics/StatsMath.h"
#include "metrics/TimeSeries.h"

#include <QTest>

#include <cmath>

using namespace fd::metrics;

namespace {

constexpr double kNaN = DerivedSample::nan();

// Points at t = start, start+step, ... with the given values.
TimeSeries seriesOf(qsizetype capacity, const QList<double> &values, qint64 start = 0, qint64 step = 1000)
{
    TimeSeries s(capacity);
    for (qsizetype i = 0; i < values.size(); ++i)
        s.append(start + i * step, values[i]);
    return s;
}

// QCOMPARE treats NaN == NaN as equal for doubles, which is what these tables want.
RawSample raw(qint64 t, quint64 cpuNs, quint64 systemNs, quint64 rx = 0, quint64 tx = 0)
{
    RawSample s;
    s.timestampMs = t;
    s.parts = RawSample::Cpu | RawSample::Memory | RawSample::Network | RawSample::Block;
    s.cpuUsageNs = cpuNs;
    s.systemCpuNs = systemNs;
    s.onlineCpus = 2;
    s.memoryUsedBytes = 1000;
    s.memoryLimitBytes = 4000;
    s.netRxBytes = rx;
    s.netTxBytes = tx;
    return s;
}

} // namespace

class TestTimeSeries final : public QObject
{
    Q_OBJECT

private slots:
    void ring_data();
    void ring();
    void appendRejects_data();
    void appendRejects();
    void window();
    void packedKeepsTimesAndValues_data();
    void packedKeepsTimesAndValues();
    void packedRebasesAfterWeeks();
    void aggregate_data();
    void aggregate();
    void downsample_data();
    void downsample();
    void counterRate_data();
    void counterRate();
    void cpuPercent_data();
    void cpuPercent();
    void memoryUsed_data();
    void memoryUsed();
    void deriveSequence_data();
    void deriveSequence();
};

void TestTimeSeries::ring_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("appended");
    QTest::addColumn<int>("expectSize");
    QTest::addColumn<qint64>("expectFirstT");
    QTest::addColumn<qint64>("expectLastT");

    QTest::newRow("empty") << 4 << 0 << 0 << qint64(-1) << qint64(-1);
    QTest::newRow("partly filled") << 4 << 3 << 3 << qint64(0) << qint64(2000);
    QTest::newRow("exactly full") << 4 << 4 << 4 << qint64(0) << qint64(3000);
    QTest::newRow("wrapped once by one") << 4 << 5 << 4 << qint64(1000) << qint64(4000);
    QTest::newRow("wrapped several times") << 4 << 11 << 4 << qint64(7000) << qint64(10000);
    QTest::newRow("capacity one keeps the newest") << 1 << 3 << 1 << qint64(2000) << qint64(2000);
    QTest::newRow("one hour at 1 Hz, plus a minute") << 3600 << 3660 << 3600 << qint64(60000) << qint64(3659000);
}

void TestTimeSeries::ring()
{
    QFETCH(int, capacity);
    QFETCH(int, appended);
    QFETCH(int, expectSize);
    QFETCH(qint64, expectFirstT);
    QFETCH(qint64, expectLastT);

    TimeSeries s(capacity);
    for (int i = 0; i < appended; ++i)
        QVERIFY(s.append(i * 1000LL, double(i)));

    QCOMPARE(s.capacity(), capacity);
    QCOMPARE(s.size(), expectSize);
    if (expectSize == 0) {
        QVERIFY(!s.first());
        QVERIFY(!s.last());
        return;
    }
    QCOMPARE(s.first()->t, expectFirstT);
    QCOMPARE(s.last()->t, expectLastT);
    // Oldest to newest, consecutive, and each value is still tied to its own timestamp.
    for (qsizetype i = 0; i < s.size(); ++i) {
        QCOMPARE(s.at(i).t, expectFirstT + i * 1000);
        QCOMPARE(s.at(i).v, double(s.at(i).t / 1000));
    }
    QCOMPARE(qsizetype(s.points().size()), s.size());
}

void TestTimeSeries::appendRejects_data()
{
    QTest::addColumn<qint64>("t");
    QTest::addColumn<double>("v");
    QTest::addColumn<bool>("expectStored");
    QTest::addColumn<double>("expectLastV");

    // The series holds (1000, 1) and (2000, 2) before each row.
    QTest::newRow("later point") << qint64(3000) << 3.0 << true << 3.0;
    QTest::newRow("duplicate timestamp reuses the last value") << qint64(2000) << 9.0 << false << 2.0;
    QTest::newRow("older timestamp (clock stepped back)") << qint64(1500) << 9.0 << false << 2.0;
    QTest::newRow("NaN: a rate with no value yet") << qint64(3000) << kNaN << false << 2.0;
    QTest::newRow("infinity") << qint64(3000) << std::numeric_limits<double>::infinity() << false << 2.0;
    QTest::newRow("zero is a value") << qint64(3000) << 0.0 << true << 0.0;
}

void TestTimeSeries::appendRejects()
{
    QFETCH(qint64, t);
    QFETCH(double, v);
    QFETCH(bool, expectStored);
    QFETCH(double, expectLastV);

    TimeSeries s(8);
    QVERIFY(s.append(1000, 1.0));
    QVERIFY(s.append(2000, 2.0));
    QCOMPARE(s.append(t, v), expectStored);
    QCOMPARE(s.size(), expectStored ? 3 : 2);
    QCOMPARE(s.last()->v, expectLastV);
}

void TestTimeSeries::window()
{
    // 10 points at 0..9 s in a ring of 6: 4..9 s remain.
    const TimeSeries s = seriesOf(6, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    const std::vector<Point> mid = s.points(5000, 7500);
    QCOMPARE(mid.size(), std::size_t(3));
    QCOMPARE(mid.front(), (Point{5000, 5.0}));
    QCOMPARE(mid.back(), (Point{7000, 7.0}));
    QCOMPARE(s.points(0, 3999).size(), std::size_t(0)); // overwritten
    QCOMPARE(s.points(9000, 9000).size(), std::size_t(1));
    QCOMPARE(s.points(9001, 20000).size(), std::size_t(0));
    QCOMPARE(s.points(7000, 5000).size(), std::size_t(0)); // reversed window
}

void TestTimeSeries::aggregate_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<QList<double>>("values"); // at t = 0, 1000, 2000, ...
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<int>("minPoints");
    QTest::addColumn<bool>("expectAnswer");
    QTest::addColumn<double>("expectMin");
    QTest::addColumn<double>("expectMax");
    QTest::addColumn<double>("expectSum");
    QTest::addColumn<int>("expectCount");
    QTest::addColumn<double>("expectAvg");

    const QList<double> five{4.0, 1.0, 7.0, 2.0, 6.0};
    QTest::newRow("whole series") << 10 << five << qint64(0) << qint64(4000) << 2 << true << 1.0 << 7.0 << 20.0 << 5
                                  << 4.0;
    QTest::newRow("window inside") << 10 << five << qint64(1000) << qint64(3000) << 2 << true << 1.0 << 7.0 << 10.0 << 3
                                   << (10.0 / 3);
    QTest::newRow("window bounds between points")
        << 10 << five << qint64(500) << qint64(2500) << 2 << true << 1.0 << 7.0 << 8.0 << 2 << 4.0;
    QTest::newRow("one point refuses") << 10 << five << qint64(3500) << qint64(9000) << 2 << false << 0.0 << 0.0 << 0.0
                                       << 0 << 0.0;
    QTest::newRow("one point allowed when asked")
        << 10 << five << qint64(3500) << qint64(9000) << 1 << true << 6.0 << 6.0 << 6.0 << 1 << 6.0;
    QTest::newRow("empty series refuses")
        << 10 << QList<double>{} << qint64(0) << qint64(9000) << 1 << false << 0.0 << 0.0 << 0.0 << 0 << 0.0;
    QTest::newRow("empty window refuses")
        << 10 << five << qint64(10000) << qint64(20000) << 1 << false << 0.0 << 0.0 << 0.0 << 0 << 0.0;
    // Ring of 3 after 5 points keeps 7, 2, 6 (t = 2..4 s): the overwritten 4 and 1 must not count.
    QTest::newRow("after wraparound only kept points")
        << 3 << five << qint64(0) << qint64(9000) << 2 << true << 2.0 << 7.0 << 15.0 << 3 << 5.0;
    QTest::newRow("negative values") << 10 << QList<double>{-3.0, 3.0} << qint64(0) << qint64(1000) << 2 << true << -3.0
                                     << 3.0 << 0.0 << 2 << 0.0;
}

void TestTimeSeries::aggregate()
{
    QFETCH(int, capacity);
    QFETCH(QList<double>, values);
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(int, minPoints);
    QFETCH(bool, expectAnswer);

    const TimeSeries s = seriesOf(capacity, values);
    const std::optional<Aggregate> a = s.aggregate(from, to, minPoints);
    QCOMPARE(a.has_value(), expectAnswer);
    if (!a)
        return;
    QTEST(a->min, "expectMin");
    QTEST(a->max, "expectMax");
    QTEST(a->sum, "expectSum");
    QTEST(int(a->count), "expectCount");
    QTEST(a->avg, "expectAvg");
}

void TestTimeSeries::downsample_data()
{
    QTest::addColumn<QList<double>>("values"); // at t = 0, 1000, 2000, ...
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<int>("buckets");
    QTest::addColumn<QList<qint64>>("expectT");
    QTest::addColumn<QList<double>>("expectV");

    const QList<double> six{1, 3, 5, 7, 9, 11};
    // 6 s into 3 slices of 2 s: (0,1 s), (2,3 s), (4,5 s) averaged.
    QTest::newRow("pairs") << six << qint64(0) << qint64(5999) << 3 << QList<qint64>{500, 2500, 4500}
                           << QList<double>{2, 6, 10};
    QTest::newRow("one bucket is the mean")
        << six << qint64(0) << qint64(5999) << 1 << QList<qint64>{2500} << QList<double>{6};
    QTest::newRow("more buckets than points keeps the points")
        << six << qint64(0) << qint64(5999) << 100 << QList<qint64>{0, 1000, 2000, 3000, 4000, 5000} << six;
    // Slices of 2 s over 0..7.999 s, but no points after 5 s: the 4th slice is empty, not zero.
    QTest::newRow("gap stays a gap") << six << qint64(0) << qint64(7999) << 4 << QList<qint64>{500, 2500, 4500}
                                     << QList<double>{2, 6, 10};
    QTest::newRow("window subset") << six << qint64(2000) << qint64(3999) << 2 << QList<qint64>{2000, 3000}
                                   << QList<double>{5, 7};
    // 6 s into 4 slices of 1.5 s: {0, 1}, {2}, {3, 4}, {5}.
    QTest::newRow("uneven split") << six << qint64(0) << qint64(5999) << 4 << QList<qint64>{500, 2000, 3500, 5000}
                                  << QList<double>{2, 5, 8, 11};
    QTest::newRow("zero buckets") << six << qint64(0) << qint64(5999) << 0 << QList<qint64>{} << QList<double>{};
    QTest::newRow("empty window") << six << qint64(9000) << qint64(9999) << 3 << QList<qint64>{} << QList<double>{};
}

void TestTimeSeries::downsample()
{
    QFETCH(QList<double>, values);
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(int, buckets);
    QFETCH(QList<qint64>, expectT);
    QFETCH(QList<double>, expectV);

    const TimeSeries s = seriesOf(100, values);
    const std::vector<Point> out = s.downsample(from, to, buckets);
    QList<qint64> ts;
    QList<double> vs;
    for (const Point &p : out) {
        ts.append(p.t);
        vs.append(p.v);
    }
    QCOMPARE(ts, expectT);
    QCOMPARE(vs, expectV);
}

void TestTimeSeries::counterRate_data()
{
    QTest::addColumn<qint64>("prevT");
    QTest::addColumn<quint64>("prev");
    QTest::addColumn<qint64>("curT");
    QTest::addColumn<quint64>("cur");
    QTest::addColumn<double>("expect");

    QTest::newRow("steady") << qint64(0) << quint64(1000) << qint64(2000) << quint64(251000) << 125000.0;
    QTest::newRow("idle is zero, not missing") << qint64(0) << quint64(500) << qint64(1000) << quint64(500) << 0.0;
    QTest::newRow("reset: counter went down") << qint64(0) << quint64(90000) << qint64(1000) << quint64(100) << kNaN;
    QTest::newRow("duplicate timestamp") << qint64(1000) << quint64(0) << qint64(1000) << quint64(50) << kNaN;
    QTest::newRow("time went backwards") << qint64(2000) << quint64(0) << qint64(1000) << quint64(50) << kNaN;
    // 64-bit counters past 2^53: the delta is taken in integers before converting.
    QTest::newRow("huge counters") << qint64(0) << quint64(9007199254740993ULL) << qint64(1000)
                                   << quint64(9007199254741993ULL) << 1000.0;
    QTest::newRow("uneven interval") << qint64(0) << quint64(0) << qint64(1100) << quint64(1100) << 1000.0;
}

void TestTimeSeries::counterRate()
{
    QFETCH(qint64, prevT);
    QFETCH(quint64, prev);
    QFETCH(qint64, curT);
    QFETCH(quint64, cur);
    QFETCH(double, expect);
    QCOMPARE(fd::metrics::counterRate(prevT, prev, curT, cur), expect);
}

void TestTimeSeries::cpuPercent_data()
{
    QTest::addColumn<quint64>("prevCpu");
    QTest::addColumn<quint64>("curCpu");
    QTest::addColumn<quint64>("prevSys");
    QTest::addColumn<quint64>("curSys");
    QTest::addColumn<uint>("cpus");
    QTest::addColumn<double>("expect");

    // 2 CPUs, 1 s wall: the host counter advances 2 s (both cores).
    QTest::newRow("half a core") << quint64(0) << quint64(500000000) << quint64(0) << quint64(2000000000) << 2u << 50.0;
    QTest::newRow("both cores busy is 200")
        << quint64(0) << quint64(2000000000) << quint64(0) << quint64(2000000000) << 2u << 200.0;
    QTest::newRow("idle container is 0") << quint64(7) << quint64(7) << quint64(0) << quint64(2000000000) << 2u << 0.0;
    QTest::newRow("one of 4 cores") << quint64(0) << quint64(1000000000) << quint64(0) << quint64(4000000000ULL) << 4u
                                    << 100.0;
    QTest::newRow("reset: container counter went down")
        << quint64(900) << quint64(100) << quint64(0) << quint64(2000000000) << 2u << kNaN;
    QTest::newRow("host counter did not move") << quint64(0) << quint64(100) << quint64(5) << quint64(5) << 2u << kNaN;
    QTest::newRow("no cpu count") << quint64(0) << quint64(100) << quint64(0) << quint64(2000) << 0u << kNaN;
}

void TestTimeSeries::cpuPercent()
{
    QFETCH(quint64, prevCpu);
    QFETCH(quint64, curCpu);
    QFETCH(quint64, prevSys);
    QFETCH(quint64, curSys);
    QFETCH(uint, cpus);
    QFETCH(double, expect);
    QCOMPARE(fd::metrics::cpuPercent(prevCpu, curCpu, prevSys, curSys, cpus), expect);
}

void TestTimeSeries::memoryUsed_data()
{
    QTest::addColumn<quint64>("usage");
    QTest::addColumn<qint64>("totalInactiveFile"); // -1: key absent
    QTest::addColumn<qint64>("inactiveFile");
    QTest::addColumn<qint64>("cache");
    QTest::addColumn<quint64>("expect");

    QTest::newRow("v1: minus total_inactive_file")
        << quint64(716800) << qint64(81920) << qint64(-1) << qint64(90000) << quint64(634880);
    QTest::newRow("v2: minus inactive_file")
        << quint64(716800) << qint64(-1) << qint64(16384) << qint64(-1) << quint64(700416);
    // The CLI falls through to the v2 key when the v1 value is not smaller than usage.
    QTest::newRow("v1 value too big falls through")
        << quint64(1000) << qint64(1000) << qint64(100) << qint64(-1) << quint64(900);
    QTest::newRow("inactive larger than usage: usage")
        << quint64(1000) << qint64(-1) << qint64(5000) << qint64(-1) << quint64(1000);
    QTest::newRow("old kernel: only cache") << quint64(1000) << qint64(-1) << qint64(-1) << qint64(300) << quint64(700);
    QTest::newRow("nothing to subtract") << quint64(1000) << qint64(-1) << qint64(-1) << qint64(-1) << quint64(1000);
}

void TestTimeSeries::memoryUsed()
{
    QFETCH(quint64, usage);
    QFETCH(qint64, totalInactiveFile);
    QFETCH(qint64, inactiveFile);
    QFETCH(qint64, cache);
    QFETCH(quint64, expect);
    const auto opt = [](qint64 v) { return v < 0 ? std::nullopt : std::optional<quint64>(quint64(v)); };
    QCOMPARE(dockerMemoryUsed(usage, opt(totalInactiveFile), opt(inactiveFile), opt(cache)), expect);
}

void TestTimeSeries::deriveSequence_data()
{
    // Each row feeds a sequence of raw samples through derive() exactly as StatsCollector does
    // (a duplicate keeps the old baseline) and checks the CPU % and rx B/s after each one.
    QTest::addColumn<QList<qint64>>("times");
    QTest::addColumn<QList<double>>("cpuSeconds"); // container CPU, cumulative
    QTest::addColumn<QList<double>>("rxBytes");    // cumulative
    QTest::addColumn<QList<double>>("expectCpu");
    QTest::addColumn<QList<double>>("expectRx");

    // Host: 2 CPUs, so its counter advances 2 s per wall second.
    QTest::newRow("first sample has no rate")
        << QList<qint64>{0, 1000, 2000} << QList<double>{1.0, 1.5, 1.5} << QList<double>{0, 100, 300}
        << QList<double>{kNaN, 50, 0} << QList<double>{kNaN, 100, 200};
    QTest::newRow("counter reset gives no point, then resumes")
        << QList<qint64>{0, 1000, 2000, 3000} << QList<double>{5.0, 5.5, 0.1, 0.3} << QList<double>{1000, 2000, 10, 110}
        << QList<double>{kNaN, 50, kNaN, 20} << QList<double>{kNaN, 1000, kNaN, 100};
    // The duplicate reuses the last rate; the next rate is measured from the kept baseline at
    // 1000 ms: 0.5 s of CPU over 2 s of host time on 2 CPUs = 0.5 / 2 * 2 * 100 = 50 %, and
    // 300 - 100 bytes over 1 s = 200 B/s.
    QTest::newRow("duplicate timestamp reuses the last value")
        << QList<qint64>{0, 1000, 1000, 2000} << QList<double>{1.0, 1.5, 1.9, 2.0} << QList<double>{0, 100, 150, 300}
        << QList<double>{kNaN, 50, 50, 50} << QList<double>{kNaN, 100, 100, 200};
}

void TestTimeSeries::deriveSequence()
{
    QFETCH(QList<qint64>, times);
    QFETCH(QList<double>, cpuSeconds);
    QFETCH(QList<double>, rxBytes);
    QFETCH(QList<double>, expectCpu);
    QFETCH(QList<double>, expectRx);

    std::optional<RawSample> prev;
    DerivedSample last;
    TimeSeries cpuSeries(16);
    int points = 0;
    for (qsizetype i = 0; i < times.size(); ++i) {
        const RawSample cur = raw(times[i], quint64(std::llround(cpuSeconds[i] * 1e9)),
                                  quint64(times[i]) * 2000000ULL + 1000000000ULL, quint64(rxBytes[i]));
        const DerivedSample d = derive(prev ? &*prev : nullptr, cur, last);
        if (!prev || !isDuplicate(*prev, cur))
            prev = cur;
        last = d;
        const QByteArray where = "sample " + QByteArray::number(i);
        QVERIFY2(std::isnan(expectCpu[i]) ? std::isnan(d[Metric::CpuPercent])
                                          : std::abs(d[Metric::CpuPercent] - expectCpu[i]) < 1e-9,
                 where + " cpu " + QByteArray::number(d[Metric::CpuPercent]));
        QVERIFY2(std::isnan(expectRx[i]) ? std::isnan(d[Metric::NetRxBps])
                                         : std::abs(d[Metric::NetRxBps] - expectRx[i]) < 1e-9,
                 where + " rx " + QByteArray::number(d[Metric::NetRxBps]));
        // Gauges never depend on the previous sample.
        QCOMPARE(d[Metric::MemoryBytes], 1000.0);
        QCOMPARE(d[Metric::MemoryPercent], 25.0);
        if (cpuSeries.append(cur.timestampMs, d[Metric::CpuPercent]))
            ++points;
    }
    // NaN rates and duplicates add no point to the series.
    int expectPoints = 0;
    for (qsizetype i = 0; i < times.size(); ++i)
        expectPoints += !std::isnan(expectCpu[i]) && (i == 0 || times[i] > times[i - 1]) ? 1 : 0;
    QCOMPARE(points, expectPoints);
}

// Points are stored packed (a 32-bit ms offset and a float): what a chart, an alarm or a CSV export
// reads back must still be the epoch time to the millisecond and the value to 7 digits.
void TestTimeSeries::packedKeepsTimesAndValues_data()
{
    QTest::addColumn<qint64>("t");
    QTest::addColumn<double>("value");
    QTest::addColumn<double>("tolerance");
    QTest::newRow("epoch ms of 2026, a CPU %") << qint64(1796567400123) << 37.25 << 0.0;
    QTest::newRow("memory bytes, exact below 2^24 MiB steps") << qint64(1796567400123) << 41943040.0 << 0.0;
    QTest::newRow("memory bytes, 7 digits") << qint64(1796567400123) << 1234567891.0 << 1234567891.0 * 1e-7;
    QTest::newRow("a tenth of a percent") << qint64(1) << 0.1 << 1e-8;
    QTest::newRow("bytes/s of a busy link") << qint64(1796567400123) << 1.25e9 << 1.25e9 * 1e-7;
    QTest::newRow("negative (a gauge below zero)") << qint64(1796567400123) << -3.5 << 0.0;
}

void TestTimeSeries::packedKeepsTimesAndValues()
{
    QFETCH(qint64, t);
    QFETCH(double, value);
    QFETCH(double, tolerance);
    TimeSeries s(10);
    QVERIFY(s.append(t, 1.0));
    QVERIFY(s.append(t + 999, value));
    QCOMPARE(s.last()->t, t + 999);
    QVERIFY2(std::abs(s.last()->v - value) <= tolerance,
             qPrintable(QStringLiteral("%1 read back as %2").arg(value, 0, 'g', 17).arg(s.last()->v, 0, 'g', 17)));
    // A value out of a float's range is refused, not stored as infinity.
    QVERIFY(!s.append(t + 2000, 1e39));
    QCOMPARE(s.size(), 2);
}

void TestTimeSeries::packedRebasesAfterWeeks()
{
    constexpr qint64 day = 24LL * 3600 * 1000;
    const qint64 t0 = 1796567400000;
    TimeSeries s(3);
    QVERIFY(s.append(t0, 1.0));
    QVERIFY(s.append(t0 + 30 * day, 2.0));
    QVERIFY(s.append(t0 + 45 * day, 3.0));
    QVERIFY(s.append(t0 + 60 * day, 4.0)); // 60 days after the base: the base moves to the oldest kept
    QCOMPARE(s.size(), 3);
    QCOMPARE(s.at(0).t, t0 + 30 * day);
    QCOMPARE(s.at(2).t, t0 + 60 * day);
    QCOMPARE(s.at(2).v, 4.0);
    QCOMPARE(s.points(t0 + 44 * day, t0 + 61 * day).size(), std::size_t(2));
    QVERIFY(s.append(t0 + 200 * day, 5.0)); // 140 days after everything kept: only this point
    QCOMPARE(s.size(), 1);
    QCOMPARE(s.first()->t, t0 + 200 * day);
    QCOMPARE(s.first()->v, 5.0);
}

QTEST_APPLESS_MAIN(TestTimeSeries)
#include "TestTimeSeries.moc"
