#include "Elbv2Codec.h"
#include "Elbv2Handlers.h"
#include "ops/LoadBalancers.h"
#include "ops/TargetGroups.h"

namespace fd::api::elbv2 {

namespace {

Result<elb::TargetGroup> targetGroupParam(const ApiContext &ctx, const json &params)
{
    Result<QString> arnText = requiredString(ctx, params, "TargetGroupArn");
    if (!arnText)
        return arnText.error();
    return ctx.cp().targetGroups().byArn(*arnText);
}

// The health check members CreateTargetGroup and ModifyTargetGroup share.
Result<ops::HealthCheckChange> healthCheckParams(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    ops::HealthCheckChange c;
    c.enabled = p.boolean("HealthCheckEnabled");
    if (const auto v = p.string("HealthCheckProtocol"))
        c.protocol = qstr(*v);
    if (const auto v = p.string("HealthCheckPort"))
        c.port = qstr(*v);
    if (const auto v = p.string("HealthCheckPath"))
        c.path = qstr(*v);
    c.intervalSeconds = p.integer("HealthCheckIntervalSeconds");
    c.timeoutSeconds = p.integer("HealthCheckTimeoutSeconds");
    c.healthyThreshold = p.integer("HealthyThresholdCount");
    c.unhealthyThreshold = p.integer("UnhealthyThresholdCount");
    if (!p.ok())
        return p.error();
    if (params.contains("Matcher")) {
        if (auto e = onlyMembers(params["Matcher"], {"HttpCode"}, "Matcher"))
            return *e;
        Params m(ctx, params["Matcher"], "Matcher");
        const auto code = m.string("HttpCode");
        if (!m.ok())
            return m.error();
        if (!code)
            return validation("Matcher.HttpCode: is required", "Matcher");
        c.matcher = qstr(*code);
    }
    return c;
}

elb::HealthCheck applied(elb::HealthCheck h, const ops::HealthCheckChange &c)
{
    h.enabled = c.enabled.value_or(h.enabled);
    h.protocol = c.protocol.value_or(h.protocol);
    h.port = c.port.value_or(h.port);
    h.path = c.path.value_or(h.path);
    h.intervalSeconds = c.intervalSeconds.value_or(h.intervalSeconds);
    h.timeoutSeconds = c.timeoutSeconds.value_or(h.timeoutSeconds);
    h.healthyThreshold = c.healthyThreshold.value_or(h.healthyThreshold);
    h.unhealthyThreshold = c.unhealthyThreshold.value_or(h.unhealthyThreshold);
    h.matcher = c.matcher.value_or(h.matcher);
    return h;
}

} // namespace

Result<json> createTargetGroup(const ApiContext &ctx, const json &params)
{
    if (auto e =
            onlyMembers(params, {"Name", "Protocol", "ProtocolVersion", "Port", "VpcId", "HealthCheckProtocol",
                                 "HealthCheckPort", "HealthCheckEnabled", "HealthCheckPath",
                                 "HealthCheckIntervalSeconds", "HealthCheckTimeoutSeconds", "HealthyThresholdCount",
                                 "UnhealthyThresholdCount", "Matcher", "TargetType", "Tags", "IpAddressType"}))
        return *e;
    Params p(ctx, params);
    ops::TargetGroupRequest r;
    r.name = qstr(p.string("Name").value_or(""));
    r.protocol = qstr(p.string("Protocol").value_or("HTTP"));
    r.protocolVersion = qstr(p.string("ProtocolVersion").value_or("HTTP1"));
    r.port = p.integer("Port");
    r.vpcId = qstr(p.string("VpcId").value_or(""));
    r.targetType = qstr(p.string("TargetType").value_or("instance"));
    r.ipAddressType = qstr(p.string("IpAddressType").value_or("ipv4"));
    if (!p.ok())
        return p.error();
    Result<ops::HealthCheckChange> hc = healthCheckParams(ctx, params);
    if (!hc)
        return hc.error();
    r.healthCheck = applied(elb::HealthCheck{}, *hc);
    Result<tags::TagList> tags = tagsParam(params);
    if (!tags)
        return tags.error();
    r.tags = *tags;
    Result<elb::TargetGroup> tg = ctx.cp().targetGroups().create(r);
    if (!tg)
        return tg.error();
    return json{{"TargetGroups", json::array({targetGroupJson(ctx, *tg)})}};
}

Result<json> describeTargetGroups(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"LoadBalancerArn", "TargetGroupArns", "Names", "Marker", "PageSize"}))
        return *e;
    Params p(ctx, params);
    const auto lbArn = p.string("LoadBalancerArn");
    const std::vector<std::string> arns = p.strings("TargetGroupArns");
    const std::vector<std::string> names = p.strings("Names");
    if (!p.ok())
        return p.error();
    if (int(lbArn.has_value()) + int(!arns.empty()) + int(!names.empty()) > 1)
        return validation("give only one of LoadBalancerArn, TargetGroupArns and Names", "TargetGroupArns");
    std::vector<json> items;
    if (lbArn) {
        Result<elb::LoadBalancer> lb = ctx.cp().loadBalancers().byArn(qstr(*lbArn));
        if (!lb)
            return lb.error();
        for (const elb::TargetGroup &tg : ctx.cp().targetGroups().list()) {
            if (ctx.cp().targetGroups().loadBalancerIds(tg.id).contains(lb->id))
                items.push_back(targetGroupJson(ctx, tg));
        }
    }
    for (const std::string &a : arns) {
        Result<elb::TargetGroup> tg = ctx.cp().targetGroups().byArn(qstr(a));
        if (!tg)
            return tg.error();
        items.push_back(targetGroupJson(ctx, *tg));
    }
    for (const std::string &n : names) {
        const auto tg = ctx.cp().targetGroups().findNamed(qstr(n));
        if (!tg)
            return makeError(QStringLiteral("TargetGroupNotFound"),
                             QStringLiteral("Target groups '[%1]' not found").arg(qstr(n)));
        items.push_back(targetGroupJson(ctx, *tg));
    }
    if (!lbArn && arns.empty() && names.empty()) {
        for (const elb::TargetGroup &tg : ctx.cp().targetGroups().list())
            items.push_back(targetGroupJson(ctx, tg));
    }
    return pageOf(ctx, params, items, "TargetGroups");
}

Result<json> modifyTargetGroup(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"TargetGroupArn", "HealthCheckProtocol", "HealthCheckPort", "HealthCheckPath",
                                      "HealthCheckEnabled", "HealthCheckIntervalSeconds", "HealthCheckTimeoutSeconds",
                                      "HealthyThresholdCount", "UnhealthyThresholdCount", "Matcher"}))
        return *e;
    Result<elb::TargetGroup> tg = targetGroupParam(ctx, params);
    if (!tg)
        return tg.error();
    Result<ops::HealthCheckChange> hc = healthCheckParams(ctx, params);
    if (!hc)
        return hc.error();
    Result<elb::TargetGroup> changed = ctx.cp().targetGroups().modifyHealthCheck(tg->id, *hc);
    if (!changed)
        return changed.error();
    return json{{"TargetGroups", json::array({targetGroupJson(ctx, *changed)})}};
}

Result<json> deleteTargetGroup(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"TargetGroupArn"}))
        return *e;
    Result<elb::TargetGroup> tg = targetGroupParam(ctx, params);
    if (!tg) {
        // AWS's DeleteTargetGroup has no not-found error: deleting what is gone succeeds.
        if (tg.error().code == u"TargetGroupNotFound")
            return json::object();
        return tg.error();
    }
    if (Status s = ctx.cp().targetGroups().remove(tg->id); !s)
        return s.error();
    return json::object();
}

Result<json> describeTargetGroupAttributes(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"TargetGroupArn"}))
        return *e;
    Result<elb::TargetGroup> tg = targetGroupParam(ctx, params);
    if (!tg)
        return tg.error();
    return json{{"Attributes", attributesJson(tg->attributes)}};
}

Result<json> modifyTargetGroupAttributes(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"TargetGroupArn", "Attributes"}))
        return *e;
    Result<elb::TargetGroup> tg = targetGroupParam(ctx, params);
    if (!tg)
        return tg.error();
    Result<elb::Attributes> changes = attributesParam(params);
    if (!changes)
        return changes.error();
    Result<elb::TargetGroup> changed = ctx.cp().targetGroups().modifyAttributes(tg->id, *changes);
    if (!changed)
        return changed.error();
    return json{{"Attributes", attributesJson(changed->attributes)}};
}

} // namespace fd::api::elbv2
