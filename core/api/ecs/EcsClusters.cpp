// CreateCluster, DescribeClusters, ListClusters, DeleteCluster, UpdateCluster, UpdateClusterSettings and
// PutClusterCapacityProviders: a cluster's settings (containerInsights), configuration
// (executeCommandConfiguration as far as Fleetdeck honours it) and capacity providers are kept and
// described back as written.

#include "EcsHandlers.h"
#include "model/Arn.h"
#include "ops/AccountSettings.h"
#include "ops/Clusters.h"
#include "state/Kinds.h"
#include "tags/TagRegistry.h"

namespace fd::api::ecs {

namespace {

// Which optional parts of a cluster an answer carries (DescribeClusters' `include`).
struct ClusterParts
{
    bool settings = true;
    bool configurations = true;
    bool tags = true;
    bool attachments = false;
};

json strategyJson(const QList<CapacityProviderStrategyItem> &strategy)
{
    json out = json::array();
    for (const CapacityProviderStrategyItem &i : strategy)
        out.push_back(json{{"capacityProvider", str(i.capacityProvider)}, {"weight", i.weight}, {"base", i.base}});
    return out;
}

json configurationJson(const ClusterConfiguration &c)
{
    json out = json::object();
    if (c.hasExecuteCommandConfiguration) {
        json exec = json::object();
        if (!c.executeCommandLogging.isEmpty())
            exec["logging"] = str(c.executeCommandLogging);
        out["executeCommandConfiguration"] = exec;
    }
    return out;
}

json clusterJson(const ApiContext &ctx, const Cluster &c, const ClusterParts &parts = {})
{
    json out{
        {"clusterArn", str(arn::cluster(ctx.region, c.name))},
        {"clusterName", str(c.name)},
        {"status", str(c.status)},
        {"registeredContainerInstancesCount", c.registeredContainerInstancesCount},
        {"runningTasksCount", c.runningTasksCount},
        {"pendingTasksCount", c.pendingTasksCount},
        {"activeServicesCount", c.activeServicesCount},
        {"statistics", json::array()},
        {"tags", tagsJson(parts.tags ? ctx.cp().tagRegistry().tags(state::kClusterKind, c.name) : tags::TagList{})},
        {"capacityProviders", json::array()},
        {"defaultCapacityProviderStrategy", strategyJson(c.defaultCapacityProviderStrategy)},
    };
    for (const QString &p : c.capacityProviders)
        out["capacityProviders"].push_back(str(p));
    if (parts.settings)
        out["settings"] = json::array({json{{"name", "containerInsights"}, {"value", str(c.containerInsights)}}});
    if (parts.configurations && c.configuration)
        out["configuration"] = configurationJson(*c.configuration);
    if (parts.attachments)
        out["attachments"] = json::array();
    return out;
}

Error refusedMember(const std::string &member, const std::string &why)
{
    return invalidParameter(member + ": " + why);
}

// `settings`: [{name: containerInsights, value: enabled|disabled|enhanced}]; absent: nullopt.
Result<std::optional<QString>> settingsParam(Params &p)
{
    const json &list = p.raw("settings");
    if (list.is_null() || (list.is_string() && list.get<std::string>().empty()))
        return std::optional<QString>();
    if (!list.is_array())
        return invalidParameter("settings: must be a list of {name, value}");
    std::optional<QString> insights;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string at = "settings[" + std::to_string(i) + "]";
        const json &s = list[i];
        if (!s.is_object())
            return invalidParameter(at + ": must be an object with name and value");
        const json name = s.value("name", json());
        const json value = s.value("value", json());
        if (!name.is_string() || name.get<std::string>() != "containerInsights")
            return invalidParameter(at + ".name: must be containerInsights (the one cluster setting ECS has)");
        if (!value.is_string())
            return invalidParameter(at + ".value: is required: enabled, disabled or enhanced");
        const std::string v = value.get<std::string>();
        if (v != "enabled" && v != "disabled" && v != "enhanced")
            return invalidParameter(at + ".value: \"" + v + "\" is not enabled, disabled or enhanced");
        if (insights)
            return invalidParameter(at + ": containerInsights is given twice");
        insights = qstr(v);
    }
    return insights;
}

// `configuration`: executeCommandConfiguration with `logging` DEFAULT or NONE. A KMS key, a log
// configuration (CloudWatch Logs or S3), OVERRIDE logging and managedStorageConfiguration need AWS
// services Fleetdeck does not have: refused by name rather than kept and ignored.
Result<std::optional<ClusterConfiguration>> configurationParam(Params &p)
{
    const json &conf = p.raw("configuration");
    if (conf.is_null())
        return std::optional<ClusterConfiguration>();
    if (!conf.is_object())
        return invalidParameter("configuration: must be an object");
    for (const auto &[key, value] : conf.items()) {
        if (key == "managedStorageConfiguration")
            return refusedMember("configuration.managedStorageConfiguration",
                                 "KMS keys for managed and Fargate ephemeral storage are not available in Fleetdeck "
                                 "(there is no AWS KMS here); leave it out");
        if (key != "executeCommandConfiguration")
            return refusedMember("configuration." + key, "is not a member of ClusterConfiguration");
    }
    ClusterConfiguration out;
    const json &exec = conf.value("executeCommandConfiguration", json());
    if (!exec.is_null()) {
        if (!exec.is_object())
            return invalidParameter("configuration.executeCommandConfiguration: must be an object");
        out.hasExecuteCommandConfiguration = true;
        for (const auto &[key, value] : exec.items()) {
            const std::string at = "configuration.executeCommandConfiguration." + key;
            if (key == "kmsKeyId")
                return refusedMember(at, "there is no AWS KMS in Fleetdeck to encrypt ECS Exec sessions with; leave "
                                         "it out");
            if (key == "logConfiguration")
                return refusedMember(at, "ECS Exec session logs go to CloudWatch Logs or S3, neither of which "
                                         "Fleetdeck has; use logging DEFAULT or NONE");
            if (key != "logging")
                return refusedMember(at, "is not a member of ExecuteCommandConfiguration");
            if (!value.is_string())
                return invalidParameter(at + ": must be NONE, DEFAULT or OVERRIDE");
            const std::string v = value.get<std::string>();
            if (v == "OVERRIDE")
                return refusedMember(at, "OVERRIDE sends ECS Exec logs to the logConfiguration's CloudWatch Logs "
                                         "group or S3 bucket, which Fleetdeck does not have; use DEFAULT or NONE");
            if (v != "NONE" && v != "DEFAULT")
                return invalidParameter(at + ": \"" + v + "\" is not NONE, DEFAULT or OVERRIDE");
            out.executeCommandLogging = qstr(v);
        }
    }
    return std::optional<ClusterConfiguration>(out);
}

// `serviceConnectDefaults`: a Cloud Map namespace, and Fleetdeck has none. UpdateCluster's empty
// namespace (which clears the default) is allowed: there is nothing to clear.
std::optional<Error> checkServiceConnectDefaults(Params &p, bool allowClear)
{
    const json &scd = p.raw("serviceConnectDefaults");
    if (scd.is_null())
        return std::nullopt;
    if (!scd.is_object() || !scd.value("namespace", json()).is_string())
        return invalidParameter("serviceConnectDefaults.namespace: is required and must be a string");
    const std::string ns = scd["namespace"].get<std::string>();
    if (ns.empty() && allowClear)
        return std::nullopt;
    return makeError(QStringLiteral("NamespaceNotFoundException"),
                     QStringLiteral("serviceConnectDefaults.namespace: the namespace \"%1\" was not found. Fleetdeck "
                                    "has no AWS Cloud Map namespaces, so Service Connect is not available; leave "
                                    "serviceConnectDefaults out.")
                         .arg(qstr(ns)));
}

} // namespace

Result<std::optional<QList<CapacityProviderStrategyItem>>> capacityProviderStrategyParam(const ApiContext &ctx,
                                                                                         Params &p, const char *member)
{
    using Out = std::optional<QList<CapacityProviderStrategyItem>>;
    const json &list = p.raw(member);
    if (list.is_null())
        return Out();
    if (list.is_string() && list.get<std::string>().empty())
        return Out(QList<CapacityProviderStrategyItem>());
    if (!list.is_array())
        return invalidParameter(std::string(member) + ": must be a list of {capacityProvider, weight, base}");
    QList<CapacityProviderStrategyItem> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string at = std::string(member) + "[" + std::to_string(i) + "]";
        if (!list[i].is_object())
            return invalidParameter(at + ": must be an object with capacityProvider, weight and base");
        Params item(ctx, list[i], at);
        const auto provider = item.string("capacityProvider");
        const auto weight = item.integer("weight");
        const auto base = item.integer("base");
        if (!item.ok())
            return item.error();
        if (!provider || provider->empty())
            return invalidParameter(at + ".capacityProvider: is required");
        out.append({qstr(*provider), weight.value_or(0), base.value_or(0)});
    }
    return Out(out);
}

Result<json> createCluster(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    const auto name = p.string("clusterName");
    const std::vector<std::string> providers = p.strings("capacityProviders");
    if (!p.ok())
        return p.error();
    Result<tags::TagList> tags = tagsParam(p, "tags");
    if (!tags)
        return tags.error();
    ops::ClusterSpec spec;
    Result<std::optional<QString>> insights = settingsParam(p);
    if (!insights)
        return insights.error();
    spec.containerInsights = *insights;
    Result<std::optional<ClusterConfiguration>> configuration = configurationParam(p);
    if (!configuration)
        return configuration.error();
    spec.configuration = *configuration;
    if (std::optional<Error> e = checkServiceConnectDefaults(p, false))
        return *e;
    if (!p.raw("capacityProviders").is_null()) {
        QStringList list;
        for (const std::string &s : providers)
            list.append(qstr(s));
        spec.capacityProviders = list;
    }
    Result<std::optional<QList<CapacityProviderStrategyItem>>> strategy =
        capacityProviderStrategyParam(ctx, p, "defaultCapacityProviderStrategy");
    if (!strategy)
        return strategy.error();
    spec.defaultCapacityProviderStrategy = *strategy;

    const QString clusterName = qstr(name.value_or(""));
    const bool exists = [&] {
        const auto c = ctx.cp().clusters().find(clusterName.isEmpty() ? QStringLiteral("default") : clusterName);
        return c && c->status == u"ACTIVE";
    }();
    // A new cluster without containerInsights takes the caller's account setting (as ECS does).
    if (!spec.containerInsights && !exists)
        spec.containerInsights =
            ctx.cp()
                .accountSettings()
                .effective(ops::AccountSettings::callerArn(qstr(ctx.accessKeyId)), QStringLiteral("containerInsights"))
                .value;
    Result<Cluster> c = ctx.cp().clusters().create(clusterName, *tags, spec);
    if (!c)
        return c.error();
    return json{{"cluster", clusterJson(ctx, *c)}};
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
    // As ECS documents it: settings, configuration, attachments and tags only when `include` asks.
    const std::vector<std::string> include = p.strings("include");
    const auto wants = [&](const char *what) {
        return std::find(include.begin(), include.end(), what) != include.end();
    };
    ClusterParts parts;
    parts.settings = wants("SETTINGS");
    parts.configurations = wants("CONFIGURATIONS");
    parts.attachments = wants("ATTACHMENTS");
    parts.tags = *withTags;
    return describeEach(
        names, "clusters",
        [&](const std::string &n) -> std::optional<json> {
            if (auto c = ctx.cp().clusters().find(qstr(n)))
                return clusterJson(ctx, *c, parts);
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
    ClusterParts parts;
    parts.tags = false; // as before: a deleted cluster answers without its tags
    return json{{"cluster", clusterJson(ctx, *c, parts)}};
}

namespace {

Result<QString> requiredCluster(const ApiContext &ctx, Params &p)
{
    const auto name = p.string("cluster");
    if (!p.ok())
        return p.error();
    if (!name || name->empty())
        return invalidParameter("cluster: is required");
    Result<Cluster> c = ctx.cp().clusters().active(qstr(*name));
    if (!c)
        return c.error();
    return c->name;
}

} // namespace

Result<json> updateCluster(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> cluster = requiredCluster(ctx, p);
    if (!cluster)
        return cluster.error();
    ops::ClusterSpec spec;
    Result<std::optional<QString>> insights = settingsParam(p);
    if (!insights)
        return insights.error();
    spec.containerInsights = *insights;
    Result<std::optional<ClusterConfiguration>> configuration = configurationParam(p);
    if (!configuration)
        return configuration.error();
    spec.configuration = *configuration;
    if (std::optional<Error> e = checkServiceConnectDefaults(p, true))
        return *e;
    Result<Cluster> c = ctx.cp().clusters().update(*cluster, spec);
    if (!c)
        return c.error();
    return json{{"cluster", clusterJson(ctx, *c)}};
}

Result<json> updateClusterSettings(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> cluster = requiredCluster(ctx, p);
    if (!cluster)
        return cluster.error();
    Result<std::optional<QString>> insights = settingsParam(p);
    if (!insights)
        return insights.error();
    if (!*insights)
        return invalidParameter("settings: is required: [{name: containerInsights, value: enabled|disabled|enhanced}]");
    ops::ClusterSpec spec;
    spec.containerInsights = *insights;
    Result<Cluster> c = ctx.cp().clusters().update(*cluster, spec);
    if (!c)
        return c.error();
    return json{{"cluster", clusterJson(ctx, *c)}};
}

Result<json> putClusterCapacityProviders(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> cluster = requiredCluster(ctx, p);
    if (!cluster)
        return cluster.error();
    const std::vector<std::string> providers = p.strings("capacityProviders");
    if (!p.ok())
        return p.error();
    if (p.raw("capacityProviders").is_null())
        return invalidParameter("capacityProviders: is required (an empty list removes them all)");
    if (p.raw("defaultCapacityProviderStrategy").is_null())
        return invalidParameter("defaultCapacityProviderStrategy: is required (an empty list removes it)");
    Result<std::optional<QList<CapacityProviderStrategyItem>>> strategy =
        capacityProviderStrategyParam(ctx, p, "defaultCapacityProviderStrategy");
    if (!strategy)
        return strategy.error();
    // A provider that tasks run on or a service's strategy names stays (ops::Clusters::update:
    // ResourceInUseException, "The specified capacity provider is in use and cannot be removed.").
    ops::ClusterSpec spec;
    QStringList list;
    for (const std::string &s : providers)
        list.append(qstr(s));
    spec.capacityProviders = list;
    spec.defaultCapacityProviderStrategy = strategy->value_or(QList<CapacityProviderStrategyItem>());
    Result<Cluster> c = ctx.cp().clusters().update(*cluster, spec);
    if (!c)
        return c.error();
    return json{{"cluster", clusterJson(ctx, *c)}};
}

} // namespace fd::api::ecs
