#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace fd::ui {

/** Every unit the console shows is formatted here, and only here. */
class Formatter final
{
public:
    Formatter() = delete;

    /// "2026-01-01 09:30:00" in local time; "—" for a null date.
    static QString dateTime(const QDateTime &t);
    /// "2026-01-01 09:30:00" in local time, for the event log (the tooltip has milliseconds).
    static QString eventTime(const QDateTime &t);
    /// "256" CPU units, "1024 (1 vCPU)" for whole vCPUs; "—" when unset.
    static QString cpuUnits(std::optional<int> units);
    /// "512 MiB", "2048 MiB (2 GiB)" for whole GiB; "—" when unset.
    static QString memoryMiB(std::optional<int> mib);
    /// The placeholder for "not set".
    static QString none();
};

} // namespace fd::ui
