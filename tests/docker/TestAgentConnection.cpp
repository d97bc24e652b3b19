// agentConnected is real: it follows the engine. The engine is reached through a TCP relay to the
// real Docker socket that the test can cut and restore, as a network would.

#include "ControlPlane.h"
#include "ChangeSpy.h"
#include "System.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "TestSupport.h"
#include "controllers/EngineMonitor.h"

#include <QElapsedTimer>
#include <QLocalSocket>
#include <QPointer>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

namespace {

constexpr char kDockerSocket[] = "/var/run/docker.sock";

// Relays each TCP connection on 127.0.0.1 to the Docker socket, byte for byte.
class Relay final : public QObject
{
public:
    bool listen(quint16 port = 0)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &Relay::accept, Qt::UniqueConnection);
        return m_server.listen(QHostAddress::LocalHost, port);
    }
    quint16 port() const { return m_server.serverPort(); }

    // Stops accepting and drops every open connection.
    void cut()
    {
        m_server.close();
        for (const QPointer<QTcpSocket> &s : std::as_const(m_sockets)) {
            if (s)
                s->abort();
        }
        m_sockets.clear();
    }

private:
    void accept()
    {
        while (QTcpSocket *client = m_server.nextPendingConnection()) {
            auto *engine = new QLocalSocket(client);
            m_sockets.append(client);
            connect(client, &QTcpSocket::readyRead, engine, [client, engine] { engine->write(client->readAll()); });
            connect(engine, &QLocalSocket::readyRead, client, [client, engine] { client->write(engine->readAll()); });
            connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            connect(engine, &QLocalSocket::disconnected, client, [client] { client->disconnectFromHost(); });
            connect(engine, &QLocalSocket::connected, client, [client, engine] {
                if (client->bytesAvailable())
                    engine->write(client->readAll());
            });
            engine->connectToServer(QString::fromLatin1(kDockerSocket));
        }
    }

    QList<QPointer<QTcpSocket>> m_sockets; // children of m_server, which deletes them
    QTcpServer m_server;
};

bool engineAnswers()
{
    QLocalSocket s;
    s.connectToServer(QString::fromLatin1(kDockerSocket));
    return s.waitForConnected(2000);
}

// Real time, nothing laid out, the engine monitor without metrics; the monitor stays stopped until
// the test starts it at its own interval, and no controller runs.
std::unique_ptr<fd::System> startSystem(const QString &dataDir)
{
    fd::SystemOptions options;
    options.dataDir = dataDir;
    options.clock = std::make_shared<fd::SystemClock>();
    options.emptyFirstStart = true;
    options.metrics = false;
    options.startControllers = false;
    auto system = fd::System::create(std::move(options));
    if (!system) {
        qWarning("%s", qPrintable(system.error().message));
        return nullptr;
    }
    return std::move(system).value();
}

} // namespace

class TestAgentConnection : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!engineAnswers()) {
            if (fd::test::inCi())
                QFAIL("no Docker engine answers on /var/run/docker.sock (resources/scripts/ensure-docker.sh starts one)");
            QSKIP("no Docker engine answers on /var/run/docker.sock");
        }
    }

    void agentFollowsTheEngine()
    {
        QTemporaryDir dir;
        const std::unique_ptr<fd::System> system = startSystem(dir.path());
        QVERIFY(system && system->engineMonitor());
        fd::ControlPlane &cp = system->controlPlane();
        fd::EngineMonitor &agents = *system->engineMonitor();

        Relay relay;
        QVERIFY(relay.listen());
        const quint16 port = relay.port();
        QVERIFY(cp.engines().add(QStringLiteral("remote"), fd::Engine::Kind::Docker,
                             QStringLiteral("tcp://127.0.0.1:%1").arg(port)));
        QVERIFY(cp.clusters().create(QStringLiteral("default")));
        fd::ops::InstanceRequest request;
        request.cluster = QStringLiteral("default");
        request.engineId = QStringLiteral("remote");
        request.count = 2;
        QVERIFY(cp.instances().registerNew(request));

        auto allConnected = [&](bool expected) {
            for (const fd::ContainerInstance &ci : cp.instances().list(QStringLiteral("default"))) {
                if (ci.agentConnected != expected)
                    return false;
            }
            return true;
        };

        fd::test::ChangeSpy events(cp);
        agents.start(std::chrono::milliseconds(500), std::chrono::milliseconds(1000));
        QTRY_VERIFY_WITH_TIMEOUT(allConnected(true), 5000);
        QVERIFY(cp.engines().find(QStringLiteral("remote"))->version.startsWith(QStringLiteral("20.")) ||
                !cp.engines().find(QStringLiteral("remote"))->version.isEmpty());
        QVERIFY(events.events().last().message.contains(QStringLiteral("connected")));

        // The engine goes away: the agents disconnect within a few seconds, with an event.
        QElapsedTimer timer;
        timer.start();
        relay.cut();
        QTRY_VERIFY_WITH_TIMEOUT(allConnected(false), 5000);
        qInfo("agents disconnected %lld ms after the engine became unreachable", timer.elapsed());
        const fd::Event down = events.events().last();
        QCOMPARE(down.resource, QStringLiteral("remote"));
        QVERIFY2(down.message.contains(QStringLiteral("unreachable")), qPrintable(down.message));
        QVERIFY(!cp.engines().find(QStringLiteral("remote"))->lastError.isEmpty());

        // It comes back on the same address: connected again, with an event.
        timer.restart();
        QVERIFY(relay.listen(port));
        QTRY_VERIFY_WITH_TIMEOUT(allConnected(true), 5000);
        qInfo("agents reconnected %lld ms after the engine came back", timer.elapsed());
        QVERIFY(events.events().last().message.contains(QStringLiteral("agent connected")));
    }

    void unknownLabelledContainersAreReportedNeverRemoved()
    {
        // A container with Fleetdeck's labels that no task of this data directory knows, as left
        // by another data directory or a crash.
        QProcess docker;
        docker.start(QStringLiteral("docker"),
                     {QStringLiteral("create"), QStringLiteral("--label"), QStringLiteral("fleetdeck.managed=true"),
                      QStringLiteral("--label"), QStringLiteral("fleetdeck.cluster=elsewhere"), QStringLiteral("--label"),
                      QStringLiteral("fleetdeck.task=0123456789abcdef"), QStringLiteral("--label"),
                      QStringLiteral("fleetdeck.test=1"), QStringLiteral("fleetdeck/demo-web:1")});
        QVERIFY(docker.waitForFinished(30000));
        QCOMPARE(docker.exitCode(), 0);
        const QString id = QString::fromUtf8(docker.readAllStandardOutput()).trimmed();
        QVERIFY(!id.isEmpty());
        auto removeContainer = qScopeGuard([&] {
            QProcess::execute(QStringLiteral("docker"), {QStringLiteral("rm"), QStringLiteral("-f"), id});
        });

        QTemporaryDir dir;
        const std::unique_ptr<fd::System> system = startSystem(dir.path());
        QVERIFY(system && system->engineMonitor());
        fd::ControlPlane &cp = system->controlPlane();
        fd::EngineMonitor &agents = *system->engineMonitor();
        QVERIFY(cp.engines().add(QStringLiteral("local"), fd::Engine::Kind::Docker,
                             QStringLiteral("unix:///var/run/docker.sock")));
        fd::test::ChangeSpy events(cp);
        agents.start(std::chrono::milliseconds(500), std::chrono::milliseconds(2000));

        auto found = [&] {
            for (const fd::ManagedContainer &c : cp.engines().unmatchedContainers()) {
                if (c.id == id)
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(found(), 5000);
        bool journaled = false;
        for (const fd::Event &e : events.events()) {
            journaled |= e.message.contains(id.left(12)) && e.message.contains(QStringLiteral("left as it is"));
        }
        QVERIFY(journaled);

        // Reported once, not on every adoption pass; and never removed.
        const qsizetype before = events.events().size();
        agents.adoptNow();
        QTest::qWait(500);
        QCOMPARE(events.events().size(), before);
        QProcess inspect;
        inspect.start(QStringLiteral("docker"), {QStringLiteral("inspect"), id});
        QVERIFY(inspect.waitForFinished(30000));
        QCOMPARE(inspect.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAgentConnection)
#include "TestAgentConnection.moc"
