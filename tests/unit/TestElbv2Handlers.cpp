// The ELBv2 handlers behind the router, without the aws CLI: form requests in, XML out, decoded again.
// What a request carries is read or refused by name, the Query shapes read back as written, and the
// tag and condition rules answer with AWS's codes. (TestElbv2Api drives the same with the real CLI.)

#include "ControlPlane.h"
#include "api/ApiRouter.h"
#include "api/AwsQueryProtocol.h"
#include "api/elbv2/Elbv2Service.h"
#include "ops/Engines.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace fd;
using namespace fd::api;
using nlohmann::json;

class TestElbv2Handlers : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ControlPlane> m_cp;
    ApiRouter m_router;

    // One signed request for `action` with the members of `params`.
    Result<json> call(const std::string &action, const json &params)
    {
        ApiRequest r;
        r.protocol = Protocol::AwsQuery;
        r.service = "elasticloadbalancing";
        r.region = "eu-west-1";
        r.operation = action;
        r.version = "2015-12-01";
        r.params = params;
        return decodeAwsQueryResponse(m_router.handle(encodeAwsQueryRequest(r), m_cp.get()));
    }

    QString failure(const std::string &action, const json &params)
    {
        const Result<json> r = call(action, params);
        return r ? QStringLiteral("succeeded") : r.error().code + QStringLiteral(": ") + r.error().message;
    }

    std::string loadBalancer()
    {
        const Result<json> r = call("CreateLoadBalancer", {{"Name", "web"}});
        return r ? r.value()["LoadBalancers"][0]["LoadBalancerArn"].get<std::string>() : std::string();
    }

    std::string targetGroup(const std::string &name = "tg")
    {
        const Result<json> r = call("CreateTargetGroup", {{"Name", name}, {"Port", "80"}, {"VpcId", "vpc-1"}});
        return r ? r.value()["TargetGroups"][0]["TargetGroupArn"].get<std::string>() : std::string();
    }

private slots:
    void initTestCase() { m_router.add(elbv2::elbv2Service()); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        auto cp = ControlPlane::open(m_dir->path(), std::make_shared<ManualClock>());
        QVERIFY(cp);
        m_cp = std::move(cp).value();
        QVERIFY(m_cp->engines().add(QStringLiteral("sim"), Engine::Kind::Simulated, {}));
        QVERIFY(m_cp->createDefaultLayout(QStringLiteral("sim")));
    }

    void cleanup() { m_cp.reset(); }

    void createReadsBackAsDescribed()
    {
        const Result<json> created =
            call("CreateLoadBalancer",
                 {{"Name", "web"}, {"Subnets", {"subnet-a", "subnet-b"}}, {"Tags", {{{"Key", "k"}, {"Value", "v"}}}}});
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));
        const Result<json> described = call("DescribeLoadBalancers", {{"Names", {"web"}}});
        QVERIFY(described);
        QCOMPARE(described.value()["LoadBalancers"], created.value()["LoadBalancers"]);
        QCOMPARE(described.value()["LoadBalancers"][0]["Type"], "application");
    }

    void unservedMembersAreRefusedByName_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("params"); // JSON; LB and TG stand for the ARNs
        QTest::addColumn<QString>("expected");
        QTest::newRow("listener certificates")
            << "CreateListener"
            << R"({"LoadBalancerArn":"LB","Port":"8443","Protocol":"HTTPS","Certificates":[{"CertificateArn":"c"}],
                   "DefaultActions":[{"Type":"forward","TargetGroupArn":"TG"}]})"
            << "ValidationError: Certificates: not supported by Fleetdeck (HTTPS listeners need certificates";
        QTest::newRow("HTTPS without certificates")
            << "CreateListener"
            << R"({"LoadBalancerArn":"LB","Port":"8443","Protocol":"HTTPS","DefaultActions":[{"Type":"forward","TargetGroupArn":"TG"}]})"
            << "UnsupportedProtocol: Protocol: HTTPS listeners need certificates";
        QTest::newRow("authenticate action config")
            << "CreateListener"
            << R"({"LoadBalancerArn":"LB","Port":"8081","DefaultActions":[{"Type":"forward","TargetGroupArn":"TG","AuthenticateOidcConfig":{"Issuer":"i"}}]})"
            << "ValidationError: DefaultActions[0].AuthenticateOidcConfig: not supported";
        QTest::newRow("a member AWS does not have") << "CreateTargetGroup"
                                                    << R"({"Name":"x","Port":"80","Colour":"blue"})"
                                                    << "ValidationError: Colour: is not a member Fleetdeck knows here";
        QTest::newRow("regex conditions")
            << "CreateRule"
            << R"({"ListenerArn":"L","Priority":"1","Conditions":[{"Field":"path-pattern","RegexValues":["^/a"]}],"Actions":[{"Type":"forward","TargetGroupArn":"TG"}]})"
            << "ValidationError: Conditions[0].RegexValues: not supported";
        QTest::newRow("Values and PathPatternConfig together")
            << "CreateRule"
            << R"({"ListenerArn":"L","Priority":"1","Conditions":[{"Field":"path-pattern","Values":["/a"],"PathPatternConfig":{"Values":["/b"]}}],"Actions":[{"Type":"forward","TargetGroupArn":"TG"}]})"
            << "ValidationError: Conditions[0]: you cannot provide both Values and 'PathPatternConfig'";
        QTest::newRow("a config of another field")
            << "CreateRule"
            << R"({"ListenerArn":"L","Priority":"1","Conditions":[{"Field":"path-pattern","HostHeaderConfig":{"Values":["a"]}}],"Actions":[{"Type":"forward","TargetGroupArn":"TG"}]})"
            << "ValidationError: Conditions[0].HostHeaderConfig: does not go with a condition of type 'path-pattern'";
        QTest::newRow("two actions")
            << "CreateRule"
            << R"({"ListenerArn":"L","Priority":"1","Conditions":[{"Field":"path-pattern","Values":["/a"]}],
                                            "Actions":[{"Type":"forward","TargetGroupArn":"TG"},{"Type":"fixed-response","FixedResponseConfig":{"StatusCode":"200"}}]})"
            << "TooManyActions: Actions: a rule takes exactly one action";
        QTest::newRow("a tag key twice")
            << "AddTags"
            << R"({"ResourceArns":["LB"],"Tags":[{"Key":"a","Value":"1"},{"Key":"a","Value":"2"}]})"
            << "DuplicateTagKeys: Tags[1].Key: 'a' is given twice";
        QTest::newRow("a reserved tag key") << "AddTags"
                                            << R"({"ResourceArns":["LB"],"Tags":[{"Key":"aws:x","Value":"1"}]})"
                                            << "ValidationError: Tags[0]: the aws: prefix is reserved";
        QTest::newRow("an unknown target group")
            << "DescribeTargetGroups"
            << R"({"TargetGroupArns":["arn:aws:elasticloadbalancing:eu-west-1:000000000000:targetgroup/none/0000000000000000"]})"
            << "TargetGroupNotFound: One or more target groups not found";
        QTest::newRow("not an ARN") << "DescribeLoadBalancers"
                                    << R"({"LoadBalancerArns":["web"]})"
                                    << "ValidationError: 'web' is not a valid load balancer ARN";
    }

    void unservedMembersAreRefusedByName()
    {
        QFETCH(QString, action);
        QFETCH(QString, params);
        QFETCH(QString, expected);
        const std::string lb = loadBalancer();
        const std::string tg = targetGroup();
        const Result<json> listener =
            call("CreateListener", {{"LoadBalancerArn", lb},
                                    {"Port", "8080"},
                                    {"DefaultActions", {{{"Type", "forward"}, {"TargetGroupArn", tg}}}}});
        QVERIFY(listener);
        const std::string listenerArn = listener.value()["Listeners"][0]["ListenerArn"].get<std::string>();
        QString text = params;
        text.replace(QStringLiteral("\"LB\""), QString::fromStdString("\"" + lb + "\""));
        text.replace(QStringLiteral("\"TG\""), QString::fromStdString("\"" + tg + "\""));
        text.replace(QStringLiteral("\"L\""), QString::fromStdString("\"" + listenerArn + "\""));
        const json members = json::parse(text.toStdString());
        const QString got = failure(action.toStdString(), members);
        QVERIFY2(got.startsWith(expected), qPrintable(got));
    }

    void tooManyTags()
    {
        const std::string lb = loadBalancer();
        json tags = json::array();
        for (int i = 0; i < 51; ++i)
            tags.push_back({{"Key", "k" + std::to_string(i)}, {"Value", "v"}});
        QVERIFY(failure("AddTags", {{"ResourceArns", {lb}}, {"Tags", tags}}).startsWith(u"TooManyTags"));
        tags.erase(tags.begin());
        QVERIFY(call("AddTags", {{"ResourceArns", {lb}}, {"Tags", tags}}));
        QVERIFY(failure("AddTags", {{"ResourceArns", {lb}}, {"Tags", {{{"Key", "one-more"}, {"Value", "v"}}}}})
                    .startsWith(u"TooManyTags"));
        const Result<json> removed = call("RemoveTags", {{"ResourceArns", {lb}}, {"TagKeys", {"k1", "k2"}}});
        QVERIFY(removed);
        const Result<json> described = call("DescribeTags", {{"ResourceArns", {lb}}});
        QCOMPARE(described.value()["TagDescriptions"][0]["Tags"].size(), 48u);
    }

    void weightedForwardReadsBack()
    {
        const std::string lb = loadBalancer();
        const std::string a = targetGroup("a"), b = targetGroup("b");
        const json actions = {
            {{"Type", "forward"},
             {"ForwardConfig",
              {{"TargetGroups",
                {{{"TargetGroupArn", a}, {"Weight", "80"}}, {{"TargetGroupArn", b}, {"Weight", "20"}}}}}}}};
        const Result<json> l =
            call("CreateListener", {{"LoadBalancerArn", lb}, {"Port", "8080"}, {"DefaultActions", actions}});
        QVERIFY2(l, l ? "" : qPrintable(l.error().message));
        const json action = l.value()["Listeners"][0]["DefaultActions"][0];
        // Two groups: no TargetGroupArn, the weights as given, stickiness off.
        QVERIFY(!action.contains("TargetGroupArn"));
        QCOMPARE(action["ForwardConfig"]["TargetGroups"][1]["TargetGroupArn"].get<std::string>(), b);
        QCOMPARE(action["ForwardConfig"]["TargetGroups"][1]["Weight"], "20");
        QCOMPARE(action["ForwardConfig"]["TargetGroupStickinessConfig"]["Enabled"], "false");
        // Both target groups now name the load balancer.
        const Result<json> tgs = call("DescribeTargetGroups", {{"LoadBalancerArn", lb}});
        QCOMPARE(tgs.value()["TargetGroups"].size(), 2u);
        QCOMPARE(tgs.value()["TargetGroups"][0]["LoadBalancerArns"][0].get<std::string>(), lb);
        // A TargetGroupArn that disagrees with ForwardConfig is refused.
        json both = actions;
        both[0]["TargetGroupArn"] = a;
        QVERIFY(failure("ModifyListener",
                        {{"ListenerArn", l.value()["Listeners"][0]["ListenerArn"]}, {"DefaultActions", both}})
                    .contains(u"name different target groups"));
    }

    void unsignedRequestsFindElbByVersion()
    {
        HttpRequest http;
        http.method = "POST";
        http.target = "/";
        http.headers["content-type"] = "application/x-www-form-urlencoded";
        http.body = "Action=DescribeLoadBalancers&Version=2015-12-01";
        const Result<json> r = decodeAwsQueryResponse(m_router.handle(http, m_cp.get()));
        QVERIFY2(r, r ? "" : qPrintable(r.error().message));
        QVERIFY(r.value()["LoadBalancers"].is_string() || r.value()["LoadBalancers"].is_array());
    }
};

QTEST_GUILESS_MAIN(TestElbv2Handlers)
#include "TestElbv2Handlers.moc"
