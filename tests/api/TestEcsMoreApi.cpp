// Issue 13's service, task definition and task calls through the real `aws` CLI, as tools make them:
// service deployments and revisions (list, describe, stop with rollback), DeleteTaskDefinitions,
// task scale-in protection, RegisterContainerInstance as the ECS agent calls it, and the calls
// Fleetdeck refuses with what to use instead (Cloud Map namespaces, task sets, ExecuteCommand).
// Simulated runtime at speed 10: no Docker.

#include "ApiFixture.h"
#include "TestSupport.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <QtTest>

#include <functional>

using fd::test::AwsCli;

namespace {

// web:1 counts as healthy 40 s (4 s at speed 10) after it runs; web:2 has a health check whose first
// probe comes 300 s (30 s) after the start, so its rollout stays IN_PROGRESS long enough to stop it.
const char kWebV1[] = R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1",
    "cpu": 128, "memory": 128, "portMappings": [{"containerPort": 8080, "hostPort": 0}]}]})";
const char kWebV2[] = R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:2",
    "cpu": 128, "memory": 128, "portMappings": [{"containerPort": 8080, "hostPort": 0}],
    "healthCheck": {"command": ["CMD", "/demo-web", "healthcheck"], "interval": 300, "timeout": 5, "retries": 1}}]})";

// A timestamp as the CLI prints it: epoch seconds (CLI v1 passes the wire value through) or an ISO
// string ("2026-12-06T19:40:05.123000+00:00", v2); in seconds since the epoch, 0 when neither.
double epochSeconds(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble();
    const QDateTime t = QDateTime::fromString(v.toString().left(19), QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
    return t.isValid() ? double(t.toSecsSinceEpoch()) : 0.0;
}

} // namespace

class TestEcsMoreApi : public QObject
{
    Q_OBJECT

private:
    fd::test::ApiFixture m_api{QStringLiteral("ecs"), fd::test::ApiFixture::simulated(10)};

    AwsCli::Result ecs(const QStringList &args) { return m_api.service().run(args); }
    AwsCli::Result ok(const QStringList &args) { return m_api.service().ok(args); }
    QString refused(const QStringList &args) { return m_api.service().refused(args); }

    QString registerDefinition(const char *json)
    {
        const QString path = m_api.filePath(QStringLiteral("td-%1.json").arg(QDateTime::currentMSecsSinceEpoch()));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(json);
        f.close();
        const AwsCli::Result r = ok({QStringLiteral("register-task-definition"), QStringLiteral("--cli-input-json"),
                                     QStringLiteral("file://") + path});
        return r.json[u"taskDefinition"][u"taskDefinitionArn"].toString();
    }

    // Polls `done` every 250 ms for up to `limitMs`.
    static bool waitFor(const std::function<bool()> &done, int limitMs)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < limitMs) {
            if (done())
                return true;
            QThread::msleep(250);
        }
        return done();
    }

    QJsonObject describeService(const QString &name)
    {
        return ecs({QStringLiteral("describe-services"), QStringLiteral("--services"), name})
            .json[u"services"][0]
            .toObject();
    }

    bool stable(const QString &name)
    {
        const QJsonObject v = describeService(name);
        return v[u"deployments"].toArray().size() == 1 &&
               v[u"deployments"][0][u"rolloutState"].toString() == u"COMPLETED" &&
               v[u"runningCount"].toInt() == v[u"desiredCount"].toInt();
    }

    QJsonArray deployments(const QString &service)
    {
        return ecs({QStringLiteral("list-service-deployments"), QStringLiteral("--service"), service})
            .json[u"serviceDeployments"]
            .toArray();
    }

    QStringList serviceTasks(const QString &service)
    {
        QStringList out;
        for (const QJsonValue &a :
             ecs({QStringLiteral("list-tasks"), QStringLiteral("--service-name"), service}).json[u"taskArns"].toArray())
            out.append(a.toString());
        return out;
    }

private slots:
    void initTestCase()
    {
        FD_START_API_FIXTURE(m_api);
        QVERIFY(!registerDefinition(kWebV1).isEmpty()); // web:1
        QVERIFY(!registerDefinition(kWebV2).isEmpty()); // web:2
    }

    void cleanupTestCase() { m_api.stop(); }

    // ListServiceDeployments / DescribeServiceDeployments / DescribeServiceRevisions map the
    // service's deployments; StopServiceDeployment rolls the one in progress back.
    void serviceDeploymentsListDescribeAndStop()
    {
        const AwsCli::Result created =
            ok({QStringLiteral("create-service"), QStringLiteral("--service-name"), QStringLiteral("shop"),
                QStringLiteral("--task-definition"), QStringLiteral("web:1"), QStringLiteral("--desired-count"),
                QStringLiteral("2"), QStringLiteral("--deployment-configuration"),
                QStringLiteral("minimumHealthyPercent=100,maximumPercent=200,"
                               "deploymentCircuitBreaker={enable=true,rollback=true}")});
        QCOMPARE(created.exitCode, 0);
        const QString firstId = created.json[u"service"][u"deployments"][0][u"id"].toString();
        QVERIFY(firstId.startsWith(u"ecs-svc/"));
        QVERIFY(waitFor([&] { return stable(QStringLiteral("shop")); }, 30000));

        QJsonArray list = deployments(QStringLiteral("shop"));
        QCOMPARE(list.size(), 1);
        const QString prefix = QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:");
        const QString firstDeploymentArn = prefix + QStringLiteral("service-deployment/default/shop/") + firstId.mid(8);
        const QString firstRevisionArn = prefix + QStringLiteral("service-revision/default/shop/") + firstId.mid(8);
        QCOMPARE(list[0][u"serviceDeploymentArn"].toString(), firstDeploymentArn);
        QCOMPARE(list[0][u"targetServiceRevisionArn"].toString(), firstRevisionArn);
        QCOMPARE(list[0][u"serviceArn"].toString(), prefix + QStringLiteral("service/default/shop"));
        QCOMPARE(list[0][u"clusterArn"].toString(), prefix + QStringLiteral("cluster/default"));
        QCOMPARE(list[0][u"status"].toString(), QStringLiteral("SUCCESSFUL"));
        QVERIFY(list[0][u"finishedAt"].isString() || list[0][u"finishedAt"].isDouble());

        // The revision: the task definition and its images.
        AwsCli::Result r = ok({QStringLiteral("describe-service-revisions"), QStringLiteral("--service-revision-arns"),
                               firstRevisionArn, prefix + QStringLiteral("service-revision/default/shop/42")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"serviceRevisions"].toArray().size(), 1);
        const QJsonObject revision = r.json[u"serviceRevisions"][0].toObject();
        QCOMPARE(revision[u"taskDefinition"].toString(), prefix + QStringLiteral("task-definition/web:1"));
        QCOMPARE(revision[u"launchType"].toString(), QStringLiteral("EC2"));
        QCOMPARE(revision[u"containerImages"][0][u"image"].toString(), QStringLiteral("fleetdeck/demo-web:1"));
        QCOMPARE(r.json[u"failures"][0][u"reason"].toString(), QStringLiteral("MISSING"));

        // A new revision rolls out; it is stopped while in progress and the service rolls back.
        r = ok({QStringLiteral("update-service"), QStringLiteral("--service"), QStringLiteral("shop"),
                QStringLiteral("--task-definition"), QStringLiteral("web:2")});
        QCOMPARE(r.exitCode, 0);
        const QString secondId = r.json[u"service"][u"deployments"][0][u"id"].toString();
        const QString secondArn = prefix + QStringLiteral("service-deployment/default/shop/") + secondId.mid(8);
        list = deployments(QStringLiteral("shop"));
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0][u"serviceDeploymentArn"].toString(), secondArn); // newest first
        QCOMPARE(list[0][u"status"].toString(), QStringLiteral("IN_PROGRESS"));
        QCOMPARE(list[1][u"status"].toString(), QStringLiteral("SUCCESSFUL"));
        r = ok(
            {QStringLiteral("describe-service-deployments"), QStringLiteral("--service-deployment-arns"), secondArn});
        const QJsonObject inProgress = r.json[u"serviceDeployments"][0].toObject();
        QCOMPARE(inProgress[u"status"].toString(), QStringLiteral("IN_PROGRESS"));
        QCOMPARE(inProgress[u"sourceServiceRevisions"][0][u"arn"].toString(), firstRevisionArn);
        QCOMPARE(inProgress[u"targetServiceRevision"][u"requestedTaskCount"].toInt(), 2);
        QCOMPARE(inProgress[u"deploymentCircuitBreaker"][u"status"].toString(), QStringLiteral("MONITORING"));
        QCOMPARE(inProgress[u"deploymentCircuitBreaker"][u"threshold"].toInt(), 3);
        QCOMPARE(inProgress[u"deploymentConfiguration"][u"maximumPercent"].toInt(), 200);

        r = ok({QStringLiteral("stop-service-deployment"), QStringLiteral("--service-deployment-arn"), secondArn,
                QStringLiteral("--stop-type"), QStringLiteral("ROLLBACK")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"serviceDeploymentArn"].toString(), secondArn);
        QVERIFY(waitFor([&] { return stable(QStringLiteral("shop")); }, 30000));
        // ABORT is not what a rolling deployment does here; an unknown deployment is not found.
        QVERIFY(refused({QStringLiteral("stop-service-deployment"), QStringLiteral("--service-deployment-arn"),
                         secondArn, QStringLiteral("--stop-type"), QStringLiteral("ABORT")})
                    .contains(u"(InvalidParameterException)"));
        QVERIFY(refused({QStringLiteral("stop-service-deployment"), QStringLiteral("--service-deployment-arn"),
                         prefix + QStringLiteral("service-deployment/default/shop/1")})
                    .contains(u"(ServiceDeploymentNotFoundException)"));
        QVERIFY(refused({QStringLiteral("stop-service-deployment"), QStringLiteral("--service-deployment-arn"),
                         QStringLiteral("shop")})
                    .contains(u"is not a service deployment ARN"));
        // The completed one cannot be stopped: ConflictException says why.
        const QString conflict = refused({QStringLiteral("stop-service-deployment"),
                                          QStringLiteral("--service-deployment-arn"), firstDeploymentArn});
        QVERIFY2(conflict.contains(u"(ConflictException)") && conflict.contains(u"not in progress"),
                 qPrintable(conflict));

        const QJsonObject v = describeService(QStringLiteral("shop"));
        QCOMPARE(v[u"taskDefinition"].toString(), prefix + QStringLiteral("task-definition/web:1"));
        QCOMPARE(v[u"deployments"][0][u"id"].toString(), firstId);

        r = ok(
            {QStringLiteral("describe-service-deployments"), QStringLiteral("--service-deployment-arns"), secondArn});
        const QJsonObject rolledBack = r.json[u"serviceDeployments"][0].toObject();
        QCOMPARE(rolledBack[u"status"].toString(), QStringLiteral("ROLLBACK_SUCCESSFUL"));
        QVERIFY(rolledBack[u"statusReason"].toString().contains(u"StopServiceDeployment"));
        QCOMPARE(rolledBack[u"rollback"][u"serviceRevisionArn"].toString(), firstRevisionArn);
        // Filters: by status, and the paginator's page size.
        r = ok({QStringLiteral("list-service-deployments"), QStringLiteral("--service"), QStringLiteral("shop"),
                QStringLiteral("--status"), QStringLiteral("ROLLBACK_SUCCESSFUL")});
        QCOMPARE(r.json[u"serviceDeployments"].toArray().size(), 1);
        r = ok({QStringLiteral("list-service-deployments"), QStringLiteral("--service"), QStringLiteral("shop"),
                QStringLiteral("--max-results"), QStringLiteral("1")});
        QCOMPARE(r.json[u"serviceDeployments"].toArray().size(), 1);
        QCOMPARE(r.json[u"serviceDeployments"][0][u"serviceDeploymentArn"].toString(), secondArn);
        const QString token = r.json[u"nextToken"].toString();
        QVERIFY(!token.isEmpty());
        r = ok({QStringLiteral("list-service-deployments"), QStringLiteral("--service"), QStringLiteral("shop"),
                QStringLiteral("--max-results"), QStringLiteral("1"), QStringLiteral("--next-token"), token});
        QCOMPARE(r.json[u"serviceDeployments"][0][u"serviceDeploymentArn"].toString(), firstDeploymentArn);
        QVERIFY(!r.json.contains(u"nextToken"));
        QVERIFY(
            refused({QStringLiteral("list-service-deployments"), QStringLiteral("--service"), QStringLiteral("nope")})
                .contains(u"(ServiceNotFoundException)"));
        QVERIFY(refused({QStringLiteral("list-service-deployments"), QStringLiteral("--service"),
                         QStringLiteral("shop"), QStringLiteral("--status"), QStringLiteral("DONE")})
                    .contains(u"status"));
    }

    // GetTaskProtection / UpdateTaskProtection: read back identically, default 120 minutes, at most
    // 2880, service tasks only.
    void taskProtection()
    {
        QVERIFY(waitFor([&] { return stable(QStringLiteral("shop")); }, 30000));
        const QStringList tasks = serviceTasks(QStringLiteral("shop"));
        QVERIFY(tasks.size() >= 2);
        AwsCli::Result r = ok({QStringLiteral("get-task-protection"), QStringLiteral("--cluster"),
                               QStringLiteral("default"), QStringLiteral("--tasks"), tasks[0]});
        QCOMPARE(r.json[u"protectedTasks"][0][u"protectionEnabled"].toBool(), false);

        r = ok({QStringLiteral("update-task-protection"), QStringLiteral("--cluster"), QStringLiteral("default"),
                QStringLiteral("--tasks"), tasks[0], QStringLiteral("--protection-enabled"),
                QStringLiteral("--expires-in-minutes"), QStringLiteral("60")});
        QCOMPARE(r.json[u"protectedTasks"][0][u"taskArn"].toString(), tasks[0]);
        QCOMPARE(r.json[u"protectedTasks"][0][u"protectionEnabled"].toBool(), true);
        const QJsonValue sixty = r.json[u"protectedTasks"][0][u"expirationDate"];
        QVERIFY(epochSeconds(sixty) > 0);
        r = ok({QStringLiteral("get-task-protection"), QStringLiteral("--cluster"), QStringLiteral("default"),
                QStringLiteral("--tasks"), tasks[0]});
        QCOMPARE(r.json[u"protectedTasks"][0][u"expirationDate"], sixty);

        // Without expiresInMinutes: two hours from now, about an hour after the first expiry.
        r = ok({QStringLiteral("update-task-protection"), QStringLiteral("--cluster"), QStringLiteral("default"),
                QStringLiteral("--tasks"), tasks[1], QStringLiteral("--protection-enabled")});
        const double apart = epochSeconds(r.json[u"protectedTasks"][0][u"expirationDate"]) - epochSeconds(sixty);
        QVERIFY2(apart >= 3600 && apart < 3600 + 300, qPrintable(QString::number(apart)));

        // Switched off: enabled false, no expiry.
        r = ok({QStringLiteral("update-task-protection"), QStringLiteral("--cluster"), QStringLiteral("default"),
                QStringLiteral("--tasks"), tasks[1], QStringLiteral("--no-protection-enabled")});
        QCOMPARE(r.json[u"protectedTasks"][0][u"protectionEnabled"].toBool(), false);
        QVERIFY(!r.json[u"protectedTasks"][0].toObject().contains(u"expirationDate"));

        QVERIFY(
            refused({QStringLiteral("update-task-protection"), QStringLiteral("--cluster"), QStringLiteral("default"),
                     QStringLiteral("--tasks"), tasks[0], QStringLiteral("--protection-enabled"),
                     QStringLiteral("--expires-in-minutes"), QStringLiteral("2881")})
                .contains(u"expiresInMinutes: must be from 1 to 2880"));
        // A standalone task and an unknown one are failures, not errors.
        const QString standalone =
            ok({QStringLiteral("run-task"), QStringLiteral("--task-definition"), QStringLiteral("web:1")})
                .json[u"tasks"][0][u"taskArn"]
                .toString();
        QVERIFY(!standalone.isEmpty());
        r = ok({QStringLiteral("update-task-protection"), QStringLiteral("--cluster"), QStringLiteral("default"),
                QStringLiteral("--tasks"), standalone, QStringLiteral("0123456789abcdef0123456789abcdef"),
                QStringLiteral("--protection-enabled")});
        QCOMPARE(r.json[u"protectedTasks"].toArray().size(), 0);
        QCOMPARE(r.json[u"failures"][0][u"reason"].toString(), QStringLiteral("TASK_NOT_VALID"));
        QCOMPARE(r.json[u"failures"][1][u"reason"].toString(), QStringLiteral("MISSING"));
        ok({QStringLiteral("stop-task"), QStringLiteral("--task"), standalone});
    }

    // DeleteTaskDefinitions: INACTIVE -> DELETE_IN_PROGRESS -> gone; ACTIVE refused per revision.
    void deleteTaskDefinitions()
    {
        QVERIFY(!registerDefinition(R"({"family": "gone", "containerDefinitions": [{"name": "c",
            "image": "fleetdeck/demo-web:1", "memory": 64}]})")
                     .isEmpty());
        QVERIFY(!registerDefinition(R"({"family": "gone", "containerDefinitions": [{"name": "c",
            "image": "fleetdeck/demo-web:1", "memory": 64}]})")
                     .isEmpty());
        ok({QStringLiteral("deregister-task-definition"), QStringLiteral("--task-definition"),
            QStringLiteral("gone:1")});
        AwsCli::Result r = ok({QStringLiteral("delete-task-definitions"), QStringLiteral("--task-definitions"),
                               QStringLiteral("gone:1"), QStringLiteral("gone:2"), QStringLiteral("gone:7")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"taskDefinitions"].toArray().size(), 1);
        QCOMPARE(r.json[u"taskDefinitions"][0][u"status"].toString(), QStringLiteral("DELETE_IN_PROGRESS"));
        QVERIFY(r.json[u"taskDefinitions"][0].toObject().contains(u"deleteRequestedAt"));
        QCOMPARE(r.json[u"failures"][0][u"arn"].toString(),
                 QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:task-definition/gone:2"));
        QCOMPARE(r.json[u"failures"][0][u"reason"].toString(),
                 QStringLiteral("The specified task definition is still in ACTIVE status. Please deregister the "
                                "target and try again."));
        QVERIFY(r.json[u"failures"][1][u"reason"].toString().contains(u"does not exist"));
        // Nothing uses it: it goes, from Describe and from every list.
        QVERIFY(waitFor(
            [&] {
                return ecs({QStringLiteral("describe-task-definition"), QStringLiteral("--task-definition"),
                            QStringLiteral("gone:1")})
                           .exitCode != 0;
            },
            10000));
        r = ok({QStringLiteral("list-task-definitions"), QStringLiteral("--family-prefix"), QStringLiteral("gone"),
                QStringLiteral("--status"), QStringLiteral("INACTIVE")});
        QCOMPARE(r.json[u"taskDefinitionArns"].toArray().size(), 0);
        // The family keeps counting.
        const QString third = registerDefinition(R"({"family": "gone", "containerDefinitions": [{"name": "c",
            "image": "fleetdeck/demo-web:1", "memory": 64}]})");
        QVERIFY2(third.endsWith(u"gone:3"), qPrintable(third));
        // A family without a revision names no revision.
        r = ok(
            {QStringLiteral("delete-task-definitions"), QStringLiteral("--task-definitions"), QStringLiteral("gone")});
        QVERIFY(r.json[u"failures"][0][u"reason"].toString().contains(u"identifier is invalid"));
        // Eleven at once is too many.
        QStringList eleven{QStringLiteral("delete-task-definitions"), QStringLiteral("--task-definitions")};
        for (int i = 1; i <= 11; ++i)
            eleven << QStringLiteral("gone:%1").arg(i);
        QVERIFY(refused(eleven).contains(u"at most 10"));
    }

    // RegisterContainerInstance as the agent calls it: the instance joins, takes tasks, and leaves.
    void registerContainerInstanceAsTheAgentDoes()
    {
        // The zones of this Fleetdeck's region, from an instance it made.
        AwsCli::Result r = ok({QStringLiteral("list-container-instances")});
        const QString existing = r.json[u"containerInstanceArns"][0].toString();
        r = ok({QStringLiteral("describe-container-instances"), QStringLiteral("--container-instances"), existing});
        QString zone;
        for (const QJsonValue &a : r.json[u"containerInstances"][0][u"attributes"].toArray()) {
            if (a[u"name"].toString() == u"ecs.availability-zone")
                zone = a[u"value"].toString();
        }
        QVERIFY(!zone.isEmpty());
        const QString region = zone.chopped(1);
        const QString document =
            QStringLiteral(R"({"instanceId":"i-0123456789abcdef0","instanceType":"t3.large","availabilityZone":"%1",)"
                           R"("region":"%2","accountId":"000000000000","privateIp":"10.0.0.7"})")
                .arg(zone, region);
        r = ok({QStringLiteral("register-container-instance"), QStringLiteral("--instance-identity-document"), document,
                QStringLiteral("--total-resources"), QStringLiteral("name=CPU,type=INTEGER,integerValue=1536"),
                QStringLiteral("name=MEMORY,type=INTEGER,integerValue=3072"),
                QStringLiteral("name=PORTS,type=STRINGSET,stringSetValue=22,2375,2376,51678,51679"),
                QStringLiteral("--attributes"), QStringLiteral("name=team,value=blue"), QStringLiteral("--tags"),
                QStringLiteral("key=owner,value=agent")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject ci = r.json[u"containerInstance"].toObject();
        const QString arn = ci[u"containerInstanceArn"].toString();
        QCOMPARE(ci[u"ec2InstanceId"].toString(), QStringLiteral("i-0123456789abcdef0"));
        QCOMPARE(ci[u"status"].toString(), QStringLiteral("ACTIVE"));
        QCOMPARE(ci[u"tags"][0][u"key"].toString(), QStringLiteral("owner"));

        // Read back: the resources and attributes as registered, the zone and type from the document.
        r = ok({QStringLiteral("describe-container-instances"), QStringLiteral("--container-instances"), arn,
                QStringLiteral("--include"), QStringLiteral("TAGS")});
        const QJsonObject described = r.json[u"containerInstances"][0].toObject();
        QMap<QString, int> resources;
        for (const QJsonValue &res : described[u"registeredResources"].toArray())
            resources.insert(res[u"name"].toString(), res[u"integerValue"].toInt());
        QCOMPARE(resources.value(QStringLiteral("CPU")), 1536);
        QCOMPARE(resources.value(QStringLiteral("MEMORY")), 3072);
        QMap<QString, QString> attributes;
        for (const QJsonValue &a : described[u"attributes"].toArray())
            attributes.insert(a[u"name"].toString(), a[u"value"].toString());
        QCOMPARE(attributes.value(QStringLiteral("team")), QStringLiteral("blue"));
        QCOMPARE(attributes.value(QStringLiteral("ecs.availability-zone")), zone);
        QCOMPARE(attributes.value(QStringLiteral("ecs.instance-type")), QStringLiteral("t3.large"));

        // It takes tasks.
        r = ok({QStringLiteral("run-task"), QStringLiteral("--task-definition"), QStringLiteral("web:1"),
                QStringLiteral("--placement-constraints"),
                QStringLiteral("type=memberOf,expression=attribute:team == blue")});
        QCOMPARE(r.json[u"tasks"][0][u"containerInstanceArn"].toString(), arn);
        const QString task = r.json[u"tasks"][0][u"taskArn"].toString();

        // The agent registering again gets the same instance; the same EC2 instance twice is refused.
        r = ok({QStringLiteral("register-container-instance"), QStringLiteral("--instance-identity-document"), document,
                QStringLiteral("--container-instance-arn"), arn});
        QCOMPARE(r.json[u"containerInstance"][u"containerInstanceArn"].toString(), arn);
        QVERIFY(refused({QStringLiteral("register-container-instance"), QStringLiteral("--instance-identity-document"),
                         document})
                    .contains(u"already registered"));
        // What cannot be honoured is refused, naming it.
        QVERIFY(refused({QStringLiteral("register-container-instance"), QStringLiteral("--total-resources"),
                         QStringLiteral("name=PORTS,type=STRINGSET,stringSetValue=8080")})
                    .contains(u"8080 cannot be reserved"));
        QVERIFY(refused({QStringLiteral("register-container-instance"), QStringLiteral("--version-info"),
                         QStringLiteral("agentVersion=1.80.0")})
                    .contains(u"versionInfo"));
        QVERIFY(
            refused({QStringLiteral("register-container-instance"), QStringLiteral("--instance-identity-document"),
                     QStringLiteral(R"({"instanceId":"i-0fedcba9876543210","availabilityZone":"%1","region":"xx-1"})")
                         .arg(zone)})
                .contains(u"is not a zone of region xx-1"));
        QVERIFY(refused({QStringLiteral("register-container-instance"), QStringLiteral("--instance-identity-document"),
                         QStringLiteral(R"({"instanceId":"i-0fedcba9876543210","instanceType":"x9.huge"})")})
                    .contains(u"instanceType"));

        // DeregisterContainerInstance fits: refused while it runs a task, unless forced.
        QVERIFY(refused({QStringLiteral("deregister-container-instance"), QStringLiteral("--container-instance"), arn})
                    .contains(u"Exception"));
        ok({QStringLiteral("stop-task"), QStringLiteral("--task"), task});
        r = ok({QStringLiteral("deregister-container-instance"), QStringLiteral("--container-instance"), arn,
                QStringLiteral("--force")});
        QCOMPARE(r.json[u"containerInstance"][u"status"].toString(), QStringLiteral("INACTIVE"));
    }

    // The calls Fleetdeck refuses say why and what to use instead.
    void refusalsNameTheReason()
    {
        QString e = refused({QStringLiteral("list-services-by-namespace"), QStringLiteral("--namespace"),
                             QStringLiteral("shop.local")});
        QVERIFY2(e.contains(u"(NamespaceNotFoundException)") && e.contains(u"Namespace not found."), qPrintable(e));

        e = refused({QStringLiteral("describe-task-sets"), QStringLiteral("--cluster"), QStringLiteral("default"),
                     QStringLiteral("--service"), QStringLiteral("shop")});
        QVERIFY2(e.contains(u"(InvalidParameterException)") && e.contains(u"ECS deployment controller") &&
                     e.contains(u"EXTERNAL"),
                 qPrintable(e));
        e = refused({QStringLiteral("create-task-set"), QStringLiteral("--cluster"), QStringLiteral("default"),
                     QStringLiteral("--service"), QStringLiteral("shop"), QStringLiteral("--task-definition"),
                     QStringLiteral("web:1")});
        QVERIFY2(e.contains(u"ECS deployment controller"), qPrintable(e));
        e = refused({QStringLiteral("update-service-primary-task-set"), QStringLiteral("--cluster"),
                     QStringLiteral("default"), QStringLiteral("--service"), QStringLiteral("shop"),
                     QStringLiteral("--primary-task-set"), QStringLiteral("ecs-svc/1")});
        QVERIFY2(e.contains(u"ECS deployment controller"), qPrintable(e));
        e = refused({QStringLiteral("delete-task-set"), QStringLiteral("--cluster"), QStringLiteral("default"),
                     QStringLiteral("--service"), QStringLiteral("nope"), QStringLiteral("--task-set"),
                     QStringLiteral("ecs-svc/1")});
        QVERIFY2(e.contains(u"(ServiceNotFoundException)"), qPrintable(e));
        // And an EXTERNAL controller is refused where a service is created.
        e = refused({QStringLiteral("create-service"), QStringLiteral("--service-name"), QStringLiteral("ext"),
                     QStringLiteral("--task-definition"), QStringLiteral("web:1"), QStringLiteral("--desired-count"),
                     QStringLiteral("1"), QStringLiteral("--deployment-controller"), QStringLiteral("type=EXTERNAL")});
        QVERIFY2(e.contains(u"deploymentController.type"), qPrintable(e));

        // ExecuteCommand: the CLI first looks for the Session Manager plugin; with one on the PATH
        // the call reaches Fleetdeck, which says what to use instead.
        const QString bin = m_api.filePath(QStringLiteral("bin"));
        QVERIFY(QDir().mkpath(bin));
        QFile plugin(bin + QStringLiteral("/session-manager-plugin"));
        QVERIFY(plugin.open(QIODevice::WriteOnly));
        plugin.write("#!/bin/sh\nexit 0\n");
        plugin.close();
        QVERIFY(plugin.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", bin.toLocal8Bit() + ':' + path);
        const QString task = serviceTasks(QStringLiteral("shop")).value(0);
        e = refused({QStringLiteral("execute-command"), QStringLiteral("--cluster"), QStringLiteral("default"),
                     QStringLiteral("--task"), task, QStringLiteral("--command"), QStringLiteral("/bin/sh"),
                     QStringLiteral("--interactive")});
        qputenv("PATH", path);
        QVERIFY2(e.contains(u"(TargetNotConnectedException)") && e.contains(u"Session Manager plugin") &&
                     e.contains(u"Logs"),
                 qPrintable(e));
    }
};

QTEST_GUILESS_MAIN(TestEcsMoreApi)
#include "TestEcsMoreApi.moc"
