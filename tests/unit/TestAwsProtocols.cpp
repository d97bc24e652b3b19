// The two AWS wire protocols, both directions: AWS Query forms (nested members, lists, maps,
// empty lists, percent-encoding, malformed input named), the XML answers and error shapes, AWS JSON
// requests, answers and errors (the ECS bytes), round trips, and that the request decoders the
// fuzzers call never throw.

#include "api/AwsJsonProtocol.h"
#include "api/AwsQueryProtocol.h"
#include "api/QueryXml.h"
#include "api/SigV4Scope.h"

#include <QtTest>

#include <random>

using namespace fd;
using namespace fd::api;
using nlohmann::json;

Q_DECLARE_METATYPE(std::string)

namespace {

json parse(const QByteArray &text)
{
    return json::parse(text.toStdString());
}

const char kNs[] = "http://monitoring.amazonaws.com/doc/2010-08-01/";

} // namespace

class TestAwsProtocols final : public QObject
{
    Q_OBJECT

private slots:
    void queryDecode_data()
    {
        QTest::addColumn<QByteArray>("form");
        QTest::addColumn<QByteArray>("params");

        QTest::newRow("scalars stay strings") << QByteArray("Action=Op&Version=1&AlarmNamePrefix=web&MaxRecords=10")
                                              << QByteArray(R"({"AlarmNamePrefix":"web","MaxRecords":"10"})");
        QTest::newRow("nested structure and a list of structures")
            << QByteArray("Action=Op&Version=1&Metric.Namespace=AWS%2FECS&Metric.Dimensions.member.1.Name=ClusterName"
                          "&Metric.Dimensions.member.1.Value=default")
            << QByteArray(
                   R"({"Metric":{"Namespace":"AWS/ECS","Dimensions":[{"Name":"ClusterName","Value":"default"}]}})");
        QTest::newRow("list items in number order, whatever the order sent")
            << QByteArray(
                   "Action=Op&Names.member.2=b&Names.member.1=a&Names.member.10=j&Names.member.3=c&Names.member.4=d"
                   "&Names.member.5=e&Names.member.6=f&Names.member.7=g&Names.member.8=h&Names.member.9=i")
            << QByteArray(R"({"Names":["a","b","c","d","e","f","g","h","i","j"]})");
        QTest::newRow("an empty list is its name alone (read as a list by Params)")
            << QByteArray("Action=Op&Names=") << QByteArray(R"({"Names":""})");
        QTest::newRow("map entries") << QByteArray("Action=Op&Attributes.entry.1.key=a&Attributes.entry.1.value=1"
                                                   "&Attributes.entry.2.key=b&Attributes.entry.2.value=2")
                                     << QByteArray(R"({"Attributes":{"a":"1","b":"2"}})");
        QTest::newRow("a map of structures") << QByteArray("Action=Op&M.entry.1.key=k&M.entry.1.value.Size=3")
                                             << QByteArray(R"({"M":{"k":{"Size":"3"}}})");
        QTest::newRow("percent-encoding and + as space")
            << QByteArray("Action=Op&Name=a%20b+c%26d%3De%2Bf%E2%9C%93&Tag%2EKey=x")
            << QByteArray(R"({"Name":"a b c&d=e+f\u2713","Tag":{"Key":"x"}})");
        QTest::newRow("stray ampersands and a name without =")
            << QByteArray("&Action=Op&&Flag&") << QByteArray(R"({"Flag":""})");
    }

    void queryDecode()
    {
        QFETCH(QByteArray, form);
        QFETCH(QByteArray, params);
        const Result<ApiRequest> r = decodeAwsQueryRequest(std::string_view(form.constData(), form.size()));
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QCOMPARE(r->operation, std::string("Op"));
        QCOMPARE(r->protocol, Protocol::AwsQuery);
        QCOMPARE(r->params.dump(), parse(params).dump());
    }

    void queryDecodeRejects_data()
    {
        QTest::addColumn<QByteArray>("form");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");

        const QString bad = QStringLiteral("InvalidQueryParameter");
        QTest::newRow("no Action") << QByteArray("Version=1&A=1") << QStringLiteral("MissingAction")
                                   << QStringLiteral("the request names no Action");
        QTest::newRow("bad escape") << QByteArray("Action=Op&A=%zz") << bad
                                    << QStringLiteral("A: malformed percent-encoding in the value");
        QTest::newRow("truncated escape") << QByteArray("Action=Op&A%2=1") << bad
                                          << QStringLiteral("malformed percent-encoding in the parameter name \"A%2\"");
        QTest::newRow("not UTF-8") << QByteArray("Action=Op&A=%E2%9C") << bad
                                   << QStringLiteral("A: the value is not UTF-8");
        QTest::newRow("value and structure") << QByteArray("Action=Op&A=1&A.B=2") << bad
                                             << QStringLiteral("A: given both as a value and as a structure");
        QTest::newRow("list and structure") << QByteArray("Action=Op&A.member.1=1&A.B=2") << bad
                                            << QStringLiteral("A: given both as a list and as a structure");
        QTest::newRow("member without a number")
            << QByteArray("Action=Op&A.member.Size=1") << bad
            << QStringLiteral("A.member: \"Size\" is not an item number (1 to 100000)");
        QTest::newRow("gap in a list") << QByteArray("Action=Op&A.member.1=x&A.member.3=y") << bad
                                       << QStringLiteral(
                                              "A.member: item 2 is missing (items are numbered 1, 2, 3, ...)");
        QTest::newRow("list from 0") << QByteArray("Action=Op&A.member.0=x") << bad
                                     << QStringLiteral("A.member: \"0\" is not an item number (1 to 100000)");
        QTest::newRow("entry without key")
            << QByteArray("Action=Op&A.entry.1.value=v") << bad << QStringLiteral("A.entry.1: the entry has no key");
        QTest::newRow("entry without value")
            << QByteArray("Action=Op&A.entry.1.key=k") << bad << QStringLiteral("A.entry.1: the entry has no value");
        QTest::newRow("entry with another part")
            << QByteArray("Action=Op&A.entry.1.name=k") << bad
            << QStringLiteral("A.entry.1: a map entry has only key and value (got \"name\")");
        QTest::newRow("same key twice in a map")
            << QByteArray("Action=Op&A.entry.1.key=k&A.entry.1.value=1&A.entry.2.key=k&A.entry.2.value=2") << bad
            << QStringLiteral("A.entry.2: key \"k\" is given twice");
        QTest::newRow("a name twice") << QByteArray("Action=Op&A=1&A=2") << bad << QStringLiteral("A: given twice");
        QTest::newRow("Action twice") << QByteArray("Action=Op&Action=Other") << bad
                                      << QStringLiteral("Action: given twice");
        QTest::newRow("empty name part") << QByteArray("Action=Op&A..B=1") << bad
                                         << QStringLiteral("A..B: a name part is empty");
        QTest::newRow("no name") << QByteArray("Action=Op&=1") << bad << QStringLiteral("a parameter has no name");
        QByteArray deep = "Action=Op&A";
        for (int i = 0; i < 70; ++i)
            deep += ".B";
        QTest::newRow("too deep") << deep + "=1" << bad << QStringLiteral("nested more than 64 levels deep");
    }

    void queryDecodeRejects()
    {
        QFETCH(QByteArray, form);
        QFETCH(QString, code);
        QFETCH(QString, message);
        const Result<ApiRequest> r = decodeAwsQueryRequest(std::string_view(form.constData(), form.size()));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QVERIFY2(r.error().message.endsWith(message), qPrintable(r.error().message));
    }

    void queryEncode()
    {
        ApiRequest request;
        request.protocol = Protocol::AwsQuery;
        request.operation = "PutMetricAlarm";
        request.version = "2010-08-01";
        request.params = parse(R"({"AlarmName":"cpu high/web","Threshold":75.5,"ActionsEnabled":true,
            "Dimensions":[{"Name":"ClusterName","Value":"default"}],"AlarmActions":[],"Skip":null,
            "Attributes":{"b":"2","a":"1"}})");
        QueryEncodeOptions options;
        options.maps.insert("Attributes");
        // Action and Version first, then the members in name order; percent-encoded as AWS signs.
        QCOMPARE(encodeAwsQueryForm(request, options),
                 std::string("Action=PutMetricAlarm&Version=2010-08-01&ActionsEnabled=true&AlarmActions="
                             "&AlarmName=cpu%20high%2Fweb&Attributes.entry.1.key=a&Attributes.entry.1.value=1"
                             "&Attributes.entry.2.key=b&Attributes.entry.2.value=2"
                             "&Dimensions.member.1.Name=ClusterName&Dimensions.member.1.Value=default&Threshold=75.5"));
        // Without the hint a map reads as a structure.
        QVERIFY(encodeAwsQueryForm(request).find("&Attributes.a=1&Attributes.b=2") != std::string::npos);

        request.region = "eu-west-1";
        request.service = "monitoring";
        const HttpRequest http = encodeAwsQueryRequest(request, options);
        QCOMPARE(http.method, std::string("POST"));
        QCOMPARE(http.header("content-type"), std::string("application/x-www-form-urlencoded; charset=utf-8"));
        QCOMPARE(credentialScope(http.header("authorization")).service, std::string("monitoring"));
        QCOMPARE(credentialScope(http.header("authorization")).region, std::string("eu-west-1"));
    }

    // Wire -> neutral -> wire gives the same bytes for a form in canonical order.
    void queryRoundTripFromWire_data()
    {
        QTest::addColumn<QByteArray>("form");
        QTest::newRow("flat") << QByteArray(
            "Action=DescribeAlarms&Version=2010-08-01&AlarmNamePrefix=web&MaxRecords=10");
        QTest::newRow("nested lists") << QByteArray(
            "Action=CreateAutoScalingGroup&Version=2011-01-01&AutoScalingGroupName=web"
            "&Tags.member.1.Key=team&Tags.member.1.PropagateAtLaunch=true&Tags.member.1.Value=a%20b"
            "&Tags.member.2.Key=env&Tags.member.2.Value=prod&VPCZoneIdentifier=subnet-1");
        QTest::newRow("empty list") << QByteArray("Action=DescribeLoadBalancers&Version=2015-12-01&Names=");
        QTest::newRow("unicode") << QByteArray("Action=Op&Version=1&Name=caf%C3%A9%20%E2%9C%93");
    }

    void queryRoundTripFromWire()
    {
        QFETCH(QByteArray, form);
        const Result<ApiRequest> r = decodeAwsQueryRequest(std::string_view(form.constData(), form.size()));
        QVERIFY(r.ok());
        QCOMPARE(QByteArray::fromStdString(encodeAwsQueryForm(*r)), form);
    }

    // Neutral -> wire -> neutral gives the same request (members as strings, as the wire has them),
    // and a map comes back as a map when the encoder is told it is one.
    void queryRoundTripFromNeutral()
    {
        ApiRequest request;
        request.protocol = Protocol::AwsQuery;
        request.service = "elasticloadbalancing";
        request.region = "us-east-2";
        request.operation = "CreateTargetGroup";
        request.version = "2015-12-01";
        request.params = parse(R"({"Name":"web & api","Port":"80","Matcher":{"HttpCode":"200-299"},
            "Tags":[{"Key":"a","Value":""},{"Key":"b=c","Value":"d.e"}],"Labels":{"x y":"1","z":"2"}})");
        QueryEncodeOptions options;
        options.maps.insert("Labels");
        Result<ApiRequest> back = decodeAwsQueryRequest(encodeAwsQueryRequest(request, options));
        QVERIFY(back.ok());
        QCOMPARE(back->params.dump(), request.params.dump());
        QVERIFY(*back == request);
    }

    void queryResponseXml()
    {
        const json result = parse(R"({"MetricAlarms":[{"AlarmName":"a<b","Threshold":75.5,"ActionsEnabled":false}],
                                      "NextToken":null})");
        const HttpResponse http = encodeAwsQueryResponse("DescribeAlarms", kNs, result, "req-1");
        QCOMPARE(http.status, 200);
        QCOMPARE(http.header("content-type"), std::string("text/xml"));
        QCOMPARE(http.header("x-amzn-requestid"), std::string("req-1"));
        QCOMPARE(http.body,
                 std::string("<DescribeAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                             "<DescribeAlarmsResult><MetricAlarms><member><ActionsEnabled>false</ActionsEnabled>"
                             "<AlarmName>a&lt;b</AlarmName><Threshold>75.5</Threshold></member></MetricAlarms>"
                             "</DescribeAlarmsResult><ResponseMetadata><RequestId>req-1</RequestId>"
                             "</ResponseMetadata></DescribeAlarmsResponse>\n"));
        const Result<json> back = decodeAwsQueryResponse(http);
        QVERIFY(back.ok());
        QCOMPARE(back->dump(),
                 parse(R"({"MetricAlarms":[{"ActionsEnabled":"false","AlarmName":"a<b","Threshold":"75.5"}]})").dump());

        // An operation without output has no <OpResult>.
        const HttpResponse none = encodeAwsQueryResponse("DeleteAlarms", kNs, json(), "req-2");
        QCOMPARE(none.body,
                 std::string("<DeleteAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"
                             "<ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata>"
                             "</DeleteAlarmsResponse>\n"));
        QVERIFY(decodeAwsQueryResponse(none).ok());
        QVERIFY(decodeAwsQueryResponse(none)->is_null());
    }

    void queryResponseMapsAreEntries()
    {
        // GetMetricStatistics' ExtendedStatistics is a map: <entry><key/><value/></entry> items in XML.
        json datapoint = parse(R"({"Unit":"Percent"})");
        datapoint["ExtendedStatistics"] = queryMap(parse(R"({"p99":12.5,"p50":3.0})"));
        const json result = {{"Datapoints", json::array({datapoint})}};
        const HttpResponse http = encodeAwsQueryResponse("GetMetricStatistics", kNs, result, "req-4");
        QVERIFY2(http.body.find("<Datapoints><member><ExtendedStatistics><entry><key>p50</key><value>3.0</value>"
                                "</entry><entry><key>p99</key><value>12.5</value></entry></ExtendedStatistics>") !=
                     std::string::npos,
                 http.body.c_str());
        const Result<json> back = decodeAwsQueryResponse(http);
        QVERIFY(back.ok());
        QCOMPARE(back->dump(),
                 parse(R"({"Datapoints":[{"ExtendedStatistics":{"p50":"3.0","p99":"12.5"},"Unit":"Percent"}]})")
                     .dump());
    }

    void queryErrorShape_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        QTest::newRow("client fault") << 400 << QStringLiteral("Sender");
        QTest::newRow("not found") << 404 << QStringLiteral("Sender");
        QTest::newRow("server fault") << 500 << QStringLiteral("Receiver");
        QTest::newRow("unavailable") << 503 << QStringLiteral("Receiver");
    }

    void queryErrorShape()
    {
        QFETCH(int, status);
        QFETCH(QString, type);
        const HttpResponse http = encodeAwsQueryError(
            makeError(QStringLiteral("ResourceNotFound"), QStringLiteral("alarm \"x\" & co")), status, kNs, "req-3");
        QCOMPARE(http.status, status);
        QCOMPARE(http.header("content-type"), std::string("text/xml"));
        QCOMPARE(QString::fromStdString(http.body),
                 QStringLiteral("<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><Error>"
                                "<Type>%1</Type><Code>ResourceNotFound</Code><Message>alarm &quot;x&quot; &amp; co"
                                "</Message></Error><RequestId>req-3</RequestId></ErrorResponse>\n")
                     .arg(type));
        const Result<json> back = decodeAwsQueryResponse(http);
        QVERIFY(!back.ok());
        QCOMPARE(back.error().code, QStringLiteral("ResourceNotFound"));
        QCOMPARE(back.error().message, QStringLiteral("alarm \"x\" & co"));
    }

    void queryResponseRejectsBrokenXml()
    {
        HttpResponse http;
        http.body = "<DescribeAlarmsResponse><DescribeAlarmsResult>";
        const Result<json> r = decodeAwsQueryResponse(http);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("SerializationException"));
    }

    void jsonDecode()
    {
        HttpRequest http;
        http.method = "POST";
        http.headers["x-amz-target"] = "AmazonEC2ContainerServiceV20141113.ListClusters";
        http.headers["authorization"] =
            "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/ecs/aws4_request, SignedHeaders=host, Signature=00";
        http.body = R"({"maxResults":5})";
        const Result<ApiRequest> r = decodeAwsJsonRequest(http);
        QVERIFY(r.ok());
        QCOMPARE(r->service, std::string("AmazonEC2ContainerServiceV20141113"));
        QCOMPARE(r->operation, std::string("ListClusters"));
        QCOMPARE(r->region, std::string("eu-west-1"));
        QCOMPARE(r->params.dump(), std::string(R"({"maxResults":5})"));

        http.body.clear();
        QCOMPARE(decodeAwsJsonRequest(http)->params, json::object()); // an empty body is no members
    }

    void jsonDecodeRejects_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("no target") << QByteArray() << QByteArray("{}") << QStringLiteral("UnknownOperationException")
                                   << QStringLiteral("the request has no X-Amz-Target header naming an operation");
        QTest::newRow("target without a dot")
            << QByteArray("ListClusters") << QByteArray("{}") << QStringLiteral("UnknownOperationException")
            << QStringLiteral("X-Amz-Target ListClusters is not <service prefix>.<Operation>");
        QTest::newRow("not JSON") << QByteArray("P.Op") << QByteArray("{oops")
                                  << QStringLiteral("SerializationException")
                                  << QStringLiteral("the request body is not a JSON object");
        QTest::newRow("JSON but not an object")
            << QByteArray("P.Op") << QByteArray("[1]") << QStringLiteral("SerializationException")
            << QStringLiteral("the request body is not a JSON object");
        // Refused before parsing: writing such a tree out again would recurse once per level.
        QTest::newRow("nested too deep") << QByteArray("P.Op") << "{\"a\":" + QByteArray(100000, '[') + "\"]\"}"
                                         << QStringLiteral("SerializationException")
                                         << QStringLiteral("the request body nests deeper than 100 levels");
        QTest::newRow("brackets in strings do not count")
            << QByteArray("P.Op") << "{\"a\":\"" + QByteArray(200, '[') + "\\\"\"" + QByteArray("x") + "}"
            << QStringLiteral("SerializationException") << QStringLiteral("the request body is not a JSON object");
    }

    void jsonDecodeRejects()
    {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        QFETCH(QString, message);
        HttpRequest http;
        http.method = "POST";
        if (!target.isEmpty())
            http.headers["x-amz-target"] = target.toStdString();
        http.body = body.toStdString();
        const Result<ApiRequest> r = decodeAwsJsonRequest(http);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QCOMPARE(r.error().message, message);
    }

    // The ECS error bytes the aws CLI reads: {"__type", "message"} and x-amzn-errortype.
    void jsonErrorShape()
    {
        const HttpResponse http = encodeAwsJsonError(
            makeError(QStringLiteral("ClusterNotFoundException"), QStringLiteral("Cluster not found.")), 400, "req-4");
        QCOMPARE(http.status, 400);
        QCOMPARE(http.body, std::string(R"({"__type":"ClusterNotFoundException","message":"Cluster not found."})"));
        QCOMPARE(http.header("x-amzn-errortype"), std::string("ClusterNotFoundException"));
        QCOMPARE(http.header("content-type"), std::string("application/x-amz-json-1.1"));
        QCOMPARE(http.header("x-amzn-requestid"), std::string("req-4"));
        const Result<json> back = decodeAwsJsonResponse(http);
        QVERIFY(!back.ok());
        QCOMPARE(back.error().code, QStringLiteral("ClusterNotFoundException"));
        QCOMPARE(back.error().message, QStringLiteral("Cluster not found."));

        HttpResponse coral;
        coral.status = 400;
        coral.body = R"({"__type":"com.amazon.coral.service#UnknownOperationException","Message":"nope"})";
        QCOMPARE(decodeAwsJsonResponse(coral).error().code, QStringLiteral("UnknownOperationException"));
    }

    void jsonRoundTrip()
    {
        ApiRequest request;
        request.service = "AmazonEC2ContainerServiceV20141113";
        request.operation = "RunTask";
        request.region = "ap-south-1";
        request.params =
            parse(R"({"cluster":"default","count":2,"overrides":{"containerOverrides":[{"name":"web"}]}})");
        const HttpRequest http = encodeAwsJsonRequest(request, "1.1", "ecs");
        QCOMPARE(http.header("x-amz-target"), std::string("AmazonEC2ContainerServiceV20141113.RunTask"));
        QCOMPARE(http.header("content-type"), std::string("application/x-amz-json-1.1"));
        const Result<ApiRequest> back = decodeAwsJsonRequest(http);
        QVERIFY(back.ok());
        QVERIFY(*back == request);

        const json result = parse(R"({"tasks":[{"taskArn":"arn:x"}],"failures":[]})");
        const HttpResponse answer = encodeAwsJsonResponse(result, "req-5");
        QCOMPARE(answer.status, 200);
        QCOMPARE(decodeAwsJsonResponse(answer).value(), result);
    }

    void credentialScopes_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<QByteArray>("region");
        QTest::addColumn<QByteArray>("service");
        QTest::newRow("aws CLI") << QByteArray("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-west-1/monitoring/"
                                               "aws4_request, SignedHeaders=host;x-amz-date, Signature=abc")
                                 << QByteArray("eu-west-1") << QByteArray("monitoring");
        QTest::newRow("no scope") << QByteArray("Bearer x") << QByteArray() << QByteArray();
        QTest::newRow("bad date") << QByteArray("Credential=A/2026/eu-west-1/ecs/aws4_request") << QByteArray()
                                  << QByteArray();
        QTest::newRow("region only") << QByteArray("Credential=A/20260101/us-east-1/") << QByteArray("us-east-1")
                                     << QByteArray();
        QTest::newRow("upper case region")
            << QByteArray("Credential=A/20260101/US-EAST-1/ecs/aws4_request") << QByteArray() << QByteArray();
    }

    void credentialScopes()
    {
        QFETCH(QByteArray, authorization);
        QFETCH(QByteArray, region);
        QFETCH(QByteArray, service);
        const CredentialScope scope = credentialScope(authorization.toStdString());
        QCOMPARE(QByteArray::fromStdString(scope.region), region);
        QCOMPARE(QByteArray::fromStdString(scope.service), service);
        QCOMPARE(QByteArray::fromStdString(regionFromAuthorization(authorization.toStdString())), region);
    }

    // The decoders the fuzzers call answer every input with a request or an error: bytes built from
    // the protocol's own alphabet, from a fixed seed so a failure repeats.
    void decodersAreTotal()
    {
        std::mt19937 random(20261206);
        static const char letters[] = "Action=Version&.member.entry.key.value.%0%zz%E2%9C%93+A1B2=&&..\xff\x00{}[]\"";
        const std::string alphabet(letters, sizeof letters - 1);
        int requests = 0, errors = 0;
        for (int i = 0; i < 20000; ++i) {
            std::string bytes;
            const int length = int(random() % 80);
            for (int k = 0; k < length; ++k)
                bytes.push_back(random() % 4 == 0 ? char(random() % 256) : alphabet[random() % alphabet.size()]);
            const std::string form = (i % 2 ? "" : "Action=Op&") + bytes; // half of them past the Action check
            const Result<ApiRequest> query = decodeAwsQueryRequest(std::string_view(form));
            query.ok() ? ++requests : ++errors;
            HttpRequest http;
            http.method = "POST";
            http.headers["x-amz-target"] = i % 2 ? bytes.substr(0, bytes.size() / 2) : "P.Op";
            http.headers["authorization"] = bytes;
            http.body = i % 3 ? bytes.substr(bytes.size() / 2) : std::string("{\"a\":") + bytes + "}";
            const Result<ApiRequest> fromJson = decodeAwsJsonRequest(http);
            fromJson.ok() ? ++requests : ++errors;
            if (query.ok())
                QVERIFY(!encodeAwsQueryForm(*query).empty());
        }
        QVERIFY(requests > 0);
        QVERIFY(errors > 0);
    }
};

QTEST_APPLESS_MAIN(TestAwsProtocols)
#include "TestAwsProtocols.moc"
