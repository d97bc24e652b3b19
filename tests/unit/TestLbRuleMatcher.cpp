// The load balancer's pure rule matcher (core/lb/RuleMatcher): each condition type with its case and
// wildcard rules, rules evaluated in priority order with the default rule last, and the pure
// pieces around it (redirect Location, weighted target groups, fail-open, least outstanding).
// What the console's "which rule would match this request?" tester and the proxy both rely on.

#include "lb/Balancer.h"
#include "lb/Cidr.h"
#include "lb/Redirect.h"
#include "lb/RuleMatcher.h"
#include "lb/Wildcard.h"

#include <QTest>

#include <map>

using namespace fd::lb;

namespace {

Condition cond(ConditionType type, std::vector<std::string> values, std::string headerName = {})
{
    Condition c;
    c.type = type;
    c.values = std::move(values);
    c.headerName = std::move(headerName);
    return c;
}

Condition query(std::vector<QueryPair> pairs)
{
    Condition c;
    c.type = ConditionType::QueryString;
    c.queryPairs = std::move(pairs);
    return c;
}

Rule rule(std::string id, int priority, std::vector<Condition> conditions)
{
    Rule r;
    r.id = std::move(id);
    r.priority = priority;
    r.conditions = std::move(conditions);
    return r;
}

// A request from a compact description: "GET /path?query host=h ip=a.b.c.d H:Name=Value".
struct Req
{
    std::string method = "GET", target = "/", host = "example.com", ip = "10.0.0.1";
    std::vector<std::pair<std::string, std::string>> headers;

    RequestView view() const
    {
        RequestView v;
        v.method = method;
        std::tie(v.path, v.query) = splitTarget(target);
        v.host = host;
        v.sourceIp = ip;
        for (const auto &[n, val] : headers)
            v.headers.emplace_back(n, val);
        return v;
    }
};

Req parse(const QString &text)
{
    Req r;
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    r.method = words.value(0).toStdString();
    r.target = words.value(1).toStdString();
    for (int i = 2; i < words.size(); ++i) {
        const QString w = words[i];
        if (w.startsWith(u"host="))
            r.host = w.mid(5).toStdString();
        else if (w.startsWith(u"ip="))
            r.ip = w.mid(3).toStdString();
        else if (w.startsWith(u"H:")) {
            const int eq = int(w.indexOf(u'='));
            r.headers.emplace_back(w.mid(2, eq - 2).toStdString(), w.mid(eq + 1).toStdString());
        }
    }
    return r;
}

} // namespace

class TestLbRuleMatcher final : public QObject
{
    Q_OBJECT

private slots:
    void wildcard_data();
    void wildcard();
    void condition_data();
    void condition();
    void priorityOrderAndDefault_data();
    void priorityOrderAndDefault();
    void cidr_data();
    void cidr();
    void redirect_data();
    void redirect();
    void weightedSplit();
    void allZeroWeightsAreEven();
    void routableTargetsFailOpen_data();
    void routableTargetsFailOpen();
    void leastOutstandingPicksFewestThenRotates();
};

void TestLbRuleMatcher::wildcard_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("insensitive");
    QTest::addColumn<bool>("expect");
    QTest::newRow("exact") << "/a"
                           << "/a" << false << true;
    QTest::newRow("star matches nothing") << "/img/*"
                                          << "/img/" << false << true;
    QTest::newRow("star matches across slashes") << "/img/*"
                                                 << "/img/a/b.png" << false << true;
    QTest::newRow("star in the middle") << "/img/*/pics"
                                        << "/img/x/y/pics" << false << true;
    QTest::newRow("star in the middle, no tail") << "/img/*/pics"
                                                 << "/img/x/pic" << false << false;
    QTest::newRow("question is exactly one") << "/v?"
                                             << "/v1" << false << true;
    QTest::newRow("question is not zero") << "/v?"
                                          << "/v" << false << false;
    QTest::newRow("question is not two") << "/v?"
                                         << "/v12" << false << false;
    QTest::newRow("case-sensitive by default") << "/API/*"
                                               << "/api/x" << false << false;
    QTest::newRow("case-insensitive when asked") << "*.Example.COM"
                                                 << "www.example.com" << true << true;
    QTest::newRow("backtracking") << "*a*b*c"
                                  << "xaxbxbxcxc" << false << true;
    QTest::newRow("backtracking fails") << "*a*b*c"
                                        << "xaxcxb" << false << false;
    QTest::newRow("many stars on a long text stay fast") << "*a*a*a*a*b" << QString(4000, u'a') << false << false;
    QTest::newRow("empty pattern, empty text") << ""
                                               << "" << false << true;
    QTest::newRow("empty pattern, some text") << ""
                                              << "x" << false << false;
}

void TestLbRuleMatcher::wildcard()
{
    QFETCH(QString, pattern);
    QFETCH(QString, text);
    QFETCH(bool, insensitive);
    QFETCH(bool, expect);
    QCOMPARE(
        wildcardMatch(pattern.toStdString(), text.toStdString(), insensitive ? Case::Insensitive : Case::Sensitive),
        expect);
}

void TestLbRuleMatcher::condition_data()
{
    QTest::addColumn<int>("which"); // index into the conditions built in condition()
    QTest::addColumn<QString>("request");
    QTest::addColumn<bool>("expect");

    // 0: path-pattern /api/* or /v?/health
    QTest::newRow("path matches") << 0 << "GET /api/users" << true;
    QTest::newRow("path second value") << 0 << "GET /v2/health" << true;
    QTest::newRow("path is case-sensitive") << 0 << "GET /API/users" << false;
    QTest::newRow("path ignores the query") << 0 << "GET /home?x=/api/users" << false;
    QTest::newRow("path with a query still matches") << 0 << "GET /api/users?id=1" << true;
    QTest::newRow("path from the absolute form") << 0 << "GET http://h.example/api/x?y=1" << true;
    // 1: host-header *.example.com
    QTest::newRow("host matches") << 1 << "GET / host=shop.example.com" << true;
    QTest::newRow("host is case-insensitive") << 1 << "GET / host=SHOP.Example.COM" << true;
    QTest::newRow("host ignores the port") << 1 << "GET / host=shop.example.com:8080" << true;
    QTest::newRow("host other domain") << 1 << "GET / host=example.org" << false;
    // 2: http-header User-Agent *Mobile* or curl/?.*
    QTest::newRow("header value wildcard") << 2 << "GET / H:User-Agent=Foo-Mobile-Bar" << true;
    QTest::newRow("header name any case") << 2 << "GET / H:user-agent=curl/7.88" << true;
    QTest::newRow("header value any case") << 2 << "GET / H:USER-AGENT=x-mobile-y" << true;
    QTest::newRow("header absent") << 2 << "GET /" << false;
    QTest::newRow("header other value") << 2 << "GET / H:User-Agent=Desktop" << false;
    // 3: http-request-method GET or HEAD
    QTest::newRow("method GET") << 3 << "GET /" << true;
    QTest::newRow("method HEAD") << 3 << "HEAD /" << true;
    QTest::newRow("method is exact") << 3 << "get /" << false;
    QTest::newRow("method POST") << 3 << "POST /" << false;
    // 4: query-string version=v2* or (any key)=beta, or key debug with any value
    QTest::newRow("query key and value") << 4 << "GET /?version=v2.1" << true;
    QTest::newRow("query case-insensitive") << 4 << "GET /?VERSION=V2" << true;
    QTest::newRow("query value only") << 4 << "GET /?channel=beta" << true;
    QTest::newRow("query key only") << 4 << "GET /?a=1&debug=anything" << true;
    QTest::newRow("query key only, no value") << 4 << "GET /?debug" << true;
    QTest::newRow("query percent-decoded") << 4 << "GET /?vers%69on=v2" << true;
    QTest::newRow("query no match") << 4 << "GET /?version=v1&x=y" << false;
    QTest::newRow("query empty") << 4 << "GET /" << false;
    // 5: query-string with an escaped star: value literally a*b
    QTest::newRow("escaped star is literal") << 5 << "GET /?k=a*b" << true;
    QTest::newRow("escaped star is not a wildcard") << 5 << "GET /?k=axxb" << false;
    // 6: source-ip 192.168.0.0/16 or 10.1.2.3/32 or 2001:db8::/32
    QTest::newRow("ip in the /16") << 6 << "GET / ip=192.168.7.9" << true;
    QTest::newRow("ip exact /32") << 6 << "GET / ip=10.1.2.3" << true;
    QTest::newRow("ip next to the /32") << 6 << "GET / ip=10.1.2.4" << false;
    QTest::newRow("ipv6 in the block") << 6 << "GET / ip=2001:db8::7" << true;
    QTest::newRow("ipv4-mapped ipv6") << 6 << "GET / ip=::ffff:192.168.1.1" << true;
    QTest::newRow("ip outside") << 6 << "GET / ip=172.16.0.1" << false;
    QTest::newRow("not an ip") << 6 << "GET / ip=nonsense" << false;
}

void TestLbRuleMatcher::condition()
{
    QFETCH(int, which);
    QFETCH(QString, request);
    QFETCH(bool, expect);
    const std::vector<Condition> conditions = {
        cond(ConditionType::PathPattern, {"/api/*", "/v?/health"}),
        cond(ConditionType::HostHeader, {"*.example.com"}),
        cond(ConditionType::HttpHeader, {"*Mobile*", "curl/?.*"}, "User-Agent"),
        cond(ConditionType::HttpRequestMethod, {"GET", "HEAD"}),
        query({{"version", "v2*"}, {std::nullopt, "beta"}, {"debug", std::nullopt}}),
        query({{"k", "a\\*b"}}),
        cond(ConditionType::SourceIp, {"192.168.0.0/16", "10.1.2.3/32", "2001:db8::/32"}),
    };
    const Req req = parse(request);
    QCOMPARE(conditionMatches(conditions.at(std::size_t(which)), req.view()), expect);
}

void TestLbRuleMatcher::priorityOrderAndDefault_data()
{
    QTest::addColumn<QString>("request");
    QTest::addColumn<QString>("expectRule");
    // The seed's two-app listener plus a host rule and an AND rule; list order = priority order.
    QTest::newRow("cubebuster path") << "GET /cubebuster/play"
                                     << "cubebuster";
    QTest::newRow("cubebuster exact prefix") << "GET /cubebuster"
                                             << "cubebuster";
    QTest::newRow("lower priority wins over a later match") << "POST /cubebuster/x host=admin.example.com"
                                                            << "cubebuster";
    QTest::newRow("all conditions must hold: method fails") << "GET /admin host=admin.example.com"
                                                            << "admin-host";
    QTest::newRow("all conditions hold") << "POST /admin host=admin.example.com"
                                         << "admin-post";
    QTest::newRow("host rule") << "GET / host=admin.example.com"
                               << "admin-host";
    QTest::newRow("nothing else: default") << "GET /"
                                           << "default";
    QTest::newRow("path case differs: default") << "GET /CubeBuster"
                                                << "default";
}

void TestLbRuleMatcher::priorityOrderAndDefault()
{
    QFETCH(QString, request);
    QFETCH(QString, expectRule);
    std::vector<Rule> rules;
    rules.push_back(rule("cubebuster", 1, {cond(ConditionType::PathPattern, {"/cubebuster*"})}));
    rules.push_back(
        rule("admin-post", 5,
             {cond(ConditionType::HostHeader, {"admin.*"}), cond(ConditionType::HttpRequestMethod, {"POST"}),
              cond(ConditionType::PathPattern, {"/admin*"})}));
    rules.push_back(rule("admin-host", 10, {cond(ConditionType::HostHeader, {"admin.example.com"})}));
    Rule def = rule("default", 0, {});
    def.isDefault = true;
    rules.push_back(def);

    const Req req = parse(request);
    const Rule *matched = matchRule(rules, req.view());
    QVERIFY(matched);
    QCOMPARE(QString::fromStdString(matched->id), expectRule);
}

void TestLbRuleMatcher::cidr_data()
{
    QTest::addColumn<QString>("block");
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("expect"); // -1: the block does not parse
    QTest::newRow("/0 holds every v4") << "0.0.0.0/0"
                                       << "8.8.8.8" << 1;
    QTest::newRow("/24") << "127.0.0.0/24"
                         << "127.0.0.200" << 1;
    QTest::newRow("/25 upper half") << "127.0.0.0/25"
                                    << "127.0.0.200" << 0;
    QTest::newRow("/31 odd bits") << "10.0.0.2/31"
                                  << "10.0.0.3" << 1;
    QTest::newRow("v4 block, v6 address") << "10.0.0.0/8"
                                          << "::1" << 0;
    QTest::newRow("no prefix") << "10.0.0.0"
                               << "10.0.0.1" << -1;
    QTest::newRow("prefix too long") << "10.0.0.0/33"
                                     << "10.0.0.1" << -1;
    QTest::newRow("garbage") << "ten/8"
                             << "10.0.0.1" << -1;
    QTest::newRow("v6 /128") << "::1/128"
                             << "::1" << 1;
}

void TestLbRuleMatcher::cidr()
{
    QFETCH(QString, block);
    QFETCH(QString, address);
    QFETCH(int, expect);
    const auto c = parseCidr(block.toStdString());
    if (expect < 0) {
        QVERIFY(!c);
        return;
    }
    QVERIFY(c);
    const auto ip = parseIp(address.toStdString());
    QVERIFY(ip);
    QCOMPARE(contains(*c, *ip), expect == 1);
}

void TestLbRuleMatcher::redirect_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("port");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expect");
    // Original request: http://shop.example.com:8080/cart/view?id=7
    QTest::newRow("defaults keep the URL") << "#{protocol}"
                                           << "#{host}"
                                           << "#{port}"
                                           << "/#{path}"
                                           << "#{query}"
                                           << "http://shop.example.com:8080/cart/view?id=7";
    QTest::newRow("to https on 443") << "HTTPS"
                                     << "#{host}"
                                     << "443"
                                     << "/#{path}"
                                     << "#{query}"
                                     << "https://shop.example.com:443/cart/view?id=7";
    QTest::newRow("new host, path prefix, extra query")
        << "#{protocol}"
        << "new.#{host}"
        << "#{port}"
        << "/v2/#{path}"
        << "#{query}&from=old"
        << "http://new.shop.example.com:8080/v2/cart/view?id=7&from=old";
    QTest::newRow("empty query drops the ?") << "#{protocol}"
                                             << "#{host}"
                                             << "#{port}"
                                             << "/"
                                             << ""
                                             << "http://shop.example.com:8080/";
    QTest::newRow("unknown keyword stays") << "#{protocol}"
                                           << "#{host}"
                                           << "#{port}"
                                           << "/#{nope}"
                                           << ""
                                           << "http://shop.example.com:8080/#{nope}";
}

void TestLbRuleMatcher::redirect()
{
    QFETCH(QString, protocol);
    QFETCH(QString, host);
    QFETCH(QString, port);
    QFETCH(QString, path);
    QFETCH(QString, query);
    QFETCH(QString, expect);
    RedirectAction a;
    a.protocol = protocol.toStdString();
    a.host = host.toStdString();
    a.port = port.toStdString();
    a.path = path.toStdString();
    a.query = query.toStdString();
    const OriginalUrl url{"HTTP", "shop.example.com", 8080, "/cart/view", "id=7"};
    QCOMPARE(QString::fromStdString(redirectLocation(a, url)), expect);
}

void TestLbRuleMatcher::weightedSplit()
{
    const std::vector<WeightedGroup> groups = {{"blue", 3}, {"green", 1}, {"off", 0}};
    std::map<std::size_t, int> counts;
    for (std::uint64_t ticket = 0; ticket < 400; ++ticket)
        ++counts[chooseWeighted(groups, ticket).value()];
    QCOMPARE(counts[0], 300);
    QCOMPARE(counts[1], 100);
    QCOMPARE(counts[2], 0);
    QVERIFY(!chooseWeighted({}, 0));
}

void TestLbRuleMatcher::allZeroWeightsAreEven()
{
    const std::vector<WeightedGroup> groups = {{"a", 0}, {"b", 0}};
    QCOMPARE(chooseWeighted(groups, 0).value(), std::size_t(0));
    QCOMPARE(chooseWeighted(groups, 1).value(), std::size_t(1));
}

void TestLbRuleMatcher::routableTargetsFailOpen_data()
{
    QTest::addColumn<QString>("states"); // h=healthy i=initial u=unhealthy d=draining
    QTest::addColumn<QString>("expect"); // indexes that may get new requests
    QTest::newRow("healthy only") << "hud"
                                  << "0";
    QTest::newRow("two healthy, initial waits") << "hhi"
                                                << "01";
    QTest::newRow("none healthy: fail open, not draining") << "uiud"
                                                           << "012";
    QTest::newRow("only draining: nothing") << "dd"
                                            << "";
    QTest::newRow("no targets") << ""
                                << "";
}

void TestLbRuleMatcher::routableTargetsFailOpen()
{
    QFETCH(QString, states);
    QFETCH(QString, expect);
    std::vector<Target> targets;
    for (QChar c : states) {
        Target t;
        t.state = c == u'h'   ? TargetState::Healthy
                  : c == u'i' ? TargetState::Initial
                  : c == u'u' ? TargetState::Unhealthy
                              : TargetState::Draining;
        targets.push_back(t);
    }
    QString got;
    for (std::size_t i : routableTargets(targets))
        got += QString::number(i);
    QCOMPARE(got, expect);
}

void TestLbRuleMatcher::leastOutstandingPicksFewestThenRotates()
{
    const std::vector<std::size_t> candidates = {0, 1, 2};
    std::vector<std::uint64_t> inFlight = {5, 1, 1};
    const auto count = [&](std::size_t i) { return inFlight[i]; };
    // Ties between 1 and 2 are broken by the ticket, so both get work.
    QCOMPARE(pickTarget(Algorithm::LeastOutstandingRequests, candidates, 0, count).value(), std::size_t(1));
    QCOMPARE(pickTarget(Algorithm::LeastOutstandingRequests, candidates, 2, count).value(), std::size_t(2));
    inFlight = {0, 3, 3};
    QCOMPARE(pickTarget(Algorithm::LeastOutstandingRequests, candidates, 1, count).value(), std::size_t(0));
    QCOMPARE(pickTarget(Algorithm::RoundRobin, candidates, 4, count).value(), std::size_t(1));
    QVERIFY(!pickTarget(Algorithm::RoundRobin, {}, 0, count));
}

QTEST_APPLESS_MAIN(TestLbRuleMatcher)
#include "TestLbRuleMatcher.moc"
