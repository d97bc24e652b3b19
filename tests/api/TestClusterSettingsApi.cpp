// Cluster settings, configuration and capacity providers, the built-in capacity providers and the ECS
// account settings through the real `aws` CLI: what a client writes describes back identically
// (UpdateCluster, UpdateClusterSettings, PutClusterCapacityProviders, CreateCluster's members), what
// Fleetdeck cannot honour is refused by name, ECS's errors for unknown clusters, providers and bad
// strategies, account settings per principal with AWS's defaults, and all of it surviving a restart.
// Simulated runtime: no Docker.

#include "ApiFixture.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using fd::test::AwsCli;

namespace {

const QString kOther = QStringLiteral("arn:aws:iam::000000000000:user/other");
const QString kRoot = QStringLiteral("arn:aws:iam::000000000000:root");
const QString kCaller = QStringLiteral("arn:aws:iam::000000000000:user/test"); // AwsCli's access key "test"

QString compact(const QJsonValue &v)
{
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    return v.toVariant().toString();
}

// name -> "value principal type" of a settings list.
QMap<QString, QString> byName(const QJsonArray &settings)
{
    QMap<QString, QString> out;
    for (const QJsonValue &s : settings)
        out.insert(s[u"name"].toString(),
                   s[u"value"].toString() + u' ' + s[u"principalArn"].toString() + u' ' + s[u"type"].toString());
    return out;
}

// "value principal type", as byName() shows a setting.
QString row(const char *value, const QString &principal, const char *type)
{
    return QStringLiteral("%1 %2 %3").arg(QLatin1String(value), principal, QLatin1String(type));
}

} // namespace

class TestClusterSettingsApi : public QObject
{
    Q_OBJECT

private:
    fd::test::ApiFixture m_api{QStringLiteral("ecs"), fd::test::ApiFixture::simulated(20)};
    QJsonObject m_describedBeforeRestart;

    AwsCli::Result ecs(const QStringList &args) { return m_api.service().ok(args); }
    QString refused(const QStringList &args) { return m_api.service().refused(args); }

    QJsonObject describe(const QString &cluster)
    {
        const AwsCli::Result r = ecs({QStringLiteral("describe-clusters"), QStringLiteral("--clusters"), cluster,
                                      QStringLiteral("--include"), QStringLiteral("SETTINGS"),
                                      QStringLiteral("CONFIGURATIONS"), QStringLiteral("TAGS")});
        return r.json[u"clusters"][0].toObject();
    }

private slots:
    void initTestCase() { FD_START_API_FIXTURE(m_api); }

    void cleanupTestCase() { m_api.stop(); }

    void createClusterKeepsEveryMember()
    {
        const AwsCli::Result r =
            ecs({QStringLiteral("create-cluster"), QStringLiteral("--cluster-name"), QStringLiteral("insights"),
                 QStringLiteral("--settings"), QStringLiteral("name=containerInsights,value=enhanced"),
                 QStringLiteral("--configuration"),
                 QStringLiteral(R"({"executeCommandConfiguration":{"logging":"DEFAULT"}})"),
                 QStringLiteral("--capacity-providers"), QStringLiteral("FARGATE"), QStringLiteral("FARGATE_SPOT"),
                 QStringLiteral("--default-capacity-provider-strategy"),
                 QStringLiteral("capacityProvider=FARGATE,weight=1,base=2"),
                 QStringLiteral("capacityProvider=FARGATE_SPOT,weight=3"), QStringLiteral("--tags"),
                 QStringLiteral("key=team,value=blue")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject created = r.json[u"cluster"].toObject();
        const QString settings = QStringLiteral(R"([{"name":"containerInsights","value":"enhanced"}])");
        const QString configuration = QStringLiteral(R"({"executeCommandConfiguration":{"logging":"DEFAULT"}})");
        const QString providers = QStringLiteral(R"(["FARGATE","FARGATE_SPOT"])");
        // An absent weight or base reads back as 0, as ECS fills them in.
        const QString strategy = QStringLiteral(R"([{"base":2,"capacityProvider":"FARGATE","weight":1},)"
                                                R"({"base":0,"capacityProvider":"FARGATE_SPOT","weight":3}])");
        QCOMPARE(compact(created[u"settings"]), settings);
        QCOMPARE(compact(created[u"configuration"]), configuration);
        QCOMPARE(compact(created[u"capacityProviders"]), providers);
        QCOMPARE(compact(created[u"defaultCapacityProviderStrategy"]), strategy);

        const QJsonObject described = describe(QStringLiteral("insights"));
        QCOMPARE(compact(described[u"settings"]), settings);
        QCOMPARE(compact(described[u"configuration"]), configuration);
        QCOMPARE(compact(described[u"capacityProviders"]), providers);
        QCOMPARE(compact(described[u"defaultCapacityProviderStrategy"]), strategy);
        QCOMPARE(compact(described[u"tags"]), QStringLiteral(R"([{"key":"team","value":"blue"}])"));

        // Without include, ECS leaves settings and configuration out (the providers are always there).
        const AwsCli::Result plain =
            ecs({QStringLiteral("describe-clusters"), QStringLiteral("--clusters"), QStringLiteral("insights")});
        QVERIFY(!plain.json[u"clusters"][0].toObject().contains(u"settings"));
        QVERIFY(!plain.json[u"clusters"][0].toObject().contains(u"configuration"));
        QCOMPARE(compact(plain.json[u"clusters"][0][u"capacityProviders"]), providers);

        // Created again with the same members: the same cluster; with other settings: ECS's refusal.
        QCOMPARE(ecs({QStringLiteral("create-cluster"), QStringLiteral("--cluster-name"), QStringLiteral("insights"),
                      QStringLiteral("--settings"), QStringLiteral("name=containerInsights,value=enhanced")})
                     .exitCode,
                 0);
        const QString err =
            refused({QStringLiteral("create-cluster"), QStringLiteral("--cluster-name"), QStringLiteral("insights"),
                     QStringLiteral("--settings"), QStringLiteral("name=containerInsights,value=disabled")});
        QVERIFY2(err.contains(u"InvalidParameterException") && err.contains(u"inconsistent"), qPrintable(err));
        QCOMPARE(compact(describe(QStringLiteral("insights"))[u"settings"]), settings);
    }

    void updateClusterAndSettingsReadBack()
    {
        AwsCli::Result r =
            ecs({QStringLiteral("update-cluster-settings"), QStringLiteral("--cluster"), QStringLiteral("insights"),
                 QStringLiteral("--settings"), QStringLiteral("name=containerInsights,value=disabled")});
        QCOMPARE(compact(r.json[u"cluster"][u"settings"]),
                 QStringLiteral(R"([{"name":"containerInsights","value":"disabled"}])"));
        QCOMPARE(compact(describe(QStringLiteral("insights"))[u"settings"]),
                 QStringLiteral(R"([{"name":"containerInsights","value":"disabled"}])"));

        r = ecs({QStringLiteral("update-cluster"), QStringLiteral("--cluster"),
                 QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:cluster/insights"), QStringLiteral("--settings"),
                 QStringLiteral("name=containerInsights,value=enabled"), QStringLiteral("--configuration"),
                 QStringLiteral(R"({"executeCommandConfiguration":{"logging":"NONE"}})")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject described = describe(QStringLiteral("insights"));
        QCOMPARE(compact(described[u"settings"]),
                 QStringLiteral(R"([{"name":"containerInsights","value":"enabled"}])"));
        QCOMPARE(compact(described[u"configuration"]),
                 QStringLiteral(R"({"executeCommandConfiguration":{"logging":"NONE"}})"));
        // UpdateCluster leaves the capacity providers alone.
        QCOMPARE(compact(described[u"capacityProviders"]), QStringLiteral(R"(["FARGATE","FARGATE_SPOT"])"));
    }

    void putClusterCapacityProvidersReadBack()
    {
        AwsCli::Result r = ecs({QStringLiteral("put-cluster-capacity-providers"), QStringLiteral("--cluster"),
                                QStringLiteral("default"), QStringLiteral("--capacity-providers"),
                                QStringLiteral("FARGATE_SPOT"), QStringLiteral("--default-capacity-provider-strategy"),
                                QStringLiteral("capacityProvider=FARGATE_SPOT,weight=5,base=1")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(compact(r.json[u"cluster"][u"capacityProviders"]), QStringLiteral(R"(["FARGATE_SPOT"])"));
        QJsonObject described = describe(QStringLiteral("default"));
        QCOMPARE(compact(described[u"capacityProviders"]), QStringLiteral(R"(["FARGATE_SPOT"])"));
        QCOMPARE(compact(described[u"defaultCapacityProviderStrategy"]),
                 QStringLiteral(R"([{"base":1,"capacityProvider":"FARGATE_SPOT","weight":5}])"));
        // Empty lists take them away.
        r = ecs({QStringLiteral("put-cluster-capacity-providers"), QStringLiteral("--cluster"),
                 QStringLiteral("default"), QStringLiteral("--capacity-providers"), QStringLiteral("[]"),
                 QStringLiteral("--default-capacity-provider-strategy"), QStringLiteral("[]")});
        QCOMPARE(r.exitCode, 0);
        described = describe(QStringLiteral("default"));
        QCOMPARE(compact(described[u"capacityProviders"]), QStringLiteral("[]"));
        QCOMPARE(compact(described[u"defaultCapacityProviderStrategy"]), QStringLiteral("[]"));
    }

    void refusals_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        const QString ins = QStringLiteral("insights");
        const auto put = [&](const QStringList &providers, const QStringList &strategy) {
            return QStringList{QStringLiteral("put-cluster-capacity-providers"), QStringLiteral("--cluster"), ins,
                               QStringLiteral("--capacity-providers")} +
                   providers + QStringList{QStringLiteral("--default-capacity-provider-strategy")} + strategy;
        };
        QTest::newRow("unknown cluster") << QStringList{QStringLiteral("update-cluster-settings"),
                                                        QStringLiteral("--cluster"), QStringLiteral("nope"),
                                                        QStringLiteral("--settings"),
                                                        QStringLiteral("name=containerInsights,value=enabled")}
                                         << QStringLiteral("ClusterNotFoundException");
        QTest::newRow("unknown cluster (put)") << QStringList{QStringLiteral("put-cluster-capacity-providers"),
                                                              QStringLiteral("--cluster"),
                                                              QStringLiteral("nope"),
                                                              QStringLiteral("--capacity-providers"),
                                                              QStringLiteral("FARGATE"),
                                                              QStringLiteral("--default-capacity-provider-strategy"),
                                                              QStringLiteral("[]")}
                                               << QStringLiteral("ClusterNotFoundException");
        QTest::newRow("bad insights value")
            << QStringList{QStringLiteral("update-cluster-settings"), QStringLiteral("--cluster"), ins,
                           QStringLiteral("--settings"), QStringLiteral("name=containerInsights,value=on")}
            << QStringLiteral("settings[0].value: \"on\" is not enabled, disabled or enhanced");
        QTest::newRow("kms key") << QStringList{QStringLiteral("update-cluster"), QStringLiteral("--cluster"), ins,
                                                QStringLiteral("--configuration"),
                                                QStringLiteral(R"({"executeCommandConfiguration":{"kmsKeyId":"k"}})")}
                                 << QStringLiteral("configuration.executeCommandConfiguration.kmsKeyId");
        QTest::newRow("log configuration")
            << QStringList{QStringLiteral("update-cluster"), QStringLiteral("--cluster"), ins,
                           QStringLiteral("--configuration"),
                           QStringLiteral(R"({"executeCommandConfiguration":{"logging":"OVERRIDE",)"
                                          R"("logConfiguration":{"cloudWatchLogGroupName":"g"}}})")}
            << QStringLiteral("configuration.executeCommandConfiguration.log");
        QTest::newRow("managed storage") << QStringList{QStringLiteral("create-cluster"),
                                                        QStringLiteral("--cluster-name"), QStringLiteral("ms"),
                                                        QStringLiteral("--configuration"),
                                                        QStringLiteral(
                                                            R"({"managedStorageConfiguration":{"kmsKeyId":"k"}})")}
                                         << QStringLiteral("configuration.managedStorageConfiguration");
        QTest::newRow("service connect") << QStringList{QStringLiteral("update-cluster"), QStringLiteral("--cluster"),
                                                        ins, QStringLiteral("--service-connect-defaults"),
                                                        QStringLiteral("namespace=shop")}
                                         << QStringLiteral("NamespaceNotFoundException");
        QTest::newRow("unknown provider") << put({QStringLiteral("MY_ASG_CP")}, {QStringLiteral("[]")})
                                          << QStringLiteral("capacity provider MY_ASG_CP was not found");
        QTest::newRow("strategy not associated")
            << put({QStringLiteral("FARGATE")}, {QStringLiteral("capacityProvider=FARGATE_SPOT,weight=1")})
            << QStringLiteral("not associated with the cluster (FARGATE_SPOT)");
        QTest::newRow("two bases") << put({QStringLiteral("FARGATE"), QStringLiteral("FARGATE_SPOT")},
                                          {QStringLiteral("capacityProvider=FARGATE,weight=1,base=1"),
                                           QStringLiteral("capacityProvider=FARGATE_SPOT,weight=1,base=1")})
                                   << QStringLiteral("only one capacity provider in a strategy can have a base");
        QTest::newRow("no weight") << put({QStringLiteral("FARGATE")},
                                          {QStringLiteral("capacityProvider=FARGATE,base=1")})
                                   << QStringLiteral("at least one capacity provider must have a weight");
        QTest::newRow("weight too big") << put({QStringLiteral("FARGATE")},
                                               {QStringLiteral("capacityProvider=FARGATE,weight=1001")})
                                        << QStringLiteral("weight of FARGATE must be 0 to 1000");
        QTest::newRow("twice in strategy")
            << put({QStringLiteral("FARGATE")}, {QStringLiteral("capacityProvider=FARGATE,weight=1"),
                                                 QStringLiteral("capacityProvider=FARGATE,weight=2")})
            << QStringLiteral("FARGATE appears twice");
        QTest::newRow("create with unknown provider")
            << QStringList{QStringLiteral("create-cluster"), QStringLiteral("--cluster-name"), QStringLiteral("cp"),
                           QStringLiteral("--capacity-providers"), QStringLiteral("nope")}
            << QStringLiteral("capacity provider nope was not found");
    }

    void refusals()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const QJsonObject before = describe(QStringLiteral("insights"));
        const QString err = refused(args);
        QVERIFY2(err.contains(expected), qPrintable(err));
        // Nothing was half-applied.
        QCOMPARE(describe(QStringLiteral("insights")), before);
    }

    void refusedCreatesMadeNoCluster()
    {
        const AwsCli::Result list = ecs({QStringLiteral("list-clusters")});
        QVERIFY(!list.json[u"clusterArns"].toArray().isEmpty());
        for (const QJsonValue &a : list.json[u"clusterArns"].toArray())
            QVERIFY2(!a.toString().endsWith(u"/ms") && !a.toString().endsWith(u"/cp"), qPrintable(a.toString()));
    }

    void builtInCapacityProviders()
    {
        AwsCli::Result r = ecs({QStringLiteral("describe-capacity-providers")});
        const QJsonArray all = r.json[u"capacityProviders"].toArray();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all[0][u"name"].toString(), QStringLiteral("FARGATE"));
        QCOMPARE(all[0][u"status"].toString(), QStringLiteral("ACTIVE"));
        QCOMPARE(all[0][u"capacityProviderArn"].toString(),
                 QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:capacity-provider/FARGATE"));
        QCOMPARE(all[1][u"name"].toString(), QStringLiteral("FARGATE_SPOT"));
        QCOMPARE(all[1][u"type"].toString(), QStringLiteral("FARGATE_SPOT"));

        r = ecs({QStringLiteral("describe-capacity-providers"), QStringLiteral("--capacity-providers"),
                 QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:capacity-provider/FARGATE_SPOT"),
                 QStringLiteral("mine")});
        QCOMPARE(r.json[u"capacityProviders"].toArray().size(), 1);
        QCOMPARE(r.json[u"capacityProviders"][0][u"name"].toString(), QStringLiteral("FARGATE_SPOT"));
        QCOMPARE(compact(r.json[u"failures"]),
                 QStringLiteral(R"([{"arn":"arn:aws:ecs:eu-west-1:000000000000:capacity-provider/mine",)"
                                R"("reason":"MISSING"}])"));

        // No Auto Scaling groups exist yet: the group is named in the refusal, nothing is stored.
        const QString group = QStringLiteral("arn:aws:autoscaling:eu-west-1:000000000000:autoScalingGroup:1234:"
                                             "autoScalingGroupName/web-asg");
        QString err =
            refused({QStringLiteral("create-capacity-provider"), QStringLiteral("--name"), QStringLiteral("web-cp"),
                     QStringLiteral("--auto-scaling-group-provider"), QStringLiteral("autoScalingGroupArn=") + group});
        QVERIFY2(err.contains(group) && err.contains(u"was not found"), qPrintable(err));
        QCOMPARE(ecs({QStringLiteral("describe-capacity-providers")}).json[u"capacityProviders"].toArray().size(), 2);
        err = refused({QStringLiteral("create-capacity-provider"), QStringLiteral("--name"),
                       QStringLiteral("fargate-mine"), QStringLiteral("--auto-scaling-group-provider"),
                       QStringLiteral("autoScalingGroupArn=") + group});
        QVERIFY2(err.contains(u"cannot start with"), qPrintable(err));
        err = refused({QStringLiteral("delete-capacity-provider"), QStringLiteral("--capacity-provider"),
                       QStringLiteral("FARGATE")});
        QVERIFY2(err.contains(u"InvalidParameterException") && err.contains(u"reserved"), qPrintable(err));
        err = refused({QStringLiteral("update-capacity-provider"), QStringLiteral("--name"),
                       QStringLiteral("FARGATE_SPOT"), QStringLiteral("--auto-scaling-group-provider"),
                       QStringLiteral("managedDraining=ENABLED")});
        QVERIFY2(err.contains(u"reserved"), qPrintable(err));
        err = refused({QStringLiteral("delete-capacity-provider"), QStringLiteral("--capacity-provider"),
                       QStringLiteral("web-cp")});
        QVERIFY2(err.contains(u"web-cp does not exist"), qPrintable(err));
    }

    void accountSettingsPerPrincipal()
    {
        // Nothing set: no explicit settings; the effective ones are AWS's defaults (paged by 10, the
        // CLI follows the token).
        AwsCli::Result r = ecs({QStringLiteral("list-account-settings")});
        QCOMPARE(r.json[u"settings"].toArray().size(), 0);
        r = ecs({QStringLiteral("list-account-settings"), QStringLiteral("--effective-settings")});
        QMap<QString, QString> effective = byName(r.json[u"settings"].toArray());
        QCOMPARE(effective.size(), 11);
        QCOMPARE(effective.value(QStringLiteral("containerInsights")), row("disabled", kRoot, "aws_managed"));
        QCOMPARE(effective.value(QStringLiteral("serviceLongArnFormat")), row("enabled", kRoot, "aws_managed"));
        QCOMPARE(effective.value(QStringLiteral("fargateTaskRetirementWaitPeriod")), row("7", kRoot, "aws_managed"));
        QCOMPARE(effective.value(QStringLiteral("defaultLogDriverMode")), row("non-blocking", kRoot, "aws_managed"));

        // The caller's own setting, and the account default (the root user's).
        r = ecs({QStringLiteral("put-account-setting"), QStringLiteral("--name"), QStringLiteral("containerInsights"),
                 QStringLiteral("--value"), QStringLiteral("enhanced")});
        QCOMPARE(compact(r.json[u"setting"]),
                 QStringLiteral(R"({"name":"containerInsights","principalArn":"%1","type":"user","value":"enhanced"})")
                     .arg(kCaller));
        r = ecs({QStringLiteral("put-account-setting-default"), QStringLiteral("--name"),
                 QStringLiteral("tagResourceAuthorization"), QStringLiteral("--value"), QStringLiteral("off")});
        QCOMPARE(r.json[u"setting"][u"principalArn"].toString(), kRoot);
        r = ecs({QStringLiteral("put-account-setting"), QStringLiteral("--name"), QStringLiteral("awsvpcTrunking"),
                 QStringLiteral("--value"), QStringLiteral("enabled"), QStringLiteral("--principal-arn"), kOther});
        QCOMPARE(r.json[u"setting"][u"principalArn"].toString(), kOther);

        r = ecs({QStringLiteral("list-account-settings")});
        QCOMPARE(byName(r.json[u"settings"].toArray()),
                 (QMap<QString, QString>{{QStringLiteral("containerInsights"), row("enhanced", kCaller, "user")}}));
        r = ecs({QStringLiteral("list-account-settings"), QStringLiteral("--effective-settings"),
                 QStringLiteral("--principal-arn"), kOther});
        effective = byName(r.json[u"settings"].toArray());
        QCOMPARE(effective.value(QStringLiteral("awsvpcTrunking")), row("enabled", kOther, "user"));
        QCOMPARE(effective.value(QStringLiteral("tagResourceAuthorization")), row("off", kRoot, "user"));
        QCOMPARE(effective.value(QStringLiteral("containerInsights")), row("disabled", kRoot, "aws_managed"));
        r = ecs({QStringLiteral("list-account-settings"), QStringLiteral("--effective-settings"),
                 QStringLiteral("--name"), QStringLiteral("containerInsights"), QStringLiteral("--value"),
                 QStringLiteral("enhanced")});
        QCOMPARE(r.json[u"settings"].toArray().size(), 1);

        // A new cluster without settings takes the caller's containerInsights.
        r = ecs({QStringLiteral("create-cluster"), QStringLiteral("--cluster-name"), QStringLiteral("from-account")});
        QCOMPARE(compact(r.json[u"cluster"][u"settings"]),
                 QStringLiteral(R"([{"name":"containerInsights","value":"enhanced"}])"));

        // Deleting the caller's own setting: it answers what was set and the default applies again.
        r = ecs(
            {QStringLiteral("delete-account-setting"), QStringLiteral("--name"), QStringLiteral("containerInsights")});
        QCOMPARE(r.json[u"setting"][u"value"].toString(), QStringLiteral("enhanced"));
        r = ecs({QStringLiteral("list-account-settings"), QStringLiteral("--effective-settings"),
                 QStringLiteral("--name"), QStringLiteral("containerInsights")});
        QCOMPARE(r.json[u"settings"][0][u"value"].toString(), QStringLiteral("disabled"));

        // Refusals name the problem.
        const QList<QPair<QStringList, QString>> bad = {
            {{QStringLiteral("put-account-setting"), QStringLiteral("--name"), QStringLiteral("containerInsights"),
              QStringLiteral("--value"), QStringLiteral("maybe")},
             QStringLiteral("value: \"maybe\" is not a value of containerInsights")},
            {{QStringLiteral("put-account-setting"), QStringLiteral("--name"), QStringLiteral("noSuchSetting"),
              QStringLiteral("--value"), QStringLiteral("enabled")},
             QStringLiteral("name: \"noSuchSetting\" is not an account setting")},
            {{QStringLiteral("put-account-setting"), QStringLiteral("--name"), QStringLiteral("guardDutyActivate"),
              QStringLiteral("--value"), QStringLiteral("on")},
             QStringLiteral("read-only")},
            {{QStringLiteral("put-account-setting"), QStringLiteral("--name"), QStringLiteral("fargateFIPSMode"),
              QStringLiteral("--value"), QStringLiteral("enabled")},
             QStringLiteral("PutAccountSettingDefault")},
            {{QStringLiteral("put-account-setting"), QStringLiteral("--name"),
              QStringLiteral("fargateTaskRetirementWaitPeriod"), QStringLiteral("--value"), QStringLiteral("14")},
             QStringLiteral("root user only")},
            {{QStringLiteral("put-account-setting"), QStringLiteral("--name"), QStringLiteral("awsvpcTrunking"),
              QStringLiteral("--value"), QStringLiteral("enabled"), QStringLiteral("--principal-arn"),
              QStringLiteral("alice")},
             QStringLiteral("principalArn: \"alice\" is not the ARN")},
            {{QStringLiteral("list-account-settings"), QStringLiteral("--value"), QStringLiteral("enabled")},
             QStringLiteral("give its name too")},
        };
        for (const auto &[args, expected] : bad) {
            const QString err = refused(args);
            QVERIFY2(err.contains(u"InvalidParameterException") && err.contains(expected),
                     qPrintable(args.join(u' ') + QStringLiteral(" -> ") + err));
        }
        QCOMPARE(
            ecs({QStringLiteral("put-account-setting-default"), QStringLiteral("--name"),
                 QStringLiteral("fargateTaskRetirementWaitPeriod"), QStringLiteral("--value"), QStringLiteral("14")})
                .exitCode,
            0);
        m_describedBeforeRestart = describe(QStringLiteral("insights"));
    }

    void everythingSurvivesARestart()
    {
        QVERIFY2(m_api.restart(), qPrintable(m_api.errorText()));
        QCOMPARE(describe(QStringLiteral("insights")), m_describedBeforeRestart);
        QCOMPARE(compact(describe(QStringLiteral("from-account"))[u"settings"]),
                 QStringLiteral(R"([{"name":"containerInsights","value":"enhanced"}])"));
        AwsCli::Result r = ecs({QStringLiteral("list-account-settings"), QStringLiteral("--principal-arn"), kRoot});
        QCOMPARE(
            byName(r.json[u"settings"].toArray()),
            (QMap<QString, QString>{{QStringLiteral("tagResourceAuthorization"), row("off", kRoot, "user")},
                                    {QStringLiteral("fargateTaskRetirementWaitPeriod"), row("14", kRoot, "user")}}));
        r = ecs({QStringLiteral("list-account-settings"), QStringLiteral("--principal-arn"), kOther});
        QCOMPARE(byName(r.json[u"settings"].toArray()),
                 (QMap<QString, QString>{{QStringLiteral("awsvpcTrunking"), row("enabled", kOther, "user")}}));
        r = ecs({QStringLiteral("list-account-settings")});
        QCOMPARE(r.json[u"settings"].toArray().size(), 0); // the deleted one stayed deleted
    }
};

QTEST_GUILESS_MAIN(TestClusterSettingsApi)
#include "TestClusterSettingsApi.moc"
