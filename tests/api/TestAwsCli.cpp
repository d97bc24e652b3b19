// The AWS-compatible ECS endpoint, driven by the real `aws` CLI the way users drive ECS.

#include "AwsCli.h"
#include "HeadlessFleetdeck.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using fd::test::HeadlessFleetdeck;

namespace {

using CliResult = fd::test::AwsCli::Result;

const char kWebTaskDefinition[] = R"({
  "family": "web",
  "networkMode": "bridge",
  "containerDefinitions": [{
    "name": "web",
    "image": "fleetdeck/demo-web:1",
    "cpu": 256,
    "memory": 256,
    "memoryReservation": 128,
    "essential": true,
    "portMappings": [{"containerPort": 8080, "hostPort": 0, "protocol": "tcp"}],
    "environment": [{"name": "COLOUR", "value": "blue"}],
    "healthCheck": {"command": ["CMD", "/demo-web", "healthcheck"], "interval": 5, "timeout": 2, "retries": 2}
  }]
})";

} // namespace

class TestAwsCli : public QObject
{
    Q_OBJECT

private:
    CliResult aws(const QStringList &args, const QString &region = QStringLiteral("eu-west-1"))
    {
        return m_cli->run(m_fleetdeck->endpoint(), args, region);
    }

    QString writeFile(const QString &name, const QByteArray &content)
    {
        QFile f(m_dir.filePath(name));
        f.open(QIODevice::WriteOnly);
        f.write(content);
        return QStringLiteral("file://") + f.fileName();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<fd::test::AwsCli> m_cli;
    int m_serviceErrorExit = 254; // AWS CLI v2; v1 exits 255 when the service returns an error
    std::unique_ptr<HeadlessFleetdeck> m_fleetdeck;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_cli = std::make_unique<fd::test::AwsCli>(m_dir.path());
        FD_REQUIRE_AWS_CLI(*m_cli);
        qInfo("using %s", qPrintable(m_cli->version()));
        m_serviceErrorExit = m_cli->serviceErrorExit();
        m_fleetdeck = std::make_unique<HeadlessFleetdeck>(m_dir.filePath(QStringLiteral("state")));
        QVERIFY2(m_fleetdeck->start(), qPrintable(m_fleetdeck->errorText()));
    }

    void cleanupTestCase() { m_fleetdeck.reset(); }

    void createDescribeListDeleteCluster()
    {
        CliResult r = aws({QStringLiteral("ecs"), QStringLiteral("create-cluster"), QStringLiteral("--cluster-name"),
                           QStringLiteral("workshop")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject cluster = r.json[u"cluster"].toObject();
        QCOMPARE(cluster[u"clusterName"].toString(), QStringLiteral("workshop"));
        QCOMPARE(cluster[u"status"].toString(), QStringLiteral("ACTIVE"));
        // The region of the request's credential scope is the region of the ARN.
        QCOMPARE(cluster[u"clusterArn"].toString(), QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:cluster/workshop"));
        QCOMPARE(cluster[u"registeredContainerInstancesCount"].toInt(-1), 0);

        // Creating an existing cluster returns it, as ECS does.
        r = aws({QStringLiteral("ecs"), QStringLiteral("create-cluster"), QStringLiteral("--cluster-name"),
                 QStringLiteral("workshop")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"cluster"].toObject()[u"clusterName"].toString(), QStringLiteral("workshop"));

        r = aws({QStringLiteral("ecs"), QStringLiteral("list-clusters")}, QStringLiteral("us-west-2"));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.json[u"clusterArns"].toArray().contains(
                     QStringLiteral("arn:aws:ecs:us-west-2:000000000000:cluster/workshop")),
                 qPrintable(r.out));

        r = aws({QStringLiteral("ecs"), QStringLiteral("describe-clusters"), QStringLiteral("--clusters"),
                 QStringLiteral("workshop"), QStringLiteral("nowhere")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"clusters"].toArray().size(), 1);
        const QJsonArray failures = r.json[u"failures"].toArray();
        QCOMPARE(failures.size(), 1);
        QCOMPARE(failures[0].toObject()[u"reason"].toString(), QStringLiteral("MISSING"));
        QCOMPARE(failures[0].toObject()[u"arn"].toString(),
                 QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:cluster/nowhere"));

        r = aws({QStringLiteral("ecs"), QStringLiteral("delete-cluster"), QStringLiteral("--cluster"),
                 QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:cluster/workshop")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"cluster"].toObject()[u"status"].toString(), QStringLiteral("INACTIVE"));

        // A deleted cluster is still described, as INACTIVE, and no longer listed.
        r = aws({QStringLiteral("ecs"), QStringLiteral("describe-clusters"), QStringLiteral("--clusters"),
                 QStringLiteral("workshop")});
        QCOMPARE(r.json[u"clusters"].toArray()[0].toObject()[u"status"].toString(), QStringLiteral("INACTIVE"));
        r = aws({QStringLiteral("ecs"), QStringLiteral("list-clusters")});
        QVERIFY(!r.out.contains(QStringLiteral("cluster/workshop")));
    }

    void errorsAsTheCliPrintsThem()
    {
        CliResult r = aws({QStringLiteral("ecs"), QStringLiteral("delete-cluster"), QStringLiteral("--cluster"),
                           QStringLiteral("nowhere")});
        QCOMPARE(r.exitCode, m_serviceErrorExit);
        QVERIFY2(r.err.contains(QStringLiteral("An error occurred (ClusterNotFoundException) when calling the "
                                               "DeleteCluster operation: Cluster not found.")),
                 qPrintable(r.err));

        r = aws({QStringLiteral("ecs"), QStringLiteral("create-cluster"), QStringLiteral("--cluster-name"),
                 QStringLiteral("no spaces allowed")});
        QCOMPARE(r.exitCode, m_serviceErrorExit);
        QVERIFY2(r.err.contains(QStringLiteral("(InvalidParameterException)")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("clusterName")), qPrintable(r.err));

        r = aws({QStringLiteral("ecs"), QStringLiteral("describe-task-definition"), QStringLiteral("--task-definition"),
                 QStringLiteral("nosuchfamily:7")});
        QCOMPARE(r.exitCode, m_serviceErrorExit);
        QVERIFY2(r.err.contains(QStringLiteral("(ClientException) when calling the DescribeTaskDefinition operation: "
                                               "Unable to describe task definition.")),
                 qPrintable(r.err));
    }

    void registerRevisionsDescribeDeregister()
    {
        const QString file = writeFile(QStringLiteral("web.json"), kWebTaskDefinition);
        CliResult r = aws({QStringLiteral("ecs"), QStringLiteral("register-task-definition"),
                           QStringLiteral("--cli-input-json"), file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QJsonObject td = r.json[u"taskDefinition"].toObject();
        QCOMPARE(td[u"family"].toString(), QStringLiteral("web"));
        QCOMPARE(td[u"revision"].toInt(), 1);
        QCOMPARE(td[u"status"].toString(), QStringLiteral("ACTIVE"));
        QCOMPARE(td[u"taskDefinitionArn"].toString(),
                 QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:task-definition/web:1"));
        const QJsonObject container = td[u"containerDefinitions"].toArray()[0].toObject();
        QCOMPARE(container[u"memoryReservation"].toInt(), 128);
        QCOMPARE(container[u"portMappings"].toArray()[0].toObject()[u"containerPort"].toInt(), 8080);
        QCOMPARE(container[u"healthCheck"].toObject()[u"interval"].toInt(), 5);

        // Each registration adds a revision.
        r = aws({QStringLiteral("ecs"), QStringLiteral("register-task-definition"), QStringLiteral("--cli-input-json"),
                 file});
        QCOMPARE(r.json[u"taskDefinition"].toObject()[u"revision"].toInt(), 2);

        // The family alone resolves to the latest ACTIVE revision...
        r = aws({QStringLiteral("ecs"), QStringLiteral("describe-task-definition"), QStringLiteral("--task-definition"),
                 QStringLiteral("web")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"taskDefinition"].toObject()[u"revision"].toInt(), 2);
        // v2 renders the epoch seconds as ISO 8601, v1 prints the number as sent.
        const QJsonValue registeredAt = r.json[u"taskDefinition"].toObject()[u"registeredAt"];
        QVERIFY2(registeredAt.isString() || registeredAt.toDouble() > 1.7e9, qPrintable(r.out));

        // ...and after deregistering it, to the one before.
        r = aws({QStringLiteral("ecs"), QStringLiteral("deregister-task-definition"),
                 QStringLiteral("--task-definition"), QStringLiteral("web:2")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"taskDefinition"].toObject()[u"status"].toString(), QStringLiteral("INACTIVE"));
        r = aws({QStringLiteral("ecs"), QStringLiteral("describe-task-definition"), QStringLiteral("--task-definition"),
                 QStringLiteral("web")});
        QCOMPARE(r.json[u"taskDefinition"].toObject()[u"revision"].toInt(), 1);
        // An INACTIVE revision can still be described by number.
        r = aws({QStringLiteral("ecs"), QStringLiteral("describe-task-definition"), QStringLiteral("--task-definition"),
                 QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:task-definition/web:2")});
        QCOMPARE(r.json[u"taskDefinition"].toObject()[u"status"].toString(), QStringLiteral("INACTIVE"));

        r = aws({QStringLiteral("ecs"), QStringLiteral("list-task-definitions"), QStringLiteral("--family-prefix"),
                 QStringLiteral("web")});
        QCOMPARE(r.json[u"taskDefinitionArns"].toArray(),
                 QJsonArray{QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:task-definition/web:1")});
        r = aws({QStringLiteral("ecs"), QStringLiteral("list-task-definitions"), QStringLiteral("--status"),
                 QStringLiteral("INACTIVE")});
        QCOMPARE(r.json[u"taskDefinitionArns"].toArray(),
                 QJsonArray{QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:task-definition/web:2")});
    }

    void invalidTaskDefinitionNamesTheField()
    {
        QByteArray bad = kWebTaskDefinition;
        bad.replace("\"memory\": 256", "\"memory\": 64");
        const QString file = writeFile(QStringLiteral("bad.json"), bad);
        CliResult r = aws({QStringLiteral("ecs"), QStringLiteral("register-task-definition"),
                           QStringLiteral("--cli-input-json"), file});
        QCOMPARE(r.exitCode, m_serviceErrorExit);
        QVERIFY2(r.err.contains(QStringLiteral("(ClientException) when calling the RegisterTaskDefinition operation: "
                                               "containerDefinitions[0].memory: must be greater than "
                                               "memoryReservation (64 < 128)")),
                 qPrintable(r.err));
        // Nothing half-registered: the family has no new revision.
        r = aws({QStringLiteral("ecs"), QStringLiteral("list-task-definitions"), QStringLiteral("--family-prefix"),
                 QStringLiteral("web"), QStringLiteral("--status"), QStringLiteral("ACTIVE")});
        QVERIFY(!r.out.contains(QStringLiteral("web:3")));
    }

    void familiesAndPagination()
    {
        const QString file = writeFile(QStringLiteral("web.json"), kWebTaskDefinition);
        for (const char *family : {"pg-alpha", "pg-beta", "pg-gamma", "pg-gamma"}) {
            CliResult r = aws({QStringLiteral("ecs"), QStringLiteral("register-task-definition"),
                               QStringLiteral("--cli-input-json"), file, QStringLiteral("--family"),
                               QString::fromLatin1(family)});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        }
        // A page size of 1 makes the CLI follow nextToken through every page.
        CliResult r = aws({QStringLiteral("ecs"), QStringLiteral("list-task-definition-families"),
                           QStringLiteral("--family-prefix"), QStringLiteral("pg-"), QStringLiteral("--page-size"),
                           QStringLiteral("1")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"families"].toArray(),
                 (QJsonArray{QStringLiteral("pg-alpha"), QStringLiteral("pg-beta"), QStringLiteral("pg-gamma")}));
        r = aws({QStringLiteral("ecs"), QStringLiteral("list-task-definition-families"), QStringLiteral("--family-prefix"),
                 QStringLiteral("pg-g")});
        QCOMPARE(r.json[u"families"].toArray(), QJsonArray{QStringLiteral("pg-gamma")});

        // A family whose every revision is INACTIVE is listed as INACTIVE only.
        r = aws({QStringLiteral("ecs"), QStringLiteral("deregister-task-definition"),
                 QStringLiteral("--task-definition"), QStringLiteral("pg-beta:1")});
        QCOMPARE(r.exitCode, 0);
        r = aws({QStringLiteral("ecs"), QStringLiteral("list-task-definition-families"), QStringLiteral("--status"),
                 QStringLiteral("INACTIVE"), QStringLiteral("--family-prefix"), QStringLiteral("pg-")});
        QCOMPARE(r.json[u"families"].toArray(), QJsonArray{QStringLiteral("pg-beta")});
        r = aws({QStringLiteral("ecs"), QStringLiteral("list-task-definition-families"), QStringLiteral("--status"),
                 QStringLiteral("ACTIVE"), QStringLiteral("--family-prefix"), QStringLiteral("pg-")});
        QCOMPARE(r.json[u"families"].toArray(), (QJsonArray{QStringLiteral("pg-alpha"), QStringLiteral("pg-gamma")}));

        // DESC: families in reverse order, newest revision first, across pages of 2.
        QStringList arns;
        r = aws({QStringLiteral("ecs"), QStringLiteral("list-task-definitions"), QStringLiteral("--sort"),
                 QStringLiteral("DESC"), QStringLiteral("--page-size"), QStringLiteral("2")});
        for (const QJsonValue &v : r.json[u"taskDefinitionArns"].toArray()) {
            if (v.toString().contains(QStringLiteral("/pg-")))
                arns << v.toString().section(u'/', 1);
        }
        QCOMPARE(arns, (QStringList{QStringLiteral("pg-gamma:2"), QStringLiteral("pg-gamma:1"),
                                    QStringLiteral("pg-alpha:1")}));
    }

    void containerInstances()
    {
        // A first start created cluster "default" with one instance per availability zone.
        CliResult r = aws({QStringLiteral("ecs"), QStringLiteral("list-container-instances")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray arns = r.json[u"containerInstanceArns"].toArray();
        QCOMPARE(arns.size(), 3);
        QVERIFY(arns[0].toString().startsWith(QStringLiteral("arn:aws:ecs:eu-west-1:000000000000:container-instance/default/")));

        r = aws({QStringLiteral("ecs"), QStringLiteral("describe-clusters")});
        QCOMPARE(r.json[u"clusters"].toArray()[0].toObject()[u"registeredContainerInstancesCount"].toInt(), 3);

        const QString first = arns[0].toString();
        r = aws({QStringLiteral("ecs"), QStringLiteral("describe-container-instances"), QStringLiteral("--container-instances"),
                 first, first.section(u'/', -1), QStringLiteral("0123456789abcdef0123456789abcdef")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray described = r.json[u"containerInstances"].toArray();
        QCOMPARE(described.size(), 2);
        QCOMPARE(r.json[u"failures"].toArray().size(), 1);
        QCOMPARE(r.json[u"failures"].toArray()[0].toObject()[u"reason"].toString(), QStringLiteral("MISSING"));
        const QJsonObject ci = described[0].toObject();
        QCOMPARE(ci[u"status"].toString(), QStringLiteral("ACTIVE"));
        QVERIFY(ci[u"ec2InstanceId"].toString().startsWith(QStringLiteral("i-")));
        QHash<QString, QJsonObject> registered;
        for (const QJsonValue &v : ci[u"registeredResources"].toArray())
            registered.insert(v.toObject()[u"name"].toString(), v.toObject());
        QCOMPARE(registered[QStringLiteral("CPU")][u"integerValue"].toInt(), 2048);
        QCOMPARE(registered[QStringLiteral("MEMORY")][u"integerValue"].toInt(), 4096);
        QVERIFY(registered[QStringLiteral("PORTS")][u"stringSetValue"].toArray().contains(QStringLiteral("22")));
        QStringList attributeNames;
        for (const QJsonValue &v : ci[u"attributes"].toArray())
            attributeNames << v.toObject()[u"name"].toString();
        QVERIFY(attributeNames.contains(QStringLiteral("ecs.availability-zone")));

        // Drain one; the status filter sees it.
        r = aws({QStringLiteral("ecs"), QStringLiteral("update-container-instances-state"), QStringLiteral("--container-instances"),
                 first, QStringLiteral("--status"), QStringLiteral("DRAINING")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"containerInstances"].toArray()[0].toObject()[u"status"].toString(), QStringLiteral("DRAINING"));
        r = aws({QStringLiteral("ecs"), QStringLiteral("list-container-instances"), QStringLiteral("--status"),
                 QStringLiteral("DRAINING")});
        QCOMPARE(r.json[u"containerInstanceArns"].toArray(), QJsonArray{first});

        // Custom attributes, and listing by attribute.
        r = aws({QStringLiteral("ecs"), QStringLiteral("put-attributes"), QStringLiteral("--attributes"),
                 QStringLiteral("name=stack,value=prod,targetId=") + first});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = aws({QStringLiteral("ecs"), QStringLiteral("list-attributes"), QStringLiteral("--target-type"),
                 QStringLiteral("container-instance"), QStringLiteral("--attribute-name"), QStringLiteral("stack")});
        QCOMPARE(r.json[u"attributes"].toArray().size(), 1);
        QCOMPARE(r.json[u"attributes"].toArray()[0].toObject()[u"targetId"].toString(), first);
        r = aws({QStringLiteral("ecs"), QStringLiteral("put-attributes"), QStringLiteral("--attributes"),
                 QStringLiteral("name=ecs.instance-type,value=x1,targetId=") + first});
        QCOMPARE(r.exitCode, m_serviceErrorExit);
        QVERIFY2(r.err.contains(QStringLiteral("built-in attribute")), qPrintable(r.err));
        r = aws({QStringLiteral("ecs"), QStringLiteral("delete-attributes"), QStringLiteral("--attributes"),
                 QStringLiteral("name=stack,targetId=") + first});
        QCOMPARE(r.exitCode, 0);
        r = aws({QStringLiteral("ecs"), QStringLiteral("list-attributes"), QStringLiteral("--target-type"),
                 QStringLiteral("container-instance"), QStringLiteral("--attribute-name"), QStringLiteral("stack")});
        QCOMPARE(r.json[u"attributes"].toArray().size(), 0);

        // Deregister: INACTIVE, no longer listed, and the cluster counts follow.
        r = aws({QStringLiteral("ecs"), QStringLiteral("deregister-container-instance"), QStringLiteral("--container-instance"),
                 first, QStringLiteral("--force")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"containerInstance"].toObject()[u"status"].toString(), QStringLiteral("INACTIVE"));
        r = aws({QStringLiteral("ecs"), QStringLiteral("describe-clusters")});
        QCOMPARE(r.json[u"clusters"].toArray()[0].toObject()[u"registeredContainerInstancesCount"].toInt(), 2);

        r = aws({QStringLiteral("ecs"), QStringLiteral("list-container-instances"), QStringLiteral("--cluster"),
                 QStringLiteral("nowhere")});
        QCOMPARE(r.exitCode, m_serviceErrorExit);
        QVERIFY2(r.err.contains(QStringLiteral("(ClusterNotFoundException)")), qPrintable(r.err));
    }

    void unknownOperationIsAClearError()
    {
        const HeadlessFleetdeck::Reply reply = m_fleetdeck->call(QStringLiteral("FlyToTheMoon"), "{}");
        QCOMPARE(reply.status, 400);
        const QJsonObject body = QJsonDocument::fromJson(reply.body).object();
        QCOMPARE(body[u"__type"].toString(), QStringLiteral("UnknownOperationException"));
        QVERIFY(body[u"message"].toString().contains(QStringLiteral("FlyToTheMoon")));

        const HeadlessFleetdeck::Reply notJson = m_fleetdeck->call(QStringLiteral("ListClusters"), "{oops");
        QCOMPARE(notJson.status, 400);
        QCOMPARE(QJsonDocument::fromJson(notJson.body).object()[u"__type"].toString(),
                 QStringLiteral("SerializationException"));
    }
};

QTEST_GUILESS_MAIN(TestAwsCli)
#include "TestAwsCli.moc"
