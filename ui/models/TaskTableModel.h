#pragma once

#include "ColumnTableModel.h"
#include "SortKeyProxyModel.h"
#include "model/Task.h"

#include <QHash>
#include <QSet>
#include <QTimer>
#include <QUrl>

#include <optional>
#include <utility>
#include <vector>

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
 * Rows are in the order they arrived (PERFORMANCE.md row 11: rows are appended, in batches), found
 * by id through a hash and a binary search over their arrival numbers. A row never moves: a row
 * that stays keeps its index, so selections and the current index survive every refresh.
 *
 * Keyed: a committed change that touches a few tasks updates exactly those rows, so with 100,000
 * tasks a task's status change costs microseconds; a larger burst (more than kKeyedLimit tasks), a
 * new cluster or a new status filter re-reads everything (refresh()).
 *
 * A re-read is a load in steps, one per event-loop turn, so no step holds the UI thread for long
 * (16 ms, PERFORMANCE.md row 11) whatever the cluster holds: the ids of the cluster's tasks are
 * listed in place (no task copied), then at most kLoadBatch tasks per step are compared with their
 * rows (keyed updates), checked for removal, or read and appended as one insert. New rows arrive
 * in the load order the view asks for (setLoadOrder(): its sort column), worked out in steps of
 * kOrderChunk tasks, so each batch lands in one piece at the end of a sorted proxy instead of in
 * thousands of places. Changes committed meanwhile update the rows already loaded by key; the
 * rest are read when their batch comes, so a load ends as a read from scratch would. A load that
 * fits in one step ends before refresh() returns.
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
        LaunchColumn,   ///< EC2, FARGATE, or the capacity provider (FARGATE_SPOT)
        InstanceColumn, ///< EC2 id and zone; "waiting for capacity" while unplaced; FARGATE: ENI address and zone
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

    /// Re-reads every task of the cluster and merges them by key: a load in steps (see above);
    /// one that fits in a step is done when this returns.
    void refresh() override;

    /// The order new rows of a load arrive in: that of a proxy sorted by `column` (its
    /// RawValueRole, compared as SortKeyProxyModel compares), so each batch lands at the end of
    /// the proxy. -1: the control plane's order.
    void setLoadOrder(int column, Qt::SortOrder order);

    /// True while a load is under way (rows still to read, compare or remove).
    bool loading() const { return m_load.phase != Load::Done || !m_graveyard.isEmpty(); }
    /// How many of the load's tasks have been handled, and of how many (0 of 0 when not loading).
    std::pair<qsizetype, qsizetype> loadProgress() const;
    /// Runs what is left of the load now (tests; a caller that needs every row at once).
    void finishLoading();
    /// The most tasks one step of a load has read, compared or removed so far (at most the batch).
    qsizetype largestLoadStep() const { return m_largestStep; }
    /// The most registry positions listed or sort keys read by one step so far (at most the chunk).
    qsizetype largestScanStep() const { return m_largestScan; }
    /// Smaller batches and chunks than kLoadBatch and kOrderChunk (tests: a load in many steps
    /// without 100,000 tasks).
    void setLoadBatch(qsizetype batch, qsizetype chunk)
    {
        m_loadBatch = std::max<qsizetype>(1, batch);
        m_orderChunk = std::max<qsizetype>(1, chunk);
    }

    /// Makes the rows of these tasks follow the control plane now, by key (what was just run or
    /// stopped): shown, updated or removed, whether or not a load is under way.
    void refreshTasks(const QStringList &ids);

    /// The rows of the tasks changed since the last refresh, by key (or refresh() after a burst).
    void refreshScheduled() override;

    /// More changed tasks than this in one coalesced refresh: re-read them all.
    static constexpr qsizetype kKeyedLimit = 256;
    /// Tasks one step of a load reads, compares or removes at most.
    static constexpr qsizetype kLoadBatch = 2000;
    /// Tasks whose sort key one step of a load reads and sorts at most (the load order).
    static constexpr qsizetype kOrderChunk = 10000;

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

    /// The row of the task with this id, or -1 (a hash lookup and a binary search).
    int rowOf(const QString &id) const;
    std::optional<fd::Task> taskAt(int row) const;
    /// "i-0abc… (us-east-1a)" for a container instance id; empty when unknown.
    QString instanceText(const QString &containerInstanceId) const;
    /// Where a FARGATE task runs: "Fargate · 127.1.0.5 (us-east-1b)", "Fargate · ENI attaching".
    static QString launchText(const fd::Task &task);

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
    bool shows(const fd::Task *t) const;
    /// Appends rows (one insert) for these tasks, already known to be shown and not held.
    void appendRows(const QList<const fd::Task *> &tasks);
    /// Removes the rows of these ids (those held), in runs of adjacent rows, highest first.
    void removeRows(const QStringList &ids);
    /// One step of the load; schedules the next while work is left.
    void loadStep();
    void orderStep();
    std::vector<qsizetype> nextToAdd(qsizetype count);

    struct Slot
    {
        quint64 arrival = 0; ///< m_arrivals[row] of its row
        quint32 seen = 0;    ///< the load that last listed it
    };
    /// A task a load listed: where the registry held it then, and its row's arrival when held.
    struct Listed
    {
        QString id;
        qsizetype at = -1;
        quint64 arrival = 0;
    };
    struct OrderEntry
    {
        SortKeyProxyModel::Key key;
        qsizetype at = 0; ///< index in Load::add
    };
    struct Load
    {
        enum Phase { List, Check, Stale, Order, Add, Done } phase = Done;
        qsizetype listAt = 0;   ///< the next registry position to list
        QString listedLast;     ///< the id listed last, to notice a registry that shifted meanwhile
        std::vector<Listed> check; ///< held rows listed: compared in batches
        std::vector<Listed> add;   ///< tasks listed and not held: read in batches, in the load order
        std::vector<Listed> stale; ///< held rows not listed: removed in batches when still not shown
        QSet<QString> keyed;       ///< inserted by key while loading: not read again
        qsizetype done = 0;  ///< of the current phase's list
        qsizetype total = 0; ///< everything listed
        qsizetype handled = 0;
        std::vector<OrderEntry> order; ///< add's keys, sorted per chunk of kOrderChunk
        std::vector<std::pair<std::size_t, std::size_t>> runs; ///< the sorted chunks left to merge
    };
    const fd::Task *taskOf(const Listed &listed) const;
    int rowOfArrival(quint64 arrival) const;
    bool refreshRow(const QString &id, const fd::Task *t, int row);
    qsizetype listStep();
    void endListing();

    fd::ControlPlane &m_cp;
    QString m_cluster;
    StatusFilter m_filter = StatusFilter::Running;
    QHash<QString, Where> m_instances; // container instance id -> where it is
    QSet<QString> m_pending;           // task ids changed since the last refresh
    bool m_pendingAll = false;         // too many, or unknown: re-read everything
    Counts m_counts;
    QHash<QString, Slot> m_slots;      // task id -> its row's arrival number
    std::vector<quint64> m_arrivals;   // per row, ascending: the order rows arrived in
    quint64 m_nextArrival = 0;
    quint32 m_generation = 0;          // of the load under way (or the last)
    Load m_load;
    QTimer m_loadTimer;
    QList<fd::Task> m_graveyard;       // rows of a reset, freed a batch per step
    int m_orderColumn = -1;
    Qt::SortOrder m_order = Qt::AscendingOrder;
    qsizetype m_largestStep = 0;
    qsizetype m_largestScan = 0;
    qsizetype m_loadBatch = kLoadBatch;
    qsizetype m_orderChunk = kOrderChunk;
};

} // namespace fd::ui
