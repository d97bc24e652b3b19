#pragma once

#include "Result.h"
#include "model/Task.h"
#include "state/Forward.h"

#include <QHash>
#include <QList>

#include <functional>
#include <utility>

namespace fd::registries {

// Every task, in creation order, with its indexes (by id, by cluster and group) and per-cluster
// counts kept as tasks change, so nothing is recomputed over all tasks. It owns its memory and
// changes only through a transaction: stage() writes the row, and memory follows once committed.
class TaskRegistry final
{
public:
    // Called after each applied change: (before, after); before is null for a new task, after for a
    // removed one. The instance registry keeps usage with it.
    using Observer = std::function<void(const Task *before, const Task *after)>;

    Status load(const Store &store);
    void setObserver(Observer observer) { m_observer = std::move(observer); }

    const QList<Task> &all() const { return m_tasks; }
    const Task *find(const QString &id) const;
    // Ids of the tasks of one group in a cluster ("service:web", "family:web"), creation order.
    QStringList idsOfGroup(const QString &cluster, const QString &group) const;
    // The same tasks, in place (valid until the next commit): no lookup by id per task.
    QList<const Task *> group(const QString &cluster, const QString &group) const;

    struct Counts
    {
        int running = 0;
        int pending = 0; // not stopped and before RUNNING, waiting for capacity included
    };
    Counts counts(const QString &cluster) const { return m_counts.value(cluster); }

    void stage(state::Transaction &tx, const Task &task);
    void stageRemove(state::Transaction &tx, const QStringList &ids);

private:
    void apply(const Task &task);
    void remove(const QStringList &ids);
    void count(const Task &t, int sign);
    void reindex();

    QList<Task> m_tasks;
    QHash<QString, qsizetype> m_index; // id -> position in m_tasks
    // (cluster, group) -> positions in m_tasks, creation order
    QHash<std::pair<QString, QString>, QList<qsizetype>> m_groups;
    QHash<QString, Counts> m_counts; // cluster -> counts
    Observer m_observer;
};

} // namespace fd::registries
