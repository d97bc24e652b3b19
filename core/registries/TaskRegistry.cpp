#include "TaskRegistry.h"

#include "state/Kinds.h"
#include "state/Transaction.h"
#include "store/Store.h"

namespace fd::registries {

namespace {

// The two names as they are: hashed and compared without building a key string.
std::pair<QString, QString> groupKey(const QString &cluster, const QString &group)
{
    return {cluster, group};
}

} // namespace

Status TaskRegistry::load(const Store &store)
{
    Result<QList<Task>> tasks = store.loadTasks();
    if (!tasks)
        return tasks.error();
    m_tasks = std::move(tasks).value();
    reindex();
    return Ok{};
}

void TaskRegistry::reindex()
{
    m_index.clear();
    m_groups.clear();
    m_counts.clear();
    for (qsizetype i = 0; i < m_tasks.size(); ++i) {
        const Task &t = m_tasks[i];
        m_index.insert(t.id, i);
        m_groups[groupKey(t.cluster, t.group)].append(i);
        count(t, +1);
    }
}

const Task *TaskRegistry::find(const QString &id) const
{
    const qsizetype i = m_index.value(id, -1);
    return i < 0 ? nullptr : &m_tasks[i];
}

QStringList TaskRegistry::idsOfGroup(const QString &cluster, const QString &group) const
{
    QStringList ids;
    for (const Task *t : this->group(cluster, group))
        ids.append(t->id);
    return ids;
}

QList<const Task *> TaskRegistry::group(const QString &cluster, const QString &group) const
{
    const auto it = m_groups.constFind(groupKey(cluster, group));
    if (it == m_groups.cend())
        return {};
    QList<const Task *> out(it->size()); // filled in place: no append per task
    const Task **slot = out.data();
    for (const qsizetype i : *it)
        *slot++ = &m_tasks[i];
    return out;
}

void TaskRegistry::count(const Task &t, int sign)
{
    if (t.isStopped())
        return;
    Counts &c = m_counts[t.cluster];
    if (t.lastStatus == TaskStatus::Running)
        c.running += sign;
    else if (t.lastStatus < TaskStatus::Running)
        c.pending += sign;
}

void TaskRegistry::stage(state::Transaction &tx, const Task &task)
{
    tx.put(state::kTaskKind, task.id, [task](Store &store) { return store.putTask(task); },
           [this, task] { apply(task); });
}

void TaskRegistry::stageRemove(state::Transaction &tx, const QStringList &ids)
{
    for (const QString &id : ids)
        tx.remove(state::kTaskKind, id, [id](Store &store) { return store.deleteTask(id); });
    tx.afterCommit([this, ids] { remove(ids); });
}

void TaskRegistry::apply(const Task &task)
{
    const qsizetype i = m_index.value(task.id, -1);
    if (i < 0) {
        m_index.insert(task.id, m_tasks.size());
        m_groups[groupKey(task.cluster, task.group)].append(m_tasks.size());
        m_tasks.append(task);
        count(task, +1);
        if (m_observer)
            m_observer(nullptr, &m_tasks.last());
        return;
    }
    const Task before = m_tasks[i];
    count(before, -1);
    m_tasks[i] = task;
    m_tasks[i].group = before.group; // a task's group never changes; its index stays right
    m_tasks[i].cluster = before.cluster;
    count(m_tasks[i], +1);
    if (m_observer)
        m_observer(&before, &m_tasks[i]);
}

void TaskRegistry::remove(const QStringList &ids)
{
    const QSet<QString> gone(ids.begin(), ids.end());
    for (const Task &t : std::as_const(m_tasks)) {
        if (gone.contains(t.id) && m_observer)
            m_observer(&t, nullptr);
    }
    m_tasks.removeIf([&](const Task &t) { return gone.contains(t.id); });
    reindex();
}

} // namespace fd::registries
