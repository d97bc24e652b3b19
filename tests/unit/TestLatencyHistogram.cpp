// The latency histogram: buckets within 1/32 of any value, percentiles by rank, never above the
// largest value seen, in constant memory.

#include "traffic/LatencyHistogram.h"

#include <QTest>

using fd::traffic::LatencyHistogram;

class TestLatencyHistogram final : public QObject
{
    Q_OBJECT

private slots:
    void buckets_data();
    void buckets();
    void everyValueIsWithinAThirtySecond();
    void percentiles();
    void emptyAnswersZero();
};

void TestLatencyHistogram::buckets_data()
{
    QTest::addColumn<qint64>("micros");
    QTest::addColumn<qint64>("upper");

    QTest::newRow("0 exact") << qint64(0) << qint64(0);
    QTest::newRow("31 exact") << qint64(31) << qint64(31);
    QTest::newRow("32: width 1 up to 63") << qint64(32) << qint64(32);
    QTest::newRow("64: width 2") << qint64(64) << qint64(65);
    QTest::newRow("1000 in [992, 1008)") << qint64(1000) << qint64(1007);
    QTest::newRow("1 s: 2^19 = 524288, width 16384") << qint64(1000000) << qint64(1015807);
    QTest::newRow("negative counts as 0") << qint64(-5) << qint64(0);
}

void TestLatencyHistogram::buckets()
{
    QFETCH(qint64, micros);
    QFETCH(qint64, upper);
    QCOMPARE(LatencyHistogram::upperEdge(LatencyHistogram::bucketOf(micros)), upper);
}

void TestLatencyHistogram::everyValueIsWithinAThirtySecond()
{
    for (qint64 v = 1; v < (qint64(1) << 40); v = v * 3 / 2 + 1) {
        const int b = LatencyHistogram::bucketOf(v);
        QVERIFY(b >= 0 && b < LatencyHistogram::kBuckets);
        const qint64 upper = LatencyHistogram::upperEdge(b);
        QVERIFY2(upper >= v, qPrintable(QStringLiteral("%1 -> %2").arg(v).arg(upper)));
        QVERIFY2(double(upper - v) <= double(v) / 32.0, qPrintable(QStringLiteral("%1 -> %2").arg(v).arg(upper)));
        if (b > 0)
            QVERIFY(LatencyHistogram::upperEdge(b - 1) < v);
    }
}

void TestLatencyHistogram::percentiles()
{
    LatencyHistogram h;
    for (qint64 v = 1; v <= 10000; ++v)
        h.record(v);
    QCOMPARE(h.count(), qint64(10000));
    QCOMPARE(h.maxMicros(), qint64(10000));
    QCOMPARE(h.meanMicros(), 5000.5);
    const auto near = [](qint64 got, qint64 want) { return got >= want && double(got - want) <= double(want) / 32.0; };
    QVERIFY2(near(h.percentileMicros(0.5), 5000), qPrintable(QString::number(h.percentileMicros(0.5))));
    QVERIFY2(near(h.percentileMicros(0.9), 9000), qPrintable(QString::number(h.percentileMicros(0.9))));
    QVERIFY2(near(h.percentileMicros(0.99), 9900), qPrintable(QString::number(h.percentileMicros(0.99))));
    QCOMPARE(h.percentileMicros(1.0), qint64(10000)); // never above the max, though its bucket reaches 10111

    // One slow request among many fast ones shows in p99 only when it is more than 1 %.
    LatencyHistogram tail;
    for (int i = 0; i < 990; ++i)
        tail.record(1000);
    for (int i = 0; i < 10; ++i)
        tail.record(250000);
    QCOMPARE(tail.percentileMicros(0.99), qint64(1007));
    QCOMPARE(tail.percentileMicros(0.995), qint64(250000));
    QCOMPARE(tail.maxMicros(), qint64(250000));
}

void TestLatencyHistogram::emptyAnswersZero()
{
    LatencyHistogram h;
    QCOMPARE(h.percentileMicros(0.5), qint64(0));
    QCOMPARE(h.meanMicros(), 0.0);
    h.record(7);
    h.clear();
    QCOMPARE(h.count(), qint64(0));
    QCOMPARE(h.maxMicros(), qint64(0));
}

QTEST_APPLESS_MAIN(TestLatencyHistogram)
#include "TestLatencyHistogram.moc"
