#include "charts/Decimation.h"

#include <algorithm>

namespace fd::ui {

namespace {

qint64 bucketOf(qint64 tMs, qint64 bucketMs)
{
    return tMs / bucketMs - ((tMs % bucketMs) < 0 ? 1 : 0);
}

} // namespace

QList<QPointF> decimateMinMax(std::span<const fd::metrics::Point> points, qint64 bucketMs)
{
    QList<QPointF> out;
    if (bucketMs <= 1) {
        out.reserve(qsizetype(points.size()));
        for (const fd::metrics::Point &p : points)
            out.append(QPointF(double(p.t), p.v));
        return out;
    }
    out.reserve(qsizetype(std::min<std::size_t>(points.size(), 4096)));
    std::size_t i = 0;
    while (i < points.size()) {
        const qint64 bucket = bucketOf(points[i].t, bucketMs);
        std::size_t lo = i;
        std::size_t hi = i;
        std::size_t j = i + 1;
        for (; j < points.size() && bucketOf(points[j].t, bucketMs) == bucket; ++j) {
            if (points[j].v < points[lo].v)
                lo = j;
            if (points[j].v > points[hi].v)
                hi = j;
        }
        if (points[lo].v == points[hi].v) {
            out.append(QPointF(double(points[lo].t), points[lo].v));
        } else {
            const std::size_t first = std::min(lo, hi);
            const std::size_t second = std::max(lo, hi);
            out.append(QPointF(double(points[first].t), points[first].v));
            out.append(QPointF(double(points[second].t), points[second].v));
        }
        i = j;
    }
    return out;
}

qint64 bucketWidthMs(qint64 spanMs, int pixels, int pixelsPerBucket)
{
    const qint64 buckets = std::max<qint64>(1, qint64(std::max(1, pixels)) / std::max(1, pixelsPerBucket));
    return std::max<qint64>(1, spanMs / buckets);
}

} // namespace fd::ui
