#pragma once

#include "FormField.h"
#include "Result.h"
#include "ops/AutoScaling.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace fd {
class ControlPlane;
}

namespace fd::ui {

class MetricPicker;

/**
 * Adds or edits one scaling policy of a service's scalable target, as PutScalingPolicy does:
 *  - target tracking: the predefined metric (ECSServiceAverageCPUUtilization,
 *    ECSServiceAverageMemoryUtilization, ALBRequestCountPerTarget with its resource label) or a
 *    custom metric (CustomizedMetricSpecification: namespace, metric name and dimensions picked
 *    from the metric store or typed, statistic, unit), the target value, the scale-out and
 *    scale-in cooldowns and whether scale-in is disabled;
 *  - step scaling: the adjustment type, the steps (bounds relative to the alarm's threshold, blank
 *    for unbounded, and the adjustment), the minimum adjustment magnitude, the cooldown and the
 *    metric aggregation type.
 * A field left blank is not sent, and reads back unset. The policy in words and the equivalent
 * `aws application-autoscaling put-scaling-policy` command (ScalingPolicyCommand) follow the form.
 *
 * On every change the form is read into an ops::PolicyPut and checked with
 * cp.autoScaling().check(), every check PutScalingPolicy makes, without writing; the first problem
 * is shown by its code and field, the field's editor is marked, and Save stays disabled. Save hands the request to the
 * submitter (the Scaling tab: cp.autoScaling().putPolicy()); a refusal is shown by code and field,
 * the field's editor is marked, and the dialog stays open.
 */
class ScalingPolicyDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScalingPolicyDialog)

public:
    enum class Kind { TargetTracking, Step };
    using Submitter = std::function<fd::Status(const ops::PolicyPut &)>;

    ScalingPolicyDialog(fd::ControlPlane &cp, ops::TargetKey key, Kind kind, QWidget *parent = nullptr);

    void setSubmitter(Submitter submitter) { m_submitter = std::move(submitter); }
    /// Where the AWS API listens, for the command (empty: none given).
    void setEndpoint(const QString &endpoint);
    /// Fills the form from a stored policy (its kind must be this dialog's); the name cannot change.
    void editPolicy(const autoscaling::ScalingPolicy &policy);

    /// The request the form spells now, or the first error naming its field.
    fd::Result<ops::PolicyPut> request() const;
    /// "Code · Field: message" of what keeps Save disabled or what the submitter refused; empty when none.
    QString problem() const { return m_problem.text(); }
    /// The field of that problem ("TargetTrackingScalingPolicyConfiguration.TargetValue"); empty when none.
    QString problemField() const { return m_problem.field(); }
    /// The command shown ("aws application-autoscaling put-scaling-policy ...").
    QString command() const;
    /// The policy in words ("Keep the average CPU utilization of web at 50 %").
    QString summary() const;

    void accept() override;

private:
    QWidget *buildTargetTrackingGroup();
    QWidget *buildStepGroup();
    QLineEdit *addLine(const char *name, const QString &placeholder, QWidget *parent);
    void showMetricRows();
    void addStepRow(const QString &lower, const QString &upper, const QString &adjustment);
    void revalidate();
    void showProblem(const fd::Error &error);
    QWidget *editorFor(const QString &field) const;

    fd::ControlPlane &m_cp;
    ops::TargetKey m_key;
    Kind m_kind;
    Submitter m_submitter;
    QString m_endpoint;
    bool m_building = true;

    QLineEdit *m_name = nullptr;
    QLabel *m_summary = nullptr;
    // Target tracking.
    QComboBox *m_metricType = nullptr;
    QLineEdit *m_resourceLabel = nullptr;
    QFormLayout *m_trackingForm = nullptr;
    MetricPicker *m_picker = nullptr; // the custom metric
    QComboBox *m_customStatistic = nullptr;
    QComboBox *m_customUnit = nullptr;
    QLineEdit *m_targetValue = nullptr;
    QLineEdit *m_scaleOutCooldown = nullptr;
    QLineEdit *m_scaleInCooldown = nullptr;
    QComboBox *m_disableScaleIn = nullptr;
    // Step scaling.
    QComboBox *m_adjustmentType = nullptr;
    QTableWidget *m_steps = nullptr;
    QLineEdit *m_minMagnitude = nullptr;
    QLineEdit *m_cooldown = nullptr;
    QComboBox *m_aggregation = nullptr;

    QPlainTextEdit *m_command = nullptr;
    FormProblem m_problem{this, "policyProblem"};
    QPushButton *m_saveButton = nullptr;
};

} // namespace fd::ui
