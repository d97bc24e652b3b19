#include "TaskDefinitionFamilyModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "ops/TaskDefinitions.h"

#include <QBrush>
#include <QFont>
#include <QGuiApplication>
#include <QMap>
#include <QPalette>

namespace fd::ui {

TaskDefinitionFamilyModel::TaskDefinitionFamilyModel(fd::ControlPlane &cp, QObject *parent)
    : KeyedTableModel(parent), m_cp(cp)
{
    ChangeFeed::watch(m_cp, Change::TaskDefinitions, this, [this] { scheduleRefresh(); });
    refresh();
}

int TaskDefinitionFamilyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
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

QVariant TaskDefinitionFamilyModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TaskDefinitionFamily &f = m_rows[index.row()];
    const bool inactive = f.activeRevisions == 0;

    switch (role) {
    case KeyRole:
        return f.family;
    case StatusRole:
        return inactive ? QStringLiteral("INACTIVE") : QStringLiteral("ACTIVE");
    case Qt::ForegroundRole:
        if (inactive)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::ToolTipRole:
        if (inactive)
            return tr("%1 has no ACTIVE revision").arg(f.family);
        return tr("%1: %n ACTIVE revision(s), latest %2", nullptr, f.activeRevisions)
            .arg(f.family)
            .arg(f.latestActiveRevision);
    case Qt::TextAlignmentRole:
        if (index.column() != FamilyColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case FamilyColumn:
            return f.family;
        case LatestColumn:
            return QString::number(f.latestRevision);
        case ActiveColumn:
            return QString::number(f.activeRevisions);
        case ColumnCount:
            break;
        }
        return {};
    case RawValueRole:
        switch (Column(index.column())) {
        case FamilyColumn:
            return f.family;
        case LatestColumn:
            return f.latestRevision;
        case ActiveColumn:
            return f.activeRevisions;
        case ColumnCount:
            break;
        }
        return {};
    default:
        return {};
    }
}

QVariant TaskDefinitionFamilyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case FamilyColumn:
        return tr("Family");
    case LatestColumn:
        return tr("Latest");
    case ActiveColumn:
        return tr("Active");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace fd::ui
