// FARGATE on the real Docker engine, at teaching speed x10: a FARGATE service of three tasks behind
// a load balancer whose target group takes ip targets, each task on an address of its own
// (127.1.x.y, its ENI) serving HTTP there on its container port, then rolling from demo v1 to v2
// under concurrent clients with not one failed request; and a FARGATE_SPOT task interrupted: its
// container gets SIGTERM (the demo logs it and exits 0, not 137), the task stops with stopCode
// SpotInterruption, and its service is back at its count. All traffic stays on 127.0.0.0/8.

#include "ControlPlane.h"
#include "System.h"
#include "TestSupport.h"
#include "controllers/LoadBalancerController.h"
#include "elb/ElbArn.h"
#include "json/TaskDefinitionJson.h"
#include "ops/Clusters.h"
#include "ops/Instances.h"
#include "ops/LoadBalancers.h"
#include "ops/Services.h"
#include "ops/TargetGroups.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "registries/InstanceRegistry.h"
#include "registries/TaskRegistry.h"
#include "traffic/TrafficGenerator.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace fd;
using namespace Qt::StringLiterals;

namespace {

QByteArray fargateDefinition(const QString &family, int version)
{
    return uR"({"family": "%1", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
        "cpu": "256", "memory": "512", "containerDefinitions": [{
        "name": "web", "image": "fleetdeck/demo-web:%2", "essential": true, "stopTimeout": 5,
        "portMappings": [{"containerPort": 8080}]}]})"_s.arg(family)
        .arg(version)
        .toUtf8();
}

elb::Action forwardTo(const QString &targetGroupId)
{
    elb::Action a;
    a.type = u"forward"_s;
    a.targetGroups.append(elb::WeightedTargetGroup{targetGroupId, std::nullopt});
    return a;
}

AwsVpcConfiguration threeZones()
{
    AwsVpcConfiguration c;
    c.subnets = {u"subnet-us-east-1a"_s, u"subnet-us-east-1b"_s, u"subnet-us-east-1c"_s};
    c.securityGroups = {u"sg-0fleetdeck0000001"_s};
    return c;
}

QString dockerLogs(const QString &containerId)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(u"docker"_s, {u"logs"_s, containerId});
    p.waitForFinished(15000);
    return QString::fromUtf8(p.readAll());
}

} // namespace

class TestFargateDocker : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<System> m_system;
    const QString m_service = u"fgweb-%1"_s.arg(QCoreApplication::applicationPid());
    const QString m_spotService = u"fgspot-%1"_s.arg(QCoreApplication::applicationPid());

    ControlPlane &cp() { return m_system->controlPlane(); }

    QList<Task> liveTasks(const QString &service)
    {
        QList<Task> out;
        for (const Task *t : cp().tasks().registry().group(u"default"_s, u"service:"_s + service)) {
            if (!t->isStopped() && t->desiredStatus == TaskStatus::Running)
                out.append(*t);
        }
        return out;
    }

    int healthyTargets(const QString &targetGroupId)
    {
        int n = 0;
        for (const elb::Target &t : cp().targetGroups().targets(targetGroupId))
            n += t.state == elb::TargetHealthState::Healthy;
        return n;
    }

private slots:
    void initTestCase()
    {
        for (const QString &image : {u"fleetdeck/demo-web:1"_s, u"fleetdeck/demo-web:2"_s}) {
            QProcess p;
            p.start(u"docker"_s, {u"image"_s, u"inspect"_s, image});
            p.waitForFinished(30000);
            QVERIFY2(p.exitCode() == 0, qPrintable(image + u" is missing: run resources/scripts/build-images.sh"_s));
        }
        SystemOptions options;
        options.dataDir = m_dir.filePath(u"state"_s);
        options.speed = 10;
        options.metrics = false;
        auto system = System::create(std::move(options));
        QVERIFY2(system, system ? "" : qPrintable(system.error().message));
        m_system = std::move(system).value();
        QVERIFY(m_system->loadBalancerController());
        QTRY_VERIFY_WITH_TIMEOUT(cp().instances().registry().all().size() >= 1 &&
                                     cp().instances().registry().all().first().agentConnected,
                                 20000);
        ops::ClusterSpec spec;
        spec.capacityProviders = QStringList{u"FARGATE"_s, u"FARGATE_SPOT"_s};
        QVERIFY(cp().clusters().update(u"default"_s, spec));
    }

    void cleanupTestCase()
    {
        if (!m_system)
            return;
        for (const QString &name : {m_service, m_spotService}) {
            if (cp().services().find(u"default"_s, name))
                (void)cp().services().remove(u"default"_s, name, true);
        }
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(cp().tasks().registry().all().cbegin(),
                                             cp().tasks().registry().all().cend(),
                                             [](const Task &t) { return t.lastStatus == TaskStatus::Stopped; }),
                                 60000);
        m_system.reset();
        for (const QString &name : {m_service, m_spotService})
            fd::test::removeServiceContainers(name);
    }

    void fargateServiceRollsBehindIpTargets()
    {
        for (int v : {1, 2}) {
            auto td = json::parseTaskDefinition(fargateDefinition(u"fg-web"_s, v));
            QVERIFY2(td, td ? "" : qPrintable(td.error().message));
            QVERIFY(cp().taskDefinitions().registerNew(*td));
        }
        ops::LoadBalancerRequest lbr;
        lbr.name = u"fargate"_s;
        const auto lb = cp().loadBalancers().create(lbr);
        QVERIFY2(lb, lb ? "" : qPrintable(lb.error().message));
        ops::TargetGroupRequest tgr;
        tgr.name = u"fargate-ip"_s;
        tgr.port = 8080;
        tgr.targetType = u"ip"_s;
        tgr.healthCheck.path = u"/health"_s;
        tgr.healthCheck.intervalSeconds = 5; // 0.5 s at x10
        tgr.healthCheck.timeoutSeconds = 2;
        tgr.healthCheck.healthyThreshold = 2;
        tgr.healthCheck.unhealthyThreshold = 2;
        const auto tg = cp().targetGroups().create(tgr);
        QVERIFY2(tg, tg ? "" : qPrintable(tg.error().message));
        QVERIFY(cp().targetGroups().modifyAttributes(
            tg->id, {elb::Attribute{u"deregistration_delay.timeout_seconds"_s, u"20"_s}}));
        ops::ListenerRequest lr;
        lr.loadBalancerId = lb->id;
        lr.port = fd::test::freeLoopbackPort();
        lr.defaultActions = {forwardTo(tg->id)};
        QVERIFY(cp().loadBalancers().createListener(lr));
        const QString tgArn = elb::arn::targetGroup(cp().defaultRegion(), *tg);

        ops::ServiceRequest sr;
        sr.cluster = u"default"_s;
        sr.serviceName = m_service;
        sr.taskDefinition = u"fg-web:1"_s;
        sr.desiredCount = 3;
        sr.minimumHealthyPercent = 100;
        sr.maximumPercent = 200;
        sr.launchType = u"FARGATE"_s;
        sr.networkConfiguration = threeZones();
        sr.loadBalancers = QList<ServiceLoadBalancer>{{tgArn, u"web"_s, 8080}};
        const auto created = cp().services().create(sr);
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));

        QTRY_COMPARE_WITH_TIMEOUT(healthyTargets(tg->id), 3, 90000);
        QTRY_VERIFY_WITH_TIMEOUT(cp().services().find(u"default"_s, m_service)->isStable(), 30000);

        // Each task: FARGATE, no instance, its own address in its own zone, serving there on 8080;
        // its target is that address and the container port.
        const QList<Task> v1 = liveTasks(m_service);
        QCOMPARE(v1.size(), 3);
        QSet<QString> zones;
        QSet<QString> targetIds;
        for (const elb::Target &t : cp().targetGroups().targets(tg->id)) {
            targetIds.insert(t.id);
            QCOMPARE(t.port, 8080);
        }
        for (const Task &t : v1) {
            QVERIFY(t.isFargate());
            QVERIFY(t.containerInstanceId.isEmpty());
            QCOMPARE(t.eni->status, u"ATTACHED"_s);
            const QString address = t.eni->privateIPv4Address;
            QVERIFY2(address.startsWith(u"127.1."), qPrintable(address));
            QVERIFY(targetIds.contains(address));
            zones.insert(t.availabilityZone);
            const QByteArray direct = fd::test::httpGet(address, 8080, "/?format=json");
            QVERIFY2(direct.startsWith("HTTP/1.1 200") && direct.contains("\"revision\":\"1\""), direct.constData());
            qInfo().noquote() << u"task %1: %2:8080 in %3"_s.arg(t.id.left(8), address, t.availabilityZone);
        }
        QCOMPARE(zones.size(), 3);

        traffic::TrafficGenerator generator(&cp().clock());
        traffic::TrafficOptions options;
        options.url = u"http://127.0.0.1:%1/"_s.arg(*lr.port);
        options.concurrency = 10;
        options.ratePerSecond = 200;
        options.duration = std::chrono::seconds(150);
        options.maxRequests = 100'000;
        QVERIFY(generator.start(options));
        QTest::qWait(1000);

        ops::ServiceRequest update;
        update.cluster = u"default"_s;
        update.serviceName = m_service;
        update.taskDefinition = u"fg-web:2"_s;
        QVERIFY(cp().services().update(update));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto s = cp().services().find(u"default"_s, m_service);
                if (!s || s->deployments.size() != 1 || s->runningCount() != 3)
                    return false;
                for (const Task *t : cp().tasks().registry().group(u"default"_s, u"service:"_s + m_service)) {
                    if (t->revision == 1 && t->lastStatus != TaskStatus::Stopped)
                        return false;
                }
                return true;
            }(),
            120000);
        QTest::qWait(1500);
        generator.stop();
        QVERIFY(generator.waitForFinished(std::chrono::seconds(10)));
        const traffic::TrafficSnapshot snap = generator.snapshot();
        QString failures;
        for (const traffic::Failure &f : snap.failures)
            failures += u"\n  "_s + traffic::toString(f.cause) + u": "_s + f.detail + u" (task "_s + f.taskId + u")"_s;
        qInfo().noquote() << u"%1 requests through the load balancer during the FARGATE update, %2 failed"_s
                                 .arg(snap.completed)
                                 .arg(snap.failed);
        QVERIFY2(snap.failed == 0,
                 qPrintable(u"%1 of %2 requests failed:"_s.arg(snap.failed).arg(snap.completed) + failures));
        QVERIFY2(snap.completed > 500, qPrintable(u"only %1 requests"_s.arg(snap.completed)));
        QStringList revisions;
        for (const traffic::ServedBy &r : snap.revisions)
            revisions.append(r.id);
        QVERIFY2(revisions.contains(u"1"_s) && revisions.contains(u"2"_s), qPrintable(revisions.join(u',')));

        // The old tasks' ENIs are detached; the new ones answer on their own addresses.
        for (const Task &t : v1)
            QCOMPARE(cp().tasks().find({}, t.id)->eni->status, u"DELETED"_s);
        for (const Task &t : liveTasks(m_service)) {
            const QByteArray direct = fd::test::httpGet(t.eni->privateIPv4Address, 8080, "/?format=json");
            QVERIFY2(direct.contains("\"revision\":\"2\""), direct.constData());
        }
    }

    void spotInterruptionStopsWithSigterm()
    {
        auto td = json::parseTaskDefinition(fargateDefinition(u"fg-spot"_s, 1));
        QVERIFY(td);
        QVERIFY(cp().taskDefinitions().registerNew(*td));
        ops::ServiceRequest sr;
        sr.cluster = u"default"_s;
        sr.serviceName = m_spotService;
        sr.taskDefinition = u"fg-spot:1"_s;
        sr.desiredCount = 2;
        sr.capacityProviderStrategy = QList<CapacityProviderStrategyItem>{{u"FARGATE_SPOT"_s, 1, 0}};
        sr.networkConfiguration = threeZones();
        const auto created = cp().services().create(sr);
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QList<Task> ts = liveTasks(m_spotService);
                return ts.size() == 2 && std::all_of(ts.begin(), ts.end(),
                                                     [](const Task &t) { return t.lastStatus == TaskStatus::Running; });
            }(),
            60000);
        const Task victim = liveTasks(m_spotService).front();
        QCOMPARE(victim.capacityProviderName, u"FARGATE_SPOT"_s);
        const QString containerId = victim.containers.front().runtimeId;
        QVERIFY(cp().tasks().interruptSpot(u"default"_s, victim.id));
        QTRY_VERIFY_WITH_TIMEOUT(cp().tasks().find({}, victim.id)->isStopped(), 60000);
        const Task stopped = *cp().tasks().find({}, victim.id);
        QCOMPARE(toString(stopped.stopCode), u"SpotInterruption"_s);
        QCOMPARE(stopped.stoppedReason, u"Your Spot Task was interrupted."_s);
        QCOMPARE(stopped.eni->status, u"DELETED"_s);
        // SIGTERM, not SIGKILL: the demo logged it and exited by itself.
        const QString logs = dockerLogs(containerId);
        QVERIFY2(logs.contains(u"received SIGTERM"_s), qPrintable(logs));
        QCOMPARE(stopped.containers.front().exitCode.value_or(-1), 0);
        // The service is back at its count.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QList<Task> ts = liveTasks(m_spotService);
                return ts.size() == 2 && std::all_of(ts.begin(), ts.end(),
                                                     [](const Task &t) { return t.lastStatus == TaskStatus::Running; });
            }(),
            60000);
    }
};

QTEST_GUILESS_MAIN(TestFargateDocker)
#include "TestFargateDocker.moc"
