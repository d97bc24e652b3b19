#pragma once

#include "Result.h"
#include "alarms/AlarmDefinition.h"
#include "alarms/AlarmEvaluation.h"

#include <QtGlobal>

namespace fd::metrics {
class MetricStore;
}

// Evaluating a metric alarm: a pure function of (definition, current status, metric store, now).
// No timers here: the owner calls evaluate() at nextEvaluationAt() on the control plane's clock.
namespace fd::alarms {

/// How often CloudWatch evaluates an alarm: every 10 s for 10 s and 30 s periods, else every minute.
qint64 evaluationIntervalMs(int periodSeconds);
/// The next evaluation instant after `nowMs`: the next multiple of the interval.
qint64 nextEvaluationAt(int periodSeconds, qint64 nowMs);

/**
 * Evaluates `alarm` at `nowMs`. The range read is the evaluationRange(N) most recent whole periods
 * ending at `nowMs` rounded down to the minute (to the period for 10 s and 30 s periods); each
 * period's statistic from `store` is breaching, not breaching or missing (no data; for a
 * percentile, also no percentile), and decide() gives the next state. Returns the new state with
 * CloudWatch's StateReason and StateReasonData, whether it is a transition, and the history item
 * of a transition. A "retained" decision (ignore) is no transition and keeps the current reason.
 * Errors: an alarm that validate() refuses.
 *
 * Anchor (CW-UG): 3 of 3 at 60 s, breaching from 12:00: 12:01 and 12:02 INSUFFICIENT_DATA, 12:03
 * ALARM "Threshold Crossed: 3 out of the last 3 datapoints [...]"; one non-breaching minute in the
 * window gives OK.
 */
Result<AlarmEvaluation> evaluate(const AlarmDefinition &alarm, const AlarmStatus &current,
                                 const metrics::MetricStore &store, qint64 nowMs);

} // namespace fd::alarms
