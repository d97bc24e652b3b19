// TagResource, UntagResource, ListTagsForResource, and the tag members the other ECS operations take
// (tags at create time, include ["TAGS"], propagateTags, enableECSManagedTags).

#include "EcsHandlers.h"
#include "tags/TagRegistry.h"
#include "tags/Tagging.h"

namespace fd::api::ecs {

Result<tags::TagList> tagsParam(Params &p, const char *member)
{
    const json &list = p.raw(member);
    tags::TagList out;
    if (list.is_null())
        return out;
    // AWS Query sends an empty list as "".
    if (list.is_string() && list.get<std::string>().empty())
        return out;
    if (!list.is_array())
        return invalidParameter(std::string(member) + ": must be a list of {key, value}");
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json &t = list[i];
        const std::string at = std::string(member) + "[" + std::to_string(i) + "]";
        if (!t.is_object())
            return invalidParameter(at + ": must be an object with key and value");
        const json key = t.value("key", json());
        const json value = t.value("value", json(""));
        if (!key.is_string())
            return invalidParameter(at + ".key: is required and must be a string");
        if (!value.is_string())
            return invalidParameter(at + ".value: must be a string");
        out.append({qstr(key.get<std::string>()), qstr(value.get<std::string>())});
    }
    return out;
}

json tagsJson(const tags::TagList &list)
{
    json out = json::array();
    for (const tags::Tag &t : list)
        out.push_back(json{{"key", str(t.key)}, {"value", str(t.value)}});
    return out;
}

Result<bool> includesTags(Params &p, std::initializer_list<const char *> allowed)
{
    const std::vector<std::string> include = p.strings("include");
    if (!p.ok())
        return p.error();
    bool tagsWanted = false;
    for (const std::string &value : include) {
        const bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char *a) { return value == a; });
        if (!known) {
            std::string list;
            for (const char *a : allowed)
                list += (list.empty() ? "" : ", ") + std::string(a);
            return invalidParameter("include: \"" + value + "\" is not one of " + list);
        }
        tagsWanted = tagsWanted || value == "TAGS";
    }
    return tagsWanted;
}

Result<std::optional<tags::Propagate>> propagateParam(Params &p)
{
    const auto text = p.string("propagateTags");
    if (!p.ok())
        return p.error();
    if (!text)
        return std::optional<tags::Propagate>();
    const std::optional<tags::Propagate> parsed = tags::propagateFromString(qstr(*text));
    if (!parsed)
        return invalidParameter("propagateTags: must be TASK_DEFINITION, SERVICE or NONE (got \"" + *text + "\")");
    return parsed;
}

Result<json> describeInCluster(const ApiContext &ctx, const json &params, const char *member, std::size_t max,
                               const DescribeOne &describe, const ArnOf &arnOf)
{
    Params p(ctx, params);
    Result<QString> cluster = clusterParam(ctx, p);
    if (!cluster)
        return cluster.error();
    const std::vector<std::string> references = p.strings(member);
    if (!p.ok())
        return p.error();
    if (references.empty())
        return invalidParameter(std::string(member) + ": at least one is required");
    if (references.size() > max)
        return invalidParameter(std::string(member) + ": at most " + std::to_string(max));
    Result<bool> withTags = includesTags(p, {"TAGS"});
    if (!withTags)
        return withTags.error();
    return describeEach(
        references, member,
        [&](const std::string &reference) { return describe(*cluster, qstr(reference), *withTags); },
        [&](const std::string &reference) { return str(arnOf(ctx.region, *cluster, qstr(reference))); });
}

namespace {

Result<QString> resourceArn(Params &p)
{
    const auto arn = p.string("resourceArn");
    if (!p.ok())
        return p.error();
    if (!arn || arn->empty())
        return invalidParameter("resourceArn: is required");
    return qstr(*arn);
}

} // namespace

Result<json> tagResource(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> arn = resourceArn(p);
    if (!arn)
        return arn.error();
    Result<tags::TagList> list = tagsParam(p, "tags");
    if (!list)
        return list.error();
    if (Status s = tags::tagResource(ctx.cp(), *arn, *list); !s)
        return s.error();
    return json::object();
}

Result<json> untagResource(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> arn = resourceArn(p);
    if (!arn)
        return arn.error();
    const std::vector<std::string> keys = p.strings("tagKeys");
    if (!p.ok())
        return p.error();
    QStringList qkeys;
    for (const std::string &k : keys)
        qkeys.append(qstr(k));
    if (Status s = tags::untagResource(ctx.cp(), *arn, qkeys); !s)
        return s.error();
    return json::object();
}

Result<json> listTagsForResource(const ApiContext &ctx, const json &params)
{
    Params p(ctx, params);
    Result<QString> arn = resourceArn(p);
    if (!arn)
        return arn.error();
    Result<tags::TagList> list = tags::listTags(ctx.cp(), *arn);
    if (!list)
        return list.error();
    return json{{"tags", tagsJson(*list)}};
}

} // namespace fd::api::ecs
