#pragma once

#include "wizards/LoadBalancerPlan.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;

namespace fd::ui {

/**
 * "Which rule would match this request?": the user types a method, a path with its query, a Host,
 * a header ("Name: value") and a client address; the tester matches them against the rules as
 * entered, with the data plane's own pure matcher (lb::matchRule) over the plan's rules
 * (LoadBalancerPlanner::proxyRules), and says which rule wins and what it does.
 */
class RuleTester final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleTester)

public:
    explicit RuleTester(QWidget *parent = nullptr);

    /// Matches again against this plan's rules.
    void setPlan(const LoadBalancerPlan &plan);
    /// The matched rule: its row in the plan's rules ("0", "1", ...), "default", or empty for none.
    QString matchedRule() const { return m_matched; }
    /// What the result line says, as plain text.
    QString resultText() const;

private:
    void match();

    LoadBalancerPlan m_plan;
    QString m_matched;
    QComboBox *m_method;
    QLineEdit *m_url;
    QLineEdit *m_host;
    QLineEdit *m_header;
    QLineEdit *m_source;
    QLabel *m_result;
};

} // namespace fd::ui
