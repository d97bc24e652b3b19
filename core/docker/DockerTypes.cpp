#include "docker/DockerTypes.h"

// The few computations the DTOs carry: a published host port, CPU percent from two stats samples,
// the health status an event reports.

#include <limits>

namespace fd::docker {

std::optional<quint16> ContainerInspect::hostPort(quint16 containerPort, const QString &protocol,
                                                  const QString &preferredHostIp) const
{
    std::optional<quint16> fallback;
    for (const PublishedPort &p : ports) {
        if (p.containerPort != containerPort || p.protocol != protocol || p.hostPort == 0)
            continue;
        if (p.hostIp == preferredHostIp)
            return p.hostPort;
        if (!fallback || p.hostIp == QLatin1String("0.0.0.0"))
            fallback = p.hostPort;
    }
    return fallback;
}

double ContainerStats::cpuPercent() const
{
    if (!preRead.isValid() && preCpuTotalUsage == 0)
        return std::numeric_limits<double>::quiet_NaN();
    ContainerStats previous;
    previous.cpuTotalUsage = preCpuTotalUsage;
    previous.systemCpuUsage = preSystemCpuUsage;
    return cpuPercent(previous, *this);
}

double ContainerStats::cpuPercent(const ContainerStats &previous, const ContainerStats &current)
{
    // docker CLI: cpuDelta / systemDelta * onlineCpus * 100. Example: 2 CPUs, the container used
    // 0.5 s of CPU while the host counted 2 s (1 s wall x 2 CPUs): 0.5 / 2 * 2 * 100 = 50 %.
    if (current.cpuTotalUsage < previous.cpuTotalUsage || current.systemCpuUsage <= previous.systemCpuUsage)
        return std::numeric_limits<double>::quiet_NaN();
    const double cpuDelta = double(current.cpuTotalUsage - previous.cpuTotalUsage);
    const double systemDelta = double(current.systemCpuUsage - previous.systemCpuUsage);
    const int cpus = current.onlineCpus > 0 ? current.onlineCpus : 1;
    return cpuDelta / systemDelta * cpus * 100.0;
}

QString DockerEvent::healthStatus() const
{
    static const QLatin1String prefix("health_status:");
    if (!action.startsWith(prefix))
        return {};
    return action.mid(prefix.size()).trimmed();
}

} // namespace fd::docker
