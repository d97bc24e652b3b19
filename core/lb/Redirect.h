#pragma once

// The Location of a redirect action: each part of the RedirectAction with the #{...} keywords
// replaced by the parts of the original request.

#include "lb/Rule.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace fd::lb {

struct OriginalUrl
{
    std::string_view protocol = "HTTP"; // "HTTP" or "HTTPS", the listener's protocol
    std::string_view host;              // Host header without its port
    std::uint16_t port = 80;            // the listener's port
    std::string_view path;              // with its leading "/"
    std::string_view query;             // without the "?"
};

// "protocol://host:port/path?query": the protocol lower-cased, the port always written (as ELB
// does), "?query" only when the query is not empty. #{path} is the original path without its
// leading "/" (so the default "/#{path}" keeps it unchanged); a path not starting with "/" gets one.
std::string redirectLocation(const RedirectAction &action, const OriginalUrl &url);

// The keywords of one part replaced; unknown #{...} stay as written.
std::string substituteKeywords(std::string_view part, const OriginalUrl &url);

} // namespace fd::lb
