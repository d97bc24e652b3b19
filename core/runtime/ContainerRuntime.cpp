#include "runtime/ContainerRuntime.h"

namespace fd::runtime {

ContainerRuntime::ContainerRuntime(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<fd::runtime::HealthStatus>();
}

ContainerRuntime::~ContainerRuntime() = default;

QString toString(ContainerStatus status)
{
    switch (status) {
    case ContainerStatus::Created:
        return QStringLiteral("created");
    case ContainerStatus::Running:
        return QStringLiteral("running");
    case ContainerStatus::Exited:
        return QStringLiteral("exited");
    }
    return QStringLiteral("created");
}

ContainerStatus containerStatusFromDocker(const QString &status)
{
    if (status == u"running" || status == u"paused" || status == u"restarting")
        return ContainerStatus::Running;
    if (status == u"exited" || status == u"dead" || status == u"removing")
        return ContainerStatus::Exited;
    return ContainerStatus::Created;
}

QString toString(HealthStatus health)
{
    switch (health) {
    case HealthStatus::Unknown:
        return QStringLiteral("UNKNOWN");
    case HealthStatus::Healthy:
        return QStringLiteral("HEALTHY");
    case HealthStatus::Unhealthy:
        return QStringLiteral("UNHEALTHY");
    }
    return QStringLiteral("UNKNOWN");
}

HealthStatus healthStatusFromString(const QString &s)
{
    if (s == u"HEALTHY")
        return HealthStatus::Healthy;
    if (s == u"UNHEALTHY")
        return HealthStatus::Unhealthy;
    return HealthStatus::Unknown;
}

HealthStatus healthStatusFromDocker(const QString &status)
{
    if (status == u"healthy")
        return HealthStatus::Healthy;
    if (status == u"unhealthy")
        return HealthStatus::Unhealthy;
    return HealthStatus::Unknown;
}

std::optional<quint16> hostPortOf(const QList<BoundPort> &ports, quint16 containerPort, const QString &protocol)
{
    for (const BoundPort &p : ports)
        if (p.containerPort == containerPort && p.protocol == protocol && p.hostPort != 0)
            return p.hostPort;
    return std::nullopt;
}

bool labelsMatch(const Labels &labels, const QStringList &filter)
{
    for (const QString &f : filter) {
        const qsizetype eq = f.indexOf(u'=');
        if (eq < 0) {
            if (!labels.contains(f))
                return false;
            continue;
        }
        const auto it = labels.constFind(f.left(eq));
        if (it == labels.cend() || *it != QStringView(f).mid(eq + 1))
            return false;
    }
    return true;
}

QMap<QString, QStringList> taskNetworkAliases(const QList<ContainerLinks> &containers)
{
    QMap<QString, QStringList> out;
    for (const ContainerLinks &c : containers)
        out[c.name].append(c.name);
    for (const ContainerLinks &c : containers) {
        for (const QString &link : c.links) {
            const qsizetype colon = link.indexOf(u':');
            const QString target = (colon < 0 ? link : link.left(colon)).trimmed();
            const QString alias = (colon < 0 ? QString() : link.mid(colon + 1)).trimmed();
            const auto it = out.find(target);
            if (it == out.end() || alias.isEmpty())
                continue; // "name" alone: the container's own name, already there
            it->append(alias);
        }
    }
    for (QStringList &aliases : out) {
        aliases.sort();
        aliases.removeDuplicates();
    }
    return out;
}

} // namespace fd::runtime
