// Container instances: registration on engines, addresses, states, attributes, agents, and what
// the cluster counts of them.

#include "ControlPlane.h"
#include "ChangeSpy.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "model/InstanceType.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace fd;

class TestContainerInstances : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ControlPlane> open()
    {
        auto cp = ControlPlane::open(m_dir->path(), m_clock);
        if (!cp)
            qFatal("open failed: %s", qPrintable(cp.error().message));
        return std::move(cp).value();
    }

    ops::InstanceRequest request(int count, const QString &type = QStringLiteral("t3.medium"))
    {
        ops::InstanceRequest r;
        r.cluster = QStringLiteral("default");
        r.engineId = QStringLiteral("sim");
        r.instanceType = type;
        r.count = count;
        return r;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<ManualClock> m_clock;

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_clock = std::make_shared<ManualClock>();
    }

    void defaultLayoutIsOneInstancePerZone()
    {
        auto cp = open();
        QVERIFY(cp->isPristine());
        QVERIFY(cp->engines().add(QStringLiteral("sim"), Engine::Kind::Simulated, {}));
        QVERIFY(cp->createDefaultLayout(QStringLiteral("sim")));
        QVERIFY(!cp->isPristine());
        const auto instances = cp->instances().list(QStringLiteral("default"));
        QCOMPARE(instances.size(), 3);
        QStringList zones, addresses;
        for (const ContainerInstance &ci : instances) {
            zones << ci.availabilityZone;
            addresses << ci.address;
            QCOMPARE(ci.registeredCpu, 2048);
            QCOMPARE(ci.registeredMemory, 4096);
            QCOMPARE(ci.remainingCpu(), 2048);
            QVERIFY(ci.agentConnected); // the simulated engine is always there
            QCOMPARE(ci.id.size(), 32);
            QVERIFY(QRegularExpression(QStringLiteral("^i-[0-9a-f]{17}$")).match(ci.ec2InstanceId).hasMatch());
        }
        QCOMPARE(zones, (QStringList{QStringLiteral("us-east-1a"), QStringLiteral("us-east-1b"),
                                     QStringLiteral("us-east-1c")}));
        QCOMPARE(addresses,
                 (QStringList{QStringLiteral("127.0.0.2"), QStringLiteral("127.0.0.3"), QStringLiteral("127.0.0.4")}));
        QCOMPARE(cp->clusters().find(QStringLiteral("default"))->registeredContainerInstancesCount, 3);

        const QMap<QString, QString> attributes = instances[1].attributes(QStringLiteral("us-east-1"));
        QCOMPARE(attributes.value(QStringLiteral("ecs.availability-zone")), QStringLiteral("us-east-1b"));
        QCOMPARE(attributes.value(QStringLiteral("ecs.instance-type")), QStringLiteral("t3.medium"));
        QCOMPARE(attributes.value(QStringLiteral("ecs.os-type")), QStringLiteral("linux"));
        QVERIFY(attributes.contains(QStringLiteral("ecs.ami-id")));
    }

    void addingOneAtATimeStillSpreadsAcrossZones()
    {
        auto cp = open();
        QVERIFY(cp->engines().add(QStringLiteral("sim"), Engine::Kind::Simulated, {}));
        QVERIFY(cp->createDefaultLayout(QStringLiteral("sim")));
        QStringList zones;
        for (int i = 0; i < 3; ++i)
            zones << cp->instances().registerNew(request(1))->first().availabilityZone;
        zones.sort();
        QCOMPARE(zones, (QStringList{QStringLiteral("us-east-1a"), QStringLiteral("us-east-1b"), QStringLiteral("us-east-1c")}));
        // An explicit zone is honoured.
        ops::InstanceRequest r = request(2);
        r.availabilityZones = {QStringLiteral("us-east-1b")};
        for (const ContainerInstance &ci : *cp->instances().registerNew(r))
            QCOMPARE(ci.availabilityZone, QStringLiteral("us-east-1b"));
    }

    void registrationIsValidated_data()
    {
        QTest::addColumn<QString>("cluster");
        QTest::addColumn<QString>("engine");
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("field");
        QTest::newRow("unknown cluster") << "nope"
                                         << "sim"
                                         << "t3.medium" << 1 << ""
                                         << "";
        QTest::newRow("unknown engine") << "default"
                                        << "nope"
                                        << "t3.medium" << 1 << ""
                                        << "engine";
        QTest::newRow("unknown type") << "default"
                                      << "sim"
                                      << "t9.huge" << 1 << ""
                                      << "instanceType";
        QTest::newRow("zero") << "default"
                              << "sim"
                              << "t3.medium" << 0 << ""
                              << "count";
        QTest::newRow("too many") << "default"
                                  << "sim"
                                  << "t3.medium" << 10001 << ""
                                  << "count";
        QTest::newRow("foreign zone") << "default"
                                      << "sim"
                                      << "t3.medium" << 1 << "eu-west-1a"
                                      << "availabilityZone";
    }

    void registrationIsValidated()
    {
        QFETCH(QString, cluster);
        QFETCH(QString, engine);
        QFETCH(QString, type);
        QFETCH(int, count);
        QFETCH(QString, zone);
        QFETCH(QString, field);
        auto cp = open();
        QVERIFY(cp->engines().add(QStringLiteral("sim"), Engine::Kind::Simulated, {}));
        QVERIFY(cp->clusters().create(QStringLiteral("default")));
        ops::InstanceRequest r = request(count, type);
        r.cluster = cluster;
        r.engineId = engine;
        if (!zone.isEmpty())
            r.availabilityZones = {zone};
        auto result = cp->instances().registerNew(r);
        QVERIFY(!result);
        QCOMPARE(result.error().field, field);
        if (field.isEmpty())
            QCOMPARE(result.error().code, QStringLiteral("ClusterNotFoundException"));
        QVERIFY(cp->instances().list().isEmpty()); // nothing half-registered
    }

    void statesAndDeregistration()
    {
        auto cp = open();
        QVERIFY(cp->engines().add(QStringLiteral("sim"), Engine::Kind::Simulated, {}));
        QVERIFY(cp->clusters().create(QStringLiteral("default")));
        auto registered = cp->instances().registerNew(request(2));
        QVERIFY(registered);
        const ContainerInstance first = registered->first();

        fd::test::ChangeSpy changed(*cp);
        auto draining =
            cp->instances().setState(QStringLiteral("default"), first.ec2InstanceId, InstanceStatus::Draining);
        QVERIFY(draining);
        QCOMPARE(toString(draining->status), QStringLiteral("DRAINING"));
        QCOMPARE(changed.count(state::kInstanceKind), 1);
        QCOMPARE(cp->instances().list(QStringLiteral("default"), InstanceStatus::Draining).size(), 1);
        QCOMPARE(cp->instances().list(QStringLiteral("default"), InstanceStatus::Active).size(), 1);
        // DRAINING instances still count as registered.
        QCOMPARE(cp->clusters().find(QStringLiteral("default"))->registeredContainerInstancesCount, 2);
        QVERIFY(!cp->instances().setState(QStringLiteral("default"), first.id, InstanceStatus::Inactive));
        QVERIFY(cp->instances().setState(QStringLiteral("default"), first.id, InstanceStatus::Active));

        // A cluster with instances cannot be deleted.
        auto refused = cp->clusters().remove(QStringLiteral("default"));
        QCOMPARE(refused.error().code, QStringLiteral("ClusterContainsContainerInstancesException"));

        const QString arn = QStringLiteral("arn:aws:ecs:us-east-1:000000000000:container-instance/default/") + first.id;
        auto gone = cp->instances().deregister(QStringLiteral("default"), arn, false);
        QVERIFY(gone);
        QCOMPARE(toString(gone->status), QStringLiteral("INACTIVE"));
        QVERIFY(!gone->agentConnected);
        QCOMPARE(cp->instances().list(QStringLiteral("default")).size(), 1);
        QCOMPARE(cp->clusters().find(QStringLiteral("default"))->registeredContainerInstancesCount, 1);
        QVERIFY(!cp->instances().deregister(QStringLiteral("default"), first.id, false)); // already gone
        QVERIFY(!cp->instances().find(QStringLiteral("other"), registered->last().id));       // wrong cluster

        QVERIFY(cp->instances().deregister(QStringLiteral("default"), registered->last().id, true));
        QVERIFY(cp->clusters().remove(QStringLiteral("default")));
    }

    void attributes_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("valid");
        QTest::newRow("name and value") << "stack"
                                        << "prod" << true;
        QTest::newRow("name only") << "gpu"
                                   << "" << true;
        QTest::newRow("all allowed characters") << "team/a_b-c.d"
                                                << "x" << true;
        QTest::newRow("128 characters") << QString(128, u'n') << QString(128, u'v') << true;
        QTest::newRow("129 characters") << QString(129, u'n') << "v" << false;
        QTest::newRow("bad character") << "has space"
                                       << "v" << false;
        QTest::newRow("leading whitespace in value") << "stack"
                                                     << " prod" << false;
        QTest::newRow("value too long") << "stack" << QString(129, u'v') << false;
        QTest::newRow("built-in") << "ecs.instance-type"
                                  << "m5.large" << false;
    }

    void attributes()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(bool, valid);
        auto cp = open();
        QVERIFY(cp->engines().add(QStringLiteral("sim"), Engine::Kind::Simulated, {}));
        QVERIFY(cp->clusters().create(QStringLiteral("default")));
        const ContainerInstance ci = cp->instances().registerNew(request(1))->first();
        auto put = cp->instances().putAttribute(QStringLiteral("default"), ci.id, name, value);
        QCOMPARE(bool(put), valid);
        if (!valid) {
            QCOMPARE(put.error().field, QStringLiteral("attributes"));
            return;
        }
        QCOMPARE(put->customAttributes.value(name, QStringLiteral("<absent>")), value);
        QVERIFY(cp->instances().deleteAttribute(QStringLiteral("default"), ci.id, name));
        QVERIFY(!cp->instances().find(QStringLiteral("default"), ci.id)->customAttributes.contains(name));
        QVERIFY(!cp->instances().deleteAttribute(QStringLiteral("default"), ci.id, QStringLiteral("ecs.os-type")));
    }

    void agentFollowsTheEngine()
    {
        auto cp = open();
        QVERIFY(cp->engines().add(QStringLiteral("local"), Engine::Kind::Docker, QStringLiteral("unix:///nowhere.sock")));
        QVERIFY(cp->clusters().create(QStringLiteral("default")));
        ops::InstanceRequest r = request(2);
        r.engineId = QStringLiteral("local");
        QVERIFY(cp->instances().registerNew(r));
        QVERIFY(!cp->instances().list().first().agentConnected); // not probed yet

        fd::test::ChangeSpy events(*cp);
        cp->engines().setConnection(QStringLiteral("local"), true, QStringLiteral("20.10.24"), {});
        QVERIFY(cp->instances().list().first().agentConnected);
        QCOMPARE(cp->instances().list().last().engineVersion, QStringLiteral("20.10.24"));
        QCOMPARE(events.events().size(), 1);
        cp->engines().setConnection(QStringLiteral("local"), true, QStringLiteral("20.10.24"), {});
        QCOMPARE(events.events().size(), 1); // no change, no event
        cp->engines().setConnection(QStringLiteral("local"), false, {}, QStringLiteral("connection refused"));
        QVERIFY(!cp->instances().list().first().agentConnected);
        QCOMPARE(events.events().size(), 2);
        const Event e = events.events().last();
        QCOMPARE(e.resource, QStringLiteral("local"));
        QVERIFY2(e.message.contains(QStringLiteral("unreachable (connection refused)")) &&
                     e.message.contains(QStringLiteral("2 container instance")),
                 qPrintable(e.message));
        QVERIFY(!cp->engines().find(QStringLiteral("local"))->connected);
        QCOMPARE(cp->engines().find(QStringLiteral("local"))->lastError, QStringLiteral("connection refused"));
    }

    void engineEndpointsAreValidated()
    {
        auto cp = open();
        QCOMPARE(cp->engines().add(QStringLiteral("bad"), Engine::Kind::Docker, QStringLiteral("http://x")).error().field,
                 QStringLiteral("endpoint"));
        QVERIFY(cp->engines().add(QStringLiteral("remote"), Engine::Kind::Docker, QStringLiteral("tcp://127.0.0.1:2375")));
        // Same again is fine; same name elsewhere is not.
        QVERIFY(cp->engines().add(QStringLiteral("remote"), Engine::Kind::Docker, QStringLiteral("tcp://127.0.0.1:2375")));
        QVERIFY(!cp->engines().add(QStringLiteral("remote"), Engine::Kind::Docker, QStringLiteral("tcp://127.0.0.1:2376")));
    }

    void persistsAcrossRestart()
    {
        QString id;
        {
            auto cp = open();
            QVERIFY(cp->engines().add(QStringLiteral("sim"), Engine::Kind::Simulated, {}));
            QVERIFY(cp->createDefaultLayout(QStringLiteral("sim")));
            id = cp->instances().list().at(1).id;
            QVERIFY(cp->instances().putAttribute(QStringLiteral("default"), id, QStringLiteral("stack"), QStringLiteral("prod")));
            QVERIFY(cp->instances().setState(QStringLiteral("default"), id, InstanceStatus::Draining));
            QVERIFY(
                cp->instances().deregister(QStringLiteral("default"), cp->instances().list().at(0).id, false));
        }
        auto cp = open();
        QVERIFY(!cp->isPristine());
        QCOMPARE(cp->engines().list().size(), 1);
        QCOMPARE(cp->instances().list(QStringLiteral("default")).size(), 2);
        const auto ci = cp->instances().find(QStringLiteral("default"), id);
        QVERIFY(ci);
        QCOMPARE(toString(ci->status), QStringLiteral("DRAINING"));
        QCOMPARE(ci->customAttributes.value(QStringLiteral("stack")), QStringLiteral("prod"));
        QCOMPARE(ci->address, QStringLiteral("127.0.0.3"));
        // New instances never reuse an address, even after a restart.
        QVERIFY(cp->instances().registerNew(request(1)));
        QCOMPARE(cp->instances().list().last().address, QStringLiteral("127.0.0.5"));
    }

    void tenThousandInstances()
    {
        auto cp = open();
        QVERIFY(cp->engines().add(QStringLiteral("sim"), Engine::Kind::Simulated, {}));
        QVERIFY(cp->clusters().create(QStringLiteral("default")));
        QElapsedTimer timer;
        timer.start();
        auto r = cp->instances().registerNew(request(10000, QStringLiteral("m5.large")));
        QVERIFY(r);
        qInfo("registered 10,000 instances in %lld ms", timer.elapsed());
        QCOMPARE(cp->instances().list(QStringLiteral("default")).size(), 10000);
        QSet<QString> addresses;
        for (const ContainerInstance &ci : *r)
            addresses.insert(ci.address);
        QCOMPARE(addresses.size(), 10000);
        QVERIFY(!addresses.contains(QStringLiteral("127.0.1.0")) && !addresses.contains(QStringLiteral("127.0.0.255")));
        QCOMPARE(cp->clusters().find(QStringLiteral("default"))->registeredContainerInstancesCount, 10000);
        // One summary event, not ten thousand.
        QCOMPARE(cp->events().last().message,
                 QStringLiteral("10000 container instances (m5.large) registered in cluster default on engine sim."));
        timer.restart();
        QVERIFY(cp->instances().find(QStringLiteral("default"), r->at(9876).id));
        QVERIFY(timer.elapsed() < 50);
    }
};

QTEST_GUILESS_MAIN(TestContainerInstances)
#include "TestContainerInstances.moc"
