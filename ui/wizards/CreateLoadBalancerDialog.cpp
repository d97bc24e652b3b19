#include "CreateLoadBalancerDialog.h"

#include "ControlPlane.h"
#include "Palette.h"
#include "elb/ElbRules.h"
#include "ops/TargetGroups.h"
#include "widgets/ListenerRulesEditor.h"
#include "widgets/RuleTester.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

QLabel *errorLabel(const char *name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    label->setStyleSheet(palette::themed(QStringLiteral("color: {{error}};")));
    label->setVisible(false);
    return label;
}

void showError(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

QString errorText(const fd::Error &e)
{
    return e.code.isEmpty() || e.code == u"ValidationError" ? e.message
                                                            : QStringLiteral("%1 (%2)").arg(e.message, e.code);
}

} // namespace

CreateLoadBalancerDialog::CreateLoadBalancerDialog(fd::ControlPlane &cp, QWidget *parent) : QDialog(parent), m_cp(cp)
{
    setObjectName(QStringLiteral("createLoadBalancerDialog"));
    setWindowTitle(tr("Create load balancer"));

    auto *rulesGroup = new QGroupBox(tr("Rules (evaluated by priority, lowest first; the default rule last)"), this);
    auto *rulesLayout = new QVBoxLayout(rulesGroup);
    m_rules = new ListenerRulesEditor(rulesGroup);
    m_defaultRule = new QLabel(rulesGroup);
    m_defaultRule->setObjectName(QStringLiteral("defaultRuleLabel"));
    rulesLayout->addWidget(m_rules, 1);
    rulesLayout->addWidget(m_defaultRule);

    auto *testerGroup = new QGroupBox(tr("Which rule would match this request?"), this);
    auto *testerLayout = new QVBoxLayout(testerGroup);
    m_tester = new RuleTester(testerGroup);
    testerLayout->addWidget(m_tester);

    auto *commandsGroup = new QGroupBox(tr("The same with the AWS CLI"), this);
    auto *commandsLayout = new QVBoxLayout(commandsGroup);
    m_commands = new QPlainTextEdit(commandsGroup);
    m_commands->setObjectName(QStringLiteral("cliCommands"));
    m_commands->setReadOnly(true);
    m_commands->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_commands->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    commandsLayout->addWidget(m_commands);

    auto *left = new QVBoxLayout;
    left->addWidget(buildLoadBalancerGroup());
    left->addWidget(buildTargetGroupGroup());
    left->addStretch();
    auto *right = new QVBoxLayout;
    right->addWidget(rulesGroup, 3);
    right->addWidget(testerGroup);
    right->addWidget(commandsGroup, 2);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 1); // the rules, with their conditions, take the room
    columns->addLayout(right, 2);

    m_message = errorLabel("createLoadBalancerMessage", this);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_createButton = buttons->button(QDialogButtonBox::Ok);
    m_createButton->setText(tr("Create"));
    m_createButton->setObjectName(QStringLiteral("createButton"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &CreateLoadBalancerDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_rules, &ListenerRulesEditor::changed, this, &CreateLoadBalancerDialog::revalidate);

    groupModeChanged();
    resize(1180, 760);
}

QWidget *CreateLoadBalancerDialog::buildLoadBalancerGroup()
{
    auto *group = new QGroupBox(tr("Load balancer and listener"), this);
    auto *form = new QFormLayout(group);
    m_name = new QLineEdit(group);
    m_name->setObjectName(QStringLiteral("loadBalancerNameEdit"));
    m_name->setPlaceholderText(tr("e.g. shop"));
    m_name->setMaxLength(64);
    m_name->setToolTip(tr("1 to 32 letters, digits and hyphens; not starting or ending with a hyphen"));
    m_nameError = errorLabel("loadBalancerNameError", group);
    auto *nameBox = new QVBoxLayout;
    nameBox->setSpacing(2);
    nameBox->addWidget(m_name);
    nameBox->addWidget(m_nameError);
    form->addRow(tr("Name:"), nameBox);

    m_port = addSpin("listenerPortSpin", 1, 65535, LoadBalancerPlanner::suggestPort(m_cp), QString());
    auto *portHint = new QLabel(tr("HTTP on 127.0.0.1. A free port is suggested; ports below 1024 need "
                                   "administrator privileges to bind."),
                                group);
    portHint->setWordWrap(true);
    portHint->setStyleSheet(palette::themed(QStringLiteral("color: {{hint}};")));
    m_portError = errorLabel("listenerPortError", group);
    auto *portBox = new QVBoxLayout;
    portBox->setSpacing(2);
    portBox->addWidget(m_port);
    portBox->addWidget(portHint);
    portBox->addWidget(m_portError);
    form->addRow(tr("Listener port:"), portBox);
    connect(m_name, &QLineEdit::textChanged, this, &CreateLoadBalancerDialog::revalidate);
    return group;
}

QSpinBox *CreateLoadBalancerDialog::addSpin(const char *name, int min, int max, int value, const QString &suffix)
{
    auto *spin = new QSpinBox(this);
    spin->setObjectName(QLatin1String(name));
    spin->setRange(min, max);
    spin->setValue(value);
    spin->setSuffix(suffix);
    connect(spin, &QSpinBox::valueChanged, this, &CreateLoadBalancerDialog::revalidate);
    return spin;
}

QWidget *CreateLoadBalancerDialog::buildTargetGroupGroup()
{
    auto *group = new QGroupBox(tr("Target group of the default rule"), this);
    auto *form = new QFormLayout(group);
    m_groupCombo = new QComboBox(group);
    m_groupCombo->setObjectName(QStringLiteral("targetGroupCombo"));
    m_groupCombo->addItem(tr("New target group"), QString());
    for (const elb::TargetGroup &tg : m_cp.targetGroups().list())
        m_groupCombo->addItem(tr("Existing: %1 (port %2)").arg(tg.name).arg(tg.port), tg.name);
    form->addRow(tr("Forward to:"), m_groupCombo);

    const elb::HealthCheck defaults;
    m_groupName = new QLineEdit(group);
    m_groupName->setObjectName(QStringLiteral("targetGroupNameEdit"));
    m_groupName->setPlaceholderText(tr("e.g. web"));
    m_groupPort = addSpin("targetGroupPortSpin", 1, 65535, 8080, QString());
    m_groupPort->setToolTip(tr("The port targets are registered on unless they name their own (a service registers "
                               "each task's host port)"));
    m_healthPath = new QLineEdit(defaults.path, group);
    m_healthPath->setObjectName(QStringLiteral("healthCheckPathEdit"));
    m_interval = addSpin("healthCheckIntervalSpin", 5, 300, defaults.intervalSeconds, tr(" s"));
    m_timeout = addSpin("healthCheckTimeoutSpin", 2, 120, defaults.timeoutSeconds, tr(" s"));
    m_healthy = addSpin("healthyThresholdSpin", 2, 10, defaults.healthyThreshold, QString());
    m_unhealthy = addSpin("unhealthyThresholdSpin", 2, 10, defaults.unhealthyThreshold, QString());
    m_matcher = new QLineEdit(defaults.matcher, group);
    m_matcher->setObjectName(QStringLiteral("matcherEdit"));
    m_matcher->setToolTip(tr("Success codes: 200, 200,202 or 200-299 (within 200-499)"));
    auto *thresholds = new QHBoxLayout;
    thresholds->addWidget(m_healthy);
    thresholds->addWidget(new QLabel(tr("healthy /"), group));
    thresholds->addWidget(m_unhealthy);
    thresholds->addWidget(new QLabel(tr("unhealthy checks in a row"), group));
    thresholds->addStretch();
    auto *timing = new QHBoxLayout;
    timing->addWidget(m_interval);
    timing->addWidget(new QLabel(tr("timeout"), group));
    timing->addWidget(m_timeout);
    timing->addStretch();
    form->addRow(tr("Name:"), m_groupName);
    form->addRow(tr("Port:"), m_groupPort);
    form->addRow(tr("Health check path:"), m_healthPath);
    form->addRow(tr("Interval:"), timing);
    form->addRow(tr("Thresholds:"), thresholds);
    form->addRow(tr("Success codes:"), m_matcher);
    auto *defaultsHint = new QLabel(tr("AWS's defaults: path %1, every %2 s, timeout %3 s, healthy after %4, "
                                       "unhealthy after %5, codes %6.")
                                        .arg(defaults.path)
                                        .arg(defaults.intervalSeconds)
                                        .arg(defaults.timeoutSeconds)
                                        .arg(defaults.healthyThreshold)
                                        .arg(defaults.unhealthyThreshold)
                                        .arg(defaults.matcher),
                                    group);
    defaultsHint->setWordWrap(true);
    defaultsHint->setStyleSheet(palette::themed(QStringLiteral("color: {{hint}};")));
    form->addRow(QString(), defaultsHint);
    m_groupError = errorLabel("targetGroupError", group);
    form->addRow(QString(), m_groupError);
    m_newGroupFields = {m_groupName, m_groupPort, m_healthPath, m_interval,
                        m_timeout,   m_healthy,   m_unhealthy,  m_matcher};
    connect(m_groupCombo, &QComboBox::currentIndexChanged, this, &CreateLoadBalancerDialog::groupModeChanged);
    for (QLineEdit *edit : {m_groupName, m_healthPath, m_matcher})
        connect(edit, &QLineEdit::textChanged, this, &CreateLoadBalancerDialog::revalidate);
    return group;
}

void CreateLoadBalancerDialog::setEndpoint(const QString &endpoint)
{
    m_endpoint = endpoint;
    revalidate();
}

void CreateLoadBalancerDialog::groupModeChanged()
{
    const bool fresh = m_groupCombo->currentData().toString().isEmpty();
    for (QWidget *w : std::as_const(m_newGroupFields))
        w->setEnabled(fresh);
    revalidate();
}

LoadBalancerPlan CreateLoadBalancerDialog::plan() const
{
    LoadBalancerPlan p;
    p.name = m_name->text().trimmed();
    p.port = m_port->value();
    const QString existing = m_groupCombo->currentData().toString();
    if (existing.isEmpty()) {
        ops::TargetGroupRequest tg;
        tg.name = m_groupName->text().trimmed();
        tg.port = m_groupPort->value();
        tg.healthCheck.path = m_healthPath->text().trimmed();
        tg.healthCheck.intervalSeconds = m_interval->value();
        tg.healthCheck.timeoutSeconds = m_timeout->value();
        tg.healthCheck.healthyThreshold = m_healthy->value();
        tg.healthCheck.unhealthyThreshold = m_unhealthy->value();
        tg.healthCheck.matcher = m_matcher->text().trimmed();
        p.newTargetGroups << tg;
        p.defaultTargetGroup = tg.name;
    } else {
        p.defaultTargetGroup = existing;
    }
    p.rules = m_rules->rules();
    return p;
}

void CreateLoadBalancerDialog::revalidate()
{
    if (!m_createButton)
        return;
    const LoadBalancerPlan p = plan();
    // The groups a rule can forward to: the new one first (a rule following it as it is renamed).
    QStringList groups;
    if (!p.newTargetGroups.isEmpty())
        groups << p.newTargetGroups.front().name;
    for (const elb::TargetGroup &tg : m_cp.targetGroups().list())
        if (!groups.contains(tg.name))
            groups << tg.name;
    m_rules->setTargetGroupNames(groups);
    m_defaultRule->setText(
        tr("<b>Default rule</b> (last): every other request → forward to <b>%1</b>")
            .arg(p.defaultTargetGroup.isEmpty() ? tr("the target group") : p.defaultTargetGroup.toHtmlEscaped()));
    m_tester->setPlan(p);
    m_commands->setPlainText(LoadBalancerPlanner::commands(p, m_endpoint));
    showProblem(LoadBalancerPlanner::check(m_cp, p), false);
}

void CreateLoadBalancerDialog::showProblem(const std::optional<PlanProblem> &problem, bool shout)
{
    using W = PlanProblem::Where;
    const auto at = [&](W where) { return problem && problem->where == where ? errorText(problem->error) : QString(); };
    // An empty name is not an error to shout about before anything was typed.
    const bool quietName = !shout && m_name->text().isEmpty();
    showError(m_nameError, quietName ? QString() : at(W::Name));
    showError(m_portError, at(W::Port));
    showError(m_groupError, at(W::TargetGroup).isEmpty() ? at(W::Default) : at(W::TargetGroup));
    m_rules->markRow(problem && problem->where == W::Rule ? problem->index : -1, at(W::Rule),
                     problem ? problem->condition : -1);
    m_problem = problem ? errorText(problem->error) : QString();
    m_createButton->setEnabled(!problem);
    m_message->setVisible(false);
}

void CreateLoadBalancerDialog::accept()
{
    const LoadBalancerPlan p = plan();
    if (!m_submitter) {
        showError(m_message, tr("Nothing submits this plan (the dialog has no submitter)."));
        return;
    }
    PlanProblem problem;
    const fd::Result<AppliedPlan> done = m_submitter(p, &problem);
    if (!done) {
        // The API's words, next to the field they concern; the form stays as it was.
        showProblem(problem, true);
        m_createButton->setEnabled(true);
        showError(m_message, tr("Not created: %1").arg(errorText(done.error())));
        return;
    }
    QDialog::accept();
}

} // namespace fd::ui
