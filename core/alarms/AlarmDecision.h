#pragma once

#include "alarms/AlarmTypes.h"

#include <optional>
#include <vector>

namespace fd::alarms {

/// How a decision came about; it picks the StateReason's wording.
enum class DecisionKind {
    Datapoints,   ///< "Threshold Crossed: K out of the last N datapoints [...]" (perhaps with filled ones)
    NoData,       ///< no datapoint at all, missing ones treated as breaching or not breaching
    Insufficient, ///< "Insufficient Data: U datapoints were unknown."
    Retained,     ///< ignore: the state stays as it is
};

struct AlarmDecision
{
    AlarmState state = AlarmState::InsufficientData;
    DecisionKind kind = DecisionKind::Datapoints;
    std::vector<int> evaluated; ///< indices into the range, oldest first: N of them
    int filled = 0;             ///< evaluated slots that were missing and filled by the treatment
};

/// R, the evaluation range: how many recent periods are read for an alarm of N periods. The
/// docs' tables read 5 for N = 3 [doc]; Fleetdeck reads N + 2 [derived].
int evaluationRange(int evaluationPeriods);

/**
 * The next state from the evaluation range, oldest first: each slot breaching (true), not
 * breaching (false) or missing (nullopt). CloudWatch's rules (CW-UG "How alarm state is evaluated
 * when data is missing"):
 * - at least N real datapoints: the N most recent real ones are evaluated; M or more breaching
 *   is ALARM, else OK; the treatment of missing data plays no part;
 * - none: missing -> INSUFFICIENT_DATA, ignore -> the current state, breaching -> ALARM,
 *   notBreaching -> OK;
 * - some (fewer than N): all real ones plus as few missing ones as needed (the newest) make N.
 *   breaching / notBreaching fill them and count. missing / ignore leave them unknown: M breaching
 *   real ones -> ALARM; else any non-breaching real one -> OK; else (only breaching, too few)
 *   ignore keeps the state, and missing gives ALARM when the oldest evaluated datapoint is real
 *   (the metric stopped: its last data is re-evaluated) and INSUFFICIENT_DATA when it is not.
 * This reproduces every row of both tables in the docs (TestAlarmEvaluator checks them).
 */
AlarmDecision decide(const std::vector<std::optional<bool>> &range, int m, int n, TreatMissingData treatment,
                     AlarmState current);

} // namespace fd::alarms
