// The ECS calls Fleetdeck answers with a refusal that says why and what to use instead: Cloud Map
// namespaces, task sets (EXTERNAL deployment controller) and ExecuteCommand (Session Manager).

#include "EcsHandlers.h"
#include "model/Arn.h"
#include "ops/Services.h"
#include "ops/Tasks.h"

namespace fd::api::ecs {

namespace {

// A required string member.
Result<std::string> required(Params &p, const char *member)
{
    const auto value = p.string(member);
    if (!p.ok())
        return p.error();
    if (!value || value->empty())
        return invalidParameter(std::string(member) + ": is required");
    return *value;
}

// Members of a refused call are still read, so that one of the wrong type is refused naming it.
enum class Type { String, Strings, Integer, Boolean, Structure, List };

std::optional<Error> readAll(Params &p, std::initializer_list<std::pair<const char *, Type>> members)
{
    for (const auto &[name, type] : members) {
        switch (type) {
        case Type::String:
            (void)p.string(name);
            break;
        case Type::Strings:
            (void)p.strings(name);
            break;
        case Type::Integer:
            (void)p.integer(name);
            break;
        case Type::Boolean:
            (void)p.boolean(name);
            break;
        case Type::Structure:
            (void)p.object(name);
            break;
        case Type::List:
            if (const json &v = p.raw(name); !v.is_null() && !v.is_array())
                p.fail(name, "must be a list");
            break;
        }
        if (!p.ok())
            return p.error();
    }
    return std::nullopt;
}

// The task-set calls: the cluster and the service must exist (ECS's errors when they do not), then
// the refusal that names the service's deployment controller.
Result<json> taskSetsRefused(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    if (std::optional<Error> e = readAll(p, {{"externalId", Type::String},
                                             {"taskDefinition", Type::String},
                                             {"networkConfiguration", Type::Structure},
                                             {"loadBalancers", Type::List},
                                             {"serviceRegistries", Type::List},
                                             {"launchType", Type::String},
                                             {"capacityProviderStrategy", Type::List},
                                             {"platformVersion", Type::String},
                                             {"scale", Type::Structure},
                                             {"clientToken", Type::String},
                                             {"tags", Type::List},
                                             {"taskSet", Type::String},
                                             {"taskSets", Type::Strings},
                                             {"include", Type::Strings},
                                             {"force", Type::Boolean},
                                             {"primaryTaskSet", Type::String}}))
        return *e;
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    Result<std::string> service = required(p, "service");
    if (!service)
        return service.error();
    const std::optional<Service> v = ctx.cp().services().find(*cluster, qstr(*service));
    if (!v)
        return ops::Services::serviceNotFound();
    return invalidParameter("Task sets can only be managed on a service whose deployment controller is EXTERNAL; "
                            "service " +
                            str(v->name) +
                            " uses the ECS deployment controller. Fleetdeck runs ECS rolling updates only "
                            "(CreateService accepts deploymentController type ECS, not EXTERNAL or CODE_DEPLOY), "
                            "so no service here has task sets: use UpdateService to deploy a new revision.");
}

} // namespace

Result<json> listServicesByNamespace(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<std::string> ns = required(p, "namespace");
    if (!ns)
        return ns.error();
    if (std::optional<Error> e = readAll(p, {{"nextToken", Type::String}, {"maxResults", Type::Integer}}))
        return *e;
    return makeError(QStringLiteral("NamespaceNotFoundException"),
                     QStringLiteral("Namespace not found. Fleetdeck has no AWS Cloud Map namespaces, so no service "
                                    "belongs to \"%1\".")
                         .arg(qstr(*ns)));
}

Result<json> describeTaskSets(const ApiContext &ctx, const json &params)
{
    return taskSetsRefused(ctx, params);
}

Result<json> createTaskSet(const ApiContext &ctx, const json &params)
{
    return taskSetsRefused(ctx, params);
}

Result<json> updateTaskSet(const ApiContext &ctx, const json &params)
{
    return taskSetsRefused(ctx, params);
}

Result<json> deleteTaskSet(const ApiContext &ctx, const json &params)
{
    return taskSetsRefused(ctx, params);
}

Result<json> updateServicePrimaryTaskSet(const ApiContext &ctx, const json &params)
{
    return taskSetsRefused(ctx, params);
}

Result<json> executeCommand(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    Result<std::string> task = required(p, "task");
    if (!task)
        return task.error();
    if (std::optional<Error> e =
            readAll(p, {{"container", Type::String}, {"command", Type::String}, {"interactive", Type::Boolean}}))
        return *e;
    if (!ctx.cp().tasks().find(*cluster, qstr(*task)))
        return invalidParameter("task: no task " + *task + " in cluster " + str(*cluster));
    return makeError(
        QStringLiteral("TargetNotConnectedException"),
        QStringLiteral("ExecuteCommand opens an AWS Systems Manager session, which needs the Session Manager plugin "
                       "and AWS's session service; Fleetdeck cannot serve them. To see what the task's containers "
                       "do, open the task in the Fleetdeck console and press Logs (the Container logs view)."));
}

} // namespace fd::api::ecs
