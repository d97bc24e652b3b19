#pragma once

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace fd {

enum class InstanceStatus {
    Active,
    Draining,
    Inactive, // deregistered
};

QString toString(InstanceStatus s); // ACTIVE, DRAINING, INACTIVE
std::optional<InstanceStatus> instanceStatusFromString(const QString &s);

// Where instances run their containers. A Docker engine (local socket or TCP), or the in-process
// simulated runtime, chosen explicitly.
struct Engine
{
    enum class Kind {
        Docker,
        Simulated,
    };
    QString id;       // "local", "simulated", or a user-given name
    Kind kind = Kind::Docker;
    QString endpoint; // unix:///var/run/docker.sock, tcp://host:2375, tcp+tls://host:2376; empty when simulated
    QDateTime addedAt;

    // Observed, not persisted.
    bool connected = false;
    QString version;   // engine version when connected
    QString lastError; // why the last probe failed
    QDateTime connectionChangedAt;
};

QString toString(Engine::Kind k); // "docker", "simulated"

struct ContainerInstance
{
    QString id;            // 32 hex digits, as in the ARN
    QString cluster;
    QString ec2InstanceId; // i- and 17 hex digits
    QString engineId;
    QString address;       // its own loopback address, 127.x.y.z, for published ports
    QString instanceType;
    QString availabilityZone;
    InstanceStatus status = InstanceStatus::Active;
    int registeredCpu = 0;
    int registeredMemory = 0; // MiB
    QMap<QString, QString> customAttributes; // name -> value (value may be empty)
    QDateTime registeredAt;
    QDateTime deregisteredAt;

    // Observed, not persisted: the agent is Fleetdeck's connection to the engine.
    bool agentConnected = false;
    QString engineVersion;
    int runningTasksCount = 0;
    int pendingTasksCount = 0;
    int usedCpu = 0;
    int usedMemory = 0;
    QList<int> usedPorts;

    int remainingCpu() const { return registeredCpu - usedCpu; }
    int remainingMemory() const { return registeredMemory - usedMemory; }

    // The built-in ecs.* attributes followed by the custom ones, by name.
    QMap<QString, QString> attributes(const QString &region) const;
};

// A container on an engine that carries Fleetdeck's labels (fleetdeck.managed=true), as found when
// Fleetdeck adopts what is running. Observed, not persisted.
struct ManagedContainer
{
    QString engineId;
    QString id;
    QString name;
    QString image;
    QString state; // created, running, exited, ...
    QMap<QString, QString> labels;
    bool matched = false; // belongs to a task Fleetdeck knows
};

// Host ports ECS reserves on every instance (registered PORTS resource).
const QList<int> &reservedHostPorts();
inline constexpr char kAgentVersion[] = "1.90.0";

} // namespace fd
