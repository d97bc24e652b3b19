#include "TrafficBand.h"

#include "Formatter.h"
#include "Palette.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace fd::ui {

namespace {

QFont pxFont(double pixels, bool bold = false)
{
    QFont f;
    f.setPixelSize(std::max(9, int(std::lround(pixels))));
    f.setBold(bold);
    return f;
}

QString since(const DeploymentTimeline &tl, const QDateTime &t)
{
    const qint64 ms = tl.createdAt.msecsTo(t);
    return (ms >= 0 ? QStringLiteral("+") : QString()) + formatElapsed(ms);
}

} // namespace

QColor TrafficBand::failureColour()
{
    return palette::Error;
}

void TrafficBand::setGeometry(const QRectF &plot, double scale)
{
    m_plot = plot;
    m_scale = scale;
}

// Room above the bars for the failure markers.
double TrafficBand::barTop() const
{
    return m_plot.top() + 12 * m_scale;
}

void TrafficBand::paint(QPainter &p, const XOf &xOf, const QList<QColor> &groupColours) const
{
    if (!isShown() || m_plot.isEmpty())
        return;
    p.save();
    p.fillRect(m_plot, palette::ChartBackground);
    paintGutter(p);
    p.setClipRect(m_plot.adjusted(0, 0, 1, 1));
    paintColumns(p, xOf, groupColours);
    p.setPen(QPen(palette::Slate, 1.5));
    p.drawLine(QPointF(m_plot.left(), m_plot.bottom()), QPointF(m_plot.right(), m_plot.bottom()));
    paintFailures(p, xOf);
    p.restore();
}

// Each bucket of wall time is a column as wide as it lasted on the control plane's clock; its
// height is its answered requests against the window's busiest bucket (50 answered at the peak
// fill the strip, 25 half of it).
void TrafficBand::paintColumns(QPainter &p, const XOf &xOf, const QList<QColor> &groupColours) const
{
    const double peak = double(std::max<qint64>(m_sb.peakPerBucket, 1));
    const double height = m_plot.bottom() - barTop();
    p.setPen(Qt::NoPen);
    p.setRenderHint(QPainter::Antialiasing, false); // adjacent columns without seams between them
    for (const TrafficColumn &c : m_sb.columns) {
        const double x0 = std::max(xOf(c.from), m_plot.left());
        const double x1 = std::min(xOf(c.to), m_plot.right());
        if (x1 - x0 < 0.5)
            continue;
        double y = m_plot.bottom();
        const auto stack = [&](qint64 n, const QColor &colour) {
            if (n <= 0)
                return;
            const double h = height * double(n) / peak;
            p.setBrush(colour);
            p.drawRect(QRectF(x0, y - h, x1 - x0, h));
            y -= h;
        };
        for (int g = 0; g < c.perGroup.size(); ++g)
            stack(c.perGroup[g], g < groupColours.size() ? groupColours[g] : palette::Muted);
        stack(c.other, palette::Guide);
    }
    p.setRenderHint(QPainter::Antialiasing, true);
}

// A tick and a marker per failure; failures too close to tell apart (within 4 px) share one, with
// their count beside it ("×14"), so a burst reads as a burst.
void TrafficBand::paintFailures(QPainter &p, const XOf &xOf) const
{
    const double s = m_scale;
    const QColor red = failureColour();
    const double size = 7 * s;
    p.setFont(pxFont(13 * s, true));
    const auto mark = [&](double x, int count) {
        p.setPen(QPen(red, std::max(1.5, 2 * s)));
        p.drawLine(QPointF(x, m_plot.top() + size), QPointF(x, m_plot.bottom()));
        QPainterPath marker;
        marker.moveTo(x - size / 2 - 1, m_plot.top());
        marker.lineTo(x + size / 2 + 1, m_plot.top());
        marker.lineTo(x, m_plot.top() + size + 1);
        marker.closeSubpath();
        p.setPen(Qt::NoPen);
        p.setBrush(red);
        p.drawPath(marker);
        if (count > 1) {
            p.setPen(red);
            p.drawText(QPointF(x + size / 2 + 3 * s, m_plot.top() + QFontMetricsF(p.font()).ascent()),
                       QStringLiteral("\u00d7%1").arg(count));
        }
    };
    double groupX = 0;
    int groupCount = 0;
    for (const TrafficMark &m : m_sb.failures) {
        const double x = xOf(m.at);
        if (groupCount > 0 && std::abs(x - groupX) <= 4 * s) {
            ++groupCount;
            continue;
        }
        if (groupCount > 0)
            mark(groupX, groupCount);
        groupX = x;
        groupCount = 1;
    }
    if (groupCount > 0)
        mark(groupX, groupCount);
}

void TrafficBand::paintGutter(QPainter &p) const
{
    const double s = m_scale;
    const QRectF gutter(0, m_plot.top(), m_plot.left() - 10 * s, m_plot.height());
    p.setPen(palette::Ink);
    p.setFont(pxFont(16 * s, true));
    const QFontMetricsF fm(p.font());
    p.drawText(QRectF(gutter.left(), gutter.top(), gutter.width(), fm.height()), Qt::AlignRight | Qt::AlignTop,
               tr("traffic"));
    p.setPen(palette::Slate);
    p.setFont(pxFont(13 * s));
    const QFontMetricsF small(p.font());
    p.drawText(QRectF(gutter.left(), gutter.top() + fm.height(), gutter.width(), small.height()),
               Qt::AlignRight | Qt::AlignTop, tr("peak %1/s").arg(Formatter::count(m_sb.peakPerSecond())));
    // Which strip of the band is which: the scale's top at the first bar's peak.
    p.setPen(QPen(palette::ChartGrid, 1));
    p.drawLine(QPointF(m_plot.left(), barTop()), QPointF(m_plot.right(), barTop()));
}

QString TrafficBand::tooltipAt(const QPointF &pos, const XOf &xOf, const DeploymentTimeline &tl) const
{
    if (!isShown() || !m_plot.adjusted(0, -2, 0, 2).contains(pos))
        return {};
    const double reach = 5 * m_scale;
    QStringList failed;
    int more = 0;
    for (const TrafficMark &m : m_sb.failures) {
        if (std::abs(xOf(m.at) - pos.x()) > reach)
            continue;
        if (failed.size() >= 8) {
            ++more;
            continue;
        }
        const QString task = m.taskId.isEmpty() ? tr("task unknown") : tr("task %1").arg(m.taskId.left(8));
        failed << tr("%1  %2: %3 (%4, %5)").arg(since(tl, m.at), m.cause, m.detail, m.path, task);
    }
    if (!failed.isEmpty()) {
        if (more > 0)
            failed << tr("… and %1 more").arg(more);
        return tr("Failed requests") + u'\n' + failed.join(u'\n');
    }
    for (const TrafficColumn &c : m_sb.columns) {
        const double x0 = xOf(c.from);
        const double x1 = xOf(c.to);
        if (pos.x() < x0 || pos.x() >= x1)
            continue;
        QStringList parts;
        for (int g = 0; g < c.perGroup.size() && g < tl.groups.size(); ++g)
            if (c.perGroup[g] > 0)
                parts << QStringLiteral("%1 %2").arg(tl.groups[g].taskDefinition()).arg(c.perGroup[g]);
        if (c.other > 0)
            parts << tr("other %1").arg(c.other);
        return tr("%1: %2 answered in this quarter second%3, %4 failed")
            .arg(since(tl, c.from))
            .arg(c.answered())
            .arg(parts.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(parts.join(QStringLiteral(", "))))
            .arg(c.failed);
    }
    return tr("Traffic: %1").arg(m_sb.verdict());
}

} // namespace fd::ui
