#include "LatencyHistogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace fd::traffic {

// Buckets 0 ... 31 hold 0 ... 31 µs exactly. Above, a value with its highest bit at 2^e (e >= 5)
// goes to 32 * (e - 4) + its next five bits: e = 5 (32 ... 63 µs, width 1) starts at 32, e = 6
// (64 ... 127 µs, width 2) at 64, and so on.
int LatencyHistogram::bucketOf(std::int64_t micros)
{
    if (micros < kSub)
        return int(std::max<std::int64_t>(micros, 0));
    const int e = std::min(int(std::bit_width(std::uint64_t(micros))) - 1, kTopExponent);
    if (e == kTopExponent && micros >= (std::int64_t(1) << (kTopExponent + 1)))
        return kBuckets - 1;
    const int sub = int((micros >> (e - kSubBits)) & (kSub - 1));
    return kSub * (e - kSubBits + 1) + sub;
}

std::int64_t LatencyHistogram::upperEdge(int bucket)
{
    if (bucket < kSub)
        return bucket;
    const int e = bucket / kSub + kSubBits - 1;
    const int sub = bucket % kSub;
    const std::int64_t width = std::int64_t(1) << (e - kSubBits);
    return (std::int64_t(1) << e) + (sub + 1) * width - 1;
}

void LatencyHistogram::record(std::int64_t micros)
{
    micros = std::max<std::int64_t>(micros, 0);
    ++m_counts[std::size_t(bucketOf(micros))];
    ++m_count;
    m_sum += micros;
    m_max = std::max(m_max, micros);
}

std::int64_t LatencyHistogram::percentileMicros(double fraction) const
{
    if (m_count == 0)
        return 0;
    // The rank of the value asked for, 1-based: p50 of 10 values is the 5th, p99 of 10 the 10th.
    const auto rank =
        std::clamp<std::int64_t>(std::int64_t(std::ceil(std::clamp(fraction, 0.0, 1.0) * double(m_count))), 1, m_count);
    std::int64_t seen = 0;
    for (int b = 0; b < kBuckets; ++b) {
        seen += m_counts[std::size_t(b)];
        if (seen >= rank)
            return std::min(upperEdge(b), m_max);
    }
    return m_max;
}

void LatencyHistogram::clear()
{
    m_counts.fill(0);
    m_count = 0;
    m_sum = 0;
    m_max = 0;
}

} // namespace fd::traffic
