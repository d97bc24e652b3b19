#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace fd {

// What an instance of a type registers with ECS: CPU units (1024 per vCPU) and memory in MiB.
// ECS registers a little less memory than the type's nominal size (the OS keeps some); Fleetdeck
// registers the nominal size and says so in the console.
struct InstanceType
{
    QString name;
    int vcpus = 0;
    int cpu = 0;       // CPU units
    int memoryMiB = 0; // MiB
};

const QList<InstanceType> &instanceTypes();
std::optional<InstanceType> instanceType(const QString &name);

} // namespace fd
