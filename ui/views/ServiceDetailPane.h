#pragma once

#include <QString>
#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QTextBrowser;
class QTreeWidget;

namespace fd {
class ControlPlane;
struct Service;
} // namespace fd

namespace fd::traffic {
class TrafficGenerator;
}

namespace fd::ui {

class DeploymentView;
class MetricsPanel;
class ResourceTags;
class ServiceDeploymentsTab;
class ServiceScalingTab;
class ServiceTaskTableModel;
class TaskProtectionActions;
class StatusBadgeDelegate;
class TagsEditor;

/**
 * The lower half of the Services page: the selected service's title line and its tabs, Overview
 * (ServiceOverview), Tasks (with the deployment each belongs to), Deployments (ServiceDeploymentsTab:
 * the history with each one's outcome, and stopping the one in progress), Events (newest first, as
 * DescribeServices returns them), Deployment (the live timeline), Metrics (MetricsPanel: CPU and memory
 * utilization with the alarms on them) and Tags (editable).
 *
 * showService() repaints only what changed since the last call: the same service at the same
 * version keeps the reader's tab, selection and scroll positions.
 */
class ServiceDetailPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceDetailPane)

public:
    explicit ServiceDetailPane(fd::ControlPlane &cp, QWidget *parent = nullptr);

    ServiceTaskTableModel *taskModel() const { return m_taskModel; }
    /// Protect from scale-in… and Remove protection for the selected task of the Tasks tab.
    TaskProtectionActions *taskProtection() const { return m_protection; }
    ServiceDeploymentsTab *deploymentsTab() const { return m_deploymentsTab; }
    /// The Scaling tab (Application Auto Scaling of the shown service).
    ServiceScalingTab *scalingTab() const { return m_scaling; }

    /// Shows the tab with this objectName ("serviceOverviewTab", "serviceTasksTab",
    /// "serviceDeploymentsTab", "serviceEventsTab", "serviceDeploymentTab", "serviceMetricsTab",
    /// "serviceScalingTab", "serviceTagsTab").
    bool showTab(const QString &objectName);

    /// Shows `service` of `cluster`. Without one: a hint, which says what services are when the
    /// cluster has none (`listEmpty`) and asks for a selection otherwise.
    void showService(const QString &cluster, const std::optional<fd::Service> &service, bool listEmpty);
    /// Forgets what is shown, so the next showService() starts over (another cluster).
    void forget();
    MetricsPanel *metricsPanel() const { return m_metrics; }
    /// The traffic generator whose runs the deployment views score (the console's); null: none.
    void setTraffic(const fd::traffic::TrafficGenerator *traffic);
    /// The shown service's deployment view in a window of its own, sized for a projector; null
    /// when no service is shown.
    DeploymentView *openDeploymentWindow();

signals:
    /// A task was double-clicked.
    void taskActivated(const QString &taskId);

private:
    QWidget *buildTasksTab();
    void buildEventsTree();
    void buildTabs(QWidget *tasksTab);
    void showNone(const QString &cluster, bool listEmpty);
    QStringList selectedTaskIds() const;
    QString titleHtml(const fd::Service &service) const;
    void updateEvents(const fd::Service &service);

    fd::ControlPlane &m_cp;
    StatusBadgeDelegate *m_badges;
    ServiceTaskTableModel *m_taskModel;
    QSortFilterProxyModel *m_taskProxy;
    QTabWidget *m_tabs;
    QPushButton *m_windowButton; ///< on the Deployment tab: openDeploymentWindow()
    QLabel *m_title;
    QTextBrowser *m_overview;
    QTableView *m_taskTable;
    QCheckBox *m_showStopped;
    TaskProtectionActions *m_protection;
    ServiceDeploymentsTab *m_deploymentsTab;
    QTreeWidget *m_events;
    DeploymentView *m_deploymentView;
    MetricsPanel *m_metrics;
    const fd::traffic::TrafficGenerator *m_traffic = nullptr;
    ServiceScalingTab *m_scaling;
    TagsEditor *m_tagsEditor;
    ResourceTags *m_tags;
    QString m_shownCluster;
    QString m_shownFor;
    qint64 m_shownVersion = -1;
};

} // namespace fd::ui
