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
    /// "09:30:00.123" in local time, for log lines; empty for a null time.
    static QString logTime(const QDateTime &t);
    /// "256" CPU units, "1024 (1 vCPU)" for whole vCPUs; "—" when unset.
    static QString cpuUnits(std::optional<int> units);
    /// "512 MiB", "2048 MiB (2 GiB)" for whole GiB; "—" when unset.
    static QString memoryMiB(std::optional<int> mib);
    /// "1792 of 2048": available of registered CPU units (the instance table's CPU column).
    static QString cpuFreeOfRegistered(int free, int registered);
    /// "3840 of 4096 MiB": available of registered memory (the instance table's memory column).
    static QString memoryFreeOfRegistered(int freeMiB, int registeredMiB);
    /// "2 vCPU, 4 GiB" for an instance type; "2 vCPU, 1.5 GiB" for fractions.
    static QString vcpusAndMemory(int vcpus, int memoryMiB);
    /// Sizes in IEC units with one decimal: "0 B", "512 B", "1.5 KiB", "12.3 MiB", "1.2 GiB".
    static QString bytes(qint64 bytes);
    /// "12 s", "4 min", "3 h 5 min", "2 d 4 h": how long ago / how long, coarse.
    static QString duration(qint64 msecs);
    /// The first 12 hex digits of an image or container id, without "sha256:".
    static QString shortId(const QString &id);
    /// "12,345": a count with thousands grouped, the same in every locale (read off a projector).
    static QString count(qint64 n);
    /// "850 µs", "3.2 ms", "41 ms", "1.25 s": a latency with two or three significant digits.
    static QString latencyMs(double ms);
    /// "49.8 req/s", "1,200 req/s".
    static QString requestRate(double perSecond);
    /// The placeholder for "not set".
    static QString none();
};

} // namespace fd::ui
