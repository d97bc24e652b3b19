// A service behind the load balancer on the real Docker engine, at teaching speed x10: four tasks of
// demo v1 registered in a target group, health-checked on /health, serving real HTTP through the
// proxy on 127.0.0.1; then a rolling update to v2 under 20 concurrent clients: not one request fails,
// the traffic moves from revision 1 to revision 2, and the service's events tell the ECS story
// (registered, deregistered, draining). Also: a listener whose target group has no target answers 503.

#include "ControlPlane.h"
#include "System.h"
#include "TestSupport.h"
#include "controllers/LoadBalancerController.h"
#include "elb/ElbArn.h"
#include "json/TaskDefinitionJson.h"
#include "ops/Instances.h"
#include "ops/ListenerRules.h"
#include "registries/InstanceRegistry.h"
#include "ops/LoadBalancers.h"
#include "ops/Services.h"
#include "ops/TargetGroups.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "registries/TaskRegistry.h"
#include "traffic/TrafficGenerator.h"

#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace fd;
using namespace Qt::StringLiterals;

namespace {

QByteArray webDefinition(int version)
{
    return uR"({"family": "lb-web", "containerDefinitions": [{
        "name": "web", "image": "fleetdeck/demo-web:%1", "cpu": 128, "memory": 64, "stopTimeout": 5,
        "portMappings": [{"containerPort": 8080, "hostPort": 0}]}]})"_s.arg(version).toUtf8();
}

elb::Action forwardTo(const QString &targetGroupId)
{
    elb::Action a;
    a.type = u"forward"_s;
    a.targetGroups.append(elb::WeightedTargetGroup{targetGroupId, std::nullopt});
    return a;
}

} // namespace

class TestLoadBalancedService : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<System> m_system;
    QString m_service = u"lbweb-%1"_s.arg(QCoreApplication::applicationPid());
    QStringList m_extraServices;

    ControlPlane &cp() { return m_system->controlPlane(); }

    int healthyTargets(const QString &targetGroupId)
    {
        int n = 0;
        for (const elb::Target &t : cp().targetGroups().targets(targetGroupId))
            n += t.state == elb::TargetHealthState::Healthy;
        return n;
    }

    QStringList eventMessages()
    {
        QStringList out;
        if (const auto s = cp().services().find(u"default"_s, m_service)) {
            for (const ServiceEvent &e : s->events)
                out.prepend(e.message);
        }
        return out;
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
        // The default layout's instances connect to the engine.
        QTRY_VERIFY_WITH_TIMEOUT(cp().instances().registry().all().size() >= 1 &&
                                     cp().instances().registry().all().first().agentConnected,
                                 20000);
    }

    void cleanupTestCase()
    {
        if (!m_system)
            return;
        const QStringList names = QStringList{m_service} + m_extraServices;
        for (const QString &name : names)
            if (auto removed = cp().services().remove(u"default"_s, name, true); !removed)
                qWarning().noquote() << "clean-up:" << removed.error().message;
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(cp().tasks().registry().all().cbegin(), cp().tasks().registry().all().cend(),
                                             [](const Task &t) { return t.lastStatus == TaskStatus::Stopped; }),
                                 60000);
        m_system.reset();
        // Stopped tasks keep their exited containers (as ECS does for a while): remove this test's.
        for (const QString &name : names)
            fd::test::removeServiceContainers(name);
    }

    void noTargetsAnswers503()
    {
        ops::LoadBalancerRequest lbr;
        lbr.name = u"empty"_s;
        const auto lb = cp().loadBalancers().create(lbr);
        QVERIFY2(lb, lb ? "" : qPrintable(lb.error().message));
        ops::TargetGroupRequest tgr;
        tgr.name = u"nobody"_s;
        tgr.port = 8080;
        const auto tg = cp().targetGroups().create(tgr);
        QVERIFY(tg);
        ops::ListenerRequest lr;
        lr.loadBalancerId = lb->id;
        lr.port = fd::test::freeLoopbackPort();
        lr.defaultActions = {forwardTo(tg->id)};
        const auto listener = cp().loadBalancers().createListener(lr);
        QVERIFY2(listener, listener ? "" : qPrintable(listener.error().message));
        m_system->loadBalancerController()->reconcileNow();
        QTRY_VERIFY_WITH_TIMEOUT(fd::test::httpGet(u"127.0.0.1"_s, quint16(*lr.port), "/").startsWith("HTTP/1.1 503"), 5000);
    }

    // The seed's two apps behind one listener: "Edges" at / and "CubeBuster" at /cubebuster*, sharing
    // the instances; each path reaches only its own service's tasks.
    void pathRoutingToTwoServices()
    {
        auto edges = json::parseTaskDefinition(uR"({"family": "edges", "containerDefinitions": [{
            "name": "web", "image": "fleetdeck/demo-web:1", "cpu": 64, "memory": 32,
            "portMappings": [{"containerPort": 8080, "hostPort": 0}]}]})"_s.toUtf8());
        auto cube = json::parseTaskDefinition(uR"({"family": "cubebuster", "containerDefinitions": [{
            "name": "web", "image": "fleetdeck/demo-web:2", "cpu": 64, "memory": 32,
            "environment": [{"name": "BASE_PATH", "value": "/cubebuster"}],
            "portMappings": [{"containerPort": 8080, "hostPort": 0}]}]})"_s.toUtf8());
        QVERIFY(edges && cube);
        QVERIFY(cp().taskDefinitions().registerNew(*edges));
        QVERIFY(cp().taskDefinitions().registerNew(*cube));
        ops::LoadBalancerRequest lbr;
        lbr.name = u"two-apps"_s;
        const auto lb = cp().loadBalancers().create(lbr);
        QVERIFY(lb);
        QString tgIds[2];
        const char *names[2] = {"edges", "cubebuster"};
        for (int i = 0; i < 2; ++i) {
            ops::TargetGroupRequest tgr;
            tgr.name = QString::fromLatin1(names[i]);
            tgr.port = 8080;
            tgr.healthCheck.path = i == 0 ? u"/health"_s : u"/cubebuster/health"_s;
            tgr.healthCheck.intervalSeconds = 5;
            tgr.healthCheck.timeoutSeconds = 2;
            const auto tg = cp().targetGroups().create(tgr);
            QVERIFY2(tg, tg ? "" : qPrintable(tg.error().message));
            QVERIFY(cp().targetGroups().modifyAttributes(
                tg->id, {elb::Attribute{u"deregistration_delay.timeout_seconds"_s, u"0"_s}}));
            tgIds[i] = tg->id;
        }
        ops::ListenerRequest lr;
        lr.loadBalancerId = lb->id;
        lr.port = fd::test::freeLoopbackPort();
        lr.defaultActions = {forwardTo(tgIds[0])};
        const auto listener = cp().loadBalancers().createListener(lr);
        QVERIFY(listener);
        ops::RuleRequest rule;
        rule.listenerId = listener->id;
        rule.priority = 10;
        elb::Condition path;
        path.field = u"path-pattern"_s;
        path.values = {u"/cubebuster*"_s};
        rule.conditions = {path};
        rule.actions = {forwardTo(tgIds[1])};
        const auto created = cp().listenerRules().create(rule);
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));

        for (int i = 0; i < 2; ++i) {
            ops::ServiceRequest sr;
            sr.cluster = u"default"_s;
            sr.serviceName = m_service + u'-' + QString::fromLatin1(names[i]);
            sr.taskDefinition = QString::fromLatin1(names[i]) + u":1"_s;
            sr.desiredCount = 2;
            const auto tg = cp().targetGroups().find(tgIds[i]);
            sr.loadBalancers = QList<ServiceLoadBalancer>{
                {elb::arn::targetGroup(cp().defaultRegion(), *tg), u"web"_s, 8080}};
            const auto s = cp().services().create(sr);
            QVERIFY2(s, s ? "" : qPrintable(s.error().message));
            m_extraServices.append(sr.serviceName);
        }
        QTRY_COMPARE_WITH_TIMEOUT(healthyTargets(tgIds[0]), 2, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(healthyTargets(tgIds[1]), 2, 60000);
        // demo-web:1 answers revision 1, :2 revision 2: the path decides which app answers.
        for (int i = 0; i < 6; ++i) {
            const QByteArray edgesAnswer = fd::test::httpGet(u"127.0.0.1"_s, quint16(*lr.port), "/?format=json");
            QVERIFY2(edgesAnswer.startsWith("HTTP/1.1 200") && edgesAnswer.contains("\"revision\":\"1\""),
                     edgesAnswer.constData());
            const QByteArray cubeAnswer = fd::test::httpGet(u"127.0.0.1"_s, quint16(*lr.port), "/cubebuster?format=json");
            QVERIFY2(cubeAnswer.startsWith("HTTP/1.1 200") && cubeAnswer.contains("\"revision\":\"2\""),
                     cubeAnswer.constData());
        }
    }

    void rollingUpdateUnderTrafficFailsNoRequest()
    {
        auto v1 = json::parseTaskDefinition(webDefinition(1));
        auto v2 = json::parseTaskDefinition(webDefinition(2));
        QVERIFY(v1 && v2);
        QVERIFY(cp().taskDefinitions().registerNew(*v1));
        QVERIFY(cp().taskDefinitions().registerNew(*v2));

        ops::LoadBalancerRequest lbr;
        lbr.name = u"rolling"_s;
        const auto lb = cp().loadBalancers().create(lbr);
        QVERIFY(lb);
        ops::TargetGroupRequest tgr;
        tgr.name = u"rolling"_s;
        tgr.port = 8080;
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
        sr.taskDefinition = u"lb-web:1"_s;
        sr.desiredCount = 4;
        sr.minimumHealthyPercent = 100;
        sr.maximumPercent = 150;
        sr.loadBalancers = QList<ServiceLoadBalancer>{{tgArn, u"web"_s, 8080}};
        const auto created = cp().services().create(sr);
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));

        QTRY_COMPARE_WITH_TIMEOUT(healthyTargets(tg->id), 4, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(cp().services().find(u"default"_s, m_service)->isStable(), 30000);
        QVERIFY(fd::test::httpGet(u"127.0.0.1"_s, quint16(*lr.port), "/?format=json").contains("\"revision\":\"1\""));

        traffic::TrafficGenerator generator(&cp().clock());
        traffic::TrafficOptions options;
        options.url = u"http://127.0.0.1:%1/"_s.arg(*lr.port);
        options.concurrency = 20;
        options.ratePerSecond = 400;
        options.duration = std::chrono::seconds(150);
        options.maxRequests = 1'000'000;
        QVERIFY(generator.start(options));
        QTest::qWait(1000);

        ops::ServiceRequest update;
        update.cluster = u"default"_s;
        update.serviceName = m_service;
        update.taskDefinition = u"lb-web:2"_s;
        QVERIFY(cp().services().update(update));
        // Done: one deployment again, every old task STOPPED.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto s = cp().services().find(u"default"_s, m_service);
                if (!s || s->deployments.size() != 1 || s->runningCount() != 4)
                    return false;
                for (const Task *t : cp().tasks().registry().group(u"default"_s, u"service:"_s + m_service)) {
                    if (t->revision == 1 && t->lastStatus != TaskStatus::Stopped)
                        return false;
                }
                return true;
            }(),
            120000);
        QTest::qWait(1500); // v2 alone serves for a while
        generator.stop();
        QVERIFY(generator.waitForFinished(std::chrono::seconds(10)));
        const traffic::TrafficSnapshot snap = generator.snapshot();

        QString failures;
        for (const traffic::Failure &f : snap.failures)
            failures += u"\n  "_s + traffic::toString(f.cause) + u": "_s + f.detail + u" (task "_s + f.taskId + u")"_s;
        QVERIFY2(snap.failed == 0, qPrintable(u"%1 of %2 requests failed:"_s.arg(snap.failed).arg(snap.completed) + failures));
        QVERIFY2(snap.completed > 1000, qPrintable(u"only %1 requests"_s.arg(snap.completed)));
        // Both revisions served; the last second only revision 2.
        QStringList revisions;
        for (const traffic::ServedBy &r : snap.revisions)
            revisions.append(r.id);
        QVERIFY2(revisions.contains(u"1"_s) && revisions.contains(u"2"_s), qPrintable(revisions.join(u',')));
        const traffic::TimeBucket &last = snap.buckets.at(snap.buckets.size() - 2);
        for (const auto &[revision, count] : last.byRevision)
            QVERIFY2(revision == u"2"_s || count == 0, qPrintable(u"revision %1 still served %2"_s.arg(revision).arg(count)));

        const QString events = eventMessages().join(u'\n');
        qInfo().noquote() << u"%1 requests through the load balancer during the update, %2 failed; by revision:"_s
                                 .arg(snap.completed)
                                 .arg(snap.failed);
        for (const traffic::ServedBy &r : snap.revisions)
            qInfo().noquote() << u"  revision %1: %2"_s.arg(r.id).arg(r.requests);
        qInfo().noquote() << "service events:\n" << events;
        QVERIFY2(events.contains(u"(service %1) registered 1 targets in (target-group %2)"_s.arg(m_service, tgArn)) ||
                     events.contains(u"(service %1) registered 4 targets in (target-group %2)"_s.arg(m_service, tgArn)),
                 qPrintable(events));
        QVERIFY2(events.contains(u"deregistered"_s) && events.contains(u"has begun draining connections on"_s),
                 qPrintable(events));
    }
};

QTEST_GUILESS_MAIN(TestLoadBalancedService)
#include "TestLoadBalancedService.moc"
