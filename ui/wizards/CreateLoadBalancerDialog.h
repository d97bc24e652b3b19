#pragma once

#include "wizards/LoadBalancerPlan.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace fd {
class ControlPlane;
}

namespace fd::ui {

class ListenerRulesEditor;
class RuleTester;

/**
 * Create a load balancer: its name, one HTTP listener (a free port ≥ 1024 suggested), the target
 * group its default rule forwards to (a new one with its health check, AWS's defaults shown, or an
 * existing one), and rules (ListenerRulesEditor) with a live tester (RuleTester). The equivalent
 * `aws elbv2` commands follow the form.
 *
 * The dialog builds a LoadBalancerPlan and checks it as ELBv2 would on every change, showing each
 * problem next to its field; Create hands the plan to the caller's submitter (which applies it
 * through the ops); a refusal is shown next to the field it names and the dialog stays open.
 */
class CreateLoadBalancerDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CreateLoadBalancerDialog)

public:
    using Submitter = std::function<fd::Result<AppliedPlan>(const LoadBalancerPlan &, PlanProblem *)>;

    explicit CreateLoadBalancerDialog(fd::ControlPlane &cp, QWidget *parent = nullptr);

    void setSubmitter(Submitter submitter) { m_submitter = std::move(submitter); }
    /// Where the AWS API listens, for the commands (empty: none given).
    void setEndpoint(const QString &endpoint);

    /// The plan the form spells now.
    LoadBalancerPlan plan() const;
    /// What keeps Create disabled, as ELBv2 would say it; empty when it can be submitted.
    QString problem() const { return m_problem; }
    ListenerRulesEditor *rulesEditor() const { return m_rules; }
    RuleTester *tester() const { return m_tester; }

    void accept() override;

private:
    QWidget *buildLoadBalancerGroup();
    QWidget *buildTargetGroupGroup();
    QSpinBox *addSpin(const char *name, int min, int max, int value, const QString &suffix);
    void groupModeChanged();
    void revalidate();
    void showProblem(const std::optional<PlanProblem> &problem, bool shout);

    fd::ControlPlane &m_cp;
    Submitter m_submitter;
    QString m_endpoint;
    QString m_problem;

    QLineEdit *m_name = nullptr;
    QLabel *m_nameError = nullptr;
    QSpinBox *m_port = nullptr;
    QLabel *m_portError = nullptr;
    QComboBox *m_groupCombo = nullptr;
    QLineEdit *m_groupName = nullptr;
    QSpinBox *m_groupPort = nullptr;
    QLineEdit *m_healthPath = nullptr;
    QSpinBox *m_interval = nullptr;
    QSpinBox *m_timeout = nullptr;
    QSpinBox *m_healthy = nullptr;
    QSpinBox *m_unhealthy = nullptr;
    QLineEdit *m_matcher = nullptr;
    QLabel *m_groupError = nullptr;
    QList<QWidget *> m_newGroupFields;
    ListenerRulesEditor *m_rules = nullptr;
    QLabel *m_defaultRule = nullptr;
    RuleTester *m_tester = nullptr;
    QPlainTextEdit *m_commands = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_createButton = nullptr;
};

} // namespace fd::ui
