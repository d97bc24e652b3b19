// The ECS handlers' FARGATE and awsvpc members behind the router, without the aws CLI: JSON requests in,
// answers decoded again. RunTask and CreateService pass launchType, capacityProviderStrategy,
// platformVersion and networkConfiguration to the control plane and describe what it made as ECS
// does; members of the wrong shape are refused naming them; StartTask stays EC2. (TestFargateApi and
// scenario_boto3.py drive the same with the real aws CLI and boto3.)

#include "ControlPlane.h"
#include "api/ApiRouter.h"
#include "api/AwsJsonProtocol.h"
#include "api/ecs/EcsService.h"
#include "ops/Engines.h"
#include "ops/Instances.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace fd;
using namespace fd::api;
using nlohmann::json;

class TestEcsFargateHandlers : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ControlPlane> m_cp;
    ApiRouter m_router;
    QString m_zone;

    Result<json> call(const std::string &operation, const json &params)
    {
        ApiRequest r;
        r.service = ecs::kTargetPrefix;
        r.operation = operation;
        r.region = "eu-west-1";
        r.params = params;
        return decodeAwsJsonResponse(m_router.handle(encodeAwsJsonRequest(r, "1.1", "ecs"), m_cp.get()));
    }

    json ok(const std::string &operation, const json &params)
    {
        const Result<json> r = call(operation, params);
        if (!r) {
            qWarning("%s: %s: %s", operation.c_str(), qPrintable(r.error().code), qPrintable(r.error().message));
            return json();
        }
        return r.value();
    }

    QString failure(const std::string &operation, const json &params)
    {
        const Result<json> r = call(operation, params);
        return r ? QStringLiteral("succeeded") : r.error().code + QStringLiteral(": ") + r.error().message;
    }

    json network() const
    {
        return {{"awsvpcConfiguration",
                 {{"subnets", {"subnet-" + m_zone.toStdString()}}, {"securityGroups", {"sg-0a1b2c3d"}}}}};
    }

    static std::string detail(const json &task, const std::string &name)
    {
        for (const json &a : task.value("attachments", json::array())) {
            for (const json &d : a["details"]) {
                if (d["name"] == name)
                    return d["value"].get<std::string>();
            }
        }
        return {};
    }

private slots:
    void initTestCase() { m_router.add(ecs::ecsService()); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        auto cp = ControlPlane::open(m_dir->path(), std::make_shared<ManualClock>());
        QVERIFY(cp);
        m_cp = std::move(cp).value();
        QVERIFY(m_cp->engines().add(QStringLiteral("sim"), Engine::Kind::Simulated, {}));
        QVERIFY(m_cp->createDefaultLayout(QStringLiteral("sim")));
        m_zone = m_cp->instances().availabilityZones().value(1);
        QVERIFY(!m_zone.isEmpty());
        QVERIFY(!ok("RegisterTaskDefinition",
                    {{"family", "fg"},
                     {"networkMode", "awsvpc"},
                     {"requiresCompatibilities", {"FARGATE"}},
                     {"cpu", "0.25 vCPU"},
                     {"memory", "0.5GB"},
                     {"containerDefinitions",
                      {{{"name", "web"}, {"image", "fleetdeck/demo-web:1"}, {"portMappings", {{{"containerPort", 8080}}}}}}}})
                     .is_null());
        QVERIFY(!ok("CreateCluster", {{"clusterName", "fg"}, {"capacityProviders", {"FARGATE", "FARGATE_SPOT"}}}).is_null());
    }

    void cleanup() { m_cp.reset(); }

    void runTaskOnFargate()
    {
        const json run = ok("RunTask", {{"cluster", "fg"},
                                        {"taskDefinition", "fg"},
                                        {"launchType", "FARGATE"},
                                        {"platformVersion", "1.3.0"},
                                        {"networkConfiguration", network()}});
        QCOMPARE(run["tasks"].size(), std::size_t(1));
        const json t = ok("DescribeTasks", {{"cluster", "fg"}, {"tasks", {run["tasks"][0]["taskArn"]}}})["tasks"][0];
        QVERIFY2(t["launchType"] == json("FARGATE"), t["launchType"].dump().c_str());
        QVERIFY(!t.contains("containerInstanceArn"));
        QVERIFY2(t["platformVersion"] == json("1.3.0"), t["platformVersion"].dump().c_str());
        QVERIFY2(t["platformFamily"] == json("Linux"), t["platformFamily"].dump().c_str());
        QCOMPARE(t["availabilityZone"].get<std::string>(), m_zone.toStdString());
        QVERIFY2(t["attachments"][0]["type"] == json("ElasticNetworkInterface"), t["attachments"][0]["type"].dump().c_str());
        QCOMPARE(detail(t, "subnetId"), "subnet-" + m_zone.toStdString());
        QVERIFY(QString::fromStdString(detail(t, "privateIPv4Address")).startsWith(u"127."));
        QCOMPARE(t["containers"][0]["networkInterfaces"][0]["privateIpv4Address"].get<std::string>(),
                 detail(t, "privateIPv4Address"));
        QVERIFY2(t["cpu"] == json("256"), t["cpu"].dump().c_str());
        QVERIFY2(t["memory"] == json("512"), t["memory"].dump().c_str());

        // A strategy: the provider shows as capacityProviderName.
        const json spot = ok("RunTask", {{"cluster", "fg"},
                                         {"taskDefinition", "fg"},
                                         {"capacityProviderStrategy", {{{"capacityProvider", "FARGATE_SPOT"}, {"weight", 1}}}},
                                         {"networkConfiguration", network()}});
        QVERIFY2(spot["tasks"][0]["capacityProviderName"] == json("FARGATE_SPOT"), spot["tasks"][0]["capacityProviderName"].dump().c_str());
        QVERIFY2(spot["tasks"][0]["launchType"] == json("FARGATE"), spot["tasks"][0]["launchType"].dump().c_str());

        // ListTasks filters by launch type.
        QCOMPARE(ok("ListTasks", {{"cluster", "fg"}, {"launchType", "FARGATE"}})["taskArns"].size(), std::size_t(2));
        QCOMPARE(ok("ListTasks", {{"cluster", "fg"}, {"launchType", "EC2"}})["taskArns"].size(), std::size_t(0));
    }

    void serviceReadsBack()
    {
        json create = {{"cluster", "fg"},       {"serviceName", "web"},           {"taskDefinition", "fg"},
                       {"desiredCount", 1},      {"launchType", "FARGATE"},        {"networkConfiguration", network()}};
        const json s = ok("CreateService", create)["service"];
        QVERIFY2(s["launchType"] == json("FARGATE"), s["launchType"].dump().c_str());
        QVERIFY2(s["platformVersion"] == json("LATEST"), s["platformVersion"].dump().c_str());
        QVERIFY2(s["platformFamily"] == json("Linux"), s["platformFamily"].dump().c_str());
        json filled = network();
        filled["awsvpcConfiguration"]["assignPublicIp"] = "DISABLED";
        QVERIFY2(s["networkConfiguration"] == filled, s["networkConfiguration"].dump().c_str());
        QVERIFY2(s["deployments"][0]["launchType"] == json("FARGATE"), s["deployments"][0]["launchType"].dump().c_str());
        QVERIFY(s["deployments"][0]["networkConfiguration"] == filled);
        // Another strategy: it replaces the launch type, and describes back.
        const json strategy = {{{"capacityProvider", "FARGATE_SPOT"}, {"weight", 2}, {"base", 0}}};
        ok("UpdateService", {{"cluster", "fg"}, {"service", "web"}, {"capacityProviderStrategy", strategy}});
        const json u = ok("DescribeServices", {{"cluster", "fg"}, {"services", {"web"}}})["services"][0];
        QVERIFY2(u["capacityProviderStrategy"] == strategy, u.dump().c_str());
        QVERIFY(!u.contains("launchType"));
        // The service deployments API: the service's launch settings, not EC2.
        const json listed = ok("ListServiceDeployments", {{"cluster", "fg"}, {"service", "web"}});
        QVERIFY(!listed.is_null());
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("params");
        QTest::addColumn<QString>("error");
        QTest::newRow("networkConfiguration not an object")
            << "RunTask" << R"({"cluster":"fg","taskDefinition":"fg","networkConfiguration":"subnet-a"})"
            << "InvalidParameterException: networkConfiguration: must be a structure (an object) with "
               "awsvpcConfiguration";
        QTest::newRow("unknown member of networkConfiguration")
            << "RunTask" << R"({"cluster":"fg","taskDefinition":"fg","networkConfiguration":{"vpc":{}}})"
            << "InvalidParameterException: networkConfiguration.vpc: is not a member of a network configuration "
               "(awsvpcConfiguration is)";
        QTest::newRow("subnets not a list")
            << "RunTask"
            << R"({"cluster":"fg","taskDefinition":"fg","networkConfiguration":{"awsvpcConfiguration":{"subnets":"subnet-a"}}})"
            << "InvalidParameterException: networkConfiguration.awsvpcConfiguration.subnets: must be a list of strings";
        QTest::newRow("assignPublicIp")
            << "RunTask"
            << R"({"cluster":"fg","taskDefinition":"fg","launchType":"FARGATE","networkConfiguration":{"awsvpcConfiguration":{"subnets":["subnet-a"],"assignPublicIp":"yes"}}})"
            << "InvalidParameterException: networkConfiguration.awsvpcConfiguration.assignPublicIp: must be ENABLED or "
               "DISABLED (got yes)";
        QTest::newRow("EXTERNAL")
            << "RunTask" << R"({"cluster":"fg","taskDefinition":"fg","launchType":"EXTERNAL"})"
            << "InvalidParameterException: launchType: EXTERNAL is not available: Fleetdeck runs tasks on its own "
               "container instances (EC2) and on Fargate (FARGATE)";
        QTest::newRow("unknown launch type")
            << "CreateService" << R"({"cluster":"fg","serviceName":"x","taskDefinition":"fg","launchType":"fargate"})"
            << "InvalidParameterException: launchType: must be EC2 or FARGATE (got fargate)";
        QTest::newRow("StartTask on FARGATE")
            << "StartTask" << R"({"cluster":"fg","taskDefinition":"fg","launchType":"FARGATE","containerInstances":["x"]})"
            << "InvalidParameterException: launchType: StartTask starts tasks on the container instances you name "
               "(EC2 only); to run a task on FARGATE use RunTask with launchType FARGATE";
        QTest::newRow("UpdateService launchType")
            << "UpdateService" << R"({"cluster":"fg","service":"x","launchType":"EC2"})"
            << "InvalidParameterException: launchType: a service keeps the launch type it was created with; "
               "UpdateService changes how its tasks launch through capacityProviderStrategy";
        QTest::newRow("no network configuration (the control plane's words)")
            << "RunTask" << R"({"cluster":"fg","taskDefinition":"fg","launchType":"FARGATE"})"
            << "InvalidParameterException: Network Configuration must be provided when networkMode 'awsvpc' is "
               "specified.";
    }

    void refusals()
    {
        QFETCH(QString, operation);
        QFETCH(QString, params);
        QFETCH(QString, error);
        QCOMPARE(failure(operation.toStdString(), json::parse(params.toStdString())), error);
    }
};

QTEST_GUILESS_MAIN(TestEcsFargateHandlers)
#include "TestEcsFargateHandlers.moc"
