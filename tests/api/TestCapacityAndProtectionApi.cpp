// Through the real `aws` CLI, on the simulated runtime at speed 10 (no Docker):
//  - capacity providers in use: ECS refuses to take a provider away from a cluster while tasks run on
//    it or a service's strategy names it (PutClusterCapacityProviders, ResourceInUseException) and
//    never deletes FARGATE or FARGATE_SPOT (DeleteCapacityProvider has no ResourceInUseException in the
//    botocore model: deleting a reserved one is refused, naming the clusters that have it). A provider
//    nothing uses leaves the cluster whatever else runs there.
//  - scale-in protection of a DAEMON service's task: ECS refuses UpdateTaskProtection only for
//    standalone tasks (TASK_NOT_VALID), so a daemon task is protected, reads back, and its
//    deployment leaves it running while the protection lasts.

#include "AwsCli.h"
#include "HeadlessFleetdeck.h"
#include "TestSupport.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <functional>

using fd::test::AwsCli;
using fd::test::HeadlessFleetdeck;

namespace {

const char kRegion[] = "eu-west-1";

const char kWebV1[] = R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1",
    "cpu": 128, "memory": 128, "portMappings": [{"containerPort": 8080, "hostPort": 0}]}]})";
const char kWebV2[] = R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:2",
    "cpu": 128, "memory": 128, "portMappings": [{"containerPort": 8080, "hostPort": 0}]}]})";
const char kSpot[] = R"({"family": "spot", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
    "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1",
    "portMappings": [{"containerPort": 8080}]}]})";

QString compact(const QJsonValue &v)
{
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}

} // namespace

class TestCapacityAndProtectionApi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<AwsCli> m_cli;
    std::unique_ptr<fd::test::ServiceCli> m_ecs;
    std::unique_ptr<HeadlessFleetdeck> m_fleetdeck;

    AwsCli::Result ecs(const QStringList &args) { return m_ecs->run(args); }
    AwsCli::Result ok(const QStringList &args) { return m_ecs->ok(args); }
    QString refused(const QStringList &args) { return m_ecs->refused(args); }

    QString registerDefinition(const char *json, const QString &file)
    {
        const QString path = m_dir.filePath(file);
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
               v[u"runningCount"].toInt() == v[u"desiredCount"].toInt() && v[u"desiredCount"].toInt() > 0;
    }

    // The service's tasks that have not stopped: task ARN -> task definition ARN.
    QMap<QString, QString> liveTasks(const QString &service)
    {
        QMap<QString, QString> out;
        const QJsonArray arns =
            ecs({QStringLiteral("list-tasks"), QStringLiteral("--service-name"), service}).json[u"taskArns"].toArray();
        if (arns.isEmpty())
            return out;
        QStringList args{QStringLiteral("describe-tasks"), QStringLiteral("--tasks")};
        for (const QJsonValue &a : arns)
            args.append(a.toString());
        for (const QJsonValue &t : ecs(args).json[u"tasks"].toArray()) {
            if (t[u"lastStatus"].toString() != u"STOPPED" && t[u"desiredStatus"].toString() == u"RUNNING")
                out.insert(t[u"taskArn"].toString(), t[u"taskDefinitionArn"].toString());
        }
        return out;
    }

    QStringList capacityProvidersOf(const QString &cluster)
    {
        const QJsonArray list = ok({QStringLiteral("describe-clusters"), QStringLiteral("--clusters"), cluster})
                                    .json[u"clusters"][0][u"capacityProviders"]
                                    .toArray();
        QStringList out;
        for (const QJsonValue &v : list)
            out.append(v.toString());
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_cli = std::make_unique<AwsCli>(m_dir.path());
        FD_REQUIRE_AWS_CLI(*m_cli);
        m_ecs = std::make_unique<fd::test::ServiceCli>(
            *m_cli, QStringLiteral("ecs"), [this] { return m_fleetdeck->endpoint(); }, QString::fromLatin1(kRegion));
        m_fleetdeck =
            std::make_unique<HeadlessFleetdeck>(m_dir.filePath(QStringLiteral("state")),
                                                QStringList{QStringLiteral("--runtime"), QStringLiteral("simulated"),
                                                            QStringLiteral("--speed"), QStringLiteral("10")});
        QVERIFY2(m_fleetdeck->start(), qPrintable(m_fleetdeck->errorText()));
        QVERIFY(!registerDefinition(kWebV1, QStringLiteral("web1.json")).isEmpty()); // web:1
        QVERIFY(!registerDefinition(kWebV2, QStringLiteral("web2.json")).isEmpty()); // web:2
        QVERIFY(!registerDefinition(kSpot, QStringLiteral("spot.json")).isEmpty()); // spot:1 (FARGATE)
    }

    void cleanupTestCase() { m_fleetdeck.reset(); }

    void providersInUse()
    {
        QCOMPARE(ok({QStringLiteral("put-cluster-capacity-providers"), QStringLiteral("--cluster"),
                     QStringLiteral("default"), QStringLiteral("--capacity-providers"), QStringLiteral("FARGATE"),
                     QStringLiteral("FARGATE_SPOT"), QStringLiteral("--default-capacity-provider-strategy"),
                     QStringLiteral("capacityProvider=FARGATE,weight=1")})
                     .exitCode,
                 0);
        QCOMPARE(capacityProvidersOf(QStringLiteral("default")),
                 (QStringList{QStringLiteral("FARGATE"), QStringLiteral("FARGATE_SPOT")}));
        QCOMPARE(ok({QStringLiteral("create-cluster"), QStringLiteral("--cluster-name"), QStringLiteral("spare"),
                     QStringLiteral("--capacity-providers"), QStringLiteral("FARGATE")})
                     .exitCode,
                 0);

        // An EC2 service (the launch type given, so the cluster's default strategy does not apply) ...
        QCOMPARE(ok({QStringLiteral("create-service"), QStringLiteral("--service-name"), QStringLiteral("shop"),
                     QStringLiteral("--task-definition"), QStringLiteral("web:1"), QStringLiteral("--desired-count"),
                     QStringLiteral("2"), QStringLiteral("--launch-type"), QStringLiteral("EC2")})
                     .exitCode,
                 0);
        // ... and a service on FARGATE_SPOT through its strategy.
        QCOMPARE(ok({QStringLiteral("create-service"), QStringLiteral("--service-name"), QStringLiteral("spot"),
                     QStringLiteral("--task-definition"), QStringLiteral("spot:1"), QStringLiteral("--desired-count"),
                     QStringLiteral("1"), QStringLiteral("--capacity-provider-strategy"),
                     QStringLiteral("capacityProvider=FARGATE_SPOT,weight=1"), QStringLiteral("--network-configuration"),
                     QStringLiteral("awsvpcConfiguration={subnets=[subnet-us-east-1a]}")})
                     .exitCode,
                 0);
        QVERIFY(waitFor([&] { return stable(QStringLiteral("shop")) && stable(QStringLiteral("spot")); }, 30000));
        const QJsonObject shop = describeService(QStringLiteral("shop"));
        QCOMPARE(shop[u"launchType"].toString(), QStringLiteral("EC2"));
        QVERIFY(!shop.contains(u"capacityProviderStrategy") || shop[u"capacityProviderStrategy"].toArray().isEmpty());
        const QJsonObject spot = describeService(QStringLiteral("spot"));
        QCOMPARE(compact(spot[u"capacityProviderStrategy"]),
                 QStringLiteral(R"([{"base":0,"capacityProvider":"FARGATE_SPOT","weight":1}])"));

        // FARGATE_SPOT cannot leave the cluster while the service names it (and its task runs on it).
        QString inUse = refused({QStringLiteral("put-cluster-capacity-providers"), QStringLiteral("--cluster"),
                                 QStringLiteral("default"), QStringLiteral("--capacity-providers"),
                                 QStringLiteral("FARGATE"), QStringLiteral("--default-capacity-provider-strategy"),
                                 QStringLiteral("[]")});
        QVERIFY2(inUse.contains(u"(ResourceInUseException)") &&
                     inUse.contains(u"The specified capacity provider is in use and cannot be removed.") &&
                     inUse.contains(u"FARGATE_SPOT"),
                 qPrintable(inUse));
        QCOMPARE(capacityProvidersOf(QStringLiteral("default")),
                 (QStringList{QStringLiteral("FARGATE"), QStringLiteral("FARGATE_SPOT")}));

        // Reserved providers are never deleted; the answer names the clusters that have FARGATE.
        QString err = refused({QStringLiteral("delete-capacity-provider"), QStringLiteral("--capacity-provider"),
                               QStringLiteral("FARGATE")});
        QVERIFY2(err.contains(u"(InvalidParameterException)") && err.contains(u"reserved by Amazon ECS"),
                 qPrintable(err));
        QVERIFY2(err.contains(u"remove it from the clusters default, spare with PutClusterCapacityProviders"),
                 qPrintable(err));
        err = refused({QStringLiteral("delete-capacity-provider"), QStringLiteral("--capacity-provider"),
                       QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:capacity-provider/FARGATE_SPOT")});
        QVERIFY2(err.contains(u"remove it from the cluster default with"), qPrintable(err));

        // Nothing uses FARGATE (only the default strategy named it, and that goes in the same call), so
        // it can be removed while the services' tasks run; the cluster reads back without it and the
        // tasks are untouched.
        const QMap<QString, QString> before = liveTasks(QStringLiteral("shop"));
        QCOMPARE(before.size(), 2);
        const AwsCli::Result put =
            ok({QStringLiteral("put-cluster-capacity-providers"), QStringLiteral("--cluster"),
                QStringLiteral("default"), QStringLiteral("--capacity-providers"), QStringLiteral("FARGATE_SPOT"),
                QStringLiteral("--default-capacity-provider-strategy"), QStringLiteral("[]")});
        QCOMPARE(put.exitCode, 0);
        QCOMPARE(compact(put.json[u"cluster"][u"capacityProviders"]), QStringLiteral(R"(["FARGATE_SPOT"])"));
        QCOMPARE(capacityProvidersOf(QStringLiteral("default")), QStringList{QStringLiteral("FARGATE_SPOT")});
        QCOMPARE(ok({QStringLiteral("put-cluster-capacity-providers"), QStringLiteral("--cluster"),
                     QStringLiteral("spare"), QStringLiteral("--capacity-providers"), QStringLiteral("[]"),
                     QStringLiteral("--default-capacity-provider-strategy"), QStringLiteral("[]")})
                     .exitCode,
                 0);
        QCOMPARE(liveTasks(QStringLiteral("shop")), before);

        // Once the Spot service is gone, FARGATE_SPOT can go too.
        QCOMPARE(ok({QStringLiteral("delete-service"), QStringLiteral("--service"), QStringLiteral("spot"),
                     QStringLiteral("--force")})
                     .exitCode,
                 0);
        QVERIFY(waitFor(
            [&] { return describeService(QStringLiteral("spot"))[u"status"].toString() == u"INACTIVE"; }, 30000));
        // Its task may still be stopping (then the provider is still in use): asked again until it went.
        QVERIFY(waitFor(
            [&] {
                return ecs({QStringLiteral("put-cluster-capacity-providers"), QStringLiteral("--cluster"),
                            QStringLiteral("default"), QStringLiteral("--capacity-providers"), QStringLiteral("[]"),
                            QStringLiteral("--default-capacity-provider-strategy"), QStringLiteral("[]")})
                           .exitCode == 0;
            },
            30000));
        QCOMPARE(capacityProvidersOf(QStringLiteral("default")), QStringList());

        // No cluster has FARGATE any more: still reserved, and the answer says nothing has it.
        err = refused({QStringLiteral("delete-capacity-provider"), QStringLiteral("--capacity-provider"),
                       QStringLiteral("FARGATE")});
        QVERIFY2(err.contains(u"reserved by Amazon ECS") && err.contains(u"No cluster has it associated."),
                 qPrintable(err));
        QVERIFY2(!err.contains(u"default"), qPrintable(err));
    }

    void daemonTaskProtection()
    {
        QCOMPARE(ok({QStringLiteral("create-service"), QStringLiteral("--service-name"), QStringLiteral("agent"),
                     QStringLiteral("--task-definition"), QStringLiteral("web:1"),
                     QStringLiteral("--scheduling-strategy"), QStringLiteral("DAEMON")})
                     .exitCode,
                 0);
        QVERIFY(waitFor([&] { return stable(QStringLiteral("agent")); }, 30000));
        const QMap<QString, QString> first = liveTasks(QStringLiteral("agent"));
        QVERIFY(first.size() >= 2);
        const QString kept = first.firstKey();

        AwsCli::Result r =
            ok({QStringLiteral("update-task-protection"), QStringLiteral("--cluster"), QStringLiteral("default"),
                QStringLiteral("--tasks"), kept, QStringLiteral("--protection-enabled"),
                QStringLiteral("--expires-in-minutes"), QStringLiteral("30")});
        QCOMPARE(r.json[u"failures"].toArray().size(), 0);
        QCOMPARE(r.json[u"protectedTasks"][0][u"taskArn"].toString(), kept);
        QCOMPARE(r.json[u"protectedTasks"][0][u"protectionEnabled"].toBool(), true);
        const QJsonValue expiry = r.json[u"protectedTasks"][0][u"expirationDate"];
        r = ok({QStringLiteral("get-task-protection"), QStringLiteral("--cluster"), QStringLiteral("default"),
                QStringLiteral("--tasks"), kept});
        QCOMPARE(r.json[u"protectedTasks"][0][u"protectionEnabled"].toBool(), true);
        QCOMPARE(r.json[u"protectedTasks"][0][u"expirationDate"], expiry);

        // A new revision replaces every daemon task but the protected one (30 minutes are 3 at x10:
        // longer than this test waits).
        QCOMPARE(ok({QStringLiteral("update-service"), QStringLiteral("--service"), QStringLiteral("agent"),
                     QStringLiteral("--task-definition"), QStringLiteral("web:2")})
                     .exitCode,
                 0);
        QVERIFY(waitFor(
            [&] {
                const QMap<QString, QString> now = liveTasks(QStringLiteral("agent"));
                int v2 = 0;
                for (const QString &td : now)
                    v2 += td.endsWith(u"task-definition/web:2") ? 1 : 0;
                return v2 == first.size() - 1 && now.size() == first.size();
            },
            30000));
        QThread::msleep(3000);
        const QMap<QString, QString> now = liveTasks(QStringLiteral("agent"));
        QVERIFY(now.contains(kept));
        QVERIFY(now.value(kept).endsWith(u"task-definition/web:1"));
        QCOMPARE(describeService(QStringLiteral("agent"))[u"deployments"][0][u"rolloutState"].toString(),
                 QStringLiteral("IN_PROGRESS"));

        // Protection switched off: the deployment replaces it and completes.
        ok({QStringLiteral("update-task-protection"), QStringLiteral("--cluster"), QStringLiteral("default"),
            QStringLiteral("--tasks"), kept, QStringLiteral("--no-protection-enabled")});
        QVERIFY(waitFor(
            [&] { return stable(QStringLiteral("agent")) && !liveTasks(QStringLiteral("agent")).contains(kept); },
            60000));
    }
};

QTEST_GUILESS_MAIN(TestCapacityAndProtectionApi)
#include "TestCapacityAndProtectionApi.moc"
