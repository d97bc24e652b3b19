// FARGATE and awsvpc in the control plane: the pure parts (a strategy's split, subnet zones, the
// ENI address pool, launch checks, the planner's ENI steps) and end to end on the simulated runtime
// (a FARGATE task without a container instance on its own address, awsvpc on EC2, a restart that
// adopts instead of starting twice and never hands an address out twice, a FARGATE service split
// over FARGATE and FARGATE_SPOT, and a Spot interruption the service replaces). Time is a
// ManualClock driven from here.

#include "ControlPlane.h"
#include "DrivenSystem.h"
#include "System.h"
#include "controllers/ServiceController.h"
#include "controllers/TaskController.h"
#include "fargate/Launch.h"
#include "json/TaskDefinitionJson.h"
#include "model/Network.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "runtime/SimulatedRuntime.h"
#include "tasks/TaskPlanner.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <memory>

using namespace fd;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

// A FARGATE definition: awsvpc, 256 CPU / 512 MiB, port 8080 (hostPort = containerPort).
const char *kFargateWeb = R"({
  "family": "fgweb", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
  "cpu": "256", "memory": "512",
  "containerDefinitions": [{
    "name": "web", "image": "fleetdeck/demo-web:1", "essential": true, "stopTimeout": 10,
    "portMappings": [{"containerPort": 8080}]
  }]
})";

// awsvpc and a static port of 80: several of these fit on one instance (each on its own address).
const char *kAwsvpcEc2 = R"({
  "family": "vpcweb", "networkMode": "awsvpc",
  "containerDefinitions": [{
    "name": "web", "image": "fleetdeck/demo-web:1", "cpu": 128, "memory": 128,
    "portMappings": [{"containerPort": 80, "hostPort": 80}]
  }]
})";

const char *kBridge = R"({
  "family": "bridgeweb",
  "containerDefinitions": [{
    "name": "web", "image": "fleetdeck/demo-web:1", "cpu": 128, "memory": 128,
    "portMappings": [{"containerPort": 8080}]
  }]
})";

AwsVpcConfiguration vpc(QStringList subnets = {u"subnet-us-east-1a"_s, u"subnet-us-east-1b"_s})
{
    AwsVpcConfiguration c;
    c.subnets = std::move(subnets);
    c.securityGroups = {u"sg-0123456789abcdef0"_s};
    return c;
}

QHash<QString, int> countProviders(const QList<fargate::Launch> &launches)
{
    QHash<QString, int> out;
    for (const fargate::Launch &l : launches)
        out[l.capacityProvider] += 1;
    return out;
}

} // namespace

class TestFargate : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<runtime::SimulatedRuntime> m_rt;
    std::unique_ptr<System> m_system;
    ControlPlane *m_cp = nullptr;

    void startSystem()
    {
        m_system = test::startDrivenSystem(m_dir->path(), m_clock, [this](const Engine &) { return m_rt.get(); });
        m_cp = &m_system->controlPlane();
    }

    void stopSystem()
    {
        m_cp = nullptr;
        m_system.reset();
    }

    void registerDefinition(const char *json)
    {
        auto spec = json::parseTaskDefinition(QByteArray(json));
        if (!spec)
            qFatal("bad definition: %s", qPrintable(spec.error().message));
        if (auto td = m_cp->taskDefinitions().registerNew(spec.value()); !td)
            qFatal("register failed: %s", qPrintable(td.error().message));
    }

    void associateFargate()
    {
        ops::ClusterSpec spec;
        spec.capacityProviders = QStringList{u"FARGATE"_s, u"FARGATE_SPOT"_s};
        QVERIFY(m_cp->clusters().update(u"default"_s, spec));
    }

    bool runUntil(const std::function<bool()> &done, std::chrono::milliseconds limit = 60s)
    {
        for (qint64 t = 0; t <= limit.count(); t += 500) {
            for (int i = 0; i < 3; ++i) {
                m_rt->tick();
                QCoreApplication::processEvents();
                m_system->taskController().reconcileNow();
                QCoreApplication::processEvents();
                m_system->serviceController().reconcileNow();
                QCoreApplication::processEvents();
            }
            if (done())
                return true;
            m_clock->advance(500);
        }
        return done();
    }

    Task task(const QString &id) const { return m_cp->tasks().find({}, id).value(); }

    ops::RunTaskRequest fargateRun(int count = 1)
    {
        ops::RunTaskRequest r;
        r.cluster = u"default"_s;
        r.taskDefinition = u"fgweb"_s;
        r.count = count;
        r.launchType = u"FARGATE"_s;
        r.networkConfiguration = vpc();
        return r;
    }

    QList<Task> runOk(const ops::RunTaskRequest &r)
    {
        auto result = m_cp->tasks().run(r);
        if (!result)
            qFatal("runTask failed: %s", qPrintable(result.error().message));
        return result.value().tasks;
    }

    QString runError(const ops::RunTaskRequest &r)
    {
        auto result = m_cp->tasks().run(r);
        return result ? u"(no error)"_s : result.error().code + u": "_s + result.error().message;
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_clock = std::make_shared<ManualClock>();
        runtime::SimulationOptions options;
        options.tickInterval = 0ms;
        options.startJitter = 0ms;
        m_rt = std::make_unique<runtime::SimulatedRuntime>(*m_clock, options);
        startSystem();
        QVERIFY(m_cp->engines().add(u"sim"_s, Engine::Kind::Simulated, {}));
        QVERIFY(m_cp->createDefaultLayout(u"sim"_s));
    }

    void cleanup()
    {
        stopSystem();
        m_rt.reset();
    }

    // ---- pure --------------------------------------------------------------------------------

    void strategySplitsBaseFirstThenByWeight()
    {
        const QList<CapacityProviderStrategyItem> strategy{{u"FARGATE"_s, 1, 2}, {u"FARGATE_SPOT"_s, 3, 0}};
        const QList<fargate::Launch> launches = fargate::splitOverStrategy(strategy, 6);
        QCOMPARE(launches.size(), 6);
        // The base (2) first, on FARGATE.
        QCOMPARE(launches[0].capacityProvider, u"FARGATE"_s);
        QCOMPARE(launches[1].capacityProvider, u"FARGATE"_s);
        // The other 4 by weight 1:3.
        QCOMPARE(countProviders(launches.mid(2)).value(u"FARGATE_SPOT"_s), 3);
        QCOMPARE(countProviders(launches.mid(2)).value(u"FARGATE"_s), 1);
        // Both run as FARGATE, with the provider named.
        for (const fargate::Launch &l : launches)
            QCOMPARE(l.launchType, u"FARGATE"_s);

        // A service's split counts what it already runs: with 2 on FARGATE and none on Spot at
        // equal weights, the next 2 both go to Spot.
        const auto more = fargate::splitOverStrategy({{u"FARGATE"_s, 1, 0}, {u"FARGATE_SPOT"_s, 1, 0}}, 2,
                                                     {{u"FARGATE"_s, 2}});
        QCOMPARE(countProviders(more).value(u"FARGATE_SPOT"_s), 2);

        // Equal weights alternate, the first listed first.
        const auto even = fargate::splitOverStrategy({{u"FARGATE_SPOT"_s, 1, 0}, {u"FARGATE"_s, 1, 0}}, 4);
        QCOMPARE(even[0].capacityProvider, u"FARGATE_SPOT"_s);
        QCOMPARE(countProviders(even).value(u"FARGATE"_s), 2);

        // A weight of 0 takes only its base.
        const auto baseOnly = fargate::splitOverStrategy({{u"FARGATE"_s, 0, 1}, {u"FARGATE_SPOT"_s, 1, 0}}, 4);
        QCOMPARE(countProviders(baseOnly).value(u"FARGATE"_s), 1);
        QCOMPARE(countProviders(baseOnly).value(u"FARGATE_SPOT"_s), 3);
    }

    void strategyChecksNameTheProblem()
    {
        Cluster c;
        c.name = u"default"_s;
        c.capacityProviders = {u"FARGATE"_s};
        auto err = [&](const QString &launchType, const QList<CapacityProviderStrategyItem> &s) {
            auto r = fargate::resolveLaunch(launchType, s, c);
            return r ? QString() : r.error().message;
        };
        QVERIFY(err(u"FARGATE"_s, {{u"FARGATE"_s, 1, 0}}).contains(u"launchType and capacityProviderStrategy"));
        QVERIFY(err(u"FARGATE_SPOT"_s, {}).contains(u"launchType: must be EC2 or FARGATE"));
        QVERIFY(err({}, {{u"FARGATE_SPOT"_s, 1, 0}}).contains(u"FARGATE_SPOT is not associated with cluster default"));
        QVERIFY(err({}, {{u"FARGATE"_s, 1001, 0}}).contains(u"weight: must be between 0 and 1000"));
        QVERIFY(err({}, {{u"FARGATE"_s, 0, 1}}).contains(u"weight greater than 0"));
        c.capacityProviders.append(u"FARGATE_SPOT"_s);
        QVERIFY(err({}, {{u"FARGATE"_s, 1, 1}, {u"FARGATE_SPOT"_s, 1, 2}}).contains(u"only one capacity provider"));
        QVERIFY(err({}, {{u"FARGATE"_s, 1, 0}, {u"FARGATE"_s, 1, 0}}).contains(u"listed twice"));
        QVERIFY(err({}, {{u"FARGATE"_s, 1, 0}, {u"my-asg"_s, 1, 0}}).contains(u"cannot be mixed"));
        // Neither: EC2, or the cluster's default strategy.
        QCOMPARE(fargate::resolveLaunch({}, {}, c).value().launchType, u"EC2"_s);
        c.defaultCapacityProviderStrategy = {{u"FARGATE_SPOT"_s, 1, 0}};
        const fargate::LaunchSpec d = fargate::resolveLaunch({}, {}, c).value();
        QVERIFY(d.fromClusterDefault);
        QVERIFY(d.fargate());
        QCOMPARE(d.strategy, c.defaultCapacityProviderStrategy);
    }

    void subnetsMapToZones()
    {
        const QStringList zones{u"us-east-1a"_s, u"us-east-1b"_s, u"us-east-1c"_s};
        QCOMPARE(zoneOfSubnet(u"subnet-us-east-1b"_s, zones), u"us-east-1b"_s);
        QCOMPARE(zoneOfSubnet(u"subnet-private-us-east-1c-x"_s, zones), u"us-east-1c"_s);
        // Other ids: always the same zone for the same id, and the ids spread over the zones.
        QSet<QString> seen;
        for (int i = 0; i < 30; ++i) {
            const QString id = u"subnet-%1"_s.arg(i * 7919, 8, 16, QLatin1Char('0'));
            const QString z = zoneOfSubnet(id, zones);
            QVERIFY(zones.contains(z));
            QCOMPARE(zoneOfSubnet(id, zones), z);
            seen.insert(z);
        }
        QCOMPARE(seen.size(), 3);
        QCOMPARE(zoneOfSubnet(u"subnet-0abc"_s, {}), QString());

        // Tasks spread over the subnets' zones, the emptiest zone first.
        const QStringList two{u"subnet-us-east-1a"_s, u"subnet-us-east-1b"_s};
        QCOMPARE(fargate::spreadOverSubnets(two, zones, 4),
                 (QStringList{u"subnet-us-east-1a"_s, u"subnet-us-east-1b"_s, u"subnet-us-east-1a"_s,
                              u"subnet-us-east-1b"_s}));
        QCOMPARE(fargate::spreadOverSubnets(two, zones, 1, {{u"us-east-1a"_s, 2}}),
                 QStringList{u"subnet-us-east-1b"_s});
    }

    void eniIdsAndAddresses()
    {
        static const QRegularExpression eniRe(u"^eni-[0-9a-f]{17}$"_s);
        static const QRegularExpression macRe(u"^0a(:[0-9a-f]{2}){5}$"_s);
        const QString eni = newEniId();
        QVERIFY2(eniRe.match(eni).hasMatch(), qPrintable(eni));
        QVERIFY(newEniId() != eni);
        QVERIFY(macRe.match(macAddressOf(eni)).hasMatch());
        QCOMPARE(macAddressOf(eni), macAddressOf(eni)); // stable for the ENI
        QCOMPARE(privateDnsNameOf(u"127.1.0.5"_s), u"ip-127-1-0-5.ec2.internal"_s);

        // The pool: from 127.1.0.1 upward, skipping .0/.255 and what is held.
        EniAddressPool pool({u"127.1.0.2"_s});
        QCOMPARE(pool.take(), u"127.1.0.1"_s);
        QCOMPARE(pool.take(), u"127.1.0.3"_s);
        EniAddressPool wrap;
        QString last;
        for (int i = 0; i < 255; ++i)
            last = wrap.take();
        QCOMPARE(last, u"127.1.1.1"_s); // 254 in 127.1.0.x, then 127.1.0.255 and 127.1.1.0 skipped
    }

    void fargateSizes()
    {
        QVERIFY(fargate::isFargateSize(256, 512));
        QVERIFY(fargate::isFargateSize(256, 2048));
        QVERIFY(!fargate::isFargateSize(256, 4096));
        QVERIFY(fargate::isFargateSize(1024, 3072));
        QVERIFY(!fargate::isFargateSize(1024, 1024));
        QVERIFY(fargate::isFargateSize(8192, 20480));
        QVERIFY(!fargate::isFargateSize(8192, 18432)); // steps of 4096 there
        QVERIFY(fargate::isFargateSize(16384, 122880));
        QVERIFY(!fargate::isFargateSize(300, 512));
        QCOMPARE(fargate::resolvePlatformVersion({}).value(), u"1.4.0"_s);
        QCOMPARE(fargate::resolvePlatformVersion(u"LATEST"_s).value(), u"1.4.0"_s);
        QCOMPARE(fargate::resolvePlatformVersion(u"1.3.0"_s).value(), u"1.3.0"_s);
        QVERIFY(fargate::resolvePlatformVersion(u"1.2.0"_s).error().message.contains(u"1.2.0"));
    }

    void plannerAttachesAndDetachesTheEni()
    {
        Task t;
        t.id = u"t1"_s;
        t.family = u"fgweb"_s;
        t.revision = 1;
        t.launchType = u"FARGATE"_s;
        t.engineId = u"local"_s;
        t.eni = NetworkInterface{
            u"att"_s,       kEniPrecreated.toString(), u"eni-0123456789abcdef0"_s, u"subnet-us-east-1a"_s,
            u"127.1.0.1"_s, u"0a:00:00:00:00:01"_s};
        t.containers = {TaskContainer{}};
        t.containers[0].name = u"web"_s;
        TaskDefinition td;
        td.spec.family = u"fgweb"_s;
        td.revision = 1;
        ContainerDefinition web;
        web.name = u"web"_s;
        td.spec.containerDefinitions = {web};
        tasks::TaskPlanInput in;
        in.definition = &td;
        in.instanceKnown = false; // FARGATE: no container instance, and nothing fails for it
        in.now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
        in.task = t;
        // PROVISIONING: attach first.
        tasks::TaskStep s = tasks::planTaskStep(in);
        QCOMPARE(tasks::toString(s.kind), u"commit"_s);
        QCOMPARE(s.next.eni->status, u"ATTACHED"_s);
        QCOMPARE(toString(s.next.lastStatus), u"PROVISIONING"_s);
        QVERIFY(s.events.front().contains(u"attached network interface eni-0123456789abcdef0 (127.1.0.1)"));
        // Then PENDING (no task network for one container), then containers run.
        in.task = s.next;
        s = tasks::planTaskStep(in);
        QCOMPARE(toString(s.next.lastStatus), u"PENDING"_s);
        in.task = s.next;
        s = tasks::planTaskStep(in);
        QCOMPARE(tasks::toString(s.kind), u"run containers"_s);

        // DEPROVISIONING: detach (DELETED), then STOPPED.
        Task stopping = t;
        stopping.eni->status = kEniAttached.toString();
        stopping.desiredStatus = TaskStatus::Stopped;
        stopping.lastStatus = TaskStatus::Deprovisioning;
        stopping.containers[0].lastStatus = ContainerRunState::Stopped;
        in.task = stopping;
        s = tasks::planTaskStep(in);
        QCOMPARE(s.next.eni->status, u"DELETED"_s);
        QCOMPARE(toString(s.next.lastStatus), u"DEPROVISIONING"_s);
        in.task = s.next;
        s = tasks::planTaskStep(in);
        QCOMPARE(toString(s.next.lastStatus), u"STOPPED"_s);

        // A Spot interruption does not wait for its targets to drain, and its containers get at
        // most two minutes.
        Task spot = t;
        spot.eni->status = kEniAttached.toString();
        spot.desiredStatus = TaskStatus::Stopped;
        spot.stopCode = StopCode::SpotInterruption;
        spot.lastStatus = TaskStatus::Deactivating;
        in.task = spot;
        in.deactivationHold = u"draining 1 target"_s;
        s = tasks::planTaskStep(in);
        QCOMPARE(toString(s.next.lastStatus), u"STOPPING"_s);
        spot.lastStatus = TaskStatus::Stopping;
        spot.containers[0].runtimeId = u"c1"_s;
        spot.containers[0].lastStatus = ContainerRunState::Running;
        td.spec.containerDefinitions[0].stopTimeout = 300;
        in.task = spot;
        s = tasks::planTaskStep(in);
        QCOMPARE(tasks::toString(s.kind), u"stop containers"_s);
        QVERIFY(s.stops.front().grace == std::optional<std::chrono::seconds>(120s));
        // Any other stop waits for the drain.
        Task user = spot;
        user.stopCode = StopCode::UserInitiated;
        user.lastStatus = TaskStatus::Deactivating;
        in.task = user;
        s = tasks::planTaskStep(in);
        QCOMPARE(tasks::toString(s.kind), u"none"_s);
    }

    // ---- on the simulated runtime -------------------------------------------------------------

    void fargateTaskRunsOnItsOwnAddress()
    {
        registerDefinition(kFargateWeb);
        const ContainerInstance before = m_cp->instances().list().front();
        const QList<Task> tasks = runOk(fargateRun(2));
        QCOMPARE(tasks.size(), 2);
        for (const Task &t : tasks) {
            QVERIFY(t.isFargate());
            QVERIFY(t.containerInstanceId.isEmpty());
            QCOMPARE(t.engineId, u"sim"_s); // the engine of the cluster's instances
            QCOMPARE(t.platformVersion, u"1.4.0"_s);
            QVERIFY(t.eni);
            QCOMPARE(t.eni->status, u"PRECREATED"_s);
            QVERIFY(t.eni->privateIPv4Address.startsWith(u"127.1."));
            QCOMPARE(zoneOfSubnet(t.eni->subnetId, m_cp->instances().availabilityZones()), t.availabilityZone);
            QVERIFY(t.networkConfiguration == std::optional<AwsVpcConfiguration>(vpc()));
        }
        // Spread over the two subnets' zones, each with an address of its own.
        QVERIFY(tasks[0].availabilityZone != tasks[1].availabilityZone);
        QVERIFY(tasks[0].eni->privateIPv4Address != tasks[1].eni->privateIPv4Address);
        // No instance's resources are taken.
        QCOMPARE(m_cp->instances().find({}, before.id)->remainingCpu(), before.remainingCpu());

        QVERIFY(runUntil([&] { return task(tasks[0].id).lastStatus == TaskStatus::Running; }));
        const Task running = task(tasks[0].id);
        QCOMPARE(running.eni->status, u"ATTACHED"_s);
        const NetworkBinding b = running.containers.front().networkBindings.front();
        QCOMPARE(b.bindIP, running.eni->privateIPv4Address);
        QCOMPARE(b.containerPort, 8080);
        QCOMPARE(b.hostPort, 8080);

        // Stopping detaches the ENI; the address goes back to the pool once STOPPED.
        QVERIFY(m_cp->tasks().stop({}, running.id));
        QVERIFY(runUntil([&] { return task(running.id).isStopped(); }));
        QCOMPARE(task(running.id).eni->status, u"DELETED"_s);
        const QList<Task> again = runOk(fargateRun(1));
        QCOMPARE(again.front().eni->privateIPv4Address, running.eni->privateIPv4Address);
    }

    void runTaskRefusesWhatFargateCannotDo()
    {
        registerDefinition(kFargateWeb);
        registerDefinition(kBridge);
        ops::RunTaskRequest r = fargateRun();
        r.networkConfiguration.reset();
        QCOMPARE(runError(r), u"InvalidParameterException: Network Configuration must be provided when networkMode "
                              "'awsvpc' is specified."_s);
        r = fargateRun();
        r.taskDefinition = u"bridgeweb"_s;
        r.networkConfiguration.reset();
        QCOMPARE(runError(r), u"InvalidParameterException: Task definition does not support launch_type FARGATE."_s);
        r = fargateRun();
        r.placementStrategy = {scheduler::makeStrategy(u"spread"_s, u"attribute:ecs.availability-zone"_s).value()};
        QCOMPARE(runError(r),
                 u"InvalidParameterException: Placement strategies are not supported with FARGATE launch type."_s);
        r = fargateRun();
        r.placementConstraints = {scheduler::Constraint{}};
        QCOMPARE(runError(r),
                 u"InvalidParameterException: Placement constraints are not supported with FARGATE launch type."_s);
        r = fargateRun();
        r.platformVersion = u"1.1.0"_s;
        QVERIFY(runError(r).contains(u"platformVersion: 1.1.0"));
        r = fargateRun();
        r.networkConfiguration->subnets = {u"net-1"_s};
        QVERIFY(runError(r).contains(u"subnets[0]: \"net-1\" is not a subnet id"));
        r = fargateRun();
        r.networkConfiguration->securityGroups = {u"sg-1"_s, u"sg-2"_s, u"sg-3"_s, u"sg-4"_s, u"sg-5"_s, u"sg-6"_s};
        QVERIFY(runError(r).contains(u"securityGroups: at most 5"));
        r = fargateRun();
        r.capacityProviderStrategy = {{u"FARGATE"_s, 1, 0}};
        QVERIFY(runError(r).contains(u"launchType and capacityProviderStrategy"));
        // A strategy naming FARGATE needs it associated; plain launchType FARGATE does not.
        r = fargateRun();
        r.launchType.clear();
        r.capacityProviderStrategy = {{u"FARGATE"_s, 1, 0}};
        QVERIFY(runError(r).contains(u"FARGATE is not associated with cluster default"));
        // A network configuration for a bridge definition would be ignored: refused.
        r = fargateRun();
        r.launchType.clear();
        r.taskDefinition = u"bridgeweb"_s;
        QCOMPARE(runError(r), u"InvalidParameterException: Network Configuration is not valid for the given "
                              "networkMode of this task definition."_s);
        r.networkConfiguration.reset();
        r.platformVersion = u"LATEST"_s;
        QVERIFY(runError(r).contains(u"platformVersion: applies to tasks on FARGATE only"));
        QVERIFY(m_cp->tasks().list().isEmpty());
    }

    void awsvpcOnEc2GetsItsOwnAddress()
    {
        registerDefinition(kAwsvpcEc2);
        // One instance: three tasks with hostPort 80 fit, each on its own address (no RESOURCE:PORTS).
        const QList<ContainerInstance> instances = m_cp->instances().list();
        ops::RunTaskRequest r;
        r.cluster = u"default"_s;
        r.taskDefinition = u"vpcweb"_s;
        r.count = 3;
        r.containerInstances = {instances.front().id};
        r.networkConfiguration = vpc({u"subnet-us-east-1a"_s, u"subnet-us-east-1b"_s, u"subnet-us-east-1c"_s});
        r.containerInstances = {instances.front().id, instances.front().id, instances.front().id};
        const auto result = m_cp->tasks().run(r);
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));
        QCOMPARE(result.value().tasks.size(), 3);
        QVERIFY(result.value().failures.isEmpty());
        QSet<QString> addresses;
        for (const Task &t : result.value().tasks) {
            QCOMPARE(t.launchType, u"EC2"_s);
            QCOMPARE(t.containerInstanceId, instances.front().id);
            QVERIFY(t.staticTcpPorts.isEmpty());
            // In the instance's zone.
            QCOMPARE(zoneOfSubnet(t.eni->subnetId, m_cp->instances().availabilityZones()),
                     instances.front().availabilityZone);
            addresses.insert(t.eni->privateIPv4Address);
        }
        QCOMPARE(addresses.size(), 3);
        QVERIFY(runUntil([&] {
            const auto ts = m_cp->tasks().list();
            return std::all_of(ts.begin(), ts.end(), [](const Task &t) { return t.lastStatus == TaskStatus::Running; });
        }));
        for (const Task &t : m_cp->tasks().list()) {
            const NetworkBinding b = t.containers.front().networkBindings.front();
            QCOMPARE(b.bindIP, t.eni->privateIPv4Address);
            QCOMPARE(b.hostPort, 80);
        }
    }

    void restartAdoptsFargateTasksAndKeepsTheirAddresses()
    {
        registerDefinition(kFargateWeb);
        const QList<Task> tasks = runOk(fargateRun(3));
        // Let the containers be created, then "crash" before every answer was seen.
        for (int i = 0; i < 6; ++i) {
            m_system->taskController().reconcileNow();
            QCoreApplication::processEvents();
            m_rt->tick();
            QCoreApplication::processEvents();
        }
        stopSystem();
        startSystem();
        QCOMPARE(m_cp->tasks().list().size(), 3);
        for (const Task &t : m_cp->tasks().list()) {
            QVERIFY(t.isFargate());
            QCOMPARE(t.engineId, u"sim"_s);
            QVERIFY(t.eni);
        }
        QVERIFY(runUntil([&] {
            const auto ts = m_cp->tasks().list();
            return std::all_of(ts.begin(), ts.end(), [](const Task &t) { return t.lastStatus == TaskStatus::Running; });
        }));
        QCOMPARE(m_rt->containerCount(), 3); // none started twice
        QCOMPARE(m_rt->runningCount(), 3);
        // The restarted control plane never hands out an address a live task holds.
        QSet<QString> held;
        for (const Task &t : m_cp->tasks().list())
            held.insert(t.eni->privateIPv4Address);
        QCOMPARE(held.size(), 3);
        const Task fourth = runOk(fargateRun(1)).front();
        QVERIFY(!held.contains(fourth.eni->privateIPv4Address));
    }

    void fargateServiceSplitsAndReplacesAnInterruptedSpotTask()
    {
        registerDefinition(kFargateWeb);
        associateFargate();
        ops::ServiceRequest r;
        r.cluster = u"default"_s;
        r.serviceName = u"web"_s;
        r.taskDefinition = u"fgweb"_s;
        r.desiredCount = 4;
        r.capacityProviderStrategy =
            QList<CapacityProviderStrategyItem>{{u"FARGATE"_s, 1, 1}, {u"FARGATE_SPOT"_s, 1, 0}};
        r.networkConfiguration = vpc();
        // Placement strategies do not apply to FARGATE.
        ops::ServiceRequest bad = r;
        bad.placementStrategy = QList<scheduler::Strategy>{scheduler::makeStrategy(u"binpack"_s, u"memory"_s).value()};
        QCOMPARE(m_cp->services().create(bad).error().message,
                 u"Placement strategies are not supported with FARGATE launch type."_s);
        const auto created = m_cp->services().create(r);
        QVERIFY2(created, created ? "" : qPrintable(created.error().message));
        QCOMPARE(created.value().launchType, QString());
        QCOMPARE(created.value().platformVersion, u"LATEST"_s);

        auto live = [&] {
            QList<Task> out;
            for (const Task &t : m_cp->tasks().list()) {
                if (!t.isStopped() && t.desiredStatus == TaskStatus::Running)
                    out.append(t);
            }
            return out;
        };
        QVERIFY(runUntil([&] {
            const auto ts = live();
            return ts.size() == 4 &&
                   std::all_of(ts.begin(), ts.end(), [](const Task &t) { return t.lastStatus == TaskStatus::Running; });
        }));
        QHash<QString, int> providers;
        for (const Task &t : live()) {
            QVERIFY(t.isFargate());
            providers[t.capacityProviderName] += 1;
        }
        // Base 1 on FARGATE, the other 3 split 1:1 (the tie to the provider listed first): FARGATE
        // 1 + 2, FARGATE_SPOT 1.
        QCOMPARE(providers.value(u"FARGATE"_s), 3);
        QCOMPARE(providers.value(u"FARGATE_SPOT"_s), 1);

        // Interrupting a FARGATE (not Spot) task is refused; a Spot one stops with its code.
        Task onDemand;
        Task spot;
        for (const Task &t : live()) {
            if (t.capacityProviderName == u"FARGATE")
                onDemand = t;
            else
                spot = t;
        }
        const auto refused = m_cp->tasks().interruptSpot(u"default"_s, onDemand.id);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(u"is not a FARGATE_SPOT task"));
        QVERIFY(m_cp->tasks().interruptSpot(u"default"_s, spot.id));
        QVERIFY(m_cp->tasks().interruptSpot(u"default"_s, spot.id).error().message.contains(u"already"));
        QVERIFY(runUntil([&] { return task(spot.id).isStopped(); }));
        const Task stopped = task(spot.id);
        QCOMPARE(toString(stopped.stopCode), u"SpotInterruption"_s);
        QCOMPARE(stopped.stoppedReason, u"Your Spot Task was interrupted."_s);
        QCOMPARE(stopped.eni->status, u"DELETED"_s);
        // The service is back at its count.
        QVERIFY(runUntil([&] {
            const auto ts = live();
            return ts.size() == 4 &&
                   std::all_of(ts.begin(), ts.end(), [](const Task &t) { return t.lastStatus == TaskStatus::Running; });
        }));
    }
};

QTEST_GUILESS_MAIN(TestFargate)
#include "TestFargate.moc"
