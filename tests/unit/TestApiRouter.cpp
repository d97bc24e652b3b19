// Routing of the AWS-compatible endpoint without a network or a control plane: AWS JSON by
// X-Amz-Target prefix, AWS Query by the SigV4 scope's service, Action and Version; unknown APIs and
// operations answered as AWS does and naming them; the one error path from a handler's Error to
// each protocol's error shape; and a Query request end to end through a test-only service table.

#include "api/ApiRouter.h"
#include "api/AwsJsonProtocol.h"
#include "api/AwsQueryProtocol.h"
#include "api/Params.h"
#include "api/ecs/EcsService.h"

#include <QtTest>

using namespace fd;
using namespace fd::api;
using nlohmann::json;

namespace {

const char kMonitoringNs[] = "http://monitoring.amazonaws.com/doc/2010-08-01/";
const char kAutoScalingNs[] = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

std::string scope(const char *service)
{
    return std::string("AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/") + service +
           "/aws4_request, SignedHeaders=host, Signature=0";
}

// A Query API shaped like CloudWatch: typed members read with Params, a result, no result, errors.
AwsService queryTestService()
{
    AwsService s;
    s.name = "TestWatch";
    s.protocol = Protocol::AwsQuery;
    s.signingName = "monitoring";
    s.version = "2010-08-01";
    s.xmlNamespace = kMonitoringNs;
    s.validationError = "InvalidParameterValue";
    s.errorStatus = {{"ResourceNotFound", 404}};
    s.operations = {
        {"DescribeThings",
         [](const ApiContext &ctx, const json &params) -> Result<json> {
             Params p(ctx, params);
             const auto prefix = p.string("Prefix");
             const auto max = p.integer("MaxRecords");
             const auto names = p.strings("Names");
             const auto enabled = p.boolean("Enabled");
             if (!p.ok())
                 return p.error();
             json things = json::array();
             for (const std::string &n : names)
                 things.push_back({{"Name", prefix.value_or("") + n}, {"Enabled", enabled.value_or(false)}});
             return json{{"Things", things},
                         {"Max", max.value_or(-1)},
                         {"Region", ctx.region.toStdString()},
                         {"Dimensions", params.value("Metric", json::object()).value("Dimensions", json::array())}};
         }},
        {"DeleteThings", [](const ApiContext &, const json &) -> Result<json> { return json(); }},
        {"FailThings",
         [](const ApiContext &, const json &) -> Result<json> {
             return makeError(QStringLiteral("ResourceNotFound"), QStringLiteral("no thing \"x\""));
         }},
        {"BreakThings",
         [](const ApiContext &, const json &) -> Result<json> {
             return makeError(QStringLiteral("InternalFailure"), QStringLiteral("it broke"));
         }},
    };
    return s;
}

AwsService jsonTestService()
{
    AwsService s;
    s.name = "Test";
    s.targetPrefix = "TestService_20200101";
    s.jsonVersion = "1.0";
    s.validationError = "ValidationException";
    s.operations = {
        {"Echo",
         [](const ApiContext &ctx, const json &params) -> Result<json> {
             return json{{"params", params}, {"operation", ctx.operation}, {"region", ctx.region.toStdString()}};
         }},
        {"Count",
         [](const ApiContext &ctx, const json &params) -> Result<json> {
             Params p(ctx, params);
             const auto n = p.integer("count");
             if (!p.ok())
                 return p.error();
             return json{{"count", n.value_or(0)}};
         }},
        {"Crash",
         [](const ApiContext &, const json &) -> Result<json> {
             return makeError(QStringLiteral("ServerException"), QStringLiteral("down"));
         }},
    };
    return s;
}

HttpRequest jsonRequest(const std::string &target, const std::string &body)
{
    HttpRequest http;
    http.method = "POST";
    http.target = "/";
    http.headers["x-amz-target"] = target;
    http.headers["content-type"] = "application/x-amz-json-1.0";
    http.body = body;
    return http;
}

HttpRequest formRequest(const std::string &form, const char *service = "monitoring")
{
    HttpRequest http;
    http.method = "POST";
    http.target = "/";
    http.headers["content-type"] = "application/x-www-form-urlencoded; charset=utf-8";
    if (service)
        http.headers["authorization"] = scope(service);
    http.body = form;
    return http;
}

json body(const HttpResponse &http)
{
    return json::parse(http.body);
}

} // namespace

class TestApiRouter final : public QObject
{
    Q_OBJECT

private:
    ApiRouter m_router;

private slots:
    void initTestCase()
    {
        m_router.add(jsonTestService());
        m_router.add(queryTestService());
        m_router.add(ecs::ecsService());
    }

    void jsonRoutesByTargetPrefix()
    {
        const HttpResponse r = m_router.handle(jsonRequest("TestService_20200101.Echo", R"({"a":[1,2]})"), nullptr);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("content-type"), std::string("application/x-amz-json-1.0"));
        QVERIFY(!r.header("x-amzn-requestid").empty());
        QCOMPARE(body(r), json::parse(R"({"params":{"a":[1,2]},"operation":"Echo","region":"us-east-1"})"));
    }

    void jsonErrorsBecomeTheJsonShape_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("requestBody");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("responseBody");
        QTest::newRow("unknown operation, named")
            << QByteArray("TestService_20200101.FlyToTheMoon") << QByteArray("{}") << 400
            << QByteArray(
                   R"({"__type":"UnknownOperationException","message":"operation FlyToTheMoon is not supported yet"})");
        QTest::newRow("unknown API, named")
            << QByteArray("Nobody_1.Op") << QByteArray("{}") << 400
            << QByteArray(
                   R"({"__type":"UnknownOperationException","message":"no service here answers X-Amz-Target Nobody_1.Op"})");
        QTest::newRow("typed member, named")
            << QByteArray("TestService_20200101.Count") << QByteArray(R"({"count":"3"})") << 400
            << QByteArray(R"({"__type":"ValidationException","message":"count: must be an integer"})");
        QTest::newRow("server fault is 500") << QByteArray("TestService_20200101.Crash") << QByteArray("{}") << 500
                                             << QByteArray(R"({"__type":"ServerException","message":"down"})");
        QTest::newRow("body not JSON")
            << QByteArray("TestService_20200101.Echo") << QByteArray("{oops") << 400
            << QByteArray(R"({"__type":"SerializationException","message":"the request body is not a JSON object"})");
        QTest::newRow("ECS unknown operation")
            << QByteArray("AmazonEC2ContainerServiceV20141113.DiscoverPollEndpoint") << QByteArray("{}") << 400
            << QByteArray(
                   R"({"__type":"UnknownOperationException","message":"operation DiscoverPollEndpoint is not supported yet"})");
    }

    void jsonErrorsBecomeTheJsonShape()
    {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, requestBody);
        QFETCH(int, status);
        QFETCH(QByteArray, responseBody);
        const HttpResponse r = m_router.handle(jsonRequest(target.toStdString(), requestBody.toStdString()), nullptr);
        QCOMPARE(r.status, status);
        QCOMPARE(QByteArray::fromStdString(r.body), responseBody);
        QCOMPARE(r.header("x-amzn-errortype"), body(r)["__type"].get<std::string>());
    }

    void jsonNeedsPost()
    {
        HttpRequest http = jsonRequest("AmazonEC2ContainerServiceV20141113.ListClusters", "{}");
        http.method = "GET";
        const HttpResponse r = m_router.handle(http, nullptr);
        QCOMPARE(r.status, 400);
        QCOMPARE(body(r)["message"], "the ECS endpoint takes POST / with X-Amz-Target");
    }

    void ecsTableHasEveryOperation()
    {
        const AwsService ecs = ecs::ecsService();
        QCOMPARE(ecs.operations.size(), std::size_t(55));
        for (const char *op : {"CreateCluster",
                               "RunTask",
                               "DescribeServices",
                               "ListAttributes",
                               "StartTask",
                               "ListTaskDefinitionFamilies",
                               "UpdateContainerInstancesState",
                               "TagResource",
                               "UntagResource",
                               "ListTagsForResource",
                               "UpdateCluster",
                               "UpdateClusterSettings",
                               "PutClusterCapacityProviders",
                               "DescribeCapacityProviders",
                               "CreateCapacityProvider",
                               "UpdateCapacityProvider",
                               "DeleteCapacityProvider",
                               "ListAccountSettings",
                               "PutAccountSetting",
                               "PutAccountSettingDefault",
                               "DeleteAccountSetting"})
            QVERIFY2(ecs.operations.count(op), op);
        QCOMPARE(m_router.jsonService("AmazonEC2ContainerServiceV20141113")->name, std::string("ECS"));
    }

    // Form in -> handler -> XML out, with typed members read from strings.
    void queryEndToEnd()
    {
        const HttpResponse r = m_router.handle(
            formRequest("Action=DescribeThings&Version=2010-08-01&Prefix=web-&MaxRecords=3&Enabled=true"
                        "&Names.member.1=a&Names.member.2=b%20c&Metric.Dimensions.member.1.Name=ClusterName"
                        "&Metric.Dimensions.member.1.Value=default"),
            nullptr);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("content-type"), std::string("text/xml"));
        const std::string id = r.header("x-amzn-requestid");
        QCOMPARE(
            r.body,
            "<DescribeThingsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><DescribeThingsResult>"
            "<Dimensions><member><Name>ClusterName</Name><Value>default</Value></member></Dimensions>"
            "<Max>3</Max><Region>eu-west-1</Region><Things><member><Enabled>true</Enabled><Name>web-a</Name></member>"
            "<member><Enabled>true</Enabled><Name>web-b c</Name></member></Things></DescribeThingsResult>"
            "<ResponseMetadata><RequestId>" +
                id + "</RequestId></ResponseMetadata></DescribeThingsResponse>\n");

        // An empty list on the wire reads as an empty list; a GET's query string works like a form.
        HttpRequest get;
        get.method = "GET";
        get.target = "/?Action=DescribeThings&Version=2010-08-01&Names=";
        get.headers["authorization"] = scope("monitoring");
        const Result<json> result = decodeAwsQueryResponse(m_router.handle(get, nullptr));
        QVERIFY(result.ok());
        QCOMPARE((*result)["Things"], json(""));
        QCOMPARE((*result)["Max"], json("-1"));

        // Unsigned: the Version tells the API.
        QCOMPARE(m_router.handle(formRequest("Action=DeleteThings&Version=2010-08-01", nullptr), nullptr).status, 200);
    }

    void queryErrors_data()
    {
        QTest::addColumn<QByteArray>("form");
        QTest::addColumn<QByteArray>("service");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QByteArray>("xmlns");
        QTest::newRow("unknown action") << QByteArray("Action=FlyToTheMoon&Version=2010-08-01")
                                        << QByteArray("monitoring") << 400 << "Sender"
                                        << "InvalidAction"
                                        << "Could not find operation FlyToTheMoon for version 2010-08-01"
                                        << QByteArray(kMonitoringNs);
        QTest::newRow("other version") << QByteArray("Action=DescribeThings&Version=2009-01-01")
                                       << QByteArray("monitoring") << 400 << "Sender"
                                       << "InvalidAction"
                                       << "Could not find operation DescribeThings for version 2009-01-01"
                                       << QByteArray(kMonitoringNs);
        QTest::newRow("no version") << QByteArray("Action=DescribeThings") << QByteArray("monitoring") << 400
                                    << "Sender"
                                    << "MissingParameter"
                                    << "The request must contain the parameter Version" << QByteArray(kMonitoringNs);
        QTest::newRow("no action") << QByteArray("Version=2010-08-01") << QByteArray("monitoring") << 400 << "Sender"
                                   << "MissingAction"
                                   << "the request names no Action" << QByteArray(kMonitoringNs);
        QTest::newRow("malformed, named")
            << QByteArray("Action=DescribeThings&Version=2010-08-01&Names.member.2=x") << QByteArray("monitoring")
            << 400 << "Sender"
            << "InvalidQueryParameter"
            << "Names.member: item 1 is missing (items are numbered 1, 2, 3, ...)" << QByteArray(kMonitoringNs);
        QTest::newRow("typed member, named") << QByteArray("Action=DescribeThings&Version=2010-08-01&MaxRecords=ten")
                                             << QByteArray("monitoring") << 400 << "Sender"
                                             << "InvalidParameterValue"
                                             << "MaxRecords: must be an integer" << QByteArray(kMonitoringNs);
        QTest::newRow("integer with spaces") << QByteArray("Action=DescribeThings&Version=2010-08-01&MaxRecords=%203")
                                             << QByteArray("monitoring") << 400 << "Sender"
                                             << "InvalidParameterValue"
                                             << "MaxRecords: must be an integer" << QByteArray(kMonitoringNs);
        QTest::newRow("boolean not true or false") << QByteArray("Action=DescribeThings&Version=2010-08-01&Enabled=yes")
                                                   << QByteArray("monitoring") << 400 << "Sender"
                                                   << "InvalidParameterValue"
                                                   << "Enabled: must be true or false" << QByteArray(kMonitoringNs);
        QTest::newRow("list given as a value") << QByteArray("Action=DescribeThings&Version=2010-08-01&Names=a")
                                               << QByteArray("monitoring") << 400 << "Sender"
                                               << "InvalidParameterValue"
                                               << "Names: must be a list of strings" << QByteArray(kMonitoringNs);
        QTest::newRow("service's own status")
            << QByteArray("Action=FailThings&Version=2010-08-01") << QByteArray("monitoring") << 404 << "Sender"
            << "ResourceNotFound"
            << "no thing \"x\"" << QByteArray(kMonitoringNs);
        QTest::newRow("server fault") << QByteArray("Action=BreakThings&Version=2010-08-01") << QByteArray("monitoring")
                                      << 500 << "Receiver"
                                      << "InternalFailure"
                                      << "it broke" << QByteArray(kMonitoringNs);
        QTest::newRow("API not served yet")
            << QByteArray("Action=CreateAutoScalingGroup&Version=2011-01-01") << QByteArray("autoscaling") << 400
            << "Sender"
            << "InvalidAction"
            << "Fleetdeck does not serve the Auto Scaling API (autoscaling) yet: cannot run CreateAutoScalingGroup"
            << QByteArray(kAutoScalingNs);
        QTest::newRow("API unknown") << QByteArray("Action=SendMessage&Version=2012-11-05") << QByteArray("sqs") << 400
                                     << "Sender"
                                     << "InvalidAction"
                                     << "Fleetdeck does not serve the sqs API yet: cannot run SendMessage"
                                     << QByteArray("http://webservices.amazon.com/AWSFault/2005-15-09");
    }

    void queryErrors()
    {
        QFETCH(QByteArray, form);
        QFETCH(QByteArray, service);
        QFETCH(int, status);
        QFETCH(QString, type);
        QFETCH(QString, code);
        QFETCH(QString, message);
        QFETCH(QByteArray, xmlns);
        const HttpResponse r = m_router.handle(formRequest(form.toStdString(), service.constData()), nullptr);
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("content-type"), std::string("text/xml"));
        const std::string id = r.header("x-amzn-requestid");
        QVERIFY(!id.empty());
        const std::string prefix = "<ErrorResponse xmlns=\"" + xmlns.toStdString() + "\"><Error><Type>" +
                                   type.toStdString() + "</Type><Code>" + code.toStdString() + "</Code>";
        QVERIFY2(r.body.rfind(prefix, 0) == 0, r.body.c_str());
        QVERIFY2(r.body.find("<RequestId>" + id + "</RequestId></ErrorResponse>") != std::string::npos, r.body.c_str());
        const Result<json> back = decodeAwsQueryResponse(r);
        QVERIFY(!back.ok());
        QCOMPARE(back.error().code, code);
        QCOMPARE(back.error().message, message);
    }

    void friendlyAnswerAndNoProtocol()
    {
        HttpRequest get;
        get.method = "GET";
        get.target = "/";
        const HttpResponse hello = m_router.handle(get, nullptr);
        QCOMPARE(hello.status, 200);
        const json answer = body(hello);
        QCOMPARE(answer["service"], "fleetdeck");
        QCOMPARE(answer["protocols"]["ecs"], "POST / with X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Op>");
        QVERIFY(answer["protocols"].contains("monitoring"));

        HttpRequest nothing;
        nothing.method = "POST";
        nothing.target = "/";
        nothing.body = "hello";
        const HttpResponse r = m_router.handle(nothing, nullptr);
        QCOMPARE(r.status, 400);
        QCOMPARE(body(r)["__type"], "UnknownOperationException");
    }

    // route() answers without a handler what needs none, and binds the rest to their handler.
    void routeBindsWithoutRunning()
    {
        auto routed = m_router.route(formRequest("Action=DescribeThings&Version=2010-08-01&Prefix=x"));
        QVERIFY(std::holds_alternative<ApiRouter::Routed>(routed));
        const ApiRouter::Routed &r = std::get<ApiRouter::Routed>(routed);
        QCOMPARE(r.service->name, std::string("TestWatch"));
        QCOMPARE(r.request.service, std::string("monitoring"));
        QCOMPARE(r.request.region, std::string("eu-west-1"));
        QCOMPARE(r.request.operation, std::string("DescribeThings"));
        QCOMPARE(r.request.params, json::parse(R"({"Prefix":"x"})"));
        QVERIFY(!r.request.requestId.empty());
        QVERIFY(std::holds_alternative<HttpResponse>(m_router.route(jsonRequest("Nobody_1.Op", "{}"))));
    }
};

QTEST_APPLESS_MAIN(TestApiRouter)
#include "TestApiRouter.moc"
