// The arithmetic of ECS rolling deployments: bounds and their rounding, when a configuration can move,
// the controller's step, the console's rollout plan, the circuit-breaker threshold, the start throttle
// and when a new task counts as healthy. Rows marked "§6" are the anchor vectors of ECS-SEMANTICS §6,
// copied verbatim into the row name.

#include "services/DeploymentMath.h"

#include <QtTest>

using namespace fd;
using namespace fd::services;

Q_DECLARE_METATYPE(fd::services::RolloutSnapshot)
Q_DECLARE_METATYPE(fd::services::StepPlan)
Q_DECLARE_METATYPE(fd::services::HealthJudgement::State)
Q_DECLARE_METATYPE(fd::Health)

namespace {

DeploymentBounds boundsOf(int desired, int minPct, int maxPct)
{
    return resolveBounds(desired, {minPct, maxPct});
}

RolloutSnapshot snap(int oldHealthy, int newHealthy = 0, int newPending = 0, int oldUnhealthy = 0)
{
    RolloutSnapshot s;
    s.oldHealthy = oldHealthy;
    s.oldUnhealthy = oldUnhealthy;
    s.newHealthy = newHealthy;
    s.newPending = newPending;
    return s;
}

StepPlan plan(int start, int stopHealthy, int stopUnhealthy = 0, bool complete = false, bool stuck = false)
{
    StepPlan p;
    p.startNew = start;
    p.stopOldHealthy = stopHealthy;
    p.stopOldUnhealthy = stopUnhealthy;
    p.complete = complete;
    p.stuck = stuck;
    return p;
}

// The same with `n` old tasks not RUNNING yet, and a plan that stops `n` of them.
RolloutSnapshot blocked(RolloutSnapshot s)
{
    s.placementBlocked = true;
    return s;
}

RolloutSnapshot withStarting(RolloutSnapshot s, int n)
{
    s.oldStarting = n;
    return s;
}

StepPlan stoppingStarting(StepPlan p, int n)
{
    p.stopOldStarting = n;
    return p;
}

const QDateTime kT0 = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);

} // namespace

namespace fd::services {
// Found by QCOMPARE through argument-dependent lookup.
char *toString(const StepPlan &p)
{
    return qstrdup(QStringLiteral("start %1, stop healthy %2, stop unhealthy %3, stop starting %4%5%6")
                       .arg(p.startNew)
                       .arg(p.stopOldHealthy)
                       .arg(p.stopOldUnhealthy)
                       .arg(p.stopOldStarting)
                       .arg(p.complete ? QStringLiteral(", complete") : QString())
                       .arg(p.stuck ? QStringLiteral(", stuck") : QString())
                       .toUtf8()
                       .constData());
}
} // namespace fd::services

class TestDeploymentMath final : public QObject
{
    Q_OBJECT

private slots:
    void bounds_data()
    {
        QTest::addColumn<int>("desired");
        QTest::addColumn<int>("minPct");
        QTest::addColumn<int>("maxPct");
        QTest::addColumn<int>("minimumHealthy");
        QTest::addColumn<int>("maximum");

        QTest::newRow("§6 desired 4, minHealthy 50%: at least 2 running") << 4 << 50 << 200 << 2 << 8;
        QTest::newRow("§6 desired 2, minHealthy 75%: bound 2") << 2 << 75 << 100 << 2 << 2; // 1.5 rounds up
        QTest::newRow("§6 desired 4, max 200%: up to 8") << 4 << 100 << 200 << 4 << 8;
        QTest::newRow("§6 desired 3, max 125%: bound 3") << 3 << 100 << 125 << 3 << 3; // 3.75 rounds down
        QTest::newRow("min rounds up, max rounds down") << 3 << 50 << 150 << 2 << 4;   // 1.5 → 2, 4.5 → 4
        QTest::newRow("min just above a whole task") << 3 << 34 << 100 << 2 << 3;      // 1.02 → 2
        QTest::newRow("min exactly whole stays") << 10 << 30 << 100 << 3 << 10;        // no rounding at 3.0
        QTest::newRow("max just below a whole task") << 3 << 100 << 166 << 3 << 4;     // 4.98 → 4
        QTest::newRow("min 1% of 1 is a whole task") << 1 << 1 << 199 << 1 << 1;       // 0.01 → 1, 1.99 → 1
        QTest::newRow("zero desired") << 0 << 100 << 200 << 0 << 0;
        QTest::newRow("daemon defaults") << 5 << 0 << 100 << 0 << 5;
        QTest::newRow("large desired stays exact") << 30000000 << 99 << 200 << 29700000 << 60000000; // 64-bit product
    }

    void bounds()
    {
        QFETCH(int, desired);
        QFETCH(int, minPct);
        QFETCH(int, maxPct);
        QFETCH(int, minimumHealthy);
        QFETCH(int, maximum);

        const Result<DeploymentBounds> b = deploymentBounds(desired, {minPct, maxPct});
        QVERIFY2(b.ok(), qPrintable(b.ok() ? QString() : b.error().message));
        QCOMPARE(b->minimumHealthy, minimumHealthy);
        QCOMPARE(b->maximum, maximum);
        QCOMPARE(resolveBounds(desired, {minPct, maxPct}), b.value());
    }

    void invalidBounds_data()
    {
        QTest::addColumn<int>("desired");
        QTest::addColumn<int>("minPct");
        QTest::addColumn<int>("maxPct");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");

        QTest::newRow("negative desired") << -1 << 100 << 200 << "desiredCount"
                                          << "desiredCount: must be at least 0 (-1)";
        QTest::newRow("min below 0") << 2 << -1 << 200 << "deploymentConfiguration.minimumHealthyPercent"
                                     << "deploymentConfiguration.minimumHealthyPercent: must be between 0 and 100 (-1)";
        QTest::newRow("min above 100")
            << 2 << 101 << 200 << "deploymentConfiguration.minimumHealthyPercent"
            << "deploymentConfiguration.minimumHealthyPercent: must be between 0 and 100 (101)";
        QTest::newRow("max below 100") << 2 << 0 << 99 << "deploymentConfiguration.maximumPercent"
                                       << "deploymentConfiguration.maximumPercent: must be between 100 and 200 (99)";
        QTest::newRow("max above 200") << 2 << 100 << 250 << "deploymentConfiguration.maximumPercent"
                                       << "deploymentConfiguration.maximumPercent: must be between 100 and 200 (250)";
        // The first offending field is named, in the order of the request's structure.
        QTest::newRow("both wrong: min first")
            << 2 << 120 << 50 << "deploymentConfiguration.minimumHealthyPercent"
            << "deploymentConfiguration.minimumHealthyPercent: must be between 0 and 100 (120)";
    }

    void invalidBounds()
    {
        QFETCH(int, desired);
        QFETCH(int, minPct);
        QFETCH(int, maxPct);
        QFETCH(QString, field);
        QFETCH(QString, message);

        const Result<DeploymentBounds> b = deploymentBounds(desired, {minPct, maxPct});
        QVERIFY(!b.ok());
        QCOMPARE(b.error().code, QStringLiteral("InvalidParameterException"));
        QCOMPARE(b.error().field, field);
        QCOMPARE(b.error().message, message);
    }

    void edgesOfTheRangesAreValid()
    {
        QVERIFY(validatePercents({0, 100}).ok());
        QVERIFY(validatePercents({100, 100}).ok()); // accepted, though it cannot move: canMove() says so
        QVERIFY(validatePercents({100, 200}).ok());
    }

    void defaults()
    {
        QCOMPARE(defaultPercents(SchedulingStrategy::Replica), (DeploymentPercents{100, 200}));
        QCOMPARE(defaultPercents(SchedulingStrategy::Daemon), (DeploymentPercents{0, 100}));
        QCOMPARE(resolvePercents(SchedulingStrategy::Replica, 50, std::nullopt), (DeploymentPercents{50, 200}));
        QCOMPARE(resolvePercents(SchedulingStrategy::Daemon, std::nullopt, std::nullopt), (DeploymentPercents{0, 100}));
        QCOMPARE(resolvePercents(SchedulingStrategy::Daemon, std::nullopt, 150), (DeploymentPercents{0, 150}));
    }

    void canMove_data()
    {
        QTest::addColumn<int>("desired");
        QTest::addColumn<int>("minPct");
        QTest::addColumn<int>("maxPct");
        QTest::addColumn<bool>("moves");

        QTest::newRow("§6 desired 4, minHealthy 50%: may stop 2 first") << 4 << 50 << 100 << true;
        QTest::newRow("§6 desired 2, minHealthy 75%: may stop none") << 2 << 75 << 100 << false;
        QTest::newRow("§6 desired 4, max 200%: may start 4 first") << 4 << 100 << 200 << true;
        QTest::newRow("§6 desired 3, max 125%: may start none") << 3 << 100 << 125 << false;
        QTest::newRow("75/200 moves by starting") << 2 << 75 << 200 << true;
        QTest::newRow("max 150% of 1 is still 1") << 1 << 100 << 150 << false; // 1.5 rounds down to 1
        QTest::newRow("min 50% of 1 is still 1, max 200% saves it") << 1 << 50 << 200 << true;
        QTest::newRow("zero desired has nothing to block") << 0 << 100 << 100 << true;
        QTest::newRow("daemon defaults") << 3 << 0 << 100 << true;
    }

    void canMove()
    {
        QFETCH(int, desired);
        QFETCH(int, minPct);
        QFETCH(int, maxPct);
        QFETCH(bool, moves);

        const DeploymentBounds b = boundsOf(desired, minPct, maxPct);
        QCOMPARE(fd::services::canMove(b, desired), moves);
        QCOMPARE(cannotMoveReason(b, desired).isEmpty(), moves);
    }

    void cannotMoveWording()
    {
        QCOMPARE(cannotMoveReason(boundsOf(2, 75, 100), 2),
                 QStringLiteral("minimumHealthyPercent keeps 2 of 2 tasks running (rounded up) and maximumPercent "
                                "allows at most 2 (rounded down), so the scheduler can neither stop nor start a task. "
                                "Lower minimumHealthyPercent or raise maximumPercent."));
        QCOMPARE(cannotMoveEventMessage(QStringLiteral("web")),
                 QStringLiteral("(service web) was unable to stop or start tasks during a deployment because of the "
                                "service deployment configuration. Update the minimumHealthyPercent or maximumPercent "
                                "value and try again."));
    }

    void planStep_data()
    {
        QTest::addColumn<int>("desired");
        QTest::addColumn<int>("minPct");
        QTest::addColumn<int>("maxPct");
        QTest::addColumn<RolloutSnapshot>("observed");
        QTest::addColumn<StepPlan>("expected");

        QTest::newRow("§6 desired 4, minHealthy 50%: may stop 2 first") << 4 << 50 << 100 << snap(4) << plan(0, 2);
        QTest::newRow("§6 desired 2, minHealthy 75%: may stop none")
            << 2 << 75 << 100 << snap(2) << plan(0, 0, 0, false, true);
        QTest::newRow("§6 desired 4, max 200%: may start 4 first") << 4 << 100 << 200 << snap(4) << plan(4, 0);
        QTest::newRow("§6 desired 3, max 125%: may start none")
            << 3 << 100 << 125 << snap(3) << plan(0, 0, 0, false, true);
        // Surge first: with room to start all 4, stopping 2 early would only cost capacity.
        QTest::newRow("50/200 starts without stopping") << 4 << 50 << 200 << snap(4) << plan(4, 0);
        QTest::newRow("new tasks pending: wait, stop nothing") << 4 << 50 << 200 << snap(4, 0, 4) << plan(0, 0);
        QTest::newRow("new tasks healthy: stop all old") << 4 << 50 << 200 << snap(4, 4) << plan(0, 4);
        QTest::newRow("100/200, new healthy: stop all old") << 4 << 100 << 200 << snap(4, 4) << plan(0, 4);
        // Half the new ones healthy: 6 healthy, minimum 4, surplus 2.
        QTest::newRow("100/200, half healthy: stop the surplus") << 4 << 100 << 200 << snap(4, 2, 2) << plan(0, 2);
        QTest::newRow("50/100 second tick: start into freed room") << 4 << 50 << 100 << snap(2) << plan(2, 0);
        QTest::newRow("50/100 starts pending: nothing to do yet") << 4 << 50 << 100 << snap(2, 0, 2) << plan(0, 0);
        QTest::newRow("50/100 third tick: stop the last old") << 4 << 50 << 100 << snap(2, 2) << plan(0, 2);
        // 3 at 50/150: bounds 2/4. Start 1 (4 − 3), and the 2 that max keeps from starting need room: stop 1.
        QTest::newRow("50/150 starts and stops in one tick") << 3 << 50 << 150 << snap(3) << plan(1, 1);
        // Unhealthy old tasks never count toward the minimum and are stopped at once; their room is freed.
        QTest::newRow("old unhealthy stopped first") << 2 << 100 << 100 << snap(1, 0, 0, 1) << plan(0, 0, 1);
        QTest::newRow("old unhealthy with surge") << 4 << 100 << 200 << snap(3, 0, 0, 1) << plan(4, 0, 1);
        QTest::newRow("complete") << 4 << 100 << 200 << snap(0, 4) << plan(0, 0, 0, true);
        QTest::newRow("old gone, new short: start") << 4 << 50 << 100 << snap(0, 2) << plan(2, 0);
        QTest::newRow("zero desired stops old regardless") << 0 << 100 << 200 << snap(2) << plan(0, 2);
        QTest::newRow("zero desired, nothing running: complete") << 0 << 100 << 200 << snap(0) << plan(0, 0, 0, true);
        // Fewer old than desired (a task died): the start fills the gap, nothing is stopped below the floor.
        QTest::newRow("fewer old than desired") << 4 << 100 << 100 << snap(3) << plan(1, 0);
        // Old tasks not RUNNING yet count toward no floor; they go when their room is needed, or once
        // the healthy tasks cover desired without them, and are kept otherwise (nothing replaces them yet).
        QTest::newRow("old starting kept while there is room")
            << 2 << 100 << 200 << withStarting(snap(1), 1) << plan(2, 0);
        QTest::newRow("old starting kept while new ones are not healthy")
            << 2 << 100 << 200 << withStarting(snap(1, 0, 2), 1) << plan(0, 0);
        QTest::newRow("old starting goes first when room lacks")
            << 2 << 50 << 100 << withStarting(snap(1), 1) << stoppingStarting(plan(0, 0), 1);
        QTest::newRow("old starting surplus once new ones are healthy")
            << 2 << 100 << 200 << withStarting(snap(1, 2), 1) << stoppingStarting(plan(0, 1), 1);
        QTest::newRow("only old starting left, room to start: not complete, not stuck")
            << 2 << 100 << 200 << withStarting(snap(0, 1), 1) << plan(1, 0);
        QTest::newRow("only old starting left, its place needed: it goes")
            << 2 << 100 << 100 << withStarting(snap(0, 1), 1) << stoppingStarting(plan(0, 0), 1);
        // A new task could not be placed (distinctInstance on 3 instances, 2 old, 1 new): the starts lack
        // room, so old ones stop down to the floor to make it (desired 3 at 50 %: floor 2, stop 1).
        QTest::newRow("placement blocked: old stop down to the floor")
            << 3 << 50 << 200 << blocked(snap(2, 1)) << plan(2, 1);
        QTest::newRow("placement blocked at 100 %: the floor keeps every old task")
            << 2 << 100 << 200 << blocked(snap(2)) << plan(2, 0);
    }

    void planStep()
    {
        QFETCH(int, desired);
        QFETCH(int, minPct);
        QFETCH(int, maxPct);
        QFETCH(RolloutSnapshot, observed);
        QFETCH(StepPlan, expected);

        QCOMPARE(fd::services::planStep(desired, observed, boundsOf(desired, minPct, maxPct)), expected);
    }

    void planRollout_data()
    {
        QTest::addColumn<int>("desired");
        QTest::addColumn<int>("minPct");
        QTest::addColumn<int>("maxPct");
        QTest::addColumn<QString>("summary");
        QTest::addColumn<int>("peakRunning");
        QTest::addColumn<int>("lowestHealthy");

        QTest::newRow("§6 desired 4, max 200%: start 4 first") << 4 << 50 << 200 << "start 4, stop 4" << 8 << 4;
        QTest::newRow("§6 desired 4, minHealthy 50%: stop 2 first")
            << 4 << 50 << 100 << "stop 2, start 2, stop 2, start 2" << 4 << 2;
        QTest::newRow("§6 desired 2, minHealthy 75%: cannot move")
            << 2 << 75 << 100
            << "cannot move: minimumHealthyPercent keeps 2 of 2 tasks running (rounded up) and maximumPercent allows "
               "at most 2 (rounded down), so the scheduler can neither stop nor start a task. Lower "
               "minimumHealthyPercent or raise maximumPercent."
            << 2 << 2;
        QTest::newRow("§6 desired 3, max 125%: cannot move")
            << 3 << 100 << 125
            << "cannot move: minimumHealthyPercent keeps 3 of 3 tasks running (rounded up) and maximumPercent allows "
               "at most 3 (rounded down), so the scheduler can neither stop nor start a task. Lower "
               "minimumHealthyPercent or raise maximumPercent."
            << 3 << 3;
        QTest::newRow("replica defaults") << 4 << 100 << 200 << "start 4, stop 4" << 8 << 4;
        QTest::newRow("daemon defaults: stop all, start all") << 3 << 0 << 100 << "stop 3, start 3" << 3 << 0;
        QTest::newRow("one at a time above the floor")
            << 4 << 75 << 100 << "stop 1, start 1, stop 1, start 1, stop 1, start 1, stop 1, start 1" << 4 << 3;
        QTest::newRow("one at a time under the ceiling")
            << 3 << 100 << 134 << "start 1, stop 1, start 1, stop 1, start 1, stop 1" << 4 << 3; // 4.02 → 4
        QTest::newRow("start and stop in the same decision")
            << 3 << 50 << 150 << "start 1, stop 1, start 1, stop 1, start 1, stop 1" << 4 << 3;
        QTest::newRow("odd count, 50/200") << 5 << 50 << 200 << "start 5, stop 5" << 10 << 5;
        QTest::newRow("zero desired: nothing to do") << 0 << 100 << 200 << "" << 0 << 0;
    }

    void planRollout()
    {
        QFETCH(int, desired);
        QFETCH(int, minPct);
        QFETCH(int, maxPct);
        QFETCH(QString, summary);
        QFETCH(int, peakRunning);
        QFETCH(int, lowestHealthy);

        const DeploymentBounds b = boundsOf(desired, minPct, maxPct);
        const RolloutPlan p = fd::services::planRollout(desired, b);
        QCOMPARE(p.summary(), summary);
        QCOMPARE(p.possible, fd::services::canMove(b, desired));
        QCOMPARE(p.peakRunning, peakRunning);
        QCOMPARE(p.lowestHealthy, lowestHealthy);
        // Every plan respects its bounds and ends with exactly desired new tasks.
        for (const RolloutStep &s : p.steps) {
            QVERIFY2(s.oldRunning + s.newRunning <= b.maximum, qPrintable(s.toString()));
            QVERIFY2(s.oldRunning + s.newRunning >= b.minimumHealthy, qPrintable(s.toString()));
        }
        if (p.possible && !p.steps.isEmpty()) {
            QCOMPARE(p.steps.last().oldRunning, 0);
            QCOMPARE(p.steps.last().newRunning, desired);
        }
    }

    void planRolloutCounts()
    {
        const RolloutPlan p = fd::services::planRollout(4, boundsOf(4, 50, 100));
        const QList<RolloutStep> expected = {
            {RolloutStep::Action::Stop, 2, 2, 0},
            {RolloutStep::Action::Start, 2, 2, 2},
            {RolloutStep::Action::Stop, 2, 0, 2},
            {RolloutStep::Action::Start, 2, 0, 4},
        };
        QCOMPARE(p.steps, expected);
    }

    void planRolloutFromFewerOld()
    {
        // A service at 2 of 4 when the update arrives: fill up to the ceiling first.
        const RolloutPlan p = fd::services::planRollout(4, boundsOf(4, 50, 100), 2);
        QCOMPARE(p.summary(), QStringLiteral("start 2, stop 2, start 2"));
    }

    void circuitBreaker_data()
    {
        QTest::addColumn<int>("desired");
        QTest::addColumn<int>("minimum");
        QTest::addColumn<int>("threshold");

        // §6 Breaker, desired 1 / 25 / 400 / 800 → 10 / 13 / 200 / 200 (2023 docs, minimum 10);
        // with the current minimum of 3: 3 / 13 / 200 / 200.
        QTest::newRow("§6 current minimum 3, desired 1") << 1 << kCircuitBreakerMinimum << 3;
        QTest::newRow("§6 current minimum 3, desired 25") << 25 << kCircuitBreakerMinimum << 13;
        QTest::newRow("§6 current minimum 3, desired 400") << 400 << kCircuitBreakerMinimum << 200;
        QTest::newRow("§6 current minimum 3, desired 800") << 800 << kCircuitBreakerMinimum << 200;
        QTest::newRow("§6 2023 minimum 10, desired 1") << 1 << kCircuitBreakerMinimum2023 << 10;
        QTest::newRow("§6 2023 minimum 10, desired 25") << 25 << kCircuitBreakerMinimum2023 << 13;
        QTest::newRow("§6 2023 minimum 10, desired 400") << 400 << kCircuitBreakerMinimum2023 << 200;
        QTest::newRow("§6 2023 minimum 10, desired 800") << 800 << kCircuitBreakerMinimum2023 << 200;
        QTest::newRow("zero desired") << 0 << kCircuitBreakerMinimum << 3;
        QTest::newRow("even count halves exactly") << 10 << kCircuitBreakerMinimum << 5;
        QTest::newRow("last below the cap") << 399 << kCircuitBreakerMinimum << 200; // 199.5 → 200
        QTest::newRow("just under the 2023 minimum") << 19 << kCircuitBreakerMinimum2023 << 10;
        QTest::newRow("just over the 2023 minimum") << 21 << kCircuitBreakerMinimum2023 << 11;
    }

    void circuitBreaker()
    {
        QFETCH(int, desired);
        QFETCH(int, minimum);
        QFETCH(int, threshold);

        QCOMPARE(circuitBreakerThreshold(desired, minimum), threshold);
    }

    void circuitBreakerDefaultsToCurrentMinimum() { QCOMPARE(circuitBreakerThreshold(1), 3); }

    void throttleDelay_data()
    {
        QTest::addColumn<int>("failures");
        QTest::addColumn<int>("seconds");

        QTest::newRow("no failure, no wait") << 0 << 0;
        QTest::newRow("first") << 1 << 10;
        QTest::newRow("second doubles") << 2 << 20;
        QTest::newRow("third") << 3 << 40;
        QTest::newRow("seventh") << 7 << 640;
        QTest::newRow("eighth reaches the 15-minute cap") << 8 << 900; // 1,280 s capped
        QTest::newRow("stays at the cap") << 50 << 900;
        QTest::newRow("huge streak does not overflow") << 1000000 << 900;
    }

    void throttleDelay()
    {
        QFETCH(int, failures);
        QFETCH(int, seconds);

        QCOMPARE(fd::services::throttleDelay(failures).count(), qint64(seconds));
    }

    void throttleState()
    {
        StartThrottle t;
        QVERIFY(t.mayLaunch(kT0));
        QVERIFY(!t.nextLaunchAllowedAt().isValid());

        t = t.afterStartFailure(kT0);
        QCOMPARE(t.nextLaunchAllowedAt(), kT0.addSecs(10));
        QVERIFY(!t.mayLaunch(kT0.addSecs(9)));
        QVERIFY(t.mayLaunch(kT0.addSecs(10)));
        QVERIFY(!t.shouldEmitEvent());

        t = t.afterStartFailure(kT0.addSecs(10)).afterStartFailure(kT0.addSecs(30));
        QCOMPARE(t.consecutiveFailures, 3);
        QVERIFY(t.shouldEmitEvent()); // "(service S) is unable to consistently start tasks successfully."
        QCOMPARE(t.nextLaunchAllowedAt(), kT0.addSecs(70));
        QVERIFY(!t.afterStartFailure(kT0.addSecs(70)).shouldEmitEvent()); // once per streak

        QCOMPARE(t.afterServiceUpdate(), StartThrottle{});
        QVERIFY(t.afterServiceUpdate().mayLaunch(kT0.addSecs(31)));
        QCOMPARE(t.afterTaskRunning(), StartThrottle{});
    }

    void health_data()
    {
        QTest::addColumn<int>("runningFor"); // seconds since RUNNING; -1: not RUNNING yet
        QTest::addColumn<bool>("hasChecks");
        QTest::addColumn<Health>("taskHealth");
        QTest::addColumn<int>("grace");
        QTest::addColumn<HealthJudgement::State>("state");
        QTest::addColumn<int>("recheckAfter"); // seconds after RUNNING; -1: no time-based recheck

        using S = HealthJudgement::State;
        QTest::newRow("not running yet") << -1 << false << Health::Unknown << 0 << S::NotYet << -1;
        QTest::newRow("no checks, just started") << 0 << false << Health::Unknown << 0 << S::NotYet << 40;
        QTest::newRow("no checks, 39 s") << 39 << false << Health::Unknown << 0 << S::NotYet << 40;
        QTest::newRow("no checks, 40 s") << 40 << false << Health::Unknown << 0 << S::Healthy << -1;
        // Without essential checks the container health is not consulted at all.
        QTest::newRow("no checks ignores health") << 40 << false << Health::Unhealthy << 0 << S::Healthy << -1;
        QTest::newRow("checks healthy at once") << 1 << true << Health::Healthy << 0 << S::Healthy << -1;
        QTest::newRow("checks unknown") << 300 << true << Health::Unknown << 0 << S::NotYet << -1;
        QTest::newRow("checks unhealthy, no grace") << 5 << true << Health::Unhealthy << 0 << S::Unhealthy << -1;
        QTest::newRow("unhealthy ignored during grace") << 5 << true << Health::Unhealthy << 60 << S::NotYet << 60;
        QTest::newRow("unhealthy counts when grace ends")
            << 60 << true << Health::Unhealthy << 60 << S::Unhealthy << -1;
        QTest::newRow("healthy during grace counts") << 5 << true << Health::Healthy << 60 << S::Healthy << -1;
    }

    void health()
    {
        QFETCH(int, runningFor);
        QFETCH(bool, hasChecks);
        QFETCH(Health, taskHealth);
        QFETCH(int, grace);
        QFETCH(HealthJudgement::State, state);
        QFETCH(int, recheckAfter);

        const QDateTime runningSince = runningFor < 0 ? QDateTime() : kT0;
        const QDateTime now = kT0.addSecs(std::max(0, runningFor));
        const HealthJudgement j = judgeNewTaskHealth(runningSince, now, hasChecks, taskHealth, grace);
        QCOMPARE(j.state, state);
        QCOMPARE(j.recheckAt, recheckAfter < 0 ? QDateTime() : kT0.addSecs(recheckAfter));
    }
};

QTEST_APPLESS_MAIN(TestDeploymentMath)
#include "TestDeploymentMath.moc"
