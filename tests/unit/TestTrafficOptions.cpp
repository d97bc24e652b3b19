// What the traffic generator accepts: only http to 127.0.0.0/8 (or localhost, never looked up),
// every number within its bounds, paths in the URL or in the list but not both; each refusal names
// the option and says why.

#include "traffic/TrafficOptions.h"

#include <QTest>

using namespace fd::traffic;
using namespace std::chrono_literals;

class TestTrafficOptions final : public QObject
{
    Q_OBJECT

private slots:
    void urls_data();
    void urls();
    void refusals_data();
    void refusals();
    void pathsAreSentInTurn();
};

void TestTrafficOptions::urls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("host");

    QTest::newRow("listener") << "http://127.0.0.1:8080/"
                              << ""
                              << "127.0.0.1" << 8080 << "/"
                              << "127.0.0.1:8080";
    QTest::newRow("no path") << "http://127.0.0.1:8080"
                             << ""
                             << "127.0.0.1" << 8080 << "/"
                             << "127.0.0.1:8080";
    QTest::newRow("default port") << "http://127.0.0.1/x"
                                  << ""
                                  << "127.0.0.1" << 80 << "/x"
                                  << "127.0.0.1";
    QTest::newRow("all of 127/8") << "http://127.1.2.3:9/"
                                  << ""
                                  << "127.1.2.3" << 9 << "/"
                                  << "127.1.2.3:9";
    QTest::newRow("localhost, no lookup") << "http://localhost:8080/cubebuster"
                                          << ""
                                          << "127.0.0.1" << 8080 << "/cubebuster"
                                          << "localhost:8080";
    QTest::newRow("query kept") << "http://127.0.0.1:1/a?b=c"
                                << ""
                                << "127.0.0.1" << 1 << "/a?b=c"
                                << "127.0.0.1:1";

    const QString only = QStringLiteral("only hosts in 127.0.0.0/8");
    QTest::newRow("a name") << "http://example.com/" << only << "" << 0 << ""
                            << "";
    QTest::newRow("private network") << "http://192.168.1.10:8080/" << only << "" << 0 << ""
                                     << "";
    QTest::newRow("just past 127/8") << "http://128.0.0.1/" << only << "" << 0 << ""
                                     << "";
    QTest::newRow("any address") << "http://0.0.0.0:8080/" << only << "" << 0 << ""
                                 << "";
    QTest::newRow("IPv6 loopback is not 127/8") << "http://[::1]:8080/" << only << "" << 0 << ""
                                                << "";
    QTest::newRow("a name ending in localhost") << "http://evil.localhost/" << only << "" << 0 << ""
                                                << "";
    QTest::newRow("https") << "https://127.0.0.1/"
                           << "must start with http://"
                           << "" << 0 << ""
                           << "";
    QTest::newRow("no scheme") << "127.0.0.1:8080"
                               << "must start with http://"
                               << "" << 0 << ""
                               << "";
    QTest::newRow("empty") << ""
                           << "is required"
                           << "" << 0 << ""
                           << "";
    QTest::newRow("credentials") << "http://u:p@127.0.0.1/"
                                 << "user name or password"
                                 << "" << 0 << ""
                                 << "";
    QTest::newRow("fragment") << "http://127.0.0.1/#top"
                              << "fragment"
                              << "" << 0 << ""
                              << "";
}

void TestTrafficOptions::urls()
{
    QFETCH(QString, url);
    QFETCH(QString, error);
    QFETCH(QString, address);
    QFETCH(int, port);
    QFETCH(QString, target);
    QFETCH(QString, host);
    TrafficOptions o;
    o.url = url;
    const fd::Result<TrafficPlan> plan = validate(o);
    if (!error.isEmpty()) {
        QVERIFY(!plan);
        QCOMPARE(plan.error().code, QStringLiteral("ValidationError"));
        QCOMPARE(plan.error().field, QStringLiteral("url"));
        QVERIFY2(plan.error().message.contains(error), qPrintable(plan.error().message));
        QVERIFY2(plan.error().message.startsWith(QStringLiteral("url: ")), qPrintable(plan.error().message));
        return;
    }
    QVERIFY2(plan, qPrintable(plan ? QString() : plan.error().message));
    QCOMPARE(QString::fromStdString(plan->address), address);
    QCOMPARE(int(plan->port), port);
    QCOMPARE(plan->targets.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(plan->targets.front()), target);
    QCOMPARE(QString::fromStdString(plan->hostHeader), host);
}

void TestTrafficOptions::refusals_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("fragment");
    QTest::addColumn<int>("concurrency");
    QTest::addColumn<double>("rate");
    QTest::addColumn<qint64>("durationMs");
    QTest::addColumn<qint64>("count");
    QTest::addColumn<qint64>("timeoutMs");
    QTest::addColumn<QStringList>("paths");

    const QStringList none;
    QTest::newRow("accepted") << ""
                              << "" << 4 << 50.0 << qint64(60000) << qint64(1000) << qint64(5000) << none;
    QTest::newRow("unlimited rate") << ""
                                    << "" << 4 << 0.0 << qint64(60000) << qint64(1000) << qint64(5000) << none;
    QTest::newRow("no connection") << "concurrency"
                                   << "1 to 256" << 0 << 50.0 << qint64(60000) << qint64(1000) << qint64(5000) << none;
    QTest::newRow("too many connections")
        << "concurrency"
        << "(got 257)" << 257 << 50.0 << qint64(60000) << qint64(1000) << qint64(5000) << none;
    QTest::newRow("negative rate") << "ratePerSecond"
                                   << "(got -1)" << 4 << -1.0 << qint64(60000) << qint64(1000) << qint64(5000) << none;
    QTest::newRow("rate beyond the maximum")
        << "ratePerSecond"
        << "100000" << 4 << 200000.0 << qint64(60000) << qint64(1000) << qint64(5000) << none;
    QTest::newRow("no time bound") << "duration"
                                   << "more than 0" << 4 << 50.0 << qint64(0) << qint64(1000) << qint64(5000) << none;
    QTest::newRow("over an hour") << "duration"
                                  << "3600 s" << 4 << 50.0 << qint64(3600001) << qint64(1000) << qint64(5000) << none;
    QTest::newRow("no count bound") << "maxRequests"
                                    << "1 to 10000000" << 4 << 50.0 << qint64(60000) << qint64(0) << qint64(5000)
                                    << none;
    QTest::newRow("count beyond the maximum")
        << "maxRequests"
        << "(got 10000001)" << 4 << 50.0 << qint64(60000) << qint64(10000001) << qint64(5000) << none;
    QTest::newRow("no timeout") << "requestTimeout"
                                << "1 ms to 120 s" << 4 << 50.0 << qint64(60000) << qint64(1000) << qint64(0) << none;
    QTest::newRow("relative path") << "paths[1]"
                                   << "must start with '/'" << 4 << 50.0 << qint64(60000) << qint64(1000)
                                   << qint64(5000) << QStringList{"/", "cubebuster"};
    QTest::newRow("space in a path") << "paths[0]"
                                     << "printable ASCII" << 4 << 50.0 << qint64(60000) << qint64(1000) << qint64(5000)
                                     << QStringList{"/a b"};
}

void TestTrafficOptions::refusals()
{
    QFETCH(QString, field);
    QFETCH(QString, fragment);
    QFETCH(int, concurrency);
    QFETCH(double, rate);
    QFETCH(qint64, durationMs);
    QFETCH(qint64, count);
    QFETCH(qint64, timeoutMs);
    QFETCH(QStringList, paths);
    TrafficOptions o;
    o.url = QStringLiteral("http://127.0.0.1:8080/");
    o.concurrency = concurrency;
    o.ratePerSecond = rate;
    o.duration = std::chrono::milliseconds(durationMs);
    o.maxRequests = count;
    o.requestTimeout = std::chrono::milliseconds(timeoutMs);
    o.paths = paths;
    const fd::Result<TrafficPlan> plan = validate(o);
    if (field.isEmpty()) {
        QVERIFY2(plan, qPrintable(plan ? QString() : plan.error().message));
        return;
    }
    QVERIFY(!plan);
    QCOMPARE(plan.error().field, field);
    QVERIFY2(plan.error().message.startsWith(field + QStringLiteral(": ")), qPrintable(plan.error().message));
    QVERIFY2(plan.error().message.contains(fragment), qPrintable(plan.error().message));
}

void TestTrafficOptions::pathsAreSentInTurn()
{
    TrafficOptions o;
    o.url = QStringLiteral("http://127.0.0.1:8080/");
    o.paths = {QStringLiteral("/"), QStringLiteral(" /cubebuster ")};
    const fd::Result<TrafficPlan> plan = validate(o);
    QVERIFY(plan);
    QCOMPARE(plan->targets, (std::vector<std::string>{"/", "/cubebuster"}));

    // A path in the URL and a list as well: which one was meant is unclear, so neither is taken.
    o.url = QStringLiteral("http://127.0.0.1:8080/edges");
    const fd::Result<TrafficPlan> both = validate(o);
    QVERIFY(!both);
    QCOMPARE(both.error().field, QStringLiteral("paths"));
    QVERIFY2(both.error().message.contains(QStringLiteral("/edges")), qPrintable(both.error().message));
}

QTEST_APPLESS_MAIN(TestTrafficOptions)
#include "TestTrafficOptions.moc"
