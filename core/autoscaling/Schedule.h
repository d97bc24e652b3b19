#pragma once

// When a scheduled action runs (PutScheduledAction's Schedule): "at(yyyy-mm-ddThh:mm:ss)" once,
// "rate(value unit)" every value minutes, hours or days, or "cron(minutes hours day-of-month month
// day-of-week year)" as in CloudWatch Events (day-of-week 1-7 = SUN-SAT or the names, `?` in one of
// the day fields; L, W and # are refused by name). at() and cron() are read in the action's Timezone
// (an IANA name, default UTC). Pure functions.

#include "Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace fd::autoscaling {

struct Schedule
{
    enum class Kind { At, Rate, Cron };
    Kind kind = Kind::At;
    QDateTime at;             // At: local date and time (no zone yet)
    qint64 rateSeconds = 0;   // Rate
    QList<QList<int>> fields; // Cron: allowed values of minute, hour, day of month, month, day of week (1-7), year
};

// ValidationException naming Schedule (or Timezone) with what is wrong.
Result<Schedule> parseSchedule(const QString &text);
Status checkTimezone(const QString &timezone);

// The first run strictly after `after`, not before `startTime` and not after `endTime` (invalid
// QDateTime: none). A rate counts from `startTime`, or from `origin` (the action's creation) without one.
QDateTime nextRun(const Schedule &schedule, const QString &timezone, const QDateTime &after,
                  const std::optional<QDateTime> &startTime, const std::optional<QDateTime> &endTime,
                  const QDateTime &origin);

} // namespace fd::autoscaling
