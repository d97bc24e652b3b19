#include "RuleConditionsEditor.h"

#include "Palette.h"
#include "elb/ElbRules.h"
#include "widgets/ListenerRulesEditor.h"
#include "wizards/LoadBalancerPlan.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

namespace fd::ui {

namespace {

enum GridColumn { LabelColumn, FieldColumn, ValuesColumn, RemoveColumn, AddColumn };

QString placeholder(const QString &field)
{
    if (field == u"path-pattern")
        return RuleConditionsEditor::tr("/cubebuster*, /img/?.png");
    if (field == u"host-header")
        return RuleConditionsEditor::tr("shop.example.com, *.example.com");
    if (field == u"http-header")
        return RuleConditionsEditor::tr("X-Env: beta, canary");
    if (field == u"http-request-method")
        return RuleConditionsEditor::tr("GET, HEAD");
    if (field == u"query-string")
        return RuleConditionsEditor::tr("version=2, =debug");
    return RuleConditionsEditor::tr("127.0.0.0/8");
}

// The fields a rule may have only one condition of, in the order "+ and" offers them.
const QStringList &onceFields()
{
    static const QStringList once{QStringLiteral("path-pattern"), QStringLiteral("host-header"),
                                  QStringLiteral("http-request-method"), QStringLiteral("source-ip")};
    return once;
}

} // namespace

RuleConditionsEditor::RuleConditionsEditor(int row, QWidget *parent)
    : QWidget(parent), m_row(row), m_grid(new QGridLayout(this)), m_add(new QToolButton(this))
{
    setObjectName(QStringLiteral("ruleConditions%1").arg(row));
    m_grid->setContentsMargins(2, 1, 2, 1);
    m_grid->setVerticalSpacing(2);
    m_grid->setColumnStretch(ValuesColumn, 1);
    m_add->setObjectName(QStringLiteral("ruleAddCondition%1").arg(row));
    m_add->setText(tr("+ and"));
    m_add->setToolTip(tr("Another condition: the request must match this one too"));
    m_add->setAutoRaise(true);
    connect(m_add, &QToolButton::clicked, this, &RuleConditionsEditor::addCondition);
    setConditions({});
}

QString RuleConditionsEditor::nameOf(const char *what, int index) const
{
    return index == 0 ? QStringLiteral("%1%2").arg(QLatin1String(what)).arg(m_row)
                      : QStringLiteral("%1%2_%3").arg(QLatin1String(what)).arg(m_row).arg(index);
}

QList<elb::Condition> RuleConditionsEditor::conditions() const
{
    QList<elb::Condition> out;
    for (const Line &line : m_lines)
        out << LoadBalancerPlanner::parseCondition(line.field->currentText(), line.values->text());
    return out;
}

void RuleConditionsEditor::setConditions(const QList<elb::Condition> &conditions)
{
    clearLines();
    for (const elb::Condition &c : conditions)
        appendLine(c);
    if (m_lines.isEmpty()) {
        elb::Condition path;
        path.field = QStringLiteral("path-pattern");
        appendLine(path);
    }
    placeAddButton();
}

void RuleConditionsEditor::addCondition()
{
    if (count() >= kMaxConditions)
        return;
    QStringList used;
    for (const Line &line : std::as_const(m_lines))
        used << line.field->currentText();
    elb::Condition next;
    next.field = QStringLiteral("http-header"); // a rule may have several
    for (const QString &field : onceFields())
        if (!used.contains(field)) {
            next.field = field;
            break;
        }
    appendLine(next);
    placeAddButton();
    m_lines.last().values->setFocus();
    emit countChanged();
    emit changed();
}

void RuleConditionsEditor::removeCondition(int index)
{
    if (index < 0 || index >= count() || count() == 1)
        return;
    QList<elb::Condition> kept = conditions();
    kept.removeAt(index);
    setConditions(kept); // rebuilt so the names keep following the lines
    emit countChanged();
    emit changed();
}

void RuleConditionsEditor::markCondition(int index)
{
    for (int i = 0; i < count(); ++i)
        m_lines[i].values->setStyleSheet(i == index ? palette::themed(QStringLiteral("border: 1px solid {{error}};"))
                                                    : QString());
}

void RuleConditionsEditor::appendLine(const elb::Condition &condition)
{
    const int index = count();
    Line line{new QLabel(index == 0 ? tr("if") : tr("and"), this), new QComboBox(this),
              new QLineEdit(LoadBalancerPlanner::conditionText(condition), this), new QToolButton(this)};
    line.label->setForegroundRole(QPalette::PlaceholderText);
    // Every rule's lines line up: the same label width, and room for the remove button kept.
    line.label->setFixedWidth(fontMetrics().horizontalAdvance(tr("and")) + 6);
    line.field->setObjectName(nameOf("ruleField", index));
    line.field->addItems(ListenerRulesEditor::fields());
    line.field->setCurrentText(condition.field);
    line.values->setObjectName(nameOf("ruleValues", index));
    line.values->setPlaceholderText(placeholder(line.field->currentText()));
    line.values->setToolTip(tr("Up to %1 values, separated by commas (%2 in the whole rule); any one of them matches")
                                .arg(elb::kMaxValuesPerCondition)
                                .arg(elb::kMaxConditionValuesPerRule));
    line.remove->setObjectName(nameOf("ruleRemoveCondition", index));
    line.remove->setText(QStringLiteral("×"));
    line.remove->setToolTip(tr("Remove this condition"));
    line.remove->setAutoRaise(true);
    QSizePolicy keep = line.remove->sizePolicy();
    keep.setRetainSizeWhenHidden(true);
    line.remove->setSizePolicy(keep);
    m_grid->addWidget(line.label, index, LabelColumn);
    m_grid->addWidget(line.field, index, FieldColumn);
    m_grid->addWidget(line.values, index, ValuesColumn);
    m_grid->addWidget(line.remove, index, RemoveColumn);
    connect(line.field, &QComboBox::currentTextChanged, this, [this, values = line.values](const QString &f) {
        values->setPlaceholderText(placeholder(f));
        emit changed();
    });
    connect(line.values, &QLineEdit::textChanged, this, &RuleConditionsEditor::changed);
    connect(line.remove, &QToolButton::clicked, this, [this, remove = line.remove] {
        for (int i = 0; i < count(); ++i)
            if (m_lines[i].remove == remove)
                return removeCondition(i);
    });
    m_lines.append(line);
}

void RuleConditionsEditor::clearLines()
{
    for (const Line &line : std::as_const(m_lines))
        for (QWidget *w : std::initializer_list<QWidget *>{line.label, line.field, line.values, line.remove}) {
            m_grid->removeWidget(w);
            w->setObjectName(QString()); // its name goes to the line that replaces it
            w->hide();
            w->deleteLater(); // not at once: the remove button may be the sender
        }
    m_lines.clear();
}

void RuleConditionsEditor::placeAddButton()
{
    m_grid->addWidget(m_add, count() - 1, AddColumn);
    m_add->setEnabled(count() < kMaxConditions);
    for (const Line &line : std::as_const(m_lines))
        line.remove->setVisible(count() > 1);
}

} // namespace fd::ui
