// DescribeCapacityProviders, CreateCapacityProvider, UpdateCapacityProvider, DeleteCapacityProvider.
// FARGATE and FARGATE_SPOT are built in (ACTIVE, as every ECS account has them, reserved: neither
// updated nor deleted). Providers backed by Auto Scaling groups need a group that exists, and
// Fleetdeck has none yet: creating one answers an error naming the group instead of storing a
// provider backed by nothing.

#include "EcsHandlers.h"
#include "model/Arn.h"
#include "ops/Clusters.h"

namespace fd::api::ecs {

namespace {

std::string capacityProviderArn(const QString &region, const QString &name)
{
    return str(
        QStringLiteral("arn:aws:ecs:%1:%2:capacity-provider/%3").arg(region, QLatin1String(arn::kAccount), name));
}

// A name or an ARN ("...:capacity-provider/NAME") -> the name.
QString capacityProviderName(const std::string &reference)
{
    const QString r = qstr(reference);
    const qsizetype at = r.indexOf(QLatin1String(":capacity-provider/"));
    return r.startsWith(QLatin1String("arn:")) && at >= 0 ? r.mid(at + qsizetype(strlen(":capacity-provider/"))) : r;
}

json builtInJson(const ApiContext &ctx, const QString &name, bool withTags)
{
    json out{
        {"capacityProviderArn", capacityProviderArn(ctx.region, name)},
        {"name", str(name)},
        {"status", "ACTIVE"},
        {"type", str(name)}, // FARGATE or FARGATE_SPOT
    };
    if (withTags)
        out["tags"] = json::array();
    return out;
}

// The ACTIVE clusters whose capacityProviders name `provider`, by name.
QStringList clustersAssociating(const ApiContext &ctx, const QString &provider)
{
    QStringList out;
    for (const Cluster &c : ctx.cp().clusters().list()) {
        if (c.capacityProviders.contains(provider))
            out.append(c.name);
    }
    return out;
}

// A reserved provider can never be deleted, associated or not; the message says where it is
// associated, which is what a user who wants it gone can change.
Error reserved(const ApiContext &ctx, const QString &name, const char *what)
{
    const QStringList clusters = clustersAssociating(ctx, name);
    const QString where =
        clusters.isEmpty()
            ? QStringLiteral("No cluster has it associated.")
            : QStringLiteral("To stop using it, remove it from the %1 %2 with PutClusterCapacityProviders.")
                  .arg(clusters.size() == 1 ? QStringLiteral("cluster") : QStringLiteral("clusters"),
                       clusters.join(QStringLiteral(", ")));
    return invalidParameter(
        str(QStringLiteral("The %1 capacity provider is reserved by Amazon ECS and cannot be %2. %3")
                .arg(name, QLatin1String(what), where)));
}

Error notFound(const QString &name)
{
    return invalidParameter(str(QStringLiteral("The specified capacity provider %1 does not exist. Fleetdeck has %2 "
                                               "only (providers backed by Auto Scaling groups are not available yet).")
                                    .arg(name, ops::kBuiltInCapacityProviders.join(QStringLiteral(" and ")))));
}

// The `cluster` member these operations take (for ECS Managed Instances): when given it must exist.
std::optional<Error> checkOptionalCluster(const ApiContext &ctx, Params &p)
{
    const auto cluster = p.string("cluster");
    if (!p.ok())
        return p.error();
    if (!cluster)
        return std::nullopt;
    if (Result<Cluster> c = ctx.cp().clusters().active(qstr(*cluster)); !c)
        return c.error();
    return std::nullopt;
}

std::optional<Error> refuseManagedInstances(Params &p)
{
    if (p.raw("managedInstancesProvider").is_null())
        return std::nullopt;
    return invalidParameter("managedInstancesProvider: Amazon ECS Managed Instances are not available in Fleetdeck "
                            "(there is no EC2 to launch them on); register container instances instead");
}

} // namespace

Result<json> describeCapacityProviders(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    const std::vector<std::string> references = p.strings("capacityProviders");
    if (!p.ok())
        return p.error();
    const auto clusterName = p.string("cluster");
    if (!p.ok())
        return p.error();
    // With a cluster, only the capacity providers associated with it (PutClusterCapacityProviders).
    std::optional<QStringList> ofCluster;
    if (clusterName) {
        Result<Cluster> c = ctx.cp().clusters().active(qstr(*clusterName));
        if (!c)
            return c.error();
        ofCluster = c->capacityProviders;
    }
    Result<bool> withTags = includesTags(p, {"TAGS"});
    if (!withTags)
        return withTags.error();
    std::vector<json> found;
    json failures = json::array();
    if (references.empty()) {
        for (const QString &name : ops::kBuiltInCapacityProviders)
            if (!ofCluster || ofCluster->contains(name))
                found.push_back(builtInJson(ctx, name, *withTags));
    } else {
        if (references.size() > 100)
            return invalidParameter("capacityProviders: at most 100 names");
        for (const std::string &r : references) {
            const QString name = capacityProviderName(r);
            if (ops::kBuiltInCapacityProviders.contains(name) && (!ofCluster || ofCluster->contains(name)))
                found.push_back(builtInJson(ctx, name, *withTags));
            else
                failures.push_back(json{{"arn", r.rfind("arn:", 0) == 0 ? r : capacityProviderArn(ctx.region, name)},
                                        {"reason", "MISSING"}});
        }
    }
    PageStyle style;
    style.maxSize = 10;
    style.defaultSize = 10;
    Result<json> out = page(found, p, "capacityProviders", style);
    if (!out)
        return out.error();
    json answer = std::move(out).value();
    answer["failures"] = failures;
    return answer;
}

Result<json> createCapacityProvider(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    const auto name = p.string("name");
    if (!p.ok())
        return p.error();
    if (!name || name->empty())
        return invalidParameter("name: is required");
    const QString n = qstr(*name);
    for (const char *prefix : {"aws", "ecs", "fargate"})
        if (n.startsWith(QLatin1String(prefix), Qt::CaseInsensitive))
            return invalidParameter(str(QStringLiteral("name: \"%1\" cannot start with \"aws\", \"ecs\" or "
                                                       "\"fargate\" (reserved for Amazon ECS)")
                                            .arg(n)));
    if (!ops::isValidName(n))
        return invalidParameter(str(
            QStringLiteral("name: must be 1 to 255 letters, numbers, hyphens and underscores (got \"%1\")").arg(n)));
    if (std::optional<Error> e = checkOptionalCluster(ctx, p))
        return *e;
    if (std::optional<Error> e = refuseManagedInstances(p))
        return *e;
    Result<tags::TagList> tags = tagsParam(p, "tags");
    if (!tags)
        return tags.error();
    Params asg = p.object("autoScalingGroupProvider");
    const auto groupArn = asg.string("autoScalingGroupArn");
    if (!asg.ok())
        return asg.error();
    if (p.raw("autoScalingGroupProvider").is_null())
        return invalidParameter("autoScalingGroupProvider: is required (the Auto Scaling group that provides the "
                                "capacity)");
    if (!groupArn || groupArn->empty())
        return invalidParameter("autoScalingGroupProvider.autoScalingGroupArn: is required");
    // ECS checks that the group exists before it creates the provider; Fleetdeck has no groups yet.
    return invalidParameter(str(QStringLiteral("autoScalingGroupProvider.autoScalingGroupArn: the Auto Scaling group "
                                               "%1 was not found. Fleetdeck has no EC2 Auto Scaling groups yet, so "
                                               "only the built-in FARGATE and FARGATE_SPOT capacity providers exist.")
                                    .arg(qstr(*groupArn))));
}

Result<json> updateCapacityProvider(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    const auto name = p.string("name");
    if (!p.ok())
        return p.error();
    if (!name || name->empty())
        return invalidParameter("name: is required");
    if (std::optional<Error> e = checkOptionalCluster(ctx, p))
        return *e;
    if (std::optional<Error> e = refuseManagedInstances(p))
        return *e;
    // Read (its type checked) before the refusal below: no provider here has an Auto Scaling group.
    (void)p.object("autoScalingGroupProvider");
    if (!p.ok())
        return p.error();
    const QString n = capacityProviderName(*name);
    if (ops::kBuiltInCapacityProviders.contains(n))
        return reserved(ctx, n, "updated");
    return notFound(n);
}

Result<json> deleteCapacityProvider(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    const auto reference = p.string("capacityProvider");
    if (!p.ok())
        return p.error();
    if (!reference || reference->empty())
        return invalidParameter("capacityProvider: is required");
    if (std::optional<Error> e = checkOptionalCluster(ctx, p))
        return *e;
    const QString n = capacityProviderName(*reference);
    if (ops::kBuiltInCapacityProviders.contains(n))
        return reserved(ctx, n, "deleted");
    return notFound(n);
}

} // namespace fd::api::ecs
