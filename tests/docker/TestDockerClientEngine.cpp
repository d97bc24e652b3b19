// TestDockerClientEngine: DockerEngineClient against the real Docker engine (API 1.41).
//
// Runs the demo image fleetdeck/demo-web:1 through a whole container life (create with a
// loopback-only dynamic port and a health check, start, inspect, HTTP, list, events, stats, logs,
// stop, remove), checks that a pull without a registry fails fast, and builds a small image.
// Traffic goes only to 127.0.0.1:<published port>. Without an engine the test skips, or fails
// when CI=true. Everything it creates carries the label fleetdeck.test=1 and is removed in cleanup().

#include "TestSupport.h"
#include "docker/DockerEngineClient.h"
#include "docker/TarWriter.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <optional>

using namespace fd::docker;
using namespace std::chrono_literals;

namespace {

const QString kImage = QStringLiteral("fleetdeck/demo-web:1");

template<typename T> std::optional<fd::Result<T>> await(const Pending<T> &p, int timeoutMs = 30000)
{
    std::optional<fd::Result<T>> out;
    QObject context;
    p.then(&context, [&out](const fd::Result<T> &r) { out = r; });
    (void)QTest::qWaitFor([&out] { return out.has_value(); }, timeoutMs);
    return out;
}

template<typename T> QString describe(const std::optional<fd::Result<T>> &r)
{
    if (!r)
        return QStringLiteral("no answer in time");
    if (r->ok())
        return QStringLiteral("ok");
    return r->error().code + QStringLiteral(": ") + r->error().message;
}

} // namespace

class TestDockerClientEngine final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();

    void pingAndVersion();
    void containerLifecycle();
    void errorsCarryTheEngineMessage();
    void manyConcurrentRequests();
    void pullWithoutRegistryFailsFast();
    void buildReportsProgress();

private:
    int httpGet(quint16 port, const QString &path, QByteArray *body);
    void timing(const char *step, QElapsedTimer &t);

    std::unique_ptr<DockerEngineClient> m_engine;
    DockerClient *m_client = nullptr;
    QNetworkAccessManager m_nam;
    QStringList m_containers; // removed in cleanup()
    QStringList m_images;     // removed in cleanup()
    QString m_run = QUuid::createUuid().toString(QUuid::Id128).left(12);
};

void TestDockerClientEngine::initTestCase()
{
    m_nam.setProxy(QNetworkProxy::NoProxy); // loopback only, never through a proxy
    auto ep = DockerEndpoint::fromEnvironment();
    QVERIFY2(ep.ok(), qPrintable(ep.ok() ? QString() : ep.error().message));
    m_engine = std::make_unique<DockerEngineClient>(*ep);
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
}

void TestDockerClientEngine::cleanup()
{
    for (const QString &id : std::as_const(m_containers)) {
        const auto r = await(m_client->removeContainer(id, true, true), 30000);
        if (r && !r->ok() && r->error().code != QLatin1String("NotFound"))
            qWarning("cleanup: removing container %s: %s", qPrintable(id), qPrintable(r->error().message));
    }
    m_containers.clear();
    for (const QString &ref : std::as_const(m_images)) {
        const auto r = await(m_client->removeImage(ref, true), 30000);
        if (r && !r->ok() && r->error().code != QLatin1String("NotFound"))
            qWarning("cleanup: removing image %s: %s", qPrintable(ref), qPrintable(r->error().message));
    }
    m_images.clear();
}

void TestDockerClientEngine::timing(const char *step, QElapsedTimer &t)
{
    qInfo("%-28s %5lld ms", step, t.restart());
}

int TestDockerClientEngine::httpGet(quint16 port, const QString &path, QByteArray *body)
{
    QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
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

void TestDockerClientEngine::pingAndVersion()
{
    const auto ping = await(m_client->ping());
    QVERIFY2(ping && ping->ok(), qPrintable(describe(ping)));
    QVERIFY(!(*ping)->apiVersion.isEmpty());
    const auto v = await(m_client->version());
    QVERIFY2(v && v->ok(), qPrintable(describe(v)));
    QVERIFY(!(*v)->version.isEmpty());
    QVERIFY((*v)->apiVersion >= QStringLiteral("1.41"));
    qInfo("engine %s, API %s (ping says %s), %s/%s", qPrintable((*v)->version), qPrintable((*v)->apiVersion),
          qPrintable((*ping)->apiVersion), qPrintable((*v)->os), qPrintable((*v)->arch));
    const auto info = await(m_client->info());
    QVERIFY2(info && info->ok(), qPrintable(describe(info)));
    QVERIFY((*info)->ncpu > 0);
    QVERIFY((*info)->memTotal > 0);
}

void TestDockerClientEngine::containerLifecycle()
{
    QElapsedTimer t;
    t.start();

    // Events first, so `create` and `start` cannot be missed.
    EventSubscription::Options eo;
    eo.filters = {{QStringLiteral("type"), {QStringLiteral("container")}},
                  {QStringLiteral("label"), {QStringLiteral("fleetdeck.test.run=") + m_run}}};
    auto events = m_client->subscribeEvents(eo);
    QSignalSpy eventSpy(events.get(), &EventSubscription::event);
    QSignalSpy connectedSpy(events.get(), &EventSubscription::connected);
    QTRY_COMPARE_WITH_TIMEOUT(connectedSpy.size(), 1, 10000);
    timing("events connected", t);

    ContainerCreateSpec spec;
    spec.name = QStringLiteral("fleetdeck-test-client-") + m_run;
    spec.image = kImage;
    spec.labels = {{QStringLiteral("fleetdeck.test"), QStringLiteral("1")},
                   {QStringLiteral("fleetdeck.test.run"), m_run}};
    spec.env = {QStringLiteral("TASK_ID=client-test-") + m_run};
    spec.memoryBytes = 64 * 1024 * 1024;
    spec.cpuShares = 128;
    spec.portBindings = {PortBinding{8080, QStringLiteral("tcp"), QStringLiteral("127.0.0.1"), 0}};
    spec.healthcheck = HealthcheckSpec{
        {QStringLiteral("CMD"), QStringLiteral("/demo-web"), QStringLiteral("healthcheck")}, 1s, 2s, 0s, 3};
    spec.stopTimeout = 10;
    const auto created = await(m_client->createContainer(spec));
    QVERIFY2(created && created->ok(), qPrintable(describe(created)));
    const QString id = (*created)->id;
    m_containers.append(id);
    timing("create", t);

    const auto started = await(m_client->startContainer(id));
    QVERIFY2(started && started->ok(), qPrintable(describe(started)));
    timing("start", t);
    const auto again = await(m_client->startContainer(id)); // 304: already started
    QVERIFY2(again && again->ok(), qPrintable(describe(again)));

    const auto inspected = await(m_client->inspectContainer(id));
    QVERIFY2(inspected && inspected->ok(), qPrintable(describe(inspected)));
    const ContainerInspect &c = inspected->value();
    QCOMPARE(c.id, id);
    QCOMPARE(c.name, spec.name);
    QCOMPARE(c.image, kImage);
    QCOMPARE(c.state.status, QStringLiteral("running"));
    QVERIFY(c.state.running);
    QVERIFY(c.pid() > 0);
    QVERIFY(c.state.startedAt.isValid());
    QVERIFY(c.state.health.has_value());
    QCOMPARE(c.labels.value(QStringLiteral("fleetdeck.test")), QStringLiteral("1"));
    QVERIFY(!c.tty);
    const std::optional<quint16> port = c.hostPort(8080);
    QVERIFY2(port.has_value(), "8080/tcp is not published: ExposedPorts/PortBindings did not take effect");
    QVERIFY(*port >= 1024);
    for (const PublishedPort &p : c.ports)
        QCOMPARE(p.hostIp, QStringLiteral("127.0.0.1")); // loopback only, no IPv6 twin
    qInfo("container %s publishes 8080/tcp on 127.0.0.1:%u", qPrintable(id.left(12)), unsigned(*port));
    timing("inspect", t);

    // The demo app answers on the published loopback port.
    int status = 0;
    QByteArray body;
    const bool serving = QTest::qWaitFor(
        [&] {
            status = httpGet(*port, QStringLiteral("/health"), &body);
            return status == 200;
        },
        15000);
    QVERIFY2(serving, qPrintable(QStringLiteral("GET /health answered %1").arg(status)));
    timing("HTTP /health 200", t);

    ContainerListQuery q;
    q.labels = {QStringLiteral("fleetdeck.test=1")};
    const auto listed = await(m_client->listContainers(q));
    QVERIFY2(listed && listed->ok(), qPrintable(describe(listed)));
    const auto found = std::find_if(listed->value().cbegin(), listed->value().cend(),
                                    [&](const ContainerSummary &s) { return s.id == id; });
    QVERIFY(found != listed->value().cend());
    QCOMPARE(found->names, QStringList{spec.name});
    QCOMPARE(found->state, QStringLiteral("running"));
    q.labels = {QStringLiteral("fleetdeck.test=no-such-value")};
    const auto none = await(m_client->listContainers(q));
    QVERIFY(none && none->ok());
    QVERIFY(std::none_of(none->value().cbegin(), none->value().cend(),
                         [&](const ContainerSummary &s) { return s.id == id; }));
    timing("list", t);

    auto actionsFor = [&](const QString &cid) {
        QStringList actions;
        for (const QList<QVariant> &args : std::as_const(eventSpy)) {
            const auto e = args[0].value<DockerEvent>();
            if (e.id == cid)
                actions.append(e.action);
        }
        return actions;
    };
    QTRY_VERIFY_WITH_TIMEOUT(actionsFor(id).contains(QStringLiteral("create")), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(actionsFor(id).contains(QStringLiteral("start")), 10000);
    // The 1 s health check turns healthy after its first interval (spec 1.11).
    QTRY_VERIFY_WITH_TIMEOUT(actionsFor(id).contains(QStringLiteral("health_status: healthy")), 15000);
    timing("events create/start/healthy", t);

    const auto stats = await(m_client->statsOnce(id));
    QVERIFY2(stats && stats->ok(), qPrintable(describe(stats)));
    QVERIFY(!(*stats)->isEmpty());
    QVERIFY((*stats)->memoryUsage > 0);
    QVERIFY((*stats)->memoryLimit > 0);
    QVERIFY((*stats)->memoryLimit <= quint64(64 * 1024 * 1024));
    qInfo("one-shot stats: memory %llu of %llu bytes (cache %llu, cgroup v%d), %d CPUs",
          static_cast<unsigned long long>((*stats)->memoryUsage),
          static_cast<unsigned long long>((*stats)->memoryLimit),
          static_cast<unsigned long long>((*stats)->memoryCache), (*stats)->cgroupVersion, (*stats)->onlineCpus);
    timing("stats one-shot", t);

    auto stream = m_client->streamStats(id);
    QSignalSpy frames(stream.get(), &StatsStream::stats);
    QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 2, 10000);
    QVERIFY(!std::isnan(frames[1][0].value<ContainerStats>().cpuPercent())); // the second frame has precpu
    stream.reset();
    timing("stats stream, 2 frames", t);

    LogOptions lo;
    lo.timestamps = true;
    const auto logs = await(m_client->logs(id, lo));
    QVERIFY2(logs && logs->ok(), qPrintable(describe(logs)));
    bool startup = false;
    for (const LogLine &l : logs->value()) {
        if (l.text.contains("listening on 0.0.0.0:8080")) {
            startup = true;
            QVERIFY(l.timestamp.isValid());
        }
    }
    if (!startup) {
        for (const LogLine &l : logs->value())
            qWarning("log %s: %s", l.source == LogSource::Stderr ? "stderr" : "stdout", l.text.constData());
    }
    QVERIFY2(startup, "the demo app's startup line 'demo-web ... listening on 0.0.0.0:8080' is not in the logs");
    timing("logs", t);

    // Following from now (tail 0): the engine sends nothing, not even the header, until the
    // container writes; the demo app logs each request.
    LogOptions fo;
    fo.tail = 0;
    auto follow = m_client->followLogs(id, fo);
    QSignalSpy followed(follow.get(), &LogStream::line);
    QSignalSpy followEnd(follow.get(), &LogStream::finished);
    QTest::qWait(200);
    QCOMPARE(httpGet(*port, QStringLiteral("/?from=follow-test"), nullptr), 200);
    auto sawRequest = [&] {
        return std::any_of(followed.cbegin(), followed.cend(), [](const QList<QVariant> &a) {
            return a[0].value<LogLine>().text.contains("from=follow-test");
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(sawRequest(), 10000);
    QCOMPARE(followEnd.size(), 0);
    timing("follow logs", t);

    const auto stopped = await(m_client->stopContainer(id, 10s));
    QVERIFY2(stopped && stopped->ok(), qPrintable(describe(stopped)));
    timing("stop (SIGTERM)", t);
    QTRY_COMPARE_WITH_TIMEOUT(followEnd.size(), 1, 10000); // following ends when the container stops
    QCOMPARE(followEnd[0][0].toString(), QString());
    const auto exited = await(m_client->inspectContainer(id));
    QVERIFY2(exited && exited->ok(), qPrintable(describe(exited)));
    QCOMPARE((*exited)->state.status, QStringLiteral("exited"));
    QCOMPARE((*exited)->state.exitCode, 0);
    QVERIFY((*exited)->state.finishedAt.isValid());
    QTRY_VERIFY_WITH_TIMEOUT(actionsFor(id).contains(QStringLiteral("die")), 10000);

    const auto removed = await(m_client->removeContainer(id));
    QVERIFY2(removed && removed->ok(), qPrintable(describe(removed)));
    timing("remove", t);
    const auto gone = await(m_client->inspectContainer(id));
    QVERIFY(gone && !gone->ok());
    QCOMPARE(gone->error().code, QStringLiteral("NotFound"));
    QVERIFY2(gone->error().message.contains(QStringLiteral("No such container")), qPrintable(gone->error().message));
    QTRY_VERIFY_WITH_TIMEOUT(actionsFor(id).contains(QStringLiteral("destroy")), 10000);
}

void TestDockerClientEngine::errorsCarryTheEngineMessage()
{
    const QString missing = QStringLiteral("fleetdeck-test-missing-") + m_run;
    const auto r = await(m_client->startContainer(missing));
    QVERIFY(r && !r->ok());
    QCOMPARE(r->error().code, QStringLiteral("NotFound"));
    QVERIFY2(r->error().message.contains(QStringLiteral("No such container: ") + missing),
             qPrintable(r->error().message));

    const auto img = await(m_client->inspectImage(QStringLiteral("fleetdeck/no-such-image:0")));
    QVERIFY(img && !img->ok());
    QCOMPARE(img->error().code, QStringLiteral("NotFound"));

    // A second container with the same name: Conflict.
    ContainerCreateSpec spec;
    spec.name = QStringLiteral("fleetdeck-test-conflict-") + m_run;
    spec.image = kImage;
    spec.labels = {{QStringLiteral("fleetdeck.test"), QStringLiteral("1")}};
    const auto first = await(m_client->createContainer(spec));
    QVERIFY2(first && first->ok(), qPrintable(describe(first)));
    m_containers.append((*first)->id);
    const auto second = await(m_client->createContainer(spec));
    QVERIFY(second && !second->ok());
    QCOMPARE(second->error().code, QStringLiteral("Conflict"));
    QVERIFY2(second->error().message.contains(QStringLiteral("already in use")), qPrintable(second->error().message));

    // Killing a container that is not running: Conflict.
    const auto kill = await(m_client->killContainer((*first)->id));
    QVERIFY(kill && !kill->ok());
    QCOMPARE(kill->error().code, QStringLiteral("Conflict"));
}

void TestDockerClientEngine::manyConcurrentRequests()
{
    QElapsedTimer t;
    t.start();
    int ok = 0;
    QStringList failures;
    for (int i = 0; i < 40; ++i) {
        m_client->ping().then(this, [&](const fd::Result<PingInfo> &r) {
            if (r)
                ++ok;
            else
                failures.append(r.error().message);
        });
    }
    QVERIFY(m_engine->activeRequests() <= m_engine->maxConnections());
    QTRY_COMPARE_WITH_TIMEOUT(ok + int(failures.size()), 40, 30000);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
    qInfo("40 pings through %d connections: %lld ms", m_engine->maxConnections(), t.elapsed());
}

void TestDockerClientEngine::pullWithoutRegistryFailsFast()
{
    QElapsedTimer t;
    t.start();
    QList<PullProgress> progress;
    const auto r = await(m_client->pullImage(QStringLiteral("registry.invalid/nope:1"),
                                             [&](const PullProgress &p) { progress.append(p); }),
                         20000);
    const qint64 elapsed = t.elapsed();
    QVERIFY2(r.has_value(), "the pull did not finish");
    QVERIFY(!r->ok());
    QVERIFY2(elapsed < 15000, qPrintable(QString::number(elapsed)));
    QVERIFY2(r->error().message.startsWith(QStringLiteral("Cannot pull registry.invalid/nope:1: ")),
             qPrintable(r->error().message));
    QVERIFY2(r->error().message.contains(QStringLiteral("registry.invalid")), qPrintable(r->error().message));
    qInfo("pull failed after %lld ms: %s: %s", elapsed, qPrintable(r->error().code), qPrintable(r->error().message));
}

void TestDockerClientEngine::buildReportsProgress()
{
    // From a directory (tarred off the GUI thread) ...
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile df(dir.filePath(QStringLiteral("Dockerfile")));
    QVERIFY(df.open(QIODevice::WriteOnly));
    df.write("FROM fleetdeck/demo-web:1\nARG WHO=nobody\nLABEL fleetdeck.test=1 fleetdeck.test.who=${WHO}\n");
    df.close();

    const QString tag = QStringLiteral("fleetdeck/test-dockerclient:") + m_run;
    m_images.append(tag);
    BuildSpec spec;
    spec.contextDirectory = dir.path();
    spec.tags = {tag};
    spec.buildArgs = {{QStringLiteral("WHO"), QStringLiteral("client-test")}};
    QStringList lines;
    QElapsedTimer t;
    t.start();
    const auto r = await(m_client->buildImage(spec, [&](const BuildProgress &p) { lines.append(p.line); }), 120000);
    QVERIFY2(r && r->ok(), qPrintable(describe(r)));
    qInfo("build from a directory: %lld ms, %lld progress lines", t.elapsed(), qsizetype(lines.size()));
    QVERIFY((*r)->imageId.startsWith(QStringLiteral("sha256:")));
    QVERIFY2(!lines.isEmpty() && lines.first().startsWith(QStringLiteral("Step 1/3 : FROM fleetdeck/demo-web:1")),
             qPrintable(lines.join(u'\n')));
    const auto img = await(m_client->inspectImage(tag));
    QVERIFY2(img && img->ok(), qPrintable(describe(img)));
    QCOMPARE((*img)->id, (*r)->imageId);
    QCOMPARE((*img)->labels.value(QStringLiteral("fleetdeck.test.who")), QStringLiteral("client-test"));
    QCOMPARE((*img)->entrypoint, QStringList{QStringLiteral("/demo-web")});

    // ... and from a tar made in memory.
    TarWriter tar;
    tar.addFile(QStringLiteral("Dockerfile"),
                "FROM fleetdeck/demo-web:1\nLABEL fleetdeck.test=1 fleetdeck.test.tar=yes\n");
    BuildSpec fromTar;
    fromTar.contextTar = tar.finish();
    fromTar.tags = {tag + QStringLiteral("-tar")};
    m_images.append(fromTar.tags.first());
    const auto r2 = await(m_client->buildImage(fromTar), 120000);
    QVERIFY2(r2 && r2->ok(), qPrintable(describe(r2)));
    QVERIFY(!(*r2)->output.isEmpty());

    // A failing build: the error arrives inside the 200 stream.
    TarWriter bad;
    bad.addFile(QStringLiteral("Dockerfile"), "FROM fleetdeck/demo-web:1\nRUN /bin/sh -c true\n");
    BuildSpec failing;
    failing.contextTar = bad.finish();
    const auto r3 = await(m_client->buildImage(failing), 120000);
    QVERIFY(r3 && !r3->ok());
    QCOMPARE(r3->error().code, QStringLiteral("EngineError"));
    QVERIFY2(r3->error().message.startsWith(QStringLiteral("Building the image failed: ")),
             qPrintable(r3->error().message));
    qInfo("failing build: %s", qPrintable(r3->error().message));
}

QTEST_GUILESS_MAIN(TestDockerClientEngine)
#include "TestDockerClientEngine.moc"
