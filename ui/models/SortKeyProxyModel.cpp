#include "SortKeyProxyModel.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <algorithm>
#include <limits>
#include <numeric>

namespace fd::ui {

namespace {

// Joins a row's column texts in the filter cache; a filter text holding it takes the slow path, so
// a match never spans two columns.
constexpr QChar kColumnSeparator(0x1f);

// A change to more rows than this while no filter is shown drops the filter cache (read again at
// the next keystroke) instead of re-reading those rows' texts now, on the UI thread, for nothing.
constexpr int kFilterRereadLimit = 1024;

// One idle slice of filling the filter cache: well under a frame (16 ms).
constexpr qint64 kPrebuildSliceNs = 4'000'000;

} // namespace

SortKeyProxyModel::SortKeyProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    // Keys read under another role or case rule are not the keys of the next sort.
    connect(this, &QSortFilterProxyModel::sortRoleChanged, this, &SortKeyProxyModel::dropKeys);
    connect(this, &QSortFilterProxyModel::sortCaseSensitivityChanged, this, &SortKeyProxyModel::dropKeys);
    m_prebuildTimer.setSingleShot(true);
    m_prebuildTimer.setInterval(0);
    connect(&m_prebuildTimer, &QTimer::timeout, this, &SortKeyProxyModel::prebuildFilterTexts);
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
            connect(source, &M::modelAboutToBeReset, this, &SortKeyProxyModel::dropFilterTexts),
            connect(source, &M::layoutAboutToBeChanged, this, &SortKeyProxyModel::dropFilterTexts),
            connect(source, &M::rowsAboutToBeMoved, this, &SortKeyProxyModel::dropFilterTexts),
            connect(source, &M::columnsInserted, this, &SortKeyProxyModel::dropFilterTexts),
            connect(source, &M::columnsRemoved, this, &SortKeyProxyModel::dropFilterTexts),
            connect(source, &M::columnsMoved, this, &SortKeyProxyModel::dropFilterTexts),
            // Filled again, ahead of the next keystroke, once the source settled.
            connect(source, &M::modelReset, this, &SortKeyProxyModel::schedulePrebuild),
            connect(source, &M::layoutChanged, this, &SortKeyProxyModel::schedulePrebuild),
            connect(source, &M::rowsMoved, this, &SortKeyProxyModel::schedulePrebuild),
            connect(source, &M::columnsInserted, this, &SortKeyProxyModel::schedulePrebuild),
            connect(source, &M::columnsRemoved, this, &SortKeyProxyModel::schedulePrebuild),
            connect(source, &M::columnsMoved, this, &SortKeyProxyModel::schedulePrebuild),
        };
    }
    dropFilterTexts();
    QSortFilterProxyModel::setSourceModel(source);
    schedulePrebuild();
}

void SortKeyProxyModel::setFilterText(const QString &text)
{
    if (text == m_filterText)
        return;
    beginResetModel();
    m_filterText = text;
    m_foldedFilter = text.toCaseFolded();
    // The reset re-sorts the rows it shows: with fresh ranks, by int comparisons.
    ensureRanks();
    endResetModel();
}

void SortKeyProxyModel::sort(int column, Qt::SortOrder order)
{
    // A user's sort of the column already held: ranks made stale by changed rows are rebuilt once
    // (one sort over the keys) instead of comparing keys in every one of the base class's calls.
    if (column >= 0 && column == m_keyColumn)
        ensureRanks();
    QSortFilterProxyModel::sort(column, order);
}

QString SortKeyProxyModel::filterTextOf(int sourceRow) const
{
    const QAbstractItemModel *source = sourceModel();
    const int columns = source->columnCount();
    QString text;
    for (int column = 0; column < columns; ++column) {
        if (column > 0)
            text += kColumnSeparator;
        text += source->index(sourceRow, column).data(Qt::DisplayRole).toString();
    }
    return text.toCaseFolded();
}

void SortKeyProxyModel::ensureFilterTexts() const
{
    const std::size_t rows = std::size_t(sourceModel()->rowCount());
    if (m_filterTexts.size() == rows)
        return;
    if (m_filterTexts.size() > rows) // (never, while the signals keep the prefix)
        m_filterTexts.clear();
    m_filterTexts.reserve(rows);
    for (std::size_t row = m_filterTexts.size(); row < rows; ++row)
        m_filterTexts.push_back(filterTextOf(int(row)));
}

void SortKeyProxyModel::dropFilterTexts()
{
    m_filterTexts = {};
}

void SortKeyProxyModel::schedulePrebuild()
{
    if (sourceModel() && std::size_t(sourceModel()->rowCount()) != m_filterTexts.size())
        m_prebuildTimer.start();
}

void SortKeyProxyModel::prebuildFilterTexts()
{
    if (!sourceModel())
        return;
    const std::size_t rows = std::size_t(sourceModel()->rowCount());
    if (m_filterTexts.size() > rows)
        m_filterTexts.clear();
    m_filterTexts.reserve(rows);
    QElapsedTimer slice;
    slice.start();
    while (m_filterTexts.size() < rows) {
        m_filterTexts.push_back(filterTextOf(int(m_filterTexts.size())));
        if (m_filterTexts.size() % 64 == 0 && slice.nsecsElapsed() > kPrebuildSliceNs)
            break;
    }
    if (m_filterTexts.size() < rows)
        m_prebuildTimer.start();
}

bool SortKeyProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_filterText.isEmpty())
        return true;
    if (!sourceParent.isValid() && !m_foldedFilter.contains(kColumnSeparator)) {
        ensureFilterTexts();
        return m_filterTexts[std::size_t(sourceRow)].contains(m_foldedFilter);
    }
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

bool SortKeyProxyModel::keyLess(const Key &a, const Key &b)
{
    if (a.kind != b.kind)
        return a.kind < b.kind; // numbers, then texts, then no value
    if (a.kind == Key::Number)
        return a.number < b.number;
    return a.text < b.text;
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
    m_ranksValid = false;
    ensureRanks(); // fresh keys mean a whole sort follows: give it int comparisons
}

void SortKeyProxyModel::ensureRanks() const
{
    if (m_ranksValid || m_keyColumn < 0)
        return;
    const std::size_t rows = m_keys.size();
    std::vector<int> order(rows);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [this](int a, int b) { return keyLess(m_keys[std::size_t(a)], m_keys[std::size_t(b)]); });
    // Equal keys get equal ranks, so ties stay in the base class's (stable) order as with the keys.
    m_ranks.assign(rows, 0);
    int rank = 0;
    for (std::size_t i = 0; i < rows; ++i) {
        if (i > 0 && keyLess(m_keys[std::size_t(order[i - 1])], m_keys[std::size_t(order[i])]))
            ++rank;
        m_ranks[std::size_t(order[i])] = rank;
    }
    m_ranksValid = true;
}

void SortKeyProxyModel::dropKeys()
{
    m_keys = {};
    m_keyColumn = -1;
    m_ranks = {};
    m_ranksValid = false;
}

bool SortKeyProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (left.parent().isValid() || left.column() != right.column())
        return QSortFilterProxyModel::lessThan(left, right);
    ensureKeys(left.column());
    const std::size_t a = std::size_t(left.row());
    const std::size_t b = std::size_t(right.row());
    if (m_ranksValid)
        return m_ranks[a] < m_ranks[b];
    return keyLess(m_keys[a], m_keys[b]);
}

void SortKeyProxyModel::rowsChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (topLeft.parent().isValid())
        return;
    const int built = int(m_filterTexts.size());
    if (m_filterText.isEmpty() && bottomRight.row() - topLeft.row() >= kFilterRereadLimit && topLeft.row() < built) {
        // Many rows (an instance's zone shown in every task row): read again while idle.
        m_filterTexts.resize(std::size_t(topLeft.row()));
        schedulePrebuild();
    } else {
        for (int row = topLeft.row(); row <= std::min(bottomRight.row(), built - 1); ++row)
            m_filterTexts[std::size_t(row)] = filterTextOf(row);
    }
    if (m_keyColumn < 0 || m_keyColumn < topLeft.column() || m_keyColumn > bottomRight.column())
        return;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
        m_keys[std::size_t(row)] = keyOf(row, m_keyColumn);
    m_ranksValid = false; // the changed keys are compared as keys until the next user sort or filter
}

void SortKeyProxyModel::rowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    if (!m_filterTexts.empty() && std::size_t(first) <= m_filterTexts.size()) {
        std::vector<QString> texts;
        texts.reserve(std::size_t(last - first + 1));
        for (int row = first; row <= last; ++row)
            texts.push_back(filterTextOf(row));
        m_filterTexts.insert(m_filterTexts.begin() + first, std::make_move_iterator(texts.begin()),
                             std::make_move_iterator(texts.end()));
    }
    if (m_keyColumn < 0)
        return;
    std::vector<Key> fresh;
    fresh.reserve(std::size_t(last - first + 1));
    for (int row = first; row <= last; ++row)
        fresh.push_back(keyOf(row, m_keyColumn));
    m_keys.insert(m_keys.begin() + first, std::make_move_iterator(fresh.begin()), std::make_move_iterator(fresh.end()));
    m_ranks.resize(m_keys.size()); // (stale: compared as keys until the next user sort or filter)
    m_ranksValid = false;
}

void SortKeyProxyModel::rowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    if (std::size_t(first) < m_filterTexts.size())
        m_filterTexts.erase(m_filterTexts.begin() + first,
                            m_filterTexts.begin() + std::min(std::size_t(last) + 1, m_filterTexts.size()));
    if (m_keyColumn < 0)
        return;
    m_keys.erase(m_keys.begin() + first, m_keys.begin() + last + 1);
    // The ranks of the rows left keep their order: still valid.
    if (m_ranks.size() > std::size_t(last))
        m_ranks.erase(m_ranks.begin() + first, m_ranks.begin() + last + 1);
}

} // namespace fd::ui
