#pragma once

#include <QElapsedTimer>
#include <QSortFilterProxyModel>
#include <QTimer>

#include <vector>

namespace fd::ui {

/**
 * A sort and text-filter proxy for large tables (100,000 rows).
 *
 * Sorting goes through precomputed key columns: the sort role's value of every source row in a
 * column is read once into a plain vector (a number, or a case-folded text), and lessThan()
 * compares those instead of asking the source for two QVariants per comparison (n log n calls:
 * seconds at 100,000 rows). On top of the keys, a rank per source row (equal keys, equal ranks)
 * is computed once (a pass when the keys already come in order, one sort of the distinct texts
 * when few, else one sort of an index), so the ~1.7 M comparisons the base class makes when it
 * sorts 100,000 rows compare two ints. Every column sorted once keeps its keys, and the keys of
 * the other columns are read while the UI is idle (after the filter cache, in the same slices), so
 * a click on any header reads nothing from the source. The keys follow the source signal by signal
 * (a changed cell re-reads its key, inserted and removed rows shift the vectors) before the base
 * class re-sorts, so the dynamic re-sort of one changed row costs a few key comparisons; a changed
 * key (not a changed cell whose key stayed) or an inserted row makes that column's ranks stale
 * (comparisons use the keys) until its next user sort or filter rebuilds them. A source reset or
 * layout change drops everything; it is read again while idle or at the next comparison. A large
 * append (a source loading in batches) reads only the sort column's keys of the new rows; the other
 * columns' keys and the filter texts of those rows are read while idle, like the rest of the prefix.
 *
 * Filtering: setFilterText() keeps the rows whose display text in any column contains the text
 * (case-insensitive), re-filtered in ONE reset of this proxy: told row by row, a filter that keeps
 * 1 % of the rows is thousands of removals that the view handles one at a time. The first filter
 * reads every row's display texts once into a per-row cache (case-folded, the columns joined by a
 * separator no filter text holds), kept up to date by the same signals as the sort keys, so a
 * keystroke is one substring search per cached row. The cache is filled ahead of the first
 * keystroke, while the UI is idle, in slices of a few milliseconds (after the source is set, reset
 * or re-laid out); a keystroke before it is full reads the rest at once. The cache always holds the
 * texts of the first n source rows (n = its size), and the signals keep that prefix exact.
 */
class SortKeyProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SortKeyProxyModel)

public:
    explicit SortKeyProxyModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *source) override;

    QString filterText() const { return m_filterText; }
    /// Shows the rows with `text` in any column (case-insensitive); empty shows every row.
    void setFilterText(const QString &text);

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    /// The sort key of one value of the sort role, compared as this proxy compares them: numbers
    /// and dates by value (an invalid date first), texts case-folded unless `cs` is case-sensitive,
    /// no value last. A source that loads rows in batches orders them by it (TaskTableModel).
    struct Key
    {
        // As Qt's proxy: an invalid QDateTime before every date, a value-less QVariant after all.
        enum Kind : quint8 { Number, Text, None } kind = None;
        double number = 0;
        QString text;
    };
    static Key keyOfValue(const QVariant &value, Qt::CaseSensitivity cs);
    static bool keyLess(const Key &a, const Key &b);

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    /// The keys of one column, per source row, and their ranks.
    struct Column
    {
        std::vector<Key> keys;  ///< of source rows 0 … size-1 (a prefix while read while idle)
        std::vector<int> ranks; ///< per source row: the key's place among all keys
        bool ranksValid = false;
    };

    Key keyOf(int sourceRow, int column) const;
    static bool keySame(const Key &a, const Key &b);
    Column &ensureKeys(int column) const;
    void ensureRanks(int column) const;
    static void buildRanks(Column &c);
    void dropKeys();
    /// Reads keys of columns not read yet, for a few milliseconds; false when every column is full.
    bool prebuildKeys(qint64 deadlineNs, const QElapsedTimer &slice);
    QString filterTextOf(int sourceRow) const;
    void ensureFilterTexts() const;
    void dropFilterTexts();
    /// Fills the filter cache for a few milliseconds; goes on at the next idle moment until full.
    void prebuildFilterTexts();
    void schedulePrebuild();
    void rowsChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void rowsInserted(const QModelIndex &parent, int first, int last);
    void rowsRemoved(const QModelIndex &parent, int first, int last);

    QString m_filterText;
    QString m_foldedFilter;                ///< m_filterText case-folded
    bool m_flatSource = false;             ///< a table or list model: no row has a parent
    mutable std::vector<Column> m_columns; ///< per source column (empty until a key is read)
    /// Per source row 0 … size-1: the case-folded joined display texts (a prefix while filling).
    mutable std::vector<QString> m_filterTexts;
    QTimer m_prebuildTimer;
    QList<QMetaObject::Connection> m_sourceConnections;
};

} // namespace fd::ui
