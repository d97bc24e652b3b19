#pragma once

#include "alarms/AlarmDecision.h"
#include "alarms/AlarmDefinition.h"
#include "alarms/AlarmEvaluation.h"

#include <QString>

#include <vector>

// CloudWatch's wording for alarm states, from real StateReason, StateReasonData and
// DescribeAlarmHistory output ([obs] in ECS-SEMANTICS 1.8).
namespace fd::alarms {

/// A number as CloudWatch writes it (Java's Double.toString): 7.0, 8.89, 0.017077552154660225, 1.0E7.
QString reasonNumber(double v);
/// A datapoint's time in StateReason: "14/07/21 23:18:00" (UTC).
QString reasonTime(qint64 ms);
/// A time in StateReasonData and history: "2021-07-14T23:20:50.708+0000" (UTC).
QString reasonDataTime(qint64 ms);

/**
 * StateReason for a decision over `window` (oldest first, as decide() saw it). Examples:
 * - "Threshold Crossed: 3 out of the last 3 datapoints [8.89 (14/07/21 23:18:00), 9.72 (14/07/21
 *   23:17:00), 9.18 (14/07/21 23:16:00)] were greater than or equal to the threshold (7.0)
 *   (minimum 3 datapoints for OK -> ALARM transition)." (DatapointsToAlarm set; the datapoints
 *   listed are the breaching ones for ALARM, the others for OK, newest first; OK's minimum is
 *   N - M + 1 "for ALARM -> OK transition")
 * - "Threshold Crossed: 1 datapoint [0.0 (07/04/23 09:08:00)] was not greater than or equal to the
 *   threshold (1.0)." (DatapointsToAlarm not set)
 * - "... and 2 missing datapoints were treated as [Breaching]" before the minimum clause when the
 *   treatment filled some;
 * - "Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were
 *   treated as [NonBreaching]."
 * - "Insufficient Data: 5 datapoints were unknown."
 */
QString stateReason(const AlarmDefinition &alarm, const AlarmDecision &decision, const std::vector<WindowSlot> &window);

/**
 * StateReasonData as CloudWatch writes it: {"version":"1.0","queryDate":...,"startDate":... (the
 * oldest evaluated datapoint, when there is one),"unit":... (when the alarm has one),"statistic":
 * ... (the percentile's name for an extended statistic [derived]),"period":60,"recentDatapoints":
 * [evaluated values, oldest first],"threshold":7.0,"evaluatedDatapoints":[{"timestamp":...,
 * "sampleCount":1.0,"value":8.89}, ... newest first; a missing one has only its timestamp]}.
 */
QString stateReasonData(const AlarmDefinition &alarm, const std::vector<WindowSlot> &window, qint64 queryMs);

/// The StateUpdate history item of a transition: HistorySummary "Alarm updated from OK to ALARM",
/// HistoryData {"version":"1.0","oldState":{stateValue, stateReason[, stateReasonData]},"newState":{...}}.
AlarmHistoryItem transitionHistory(const QString &alarmName, const AlarmStatus &before, const AlarmStatus &after,
                                   qint64 nowMs);

} // namespace fd::alarms
