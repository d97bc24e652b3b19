// Services on the real Docker engine, driven by the real `aws` CLI, at teaching speed ×20 (so the
// 40 s "healthy after RUNNING" rule takes 2 s): the documented rolling-update examples from demo
// image v1 to v2 with the bounds asserted at every observed step (through the API and the engine's
// own container list), the configuration that cannot move, `aws ecs wait services-stable`, the
// circuit breaker rolling back from an image that exits, errors as the CLI prints them, and a
// SIGKILL in the middle of a deployment: after the restart the deployment resumes in the same
// batches, with no task lost or started twice.

#include "AwsCli.h"
#include "HeadlessFleetdeck.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using fd::test::AwsCli;
using fd::test::HeadlessFleetdeck;
using namespace Qt::StringLiterals;

namespace {

QByteArray webDefinition(int version, const QString &command = {})
{
    QString json = uR"({"family": "svc-web", "containerDefinitions": [{
        "name": "web", "image": "fleetdeck/demo-web:%1", "cpu": 128, "memory": 64,
        "portMappings": [{"containerPort": 8080, "hostPort": 0}])"_s.arg(version);
    if (!command.isEmpty())
        json += uR"(, "command": ["%1"])"_s.arg(command);
    json += u"}]}"_s;
    return json.toUtf8();
}

QString docker(const QStringList &args)
{
    QProcess p;
    p.start(u"docker"_s, args);
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

QStringList lines(const QString &s)
{
    return s.isEmpty() ? QStringList() : s.split(u'\n');
}

// The batches a deployment took, oldest first, from the service's events (newest first).
QStringList batches(const QJsonArray &events)
{
    static const QRegularExpression re(uR"(has (started|stopped) (\d+) )"_s);
    QStringList out;
    for (qsizetype i = events.size() - 1; i >= 0; --i) {
        const auto m = re.match(events[i][u"message"].toString());
        if (m.hasMatch())
            out.append((m.captured(1) == u"started" ? u"start "_s : u"stop "_s) + m.captured(2));
    }
    return out;
}

// The rollout's phases: consecutive batches of the same kind summed ("stop 1, stop 1" -> "stop 2").
// Old tasks stop as each new one turns healthy, so a phase of the documented examples ("may start 4
// before stopping 4") may reach the events as several batches.
QStringList phases(const QStringList &batches)
{
    QStringList out;
    for (const QString &b : batches) {
        const QString kind = b.section(u' ', 0, 0);
        const int n = b.section(u' ', 1, 1).toInt();
        if (!out.isEmpty() && out.last().section(u' ', 0, 0) == kind)
            out.last() = kind + u' ' + QString::number(out.last().section(u' ', 1, 1).toInt() + n);
        else
            out.append(b);
    }
    return out;
}

} // namespace

class TestServicesApi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<AwsCli> m_cli;
    std::unique_ptr<HeadlessFleetdeck> m_fleetdeck;
    QStringList m_services; // created here, deleted in the clean-up

    AwsCli::Result aws(const QStringList &args)
    {
        return m_cli->run(m_fleetdeck->endpoint(), QStringList{u"ecs"_s} + args, u"us-east-1"_s);
    }

    QString file(const QString &name, const QByteArray &content)
    {
        QFile f(m_dir.filePath(name));
        f.open(QIODevice::WriteOnly);
        f.write(content);
        return u"file://"_s + f.fileName();
    }

    bool startFleetdeck()
    {
        // ×20: every control-plane timer (the 40 s rule, the back-off) runs twenty times faster.
        m_fleetdeck = std::make_unique<HeadlessFleetdeck>(m_dir.filePath(u"state"_s), QStringList{u"--speed"_s, u"20"_s});
        return m_fleetdeck->start();
    }

    // A direct API call (much faster than the CLI: observation needs it).
    QJsonObject call(const QString &op, const QJsonObject &body)
    {
        const auto r = m_fleetdeck->call(op, QJsonDocument(body).toJson(QJsonDocument::Compact));
        return QJsonDocument::fromJson(r.body).object();
    }

    QJsonObject describeService(const QString &name)
    {
        return call(u"DescribeServices"_s, {{u"services"_s, QJsonArray{name}}})[u"services"_s].toArray().first().toObject();
    }

    QJsonArray serviceTasks(const QString &name, const QString &desired = u"RUNNING"_s)
    {
        const QJsonArray arns =
            call(u"ListTasks"_s, {{u"serviceName"_s, name}, {u"desiredStatus"_s, desired}})[u"taskArns"_s].toArray();
        if (arns.isEmpty())
            return {};
        return call(u"DescribeTasks"_s, {{u"tasks"_s, arns}})[u"tasks"_s].toArray();
    }

    static bool isStable(const QJsonObject &service)
    {
        const QJsonArray deployments = service[u"deployments"_s].toArray();
        return deployments.size() == 1 &&
               deployments[0][u"rolloutState"_s].toString() == u"COMPLETED"_s &&
               service[u"runningCount"_s].toInt() == service[u"desiredCount"_s].toInt();
    }

    struct Extremes
    {
        int lowestRunning = 1 << 30;
        int highestHeld = 0;
        int highestContainers = 0;
        int observations = 0;
    };

    // Polls until the service is stable, checking at every observation that RUNNING tasks desired
    // RUNNING never fall below `floor`, that tasks holding a place (not STOPPED, stopping ones
    // included) never exceed `ceiling`, and that the engine never runs more of the service's
    // containers than `ceiling`.
    bool observeUntilStable(const QString &name, int floor, int ceiling, Extremes *seen, int timeoutMs = 120000,
                            const std::function<bool()> &stopEarly = {})
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            int running = 0, held = 0;
            // Two calls, two instants: a task stopped in between is in both lists; the later view wins.
            QHash<QString, QJsonValue> byArn;
            for (const QJsonValue &t : serviceTasks(name))
                byArn.insert(t[u"taskArn"_s].toString(), t);
            for (const QJsonValue &t : serviceTasks(name, u"STOPPED"_s))
                byArn.insert(t[u"taskArn"_s].toString(), t);
            for (const QJsonValue &t : std::as_const(byArn)) {
                const QString last = t[u"lastStatus"_s].toString();
                if (last != u"STOPPED"_s)
                    ++held;
                if (last == u"RUNNING"_s && t[u"desiredStatus"_s].toString() == u"RUNNING"_s)
                    ++running;
            }
            const int containers = int(lines(docker({u"ps"_s, u"-q"_s, u"--filter"_s,
                                                     u"label=fleetdeck.service="_s + name})).size());
            seen->lowestRunning = std::min(seen->lowestRunning, running);
            seen->highestHeld = std::max(seen->highestHeld, held);
            seen->highestContainers = std::max(seen->highestContainers, containers);
            ++seen->observations;
            if (running < floor || held > ceiling || containers > ceiling) {
                qWarning() << name << "out of bounds: running" << running << "held" << held << "containers"
                           << containers << "bounds" << floor << ceiling;
                return false;
            }
            if (stopEarly && stopEarly())
                return true;
            if (isStable(describeService(name)))
                return true;
            QTest::qWait(100);
        }
        qWarning() << name << "did not become stable:" << QJsonDocument(describeService(name)).toJson();
        return false;
    }

    void create(const QString &name, int desired, int minimumHealthy, int maximum, const QString &extra = {})
    {
        QStringList args{u"create-service"_s, u"--service-name"_s, name, u"--task-definition"_s, u"svc-web:1"_s,
                         u"--desired-count"_s, QString::number(desired), u"--deployment-configuration"_s,
                         u"minimumHealthyPercent=%1,maximumPercent=%2%3"_s.arg(minimumHealthy).arg(maximum).arg(extra)};
        const auto r = aws(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        m_services << name;
        QCOMPARE(r.json[u"service"_s][u"deployments"_s].toArray().size(), 1);
        QCOMPARE(r.json[u"service"_s][u"deployments"_s][0][u"rolloutState"_s].toString(), u"IN_PROGRESS"_s);
        Extremes seen;
        QVERIFY(observeUntilStable(name, 0, desired * maximum / 100, &seen));
    }

    QJsonArray events(const QString &name) { return describeService(name)[u"events"_s].toArray(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_cli = std::make_unique<AwsCli>(m_dir.path());
        FD_REQUIRE_AWS_CLI(*m_cli);
        if (docker({u"version"_s, u"--format"_s, u"{{.Server.Version}}"_s}).isEmpty()) {
            if (fd::test::inCi())
                QFAIL("no Docker engine answers; the set-up script starts one");
            QSKIP("no Docker engine answers (run resources/scripts/ensure-docker.sh)");
        }
        for (const QString &image : {u"fleetdeck/demo-web:1"_s, u"fleetdeck/demo-web:2"_s})
            QVERIFY2(!docker({u"image"_s, u"inspect"_s, image}).isEmpty(),
                     qPrintable(image + u" is missing: run resources/scripts/build-images.sh"_s));
        QVERIFY2(startFleetdeck(), qPrintable(m_fleetdeck->errorText()));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QJsonArray arns = call(u"ListContainerInstances"_s, {})[u"containerInstanceArns"_s].toArray();
                if (arns.size() != 3)
                    return false;
                for (const QJsonValue &ci :
                     call(u"DescribeContainerInstances"_s, {{u"containerInstances"_s, arns}})[u"containerInstances"_s]
                         .toArray()) {
                    if (!ci[u"agentConnected"_s].toBool())
                        return false;
                }
                return true;
            }(),
            20000);
        // svc-web:1 and :2 are the demo image v1 and v2; svc-web:3 exits as soon as it starts.
        QCOMPARE(aws({u"register-task-definition"_s, u"--cli-input-json"_s, file(u"v1.json"_s, webDefinition(1))}).exitCode, 0);
        QCOMPARE(aws({u"register-task-definition"_s, u"--cli-input-json"_s, file(u"v2.json"_s, webDefinition(2))}).exitCode, 0);
        QCOMPARE(aws({u"register-task-definition"_s, u"--cli-input-json"_s,
                      file(u"crash.json"_s, webDefinition(2, u"exit-at-once"_s))})
                     .exitCode,
                 0);
    }

    void cleanupTestCase()
    {
        if (m_fleetdeck && m_fleetdeck->running()) {
            for (const QString &name : std::as_const(m_services))
                aws({u"delete-service"_s, u"--service"_s, name, u"--force"_s});
            QTRY_VERIFY_WITH_TIMEOUT(docker({u"ps"_s, u"-aq"_s, u"--filter"_s, u"label=fleetdeck.service"_s,
                                             u"--filter"_s, u"status=running"_s})
                                         .isEmpty(),
                                     60000);
        }
        m_fleetdeck.reset();
        // Nothing this test started stays on the engine.
        for (const QString &name : std::as_const(m_services)) {
            const QStringList ids = lines(docker({u"ps"_s, u"-aq"_s, u"--filter"_s, u"label=fleetdeck.service="_s + name}));
            if (!ids.isEmpty())
                docker(QStringList{u"rm"_s, u"-f"_s} + ids);
        }
    }

    void errorsAsTheCliPrintsThem()
    {
        auto r = aws({u"update-service"_s, u"--service"_s, u"nope"_s, u"--desired-count"_s, u"1"_s});
        QCOMPARE(r.exitCode, m_cli->serviceErrorExit());
        QVERIFY2(r.err.contains(u"An error occurred (ServiceNotFoundException) when calling the UpdateService operation: "
                                u"Service not found."_s),
                 qPrintable(r.err));
        r = aws({u"create-service"_s, u"--service-name"_s, u"x"_s, u"--task-definition"_s, u"svc-web:1"_s,
                 u"--desired-count"_s, u"1"_s, u"--cluster"_s, u"nowhere"_s});
        QVERIFY(r.err.contains(u"(ClusterNotFoundException)"_s));
        r = aws({u"create-service"_s, u"--service-name"_s, u"x"_s, u"--task-definition"_s, u"svc-web:1"_s,
                 u"--desired-count"_s, u"1"_s, u"--deployment-configuration"_s, u"maximumPercent=250"_s});
        QVERIFY2(r.err.contains(u"deploymentConfiguration.maximumPercent: must be between 100 and 200 (250)"_s),
                 qPrintable(r.err));
        r = aws({u"describe-services"_s, u"--services"_s, u"ghost"_s});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json[u"failures"_s][0][u"reason"_s].toString(), u"MISSING"_s);
        QCOMPARE(r.json[u"failures"_s][0][u"arn"_s].toString(),
                 u"arn:aws:ecs:us-east-1:000000000000:service/default/ghost"_s);
        // Nothing was created by the failed calls.
        QCOMPARE(aws({u"list-services"_s}).json[u"serviceArns"_s].toArray().size(), 0);
    }

    // Placement is parsed once where the request enters: a bad strategy is refused naming its field,
    // and a good one reads back exactly as the client spelled it ("host", "MEMORY").
    void placementReadsBackAsWritten()
    {
        auto r = aws({u"create-service"_s, u"--service-name"_s, u"placed"_s, u"--task-definition"_s, u"svc-web:1"_s,
                      u"--desired-count"_s, u"0"_s, u"--placement-strategy"_s, u"type=spread,field=rack"_s});
        QVERIFY2(r.err.contains(u"(InvalidParameterException)"_s) &&
                     r.err.contains(u"placementStrategy[0].field: spread takes instanceId, host or attribute:<name>, "
                                    u"not 'rack'"_s),
                 qPrintable(r.err));
        QCOMPARE(aws({u"list-services"_s}).json[u"serviceArns"_s].toArray().size(), 0);

        r = aws({u"create-service"_s, u"--service-name"_s, u"placed"_s, u"--task-definition"_s, u"svc-web:1"_s,
                 u"--desired-count"_s, u"0"_s, u"--placement-strategy"_s, u"type=spread,field=host"_s,
                 u"type=binpack,field=MEMORY"_s, u"--placement-constraints"_s, u"type=distinctInstance"_s,
                 u"type=memberOf,expression=attribute:ecs.instance-type =~ t3.*"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        m_services << u"placed"_s;
        const QJsonArray strategy = QJsonDocument::fromJson(
            R"([{"type":"spread","field":"host"},{"type":"binpack","field":"MEMORY"}])").array();
        const QJsonArray constraints = QJsonDocument::fromJson(
            R"([{"type":"distinctInstance"},{"type":"memberOf","expression":"attribute:ecs.instance-type =~ t3.*"}])")
                                           .array();
        QCOMPARE(r.json[u"service"_s][u"placementStrategy"_s].toArray(), strategy);
        const QJsonObject described = describeService(u"placed"_s);
        QCOMPARE(described[u"placementStrategy"_s].toArray(), strategy);
        QCOMPARE(described[u"placementConstraints"_s].toArray(), constraints);

        // An update that spells the same placement differently starts no deployment but reads back anew.
        r = aws({u"update-service"_s, u"--service"_s, u"placed"_s, u"--placement-strategy"_s,
                 u"type=spread,field=instanceId"_s, u"type=binpack,field=memory"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.json[u"service"_s][u"deployments"_s].toArray().size(), 1);
        QCOMPARE(describeService(u"placed"_s)[u"placementStrategy"_s].toArray(),
                 QJsonDocument::fromJson(R"([{"type":"spread","field":"instanceId"},{"type":"binpack","field":"memory"}])")
                     .array());
        QCOMPARE(aws({u"delete-service"_s, u"--service"_s, u"placed"_s}).exitCode, 0);
    }

    void documentedExamples_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("minimumHealthy");
        QTest::addColumn<int>("maximum");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("4 at 50/200") << u"roll-50-200"_s << 50 << 200 << QStringList{u"start 4"_s, u"stop 4"_s};
        QTest::newRow("4 at 50/100") << u"roll-50-100"_s << 50 << 100
                                     << QStringList{u"stop 2"_s, u"start 2"_s, u"stop 2"_s, u"start 2"_s};
    }

    // ECS-SEMANTICS 1.4's examples on real containers, demo image v1 -> v2.
    void documentedExamples()
    {
        QFETCH(QString, name);
        QFETCH(int, minimumHealthy);
        QFETCH(int, maximum);
        QFETCH(QStringList, expected);
        create(name, 4, minimumHealthy, maximum);
        if (QTest::currentTestFailed())
            return;
        const int before = int(batches(events(name)).size());
        const auto r = aws({u"update-service"_s, u"--service"_s, name, u"--task-definition"_s, u"svc-web:2"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.json[u"service"_s][u"deployments"_s].toArray().size(), 2);
        QCOMPARE(r.json[u"service"_s][u"deployments"_s][1][u"status"_s].toString(), u"ACTIVE"_s);
        const int floor = (4 * minimumHealthy + 99) / 100;
        const int ceiling = 4 * maximum / 100;
        Extremes seen;
        QVERIFY(observeUntilStable(name, floor, ceiling, &seen));
        qInfo() << name << "observed" << seen.observations << "times: lowest running" << seen.lowestRunning
                << "highest held" << seen.highestHeld << "highest containers" << seen.highestContainers;
        const QStringList seenBatches = batches(events(name)).mid(before);
        QVERIFY2(phases(seenBatches) == expected, qPrintable(seenBatches.join(u", ")));
        // The bounds were reached, not just respected: the rollout used the room it had.
        QCOMPARE(seen.highestHeld, ceiling);
        // Every task left runs v2 and answers HTTP on its instance's loopback address.
        const QJsonArray tasks = serviceTasks(name);
        QCOMPARE(tasks.size(), 4);
        for (const QJsonValue &t : tasks) {
            QVERIFY(t[u"taskDefinitionArn"_s].toString().endsWith(u"svc-web:2"_s));
            const QJsonObject binding = t[u"containers"_s][0][u"networkBindings"_s][0].toObject();
            const QByteArray reply = fd::test::httpGet(binding[u"bindIP"_s].toString(), quint16(binding[u"hostPort"_s].toInt()));
            QVERIFY2(reply.startsWith("HTTP/1.1 200") || reply.startsWith("HTTP/1.0 200"), reply.constData());
        }
        const QString primary = describeService(name)[u"deployments"_s][0][u"id"_s].toString();
        QVERIFY(events(name)[0][u"message"_s].toString().startsWith(u"(service "_s + name));
        bool completed = false;
        for (const QJsonValue &e : events(name))
            completed |= e[u"message"_s].toString() ==
                         u"(service %1) (deployment %2) deployment completed."_s.arg(name, primary);
        QVERIFY(completed);
    }

    void waiterSeesTheServiceStable()
    {
        // The CLI's own waiter (services-stable: one deployment, runningCount == desiredCount).
        QElapsedTimer timer;
        timer.start();
        const auto r = aws({u"wait"_s, u"services-stable"_s, u"--services"_s, u"roll-50-200"_s, u"roll-50-100"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(timer.elapsed() < 14000); // already stable: the first poll succeeds
        // A missing service fails the waiter (failures[].reason MISSING).
        const auto missing = aws({u"wait"_s, u"services-stable"_s, u"--services"_s, u"ghost"_s});
        QVERIFY(missing.exitCode != 0);
        QVERIFY2(missing.err.contains(u"MISSING"_s) || missing.err.contains(u"Waiter"_s), qPrintable(missing.err));
    }

    void configurationThatCannotMove()
    {
        create(u"stuck"_s, 2, 75, 100);
        if (QTest::currentTestFailed())
            return;
        const int before = int(batches(events(u"stuck"_s)).size());
        QCOMPARE(aws({u"update-service"_s, u"--service"_s, u"stuck"_s, u"--task-definition"_s, u"svc-web:2"_s}).exitCode, 0);
        const QString expected = u"(service stuck) was unable to stop or start tasks during a deployment because of the "
                                 u"service deployment configuration. Update the minimumHealthyPercent or maximumPercent "
                                 u"value and try again."_s;
        QTRY_VERIFY_WITH_TIMEOUT(events(u"stuck"_s)[0][u"message"_s].toString() == expected, 15000);
        QTest::qWait(3000); // 60 s of control-plane time
        QCOMPARE(batches(events(u"stuck"_s)).mid(before), QStringList());
        QCOMPARE(serviceTasks(u"stuck"_s).size(), 2);
    }

    void circuitBreakerRollsBack()
    {
        create(u"breaker"_s, 1, 100, 200, u",deploymentCircuitBreaker={enable=true,rollback=true}"_s);
        if (QTest::currentTestFailed())
            return;
        const QString good = describeService(u"breaker"_s)[u"deployments"_s][0][u"id"_s].toString();
        const auto r = aws({u"update-service"_s, u"--service"_s, u"breaker"_s, u"--task-definition"_s, u"svc-web:3"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString bad = r.json[u"service"_s][u"deployments"_s][0][u"id"_s].toString();
        // Desired 1: the threshold is max(3, ceil(0.5)) = 3 failed tasks.
        const auto hasEvent = [&](const QString &message) {
            for (const QJsonValue &e : events(u"breaker"_s)) {
                if (e[u"message"_s].toString() == message)
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(hasEvent(u"(service breaker) rolling back to deployment %1."_s.arg(good)), 90000);
        QVERIFY(hasEvent(u"(service breaker) (deployment %1) deployment failed: tasks failed to start."_s.arg(bad)));
        Extremes seen;
        QVERIFY(observeUntilStable(u"breaker"_s, 0, 2, &seen));
        const QJsonObject v = describeService(u"breaker"_s);
        QCOMPARE(v[u"deployments"_s][0][u"id"_s].toString(), good);
        QVERIFY(v[u"taskDefinition"_s].toString().endsWith(u"svc-web:1"_s));
        // The v1 task kept running throughout.
        QCOMPARE(seen.lowestRunning, 1);
    }

    // SIGKILL in the middle of a rolling update; the restarted Fleetdeck resumes it.
    void killInTheMiddleOfADeployment()
    {
        create(u"resume"_s, 4, 50, 100);
        if (QTest::currentTestFailed())
            return;
        const int before = int(batches(events(u"resume"_s)).size());
        QCOMPARE(aws({u"update-service"_s, u"--service"_s, u"resume"_s, u"--task-definition"_s, u"svc-web:2"_s}).exitCode, 0);
        Extremes seen;
        // Until the second batch (start 2) is under way.
        QVERIFY(observeUntilStable(u"resume"_s, 2, 4, &seen, 60000,
                                   [&] { return batches(events(u"resume"_s)).mid(before).size() >= 2; }));
        QVERIFY(!isStable(describeService(u"resume"_s)));
        m_fleetdeck->kill();
        QVERIFY2(startFleetdeck(), qPrintable(m_fleetdeck->errorText()));
        QVERIFY(observeUntilStable(u"resume"_s, 2, 4, &seen));
        QCOMPARE(phases(batches(events(u"resume"_s)).mid(before)),
                 (QStringList{u"stop 2"_s, u"start 2"_s, u"stop 2"_s, u"start 2"_s}));
        // 4 of v1 (stopped) and 4 of v2: no task lost or started twice, one container each.
        const QJsonArray running = serviceTasks(u"resume"_s);
        QCOMPARE(running.size(), 4);
        QCOMPARE(serviceTasks(u"resume"_s, u"STOPPED"_s).size(), 4);
        for (const QJsonValue &t : running) {
            const QString id = t[u"taskArn"_s].toString().section(u'/', -1);
            QCOMPARE(lines(docker({u"ps"_s, u"-aq"_s, u"--filter"_s, u"label=fleetdeck.task="_s + id})).size(), 1);
        }
        QCOMPARE(lines(docker({u"ps"_s, u"-q"_s, u"--filter"_s, u"label=fleetdeck.service=resume"_s})).size(), 4);
    }
};

QTEST_GUILESS_MAIN(TestServicesApi)
#include "TestServicesApi.moc"
