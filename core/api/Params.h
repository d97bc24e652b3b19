#pragma once

#include "ApiContext.h"
#include "Result.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace fd::api {

// Typed access to request members that names the member when it has the wrong type. The first
// problem is kept (code: the service's validation error) and the accessor answers as if the member
// were absent, so a handler reads what it needs and checks ok() once before acting:
//
//     Params p(ctx, params);
//     const auto name = p.string("serviceName");
//     const auto count = p.integer("desiredCount");
//     if (!p.ok())
//         return p.error();
//
// AWS Query values are strings: there "3" reads as an integer, "true" as a boolean and "" (the wire
// form of an empty list) as an empty list.
class Params
{
public:
    Params(const ApiContext &ctx, const nlohmann::json &params, std::string prefix = {});

    std::optional<std::string> string(const char *name);
    std::vector<std::string> strings(const char *name);
    std::optional<int> integer(const char *name);
    std::optional<bool> boolean(const char *name);
    // The member as it came; null when absent or null.
    const nlohmann::json &raw(const char *name) const;
    // A nested structure (absent: empty) whose problems name it ("deploymentConfiguration.maximumPercent").
    Params object(const char *name);

    bool ok() const { return !m_error.has_value(); }
    const Error &error() const { return *m_error; }
    // Records a problem with a member (the first one wins); `problem` follows "name: ".
    void fail(const std::string &name, const std::string &problem);
    // Takes the first problem of a nested Params.
    void take(const Params &nested);

private:
    std::string path(const char *name) const;

    const ApiContext &m_ctx;
    const nlohmann::json &m_params;
    std::string m_prefix;
    std::optional<Error> m_error;
};

// How a List operation pages: ECS uses maxResults/nextToken, up to 100 a page.
struct PageStyle
{
    const char *sizeMember = "maxResults";
    const char *tokenMember = "nextToken";
    const char *nextTokenMember = "nextToken";
    int maxSize = 100;
    int defaultSize = 100;
};

// One page of an ordered list; the token is the index of the next item. A size out of range or a
// token this endpoint did not issue is the service's validation error naming the member.
Result<nlohmann::json> page(const std::vector<nlohmann::json> &items, Params &p, const char *member,
                            const PageStyle &style = {});
Result<nlohmann::json> page(const std::vector<std::string> &items, Params &p, const char *member,
                            const PageStyle &style = {});

// Describe-by-reference as ECS answers it: the found ones under `member`, each one not found in
// failures[] as {"arn": the reference if it is an ARN else arnOf(reference), "reason": "MISSING"}.
nlohmann::json describeEach(const std::vector<std::string> &references, const char *member,
                            const std::function<std::optional<nlohmann::json>(const std::string &)> &describe,
                            const std::function<std::string(const std::string &)> &arnOf);

} // namespace fd::api
