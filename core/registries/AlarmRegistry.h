#pragma once

#include "Result.h"
#include "alarms/MetricAlarm.h"
#include "state/Forward.h"

#include <QDateTime>
#include <QMap>

namespace fd::registries {

// CloudWatch metric alarms on the store's documents table (kind "metric-alarm", id = the alarm
// name), ordered by name as DescribeAlarms lists them. It owns its memory and changes only through
// a transaction: stage() writes at commit and patches memory after.
class AlarmRegistry final
{
public:
    Status load(const Store &store);

    const QMap<QString, alarms::MetricAlarm> &all() const { return m_alarms; }
    const alarms::MetricAlarm *find(const QString &name) const;

    void stage(state::Transaction &tx, const alarms::MetricAlarm &alarm, const QDateTime &createdAt);
    void stageRemoval(state::Transaction &tx, const QString &name);

    // The history kept of deleted alarms (kind "metric-alarm-history"), by name, newest first.
    const QMap<QString, QList<alarms::AlarmHistoryItem>> &deletedHistory() const { return m_deletedHistory; }
    // Replaces the kept history of `name`; an empty list removes it.
    void stageDeletedHistory(state::Transaction &tx, const QString &name, const QList<alarms::AlarmHistoryItem> &items,
                             const QDateTime &now);

private:
    QMap<QString, alarms::MetricAlarm> m_alarms; // by name
    QMap<QString, QList<alarms::AlarmHistoryItem>> m_deletedHistory;
};

} // namespace fd::registries
