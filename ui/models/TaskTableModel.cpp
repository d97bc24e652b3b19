#include "TaskTableModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "Formatter.h"

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

TaskTableModel::TaskTableModel(fd::ControlPlane &cp, QObject *parent) : KeyedTableModel(parent), m_cp(cp)
{
    ChangeFeed::watch(m_cp, Change::Tasks, this, [this] { scheduleRefresh(); });
    // Every task change also changes instance usage (and signals it); the instance column only
    // depends on ids and zones, so it is repainted only when those change.
    ChangeFeed::watch(m_cp, Change::ContainerInstances, this, [this] {
        if (refreshInstances() && !m_rows.isEmpty())
            emit dataChanged(index(0, InstanceColumn), index(int(m_rows.size()) - 1, InstanceColumn),
                             {Qt::DisplayRole, Qt::ToolTipRole, RawValueRole});
    });
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

int TaskTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
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
        for (const fd::ContainerInstance &ci : m_cp.containerInstances(m_cluster, s))
            fresh.insert(ci.id, {ci.ec2InstanceId, ci.availabilityZone});
    if (fresh == m_instances)
        return false;
    m_instances = std::move(fresh);
    return true;
}

void TaskTableModel::refresh()
{
    QList<fd::Task> fresh;
    if (!m_cluster.isEmpty()) {
        fresh = m_cp.tasks(m_cluster);
        if (m_filter != StatusFilter::All)
            fresh.removeIf([this](const fd::Task &t) { return !passes(t, m_filter); });
    }
    syncRows(std::move(fresh), keyOf, sameTask);
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

QVariant TaskTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const fd::Task &t = m_rows[index.row()];
    const auto column = Column(index.column());

    switch (role) {
    case KeyRole:
        return t.id;
    case StatusRole:
        return fd::toString(t.lastStatus);
    case UrlRole: {
        if (column != PortsColumn)
            return {};
        const QList<QUrl> u = urls(t);
        return u.isEmpty() ? QVariant() : QVariant(u.front());
    }
    case Qt::ForegroundRole:
        if (column == LastStatusColumn) {
            switch (t.lastStatus) {
            case fd::TaskStatus::Running:
                return QColor(0x2e, 0x7d, 0x32);
            case fd::TaskStatus::Stopped:
                return QColor(0x75, 0x75, 0x75);
            case fd::TaskStatus::Pending:
                return t.isPlaced() ? QVariant() : QVariant(QColor(0xb2, 0x5e, 0x00));
            default:
                return {};
            }
        }
        if (column == HealthColumn) {
            if (t.healthStatus == fd::Health::Healthy)
                return QColor(0x2e, 0x7d, 0x32);
            if (t.healthStatus == fd::Health::Unhealthy)
                return QColor(0xc6, 0x28, 0x28);
            return QColor(0x75, 0x75, 0x75);
        }
        if (column == PortsColumn && !urls(t).isEmpty())
            return QColor(0x15, 0x65, 0xc0); // a link: a click opens it
        if (column == InstanceColumn && !t.isPlaced())
            return QColor(0xb2, 0x5e, 0x00);
        return {};
    case Qt::FontRole:
        if (column == TaskColumn) {
            QFont f(QStringLiteral("monospace"));
            f.setStyleHint(QFont::Monospace);
            return f;
        }
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case TaskColumn:
            return tr("Task %1\nGroup %2%3")
                .arg(t.id, t.group, t.startedBy.isEmpty() ? QString() : tr("\nStarted by %1").arg(t.startedBy));
        case InstanceColumn:
            return t.isPlaced() ? tr("Container instance %1").arg(t.containerInstanceId)
                                : tr("Waiting for capacity: %1").arg(t.pendingReason);
        case PortsColumn:
            return urls(t).isEmpty() ? QVariant() : QVariant(tr("Click to open %1").arg(urls(t).front().toString()));
        case StoppedReasonColumn:
            return t.stoppedReason.isEmpty()
                       ? QVariant()
                       : QVariant(QStringLiteral("%1 (%2)").arg(t.stoppedReason, fd::toString(t.stopCode)));
        default:
            return {};
        }
    case Qt::DisplayRole:
    case RawValueRole:
        break;
    default:
        return {};
    }

    const bool raw = role == RawValueRole;
    switch (column) {
    case TaskColumn:
        return raw ? t.id : shortId(t.id);
    case DefinitionColumn:
        return t.taskDefinition();
    case LastStatusColumn:
        return raw ? QVariant(int(t.lastStatus)) : QVariant(fd::toString(t.lastStatus));
    case DesiredStatusColumn:
        return raw ? QVariant(int(t.desiredStatus)) : QVariant(fd::toString(t.desiredStatus));
    case HealthColumn:
        return fd::toString(t.healthStatus);
    case InstanceColumn:
        if (!t.isPlaced())
            return raw ? QString() : tr("waiting for capacity");
        return instanceText(t.containerInstanceId);
    case PortsColumn:
        return portTexts(t).join(QStringLiteral(", "));
    case StartedColumn:
        return raw ? QVariant(t.startedAt)
                   : QVariant(t.startedAt.isValid() ? Formatter::dateTime(t.startedAt) : QString());
    case StoppedColumn:
        return raw ? QVariant(t.stoppedAt)
                   : QVariant(t.stoppedAt.isValid() ? Formatter::dateTime(t.stoppedAt) : QString());
    case StoppedReasonColumn:
        return t.stoppedReason;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant TaskTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case LastStatusColumn:
            return tr("Where the task is in its lifecycle (PROVISIONING … RUNNING … STOPPED)");
        case DesiredStatusColumn:
            return tr("Where the task should go: RUNNING, or STOPPED once asked to stop");
        case HealthColumn:
            return tr("The health of its essential containers with a health check");
        case PortsColumn:
            return tr("Published ports: address:host port → container port. Click to open it in a browser.");
        case InstanceColumn:
            return tr("The container instance it was placed on, and its availability zone");
        default:
            return {};
        }
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case TaskColumn:
        return tr("Task");
    case DefinitionColumn:
        return tr("Task definition");
    case LastStatusColumn:
        return tr("Last status");
    case DesiredStatusColumn:
        return tr("Desired status");
    case HealthColumn:
        return tr("Health");
    case InstanceColumn:
        return tr("Container instance");
    case PortsColumn:
        return tr("Ports");
    case StartedColumn:
        return tr("Started");
    case StoppedColumn:
        return tr("Stopped");
    case StoppedReasonColumn:
        return tr("Stopped reason");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace fd::ui
