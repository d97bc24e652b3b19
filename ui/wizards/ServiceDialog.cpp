#include "ServiceDialog.h"

#include "ChangeFeed.h"
#include "Palette.h"
#include "ops/Instances.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"
#include "services/DeploymentMath.h"
#include "services/ServiceReconciler.h"
#include "widgets/LaunchEditor.h"
#include "widgets/PlacementEditor.h"
#include "widgets/RolloutDiagram.h"
#include "widgets/ServiceLoadBalancersEditor.h"
#include "wizards/ServiceCommand.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace fd::ui {

namespace {

using fd::services::SchedulingStrategy;

constexpr char kErrorStyle[] = "color: {{error}};";
// Blocking level: ECS accepts the configuration, but a deployment will not move.
constexpr char kBlockingStyle[] =
    "color: {{blockingText}}; background: {{blockingBox}}; border: 1px solid {{blockingBorder}}; "
    "border-radius: 4px; padding: 8px;";
constexpr char kWarningStyle[] = "color: {{warningText}}; background: {{waitBox}}; border: 1px solid {{caveatBorder}}; "
                                 "border-radius: 4px; padding: 8px;";
constexpr char kBoxStyle[] =
    "background: {{panelBox}}; border: 1px solid {{panelBorder}}; border-radius: 4px; padding: 8px;";

// The ControlPlane's rule for serviceName (CreateService), checked as it is typed.
const QRegularExpression &validServiceName()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_-]{1,255}$"));
    return re;
}

// Placement JSON compared by meaning: "" and "[]" are the same, key order and spacing do not count.
QJsonArray placementArray(const QByteArray &json)
{
    return QJsonDocument::fromJson(json.isEmpty() ? QByteArray("[]") : json).array();
}

// The host ports a task of `td` holds on its instance: every port in host mode, the fixed host
// ports in bridge mode, none with awsvpc (each task has its own address). "8080/tcp (web)".
QStringList staticHostPorts(const fd::TaskDefinition &td)
{
    QStringList ports;
    const QString mode = td.spec.networkMode;
    if (mode == u"awsvpc" || mode == u"none")
        return ports;
    for (const fd::ContainerDefinition &c : td.spec.containerDefinitions)
        for (const fd::PortMapping &m : c.portMappings) {
            const int port = mode == u"host" ? (m.hostPort > 0 ? m.hostPort : m.containerPort) : m.hostPort;
            if (port > 0)
                ports << QStringLiteral("%1/%2 (%3)").arg(port).arg(m.protocol, c.name);
        }
    return ports;
}

} // namespace

ServiceDialog::ServiceDialog(fd::ControlPlane &cp, const QString &cluster, const QString &serviceName, QWidget *parent)
    : QDialog(parent), m_cp(cp), m_cluster(cluster.isEmpty() ? QStringLiteral("default") : cluster),
      m_serviceName(serviceName)
{
    setObjectName(QStringLiteral("serviceDialog"));
    if (isUpdate())
        m_current = m_cp.services().find(m_cluster, m_serviceName);

    // ---- Service -------------------------------------------------------------------------------
    auto *serviceGroup = new QGroupBox(tr("Service"), this);
    auto *serviceForm = new QFormLayout(serviceGroup);
    auto *clusterLabel = new QLabel(QStringLiteral("<b>%1</b>").arg(m_cluster.toHtmlEscaped()), serviceGroup);
    clusterLabel->setObjectName(QStringLiteral("clusterLabel"));
    serviceForm->addRow(tr("Cluster:"), clusterLabel);

    m_nameEdit = new QLineEdit(serviceGroup);
    m_nameEdit->setObjectName(QStringLiteral("serviceNameEdit"));
    m_nameEdit->setPlaceholderText(tr("e.g. web"));
    m_nameEdit->setMaxLength(255);
    m_nameEdit->setToolTip(tr("Up to 255 letters, numbers, underscores and hyphens; unique in the cluster"));
    m_nameError = new QLabel(serviceGroup);
    m_nameError->setObjectName(QStringLiteral("serviceNameError"));
    m_nameError->setWordWrap(true);
    m_nameError->setStyleSheet(palette::themed(QString::fromLatin1(kErrorStyle)));
    m_nameError->setVisible(false);
    auto *nameBox = new QVBoxLayout;
    nameBox->setSpacing(2);
    nameBox->addWidget(m_nameEdit);
    nameBox->addWidget(m_nameError);
    if (isUpdate()) {
        m_nameEdit->setText(m_serviceName);
        m_nameEdit->setReadOnly(true);
        m_nameEdit->setEnabled(false);
    }
    serviceForm->addRow(tr("Service name:"), nameBox);

    m_strategyCombo = new QComboBox(serviceGroup);
    m_strategyCombo->setObjectName(QStringLiteral("schedulingStrategyCombo"));
    m_strategyCombo->addItem(tr("REPLICA — keep a desired number of tasks"), QStringLiteral("REPLICA"));
    m_strategyCombo->addItem(tr("DAEMON — one task on each ACTIVE instance"), QStringLiteral("DAEMON"));
    m_strategyCombo->setEnabled(!isUpdate());
    serviceForm->addRow(tr("Scheduling strategy:"), m_strategyCombo);

    m_familyCombo = new QComboBox(serviceGroup);
    m_familyCombo->setObjectName(QStringLiteral("familyCombo"));
    m_revisionCombo = new QComboBox(serviceGroup);
    m_revisionCombo->setObjectName(QStringLiteral("revisionCombo"));
    auto *definitionRow = new QHBoxLayout;
    definitionRow->addWidget(m_familyCombo, 3);
    definitionRow->addWidget(m_revisionCombo, 2);
    m_revisionHint = new QLabel(serviceGroup);
    m_revisionHint->setObjectName(QStringLiteral("revisionHint"));
    m_revisionHint->setWordWrap(true);
    auto *definitionBox = new QVBoxLayout;
    definitionBox->setSpacing(2);
    definitionBox->addLayout(definitionRow);
    definitionBox->addWidget(m_revisionHint);
    serviceForm->addRow(tr("Task definition:"), definitionBox);

    m_desiredSpin = new QSpinBox(serviceGroup);
    m_desiredSpin->setObjectName(QStringLiteral("desiredCountSpin"));
    m_desiredSpin->setRange(0, 1000);
    m_desiredSpin->setValue(1);
    m_daemonHint = new QLabel(serviceGroup);
    m_daemonHint->setObjectName(QStringLiteral("daemonHint"));
    m_daemonHint->setEnabled(false);
    auto *desiredRow = new QHBoxLayout;
    desiredRow->addWidget(m_desiredSpin);
    desiredRow->addWidget(m_daemonHint, 1);
    m_desiredLabel = new QLabel(tr("Desired tasks:"), serviceGroup);
    serviceForm->addRow(m_desiredLabel, desiredRow);

    // ---- Deployment ----------------------------------------------------------------------------
    auto *deploymentGroup = new QGroupBox(tr("Deployment configuration (rolling update)"), this);
    auto *deploymentForm = new QFormLayout(deploymentGroup);
    m_minSpin = new QSpinBox(deploymentGroup);
    m_minSpin->setObjectName(QStringLiteral("minimumHealthySpin"));
    m_minSpin->setRange(fd::services::kMinimumHealthyPercentMin, fd::services::kMinimumHealthyPercentMax);
    m_minSpin->setSuffix(QStringLiteral(" %"));
    m_minSpin->setToolTip(tr("Lower bound on RUNNING, healthy tasks during a deployment: ceil(desired × min / 100)"));
    m_maxSpin = new QSpinBox(deploymentGroup);
    m_maxSpin->setObjectName(QStringLiteral("maximumPercentSpin"));
    m_maxSpin->setRange(fd::services::kMaximumPercentMin, fd::services::kMaximumPercentMax);
    m_maxSpin->setSuffix(QStringLiteral(" %"));
    m_maxSpin->setToolTip(tr("Upper bound on RUNNING + PENDING tasks during a deployment: floor(desired × max / 100)"));
    auto *percentRow = new QHBoxLayout;
    percentRow->addWidget(new QLabel(tr("minimum healthy"), deploymentGroup));
    percentRow->addWidget(m_minSpin);
    percentRow->addSpacing(12);
    percentRow->addWidget(new QLabel(tr("maximum"), deploymentGroup));
    percentRow->addWidget(m_maxSpin);
    percentRow->addStretch();
    deploymentForm->addRow(tr("Percentages:"), percentRow);

    m_breakerCheck = new QCheckBox(tr("Deployment circuit breaker"), deploymentGroup);
    m_breakerCheck->setObjectName(QStringLiteral("circuitBreakerCheck"));
    m_breakerCheck->setToolTip(tr("Fail the deployment when tasks keep failing to start or to pass health checks"));
    m_rollbackCheck = new QCheckBox(tr("Roll back on failure"), deploymentGroup);
    m_rollbackCheck->setObjectName(QStringLiteral("rollbackCheck"));
    m_rollbackCheck->setToolTip(tr("Return to the last COMPLETED deployment when the breaker trips"));
    m_breakerThreshold = new QLabel(deploymentGroup);
    m_breakerThreshold->setObjectName(QStringLiteral("circuitBreakerThreshold"));
    m_breakerThreshold->setWordWrap(true);
    auto *breakerRow = new QHBoxLayout;
    breakerRow->addWidget(m_breakerCheck);
    breakerRow->addWidget(m_rollbackCheck);
    breakerRow->addStretch();
    auto *breakerBox = new QVBoxLayout;
    breakerBox->setSpacing(2);
    breakerBox->addLayout(breakerRow);
    breakerBox->addWidget(m_breakerThreshold);
    deploymentForm->addRow(tr("Failure detection:"), breakerBox);

    m_graceSpin = new QSpinBox(deploymentGroup);
    m_graceSpin->setObjectName(QStringLiteral("gracePeriodSpin"));
    m_graceSpin->setRange(0, 2147483647);
    m_graceSpin->setSuffix(tr(" s"));
    m_graceSpin->setToolTip(tr("healthCheckGracePeriodSeconds: unhealthy container and load balancer health checks "
                               "are ignored this long after a task first starts"));
    deploymentForm->addRow(tr("Health check grace period:"), m_graceSpin);

    m_forceCheck = new QCheckBox(tr("Force new deployment (replace every task, same revision)"), deploymentGroup);
    m_forceCheck->setObjectName(QStringLiteral("forceNewDeploymentCheck"));
    m_forceCheck->setVisible(isUpdate());
    if (isUpdate())
        deploymentForm->addRow(QString(), m_forceCheck);

    // ---- Load balancing ------------------------------------------------------------------------
    auto *lbGroup = new QGroupBox(tr("Load balancing (target groups)"), this);
    auto *lbLayout = new QVBoxLayout(lbGroup);
    m_loadBalancers = new ServiceLoadBalancersEditor(m_cp, lbGroup);
    lbLayout->addWidget(m_loadBalancers);

    // ---- Launch and networking -----------------------------------------------------------------
    auto *launchGroup = new QGroupBox(tr("Launch and networking"), this);
    auto *launchLayout = new QVBoxLayout(launchGroup);
    m_launch = new LaunchEditor(m_cp, launchGroup);
    m_launch->setCluster(m_cluster);
    m_launch->setLaunchChoiceLocked(isUpdate());
    launchLayout->addWidget(m_launch);

    // ---- Placement -----------------------------------------------------------------------------
    auto *placementGroup = new QGroupBox(tr("Task placement"), this);
    auto *placementLayout = new QVBoxLayout(placementGroup);
    m_placementNote = new QLabel(tr("FARGATE tasks take no placement strategy or constraints (ECS does not accept "
                                    "them there): each task goes to the zone of one of its subnets."),
                                 placementGroup);
    m_placementNote->setObjectName(QStringLiteral("placementNote"));
    m_placementNote->setWordWrap(true);
    m_placementNote->setStyleSheet(palette::themed(QString::fromLatin1(kWarningStyle)));
    m_placementNote->setVisible(false);
    placementLayout->addWidget(m_placementNote);
    m_placement = new PlacementEditor(placementGroup);
    m_placement->setOperationName(isUpdate() ? QStringLiteral("UpdateService") : QStringLiteral("CreateService"));
    placementLayout->addWidget(m_placement);

    // ---- Pre-flight check ----------------------------------------------------------------------
    auto *preflightGroup = new QGroupBox(tr("Pre-flight check"), this);
    preflightGroup->setObjectName(QStringLiteral("preflightGroup"));
    auto *preflight = new QVBoxLayout(preflightGroup);
    m_preflightTitle = new QLabel(preflightGroup);
    m_preflightTitle->setObjectName(QStringLiteral("preflightTitle"));
    m_preflightTitle->setWordWrap(true);
    m_bounds = new QLabel(preflightGroup);
    m_bounds->setObjectName(QStringLiteral("preflightBounds"));
    m_bounds->setWordWrap(true);
    m_bounds->setTextFormat(Qt::RichText);
    m_bounds->setStyleSheet(palette::themed(QString::fromLatin1(kBoxStyle)));
    m_batches = new QLabel(preflightGroup);
    m_batches->setObjectName(QStringLiteral("preflightBatches"));
    m_batches->setWordWrap(true);
    m_batches->setTextFormat(Qt::RichText);
    m_diagram = new RolloutDiagram(preflightGroup);
    m_cannotMove = new QLabel(preflightGroup);
    m_cannotMove->setObjectName(QStringLiteral("cannotMoveWarning"));
    m_cannotMove->setWordWrap(true);
    m_cannotMove->setTextFormat(Qt::RichText);
    m_cannotMove->setStyleSheet(palette::themed(QString::fromLatin1(kBlockingStyle)));
    m_portWarning = new QLabel(preflightGroup);
    m_portWarning->setObjectName(QStringLiteral("staticPortWarning"));
    m_portWarning->setWordWrap(true);
    m_portWarning->setTextFormat(Qt::RichText);
    m_portWarning->setStyleSheet(palette::themed(QString::fromLatin1(kWarningStyle)));
    preflight->addWidget(m_preflightTitle);
    preflight->addWidget(m_bounds);
    preflight->addWidget(m_batches);
    preflight->addWidget(m_diagram);
    preflight->addWidget(m_cannotMove);
    preflight->addWidget(m_portWarning);
    preflight->addWidget(new QLabel(tr("<b>The same with the AWS CLI:</b>"), preflightGroup));
    m_command = new QPlainTextEdit(preflightGroup);
    m_command->setObjectName(QStringLiteral("serviceCliCommand"));
    m_command->setReadOnly(true);
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_command->setFixedHeight(m_command->fontMetrics().lineSpacing() * 9 + 12);
    preflight->addWidget(m_command);
    preflight->addStretch();

    // ---- Buttons and layout --------------------------------------------------------------------
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("serviceMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setStyleSheet(palette::themed(QString::fromLatin1(kErrorStyle)));
    m_message->setVisible(false);
    m_submitButton = new QPushButton(isUpdate() ? tr("Update") : tr("Create"), this);
    m_submitButton->setObjectName(QStringLiteral("submitButton"));
    m_submitButton->setDefault(true);
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_submitButton, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancelButton, QDialogButtonBox::RejectRole);

    // Left: what the service is and how it deploys (scrolls). Right: the pre-flight check.
    auto *leftPane = new QWidget(this);
    auto *left = new QVBoxLayout(leftPane);
    left->setContentsMargins(0, 0, 0, 0);
    left->addWidget(serviceGroup);
    left->addWidget(deploymentGroup);
    left->addWidget(launchGroup);
    left->addWidget(lbGroup);
    left->addWidget(placementGroup);
    left->addStretch();
    auto *leftScroll = new QScrollArea(this);
    leftScroll->setObjectName(QStringLiteral("serviceFormScroll"));
    leftScroll->setWidgetResizable(true);
    leftScroll->setFrameShape(QFrame::NoFrame);
    leftScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    leftScroll->setWidget(leftPane);
    auto *rightScroll = new QScrollArea(this);
    rightScroll->setWidgetResizable(true);
    rightScroll->setFrameShape(QFrame::NoFrame);
    rightScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    rightScroll->setWidget(preflightGroup);
    auto *columns = new QHBoxLayout;
    columns->addWidget(leftScroll, 5);
    columns->addWidget(rightScroll, 6);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    // ---- Initial values ------------------------------------------------------------------------
    if (m_current) {
        setWindowTitle(tr("Update service %1").arg(m_serviceName));
        prefill(*m_current);
    } else {
        setWindowTitle(isUpdate() ? tr("Update service %1").arg(m_serviceName) : tr("Create service"));
        fillFamilies({});
        fillRevisions(0);
        const fd::services::DeploymentPercents d = fd::services::defaultPercents(SchedulingStrategy::Replica);
        m_minSpin->setValue(d.minimumHealthyPercent);
        m_maxSpin->setValue(d.maximumPercent);
        m_placement->setTemplate(PlacementEditor::templateNames().value(0)); // AZ Balanced Spread
    }
    m_initialStrategies = m_placement->strategiesJson();
    m_initialConstraints = m_placement->constraintsJson();

    connect(buttons, &QDialogButtonBox::accepted, this, &ServiceDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_nameEdit, &QLineEdit::textChanged, this, &ServiceDialog::revalidate);
    connect(m_strategyCombo, &QComboBox::currentIndexChanged, this, &ServiceDialog::strategyChanged);
    connect(m_familyCombo, &QComboBox::currentIndexChanged, this, [this] {
        fillRevisions(0);
        launchChanged();
    });
    connect(m_revisionCombo, &QComboBox::currentIndexChanged, this, &ServiceDialog::launchChanged);
    connect(m_desiredSpin, &QSpinBox::valueChanged, this, &ServiceDialog::revalidate);
    connect(m_minSpin, &QSpinBox::valueChanged, this, &ServiceDialog::revalidate);
    connect(m_maxSpin, &QSpinBox::valueChanged, this, &ServiceDialog::revalidate);
    connect(m_breakerCheck, &QCheckBox::toggled, this, &ServiceDialog::revalidate);
    connect(m_rollbackCheck, &QCheckBox::toggled, this, &ServiceDialog::revalidate);
    connect(m_graceSpin, &QSpinBox::valueChanged, this, &ServiceDialog::revalidate);
    connect(m_forceCheck, &QCheckBox::toggled, this, &ServiceDialog::revalidate);
    connect(m_placement, &PlacementEditor::changed, this, &ServiceDialog::revalidate);
    connect(m_launch, &LaunchEditor::changed, this, &ServiceDialog::launchChanged);
    connect(m_loadBalancers, &ServiceLoadBalancersEditor::changed, this, &ServiceDialog::revalidate);
    // The pre-flight follows the cluster too: instances drained or added while the dialog is open.
    ChangeFeed::watch(m_cp, Change::ContainerInstances | Change::Services, this, [this] { revalidate(); });

    strategyChanged();
    launchChanged();
    if (!isUpdate())
        m_nameEdit->setFocus();
    resize(1180, 780);
}

void ServiceDialog::prefill(const fd::Service &s)
{
    const QSignalBlocker b1(m_strategyCombo);
    m_strategyCombo->setCurrentIndex(m_strategyCombo->findData(fd::toString(s.schedulingStrategy)));
    fillFamilies(s.family);
    fillRevisions(s.revision);
    m_desiredSpin->setValue(s.desiredCount);
    m_minSpin->setValue(s.percents.minimumHealthyPercent);
    m_maxSpin->setValue(s.percents.maximumPercent);
    m_breakerCheck->setChecked(s.circuitBreaker.enable);
    m_rollbackCheck->setChecked(s.circuitBreaker.rollback);
    m_graceSpin->setValue(s.healthCheckGracePeriodSeconds);
    m_loadBalancers->setTaskDefinition(selectedTaskDefinition());
    m_loadBalancers->setLoadBalancers(s.loadBalancers);
    m_placement->setStrategiesAllowed(s.schedulingStrategy != SchedulingStrategy::Daemon);
    // No strategy on a REPLICA service means spread across zones, then instances: the template that
    // spells it.
    const QList<fd::scheduler::Strategy> strategies =
        s.placementStrategy.isEmpty() && s.schedulingStrategy == SchedulingStrategy::Replica
            ? fd::services::defaultServicePlacementStrategy()
            : s.placementStrategy;
    m_placement->setPlacement(fd::scheduler::toJsonText(strategies), fd::scheduler::toJsonText(s.placementConstraints));
    m_launch->prefill(s.launchType, s.capacityProviderStrategy, s.platformVersion, s.networkConfiguration);
}

void ServiceDialog::launchChanged()
{
    if (!m_launch || !m_placement)
        return;
    // The definition decides whether the tasks need a network configuration (awsvpc) and can run on FARGATE.
    std::optional<fd::TaskDefinition> td;
    if (const fd::Result<fd::TaskDefinition> found = m_cp.taskDefinitions().find(selectedTaskDefinition()); found)
        td = found.value();
    {
        const QSignalBlocker block(m_launch);
        m_launch->setTaskDefinition(td);
    }
    const bool fargate = m_launch->usesFargate();
    m_placement->setEnabled(!fargate);
    m_placementNote->setVisible(fargate);
    revalidate();
}

bool ServiceDialog::launchSettingsChanged() const
{
    if (!m_current)
        return false;
    const bool usedStrategy = !m_current->capacityProviderStrategy.isEmpty();
    if (usedStrategy && m_launch->strategy() != m_current->capacityProviderStrategy)
        return true;
    if (m_launch->usesFargate() && m_launch->platformVersion() != m_current->platformVersion &&
        !(m_current->platformVersion.isEmpty() && m_launch->platformVersion() == u"LATEST"))
        return true;
    return m_launch->networkConfiguration() != m_current->networkConfiguration;
}

void ServiceDialog::fillFamilies(const QString &select)
{
    const QSignalBlocker blocker(m_familyCombo);
    m_familyCombo->clear();
    QStringList families = m_cp.taskDefinitions().families(fd::TaskDefinitionStatus::Active);
    if (!select.isEmpty() && !families.contains(select))
        families.prepend(select); // the service's family, even with no ACTIVE revision left
    for (const QString &family : families)
        m_familyCombo->addItem(family, family);
    const int i = m_familyCombo->findData(select);
    m_familyCombo->setCurrentIndex(i >= 0 ? i : 0);
}

void ServiceDialog::fillRevisions(int select)
{
    const QSignalBlocker blocker(m_revisionCombo);
    m_revisionCombo->clear();
    const QString family = m_familyCombo->currentData().toString();
    if (family.isEmpty())
        return;
    QList<fd::TaskDefinition> revisions = m_cp.taskDefinitions().list(family);
    std::reverse(revisions.begin(), revisions.end());
    int latest = 0;
    for (const fd::TaskDefinition &td : revisions)
        if (td.status == fd::TaskDefinitionStatus::Active) {
            latest = td.revision;
            break;
        }
    const bool currentFamily = m_current && m_current->family == family;
    for (const fd::TaskDefinition &td : revisions) {
        const bool active = td.status == fd::TaskDefinitionStatus::Active;
        const bool current = currentFamily && td.revision == m_current->revision;
        if (!active && !current)
            continue; // a service can only move to an ACTIVE revision
        QStringList notes;
        if (td.revision == latest)
            notes << tr("latest");
        if (current)
            notes << tr("current");
        if (!active)
            notes << tr("INACTIVE");
        m_revisionCombo->addItem(notes.isEmpty() ? QString::number(td.revision)
                                                 : QStringLiteral("%1 (%2)").arg(td.revision).arg(notes.join(u", ")),
                                 td.revision);
    }
    int i = m_revisionCombo->findData(select > 0 ? select : latest);
    if (i < 0)
        i = m_revisionCombo->findData(latest);
    m_revisionCombo->setCurrentIndex(std::max(0, i));
}

bool ServiceDialog::isDaemon() const
{
    return m_strategyCombo->currentData().toString() == u"DAEMON";
}

int ServiceDialog::activeInstances() const
{
    const QList<fd::ContainerInstance> instances = m_cp.instances().list(m_cluster);
    return int(std::count_if(instances.cbegin(), instances.cend(),
                             [](const fd::ContainerInstance &ci) { return ci.status == fd::InstanceStatus::Active; }));
}

void ServiceDialog::strategyChanged()
{
    const bool daemon = isDaemon();
    m_desiredSpin->setVisible(!daemon);
    m_daemonHint->setVisible(daemon);
    m_placement->setStrategiesAllowed(!daemon);
    if (!isUpdate()) {
        // A new service starts from its strategy's defaults (REPLICA 100/200, DAEMON 0/100).
        const fd::services::DeploymentPercents d =
            fd::services::defaultPercents(daemon ? SchedulingStrategy::Daemon : SchedulingStrategy::Replica);
        const QSignalBlocker b1(m_minSpin);
        const QSignalBlocker b2(m_maxSpin);
        m_minSpin->setValue(d.minimumHealthyPercent);
        m_maxSpin->setValue(d.maximumPercent);
        // A daemon needs no constraint to spread (distinctInstance would only get in the way of its
        // replacements); a replica service starts from the console's default template.
        if (daemon)
            m_placement->setTemplate(PlacementEditor::customName());
        else if (m_placement->isCustom() && m_placement->constraintsJson().isEmpty())
            m_placement->setTemplate(PlacementEditor::templateNames().value(0));
    }
    revalidate();
}

QString ServiceDialog::selectedTaskDefinition() const
{
    const QString family = m_familyCombo->currentData().toString();
    const int revision = m_revisionCombo->currentData().toInt();
    if (family.isEmpty() || revision <= 0)
        return {};
    return QStringLiteral("%1:%2").arg(family).arg(revision);
}

QString ServiceDialog::newDeploymentReason() const
{
    if (!m_current)
        return {};
    const QString td = selectedTaskDefinition();
    if (!td.isEmpty() && td != m_current->taskDefinition())
        return tr("task definition %1 → %2").arg(m_current->taskDefinition(), td);
    if (placementArray(m_placement->strategiesJson()) != placementArray(m_initialStrategies) ||
        placementArray(m_placement->constraintsJson()) != placementArray(m_initialConstraints))
        return tr("new placement");
    if (launchSettingsChanged())
        return tr("new launch or network settings");
    if (m_forceCheck->isChecked())
        return tr("forced");
    return {};
}

ops::ServiceRequest ServiceDialog::request() const
{
    ops::ServiceRequest r;
    r.cluster = m_cluster;
    r.serviceName = isUpdate() ? m_serviceName : m_nameEdit->text().trimmed();
    r.minimumHealthyPercent = m_minSpin->value();
    r.maximumPercent = m_maxSpin->value();
    r.circuitBreaker =
        fd::CircuitBreaker{m_breakerCheck->isChecked(), m_breakerCheck->isChecked() && m_rollbackCheck->isChecked()};
    r.healthCheckGracePeriodSeconds = m_graceSpin->value();
    const QByteArray strategies = m_placement->strategiesJson();
    const QByteArray constraints = m_placement->constraintsJson();
    if (!isUpdate()) {
        r.taskDefinition = selectedTaskDefinition();
        r.schedulingStrategy = isDaemon() ? SchedulingStrategy::Daemon : SchedulingStrategy::Replica;
        if (!isDaemon())
            r.desiredCount = m_desiredSpin->value();
        if (!m_launch->launchType().isEmpty())
            r.launchType = m_launch->launchType();
        if (const QList<fd::CapacityProviderStrategyItem> items = m_launch->strategy(); !items.isEmpty())
            r.capacityProviderStrategy = items;
        if (!m_launch->platformVersion().isEmpty())
            r.platformVersion = m_launch->platformVersion();
        r.networkConfiguration = m_launch->networkConfiguration();
        if (!m_launch->usesFargate()) { // ECS takes no placement for FARGATE tasks
            if (!isDaemon())
                r.placementStrategy = m_placement->strategies();
            r.placementConstraints = m_placement->constraints();
        }
        if (const QList<fd::ServiceLoadBalancer> lbs = m_loadBalancers->loadBalancers(); !lbs.isEmpty())
            r.loadBalancers = lbs;
        return r;
    }
    // Update: send what changes. The same revision is left out (it may be INACTIVE by now), and the
    // placement only when it differs, since a new placement alone starts a deployment.
    if (m_current)
        r.schedulingStrategy = m_current->schedulingStrategy;
    const QString td = selectedTaskDefinition();
    if (!m_current || td != m_current->taskDefinition())
        r.taskDefinition = td;
    if (!isDaemon())
        r.desiredCount = m_desiredSpin->value();
    if (placementArray(strategies) != placementArray(m_initialStrategies))
        r.placementStrategy = m_placement->strategies();
    if (placementArray(constraints) != placementArray(m_initialConstraints))
        r.placementConstraints = m_placement->constraints();
    if (m_current && m_loadBalancers->loadBalancers() != m_current->loadBalancers)
        r.loadBalancers = m_loadBalancers->loadBalancers();
    // The launch settings a service can change (not its launch type), when they differ.
    if (m_current && launchSettingsChanged()) {
        if (!m_current->capacityProviderStrategy.isEmpty())
            r.capacityProviderStrategy = m_launch->strategy();
        if (m_launch->usesFargate())
            r.platformVersion = m_launch->platformVersion();
        r.networkConfiguration = m_launch->networkConfiguration();
    }
    r.forceNewDeployment = m_forceCheck->isChecked();
    return r;
}

void ServiceDialog::revalidate()
{
    if (!m_submitButton)
        return;
    QString problem;

    // The name, as it is typed (create only).
    QString nameProblem;
    if (!isUpdate()) {
        const QString name = m_nameEdit->text().trimmed();
        if (name.isEmpty()) {
            nameProblem = tr("serviceName: required");
        } else if (!validServiceName().match(name).hasMatch()) {
            nameProblem = tr("serviceName: only letters, numbers, underscores and hyphens, up to 255 (“%1” is "
                             "not allowed)")
                              .arg(name);
        } else {
            for (const fd::Service &s : m_cp.services().list(m_cluster))
                if (s.name == name)
                    nameProblem =
                        s.status == fd::ServiceStatus::Active
                            ? tr("serviceName: cluster %1 already has a service named %2").arg(m_cluster, name)
                            : tr("serviceName: service %1 is still DRAINING; it can be created again once "
                                 "it is INACTIVE")
                                  .arg(name);
        }
        // An empty field is not an error to shout about before anything was typed.
        const bool show = !nameProblem.isEmpty() && !m_nameEdit->text().isEmpty();
        m_nameError->setText(nameProblem);
        m_nameError->setVisible(show);
        m_nameEdit->setStyleSheet(show ? palette::themed(QStringLiteral("border: 1px solid {{error}};")) : QString());
        problem = nameProblem;
    } else if (!m_current) {
        problem = tr("serviceName: no service %1 in cluster %2").arg(m_serviceName, m_cluster);
    }
    if (problem.isEmpty() && selectedTaskDefinition().isEmpty())
        problem = tr("taskDefinition: register a task definition first");
    if (problem.isEmpty())
        problem = m_launch->problem();
    if (problem.isEmpty() && isDaemon() && m_launch->usesFargate())
        problem = tr("schedulingStrategy: DAEMON runs one task on each container instance; FARGATE has none "
                     "(choose REPLICA, or the EC2 launch type)");
    if (problem.isEmpty() && !m_launch->usesFargate())
        problem = m_placement->problem();

    // Task definition hint: the revision rule of UpdateService.
    if (m_current) {
        m_revisionHint->setText(selectedTaskDefinition() != m_current->taskDefinition()
                                    ? tr("A new revision starts a new deployment.")
                                    : tr("Current revision; choose another to deploy it."));
        m_revisionHint->setStyleSheet(
            selectedTaskDefinition() != m_current->taskDefinition()
                ? palette::themed(QStringLiteral("color: {{goodBadgeText}}; font-weight: bold;"))
                : palette::themed(QStringLiteral("color: {{hint}};")));
    } else {
        m_revisionHint->setText(tr("The latest ACTIVE revision is preselected."));
        m_revisionHint->setStyleSheet(palette::themed(QStringLiteral("color: {{hint}};")));
    }

    const int active = activeInstances();
    m_daemonHint->setText(tr("one task on each ACTIVE instance: %1 now").arg(active));

    // Circuit breaker: the threshold for this desired count.
    const int desired = isDaemon() ? active : m_desiredSpin->value();
    m_rollbackCheck->setEnabled(m_breakerCheck->isChecked());
    const int threshold = fd::services::circuitBreakerThreshold(desired);
    m_breakerThreshold->setText(
        m_breakerCheck->isChecked()
            ? tr("Trips after %1 failed tasks (half of %2 desired, rounded up, at least %3, at most %4)%5")
                  .arg(threshold)
                  .arg(desired)
                  .arg(fd::services::kCircuitBreakerMinimum)
                  .arg(fd::services::kCircuitBreakerMaximum)
                  .arg(m_rollbackCheck->isChecked() ? tr(", then rolls back to the last completed deployment.")
                                                    : tr(", then the deployment is FAILED and stays there."))
            : tr("Off: a deployment whose tasks keep failing retries forever (with the start back-off). On, it "
                 "would trip after %1 failed tasks.")
                  .arg(threshold));
    m_breakerThreshold->setStyleSheet(palette::themed(QStringLiteral("color: {{secondary}};")));

    {
        const QSignalBlocker blocker(m_loadBalancers); // its rows follow the revision: no second pass
        m_loadBalancers->setTaskDefinition(selectedTaskDefinition());
    }
    updatePreflight();
    m_command->setPlainText(ServiceCommand::text(request(), isUpdate(), m_endpoint));

    m_problem = problem;
    // The message line is for what the name field does not already say, and for refusals.
    if (!m_message->text().isEmpty() && m_message->property("refusal").toBool()) {
        // keep the ControlPlane's refusal until the next submit
    } else {
        const bool nameShown = m_nameError->isVisible();
        const bool launchShown = !problem.isEmpty() && problem == m_launch->problem(); // under its fields
        setMessage(nameShown || launchShown || (problem.startsWith(u"serviceName: required")) ? QString() : problem);
    }
    m_submitButton->setEnabled(problem.isEmpty());
}

void ServiceDialog::updatePreflight()
{
    const bool daemon = isDaemon();
    const int active = activeInstances();
    const int desired = daemon ? active : m_desiredSpin->value();
    const fd::services::DeploymentPercents percents{m_minSpin->value(), m_maxSpin->value()};
    const fd::services::DeploymentBounds bounds = fd::services::resolveBounds(desired, percents);

    // What is replaced: a new service's next deployment replaces its `desired` tasks; an update
    // replaces the tasks the service runs now (its desired count when it is steady).
    const QString newLabel = selectedTaskDefinition();
    int oldRunning = desired;
    QString oldLabel = newLabel;
    QString title;
    if (m_current) {
        oldRunning = daemon ? active : std::max(m_current->runningCount(), m_current->desiredCount);
        oldLabel = m_current->taskDefinition();
        const QString reason = newDeploymentReason();
        title = reason.isEmpty()
                    ? tr("<b>No new deployment</b>: the desired count and the deployment configuration apply to the "
                         "current one. The next deployment will take these batches:")
                    : tr("<b>This update starts a new deployment</b> (%1). The rollout will take these batches:")
                          .arg(reason.toHtmlEscaped());
    } else {
        title = tr("A new service starts its %1 %2 in one go. Each later deployment (a new revision, or a forced "
                   "one) replaces them in these batches:")
                    .arg(desired)
                    .arg(desired == 1 ? tr("task") : tr("tasks"));
    }
    m_preflightTitle->setText(title);

    m_bounds->setText(
        tr("<b>%1</b> desired%2 · at least <b>%3 healthy</b> (%4% rounded up) · at most <b>%5 running</b> (%6% "
           "rounded down)")
            .arg(desired)
            .arg(daemon ? tr(" (one per ACTIVE instance)") : QString())
            .arg(bounds.minimumHealthy)
            .arg(percents.minimumHealthyPercent)
            .arg(bounds.maximum)
            .arg(percents.maximumPercent));

    const fd::services::RolloutPlan plan = fd::services::planRollout(desired, bounds, oldRunning);
    if (plan.possible && !plan.steps.isEmpty()) {
        QStringList parts;
        for (const fd::services::RolloutStep &s : plan.steps)
            parts << s.toString();
        m_batches->setText(tr("<b>Batches:</b> %1 &nbsp;·&nbsp; peak %2 running, never fewer than %3 healthy")
                               .arg(parts.join(QStringLiteral(" → ")).toHtmlEscaped())
                               .arg(plan.peakRunning)
                               .arg(plan.lowestHealthy));
    } else if (plan.possible) {
        m_batches->setText(tr("<b>Batches:</b> none — no task to replace."));
    } else {
        m_batches->setText(tr("<b>Batches:</b> none — the deployment cannot move."));
    }
    m_batches->setToolTip(plan.summary());
    m_diagram->setPlan(plan, oldRunning, desired, bounds, oldLabel == newLabel ? QString() : oldLabel,
                       oldLabel == newLabel ? QString() : newLabel);

    // Cannot move: ECS accepts it, so Create stays enabled, but say so loudly.
    const QString reason = fd::services::cannotMoveReason(bounds, desired);
    m_cannotMove->setVisible(!reason.isEmpty());
    if (!reason.isEmpty())
        m_cannotMove->setText(
            tr("<b>✕ This deployment configuration cannot move.</b> %1<br><br>ECS accepts it, "
               "but a deployment will stay where it is and the service reports: <i>%2</i>")
                .arg(reason.toHtmlEscaped(), fd::services::cannotMoveEventMessage(m_nameEdit->text().trimmed().isEmpty()
                                                                                      ? QStringLiteral("…")
                                                                                      : m_nameEdit->text().trimmed())
                                                 .toHtmlEscaped()));

    // Static host ports: one such task per instance, so the peak needs that many ACTIVE instances.
    QStringList ports;
    if (const fd::Result<fd::TaskDefinition> td = m_cp.taskDefinitions().find(newLabel); td)
        ports = staticHostPorts(td.value());
    const int need = std::max(desired, plan.possible ? plan.peakRunning : oldRunning);
    const bool tooFew = !ports.isEmpty() && need > active;
    m_portWarning->setVisible(tooFew);
    if (tooFew) {
        QString advice;
        if (desired > active) {
            advice = tr("Even the %1 desired tasks need %1 instances: add instances.").arg(desired);
        } else if (desired > 0) {
            // The highest maximumPercent whose peak fits: floor(desired × max / 100) <= active.
            const int fits =
                std::clamp(active * 100 / desired, fd::services::kMaximumPercentMin, fd::services::kMaximumPercentMax);
            advice = fits * desired / 100 > desired
                         ? tr("Add instances, or lower maximumPercent to %1% (at most %2 running).")
                               .arg(fits)
                               .arg(fits * desired / 100)
                         : tr("Add instances, or lower maximumPercent to 100% and minimumHealthyPercent below 100% "
                              "(stop before start).");
        }
        m_portWarning->setText(tr("<b>⚠ Static host port%1 %2.</b> Each instance can run one such task. The "
                                  "rollout peaks at <b>%3 tasks</b>, but cluster %4 has <b>%5 ACTIVE %6</b>: "
                                  "the extra tasks wait PENDING for a free port. %7")
                                   .arg(ports.size() > 1 ? QStringLiteral("s") : QString(),
                                        ports.join(QStringLiteral(", ")).toHtmlEscaped())
                                   .arg(need)
                                   .arg(m_cluster.toHtmlEscaped())
                                   .arg(active)
                                   .arg(active == 1 ? tr("instance") : tr("instances"), advice.toHtmlEscaped()));
    }
}

void ServiceDialog::setEndpoint(const QString &endpoint)
{
    m_endpoint = endpoint;
    revalidate();
}

void ServiceDialog::setMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void ServiceDialog::accept()
{
    m_message->setProperty("refusal", false);
    revalidate();
    if (!m_problem.isEmpty()) {
        setMessage(m_problem);
        return;
    }
    if (!m_submitter) { // a caller's mistake: the dialog only builds the request
        setMessage(tr("Nothing submits this request (the dialog has no submitter)."));
        return;
    }
    const fd::Result<fd::Service> done = m_submitter(request());
    if (!done) {
        // The ControlPlane's words, with the field it names and its error code; the form stays.
        const fd::Error &e = done.error();
        QString text = e.field.isEmpty() || e.message.startsWith(e.field)
                           ? e.message
                           : QStringLiteral("%1: %2").arg(e.field, e.message);
        if (!e.code.isEmpty())
            text =
                tr("%1 refused (%2): %3")
                    .arg(isUpdate() ? QStringLiteral("UpdateService") : QStringLiteral("CreateService"), e.code, text);
        setMessage(text);
        m_message->setProperty("refusal", true);
        return;
    }
    m_result = done.value();
    QDialog::accept();
}

} // namespace fd::ui
