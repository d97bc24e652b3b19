// The AWS/ECS metrics by their documented formulas: the docs' worked example for cluster
// reservation (55 % CPU, 60 % memory), the 400 % service case, the task-level cap, which
// instances count, and which memory number a task reserves.

#include "metrics/EcsMetrics.h"
#include "model/TaskDefinition.h"

#include <QTest>

#include <cmath>

using namespace fd::metrics;
using fd::InstanceStatus;

class TestEcsMetrics final : public QObject
{
    Q_OBJECT

private slots:
    void clusterReservationWorkedExample();
    void onlyActiveAndDrainingInstancesCount();
    void clusterUtilization();
    void service_data();
    void service();
    void taskReservation_data();
    void taskReservation();
    void identities();
};

void TestEcsMetrics::clusterReservationWorkedExample()
{
    // 16,384 + 2,048 units and 30,158 + 3,768 MiB; 10 tasks of 1,024 units and 2,048 MiB, 8 on the
    // large instance and 2 on the small one (where they run does not matter for the cluster sum).
    std::vector<InstanceUsage> instances{
        {InstanceStatus::Active, {16384, 30158}, {8 * 1024, 8 * 2048}, {}},
        {InstanceStatus::Active, {2048, 3768}, {2 * 1024, 2 * 2048}, {}},
    };
    const ClusterMetrics m = clusterMetrics(instances);
    QCOMPARE(int(std::floor(*m.cpuReservation)), 55);
    QCOMPARE(int(std::floor(*m.memoryReservation)), 60);
    QCOMPARE(*m.cpuReservation, 10240.0 * 100 / 18432);
    QCOMPARE(*m.memoryReservation, 20480.0 * 100 / 33926);
    QCOMPARE(*m.cpuUtilization, 0.0);
}

void TestEcsMetrics::onlyActiveAndDrainingInstancesCount()
{
    std::vector<InstanceUsage> instances{
        {InstanceStatus::Active, {1024, 1000}, {512, 500}, {256, 100}},
        {InstanceStatus::Draining, {1024, 1000}, {512, 500}, {256, 100}},
        {InstanceStatus::Inactive, {8192, 8000}, {8192, 8000}, {8192, 8000}},
    };
    const ClusterMetrics m = clusterMetrics(instances);
    QCOMPARE(*m.cpuReservation, 50.0);
    QCOMPARE(*m.memoryReservation, 50.0);
    QCOMPARE(*m.cpuUtilization, 25.0);
    QCOMPARE(*m.memoryUtilization, 10.0);

    // No counted instance: nothing to divide by, so no datapoint (not 0 %, not a division by zero).
    const ClusterMetrics none = clusterMetrics({{InstanceStatus::Inactive, {1024, 1000}, {}, {}}});
    QVERIFY(!none.cpuReservation && !none.memoryReservation && !none.cpuUtilization && !none.memoryUtilization);
}

void TestEcsMetrics::clusterUtilization()
{
    // Two busy cores' worth of CPU (Docker 200 %) on a 4,096-unit instance: 2,048 units, 50 %.
    const double used = cpuUnitsFromDockerPercent(200);
    QCOMPARE(used, 2048.0);
    const ClusterMetrics m = clusterMetrics({{InstanceStatus::Active, {4096, 8192}, {1024, 2048}, {used, 6144}}});
    QCOMPARE(*m.cpuUtilization, 50.0);
    QCOMPARE(*m.memoryUtilization, 75.0);
}

void TestEcsMetrics::service_data()
{
    QTest::addColumn<double>("perTaskCpu");
    QTest::addColumn<double>("perTaskMemory");
    QTest::addColumn<bool>("taskLevel");
    QTest::addColumn<int>("tasks");
    QTest::addColumn<double>("usedCpu");
    QTest::addColumn<double>("usedMemory");
    QTest::addColumn<double>("cpu");    // -1: no datapoint
    QTest::addColumn<double>("memory"); // -1: no datapoint

    QTest::newRow("512-unit task alone and busy on a 2,048-unit instance: 400 %")
        << 512.0 << 256.0 << false << 1 << 2048.0 << 128.0 << 400.0 << 50.0;
    QTest::newRow("same with cpu at task level: capped at 100 %")
        << 512.0 << 256.0 << true << 1 << 2048.0 << 128.0 << 100.0 << 50.0;
    QTest::newRow("task level below the cap is not changed")
        << 512.0 << 256.0 << true << 2 << 512.0 << 128.0 << 50.0 << 25.0;
    QTest::newRow("memoryReservation only: memory above 100 %")
        << 256.0 << 128.0 << false << 2 << 256.0 << 384.0 << 50.0 << 150.0;
    QTest::newRow("three tasks share the denominator")
        << 1024.0 << 2048.0 << false << 3 << 1536.0 << 3072.0 << 50.0 << 50.0;
    QTest::newRow("no running task: no datapoint") << 512.0 << 256.0 << false << 0 << 0.0 << 0.0 << -1.0 << -1.0;
    QTest::newRow("no cpu reserved: no cpu datapoint") << 0.0 << 256.0 << false << 1 << 100.0 << 64.0 << -1.0 << 25.0;
}

void TestEcsMetrics::service()
{
    QFETCH(double, perTaskCpu);
    QFETCH(double, perTaskMemory);
    QFETCH(bool, taskLevel);
    QFETCH(int, tasks);
    QFETCH(double, usedCpu);
    QFETCH(double, usedMemory);
    QFETCH(double, cpu);
    QFETCH(double, memory);

    const ServiceMetrics m = serviceMetrics({{perTaskCpu, perTaskMemory}, taskLevel, tasks, {usedCpu, usedMemory}});
    QCOMPARE(m.cpuUtilization.value_or(-1), cpu);
    QCOMPARE(m.memoryUtilization.value_or(-1), memory);
}

void TestEcsMetrics::taskReservation_data()
{
    QTest::addColumn<bool>("taskLevel");
    QTest::addColumn<double>("cpu");
    QTest::addColumn<double>("memory");
    QTest::newRow("containers: memoryReservation when set, else memory") << false << 512.0 << 640.0;
    QTest::newRow("task level wins") << true << 1024.0 << 2048.0;
}

void TestEcsMetrics::taskReservation()
{
    QFETCH(bool, taskLevel);
    QFETCH(double, cpu);
    QFETCH(double, memory);

    fd::TaskDefinitionSpec spec;
    fd::ContainerDefinition a;
    a.cpu = 256;
    a.memory = 512;
    fd::ContainerDefinition b;
    b.cpu = 256;
    b.memory = 1024;
    b.memoryReservation = 128;
    spec.containerDefinitions = {a, b};
    if (taskLevel) {
        spec.cpu = 1024;
        spec.memory = 2048;
    }
    const Units u = fd::metrics::taskReservation(spec);
    QCOMPARE(u.cpu, cpu);
    QCOMPARE(u.memoryMiB, memory);
}

void TestEcsMetrics::identities()
{
    const MetricId c = clusterMetricId(QStringLiteral("prod"), QStringLiteral("CPUReservation"));
    QCOMPARE(c.metricNamespace, QStringLiteral("AWS/ECS"));
    QCOMPARE(c.dimensions.size(), std::size_t(1));
    const MetricId s = serviceMetricId(QStringLiteral("prod"), QStringLiteral("web"), QStringLiteral("CPUUtilization"));
    // Already in the order makeMetricId() would give, so the store finds the same metric.
    QCOMPARE(s, makeMetricId(s.metricNamespace, s.metricName, {s.dimensions[1], s.dimensions[0]}).value());
}

QTEST_APPLESS_MAIN(TestEcsMetrics)
#include "TestEcsMetrics.moc"
