#include "GlassBoxPanel.h"

#include "ChangeFeed.h"
#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "Palette.h"
#include "alarms/AlarmEvaluator.h"
#include "controllers/AlarmController.h"
#include "ops/Alarms.h"
#include "widgets/AlarmCard.h"
#include "widgets/ScalingTargetCard.h"

#include <QLabel>
#include <QSet>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

constexpr int kTickMs = 1000;

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(QStringLiteral("<h3>%1</h3>").arg(text.toHtmlEscaped()), parent);
    label->setObjectName(QStringLiteral("glassBoxSection"));
    return label;
}

} // namespace

GlassBoxPanel::GlassBoxPanel(ConsoleContext &context, QWidget *parent)
    : QWidget(parent), m_context(context), m_content(new QVBoxLayout(this)), m_empty(new QLabel(this))
{
    setObjectName(QStringLiteral("glassBoxPanel"));
    m_content->setContentsMargins(0, 0, 0, 0);
    m_content->setSpacing(10);
    m_empty->setObjectName(QStringLiteral("glassBoxEmpty"));
    m_empty->setWordWrap(true);
    m_empty->setStyleSheet(palette::themed(QStringLiteral("color: {{hint}};")));
    m_empty->setText(tr("No alarm and no scalable target yet. Create an alarm on the Alarms page, or add a scaling "
                        "policy to a service (Services ▸ Auto scaling…); its alarms and decisions show here as they "
                        "happen."));
    m_content->addWidget(m_empty);
    m_content->addStretch();

    ChangeFeed::watch(context.controlPlane(), Changes(Change::Alarms) | Change::Services, this, [this] { refresh(); });
    connect(&context, &ConsoleContext::scalingTargetsChanged, this, &GlassBoxPanel::refresh);
    connect(&context, &ConsoleContext::alarmControllerChanged, this, &GlassBoxPanel::connectController);
    connectController();
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &GlassBoxPanel::tick);
    m_tick.start();
    refresh();
}

GlassBoxPanel::~GlassBoxPanel() = default;

void GlassBoxPanel::connectController()
{
    disconnect(m_controllerConnection);
    if (fd::AlarmController *controller = m_context.alarmController())
        m_controllerConnection =
            connect(controller, &fd::AlarmController::evaluated, this, &GlassBoxPanel::onEvaluated);
}

void GlassBoxPanel::setFocusTarget(const QString &resourceId)
{
    if (resourceId == m_focus)
        return;
    m_focus = resourceId;
    refresh();
}

AlarmCard *GlassBoxPanel::alarmCard(const QString &alarmName) const
{
    return m_alarmCards.value(alarmName);
}

ScalingTargetCard *GlassBoxPanel::targetCard(const QString &resourceId) const
{
    return m_targetCards.value(resourceId);
}

void GlassBoxPanel::onEvaluated(const QString &alarmName, const alarms::AlarmEvaluation &evaluation)
{
    m_evaluations.insert(alarmName, evaluation);
    if (AlarmCard *card = m_alarmCards.value(alarmName))
        card->setEvaluation(evaluation);
}

void GlassBoxPanel::refresh()
{
    fd::ControlPlane &cp = m_context.controlPlane();
    QList<ScalingTargetView> targets = m_context.scalingTargets();
    if (!m_focus.isEmpty())
        targets.erase(std::remove_if(targets.begin(), targets.end(),
                                     [this](const ScalingTargetView &t) { return t.panel.resourceId != m_focus; }),
                      targets.end());
    const QList<alarms::MetricAlarm> all = cp.alarms().describe();
    QSet<QString> owned;
    QStringList structure;
    for (const ScalingTargetView &t : targets) {
        structure << QStringLiteral("target:") + t.panel.resourceId;
        for (const autoscaling::PanelPolicy &policy : t.panel.policies)
            for (const autoscaling::PanelAlarm &a : policy.alarms) {
                if (owned.contains(a.name))
                    continue;
                owned.insert(a.name);
                structure << QStringLiteral("alarm:") + a.name;
            }
    }
    if (m_focus.isEmpty()) {
        structure << QStringLiteral("others");
        for (const alarms::MetricAlarm &a : all)
            if (!owned.contains(a.name()))
                structure << QStringLiteral("alarm:") + a.name();
    }
    if (structure != m_structure)
        rebuild(structure);

    const QDateTime now = cp.clock().now();
    for (const ScalingTargetView &t : targets)
        if (ScalingTargetCard *card = m_targetCards.value(t.panel.resourceId))
            card->setTarget(t, now);
    for (const alarms::MetricAlarm &a : all) {
        AlarmCard *card = m_alarmCards.value(a.name());
        if (!card)
            continue;
        card->setAlarm(a);
        if (auto it = m_evaluations.constFind(a.name()); it != m_evaluations.cend()) {
            card->setEvaluation(*it);
            continue;
        }
        // No evaluation from the controller yet: the same pure evaluation at now, for the boxes.
        Result<alarms::AlarmEvaluation> preview =
            alarms::evaluate(a.definition, a.status, cp.metricStore(), now.toMSecsSinceEpoch());
        if (preview) {
            alarms::AlarmEvaluation e = std::move(preview).value();
            e.state = a.status.state; // the badge keeps what is stored
            card->setEvaluation(e);
        }
    }
    tick();
}

void GlassBoxPanel::rebuild(const QStringList &structure)
{
    m_structure = structure;
    m_alarmCards.clear();
    m_targetCards.clear();
    while (m_content->count() > 0) {
        QLayoutItem *item = m_content->takeAt(0);
        if (item->widget() && item->widget() != m_empty)
            item->widget()->deleteLater();
        delete item;
    }
    m_content->addWidget(m_empty);
    m_empty->setVisible(structure.isEmpty() || structure == QStringList{QStringLiteral("others")});
    ScalingTargetCard *target = nullptr;
    bool others = false;
    for (const QString &entry : structure) {
        const QString name = entry.section(u':', 1);
        if (entry.startsWith(u"target:")) {
            if (!target)
                m_content->addWidget(sectionTitle(tr("Auto scaling"), this));
            target = new ScalingTargetCard(name, this);
            m_targetCards.insert(name, target);
            m_content->addWidget(target);
        } else if (entry == u"others") {
            others = true;
            target = nullptr;
        } else {
            auto *card = new AlarmCard(name, this);
            m_alarmCards.insert(name, card);
            if (target) {
                target->alarmArea()->addWidget(card);
            } else {
                if (others) {
                    m_content->addWidget(
                        sectionTitle(m_targetCards.isEmpty() ? tr("Alarms") : tr("Other alarms"), this));
                    others = false;
                }
                m_content->addWidget(card);
            }
        }
    }
    m_content->addStretch();
}

void GlassBoxPanel::tick()
{
    const QDateTime now = m_context.controlPlane().clock().now();
    const qint64 nowMs = now.toMSecsSinceEpoch();
    for (ScalingTargetCard *card : std::as_const(m_targetCards))
        if (card)
            card->updateCountdowns(now);
    const QList<alarms::MetricAlarm> all = m_context.controlPlane().alarms().describe();
    for (const alarms::MetricAlarm &a : all) {
        if (AlarmCard *card = m_alarmCards.value(a.name())) {
            const qint64 next = alarms::nextEvaluationAt(a.definition.periodSeconds, nowMs);
            card->setNextEvaluation(m_context.alarmController()
                                        ? tr("next evaluation in %1 s").arg((next - nowMs + 999) / 1000)
                                        : tr("not evaluated (alarms are off)"));
        }
    }
}

} // namespace fd::ui
