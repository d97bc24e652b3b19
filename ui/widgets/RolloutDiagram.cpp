#include "RolloutDiagram.h"

#include "Palette.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace fd::ui {

namespace {

const QColor &kOld = palette::RolloutOld;     // slate blue: the revision being replaced
const QColor &kNew = palette::RolloutNew;     // green: the revision rolled out
const QColor &kGhost = palette::RolloutGhost; // dashed outline: stopped in this batch
const QColor &kText = palette::RolloutText;
const QColor &kMuted = palette::RolloutMuted;
const QColor &kStop = palette::RolloutStop;
const QColor &kStuck = palette::Error;
const QColor &kPeakTag = palette::PeakTag;
const QColor &kLowTag = palette::LowTag;

constexpr int kMargin = 8;
constexpr int kLegendHeight = 26;
constexpr int kRowHeight = 34;
constexpr int kLabelWidth = 112;
constexpr int kCountWidth = 190;
constexpr int kMaxSlot = 26;
constexpr int kMaxRows = 12; // batches drawn; the rest are summarised in one line

struct Row
{
    QString label;  // "start 4", "stop 2", "before"
    int number = 0; // batch number, 0 for "before"
    bool start = false;
    int oldRunning = 0;
    int ghosts = 0; // old tasks this batch stops
    int newRunning = 0;
    int started = 0; // new tasks this batch starts (the last ones drawn)
};

void drawChip(QPainter &p, const QRectF &r, const QColor &fill, const QString &glyph)
{
    const qreal radius = std::min<qreal>(4, r.width() / 4);
    p.setPen(QPen(fill.darker(125), 1));
    p.setBrush(fill);
    p.drawRoundedRect(r, radius, radius);
    if (!glyph.isEmpty() && r.width() >= 12) {
        QFont f = p.font();
        f.setBold(true);
        f.setPixelSize(int(r.height() * 0.72));
        p.setFont(f);
        p.setPen(palette::OnFill);
        p.drawText(r, Qt::AlignCenter, glyph);
    }
}

void drawGhost(QPainter &p, const QRectF &r)
{
    const qreal radius = std::min<qreal>(4, r.width() / 4);
    QPen pen(kGhost, 1.2, Qt::DashLine);
    p.setPen(pen);
    p.setBrush(palette::DiagramBackground);
    p.drawRoundedRect(r, radius, radius);
    if (r.width() >= 12) {
        QFont f = p.font();
        f.setBold(true);
        f.setPixelSize(int(r.height() * 0.72));
        p.setFont(f);
        p.setPen(kGhost.darker(115));
        p.drawText(r, Qt::AlignCenter, QStringLiteral("×"));
    }
}

// A small rounded tag ("peak 8 · max 8") right-aligned in `area`; returns its left edge.
qreal drawTag(QPainter &p, const QRectF &area, const QString &text, const QColor &colour)
{
    QFont f = p.font();
    f.setPixelSize(11);
    f.setBold(true);
    p.setFont(f);
    const qreal w = QFontMetricsF(f).horizontalAdvance(text) + 12;
    const QRectF r(area.right() - w, area.center().y() - 9, w, 18);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(colour.red(), colour.green(), colour.blue(), 28));
    p.drawRoundedRect(r, 9, 9);
    p.setPen(colour);
    p.drawText(r, Qt::AlignCenter, text);
    return r.left();
}

} // namespace

RolloutDiagram::RolloutDiagram(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("rolloutDiagram"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

void RolloutDiagram::setPlan(const fd::services::RolloutPlan &plan, int oldRunning, int desired,
                             const fd::services::DeploymentBounds &bounds, const QString &oldLabel,
                             const QString &newLabel)
{
    m_plan = plan;
    m_oldRunning = std::max(0, oldRunning);
    m_desired = std::max(0, desired);
    m_bounds = bounds;
    m_oldLabel = oldLabel;
    m_newLabel = newLabel;
    setToolTip(plan.summary());
    updateGeometry();
    update();
}

int RolloutDiagram::visibleRows() const
{
    // "Before", the batches (at most kMaxRows), and one line for the rest or for "cannot move".
    if (!m_plan.possible)
        return 2;
    const int steps = int(m_plan.steps.size());
    return 1 + std::min(steps, kMaxRows) + (steps > kMaxRows ? 1 : 0) + (steps == 0 ? 1 : 0);
}

QSize RolloutDiagram::sizeHint() const
{
    return {560, 2 * kMargin + kLegendHeight + visibleRows() * kRowHeight};
}

QSize RolloutDiagram::minimumSizeHint() const
{
    return {420, sizeHint().height()};
}

void RolloutDiagram::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette::Paper);
    const QFont base = font();

    // The rows to draw: the state before, then the state after each batch.
    QList<Row> rows;
    rows << Row{tr("before"), 0, false, m_oldRunning, 0, 0, 0};
    int prevOld = m_oldRunning;
    int prevNew = 0;
    for (int i = 0; i < m_plan.steps.size() && i < kMaxRows; ++i) {
        const fd::services::RolloutStep &s = m_plan.steps[i];
        const bool start = s.action == fd::services::RolloutStep::Action::Start;
        rows << Row{s.toString(),
                    i + 1,
                    start,
                    s.oldRunning,
                    start ? 0 : prevOld - s.oldRunning,
                    s.newRunning,
                    start ? s.newRunning - prevNew : 0};
        prevOld = s.oldRunning;
        prevNew = s.newRunning;
    }
    int taskColumns = 1;
    for (const Row &r : rows)
        taskColumns = std::max(taskColumns, r.oldRunning + r.ghosts + r.newRunning);

    const QRectF area = QRectF(rect()).adjusted(kMargin, kMargin, -kMargin, -kMargin);
    const qreal chipsLeft = area.left() + kLabelWidth;
    const qreal chipsWidth = std::max<qreal>(40, area.width() - kLabelWidth - kCountWidth);
    const qreal slot = std::min<qreal>(kMaxSlot, chipsWidth / taskColumns);
    const bool bars = slot < 7; // too many tasks for chips: proportional bars instead

    // Legend.
    {
        QFont f = base;
        f.setPixelSize(12);
        p.setFont(f);
        const QFontMetricsF fm(f);
        qreal x = area.left();
        const qreal y = area.top() + 3;
        const auto item = [&](const QString &text, int kind) {
            const QRectF chip(x, y, 16, 16);
            if (kind == 2)
                drawGhost(p, chip);
            else
                drawChip(p, chip, kind == 0 ? kOld : kNew, kind == 3 ? QStringLiteral("+") : QString());
            p.setFont(f);
            p.setPen(kText);
            const qreal w = fm.horizontalAdvance(text);
            p.drawText(QRectF(x + 21, y - 2, w + 2, 20), Qt::AlignLeft | Qt::AlignVCenter, text);
            x += 21 + w + 16;
        };
        item(m_oldLabel.isEmpty() ? tr("old revision") : tr("old  %1").arg(m_oldLabel), 0);
        item(m_newLabel.isEmpty() ? tr("new revision") : tr("new  %1").arg(m_newLabel), 1);
        item(tr("started in this batch"), 3);
        item(tr("stopped in this batch"), 2);
    }

    // The peak and the fewest healthy: tag the first row that reaches each.
    int peakRow = -1;
    int lowRow = -1;
    if (m_plan.possible && !m_plan.steps.isEmpty()) {
        for (int i = 0; i < rows.size(); ++i) {
            const int running = rows[i].oldRunning + rows[i].newRunning;
            if (peakRow < 0 && running == m_plan.peakRunning && i > 0 && rows[i].start)
                peakRow = i;
            if (lowRow < 0 && running == m_plan.lowestHealthy && i > 0 && !rows[i].start)
                lowRow = i;
        }
    }

    qreal y = area.top() + kLegendHeight;
    for (int i = 0; i < rows.size(); ++i, y += kRowHeight) {
        const Row &r = rows[i];
        const QRectF rowRect(area.left(), y, area.width(), kRowHeight);
        if (i % 2 == 1)
            p.fillRect(rowRect.adjusted(-4, 1, 4, -1), palette::PanelBackground);

        // Label: a numbered badge and the action, or "before".
        QFont label = base;
        label.setPixelSize(13);
        if (r.number > 0) {
            const QRectF badge(area.left(), y + (kRowHeight - 20) / 2.0, 20, 20);
            p.setPen(Qt::NoPen);
            p.setBrush(r.start ? kNew : kStop);
            p.drawEllipse(badge);
            QFont n = label;
            n.setBold(true);
            n.setPixelSize(11);
            p.setFont(n);
            p.setPen(palette::OnFill);
            p.drawText(badge, Qt::AlignCenter, QString::number(r.number));
            label.setBold(true);
            p.setFont(label);
            p.setPen(r.start ? kNew.darker(130) : kStop);
            p.drawText(QRectF(area.left() + 27, y, kLabelWidth - 30, kRowHeight), Qt::AlignLeft | Qt::AlignVCenter,
                       r.label);
        } else {
            label.setItalic(true);
            p.setFont(label);
            p.setPen(kMuted);
            p.drawText(QRectF(area.left() + 27, y, kLabelWidth - 30, kRowHeight), Qt::AlignLeft | Qt::AlignVCenter,
                       r.label);
        }

        // The tasks: old running, the old ones this batch stops, new running (the last `started` new).
        const qreal chipY = y + (kRowHeight - std::min<qreal>(slot - 4, 22)) / 2.0;
        const qreal chipH = bars ? 18 : std::min<qreal>(slot - 4, 22);
        if (bars) {
            const qreal by = y + (kRowHeight - chipH) / 2.0;
            qreal x = chipsLeft;
            const auto segment = [&](int n, int kind) {
                if (n <= 0)
                    return;
                const QRectF seg(x, by, n * slot, chipH);
                if (kind == 2)
                    drawGhost(p, seg);
                else
                    drawChip(p, seg, kind == 0 ? kOld : kNew, QString());
                QFont f = base;
                f.setPixelSize(11);
                f.setBold(true);
                p.setFont(f);
                if (seg.width() > 22) {
                    p.setPen(kind == 2 ? kMuted : palette::OnFill);
                    p.drawText(seg, Qt::AlignCenter, kind == 2 ? QStringLiteral("−%1").arg(n) : QString::number(n));
                }
                x += seg.width();
            };
            segment(r.oldRunning, 0);
            segment(r.ghosts, 2);
            segment(r.newRunning - r.started, 1);
            segment(r.started, 1);
        } else {
            qreal x = chipsLeft;
            for (int k = 0; k < r.oldRunning; ++k, x += slot)
                drawChip(p, QRectF(x + 2, chipY, slot - 4, chipH), kOld, QString());
            for (int k = 0; k < r.ghosts; ++k, x += slot)
                drawGhost(p, QRectF(x + 2, chipY, slot - 4, chipH));
            for (int k = 0; k < r.newRunning; ++k, x += slot)
                drawChip(p, QRectF(x + 2, chipY, slot - 4, chipH), kNew,
                         k >= r.newRunning - r.started ? QStringLiteral("+") : QString());
        }

        // After the batch: how many run, and the bound a row meets.
        const QRectF countArea(area.right() - kCountWidth + 8, y, kCountWidth - 8, kRowHeight);
        qreal textRight = countArea.right();
        if (i == peakRow)
            textRight = drawTag(p, countArea, tr("peak · max %1").arg(m_bounds.maximum), kPeakTag) - 6;
        else if (i == lowRow)
            textRight = drawTag(p, countArea, tr("lowest · min %1").arg(m_bounds.minimumHealthy), kLowTag) - 6;
        QFont f = base;
        f.setPixelSize(13);
        p.setFont(f);
        p.setPen(kText);
        p.drawText(QRectF(countArea.left(), y, textRight - countArea.left(), kRowHeight),
                   Qt::AlignLeft | Qt::AlignVCenter, tr("%1 running").arg(r.oldRunning + r.newRunning));
    }

    // The last line: nothing to do, the rest of a long plan, or why it cannot move.
    QFont f = base;
    f.setPixelSize(13);
    const QRectF last(chipsLeft, y, area.right() - chipsLeft, kRowHeight);
    if (!m_plan.possible) {
        f.setBold(true);
        p.setFont(f);
        p.setPen(kStuck);
        p.drawText(QRectF(area.left(), y, area.width(), kRowHeight),
                   Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap,
                   tr("✕  stuck: no task can stop (min %1 healthy) or start (max %2 running)")
                       .arg(m_bounds.minimumHealthy)
                       .arg(m_bounds.maximum));
    } else if (m_plan.steps.isEmpty()) {
        f.setItalic(true);
        p.setFont(f);
        p.setPen(kMuted);
        p.drawText(last, Qt::AlignLeft | Qt::AlignVCenter, tr("nothing to replace"));
    } else if (m_plan.steps.size() > kMaxRows) {
        f.setItalic(true);
        p.setFont(f);
        p.setPen(kMuted);
        p.drawText(last, Qt::AlignLeft | Qt::AlignVCenter,
                   m_plan.steps.size() - kMaxRows == 1
                       ? tr("… 1 more batch")
                       : tr("… %1 more batches in the same rhythm").arg(m_plan.steps.size() - kMaxRows));
    }
}

} // namespace fd::ui
