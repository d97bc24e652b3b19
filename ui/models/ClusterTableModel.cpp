#include "ClusterTableModel.h"

#include "ControlPlane.h"
#include "Formatter.h"
#include "model/Arn.h"

namespace fd::ui {

namespace {

bool sameCluster(const fd::Cluster &a, const fd::Cluster &b)
{
    return a.name == b.name && a.status == b.status && a.createdAt == b.createdAt &&
           a.registeredContainerInstancesCount == b.registeredContainerInstancesCount &&
           a.runningTasksCount == b.runningTasksCount && a.pendingTasksCount == b.pendingTasksCount &&
           a.activeServicesCount == b.activeServicesCount;
}

} // namespace

ClusterTableModel::ClusterTableModel(fd::ControlPlane &cp, QObject *parent) : KeyedTableModel(parent), m_cp(cp)
{
    connect(&m_cp, &fd::ControlPlane::clustersChanged, this, [this] { scheduleRefresh(); });
    refresh();
}

int ClusterTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void ClusterTableModel::refresh()
{
    syncRows(
        m_cp.clusters(), [](const fd::Cluster &c) { return c.name; }, sameCluster);
}

int ClusterTableModel::rowOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].name == name)
            return int(i);
    return -1;
}

std::optional<fd::Cluster> ClusterTableModel::clusterAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row];
}

QVariant ClusterTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const fd::Cluster &c = m_rows[index.row()];
    const auto column = Column(index.column());

    switch (role) {
    case KeyRole:
        return c.name;
    case StatusRole:
        return c.status;
    case Qt::TextAlignmentRole:
        if (column >= InstancesColumn && column <= ServicesColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (column == ArnColumn || column == NameColumn)
            return fd::arn::cluster(m_cp.defaultRegion(), c.name);
        return {};
    case Qt::DisplayRole:
    case RawValueRole:
        break;
    default:
        return {};
    }

    const bool raw = role == RawValueRole;
    switch (column) {
    case NameColumn:
        return c.name;
    case StatusColumn:
        return c.status;
    case ArnColumn:
        return fd::arn::cluster(m_cp.defaultRegion(), c.name);
    case InstancesColumn:
        return raw ? QVariant(c.registeredContainerInstancesCount)
                   : QVariant(QString::number(c.registeredContainerInstancesCount));
    case RunningColumn:
        return raw ? QVariant(c.runningTasksCount) : QVariant(QString::number(c.runningTasksCount));
    case PendingColumn:
        return raw ? QVariant(c.pendingTasksCount) : QVariant(QString::number(c.pendingTasksCount));
    case ServicesColumn:
        return raw ? QVariant(c.activeServicesCount) : QVariant(QString::number(c.activeServicesCount));
    case CreatedColumn:
        return raw ? QVariant(c.createdAt) : QVariant(Formatter::dateTime(c.createdAt));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ClusterTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case InstancesColumn:
            return tr("Registered container instances");
        case RunningColumn:
            return tr("Tasks in the RUNNING state");
        case PendingColumn:
            return tr("Tasks in the PENDING state");
        case ServicesColumn:
            return tr("Services in the ACTIVE state");
        default:
            return {};
        }
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case StatusColumn:
        return tr("Status");
    case ArnColumn:
        return tr("ARN");
    case InstancesColumn:
        return tr("Instances");
    case RunningColumn:
        return tr("Running");
    case PendingColumn:
        return tr("Pending");
    case ServicesColumn:
        return tr("Services");
    case CreatedColumn:
        return tr("Created");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace fd::ui
