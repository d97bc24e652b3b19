#pragma once

#include "ColumnSpec.h"
#include "model/Event.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/**
 * The journal, newest first. Loads the newest `capacity` events at construction, then inserts
 * each ChangeFeed::eventAppended at row 0 (beginInsertRows, never a reset) and drops the oldest
 * row once the log holds `capacity` events. Not a KeyedTableModel (it never merges, it prepends),
 * but its columns are a ColumnSpec all the same.
 */
class EventLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogModel)

public:
    enum Column { TimeColumn, ResourceTypeColumn, ResourceColumn, MessageColumn, ColumnCount };

    static constexpr int kDefaultCapacity = 10000;

    explicit EventLogModel(fd::ControlPlane &cp, QObject *parent = nullptr, int capacity = kDefaultCapacity);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const fd::Event &eventAt(int row) const { return m_events.at(row); }
    /// Every resource type seen so far ("cluster", "task-definition", ...), sorted.
    QStringList resourceTypes() const { return m_resourceTypes; }

signals:
    void resourceTypesChanged(const QStringList &types);

private:
    void defineColumns();
    void append(const fd::Event &event);
    void noteResourceType(const QString &type);

    int m_capacity;
    QList<fd::Event> m_events; // newest first
    QStringList m_resourceTypes;
    ColumnSpec<fd::Event> m_columns;
};

} // namespace fd::ui
