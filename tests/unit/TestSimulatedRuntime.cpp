// SimulatedRuntime: the in-process runtime for machines without Docker and for scale tests.
//
// Every test drives time with a ManualClock and calls tick() itself (tickInterval 0), so each
// transition is checked at its exact millisecond: start latency and its seeded jitter, injected
// failures (fail to start, exit after N s, unhealthy after N s), Docker's health-check rules, stop
// with SIGTERM and SIGKILL, host ports per loopback address, usage within the image's profile.
// The last test starts 10,000 containers and prints how long it took.

#include "Clock.h"
#include "runtime/SimulatedRuntime.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QtTest>

#include <memory>
#include <optional>

using namespace fd;
using namespace fd::runtime;
using namespace std::chrono_literals;

namespace {

const QString kImage = QStringLiteral("fleetdeck/demo-web:1");

/// Collects a Pending's result; done() lets queued continuations run first.
template<typename T> class Watch
{
public:
    Watch(const Pending<T> &p, QObject *context) : m_result(std::make_shared<std::optional<Result<T>>>())
    {
        auto out = m_result;
        p.then(context, [out](const Result<T> &r) { *out = r; });
    }
    bool done() const
    {
        QCoreApplication::processEvents();
        return m_result->has_value();
    }
    const Result<T> &result() const { return **m_result; }

private:
    std::shared_ptr<std::optional<Result<T>>> m_result;
};

ContainerRunSpec webSpec(const QString &name, const QString &hostIp = QStringLiteral("127.0.0.1"), quint16 hostPort = 0)
{
    ContainerRunSpec s;
    s.name = name;
    s.image = kImage;
    s.labels = {{QStringLiteral("fleetdeck.managed"), QStringLiteral("true")},
                {QStringLiteral("fleetdeck.container"), QStringLiteral("web")}};
    s.cpuUnits = 256;
    s.memoryMiB = 128;
    s.hostIp = hostIp;
    s.ports = {PortSpec{8080, hostPort, QStringLiteral("tcp")}};
    return s;
}

HealthCheckSpec healthCheck(std::chrono::milliseconds interval, int retries = 3,
                            std::chrono::milliseconds startPeriod = 0ms)
{
    HealthCheckSpec h;
    h.command = {QStringLiteral("CMD"), QStringLiteral("/demo-web"), QStringLiteral("healthcheck")};
    h.interval = interval;
    h.timeout = 1s;
    h.retries = retries;
    h.startPeriod = startPeriod;
    return h;
}

qint64 residentKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

} // namespace

class TestSimulatedRuntime final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void startLatencyIsHonoured();
    void startJitterIsSeededAndBounded();
    void missingImageIsCannotPullContainerError();
    void injectedFailureToStart_data();
    void injectedFailureToStart();
    void injectedExitAfter();
    void healthTransitions_data();
    void healthTransitions();
    void noHealthCheckStaysUnknown();
    void makeUnhealthyAndMakeExit();
    void stopSendsSigtermThenSigkill();
    void removeRules();
    void stopOrRemoveWhileStarting();
    void dynamicPortsPerAddress();
    void staticPortConflicts();
    void dynamicRangeExhausted();
    void nameConflict();
    void usageStaysWithinTheProfile();
    void overTheMemoryLimitIsOomKilled();
    void listFiltersOnLabels();
    void pidWhileRunning();
    void taskNetworks();
    void networkHeldWhileStartingOrRunning();
    void productionTimerTicks();
    void tenThousandContainers();

private:
    void makeRuntime(const SimulationOptions &options);
    /// Moves the clock on, processes what is due, delivers results.
    void advance(std::chrono::milliseconds by);
    /// Runs `spec` to completion of its start (advancing the clock by the latency).
    Result<RunningContainer> run(const ContainerRunSpec &spec);
    ContainerState state(const QString &id);

    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<SimulatedRuntime> m_rt;
    SimulationOptions m_options;
};

void TestSimulatedRuntime::init()
{
    m_clock = std::make_unique<ManualClock>();
    SimulationOptions o;
    o.startLatency = 1000ms;
    o.startJitter = 0ms;
    o.stopLatency = 200ms;
    o.tickInterval = 0ms; // the test ticks
    makeRuntime(o);
}

void TestSimulatedRuntime::cleanup()
{
    m_rt.reset();
}

void TestSimulatedRuntime::makeRuntime(const SimulationOptions &options)
{
    m_options = options;
    m_rt.reset();
    m_rt = std::make_unique<SimulatedRuntime>(*m_clock, options);
}

void TestSimulatedRuntime::advance(std::chrono::milliseconds by)
{
    m_clock->advance(by.count());
    m_rt->tick();
    QCoreApplication::processEvents();
}

Result<RunningContainer> TestSimulatedRuntime::run(const ContainerRunSpec &spec)
{
    Watch w(m_rt->runContainer(spec), this);
    if (!w.done())
        advance(m_options.startLatency + m_options.startJitter);
    if (!w.done())
        return makeError(QStringLiteral("Test"), QStringLiteral("no answer after the start latency"));
    return w.result();
}

ContainerState TestSimulatedRuntime::state(const QString &id)
{
    Watch w(m_rt->inspect(id), this);
    if (!w.done() || !w.result())
        return {};
    return *w.result();
}

void TestSimulatedRuntime::startLatencyIsHonoured()
{
    SimulationOptions o = m_options;
    o.startLatency = 2000ms;
    makeRuntime(o);
    const QDateTime t0 = m_clock->now();

    Watch w(m_rt->runContainer(webSpec(QStringLiteral("web-1"))), this);
    QVERIFY(!w.done());
    QCOMPARE(m_rt->containerCount(), 1);
    QCOMPARE(m_rt->runningCount(), 0);

    advance(1999ms);
    QVERIFY2(!w.done(), "answered before the start latency");
    Watch listed(m_rt->list(), this);
    QVERIFY(listed.done());
    QCOMPARE(listed.result()->size(), 1);
    QCOMPARE(toString(listed.result()->first().status), toString(ContainerStatus::Created));

    advance(1ms);
    QVERIFY(w.done());
    QVERIFY2(w.result().ok(), qPrintable(w.result().ok() ? QString() : w.result().error().message));
    const RunningContainer &rc = *w.result();
    QCOMPARE(rc.id.size(), 64);
    QCOMPARE(rc.name, QStringLiteral("web-1"));
    QCOMPARE(rc.startedAt, t0.addMSecs(2000));
    QCOMPARE(rc.hostPort(8080), std::optional<quint16>(49153));
    QCOMPARE(rc.ports.first().hostIp, QStringLiteral("127.0.0.1"));

    const ContainerState s = state(rc.id);
    QCOMPARE(toString(s.status), toString(ContainerStatus::Running));
    QCOMPARE(s.startedAt, t0.addMSecs(2000));
    QVERIFY(!s.finishedAt.isValid());
    QCOMPARE(toString(s.health), toString(HealthStatus::Unknown));
    QCOMPARE(s.labels.value(QStringLiteral("fleetdeck.container")), QStringLiteral("web"));
    QCOMPARE(m_rt->runningCount(), 1);
}

void TestSimulatedRuntime::startJitterIsSeededAndBounded()
{
    const auto startTimes = [this](quint64 seed) {
        SimulationOptions o = m_options;
        o.startLatency = 1000ms;
        o.startJitter = 500ms;
        o.seed = seed;
        makeRuntime(o);
        const QDateTime t0 = m_clock->now();
        QList<Watch<RunningContainer>> watches;
        for (int i = 0; i < 50; ++i)
            watches.append(Watch(m_rt->runContainer(webSpec(QStringLiteral("web-%1").arg(i))), this));
        advance(1500ms);
        QList<qint64> out;
        for (const auto &w : watches)
            out.append(w.done() && w.result() ? t0.msecsTo(w.result()->startedAt) : -1);
        return out;
    };

    const QList<qint64> a = startTimes(42);
    const QList<qint64> b = startTimes(42);
    const QList<qint64> c = startTimes(43);
    QCOMPARE(a, b); // same seed, same calls: same run
    QVERIFY(a != c);
    for (qint64 ms : a)
        QVERIFY2(ms >= 1000 && ms <= 1500, qPrintable(QString::number(ms)));
    QVERIFY2(*std::max_element(a.begin(), a.end()) - *std::min_element(a.begin(), a.end()) > 100,
             "jitter should spread 50 starts over more than 100 ms of a 500 ms window");
}

void TestSimulatedRuntime::missingImageIsCannotPullContainerError()
{
    m_rt->setAvailableImages(QSet<QString>{kImage});
    ContainerRunSpec spec = webSpec(QStringLiteral("nope"));
    spec.image = QStringLiteral("fleetdeck/nope:1");
    Watch w(m_rt->runContainer(spec), this);
    QVERIFY(w.done()); // no pull to wait for
    QVERIFY(!w.result().ok());
    QCOMPARE(w.result().error().code, QString(errc::CannotPullContainerError));
    QVERIFY2(w.result().error().message.startsWith(QStringLiteral("CannotPullContainerError: fleetdeck/nope:1")),
             qPrintable(w.result().error().message));
    QCOMPARE(m_rt->containerCount(), 0);

    const auto ok = run(webSpec(QStringLiteral("there")));
    QVERIFY(ok.ok());
}

void TestSimulatedRuntime::injectedFailureToStart_data()
{
    QTest::addColumn<QString>("imagePattern");
    QTest::addColumn<QString>("namePattern");
    QTest::addColumn<QString>("image");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("fails");

    QTest::newRow("by image") << "fleetdeck/bad:*"
                              << ""
                              << "fleetdeck/bad:3"
                              << "web-1" << true;
    QTest::newRow("other image") << "fleetdeck/bad:*"
                                 << ""
                                 << "fleetdeck/demo-web:1"
                                 << "web-1" << false;
    QTest::newRow("by name") << ""
                             << "*-canary-*"
                             << "fleetdeck/demo-web:1"
                             << "web-canary-7" << true;
    QTest::newRow("other name") << ""
                                << "*-canary-*"
                                << "fleetdeck/demo-web:1"
                                << "web-7" << false;
    // Both patterns given: both must match.
    QTest::newRow("image and name") << "*demo-web*"
                                    << "web-?"
                                    << "fleetdeck/demo-web:2"
                                    << "web-9" << true;
    QTest::newRow("image but not name") << "*demo-web*"
                                        << "web-?"
                                        << "fleetdeck/demo-web:2"
                                        << "web-10" << false;
}

void TestSimulatedRuntime::injectedFailureToStart()
{
    QFETCH(QString, imagePattern);
    QFETCH(QString, namePattern);
    QFETCH(QString, image);
    QFETCH(QString, name);
    QFETCH(bool, fails);

    FailureRule rule;
    rule.kind = FailureRule::Kind::FailToStart;
    rule.image = imagePattern;
    rule.name = namePattern;
    rule.message = QStringLiteral("exec: \"/missing\": stat /missing: no such file or directory");
    m_rt->addFailure(rule);

    ContainerRunSpec spec = webSpec(name, QStringLiteral("127.0.0.2"), 8080);
    spec.image = image;
    Watch w(m_rt->runContainer(spec), this);
    advance(999ms);
    QVERIFY2(!w.done(), "a failure to start comes after the start latency, as on an engine");
    advance(1ms);
    QVERIFY(w.done());
    QCOMPARE(!w.result().ok(), fails);
    if (!fails)
        return;
    QCOMPARE(w.result().error().code, QString(errc::CannotStartContainerError));
    QCOMPARE(w.result().error().message,
             QStringLiteral("CannotStartContainerError: exec: \"/missing\": stat /missing: no such file or directory"));
    // Nothing is left behind: no container, the static port is free again.
    QCOMPARE(m_rt->containerCount(), 0);
    m_rt->clearFailures();
    const auto again = run(spec);
    QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().message));
    QCOMPARE(again->hostPort(8080), std::optional<quint16>(8080));
}

void TestSimulatedRuntime::injectedExitAfter()
{
    FailureRule rule;
    rule.kind = FailureRule::Kind::ExitAfter;
    rule.name = QStringLiteral("crashy-*");
    rule.after = 5s;
    rule.exitCode = 3;
    const int ruleId = m_rt->addFailure(rule);
    QSignalSpy exited(m_rt.get(), &ContainerRuntime::containerExited);

    const auto crashy = run(webSpec(QStringLiteral("crashy-1")));
    const auto steady = run(webSpec(QStringLiteral("steady-1")));
    QVERIFY(crashy.ok() && steady.ok());
    const QDateTime started = crashy->startedAt;

    advance(3000ms); // crashy has run 4 s (steady's start latency took 1 s of them)
    QCOMPARE(exited.size(), 0);
    QCOMPARE(toString(state(crashy->id).status), toString(ContainerStatus::Running));
    advance(1000ms);
    QCOMPARE(exited.size(), 1);
    QCOMPARE(exited.first().at(0).toString(), crashy->id);
    QCOMPARE(exited.first().at(1).toInt(), 3);

    const ContainerState s = state(crashy->id);
    QCOMPARE(toString(s.status), toString(ContainerStatus::Exited));
    QCOMPARE(s.exitCode, 3);
    QCOMPARE(s.finishedAt, started.addSecs(5));
    QVERIFY2(s.ports.isEmpty(), "ports are released on exit");
    QCOMPARE(m_rt->runningCount(), 1);

    // Rules apply to runs after they are added, and only while they exist.
    m_rt->removeFailure(ruleId);
    const auto later = run(webSpec(QStringLiteral("crashy-2")));
    advance(60s);
    QCOMPARE(exited.size(), 1);
    QCOMPARE(toString(state(later->id).status), toString(ContainerStatus::Running));
}

void TestSimulatedRuntime::healthTransitions_data()
{
    QTest::addColumn<int>("intervalMs");
    QTest::addColumn<int>("retries");
    QTest::addColumn<int>("startPeriodMs");
    QTest::addColumn<int>("failAfterMs");     // -1: never fails
    QTest::addColumn<int>("expectHealthyAt"); // ms after the start; -1: never
    QTest::addColumn<int>("expectUnhealthyAt");

    QTest::newRow("first probe after one interval") << 1000 << 3 << 0 << -1 << 1000 << -1;
    // Probes 10, 11, 12 fail: unhealthy at the third.
    QTest::newRow("unhealthy after 10 s, 3 retries") << 1000 << 3 << 0 << 10000 << 1000 << 12000;
    QTest::newRow("retries 1") << 2000 << 1 << 0 << 5000 << 2000 << 6000;
    QTest::newRow("failing from the start") << 1000 << 2 << 0 << 0 << -1 << 2000;
    // Never healthy: probes 1-4 fall in the 5 s start period and do not count; 5, 6, 7 do.
    QTest::newRow("start period") << 1000 << 3 << 5000 << 500 << -1 << 7000;
    // Once healthy, failures in the start period count (Docker counts only while "starting").
    QTest::newRow("start period after healthy") << 1000 << 3 << 5000 << 1500 << 1000 << 4000;
    QTest::newRow("ECS defaults") << 30000 << 3 << 0 << 60000 << 30000 << 120000;
}

void TestSimulatedRuntime::healthTransitions()
{
    QFETCH(int, intervalMs);
    QFETCH(int, retries);
    QFETCH(int, startPeriodMs);
    QFETCH(int, failAfterMs);
    QFETCH(int, expectHealthyAt);
    QFETCH(int, expectUnhealthyAt);

    if (failAfterMs >= 0) {
        FailureRule rule;
        rule.kind = FailureRule::Kind::UnhealthyAfter;
        rule.image = kImage;
        rule.after = std::chrono::milliseconds(failAfterMs);
        m_rt->addFailure(rule);
    }
    ContainerRunSpec spec = webSpec(QStringLiteral("web"));
    spec.healthCheck =
        healthCheck(std::chrono::milliseconds(intervalMs), retries, std::chrono::milliseconds(startPeriodMs));
    const auto rc = run(spec);
    QVERIFY(rc.ok());

    QSignalSpy changed(m_rt.get(), &ContainerRuntime::healthChanged);
    int healthyAt = -1;
    int unhealthyAt = -1;
    const int horizon = std::max(expectHealthyAt, expectUnhealthyAt) + 3 * intervalMs;
    for (int t = 100; t <= horizon; t += 100) {
        advance(100ms);
        for (const QList<QVariant> &args : std::as_const(changed)) {
            QCOMPARE(args.at(0).toString(), rc->id);
            const auto h = args.at(1).value<HealthStatus>();
            if (h == HealthStatus::Healthy && healthyAt < 0)
                healthyAt = t;
            if (h == HealthStatus::Unhealthy && unhealthyAt < 0)
                unhealthyAt = t;
        }
        changed.clear();
    }
    QCOMPARE(healthyAt, expectHealthyAt);
    QCOMPARE(unhealthyAt, expectUnhealthyAt);
    const HealthStatus last = expectUnhealthyAt >= 0 ? HealthStatus::Unhealthy : HealthStatus::Healthy;
    QCOMPARE(toString(state(rc->id).health), toString(last));
}

void TestSimulatedRuntime::noHealthCheckStaysUnknown()
{
    QSignalSpy changed(m_rt.get(), &ContainerRuntime::healthChanged);
    FailureRule rule;
    rule.kind = FailureRule::Kind::UnhealthyAfter;
    rule.after = 1s;
    m_rt->addFailure(rule); // without a health check there is nothing to fail
    const auto rc = run(webSpec(QStringLiteral("web")));
    advance(120s);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(toString(state(rc->id).health), toString(HealthStatus::Unknown));
    QVERIFY(!m_rt->makeUnhealthy(rc->id));
}

void TestSimulatedRuntime::makeUnhealthyAndMakeExit()
{
    QSignalSpy changed(m_rt.get(), &ContainerRuntime::healthChanged);
    QSignalSpy exited(m_rt.get(), &ContainerRuntime::containerExited);
    ContainerRunSpec spec = webSpec(QStringLiteral("web"));
    spec.healthCheck = healthCheck(1s, 3);
    const auto rc = run(spec);
    advance(1s);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(toString(changed.first().at(1).value<HealthStatus>()), toString(HealthStatus::Healthy));

    // demo-web's GET /fail: the next probes fail, the third one in a row makes it UNHEALTHY.
    advance(500ms);
    QVERIFY(m_rt->makeUnhealthy(rc->id));
    advance(2000ms); // probes at 2 s and 3 s failed
    QCOMPARE(changed.size(), 1);
    advance(1000ms); // probe at 4 s
    QCOMPARE(changed.size(), 2);
    QCOMPARE(toString(changed.last().at(1).value<HealthStatus>()), toString(HealthStatus::Unhealthy));

    QVERIFY(m_rt->makeExit(rc->id, 2));
    QCOMPARE(exited.size(), 1); // at once, no tick needed
    QCOMPARE(exited.first().at(1).toInt(), 2);
    QVERIFY(!m_rt->makeExit(rc->id, 2)); // not running any more
    advance(10s);
    QCOMPARE(changed.size(), 2); // no verdicts after the exit
}

void TestSimulatedRuntime::stopSendsSigtermThenSigkill()
{
    QSignalSpy exited(m_rt.get(), &ContainerRuntime::containerExited);
    const auto polite = run(webSpec(QStringLiteral("polite")));

    Watch stop(m_rt->stopContainer(polite->id), this);
    advance(199ms);
    QVERIFY2(!stop.done(), "stop answers once the container has exited");
    QCOMPARE(exited.size(), 0);
    advance(1ms);
    QVERIFY(stop.done());
    QVERIFY(stop.result().ok());
    QCOMPARE(exited.size(), 1);
    QCOMPARE(exited.first().at(0).toString(), polite->id);
    QCOMPARE(exited.first().at(1).toInt(), 0);
    QCOMPARE(toString(state(polite->id).status), toString(ContainerStatus::Exited));

    Watch again(m_rt->stopContainer(polite->id), this); // already stopped: fine
    QVERIFY(again.done() && again.result().ok());
    Watch unknown(m_rt->stopContainer(QStringLiteral("nope")), this);
    QVERIFY(unknown.done());
    QCOMPARE(unknown.result().error().code, QString(errc::NotFound));

    // A process that ignores SIGTERM is killed when the grace period ends.
    ImageProfile stubborn;
    stubborn.handlesSigterm = false;
    m_rt->setImageProfile(QStringLiteral("fleetdeck/stubborn:1"), stubborn);
    ContainerRunSpec spec = webSpec(QStringLiteral("stubborn"));
    spec.image = QStringLiteral("fleetdeck/stubborn:1");
    spec.stopTimeout = 10s;
    const auto rc = run(spec);
    Watch kill(m_rt->stopContainer(rc->id, 3s), this); // the call's grace wins over the spec's
    advance(2999ms);
    QVERIFY(!kill.done());
    advance(1ms);
    QVERIFY(kill.done());
    QCOMPARE(exited.size(), 2);
    QCOMPARE(exited.last().at(1).toInt(), 137);

    // Without a grace in the call, the spec's stopTimeout applies.
    spec.name = QStringLiteral("stubborn-2");
    const auto rc2 = run(spec);
    Watch kill2(m_rt->stopContainer(rc2->id), this);
    advance(9999ms);
    QVERIFY(!kill2.done());
    advance(1ms);
    QVERIFY(kill2.done());
    QCOMPARE(exited.last().at(1).toInt(), 137);
}

void TestSimulatedRuntime::removeRules()
{
    QSignalSpy exited(m_rt.get(), &ContainerRuntime::containerExited);
    const auto a = run(webSpec(QStringLiteral("a")));

    Watch refused(m_rt->removeContainer(a->id), this);
    QVERIFY(refused.done());
    QCOMPARE(refused.result().error().code, QString(errc::Conflict));
    QCOMPARE(m_rt->containerCount(), 1);

    Watch forced(m_rt->removeContainer(a->id, true), this);
    QVERIFY(forced.done() && forced.result().ok());
    QCOMPARE(exited.size(), 1);
    QCOMPARE(exited.first().at(1).toInt(), 137);
    QCOMPARE(m_rt->containerCount(), 0);
    Watch gone(m_rt->inspect(a->id), this);
    QVERIFY(gone.done());
    QCOMPARE(gone.result().error().code, QString(errc::NotFound));

    const auto b = run(webSpec(QStringLiteral("b")));
    QVERIFY(m_rt->makeExit(b->id, 0));
    Watch removed(m_rt->removeContainer(b->id), this);
    QVERIFY(removed.done() && removed.result().ok());
    Watch twice(m_rt->removeContainer(b->id), this);
    QVERIFY(twice.done());
    QCOMPARE(twice.result().error().code, QString(errc::NotFound));

    // The name is free again once the container is removed.
    QVERIFY(run(webSpec(QStringLiteral("b"))).ok());
}

void TestSimulatedRuntime::stopOrRemoveWhileStarting()
{
    QSignalSpy exited(m_rt.get(), &ContainerRuntime::containerExited);
    for (const bool remove : {false, true}) {
        Watch run(m_rt->runContainer(webSpec(QStringLiteral("early"), QStringLiteral("127.0.0.2"), 8080)), this);
        advance(500ms);
        Watch listed(m_rt->list(), this);
        QVERIFY(listed.done());
        QCOMPARE(listed.result()->size(), 1);
        const QString id = listed.result()->first().id; // a restarted console could see it so
        Watch call(remove ? m_rt->removeContainer(id) : m_rt->stopContainer(id), this);
        QVERIFY(call.done() && call.result().ok());
        QVERIFY(run.done());
        QCOMPARE(run.result().error().code, QString(errc::CannotStartContainerError));
        QCOMPARE(m_rt->containerCount(), 0);
        advance(1s);
    }
    QCOMPARE(exited.size(), 0);                                                             // it never ran
    QVERIFY(run(webSpec(QStringLiteral("early"), QStringLiteral("127.0.0.2"), 8080)).ok()); // name and port free
}

void TestSimulatedRuntime::dynamicPortsPerAddress()
{
    const auto a1 = run(webSpec(QStringLiteral("a1"), QStringLiteral("127.0.0.2")));
    const auto a2 = run(webSpec(QStringLiteral("a2"), QStringLiteral("127.0.0.2")));
    const auto b1 = run(webSpec(QStringLiteral("b1"), QStringLiteral("127.0.0.3")));
    QCOMPARE(a1->hostPort(8080), std::optional<quint16>(49153));
    QCOMPARE(a2->hostPort(8080), std::optional<quint16>(49154));
    QCOMPARE(b1->hostPort(8080), std::optional<quint16>(49153)); // each instance address has its own ports
    QCOMPARE(b1->ports.first().hostIp, QStringLiteral("127.0.0.3"));

    // A released port is not handed out again at once (Docker's allocator moves on).
    QVERIFY(m_rt->makeExit(a1->id, 0));
    const auto a3 = run(webSpec(QStringLiteral("a3"), QStringLiteral("127.0.0.2")));
    QCOMPARE(a3->hostPort(8080), std::optional<quint16>(49155));

    // Several mappings, tcp and udp.
    ContainerRunSpec multi = webSpec(QStringLiteral("multi"), QStringLiteral("127.0.0.4"));
    multi.ports = {PortSpec{8080, 0, QStringLiteral("tcp")}, PortSpec{9090, 0, QStringLiteral("tcp")},
                   PortSpec{5353, 0, QStringLiteral("udp")}};
    const auto m = run(multi);
    QVERIFY(m.ok());
    QCOMPARE(m->hostPort(8080), std::optional<quint16>(49153));
    QCOMPARE(m->hostPort(9090), std::optional<quint16>(49154));
    QCOMPARE(m->hostPort(5353, QStringLiteral("udp")), std::optional<quint16>(49153));
    QCOMPARE(m->hostPort(5353), std::nullopt);
}

void TestSimulatedRuntime::staticPortConflicts()
{
    const QString ip2 = QStringLiteral("127.0.0.2");
    const auto first = run(webSpec(QStringLiteral("first"), ip2, 8080));
    QVERIFY(first.ok());
    QCOMPARE(first->hostPort(8080), std::optional<quint16>(8080));

    Watch taken(m_rt->runContainer(webSpec(QStringLiteral("second"), ip2, 8080)), this);
    QVERIFY2(taken.done(), "a taken port fails at once");
    QCOMPARE(taken.result().error().code, QString(errc::Conflict));
    QVERIFY2(taken.result().error().message.endsWith(
                 QStringLiteral("Bind for 127.0.0.2:8080 failed: port is already allocated")),
             qPrintable(taken.result().error().message));
    QCOMPARE(m_rt->containerCount(), 1);

    // Two instances can both use host port 8080, as on separate EC2 hosts; so can another protocol.
    QVERIFY(run(webSpec(QStringLiteral("other-instance"), QStringLiteral("127.0.0.3"), 8080)).ok());
    ContainerRunSpec udp = webSpec(QStringLiteral("udp"), ip2, 8080);
    udp.ports.first().protocol = QStringLiteral("udp");
    QVERIFY(run(udp).ok());
    // 0.0.0.0 would take the port on every address.
    Watch any(m_rt->runContainer(webSpec(QStringLiteral("any"), QStringLiteral("0.0.0.0"), 8080)), this);
    QVERIFY(any.done());
    QCOMPARE(any.result().error().code, QString(errc::Conflict));

    // A run that fails on its second mapping releases its first.
    ContainerRunSpec two = webSpec(QStringLiteral("two"), ip2, 9000);
    two.ports.append(PortSpec{8081, 8080, QStringLiteral("tcp")});
    Watch partial(m_rt->runContainer(two), this);
    QVERIFY(partial.done());
    QCOMPARE(partial.result().error().code, QString(errc::Conflict));
    QVERIFY(run(webSpec(QStringLiteral("nine-thousand"), ip2, 9000)).ok());

    // Once the holder exits, the port can be taken again.
    QVERIFY(m_rt->makeExit(first->id, 0));
    QVERIFY(run(webSpec(QStringLiteral("second"), ip2, 8080)).ok());
}

void TestSimulatedRuntime::dynamicRangeExhausted()
{
    SimulationOptions o = m_options;
    o.dynamicPortFirst = 50000;
    o.dynamicPortLast = 50002;
    makeRuntime(o);
    QList<RunningContainer> running;
    for (int i = 0; i < 3; ++i) {
        const auto r = run(webSpec(QStringLiteral("c%1").arg(i)));
        QVERIFY(r.ok());
        QCOMPARE(r->hostPort(8080), std::optional<quint16>(50000 + i));
        running.append(*r);
    }
    Watch full(m_rt->runContainer(webSpec(QStringLiteral("c3"))), this);
    QVERIFY(full.done());
    QCOMPARE(full.result().error().code, QString(errc::Conflict));
    QVERIFY(full.result().error().message.endsWith(QStringLiteral("all ports are allocated")));

    QVERIFY(m_rt->makeExit(running.at(1).id, 0));
    const auto r = run(webSpec(QStringLiteral("c3")));
    QVERIFY(r.ok());
    QCOMPARE(r->hostPort(8080), std::optional<quint16>(50001)); // the search wrapped around
}

void TestSimulatedRuntime::nameConflict()
{
    const auto a = run(webSpec(QStringLiteral("same")));
    QVERIFY(a.ok());
    Watch b(m_rt->runContainer(webSpec(QStringLiteral("same"))), this);
    QVERIFY(b.done());
    QCOMPARE(b.result().error().code, QString(errc::Conflict));
    QVERIFY(b.result().error().message.contains(a->id));
    // An empty name gets a generated one.
    const auto anon = run(webSpec(QString()));
    QVERIFY(anon.ok());
    QVERIFY(anon->name.startsWith(QStringLiteral("sim-")));
}

void TestSimulatedRuntime::usageStaysWithinTheProfile()
{
    ImageProfile p;
    p.cpuPercent = 25;
    p.cpuNoise = 5;
    p.memoryMiB = 100;
    p.memoryNoiseMiB = 10;
    m_rt->setImageProfile(kImage, p);
    const auto rc = run(webSpec(QStringLiteral("web")));

    double cpuSum = 0;
    double cpuMin = 1e9, cpuMax = -1;
    quint64 memMin = ~0ull, memMax = 0;
    const int samples = 500;
    for (int i = 0; i < samples; ++i) {
        advance(1s);
        Watch u(m_rt->usage(rc->id), this);
        QVERIFY(u.done());
        QVERIFY(u.result().ok());
        const ContainerUsage &usage = *u.result();
        QCOMPARE(usage.at, m_clock->now());
        cpuSum += usage.cpuPercent;
        cpuMin = std::min(cpuMin, usage.cpuPercent);
        cpuMax = std::max(cpuMax, usage.cpuPercent);
        memMin = std::min(memMin, usage.memoryBytes);
        memMax = std::max(memMax, usage.memoryBytes);
    }
    QVERIFY2(cpuMin >= 20 && cpuMax <= 30, qPrintable(QStringLiteral("%1..%2").arg(cpuMin).arg(cpuMax)));
    QVERIFY(cpuMax - cpuMin > 5); // noise is there
    QVERIFY(std::abs(cpuSum / samples - 25) < 1);
    QVERIFY(memMin >= 90ull * 1048576 && memMax <= 110ull * 1048576);
    QVERIFY(memMax > memMin);
    qInfo("usage over %d samples: cpu %.2f..%.2f %% (mean %.2f), memory %.1f..%.1f MiB", samples, cpuMin, cpuMax,
          cpuSum / samples, memMin / 1048576.0, memMax / 1048576.0);

    // The default profile applies to other images.
    ContainerRunSpec other = webSpec(QStringLiteral("other"));
    other.image = QStringLiteral("fleetdeck/demo-web:2");
    const auto o = run(other);
    Watch ou(m_rt->usage(o->id), this);
    QVERIFY(ou.done() && ou.result().ok());
    QVERIFY(ou.result()->cpuPercent <= 0.7 && ou.result()->memoryBytes <= 9ull * 1048576);

    QVERIFY(m_rt->makeExit(rc->id, 0));
    Watch stopped(m_rt->usage(rc->id), this);
    QVERIFY(stopped.done());
    QCOMPARE(stopped.result().error().code, QString(errc::Conflict));
    Watch unknown(m_rt->usage(QStringLiteral("nope")), this);
    QVERIFY(unknown.done());
    QCOMPARE(unknown.result().error().code, QString(errc::NotFound));
}

void TestSimulatedRuntime::overTheMemoryLimitIsOomKilled()
{
    ImageProfile hungry;
    hungry.memoryMiB = 300;
    m_rt->setImageProfile(QStringLiteral("fleetdeck/hungry:1"), hungry);
    QSignalSpy exited(m_rt.get(), &ContainerRuntime::containerExited);
    ContainerRunSpec spec = webSpec(QStringLiteral("hungry"));
    spec.image = QStringLiteral("fleetdeck/hungry:1");
    spec.memoryMiB = 256;
    const auto rc = run(spec);
    QVERIFY(rc.ok());
    Watch u(m_rt->usage(rc->id), this);
    QVERIFY(u.done());
    QVERIFY(u.result()->memoryBytes <= 256ull * 1048576); // never above the hard limit
    advance(m_options.oomAfter);
    QCOMPARE(exited.size(), 1);
    QCOMPARE(exited.first().at(1).toInt(), 137);
    const ContainerState s = state(rc->id);
    QVERIFY(s.oomKilled);
    QVERIFY(s.error.startsWith(QStringLiteral("OutOfMemoryError")));

    // Without a hard limit (memoryReservation only) nothing kills it.
    spec.name = QStringLiteral("hungry-soft");
    spec.memoryMiB = 0;
    spec.memoryReservationMiB = 256;
    const auto soft = run(spec);
    advance(60s);
    QCOMPARE(toString(state(soft->id).status), toString(ContainerStatus::Running));
}

void TestSimulatedRuntime::listFiltersOnLabels()
{
    const auto withLabels = [](const QString &name, const QString &cluster, const QString &service) {
        ContainerRunSpec s = webSpec(name);
        s.labels.insert(QStringLiteral("fleetdeck.cluster"), cluster);
        if (!service.isEmpty())
            s.labels.insert(QStringLiteral("fleetdeck.service"), service);
        return s;
    };
    const auto a = run(withLabels(QStringLiteral("a"), QStringLiteral("default"), QStringLiteral("web")));
    const auto b = run(withLabels(QStringLiteral("b"), QStringLiteral("default"), QString()));
    const auto c = run(withLabels(QStringLiteral("c"), QStringLiteral("blue"), QStringLiteral("web")));
    QVERIFY(m_rt->makeExit(b->id, 1)); // exited ones are listed too

    const auto names = [this](const QStringList &filter) {
        Watch w(m_rt->list(filter), this);
        QStringList out;
        if (w.done() && w.result())
            for (const ContainerState &s : *w.result())
                out << s.name + u':' + toString(s.status);
        return out;
    };
    QCOMPARE(names({}), (QStringList{"a:running", "b:exited", "c:running"}));
    QCOMPARE(names({"fleetdeck.cluster=default"}), (QStringList{"a:running", "b:exited"}));
    QCOMPARE(names({"fleetdeck.service"}), (QStringList{"a:running", "c:running"}));
    QCOMPARE(names({"fleetdeck.cluster=default", "fleetdeck.service=web"}), (QStringList{"a:running"}));
    QCOMPARE(names({"fleetdeck.cluster=green"}), QStringList());
    Q_UNUSED(a);
    Q_UNUSED(c);
}

void TestSimulatedRuntime::productionTimerTicks()
{
    SimulationOptions o = m_options;
    o.tickInterval = 20ms; // production uses 100 ms; nothing else calls tick() here
    makeRuntime(o);
    Watch w(m_rt->runContainer(webSpec(QStringLiteral("web"))), this);
    m_clock->advance(1000);
    QTRY_VERIFY_WITH_TIMEOUT(w.done(), 2000);
    QVERIFY(w.result().ok());
}

void TestSimulatedRuntime::tenThousandContainers()
{
    SimulationOptions o = m_options;
    o.startLatency = 2000ms;
    o.startJitter = 1000ms;
    makeRuntime(o);
    ImageProfile p;
    p.cpuPercent = 10;
    p.memoryMiB = 64;
    m_rt->setImageProfile(kImage, p);
    const qint64 rssBefore = residentKiB();

    // 10,000 instances, each with its own loopback address: one container each, dynamic port,
    // health check, the full set of fleetdeck labels.
    const auto specFor = [](int instance, const QString &container) {
        ContainerRunSpec s = webSpec(
            QStringLiteral("fd-%1-%2").arg(instance).arg(container),
            QStringLiteral("127.%1.%2.%3").arg(1 + instance / 65536).arg((instance / 256) % 256).arg(instance % 256));
        s.healthCheck = healthCheck(5s, 3);
        s.labels.insert(QStringLiteral("fleetdeck.cluster"), QStringLiteral("scale"));
        s.labels.insert(QStringLiteral("fleetdeck.instance"), QString::number(instance));
        s.labels.insert(QStringLiteral("fleetdeck.task"), QStringLiteral("task-%1").arg(instance));
        s.labels.insert(QStringLiteral("fleetdeck.container"), container);
        s.labels.insert(QStringLiteral("fleetdeck.family"), QStringLiteral("web"));
        s.labels.insert(QStringLiteral("fleetdeck.revision"), QStringLiteral("1"));
        s.labels.insert(QStringLiteral("fleetdeck.service"), QStringLiteral("web"));
        return s;
    };

    const int instances = 10000;
    int answered = 0;
    int failed = 0;
    QObject context;
    const auto count = [&answered, &failed](const Result<RunningContainer> &r) {
        ++answered;
        if (!r)
            ++failed;
    };

    // The specs are the caller's work (a task controller builds them from the task definition).
    QElapsedTimer wall;
    wall.start();
    QList<ContainerRunSpec> specs;
    specs.reserve(instances);
    for (int i = 0; i < instances; ++i)
        specs.append(specFor(i, QStringLiteral("web")));
    const qint64 specsMs = wall.restart();
    for (const ContainerRunSpec &spec : std::as_const(specs))
        m_rt->runContainer(spec).then(&context, count);
    const qint64 submitted = wall.elapsed();
    m_clock->advance(3000);
    m_rt->tick();
    QCoreApplication::processEvents();
    const qint64 tenThousandMs = wall.elapsed();
    QCOMPARE(answered, instances);
    QCOMPARE(failed, 0);
    QCOMPARE(m_rt->runningCount(), instances);
    qInfo("10,000 containers started in %lld ms wall time (%lld ms to submit, %lld ms to start and answer; "
          "building their specs took another %lld ms)",
          tenThousandMs, submitted, tenThousandMs - submitted, specsMs);
    QVERIFY2(tenThousandMs < 1000, qPrintable(QStringLiteral("%1 ms").arg(tenThousandMs)));

    // Two more containers per instance: 30,000 in all.
    wall.restart();
    for (int i = 0; i < instances; ++i) {
        m_rt->runContainer(specFor(i, QStringLiteral("sidecar"))).then(&context, count);
        m_rt->runContainer(specFor(i, QStringLiteral("log"))).then(&context, count);
    }
    m_clock->advance(3000);
    m_rt->tick();
    QCoreApplication::processEvents();
    const qint64 twentyThousandMs = wall.elapsed();
    QCOMPARE(answered, 3 * instances);
    QCOMPARE(m_rt->runningCount(), 3 * instances);

    // Their health checks all pass after one interval; one tick processes every verdict.
    QSignalSpy changed(m_rt.get(), &ContainerRuntime::healthChanged);
    wall.restart();
    m_clock->advance(5000);
    m_rt->tick();
    const qint64 healthMs = wall.elapsed();
    QCOMPARE(changed.size(), 3 * instances);

    wall.restart();
    Watch listed(m_rt->list({QStringLiteral("fleetdeck.instance=4242")}), this);
    QVERIFY(listed.done());
    const qint64 listMs = wall.elapsed();
    QCOMPARE(listed.result()->size(), 3);

    const qint64 rssAfter = residentKiB();
    qInfo("30,000 containers on 10,000 addresses: 20,000 more started in %lld ms, 30,000 health verdicts in %lld "
          "ms, a label query in %lld ms, about %lld MiB resident for them, %d work items queued",
          twentyThousandMs, healthMs, listMs, (rssAfter - rssBefore) / 1024, m_rt->queuedWork());
}

void TestSimulatedRuntime::pidWhileRunning()
{
    // The metrics collector reads cgroups by pid: running containers have one, each its own.
    Watch starting(m_rt->runContainer(webSpec(QStringLiteral("a"))), this);
    QVERIFY(!starting.done());
    Watch listedStarting(m_rt->list(), this);
    QVERIFY(listedStarting.done());
    QCOMPARE(listedStarting.result()->first().pid, 0); // not running yet
    advance(m_options.startLatency);
    QVERIFY(starting.done() && starting.result().ok());
    const auto b = run(webSpec(QStringLiteral("b")));
    QVERIFY(b.ok());
    const ContainerState sa = state(starting.result()->id);
    const ContainerState sb = state(b->id);
    QVERIFY(sa.pid > 0);
    QVERIFY(sb.pid > 0);
    QVERIFY(sa.pid != sb.pid);

    QVERIFY(m_rt->makeExit(b->id, 0));
    QCOMPARE(state(b->id).pid, 0);
    Watch listed(m_rt->list(), this);
    QVERIFY(listed.done());
    QCOMPARE(listed.result()->at(0).pid, sa.pid); // "a": running
    QCOMPARE(listed.result()->at(1).pid, 0);      // "b": exited
}

void TestSimulatedRuntime::taskNetworks()
{
    const Labels labels{{QStringLiteral("fleetdeck.managed"), QStringLiteral("true")},
                        {QStringLiteral("fleetdeck.task"), QStringLiteral("t1")}};
    Watch created(m_rt->createTaskNetwork(QStringLiteral("fd-task-t1"), labels), this);
    QVERIFY(created.done());
    QVERIFY(created.result().ok());
    const QString id = *created.result();
    QCOMPARE(id.size(), 64);

    // A restarted controller retries: the same network comes back.
    Watch again(m_rt->createTaskNetwork(QStringLiteral("fd-task-t1"), labels), this);
    QVERIFY(again.done());
    QVERIFY(again.result().ok());
    QCOMPARE(*again.result(), id);
    QCOMPARE(m_rt->networkCount(), 1);
    // The name with other labels is somebody else's.
    Watch clash(m_rt->createTaskNetwork(QStringLiteral("fd-task-t1"), {}), this);
    QVERIFY(clash.done());
    QVERIFY(!clash.result().ok());
    QCOMPARE(clash.result().error().code, QString(errc::Conflict));

    Watch other(m_rt->createTaskNetwork(QStringLiteral("fd-task-t2"),
                                        {{QStringLiteral("fleetdeck.task"), QStringLiteral("t2")}}),
                this);
    QVERIFY(other.done() && other.result().ok());
    const auto names = [this](const QStringList &filter) {
        Watch w(m_rt->listTaskNetworks(filter), this);
        return w.done() && w.result() ? *w.result() : QList<QString>{QStringLiteral("?")};
    };
    QCOMPARE(names({}), (QList<QString>{"fd-task-t1", "fd-task-t2"}));
    QCOMPARE(names({QStringLiteral("fleetdeck.managed=true")}), QList<QString>{"fd-task-t1"});
    QCOMPARE(names({QStringLiteral("fleetdeck.task=t3")}), QList<QString>{});

    // A run on a network that does not exist fails at once and leaves nothing behind.
    ContainerRunSpec lost = webSpec(QStringLiteral("lost"));
    lost.network = QStringLiteral("fd-task-nope");
    Watch failed(m_rt->runContainer(lost), this);
    QVERIFY(failed.done());
    QVERIFY(!failed.result().ok());
    QCOMPARE(failed.result().error().code, QString(errc::CannotStartContainerError));
    QCOMPARE(failed.result().error().message,
             QStringLiteral("CannotStartContainerError: network fd-task-nope not found"));
    QCOMPARE(m_rt->containerCount(), 0);

    // Removing: twice is fine (the second finds nothing, which is what the caller wants).
    Watch removed(m_rt->removeTaskNetwork(QStringLiteral("fd-task-t2")), this);
    QVERIFY(removed.done() && removed.result().ok());
    Watch removedAgain(m_rt->removeTaskNetwork(QStringLiteral("fd-task-t2")), this);
    QVERIFY(removedAgain.done() && removedAgain.result().ok());
    QCOMPARE(names({}), QList<QString>{"fd-task-t1"});
}

void TestSimulatedRuntime::networkHeldWhileStartingOrRunning()
{
    Watch created(m_rt->createTaskNetwork(QStringLiteral("fd-task-t1"), {}), this);
    QVERIFY(created.done() && created.result().ok());
    const auto tryRemove = [this] {
        Watch w(m_rt->removeTaskNetwork(QStringLiteral("fd-task-t1")), this);
        if (!w.done())
            return QStringLiteral("no answer");
        return w.result().ok() ? QStringLiteral("ok") : w.result().error().code;
    };

    ContainerRunSpec web = webSpec(QStringLiteral("web"));
    web.network = QStringLiteral("fd-task-t1");
    web.networkAliases = {QStringLiteral("backend")};
    ContainerRunSpec app = webSpec(QStringLiteral("app"), QStringLiteral("127.0.0.1"));
    app.network = QStringLiteral("fd-task-t1");

    // Starting counts as attached, like Docker's endpoint made at the start.
    Watch starting(m_rt->runContainer(web), this);
    QVERIFY(!starting.done());
    QCOMPARE(tryRemove(), QString(errc::Conflict));
    advance(m_options.startLatency);
    QVERIFY(starting.done() && starting.result().ok());
    const auto a = run(app);
    QVERIFY(a.ok());

    Watch refused(m_rt->removeTaskNetwork(QStringLiteral("fd-task-t1")), this);
    QVERIFY(refused.done());
    QVERIFY(!refused.result().ok());
    QCOMPARE(refused.result().error().code, QString(errc::Conflict));
    QVERIFY2(refused.result().error().message.contains(QStringLiteral("has active endpoints")),
             qPrintable(refused.result().error().message));

    // One stops: the other still holds it. Exited containers do not (they stay listed).
    Watch stopped(m_rt->stopContainer(starting.result()->id), this);
    advance(m_options.stopLatency);
    QVERIFY(stopped.done() && stopped.result().ok());
    QCOMPARE(tryRemove(), QString(errc::Conflict));
    QVERIFY(m_rt->makeExit(a->id, 1));
    QCOMPARE(m_rt->containerCount(), 2);
    QCOMPARE(tryRemove(), QStringLiteral("ok"));
    QCOMPARE(m_rt->networkCount(), 0);

    // A start that fails, and one removed while starting, release it too.
    Watch again(m_rt->createTaskNetwork(QStringLiteral("fd-task-t1"), {}), this);
    QVERIFY(again.done() && again.result().ok());
    FailureRule rule;
    rule.kind = FailureRule::Kind::FailToStart;
    rule.name = QStringLiteral("bad");
    m_rt->addFailure(rule);
    ContainerRunSpec bad = webSpec(QStringLiteral("bad"), QStringLiteral("127.0.0.2"));
    bad.network = QStringLiteral("fd-task-t1");
    Watch badRun(m_rt->runContainer(bad), this);
    ContainerRunSpec late = webSpec(QStringLiteral("late"), QStringLiteral("127.0.0.3"));
    late.network = QStringLiteral("fd-task-t1");
    Watch lateRun(m_rt->runContainer(late), this);
    QCOMPARE(tryRemove(), QString(errc::Conflict));
    Watch list(m_rt->list({QStringLiteral("fleetdeck.container=web")}), this);
    QVERIFY(list.done());
    QString lateId;
    for (const ContainerState &c : *list.result())
        if (c.name == u"late")
            lateId = c.id;
    QVERIFY(!lateId.isEmpty());
    Watch removedLate(m_rt->removeContainer(lateId), this);
    QVERIFY(removedLate.done() && removedLate.result().ok());
    advance(m_options.startLatency);
    QVERIFY(badRun.done() && !badRun.result().ok());
    QCOMPARE(tryRemove(), QStringLiteral("ok"));
}

QTEST_GUILESS_MAIN(TestSimulatedRuntime)
#include "TestSimulatedRuntime.moc"
