#include "Formatter.h"

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

} // namespace fd::ui
