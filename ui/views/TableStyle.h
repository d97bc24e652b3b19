#pragma once

#include <QString>

class QAbstractItemModel;
class QHeaderView;
class QTableView;

namespace fd::ui::tables {

/// An entity table as the console shows them: whole rows selected, read-only, banded, no row
/// numbers, fixed row heights and interactive columns (ResizeToContents would measure every row
/// on every change), the last column stretched.
void styleEntityTable(QTableView *table);

/// Sizes `column` to fit `sample` and its title (plus the sort indicator).
void fitColumn(QHeaderView *header, const QAbstractItemModel *model, int column, const QString &sample);

} // namespace fd::ui::tables
