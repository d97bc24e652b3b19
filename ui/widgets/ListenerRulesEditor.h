#pragma once

#include "wizards/LoadBalancerPlan.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace fd::ui {

/**
 * The rules of the create-load-balancer wizard, one row each: priority, one condition
 * (path-pattern, host-header, http-header, http-request-method, query-string, source-ip) with its
 * values, and an action (forward to a target group, redirect to a path or URL, fixed-response
 * "404 message"). Each cell widget has an objectName with the row ("rulePriority0",
 * "ruleField0", "ruleValues0", "ruleAction0", "ruleArgument0"). A row can be marked with the
 * problem ELBv2 found in it.
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
    /// Shows `message` under the table and marks `row`; row -1 clears.
    void markRow(int row, const QString &message);

    /// The conditions the editor offers, in its order.
    static QStringList fields();

signals:
    void changed();

private:
    void actionChanged(int row);
    QWidget *cell(int row, int column) const;

    QTableWidget *m_table;
    QLabel *m_error;
    QPushButton *m_addButton;
    QPushButton *m_removeButton;
    QStringList m_groups;
};

} // namespace fd::ui
