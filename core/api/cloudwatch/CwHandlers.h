#pragma once

#include "Result.h"
#include "api/ApiContext.h"

#include <nlohmann/json.hpp>

namespace fd::api::cloudwatch {

using nlohmann::json;

// Every handler: the request members (AWS Query strings or JSON 1.0 values) in, the result members
// (null for an operation without output) or an Error with CloudWatch's code out.

// CwMetrics.cpp
Result<json> putMetricData(const ApiContext &ctx, const json &params);
Result<json> getMetricStatistics(const ApiContext &ctx, const json &params);
Result<json> listMetrics(const ApiContext &ctx, const json &params);

// CwMetricData.cpp
Result<json> getMetricData(const ApiContext &ctx, const json &params);

// CwAlarms.cpp
Result<json> putMetricAlarm(const ApiContext &ctx, const json &params);
Result<json> describeAlarms(const ApiContext &ctx, const json &params);
Result<json> describeAlarmsForMetric(const ApiContext &ctx, const json &params);
Result<json> deleteAlarms(const ApiContext &ctx, const json &params);
Result<json> setAlarmState(const ApiContext &ctx, const json &params);
Result<json> enableAlarmActions(const ApiContext &ctx, const json &params);
Result<json> disableAlarmActions(const ApiContext &ctx, const json &params);

// CwHistory.cpp
Result<json> describeAlarmHistory(const ApiContext &ctx, const json &params);
Result<json> tagResource(const ApiContext &ctx, const json &params);
Result<json> untagResource(const ApiContext &ctx, const json &params);
Result<json> listTagsForResource(const ApiContext &ctx, const json &params);

} // namespace fd::api::cloudwatch
