#include "metrics/MetricsLogging.h"

namespace fd::metrics {

Q_LOGGING_CATEGORY(lcMetrics, "fleetdeck.metrics")

} // namespace fd::metrics
