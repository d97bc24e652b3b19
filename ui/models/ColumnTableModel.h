#pragma once

#include "ColumnSpec.h"
#include "KeyedTableModel.h"

namespace fd::ui {

/**
 * A KeyedTableModel whose columns are a ColumnSpec: columnCount(), data() and headerData() come
 * from m_columns, which the derived model fills in its constructor.
 */
template<typename T> class ColumnTableModel : public KeyedTableModel<T>
{
public:
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : m_columns.count(); }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override
    {
        using Check = QAbstractItemModel::CheckIndexOption;
        if (!this->checkIndex(index, Check::IndexIsValid | Check::ParentIsInvalid))
            return {};
        return m_columns.data(this->m_rows[index.row()], index.column(), role);
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override
    {
        if (const std::optional<QVariant> v = m_columns.headerData(section, orientation, role))
            return *v;
        return QAbstractTableModel::headerData(section, orientation, role);
    }

protected:
    explicit ColumnTableModel(QObject *parent) : KeyedTableModel<T>(parent) {}

    ColumnSpec<T> m_columns;
};

} // namespace fd::ui
