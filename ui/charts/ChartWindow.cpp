#include "charts/ChartWindow.h"

#include <QCoreApplication>

namespace fd::ui {

qint64 windowSpanMs(ChartWindow w)
{
    constexpr qint64 minute = 60'000;
    switch (w) {
    case ChartWindow::FiveMinutes:
        return 5 * minute;
    case ChartWindow::OneHour:
        return 60 * minute;
    case ChartWindow::ThreeHours:
        return 3 * 60 * minute;
    case ChartWindow::TwelveHours:
        return 12 * 60 * minute;
    case ChartWindow::OneDay:
        return 24 * 60 * minute;
    }
    return 60 * minute;
}

QString windowLabel(ChartWindow w)
{
    switch (w) {
    case ChartWindow::FiveMinutes:
        return QCoreApplication::translate("fd::ui::ChartWindow", "5 min");
    case ChartWindow::OneHour:
        return QCoreApplication::translate("fd::ui::ChartWindow", "1 h");
    case ChartWindow::ThreeHours:
        return QCoreApplication::translate("fd::ui::ChartWindow", "3 h");
    case ChartWindow::TwelveHours:
        return QCoreApplication::translate("fd::ui::ChartWindow", "12 h");
    case ChartWindow::OneDay:
        return QCoreApplication::translate("fd::ui::ChartWindow", "24 h");
    }
    return {};
}

QString windowTimeFormat(ChartWindow w)
{
    return w == ChartWindow::FiveMinutes ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm");
}

} // namespace fd::ui
