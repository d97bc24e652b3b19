#pragma once

#include <QList>
#include <QPointF>

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace fd::ui {

/**
 * Makes `series` hold `want` with as few changes as it can (each change is one signal and one
 * geometry update in Qt Charts): the points that left at the head are removed in one call, the
 * changed tail is replaced point by point and the new points appended. When more than
 * `maxIncremental` points would change (a new window, a resize), one replace() of the whole list
 * is cheaper. Returns the number of point operations done (0 when nothing changed; -1 for a whole
 * replace), for tests and the benchmark.
 */
int syncSeries(QXYSeries *series, const QList<QPointF> &want, int maxIncremental = 16);

} // namespace fd::ui
