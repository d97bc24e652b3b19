#include "charts/SeriesSync.h"

#include <QtCharts/QXYSeries>

#include <algorithm>

namespace fd::ui {

int syncSeries(QXYSeries *series, const QList<QPointF> &want, int maxIncremental)
{
    const QList<QPointF> have = series->points();
    if (have == want)
        return 0;
    if (have.isEmpty() || want.isEmpty()) {
        series->replace(want);
        return -1;
    }
    // The head that left the window: every point before want's first.
    qsizetype drop = 0;
    if (want.first().x() > have.first().x()) {
        const auto at = std::lower_bound(have.begin(), have.end(), want.first().x(),
                                         [](const QPointF &p, double x) { return p.x() < x; });
        drop = at - have.begin();
    }
    qsizetype common = 0;
    const qsizetype overlap = std::min(have.size() - drop, want.size());
    while (common < overlap && have[drop + common] == want[common])
        ++common;
    const qsizetype changedHave = have.size() - drop - common;
    const qsizetype changedWant = want.size() - common;
    if (common == 0 || std::max(changedHave, changedWant) > maxIncremental) {
        series->replace(want);
        return -1;
    }
    int operations = 0;
    if (drop > 0) {
        series->removePoints(0, int(drop));
        ++operations;
    }
    qsizetype k = 0;
    for (; k < std::min(changedHave, changedWant); ++k, ++operations)
        series->replace(int(common + k), want[common + k]);
    if (changedHave > changedWant) {
        series->removePoints(int(common + k), int(changedHave - changedWant));
        ++operations;
    }
    for (; k < changedWant; ++k, ++operations)
        series->append(want[common + k]);
    return operations;
}

} // namespace fd::ui
