#pragma once

#include "Result.h"
#include "api/ApiContext.h"
#include "elb/Action.h"
#include "elb/Attribute.h"
#include "elb/ListenerRule.h"
#include "ops/ListenerRules.h"
#include "ops/TargetGroups.h"
#include "tags/Tag.h"

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace fd::elb {
struct LoadBalancer;
struct Listener;
struct TargetGroup;
} // namespace fd::elb

// The ELBv2 shapes both ways: request members (the Query tree: strings, "" for an empty list) to the
// control plane's values, and its values to the members of the answers (the botocore model's names).
// Every member a request carries is read or refused: a member Fleetdeck does not serve is a
// ValidationError naming it, never silently dropped.
namespace fd::api::elbv2 {

using nlohmann::json;

std::string str(const QString &s);
QString qstr(const std::string &s);
Error validation(const std::string &message, const std::string &field = {});

// Refuses members of `object` outside `allowed`, naming the first with its path ("Actions[0].AuthenticateOidcConfig").
std::optional<Error> onlyMembers(const json &object, std::initializer_list<const char *> allowed,
                                 const std::string &path = {});
// A list of structures: absent or "" (the wire form of an empty list) is empty; each item an object.
Result<std::vector<json>> structList(const json &params, const char *member, const std::string &path = {});
// A required string member (ValidationError "<member>: is required" when absent or empty).
Result<QString> requiredString(const ApiContext &ctx, const json &params, const char *member);

Result<tags::TagList> tagsParam(const json &params, const char *member = "Tags");
Result<elb::Attributes> attributesParam(const json &params);
// Actions with target groups by ARN (resolved here: TargetGroupNotFound names an unknown one).
Result<QList<elb::Action>> actionsParam(const ApiContext &ctx, const json &params, const char *member);
Result<QList<elb::Condition>> conditionsParam(const ApiContext &ctx, const json &params);
Result<QList<ops::TargetSpec>> targetsParam(const ApiContext &ctx, const json &params);

// "HostHeaderConfig" for host-header, ...; null for an unknown field.
const char *conditionConfigMember(const QString &field);

// Answers (Elbv2Answers.cpp).
json loadBalancerJson(const ApiContext &ctx, const elb::LoadBalancer &lb);
json targetGroupJson(const ApiContext &ctx, const elb::TargetGroup &tg);
json listenerJson(const ApiContext &ctx, const elb::Listener &l);
json ruleJson(const ApiContext &ctx, const ops::RuleView &rule);
json actionsJson(const ApiContext &ctx, const QList<elb::Action> &actions);
json attributesJson(const elb::Attributes &attributes);
json tagsJson(const tags::TagList &tags);
json targetJson(const elb::Target &t);

// DescribeX paging: Marker and PageSize (1-400) in, NextMarker out.
Result<json> pageOf(const ApiContext &ctx, const json &params, const std::vector<json> &items, const char *member);

} // namespace fd::api::elbv2
