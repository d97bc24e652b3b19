#include "ServiceTaskTableModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "Formatter.h"

#include <QColor>
#include <QFont>

#include <algorithm>

namespace fd::ui {

namespace {

bool sameTask(const fd::Task &a, const fd::Task &b)
{
    return a.version == b.version && a.lastStatus == b.lastStatus && a.desiredStatus == b.desiredStatus &&
           a.containerInstanceId == b.containerInstanceId;
}

const QString &keyOf(const fd::Task &t)
{
    return t.id;
}

} // namespace

ServiceTaskTableModel::ServiceTaskTableModel(fd::ControlPlane &cp, QObject *parent)
    : KeyedTableModel(parent), m_cp(cp)
{
    ChangeFeed::watch(m_cp, Change::Tasks, this, [this] { scheduleRefresh(); });
    // A deployment turning ACTIVE or INACTIVE changes no task, only this model's Deployment column.
    ChangeFeed::watch(m_cp, Change::Services, this, [this] {
        if (refreshContext() && !m_rows.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1),
                             {Qt::DisplayRole, Qt::ToolTipRole, Qt::ForegroundRole, RawValueRole, StatusRole});
    });
}

void ServiceTaskTableModel::setService(const QString &cluster, const QString &name)
{
    if (cluster == m_cluster && name == m_service)
        return;
    m_cluster = cluster;
    m_service = name;
    refreshContext();
    refresh();
}

void ServiceTaskTableModel::setShowStopped(bool show)
{
    if (show == m_showStopped)
        return;
    m_showStopped = show;
    refresh();
}

int ServiceTaskTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool ServiceTaskTableModel::refreshContext()
{
    QHash<QString, DeploymentInfo> deployments;
    QHash<QString, QString> instances;
    if (!m_service.isEmpty()) {
        if (const std::optional<fd::Service> v = m_cp.service(m_cluster, m_service)) {
            for (const QList<fd::Deployment> *list : {&v->deployments, &v->deploymentHistory})
                for (const fd::Deployment &d : *list)
                    deployments.insert(d.id, {fd::toString(d.status), d.taskDefinition()});
        }
        for (const fd::InstanceStatus s :
             {fd::InstanceStatus::Active, fd::InstanceStatus::Draining, fd::InstanceStatus::Inactive})
            for (const fd::ContainerInstance &ci : m_cp.containerInstances(m_cluster, s))
                instances.insert(ci.id, QStringLiteral("%1 (%2)").arg(ci.ec2InstanceId, ci.availabilityZone));
    }
    if (deployments == m_deployments && instances == m_instances)
        return false;
    m_deployments = std::move(deployments);
    m_instances = std::move(instances);
    return true;
}

void ServiceTaskTableModel::refresh()
{
    QList<fd::Task> fresh;
    if (!m_service.isEmpty()) {
        fd::ControlPlane::TaskFilter filter;
        filter.group = QStringLiteral("service:") + m_service;
        fresh = m_cp.tasks(m_cluster, filter);
        if (!m_showStopped)
            fresh.removeIf([](const fd::Task &t) { return t.isStopped(); });
        // A task placed on an instance registered since the last look.
        for (const fd::Task &t : std::as_const(fresh))
            if (t.isPlaced() && !m_instances.contains(t.containerInstanceId)) {
                refreshContext();
                break;
            }
    }
    syncRows(std::move(fresh), keyOf, sameTask);
}

int ServiceTaskTableModel::rowOf(const QString &id) const
{
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), id,
                                     [](const fd::Task &t, const QString &key) { return t.id < key; });
    return it != m_rows.cend() && it->id == id ? int(it - m_rows.cbegin()) : -1;
}

std::optional<fd::Task> ServiceTaskTableModel::taskAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row];
}

QVariant ServiceTaskTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const fd::Task &t = m_rows[index.row()];
    const auto column = Column(index.column());
    const DeploymentInfo deployment = m_deployments.value(t.startedBy);

    switch (role) {
    case KeyRole:
        return t.id;
    case StatusRole:
        if (column == DeploymentColumn)
            return deployment.status;
        return fd::toString(t.lastStatus);
    case Qt::ForegroundRole:
        if (column == LastStatusColumn) {
            if (t.lastStatus == fd::TaskStatus::Running)
                return QColor(0x2e, 0x7d, 0x32);
            if (t.lastStatus == fd::TaskStatus::Stopped)
                return QColor(0x75, 0x75, 0x75);
            return QColor(0xb2, 0x5e, 0x00);
        }
        if (column == HealthColumn) {
            if (t.healthStatus == fd::Health::Healthy)
                return QColor(0x2e, 0x7d, 0x32);
            if (t.healthStatus == fd::Health::Unhealthy)
                return QColor(0xc6, 0x28, 0x28);
            return QColor(0x75, 0x75, 0x75);
        }
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
            return tr("Task %1").arg(t.id);
        case DeploymentColumn:
            return t.startedBy.isEmpty() ? QVariant() : QVariant(tr("Deployment %1").arg(t.startedBy));
        case InstanceColumn:
            return t.isPlaced() ? tr("Container instance %1").arg(t.containerInstanceId)
                                : tr("Waiting for capacity: %1").arg(t.pendingReason);
        case StoppedReasonColumn:
            return t.stoppedReason.isEmpty() ? QVariant() : QVariant(t.stoppedReason);
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
        return raw ? t.id : t.id.left(8);
    case DeploymentColumn:
        return deployment.status.isEmpty() ? (raw ? QString() : Formatter::none()) : deployment.status;
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
        return m_instances.value(t.containerInstanceId);
    case StartedColumn:
        return raw ? QVariant(t.startedAt)
                   : QVariant(t.startedAt.isValid() ? Formatter::dateTime(t.startedAt) : QString());
    case StoppedReasonColumn:
        return t.stoppedReason;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ServiceTaskTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && Column(section) == DeploymentColumn)
        return tr("The deployment that started the task: PRIMARY (the newest) or an older ACTIVE one");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case TaskColumn:
        return tr("Task");
    case DeploymentColumn:
        return tr("Deployment");
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
    case StartedColumn:
        return tr("Started");
    case StoppedReasonColumn:
        return tr("Stopped reason");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace fd::ui
