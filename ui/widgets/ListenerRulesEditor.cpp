#include "ListenerRulesEditor.h"

#include "Palette.h"
#include "elb/ElbRules.h"

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

enum Column { PriorityColumn, FieldColumn, ValuesColumn, ActionColumn, ArgumentColumn, ColumnCount };

QString placeholder(const QString &field)
{
    if (field == u"path-pattern")
        return ListenerRulesEditor::tr("/cubebuster*, /img/?.png");
    if (field == u"host-header")
        return ListenerRulesEditor::tr("shop.example.com, *.example.com");
    if (field == u"http-header")
        return ListenerRulesEditor::tr("X-Env: beta, canary");
    if (field == u"http-request-method")
        return ListenerRulesEditor::tr("GET, HEAD");
    if (field == u"query-string")
        return ListenerRulesEditor::tr("version=2, =debug");
    return ListenerRulesEditor::tr("127.0.0.0/8");
}

QString argumentHint(const QString &action)
{
    if (action == u"redirect")
        return ListenerRulesEditor::tr("/new/#{path} or https://example.com/");
    if (action == u"fixed-response")
        return ListenerRulesEditor::tr("404 Not here");
    return ListenerRulesEditor::tr("a target group");
}

} // namespace

ListenerRulesEditor::ListenerRulesEditor(QWidget *parent)
    : QWidget(parent), m_table(new QTableWidget(0, ColumnCount, this)), m_error(new QLabel(this)),
      m_addButton(new QPushButton(tr("Add rule"), this)), m_removeButton(new QPushButton(tr("Remove rule"), this))
{
    setObjectName(QStringLiteral("listenerRulesEditor"));
    m_table->setObjectName(QStringLiteral("rulesTable"));
    m_table->setHorizontalHeaderLabels({tr("Priority"), tr("Condition"), tr("Values"), tr("Action"),
                                        tr("Forward to / "
                                           "argument")});
    m_table->horizontalHeaderItem(PriorityColumn)
        ->setToolTip(tr("1 to 50000: rules are evaluated lowest first; the default rule comes last"));
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    QHeaderView *h = m_table->horizontalHeader();
    const QFontMetrics fm = fontMetrics();
    h->resizeSection(PriorityColumn, fm.horizontalAdvance(QStringLiteral("50000")) + 50);
    h->resizeSection(FieldColumn, fm.horizontalAdvance(QStringLiteral("http-request-method")) + 40);
    h->resizeSection(ValuesColumn, fm.horizontalAdvance(QStringLiteral("/cubebuster*, /img/?.png")) + 30);
    h->resizeSection(ActionColumn, fm.horizontalAdvance(QStringLiteral("fixed-response")) + 40);
    h->resizeSection(ArgumentColumn, fm.horizontalAdvance(QStringLiteral("/beta/#{path}, 405 Read only")) + 30);
    h->setSectionResizeMode(ValuesColumn, QHeaderView::Stretch); // the values grow with the dialog
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

QStringList ListenerRulesEditor::fields()
{
    return {QStringLiteral("path-pattern"),        QStringLiteral("host-header"),  QStringLiteral("http-header"),
            QStringLiteral("http-request-method"), QStringLiteral("query-string"), QStringLiteral("source-ip")};
}

int ListenerRulesEditor::rowCount() const
{
    return m_table->rowCount();
}

QWidget *ListenerRulesEditor::cell(int row, int column) const
{
    return m_table->cellWidget(row, column);
}

QList<PlannedRule> ListenerRulesEditor::rules() const
{
    QList<PlannedRule> out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        PlannedRule r;
        r.priority = qobject_cast<QSpinBox *>(cell(row, PriorityColumn))->value();
        const QString field = qobject_cast<QComboBox *>(cell(row, FieldColumn))->currentText();
        r.condition =
            LoadBalancerPlanner::parseCondition(field, qobject_cast<QLineEdit *>(cell(row, ValuesColumn))->text());
        r.action.type = qobject_cast<QComboBox *>(cell(row, ActionColumn))->currentText();
        r.action.argument = qobject_cast<QComboBox *>(cell(row, ArgumentColumn))->currentText();
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
    r.condition.field = QStringLiteral("path-pattern");
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
    auto *field = new QComboBox(m_table);
    field->setObjectName(QStringLiteral("ruleField%1").arg(row));
    field->addItems(fields());
    field->setCurrentText(rule.condition.field);
    auto *values = new QLineEdit(LoadBalancerPlanner::conditionText(rule.condition), m_table);
    values->setObjectName(QStringLiteral("ruleValues%1").arg(row));
    values->setPlaceholderText(placeholder(field->currentText()));
    auto *action = new QComboBox(m_table);
    action->setObjectName(QStringLiteral("ruleAction%1").arg(row));
    action->addItems({QStringLiteral("forward"), QStringLiteral("redirect"), QStringLiteral("fixed-response")});
    action->setCurrentText(rule.action.type);
    auto *argument = new QComboBox(m_table);
    argument->setObjectName(QStringLiteral("ruleArgument%1").arg(row));
    argument->setEditable(true);
    m_table->setCellWidget(row, PriorityColumn, priority);
    m_table->setCellWidget(row, FieldColumn, field);
    m_table->setCellWidget(row, ValuesColumn, values);
    m_table->setCellWidget(row, ActionColumn, action);
    m_table->setCellWidget(row, ArgumentColumn, argument);
    actionChanged(row);
    argument->setCurrentText(rule.action.argument);

    connect(priority, &QSpinBox::valueChanged, this, &ListenerRulesEditor::changed);
    connect(field, &QComboBox::currentTextChanged, this, [this, values](const QString &f) {
        values->setPlaceholderText(placeholder(f));
        emit changed();
    });
    connect(values, &QLineEdit::textChanged, this, &ListenerRulesEditor::changed);
    connect(action, &QComboBox::currentTextChanged, this, [this, action] {
        for (int r = 0; r < m_table->rowCount(); ++r)
            if (cell(r, ActionColumn) == action)
                actionChanged(r);
        emit changed();
    });
    connect(argument, &QComboBox::currentTextChanged, this, &ListenerRulesEditor::changed);
    emit changed();
}

void ListenerRulesEditor::actionChanged(int row)
{
    auto *argument = qobject_cast<QComboBox *>(cell(row, ArgumentColumn));
    const QString action = qobject_cast<QComboBox *>(cell(row, ActionColumn))->currentText();
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
    // Rebuilt so the cell widgets' names keep following their rows.
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
        if (qobject_cast<QComboBox *>(cell(row, ActionColumn))->currentText() != u"forward")
            continue;
        auto *argument = qobject_cast<QComboBox *>(cell(row, ArgumentColumn));
        const QString text = argument->currentText();
        const QSignalBlocker blocker(argument);
        argument->clear();
        argument->addItems(m_groups);
        argument->setCurrentText(text == followed ? m_groups.value(0) : text);
    }
}

void ListenerRulesEditor::markRow(int row, const QString &message)
{
    m_error->setText(row >= 0 ? tr("Rule %1: %2").arg(row + 1).arg(message) : message);
    m_error->setVisible(!message.isEmpty());
    for (int r = 0; r < m_table->rowCount(); ++r) {
        auto *values = qobject_cast<QLineEdit *>(cell(r, ValuesColumn));
        values->setStyleSheet(r == row ? palette::themed(QStringLiteral("border: 1px solid {{error}};")) : QString());
    }
}

} // namespace fd::ui
