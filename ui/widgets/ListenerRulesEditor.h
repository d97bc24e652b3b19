#pragma once

#include "wizards/LoadBalancerPlan.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace fd::ui {

/**
 * The rules of the create-load-balancer wizard, one row each: priority, its conditions (a
 * RuleConditionsEditor: path-pattern, host-header, http-header, http-request-method, query-string,
 * source-ip with their values; a request must match all of them), and an action (forward to a
 * target group, redirect to a path or URL, fixed-response "404 message"). Each cell widget has an
 * objectName with the row ("rulePriority0", "ruleField0", "ruleValues0", "ruleField0_1",
 * "ruleAddCondition0", "ruleAction0", "ruleArgument0"). A row (and a condition in it) can be
 * marked with the problem ELBv2 found there.
 */
class ListenerRulesEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListenerRulesEditor)

public:
    explicit ListenerRulesEditor(QWidget *parent = nullptr);

    QList<PlannedRule> rules() const;
    int rowCount() const;
    /// Appends a row (priority: 10 more than the highest so far).
    void addRule(const PlannedRule &rule);
    void addRule();
    void removeRule(int row);
    /// The target groups a forward action can name (the argument's choices).
    void setTargetGroupNames(const QStringList &names);
    /// Shows `message` under the table and marks `row` (its condition `condition`, else its first);
    /// row -1 clears.
    void markRow(int row, const QString &message, int condition = -1);

    /// The conditions the editor offers, in its order.
    static QStringList fields();

signals:
    void changed();

private:
    void actionChanged(int row);
    // The height of a row follows its number of conditions.
    void fitRow(int row);
    // The widget of a cell (the cell's own, or the one in its top-aligned box).
    template<typename T> T *widgetAt(int row, int column) const;

    QTableWidget *m_table;
    QLabel *m_error;
    QPushButton *m_addButton;
    QPushButton *m_removeButton;
    QStringList m_groups;
};

} // namespace fd::ui
