#pragma once

#include "ControlPlane.h"
#include "ops/Tasks.h"

#include <QDialog>
#include <QList>

#include <functional>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QToolButton;
class QVBoxLayout;

namespace fd::ui {

class LaunchEditor;
class PlacementEditor;

/**
 * Run task: which cluster, which task definition (family and revision, the latest by default), how
 * many (1-10), where (a console placement template, or custom strategy and constraint rows with
 * the cluster query language checked as it is typed), container overrides, group and startedBy,
 * and whether tasks that fit nowhere wait PENDING for capacity (the console's default). The launch
 * (LaunchEditor): EC2, FARGATE or a capacity provider strategy, with the network configuration of
 * awsvpc tasks; FARGATE tasks take no placement, so the placement is disabled with a note.
 *
 * The dialog builds the request; it never changes the control plane itself. Run hands the request
 * to the caller's submitter (setSubmitter(), typically ControlPlane::runTask). When every task was
 * placed the dialog closes; when some could not be placed, or wait for capacity, it stays open and
 * says which and why, and Cancel becomes Close. A refused request is shown with the field it names
 * and the form stays as typed, so it can be corrected and run again.
 */
class RunTaskDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunTaskDialog)

public:
    using Request = ops::RunTaskRequest;
    using Submitter = std::function<fd::Result<ops::RunTaskResult>(const Request &)>;

    /// The template names in the picker, in order; the last is "Custom".
    static QStringList templateNames();

    explicit RunTaskDialog(fd::ControlPlane &cp, const QString &cluster = {}, QWidget *parent = nullptr);

    /// The request as the form stands (valid or not: see problem()).
    Request request() const;
    /// What keeps Run disabled, naming the field; empty when the form can be run.
    QString problem() const { return m_problem; }
    /// The result of the last Run that the ControlPlane accepted.
    const ops::RunTaskResult &lastResult() const { return m_lastResult; }

    /// Who runs the request on Run (required): returns the ControlPlane's answer, shown here.
    void setSubmitter(Submitter submitter) { m_submitter = std::move(submitter); }
    void setTaskDefinition(const QString &family, int revision = 0);
    /// One of templateNames().
    void setPlacementTemplate(const QString &name);
    void setBinpackField(const QString &field);
    /// Custom rows (switches to Custom).
    void addStrategyRow(const QString &type, const QString &field);
    void addConstraintRow(const QString &type, const QString &expression = {});
    /// How the tasks launch (EC2, FARGATE or a capacity provider strategy) and their network.
    LaunchEditor *launch() const { return m_launch; }

    void accept() override;

signals:
    /// Tasks were created by a Run (placed or waiting); their ids.
    void tasksStarted(const QStringList &taskIds);

private:
    struct OverrideEditors
    {
        QString container;
        QLineEdit *command = nullptr;
        QPlainTextEdit *environment = nullptr;
    };

    void fillClusters(const QString &select);
    void fillFamilies();
    void fillRevisions();
    void rebuildOverrides();
    void revalidate();
    void launchChanged();
    std::optional<fd::TaskDefinition> currentDefinition() const;
    void showResult(const ops::RunTaskResult &result);
    void setMessage(const QString &text, bool error);

    fd::ControlPlane &m_cp;
    QComboBox *m_clusterCombo;
    QComboBox *m_familyCombo;
    QComboBox *m_revisionCombo;
    QSpinBox *m_countSpin;
    QLabel *m_instancesHint;
    LaunchEditor *m_launch;       // launch type or strategy, network configuration (shared with ServiceDialog)
    PlacementEditor *m_placement; // template, custom rows, caveat and JSON (shared with ServiceDialog)
    QLabel *m_placementNote;      // FARGATE: why the placement is off
    QWidget *m_overridesPane;
    QVBoxLayout *m_overridesLayout;
    QLineEdit *m_groupEdit;
    QLineEdit *m_startedByEdit;
    QCheckBox *m_queueCheck;
    QLabel *m_message;
    QLabel *m_result;
    QPushButton *m_runButton;
    QPushButton *m_cancelButton;
    QList<OverrideEditors> m_overrides;
    QString m_problem;
    ops::RunTaskResult m_lastResult;
    Submitter m_submitter;
};

} // namespace fd::ui
