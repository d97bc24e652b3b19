#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace fd::elb {

// TargetHealthStateEnum, in the order a target lives through them.
enum class TargetHealthState {
    Initial, ///< registered, health checks not passed yet
    Healthy,
    Unhealthy,
    UnhealthyDraining, ///< unhealthy and draining ("unhealthy.draining")
    Draining,          ///< deregistered, connections drain until the deregistration delay ends
    Unused,            ///< not in use by any listener, or not registered
    Unavailable,       ///< health checks disabled
};
QString toString(TargetHealthState s); // "initial", "healthy", "unhealthy.draining", ...
std::optional<TargetHealthState> targetHealthStateFromString(const QString &s);
bool isDraining(TargetHealthState s); // Draining or UnhealthyDraining

// Reason codes and descriptions Fleetdeck writes itself (the health checker adds its own).
inline constexpr char kReasonRegistrationInProgress[] = "Elb.RegistrationInProgress";
inline constexpr char kDescriptionRegistrationInProgress[] = "Target registration is in progress";
inline constexpr char kReasonDeregistrationInProgress[] = "Target.DeregistrationInProgress";
inline constexpr char kDescriptionDeregistrationInProgress[] = "Target deregistration is in progress";
inline constexpr char kReasonNotInUse[] = "Target.NotInUse";
inline constexpr char kDescriptionNotInUse[] =
    "Target group is not configured to receive traffic from the load balancer";
inline constexpr char kReasonNotRegistered[] = "Target.NotRegistered";
inline constexpr char kDescriptionNotRegistered[] = "Target is not registered to the target group";
inline constexpr char kReasonHealthCheckDisabled[] = "Target.HealthCheckDisabled";
inline constexpr char kDescriptionHealthCheckDisabled[] = "Health checks are disabled";

// A target by its registration: the same id may be registered on several ports.
struct TargetKey
{
    QString id; // instance id (i-...) or IPv4 address
    int port = 0;
    bool operator==(const TargetKey &) const = default;
};

// A registered target of a target group and its health.
struct Target
{
    QString targetGroupId;
    QString id;
    int port = 0;
    QString availabilityZone; // as the client gave it (read back as given); usually empty
    QString zone;             // where it is: the instance's zone, or the given one for ip targets
    TargetHealthState state = TargetHealthState::Initial;
    QString reason;
    QString description;
    QDateTime registeredAt;
    QDateTime drainingSince; // when deregistered
    QDateTime drainDeadline; // drainingSince + the deregistration delay at that time

    TargetKey key() const { return {id, port}; }
    // The store's and change sets' id: "<target group id>/<id>/<port>".
    QString documentId() const;
    bool operator==(const Target &) const = default;
};

} // namespace fd::elb
