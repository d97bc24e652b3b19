#include "TagsEditor.h"

#include "Palette.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace fd::ui {

namespace {

QTableWidgetItem *cell(const QString &text, bool editable)
{
    auto *item = new QTableWidgetItem(text);
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (editable)
        flags |= Qt::ItemIsEditable;
    item->setFlags(flags);
    return item;
}

} // namespace

TagsEditor::TagsEditor(QWidget *parent)
    : QWidget(parent), m_table(new QTableWidget(0, ColumnCount, this)),
      m_addButton(new QPushButton(tr("Add tag…"), this)), m_removeButton(new QPushButton(tr("Remove"), this)),
      m_addRow(new QWidget(this)), m_keyEdit(new QLineEdit(m_addRow)), m_valueEdit(new QLineEdit(m_addRow)),
      m_saveButton(new QPushButton(tr("Add"), m_addRow)), m_cancelButton(new QPushButton(tr("Cancel"), m_addRow)),
      m_managedNote(new QLabel(this)), m_error(new QLabel(this))
{
    m_table->setObjectName(QStringLiteral("tagsTable"));
    m_table->setHorizontalHeaderLabels({tr("Key"), tr("Value")});
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(KeyColumn, QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_table->setAlternatingRowColors(true);
    m_table->setToolTip(tr("Double-click a value (or press F2) to change it"));

    m_addButton->setObjectName(QStringLiteral("tagsAddButton"));
    m_addButton->setToolTip(tr("Add a tag (or give an existing key a new value)"));
    m_removeButton->setObjectName(QStringLiteral("tagsRemoveButton"));
    m_removeButton->setToolTip(tr("Remove the selected tags"));
    m_keyEdit->setObjectName(QStringLiteral("tagsKeyEdit"));
    m_keyEdit->setPlaceholderText(tr("Key"));
    m_valueEdit->setObjectName(QStringLiteral("tagsValueEdit"));
    m_valueEdit->setPlaceholderText(tr("Value (optional)"));
    m_saveButton->setObjectName(QStringLiteral("tagsSaveButton"));
    m_cancelButton->setObjectName(QStringLiteral("tagsCancelButton"));

    auto *addLayout = new QHBoxLayout(m_addRow);
    addLayout->setContentsMargins(0, 0, 0, 0);
    addLayout->addWidget(m_keyEdit, 2);
    addLayout->addWidget(m_valueEdit, 3);
    addLayout->addWidget(m_saveButton);
    addLayout->addWidget(m_cancelButton);
    m_addRow->hide();

    m_managedNote->setObjectName(QStringLiteral("tagsManagedNote"));
    m_managedNote->setWordWrap(true);
    m_managedNote->setStyleSheet(QStringLiteral("color: %1").arg(palette::Hint.name()));
    m_managedNote->hide();
    m_error->setObjectName(QStringLiteral("tagsError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: %1").arg(palette::Error.name()));
    m_error->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_removeButton);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_addRow);
    layout->addWidget(m_error);
    layout->addWidget(m_managedNote);
    layout->addLayout(buttons);

    connect(m_addButton, &QPushButton::clicked, this, &TagsEditor::beginAdd);
    connect(m_cancelButton, &QPushButton::clicked, this, &TagsEditor::endAdd);
    connect(m_saveButton, &QPushButton::clicked, this, &TagsEditor::submitAdd);
    connect(m_keyEdit, &QLineEdit::returnPressed, this, &TagsEditor::submitAdd);
    connect(m_valueEdit, &QLineEdit::returnPressed, this, &TagsEditor::submitAdd);
    connect(m_removeButton, &QPushButton::clicked, this, &TagsEditor::removeSelected);
    connect(m_table, &QTableWidget::itemChanged, this, &TagsEditor::valueEdited);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &TagsEditor::updateButtons);
    connect(m_table->itemDelegate(), &QAbstractItemDelegate::closeEditor, this, [this] {
        if (m_rebuildPending)
            QMetaObject::invokeMethod(this, &TagsEditor::rebuildWhenIdle, Qt::QueuedConnection);
    });
    clear();
}

void TagsEditor::setCallbacks(TagFn tag, UntagFn untag)
{
    m_tag = std::move(tag);
    m_untag = std::move(untag);
}

void TagsEditor::setTags(const QString &resource, const fd::tags::TagList &tags)
{
    const bool other = resource != m_resource;
    if (other) {
        m_resource = resource;
        m_refusedValue.reset();
        m_keyEdit->clear();
        m_valueEdit->clear();
        m_addRow->hide();
        showError({});
    } else if (tags == m_tags && isEnabled())
        return; // a refresh that changed nothing here leaves an open edit alone
    setEnabled(true);
    const int before = fd::tags::userTagCount(m_tags);
    m_tags = tags;
    // While a value is being typed (or its own change is being delivered) the table waits: rebuilding
    // it would close the editor and drop what was typed.
    if (!other && (m_inCallback || isEditing()))
        m_rebuildPending = true;
    else
        rebuild();
    if (fd::tags::userTagCount(m_tags) != before)
        emit countChanged(fd::tags::userTagCount(m_tags));
}

void TagsEditor::clear()
{
    setTags(QString(), {});
    setEnabled(false);
}

QString TagsEditor::errorText() const
{
    return m_error->text();
}

void TagsEditor::rebuild()
{
    m_rebuildPending = false;
    const QStringList selected = selectedUserKeys();
    m_rebuilding = true;
    m_table->setRowCount(int(m_tags.size()));
    bool anyManaged = false;
    for (int row = 0; row < m_tags.size(); ++row) {
        const fd::tags::Tag &tag = m_tags.at(row);
        const bool managed = fd::tags::isReserved(tag.key);
        anyManaged = anyManaged || managed;
        QString value = tag.value;
        const bool refused = m_refusedValue && m_refusedValue->key == tag.key;
        if (refused)
            value = m_refusedValue->value;
        auto *key = cell(tag.key, false);
        auto *val = cell(value, !managed);
        if (managed) {
            for (QTableWidgetItem *item : {key, val}) {
                item->setForeground(palette::Muted);
                item->setToolTip(tr("Managed by ECS: cannot be edited or removed"));
            }
            key->setText(tr("%1  (managed)").arg(tag.key));
            key->setData(Qt::UserRole, tag.key);
        } else {
            key->setData(Qt::UserRole, tag.key);
        }
        if (refused)
            val->setForeground(palette::Error);
        m_table->setItem(row, KeyColumn, key);
        m_table->setItem(row, ValueColumn, val);
        if (selected.contains(tag.key))
            m_table->selectRow(row);
    }
    // The note under the table: what grey rows are, or what a tag is when there is none.
    m_managedNote->setText(anyManaged ? tr("Grey aws: tags are managed by ECS and cannot be changed.")
                                      : tr("No tags. A tag is a key and an optional value (team = web-shop); "
                                           "Add tag… gives this resource one."));
    m_managedNote->setVisible(anyManaged || (m_tags.isEmpty() && !m_resource.isEmpty()));
    fitKeyColumn();
    m_rebuilding = false;
    updateButtons();
}

void TagsEditor::rebuildWhenIdle()
{
    // Still typing in a cell (a new edit began before this ran): closeEditor brings it back.
    if (m_rebuildPending && !isEditing())
        rebuild();
}

bool TagsEditor::isEditing() const
{
    // A cell's editor is a child of the table's viewport and has the focus while it is open.
    const QWidget *focus = QApplication::focusWidget();
    return focus && m_table->viewport()->isAncestorOf(focus);
}

void TagsEditor::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitKeyColumn();
}

void TagsEditor::fitKeyColumn()
{
    // Wide enough for the longest key (managed ones with their mark), never less than a short one's
    // room and never more than half the table, so values keep their space.
    const QFontMetrics fm = m_table->fontMetrics();
    int width = fm.horizontalAdvance(QStringLiteral("cost-center")) + 24;
    for (int row = 0; row < m_table->rowCount(); ++row)
        width = std::max(width, fm.horizontalAdvance(m_table->item(row, KeyColumn)->text()) + 24);
    m_table->setColumnWidth(KeyColumn, std::min(width, std::max(m_table->viewport()->width() / 2, 260)));
}

void TagsEditor::beginAdd()
{
    m_addRow->show();
    m_keyEdit->setFocus();
    updateButtons();
}

void TagsEditor::endAdd()
{
    m_keyEdit->clear();
    m_valueEdit->clear();
    m_addRow->hide();
    showError({});
    updateButtons();
}

void TagsEditor::submitAdd()
{
    if (!m_tag)
        return;
    const fd::tags::Tag tag{m_keyEdit->text(), m_valueEdit->text()};
    if (tag.key.isEmpty()) {
        showError(tr("Key: give the tag a key (1 to %1 characters).").arg(fd::tags::kMaxKeyLength));
        m_keyEdit->setFocus();
        return;
    }
    const fd::Status status = m_tag({tag});
    if (!status) {
        showError(status.error().message); // the row keeps what was typed
        return;
    }
    endAdd();
}

void TagsEditor::removeSelected()
{
    const QStringList keys = selectedUserKeys();
    if (keys.isEmpty() || !m_untag)
        return;
    const fd::Status status = m_untag(keys);
    showError(status ? QString() : status.error().message);
}

void TagsEditor::valueEdited(QTableWidgetItem *item)
{
    if (m_rebuilding || !m_tag || item->column() != ValueColumn)
        return;
    const QTableWidgetItem *keyItem = m_table->item(item->row(), KeyColumn);
    if (!keyItem)
        return;
    const fd::tags::Tag tag{keyItem->data(Qt::UserRole).toString(), item->text()};
    m_inCallback = true;
    const fd::Status status = m_tag({tag});
    m_inCallback = false;
    if (m_rebuildPending) // the change it caused: repaint once the edit is over
        QMetaObject::invokeMethod(this, &TagsEditor::rebuildWhenIdle, Qt::QueuedConnection);
    if (!status) {
        m_refusedValue = tag;
        showError(status.error().message);
        m_rebuilding = true;
        item->setForeground(palette::Error);
        m_rebuilding = false;
        return;
    }
    if (m_refusedValue && m_refusedValue->key == tag.key)
        m_refusedValue.reset();
    showError({});
}

void TagsEditor::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void TagsEditor::updateButtons()
{
    bool anyManaged = false;
    const QStringList keys = selectedUserKeys(&anyManaged);
    m_removeButton->setEnabled(!keys.isEmpty() && m_untag != nullptr);
    m_removeButton->setToolTip(keys.isEmpty() && anyManaged ? tr("aws: tags are managed by ECS and cannot be removed")
                                                            : tr("Remove the selected tags"));
    m_addButton->setEnabled(m_addRow->isHidden() && m_tag != nullptr);
}

QStringList TagsEditor::selectedUserKeys(bool *anyManaged) const
{
    QStringList keys;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows(KeyColumn)) {
        const QString key = index.data(Qt::UserRole).toString();
        if (fd::tags::isReserved(key)) {
            if (anyManaged)
                *anyManaged = true;
        } else if (!key.isEmpty()) {
            keys << key;
        }
    }
    return keys;
}

} // namespace fd::ui
