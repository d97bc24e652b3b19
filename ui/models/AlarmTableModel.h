#pragma once

#include "ColumnTableModel.h"
#include "alarms/MetricAlarm.h"

#include <optional>

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/**
 * The CloudWatch metric alarms (cp.alarms()), one row each keyed by name: state (a badge:
 * OK green, ALARM red, INSUFFICIENT_DATA grey; StatusRole AlarmText::badgeKey()), condition in
 * words, last state change, its reason, metric, whether actions are enabled. Follows the
 * ChangeFeed's alarm changes, coalesced and merged by key like the other entity tables.
 */
class AlarmTableModel final : public ColumnTableModel<alarms::MetricAlarm>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlarmTableModel)

public:
    enum Column {
        NameColumn,
        StateColumn,
        ConditionColumn, ///< "CPUUtilization > 50 for 3 datapoints within 3 minutes"
        ChangedColumn,   ///< the last state transition
        ReasonColumn,
        MetricColumn,
        ActionsColumn,
        ColumnCount
    };

    explicit AlarmTableModel(fd::ControlPlane &cp, QObject *parent = nullptr);

    void refresh() override;
    /// The row of the alarm with this name, or -1.
    int rowOf(const QString &name) const;
    std::optional<alarms::MetricAlarm> rowAt(int row) const;

private:
    void defineColumns();
    fd::ControlPlane &m_cp;
};

} // namespace fd::ui
