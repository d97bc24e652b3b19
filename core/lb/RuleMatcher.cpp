#include "lb/RuleMatcher.h"

#include "lb/Cidr.h"
#include "lb/Wildcard.h"

#include <algorithm>
#include <string>

namespace fd::lb {

namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Percent-decoding of a query key or value; a malformed escape stays as it is.
std::string percentDecoded(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            const int hi = hexValue(s[i + 1]);
            const int lo = hexValue(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(char(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(s[i]);
    }
    return out;
}

bool anyValueMatches(const std::vector<std::string> &patterns, std::string_view text, Case sensitivity)
{
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const std::string &p) { return wildcardMatch(p, text, sensitivity); });
}

bool headerMatches(const Condition &c, const RequestView &r)
{
    for (const auto &[name, value] : r.headers)
        if (equalsIgnoringCase(name, c.headerName) && anyValueMatches(c.values, value, Case::Insensitive))
            return true;
    return false;
}

bool pairMatches(const QueryPair &want, std::string_view key, std::string_view value)
{
    if (want.key && !wildcardMatch(*want.key, key, Case::Insensitive, Escapes::Backslash))
        return false;
    if (want.value && !wildcardMatch(*want.value, value, Case::Insensitive, Escapes::Backslash))
        return false;
    return want.key || want.value;
}

bool queryMatches(const Condition &c, std::string_view query)
{
    std::size_t start = 0;
    while (start <= query.size()) {
        std::size_t end = query.find('&', start);
        if (end == std::string_view::npos)
            end = query.size();
        const std::string_view item = query.substr(start, end - start);
        if (!item.empty()) {
            const std::size_t eq = item.find('=');
            const std::string key = percentDecoded(item.substr(0, eq));
            const std::string value =
                eq == std::string_view::npos ? std::string() : percentDecoded(item.substr(eq + 1));
            for (const QueryPair &want : c.queryPairs)
                if (pairMatches(want, key, value))
                    return true;
        }
        start = end + 1;
    }
    return false;
}

bool sourceIpMatches(const Condition &c, std::string_view sourceIp)
{
    const std::optional<IpAddress> ip = parseIp(sourceIp);
    if (!ip)
        return false;
    for (const std::string &value : c.values) {
        const std::optional<Cidr> block = parseCidr(value);
        if (block && contains(*block, *ip))
            return true;
    }
    return false;
}

} // namespace

std::pair<std::string_view, std::string_view> splitTarget(std::string_view target)
{
    // Absolute form: skip "scheme://authority".
    if (const std::size_t scheme = target.find("://");
        scheme != std::string_view::npos && !target.empty() && target.front() != '/') {
        const std::size_t pathStart = target.find_first_of("/?", scheme + 3);
        target = pathStart == std::string_view::npos ? std::string_view("/") : target.substr(pathStart);
    }
    if (const std::size_t hash = target.find('#'); hash != std::string_view::npos)
        target = target.substr(0, hash);
    const std::size_t q = target.find('?');
    if (q == std::string_view::npos)
        return {target, {}};
    return {target.substr(0, q), target.substr(q + 1)};
}

std::string_view hostWithoutPort(std::string_view host)
{
    if (!host.empty() && host.front() == '[') {
        const std::size_t close = host.find(']');
        return close == std::string_view::npos ? host : host.substr(0, close + 1);
    }
    const std::size_t colon = host.rfind(':');
    return colon == std::string_view::npos ? host : host.substr(0, colon);
}

bool conditionMatches(const Condition &c, const RequestView &r)
{
    switch (c.type) {
    case ConditionType::PathPattern:
        return anyValueMatches(c.values, r.path, Case::Sensitive);
    case ConditionType::HostHeader:
        return anyValueMatches(c.values, hostWithoutPort(r.host), Case::Insensitive);
    case ConditionType::HttpHeader:
        return headerMatches(c, r);
    case ConditionType::HttpRequestMethod:
        return std::find(c.values.begin(), c.values.end(), r.method) != c.values.end();
    case ConditionType::QueryString:
        return queryMatches(c, r.query);
    case ConditionType::SourceIp:
        return sourceIpMatches(c, r.sourceIp);
    }
    return false;
}

bool ruleMatches(const Rule &rule, const RequestView &request)
{
    return std::all_of(rule.conditions.begin(), rule.conditions.end(),
                       [&](const Condition &c) { return conditionMatches(c, request); });
}

const Rule *matchRule(std::span<const Rule> rules, const RequestView &request)
{
    for (const Rule &rule : rules)
        if (ruleMatches(rule, request))
            return &rule;
    return nullptr;
}

} // namespace fd::lb
