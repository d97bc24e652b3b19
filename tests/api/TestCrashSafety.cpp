// Nothing acknowledged is ever lost: a process registering revisions in a loop is killed with
// SIGKILL at arbitrary moments; after each restart every acknowledged revision is there, intact.

#include "HeadlessFleetdeck.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

using fd::test::HeadlessFleetdeck;

namespace {

QByteArray registration(int serial)
{
    // The serial travels in the document so that the test can check content, not just numbers.
    return QStringLiteral(R"({"family":"crash","containerDefinitions":[{"name":"app","image":"fleetdeck/demo-web:1",
        "memory":64,"environment":[{"name":"SERIAL","value":"%1"}]}]})")
        .arg(serial)
        .toUtf8();
}

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

private slots:
    void killedAtAnyMomentLosesNothingAcknowledged()
    {
        QTemporaryDir dir;
        const QString dataDir = dir.filePath(QStringLiteral("state"));
        QMap<int, int> acknowledged; // revision -> serial
        int serial = 0;
        auto *rng = QRandomGenerator::global();

        for (int round = 0; round < 4; ++round) {
            HeadlessFleetdeck fleetdeck(dataDir);
            QVERIFY2(fleetdeck.start(), qPrintable(fleetdeck.errorText()));

            // Everything acknowledged before is still there after the kill and restart.
            for (auto it = acknowledged.cbegin(); it != acknowledged.cend(); ++it) {
                const auto reply = fleetdeck.call(QStringLiteral("DescribeTaskDefinition"),
                                                  QStringLiteral(R"({"taskDefinition":"crash:%1"})").arg(it.key()).toUtf8());
                QCOMPARE(reply.status, 200);
                const QJsonObject td = QJsonDocument::fromJson(reply.body).object()[u"taskDefinition"].toObject();
                const QJsonObject env =
                    td[u"containerDefinitions"].toArray()[0].toObject()[u"environment"].toArray()[0].toObject();
                QCOMPARE(env[u"value"].toString().toInt(), it.value());
            }

            // Register in a loop and kill the process while it works.
            const qint64 killAfterMs = 150 + rng->bounded(450);
            QElapsedTimer timer;
            timer.start();
            int lastRevision = acknowledged.isEmpty() ? 0 : acknowledged.lastKey();
            while (timer.elapsed() < killAfterMs) {
                const auto reply = fleetdeck.call(QStringLiteral("RegisterTaskDefinition"), registration(++serial));
                QCOMPARE(reply.status, 200);
                const int revision = QJsonDocument::fromJson(reply.body).object()[u"taskDefinition"].toObject()[u"revision"].toInt();
                QVERIFY2(revision > lastRevision, "revisions only grow, across restarts too");
                lastRevision = revision;
                acknowledged.insert(revision, serial);
            }
            // One more request in flight when the kill lands: it may or may not survive, as it was
            // never acknowledged.
            QNetworkAccessManager nam;
            QNetworkRequest req(QUrl(fleetdeck.endpoint() + u'/'));
            req.setRawHeader("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition");
            req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/x-amz-json-1.1"));
            QNetworkReply *inFlight = nam.post(req, registration(++serial));
            QTest::qWait(int(rng->bounded(3)));
            fleetdeck.kill();
            inFlight->abort();
            inFlight->deleteLater();
        }
        QVERIFY2(acknowledged.size() > 20, "the loop registered too few revisions to prove anything");
        qInfo("acknowledged %lld revisions across 4 kills", qlonglong(acknowledged.size()));
    }

    void damagedDatabaseIsRefusedAndLeftUntouched_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("foreign file") << QByteArray("this is not a database, it is my shopping list\n").repeated(100);
        // A real SQLite header followed by garbage pages.
        QByteArray header("SQLite format 3", 16);
        header.append(QByteArray(4096 - 16, '\x5a'));
        QTest::newRow("damaged pages") << header.repeated(3);
    }

    void damagedDatabaseIsRefusedAndLeftUntouched()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const QString dbPath = dir.filePath(QStringLiteral("fleetdeck.db"));
        {
            QFile f(dbPath);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        const auto r = fd::test::runFleetdeck({QStringLiteral("--headless"), QStringLiteral("--no-api"),
                                               QStringLiteral("--data-dir"), dir.path()});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(dbPath) && r.err.contains(QStringLiteral("left untouched")), qPrintable(r.err));
        QFile f(dbPath);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), content);
        QVERIFY(!QFile::exists(dbPath + QStringLiteral("-wal")) || QFileInfo(dbPath + QStringLiteral("-wal")).size() == 0);
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "TestCrashSafety.moc"
