// The CloudWatch-shaped metric store: identities as CloudWatch checks them, statistics per period
// aligned as CloudWatch aligns them, percentiles by nearest rank (and none where CloudWatch has
// none), retention of an hour at full resolution then minute aggregates to 24 hours, the
// control plane's clock rather than the wall clock, and CSV export.

#include "Clock.h"
#include "metrics/MetricCsv.h"
#include "metrics/MetricStore.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace fd::metrics;

namespace {

const QDateTime kStart = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);
constexpr qint64 kMin = 60000;

MetricId cpuOf(const QString &service)
{
    return makeMetricId(
               QStringLiteral("AWS/ECS"), QStringLiteral("CPUUtilization"),
               {{QStringLiteral("ServiceName"), service}, {QStringLiteral("ClusterName"), QStringLiteral("c")}})
        .value();
}

MetricDatum valueAt(const MetricId &id, qint64 tMs, double v, int resolution = 1)
{
    MetricDatum d;
    d.metric = id;
    d.timestampMs = tMs;
    d.value = v;
    d.unit = StandardUnit::Percent;
    d.storageResolution = resolution;
    return d;
}

StatisticsQuery query(const MetricId &id, qint64 from, qint64 to, int period)
{
    StatisticsQuery q;
    q.metric = id;
    q.startMs = from;
    q.endMs = to;
    q.periodSeconds = period;
    q.statistics = {Statistic::SampleCount, Statistic::Average, Statistic::Sum, Statistic::Minimum, Statistic::Maximum};
    return q;
}

} // namespace

class TestMetricStore final : public QObject
{
    Q_OBJECT

private slots:
    void identitiesAreSortedAndChecked();
    void badIdentities_data();
    void badIdentities();
    void badDatums_data();
    void badDatums();
    void periods_data();
    void periods();
    void statisticsPerAlignedPeriod();
    void alignment_data();
    void alignment();
    void tooManyDatapointsIsRefused();
    void statisticSetsAndUnits();
    void percentiles();
    void percentileSyntax_data();
    void percentileSyntax();
    void usesTheControlPlaneClock();
    void oldDataIsDownsampledExactly();
    void memoryIsBounded();
    void listMetricsFilters();
    void csvExport();
};

void TestMetricStore::identitiesAreSortedAndChecked()
{
    const MetricId a = cpuOf(QStringLiteral("web"));
    QCOMPARE(a.dimensions.front().name, QStringLiteral("ClusterName")); // sorted by name
    const MetricId b = makeMetricId(QStringLiteral("AWS/ECS"), QStringLiteral("CPUUtilization"),
                                    {{QStringLiteral("ClusterName"), QStringLiteral("c")},
                                     {QStringLiteral("ServiceName"), QStringLiteral("web")}})
                           .value();
    QCOMPARE(a, b);
    QCOMPARE(a.key(), b.key());
    QVERIFY(a.key() != cpuOf(QStringLiteral("api")).key());
}

void TestMetricStore::badIdentities_data()
{
    QTest::addColumn<QString>("ns");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("dimensionCount");
    QTest::addColumn<QString>("duplicate");
    QTest::addColumn<QString>("field");

    QTest::newRow("empty namespace") << QString() << QStringLiteral("m") << 0 << QString()
                                     << QStringLiteral("Namespace");
    QTest::newRow("empty metric name") << QStringLiteral("N") << QString() << 0 << QString()
                                       << QStringLiteral("MetricName");
    QTest::newRow("256-character name") << QStringLiteral("N") << QString(256, u'x') << 0 << QString()
                                        << QStringLiteral("MetricName");
    QTest::newRow("31 dimensions (limit 30)")
        << QStringLiteral("N") << QStringLiteral("m") << 31 << QString() << QStringLiteral("Dimensions");
    QTest::newRow("same dimension twice")
        << QStringLiteral("N") << QStringLiteral("m") << 2 << QStringLiteral("d0") << QStringLiteral("Dimensions");
    QTest::newRow("empty dimension value") << QStringLiteral("N") << QStringLiteral("m") << 1 << QStringLiteral("")
                                           << QStringLiteral("Dimensions[0].Value");
}

void TestMetricStore::badIdentities()
{
    QFETCH(QString, ns);
    QFETCH(QString, name);
    QFETCH(int, dimensionCount);
    QFETCH(QString, duplicate);
    QFETCH(QString, field);

    std::vector<Dimension> dims;
    for (int i = 0; i < dimensionCount; ++i)
        dims.push_back({duplicate.isNull() ? QStringLiteral("d%1").arg(i) : QStringLiteral("d0"),
                        duplicate.isNull() || !duplicate.isEmpty() ? QStringLiteral("v") : QString()});
    const auto r = makeMetricId(ns, name, dims);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("InvalidParameterValue"));
    QCOMPARE(r.error().field, field);
    QVERIFY(!r.error().message.isEmpty());

    // 30 dimensions is allowed.
    std::vector<Dimension> thirty;
    for (int i = 0; i < 30; ++i)
        thirty.push_back({QStringLiteral("d%1").arg(i), QStringLiteral("v")});
    QVERIFY(makeMetricId(QStringLiteral("N"), QStringLiteral("m"), thirty).ok());
}

void TestMetricStore::badDatums_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");

    QTest::newRow("NaN value") << 0 << "InvalidParameterValue"
                               << "Value";
    QTest::newRow("infinite value") << 1 << "InvalidParameterValue"
                                    << "Value";
    QTest::newRow("value and statistic values") << 2 << "InvalidParameterCombination"
                                                << "Value";
    QTest::newRow("neither") << 3 << "InvalidParameterCombination"
                             << "Value";
    QTest::newRow("sample count 0") << 4 << "InvalidParameterValue"
                                    << "StatisticValues.SampleCount";
    QTest::newRow("minimum above maximum") << 5 << "InvalidParameterValue"
                                           << "StatisticValues.Minimum";
    QTest::newRow("storage resolution 30") << 6 << "InvalidParameterValue"
                                           << "StorageResolution";
    QTest::newRow("25 hours old") << 7 << "InvalidParameterValue"
                                  << "Timestamp";
    QTest::newRow("3 hours ahead") << 8 << "InvalidParameterValue"
                                   << "Timestamp";
    QTest::newRow("32 dimensions") << 9 << "InvalidParameterValue"
                                   << "Dimensions";
}

void TestMetricStore::badDatums()
{
    QFETCH(int, kind);
    QFETCH(QString, code);
    QFETCH(QString, field);

    fd::ManualClock clock(kStart);
    MetricStore store(clock);
    const qint64 now = kStart.toMSecsSinceEpoch();
    MetricDatum d = valueAt(cpuOf(QStringLiteral("web")), now, 1.0);
    switch (kind) {
    case 0:
        d.value = std::numeric_limits<double>::quiet_NaN();
        break;
    case 1:
        d.value = std::numeric_limits<double>::infinity();
        break;
    case 2:
        d.statisticValues = StatisticValues{1, 1, 1, 1};
        break;
    case 3:
        d.value.reset();
        break;
    case 4:
        d.value.reset();
        d.statisticValues = StatisticValues{0, 1, 1, 1};
        break;
    case 5:
        d.value.reset();
        d.statisticValues = StatisticValues{2, 3, 2, 1};
        break;
    case 6:
        d.storageResolution = 30;
        break;
    case 7:
        d.timestampMs = now - 25 * 60 * kMin;
        break;
    case 8:
        d.timestampMs = now + 3 * 60 * kMin;
        break;
    case 9:
        for (int i = 0; i < 32; ++i)
            d.metric.dimensions.push_back({QStringLiteral("x%1").arg(i), QStringLiteral("v")});
        break;
    }
    const fd::Status s = store.put(d);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, code);
    QCOMPARE(s.error().field, field);
    QCOMPARE(store.metricCount(), 0); // nothing stored
}

void TestMetricStore::periods_data()
{
    QTest::addColumn<int>("period");
    QTest::addColumn<bool>("ok");
    for (int p : {1, 5, 10, 20, 30, 60, 120, 300, 86400})
        QTest::newRow(qPrintable(QStringLiteral("%1 s allowed").arg(p))) << p << true;
    for (int p : {0, -60, 2, 15, 45, 61, 90})
        QTest::newRow(qPrintable(QStringLiteral("%1 s refused").arg(p))) << p << false;
}

void TestMetricStore::periods()
{
    QFETCH(int, period);
    QFETCH(bool, ok);
    QCOMPARE(checkPeriod(period).ok(), ok);

    fd::ManualClock clock(kStart);
    MetricStore store(clock);
    const qint64 now = kStart.toMSecsSinceEpoch();
    const auto r = store.statistics(query(cpuOf(QStringLiteral("web")), now - 60 * kMin, now, period));
    if (!ok) {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().field, QStringLiteral("Period"));
        QVERIFY(r.error().message.contains(QString::number(period)));
    } else if (period >= 5) { // (1 s over an hour is 3,600 periods: refused, see below)
        QVERIFY(r.ok());      // an unknown metric has no datapoints, and that is not an error
        QVERIFY(r->empty());
    }
}

void TestMetricStore::statisticsPerAlignedPeriod()
{
    fd::ManualClock clock(kStart);
    MetricStore store(clock);
    const MetricId id = cpuOf(QStringLiteral("web"));
    const qint64 t0 = kStart.toMSecsSinceEpoch();
    // Minute 0: values 1..60 at 1 Hz; minute 1: nothing; minute 2: 60 values of 10.
    clock.advance(3 * kMin);
    for (int i = 0; i < 60; ++i) {
        QVERIFY(store.put(valueAt(id, t0 + i * 1000, i + 1)).ok());
        QVERIFY(store.put(valueAt(id, t0 + 2 * kMin + i * 1000, 10)).ok());
    }
    const auto r = store.statistics(query(id, t0, t0 + 3 * kMin, 60));
    QVERIFY(r.ok());
    QCOMPARE(r->size(), std::size_t(2)); // the empty minute is omitted
    const StatisticsDatapoint &a = r->at(0);
    QCOMPARE(a.timestampMs, t0);
    QCOMPARE(*a.sampleCount, 60.0);
    QCOMPARE(*a.sum, 1830.0);
    QCOMPARE(*a.average, 30.5);
    QCOMPARE(*a.minimum, 1.0);
    QCOMPARE(*a.maximum, 60.0);
    QCOMPARE(toString(a.unit), QStringLiteral("Percent"));
    QCOMPARE(r->at(1).timestampMs, t0 + 2 * kMin);
    QCOMPARE(*r->at(1).average, 10.0);

    // End is exclusive: [t0, t0 + 30 s) holds 30 values.
    const auto half = store.statistics(query(id, t0, t0 + 30000, 10));
    QCOMPARE(half->size(), std::size_t(3));
    QCOMPARE(*half->at(2).sum, 21.0 + 22 + 23 + 24 + 25 + 26 + 27 + 28 + 29 + 30);
}

void TestMetricStore::alignment_data()
{
    QTest::addColumn<QTime>("start");
    QTest::addColumn<int>("period");
    QTest::addColumn<QTime>("first");
    QTest::newRow("60 s: whole minute below") << QTime(12, 32, 34) << 60 << QTime(12, 32, 0);
    QTest::newRow("300 s: still the minute, not 12:30") << QTime(12, 32, 34) << 300 << QTime(12, 32, 0);
    QTest::newRow("10 s: 01:05:23 -> 01:05:20") << QTime(1, 5, 23) << 10 << QTime(1, 5, 20);
    QTest::newRow("5 s: 15:02:17 -> 15:02:15") << QTime(15, 2, 17) << 5 << QTime(15, 2, 15);
    QTest::newRow("1 s: drops milliseconds") << QTime(9, 0, 1, 750) << 1 << QTime(9, 0, 1);
}

void TestMetricStore::alignment()
{
    QFETCH(QTime, start);
    QFETCH(int, period);
    QFETCH(QTime, first);
    const QDate day(2026, 1, 1);
    QCOMPARE(alignedStart(QDateTime(day, start, Qt::UTC).toMSecsSinceEpoch(), period),
             QDateTime(day, first, Qt::UTC).toMSecsSinceEpoch());
}

void TestMetricStore::tooManyDatapointsIsRefused()
{
    fd::ManualClock clock(kStart);
    MetricStore store(clock);
    const qint64 now = kStart.toMSecsSinceEpoch();
    const auto r = store.statistics(query(cpuOf(QStringLiteral("web")), now - 2 * 60 * kMin, now, 1));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("InvalidParameterCombination"));
    QVERIFY(r.error().message.contains(QStringLiteral("7200")));
    QVERIFY(store.statistics(query(cpuOf(QStringLiteral("web")), now - 24 * 60 * kMin, now, 60)).ok()); // 1,440

    StatisticsQuery both = query(cpuOf(QStringLiteral("web")), now - kMin, now, 60);
    both.extendedStatistics = {QStringLiteral("p90")};
    QCOMPARE(store.statistics(both).error().code, QStringLiteral("InvalidParameterCombination"));
    StatisticsQuery backwards = query(cpuOf(QStringLiteral("web")), now, now - kMin, 60);
    QCOMPARE(store.statistics(backwards).error().field, QStringLiteral("StartTime"));
}

void TestMetricStore::statisticSetsAndUnits()
{
    fd::ManualClock clock(kStart);
    MetricStore store(clock);
    const MetricId id = cpuOf(QStringLiteral("web"));
    const qint64 t0 = kStart.toMSecsSinceEpoch() - 5 * kMin;
    MetricDatum set;
    set.metric = id;
    set.timestampMs = t0 + 15000; // standard resolution: stored at its minute
    set.statisticValues = StatisticValues{4, 10, 1, 4};
    set.unit = StandardUnit::Percent;
    QVERIFY(store.put(set).ok());
    MetricDatum count = valueAt(id, t0 + 20000, 100, 60);
    count.unit = StandardUnit::Count;
    QVERIFY(store.put(count).ok());

    StatisticsQuery q = query(id, t0, t0 + kMin, 60);
    q.unit = StandardUnit::Percent;
    auto r = store.statistics(q);
    QCOMPARE(r->size(), std::size_t(1));
    QCOMPARE(*r->at(0).sampleCount, 4.0);
    QCOMPARE(*r->at(0).average, 2.5);
    QCOMPARE(toString(r->at(0).unit), QStringLiteral("Percent"));

    q.unit.reset(); // all units: both datums, and no single unit to report
    r = store.statistics(q);
    QCOMPARE(*r->at(0).sampleCount, 5.0);
    QCOMPARE(*r->at(0).maximum, 100.0);
    QCOMPARE(toString(r->at(0).unit), QStringLiteral("None"));

    // A 10 s query finds the standard-resolution data at the start of its minute.
    r = store.statistics(query(id, t0, t0 + kMin, 10));
    QCOMPARE(r->size(), std::size_t(1));
    QCOMPARE(r->at(0).timestampMs, t0);
}

void TestMetricStore::percentiles()
{
    fd::ManualClock clock(kStart);
    MetricStore store(clock);
    const MetricId id = cpuOf(QStringLiteral("web"));
    const qint64 t0 = kStart.toMSecsSinceEpoch() - 10 * kMin;
    for (int i = 1; i <= 100; ++i) // in a scrambled order: the answer must not depend on it
        QVERIFY(store.put(valueAt(id, t0 + ((i * 37) % 100) * 500, i)).ok());

    StatisticsQuery q = query(id, t0, t0 + kMin, 60);
    q.statistics.clear();
    q.extendedStatistics = {QStringLiteral("p50"), QStringLiteral("p99"),  QStringLiteral("p99.5"),
                            QStringLiteral("p0"),  QStringLiteral("p100"), QStringLiteral("p7")};
    auto r = store.statistics(q);
    QCOMPARE(r->size(), std::size_t(1));
    QCOMPARE(*r->at(0).getExtended(QStringLiteral("p50")), 50.0);
    QCOMPARE(*r->at(0).getExtended(QStringLiteral("p99")), 99.0);
    QCOMPARE(*r->at(0).getExtended(QStringLiteral("p99.5")), 100.0);
    QCOMPARE(*r->at(0).getExtended(QStringLiteral("p0")), 1.0);
    QCOMPARE(*r->at(0).getExtended(QStringLiteral("p100")), 100.0);
    QCOMPARE(*r->at(0).getExtended(QStringLiteral("p7")), 7.0);
    QVERIFY(!r->at(0).average); // not asked

    // A statistic set whose minimum differs from its maximum hides the individual values.
    MetricDatum set;
    set.metric = id;
    set.timestampMs = t0 + kMin;
    set.statisticValues = StatisticValues{3, 6, 1, 3};
    QVERIFY(store.put(set).ok());
    // A set of equal values counts as that many copies.
    set.timestampMs = t0 + 2 * kMin;
    set.statisticValues = StatisticValues{9, 45, 5, 5};
    QVERIFY(store.put(set).ok());
    QVERIFY(store.put(valueAt(id, t0 + 2 * kMin + 1000, 7)).ok());
    // A negative value: CloudWatch has no percentiles then.
    QVERIFY(store.put(valueAt(id, t0 + 3 * kMin, -1)).ok());

    q.endMs = t0 + 4 * kMin;
    q.extendedStatistics = {QStringLiteral("p90")};
    r = store.statistics(q);
    QCOMPARE(r->size(), std::size_t(4));
    QVERIFY(r->at(0).getExtended(QStringLiteral("p90")).has_value());
    QVERIFY(!r->at(1).getExtended(QStringLiteral("p90")).has_value());
    QCOMPARE(*r->at(2).getExtended(QStringLiteral("p90")), 5.0); // 9 fives and one 7: rank 9 is a 5
    QVERIFY(!r->at(3).getExtended(QStringLiteral("p90")).has_value());
}

void TestMetricStore::percentileSyntax_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::newRow("p99") << "p99" << true;
    QTest::newRow("p99.9") << "p99.9" << true;
    QTest::newRow("p99.99") << "p99.99" << true;
    QTest::newRow("p0.1") << "p0.1" << true;
    QTest::newRow("p100") << "p100" << true;
    QTest::newRow("p100.01 too high") << "p100.01" << false;
    QTest::newRow("p101") << "p101" << false;
    QTest::newRow("three decimals") << "p99.999" << false;
    QTest::newRow("no p") << "99" << false;
    QTest::newRow("capital P") << "P99" << false;
    QTest::newRow("trimmed mean is not a percentile") << "tm99" << false;
}

void TestMetricStore::percentileSyntax()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    const auto r = parsePercentile(text);
    QCOMPARE(r.ok(), ok);
    if (!ok) {
        QCOMPARE(r.error().field, QStringLiteral("ExtendedStatistics"));
        QVERIFY(r.error().message.contains(text));
    }
}

void TestMetricStore::usesTheControlPlaneClock()
{
    // The control plane's clock is far from the wall clock (a restored run, teaching speed): the
    // store judges timestamps by it, never by the wall clock.
    const QDateTime controlPlaneNow(QDate(2020, 6, 1), QTime(8, 0), Qt::UTC);
    fd::ManualClock clock(controlPlaneNow);
    MetricStore store(clock);
    const MetricId id = cpuOf(QStringLiteral("web"));
    QVERIFY(store.put(valueAt(id, controlPlaneNow.toMSecsSinceEpoch(), 1)).ok());
    const fd::Status wall = store.put(valueAt(id, QDateTime::currentMSecsSinceEpoch(), 1));
    QVERIFY(!wall.ok());
    QCOMPARE(wall.error().field, QStringLiteral("Timestamp"));

    // Retention follows the clock too: nothing expires until the clock moves.
    clock.advance(23 * 60 * kMin);
    store.prune();
    QCOMPARE(store.metricCount(), 1);
    clock.advance(2 * 60 * kMin);
    store.prune();
    QCOMPARE(store.metricCount(), 0);
    QVERIFY(store.listMetrics().empty());
}

void TestMetricStore::oldDataIsDownsampledExactly()
{
    fd::ManualClock clock(kStart);
    MetricStore store(clock);
    const MetricId id = cpuOf(QStringLiteral("web"));
    const qint64 t0 = kStart.toMSecsSinceEpoch();
    // Three hours at 1 Hz; value = second of the minute (0..59), so each minute has min 0, max 59.
    for (int s = 0; s < 3 * 3600; ++s) {
        clock.set(QDateTime::fromMSecsSinceEpoch(t0 + s * 1000LL, Qt::UTC));
        QVERIFY(store.put(valueAt(id, t0 + s * 1000LL, s % 60)).ok());
    }
    StatisticsQuery q = query(id, t0, t0 + 3 * 60 * kMin, 3600);
    q.statistics.push_back(Statistic::Average);
    const auto r = store.statistics(q);
    QCOMPARE(r->size(), std::size_t(3));
    for (const StatisticsDatapoint &d : *r) { // the two old hours are as exact as the recent one
        QCOMPARE(*d.sampleCount, 3600.0);
        QCOMPARE(*d.sum, 60.0 * (59 * 60 / 2));
        QCOMPARE(*d.average, 29.5);
        QCOMPARE(*d.minimum, 0.0);
        QCOMPARE(*d.maximum, 59.0);
    }
    // Percentiles: the folded minutes hold different values, so only the last hour has them.
    q.statistics.clear();
    q.extendedStatistics = {QStringLiteral("p50")};
    q.periodSeconds = 60;
    const auto p = store.statistics(q);
    QCOMPARE(p->size(), std::size_t(180));
    QVERIFY(!p->at(0).getExtended(QStringLiteral("p50")));
    QVERIFY(!p->at(118).getExtended(QStringLiteral("p50")));
    QCOMPARE(*p->at(179).getExtended(QStringLiteral("p50")), 29.0);
    // Bounded: the last hour (and the current minute) at full resolution, the rest per minute.
    QVERIFY(store.entryCount() <= MetricStore::kMaxRawPerMetric + 121);
}

void TestMetricStore::memoryIsBounded()
{
    QCOMPARE(sizeof(MetricStore::Entry), std::size_t(48));
    QCOMPARE(MetricStore::bytesAtFullHistory(60), qint64((3600 + 1380) * 48)); // 1 Hz: 239,040 B
    QCOMPARE(MetricStore::bytesAtFullHistory(1), qint64(1440 * 48));           // once a minute: 69,120 B

    // Two writers at 1 Hz to one metric for 26 hours: never more than the cap at full
    // resolution plus a day of minutes, and sums stay exact through the early folding.
    fd::ManualClock clock(kStart);
    MetricStore store(clock);
    const MetricId id = cpuOf(QStringLiteral("web"));
    const qint64 t0 = kStart.toMSecsSinceEpoch();
    qsizetype most = 0;
    for (int s = 0; s < 26 * 3600; ++s) {
        clock.set(QDateTime::fromMSecsSinceEpoch(t0 + s * 1000LL, Qt::UTC));
        QVERIFY(store.put(valueAt(id, t0 + s * 1000LL, 1)).ok());
        QVERIFY(store.put(valueAt(id, t0 + s * 1000LL, 3)).ok());
        most = std::max(most, store.entryCount());
    }
    QVERIFY2(most <= MetricStore::kMaxRawPerMetric + 1441, qPrintable(QString::number(most)));
    const qint64 now = clock.now().toMSecsSinceEpoch();
    const auto r = store.statistics(query(id, now - 20 * 60 * kMin, now - 19 * 60 * kMin, 3600));
    QCOMPARE(*r->at(0).sampleCount, 7200.0);
    QCOMPARE(*r->at(0).average, 2.0);
}

void TestMetricStore::listMetricsFilters()
{
    fd::ManualClock clock(kStart);
    MetricStore store(clock);
    const qint64 now = kStart.toMSecsSinceEpoch();
    QVERIFY(store.put(valueAt(cpuOf(QStringLiteral("web")), now, 1)).ok());
    QVERIFY(store.put(valueAt(cpuOf(QStringLiteral("api")), now, 1)).ok());
    const MetricId cluster = makeMetricId(QStringLiteral("AWS/ECS"), QStringLiteral("CPUReservation"),
                                          {{QStringLiteral("ClusterName"), QStringLiteral("c")}})
                                 .value();
    QVERIFY(store.put(valueAt(cluster, now, 55)).ok());
    const MetricId custom = makeMetricId(QStringLiteral("Shop"), QStringLiteral("Orders"), {}).value();
    QVERIFY(store.put(valueAt(custom, now, 3)).ok());

    QCOMPARE(store.listMetrics().size(), std::size_t(4));
    QCOMPARE(store.listMetrics({QStringLiteral("AWS/ECS"), {}, {}}).size(), std::size_t(3));
    QCOMPARE(store.listMetrics({{}, QStringLiteral("CPUUtilization"), {}}).size(), std::size_t(2));
    const auto web = store.listMetrics({{}, {}, {{QStringLiteral("ServiceName"), QStringLiteral("web")}}});
    QCOMPARE(web.size(), std::size_t(1));
    QCOMPARE(web.front(), cpuOf(QStringLiteral("web")));
    QCOMPARE(store.listMetrics({{}, {}, {{QStringLiteral("ServiceName"), {}}}}).size(), std::size_t(2));
    QCOMPARE(store.listMetrics({{}, {}, {{QStringLiteral("ClusterName"), QStringLiteral("c")}}}).size(),
             std::size_t(3));
    QVERIFY(store.listMetrics({QStringLiteral("AWS/EC2"), {}, {}}).empty());
    const auto all = store.listMetrics();
    QCOMPARE(all.front().metricNamespace, QStringLiteral("AWS/ECS")); // ordered by namespace, name
    QCOMPARE(all.front().metricName, QStringLiteral("CPUReservation"));
    QCOMPARE(all.back().metricNamespace, QStringLiteral("Shop"));
}

void TestMetricStore::csvExport()
{
    fd::ManualClock clock(kStart);
    MetricStore store(clock);
    const MetricId id = cpuOf(QStringLiteral("web"));
    const qint64 t0 = kStart.toMSecsSinceEpoch() - 2 * kMin;
    QVERIFY(store.put(valueAt(id, t0, 0.1)).ok());
    QVERIFY(store.put(valueAt(id, t0 + 1000, 0.2)).ok());
    QVERIFY(store.put(valueAt(id, t0 + kMin, 12.5)).ok());
    StatisticsQuery q = query(id, t0, t0 + 2 * kMin, 60);
    q.statistics = {Statistic::Average, Statistic::Maximum};
    const auto r = store.statistics(q);
    QCOMPARE(statisticsToCsv(q, *r), QStringLiteral("Timestamp,Average,Maximum,Unit\n"
                                                    "2026-01-01T11:58:00Z,0.15000000000000002,0.2,Percent\n"
                                                    "2026-01-01T11:59:00Z,12.5,12.5,Percent\n"));
}

QTEST_APPLESS_MAIN(TestMetricStore)
#include "TestMetricStore.moc"
