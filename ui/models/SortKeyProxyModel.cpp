#include "SortKeyProxyModel.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>

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
    // ... and read again while idle.
    connect(this, &QSortFilterProxyModel::sortRoleChanged, this, &SortKeyProxyModel::schedulePrebuild);
    connect(this, &QSortFilterProxyModel::sortCaseSensitivityChanged, this, &SortKeyProxyModel::schedulePrebuild);
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
            connect(source, &M::columnsInserted, this, &SortKeyProxyModel::dropKeys),
            connect(source, &M::columnsRemoved, this, &SortKeyProxyModel::dropKeys),
            connect(source, &M::columnsMoved, this, &SortKeyProxyModel::dropKeys),
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
    m_flatSource = qobject_cast<QAbstractTableModel *>(source) || qobject_cast<QAbstractListModel *>(source);
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
    if (sourceModel() && sortColumn() >= 0 && sortColumn() < sourceModel()->columnCount())
        ensureRanks(sortColumn());
    endResetModel();
}

void SortKeyProxyModel::sort(int column, Qt::SortOrder order)
{
    // A user's sort of the column already held: ranks made stale by changed rows are rebuilt once
    // (one sort over the keys) instead of comparing keys in every one of the base class's calls.
    if (sourceModel() && column >= 0 && column < sourceModel()->columnCount())
        ensureRanks(column);
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
    if (!sourceModel())
        return;
    const std::size_t rows = std::size_t(sourceModel()->rowCount());
    bool full = m_filterTexts.size() == rows && m_columns.size() == std::size_t(sourceModel()->columnCount());
    for (const Column &c : m_columns)
        full = full && c.keys.size() == rows;
    if (!full)
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
    // Then the sort keys of every column, so that no header click reads the source.
    if (m_filterTexts.size() < rows || prebuildKeys(kPrebuildSliceNs, slice))
        m_prebuildTimer.start();
}

bool SortKeyProxyModel::prebuildKeys(qint64 deadlineNs, const QElapsedTimer &slice)
{
    const std::size_t rows = std::size_t(sourceModel()->rowCount());
    const int columns = sourceModel()->columnCount();
    if (m_columns.size() < std::size_t(columns))
        m_columns.resize(std::size_t(columns));
    for (int column = 0; column < columns; ++column) {
        Column &c = m_columns[std::size_t(column)];
        if (c.keys.size() > rows) // (never, while the signals keep the prefix)
            c = {};
        c.keys.reserve(rows);
        while (c.keys.size() < rows) {
            c.keys.push_back(keyOf(int(c.keys.size()), column));
            if (c.keys.size() % 64 == 0 && slice.nsecsElapsed() > deadlineNs)
                return c.keys.size() < rows || column + 1 < columns;
        }
    }
    return false;
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
        if (source->index(sourceRow, column, sourceParent)
                .data(Qt::DisplayRole)
                .toString()
                .contains(m_filterText, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

SortKeyProxyModel::Key SortKeyProxyModel::keyOf(int sourceRow, int column) const
{
    return keyOfValue(sourceModel()->index(sourceRow, column).data(sortRole()), sortCaseSensitivity());
}

SortKeyProxyModel::Key SortKeyProxyModel::keyOfValue(const QVariant &v, Qt::CaseSensitivity cs)
{
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
        key.text = cs == Qt::CaseInsensitive ? v.toString().toCaseFolded() : v.toString();
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

bool SortKeyProxyModel::keySame(const Key &a, const Key &b)
{
    return a.kind == b.kind && (a.kind != Key::Number || a.number == b.number) &&
           (a.kind != Key::Text || a.text == b.text);
}

SortKeyProxyModel::Column &SortKeyProxyModel::ensureKeys(int column) const
{
    if (m_columns.size() <= std::size_t(column))
        m_columns.resize(std::size_t(column) + 1);
    Column &c = m_columns[std::size_t(column)];
    const std::size_t rows = std::size_t(sourceModel()->rowCount());
    if (c.keys.size() == rows)
        return c;
    if (c.keys.size() > rows)
        c.keys.clear();
    // The rest of a prefix read while idle (or all of it).
    c.keys.reserve(rows);
    for (std::size_t row = c.keys.size(); row < rows; ++row)
        c.keys.push_back(keyOf(int(row), column));
    c.ranksValid = false;
    buildRanks(c); // fresh keys mean a whole sort follows: give it int comparisons
    return c;
}

void SortKeyProxyModel::ensureRanks(int column) const
{
    Column &c = ensureKeys(column);
    if (!c.ranksValid)
        buildRanks(c);
}

void SortKeyProxyModel::buildRanks(Column &c)
{
    const std::size_t rows = c.keys.size();
    const std::vector<Key> &keys = c.keys;
    c.ranks.assign(rows, 0);
    c.ranksValid = true;
    if (rows == 0)
        return;
    // Already in order (a column the source is ordered by, or one value throughout): one pass.
    bool ascending = true;
    for (std::size_t i = 1; i < rows && ascending; ++i)
        ascending = !keyLess(keys[i], keys[i - 1]);
    if (ascending) {
        int rank = 0;
        for (std::size_t i = 1; i < rows; ++i) {
            if (keyLess(keys[i - 1], keys[i]))
                ++rank;
            c.ranks[i] = rank;
        }
        return;
    }
    // Few distinct texts (an instance or a status per row): sort those, look every row's up.
    bool texts = true;
    for (std::size_t i = 0; i < rows && texts; ++i)
        texts = keys[i].kind == Key::Text;
    if (texts) {
        QHash<QString, int> distinct;
        const qsizetype most = qsizetype(rows / 8);
        for (std::size_t i = 0; i < rows && distinct.size() <= most; ++i)
            distinct.insert(keys[i].text, 0);
        if (distinct.size() <= most) {
            QStringList sorted = distinct.keys();
            std::sort(sorted.begin(), sorted.end());
            for (qsizetype i = 0; i < sorted.size(); ++i)
                distinct[sorted[i]] = int(i);
            for (std::size_t i = 0; i < rows; ++i)
                c.ranks[i] = distinct.value(keys[i].text);
            return;
        }
    }
    std::vector<int> order(rows);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&keys](int a, int b) { return keyLess(keys[std::size_t(a)], keys[std::size_t(b)]); });
    // Equal keys get equal ranks, so ties stay in the base class's (stable) order as with the keys.
    int rank = 0;
    for (std::size_t i = 0; i < rows; ++i) {
        if (i > 0 && keyLess(keys[std::size_t(order[i - 1])], keys[std::size_t(order[i])]))
            ++rank;
        c.ranks[std::size_t(order[i])] = rank;
    }
}

void SortKeyProxyModel::dropKeys()
{
    m_columns = {};
}

bool SortKeyProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // Called ~1.7 M times per sort of 100,000 rows: no virtual call on the source here when it is
    // a table (no parent to ask about) and the column's keys are held.
    if (left.column() != right.column() || (!m_flatSource && left.parent().isValid()))
        return QSortFilterProxyModel::lessThan(left, right);
    const int column = left.column();
    const std::size_t a = std::size_t(left.row());
    const std::size_t b = std::size_t(right.row());
    const Column *c = std::size_t(column) < m_columns.size() ? &m_columns[std::size_t(column)] : nullptr;
    // Ranks are only ever valid over every row's keys; a prefix read while idle is exact too.
    if (c && c->ranksValid)
        return c->ranks[a] < c->ranks[b];
    if (!c || std::max(a, b) >= c->keys.size())
        c = &ensureKeys(column);
    if (c->ranksValid)
        return c->ranks[a] < c->ranks[b];
    return keyLess(c->keys[a], c->keys[b]);
}

void SortKeyProxyModel::rowsChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (topLeft.parent().isValid())
        return;
    const int built = int(m_filterTexts.size());
    if (!roles.isEmpty() && !roles.contains(Qt::DisplayRole)) {
        // The texts the filter reads did not change.
    } else if (m_filterText.isEmpty() && bottomRight.row() - topLeft.row() >= kFilterRereadLimit &&
               topLeft.row() < built) {
        // Many rows (an instance's zone shown in every task row): read again while idle.
        m_filterTexts.resize(std::size_t(topLeft.row()));
        schedulePrebuild();
    } else {
        for (int row = topLeft.row(); row <= std::min(bottomRight.row(), built - 1); ++row)
            m_filterTexts[std::size_t(row)] = filterTextOf(row);
    }
    if (!roles.isEmpty() && !roles.contains(sortRole()))
        return; // no key changed
    const int lastColumn = std::min(bottomRight.column(), int(m_columns.size()) - 1);
    for (int column = topLeft.column(); column <= lastColumn; ++column) {
        Column &c = m_columns[std::size_t(column)];
        const int held = int(c.keys.size());
        if (held == 0)
            continue;
        if (m_filterText.isEmpty() && bottomRight.row() - topLeft.row() >= kFilterRereadLimit && topLeft.row() < held &&
            column != sortColumn()) {
            // Many rows of a column not shown sorted: read again while idle.
            c.keys.resize(std::size_t(topLeft.row()));
            c.ranksValid = false;
            schedulePrebuild();
            continue;
        }
        for (int row = topLeft.row(); row <= std::min(bottomRight.row(), held - 1); ++row) {
            Key key = keyOf(row, column);
            if (keySame(key, c.keys[std::size_t(row)]))
                continue; // the ranks still hold (a status change of a row sorted by time)
            c.keys[std::size_t(row)] = std::move(key);
            c.ranksValid = false; // the changed keys are compared as keys until the next user sort or filter
        }
    }
}

void SortKeyProxyModel::rowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    // A large append beyond what the caches hold (a source loading in batches): those rows are
    // read while idle like the rest of the prefix, not now, on the UI thread, for every column.
    const bool manyAppended = last - first + 1 > kFilterRereadLimit;
    if (manyAppended && std::size_t(first) == m_filterTexts.size()) {
        // (the prefix stays exact: the new rows are after it)
    } else if (!m_filterTexts.empty() && std::size_t(first) <= m_filterTexts.size()) {
        std::vector<QString> texts;
        texts.reserve(std::size_t(last - first + 1));
        for (int row = first; row <= last; ++row)
            texts.push_back(filterTextOf(row));
        m_filterTexts.insert(m_filterTexts.begin() + first, std::make_move_iterator(texts.begin()),
                             std::make_move_iterator(texts.end()));
    }
    for (std::size_t column = 0; column < m_columns.size(); ++column) {
        Column &c = m_columns[column];
        if (c.keys.empty() || std::size_t(first) > c.keys.size()) {
            c.ranksValid = false; // (ranks of an empty model: none for the new rows)
            continue;
        }
        if (manyAppended && std::size_t(first) == c.keys.size() && int(column) != sortColumn()) {
            c.ranksValid = false; // read while idle, or at the next sort by it
            continue;
        }
        std::vector<Key> fresh;
        fresh.reserve(std::size_t(last - first + 1));
        for (int row = first; row <= last; ++row)
            fresh.push_back(keyOf(row, int(column)));
        c.keys.insert(c.keys.begin() + first, std::make_move_iterator(fresh.begin()),
                      std::make_move_iterator(fresh.end()));
        c.ranks.resize(c.keys.size()); // (stale: compared as keys until the next user sort or filter)
        c.ranksValid = false;
    }
    schedulePrebuild();
}

void SortKeyProxyModel::rowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    if (std::size_t(first) < m_filterTexts.size())
        m_filterTexts.erase(m_filterTexts.begin() + first,
                            m_filterTexts.begin() + std::min(std::size_t(last) + 1, m_filterTexts.size()));
    for (Column &c : m_columns) {
        if (std::size_t(first) < c.keys.size())
            c.keys.erase(c.keys.begin() + first, c.keys.begin() + std::min(std::size_t(last) + 1, c.keys.size()));
        // The ranks of the rows left keep their order: still valid.
        if (c.ranks.size() > std::size_t(last))
            c.ranks.erase(c.ranks.begin() + first, c.ranks.begin() + last + 1);
        else
            c.ranksValid = false;
    }
}

} // namespace fd::ui
