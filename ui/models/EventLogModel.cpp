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
    m_events.reserve(journal.size());
    for (auto it = journal.crbegin(); it != journal.crend(); ++it) {
        m_events.append(*it);
        if (!m_resourceTypes.contains(it->resourceType))
            m_resourceTypes.append(it->resourceType);
    }
    m_resourceTypes.sort();
    connect(&ChangeFeed::of(cp), &ChangeFeed::eventAppended, this, &EventLogModel::append);
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_columns.count();
}

void EventLogModel::append(const fd::Event &event)
{
    // The journal's ids grow; one we already hold (loaded at construction) is not new.
    if (!m_events.isEmpty() && event.id != 0 && event.id <= m_events.front().id)
        return;
    beginInsertRows({}, 0, 0);
    m_events.prepend(event);
    endInsertRows();
    if (m_events.size() > m_capacity) {
        const int first = m_capacity;
        beginRemoveRows({}, first, int(m_events.size()) - 1);
        m_events.resize(m_capacity);
        endRemoveRows();
    }
    noteResourceType(event.resourceType);
}

void EventLogModel::noteResourceType(const QString &type)
{
    if (m_resourceTypes.contains(type))
        return;
    m_resourceTypes.append(type);
    m_resourceTypes.sort();
    emit resourceTypesChanged(m_resourceTypes);
}

void EventLogModel::defineColumns()
{
    using E = fd::Event;
    m_columns.setRowRole(KeyRole, [](const E &e) { return e.id; });
    m_columns.add(tr("Time"))
        .display([](const E &e) { return Formatter::eventTime(e.at); })
        .raw([](const E &e) { return e.at; })
        .toolTip([](const E &e) { return e.at.toLocalTime().toString(Qt::ISODateWithMs); });
    m_columns.add(tr("Resource type")).display([](const E &e) { return e.resourceType; });
    m_columns.add(tr("Resource")).display([](const E &e) { return e.resource; });
    m_columns.add(tr("Message")).display([](const E &e) { return e.message; }).toolTip([](const E &e) {
        return e.message;
    });
    Q_ASSERT(m_columns.count() == ColumnCount);
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return m_columns.data(m_events[index.row()], index.column(), role);
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (const std::optional<QVariant> v = m_columns.headerData(section, orientation, role))
        return *v;
    return QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace fd::ui
