#pragma once

#include "ColumnTableModel.h"
#include "model/Task.h"

#include <QHash>
#include <QUrl>

#include <optional>

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/**
 * The tasks of one cluster, one row each, keyed by task id; follows the ChangeFeed's task changes
 * (and instance changes, for the instance column). Refreshes are coalesced and merged by
 * key, and a row counts as changed only when the task's version moved, so a status change in
 * 10,000 tasks is one dataChanged for one row.
 *
 * The status filter works here, by desired status as in the ECS console: Running keeps tasks
 * desired RUNNING or PENDING, Stopped those desired STOPPED (STOPPING ones included). The text
 * filter is the view's proxy.
 */
class TaskTableModel final : public ColumnTableModel<fd::Task>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskTableModel)

public:
    enum Column {
        TaskColumn,       ///< the first 8 hex digits of the id
        DefinitionColumn, ///< family:revision
        LastStatusColumn,
        DesiredStatusColumn,
        HealthColumn,
        InstanceColumn, ///< EC2 id and zone; "waiting for capacity" while unplaced
        PortsColumn,    ///< bindIP:hostPort→containerPort, comma separated
        StartedColumn,
        StoppedColumn,
        StoppedReasonColumn,
        ColumnCount
    };
    enum class StatusFilter {
        Running,
        Stopped,
        All,
    };
    /// The http:// address of the row's first TCP binding (QUrl), for the ports column.
    static constexpr int UrlRole = KeyRole + 16;

    explicit TaskTableModel(fd::ControlPlane &cp, QObject *parent = nullptr);

    /// Shows the tasks of `cluster` (empty: none).
    void setCluster(const QString &cluster);
    QString cluster() const { return m_cluster; }
    void setStatusFilter(StatusFilter filter);
    StatusFilter statusFilter() const { return m_filter; }

    void refresh() override;

    /// The row of the task with this id, or -1 (binary search).
    int rowOf(const QString &id) const;
    std::optional<fd::Task> taskAt(int row) const;
    /// "i-0abc… (us-east-1a)" for a container instance id; empty when unknown.
    QString instanceText(const QString &containerInstanceId) const;

    /// "127.0.0.2:49153→8080" per binding of every container.
    static QStringList portTexts(const fd::Task &task);
    /// http://bindIP:hostPort/ for each TCP binding.
    static QList<QUrl> urls(const fd::Task &task);
    static QString shortId(const QString &taskId);

private:
    void defineColumns();
    struct Where
    {
        QString ec2InstanceId;
        QString zone;
        friend bool operator==(const Where &, const Where &) = default;
    };
    /// Re-reads where instances are; true when that changed (usage changes do not count).
    bool refreshInstances();

    fd::ControlPlane &m_cp;
    QString m_cluster;
    StatusFilter m_filter = StatusFilter::Running;
    QHash<QString, Where> m_instances; // container instance id -> where it is
};

} // namespace fd::ui
