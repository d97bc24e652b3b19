#include "Formatter.h"

#include <algorithm>

namespace fd::ui {

QString Formatter::none()
{
    return QStringLiteral("—");
}

QString Formatter::dateTime(const QDateTime &t)
{
    if (!t.isValid())
        return none();
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString Formatter::eventTime(const QDateTime &t)
{
    return dateTime(t);
}

QString Formatter::logTime(const QDateTime &t)
{
    if (!t.isValid())
        return {};
    return t.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString Formatter::cpuUnits(std::optional<int> units)
{
    if (!units)
        return none();
    // 1024 CPU units are one vCPU: 2048 -> "2048 (2 vCPU)", 256 -> "256 (0.25 vCPU)".
    const double vcpu = *units / 1024.0;
    return QStringLiteral("%1 (%2 vCPU)").arg(*units).arg(vcpu, 0, 'g', 3);
}

QString Formatter::memoryMiB(std::optional<int> mib)
{
    if (!mib)
        return none();
    if (*mib >= 1024 && *mib % 1024 == 0)
        return QStringLiteral("%1 MiB (%2 GiB)").arg(*mib).arg(*mib / 1024);
    return QStringLiteral("%1 MiB").arg(*mib);
}

QString Formatter::cpuFreeOfRegistered(int free, int registered)
{
    return QStringLiteral("%1 of %2").arg(free).arg(registered);
}

QString Formatter::memoryFreeOfRegistered(int freeMiB, int registeredMiB)
{
    return QStringLiteral("%1 of %2 MiB").arg(freeMiB).arg(registeredMiB);
}

QString Formatter::vcpusAndMemory(int vcpus, int memoryMiB)
{
    // 4096 MiB -> "4 GiB", 1536 MiB -> "1.5 GiB", 512 MiB -> "0.5 GiB".
    return QStringLiteral("%1 vCPU, %2 GiB").arg(vcpus).arg(memoryMiB / 1024.0, 0, 'g', 4);
}

QString Formatter::bytes(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    // 1536 -> "1.5 KiB", 12'897'484 -> "12.3 MiB".
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
    double value = double(bytes) / 1024.0;
    int unit = 0;
    while (value >= 1024.0 && unit < 3) {
        value /= 1024.0;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(value, 0, 'f', 1).arg(QLatin1String(units[unit]));
}

QString Formatter::duration(qint64 msecs)
{
    const qint64 s = std::max<qint64>(0, msecs / 1000);
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min").arg(s / 60);
    if (s < 86400) {
        const qint64 m = (s % 3600) / 60;
        return m == 0 ? QStringLiteral("%1 h").arg(s / 3600) : QStringLiteral("%1 h %2 min").arg(s / 3600).arg(m);
    }
    const qint64 h = (s % 86400) / 3600;
    return h == 0 ? QStringLiteral("%1 d").arg(s / 86400) : QStringLiteral("%1 d %2 h").arg(s / 86400).arg(h);
}

QString Formatter::shortId(const QString &id)
{
    const qsizetype colon = id.indexOf(u':');
    return id.mid(colon + 1, 12);
}

QString Formatter::count(qint64 n)
{
    QString digits = QString::number(n < 0 ? -n : n);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, u',');
    return n < 0 ? u'-' + digits : digits;
}

QString Formatter::latencyMs(double ms)
{
    if (ms < 1.0)
        return QStringLiteral("%1 µs").arg(qRound(ms * 1000.0));
    if (ms < 10.0)
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', 1);
    if (ms < 1000.0)
        return QStringLiteral("%1 ms").arg(qRound(ms));
    return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 2);
}

QString Formatter::requestRate(double perSecond)
{
    if (perSecond < 100.0)
        return QStringLiteral("%1 req/s").arg(perSecond, 0, 'f', 1);
    return QStringLiteral("%1 req/s").arg(count(qRound64(perSecond)));
}

} // namespace fd::ui
