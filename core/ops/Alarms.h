#pragma once

#include "alarms/MetricAlarm.h"
#include "metrics/MetricId.h"
#include "ops/Domain.h"
#include "tags/Tag.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace fd::registries {
class AlarmRegistry;
}

namespace fd::ops {

// PutMetricAlarm: the definition with what it carries besides it.
struct AlarmPut
{
    alarms::AlarmDefinition definition;
    std::optional<QString> description;
    bool treatMissingDataGiven = false; // unset reads back unset
    tags::TagList tags;                 // at creation only (CloudWatch ignores them on an update)
    QString region;                     // of the alarm's ARN; empty: the control plane's
};

// DescribeAlarms' filters: each given one must match.
struct AlarmFilter
{
    QStringList names;
    QString namePrefix;
    std::optional<alarms::AlarmState> state;
    QString actionPrefix; // an action of any state starts with it
};

// DescribeAlarmsForMetric: the metric, and the optional parts an alarm must also have.
struct AlarmMetricFilter
{
    metrics::MetricId metric;
    std::optional<metrics::Statistic> statistic;
    QString extendedStatistic;
    std::optional<int> periodSeconds;
    std::optional<metrics::StandardUnit> unit;
};

// DescribeAlarmHistory's filters.
struct AlarmHistoryFilter
{
    QString alarmName; // empty: every alarm
    QString itemType;  // StateUpdate, ConfigurationUpdate, Action; empty: all
    std::optional<qint64> startMs;
    std::optional<qint64> endMs;
};

// CloudWatch metric alarms as state (ECS-SEMANTICS 1.8): each write is one transaction on the
// "metric-alarm" kind; tags live in the tag registry under (metric-alarm, name). Errors carry
// CloudWatch's codes (ResourceNotFound, InvalidParameterValue, InvalidFormat, ...) naming the field.
class Alarms final : public Domain
{
public:
    Alarms(ControlPlane &cp, const Registries &r, registries::AlarmRegistry &alarms) : Domain(cp, r), m_alarms(alarms)
    {}

    // PutMetricAlarm: creates the alarm in INSUFFICIENT_DATA ("Unchecked: Initial alarm creation"),
    // or replaces an existing one's whole configuration keeping its state (as CloudWatch does). A
    // ConfigurationUpdate history item either way.
    Status put(const AlarmPut &request);
    // put()'s checks without writing anything (the console's alarm wizard shows the same errors):
    // validate(definition), the description's length, the actions (at most 5 per state, each an
    // ARN), and the tags of a new alarm.
    Status check(const AlarmPut &request) const;
    // DeleteAlarms: all or none; an unknown name is ResourceNotFound naming it.
    Status remove(const QStringList &names);
    // By name.
    QList<alarms::MetricAlarm> describe(const AlarmFilter &filter = {}) const;
    QList<alarms::MetricAlarm> describeForMetric(const AlarmMetricFilter &filter) const;
    std::optional<alarms::MetricAlarm> find(const QString &name) const;
    // SetAlarmState: the given state, reason and reason data (which must be JSON: InvalidFormat),
    // committed as a transition with its StateUpdate history item. The next evaluation decides again.
    Status setState(const QString &name, alarms::AlarmState state, const QString &reason, const QString &reasonData);
    // Enable/DisableAlarmActions. Unknown names are skipped, as CloudWatch does.
    Status setActionsEnabled(const QStringList &names, bool enabled);
    // Newest first.
    QList<alarms::AlarmHistoryItem> history(const AlarmHistoryFilter &filter = {}) const;

    // For the alarm controller: stores an evaluation's outcome (a transition: state, reason, reason
    // data, timestamps and the history item; without one nothing is written) and history items of
    // actions it ran. Unknown alarm: ResourceNotFound (it was deleted meanwhile).
    Status recordEvaluation(const QString &name, const alarms::AlarmEvaluation &evaluation);
    Status recordHistory(const QString &name, const QList<alarms::AlarmHistoryItem> &items);

    // Tags (TagResource, UntagResource, ListTagsForResource) by alarm name.
    Status tag(const QString &name, const tags::TagList &tags);
    Status untag(const QString &name, const QStringList &keys);
    Result<tags::TagList> tags(const QString &name) const;

private:
    qint64 nowMs() const;

    registries::AlarmRegistry &m_alarms;
};

// The errors CloudWatch answers with.
Error alarmNotFound(const QString &name);
Error cloudWatchInvalid(const QString &field, const QString &message);

} // namespace fd::ops
