// Container Insights (ECS/ContainerInsights): the formulas against hand-computed values, and the
// publisher on a manual clock honouring the cluster setting: disabled publishes none of them (the
// AWS/ECS metrics as before), enabled the cluster, service and family sets, enhanced also the task
// and container sets; switching takes effect from the next sample and what is stored stays. The
// per-task records for the console follow enabled and enhanced; per-task series are forgotten an
// hour after their last datapoint.

#include "ControlPlane.h"
#include "DrivenSystem.h"
#include "TestSupport.h"
#include "controllers/MetricsPublisher.h"
#include "metrics/EcsMetrics.h"
#include "metrics/InsightsMetrics.h"
#include "metrics/MetricStore.h"
#include "ops/Clusters.h"
#include "ops/Services.h"
#include "ops/Tasks.h"
#include "runtime/SimulatedRuntime.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <functional>
#include <memory>
#include <set>

using namespace fd;
using namespace fd::metrics;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMinute = 60'000;
const QString kCluster = u"insights"_s;

/// The value of the sample of `id` in `samples`; nullopt when there is none.
std::optional<double> valueOf(const std::vector<InsightsSample> &samples, const MetricId &id)
{
    for (const InsightsSample &s : samples)
        if (s.metric == id)
            return s.value;
    return std::nullopt;
}

/// valueOf(), NaN when there is none (so QCOMPARE with a number fails).
double val(const std::vector<InsightsSample> &samples, const MetricId &id)
{
    return valueOf(samples, id).value_or(qQNaN());
}

std::optional<StandardUnit> unitOf(const std::vector<InsightsSample> &samples, const MetricId &id)
{
    for (const InsightsSample &s : samples)
        if (s.metric == id)
            return s.unit;
    return std::nullopt;
}

/// "Name{Dim,Dim}" of every metric, to compare sets of identities by name and dimension names.
std::set<QString> shapes(const std::vector<MetricId> &ids)
{
    std::set<QString> out;
    for (const MetricId &id : ids) {
        QStringList dims;
        for (const Dimension &d : id.dimensions)
            dims << d.name;
        out.insert(id.metricName + u'{' + dims.join(u',') + u'}');
    }
    return out;
}

// Two RUNNING tasks of service web, one PENDING, on a cluster of 3 instances:
//  a: 512 units, 1,024 MiB; its container "app" (cpu 512, memory 1,024) uses 25 % of a core = 256
//     units, 256 MiB, receives 1,000 B/s and sends 500 B/s;
//  b: 256 units, 512 MiB; no usage sample yet;
//  c: PENDING.
InsightsCluster example(InsightsLevel level)
{
    InsightsCluster c;
    c.name = kCluster;
    c.level = level;
    c.containerInstanceCount = 3;
    c.services = {{u"web"_s, 3, 2}};
    InsightsTask a;
    a.taskId = u"aaaa"_s;
    a.family = u"shop"_s;
    a.service = u"web"_s;
    a.running = true;
    a.reserved = {512, 1024};
    InsightsContainer app;
    app.name = u"app"_s;
    app.reserved = {512, 1024};
    app.sampled = true;
    app.used = {cpuUnitsFromDockerPercent(25), 256};
    app.hasNetwork = true;
    app.rxBytesPerSecond = 1000;
    app.txBytesPerSecond = 500;
    a.containers = {app};
    InsightsTask b;
    b.taskId = u"bbbb"_s;
    b.family = u"shop"_s;
    b.service = u"web"_s;
    b.running = true;
    b.reserved = {256, 512};
    b.containers = {InsightsContainer{u"app"_s, {256, 512}}};
    InsightsTask p;
    p.taskId = u"cccc"_s;
    p.family = u"shop"_s;
    p.service = u"web"_s;
    p.pending = true;
    c.tasks = {a, b, p};
    return c;
}

} // namespace

class TestContainerInsights final : public QObject
{
    Q_OBJECT

private slots:
    void settingNamesItsLevel();
    void formulasMatchHandComputedValues();
    void enhancedAddsTaskAndContainerLevels();
    void disabledClusterHasNoSamples();
    void taskSeriesAreForgottenAnHourAfterTheLastDatapoint();
    void thousandTasksStayBounded();

    void init();
    void cleanup();
    void publisherHonoursTheSetting();

private:
    void step(qint64 ms) { m_sim->step(ms); }
    void runToNextMinute();
    std::vector<StatisticsDatapoint> minutes(const MetricStore &store, const MetricId &id, qint64 fromMs,
                                             int count) const;
    std::vector<MetricId> insightsMetrics() const
    {
        return m_cp->metricStore().listMetrics(MetricFilter{kInsightsNamespace, {}, {}});
    }
    qint64 now() const { return m_sim->clock().now().toMSecsSinceEpoch(); }
    void setInsights(const QString &value)
    {
        ops::ClusterSpec spec;
        spec.containerInsights = value;
        QVERIFY(m_cp->clusters().update(kCluster, spec));
    }

    std::unique_ptr<test::DrivenSimulation> m_sim;
    ControlPlane *m_cp = nullptr;
};

void TestContainerInsights::settingNamesItsLevel()
{
    QCOMPARE(insightsLevel(u"enabled"_s), InsightsLevel::Enabled);
    QCOMPARE(insightsLevel(u"enhanced"_s), InsightsLevel::Enhanced);
    QCOMPARE(insightsLevel(u"disabled"_s), InsightsLevel::Disabled);
    QCOMPARE(insightsLevel(QString()), InsightsLevel::Disabled);
}

void TestContainerInsights::formulasMatchHandComputedValues()
{
    const std::vector<InsightsSample> s = insightsSamples(example(InsightsLevel::Enabled));
    const auto cluster = [](const QString &n) { return insightsClusterId(kCluster, n); };
    const auto service = [](const QString &n) { return insightsServiceId(kCluster, u"web"_s, n); };
    const auto family = [](const QString &n) { return insightsFamilyId(kCluster, u"shop"_s, n); };

    // Used: only a has a sample (256 units, 256 MiB). Reserved: both running tasks, 512 + 256 units
    // and 1,024 + 512 MiB. The pending task counts as pending only.
    for (const std::function<MetricId(const QString &)> &id :
         std::vector<std::function<MetricId(const QString &)>>{cluster, service, family}) {
        QCOMPARE(val(s, id(u"CpuUtilized"_s)), 256.0);
        QCOMPARE(val(s, id(u"CpuReserved"_s)), 768.0);
        QCOMPARE(val(s, id(u"MemoryUtilized"_s)), 256.0);
        QCOMPARE(val(s, id(u"MemoryReserved"_s)), 1536.0);
        QCOMPARE(val(s, id(u"NetworkRxBytes"_s)), 1000.0);
        QCOMPARE(val(s, id(u"NetworkTxBytes"_s)), 500.0);
    }
    QCOMPARE(val(s, cluster(u"TaskCount"_s)), 2.0);
    QCOMPARE(val(s, cluster(u"RunningTaskCount"_s)), 2.0);
    QCOMPARE(val(s, cluster(u"PendingTaskCount"_s)), 1.0);
    QCOMPARE(val(s, cluster(u"ServiceCount"_s)), 1.0);
    QCOMPARE(val(s, cluster(u"ContainerInstanceCount"_s)), 3.0);
    QCOMPARE(val(s, service(u"DesiredTaskCount"_s)), 3.0);
    QCOMPARE(val(s, service(u"RunningTaskCount"_s)), 2.0);
    QCOMPARE(val(s, service(u"PendingTaskCount"_s)), 1.0);
    QCOMPARE(val(s, service(u"DeploymentCount"_s)), 2.0);
    // Counts per service only, not per family; no DesiredTaskCount for a cluster.
    QVERIFY(!valueOf(s, family(u"RunningTaskCount"_s)));
    QVERIFY(!valueOf(s, cluster(u"DesiredTaskCount"_s)));

    QVERIFY(unitOf(s, cluster(u"CpuUtilized"_s)) == StandardUnit::None);
    QVERIFY(unitOf(s, cluster(u"MemoryUtilized"_s)) == StandardUnit::Megabytes);
    QVERIFY(unitOf(s, cluster(u"NetworkRxBytes"_s)) == StandardUnit::BytesPerSecond);
    QVERIFY(unitOf(s, cluster(u"TaskCount"_s)) == StandardUnit::Count);

    // Enabled has no per-task or per-container metric.
    for (const InsightsSample &x : s)
        for (const Dimension &d : x.metric.dimensions)
            QVERIFY2(d.name != u"TaskId"_s && d.name != u"ContainerName"_s, qPrintable(x.metric.metricName));

    // A task without a network reading leaves the network metrics out rather than saying 0.
    InsightsCluster quiet = example(InsightsLevel::Enabled);
    quiet.tasks[0].containers[0].hasNetwork = false;
    const std::vector<InsightsSample> q = insightsSamples(quiet);
    QVERIFY(!valueOf(q, cluster(u"NetworkRxBytes"_s)));
    QCOMPARE(val(q, cluster(u"CpuUtilized"_s)), 256.0);
}

void TestContainerInsights::enhancedAddsTaskAndContainerLevels()
{
    const std::vector<InsightsSample> s = insightsSamples(example(InsightsLevel::Enhanced));
    const auto task = [](const QString &n) { return insightsTaskId(kCluster, u"shop"_s, u"aaaa"_s, n); };
    const auto container = [](const QString &n) {
        return insightsContainerId(kCluster, u"shop"_s, u"aaaa"_s, u"app"_s, n);
    };
    // A task using 256 of its 512 units: 50 %; 256 of 1,024 MiB: 25 %.
    QCOMPARE(val(s, task(u"CpuUtilized"_s)), 256.0);
    QCOMPARE(val(s, task(u"CpuReserved"_s)), 512.0);
    QCOMPARE(val(s, task(u"MemoryUtilized"_s)), 256.0);
    QCOMPARE(val(s, task(u"MemoryReserved"_s)), 1024.0);
    QCOMPARE(val(s, task(u"TaskCpuUtilization"_s)), 50.0);
    QCOMPARE(val(s, task(u"TaskMemoryUtilization"_s)), 25.0);
    QVERIFY(unitOf(s, task(u"TaskCpuUtilization"_s)) == StandardUnit::Percent);
    QCOMPARE(val(s, task(u"NetworkRxBytes"_s)), 1000.0);
    QCOMPARE(val(s, container(u"ContainerCpuUtilized"_s)), 256.0);
    QCOMPARE(val(s, container(u"ContainerCpuReserved"_s)), 512.0);
    QCOMPARE(val(s, container(u"ContainerCpuUtilization"_s)), 50.0);
    QCOMPARE(val(s, container(u"ContainerMemoryUtilization"_s)), 25.0);
    QCOMPARE(val(s, container(u"ContainerNetworkTxBytes"_s)), 500.0);
    // The task without a usage sample has no task-level datapoint.
    QVERIFY(!valueOf(s, insightsTaskId(kCluster, u"shop"_s, u"bbbb"_s, u"CpuReserved"_s)));
    // Still the enabled set too.
    QCOMPARE(val(s, insightsClusterId(kCluster, u"CpuUtilized"_s)), 256.0);

    // A container without its own cpu has no ContainerCpuUtilization (nothing to divide by).
    InsightsCluster noCpu = example(InsightsLevel::Enhanced);
    noCpu.tasks[0].containers[0].reserved.cpu = 0;
    QVERIFY(!valueOf(insightsSamples(noCpu), container(u"ContainerCpuUtilization"_s)));

    // taskSamples() is the same task-level set, whatever the level.
    const std::vector<InsightsSample> t = taskSamples(kCluster, example(InsightsLevel::Enabled).tasks[0]);
    QCOMPARE(val(t, task(u"TaskCpuUtilization"_s)), 50.0);
    QCOMPARE(int(t.size()), 8);
}

void TestContainerInsights::disabledClusterHasNoSamples()
{
    QVERIFY(insightsSamples(example(InsightsLevel::Disabled)).empty());
}

void TestContainerInsights::taskSeriesAreForgottenAnHourAfterTheLastDatapoint()
{
    ManualClock clock; // 2026-01-01 00:00 UTC
    MetricStore store(clock);
    const qint64 t0 = clock.now().toMSecsSinceEpoch();
    const MetricId task = insightsTaskId(kCluster, u"shop"_s, u"aaaa"_s, u"CpuUtilized"_s);
    const MetricId cluster = insightsClusterId(kCluster, u"CpuUtilized"_s);
    // The same dimension in another namespace is a client's metric: a day's retention.
    const MetricId custom{u"Custom/App"_s, u"Work"_s, {{u"TaskId"_s, u"aaaa"_s}}};
    for (const MetricId &id : {task, cluster, custom})
        QVERIFY(store.put(MetricDatum{id, t0, 1.0, std::nullopt, StandardUnit::None}));
    QCOMPARE(store.metricCount(), 3);

    clock.advance(59 * kMinute);
    store.prune();
    QCOMPARE(store.metricCount(), 3);
    clock.advance(2 * kMinute);
    store.prune();
    QCOMPARE(store.metricCount(), 2);
    QVERIFY(store.listMetrics(MetricFilter{kInsightsNamespace, u"CpuUtilized"_s, {{u"TaskId"_s, {}}}}).empty());
    clock.advance(23 * 60 * kMinute);
    store.prune();
    QCOMPARE(store.metricCount(), 0);
}

namespace {

qint64 rssKiB()
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').front().toLongLong();
    return -1;
}

} // namespace

// 1,000 running tasks, each with its 8 task-level metrics once a minute for 70 minutes: every series
// holds at most 61 datapoints (the hour kept, plus the current minute); once they stop, an hour later
// the store is empty again. Prints the entries and the resident memory it took.
void TestContainerInsights::thousandTasksStayBounded()
{
    constexpr int kTasks = 1'000; // 10,000 measured: 4.88 M entries, RSS +462 MiB
    ManualClock clock;
    MetricStore store(clock);
    const qint64 rssBefore = rssKiB();
    const QStringList names = {u"CpuUtilized"_s,        u"CpuReserved"_s,          u"MemoryUtilized"_s,
                               u"MemoryReserved"_s,     u"NetworkRxBytes"_s,       u"NetworkTxBytes"_s,
                               u"TaskCpuUtilization"_s, u"TaskMemoryUtilization"_s};
    std::vector<MetricId> ids;
    ids.reserve(std::size_t(kTasks) * std::size_t(names.size()));
    for (int t = 0; t < kTasks; ++t)
        for (const QString &n : names)
            ids.push_back(insightsTaskId(kCluster, u"shop"_s, u"%1"_s.arg(t, 32, 16, QLatin1Char('0')), n));
    QElapsedTimer timer;
    timer.start();
    for (int minute = 0; minute < 70; ++minute) {
        const qint64 now = clock.now().toMSecsSinceEpoch();
        for (const MetricId &id : ids)
            QVERIFY(store.put(MetricDatum{id, now, 1.0, std::nullopt, StandardUnit::None}));
        store.prune();
        clock.advance(kMinute);
    }
    const qint64 putMs = timer.elapsed();
    const qint64 entries = store.entryCount();
    const qint64 rssAfter = rssKiB();
    qInfo("%d tasks x %d metrics, 70 minutes: %lld entries (%.1f per series), %lld ms, RSS +%lld MiB", kTasks,
          int(names.size()), entries, double(entries) / double(ids.size()), putMs, (rssAfter - rssBefore) / 1024);
    QVERIFY(entries <= qint64(ids.size()) * 61);
    QCOMPARE(store.metricCount(), qsizetype(ids.size()));

    // Stopped: nothing more is written; an hour later every series is gone.
    clock.advance(MetricStore::kTaskSeriesRetentionMs + kMinute);
    store.prune();
    QCOMPARE(store.metricCount(), 0);
    QCOMPARE(store.entryCount(), 0);
}

void TestContainerInsights::init()
{
    if (QString(QTest::currentTestFunction()) != u"publisherHonoursTheSetting"_s)
        return;
    m_sim = std::make_unique<test::DrivenSimulation>(kCluster, 1); // one t3.medium: 2,048 units, 4,096 MiB
    m_cp = &m_sim->cp();
    QVERIFY(m_sim->registerTaskDefinition(R"({"family": "busy", "containerDefinitions": [{"name": "app",
        "image": "fleetdeck/demo-web:1", "cpu": 512, "memory": 1024}]})"));
}

void TestContainerInsights::cleanup()
{
    m_cp = nullptr;
    m_sim.reset();
}

void TestContainerInsights::runToNextMinute()
{
    const qint64 next = now() - now() % kMinute + kMinute;
    while (now() < next)
        step(std::min<qint64>(1000, next - now()));
}

std::vector<StatisticsDatapoint> TestContainerInsights::minutes(const MetricStore &store, const MetricId &id,
                                                                qint64 fromMs, int count) const
{
    StatisticsQuery q;
    q.metric = id;
    q.startMs = fromMs;
    q.endMs = fromMs + count * kMinute;
    q.periodSeconds = 60;
    q.statistics = {Statistic::Average, Statistic::SampleCount};
    auto r = store.statistics(q);
    if (!r)
        qFatal("statistics: %s", qPrintable(r.error().message));
    return r.value();
}

// 2 tasks of 512 units and 1,024 MiB on one 2,048-unit instance, each at 150 % of its CPU (768
// units) and 25 % of its memory (256 MiB).
void TestContainerInsights::publisherHonoursTheSetting()
{
    QVERIFY(m_sim->createService(u"web"_s, u"busy:1"_s, 2));
    QVERIFY(m_sim->system().setSimulatedLoad(kCluster, u"web"_s, 150, 25));
    QVERIFY(MetricsPublisher::namespaces().contains(kInsightsNamespace));

    // Disabled (the default): two whole minutes publish the AWS/ECS metrics and none of these.
    runToNextMinute();
    const qint64 disabledMinute = now();
    runToNextMinute();
    runToNextMinute();
    QVERIFY(insightsMetrics().empty());
    QVERIFY(m_cp->taskPerformanceStore().listMetrics().empty());
    QCOMPARE(
        int(minutes(m_cp->metricStore(), serviceMetricId(kCluster, u"web"_s, u"CPUUtilization"_s), disabledMinute, 1)
                .size()),
        1);

    // Enabled: from the next sample on; the next whole minute holds 60 samples of each.
    setInsights(u"enabled"_s);
    runToNextMinute();
    const qint64 enabledMinute = now();
    runToNextMinute();
    const std::set<QString> enabled = shapes(insightsMetrics());
    for (const QString &name : {u"CpuUtilized"_s, u"CpuReserved"_s, u"MemoryUtilized"_s, u"MemoryReserved"_s,
                                u"NetworkRxBytes"_s, u"NetworkTxBytes"_s}) {
        QVERIFY2(enabled.count(name + u"{ClusterName}"_s), qPrintable(name));
        QVERIFY2(enabled.count(name + u"{ClusterName,ServiceName}"_s), qPrintable(name));
        QVERIFY2(enabled.count(name + u"{ClusterName,TaskDefinitionFamily}"_s), qPrintable(name));
    }
    for (const QString &shape :
         {u"TaskCount{ClusterName}"_s, u"ServiceCount{ClusterName}"_s, u"ContainerInstanceCount{ClusterName}"_s,
          u"RunningTaskCount{ClusterName}"_s, u"PendingTaskCount{ClusterName}"_s,
          u"RunningTaskCount{ClusterName,ServiceName}"_s, u"PendingTaskCount{ClusterName,ServiceName}"_s,
          u"DesiredTaskCount{ClusterName,ServiceName}"_s, u"DeploymentCount{ClusterName,ServiceName}"_s})
        QVERIFY2(enabled.count(shape), qPrintable(shape));
    for (const QString &shape : enabled)
        QVERIFY2(!shape.contains(u"TaskId"_s) && !shape.contains(u"ContainerName"_s), qPrintable(shape));

    const std::pair<MetricId, double> expected[] = {
        {insightsServiceId(kCluster, u"web"_s, u"CpuUtilized"_s), 1536.0}, // 2 x 768 units
        {insightsServiceId(kCluster, u"web"_s, u"CpuReserved"_s), 1024.0},
        {insightsServiceId(kCluster, u"web"_s, u"MemoryUtilized"_s), 512.0}, // 2 x 256 MiB
        {insightsServiceId(kCluster, u"web"_s, u"MemoryReserved"_s), 2048.0},
        {insightsServiceId(kCluster, u"web"_s, u"RunningTaskCount"_s), 2.0},
        {insightsServiceId(kCluster, u"web"_s, u"DesiredTaskCount"_s), 2.0},
        {insightsClusterId(kCluster, u"TaskCount"_s), 2.0},
        {insightsClusterId(kCluster, u"ContainerInstanceCount"_s), 1.0},
        {insightsClusterId(kCluster, u"NetworkRxBytes"_s), 0.0}, // a simulated container moves no bytes
        {insightsFamilyId(kCluster, u"busy"_s, u"CpuUtilized"_s), 1536.0},
    };
    for (const auto &[id, value] : expected) {
        const std::vector<StatisticsDatapoint> points = minutes(m_cp->metricStore(), id, enabledMinute, 1);
        QVERIFY2(points.size() == 1, qPrintable(id.metricName));
        QCOMPARE(*points[0].sampleCount, 60.0);
        QVERIFY2(qAbs(*points[0].average - value) < 1e-6,
                 qPrintable(id.metricName + u": "_s + QString::number(*points[0].average)));
    }

    // The console's per-task records: each running task, 768 of 512 units = 150 %.
    const QList<Task> tasks = m_cp->tasks().list(kCluster);
    QCOMPARE(tasks.size(), 2);
    for (const Task &t : tasks) {
        const auto points =
            minutes(m_cp->taskPerformanceStore(), insightsTaskId(kCluster, u"busy"_s, t.id, u"TaskCpuUtilization"_s),
                    enabledMinute, 1);
        QCOMPARE(int(points.size()), 1);
        QVERIFY2(qAbs(*points[0].average - 150.0) < 1e-6, qPrintable(QString::number(*points[0].average)));
    }

    // Enhanced: the task and container sets too, readable like any metric.
    setInsights(u"enhanced"_s);
    runToNextMinute();
    const qint64 enhancedMinute = now();
    runToNextMinute();
    const std::set<QString> enhanced = shapes(insightsMetrics());
    QVERIFY(enhanced.count(u"CpuUtilized{ClusterName,TaskDefinitionFamily,TaskId}"_s));
    QVERIFY(enhanced.count(u"TaskMemoryUtilization{ClusterName,TaskDefinitionFamily,TaskId}"_s));
    QVERIFY(enhanced.count(u"ContainerCpuUtilized{ClusterName,ContainerName,TaskDefinitionFamily,TaskId}"_s));
    QVERIFY(enhanced.count(u"ContainerMemoryUtilization{ClusterName,ContainerName,TaskDefinitionFamily,TaskId}"_s));
    const auto containerCpu = minutes(
        m_cp->metricStore(), insightsContainerId(kCluster, u"busy"_s, tasks[0].id, u"app"_s, u"ContainerCpuUtilized"_s),
        enhancedMinute, 1);
    QCOMPARE(int(containerCpu.size()), 1);
    QVERIFY(qAbs(*containerCpu[0].average - 768.0) < 1e-6);
    // The console reads them there now: the per-task records are not kept twice.
    QCOMPARE(int(minutes(m_cp->metricStore(), insightsTaskId(kCluster, u"busy"_s, tasks[0].id, u"CpuUtilized"_s),
                         enhancedMinute, 1)
                     .size()),
             1);
    QVERIFY(minutes(m_cp->taskPerformanceStore(), insightsTaskId(kCluster, u"busy"_s, tasks[0].id, u"CpuUtilized"_s),
                    enhancedMinute, 1)
                .empty());
    QCOMPARE(m_cp->metricStore().listMetrics(MetricFilter{kInsightsNamespace, {}, {{u"TaskId"_s, tasks[1].id}}}).size(),
             std::size_t(16)); // 8 task metrics + 8 of its one container

    // Disabled again: nothing from the next sample on; what was stored stays.
    setInsights(u"disabled"_s);
    runToNextMinute(); // the minute in which it was switched off held enhanced samples until then
    const qint64 offMinute = now();
    runToNextMinute();
    const MetricId serviceCpu = insightsServiceId(kCluster, u"web"_s, u"CpuUtilized"_s);
    QVERIFY(minutes(m_cp->metricStore(), serviceCpu, offMinute, 1).empty());
    QCOMPARE(int(minutes(m_cp->metricStore(), serviceCpu, enabledMinute, 1).size()), 1);
    QVERIFY(minutes(m_cp->taskPerformanceStore(), insightsTaskId(kCluster, u"busy"_s, tasks[0].id, u"CpuUtilized"_s),
                    offMinute, 1)
                .empty());
    QCOMPARE(shapes(insightsMetrics()), enhanced);
    // AWS/ECS unchanged throughout.
    QCOMPARE(int(minutes(m_cp->metricStore(), serviceMetricId(kCluster, u"web"_s, u"CPUUtilization"_s), offMinute, 1)
                     .size()),
             1);
}

QTEST_GUILESS_MAIN(TestContainerInsights)
#include "TestContainerInsights.moc"
