#pragma once

#include "ItemRoles.h"

#include <QAbstractTableModel>
#include <QList>
#include <QTimer>

#include <algorithm>

namespace fd::ui {

/**
 * The shared base of the entity tables: rows of value type T, ordered by a key, refreshed from
 * the ControlPlane by a keyed merge instead of a model reset. A row that stays keeps its index,
 * so selections, the current index and scroll positions survive every refresh; only rows that
 * appear or disappear are inserted or removed, and only rows whose value changed emit dataChanged.
 *
 * Change signals are coalesced: scheduleRefresh() may be called for every signal of a burst,
 * and refresh() runs once, shortly after (well within the one second the console promises).
 */
template<typename T> class KeyedTableModel : public QAbstractTableModel
{
public:
    const QList<T> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }

    /// Re-reads the rows from the source now.
    virtual void refresh() = 0;

    /// What the coalesced refresh runs (now): refresh() unless a model can do less (rows by key).
    virtual void refreshScheduled() { refresh(); }

    /// Asks for a refresh soon; calls within the coalescing interval are merged into one.
    void scheduleRefresh()
    {
        if (!m_refreshTimer.isActive())
            m_refreshTimer.start();
    }

protected:
    explicit KeyedTableModel(QObject *parent) : QAbstractTableModel(parent)
    {
        m_refreshTimer.setSingleShot(true);
        m_refreshTimer.setInterval(kCoalesceMs);
        QObject::connect(&m_refreshTimer, &QTimer::timeout, this, [this] { refreshScheduled(); });
    }


    /// The roles a changed row repaints.
    static QList<int> changedRoles()
    {
        return {Qt::DisplayRole, Qt::DecorationRole, Qt::ToolTipRole, Qt::ForegroundRole, Qt::FontRole, RawValueRole,
                StatusRole};
    }

    /**
     * Makes m_rows equal to `fresh`. Both are ordered by keyOf(row) (fresh is sorted here, so the
     * source's order does not matter); `same(a, b)` tells whether a kept row changed.
     * Example: rows [a, c, d], fresh [b, c', d] -> remove a (row 0), insert b (row 0),
     * dataChanged for c (row 1), nothing for d.
     *
     * Changed rows next to each other are reported as one dataChanged range (an engine going down
     * changes every instance on it: one signal, not thousands). A bulk change is a reset instead:
     * when more than kResetThreshold rows would be inserted or removed, row-by-row inserts into
     * the middle of a large list and a sorting proxy's per-insert work would cost seconds
     * (10,000 instances registered at once: ~10,000 insert runs interleaved by key), while a
     * reset costs one re-sort. Views that keep a selection re-select by KeyRole after modelReset.
     */
    template<typename KeyOf, typename Same> void syncRows(QList<T> fresh, KeyOf keyOf, Same same)
    {
        std::stable_sort(fresh.begin(), fresh.end(), [&](const T &a, const T &b) { return keyOf(a) < keyOf(b); });
        if (insertsAndRemovals(fresh, keyOf) > kResetThreshold) {
            beginResetModel();
            m_rows = std::move(fresh);
            endResetModel();
            return;
        }
        qsizetype changedFirst = -1; // the open run of changed rows, [changedFirst, changedLast]
        qsizetype changedLast = -1;
        const auto flushChanged = [&] {
            if (changedFirst < 0)
                return;
            emit dataChanged(index(int(changedFirst), 0), index(int(changedLast), columnCount() - 1), changedRoles());
            changedFirst = changedLast = -1;
        };
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < m_rows.size() || j < fresh.size()) {
            const bool oldLeft = i < m_rows.size();
            const bool newLeft = j < fresh.size();
            if (oldLeft && (!newLeft || keyOf(m_rows[i]) < keyOf(fresh[j]))) {
                flushChanged();
                qsizetype end = i + 1;
                while (end < m_rows.size() && (!newLeft || keyOf(m_rows[end]) < keyOf(fresh[j])))
                    ++end;
                beginRemoveRows({}, int(i), int(end - 1));
                m_rows.remove(i, end - i);
                endRemoveRows();
            } else if (newLeft && (!oldLeft || keyOf(fresh[j]) < keyOf(m_rows[i]))) {
                flushChanged();
                qsizetype end = j + 1;
                while (end < fresh.size() && (!oldLeft || keyOf(fresh[end]) < keyOf(m_rows[i])))
                    ++end;
                beginInsertRows({}, int(i), int(i + (end - j) - 1));
                for (qsizetype k = j; k < end; ++k)
                    m_rows.insert(i + (k - j), fresh[k]);
                endInsertRows();
                i += end - j;
                j = end;
            } else {
                if (!same(m_rows[i], fresh[j])) {
                    m_rows[i] = fresh[j];
                    if (changedFirst < 0)
                        changedFirst = i;
                    changedLast = i;
                } else {
                    flushChanged();
                }
                ++i;
                ++j;
            }
        }
        flushChanged();
    }

    static constexpr int kCoalesceMs = 50;
    /// More inserted plus removed rows than this in one refresh: reset the model instead.
    static constexpr qsizetype kResetThreshold = 500;

    QList<T> m_rows;

private:
    // How many rows syncRows would insert or remove to turn m_rows into `fresh` (both sorted).
    template<typename KeyOf> qsizetype insertsAndRemovals(const QList<T> &fresh, KeyOf keyOf) const
    {
        qsizetype count = 0;
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < m_rows.size() && j < fresh.size()) {
            const auto a = keyOf(m_rows[i]);
            const auto b = keyOf(fresh[j]);
            if (a < b) {
                ++count;
                ++i;
            } else if (b < a) {
                ++count;
                ++j;
            } else {
                ++i;
                ++j;
            }
        }
        return count + (m_rows.size() - i) + (fresh.size() - j);
    }

    QTimer m_refreshTimer;
};

} // namespace fd::ui
