#pragma once

#include <QtGlobal>

#include <optional>
#include <vector>

namespace fd::metrics {

/// One point of a series: milliseconds since the epoch (from fd::Clock) and a finite value.
struct Point
{
    qint64 t = 0;
    double v = 0.0;

    friend bool operator==(const Point &, const Point &) = default;
};

/// Summary of the points of a window. `avg` is `sum / count`.
struct Aggregate
{
    double min = 0.0;
    double max = 0.0;
    double sum = 0.0;
    qsizetype count = 0;
    double avg = 0.0;
};

/**
 * A bounded ring buffer of (timestamp, value) points for one metric of one container.
 *
 * The capacity is fixed at construction (3600 = one hour at 1 Hz); once full, each new point
 * overwrites the oldest. Storage grows with the points actually appended, up to the capacity, so a
 * container that lives a minute costs a minute of points.
 *
 * Timestamps are strictly increasing: a point at the same timestamp as the last one is a duplicate
 * and is dropped, so the series keeps (reuses) the last value; an older point is dropped too. Values
 * must be finite: NaN is how the rate functions say "no value yet" (first sample, counter reset),
 * and such a sample simply adds no point.
 *
 * Not thread-safe; owned and used by one thread.
 */
class TimeSeries
{
public:
    explicit TimeSeries(qsizetype capacity = 3600);

    qsizetype capacity() const { return m_capacity; }
    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

    /// Appends a point. Returns false, storing nothing, when `value` is not finite or `tMs` is not
    /// after the last point's timestamp (a duplicate keeps the last value).
    bool append(qint64 tMs, double value);
    void clear();

    /// The i-th point, oldest first (0 <= i < size()).
    Point at(qsizetype i) const;
    std::optional<Point> first() const;
    std::optional<Point> last() const;

    /// Points with fromMs <= t <= toMs, oldest first.
    std::vector<Point> points(qint64 fromMs, qint64 toMs) const;
    std::vector<Point> points() const;

    /// {min, max, sum, count, avg} over fromMs <= t <= toMs. Refuses (nullopt) when the window holds
    /// fewer than `minPoints` points: with the default of 2, one lone sample never passes for a
    /// trend (an alarm on "average CPU over 60 s" needs at least two readings).
    std::optional<Aggregate> aggregate(qint64 fromMs, qint64 toMs, qsizetype minPoints = 2) const;

    /**
     * A view for charts: the window [fromMs, toMs] cut into `buckets` equal time slices, each slice
     * that holds points replaced by one point (mean timestamp, mean value); empty slices give no
     * point, so gaps stay gaps. Example: 3600 points at 1 Hz into 144 buckets gives one point per
     * 25 s, each the average of 25 samples. Never returns more than `buckets` points, nor more
     * than the window holds.
     */
    std::vector<Point> downsample(qint64 fromMs, qint64 toMs, int buckets) const;

private:
    /// Logical index (0 = oldest) of the first point with t >= tMs; size() when there is none.
    qsizetype lowerBound(qint64 tMs) const;
    /// Logical index of the first point with t > tMs; size() when there is none.
    qsizetype upperBound(qint64 tMs) const;
    qsizetype physical(qsizetype logical) const;

    qsizetype m_capacity;
    qsizetype m_head = 0; // physical index of the oldest point once the buffer has wrapped
    qsizetype m_size = 0;
    std::vector<Point> m_points;
};

} // namespace fd::metrics
