// ScaledClock, the control plane's clock at teaching speed: it runs N times real time, pauses, and
// never jumps or goes backwards across a change of factor, a pause or a resume. The scripted rows
// drive it with an injected elapsed source (no sleeps); one smoke test uses real time.

#include "Clock.h"

#include <QElapsedTimer>
#include <QTest>
#include <QThread>

#include <memory>

using fd::ScaledClock;

namespace {

const QDateTime kOrigin = QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC);

// A fake real-time source the test moves by hand.
struct FakeElapsed
{
    std::shared_ptr<qint64> ms = std::make_shared<qint64>(0);
    ScaledClock::ElapsedSource source() const
    {
        return [ms = ms] { return *ms; };
    }
};

} // namespace

class TestClock final : public QObject
{
    Q_OBJECT

private slots:
    void script_data();
    void script();
    void neverJumpsAcrossFactorChangesAndPauses();
    void invalidFactorsAreIgnored();
    void realTimeAtTwentyRunsTwentyTimesFaster();
};

// Each row is a script of steps; "real N" moves real time by N ms, "expect N" checks that now() is
// N ms after the origin, "factor F" / "pause" / "resume" act on the clock, "speed F" / "paused 0|1"
// check factor() / isPaused().
void TestClock::script_data()
{
    QTest::addColumn<double>("startFactor");
    QTest::addColumn<QString>("steps");

    QTest::newRow("x1 is real time") << 1.0 << "real 1500; expect 1500";
    QTest::newRow("x20 runs 20x fast") << 20.0 << "real 2000; expect 40000"; // 40 s health wait in 2 s
    QTest::newRow("speeding up keeps the past") // 1 s at x1, then 1 s at x20
        << 1.0 << "real 1000; expect 1000; factor 20; expect 1000; real 1000; expect 21000";
    QTest::newRow("slowing down keeps the past") // 1 s at x20, then 0.5 s at x2
        << 20.0 << "real 1000; factor 2; expect 20000; real 500; expect 21000";
    QTest::newRow("pause freezes time")
        << 5.0 << "real 100; pause; paused 1; expect 500; real 60000; expect 500; speed 5";
    QTest::newRow("resume continues from the frozen instant, not the wall clock")
        << 10.0 << "real 100; pause; real 9999; resume; paused 0; expect 1000; real 10; expect 1100";
    QTest::newRow("factor set while paused applies on resume")
        << 1.0 << "real 100; pause; factor 20; speed 20; paused 1; real 500; expect 100; resume; real 50; expect 1100";
    QTest::newRow("pause and resume are idempotent")
        << 2.0 << "pause; pause; real 10; resume; resume; real 10; expect 20; paused 0";
    QTest::newRow("fractional factor rounds to the nearest ms at each re-anchor") // 3 ms at x0.5 -> 2 ms
        << 0.5 << "real 3; expect 2; factor 0.5; real 3; expect 4; factor 0.5; real 2; expect 5";
}

void TestClock::script()
{
    QFETCH(double, startFactor);
    QFETCH(QString, steps);

    FakeElapsed real;
    ScaledClock clock(startFactor, real.source(), kOrigin);
    QCOMPARE(clock.now(), kOrigin);
    for (const QString &step : steps.split(u';', Qt::SkipEmptyParts)) {
        const QStringList words = step.trimmed().split(u' ');
        const QString &op = words.at(0);
        const QString arg = words.value(1);
        if (op == u"real")
            *real.ms += arg.toLongLong();
        else if (op == u"expect")
            QCOMPARE(kOrigin.msecsTo(clock.now()), arg.toLongLong());
        else if (op == u"factor")
            clock.setFactor(arg.toDouble());
        else if (op == u"pause")
            clock.pause();
        else if (op == u"resume")
            clock.resume();
        else if (op == u"speed")
            QCOMPARE(clock.factor(), arg.toDouble());
        else if (op == u"paused")
            QCOMPARE(clock.isPaused(), arg == u"1");
        else
            QFAIL(qPrintable(QStringLiteral("unknown step \"%1\"").arg(step)));
    }
}

// Many small real steps with a change of factor, a pause or a resume between each: now() never
// decreases, and it never moves by more than the step times the fastest factor (no jump).
void TestClock::neverJumpsAcrossFactorChangesAndPauses()
{
    FakeElapsed real;
    ScaledClock clock(1.0, real.source(), kOrigin);
    const double factors[] = {1, 2, 5, 10, 20, 0.5, 20, 1};
    QDateTime previous = clock.now();
    for (int i = 0; i < 400; ++i) {
        const qint64 step = 1 + (i * 7) % 13; // 1..13 ms
        *real.ms += step;
        switch (i % 4) {
        case 0:
            clock.setFactor(factors[(i / 4) % 8]);
            break;
        case 1:
            clock.pause();
            break;
        case 2:
            clock.resume();
            break;
        default:
            break;
        }
        const QDateTime now = clock.now();
        QVERIFY2(now >= previous, qPrintable(QStringLiteral("went backwards at step %1").arg(i)));
        QVERIFY2(previous.msecsTo(now) <= step * 20,
                 qPrintable(QStringLiteral("jumped %1 ms at step %2").arg(previous.msecsTo(now)).arg(i)));
        previous = now;
    }
}

void TestClock::invalidFactorsAreIgnored()
{
    FakeElapsed real;
    ScaledClock clock(4.0, real.source(), kOrigin);
    clock.setFactor(0.0); // stopping time is pause()'s job
    clock.setFactor(-3.0);
    clock.setFactor(std::numeric_limits<double>::quiet_NaN());
    clock.setFactor(std::numeric_limits<double>::infinity());
    QCOMPARE(clock.factor(), 4.0);
    *real.ms += 10;
    QCOMPARE(kOrigin.msecsTo(clock.now()), 40);
    QCOMPARE(ScaledClock(0.0, real.source(), kOrigin).factor(), 1.0);
}

// The real QElapsedTimer source: ~20x over a short sleep, generous bounds for a loaded machine.
void TestClock::realTimeAtTwentyRunsTwentyTimesFaster()
{
    ScaledClock clock(20.0);
    QElapsedTimer wall;
    const QDateTime start = clock.now();
    wall.start();
    QDateTime previous = start;
    while (wall.elapsed() < 150) {
        const QDateTime now = clock.now();
        QVERIFY(now >= previous);
        previous = now;
        QThread::msleep(5);
    }
    const qint64 scaled = start.msecsTo(clock.now());
    const qint64 realMs = wall.elapsed();
    QVERIFY2(scaled >= 20 * (realMs - 20) && scaled <= 20 * (realMs + 20),
             qPrintable(QStringLiteral("%1 ms scaled in %2 ms real").arg(scaled).arg(realMs)));

    clock.pause();
    const QDateTime frozen = clock.now();
    QThread::msleep(30);
    QCOMPARE(clock.now(), frozen);
}

QTEST_APPLESS_MAIN(TestClock)
#include "TestClock.moc"
