#pragma once

#include "ControlPlane.h"
#include "ops/Services.h"

#include <QByteArray>
#include <QDialog>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace fd::ui {

class LaunchEditor;
class PlacementEditor;
class RolloutDiagram;
class ServiceLoadBalancersEditor;

/**
 * Create a service, or update one (ECS-SEMANTICS.md §1.3-1.4). An empty `serviceName` creates:
 * service name (checked as it is typed), scheduling strategy REPLICA or DAEMON, task definition
 * family and revision (the latest ACTIVE one), desired count. A name updates that service, its
 * fields prefilled; choosing another revision (or placement, or "Force new deployment") starts a
 * new deployment.
 *
 * Both show the deployment configuration (minimumHealthyPercent, maximumPercent: 100/200 for
 * REPLICA, 0/100 for DAEMON), the circuit breaker with its threshold, the health check grace period
 * the target groups its tasks are registered in (ServiceLoadBalancersEditor: target group, container
 * and port, at most 5), the launch (LaunchEditor: EC2, FARGATE or a capacity provider strategy, and the
 * network configuration of awsvpc tasks; the placement is off for FARGATE) and the placement (console templates or
 * custom rows, see PlacementEditor), with a pre-flight check that follows every keystroke: the bounds, the batches a
 * rollout takes (RolloutDiagram), a warning when the configuration cannot move (ECS accepts it, so the dialog does too)
 * and one when the task definition binds static host ports and the cluster has fewer ACTIVE instances than the
 * rollout's peak.
 *
 * The dialog builds the request; it never changes the control plane itself. Create/Update hands the
 * request to the caller's submitter (setSubmitter(): ControlPlane::createService or updateService).
 * A refusal is shown in the dialog, naming the field when the ControlPlane names one, and the dialog
 * stays open with the form as it was.
 */
class ServiceDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceDialog)

public:
    ServiceDialog(fd::ControlPlane &cp, const QString &cluster, const QString &serviceName = {},
                  QWidget *parent = nullptr);

    using Request = ops::ServiceRequest;
    /// Submits the request (create or update, as isUpdate() says); the answer is shown here.
    using Submitter = std::function<fd::Result<fd::Service>(const Request &)>;

    /// Who submits the request on Create/Update (required).
    void setSubmitter(Submitter submitter) { m_submitter = std::move(submitter); }
    /// Where the AWS API listens, for the command shown (empty: none).
    void setEndpoint(const QString &endpoint);
    /// The service as the submitter returned it after the last accepted Create/Update.
    fd::Service result() const { return m_result; }

    /// The request the form spells now (valid or not: see problem()).
    ops::ServiceRequest request() const;
    /// What keeps Create/Update disabled, naming the field; empty when the form can be submitted.
    QString problem() const { return m_problem; }
    bool isUpdate() const { return !m_serviceName.isEmpty(); }
    /// How the service's tasks launch (EC2, FARGATE or a capacity provider strategy) and their network.
    LaunchEditor *launch() const { return m_launch; }

    void accept() override;

private:
    void fillFamilies(const QString &select);
    void fillRevisions(int select);
    void prefill(const fd::Service &service);
    void strategyChanged();
    void revalidate();
    void updatePreflight();
    void setMessage(const QString &text);
    QString selectedTaskDefinition() const; // "family:revision", empty when none
    void launchChanged();
    // Update: the strategy, platform version or network differ from the service's.
    bool launchSettingsChanged() const;
    bool isDaemon() const;
    int activeInstances() const;
    // In update mode: does the form start a new deployment, and why.
    QString newDeploymentReason() const;

    fd::ControlPlane &m_cp;
    QString m_cluster;
    QString m_serviceName; // empty: create
    std::optional<fd::Service> m_current;
    fd::Service m_result;
    Submitter m_submitter;
    QString m_problem;
    QByteArray m_initialStrategies;
    QByteArray m_initialConstraints;

    QLineEdit *m_nameEdit = nullptr;
    QLabel *m_nameError = nullptr;
    QComboBox *m_strategyCombo = nullptr;
    QComboBox *m_familyCombo = nullptr;
    QComboBox *m_revisionCombo = nullptr;
    QLabel *m_revisionHint = nullptr;
    QSpinBox *m_desiredSpin = nullptr;
    QLabel *m_desiredLabel = nullptr;
    QLabel *m_daemonHint = nullptr;
    QSpinBox *m_minSpin = nullptr;
    QSpinBox *m_maxSpin = nullptr;
    QCheckBox *m_breakerCheck = nullptr;
    QCheckBox *m_rollbackCheck = nullptr;
    QLabel *m_breakerThreshold = nullptr;
    QSpinBox *m_graceSpin = nullptr;
    QCheckBox *m_forceCheck = nullptr;
    LaunchEditor *m_launch = nullptr;
    QLabel *m_placementNote = nullptr;
    PlacementEditor *m_placement = nullptr;
    ServiceLoadBalancersEditor *m_loadBalancers = nullptr;
    QPlainTextEdit *m_command = nullptr;
    QString m_endpoint;
    QLabel *m_preflightTitle = nullptr;
    QLabel *m_bounds = nullptr;
    QLabel *m_batches = nullptr;
    RolloutDiagram *m_diagram = nullptr;
    QLabel *m_cannotMove = nullptr;
    QLabel *m_portWarning = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_submitButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
};

} // namespace fd::ui
