// DockerRuntime without an engine: the mapping of a run spec to the engine's create body, the
// reading of list entries, the order of engine calls in runContainer() and what each failure
// becomes, and how engine events become signals. A scripted DockerClient answers every call from
// the event loop, as the real one does; tests/docker/TestDockerRuntime runs the same against the
// real engine.

#include "runtime/DockerRuntime.h"

#include <QSignalSpy>
#include <QtTest>

#include <memory>
#include <optional>

using namespace fd;
using namespace fd::runtime;
using namespace std::chrono_literals;
namespace dk = fd::docker;

namespace {

class ScriptedSubscription final : public dk::EventSubscription
{
public:
    void connectNow()
    {
        m_connected = true;
        emit connected();
    }
    void send(const QString &id, const QString &action, const dk::Labels &attributes = {})
    {
        dk::DockerEvent e;
        e.type = QStringLiteral("container");
        e.action = action;
        e.id = id;
        e.attributes = attributes;
        emit event(e);
    }
};

/// Answers each call with what the test put in; records the calls.
class ScriptedClient final : public dk::DockerClient
{
public:
    template<typename T> static dk::Pending<T> ready(Result<T> r) { return dk::makeReadyPending<T>(std::move(r)); }
    static Error unsupported() { return makeError(QStringLiteral("EngineError"), QStringLiteral("not scripted")); }

    QStringList calls;
    std::optional<Error> imageError;
    std::optional<Error> createError;
    std::optional<Error> startError;
    dk::ContainerCreateSpec lastCreate;
    dk::ContainerInspect inspectAnswer;
    QList<dk::ContainerSummary> listAnswer;
    std::optional<Error> networkCreateError;
    std::optional<Error> networkRemoveError;
    QMap<QString, Error> networkRemoveErrors; ///< by id or name, before networkRemoveError
    dk::NetworkCreateSpec lastNetworkCreate;
    QList<dk::NetworkSummary> networksAnswer;
    dk::EventSubscription::Options eventOptions;
    ScriptedSubscription *subscription = nullptr; // owned by the runtime

    QString endpoint() const override { return QStringLiteral("unix:///scripted.sock"); }
    dk::Pending<dk::PingInfo> ping(dk::Timeout) override { return ready<dk::PingInfo>(dk::PingInfo{}); }
    dk::Pending<dk::VersionInfo> version(dk::Timeout) override { return ready<dk::VersionInfo>(unsupported()); }
    dk::Pending<dk::EngineInfo> info(dk::Timeout) override { return ready<dk::EngineInfo>(unsupported()); }
    dk::Pending<dk::CreatedContainer> createContainer(const dk::ContainerCreateSpec &spec, dk::Timeout) override
    {
        calls << QStringLiteral("create");
        lastCreate = spec;
        if (createError)
            return ready<dk::CreatedContainer>(*createError);
        return ready<dk::CreatedContainer>(dk::CreatedContainer{QStringLiteral("c1"), {}});
    }
    dk::Pending<Ok> startContainer(const QString &id, dk::Timeout) override
    {
        calls << QStringLiteral("start ") + id;
        return startError ? ready<Ok>(*startError) : ready<Ok>(Ok{});
    }
    dk::Pending<Ok> stopContainer(const QString &id, std::optional<std::chrono::seconds> grace, dk::Timeout) override
    {
        calls << QStringLiteral("stop %1 %2").arg(id).arg(grace ? qint64(grace->count()) : -1);
        return ready<Ok>(Ok{});
    }
    dk::Pending<Ok> killContainer(const QString &, const QString &, dk::Timeout) override
    {
        return ready<Ok>(unsupported());
    }
    dk::Pending<Ok> removeContainer(const QString &id, bool force, bool, dk::Timeout) override
    {
        calls << QStringLiteral("remove %1%2").arg(id, force ? QStringLiteral(" force") : QString());
        return ready<Ok>(Ok{});
    }
    dk::Pending<dk::ContainerInspect> inspectContainer(const QString &id, dk::Timeout) override
    {
        calls << QStringLiteral("inspect ") + id;
        return ready<dk::ContainerInspect>(inspectAnswer);
    }
    dk::Pending<QList<dk::ContainerSummary>> listContainers(const dk::ContainerListQuery &q, dk::Timeout) override
    {
        calls << QStringLiteral("list all=%1 %2").arg(q.all).arg(q.labels.join(u','));
        return ready<QList<dk::ContainerSummary>>(listAnswer);
    }
    dk::Pending<dk::CreatedNetwork> createNetwork(const dk::NetworkCreateSpec &spec, dk::Timeout) override
    {
        calls << QStringLiteral("network create %1 %2").arg(spec.name, spec.driver);
        lastNetworkCreate = spec;
        if (networkCreateError)
            return ready<dk::CreatedNetwork>(*networkCreateError);
        return ready<dk::CreatedNetwork>(dk::CreatedNetwork{QStringLiteral("n1"), {}});
    }
    dk::Pending<Ok> removeNetwork(const QString &idOrName, dk::Timeout) override
    {
        calls << QStringLiteral("network remove ") + idOrName;
        if (networkRemoveErrors.contains(idOrName))
            return ready<Ok>(networkRemoveErrors.value(idOrName));
        return networkRemoveError ? ready<Ok>(*networkRemoveError) : ready<Ok>(Ok{});
    }
    dk::Pending<QList<dk::NetworkSummary>> listNetworks(const QStringList &labels, dk::Timeout) override
    {
        calls << QStringLiteral("network list ") + labels.join(u',');
        return ready<QList<dk::NetworkSummary>>(networksAnswer);
    }
    dk::Pending<QList<dk::ImageSummary>> listImages(const dk::ImageListQuery &, dk::Timeout) override
    {
        return ready<QList<dk::ImageSummary>>(unsupported());
    }
    dk::Pending<dk::ImageInspect> inspectImage(const QString &reference, dk::Timeout) override
    {
        calls << QStringLiteral("image ") + reference;
        return imageError ? ready<dk::ImageInspect>(*imageError) : ready<dk::ImageInspect>(dk::ImageInspect{});
    }
    dk::Pending<Ok> removeImage(const QString &, bool, dk::Timeout) override { return ready<Ok>(unsupported()); }
    dk::Pending<dk::BuildResult> buildImage(const dk::BuildSpec &, BuildProgressFn, dk::Timeout) override
    {
        return ready<dk::BuildResult>(unsupported());
    }
    dk::Pending<dk::PullResult> pullImage(const QString &reference, PullProgressFn, dk::Timeout) override
    {
        calls << QStringLiteral("pull ") + reference; // must never happen
        return ready<dk::PullResult>(unsupported());
    }
    dk::Pending<dk::ContainerStats> statsOnce(const QString &, dk::Timeout) override
    {
        return ready<dk::ContainerStats>(unsupported());
    }
    std::unique_ptr<dk::StatsStream> streamStats(const QString &) override { return {}; }
    dk::Pending<QList<dk::LogLine>> logs(const QString &, const dk::LogOptions &, dk::Timeout) override
    {
        return ready<QList<dk::LogLine>>(unsupported());
    }
    std::unique_ptr<dk::LogStream> followLogs(const QString &, const dk::LogOptions &) override { return {}; }
    std::unique_ptr<dk::EventSubscription> subscribeEvents(const dk::EventSubscription::Options &options) override
    {
        eventOptions = options;
        auto s = std::make_unique<ScriptedSubscription>();
        subscription = s.get();
        return s;
    }
};

template<typename T> std::optional<Result<T>> await(const Pending<T> &p)
{
    std::optional<Result<T>> out;
    QObject context;
    p.then(&context, [&out](const Result<T> &r) { out = r; });
    (void)QTest::qWaitFor([&out] { return out.has_value(); }, 2000);
    return out;
}

ContainerRunSpec webSpec()
{
    ContainerRunSpec s;
    s.name = QStringLiteral("fd-task1-web");
    s.image = QStringLiteral("fleetdeck/demo-web:1");
    s.env = {QStringLiteral("PORT=8080")};
    s.command = {QStringLiteral("--verbose")};
    s.labels = {{QStringLiteral("fleetdeck.managed"), QStringLiteral("true")},
                {QStringLiteral("fleetdeck.task"), QStringLiteral("task1")}};
    s.cpuUnits = 256;
    s.memoryMiB = 512;
    s.memoryReservationMiB = 128;
    s.hostIp = QStringLiteral("127.0.0.7");
    s.ports = {PortSpec{8080, 0, QStringLiteral("tcp")}, PortSpec{53, 5353, QStringLiteral("UDP")}};
    HealthCheckSpec h;
    h.command = {QStringLiteral("CMD"), QStringLiteral("/demo-web"), QStringLiteral("healthcheck")};
    h.interval = 5s;
    h.timeout = 2s;
    h.retries = 2;
    h.startPeriod = 10s;
    s.healthCheck = h;
    s.stopTimeout = 30s;
    return s;
}

} // namespace

class TestDockerRuntimeUnit final : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_client = std::make_unique<ScriptedClient>();
        m_rt = std::make_unique<DockerRuntime>(*m_client);
        QVERIFY(m_client->subscription);
    }
    void cleanup()
    {
        m_rt.reset();
        m_client.reset();
    }

    void createSpecMapping()
    {
        const dk::ContainerCreateSpec c = DockerRuntime::toCreateSpec(webSpec());
        QCOMPARE(c.name, QStringLiteral("fd-task1-web"));
        QCOMPARE(c.image, QStringLiteral("fleetdeck/demo-web:1"));
        QCOMPARE(c.env, QStringList{QStringLiteral("PORT=8080")});
        QCOMPARE(c.cmd, QStringList{QStringLiteral("--verbose")});
        QVERIFY(!c.entrypoint); // the image's
        QCOMPARE(c.labels.value(QStringLiteral("fleetdeck.task")), QStringLiteral("task1"));
        QCOMPARE(c.cpuShares, 256);
        QCOMPARE(c.memoryBytes, 512ll * 1048576);
        QCOMPARE(c.memoryReservationBytes, 128ll * 1048576);
        QCOMPARE(c.portBindings.size(), 2);
        QCOMPARE(c.portBindings.at(0).containerPort, 8080);
        QCOMPARE(c.portBindings.at(0).hostIp, QStringLiteral("127.0.0.7")); // the instance's address
        QCOMPARE(c.portBindings.at(0).hostPort, 0);                         // dynamic
        QCOMPARE(c.portBindings.at(1).protocol, QStringLiteral("udp"));
        QCOMPARE(c.portBindings.at(1).hostPort, 5353);
        QVERIFY(c.healthcheck);
        QCOMPARE(c.healthcheck->test.size(), 3);
        QCOMPARE(c.healthcheck->interval, std::chrono::nanoseconds(5'000'000'000));
        QCOMPARE(c.healthcheck->timeout, std::chrono::nanoseconds(2'000'000'000));
        QCOMPARE(c.healthcheck->startPeriod, std::chrono::nanoseconds(10'000'000'000));
        QCOMPARE(c.healthcheck->retries, 2);
        QCOMPARE(c.stopTimeout, std::optional<int>(30));
    }

    void createSpecDefaults_data()
    {
        QTest::addColumn<int>("cpuUnits");
        QTest::addColumn<int>("expectShares");
        // ECS agent >= 1.2.0 passes null, 0 and 1 as 2 (the kernel's minimum), not Docker's 1024.
        QTest::newRow("0 units") << 0 << 2;
        QTest::newRow("1 unit") << 1 << 2;
        QTest::newRow("2 units") << 2 << 2;
        QTest::newRow("1024 units") << 1024 << 1024;
    }

    void createSpecDefaults()
    {
        QFETCH(int, cpuUnits);
        QFETCH(int, expectShares);
        ContainerRunSpec s;
        s.image = QStringLiteral("x:1");
        s.cpuUnits = cpuUnits;
        s.hostIp.clear();
        s.ports = {PortSpec{80, 80, QString()}};
        const dk::ContainerCreateSpec c = DockerRuntime::toCreateSpec(s);
        QCOMPARE(c.cpuShares, expectShares);
        QCOMPARE(c.memoryBytes, 0);
        QCOMPARE(c.memoryReservationBytes, 0);
        QCOMPARE(c.portBindings.first().hostIp, QStringLiteral("127.0.0.1")); // never every address by default
        QCOMPARE(c.portBindings.first().protocol, QStringLiteral("tcp"));
        // No health check in the task definition: the image's HEALTHCHECK is switched off too (ECS
        // watches only the task definition's).
        QVERIFY(c.healthcheck);
        QCOMPARE(c.healthcheck->test, QStringList{QStringLiteral("NONE")});
        QCOMPARE(c.stopTimeout, std::optional<int>(30)); // the ECS agent's default, not Docker's 10 s
    }

    void listEntryReading_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("expectStatus");
        QTest::addColumn<int>("expectExitCode");
        QTest::addColumn<QString>("expectHealth");

        QTest::newRow("running, no check") << "running"
                                           << "Up 5 seconds"
                                           << "running" << 0 << "UNKNOWN";
        QTest::newRow("starting") << "running"
                                  << "Up 1 second (health: starting)"
                                  << "running" << 0 << "UNKNOWN";
        QTest::newRow("healthy") << "running"
                                 << "Up 2 minutes (healthy)"
                                 << "running" << 0 << "HEALTHY";
        QTest::newRow("unhealthy") << "running"
                                   << "Up 2 minutes (unhealthy)"
                                   << "running" << 0 << "UNHEALTHY";
        QTest::newRow("exited 137") << "exited"
                                    << "Exited (137) 3 seconds ago"
                                    << "exited" << 137 << "UNKNOWN";
        QTest::newRow("exited 0") << "exited"
                                  << "Exited (0) About a minute ago"
                                  << "exited" << 0 << "UNKNOWN";
        QTest::newRow("created") << "created"
                                 << "Created"
                                 << "created" << 0 << "UNKNOWN";
        QTest::newRow("dead") << "dead"
                              << "Dead"
                              << "exited" << 0 << "UNKNOWN";
        QTest::newRow("paused counts as running") << "paused"
                                                  << "Up 1 minute (Paused)"
                                                  << "running" << 0 << "UNKNOWN";
    }

    void listEntryReading()
    {
        QFETCH(QString, state);
        QFETCH(QString, status);
        QFETCH(QString, expectStatus);
        QFETCH(int, expectExitCode);
        QFETCH(QString, expectHealth);
        dk::ContainerSummary s;
        s.id = QStringLiteral("abc");
        s.names = {QStringLiteral("fd-task1-web")};
        s.state = state;
        s.status = status;
        s.ports = {dk::PublishedPort{8080, QStringLiteral("tcp"), QStringLiteral("127.0.0.2"), 49160},
                   dk::PublishedPort{9090, QStringLiteral("tcp"), QString(), 0}};
        const ContainerState c = DockerRuntime::toState(s);
        QCOMPARE(c.name, QStringLiteral("fd-task1-web"));
        QCOMPARE(toString(c.status), expectStatus);
        QCOMPARE(c.exitCode, expectExitCode);
        QCOMPARE(toString(c.health), expectHealth);
        if (c.status == ContainerStatus::Running) {
            QCOMPARE(c.ports.size(), 1); // only bound ports
            QCOMPARE(c.hostPort(8080), std::optional<quint16>(49160));
        }
    }

    void runIsImageCreateStartInspect()
    {
        m_client->inspectAnswer.id = QStringLiteral("c1");
        m_client->inspectAnswer.name = QStringLiteral("fd-task1-web");
        m_client->inspectAnswer.state.status = QStringLiteral("running");
        m_client->inspectAnswer.ports = {
            dk::PublishedPort{8080, QStringLiteral("tcp"), QStringLiteral("127.0.0.7"), 49999}};
        const auto r = await(m_rt->runContainer(webSpec()));
        QVERIFY(r && r->ok());
        QCOMPARE(m_client->calls, (QStringList{"image fleetdeck/demo-web:1", "create", "start c1", "inspect c1"}));
        QCOMPARE((*r)->id, QStringLiteral("c1"));
        QCOMPARE((*r)->hostPort(8080), std::optional<quint16>(49999));
        QCOMPARE((*r)->ports.first().hostIp, QStringLiteral("127.0.0.7"));
    }

    void runFailures_data()
    {
        QTest::addColumn<QString>("failAt");
        QTest::addColumn<QString>("engineCode");
        QTest::addColumn<QString>("engineMessage");
        QTest::addColumn<QString>("expectCode");
        QTest::addColumn<QString>("expectMessageStart");
        QTest::addColumn<QStringList>("expectCalls");

        const QStringList imageOnly{"image fleetdeck/demo-web:1"};
        const QStringList created{"image fleetdeck/demo-web:1", "create"};
        const QStringList removed{"image fleetdeck/demo-web:1", "create", "start c1", "remove c1 force"};
        // No registry pull: a missing image fails at once, with ECS's words.
        QTest::newRow("image missing") << "image"
                                       << "NotFound"
                                       << "No such image: fleetdeck/demo-web:1"
                                       << "CannotPullContainerError"
                                       << "CannotPullContainerError: fleetdeck/demo-web:1: " << imageOnly;
        QTest::newRow("engine down") << "image"
                                     << "EngineUnreachable"
                                     << "connection refused"
                                     << "EngineUnreachable"
                                     << "connection refused" << imageOnly;
        QTest::newRow("image removed meanwhile") << "create"
                                                 << "NotFound"
                                                 << "No such image: fleetdeck/demo-web:1"
                                                 << "CannotPullContainerError"
                                                 << "CannotPullContainerError: " << created;
        QTest::newRow("name in use") << "create"
                                     << "Conflict"
                                     << "Conflict. The container name \"/fd-task1-web\" is already in use"
                                     << "Conflict"
                                     << "Conflict. The container name" << created;
        // A failed start leaves nothing behind: the created container is removed.
        QTest::newRow("port taken") << "start"
                                    << "EngineError"
                                    << "driver failed programming external connectivity on endpoint x (y): Bind for "
                                       "127.0.0.7:80 failed: port is already allocated"
                                    << "Conflict"
                                    << "driver failed programming" << removed;
        QTest::newRow("exec failed") << "start"
                                     << "EngineError"
                                     << "OCI runtime create failed: exec: \"/nope\": no such file"
                                     << "CannotStartContainerError"
                                     << "CannotStartContainerError: OCI runtime create failed" << removed;
        QTest::newRow("start timed out") << "start"
                                         << "Timeout"
                                         << "no answer in 30 s"
                                         << "Timeout"
                                         << "no answer" << removed;
    }

    void runFailures()
    {
        QFETCH(QString, failAt);
        QFETCH(QString, engineCode);
        QFETCH(QString, engineMessage);
        QFETCH(QString, expectCode);
        QFETCH(QString, expectMessageStart);
        QFETCH(QStringList, expectCalls);
        const Error e = makeError(engineCode, engineMessage);
        if (failAt == u"image")
            m_client->imageError = e;
        else if (failAt == u"create")
            m_client->createError = e;
        else
            m_client->startError = e;

        const auto r = await(m_rt->runContainer(webSpec()));
        QVERIFY(r.has_value());
        QVERIFY(!r->ok());
        QCOMPARE(r->error().code, expectCode);
        QVERIFY2(r->error().message.startsWith(expectMessageStart), qPrintable(r->error().message));
        QTRY_COMPARE(m_client->calls, expectCalls);
    }

    void otherCallsPassThrough()
    {
        QVERIFY(await(m_rt->stopContainer(QStringLiteral("c1"), 7s))->ok());
        QVERIFY(await(m_rt->stopContainer(QStringLiteral("c2")))->ok());
        QVERIFY(await(m_rt->removeContainer(QStringLiteral("c1")))->ok());
        QVERIFY(await(m_rt->list({QStringLiteral("fleetdeck.cluster=default")}))->ok());
        QCOMPARE(m_client->calls,
                 (QStringList{"stop c1 7", "stop c2 -1", "remove c1", "list all=1 fleetdeck.cluster=default"}));
    }

    void createSpecAttachesTheTaskNetwork()
    {
        ContainerRunSpec s = webSpec();
        QVERIFY(DockerRuntime::toCreateSpec(s).network.isEmpty()); // the default bridge, as before
        s.network = QStringLiteral("fd-task-task1");
        s.networkAliases = {QStringLiteral("web"), QStringLiteral("backend")};
        s.dnsServers = {QStringLiteral("127.0.0.1")};
        const dk::ContainerCreateSpec c = DockerRuntime::toCreateSpec(s);
        QCOMPARE(c.network, QStringLiteral("fd-task-task1"));
        QCOMPARE(c.networkAliases, (QStringList{"web", "backend"}));
        QCOMPARE(c.dns, QStringList{QStringLiteral("127.0.0.1")});
    }

    void inspectReadsThePid()
    {
        dk::ContainerInspect i;
        i.id = QStringLiteral("c1");
        i.state.status = QStringLiteral("running");
        i.state.pid = 4242;
        QCOMPARE(DockerRuntime::toState(i).pid, 4242);
        i.state.status = QStringLiteral("exited");
        i.state.pid = 0;
        QCOMPARE(DockerRuntime::toState(i).pid, 0);
        QCOMPARE(DockerRuntime::toState(dk::ContainerSummary{}).pid, 0); // not in list entries
    }

    void runOnAMissingNetwork()
    {
        // 20.10 creates the container and refuses the start; newer engines refuse the create.
        m_client->startError = makeError(QStringLiteral("NotFound"), QStringLiteral("network fd-task-x not found"));
        ContainerRunSpec s = webSpec();
        s.network = QStringLiteral("fd-task-x");
        auto r = await(m_rt->runContainer(s));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QString(errc::CannotStartContainerError));
        QCOMPARE(r->error().message, QStringLiteral("CannotStartContainerError: network fd-task-x not found"));
        QTRY_VERIFY(m_client->calls.contains(QStringLiteral("remove c1 force")));

        m_client->startError.reset();
        m_client->createError = makeError(QStringLiteral("NotFound"), QStringLiteral("network fd-task-x not found"));
        r = await(m_rt->runContainer(s));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QString(errc::CannotStartContainerError)); // not CannotPullContainerError
    }

    void createTaskNetwork()
    {
        const Labels labels{{QStringLiteral("fleetdeck.task"), QStringLiteral("t1")},
                            {QStringLiteral("fleetdeck.managed"), QStringLiteral("true")}};
        auto r = await(m_rt->createTaskNetwork(QStringLiteral("fd-task-t1"), labels));
        QVERIFY(r && r->ok());
        QCOMPARE(**r, QStringLiteral("n1"));
        // After creating, it looks for duplicates of the name (see createdTwiceKeepsOne).
        QCOMPARE(m_client->calls, (QStringList{"network create fd-task-t1 bridge",
                                               "network list fleetdeck.managed=true,fleetdeck.task=t1"}));
        QCOMPARE(m_client->lastNetworkCreate.labels, labels);
        QVERIFY(!m_client->lastNetworkCreate.internal); // published ports need a network with a way out

        // A retry after a restart: the name is taken by our own network, which is answered as it is.
        m_client->calls.clear();
        m_client->networkCreateError =
            makeError(QStringLiteral("Conflict"), QStringLiteral("network with name fd-task-t1 already exists"));
        m_client->networksAnswer = {dk::NetworkSummary{QStringLiteral("n0"), QStringLiteral("fd-task-t10"), labels, {}},
                                    dk::NetworkSummary{QStringLiteral("n1"), QStringLiteral("fd-task-t1"), labels, {}}};
        r = await(m_rt->createTaskNetwork(QStringLiteral("fd-task-t1"), labels));
        QVERIFY(r && r->ok());
        QCOMPARE(**r, QStringLiteral("n1"));
        QCOMPARE(m_client->calls, (QStringList{"network create fd-task-t1 bridge",
                                               "network list fleetdeck.managed=true,fleetdeck.task=t1"}));

        // Someone else's network of that name (other labels): Conflict.
        Labels other = labels;
        other.insert(QStringLiteral("fleetdeck.extra"), QStringLiteral("1"));
        m_client->networksAnswer = {dk::NetworkSummary{QStringLiteral("n1"), QStringLiteral("fd-task-t1"), other, {}}};
        r = await(m_rt->createTaskNetwork(QStringLiteral("fd-task-t1"), labels));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QString(errc::Conflict));
        QVERIFY2(r->error().message.contains(QStringLiteral("already exists")), qPrintable(r->error().message));

        // Other failures pass through.
        m_client->networkCreateError = makeError(QStringLiteral("EngineUnreachable"), QStringLiteral("gone"));
        r = await(m_rt->createTaskNetwork(QStringLiteral("fd-task-t1"), labels));
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().code, QString(errc::EngineUnreachable));
    }

    void removeAndListTaskNetworks()
    {
        QVERIFY(await(m_rt->removeTaskNetwork(QStringLiteral("fd-task-t1")))->ok());
        // Already gone is fine: removal is what the caller wanted.
        m_client->networkRemoveError = makeError(QStringLiteral("NotFound"), QStringLiteral("network x not found"));
        QVERIFY(await(m_rt->removeTaskNetwork(QStringLiteral("fd-task-t1")))->ok());
        // Containers still on it: Conflict, for the caller to retry.
        m_client->networkRemoveError = makeError(QStringLiteral("Conflict"), QStringLiteral("has active endpoints"));
        const auto busy = await(m_rt->removeTaskNetwork(QStringLiteral("fd-task-t1")));
        QVERIFY(busy && !busy->ok());
        QCOMPARE(busy->error().code, QString(errc::Conflict));

        m_client->networksAnswer = {dk::NetworkSummary{QStringLiteral("n2"), QStringLiteral("fd-task-b"), {}, {}},
                                    dk::NetworkSummary{QStringLiteral("n1"), QStringLiteral("fd-task-a"), {}, {}}};
        const auto listed = await(m_rt->listTaskNetworks({QStringLiteral("fleetdeck.managed=true")}));
        QVERIFY(listed && listed->ok());
        QCOMPARE(**listed, (QList<QString>{"fd-task-a", "fd-task-b"}));
        QCOMPARE(m_client->calls.last(), QStringLiteral("network list fleetdeck.managed=true"));
    }

    void concurrentCreatesJoin()
    {
        // A controller that asks twice before the first answer (two ticks) gets one network: the
        // engine's CheckDuplicate does not see a network still being created.
        const Labels labels{{QStringLiteral("fleetdeck.task"), QStringLiteral("t1")}};
        const auto first = m_rt->createTaskNetwork(QStringLiteral("fd-task-t1"), labels);
        const auto second = m_rt->createTaskNetwork(QStringLiteral("fd-task-t1"), labels);
        const auto a = await(first);
        const auto b = await(second);
        QVERIFY(a && a->ok() && b && b->ok());
        QCOMPARE(**a, QStringLiteral("n1"));
        QCOMPARE(**b, QStringLiteral("n1"));
        QCOMPARE(m_client->calls.count(QStringLiteral("network create fd-task-t1 bridge")), 1);
        // Once answered, a new call asks the engine again (which then says Conflict, and so on).
        QVERIFY(await(m_rt->createTaskNetwork(QStringLiteral("fd-task-t1"), labels))->ok());
        QCOMPARE(m_client->calls.count(QStringLiteral("network create fd-task-t1 bridge")), 2);
    }

    void createdTwiceKeepsOne()
    {
        // A process killed while creating leaves a second network of the same name behind (the
        // engine's duplicate check misses one still being created). Every process keeps the one
        // with the smallest id and removes the others, so containers can attach by name again.
        const Labels labels{{QStringLiteral("fleetdeck.task"), QStringLiteral("t1")}};
        m_client->networksAnswer = {dk::NetworkSummary{QStringLiteral("n1"), QStringLiteral("fd-task-t1"), labels, {}},
                                    dk::NetworkSummary{QStringLiteral("n0"), QStringLiteral("fd-task-t1"), labels, {}},
                                    dk::NetworkSummary{QStringLiteral("n5"), QStringLiteral("fd-task-t10"), labels, {}}};
        auto r = await(m_rt->createTaskNetwork(QStringLiteral("fd-task-t1"), labels));
        QVERIFY(r && r->ok());
        QCOMPARE(**r, QStringLiteral("n0"));
        QTRY_VERIFY(m_client->calls.contains(QStringLiteral("network remove n1")));
        QVERIFY(!m_client->calls.contains(QStringLiteral("network remove n0")));
        QVERIFY(!m_client->calls.contains(QStringLiteral("network remove n5"))); // another name
    }

    void removeAmbiguousName()
    {
        // Two networks of one name (left by racing creates): the engine refuses the name, so each is
        // removed by its id.
        m_client->networkRemoveErrors.insert(
            QStringLiteral("fd-task-t1"),
            makeError(QStringLiteral("EngineError"),
                      QStringLiteral("network fd-task-t1 is ambiguous (2 matches found based on name)")));
        m_client->networksAnswer = {dk::NetworkSummary{QStringLiteral("n1"), QStringLiteral("fd-task-t1"), {}, {}},
                                    dk::NetworkSummary{QStringLiteral("n2"), QStringLiteral("fd-task-t10"), {}, {}},
                                    dk::NetworkSummary{QStringLiteral("n3"), QStringLiteral("fd-task-t1"), {}, {}}};
        const auto r = await(m_rt->removeTaskNetwork(QStringLiteral("fd-task-t1")));
        QVERIFY(r && r->ok());
        QCOMPARE(m_client->calls,
                 (QStringList{"network remove fd-task-t1", "network list ", "network remove n1", "network remove n3"}));
        const auto listed = await(m_rt->listTaskNetworks());
        QCOMPARE(**listed, (QList<QString>{"fd-task-t1", "fd-task-t10"})); // one name, once

        // One of them still in use: Conflict, as for a single network.
        m_client->calls.clear();
        m_client->networkRemoveErrors.insert(QStringLiteral("n3"),
                                             makeError(QStringLiteral("Conflict"), QStringLiteral("active endpoints")));
        const auto busy = await(m_rt->removeTaskNetwork(QStringLiteral("fd-task-t1")));
        QVERIFY(busy && !busy->ok());
        QCOMPARE(busy->error().code, QString(errc::Conflict));
    }

    void aliasesFromLinks_data()
    {
        QTest::addColumn<QStringList>("containers"); // "name=link1,link2"
        QTest::addColumn<QStringList>("expected");   // "name=alias1,alias2"

        QTest::newRow("no links: own names") << QStringList{"web=", "db="} << QStringList{"db=db", "web=web"};
        QTest::newRow("name:alias") << QStringList{"web=db:database", "db="}
                                    << QStringList{"db=database,db", "web=web"};
        QTest::newRow("bare name adds nothing") << QStringList{"web=db", "db="} << QStringList{"db=db", "web=web"};
        QTest::newRow("two containers, one alias")
            << QStringList{"web=db:database", "worker=db:database,db:store", "db="}
            << QStringList{"db=database,db,store", "web=web", "worker=worker"};
        QTest::newRow("link to a container the task lacks") << QStringList{"web=cache:redis"} << QStringList{"web=web"};
        QTest::newRow("alias equal to the name") << QStringList{"web=db:db", "db="} << QStringList{"db=db", "web=web"};
    }

    void aliasesFromLinks()
    {
        QFETCH(QStringList, containers);
        QFETCH(QStringList, expected);
        QList<ContainerLinks> in;
        for (const QString &c : containers) {
            const QString links = c.section(u'=', 1);
            in.append(ContainerLinks{c.section(u'=', 0, 0), links.isEmpty() ? QStringList() : links.split(u',')});
        }
        QStringList out;
        const QMap<QString, QStringList> aliases = taskNetworkAliases(in);
        for (auto it = aliases.cbegin(); it != aliases.cend(); ++it)
            out.append(it.key() + u'=' + it.value().join(u','));
        QCOMPARE(out, expected);
    }

    void eventsBecomeSignals()
    {
        const auto &filters = m_client->eventOptions.filters;
        QCOMPARE(filters.value(QStringLiteral("type")), QStringList{QStringLiteral("container")});
        QCOMPARE(filters.value(QStringLiteral("label")), QStringList{QStringLiteral("fleetdeck.managed=true")});
        QVERIFY(filters.value(QStringLiteral("event")).contains(QStringLiteral("die")));
        QVERIFY(filters.value(QStringLiteral("event")).contains(QStringLiteral("health_status")));

        QSignalSpy watching(m_rt.get(), &DockerRuntime::watching);
        QSignalSpy health(m_rt.get(), &ContainerRuntime::healthChanged);
        QSignalSpy exited(m_rt.get(), &ContainerRuntime::containerExited);
        QVERIFY(!m_rt->isWatching());
        ScriptedSubscription *s = m_client->subscription;
        s->connectNow();
        QCOMPARE(watching.size(), 1);
        QVERIFY(m_rt->isWatching());

        s->send(QStringLiteral("c1"), QStringLiteral("start"));
        s->send(QStringLiteral("c1"), QStringLiteral("health_status: starting")); // not a verdict
        s->send(QStringLiteral("c1"), QStringLiteral("health_status: healthy"));
        s->send(QStringLiteral("c1"), QStringLiteral("health_status: healthy")); // no change
        s->send(QStringLiteral("c1"), QStringLiteral("health_status: unhealthy"));
        QCOMPARE(health.size(), 2);
        QCOMPARE(toString(health.at(0).at(1).value<HealthStatus>()), QStringLiteral("HEALTHY"));
        QCOMPARE(toString(health.at(1).at(1).value<HealthStatus>()), QStringLiteral("UNHEALTHY"));

        s->send(QStringLiteral("c1"), QStringLiteral("die"), {{QStringLiteral("exitCode"), QStringLiteral("137")}});
        s->send(QStringLiteral("c1"), QStringLiteral("die"), {{QStringLiteral("exitCode"), QStringLiteral("137")}});
        QCOMPARE(exited.size(), 1); // a replayed die is not news
        QCOMPARE(exited.first().at(0).toString(), QStringLiteral("c1"));
        QCOMPARE(exited.first().at(1).toInt(), 137);

        // Started again by hand: its next exit counts.
        s->send(QStringLiteral("c1"), QStringLiteral("start"));
        s->send(QStringLiteral("c1"), QStringLiteral("die"), {{QStringLiteral("exitCode"), QStringLiteral("0")}});
        QCOMPARE(exited.size(), 2);
        s->send(QStringLiteral("c1"), QStringLiteral("destroy"));

        QSignalSpy resync(m_rt.get(), &ContainerRuntime::resyncNeeded);
        emit s->resyncNeeded();
        QCOMPARE(resync.size(), 1);
    }

private:
    std::unique_ptr<ScriptedClient> m_client;
    std::unique_ptr<DockerRuntime> m_rt;
};

QTEST_GUILESS_MAIN(TestDockerRuntimeUnit)
#include "TestDockerRuntimeUnit.moc"
