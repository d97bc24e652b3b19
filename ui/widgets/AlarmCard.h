#pragma once

#include "alarms/AlarmEvaluation.h"
#include "alarms/MetricAlarm.h"

#include <QFrame>

#include <optional>

class QLabel;
class QVBoxLayout;

namespace fd::ui {

class AlarmWindowBoxes;

/**
 * One alarm in the glass-box panel: its name and state badge, the condition in words, the
 * threshold against the latest value, the M-of-N boxes of its last evaluation (AlarmWindowBoxes),
 * the missing-data treatment, when it is evaluated next, and the StateReason of its last
 * transition. A slot under the boxes takes a metric chart (setChart(); the charts branch wires it).
 */
class AlarmCard final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlarmCard)

public:
    explicit AlarmCard(const QString &alarmName, QWidget *parent = nullptr);

    QString alarmName() const { return m_name; }
    /// The alarm as stored: definition, state, reason.
    void setAlarm(const alarms::MetricAlarm &alarm);
    /// An evaluation of it (the alarm controller's, or a preview at now): boxes, latest value, state.
    void setEvaluation(const alarms::AlarmEvaluation &evaluation);
    /// "next evaluation in 23 s" (empty hides it).
    void setNextEvaluation(const QString &text);
    /// Puts `chart` in the slot under the boxes (the card takes it); null empties the slot.
    void setChart(QWidget *chart);

    AlarmWindowBoxes *boxes() const { return m_boxes; }
    std::optional<alarms::AlarmState> shownState() const { return m_state; }
    QString valuesText() const;

private:
    void updateHeader();

    QString m_name;
    std::optional<alarms::MetricAlarm> m_alarm;
    std::optional<alarms::AlarmState> m_state;
    QLabel *m_title;
    QLabel *m_condition;
    QLabel *m_values;
    AlarmWindowBoxes *m_boxes;
    QLabel *m_treatment;
    QLabel *m_next;
    QLabel *m_reason;
    QVBoxLayout *m_chartSlot;
};

} // namespace fd::ui
