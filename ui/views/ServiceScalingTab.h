#pragma once

#include "wizards/ScalingPolicyDialog.h"
#include "wizards/ScheduledActionDialog.h"

#include <QWidget>

#include <functional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTreeWidget;

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/**
 * The service detail's Scaling tab: Application Auto Scaling for the shown service through
 * cp.autoScaling(), with the checks and errors of the API.
 *  - the scalable target: register it (or change its min and max capacity) and deregister it, with
 *    the equivalent `aws application-autoscaling register-scalable-target` command;
 *  - its scaling policies (name, type, configuration in words, the alarms that drive them): add a
 *    target tracking or a step scaling policy, edit or delete one. The editor is ScalingPolicyDialog.
 *  - its scheduled actions (name, schedule, time zone, start and end, min and max, the next run):
 *    add, edit or delete one. The editor is ScheduledActionDialog.
 * A refusal is shown under the buttons by its code and field.
 */
class ServiceScalingTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceScalingTab)

public:
    /// Asks before a policy or the target is removed; true: go ahead. Default: a message box.
    using Confirm = std::function<bool(const QString &question)>;

    explicit ServiceScalingTab(fd::ControlPlane &cp, QWidget *parent = nullptr);

    /// The service shown (empty service: none).
    void setService(const QString &cluster, const QString &service);
    void setEndpoint(const QString &endpoint);
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }

    /// "service/<cluster>/<service>"; empty when none is shown.
    QString resourceId() const;
    /// Opens the policy editor (not blocking) for a new policy of `kind`, or, with a name, for that
    /// policy. Null when there is no scalable target (or no such policy). Deleted when closed.
    ScalingPolicyDialog *openPolicyEditor(ScalingPolicyDialog::Kind kind, const QString &policyName = {});
    /// Registers the target with the min and max in the form (or changes them).
    fd::Status registerTarget();
    fd::Status deletePolicy(const QString &policyName);
    /// Opens the scheduled action editor (not blocking) for a new action, or, with a name, for that
    /// action. Null when there is no scalable target (or no such action). Deleted when closed.
    ScheduledActionDialog *openScheduledEditor(const QString &actionName = {});
    fd::Status deleteScheduledAction(const QString &actionName);
    fd::Status deregisterTarget();
    /// Shows the scaling policies (0) or the scheduled actions (1).
    void showList(int index);
    /// The last refusal shown, "Code · Field: message"; empty after a success.
    QString problem() const;

private:
    void refresh();
    ops::TargetKey key() const;
    void showStatus(const fd::Status &status);
    void updateRegisterCommand();
    void fillScheduled(const autoscaling::ScalableTarget *target);

    fd::ControlPlane &m_cp;
    QString m_cluster;
    QString m_service;
    QString m_endpoint;
    Confirm m_confirm;

    QLabel *m_title;
    QSpinBox *m_min;
    QSpinBox *m_max;
    QPushButton *m_registerButton;
    QPushButton *m_deregisterButton;
    QPlainTextEdit *m_registerCommand;
    QTreeWidget *m_policies;
    QPushButton *m_addTracking;
    QPushButton *m_addStep;
    QPushButton *m_edit;
    QPushButton *m_delete;
    QTreeWidget *m_scheduled;
    QPushButton *m_addScheduled;
    QPushButton *m_editScheduled;
    QPushButton *m_deleteScheduled;
    QTabWidget *m_lists;
    QLabel *m_message;
};

} // namespace fd::ui
