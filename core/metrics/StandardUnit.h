#pragma once

#include <QString>

#include <optional>

namespace fd::metrics {

/// CloudWatch's StandardUnit, in the order of the API model. A datapoint carries one; queries may
/// filter by one. Stored as one byte per datapoint.
enum class StandardUnit : quint8 {
    None,
    Seconds,
    Microseconds,
    Milliseconds,
    Bytes,
    Kilobytes,
    Megabytes,
    Gigabytes,
    Terabytes,
    Bits,
    Kilobits,
    Megabits,
    Gigabits,
    Terabits,
    Percent,
    Count,
    BytesPerSecond,
    KilobytesPerSecond,
    MegabytesPerSecond,
    GigabytesPerSecond,
    TerabytesPerSecond,
    BitsPerSecond,
    KilobitsPerSecond,
    MegabitsPerSecond,
    GigabitsPerSecond,
    TerabitsPerSecond,
    CountPerSecond,
};

/// The wire name: "Percent", "Bytes/Second", "None", ...
QString toString(StandardUnit u);
/// The unit for a wire name (exact, case-sensitive as the API is); nullopt for anything else.
std::optional<StandardUnit> standardUnitFromString(const QString &s);

} // namespace fd::metrics
