#pragma once

#include <QList>
#include <QPointF>

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace fd::ui {

/**
 * Makes `series` hold `want` with as few path rebuilds as it can. Qt Charts (6.4) answers every
 * change signal of a line (pointAdded, pointReplaced, pointsRemoved, pointsReplaced) by rebuilding
 * the line's whole path and its stroked shape, so the cost is the number of signals, not the
 * points copied: the points that left at the head are removed in one call, the changed tail is
 * replaced point by point and the new points appended, as long as that is at most
 * `maxIncremental` signals; otherwise one replace() of the whole (decimated) list. Unchanged:
 * no signal at all. Returns the signals sent (0: nothing changed; -1: one whole replace).
 */
int syncSeries(QXYSeries *series, const QList<QPointF> &want, int maxIncremental = 1);

} // namespace fd::ui
