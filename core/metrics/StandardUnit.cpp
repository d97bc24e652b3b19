#include "metrics/StandardUnit.h"

#include <array>

namespace fd::metrics {

namespace {

constexpr std::array<const char *, 27> kNames = {
    "None",
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
};

} // namespace

QString toString(StandardUnit u)
{
    return QString::fromLatin1(kNames[std::size_t(u)]);
}

std::optional<StandardUnit> standardUnitFromString(const QString &s)
{
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (s == QLatin1String(kNames[i]))
            return StandardUnit(i);
    return std::nullopt;
}

} // namespace fd::metrics
