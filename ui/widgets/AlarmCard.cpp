#include "AlarmCard.h"

#include "Palette.h"
#include "models/AlarmText.h"
#include "widgets/AlarmWindowBoxes.h"
#include "widgets/StatusBadgeDelegate.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

QLabel *textLabel(const char *name, QWidget *parent, bool wrap = true)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(wrap);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

AlarmCard::AlarmCard(const QString &alarmName, QWidget *parent)
    : QFrame(parent), m_name(alarmName), m_title(textLabel("alarmCardTitle", this, false)),
      m_condition(textLabel("alarmCardCondition", this)), m_values(textLabel("alarmCardValues", this)),
      m_boxes(new AlarmWindowBoxes(this)), m_treatment(textLabel("alarmCardTreatment", this)),
      m_next(textLabel("alarmCardNext", this, false)), m_reason(textLabel("alarmCardReason", this)),
      m_chartSlot(new QVBoxLayout)
{
    setObjectName(QStringLiteral("alarmCard:") + alarmName);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setStyleSheet(palette::themed(QStringLiteral("fd--ui--AlarmCard { background: {{paper}}; border: 1px solid "
                                                 "{{cardBorder}}; border-radius: 6px; }")));
    m_title->setTextFormat(Qt::RichText);
    QFont big = m_condition->font();
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_condition->setFont(big);
    m_treatment->setStyleSheet(palette::themed(QStringLiteral("color: {{secondary}};")));
    m_next->setStyleSheet(palette::themed(QStringLiteral("color: {{secondary}};")));
    m_reason->setStyleSheet(palette::themed(QStringLiteral("color: {{secondary}};")));
    m_chartSlot->setContentsMargins(0, 0, 0, 0);

    auto *top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_next);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_condition);
    layout->addWidget(m_values);
    layout->addWidget(m_boxes);
    layout->addLayout(m_chartSlot);
    layout->addWidget(m_treatment);
    layout->addWidget(m_reason);
    updateHeader();
}

void AlarmCard::setAlarm(const alarms::MetricAlarm &alarm)
{
    const bool stateChanged = !m_alarm || m_alarm->stateUpdatedMs != alarm.stateUpdatedMs;
    m_alarm = alarm;
    if (stateChanged || !m_state)
        m_state = alarm.status.state;
    m_condition->setText(AlarmText::condition(alarm.definition));
    m_treatment->setText(AlarmText::treatment(alarm.definition.treatMissingData));
    m_reason->setText(tr("Last transition: %1").arg(alarm.status.reason));
    updateHeader();
}

void AlarmCard::setEvaluation(const alarms::AlarmEvaluation &evaluation)
{
    if (!m_alarm)
        return;
    m_state = evaluation.state;
    m_boxes->setEvaluation(m_alarm->definition, evaluation);
    std::optional<double> latest;
    for (const alarms::WindowSlot &s : evaluation.window)
        if (s.value)
            latest = s.value;
    const alarms::AlarmDefinition &d = m_alarm->definition;
    m_values->setText(tr("threshold <b>%1</b> · latest %2 <b>%3</b> (%4 per %5)")
                          .arg(AlarmText::number(d.threshold), d.metric.metricName,
                               latest ? AlarmText::value(*latest) : tr("no data"), d.statisticName(),
                               AlarmText::span(d.periodSeconds)));
    updateHeader();
}

QString AlarmCard::valuesText() const
{
    return m_values->text();
}

void AlarmCard::setNextEvaluation(const QString &text)
{
    m_next->setText(text);
    m_next->setVisible(!text.isEmpty());
}

void AlarmCard::setChart(QWidget *chart)
{
    while (QLayoutItem *item = m_chartSlot->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    if (chart)
        m_chartSlot->addWidget(chart);
}

void AlarmCard::updateHeader()
{
    const alarms::AlarmState state = m_state.value_or(alarms::AlarmState::InsufficientData);
    m_title->setText(QStringLiteral("<span style='font-size:large; font-weight:600'>%1</span>&nbsp;&nbsp;%2")
                         .arg(m_name.toHtmlEscaped(),
                              StatusBadgeDelegate::html(AlarmText::badgeKey(state), alarms::toString(state))));
    if (m_values->text().isEmpty() && m_alarm)
        m_values->setText(
            tr("threshold <b>%1</b> · not evaluated yet").arg(AlarmText::number(m_alarm->definition.threshold)));
}

} // namespace fd::ui
