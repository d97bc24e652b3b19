// The traffic generator against backends started in the test on 127.0.0.1: answers attributed to
// tasks and revisions by X-Task-Id and X-Revision, both bounds (count and time) honoured, the rate
// held, every kind of failure classified with its cause, stop() abandoning requests in flight
// without calling them failures, and kept-alive connections the server closed not counted as
// failures.

#include "Clock.h"
#include "TestSupport.h"
#include "TrafficBackend.h"
#include "traffic/TrafficGenerator.h"

#include <QElapsedTimer>
#include <QTest>

#include <numeric>

using namespace fd::traffic;
using namespace std::chrono_literals;
using Backend = fd::test::TrafficBackend;

Q_DECLARE_METATYPE(Backend::Behaviour)
Q_DECLARE_METATYPE(fd::traffic::FailureCause)

namespace {

TrafficOptions optionsFor(const QString &url, std::int64_t count, std::chrono::milliseconds duration = 30s)
{
    TrafficOptions o;
    o.url = url;
    o.concurrency = 3;
    o.ratePerSecond = 0;
    o.maxRequests = count;
    o.duration = duration;
    o.requestTimeout = 5s;
    return o;
}

const ServedBy *find(const std::vector<ServedBy> &list, const QString &id)
{
    for (const ServedBy &s : list)
        if (s.id == id)
            return &s;
    return nullptr;
}

std::int64_t sumOf(const std::vector<std::pair<QString, std::int64_t>> &counts)
{
    std::int64_t n = 0;
    for (const auto &[name, count] : counts)
        n += count;
    return n;
}

} // namespace

class TestTrafficGenerator final : public QObject
{
    Q_OBJECT

private slots:
    void answersAreAttributedToTasksAndRevisions();
    void countBoundIsExact();
    void timeBoundEndsTheRun();
    void rateIsHeld();
    void failuresAreClassified_data();
    void failuresAreClassified();
    void refusedConnectionIsAFailure();
    void pathsAreSentInTurnOverManyConnections();
    void stopAbandonsRequestsInFlight();
    void serverClosingAKeptAliveConnectionIsNoFailure();
    void controlPlaneTimeIsRecordedBesideWallTime();
    void nonLoopbackTargetIsRefused();
    void secondRunWhileRunningIsRefused();
};

void TestTrafficGenerator::answersAreAttributedToTasksAndRevisions()
{
    Backend backend;
    QVERIFY(backend.start());
    backend.setTasks({{"task-a", "1", "blue"}, {"task-b", "1", "blue"}, {"task-c", "2", "green"}});
    TrafficGenerator gen;
    // One connection: the backend takes its tasks strictly in turn, so 90 requests give 30 each.
    TrafficOptions o = optionsFor(backend.url(), 90);
    o.concurrency = 1;
    QVERIFY(gen.start(o));
    QVERIFY(gen.waitForFinished(20s));
    const TrafficSnapshot s = gen.snapshot();
    QVERIFY(s.state == RunState::Finished);
    QCOMPARE(toString(s.endReason), toString(EndReason::CountReached));
    QCOMPARE(s.sent, 90);
    QCOMPARE(s.completed, 90);
    QCOMPARE(s.succeeded, 90);
    QCOMPARE(s.failed, 0);
    QCOMPARE(backend.requestsSeen(), 90);
    QCOMPARE(s.statusClasses[2], 90);
    // Keep-alive: one connection for the whole run.
    QCOMPARE(s.connectionsOpened, 1);
    QCOMPARE(backend.connectionsAccepted(), 1);

    QCOMPARE(s.tasks.size(), std::size_t(3));
    for (const char *id : {"task-a", "task-b", "task-c"}) {
        const ServedBy *t = find(s.tasks, QString::fromLatin1(id));
        QVERIFY2(t, id);
        QCOMPARE(t->requests, 30);
        QCOMPARE(t->failed, 0);
        QVERIFY(t->firstWallMs <= t->lastWallMs);
        QVERIFY(t->firstWallMs >= s.startedWallMs);
    }
    QCOMPARE(find(s.tasks, QStringLiteral("task-c"))->revision, QStringLiteral("2"));
    QCOMPARE(find(s.tasks, QStringLiteral("task-c"))->colour, QStringLiteral("green"));
    QCOMPARE(s.revisions.size(), std::size_t(2));
    QCOMPARE(find(s.revisions, QStringLiteral("1"))->requests, 60);
    QCOMPARE(find(s.revisions, QStringLiteral("2"))->requests, 30);

    // The time series adds up to the totals.
    std::int64_t perBucket = 0, perRevision = 0, perTask = 0;
    for (const TimeBucket &b : s.buckets) {
        perBucket += b.requests;
        perRevision += sumOf(b.byRevision);
        perTask += sumOf(b.byTask);
        QVERIFY(b.clockStartMs <= b.clockEndMs);
    }
    QCOMPARE(perBucket, 90);
    QCOMPARE(perRevision, 90);
    QCOMPARE(perTask, 90);

    QCOMPARE(s.latency.count, 90);
    QVERIFY(s.latency.p50Ms > 0);
    QVERIFY(s.latency.p50Ms <= s.latency.p90Ms);
    QVERIFY(s.latency.p90Ms <= s.latency.p99Ms);
    QVERIFY(s.latency.p99Ms <= s.latency.maxMs);
    QVERIFY(s.latency.maxMs < 5000);
}

void TestTrafficGenerator::countBoundIsExact()
{
    Backend backend;
    QVERIFY(backend.start());
    TrafficGenerator gen;
    TrafficOptions o = optionsFor(backend.url(), 25);
    o.concurrency = 8; // more connections than it takes: none may send a 26th
    QVERIFY(gen.start(o));
    QVERIFY(gen.waitForFinished(20s));
    const TrafficSnapshot s = gen.snapshot();
    QCOMPARE(toString(s.endReason), toString(EndReason::CountReached));
    QCOMPARE(s.sent, 25);
    QCOMPARE(s.completed, 25);
    QCOMPARE(backend.requestsSeen(), 25);
    QVERIFY(!gen.isRunning());
}

void TestTrafficGenerator::timeBoundEndsTheRun()
{
    Backend backend;
    QVERIFY(backend.start());
    backend.setDelay(5ms);
    TrafficGenerator gen;
    const TrafficOptions o = optionsFor(backend.url(), kMaxRequests, 700ms);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(gen.start(o));
    QVERIFY(gen.isRunning());
    QVERIFY(gen.waitForFinished(10s));
    const qint64 took = timer.elapsed();
    const TrafficSnapshot s = gen.snapshot();
    QCOMPARE(toString(s.endReason), toString(EndReason::TimeReached));
    QVERIFY2(took >= 690 && took < 2000, qPrintable(QStringLiteral("took %1 ms").arg(took)));
    QVERIFY2(s.elapsedMs >= 690 && s.elapsedMs < 2000, qPrintable(QString::number(s.elapsedMs)));
    QVERIFY(s.sent > 10);
    QCOMPARE(s.completed, s.sent); // those in flight at the end were let finish
    QCOMPARE(s.failed, 0);
}

void TestTrafficGenerator::rateIsHeld()
{
    Backend backend;
    QVERIFY(backend.start());
    TrafficGenerator gen;
    TrafficOptions o = optionsFor(backend.url(), 1000, 2s);
    o.ratePerSecond = 40;
    o.concurrency = 4;
    QVERIFY(gen.start(o));
    QVERIFY(gen.waitForFinished(10s));
    const TrafficSnapshot s = gen.snapshot();
    QCOMPARE(toString(s.endReason), toString(EndReason::TimeReached));
    // Slots at 0, 25 ms, ... 1975 ms: 80 in 2 s; a loaded machine may miss the last few.
    QVERIFY2(s.sent >= 72 && s.sent <= 80, qPrintable(QString::number(s.sent)));
    // Not front-loaded: the first second holds about half.
    std::int64_t firstSecond = 0;
    for (const TimeBucket &b : s.buckets)
        if (b.wallStartMs < s.startedWallMs + 1000)
            firstSecond += b.requests;
    QVERIFY2(firstSecond >= 32 && firstSecond <= 44, qPrintable(QString::number(firstSecond)));
    // And even within the second: a quarter of a second holds about 10.
    QVERIFY(s.buckets.size() >= 8);
    QVERIFY2(s.buckets[2].requests >= 7 && s.buckets[2].requests <= 13,
             qPrintable(QString::number(s.buckets[2].requests)));
}

void TestTrafficGenerator::failuresAreClassified_data()
{
    QTest::addColumn<Backend::Behaviour>("behaviour");
    QTest::addColumn<FailureCause>("cause");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<bool>("taskFromAnswer");
    QTest::addColumn<int>("retries");

    QTest::newRow("500") << Backend::Behaviour::Status500 << FailureCause::HttpStatus << 500
                         << QStringLiteral("HTTP 500 Internal Server Error") << true << 0;
    // From the client, a reset before any byte of the answer on a kept-alive connection looks like
    // a connection the server had closed while idle: sent once more on a new one, where it fails
    // for good (so 3 failures, 3 retries).
    QTest::newRow("reset") << Backend::Behaviour::Reset << FailureCause::Reset << 0
                           << QStringLiteral("connection reset by peer") << false << 3;
    QTest::newRow("timeout") << Backend::Behaviour::Hang << FailureCause::Timeout << 0
                             << QStringLiteral("no complete answer within 300 ms") << false << 0;
}

void TestTrafficGenerator::failuresAreClassified()
{
    QFETCH(Backend::Behaviour, behaviour);
    QFETCH(FailureCause, cause);
    QFETCH(int, status);
    QFETCH(QString, detail);
    QFETCH(bool, taskFromAnswer);
    QFETCH(int, retries);

    Backend backend;
    QVERIFY(backend.start());
    backend.setTasks({{"task-a", "3", "red"}});
    backend.setBehaviour("/bad", behaviour);
    TrafficGenerator gen;
    // "/" then "/bad" in turn, one connection: 6 requests, 3 of them failing.
    TrafficOptions o = optionsFor(backend.url(), 6);
    o.concurrency = 1;
    o.paths = {QStringLiteral("/"), QStringLiteral("/bad")};
    o.requestTimeout = 300ms;
    QVERIFY(gen.start(o));
    QVERIFY(gen.waitForFinished(20s));
    const TrafficSnapshot s = gen.snapshot();
    QCOMPARE(s.completed, 6);
    QCOMPARE(s.succeeded, 3);
    QCOMPARE(s.failed, 3);
    QCOMPARE(s.causes[std::size_t(cause)], 3);
    QCOMPARE(s.failures.size(), std::size_t(3));
    QCOMPARE(s.staleRetries, retries);
    QCOMPARE(backend.requestsSeen(), 6 + retries);
    for (const Failure &f : s.failures) {
        QCOMPARE(toString(f.cause), toString(cause));
        QCOMPARE(f.status, status);
        QCOMPARE(f.detail, detail);
        QCOMPARE(f.path, QStringLiteral("/bad"));
        QVERIFY(f.wallMs >= s.startedWallMs);
        // The task is known: from the answer itself, or as the one that answered "/" just before
        // on the same connection.
        QCOMPARE(f.taskId, QStringLiteral("task-a"));
        QCOMPARE(f.revision, QStringLiteral("3"));
        QCOMPARE(f.taskFromConnection, !taskFromAnswer);
    }
    QCOMPARE(s.statusClasses[5], status == 500 ? 3 : 0);
    QCOMPARE(s.statusClasses[0], status == 500 ? 0 : 3);
    // A 500 answer was still an answer of task-a.
    QCOMPARE(find(s.tasks, QStringLiteral("task-a"))->failed, status == 500 ? 3 : 0);
}

void TestTrafficGenerator::refusedConnectionIsAFailure()
{
    const quint16 port = fd::test::freeLoopbackPort(); // nothing listens there now
    TrafficGenerator gen;
    QVERIFY(gen.start(optionsFor(QStringLiteral("http://127.0.0.1:%1/").arg(port), 4)));
    QVERIFY(gen.waitForFinished(20s));
    const TrafficSnapshot s = gen.snapshot();
    QCOMPARE(s.completed, 4);
    QCOMPARE(s.failed, 4);
    QCOMPARE(s.causes[std::size_t(FailureCause::Refused)], 4);
    QCOMPARE(toString(s.failures.front().cause), toString(FailureCause::Refused));
    QVERIFY2(s.failures.front().detail.contains(QStringLiteral("127.0.0.1:%1").arg(port)),
             qPrintable(s.failures.front().detail));
    QVERIFY(s.failures.front().taskId.isEmpty());
    QCOMPARE(s.connectionsOpened, 0);
}

void TestTrafficGenerator::pathsAreSentInTurnOverManyConnections()
{
    Backend backend;
    QVERIFY(backend.start());
    backend.setBehaviour("/bad", Backend::Behaviour::Status500);
    backend.setDelay(1ms); // so that several connections have a request in flight at once
    TrafficGenerator gen;
    TrafficOptions o = optionsFor(backend.url(), 200);
    o.concurrency = 8;
    o.paths = {QStringLiteral("/"), QStringLiteral("/bad")};
    QVERIFY(gen.start(o));
    QVERIFY(gen.waitForFinished(20s));
    const TrafficSnapshot s = gen.snapshot();
    // Every other request goes to /bad, whichever connection sends it: exactly half fail, and
    // every failure names /bad.
    QCOMPARE(s.completed, 200);
    QCOMPARE(s.failed, 100);
    for (const Failure &f : s.failures)
        QCOMPARE(f.path, QStringLiteral("/bad"));
    QCOMPARE(s.connectionsOpened, 8);
}

void TestTrafficGenerator::stopAbandonsRequestsInFlight()
{
    Backend backend;
    QVERIFY(backend.start());
    backend.setBehaviour("/", Backend::Behaviour::Hang);
    TrafficGenerator gen;
    TrafficOptions o = optionsFor(backend.url(), 100, 60s);
    o.requestTimeout = 60s;
    QVERIFY(gen.start(o));
    QTRY_COMPARE_WITH_TIMEOUT(backend.requestsSeen(), 3, 5000);
    QVERIFY(gen.isRunning());
    QElapsedTimer timer;
    timer.start();
    gen.stop();
    QVERIFY(gen.waitForFinished(2s));
    QVERIFY(timer.elapsed() < 1000);
    const TrafficSnapshot s = gen.snapshot();
    QCOMPARE(toString(s.endReason), toString(EndReason::Stopped));
    QCOMPARE(s.sent, 3);
    QCOMPARE(s.abandoned, 3);
    QCOMPARE(s.failed, 0);
    QCOMPARE(s.completed, 0);
}

void TestTrafficGenerator::serverClosingAKeptAliveConnectionIsNoFailure()
{
    Backend backend;
    QVERIFY(backend.start());
    // Answers keep-alive, then closes: the next request on that connection meets a closed socket.
    backend.setBehaviour("/", Backend::Behaviour::AnswerThenClose);
    TrafficGenerator gen;
    TrafficOptions o = optionsFor(backend.url(), 20);
    o.concurrency = 1;
    o.ratePerSecond = 200; // 5 ms apart, so the close has arrived before the next request
    QVERIFY(gen.start(o));
    QVERIFY(gen.waitForFinished(20s));
    const TrafficSnapshot s = gen.snapshot();
    QCOMPARE(s.completed, 20);
    QCOMPARE(s.failed, 0);
    QVERIFY2(s.staleRetries >= 1, qPrintable(QString::number(s.staleRetries)));
    QCOMPARE(s.connectionsOpened, 20);
}

void TestTrafficGenerator::controlPlaneTimeIsRecordedBesideWallTime()
{
    Backend backend;
    QVERIFY(backend.start());
    backend.setDelay(2ms);
    // The control plane's clock stands still at a known instant (a paused teaching clock).
    const QDateTime frozen = QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC);
    fd::ManualClock clock(frozen);
    TrafficGenerator gen(&clock);
    TrafficOptions o = optionsFor(backend.url(), 1000, 1500ms);
    o.ratePerSecond = 20;
    QVERIFY(gen.start(o));
    QVERIFY(gen.waitForFinished(10s));
    const TrafficSnapshot s = gen.snapshot();
    QCOMPARE(s.startedClockMs, frozen.toMSecsSinceEpoch());
    QVERIFY(s.startedWallMs != s.startedClockMs);
    QVERIFY(s.buckets.size() >= 5);
    for (const TimeBucket &b : s.buckets) {
        QCOMPARE(b.clockStartMs, frozen.toMSecsSinceEpoch());
        QCOMPARE(b.clockEndMs, frozen.toMSecsSinceEpoch());
    }
    QCOMPARE(s.buckets[1].wallStartMs - s.buckets[0].wallStartMs, kBucketMs);
    QCOMPARE(s.tasks.front().firstClockMs, frozen.toMSecsSinceEpoch());
}

void TestTrafficGenerator::nonLoopbackTargetIsRefused()
{
    TrafficGenerator gen;
    const fd::Status started = gen.start(optionsFor(QStringLiteral("http://192.168.1.10:8080/"), 10));
    QVERIFY(!started);
    QCOMPARE(started.error().code, QStringLiteral("ValidationError"));
    QCOMPARE(started.error().field, QStringLiteral("url"));
    QVERIFY2(started.error().message.contains(QStringLiteral("127.0.0.0/8")), qPrintable(started.error().message));
    QVERIFY(!gen.isRunning());
    QVERIFY(gen.snapshot().state == RunState::Idle);
}

void TestTrafficGenerator::secondRunWhileRunningIsRefused()
{
    Backend backend;
    QVERIFY(backend.start());
    TrafficGenerator gen;
    TrafficOptions o = optionsFor(backend.url(), 100000, 30s);
    o.ratePerSecond = 10;
    QVERIFY(gen.start(o));
    const fd::Status again = gen.start(o);
    QVERIFY(!again);
    QCOMPARE(again.error().code, QStringLiteral("TrafficRunning"));
    const std::uint64_t first = gen.runId();
    gen.stop();
    QVERIFY(gen.waitForFinished(2s));
    // Once it has ended, a new run starts afresh.
    o.maxRequests = 3;
    o.ratePerSecond = 0;
    QVERIFY(gen.start(o));
    QVERIFY(gen.waitForFinished(10s));
    QCOMPARE(gen.runId(), first + 1);
    QCOMPARE(gen.snapshot().completed, 3);
}

QTEST_GUILESS_MAIN(TestTrafficGenerator)
#include "TestTrafficGenerator.moc"
