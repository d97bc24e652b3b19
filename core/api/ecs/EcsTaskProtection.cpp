// GetTaskProtection and UpdateTaskProtection: scale-in protection of a service's tasks, with its
// expiry on the control plane's clock. The service scheduler leaves protected tasks running
// (services/ReplicaRollout.cpp).

#include "Clock.h"
#include "EcsHandlers.h"
#include "model/Arn.h"
#include "ops/Tasks.h"

namespace fd::api::ecs {

namespace {

constexpr int kDefaultMinutes = 120; // two hours, as ECS
constexpr int kMaxMinutes = 2880;    // 48 hours
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

// Only a service's tasks can be protected; a standalone task is TASK_NOT_VALID, as on ECS.
bool serviceTask(const Task &t)
{
    return t.group.startsWith(u"service:");
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
            if (serviceTask(t) && !t.isStopped())
                out["protectedTasks"].push_back(protectedTaskJson(ctx, t, now));
        }
        return out;
    }
    for (const std::string &ref : references) {
        const std::optional<Task> t = ctx.cp().tasks().find(*cluster, qstr(ref));
        if (!t)
            out["failures"].push_back(failure(ctx, *cluster, ref, "MISSING"));
        else if (!serviceTask(*t))
            out["failures"].push_back(failure(ctx, *cluster, ref, "TASK_NOT_VALID",
                                              "The task is not part of a service: only service tasks have "
                                              "scale-in protection."));
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
    if (minutes && !*enabled)
        return invalidParameter("expiresInMinutes: only applies with protectionEnabled true");
    if (minutes && (*minutes < 1 || *minutes > kMaxMinutes))
        return invalidParameter("expiresInMinutes: must be from 1 to " + std::to_string(kMaxMinutes) + " (got " +
                                std::to_string(*minutes) + ")");
    const QDateTime now = ctx.cp().clock().now();
    const QDateTime until = *enabled ? now.addSecs(qint64(minutes.value_or(kDefaultMinutes)) * 60) : QDateTime();
    json out{{"protectedTasks", json::array()}, {"failures", json::array()}};
    for (const std::string &ref : references) {
        const std::optional<Task> t = ctx.cp().tasks().find(*cluster, qstr(ref));
        if (!t) {
            out["failures"].push_back(failure(ctx, *cluster, ref, "MISSING"));
            continue;
        }
        if (!serviceTask(*t)) {
            out["failures"].push_back(failure(ctx, *cluster, ref, "TASK_NOT_VALID",
                                              "The task is not part of a service: only service tasks have "
                                              "scale-in protection."));
            continue;
        }
        if (t->isStopped() || t->desiredStatus == TaskStatus::Stopped) {
            out["failures"].push_back(
                failure(ctx, *cluster, ref, "TASK_NOT_VALID", "The task is stopping or stopped."));
            continue;
        }
        const QString message =
            *enabled
                ? QStringLiteral("Task %1 protected from scale-in until %2.").arg(t->id, until.toString(Qt::ISODate))
                : QStringLiteral("Task %1 scale-in protection removed.").arg(t->id);
        Result<Task> updated =
            ctx.cp().tasks().update(t->id, [&](Task &task) { task.protectedUntil = until; }, {message});
        if (!updated)
            return updated.error();
        out["protectedTasks"].push_back(protectedTaskJson(ctx, *updated, now));
    }
    return out;
}

} // namespace fd::api::ecs
