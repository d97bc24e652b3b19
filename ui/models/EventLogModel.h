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
 * each committed change set's events (ChangeFeed::eventsAppended) at the top as ONE batch: one
 * beginInsertRows for the whole set, never a reset or a layoutChanged, so a filter proxy and a
 * view above it do their per-insert work once per change set, not once per event (a service
 * launch commits hundreds of events at once). Once the log holds more than `capacity` events,
 * the oldest are removed in one beginRemoveRows per batch.
 *
 * Storage is oldest first (row r is m_rows[size - 1 - r]), so a batch is appended at the end of
 * the list and trimming removes from its front: neither moves the rows that stay. Each row keeps
 * its time text, formatted once, so painting and the free-text filter do not format dates.
 * Not a KeyedTableModel (it never merges, it prepends), but its columns are a ColumnSpec all the
 * same.
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

    int capacity() const { return m_capacity; }
    const fd::Event &eventAt(int row) const { return rowAt(row).event; }
    /// The text of column `column` at `row` as shown (DisplayRole), without a QVariant.
    const QString &textAt(int row, int column) const;
    /// Every resource type seen so far ("cluster", "task-definition", ...), sorted.
    QStringList resourceTypes() const { return m_resourceTypes; }

    /// Inserts `events` (oldest first, as committed) at the top in one batch; events already held
    /// (an id not above the newest one's) are skipped. ChangeFeed::eventsAppended calls this.
    void appendEvents(const QList<fd::Event> &events);

signals:
    void resourceTypesChanged(const QStringList &types);

private:
    struct Row
    {
        fd::Event event;
        QString timeText; ///< Formatter::eventTime(event.at), formatted once
    };

    const Row &rowAt(int row) const { return m_rows[m_rows.size() - 1 - row]; }
    Row makeRow(const fd::Event &event) const;
    void defineColumns();
    void trimToCapacity();
    void noteResourceType(const QString &type);

    int m_capacity;
    QList<Row> m_rows; // oldest first
    QStringList m_resourceTypes;
    ColumnSpec<Row> m_columns;
};

} // namespace fd::ui
