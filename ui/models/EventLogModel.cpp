#include "EventLogModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "Formatter.h"
#include "ItemRoles.h"

namespace fd::ui {

EventLogModel::EventLogModel(fd::ControlPlane &cp, QObject *parent, int capacity)
    : QAbstractTableModel(parent), m_capacity(std::max(1, capacity))
{
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
    return parent.isValid() ? 0 : ColumnCount;
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

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const fd::Event &e = m_events[index.row()];
    switch (role) {
    case KeyRole:
        return e.id;
    case Qt::ToolTipRole:
        if (index.column() == MessageColumn)
            return e.message;
        if (index.column() == TimeColumn)
            return e.at.toLocalTime().toString(Qt::ISODateWithMs);
        return {};
    case Qt::DisplayRole:
    case RawValueRole:
        switch (Column(index.column())) {
        case TimeColumn:
            return role == RawValueRole ? QVariant(e.at) : QVariant(Formatter::eventTime(e.at));
        case ResourceTypeColumn:
            return e.resourceType;
        case ResourceColumn:
            return e.resource;
        case MessageColumn:
            return e.message;
        case ColumnCount:
            break;
        }
        return {};
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case ResourceTypeColumn:
        return tr("Resource type");
    case ResourceColumn:
        return tr("Resource");
    case MessageColumn:
        return tr("Message");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace fd::ui
