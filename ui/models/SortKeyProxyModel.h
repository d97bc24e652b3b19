#pragma once

#include <QSortFilterProxyModel>

#include <vector>

namespace fd::ui {

/**
 * A sort and text-filter proxy for large tables (100,000 rows).
 *
 * Sorting goes through a precomputed key column: the sort role's value of every source row in the
 * sorted column is read once into a plain vector (a number, or a case-folded text), and lessThan()
 * compares those instead of asking the source for two QVariants per comparison (n log n calls:
 * seconds at 100,000 rows). The keys follow the source signal by signal (a changed row re-reads its
 * key, inserted and removed rows shift the vector) before the base class re-sorts, so the dynamic
 * re-sort of one changed row costs a few comparisons; a source reset or layout change drops them
 * and the next comparison reads them again.
 *
 * Filtering: setFilterText() keeps the rows whose display text in any column contains the text
 * (case-insensitive), re-filtered in ONE reset of this proxy: told row by row, a filter that keeps
 * 1 % of the rows is thousands of removals that the view handles one at a time.
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
    void ensureKeys(int column) const;
    void dropKeys();
    void rowsChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void rowsInserted(const QModelIndex &parent, int first, int last);
    void rowsRemoved(const QModelIndex &parent, int first, int last);

    QString m_filterText;
    mutable std::vector<Key> m_keys; ///< per source row, for m_keyColumn
    mutable int m_keyColumn = -1;    ///< -1: no keys held
    QList<QMetaObject::Connection> m_sourceConnections;
};

} // namespace fd::ui
