// TestStatsCollector: the cgroup-based collector on the real Docker engine, checked against what
// `docker stats` itself reports for the same containers.
//
// Two fleetdeck/demo-web:1 containers run (one with a 64 MiB limit, one publishing 8080 on
// 127.0.0.1 only, which the test sends a few requests to through loopback; never a bridge
// address). The collector samples them at 1 Hz for about 3 s. Without a Docker engine the test
// skips, or fails when CI=true. Containers are labelled fleetdeck.test=TestStatsCollector and
// removed whatever happens.

#include "Clock.h"
#include "TestSupport.h"
#include "metrics/StatsCollector.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

#include <cmath>

using namespace fd::metrics;

namespace {

const QString kLabel = QStringLiteral("fleetdeck.test=TestStatsCollector");
const QString kImage = QStringLiteral("fleetdeck/demo-web:1");

struct ProcResult
{
    bool ok = false;
    QByteArray out;
    QByteArray err;
    QString describe() const { return QString::fromUtf8(err.trimmed() + ' ' + out.trimmed()); }
};

QString dockerProgram()
{
    const QString fromEnv = qEnvironmentVariable("DOCKER");
    return fromEnv.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("docker")) : fromEnv;
}

// The docker client with an argument list (no shell), bounded in time.
ProcResult docker(const QStringList &args, int timeoutMs = 30000)
{
    ProcResult r;
    const QString program = dockerProgram();
    if (program.isEmpty()) {
        r.err = "no docker client on PATH";
        return r;
    }
    QProcess p;
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        r.err = p.errorString().toUtf8();
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = "timed out: docker " + args.join(u' ').toUtf8();
        return r;
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    r.ok = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    return r;
}

// "700KiB", "1.5MiB", "23.54GiB", "0B" as printed by `docker stats` (binary units, 4 digits).
std::optional<double> parseDockerBytes(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*([0-9.]+)\\s*([KMGTP]?i?B)\\s*$"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const double v = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    static const QStringList units{QStringLiteral("B"),   QStringLiteral("KiB"), QStringLiteral("MiB"),
                                   QStringLiteral("GiB"), QStringLiteral("TiB"), QStringLiteral("PiB")};
    const qsizetype i = units.indexOf(unit);
    if (i < 0)
        return std::nullopt;
    return v * std::pow(1024.0, double(i));
}

struct DockerStatsRow
{
    double memUsed = 0;
    double memLimit = 0;
    double cpuPercent = 0;
};

} // namespace

class TestStatsCollector final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void collectsLikeDockerStats();
    void cleanupTestCase();

private:
    QString startContainer(const QStringList &extraArgs);
    void removeLabelled();
    int sendRequests(quint16 port, int count);

    QStringList m_started;
};

void TestStatsCollector::initTestCase()
{
    const ProcResult v =
        docker({QStringLiteral("version"), QStringLiteral("--format"), QStringLiteral("{{.Server.Version}}")}, 15000);
    if (!v.ok) {
        const QString why =
            QStringLiteral("no Docker engine (run resources/scripts/ensure-docker.sh): ") + v.describe();
        if (fd::test::inCi())
            QFAIL(qPrintable(why));
        QSKIP(qPrintable(why));
    }
    const ProcResult image = docker({QStringLiteral("image"), QStringLiteral("inspect"), kImage});
    if (!image.ok) {
        const QString why = kImage + QStringLiteral(" is missing: run resources/scripts/build-images.sh");
        if (fd::test::inCi())
            QFAIL(qPrintable(why));
        QSKIP(qPrintable(why));
    }
    removeLabelled(); // left over by a run that was killed
}

void TestStatsCollector::cleanupTestCase()
{
    if (!m_started.isEmpty())
        docker(QStringList{QStringLiteral("rm"), QStringLiteral("--force")} + m_started, 60000);
    m_started.clear();
    removeLabelled();
}

void TestStatsCollector::removeLabelled()
{
    const ProcResult ids = docker({QStringLiteral("ps"), QStringLiteral("-aq"), QStringLiteral("--no-trunc"),
                                   QStringLiteral("--filter"), QStringLiteral("label=") + kLabel});
    const QStringList list = QString::fromUtf8(ids.out).split(u'\n', Qt::SkipEmptyParts);
    if (!list.isEmpty())
        docker(QStringList{QStringLiteral("rm"), QStringLiteral("--force")} + list, 60000);
}

QString TestStatsCollector::startContainer(const QStringList &extraArgs)
{
    const ProcResult run =
        docker(QStringList{QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("--label"), kLabel} + extraArgs +
               QStringList{kImage});
    const QString id = QString::fromUtf8(run.out.trimmed());
    if (run.ok && id.size() == 64)
        m_started.append(id);
    else
        qWarning() << "docker run failed:" << run.describe();
    return run.ok ? id : QString();
}

int TestStatsCollector::sendRequests(quint16 port, int count)
{
    QNetworkAccessManager nam;
    nam.setProxy(QNetworkProxy::NoProxy);
    int ok = 0;
    for (int i = 0; i < count; ++i) {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)));
        req.setTransferTimeout(5000);
        QNetworkReply *reply = nam.get(req);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (done.wait(6000) && reply->error() == QNetworkReply::NoError)
            ++ok;
        reply->deleteLater();
    }
    return ok;
}

void TestStatsCollector::collectsLikeDockerStats()
{
    const QString limited = startContainer({QStringLiteral("--memory"), QStringLiteral("64m")});
    const QString served = startContainer({QStringLiteral("-p"), QStringLiteral("127.0.0.1::8080")});
    QVERIFY(!limited.isEmpty());
    QVERIFY(!served.isEmpty());

    // Full id and init pid, as the runtime gets them from inspect.
    const ProcResult inspect = docker({QStringLiteral("inspect"), QStringLiteral("--format"),
                                       QStringLiteral("{{.Id}} {{.State.Pid}}"), limited, served});
    QVERIFY2(inspect.ok, qPrintable(inspect.describe()));
    QHash<QString, qint64> pids;
    for (const QString &line : QString::fromUtf8(inspect.out).split(u'\n', Qt::SkipEmptyParts)) {
        const QStringList parts = line.split(u' ');
        QCOMPARE(parts.size(), 2);
        pids.insert(parts[0], parts[1].toLongLong());
    }
    QVERIFY(pids.value(limited) > 0);
    QVERIFY(pids.value(served) > 0);

    const ProcResult portOut = docker({QStringLiteral("port"), served, QStringLiteral("8080/tcp")});
    const QString binding = QString::fromUtf8(portOut.out).split(u'\n', Qt::SkipEmptyParts).value(0);
    QVERIFY2(binding.startsWith(QStringLiteral("127.0.0.1:")), qPrintable(binding));
    const quint16 port = quint16(binding.section(u':', -1).toUInt());

    StatsCollector collector(std::make_shared<fd::SystemClock>());
    QCOMPARE(collector.intervalMs(), 1000);
    collector.addContainer(limited, pids.value(limited));
    collector.addContainer(served, pids.value(served));
    QSignalSpy spy(&collector, &StatsCollector::sampled);

    QElapsedTimer elapsed;
    elapsed.start();
    collector.sampleNow(); // baseline now, then 1 Hz
    collector.start();
    // Some traffic through the published loopback port while sampling.
    QVERIFY(sendRequests(port, 20) >= 15);
    QTRY_VERIFY_WITH_TIMEOUT(collector.series(limited, Metric::CpuPercent)->size() >= 2 &&
                                 collector.series(served, Metric::CpuPercent)->size() >= 2 && elapsed.elapsed() >= 3000,
                             10000);
    collector.stop();

    // One batch per tick, each with both containers and no failures.
    QVERIFY(spy.count() >= 3);
    for (const QList<QVariant> &args : std::as_const(spy)) {
        const SampleBatch b = args.at(0).value<SampleBatch>();
        QCOMPARE(b.samples.size(), 2);
        QVERIFY2(b.failures.isEmpty(), qPrintable(b.failures.value(0).error.message));
    }

    for (const QString &id : {limited, served}) {
        const TimeSeries *cpu = collector.series(id, Metric::CpuPercent);
        for (const Point &p : cpu->points())
            QVERIFY2(p.v >= 0.0 && p.v <= 100.0 * QThread::idealThreadCount() + 1, qPrintable(QString::number(p.v)));
        QVERIFY(collector.series(id, Metric::MemoryBytes)->last()->v > 0);
        QVERIFY(collector.series(id, Metric::BlockReadBps)->size() >= 2);
    }
    // The served container received our requests: some rx and tx in some second.
    const auto rx = collector.series(served, Metric::NetRxBps)->aggregate(0, std::numeric_limits<qint64>::max());
    const auto tx = collector.series(served, Metric::NetTxBps)->aggregate(0, std::numeric_limits<qint64>::max());
    QVERIFY(rx && rx->max > 0);
    QVERIFY(tx && tx->max > 0);

    // Now what docker says, and our reading right after it.
    const ProcResult stats =
        docker({QStringLiteral("stats"), QStringLiteral("--no-stream"), QStringLiteral("--no-trunc"),
                QStringLiteral("--format"), QStringLiteral("{{.ID}}|{{.MemUsage}}|{{.CPUPerc}}"), limited, served},
               30000);
    QVERIFY2(stats.ok, qPrintable(stats.describe()));
    collector.sampleNow();

    QHash<QString, DockerStatsRow> rows;
    for (const QString &line : QString::fromUtf8(stats.out).split(u'\n', Qt::SkipEmptyParts)) {
        const QStringList f = line.split(u'|');
        QCOMPARE(f.size(), 3);
        const QStringList mem = f[1].split(u'/');
        QCOMPARE(mem.size(), 2);
        const auto used = parseDockerBytes(mem[0]);
        const auto limit = parseDockerBytes(mem[1]);
        QVERIFY2(used && limit, qPrintable(line));
        QString cpu = f[2].trimmed();
        cpu.chop(1); // "0.00%"
        rows.insert(f[0].trimmed(), {*used, *limit, cpu.toDouble()});
    }
    QVERIFY2(rows.contains(limited) && rows.contains(served), stats.out.constData());

    CgroupReader reader;
    for (const QString &id : {limited, served}) {
        const DockerStatsRow docker = rows.value(id);
        const double ours = collector.series(id, Metric::MemoryBytes)->last()->v;
        // Both read the same cgroup files a second or two apart; docker prints 4 significant
        // digits. An idle demo-web uses well under 1 MiB, so allow 256 KiB or 10 %.
        const double tolerance = std::max(256.0 * 1024, 0.10 * docker.memUsed);
        qInfo().noquote() << QStringLiteral("%1: memory ours %2 B, docker stats %3 B; CPU % ours %4, docker %5")
                                 .arg(id.left(12))
                                 .arg(ours, 0, 'f', 0)
                                 .arg(docker.memUsed, 0, 'f', 0)
                                 .arg((*collector.latest(id))[Metric::CpuPercent], 0, 'f', 3)
                                 .arg(docker.cpuPercent, 0, 'f', 2);
        QVERIFY2(
            std::abs(ours - docker.memUsed) <= tolerance,
            qPrintable(
                QStringLiteral("%1: ours %2 B, docker stats %3 B").arg(id.left(12)).arg(ours).arg(docker.memUsed)));

        auto c = reader.locate(id, pids.value(id));
        QVERIFY(c.ok());
        const auto raw = reader.read(c.value());
        QVERIFY(raw.ok());
        QVERIFY2(
            std::abs(double(raw->memoryLimitBytes) - docker.memLimit) <= 0.005 * docker.memLimit,
            qPrintable(QStringLiteral("limit: ours %1, docker %2").arg(raw->memoryLimitBytes).arg(docker.memLimit)));
        // MEM % the same way, from the same limit.
        const double ourPercent = collector.series(id, Metric::MemoryPercent)->last()->v;
        QVERIFY(std::abs(ourPercent - docker.memUsed / docker.memLimit * 100.0) <= tolerance / docker.memLimit * 100.0);
        // Idle containers: docker shows well under a few %, and so do we.
        QVERIFY(docker.cpuPercent < 5.0);
        QVERIFY(collector.latest(id).has_value());
        QVERIFY((*collector.latest(id))[Metric::CpuPercent] < 5.0);
    }
    QCOMPARE(rows.value(limited).memLimit, 64.0 * 1024 * 1024);

    // A container that stops: its cgroup goes away, the kept descriptors read ENODEV, and the
    // collector reports it as failing (and closes its files) instead of repeating stale numbers.
    const ProcResult kill = docker({QStringLiteral("kill"), limited});
    QVERIFY2(kill.ok, qPrintable(kill.describe()));
    const auto failedFor = [&](const QString &id) {
        collector.sampleNow();
        const SampleBatch b = spy.last().at(0).value<SampleBatch>();
        return std::any_of(b.failures.begin(), b.failures.end(), [&](const SampleFailure &f) { return f.id == id; }) &&
               std::none_of(b.samples.begin(), b.samples.end(), [&](const ContainerSample &s) { return s.id == id; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(failedFor(limited), 15000);
    QVERIFY(!failedFor(served)); // the other one carries on
}

QTEST_GUILESS_MAIN(TestStatsCollector)
#include "TestStatsCollector.moc"
