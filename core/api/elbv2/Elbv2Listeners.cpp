#include "Elbv2Codec.h"
#include "Elbv2Handlers.h"
#include "ops/LoadBalancers.h"

namespace fd::api::elbv2 {

namespace {

Result<elb::Listener> listenerParam(const ApiContext &ctx, const json &params)
{
    Result<QString> arnText = requiredString(ctx, params, "ListenerArn");
    if (!arnText)
        return arnText.error();
    return ctx.cp().loadBalancers().listenerByArn(*arnText);
}

} // namespace

Result<json> createListener(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"LoadBalancerArn", "Protocol", "Port", "DefaultActions", "Tags"}))
        return *e;
    Result<QString> lbArn = requiredString(ctx, params, "LoadBalancerArn");
    if (!lbArn)
        return lbArn.error();
    Result<elb::LoadBalancer> lb = ctx.cp().loadBalancers().byArn(*lbArn);
    if (!lb)
        return lb.error();
    Params p(ctx, params);
    ops::ListenerRequest r;
    r.loadBalancerId = lb->id;
    r.protocol = qstr(p.string("Protocol").value_or("HTTP"));
    r.port = p.integer("Port");
    if (!p.ok())
        return p.error();
    Result<QList<elb::Action>> actions = actionsParam(ctx, params, "DefaultActions");
    if (!actions)
        return actions.error();
    r.defaultActions = *actions;
    Result<tags::TagList> tags = tagsParam(params);
    if (!tags)
        return tags.error();
    r.tags = *tags;
    Result<elb::Listener> l = ctx.cp().loadBalancers().createListener(r);
    if (!l)
        return l.error();
    return json{{"Listeners", json::array({listenerJson(ctx, *l)})}};
}

Result<json> describeListeners(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"LoadBalancerArn", "ListenerArns", "Marker", "PageSize"}))
        return *e;
    Params p(ctx, params);
    const auto lbArn = p.string("LoadBalancerArn");
    const std::vector<std::string> arns = p.strings("ListenerArns");
    if (!p.ok())
        return p.error();
    if (lbArn.has_value() == !arns.empty())
        return validation("give either LoadBalancerArn or ListenerArns", "ListenerArns");
    std::vector<json> items;
    if (lbArn) {
        Result<elb::LoadBalancer> lb = ctx.cp().loadBalancers().byArn(qstr(*lbArn));
        if (!lb)
            return lb.error();
        for (const elb::Listener &l : ctx.cp().loadBalancers().listeners(lb->id))
            items.push_back(listenerJson(ctx, l));
    }
    for (const std::string &a : arns) {
        Result<elb::Listener> l = ctx.cp().loadBalancers().listenerByArn(qstr(a));
        if (!l)
            return l.error();
        items.push_back(listenerJson(ctx, *l));
    }
    return pageOf(ctx, params, items, "Listeners");
}

Result<json> modifyListener(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"ListenerArn", "Port", "Protocol", "DefaultActions"}))
        return *e;
    Result<elb::Listener> l = listenerParam(ctx, params);
    if (!l)
        return l.error();
    Params p(ctx, params);
    ops::ListenerChange c;
    c.listenerId = l->id;
    if (const auto protocol = p.string("Protocol"))
        c.protocol = qstr(*protocol);
    c.port = p.integer("Port");
    if (!p.ok())
        return p.error();
    if (params.contains("DefaultActions")) {
        Result<QList<elb::Action>> actions = actionsParam(ctx, params, "DefaultActions");
        if (!actions)
            return actions.error();
        c.defaultActions = *actions;
    }
    Result<elb::Listener> changed = ctx.cp().loadBalancers().modifyListener(c);
    if (!changed)
        return changed.error();
    return json{{"Listeners", json::array({listenerJson(ctx, *changed)})}};
}

Result<json> deleteListener(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"ListenerArn"}))
        return *e;
    Result<elb::Listener> l = listenerParam(ctx, params);
    if (!l)
        return l.error();
    if (Status s = ctx.cp().loadBalancers().removeListener(l->id); !s)
        return s.error();
    return json::object();
}

Result<json> describeListenerAttributes(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"ListenerArn"}))
        return *e;
    Result<elb::Listener> l = listenerParam(ctx, params);
    if (!l)
        return l.error();
    return json{{"Attributes", attributesJson(l->attributes)}};
}

} // namespace fd::api::elbv2
