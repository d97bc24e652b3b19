#pragma once

#include "FormField.h"
#include "Result.h"
#include "ops/AutoScaling.h"

#include <QDialog>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/**
 * Adds or edits one scheduled action of a service's scalable target, as PutScheduledAction does:
 * its name, the schedule (at(yyyy-mm-ddThh:mm:ss), rate(N unit) or cron(6 fields)), the time zone
 * the schedule is read in, the start and end time (UTC, yyyy-mm-ddThh:mm:ssZ; blank: not set) and
 * the min and max capacity it sets (blank: not set). The action in words, its next run
 * (autoscaling::nextRun) and the equivalent `aws application-autoscaling put-scheduled-action`
 * command follow the form.
 *
 * On every change the form is read into an ops::ScheduledPut and checked with
 * cp.autoScaling().check(): the first problem is shown by its code and field, the field's editor
 * is marked and Save stays disabled. PutScheduledAction keeps what an update does not give, so
 * blanking a stored optional field is refused by name rather than silently kept. Save hands the
 * request to the submitter (the Scaling tab: cp.autoScaling().putScheduledAction()).
 */
class ScheduledActionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScheduledActionDialog)

public:
    using Submitter = std::function<fd::Status(const ops::ScheduledPut &)>;

    ScheduledActionDialog(fd::ControlPlane &cp, ops::TargetKey key, QWidget *parent = nullptr);

    void setSubmitter(Submitter submitter) { m_submitter = std::move(submitter); }
    void setEndpoint(const QString &endpoint);
    /// Fills the form from a stored action; the name cannot change.
    void editAction(const autoscaling::ScheduledAction &action);

    /// The request the form spells now, or the first error naming its field.
    fd::Result<ops::ScheduledPut> request() const;
    QString problem() const { return m_problem.text(); }
    QString problemField() const { return m_problem.field(); }
    QString command() const;
    QString summary() const;
    /// "2026-12-07 22:00 CET (in 3 h 46 min)", or why there is none.
    QString nextRunText() const;

    void accept() override;

private:
    void revalidate();
    void showProblem(const fd::Error &error);
    QWidget *editorFor(const QString &field) const;

    fd::ControlPlane &m_cp;
    ops::TargetKey m_key;
    Submitter m_submitter;
    QString m_endpoint;
    bool m_building = true;
    std::optional<autoscaling::ScheduledAction> m_editing;

    QLineEdit *m_name = nullptr;
    QLineEdit *m_schedule = nullptr;
    QComboBox *m_timezone = nullptr;
    QLineEdit *m_start = nullptr;
    QLineEdit *m_end = nullptr;
    QLineEdit *m_min = nullptr;
    QLineEdit *m_max = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_nextRun = nullptr;
    QPlainTextEdit *m_command = nullptr;
    FormProblem m_problem{this, "scheduledProblem"};
    QPushButton *m_saveButton = nullptr;
};

/// "2026-12-07 22:00 CET (in 3 h 46 min)" for a run at `due` read in `timezone` (empty: UTC), or
/// "none" when `due` is invalid. `now` gives the "in ..." part.
QString nextRunWords(const QDateTime &due, const QString &timezone, const QDateTime &now);
/// When `action` runs next after `now`, as the auto-scaling controller decides it; invalid: never again.
QDateTime nextRunOf(const autoscaling::ScheduledAction &action, const QDateTime &now);

} // namespace fd::ui
