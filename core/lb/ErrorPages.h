#pragma once

// The responses the load balancer generates itself (internal): small plain HTML pages with the
// status lines ELB uses ("503 Service Temporarily Unavailable", "504 Gateway Time-out", ...).

#include <string>
#include <string_view>

namespace fd::lb::detail {

std::string_view elbReason(int status);
std::string elbPage(int status);

} // namespace fd::lb::detail
