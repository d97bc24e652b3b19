#include "ServiceScalingTab.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "Palette.h"
#include "ops/Services.h"
#include "wizards/ScalingPolicyCommand.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

enum PolicyColumn { NameColumn, TypeColumn, ConfigurationColumn, AlarmsColumn };
enum ScheduledColumn {
    ActionNameColumn,
    ScheduleColumn,
    TimezoneColumn,
    StartColumn,
    EndColumn,
    MinColumn,
    MaxColumn,
    NextRunColumn
};

QString timeText(const std::optional<QDateTime> &t)
{
    return t ? t->toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")) : QObject::tr("not set");
}

QString number(double v)
{
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

QString configurationWords(const autoscaling::ScalingPolicy &p)
{
    QStringList parts;
    if (p.targetTracking) {
        const autoscaling::TargetTrackingConfiguration &c = *p.targetTracking;
        if (c.predefined) {
            parts << QObject::tr("%1 at %2").arg(c.predefined->type, number(c.targetValue));
            if (!c.predefined->resourceLabel.isEmpty())
                parts << c.predefined->resourceLabel;
        } else if (c.customized) {
            parts << QObject::tr("%1/%2 at %3")
                         .arg(c.customized->metricNamespace, c.customized->metricName, number(c.targetValue));
        }
        parts << QObject::tr("out cooldown %1")
                     .arg(c.scaleOutCooldown ? QObject::tr("%1 s").arg(*c.scaleOutCooldown) : QObject::tr("not set"));
        parts << QObject::tr("in cooldown %1")
                     .arg(c.scaleInCooldown ? QObject::tr("%1 s").arg(*c.scaleInCooldown) : QObject::tr("not set"));
        if (c.disableScaleIn.value_or(false))
            parts << QObject::tr("scale-in disabled");
    }
    if (p.step) {
        const autoscaling::StepScalingConfiguration &c = *p.step;
        QStringList steps;
        for (const autoscaling::StepAdjustment &s : c.steps)
            steps << QStringLiteral("[%1, %2) %3%4")
                         .arg(s.lowerBound ? number(*s.lowerBound) : QStringLiteral("-inf"),
                              s.upperBound ? number(*s.upperBound) : QStringLiteral("+inf"),
                              s.scalingAdjustment > 0 ? QStringLiteral("+") : QString())
                         .arg(s.scalingAdjustment);
        parts << autoscaling::toString(c.adjustmentType) << steps.join(QStringLiteral(", "));
        if (c.minAdjustmentMagnitude)
            parts << QObject::tr("min magnitude %1").arg(*c.minAdjustmentMagnitude);
        parts << QObject::tr("cooldown %1")
                     .arg(c.cooldownSeconds ? QObject::tr("%1 s").arg(*c.cooldownSeconds) : QObject::tr("not set"));
        if (!c.metricAggregationType.isEmpty())
            parts << c.metricAggregationType;
    }
    return parts.join(QStringLiteral(" · "));
}

} // namespace

ServiceScalingTab::ServiceScalingTab(fd::ControlPlane &cp, QWidget *parent)
    : QWidget(parent), m_cp(cp), m_title(new QLabel(this)), m_min(new QSpinBox(this)), m_max(new QSpinBox(this)),
      m_registerButton(new QPushButton(tr("Register"), this)),
      m_deregisterButton(new QPushButton(tr("Deregister…"), this)), m_registerCommand(new QPlainTextEdit(this)),
      m_policies(new QTreeWidget(this)), m_addTracking(new QPushButton(tr("Add target tracking…"), this)),
      m_addStep(new QPushButton(tr("Add step scaling…"), this)), m_edit(new QPushButton(tr("Edit…"), this)),
      m_delete(new QPushButton(tr("Delete…"), this)), m_scheduled(new QTreeWidget(this)),
      m_addScheduled(new QPushButton(tr("Add scheduled action…"), this)),
      m_editScheduled(new QPushButton(tr("Edit…"), this)), m_deleteScheduled(new QPushButton(tr("Delete…"), this)),
      m_lists(new QTabWidget(this)), m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("serviceScalingTab"));
    m_title->setObjectName(QStringLiteral("scalingTargetTitle"));
    m_title->setTextFormat(Qt::RichText);
    m_title->setWordWrap(true);

    // The scalable target.
    m_min->setObjectName(QStringLiteral("minCapacitySpin"));
    m_max->setObjectName(QStringLiteral("maxCapacitySpin"));
    for (QSpinBox *spin : {m_min, m_max}) {
        spin->setRange(-1, 100000); // the API says what is out of range, not the spin box
        connect(spin, &QSpinBox::valueChanged, this, &ServiceScalingTab::updateRegisterCommand);
    }
    m_min->setValue(1);
    m_max->setValue(4);
    m_registerButton->setObjectName(QStringLiteral("registerTargetButton"));
    m_deregisterButton->setObjectName(QStringLiteral("deregisterTargetButton"));
    m_registerCommand->setObjectName(QStringLiteral("registerCommand"));
    m_registerCommand->setReadOnly(true);
    m_registerCommand->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *targetGroup = new QGroupBox(tr("Scalable target (the service's desired count)"), this);
    // The capacity and its buttons on the left, the command beside them: the pane is short.
    auto *capacity = new QFormLayout;
    capacity->addRow(tr("Min capacity:"), m_min);
    capacity->addRow(tr("Max capacity:"), m_max);
    auto *targetButtons = new QHBoxLayout;
    targetButtons->addWidget(m_registerButton);
    targetButtons->addWidget(m_deregisterButton);
    capacity->addRow(targetButtons);
    auto *targetLayout = new QHBoxLayout(targetGroup);
    targetLayout->addLayout(capacity);
    targetLayout->addWidget(m_registerCommand, 1);

    // Its policies.
    m_policies->setObjectName(QStringLiteral("scalingPolicies"));
    m_policies->setRootIsDecorated(false);
    m_policies->setAlternatingRowColors(true);
    m_policies->setHeaderLabels({tr("Policy"), tr("Type"), tr("Configuration"), tr("Alarms")});
    m_policies->header()->setStretchLastSection(false);
    m_policies->header()->setSectionResizeMode(ConfigurationColumn, QHeaderView::Stretch);
    m_policies->header()->resizeSection(NameColumn, 160);
    m_policies->header()->resizeSection(TypeColumn, 190);
    m_policies->header()->resizeSection(AlarmsColumn, 330);
    m_addTracking->setObjectName(QStringLiteral("addTargetTrackingButton"));
    m_addStep->setObjectName(QStringLiteral("addStepScalingButton"));
    m_edit->setObjectName(QStringLiteral("editPolicyButton"));
    m_delete->setObjectName(QStringLiteral("deletePolicyButton"));
    auto *policyButtons = new QHBoxLayout;
    for (QPushButton *b : {m_addTracking, m_addStep, m_edit, m_delete})
        policyButtons->addWidget(b);
    policyButtons->addStretch();
    auto *policyGroup = new QWidget(this);
    auto *policyLayout = new QVBoxLayout(policyGroup);
    policyLayout->addWidget(m_policies, 1);
    policyLayout->addLayout(policyButtons);

    // Its scheduled actions.
    m_scheduled->setObjectName(QStringLiteral("scheduledActions"));
    m_scheduled->setRootIsDecorated(false);
    m_scheduled->setAlternatingRowColors(true);
    m_scheduled->setHeaderLabels(
        {tr("Action"), tr("Schedule"), tr("Time zone"), tr("Start"), tr("End"), tr("Min"), tr("Max"), tr("Next run")});
    m_scheduled->header()->setStretchLastSection(true);
    m_scheduled->header()->resizeSection(ActionNameColumn, 160);
    m_scheduled->header()->resizeSection(ScheduleColumn, 200);
    m_scheduled->header()->resizeSection(TimezoneColumn, 130);
    m_scheduled->header()->resizeSection(StartColumn, 170);
    m_scheduled->header()->resizeSection(EndColumn, 170);
    m_scheduled->header()->resizeSection(MinColumn, 50);
    m_scheduled->header()->resizeSection(MaxColumn, 50);
    m_addScheduled->setObjectName(QStringLiteral("addScheduledButton"));
    m_editScheduled->setObjectName(QStringLiteral("editScheduledButton"));
    m_deleteScheduled->setObjectName(QStringLiteral("deleteScheduledButton"));
    auto *scheduledButtons = new QHBoxLayout;
    for (QPushButton *b : {m_addScheduled, m_editScheduled, m_deleteScheduled})
        scheduledButtons->addWidget(b);
    scheduledButtons->addStretch();
    auto *scheduledGroup = new QWidget(this);
    auto *scheduledLayout = new QVBoxLayout(scheduledGroup);
    scheduledLayout->addWidget(m_scheduled, 1);
    scheduledLayout->addLayout(scheduledButtons);

    m_message->setObjectName(QStringLiteral("scalingProblem"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setStyleSheet(palette::themed(QStringLiteral("color: {{error}}; font-weight: 600;")));
    m_message->setVisible(false);

    // In a scroll area: under a projector's large font the pane is short, and a command or a
    // policy list squeezed to one line is unreadable.
    const int line = fontMetrics().lineSpacing();
    m_registerCommand->setFixedHeight(6 * line + 14); // the command's six lines, no more
    m_policies->setMinimumHeight(5 * line + 16);
    m_scheduled->setMinimumHeight(4 * line + 16);
    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(6, 6, 6, 6);
    contentLayout->addWidget(m_title);
    contentLayout->addWidget(m_message);
    contentLayout->addWidget(targetGroup);
    // The policies and the scheduled actions as two tabs: the pane is short, and each list then has
    // its whole height.
    m_lists->setObjectName(QStringLiteral("scalingLists"));
    m_lists->addTab(policyGroup, tr("Scaling policies"));
    m_lists->addTab(scheduledGroup, tr("Scheduled actions"));
    contentLayout->addWidget(m_lists, 1);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("scalingScroll"));
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    connect(m_registerButton, &QPushButton::clicked, this, [this] { (void)registerTarget(); });
    connect(m_deregisterButton, &QPushButton::clicked, this, [this] { (void)deregisterTarget(); });
    connect(m_addTracking, &QPushButton::clicked, this,
            [this] { openPolicyEditor(ScalingPolicyDialog::Kind::TargetTracking); });
    connect(m_addStep, &QPushButton::clicked, this, [this] { openPolicyEditor(ScalingPolicyDialog::Kind::Step); });
    const auto editCurrent = [this] {
        if (QTreeWidgetItem *item = m_policies->currentItem()) {
            const bool step = item->text(TypeColumn) == u"StepScaling";
            openPolicyEditor(step ? ScalingPolicyDialog::Kind::Step : ScalingPolicyDialog::Kind::TargetTracking,
                             item->text(NameColumn));
        }
    };
    connect(m_edit, &QPushButton::clicked, this, editCurrent);
    connect(m_policies, &QTreeWidget::itemDoubleClicked, this, editCurrent);
    connect(m_delete, &QPushButton::clicked, this, [this] {
        if (QTreeWidgetItem *item = m_policies->currentItem())
            (void)deletePolicy(item->text(NameColumn));
    });
    connect(m_policies, &QTreeWidget::currentItemChanged, this, [this] {
        m_edit->setEnabled(m_policies->currentItem());
        m_delete->setEnabled(m_policies->currentItem());
    });
    connect(m_addScheduled, &QPushButton::clicked, this, [this] { openScheduledEditor(); });
    const auto editScheduled = [this] {
        if (QTreeWidgetItem *item = m_scheduled->currentItem())
            openScheduledEditor(item->text(ActionNameColumn));
    };
    connect(m_editScheduled, &QPushButton::clicked, this, editScheduled);
    connect(m_scheduled, &QTreeWidget::itemDoubleClicked, this, editScheduled);
    connect(m_deleteScheduled, &QPushButton::clicked, this, [this] {
        if (QTreeWidgetItem *item = m_scheduled->currentItem())
            (void)deleteScheduledAction(item->text(ActionNameColumn));
    });
    connect(m_scheduled, &QTreeWidget::currentItemChanged, this, [this] {
        m_editScheduled->setEnabled(m_scheduled->currentItem());
        m_deleteScheduled->setEnabled(m_scheduled->currentItem());
    });
    // The next runs' "in ..." age: read again every half minute while shown.
    auto *tick = new QTimer(this);
    tick->setInterval(30'000);
    connect(tick, &QTimer::timeout, this, [this] {
        if (isVisible() && !m_service.isEmpty())
            fillScheduled(m_cp.autoScaling().find(resourceId()));
    });
    tick->start();
    ChangeFeed::watch(m_cp, Changes(Change::ScalableTargets) | Change::Services, this, [this] { refresh(); });
    refresh();
}

QString ServiceScalingTab::resourceId() const
{
    return m_service.isEmpty() ? QString() : QStringLiteral("service/%1/%2").arg(m_cluster, m_service);
}

ops::TargetKey ServiceScalingTab::key() const
{
    return {autoscaling::kEcsNamespace, resourceId(), autoscaling::kDesiredCountDimension};
}

void ServiceScalingTab::setService(const QString &cluster, const QString &service)
{
    if (cluster == m_cluster && service == m_service)
        return;
    m_cluster = cluster;
    m_service = service;
    m_message->clear();
    m_message->setVisible(false);
    if (const autoscaling::ScalableTarget *t = m_service.isEmpty() ? nullptr : m_cp.autoScaling().find(resourceId())) {
        m_min->setValue(t->minCapacity);
        m_max->setValue(t->maxCapacity);
    }
    refresh();
}

void ServiceScalingTab::setEndpoint(const QString &endpoint)
{
    m_endpoint = endpoint;
    updateRegisterCommand();
}

void ServiceScalingTab::showList(int index)
{
    m_lists->setCurrentIndex(index);
}

QString ServiceScalingTab::problem() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void ServiceScalingTab::showStatus(const fd::Status &s)
{
    if (s) {
        m_message->clear();
        m_message->setVisible(false);
        return;
    }
    const fd::Error &e = s.error();
    m_message->setText(e.field.isEmpty() || e.message.startsWith(e.field)
                           ? QStringLiteral("%1: %2").arg(e.code, e.message)
                           : QStringLiteral("%1 · %2: %3").arg(e.code, e.field, e.message));
    m_message->setVisible(true);
}

void ServiceScalingTab::updateRegisterCommand()
{
    if (m_service.isEmpty()) {
        m_registerCommand->clear();
        return;
    }
    ops::TargetRegistration r;
    r.key = key();
    r.minCapacity = m_min->value();
    r.maxCapacity = m_max->value();
    m_registerCommand->setPlainText(ScalingPolicyCommand::registerText(r, m_endpoint));
}

void ServiceScalingTab::refresh()
{
    const autoscaling::ScalableTarget *t = m_service.isEmpty() ? nullptr : m_cp.autoScaling().find(resourceId());
    const std::optional<fd::Service> service =
        m_service.isEmpty() ? std::nullopt : m_cp.services().find(m_cluster, m_service);
    if (m_service.isEmpty())
        m_title->clear();
    else if (!t)
        m_title->setText(palette::themed(
            tr("<b>%1</b> is not a scalable target: its desired count stays where UpdateService puts it. Register it "
               "with a min and max capacity to add scaling policies.")
                .arg(resourceId().toHtmlEscaped())));
    else
        m_title->setText(tr("<b>%1</b> &nbsp; desired count <b>%2</b>, kept between <b>%3</b> and <b>%4</b> by "
                            "Application Auto Scaling")
                             .arg(resourceId().toHtmlEscaped())
                             .arg(service ? service->desiredCount : 0)
                             .arg(t->minCapacity)
                             .arg(t->maxCapacity));
    m_registerButton->setText(t ? tr("Update min/max") : tr("Register"));
    m_registerButton->setEnabled(!m_service.isEmpty());
    m_deregisterButton->setEnabled(t);
    m_addTracking->setEnabled(t);
    m_addStep->setEnabled(t);

    const QString selected = m_policies->currentItem() ? m_policies->currentItem()->text(NameColumn) : QString();
    m_policies->clear();
    if (t) {
        for (const autoscaling::ScalingPolicy &p : t->policies) {
            QStringList alarms;
            for (const autoscaling::AlarmRef &a : p.alarms)
                alarms << a.name;
            auto *item = new QTreeWidgetItem(
                {p.name, autoscaling::toString(p.type), configurationWords(p), alarms.join(QStringLiteral("\n"))});
            item->setToolTip(NameColumn, p.arn);
            item->setToolTip(ConfigurationColumn, item->text(ConfigurationColumn));
            item->setToolTip(AlarmsColumn,
                             alarms.isEmpty() ? tr("No alarm names this policy yet") : alarms.join(u'\n'));
            m_policies->addTopLevelItem(item);
            if (p.name == selected)
                m_policies->setCurrentItem(item);
        }
    }
    m_edit->setEnabled(m_policies->currentItem());
    m_delete->setEnabled(m_policies->currentItem());
    m_lists->setTabText(0, tr("Scaling policies (%1)").arg(m_policies->topLevelItemCount()));
    m_addScheduled->setEnabled(t);
    fillScheduled(t);
    updateRegisterCommand();
}

void ServiceScalingTab::fillScheduled(const autoscaling::ScalableTarget *t)
{
    const QString selected =
        m_scheduled->currentItem() ? m_scheduled->currentItem()->text(ActionNameColumn) : QString();
    m_scheduled->clear();
    if (t) {
        const QDateTime now = m_cp.clock().now();
        for (const autoscaling::ScheduledAction &a : t->scheduled) {
            const QString zone = a.timezone.value_or(QString());
            auto *item = new QTreeWidgetItem(
                {a.name, a.schedule, a.timezone ? zone : tr("not set (UTC)"), timeText(a.startTime),
                 timeText(a.endTime), a.minCapacity ? QString::number(*a.minCapacity) : tr("–"),
                 a.maxCapacity ? QString::number(*a.maxCapacity) : tr("–"),
                 t->suspended.scheduledScalingSuspended ? tr("suspended")
                                                        : nextRunWords(nextRunOf(a, now), zone, now)});
            item->setToolTip(ActionNameColumn, a.arn);
            item->setToolTip(NextRunColumn, item->text(NextRunColumn));
            m_scheduled->addTopLevelItem(item);
            if (a.name == selected)
                m_scheduled->setCurrentItem(item);
        }
    }
    m_editScheduled->setEnabled(m_scheduled->currentItem());
    m_deleteScheduled->setEnabled(m_scheduled->currentItem());
    m_lists->setTabText(1, tr("Scheduled actions (%1)").arg(m_scheduled->topLevelItemCount()));
}

fd::Status ServiceScalingTab::registerTarget()
{
    if (m_service.isEmpty())
        return makeError(QStringLiteral("ValidationException"), tr("No service is shown"),
                         QStringLiteral("ResourceId"));
    ops::TargetRegistration r;
    r.key = key();
    r.minCapacity = m_min->value();
    r.maxCapacity = m_max->value();
    const Result<QString> arn = m_cp.autoScaling().registerTarget(r);
    const fd::Status s = arn ? fd::Status(Ok{}) : fd::Status(arn.error());
    showStatus(s);
    refresh();
    return s;
}

fd::Status ServiceScalingTab::deregisterTarget()
{
    const QString question = tr("Deregister %1? Its scaling policies, scheduled actions and the alarms its target "
                                "tracking policies own are deleted.")
                                 .arg(resourceId());
    if (m_confirm ? !m_confirm(question)
                  : QMessageBox::question(this, tr("Deregister scalable target"), question) != QMessageBox::Yes)
        return Ok{};
    const fd::Status s = m_cp.autoScaling().deregisterTarget(key());
    showStatus(s);
    refresh();
    return s;
}

fd::Status ServiceScalingTab::deletePolicy(const QString &policyName)
{
    const QString question = tr("Delete the scaling policy %1 of %2?").arg(policyName, resourceId());
    if (m_confirm ? !m_confirm(question)
                  : QMessageBox::question(this, tr("Delete scaling policy"), question) != QMessageBox::Yes)
        return Ok{};
    const fd::Status s = m_cp.autoScaling().deletePolicy(key(), policyName);
    showStatus(s);
    refresh();
    return s;
}

ScalingPolicyDialog *ServiceScalingTab::openPolicyEditor(ScalingPolicyDialog::Kind kind, const QString &policyName)
{
    const autoscaling::ScalableTarget *t = m_service.isEmpty() ? nullptr : m_cp.autoScaling().find(resourceId());
    if (!t)
        return nullptr;
    const autoscaling::ScalingPolicy *existing = policyName.isEmpty() ? nullptr : t->policy(policyName);
    if (!policyName.isEmpty() && !existing)
        return nullptr;
    auto *dialog = new ScalingPolicyDialog(m_cp, key(), kind, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setEndpoint(m_endpoint);
    if (existing)
        dialog->editPolicy(*existing);
    dialog->setSubmitter([this](const ops::PolicyPut &r) -> fd::Status {
        Result<autoscaling::ScalingPolicy> p = m_cp.autoScaling().putPolicy(r);
        if (!p)
            return p.error();
        return Ok{};
    });
    dialog->open();
    return dialog;
}

ScheduledActionDialog *ServiceScalingTab::openScheduledEditor(const QString &actionName)
{
    const autoscaling::ScalableTarget *t = m_service.isEmpty() ? nullptr : m_cp.autoScaling().find(resourceId());
    if (!t)
        return nullptr;
    const autoscaling::ScheduledAction *existing = actionName.isEmpty() ? nullptr : t->scheduledAction(actionName);
    if (!actionName.isEmpty() && !existing)
        return nullptr;
    auto *dialog = new ScheduledActionDialog(m_cp, key(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setEndpoint(m_endpoint);
    if (existing)
        dialog->editAction(*existing);
    dialog->setSubmitter([this](const ops::ScheduledPut &r) { return m_cp.autoScaling().putScheduledAction(r); });
    dialog->open();
    return dialog;
}

fd::Status ServiceScalingTab::deleteScheduledAction(const QString &actionName)
{
    const QString question = tr("Delete the scheduled action %1 of %2?").arg(actionName, resourceId());
    if (m_confirm ? !m_confirm(question)
                  : QMessageBox::question(this, tr("Delete scheduled action"), question) != QMessageBox::Yes)
        return Ok{};
    const fd::Status s = m_cp.autoScaling().deleteScheduledAction(key(), actionName);
    showStatus(s);
    refresh();
    return s;
}

} // namespace fd::ui
