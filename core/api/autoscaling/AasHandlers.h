#pragma once

#include "Result.h"
#include "api/ApiContext.h"

#include <nlohmann/json.hpp>

namespace fd::api::autoscaling {

using nlohmann::json;

// Every handler: the request members in, the result members out, or an Error with Application Auto
// Scaling's code (ValidationException naming the member, ObjectNotFoundException, ...).

// AasTargets.cpp
Result<json> registerScalableTarget(const ApiContext &ctx, const json &params);
Result<json> describeScalableTargets(const ApiContext &ctx, const json &params);
Result<json> deregisterScalableTarget(const ApiContext &ctx, const json &params);
Result<json> describeScalingActivities(const ApiContext &ctx, const json &params);
Result<json> tagResource(const ApiContext &ctx, const json &params);
Result<json> untagResource(const ApiContext &ctx, const json &params);
Result<json> listTagsForResource(const ApiContext &ctx, const json &params);

// AasPolicies.cpp
Result<json> putScalingPolicy(const ApiContext &ctx, const json &params);
Result<json> describeScalingPolicies(const ApiContext &ctx, const json &params);
Result<json> deleteScalingPolicy(const ApiContext &ctx, const json &params);
Result<json> putScheduledAction(const ApiContext &ctx, const json &params);
Result<json> describeScheduledActions(const ApiContext &ctx, const json &params);
Result<json> deleteScheduledAction(const ApiContext &ctx, const json &params);

} // namespace fd::api::autoscaling
