#pragma once

#include "Result.h"

#include <QString>
#include <QtGlobal>

#include <optional>
#include <vector>

// The statistics CloudWatch computes over a period, and the period rules, as pure functions.
namespace fd::metrics {

enum class Statistic {
    SampleCount,
    Average,
    Sum,
    Minimum,
    Maximum,
};

QString toString(Statistic s);
/// "SampleCount", "Average", "Sum", "Minimum", "Maximum" (exact); nullopt otherwise.
std::optional<Statistic> statisticFromString(const QString &s);

/// A percentile statistic as CloudWatch names it: "p99", "p99.9", "p0.5", "p100".
struct Percentile
{
    QString name;       ///< as given, so it reads back identically ("p99.90" stays "p99.90")
    double percent = 0; ///< 0 ... 100
};

/**
 * Parses pNN or pNN.NN (one to three integer digits, at most two decimals, 0 <= value <= 100).
 * Errors name the statistic: "The extended statistic p101 is not valid: a percentile is between
 * p0 and p100, written pNN or pNN.NN." (InvalidParameterValue, field ExtendedStatistics).
 */
Result<Percentile> parsePercentile(const QString &text);

/**
 * Whether CloudWatch accepts `periodSeconds`: 1, 5, 10, 20 or 30 (high resolution) or any positive
 * multiple of 60. The error names the value and the rule.
 */
Status checkPeriod(int periodSeconds);

/**
 * The first period's start for a query from `startMs`, as CloudWatch rounds it: to the whole
 * minute below for periods of 60 s and more (12:32:34 -> 12:32:00); to the period's division of
 * the minute below for 1/5/10/20/30 s (01:05:23 with 10 s -> 01:05:20). Periods then follow at
 * start + k x period.
 */
qint64 alignedStart(qint64 startMs, int periodSeconds);

/// One stored value usable for percentiles: `value` seen `count` times.
struct WeightedValue
{
    double value = 0;
    double count = 1;
};

/**
 * The nearest-rank percentile: sort the values, take the smallest value whose cumulative count
 * reaches percent / 100 x total (at least the first). p0 is the minimum, p100 the maximum.
 * Example: 1..100 once each: p50 = 50, p99 = 99, p99.5 = 100. Empty input: nullopt.
 */
std::optional<double> nearestRankPercentile(std::vector<WeightedValue> values, double percent);

} // namespace fd::metrics
