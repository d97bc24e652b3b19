#pragma once

#include "alarms/AlarmTypes.h"

#include <QString>
#include <QtGlobal>

#include <optional>
#include <vector>

namespace fd::alarms {

/// CloudWatch's StateReason for an alarm that has not been evaluated yet.
inline const QString kInitialStateReason = QStringLiteral("Unchecked: Initial alarm creation");

/// What the owner keeps per alarm between evaluations.
struct AlarmStatus
{
    AlarmState state = AlarmState::InsufficientData;
    QString reason = kInitialStateReason;
    QString reasonData; ///< StateReasonData JSON; empty before the first evaluation
};

/// One period of the evaluation range, for StateReason and for the console's M-of-N boxes.
struct WindowSlot
{
    qint64 timestampMs = 0; ///< the period's start
    std::optional<double> value;
    std::optional<double> sampleCount;
    std::optional<bool> breaching; ///< nullopt: missing
    bool evaluated = false;        ///< one of the N datapoints the decision used
    bool filled = false;           ///< missing, and counted as the treatment says
};

/// A DescribeAlarmHistory item of type StateUpdate.
struct AlarmHistoryItem
{
    QString alarmName;
    qint64 timestampMs = 0;
    QString historyItemType = QStringLiteral("StateUpdate");
    QString historySummary; ///< "Alarm updated from OK to ALARM"
    QString historyData;    ///< {"version":"1.0","oldState":{...},"newState":{...}}
};

/// One evaluation's outcome. The owner stores state, reason and reasonData when `transitioned`
/// (CloudWatch keeps the reason of the last transition), appends `history`, and runs the actions
/// actionsToRun() names.
struct AlarmEvaluation
{
    AlarmState previous = AlarmState::InsufficientData;
    AlarmState state = AlarmState::InsufficientData;
    QString reason;
    QString reasonData;
    bool transitioned = false;
    std::optional<AlarmHistoryItem> history; ///< set when transitioned
    std::vector<WindowSlot> window;          ///< the evaluation range, oldest first
    qint64 queryMs = 0;
};

} // namespace fd::alarms
