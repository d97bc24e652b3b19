#pragma once

#include "alarms/AlarmTypes.h"

#include <QDialog>

class QComboBox;
class QLineEdit;

namespace fd::ui {

/**
 * SetAlarmState for drills: the state to put an alarm in and the reason to record. The alarm runs
 * the new state's actions, and its next evaluation decides again (as CloudWatch's does). The
 * caller submits state() and reason() to cp.alarms().setState().
 */
class SetAlarmStateDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SetAlarmStateDialog)

public:
    SetAlarmStateDialog(const QString &alarmName, alarms::AlarmState current, QWidget *parent = nullptr);

    alarms::AlarmState state() const;
    QString reason() const;

private:
    QComboBox *m_state;
    QLineEdit *m_reason;
};

} // namespace fd::ui
