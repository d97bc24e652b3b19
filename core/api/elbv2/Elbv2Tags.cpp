#include "Elbv2Codec.h"
#include "Elbv2Handlers.h"
#include "elb/ElbArn.h"
#include "ops/ElbCommon.h"
#include "ops/ListenerRules.h"
#include "ops/LoadBalancers.h"
#include "ops/TargetGroups.h"
#include "state/Kinds.h"
#include "state/Transaction.h"
#include "tags/TagRegistry.h"

namespace fd::api::elbv2 {

namespace {

constexpr std::size_t kMaxResourceArns = 20;

struct Tagged
{
    QString kind; // state/Kinds.h
    QString id;
};

// The resource an ELBv2 ARN names: its kind's not-found error when there is none.
Result<Tagged> resolve(const ApiContext &ctx, const QString &arnText)
{
    const std::optional<elb::arn::Parsed> p = elb::arn::parse(arnText);
    if (!p)
        return validation("ResourceArns: '" + str(arnText) +
                              "' is not the ARN of a load balancer, target group, listener or rule",
                          "ResourceArns");
    if (p->type == u"loadbalancer") {
        Result<elb::LoadBalancer> lb = ctx.cp().loadBalancers().byArn(arnText);
        return lb ? Result<Tagged>(Tagged{state::kLoadBalancerKind, lb->id}) : Result<Tagged>(lb.error());
    }
    if (p->type == u"targetgroup") {
        Result<elb::TargetGroup> tg = ctx.cp().targetGroups().byArn(arnText);
        return tg ? Result<Tagged>(Tagged{state::kTargetGroupKind, tg->id}) : Result<Tagged>(tg.error());
    }
    if (p->type == u"listener") {
        Result<elb::Listener> l = ctx.cp().loadBalancers().listenerByArn(arnText);
        return l ? Result<Tagged>(Tagged{state::kListenerKind, l->id}) : Result<Tagged>(l.error());
    }
    Result<ops::RuleView> r = ctx.cp().listenerRules().byArn(arnText);
    return r ? Result<Tagged>(Tagged{state::kListenerRuleKind, r->rule.id}) : Result<Tagged>(r.error());
}

Result<std::vector<std::pair<std::string, Tagged>>> resources(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    const std::vector<std::string> arns = p.strings("ResourceArns");
    if (!p.ok())
        return p.error();
    if (arns.empty())
        return validation("ResourceArns: at least one ARN is required", "ResourceArns");
    if (arns.size() > kMaxResourceArns)
        return validation("ResourceArns: at most 20 ARNs per request (got " + std::to_string(arns.size()) + ")",
                          "ResourceArns");
    std::vector<std::pair<std::string, Tagged>> out;
    for (const std::string &a : arns) {
        Result<Tagged> t = resolve(ctx, qstr(a));
        if (!t)
            return t.error();
        out.emplace_back(a, *t);
    }
    return out;
}

} // namespace

Result<json> addTags(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"ResourceArns", "Tags"}))
        return *e;
    auto targets = resources(ctx, params);
    if (!targets)
        return targets.error();
    Result<tags::TagList> added = tagsParam(params);
    if (!added)
        return added.error();
    if (added->isEmpty())
        return validation("Tags: at least one tag is required", "Tags");
    if (auto e = ops::checkElbTags(*added))
        return *e;
    tags::TagRegistry &registry = ctx.cp().tagRegistry();
    state::Transaction tx = ctx.cp().begin();
    for (const auto &[arnText, t] : *targets) {
        const tags::TagList current = registry.tags(t.kind, t.id);
        const tags::TagList next = tags::merged(current, *added);
        if (tags::userTagCount(next) > tags::kMaxTagsPerResource)
            return makeError(QStringLiteral("TooManyTags"),
                             QStringLiteral("%1 would have %2 tags; at most %3 are allowed")
                                 .arg(qstr(arnText))
                                 .arg(tags::userTagCount(next))
                                 .arg(tags::kMaxTagsPerResource));
        if (next != current)
            registry.stage(tx, t.kind, t.id, next, ctx.cp().clock().now());
    }
    if (Status s = ctx.cp().commit(std::move(tx)); !s)
        return s.error();
    return json::object();
}

Result<json> removeTags(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"ResourceArns", "TagKeys"}))
        return *e;
    auto targets = resources(ctx, params);
    if (!targets)
        return targets.error();
    Params p(ctx, params);
    QStringList keys;
    for (const std::string &k : p.strings("TagKeys"))
        keys.append(qstr(k));
    if (!p.ok())
        return p.error();
    if (keys.isEmpty())
        return validation("TagKeys: at least one key is required", "TagKeys");
    tags::TagRegistry &registry = ctx.cp().tagRegistry();
    state::Transaction tx = ctx.cp().begin();
    for (const auto &[arnText, t] : *targets) {
        const tags::TagList current = registry.tags(t.kind, t.id);
        const tags::TagList next = tags::without(current, keys);
        if (next != current)
            registry.stage(tx, t.kind, t.id, next, ctx.cp().clock().now());
    }
    if (Status s = ctx.cp().commit(std::move(tx)); !s)
        return s.error();
    return json::object();
}

Result<json> describeTags(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"ResourceArns"}))
        return *e;
    auto targets = resources(ctx, params);
    if (!targets)
        return targets.error();
    json out = json::array();
    for (const auto &[arnText, t] : *targets)
        out.push_back({{"ResourceArn", arnText}, {"Tags", tagsJson(ctx.cp().tagRegistry().tags(t.kind, t.id))}});
    return json{{"TagDescriptions", out}};
}

} // namespace fd::api::elbv2
