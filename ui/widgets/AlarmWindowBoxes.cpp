#include "AlarmWindowBoxes.h"

#include "Palette.h"
#include "models/AlarmText.h"

#include <QDateTime>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace fd::ui {

namespace {

constexpr int kBoxWidth = 78; // at most; narrower when many periods share the width
constexpr int kMinBoxWidth = 44;
constexpr int kBoxHeight = 40;
constexpr int kGap = 8;
constexpr int kSummaryHeight = 26;
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
        b.value = slot.value ? AlarmText::number(*slot.value) : QStringLiteral("—");
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
    p.setFont(bold);
    p.setPen(palette::Ink);
    p.drawText(QRect(kGap, 0, width() - kGap, kSummaryHeight), Qt::AlignLeft | Qt::AlignVCenter, m_summary);
    const int w = boxWidth();
    for (int i = 0; i < m_boxes.size(); ++i) {
        const Box &b = m_boxes[i];
        const QRectF box(kGap + i * (w + kGap) + 0.5, kSummaryHeight + 0.5, w - 1, kBoxHeight - 1);
        const Colours c = coloursOf(b.fill);
        p.setOpacity(b.evaluated ? 1.0 : 0.35);
        QPainterPath path;
        path.addRoundedRect(box, 5, 5);
        p.fillPath(path, c.hatched ? palette::Paper : c.fill);
        if (c.hatched)
            p.fillPath(path, QBrush(c.border, Qt::BDiagPattern));
        p.setPen(QPen(b.evaluated ? palette::Ink : c.border, b.evaluated ? 2.5 : 1));
        p.drawPath(path);
        // The value inside the box: white on a solid fill, ink on a hatched one.
        p.setFont(bold);
        p.setPen(c.hatched ? palette::Ink : palette::OnFill);
        p.drawText(box, Qt::AlignCenter, b.value);
        p.setFont(font);
        p.setPen(palette::Slate);
        p.drawText(QRectF(box.left() - kGap / 2.0, box.bottom() + 2, w + kGap, kLabelHeight),
                   Qt::AlignHCenter | Qt::AlignTop, b.time);
        p.setOpacity(1.0);
    }
    // The legend under the row: what the marks mean.
    p.setPen(palette::Hint);
    p.drawText(QRect(kGap, kSummaryHeight + kBoxHeight + kLabelHeight, width() - kGap, kLabelHeight),
               Qt::AlignLeft | Qt::AlignVCenter,
               tr("outlined: the N datapoints evaluated · red breaching · green not · hatched: no data"));
}

} // namespace fd::ui
