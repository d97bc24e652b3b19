#include "ListenerRulesEditor.h"

#include "Palette.h"
#include "elb/ElbRules.h"
#include "widgets/RuleConditionsEditor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

enum Column { PriorityColumn, ConditionsColumn, ActionColumn, ArgumentColumn, ColumnCount };

QString argumentHint(const QString &action)
{
    if (action == u"redirect")
        return ListenerRulesEditor::tr("/new/#{path} or https://example.com/");
    if (action == u"fixed-response")
        return ListenerRulesEditor::tr("404 Not here");
    return ListenerRulesEditor::tr("a target group");
}

// A cell's widget at the top of its row (a rule with several conditions is a taller row).
QWidget *atTop(QWidget *widget, QWidget *parent)
{
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(2, 1, 2, 1);
    layout->addWidget(widget);
    layout->addStretch(1);
    return box;
}

} // namespace

ListenerRulesEditor::ListenerRulesEditor(QWidget *parent)
    : QWidget(parent), m_table(new QTableWidget(0, ColumnCount, this)), m_error(new QLabel(this)),
      m_addButton(new QPushButton(tr("Add rule"), this)), m_removeButton(new QPushButton(tr("Remove rule"), this))
{
    setObjectName(QStringLiteral("listenerRulesEditor"));
    m_table->setObjectName(QStringLiteral("rulesTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Priority"), tr("Conditions (all must match)"), tr("Action"), tr("Forward to / argument")});
    m_table->horizontalHeaderItem(PriorityColumn)
        ->setToolTip(tr("1 to 50000: rules are evaluated lowest first; the default rule comes last"));
    m_table->horizontalHeaderItem(ConditionsColumn)
        ->setToolTip(tr("A request matches the rule when it matches every condition (any one value of each). "
                        "One each of path-pattern, host-header, http-request-method and source-ip; up to %1 "
                        "values per condition, %2 in the rule.")
                         .arg(elb::kMaxValuesPerCondition)
                         .arg(elb::kMaxConditionValuesPerRule));
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    QHeaderView *h = m_table->horizontalHeader();
    const QFontMetrics fm = fontMetrics();
    h->resizeSection(PriorityColumn, fm.horizontalAdvance(QStringLiteral("50000")) + 50);
    h->resizeSection(ConditionsColumn,
                     fm.horizontalAdvance(QStringLiteral("and http-request-method /cubebuster*, /img/?.png × + and")) +
                         80);
    h->resizeSection(ActionColumn, fm.horizontalAdvance(QStringLiteral("fixed-response")) + 40);
    h->resizeSection(ArgumentColumn, fm.horizontalAdvance(QStringLiteral("405 Read only")) + 60);
    h->setSectionResizeMode(ConditionsColumn, QHeaderView::Stretch); // the values grow with the dialog
    m_table->verticalHeader()->setDefaultSectionSize(fm.height() + 16);
    m_table->setMinimumHeight(fm.height() * 8);
    m_addButton->setObjectName(QStringLiteral("addRuleButton"));
    m_removeButton->setObjectName(QStringLiteral("removeRuleButton"));
    m_error->setObjectName(QStringLiteral("rulesError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(palette::themed(QStringLiteral("color: {{error}};")));
    m_error->setVisible(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_removeButton);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_error);
    layout->addLayout(buttons);
    connect(m_addButton, &QPushButton::clicked, this, [this] { addRule(); });
    connect(m_removeButton, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow() >= 0 ? m_table->currentRow() : m_table->rowCount() - 1;
        removeRule(row);
    });
}

template<typename T> T *ListenerRulesEditor::widgetAt(int row, int column) const
{
    QWidget *cell = m_table->cellWidget(row, column);
    if (auto *typed = qobject_cast<T *>(cell))
        return typed;
    return cell ? cell->findChild<T *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

QStringList ListenerRulesEditor::fields()
{
    return {QStringLiteral("path-pattern"),        QStringLiteral("host-header"),  QStringLiteral("http-header"),
            QStringLiteral("http-request-method"), QStringLiteral("query-string"), QStringLiteral("source-ip")};
}

int ListenerRulesEditor::rowCount() const
{
    return m_table->rowCount();
}

QList<PlannedRule> ListenerRulesEditor::rules() const
{
    QList<PlannedRule> out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        PlannedRule r;
        r.priority = widgetAt<QSpinBox>(row, PriorityColumn)->value();
        r.conditions = widgetAt<RuleConditionsEditor>(row, ConditionsColumn)->conditions();
        r.action.type = widgetAt<QComboBox>(row, ActionColumn)->currentText();
        r.action.argument = widgetAt<QComboBox>(row, ArgumentColumn)->currentText();
        out << r;
    }
    return out;
}

void ListenerRulesEditor::addRule()
{
    int highest = 0;
    for (const PlannedRule &r : rules())
        highest = std::max(highest, r.priority);
    PlannedRule r;
    r.priority = std::min(highest + 10, elb::kMaxPriority);
    r.conditions = {elb::Condition{}};
    r.conditions.front().field = QStringLiteral("path-pattern");
    r.action.argument = m_groups.value(0);
    addRule(r);
}

void ListenerRulesEditor::addRule(const PlannedRule &rule)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *priority = new QSpinBox(m_table);
    priority->setObjectName(QStringLiteral("rulePriority%1").arg(row));
    priority->setRange(elb::kMinPriority, elb::kMaxPriority);
    priority->setValue(rule.priority);
    auto *conditions = new RuleConditionsEditor(row, m_table);
    conditions->setConditions(rule.conditions);
    auto *action = new QComboBox(m_table);
    action->setObjectName(QStringLiteral("ruleAction%1").arg(row));
    action->addItems({QStringLiteral("forward"), QStringLiteral("redirect"), QStringLiteral("fixed-response")});
    action->setCurrentText(rule.action.type);
    auto *argument = new QComboBox(m_table);
    argument->setObjectName(QStringLiteral("ruleArgument%1").arg(row));
    argument->setEditable(true);
    m_table->setCellWidget(row, PriorityColumn, atTop(priority, m_table));
    m_table->setCellWidget(row, ConditionsColumn, conditions);
    m_table->setCellWidget(row, ActionColumn, atTop(action, m_table));
    m_table->setCellWidget(row, ArgumentColumn, atTop(argument, m_table));
    actionChanged(row);
    argument->setCurrentText(rule.action.argument);
    fitRow(row);

    connect(priority, &QSpinBox::valueChanged, this, &ListenerRulesEditor::changed);
    connect(conditions, &RuleConditionsEditor::changed, this, &ListenerRulesEditor::changed);
    connect(conditions, &RuleConditionsEditor::countChanged, this, [this, conditions] {
        for (int r = 0; r < m_table->rowCount(); ++r)
            if (m_table->cellWidget(r, ConditionsColumn) == conditions)
                fitRow(r);
    });
    connect(action, &QComboBox::currentTextChanged, this, [this, action] {
        for (int r = 0; r < m_table->rowCount(); ++r)
            if (widgetAt<QComboBox>(r, ActionColumn) == action)
                actionChanged(r);
        emit changed();
    });
    connect(argument, &QComboBox::currentTextChanged, this, &ListenerRulesEditor::changed);
    emit changed();
}

void ListenerRulesEditor::fitRow(int row)
{
    const int lines = widgetAt<RuleConditionsEditor>(row, ConditionsColumn)->count();
    const int line = m_table->verticalHeader()->defaultSectionSize();
    m_table->setRowHeight(row, line + (lines - 1) * (line - 8));
}

void ListenerRulesEditor::actionChanged(int row)
{
    auto *argument = widgetAt<QComboBox>(row, ArgumentColumn);
    const QString action = widgetAt<QComboBox>(row, ActionColumn)->currentText();
    const QSignalBlocker blocker(argument);
    const QString text = argument->currentText();
    argument->clear();
    if (action == u"forward")
        argument->addItems(m_groups);
    argument->lineEdit()->setPlaceholderText(argumentHint(action));
    argument->setCurrentText(action == u"forward" && !m_groups.contains(text) ? m_groups.value(0) : text);
    if (action != u"forward" && m_groups.contains(text))
        argument->setCurrentText(action == u"redirect" ? QStringLiteral("/#{path}") : QStringLiteral("404 Not here"));
}

void ListenerRulesEditor::removeRule(int row)
{
    if (row < 0 || row >= m_table->rowCount())
        return;
    const QList<PlannedRule> kept = [&] {
        QList<PlannedRule> all = rules();
        all.removeAt(row);
        return all;
    }();
    // Rebuilt so the cell widgets' names keep following their rows. The old widgets go later
    // (deleteLater): their names go now, so a name finds the new row's widget.
    for (int r = 0; r < m_table->rowCount(); ++r)
        for (int c = 0; c < ColumnCount; ++c)
            if (QWidget *cell = m_table->cellWidget(r, c)) {
                cell->setObjectName(QString());
                for (QWidget *w : cell->findChildren<QWidget *>())
                    w->setObjectName(QString());
            }
    m_table->setRowCount(0);
    {
        const QSignalBlocker blocker(this);
        for (const PlannedRule &r : kept)
            addRule(r);
    }
    emit changed();
}

void ListenerRulesEditor::setTargetGroupNames(const QStringList &names)
{
    if (names == m_groups)
        return;
    // A forward to the first group (the wizard's new one, being typed) follows its new name.
    const QString followed = m_groups.value(0);
    m_groups = names;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (widgetAt<QComboBox>(row, ActionColumn)->currentText() != u"forward")
            continue;
        auto *argument = widgetAt<QComboBox>(row, ArgumentColumn);
        const QString text = argument->currentText();
        const QSignalBlocker blocker(argument);
        argument->clear();
        argument->addItems(m_groups);
        argument->setCurrentText(text == followed ? m_groups.value(0) : text);
    }
}

void ListenerRulesEditor::markRow(int row, const QString &message, int condition)
{
    m_error->setText(row >= 0 ? tr("Rule %1: %2").arg(row + 1).arg(message) : message);
    m_error->setVisible(!message.isEmpty());
    for (int r = 0; r < m_table->rowCount(); ++r) {
        auto *conditions = widgetAt<RuleConditionsEditor>(r, ConditionsColumn);
        // The condition the problem is in; a problem of the whole rule marks its first.
        conditions->markCondition(r == row ? std::max(condition, 0) : -1);
    }
}

} // namespace fd::ui
