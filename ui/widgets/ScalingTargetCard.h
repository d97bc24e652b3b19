#pragma once

#include "models/ScalingTargetView.h"

#include <QDateTime>
#include <QFrame>

class QLabel;
class QVBoxLayout;

namespace fd::ui {

/**
 * The auto-scaling half of the glass-box panel for one scalable target: the service with its
 * desired count and min/max, the banners that hold a change back ("scale-in suspended: deployment
 * in progress", "scale in needs all policies"), the next desired count and why, the cooldown
 * countdowns, the last decision, each policy with what it proposes now (a target tracking
 * calculation, a step policy's matched step), and the recent scaling activities. The panel puts
 * the policies' alarm cards into alarmArea().
 */
class ScalingTargetCard final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScalingTargetCard)

public:
    explicit ScalingTargetCard(const QString &resourceId, QWidget *parent = nullptr);

    QString resourceId() const { return m_resourceId; }
    void setTarget(const ScalingTargetView &target, const QDateTime &now);
    /// Re-words the cooldown countdowns at `now` (the panel calls it every second).
    void updateCountdowns(const QDateTime &now);
    QVBoxLayout *alarmArea() const { return m_alarmArea; }

    /// The banners shown, in order.
    QStringList banners() const;
    QString nextText() const;
    QString cooldownText() const;

    /// "2:13" / "45 s" until `end` from `now`; empty when it has passed.
    static QString countdown(const QDateTime &now, const QDateTime &end);

private:
    QString m_resourceId;
    ScalingTargetView m_target;
    QLabel *m_title;
    QVBoxLayout *m_banners;
    QLabel *m_next;
    QLabel *m_cooldowns;
    QLabel *m_last;
    QLabel *m_policies;
    QLabel *m_activities;
    QVBoxLayout *m_alarmArea;
};

} // namespace fd::ui
