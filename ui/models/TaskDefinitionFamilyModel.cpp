#include "TaskDefinitionFamilyModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "ops/TaskDefinitions.h"
#include "Palette.h"

#include <QMap>

namespace fd::ui {

TaskDefinitionFamilyModel::TaskDefinitionFamilyModel(fd::ControlPlane &cp, QObject *parent)
    : ColumnTableModel(parent), m_cp(cp)
{
    defineColumns();
    ChangeFeed::watch(m_cp, Change::TaskDefinitions, this, [this] { scheduleRefresh(); });
    refresh();
}

void TaskDefinitionFamilyModel::refresh()
{
    QMap<QString, TaskDefinitionFamily> byFamily;
    const QList<fd::TaskDefinition> all = m_cp.taskDefinitions().list();
    for (const fd::TaskDefinition &td : all) {
        TaskDefinitionFamily &f = byFamily[td.family()];
        f.family = td.family();
        f.latestRevision = std::max(f.latestRevision, td.revision);
        if (td.status == fd::TaskDefinitionStatus::Active) {
            ++f.activeRevisions;
            f.latestActiveRevision = std::max(f.latestActiveRevision, td.revision);
        }
        if (!f.lastRegisteredAt.isValid() || td.registeredAt > f.lastRegisteredAt)
            f.lastRegisteredAt = td.registeredAt;
    }
    syncRows(
        byFamily.values(), [](const TaskDefinitionFamily &f) { return f.family; },
        [](const TaskDefinitionFamily &a, const TaskDefinitionFamily &b) { return a == b; });
}

int TaskDefinitionFamilyModel::rowOf(const QString &family) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].family == family)
            return int(i);
    return -1;
}

void TaskDefinitionFamilyModel::defineColumns()
{
    using F = TaskDefinitionFamily;
    const auto inactive = [](const F &f) { return f.activeRevisions == 0; };
    m_columns.setRowRole(KeyRole, [](const F &f) { return f.family; });
    m_columns.setRowRole(StatusRole, [inactive](const F &f) {
        return inactive(f) ? QStringLiteral("INACTIVE") : QStringLiteral("ACTIVE");
    });
    m_columns.setRowRole(Qt::ForegroundRole, [inactive](const F &f) {
        return inactive(f) ? QVariant(palette::inactiveText()) : QVariant();
    });
    m_columns.setRowRole(Qt::ToolTipRole, [inactive](const F &f) {
        if (inactive(f))
            return tr("%1 has no ACTIVE revision").arg(f.family);
        return tr("%1: %n ACTIVE revision(s), latest %2", nullptr, f.activeRevisions)
            .arg(f.family)
            .arg(f.latestActiveRevision);
    });
    m_columns.setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_columns.add(tr("Family")).display([](const F &f) { return f.family; });
    m_columns.add(tr("Latest")).number([](const F &f) { return f.latestRevision; });
    m_columns.add(tr("Active")).number([](const F &f) { return f.activeRevisions; });
    Q_ASSERT(m_columns.count() == ColumnCount);
}

} // namespace fd::ui
