#pragma once

#include "ItemRoles.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QList>
#include <QString>
#include <QVariant>

#include <functional>
#include <optional>

namespace fd::ui {

/**
 * The columns of an entity table over rows of T, declared once: title and header tool tip, the
 * display text, the raw value for sorting (RawValueRole; the display value when not given), the
 * alignment, and any other role (tool tip, foreground, font, decoration, a model's own roles).
 * Row roles (KeyRole, StatusRole) answer in every column. data() and headerData() follow from it.
 *
 *     m_columns.add(tr("Running"), tr("Tasks in the RUNNING state"))
 *         .number([](const fd::Cluster &c) { return c.runningTasksCount; });
 *
 * Columns are added in the order of the model's Column enum.
 */
template<typename T> class ColumnSpec
{
public:
    using Fn = std::function<QVariant(const T &)>;

    struct Column
    {
        QString title;
        QString headerToolTip;
        Fn display;
        Fn raw;
        std::optional<Qt::Alignment> alignment;
        QHash<int, Fn> roles;
    };

    /// Fills in the column add() made; each call returns the builder for chaining.
    class Builder
    {
    public:
        Builder(ColumnSpec &spec, qsizetype column) : m_spec(spec), m_column(column) {}

        /// Display text (and, unless raw() says otherwise, the sort value).
        Builder &display(Fn fn)
        {
            return set([&](Column &c) { c.display = std::move(fn); });
        }
        /// The sort value (RawValueRole).
        Builder &raw(Fn fn)
        {
            return set([&](Column &c) { c.raw = std::move(fn); });
        }
        /// A number: its decimal text, the number itself to sort, aligned right.
        template<typename Get> Builder &number(Get get)
        {
            display([get](const T &row) { return QVariant(QString::number(get(row))); });
            raw([get](const T &row) { return QVariant::fromValue(get(row)); });
            return align(Qt::AlignRight | Qt::AlignVCenter);
        }
        Builder &align(Qt::Alignment alignment)
        {
            return set([&](Column &c) { c.alignment = alignment; });
        }
        Builder &toolTip(Fn fn) { return role(Qt::ToolTipRole, std::move(fn)); }
        Builder &foreground(Fn fn) { return role(Qt::ForegroundRole, std::move(fn)); }
        Builder &font(Fn fn) { return role(Qt::FontRole, std::move(fn)); }
        Builder &decoration(Fn fn) { return role(Qt::DecorationRole, std::move(fn)); }
        /// Any other role of this column.
        Builder &role(int role, Fn fn)
        {
            return set([&](Column &c) { c.roles.insert(role, std::move(fn)); });
        }

    private:
        template<typename Change> Builder &set(Change change)
        {
            change(m_spec.m_columns[m_column]);
            return *this;
        }
        ColumnSpec &m_spec;
        qsizetype m_column;
    };

    /// A new column at the end.
    Builder add(const QString &title, const QString &headerToolTip = {})
    {
        m_columns.append(Column{title, headerToolTip, {}, {}, std::nullopt, {}});
        return Builder(*this, m_columns.size() - 1);
    }
    /// A role answered the same in every column (KeyRole, StatusRole); a column's own role wins.
    void setRowRole(int role, Fn fn) { m_rowRoles.insert(role, std::move(fn)); }
    /// The alignment of columns that do not set one; none by default.
    void setDefaultAlignment(Qt::Alignment alignment) { m_defaultAlignment = alignment; }
    /// Headers aligned as their columns (left when a column sets none); off by default.
    void setAlignHeaders(bool align) { m_alignHeaders = align; }

    int count() const { return int(m_columns.size()); }
    const Column &column(int i) const { return m_columns[i]; }

    QVariant data(const T &row, int column, int role) const
    {
        if (column < 0 || column >= m_columns.size())
            return {};
        const Column &c = m_columns[column];
        switch (role) {
        case Qt::DisplayRole:
            return c.display ? c.display(row) : QVariant();
        case RawValueRole:
            if (c.raw)
                return c.raw(row);
            return c.display ? c.display(row) : QVariant();
        case Qt::TextAlignmentRole:
            if (const std::optional<Qt::Alignment> a = c.alignment ? c.alignment : m_defaultAlignment)
                return int(*a);
            break;
        default:
            break;
        }
        if (const auto it = c.roles.constFind(role); it != c.roles.cend())
            return (*it)(row);
        if (const auto it = m_rowRoles.constFind(role); it != m_rowRoles.cend())
            return (*it)(row);
        return {};
    }

    /// The roles whose value in `column` differs between rows `a` and `b` (empty: the cell shows the
    /// same). Row roles count in every column; the alignment never depends on the row.
    QList<int> changedRoles(const T &a, const T &b, int column) const
    {
        QList<int> out;
        if (column < 0 || column >= m_columns.size())
            return out;
        const Column &c = m_columns[column];
        const auto differs = [&](const Fn &fn) { return fn && fn(a) != fn(b); };
        if (differs(c.display))
            out << Qt::DisplayRole;
        if (c.raw ? differs(c.raw) : out.contains(Qt::DisplayRole))
            out << RawValueRole;
        for (auto it = c.roles.cbegin(); it != c.roles.cend(); ++it)
            if (differs(it.value()))
                out << it.key();
        for (auto it = m_rowRoles.cbegin(); it != m_rowRoles.cend(); ++it)
            if (!c.roles.contains(it.key()) && differs(it.value()))
                out << it.key();
        return out;
    }

    /// The title (DisplayRole) and header tool tip (ToolTipRole) of a horizontal section; nothing
    /// for anything else, so the caller can fall back to QAbstractItemModel::headerData().
    std::optional<QVariant> headerData(int section, Qt::Orientation orientation, int role) const
    {
        if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size())
            return std::nullopt;
        if (role == Qt::DisplayRole)
            return QVariant(m_columns[section].title);
        if (role == Qt::ToolTipRole)
            return m_columns[section].headerToolTip.isEmpty() ? QVariant() : QVariant(m_columns[section].headerToolTip);
        if (role == Qt::TextAlignmentRole && m_alignHeaders)
            return QVariant(m_columns[section].alignment.value_or(Qt::AlignLeft | Qt::AlignVCenter));
        return std::nullopt;
    }

private:
    QList<Column> m_columns;
    QHash<int, Fn> m_rowRoles;
    std::optional<Qt::Alignment> m_defaultAlignment;
    bool m_alignHeaders = false;
};

} // namespace fd::ui
