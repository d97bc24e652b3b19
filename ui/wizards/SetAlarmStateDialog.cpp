#include "SetAlarmStateDialog.h"

#include "Palette.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace fd::ui {

SetAlarmStateDialog::SetAlarmStateDialog(const QString &alarmName, alarms::AlarmState current, QWidget *parent)
    : QDialog(parent), m_state(new QComboBox(this)), m_reason(new QLineEdit(this))
{
    setObjectName(QStringLiteral("setAlarmStateDialog"));
    setWindowTitle(tr("Set alarm state"));
    using S = alarms::AlarmState;
    for (S s : {S::Alarm, S::Ok, S::InsufficientData})
        m_state->addItem(alarms::toString(s), int(s));
    m_state->setObjectName(QStringLiteral("alarmStateCombo"));
    m_state->setCurrentIndex(current == S::Alarm ? 1 : 0);
    m_reason->setObjectName(QStringLiteral("stateReasonEdit"));
    m_reason->setText(tr("Drill: set from the console"));
    m_reason->setMaxLength(1023);
    auto *hint = new QLabel(tr("The alarm runs the new state's actions now; its next evaluation decides again from the "
                               "metric (SetAlarmState)."),
                            this);
    hint->setWordWrap(true);
    hint->setStyleSheet(palette::themed(QStringLiteral("color: {{hint}};")));
    auto *form = new QFormLayout;
    form->addRow(tr("Alarm:"), new QLabel(QStringLiteral("<b>%1</b>").arg(alarmName.toHtmlEscaped()), this));
    form->addRow(tr("New state:"), m_state);
    form->addRow(tr("Reason:"), m_reason);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Set state"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("setStateButton"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(520, 200);
}

alarms::AlarmState SetAlarmStateDialog::state() const
{
    return alarms::AlarmState(m_state->currentData().toInt());
}

QString SetAlarmStateDialog::reason() const
{
    return m_reason->text();
}

} // namespace fd::ui
