#include "DeploymentCanvas.h"

#include "Palette.h"

#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <functional>

namespace fd::ui {

namespace {

constexpr qint64 kSecond = 1000;

// Hue tells old from new. The family colours of the Fleet view would paint a same-family rollout in
// one hue and a lighter shade of it (web is yellow and pale yellow: unreadable on a projector), so this
// view uses the Okabe-Ito pair that every common colour-vision deficiency keeps apart: the revision
// being rolled out is blue, the one it replaces orange; older ones reddish purple, then grey.
const QColor &kTarget = palette::TargetRevision;
const QList<QColor> &kOlder = palette::OlderRevisions;

const QColor &kInk = palette::Ink;
const QColor &kMuted = palette::Slate;
const QColor &kGrid = palette::ChartGrid;
const QColor &kPlotBg = palette::ChartBackground;
const QColor &kStoppingFill = palette::StoppingFill;
const QColor &kStoppingLine = palette::StoppingLine;
const QColor &kMaxRail = palette::DeployFailed;
const QColor &kMinRail = palette::Ink;

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

QFont pxFont(double pixels, bool bold = false)
{
    QFont f;
    f.setPixelSize(std::max(9, int(std::lround(pixels))));
    f.setBold(bold);
    return f;
}

QFont monoFont(double pixels)
{
    QFont f = pxFont(pixels);
    f.setFamily(QStringLiteral("DejaVu Sans Mono"));
    f.setStyleHint(QFont::Monospace);
    return f;
}

// Axis steps: the first that gives at most ~9 ticks.
qint64 tickStep(qint64 span)
{
    static const qint64 steps[] = {5 * kSecond,       10 * kSecond,      15 * kSecond,     30 * kSecond,
                                   60 * kSecond,      2 * 60 * kSecond,  5 * 60 * kSecond, 10 * 60 * kSecond,
                                   15 * 60 * kSecond, 30 * 60 * kSecond, 60 * 60 * kSecond};
    for (const qint64 s : steps)
        if (span / s <= 9)
            return s;
    return steps[std::size(steps) - 1];
}

// Draws `text` in a rounded chip at `anchor` (its left or right edge, vertically centred).
QRectF chip(QPainter &p, const QString &text, QPointF anchor, bool alignRight, const QColor &fill, const QColor &ink,
            const QColor &border, double pad)
{
    const QFontMetricsF fm(p.font());
    const QSizeF size(fm.horizontalAdvance(text) + 2 * pad, fm.height() + pad);
    QRectF r(QPointF(alignRight ? anchor.x() - size.width() : anchor.x(), anchor.y() - size.height() / 2), size);
    p.setPen(border.isValid() ? QPen(border, 1.5) : Qt::NoPen);
    p.setBrush(fill);
    p.drawRoundedRect(r, size.height() / 2.6, size.height() / 2.6);
    p.setPen(ink);
    p.drawText(r, Qt::AlignCenter, text);
    return r;
}

} // namespace

DeploymentCanvas::DeploymentCanvas(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("deploymentCanvas"));
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
}

void DeploymentCanvas::setTraffic(const TrafficScoreboard &scoreboard)
{
    const bool wasShown = m_traffic.isShown();
    m_traffic.setScoreboard(scoreboard);
    if (wasShown != m_traffic.isShown())
        relayout();
    else
        m_traffic.setGeometry(m_traffic.plotRect(), m_scale);
    update();
}

void DeploymentCanvas::setTimeline(const DeploymentTimeline &timeline)
{
    m_tl = timeline;
    m_colours.clear();
    int older = 0;
    for (int g = int(m_tl.groups.size()) - 1; g >= 0; --g) {
        QColor c = m_tl.groups[g].target ? kTarget : kOlder[std::min<int>(older++, int(kOlder.size()) - 1)];
        m_colours.prepend(c);
    }
    relayout();
    update();
}

QColor DeploymentCanvas::groupColour(int group) const
{
    return group >= 0 && group < m_colours.size() ? m_colours[group] : kMuted;
}

void DeploymentCanvas::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void DeploymentCanvas::relayout()
{
    const double w = width(), h = height();
    m_scale = std::clamp(std::min(w / 1250.0, h / 680.0), 0.85, 1.3);
    const double s = m_scale;
    const double left = 150 * s;
    const double right = w - 20 * s;
    const double top = 8 * s;
    const double badgeRow = 34 * s;
    const double axisH = 30 * s;
    // The legend: one row, or two (revisions, then phases) when one does not fit.
    {
        const QFontMetricsF fm(pxFont(15 * s));
        double needed = 26 * s;
        for (const TimelineGroup &g : std::as_const(m_tl.groups))
            needed += 55 * s + fm.horizontalAdvance(g.taskDefinition() + tr(" (new)"));
        for (const QString &label : phaseLegendLabels())
            needed += 55 * s + fm.horizontalAdvance(label);
        m_legendRows = needed > w ? 2 : 1;
    }
    // Too short for the chart, the lanes and the legend (a tab in the main window): the chart
    // alone, as tall as fits, rather than the three drawn over each other.
    // The traffic strip, when the generator ran during the deployment, sits under the time axis.
    const double bandH = m_traffic.isShown() ? TrafficBand::kHeight * s : 0.0;
    m_compact =
        h - top - badgeRow - axisH - bandH - (m_legendRows * 30 + 10) * s - 16 * s < 120.0 + kMinLanesHeight * s;
    if (m_compact)
        m_legendRows = 0;
    const double legendH = m_compact ? 0.0 : (m_legendRows * 30 + 10) * s;
    const double available = h - top - badgeRow - axisH - bandH - legendH - 16 * s;
    const double chartH = m_compact ? std::max(40.0, available) : std::max(120.0, available * 0.44);
    m_chart = QRectF(left, top + badgeRow, right - left, chartH);
    m_axis = QRectF(left, m_chart.bottom(), right - left, axisH);
    m_legend = QRectF(8 * s, h - legendH, w - 16 * s, legendH);
    m_traffic.setGeometry(QRectF(left, m_axis.bottom() + 4 * s, right - left, std::max(0.0, bandH - 10 * s)), s);
    const double lanesTop = m_axis.bottom() + bandH;
    m_lanes = m_compact ? QRectF(left, lanesTop, right - left, 0.0)
                        : QRectF(left, lanesTop + 8 * s, right - left, m_legend.top() - lanesTop - 14 * s);

    // The y scale: room for the maximum rail and the highest stack, plus a little headroom.
    m_yMax = std::max({m_tl.bounds.maximum, m_tl.peakTotal(), m_tl.desiredCount, 1});
    m_yMax += m_yMax >= 10 ? m_yMax / 8 : 1;

    // Lanes: groups with a header each, lanes as tall as fits (at most 26 px at 1:1).
    const int groups = m_compact ? 0 : int(m_tl.groups.size());
    const int lanes = m_compact ? 0 : int(m_tl.lanes.size());
    m_groupHeader = 26 * s;
    const double laneSpace = m_lanes.height() - groups * m_groupHeader;
    const double pitch = lanes > 0 ? std::clamp(laneSpace / lanes, 3.0, 30 * s) : 30 * s;
    m_laneGap = pitch >= 14 ? std::max(2.0, pitch * 0.18) : (pitch >= 6 ? 1.0 : 0.0);
    m_laneHeight = pitch - m_laneGap;
    m_laneTop = QList<double>(lanes, 0.0);
    m_groupTop = QList<double>(groups, 0.0);
    double y = m_lanes.top();
    for (int g = 0; g < groups; ++g) {
        m_groupTop[g] = y;
        y += m_groupHeader;
        for (const int l : m_tl.groups[g].lanes) {
            m_laneTop[l] = y;
            y += pitch;
        }
    }

    // Event badges along the top of the chart: one per event, or one for events too close to tell
    // apart ("3–5"), pushed right when they would overlap.
    m_badges.clear();
    if (m_tl.hasDeployment) {
        const QFontMetricsF fm(pxFont(14 * s, true));
        double lastRight = -1e9;
        for (int i = int(m_tl.events.size()) - 1; i >= 0; --i) {
            const double x = std::clamp(xOf(m_tl.events[i].at), m_chart.left(), m_chart.right());
            if (!m_badges.isEmpty() && x - m_badges.back().tickX < fm.height() * 0.9) {
                m_badges.back().events.append(i);
                continue;
            }
            Badge b;
            b.tickX = x;
            b.events.append(i);
            m_badges.append(b);
        }
        for (Badge &b : m_badges) {
            const TimelineEvent &first = m_tl.events[b.events.front()];
            const TimelineEvent &last = m_tl.events[b.events.back()];
            const QString text = b.events.size() == 1 ? QString::number(first.number)
                                                      : QStringLiteral("%1\u2013%2").arg(first.number).arg(last.number);
            const double bw = std::max(fm.height() * 1.25, fm.horizontalAdvance(text) + fm.height() * 0.8);
            const double bh = fm.height() * 1.25;
            double x = b.tickX - bw / 2;
            x = std::max(x, lastRight + 3 * s);
            x = std::min(x, width() - bw - 2);
            b.rect = QRectF(x, m_chart.top() - bh - 6 * s, bw, bh);
            lastRight = b.rect.right();
        }
    }
}

double DeploymentCanvas::xOf(const QDateTime &t) const
{
    if (!m_tl.windowStart.isValid() || !t.isValid())
        return m_chart.left();
    const double span = double(m_tl.windowStart.msecsTo(m_tl.windowEnd));
    if (span <= 0)
        return m_chart.left();
    return m_chart.left() + m_chart.width() * double(m_tl.windowStart.msecsTo(t)) / span;
}

double DeploymentCanvas::yOf(double count) const
{
    return m_chart.bottom() - m_chart.height() * count / std::max(1, m_yMax);
}

QRectF DeploymentCanvas::laneRect(int lane) const
{
    if (lane < 0 || lane >= m_laneTop.size())
        return {};
    return QRectF(m_lanes.left(), m_laneTop[lane], m_lanes.width(), m_laneHeight);
}

int DeploymentCanvas::laneAt(const QPointF &pos) const
{
    for (int i = 0; i < m_laneTop.size(); ++i)
        if (pos.y() >= m_laneTop[i] - m_laneGap / 2 && pos.y() < m_laneTop[i] + m_laneHeight + m_laneGap / 2 &&
            pos.x() >= 0 && pos.x() <= m_lanes.right())
            return i;
    return -1;
}

QBrush DeploymentCanvas::hatch(const QColor &colour, bool back) const
{
    const quint64 key = (quint64(colour.rgba()) << 1) | (back ? 1 : 0);
    const auto it = m_hatches.constFind(key);
    if (it != m_hatches.cend())
        return *it;
    // A tile of diagonal stripes; wide enough to survive a projector's blur.
    const int n = 12;
    QPixmap tile(n, n);
    tile.fill(back ? kStoppingFill : mix(colour, palette::Paper, 0.72));
    QPainter p(&tile);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(back ? kStoppingLine : colour, 3.2));
    for (int k = -1; k <= 1; ++k) {
        if (back)
            p.drawLine(QPointF(k * n, 0), QPointF(k * n + n, n));
        else
            p.drawLine(QPointF(k * n, n), QPointF(k * n + n, 0));
    }
    p.end();
    const QBrush brush(tile);
    m_hatches.insert(key, brush);
    return brush;
}

void DeploymentCanvas::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette::Paper);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    if (!m_tl.hasDeployment) {
        paintEmpty(p);
        return;
    }
    p.fillRect(m_chart, kPlotBg);
    paintAxis(p);
    paintChart(p);
    paintRails(p);
    paintEventTicks(p);
    if (!m_compact)
        paintLanes(p);
    m_traffic.paint(
        p, [this](const QDateTime &t) { return xOf(t); }, m_colours);
    paintNow(p);
    if (!m_compact)
        paintLegend(p);
}

void DeploymentCanvas::paintEmpty(QPainter &p) const
{
    const double s = m_scale;
    const QRectF box = rect().adjusted(60 * s, 0, -60 * s, 0);
    p.setPen(kInk);
    p.setFont(pxFont(30 * s, true));
    const QString title = m_tl.hasService          ? tr("No deployment of %1 yet").arg(m_tl.service)
                          : m_tl.service.isEmpty() ? tr("No service selected")
                                                   : tr("No service %1 in %2").arg(m_tl.service, m_tl.cluster);
    const QRectF titleRect(box.left(), box.center().y() - 70 * s, box.width(), 44 * s);
    p.drawText(titleRect, Qt::AlignHCenter | Qt::AlignBottom, title);
    p.setPen(kMuted);
    p.setFont(pxFont(19 * s));
    const QString body =
        !m_tl.hasService ? tr("Choose a service to watch its rolling deployments here.")
                         : tr("Create the service, or update it to a new task definition revision: its rollout appears "
                              "here as it happens, with tasks starting, turning healthy and stopping between the "
                              "minimum healthy and maximum bounds.");
    p.drawText(QRectF(box.left() + box.width() * 0.15, titleRect.bottom() + 14 * s, box.width() * 0.7, 120 * s),
               Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, body);
}

void DeploymentCanvas::paintAxis(QPainter &p) const
{
    const double s = m_scale;
    const qint64 span = m_tl.windowStart.msecsTo(m_tl.windowEnd);
    const qint64 step = tickStep(span);
    const QDateTime origin = m_tl.createdAt;
    // Grid: counts across the chart, time down through chart and lanes.
    p.setFont(pxFont(15 * s));
    const QFontMetricsF fm(p.font());
    const int yStep = m_yMax <= 12 ? 1 : (m_yMax <= 30 ? 5 : 10);
    for (int v = 0; v <= m_yMax; v += yStep) {
        const double y = yOf(v);
        p.setPen(QPen(v == 0 ? kMuted : kGrid, v == 0 ? 1.5 : 1));
        p.drawLine(QPointF(m_chart.left(), y), QPointF(m_chart.right(), y));
        p.setPen(kMuted);
        p.drawText(QRectF(m_chart.left() - 46 * s, y - fm.height() / 2, 38 * s, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, QString::number(v));
    }
    p.save();
    p.translate(m_chart.left() - 62 * s, m_chart.center().y());
    p.rotate(-90);
    p.setPen(kMuted);
    p.drawText(QRectF(-m_chart.height() / 2, -fm.height(), m_chart.height(), fm.height() * 1.2), Qt::AlignCenter,
               tr("tasks"));
    p.restore();

    // Ticks at whole steps from the deployment's creation, labelled as time since it.
    const qint64 startOff = origin.msecsTo(m_tl.windowStart); // negative: the lead before creation
    qint64 first = (startOff / step) * step;                  // truncates toward zero
    if (first < startOff)
        first += step;
    for (qint64 off = first; origin.addMSecs(off) <= m_tl.windowEnd; off += step) {
        const QDateTime t = origin.addMSecs(off);
        if (t < m_tl.windowStart)
            continue;
        const double x = xOf(t);
        p.setPen(QPen(kGrid, 1));
        p.drawLine(QPointF(x, m_chart.top()), QPointF(x, m_chart.bottom()));
        p.drawLine(QPointF(x, m_lanes.top()), QPointF(x, m_lanes.bottom()));
        p.setPen(kMuted);
        p.drawLine(QPointF(x, m_axis.top()), QPointF(x, m_axis.top() + 5 * s));
        if (off < 0)
            continue;
        // The "now" and "completed" chips sit on the axis: no tick label under them.
        if ((m_tl.now <= m_tl.windowEnd && std::abs(x - xOf(m_tl.now)) < 48 * s) ||
            (m_tl.completedAt.isValid() && std::abs(x - xOf(m_tl.completedAt)) < 80 * s && off != 0))
            continue;
        // Centred under its tick, but never past the right edge (the last tick sits on it).
        const QString label = off == 0 ? tr("0:00") : QStringLiteral("+") + formatElapsed(off);
        const double labelWidth = fm.horizontalAdvance(label) + 4 * s;
        const double labelLeft = std::min(x - labelWidth / 2, width() - labelWidth - 2 * s);
        p.drawText(QRectF(labelLeft, m_axis.top() + 4 * s, labelWidth, m_axis.height() - 4 * s), Qt::AlignCenter,
                   label);
    }
    // The deployment's creation and completion, through chart and lanes.
    const double x0 = xOf(origin);
    p.setPen(QPen(kInk, 2));
    p.drawLine(QPointF(x0, m_chart.top()), QPointF(x0, m_lanes.bottom()));
    if (m_tl.completedAt.isValid()) {
        const double x1 = xOf(m_tl.completedAt);
        const bool failed = m_tl.rolloutState == RolloutState::Failed;
        p.setPen(QPen(failed ? kMaxRail : kInk, 2, Qt::SolidLine));
        p.drawLine(QPointF(x1, m_chart.top()), QPointF(x1, m_lanes.bottom()));
    }
}

void DeploymentCanvas::paintChart(QPainter &p) const
{
    if (m_tl.counts.isEmpty())
        return;
    const QDateTime end = std::min(m_tl.now, m_tl.windowEnd);
    const int groups = int(m_tl.groups.size());
    const int points = int(m_tl.counts.size());
    QList<double> base(points, 0.0);
    QList<double> xs(points + 1);
    for (int i = 0; i < points; ++i)
        xs[i] = xOf(std::max(m_tl.counts[i].at, m_tl.windowStart));
    xs[points] = xOf(end);

    // Bands bottom-up: healthy of each revision (old first), then starting or not yet healthy, then
    // stopping. The top of the solid part is the healthy count the minimum guards; the top of the
    // whole stack is what the maximum bounds.
    struct Band
    {
        int kind; // 0 healthy, 1 not yet healthy, 2 stopping
        int group;
    };
    QList<Band> bands;
    for (int kind = 0; kind < 3; ++kind)
        for (int g = 0; g < groups; ++g)
            bands.append({kind, g});
    for (const Band &b : std::as_const(bands)) {
        QList<double> value(points);
        bool any = false;
        for (int i = 0; i < points; ++i) {
            const TimelineCounts &c = m_tl.counts[i];
            const QList<int> &list = b.kind == 0 ? c.healthy : (b.kind == 1 ? c.starting : c.stopping);
            value[i] = b.group < list.size() ? list[b.group] : 0;
            any |= value[i] > 0;
        }
        if (!any)
            continue;
        QPolygonF top, bottom;
        for (int i = 0; i < points; ++i) {
            top << QPointF(xs[i], yOf(base[i] + value[i])) << QPointF(xs[i + 1], yOf(base[i] + value[i]));
            bottom << QPointF(xs[i], yOf(base[i])) << QPointF(xs[i + 1], yOf(base[i]));
        }
        QPolygonF shape = top;
        for (auto it = bottom.crbegin(); it != bottom.crend(); ++it)
            shape << *it;
        const QColor colour = groupColour(b.group);
        p.setPen(Qt::NoPen);
        if (b.kind == 0)
            p.setBrush(colour);
        else
            p.setBrush(hatch(colour, b.kind == 2));
        p.drawPolygon(shape);
        p.setPen(QPen(b.kind == 2 ? kStoppingLine : colour.darker(135), 1.6 * m_scale));
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(top);
        for (int i = 0; i < points; ++i)
            base[i] += value[i];
    }
}

void DeploymentCanvas::paintRails(QPainter &p) const
{
    const double s = m_scale;
    const services::DeploymentBounds &b = m_tl.bounds;
    p.setFont(pxFont(16 * s, true));
    const double pad = 9 * s;
    const double yMax = yOf(b.maximum);
    p.setPen(QPen(kMaxRail, 3 * s, Qt::DashLine, Qt::FlatCap));
    p.drawLine(QPointF(m_chart.left(), yMax), QPointF(m_chart.right(), yMax));
    const QString maxText = tr("max %1 (%2%, rounded down)").arg(b.maximum).arg(m_tl.percents.maximumPercent);
    chip(p, maxText, QPointF(m_chart.right() - 6 * s, yMax), true, kMaxRail, palette::OnFill, QColor(), pad);

    const double yMin = yOf(b.minimumHealthy);
    p.setPen(QPen(kMinRail, 3 * s, Qt::DashDotLine, Qt::FlatCap));
    p.drawLine(QPointF(m_chart.left(), yMin), QPointF(m_chart.right(), yMin));
    const QString minText =
        tr("min healthy %1 (%2%, rounded up)").arg(b.minimumHealthy).arg(m_tl.percents.minimumHealthyPercent);
    // When both rails are close (desired 1 at 100/200: 1 and 2) the chips stack instead of overlapping.
    QPointF at(m_chart.right() - 6 * s, yMin);
    if (std::abs(yMin - yMax) < QFontMetricsF(p.font()).height() + pad * 1.5)
        at.ry() = yMax + QFontMetricsF(p.font()).height() + pad * 1.5;
    chip(p, minText, at, true, palette::Paper, kMinRail, kMinRail, pad);
}

void DeploymentCanvas::paintEventTicks(QPainter &p) const
{
    const double s = m_scale;
    p.setFont(pxFont(14 * s, true));
    for (const Badge &b : m_badges) {
        for (const int i : b.events) {
            const double x = xOf(m_tl.events[i].at);
            p.setPen(QPen(palette::Guide, 1.2, Qt::DotLine));
            p.drawLine(QPointF(x, m_chart.top()), QPointF(x, m_chart.bottom()));
        }
        p.setPen(QPen(palette::Guide, 1.2));
        p.drawLine(QPointF(b.tickX, m_chart.top()), QPointF(b.rect.center().x(), b.rect.bottom()));
        p.setPen(Qt::NoPen);
        p.setBrush(kInk);
        p.drawRoundedRect(b.rect, b.rect.height() / 2, b.rect.height() / 2);
        p.setPen(palette::OnFill);
        const TimelineEvent &first = m_tl.events[b.events.front()];
        const TimelineEvent &last = m_tl.events[b.events.back()];
        p.drawText(b.rect, Qt::AlignCenter,
                   b.events.size() == 1 ? QString::number(first.number)
                                        : QStringLiteral("%1\u2013%2").arg(first.number).arg(last.number));
    }
    // What the badges are, once, at the left of the row.
    p.setFont(pxFont(14 * s));
    p.setPen(kMuted);
    const double rowY = m_chart.top() - 6 * s - QFontMetricsF(pxFont(14 * s, true)).height() * 1.25;
    p.drawText(QRectF(0, rowY, m_chart.left() - 12 * s, QFontMetricsF(pxFont(14 * s, true)).height() * 1.25),
               Qt::AlignRight | Qt::AlignVCenter, tr("events"));
}

void DeploymentCanvas::paintLanes(QPainter &p) const
{
    const double s = m_scale;
    const QDateTime end = std::min(m_tl.now, m_tl.windowEnd);
    const double radius = std::min(5.0 * s, m_laneHeight / 3);
    p.save();
    // Group headers: the revision's swatch, its task definition and deployment.
    for (int g = 0; g < m_tl.groups.size(); ++g) {
        const TimelineGroup &group = m_tl.groups[g];
        const double y = m_groupTop[g];
        const QColor colour = groupColour(g);
        p.setPen(Qt::NoPen);
        p.setBrush(colour);
        const double sw = 16 * s;
        p.drawRoundedRect(QRectF(8 * s, y + (m_groupHeader - sw) / 2, sw, sw), 3, 3);
        p.setFont(pxFont(17 * s, true));
        p.setPen(kInk);
        const QString title = group.taskDefinition() + (group.target ? tr("  new") : tr("  old"));
        const QFontMetricsF fm(p.font());
        p.drawText(QRectF(8 * s + sw + 8 * s, y, 400 * s, m_groupHeader), Qt::AlignLeft | Qt::AlignVCenter, title);
        p.setFont(pxFont(15 * s));
        p.setPen(kMuted);
        int alive = 0;
        for (const int l : group.lanes)
            alive += m_tl.lanes[l].alive() ? 1 : 0;
        const QString detail = tr("%1 %2 · %3 of %4 tasks still running")
                                   .arg(group.deploymentId.isEmpty() ? tr("(no deployment)") : group.deploymentId,
                                        group.status.isEmpty() ? QString() : QStringLiteral("(%1)").arg(group.status))
                                   .arg(alive)
                                   .arg(group.lanes.size());
        p.drawText(QRectF(8 * s + sw + 16 * s + fm.horizontalAdvance(title), y, m_lanes.right(), m_groupHeader),
                   Qt::AlignLeft | Qt::AlignVCenter, detail);
    }

    p.setClipRect(QRectF(m_lanes.left(), m_lanes.top(), m_lanes.width() + 20 * s, m_lanes.height() + 4 * s));
    for (int i = 0; i < m_tl.lanes.size(); ++i) {
        const TimelineLane &lane = m_tl.lanes[i];
        const QColor colour = groupColour(lane.group);
        const double y = m_laneTop[i];
        for (const LaneSpan &span : lane.spans) {
            if (span.to <= m_tl.windowStart || span.from >= end)
                continue;
            const double x0 = std::max(xOf(span.from), m_lanes.left());
            const double x1 = std::min(xOf(span.to), xOf(end));
            if (x1 - x0 < 0.5)
                continue;
            const QRectF r(x0, y, x1 - x0, m_laneHeight);
            switch (span.phase) {
            case LanePhase::Starting:
                p.setPen(QPen(colour, std::max(1.0, 1.8 * s), Qt::DashLine));
                p.setBrush(palette::Paper);
                p.drawRoundedRect(r.adjusted(0.9, 0.9, -0.9, -0.9), radius, radius);
                break;
            case LanePhase::Running:
                p.setPen(QPen(colour, std::max(1.0, 1.2 * s)));
                p.setBrush(hatch(colour));
                p.drawRoundedRect(r.adjusted(0.6, 0.6, -0.6, -0.6), radius, radius);
                break;
            case LanePhase::Healthy:
                p.setPen(Qt::NoPen);
                p.setBrush(colour);
                p.drawRoundedRect(r, radius, radius);
                break;
            case LanePhase::Stopping:
                p.setPen(QPen(kStoppingLine, std::max(1.0, 1.2 * s)));
                p.setBrush(hatch(colour, true));
                p.drawRoundedRect(r.adjusted(0.6, 0.6, -0.6, -0.6), radius, radius);
                break;
            case LanePhase::Stopped:
                break;
            }
        }
        // Where it stopped: a bar across the lane's end and a cross, hover for the reason.
        if (lane.stoppedAt.isValid() && lane.stoppedAt >= m_tl.windowStart && lane.stoppedAt <= end) {
            const double x = xOf(lane.stoppedAt);
            const double size = std::clamp(m_laneHeight * 0.75, 6.0, 18 * s);
            const QPointF c(x + size * 0.5 + 3 * s, y + m_laneHeight / 2);
            p.setPen(QPen(kInk, std::max(1.5, 2.5 * s), Qt::SolidLine, Qt::RoundCap));
            p.drawLine(QPointF(x, y), QPointF(x, y + m_laneHeight));
            p.drawLine(c + QPointF(-size / 2, -size / 2), c + QPointF(size / 2, size / 2));
            p.drawLine(c + QPointF(-size / 2, size / 2), c + QPointF(size / 2, -size / 2));
        }
    }
    p.restore();

    // Task ids in the gutter, when the lanes are tall enough to read them.
    if (m_laneHeight >= 12) {
        p.setFont(monoFont(std::min(15 * s, m_laneHeight * 0.8)));
        p.setPen(kMuted);
        for (int i = 0; i < m_tl.lanes.size(); ++i)
            p.drawText(QRectF(0, m_laneTop[i], m_lanes.left() - 10 * s, m_laneHeight),
                       Qt::AlignRight | Qt::AlignVCenter, m_tl.lanes[i].taskId.left(8));
    }
}

void DeploymentCanvas::paintNow(QPainter &p) const
{
    const double s = m_scale;
    const double axisY = m_axis.top() + m_axis.height() / 2 + 2 * s;
    double doneRight = -1e9;
    if (m_tl.completedAt.isValid()) {
        const bool failed = m_tl.rolloutState == RolloutState::Failed;
        p.setFont(pxFont(14 * s, true));
        const QString text = (failed ? tr("FAILED +%1") : tr("COMPLETED +%1")).arg(formatElapsed(m_tl.elapsedMs()));
        const double cw = QFontMetricsF(p.font()).horizontalAdvance(text) + 12 * s;
        const QRectF r = chip(p, text, QPointF(std::min(xOf(m_tl.completedAt) - cw / 2, width() - cw - 2), axisY),
                              false, failed ? kMaxRail : palette::DeployCompleted, palette::OnFill, QColor(), 6 * s);
        doneRight = r.right();
    }
    if (m_tl.now > m_tl.windowEnd)
        return;
    const double x = xOf(m_tl.now);
    p.setPen(QPen(kTarget.darker(120), 2 * s, Qt::DotLine));
    p.drawLine(QPointF(x, m_chart.top()), QPointF(x, m_lanes.bottom()));
    p.setFont(pxFont(14 * s, true));
    const double left =
        std::max(x - QFontMetricsF(p.font()).horizontalAdvance(tr("now")) / 2 - 6 * s, doneRight + 4 * s);
    chip(p, tr("now"), QPointF(left, axisY), false, kTarget.darker(120), palette::OnFill, QColor(), 6 * s);
}

void DeploymentCanvas::paintLegend(QPainter &p) const
{
    const double s = m_scale;
    p.setFont(pxFont(15 * s));
    const QFontMetricsF fm(p.font());
    double x = m_legend.left() + 8 * s;
    const double sw = 26 * s, sh = 15 * s;
    double y = m_legendRows == 2 ? m_legend.top() + 20 * s : m_legend.center().y();
    const auto item = [&](const std::function<void(const QRectF &)> &draw, const QString &label) {
        const QRectF box(x, y - sh / 2, sw, sh);
        draw(box);
        p.setPen(kInk);
        p.drawText(QPointF(box.right() + 7 * s, y + fm.ascent() / 2 - 1), label);
        x = box.right() + 7 * s + fm.horizontalAdvance(label) + 22 * s;
    };
    const QColor target = kTarget;
    for (int g = int(m_tl.groups.size()) - 1; g >= 0; --g) {
        const QColor c = groupColour(g);
        item(
            [&](const QRectF &r) {
                p.setPen(Qt::NoPen);
                p.setBrush(c);
                p.drawRoundedRect(r, 3, 3);
            },
            m_tl.groups[g].taskDefinition() + (m_tl.groups[g].target ? tr(" (new)") : tr(" (old)")));
    }
    const QStringList labels = phaseLegendLabels();
    if (m_legendRows == 2) {
        x = m_legend.left() + 8 * s;
        y += 30 * s;
    } else {
        x += 10 * s;
    }
    item(
        [&](const QRectF &r) {
            p.setPen(Qt::NoPen);
            p.setBrush(target);
            p.drawRoundedRect(r, 3, 3);
        },
        labels[0]);
    item(
        [&](const QRectF &r) {
            p.setPen(QPen(target, 1.2));
            p.setBrush(hatch(target));
            p.drawRoundedRect(r, 3, 3);
        },
        labels[1]);
    item(
        [&](const QRectF &r) {
            p.setPen(QPen(target, 1.8, Qt::DashLine));
            p.setBrush(palette::Paper);
            p.drawRoundedRect(r, 3, 3);
        },
        labels[2]);
    item(
        [&](const QRectF &r) {
            p.setPen(QPen(kStoppingLine, 1.2));
            p.setBrush(hatch(target, true));
            p.drawRoundedRect(r, 3, 3);
        },
        labels[3]);
    item(
        [&](const QRectF &r) {
            p.setPen(QPen(kInk, 2.5 * s, Qt::SolidLine, Qt::RoundCap));
            const QPointF c = r.center();
            const double d = r.height() / 2;
            p.drawLine(c + QPointF(-d, -d), c + QPointF(d, d));
            p.drawLine(c + QPointF(-d, d), c + QPointF(d, -d));
        },
        labels[4]);
}

QStringList DeploymentCanvas::phaseLegendLabels()
{
    return {tr("healthy"), tr("running, not yet healthy"), tr("provisioning / pending"), tr("stopping"),
            tr("stopped (hover: reason)")};
}

bool DeploymentCanvas::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(e);
        const QString text = tooltipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(e);
}

QString DeploymentCanvas::tooltipAt(const QPointF &pos) const
{
    if (!m_tl.hasDeployment)
        return {};
    const auto since = [this](const QDateTime &t) {
        const qint64 ms = m_tl.createdAt.msecsTo(t);
        return (ms >= 0 ? QStringLiteral("+") : QString()) + formatElapsed(ms);
    };
    for (const Badge &b : m_badges) {
        if (b.rect.adjusted(-3, -3, 3, 3).contains(pos)) {
            QStringList lines;
            for (const int i : b.events)
                lines << QStringLiteral("%1  %2  %3")
                             .arg(m_tl.events[i].number)
                             .arg(since(m_tl.events[i].at), m_tl.events[i].shortText);
            return lines.join(u'\n');
        }
    }
    if (const QString traffic = m_traffic.tooltipAt(
            pos, [this](const QDateTime &t) { return xOf(t); }, m_tl);
        !traffic.isEmpty())
        return traffic;
    const int l = laneAt(pos);
    if (l >= 0) {
        const TimelineLane &lane = m_tl.lanes[l];
        const TimelineGroup &g = m_tl.groups[lane.group];
        QStringList lines{tr("Task %1 (%2)").arg(lane.taskId.left(8), g.taskDefinition())};
        for (const LaneSpan &span : lane.spans)
            lines << tr("%1 from %2").arg(toString(span.phase), since(span.from));
        if (lane.stoppedAt.isValid())
            lines << tr("STOPPED at %1: %2")
                         .arg(since(lane.stoppedAt),
                              lane.stoppedReason.isEmpty() ? tr("(no reason recorded)") : lane.stoppedReason);
        else
            lines << tr("now %1").arg(lane.lastStatus);
        return lines.join(u'\n');
    }
    if (m_chart.contains(pos)) {
        const double f = (pos.x() - m_chart.left()) / m_chart.width();
        const QDateTime t = m_tl.windowStart.addMSecs(qint64(f * double(m_tl.windowStart.msecsTo(m_tl.windowEnd))));
        if (t > m_tl.now)
            return {};
        const TimelineCounts c = m_tl.countsAt(t);
        QStringList lines{since(t)};
        for (int g = 0; g < m_tl.groups.size(); ++g)
            lines << tr("%1: %2 healthy, %3 not yet healthy, %4 stopping")
                         .arg(m_tl.groups[g].taskDefinition())
                         .arg(c.healthy.value(g))
                         .arg(c.starting.value(g))
                         .arg(c.stopping.value(g));
        lines << tr("healthy %1 (min %2) · holding a place %3 (max %4)")
                     .arg(c.totalHealthy())
                     .arg(m_tl.bounds.minimumHealthy)
                     .arg(c.total())
                     .arg(m_tl.bounds.maximum);
        return lines.join(u'\n');
    }
    return {};
}

} // namespace fd::ui
