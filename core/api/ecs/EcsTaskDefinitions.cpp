#include "EcsHandlers.h"
#include "json/TaskDefinitionJson.h"
#include "model/Arn.h"
#include "state/Kinds.h"
#include "tags/TagRegistry.h"
#include "ops/TaskDefinitions.h"

#include <algorithm>

namespace fd::api::ecs {

namespace {

// The `taskDefinition` member, required: family, family:revision or ARN.
Result<QString> taskDefinitionRef(Params &p)
{
    const auto ref = p.string("taskDefinition");
    if (!p.ok())
        return p.error();
    if (!ref)
        return invalidParameter("taskDefinition: is required");
    return qstr(*ref);
}

} // namespace

Result<json> registerTaskDefinition(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<tags::TagList> tags = tagsParam(p, "tags");
    if (!tags)
        return tags.error();
    json document = params;
    document.erase("tags"); // tags belong to the resource, not to the task definition document
    Result<TaskDefinitionSpec> spec = fd::json::parseTaskDefinition(QByteArray::fromStdString(document.dump()));
    if (!spec)
        return spec.error();
    Result<TaskDefinition> td = ctx.cp().taskDefinitions().registerNew(*spec, *tags);
    if (!td)
        return td.error();
    return json{{"taskDefinition", fd::json::describeJson(*td, ctx.region)},
                {"tags", tagsJson(ctx.cp().tagRegistry().tags(state::kTaskDefinitionKind, td->familyRevision()))}};
}

Result<json> describeTaskDefinition(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> ref = taskDefinitionRef(p);
    if (!ref)
        return ref.error();
    Result<bool> withTags = includesTags(p, {"TAGS"});
    if (!withTags)
        return withTags.error();
    Result<TaskDefinition> td = ctx.cp().taskDefinitions().find(*ref);
    if (!td)
        return td.error();
    const tags::TagList tags = *withTags ? ctx.cp().tagRegistry().tags(state::kTaskDefinitionKind, td->familyRevision())
                                         : tags::TagList{};
    return json{{"taskDefinition", fd::json::describeJson(*td, ctx.region)}, {"tags", tagsJson(tags)}};
}

Result<json> deregisterTaskDefinition(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> ref = taskDefinitionRef(p);
    if (!ref)
        return ref.error();
    Result<TaskDefinition> td = ctx.cp().taskDefinitions().deregister(*ref);
    if (!td)
        return td.error();
    return json{{"taskDefinition", fd::json::describeJson(*td, ctx.region)}};
}

Result<json> listTaskDefinitions(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    const auto family = p.string("familyPrefix");
    if (!p.ok())
        return p.error();
    // ECS lists ACTIVE revisions unless asked for another status.
    Result<std::optional<TaskDefinitionStatus>> status = statusFilter(p, false);
    if (!status)
        return status.error();
    const std::string sort = p.string("sort").value_or("ASC");
    if (!p.ok())
        return p.error();
    if (sort != "ASC" && sort != "DESC")
        return invalidParameter("sort: must be ASC or DESC");
    std::vector<std::string> arns;
    for (const TaskDefinition &td :
         ctx.cp().taskDefinitions().list(qstr(family.value_or("")), status->value_or(TaskDefinitionStatus::Active)))
        arns.push_back(str(arn::taskDefinition(ctx.region, td.spec.family, td.revision)));
    if (sort == "DESC")
        std::reverse(arns.begin(), arns.end());
    return page(arns, p, "taskDefinitionArns");
}

Result<json> listTaskDefinitionFamilies(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    const QString prefix = qstr(p.string("familyPrefix").value_or(""));
    if (!p.ok())
        return p.error();
    Result<std::optional<TaskDefinitionStatus>> status = statusFilter(p, true);
    if (!status)
        return status.error();
    std::vector<std::string> families;
    for (const QString &f : ctx.cp().taskDefinitions().families(*status)) {
        if (f.startsWith(prefix))
            families.push_back(str(f));
    }
    return page(families, p, "families");
}

} // namespace fd::api::ecs

namespace fd::api::ecs {

Result<json> deleteTaskDefinitions(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    const std::vector<std::string> refs = p.strings("taskDefinitions");
    if (!p.ok())
        return p.error();
    if (refs.empty())
        return invalidParameter("taskDefinitions: at least one family:revision or ARN is required");
    if (refs.size() > 10)
        return invalidParameter("taskDefinitions: at most 10 per call (got " + std::to_string(refs.size()) + ")");
    QStringList asked;
    for (const std::string &r : refs)
        asked.append(qstr(r));
    Result<QList<ops::TaskDefinitions::DeleteOutcome>> outcomes = ctx.cp().taskDefinitions().requestDeletion(asked);
    if (!outcomes)
        return outcomes.error();
    json out{{"taskDefinitions", json::array()}, {"failures", json::array()}};
    for (const ops::TaskDefinitions::DeleteOutcome &o : *outcomes) {
        if (o.deleted) {
            out["taskDefinitions"].push_back(fd::json::describeJson(*o.deleted, ctx.region));
            continue;
        }
        const QString r = arn::taskDefinitionRefFrom(o.reference);
        const qsizetype colon = r.lastIndexOf(u':');
        const QString failedArn = o.reference.startsWith(u"arn:") || colon < 0
                                      ? o.reference
                                      : arn::taskDefinition(ctx.region, r.left(colon), r.mid(colon + 1).toInt());
        out["failures"].push_back({{"arn", str(failedArn)}, {"reason", str(o.failureReason)}});
    }
    return out;
}

} // namespace fd::api::ecs
