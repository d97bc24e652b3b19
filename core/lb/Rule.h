#pragma once

// A listener rule of the load balancer's data plane, as plain values: what the control plane's
// registries are translated into (the owner builds them; nothing here reads a registry).
//
// Semantics (ECS-SEMANTICS.md §1.7, the ALB condition documentation):
// - a rule matches when EVERY one of its conditions matches; a condition matches when ANY of its
//   values matches; a rule without conditions (the default rule) matches everything;
// - path-pattern: case-sensitive, `*` and `?`, against the path only (no query string);
// - host-header: case-insensitive, `*` and `?`, against the Host header without its port;
// - http-header: the header name case-insensitive, its values case-insensitive with `*` and `?`;
// - http-request-method: exact (case-sensitive), no wildcards;
// - query-string: key and value case-insensitive with `*` and `?` (`\*`, `\?` match a literal
//   character), against the percent-decoded pairs of the query; a pair without a key matches any
//   key, a pair without a value matches any value;
// - source-ip: CIDR blocks (IPv4 and IPv6) containing the client's address.

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace fd::lb {

enum class ConditionType { PathPattern, HostHeader, HttpHeader, HttpRequestMethod, QueryString, SourceIp };

// One key/value of a query-string condition. At least one of the two is set.
struct QueryPair
{
    std::optional<std::string> key;
    std::optional<std::string> value;
};

struct Condition
{
    ConditionType type = ConditionType::PathPattern;
    // path patterns, host patterns, header value patterns, methods or CIDR blocks (by type)
    std::vector<std::string> values;
    // http-header only: the header's name
    std::string headerName;
    // query-string only
    std::vector<QueryPair> queryPairs;
};

// One target group of a forward action with its weight (0-999 in ELBv2; when every weight is 0
// the groups are chosen evenly).
struct WeightedGroup
{
    std::string targetGroupId;
    int weight = 1;
};

// forward: one target group, or several weighted. With `stickiness` set, a client that got a
// group keeps it for that long (cookie AWSALBTG), as long as the group stays in the action.
struct ForwardAction
{
    std::vector<WeightedGroup> groups;
    std::optional<std::chrono::seconds> stickiness;
};

// redirect: each part may use #{protocol}, #{host}, #{port}, #{path} (the path without its leading
// "/"), #{query}; the defaults are ELBv2's. statusCode is 301 or 302.
struct RedirectAction
{
    std::string protocol = "#{protocol}";
    std::string host = "#{host}";
    std::string port = "#{port}";
    std::string path = "/#{path}";
    std::string query = "#{query}";
    int statusCode = 301;
};

// fixed-response: statusCode 2xx-5xx; an empty contentType sends no Content-Type.
struct FixedResponseAction
{
    int statusCode = 200;
    std::string contentType = "text/plain";
    std::string body;
};

using Action = std::variant<ForwardAction, RedirectAction, FixedResponseAction>;

struct Rule
{
    std::string id;   // the rule's ARN (shown by the tester and in statistics)
    int priority = 0; // 1-50000; 0 for the default rule (informational: the order of the list decides)
    bool isDefault = false;
    std::vector<Condition> conditions;
    Action action = FixedResponseAction{};
};

const char *toString(ConditionType type);

} // namespace fd::lb
