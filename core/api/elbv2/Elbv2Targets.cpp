#include "Elbv2Codec.h"
#include "Elbv2Handlers.h"
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

Result<QList<ops::TargetSpec>> requiredTargets(const ApiContext &ctx, const json &params)
{
    Result<QList<ops::TargetSpec>> targets = targetsParam(ctx, params);
    if (targets && targets->isEmpty())
        return validation("Targets: at least one target is required", "Targets");
    return targets;
}

} // namespace

namespace {

// RegisterTargets and DeregisterTargets: the same members, one call on the target group.
using TargetsChange = Status (ops::TargetGroups::*)(const QString &, const QList<ops::TargetSpec> &);

Result<json> changeTargets(const ApiContext &ctx, const json &params, TargetsChange change)
{
    if (auto e = onlyMembers(params, {"TargetGroupArn", "Targets"}))
        return *e;
    Result<elb::TargetGroup> tg = targetGroupParam(ctx, params);
    if (!tg)
        return tg.error();
    Result<QList<ops::TargetSpec>> targets = requiredTargets(ctx, params);
    if (!targets)
        return targets.error();
    if (Status s = (ctx.cp().targetGroups().*change)(tg->id, *targets); !s)
        return s.error();
    return json::object();
}

} // namespace

Result<json> registerTargets(const ApiContext &ctx, const json &params)
{
    return changeTargets(ctx, params, &ops::TargetGroups::registerTargets);
}

Result<json> deregisterTargets(const ApiContext &ctx, const json &params)
{
    return changeTargets(ctx, params, &ops::TargetGroups::deregisterTargets);
}

Result<json> describeTargetHealth(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"TargetGroupArn", "Targets"}))
        return *e;
    Result<elb::TargetGroup> tg = targetGroupParam(ctx, params);
    if (!tg)
        return tg.error();
    Result<QList<ops::TargetSpec>> only = targetsParam(ctx, params);
    if (!only)
        return only.error();
    Result<QList<ops::TargetHealthView>> health = ctx.cp().targetGroups().health(tg->id, *only);
    if (!health)
        return health.error();
    json out = json::array();
    for (const ops::TargetHealthView &v : *health) {
        json th{{"State", str(elb::toString(v.state))}};
        if (!v.reason.isEmpty())
            th["Reason"] = str(v.reason);
        if (!v.description.isEmpty())
            th["Description"] = str(v.description);
        out.push_back(
            {{"Target", targetJson(v.target)}, {"HealthCheckPort", str(v.healthCheckPort)}, {"TargetHealth", th}});
    }
    return json{{"TargetHealthDescriptions", out}};
}

} // namespace fd::api::elbv2
