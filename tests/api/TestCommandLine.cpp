// fleetdeck's command line: every option documented, bad input ends with a clear message and a
// non-zero exit, never a crash.

#include "HeadlessFleetdeck.h"
#include "TestSupport.h"

#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using fd::test::runFleetdeck;

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void versionAndHelp()
    {
        auto r = runFleetdeck({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("fleetdeck " FLEETDECK_VERSION)));

        r = runFleetdeck({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char *option : {"--headless", "--data-dir", "--api-port", "--api-address", "--no-api",
                                   "--exit-after-first-frame", "--empty", "--runtime", "--version", "--help"})
            QVERIFY2(r.out.contains(QLatin1StringView(option)), option);
        QVERIFY2(r.out.contains(QStringLiteral("7466")), "the default API port is documented");
        QVERIFY(r.out.startsWith(QStringLiteral("Usage: fleetdeck")));
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << 2
                                        << QStringLiteral("Unknown option 'frobnicate'");
        QTest::newRow("missing value") << QStringList{QStringLiteral("--headless"), QStringLiteral("--api-port")} << 2
                                       << QStringLiteral("Missing value after '--api-port'");
        QTest::newRow("port not a number") << QStringList{QStringLiteral("--headless"), QStringLiteral("--api-port"),
                                                          QStringLiteral("eighty")}
                                           << 2 << QStringLiteral("--api-port: \"eighty\" is not a port number");
        QTest::newRow("port too large") << QStringList{QStringLiteral("--headless"), QStringLiteral("--api-port"),
                                                       QStringLiteral("70000")}
                                        << 2 << QStringLiteral("is not a port number");
        QTest::newRow("unknown runtime") << QStringList{QStringLiteral("--headless"), QStringLiteral("--runtime"),
                                                        QStringLiteral("podman")}
                                         << 2 << QStringLiteral("--runtime: \"podman\" is not a runtime");
        QTest::newRow("stray argument") << QStringList{QStringLiteral("--headless"), QStringLiteral("extra")} << 2
                                        << QStringLiteral("unexpected argument \"extra\"");
        QTest::newRow("no display") << QStringList{} << 1 << QStringLiteral("no display");
    }

    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const auto r = runFleetdeck(QStringList{QStringLiteral("--data-dir"), dir.path()} + args);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void unusableDataDirectory()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("a-file"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        const auto r = runFleetdeck({QStringLiteral("--headless"), QStringLiteral("--no-api"), QStringLiteral("--data-dir"), file});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("is not a directory")), qPrintable(r.err));
    }

    void portAlreadyInUse()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        QTemporaryDir dir;
        const auto r = runFleetdeck({QStringLiteral("--headless"), QStringLiteral("--data-dir"), dir.path(),
                                     QStringLiteral("--api-port"), QString::number(squatter.serverPort())});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("the port is already in use")), qPrintable(r.err));
    }

    void dataDirectoryInUseByAnotherFleetdeck()
    {
        QTemporaryDir dir;
        fd::test::HeadlessFleetdeck first(dir.path());
        QVERIFY2(first.start(), qPrintable(first.errorText()));
        const auto r = runFleetdeck({QStringLiteral("--headless"), QStringLiteral("--no-api"), QStringLiteral("--data-dir"), dir.path()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("in use by another Fleetdeck")), qPrintable(r.err));
    }

    void firstStartLayout()
    {
        // A first start creates cluster "default" with one instance per zone; --empty creates nothing.
        QTemporaryDir dir;
        {
            fd::test::HeadlessFleetdeck fleetdeck(dir.filePath(QStringLiteral("a")));
            QVERIFY2(fleetdeck.start(), qPrintable(fleetdeck.errorText()));
            const auto reply = fleetdeck.call(QStringLiteral("ListContainerInstances"), R"({"cluster":"default"})");
            QCOMPARE(reply.status, 200);
            QCOMPARE(reply.body.count("container-instance/default/"), 3);
        }
        fd::test::HeadlessFleetdeck empty(dir.filePath(QStringLiteral("b")), {QStringLiteral("--empty")});
        QVERIFY2(empty.start(), qPrintable(empty.errorText()));
        QCOMPARE(empty.call(QStringLiteral("ListClusters"), "{}").body, QByteArray(R"({"clusterArns":[]})"));
        QCOMPARE(empty.call(QStringLiteral("ListContainerInstances"), "{}").status, 400); // no cluster "default"
    }

    void headlessRunsAndStopsCleanlyOnSigterm()
    {
        QTemporaryDir dir;
        fd::test::HeadlessFleetdeck fleetdeck(dir.path());
        QVERIFY2(fleetdeck.start(), qPrintable(fleetdeck.errorText()));
        const auto reply = fleetdeck.call(QStringLiteral("ListClusters"), "{}");
        QCOMPARE(reply.status, 200);
        fleetdeck.terminate();
        QVERIFY(!fleetdeck.running());
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "TestCommandLine.moc"
