// Container Insights through the real `aws` CLI on the simulated runtime at teaching speed x20:
// update-cluster-settings containerInsights=enabled makes ECS/ContainerInsights metrics appear in
// list-metrics once the simulated tasks produced samples, with the documented dimension sets and no
// per-task ones; get-metric-data reads the service's RunningTaskCount; enhanced adds the TaskId and
// ContainerName sets; disabled stops new datapoints while the stored ones stay listed.

#include "AwsCli.h"
#include "HeadlessFleetdeck.h"
#include "TestSupport.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <functional>

using fd::test::AwsCli;
using fd::test::HeadlessFleetdeck;
using fd::test::ServiceCli;

namespace {

const char kRegion[] = "eu-west-1";
const QString kNamespace = QStringLiteral("ECS/ContainerInsights");

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODate);
}

} // namespace

class TestContainerInsightsApi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<AwsCli> m_cli;
    std::unique_ptr<ServiceCli> m_ecs;
    std::unique_ptr<ServiceCli> m_cw;
    std::unique_ptr<HeadlessFleetdeck> m_fleetdeck;

    /// "Name{Dim=Value,...}" of every ECS/ContainerInsights metric ListMetrics gives (all pages).
    QSet<QString> listed(const QStringList &extra = {})
    {
        QSet<QString> out;
        const AwsCli::Result r =
            m_cw->ok(QStringList{QStringLiteral("list-metrics"), QStringLiteral("--namespace"), kNamespace} + extra);
        for (const QJsonValue &m : r.json[u"Metrics"].toArray()) {
            QStringList dims;
            for (const QJsonValue &d : m[u"Dimensions"].toArray())
                dims << d[u"Name"].toString();
            dims.sort();
            out.insert(m[u"MetricName"].toString() + u'{' + dims.join(u',') + u'}');
        }
        return out;
    }

    /// Polls `done` every half second for up to `limitMs` of real time.
    static bool waitFor(const std::function<bool()> &done, int limitMs)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < limitMs) {
            if (done())
                return true;
            QThread::msleep(500);
        }
        return done();
    }

    AwsCli::Result setInsights(const QString &value)
    {
        return m_ecs->ok({QStringLiteral("update-cluster-settings"), QStringLiteral("--cluster"),
                          QStringLiteral("default"), QStringLiteral("--settings"),
                          QStringLiteral("name=containerInsights,value=") + value});
    }

    /// The values of the service's RunningTaskCount (Maximum per minute) over a window wide enough
    /// for the teaching clock, which runs ahead of the wall clock.
    QJsonArray runningTaskCounts()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString queries = QStringLiteral(
            "[{\"Id\":\"running\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"ECS/ContainerInsights\","
            "\"MetricName\":\"RunningTaskCount\",\"Dimensions\":[{\"Name\":\"ClusterName\",\"Value\":\"default\"},"
            "{\"Name\":\"ServiceName\",\"Value\":\"web\"}]},\"Period\":60,\"Stat\":\"Maximum\"}}]");
        const AwsCli::Result r = m_cw->ok({QStringLiteral("get-metric-data"), QStringLiteral("--metric-data-queries"),
                                           queries, QStringLiteral("--start-time"), iso(now.addSecs(-3600)),
                                           QStringLiteral("--end-time"), iso(now.addSecs(3 * 3600))});
        return r.json[u"MetricDataResults"][0][u"Values"].toArray();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_cli = std::make_unique<AwsCli>(m_dir.path());
        FD_REQUIRE_AWS_CLI(*m_cli);
        const auto endpoint = [this] { return m_fleetdeck->endpoint(); };
        m_ecs = std::make_unique<ServiceCli>(*m_cli, QStringLiteral("ecs"), endpoint, QString::fromLatin1(kRegion));
        m_cw =
            std::make_unique<ServiceCli>(*m_cli, QStringLiteral("cloudwatch"), endpoint, QString::fromLatin1(kRegion));
        m_fleetdeck =
            std::make_unique<HeadlessFleetdeck>(m_dir.filePath(QStringLiteral("state")),
                                                QStringList{QStringLiteral("--runtime"), QStringLiteral("simulated"),
                                                            QStringLiteral("--speed"), QStringLiteral("20")});
        QVERIFY2(m_fleetdeck->start(), qPrintable(m_fleetdeck->errorText()));
        AwsCli::Result r =
            m_ecs->ok({QStringLiteral("register-task-definition"), QStringLiteral("--family"), QStringLiteral("shop"),
                       QStringLiteral("--container-definitions"),
                       QStringLiteral("[{\"name\":\"app\",\"image\":\"fleetdeck/demo-web:1\",\"cpu\":256,"
                                      "\"memory\":256}]")});
        QCOMPARE(r.exitCode, 0);
        r = m_ecs->ok({QStringLiteral("create-service"), QStringLiteral("--service-name"), QStringLiteral("web"),
                       QStringLiteral("--task-definition"), QStringLiteral("shop"), QStringLiteral("--desired-count"),
                       QStringLiteral("2")});
        QCOMPARE(r.exitCode, 0);
    }

    void cleanupTestCase() { m_fleetdeck.reset(); }

    void disabledListsNone()
    {
        // Tasks run and the AWS/ECS metrics appear; none of Container Insights'.
        QVERIFY(waitFor(
            [this] {
                const AwsCli::Result r =
                    m_cw->ok({QStringLiteral("list-metrics"), QStringLiteral("--namespace"), QStringLiteral("AWS/ECS"),
                              QStringLiteral("--metric-name"), QStringLiteral("CPUUtilization")});
                return r.json[u"Metrics"].toArray().size() >= 2; // the cluster's and the service's
            },
            60000));
        QVERIFY(listed().isEmpty());
    }

    void enabledListsTheDocumentedSets()
    {
        const AwsCli::Result r = setInsights(QStringLiteral("enabled"));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"cluster"][u"settings"][0][u"value"].toString(), QStringLiteral("enabled"));

        const QStringList expected = {
            QStringLiteral("CpuUtilized{ClusterName}"),
            QStringLiteral("CpuUtilized{ClusterName,ServiceName}"),
            QStringLiteral("CpuUtilized{ClusterName,TaskDefinitionFamily}"),
            QStringLiteral("CpuReserved{ClusterName,ServiceName}"),
            QStringLiteral("MemoryUtilized{ClusterName,TaskDefinitionFamily}"),
            QStringLiteral("MemoryReserved{ClusterName}"),
            QStringLiteral("NetworkRxBytes{ClusterName,ServiceName}"),
            QStringLiteral("NetworkTxBytes{ClusterName}"),
            QStringLiteral("RunningTaskCount{ClusterName}"),
            QStringLiteral("RunningTaskCount{ClusterName,ServiceName}"),
            QStringLiteral("PendingTaskCount{ClusterName,ServiceName}"),
            QStringLiteral("DesiredTaskCount{ClusterName,ServiceName}"),
            QStringLiteral("DeploymentCount{ClusterName,ServiceName}"),
            QStringLiteral("TaskCount{ClusterName}"),
            QStringLiteral("ServiceCount{ClusterName}"),
            QStringLiteral("ContainerInstanceCount{ClusterName}"),
        };
        QSet<QString> got;
        const bool all = waitFor(
            [&] {
                got = listed();
                for (const QString &e : expected)
                    if (!got.contains(e))
                        return false;
                return true;
            },
            60000);
        QVERIFY2(all, qPrintable(QStringList(got.values()).join(u' ')));
        for (const QString &shape : std::as_const(got))
            QVERIFY2(!shape.contains(u"TaskId") && !shape.contains(u"ContainerName"), qPrintable(shape));

        // Filtered by a dimension, like any metric.
        const QSet<QString> service =
            listed({QStringLiteral("--dimensions"), QStringLiteral("Name=ServiceName,Value=web")});
        QVERIFY(service.contains(QStringLiteral("RunningTaskCount{ClusterName,ServiceName}")));
        QVERIFY(!service.contains(QStringLiteral("TaskCount{ClusterName}")));

        // The service's two tasks run: its RunningTaskCount reaches 2.
        QVERIFY(waitFor(
            [this] {
                for (const QJsonValue &v : runningTaskCounts())
                    if (v.toDouble() == 2.0)
                        return true;
                return false;
            },
            30000));
    }

    void enhancedAddsTasksAndContainers()
    {
        QCOMPARE(setInsights(QStringLiteral("enhanced")).exitCode, 0);
        QSet<QString> got;
        QVERIFY2(waitFor(
                     [&] {
                         got = listed({QStringLiteral("--dimensions"), QStringLiteral("Name=TaskId")});
                         return got.contains(
                                    QStringLiteral("TaskCpuUtilization{ClusterName,TaskDefinitionFamily,TaskId}")) &&
                                got.contains(QStringLiteral(
                                    "ContainerMemoryUtilized{ClusterName,ContainerName,TaskDefinitionFamily,TaskId}"));
                     },
                     60000),
                 qPrintable(QStringList(got.values()).join(u' ')));
        // Two tasks: each task-level metric twice.
        const AwsCli::Result r = m_cw->ok({QStringLiteral("list-metrics"), QStringLiteral("--namespace"), kNamespace,
                                           QStringLiteral("--metric-name"), QStringLiteral("CpuUtilized"),
                                           QStringLiteral("--dimensions"), QStringLiteral("Name=TaskId")});
        QCOMPARE(r.json[u"Metrics"].toArray().size(), 2);
    }

    void disabledStopsNewDatapoints()
    {
        QCOMPARE(setInsights(QStringLiteral("disabled")).exitCode, 0);
        // Let the minute it was switched off in be published, then count what the store holds.
        QThread::msleep(7000); // > 2 minutes of control-plane time at x20
        const int before = int(runningTaskCounts().size());
        QThread::msleep(9000); // 3 more minutes
        QCOMPARE(int(runningTaskCounts().size()), before);
        QVERIFY(before > 0);
        QVERIFY(listed().contains(QStringLiteral("RunningTaskCount{ClusterName,ServiceName}"))); // kept
    }
};

QTEST_GUILESS_MAIN(TestContainerInsightsApi)
#include "TestContainerInsightsApi.moc"
