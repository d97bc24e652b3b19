// The Application Auto Scaling API through the real `aws application-autoscaling` CLI (JSON 1.1,
// AnyScaleFrontendService): a scalable target, target tracking and step policies and a scheduled
// action read back exactly as written; the target tracking policy's two alarms in CloudWatch with
// AWS's names and settings, gone with the policy; pagination through the CLI's page size; the
// min/max clamp as a scaling activity; tags; and the errors (ValidationException naming an
// unsupported namespace or dimension, ObjectNotFoundException).

#include "AwsCli.h"
#include "HeadlessFleetdeck.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using fd::test::AwsCli;
using fd::test::HeadlessFleetdeck;
using fd::test::ServiceCli;

namespace {

const QString kRegion = QStringLiteral("eu-west-1");
const QString kResource = QStringLiteral("service/default/web");

QJsonObject parse(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QStringList keyArgs()
{
    return {QStringLiteral("--service-namespace"),  QStringLiteral("ecs"),
            QStringLiteral("--resource-id"),        kResource,
            QStringLiteral("--scalable-dimension"), QStringLiteral("ecs:service:DesiredCount")};
}

} // namespace

class TestAutoScalingApi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<AwsCli> m_cli;
    std::unique_ptr<HeadlessFleetdeck> m_fleetdeck;

    std::unique_ptr<ServiceCli> m_aas; // aws application-autoscaling
    std::unique_ptr<ServiceCli> m_ecs; // aws ecs
    std::unique_ptr<ServiceCli> m_cw;  // aws cloudwatch

    AwsCli::Result aas(const QStringList &args) { return m_aas->ok(args); }
    QString refused(const QStringList &args) { return m_aas->refused(args); }

    QJsonObject onlyPolicy(const QString &name)
    {
        const AwsCli::Result r =
            aas(QStringList{QStringLiteral("describe-scaling-policies"), QStringLiteral("--service-namespace"),
                            QStringLiteral("ecs"), QStringLiteral("--policy-names"), name});
        const QJsonArray list = r.json[u"ScalingPolicies"].toArray();
        return list.size() == 1 ? list[0].toObject() : QJsonObject();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_cli = std::make_unique<AwsCli>(m_dir.path());
        FD_REQUIRE_AWS_CLI(*m_cli);
        const auto endpoint = [this] { return m_fleetdeck->endpoint(); };
        m_aas = std::make_unique<ServiceCli>(*m_cli, QStringLiteral("application-autoscaling"), endpoint, kRegion);
        m_ecs = std::make_unique<ServiceCli>(*m_cli, QStringLiteral("ecs"), endpoint, kRegion);
        m_cw = std::make_unique<ServiceCli>(*m_cli, QStringLiteral("cloudwatch"), endpoint, kRegion);
        m_fleetdeck =
            std::make_unique<HeadlessFleetdeck>(m_dir.filePath(QStringLiteral("state")),
                                                QStringList{QStringLiteral("--runtime"), QStringLiteral("simulated"),
                                                            QStringLiteral("--speed"), QStringLiteral("20")});
        QVERIFY2(m_fleetdeck->start(), qPrintable(m_fleetdeck->errorText()));
        AwsCli::Result r =
            m_ecs->ok({QStringLiteral("register-task-definition"), QStringLiteral("--family"), QStringLiteral("web"),
                       QStringLiteral("--container-definitions"),
                       QStringLiteral("[{\"name\":\"app\",\"image\":\"fleetdeck/demo-web:1\",\"cpu\":256,"
                                      "\"memory\":128}]")});
        QCOMPARE(r.exitCode, 0);
        r = m_ecs->ok({QStringLiteral("create-service"), QStringLiteral("--service-name"), QStringLiteral("web"),
                       QStringLiteral("--task-definition"), QStringLiteral("web"), QStringLiteral("--desired-count"),
                       QStringLiteral("1")});
        QCOMPARE(r.exitCode, 0);
    }

    void cleanupTestCase() { m_fleetdeck.reset(); }

    void targetReadsBackAndClampsTheDesiredCount()
    {
        AwsCli::Result r = aas(QStringList{QStringLiteral("register-scalable-target")} + keyArgs() +
                               QStringList{QStringLiteral("--min-capacity"), QStringLiteral("2"),
                                           QStringLiteral("--max-capacity"), QStringLiteral("5")});
        QCOMPARE(r.exitCode, 0);
        const QString arn = r.json[u"ScalableTargetARN"].toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^arn:aws:application-autoscaling:eu-west-1:[0-9]+:scalable-target/"
                                                   "[a-zA-Z0-9-]+$"))
                     .match(arn)
                     .hasMatch(),
                 qPrintable(arn));

        r = aas({QStringLiteral("describe-scalable-targets"), QStringLiteral("--service-namespace"),
                 QStringLiteral("ecs")});
        QCOMPARE(r.exitCode, 0);
        QJsonArray targets = r.json[u"ScalableTargets"].toArray();
        QCOMPARE(targets.size(), 1);
        QJsonObject t = targets[0].toObject();
        QCOMPARE(t[u"ResourceId"].toString(), kResource);
        QCOMPARE(t[u"ScalableDimension"].toString(), QStringLiteral("ecs:service:DesiredCount"));
        QCOMPARE(t[u"MinCapacity"].toInt(), 2);
        QCOMPARE(t[u"MaxCapacity"].toInt(), 5);
        QCOMPARE(t[u"ScalableTargetARN"].toString(), arn);
        QVERIFY(t[u"RoleARN"].toString().endsWith(u"AWSServiceRoleForApplicationAutoScaling_ECSService"));
        QCOMPARE(t[u"SuspendedState"].toObject(),
                 parse(QStringLiteral("{\"DynamicScalingInSuspended\":false,\"DynamicScalingOutSuspended\":false,"
                                      "\"ScheduledScalingSuspended\":false}")));

        // An update changes only what it gives, and reads back as given.
        r = aas(QStringList{QStringLiteral("register-scalable-target")} + keyArgs() +
                QStringList{QStringLiteral("--role-arn"), QStringLiteral("arn:aws:iam::000000000000:role/scaler"),
                            QStringLiteral("--suspended-state"), QStringLiteral("DynamicScalingInSuspended=true")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"ScalableTargetARN"].toString(), arn);
        r = aas({QStringLiteral("describe-scalable-targets"), QStringLiteral("--service-namespace"),
                 QStringLiteral("ecs"), QStringLiteral("--resource-ids"), kResource});
        t = r.json[u"ScalableTargets"][0].toObject();
        QCOMPARE(t[u"MinCapacity"].toInt(), 2);
        QCOMPARE(t[u"RoleARN"].toString(), QStringLiteral("arn:aws:iam::000000000000:role/scaler"));
        QCOMPARE(t[u"SuspendedState"][u"DynamicScalingInSuspended"].toBool(), true);

        // The desired count 1 is below the minimum 2: set to 2 at once, as a scaling activity.
        QJsonObject activity;
        for (int i = 0; i < 50 && activity.isEmpty(); ++i) {
            r = aas({QStringLiteral("describe-scaling-activities"), QStringLiteral("--service-namespace"),
                     QStringLiteral("ecs"), QStringLiteral("--resource-id"), kResource});
            for (const QJsonValue &a : r.json[u"ScalingActivities"].toArray()) {
                if (a[u"StatusCode"].toString() == u"Successful")
                    activity = a.toObject();
            }
            if (activity.isEmpty())
                QTest::qWait(100);
        }
        QCOMPARE(activity[u"Description"].toString(), QStringLiteral("Setting desired count to 2."));
        QCOMPARE(activity[u"Cause"].toString(), QStringLiteral("minimum capacity was set to 2"));
        QCOMPARE(activity[u"StatusMessage"].toString(),
                 QStringLiteral("Successfully set desired count to 2. Change successfully fulfilled by ecs."));
        r = m_ecs->ok({QStringLiteral("describe-services"), QStringLiteral("--services"), QStringLiteral("web")});
        QCOMPARE(r.json[u"services"][0][u"desiredCount"].toInt(), 2);
    }

    void policiesReadBackWithTheirAlarms()
    {
        const QString tt =
            QStringLiteral("{\"TargetValue\":60.5,\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":"
                           "\"ECSServiceAverageCPUUtilization\"},\"ScaleOutCooldown\":120,\"DisableScaleIn\":false}");
        AwsCli::Result r = aas(QStringList{QStringLiteral("put-scaling-policy")} + keyArgs() +
                               QStringList{QStringLiteral("--policy-name"), QStringLiteral("cpu"),
                                           QStringLiteral("--policy-type"), QStringLiteral("TargetTrackingScaling"),
                                           QStringLiteral("--target-tracking-scaling-policy-configuration"), tt});
        QCOMPARE(r.exitCode, 0);
        const QString policyArn = r.json[u"PolicyARN"].toString();
        QVERIFY2(policyArn.startsWith(u"arn:aws:autoscaling:eu-west-1:") &&
                     policyArn.endsWith(u":resource/ecs/service/default/web:policyName/cpu"),
                 qPrintable(policyArn));
        const QJsonArray alarms = r.json[u"Alarms"].toArray();
        QCOMPARE(alarms.size(), 2);
        const QString high = alarms[0][u"AlarmName"].toString();
        const QString low = alarms[1][u"AlarmName"].toString();
        QVERIFY2(high.startsWith(u"TargetTracking-service/default/web-AlarmHigh-"), qPrintable(high));
        QVERIFY2(low.startsWith(u"TargetTracking-service/default/web-AlarmLow-"), qPrintable(low));

        QJsonObject p = onlyPolicy(QStringLiteral("cpu"));
        QCOMPARE(p[u"PolicyARN"].toString(), policyArn);
        QCOMPARE(p[u"PolicyType"].toString(), QStringLiteral("TargetTrackingScaling"));
        QCOMPARE(p[u"TargetTrackingScalingPolicyConfiguration"].toObject(), parse(tt));
        QCOMPARE(p[u"Alarms"].toArray(), alarms);

        r = m_cw->ok({QStringLiteral("describe-alarms"), QStringLiteral("--alarm-names"), high, low});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray cw = r.json[u"MetricAlarms"].toArray();
        QCOMPARE(cw.size(), 2);
        for (const QJsonValue &a : cw) {
            const bool isHigh = a[u"AlarmName"].toString() == high;
            QCOMPARE(a[u"MetricName"].toString(), QStringLiteral("CPUUtilization"));
            QCOMPARE(a[u"Namespace"].toString(), QStringLiteral("AWS/ECS"));
            QCOMPARE(a[u"Threshold"].toDouble(), isHigh ? 60.5 : 60.5 * 0.9);
            QCOMPARE(a[u"EvaluationPeriods"].toInt(), isHigh ? 3 : 15);
            QCOMPARE(a[u"ComparisonOperator"].toString(),
                     isHigh ? QStringLiteral("GreaterThanThreshold") : QStringLiteral("LessThanThreshold"));
            QCOMPARE(a[u"AlarmActions"].toArray(), QJsonArray{policyArn});
        }

        const QString step = QStringLiteral(
            "{\"AdjustmentType\":\"PercentChangeInCapacity\",\"StepAdjustments\":[{\"MetricIntervalLowerBound\":0,"
            "\"MetricIntervalUpperBound\":15,\"ScalingAdjustment\":20},{\"MetricIntervalLowerBound\":15,"
            "\"ScalingAdjustment\":50}],\"MinAdjustmentMagnitude\":1,\"Cooldown\":90,\"MetricAggregationType\":"
            "\"Maximum\"}");
        r = aas(QStringList{QStringLiteral("put-scaling-policy")} + keyArgs() +
                QStringList{QStringLiteral("--policy-name"), QStringLiteral("steps"), QStringLiteral("--policy-type"),
                            QStringLiteral("StepScaling"), QStringLiteral("--step-scaling-policy-configuration"),
                            step});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"Alarms"].toArray().size(), 0);
        p = onlyPolicy(QStringLiteral("steps"));
        QCOMPARE(p[u"StepScalingPolicyConfiguration"].toObject(), parse(step));

        // The CLI pages with MaxResults 1 and follows NextToken to the end.
        r = aas({QStringLiteral("describe-scaling-policies"), QStringLiteral("--service-namespace"),
                 QStringLiteral("ecs"), QStringLiteral("--page-size"), QStringLiteral("1")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"ScalingPolicies"].toArray().size(), 2);
        QVERIFY(refused({QStringLiteral("describe-scaling-policies"), QStringLiteral("--service-namespace"),
                         QStringLiteral("ecs"), QStringLiteral("--max-results"), QStringLiteral("51")})
                    .contains(u"MaxResults"));

        // Deleting the target tracking policy deletes its alarms.
        r = aas(QStringList{QStringLiteral("delete-scaling-policy")} + keyArgs() +
                QStringList{QStringLiteral("--policy-name"), QStringLiteral("cpu")});
        QCOMPARE(r.exitCode, 0);
        r = m_cw->ok({QStringLiteral("describe-alarms"), QStringLiteral("--alarm-name-prefix"),
                      QStringLiteral("TargetTracking-")});
        QCOMPARE(r.json[u"MetricAlarms"].toArray().size(), 0);
        QVERIFY(refused(QStringList{QStringLiteral("delete-scaling-policy")} + keyArgs() +
                        QStringList{QStringLiteral("--policy-name"), QStringLiteral("cpu")})
                    .contains(u"ObjectNotFoundException"));
    }

    void scheduledActionReadsBack()
    {
        AwsCli::Result r =
            aas(QStringList{QStringLiteral("put-scheduled-action")} + keyArgs() +
                QStringList{QStringLiteral("--scheduled-action-name"), QStringLiteral("workday"),
                            QStringLiteral("--schedule"), QStringLiteral("cron(0 8 ? * MON-FRI *)"),
                            QStringLiteral("--timezone"), QStringLiteral("Europe/Paris"),
                            QStringLiteral("--start-time"), QStringLiteral("2030-01-01T00:00:00Z"),
                            QStringLiteral("--end-time"), QStringLiteral("2031-01-01T00:00:00Z"),
                            QStringLiteral("--scalable-target-action"), QStringLiteral("MinCapacity=3,MaxCapacity=5")});
        QCOMPARE(r.exitCode, 0);
        r = aas({QStringLiteral("describe-scheduled-actions"), QStringLiteral("--service-namespace"),
                 QStringLiteral("ecs"), QStringLiteral("--scheduled-action-names"), QStringLiteral("workday")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray list = r.json[u"ScheduledActions"].toArray();
        QCOMPARE(list.size(), 1);
        const QJsonObject a = list[0].toObject();
        QCOMPARE(a[u"Schedule"].toString(), QStringLiteral("cron(0 8 ? * MON-FRI *)"));
        QCOMPARE(a[u"Timezone"].toString(), QStringLiteral("Europe/Paris"));
        QCOMPARE(a[u"ScalableTargetAction"].toObject(), parse(QStringLiteral("{\"MinCapacity\":3,\"MaxCapacity\":5}")));
        QCOMPARE(qint64(a[u"StartTime"].toDouble()),
                 QDateTime(QDate(2030, 1, 1), QTime(0, 0), Qt::UTC).toSecsSinceEpoch());
        QVERIFY(a[u"ScheduledActionARN"].toString().endsWith(u":scheduledActionName/workday"));
        // Pages of one, followed to the end; the name filter keeps only the names asked for.
        r = aas(QStringList{QStringLiteral("put-scheduled-action")} + keyArgs() +
                QStringList{QStringLiteral("--scheduled-action-name"), QStringLiteral("night"),
                            QStringLiteral("--schedule"), QStringLiteral("cron(0 20 * * ? *)"),
                            QStringLiteral("--scalable-target-action"), QStringLiteral("MinCapacity=1")});
        QCOMPARE(r.exitCode, 0);
        r = aas({QStringLiteral("describe-scheduled-actions"), QStringLiteral("--service-namespace"),
                 QStringLiteral("ecs"), QStringLiteral("--page-size"), QStringLiteral("1")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"ScheduledActions"].toArray().size(), 2);
        r = aas({QStringLiteral("describe-scheduled-actions"), QStringLiteral("--service-namespace"),
                 QStringLiteral("ecs"), QStringLiteral("--scheduled-action-names"), QStringLiteral("night"),
                 QStringLiteral("ghost")});
        QCOMPARE(r.json[u"ScheduledActions"].toArray().size(), 1);
        QCOMPARE(r.json[u"ScheduledActions"][0][u"ScheduledActionName"].toString(), QStringLiteral("night"));
        r = aas(QStringList{QStringLiteral("delete-scheduled-action")} + keyArgs() +
                QStringList{QStringLiteral("--scheduled-action-name"), QStringLiteral("night")});
        QCOMPARE(r.exitCode, 0);

        QVERIFY(refused(QStringList{QStringLiteral("put-scheduled-action")} + keyArgs() +
                        QStringList{QStringLiteral("--scheduled-action-name"), QStringLiteral("bad"),
                                    QStringLiteral("--schedule"), QStringLiteral("cron(0 8 * * MON-FRI *)")})
                    .contains(u"day-of-month and day-of-week"));
        r = aas(QStringList{QStringLiteral("delete-scheduled-action")} + keyArgs() +
                QStringList{QStringLiteral("--scheduled-action-name"), QStringLiteral("workday")});
        QCOMPARE(r.exitCode, 0);
    }

    void tags()
    {
        AwsCli::Result r = aas({QStringLiteral("describe-scalable-targets"), QStringLiteral("--service-namespace"),
                                QStringLiteral("ecs")});
        const QString arn = r.json[u"ScalableTargets"][0][u"ScalableTargetARN"].toString();
        r = aas({QStringLiteral("tag-resource"), QStringLiteral("--resource-arn"), arn, QStringLiteral("--tags"),
                 QStringLiteral("team=blue,env=dev")});
        QCOMPARE(r.exitCode, 0);
        r = aas({QStringLiteral("untag-resource"), QStringLiteral("--resource-arn"), arn, QStringLiteral("--tag-keys"),
                 QStringLiteral("env")});
        QCOMPARE(r.exitCode, 0);
        r = aas({QStringLiteral("list-tags-for-resource"), QStringLiteral("--resource-arn"), arn});
        QCOMPARE(r.json[u"Tags"].toObject(), parse(QStringLiteral("{\"team\":\"blue\"}")));
        QVERIFY(refused({QStringLiteral("list-tags-for-resource"), QStringLiteral("--resource-arn"),
                         QStringLiteral("arn:aws:application-autoscaling:eu-west-1:000000000000:scalable-target/nope")})
                    .contains(u"ResourceNotFoundException"));
    }

    void errorsNameTheProblem()
    {
        QString err = refused({QStringLiteral("register-scalable-target"), QStringLiteral("--service-namespace"),
                               QStringLiteral("dynamodb"), QStringLiteral("--resource-id"), QStringLiteral("table/t"),
                               QStringLiteral("--scalable-dimension"),
                               QStringLiteral("dynamodb:table:ReadCapacityUnits"), QStringLiteral("--min-capacity"),
                               QStringLiteral("1"), QStringLiteral("--max-capacity"), QStringLiteral("2")});
        QVERIFY2(err.contains(u"ValidationException") && err.contains(u"dynamodb"), qPrintable(err));
        err = refused({QStringLiteral("register-scalable-target"), QStringLiteral("--service-namespace"),
                       QStringLiteral("ecs"), QStringLiteral("--resource-id"), kResource,
                       QStringLiteral("--scalable-dimension"), QStringLiteral("rds:cluster:ReadReplicaCount")});
        QVERIFY2(err.contains(u"ValidationException") && err.contains(u"rds:cluster:ReadReplicaCount"),
                 qPrintable(err));
        err = refused({QStringLiteral("register-scalable-target"), QStringLiteral("--service-namespace"),
                       QStringLiteral("ecs"), QStringLiteral("--resource-id"), QStringLiteral("service/default/ghost"),
                       QStringLiteral("--scalable-dimension"), QStringLiteral("ecs:service:DesiredCount"),
                       QStringLiteral("--min-capacity"), QStringLiteral("1"), QStringLiteral("--max-capacity"),
                       QStringLiteral("2")});
        QVERIFY2(err.contains(u"ECS service doesn't exist: service/default/ghost"), qPrintable(err));
        err = refused(QStringList{QStringLiteral("register-scalable-target")} + keyArgs() +
                      QStringList{QStringLiteral("--min-capacity"), QStringLiteral("4"),
                                  QStringLiteral("--max-capacity"), QStringLiteral("3")});
        QVERIFY2(err.contains(u"MinCapacity (4) must not be greater than MaxCapacity (3)"), qPrintable(err));
        err = refused(QStringList{QStringLiteral("put-scaling-policy")} + keyArgs() +
                      QStringList{QStringLiteral("--policy-name"), QStringLiteral("p"), QStringLiteral("--policy-type"),
                                  QStringLiteral("TargetTrackingScaling"),
                                  QStringLiteral("--target-tracking-scaling-policy-configuration"),
                                  QStringLiteral("{\"TargetValue\":50,\"PredefinedMetricSpecification\":{"
                                                 "\"PredefinedMetricType\":\"DynamoDBReadCapacityUtilization\"}}")});
        QVERIFY2(err.contains(u"DynamoDBReadCapacityUtilization"), qPrintable(err));

        // At most 50 names in a Describe's name filter.
        QStringList names;
        for (int i = 0; i < 51; ++i)
            names << QStringLiteral("n%1").arg(i);
        err = refused(QStringList{QStringLiteral("describe-scaling-policies"), QStringLiteral("--service-namespace"),
                                  QStringLiteral("ecs"), QStringLiteral("--policy-names")} +
                      names);
        QVERIFY2(err.contains(u"PolicyNames") && err.contains(u"at most 50 policy names"), qPrintable(err));
        err = refused(QStringList{QStringLiteral("describe-scheduled-actions"), QStringLiteral("--service-namespace"),
                                  QStringLiteral("ecs"), QStringLiteral("--scheduled-action-names")} +
                      names);
        QVERIFY2(err.contains(u"ScheduledActionNames") && err.contains(u"at most 50 scheduled action names"),
                 qPrintable(err));

        AwsCli::Result r = aas(QStringList{QStringLiteral("deregister-scalable-target")} + keyArgs());
        QCOMPARE(r.exitCode, 0);
        err = refused(QStringList{QStringLiteral("deregister-scalable-target")} + keyArgs());
        QVERIFY2(err.contains(u"ObjectNotFoundException"), qPrintable(err));
        r = aas({QStringLiteral("describe-scalable-targets"), QStringLiteral("--service-namespace"),
                 QStringLiteral("ecs")});
        QCOMPARE(r.json[u"ScalableTargets"].toArray().size(), 0);
        r = aas({QStringLiteral("describe-scaling-policies"), QStringLiteral("--service-namespace"),
                 QStringLiteral("ecs")});
        QCOMPARE(r.json[u"ScalingPolicies"].toArray().size(), 0);
    }
};

QTEST_MAIN(TestAutoScalingApi)
#include "TestAutoScalingApi.moc"
