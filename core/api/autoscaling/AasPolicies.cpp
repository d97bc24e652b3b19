// PutScalingPolicy, DescribeScalingPolicies, DeleteScalingPolicy and the scheduled actions over
// cp.autoScaling().

#include "AasCodec.h"
#include "AasHandlers.h"
#include "ControlPlane.h"
#include "controllers/AutoScalingInputs.h"
#include "ops/AutoScaling.h"

namespace fd::api::autoscaling {

using namespace fd::autoscaling;

namespace {

bool named(const std::vector<std::string> &names, const QString &name)
{
    return names.empty() || std::find(names.cbegin(), names.cend(), ss(name)) != names.cend();
}

// A target tracking policy lists the two alarms it owns; a step policy the alarms whose actions name it.
QList<AlarmRef> alarmsOf(const ControlPlane &cp, const ScalingPolicy &p)
{
    if (p.type == PolicyType::TargetTrackingScaling)
        return p.alarms;
    QList<AlarmRef> out;
    for (const alarms::MetricAlarm &a : policyAlarms(cp, p))
        out.append({a.name(), a.arn});
    return out;
}

// DescribeScalingPolicies and DescribeScheduledActions: the request's filter (describeFilter), at most
// 50 names in `namesMember` (none: every name) and the paging members; `itemsOf(target, wanted, items)`
// appends the items of each target the filter keeps whose names `wanted` accepts; a page of them is
// the answer's `listMember`.
template<typename ItemsOf>
Result<json> describeByName(const ApiContext &ctx, const json &params, const char *namesMember, const char *noun,
                            const char *listMember, ItemsOf itemsOf)
{
    Params p(ctx, params);
    onlyMembers(p, params,
                {namesMember, "ServiceNamespace", "ResourceId", "ScalableDimension", "MaxResults", "NextToken"}, {});
    const std::optional<DescribeFilter> filter = describeFilter(p);
    const std::vector<std::string> names = p.strings(namesMember);
    if (names.size() > 50)
        p.fail(namesMember, std::string("at most 50 ") + noun);
    if (!p.ok())
        return p.error();
    const auto wanted = [&names](const QString &name) { return named(names, name); };
    std::vector<json> items;
    for (const ScalableTarget &t : ctx.cp().autoScaling().targets()) {
        if (filter->matches(t))
            itemsOf(t, wanted, items);
    }
    return page(items, p, listMember, pageStyle());
}

std::optional<std::string> requiredString(Params &p, const char *name)
{
    const auto v = p.string(name);
    if (p.ok() && !v)
        p.fail(name, "is required");
    return v;
}

} // namespace

Result<json> putScalingPolicy(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    if (!p.raw("PredictiveScalingPolicyConfiguration").is_null())
        p.fail("PredictiveScalingPolicyConfiguration",
               "predictive scaling is not supported by Fleetdeck for ECS services");
    onlyMembers(p, params,
                {"PolicyName", "ServiceNamespace", "ResourceId", "ScalableDimension", "PolicyType",
                 "StepScalingPolicyConfiguration", "TargetTrackingScalingPolicyConfiguration"},
                {});
    const std::optional<ops::TargetKey> key = targetKey(p);
    const auto name = requiredString(p, "PolicyName");
    ops::PolicyPut r;
    if (const auto type = p.string("PolicyType"))
        r.policyType = qs(*type);
    r.step = stepConfiguration(p);
    r.targetTracking = targetTrackingConfiguration(p);
    if (!p.ok())
        return p.error();
    r.key = *key;
    r.policyName = qs(*name);
    r.region = ctx.region;
    Result<ScalingPolicy> policy = ctx.cp().autoScaling().putPolicy(r);
    if (!policy)
        return policy.error();
    json alarms = json::array();
    for (const AlarmRef &a : alarmsOf(ctx.cp(), policy.value()))
        alarms.push_back({{"AlarmName", ss(a.name)}, {"AlarmARN", ss(a.arn)}});
    return json{{"PolicyARN", ss(policy->arn)}, {"Alarms", alarms}};
}

Result<json> describeScalingPolicies(const ApiContext &ctx, const json &params)
{
    return describeByName(ctx, params, "PolicyNames", "policy names", "ScalingPolicies",
                          [&ctx](const ScalableTarget &t, const auto &wanted, std::vector<json> &items) {
                              for (const ScalingPolicy &policy : t.policies) {
                                  if (wanted(policy.name))
                                      items.push_back(policyJson(t, policy, alarmsOf(ctx.cp(), policy)));
                              }
                          });
}

Result<json> deleteScalingPolicy(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    onlyMembers(p, params, {"PolicyName", "ServiceNamespace", "ResourceId", "ScalableDimension"}, {});
    const std::optional<ops::TargetKey> key = targetKey(p);
    const auto name = requiredString(p, "PolicyName");
    if (!p.ok())
        return p.error();
    if (Status s = ctx.cp().autoScaling().deletePolicy(*key, qs(*name)); !s)
        return s.error();
    return json::object();
}

Result<json> putScheduledAction(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    onlyMembers(p, params,
                {"ServiceNamespace", "Schedule", "Timezone", "ScheduledActionName", "ResourceId", "ScalableDimension",
                 "StartTime", "EndTime", "ScalableTargetAction"},
                {});
    const std::optional<ops::TargetKey> key = targetKey(p);
    const auto name = requiredString(p, "ScheduledActionName");
    ops::ScheduledPut r;
    if (const auto schedule = p.string("Schedule"))
        r.schedule = qs(*schedule);
    if (const auto zone = p.string("Timezone"))
        r.timezone = qs(*zone);
    r.startTime = timestamp(p, "StartTime");
    r.endTime = timestamp(p, "EndTime");
    Params action = p.object("ScalableTargetAction");
    onlyMembers(action, p.raw("ScalableTargetAction"), {"MinCapacity", "MaxCapacity"}, {});
    r.minCapacity = action.integer("MinCapacity");
    r.maxCapacity = action.integer("MaxCapacity");
    p.take(action);
    if (!p.ok())
        return p.error();
    r.key = *key;
    r.name = qs(*name);
    r.region = ctx.region;
    if (Status s = ctx.cp().autoScaling().putScheduledAction(r); !s)
        return s.error();
    return json::object();
}

Result<json> describeScheduledActions(const ApiContext &ctx, const json &params)
{
    return describeByName(ctx, params, "ScheduledActionNames", "scheduled action names", "ScheduledActions",
                          [](const ScalableTarget &t, const auto &wanted, std::vector<json> &items) {
                              for (const ScheduledAction &a : t.scheduled) {
                                  if (wanted(a.name))
                                      items.push_back(scheduledJson(t, a));
                              }
                          });
}

Result<json> deleteScheduledAction(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    onlyMembers(p, params, {"ServiceNamespace", "ScheduledActionName", "ResourceId", "ScalableDimension"}, {});
    const std::optional<ops::TargetKey> key = targetKey(p);
    const auto name = requiredString(p, "ScheduledActionName");
    if (!p.ok())
        return p.error();
    if (Status s = ctx.cp().autoScaling().deleteScheduledAction(*key, qs(*name)); !s)
        return s.error();
    return json::object();
}

} // namespace fd::api::autoscaling
