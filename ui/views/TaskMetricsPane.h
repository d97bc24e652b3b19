#pragma once

#include <QString>
#include <QWidget>

class QLabel;

namespace fd {
class ControlPlane;
namespace metrics {
class MetricStore;
}
} // namespace fd

namespace fd::ui {

class MetricsPanel;

/**
 * The Metrics tab of a task: while the task's cluster has Container Insights on (its
 * containerInsights setting enabled or enhanced), charts of the task's usage (CPU units and MiB used
 * against reserved, CPU % of the reservation, network bytes per second) from Container Insights'
 * per-task records (enabled: ControlPlane::taskPerformanceStore(); enhanced: the same metrics in the
 * metric store, published to CloudWatch), with one line saying where they
 * come from; while it is off, only a note saying which setting turns them on. Follows the cluster's
 * setting live.
 */
class TaskMetricsPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskMetricsPane)

public:
    explicit TaskMetricsPane(fd::ControlPlane &cp, QWidget *parent = nullptr);

    /// The task to chart (empty id: none).
    void showTask(const QString &cluster, const QString &family, const QString &taskId);

    /// True while the charts are shown (the cluster has Container Insights on and a task is shown).
    bool chartsShown() const;
    QLabel *note() const { return m_note; }
    MetricsPanel *panel() const { return m_panel; }

private:
    void update();

    fd::ControlPlane &m_cp;
    QLabel *m_note;
    MetricsPanel *m_panel;
    QString m_cluster;
    QString m_family;
    QString m_taskId;
    const fd::metrics::MetricStore *m_store = nullptr; ///< what the charts read now
};

} // namespace fd::ui
