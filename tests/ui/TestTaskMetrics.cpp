// A task's Metrics tab as a user sees it: with the cluster's containerInsights disabled, a note naming
// the setting and no chart; switched to enabled (live, no reselection), the task's charts of CPU
// units and memory used against reserved, read from Container Insights' per-task records; disabled
// again, the note again. The cluster's Metrics tab has the running task count chart. Renders the
// pane at 1280x800 and 1920x1080 into FD_SHOTS_DIR when it is set.

#include "ControlPlane.h"
#include "MainWindow.h"
#include "PageKeys.h"
#include "charts/MetricChart.h"
#include "json/TaskDefinitionJson.h"
#include "metrics/InsightsMetrics.h"
#include "metrics/MetricStore.h"
#include "ops/Clusters.h"
#include "ops/Engines.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "views/MetricsPanel.h"
#include "views/NavigationTree.h"
#include "views/TaskMetricsPane.h"
#include "views/TasksView.h"

#include <QDir>
#include <QLabel>
#include <QScrollArea>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using fd::ui::MainWindow;
using fd::ui::TaskMetricsPane;
using fd::ui::TasksView;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMinute = 60'000;
constexpr char kWeb[] = R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1",
    "cpu": 512, "memory": 1024}]})";

} // namespace

class TestTaskMetrics final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void noteWhenDisabledChartsWhenEnabled();
    void serviceAndClusterChartsHaveTheRunningTaskCount();
    void clusterPageChartsTheRunningTaskCount();

private:
    void setInsights(const QString &value)
    {
        fd::ops::ClusterSpec spec;
        spec.containerInsights = value;
        QVERIFY(m_cp->clusters().update(u"default"_s, spec));
    }
    void shoot(QWidget *w, const QString &name);

    std::shared_ptr<fd::ManualClock> m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fd::ControlPlane> m_cp;
    std::unique_ptr<MainWindow> m_window;
    TasksView *m_view = nullptr;
};

void TestTaskMetrics::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_shared<fd::ManualClock>();
    auto opened = fd::ControlPlane::open(m_dir->path(), m_clock);
    QVERIFY(opened.ok());
    m_cp = std::move(opened).value();
    QVERIFY(m_cp->engines().add(u"sim"_s, fd::Engine::Kind::Simulated, {}).ok());
    QVERIFY(m_cp->createDefaultLayout(u"sim"_s).ok());
    auto spec = fd::json::parseTaskDefinition(QByteArray(kWeb));
    QVERIFY(spec.ok());
    QVERIFY(m_cp->taskDefinitions().registerNew(spec.value()).ok());
    m_window = std::make_unique<MainWindow>(*m_cp);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Tasks, u"default"_s));
    m_view = m_window->page<TasksView>();
    QVERIFY(m_view);
}

void TestTaskMetrics::cleanup()
{
    m_window.reset();
    m_cp.reset();
}

void TestTaskMetrics::shoot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("FD_SHOTS_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
        m_window->resize(size);
        QTest::qWait(50);
        QCoreApplication::processEvents();
        QVERIFY(w->grab().save(QDir(dir).filePath(u"%1-%2x%3.png"_s.arg(name).arg(size.width()).arg(size.height()))));
    }
    m_window->resize(1280, 800);
}

void TestTaskMetrics::noteWhenDisabledChartsWhenEnabled()
{
    fd::ops::RunTaskRequest r;
    r.cluster = u"default"_s;
    r.taskDefinition = u"web"_s;
    auto started = m_cp->tasks().run(r);
    QVERIFY(started.ok());
    const fd::Task task = started.value().tasks.front();
    QVERIFY(m_cp->tasks()
                .update(task.id,
                        [&](fd::Task &t) {
                            t.lastStatus = fd::TaskStatus::Running;
                            t.startedAt = m_clock->now();
                        })
                .ok());
    QTRY_VERIFY_WITH_TIMEOUT(m_view->selectTask(task.id), 5000);

    auto *tabs = m_view->findChild<QTabWidget *>(u"taskDetailTabs"_s);
    QVERIFY(tabs);
    TaskMetricsPane *pane = m_view->metricsPane();
    QVERIFY(pane);
    QCOMPARE(tabs->tabText(tabs->indexOf(pane)), u"Metrics"_s);
    tabs->setCurrentWidget(pane);

    // Disabled (the default): the note names the setting and how to set it; no chart.
    QTRY_VERIFY_WITH_TIMEOUT(pane->note()->text().contains(u"containerInsights"_s), 5000);
    QVERIFY(pane->note()->isVisible());
    QVERIFY(pane->note()->text().contains(u"enabled"_s));
    QVERIFY(!pane->chartsShown());
    QVERIFY(!pane->panel()->isVisible());
    QCOMPARE(pane->panel()->chartCount(), 0);
    shoot(m_window.get(), u"task-metrics-disabled"_s);

    // The per-task records of the last three minutes: 256 of 512 units, 300 of 1,024 MiB.
    const qint64 now = m_clock->now().toMSecsSinceEpoch();
    const qint64 minute = now - now % kMinute;
    fd::metrics::MetricStore &records = m_cp->taskPerformanceStore();
    const auto put = [&](const QString &name, double v, fd::metrics::StandardUnit unit, qint64 t) {
        fd::metrics::MetricDatum d;
        d.metric = fd::metrics::insightsTaskId(u"default"_s, u"web"_s, task.id, name);
        d.timestampMs = t;
        d.value = v;
        d.unit = unit;
        QVERIFY(records.put(d).ok());
    };
    for (int i = 1; i <= 3; ++i) {
        const qint64 t = minute - i * kMinute;
        put(u"CpuUtilized"_s, 256, fd::metrics::StandardUnit::None, t);
        put(u"CpuReserved"_s, 512, fd::metrics::StandardUnit::None, t);
        put(u"MemoryUtilized"_s, 300, fd::metrics::StandardUnit::Megabytes, t);
        put(u"MemoryReserved"_s, 1024, fd::metrics::StandardUnit::Megabytes, t);
        put(u"TaskCpuUtilization"_s, 50, fd::metrics::StandardUnit::Percent, t);
        put(u"NetworkRxBytes"_s, 2000, fd::metrics::StandardUnit::BytesPerSecond, t);
        put(u"NetworkTxBytes"_s, 1500, fd::metrics::StandardUnit::BytesPerSecond, t);
    }

    // Enabled: the charts appear without selecting the task again.
    setInsights(u"enabled"_s);
    QTRY_VERIFY_WITH_TIMEOUT(pane->chartsShown(), 5000);
    QVERIFY(pane->panel()->isVisible());
    QCOMPARE(pane->panel()->chartCount(), 4);
    QVERIFY(pane->note()->text().contains(u"enabled"_s));
    fd::ui::MetricChart *cpu = pane->panel()->chart(u"CPU units: used and reserved"_s);
    QVERIFY(cpu);
    QCOMPARE(cpu->seriesCount(), 2);
    pane->panel()->refresh();
    QTRY_COMPARE_WITH_TIMEOUT(int(cpu->seriesPoints(0).size()), 3, 5000);
    QCOMPARE(cpu->seriesPoints(0).front().v, 256.0);
    QCOMPARE(cpu->seriesPoints(1).front().v, 512.0);
    fd::ui::MetricChart *memory = pane->panel()->chart(u"Memory (MiB): used and reserved"_s);
    QVERIFY(memory);
    QCOMPARE(memory->seriesPoints(0).back().v, 300.0);
    shoot(m_window.get(), u"task-metrics-enabled"_s);

    // Enhanced: the same metrics are CloudWatch metrics; the charts read them from the metric store.
    fd::metrics::MetricDatum published;
    published.metric = fd::metrics::insightsTaskId(u"default"_s, u"web"_s, task.id, u"CpuUtilized"_s);
    published.timestampMs = minute - kMinute;
    published.value = 128;
    QVERIFY(m_cp->metricStore().put(published).ok());
    setInsights(u"enhanced"_s);
    QTRY_VERIFY_WITH_TIMEOUT(pane->note()->text().contains(u"TaskId"_s), 5000);
    QVERIFY(pane->chartsShown());
    cpu = pane->panel()->chart(u"CPU units: used and reserved"_s);
    QVERIFY(cpu);
    pane->panel()->refresh();
    QTRY_COMPARE_WITH_TIMEOUT(int(cpu->seriesPoints(0).size()), 1, 5000);
    QCOMPARE(cpu->seriesPoints(0).front().v, 128.0);

    // Disabled again: the note, no chart.
    setInsights(u"disabled"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!pane->chartsShown(), 5000);
    QVERIFY(pane->note()->text().contains(u"containerInsights"_s));
    QCOMPARE(pane->panel()->chartCount(), 0);
}

void TestTaskMetrics::serviceAndClusterChartsHaveTheRunningTaskCount()
{
    const QList<fd::ui::MetricChartSpec> cluster = fd::ui::MetricsPanel::clusterCharts(u"default"_s);
    const QList<fd::ui::MetricChartSpec> service = fd::ui::MetricsPanel::serviceCharts(u"default"_s, u"web"_s);
    for (const auto &charts : {cluster, service}) {
        const fd::ui::MetricChartSpec &last = charts.back();
        QVERIFY(last.title.contains(u"Running tasks"_s));
        QCOMPARE(last.lines.front().metric.metricNamespace, fd::metrics::kInsightsNamespace);
        QCOMPARE(last.lines.front().metric.metricName, u"RunningTaskCount"_s);
        QVERIFY(last.emptyText.contains(u"containerInsights"_s));
    }
    QCOMPARE(service.back().lines.front().metric,
             fd::metrics::insightsServiceId(u"default"_s, u"web"_s, u"RunningTaskCount"_s));
    QCOMPARE(cluster.back().lines.front().metric, fd::metrics::insightsClusterId(u"default"_s, u"RunningTaskCount"_s));
}

// The cluster's Metrics tab: the running task count, from ECS/ContainerInsights, beside the AWS/ECS charts.
void TestTaskMetrics::clusterPageChartsTheRunningTaskCount()
{
    setInsights(u"enabled"_s);
    const qint64 now = m_clock->now().toMSecsSinceEpoch();
    const qint64 minute = now - now % kMinute;
    for (int i = 1; i <= 4; ++i) {
        fd::metrics::MetricDatum d;
        d.metric = fd::metrics::insightsClusterId(u"default"_s, u"RunningTaskCount"_s);
        d.timestampMs = minute - i * kMinute;
        d.value = i; // 4, 3, 2, 1 tasks, oldest first
        d.unit = fd::metrics::StandardUnit::Count;
        QVERIFY(m_cp->metricStore().put(d).ok());
    }
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Clusters, u"default"_s));
    auto *panel = m_window->findChild<fd::ui::MetricsPanel *>(u"clusterMetricsTab"_s);
    QVERIFY(panel);
    auto *tabs = qobject_cast<QTabWidget *>(panel->parentWidget()->parentWidget());
    QVERIFY(tabs);
    tabs->setCurrentWidget(panel);
    QTRY_VERIFY_WITH_TIMEOUT(panel->chart(u"Running tasks (Container Insights)"_s), 5000);
    fd::ui::MetricChart *running = panel->chart(u"Running tasks (Container Insights)"_s);
    panel->refresh();
    QTRY_COMPARE_WITH_TIMEOUT(int(running->seriesPoints(0).size()), 4, 5000);
    QCOMPARE(running->seriesPoints(0).front().v, 4.0);
    QCOMPARE(running->seriesPoints(0).back().v, 1.0);
    if (auto *scroll = panel->findChild<QScrollArea *>(u"metricsScroll"_s)) // the fifth chart is below the fold
        scroll->ensureWidgetVisible(running);
    shoot(m_window.get(), u"cluster-metrics"_s);
}

QTEST_MAIN(TestTaskMetrics)
#include "TestTaskMetrics.moc"
