#include "Elbv2Codec.h"
#include "Elbv2Handlers.h"
#include "elb/ElbArn.h"
#include "ops/LoadBalancers.h"

namespace fd::api::elbv2 {

namespace {

Result<elb::LoadBalancer> loadBalancerParam(const ApiContext &ctx, const json &params)
{
    Result<QString> arnText = requiredString(ctx, params, "LoadBalancerArn");
    if (!arnText)
        return arnText.error();
    return ctx.cp().loadBalancers().byArn(*arnText);
}

// SubnetMappings: only SubnetId is served (the rest belongs to network load balancers).
Result<QStringList> subnetsParam(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    QStringList subnets;
    for (const std::string &s : p.strings("Subnets"))
        subnets.append(qstr(s));
    if (!p.ok())
        return p.error();
    Result<std::vector<json>> mappings = structList(params, "SubnetMappings");
    if (!mappings)
        return mappings.error();
    if (!subnets.isEmpty() && !mappings->empty())
        return validation("Subnets and SubnetMappings cannot be given together", "Subnets");
    for (std::size_t i = 0; i < mappings->size(); ++i) {
        const std::string at = "SubnetMappings[" + std::to_string(i) + "]";
        if (auto e = onlyMembers((*mappings)[i], {"SubnetId"}, at))
            return *e;
        Params m(ctx, (*mappings)[i], at);
        const auto id = m.string("SubnetId");
        if (!m.ok())
            return m.error();
        if (!id)
            return validation(at + ".SubnetId: is required", at);
        subnets.append(qstr(*id));
    }
    return subnets;
}

} // namespace

Result<json> createLoadBalancer(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(
            params, {"Name", "Subnets", "SubnetMappings", "SecurityGroups", "Scheme", "Tags", "Type", "IpAddressType"}))
        return *e;
    Params p(ctx, params);
    ops::LoadBalancerRequest r;
    r.name = qstr(p.string("Name").value_or(""));
    r.type = qstr(p.string("Type").value_or("application"));
    r.scheme = qstr(p.string("Scheme").value_or("internet-facing"));
    r.ipAddressType = qstr(p.string("IpAddressType").value_or("ipv4"));
    for (const std::string &g : p.strings("SecurityGroups"))
        r.securityGroups.append(qstr(g));
    if (!p.ok())
        return p.error();
    Result<QStringList> subnets = subnetsParam(ctx, params);
    if (!subnets)
        return subnets.error();
    r.subnets = *subnets;
    Result<tags::TagList> tags = tagsParam(params);
    if (!tags)
        return tags.error();
    r.tags = *tags;
    Result<elb::LoadBalancer> lb = ctx.cp().loadBalancers().create(r);
    if (!lb)
        return lb.error();
    return json{{"LoadBalancers", json::array({loadBalancerJson(ctx, *lb)})}};
}

Result<json> describeLoadBalancers(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"LoadBalancerArns", "Names", "Marker", "PageSize"}))
        return *e;
    Params p(ctx, params);
    const std::vector<std::string> arns = p.strings("LoadBalancerArns");
    const std::vector<std::string> names = p.strings("Names");
    if (!p.ok())
        return p.error();
    if (!arns.empty() && !names.empty())
        return validation("LoadBalancerArns and Names cannot be given together", "Names");
    std::vector<json> items;
    for (const std::string &a : arns) {
        Result<elb::LoadBalancer> lb = ctx.cp().loadBalancers().byArn(qstr(a));
        if (!lb)
            return lb.error();
        items.push_back(loadBalancerJson(ctx, *lb));
    }
    for (const std::string &n : names) {
        const auto lb = ctx.cp().loadBalancers().findNamed(qstr(n));
        if (!lb)
            return makeError(QStringLiteral("LoadBalancerNotFound"),
                             QStringLiteral("Load balancers '[%1]' not found").arg(qstr(n)));
        items.push_back(loadBalancerJson(ctx, *lb));
    }
    if (arns.empty() && names.empty()) {
        for (const elb::LoadBalancer &lb : ctx.cp().loadBalancers().list())
            items.push_back(loadBalancerJson(ctx, lb));
    }
    return pageOf(ctx, params, items, "LoadBalancers");
}

Result<json> deleteLoadBalancer(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"LoadBalancerArn"}))
        return *e;
    Result<elb::LoadBalancer> lb = loadBalancerParam(ctx, params);
    if (!lb)
        return lb.error();
    if (Status s = ctx.cp().loadBalancers().remove(lb->id); !s)
        return s.error();
    return json::object();
}

Result<json> modifyLoadBalancerAttributes(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"LoadBalancerArn", "Attributes"}))
        return *e;
    Result<elb::LoadBalancer> lb = loadBalancerParam(ctx, params);
    if (!lb)
        return lb.error();
    Result<elb::Attributes> changes = attributesParam(params);
    if (!changes)
        return changes.error();
    Result<elb::LoadBalancer> changed = ctx.cp().loadBalancers().modifyAttributes(lb->id, *changes);
    if (!changed)
        return changed.error();
    return json{{"Attributes", attributesJson(changed->attributes)}};
}

Result<json> describeLoadBalancerAttributes(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"LoadBalancerArn"}))
        return *e;
    Result<elb::LoadBalancer> lb = loadBalancerParam(ctx, params);
    if (!lb)
        return lb.error();
    return json{{"Attributes", attributesJson(lb->attributes)}};
}

} // namespace fd::api::elbv2
