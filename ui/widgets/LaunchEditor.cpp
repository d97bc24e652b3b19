#include "LaunchEditor.h"

#include "ControlPlane.h"
#include "Palette.h"
#include "ops/Clusters.h"
#include "ops/Instances.h"
#include "wizards/FargateSizes.h"
#include "wizards/FormField.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace fd::ui {

namespace {

const QString kInvalid = QStringLiteral("InvalidParameterException");
const QStringList kFargateProviders{QStringLiteral("FARGATE"), QStringLiteral("FARGATE_SPOT")};
constexpr int kMaxSecurityGroups = 5;

} // namespace

QStringList LaunchEditor::platformVersions()
{
    return {QStringLiteral("LATEST"), QStringLiteral("1.4.0"), QStringLiteral("1.3.0")};
}

QString LaunchEditor::subnetOf(const QString &zone)
{
    return QStringLiteral("subnet-") + zone;
}

LaunchEditor::LaunchEditor(fd::ControlPlane &cp, QWidget *parent)
    : QWidget(parent), m_cp(cp), m_modeCombo(new QComboBox(this)), m_modeHint(FormField::hint({}, this)),
      m_strategyPane(new QWidget(this)), m_strategyRows(new QVBoxLayout),
      m_addProviderButton(new QPushButton(tr("Add provider"), this)), m_providersHint(FormField::hint({}, this)),
      m_networkPane(new QWidget(this)), m_subnetsRow(new QHBoxLayout),
      m_securityGroupsEdit(FormField::line(this, "securityGroupsEdit",
                                           tr("sg-…, separated by commas (empty: the "
                                              "VPC's default group)"),
                                           [this] { revalidate(); })),
      m_publicIpCheck(new QCheckBox(tr("Assign a public IP"), this)),
      m_platformLabel(new QLabel(tr("Platform version:"), this)), m_platformCombo(new QComboBox(this)),
      m_networkHint(FormField::hint({}, this)), m_problem(std::make_unique<FormProblem>(this, "launchProblem"))
{
    setObjectName(QStringLiteral("launchEditor"));
    m_modeCombo->setObjectName(QStringLiteral("launchTypeCombo"));
    m_modeCombo->addItem(tr("EC2 — on the cluster's container instances"), QStringLiteral("EC2"));
    m_modeCombo->addItem(tr("FARGATE — no instance: each task gets an address of its own"), QStringLiteral("FARGATE"));
    m_modeCombo->addItem(tr("Capacity provider strategy (FARGATE / FARGATE_SPOT)"), QStringLiteral("STRATEGY"));
    m_modeHint->setObjectName(QStringLiteral("launchHint"));
    m_addProviderButton->setObjectName(QStringLiteral("addProviderButton"));
    m_providersHint->setObjectName(QStringLiteral("providersHint"));
    m_publicIpCheck->setObjectName(QStringLiteral("assignPublicIpCheck"));
    m_publicIpCheck->setToolTip(tr("assignPublicIp ENABLED: kept and shown; a public address is never reachable "
                                   "here (every task address is on the loopback range)"));
    m_platformCombo->setObjectName(QStringLiteral("platformVersionCombo"));
    m_platformCombo->addItems(platformVersions());
    m_platformCombo->setToolTip(tr("LATEST is 1.4.0"));
    m_networkHint->setObjectName(QStringLiteral("networkHint"));
    const QString groupsTip =
        tr("Up to %1 security groups, sg-…; they are kept and shown, not enforced").arg(kMaxSecurityGroups);
    m_securityGroupsEdit->setToolTip(groupsTip);
    m_securityGroupsEdit->setProperty("fdToolTip", groupsTip);

    // Strategy rows: provider, base, weight.
    auto *strategyLayout = new QVBoxLayout(m_strategyPane);
    strategyLayout->setContentsMargins(0, 0, 0, 0);
    strategyLayout->setSpacing(4);
    strategyLayout->addLayout(m_strategyRows);
    auto *addRow = new QHBoxLayout;
    addRow->addWidget(m_addProviderButton);
    addRow->addWidget(m_providersHint, 1);
    strategyLayout->addLayout(addRow);

    // The network configuration: one default subnet per zone of the region.
    for (const QString &zone : m_cp.instances().availabilityZones()) {
        auto *check = new QCheckBox(subnetOf(zone), m_networkPane);
        check->setObjectName(QStringLiteral("subnet_") + subnetOf(zone));
        check->setToolTip(tr("The default subnet of %1: tasks in it are in that zone").arg(zone));
        check->setChecked(true);
        connect(check, &QCheckBox::toggled, this, &LaunchEditor::revalidate);
        m_subnetsRow->addWidget(check);
        m_subnetChecks << check;
    }
    m_subnetsRow->addStretch();
    auto *subnetsBox = new QFrame(m_networkPane); // a frame: the problem mark outlines it
    subnetsBox->setObjectName(QStringLiteral("subnetsBox"));
    m_subnetsRow->setContentsMargins(0, 0, 0, 0);
    subnetsBox->setLayout(m_subnetsRow);
    auto *networkForm = new QFormLayout(m_networkPane);
    networkForm->setContentsMargins(0, 0, 0, 0);
    networkForm->addRow(tr("Subnets:"), subnetsBox);
    networkForm->addRow(tr("Security groups:"), m_securityGroupsEdit);
    auto *ipRow = new QHBoxLayout;
    ipRow->addWidget(m_publicIpCheck);
    ipRow->addSpacing(16);
    ipRow->addWidget(m_platformLabel);
    ipRow->addWidget(m_platformCombo);
    ipRow->addStretch();
    networkForm->addRow(QString(), ipRow);
    networkForm->addRow(QString(), m_networkHint);

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Launch:"), m_modeCombo);
    form->addRow(QString(), m_modeHint);
    form->addRow(tr("Strategy:"), m_strategyPane);
    form->addRow(m_networkPane);
    form->addRow(m_problem->label());
    m_problem->clear();

    connect(m_modeCombo, &QComboBox::currentIndexChanged, this, &LaunchEditor::modeChanged);
    connect(m_addProviderButton, &QPushButton::clicked, this, [this] {
        // The next associated provider not in a row yet.
        QString next = m_providers.value(0);
        for (const QString &p : std::as_const(m_providers)) {
            const bool used = std::any_of(m_rows.cbegin(), m_rows.cend(),
                                          [&p](const StrategyRow &r) { return r.provider->currentText() == p; });
            if (!used) {
                next = p;
                break;
            }
        }
        addStrategyRow(next, 0, 1);
    });
    connect(m_publicIpCheck, &QCheckBox::toggled, this, &LaunchEditor::revalidate);
    connect(m_platformCombo, &QComboBox::currentIndexChanged, this, &LaunchEditor::revalidate);
    modeChanged();
}

LaunchEditor::~LaunchEditor() = default;

void LaunchEditor::setCluster(const QString &cluster)
{
    m_cluster = cluster;
    m_providers.clear();
    const std::optional<fd::Cluster> c = m_cp.clusters().find(cluster);
    if (c)
        for (const QString &p : c->capacityProviders)
            if (kFargateProviders.contains(p))
                m_providers << p;
    for (const StrategyRow &r : std::as_const(m_rows)) {
        const QString keep = r.provider->currentText();
        const QSignalBlocker block(r.provider);
        r.provider->clear();
        r.provider->addItems(m_providers);
        if (!m_providers.contains(keep) && !keep.isEmpty())
            r.provider->addItem(keep); // kept as chosen; the check below says it is not associated
        r.provider->setCurrentText(keep);
    }
    // A cluster with a default strategy of Fargate providers: what RunTask and CreateService use
    // when given neither a launch type nor a strategy, so the form starts from it.
    if (c && m_rows.isEmpty() && mode() == Mode::Ec2 && !m_locked && !c->defaultCapacityProviderStrategy.isEmpty() &&
        std::all_of(
            c->defaultCapacityProviderStrategy.cbegin(), c->defaultCapacityProviderStrategy.cend(),
            [](const fd::CapacityProviderStrategyItem &i) { return kFargateProviders.contains(i.capacityProvider); })) {
        for (const fd::CapacityProviderStrategyItem &item : c->defaultCapacityProviderStrategy)
            addStrategyRow(item.capacityProvider, item.base, item.weight);
    }
    modeChanged();
}

void LaunchEditor::setTaskDefinition(const std::optional<fd::TaskDefinition> &td)
{
    m_td = td;
    modeChanged();
}

LaunchEditor::Mode LaunchEditor::mode() const
{
    const QString v = m_modeCombo->currentData().toString();
    return v == u"FARGATE" ? Mode::Fargate : v == u"STRATEGY" ? Mode::Strategy : Mode::Ec2;
}

void LaunchEditor::setMode(Mode mode)
{
    m_modeCombo->setCurrentIndex(mode == Mode::Ec2 ? 0 : mode == Mode::Fargate ? 1 : 2);
}

bool LaunchEditor::needsNetwork() const
{
    return usesFargate() || (m_td && m_td->spec.networkMode == u"awsvpc");
}

void LaunchEditor::setLaunchChoiceLocked(bool locked)
{
    m_locked = locked;
    m_modeCombo->setEnabled(!locked);
    m_modeCombo->setToolTip(locked ? tr("ECS cannot change a service's launch type; create another service")
                                   : QString());
}

void LaunchEditor::modeChanged()
{
    const Mode m = mode();
    if (m == Mode::Strategy && m_rows.isEmpty() && !m_providers.isEmpty())
        addStrategyRow(m_providers.front(), 0, 1); // addStrategyRow revalidates; fall through to show
    m_strategyPane->setVisible(m == Mode::Strategy);
    if (auto *form = qobject_cast<QFormLayout *>(layout()))
        form->setRowVisible(m_strategyPane, m == Mode::Strategy);
    m_networkPane->setVisible(needsNetwork());
    m_platformLabel->setVisible(usesFargate());
    m_platformCombo->setVisible(usesFargate());
    switch (m) {
    case Mode::Ec2:
        m_modeHint->setText(m_td && m_td->spec.networkMode == u"awsvpc"
                                ? tr("awsvpc on EC2: each task gets an address of its own on its instance.")
                                : tr("Tasks are placed on the cluster's container instances by the placement "
                                     "below."));
        break;
    case Mode::Fargate:
        m_modeHint->setText(tr("No container instance: each task runs on its own, with an elastic network "
                               "interface (an address of its own), in the zone of its subnet."));
        break;
    case Mode::Strategy:
        m_modeHint->setText(tr("The base first to its provider, the rest split by weight. FARGATE_SPOT tasks can "
                               "be interrupted (two minutes' warning)."));
        break;
    }
    m_providersHint->setText(
        m_providers.isEmpty()
            ? tr("Cluster %1 has no Fargate capacity provider. Associate them first: aws ecs "
                 "put-cluster-capacity-providers --cluster %1 --capacity-providers FARGATE FARGATE_SPOT "
                 "--default-capacity-provider-strategy '[]'")
                  .arg(m_cluster.isEmpty() ? QStringLiteral("…") : m_cluster)
            : tr("Associated with %1: %2").arg(m_cluster, m_providers.join(QStringLiteral(", "))));
    m_providersHint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_addProviderButton->setEnabled(!m_providers.isEmpty() && m_rows.size() < 2 * kFargateProviders.size());
    revalidate();
}

void LaunchEditor::addStrategyRow(const QString &provider, int base, int weight)
{
    const int n = int(m_rows.size());
    StrategyRow r;
    r.row = new QWidget(m_strategyPane);
    auto *h = new QHBoxLayout(r.row);
    h->setContentsMargins(0, 0, 0, 0);
    r.provider = new QComboBox(r.row);
    r.provider->addItems(m_providers);
    if (!m_providers.contains(provider))
        r.provider->addItem(provider);
    r.provider->setCurrentText(provider);
    r.base = new QSpinBox(r.row);
    r.base->setRange(0, 100000);
    r.base->setValue(base);
    r.base->setToolTip(tr("base: this many tasks go to this provider first (one provider at most has a base)"));
    r.weight = new QSpinBox(r.row);
    r.weight->setRange(0, 1000);
    r.weight->setValue(weight);
    r.weight->setToolTip(tr("weight: the share of the tasks after the base"));
    auto *remove = new QPushButton(tr("Remove"), r.row);
    remove->setObjectName(QStringLiteral("strategyRemove%1").arg(n));
    h->addWidget(r.provider, 2);
    h->addWidget(new QLabel(tr("base"), r.row));
    h->addWidget(r.base, 1);
    h->addWidget(new QLabel(tr("weight"), r.row));
    h->addWidget(r.weight, 1);
    h->addWidget(remove);
    m_strategyRows->addWidget(r.row);
    m_rows << r;
    renumberRows();
    connect(r.provider, &QComboBox::currentIndexChanged, this, &LaunchEditor::revalidate);
    connect(r.base, &QSpinBox::valueChanged, this, &LaunchEditor::revalidate);
    connect(r.weight, &QSpinBox::valueChanged, this, &LaunchEditor::revalidate);
    QWidget *row = r.row;
    connect(remove, &QPushButton::clicked, this, [this, row] { removeStrategyRow(row); });
    if (mode() != Mode::Strategy)
        setMode(Mode::Strategy);
    else
        modeChanged();
}

void LaunchEditor::removeStrategyRow(QWidget *row)
{
    m_rows.removeIf([row](const StrategyRow &r) { return r.row == row; });
    row->deleteLater();
    row->hide();
    renumberRows();
    modeChanged();
}

void LaunchEditor::renumberRows()
{
    for (int i = 0; i < m_rows.size(); ++i) {
        m_rows[i].provider->setObjectName(QStringLiteral("strategyProvider%1").arg(i));
        m_rows[i].base->setObjectName(QStringLiteral("strategyBase%1").arg(i));
        m_rows[i].weight->setObjectName(QStringLiteral("strategyWeight%1").arg(i));
    }
}

void LaunchEditor::setSubnets(const QStringList &subnets)
{
    for (QCheckBox *c : std::as_const(m_subnetChecks)) {
        const QSignalBlocker block(c);
        c->setChecked(subnets.contains(c->text()));
    }
    revalidate();
}

void LaunchEditor::setSecurityGroups(const QStringList &groups)
{
    m_securityGroupsEdit->setText(groups.join(QStringLiteral(", ")));
}

void LaunchEditor::setAssignPublicIp(bool assign)
{
    m_publicIpCheck->setChecked(assign);
}

void LaunchEditor::setPlatformVersion(const QString &version)
{
    const int i = m_platformCombo->findText(version.isEmpty() ? QStringLiteral("LATEST") : version);
    if (i >= 0)
        m_platformCombo->setCurrentIndex(i);
}

void LaunchEditor::prefill(const QString &launchType, const QList<fd::CapacityProviderStrategyItem> &strategy,
                           const QString &platformVersion, const std::optional<fd::AwsVpcConfiguration> &network)
{
    while (!m_rows.isEmpty())
        removeStrategyRow(m_rows.back().row);
    for (const fd::CapacityProviderStrategyItem &item : strategy)
        addStrategyRow(item.capacityProvider, item.base, item.weight);
    setMode(!strategy.isEmpty() ? Mode::Strategy : launchType == u"FARGATE" ? Mode::Fargate : Mode::Ec2);
    setPlatformVersion(platformVersion);
    if (network) {
        setSubnets(network->subnets);
        setSecurityGroups(network->securityGroups);
        setAssignPublicIp(network->assignPublicIp);
    }
    revalidate();
}

QString LaunchEditor::launchType() const
{
    switch (mode()) {
    case Mode::Ec2:
        return QStringLiteral("EC2");
    case Mode::Fargate:
        return QStringLiteral("FARGATE");
    case Mode::Strategy:
        break;
    }
    return {};
}

QList<fd::CapacityProviderStrategyItem> LaunchEditor::strategy() const
{
    QList<fd::CapacityProviderStrategyItem> out;
    if (mode() != Mode::Strategy)
        return out;
    for (const StrategyRow &r : m_rows)
        out << fd::CapacityProviderStrategyItem{r.provider->currentText(), r.weight->value(), r.base->value()};
    return out;
}

QString LaunchEditor::platformVersion() const
{
    return usesFargate() ? m_platformCombo->currentText() : QString();
}

QStringList LaunchEditor::securityGroups() const
{
    QStringList out;
    for (const QString &part :
         m_securityGroupsEdit->text().split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts))
        out << part.trimmed();
    return out;
}

std::optional<fd::AwsVpcConfiguration> LaunchEditor::networkConfiguration() const
{
    if (!needsNetwork())
        return std::nullopt;
    fd::AwsVpcConfiguration c;
    for (const QCheckBox *check : m_subnetChecks)
        if (check->isChecked())
            c.subnets << check->text();
    c.securityGroups = securityGroups();
    c.assignPublicIp = m_publicIpCheck->isChecked();
    return c;
}

QString LaunchEditor::problem() const
{
    if (!m_error)
        return {};
    return m_error->field.isEmpty() || m_error->message.startsWith(m_error->field)
               ? m_error->message
               : QStringLiteral("%1: %2").arg(m_error->field, m_error->message);
}

void LaunchEditor::revalidate()
{
    std::optional<fd::Error> error;
    QWidget *editor = nullptr;
    const auto refuse = [&](const QString &message, const QString &field, QWidget *where) {
        if (!error) {
            error = makeError(kInvalid, message, field);
            editor = where;
        }
    };

    // The strategy, as PutClusterCapacityProviders and RunTask check it.
    if (mode() == Mode::Strategy) {
        if (m_rows.isEmpty())
            refuse(m_providers.isEmpty()
                       ? tr("cluster %1 has no FARGATE or FARGATE_SPOT capacity provider associated (see the hint)")
                             .arg(m_cluster)
                       : tr("add at least one capacity provider"),
                   QStringLiteral("capacityProviderStrategy"), m_addProviderButton);
        int withBase = 0;
        int weightTotal = 0;
        for (int i = 0; i < m_rows.size(); ++i) {
            const QString p = m_rows[i].provider->currentText();
            const QString field = QStringLiteral("capacityProviderStrategy[%1]").arg(i);
            if (!m_providers.contains(p))
                refuse(tr("The specified capacity provider %1 is not associated with cluster %2.").arg(p, m_cluster),
                       field + QStringLiteral(".capacityProvider"), m_rows[i].provider);
            for (int j = 0; j < i; ++j)
                if (m_rows[j].provider->currentText() == p)
                    refuse(tr("%1 appears twice in the strategy").arg(p), field + QStringLiteral(".capacityProvider"),
                           m_rows[i].provider);
            if (m_rows[i].base->value() > 0 && ++withBase > 1)
                refuse(tr("only one capacity provider in a strategy can have a base greater than 0"),
                       field + QStringLiteral(".base"), m_rows[i].base);
            weightTotal += m_rows[i].weight->value();
        }
        if (!m_rows.isEmpty() && weightTotal == 0)
            refuse(tr("at least one capacity provider must have a weight greater than 0"),
                   QStringLiteral("capacityProviderStrategy[0].weight"), m_rows.front().weight);
    }
    // The definition must be able to run there.
    if (usesFargate() && m_td) {
        const QString why = FargateSizes::whyNotFargate(m_td->spec);
        if (!why.isEmpty())
            refuse(
                tr("Task definition does not support launch_type FARGATE. (%1: %2)").arg(m_td->familyRevision(), why),
                QStringLiteral("launchType"), m_modeCombo);
    }
    if (needsNetwork()) {
        const std::optional<fd::AwsVpcConfiguration> net = networkConfiguration();
        if (!net || net->subnets.isEmpty())
            refuse(tr("Network Configuration must be provided when networkMode 'awsvpc' is specified. Tick at "
                      "least one subnet."),
                   QStringLiteral("networkConfiguration.awsvpcConfiguration.subnets"),
                   m_subnetChecks.isEmpty() ? nullptr : m_subnetChecks.front()->parentWidget());
        const QStringList groups = securityGroups();
        static const QRegularExpression sg(QStringLiteral("^sg-[0-9A-Za-z]+$"));
        for (int i = 0; i < groups.size(); ++i)
            if (!sg.match(groups[i]).hasMatch())
                refuse(tr("'%1' is not a security group id (sg- and letters or digits)").arg(groups[i]),
                       QStringLiteral("networkConfiguration.awsvpcConfiguration.securityGroups[%1]").arg(i),
                       m_securityGroupsEdit);
        if (groups.size() > kMaxSecurityGroups)
            refuse(tr("at most %1 security groups (%2 given)").arg(kMaxSecurityGroups).arg(groups.size()),
                   QStringLiteral("networkConfiguration.awsvpcConfiguration.securityGroups"), m_securityGroupsEdit);
        m_networkHint->setText(
            usesFargate() ? tr("Each task is in the zone of its subnet; its address is on the loopback range.")
                          : tr("awsvpc: the task's address is its own, so two tasks can serve the same port."));
    }

    m_error = error;
    if (error)
        m_problem->show(*error, editor);
    else
        m_problem->clear();
    emit changed();
}

} // namespace fd::ui
