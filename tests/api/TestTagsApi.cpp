// Tags through the real `aws` CLI, as infrastructure-as-code tools use them: given at create time and
// read back identically (include TAGS), TagResource / UntagResource / ListTagsForResource on every
// taggable kind, propagateTags and ECS managed tags on the tasks services and RunTask start, AWS's
// limits with errors naming the member, and tags surviving a restart. Simulated runtime: no Docker.

#include "ApiFixture.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using fd::test::AwsCli;

namespace {

// [{key, value}, ...] -> "k=v" strings, in order, for comparisons that show the order.
QStringList flat(const QJsonArray &tags)
{
    QStringList out;
    for (const QJsonValue &t : tags)
        out << t[u"key"].toString() + u'=' + t[u"value"].toString();
    return out;
}

} // namespace

class TestTagsApi : public QObject
{
    Q_OBJECT

private:
    fd::test::ApiFixture m_api{QStringLiteral("ecs"), fd::test::ApiFixture::simulated(20)};

    AwsCli::Result ecs(const QStringList &args) { return m_api.service().run(args); }

    QStringList tagsOf(const QString &arn)
    {
        const AwsCli::Result r = ecs({QStringLiteral("list-tags-for-resource"), QStringLiteral("--resource-arn"), arn});
        if (r.exitCode != 0)
            return {QStringLiteral("error: ") + r.err};
        return flat(r.json[u"tags"].toArray());
    }

    QString refused(const QStringList &args) { return m_api.service().refused(args); }

private slots:
    void initTestCase() { FD_START_API_FIXTURE(m_api); }

    void cleanupTestCase() { m_api.stop(); }

    void clusterTagsAtCreateReadBackIdentically()
    {
        AwsCli::Result r = ecs({QStringLiteral("create-cluster"), QStringLiteral("--cluster-name"), QStringLiteral("tagged"),
                                QStringLiteral("--tags"), QStringLiteral("key=team,value=blue"),
                                QStringLiteral("key=Cost Centre,value=42 / teaching"), QStringLiteral("key=empty,value=")});
        QCOMPARE(r.exitCode, 0);
        const QStringList expected{QStringLiteral("team=blue"), QStringLiteral("Cost Centre=42 / teaching"),
                                   QStringLiteral("empty=")};
        QCOMPARE(flat(r.json[u"cluster"][u"tags"].toArray()), expected);
        r = ecs({QStringLiteral("describe-clusters"), QStringLiteral("--clusters"), QStringLiteral("tagged"),
                 QStringLiteral("--include"), QStringLiteral("TAGS")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(flat(r.json[u"clusters"][0][u"tags"].toArray()), expected);
        // Without include TAGS, ECS leaves them out.
        r = ecs({QStringLiteral("describe-clusters"), QStringLiteral("--clusters"), QStringLiteral("tagged")});
        QVERIFY(r.json[u"clusters"][0][u"tags"].toArray().isEmpty());
        QCOMPARE(tagsOf(QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:cluster/tagged")), expected);
    }

    void tagAndUntagEveryKind()
    {
        const QString cluster = QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:cluster/default");
        QCOMPARE(ecs({QStringLiteral("tag-resource"), QStringLiteral("--resource-arn"), cluster, QStringLiteral("--tags"),
                      QStringLiteral("key=a,value=1"), QStringLiteral("key=b,value=2")})
                     .exitCode,
                 0);
        // An existing key takes the new value in place; a new key goes last.
        QCOMPARE(ecs({QStringLiteral("tag-resource"), QStringLiteral("--resource-arn"), cluster, QStringLiteral("--tags"),
                      QStringLiteral("key=a,value=one"), QStringLiteral("key=c,value=3")})
                     .exitCode,
                 0);
        QCOMPARE(tagsOf(cluster), (QStringList{QStringLiteral("a=one"), QStringLiteral("b=2"), QStringLiteral("c=3")}));
        QCOMPARE(ecs({QStringLiteral("untag-resource"), QStringLiteral("--resource-arn"), cluster,
                      QStringLiteral("--tag-keys"), QStringLiteral("b"), QStringLiteral("not-there")})
                     .exitCode,
                 0);
        QCOMPARE(tagsOf(cluster), (QStringList{QStringLiteral("a=one"), QStringLiteral("c=3")}));

        // A container instance, by its ARN as ListContainerInstances gives it.
        AwsCli::Result r = ecs({QStringLiteral("list-container-instances")});
        const QString instance = r.json[u"containerInstanceArns"][0].toString();
        QVERIFY(!instance.isEmpty());
        QCOMPARE(ecs({QStringLiteral("tag-resource"), QStringLiteral("--resource-arn"), instance, QStringLiteral("--tags"),
                      QStringLiteral("key=rack,value=r1")})
                     .exitCode,
                 0);
        r = ecs({QStringLiteral("describe-container-instances"), QStringLiteral("--container-instances"), instance,
                 QStringLiteral("--include"), QStringLiteral("TAGS")});
        QCOMPARE(flat(r.json[u"containerInstances"][0][u"tags"].toArray()), QStringList{QStringLiteral("rack=r1")});
    }

    void taskDefinitionAndPropagationToTasks()
    {
        AwsCli::Result r = ecs({QStringLiteral("register-task-definition"), QStringLiteral("--family"), QStringLiteral("tagged-web"),
                                QStringLiteral("--container-definitions"),
                                QStringLiteral(R"([{"name":"web","image":"fleetdeck/demo-web:1","memory":64}])"),
                                QStringLiteral("--tags"), QStringLiteral("key=owner,value=td"), QStringLiteral("key=tier,value=web")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(flat(r.json[u"tags"].toArray()), (QStringList{QStringLiteral("owner=td"), QStringLiteral("tier=web")}));
        r = ecs({QStringLiteral("describe-task-definition"), QStringLiteral("--task-definition"), QStringLiteral("tagged-web"),
                 QStringLiteral("--include"), QStringLiteral("TAGS")});
        QCOMPARE(flat(r.json[u"tags"].toArray()), (QStringList{QStringLiteral("owner=td"), QStringLiteral("tier=web")}));

        // RunTask: the definition's tags, the request's win on the same key, and the managed cluster tag.
        r = ecs({QStringLiteral("run-task"), QStringLiteral("--task-definition"), QStringLiteral("tagged-web"),
                 QStringLiteral("--propagate-tags"), QStringLiteral("TASK_DEFINITION"), QStringLiteral("--enable-ecs-managed-tags"),
                 QStringLiteral("--tags"), QStringLiteral("key=owner,value=run")});
        QCOMPARE(r.exitCode, 0);
        const QString task = r.json[u"tasks"][0][u"taskArn"].toString();
        const QStringList runTags{QStringLiteral("owner=run"), QStringLiteral("tier=web"),
                                  QStringLiteral("aws:ecs:clusterName=default")};
        QCOMPARE(flat(r.json[u"tasks"][0][u"tags"].toArray()), runTags);
        r = ecs({QStringLiteral("describe-tasks"), QStringLiteral("--tasks"), task, QStringLiteral("--include"), QStringLiteral("TAGS")});
        QCOMPARE(flat(r.json[u"tasks"][0][u"tags"].toArray()), runTags);
        // A managed tag cannot be taken off.
        QVERIFY(refused({QStringLiteral("untag-resource"), QStringLiteral("--resource-arn"), task, QStringLiteral("--tag-keys"),
                         QStringLiteral("aws:ecs:clusterName")})
                    .contains(u"reserved for AWS use"));
        // SERVICE propagation needs a service.
        QVERIFY(refused({QStringLiteral("run-task"), QStringLiteral("--task-definition"), QStringLiteral("tagged-web"),
                         QStringLiteral("--propagate-tags"), QStringLiteral("SERVICE")})
                    .contains(u"propagateTags"));
    }

    void serviceTasksCarryTheServiceTags()
    {
        AwsCli::Result r = ecs({QStringLiteral("create-service"), QStringLiteral("--service-name"), QStringLiteral("tagged-svc"),
                                QStringLiteral("--task-definition"), QStringLiteral("tagged-web"), QStringLiteral("--desired-count"),
                                QStringLiteral("1"), QStringLiteral("--propagate-tags"), QStringLiteral("SERVICE"),
                                QStringLiteral("--enable-ecs-managed-tags"), QStringLiteral("--tags"), QStringLiteral("key=app,value=shop")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"service"][u"propagateTags"].toString(), QStringLiteral("SERVICE"));
        QCOMPARE(r.json[u"service"][u"enableECSManagedTags"].toBool(), true);
        QCOMPARE(flat(r.json[u"service"][u"tags"].toArray()), QStringList{QStringLiteral("app=shop")});
        r = ecs({QStringLiteral("describe-services"), QStringLiteral("--services"), QStringLiteral("tagged-svc"),
                 QStringLiteral("--include"), QStringLiteral("TAGS")});
        QCOMPARE(flat(r.json[u"services"][0][u"tags"].toArray()), QStringList{QStringLiteral("app=shop")});

        QString task;
        QTRY_VERIFY_WITH_TIMEOUT(
            !(task = ecs({QStringLiteral("list-tasks"), QStringLiteral("--service-name"), QStringLiteral("tagged-svc")})
                         .json[u"taskArns"][0]
                         .toString())
                 .isEmpty(),
            20000);
        r = ecs({QStringLiteral("describe-tasks"), QStringLiteral("--tasks"), task, QStringLiteral("--include"), QStringLiteral("TAGS")});
        QCOMPARE(flat(r.json[u"tasks"][0][u"tags"].toArray()),
                 (QStringList{QStringLiteral("app=shop"), QStringLiteral("aws:ecs:clusterName=default"),
                              QStringLiteral("aws:ecs:serviceName=tagged-svc")}));
        // UpdateService changes what new tasks get, and says so in its event.
        r = ecs({QStringLiteral("update-service"), QStringLiteral("--service"), QStringLiteral("tagged-svc"),
                 QStringLiteral("--propagate-tags"), QStringLiteral("NONE")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"service"][u"propagateTags"].toString(), QStringLiteral("NONE"));
    }

    void limitsAndErrorsNameTheProblem_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        const QString cluster = QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:cluster/default");
        const QStringList tag{QStringLiteral("tag-resource"), QStringLiteral("--resource-arn"), cluster, QStringLiteral("--tags")};
        QTest::newRow("aws: prefix on a key") << (tag + QStringList{QStringLiteral("key=aws:mine,value=x")})
                                              << QStringLiteral("tags[0]: the aws: prefix is reserved");
        QTest::newRow("AWS: in any case") << (tag + QStringList{QStringLiteral("key=ok,value=x"), QStringLiteral("key=Aws:Mine,value=x")})
                                          << QStringLiteral("tags[1]: the aws: prefix is reserved");
        QTest::newRow("aws: prefix on a value") << (tag + QStringList{QStringLiteral("key=k,value=AWS:x")})
                                                << QStringLiteral("tags[0]: the aws: prefix is reserved for AWS use (value \"AWS:x\" of key \"k\")");
        QTest::newRow("key of 129 characters") << (tag + QStringList{QStringLiteral("key=%1,value=x").arg(QString(129, u'k'))})
                                               << QStringLiteral("tags[0].key: must be 1 to 128 characters (got 129)");
        QTest::newRow("value of 257 characters") << (tag + QStringList{QStringLiteral("key=k,value=%1").arg(QString(257, u'v'))})
                                                 << QStringLiteral("tags[0].value: must be at most 256 characters (got 257)");
        QTest::newRow("a character outside the set") << (tag + QStringList{QStringLiteral("key=semi;colon,value=x")})
                                                     << QStringLiteral("tags[0].key: \"semi;colon\" may hold only");
        QStringList many = tag;
        for (int i = 0; i < 51; ++i)
            many << QStringLiteral("key=k%1,value=v").arg(i);
        QTest::newRow("51 tags") << many << QStringLiteral("at most 50 tags (got 51)");
        QTest::newRow("unknown resource")
            << QStringList{QStringLiteral("list-tags-for-resource"), QStringLiteral("--resource-arn"),
                           QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:service/default/nothing")}
            << QStringLiteral("ResourceNotFoundException");
        QTest::newRow("not an ECS ARN")
            << QStringList{QStringLiteral("list-tags-for-resource"), QStringLiteral("--resource-arn"),
                           QStringLiteral("arn:aws:s3:::bucket")}
            << QStringLiteral("resourceArn: \"arn:aws:s3:::bucket\" is not the ARN of an ECS");
        QTest::newRow("include something unknown")
            << QStringList{QStringLiteral("describe-tasks"), QStringLiteral("--tasks"), QStringLiteral("x"),
                           QStringLiteral("--include"), QStringLiteral("SECRETS")}
            << QStringLiteral("include: \"SECRETS\" is not one of TAGS");
    }

    void limitsAndErrorsNameTheProblem()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const QString err = refused(args);
        QVERIFY2(err.contains(expected), qPrintable(err));
        // Nothing was half-applied.
        QCOMPARE(tagsOf(QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:cluster/default")),
                 (QStringList{QStringLiteral("a=one"), QStringLiteral("c=3")}));
    }

    void tagsSurviveARestart()
    {
        QVERIFY2(m_api.restart(), qPrintable(m_api.errorText()));
        QCOMPARE(tagsOf(QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:cluster/tagged")),
                 (QStringList{QStringLiteral("team=blue"), QStringLiteral("Cost Centre=42 / teaching"), QStringLiteral("empty=")}));
        QCOMPARE(tagsOf(QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:task-definition/tagged-web:1")),
                 (QStringList{QStringLiteral("owner=td"), QStringLiteral("tier=web")}));
        QCOMPARE(tagsOf(QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:service/default/tagged-svc")),
                 QStringList{QStringLiteral("app=shop")});
    }
};

QTEST_GUILESS_MAIN(TestTagsApi)
#include "TestTagsApi.moc"
