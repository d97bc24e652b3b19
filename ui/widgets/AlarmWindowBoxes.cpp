#include "AlarmWindowBoxes.h"

#include "Palette.h"
#include "models/AlarmText.h"

#include <QDateTime>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace fd::ui {

namespace {

constexpr int kBoxWidth = 92; // at most; narrower when many periods share the width
constexpr int kMinBoxWidth = 46;
constexpr int kBoxHeight = 50;
constexpr int kGap = 8;
constexpr int kSummaryHeight = 30;
constexpr int kLabelHeight = 22;

struct Colours
{
    QColor fill;
    QColor border;
    bool hatched = false;
};

Colours coloursOf(AlarmWindowBoxes::Fill f)
{
    using F = AlarmWindowBoxes::Fill;
    switch (f) {
    case F::Breaching:
        return {palette::Error, palette::BadBadge.text, false};
    case F::NotBreaching:
        return {palette::Ok, palette::GoodBadge.text, false};
    case F::Missing:
        return {palette::NeutralBadge.fill, palette::NeutralBadge.border, true};
    case F::MissingBreaching:
        return {palette::BadBadge.fill, palette::Error, true};
    case F::MissingNotBreaching:
        return {palette::GoodBadge.fill, palette::Ok, true};
    }
    return {};
}

} // namespace

AlarmWindowBoxes::AlarmWindowBoxes(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("alarmWindowBoxes"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

AlarmWindowBoxes::Fill AlarmWindowBoxes::fillOf(const alarms::WindowSlot &slot, alarms::TreatMissingData treatment)
{
    if (slot.breaching)
        return *slot.breaching ? Fill::Breaching : Fill::NotBreaching;
    if (slot.filled)
        return treatment == alarms::TreatMissingData::Breaching ? Fill::MissingBreaching : Fill::MissingNotBreaching;
    return Fill::Missing;
}

void AlarmWindowBoxes::setEvaluation(const alarms::AlarmDefinition &alarm, const alarms::AlarmEvaluation &evaluation)
{
    m_boxes.clear();
    for (const alarms::WindowSlot &slot : evaluation.window) {
        Box b;
        b.fill = fillOf(slot, alarm.treatMissingData);
        b.evaluated = slot.evaluated;
        b.value = slot.value ? AlarmText::value(*slot.value) : QStringLiteral("—");
        b.time = QDateTime::fromMSecsSinceEpoch(slot.timestampMs, Qt::UTC)
                     .toString(alarm.periodSeconds < 60 ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"));
        m_boxes.append(b);
    }
    const int evaluated =
        int(std::count_if(m_boxes.cbegin(), m_boxes.cend(), [](const Box &b) { return b.evaluated; }));
    m_summary =
        tr("%1 of %2 evaluated breaching (%3 needed for ALARM)").arg(breachingCount()).arg(evaluated).arg(alarm.m());
    updateGeometry();
    update();
}

void AlarmWindowBoxes::clear()
{
    m_boxes.clear();
    m_summary.clear();
    update();
}

int AlarmWindowBoxes::breachingCount() const
{
    return int(std::count_if(m_boxes.cbegin(), m_boxes.cend(), [](const Box &b) {
        return b.evaluated && (b.fill == Fill::Breaching || b.fill == Fill::MissingBreaching);
    }));
}

QSize AlarmWindowBoxes::sizeHint() const
{
    const int n = std::max<int>(1, int(m_boxes.size()));
    return {n * (kBoxWidth + kGap) + kGap, kSummaryHeight + kBoxHeight + 2 * kLabelHeight + 4};
}

QSize AlarmWindowBoxes::minimumSizeHint() const
{
    const int n = std::max<int>(1, int(m_boxes.size()));
    return {n * (kMinBoxWidth + kGap) + kGap, sizeHint().height()};
}

int AlarmWindowBoxes::boxWidth() const
{
    const int n = std::max<int>(1, int(m_boxes.size()));
    return std::clamp((width() - kGap) / n - kGap, kMinBoxWidth, kBoxWidth);
}

void AlarmWindowBoxes::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    QFont font = this->font();
    if (m_boxes.isEmpty()) {
        p.setPen(palette::Hint);
        p.drawText(rect(), Qt::AlignLeft | Qt::AlignVCenter, tr("Not evaluated yet"));
        return;
    }
    QFont bold = font;
    bold.setBold(true);
    QFont valueFont = bold;
    valueFont.setPointSizeF(font.pointSizeF() * 1.2);
    p.setFont(bold);
    p.setPen(palette::Ink);
    p.drawText(QRect(kGap, 0, width() - kGap, kSummaryHeight), Qt::AlignLeft | Qt::AlignVCenter, m_summary);
    const int w = boxWidth();
    for (int i = 0; i < m_boxes.size(); ++i) {
        const Box &b = m_boxes[i];
        const QRectF box(kGap + i * (w + kGap) + 0.5, kSummaryHeight + 0.5, w - 1, kBoxHeight - 1);
        const Colours c = coloursOf(b.fill);
        QPainterPath path;
        path.addRoundedRect(box, 5, 5);
        if (b.evaluated) {
            // Evaluated: a solid fill (or hatched when missing) with an ink outline.
            p.fillPath(path, c.hatched ? palette::Paper : c.fill);
            if (c.hatched)
                p.fillPath(path, QBrush(c.border, Qt::BDiagPattern));
            p.setPen(QPen(palette::Ink, 2.5));
        } else {
            // Read but not evaluated: a pale tint of the same colour, a dashed outline, dark text.
            QColor tint = c.hatched ? palette::NeutralBadge.fill : c.fill;
            tint.setAlphaF(c.hatched ? 1.0 : 0.18);
            p.fillPath(path, palette::Paper);
            p.fillPath(path, tint);
            p.setPen(QPen(c.border, 1.5, Qt::DashLine));
        }
        p.drawPath(path);
        p.setFont(valueFont);
        p.setPen(b.evaluated && !c.hatched ? palette::OnFill : palette::Ink);
        p.drawText(box, Qt::AlignCenter, b.value);
        p.setFont(font);
        p.setPen(palette::Slate);
        p.drawText(QRectF(box.left() - kGap / 2.0, box.bottom() + 2, w + kGap, kLabelHeight),
                   Qt::AlignHCenter | Qt::AlignTop, b.time);
    }
    // The legend under the row: what the marks mean.
    p.setPen(palette::Hint);
    p.drawText(QRect(kGap, kSummaryHeight + kBoxHeight + kLabelHeight, width() - kGap, kLabelHeight),
               Qt::AlignLeft | Qt::AlignVCenter,
               tr("solid, outlined: the datapoints evaluated · dashed: read, not evaluated · red breaching · green not "
                  "· hatched: no data"));
}

} // namespace fd::ui
