// The load balancer controller's pure parts: health checks as a table (probe outcomes in, target
// states with AWS's reason codes out), which targets a service's tasks should have, and the control
// plane's routing state as the proxy's snapshot.

#include "controllers/lb/HealthJudge.h"
#include "controllers/lb/ProxyTable.h"
#include "controllers/lb/ServiceTargets.h"

#include <QTest>

using namespace fd;
using namespace fd::lbctl;
using State = elb::TargetHealthState;

namespace {

const QString kTgArn = QStringLiteral("arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/0123456789abcdef");

ProbeOutcome answered(int code)
{
    ProbeOutcome o;
    o.kind = ProbeOutcome::Kind::Response;
    o.statusCode = code;
    return o;
}

ProbeOutcome timedOut()
{
    ProbeOutcome o;
    o.kind = ProbeOutcome::Kind::Timeout;
    return o;
}

ProbeOutcome refused()
{
    ProbeOutcome o;
    o.detail = QStringLiteral("connection refused");
    return o;
}

elb::Target target(State state, const QString &reason = {})
{
    elb::Target t;
    t.targetGroupId = QStringLiteral("0123456789abcdef");
    t.id = QStringLiteral("i-0123456789abcdef0");
    t.port = 32768;
    t.state = state;
    t.reason = reason;
    return t;
}

// Applies the outcomes in turn (committing each change) and returns the states seen after each.
QStringList walk(elb::Target t, const elb::HealthCheck &check, const QList<ProbeOutcome> &outcomes)
{
    HealthRun run;
    QStringList seen;
    for (const ProbeOutcome &o : outcomes) {
        if (const auto change = judgeProbe(t, check, run, o)) {
            t.state = change->state;
            t.reason = change->reason;
            t.description = change->description;
        }
        seen.append(elb::toString(t.state) + (t.reason.isEmpty() ? QString() : u'/' + t.reason));
    }
    return seen;
}

Task runningTask(const QString &id, int hostPort, TaskStatus last = TaskStatus::Running,
                 TaskStatus desired = TaskStatus::Running)
{
    Task t;
    t.id = id;
    t.cluster = QStringLiteral("default");
    t.group = QStringLiteral("service:web");
    t.containerInstanceId = QStringLiteral("ci-1");
    t.lastStatus = last;
    t.desiredStatus = desired;
    TaskContainer c;
    c.name = QStringLiteral("web");
    c.networkBindings.append(NetworkBinding{QStringLiteral("127.0.1.1"), 8080, hostPort, QStringLiteral("tcp")});
    t.containers.append(c);
    return t;
}

Service webService()
{
    Service s;
    s.name = QStringLiteral("web");
    s.cluster = QStringLiteral("default");
    s.loadBalancers.append(ServiceLoadBalancer{kTgArn, QStringLiteral("web"), 8080});
    return s;
}

QString ec2Of(const QString &instance)
{
    return instance == u"ci-1" ? QStringLiteral("i-0123456789abcdef0") : QString();
}

} // namespace

class TestLbControl : public QObject
{
    Q_OBJECT

private slots:
    void matcherCodesAndRanges()
    {
        QVERIFY(matcherAccepts(QStringLiteral("200"), 200));
        QVERIFY(!matcherAccepts(QStringLiteral("200"), 204));
        QVERIFY(matcherAccepts(QStringLiteral("200,202"), 202));
        QVERIFY(matcherAccepts(QStringLiteral("200-299"), 204));
        QVERIFY(!matcherAccepts(QStringLiteral("200-299"), 302));
        QVERIFY(matcherAccepts(QStringLiteral("200, 300-399"), 302));
    }

    void initialNeedsOnePassToBecomeHealthy()
    {
        const elb::HealthCheck check; // defaults: healthy 5, unhealthy 2
        QCOMPARE(walk(target(State::Initial, QStringLiteral("Elb.RegistrationInProgress")), check, {answered(200)}),
                 QStringList{QStringLiteral("healthy")});
    }

    void initialFailsAfterUnhealthyThreshold()
    {
        const elb::HealthCheck check;
        QCOMPARE(walk(target(State::Initial), check, {answered(404), answered(404)}),
                 (QStringList{QStringLiteral("initial/Elb.InitialHealthChecking"),
                              QStringLiteral("unhealthy/Target.ResponseCodeMismatch")}));
    }

    void healthyToUnhealthyWithEachReason()
    {
        elb::HealthCheck check;
        check.unhealthyThreshold = 2;
        QCOMPARE(walk(target(State::Healthy), check, {timedOut(), answered(200), timedOut(), timedOut()}),
                 (QStringList{QStringLiteral("healthy"), QStringLiteral("healthy"), QStringLiteral("healthy"),
                              QStringLiteral("unhealthy/Target.Timeout")}));
        QCOMPARE(walk(target(State::Healthy), check, {refused(), refused()}).last(),
                 QStringLiteral("unhealthy/Target.FailedHealthChecks"));
        HealthRun run;
        elb::Target t = target(State::Healthy);
        judgeProbe(t, check, run, answered(500));
        const auto change = judgeProbe(t, check, run, answered(500));
        QVERIFY(change);
        QCOMPARE(change->description, QStringLiteral("Health checks failed with these codes: [500]"));
    }

    void unhealthyRecoversAfterHealthyThreshold()
    {
        elb::HealthCheck check;
        check.healthyThreshold = 3;
        QCOMPARE(walk(target(State::Unhealthy, QStringLiteral("Target.Timeout")), check,
                      {answered(200), answered(200), answered(200)}),
                 (QStringList{QStringLiteral("unhealthy/Target.Timeout"), QStringLiteral("unhealthy/Target.Timeout"),
                              QStringLiteral("healthy")}));
        // A failure in between starts the count again.
        QCOMPARE(walk(target(State::Unhealthy, QStringLiteral("Target.Timeout")), check,
                      {answered(200), answered(200), timedOut(), answered(200), answered(200)})
                     .last(),
                 QStringLiteral("unhealthy/Target.Timeout"));
    }

    void drainingTargetsAreNotJudged()
    {
        HealthRun run;
        QVERIFY(!judgeProbe(target(State::Draining), elb::HealthCheck{}, run, answered(500)));
    }

    void runningTasksAreRegisteredStoppingOnesDeregistered()
    {
        const Service s = webService();
        const Task running = runningTask(QStringLiteral("t1"), 32768);
        const Task stopping = runningTask(QStringLiteral("t2"), 32769, TaskStatus::Deactivating, TaskStatus::Stopped);
        const Task pending = runningTask(QStringLiteral("t3"), 32770, TaskStatus::Pending);
        elb::Target old = target(State::Healthy);
        old.port = 32769;
        const QHash<QString, QList<elb::Target>> registered{{QStringLiteral("0123456789abcdef"), {old}}};
        const ServiceTargetPlan plan = planServiceTargets(s, {&running, &stopping, &pending}, ec2Of, registered);
        QCOMPARE(plan.registrations.size(), 1);
        QCOMPARE(plan.registrations[0].taskId, QStringLiteral("t1"));
        QCOMPARE(plan.registrations[0].target.port, 32768);
        QCOMPARE(plan.registrations[0].target.id, QStringLiteral("i-0123456789abcdef0"));
        QCOMPARE(plan.deregistrations.size(), 1);
        QCOMPARE(plan.deregistrations[0].taskId, QStringLiteral("t2"));

        // Once registered and draining, nothing more to do.
        elb::Target now1 = target(State::Initial);
        elb::Target now2 = old;
        now2.state = State::Draining;
        const QHash<QString, QList<elb::Target>> after{{QStringLiteral("0123456789abcdef"), {now1, now2}}};
        QVERIFY(planServiceTargets(s, {&running, &stopping, &pending}, ec2Of, after).isEmpty());
    }

    void eventsInEcsWording()
    {
        QCOMPARE(registeredTargetsEvent(QStringLiteral("web"), 1, kTgArn),
                 QStringLiteral("(service web) registered 1 targets in (target-group %1)").arg(kTgArn));
        QCOMPARE(deregisteredTargetsEvent(QStringLiteral("web"), 2, kTgArn),
                 QStringLiteral("(service web) deregistered 2 targets in (target-group %1)").arg(kTgArn));
        QCOMPARE(drainingEvent(QStringLiteral("web"), 1),
                 QStringLiteral("(service web) has begun draining connections on 1 tasks."));
        QCOMPARE(targetGroupIdFromArn(kTgArn), QStringLiteral("0123456789abcdef"));
        QCOMPARE(targetGroupIdFromArn(QStringLiteral("web")), QString());
    }

    void routingTableTranslation()
    {
        elb::RoutingTable routes;
        elb::ListenerRoutes l;
        l.loadBalancer.id = QStringLiteral("lb1");
        l.listener.id = QStringLiteral("l1");
        l.listener.port = 8080;
        l.listener.defaultRuleId = QStringLiteral("default");
        elb::Action fwd;
        fwd.type = QStringLiteral("forward");
        fwd.targetGroups.append(elb::WeightedTargetGroup{QStringLiteral("tg1"), std::nullopt});
        l.listener.defaultActions.append(fwd);
        elb::ListenerRule cube;
        cube.id = QStringLiteral("r1");
        cube.priority = 10;
        elb::Condition path;
        path.field = QStringLiteral("path-pattern");
        path.values = {QStringLiteral("/cubebuster*")};
        cube.conditions.append(path);
        elb::Action fixed;
        fixed.type = QStringLiteral("fixed-response");
        fixed.fixedStatusCode = QStringLiteral("418");
        fixed.fixedMessageBody = QStringLiteral("teapot");
        cube.actions.append(fixed);
        l.rules.append(cube);
        routes.listeners.append(l);
        elb::TargetGroupRoutes g;
        g.targetGroup.id = QStringLiteral("tg1");
        elb::Target healthy = target(State::Healthy);
        healthy.targetGroupId = QStringLiteral("tg1");
        elb::Target draining = target(State::Draining);
        draining.port = 40000;
        elb::Target nowhere = target(State::Healthy);
        nowhere.id = QStringLiteral("i-ffffffffffffffff0");
        g.targets = {{healthy, QStringLiteral("127.0.1.1")}, {draining, QStringLiteral("127.0.1.1")}, {nowhere, QString()}};
        routes.targetGroups.append(g);

        const auto table = toProxyTable(routes);
        QCOMPARE(table->listeners.size(), size_t(1));
        const lb::Listener &listener = table->listeners[0];
        QCOMPARE(listener.port, 8080);
        QCOMPARE(listener.rules.size(), size_t(2)); // the rule, then the default rule
        QCOMPARE(listener.rules[0].conditions[0].values[0], std::string("/cubebuster*"));
        QCOMPARE(std::get<lb::FixedResponseAction>(listener.rules[0].action).statusCode, 418);
        QVERIFY(listener.rules[1].isDefault);
        QCOMPARE(std::get<lb::ForwardAction>(listener.rules[1].action).groups[0].weight, 1);
        // The target whose instance has no address cannot be reached: left out.
        QCOMPARE(table->targetGroups[0].targets.size(), size_t(2));
        QCOMPARE(table->targetGroups[0].targets[0].host, std::string("127.0.1.1"));
        QCOMPARE(table->targetGroups[0].targets[0].id, std::string("i-0123456789abcdef0:32768"));
        QCOMPARE(int(table->targetGroups[0].targets[1].state), int(lb::TargetState::Draining));
    }
};

QTEST_APPLESS_MAIN(TestLbControl)
#include "TestLbControl.moc"
