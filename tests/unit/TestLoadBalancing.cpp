// Load balancing on the control plane (ELBv2 semantics, ECS-SEMANTICS §1.7): the input rules as
// tables, load balancers and their zones, listeners, rules and priorities, target groups and the life
// of a target (initial -> draining -> removed), the health checker's batch interface, and everything
// read back the same after a restart.

#include "ChangeSpy.h"
#include "ControlPlane.h"
#include "elb/ElbArn.h"
#include "elb/ElbAttributes.h"
#include "elb/ElbRules.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/ListenerRules.h"
#include "ops/LoadBalancers.h"
#include "ops/TargetGroups.h"
#include "registries/LoadBalancingRegistry.h"
#include "state/Kinds.h"
#include "tags/TagRegistry.h"

#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace fd;
using namespace fd::elb;

namespace {

Action forwardTo(const QString &targetGroupId)
{
    Action a;
    a.type = QStringLiteral("forward");
    a.targetGroups = {{targetGroupId, std::nullopt}};
    a.givenAsTargetGroupArn = true;
    return a;
}

Action fixed(const QString &status)
{
    Action a;
    a.type = QStringLiteral("fixed-response");
    a.fixedStatusCode = status;
    return a;
}

Condition path(QStringList values)
{
    Condition c;
    c.field = QStringLiteral("path-pattern");
    c.values = std::move(values);
    return c;
}

} // namespace

class TestLoadBalancing : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<ControlPlane> m_cp;

    void open()
    {
        m_cp.reset();
        auto cp = ControlPlane::open(m_dir->path(), m_clock);
        QVERIFY2(cp, cp ? "" : qPrintable(cp.error().message));
        m_cp = std::move(cp).value();
    }

    LoadBalancer makeLoadBalancer(const QString &name, QStringList subnets = {})
    {
        ops::LoadBalancerRequest r;
        r.name = name;
        r.subnets = std::move(subnets);
        auto lb = m_cp->loadBalancers().create(r);
        if (!lb)
            qFatal("create load balancer: %s", qPrintable(lb.error().message));
        return lb.value();
    }

    TargetGroup makeTargetGroup(const QString &name, const QString &type = QStringLiteral("instance"))
    {
        ops::TargetGroupRequest r;
        r.name = name;
        r.port = 8080;
        r.targetType = type;
        auto tg = m_cp->targetGroups().create(r);
        if (!tg)
            qFatal("create target group: %s", qPrintable(tg.error().message));
        return tg.value();
    }

    Listener makeListener(const LoadBalancer &lb, int port, const Action &action)
    {
        ops::ListenerRequest r;
        r.loadBalancerId = lb.id;
        r.port = port;
        r.defaultActions = {action};
        auto l = m_cp->loadBalancers().createListener(r);
        if (!l)
            qFatal("create listener: %s", qPrintable(l.error().message));
        return l.value();
    }

    QString instanceId(int i = 0) const { return m_cp->instances().list().at(i).ec2InstanceId; }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_clock = std::make_shared<ManualClock>();
        open();
        QVERIFY(m_cp->engines().add(QStringLiteral("sim"), Engine::Kind::Simulated, {}));
        QVERIFY(m_cp->createDefaultLayout(QStringLiteral("sim"))); // one instance in each of us-east-1a, b, c
    }

    void cleanup() { m_cp.reset(); } // before the next init() replaces the directory

    void names_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("loadBalancerOk");
        QTest::addColumn<bool>("targetGroupOk");
        QTest::newRow("plain") << "web-1" << true << true;
        QTest::newRow("32 characters") << QString(32, u'a') << true << true;
        QTest::newRow("33 characters") << QString(33, u'a') << false << false;
        QTest::newRow("empty") << "" << false << false;
        QTest::newRow("leading hyphen") << "-web" << false << false;
        QTest::newRow("trailing hyphen") << "web-" << false << false;
        QTest::newRow("underscore") << "web_1" << false << false;
        QTest::newRow("internal- is the internal scheme's DNS prefix") << "internal-web" << false << true;
    }

    void names()
    {
        QFETCH(QString, name);
        QFETCH(bool, loadBalancerOk);
        QFETCH(bool, targetGroupOk);
        QCOMPARE(!checkLoadBalancerName(name).has_value(), loadBalancerOk);
        QCOMPARE(!checkTargetGroupName(name).has_value(), targetGroupOk);
        if (auto e = checkLoadBalancerName(name))
            QCOMPARE(e->code, QStringLiteral("ValidationError"));
    }

    void healthChecks_data()
    {
        QTest::addColumn<int>("interval");
        QTest::addColumn<int>("timeout");
        QTest::addColumn<int>("healthy");
        QTest::addColumn<QString>("matcher");
        QTest::addColumn<QString>("problem"); // empty: accepted
        QTest::newRow("defaults of §1.7") << 30 << 5 << 5 << "200"
                                          << "";
        QTest::newRow("interval below 5") << 4 << 2 << 5 << "200"
                                          << "HealthCheckIntervalSeconds";
        QTest::newRow("interval above 300") << 301 << 5 << 5 << "200"
                                            << "HealthCheckIntervalSeconds";
        QTest::newRow("timeout below 2") << 30 << 1 << 5 << "200"
                                         << "HealthCheckTimeoutSeconds";
        QTest::newRow("timeout not below the interval") << 10 << 10 << 5 << "200"
                                                        << "must be smaller";
        QTest::newRow("threshold above 10") << 30 << 5 << 11 << "200"
                                            << "HealthyThresholdCount";
        QTest::newRow("matcher list") << 30 << 5 << 5 << "200,202"
                                      << "";
        QTest::newRow("matcher range") << 30 << 5 << 5 << "200-299"
                                       << "";
        QTest::newRow("matcher 5xx is never healthy") << 30 << 5 << 5 << "500"
                                                      << "Matcher.HttpCode";
        QTest::newRow("matcher range backwards") << 30 << 5 << 5 << "299-200"
                                                 << "Matcher.HttpCode";
        QTest::newRow("matcher words") << 30 << 5 << 5 << "ok"
                                       << "Matcher.HttpCode";
    }

    void healthChecks()
    {
        QFETCH(int, interval);
        QFETCH(int, timeout);
        QFETCH(int, healthy);
        QFETCH(QString, matcher);
        QFETCH(QString, problem);
        HealthCheck hc;
        hc.intervalSeconds = interval;
        hc.timeoutSeconds = timeout;
        hc.healthyThreshold = healthy;
        hc.matcher = matcher;
        const std::optional<Error> e = checkHealthCheck(hc);
        if (problem.isEmpty()) {
            QVERIFY2(!e, e ? qPrintable(e->message) : "");
        } else {
            QVERIFY(e);
            QVERIFY2(e->message.contains(problem), qPrintable(e->message));
        }
    }

    void conditions_data()
    {
        QTest::addColumn<QList<Condition>>("conditions");
        QTest::addColumn<QString>("problem");
        Condition host;
        host.field = QStringLiteral("host-header");
        host.values = {QStringLiteral("*.example.com")};
        Condition method;
        method.field = QStringLiteral("http-request-method");
        method.values = {QStringLiteral("get")};
        Condition source;
        source.field = QStringLiteral("source-ip");
        source.values = {QStringLiteral("10.0.0.1")};
        QTest::newRow("one path") << QList<Condition>{path({QStringLiteral("/img/*")})} << "";
        QTest::newRow("path and host") << QList<Condition>{path({QStringLiteral("/a")}), host} << "";
        QTest::newRow("two path conditions")
            << QList<Condition>{path({QStringLiteral("/a")}), path({QStringLiteral("/b")})}
            << "only one 'path-pattern'";
        QTest::newRow("four values in one condition")
            << QList<Condition>{path(
                   {QStringLiteral("/a"), QStringLiteral("/b"), QStringLiteral("/c"), QStringLiteral("/d")})}
            << "'3' values";
        QTest::newRow("six values in the rule")
            << QList<Condition>{path({QStringLiteral("/a"), QStringLiteral("/b"), QStringLiteral("/c")}),
                                [] {
                                    Condition h;
                                    h.field = QStringLiteral("host-header");
                                    h.values = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
                                    return h;
                                }()}
            << "'5' condition values";
        QTest::newRow("six wildcards") << QList<Condition>{path({QStringLiteral("/*/*/*/*/*/*")})} << "'5' wildcards";
        QTest::newRow("path of 129 characters") << QList<Condition>{path({u'/' + QString(128, u'a')})} << "1 to 128";
        QTest::newRow("path with a space") << QList<Condition>{path({QStringLiteral("/a b")})} << "may hold only";
        QTest::newRow("methods are case-sensitive capitals") << QList<Condition>{method} << "capitals";
        QTest::newRow("source-ip needs CIDR") << QList<Condition>{source} << "CIDR";
        QTest::newRow("unknown field") << QList<Condition>{[] {
            Condition c;
            c.field = QStringLiteral("cookie");
            c.values = {QStringLiteral("x")};
            return c;
        }()} << "is not one of";
    }

    void conditions()
    {
        QFETCH(QList<Condition>, conditions);
        QFETCH(QString, problem);
        const std::optional<Error> e = checkConditions(conditions);
        if (problem.isEmpty()) {
            QVERIFY2(!e, e ? qPrintable(e->message) : "");
        } else {
            QVERIFY(e);
            QCOMPARE(e->code, QStringLiteral("ValidationError"));
            QVERIFY2(e->message.contains(problem), qPrintable(e->message));
        }
    }

    void loadBalancerDefaultsAndZones()
    {
        fd::test::ChangeSpy spy(*m_cp);
        const LoadBalancer lb = makeLoadBalancer(QStringLiteral("web"),
                                                 {QStringLiteral("subnet-one"), QStringLiteral("subnet-us-east-1a")});
        QCOMPARE(spy.count(state::kLoadBalancerKind), 1);
        QCOMPARE(lb.state, QStringLiteral("active"));
        QCOMPARE(lb.scheme, QStringLiteral("internet-facing"));
        QCOMPARE(lb.attributes, defaultLoadBalancerAttributes());
        QCOMPARE(attributeValue(lb.attributes, QStringLiteral("idle_timeout.timeout_seconds")), QStringLiteral("60"));
        // The named subnet keeps its zone; the other takes the first free one, in the order given.
        QCOMPARE(lb.zones, (QList<ZoneMapping>{{QStringLiteral("us-east-1b"), QStringLiteral("subnet-one")},
                                               {QStringLiteral("us-east-1a"), QStringLiteral("subnet-us-east-1a")}}));
        // Idempotent with the same settings, a duplicate with others.
        QCOMPARE(
            makeLoadBalancer(QStringLiteral("web"), {QStringLiteral("subnet-one"), QStringLiteral("subnet-us-east-1a")})
                .id,
            lb.id);
        ops::LoadBalancerRequest other;
        other.name = QStringLiteral("web");
        other.scheme = QStringLiteral("internal");
        QCOMPARE(m_cp->loadBalancers().create(other).error().code, QStringLiteral("DuplicateLoadBalancerName"));
        // One subnet is not enough for an application load balancer; four cannot fit three zones.
        ops::LoadBalancerRequest one;
        one.name = QStringLiteral("one");
        one.subnets = {QStringLiteral("subnet-x")};
        QCOMPARE(m_cp->loadBalancers().create(one).error().code, QStringLiteral("InvalidConfigurationRequest"));
        one.subnets = {QStringLiteral("subnet-1"), QStringLiteral("subnet-2"), QStringLiteral("subnet-3"),
                       QStringLiteral("subnet-4")};
        QCOMPARE(m_cp->loadBalancers().create(one).error().code, QStringLiteral("InvalidConfigurationRequest"));
        one.subnets = {};
        one.type = QStringLiteral("network");
        QVERIFY(m_cp->loadBalancers().create(one).error().message.contains(u"application load balancers only"));
        // No subnets: one in every zone.
        QCOMPARE(makeLoadBalancer(QStringLiteral("all-zones")).zones.size(), 3);
    }

    void attributesAndDeletionProtection()
    {
        const LoadBalancer lb = makeLoadBalancer(QStringLiteral("guarded"));
        auto changed = m_cp->loadBalancers().modifyAttributes(
            lb.id, {{QStringLiteral("deletion_protection.enabled"), QStringLiteral("true")},
                    {QStringLiteral("idle_timeout.timeout_seconds"), QStringLiteral("120")}});
        QVERIFY(changed);
        QCOMPARE(m_cp->loadBalancers().remove(lb.id).error().code, QStringLiteral("OperationNotPermitted"));
        auto bad = m_cp->loadBalancers().modifyAttributes(
            lb.id, {{QStringLiteral("idle_timeout.timeout_seconds"), QStringLiteral("0")}});
        QCOMPARE(bad.error().code, QStringLiteral("ValidationError"));
        QVERIFY(bad.error().message.contains(u"1 to 4000"));
        QVERIFY(m_cp->loadBalancers()
                    .modifyAttributes(lb.id, {{QStringLiteral("not.a.key"), QStringLiteral("1")}})
                    .error()
                    .message.contains(u"not recognized"));
        QVERIFY(m_cp->loadBalancers().modifyAttributes(
            lb.id, {{QStringLiteral("deletion_protection.enabled"), QStringLiteral("false")}}));
        QVERIFY(m_cp->loadBalancers().remove(lb.id));
        QVERIFY(!m_cp->loadBalancers().find(lb.id));
    }

    void targetGroupAttributes()
    {
        const TargetGroup tg = makeTargetGroup(QStringLiteral("tg"));
        QCOMPARE(tg.deregistrationDelaySeconds(), 300);
        QCOMPARE(tg.healthCheck, HealthCheck{});
        auto r = m_cp->targetGroups().modifyAttributes(
            tg.id, {{QStringLiteral("deregistration_delay.timeout_seconds"), QStringLiteral("3601")}});
        QVERIFY(r.error().message.contains(u"0 to 3600"));
        // What the proxy does not do is refused, naming it, rather than kept and ignored.
        r = m_cp->targetGroups().modifyAttributes(tg.id, {{QStringLiteral("slow_start.duration_seconds"), QStringLiteral("30")}});
        QVERIFY(r.error().message.contains(u"slow start is not served"));
        r = m_cp->targetGroups().modifyAttributes(tg.id, {{QStringLiteral("stickiness.enabled"), QStringLiteral("true")}});
        QVERIFY(r.error().message.contains(u"target stickiness"));
        r = m_cp->targetGroups().modifyAttributes(
            tg.id, {{QStringLiteral("load_balancing.algorithm.type"), QStringLiteral("weighted_random")}});
        QVERIFY(r.error().message.contains(u"weighted_random is not served"));
        QVERIFY(m_cp->targetGroups().modifyAttributes(
            tg.id, {{QStringLiteral("load_balancing.algorithm.type"), QStringLiteral("least_outstanding_requests")}}));
        QCOMPARE(m_cp->targetGroups().find(tg.id)->deregistrationDelaySeconds(), 300);
    }

    // A port another program holds is refused when the listener is created (the proxy could not serve
    // it), naming the port and a free one; nothing is stored.
    void listenerOnABusyPortIsRefused()
    {
        QTcpServer other;
        QVERIFY(other.listen(QHostAddress::LocalHost, 0));
        const LoadBalancer lb = makeLoadBalancer(QStringLiteral("busy"));
        ops::ListenerRequest r;
        r.loadBalancerId = lb.id;
        r.port = other.serverPort();
        r.defaultActions = {fixed(QStringLiteral("200"))};
        const auto refused = m_cp->loadBalancers().createListener(r);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("ValidationError"));
        QVERIFY2(refused.error().message.contains(QStringLiteral("127.0.0.1:%1").arg(other.serverPort())) &&
                     refused.error().message.contains(u"already in use") && refused.error().message.contains(u"free now"),
                 qPrintable(refused.error().message));
        QVERIFY(m_cp->loadBalancers().listeners(lb.id).isEmpty());
        other.close();
        QVERIFY(m_cp->loadBalancers().createListener(r));
    }

    void listenersAndRules()
    {
        const LoadBalancer a = makeLoadBalancer(QStringLiteral("a"));
        const LoadBalancer b = makeLoadBalancer(QStringLiteral("b"));
        const TargetGroup tg = makeTargetGroup(QStringLiteral("tg"));
        const Listener l = makeListener(a, 8081, forwardTo(tg.id));
        // The same port: idempotent with the same settings, DuplicateListener otherwise and across
        // load balancers (every listener binds 127.0.0.1).
        QCOMPARE(makeListener(a, 8081, forwardTo(tg.id)).id, l.id);
        ops::ListenerRequest dup;
        dup.loadBalancerId = b.id;
        dup.port = 8081;
        dup.defaultActions = {fixed(QStringLiteral("404"))};
        auto refused = m_cp->loadBalancers().createListener(dup);
        QCOMPARE(refused.error().code, QStringLiteral("DuplicateListener"));
        QVERIFY(refused.error().message.contains(u"127.0.0.1"));
        dup.port = 8082;
        dup.protocol = QStringLiteral("HTTPS");
        QCOMPARE(m_cp->loadBalancers().createListener(dup).error().code, QStringLiteral("UnsupportedProtocol"));

        ops::RuleRequest r;
        r.listenerId = l.id;
        r.priority = 10;
        r.conditions = {path({QStringLiteral("/cubebuster*")})};
        r.actions = {fixed(QStringLiteral("200"))};
        auto ten = m_cp->listenerRules().create(r);
        QVERIFY(ten);
        QCOMPARE(m_cp->listenerRules().create(r).error().code, QStringLiteral("PriorityInUse"));
        r.priority = 5;
        auto five = m_cp->listenerRules().create(r);
        QVERIFY(five);
        // Lowest priority first, the default rule last.
        QList<ops::RuleView> rules = m_cp->listenerRules().rules(l.id);
        QCOMPARE(rules.size(), 3);
        QCOMPARE(rules[0].rule.priority, 5);
        QCOMPARE(rules[1].rule.priority, 10);
        QVERIFY(rules[2].isDefault);
        QCOMPARE(rules[2].rule.id, l.defaultRuleId);
        // Swapping priorities in one request is fine; colliding is not.
        auto swapped = m_cp->listenerRules().setPriorities({{ten->id, 5}, {five->id, 10}});
        QVERIFY2(swapped, swapped ? "" : qPrintable(swapped.error().message));
        QCOMPARE(m_cp->listenerRules().rules(l.id).first().rule.id, ten->id);
        QCOMPARE(m_cp->listenerRules().setPriorities({{ten->id, 10}}).error().code, QStringLiteral("PriorityInUse"));
        QCOMPARE(m_cp->listenerRules().setPriorities({{l.defaultRuleId, 1}}).error().code,
                 QStringLiteral("OperationNotPermitted"));
        QCOMPARE(m_cp->listenerRules().remove(l.defaultRuleId).error().code, QStringLiteral("OperationNotPermitted"));
        // The default rule's actions are the listener's.
        auto modified =
            m_cp->listenerRules().modify({l.defaultRuleId, std::nullopt, QList<Action>{fixed(QStringLiteral("503"))}});
        QVERIFY(modified);
        QCOMPARE(m_cp->loadBalancers().findListener(l.id)->defaultActions, QList<Action>{fixed(QStringLiteral("503"))});
        // Deleting the load balancer takes its listener and rules with it.
        QVERIFY(m_cp->loadBalancers().remove(a.id));
        QVERIFY(!m_cp->loadBalancers().findListener(l.id));
        QVERIFY(!m_cp->listenerRules().find(ten->id));
    }

    void targetLifecycle()
    {
        const LoadBalancer lb = makeLoadBalancer(QStringLiteral("web"));
        const TargetGroup tg = makeTargetGroup(QStringLiteral("tg"));
        const QString instance = instanceId();
        QCOMPARE(
            m_cp->targetGroups().registerTargets(tg.id, {{QStringLiteral("i-0nosuchinstance"), {}, {}}}).error().code,
            QStringLiteral("InvalidTarget"));
        QVERIFY(m_cp->targetGroups().registerTargets(tg.id, {{instance, 32768, {}}, {instance, 32769, {}}}));
        // Nothing forwards to the group yet: AWS shows its targets unused.
        auto health = m_cp->targetGroups().health(tg.id);
        QVERIFY(health);
        QCOMPARE(health->size(), 2);
        QCOMPARE(toString(health->at(0).state), toString(TargetHealthState::Unused));
        QCOMPARE(health->at(0).reason, QStringLiteral("Target.NotInUse"));
        QCOMPARE(health->at(0).target.zone, m_cp->instances().list().at(0).availabilityZone);
        makeListener(lb, 8090, forwardTo(tg.id));
        health = m_cp->targetGroups().health(tg.id);
        QCOMPARE(toString(health->at(0).state), toString(TargetHealthState::Initial));
        QCOMPARE(health->at(0).reason, QStringLiteral("Elb.RegistrationInProgress"));
        QCOMPARE(health->at(0).healthCheckPort, QStringLiteral("32768"));
        QCOMPARE(m_cp->targetGroups().remove(tg.id).error().code, QStringLiteral("ResourceInUse"));
        const TargetGroup spare = makeTargetGroup(QStringLiteral("spare"));
        m_cp->targetGroups().addUsageCheck(
            [&](const QString &id) { return id == spare.id ? QStringLiteral("service default/web") : QString(); });
        const auto inUse = m_cp->targetGroups().remove(spare.id);
        QCOMPARE(inUse.error().code, QStringLiteral("ResourceInUse"));
        QVERIFY(inUse.error().message.contains(u"service default/web"));

        // The health checker: one batch, one transaction, one change per target that changed.
        fd::test::ChangeSpy spy(*m_cp);
        auto changed = m_cp->targetGroups().setTargetHealth(
            {{tg.id, {instance, 32768}, TargetHealthState::Healthy, {}, {}},
             {tg.id,
              {instance, 32769},
              TargetHealthState::Unhealthy,
              QStringLiteral("Target.Timeout"),
              QStringLiteral("Request timed out")},
             {tg.id, {instance, 1}, TargetHealthState::Healthy, {}, {}}}); // not registered: skipped
        QCOMPARE(changed.value(), 2);
        QCOMPARE(spy.transactions(), 1);
        QCOMPARE(spy.count(state::kTargetKind), 1);
        QCOMPARE(m_cp->targetGroups().health(tg.id)->at(1).description, QStringLiteral("Request timed out"));

        // Deregistration: draining for the delay (unhealthy ones as unhealthy.draining), then removed.
        m_clock->advance(10000);
        QVERIFY(m_cp->targetGroups().deregisterTargets(tg.id, {{instance, 32768, {}}, {instance, 32769, {}}}));
        QList<Target> targets = m_cp->targetGroups().targets(tg.id);
        QCOMPARE(toString(targets[0].state), toString(TargetHealthState::Draining));
        QCOMPARE(targets[0].reason, QStringLiteral("Target.DeregistrationInProgress"));
        QCOMPARE(toString(targets[1].state), toString(TargetHealthState::UnhealthyDraining));
        QCOMPARE(targets[0].drainDeadline, targets[0].drainingSince.addSecs(300));
        // A health check does not end draining.
        QCOMPARE(m_cp->targetGroups()
                     .setTargetHealth({{tg.id, {instance, 32768}, TargetHealthState::Healthy, {}, {}}})
                     .value(),
                 0);
        QVERIFY(m_cp->targetGroups().deregistrationsDue(m_clock->now().addSecs(299)).isEmpty());
        const QList<Target> due = m_cp->targetGroups().deregistrationsDue(m_clock->now().addSecs(300));
        QCOMPARE(due.size(), 2);
        QCOMPARE(m_cp->targetGroups().finishDeregistrations({{tg.id, due[0].key()}, {tg.id, due[1].key()}}).value(), 2);
        QVERIFY(m_cp->targetGroups().targets(tg.id).isEmpty());
        // Asked for by name, a target that is gone reads unused / Target.NotRegistered.
        health = m_cp->targetGroups().health(tg.id, {{instance, 32768, {}}});
        QCOMPARE(toString(health->at(0).state), toString(TargetHealthState::Unused));
        QCOMPARE(health->at(0).reason, QStringLiteral("Target.NotRegistered"));
        // With a delay of 0 deregistration removes at once; registering a draining target again revives it.
        QVERIFY(m_cp->targetGroups().modifyAttributes(
            tg.id, {{QStringLiteral("deregistration_delay.timeout_seconds"), QStringLiteral("0")}}));
        QVERIFY(m_cp->targetGroups().registerTargets(tg.id, {{instance, {}, {}}}));
        QCOMPARE(m_cp->targetGroups().targets(tg.id).at(0).port, 8080);
        QVERIFY(m_cp->targetGroups().deregisterTargets(tg.id, {{instance, {}, {}}}));
        QVERIFY(m_cp->targetGroups().targets(tg.id).isEmpty());
        QCOMPARE(m_cp->targetGroups().deregisterTargets(tg.id, {{instance, {}, {}}}).error().code,
                 QStringLiteral("InvalidTarget"));
    }

    void ipTargetsAreLoopbackOnly()
    {
        const TargetGroup tg = makeTargetGroup(QStringLiteral("ips"), QStringLiteral("ip"));
        QVERIFY(m_cp->targetGroups().registerTargets(
            tg.id, {{QStringLiteral("127.0.0.5"), 9000, QStringLiteral("us-east-1b")}}));
        QCOMPARE(m_cp->targetGroups().targets(tg.id).at(0).zone, QStringLiteral("us-east-1b"));
        const auto e = m_cp->targetGroups().registerTargets(tg.id, {{QStringLiteral("10.0.0.5"), 9000, {}}});
        QCOMPARE(e.error().code, QStringLiteral("InvalidTarget"));
        QVERIFY(e.error().message.contains(u"127.0.0.0/8"));
    }

    void everythingSurvivesARestart()
    {
        const LoadBalancer lb = makeLoadBalancer(QStringLiteral("kept"));
        const TargetGroup tg = makeTargetGroup(QStringLiteral("kept-tg"));
        const Listener l = makeListener(lb, 8095, forwardTo(tg.id));
        ops::RuleRequest r;
        r.listenerId = l.id;
        r.priority = 7;
        Condition query;
        query.field = QStringLiteral("query-string");
        query.queryPairs = {{QStringLiteral("v"), QStringLiteral("2")}};
        r.conditions = {path({QStringLiteral("/a*")}), query};
        Action weighted;
        weighted.type = QStringLiteral("forward");
        weighted.targetGroups = {{tg.id, 3}};
        weighted.stickinessEnabled = true;
        weighted.stickinessDurationSeconds = 60;
        r.actions = {weighted};
        r.tags = {{QStringLiteral("team"), QStringLiteral("blue")}};
        auto rule = m_cp->listenerRules().create(r);
        QVERIFY2(rule, rule ? "" : qPrintable(rule.error().message));
        QVERIFY(m_cp->targetGroups().registerTargets(tg.id, {{instanceId(1), 31000, {}}}));
        QVERIFY(m_cp->targetGroups().deregisterTargets(tg.id, {{instanceId(1), 31000, {}}}));
        const RoutingTable before = m_cp->loadBalancers().routingTable();

        open();
        const RoutingTable after = m_cp->loadBalancers().routingTable();
        QCOMPARE(after.listeners.size(), 1);
        QCOMPARE(after.listeners[0].loadBalancer, before.listeners[0].loadBalancer);
        QCOMPARE(after.listeners[0].listener, before.listeners[0].listener);
        QCOMPARE(after.listeners[0].rules, before.listeners[0].rules);
        QCOMPARE(after.targetGroups.size(), 1);
        QCOMPARE(after.targetGroups[0].targetGroup, before.targetGroups[0].targetGroup);
        QCOMPARE(after.targetGroups[0].targets.size(), 1);
        QCOMPARE(after.targetGroups[0].targets[0].target, before.targetGroups[0].targets[0].target);
        QCOMPARE(toString(after.targetGroups[0].targets[0].target.state), toString(TargetHealthState::Draining));
        // The proxy connects to the instance's own loopback address.
        QCOMPARE(after.targetGroups[0].targets[0].address, m_cp->instances().list().at(1).address);
        QVERIFY(after.targetGroups[0].targets[0].address.startsWith(u"127."));
        QCOMPARE(m_cp->tagRegistry().tags(state::kListenerRuleKind, rule->id),
                 (tags::TagList{{QStringLiteral("team"), QStringLiteral("blue")}}));
    }

    void arns()
    {
        const LoadBalancer lb = makeLoadBalancer(QStringLiteral("arn-lb"));
        const TargetGroup tg = makeTargetGroup(QStringLiteral("arn-tg"));
        const Listener l = makeListener(lb, 8096, forwardTo(tg.id));
        const QString lbArn = arn::loadBalancer(QStringLiteral("eu-west-1"), lb);
        QCOMPARE(lbArn, QStringLiteral("arn:aws:elasticloadbalancing:eu-west-1:000000000000:loadbalancer/app/arn-lb/") +
                            lb.id);
        QCOMPARE(m_cp->loadBalancers().byArn(lbArn)->id, lb.id);
        QCOMPARE(m_cp->targetGroups().byArn(arn::targetGroup(QString(), tg))->id, tg.id);
        QCOMPARE(m_cp->loadBalancers().listenerByArn(arn::listener(QString(), lb, l.id))->id, l.id);
        QVERIFY(m_cp->listenerRules().byArn(arn::rule(QString(), lb, l.id, l.defaultRuleId))->isDefault);
        // The name in the ARN must be the resource's.
        QString wrong = lbArn;
        wrong.replace(QStringLiteral("arn-lb"), QStringLiteral("other"));
        QCOMPARE(m_cp->loadBalancers().byArn(wrong).error().code, QStringLiteral("LoadBalancerNotFound"));
        QCOMPARE(m_cp->targetGroups().byArn(QStringLiteral("tg")).error().code, QStringLiteral("ValidationError"));
    }
};

QTEST_GUILESS_MAIN(TestLoadBalancing)
#include "TestLoadBalancing.moc"
