#pragma once

#include "metrics/MetricStore.h"

#include <QString>

#include <vector>

namespace fd::metrics {

/**
 * A query result as CSV: a header "Timestamp,<statistics in the order asked>,<percentiles>,Unit",
 * then one row per period, oldest first. Timestamps are ISO 8601 UTC ("2026-01-01T00:01:00Z");
 * numbers use the shortest text that reads back to the same double; a percentile the period has
 * none of is an empty cell. Lines end with "\n".
 */
QString statisticsToCsv(const StatisticsQuery &query, const std::vector<StatisticsDatapoint> &datapoints);

} // namespace fd::metrics
