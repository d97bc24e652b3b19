#include "SortKeyProxyModel.h"

#include <QDateTime>

#include <limits>

namespace fd::ui {

SortKeyProxyModel::SortKeyProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    // Keys read under another role or case rule are not the keys of the next sort.
    connect(this, &QSortFilterProxyModel::sortRoleChanged, this, &SortKeyProxyModel::dropKeys);
    connect(this, &QSortFilterProxyModel::sortCaseSensitivityChanged, this, &SortKeyProxyModel::dropKeys);
}

void SortKeyProxyModel::setSourceModel(QAbstractItemModel *source)
{
    for (const QMetaObject::Connection &c : std::as_const(m_sourceConnections))
        disconnect(c);
    m_sourceConnections.clear();
    dropKeys();
    // Connected before the base class connects its own handlers, so the keys are up to date when
    // it re-sorts the rows a signal announces.
    if (source) {
        using M = QAbstractItemModel;
        m_sourceConnections = {
            connect(source, &M::dataChanged, this, &SortKeyProxyModel::rowsChanged),
            connect(source, &M::rowsInserted, this, &SortKeyProxyModel::rowsInserted),
            connect(source, &M::rowsRemoved, this, &SortKeyProxyModel::rowsRemoved),
            connect(source, &M::modelAboutToBeReset, this, &SortKeyProxyModel::dropKeys),
            connect(source, &M::layoutAboutToBeChanged, this, &SortKeyProxyModel::dropKeys),
            connect(source, &M::rowsAboutToBeMoved, this, &SortKeyProxyModel::dropKeys),
        };
    }
    QSortFilterProxyModel::setSourceModel(source);
}

void SortKeyProxyModel::setFilterText(const QString &text)
{
    if (text == m_filterText)
        return;
    beginResetModel();
    m_filterText = text;
    endResetModel();
}

bool SortKeyProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_filterText.isEmpty())
        return true;
    const QAbstractItemModel *source = sourceModel();
    const int columns = source->columnCount(sourceParent);
    for (int column = 0; column < columns; ++column) {
        if (source->index(sourceRow, column, sourceParent).data(Qt::DisplayRole).toString().contains(m_filterText,
                                                                                                   Qt::CaseInsensitive))
            return true;
    }
    return false;
}

SortKeyProxyModel::Key SortKeyProxyModel::keyOf(int sourceRow, int column) const
{
    const QVariant v = sourceModel()->index(sourceRow, column).data(sortRole());
    Key key;
    switch (v.metaType().id()) {
    case QMetaType::UnknownType:
        break;
    case QMetaType::QDateTime: {
        const QDateTime at = v.toDateTime();
        key.kind = Key::Number;
        key.number = at.isValid() ? double(at.toMSecsSinceEpoch()) : -std::numeric_limits<double>::infinity();
        break;
    }
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::Float:
    case QMetaType::Bool:
        key.kind = Key::Number;
        key.number = v.toDouble();
        break;
    default:
        key.kind = Key::Text;
        key.text = sortCaseSensitivity() == Qt::CaseInsensitive ? v.toString().toCaseFolded() : v.toString();
        break;
    }
    return key;
}

void SortKeyProxyModel::ensureKeys(int column) const
{
    if (m_keyColumn == column)
        return;
    const int rows = sourceModel()->rowCount();
    m_keys.clear();
    m_keys.reserve(std::size_t(rows));
    for (int row = 0; row < rows; ++row)
        m_keys.push_back(keyOf(row, column));
    m_keyColumn = column;
}

void SortKeyProxyModel::dropKeys()
{
    m_keys = {};
    m_keyColumn = -1;
}

bool SortKeyProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (left.parent().isValid() || left.column() != right.column())
        return QSortFilterProxyModel::lessThan(left, right);
    ensureKeys(left.column());
    const Key &a = m_keys[std::size_t(left.row())];
    const Key &b = m_keys[std::size_t(right.row())];
    if (a.kind != b.kind)
        return a.kind < b.kind; // numbers, then texts, then no value
    if (a.kind == Key::Number)
        return a.number < b.number;
    return a.text < b.text;
}

void SortKeyProxyModel::rowsChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (m_keyColumn < 0 || topLeft.parent().isValid() || m_keyColumn < topLeft.column() ||
        m_keyColumn > bottomRight.column())
        return;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
        m_keys[std::size_t(row)] = keyOf(row, m_keyColumn);
}

void SortKeyProxyModel::rowsInserted(const QModelIndex &parent, int first, int last)
{
    if (m_keyColumn < 0 || parent.isValid())
        return;
    std::vector<Key> fresh;
    fresh.reserve(std::size_t(last - first + 1));
    for (int row = first; row <= last; ++row)
        fresh.push_back(keyOf(row, m_keyColumn));
    m_keys.insert(m_keys.begin() + first, std::make_move_iterator(fresh.begin()), std::make_move_iterator(fresh.end()));
}

void SortKeyProxyModel::rowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (m_keyColumn < 0 || parent.isValid())
        return;
    m_keys.erase(m_keys.begin() + first, m_keys.begin() + last + 1);
}

} // namespace fd::ui
