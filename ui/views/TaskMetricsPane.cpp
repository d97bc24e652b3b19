#include "views/TaskMetricsPane.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "Palette.h"
#include "metrics/InsightsMetrics.h"
#include "metrics/MetricStore.h"
#include "ops/Clusters.h"
#include "views/MetricsPanel.h"

#include <QLabel>
#include <QVBoxLayout>

namespace fd::ui {

TaskMetricsPane::TaskMetricsPane(fd::ControlPlane &cp, QWidget *parent)
    : QWidget(parent), m_cp(cp), m_note(new QLabel(this)), m_panel(new MetricsPanel(cp, this))
{
    setObjectName(QStringLiteral("taskMetricsPane"));
    m_note->setObjectName(QStringLiteral("taskMetricsNote"));
    m_note->setTextFormat(Qt::RichText);
    m_note->setWordWrap(true);
    m_note->setAlignment(Qt::AlignLeft | Qt::AlignTop); // at the top also while no chart is below it
    m_note->setContentsMargins(6, 6, 6, 2);
    QFont large = m_note->font();
    large.setPointSizeF(large.pointSizeF() * 1.1);
    m_note->setFont(large);
    m_panel->setObjectName(QStringLiteral("taskMetricsPanel"));
    m_panel->setWindow(ChartWindow::FiveMinutes); // an hour is kept; a task is often young
    // Only the windows the records can fill (they are kept an hour).
    for (const char *longer : {"metricsWindow3h", "metricsWindow12h", "metricsWindow24h"})
        if (QWidget *b = m_panel->findChild<QWidget *>(QLatin1String(longer)))
            b->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_note);
    layout->addWidget(m_panel, 1);
    ChangeFeed::watch(m_cp, Change::Clusters, this, [this] { update(); });
    update();
}

void TaskMetricsPane::showTask(const QString &cluster, const QString &family, const QString &taskId)
{
    if (cluster == m_cluster && family == m_family && taskId == m_taskId)
        return;
    m_cluster = cluster;
    m_family = family;
    m_taskId = taskId;
    update();
}

bool TaskMetricsPane::chartsShown() const
{
    return !m_panel->isHidden();
}

void TaskMetricsPane::update()
{
    const std::optional<fd::Cluster> c = m_cluster.isEmpty() ? std::nullopt : m_cp.clusters().find(m_cluster);
    const QString setting = c ? c->containerInsights : QStringLiteral("disabled");
    const fd::metrics::InsightsLevel level = fd::metrics::insightsLevel(setting);
    const bool on = level != fd::metrics::InsightsLevel::Disabled;
    const QString cluster = m_cluster.toHtmlEscaped();
    if (m_taskId.isEmpty()) {
        m_note->setText(palette::themed(tr("<span style='color:{{hint}}'>Select a task to see its CPU, memory and "
                                           "network over time.</span>")));
    } else if (!on) {
        m_note->setText(palette::themed(
            tr("<b>Per-task metrics need Container Insights.</b> Turn it on for cluster <b>%1</b> with the "
               "cluster setting <tt>containerInsights</tt> = <tt>enabled</tt> (Clusters page, or <tt>aws ecs "
               "update-cluster-settings --cluster %1 --settings name=containerInsights,value=enabled</tt>).")
                .arg(cluster)));
    } else {
        const QString where = level == fd::metrics::InsightsLevel::Enhanced
                                  ? tr("also CloudWatch metrics (ECS/ContainerInsights, TaskId)")
                                  : tr("<tt>enhanced</tt> also makes them CloudWatch metrics (TaskId)");
        m_note->setText(tr("Container Insights <b>%1</b> on %2 · one datapoint a minute, kept an hour · %3.")
                            .arg(setting.toHtmlEscaped(), cluster, where));
    }
    const bool charts = on && !m_taskId.isEmpty();
    m_panel->setVisible(charts);
    // Enabled: the per-task records; enhanced: the same metrics, published to CloudWatch.
    const fd::metrics::MetricStore &store =
        level == fd::metrics::InsightsLevel::Enhanced ? m_cp.metricStore() : m_cp.taskPerformanceStore();
    if (&store != m_store) {
        m_store = &store;
        m_panel->setCharts({}); // the same charts over another store: built again
        m_panel->setStore(store);
    }
    m_panel->setCharts(charts ? MetricsPanel::taskCharts(m_cluster, m_family, m_taskId) : QList<MetricChartSpec>{});
}

} // namespace fd::ui
