#pragma once

#include "autoscaling/ScalableTarget.h"
#include "autoscaling/ScalingPanel.h"

#include <QList>

namespace fd::ui {

/// What the glass-box panel shows of one scalable target: the auto-scaling controller's panel
/// value (policies and their alarms, last decision, cooldowns, next desired count and why, banners)
/// and the target's recent scaling activities, newest first.
struct ScalingTargetView
{
    autoscaling::TargetPanel panel;
    QList<autoscaling::ScalingActivity> activities;
};

} // namespace fd::ui
