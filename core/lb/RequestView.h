#pragma once

// What the rule matcher looks at in a request: views into the caller's strings, valid for the call.

#include <string_view>
#include <utility>
#include <vector>

namespace fd::lb {

struct RequestView
{
    std::string_view method; // "GET"
    std::string_view path;   // "/img/a.png", without the query
    std::string_view query;  // "a=1&b=2", without the "?"
    std::string_view host;   // the Host header as sent; a ":port" suffix is ignored for matching
    std::vector<std::pair<std::string_view, std::string_view>> headers; // name, value; names in any case
    std::string_view sourceIp;                                          // the client's address, "127.0.0.1"
};

// Splits a request target ("/a/b?x=1", or the absolute form "http://h/a?x=1") into path and query.
std::pair<std::string_view, std::string_view> splitTarget(std::string_view target);

// The Host header's host name: "Example.com:8080" -> "Example.com", "[::1]:80" -> "[::1]".
std::string_view hostWithoutPort(std::string_view host);

} // namespace fd::lb
