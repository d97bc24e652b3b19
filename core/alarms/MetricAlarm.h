#pragma once

#include "Result.h"
#include "alarms/AlarmDefinition.h"
#include "alarms/AlarmEvaluation.h"

#include <QList>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace fd::alarms {

/// The history items an alarm keeps (newest first): CloudWatch's DescribeAlarmHistory answers per
/// alarm; Fleetdeck bounds it to the newest 100 so a flapping alarm cannot grow its document.
inline constexpr int kMaxHistoryPerAlarm = 100;

/**
 * A metric alarm as the control plane keeps it (kind "metric-alarm", id = its name): what
 * PutMetricAlarm defined, what it was given beyond the definition (description; whether
 * TreatMissingData was given, so that an unset one reads back unset), its state with CloudWatch's
 * timestamps, and its history (StateUpdate, ConfigurationUpdate and Action items, newest first).
 */
struct MetricAlarm
{
    AlarmDefinition definition;
    std::optional<QString> description;
    bool treatMissingDataGiven = false;
    QString arn; ///< arn:aws:cloudwatch:<region>:<account>:alarm:<name>
    qint64 configurationUpdatedMs = 0;
    AlarmStatus status;
    qint64 stateUpdatedMs = 0;
    qint64 stateTransitionedMs = 0;
    QList<AlarmHistoryItem> history; ///< newest first, at most kMaxHistoryPerAlarm

    const QString &name() const { return definition.name; }
    /// Adds an item at the front and drops the oldest beyond the bound.
    void remember(const AlarmHistoryItem &item);
};

/// "arn:aws:cloudwatch:us-east-1:000000000000:alarm:high-cpu".
QString alarmArn(const QString &region, const QString &name);
/// The alarm name an alarm ARN names; empty when `arn` is not a CloudWatch alarm ARN.
QString alarmNameFromArn(const QString &arn);

/// The store form (one compact JSON document) and back; missing members take their defaults.
QByteArray toDocument(const MetricAlarm &alarm);
Result<MetricAlarm> metricAlarmFrom(const QByteArray &document);

/// CloudWatch keeps an alarm's history for two weeks, also once the alarm is deleted.
inline constexpr qint64 kDeletedHistoryRetentionMs = 14LL * 24 * 3600 * 1000;

/// The history of deleted alarms of one name, newest first, as a document of its own.
QByteArray historyDocument(const QList<AlarmHistoryItem> &items);
Result<QList<AlarmHistoryItem>> historyFromDocument(const QString &alarmName, const QByteArray &document);

} // namespace fd::alarms
