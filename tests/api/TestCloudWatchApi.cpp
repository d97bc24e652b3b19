// The CloudWatch API through the real `aws cloudwatch` CLI (JSON 1.0 with this botocore) and, for
// the Query protocol older clients use, through form-encoded requests: PutMetricData read back by
// GetMetricStatistics, GetMetricData (with metric math) and ListMetrics; PutMetricAlarm read back
// identically by DescribeAlarms (the defaults CloudWatch fills in, the unset members left out) and
// after a restart; the alarm going to ALARM on data the CLI put, at teaching speed x20, with its
// history (StateUpdate, and the failed SNS action as an Action item); SetAlarmState; tags; and
// CloudWatch's error codes for an unknown alarm and for bad or unsupported fields.

#include "ApiFixture.h"
#include "TestSupport.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSet>
#include <QTimer>
#include <QtTest>

using fd::test::AwsCli;

namespace {

const QString kTopic = QStringLiteral("arn:aws:sns:eu-west-1:000000000000:ops");

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODate);
}

// A timestamp as the CLI prints it: the wire's epoch seconds (AWS CLI v1's default
// cli_timestamp_format "none" over JSON 1.0) or ISO 8601 (v2, or the Query protocol).
QDateTime timeOf(const QJsonValue &v)
{
    if (v.isDouble())
        return QDateTime::fromMSecsSinceEpoch(qint64(v.toDouble() * 1000), Qt::UTC);
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

struct HttpAnswer
{
    int status = 0;
    QByteArray body;
    QByteArray queryError; // x-amzn-query-error
};

} // namespace

class TestCloudWatchApi : public QObject
{
    Q_OBJECT

private:
    fd::test::ApiFixture m_api{QStringLiteral("cloudwatch"), fd::test::ApiFixture::simulated(20)};
    QDateTime m_minute; // the wall-clock minute the explicit-timestamp datapoints are in

    AwsCli::Result ok(const QStringList &args) { return m_api.service().ok(args); }
    QString refused(const QStringList &args) { return m_api.service().refused(args); }

    HttpAnswer post(const QByteArray &body, const QByteArray &contentType, const QByteArray &target = {})
    {
        QNetworkAccessManager nam;
        QNetworkRequest request(QUrl(m_api.endpoint() + u'/'));
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        if (!target.isEmpty())
            request.setRawHeader("X-Amz-Target", target);
        request.setRawHeader("Authorization",
                             "AWS4-HMAC-SHA256 Credential=test/20260101/eu-west-1/monitoring/aws4_request, "
                             "SignedHeaders=host, Signature=0");
        QNetworkReply *reply = nam.post(request, body);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        loop.exec();
        HttpAnswer a;
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.body = reply->readAll();
        a.queryError = reply->rawHeader("x-amzn-query-error");
        reply->deleteLater();
        return a;
    }

    QJsonObject describeAlarm(const QString &name)
    {
        const AwsCli::Result r = ok({QStringLiteral("describe-alarms"), QStringLiteral("--alarm-names"), name});
        return r.json[u"MetricAlarms"][0].toObject();
    }

    QStringList historySummaries(const QString &type)
    {
        const AwsCli::Result r = ok({QStringLiteral("describe-alarm-history"), QStringLiteral("--alarm-name"),
                                     QStringLiteral("load-high"), QStringLiteral("--history-item-type"), type});
        QStringList out;
        for (const QJsonValue &item : r.json[u"AlarmHistoryItems"].toArray())
            out << item[u"HistorySummary"].toString();
        return out;
    }

private slots:
    void initTestCase()
    {
        FD_START_API_FIXTURE(m_api);
        const QDateTime now = QDateTime::currentDateTimeUtc().addSecs(-600);
        m_minute = QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch() / 60 * 60, Qt::UTC);
    }

    void cleanupTestCase() { m_api.stop(); }

    void metricDataReadsBack()
    {
        // A value and a value list with counts in the same minute: 42 once, 10 once, 20 twice.
        const QString data =
            QStringLiteral("[{\"MetricName\":\"Load\",\"Dimensions\":[{\"Name\":\"Service\",\"Value\":\"web\"}],"
                           "\"Timestamp\":\"%1\",\"Value\":42,\"Unit\":\"Percent\"},"
                           "{\"MetricName\":\"Load\",\"Dimensions\":[{\"Name\":\"Service\",\"Value\":\"web\"}],"
                           "\"Timestamp\":\"%1\",\"Values\":[10,20],\"Counts\":[1,2],\"Unit\":\"Percent\"}]")
                .arg(iso(m_minute.addSecs(15)));
        QCOMPARE(ok({QStringLiteral("put-metric-data"), QStringLiteral("--namespace"), QStringLiteral("Fleetdeck/Test"),
                     QStringLiteral("--metric-data"), data})
                     .exitCode,
                 0);

        AwsCli::Result r = ok(
            {QStringLiteral("get-metric-statistics"), QStringLiteral("--namespace"), QStringLiteral("Fleetdeck/Test"),
             QStringLiteral("--metric-name"), QStringLiteral("Load"), QStringLiteral("--dimensions"),
             QStringLiteral("Name=Service,Value=web"), QStringLiteral("--start-time"), iso(m_minute),
             QStringLiteral("--end-time"), iso(m_minute.addSecs(60)), QStringLiteral("--period"), QStringLiteral("60"),
             QStringLiteral("--statistics"), QStringLiteral("SampleCount"), QStringLiteral("Sum"),
             QStringLiteral("Minimum"), QStringLiteral("Maximum"), QStringLiteral("Average")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"Label"].toString(), QStringLiteral("Load"));
        const QJsonArray points = r.json[u"Datapoints"].toArray();
        QCOMPARE(points.size(), 1);
        const QJsonObject p = points[0].toObject();
        QCOMPARE(p[u"SampleCount"].toDouble(), 4.0);
        QCOMPARE(p[u"Sum"].toDouble(), 92.0);
        QCOMPARE(p[u"Minimum"].toDouble(), 10.0);
        QCOMPARE(p[u"Maximum"].toDouble(), 42.0);
        QCOMPARE(p[u"Average"].toDouble(), 23.0);
        QCOMPARE(p[u"Unit"].toString(), QStringLiteral("Percent"));
        QCOMPARE(timeOf(p[u"Timestamp"]), m_minute);

        const QString queries =
            QStringLiteral("[{\"Id\":\"m1\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"Fleetdeck/Test\","
                           "\"MetricName\":\"Load\",\"Dimensions\":[{\"Name\":\"Service\",\"Value\":\"web\"}]},"
                           "\"Period\":60,\"Stat\":\"Sum\"}},"
                           "{\"Id\":\"e1\",\"Expression\":\"m1 * 2 + MAX(m1)\",\"Label\":\"double plus max\"}]");
        r = ok({QStringLiteral("get-metric-data"), QStringLiteral("--metric-data-queries"), queries,
                QStringLiteral("--start-time"), iso(m_minute), QStringLiteral("--end-time"),
                iso(m_minute.addSecs(60))});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray results = r.json[u"MetricDataResults"].toArray();
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[0][u"Id"].toString(), QStringLiteral("m1"));
        QCOMPARE(results[0][u"Values"].toArray(), QJsonArray{92.0});
        QCOMPARE(results[0][u"StatusCode"].toString(), QStringLiteral("Complete"));
        QCOMPARE(timeOf(results[0][u"Timestamps"][0]), m_minute);
        QCOMPARE(results[1][u"Label"].toString(), QStringLiteral("double plus max"));
        QCOMPARE(results[1][u"Values"].toArray(), QJsonArray{276.0});

        r = ok({QStringLiteral("list-metrics"), QStringLiteral("--namespace"), QStringLiteral("Fleetdeck/Test")});
        QCOMPARE(r.json[u"Metrics"].toArray().size(), 1);
        QCOMPARE(r.json[u"Metrics"][0][u"MetricName"].toString(), QStringLiteral("Load"));
        QCOMPARE(r.json[u"Metrics"][0][u"Dimensions"][0][u"Value"].toString(), QStringLiteral("web"));
    }

    void metricDataPagesAndQueryMaps()
    {
        // One datapoint in each of five minutes, 1 to 5, oldest first.
        QStringList items;
        for (int i = 0; i < 5; ++i)
            items << QStringLiteral("{\"MetricName\":\"Paged\",\"Timestamp\":\"%1\",\"Value\":%2}")
                         .arg(iso(m_minute.addSecs(60 * (i - 4) + 5)))
                         .arg(i + 1);
        QCOMPARE(ok({QStringLiteral("put-metric-data"), QStringLiteral("--namespace"), QStringLiteral("Fleetdeck/Test"),
                     QStringLiteral("--metric-data"), u'[' + items.join(u',') + u']'})
                     .exitCode,
                 0);
        const QStringList query{
            QStringLiteral("get-metric-data"), QStringLiteral("--metric-data-queries"),
            QStringLiteral("[{\"Id\":\"p\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"Fleetdeck/Test\","
                           "\"MetricName\":\"Paged\"},\"Period\":60,\"Stat\":\"Maximum\"}}]"),
            QStringLiteral("--start-time"), iso(m_minute.addSecs(-240)), QStringLiteral("--end-time"),
            iso(m_minute.addSecs(60))};

        // Page by page: MaxDatapoints bounds each, newest first, a cut result says PartialData.
        QJsonArray values;
        QString token;
        int pages = 0;
        do {
            QStringList args = query + QStringList{QStringLiteral("--no-paginate"), QStringLiteral("--max-datapoints"),
                                                   QStringLiteral("2")};
            if (!token.isEmpty())
                args << QStringLiteral("--next-token") << token;
            const AwsCli::Result r = ok(args);
            QCOMPARE(r.exitCode, 0);
            const QJsonArray results = r.json[u"MetricDataResults"].toArray();
            QCOMPARE(results.size(), 1);
            token = r.json[u"NextToken"].toString();
            QCOMPARE(results[0][u"StatusCode"].toString(),
                     token.isEmpty() ? QStringLiteral("Complete") : QStringLiteral("PartialData"));
            QVERIFY(results[0][u"Values"].toArray().size() <= 2);
            for (const QJsonValue &v : results[0][u"Values"].toArray())
                values.append(v);
            ++pages;
        } while (!token.isEmpty() && pages < 10);
        QCOMPARE(pages, 3);
        QCOMPARE(values, (QJsonArray{5.0, 4.0, 3.0, 2.0, 1.0}));

        // The CLI's own paginator follows the tokens and concatenates the pages.
        const AwsCli::Result all = ok(query + QStringList{QStringLiteral("--page-size"), QStringLiteral("2")});
        QCOMPARE(all.exitCode, 0);
        int count = 0;
        for (const QJsonValue &result : all.json[u"MetricDataResults"].toArray())
            count += int(result[u"Values"].toArray().size());
        QCOMPARE(count, 5);
        QVERIFY2(refused(query + QStringList{QStringLiteral("--no-paginate"), QStringLiteral("--next-token"),
                                             QStringLiteral("made-up")})
                     .contains(u"InvalidNextToken"),
                 "a token not issued here is refused");

        // Over the Query protocol a percentile comes back as a map of <entry> items.
        const QByteArray form = "Action=GetMetricStatistics&Version=2010-08-01&Namespace=Fleetdeck%2FTest"
                                "&MetricName=Paged&Period=60&ExtendedStatistics.member.1=p99&StartTime=" +
                                QUrl::toPercentEncoding(iso(m_minute)) +
                                "&EndTime=" + QUrl::toPercentEncoding(iso(m_minute.addSecs(60)));
        const HttpAnswer a = post(form, "application/x-www-form-urlencoded");
        QCOMPARE(a.status, 200);
        QVERIFY2(a.body.contains("<ExtendedStatistics><entry><key>p99</key><value>5.0</value></entry>"
                                 "</ExtendedStatistics>"),
                 a.body.constData());
    }

    void metricErrorsNameTheProblem()
    {
        QString err = refused({QStringLiteral("put-metric-data"), QStringLiteral("--namespace"),
                               QStringLiteral("AWS/ECS"), QStringLiteral("--metric-name"),
                               QStringLiteral("CPUUtilization"), QStringLiteral("--value"), QStringLiteral("1")});
        QVERIFY2(err.contains(u"(InvalidParameterValue)") && err.contains(u"AWS/ECS"), qPrintable(err));
        err = refused({QStringLiteral("get-metric-data"), QStringLiteral("--metric-data-queries"),
                       QStringLiteral("[{\"Id\":\"e1\",\"Expression\":\"RATE(m1)\"}]"), QStringLiteral("--start-time"),
                       iso(m_minute), QStringLiteral("--end-time"), iso(m_minute.addSecs(60))});
        QVERIFY2(err.contains(u"(InvalidParameterValue)") && err.contains(u"RATE"), qPrintable(err));
    }

    void alarmReadsBackAsWritten()
    {
        QCOMPARE(ok({QStringLiteral("put-metric-alarm"),
                     QStringLiteral("--alarm-name"),
                     QStringLiteral("load-high"),
                     QStringLiteral("--alarm-description"),
                     QStringLiteral("Load above 50 %"),
                     QStringLiteral("--namespace"),
                     QStringLiteral("Fleetdeck/Test"),
                     QStringLiteral("--metric-name"),
                     QStringLiteral("Load"),
                     QStringLiteral("--dimensions"),
                     QStringLiteral("Name=Service,Value=web"),
                     QStringLiteral("--statistic"),
                     QStringLiteral("Maximum"),
                     QStringLiteral("--period"),
                     QStringLiteral("60"),
                     QStringLiteral("--evaluation-periods"),
                     QStringLiteral("1"),
                     QStringLiteral("--threshold"),
                     QStringLiteral("50"),
                     QStringLiteral("--comparison-operator"),
                     QStringLiteral("GreaterThanThreshold"),
                     QStringLiteral("--treat-missing-data"),
                     QStringLiteral("notBreaching"),
                     QStringLiteral("--unit"),
                     QStringLiteral("Percent"),
                     QStringLiteral("--alarm-actions"),
                     kTopic,
                     QStringLiteral("--tags"),
                     QStringLiteral("Key=team,Value=blue")})
                     .exitCode,
                 0);
        const QJsonObject a = describeAlarm(QStringLiteral("load-high"));
        // Nothing else: the members not given (DatapointsToAlarm, ExtendedStatistic, ...) are left out.
        QSet<QString> expected = {"AlarmName",
                                  "AlarmArn",
                                  "AlarmDescription",
                                  "AlarmConfigurationUpdatedTimestamp",
                                  "ActionsEnabled",
                                  "OKActions",
                                  "AlarmActions",
                                  "InsufficientDataActions",
                                  "StateValue",
                                  "StateReason",
                                  "StateUpdatedTimestamp",
                                  "StateTransitionedTimestamp",
                                  "MetricName",
                                  "Namespace",
                                  "Statistic",
                                  "Dimensions",
                                  "Period",
                                  "Unit",
                                  "EvaluationPeriods",
                                  "Threshold",
                                  "ComparisonOperator",
                                  "TreatMissingData"};
        QCOMPARE(a[u"AlarmName"].toString(), QStringLiteral("load-high"));
        QCOMPARE(a[u"AlarmArn"].toString(),
                 QStringLiteral("arn:aws:cloudwatch:eu-west-1:000000000000:alarm:load-high"));
        QCOMPARE(a[u"AlarmDescription"].toString(), QStringLiteral("Load above 50 %"));
        QCOMPARE(a[u"ActionsEnabled"].toBool(), true);
        QCOMPARE(a[u"OKActions"].toArray(), QJsonArray());
        QCOMPARE(a[u"AlarmActions"].toArray(), QJsonArray{kTopic});
        QCOMPARE(a[u"InsufficientDataActions"].toArray(), QJsonArray());
        QCOMPARE(a[u"Namespace"].toString(), QStringLiteral("Fleetdeck/Test"));
        QCOMPARE(a[u"MetricName"].toString(), QStringLiteral("Load"));
        QCOMPARE(a[u"Dimensions"].toArray(),
                 (QJsonArray{QJsonObject{{QStringLiteral("Name"), QStringLiteral("Service")},
                                         {QStringLiteral("Value"), QStringLiteral("web")}}}));
        QCOMPARE(a[u"Statistic"].toString(), QStringLiteral("Maximum"));
        QCOMPARE(a[u"Period"].toInt(), 60);
        QCOMPARE(a[u"Unit"].toString(), QStringLiteral("Percent"));
        QCOMPARE(a[u"EvaluationPeriods"].toInt(), 1);
        QCOMPARE(a[u"Threshold"].toDouble(), 50.0);
        QCOMPARE(a[u"ComparisonOperator"].toString(), QStringLiteral("GreaterThanThreshold"));
        QCOMPARE(a[u"TreatMissingData"].toString(), QStringLiteral("notBreaching"));
        // New alarms start in INSUFFICIENT_DATA; at x20 the first evaluation (no data, treated as not
        // breaching: OK) may already have run.
        if (a[u"StateValue"].toString() == u"OK")
            QVERIFY2(a[u"StateReason"].toString().startsWith(u"Threshold Crossed: no datapoints were received"),
                     qPrintable(a[u"StateReason"].toString()));
        else
            QCOMPARE(a[u"StateReason"].toString(), QStringLiteral("Unchecked: Initial alarm creation"));
        if (a.contains(u"StateReasonData"))
            expected.insert(QStringLiteral("StateReasonData"));
        for (const char *timestamp :
             {"AlarmConfigurationUpdatedTimestamp", "StateUpdatedTimestamp", "StateTransitionedTimestamp"})
            QVERIFY2(timeOf(a[QLatin1String(timestamp)]).isValid(), timestamp);
        const QStringList keys = a.keys();
        QCOMPARE(QSet<QString>(keys.begin(), keys.end()), expected);

        // The same through DescribeAlarmsForMetric, and the tags.
        AwsCli::Result r =
            ok({QStringLiteral("describe-alarms-for-metric"), QStringLiteral("--namespace"),
                QStringLiteral("Fleetdeck/Test"), QStringLiteral("--metric-name"), QStringLiteral("Load"),
                QStringLiteral("--dimensions"), QStringLiteral("Name=Service,Value=web")});
        QCOMPARE(r.json[u"MetricAlarms"][0][u"AlarmName"].toString(), QStringLiteral("load-high"));
        r = ok({QStringLiteral("list-tags-for-resource"), QStringLiteral("--resource-arn"), a[u"AlarmArn"].toString()});
        QCOMPARE(r.json[u"Tags"][0][u"Key"].toString(), QStringLiteral("team"));
        QCOMPARE(r.json[u"Tags"][0][u"Value"].toString(), QStringLiteral("blue"));
    }

    void alarmGoesToAlarmOnBreachingData()
    {
        // No timestamp: the datapoint is at the control plane's now (x20), evaluated within a
        // control-plane minute (3 s of real time).
        QCOMPARE(ok({QStringLiteral("put-metric-data"), QStringLiteral("--namespace"), QStringLiteral("Fleetdeck/Test"),
                     QStringLiteral("--metric-name"), QStringLiteral("Load"), QStringLiteral("--dimensions"),
                     QStringLiteral("Service=web"), QStringLiteral("--value"), QStringLiteral("90"),
                     QStringLiteral("--unit"), QStringLiteral("Percent")})
                     .exitCode,
                 0);
        QStringList updates;
        QDeadlineTimer deadline(30000);
        while (!deadline.hasExpired()) {
            updates = historySummaries(QStringLiteral("StateUpdate"));
            if (!updates.filter(u"to ALARM").isEmpty())
                break;
            QTest::qWait(500);
        }
        QVERIFY2(!updates.filter(u"to ALARM").isEmpty(), qPrintable(updates.join(u"; ")));
        AwsCli::Result r =
            ok({QStringLiteral("describe-alarm-history"), QStringLiteral("--alarm-name"), QStringLiteral("load-high"),
                QStringLiteral("--history-item-type"), QStringLiteral("StateUpdate")});
        bool sawReason = false;
        for (const QJsonValue &item : r.json[u"AlarmHistoryItems"].toArray()) {
            if (!item[u"HistorySummary"].toString().endsWith(u"to ALARM"))
                continue;
            const QJsonObject data = QJsonDocument::fromJson(item[u"HistoryData"].toString().toUtf8()).object();
            const QString reason = data[u"newState"][u"stateReason"].toString();
            sawReason = reason.startsWith(u"Threshold Crossed: 1 datapoint [90.0 (") &&
                        reason.contains(u"was greater than the threshold (50.0)");
            QVERIFY2(sawReason, qPrintable(reason));
        }
        QVERIFY(sawReason);
        // The SNS action: no handler here, so a failed Action item naming it.
        const QStringList actions = historySummaries(QStringLiteral("Action"));
        QVERIFY2(!actions.isEmpty() && actions[0].startsWith(QStringLiteral("Failed to execute action ") + kTopic),
                 qPrintable(actions.join(u"; ")));
    }

    void setAlarmStateIsInTheHistory()
    {
        QCOMPARE(ok({QStringLiteral("set-alarm-state"), QStringLiteral("--alarm-name"), QStringLiteral("load-high"),
                     QStringLiteral("--state-value"), QStringLiteral("OK"), QStringLiteral("--state-reason"),
                     QStringLiteral("drill from the CLI")})
                     .exitCode,
                 0);
        const AwsCli::Result r =
            ok({QStringLiteral("describe-alarm-history"), QStringLiteral("--alarm-name"), QStringLiteral("load-high")});
        bool found = false;
        for (const QJsonValue &item : r.json[u"AlarmHistoryItems"].toArray())
            found = found || item[u"HistoryData"].toString().contains(u"drill from the CLI");
        QVERIFY(found);
    }

    void alarmErrorsUseCloudWatchCodes()
    {
        QString err = refused({QStringLiteral("set-alarm-state"), QStringLiteral("--alarm-name"),
                               QStringLiteral("ghost"), QStringLiteral("--state-value"), QStringLiteral("OK"),
                               QStringLiteral("--state-reason"), QStringLiteral("x")});
        QVERIFY2(err.contains(u"(ResourceNotFound)") && err.contains(u"ghost"), qPrintable(err));
        err = refused({QStringLiteral("delete-alarms"), QStringLiteral("--alarm-names"), QStringLiteral("ghost")});
        QVERIFY2(err.contains(u"(ResourceNotFound)"), qPrintable(err));
        const QStringList base = {QStringLiteral("put-metric-alarm"),
                                  QStringLiteral("--alarm-name"),
                                  QStringLiteral("bad"),
                                  QStringLiteral("--namespace"),
                                  QStringLiteral("Fleetdeck/Test"),
                                  QStringLiteral("--metric-name"),
                                  QStringLiteral("Load"),
                                  QStringLiteral("--statistic"),
                                  QStringLiteral("Average"),
                                  QStringLiteral("--evaluation-periods"),
                                  QStringLiteral("1"),
                                  QStringLiteral("--threshold"),
                                  QStringLiteral("1"),
                                  QStringLiteral("--comparison-operator"),
                                  QStringLiteral("GreaterThanThreshold")};
        err = refused(base + QStringList{QStringLiteral("--period"), QStringLiteral("45")});
        QVERIFY2(err.contains(u"(InvalidParameterValue)") && err.contains(u"Period"), qPrintable(err));
        err = refused(base + QStringList{QStringLiteral("--period"), QStringLiteral("60"),
                                         QStringLiteral("--evaluate-low-sample-count-percentile"),
                                         QStringLiteral("ignore")});
        QVERIFY2(err.contains(u"(InvalidParameterValue)") && err.contains(u"EvaluateLowSampleCountPercentile"),
                 qPrintable(err));
        QCOMPARE(ok({QStringLiteral("describe-alarms"), QStringLiteral("--alarm-names"), QStringLiteral("bad")})
                     .json[u"MetricAlarms"]
                     .toArray()
                     .size(),
                 0);
    }

    void queryProtocolAnswersInXml()
    {
        HttpAnswer a = post("Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=load-high",
                            "application/x-www-form-urlencoded; charset=utf-8");
        QCOMPARE(a.status, 200);
        QVERIFY2(a.body.contains("<DescribeAlarmsResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"),
                 a.body.constData());
        QVERIFY2(a.body.contains("<AlarmName>load-high</AlarmName>"), a.body.constData());
        QVERIFY2(a.body.contains("<Threshold>50.0</Threshold>"), a.body.constData());
        a = post("Action=SetAlarmState&Version=2010-08-01&AlarmName=ghost&StateValue=OK&StateReason=x",
                 "application/x-www-form-urlencoded");
        QCOMPARE(a.status, 404);
        QVERIFY2(a.body.contains("<Code>ResourceNotFound</Code>"), a.body.constData());
        // JSON 1.0 errors carry the Query code for query-compatible clients.
        a = post("{\"AlarmName\":\"ghost\",\"StateValue\":\"OK\",\"StateReason\":\"x\"}", "application/x-amz-json-1.0",
                 "GraniteServiceVersion20100801.SetAlarmState");
        QCOMPARE(a.status, 404);
        QCOMPARE(a.queryError, QByteArray("ResourceNotFound;Sender"));
    }

    void alarmSurvivesARestartAndDeletes()
    {
        const QJsonObject before = describeAlarm(QStringLiteral("load-high"));
        QVERIFY2(m_api.restart(), qPrintable(m_api.errorText()));
        const QJsonObject after = describeAlarm(QStringLiteral("load-high"));
        for (const char *member : {"AlarmArn", "AlarmDescription", "AlarmConfigurationUpdatedTimestamp", "Threshold",
                                   "Dimensions", "AlarmActions", "TreatMissingData", "Unit"})
            QCOMPARE(after[QLatin1String(member)], before[QLatin1String(member)]);
        QCOMPARE(ok({QStringLiteral("delete-alarms"), QStringLiteral("--alarm-names"), QStringLiteral("load-high")})
                     .exitCode,
                 0);
        QCOMPARE(ok({QStringLiteral("describe-alarms")}).json[u"MetricAlarms"].toArray().size(), 0);

        // CloudWatch keeps a deleted alarm's history (two weeks): the state changes, and the deletion itself,
        // also after a restart.
        const QStringList config = historySummaries(QStringLiteral("ConfigurationUpdate"));
        QVERIFY2(!config.isEmpty() && config.first() == u"Alarm \"load-high\" deleted", qPrintable(config.join(u'|')));
        QVERIFY2(config.contains(u"Alarm \"load-high\" created"), qPrintable(config.join(u'|')));
        const QStringList states = historySummaries(QStringLiteral("StateUpdate"));
        QVERIFY2(!states.isEmpty(), "the state history outlives the alarm");
        QVERIFY2(m_api.restart(), qPrintable(m_api.errorText()));
        QCOMPARE(historySummaries(QStringLiteral("ConfigurationUpdate")), config);
        QCOMPARE(historySummaries(QStringLiteral("StateUpdate")), states);
    }
};

QTEST_GUILESS_MAIN(TestCloudWatchApi)
#include "TestCloudWatchApi.moc"
