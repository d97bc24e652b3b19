#pragma once

#include "ColumnTableModel.h"
#include "model/Task.h"

#include <QHash>
#include <QSet>
#include <QUrl>

#include <optional>

namespace fd {
class ControlPlane;
namespace state {
struct ChangeSet;
}
} // namespace fd

namespace fd::ui {

/**
 * The tasks of one cluster, one row each, keyed by task id; follows the ChangeFeed's task changes
 * (and instance changes, for the instance column). Refreshes are coalesced and merged by
 * key, and a row counts as changed only when the task's version moved, so a status change in
 * 10,000 tasks is one dataChanged for one row.
 *
 * Keyed: a committed change that touches a few tasks updates exactly those rows (a lookup by id
 * and a binary search each), so with 100,000 tasks a task's status change costs microseconds,
 * not a re-read and merge of every task; a larger burst (more than kKeyedLimit tasks), a new
 * cluster or a new status filter re-reads everything (refresh()).
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
        ProtectedColumn, ///< scale-in protection: "until 14:05, 12 min left"
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

    /// As QAbstractTableModel's, without its three virtual calls: a sorting proxy asks for two
    /// indexes per comparison (~3.4 M calls per sort of 100,000 rows).
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override
    {
        return !parent.isValid() && row >= 0 && row < m_rows.size() && column >= 0 && column < ColumnCount
                   ? createIndex(row, column)
                   : QModelIndex();
    }

    /// Re-reads every task of the cluster and merges them by key.
    void refresh() override;

    /// The rows of the tasks changed since the last refresh, by key (or refresh() after a burst).
    void refreshScheduled() override;

    /// More changed tasks than this in one coalesced refresh: re-read them all.
    static constexpr qsizetype kKeyedLimit = 256;

    /// How many of the rows are RUNNING, waiting for capacity and STOPPED, kept as rows change.
    struct Counts
    {
        int running = 0;
        int waiting = 0; ///< not placed and not stopped
        int stopped = 0;
        void add(const fd::Task &t, int by = 1);
        void remove(const fd::Task &t) { add(t, -1); }
    };
    const Counts &counts() const { return m_counts; }

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

signals:
    /// Some shown task changed (even in what no cell shows), appeared or went: for details panes.
    void tasksChanged();

private:
    void defineColumns();
    void noteChanged(const fd::state::ChangeSet &set);
    /// Makes the row of task `id` follow the control plane: updated, inserted, removed or none
    /// (false). A changed row signals only its cells that show something else.
    bool refreshOne(const QString &id);
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
    QSet<QString> m_pending;           // task ids changed since the last refresh
    bool m_pendingAll = false;         // too many, or unknown: re-read everything
    Counts m_counts;
};

} // namespace fd::ui
