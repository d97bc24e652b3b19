#include "Elbv2Codec.h"

#include "ControlPlane.h"
#include "api/Params.h"
#include "elb/ElbArn.h"
#include "ops/LoadBalancers.h"
#include "ops/TargetGroups.h"
#include "registries/LoadBalancingRegistry.h"

#include <algorithm>

namespace fd::api::elbv2 {

namespace {

// Members AWS has that Fleetdeck does not serve, and why (so the error says more than "unknown").
struct Unsupported
{
    const char *member;
    const char *why;
};
constexpr Unsupported kUnsupported[] = {
    {"Certificates", "HTTPS listeners need certificates, which Fleetdeck does not manage"},
    {"SslPolicy", "HTTPS listeners are not served"},
    {"AlpnPolicy", "TLS listeners are not served"},
    {"MutualAuthentication", "mutual TLS is not served"},
    {"AuthenticateOidcConfig", "authenticate actions need an identity provider, which Fleetdeck does not have"},
    {"AuthenticateCognitoConfig", "authenticate actions need an identity provider, which Fleetdeck does not have"},
    {"JwtValidationConfig", "JWT validation actions are not served"},
    {"RegexValues", "regular-expression conditions are not served; use Values with * and ?"},
    {"Transforms", "rule transforms (host and URL rewrites) are not served"},
    {"ResetTransforms", "rule transforms are not served"},
    {"CustomerOwnedIpv4Pool", "Outposts are not served"},
    {"IpamPools", "IPAM pools are not served"},
    {"EnablePrefixForIpv6SourceNat", "IPv6 source NAT is not served"},
    {"TargetControlPort", "target control ports are not served"},
    {"QuicServerId", "QUIC is not served"},
    {"GrpcCode", "gRPC target groups are not served"},
    {"AllocationId", "Elastic IPs belong to network load balancers, which are not served"},
    {"PrivateIPv4Address", "fixed private addresses belong to network load balancers, which are not served"},
    {"IPv6Address", "fixed IPv6 addresses belong to network load balancers, which are not served"},
    {"SourceNatIpv6Prefix", "IPv6 source NAT is not served"},
    {"Include", "anomaly detection is not served"},
};

std::string join(const std::string &path, const std::string &member)
{
    return path.empty() ? member : path + "." + member;
}

Result<elb::WeightedTargetGroup> targetGroupRef(const ApiContext &ctx, const std::string &arnText,
                                                const std::string &at)
{
    Result<elb::TargetGroup> tg = ctx.cp().targetGroups().byArn(qstr(arnText));
    if (!tg) {
        Error e = tg.error();
        e.field = qstr(at);
        return e;
    }
    return elb::WeightedTargetGroup{tg->id, std::nullopt};
}

Result<elb::Action> forwardAction(const ApiContext &ctx, Params &p, const json &item, elb::Action a,
                                  const std::string &at)
{
    const auto single = p.string("TargetGroupArn");
    if (!p.ok())
        return p.error();
    const json &fc = item.contains("ForwardConfig") ? item["ForwardConfig"] : json();
    if (!fc.is_null()) {
        const std::string fat = at + ".ForwardConfig";
        if (!fc.is_object())
            return validation(fat + ": must be a structure", fat);
        if (auto e = onlyMembers(fc, {"TargetGroups", "TargetGroupStickinessConfig"}, fat))
            return *e;
        Result<std::vector<json>> groups = structList(fc, "TargetGroups", fat);
        if (!groups)
            return groups.error();
        for (std::size_t i = 0; i < groups->size(); ++i) {
            const std::string gat = fat + ".TargetGroups[" + std::to_string(i) + "]";
            if (auto e = onlyMembers((*groups)[i], {"TargetGroupArn", "Weight"}, gat))
                return *e;
            Params g(ctx, (*groups)[i], gat);
            const auto arnText = g.string("TargetGroupArn");
            const auto weight = g.integer("Weight");
            if (!g.ok())
                return g.error();
            if (!arnText)
                return validation(gat + ".TargetGroupArn: is required", gat);
            Result<elb::WeightedTargetGroup> ref = targetGroupRef(ctx, *arnText, gat);
            if (!ref)
                return ref.error();
            a.targetGroups.append({ref->targetGroupId, weight});
        }
        if (fc.contains("TargetGroupStickinessConfig")) {
            const std::string sat = fat + ".TargetGroupStickinessConfig";
            if (auto e = onlyMembers(fc["TargetGroupStickinessConfig"], {"Enabled", "DurationSeconds"}, sat))
                return *e;
            Params s(ctx, fc["TargetGroupStickinessConfig"], sat);
            a.stickinessEnabled = s.boolean("Enabled");
            a.stickinessDurationSeconds = s.integer("DurationSeconds");
            if (!s.ok())
                return s.error();
        }
    }
    if (single) {
        Result<elb::WeightedTargetGroup> ref = targetGroupRef(ctx, *single, at + ".TargetGroupArn");
        if (!ref)
            return ref.error();
        if (a.targetGroups.isEmpty()) {
            a.targetGroups.append(*ref);
            a.givenAsTargetGroupArn = true;
        } else if (a.targetGroups.size() != 1 || a.targetGroups.first().targetGroupId != ref->targetGroupId) {
            return validation(at + ": TargetGroupArn and ForwardConfig name different target groups; give one of them",
                              at);
        }
    }
    return a;
}

Result<elb::Action> actionFrom(const ApiContext &ctx, const json &item, const std::string &at)
{
    Params p(ctx, item, at);
    const auto type = p.string("Type");
    const auto order = p.integer("Order");
    if (!p.ok())
        return p.error();
    if (!type)
        return validation(at + ".Type: is required", at);
    elb::Action a;
    a.type = qstr(*type);
    a.order = order;
    if (*type == "forward") {
        if (auto e = onlyMembers(item, {"Type", "Order", "TargetGroupArn", "ForwardConfig"}, at))
            return *e;
        return forwardAction(ctx, p, item, a, at);
    }
    if (*type == "redirect") {
        if (auto e = onlyMembers(item, {"Type", "Order", "RedirectConfig"}, at))
            return *e;
        const std::string rat = at + ".RedirectConfig";
        if (!item.contains("RedirectConfig"))
            return validation(rat + ": is required for a redirect action", rat);
        if (auto e =
                onlyMembers(item["RedirectConfig"], {"Protocol", "Port", "Host", "Path", "Query", "StatusCode"}, rat))
            return *e;
        Params r(ctx, item["RedirectConfig"], rat);
        a.redirectProtocol = qstr(r.string("Protocol").value_or(str(a.redirectProtocol)));
        a.redirectPort = qstr(r.string("Port").value_or(str(a.redirectPort)));
        a.redirectHost = qstr(r.string("Host").value_or(str(a.redirectHost)));
        a.redirectPath = qstr(r.string("Path").value_or(str(a.redirectPath)));
        a.redirectQuery = qstr(r.string("Query").value_or(str(a.redirectQuery)));
        a.redirectStatusCode = qstr(r.string("StatusCode").value_or(""));
        if (!r.ok())
            return r.error();
        return a;
    }
    if (*type == "fixed-response") {
        if (auto e = onlyMembers(item, {"Type", "Order", "FixedResponseConfig"}, at))
            return *e;
        const std::string fat = at + ".FixedResponseConfig";
        if (!item.contains("FixedResponseConfig"))
            return validation(fat + ": is required for a fixed-response action", fat);
        if (auto e = onlyMembers(item["FixedResponseConfig"], {"StatusCode", "ContentType", "MessageBody"}, fat))
            return *e;
        Params f(ctx, item["FixedResponseConfig"], fat);
        a.fixedStatusCode = qstr(f.string("StatusCode").value_or(""));
        if (const auto ct = f.string("ContentType"))
            a.fixedContentType = qstr(*ct);
        if (const auto body = f.string("MessageBody"))
            a.fixedMessageBody = qstr(*body);
        if (!f.ok())
            return f.error();
        return a;
    }
    if (type->rfind("authenticate-", 0) == 0 || *type == "jwt-validation")
        return validation(at + ".Type: " + *type +
                              " actions are not served: they need an identity provider, which Fleetdeck does not have",
                          at);
    return validation(at + ".Type: '" + *type + "' is not forward, redirect or fixed-response", at);
}

} // namespace

const char *conditionConfigMember(const QString &field)
{
    if (field == u"host-header")
        return "HostHeaderConfig";
    if (field == u"path-pattern")
        return "PathPatternConfig";
    if (field == u"http-header")
        return "HttpHeaderConfig";
    if (field == u"http-request-method")
        return "HttpRequestMethodConfig";
    if (field == u"query-string")
        return "QueryStringConfig";
    if (field == u"source-ip")
        return "SourceIpConfig";
    return nullptr;
}

namespace {

Result<elb::Condition> conditionFrom(const ApiContext &ctx, const json &item, const std::string &at)
{
    if (auto e = onlyMembers(item,
                             {"Field", "Values", "HostHeaderConfig", "PathPatternConfig", "HttpHeaderConfig",
                              "HttpRequestMethodConfig", "QueryStringConfig", "SourceIpConfig"},
                             at))
        return *e;
    Params p(ctx, item, at);
    const auto field = p.string("Field");
    const std::vector<std::string> values = p.strings("Values");
    if (!p.ok())
        return p.error();
    if (!field)
        return validation(at + ".Field: a condition field must be specified", at);
    elb::Condition c;
    c.field = qstr(*field);
    const char *config = conditionConfigMember(c.field);
    if (!config)
        return validation(at + ".Field: '" + *field +
                              "' is not host-header, path-pattern, http-header, http-request-method, query-string or "
                              "source-ip",
                          at);
    for (const char *other : {"HostHeaderConfig", "PathPatternConfig", "HttpHeaderConfig", "HttpRequestMethodConfig",
                              "QueryStringConfig", "SourceIpConfig"}) {
        if (item.contains(other) && std::string(other) != config)
            return validation(at + "." + other + ": does not go with a condition of type '" + *field + "'", at);
    }
    const bool legacy = item.contains("Values");
    if (legacy && item.contains(config))
        return validation(
            at + ": you cannot provide both Values and '" + config + "' for a condition of type '" + *field + "'", at);
    if (legacy) {
        if (c.field != u"host-header" && c.field != u"path-pattern")
            return validation(at + ".Values: only host-header and path-pattern take Values; use " + config, at);
        for (const std::string &v : values)
            c.values.append(qstr(v));
        c.givenAsValues = true;
        return c;
    }
    const std::string cat = at + "." + config;
    const json &cfg = item.contains(config) ? item[config] : json::object();
    if (c.field == u"query-string") {
        if (auto e = onlyMembers(cfg, {"Values"}, cat))
            return *e;
        Result<std::vector<json>> pairs = structList(cfg, "Values", cat);
        if (!pairs)
            return pairs.error();
        for (std::size_t i = 0; i < pairs->size(); ++i) {
            const std::string pat = cat + ".Values[" + std::to_string(i) + "]";
            if (auto e = onlyMembers((*pairs)[i], {"Key", "Value"}, pat))
                return *e;
            Params kv(ctx, (*pairs)[i], pat);
            const auto key = kv.string("Key");
            const auto value = kv.string("Value");
            if (!kv.ok())
                return kv.error();
            c.queryPairs.append({qstr(key.value_or("")), qstr(value.value_or(""))});
        }
        return c;
    }
    if (c.field == u"http-header") {
        if (auto e = onlyMembers(cfg, {"HttpHeaderName", "Values"}, cat))
            return *e;
    } else if (auto e = onlyMembers(cfg, {"Values"}, cat)) {
        return *e;
    }
    Params cp(ctx, cfg, cat);
    c.httpHeaderName = qstr(cp.string("HttpHeaderName").value_or(""));
    for (const std::string &v : cp.strings("Values"))
        c.values.append(qstr(v));
    if (!cp.ok())
        return cp.error();
    return c;
}

} // namespace

std::string str(const QString &s)
{
    return s.toStdString();
}

QString qstr(const std::string &s)
{
    return QString::fromStdString(s);
}

Error validation(const std::string &message, const std::string &field)
{
    return makeError(QStringLiteral("ValidationError"), qstr(message), qstr(field));
}

std::optional<Error> onlyMembers(const json &object, std::initializer_list<const char *> allowed,
                                 const std::string &path)
{
    if (!object.is_object())
        return std::nullopt;
    for (const auto &[name, value] : object.items()) {
        if (std::any_of(allowed.begin(), allowed.end(), [&](const char *a) { return name == a; }))
            continue;
        const std::string at = join(path, name);
        for (const Unsupported &u : kUnsupported) {
            if (name == u.member)
                return validation(at + ": not supported by Fleetdeck (" + u.why + ")", at);
        }
        return validation(at + ": is not a member Fleetdeck knows here", at);
    }
    return std::nullopt;
}

Result<std::vector<json>> structList(const json &params, const char *member, const std::string &path)
{
    std::vector<json> out;
    if (!params.is_object() || !params.contains(member))
        return out;
    const json &v = params[member];
    const std::string at = join(path, member);
    if (v.is_string() && v.get<std::string>().empty())
        return out;
    if (!v.is_array())
        return validation(at + ": must be a list", at);
    for (const json &item : v) {
        if (!item.is_object())
            return validation(at + ": each item must be a structure", at);
        out.push_back(item);
    }
    return out;
}

Result<QString> requiredString(const ApiContext &ctx, const json &params, const char *member)
{
    Params p(ctx, params);
    const auto v = p.string(member);
    if (!p.ok())
        return p.error();
    if (!v || v->empty())
        return validation(std::string(member) + ": is required", member);
    return qstr(*v);
}

Result<tags::TagList> tagsParam(const json &params, const char *member)
{
    Result<std::vector<json>> items = structList(params, member);
    if (!items)
        return items.error();
    tags::TagList out;
    for (std::size_t i = 0; i < items->size(); ++i) {
        const json &t = (*items)[i];
        const std::string at = std::string(member) + "[" + std::to_string(i) + "]";
        if (auto e = onlyMembers(t, {"Key", "Value"}, at))
            return *e;
        const json key = t.value("Key", json()), value = t.value("Value", json(""));
        if (!key.is_string() || !value.is_string())
            return validation(at + ": Key is required; Key and Value are text", at);
        out.append({qstr(key.get<std::string>()), qstr(value.get<std::string>())});
    }
    return out;
}

Result<elb::Attributes> attributesParam(const json &params)
{
    Result<std::vector<json>> items = structList(params, "Attributes");
    if (!items)
        return items.error();
    elb::Attributes out;
    for (std::size_t i = 0; i < items->size(); ++i) {
        const json &a = (*items)[i];
        const std::string at = "Attributes[" + std::to_string(i) + "]";
        if (auto e = onlyMembers(a, {"Key", "Value"}, at))
            return *e;
        const json key = a.value("Key", json()), value = a.value("Value", json(""));
        if (!key.is_string() || !value.is_string())
            return validation(at + ": Key is required; Key and Value are text", at);
        out.append({qstr(key.get<std::string>()), qstr(value.get<std::string>())});
    }
    return out;
}

Result<QList<elb::Action>> actionsParam(const ApiContext &ctx, const json &params, const char *member)
{
    Result<std::vector<json>> items = structList(params, member);
    if (!items)
        return items.error();
    QList<elb::Action> out;
    for (std::size_t i = 0; i < items->size(); ++i) {
        Result<elb::Action> a = actionFrom(ctx, (*items)[i], std::string(member) + "[" + std::to_string(i) + "]");
        if (!a)
            return a.error();
        out.append(std::move(a).value());
    }
    return out;
}

Result<QList<elb::Condition>> conditionsParam(const ApiContext &ctx, const json &params)
{
    Result<std::vector<json>> items = structList(params, "Conditions");
    if (!items)
        return items.error();
    QList<elb::Condition> out;
    for (std::size_t i = 0; i < items->size(); ++i) {
        Result<elb::Condition> c = conditionFrom(ctx, (*items)[i], "Conditions[" + std::to_string(i) + "]");
        if (!c)
            return c.error();
        out.append(std::move(c).value());
    }
    return out;
}

Result<QList<ops::TargetSpec>> targetsParam(const ApiContext &ctx, const json &params)
{
    Result<std::vector<json>> items = structList(params, "Targets");
    if (!items)
        return items.error();
    QList<ops::TargetSpec> out;
    for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string at = "Targets[" + std::to_string(i) + "]";
        if (auto e = onlyMembers((*items)[i], {"Id", "Port", "AvailabilityZone"}, at))
            return *e;
        Params p(ctx, (*items)[i], at);
        const auto id = p.string("Id");
        const auto port = p.integer("Port");
        const auto zone = p.string("AvailabilityZone");
        if (!p.ok())
            return p.error();
        if (!id || id->empty())
            return validation(at + ".Id: is required", at);
        out.append({qstr(*id), port, qstr(zone.value_or(""))});
    }
    return out;
}

Result<json> pageOf(const ApiContext &ctx, const json &params, const std::vector<json> &items, const char *member)
{
    Params p(ctx, params);
    PageStyle style;
    style.sizeMember = "PageSize";
    style.tokenMember = "Marker";
    style.nextTokenMember = "NextMarker";
    style.maxSize = 400;
    style.defaultSize = 400;
    return page(items, p, member, style);
}

} // namespace fd::api::elbv2
