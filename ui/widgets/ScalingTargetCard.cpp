#include "ScalingTargetCard.h"

#include "Palette.h"

#include <QLabel>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

QLabel *richLabel(const char *name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString time(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("HH:mm:ss"));
}

} // namespace

ScalingTargetCard::ScalingTargetCard(const QString &resourceId, QWidget *parent)
    : QFrame(parent), m_resourceId(resourceId), m_title(richLabel("scalingTitle", this)), m_banners(new QVBoxLayout),
      m_next(richLabel("nextDesiredLabel", this)), m_cooldowns(richLabel("cooldownLabel", this)),
      m_last(richLabel("lastDecisionLabel", this)), m_policies(richLabel("policiesLabel", this)),
      m_activities(richLabel("activitiesLabel", this)), m_alarmArea(new QVBoxLayout)
{
    setObjectName(QStringLiteral("scalingTargetCard:") + resourceId);
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(palette::themed(QStringLiteral("fd--ui--ScalingTargetCard { background: {{panelBox}}; border: 1px "
                                                 "solid {{panelBorder}}; border-radius: 8px; }")));
    QFont big = m_next->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    m_next->setFont(big);
    m_banners->setSpacing(4);
    m_alarmArea->setSpacing(8);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 12, 14, 12);
    layout->setSpacing(6);
    layout->addWidget(m_title);
    layout->addLayout(m_banners);
    layout->addWidget(m_next);
    layout->addWidget(m_cooldowns);
    layout->addWidget(m_last);
    layout->addWidget(m_policies);
    layout->addLayout(m_alarmArea);
    layout->addWidget(m_activities);
}

QString ScalingTargetCard::countdown(const QDateTime &now, const QDateTime &end)
{
    if (!end.isValid() || end <= now)
        return {};
    const qint64 s = (now.msecsTo(end) + 999) / 1000;
    return s < 60 ? QStringLiteral("%1 s").arg(s)
                  : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

void ScalingTargetCard::setTarget(const ScalingTargetView &target, const QDateTime &now)
{
    m_target = target;
    const autoscaling::TargetPanel &p = target.panel;
    m_title->setText(tr("<span style='font-size:x-large; font-weight:600'>%1</span> &nbsp; cluster %2 · desired "
                        "<b>%3</b> · min %4 · max %5")
                         .arg(p.service.toHtmlEscaped(), p.cluster.toHtmlEscaped())
                         .arg(p.currentDesired)
                         .arg(p.minCapacity)
                         .arg(p.maxCapacity));

    while (QLayoutItem *item = m_banners->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const QString &banner : p.banners) {
        auto *label = new QLabel(banner, this);
        label->setObjectName(QStringLiteral("scalingBanner"));
        label->setWordWrap(true);
        label->setStyleSheet(palette::themed(
            QStringLiteral("QLabel { color: {{warningText}}; background: {{waitBox}}; border: 1px solid "
                           "{{caveatBorder}}; border-radius: 4px; padding: 6px 10px; font-weight: 600; }")));
        m_banners->addWidget(label);
    }

    const QString change = p.nextDesired == p.currentDesired
                               ? tr("stays at <b>%1</b>").arg(p.nextDesired)
                               : tr("<b>%1 → %2</b>").arg(p.currentDesired).arg(p.nextDesired);
    m_next->setText(
        tr("Next desired count: %1<br><span style='font-size:medium'>%2</span>")
            .arg(change, p.nextReason.isEmpty() ? tr("no policy's alarm is in ALARM") : p.nextReason.toHtmlEscaped()));
    m_last->setText(
        p.lastOutcome.isEmpty()
            ? palette::themed(tr("<span style='color:{{hint}}'>No scaling decision yet.</span>"))
            : tr("Last decision at %1: <b>%2</b> — %3")
                  .arg(time(p.lastDecisionAt), p.lastOutcome.toHtmlEscaped(), p.lastReason.toHtmlEscaped()));

    QStringList policies;
    for (const autoscaling::PanelPolicy &policy : p.policies) {
        QString line =
            tr("<b>%1</b> (%2): %3").arg(policy.name.toHtmlEscaped(), policy.type, policy.summary.toHtmlEscaped());
        if (!policy.proposal.isEmpty())
            line += tr("<br>&nbsp;&nbsp;→ proposes: %1").arg(policy.proposal.toHtmlEscaped());
        policies << line;
    }
    m_policies->setText(policies.isEmpty() ? tr("No scaling policy.") : policies.join(QStringLiteral("<br>")));

    QStringList activities;
    for (qsizetype i = 0; i < target.activities.size() && i < 5; ++i) {
        const autoscaling::ScalingActivity &a = target.activities[i];
        activities << tr("%1 <b>%2</b> — %3 <span style='color:%4'>(%5)</span>")
                          .arg(time(a.startTime), a.statusCode.toHtmlEscaped(),
                               (a.statusMessage.isEmpty() ? a.description : a.statusMessage).toHtmlEscaped(),
                               palette::Secondary.name(), a.cause.toHtmlEscaped());
    }
    m_activities->setText(activities.isEmpty()
                              ? palette::themed(tr("<span style='color:{{hint}}'>No scaling "
                                                   "activity yet.</span>"))
                              : tr("<b>Recent scaling activities</b><br>") + activities.join(QStringLiteral("<br>")));
    updateCountdowns(now);
}

void ScalingTargetCard::updateCountdowns(const QDateTime &now)
{
    const autoscaling::TargetPanel &p = m_target.panel;
    QStringList parts;
    if (const QString out = countdown(now, p.scaleOutCooldownEnds); !out.isEmpty())
        parts << tr("scale-out cooldown: <b>%1</b> left (until %2)").arg(out, time(p.scaleOutCooldownEnds));
    if (const QString in = countdown(now, p.scaleInCooldownEnds); !in.isEmpty())
        parts << tr("scale-in cooldown: <b>%1</b> left (until %2)").arg(in, time(p.scaleInCooldownEnds));
    m_cooldowns->setText(parts.isEmpty() ? tr("No cooldown running.") : parts.join(QStringLiteral(" · ")));
}

QStringList ScalingTargetCard::banners() const
{
    return m_target.panel.banners;
}

QString ScalingTargetCard::nextText() const
{
    return m_next->text();
}

QString ScalingTargetCard::cooldownText() const
{
    return m_cooldowns->text();
}

} // namespace fd::ui
