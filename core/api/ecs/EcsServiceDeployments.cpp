// ListServiceDeployments, DescribeServiceDeployments, DescribeServiceRevisions and
// StopServiceDeployment. Fleetdeck keeps each service's deployments (DescribeServices' deployments,
// then the finished ones in its history); each one is both a service deployment (the rollout) and
// the service revision it rolls out (ECS-SEMANTICS.md §1.4, "Service deployments and service
// revisions"). Their ARNs end with the deployment id's digits:
//   arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<digits>
//   arn:aws:ecs:<region>:<account>:service-revision/<cluster>/<service>/<digits>

#include "ControlPlane.h"
#include "EcsHandlers.h"
#include "json/ServiceJson.h"
#include "model/Arn.h"
#include "ops/Clusters.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"

#include <algorithm>

namespace fd::api::ecs {

namespace {

const QString kDeploymentPrefix = QStringLiteral("ecs-svc/");

QString digitsOf(const QString &deploymentId)
{
    return deploymentId.startsWith(kDeploymentPrefix) ? deploymentId.mid(kDeploymentPrefix.size()) : deploymentId;
}

QString resourceArn(const ApiContext &ctx, const char *kind, const Service &v, const QString &deploymentId)
{
    return QStringLiteral("arn:aws:ecs:%1:%2:%3/%4/%5/%6")
        .arg(ctx.region, QLatin1String(arn::kAccount), QLatin1String(kind), v.cluster, v.name, digitsOf(deploymentId));
}

// "arn:aws:ecs:r:a:<kind>/<cluster>/<service>/<digits>" -> cluster, service, "ecs-svc/<digits>".
struct Ref
{
    QString cluster;
    QString service;
    QString deploymentId;
};

std::optional<Ref> parseArn(const QString &value, const char *kind)
{
    const QString marker = QStringLiteral(":%1/").arg(QLatin1String(kind));
    const qsizetype at = value.indexOf(marker);
    if (!value.startsWith(u"arn:") || at < 0)
        return std::nullopt;
    const QStringList parts = value.mid(at + marker.size()).split(u'/');
    if (parts.size() != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty())
        return std::nullopt;
    return Ref{parts[0], parts[1], kDeploymentPrefix + parts[2]};
}

json revisionSummary(const ApiContext &ctx, const Service &v, const Deployment &d)
{
    return json{{"arn", str(resourceArn(ctx, "service-revision", v, d.id))},
                {"requestedTaskCount", d.desiredCount},
                {"runningTaskCount", d.runningCount},
                {"pendingTaskCount", d.pendingCount}};
}

json briefJson(const ApiContext &ctx, const Service &v, const Deployment &d)
{
    const DeploymentOutcome s = deploymentOutcome(v, d);
    json j{{"serviceDeploymentArn", str(resourceArn(ctx, "service-deployment", v, d.id))},
           {"serviceArn", str(arn::service(ctx.region, v.cluster, v.name))},
           {"clusterArn", str(arn::cluster(ctx.region, v.cluster))},
           {"createdAt", timestampJson(d.createdAt)},
           {"startedAt", timestampJson(d.createdAt)},
           {"targetServiceRevisionArn", str(resourceArn(ctx, "service-revision", v, d.id))},
           {"status", str(s.status)}};
    if (s.finishedAt.isValid())
        j["finishedAt"] = timestampJson(s.finishedAt);
    if (!s.reason.isEmpty())
        j["statusReason"] = str(s.reason);
    return j;
}

json deploymentJson(const ApiContext &ctx, const Service &v, const Deployment &d)
{
    const DeploymentOutcome s = deploymentOutcome(v, d);
    json j = briefJson(ctx, v, d);
    j.erase("targetServiceRevisionArn");
    j["updatedAt"] = timestampJson(d.updatedAt.isValid() ? d.updatedAt : d.createdAt);
    if (s.stopped && s.finishedAt.isValid())
        j["stoppedAt"] = timestampJson(s.finishedAt);
    json sources = json::array();
    for (const QString &id : d.sourceIds) {
        if (const Deployment *source = v.anyDeployment(id))
            sources.push_back(revisionSummary(ctx, v, *source));
        else // gone from the bounded history: its ARN still names it
            sources.push_back({{"arn", str(resourceArn(ctx, "service-revision", v, id))},
                               {"requestedTaskCount", 0},
                               {"runningTaskCount", 0},
                               {"pendingTaskCount", 0}});
    }
    j["sourceServiceRevisions"] = sources;
    j["targetServiceRevision"] = revisionSummary(ctx, v, d);
    // The service's deployment configuration (Fleetdeck keeps one per service, not per deployment).
    j["deploymentConfiguration"] = {
        {"deploymentCircuitBreaker", {{"enable", v.circuitBreaker.enable}, {"rollback", v.circuitBreaker.rollback}}},
        {"maximumPercent", v.percents.maximumPercent},
        {"minimumHealthyPercent", v.percents.minimumHealthyPercent},
        {"strategy", "ROLLING"}};
    const char *breaker = "DISABLED";
    if (v.circuitBreaker.enable) {
        if (d.rolloutState == RolloutState::Failed &&
            d.rolloutStateReason.startsWith(u"ECS deployment circuit breaker"))
            breaker = "TRIGGERED";
        else if (d.rolloutState == RolloutState::InProgress && d.status == DeploymentStatus::Primary)
            breaker = "MONITORING";
        else
            breaker = "MONITORING_COMPLETE";
    }
    j["deploymentCircuitBreaker"] = {{"status", breaker},
                                     {"failureCount", d.failedTasks},
                                     {"threshold", services::circuitBreakerThreshold(d.desiredCount)}};
    j["alarms"] = {{"status", "DISABLED"}};
    if (const Deployment *back = v.rollbackOf(d)) {
        j["rollback"] = {{"reason", str(d.rolloutStateReason)},
                         {"startedAt", timestampJson(back->updatedAt.isValid() ? back->updatedAt : d.updatedAt)},
                         {"serviceRevisionArn", str(resourceArn(ctx, "service-revision", v, back->id))}};
    }
    return j;
}

json revisionJson(const ApiContext &ctx, const Service &v, const Deployment &d)
{
    json images = json::array();
    if (Result<TaskDefinition> td = ctx.cp().taskDefinitions().find(d.taskDefinition())) {
        for (const ContainerDefinition &c : td->spec.containerDefinitions)
            images.push_back({{"containerName", str(c.name)}, {"image", str(c.image)}});
    }
    json lbs = json::array();
    for (const ServiceLoadBalancer &lb : v.loadBalancers)
        lbs.push_back({{"targetGroupArn", str(lb.targetGroupArn)},
                       {"containerName", str(lb.containerName)},
                       {"containerPort", lb.containerPort}});
    json out{{"serviceRevisionArn", str(resourceArn(ctx, "service-revision", v, d.id))},
             {"serviceArn", str(arn::service(ctx.region, v.cluster, v.name))},
             {"clusterArn", str(arn::cluster(ctx.region, v.cluster))},
             {"taskDefinition", str(arn::taskDefinition(ctx.region, d.family, d.revision))},
             {"loadBalancers", lbs},
             {"serviceRegistries", json::array()},
             {"containerImages", images},
             {"guardDutyEnabled", false},
             {"createdAt", timestampJson(d.createdAt)}};
    // The service's launch settings: one set per service here (ECS keeps them per revision).
    fd::json::putLaunchSettings(out, v);
    return out;
}

// The service of a deployment or revision ARN, or nothing.
std::optional<Service> serviceOf(const ApiContext &ctx, const Ref &ref)
{
    const std::optional<Cluster> c = ctx.cp().clusters().find(ref.cluster);
    if (!c)
        return std::nullopt;
    return ctx.cp().services().find(ref.cluster, ref.service);
}

// DescribeServiceDeployments and DescribeServiceRevisions: 1 to 20 ARNs, each described or MISSING.
Result<json> describeByArn(const ApiContext &ctx, const json &params, const char *member, const char *kind,
                           const char *outMember,
                           json (*describe)(const ApiContext &, const Service &, const Deployment &))
{
    Params p(ctx, params);
    const std::vector<std::string> arns = p.strings(member);
    if (!p.ok())
        return p.error();
    if (arns.empty())
        return invalidParameter(std::string(member) + ": at least one ARN is required");
    if (arns.size() > 20)
        return invalidParameter(std::string(member) + ": at most 20 ARNs");
    json out{{outMember, json::array()}, {"failures", json::array()}};
    for (const std::string &a : arns) {
        const std::optional<Ref> ref = parseArn(qstr(a), kind);
        if (!ref)
            return invalidParameter(std::string(member) + ": \"" + a + "\" is not a " + kind +
                                    " ARN (arn:aws:ecs:<region>:<account>:" + kind + "/<cluster>/<service>/<id>)");
        const std::optional<Service> v = serviceOf(ctx, *ref);
        const Deployment *d = v ? v->anyDeployment(ref->deploymentId) : nullptr;
        if (!d) {
            out["failures"].push_back({{"arn", a}, {"reason", "MISSING"}});
            continue;
        }
        out[outMember].push_back(describe(ctx, *v, *d));
    }
    return out;
}

const char *const kStatuses[] = {"PENDING",
                                 "SUCCESSFUL",
                                 "STOPPED",
                                 "STOP_REQUESTED",
                                 "IN_PROGRESS",
                                 "ROLLBACK_REQUESTED",
                                 "ROLLBACK_IN_PROGRESS",
                                 "ROLLBACK_SUCCESSFUL",
                                 "ROLLBACK_FAILED"};

// createdAt {before, after}: epoch seconds (numbers) as the JSON protocol sends them.
Result<std::pair<std::optional<double>, std::optional<double>>> createdAtFilter(const json &params)
{
    std::pair<std::optional<double>, std::optional<double>> out;
    auto it = params.find("createdAt");
    if (it == params.end() || it->is_null())
        return out;
    if (!it->is_object())
        return invalidParameter("createdAt: must be an object with before and/or after");
    for (const auto &[key, value] : it->items()) {
        if (key != "before" && key != "after")
            return invalidParameter("createdAt." + key + ": is not a member (before, after)");
        if (!value.is_number())
            return invalidParameter("createdAt." + key + ": must be a timestamp");
        (key == "before" ? out.second : out.first) = value.get<double>();
    }
    return out;
}

} // namespace

Result<json> listServiceDeployments(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    const auto service = p.string("service");
    const std::vector<std::string> statuses = p.strings("status");
    if (!p.ok())
        return p.error();
    if (!service || service->empty())
        return invalidParameter("service: is required");
    for (const std::string &s : statuses) {
        if (std::none_of(std::begin(kStatuses), std::end(kStatuses), [&](const char *k) { return s == k; }))
            return invalidParameter("status: unknown value \"" + s + "\"");
    }
    auto created = createdAtFilter(params);
    if (!created)
        return created.error();
    const std::optional<Service> v = ctx.cp().services().find(*cluster, qstr(*service));
    if (!v)
        return ops::Services::serviceNotFound();
    QList<const Deployment *> all = v->allDeployments();
    std::stable_sort(all.begin(), all.end(),
                     [](const Deployment *a, const Deployment *b) { return a->createdAt > b->createdAt; });
    std::vector<json> items;
    for (const Deployment *d : all) {
        const json brief = briefJson(ctx, *v, *d);
        const std::string status = brief["status"].get<std::string>();
        if (!statuses.empty() && std::find(statuses.begin(), statuses.end(), status) == statuses.end())
            continue;
        const double at = double(d->createdAt.toMSecsSinceEpoch()) / 1000.0;
        if ((created->first && at < *created->first) || (created->second && at > *created->second))
            continue;
        items.push_back(brief);
    }
    PageStyle style;
    style.defaultSize = 20;
    return page(items, p, "serviceDeployments", style);
}

Result<json> describeServiceDeployments(const ApiContext &ctx, const json &params)
{
    return describeByArn(ctx, params, "serviceDeploymentArns", "service-deployment", "serviceDeployments",
                         &deploymentJson);
}

Result<json> describeServiceRevisions(const ApiContext &ctx, const json &params)
{
    return describeByArn(ctx, params, "serviceRevisionArns", "service-revision", "serviceRevisions", &revisionJson);
}

Result<json> stopServiceDeployment(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    const auto deploymentArn = p.string("serviceDeploymentArn");
    const std::string stopType = p.string("stopType").value_or("ROLLBACK");
    if (!p.ok())
        return p.error();
    if (!deploymentArn || deploymentArn->empty())
        return invalidParameter("serviceDeploymentArn: is required");
    if (stopType == "ABORT")
        return invalidParameter("stopType: ABORT is not available: Fleetdeck's rolling deployments stop by rolling "
                                "back to the last successful service revision (stopType ROLLBACK)");
    if (stopType != "ROLLBACK")
        return invalidParameter("stopType: must be ROLLBACK or ABORT (got " + stopType + ")");
    const std::optional<Ref> ref = parseArn(qstr(*deploymentArn), "service-deployment");
    if (!ref)
        return invalidParameter("serviceDeploymentArn: \"" + *deploymentArn +
                                "\" is not a service deployment ARN "
                                "(arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<id>)");
    Result<Service> v = ctx.cp().services().rollBackDeployment(ref->cluster, ref->service, ref->deploymentId);
    if (!v)
        return v.error();
    return json{{"serviceDeploymentArn", *deploymentArn}};
}

} // namespace fd::api::ecs
