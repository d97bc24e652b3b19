#pragma once

#include "Page.h"

#include <QStringList>
#include <QTimer>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace fd {
class ControlPlane;
struct Service;
} // namespace fd

namespace fd::ui {

class ServiceDetailPane;
class ServiceTableModel;
class ServiceTaskTableModel;

/**
 * The services of one cluster: a table (name, status, strategy, task definition, desired, running,
 * pending, how far the deployment has rolled, the rollout as a coloured badge, the last event),
 * and below it the selected service in a ServiceDetailPane (Overview, Tasks, Deployments, Events,
 * Deployment, Tags).
 * Create service…, Update…, Force new deployment and Delete… act on the cluster and the selected
 * service. Follows the ControlPlane live; a refresh keeps the selection, the tab and the scroll
 * positions, and repaints only what changed.
 */
class ServicesView final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServicesView)

public:
    explicit ServicesView(ConsoleContext &context, QWidget *parent = nullptr);

    QString pageKey() const override;
    QString title() const override;
    QString toolTip(const QString &key) const override;
    void showKey(const QString &key) override;
    bool selectItem(const QString &item) override;

    void setCluster(const QString &cluster);
    QString cluster() const;
    ServiceTableModel *model() const { return m_model; }
    ServiceTaskTableModel *taskModel() const;

    /// The name of the selected service; empty when none.
    QString currentServiceName() const;
    /// Selects the service; false when it is not shown.
    bool selectService(const QString &name);
    /// Shows the detail tab with this objectName ("serviceOverviewTab", "serviceTasksTab",
    /// "serviceDeploymentsTab", "serviceEventsTab", "serviceDeploymentTab", "serviceTagsTab").
    bool showTab(const QString &objectName);

public slots:
    /// The Create service dialog for this cluster; selects what it created.
    void createService();
    /// The Update dialog for the selected service.
    void updateService();
    /// Asks, then UpdateService with forceNewDeployment for the selected service.
    void forceNewDeployment();
    /// Asks (with force when the service is scaled above 0), then DeleteService.
    void deleteService();

signals:
    /// A task of the service was double-clicked (MainWindow shows it in the Tasks view).
    void taskActivated(const QString &cluster, const QString &taskId);

private:
    void updateActions();
    void updateSummary();
    void updateDetails();
    std::optional<fd::Service> currentService() const;
    void showError(const QString &title, const QString &message);

    fd::ControlPlane &m_cp;
    ServiceTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLabel *m_title;
    QLabel *m_summary;
    QLineEdit *m_filterEdit;
    QTableView *m_table;
    QPushButton *m_createButton;
    QPushButton *m_updateButton;
    QPushButton *m_forceButton;
    QPushButton *m_deleteButton;
    ServiceDetailPane *m_detail;
    QString m_selectionBeforeReset;
    QTimer m_updateTimer;
};

} // namespace fd::ui
