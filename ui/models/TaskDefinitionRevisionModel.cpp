#include "TaskDefinitionRevisionModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "ops/TaskDefinitions.h"
#include "Formatter.h"
#include "Palette.h"
#include "model/Arn.h"

#include <QFont>

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

std::optional<int> taskCpu(const fd::TaskDefinitionSpec &spec)
{
    return spec.cpu ? spec.cpu : containerCpuSum(spec);
}

std::optional<int> taskMemory(const fd::TaskDefinitionSpec &spec)
{
    return spec.memory ? spec.memory : containerMemorySum(spec);
}

} // namespace

TaskDefinitionRevisionModel::TaskDefinitionRevisionModel(fd::ControlPlane &cp, QObject *parent)
    : ColumnTableModel(parent), m_cp(cp)
{
    defineColumns();
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

void TaskDefinitionRevisionModel::defineColumns()
{
    using TD = fd::TaskDefinition;
    m_columns.setRowRole(KeyRole, [](const TD &td) { return td.familyRevision(); });
    m_columns.setRowRole(StatusRole, [](const TD &td) { return fd::toString(td.status); });
    m_columns.setRowRole(Qt::ForegroundRole, [](const TD &td) {
        return td.status == fd::TaskDefinitionStatus::Active ? QVariant() : QVariant(palette::inactiveText());
    });
    m_columns.setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_columns.add(tr("Revision")).number([](const TD &td) { return td.revision; }).toolTip([this](const TD &td) {
        return fd::arn::taskDefinition(m_cp.defaultRegion(), td.family(), td.revision);
    });
    m_columns.add(tr("Status")).display([](const TD &td) { return fd::toString(td.status); }).toolTip([](const TD &td) {
        if (td.status != fd::TaskDefinitionStatus::Active && td.deregisteredAt.isValid())
            return QVariant(tr("Deregistered %1").arg(Formatter::dateTime(td.deregisteredAt)));
        return QVariant();
    });
    m_columns.add(tr("Registered at"))
        .display([](const TD &td) { return Formatter::dateTime(td.registeredAt); })
        .raw([](const TD &td) { return td.registeredAt; });
    m_columns.add(tr("Containers"))
        .number([](const TD &td) { return int(td.spec.containerDefinitions.size()); })
        .toolTip([](const TD &td) {
            QStringList names;
            for (const fd::ContainerDefinition &c : td.spec.containerDefinitions)
                names << c.name;
            return names.join(QStringLiteral(", "));
        });
    // No task-level size: the figure is what the containers add up to, set in italics.
    const auto sizeToolTip = [](bool taskLevel) {
        return taskLevel ? tr("Task-level size")
                         : tr("No task-level size (in italics): what the containers reserve together");
    };
    const auto italicUnless = [](bool taskLevel, bool known) {
        if (taskLevel || !known)
            return QVariant();
        QFont italic;
        italic.setItalic(true);
        return QVariant(italic);
    };
    m_columns.add(tr("CPU units"))
        .display([](const TD &td) { return Formatter::cpuUnits(taskCpu(td.spec)); })
        .raw([](const TD &td) { return taskCpu(td.spec).value_or(0); })
        .font([italicUnless](const TD &td) {
            return italicUnless(td.spec.cpu.has_value(), taskCpu(td.spec).has_value());
        })
        .toolTip([sizeToolTip](const TD &td) { return sizeToolTip(td.spec.cpu.has_value()); });
    m_columns.add(tr("Memory"))
        .display([](const TD &td) { return Formatter::memoryMiB(taskMemory(td.spec)); })
        .raw([](const TD &td) { return taskMemory(td.spec).value_or(0); })
        .font([italicUnless](const TD &td) {
            return italicUnless(td.spec.memory.has_value(), taskMemory(td.spec).has_value());
        })
        .toolTip([sizeToolTip](const TD &td) { return sizeToolTip(td.spec.memory.has_value()); });
    Q_ASSERT(m_columns.count() == ColumnCount);
}

} // namespace fd::ui
