#pragma once

#include <QColor>
#include <QStyledItemDelegate>

namespace fd::ui {

/**
 * Paints a cell as a rounded badge ("pill") coloured by the cell's StatusRole, with the cell's
 * display text inside: rollout states (COMPLETED green, IN_PROGRESS blue, FAILED red, ROLLBACK
 * amber) and service/deployment statuses. The text still says the state, so readers who cannot
 * tell the colours apart lose nothing. Statuses without a colour are painted as plain text.
 */
class StatusBadgeDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusBadgeDelegate)

public:
    struct Colours
    {
        QColor text;
        QColor background;
        QColor border;
    };

    explicit StatusBadgeDelegate(QObject *parent = nullptr);

    /// The colours of a status string (IN_PROGRESS, COMPLETED, FAILED, ROLLBACK, PRIMARY, ACTIVE,
    /// DRAINING, INACTIVE) and of a load balancer target (LbText::badgeKey()) and of an alarm state
    /// (AlarmText::badgeKey(): ALARM_OK green, ALARM_ALARM red, ALARM_INSUFFICIENT_DATA grey); nullopt-like invalid colours for anything else.
    static Colours colours(const QString &status);
    /// The same badge as HTML for rich-text views.
    static QString html(const QString &status, const QString &text);
    /// The width of a column of badges: the widest status in bold inside the badge's padding, plus
    /// `extra` (the cell's own margins, a sort indicator).
    static int columnWidth(const QFont &font, const QString &widest, int extra);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace fd::ui
