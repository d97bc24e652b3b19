// The JSON codecs of the FARGATE and awsvpc fields: the store documents of tasks and services keep
// every new field and read it back, documents written before FARGATE read as EC2, and the API
// shapes (networkConfiguration, capacityProviderStrategy, the ENI attachment) are ECS's.

#include "json/NetworkJson.h"
#include "json/ServiceJson.h"
#include "json/TaskJson.h"

#include <QTest>

#include <nlohmann/json.hpp>

using namespace fd;
using Json = nlohmann::json;

namespace {

AwsVpcConfiguration vpc()
{
    AwsVpcConfiguration c;
    c.subnets = {QStringLiteral("subnet-us-east-1b"), QStringLiteral("subnet-0a1b2c3d")};
    c.securityGroups = {QStringLiteral("sg-0123456789abcdef0")};
    c.assignPublicIp = true;
    return c;
}

NetworkInterface eni()
{
    NetworkInterface e;
    e.attachmentId = QStringLiteral("a1b2c3d4-0000-4000-8000-000000000001");
    e.status = QStringLiteral("ATTACHED");
    e.eniId = QStringLiteral("eni-0123456789abcdef0");
    e.subnetId = QStringLiteral("subnet-us-east-1b");
    e.privateIPv4Address = QStringLiteral("127.1.0.5");
    e.macAddress = QStringLiteral("0a:12:34:56:78:9a");
    return e;
}

Task fargateTask()
{
    Task t;
    t.id = QStringLiteral("0123456789abcdef0123456789abcdef");
    t.cluster = QStringLiteral("demo");
    t.family = QStringLiteral("web");
    t.revision = 3;
    t.group = QStringLiteral("family:web");
    t.launchType = QStringLiteral("FARGATE");
    t.capacityProviderName = QStringLiteral("FARGATE_SPOT");
    t.platformVersion = QStringLiteral("1.4.0");
    t.engineId = QStringLiteral("local");
    t.availabilityZone = QStringLiteral("us-east-1b");
    t.networkConfiguration = vpc();
    t.eni = eni();
    t.lastStatus = TaskStatus::Running;
    t.cpu = 256;
    t.memory = 512;
    return t;
}

Service fargateService()
{
    Service v;
    v.name = QStringLiteral("web");
    v.cluster = QStringLiteral("demo");
    v.family = QStringLiteral("web");
    v.revision = 3;
    v.desiredCount = 2;
    v.launchType.clear(); // a strategy chooses
    v.capacityProviderStrategy = {{QStringLiteral("FARGATE"), 1, 1}, {QStringLiteral("FARGATE_SPOT"), 3, 0}};
    v.platformVersion = QStringLiteral("LATEST");
    v.networkConfiguration = vpc();
    return v;
}

} // namespace

class TestFargateJson : public QObject
{
    Q_OBJECT

private slots:
    void taskStoreKeepsLaunchSettings()
    {
        const Task t = fargateTask();
        const auto back = json::fromStoreJson(json::toStoreJson(t));
        QVERIFY(back);
        const Task &b = back.value();
        QCOMPARE(b.launchType, QStringLiteral("FARGATE"));
        QCOMPARE(b.capacityProviderName, QStringLiteral("FARGATE_SPOT"));
        QCOMPARE(b.platformVersion, QStringLiteral("1.4.0"));
        QCOMPARE(b.engineId, QStringLiteral("local"));
        QCOMPARE(b.availabilityZone, QStringLiteral("us-east-1b"));
        QVERIFY(b.networkConfiguration);
        QCOMPARE(*b.networkConfiguration, vpc());
        QVERIFY(b.eni);
        QCOMPARE(*b.eni, eni());
        QVERIFY(b.isFargate());
        QVERIFY(b.isPlaced());
        QCOMPARE(json::toStoreJson(b), json::toStoreJson(t));
    }

    void taskStoreKeepsAbsentNetwork()
    {
        Task t = fargateTask();
        t.launchType = QStringLiteral("EC2");
        t.capacityProviderName.clear();
        t.platformVersion.clear();
        t.engineId.clear();
        t.networkConfiguration.reset();
        t.eni.reset();
        const auto back = json::fromStoreJson(json::toStoreJson(t));
        QVERIFY(back);
        QCOMPARE(back.value().launchType, QStringLiteral("EC2"));
        QVERIFY(!back.value().networkConfiguration);
        QVERIFY(!back.value().eni);
        // An empty configuration (no security groups, DISABLED) is still a configuration.
        t.networkConfiguration = AwsVpcConfiguration{{QStringLiteral("subnet-1")}, {}, false};
        const auto again = json::fromStoreJson(json::toStoreJson(t));
        QVERIFY(again);
        QVERIFY(again.value().networkConfiguration);
        QCOMPARE(*again.value().networkConfiguration, *t.networkConfiguration);
    }

    void taskDocumentBeforeFargateReadsAsEc2()
    {
        Json doc = Json::parse(json::toStoreJson(fargateTask()).toStdString());
        for (const char *key : {"launchType", "capacityProviderName", "platformVersion", "engineId",
                                "availabilityZone", "networkConfiguration", "eni"})
            doc.erase(key);
        const auto back = json::fromStoreJson(QByteArray::fromStdString(doc.dump()));
        QVERIFY(back);
        QCOMPARE(back.value().launchType, QStringLiteral("EC2"));
        QVERIFY(back.value().capacityProviderName.isEmpty());
        QVERIFY(!back.value().networkConfiguration);
        QVERIFY(!back.value().eni);
    }

    void serviceStoreKeepsLaunchSettings()
    {
        const Service v = fargateService();
        const auto back = json::serviceFromStoreJson(json::toStoreJson(v));
        QVERIFY(back);
        const Service &b = back.value();
        QCOMPARE(b.launchType, QString());
        QCOMPARE(b.capacityProviderStrategy, v.capacityProviderStrategy);
        QCOMPARE(b.platformVersion, QStringLiteral("LATEST"));
        QVERIFY(b.networkConfiguration);
        QCOMPARE(*b.networkConfiguration, vpc());
        QCOMPARE(json::toStoreJson(b), json::toStoreJson(v));

        Service fargate = v;
        fargate.launchType = QStringLiteral("FARGATE");
        fargate.capacityProviderStrategy.clear();
        const auto back2 = json::serviceFromStoreJson(json::toStoreJson(fargate));
        QVERIFY(back2);
        QCOMPARE(back2.value().launchType, QStringLiteral("FARGATE"));
        QVERIFY(back2.value().capacityProviderStrategy.isEmpty());
    }

    void serviceDocumentBeforeFargateReadsAsEc2()
    {
        Json doc = Json::parse(json::toStoreJson(fargateService()).toStdString());
        for (const char *key : {"launchType", "capacityProviderStrategy", "platformVersion", "networkConfiguration"})
            doc.erase(key);
        const auto back = json::serviceFromStoreJson(QByteArray::fromStdString(doc.dump()));
        QVERIFY(back);
        QCOMPARE(back.value().launchType, QStringLiteral("EC2"));
        QVERIFY(back.value().capacityProviderStrategy.isEmpty());
        QVERIFY(back.value().platformVersion.isEmpty());
        QVERIFY(!back.value().networkConfiguration);
    }

    void networkConfigurationShape()
    {
        const Json j = json::networkConfigurationJson(vpc());
        QCOMPARE(j.dump(), std::string(R"({"awsvpcConfiguration":{"assignPublicIp":"ENABLED",)"
                                       R"("securityGroups":["sg-0123456789abcdef0"],)"
                                       R"("subnets":["subnet-us-east-1b","subnet-0a1b2c3d"]}})"));
        QVERIFY(!json::networkConfigurationFrom(Json()));
        QVERIFY(!json::networkConfigurationFrom(Json::object()));
    }

    void eniAttachmentShape()
    {
        const Json a = json::eniAttachmentJson(eni());
        QCOMPARE(a["type"].get<std::string>(), std::string("ElasticNetworkInterface"));
        QCOMPARE(a["status"].get<std::string>(), std::string("ATTACHED"));
        QCOMPARE(a["id"].get<std::string>(), eni().attachmentId.toStdString());
        std::map<std::string, std::string> details;
        std::vector<std::string> order;
        for (const Json &d : a["details"]) {
            details[d["name"].get<std::string>()] = d["value"].get<std::string>();
            order.push_back(d["name"].get<std::string>());
        }
        QCOMPARE(order, (std::vector<std::string>{"subnetId", "networkInterfaceId", "macAddress", "privateDnsName",
                                                  "privateIPv4Address"}));
        QCOMPARE(details["privateDnsName"], std::string("ip-127-1-0-5.ec2.internal"));
        QCOMPARE(details["privateIPv4Address"], std::string("127.1.0.5"));
        QCOMPARE(details["networkInterfaceId"], std::string("eni-0123456789abcdef0"));
    }

    // DescribeTasks' shape of a FARGATE task: no container instance, the ENI as an attachment and as
    // each container's network interface, the platform, the zone of its subnet, the provider.
    void describeFargateTask()
    {
        Task t = fargateTask();
        t.containers = {TaskContainer{}};
        t.containers[0].name = QStringLiteral("web");
        const Json d = json::describeTaskJson(t, QStringLiteral("us-east-1"));
        QVERIFY(!d.contains("containerInstanceArn"));
        QCOMPARE(d["launchType"].get<std::string>(), std::string("FARGATE"));
        QCOMPARE(d["capacityProviderName"].get<std::string>(), std::string("FARGATE_SPOT"));
        QCOMPARE(d["platformVersion"].get<std::string>(), std::string("1.4.0"));
        QCOMPARE(d["platformFamily"].get<std::string>(), std::string("Linux"));
        QCOMPARE(d["availabilityZone"].get<std::string>(), std::string("us-east-1b"));
        QCOMPARE(d["attachments"].size(), std::size_t(1));
        QVERIFY(d["attachments"][0] == json::eniAttachmentJson(eni()));
        QCOMPARE(d["containers"][0]["networkInterfaces"].dump(),
                 std::string(R"([{"attachmentId":"a1b2c3d4-0000-4000-8000-000000000001",)"
                             R"("privateIpv4Address":"127.1.0.5"}])"));

        // An EC2 task on an instance: its ARN, no platform, no attachment.
        Task ec2 = fargateTask();
        ec2.launchType = QStringLiteral("EC2");
        ec2.capacityProviderName.clear();
        ec2.platformVersion.clear();
        ec2.engineId.clear();
        ec2.availabilityZone.clear();
        ec2.networkConfiguration.reset();
        ec2.eni.reset();
        ec2.containerInstanceId = QStringLiteral("0123456789abcdef0123456789abcdef");
        const Json e = json::describeTaskJson(ec2, QStringLiteral("us-east-1"));
        QVERIFY(e.contains("containerInstanceArn"));
        for (const char *key : {"platformVersion", "platformFamily", "capacityProviderName", "availabilityZone"})
            QVERIFY2(!e.contains(key), key);
        QVERIFY(e["attachments"].empty());
    }

    // DescribeServices: what the client wrote, ECS's defaults filled, on the service and its deployments.
    void describeFargateService()
    {
        Service v = fargateService();
        v.launchType = QStringLiteral("FARGATE");
        v.capacityProviderStrategy.clear();
        v.platformVersion.clear(); // not given: LATEST
        v.networkConfiguration = AwsVpcConfiguration{{QStringLiteral("subnet-1")}, {}, false};
        Deployment d;
        d.id = QStringLiteral("ecs-svc/1234567890123456789");
        d.family = v.family;
        d.revision = v.revision;
        v.deployments = {d};
        const Json s = json::describeServiceJson(v, QStringLiteral("us-east-1"));
        const std::string network =
            R"({"awsvpcConfiguration":{"assignPublicIp":"DISABLED","securityGroups":[],"subnets":["subnet-1"]}})";
        for (const Json &j : {s, s["deployments"][0]}) {
            QCOMPARE(j["launchType"].get<std::string>(), std::string("FARGATE"));
            QCOMPARE(j["platformVersion"].get<std::string>(), std::string("LATEST"));
            QCOMPARE(j["platformFamily"].get<std::string>(), std::string("Linux"));
            QCOMPARE(j["networkConfiguration"].dump(), network);
            QVERIFY(!j.contains("capacityProviderStrategy"));
        }

        // A strategy instead of a launch type: no launchType member.
        const Json p = json::describeServiceJson(fargateService(), QStringLiteral("us-east-1"));
        QVERIFY(!p.contains("launchType"));
        QCOMPARE(p["capacityProviderStrategy"].dump(),
                 std::string(R"([{"base":1,"capacityProvider":"FARGATE","weight":1},)"
                             R"({"base":0,"capacityProvider":"FARGATE_SPOT","weight":3}])"));
        QCOMPARE(p["platformVersion"].get<std::string>(), std::string("LATEST"));

        // EC2: launchType EC2, nothing of Fargate's.
        Service ec2;
        ec2.name = QStringLiteral("web");
        ec2.cluster = QStringLiteral("demo");
        const Json e = json::describeServiceJson(ec2, QStringLiteral("us-east-1"));
        QCOMPARE(e["launchType"].get<std::string>(), std::string("EC2"));
        for (const char *key : {"platformVersion", "platformFamily", "networkConfiguration", "capacityProviderStrategy"})
            QVERIFY2(!e.contains(key), key);
    }
};

QTEST_GUILESS_MAIN(TestFargateJson)
#include "TestFargateJson.moc"
