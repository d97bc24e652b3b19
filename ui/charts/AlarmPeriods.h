#pragma once

#include "alarms/MetricAlarm.h"
#include "charts/MetricChart.h"

#include <QList>

namespace fd::ui {

/**
 * The periods `alarm` was in ALARM, oldest first, read from its StateUpdate history items (each
 * item's historyData names oldState and newState): a period starts at a transition into ALARM and
 * ends at the next transition out of it; one still open ends at `nowMs`. When the oldest kept item
 * leaves ALARM (the history is bounded), that period starts at 0 (before any window).
 * Example: OK->ALARM at 10:00, ALARM->OK at 10:05, OK->ALARM at 10:20, now 10:30:
 * [10:00, 10:05) and [10:20, 10:30).
 */
QList<MetricChart::Period> alarmPeriods(const fd::alarms::MetricAlarm &alarm, qint64 nowMs);

} // namespace fd::ui
