#pragma once

#include "Result.h"
#include "alarms/MetricAlarm.h"
#include "api/ApiContext.h"
#include "metrics/MetricId.h"
#include "metrics/MetricStatistic.h"
#include "metrics/StandardUnit.h"
#include "tags/Tag.h"

#include <QString>

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

// What the CloudWatch handlers share: reading members the same way from both protocols (AWS Query
// gives strings, JSON 1.0 gives numbers and booleans), writing timestamps each protocol's way, and
// CloudWatch's errors. Every reader returns an Error naming the member ("MetricData[2].Value").
namespace fd::api::cloudwatch {

using nlohmann::json;

inline QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}
inline std::string ss(const QString &s)
{
    return s.toStdString();
}

Error invalidValue(const QString &field, const QString &message);
Error missingParameter(const QString &field);
// A member the request carries that this operation (or Fleetdeck) does not take, named.
std::optional<Error> onlyMembers(const json &object, std::initializer_list<const char *> allowed,
                                 const QString &path = {});
// The first member of `names` that is present, refused: CloudWatch has it, Fleetdeck does not.
std::optional<Error> unsupported(const json &object, std::initializer_list<const char *> names, const QString &why,
                                 const QString &path = {});

// Typed readers: nullopt when absent (a null member counts as absent); an error when malformed.
Result<std::optional<QString>> optString(const json &object, const char *member, const QString &path = {});
Result<QString> reqString(const json &object, const char *member, const QString &path = {});
Result<std::optional<double>> optDouble(const json &object, const char *member, const QString &path = {});
Result<std::optional<int>> optInt(const json &object, const char *member, const QString &path = {});
Result<std::optional<bool>> optBool(const json &object, const char *member, const QString &path = {});
// A list member (absent: empty; AWS Query's empty list "" too).
Result<std::vector<json>> list(const json &object, const char *member, const QString &path = {});
Result<QStringList> stringList(const json &object, const char *member, const QString &path = {});
// A Timestamp: epoch seconds (a JSON number, or digits) or ISO 8601 text; ms since the epoch.
Result<std::optional<qint64>> optTimestamp(const json &object, const char *member, const QString &path = {});

// A timestamp as the protocol writes it: epoch seconds (JSON) or ISO 8601 with ms (Query).
json timestamp(const ApiContext &ctx, qint64 ms);

// Namespace, MetricName and Dimensions [{Name, Value}] of `object` as a metric identity.
Result<metrics::MetricId> metricParam(const json &object, const QString &path = {});
Result<std::vector<metrics::Dimension>> dimensionsParam(const json &object, const QString &path = {});
json dimensionsJson(const std::vector<metrics::Dimension> &dimensions);
json metricJson(const metrics::MetricId &metric);
Result<std::optional<metrics::StandardUnit>> unitParam(const json &object, const QString &path = {});
Result<tags::TagList> tagsParam(const json &object, const char *member = "Tags");
json tagsJson(const tags::TagList &tags);

// A MetricAlarm and an AlarmHistoryItem as DescribeAlarms and DescribeAlarmHistory write them:
// unset optional members are left out.
json alarmJson(const ApiContext &ctx, const alarms::MetricAlarm &alarm);
json historyItemJson(const ApiContext &ctx, const alarms::AlarmHistoryItem &item);

// Paging by an opaque token holding the offset of the next item: `size` items from the token's
// offset. A token not issued here is InvalidNextToken.
struct Page
{
    std::size_t begin = 0;
    std::size_t end = 0;
    std::optional<std::string> nextToken;
};
Result<Page> pageOf(std::size_t total, const json &params, const char *sizeMember, int defaultSize, int maxSize);

} // namespace fd::api::cloudwatch
