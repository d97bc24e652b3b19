#pragma once

#include "ops/Alarms.h"

#include <QString>
#include <QStringList>

namespace fd::ui {

/**
 * The alarm wizard's request as the `aws cloudwatch put-metric-alarm` command that makes the same
 * alarm: every field the request sets, and nothing it leaves unset (an unset DatapointsToAlarm or
 * TreatMissingData reads back unset either way).
 *
 * arguments() is the argument vector (first "aws"), so a test can run it without a shell;
 * text() is the same quoted for a POSIX shell, one option a line (continued with a backslash):
 *     aws cloudwatch put-metric-alarm \
 *       --alarm-name web-cpu-high \
 *       --dimensions Name=ClusterName,Value=default Name=ServiceName,Value=web \
 *       ...
 */
class AlarmCommand final
{
public:
    AlarmCommand() = delete;

    /// `endpoint` (when not empty) becomes --endpoint-url.
    static QStringList arguments(const ops::AlarmPut &request, const QString &endpoint = {});
    static QString text(const ops::AlarmPut &request, const QString &endpoint = {});
    /// `arg` as one word of a POSIX shell: as it is when it is plain, else in single quotes.
    static QString shellWord(const QString &arg);
};

} // namespace fd::ui
