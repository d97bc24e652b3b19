#pragma once

#include <QString>
#include <QtGlobal>

#include <array>

namespace fd::ui {

/// The time windows a metric chart offers, shortest first.
enum class ChartWindow {
    FiveMinutes,
    OneHour,
    ThreeHours,
    TwelveHours,
    OneDay,
};

inline constexpr std::array<ChartWindow, 5> kChartWindows{ChartWindow::FiveMinutes, ChartWindow::OneHour,
                                                          ChartWindow::ThreeHours, ChartWindow::TwelveHours,
                                                          ChartWindow::OneDay};

/// The window's length in milliseconds (5 min = 300,000).
qint64 windowSpanMs(ChartWindow w);
/// "5 min", "1 h", "3 h", "12 h", "24 h".
QString windowLabel(ChartWindow w);
/// The time axis' label format: seconds for 5 minutes, minutes up to 12 hours, hours beyond.
QString windowTimeFormat(ChartWindow w);

} // namespace fd::ui
