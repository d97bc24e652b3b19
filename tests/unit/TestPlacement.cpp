// The placement pipeline: why an instance is rejected, how strategies rank, what a failure
// reports, the explanations, scale-in choices and the console templates. A property test checks
// hard constraints and spread balance on random clusters, and that the indexed path chooses
// exactly what the plain scan chooses.

#include "scheduler/Placement.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QtTest>

#include <map>

using namespace fd;
using namespace fd::scheduler;

namespace {

const QString kZone = QStringLiteral("ecs.availability-zone");

InstanceSnapshot instance(int n, const QString &zone = QStringLiteral("us-east-1a"), int cpu = 4096, int memory = 16384,
                          const QString &type = QStringLiteral("t3.xlarge"))
{
    InstanceSnapshot s;
    s.id = QStringLiteral("%1").arg(n, 32, 16, QLatin1Char('0'));
    s.ec2InstanceId = QStringLiteral("i-%1").arg(n, 17, 16, QLatin1Char('0'));
    s.agentVersion = QStringLiteral("1.90.0");
    s.registeredAt = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    s.attributes.insert(kZone, zone);
    s.attributes.insert(QStringLiteral("ecs.instance-type"), type);
    s.remainingCpu = cpu;
    s.remainingMemory = memory;
    return s;
}

Strategy strategy(const char *type, const char *field = "")
{
    auto s = makeStrategy(QLatin1String(type), QLatin1String(field));
    if (!s)
        qFatal("%s", qPrintable(s.error().message));
    return s.value();
}

Constraint constraint(const char *type, const char *expression = "")
{
    auto c = makeConstraint(QLatin1String(type), QLatin1String(expression));
    if (!c)
        qFatal("%s", qPrintable(c.error().message));
    return c.value();
}

TaskRequest task(int cpu = 512, int memory = 2048, int count = 1, const QString &group = QStringLiteral("service:web"))
{
    TaskRequest r;
    r.cpu = cpu;
    r.memory = memory;
    r.count = count;
    r.group = group;
    return r;
}

QList<InstanceSnapshot> threeZones(int perZone)
{
    QList<InstanceSnapshot> c;
    const QStringList zones = {QStringLiteral("us-east-1a"), QStringLiteral("us-east-1b"),
                               QStringLiteral("us-east-1c")};
    for (int i = 0; i < perZone * 3; ++i)
        c << instance(i, zones.at(i % 3));
    return c;
}

QMap<QString, int> perZone(const QList<InstanceSnapshot> &c, const PlacementPlan &p)
{
    QMap<QString, int> m;
    for (int i : p.chosenInstances())
        if (i >= 0)
            ++m[c.at(i).attributes.value(kZone)];
    return m;
}

} // namespace

Q_DECLARE_METATYPE(fd::scheduler::InstanceSnapshot)
Q_DECLARE_METATYPE(fd::scheduler::TaskRequest)
Q_DECLARE_METATYPE(fd::scheduler::RejectReason)

class TestPlacement final : public QObject
{
    Q_OBJECT

private slots:
    void rejection_data()
    {
        QTest::addColumn<InstanceSnapshot>("inst");
        QTest::addColumn<TaskRequest>("request");
        QTest::addColumn<RejectReason>("reason");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("detail");

        const QString id = instance(7).id;
        const QString closest = QStringLiteral("The closest matching (container-instance %1) ").arg(id);
        {
            InstanceSnapshot s = instance(7, QStringLiteral("us-east-1a"), 256);
            QTest::newRow("cpu") << s << task() << RejectReason::InsufficientCpu << "RESOURCE:CPU"
                                 << closest + "has insufficient CPU units available.";
        }
        {
            InstanceSnapshot s = instance(7, QStringLiteral("us-east-1a"), 4096, 1024);
            QTest::newRow("memory") << s << task() << RejectReason::InsufficientMemory << "RESOURCE:MEMORY"
                                    << closest + "has insufficient memory available.";
        }
        {
            InstanceSnapshot s = instance(7);
            s.usedTcpPorts = {80};
            TaskRequest r = task();
            r.tcpPorts = {80};
            QTest::newRow("tcp port") << s << r << RejectReason::TcpPortInUse << "RESOURCE:PORTS"
                                      << closest + "is already using a port required by your task.";
        }
        {
            InstanceSnapshot s = instance(7);
            s.usedUdpPorts = {53};
            TaskRequest r = task();
            r.udpPorts = {53};
            QTest::newRow("udp port") << s << r << RejectReason::UdpPortInUse << "RESOURCE:PORTS_UDP"
                                      << closest + "is already using a port required by your task.";
        }
        {
            InstanceSnapshot s = instance(7);
            s.usedTcpPorts = {53};
            TaskRequest r = task();
            r.udpPorts = {53}; // the same number on the other protocol is free
            QTest::newRow("udp free when tcp used") << s << r << RejectReason::None << ""
                                                    << "";
        }
        {
            InstanceSnapshot s = instance(7);
            s.agentConnected = false;
            QTest::newRow("agent") << s << task() << RejectReason::AgentDisconnected << "AGENT"
                                   << closest + "encountered error \"AGENT\".";
        }
        {
            InstanceSnapshot s = instance(7);
            s.active = false;
            QTest::newRow("draining") << s << task() << RejectReason::NotActive << "" << closest + "is not ACTIVE.";
        }
        {
            TaskRequest r = task();
            r.constraints << constraint("memberOf", "attribute:gpu exists");
            QTest::newRow("missing attribute") << instance(7) << r << RejectReason::MemberOf << "ATTRIBUTE"
                                               << closest + "is missing an attribute required by your task.";
        }
        {
            TaskRequest r = task();
            r.constraints << constraint("memberOf", "attribute:ecs.instance-type =~ g2.*");
            QTest::newRow("memberOf") << instance(7) << r << RejectReason::MemberOf << "ATTRIBUTE"
                                      << closest + "does not satisfy constraint memberOf(attribute:ecs.instance-type "
                                                   "=~ g2.*).";
        }
        {
            InstanceSnapshot s = instance(7);
            s.groupTaskCounts.insert(QStringLiteral("service:web"), 1);
            TaskRequest r = task();
            r.constraints << constraint("distinctInstance");
            QTest::newRow("distinctInstance")
                << s << r << RejectReason::DistinctInstance << "ATTRIBUTE"
                << closest +
                       "does not satisfy constraint distinctInstance (it already runs a task of group service:web).";
        }
        {
            InstanceSnapshot s = instance(7);
            s.groupTaskCounts.insert(QStringLiteral("service:api"), 1);
            TaskRequest r = task();
            r.constraints << constraint("distinctInstance");
            QTest::newRow("distinctInstance other group") << s << r << RejectReason::None << ""
                                                          << "";
        }
    }

    void rejection()
    {
        QFETCH(InstanceSnapshot, inst);
        QFETCH(TaskRequest, request);
        QFETCH(RejectReason, reason);
        QFETCH(QString, code);
        QFETCH(QString, detail);

        for (bool explain : {false, true}) {
            request.explain = explain;
            const PlacementPlan plan = planPlacement({inst}, request);
            QCOMPARE(plan.tasks.size(), 1);
            const TaskPlacement &t = plan.tasks.first();
            if (reason == RejectReason::None) {
                QCOMPARE(t.instance, 0);
                QCOMPARE(t.instanceId, inst.id);
                continue;
            }
            QVERIFY(!t.placed());
            QCOMPARE(t.failure.reason, reason);
            QCOMPARE(t.failure.code, code);
            QCOMPARE(t.failure.closestInstanceId, inst.id);
            QCOMPARE(t.failure.detail, detail);
            if (explain) {
                QCOMPARE(t.explanation.instances.size(), 1);
                QCOMPARE(t.explanation.instances.first().reason, reason);
                QVERIFY(!t.explanation.instances.first().sentence.isEmpty());
                QVERIFY2(t.explanation.summary.startsWith(QStringLiteral("not placed")),
                         qPrintable(t.explanation.summary));
            }
        }
    }

    void emptyCluster()
    {
        const PlacementPlan plan = planPlacement({}, task());
        QCOMPARE(plan.tasks.size(), 1);
        QCOMPARE(plan.tasks.first().failure.reason, RejectReason::NoInstances);
        QVERIFY(plan.tasks.first().failure.code.isEmpty());
    }

    // The reported reason is the stage that eliminated the last candidates; the closest instance
    // is the one that went furthest.
    void failureReasonPrecedence()
    {
        InstanceSnapshot noCpu = instance(1, QStringLiteral("us-east-1a"), 100);
        InstanceSnapshot noMem = instance(2, QStringLiteral("us-east-1a"), 4096, 100);
        InstanceSnapshot noAgent = instance(3);
        noAgent.agentConnected = false;
        PlacementPlan plan = planPlacement({noCpu, noAgent, noMem}, task());
        QCOMPARE(plan.tasks.first().failure.code, QStringLiteral("RESOURCE:MEMORY"));
        QCOMPARE(plan.tasks.first().failure.closestInstanceId, noMem.id);

        TaskRequest r = task();
        r.constraints << constraint("memberOf", "attribute:ecs.instance-type == m5.large");
        plan = planPlacement({noCpu, instance(4), noAgent}, r);
        QCOMPARE(plan.tasks.first().failure.code, QStringLiteral("ATTRIBUTE"));
        QCOMPARE(plan.tasks.first().failure.closestInstanceId, instance(4).id);
    }

    void distinctInstanceAcrossOneCall()
    {
        TaskRequest r = task(512, 2048, 5);
        r.constraints << constraint("distinctInstance");
        const QList<InstanceSnapshot> c = {instance(0), instance(1), instance(2)};
        const PlacementPlan plan = planPlacement(c, r);
        QCOMPARE(plan.placedCount(), 3);
        QList<int> chosen = plan.chosenInstances().mid(0, 3);
        std::sort(chosen.begin(), chosen.end());
        QCOMPARE(chosen, (QList<int>{0, 1, 2}));
        QCOMPARE(plan.tasks.at(3).failure.code, QStringLiteral("ATTRIBUTE"));
        QCOMPARE(plan.tasks.at(4).failure.reason, RejectReason::DistinctInstance);
    }

    void staticPortsWithinOneCall()
    {
        TaskRequest r = task(512, 2048, 2);
        r.tcpPorts = {8080};
        PlacementPlan plan = planPlacement({instance(0)}, r);
        QCOMPARE(plan.placedCount(), 1);
        QCOMPARE(plan.tasks.at(1).failure.code, QStringLiteral("RESOURCE:PORTS"));

        // The engine keeps state across calls: the UDP port of the same number is still free.
        PlacementEngine engine({instance(0)});
        QCOMPARE(engine.place(r).placedCount(), 1);
        TaskRequest udp = task();
        udp.udpPorts = {8080};
        QCOMPARE(engine.place(udp).placedCount(), 1);
        QCOMPARE(engine.place(udp).tasks.first().failure.code, QStringLiteral("RESOURCE:PORTS_UDP"));
        QCOMPARE(engine.runningTasksCount(0), 2);
    }

    void spreadByZoneStaysBalanced_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("existingInA"); // tasks of the group already in us-east-1a
        QTest::newRow("7 fresh") << 7 << 0;
        QTest::newRow("10 fresh") << 10 << 0;
        QTest::newRow("catch up") << 8 << 3;
    }

    void spreadByZoneStaysBalanced()
    {
        QFETCH(int, count);
        QFETCH(int, existingInA);
        QList<InstanceSnapshot> c = threeZones(3);
        if (existingInA)
            c[0].groupTaskCounts.insert(QStringLiteral("service:web"), existingInA);
        TaskRequest r = task(512, 2048, count);
        r.strategies << strategy("spread", "attribute:ecs.availability-zone");
        const PlacementPlan plan = planPlacement(c, r);
        QCOMPARE(plan.placedCount(), count);
        QMap<QString, int> zones = perZone(c, plan);
        zones[QStringLiteral("us-east-1a")] += existingInA;
        const auto [lo, hi] = std::minmax_element(zones.cbegin(), zones.cend());
        QVERIFY2(*hi - *lo <= 1, qPrintable(QStringLiteral("%1 vs %2").arg(*hi).arg(*lo)));
    }

    void noStrategyMeansFewestInZone()
    {
        const QList<InstanceSnapshot> c = threeZones(2);
        const PlacementPlan plan = planPlacement(c, task(512, 2048, 3));
        // Fewest tasks of the group in the zone, then instance order: 0 (a), 1 (b), 2 (c).
        QCOMPARE(plan.chosenInstances(), (QList<int>{0, 1, 2}));
    }

    void binpackFillsTheFullestFirst()
    {
        const QList<InstanceSnapshot> c = {instance(0, kZone, 4096, 4096), instance(1, kZone, 4096, 2048),
                                           instance(2, kZone, 4096, 8192)};
        TaskRequest r = task(256, 1024, 4);
        r.strategies << strategy("binpack", "memory");
        QCOMPARE(planPlacement(c, r).chosenInstances(), (QList<int>{1, 1, 0, 0}));

        const QList<InstanceSnapshot> byCpu = {instance(0, kZone, 2048), instance(1, kZone, 1024),
                                               instance(2, kZone, 512)};
        TaskRequest rc = task(768, 128, 2);
        rc.strategies << strategy("binpack", "cpu");
        QCOMPARE(planPlacement(byCpu, rc).chosenInstances(), (QList<int>{1, 0}));
    }

    void chainedStrategies()
    {
        // spread by zone first, then binpack memory inside the chosen zone.
        QList<InstanceSnapshot> c = {
            instance(0, QStringLiteral("a"), 4096, 8192), instance(1, QStringLiteral("a"), 4096, 4096),
            instance(2, QStringLiteral("b"), 4096, 16384), instance(3, QStringLiteral("b"), 4096, 6144)};
        c[0].groupTaskCounts.insert(QStringLiteral("service:web"), 1);
        TaskRequest r = task(256, 2048, 3);
        r.strategies << strategy("spread", "attribute:ecs.availability-zone") << strategy("binpack", "memory");
        // b has fewer tasks: its fullest fitting instance is 3; then a and b tie at 1: least memory
        // left across both is instance 1 (4096 - 2048 = 2048) vs 3 (4096 - 2048 = 2048): instance order.
        QCOMPARE(planPlacement(c, r).chosenInstances(), (QList<int>{3, 1, 3}));

        // AZ Balanced Spread: zone, then instance.
        TaskRequest s = task(256, 512, 4);
        s.strategies << strategy("spread", "attribute:ecs.availability-zone") << strategy("spread", "host");
        const QList<InstanceSnapshot> plain = {instance(0, QStringLiteral("a")), instance(1, QStringLiteral("a")),
                                               instance(2, QStringLiteral("b")), instance(3, QStringLiteral("b"))};
        QCOMPARE(planPlacement(plain, s).chosenInstances(), (QList<int>{0, 2, 1, 3}));
    }

    void randomIsDeterministicPerSeed()
    {
        const QList<InstanceSnapshot> c = threeZones(10);
        TaskRequest r = task(64, 64, 10);
        r.strategies << strategy("random");
        QSet<QList<int>> seen;
        for (quint64 seed = 1; seed <= 5; ++seed) {
            r.seed = seed;
            const QList<int> a = planPlacement(c, r).chosenInstances();
            QCOMPARE(planPlacement(c, r).chosenInstances(), a);
            QCOMPARE(a.size(), 10);
            QVERIFY(!a.contains(-1));
            seen.insert(a);
        }
        QVERIFY(seen.size() >= 4); // different seeds, different choices
    }

    void dynamicQuerySeesEarlierPlacements()
    {
        TaskRequest r = task(64, 64, 3);
        r.constraints << constraint("memberOf", "runningTasksCount == 0");
        const PlacementPlan plan = planPlacement({instance(0), instance(1)}, r);
        QCOMPARE(plan.chosenInstances(), (QList<int>{0, 1, -1}));
        QCOMPARE(plan.tasks.at(2).failure.code, QStringLiteral("ATTRIBUTE"));

        TaskRequest apart = task(64, 64, 2, QStringLiteral("family:web"));
        apart.constraints << constraint("memberOf", "not(task:group == database)");
        InstanceSnapshot db = instance(0);
        db.groupTaskCounts.insert(QStringLiteral("database"), 1);
        QCOMPARE(planPlacement({db, instance(1)}, apart).chosenInstances(), (QList<int>{1, 1}));
    }

    void explanationNamesTheRank()
    {
        QList<InstanceSnapshot> c = threeZones(2);
        c[1].remainingMemory = 1024;                                   // b: too little memory
        c[4].remainingMemory = 4096;                                   // b: fullest that fits
        c[0].groupTaskCounts.insert(QStringLiteral("service:web"), 2); // a: busy
        TaskRequest r = task(512, 2048, 1);
        r.explain = true;
        r.strategies << strategy("spread", "attribute:ecs.availability-zone") << strategy("binpack", "memory");
        const PlacementPlan plan = planPlacement(c, r);
        const TaskPlacement &t = plan.tasks.first();
        QCOMPARE(t.instance, 4);
        QCOMPARE(t.explanation.candidateCount, 5);
        QCOMPARE(
            t.explanation.summary,
            QStringLiteral("ranked 1 of 5: spread attribute:ecs.availability-zone → us-east-1b had 0 tasks of group "
                           "service:web (fewest); binpack memory → 2048 MiB left (least)"));
        QCOMPARE(t.explanation.instances.size(), 6);
        const InstanceVerdict &rejected = t.explanation.instances.at(1);
        QCOMPARE(rejected.reason, RejectReason::InsufficientMemory);
        QCOMPARE(rejected.sentence,
                 QStringLiteral("has insufficient memory available (the task needs 2048 MiB, 1024 MiB left)"));
        QCOMPARE(t.explanation.instances.at(4).rank, 1);
        QCOMPARE(t.explanation.instances.at(4).keys.size(), 2);
        QCOMPARE(t.explanation.instances.at(3).rank, 5); // zone a has 2 tasks already; 0 wins the tie with 3
        QCOMPARE(t.explanation.instances.at(0).rank, 4);
        QVERIFY(t.explanation.instances.at(3).sentence.startsWith(QStringLiteral("ranked 5 of 5: ")));

        // Ties broken by instance order say so.
        TaskRequest tie = task(512, 2048, 1);
        tie.explain = true;
        tie.strategies << strategy("binpack", "memory");
        QVERIFY(
            planPlacement(threeZones(1), tie)
                .tasks.first()
                .explanation.summary.endsWith(QStringLiteral("then first in instance order among 3 equal candidates")));
    }

    // Property: on random clusters, no hard constraint is ever violated, spread keeps zones within
    // one task of each other while every zone can take more, and the indexed path chooses exactly
    // what the full scan chooses.
    void propertyRandomClusters()
    {
        QRandomGenerator rng(20261125);
        const QStringList zones = {QStringLiteral("z1"), QStringLiteral("z2"), QStringLiteral("z3")};
        const QStringList types = {QStringLiteral("t3.large"), QStringLiteral("t3.xlarge"), QStringLiteral("m5.large")};
        for (int round = 0; round < 60; ++round) {
            QList<InstanceSnapshot> c;
            const int n = 3 + int(rng.bounded(40));
            for (int i = 0; i < n; ++i) {
                InstanceSnapshot s = instance(i, zones.at(int(rng.bounded(3))), 256 * int(rng.bounded(1, 17)),
                                              512 * int(rng.bounded(1, 33)), types.at(int(rng.bounded(3))));
                s.agentConnected = rng.bounded(10) != 0;
                s.active = rng.bounded(15) != 0;
                if (rng.bounded(4) == 0)
                    s.usedTcpPorts << 80;
                if (rng.bounded(3) == 0)
                    s.groupTaskCounts.insert(QStringLiteral("service:s0"), int(rng.bounded(1, 3)));
                c << s;
            }
            PlacementEngine indexed(c), scanned(c);
            scanned.setIndexedPathEnabled(false);
            for (int req = 0; req < 6; ++req) {
                TaskRequest r = task(128 * int(rng.bounded(1, 9)), 256 * int(rng.bounded(1, 9)),
                                     int(rng.bounded(1, 11)), QStringLiteral("service:s%1").arg(rng.bounded(3)));
                const int shape = int(rng.bounded(6));
                if (shape == 0 || shape == 1)
                    r.strategies << strategy("spread", "attribute:ecs.availability-zone");
                if (shape == 1 || shape == 2)
                    r.strategies << strategy("binpack", rng.bounded(2) ? "memory" : "cpu");
                if (shape == 3)
                    r.strategies << strategy("spread", "instanceId") << strategy("random");
                if (rng.bounded(2))
                    r.constraints << constraint("distinctInstance");
                if (rng.bounded(2))
                    r.constraints << constraint("memberOf", "attribute:ecs.instance-type =~ t3.*");
                if (rng.bounded(4) == 0)
                    r.tcpPorts << 80;
                r.seed = rng.generate64();

                // Expected state before the request, from the scanned engine.
                std::vector<int> cpu(static_cast<std::size_t>(n)), mem(cpu), group(cpu);
                for (int i = 0; i < n; ++i) {
                    cpu[std::size_t(i)] = scanned.remainingCpu(i);
                    mem[std::size_t(i)] = scanned.remainingMemory(i);
                    group[std::size_t(i)] = scanned.groupTaskCount(i, r.group);
                }
                const PlacementPlan a = indexed.place(r);
                const PlacementPlan b = scanned.place(r);
                QCOMPARE(a.chosenInstances(), b.chosenInstances());

                QSet<int> portTaken;
                for (const TaskPlacement &t : b.tasks) {
                    if (!t.placed()) {
                        QVERIFY(!t.failure.detail.isEmpty());
                        continue;
                    }
                    const std::size_t i = std::size_t(t.instance);
                    const InstanceSnapshot &s = c.at(t.instance);
                    QVERIFY(s.active && s.agentConnected);
                    QVERIFY(cpu[i] >= r.cpu && mem[i] >= r.memory);
                    cpu[i] -= r.cpu;
                    mem[i] -= r.memory;
                    if (!r.constraints.isEmpty() && r.constraints.first().type == Constraint::Type::DistinctInstance)
                        QCOMPARE(group[i], 0);
                    ++group[i];
                    for (const Constraint &k : r.constraints)
                        if (k.type == Constraint::Type::MemberOf)
                            QVERIFY(s.attributes.value(QStringLiteral("ecs.instance-type")).startsWith(u"t3"));
                    if (!r.tcpPorts.isEmpty()) {
                        QVERIFY(!s.usedTcpPorts.contains(80));
                        QVERIFY(!portTaken.contains(t.instance));
                        portTaken.insert(t.instance);
                    }
                }
            }
        }

        // Spread balance on roomy clusters: every zone can always take another task.
        for (int round = 0; round < 20; ++round) {
            QList<InstanceSnapshot> c;
            for (int i = 0; i < 30; ++i)
                c << instance(i, zones.at(int(rng.bounded(3))));
            for (const QString &z : zones)
                c << instance(100, z); // every zone present
            TaskRequest r = task(64, 64, int(rng.bounded(1, 40)));
            r.strategies << strategy("spread", "attribute:ecs.availability-zone") << strategy("binpack", "memory");
            const PlacementPlan p = planPlacement(c, r);
            QCOMPARE(p.placedCount(), r.count);
            QMap<QString, int> m = perZone(c, p);
            for (const QString &z : zones)
                m[z] += 0;
            const auto [lo, hi] = std::minmax_element(m.cbegin(), m.cend());
            QVERIFY(*hi - *lo <= 1);
        }
    }

    void chooseTasksToStop_data()
    {
        QTest::addColumn<QString>("strategies");
        QTest::addColumn<int>("count");
        QTest::addColumn<QStringList>("expected"); // as a set

        // Instances: 0 (a, 1024 MiB left), 1 (a, 8192 left), 2 (b, 512 left), 3 (c, 4096 left).
        // Tasks: t0,t1 on 0; t2 on 1; t3 on 2; t4 on 3. Zone a has 3, b 1, c 1.
        QTest::newRow("spread zone takes from the busiest zone")
            << R"([{"type":"spread","field":"attribute:ecs.availability-zone"}])" << 2
            << QStringList{QStringLiteral("t0"), QStringLiteral("t1"), QStringLiteral("t2")};
        QTest::newRow("no strategy: busiest zone")
            << "[]" << 1 << QStringList{QStringLiteral("t0"), QStringLiteral("t1"), QStringLiteral("t2")};
        QTest::newRow("binpack memory: most left afterwards")
            << R"([{"type":"binpack","field":"memory"}])" << 1 << QStringList{QStringLiteral("t2")};
        QTest::newRow("binpack then the next") << R"([{"type":"binpack","field":"memory"}])" << 2
                                               << QStringList{QStringLiteral("t2"), QStringLiteral("t4")};
        QTest::newRow("spread instance") << R"([{"type":"spread","field":"instanceId"}])" << 1
                                         << QStringList{QStringLiteral("t0"), QStringLiteral("t1")};
        QTest::newRow("everything") << "[]" << 9
                                    << QStringList{QStringLiteral("t0"), QStringLiteral("t1"), QStringLiteral("t2"),
                                                   QStringLiteral("t3"), QStringLiteral("t4")};
    }

    void chooseTasksToStop()
    {
        QFETCH(QString, strategies);
        QFETCH(int, count);
        QFETCH(QStringList, expected);
        const QList<InstanceSnapshot> c = {
            instance(0, QStringLiteral("a"), 4096, 1024), instance(1, QStringLiteral("a"), 4096, 8192),
            instance(2, QStringLiteral("b"), 4096, 512), instance(3, QStringLiteral("c"), 4096, 4096)};
        const QList<StopCandidate> tasks = {{0, QStringLiteral("t0"), 256, 1024},
                                            {0, QStringLiteral("t1"), 256, 1024},
                                            {1, QStringLiteral("t2"), 256, 1024},
                                            {2, QStringLiteral("t3"), 256, 1024},
                                            {3, QStringLiteral("t4"), 256, 1024}};
        const auto parsed = parseStrategies(QJsonDocument::fromJson(strategies.toUtf8()).array());
        QVERIFY(parsed.ok());
        for (quint64 seed : {1ULL, 2ULL, 3ULL}) {
            const QStringList stop = fd::scheduler::chooseTasksToStop(c, tasks, parsed.value(), count, seed);
            QCOMPARE(stop, fd::scheduler::chooseTasksToStop(c, tasks, parsed.value(), count, seed)); // deterministic
            QCOMPARE(stop.size(), std::min(count, int(tasks.size())));
            for (const QString &id : stop)
                QVERIFY2(expected.contains(id), qPrintable(stop.join(u',')));
            if (stop.size() == expected.size())
                QCOMPARE(QSet<QString>(stop.cbegin(), stop.cend()), QSet<QString>(expected.cbegin(), expected.cend()));
        }
    }

    void stopKeepsZonesBalanced()
    {
        // 6 tasks in a, 3 in b, 3 in c: stopping 6 by zone spread leaves 2/2/2.
        QList<InstanceSnapshot> c = {instance(0, QStringLiteral("a")), instance(1, QStringLiteral("b")),
                                     instance(2, QStringLiteral("c"))};
        QList<StopCandidate> tasks;
        for (int i = 0; i < 12; ++i)
            tasks << StopCandidate{i < 6 ? 0 : (i < 9 ? 1 : 2), QStringLiteral("t%1").arg(i), 128, 128};
        const QStringList stop = fd::scheduler::chooseTasksToStop(c, tasks, {}, 6, 42);
        QMap<int, int> left = {{0, 6}, {1, 3}, {2, 3}};
        for (const QString &id : stop)
            --left[tasks.at(id.mid(1).toInt()).instance];
        QCOMPARE(left, (QMap<int, int>{{0, 2}, {1, 2}, {2, 2}}));
    }

    void strategyValidation_data()
    {
        QTest::addColumn<QString>("strategies");
        QTest::addColumn<QString>("constraints");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message"); // empty: valid

        QTest::newRow("valid")
            << R"([{"type":"spread","field":"host"},{"type":"binpack","field":"CPU"},{"type":"random"}])"
            << R"([{"type":"distinctInstance"},{"type":"memberOf","expression":"agentVersion < 1.14.5"}])"
            << ""
            << "";
        QTest::newRow("unknown strategy") << R"([{"type":"pack","field":"cpu"}])"
                                          << "[]"
                                          << "placementStrategy[0].type"
                                          << "unknown strategy type 'pack'";
        QTest::newRow("binpack field")
            << R"([{"type":"spread","field":"instanceId"},{"type":"binpack","field":"disk"}])"
            << "[]"
            << "placementStrategy[1].field"
            << "binpack takes cpu or memory, not 'disk'";
        QTest::newRow("spread field") << R"([{"type":"spread","field":"zone"}])"
                                      << "[]"
                                      << "placementStrategy[0].field"
                                      << "spread takes instanceId";
        QTest::newRow("six strategies")
            << R"([{"type":"random"},{"type":"random"},{"type":"random"},{"type":"random"},{"type":"random"},{"type":"random"}])"
            << "[]"
            << "placementStrategy"
            << "at most 5 strategies are allowed (got 6)";
        QString eleven = QStringLiteral("[");
        for (int i = 0; i < 11; ++i)
            eleven += QStringLiteral(R"({"type":"distinctInstance"})") + QLatin1String(i < 10 ? "," : "]");
        QTest::newRow("eleven constraints") << "[]" << eleven << "placementConstraints"
                                            << "at most 10 constraints are allowed (got 11)";
        QTest::newRow("unknown constraint") << "[]"
                                            << R"([{"type":"sameZone"}])"
                                            << "placementConstraints[0].type"
                                            << "unknown constraint type 'sameZone'";
        QTest::newRow("memberOf without expression") << "[]"
                                                     << R"([{"type":"memberOf"}])"
                                                     << "placementConstraints[0].expression"
                                                     << "memberOf needs an expression";
        QTest::newRow("bad query")
            << "[]"
            << R"([{"type":"distinctInstance"},{"type":"memberOf","expression":"attribute:ecs.instance-type t2.*"}])"
            << "placementConstraints[1].expression"
            << "placementConstraints[1].expression: position 29: expected an operator";
    }

    void strategyValidation()
    {
        QFETCH(QString, strategies);
        QFETCH(QString, constraints);
        QFETCH(QString, field);
        QFETCH(QString, message);
        const auto s = parseStrategies(QJsonDocument::fromJson(strategies.toUtf8()).array());
        const auto c = parseConstraints(QJsonDocument::fromJson(constraints.toUtf8()).array());
        if (message.isEmpty()) {
            QVERIFY(s.ok() && c.ok());
            QCOMPARE(s->at(0).field, QStringLiteral("instanceId")); // host is a synonym
            QCOMPARE(s->at(1).field, QStringLiteral("cpu"));
            QCOMPARE(c->at(1).query.text(), QStringLiteral("agentVersion < 1.14.5"));
            return;
        }
        const Error e = !s.ok() ? s.error() : c.error();
        QVERIFY(!s.ok() || !c.ok());
        QCOMPARE(e.code, QStringLiteral("InvalidParameterException"));
        QCOMPARE(e.field, field);
        QVERIFY2(e.message.contains(message), qPrintable(e.message));
    }

    void templates()
    {
        const QList<PlacementTemplate> t = placementTemplates();
        QCOMPARE(t.size(), 4);
        QCOMPARE(t.at(0).name, QStringLiteral("AZ Balanced Spread"));
        QCOMPARE(t.at(0).description, QStringLiteral("Distribute tasks across Availability Zones and across container "
                                                     "instances in the Availability Zone"));
        QCOMPARE(t.at(0).strategiesJson,
                 QStringLiteral(R"([{"type":"spread","field":"attribute:ecs.availability-zone"},)"
                                R"({"type":"spread","field":"instanceId"}])"));
        QCOMPARE(t.at(1).name, QStringLiteral("AZ Balanced BinPack"));
        QCOMPARE(t.at(1).description, QStringLiteral("Distribute tasks across Availability Zones and across container "
                                                     "instances with the least available memory"));
        QCOMPARE(t.at(1).strategiesJson,
                 QStringLiteral(R"([{"type":"spread","field":"attribute:ecs.availability-zone"},)"
                                R"({"type":"binpack","field":"memory"}])"));
        QCOMPARE(t.at(2).name, QStringLiteral("BinPack"));
        QCOMPARE(t.at(2).description,
                 QStringLiteral("Distribute tasks based on the least available amount of CPU or memory"));
        QCOMPARE(t.at(2).strategiesJson, QStringLiteral(R"([{"type":"binpack","field":"memory"}])"));
        QVERIFY(t.at(2).binpackFieldSelectable);
        QCOMPARE(placementTemplates(QStringLiteral("cpu")).at(2).strategiesJson,
                 QStringLiteral(R"([{"type":"binpack","field":"cpu"}])"));
        QCOMPARE(t.at(3).name, QStringLiteral("One Task Per Host"));
        QCOMPARE(t.at(3).description,
                 QStringLiteral("Place, at most, one task from the service on each container instance"));
        QCOMPARE(t.at(3).strategiesJson, QStringLiteral("[]"));
        QCOMPARE(t.at(3).constraintsJson, QStringLiteral(R"([{"type":"distinctInstance"}])"));
        QVERIFY(spreadBinpackAutoscalingCaveat().contains(QStringLiteral("one task per container instance")));

        // Every template parses back through the validators.
        for (const PlacementTemplate &p : t) {
            QVERIFY(parseStrategies(QJsonDocument::fromJson(p.strategiesJson.toUtf8()).array()).ok());
            QVERIFY(parseConstraints(QJsonDocument::fromJson(p.constraintsJson.toUtf8()).array()).ok());
        }
    }
};

QTEST_APPLESS_MAIN(TestPlacement)
#include "TestPlacement.moc"
