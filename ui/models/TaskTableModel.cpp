#include "TaskTableModel.h"

#include "ChangeFeed.h"
#include "Clock.h"
#include "ControlPlane.h"
#include "Formatter.h"
#include "Palette.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"
#include "TaskProtectionColumn.h"
#include "registries/TaskRegistry.h"
#include "state/Kinds.h"

#include <QColor>
#include <QFont>

#include <algorithm>
#include <functional>

namespace fd::ui {

namespace {

// A task's version moves on every change the ControlPlane makes, so it alone says whether a row
// must be repainted; the instance column also depends on the instance, compared by id.
bool sameTask(const fd::Task &a, const fd::Task &b)
{
    return a.version == b.version && a.lastStatus == b.lastStatus && a.desiredStatus == b.desiredStatus &&
           a.containerInstanceId == b.containerInstanceId;
}

bool passes(const fd::Task &t, TaskTableModel::StatusFilter filter)
{
    switch (filter) {
    case TaskTableModel::StatusFilter::Running:
        return t.desiredStatus != fd::TaskStatus::Stopped;
    case TaskTableModel::StatusFilter::Stopped:
        return t.desiredStatus == fd::TaskStatus::Stopped;
    case TaskTableModel::StatusFilter::All:
        return true;
    }
    return true;
}

} // namespace

TaskTableModel::TaskTableModel(fd::ControlPlane &cp, QObject *parent) : ColumnTableModel(parent), m_cp(cp)
{
    defineColumns();
    m_loadTimer.setSingleShot(true);
    m_loadTimer.setInterval(0);
    connect(&m_loadTimer, &QTimer::timeout, this, &TaskTableModel::loadStep);
    connect(&ChangeFeed::of(m_cp), &ChangeFeed::committed, this, &TaskTableModel::noteChanged);
    // Every task change also changes instance usage (and signals it); the instance column only
    // depends on ids and zones, so it is repainted only when those change.
    ChangeFeed::watch(m_cp, Change::ContainerInstances, this, [this] {
        if (refreshInstances() && !m_rows.isEmpty())
            emit dataChanged(index(0, InstanceColumn), index(int(m_rows.size()) - 1, InstanceColumn),
                             {Qt::DisplayRole, Qt::ToolTipRole, RawValueRole});
    });
}

void TaskTableModel::defineColumns()
{
    using T = fd::Task;
    const auto dateTime = [](const QDateTime &at) { return at.isValid() ? Formatter::dateTime(at) : QString(); };
    m_columns.setRowRole(KeyRole, [](const T &t) { return t.id; });
    m_columns.setRowRole(StatusRole, [](const T &t) { return fd::toString(t.lastStatus); });
    m_columns.add(tr("Task"))
        .display([](const T &t) { return shortId(t.id); })
        .raw([](const T &t) { return t.id; })
        .font([](const T &) {
            QFont f(QStringLiteral("monospace"));
            f.setStyleHint(QFont::Monospace);
            return f;
        })
        .toolTip([](const T &t) {
            return tr("Task %1\nGroup %2%3")
                .arg(t.id, t.group, t.startedBy.isEmpty() ? QString() : tr("\nStarted by %1").arg(t.startedBy));
        });
    m_columns.add(tr("Task definition")).display([](const T &t) { return t.taskDefinition(); });
    m_columns.add(tr("Last status"), tr("Where the task is in its lifecycle (PROVISIONING … RUNNING … STOPPED)"))
        .display([](const T &t) { return fd::toString(t.lastStatus); })
        .raw([](const T &t) { return int(t.lastStatus); })
        .foreground([](const T &t) -> QVariant {
            switch (t.lastStatus) {
            case fd::TaskStatus::Running:
                return palette::Ok;
            case fd::TaskStatus::Stopped:
                return palette::Muted;
            case fd::TaskStatus::Pending:
                return t.isPlaced() ? QVariant() : QVariant(palette::Waiting);
            default:
                return {};
            }
        });
    m_columns.add(tr("Desired status"), tr("Where the task should go: RUNNING, or STOPPED once asked to stop"))
        .display([](const T &t) { return fd::toString(t.desiredStatus); })
        .raw([](const T &t) { return int(t.desiredStatus); });
    m_columns.add(tr("Health"), tr("The health of its essential containers with a health check"))
        .display([](const T &t) { return fd::toString(t.healthStatus); })
        .foreground([](const T &t) {
            if (t.healthStatus == fd::Health::Healthy)
                return palette::Ok;
            if (t.healthStatus == fd::Health::Unhealthy)
                return palette::Error;
            return palette::Muted;
        });
    TaskProtectionColumn::add(m_columns, [this] { return m_cp.clock().now(); });
    m_columns.add(tr("Launch"), tr("EC2 (on a container instance), FARGATE, or the capacity provider that chose it"))
        .display([](const T &t) { return t.capacityProviderName.isEmpty() ? t.launchType : t.capacityProviderName; });
    m_columns
        .add(tr("Container instance"),
             tr("The container instance it was placed on, and its availability zone; FARGATE tasks: their own "
                "address (ENI) and zone"))
        .display([this](const T &t) {
            if (t.isFargate())
                return launchText(t);
            return t.isPlaced() ? instanceText(t.containerInstanceId) : tr("waiting for capacity");
        })
        .raw([this](const T &t) {
            if (t.isFargate())
                return launchText(t);
            return t.isPlaced() ? instanceText(t.containerInstanceId) : QString();
        })
        .foreground([](const T &t) { return t.isPlaced() || t.isFargate() ? QVariant() : QVariant(palette::Waiting); })
        .toolTip([](const T &t) {
            if (t.isFargate())
                return t.eni ? tr("No container instance: ENI %1 in %2").arg(t.eni->eniId, t.eni->subnetId)
                             : tr("No container instance: the ENI is being attached");
            return t.isPlaced() ? tr("Container instance %1").arg(t.containerInstanceId)
                                : tr("Waiting for capacity: %1").arg(t.pendingReason);
        });
    m_columns
        .add(tr("Ports"), tr("Published ports: address:host port → container port. Click to open it in a browser."))
        .display([](const T &t) { return portTexts(t).join(QStringLiteral(", ")); })
        .foreground([](const T &t) {
            return urls(t).isEmpty() ? QVariant() : QVariant(palette::Link); // a link: a click opens it
        })
        .toolTip([](const T &t) {
            const QList<QUrl> u = urls(t);
            return u.isEmpty() ? QVariant() : QVariant(tr("Click to open %1").arg(u.front().toString()));
        })
        .role(UrlRole, [](const T &t) {
            const QList<QUrl> u = urls(t);
            return u.isEmpty() ? QVariant() : QVariant(u.front());
        });
    m_columns.add(tr("Started")).display([dateTime](const T &t) { return dateTime(t.startedAt); }).raw([](const T &t) {
        return t.startedAt;
    });
    m_columns.add(tr("Stopped")).display([dateTime](const T &t) { return dateTime(t.stoppedAt); }).raw([](const T &t) {
        return t.stoppedAt;
    });
    m_columns.add(tr("Stopped reason")).display([](const T &t) { return t.stoppedReason; }).toolTip([](const T &t) {
        return t.stoppedReason.isEmpty()
                   ? QVariant()
                   : QVariant(QStringLiteral("%1 (%2)").arg(t.stoppedReason, fd::toString(t.stopCode)));
    });
    Q_ASSERT(m_columns.count() == ColumnCount);
}

void TaskTableModel::setCluster(const QString &cluster)
{
    if (cluster == m_cluster)
        return;
    m_cluster = cluster;
    refreshInstances();
    refresh(); // none of the rows stay: a reset, then the new cluster's tasks in batches
}

void TaskTableModel::setStatusFilter(StatusFilter filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    refresh();
}

void TaskTableModel::setLoadOrder(int column, Qt::SortOrder order)
{
    if (column >= ColumnCount)
        column = -1;
    if (column == m_orderColumn && order == m_order)
        return;
    m_orderColumn = column;
    m_order = order;
    if (m_load.phase != Load::Order && m_load.phase != Load::Add)
        return;
    // The rest of a load under way arrives in the new order (a click on a header while loading).
    std::vector<Listed> rest;
    if (m_load.runs.empty()) {
        rest.assign(m_load.add.begin() + (m_load.phase == Load::Add ? m_load.done : 0), m_load.add.end());
    } else {
        for (const auto &[from, to] : m_load.runs)
            for (std::size_t k = from; k < to; ++k)
                rest.push_back(m_load.add[std::size_t(m_load.order[k].at)]);
        if (m_load.phase == Load::Order) // (chunks not read yet)
            rest.insert(rest.end(), m_load.add.begin() + qsizetype(m_load.order.size()), m_load.add.end());
    }
    m_load.add = std::move(rest);
    m_load.order.clear();
    m_load.runs.clear();
    m_load.done = 0;
    m_load.phase = Load::Order;
}

bool TaskTableModel::refreshInstances()
{
    QHash<QString, Where> fresh;
    if (m_cluster.isEmpty()) {
        const bool changed = !m_instances.isEmpty();
        m_instances.clear();
        return changed;
    }
    // Deregistered instances too: a stopped task still names where it ran.
    for (const fd::InstanceStatus s :
         {fd::InstanceStatus::Active, fd::InstanceStatus::Draining, fd::InstanceStatus::Inactive})
        for (const fd::ContainerInstance &ci : m_cp.instances().list(m_cluster, s))
            fresh.insert(ci.id, {ci.ec2InstanceId, ci.availabilityZone});
    if (fresh == m_instances)
        return false;
    m_instances = std::move(fresh);
    return true;
}

void TaskTableModel::noteChanged(const fd::state::ChangeSet &set)
{
    if (!set.touches(fd::state::kTaskKind))
        return;
    if (!m_pendingAll) {
        for (const QString &id : set.ids(fd::state::kTaskKind))
            m_pending.insert(id);
        if (m_pending.size() > kKeyedLimit) {
            m_pendingAll = true;
            m_pending.clear();
        }
    }
    scheduleRefresh();
}

void TaskTableModel::refreshScheduled()
{
    if (m_pendingAll) {
        refresh();
        return;
    }
    refreshTasks(QStringList(m_pending.cbegin(), m_pending.cend()));
    m_pending.clear();
}

void TaskTableModel::refreshTasks(const QStringList &ids)
{
    bool changed = false;
    for (const QString &id : ids)
        changed |= refreshOne(id);
    if (changed)
        emit tasksChanged();
}

bool TaskTableModel::shows(const fd::Task *t) const
{
    return t && !m_cluster.isEmpty() && t->cluster == m_cluster && passes(*t, m_filter);
}

bool TaskTableModel::refreshOne(const QString &id)
{
    return refreshRow(id, m_cp.tasks().registry().find(id), rowOf(id));
}

bool TaskTableModel::refreshRow(const QString &id, const fd::Task *t, int row)
{
    const bool shown = shows(t);
    const bool held = row >= 0;
    if (shown && held) {
        fd::Task &current = m_rows[row];
        if (sameTask(current, *t))
            return false;
        const fd::Task before = std::exchange(current, *t);
        m_counts.remove(before);
        m_counts.add(*t);
        // Only the cells whose shown value changed, one by one with their roles: a view repaints
        // one cell for a one-cell signal (the whole viewport for a wider one), and a sorting proxy
        // re-sorts only when the sorted column's value changed.
        for (int column = 0; column < ColumnCount; ++column) {
            const QList<int> roles = m_columns.changedRoles(before, *t, column);
            if (!roles.isEmpty())
                emit dataChanged(index(row, column), index(row, column), roles);
        }
    } else if (shown) {
        if (m_load.phase != Load::Done)
            m_load.keyed.insert(id);
        appendRows({t});
    } else if (held) {
        removeRows({id});
    } else {
        return false;
    }
    return true;
}

const fd::Task *TaskTableModel::taskOf(const Listed &listed) const
{
    // Where the registry held it when listed (no hash lookup), unless the registry shifted since.
    const QList<fd::Task> &all = m_cp.tasks().registry().all();
    if (listed.at >= 0 && listed.at < all.size()) {
        const fd::Task &t = all[listed.at];
        if (t.id.constData() == listed.id.constData() || t.id == listed.id)
            return &t;
    }
    return m_cp.tasks().registry().find(listed.id);
}

int TaskTableModel::rowOfArrival(quint64 arrival) const
{
    const auto it = std::lower_bound(m_arrivals.cbegin(), m_arrivals.cend(), arrival);
    return it != m_arrivals.cend() && *it == arrival ? int(it - m_arrivals.cbegin()) : -1;
}

void TaskTableModel::appendRows(const QList<const fd::Task *> &tasks)
{
    if (tasks.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(tasks.size()) - 1);
    m_rows.reserve(m_rows.size() + tasks.size());
    for (const fd::Task *t : tasks) {
        m_rows.append(*t);
        m_arrivals.push_back(m_nextArrival);
        m_slots.insert(t->id, Slot{m_nextArrival++, m_generation});
        m_counts.add(*t);
    }
    endInsertRows();
}

void TaskTableModel::removeRows(const QStringList &ids)
{
    std::vector<int> rows;
    rows.reserve(std::size_t(ids.size()));
    for (const QString &id : ids)
        if (const int row = rowOf(id); row >= 0)
            rows.push_back(row);
    std::sort(rows.begin(), rows.end(), std::greater<>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    // Highest first, so the rows still to remove keep their numbers; adjacent rows in one removal.
    for (std::size_t i = 0; i < rows.size();) {
        const int last = rows[i];
        int first = last;
        for (++i; i < rows.size() && rows[i] == first - 1; ++i)
            --first;
        beginRemoveRows({}, first, last);
        for (int row = first; row <= last; ++row) {
            m_counts.remove(m_rows[row]);
            m_slots.remove(m_rows[row].id);
        }
        m_rows.remove(first, last - first + 1);
        m_arrivals.erase(m_arrivals.begin() + first, m_arrivals.begin() + last + 1);
        endRemoveRows();
    }
}

void TaskTableModel::refresh()
{
    m_pending.clear();
    m_pendingAll = false;
    ++m_generation;
    m_load = Load{};
    m_load.phase = Load::List;
    if (m_cp.tasks().registry().all().size() <= m_loadBatch) {
        finishLoading(); // small: done now, as a read in one piece was
        return;
    }
    m_loadTimer.start();
    emit tasksChanged();
}

qsizetype TaskTableModel::listStep()
{
    // The ids of the tasks to show, listed in place (no task copied), a chunk of positions per step.
    const fd::registries::TaskRegistry &registry = m_cp.tasks().registry();
    const QList<fd::Task> &all = registry.all();
    Load &load = m_load;
    if (load.listAt > 0) {
        const bool inPlace = load.listAt <= all.size() && all[load.listAt - 1].id == load.listedLast;
        if (!inPlace) {
            // Tasks removed from the registry meanwhile shifted the rest: go on after the last one
            // listed, or list again from the start if it went too.
            if (const fd::Task *last = registry.find(load.listedLast)) {
                load.listAt = (last - all.constData()) + 1;
            } else {
                ++m_generation;
                load = Load{};
                load.phase = Load::List;
            }
        }
    }
    const qsizetype from = load.listAt;
    // A chunk of positions; a batch while rows are held (each listed task is then a hash lookup).
    const qsizetype chunk = m_slots.isEmpty() ? m_orderChunk : m_loadBatch;
    const qsizetype to = m_cluster.isEmpty() ? all.size() : std::min(all.size(), from + chunk);
    for (qsizetype i = m_cluster.isEmpty() ? to : from; i < to; ++i) {
        const fd::Task &t = all[i];
        if (t.cluster != m_cluster || !passes(t, m_filter))
            continue;
        if (const auto it = m_slots.find(t.id); it != m_slots.end()) {
            it->seen = m_generation;
            load.check.push_back({t.id, i, it->arrival});
        } else {
            load.add.push_back({t.id, i, 0});
        }
    }
    load.listAt = to;
    load.listedLast = to > 0 ? all[to - 1].id : QString();
    if (to == all.size())
        endListing();
    return to - from;
}

void TaskTableModel::endListing()
{
    Load &load = m_load;
    if (qsizetype(load.check.size()) != m_slots.size())
        for (auto it = m_slots.cbegin(); it != m_slots.cend(); ++it)
            if (it->seen != m_generation)
                load.stale.push_back({it.key(), -1, it->arrival});
    load.total = qsizetype(load.check.size() + load.add.size() + load.stale.size());
    load.phase = Load::Check;
    // Most rows going and few staying (another cluster, another status filter): one reset that
    // keeps the few, instead of thousands of removals from a sorted view. The rows that go are
    // freed a batch per step.
    if (qsizetype(load.stale.size()) > kResetThreshold && qsizetype(load.check.size()) <= m_loadBatch) {
        beginResetModel();
        std::vector<int> keep;
        keep.reserve(load.check.size());
        for (const Listed &l : load.check)
            keep.push_back(rowOfArrival(l.arrival));
        std::sort(keep.begin(), keep.end());
        QList<fd::Task> kept;
        kept.reserve(qsizetype(keep.size()));
        std::vector<quint64> keptArrivals;
        keptArrivals.reserve(keep.size());
        for (const int row : keep) {
            kept.append(std::move(m_rows[row]));
            keptArrivals.push_back(m_arrivals[std::size_t(row)]);
        }
        if (m_graveyard.isEmpty())
            m_graveyard = std::move(m_rows);
        else
            m_graveyard.append(m_rows);
        m_rows = std::move(kept);
        m_arrivals = std::move(keptArrivals);
        if (m_rows.isEmpty()) {
            m_slots.clear();
        } else {
            for (const Listed &l : load.stale)
                m_slots.remove(l.id);
        }
        m_counts = {};
        for (const fd::Task &t : std::as_const(m_rows))
            m_counts.add(t);
        load.handled += qsizetype(load.stale.size());
        load.stale.clear();
        endResetModel();
    }
    m_rows.reserve(m_rows.size() + qsizetype(load.add.size()));
    m_slots.reserve(m_slots.size() + qsizetype(load.add.size())); // (no rehash of 100,000 in a step)
}

void TaskTableModel::finishLoading()
{
    while (loading())
        loadStep();
    m_loadTimer.stop();
}

std::pair<qsizetype, qsizetype> TaskTableModel::loadProgress() const
{
    if (m_load.phase == Load::Done)
        return {0, 0};
    return {m_load.handled, m_load.total};
}

void TaskTableModel::loadStep()
{
    qsizetype handled = 0;
    Load &load = m_load;
    if (!m_graveyard.isEmpty()) {
        // The rows a reset dropped, freed here rather than all in the step of the reset.
        m_graveyard.resize(m_graveyard.size() - std::min(m_loadBatch, m_graveyard.size()));
        if (m_graveyard.isEmpty())
            m_graveyard = {};
    } else {
        switch (load.phase) {
        case Load::List:
            m_largestScan = std::max(m_largestScan, listStep());
            break;
        case Load::Check: {
            // Rows held and listed: keyed updates, a batch per step.
            const qsizetype end = std::min(qsizetype(load.check.size()), load.done + m_loadBatch);
            for (qsizetype i = load.done; i < end; ++i) {
                const Listed &l = load.check[std::size_t(i)];
                refreshRow(l.id, taskOf(l), rowOfArrival(l.arrival));
            }
            handled = end - load.done;
            load.handled += handled;
            load.done = end;
            if (load.done == qsizetype(load.check.size())) {
                load.check = {};
                load.done = 0;
                load.phase = Load::Stale;
            }
            break;
        }
        case Load::Stale: {
            // Rows held and not listed: removed, unless shown again meanwhile.
            const qsizetype end = std::min(qsizetype(load.stale.size()), load.done + m_loadBatch);
            QStringList gone;
            for (qsizetype i = load.done; i < end; ++i) {
                const Listed &l = load.stale[std::size_t(i)];
                const fd::Task *t = m_cp.tasks().registry().find(l.id);
                if (shows(t))
                    refreshRow(l.id, t, rowOfArrival(l.arrival));
                else
                    gone << l.id;
            }
            removeRows(gone);
            handled = end - load.done;
            load.handled += handled;
            load.done = end;
            if (load.done == qsizetype(load.stale.size())) {
                load.stale = {};
                load.done = 0;
                load.phase = Load::Order;
            }
            break;
        }
        case Load::Order:
            m_largestScan = std::max(m_largestScan, std::min(m_orderChunk, qsizetype(load.add.size() - load.order.size())));
            orderStep();
            break;
        case Load::Add: {
            // Tasks listed and not held: read and appended, one insert per batch.
            const std::vector<qsizetype> next = nextToAdd(m_loadBatch);
            QList<const fd::Task *> fresh;
            fresh.reserve(qsizetype(next.size()));
            for (const qsizetype k : next) {
                const Listed &l = load.add[std::size_t(k)];
                if (load.keyed.contains(l.id))
                    continue; // inserted by key meanwhile
                const fd::Task *t = taskOf(l);
                if (shows(t))
                    fresh << t;
            }
            appendRows(fresh);
            handled = qsizetype(next.size());
            load.handled += handled;
            load.done += handled;
            if (load.done >= qsizetype(load.add.size()))
                load = Load{};
            break;
        }
        case Load::Done:
            break;
        }
    }
    m_largestStep = std::max(m_largestStep, handled);
    if (loading())
        m_loadTimer.start();
    emit tasksChanged();
}

void TaskTableModel::orderStep()
{
    Load &load = m_load;
    const std::size_t total = load.add.size();
    if (m_orderColumn < 0 || qsizetype(total) <= m_loadBatch) {
        load.phase = Load::Add; // one batch (the proxy sorts it), or no order asked for
        return;
    }
    // The next chunk's keys, read as the proxy reads them, and sorted: a run the batches merge.
    const std::size_t from = load.order.size();
    const std::size_t to = std::min(total, from + std::size_t(m_orderChunk));
    for (std::size_t i = from; i < to; ++i) {
        OrderEntry e;
        e.at = qsizetype(i);
        if (const fd::Task *t = taskOf(load.add[i]))
            e.key = SortKeyProxyModel::keyOfValue(m_columns.data(*t, m_orderColumn, RawValueRole), Qt::CaseInsensitive);
        load.order.push_back(std::move(e));
    }
    const bool ascending = m_order == Qt::AscendingOrder;
    std::sort(load.order.begin() + std::ptrdiff_t(from), load.order.begin() + std::ptrdiff_t(to),
              [ascending](const OrderEntry &a, const OrderEntry &b) {
                  if (SortKeyProxyModel::keyLess(a.key, b.key))
                      return ascending;
                  if (SortKeyProxyModel::keyLess(b.key, a.key))
                      return !ascending;
                  return a.at < b.at; // ties in the control plane's order, as a stable sort keeps them
              });
    load.runs.emplace_back(from, to);
    if (to == total)
        load.phase = Load::Add;
}

std::vector<qsizetype> TaskTableModel::nextToAdd(qsizetype count)
{
    Load &load = m_load;
    std::vector<qsizetype> out;
    if (load.runs.empty()) {
        for (qsizetype k = load.done; k < std::min(qsizetype(load.add.size()), load.done + count); ++k)
            out.push_back(k);
        return out;
    }
    // Merge the sorted chunks: the next `count` tasks of the load order.
    const bool ascending = m_order == Qt::AscendingOrder;
    const auto before = [&](const OrderEntry &a, const OrderEntry &b) {
        if (SortKeyProxyModel::keyLess(a.key, b.key))
            return ascending;
        if (SortKeyProxyModel::keyLess(b.key, a.key))
            return !ascending;
        return a.at < b.at;
    };
    out.reserve(std::size_t(count));
    while (qsizetype(out.size()) < count) {
        std::size_t best = load.runs.size();
        for (std::size_t r = 0; r < load.runs.size(); ++r) {
            if (load.runs[r].first == load.runs[r].second)
                continue;
            if (best == load.runs.size() || before(load.order[load.runs[r].first], load.order[load.runs[best].first]))
                best = r;
        }
        if (best == load.runs.size())
            break;
        out.push_back(load.order[load.runs[best].first++].at);
    }
    return out;
}

void TaskTableModel::Counts::add(const fd::Task &t, int by)
{
    running += by * int(t.lastStatus == fd::TaskStatus::Running);
    waiting += by * int(!t.isPlaced() && !t.isFargate() && t.lastStatus != fd::TaskStatus::Stopped);
    stopped += by * int(t.lastStatus == fd::TaskStatus::Stopped);
}

int TaskTableModel::rowOf(const QString &id) const
{
    const auto slot = m_slots.constFind(id);
    if (slot == m_slots.cend())
        return -1;
    const auto it = std::lower_bound(m_arrivals.cbegin(), m_arrivals.cend(), slot->arrival);
    return it != m_arrivals.cend() && *it == slot->arrival ? int(it - m_arrivals.cbegin()) : -1;
}

std::optional<fd::Task> TaskTableModel::taskAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row];
}

QString TaskTableModel::launchText(const fd::Task &t)
{
    QString zone = t.availabilityZone;
    if (zone.isEmpty() && t.eni && t.eni->subnetId.startsWith(QStringLiteral("subnet-")))
        zone = t.eni->subnetId.mid(7);
    const QString address =
        t.eni && !t.eni->privateIPv4Address.isEmpty() ? t.eni->privateIPv4Address : tr("ENI attaching");
    return zone.isEmpty() ? tr("Fargate · %1").arg(address) : tr("Fargate · %1 (%2)").arg(address, zone);
}

QString TaskTableModel::instanceText(const QString &containerInstanceId) const
{
    const auto it = m_instances.constFind(containerInstanceId);
    if (it == m_instances.cend())
        return {};
    return QStringLiteral("%1 (%2)").arg(it->ec2InstanceId, it->zone);
}

QString TaskTableModel::shortId(const QString &taskId)
{
    return taskId.left(8);
}

QStringList TaskTableModel::portTexts(const fd::Task &task)
{
    QStringList out;
    for (const fd::TaskContainer &c : task.containers)
        for (const fd::NetworkBinding &b : c.networkBindings)
            out << QStringLiteral("%1:%2→%3%4")
                       .arg(b.bindIP)
                       .arg(b.hostPort)
                       .arg(b.containerPort)
                       .arg(b.protocol == u"udp" ? QStringLiteral("/udp") : QString());
    return out;
}

QList<QUrl> TaskTableModel::urls(const fd::Task &task)
{
    QList<QUrl> out;
    for (const fd::TaskContainer &c : task.containers)
        for (const fd::NetworkBinding &b : c.networkBindings)
            if (b.protocol != u"udp" && b.hostPort > 0)
                out << QUrl(
                    QStringLiteral("http://%1:%2/")
                        .arg(b.bindIP.isEmpty() || b.bindIP == u"0.0.0.0" ? QStringLiteral("127.0.0.1") : b.bindIP)
                        .arg(b.hostPort));
    return out;
}

} // namespace fd::ui
