#pragma once

#include "Result.h"
#include "model/Cluster.h"
#include "model/Network.h"
#include "model/TaskDefinition.h"

#include <QList>
#include <QString>
#include <QWidget>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QVBoxLayout;

namespace fd {
class ControlPlane;
}

namespace fd::ui {

class FormProblem;

/**
 * How tasks launch, as RunTask and CreateService take it (the run-task and service dialogs share it):
 * a launch choice, EC2, FARGATE or a capacity provider strategy (rows of provider FARGATE or
 * FARGATE_SPOT, base and weight; only the providers associated with the cluster are offered, with a
 * hint how to associate them), and for awsvpc tasks the network configuration: the subnets (one
 * default subnet per zone of the region, "subnet-us-east-1a", the ids the load balancer wizard
 * uses), security groups, assign public IP, and the platform version for FARGATE.
 *
 * The form refuses, as it is typed, what the API would refuse (a definition that cannot run on
 * FARGATE, awsvpc without a subnet, a strategy with two bases, a security group that is not sg-...):
 * error() names the field, the problem line under the editor says it and marks the editor.
 * Object names (launchTypeCombo, strategyProvider0, strategyBase0, strategyWeight0,
 * addProviderButton, providersHint, subnet_<id>, securityGroupsEdit, assignPublicIpCheck,
 * platformVersionCombo, launchProblem) are the tests' handles.
 */
class LaunchEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LaunchEditor)

public:
    enum class Mode { Ec2, Fargate, Strategy };

    /// The platform versions offered (LATEST is 1.4.0).
    static QStringList platformVersions();
    /// The default subnet of each zone: "subnet-" + zone.
    static QString subnetOf(const QString &zone);

    LaunchEditor(fd::ControlPlane &cp, QWidget *parent = nullptr);
    ~LaunchEditor() override;

    /// The cluster whose associated capacity providers the strategy rows offer.
    void setCluster(const QString &cluster);
    /// The definition the tasks run (null: none chosen): awsvpc asks for the network configuration,
    /// FARGATE for a definition that supports it.
    void setTaskDefinition(const std::optional<fd::TaskDefinition> &td);

    void setMode(Mode mode);
    Mode mode() const;
    /// FARGATE or a strategy (of FARGATE providers): no container instance, no placement.
    bool usesFargate() const { return mode() != Mode::Ec2; }
    /// The tasks get an ENI of their own: FARGATE, or an awsvpc definition.
    bool needsNetwork() const;

    void addStrategyRow(const QString &provider, int base = 0, int weight = 1);
    void setSubnets(const QStringList &subnets);
    void setSecurityGroups(const QStringList &groups);
    void setAssignPublicIp(bool assign);
    void setPlatformVersion(const QString &version);
    /// Shows what a service launches with (update: read-only launch choice).
    void prefill(const QString &launchType, const QList<fd::CapacityProviderStrategyItem> &strategy,
                 const QString &platformVersion, const std::optional<fd::AwsVpcConfiguration> &network);
    /// Update: the launch type cannot change (ECS), the rest can.
    void setLaunchChoiceLocked(bool locked);

    /// "EC2", "FARGATE", or empty with a strategy.
    QString launchType() const;
    QList<fd::CapacityProviderStrategyItem> strategy() const;
    /// FARGATE: the version chosen ("LATEST", "1.4.0", "1.3.0"); empty for EC2.
    QString platformVersion() const;
    /// When needsNetwork(): the subnets ticked, the groups typed, the public IP choice.
    std::optional<fd::AwsVpcConfiguration> networkConfiguration() const;

    /// The first refusal of what is shown (code, message, field); nullopt when none.
    std::optional<fd::Error> error() const { return m_error; }
    /// "field: message", empty when none.
    QString problem() const;
    /// The associated providers the strategy rows offer.
    QStringList providers() const { return m_providers; }

signals:
    void changed();

private:
    struct StrategyRow
    {
        QWidget *row = nullptr;
        QComboBox *provider = nullptr;
        QSpinBox *base = nullptr;
        QSpinBox *weight = nullptr;
    };

    void modeChanged();
    void removeStrategyRow(QWidget *row);
    void renumberRows();
    void revalidate();
    QStringList securityGroups() const;

    fd::ControlPlane &m_cp;
    QString m_cluster;
    std::optional<fd::TaskDefinition> m_td;
    QStringList m_providers;
    QComboBox *m_modeCombo;
    QLabel *m_modeHint;
    QWidget *m_strategyPane;
    QVBoxLayout *m_strategyRows;
    QPushButton *m_addProviderButton;
    QLabel *m_providersHint;
    QWidget *m_networkPane;
    QHBoxLayout *m_subnetsRow;
    QList<QCheckBox *> m_subnetChecks;
    QLineEdit *m_securityGroupsEdit;
    QCheckBox *m_publicIpCheck;
    QLabel *m_platformLabel;
    QComboBox *m_platformCombo;
    QLabel *m_networkHint;
    std::unique_ptr<FormProblem> m_problem;
    QList<StrategyRow> m_rows;
    std::optional<fd::Error> m_error;
    bool m_locked = false;
};

} // namespace fd::ui
