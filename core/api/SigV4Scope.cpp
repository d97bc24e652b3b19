#include "SigV4Scope.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace fd::api {

namespace {

bool isScopeWord(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

bool isDate(std::string_view s)
{
    return s.size() == 8 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

// Parsed by hand rather than with std::regex, whose recursion grows with the input (the fuzzers
// feed this any header).
CredentialScope credentialScope(const std::string &authorization)
{
    const std::string_view all(authorization);
    const std::size_t at = all.find("Credential=");
    if (at == std::string_view::npos)
        return {};
    std::string_view value = all.substr(at + std::string_view("Credential=").size());
    value = value.substr(0, value.find_first_of(", \t\r\n"));
    std::vector<std::string_view> parts;
    while (parts.size() < 5) {
        const std::size_t slash = value.find('/');
        parts.push_back(value.substr(0, slash));
        if (slash == std::string_view::npos)
            break;
        value.remove_prefix(slash + 1);
    }
    // AKID / date / region / service / aws4_request
    if (parts.size() < 4 || !isDate(parts[1]) || !isScopeWord(parts[2]))
        return {};
    CredentialScope scope;
    scope.region = std::string(parts[2]);
    if (!parts[0].empty() && parts[0].size() <= 128 && std::all_of(parts[0].begin(), parts[0].end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }))
        scope.accessKeyId = std::string(parts[0]);
    if (parts.size() >= 5 && isScopeWord(parts[3]))
        scope.service = std::string(parts[3]);
    return scope;
}

std::string regionFromAuthorization(const std::string &authorization)
{
    return credentialScope(authorization).region;
}

} // namespace fd::api
