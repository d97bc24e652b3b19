#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace fd {

enum class TaskDefinitionStatus {
    Active,
    Inactive,
    DeleteInProgress,
};

QString toString(TaskDefinitionStatus s);                                  // "ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS"
std::optional<TaskDefinitionStatus> taskDefinitionStatusFromString(const QString &s);

struct PortMapping
{
    int containerPort = 0;
    int hostPort = 0; // 0: dynamic (bridge mode)
    QString protocol = QStringLiteral("tcp");
    friend bool operator==(const PortMapping &, const PortMapping &) = default;
};

struct KeyValuePair
{
    QString name;
    QString value;
    friend bool operator==(const KeyValuePair &, const KeyValuePair &) = default;
};

struct HealthCheck
{
    QStringList command; // ["CMD", ...] or ["CMD-SHELL", "..."]
    int interval = 30;   // seconds, 5-300
    int timeout = 5;     // seconds, 2-60
    int retries = 3;     // 1-10
    int startPeriod = 0; // seconds, 0-300 (0: off)
    friend bool operator==(const HealthCheck &, const HealthCheck &) = default;
};

struct ContainerDependency
{
    QString containerName;
    QString condition; // START, COMPLETE, SUCCESS, HEALTHY
    friend bool operator==(const ContainerDependency &, const ContainerDependency &) = default;
};

struct ContainerDefinition
{
    QString name;
    QString image;
    std::optional<int> cpu;               // CPU units (CpuShares)
    std::optional<int> memory;            // hard limit, MiB
    std::optional<int> memoryReservation; // soft limit, MiB
    bool essential = true;
    QStringList entryPoint;
    QStringList command;
    QList<KeyValuePair> environment;
    QList<PortMapping> portMappings;
    std::optional<HealthCheck> healthCheck;
    QStringList links;
    QList<ContainerDependency> dependsOn;
    std::optional<int> stopTimeout; // seconds
    QString logDriver;              // logConfiguration.logDriver, empty when not set

    // What placement subtracts from an instance: memoryReservation when set, otherwise memory.
    int reservedMemory() const { return memoryReservation.value_or(memory.value_or(0)); }
    friend bool operator==(const ContainerDefinition &, const ContainerDefinition &) = default;
};

struct PlacementConstraint
{
    QString type; // memberOf
    QString expression;
    friend bool operator==(const PlacementConstraint &, const PlacementConstraint &) = default;
};

// What a client asks to register: the typed fields Fleetdeck acts on, plus the whole request
// document (normalised AWS JSON, unknown members kept) so that describe/export round-trips.
struct TaskDefinitionSpec
{
    QString family;
    QString networkMode = QStringLiteral("bridge");
    std::optional<int> cpu;    // task-level CPU units, converted from "1 vCPU" at registration
    std::optional<int> memory; // task-level MiB, converted from "1GB" at registration
    QList<ContainerDefinition> containerDefinitions;
    QList<PlacementConstraint> placementConstraints;
    QByteArray document; // compact JSON object: the registration request as normalised
    friend bool operator==(const TaskDefinitionSpec &, const TaskDefinitionSpec &) = default;
};

// A registered revision.
struct TaskDefinition
{
    TaskDefinitionSpec spec;
    int revision = 0;
    TaskDefinitionStatus status = TaskDefinitionStatus::Active;
    QDateTime registeredAt;
    QDateTime deregisteredAt; // null while ACTIVE
    QDateTime deleteRequestedAt; // DeleteTaskDefinitions: set with DELETE_IN_PROGRESS

    QString family() const { return spec.family; }
    QString familyRevision() const { return spec.family + u':' + QString::number(revision); }
};

} // namespace fd
