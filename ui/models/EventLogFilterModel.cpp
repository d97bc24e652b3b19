#include "EventLogFilterModel.h"

#include "EventLogModel.h"

namespace fd::ui {

EventLogFilterModel::EventLogFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{}

void EventLogFilterModel::setResourceType(const QString &type)
{
    if (type == m_resourceType)
        return;
    m_resourceType = type;
    invalidateRowsFilter();
}

void EventLogFilterModel::setResourceText(const QString &text)
{
    if (text == m_resourceText)
        return;
    m_resourceText = text;
    invalidateRowsFilter();
}

void EventLogFilterModel::setSearchText(const QString &text)
{
    if (text == m_searchText)
        return;
    m_searchText = text;
    invalidateRowsFilter();
}

bool EventLogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *source = sourceModel();
    const auto text = [&](int column) {
        return source->index(sourceRow, column, sourceParent).data(Qt::DisplayRole).toString();
    };
    if (!m_resourceType.isEmpty() &&
        text(EventLogModel::ResourceTypeColumn).compare(m_resourceType, Qt::CaseInsensitive) != 0)
        return false;
    if (!m_resourceText.isEmpty() && !text(EventLogModel::ResourceColumn).contains(m_resourceText, Qt::CaseInsensitive))
        return false;
    if (!m_searchText.isEmpty()) {
        for (int column = 0; column < EventLogModel::ColumnCount; ++column)
            if (text(column).contains(m_searchText, Qt::CaseInsensitive))
                return true;
        return false;
    }
    return true;
}

} // namespace fd::ui
