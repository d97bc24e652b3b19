#include "TableStyle.h"

#include <QAbstractItemModel>
#include <QHeaderView>
#include <QTableView>

#include <algorithm>

namespace fd::ui::tables {

void styleEntityTable(QTableView *table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->setVisible(false);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table->horizontalHeader()->setStretchLastSection(true);
}

void fitColumn(QHeaderView *header, const QAbstractItemModel *model, int column, const QString &sample)
{
    const QFontMetrics fm = header->fontMetrics();
    const QString title = model->headerData(column, Qt::Horizontal).toString();
    header->resizeSection(column, std::max(fm.horizontalAdvance(sample), fm.horizontalAdvance(title) + 14) + 14);
}

} // namespace fd::ui::tables
