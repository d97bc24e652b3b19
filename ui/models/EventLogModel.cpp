#include "EventLogModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "Formatter.h"
#include "ItemRoles.h"

namespace fd::ui {

EventLogModel::EventLogModel(fd::ControlPlane &cp, QObject *parent, int capacity)
    : QAbstractTableModel(parent), m_capacity(std::max(1, capacity))
{
    defineColumns();
    const QList<fd::Event> journal = cp.events(m_capacity); // oldest first
    m_rows.reserve(journal.size());
    for (const fd::Event &e : journal) {
        m_rows.append(makeRow(e));
        if (!m_resourceTypes.contains(e.resourceType))
            m_resourceTypes.append(e.resourceType);
    }
    m_resourceTypes.sort();
    connect(&ChangeFeed::of(cp), &ChangeFeed::eventsAppended, this, &EventLogModel::appendEvents);
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_columns.count();
}

EventLogModel::Row EventLogModel::makeRow(const fd::Event &event) const
{
    return {event, Formatter::eventTime(event.at)};
}

void EventLogModel::appendEvents(const QList<fd::Event> &events)
{
    // The journal's ids grow; one we already hold (loaded at construction) is not new.
    const qint64 newest = m_rows.isEmpty() ? 0 : m_rows.back().event.id;
    QList<Row> fresh;
    fresh.reserve(events.size());
    for (const fd::Event &e : events) {
        if (e.id != 0 && e.id <= newest)
            continue;
        fresh.append(makeRow(e));
    }
    if (fresh.isEmpty())
        return;
    // Newest first: the batch takes rows 0 .. n-1, its last event at row 0.
    beginInsertRows({}, 0, int(fresh.size()) - 1);
    m_rows.append(std::move(fresh));
    endInsertRows();
    trimToCapacity();
    for (const fd::Event &e : events)
        noteResourceType(e.resourceType);
}

void EventLogModel::trimToCapacity()
{
    const qsizetype excess = m_rows.size() - m_capacity;
    if (excess <= 0)
        return;
    beginRemoveRows({}, m_capacity, int(m_rows.size()) - 1);
    m_rows.remove(0, excess); // the oldest are the last rows
    endRemoveRows();
}

void EventLogModel::noteResourceType(const QString &type)
{
    if (m_resourceTypes.contains(type))
        return;
    m_resourceTypes.append(type);
    m_resourceTypes.sort();
    emit resourceTypesChanged(m_resourceTypes);
}

const QString &EventLogModel::textAt(int row, int column) const
{
    const Row &r = rowAt(row);
    switch (column) {
    case TimeColumn:
        return r.timeText;
    case ResourceTypeColumn:
        return r.event.resourceType;
    case ResourceColumn:
        return r.event.resource;
    default:
        return r.event.message;
    }
}

void EventLogModel::defineColumns()
{
    m_columns.setRowRole(KeyRole, [](const Row &r) { return r.event.id; });
    m_columns.add(tr("Time"))
        .display([](const Row &r) { return r.timeText; })
        .raw([](const Row &r) { return r.event.at; })
        .toolTip([](const Row &r) { return r.event.at.toLocalTime().toString(Qt::ISODateWithMs); });
    m_columns.add(tr("Resource type")).display([](const Row &r) { return r.event.resourceType; });
    m_columns.add(tr("Resource")).display([](const Row &r) { return r.event.resource; });
    m_columns.add(tr("Message")).display([](const Row &r) { return r.event.message; }).toolTip([](const Row &r) {
        return r.event.message;
    });
    Q_ASSERT(m_columns.count() == ColumnCount);
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return m_columns.data(rowAt(index.row()), index.column(), role);
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (const std::optional<QVariant> v = m_columns.headerData(section, orientation, role))
        return *v;
    return QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace fd::ui
