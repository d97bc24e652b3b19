#include "EcsHandlers.h"
#include "model/Arn.h"
#include "state/Kinds.h"
#include "tags/TagRegistry.h"
#include "ops/Clusters.h"

namespace fd::api::ecs {

namespace {

json clusterJson(const Cluster &c, const QString &region, const tags::TagList &tags = {})
{
    return json{
        {"clusterArn", str(arn::cluster(region, c.name))},
        {"clusterName", str(c.name)},
        {"status", str(c.status)},
        {"registeredContainerInstancesCount", c.registeredContainerInstancesCount},
        {"runningTasksCount", c.runningTasksCount},
        {"pendingTasksCount", c.pendingTasksCount},
        {"activeServicesCount", c.activeServicesCount},
        {"statistics", json::array()},
        {"tags", tagsJson(tags)},
        {"settings", json::array({json{{"name", "containerInsights"}, {"value", "disabled"}}})},
        {"capacityProviders", json::array()},
        {"defaultCapacityProviderStrategy", json::array()},
    };
}

} // namespace

Result<json> createCluster(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    const auto name = p.string("clusterName");
    if (!p.ok())
        return p.error();
    Result<tags::TagList> tags = tagsParam(p, "tags");
    if (!tags)
        return tags.error();
    // Cluster settings and capacity providers are not kept yet: refused rather than forgotten, except
    // containerInsights disabled, which is what every cluster here reads back.
    if (const json &settings = p.raw("settings"); settings.is_array()) {
        for (const json &s : settings) {
            if (!(s.is_object() && s.value("name", json()) == "containerInsights" &&
                  s.value("value", json()) == "disabled"))
                return invalidParameter("settings: cluster settings are not kept yet (containerInsights disabled "
                                        "only)");
        }
    } else if (auto e = notEmulated(p, "settings", "list", "")) {
        return *e;
    }
    if (auto e = notEmulated(p, "configuration", "structure",
                             "ECS Exec and managed storage configuration are not available"))
        return *e;
    if (auto e = notEmulated(p, "capacityProviders", "list", "Fleetdeck has no capacity providers"))
        return *e;
    if (auto e = notEmulated(p, "defaultCapacityProviderStrategy", "list", "Fleetdeck has no capacity providers"))
        return *e;
    if (auto e = notEmulated(p, "serviceConnectDefaults", "structure",
                             "Service Connect needs AWS Cloud Map, which Fleetdeck does not have"))
        return *e;
    Result<Cluster> c = ctx.cp().clusters().create(qstr(name.value_or("")), *tags);
    if (!c)
        return c.error();
    return json{{"cluster", clusterJson(*c, ctx.region, ctx.cp().tagRegistry().tags(state::kClusterKind, c->name))}};
}

Result<json> describeClusters(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    std::vector<std::string> names = p.strings("clusters");
    if (!p.ok())
        return p.error();
    if (names.empty())
        names.push_back("default");
    if (names.size() > 100)
        return invalidParameter("clusters: at most 100 names");
    Result<bool> withTags = includesTags(p, {"ATTACHMENTS", "CONFIGURATIONS", "SETTINGS", "STATISTICS", "TAGS"});
    if (!withTags)
        return withTags.error();
    return describeEach(
        names, "clusters",
        [&](const std::string &n) -> std::optional<json> {
            if (auto c = ctx.cp().clusters().find(qstr(n)))
                return clusterJson(*c, ctx.region,
                                   *withTags ? ctx.cp().tagRegistry().tags(state::kClusterKind, c->name)
                                             : tags::TagList{});
            return std::nullopt;
        },
        [&](const std::string &n) { return str(arn::cluster(ctx.region, qstr(n))); });
}

Result<json> listClusters(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    std::vector<std::string> arns;
    for (const Cluster &c : ctx.cp().clusters().list())
        arns.push_back(str(arn::cluster(ctx.region, c.name)));
    return page(arns, p, "clusterArns");
}

Result<json> deleteCluster(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    const auto name = p.string("cluster");
    if (!p.ok())
        return p.error();
    if (!name)
        return invalidParameter("cluster: is required");
    Result<Cluster> c = ctx.cp().clusters().remove(qstr(*name));
    if (!c)
        return c.error();
    return json{{"cluster", clusterJson(*c, ctx.region)}};
}

} // namespace fd::api::ecs
