#include "metrics/TimeSeries.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fd::metrics {

TimeSeries::TimeSeries(qsizetype capacity) : m_capacity(std::max<qsizetype>(1, capacity))
{
    Q_ASSERT(capacity >= 1);
}

bool TimeSeries::append(qint64 tMs, double value)
{
    if (!std::isfinite(value) || std::abs(value) > double(std::numeric_limits<float>::max()))
        return false;
    if (m_size > 0 && tMs <= timeAt(m_size - 1))
        return false;
    if (m_size == 0)
        m_base = tMs;
    if (quint64(tMs - m_base) > kMaxOffset)
        rebase(tMs);
    const Packed p{quint32(tMs - m_base), float(value)};
    if (m_size < m_capacity) {
        // Still filling: the ring has not wrapped, physical == logical.
        m_points.push_back(p);
        ++m_size;
        return true;
    }
    // Full: overwrite the oldest and move the head on.
    m_points[std::size_t(m_head)] = p;
    m_head = (m_head + 1) % m_capacity;
    return true;
}

void TimeSeries::rebase(qint64 tMs)
{
    // Rare (a series older than 49 days): rebuild in logical order, without the points out of
    // reach of tMs, on the oldest point kept (or on tMs when none is left).
    std::vector<Point> kept = points();
    std::erase_if(kept, [&](const Point &p) { return quint64(tMs - p.t) > kMaxOffset; });
    if (qsizetype(kept.size()) == m_capacity)
        kept.erase(kept.begin()); // the append overwrites the oldest anyway
    m_base = kept.empty() ? tMs : kept.front().t;
    m_points.clear();
    for (const Point &p : kept)
        m_points.push_back({quint32(p.t - m_base), float(p.v)});
    m_head = 0;
    m_size = qsizetype(m_points.size());
}

qint64 TimeSeries::timeAt(qsizetype logical) const
{
    return m_base + qint64(m_points[std::size_t(physical(logical))].dt);
}

void TimeSeries::clear()
{
    m_points.clear();
    m_head = 0;
    m_size = 0;
}

qsizetype TimeSeries::physical(qsizetype logical) const
{
    return (m_head + logical) % m_capacity;
}

Point TimeSeries::at(qsizetype i) const
{
    Q_ASSERT(i >= 0 && i < m_size);
    const Packed &p = m_points[std::size_t(physical(i))];
    return {m_base + qint64(p.dt), double(p.v)};
}

std::optional<Point> TimeSeries::first() const
{
    if (m_size == 0)
        return std::nullopt;
    return at(0);
}

std::optional<Point> TimeSeries::last() const
{
    if (m_size == 0)
        return std::nullopt;
    return at(m_size - 1);
}

qsizetype TimeSeries::lowerBound(qint64 tMs) const
{
    qsizetype lo = 0;
    qsizetype hi = m_size;
    while (lo < hi) {
        const qsizetype mid = lo + (hi - lo) / 2;
        if (timeAt(mid) < tMs)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

qsizetype TimeSeries::upperBound(qint64 tMs) const
{
    qsizetype lo = 0;
    qsizetype hi = m_size;
    while (lo < hi) {
        const qsizetype mid = lo + (hi - lo) / 2;
        if (timeAt(mid) <= tMs)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

std::vector<Point> TimeSeries::points(qint64 fromMs, qint64 toMs) const
{
    std::vector<Point> out;
    if (fromMs > toMs)
        return out;
    const qsizetype begin = lowerBound(fromMs);
    const qsizetype end = upperBound(toMs);
    out.reserve(std::size_t(std::max<qsizetype>(0, end - begin)));
    for (qsizetype i = begin; i < end; ++i)
        out.push_back(at(i));
    return out;
}

std::vector<Point> TimeSeries::points() const
{
    std::vector<Point> out;
    out.reserve(std::size_t(m_size));
    for (qsizetype i = 0; i < m_size; ++i)
        out.push_back(at(i));
    return out;
}

std::optional<Aggregate> TimeSeries::aggregate(qint64 fromMs, qint64 toMs, qsizetype minPoints) const
{
    if (fromMs > toMs)
        return std::nullopt;
    const qsizetype begin = lowerBound(fromMs);
    const qsizetype end = upperBound(toMs);
    const qsizetype count = end - begin;
    if (count < std::max<qsizetype>(1, minPoints))
        return std::nullopt;

    Aggregate a;
    a.min = a.max = at(begin).v;
    for (qsizetype i = begin; i < end; ++i) {
        const double v = at(i).v;
        a.min = std::min(a.min, v);
        a.max = std::max(a.max, v);
        a.sum += v;
    }
    a.count = count;
    a.avg = a.sum / double(count);
    return a;
}

std::vector<Point> TimeSeries::downsample(qint64 fromMs, qint64 toMs, int buckets) const
{
    std::vector<Point> out;
    if (buckets <= 0 || fromMs > toMs)
        return out;
    const qsizetype begin = lowerBound(fromMs);
    const qsizetype end = upperBound(toMs);
    if (begin >= end)
        return out;

    // Slice i covers [fromMs + i*span/buckets, fromMs + (i+1)*span/buckets); the last one also
    // takes toMs itself. span = toMs - fromMs + 1 so that a window of 3600 ms in 3600 buckets
    // gives slices of exactly 1 ms.
    const qint64 span = toMs - fromMs + 1;
    out.reserve(std::size_t(std::min<qsizetype>(buckets, end - begin)));

    int current = -1;
    double sumT = 0.0;
    double sumV = 0.0;
    qsizetype n = 0;
    const auto flush = [&] {
        if (n > 0)
            out.push_back({qint64(std::llround(sumT / double(n))), sumV / double(n)});
        sumT = sumV = 0.0;
        n = 0;
    };
    for (qsizetype i = begin; i < end; ++i) {
        const Point p = at(i);
        // (p.t - fromMs) * buckets cannot overflow for any realistic window: a year in ms (3.2e10)
        // times 1e6 buckets is 3.2e16 < 9.2e18.
        const int bucket = int(std::min<qint64>(buckets - 1, (p.t - fromMs) * buckets / span));
        if (bucket != current) {
            flush();
            current = bucket;
        }
        // Timestamps are summed relative to fromMs to keep the double exact.
        sumT += double(p.t - fromMs);
        sumV += p.v;
        ++n;
    }
    flush();
    for (Point &p : out)
        p.t += fromMs;
    return out;
}

} // namespace fd::metrics
