#include "ContainerInstance.h"

namespace fd {

QString toString(InstanceStatus s)
{
    switch (s) {
    case InstanceStatus::Active:
        return QStringLiteral("ACTIVE");
    case InstanceStatus::Draining:
        return QStringLiteral("DRAINING");
    case InstanceStatus::Inactive:
        return QStringLiteral("INACTIVE");
    }
    return QStringLiteral("ACTIVE");
}

std::optional<InstanceStatus> instanceStatusFromString(const QString &s)
{
    if (s == u"ACTIVE")
        return InstanceStatus::Active;
    if (s == u"DRAINING")
        return InstanceStatus::Draining;
    if (s == u"INACTIVE")
        return InstanceStatus::Inactive;
    return std::nullopt;
}

QString toString(Engine::Kind k)
{
    return k == Engine::Kind::Simulated ? QStringLiteral("simulated") : QStringLiteral("docker");
}

QMap<QString, QString> ContainerInstance::attributes(const QString &region) const
{
    QMap<QString, QString> a = customAttributes;
    a.insert(QStringLiteral("ecs.availability-zone"), availabilityZone);
    a.insert(QStringLiteral("ecs.instance-type"), instanceType);
    a.insert(QStringLiteral("ecs.os-type"), QStringLiteral("linux"));
    a.insert(QStringLiteral("ecs.os-family"), QStringLiteral("LINUX"));
    a.insert(QStringLiteral("ecs.cpu-architecture"), QStringLiteral("x86_64"));
    a.insert(QStringLiteral("ecs.ami-id"), QStringLiteral("ami-0fleetdeck0local"));
    a.insert(QStringLiteral("ecs.vpc-id"), QStringLiteral("vpc-loopback"));
    a.insert(QStringLiteral("ecs.subnet-id"), QStringLiteral("subnet-") + availabilityZone.mid(region.size()));
    return a;
}

const QList<int> &reservedHostPorts()
{
    static const QList<int> ports = {22, 2375, 2376, 51678, 51679, 51680};
    return ports;
}

} // namespace fd
