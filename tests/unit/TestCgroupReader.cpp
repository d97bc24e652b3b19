// TestCgroupReader: reading a container's counters from a fake cgroup tree in each layout Docker
// uses (v1 cgroupfs, v1 systemd, v2 systemd, v2 cgroupfs, and a custom parent found through
// /proc/<pid>/cgroup), and the numbers `docker stats` would show for them.

#include "FakeCgroupTree.h"
#include "metrics/CgroupReader.h"
#include "metrics/StatsMath.h"

#include <QTest>

using namespace fd::metrics;
using fd::test::FakeCgroupTree;

Q_DECLARE_METATYPE(FakeCgroupTree::Layout)
Q_DECLARE_METATYPE(fd::metrics::CgroupVersion)
Q_DECLARE_METATYPE(fd::metrics::CgroupLayout)

namespace {

const QString kId = QStringLiteral("b8770ef440871c1a7d70bfb99b4d93830942bc63fee9a814a66a78d11e2da997");
constexpr qint64 kPid = 4242;
constexpr quint64 kHostMem = FakeCgroupTree::kHostMemKb * 1024;

CgroupReader readerFor(const FakeCgroupTree &tree)
{
    return CgroupReader(CgroupReader::Roots{tree.cgroupRoot(), tree.procRoot()});
}

} // namespace

class TestCgroupReader final : public QObject
{
    Q_OBJECT

private slots:
    void layouts_data();
    void layouts();
    void memoryFormula_data();
    void memoryFormula();
    void cpuPercentLikeDocker_data();
    void cpuPercentLikeDocker();
    void hostCpu();
    void withoutPidNoNetwork();
    void missingContainer();
    void containerGoneAfterLocate();
    void filesStayOpenBetweenSamples();
    void containerGoneAfterReads();
    void limitIsRereadPeriodically();
    void rejectsPathLikeIds();
    void unknownRoot();
    void realHostIfPresent();
};

void TestCgroupReader::layouts_data()
{
    QTest::addColumn<FakeCgroupTree::Layout>("layout");
    QTest::addColumn<CgroupVersion>("expectVersion");
    QTest::addColumn<CgroupLayout>("expectLayout");

    QTest::newRow("v1 cgroupfs (separate cpu and cpuacct mounts)")
        << FakeCgroupTree::Layout::V1Cgroupfs << CgroupVersion::V1 << CgroupLayout::V1Cgroupfs;
    QTest::newRow("v1 systemd (cpu,cpuacct mount)")
        << FakeCgroupTree::Layout::V1Systemd << CgroupVersion::V1 << CgroupLayout::V1Systemd;
    QTest::newRow("v2 systemd") << FakeCgroupTree::Layout::V2Systemd << CgroupVersion::V2 << CgroupLayout::V2Systemd;
    QTest::newRow("v2 cgroupfs") << FakeCgroupTree::Layout::V2Cgroupfs << CgroupVersion::V2 << CgroupLayout::V2Cgroupfs;
    QTest::newRow("v1 custom parent via /proc/<pid>/cgroup")
        << FakeCgroupTree::Layout::V1CustomParent << CgroupVersion::V1 << CgroupLayout::FromProcCgroup;
}

void TestCgroupReader::layouts()
{
    QFETCH(FakeCgroupTree::Layout, layout);
    QFETCH(CgroupVersion, expectVersion);
    QFETCH(CgroupLayout, expectLayout);

    FakeCgroupTree tree(layout);
    QVERIFY(tree.isValid());
    tree.addContainer(kId, kPid);
    tree.setCpuNs(kId, 81546000); // whole µs, so v2's usage_usec gives the same ns
    tree.setMemory(kId, 716800, 81920, 268435456);
    tree.setBlock(kId, 4096000, 8192);
    tree.setNet(kPid, 486, 90);

    CgroupReader reader = readerFor(tree);
    QCOMPARE(toString(reader.version()), toString(expectVersion)); // by name: readable on failure
    QCOMPARE(reader.hostMemoryBytes(), kHostMem);

    fd::Result<ContainerCgroup> c = reader.locate(kId, kPid);
    QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().message));
    QCOMPARE(toString(c->layout), toString(expectLayout));
    QCOMPARE(toString(c->version), toString(expectVersion));

    const fd::Result<RawSample> s = reader.read(c.value());
    QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().message));
    QCOMPARE(s->parts, quint8(RawSample::Cpu | RawSample::Memory | RawSample::Network | RawSample::Block));
    QCOMPARE(s->cpuUsageNs, quint64(81546000));
    QCOMPARE(s->memoryUsageBytes, quint64(716800));
    QCOMPARE(s->memoryUsedBytes, quint64(716800 - 81920)); // total_inactive_file (v1) / inactive_file (v2)
    QCOMPARE(s->memoryCacheBytes, quint64(163840));        // total_cache (v1) / file (v2)
    QCOMPARE(s->memoryLimitBytes, quint64(268435456));
    // Two devices summed: 8:0 and 253:0 (1000 bytes read); the v1 "Total" lines are not added again.
    QCOMPARE(s->blockReadBytes, quint64(4096000 + 1000));
    QCOMPARE(s->blockWriteBytes, quint64(8192));
    // eth0 + eth1, never lo.
    QCOMPARE(s->netRxBytes, quint64(486 + 100));
    QCOMPARE(s->netTxBytes, quint64(90 + 50));
}

void TestCgroupReader::memoryFormula_data()
{
    QTest::addColumn<FakeCgroupTree::Layout>("layout");
    QTest::addColumn<quint64>("usage");
    QTest::addColumn<quint64>("inactiveFile");
    QTest::addColumn<quint64>("limit"); // 0: none
    QTest::addColumn<quint64>("expectUsed");
    QTest::addColumn<quint64>("expectLimit");

    // The v1 file also has a non-hierarchical inactive_file of 4096, which must not be used.
    QTest::newRow("v1 idle demo-web, no limit: limit is host RAM")
        << FakeCgroupTree::Layout::V1Cgroupfs << quint64(716800) << quint64(0) << quint64(0) << quint64(716800)
        << kHostMem;
    QTest::newRow("v1 with page cache and a 256 MiB limit")
        << FakeCgroupTree::Layout::V1Cgroupfs << quint64(52428800) << quint64(10485760) << quint64(268435456)
        << quint64(41943040) << quint64(268435456);
    QTest::newRow("v1 limit above host RAM is capped") << FakeCgroupTree::Layout::V1Systemd << quint64(1000000)
                                                       << quint64(0) << (kHostMem * 2) << quint64(1000000) << kHostMem;
    QTest::newRow("v2 memory.max \"max\" is host RAM")
        << FakeCgroupTree::Layout::V2Systemd << quint64(3000000) << quint64(1236992) << quint64(0)
        << quint64(3000000 - 1236992) << kHostMem;
    QTest::newRow("v2 with a limit") << FakeCgroupTree::Layout::V2Cgroupfs << quint64(3000000) << quint64(1236992)
                                     << quint64(134217728) << quint64(3000000 - 1236992) << quint64(134217728);
    QTest::newRow("inactive_file not below usage: usage as is")
        << FakeCgroupTree::Layout::V2Systemd << quint64(100000) << quint64(100000) << quint64(0) << quint64(100000)
        << kHostMem;
}

void TestCgroupReader::memoryFormula()
{
    QFETCH(FakeCgroupTree::Layout, layout);
    QFETCH(quint64, usage);
    QFETCH(quint64, inactiveFile);
    QFETCH(quint64, limit);
    QFETCH(quint64, expectUsed);
    QFETCH(quint64, expectLimit);

    FakeCgroupTree tree(layout);
    tree.addContainer(kId, kPid);
    tree.setMemory(kId, usage, inactiveFile, limit, std::max<quint64>(inactiveFile, 163840));
    CgroupReader reader = readerFor(tree);
    auto c = reader.locate(kId, kPid);
    QVERIFY(c.ok());
    const auto s = reader.read(c.value());
    QVERIFY(s.ok());
    QCOMPARE(s->memoryUsedBytes, expectUsed);
    QCOMPARE(s->memoryLimitBytes, expectLimit);

    // MEM % as docker shows it: used / limit.
    RawSample withTime = *s;
    const DerivedSample d = derive(nullptr, withTime, {});
    QCOMPARE(d[Metric::MemoryPercent], double(expectUsed) / double(expectLimit) * 100.0);
}

void TestCgroupReader::cpuPercentLikeDocker_data()
{
    QTest::addColumn<FakeCgroupTree::Layout>("layout");
    QTest::addColumn<quint64>("containerNsDelta");
    QTest::addColumn<quint64>("hostTicksDelta"); // summed over both CPUs
    QTest::addColumn<double>("expectPercent");

    // 1 s of wall time on 2 CPUs is 200 ticks of host time (at 100 Hz).
    QTest::newRow("v1 quarter core") << FakeCgroupTree::Layout::V1Cgroupfs << quint64(250000000) << quint64(200)
                                     << 25.0;
    QTest::newRow("v1 idle") << FakeCgroupTree::Layout::V1Systemd << quint64(0) << quint64(200) << 0.0;
    QTest::newRow("v2 one and a half cores")
        << FakeCgroupTree::Layout::V2Systemd << quint64(1500000000) << quint64(200) << 150.0;
    QTest::newRow("v2 over 2 s") << FakeCgroupTree::Layout::V2Cgroupfs << quint64(1000000000) << quint64(400) << 50.0;
}

void TestCgroupReader::cpuPercentLikeDocker()
{
    QFETCH(FakeCgroupTree::Layout, layout);
    QFETCH(quint64, containerNsDelta);
    QFETCH(quint64, hostTicksDelta);
    QFETCH(double, expectPercent);

    if (sysconf(_SC_CLK_TCK) != 100)
        QSKIP("the tick arithmetic of this table assumes USER_HZ 100");

    FakeCgroupTree tree(layout);
    tree.addContainer(kId, kPid);
    CgroupReader reader = readerFor(tree);
    auto c = reader.locate(kId, kPid);
    QVERIFY(c.ok());

    const quint64 cpu0 = 81546000;
    tree.setCpuNs(kId, cpu0);
    tree.setHostTicks(383837, 0, 90867, 175648, 944, 0, 762);
    auto before = reader.read(c.value());
    auto host0 = reader.readHostCpu();
    QVERIFY(before.ok() && host0.ok());

    // The delta lands in user and idle time; any of the seven fields counts.
    tree.setCpuNs(kId, cpu0 + containerNsDelta);
    tree.setHostTicks(383837 + hostTicksDelta / 4, 0, 90867, 175648 + hostTicksDelta - hostTicksDelta / 4, 944, 0, 762);
    auto after = reader.read(c.value());
    auto host1 = reader.readHostCpu();
    QVERIFY(after.ok() && host1.ok());

    QCOMPARE(host1->onlineCpus, 2u);
    QCOMPARE(fd::metrics::cpuPercent(before->cpuUsageNs, after->cpuUsageNs, host0->totalNs, host1->totalNs,
                                     host1->onlineCpus),
             expectPercent);
}

void TestCgroupReader::hostCpu()
{
    FakeCgroupTree tree(FakeCgroupTree::Layout::V1Cgroupfs);
    tree.setHostTicks(100, 2, 30, 400, 5, 6, 7);
    CgroupReader reader = readerFor(tree);
    const auto h = reader.readHostCpu();
    QVERIFY(h.ok());
    // user+nice+system+idle+iowait+irq+softirq; steal (37) and guest (11) are not part of it.
    QCOMPARE(h->totalNs, FakeCgroupTree::ticksToNs(100 + 2 + 30 + 400 + 5 + 6 + 7));
    QCOMPARE(h->onlineCpus, 2u);
}

void TestCgroupReader::withoutPidNoNetwork()
{
    FakeCgroupTree tree(FakeCgroupTree::Layout::V1Cgroupfs);
    tree.addContainer(kId, kPid);
    CgroupReader reader = readerFor(tree);
    auto c = reader.locate(kId, 0);
    QVERIFY(c.ok());
    const auto s = reader.read(c.value());
    QVERIFY(s.ok());
    QVERIFY(s->has(RawSample::Cpu));
    QVERIFY(s->has(RawSample::Memory));
    QVERIFY(s->has(RawSample::Block));
    QVERIFY(!s->has(RawSample::Network)); // unknown, not zero
}

void TestCgroupReader::missingContainer()
{
    FakeCgroupTree tree(FakeCgroupTree::Layout::V2Systemd);
    CgroupReader reader = readerFor(tree);
    auto c = reader.locate(kId, kPid);
    QVERIFY(!c.ok());
    QCOMPARE(c.error().code, QStringLiteral("CgroupNotFound"));
    QVERIFY2(c.error().message.contains(kId.left(12)), qPrintable(c.error().message));
}

void TestCgroupReader::containerGoneAfterLocate()
{
    FakeCgroupTree tree(FakeCgroupTree::Layout::V1Cgroupfs);
    tree.addContainer(kId, kPid);
    CgroupReader reader = readerFor(tree);
    auto c = reader.locate(kId, kPid);
    QVERIFY(c.ok());
    tree.removeContainer(kId);
    const auto s = reader.read(c.value());
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, QStringLiteral("CgroupReadFailed"));
}

void TestCgroupReader::filesStayOpenBetweenSamples()
{
    FakeCgroupTree tree(FakeCgroupTree::Layout::V1Cgroupfs);
    tree.addContainer(kId, kPid);
    CgroupReader reader = readerFor(tree);
    auto c = reader.locate(kId, kPid);
    QVERIFY(c.ok());
    QVERIFY(!c->cpu.isOpen()); // opened on first use

    const int before = KeptFile::keptCount();
    QVERIFY(reader.read(c.value()).ok());
    // cpu, memory usage/limit/stat, blkio, net/dev: six descriptors, reused from now on.
    QCOMPARE(KeptFile::keptCount() - before, 6);
    QVERIFY(c->cpu.isOpen() && c->memStat.isOpen() && c->netDev.isOpen());

    // New content in the same file is seen through the kept descriptor (a read from offset 0).
    tree.setCpuNs(kId, 123456789000);
    tree.setNet(kPid, 5000, 7000);
    const auto s = reader.read(c.value());
    QVERIFY(s.ok());
    QCOMPARE(s->cpuUsageNs, quint64(123456789000));
    QCOMPARE(s->netRxBytes, quint64(5000 + 100));
    QCOMPARE(KeptFile::keptCount() - before, 6);

    c.value().closeFiles();
    QCOMPARE(KeptFile::keptCount(), before);
}

void TestCgroupReader::containerGoneAfterReads()
{
    FakeCgroupTree tree(FakeCgroupTree::Layout::V2Systemd);
    tree.addContainer(kId, kPid);
    CgroupReader reader = readerFor(tree);
    auto c = reader.locate(kId, kPid);
    QVERIFY(c.ok());
    const int before = KeptFile::keptCount();
    QVERIFY(reader.read(c.value()).ok());
    tree.removeContainer(kId);
    const auto s = reader.read(c.value());
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, QStringLiteral("CgroupReadFailed"));
    // Nothing of the dead container stays open (its network namespace included).
    QVERIFY(!c->cpu.isOpen() && !c->netDev.isOpen());
    QCOMPARE(KeptFile::keptCount(), before);
}

void TestCgroupReader::limitIsRereadPeriodically()
{
    FakeCgroupTree tree(FakeCgroupTree::Layout::V1Cgroupfs);
    tree.addContainer(kId, kPid);
    tree.setMemory(kId, 716800, 0, 268435456);
    CgroupReader reader = readerFor(tree);
    auto c = reader.locate(kId, kPid);
    QVERIFY(c.ok());
    QCOMPARE(reader.read(c.value())->memoryLimitBytes, quint64(268435456));

    // `docker update --memory 128m`: seen within kLimitRefreshSamples samples, not necessarily at once.
    tree.setMemory(kId, 716800, 0, 134217728);
    int samples = 0;
    quint64 limit = 0;
    do {
        limit = reader.read(c.value())->memoryLimitBytes;
        ++samples;
    } while (limit != 134217728 && samples < 100);
    QCOMPARE(limit, quint64(134217728));
    QCOMPARE(samples, CgroupReader::kLimitRefreshSamples);
}

void TestCgroupReader::rejectsPathLikeIds()
{
    FakeCgroupTree tree(FakeCgroupTree::Layout::V1Cgroupfs);
    CgroupReader reader = readerFor(tree);
    for (const QString &bad : {QString(), QStringLiteral("../memory"), QStringLiteral("a/b")}) {
        auto c = reader.locate(bad, 0);
        QVERIFY(!c.ok());
        QCOMPARE(c.error().code, QStringLiteral("InvalidContainerId"));
    }
}

void TestCgroupReader::unknownRoot()
{
    QTemporaryDir empty;
    CgroupReader reader(CgroupReader::Roots{empty.path(), empty.path()});
    QCOMPARE(toString(reader.version()), toString(CgroupVersion::Unknown));
    QCOMPARE(reader.hostMemoryBytes(), quint64(0));
    QVERIFY(!reader.locate(kId, 0).ok());
    QVERIFY(!reader.readHostCpu().ok());
}

void TestCgroupReader::realHostIfPresent()
{
    // The real /proc/stat always parses; this catches a format the fake does not have.
    CgroupReader reader;
    const auto h = reader.readHostCpu();
    QVERIFY2(h.ok(), h.ok() ? "" : qPrintable(h.error().message));
    QVERIFY(h->totalNs > 0);
    QVERIFY(h->onlineCpus >= 1);
    QVERIFY(reader.hostMemoryBytes() > 0);
}

QTEST_APPLESS_MAIN(TestCgroupReader)
#include "TestCgroupReader.moc"
