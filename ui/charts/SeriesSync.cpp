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
    // Each change below is one signal, and Qt Charts answers every signal by rebuilding the whole
    // line's path and its stroked shape: one replace() of the whole (decimated) list costs one
    // rebuild, so piecemeal changes pay only while they are a single one.
    // Signals sent below: the head removal, one replace per changed point both lists hold, then
    // either one removal of the surplus or one append per new point.
    const qsizetype replaced = std::min(changedHave, changedWant);
    const qsizetype operations =
        qsizetype(drop > 0) + replaced + (changedHave > changedWant ? 1 : changedWant - replaced);
    if (common == 0 || operations > maxIncremental) {
        series->replace(want);
        return -1;
    }
    if (drop > 0)
        series->removePoints(0, int(drop));
    qsizetype k = 0;
    for (; k < replaced; ++k)
        series->replace(int(common + k), want[common + k]);
    if (changedHave > changedWant)
        series->removePoints(int(common + k), int(changedHave - changedWant));
    for (; k < changedWant; ++k)
        series->append(want[common + k]);
    return int(operations);
}

} // namespace fd::ui
