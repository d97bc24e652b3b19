#pragma once

#include "services/DeploymentMath.h"

#include <QString>
#include <QWidget>

namespace fd::ui {

/**
 * The batches of a rolling deployment, drawn for a projector: one row per batch of
 * services::planRollout(), each a line of task chips — the old revision's in slate blue, the new
 * revision's in green — with the chips the batch starts marked "+" and the ones it stops left as
 * dashed ghosts marked "×". Each row ends with the tasks running after it; the row at the peak and
 * the one at the fewest healthy tasks are tagged with the bounds they meet ("peak 8 = max 8").
 * A plan that cannot move draws the tasks as they stay, crossed by the reason.
 *
 * Pure view: it holds the plan it is given and paints it; no domain logic beyond reading it.
 */
class RolloutDiagram final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RolloutDiagram)

public:
    explicit RolloutDiagram(QWidget *parent = nullptr);

    /// `oldRunning` tasks of `oldLabel` ("web:3") replaced by `desired` of `newLabel` ("web:4").
    void setPlan(const fd::services::RolloutPlan &plan, int oldRunning, int desired,
                 const fd::services::DeploymentBounds &bounds, const QString &oldLabel, const QString &newLabel);
    const fd::services::RolloutPlan &plan() const { return m_plan; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return false; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int visibleRows() const;

    fd::services::RolloutPlan m_plan;
    fd::services::DeploymentBounds m_bounds;
    int m_oldRunning = 0;
    int m_desired = 0;
    QString m_oldLabel;
    QString m_newLabel;
};

} // namespace fd::ui
