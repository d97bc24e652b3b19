// TestDockerRuntime: DockerRuntime against the real Docker engine.
//
// Runs fleetdeck/demo-web:1 the way a task controller will: a dynamic host port on 127.0.0.1 and a
// 1 s health check; waits for HEALTHY from the engine's events, reaches the app over
// 127.0.0.1:<port>, breaks it with GET /fail and waits for UNHEALTHY, stops it and waits for the
// exit. Then: a missing image is CannotPullContainerError, two instance addresses (127.0.0.2 and
// 127.0.0.3) can both publish the same static host port while a second claim on one of them is
// Conflict and leaves nothing behind, and a running container is removed only with force. Last, a
// task network: two demo-web containers on it (one with the alias "backend"), and containers
// running `demo-web fetch` on it prove that the alias and the container name resolve there and an
// unknown name does not; the network cannot be removed while containers run on it.
//
// Traffic goes only to 127.0.0.x from the host; inside the task network from container to container.
// The fetching containers get DNS server 127.0.0.1 (nothing listens there), so a name the network
// does not know is not forwarded to the host's resolvers. Without an engine or the image the test skips, or fails under
// CI=true. Everything carries fleetdeck.test=1 plus a per-run label and is removed in cleanup().

#include "TestSupport.h"
#include "docker/DockerEngineClient.h"
#include "runtime/DockerRuntime.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <optional>

using namespace fd;
using namespace fd::runtime;
using namespace std::chrono_literals;

namespace {

const QString kImage = QStringLiteral("fleetdeck/demo-web:1");

template<typename T> std::optional<Result<T>> await(const Pending<T> &p, int timeoutMs = 30000)
{
    std::optional<Result<T>> out;
    QObject context;
    p.then(&context, [&out](const Result<T> &r) { out = r; });
    (void)QTest::qWaitFor([&out] { return out.has_value(); }, timeoutMs);
    return out;
}

template<typename T> QString describe(const std::optional<Result<T>> &r)
{
    if (!r)
        return QStringLiteral("no answer in time");
    if (r->ok())
        return QStringLiteral("ok");
    return r->error().code + QStringLiteral(": ") + r->error().message;
}

/// The signal arguments (id, value) seen so far for one container.
QList<QVariant> valuesFor(const QSignalSpy &spy, const QString &id)
{
    QList<QVariant> out;
    for (const QList<QVariant> &args : spy)
        if (args.at(0).toString() == id)
            out.append(args.at(1));
    return out;
}

bool sawHealth(const QSignalSpy &spy, const QString &id, HealthStatus health)
{
    for (const QVariant &v : valuesFor(spy, id))
        if (v.value<HealthStatus>() == health)
            return true;
    return false;
}

} // namespace

class TestDockerRuntime final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void demoWebLifecycle();
    void missingImageIsCannotPullContainerError();
    void staticPortsPerInstanceAddress();
    void removeRunningNeedsForce();
    void taskNetworkNamesResolve();

private:
    ContainerRunSpec spec(const QString &suffix, const QString &hostIp = QStringLiteral("127.0.0.1"),
                          quint16 hostPort = 0) const;
    int httpGet(const QString &hostIp, quint16 port, const QString &path, QByteArray *body = nullptr);
    void removeAll();
    void timing(const char *step, QElapsedTimer &t) { qInfo("%-34s %5lld ms", step, t.restart()); }

    std::unique_ptr<docker::DockerEngineClient> m_engine;
    docker::DockerClient *m_client = nullptr;
    std::unique_ptr<DockerRuntime> m_rt;
    QNetworkAccessManager m_nam;
    QString m_run = QUuid::createUuid().toString(QUuid::Id128).left(12);
};

void TestDockerRuntime::initTestCase()
{
    m_nam.setProxy(QNetworkProxy::NoProxy); // loopback only, never through a proxy
    auto ep = docker::DockerEndpoint::fromEnvironment();
    QVERIFY2(ep.ok(), qPrintable(ep.ok() ? QString() : ep.error().message));
    m_engine = std::make_unique<docker::DockerEngineClient>(*ep);
    m_client = m_engine.get();

    const auto ping = await(m_client->ping(), 10000);
    if (!ping || !ping->ok()) {
        const QString msg = QStringLiteral("the Docker engine at %1 does not answer (%2); start it with "
                                           "resources/scripts/ensure-docker.sh")
                                .arg(m_client->endpoint(), describe(ping));
        if (fd::test::inCi())
            QFAIL(qPrintable(msg));
        QSKIP(qPrintable(msg));
    }
    const auto image = await(m_client->inspectImage(kImage));
    if (!image || !image->ok()) {
        const QString msg = QStringLiteral("%1 is missing (%2); build it with resources/scripts/build-images.sh")
                                .arg(kImage, describe(image));
        if (fd::test::inCi())
            QFAIL(qPrintable(msg));
        QSKIP(qPrintable(msg));
    }

    DockerRuntimeOptions o;
    o.labelFilter = {QStringLiteral("fleetdeck.test=1"), QStringLiteral("fleetdeck.test.run=") + m_run};
    m_rt = std::make_unique<DockerRuntime>(*m_client, o);
    QCOMPARE(m_rt->kind(), QStringLiteral("docker"));
    // Subscribed before anything runs, so no exit or health change can be missed.
    QTRY_VERIFY_WITH_TIMEOUT(m_rt->isWatching(), 10000);
}

void TestDockerRuntime::removeAll()
{
    if (!m_client)
        return;
    docker::ContainerListQuery q;
    q.all = true;
    q.labels = {QStringLiteral("fleetdeck.test=1"), QStringLiteral("fleetdeck.test.run=") + m_run};
    const auto listed = await(m_client->listContainers(q));
    if (!listed || !listed->ok())
        return;
    for (const docker::ContainerSummary &c : **listed) {
        const auto r = await(m_client->removeContainer(c.id, true, true));
        if (r && !r->ok() && r->error().code != errc::NotFound)
            qWarning("cleanup: removing %s: %s", qPrintable(c.id), qPrintable(r->error().message));
    }
    const auto networks = await(m_client->listNetworks(q.labels));
    if (!networks || !networks->ok())
        return;
    for (const docker::NetworkSummary &n : **networks) {
        const auto r = await(m_client->removeNetwork(n.id));
        if (r && !r->ok() && r->error().code != errc::NotFound)
            qWarning("cleanup: removing network %s: %s", qPrintable(n.name), qPrintable(r->error().message));
    }
}

void TestDockerRuntime::cleanup()
{
    removeAll();
}

void TestDockerRuntime::cleanupTestCase()
{
    removeAll();
    m_rt.reset();
}

ContainerRunSpec TestDockerRuntime::spec(const QString &suffix, const QString &hostIp, quint16 hostPort) const
{
    ContainerRunSpec s;
    s.name = QStringLiteral("fleetdeck-test-rt-%1-%2").arg(m_run, suffix);
    s.image = kImage;
    s.env = {QStringLiteral("TASK_ID=rt-") + suffix};
    s.labels = {{QStringLiteral("fleetdeck.test"), QStringLiteral("1")},
                {QStringLiteral("fleetdeck.test.run"), m_run},
                {QStringLiteral("fleetdeck.container"), suffix}};
    s.cpuUnits = 128;
    s.memoryMiB = 64;
    s.memoryReservationMiB = 32;
    s.hostIp = hostIp;
    s.ports = {PortSpec{8080, hostPort, QStringLiteral("tcp")}};
    s.stopTimeout = 5s;
    return s;
}

int TestDockerRuntime::httpGet(const QString &hostIp, quint16 port, const QString &path, QByteArray *body)
{
    QNetworkRequest req(QUrl(QStringLiteral("http://%1:%2%3").arg(hostIp).arg(port).arg(path)));
    req.setTransferTimeout(5000);
    QNetworkReply *reply = m_nam.get(req);
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000)) {
        reply->abort();
        reply->deleteLater();
        return 0;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (body)
        *body = reply->readAll();
    reply->deleteLater();
    return status;
}

void TestDockerRuntime::demoWebLifecycle()
{
    QSignalSpy health(m_rt.get(), &ContainerRuntime::healthChanged);
    QSignalSpy exited(m_rt.get(), &ContainerRuntime::containerExited);
    QElapsedTimer t;
    t.start();

    ContainerRunSpec s = spec(QStringLiteral("web"));
    HealthCheckSpec hc;
    hc.command = {QStringLiteral("CMD"), QStringLiteral("/demo-web"), QStringLiteral("healthcheck")};
    hc.interval = 1s;
    hc.timeout = 2s;
    hc.retries = 2;
    s.healthCheck = hc;
    const auto run = await(m_rt->runContainer(s));
    QVERIFY2(run && run->ok(), qPrintable(describe(run)));
    const RunningContainer rc = **run;
    timing("run (inspect image, create, start)", t);
    QCOMPARE(rc.id.size(), 64);
    QCOMPARE(rc.name, s.name);
    QVERIFY(rc.startedAt.isValid());
    QCOMPARE(rc.ports.size(), 1);
    QCOMPARE(rc.ports.first().hostIp, QStringLiteral("127.0.0.1"));
    const quint16 port = rc.hostPort(8080).value_or(0);
    QVERIFY2(port != 0, "the engine bound a dynamic port");
    qInfo("demo-web runs as %s on 127.0.0.1:%u", qPrintable(rc.id.left(12)), port);

    // The first probe runs one interval after the start.
    QTRY_VERIFY_WITH_TIMEOUT(sawHealth(health, rc.id, HealthStatus::Healthy), 15000);
    timing("HEALTHY", t);

    QByteArray body;
    QCOMPARE(httpGet(QStringLiteral("127.0.0.1"), port, QStringLiteral("/health"), &body), 200);
    timing("GET /health", t);

    const auto inspected = await(m_rt->inspect(rc.id));
    QVERIFY2(inspected && inspected->ok(), qPrintable(describe(inspected)));
    const ContainerState st = **inspected;
    QCOMPARE(toString(st.status), QStringLiteral("running"));
    QCOMPARE(toString(st.health), QStringLiteral("HEALTHY"));
    QCOMPARE(st.hostPort(8080), std::optional<quint16>(port));
    QCOMPARE(st.labels.value(QStringLiteral("fleetdeck.test.run")), m_run);
    QCOMPARE(st.image, kImage);
    QVERIFY(st.startedAt.isValid());
    QVERIFY(!st.finishedAt.isValid());

    const auto listed = await(m_rt->list({QStringLiteral("fleetdeck.test.run=") + m_run}));
    QVERIFY2(listed && listed->ok(), qPrintable(describe(listed)));
    QCOMPARE((*listed)->size(), 1);
    QCOMPARE((*listed)->first().id, rc.id);
    QCOMPARE(toString((*listed)->first().status), QStringLiteral("running"));
    QCOMPARE(toString((*listed)->first().health), QStringLiteral("HEALTHY"));
    QCOMPARE((*listed)->first().hostPort(8080), std::optional<quint16>(port));

    const auto used = await(m_rt->usage(rc.id));
    QVERIFY2(used && used->ok(), qPrintable(describe(used)));
    QVERIFY((*used)->cpuPercent >= 0);
    QVERIFY((*used)->memoryBytes > 0);
    QVERIFY((*used)->memoryBytes <= 64ull * 1024 * 1024);
    qInfo("usage: cpu %.2f %%, memory %.1f MiB", (*used)->cpuPercent, (*used)->memoryBytes / 1048576.0);
    timing("inspect, list, usage", t);

    // demo-web's /fail makes its /health answer 500: two failed probes in a row make it UNHEALTHY.
    QCOMPARE(httpGet(QStringLiteral("127.0.0.1"), port, QStringLiteral("/fail")), 200);
    QTRY_VERIFY_WITH_TIMEOUT(sawHealth(health, rc.id, HealthStatus::Unhealthy), 20000);
    timing("GET /fail to UNHEALTHY", t);
    QCOMPARE(valuesFor(health, rc.id).size(), 2); // HEALTHY, UNHEALTHY: each change once

    const auto stopped = await(m_rt->stopContainer(rc.id, 5s));
    QVERIFY2(stopped && stopped->ok(), qPrintable(describe(stopped)));
    QTRY_COMPARE_WITH_TIMEOUT(valuesFor(exited, rc.id).size(), 1, 10000);
    const int exitCode = valuesFor(exited, rc.id).first().toInt();
    timing("stop to containerExited", t);
    qInfo("exit code after SIGTERM: %d", exitCode);
    QVERIFY2(exitCode == 0 || exitCode == 143, qPrintable(QString::number(exitCode))); // SIGTERM handled, not killed

    const auto after = await(m_rt->inspect(rc.id));
    QVERIFY2(after && after->ok(), qPrintable(describe(after)));
    QCOMPARE(toString((*after)->status), QStringLiteral("exited"));
    QCOMPARE((*after)->exitCode, exitCode);
    QVERIFY((*after)->finishedAt.isValid());
    QVERIFY((*after)->ports.isEmpty());
    const auto notRunning = await(m_rt->usage(rc.id));
    QVERIFY(notRunning && !notRunning->ok());

    const auto removed = await(m_rt->removeContainer(rc.id));
    QVERIFY2(removed && removed->ok(), qPrintable(describe(removed)));
    const auto gone = await(m_rt->inspect(rc.id));
    QVERIFY(gone && !gone->ok());
    QCOMPARE(gone->error().code, QString(errc::NotFound));
    QCOMPARE(valuesFor(exited, rc.id).size(), 1); // once, whatever else the engine reported
}

void TestDockerRuntime::missingImageIsCannotPullContainerError()
{
    ContainerRunSpec s = spec(QStringLiteral("nope"));
    s.image = QStringLiteral("fleetdeck/nope:1");
    QElapsedTimer t;
    t.start();
    const auto run = await(m_rt->runContainer(s));
    QVERIFY(run.has_value());
    QVERIFY(!run->ok());
    QCOMPARE(run->error().code, QString(errc::CannotPullContainerError));
    QVERIFY2(run->error().message.startsWith(QStringLiteral("CannotPullContainerError: fleetdeck/nope:1")),
             qPrintable(run->error().message));
    qInfo("%s (after %lld ms)", qPrintable(run->error().message), t.elapsed());

    const auto listed = await(m_rt->list({QStringLiteral("fleetdeck.test.run=") + m_run}));
    QVERIFY(listed && listed->ok());
    QVERIFY((*listed)->isEmpty());
}

void TestDockerRuntime::staticPortsPerInstanceAddress()
{
    const quint16 port = fd::test::freeLoopbackPort();
    QVERIFY(port != 0);
    QSignalSpy exited(m_rt.get(), &ContainerRuntime::containerExited);

    // Two instances on one engine each publish the same host port on their own address.
    const auto a = await(m_rt->runContainer(spec(QStringLiteral("a"), QStringLiteral("127.0.0.2"), port)));
    QVERIFY2(a && a->ok(), qPrintable(describe(a)));
    const auto b = await(m_rt->runContainer(spec(QStringLiteral("b"), QStringLiteral("127.0.0.3"), port)));
    QVERIFY2(b && b->ok(), qPrintable(describe(b)));
    QCOMPARE((*a)->hostPort(8080), std::optional<quint16>(port));
    QCOMPARE((*a)->ports.first().hostIp, QStringLiteral("127.0.0.2"));
    QCOMPARE((*b)->hostPort(8080), std::optional<quint16>(port));
    QCOMPARE((*b)->ports.first().hostIp, QStringLiteral("127.0.0.3"));

    QByteArray bodyA, bodyB;
    QTRY_COMPARE_WITH_TIMEOUT(httpGet(QStringLiteral("127.0.0.2"), port, QStringLiteral("/"), &bodyA), 200, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(httpGet(QStringLiteral("127.0.0.3"), port, QStringLiteral("/"), &bodyB), 200, 10000);
    QVERIFY2(bodyA.contains("rt-a") && bodyB.contains("rt-b"), (bodyA + "\n" + bodyB).constData());

    // A second claim on 127.0.0.2 is Conflict, and the container created for it is gone again.
    const auto c = await(m_rt->runContainer(spec(QStringLiteral("c"), QStringLiteral("127.0.0.2"), port)));
    QVERIFY(c.has_value());
    QVERIFY(!c->ok());
    QCOMPARE(c->error().code, QString(errc::Conflict));
    QVERIFY2(c->error().message.contains(QStringLiteral("port is already allocated")), qPrintable(c->error().message));
    qInfo("second claim: %s", qPrintable(c->error().message));
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const auto listed = await(m_rt->list({QStringLiteral("fleetdeck.test.run=") + m_run}));
            return listed && listed->ok() && (*listed)->size() == 2;
        }(),
        10000);
    QCOMPARE(exited.size(), 0); // the failed one never ran; a and b still do
}

void TestDockerRuntime::removeRunningNeedsForce()
{
    QSignalSpy exited(m_rt.get(), &ContainerRuntime::containerExited);
    const auto run = await(m_rt->runContainer(spec(QStringLiteral("force"))));
    QVERIFY2(run && run->ok(), qPrintable(describe(run)));
    const QString id = (*run)->id;

    const auto refused = await(m_rt->removeContainer(id));
    QVERIFY(refused && !refused->ok());
    QCOMPARE(refused->error().code, QString(errc::Conflict));

    const auto forced = await(m_rt->removeContainer(id, true));
    QVERIFY2(forced && forced->ok(), qPrintable(describe(forced)));
    QTRY_COMPARE_WITH_TIMEOUT(valuesFor(exited, id).size(), 1, 10000);
    QCOMPARE(valuesFor(exited, id).first().toInt(), 137);
}

void TestDockerRuntime::taskNetworkNamesResolve()
{
    QSignalSpy exited(m_rt.get(), &ContainerRuntime::containerExited);
    QElapsedTimer t;
    t.start();
    const QString net = QStringLiteral("fleetdeck-test-net-") + m_run;
    const Labels labels{{QStringLiteral("fleetdeck.test"), QStringLiteral("1")},
                        {QStringLiteral("fleetdeck.test.run"), m_run}};

    // Two calls at once (two controller ticks) make one network.
    const auto racing = m_rt->createTaskNetwork(net, labels);
    const auto created = await(m_rt->createTaskNetwork(net, labels));
    QVERIFY2(created && created->ok(), qPrintable(describe(created)));
    QCOMPARE((*created)->size(), 64);
    const auto raced = await(racing);
    QVERIFY2(raced && raced->ok(), qPrintable(describe(raced)));
    QCOMPARE(**raced, **created);
    // A retry (a restarted controller) gets the same network back.
    const auto again = await(m_rt->createTaskNetwork(net, labels));
    QVERIFY2(again && again->ok(), qPrintable(describe(again)));
    QCOMPARE(**again, **created);
    const auto listed = await(m_rt->listTaskNetworks({QStringLiteral("fleetdeck.test.run=") + m_run}));
    QVERIFY2(listed && listed->ok(), qPrintable(describe(listed)));
    QCOMPARE(**listed, QList<QString>{net});
    timing("create task network (twice), list", t);

    // The task's two containers: "backend" by alias, "other" by its container name.
    ContainerRunSpec backend = spec(QStringLiteral("net-backend"));
    backend.network = net;
    backend.networkAliases = {QStringLiteral("backend")};
    ContainerRunSpec other = spec(QStringLiteral("net-other"));
    other.network = net;
    const auto b = await(m_rt->runContainer(backend));
    QVERIFY2(b && b->ok(), qPrintable(describe(b)));
    const auto o = await(m_rt->runContainer(other));
    QVERIFY2(o && o->ok(), qPrintable(describe(o)));
    timing("run two containers on it", t);

    // Published ports work on a task network as on the default bridge (loopback only).
    const quint16 port = (*b)->hostPort(8080).value_or(0);
    QVERIFY(port != 0);
    QTRY_COMPARE_WITH_TIMEOUT(httpGet(QStringLiteral("127.0.0.1"), port, QStringLiteral("/health")), 200, 10000);
    const auto inspected = await(m_rt->inspect((*b)->id));
    QVERIFY2(inspected && inspected->ok(), qPrintable(describe(inspected)));
    QVERIFY2((*inspected)->pid > 0, "a running container has a host pid");

    // Fetches from inside the network: the alias and the container name resolve, an unknown name not.
    const auto fetcher = [&](const QString &suffix, const QString &url) {
        ContainerRunSpec f = spec(suffix);
        f.ports.clear();
        f.network = net;
        f.command = {QStringLiteral("fetch"), url};
        f.dnsServers = {QStringLiteral("127.0.0.1")}; // names the network does not know go nowhere
        return m_rt->runContainer(f);
    };
    struct Fetch
    {
        QString what;
        Pending<RunningContainer> run;
        bool expectSuccess;
        QString id;
    };
    QList<Fetch> fetches{
        {QStringLiteral("alias"),
         fetcher(QStringLiteral("fetch-alias"), QStringLiteral("http://backend:8080/health")),
         true,
         {}},
        {QStringLiteral("container name"),
         fetcher(QStringLiteral("fetch-name"), QStringLiteral("http://%1:8080/health").arg(other.name)),
         true,
         {}},
        {QStringLiteral("unknown name"),
         fetcher(QStringLiteral("fetch-unknown"), QStringLiteral("http://fleetdeck-nosuch-%1:8080/health").arg(m_run)),
         false,
         {}},
    };
    for (Fetch &f : fetches) {
        const auto r = await(f.run);
        QVERIFY2(r && r->ok(), qPrintable(f.what + QStringLiteral(": ") + describe(r)));
        f.id = (*r)->id;
    }
    for (const Fetch &f : std::as_const(fetches)) {
        // An unknown name takes the resolver's retries (about 12 s) to fail.
        QTRY_COMPARE_WITH_TIMEOUT(valuesFor(exited, f.id).size(), 1, 40000);
        const int code = valuesFor(exited, f.id).first().toInt();
        QString output;
        if (const auto logs = await(m_client->logs(f.id)); logs && logs->ok())
            for (const docker::LogLine &l : **logs)
                output += QString::fromUtf8(l.text) + u' ';
        qInfo("fetch by %s: exit %d: %s", qPrintable(f.what), code, qPrintable(output.trimmed()));
        if (f.expectSuccess)
            QVERIFY2(code == 0, qPrintable(f.what + QStringLiteral(": ") + output));
        else
            QVERIFY2(code != 0, qPrintable(f.what + QStringLiteral(": ") + output));
    }
    timing("three fetches from inside", t);

    // The network is held while containers run on it, and only then.
    const auto busy = await(m_rt->removeTaskNetwork(net));
    QVERIFY(busy.has_value());
    QVERIFY(!busy->ok());
    QCOMPARE(busy->error().code, QString(errc::Conflict));
    qInfo("remove while in use: %s", qPrintable(busy->error().message));

    for (const QString &id : {(*b)->id, (*o)->id}) {
        const auto stopped = await(m_rt->stopContainer(id, 5s));
        QVERIFY2(stopped && stopped->ok(), qPrintable(describe(stopped)));
    }
    for (const QString &id : {(*b)->id, (*o)->id, fetches[0].id, fetches[1].id, fetches[2].id}) {
        const auto removed = await(m_rt->removeContainer(id));
        QVERIFY2(removed && removed->ok(), qPrintable(describe(removed)));
    }
    const auto removed = await(m_rt->removeTaskNetwork(net));
    QVERIFY2(removed && removed->ok(), qPrintable(describe(removed)));
    const auto removedAgain = await(m_rt->removeTaskNetwork(net)); // gone already: fine
    QVERIFY2(removedAgain && removedAgain->ok(), qPrintable(describe(removedAgain)));
    const auto none = await(m_rt->listTaskNetworks({QStringLiteral("fleetdeck.test.run=") + m_run}));
    QVERIFY(none && none->ok());
    QVERIFY((*none)->isEmpty());
    timing("stop, remove containers and network", t);
}

QTEST_GUILESS_MAIN(TestDockerRuntime)
#include "TestDockerRuntime.moc"
