#include "Elbv2Codec.h"
#include "Elbv2Handlers.h"
#include "ops/ListenerRules.h"
#include "ops/LoadBalancers.h"

namespace fd::api::elbv2 {

namespace {

Result<ops::RuleView> ruleParam(const ApiContext &ctx, const json &params)
{
    Result<QString> arnText = requiredString(ctx, params, "RuleArn");
    if (!arnText)
        return arnText.error();
    return ctx.cp().listenerRules().byArn(*arnText);
}

} // namespace

Result<json> createRule(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"ListenerArn", "Conditions", "Priority", "Actions", "Tags"}))
        return *e;
    Result<QString> listenerArn = requiredString(ctx, params, "ListenerArn");
    if (!listenerArn)
        return listenerArn.error();
    Result<elb::Listener> l = ctx.cp().loadBalancers().listenerByArn(*listenerArn);
    if (!l)
        return l.error();
    Params p(ctx, params);
    ops::RuleRequest r;
    r.listenerId = l->id;
    r.priority = p.integer("Priority");
    if (!p.ok())
        return p.error();
    Result<QList<elb::Condition>> conditions = conditionsParam(ctx, params);
    if (!conditions)
        return conditions.error();
    r.conditions = *conditions;
    Result<QList<elb::Action>> actions = actionsParam(ctx, params, "Actions");
    if (!actions)
        return actions.error();
    r.actions = *actions;
    Result<tags::TagList> tags = tagsParam(params);
    if (!tags)
        return tags.error();
    r.tags = *tags;
    Result<elb::ListenerRule> rule = ctx.cp().listenerRules().create(r);
    if (!rule)
        return rule.error();
    return json{{"Rules", json::array({ruleJson(ctx, {*rule, false, l->loadBalancerId})})}};
}

Result<json> describeRules(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"ListenerArn", "RuleArns", "Marker", "PageSize"}))
        return *e;
    Params p(ctx, params);
    const auto listenerArn = p.string("ListenerArn");
    const std::vector<std::string> arns = p.strings("RuleArns");
    if (!p.ok())
        return p.error();
    if (listenerArn.has_value() == !arns.empty())
        return validation("give either ListenerArn or RuleArns", "RuleArns");
    std::vector<json> items;
    if (listenerArn) {
        Result<elb::Listener> l = ctx.cp().loadBalancers().listenerByArn(qstr(*listenerArn));
        if (!l)
            return l.error();
        for (const ops::RuleView &v : ctx.cp().listenerRules().rules(l->id))
            items.push_back(ruleJson(ctx, v));
    }
    for (const std::string &a : arns) {
        Result<ops::RuleView> v = ctx.cp().listenerRules().byArn(qstr(a));
        if (!v)
            return v.error();
        items.push_back(ruleJson(ctx, *v));
    }
    return pageOf(ctx, params, items, "Rules");
}

Result<json> modifyRule(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"RuleArn", "Conditions", "Actions"}))
        return *e;
    Result<ops::RuleView> v = ruleParam(ctx, params);
    if (!v)
        return v.error();
    ops::RuleChange c;
    c.ruleId = v->rule.id;
    if (params.contains("Conditions")) {
        Result<QList<elb::Condition>> conditions = conditionsParam(ctx, params);
        if (!conditions)
            return conditions.error();
        c.conditions = *conditions;
    }
    if (params.contains("Actions")) {
        Result<QList<elb::Action>> actions = actionsParam(ctx, params, "Actions");
        if (!actions)
            return actions.error();
        c.actions = *actions;
    }
    Result<ops::RuleView> changed = ctx.cp().listenerRules().modify(c);
    if (!changed)
        return changed.error();
    return json{{"Rules", json::array({ruleJson(ctx, *changed)})}};
}

Result<json> deleteRule(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"RuleArn"}))
        return *e;
    Result<ops::RuleView> v = ruleParam(ctx, params);
    if (!v)
        return v.error();
    if (Status s = ctx.cp().listenerRules().remove(v->rule.id); !s)
        return s.error();
    return json::object();
}

Result<json> setRulePriorities(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"RulePriorities"}))
        return *e;
    Result<std::vector<json>> items = structList(params, "RulePriorities");
    if (!items)
        return items.error();
    QList<QPair<QString, int>> priorities;
    for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string at = "RulePriorities[" + std::to_string(i) + "]";
        if (auto e = onlyMembers((*items)[i], {"RuleArn", "Priority"}, at))
            return *e;
        Params p(ctx, (*items)[i], at);
        const auto arnText = p.string("RuleArn");
        const auto priority = p.integer("Priority");
        if (!p.ok())
            return p.error();
        if (!arnText || !priority)
            return validation(at + ": RuleArn and Priority are required", at);
        Result<ops::RuleView> v = ctx.cp().listenerRules().byArn(qstr(*arnText));
        if (!v)
            return v.error();
        priorities.append({v->rule.id, *priority});
    }
    Result<QList<ops::RuleView>> changed = ctx.cp().listenerRules().setPriorities(priorities);
    if (!changed)
        return changed.error();
    json rules = json::array();
    for (const ops::RuleView &v : *changed)
        rules.push_back(ruleJson(ctx, v));
    return json{{"Rules", rules}};
}

} // namespace fd::api::elbv2
