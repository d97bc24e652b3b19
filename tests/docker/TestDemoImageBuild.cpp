// TestDemoImageBuild: the console's "Build demo images" path on the real engine, without widgets:
// the demo-web binary and Dockerfile found as the app finds them, the context made in-process
// (TarWriter), both images built through DockerClient::buildImage with the script's build args and
// labels, a second run building nothing, and the built image answering with its colour.
//
// Builds under a throw-away repository (fleetdeck-test/demo-web-<random>) and removes those tags
// afterwards by name, without force: fleetdeck/demo-web:1 and :2, which other tests use, are never
// touched (an identical image only loses the throw-away tag). Without an engine the test skips,
// or fails when CI=true.

#include "TestSupport.h"
#include "docker/DockerEngineClient.h"
#include "images/DemoImages.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QLocalSocket>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace fd::images;

namespace {

constexpr char kDockerSocket[] = "/var/run/docker.sock";

QByteArray dockerOut(const QStringList &args, bool *ok = nullptr)
{
    QProcess p;
    p.start(QStandardPaths::findExecutable(QStringLiteral("docker")), args);
    const bool done = p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (ok)
        *ok = done;
    return p.readAllStandardOutput().trimmed();
}

QString sha256Of(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestDemoImageBuild final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void locatesTheBuiltBinaryAndItsDockerfile();
    void searchFailsNamingWhereItLooked();
    void refusesADynamicBinary();
    void buildsBothLikeTheScriptThenNothing();

private:
    QString m_repository;
    QString m_buildDir; // <build>/resources/demo-app: the demo-web binary and the Dockerfile beside it
    std::unique_ptr<fd::docker::DockerClient> m_client;
    QString m_container;
};

void TestDemoImageBuild::initTestCase()
{
    QLocalSocket s;
    s.connectToServer(QString::fromLatin1(kDockerSocket));
    if (!s.waitForConnected(2000)) {
        if (fd::test::inCi())
            QFAIL("no Docker engine answers on /var/run/docker.sock (resources/scripts/ensure-docker.sh)");
        QSKIP("no Docker engine answers on /var/run/docker.sock");
    }
    m_buildDir = fd::test::binaryDir() + QStringLiteral("/resources/demo-app");
    QVERIFY2(QFileInfo::exists(m_buildDir + QStringLiteral("/demo-web")),
             "build the demo-web target first (this test's target depends on it)");
    auto client = fd::docker::DockerEngineClient::create(QStringLiteral("unix:///var/run/docker.sock"));
    QVERIFY(client);
    m_client = std::move(client).value();
    m_repository = QStringLiteral("fleetdeck-test/demo-web-%1")
                       .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
}

void TestDemoImageBuild::cleanupTestCase()
{
    if (!m_container.isEmpty())
        dockerOut({QStringLiteral("rm"), QStringLiteral("--force"), m_container});
    // By tag, never forced, never by id: an image shared with fleetdeck/demo-web:N only loses this tag.
    for (const DemoImageVariant &v : demoImageVariants())
        dockerOut(
            {QStringLiteral("image"), QStringLiteral("rm"), QStringLiteral("%1:%2").arg(m_repository).arg(v.revision)});
    bool ok = false;
    dockerOut({QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("fleetdeck/demo-web:1")}, &ok);
    QVERIFY2(ok, "fleetdeck/demo-web:1 must survive this test");
}

void TestDemoImageBuild::locatesTheBuiltBinaryAndItsDockerfile()
{
    DemoImageSearch search;
    search.directories = {QStringLiteral("/nonexistent"), m_buildDir};
    const auto found = locateDemoImageSources(search);
    QVERIFY2(found, qPrintable(found ? QString() : found.error().message));
    QCOMPARE(found->binary, QDir(m_buildDir).filePath(QStringLiteral("demo-web")));
    // CMake copies the Dockerfile beside the binary: the same bytes as the source tree's.
    QCOMPARE(found->dockerfile, QDir(m_buildDir).filePath(QStringLiteral("Dockerfile")));
    QCOMPARE(sha256Of(found->dockerfile),
             sha256Of(fd::test::sourceDir() + QStringLiteral("/resources/demo-app/Dockerfile")));

    // $FLEETDECK_DEMO_WEB wins, with the Dockerfile beside it.
    search.binaryFromEnvironment = found->binary;
    search.directories = {};
    QCOMPARE(locateDemoImageSources(search)->binary, found->binary);
}

void TestDemoImageBuild::searchFailsNamingWhereItLooked()
{
    DemoImageSearch search;
    search.directories = {QStringLiteral("/nonexistent/a"), QStringLiteral("/nonexistent/b")};
    const auto r = locateDemoImageSources(search);
    QVERIFY(!r);
    QCOMPARE(r.error().code, QStringLiteral("DemoWebNotFound"));
    QVERIFY(r.error().message.contains(QStringLiteral("/nonexistent/a/demo-web, /nonexistent/b/demo-web")));
    QVERIFY(r.error().message.contains(QStringLiteral("FLEETDECK_DEMO_WEB")));
}

void TestDemoImageBuild::refusesADynamicBinary()
{
    // The shell is dynamically linked (it needs ld.so): it could not run FROM scratch.
    const QString dynamic = QStandardPaths::findExecutable(QStringLiteral("sh"));
    QVERIFY(!dynamic.isEmpty());
    const auto r = makeDemoImageContext({dynamic, m_buildDir + QStringLiteral("/Dockerfile")});
    QVERIFY(!r);
    QCOMPARE(r.error().code, QStringLiteral("DemoWebUnusable"));
    QVERIFY2(r.error().message.contains(QStringLiteral("not statically linked")), qPrintable(r.error().message));
}

void TestDemoImageBuild::buildsBothLikeTheScriptThenNothing()
{
    DemoImageSearch search;
    search.directories = {m_buildDir};
    const auto sources = locateDemoImageSources(search);
    QVERIFY(sources);

    DemoImageBuilder builder(*m_client);
    builder.setRepository(m_repository);
    QSignalSpy finished(&builder, &DemoImageBuilder::finished);
    QSignalSpy progress(&builder, &DemoImageBuilder::progress);
    QVERIFY(builder.start(*sources));
    QVERIFY(!builder.start(*sources)); // one at a time
    QVERIFY(finished.wait(120000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    const QString tag1 = m_repository + QStringLiteral(":1");
    const QString tag2 = m_repository + QStringLiteral(":2");
    QCOMPARE(builder.built(), (QStringList{tag1, tag2}));
    bool sawSteps = false;
    for (const QList<QVariant> &p : std::as_const(progress))
        sawSteps = sawSteps || (p.at(1).toInt() > 0 && p.at(2).toInt() >= p.at(1).toInt());
    QVERIFY(sawSteps); // "Step n/m" lines reached the caller as they came

    // The script's labels, from its build args.
    const QString binarySha = sha256Of(sources->binary);
    const QString dockerfileSha = sha256Of(sources->dockerfile);
    const QStringList colours{QStringLiteral("blue"), QStringLiteral("green")};
    for (int revision = 1; revision <= 2; ++revision) {
        const QString labels = QString::fromUtf8(
            dockerOut({QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("--format"),
                       QStringLiteral("{{json .Config.Labels}} {{.Config.User}} {{json .Config.Entrypoint}}"),
                       QStringLiteral("%1:%2").arg(m_repository).arg(revision)}));
        QVERIFY2(labels.contains(QStringLiteral("\"fleetdeck.demo-web.revision\":\"%1\"").arg(revision)),
                 qPrintable(labels));
        QVERIFY(labels.contains(QStringLiteral("\"fleetdeck.demo-web.colour\":\"%1\"").arg(colours[revision - 1])));
        QVERIFY(labels.contains(QStringLiteral("\"fleetdeck.demo-web.sha256\":\"%1\"").arg(binarySha)));
        QVERIFY(labels.contains(QStringLiteral("\"fleetdeck.demo-web.dockerfile-sha256\":\"%1\"").arg(dockerfileSha)));
        QVERIFY(labels.contains(QStringLiteral("\"fleetdeck.demo\":\"1\"")));
        QVERIFY(labels.contains(QStringLiteral("65534:65534 [\"/demo-web\"]")));
    }

    // A second run: both up to date, nothing built.
    finished.clear();
    QVERIFY(builder.start(*sources));
    QVERIFY(finished.wait(60000));
    QVERIFY(finished.first().at(0).toBool());
    QVERIFY(builder.built().isEmpty());
    QCOMPARE(builder.upToDate(), (QStringList{tag1, tag2}));

    // The green one runs and says so (through a loopback port only).
    bool ok = false;
    m_container = QString::fromUtf8(dockerOut(
        {QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("-p"), QStringLiteral("127.0.0.1::8080"), tag2},
        &ok));
    QVERIFY(ok);
    const quint16 port =
        quint16(QString::fromUtf8(dockerOut({QStringLiteral("port"), m_container, QStringLiteral("8080/tcp")}))
                    .section(u'\n', 0, 0)
                    .section(u':', -1)
                    .toUInt());
    QVERIFY(port > 0);
    QNetworkAccessManager nam;
    nam.setProxy(QNetworkProxy::NoProxy);
    QByteArray body;
    for (int attempt = 0; attempt < 20 && body.isEmpty(); ++attempt) {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)));
        req.setRawHeader("Accept", "application/json");
        req.setTransferTimeout(2000);
        std::unique_ptr<QNetworkReply> reply(nam.get(req));
        QSignalSpy done(reply.get(), &QNetworkReply::finished);
        done.wait(3000);
        if (reply->error() == QNetworkReply::NoError)
            body = reply->readAll();
        else
            QTest::qWait(100);
    }
    QVERIFY2(body.contains("green"), body.constData());
}

QTEST_MAIN(TestDemoImageBuild)
#include "TestDemoImageBuild.moc"
