#pragma once

#include "metrics/TimeSeries.h"

#include <QList>
#include <QPointF>

#include <span>

namespace fd::ui {

/**
 * Min/max decimation for a line chart: time is cut into buckets of `bucketMs` ALIGNED TO
 * MULTIPLES OF bucketMs since the epoch (not to the first point), and each bucket that holds points
 * becomes at most two points: its lowest and its highest, in the order they occurred (one point
 * when the bucket holds one value, or only equal values). Peaks survive, and a bucket's output
 * depends only on the points inside it, so as the window moves the earlier buckets come out
 * identical and a chart only has to change its tail and drop its head.
 *
 * Points: x = milliseconds since the epoch, y = value. `points` must be oldest first.
 * Example: bucketMs 10,000 over 1 Hz points 0..29 s with values 0,1,...,29 gives
 * (0,0) (9000,9) (10000,10) (19000,19) (20000,20) (29000,29).
 * bucketMs <= 1 returns every point.
 */
QList<QPointF> decimateMinMax(std::span<const fd::metrics::Point> points, qint64 bucketMs);

/// The bucket width for `spanMs` drawn on `pixels` pixels with one bucket per `pixelsPerBucket`
/// (at least 1 ms). Example: 1 h on 800 px at 2 px per bucket: 9,000 ms (400 buckets, at most
/// 800 points, one per pixel).
qint64 bucketWidthMs(qint64 spanMs, int pixels, int pixelsPerBucket = 2);

} // namespace fd::ui
