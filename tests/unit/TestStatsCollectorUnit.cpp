// TestStatsCollectorUnit: the collector over a fake cgroup tree with a ManualClock — one batched
// signal per tick, series per container, local and remote samples feeding the same series, and
// containers that vanish or appear late. (The real-engine test is tests/docker/TestStatsCollector.)

#include "FakeCgroupTree.h"
#include "metrics/StatsCollector.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace fd::metrics;
using fd::test::FakeCgroupTree;

namespace {

const QString kA = QStringLiteral("aaaa000000000000000000000000000000000000000000000000000000000001");
const QString kB = QStringLiteral("bbbb000000000000000000000000000000000000000000000000000000000002");
const QString kRemote = QStringLiteral("cccc000000000000000000000000000000000000000000000000000000000003");

struct Fixture
{
    FakeCgroupTree tree{FakeCgroupTree::Layout::V1Cgroupfs};
    std::shared_ptr<fd::ManualClock> clock = std::make_shared<fd::ManualClock>();
    quint64 hostTicks = 0;

    Fixture() { tree.setHostTicks(1000, 0, 0, 5000, 0, 0, 0); }

    std::unique_ptr<StatsCollector> collector(qsizetype capacity = 3600)
    {
        StatsCollector::Options o;
        o.capacity = capacity;
        o.roots = {tree.cgroupRoot(), tree.procRoot()};
        return std::make_unique<StatsCollector>(clock, o);
    }

    /// One second passes: the host counter advances 200 ticks (2 CPUs at 100 Hz).
    void advanceSecond()
    {
        clock->advance(1000);
        hostTicks += 200;
        tree.setHostTicks(1000 + hostTicks / 2, 0, 0, 5000 + hostTicks - hostTicks / 2, 0, 0, 0);
    }
};

SampleBatch lastBatch(const QSignalSpy &spy)
{
    return spy.last().at(0).value<SampleBatch>();
}

} // namespace

class TestStatsCollectorUnit final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void oneBatchPerTick();
    void seriesFromCounters();
    void remoteSamplesShareTheSeries();
    void containerAppearsLateAndDisappears();
    void removeForgetsSeries();
    void readdWithNewPidRestartsRates();
    void capacityBoundsHistory();
    void timerDrivesTicks();
};

void TestStatsCollectorUnit::initTestCase()
{
    if (sysconf(_SC_CLK_TCK) != 100)
        QSKIP("the tick arithmetic of these tests assumes USER_HZ 100");
}

void TestStatsCollectorUnit::oneBatchPerTick()
{
    Fixture f;
    f.tree.addContainer(kA, 100);
    f.tree.addContainer(kB, 200);
    auto c = f.collector();
    c->addContainer(kA, 100);
    c->addContainer(kB, 200);
    QCOMPARE(c->containerIds(), (QStringList{kA, kB}));
    QSignalSpy spy(c.get(), &StatsCollector::sampled);

    c->sampleNow();
    f.advanceSecond();
    c->sampleNow();

    QCOMPARE(spy.count(), 2);
    const SampleBatch b = lastBatch(spy);
    QCOMPARE(b.timestampMs, f.clock->now().toMSecsSinceEpoch());
    QCOMPARE(b.samples.size(), 2);
    QCOMPARE(b.failures.size(), 0);
    QCOMPARE(b.samples[0].id, kA);
    QCOMPARE(b.samples[1].id, kB);
    QCOMPARE(b.samples[0].timestampMs, b.timestampMs);
}

void TestStatsCollectorUnit::seriesFromCounters()
{
    Fixture f;
    f.tree.addContainer(kA, 100);
    auto c = f.collector();
    c->addContainer(kA, 100);

    // t0: baseline. Rates have no value yet; gauges do.
    f.tree.setCpuNs(kA, 1000000000);
    f.tree.setNet(100, 1000, 0);
    f.tree.setBlock(kA, 0, 0);
    f.tree.setMemory(kA, 716800, 0, 268435456); // a 256 MiB limit (read on the first sample)
    c->sampleNow();
    QCOMPARE(c->series(kA, Metric::CpuPercent)->size(), 0);
    QCOMPARE(c->series(kA, Metric::NetRxBps)->size(), 0);
    QCOMPARE(c->series(kA, Metric::MemoryBytes)->size(), 1);

    // t0+1 s: 0.5 s of CPU on 2 CPUs = 50 %; eth0 +4000 B; 8:0 +1 MiB written.
    f.advanceSecond();
    f.tree.setCpuNs(kA, 1500000000);
    f.tree.setNet(100, 5000, 300);
    f.tree.setBlock(kA, 0, 1048576);
    f.tree.setMemory(kA, 52428800, 10485760, 268435456);
    c->sampleNow();

    const auto latest = c->latest(kA);
    QVERIFY(latest);
    QCOMPARE((*latest)[Metric::CpuPercent], 50.0);
    QCOMPARE((*latest)[Metric::NetRxBps], 4000.0);
    QCOMPARE((*latest)[Metric::NetTxBps], 300.0);
    QCOMPARE((*latest)[Metric::BlockReadBps], 0.0);
    QCOMPARE((*latest)[Metric::BlockWriteBps], 1048576.0);
    QCOMPARE((*latest)[Metric::MemoryBytes], 41943040.0);
    QCOMPARE((*latest)[Metric::MemoryPercent], 15.625);

    const TimeSeries *cpu = c->series(kA, Metric::CpuPercent);
    QCOMPARE(cpu->size(), 1);
    QCOMPARE(cpu->last()->t, f.clock->now().toMSecsSinceEpoch());
    QCOMPARE(c->series(kA, Metric::MemoryBytes)->size(), 2);
    QVERIFY(!c->series(QStringLiteral("nope"), Metric::CpuPercent));
}

void TestStatsCollectorUnit::remoteSamplesShareTheSeries()
{
    Fixture f;
    f.tree.addContainer(kA, 100);
    auto c = f.collector();
    c->addContainer(kA, 100);
    c->addRemoteContainer(kRemote);
    QSignalSpy spy(c.get(), &StatsCollector::sampled);

    const qint64 t0 = f.clock->now().toMSecsSinceEpoch();
    RawSample r;
    r.parts = RawSample::Cpu | RawSample::Memory | RawSample::Network;
    r.timestampMs = t0;
    r.cpuUsageNs = 0;
    r.systemCpuNs = 10000000000ULL;
    r.onlineCpus = 4;
    r.memoryUsedBytes = 1024;
    r.memoryLimitBytes = 4096;
    c->pushSample(kRemote, r);
    r.timestampMs = t0 + 1000;
    r.cpuUsageNs = 1000000000;      // 1 s of CPU
    r.systemCpuNs += 4000000000ULL; // 4 CPUs × 1 s
    r.netRxBytes = 2000;
    c->pushSample(kRemote, r);
    c->pushSample(QStringLiteral("unknown"), r); // dropped

    QCOMPARE(spy.count(), 0); // pushes wait for the tick
    c->sampleNow();
    QCOMPARE(spy.count(), 1);
    const SampleBatch b = lastBatch(spy);
    QCOMPARE(b.samples.size(), 3); // two remote pushes + the local read
    QCOMPARE(b.samples[0].id, kRemote);
    QCOMPARE(b.samples[1].values[Metric::CpuPercent], 100.0);
    QCOMPARE(b.samples[1].values[Metric::NetRxBps], 2000.0);
    QCOMPARE(b.samples[2].id, kA);

    QCOMPARE(c->series(kRemote, Metric::CpuPercent)->size(), 1);
    QCOMPARE(c->series(kRemote, Metric::MemoryPercent)->last()->v, 25.0);

    // The next tick does not repeat them.
    c->sampleNow();
    QCOMPARE(lastBatch(spy).samples.size(), 1);
}

void TestStatsCollectorUnit::containerAppearsLateAndDisappears()
{
    Fixture f;
    auto c = f.collector();
    c->addContainer(kA, 100); // created, cgroup not there yet
    QSignalSpy spy(c.get(), &StatsCollector::sampled);

    c->sampleNow();
    QCOMPARE(lastBatch(spy).samples.size(), 0);
    QCOMPARE(lastBatch(spy).failures.size(), 1);
    QCOMPARE(lastBatch(spy).failures[0].error.code, QStringLiteral("CgroupNotFound"));

    f.tree.addContainer(kA, 100);
    f.advanceSecond();
    c->sampleNow();
    QCOMPARE(lastBatch(spy).samples.size(), 1);
    QCOMPARE(lastBatch(spy).failures.size(), 0);

    f.tree.removeContainer(kA);
    f.advanceSecond();
    c->sampleNow();
    QCOMPARE(lastBatch(spy).samples.size(), 0);
    QCOMPARE(lastBatch(spy).failures.size(), 1);
    QVERIFY(c->contains(kA)); // the caller decides when to forget it (on the destroy event)
}

void TestStatsCollectorUnit::removeForgetsSeries()
{
    Fixture f;
    f.tree.addContainer(kA, 100);
    auto c = f.collector();
    c->addContainer(kA, 100);
    c->sampleNow();
    QVERIFY(c->removeContainer(kA));
    QVERIFY(!c->removeContainer(kA));
    QVERIFY(!c->contains(kA));
    QVERIFY(!c->series(kA, Metric::MemoryBytes));
    QCOMPARE(c->containerCount(), 0);
}

void TestStatsCollectorUnit::readdWithNewPidRestartsRates()
{
    Fixture f;
    f.tree.addContainer(kA, 100);
    auto c = f.collector();
    c->addContainer(kA, 100);
    c->sampleNow();
    f.advanceSecond();
    c->sampleNow();
    QCOMPARE(c->series(kA, Metric::NetRxBps)->size(), 1);

    // Restarted: new init pid, new network namespace whose counters start again.
    f.tree.setNet(300, 10, 0);
    c->addContainer(kA, 300);
    f.advanceSecond();
    c->sampleNow();
    QCOMPARE(c->series(kA, Metric::NetRxBps)->size(), 1);    // first sample after the restart: no rate
    QCOMPARE(c->series(kA, Metric::MemoryBytes)->size(), 3); // history kept
    f.tree.setNet(300, 110, 0);
    f.advanceSecond();
    c->sampleNow();
    QCOMPARE(c->series(kA, Metric::NetRxBps)->last()->v, 100.0); // eth0 10 -> 110 in 1 s
}

void TestStatsCollectorUnit::capacityBoundsHistory()
{
    Fixture f;
    f.tree.addContainer(kA, 100);
    auto c = f.collector(5);
    c->addContainer(kA, 100);
    for (int i = 0; i < 12; ++i) {
        c->sampleNow();
        f.advanceSecond();
    }
    QCOMPARE(c->series(kA, Metric::MemoryBytes)->size(), 5);
    QCOMPARE(c->series(kA, Metric::CpuPercent)->size(), 5);
}

void TestStatsCollectorUnit::timerDrivesTicks()
{
    Fixture f;
    f.tree.addContainer(kA, 100);
    auto c = f.collector();
    c->setIntervalMs(20);
    QCOMPARE(c->intervalMs(), 20);
    c->addContainer(kA, 100);
    QSignalSpy spy(c.get(), &StatsCollector::sampled);
    c->start();
    QVERIFY(c->isActive());
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 3, 5000);
    c->stop();
    QVERIFY(!c->isActive());
}

QTEST_GUILESS_MAIN(TestStatsCollectorUnit)
#include "TestStatsCollectorUnit.moc"
