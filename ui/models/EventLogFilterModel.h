#pragma once

#include <QSortFilterProxyModel>

#include <functional>

namespace fd::ui {

/**
 * Filters an EventLogModel by resource type (exact; empty means all), by resource (substring of
 * the resource column) and by free text (substring of any column), all case-insensitive.
 * Keeps the source's newest-first order. The source must be an EventLogModel (its rows' texts
 * are read directly); with any other source no row passes.
 */
class EventLogFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogFilterModel)

public:
    explicit EventLogFilterModel(QObject *parent = nullptr);

    void setResourceType(const QString &type);
    void setResourceText(const QString &text);
    void setSearchText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    /// Changes a filter field and re-filters every row in one reset of this proxy.
    void applyFilter(const std::function<void()> &change);

    QString m_resourceType;
    QString m_resourceText;
    QString m_searchText;
};

} // namespace fd::ui
