// The load balancer's proxy end to end on 127.0.0.1: a real lb::Proxy in front of in-process
// targets (LbTestBackend), driven by real HTTP clients. Routing (round robin, least outstanding,
// weighted, stickiness), local answers (redirect, fixed-response), fail-open, draining without
// dropping requests in flight, the forwarded and hop-by-hop headers, bodies streamed both ways,
// concurrent clients on several proxy threads. Faults: TestLbProxyFaults.

#include "LbTestSetup.h"
#include "lb/HeaderRewrite.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>

#include <future>
#include <map>
#include <unistd.h>

using namespace fd::lb;
using lbtest::Backend;
using lbtest::Client;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

using namespace lbtest;

class TestLbProxy final : public QObject
{
    Q_OBJECT

private slots:
    void roundRobinOverKeepAliveConnections();
    void leastOutstandingAvoidsTheBusyTarget();
    void weightedForwardSplitsByWeight();
    void stickinessKeepsTheGroup();
    void redirectSubstitutesTheUrl();
    void fixedResponse();
    void failOpenWhenNoTargetIsHealthy();
    void drainingTargetFinishesButGetsNothingNew();
    void forwardedHeadersAddedHopByHopRemoved();
    void inPlaceRewriteEqualsTheCopy_data();
    void inPlaceRewriteEqualsTheCopy();
    void appendHeaderWritesWhatBeastWrites_data();
    void appendHeaderWritesWhatBeastWrites();
    void largeBodiesStreamBothWays();
    void responseIsStreamedNotBuffered();
    void concurrentClientsOnTwoThreads();
    void targetClosingAnIdleConnectionCostsNoRequest();
};

void TestLbProxy::roundRobinOverKeepAliveConnections()
{
    Backend a("a"), b("b"), c("c");
    Setup s;
    s.table->targetGroups.push_back(group("tg", {target(a), target(b), target(c)}));
    s.listener({forwardRule("default", {{"tg", 1}})});
    Proxy proxy;
    QVERIFY(proxy.apply(s.table).empty());

    Client client(s.port);
    QVERIFY(client.connected());
    const auto counts = countBackends(client, "/", 30);
    QCOMPARE(count(counts, "a"), 10);
    QCOMPARE(count(counts, "b"), 10);
    QCOMPARE(count(counts, "c"), 10);
    // One client connection, sequential requests: each target was reached over one kept-alive connection.
    QCOMPARE(a.connections(), 1);
    QCOMPARE(b.connections(), 1);
    QCOMPARE(c.connections(), 1);

    // A request counts as done once its answer is written, which may come just after the client read it.
    QTRY_COMPARE(proxy.inFlight("tg", "a") + proxy.inFlight("tg", "b") + proxy.inFlight("tg", "c"), std::uint64_t(0));
    const ProxyStats stats = proxy.stats();
    QCOMPARE(stats.listeners.size(), std::size_t(1));
    QCOMPARE(stats.listeners[0].requests, std::uint64_t(30));
    QCOMPARE(stats.listeners[0].activeConnections, std::uint64_t(1));
    QVERIFY(stats.listeners[0].open);
    const auto ta = proxy.targetStats("tg", "a");
    QVERIFY(ta);
    QCOMPARE(ta->requests, std::uint64_t(10));
    QCOMPARE(ta->responses2xx, std::uint64_t(10));
    QCOMPARE(ta->inFlight, std::uint64_t(0));
    std::uint64_t histogram = 0;
    for (auto n : ta->latency.counts)
        histogram += n;
    QCOMPARE(histogram, std::uint64_t(10));
}

void TestLbProxy::leastOutstandingAvoidsTheBusyTarget()
{
    Backend a("a"), b("b");
    Setup s;
    s.table->targetGroups.push_back(group("tg", {target(a), target(b)}, Algorithm::LeastOutstandingRequests));
    s.listener({forwardRule("default", {{"tg", 1}})});
    Proxy proxy;
    QVERIFY(proxy.apply(s.table).empty());

    // Ticket 0 with both idle goes to a; it stays busy for 1.5 s.
    auto slow = std::async(std::launch::async, [&] { return Client(s.port).get("/delay/1500"); });
    QTRY_COMPARE(proxy.inFlight("tg", "a"), std::uint64_t(1));
    Client client(s.port);
    const auto counts = countBackends(client, "/", 6);
    QCOMPARE(count(counts, "b"), 6); // round robin would have sent 3 to a, behind the slow one
    const auto res = slow.get();
    QVERIFY(res);
    QCOMPARE(std::string(res->body()), std::string("a"));
}

void TestLbProxy::weightedForwardSplitsByWeight()
{
    Backend blue("blue"), green("green");
    Setup s;
    s.table->targetGroups.push_back(group("tg-blue", {target(blue)}));
    s.table->targetGroups.push_back(group("tg-green", {target(green)}));
    s.listener({forwardRule("default", {{"tg-blue", 3}, {"tg-green", 1}})});
    Proxy proxy;
    QVERIFY(proxy.apply(s.table).empty());
    Client client(s.port);
    const auto counts = countBackends(client, "/", 40);
    QCOMPARE(count(counts, "blue"), 30);
    QCOMPARE(count(counts, "green"), 10);
}

void TestLbProxy::stickinessKeepsTheGroup()
{
    Backend blue("blue"), green("green");
    Setup s;
    s.table->targetGroups.push_back(group("tg-blue", {target(blue)}));
    s.table->targetGroups.push_back(group("tg-green", {target(green)}));
    s.listener({forwardRule("default", {{"tg-blue", 1}, {"tg-green", 1}}, {}, 3600s)});
    Proxy proxy;
    QVERIFY(proxy.apply(s.table).empty());
    Client client(s.port);

    const auto first = client.get("/");
    QVERIFY(first);
    const std::string cookie(first->at(http::field::set_cookie));
    QVERIFY2(cookie.rfind("AWSALBTG=", 0) == 0, cookie.c_str());
    QVERIFY2(cookie.find("Expires=") != std::string::npos && cookie.find("Path=/") != std::string::npos,
             cookie.c_str());
    const std::string firstGroup(first->body());
    const std::string value = cookie.substr(0, cookie.find(';'));

    const auto sticky = countBackends(client, "/", 10, value);
    QCOMPARE(sticky.size(), std::size_t(1));
    QCOMPARE(sticky.begin()->first, firstGroup);
    // Without the cookie the split is even again.
    const auto loose = countBackends(client, "/", 10);
    QCOMPARE(count(loose, "blue"), 5);
    QCOMPARE(count(loose, "green"), 5);
}

void TestLbProxy::redirectSubstitutesTheUrl()
{
    Setup s;
    Rule r;
    r.id = "redirect";
    r.priority = 1;
    r.conditions = {path("/old/*")};
    RedirectAction a;
    a.protocol = "HTTPS";
    a.port = "443";
    a.path = "/new/#{path}";
    a.query = "#{query}&moved=1";
    a.statusCode = 302;
    r.action = a;
    Rule def;
    def.id = "default";
    def.isDefault = true;
    def.action = FixedResponseAction{404, "text/plain", "none"};
    s.listener({r, def});
    Proxy proxy;
    QVERIFY(proxy.apply(s.table).empty());
    Client client(s.port);
    http::request<http::string_body> req(http::verb::get, "/old/page?id=3", 11);
    req.set(http::field::host, "shop.example.com:" + std::to_string(s.port));
    const auto res = client.send(req);
    QVERIFY(res);
    QCOMPARE(res->result_int(), 302u);
    QCOMPARE(std::string(res->at(http::field::location)),
             std::string("https://shop.example.com:443/new/old/page?id=3&moved=1"));
    QCOMPARE(proxy.stats().listeners.at(0).redirects, std::uint64_t(1));
}

void TestLbProxy::fixedResponse()
{
    Setup s;
    Rule def;
    def.id = "default";
    def.isDefault = true;
    def.action = FixedResponseAction{418, "application/json", "{\"teapot\":true}"};
    s.listener({def});
    Proxy proxy;
    QVERIFY(proxy.apply(s.table).empty());
    Client client(s.port);
    const auto res = client.get("/anything");
    QVERIFY(res);
    QCOMPARE(res->result_int(), 418u);
    QCOMPARE(std::string(res->at(http::field::content_type)), std::string("application/json"));
    QCOMPARE(std::string(res->body()), std::string("{\"teapot\":true}"));
    // The connection stays usable.
    QVERIFY(client.get("/again"));
}

void TestLbProxy::failOpenWhenNoTargetIsHealthy()
{
    Backend a("a"), b("b"), d("d");
    Setup s;
    s.table->targetGroups.push_back(group(
        "tg", {target(a, TargetState::Unhealthy), target(b, TargetState::Initial), target(d, TargetState::Draining)}));
    s.listener({forwardRule("default", {{"tg", 1}})});
    Proxy proxy;
    QVERIFY(proxy.apply(s.table).empty());
    Client client(s.port);
    const auto counts = countBackends(client, "/", 10);
    QCOMPARE(count(counts, "a"), 5);
    QCOMPARE(count(counts, "b"), 5);
    QCOMPARE(counts.count("d"), std::size_t(0));
    QCOMPARE(d.requests(), 0);
}

void TestLbProxy::drainingTargetFinishesButGetsNothingNew()
{
    Backend a("a"), b("b");
    Setup s;
    s.table->targetGroups.push_back(group("tg", {target(a), target(b, TargetState::Initial)}));
    s.listener({forwardRule("default", {{"tg", 1}})});
    Proxy proxy;
    QVERIFY(proxy.apply(s.table).empty());

    auto slow = std::async(std::launch::async, [&] { return Client(s.port).get("/delay/1500"); });
    QTRY_COMPARE(proxy.inFlight("tg", "a"), std::uint64_t(1));

    // a drains, b is healthy now: a new snapshot while a's request is in flight.
    auto next = std::make_shared<Table>(*s.table);
    next->targetGroups[0].targets = {target(a, TargetState::Draining), target(b)};
    QVERIFY(proxy.apply(next).empty());
    Client client(s.port);
    const auto counts = countBackends(client, "/", 6);
    QCOMPARE(count(counts, "b"), 6);
    QCOMPARE(proxy.inFlight("tg", "a"), std::uint64_t(1)); // still finishing
    // The slow request was routed by the first table, which it still holds; the six new ones have
    // ended and let go of theirs.
    QVERIFY(!proxy.earlierTablesReleased());

    const auto res = slow.get();
    QVERIFY(res);
    QCOMPARE(res->result_int(), 200u);
    QCOMPARE(std::string(res->body()), std::string("a"));
    // The proxy counts the request done once the answer's last byte is written, which may come just
    // after the client has read it.
    QTRY_COMPARE(proxy.inFlight("tg", "a"), std::uint64_t(0)); // the deregistration may end now
    QTRY_VERIFY(proxy.earlierTablesReleased());
    QCOMPARE(proxy.targetStats("tg", "a")->requests, std::uint64_t(1));

    // Left out of the next snapshot, a has no statistics any more; nothing else changes.
    auto last = std::make_shared<Table>(*next);
    last->targetGroups[0].targets = {target(b)};
    QVERIFY(proxy.apply(last).empty());
    QVERIFY(!proxy.targetStats("tg", "a"));
    QCOMPARE(proxy.targetStats("tg", "b")->requests, std::uint64_t(6));
}

void TestLbProxy::forwardedHeadersAddedHopByHopRemoved()
{
    Backend a("a");
    Setup s;
    s.table->targetGroups.push_back(group("tg", {target(a)}));
    s.listener({forwardRule("default", {{"tg", 1}})});
    Proxy proxy;
    QVERIFY(proxy.apply(s.table).empty());
    Client client(s.port);

    http::request<http::string_body> req(http::verb::get, "/headers", 11);
    req.set(http::field::connection, "keep-alive, X-Secret");
    req.set("X-Secret", "hop");
    req.set("Keep-Alive", "timeout=5");
    req.set("Proxy-Authorization", "Basic eA==");
    req.set("TE", "trailers");
    req.set("Upgrade", "websocket");
    req.set("X-Forwarded-For", "203.0.113.9");
    req.set("X-Amzn-Trace-Id", "Root=1-5f84c7a9-0123456789abcdef01234567;Sampled=1");
    req.set("X-Custom", "stays");
    const auto res = client.send(req);
    QVERIFY(res);
    const std::string seen(res->body());
    QCOMPARE(headerLine(seen, "X-Forwarded-For"), std::string("203.0.113.9, 127.0.0.1"));
    QCOMPARE(headerLine(seen, "X-Forwarded-Proto"), std::string("http"));
    QCOMPARE(headerLine(seen, "X-Forwarded-Port"), std::to_string(s.port));
    QCOMPARE(headerLine(seen, "X-Custom"), std::string("stays"));
    const QString trace = QString::fromStdString(headerLine(seen, "X-Amzn-Trace-Id"));
    QVERIFY2(
        QRegularExpression(QStringLiteral("^Self=1-[0-9a-f]{8}-[0-9a-f]{24};Root=1-5f84c7a9-0123456789abcdef01234567;"
                                          "Sampled=1$"))
            .match(trace)
            .hasMatch(),
        qPrintable(trace));
    for (const char *gone : {"Connection", "X-Secret", "Keep-Alive", "Proxy-Authorization", "TE", "Upgrade"})
        QVERIFY2(headerLine(seen, gone).empty(), gone);
    // The response's own hop-by-hop fields do not reach the client either.
    QVERIFY(res->find("X-Hop") == res->end());
    QVERIFY(res->find("Keep-Alive") == res->end());
    QCOMPARE(std::string(res->at("X-End-To-End")), std::string("kept"));

    // Without a trace header the proxy starts one.
    const auto fresh = client.get("/headers");
    QVERIFY(fresh);
    const QString root = QString::fromStdString(headerLine(std::string(fresh->body()), "X-Amzn-Trace-Id"));
    QVERIFY2(QRegularExpression(QStringLiteral("^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$")).match(root).hasMatch(),
             qPrintable(root));
    // ... and, with no forwarding fields from the client, sets each once.
    const std::string freshSeen(fresh->body());
    QCOMPARE(headerLine(freshSeen, "X-Forwarded-For"), std::string("127.0.0.1"));
    QCOMPARE(headerLine(freshSeen, "X-Forwarded-Proto"), std::string("http"));
    QCOMPARE(headerLine(freshSeen, "X-Forwarded-Port"), std::to_string(s.port));
    QCOMPARE(QString::fromStdString(freshSeen).count(QStringLiteral("X-Forwarded-For:"), Qt::CaseInsensitive), 1);
}

void TestLbProxy::inPlaceRewriteEqualsTheCopy_data()
{
    QTest::addColumn<QString>("header"); // a request header as a client sends it

    QTest::newRow("plain") << "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    // Connection names a field, which goes too; order of the rest kept.
    QTest::newRow("hop-by-hop named") << "GET /x?q=1 HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, X-Secret\r\n"
                                         "X-Secret: s\r\nX-A: 1\r\nKeep-Alive: 5\r\nX-B: 2\r\n\r\n";
    // The client's chain comes first in X-Forwarded-For; the old Self of the trace goes.
    QTest::newRow("forwarded and trace") << "POST /p HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 203.0.113.9\r\n"
                                            "X-Amzn-Trace-Id: Self=1-1-2;Root=1-5f84c7a9-0;Sampled=1\r\n"
                                            "Content-Length: 3\r\nExpect: 100-continue\r\n\r\n";
    // An HTTP/1.0 request goes as HTTP/1.1; an unknown method keeps its spelling.
    QTest::newRow("1.0 and unknown method") << "PURGE /c HTTP/1.0\r\nHost: a\r\nTE: trailers\r\n"
                                               "Proxy-Connection: x\r\nTransfer-Encoding: chunked\r\n\r\n";
}

// The proxy rewrites the parsed request in place (no copy of its fields); the fuzzer checks the
// copying builder. Both must send the target the same bytes.
void TestLbProxy::inPlaceRewriteEqualsTheCopy()
{
    QFETCH(QString, header);
    const std::string text = header.toStdString();
    http::request_parser<http::empty_body> parser;
    boost::beast::error_code ec;
    parser.put(boost::asio::buffer(text), ec);
    QVERIFY2(!ec || ec == http::error::need_more, ec.message().c_str());
    QVERIFY(parser.is_header_done());
    const fd::lb::detail::ForwardedInfo info{"127.0.0.1", 8080, "http", "1-5f84c7a9-0123456789abcdef01234567"};

    http::request<http::empty_body> copied;
    fd::lb::detail::buildUpstreamRequestHeader(parser.get().base(), info, copied.base());
    http::request<http::empty_body> inPlace = parser.get();
    fd::lb::detail::rewriteUpstreamRequestHeader(inPlace.base(), info);

    std::ostringstream a;
    std::ostringstream b;
    a << copied.base();
    b << inPlace.base();
    QCOMPARE(b.str(), a.str());
    QVERIFY(b.str().find("X-Forwarded-For: ") != std::string::npos);
}

void TestLbProxy::appendHeaderWritesWhatBeastWrites_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("isRequest");
    QTest::newRow("request") << "GET /a?b=1 HTTP/1.1\r\nHost: h\r\nX-Custom: v w\r\nAccept: */*\r\n\r\n" << true;
    QTest::newRow("request 1.0, unknown method") << "PURGE * HTTP/1.0\r\nhost: h\r\n\r\n" << true;
    QTest::newRow("request without fields") << "OPTIONS / HTTP/1.1\r\n\r\n" << true;
    QTest::newRow("response with its reason") << "HTTP/1.1 200 Fine\r\nContent-Length: 3\r\n\r\n" << false;
    // An empty reason is written as the standard one, by Beast and by appendHeader() alike.
    QTest::newRow("response without reason") << "HTTP/1.1 404 \r\nServer: s\r\n\r\n" << false;
    QTest::newRow("response 1.0, odd code") << "HTTP/1.0 599 Custom Thing\r\nA: \r\nB: x\r\n\r\n" << false;
}

// The proxy writes a forwarded message's header itself (one buffer, no serializer walk): the bytes
// must be Beast's, so a target or client sees exactly what the serializer would have sent.
void TestLbProxy::appendHeaderWritesWhatBeastWrites()
{
    QFETCH(QString, message);
    QFETCH(bool, isRequest);
    const std::string text = message.toStdString();
    boost::beast::error_code ec;
    std::ostringstream beast;
    std::string ours = "prefix:";
    if (isRequest) {
        http::request_parser<http::empty_body> parser;
        parser.put(boost::asio::buffer(text), ec);
        QVERIFY2(!ec, ec.message().c_str());
        beast << parser.get().base();
        fd::lb::detail::appendHeader(ours, parser.get().base());
    } else {
        http::response_parser<http::empty_body> parser;
        parser.skip(true); // the header only: no body follows in these rows
        parser.put(boost::asio::buffer(text), ec);
        QVERIFY2(!ec, ec.message().c_str());
        beast << parser.get().base();
        fd::lb::detail::appendHeader(ours, parser.get().base());
    }
    QCOMPARE(QString::fromStdString(ours), QStringLiteral("prefix:") + QString::fromStdString(beast.str()));
    if (message.contains(QStringLiteral(" 200 Fine")) || isRequest)
        QCOMPARE(QString::fromStdString(ours.substr(7)), message); // these rows are already in Beast's form
}

void TestLbProxy::largeBodiesStreamBothWays()
{
    Backend a("a");
    Setup s;
    s.table->targetGroups.push_back(group("tg", {target(a)}));
    s.listener({forwardRule("default", {{"tg", 1}})});
    ProxyOptions options;
    options.streamChunkBytes = 16 * 1024;
    Proxy proxy(options);
    QVERIFY(proxy.apply(s.table).empty());
    Client client(s.port);

    constexpr std::size_t kSize = 24 * 1024 * 1024;
    http::request<http::string_body> up(http::verb::post, "/echo-size", 11);
    up.body().resize(kSize);
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < kSize; ++i) {
        up.body()[i] = char(i % 253);
        sum += i % 253;
    }
    const auto echoed = client.send(up, 60s);
    QVERIFY(echoed);
    QCOMPARE(std::string(echoed->body()), std::to_string(kSize) + " " + std::to_string(sum));

    // Chunked from the client: the framing is rebuilt for the target.
    http::request<http::string_body> chunked(http::verb::post, "/echo-size", 11);
    chunked.body() = std::string(100000, 'x');
    chunked.chunked(true);
    const auto echoedChunked = client.send(chunked, 30s);
    QVERIFY(echoedChunked);
    QCOMPARE(QString::fromStdString(echoedChunked->body()),
             QString::fromStdString("100000 " + std::to_string(100000ull * 'x')));

    const auto down = client.get("/big/" + std::to_string(kSize), 60s);
    QVERIFY(down);
    QCOMPARE(down->body().size(), kSize);
    bool intact = true;
    for (std::size_t i = 0; i < kSize && intact; ++i)
        intact = down->body()[i] == char(i % 251);
    QVERIFY(intact);
}

void TestLbProxy::responseIsStreamedNotBuffered()
{
    Backend a("a");
    Setup s;
    s.table->targetGroups.push_back(group("tg", {target(a)}));
    s.listener({forwardRule("default", {{"tg", 1}})});
    Proxy proxy;
    QVERIFY(proxy.apply(s.table).empty());
    Client client(s.port);
    QVERIFY(client.write("GET /trickle HTTP/1.1\r\nHost: x\r\n\r\n"));
    // part1 arrives while the target still holds part2 back: nothing waits for the whole body.
    const std::string first = client.readUntil("part1", 5s);
    QVERIFY2(first.find("part1") != std::string::npos, first.c_str());
    QVERIFY(first.find("part2") == std::string::npos);
    a.release();
    const std::string all = client.readUntil("part2", 5s);
    QVERIFY(all.find("part2") != std::string::npos);
}

void TestLbProxy::concurrentClientsOnTwoThreads()
{
    Backend a("a"), b("b"), c("c");
    Setup s;
    s.table->targetGroups.push_back(
        group("tg", {target(a), target(b), target(c)}, Algorithm::LeastOutstandingRequests));
    s.listener({forwardRule("default", {{"tg", 1}})});
    ProxyOptions options;
    options.threads = 2;
    Proxy proxy(options);
    QVERIFY(proxy.apply(s.table).empty());

    constexpr int kClients = 8;
    constexpr int kEach = 60;
    std::vector<std::future<int>> clients;
    for (int i = 0; i < kClients; ++i)
        clients.push_back(std::async(std::launch::async, [&s, i] {
            Client client(s.port);
            int ok = 0;
            for (int n = 0; n < kEach; ++n) {
                // Some requests stay on the connection, some open a new one (pooled target connections move
                // between the proxy's threads).
                const auto res = (n % 10 == 9) ? Client(s.port).get("/") : client.get(i % 2 ? "/" : "/delay/1");
                ok += res && res->result_int() == 200;
            }
            return ok;
        }));
    int ok = 0;
    for (auto &f : clients)
        ok += f.get();
    QCOMPARE(ok, kClients * kEach);
    QCOMPARE(a.requests() + b.requests() + c.requests(), kClients * kEach);
    QTRY_COMPARE(proxy.inFlight("tg", "a") + proxy.inFlight("tg", "b") + proxy.inFlight("tg", "c"), std::uint64_t(0));
    std::uint64_t requests = 0;
    for (const TargetStats &t : proxy.stats().targets) {
        QCOMPARE(t.inFlight, std::uint64_t(0));
        requests += t.requests;
    }
    QCOMPARE(requests, std::uint64_t(kClients * kEach));
    QTRY_COMPARE(proxy.stats().listeners.at(0).activeConnections, std::uint64_t(0));
}

void TestLbProxy::targetClosingAnIdleConnectionCostsNoRequest()
{
    Backend a("a");
    Setup s;
    s.table->targetGroups.push_back(group("tg", {target(a)}));
    s.listener({forwardRule("default", {{"tg", 1}})});
    Proxy proxy;
    QVERIFY(proxy.apply(s.table).empty());
    Client client(s.port);
    for (int i = 0; i < 3; ++i) {
        const auto res = client.get("/close-soon");
        QVERIFY(res);
        QCOMPARE(res->result_int(), 200u); // the pooled connection was closed by the target meanwhile
        QTest::qWait(300);
    }
    QCOMPARE(a.requests(), 3);
    QVERIFY(a.connections() >= 2);
    QCOMPARE(proxy.stats().listeners.at(0).elb502, std::uint64_t(0));
}

QTEST_GUILESS_MAIN(TestLbProxy)
#include "TestLbProxy.moc"
