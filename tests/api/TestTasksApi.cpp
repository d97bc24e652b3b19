// Tasks on the real Docker engine, driven by the real `aws` CLI: run-task with a strategy, the
// containers answering HTTP on their instance's loopback address, list/describe/stop, the waiters,
// placement failures and request errors as the CLI prints them, a missing image, the cluster
// query language in list-container-instances, and a SIGKILL right after RunTask answered: after
// the restart every acknowledged task runs, each with exactly one container.

#include "AwsCli.h"
#include "HeadlessFleetdeck.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using fd::test::AwsCli;
using fd::test::HeadlessFleetdeck;

namespace {

const char kWeb[] = R"({
  "family": "api-web",
  "containerDefinitions": [{
    "name": "web", "image": "fleetdeck/demo-web:1", "cpu": 256, "memory": 128,
    "portMappings": [{"containerPort": 8080, "hostPort": 0}],
    "environment": [{"name": "COLOUR", "value": "blue"}],
    "healthCheck": {"command": ["CMD", "/demo-web", "healthcheck"], "interval": 5, "timeout": 2, "retries": 2}
  }]
})";

const char kStatic[] = R"({
  "family": "api-static",
  "containerDefinitions": [{
    "name": "web", "image": "fleetdeck/demo-web:1", "cpu": 128, "memory": 64,
    "portMappings": [{"containerPort": 8080, "hostPort": 18080}]
  }]
})";

const char kMissing[] = R"({
  "family": "api-missing",
  "containerDefinitions": [{"name": "web", "image": "fleetdeck/not-built-anywhere:7", "memory": 64}]
})";

// Two containers: app waits for db to be HEALTHY, then fetches it through the link alias. (The URL
// is written with JSON's \/ escapes: moc takes a double slash inside a raw string for a comment.)
const char kLinked[] = R"({
  "family": "api-linked",
  "containerDefinitions": [
    {"name": "db", "image": "fleetdeck/demo-web:1", "memory": 64,
     "healthCheck": {"command": ["CMD", "/demo-web", "healthcheck"], "interval": 5, "timeout": 2, "retries": 2}},
    {"name": "app", "image": "fleetdeck/demo-web:2", "memory": 64, "essential": false,
     "links": ["db:database"], "command": ["fetch", "http:\/\/database:8080\/health"],
     "dependsOn": [{"containerName": "db", "condition": "HEALTHY"}]}
  ]
})";

QString docker(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral("docker"), args);
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

} // namespace

class TestTasksApi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<AwsCli> m_cli;
    std::unique_ptr<HeadlessFleetdeck> m_fleetdeck;
    QStringList m_taskIds; // every task this test created, for the clean-up

    AwsCli::Result aws(const QStringList &args) { return m_cli->run(m_fleetdeck->endpoint(), args, QStringLiteral("us-east-1")); }

    QString file(const QString &name, const char *content)
    {
        QFile f(m_dir.filePath(name));
        f.open(QIODevice::WriteOnly);
        f.write(content);
        return QStringLiteral("file://") + f.fileName();
    }

    void remember(const QJsonArray &tasks)
    {
        for (const QJsonValue &t : tasks)
            m_taskIds << t[u"taskArn"].toString().section(u'/', -1);
    }

    QJsonArray describe(const QStringList &arns)
    {
        return aws(QStringList{QStringLiteral("ecs"), QStringLiteral("describe-tasks"), QStringLiteral("--tasks")} + arns)
            .json[u"tasks"]
            .toArray();
    }

    // Polls describe-tasks until every task has `status` (or any is STOPPED when waiting for RUNNING).
    bool waitFor(const QStringList &arns, const QString &status, int timeoutMs = 60000)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            const QJsonArray tasks = describe(arns);
            int matching = 0;
            for (const QJsonValue &t : tasks)
                matching += t[u"lastStatus"].toString() == status;
            if (matching == arns.size())
                return true;
            QTest::qWait(500);
        }
        qWarning() << "tasks did not reach" << status << ":" << QJsonDocument(describe(arns)).toJson();
        return false;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_cli = std::make_unique<AwsCli>(m_dir.path());
        FD_REQUIRE_AWS_CLI(*m_cli);
        if (docker({QStringLiteral("version"), QStringLiteral("--format"), QStringLiteral("{{.Server.Version}}")}).isEmpty()) {
            if (fd::test::inCi())
                QFAIL("no Docker engine answers; the set-up script starts one");
            QSKIP("no Docker engine answers (run resources/scripts/ensure-docker.sh)");
        }
        QVERIFY2(!docker({QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("fleetdeck/demo-web:1")}).isEmpty(),
                 "fleetdeck/demo-web:1 is missing: run resources/scripts/build-images.sh");
        m_fleetdeck = std::make_unique<HeadlessFleetdeck>(m_dir.filePath(QStringLiteral("state")));
        QVERIFY2(m_fleetdeck->start(), qPrintable(m_fleetdeck->errorText()));
        // The first start's three instances, once their agent (the engine) is connected.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto list = aws({QStringLiteral("ecs"), QStringLiteral("list-container-instances")});
                QStringList arns;
                for (const QJsonValue &a : list.json[u"containerInstanceArns"].toArray())
                    arns << a.toString();
                if (arns.size() != 3)
                    return false;
                const auto d = aws(QStringList{QStringLiteral("ecs"), QStringLiteral("describe-container-instances"),
                                               QStringLiteral("--container-instances")} +
                                   arns);
                for (const QJsonValue &ci : d.json[u"containerInstances"].toArray()) {
                    if (!ci[u"agentConnected"].toBool())
                        return false;
                }
                return true;
            }(),
            20000);
        QCOMPARE(aws({QStringLiteral("ecs"), QStringLiteral("register-task-definition"), QStringLiteral("--cli-input-json"),
                      file(QStringLiteral("web.json"), kWeb)})
                     .exitCode,
                 0);
    }

    void cleanupTestCase()
    {
        m_fleetdeck.reset();
        // Nothing this test started stays on the engine.
        for (const QString &id : std::as_const(m_taskIds)) {
            const QString ids = docker({QStringLiteral("ps"), QStringLiteral("-aq"), QStringLiteral("--filter"),
                                        QStringLiteral("label=fleetdeck.task=") + id});
            if (!ids.isEmpty())
                docker(QStringList{QStringLiteral("rm"), QStringLiteral("-f")} + ids.split(u'\n'));
            docker({QStringLiteral("network"), QStringLiteral("rm"), QStringLiteral("fd-task-") + id});
        }
    }

    void runTaskServesHttpAndStops()
    {
        auto r = aws({QStringLiteral("ecs"), QStringLiteral("run-task"), QStringLiteral("--task-definition"),
                      QStringLiteral("api-web"), QStringLiteral("--count"), QStringLiteral("2"),
                      QStringLiteral("--placement-strategy"),
                      QStringLiteral("type=spread,field=attribute:ecs.availability-zone"),
                      QStringLiteral("--started-by"), QStringLiteral("workshop")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray tasks = r.json[u"tasks"].toArray();
        remember(tasks);
        QCOMPARE(tasks.size(), 2);
        QCOMPARE(r.json[u"failures"].toArray().size(), 0);
        QStringList arns;
        QSet<QString> instances;
        for (const QJsonValue &t : tasks) {
            arns << t[u"taskArn"].toString();
            instances << t[u"containerInstanceArn"].toString();
            QCOMPARE(t[u"group"].toString(), QStringLiteral("family:api-web"));
            QCOMPARE(t[u"startedBy"].toString(), QStringLiteral("workshop"));
            QCOMPARE(t[u"desiredStatus"].toString(), QStringLiteral("RUNNING"));
        }
        QCOMPARE(instances.size(), 2); // spread over zones: two different instances
        QVERIFY(waitFor(arns, QStringLiteral("RUNNING")));

        for (const QJsonValue &t : describe(arns)) {
            const QJsonObject binding = t[u"containers"][0][u"networkBindings"][0].toObject();
            const QString ip = binding[u"bindIP"].toString();
            QVERIFY2(ip.startsWith(u"127.0.0."), qPrintable(ip)); // the instance's own loopback address
            QCOMPARE(binding[u"containerPort"].toInt(), 8080);
            const QByteArray reply = fd::test::httpGet(ip, quint16(binding[u"hostPort"].toInt()));
            QVERIFY2(reply.startsWith("HTTP/1.1 200") || reply.startsWith("HTTP/1.0 200"), reply.constData());
            // The container knows its task.
            QVERIFY2(reply.contains(t[u"taskArn"].toString().section(u'/', -1).toUtf8()), reply.constData());
        }
        // Health from the container health check.
        QTRY_VERIFY_WITH_TIMEOUT(describe(arns)[0][u"healthStatus"].toString() == u"HEALTHY", 30000);

        auto list = aws({QStringLiteral("ecs"), QStringLiteral("list-tasks"), QStringLiteral("--family"),
                         QStringLiteral("api-web")});
        QCOMPARE(list.json[u"taskArns"].toArray().size(), 2);
        list = aws({QStringLiteral("ecs"), QStringLiteral("list-tasks"), QStringLiteral("--started-by"),
                    QStringLiteral("nobody")});
        QCOMPARE(list.json[u"taskArns"].toArray().size(), 0);

        r = aws({QStringLiteral("ecs"), QStringLiteral("stop-task"), QStringLiteral("--task"), arns[0],
                 QStringLiteral("--reason"), QStringLiteral("workshop over")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.json[u"task"][u"desiredStatus"].toString(), QStringLiteral("STOPPED"));
        r = aws({QStringLiteral("ecs"), QStringLiteral("wait"), QStringLiteral("tasks-stopped"), QStringLiteral("--tasks"),
                 arns[0]});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject stopped = describe({arns[0]})[0].toObject();
        QCOMPARE(stopped[u"lastStatus"].toString(), QStringLiteral("STOPPED"));
        QCOMPARE(stopped[u"stopCode"].toString(), QStringLiteral("UserInitiated"));
        QCOMPARE(stopped[u"stoppedReason"].toString(), QStringLiteral("workshop over"));
        QVERIFY(stopped[u"containers"][0].toObject().contains(u"exitCode"));
        QVERIFY(stopped.contains(u"stoppedAt"));
        const QString id = arns[0].section(u'/', -1);
        QCOMPARE(docker({QStringLiteral("ps"), QStringLiteral("-q"), QStringLiteral("--filter"),
                         QStringLiteral("label=fleetdeck.task=") + id}),
                 QString()); // not running any more
        list = aws({QStringLiteral("ecs"), QStringLiteral("list-tasks"), QStringLiteral("--desired-status"),
                    QStringLiteral("STOPPED")});
        QVERIFY(list.json[u"taskArns"].toArray().contains(arns[0]));
    }

    void failuresAndErrorsAsTheCliShowsThem()
    {
        auto r = aws({QStringLiteral("ecs"), QStringLiteral("run-task"), QStringLiteral("--task-definition"),
                      QStringLiteral("api-web"), QStringLiteral("--count"), QStringLiteral("11")});
        QCOMPARE(r.exitCode, m_cli->serviceErrorExit());
        QVERIFY2(r.err.contains(u"InvalidParameterException") && r.err.contains(u"count"), qPrintable(r.err));
        r = aws({QStringLiteral("ecs"), QStringLiteral("run-task"), QStringLiteral("--cluster"), QStringLiteral("nowhere"),
                 QStringLiteral("--task-definition"), QStringLiteral("api-web")});
        QCOMPARE(r.exitCode, m_cli->serviceErrorExit());
        QVERIFY2(r.err.contains(u"(ClusterNotFoundException) when calling the RunTask operation: Cluster not found."),
                 qPrintable(r.err));

        // A static host port fits once per instance: the fourth task fails with RESOURCE:PORTS.
        QCOMPARE(aws({QStringLiteral("ecs"), QStringLiteral("register-task-definition"),
                      QStringLiteral("--cli-input-json"), file(QStringLiteral("static.json"), kStatic)})
                     .exitCode,
                 0);
        r = aws({QStringLiteral("ecs"), QStringLiteral("run-task"), QStringLiteral("--task-definition"),
                 QStringLiteral("api-static"), QStringLiteral("--count"), QStringLiteral("4")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        remember(r.json[u"tasks"].toArray());
        QCOMPARE(r.json[u"tasks"].toArray().size(), 3);
        const QJsonArray failures = r.json[u"failures"].toArray();
        QCOMPARE(failures.size(), 1);
        QCOMPARE(failures[0][u"reason"].toString(), QStringLiteral("RESOURCE:PORTS"));
        QVERIFY(failures[0][u"arn"].toString().contains(u":container-instance/"));

        // A missing image: the task fails to start, with ECS's reason.
        QCOMPARE(aws({QStringLiteral("ecs"), QStringLiteral("register-task-definition"),
                      QStringLiteral("--cli-input-json"), file(QStringLiteral("missing.json"), kMissing)})
                     .exitCode,
                 0);
        r = aws({QStringLiteral("ecs"), QStringLiteral("run-task"), QStringLiteral("--task-definition"),
                 QStringLiteral("api-missing")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        remember(r.json[u"tasks"].toArray());
        const QString arn = r.json[u"tasks"][0][u"taskArn"].toString();
        QVERIFY(waitFor({arn}, QStringLiteral("STOPPED")));
        const QJsonObject failed = describe({arn})[0].toObject();
        QCOMPARE(failed[u"stopCode"].toString(), QStringLiteral("TaskFailedToStart"));
        QVERIFY2(failed[u"stoppedReason"].toString().startsWith(u"CannotPullContainerError: "),
                 qPrintable(failed[u"stoppedReason"].toString()));

        // The cluster query language filters instances.
        r = aws({QStringLiteral("ecs"), QStringLiteral("list-container-instances"), QStringLiteral("--filter"),
                 QStringLiteral("attribute:ecs.availability-zone == us-east-1a")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.json[u"containerInstanceArns"].toArray().size(), 1);
        r = aws({QStringLiteral("ecs"), QStringLiteral("list-container-instances"), QStringLiteral("--filter"),
                 QStringLiteral("task:group == family:api-static")});
        QCOMPARE(r.json[u"containerInstanceArns"].toArray().size(), 3);
        r = aws({QStringLiteral("ecs"), QStringLiteral("list-container-instances"), QStringLiteral("--filter"),
                 QStringLiteral("attribute:ecs.instance-type =~")});
        QCOMPARE(r.exitCode, m_cli->serviceErrorExit());
        QVERIFY2(r.err.contains(u"position"), qPrintable(r.err));
    }

    void linksAndDependsOnOnTheEngine()
    {
        QCOMPARE(aws({QStringLiteral("ecs"), QStringLiteral("register-task-definition"),
                      QStringLiteral("--cli-input-json"), file(QStringLiteral("linked.json"), kLinked)})
                     .exitCode,
                 0);
        auto r = aws({QStringLiteral("ecs"), QStringLiteral("run-task"), QStringLiteral("--task-definition"),
                      QStringLiteral("api-linked")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        remember(r.json[u"tasks"].toArray());
        const QString arn = r.json[u"tasks"][0][u"taskArn"].toString();
        QVERIFY(waitFor({arn}, QStringLiteral("RUNNING"), 90000));
        // app started only once db was healthy, found it as "database" and exited 0; db runs on.
        QTRY_VERIFY_WITH_TIMEOUT(describe({arn})[0][u"containers"][1].toObject().contains(u"exitCode"), 30000);
        const QJsonObject task = describe({arn})[0].toObject();
        const QJsonObject db = task[u"containers"][0].toObject();
        const QJsonObject app = task[u"containers"][1].toObject();
        QCOMPARE(db[u"name"].toString(), QStringLiteral("db"));
        QCOMPARE(db[u"healthStatus"].toString(), QStringLiteral("HEALTHY"));
        QCOMPARE(app[u"exitCode"].toInt(-1), 0);
        QCOMPARE(task[u"lastStatus"].toString(), QStringLiteral("RUNNING")); // a non-essential exit stops nothing
        r = aws({QStringLiteral("ecs"), QStringLiteral("stop-task"), QStringLiteral("--task"), arn});
        QVERIFY(waitFor({arn}, QStringLiteral("STOPPED")));
        // The task's own network is gone with it.
        QCOMPARE(docker({QStringLiteral("network"), QStringLiteral("ls"), QStringLiteral("-q"), QStringLiteral("--filter"),
                         QStringLiteral("name=fd-task-") + arn.section(u'/', -1)}),
                 QString());
    }

    void killRightAfterRunTaskLosesNothingAndStartsNothingTwice()
    {
        const auto reply = m_fleetdeck->call(QStringLiteral("RunTask"),
                                             R"({"taskDefinition": "api-web", "count": 3})");
        QCOMPARE(reply.status, 200);
        m_fleetdeck->kill(); // before the controller could finish starting them
        const QJsonArray tasks = QJsonDocument::fromJson(reply.body).object()[u"tasks"].toArray();
        remember(tasks);
        QCOMPARE(tasks.size(), 3);
        QVERIFY2(m_fleetdeck->start(), qPrintable(m_fleetdeck->errorText()));
        QStringList arns;
        for (const QJsonValue &t : tasks)
            arns << t[u"taskArn"].toString();
        QVERIFY(waitFor(arns, QStringLiteral("RUNNING"), 90000));
        for (const QString &arn : arns) {
            const QString id = arn.section(u'/', -1);
            const QStringList containers = docker({QStringLiteral("ps"), QStringLiteral("-aq"), QStringLiteral("--filter"),
                                                   QStringLiteral("label=fleetdeck.task=") + id})
                                               .split(u'\n', Qt::SkipEmptyParts);
            QCOMPARE(containers.size(), 1);
        }
    }
};

QTEST_GUILESS_MAIN(TestTasksApi)
#include "TestTasksApi.moc"
