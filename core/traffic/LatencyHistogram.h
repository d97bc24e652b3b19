#pragma once

#include <array>
#include <cstdint>

namespace fd::traffic {

/**
 * Response times in log-linear buckets, like HdrHistogram: every power of two of microseconds is
 * split into 32 equal sub-buckets, so any value is known to within 1/32 (about 3 %) whatever its
 * size, in a fixed 1,248 counters however many requests are recorded. Values below 32 µs are kept
 * exactly; the last bucket takes everything from 2^42 µs (about 51 days) on.
 *
 * Example: 1000 µs has its highest bit at 2^9 = 512; the sub-bucket width there is 512 / 32 = 16 µs,
 * so it lands in [992, 1008) and a percentile falling there is reported as 1007 µs.
 *
 * Not thread-safe: the owner locks.
 */
class LatencyHistogram
{
public:
    void record(std::int64_t micros);
    std::int64_t count() const { return m_count; }
    /// The highest value recorded exactly (not its bucket); 0 when empty.
    std::int64_t maxMicros() const { return m_max; }
    double meanMicros() const { return m_count ? double(m_sum) / double(m_count) : 0.0; }
    /// The value at `fraction` (0.5 for p50) of the recorded ones: the upper edge of the bucket
    /// holding it, never above maxMicros(). 0 when empty.
    std::int64_t percentileMicros(double fraction) const;
    void clear();

    static constexpr int kSubBits = 5; ///< 32 sub-buckets per power of two
    static constexpr int kSub = 1 << kSubBits;
    static constexpr int kTopExponent = 42; ///< 2^42 µs: about 51 days; a timeout ends requests long before
    static constexpr int kBuckets = (kTopExponent - kSubBits + 1) * kSub + kSub;

    /// The bucket of `micros` and a bucket's highest value (for tests).
    static int bucketOf(std::int64_t micros);
    static std::int64_t upperEdge(int bucket);

private:
    std::array<std::int64_t, kBuckets> m_counts{};
    std::int64_t m_count = 0;
    std::int64_t m_sum = 0;
    std::int64_t m_max = 0;
};

} // namespace fd::traffic
