#include "ContainerInstanceTableModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "Formatter.h"
#include "widgets/StatusDot.h"

#include <QColor>

#include <algorithm>

namespace fd::ui {

namespace {

bool sameInstance(const fd::ContainerInstance &a, const fd::ContainerInstance &b)
{
    return a.id == b.id && a.status == b.status && a.agentConnected == b.agentConnected &&
           a.engineVersion == b.engineVersion && a.runningTasksCount == b.runningTasksCount &&
           a.pendingTasksCount == b.pendingTasksCount && a.usedCpu == b.usedCpu && a.usedMemory == b.usedMemory &&
           a.registeredCpu == b.registeredCpu && a.registeredMemory == b.registeredMemory &&
           a.customAttributes == b.customAttributes && a.engineId == b.engineId && a.address == b.address &&
           a.availabilityZone == b.availabilityZone && a.instanceType == b.instanceType &&
           a.ec2InstanceId == b.ec2InstanceId;
}

const QString &keyOf(const fd::ContainerInstance &ci)
{
    return ci.id;
}

} // namespace

ContainerInstanceTableModel::ContainerInstanceTableModel(fd::ControlPlane &cp, QObject *parent)
    : KeyedTableModel(parent), m_cp(cp)
{
    ChangeFeed::watch(m_cp, Change::ContainerInstances, this, [this] { scheduleRefresh(); });
    // An engine's connection is copied into its instances by the ControlPlane, which then signals
    // containerInstancesChanged too; enginesChanged alone changes nothing shown here.
}

void ContainerInstanceTableModel::setCluster(const QString &cluster)
{
    if (cluster == m_cluster)
        return;
    m_cluster = cluster;
    refresh();
}

int ContainerInstanceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void ContainerInstanceTableModel::refresh()
{
    syncRows(m_cluster.isEmpty() ? QList<fd::ContainerInstance>() : m_cp.containerInstances(m_cluster), keyOf,
             sameInstance);
}

int ContainerInstanceTableModel::rowOf(const QString &id) const
{
    // m_rows is ordered by id (syncRows keeps it so).
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), id,
                                     [](const fd::ContainerInstance &ci, const QString &key) { return ci.id < key; });
    return it != m_rows.cend() && it->id == id ? int(it - m_rows.cbegin()) : -1;
}

std::optional<fd::ContainerInstance> ContainerInstanceTableModel::instanceAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row];
}

QVariant ContainerInstanceTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const fd::ContainerInstance &ci = m_rows[index.row()];
    const auto column = Column(index.column());

    switch (role) {
    case KeyRole:
        return ci.id;
    case StatusRole:
        return fd::toString(ci.status);
    case Qt::DecorationRole:
        if (column == AgentColumn)
            return StatusDot::icon(ci.agentConnected);
        return {};
    case Qt::ForegroundRole:
        if (column == StatusColumn && ci.status == fd::InstanceStatus::Draining)
            return QColor(0xb2, 0x5e, 0x00); // amber: no new tasks land here
        return {};
    case Qt::TextAlignmentRole:
        if (column == CpuColumn || column == MemoryColumn || column == RunningTasksColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        switch (column) {
        case Ec2InstanceColumn:
            return tr("Container instance %1\nRegistered %2").arg(ci.id, Formatter::dateTime(ci.registeredAt));
        case AgentColumn: {
            if (ci.agentConnected)
                return tr("The agent is connected: engine %1 answers (version %2).")
                    .arg(ci.engineId, ci.engineVersion.isEmpty() ? Formatter::none() : ci.engineVersion);
            const std::optional<fd::Engine> engine = m_cp.engine(ci.engineId);
            const QString why = engine && !engine->lastError.isEmpty() ? engine->lastError : tr("not connected");
            return tr("The agent is disconnected: engine %1 does not answer (%2). No tasks are placed here "
                      "until it does.")
                .arg(ci.engineId, why);
        }
        case CpuColumn:
            return tr("%1 available of %2 registered")
                .arg(Formatter::cpuUnits(ci.remainingCpu()), Formatter::cpuUnits(ci.registeredCpu));
        case MemoryColumn:
            return tr("%1 available of %2 registered")
                .arg(Formatter::memoryMiB(ci.remainingMemory()), Formatter::memoryMiB(ci.registeredMemory));
        case StatusColumn:
            return ci.status == fd::InstanceStatus::Draining
                       ? tr("DRAINING: no new tasks are placed here; service tasks are moved away.")
                       : tr("ACTIVE: tasks can be placed here.");
        case AddressColumn:
            return tr("This instance's own loopback address: its tasks publish their ports on it.");
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
    case Ec2InstanceColumn:
        return ci.ec2InstanceId;
    case ZoneColumn:
        return ci.availabilityZone;
    case TypeColumn:
        return ci.instanceType;
    case AddressColumn:
        if (raw) {
            // Sort 127.0.0.10 after 127.0.0.9: compare as the 32-bit number.
            quint32 n = 0;
            for (const QStringView part : QStringView(ci.address).split(u'.'))
                n = (n << 8) | quint32(part.toUInt());
            return n;
        }
        return ci.address;
    case StatusColumn:
        return fd::toString(ci.status);
    case AgentColumn:
        return raw ? QVariant(int(ci.agentConnected))
                   : QVariant(ci.agentConnected ? tr("Connected") : tr("Disconnected"));
    case CpuColumn:
        return raw ? QVariant(ci.remainingCpu())
                   : QVariant(Formatter::cpuFreeOfRegistered(ci.remainingCpu(), ci.registeredCpu));
    case MemoryColumn:
        return raw ? QVariant(ci.remainingMemory())
                   : QVariant(Formatter::memoryFreeOfRegistered(ci.remainingMemory(), ci.registeredMemory));
    case RunningTasksColumn:
        return raw ? QVariant(ci.runningTasksCount) : QVariant(QString::number(ci.runningTasksCount));
    case EngineColumn:
        return ci.engineId;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ContainerInstanceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case CpuColumn:
            return tr("CPU units available of those registered (1024 units are one vCPU)");
        case MemoryColumn:
            return tr("Memory available of that registered, in MiB");
        case AgentColumn:
            return tr("Whether the agent reaches the instance's engine");
        case AddressColumn:
            return tr("The instance's loopback address (127.x.y.z) for published ports");
        case ZoneColumn:
            return tr("Availability zone");
        case RunningTasksColumn:
            return tr("Tasks in the RUNNING state on the instance");
        default:
            return {};
        }
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Ec2InstanceColumn:
        return tr("EC2 instance");
    case ZoneColumn:
        return tr("Zone");
    case TypeColumn:
        return tr("Type");
    case AddressColumn:
        return tr("Address");
    case StatusColumn:
        return tr("Status");
    case AgentColumn:
        return tr("Agent");
    case CpuColumn:
        return tr("CPU available");
    case MemoryColumn:
        return tr("Memory available");
    case RunningTasksColumn:
        return tr("Tasks");
    case EngineColumn:
        return tr("Engine");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace fd::ui
