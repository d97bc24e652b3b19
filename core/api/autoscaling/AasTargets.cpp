// RegisterScalableTarget, DescribeScalableTargets, DeregisterScalableTarget,
// DescribeScalingActivities and the tags of scalable targets over cp.autoScaling().

#include "AasCodec.h"
#include "AasHandlers.h"
#include "ControlPlane.h"
#include "ops/AutoScaling.h"

namespace fd::api::autoscaling {

using namespace fd::autoscaling;

namespace {

// Each `ids` once, as DescribeScalableTargets' ResourceIds filter (empty: all).
bool listed(const std::vector<std::string> &ids, const QString &resourceId)
{
    return ids.empty() || std::find(ids.cbegin(), ids.cend(), ss(resourceId)) != ids.cend();
}

Result<tags::TagList> tagMap(Params &p, const json &raw)
{
    tags::TagList out;
    if (!raw.is_object()) {
        p.fail("Tags", "must be a map of tag keys to values");
        return p.error();
    }
    for (auto it = raw.begin(); it != raw.end(); ++it) {
        if (!it->is_string()) {
            p.fail("Tags." + it.key(), "must be a string");
            return p.error();
        }
        out.append({qs(it.key()), qs(it->get<std::string>())});
    }
    return out;
}

json tagMapJson(const tags::TagList &list)
{
    json o = json::object();
    for (const tags::Tag &t : list)
        o[ss(t.key)] = ss(t.value);
    return o;
}

} // namespace

Result<json> registerScalableTarget(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    onlyMembers(p, params,
                {"ServiceNamespace", "ResourceId", "ScalableDimension", "MinCapacity", "MaxCapacity", "RoleARN",
                 "SuspendedState", "Tags"},
                {});
    const std::optional<ops::TargetKey> key = targetKey(p);
    ops::TargetRegistration r;
    r.minCapacity = p.integer("MinCapacity");
    r.maxCapacity = p.integer("MaxCapacity");
    if (const auto role = p.string("RoleARN"))
        r.roleArn = qs(*role);
    Params suspended = p.object("SuspendedState");
    onlyMembers(suspended, p.raw("SuspendedState"),
                {"DynamicScalingInSuspended", "DynamicScalingOutSuspended", "ScheduledScalingSuspended"}, {});
    r.dynamicScalingInSuspended = suspended.boolean("DynamicScalingInSuspended");
    r.dynamicScalingOutSuspended = suspended.boolean("DynamicScalingOutSuspended");
    r.scheduledScalingSuspended = suspended.boolean("ScheduledScalingSuspended");
    p.take(suspended);
    if (!p.raw("Tags").is_null()) {
        Result<tags::TagList> t = tagMap(p, p.raw("Tags"));
        if (t)
            r.tags = std::move(t).value();
    }
    if (!p.ok())
        return p.error();
    r.key = *key;
    r.region = ctx.region;
    Result<QString> arn = ctx.cp().autoScaling().registerTarget(r);
    if (!arn)
        return arn.error();
    return json{{"ScalableTargetARN", ss(arn.value())}};
}

Result<json> describeScalableTargets(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    onlyMembers(p, params, {"ServiceNamespace", "ResourceIds", "ScalableDimension", "MaxResults", "NextToken"}, {});
    const std::optional<DescribeFilter> filter = describeFilter(p);
    const std::vector<std::string> ids = p.strings("ResourceIds");
    if (ids.size() > 50)
        p.fail("ResourceIds", "at most 50 resource IDs");
    if (!p.ok())
        return p.error();
    std::vector<json> items;
    for (const ScalableTarget &t : ctx.cp().autoScaling().targets()) {
        if (filter->matches(t) && listed(ids, t.resourceId))
            items.push_back(targetJson(t));
    }
    return page(items, p, "ScalableTargets", pageStyle());
}

Result<json> deregisterScalableTarget(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    onlyMembers(p, params, {"ServiceNamespace", "ResourceId", "ScalableDimension"}, {});
    const std::optional<ops::TargetKey> key = targetKey(p);
    if (!p.ok())
        return p.error();
    if (Status s = ctx.cp().autoScaling().deregisterTarget(*key); !s)
        return s.error();
    return json::object();
}

Result<json> describeScalingActivities(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    onlyMembers(p, params,
                {"ServiceNamespace", "ResourceId", "ScalableDimension", "MaxResults", "NextToken",
                 "IncludeNotScaledActivities"},
                {});
    const std::optional<DescribeFilter> filter = describeFilter(p);
    // Fleetdeck records only activities that scaled (or failed to): there are no not-scaled ones to add.
    (void)p.boolean("IncludeNotScaledActivities");
    if (!p.ok())
        return p.error();
    std::vector<std::pair<QDateTime, json>> all;
    for (const ScalableTarget &t : ctx.cp().autoScaling().targets()) {
        if (!filter->matches(t))
            continue;
        for (const ScalingActivity &a : t.activities)
            all.emplace_back(a.startTime, activityJson(t, a));
    }
    std::stable_sort(all.begin(), all.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    std::vector<json> items;
    for (auto &[at, j] : all)
        items.push_back(std::move(j));
    return page(items, p, "ScalingActivities", pageStyle());
}

Result<json> tagResource(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    onlyMembers(p, params, {"ResourceARN", "Tags"}, {});
    const auto arn = p.string("ResourceARN");
    if (p.ok() && !arn)
        p.fail("ResourceARN", "is required");
    Result<tags::TagList> list = tagMap(p, p.raw("Tags"));
    if (!p.ok())
        return p.error();
    if (Status s = ctx.cp().autoScaling().tag(qs(*arn), list.value()); !s)
        return s.error();
    return json::object();
}

Result<json> untagResource(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    onlyMembers(p, params, {"ResourceARN", "TagKeys"}, {});
    const auto arn = p.string("ResourceARN");
    const std::vector<std::string> keys = p.strings("TagKeys");
    if (p.ok() && !arn)
        p.fail("ResourceARN", "is required");
    if (!p.ok())
        return p.error();
    QStringList list;
    for (const std::string &k : keys)
        list.append(qs(k));
    if (Status s = ctx.cp().autoScaling().untag(qs(*arn), list); !s)
        return s.error();
    return json::object();
}

Result<json> listTagsForResource(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    onlyMembers(p, params, {"ResourceARN"}, {});
    const auto arn = p.string("ResourceARN");
    if (p.ok() && !arn)
        p.fail("ResourceARN", "is required");
    if (!p.ok())
        return p.error();
    Result<tags::TagList> list = ctx.cp().autoScaling().tags(qs(*arn));
    if (!list)
        return list.error();
    return json{{"Tags", tagMapJson(list.value())}};
}

} // namespace fd::api::autoscaling
