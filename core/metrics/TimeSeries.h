#pragma once

#include <QtGlobal>

#include <limits>
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
 * Packed: a point is stored in 8 bytes, its timestamp as a 32-bit millisecond offset from the
 * series' base time and its value as a float (7 significant digits: 41,943,040 bytes stays exact,
 * 0.1 % reads back as 0.1 within 1e-8). 100 containers x 7 metrics x 3,600 points take 20 MB
 * instead of 40 MB as (qint64, double). Offsets reach 49 days; a point further from the base moves
 * the base to the oldest point kept, and points more than 49 days older than the new one are dropped.
 * Values beyond a float's range (|v| > 3.4e38) are refused like non-finite ones.
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
    qint64 timeAt(qsizetype logical) const;
    /// Moves the base so that `tMs` is within an offset's reach, dropping older points.
    void rebase(qint64 tMs);
    static constexpr quint64 kMaxOffset = std::numeric_limits<quint32>::max();

    struct Packed
    {
        quint32 dt; ///< ms after m_base
        float v;
    };
    static_assert(sizeof(Packed) == 8);

    qsizetype m_capacity;
    qsizetype m_head = 0; // physical index of the oldest point once the buffer has wrapped
    qsizetype m_size = 0;
    qint64 m_base = 0; // the timestamp offsets count from
    std::vector<Packed> m_points;
};

} // namespace fd::metrics
