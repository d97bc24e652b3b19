#pragma once

#include <QSortFilterProxyModel>
#include <QTimer>

#include <vector>

namespace fd::ui {

/**
 * A sort and text-filter proxy for large tables (100,000 rows).
 *
 * Sorting goes through a precomputed key column: the sort role's value of every source row in the
 * sorted column is read once into a plain vector (a number, or a case-folded text), and lessThan()
 * compares those instead of asking the source for two QVariants per comparison (n log n calls:
 * seconds at 100,000 rows). On top of the keys, a rank per source row (equal keys, equal ranks) is
 * computed by one sort of an index vector over the keys, so the ~1.7 M comparisons the base class
 * makes when it sorts 100,000 rows compare two ints. The keys follow the source signal by signal
 * (a changed row re-reads its key, inserted and removed rows shift the vector) before the base
 * class re-sorts, so the dynamic re-sort of one changed row costs a few key comparisons; a changed
 * or inserted row makes the ranks stale (comparisons use the keys) until the next user sort or
 * filter rebuilds them. A source reset or layout change drops everything; the next comparison
 * reads it again.
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

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    struct Key
    {
        // As Qt's proxy: an invalid QDateTime before every date, a value-less QVariant after all.
        enum Kind : quint8 { Number, Text, None } kind = None;
        double number = 0;
        QString text;
    };

    Key keyOf(int sourceRow, int column) const;
    static bool keyLess(const Key &a, const Key &b);
    void ensureKeys(int column) const;
    void ensureRanks() const;
    void dropKeys();
    QString filterTextOf(int sourceRow) const;
    void ensureFilterTexts() const;
    void dropFilterTexts();
    /// Fills the filter cache for a few milliseconds; goes on at the next idle moment until full.
    void prebuildFilterTexts();
    void schedulePrebuild();
    void rowsChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void rowsInserted(const QModelIndex &parent, int first, int last);
    void rowsRemoved(const QModelIndex &parent, int first, int last);

    QString m_filterText;
    QString m_foldedFilter;           ///< m_filterText case-folded
    mutable std::vector<Key> m_keys;  ///< per source row, for m_keyColumn
    mutable int m_keyColumn = -1;     ///< -1: no keys held
    mutable std::vector<int> m_ranks; ///< per source row: the key's place among all keys
    mutable bool m_ranksValid = false;
    /// Per source row 0 … size-1: the case-folded joined display texts (a prefix while filling).
    mutable std::vector<QString> m_filterTexts;
    QTimer m_prebuildTimer;
    QList<QMetaObject::Connection> m_sourceConnections;
};

} // namespace fd::ui
