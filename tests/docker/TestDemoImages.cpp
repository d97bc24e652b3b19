// TestDemoImages: the demo images fleetdeck/demo-web:1 and :2 on the real Docker engine.
//
// Each image runs as a container publishing 8080 on 127.0.0.1 only; every request goes to
// 127.0.0.1:<published port> (never to a bridge address). The images must exist already
// (resources/scripts/build-images.sh builds them). Without a Docker engine the test skips, or fails
// when CI=true.

#include "TestSupport.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QUrl>

namespace {

struct ProcResult
{
    bool finished = false; // started and finished within the timeout
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    qint64 elapsedMs = 0;

    bool ok() const { return finished && exitCode == 0; }
    QString describe() const
    {
        if (!finished)
            return QStringLiteral("did not finish (%1)").arg(QString::fromUtf8(err.trimmed()));
        return QStringLiteral("exit %1: %2 %3")
            .arg(exitCode)
            .arg(QString::fromUtf8(out.trimmed()), QString::fromUtf8(err.trimmed()));
    }
};

struct HttpResult
{
    int status = 0; // 0: no HTTP answer
    QByteArray body;
    QByteArray contentType;
    QString error;
    qint64 elapsedMs = 0;
};

QString dockerProgram()
{
    const QString fromEnv = qEnvironmentVariable("DOCKER");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QStandardPaths::findExecutable(QStringLiteral("docker"));
}

// Runs the docker client with an argument list (no shell), bounded by timeoutMs.
ProcResult docker(const QStringList &args, int timeoutMs = 30000)
{
    ProcResult r;
    const QString program = dockerProgram();
    if (program.isEmpty()) {
        r.err = "no docker client on PATH";
        return r;
    }
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        r.err = p.errorString().toUtf8();
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = "timed out after " + QByteArray::number(timeoutMs) + " ms: docker " + args.join(u' ').toUtf8();
        return r;
    }
    r.elapsedMs = t.elapsed();
    r.finished = p.exitStatus() == QProcess::NormalExit;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

const QString kImageHint = QStringLiteral(
    "run resources/scripts/build-images.sh <build dir>/resources/demo-app/demo-web "
    "(after resources/scripts/ensure-docker.sh and building the demo-web target)");

} // namespace

class TestDemoImages : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void image_data();
    void image();
    void cleanup();

private:
    HttpResult get(quint16 port, const QString &pathAndQuery, const QByteArray &accept = {}, int timeoutMs = 15000);
    bool waitUntilServing(quint16 port, int timeoutMs, QString *why);

    QNetworkAccessManager m_nam;
    QStringList m_containers; // started by this test; removed in cleanup() whatever happened
};

void TestDemoImages::initTestCase()
{
    // Loopback only, and never through a proxy from the environment.
    m_nam.setProxy(QNetworkProxy::NoProxy);

    const ProcResult v = docker({QStringLiteral("version"), QStringLiteral("--format"), QStringLiteral("{{.Server.Version}}")},
                                20000);
    if (!v.ok()) {
        const QString msg = QStringLiteral("the Docker engine does not answer (docker version: %1); "
                                           "start it with resources/scripts/ensure-docker.sh")
                                .arg(v.describe());
        if (fd::test::inCi())
            QFAIL(qPrintable(msg));
        QSKIP(qPrintable(msg));
    }
    qInfo("Docker engine %s", v.out.trimmed().constData());
}

void TestDemoImages::image_data()
{
    QTest::addColumn<QString>("tag");
    QTest::addColumn<QString>("revision");
    QTest::addColumn<QString>("colour");
    QTest::newRow("revision 1") << QStringLiteral("fleetdeck/demo-web:1") << QStringLiteral("1") << QStringLiteral("blue");
    QTest::newRow("revision 2") << QStringLiteral("fleetdeck/demo-web:2") << QStringLiteral("2") << QStringLiteral("green");
}

void TestDemoImages::image()
{
    QFETCH(QString, tag);
    QFETCH(QString, revision);
    QFETCH(QString, colour);

    // The image must have been built by the setup.
    const ProcResult inspect = docker({QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("--format"),
                                       QStringLiteral("{{ index .Config.Labels \"fleetdeck.demo\" }}"), tag});
    if (!inspect.ok())
        QFAIL(qPrintable(QStringLiteral("image %1 is missing (%2): %3").arg(tag, inspect.describe(), kImageHint)));
    QCOMPARE(inspect.out.trimmed(), QByteArray("1"));

    // Run it, publishing 8080 on a random loopback port.
    const ProcResult run = docker({QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--rm"),
                                   QStringLiteral("-p"), QStringLiteral("127.0.0.1::8080"),
                                   QStringLiteral("--label"), QStringLiteral("fleetdeck.test=1"),
                                   QStringLiteral("--label"), QStringLiteral("fleetdeck.test.case=TestDemoImages"),
                                   tag});
    QVERIFY2(run.ok(), qPrintable(QStringLiteral("docker run %1: %2").arg(tag, run.describe())));
    const QString id = QString::fromUtf8(run.out.trimmed());
    QVERIFY2(id.size() >= 12, qPrintable(QStringLiteral("docker run printed no container id: %1").arg(run.describe())));
    m_containers << id;

    // Find the published port: "127.0.0.1:49153" (one line per binding).
    const ProcResult portOut = docker({QStringLiteral("port"), id, QStringLiteral("8080/tcp")});
    QVERIFY2(portOut.ok(), qPrintable(QStringLiteral("docker port: %1").arg(portOut.describe())));
    quint16 port = 0;
    for (const QByteArray &line : portOut.out.split('\n')) {
        const QByteArray l = line.trimmed();
        if (!l.startsWith("127.0.0.1:"))
            continue;
        port = l.mid(l.lastIndexOf(':') + 1).toUShort();
        break;
    }
    QVERIFY2(port != 0, qPrintable(QStringLiteral("no 127.0.0.1 binding in docker port output: %1")
                                       .arg(QString::fromUtf8(portOut.out))));

    QString why;
    QVERIFY2(waitUntilServing(port, 15000, &why),
             qPrintable(QStringLiteral("%1 did not serve /health on 127.0.0.1:%2 within 15 s: %3").arg(tag).arg(port).arg(why)));

    // / as JSON, by query and by Accept header.
    {
        const HttpResult r = get(port, QStringLiteral("/?format=json"));
        QCOMPARE(r.status, 200);
        QVERIFY2(r.contentType.startsWith("application/json"), r.contentType.constData());
        QJsonParseError err{};
        const QJsonObject o = QJsonDocument::fromJson(r.body, &err).object();
        QVERIFY2(err.error == QJsonParseError::NoError, qPrintable(err.errorString() + QStringLiteral(": ") + QString::fromUtf8(r.body)));
        QCOMPARE(o.value(u"revision").toString(), revision);
        QCOMPARE(o.value(u"colour").toString(), colour);
        const QString hostname = o.value(u"hostname").toString();
        QVERIFY2(!hostname.isEmpty(), r.body.constData());
        // Docker names the container's host after the short container id; TASK_ID defaults to it.
        QVERIFY2(id.startsWith(hostname), qPrintable(hostname + QStringLiteral(" vs ") + id));
        QCOMPARE(o.value(u"taskId").toString(), hostname);
        QVERIFY2(o.value(u"uptimeSeconds").isDouble() && o.value(u"uptimeSeconds").toDouble() >= 0, r.body.constData());

        const HttpResult viaAccept = get(port, QStringLiteral("/"), "application/json");
        QCOMPARE(viaAccept.status, 200);
        QCOMPARE(QJsonDocument::fromJson(viaAccept.body).object().value(u"revision").toString(), revision);
    }

    // / as HTML, coloured.
    {
        const HttpResult r = get(port, QStringLiteral("/"), "text/html,application/xhtml+xml,*/*;q=0.8");
        QCOMPARE(r.status, 200);
        QVERIFY2(r.contentType.startsWith("text/html"), r.contentType.constData());
        QVERIFY2(r.body.contains(colour.toUtf8()), r.body.constData());
        QVERIFY2(r.body.contains("background:" + colour.toUtf8()), r.body.constData());
        QVERIFY2(r.body.contains(id.left(12).toUtf8()), "the page shows the task id");
    }

    // Health, failing on demand, recovering.
    {
        HttpResult r = get(port, QStringLiteral("/health"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.trimmed(), QByteArray("ok"));

        const ProcResult healthy = docker({QStringLiteral("exec"), id, QStringLiteral("/demo-web"), QStringLiteral("healthcheck")});
        QVERIFY2(healthy.ok(), qPrintable(QStringLiteral("healthcheck while healthy: %1").arg(healthy.describe())));

        QCOMPARE(get(port, QStringLiteral("/fail")).status, 200);
        r = get(port, QStringLiteral("/health"));
        QCOMPARE(r.status, 500);
        QCOMPARE(r.body.trimmed(), QByteArray("failing"));

        const ProcResult unhealthy = docker({QStringLiteral("exec"), id, QStringLiteral("/demo-web"), QStringLiteral("healthcheck")});
        QVERIFY2(unhealthy.finished, qPrintable(unhealthy.describe()));
        QCOMPARE(unhealthy.exitCode, 1);

        QCOMPARE(get(port, QStringLiteral("/recover")).status, 200);
        r = get(port, QStringLiteral("/health"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.trimmed(), QByteArray("ok"));
    }

    // CPU burn and slow answers take at least as long as asked.
    {
        const HttpResult burn = get(port, QStringLiteral("/burn?ms=200"));
        QCOMPARE(burn.status, 200);
        QVERIFY2(burn.elapsedMs >= 200, qPrintable(QStringLiteral("/burn?ms=200 took %1 ms").arg(burn.elapsedMs)));

        const HttpResult slow = get(port, QStringLiteral("/slow?ms=300"));
        QCOMPARE(slow.status, 200);
        QVERIFY2(slow.elapsedMs >= 300, qPrintable(QStringLiteral("/slow?ms=300 took %1 ms").arg(slow.elapsedMs)));

        QCOMPARE(get(port, QStringLiteral("/burn?ms=lots")).status, 400);
    }

    // Unknown paths.
    QCOMPARE(get(port, QStringLiteral("/no/such/path")).status, 404);

    // SIGTERM (docker stop) ends it cleanly and promptly: exit code 0.
    {
        QProcess waiter;
        waiter.start(dockerProgram(), {QStringLiteral("wait"), id});
        QVERIFY(waiter.waitForStarted(10000));
        QThread::msleep(200); // let `docker wait` attach before the container stops
        const ProcResult stop = docker({QStringLiteral("stop"), QStringLiteral("--time"), QStringLiteral("10"), id});
        QVERIFY2(stop.ok(), qPrintable(QStringLiteral("docker stop: %1").arg(stop.describe())));
        QVERIFY2(waiter.waitForFinished(20000), "docker wait did not return");
        const QByteArray code = waiter.readAllStandardOutput().trimmed();
        QVERIFY2(code == "0", qPrintable(QStringLiteral("exit code after SIGTERM: '%1' (%2)")
                                             .arg(QString::fromUtf8(code), QString::fromUtf8(waiter.readAllStandardError()))));
        // A 10 s stop timeout means SIGKILL would have taken >= 10 s; a clean exit takes well under that.
        QVERIFY2(stop.elapsedMs < 5000, qPrintable(QStringLiteral("docker stop took %1 ms").arg(stop.elapsedMs)));
    }
}

void TestDemoImages::cleanup()
{
    // Runs after every test row, passed or failed: the containers go, whatever happened.
    for (const QString &id : std::as_const(m_containers))
        docker({QStringLiteral("rm"), QStringLiteral("--force"), id}, 30000);
    m_containers.clear();
}

HttpResult TestDemoImages::get(quint16 port, const QString &pathAndQuery, const QByteArray &accept, int timeoutMs)
{
    HttpResult result;
    QUrl url(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(pathAndQuery));
    QNetworkRequest req(url);
    if (!accept.isEmpty())
        req.setRawHeader("Accept", accept);
    req.setTransferTimeout(timeoutMs);

    QElapsedTimer t;
    t.start();
    QNetworkReply *reply = m_nam.get(req);
    QEventLoop loop;
    QTimer guard;
    guard.setSingleShot(true);
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    connect(&guard, &QTimer::timeout, &loop, &QEventLoop::quit);
    guard.start(timeoutMs + 2000);
    if (!reply->isFinished())
        loop.exec();
    result.elapsedMs = t.elapsed();
    if (!reply->isFinished()) {
        reply->abort();
        result.error = QStringLiteral("no answer within %1 ms").arg(timeoutMs);
    } else {
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        if (reply->error() != QNetworkReply::NoError)
            result.error = reply->errorString();
    }
    reply->deleteLater();
    return result;
}

bool TestDemoImages::waitUntilServing(quint16 port, int timeoutMs, QString *why)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        const HttpResult r = get(port, QStringLiteral("/health"), {}, 2000);
        if (r.status == 200)
            return true;
        *why = r.status ? QStringLiteral("HTTP %1").arg(r.status) : r.error;
        QTest::qWait(100);
    }
    return false;
}

QTEST_GUILESS_MAIN(TestDemoImages)
#include "TestDemoImages.moc"
