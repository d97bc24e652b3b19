// GetTaskProtection and UpdateTaskProtection: scale-in protection of a service's tasks, with its
// expiry on the control plane's clock. The service scheduler leaves protected tasks running
// (services/ReplicaRollout.cpp).

#include "Clock.h"
#include "EcsHandlers.h"
#include "model/Arn.h"
#include "ops/Tasks.h"

namespace fd::api::ecs {

namespace {

constexpr std::size_t kMaxTasks = 10;

json protectedTaskJson(const ApiContext &ctx, const Task &t, const QDateTime &now)
{
    json j{{"taskArn", str(arn::task(ctx.region, t.cluster, t.id))}, {"protectionEnabled", t.isProtectedAt(now)}};
    if (t.isProtectedAt(now))
        j["expirationDate"] = timestampJson(t.protectedUntil);
    return j;
}

json failure(const ApiContext &ctx, const QString &cluster, const std::string &reference, const char *reason,
             const std::string &detail = {})
{
    const QString ref = qstr(reference);
    json f{{"arn", str(ref.startsWith(u"arn:") ? ref : arn::task(ctx.region, cluster, arn::taskIdFrom(ref)))},
           {"reason", reason}};
    if (!detail.empty())
        f["detail"] = detail;
    return f;
}

} // namespace

Result<json> getTaskProtection(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    const std::vector<std::string> references = p.strings("tasks");
    if (!p.ok())
        return p.error();
    if (references.size() > 100)
        return invalidParameter("tasks: at most 100");
    const QDateTime now = ctx.cp().clock().now();
    json out{{"protectedTasks", json::array()}, {"failures", json::array()}};
    if (references.empty()) {
        // No tasks named: every service task of the cluster that has not stopped.
        for (const Task &t : ctx.cp().tasks().list(*cluster)) {
            if (ops::Tasks::isServiceTask(t) && !t.isStopped())
                out["protectedTasks"].push_back(protectedTaskJson(ctx, t, now));
        }
        return out;
    }
    for (const std::string &ref : references) {
        const std::optional<Task> t = ctx.cp().tasks().find(*cluster, qstr(ref));
        if (!t)
            out["failures"].push_back(failure(ctx, *cluster, ref, "MISSING"));
        else if (!ops::Tasks::isServiceTask(*t))
            out["failures"].push_back(
                failure(ctx, *cluster, ref, "TASK_NOT_VALID", ops::Tasks::notAServiceTask().message.toStdString()));
        else
            out["protectedTasks"].push_back(protectedTaskJson(ctx, *t, now));
    }
    return out;
}

Result<json> updateTaskProtection(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    const std::vector<std::string> references = p.strings("tasks");
    const std::optional<bool> enabled = p.boolean("protectionEnabled");
    const std::optional<int> minutes = p.integer("expiresInMinutes");
    if (!p.ok())
        return p.error();
    if (references.empty())
        return invalidParameter("tasks: at least one task is required");
    if (references.size() > kMaxTasks)
        return invalidParameter("tasks: at most " + std::to_string(kMaxTasks) + " tasks per call");
    if (!enabled)
        return invalidParameter("protectionEnabled: is required (true or false)");
    if (Status valid = ops::Tasks::checkProtectionMinutes(*enabled, minutes); !valid)
        return invalidParameter(valid.error().message.toStdString());
    json out{{"protectedTasks", json::array()}, {"failures", json::array()}};
    for (const std::string &ref : references) {
        // Each task on its own, as ECS: a refused one is a failure, the others are still updated.
        Result<Task> updated = ctx.cp().tasks().setProtection(*cluster, qstr(ref), *enabled, minutes);
        if (!updated) {
            const Error &e = updated.error();
            if (e.code == u"MISSING")
                out["failures"].push_back(failure(ctx, *cluster, ref, "MISSING"));
            else if (e.code == u"TASK_NOT_VALID")
                out["failures"].push_back(failure(ctx, *cluster, ref, "TASK_NOT_VALID", e.message.toStdString()));
            else
                return e;
            continue;
        }
        out["protectedTasks"].push_back(protectedTaskJson(ctx, *updated, ctx.cp().clock().now()));
    }
    return out;
}

} // namespace fd::api::ecs
