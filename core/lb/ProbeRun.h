#pragma once

// The health probe's I/O (internal): one GET on a fresh connection, on the given executor.

#include "lb/HealthProbe.h"

#include <boost/asio/any_io_executor.hpp>
#include <functional>

namespace fd::lb::detail {

void startProbe(const boost::asio::any_io_executor &executor, ProbeRequest request,
                std::function<void(ProbeResult)> done);

} // namespace fd::lb::detail
