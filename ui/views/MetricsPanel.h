#pragma once

#include "charts/ChartWindow.h"
#include "charts/StoreChartFeed.h"

#include <QList>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <vector>

class QButtonGroup;
class QGridLayout;
class QHBoxLayout;
class QLabel;

namespace fd {
class ControlPlane;
}

namespace fd::ui {

class MetricChart;

/// One chart of a MetricsPanel: its title, unit, the least top of its value axis, its lines.
struct MetricChartSpec
{
    QString title;
    QString unit;          ///< "%", "count", "s"
    double minimumTop = 1; ///< 100 for percentages
    QString emptyText;     ///< shown while the window has no datapoint
    std::vector<MetricLine> lines;

    friend bool operator==(const MetricChartSpec &, const MetricChartSpec &) = default;
};

/**
 * The Metrics tab of a service, a cluster or a load balancer: a row of window buttons (5 min, 1 h,
 * 3 h, 12 h, 24 h), then its charts in a grid of two columns, each fed from the control plane's
 * metric store (StoreChartFeed) on the control plane's clock. It refreshes once a second while
 * visible; while the teaching clock is paused it holds what it shows (and says so), and it catches
 * up at once when the clock runs again.
 */
class MetricsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricsPanel)

public:
    explicit MetricsPanel(fd::ControlPlane &cp, QWidget *parent = nullptr);
    ~MetricsPanel() override;

    /// Replaces the charts (same specs as shown: nothing changes, so hover and scroll stay).
    void setCharts(const QList<MetricChartSpec> &specs);
    /// Where the charts read from: the control plane's metric store (the default) or another one on
    /// its clock (a task's charts read ControlPlane::taskPerformanceStore()). Set before setCharts().
    void setStore(const fd::metrics::MetricStore &store) { m_store = &store; }
    int chartCount() const { return int(m_charts.size()); }
    MetricChart *chart(int index) const;
    /// The chart with this title; null when none.
    MetricChart *chart(const QString &title) const;

    void setWindow(ChartWindow window);
    ChartWindow window() const { return m_window; }

    /// Puts `widget` (a chooser of what the charts show, say) at the front of the window row.
    void addHeaderWidget(QWidget *widget);

    /// Re-reads the store and redraws every chart, unless the control plane's clock is paused.
    /// Returns false when it held (paused).
    bool refresh();
    /// True while the control plane's clock is a paused teaching clock.
    bool isHeld() const;

    /// The charts of a service: CPUUtilization and MemoryUtilization (Average and Maximum), and the
    /// running (and pending) task count, a Container Insights metric.
    static QList<MetricChartSpec> serviceCharts(const QString &cluster, const QString &service);
    /// The charts of a cluster: CPU and memory utilization and reservation, and the running (and
    /// pending) task count, a Container Insights metric.
    static QList<MetricChartSpec> clusterCharts(const QString &cluster);
    /// The charts of a load balancer (its LoadBalancer dimension "app/name/id"): requests,
    /// response time, HTTP codes, and per target group (TargetGroup dimensions) healthy and
    /// unhealthy hosts.
    static QList<MetricChartSpec> loadBalancerCharts(const QString &loadBalancerDimension,
                                                     const QStringList &targetGroupDimensions);
    /// The charts of one task from its Container Insights records (ECS/ContainerInsights with
    /// ClusterName, TaskDefinitionFamily, TaskId): CPU units used against reserved, memory (MiB) used
    /// against reserved, and the network's bytes per second in and out.
    static QList<MetricChartSpec> taskCharts(const QString &cluster, const QString &family, const QString &taskId);
    /// The charts of one target group behind a load balancer (the TargetGroup and LoadBalancer
    /// dimensions): requests (and per target), response time, HTTP codes of its targets, healthy
    /// and unhealthy hosts; titled with the target group's name.
    static QList<MetricChartSpec> targetGroupCharts(const QString &loadBalancerDimension,
                                                    const QString &targetGroupDimension);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void buildWindowButtons();
    void clockChanged();
    void updateHeldNote();

    fd::ControlPlane &m_cp;
    const fd::metrics::MetricStore *m_store = nullptr; ///< null: the control plane's
    QButtonGroup *m_windowButtons;
    QLabel *m_heldNote;
    QHBoxLayout *m_top;
    QGridLayout *m_grid;
    QTimer m_timer;
    ChartWindow m_window = ChartWindow::OneHour;
    QList<MetricChartSpec> m_specs;
    std::vector<MetricChart *> m_charts;
    std::vector<std::unique_ptr<StoreChartFeed>> m_feeds;
    int m_clockListener = 0;
};

} // namespace fd::ui
