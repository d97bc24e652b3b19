#include "TestSupport.h"
#include "fargate/Launch.h"
#include "json/TaskDefinitionJson.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace fd;

namespace fd {
// QCOMPARE prints a spec as its register JSON (typed fields only) when two specs differ.
char *toString(const TaskDefinitionSpec &spec)
{
    TaskDefinitionSpec typed = spec;
    typed.document.clear();
    return QTest::toString(json::toRegisterJson(typed, false));
}
} // namespace fd

namespace {

using OJson = nlohmann::ordered_json;

// A minimal valid task around the given container definitions, with optional top-level members
// (each ending with a comma) before them.
QByteArray task(const QByteArray &containers, const QByteArray &top = {})
{
    return R"({"family":"web",)" + top + R"("containerDefinitions":[)" + containers + "]}";
}

// A minimal valid container named `name`, plus extra members (each starting with a comma).
QByteArray container(const QByteArray &name, const QByteArray &extra = {})
{
    return R"({"name":")" + name + R"(","image":"nginx","memory":128)" + extra + "}";
}

QByteArray web(const QByteArray &extra = {})
{
    return task(container("web", extra));
}

// The same JSON text, compact, member order kept.
QByteArray compact(const QByteArray &json)
{
    return QByteArray::fromStdString(OJson::parse(json.constBegin(), json.constEnd()).dump());
}

TaskDefinitionSpec typedFields(TaskDefinitionSpec spec)
{
    spec.document.clear();
    return spec;
}

ContainerDefinition makeContainer(const QString &name, const QString &image, std::optional<int> memory = 128)
{
    ContainerDefinition c;
    c.name = name;
    c.image = image;
    c.memory = memory;
    return c;
}

TaskDefinitionSpec makeSpec(const QString &family, const QList<ContainerDefinition> &containers)
{
    TaskDefinitionSpec s;
    s.family = family;
    s.containerDefinitions = containers;
    return s;
}

TaskDefinitionSpec parsedOrFail(const QByteArray &json)
{
    const Result<TaskDefinitionSpec> r = json::parseTaskDefinition(json);
    if (!r.ok())
        qWarning("unexpected parse error: %s", qPrintable(r.error().message));
    return r.ok() ? r.value() : TaskDefinitionSpec{};
}

const char kFull[] = R"({
  "family": "shop",
  "networkMode": "bridge",
  "cpu": "1 vCPU",
  "memory": "2GB",
  "executionRoleArn": "arn:aws:iam::000000000000:role/exec",
  "volumes": [{"name": "data", "host": {"sourcePath": "/srv/data"}}],
  "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.availability-zone in [eu-west-1a]"}],
  "containerDefinitions": [
    {
      "name": "app",
      "image": "fleetdeck/demo-web:1",
      "cpu": 512,
      "memory": 1024,
      "memoryReservation": 512,
      "essential": true,
      "entryPoint": ["/demo-web"],
      "command": ["--serve", "--verbose"],
      "environment": [{"name": "PORT", "value": "8080"}, {"name": "MODE", "value": ""}],
      "portMappings": [
        {"containerPort": 8080, "hostPort": 0, "protocol": "tcp", "name": "http", "appProtocol": "http"},
        {"containerPort": 5353, "hostPort": 5353, "protocol": "udp"}
      ],
      "links": ["db:database"],
      "dependsOn": [{"containerName": "db", "condition": "HEALTHY"}, {"containerName": "migrate", "condition": "SUCCESS"}],
      "healthCheck": {"command": ["CMD-SHELL", "wget -q -O- localhost:8080/health"], "interval": 10, "timeout": 3, "retries": 4, "startPeriod": 15},
      "stopTimeout": 20,
      "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/shop"}},
      "mountPoints": [{"sourceVolume": "data", "containerPath": "/data"}]
    },
    {
      "name": "db",
      "image": "postgres:16",
      "memoryReservation": 256,
      "healthCheck": {"command": ["CMD", "pg_isready"]}
    },
    {
      "name": "migrate",
      "image": "fleetdeck/migrate:1",
      "memory": 64,
      "essential": false,
      "command": ["migrate", "up"]
    }
  ]
})";

TaskDefinitionSpec fullSpec()
{
    ContainerDefinition app = makeContainer(QStringLiteral("app"), QStringLiteral("fleetdeck/demo-web:1"), 1024);
    app.cpu = 512;
    app.memoryReservation = 512;
    app.entryPoint = QStringList{QStringLiteral("/demo-web")};
    app.command = QStringList{QStringLiteral("--serve"), QStringLiteral("--verbose")};
    app.environment = {{QStringLiteral("PORT"), QStringLiteral("8080")}, {QStringLiteral("MODE"), QString()}};
    app.portMappings = {{8080, 0, QStringLiteral("tcp")}, {5353, 5353, QStringLiteral("udp")}};
    app.links = QStringList{QStringLiteral("db:database")};
    app.dependsOn = {{QStringLiteral("db"), QStringLiteral("HEALTHY")},
                     {QStringLiteral("migrate"), QStringLiteral("SUCCESS")}};
    app.healthCheck =
        HealthCheck{{QStringLiteral("CMD-SHELL"), QStringLiteral("wget -q -O- localhost:8080/health")}, 10, 3, 4, 15};
    app.stopTimeout = 20;
    app.logDriver = QStringLiteral("awslogs");

    ContainerDefinition db = makeContainer(QStringLiteral("db"), QStringLiteral("postgres:16"), std::nullopt);
    db.memoryReservation = 256;
    db.healthCheck = HealthCheck{{QStringLiteral("CMD"), QStringLiteral("pg_isready")}};

    ContainerDefinition migrate = makeContainer(QStringLiteral("migrate"), QStringLiteral("fleetdeck/migrate:1"), 64);
    migrate.essential = false;
    migrate.command = QStringList{QStringLiteral("migrate"), QStringLiteral("up")};

    TaskDefinitionSpec s = makeSpec(QStringLiteral("shop"), {app, db, migrate});
    s.cpu = 1024;
    s.memory = 2048;
    s.placementConstraints = {
        {QStringLiteral("memberOf"), QStringLiteral("attribute:ecs.availability-zone in [eu-west-1a]")}};
    return s;
}

const char kDescribeOutput[] = R"({
  "taskDefinition": {
    "taskDefinitionArn": "arn:aws:ecs:us-east-1:000000000000:task-definition/web:7",
    "containerDefinitions": [
      {"name": "web", "image": "nginx", "cpu": 0, "memory": 128, "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}],
       "essential": true, "environment": [], "mountPoints": [], "volumesFrom": []}
    ],
    "family": "web",
    "networkMode": "bridge",
    "revision": 7,
    "volumes": [],
    "status": "ACTIVE",
    "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.docker-remote-api.1.18"}],
    "placementConstraints": [],
    "compatibilities": ["EXTERNAL", "EC2"],
    "registeredAt": 1700000000.123,
    "registeredBy": "arn:aws:iam::000000000000:root",
    "deregisteredAt": 1700000100.5,
    "deleteRequestedAt": 1700000200.0
  },
  "tags": [{"key": "team", "value": "edge"}]
})";

} // namespace

Q_DECLARE_METATYPE(fd::TaskDefinitionSpec)

class TestTaskDefinitionJson final : public QObject
{
    Q_OBJECT

private slots:
    // ---------------------------------------------------------------- valid documents: typed fields

    void parseValid_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<TaskDefinitionSpec>("expected");

        const auto web128 = [] { return makeContainer(QStringLiteral("web"), QStringLiteral("nginx")); };

        QTest::newRow("minimal") << web() << makeSpec(QStringLiteral("web"), {web128()});

        QTest::newRow("full") << QByteArray(kFull) << fullSpec();

        {
            ContainerDefinition c = web128();
            c.cpu = 0;
            c.portMappings = {{80, 0, QStringLiteral("tcp")}};
            QTest::newRow("describe-task-definition output")
                << QByteArray(kDescribeOutput) << makeSpec(QStringLiteral("web"), {c});
        }
        {
            TaskDefinitionSpec s = makeSpec(QStringLiteral("web"), {web128()});
            s.cpu = 1024;
            s.memory = 2048;
            QTest::newRow("1 vCPU, 2GB") << web().replace("{\"family\":\"web\",",
                                                          R"({"family":"web","cpu":"1 vCPU","memory":"2GB",)")
                                         << s;
            QTest::newRow("numbers") << task(container("web"), R"("cpu":1024,"memory":2048,)") << s;
            QTest::newRow("integer strings") << task(container("web"), R"("cpu":"1024","memory":"2048",)") << s;
            s.cpu = 512;
            s.memory = 1536;
            QTest::newRow("0.5 vcpu, 1.5 GiB")
                << task(container("web"), R"("cpu":"0.5 vcpu","memory":"1.5 GiB",)") << s;
            s.cpu = 256;
            s.memory = 512;
            QTest::newRow("0.25 vCPU, 512 MiB")
                << task(container("web"), R"("cpu":"0.25 vCPU","memory":"512 MiB",)") << s;
        }
        {
            // Task memory alone satisfies the EC2 rule: the container needs no memory of its own.
            TaskDefinitionSpec s = makeSpec(
                QStringLiteral("web"), {makeContainer(QStringLiteral("web"), QStringLiteral("nginx"), std::nullopt)});
            s.memory = 512;
            QTest::newRow("task memory only")
                << QByteArray(
                       R"({"family":"web","memory":"512","containerDefinitions":[{"name":"web","image":"nginx"}]})")
                << s;
        }
        {
            // host and awsvpc have no port translation: an absent hostPort means the container port.
            ContainerDefinition c = web128();
            c.portMappings = {{80, 80, QStringLiteral("tcp")}, {53, 53, QStringLiteral("udp")}};
            TaskDefinitionSpec s = makeSpec(QStringLiteral("web"), {c});
            s.networkMode = QStringLiteral("host");
            QTest::newRow("host mode fills hostPort")
                << task(
                       container(
                           "web",
                           R"(,"portMappings":[{"containerPort":80},{"containerPort":53,"hostPort":53,"protocol":"udp"}])"),
                       R"("networkMode":"host",)")
                << s;
            s.networkMode = QStringLiteral("awsvpc");
            QTest::newRow("awsvpc mode fills hostPort")
                << task(
                       container(
                           "web",
                           R"(,"portMappings":[{"containerPort":80,"hostPort":0},{"containerPort":53,"protocol":"udp"}])"),
                       R"("networkMode":"awsvpc",)")
                << s;
        }
        {
            TaskDefinitionSpec s = makeSpec(QStringLiteral("web"), {web128()});
            s.networkMode = QStringLiteral("none");
            QTest::newRow("none with empty portMappings")
                << task(container("web", R"(,"portMappings":[])"), R"("networkMode":"none",)") << s;
        }
        {
            ContainerDefinition a = web128();
            a.portMappings = {
                {80, 0, QStringLiteral("tcp")}, {81, 0, QStringLiteral("tcp")}, {53, 8053, QStringLiteral("tcp")}};
            ContainerDefinition b = makeContainer(QStringLiteral("b"), QStringLiteral("nginx"));
            b.portMappings = {{53, 8053, QStringLiteral("udp")}};
            QTest::newRow("dynamic ports repeat; same port, other protocol")
                << task(
                       container(
                           "web",
                           R"(,"portMappings":[{"containerPort":80},{"containerPort":81,"hostPort":0},{"containerPort":53,"hostPort":8053}])") +
                       "," +
                       container("b", R"(,"portMappings":[{"containerPort":53,"hostPort":8053,"protocol":"udp"}])"))
                << makeSpec(QStringLiteral("web"), {a, b});
        }
        {
            // COMPLETE/SUCCESS are fine when the container waited for is not essential.
            ContainerDefinition a = web128();
            a.dependsOn = {{QStringLiteral("init"), QStringLiteral("COMPLETE")}};
            ContainerDefinition init = makeContainer(QStringLiteral("init"), QStringLiteral("busybox"));
            init.essential = false;
            QTest::newRow("COMPLETE on a non-essential container")
                << task(container("web", R"(,"dependsOn":[{"containerName":"init","condition":"COMPLETE"}])") + "," +
                        R"({"name":"init","image":"busybox","memory":128,"essential":false})")
                << makeSpec(QStringLiteral("web"), {a, init});
        }
        {
            ContainerDefinition a = web128();
            a.healthCheck = HealthCheck{{QStringLiteral("CMD"), QStringLiteral("/check")}, 5, 2, 1, 0};
            QTest::newRow("health check lower bounds")
                << web(R"(,"healthCheck":{"command":["CMD","/check"],"interval":5,"timeout":2,"retries":1,"startPeriod":0})")
                << makeSpec(QStringLiteral("web"), {a});
            a.healthCheck = HealthCheck{{QStringLiteral("CMD"), QStringLiteral("/check")}, 300, 60, 10, 300};
            QTest::newRow("health check upper bounds")
                << web(R"(,"healthCheck":{"command":["CMD","/check"],"interval":300,"timeout":60,"retries":10,"startPeriod":300})")
                << makeSpec(QStringLiteral("web"), {a});
            a.healthCheck = HealthCheck{{QStringLiteral("CMD"), QStringLiteral("/check")}};
            QTest::newRow("health check defaults 30/5/3/0")
                << web(R"(,"healthCheck":{"command":["CMD","/check"]})") << makeSpec(QStringLiteral("web"), {a});
        }
        {
            ContainerDefinition a = web128();
            a.stopTimeout = 0;
            QTest::newRow("stopTimeout 0") << web(R"(,"stopTimeout":0)") << makeSpec(QStringLiteral("web"), {a});
            a.stopTimeout = 120;
            QTest::newRow("stopTimeout 120") << web(R"(,"stopTimeout":120)") << makeSpec(QStringLiteral("web"), {a});
        }
        {
            ContainerDefinition a = web128();
            a.memory = 6;
            QTest::newRow("memory 6 MiB (Docker minimum)")
                << task(R"({"name":"web","image":"nginx","memory":6})") << makeSpec(QStringLiteral("web"), {a});
        }
        {
            ContainerDefinition a = web128();
            a.links = QStringList{QStringLiteral("db")};
            QTest::newRow("link by name only")
                << task(container("web", R"(,"links":["db"])") + "," + container("db"))
                << makeSpec(QStringLiteral("web"), {a, makeContainer(QStringLiteral("db"), QStringLiteral("nginx"))});
        }
        // AWS clients treat null as "not given".
        QTest::newRow("null members are absent")
            << QByteArray(
                   R"({"family":"web","cpu":null,"networkMode":null,"containerDefinitions":[{"name":"web","image":"nginx","memory":128,"cpu":null,"healthCheck":null,"essential":null}]})")
            << makeSpec(QStringLiteral("web"), {web128()});
        QTest::newRow("family of 255 characters")
            << task(container("web"))
                   .replace("\"web\",\"containerDefinitions\"",
                            "\"" + QByteArray(255, 'f') + "\",\"containerDefinitions\"")
            << makeSpec(QString(255, u'f'), {web128()});
        QTest::newRow("UTF-8 BOM") << QByteArray("\xEF\xBB\xBF") + web() << makeSpec(QStringLiteral("web"), {web128()});
    }

    void parseValid()
    {
        QFETCH(QByteArray, json);
        QFETCH(TaskDefinitionSpec, expected);

        const Result<TaskDefinitionSpec> r = json::parseTaskDefinition(json);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(typedFields(r.value()), expected);
        QVERIFY(!r->document.isEmpty());
    }

    // ---------------------------------------------------------------- valid documents: the normalised document

    void document_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QByteArray>("expectedDocument");

        QTest::newRow("minimal is kept as written") << web() << web();
        QTest::newRow("essential and defaults are not made explicit")
            << web(R"(,"portMappings":[{"containerPort":80}],"healthCheck":{"command":["CMD","x"]})")
            << web(R"(,"portMappings":[{"containerPort":80}],"healthCheck":{"command":["CMD","x"]})");
        QTest::newRow("cpu and memory become integer strings")
            << task(container("web"), R"("cpu":"1 vCPU","memory":"2GB",)")
            << task(container("web"), R"("cpu":"1024","memory":"2048",)");
        QTest::newRow("numbers become strings") << task(container("web"), R"("cpu":256,"memory":512,)")
                                                << task(container("web"), R"("cpu":"256","memory":"512",)");
        QTest::newRow("unknown members kept, at any depth, in order")
            << QByteArray(
                   R"({"taskRoleArn":"arn:aws:iam::000000000000:role/t","family":"web","x-custom":{"a":[1,{"b":null}]},)"
                   R"("containerDefinitions":[{"name":"web","ulimits":[{"name":"nofile","softLimit":1024,"hardLimit":2048}],)"
                   R"("image":"nginx","memory":128,"portMappings":[{"containerPort":80,"appProtocol":"http","name":"web-80"}],)"
                   R"("logConfiguration":{"logDriver":"json-file","options":{"max-size":"10m"},"secretOptions":[]},)"
                   R"("healthCheck":{"command":["CMD","x"],"x-note":"kept"},"dockerLabels":{"team":"edge"}}],)"
                   R"("volumes":[{"name":"v"}],"pidMode":"task"})")
            << QByteArray(
                   R"({"taskRoleArn":"arn:aws:iam::000000000000:role/t","family":"web","x-custom":{"a":[1,{"b":null}]},)"
                   R"("containerDefinitions":[{"name":"web","ulimits":[{"name":"nofile","softLimit":1024,"hardLimit":2048}],)"
                   R"("image":"nginx","memory":128,"portMappings":[{"containerPort":80,"appProtocol":"http","name":"web-80"}],)"
                   R"("logConfiguration":{"logDriver":"json-file","options":{"max-size":"10m"},"secretOptions":[]},)"
                   R"("healthCheck":{"command":["CMD","x"],"x-note":"kept"},"dockerLabels":{"team":"edge"}}],)"
                   R"("volumes":[{"name":"v"}],"pidMode":"task"})");
        QTest::newRow("describe output: read-only members dropped, tags kept")
            << QByteArray(kDescribeOutput)
            << QByteArray(
                   R"({"containerDefinitions":[{"name":"web","image":"nginx","cpu":0,"memory":128,)"
                   R"("portMappings":[{"containerPort":80,"hostPort":0,"protocol":"tcp"}],"essential":true,)"
                   R"("environment":[],"mountPoints":[],"volumesFrom":[]}],"family":"web","networkMode":"bridge",)"
                   R"("volumes":[],"placementConstraints":[],"tags":[{"key":"team","value":"edge"}]})");
        QTest::newRow("inner describe object: read-only members dropped")
            << QByteArray(
                   R"({"taskDefinitionArn":"arn:aws:ecs:us-east-1:000000000000:task-definition/web:1","family":"web",)"
                   R"("revision":1,"status":"INACTIVE","compatibilities":["EC2"],"requiresAttributes":[],)"
                   R"("registeredAt":1.5,"registeredBy":"me","containerDefinitions":[)" +
                   container("web") + "]}")
            << web();
    }

    void document()
    {
        QFETCH(QByteArray, json);
        QFETCH(QByteArray, expectedDocument);

        const Result<TaskDefinitionSpec> r = json::parseTaskDefinition(json);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r->document, compact(expectedDocument));
    }

    // ---------------------------------------------------------------- invalid documents

    void parseInvalid_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("reason"); // a substring of the message after "<field>: "

        // top level
        QTest::newRow("array at top level")
            << QByteArray("[1]") << QString() << QStringLiteral("must be a JSON object (got array)");
        QTest::newRow("string at top level")
            << QByteArray("\"web\"") << QString() << QStringLiteral("must be a JSON object (got string)");
        QTest::newRow("taskDefinition wrapper not an object")
            << QByteArray(R"({"taskDefinition":[]})") << QStringLiteral("taskDefinition")
            << QStringLiteral("must be an object");
        // Found by the task_definition_json fuzz target: the inner taskDefinition was kept in the
        // stored document, so the next start unwrapped it and loaded task definition "inner" as "outer:1".
        QTest::newRow("describe wrapper inside a describe wrapper")
            << QByteArray(R"({"taskDefinition":{"family":"outer","containerDefinitions":[)" + container("a") +
                          R"(],"taskDefinition":{"family":"inner","containerDefinitions":[)" + container("b") +
                          "]}}}")
            << QStringLiteral("taskDefinition") << QStringLiteral("cannot contain another taskDefinition");

        // Members kept as given and read back have their API type (TaskDefinitionMemberTypes.cpp).
        QTest::newRow("ulimits softLimit a string")
            << task(container("web", R"(,"ulimits":[{"name":"nofile","softLimit":"lots","hardLimit":2048}])"))
            << QStringLiteral("containerDefinitions[0].ulimits[0].softLimit") << QStringLiteral("must be an integer");
        QTest::newRow("mountPoints an object")
            << task(container("web", R"(,"mountPoints":{"sourceVolume":"v"})"))
            << QStringLiteral("containerDefinitions[0].mountPoints") << QStringLiteral("must be an array");
        QTest::newRow("dockerLabels value a number")
            << task(container("web", R"(,"dockerLabels":{"team":7})"))
            << QStringLiteral("containerDefinitions[0].dockerLabels.team") << QStringLiteral("must be a string");
        QTest::newRow("linuxParameters tmpfs size a string")
            << task(container("web", R"(,"linuxParameters":{"tmpfs":[{"containerPath":"/run","size":"64"}]})"))
            << QStringLiteral("containerDefinitions[0].linuxParameters.tmpfs[0].size")
            << QStringLiteral("must be an integer");
        QTest::newRow("volume host not an object")
            << task(container("web"), R"("volumes":[{"name":"v","host":"/srv"}],)") << QStringLiteral("volumes[0].host")
            << QStringLiteral("must be an object");
        QTest::newRow("portMappings name a number")
            << task(container("web", R"(,"portMappings":[{"containerPort":80,"name":80}])"))
            << QStringLiteral("containerDefinitions[0].portMappings[0].name") << QStringLiteral("must be a string");

        // family
        QTest::newRow("family missing") << QByteArray(R"({"containerDefinitions":[)" + container("web") + "]}")
                                        << QStringLiteral("family") << QStringLiteral("is required");
        QTest::newRow("family not a string") << web().replace("\"family\":\"web\"", "\"family\":5")
                                             << QStringLiteral("family") << QStringLiteral("must be a string");
        QTest::newRow("family empty") << web().replace("\"family\":\"web\"", "\"family\":\"\"")
                                      << QStringLiteral("family") << QStringLiteral("must not be empty");
        QTest::newRow("family with a space")
            << web().replace("\"family\":\"web\"", "\"family\":\"web app\"") << QStringLiteral("family")
            << QStringLiteral("may contain only letters, digits, '_' and '-'");
        QTest::newRow("family with a colon") << web().replace("\"family\":\"web\"", "\"family\":\"web:1\"")
                                             << QStringLiteral("family") << QStringLiteral("may contain only");
        QTest::newRow("family of 256 characters")
            << web().replace("\"family\":\"web\"", "\"family\":\"" + QByteArray(256, 'f') + "\"")
            << QStringLiteral("family") << QStringLiteral("must be at most 255 characters (got 256)");

        // networkMode
        QTest::newRow("networkMode unknown")
            << task(container("web"), R"("networkMode":"nat",)") << QStringLiteral("networkMode")
            << QStringLiteral("must be one of none, bridge, awsvpc, host (got \"nat\")");
        QTest::newRow("networkMode not a string")
            << task(container("web"), R"("networkMode":1,)") << QStringLiteral("networkMode")
            << QStringLiteral("must be a string");
        QTest::newRow("none with port mappings")
            << task(container("web", R"(,"portMappings":[{"containerPort":80}])"), R"("networkMode":"none",)")
            << QStringLiteral("containerDefinitions[0].portMappings")
            << QStringLiteral("port mappings are not allowed with networkMode none");
        QTest::newRow("host with another hostPort")
            << task(container("web", R"(,"portMappings":[{"containerPort":80,"hostPort":8080}])"),
                    R"("networkMode":"host",)")
            << QStringLiteral("containerDefinitions[0].portMappings[0].hostPort")
            << QStringLiteral("must be empty or equal containerPort (80) with networkMode host");
        QTest::newRow("awsvpc with another hostPort")
            << task(container("web", R"(,"portMappings":[{"containerPort":80},{"containerPort":81,"hostPort":82}])"),
                    R"("networkMode":"awsvpc",)")
            << QStringLiteral("containerDefinitions[0].portMappings[1].hostPort")
            << QStringLiteral("must be empty or equal containerPort (81) with networkMode awsvpc");

        // task cpu and memory
        QTest::newRow("cpu unparsable") << task(container("web"), R"("cpu":"fast",)") << QStringLiteral("cpu")
                                        << QStringLiteral("cannot convert \"fast\" to CPU units");
        QTest::newRow("cpu fraction of a unit")
            << task(container("web"), R"("cpu":"0.3 vCPU",)") << QStringLiteral("cpu")
            << QStringLiteral("cannot convert \"0.3 vCPU\"");
        QTest::newRow("cpu below 128") << task(container("web"), R"("cpu":64,)") << QStringLiteral("cpu")
                                       << QStringLiteral("must be between 128 and 196608 CPU units (got 64)");
        QTest::newRow("cpu above 192 vCPU") << task(container("web"), R"("cpu":"193 vCPU",)") << QStringLiteral("cpu")
                                            << QStringLiteral("must be between 128 and 196608 CPU units (got 197632)");
        QTest::newRow("cpu a boolean") << task(container("web"), R"("cpu":true,)") << QStringLiteral("cpu")
                                       << QStringLiteral(
                                              "must be an integer or a string such as \"1024\" or \"1 vCPU\"");
        QTest::newRow("cpu a float") << task(container("web"), R"("cpu":1024.5,)") << QStringLiteral("cpu")
                                     << QStringLiteral("must be an integer or a string");
        QTest::newRow("memory unparsable") << task(container("web"), R"("memory":"lots",)") << QStringLiteral("memory")
                                           << QStringLiteral("cannot convert \"lots\" to MiB");
        QTest::newRow("memory in TB") << task(container("web"), R"("memory":"1TB",)") << QStringLiteral("memory")
                                      << QStringLiteral("cannot convert \"1TB\" to MiB");
        QTest::newRow("memory an array") << task(container("web"), R"("memory":[],)") << QStringLiteral("memory")
                                         << QStringLiteral("must be an integer or a string such as \"512\" or \"1GB\"");
        QTest::newRow("memory too small") << task(container("web"), R"("memory":4,)") << QStringLiteral("memory")
                                          << QStringLiteral("must be at least 6 MiB (got 4)");

        // containerDefinitions
        QTest::newRow("containerDefinitions missing")
            << QByteArray(R"({"family":"web"})") << QStringLiteral("containerDefinitions")
            << QStringLiteral("is required");
        QTest::newRow("containerDefinitions an object")
            << QByteArray(R"({"family":"web","containerDefinitions":{}})") << QStringLiteral("containerDefinitions")
            << QStringLiteral("must be an array");
        QTest::newRow("containerDefinitions empty") << task({}) << QStringLiteral("containerDefinitions")
                                                    << QStringLiteral("must contain at least one container definition");
        QTest::newRow("container not an object")
            << task("\"web\"") << QStringLiteral("containerDefinitions[0]") << QStringLiteral("must be an object");
        QTest::newRow("name missing") << task(R"({"image":"nginx","memory":128})")
                                      << QStringLiteral("containerDefinitions[0].name")
                                      << QStringLiteral("is required");
        QTest::newRow("name not a string")
            << task(R"({"name":1,"image":"nginx","memory":128})") << QStringLiteral("containerDefinitions[0].name")
            << QStringLiteral("must be a string");
        QTest::newRow("name with a dot") << task(container("web.1")) << QStringLiteral("containerDefinitions[0].name")
                                         << QStringLiteral(
                                                "may contain only letters, digits, '_' and '-' (got \"web.1\")");
        QTest::newRow("name duplicate") << task(container("web") + "," + container("web"))
                                        << QStringLiteral("containerDefinitions[1].name")
                                        << QStringLiteral(
                                               "duplicate container name \"web\" (also containerDefinitions[0])");
        QTest::newRow("image missing") << task(R"({"name":"web","memory":128})")
                                       << QStringLiteral("containerDefinitions[0].image")
                                       << QStringLiteral("is required");
        QTest::newRow("image empty") << task(R"({"name":"web","image":"","memory":128})")
                                     << QStringLiteral("containerDefinitions[0].image")
                                     << QStringLiteral("must not be empty");
        QTest::newRow("image with a space")
            << task(R"({"name":"web","image":"nginx latest","memory":128})")
            << QStringLiteral("containerDefinitions[0].image") << QStringLiteral("must not contain whitespace");

        // container cpu and memory
        QTest::newRow("container cpu a string")
            << web(R"(,"cpu":"256")") << QStringLiteral("containerDefinitions[0].cpu")
            << QStringLiteral("must be an integer");
        QTest::newRow("container cpu a float") << web(R"(,"cpu":1.5)") << QStringLiteral("containerDefinitions[0].cpu")
                                               << QStringLiteral("must be an integer");
        QTest::newRow("container cpu negative") << web(R"(,"cpu":-1)") << QStringLiteral("containerDefinitions[0].cpu")
                                                << QStringLiteral("must be at least 0 CPU units (got -1)");
        QTest::newRow("container memory below 6")
            << task(R"({"name":"web","image":"nginx","memory":4})") << QStringLiteral("containerDefinitions[0].memory")
            << QStringLiteral("must be at least 6 MiB (got 4)");
        QTest::newRow("container memory huge") << task(R"({"name":"web","image":"nginx","memory":99999999999})")
                                               << QStringLiteral("containerDefinitions[0].memory")
                                               << QStringLiteral("must be at most 2147483647 MiB (got 99999999999)");
        QTest::newRow("memoryReservation zero")
            << web(R"(,"memoryReservation":0)") << QStringLiteral("containerDefinitions[0].memoryReservation")
            << QStringLiteral("must be at least 6 MiB (got 0)");
        QTest::newRow("memory equal to memoryReservation")
            << task(R"({"name":"web","image":"nginx","memory":256,"memoryReservation":256})")
            << QStringLiteral("containerDefinitions[0].memory")
            << QStringLiteral("must be greater than memoryReservation (256 = 256)");
        QTest::newRow("no memory anywhere (EC2)")
            << task(R"({"name":"web","image":"nginx"})") << QStringLiteral("containerDefinitions[0].memory")
            << QStringLiteral("is required when the task has no memory (set memory or memoryReservation)");
        QTest::newRow("second container without memory")
            << task(container("web") + R"(,{"name":"side","image":"nginx","cpu":10})")
            << QStringLiteral("containerDefinitions[1].memory")
            << QStringLiteral("is required when the task has no memory");
        QTest::newRow("containers' cpu above the task cpu")
            << task(container("web", R"(,"cpu":512)") + "," + container("b", R"(,"cpu":768)"), R"("cpu":"1 vCPU",)")
            << QStringLiteral("containerDefinitions[1].cpu")
            << QStringLiteral("the containers' cpu adds up to 1280, more than the task cpu (1024)");
        QTest::newRow("containers' memory above the task memory")
            << task(container("web", R"(,"memoryReservation":64)") + "," + container("b"), R"("memory":"128",)")
            << QStringLiteral("containerDefinitions[1].memory")
            << QStringLiteral("the containers reserve 192 MiB in total, more than the task memory (128 MiB)");

        // portMappings
        QTest::newRow("portMappings an object")
            << web(R"(,"portMappings":{})") << QStringLiteral("containerDefinitions[0].portMappings")
            << QStringLiteral("must be an array");
        QTest::newRow("port mapping not an object")
            << web(R"(,"portMappings":[80])") << QStringLiteral("containerDefinitions[0].portMappings[0]")
            << QStringLiteral("must be an object");
        QTest::newRow("containerPort missing")
            << web(R"(,"portMappings":[{"hostPort":80}])")
            << QStringLiteral("containerDefinitions[0].portMappings[0].containerPort") << QStringLiteral("is required");
        QTest::newRow("containerPort 0") << web(R"(,"portMappings":[{"containerPort":0}])")
                                         << QStringLiteral("containerDefinitions[0].portMappings[0].containerPort")
                                         << QStringLiteral("must be between 1 and 65535 (got 0)");
        QTest::newRow("containerPort 65536") << web(R"(,"portMappings":[{"containerPort":65536}])")
                                             << QStringLiteral("containerDefinitions[0].portMappings[0].containerPort")
                                             << QStringLiteral("must be between 1 and 65535 (got 65536)");
        QTest::newRow("containerPort a string")
            << web(R"(,"portMappings":[{"containerPort":"80"}])")
            << QStringLiteral("containerDefinitions[0].portMappings[0].containerPort")
            << QStringLiteral("must be an integer");
        QTest::newRow("hostPort negative")
            << web(R"(,"portMappings":[{"containerPort":80},{"containerPort":81,"hostPort":-1}])")
            << QStringLiteral("containerDefinitions[0].portMappings[1].hostPort")
            << QStringLiteral("must be between 0 and 65535 (got -1)");
        QTest::newRow("hostPort 65536") << web(R"(,"portMappings":[{"containerPort":80,"hostPort":65536}])")
                                        << QStringLiteral("containerDefinitions[0].portMappings[0].hostPort")
                                        << QStringLiteral("must be between 0 and 65535 (got 65536)");
        QTest::newRow("protocol sctp") << web(R"(,"portMappings":[{"containerPort":80,"protocol":"sctp"}])")
                                       << QStringLiteral("containerDefinitions[0].portMappings[0].protocol")
                                       << QStringLiteral("must be tcp or udp (got \"sctp\")");
        QTest::newRow("protocol upper case") << web(R"(,"portMappings":[{"containerPort":80,"protocol":"TCP"}])")
                                             << QStringLiteral("containerDefinitions[0].portMappings[0].protocol")
                                             << QStringLiteral("must be tcp or udp");
        QTest::newRow("same hostPort twice in a container")
            << web(R"(,"portMappings":[{"containerPort":80,"hostPort":8080},{"containerPort":81,"hostPort":8080}])")
            << QStringLiteral("containerDefinitions[0].portMappings[1].hostPort")
            << QStringLiteral("host port 8080/tcp is already used by containerDefinitions[0].portMappings[0]");
        QTest::newRow("same hostPort in two containers")
            << task(container("web", R"(,"portMappings":[{"containerPort":80,"hostPort":8080}])") + "," +
                    container("b", R"(,"portMappings":[{"containerPort":8080,"hostPort":8080,"protocol":"tcp"}])"))
            << QStringLiteral("containerDefinitions[1].portMappings[0].hostPort")
            << QStringLiteral("host port 8080/tcp is already used by containerDefinitions[0].portMappings[0]");
        QTest::newRow("same port in two containers, host mode")
            << task(container("web", R"(,"portMappings":[{"containerPort":80}])") + "," +
                        container("b", R"(,"portMappings":[{"containerPort":80}])"),
                    R"("networkMode":"host",)")
            << QStringLiteral("containerDefinitions[1].portMappings[0].hostPort")
            << QStringLiteral("host port 80/tcp is already used");
        QTest::newRow("reserved host port 22") << web(R"(,"portMappings":[{"containerPort":22,"hostPort":22}])")
                                               << QStringLiteral("containerDefinitions[0].portMappings[0].hostPort")
                                               << QStringLiteral("host port 22 is reserved");
        QTest::newRow("reserved host port 2375") << web(R"(,"portMappings":[{"containerPort":80,"hostPort":2375}])")
                                                 << QStringLiteral("containerDefinitions[0].portMappings[0].hostPort")
                                                 << QStringLiteral("host port 2375 is reserved");
        QTest::newRow("reserved host port 2376") << web(R"(,"portMappings":[{"containerPort":80,"hostPort":2376}])")
                                                 << QStringLiteral("containerDefinitions[0].portMappings[0].hostPort")
                                                 << QStringLiteral("host port 2376 is reserved");
        QTest::newRow("reserved host port 51678") << web(R"(,"portMappings":[{"containerPort":80,"hostPort":51678}])")
                                                  << QStringLiteral("containerDefinitions[0].portMappings[0].hostPort")
                                                  << QStringLiteral("host port 51678 is reserved");
        QTest::newRow("reserved host port 51680") << web(R"(,"portMappings":[{"containerPort":80,"hostPort":51680}])")
                                                  << QStringLiteral("containerDefinitions[0].portMappings[0].hostPort")
                                                  << QStringLiteral("host port 51680 is reserved");
        // In host mode the container port is the host port, written or not.
        QTest::newRow("reserved port via host mode")
            << task(container("web", R"(,"portMappings":[{"containerPort":51679}])"), R"("networkMode":"host",)")
            << QStringLiteral("containerDefinitions[0].portMappings[0].hostPort")
            << QStringLiteral("host port 51679 is reserved");

        // essential
        QTest::newRow("essential a string")
            << web(R"(,"essential":"yes")") << QStringLiteral("containerDefinitions[0].essential")
            << QStringLiteral("must be a boolean");
        QTest::newRow("no essential container")
            << task(container("web", R"(,"essential":false)") + "," + container("b", R"(,"essential":false)"))
            << QStringLiteral("containerDefinitions") << QStringLiteral("at least one container must be essential");

        // entryPoint, command, environment
        QTest::newRow("entryPoint a string")
            << web(R"(,"entryPoint":"/bin/sh")") << QStringLiteral("containerDefinitions[0].entryPoint")
            << QStringLiteral("must be an array");
        QTest::newRow("command with a number")
            << web(R"(,"command":["sleep",10])") << QStringLiteral("containerDefinitions[0].command[1]")
            << QStringLiteral("must be a string");
        QTest::newRow("environment an object")
            << web(R"(,"environment":{"PORT":"80"})") << QStringLiteral("containerDefinitions[0].environment")
            << QStringLiteral("must be an array");
        QTest::newRow("environment entry a string")
            << web(R"(,"environment":["PORT=80"])") << QStringLiteral("containerDefinitions[0].environment[0]")
            << QStringLiteral("must be an object");
        QTest::newRow("environment name missing")
            << web(R"(,"environment":[{"value":"80"}])")
            << QStringLiteral("containerDefinitions[0].environment[0].name") << QStringLiteral("is required");
        QTest::newRow("environment name empty")
            << web(R"(,"environment":[{"name":"A","value":"1"},{"name":"","value":"80"}])")
            << QStringLiteral("containerDefinitions[0].environment[1].name") << QStringLiteral("must not be empty");
        QTest::newRow("environment value a number")
            << web(R"(,"environment":[{"name":"PORT","value":80}])")
            << QStringLiteral("containerDefinitions[0].environment[0].value") << QStringLiteral("must be a string");

        // links
        QTest::newRow("links with host mode")
            << task(container("web", R"(,"links":["db"])") + "," + container("db"), R"("networkMode":"host",)")
            << QStringLiteral("containerDefinitions[0].links")
            << QStringLiteral("are only supported with networkMode bridge (the task uses host)");
        QTest::newRow("links with awsvpc mode")
            << task(container("web", R"(,"links":["db"])") + "," + container("db"), R"("networkMode":"awsvpc",)")
            << QStringLiteral("containerDefinitions[0].links")
            << QStringLiteral("only supported with networkMode bridge");
        QTest::newRow("link to an unknown container") << task(container("web", R"(,"links":["db:database"])"))
                                                      << QStringLiteral("containerDefinitions[0].links[0]")
                                                      << QStringLiteral("\"db\" is not a container in this task");
        QTest::newRow("link to itself") << web(R"(,"links":["web"])")
                                        << QStringLiteral("containerDefinitions[0].links[0]")
                                        << QStringLiteral("a container cannot link to itself");
        QTest::newRow("link with two colons")
            << task(container("web", R"(,"links":["db:a:b"])") + "," + container("db"))
            << QStringLiteral("containerDefinitions[0].links[0]")
            << QStringLiteral("must be \"name\" or \"name:alias\"");
        QTest::newRow("link with a bad alias")
            << task(container("web", R"(,"links":["db:my db"])") + "," + container("db"))
            << QStringLiteral("containerDefinitions[0].links[0]") << QStringLiteral("the alias may contain only");
        QTest::newRow("links not strings")
            << web(R"(,"links":[{"name":"db"}])") << QStringLiteral("containerDefinitions[0].links[0]")
            << QStringLiteral("must be a string");

        // healthCheck
        QTest::newRow("healthCheck an array")
            << web(R"(,"healthCheck":["CMD","x"])") << QStringLiteral("containerDefinitions[0].healthCheck")
            << QStringLiteral("must be an object");
        QTest::newRow("healthCheck without command")
            << web(R"(,"healthCheck":{"interval":30})") << QStringLiteral("containerDefinitions[0].healthCheck.command")
            << QStringLiteral("is required");
        QTest::newRow("healthCheck command empty")
            << web(R"(,"healthCheck":{"command":[]})") << QStringLiteral("containerDefinitions[0].healthCheck.command")
            << QStringLiteral("must not be empty");
        QTest::newRow("healthCheck command a string")
            << web(R"(,"healthCheck":{"command":"CMD-SHELL curl x"})")
            << QStringLiteral("containerDefinitions[0].healthCheck.command") << QStringLiteral("must be an array");
        QTest::newRow("healthCheck command without CMD")
            << web(R"(,"healthCheck":{"command":["curl","-f","x"]})")
            << QStringLiteral("containerDefinitions[0].healthCheck.command[0]")
            << QStringLiteral("must be CMD or CMD-SHELL (got \"curl\")");
        QTest::newRow("healthCheck NONE") << web(R"(,"healthCheck":{"command":["NONE"]})")
                                          << QStringLiteral("containerDefinitions[0].healthCheck.command[0]")
                                          << QStringLiteral("must be CMD or CMD-SHELL");
        QTest::newRow("healthCheck CMD alone") << web(R"(,"healthCheck":{"command":["CMD"]})")
                                               << QStringLiteral("containerDefinitions[0].healthCheck.command")
                                               << QStringLiteral("must name the command to run after CMD");
        QTest::newRow("interval 4") << web(R"(,"healthCheck":{"command":["CMD","x"],"interval":4})")
                                    << QStringLiteral("containerDefinitions[0].healthCheck.interval")
                                    << QStringLiteral("must be between 5 and 300 seconds (got 4)");
        QTest::newRow("interval 301") << web(R"(,"healthCheck":{"command":["CMD","x"],"interval":301})")
                                      << QStringLiteral("containerDefinitions[0].healthCheck.interval")
                                      << QStringLiteral("must be between 5 and 300 seconds (got 301)");
        QTest::newRow("interval a string")
            << web(R"(,"healthCheck":{"command":["CMD","x"],"interval":"30s"})")
            << QStringLiteral("containerDefinitions[0].healthCheck.interval") << QStringLiteral("must be an integer");
        QTest::newRow("timeout 1") << web(R"(,"healthCheck":{"command":["CMD","x"],"timeout":1})")
                                   << QStringLiteral("containerDefinitions[0].healthCheck.timeout")
                                   << QStringLiteral("must be between 2 and 60 seconds (got 1)");
        QTest::newRow("timeout 61") << web(R"(,"healthCheck":{"command":["CMD","x"],"timeout":61})")
                                    << QStringLiteral("containerDefinitions[0].healthCheck.timeout")
                                    << QStringLiteral("must be between 2 and 60 seconds (got 61)");
        QTest::newRow("retries 0") << web(R"(,"healthCheck":{"command":["CMD","x"],"retries":0})")
                                   << QStringLiteral("containerDefinitions[0].healthCheck.retries")
                                   << QStringLiteral("must be between 1 and 10 (got 0)");
        QTest::newRow("retries 11") << web(R"(,"healthCheck":{"command":["CMD","x"],"retries":11})")
                                    << QStringLiteral("containerDefinitions[0].healthCheck.retries")
                                    << QStringLiteral("must be between 1 and 10 (got 11)");
        QTest::newRow("startPeriod -1") << web(R"(,"healthCheck":{"command":["CMD","x"],"startPeriod":-1})")
                                        << QStringLiteral("containerDefinitions[0].healthCheck.startPeriod")
                                        << QStringLiteral("must be between 0 and 300 seconds (got -1)");
        QTest::newRow("startPeriod 301") << web(R"(,"healthCheck":{"command":["CMD","x"],"startPeriod":301})")
                                         << QStringLiteral("containerDefinitions[0].healthCheck.startPeriod")
                                         << QStringLiteral("must be between 0 and 300 seconds (got 301)");

        // dependsOn
        QTest::newRow("dependsOn an object")
            << web(R"(,"dependsOn":{"containerName":"db"})") << QStringLiteral("containerDefinitions[0].dependsOn")
            << QStringLiteral("must be an array");
        QTest::newRow("dependsOn unknown container")
            << web(R"(,"dependsOn":[{"containerName":"db","condition":"START"}])")
            << QStringLiteral("containerDefinitions[0].dependsOn[0].containerName")
            << QStringLiteral("\"db\" is not a container in this task");
        QTest::newRow("dependsOn itself") << web(R"(,"dependsOn":[{"containerName":"web","condition":"START"}])")
                                          << QStringLiteral("containerDefinitions[0].dependsOn[0].containerName")
                                          << QStringLiteral("a container cannot depend on itself");
        QTest::newRow("dependsOn without containerName")
            << web(R"(,"dependsOn":[{"condition":"START"}])")
            << QStringLiteral("containerDefinitions[0].dependsOn[0].containerName") << QStringLiteral("is required");
        QTest::newRow("dependsOn without condition")
            << task(container("web", R"(,"dependsOn":[{"containerName":"db"}])") + "," + container("db"))
            << QStringLiteral("containerDefinitions[0].dependsOn[0].condition") << QStringLiteral("is required");
        QTest::newRow("dependsOn condition unknown")
            << task(container("web", R"(,"dependsOn":[{"containerName":"db","condition":"READY"}])") + "," +
                    container("db"))
            << QStringLiteral("containerDefinitions[0].dependsOn[0].condition")
            << QStringLiteral("must be one of START, COMPLETE, SUCCESS, HEALTHY (got \"READY\")");
        QTest::newRow("COMPLETE on an essential container")
            << task(container("web", R"(,"dependsOn":[{"containerName":"db","condition":"COMPLETE"}])") + "," +
                    container("db"))
            << QStringLiteral("containerDefinitions[0].dependsOn[0].condition")
            << QStringLiteral("COMPLETE is not allowed because \"db\" is essential");
        QTest::newRow("SUCCESS on an essential container")
            << task(container("web", R"(,"dependsOn":[{"containerName":"db","condition":"SUCCESS"}])") + "," +
                    container("db", R"(,"essential":true)"))
            << QStringLiteral("containerDefinitions[0].dependsOn[0].condition")
            << QStringLiteral("SUCCESS is not allowed because \"db\" is essential");
        QTest::newRow("HEALTHY without a health check")
            << task(container("web", R"(,"dependsOn":[{"containerName":"db","condition":"HEALTHY"}])") + "," +
                    container("db"))
            << QStringLiteral("containerDefinitions[0].dependsOn[0].condition")
            << QStringLiteral("HEALTHY needs \"db\" to have a healthCheck");
        QTest::newRow("dependency cycle")
            << task(container("a", R"(,"dependsOn":[{"containerName":"b","condition":"START"}])") + "," +
                    container("b", R"(,"dependsOn":[{"containerName":"a","condition":"START"}])"))
            << QStringLiteral("containerDefinitions[1].dependsOn[0].containerName")
            << QStringLiteral("dependency cycle: a -> b -> a");

        // logConfiguration
        QTest::newRow("logConfiguration a string")
            << web(R"(,"logConfiguration":"json-file")") << QStringLiteral("containerDefinitions[0].logConfiguration")
            << QStringLiteral("must be an object");
        QTest::newRow("logDriver missing")
            << web(R"(,"logConfiguration":{"options":{}})")
            << QStringLiteral("containerDefinitions[0].logConfiguration.logDriver") << QStringLiteral("is required");
        QTest::newRow("logDriver unknown") << web(R"(,"logConfiguration":{"logDriver":"loki"})")
                                           << QStringLiteral("containerDefinitions[0].logConfiguration.logDriver")
                                           << QStringLiteral("must be one of json-file, syslog, journald, gelf, "
                                                             "fluentd, awslogs, splunk, awsfirelens (got \"loki\")");
        QTest::newRow("log option not a string")
            << web(R"(,"logConfiguration":{"logDriver":"json-file","options":{"max-file":3}})")
            << QStringLiteral("containerDefinitions[0].logConfiguration.options.max-file")
            << QStringLiteral("must be a string");

        // stopTimeout
        QTest::newRow("stopTimeout -1") << web(R"(,"stopTimeout":-1)")
                                        << QStringLiteral("containerDefinitions[0].stopTimeout")
                                        << QStringLiteral("must be between 0 and 120 seconds (got -1)");
        QTest::newRow("stopTimeout 121") << web(R"(,"stopTimeout":121)")
                                         << QStringLiteral("containerDefinitions[0].stopTimeout")
                                         << QStringLiteral("must be between 0 and 120 seconds (got 121)");

        // placementConstraints
        QTest::newRow("placementConstraints an object")
            << task(container("web"), R"("placementConstraints":{},)") << QStringLiteral("placementConstraints")
            << QStringLiteral("must be an array");
        QTest::newRow("placement constraint distinctInstance")
            << task(container("web"), R"("placementConstraints":[{"type":"distinctInstance"}],)")
            << QStringLiteral("placementConstraints[0].type") << QStringLiteral("must be memberOf");
        QTest::newRow("placement constraint without type")
            << task(container("web"),
                    R"("placementConstraints":[{"expression":"attribute:ecs.instance-type == t2.micro"}],)")
            << QStringLiteral("placementConstraints[0].type") << QStringLiteral("is required");
        QTest::newRow("memberOf without expression")
            << task(container("web"), R"("placementConstraints":[{"type":"memberOf"}],)")
            << QStringLiteral("placementConstraints[0].expression") << QStringLiteral("is required");
        QTest::newRow("memberOf with blank expression")
            << task(container("web"), R"("placementConstraints":[{"type":"memberOf","expression":"  "}],)")
            << QStringLiteral("placementConstraints[0].expression") << QStringLiteral("must not be empty");

        // The first problem in document order, whatever order the checks run in.
        QTest::newRow("first in document order: containers before a later family")
            << QByteArray(R"({"containerDefinitions":[{"name":"web","memory":128}],"family":"bad name"})")
            << QStringLiteral("containerDefinitions[0].image") << QStringLiteral("is required");
        QTest::newRow("first in document order: memory written before cpu")
            << task(R"({"name":"web","image":"nginx","memory":4,"cpu":-5})")
            << QStringLiteral("containerDefinitions[0].memory") << QStringLiteral("must be at least 6 MiB");
        QTest::newRow("first in document order: cpu written before memory")
            << task(R"({"name":"web","image":"nginx","cpu":-5,"memory":4})")
            << QStringLiteral("containerDefinitions[0].cpu") << QStringLiteral("must be at least 0");
        QTest::newRow("first in document order: networkMode after the containers")
            << QByteArray(R"({"family":"web","containerDefinitions":[)" + container("web", R"(,"stopTimeout":500)") +
                          R"(],"networkMode":"nat"})")
            << QStringLiteral("containerDefinitions[0].stopTimeout") << QStringLiteral("between 0 and 120");
        QTest::newRow("a missing member sorts after the container's members")
            << task(R"({"name":"web","cpu":-1,"memory":128})") << QStringLiteral("containerDefinitions[0].cpu")
            << QStringLiteral("must be at least 0");
        QTest::newRow("describe wrapper: paths stay relative to the task definition")
            << QByteArray(
                   R"({"taskDefinition":{"family":"web","revision":3,"containerDefinitions":[{"name":"web","memory":128}]}})")
            << QStringLiteral("containerDefinitions[0].image") << QStringLiteral("is required");
    }

    void parseInvalid()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QFETCH(QString, reason);

        const Result<TaskDefinitionSpec> r = json::parseTaskDefinition(json);
        QVERIFY2(!r.ok(), "the document was accepted");
        QCOMPARE(r.error().code, QStringLiteral("ClientException"));
        QCOMPARE(r.error().field, field);
        const QString prefix = field.isEmpty() ? QString() : field + QStringLiteral(": ");
        QVERIFY2(r.error().message.startsWith(prefix), qPrintable(r.error().message));
        QVERIFY2(r.error().message.mid(prefix.size()).contains(reason), qPrintable(r.error().message));
    }

    // The wording the API documentation and the wizard's tests quote.
    void memoryMessageIsExact()
    {
        const Result<TaskDefinitionSpec> r = json::parseTaskDefinition(
            task(container("web") + R"(,{"name":"side","image":"nginx","memory":256,"memoryReservation":512})"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().message,
                 QStringLiteral("containerDefinitions[1].memory: must be greater than memoryReservation (256 < 512)"));
        QCOMPARE(r.error().field, QStringLiteral("containerDefinitions[1].memory"));
        QCOMPARE(r.error().code, QStringLiteral("ClientException"));
    }

    // ---------------------------------------------------------------- malformed JSON

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("position");
        QTest::addColumn<QString>("reason");

        QTest::newRow("bare word in an object")
            << QByteArray("{\n  \"family\": \"web\",\n  oops\n}") << QStringLiteral("line 3, column 3")
            << QStringLiteral("invalid literal");
        QTest::newRow("empty input") << QByteArray() << QStringLiteral("line 1, column 1")
                                     << QStringLiteral("unexpected end of input");
        QTest::newRow("trailing comma") << QByteArray("{\"family\": \"web\",}") << QStringLiteral("line 1, column 18")
                                        << QStringLiteral("expected string literal");
        QTest::newRow("unterminated object")
            << QByteArray("{\n  \"family\": \"web\"\n") << QStringLiteral("line 3, column 1")
            << QStringLiteral("unexpected end of input");
        QTest::newRow("unterminated string")
            << QByteArray("{\n\"family\": \"web\n\"}") << QStringLiteral("line 2, column 15")
            << QStringLiteral("control character");
        // Columns count characters, not bytes: "é" is one column.
        QTest::newRow("column after UTF-8") << QByteArray("{\"f\u00e9\": x}") << QStringLiteral("line 1, column 8")
                                            << QStringLiteral("invalid literal");
        QTest::newRow("byte order mark is not a column")
            << QByteArray("\xEF\xBB\xBF{x}") << QStringLiteral("line 1, column 2")
            << QStringLiteral("expected string literal");
        QTest::newRow("garbage after the object")
            << QByteArray("{}\n}") << QStringLiteral("line 2, column 1") << QStringLiteral("expected end of input");
    }

    void malformed()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, position);
        QFETCH(QString, reason);

        const Result<TaskDefinitionSpec> r = json::parseTaskDefinition(json);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("ClientException"));
        QCOMPARE(r.error().field, QString());
        QVERIFY2(r.error().message.startsWith(position + QStringLiteral(": ")), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(reason), qPrintable(r.error().message));
        QVERIFY2(!r.error().message.contains(QStringLiteral("json.exception")), qPrintable(r.error().message));
    }

    void deepNestingIsRefused()
    {
        const QByteArray json = "{\"family\":\"web\",\"x\":" + QByteArray(1000, '[') + QByteArray(1000, ']') + "}";
        const Result<TaskDefinitionSpec> r = json::parseTaskDefinition(json);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("ClientException"));
        QVERIFY2(r.error().message.contains(QStringLiteral("deeper than")), qPrintable(r.error().message));
    }

    // ---------------------------------------------------------------- toRegisterJson

    void registerJson_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("edit");
        QTest::addColumn<QByteArray>("expected"); // compact toRegisterJson output

        QTest::newRow("unchanged minimal") << web() << QString() << web();
        QTest::newRow("unchanged full, cpu/memory as converted")
            << QByteArray(kFull) << QString()
            << QByteArray(kFull).replace("\"1 vCPU\"", "\"1024\"").replace("\"2GB\"", "\"2048\"");
        QTest::newRow("unchanged host mode keeps hostPort unwritten")
            << task(container("web", R"(,"portMappings":[{"containerPort":80},{"containerPort":81,"hostPort":0}])"),
                    R"("networkMode":"host",)")
            << QString()
            << task(container("web", R"(,"portMappings":[{"containerPort":80},{"containerPort":81,"hostPort":0}])"),
                    R"("networkMode":"host",)");
        QTest::newRow("describe output keeps its explicit [] and defaults")
            << QByteArray(kDescribeOutput) << QString()
            << QByteArray(
                   R"({"containerDefinitions":[{"name":"web","image":"nginx","cpu":0,"memory":128,)"
                   R"("portMappings":[{"containerPort":80,"hostPort":0,"protocol":"tcp"}],"essential":true,)"
                   R"("environment":[],"mountPoints":[],"volumesFrom":[]}],"family":"web","networkMode":"bridge",)"
                   R"("volumes":[],"placementConstraints":[],"tags":[{"key":"team","value":"edge"}]})");
        QTest::newRow("cleared healthCheck disappears")
            << web(R"(,"healthCheck":{"command":["CMD","x"],"interval":10},"ulimits":[])")
            << QStringLiteral("clearHealthCheck") << web(R"(,"ulimits":[])");
        QTest::newRow("edited healthCheck keeps its unknown members, drops reset defaults")
            << web(R"(,"healthCheck":{"command":["CMD","x"],"x-note":"n","retries":5})")
            << QStringLiteral("editHealthCheck")
            << web(R"(,"healthCheck":{"command":["CMD-SHELL","curl -f localhost"],"interval":10,"x-note":"n","retries":5})");
        QTest::newRow("new healthCheck writes only what differs from the defaults")
            << web() << QStringLiteral("addHealthCheck")
            << web(R"(,"healthCheck":{"command":["CMD","/check"],"startPeriod":20})");
        QTest::newRow("cleared task cpu and memory disappear")
            << task(container("web"), R"("cpu":"1 vCPU","memory":"1GB",)") << QStringLiteral("clearTaskCpuMemory")
            << web();
        QTest::newRow("new task cpu and memory are strings")
            << web() << QStringLiteral("setTaskCpuMemory")
            << QByteArray(R"({"family":"web","containerDefinitions":[)" + container("web") +
                          R"(],"cpu":"512","memory":"1024"})");
        QTest::newRow("cleared container cpu and command disappear")
            << web(R"(,"cpu":10,"command":["a"],"entryPoint":["b"])") << QStringLiteral("clearCpuAndCommand")
            << web(R"(,"entryPoint":["b"])");
        QTest::newRow("renamed container keeps its unknown members")
            << web(R"(,"mountPoints":[{"sourceVolume":"v","containerPath":"/v"}])") << QStringLiteral("rename")
            << task(
                   R"({"name":"api","image":"nginx","memory":128,"mountPoints":[{"sourceVolume":"v","containerPath":"/v"}]})");
        QTest::newRow("reordered containers keep their unknown members by name")
            << task(container("web", R"(,"x":1)") + "," + container("db", R"(,"y":2)")) << QStringLiteral("swap")
            << task(container("db", R"(,"y":2)") + "," + container("web", R"(,"x":1)"));
        QTest::newRow("added container in AWS member order")
            << web() << QStringLiteral("addContainer")
            << task(
                   container("web") +
                   R"(,{"name":"side","image":"busybox","cpu":64,"memoryReservation":32,"links":["web"],)"
                   R"("portMappings":[{"containerPort":9000,"protocol":"udp"}],"essential":false,"command":["sleep","1d"],)"
                   R"("environment":[{"name":"A","value":"1"}],"dependsOn":[{"containerName":"web","condition":"START"}],)"
                   R"("stopTimeout":5,"logConfiguration":{"logDriver":"json-file"}})");
        QTest::newRow("removed container drops its members")
            << task(container("web") + "," + container("db", R"(,"y":2)")) << QStringLiteral("removeLast") << web();
        QTest::newRow("changed port keeps the mapping's unknown members")
            << web(R"(,"portMappings":[{"containerPort":80,"name":"http","appProtocol":"http"}])")
            << QStringLiteral("hostPort8080")
            << web(R"(,"portMappings":[{"containerPort":80,"hostPort":8080,"name":"http","appProtocol":"http"}])");
        QTest::newRow("changed log driver keeps options")
            << web(R"(,"logConfiguration":{"logDriver":"json-file","options":{"max-size":"10m"}})")
            << QStringLiteral("syslog")
            << web(R"(,"logConfiguration":{"logDriver":"syslog","options":{"max-size":"10m"}})");
        QTest::newRow("cleared log driver drops logConfiguration")
            << web(R"(,"logConfiguration":{"logDriver":"json-file","options":{"max-size":"10m"}})")
            << QStringLiteral("noLogDriver") << web();
        QTest::newRow("essential false is written, back to true keeps what was spelled")
            << web(R"(,"essential":true)") << QStringLiteral("notEssentialThenEssential")
            << web(R"(,"essential":true)");
        QTest::newRow("essential false is written")
            << task(container("web") + "," + container("b")) << QStringLiteral("secondNotEssential")
            << task(container("web") + "," + container("b", R"(,"essential":false)"));
        QTest::newRow("network mode host written, bridge kept only if spelled")
            << web() << QStringLiteral("hostMode") << task(container("web"), R"("networkMode":"host",)");
        QTest::newRow("null members are dropped")
            << QByteArray(
                   R"({"family":"web","cpu":null,"containerDefinitions":[{"name":"web","image":"nginx","memory":128,"stopTimeout":null,"healthCheck":null}]})")
            << QString() << web();
        QTest::newRow("placement constraint edited in place keeps unknown members")
            << task(container("web"), R"("placementConstraints":[{"type":"memberOf","expression":"a","x":1}],)")
            << QStringLiteral("editConstraint")
            << task(
                   container("web"),
                   R"("placementConstraints":[{"type":"memberOf","expression":"attribute:ecs.os-type == linux","x":1}],)");
        QTest::newRow("spec without a document") << web() << QStringLiteral("dropDocument") << web();
    }

    void registerJson()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, edit);
        QFETCH(QByteArray, expected);

        TaskDefinitionSpec spec = parsedOrFail(json);
        QVERIFY(!spec.family.isEmpty());
        applyEdit(spec, edit);

        const QByteArray out = json::toRegisterJson(spec, false);
        QCOMPARE(out, compact(expected));

        // Round trip: what the form wrote parses back to the form's fields.
        const Result<TaskDefinitionSpec> again = json::parseTaskDefinition(json::toRegisterJson(spec));
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().message));
        QCOMPARE(typedFields(again.value()), typedFields(spec));
        QCOMPARE(again->document, out);
    }

    void registerJsonIsPrettyWithTwoSpaces()
    {
        const TaskDefinitionSpec spec = parsedOrFail(web());
        const QByteArray pretty = json::toRegisterJson(spec);
        QVERIFY2(pretty.startsWith("{\n  \"family\": \"web\",\n  \"containerDefinitions\": [\n    {\n      \"name\""),
                 pretty.constData());
        QVERIFY(!json::toRegisterJson(spec, false).contains('\n'));
    }

    // ---------------------------------------------------------------- describeJson and exportJson

    void describe_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("revision");
        QTest::addColumn<QString>("status");
        QTest::addColumn<qint64>("registeredAtMs");
        QTest::addColumn<qint64>("deregisteredAtMs"); // -1: none
        QTest::addColumn<QStringList>("expect");      // "<JSON pointer> <JSON value>"
        QTest::addColumn<QStringList>("absent");      // JSON pointers

        QTest::newRow("minimal")
            << web() << 3 << QStringLiteral("ACTIVE") << qint64(1700000000123) << qint64(-1)
            << QStringList{
                   R"(/taskDefinitionArn "arn:aws:ecs:eu-west-1:000000000000:task-definition/web:3")",
                   R"(/family "web")",
                   R"(/revision 3)",
                   R"(/status "ACTIVE")",
                   R"(/compatibilities ["EC2"])",
                   R"(/requiresAttributes [])",
                   R"(/registeredAt 1700000000.123)",
                   R"(/registeredBy "arn:aws:iam::000000000000:root")",
                   R"(/networkMode "bridge")",
                   R"(/volumes [])",
                   R"(/placementConstraints [])",
                   R"(/containerDefinitions/0/name "web")",
                   R"(/containerDefinitions/0/memory 128)",
                   R"(/containerDefinitions/0/cpu 0)",
                   R"(/containerDefinitions/0/portMappings [])",
                   R"(/containerDefinitions/0/essential true)",
                   R"(/containerDefinitions/0/environment [])",
                   R"(/containerDefinitions/0/mountPoints [])",
                   R"(/containerDefinitions/0/volumesFrom [])",
               }
            << QStringList{"/deregisteredAt", "/cpu", "/memory", "/tags", "/containerDefinitions/0/healthCheck"};
        QTest::newRow("full, deregistered")
            << QByteArray(kFull) << 12 << QStringLiteral("INACTIVE") << qint64(1700000000000) << qint64(1700000360500)
            << QStringList{
                   R"(/taskDefinitionArn "arn:aws:ecs:eu-west-1:000000000000:task-definition/shop:12")",
                   R"(/status "INACTIVE")",
                   R"(/registeredAt 1700000000.0)",
                   R"(/deregisteredAt 1700000360.5)",
                   R"(/cpu "1024")",
                   R"(/memory "2048")",
                   R"(/executionRoleArn "arn:aws:iam::000000000000:role/exec")",
                   R"(/volumes [{"name":"data","host":{"sourcePath":"/srv/data"}}])",
                   R"(/placementConstraints [{"type":"memberOf","expression":"attribute:ecs.availability-zone in [eu-west-1a]"}])",
                   R"(/requiresAttributes [{"name":"com.amazonaws.ecs.capability.docker-remote-api.1.21"},{"name":"ecs.capability.container-health-check"},{"name":"com.amazonaws.ecs.capability.docker-remote-api.1.24"},{"name":"ecs.capability.container-ordering"},{"name":"com.amazonaws.ecs.capability.logging-driver.awslogs"}])",
                   R"(/containerDefinitions/0/portMappings/0 {"containerPort":8080,"hostPort":0,"protocol":"tcp","name":"http","appProtocol":"http"})",
                   R"(/containerDefinitions/0/mountPoints [{"sourceVolume":"data","containerPath":"/data"}])",
                   R"(/containerDefinitions/0/healthCheck/startPeriod 15)",
                   R"(/containerDefinitions/1/essential true)",
                   R"(/containerDefinitions/1/portMappings [])",
                   R"(/containerDefinitions/1/healthCheck {"command":["CMD","pg_isready"],"interval":30,"timeout":5,"retries":3})",
                   R"(/containerDefinitions/2/essential false)",
               }
            << QStringList{"/tags", "/containerDefinitions/1/memory"};
        QTest::newRow("awsvpc: task ENI, hostPort filled")
            << task(container("web", R"(,"portMappings":[{"containerPort":80}])"), R"("networkMode":"awsvpc",)") << 1
            << QStringLiteral("DELETE_IN_PROGRESS") << qint64(0) << qint64(-1)
            << QStringList{
                   R"(/status "DELETE_IN_PROGRESS")",
                   R"(/networkMode "awsvpc")",
                   R"(/requiresAttributes [{"name":"ecs.capability.task-eni"}])",
                   R"(/containerDefinitions/0/portMappings [{"containerPort":80,"hostPort":80,"protocol":"tcp"}])",
               }
            << QStringList{"/deregisteredAt"};
        QTest::newRow("describe output in, read-only members replaced")
            << QByteArray(kDescribeOutput) << 1 << QStringLiteral("ACTIVE") << qint64(1000) << qint64(-1)
            << QStringList{
                   R"(/taskDefinitionArn "arn:aws:ecs:eu-west-1:000000000000:task-definition/web:1")",
                   R"(/revision 1)",
                   R"(/registeredAt 1.0)",
                   R"(/compatibilities ["EC2"])",
                   R"(/requiresAttributes [])",
               }
            << QStringList{"/deregisteredAt", "/deleteRequestedAt", "/tags"};
    }

    void describe()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, revision);
        QFETCH(QString, status);
        QFETCH(qint64, registeredAtMs);
        QFETCH(qint64, deregisteredAtMs);
        QFETCH(QStringList, expect);
        QFETCH(QStringList, absent);

        TaskDefinition td;
        td.spec = parsedOrFail(json);
        QVERIFY(!td.spec.family.isEmpty());
        td.revision = revision;
        td.status = taskDefinitionStatusFromString(status).value();
        td.registeredAt = QDateTime::fromMSecsSinceEpoch(registeredAtMs, Qt::UTC);
        if (deregisteredAtMs >= 0)
            td.deregisteredAt = QDateTime::fromMSecsSinceEpoch(deregisteredAtMs, Qt::UTC);

        const nlohmann::json d = json::describeJson(td, QStringLiteral("eu-west-1"));
        for (const QString &line : expect) {
            const qsizetype space = line.indexOf(u' ');
            const std::string pointer = line.left(space).toStdString();
            const nlohmann::json value = nlohmann::json::parse(line.mid(space + 1).toStdString());
            const nlohmann::json::json_pointer p(pointer);
            QVERIFY2(d.contains(p), pointer.c_str());
            QVERIFY2(d.at(p) == value,
                     qPrintable(QStringLiteral("%1: got %2")
                                    .arg(QString::fromStdString(pointer), QString::fromStdString(d.at(p).dump()))));
        }
        for (const QString &pointer : absent)
            QVERIFY2(!d.contains(nlohmann::json::json_pointer(pointer.toStdString())), qPrintable(pointer));
    }

    // A spec that never had a document (built by hand) still describes fully.
    void describeWithoutDocument()
    {
        ContainerDefinition c = makeContainer(QStringLiteral("web"), QStringLiteral("nginx"));
        c.portMappings = {{80, 0, QStringLiteral("tcp")}};
        TaskDefinition td;
        td.spec = makeSpec(QStringLiteral("web"), {c});
        td.revision = 1;

        const nlohmann::json d = json::describeJson(td, QString());
        QCOMPARE(QString::fromStdString(d.at("taskDefinitionArn").get<std::string>()),
                 QStringLiteral("arn:aws:ecs:us-east-1:000000000000:task-definition/web:1"));
        QCOMPARE(d.at("/containerDefinitions/0/portMappings/0/hostPort"_json_pointer).get<int>(), 0);
        QCOMPARE(d.at("/containerDefinitions/0/essential"_json_pointer).get<bool>(), true);
        QVERIFY(!d.contains("registeredAt")); // never registered
    }

    void exportJsonWrapsAndRoundTrips_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("minimal") << web();
        QTest::newRow("full") << QByteArray(kFull);
        QTest::newRow("host mode") << task(container("web", R"(,"portMappings":[{"containerPort":80}])"),
                                           R"("networkMode":"host",)");
        QTest::newRow("tags") << QByteArray(kDescribeOutput);
    }

    void exportJsonWrapsAndRoundTrips()
    {
        QFETCH(QByteArray, json);

        TaskDefinition td;
        td.spec = parsedOrFail(json);
        td.revision = 4;
        td.registeredAt = QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC);

        const QByteArray exported = json::exportJson(td, QStringLiteral("us-east-1"));
        QVERIFY2(exported.startsWith("{\n  \"taskDefinition\": {\n    \"taskDefinitionArn\": "), exported.constData());

        const OJson e = OJson::parse(exported.constBegin(), exported.constEnd());
        QVERIFY(e.contains("tags") && e["tags"].is_array());
        const OJson *docTags = nullptr;
        const OJson doc = OJson::parse(td.spec.document.constBegin(), td.spec.document.constEnd());
        if (doc.contains("tags"))
            docTags = &doc["tags"];
        QCOMPARE(e["tags"].dump(), docTags ? docTags->dump() : std::string("[]"));
        QVERIFY(!e["taskDefinition"].contains("tags"));

        // What Export wrote, imported again, is the same task definition; a container without cpu
        // units shows cpu 0, as ECS describes it, and comes back with 0 (the same reservation).
        const Result<TaskDefinitionSpec> back = json::parseTaskDefinition(exported);
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
        TaskDefinitionSpec expected = td.spec;
        for (ContainerDefinition &c : expected.containerDefinitions) {
            if (!c.cpu)
                c.cpu = 0;
        }
        QCOMPARE(typedFields(back.value()), typedFields(expected));
    }

    // ---------------------------------------------------------------- the shipped samples

    // ---------------------------------------------------------------- FARGATE

    // The documented cpu/memory table, at its edges: registered with requiresCompatibilities FARGATE,
    // a pair in the table is accepted (and compatible with FARGATE), one outside it refused with
    // ECS's message naming both values.
    void fargateSizes_data()
    {
        QTest::addColumn<int>("cpu");
        QTest::addColumn<int>("memory");
        QTest::addColumn<bool>("offered");
        const struct
        {
            int cpu, memory;
            bool offered;
        } rows[] = {
            {256, 512, true},      {256, 1024, true},     {256, 2048, true},    {256, 1536, false},
            {256, 4096, false},    {256, 256, false},     {512, 1024, true},    {512, 4096, true},
            {512, 512, false},     {512, 5120, false},    {512, 1536, false},   {1024, 2048, true},
            {1024, 8192, true},    {1024, 1024, false},   {1024, 9216, false},  {2048, 4096, true},
            {2048, 16384, true},   {2048, 17408, false},  {2048, 3072, false},  {4096, 8192, true},
            {4096, 30720, true},   {4096, 31744, false},  {4096, 7168, false},  {8192, 16384, true},
            {8192, 20480, true},   {8192, 61440, true},   {8192, 17408, false}, {8192, 65536, false},
            {16384, 32768, true},  {16384, 40960, true},  {16384, 122880, true}, {16384, 36864, false},
            {16384, 131072, false}, {128, 512, false},    {3072, 8192, false},
        };
        for (const auto &r : rows)
            QTest::addRow("%d/%d", r.cpu, r.memory) << r.cpu << r.memory << r.offered;
    }

    void fargateSizes()
    {
        QFETCH(int, cpu);
        QFETCH(int, memory);
        QFETCH(bool, offered);
        QCOMPARE(fargate::isFargateSize(cpu, memory), offered);
        const QByteArray top = "\"requiresCompatibilities\":[\"FARGATE\"],\"networkMode\":\"awsvpc\",\"cpu\":" +
                               QByteArray::number(cpu) + ",\"memory\":" + QByteArray::number(memory) + ",";
        const Result<TaskDefinitionSpec> r = json::parseTaskDefinition(task(container("web"), top));
        if (offered) {
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
            QVERIFY(fargate::supportsFargate(r.value()));
            QCOMPARE(json::compatibilities(r.value()), (QStringList{QStringLiteral("EC2"), QStringLiteral("FARGATE")}));
            return;
        }
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("ClientException"));
        QCOMPARE(r.error().field, QString());
        const QString expected = QStringLiteral("No Fargate configuration exists for given values: %1 CPU, %2 memory. "
                                                "See the Amazon ECS documentation for the valid values. ")
                                     .arg(cpu)
                                     .arg(memory);
        QVERIFY2(r.error().message.startsWith(expected), qPrintable(r.error().message));
        // And what would fit, so the learner can correct it.
        if (cpu == 256)
            QVERIFY2(r.error().message.endsWith(QStringLiteral("With 256 CPU units Fargate offers 512, 1024 or 2048 MiB of memory.")),
                     qPrintable(r.error().message));
        if (cpu == 2048)
            QVERIFY2(r.error().message.endsWith(
                         QStringLiteral("With 2048 CPU units Fargate offers 4096 to 16384 in steps of 1024 MiB of memory.")),
                     qPrintable(r.error().message));
        if (cpu == 128 || cpu == 3072)
            QVERIFY2(r.error().message.contains(QStringLiteral("256, 512, 1024, 2048, 4096, 8192 or 16384")),
                     qPrintable(r.error().message));
    }

    void fargateRules_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message"); // the whole message

        const QByteArray fargate = R"("requiresCompatibilities":["FARGATE"],)";
        QTest::newRow("bridge") << task(container("web"), fargate + R"("networkMode":"bridge","cpu":"256","memory":"512",)")
                                << QStringLiteral("networkMode")
                                << QStringLiteral("networkMode: must be awsvpc when requiresCompatibilities includes "
                                                  "FARGATE (got bridge): each Fargate task has a network interface of "
                                                  "its own");
        QTest::newRow("network mode left out")
            << task(container("web"), fargate + R"("cpu":"256","memory":"512",)") << QStringLiteral("networkMode")
            << QStringLiteral("networkMode: must be awsvpc when requiresCompatibilities includes FARGATE (got bridge, "
                              "the default): each Fargate task has a network interface of its own");
        QTest::newRow("no task cpu")
            << task(container("web"), fargate + R"("networkMode":"awsvpc","memory":"512",)") << QStringLiteral("cpu")
            << QStringLiteral("cpu: is required when requiresCompatibilities includes FARGATE: Fargate sizes a task "
                              "by its task-level cpu and memory");
        QTest::newRow("no task memory")
            << task(container("web"), fargate + R"("networkMode":"awsvpc","cpu":"256",)") << QStringLiteral("memory")
            << QStringLiteral("memory: is required when requiresCompatibilities includes FARGATE: Fargate sizes a "
                              "task by its task-level cpu and memory");
        QTest::newRow("host port other than the container port")
            << task(container("web", R"(,"portMappings":[{"containerPort":80,"hostPort":8080}])"),
                    fargate + R"("networkMode":"awsvpc","cpu":"256","memory":"512",)")
            << QStringLiteral("containerDefinitions[0].portMappings[0].hostPort")
            << QStringLiteral("containerDefinitions[0].portMappings[0].hostPort: must be empty or equal containerPort "
                              "(80) with networkMode awsvpc");
        QTest::newRow("EXTERNAL")
            << task(container("web"), R"("requiresCompatibilities":["EC2","EXTERNAL"],)")
            << QStringLiteral("requiresCompatibilities[1]")
            << QStringLiteral("requiresCompatibilities[1]: EXTERNAL is not available: Fleetdeck runs tasks on its own "
                              "container instances (EC2) and on Fargate; use EC2 or FARGATE");
        QTest::newRow("unknown compatibility")
            << task(container("web"), R"("requiresCompatibilities":["fargate"],)")
            << QStringLiteral("requiresCompatibilities[0]")
            << QStringLiteral("requiresCompatibilities[0]: must be EC2 or FARGATE (got \"fargate\")");
        QTest::newRow("not a string") << task(container("web"), R"("requiresCompatibilities":[1],)")
                                      << QStringLiteral("requiresCompatibilities[0]")
                                      << QStringLiteral("requiresCompatibilities[0]: must be a string: EC2 or FARGATE");
    }

    void fargateRules()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QFETCH(QString, message);
        const Result<TaskDefinitionSpec> r = json::parseTaskDefinition(json);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("ClientException"));
        QCOMPARE(r.error().field, field);
        QCOMPARE(r.error().message, message);
    }

    // `compatibilities` as ECS computes it: EC2 always, FARGATE whenever the definition could run on
    // Fargate, asked for or not; a definition that does not ask for FARGATE is checked as before.
    void compatibilities_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QStringList>("compatibilities");
        const QStringList ec2{QStringLiteral("EC2")};
        const QStringList both{QStringLiteral("EC2"), QStringLiteral("FARGATE")};
        QTest::newRow("bridge") << web() << ec2;
        QTest::newRow("bridge with a Fargate size")
            << task(container("web"), R"("cpu":"256","memory":"512",)") << ec2;
        QTest::newRow("awsvpc, no task size") << task(container("web"), R"("networkMode":"awsvpc",)") << ec2;
        QTest::newRow("awsvpc, a size Fargate lacks (EC2 only: accepted)")
            << task(container("web"), R"("networkMode":"awsvpc","cpu":"256","memory":"4096",)") << ec2;
        QTest::newRow("awsvpc, a Fargate size, not asked for")
            << task(container("web"), R"("networkMode":"awsvpc","cpu":"256","memory":"512",)") << both;
        QTest::newRow("EC2 asked for, a Fargate size")
            << task(container("web"), R"("requiresCompatibilities":["EC2"],"networkMode":"awsvpc","cpu":1024,"memory":2048,)")
            << both;
        QTest::newRow("FARGATE, strings 0.25 vCPU and 0.5GB")
            << task(container("web"),
                    R"("requiresCompatibilities":["FARGATE"],"networkMode":"awsvpc","cpu":"0.25 vCPU","memory":"0.5GB",)")
            << both;
    }

    void compatibilities()
    {
        QFETCH(QByteArray, json);
        QFETCH(QStringList, compatibilities);
        TaskDefinition td;
        td.spec = parsedOrFail(json);
        td.revision = 1;
        QCOMPARE(json::compatibilities(td.spec), compatibilities);
        const nlohmann::json d = json::describeJson(td, QStringLiteral("us-east-1"));
        QStringList described;
        for (const nlohmann::json &c : d["compatibilities"])
            described << QString::fromStdString(c.get<std::string>());
        QCOMPARE(described, compatibilities);
    }

    // What the client wrote describes back as written: requiresCompatibilities as given (even
    // repeated), the cpu and memory strings as ECS's integer strings.
    void fargateReadsBack()
    {
        const QByteArray doc = task(
            container("web", R"(,"portMappings":[{"containerPort":80}])"),
            R"("requiresCompatibilities":["FARGATE","EC2","FARGATE"],"networkMode":"awsvpc","cpu":"0.25 vCPU","memory":"0.5GB",)");
        TaskDefinition td;
        td.spec = parsedOrFail(doc);
        td.revision = 1;
        QCOMPARE(td.spec.cpu, 256);
        QCOMPARE(td.spec.memory, 512);
        const nlohmann::json d = json::describeJson(td, QStringLiteral("us-east-1"));
        QCOMPARE(d["requiresCompatibilities"].dump(), std::string(R"(["FARGATE","EC2","FARGATE"])"));
        QCOMPARE(d["cpu"].dump(), std::string(R"("256")"));
        QCOMPARE(d["memory"].dump(), std::string(R"("512")"));
        QCOMPARE(d["containerDefinitions"][0]["portMappings"].dump(),
                 std::string(R"([{"containerPort":80,"hostPort":80,"protocol":"tcp"}])"));
        // The register form keeps it too (an edit of the typed fields keeps the rest of the document).
        QVERIFY(json::toRegisterJson(td.spec, false).contains(R"("requiresCompatibilities":["FARGATE","EC2","FARGATE"])"));
    }

    // A document registered before these rules (the store's) still loads; a new registration of
    // it is refused.
    void storedDocumentsKeepLoading()
    {
        const QByteArray old = task(container("web"), R"("requiresCompatibilities":["FARGATE","EXTERNAL"],"cpu":"256","memory":"4096",)");
        QVERIFY(!json::parseTaskDefinition(old).ok());
        const Result<TaskDefinitionSpec> r = json::parseStoredTaskDefinition(old);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QVERIFY(r.value().document.contains("\"EXTERNAL\""));
        QCOMPARE(json::compatibilities(r.value()), QStringList{QStringLiteral("EC2")});
    }

    void samples_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("family");
        QTest::addColumn<QStringList>("containers");

        QTest::newRow("demo-web") << QStringLiteral("demo-web.json") << QStringLiteral("demo-web")
                                  << QStringList{QStringLiteral("web")};
        QTest::newRow("edges-bookstore") << QStringLiteral("edges-bookstore.json") << QStringLiteral("edges-bookstore")
                                         << QStringList{QStringLiteral("storefront"), QStringLiteral("catalog")};
        QTest::newRow("cubebuster") << QStringLiteral("cubebuster.json") << QStringLiteral("cubebuster")
                                    << QStringList{QStringLiteral("cubebuster")};
    }

    void samples()
    {
        QFETCH(QString, file);
        QFETCH(QString, family);
        QFETCH(QStringList, containers);

        QFile f(QDir(fd::test::sourceDir()).filePath(QStringLiteral("resources/taskdefs/") + file));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        const Result<TaskDefinitionSpec> r = json::parseTaskDefinition(f.readAll());
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r->family, family);
        QStringList names;
        for (const ContainerDefinition &c : r->containerDefinitions)
            names << c.name;
        QCOMPARE(names, containers);
        for (const ContainerDefinition &c : r->containerDefinitions) {
            QVERIFY(c.image.startsWith(QStringLiteral("fleetdeck/demo-web:")));
            QVERIFY(c.healthCheck.has_value());
            QCOMPARE(c.healthCheck->command,
                     (QStringList{QStringLiteral("CMD"), QStringLiteral("/demo-web"), QStringLiteral("healthcheck")}));
        }
        // An untouched form writes the sample back as it was.
        QCOMPARE(json::toRegisterJson(r.value(), false), r->document);
    }

    void demoWebSampleValues()
    {
        const TaskDefinitionSpec s = parsedOrFail([] {
            QFile f(QDir(fd::test::sourceDir()).filePath(QStringLiteral("resources/taskdefs/demo-web.json")));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }());
        QCOMPARE(s.containerDefinitions.size(), 1);
        const ContainerDefinition &web = s.containerDefinitions.first();
        QCOMPARE(web.image, QStringLiteral("fleetdeck/demo-web:1"));
        QCOMPARE(web.cpu, std::optional<int>(256));
        QCOMPARE(web.memory, std::optional<int>(256));
        QCOMPARE(web.memoryReservation, std::optional<int>(128));
        QCOMPARE(web.portMappings, (QList<PortMapping>{{8080, 0, QStringLiteral("tcp")}}));
        QCOMPARE(web.environment, (QList<KeyValuePair>{{QStringLiteral("PORT"), QStringLiteral("8080")}}));
        QCOMPARE(web.healthCheck->interval, 5);
        QCOMPARE(web.healthCheck->timeout, 2);
        QCOMPARE(web.healthCheck->retries, 2);
    }

private:
    // The form edits a wizard might make, by name, for registerJson().
    static void applyEdit(TaskDefinitionSpec &s, const QString &edit)
    {
        ContainerDefinition &first = s.containerDefinitions.first();
        if (edit.isEmpty())
            return;
        if (edit == u"clearHealthCheck") {
            first.healthCheck.reset();
        } else if (edit == u"editHealthCheck") {
            first.healthCheck->command = QStringList{QStringLiteral("CMD-SHELL"), QStringLiteral("curl -f localhost")};
            first.healthCheck->interval = 10;
        } else if (edit == u"addHealthCheck") {
            HealthCheck h;
            h.command = QStringList{QStringLiteral("CMD"), QStringLiteral("/check")};
            h.startPeriod = 20;
            first.healthCheck = h;
        } else if (edit == u"clearTaskCpuMemory") {
            s.cpu.reset();
            s.memory.reset();
        } else if (edit == u"setTaskCpuMemory") {
            s.cpu = 512;
            s.memory = 1024;
        } else if (edit == u"clearCpuAndCommand") {
            first.cpu.reset();
            first.command.clear();
        } else if (edit == u"rename") {
            first.name = QStringLiteral("api");
        } else if (edit == u"swap") {
            s.containerDefinitions.swapItemsAt(0, 1);
        } else if (edit == u"addContainer") {
            ContainerDefinition c;
            c.name = QStringLiteral("side");
            c.image = QStringLiteral("busybox");
            c.cpu = 64;
            c.memoryReservation = 32;
            c.essential = false;
            c.command = QStringList{QStringLiteral("sleep"), QStringLiteral("1d")};
            c.environment = {{QStringLiteral("A"), QStringLiteral("1")}};
            c.portMappings = {{9000, 0, QStringLiteral("udp")}};
            c.links = QStringList{QStringLiteral("web")};
            c.dependsOn = {{QStringLiteral("web"), QStringLiteral("START")}};
            c.stopTimeout = 5;
            c.logDriver = QStringLiteral("json-file");
            s.containerDefinitions << c;
        } else if (edit == u"removeLast") {
            s.containerDefinitions.removeLast();
        } else if (edit == u"hostPort8080") {
            first.portMappings[0].hostPort = 8080;
        } else if (edit == u"syslog") {
            first.logDriver = QStringLiteral("syslog");
        } else if (edit == u"noLogDriver") {
            first.logDriver.clear();
        } else if (edit == u"notEssentialThenEssential") {
            first.essential = false;
            first.essential = true;
        } else if (edit == u"secondNotEssential") {
            s.containerDefinitions[1].essential = false;
        } else if (edit == u"hostMode") {
            s.networkMode = QStringLiteral("host");
        } else if (edit == u"editConstraint") {
            s.placementConstraints[0].expression = QStringLiteral("attribute:ecs.os-type == linux");
        } else if (edit == u"dropDocument") {
            s.document.clear();
        } else {
            QFAIL(qPrintable(QStringLiteral("unknown edit ") + edit));
        }
    }
};

QTEST_APPLESS_MAIN(TestTaskDefinitionJson)
#include "TestTaskDefinitionJson.moc"
