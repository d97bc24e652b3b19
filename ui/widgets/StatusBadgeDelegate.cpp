#include "StatusBadgeDelegate.h"

#include "Palette.h"
#include "models/ItemRoles.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace fd::ui {

namespace {

constexpr int kPadX = 7;    // text to badge edge
constexpr int kMarginY = 3; // badge to cell edge

} // namespace

StatusBadgeDelegate::StatusBadgeDelegate(QObject *parent) : QStyledItemDelegate(parent)
{}

StatusBadgeDelegate::Colours StatusBadgeDelegate::colours(const QString &status)
{
    // Dark text on a light tint of the same hue: readable on both row colours and in print.
    if (status == u"COMPLETED" || status == u"SUCCESSFUL" || status == u"TARGET_HEALTHY" || status == u"ALARM_OK")
        return {palette::GoodBadge.text, palette::GoodBadge.fill, palette::GoodBadge.border};
    if (status == u"IN_PROGRESS" || status == u"PRIMARY" || status == u"TARGET_INITIAL")
        return {palette::InfoBadge.text, palette::InfoBadge.fill, palette::InfoBadge.border};
    if (status == u"FAILED" || status == u"ROLLBACK_FAILED" || status == u"TARGET_UNHEALTHY" ||
        status == u"LISTENER_NOT_SERVING" || status == u"ALARM_ALARM")
        return {palette::BadBadge.text, palette::BadBadge.fill, palette::BadBadge.border};
    // A service deployment rolled back (ROLLBACK_REQUESTED, _IN_PROGRESS, _SUCCESSFUL) is a warning.
    if (status.startsWith(u"ROLLBACK") || status == u"DRAINING" || status == u"ACTIVE" ||
        status == u"TARGET_DRAINING")
        return {palette::WarnBadge.text, palette::WarnBadge.fill, palette::WarnBadge.border};
    if (status == u"INACTIVE" || status == u"STOPPED" || status == u"TARGET_UNUSED" ||
        status == u"ALARM_INSUFFICIENT_DATA")
        return {palette::NeutralBadge.text, palette::NeutralBadge.fill, palette::NeutralBadge.border};
    return {};
}

QString StatusBadgeDelegate::html(const QString &status, const QString &text)
{
    const Colours c = colours(status);
    if (!c.text.isValid())
        return text.toHtmlEscaped();
    // Qt's rich text has no border-radius; a tinted span with bold text reads as a badge.
    return QStringLiteral("<span style='color:%1; background-color:%2; font-weight:600'>&nbsp;%3&nbsp;</span>")
        .arg(c.text.name(), c.background.name(), text.toHtmlEscaped());
}

int StatusBadgeDelegate::columnWidth(const QFont &font, const QString &widest, int extra)
{
    QFont bold = font;
    bold.setBold(true);
    return QFontMetrics(bold).horizontalAdvance(widest) + 2 * kPadX + extra;
}

void StatusBadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Colours c = colours(index.data(StatusRole).toString());
    const QString text = index.data(Qt::DisplayRole).toString();
    if (!c.text.isValid() || text.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The row's background and selection first, without the text.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    QFont font = opt.font;
    font.setBold(true);
    const QFontMetrics fm(font);
    const QRect cell = option.rect.adjusted(4, kMarginY, -4, -kMarginY);
    // +2: the advance is rounded, and a badge that fits must never elide.
    const int textWidth = fm.horizontalAdvance(text) + 2;
    const int width = std::min(cell.width(), textWidth + 2 * kPadX);
    const QRect badge(cell.left(), cell.top(), width, cell.height());

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    const qreal radius = badge.height() / 2.0;
    path.addRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
    painter->fillPath(path, c.background);
    painter->setPen(QPen(c.border, 1));
    painter->drawPath(path);
    painter->setPen(c.text);
    painter->setFont(font);
    const int room = badge.width() - 2 * kPadX;
    painter->drawText(badge.adjusted(kPadX, 0, -kPadX, 0), Qt::AlignCenter,
                      textWidth <= room ? text : fm.elidedText(text, Qt::ElideRight, room));
    painter->restore();
}

QSize StatusBadgeDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    QFont font = option.font;
    font.setBold(true);
    const int w = QFontMetrics(font).horizontalAdvance(index.data(Qt::DisplayRole).toString()) + 2 * kPadX + 8;
    return {std::max(s.width(), w), std::max(s.height(), QFontMetrics(font).height() + 2 * kMarginY + 4)};
}

} // namespace fd::ui
