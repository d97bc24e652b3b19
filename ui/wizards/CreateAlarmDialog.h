#pragma once

#include "Result.h"
#include "ops/Alarms.h"

#include <QDialog>

#include <functional>

class QCheckBox;
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

class MetricPicker;

/**
 * Create (or replace) a CloudWatch metric alarm: the metric picked from the control plane's metric
 * store (namespace → metric → the dimension sets it has), statistic (or a percentile), period,
 * comparison and threshold, M of N datapoints to alarm, the treatment of missing data, and the
 * actions per state. The condition in words and the equivalent `aws cloudwatch put-metric-alarm`
 * command (AlarmCommand) follow the form.
 *
 * On every change the dialog builds an ops::AlarmPut and checks it with cp.alarms().check() and
 * makeMetricId(), the rules PutMetricAlarm applies; the first problem is shown by its error code
 * and field ("InvalidParameterValue · DatapointsToAlarm: ...") and Create stays disabled. Create
 * hands the request to the submitter (the Alarms page: cp.alarms().put()); a refusal is shown and
 * the dialog stays open.
 */
class CreateAlarmDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CreateAlarmDialog)

public:
    using Submitter = std::function<fd::Status(const ops::AlarmPut &)>;

    explicit CreateAlarmDialog(fd::ControlPlane &cp, QWidget *parent = nullptr);

    void setSubmitter(Submitter submitter) { m_submitter = std::move(submitter); }
    /// Where the AWS API listens, for the command (empty: none given).
    void setEndpoint(const QString &endpoint);
    /// Picks a metric (namespace, name, dimensions) as if chosen in the combo boxes.
    void selectMetric(const metrics::MetricId &metric);

    /// The request the form spells now, or the first error naming its field.
    fd::Result<ops::AlarmPut> request() const;
    /// The error that keeps Create disabled, "Code · Field: message"; empty when it can be submitted.
    QString problem() const { return m_problem; }
    /// The command shown ("aws cloudwatch put-metric-alarm ...").
    QString command() const;

    void accept() override;

private:
    QWidget *buildMetricGroup();
    QWidget *buildConditionGroup();
    QWidget *buildAlarmGroup();
    QSpinBox *addSpin(const char *name, int min, int max, int value, QWidget *parent);
    QLineEdit *addLine(const char *name, const QString &placeholder, QWidget *parent);
    fd::Result<metrics::MetricId> metric() const;
    void revalidate();

    fd::ControlPlane &m_cp;
    Submitter m_submitter;
    QString m_endpoint;
    QString m_problem;

    MetricPicker *m_picker = nullptr;
    QComboBox *m_statistic = nullptr;
    QSpinBox *m_period = nullptr;
    QComboBox *m_comparison = nullptr;
    QLineEdit *m_threshold = nullptr;
    QSpinBox *m_datapoints = nullptr;
    QSpinBox *m_evaluationPeriods = nullptr;
    QComboBox *m_treatMissing = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_description = nullptr;
    QCheckBox *m_actionsEnabled = nullptr;
    QLineEdit *m_alarmActions = nullptr;
    QLineEdit *m_okActions = nullptr;
    QLineEdit *m_insufficientActions = nullptr;
    QLabel *m_condition = nullptr;
    QLabel *m_replaces = nullptr;
    QPlainTextEdit *m_command = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_createButton = nullptr;
};

} // namespace fd::ui
