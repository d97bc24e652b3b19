#pragma once

#include "ColumnTableModel.h"
#include "model/Task.h"

#include <QHash>

#include <optional>

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/**
 * The tasks of one service (its group "service:<name>"), keyed by task id, with the deployment
 * each belongs to (a task's startedBy is its deployment's id, as on ECS): during a rollout the
 * PRIMARY deployment's tasks and the old ones are told apart at a glance, even when a forced
 * deployment keeps the same revision. Follows the ChangeFeed's task changes (rows whose version moved) and
 * service changes (the Deployment column, when a deployment changes status).
 */
class ServiceTaskTableModel final : public ColumnTableModel<fd::Task>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceTaskTableModel)

public:
    enum Column {
        TaskColumn,       ///< the first 8 hex digits of the id
        DeploymentColumn, ///< PRIMARY, ACTIVE or INACTIVE (the id in the tooltip)
        DefinitionColumn, ///< family:revision
        LastStatusColumn,
        DesiredStatusColumn,
        HealthColumn,
        ProtectedColumn, ///< scale-in protection: "until 14:05, 12 min left"
        InstanceColumn, ///< EC2 id and zone
        StartedColumn,
        StoppedReasonColumn,
        ColumnCount
    };

    explicit ServiceTaskTableModel(fd::ControlPlane &cp, QObject *parent = nullptr);

    /// Shows the tasks of this service (empty name: none).
    void setService(const QString &cluster, const QString &name);
    QString cluster() const { return m_cluster; }
    QString serviceName() const { return m_service; }
    /// Also the service's STOPPED tasks (kept for an hour); off by default.
    void setShowStopped(bool show);
    bool showStopped() const { return m_showStopped; }

    void refresh() override;

    int rowOf(const QString &id) const;
    std::optional<fd::Task> taskAt(int row) const;

private:
    void defineColumns();
    struct DeploymentInfo
    {
        QString status; ///< PRIMARY, ACTIVE, INACTIVE
        QString taskDefinition;
        friend bool operator==(const DeploymentInfo &, const DeploymentInfo &) = default;
    };
    /// Re-reads the service's deployments and where instances are; true when either changed.
    bool refreshContext();

    fd::ControlPlane &m_cp;
    QString m_cluster;
    QString m_service;
    bool m_showStopped = false;
    QHash<QString, DeploymentInfo> m_deployments; // deployment id -> status
    QHash<QString, QString> m_instances;          // container instance id -> "i-… (zone)"
};

} // namespace fd::ui
