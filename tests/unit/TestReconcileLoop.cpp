// The keyed reconcile loop every controller runs on: due ordering, deduplication, in-flight keys
// that are never processed twice at once, exponential back-off with its cap and reset, pause and
// single-step, and sleeping on the control plane's clock (x20 sleeps a twentieth; a paused clock
// does not wake it). The scripted rows drive a ManualClock and runDue()/step() by hand.

#include "Clock.h"
#include "reconcile/ReconcileLoop.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace fd;
using namespace fd::reconcile;
using namespace std::chrono_literals;

namespace {

const QDateTime kOrigin = QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC);

// A handler whose answer per key is scripted: "fail", "async", "recheck N" (look again in N ms),
// "chain K" (enqueue K during the pass); anything else, or nothing scripted, is Done.
struct Scripted
{
    ManualClock *clock = nullptr;
    ReconcileLoop *loop = nullptr;
    QHash<QString, QStringList> modes; // key -> answers for its next passes, in order
    QStringList processed;

    Outcome operator()(const QString &key)
    {
        processed.append(key);
        const QString mode = modes[key].isEmpty() ? QString() : modes[key].takeFirst();
        if (mode == u"fail")
            return Outcome::failed(QStringLiteral("engine unreachable"));
        if (mode == u"async")
            return Outcome::inFlight(QStringLiteral("start containers"));
        if (mode.startsWith(u"recheck "))
            return Outcome::done().lookAgainAt(clock->now().addMSecs(mode.mid(8).toLongLong()));
        if (mode.startsWith(u"chain "))
            loop->enqueue(mode.mid(6));
        return Outcome::done();
    }
};

} // namespace

class TestReconcileLoop final : public QObject
{
    Q_OBJECT

private slots:
    void script_data();
    void script();
    void enqueueAllListsTheKeysOncePerRound();
    void listedKeysKeepTheirStatesAcrossListings();
    void forgottenKeysLeaveNoTrace();
    void decisionsAreRecordedOnceAndBounded();
    void sleepsOnTheClockAndReArmsWhenItsRateChanges();
    void manualClockWakesTheLoopWhenAdvanced();
    void realTimeAtTwentyRunsTwentyTimesSooner();
};

// Steps, separated by ';':
//   enq K | at K MS (enqueueAt now+MS) | advance MS | run | step | pause | resume | forget K
//   mode K M (the next pass over K answers M) | complete K | completefail K
//   expect K,K,... (keys processed since the last expect, in order; '-' none)
//   due K MS (queued, due MS after the origin; '-' not queued) | inflight K 0|1 | failures K N
void TestReconcileLoop::script_data()
{
    QTest::addColumn<QString>("steps");

    QTest::newRow("earliest due first, not enqueue order")
        << "at a 300; at b 100; enq c; run; expect c; advance 100; run; expect b; advance 199; run; expect -;"
           "advance 1; run; expect a";
    QTest::newRow("equal due times keep enqueue order") << "enq b; enq a; enq c; run; expect b,a,c";
    QTest::newRow("a key is queued once however often it is enqueued")
        << "enq a; enq a; at a 0; run; expect a; run; expect -";
    QTest::newRow("enqueueing keeps the earliest due time")
        << "at a 500; at a 100; due a 100; at a 900; due a 100; advance 100; run; expect a; due a -";
    QTest::newRow("a recheck comes due on time alone")
        << "mode a recheck 250; enq a; run; expect a; due a 250; advance 249; run; expect -; advance 1; run; expect a";
    QTest::newRow("in flight: not processed again until it completes")
        << "mode a async; enq a; run; expect a; inflight a 1; run; expect -; complete a; inflight a 0; run; expect -";
    QTest::newRow("a change to an in-flight key is processed after it completes, once")
        << "mode a async; enq a; run; expect a; enq a; enq a; at a 0; run; expect -; due a -; complete a; due a 0;"
           "run; expect a; run; expect -";
    QTest::newRow("other keys go on while one is in flight")
        << "mode a async; enq a; enq b; run; expect a,b; enq b; run; expect b; inflight a 1";
    QTest::newRow("keys enqueued during a round wait for the next round")
        << "mode a chain b; enq a; run; expect a; due b 0; run; expect b";
    QTest::newRow("back-off doubles from the base up to the cap (100 ms, 400 ms)")
        << "mode a fail; mode a fail; mode a fail; mode a fail; mode a fail; enq a; run; expect a; failures a 1;"
           "due a 100; advance 100; run; expect a; failures a 2; due a 300; advance 200; run; expect a; due a 700;"
           "advance 400; run; expect a; due a 1100; advance 400; run; expect a; failures a 5; due a 1500";
    QTest::newRow("enqueueing during a back-off does not bring the retry forward")
        << "mode a fail; enq a; run; expect a; enq a; due a 100; run; expect -; advance 100; run; expect a";
    QTest::newRow("a pass that does not fail resets the back-off")
        << "mode a fail; mode a fail; enq a; run; advance 100; run; failures a 2; due a 300; advance 200; run;"
           "expect a,a,a; failures a 0; due a -; mode a fail; enq a; run; expect a; due a 400";
    QTest::newRow("an asynchronous step that fails backs off too")
        << "mode a async; enq a; run; completefail a; failures a 1; due a 100; advance 100; run; expect a,a";
    QTest::newRow("paused: no rounds, but work is kept")
        << "enq a; pause; run; expect -; due a 0; resume; run; expect a";
    QTest::newRow("single step processes exactly the next due key, paused or not")
        << "enq a; enq b; at c 50; pause; step; expect a; step; expect b; step; expect -; advance 50; step; expect c";
    QTest::newRow("a key due before those queued due now goes first")
        << "enq a; enq b; at c -50; due c -50; run; expect c,a,b";
    QTest::newRow("a key brought forward is processed once, at its earlier time")
        << "advance 100; enq a; enq b; at a -50; due a 50; run; expect a,b; run; expect -";
    QTest::newRow("a forgotten key is not processed; enqueued again it goes last")
        << "enq a; enq b; enq c; forget a; due a -; run; expect b,c; enq a; enq b; forget a; enq a; run; expect b,a";
    QTest::newRow("single step takes the earliest of keys due now and keys due before")
        << "advance 100; enq a; at b -100; pause; step; expect b; step; expect a; step; expect -";
    QTest::newRow("forget drops the queued key and its back-off")
        << "mode a fail; enq a; run; expect a; forget a; due a -; failures a 0; enq a; due a 0; run; expect a";
}

void TestReconcileLoop::script()
{
    QFETCH(QString, steps);
    ManualClock clock(kOrigin);
    ReconcileLoop::Options options;
    options.controller = QStringLiteral("test");
    options.backoffBase = 100ms;
    options.backoffCap = 400ms;
    auto handler = std::make_shared<Scripted>();
    handler->clock = &clock;
    ReconcileLoop loop(clock, options, [handler](const QString &key) { return (*handler)(key); });
    handler->loop = &loop;

    for (const QString &raw : steps.split(u';', Qt::SkipEmptyParts)) {
        const QStringList w = raw.simplified().split(u' ');
        const QString op = w.value(0);
        const QString arg = w.value(1);
        const QString info = QStringLiteral("at step \"%1\"").arg(raw.simplified());
        if (op == u"enq") {
            loop.enqueue(arg);
        } else if (op == u"at") {
            loop.enqueueAt(arg, clock.now().addMSecs(w.value(2).toLongLong()));
        } else if (op == u"advance") {
            clock.advance(arg.toLongLong());
        } else if (op == u"run") {
            loop.runDue();
        } else if (op == u"step") {
            loop.step();
        } else if (op == u"pause") {
            loop.pause();
        } else if (op == u"resume") {
            loop.resume();
        } else if (op == u"forget") {
            loop.forget(arg);
        } else if (op == u"mode") {
            handler->modes[arg].append(w.mid(2).join(u' '));
        } else if (op == u"complete") {
            loop.complete(arg, Outcome::done());
        } else if (op == u"completefail") {
            loop.complete(arg, Outcome::failed(QStringLiteral("timeout")));
        } else if (op == u"expect") {
            const QStringList expected = arg == u"-" ? QStringList() : arg.split(u',');
            QVERIFY2(handler->processed == expected,
                     qPrintable(info + QStringLiteral(": processed ") + handler->processed.join(u',')));
            handler->processed.clear();
        } else if (op == u"due") {
            const QString expected = w.value(2);
            const QDateTime due = loop.dueAt(arg);
            const QString actual = due.isValid() ? QString::number(kOrigin.msecsTo(due)) : QStringLiteral("-");
            QVERIFY2(actual == expected, qPrintable(info + QStringLiteral(": due ") + actual));
        } else if (op == u"inflight") {
            QVERIFY2(loop.isInFlight(arg) == (w.value(2) == u"1"), qPrintable(info));
        } else if (op == u"failures") {
            QVERIFY2(loop.failures(arg) == w.value(2).toInt(),
                     qPrintable(info + QStringLiteral(": failures %1").arg(loop.failures(arg))));
        } else {
            QFAIL(qPrintable(QStringLiteral("unknown step ") + raw));
        }
    }
}

void TestReconcileLoop::enqueueAllListsTheKeysOncePerRound()
{
    ManualClock clock(kOrigin);
    QStringList processed;
    ReconcileLoop loop(clock, {}, [&](const QString &key) {
        processed.append(key);
        return Outcome::done();
    });
    int listed = 0;
    loop.setKeySource([&] {
        ++listed;
        return QStringList{QStringLiteral("t1"), QStringLiteral("t2"), QStringLiteral("t3")};
    });
    for (int i = 0; i < 100; ++i)
        loop.enqueueAll(); // a burst of payload-free change signals
    QCOMPARE(listed, 0);   // listed lazily, at the next round
    loop.enqueue(QStringLiteral("t2"));
    QCOMPARE(loop.runDue(), 3);
    QCOMPARE(listed, 1);
    QCOMPARE(processed, (QStringList{QStringLiteral("t2"), QStringLiteral("t1"), QStringLiteral("t3")}));
    QCOMPARE(loop.runDue(), 0); // nothing asked for since
    QCOMPARE(listed, 1);
}

// A lister hands out the strings a registry keeps, and the loop knows a key listed as the very same
// string at the same position as last time without looking it up. Whatever happens between two
// listings (keys reordered, a key inserted in the middle, one forgotten, one written again as an
// equal copy, one backing off after a failure), each listed key is processed once per round, in
// listing order, and a key backing off is not brought forward by a listing.
void TestReconcileLoop::listedKeysKeepTheirStatesAcrossListings()
{
    ManualClock clock(kOrigin);
    Scripted handler;
    handler.clock = &clock;
    ReconcileLoop loop(clock, {}, [&](const QString &key) { return handler(key); });
    handler.loop = &loop;
    QStringList registry;
    for (int i = 0; i < 50; ++i)
        registry.append(QStringLiteral("task-%1").arg(i));
    int listed = 0;
    loop.setKeySource([&](const ReconcileLoop::KeySink &add) {
        ++listed;
        for (const QString &key : std::as_const(registry))
            add(key);
    });
    const auto round = [&] {
        handler.processed.clear();
        loop.enqueueAll();
        loop.runDue(1);
        return handler.processed;
    };

    QCOMPARE(round(), registry); // every key new
    QCOMPARE(round(), registry); // the same strings, looked up
    QCOMPARE(round(), registry); // the same strings, from the states kept
    QCOMPARE(listed, 3);

    registry.swapItemsAt(0, 1); // other strings at the first two positions
    QCOMPARE(round(), registry);
    registry.insert(5, QStringLiteral("task-new")); // a new key in the middle of a listing
    QCOMPARE(round(), registry);
    QCOMPARE(round(), registry);
    const QString gone = registry.takeAt(9);
    loop.forget(gone); // a controller forgets a stopped task
    QCOMPARE(round(), registry);
    QVERIFY(!loop.isQueued(gone));
    registry[10] = QString(registry[10].constData(), registry[10].size()); // written again: an equal copy
    QCOMPARE(round(), registry);
    QCOMPARE(loop.queuedCount(), 0);

    const QString failing = registry[20];
    handler.modes[failing] = {QStringLiteral("fail")};
    QCOMPARE(round(), registry);
    QCOMPARE(loop.failures(failing), 1);
    QStringList others = registry;
    others.removeAll(failing);
    QCOMPARE(round(), others); // backing off: listed, not brought forward
    QCOMPARE(round(), others);
    QCOMPARE(loop.dueAt(failing), kOrigin.addMSecs(250));
    clock.advance(250);
    QCOMPARE(round(), QStringList{failing} + others); // queued first, due at the same time
    QCOMPARE(loop.failures(failing), 0);
    QCOMPARE(round(), registry);
    QCOMPARE(loop.queuedCount(), 0);
}

// Thousands of keys forgotten and queued again while the loop does not run: each queued key is
// processed exactly once, in the order it was (last) queued, and the queue counts only live keys.
void TestReconcileLoop::forgottenKeysLeaveNoTrace()
{
    ManualClock clock(kOrigin);
    QStringList processed;
    ReconcileLoop loop(clock, {}, [&](const QString &key) {
        processed.append(key);
        return Outcome::done();
    });
    QStringList expected;
    for (int i = 0; i < 3000; ++i)
        loop.enqueue(QStringLiteral("k%1").arg(i));
    for (int i = 0; i < 3000; ++i) {
        if (i % 10 != 0)
            loop.forget(QStringLiteral("k%1").arg(i));
        else
            expected.append(QStringLiteral("k%1").arg(i));
    }
    QCOMPARE(loop.queuedCount(), 300);
    for (int i = 1; i < 3000; i += 100) {
        loop.enqueue(QStringLiteral("k%1").arg(i));
        expected.append(QStringLiteral("k%1").arg(i));
    }
    QCOMPARE(loop.queuedCount(), 330);
    QCOMPARE(loop.nextDue(), kOrigin);
    QCOMPARE(loop.runDue(), 330);
    QCOMPARE(processed, expected);
    QCOMPARE(loop.queuedCount(), 0);
    QVERIFY(!loop.nextDue().isValid());
    QCOMPARE(loop.runDue(), 0);
}

void TestReconcileLoop::decisionsAreRecordedOnceAndBounded()
{
    ManualClock clock(kOrigin);
    QString decision = QStringLiteral("wait: dependsOn db HEALTHY");
    ReconcileLoop loop(clock, {QStringLiteral("tasks"), 100ms, 400ms},
                       [&](const QString &) { return Outcome::done(decision, QStringLiteral("db is UNKNOWN")); });
    auto log = std::make_shared<DecisionLog>(3);
    loop.setLog(log);
    QSignalSpy recorded(log.get(), &DecisionLog::recorded);

    loop.enqueue(QStringLiteral("t1"));
    loop.runDue();
    loop.enqueue(QStringLiteral("t1"));
    loop.runDue(); // the same wait again: not recorded twice
    QCOMPARE(recorded.count(), 1);
    const DecisionRecord first = log->records().front();
    QCOMPARE(first.controller, QStringLiteral("tasks"));
    QCOMPARE(first.key, QStringLiteral("t1"));
    QCOMPARE(first.at, kOrigin);
    QCOMPARE(first.decision, QStringLiteral("wait: dependsOn db HEALTHY"));
    QCOMPARE(first.reason, QStringLiteral("db is UNKNOWN"));

    // Newest kept, oldest dropped, in order.
    for (int i = 1; i <= 4; ++i) {
        decision = QStringLiteral("start containers c%1").arg(i);
        clock.advance(10);
        loop.enqueue(QStringLiteral("t1"));
        loop.runDue();
    }
    QCOMPARE(log->size(), 3);
    QCOMPARE(log->appended(), quint64(5));
    const QList<DecisionRecord> records = log->records();
    QCOMPARE(records[0].decision, QStringLiteral("start containers c2"));
    QCOMPARE(records[2].decision, QStringLiteral("start containers c4"));
    QCOMPARE(records[2].at, kOrigin.addMSecs(40));

    // A failure is recorded with the retry it leads to.
    ReconcileLoop failing(clock, {QStringLiteral("services"), 500ms, 60s},
                          [](const QString &) { return Outcome::failed(QStringLiteral("store is read-only")); });
    failing.setLog(log);
    failing.enqueue(QStringLiteral("default/web"));
    failing.runDue();
    QCOMPARE(log->records().back().decision, QStringLiteral("retry in 500 ms"));
    QCOMPARE(log->records().back().reason, QStringLiteral("store is read-only"));
}

void TestReconcileLoop::sleepsOnTheClockAndReArmsWhenItsRateChanges()
{
    auto realMs = std::make_shared<qint64>(0);
    ScaledClock clock(
        1.0, [realMs] { return *realMs; }, kOrigin);
    int passes = 0;
    ReconcileLoop loop(clock, {}, [&](const QString &) {
        ++passes;
        return Outcome::done();
    });
    loop.start();
    QCOMPARE(loop.armedRealMs(), -1);                           // nothing to do: no timer at all
    loop.enqueueAt(QStringLiteral("web"), kOrigin.addSecs(40)); // 40 s to healthy
    QCOMPARE(loop.armedRealMs(), 40000);
    clock.setFactor(20);
    QTRY_COMPARE(loop.armedRealMs(), 2000); // x20: 40 s of control-plane time in 2 real seconds
    *realMs = 1000;                         // 20 s of control-plane time later
    clock.setFactor(10);
    QTRY_COMPARE(loop.armedRealMs(), 2000); // 20 s left at x10
    clock.pause();
    QTRY_COMPARE(loop.armedRealMs(), -1); // a paused clock never comes due
    clock.resume();
    QTRY_COMPARE(loop.armedRealMs(), 2000);
    clock.advanceTo(kOrigin.addSecs(40)); // caught up with the recorded time: due now
    QTRY_COMPARE(passes, 1);
    QCOMPARE(loop.armedRealMs(), -1);
}

void TestReconcileLoop::manualClockWakesTheLoopWhenAdvanced()
{
    ManualClock clock(kOrigin);
    QStringList processed;
    ReconcileLoop loop(clock, {}, [&](const QString &key) {
        processed.append(key);
        return Outcome::done();
    });
    QSignalSpy rounds(&loop, &ReconcileLoop::roundFinished);
    loop.start();
    loop.enqueue(QStringLiteral("now"));
    loop.enqueueAt(QStringLiteral("later"), kOrigin.addMSecs(500));
    QTRY_COMPARE(processed, QStringList{QStringLiteral("now")});
    QCOMPARE(loop.armedRealMs(), -1); // a ManualClock moves only when told
    QTest::qWait(20);
    QCOMPARE(processed.size(), 1);
    clock.advance(500);
    QTRY_COMPARE(processed, (QStringList{QStringLiteral("now"), QStringLiteral("later")}));

    // Paused, nothing runs on its own; resumed, it catches up.
    loop.pause();
    loop.enqueue(QStringLiteral("again"));
    QTest::qWait(20);
    QCOMPARE(processed.size(), 2);
    loop.resume();
    QTRY_COMPARE(processed.size(), 3);
    loop.stop();
    loop.enqueue(QStringLiteral("stopped"));
    QTest::qWait(20);
    QCOMPARE(processed.size(), 3);
}

void TestReconcileLoop::realTimeAtTwentyRunsTwentyTimesSooner()
{
    ScaledClock clock(20.0);
    QElapsedTimer real;
    qint64 processedAfter = -1;
    ReconcileLoop loop(clock, {}, [&](const QString &) {
        processedAfter = real.elapsed();
        return Outcome::done();
    });
    loop.start();
    real.start();
    loop.enqueueAt(QStringLiteral("web"), clock.now().addSecs(4)); // 4 s at x20: 200 ms
    QTRY_VERIFY_WITH_TIMEOUT(processedAfter >= 0, 3000);
    QVERIFY2(processedAfter >= 190 && processedAfter < 1500, qPrintable(QString::number(processedAfter)));
}

QTEST_GUILESS_MAIN(TestReconcileLoop)
#include "TestReconcileLoop.moc"
