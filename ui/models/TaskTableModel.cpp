#include "TaskTableModel.h"

#include "ChangeFeed.h"
#include "Clock.h"
#include "TaskProtectionColumn.h"
#include "registries/TaskRegistry.h"
#include "state/Kinds.h"
#include "ControlPlane.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"
#include "Formatter.h"
#include "Palette.h"

#include <QColor>
#include <QFont>

#include <algorithm>

namespace fd::ui {

namespace {

// A task's version moves on every change the ControlPlane makes, so it alone says whether a row
// must be repainted; the instance column also depends on the instance, compared by id.
bool sameTask(const fd::Task &a, const fd::Task &b)
{
    return a.version == b.version && a.lastStatus == b.lastStatus && a.desiredStatus == b.desiredStatus &&
           a.containerInstanceId == b.containerInstanceId;
}

const QString &keyOf(const fd::Task &t)
{
    return t.id;
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
    m_columns.add(tr("Container instance"), tr("The container instance it was placed on, and its availability zone"))
        .display([this](const T &t) {
            return t.isPlaced() ? instanceText(t.containerInstanceId) : tr("waiting for capacity");
        })
        .raw([this](const T &t) { return t.isPlaced() ? instanceText(t.containerInstanceId) : QString(); })
        .foreground([](const T &t) { return t.isPlaced() ? QVariant() : QVariant(palette::Waiting); })
        .toolTip([](const T &t) {
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
    refresh();
}

void TaskTableModel::setStatusFilter(StatusFilter filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    refresh();
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
    const QSet<QString> ids = std::exchange(m_pending, {});
    bool changed = false;
    for (const QString &id : ids)
        changed |= refreshOne(id);
    if (changed)
        emit tasksChanged();
}

bool TaskTableModel::refreshOne(const QString &id)
{
    const fd::Task *t = m_cp.tasks().registry().find(id);
    const bool shown = t && !m_cluster.isEmpty() && t->cluster == m_cluster && passes(*t, m_filter);
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), id,
                                     [](const fd::Task &row, const QString &key) { return row.id < key; });
    const int row = int(it - m_rows.begin());
    const bool held = it != m_rows.end() && it->id == id;
    if (shown && held) {
        if (sameTask(*it, *t))
            return false;
        const fd::Task before = std::exchange(*it, *t);
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
        beginInsertRows({}, row, row);
        m_rows.insert(row, *t);
        m_counts.add(*t);
        endInsertRows();
    } else if (held) {
        beginRemoveRows({}, row, row);
        m_counts.remove(*it);
        m_rows.remove(row);
        endRemoveRows();
    } else {
        return false;
    }
    return true;
}

void TaskTableModel::refresh()
{
    m_pending.clear();
    m_pendingAll = false;
    QList<fd::Task> fresh;
    if (!m_cluster.isEmpty()) {
        fresh = m_cp.tasks().list(m_cluster);
        if (m_filter != StatusFilter::All)
            fresh.removeIf([this](const fd::Task &t) { return !passes(t, m_filter); });
    }
    syncRows(std::move(fresh), keyOf, sameTask);
    m_counts = {};
    for (const fd::Task &t : std::as_const(m_rows))
        m_counts.add(t);
    emit tasksChanged();
}

void TaskTableModel::Counts::add(const fd::Task &t, int by)
{
    running += by * int(t.lastStatus == fd::TaskStatus::Running);
    waiting += by * int(!t.isPlaced() && t.lastStatus != fd::TaskStatus::Stopped);
    stopped += by * int(t.lastStatus == fd::TaskStatus::Stopped);
}

int TaskTableModel::rowOf(const QString &id) const
{
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), id,
                                     [](const fd::Task &t, const QString &key) { return t.id < key; });
    return it != m_rows.cend() && it->id == id ? int(it - m_rows.cbegin()) : -1;
}

std::optional<fd::Task> TaskTableModel::taskAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row];
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
