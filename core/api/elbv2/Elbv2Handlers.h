#pragma once

#include "ControlPlane.h"
#include "Result.h"
#include "api/ApiContext.h"
#include "api/Params.h"

#include <nlohmann/json.hpp>

namespace fd::api::elbv2 {

using nlohmann::json;

// Every handler: the request members (AWS Query, decoded to a tree of strings) in, the members of
// <OpResult> or an Error with ELBv2's code out.

// Elbv2LoadBalancers.cpp
Result<json> createLoadBalancer(const ApiContext &ctx, const json &params);
Result<json> describeLoadBalancers(const ApiContext &ctx, const json &params);
Result<json> deleteLoadBalancer(const ApiContext &ctx, const json &params);
Result<json> modifyLoadBalancerAttributes(const ApiContext &ctx, const json &params);
Result<json> describeLoadBalancerAttributes(const ApiContext &ctx, const json &params);

// Elbv2TargetGroups.cpp
Result<json> createTargetGroup(const ApiContext &ctx, const json &params);
Result<json> describeTargetGroups(const ApiContext &ctx, const json &params);
Result<json> modifyTargetGroup(const ApiContext &ctx, const json &params);
Result<json> deleteTargetGroup(const ApiContext &ctx, const json &params);
Result<json> describeTargetGroupAttributes(const ApiContext &ctx, const json &params);
Result<json> modifyTargetGroupAttributes(const ApiContext &ctx, const json &params);

// Elbv2Targets.cpp
Result<json> registerTargets(const ApiContext &ctx, const json &params);
Result<json> deregisterTargets(const ApiContext &ctx, const json &params);
Result<json> describeTargetHealth(const ApiContext &ctx, const json &params);

// Elbv2Listeners.cpp
Result<json> createListener(const ApiContext &ctx, const json &params);
Result<json> describeListeners(const ApiContext &ctx, const json &params);
Result<json> modifyListener(const ApiContext &ctx, const json &params);
Result<json> deleteListener(const ApiContext &ctx, const json &params);
Result<json> describeListenerAttributes(const ApiContext &ctx, const json &params);

// Elbv2Rules.cpp
Result<json> createRule(const ApiContext &ctx, const json &params);
Result<json> describeRules(const ApiContext &ctx, const json &params);
Result<json> modifyRule(const ApiContext &ctx, const json &params);
Result<json> deleteRule(const ApiContext &ctx, const json &params);
Result<json> setRulePriorities(const ApiContext &ctx, const json &params);

// Elbv2Tags.cpp
Result<json> addTags(const ApiContext &ctx, const json &params);
Result<json> removeTags(const ApiContext &ctx, const json &params);
Result<json> describeTags(const ApiContext &ctx, const json &params);

} // namespace fd::api::elbv2
