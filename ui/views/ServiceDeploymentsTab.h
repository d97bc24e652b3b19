#pragma once

#include <QDateTime>
#include <QString>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace fd {
class ControlPlane;
struct Deployment;
struct Service;
} // namespace fd

namespace fd::ui {

class StatusBadgeDelegate;

/**
 * The Deployments tab of a service: its deployments newest first (the PRIMARY, the ACTIVE ones, then
 * the INACTIVE history), each with its status, task definition revision, tasks, rollout state, what
 * became of it as ECS's service deployment status (SUCCESSFUL, ROLLBACK_SUCCESSFUL, ...), when it
 * started and finished, and below it the rollout state reason and the rollback it belongs to.
 *
 * "Stop deployment (roll back)…" is StopServiceDeployment with stopType ROLLBACK, through the same
 * ops call as the API (Services::rollBackDeployment): after a confirmation that names the deployment
 * ECS returns to, or straight to the ops call's refusal when it has nothing to stop or return to.
 */
class ServiceDeploymentsTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceDeploymentsTab)

public:
    ServiceDeploymentsTab(fd::ControlPlane &cp, StatusBadgeDelegate *badges, QWidget *parent = nullptr);

    enum Column {
        IdColumn,
        StatusColumn,
        DefinitionColumn,
        TasksColumn, ///< "2 of 3 running · 1 pending · 1 failed"
        RolloutColumn,
        OutcomeColumn, ///< the service deployment status (ListServiceDeployments)
        TimeColumn,    ///< "2026-01-01 09:30:00 → 09:32:10": started, and finished once it has
        ColumnCount
    };

    /// "2 of 3 running · 1 pending · 1 failed" (pending and failed when not 0).
    static QString tasksText(const fd::Deployment &d);
    /// "2026-01-01 09:30:00 → 09:32:10" (the finish in full on another day); the start alone while
    /// it has not finished.
    static QString timeText(const QDateTime &started, const QDateTime &finished);
    /// Shows the deployments of `service` (none: clears the list).
    void showService(const QString &cluster, const fd::Service *service);
    QTreeWidget *tree() const { return m_tree; }

public slots:
    /// Asks, then stops the service's deployment in progress and rolls back (StopServiceDeployment).
    void stopDeployment();

private:
    void updateHeader(const fd::Service &v);

    fd::ControlPlane &m_cp;
    QString m_cluster;
    QString m_service;
    QLabel *m_state;
    QLabel *m_result; ///< what the last stop did, or why it was refused
    QPushButton *m_stopButton;
    QTreeWidget *m_tree;
};

} // namespace fd::ui
