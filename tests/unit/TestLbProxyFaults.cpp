// The load balancer's proxy when things go wrong, end to end on 127.0.0.1: the errors ELB
// generates (503 without targets, 502 for garbage, resets and refusals, 504 for a target slower
// than the idle timeout), slowloris clients cut off with 408 while others are served, oversized
// headers (431), listener ports that cannot be opened, and the health probe's outcomes.

#include "LbTestSetup.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>

#include <future>
#include <map>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

using namespace fd::lb;
using lbtest::Backend;
using lbtest::Client;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

using namespace lbtest;

class TestLbProxyFaults final : public QObject
{
    Q_OBJECT

private slots:
    void noRegisteredTargetsIs503();
    void brokenTargetsAre502_data();
    void brokenTargetsAre502();
    void slowTargetIs504();
    void slowlorisIsCutOffWhileOthersAreServed();
    void oversizedHeaderIs431();
    void portInUseNamesThePortAndSuggestsAnother();
    void privilegedPortIsRefusedWithAHint();
    void healthProbeOutcomes();
};

void TestLbProxyFaults::noRegisteredTargetsIs503()
{
    Setup s;
    s.table->targetGroups.push_back(group("empty", {}));
    s.listener({forwardRule("default", {{"empty", 1}})});
    Proxy proxy;
    QVERIFY(proxy.apply(s.table).empty());
    Client client(s.port);
    const std::string answer = client.raw("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5s);
    QVERIFY2(answer.rfind("HTTP/1.1 503 Service Temporarily Unavailable\r\n", 0) == 0, answer.c_str());
    QVERIFY(answer.find("Server: awselb/2.0") != std::string::npos);
    QVERIFY(answer.size() < 512); // small and plain
    const auto stats = proxy.stats().listeners.at(0);
    QCOMPARE(stats.elb503, std::uint64_t(1));
    QCOMPARE(stats.elb5xx, std::uint64_t(1));
}

void TestLbProxyFaults::brokenTargetsAre502_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("closedPort");
    QTest::newRow("garbage instead of HTTP") << "/garbage" << false;
    QTest::newRow("reset instead of an answer") << "/reset" << false;
    QTest::newRow("connection refused") << "/" << true;
}

void TestLbProxyFaults::brokenTargetsAre502()
{
    QFETCH(QString, target);
    QFETCH(bool, closedPort);
    Backend a("a");
    Setup s;
    Target t = lbtest::target(a);
    if (closedPort)
        t.port = fd::test::freeLoopbackPort();
    s.table->targetGroups.push_back(group("tg", {t}));
    s.listener({forwardRule("default", {{"tg", 1}})});
    Proxy proxy;
    QVERIFY(proxy.apply(s.table).empty());
    Client client(s.port);
    const auto res = client.get(target.toStdString());
    QVERIFY(res);
    QCOMPARE(res->result_int(), 502u);
    QCOMPARE(std::string(res->reason()), std::string("Bad Gateway"));
    QCOMPARE(proxy.stats().listeners.at(0).elb502, std::uint64_t(1));
    QTRY_COMPARE(proxy.inFlight("tg", "a"), std::uint64_t(0));
    QCOMPARE(proxy.targetStats("tg", "a")->connectionErrors, std::uint64_t(1));
}

void TestLbProxyFaults::slowTargetIs504()
{
    Backend a("a");
    Setup s;
    s.table->targetGroups.push_back(group("tg", {target(a)}));
    s.listener({forwardRule("default", {{"tg", 1}})}, 1s);
    Proxy proxy;
    QVERIFY(proxy.apply(s.table).empty());
    Client client(s.port);
    QElapsedTimer timer;
    timer.start();
    const auto res = client.get("/delay/4000");
    QVERIFY(res);
    QCOMPARE(res->result_int(), 504u);
    QCOMPARE(std::string(res->reason()), std::string("Gateway Time-out"));
    QVERIFY2(timer.elapsed() >= 900 && timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(proxy.stats().listeners.at(0).elb504, std::uint64_t(1));
}

void TestLbProxyFaults::slowlorisIsCutOffWhileOthersAreServed()
{
    Backend a("a");
    Setup s;
    s.table->targetGroups.push_back(group("tg", {target(a)}));
    s.listener({forwardRule("default", {{"tg", 1}})});
    ProxyOptions options;
    options.headerTimeout = 1000ms;
    Proxy proxy(options);
    QVERIFY(proxy.apply(s.table).empty());

    Client loris(s.port);
    QVERIFY(loris.write("GET / HTTP/1.1\r\nHost: x\r\n"));
    QElapsedTimer timer;
    timer.start();
    // While it trickles, another client gets answers at once.
    Client other(s.port);
    for (int i = 0; i < 5; ++i) {
        QVERIFY(loris.write("X"));
        QElapsedTimer one;
        one.start();
        const auto res = other.get("/");
        QVERIFY(res);
        QCOMPARE(res->result_int(), 200u);
        QVERIFY2(one.elapsed() < 500, qPrintable(QString::number(one.elapsed())));
        QTest::qWait(100);
    }
    const std::string answer = loris.readUntil("</html>", 5s);
    QVERIFY2(answer.rfind("HTTP/1.1 408 Request Time-out\r\n", 0) == 0,
             qPrintable(QStringLiteral("[%1] after %2 ms").arg(QString::fromStdString(answer)).arg(timer.elapsed())));
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(a.requests(), 5);
    QCOMPARE(proxy.stats().listeners.at(0).elb4xx, std::uint64_t(1));
}

void TestLbProxyFaults::oversizedHeaderIs431()
{
    Backend a("a");
    Setup s;
    s.table->targetGroups.push_back(group("tg", {target(a)}));
    s.listener({forwardRule("default", {{"tg", 1}})});
    ProxyOptions options;
    options.maxHeaderBytes = 8 * 1024;
    Proxy proxy(options);
    QVERIFY(proxy.apply(s.table).empty());
    Client client(s.port);
    const std::string request = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(16 * 1024, 'b') + "\r\n\r\n";
    const std::string answer = client.raw(request, 5s);
    QVERIFY2(answer.rfind("HTTP/1.1 431 Request Header Fields Too Large\r\n", 0) == 0, answer.substr(0, 200).c_str());
    QCOMPARE(a.requests(), 0);
    // A request within the bound still passes.
    Client ok(s.port);
    const auto res = ok.get("/");
    QVERIFY(res);
    QCOMPARE(res->result_int(), 200u);
}

void TestLbProxyFaults::portInUseNamesThePortAndSuggestsAnother()
{
    Setup s;
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor taken(io, {boost::asio::ip::make_address("127.0.0.1"), s.port});
    Rule def;
    def.id = "default";
    def.isDefault = true;
    s.listener({def});
    Proxy proxy;
    const auto errors = proxy.apply(s.table);
    QCOMPARE(errors.size(), std::size_t(1));
    QCOMPARE(errors[0].port, s.port);
    QCOMPARE(errors[0].listenerId, std::string("arn:listener/test"));
    QCOMPARE(errors[0].error.code, QStringLiteral("PortUnavailable"));
    const QString message = errors[0].error.message;
    QVERIFY2(message.contains(QStringLiteral("127.0.0.1:%1").arg(s.port)), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("already in use")), qPrintable(message));
    QVERIFY2(QRegularExpression(QStringLiteral("port \\d+ is free now")).match(message).hasMatch(),
             qPrintable(message));
    QVERIFY(!proxy.stats().listeners.at(0).open);

    // Once the port is free, applying again opens it.
    taken.close();
    QVERIFY(proxy.apply(s.table).empty());
    QVERIFY(proxy.stats().listeners.at(0).open);
}

void TestLbProxyFaults::privilegedPortIsRefusedWithAHint()
{
    // As root (CI), the refusal is seen by giving up CAP_NET_BIND_SERVICE from the effective set for
    // the test (kept in the permitted set and restored after), as an unprivileged user lives.
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct caps[2] = {};
    QCOMPARE(::syscall(SYS_capget, &header, caps), 0L);
    const __user_cap_data_struct saved[2] = {caps[0], caps[1]};
    caps[CAP_NET_BIND_SERVICE / 32].effective &= ~(1u << (CAP_NET_BIND_SERVICE % 32));
    QCOMPARE(::syscall(SYS_capset, &header, caps), 0L);
    struct Restore
    {
        __user_cap_header_struct header;
        __user_cap_data_struct caps[2];
        ~Restore() { ::syscall(SYS_capset, &header, caps); }
    } restore{header, {saved[0], saved[1]}};
    Setup s;
    s.port = 81;
    Rule def;
    def.id = "default";
    def.isDefault = true;
    s.listener({def});
    Proxy proxy;
    const auto errors = proxy.apply(s.table);
    QCOMPARE(errors.size(), std::size_t(1));
    QVERIFY2(errors[0].error.message.contains(QStringLiteral("below 1024")), qPrintable(errors[0].error.message));
    QVERIFY2(errors[0].error.message.contains(QStringLiteral("for example")), qPrintable(errors[0].error.message));
    // The control plane asks the same before it stores a listener.
    const auto refused = fd::lb::checkListenPort("127.0.0.1", 81);
    QVERIFY(refused);
    QVERIFY2(refused->message.contains(QStringLiteral("below 1024")), qPrintable(refused->message));
}

void TestLbProxyFaults::healthProbeOutcomes()
{
    Backend a("a");
    Proxy proxy;
    const auto probe = [&](ProbeRequest request) {
        std::promise<ProbeResult> result;
        auto future = result.get_future();
        proxy.probe(std::move(request), [&result](ProbeResult r) { result.set_value(std::move(r)); });
        return future.get();
    };
    const ProbeResult ok = probe({"127.0.0.1", a.port(), "/health", 2000ms});
    QCOMPARE(ok.outcome, ProbeResult::Outcome::Response);
    QCOMPARE(ok.statusCode, 200);
    QCOMPARE(a.requests(), 1);

    const ProbeResult refused = probe({"127.0.0.1", fd::test::freeLoopbackPort(), "/", 2000ms});
    QCOMPARE(refused.outcome, ProbeResult::Outcome::Refused);

    const ProbeResult slow = probe({"127.0.0.1", a.port(), "/delay/3000", 300ms});
    QCOMPARE(slow.outcome, ProbeResult::Outcome::Timeout);
    QVERIFY(slow.elapsed < std::chrono::milliseconds(2000));

    const ProbeResult garbage = probe({"127.0.0.1", a.port(), "/garbage", 2000ms});
    QCOMPARE(garbage.outcome, ProbeResult::Outcome::BadAnswer);

    const ProbeResult reset = probe({"127.0.0.1", a.port(), "/reset", 2000ms});
    QCOMPARE(reset.outcome, ProbeResult::Outcome::Reset);
}

QTEST_GUILESS_MAIN(TestLbProxyFaults)
#include "TestLbProxyFaults.moc"
