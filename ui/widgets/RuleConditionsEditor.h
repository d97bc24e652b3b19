#pragma once

#include "elb/ListenerRule.h"

#include <QList>
#include <QWidget>

class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QToolButton;

namespace fd::ui {

/**
 * The conditions of one rule of ListenerRulesEditor, one line each ("if" / "and", the field, its
 * values, a remove button): a request must match all of them. "+ and" adds a line with the first
 * field the rule does not use yet, up to kMaxConditions (every condition takes a value, and a rule
 * takes 5 values). The limits themselves are ELBv2's checks (LoadBalancerPlanner::check()); a line
 * can be marked with the problem found in it.
 *
 * Widget names carry the rule's row, and the condition's index after the first: "ruleField0",
 * "ruleValues0", then "ruleField0_1", "ruleValues0_1", "ruleRemoveCondition0_1"; "ruleAddCondition0".
 */
class RuleConditionsEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleConditionsEditor)

public:
    static constexpr int kMaxConditions = 5;

    explicit RuleConditionsEditor(int row, QWidget *parent = nullptr);

    QList<elb::Condition> conditions() const;
    /// Replaces every line (at least one: an empty path-pattern when `conditions` is empty).
    void setConditions(const QList<elb::Condition> &conditions);
    int count() const { return int(m_lines.size()); }
    /// Appends a line with the first field this rule does not use yet.
    void addCondition();
    void removeCondition(int index);
    /// Marks line `index` as the one with a problem; -1 clears.
    void markCondition(int index);

signals:
    void changed();
    /// Lines were added or removed (the row's height changes).
    void countChanged();

private:
    struct Line
    {
        QLabel *label;
        QComboBox *field;
        QLineEdit *values;
        QToolButton *remove;
    };
    void appendLine(const elb::Condition &condition);
    void clearLines();
    void placeAddButton();
    QString nameOf(const char *what, int index) const;

    int m_row;
    QGridLayout *m_grid;
    QToolButton *m_add;
    QList<Line> m_lines;
};

} // namespace fd::ui
