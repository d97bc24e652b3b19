#include "EventLogFilterModel.h"

#include "EventLogModel.h"

namespace fd::ui {

EventLogFilterModel::EventLogFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{}

void EventLogFilterModel::setResourceType(const QString &type)
{
    if (type == m_resourceType)
        return;
    applyFilter([&] { m_resourceType = type; });
}

void EventLogFilterModel::setResourceText(const QString &text)
{
    if (text == m_resourceText)
        return;
    applyFilter([&] { m_resourceText = text; });
}

void EventLogFilterModel::setSearchText(const QString &text)
{
    if (text == m_searchText)
        return;
    applyFilter([&] { m_searchText = text; });
}

void EventLogFilterModel::applyFilter(const std::function<void()> &change)
{
    // A user's filter change re-reads every row. Told row by row (what invalidateRowsFilter()
    // does), a filter that keeps 1 % of 100,000 events is a thousand removals the view handles
    // one by one (~130 ms); one reset of this proxy is one signal and a lazy re-map (~30 ms).
    // Appends from the source are never resets: they reach the view as one insert per batch.
    beginResetModel();
    change();
    endResetModel();
}

bool EventLogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    // The texts straight from the rows (no index, no QVariant, no date formatting): at 100,000
    // events a filter change reads every row, and that must stay well under 100 ms.
    const auto *log = qobject_cast<const EventLogModel *>(sourceModel());
    if (!log || sourceParent.isValid())
        return false;
    const auto text = [&](int column) -> const QString & { return log->textAt(sourceRow, column); };
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
