#pragma once

#include <QLoggingCategory>

namespace fd::metrics {

/// "fleetdeck.metrics": container lookup, unreadable cgroup files, dropped remote samples.
Q_DECLARE_LOGGING_CATEGORY(lcMetrics)

} // namespace fd::metrics
