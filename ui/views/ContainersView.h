#pragma once

#include "Page.h"

#include <QPointer>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace fd {
class ControlPlane;
class EngineMonitor;
class MetricsController;
} // namespace fd

namespace fd::ui {

class ContainerTableModel;
class ContainerUsagePanel;

/**
 * Every container carrying Fleetdeck's labels on the connected engines: engine, name, image,
 * state, its task and cluster, whether a task Fleetdeck knows claims it ("unmatched — left as it
 * is" otherwise), and live CPU % and memory. Open logs shows the container in the Container logs
 * view; an unmatched container can be removed here, after a confirmation — the only way
 * Fleetdeck ever removes one. Below the table, the selected container's raw 1 Hz CPU and memory
 * (ContainerUsagePanel).
 */
class ContainersView final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ContainersView)

public:
    explicit ContainersView(ConsoleContext &context, QWidget *parent = nullptr);

    QString pageKey() const override;
    QString title() const override;
    QString toolTip(const QString &key) const override;
    void showKey(const QString &key) override;
    bool selectItem(const QString &item) override;

    void setEngineMonitor(fd::EngineMonitor *monitor);
    void setMetricsController(fd::MetricsController *metrics);
    ContainerTableModel *model() const { return m_model; }
    /// The selected container's 1 Hz CPU and memory charts.
    ContainerUsagePanel *usagePanel() const { return m_usage; }

    /// Ids of the selected containers, in table order.
    QStringList selectedContainerIds() const;
    bool selectContainer(const QString &id);

public slots:
    /// Asks the engine for the logs of the selected container (logsRequested).
    void openLogs();
    /// Asks for confirmation, then removes the selected unmatched container (forced, with its
    /// anonymous volumes).
    void removeSelected();

signals:
    void logsRequested(const QString &engineId, const QString &containerId);

private:
    void updateActions();
    void updateSummary();
    void setMessage(const QString &text, bool error);

    fd::ControlPlane &m_cp;
    QPointer<fd::EngineMonitor> m_monitor;
    QPointer<fd::MetricsController> m_metrics;
    ContainerTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLabel *m_summary;
    QLabel *m_message;
    QLineEdit *m_filterEdit;
    QTableView *m_table;
    ContainerUsagePanel *m_usage;
    QPushButton *m_logsButton;
    QPushButton *m_removeButton;
};

} // namespace fd::ui
