#include "TaskDefinitionRevisionModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "ops/TaskDefinitions.h"
#include "Formatter.h"
#include "model/Arn.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace fd::ui {

namespace {

bool sameRevision(const fd::TaskDefinition &a, const fd::TaskDefinition &b)
{
    return a.revision == b.revision && a.status == b.status && a.registeredAt == b.registeredAt &&
           a.deregisteredAt == b.deregisteredAt && a.spec == b.spec;
}

// Task-level size when the task definition sets it; otherwise what its containers add up to,
// which is what placement reserves (memoryReservation before memory, as ECS does).
std::optional<int> containerCpuSum(const fd::TaskDefinitionSpec &spec)
{
    std::optional<int> sum;
    for (const fd::ContainerDefinition &c : spec.containerDefinitions)
        if (c.cpu)
            sum = sum.value_or(0) + *c.cpu;
    return sum;
}

std::optional<int> containerMemorySum(const fd::TaskDefinitionSpec &spec)
{
    std::optional<int> sum;
    for (const fd::ContainerDefinition &c : spec.containerDefinitions)
        if (c.memory || c.memoryReservation)
            sum = sum.value_or(0) + c.reservedMemory();
    return sum;
}

} // namespace

TaskDefinitionRevisionModel::TaskDefinitionRevisionModel(fd::ControlPlane &cp, QObject *parent)
    : KeyedTableModel(parent), m_cp(cp)
{
    ChangeFeed::watch(m_cp, Change::TaskDefinitions, this, [this] { scheduleRefresh(); });
}

void TaskDefinitionRevisionModel::setFamily(const QString &family)
{
    if (family == m_family)
        return;
    // A different family is a different list: one reset, not a row-by-row merge.
    beginResetModel();
    m_family = family;
    m_rows.clear();
    if (!m_family.isEmpty())
        m_rows = m_cp.taskDefinitions().list(m_family);
    std::sort(m_rows.begin(), m_rows.end(),
              [](const fd::TaskDefinition &a, const fd::TaskDefinition &b) { return a.revision < b.revision; });
    endResetModel();
}

int TaskDefinitionRevisionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void TaskDefinitionRevisionModel::refresh()
{
    syncRows(
        m_family.isEmpty() ? QList<fd::TaskDefinition>{} : m_cp.taskDefinitions().list(m_family),
        [](const fd::TaskDefinition &td) { return td.revision; }, sameRevision);
}

int TaskDefinitionRevisionModel::rowOf(int revision) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].revision == revision)
            return int(i);
    return -1;
}

std::optional<fd::TaskDefinition> TaskDefinitionRevisionModel::revisionAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row];
}

QVariant TaskDefinitionRevisionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const fd::TaskDefinition &td = m_rows[index.row()];
    const auto column = Column(index.column());
    const bool active = td.status == fd::TaskDefinitionStatus::Active;
    const std::optional<int> cpu = td.spec.cpu ? td.spec.cpu : containerCpuSum(td.spec);
    const std::optional<int> memory = td.spec.memory ? td.spec.memory : containerMemorySum(td.spec);

    switch (role) {
    case KeyRole:
        return td.familyRevision();
    case StatusRole:
        return fd::toString(td.status);
    case Qt::ForegroundRole:
        if (!active)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::FontRole:
        // No task-level size: the figure is what the containers add up to, set in italics.
        if ((column == CpuColumn && !td.spec.cpu && cpu) || (column == MemoryColumn && !td.spec.memory && memory)) {
            QFont italic;
            italic.setItalic(true);
            return italic;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == RevisionColumn || column == ContainersColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        switch (column) {
        case RevisionColumn:
            return fd::arn::taskDefinition(m_cp.defaultRegion(), td.family(), td.revision);
        case StatusColumn:
            if (!active && td.deregisteredAt.isValid())
                return tr("Deregistered %1").arg(Formatter::dateTime(td.deregisteredAt));
            return {};
        case ContainersColumn: {
            QStringList names;
            for (const fd::ContainerDefinition &c : td.spec.containerDefinitions)
                names << c.name;
            return names.join(QStringLiteral(", "));
        }
        case CpuColumn:
        case MemoryColumn:
            if ((column == CpuColumn && !td.spec.cpu) || (column == MemoryColumn && !td.spec.memory))
                return tr("No task-level size (in italics): what the containers reserve together");
            return tr("Task-level size");
        default:
            return {};
        }
    case Qt::DisplayRole:
        switch (column) {
        case RevisionColumn:
            return QString::number(td.revision);
        case StatusColumn:
            return fd::toString(td.status);
        case RegisteredColumn:
            return Formatter::dateTime(td.registeredAt);
        case ContainersColumn:
            return QString::number(td.spec.containerDefinitions.size());
        case CpuColumn:
            return Formatter::cpuUnits(cpu);
        case MemoryColumn:
            return Formatter::memoryMiB(memory);
        case ColumnCount:
            break;
        }
        return {};
    case RawValueRole:
        switch (column) {
        case RevisionColumn:
            return td.revision;
        case StatusColumn:
            return fd::toString(td.status);
        case RegisteredColumn:
            return td.registeredAt;
        case ContainersColumn:
            return int(td.spec.containerDefinitions.size());
        case CpuColumn:
            return cpu.value_or(0);
        case MemoryColumn:
            return memory.value_or(0);
        case ColumnCount:
            break;
        }
        return {};
    default:
        return {};
    }
}

QVariant TaskDefinitionRevisionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case RevisionColumn:
        return tr("Revision");
    case StatusColumn:
        return tr("Status");
    case RegisteredColumn:
        return tr("Registered at");
    case ContainersColumn:
        return tr("Containers");
    case CpuColumn:
        return tr("CPU units");
    case MemoryColumn:
        return tr("Memory");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace fd::ui
