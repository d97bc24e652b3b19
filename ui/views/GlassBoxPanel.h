#pragma once

#include "alarms/AlarmEvaluation.h"

#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace fd::ui {

class AlarmCard;
class ConsoleContext;
class ScalingTargetCard;

/**
 * The glass-box panel: the mechanism of alarms and auto scaling as it runs. For each scalable
 * target (ConsoleContext::scalingTargets()) a ScalingTargetCard with the AlarmCards of its
 * policies' alarms inside; then every other alarm's card. An alarm card's M-of-N boxes come from
 * AlarmController::evaluated as each evaluation happens; until the first one arrives, the panel
 * previews the evaluation at the control plane's now with the same pure alarms::evaluate() (the
 * badge keeps the stored state). Countdowns (next evaluation, cooldowns) tick every second on the
 * control plane's clock.
 *
 * setFocus(resourceId) shows one target only (the service's glass box); empty shows everything.
 */
class GlassBoxPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GlassBoxPanel)

public:
    explicit GlassBoxPanel(ConsoleContext &context, QWidget *parent = nullptr);
    ~GlassBoxPanel() override;

    void setFocusTarget(const QString &resourceId);
    QString focusTarget() const { return m_focus; }

    AlarmCard *alarmCard(const QString &alarmName) const;
    ScalingTargetCard *targetCard(const QString &resourceId) const;

public slots:
    /// Re-reads the alarms and the scalable targets.
    void refresh();

private:
    void onEvaluated(const QString &alarmName, const fd::alarms::AlarmEvaluation &evaluation);
    void connectController();
    void rebuild(const QStringList &structure);
    void tick();

    ConsoleContext &m_context;
    QString m_focus;
    QVBoxLayout *m_content;
    QLabel *m_empty;
    QTimer m_tick;
    QStringList m_structure; // what the layout was built for
    QHash<QString, QPointer<AlarmCard>> m_alarmCards;
    QHash<QString, QPointer<ScalingTargetCard>> m_targetCards;
    QHash<QString, alarms::AlarmEvaluation> m_evaluations; // by alarm: the controller's last
    QMetaObject::Connection m_controllerConnection;
};

} // namespace fd::ui
