// FARGATE and awsvpc through the real `aws` CLI: a task definition Fargate can run, run-task
// --launch-type FARGATE with --network-configuration, describe-tasks showing the task's network
// interface (its own loopback address) and no container instance, and the refusals a tutorial's
// mistakes meet, each asserting the error code AND the message. Simulated runtime: no Docker.

#include "AwsCli.h"
#include "HeadlessFleetdeck.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using fd::test::AwsCli;
using fd::test::HeadlessFleetdeck;

namespace {

const char kRegion[] = "eu-west-1";

QString detail(const QJsonObject &task, const QString &name)
{
    for (const QJsonValue &a : task[u"attachments"].toArray()) {
        if (a[u"type"].toString() != u"ElasticNetworkInterface")
            continue;
        for (const QJsonValue &d : a[u"details"].toArray()) {
            if (d[u"name"].toString() == name)
                return d[u"value"].toString();
        }
    }
    return {};
}

QString cliError(const QString &code, const QString &operation, const QString &message)
{
    return QStringLiteral("An error occurred (%1) when calling the %2 operation: %3").arg(code, operation, message);
}

} // namespace

class TestFargateApi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<AwsCli> m_cli;
    std::unique_ptr<fd::test::ServiceCli> m_ecs;
    std::unique_ptr<HeadlessFleetdeck> m_fleetdeck;
    QString m_zone; // the zone of the default cluster's first instance
    QString m_network;

    AwsCli::Result ecs(const QStringList &args) { return m_ecs->run(args); }
    QString refused(const QStringList &args) { return m_ecs->refused(args).trimmed(); }

    QString registerJson(const QString &name, const QByteArray &json)
    {
        const QString path = m_dir.filePath(name + QStringLiteral(".json"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(json);
        return QStringLiteral("file://") + path;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_cli = std::make_unique<AwsCli>(m_dir.path());
        FD_REQUIRE_AWS_CLI(*m_cli);
        m_ecs = std::make_unique<fd::test::ServiceCli>(
            *m_cli, QStringLiteral("ecs"), [this] { return m_fleetdeck->endpoint(); }, QString::fromLatin1(kRegion));
        m_fleetdeck = std::make_unique<HeadlessFleetdeck>(
            m_dir.filePath(QStringLiteral("state")),
            QStringList{QStringLiteral("--runtime"), QStringLiteral("simulated"), QStringLiteral("--speed"),
                        QStringLiteral("20")});
        QVERIFY2(m_fleetdeck->start(), qPrintable(m_fleetdeck->errorText()));

        AwsCli::Result r = ecs({QStringLiteral("list-container-instances")});
        QCOMPARE(r.exitCode, 0);
        const QString first = r.json[u"containerInstanceArns"][0].toString();
        r = ecs({QStringLiteral("describe-container-instances"), QStringLiteral("--container-instances"), first});
        QCOMPARE(r.exitCode, 0);
        for (const QJsonValue &a : r.json[u"containerInstances"][0][u"attributes"].toArray()) {
            if (a[u"name"].toString() == u"ecs.availability-zone")
                m_zone = a[u"value"].toString();
        }
        QVERIFY(!m_zone.isEmpty());
        m_network = QStringLiteral("awsvpcConfiguration={subnets=[subnet-%1],securityGroups=[sg-0a1b2c3d],"
                                   "assignPublicIp=DISABLED}")
                        .arg(m_zone);

        QCOMPARE(ecs({QStringLiteral("create-cluster"), QStringLiteral("--cluster-name"), QStringLiteral("fg"),
                      QStringLiteral("--capacity-providers"), QStringLiteral("FARGATE"), QStringLiteral("FARGATE_SPOT")})
                     .exitCode,
                 0);
        const QString web = registerJson(QStringLiteral("web"), R"({
  "family": "fg-web", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
  "cpu": "0.25 vCPU", "memory": "0.5GB",
  "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1",
                            "portMappings": [{"containerPort": 8080}]}]
})");
        r = ecs({QStringLiteral("register-task-definition"), QStringLiteral("--cli-input-json"), web});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject td = r.json[u"taskDefinition"].toObject();
        QCOMPARE(td[u"cpu"].toString(), QStringLiteral("256"));
        QCOMPARE(td[u"memory"].toString(), QStringLiteral("512"));
        QCOMPARE(td[u"compatibilities"].toArray(), (QJsonArray{QStringLiteral("EC2"), QStringLiteral("FARGATE")}));
        r = ecs({QStringLiteral("register-task-definition"), QStringLiteral("--family"), QStringLiteral("fg-bridge"),
                 QStringLiteral("--container-definitions"),
                 QStringLiteral(R"([{"name":"web","image":"fleetdeck/demo-web:1","memory":64}])")});
        QCOMPARE(r.exitCode, 0);
    }

    void cleanupTestCase() { m_fleetdeck.reset(); }

    void runTaskOnFargateHasItsOwnAddress()
    {
        AwsCli::Result r = ecs({QStringLiteral("run-task"), QStringLiteral("--cluster"), QStringLiteral("fg"),
                                QStringLiteral("--task-definition"), QStringLiteral("fg-web"),
                                QStringLiteral("--launch-type"), QStringLiteral("FARGATE"), QStringLiteral("--count"),
                                QStringLiteral("2"), QStringLiteral("--network-configuration"), m_network});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray started = r.json[u"tasks"].toArray();
        QCOMPARE(started.size(), 2);
        QStringList arns;
        for (const QJsonValue &t : started)
            arns << t[u"taskArn"].toString();

        // Until both run (teaching speed x20 on the simulated runtime).
        QJsonArray tasks;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 30000) {
            r = ecs(QStringList{QStringLiteral("describe-tasks"), QStringLiteral("--cluster"), QStringLiteral("fg"),
                                QStringLiteral("--tasks")} +
                    arns);
            QCOMPARE(r.exitCode, 0);
            tasks = r.json[u"tasks"].toArray();
            if (std::all_of(tasks.begin(), tasks.end(),
                            [](const QJsonValue &t) { return t[u"lastStatus"].toString() == u"RUNNING"; }))
                break;
            QThread::msleep(300);
        }
        QCOMPARE(tasks.size(), 2);
        QSet<QString> addresses;
        static const QRegularExpression loopback(QStringLiteral("^127\\.\\d+\\.\\d+\\.\\d+$"));
        for (const QJsonValue &v : tasks) {
            const QJsonObject t = v.toObject();
            QCOMPARE(t[u"lastStatus"].toString(), QStringLiteral("RUNNING"));
            QCOMPARE(t[u"launchType"].toString(), QStringLiteral("FARGATE"));
            QVERIFY2(!t.contains(u"containerInstanceArn"), "a FARGATE task has no container instance");
            QCOMPARE(t[u"platformVersion"].toString(), QStringLiteral("1.4.0"));
            QCOMPARE(t[u"platformFamily"].toString(), QStringLiteral("Linux"));
            QCOMPARE(t[u"availabilityZone"].toString(), m_zone);
            const QJsonObject eni = t[u"attachments"][0].toObject();
            QCOMPARE(eni[u"type"].toString(), QStringLiteral("ElasticNetworkInterface"));
            QCOMPARE(eni[u"status"].toString(), QStringLiteral("ATTACHED"));
            const QString address = detail(t, QStringLiteral("privateIPv4Address"));
            QVERIFY2(loopback.match(address).hasMatch(), qPrintable(address));
            QCOMPARE(detail(t, QStringLiteral("subnetId")), QStringLiteral("subnet-") + m_zone);
            QVERIFY(detail(t, QStringLiteral("networkInterfaceId")).startsWith(u"eni-"));
            QCOMPARE(detail(t, QStringLiteral("privateDnsName")),
                     QStringLiteral("ip-") + QString(address).replace(u'.', u'-') + QStringLiteral(".ec2.internal"));
            QCOMPARE(t[u"containers"][0][u"networkInterfaces"][0][u"privateIpv4Address"].toString(), address);
            addresses.insert(address);
        }
        QCOMPARE(addresses.size(), 2); // each task its own address

        // list-tasks --launch-type filters.
        r = ecs({QStringLiteral("list-tasks"), QStringLiteral("--cluster"), QStringLiteral("fg"),
                 QStringLiteral("--launch-type"), QStringLiteral("FARGATE")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"taskArns"].toArray().size(), 2);
        r = ecs({QStringLiteral("list-tasks"), QStringLiteral("--cluster"), QStringLiteral("fg"),
                 QStringLiteral("--launch-type"), QStringLiteral("EC2")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"taskArns"].toArray().size(), 0);
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("error");
        const QString fg = QStringLiteral("fg");
        const QStringList run{QStringLiteral("run-task"), QStringLiteral("--cluster"), fg,
                              QStringLiteral("--task-definition"), QStringLiteral("fg-web")};
        const QStringList fargate{QStringLiteral("--launch-type"), QStringLiteral("FARGATE")};
        QTest::newRow("no network configuration")
            << run + fargate
            << cliError(QStringLiteral("InvalidParameterException"), QStringLiteral("RunTask"),
                        QStringLiteral("Network Configuration must be provided when networkMode 'awsvpc' is specified."));
        QTest::newRow("a definition FARGATE cannot run")
            << QStringList{QStringLiteral("run-task"), QStringLiteral("--cluster"), fg,
                           QStringLiteral("--task-definition"), QStringLiteral("fg-bridge")} +
                   fargate
            << cliError(QStringLiteral("InvalidParameterException"), QStringLiteral("RunTask"),
                        QStringLiteral("Task definition does not support launch_type FARGATE."));
        QTest::newRow("launch type and strategy")
            << run + fargate +
                   QStringList{QStringLiteral("--capacity-provider-strategy"),
                               QStringLiteral("capacityProvider=FARGATE,weight=1")}
            << cliError(QStringLiteral("InvalidParameterException"), QStringLiteral("RunTask"),
                        QStringLiteral("launchType and capacityProviderStrategy cannot both be given: specify a "
                                       "launch type or a capacity provider strategy, not both"));
        QTest::newRow("unknown platform version")
            << run + fargate + QStringList{QStringLiteral("--platform-version"), QStringLiteral("1.9.0")}
            << cliError(QStringLiteral("InvalidParameterException"), QStringLiteral("RunTask"),
                        QStringLiteral("platformVersion: 1.9.0 is not a Fargate platform version (LATEST, 1.4.0 or "
                                       "1.3.0)"));
        QTest::newRow("provider not associated")
            << QStringList{QStringLiteral("run-task"), QStringLiteral("--task-definition"), QStringLiteral("fg-web"),
                           QStringLiteral("--capacity-provider-strategy"),
                           QStringLiteral("capacityProvider=FARGATE_SPOT,weight=1")}
            << cliError(QStringLiteral("InvalidParameterException"), QStringLiteral("RunTask"),
                        QStringLiteral("capacityProviderStrategy: capacity provider FARGATE_SPOT is not associated "
                                       "with cluster default; associate it with PutClusterCapacityProviders first"));
        QTest::newRow("assignPublicIp")
            << run + fargate +
                   QStringList{QStringLiteral("--network-configuration"),
                               QStringLiteral("awsvpcConfiguration={subnets=[subnet-a],assignPublicIp=MAYBE}")}
            << cliError(QStringLiteral("InvalidParameterException"), QStringLiteral("RunTask"),
                        QStringLiteral("networkConfiguration.awsvpcConfiguration.assignPublicIp: must be ENABLED or "
                                       "DISABLED (got MAYBE)"));
        QTest::newRow("a size Fargate does not offer")
            << QStringList{QStringLiteral("register-task-definition"), QStringLiteral("--family"),
                           QStringLiteral("fg-big"), QStringLiteral("--requires-compatibilities"),
                           QStringLiteral("FARGATE"), QStringLiteral("--network-mode"), QStringLiteral("awsvpc"),
                           QStringLiteral("--cpu"), QStringLiteral("256"), QStringLiteral("--memory"),
                           QStringLiteral("4096"), QStringLiteral("--container-definitions"),
                           QStringLiteral(R"([{"name":"web","image":"fleetdeck/demo-web:1"}])")}
            << cliError(QStringLiteral("ClientException"), QStringLiteral("RegisterTaskDefinition"),
                        QStringLiteral("No Fargate configuration exists for given values: 256 CPU, 4096 memory. See "
                                       "the Amazon ECS documentation for the valid values. With 256 CPU units "
                                       "Fargate offers 512, 1024 or 2048 MiB of memory."));
        QTest::newRow("FARGATE on bridge")
            << QStringList{QStringLiteral("register-task-definition"), QStringLiteral("--family"),
                           QStringLiteral("fg-bridge-2"), QStringLiteral("--requires-compatibilities"),
                           QStringLiteral("FARGATE"), QStringLiteral("--cpu"), QStringLiteral("256"),
                           QStringLiteral("--memory"), QStringLiteral("512"), QStringLiteral("--container-definitions"),
                           QStringLiteral(R"([{"name":"web","image":"fleetdeck/demo-web:1"}])")}
            << cliError(QStringLiteral("ClientException"), QStringLiteral("RegisterTaskDefinition"),
                        QStringLiteral("networkMode: must be awsvpc when requiresCompatibilities includes FARGATE "
                                       "(got bridge, the default): each Fargate task has a network interface of its "
                                       "own"));
    }

    void refusals()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, error);
        QCOMPARE(refused(args), error);
    }
};

QTEST_GUILESS_MAIN(TestFargateApi)
#include "TestFargateApi.moc"
