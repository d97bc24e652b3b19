#pragma once

#include "Page.h"

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTableWidget;

namespace fd::ui {

class AlarmTableModel;

/**
 * The Alarms page: the CloudWatch metric alarms with their state as a badge (OK, ALARM,
 * INSUFFICIENT_DATA), metric, condition in words, last state change and its reason; for the
 * selected one its configuration and history (StateUpdate, Action and ConfigurationUpdate items,
 * newest first). Create alarm… opens the wizard (CreateAlarmDialog); Enable / Disable actions,
 * Set state… (a drill: SetAlarmState) and Delete… (asks first) act on the selected alarm;
 * Glass box shows the alarms' M-of-N boxes at work.
 */
class AlarmsView final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlarmsView)

public:
    static inline const QString kPageKey = QStringLiteral("alarms"); ///< item: an alarm name

    explicit AlarmsView(ConsoleContext &context, QWidget *parent = nullptr);

    QString pageKey() const override { return kPageKey; }
    QString title() const override;
    QString toolTip(const QString &key) const override;
    void showKey(const QString &key) override;
    bool selectItem(const QString &item) override;

    AlarmTableModel *model() const { return m_model; }
    /// The name of the selected alarm; empty when none.
    QString currentName() const;

public slots:
    /// The alarm wizard; selects what it created.
    void createAlarm();
    void enableActions();
    void disableActions();
    /// Asks for a state and reason, then SetAlarmState.
    void setState();
    /// Asks, then deletes the selected alarm.
    void deleteAlarm();

private:
    void updateSelection();
    void showDetail(const QString &name);
    void setHint(const QString &text, bool error = false);

    AlarmTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLabel *m_detail;
    QTableWidget *m_history;
    QLabel *m_hint;
    QPushButton *m_createButton;
    QPushButton *m_glassBoxButton;
    QPushButton *m_enableButton;
    QPushButton *m_disableButton;
    QPushButton *m_setStateButton;
    QPushButton *m_deleteButton;
};

} // namespace fd::ui
