// The ELBv2 Query API through the real `aws elbv2` CLI, as infrastructure-as-code tools drive it:
// what CreateX answers is what DescribeX reads back (every attribute, default and tag), AWS's error
// codes with messages naming the member, Marker/PageSize paging, the waiters that work without a
// health checker (load-balancer-available, target-deregistered), targets initial on registration and
// draining on deregistration, and everything still there after a restart. Simulated runtime: no Docker.

#include "ApiFixture.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using fd::test::AwsCli;

namespace {

QStringList flatTags(const QJsonArray &tags)
{
    QStringList out;
    for (const QJsonValue &t : tags)
        out << t[u"Key"].toString() + u'=' + t[u"Value"].toString();
    return out;
}

QString attribute(const QJsonArray &attributes, const QString &key)
{
    for (const QJsonValue &a : attributes) {
        if (a[u"Key"].toString() == key)
            return a[u"Value"].toString();
    }
    return QStringLiteral("<absent>");
}

} // namespace

class TestElbv2Api : public QObject
{
    Q_OBJECT

private:
    fd::test::ApiFixture m_api{QStringLiteral("elbv2"), fd::test::ApiFixture::simulated()};
    QString m_lb;       // load balancer "web"
    QString m_tg;       // target group "edges"
    QString m_listener; // port m_port of "web"
    quint16 m_port = 0;

    AwsCli::Result elb(const QStringList &args) { return m_api.service().run(args); }
    AwsCli::Result ok(const QStringList &args) { return m_api.service().ok(args); }
    QString refused(const QStringList &args) { return m_api.service().refused(args); }

    QString instanceId(int i)
    {
        const fd::test::ServiceCli ecs = m_api.serviceCli(QStringLiteral("ecs"));
        const AwsCli::Result list = ecs.run({QStringLiteral("list-container-instances")});
        const QString arn = list.json[u"containerInstanceArns"][i].toString();
        const AwsCli::Result d =
            ecs.run({QStringLiteral("describe-container-instances"), QStringLiteral("--container-instances"), arn});
        return d.json[u"containerInstances"][0][u"ec2InstanceId"].toString();
    }

private slots:
    void initTestCase()
    {
        FD_START_API_FIXTURE(m_api);
        m_port = fd::test::freeLoopbackPort();
    }

    void cleanupTestCase() { m_api.stop(); }

    void loadBalancerReadsBackAsCreated()
    {
        AwsCli::Result r =
            ok({QStringLiteral("create-load-balancer"), QStringLiteral("--name"), QStringLiteral("web"),
                QStringLiteral("--subnets"), QStringLiteral("subnet-front"), QStringLiteral("subnet-us-east-1c"),
                QStringLiteral("--security-groups"), QStringLiteral("sg-0123"), QStringLiteral("--scheme"),
                QStringLiteral("internal"), QStringLiteral("--tags"), QStringLiteral("Key=team,Value=blue"),
                QStringLiteral("Key=cost,Value=")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject created = r.json[u"LoadBalancers"][0].toObject();
        m_lb = created[u"LoadBalancerArn"].toString();
        QVERIFY(m_lb.startsWith(u"arn:aws:elasticloadbalancing:eu-west-1:000000000000:loadbalancer/app/web/"));
        QCOMPARE(created[u"State"][u"Code"].toString(), QStringLiteral("active"));
        QCOMPARE(created[u"Scheme"].toString(), QStringLiteral("internal"));
        QVERIFY(created[u"DNSName"].toString().endsWith(u".eu-west-1.elb.localhost"));
        // subnet-us-east-1c is in its zone; subnet-front takes the first free one.
        QCOMPARE(created[u"AvailabilityZones"][0][u"ZoneName"].toString(), QStringLiteral("us-east-1a"));
        QCOMPARE(created[u"AvailabilityZones"][1][u"ZoneName"].toString(), QStringLiteral("us-east-1c"));
        QCOMPARE(created[u"SecurityGroups"].toArray(), QJsonArray{QStringLiteral("sg-0123")});

        r = ok({QStringLiteral("describe-load-balancers"), QStringLiteral("--names"), QStringLiteral("web")});
        QCOMPARE(r.json[u"LoadBalancers"][0].toObject(), created);
        r = ok({QStringLiteral("describe-load-balancers"), QStringLiteral("--load-balancer-arns"), m_lb});
        QCOMPARE(r.json[u"LoadBalancers"][0].toObject(), created);
        r = ok({QStringLiteral("describe-tags"), QStringLiteral("--resource-arns"), m_lb});
        QCOMPARE(r.json[u"TagDescriptions"][0][u"ResourceArn"].toString(), m_lb);
        QCOMPARE(flatTags(r.json[u"TagDescriptions"][0][u"Tags"].toArray()),
                 (QStringList{QStringLiteral("team=blue"), QStringLiteral("cost=")}));
        // The waiter reads State.Code: active at once.
        QCOMPARE(ok({QStringLiteral("wait"), QStringLiteral("load-balancer-available"), QStringLiteral("--names"),
                     QStringLiteral("web")})
                     .exitCode,
                 0);
        // Creating it again with the same settings is idempotent; other settings are a duplicate.
        r = ok({QStringLiteral("create-load-balancer"), QStringLiteral("--name"), QStringLiteral("web"),
                QStringLiteral("--subnets"), QStringLiteral("subnet-front"), QStringLiteral("subnet-us-east-1c"),
                QStringLiteral("--security-groups"), QStringLiteral("sg-0123"), QStringLiteral("--scheme"),
                QStringLiteral("internal")});
        QCOMPARE(r.json[u"LoadBalancers"][0][u"LoadBalancerArn"].toString(), m_lb);
        QVERIFY(refused({QStringLiteral("create-load-balancer"), QStringLiteral("--name"), QStringLiteral("web")})
                    .contains(u"(DuplicateLoadBalancerName)"));
        QVERIFY(refused({QStringLiteral("create-load-balancer"), QStringLiteral("--name"), QStringLiteral("nlb"),
                         QStringLiteral("--type"), QStringLiteral("network")})
                    .contains(u"application load balancers only"));
        QVERIFY(refused({QStringLiteral("describe-load-balancers"), QStringLiteral("--names"), QStringLiteral("nope")})
                    .contains(u"(LoadBalancerNotFound)"));
    }

    void loadBalancerAttributes()
    {
        AwsCli::Result r =
            ok({QStringLiteral("describe-load-balancer-attributes"), QStringLiteral("--load-balancer-arn"), m_lb});
        const QJsonArray defaults = r.json[u"Attributes"].toArray();
        QCOMPARE(attribute(defaults, QStringLiteral("idle_timeout.timeout_seconds")), QStringLiteral("60"));
        QCOMPARE(attribute(defaults, QStringLiteral("deletion_protection.enabled")), QStringLiteral("false"));
        QCOMPARE(attribute(defaults, QStringLiteral("routing.http2.enabled")), QStringLiteral("true"));
        r = ok({QStringLiteral("modify-load-balancer-attributes"), QStringLiteral("--load-balancer-arn"), m_lb,
                QStringLiteral("--attributes"), QStringLiteral("Key=idle_timeout.timeout_seconds,Value=120")});
        QCOMPARE(attribute(r.json[u"Attributes"].toArray(), QStringLiteral("idle_timeout.timeout_seconds")),
                 QStringLiteral("120"));
        r = ok({QStringLiteral("describe-load-balancer-attributes"), QStringLiteral("--load-balancer-arn"), m_lb});
        QCOMPARE(attribute(r.json[u"Attributes"].toArray(), QStringLiteral("idle_timeout.timeout_seconds")),
                 QStringLiteral("120"));
        QCOMPARE(r.json[u"Attributes"].toArray().size(), defaults.size());
        QVERIFY(refused({QStringLiteral("modify-load-balancer-attributes"), QStringLiteral("--load-balancer-arn"), m_lb,
                         QStringLiteral("--attributes"), QStringLiteral("Key=idle_timeout.timeout_seconds,Value=0")})
                    .contains(u"(ValidationError)"));
    }

    void targetGroupReadsBackAsCreated()
    {
        AwsCli::Result r = ok({QStringLiteral("create-target-group"),
                               QStringLiteral("--name"),
                               QStringLiteral("edges"),
                               QStringLiteral("--protocol"),
                               QStringLiteral("HTTP"),
                               QStringLiteral("--port"),
                               QStringLiteral("8080"),
                               QStringLiteral("--vpc-id"),
                               QStringLiteral("vpc-0abc"),
                               QStringLiteral("--health-check-path"),
                               QStringLiteral("/health"),
                               QStringLiteral("--health-check-interval-seconds"),
                               QStringLiteral("10"),
                               QStringLiteral("--health-check-timeout-seconds"),
                               QStringLiteral("4"),
                               QStringLiteral("--healthy-threshold-count"),
                               QStringLiteral("2"),
                               QStringLiteral("--matcher"),
                               QStringLiteral("HttpCode=200-299"),
                               QStringLiteral("--tags"),
                               QStringLiteral("Key=app,Value=edges")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject created = r.json[u"TargetGroups"][0].toObject();
        m_tg = created[u"TargetGroupArn"].toString();
        QCOMPARE(created[u"HealthCheckPort"].toString(), QStringLiteral("traffic-port"));
        QCOMPARE(created[u"UnhealthyThresholdCount"].toInt(), 2);
        QCOMPARE(created[u"TargetType"].toString(), QStringLiteral("instance"));
        QCOMPARE(created[u"Matcher"][u"HttpCode"].toString(), QStringLiteral("200-299"));
        r = ok({QStringLiteral("describe-target-groups"), QStringLiteral("--target-group-arns"), m_tg});
        QCOMPARE(r.json[u"TargetGroups"][0].toObject(), created);
        r = ok({QStringLiteral("describe-target-group-attributes"), QStringLiteral("--target-group-arn"), m_tg});
        QCOMPARE(attribute(r.json[u"Attributes"].toArray(), QStringLiteral("deregistration_delay.timeout_seconds")),
                 QStringLiteral("300"));
        QCOMPARE(attribute(r.json[u"Attributes"].toArray(), QStringLiteral("load_balancing.algorithm.type")),
                 QStringLiteral("round_robin"));
        QVERIFY(refused({QStringLiteral("create-target-group"), QStringLiteral("--name"), QStringLiteral("edges"),
                         QStringLiteral("--protocol"), QStringLiteral("HTTP"), QStringLiteral("--port"),
                         QStringLiteral("9090"), QStringLiteral("--vpc-id"), QStringLiteral("vpc-0abc")})
                    .contains(u"(DuplicateTargetGroupName)"));
        QVERIFY(refused({QStringLiteral("create-target-group"), QStringLiteral("--name"), QStringLiteral("bad-hc"),
                         QStringLiteral("--protocol"), QStringLiteral("HTTP"), QStringLiteral("--port"),
                         QStringLiteral("80"), QStringLiteral("--vpc-id"), QStringLiteral("vpc-0abc"),
                         QStringLiteral("--matcher"), QStringLiteral("HttpCode=500")})
                    .contains(u"Matcher.HttpCode"));
        r = ok({QStringLiteral("modify-target-group"), QStringLiteral("--target-group-arn"), m_tg,
                QStringLiteral("--health-check-interval-seconds"), QStringLiteral("15")});
        QCOMPARE(r.json[u"TargetGroups"][0][u"HealthCheckIntervalSeconds"].toInt(), 15);
    }

    void listenersAndRules()
    {
        AwsCli::Result r =
            ok({QStringLiteral("create-listener"), QStringLiteral("--load-balancer-arn"), m_lb,
                QStringLiteral("--protocol"), QStringLiteral("HTTP"), QStringLiteral("--port"), QString::number(m_port),
                QStringLiteral("--default-actions"), QStringLiteral("Type=forward,TargetGroupArn=") + m_tg});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject created = r.json[u"Listeners"][0].toObject();
        m_listener = created[u"ListenerArn"].toString();
        QCOMPARE(created[u"DefaultActions"][0][u"TargetGroupArn"].toString(), m_tg);
        r = ok({QStringLiteral("describe-listeners"), QStringLiteral("--load-balancer-arn"), m_lb});
        QCOMPARE(r.json[u"Listeners"][0].toObject(), created);
        r = ok({QStringLiteral("describe-listener-attributes"), QStringLiteral("--listener-arn"), m_listener});
        QCOMPARE(attribute(r.json[u"Attributes"].toArray(), QStringLiteral("routing.http.response.server.enabled")),
                 QStringLiteral("true"));
        // The target group now belongs to the load balancer.
        r = ok({QStringLiteral("describe-target-groups"), QStringLiteral("--load-balancer-arn"), m_lb});
        QCOMPARE(r.json[u"TargetGroups"][0][u"LoadBalancerArns"].toArray(), QJsonArray{m_lb});
        QVERIFY(refused({QStringLiteral("create-listener"), QStringLiteral("--load-balancer-arn"), m_lb,
                         QStringLiteral("--protocol"), QStringLiteral("HTTPS"), QStringLiteral("--port"),
                         QStringLiteral("8443"), QStringLiteral("--certificates"),
                         QStringLiteral("CertificateArn=arn:aws:acm:eu-west-1:000000000000:certificate/x"),
                         QStringLiteral("--default-actions"), QStringLiteral("Type=forward,TargetGroupArn=") + m_tg})
                    .contains(u"Certificates: not supported"));
        QVERIFY(refused({QStringLiteral("create-listener"), QStringLiteral("--load-balancer-arn"), m_lb,
                         QStringLiteral("--protocol"), QStringLiteral("HTTP"), QStringLiteral("--port"),
                         QString::number(m_port), QStringLiteral("--default-actions"),
                         QStringLiteral("Type=fixed-response,FixedResponseConfig={StatusCode=404}")})
                    .contains(u"(DuplicateListener)"));

        // A rule written with PathPatternConfig reads back with it; one with Values reads back with Values.
        r = ok(
            {QStringLiteral("create-rule"), QStringLiteral("--listener-arn"), m_listener, QStringLiteral("--priority"),
             QStringLiteral("10"), QStringLiteral("--conditions"),
             QStringLiteral(R"([{"Field":"path-pattern","PathPatternConfig":{"Values":["/cubebuster*"]}},)"
                            R"({"Field":"http-request-method","HttpRequestMethodConfig":{"Values":["GET","HEAD"]}}])"),
             QStringLiteral("--actions"),
             QStringLiteral(
                 R"([{"Type":"forward","ForwardConfig":{"TargetGroups":[{"TargetGroupArn":"%1","Weight":3}],)"
                 R"("TargetGroupStickinessConfig":{"Enabled":true,"DurationSeconds":60}}}])")
                 .arg(m_tg),
             QStringLiteral("--tags"), QStringLiteral("Key=route,Value=cubebuster")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject rule = r.json[u"Rules"][0].toObject();
        QCOMPARE(rule[u"Priority"].toString(), QStringLiteral("10"));
        QCOMPARE(rule[u"Conditions"][0][u"PathPatternConfig"][u"Values"][0].toString(), QStringLiteral("/cubebuster*"));
        QCOMPARE(rule[u"Actions"][0][u"ForwardConfig"][u"TargetGroups"][0][u"Weight"].toInt(), 3);
        QCOMPARE(rule[u"Actions"][0][u"ForwardConfig"][u"TargetGroupStickinessConfig"][u"DurationSeconds"].toInt(), 60);
        r = ok({QStringLiteral("create-rule"), QStringLiteral("--listener-arn"), m_listener,
                QStringLiteral("--priority"), QStringLiteral("20"), QStringLiteral("--conditions"),
                QStringLiteral("Field=host-header,Values=shop.example.com"), QStringLiteral("--actions"),
                QStringLiteral("Type=redirect,RedirectConfig={Protocol=HTTP,Port=8080,StatusCode=HTTP_301}")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject redirect = r.json[u"Rules"][0].toObject();
        QCOMPARE(redirect[u"Conditions"][0][u"Values"][0].toString(), QStringLiteral("shop.example.com"));
        QCOMPARE(redirect[u"Actions"][0][u"RedirectConfig"][u"Path"].toString(), QStringLiteral("/#{path}"));

        r = ok({QStringLiteral("describe-rules"), QStringLiteral("--listener-arn"), m_listener});
        const QJsonArray rules = r.json[u"Rules"].toArray();
        QCOMPARE(rules.size(), 3);
        QCOMPARE(rules[0].toObject(), rule);
        QCOMPARE(rules[1].toObject(), redirect);
        QCOMPARE(rules[2][u"Priority"].toString(), QStringLiteral("default"));
        QCOMPARE(rules[2][u"IsDefault"].toBool(), true);
        const QString defaultRule = rules[2][u"RuleArn"].toString();
        r = ok({QStringLiteral("describe-tags"), QStringLiteral("--resource-arns"), rule[u"RuleArn"].toString()});
        QCOMPARE(flatTags(r.json[u"TagDescriptions"][0][u"Tags"].toArray()),
                 QStringList{QStringLiteral("route=cubebuster")});

        // Errors as AWS names them.
        QVERIFY(refused({QStringLiteral("create-rule"), QStringLiteral("--listener-arn"), m_listener,
                         QStringLiteral("--priority"), QStringLiteral("10"), QStringLiteral("--conditions"),
                         QStringLiteral("Field=path-pattern,Values=/x"), QStringLiteral("--actions"),
                         QStringLiteral("Type=forward,TargetGroupArn=") + m_tg})
                    .contains(u"(PriorityInUse)"));
        QVERIFY(refused({QStringLiteral("create-rule"), QStringLiteral("--listener-arn"), m_listener,
                         QStringLiteral("--priority"), QStringLiteral("30"), QStringLiteral("--conditions"),
                         QStringLiteral(R"([{"Field":"path-pattern","PathPatternConfig":{"Values":["/a","/b","/c"]}},)"
                                        R"({"Field":"host-header","HostHeaderConfig":{"Values":["a","b","c"]}}])"),
                         QStringLiteral("--actions"), QStringLiteral("Type=forward,TargetGroupArn=") + m_tg})
                    .contains(u"'5' condition values"));
        QVERIFY(
            refused({QStringLiteral("create-rule"), QStringLiteral("--listener-arn"), m_listener,
                     QStringLiteral("--priority"), QStringLiteral("31"), QStringLiteral("--conditions"),
                     QStringLiteral("Field=path-pattern,Values=/x"), QStringLiteral("--actions"),
                     QStringLiteral("Type=authenticate-oidc,AuthenticateOidcConfig={Issuer=i,AuthorizationEndpoint=a,"
                                    "TokenEndpoint=t,UserInfoEndpoint=u,ClientId=c}")})
                .contains(u"authenticate-oidc actions are not served"));
        QVERIFY(refused({QStringLiteral("delete-rule"), QStringLiteral("--rule-arn"), defaultRule})
                    .contains(u"(OperationNotPermitted)"));

        // Swap the two priorities in one request.
        r = ok({QStringLiteral("set-rule-priorities"), QStringLiteral("--rule-priorities"),
                QStringLiteral("RuleArn=%1,Priority=20").arg(rule[u"RuleArn"].toString()),
                QStringLiteral("RuleArn=%1,Priority=10").arg(redirect[u"RuleArn"].toString())});
        QCOMPARE(r.exitCode, 0);
        r = ok({QStringLiteral("describe-rules"), QStringLiteral("--listener-arn"), m_listener});
        QCOMPARE(r.json[u"Rules"][0][u"RuleArn"].toString(), redirect[u"RuleArn"].toString());
        r = ok({QStringLiteral("modify-rule"), QStringLiteral("--rule-arn"), redirect[u"RuleArn"].toString(),
                QStringLiteral("--conditions"), QStringLiteral("Field=path-pattern,Values=/old/*")});
        QCOMPARE(r.json[u"Rules"][0][u"Conditions"][0][u"Values"][0].toString(), QStringLiteral("/old/*"));
        QCOMPARE(
            ok({QStringLiteral("delete-rule"), QStringLiteral("--rule-arn"), redirect[u"RuleArn"].toString()}).exitCode,
            0);
    }

    void targetsRegisterAndDeregister()
    {
        const QString instance = instanceId(0);
        QVERIFY(instance.startsWith(u"i-"));
        QCOMPARE(ok({QStringLiteral("register-targets"), QStringLiteral("--target-group-arn"), m_tg,
                     QStringLiteral("--targets"), QStringLiteral("Id=%1,Port=32768").arg(instance),
                     QStringLiteral("Id=%1,Port=32769").arg(instance)})
                     .exitCode,
                 0);
        AwsCli::Result r = ok({QStringLiteral("describe-target-health"), QStringLiteral("--target-group-arn"), m_tg});
        QJsonArray health = r.json[u"TargetHealthDescriptions"].toArray();
        QCOMPARE(health.size(), 2);
        QCOMPARE(health[0][u"Target"][u"Id"].toString(), instance);
        QCOMPARE(health[0][u"Target"][u"Port"].toInt(), 32768);
        QCOMPARE(health[0][u"HealthCheckPort"].toString(), QStringLiteral("32768"));
        // initial / Elb.RegistrationInProgress until the first health check answers; the instance is
        // simulated, so its check passes and one pass makes a new target healthy.
        const QString state = health[0][u"TargetHealth"][u"State"].toString();
        const QString reason = health[0][u"TargetHealth"][u"Reason"].toString();
        QVERIFY2((state == u"initial" && reason == u"Elb.RegistrationInProgress") || (state == u"healthy" && reason.isEmpty()),
                 qPrintable(state + u' ' + reason));
        QCOMPARE(ok({QStringLiteral("wait"), QStringLiteral("target-in-service"), QStringLiteral("--target-group-arn"),
                     m_tg, QStringLiteral("--targets"), QStringLiteral("Id=%1,Port=32768").arg(instance),
                     QStringLiteral("Id=%1,Port=32769").arg(instance)})
                     .exitCode,
                 0);
        QVERIFY(refused({QStringLiteral("register-targets"), QStringLiteral("--target-group-arn"), m_tg,
                         QStringLiteral("--targets"), QStringLiteral("Id=i-0000000000000dead")})
                    .contains(u"(InvalidTarget)"));

        // Deregistered with the default delay (300 s): draining.
        QCOMPARE(ok({QStringLiteral("deregister-targets"), QStringLiteral("--target-group-arn"), m_tg,
                     QStringLiteral("--targets"), QStringLiteral("Id=%1,Port=32768").arg(instance)})
                     .exitCode,
                 0);
        r = ok({QStringLiteral("describe-target-health"), QStringLiteral("--target-group-arn"), m_tg,
                QStringLiteral("--targets"), QStringLiteral("Id=%1,Port=32768").arg(instance)});
        QCOMPARE(r.json[u"TargetHealthDescriptions"][0][u"TargetHealth"][u"State"].toString(),
                 QStringLiteral("draining"));
        QCOMPARE(r.json[u"TargetHealthDescriptions"][0][u"TargetHealth"][u"Reason"].toString(),
                 QStringLiteral("Target.DeregistrationInProgress"));

        // With a delay of 0 deregistration ends at once: the waiter sees the target unused (not registered).
        QCOMPARE(
            ok({QStringLiteral("modify-target-group-attributes"), QStringLiteral("--target-group-arn"), m_tg,
                QStringLiteral("--attributes"), QStringLiteral("Key=deregistration_delay.timeout_seconds,Value=0")})
                .exitCode,
            0);
        QCOMPARE(ok({QStringLiteral("deregister-targets"), QStringLiteral("--target-group-arn"), m_tg,
                     QStringLiteral("--targets"), QStringLiteral("Id=%1,Port=32769").arg(instance)})
                     .exitCode,
                 0);
        QCOMPARE(
            ok({QStringLiteral("wait"), QStringLiteral("target-deregistered"), QStringLiteral("--target-group-arn"),
                m_tg, QStringLiteral("--targets"), QStringLiteral("Id=%1,Port=32769").arg(instance)})
                .exitCode,
            0);
        r = ok({QStringLiteral("describe-target-health"), QStringLiteral("--target-group-arn"), m_tg,
                QStringLiteral("--targets"), QStringLiteral("Id=%1,Port=32769").arg(instance)});
        QCOMPARE(r.json[u"TargetHealthDescriptions"][0][u"TargetHealth"][u"Reason"].toString(),
                 QStringLiteral("Target.NotRegistered"));
        QVERIFY(refused({QStringLiteral("delete-target-group"), QStringLiteral("--target-group-arn"), m_tg})
                    .contains(u"(ResourceInUse)"));
    }

    void paging()
    {
        for (int i = 0; i < 5; ++i)
            QCOMPARE(
                ok({QStringLiteral("create-target-group"), QStringLiteral("--name"), QStringLiteral("page-%1").arg(i),
                    QStringLiteral("--protocol"), QStringLiteral("HTTP"), QStringLiteral("--port"),
                    QStringLiteral("80"), QStringLiteral("--vpc-id"), QStringLiteral("vpc-0abc")})
                    .exitCode,
                0);
        // Given --page-size (the model's PageSize), the CLI pages no further: follow NextMarker by hand.
        QStringList names;
        QString marker;
        int calls = 0;
        do {
            QStringList args{QStringLiteral("describe-target-groups"), QStringLiteral("--page-size"),
                             QStringLiteral("2")};
            if (!marker.isEmpty())
                args << QStringLiteral("--marker") << marker;
            const AwsCli::Result r = ok(args);
            QCOMPARE(r.exitCode, 0);
            QVERIFY(r.json[u"TargetGroups"].toArray().size() <= 2);
            for (const QJsonValue &tg : r.json[u"TargetGroups"].toArray())
                names << tg[u"TargetGroupName"].toString();
            marker = r.json[u"NextMarker"].toString();
            ++calls;
        } while (!marker.isEmpty() && calls < 10);
        QCOMPARE(calls, 3);
        QCOMPARE(names, (QStringList{QStringLiteral("edges"), QStringLiteral("page-0"), QStringLiteral("page-1"),
                                     QStringLiteral("page-2"), QStringLiteral("page-3"), QStringLiteral("page-4")}));
        // Without it, one answer holds them all (up to 400).
        QCOMPARE(ok({QStringLiteral("describe-target-groups")}).json[u"TargetGroups"].toArray().size(), 6);
        QVERIFY(refused({
                            QStringLiteral("describe-target-groups"),
                            QStringLiteral("--page-size"),
                            QStringLiteral("401"),
                        })
                    .contains(u"PageSize"));
    }

    void everythingSurvivesARestart()
    {
        const AwsCli::Result lbs = ok({QStringLiteral("describe-load-balancers")});
        const AwsCli::Result rules =
            ok({QStringLiteral("describe-rules"), QStringLiteral("--listener-arn"), m_listener});
        const AwsCli::Result health =
            ok({QStringLiteral("describe-target-health"), QStringLiteral("--target-group-arn"), m_tg});
        QVERIFY2(m_api.restart(), qPrintable(m_api.errorText()));
        QCOMPARE(ok({QStringLiteral("describe-load-balancers")}).json, lbs.json);
        QCOMPARE(ok({QStringLiteral("describe-rules"), QStringLiteral("--listener-arn"), m_listener}).json, rules.json);
        QCOMPARE(ok({QStringLiteral("describe-target-health"), QStringLiteral("--target-group-arn"), m_tg}).json,
                 health.json);
    }

    void deleteEverything()
    {
        QCOMPARE(ok({QStringLiteral("modify-load-balancer-attributes"), QStringLiteral("--load-balancer-arn"), m_lb,
                     QStringLiteral("--attributes"), QStringLiteral("Key=deletion_protection.enabled,Value=true")})
                     .exitCode,
                 0);
        QVERIFY(refused({QStringLiteral("delete-load-balancer"), QStringLiteral("--load-balancer-arn"), m_lb})
                    .contains(u"(OperationNotPermitted)"));
        QCOMPARE(ok({QStringLiteral("modify-load-balancer-attributes"), QStringLiteral("--load-balancer-arn"), m_lb,
                     QStringLiteral("--attributes"), QStringLiteral("Key=deletion_protection.enabled,Value=false")})
                     .exitCode,
                 0);
        QCOMPARE(ok({QStringLiteral("delete-load-balancer"), QStringLiteral("--load-balancer-arn"), m_lb}).exitCode, 0);
        QCOMPARE(ok({QStringLiteral("wait"), QStringLiteral("load-balancers-deleted"),
                     QStringLiteral("--load-balancer-arns"), m_lb})
                     .exitCode,
                 0);
        QVERIFY(refused({QStringLiteral("describe-listeners"), QStringLiteral("--listener-arns"), m_listener})
                    .contains(u"(ListenerNotFound)"));
        // Nothing forwards to the group any more: it can go, and going again is not an error.
        QCOMPARE(ok({QStringLiteral("delete-target-group"), QStringLiteral("--target-group-arn"), m_tg}).exitCode, 0);
        QCOMPARE(ok({QStringLiteral("delete-target-group"), QStringLiteral("--target-group-arn"), m_tg}).exitCode, 0);
        QVERIFY(refused({QStringLiteral("describe-target-groups"), QStringLiteral("--target-group-arns"), m_tg})
                    .contains(u"(TargetGroupNotFound)"));
    }
};

QTEST_GUILESS_MAIN(TestElbv2Api)
#include "TestElbv2Api.moc"
