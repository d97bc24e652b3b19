#include "InstanceAttributesPanel.h"

#include "ControlPlane.h"
#include "ops/Instances.h"
#include "Palette.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

constexpr int kBuiltInRole = Qt::UserRole; ///< true on the cells of a built-in (read-only) attribute

} // namespace

InstanceAttributesPanel::InstanceAttributesPanel(fd::ControlPlane &cp, QWidget *parent)
    : QGroupBox(tr("Attributes"), parent), m_cp(cp), m_table(new QTableWidget(0, 2, this)),
      m_nameEdit(new QLineEdit(this)), m_valueEdit(new QLineEdit(this)), m_putButton(new QPushButton(tr("Set"), this)),
      m_removeButton(new QPushButton(tr("Remove"), this)), m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("attributesGroup"));
    m_table->setObjectName(QStringLiteral("attributeTable"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->resizeSection(
        0, m_table->fontMetrics().horizontalAdvance(QStringLiteral("ecs.cpu-architecture")) + 16);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_nameEdit->setObjectName(QStringLiteral("attributeNameEdit"));
    m_nameEdit->setPlaceholderText(tr("name"));
    m_valueEdit->setObjectName(QStringLiteral("attributeValueEdit"));
    m_valueEdit->setPlaceholderText(tr("value (optional)"));
    m_putButton->setObjectName(QStringLiteral("putAttributeButton"));
    m_putButton->setToolTip(tr("Add the attribute, or change its value (PutAttributes)"));
    m_removeButton->setObjectName(QStringLiteral("removeAttributeButton"));
    m_removeButton->setToolTip(tr("Remove the selected custom attribute (DeleteAttributes)"));
    m_message->setObjectName(QStringLiteral("attributeMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    buildLayout();

    connect(m_putButton, &QPushButton::clicked, this, &InstanceAttributesPanel::putAttribute);
    connect(m_valueEdit, &QLineEdit::returnPressed, this, &InstanceAttributesPanel::putAttribute);
    connect(m_removeButton, &QPushButton::clicked, this, &InstanceAttributesPanel::removeAttribute);
    connect(m_nameEdit, &QLineEdit::textChanged, this, &InstanceAttributesPanel::updateButtons);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        const QList<QTableWidgetItem *> selected = m_table->selectedItems();
        if (!selected.isEmpty() && !selected.front()->data(kBuiltInRole).toBool()) {
            const int row = selected.front()->row();
            m_nameEdit->setText(m_table->item(row, 0)->text());
            m_valueEdit->setText(m_table->item(row, 1)->text());
        }
        updateButtons();
    });
    updateButtons();
}

// The attribute list on the left, adding and removing on the right.
void InstanceAttributesPanel::buildLayout()
{
    auto *editForm = new QFormLayout;
    editForm->addRow(tr("Name:"), m_nameEdit);
    editForm->addRow(tr("Value:"), m_valueEdit);
    auto *buttonRow = new QHBoxLayout;
    buttonRow->addStretch();
    buttonRow->addWidget(m_putButton);
    buttonRow->addWidget(m_removeButton);
    auto *hint = new QLabel(tr("Custom attributes can be used in placement constraints. The built-in ecs.* "
                               "attributes (grey) are set by ECS and are read-only."),
                            this);
    hint->setEnabled(false);
    hint->setWordWrap(true);
    auto *editColumn = new QVBoxLayout;
    editColumn->addLayout(editForm);
    editColumn->addLayout(buttonRow);
    editColumn->addWidget(m_message);
    editColumn->addStretch();
    editColumn->addWidget(hint);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_table, 3);
    layout->addLayout(editColumn, 2);
}

void InstanceAttributesPanel::showInstance(const std::optional<fd::ContainerInstance> &ci, int selectedCount)
{
    m_instance = ci;
    if (!ci) {
        setTitle(tr("Attributes"));
        m_table->setRowCount(0);
        m_shownFor.clear();
        m_shown.clear();
        if (selectedCount > 1)
            setMessage(tr("%n instances selected: select one to see its attributes.", nullptr, selectedCount), false);
        else if (!m_message->property("error").toBool())
            setMessage(tr("Select an instance to see its attributes."), false);
        updateButtons();
        return;
    }
    setTitle(tr("Attributes of %1").arg(ci->ec2InstanceId));
    const QMap<QString, QString> attributes = ci->attributes(m_cp.defaultRegion());
    if (m_shownFor == ci->id && m_shown == attributes) {
        updateButtons();
        return;
    }
    if (m_shownFor != ci->id) {
        setMessage({}, false);
        m_nameEdit->clear();
        m_valueEdit->clear();
    }
    fillTable(*ci, attributes);
    updateButtons();
}

void InstanceAttributesPanel::fillTable(const fd::ContainerInstance &ci, const QMap<QString, QString> &attributes)
{
    const QString selectedName = m_table->selectedItems().isEmpty()
                                     ? QString()
                                     : m_table->item(m_table->selectedItems().front()->row(), 0)->text();
    m_shownFor = ci.id;
    m_shown = attributes;

    // Custom attributes first (they are what a user adds here), then the built-in ones, each by name.
    QList<std::pair<QString, QString>> custom;
    QList<std::pair<QString, QString>> builtIn;
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it)
        (ci.customAttributes.contains(it.key()) ? custom : builtIn).append({it.key(), it.value()});
    const QSignalBlocker blocker(m_table);
    m_table->clearSelection();
    m_table->setRowCount(int(custom.size() + builtIn.size()));
    const QBrush grey(palette::inactiveText());
    int row = 0;
    int selectRow = -1;
    for (const auto *list : {&custom, &builtIn}) {
        const bool isBuiltIn = list == &builtIn;
        for (const auto &[name, value] : *list) {
            auto *nameItem = new QTableWidgetItem(name);
            auto *valueItem = new QTableWidgetItem(value);
            for (QTableWidgetItem *item : {nameItem, valueItem}) {
                item->setData(kBuiltInRole, isBuiltIn);
                if (isBuiltIn) {
                    item->setForeground(grey);
                    item->setToolTip(tr("Built in: set by ECS from the instance, read-only"));
                } else {
                    item->setToolTip(tr("Custom attribute: usable in placement constraints "
                                        "(attribute:%1 == …)")
                                         .arg(name));
                }
            }
            m_table->setItem(row, 0, nameItem);
            m_table->setItem(row, 1, valueItem);
            if (name == selectedName)
                selectRow = row;
            ++row;
        }
    }
    if (selectRow >= 0)
        m_table->selectRow(selectRow);
}

void InstanceAttributesPanel::putAttribute()
{
    const QString name = m_nameEdit->text().trimmed();
    if (!m_instance || name.isEmpty())
        return;
    const fd::ContainerInstance ci = *m_instance;
    const QString value = m_valueEdit->text();
    const Result<fd::ContainerInstance> r = m_cp.instances().putAttribute(ci.cluster, ci.id, name, value);
    if (!r) {
        setMessage(r.error().message, true);
        return;
    }
    setMessage(tr("Set %1%2 on %3.").arg(name, value.isEmpty() ? QString() : u'=' + value, ci.ec2InstanceId), false);
    m_nameEdit->clear();
    m_valueEdit->clear();
    emit attributesChanged();
}

void InstanceAttributesPanel::removeAttribute()
{
    const QString name = selectedCustomName();
    if (!m_instance || name.isEmpty())
        return;
    const fd::ContainerInstance ci = *m_instance;
    const Result<fd::ContainerInstance> r = m_cp.instances().deleteAttribute(ci.cluster, ci.id, name);
    if (!r) {
        setMessage(r.error().message, true);
        return;
    }
    setMessage(tr("Removed %1 from %2.").arg(name, ci.ec2InstanceId), false);
    m_nameEdit->clear();
    m_valueEdit->clear();
    emit attributesChanged();
}

QString InstanceAttributesPanel::selectedCustomName() const
{
    const QList<QTableWidgetItem *> selected = m_table->selectedItems();
    if (selected.isEmpty() || selected.front()->data(kBuiltInRole).toBool())
        return {};
    return m_table->item(selected.front()->row(), 0)->text();
}

void InstanceAttributesPanel::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setProperty("error", error);
    m_message->setStyleSheet(error ? palette::themed(QStringLiteral("color: {{error}};")) : QString());
}

void InstanceAttributesPanel::updateButtons()
{
    const bool one = m_instance.has_value();
    m_nameEdit->setEnabled(one);
    m_valueEdit->setEnabled(one);
    m_putButton->setEnabled(one && !m_nameEdit->text().trimmed().isEmpty());
    m_removeButton->setEnabled(one && !selectedCustomName().isEmpty());
}

} // namespace fd::ui
