#include "StatusDot.h"

#include "Palette.h"

#include <QPainter>
#include <QPixmap>

namespace fd::ui {

namespace {

QIcon makeIcon(const QColor &fill)
{
    QIcon icon;
    for (const int size : {12, 16, 24}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(fill.darker(140), 1));
        p.setBrush(fill);
        const double margin = size / 6.0;
        p.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin));
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

QColor StatusDot::colour(bool ok)
{
    return ok ? palette::Ok : palette::Error;
}

QIcon StatusDot::icon(bool ok)
{
    static const QIcon green = makeIcon(colour(true));
    static const QIcon red = makeIcon(colour(false));
    return ok ? green : red;
}

QString StatusDot::html(bool ok)
{
    return QStringLiteral("<span style='color:%1'>&#9679;</span>").arg(colour(ok).name());
}

} // namespace fd::ui
