#pragma once

// Value types of fd::runtime::ContainerRuntime: what a task controller asks for (ContainerRunSpec)
// and what it gets back (RunningContainer, ContainerState, ContainerUsage). No Docker types in
// here, so controllers and their tests depend on neither Docker nor the simulation.

#include <QDateTime>
#include <QLatin1String>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace fd::runtime {

/// Error codes of the runtime's results (fd::Error::code). The first six are the Docker client's
/// own (DockerClient.h) and pass through unchanged; the last two are ECS's names for a task that
/// could not start, and their message starts with the code and ": ", like ECS's stoppedReason
/// ("CannotPullContainerError: fleetdeck/nope:1: ..."), so it can be shown as it is.
namespace errc {
inline constexpr QLatin1String NotFound("NotFound"); ///< no such container
inline constexpr QLatin1String Conflict("Conflict"); ///< name in use, port already allocated, removing a running one
inline constexpr QLatin1String Timeout("Timeout");   ///< the engine did not answer in time
inline constexpr QLatin1String EngineUnreachable("EngineUnreachable"); ///< no connection to the engine
inline constexpr QLatin1String Protocol("Protocol");                   ///< the engine's answer made no sense
inline constexpr QLatin1String EngineError("EngineError");             ///< any other engine failure
inline constexpr QLatin1String CannotPullContainerError("CannotPullContainerError");   ///< the image is missing
inline constexpr QLatin1String CannotStartContainerError("CannotStartContainerError"); ///< the process did not start
} // namespace errc

using Labels = QMap<QString, QString>;

/// The grace between SIGTERM and SIGKILL when a container's spec sets none: the ECS agent's
/// ECS_CONTAINER_STOP_TIMEOUT default.
inline constexpr std::chrono::seconds kDefaultStopTimeout{30};

/// Container lifecycle, in order; a container only moves forward.
enum class ContainerStatus {
    Created, ///< exists, not started yet (or still starting)
    Running,
    Exited, ///< stopped, killed, or its process ended; terminal
};

/// "created", "running", "exited".
QString toString(ContainerStatus status);
/// Docker's State.Status: created; running, paused, restarting; removing, exited, dead. Anything
/// else is Created (the safe guess: not running, not finished).
ContainerStatus containerStatusFromDocker(const QString &status);
inline bool isTerminal(ContainerStatus status)
{
    return status == ContainerStatus::Exited;
}

/// A container's health as ECS reports it (HealthStatus in the ECS API).
enum class HealthStatus {
    Unknown, ///< no health check, or not decided yet (Docker's "starting")
    Healthy,
    Unhealthy,
};

/// "UNKNOWN", "HEALTHY", "UNHEALTHY".
QString toString(HealthStatus health);
/// The inverse of toString(); anything else is Unknown.
HealthStatus healthStatusFromString(const QString &s);
/// Docker's health words: "healthy", "unhealthy"; "starting", "none" and anything else are Unknown.
HealthStatus healthStatusFromDocker(const QString &status);

/// A port mapping of a task definition's container. hostPort 0 asks for a dynamic port.
struct PortSpec
{
    quint16 containerPort = 0;
    quint16 hostPort = 0; ///< 0: a free port from the ephemeral range, chosen at start
    QString protocol = QStringLiteral("tcp");
    friend bool operator==(const PortSpec &, const PortSpec &) = default;
};

/// A port that is actually bound: where the load balancer sends traffic (hostIp:hostPort).
struct BoundPort
{
    quint16 containerPort = 0;
    QString protocol = QStringLiteral("tcp");
    QString hostIp;
    quint16 hostPort = 0;
    friend bool operator==(const BoundPort &, const BoundPort &) = default;
};

/// The host port bound for containerPort/protocol, if any.
std::optional<quint16> hostPortOf(const QList<BoundPort> &ports, quint16 containerPort,
                                  const QString &protocol = QStringLiteral("tcp"));

/// A container health check (ECS healthCheck; Docker Healthcheck). Docker semantics: the first
/// probe runs one interval after the start; one passing probe makes the container HEALTHY;
/// `retries` failing probes in a row make it UNHEALTHY; failures within startPeriod do not count.
struct HealthCheckSpec
{
    QStringList command; ///< {"CMD", "/demo-web", "healthcheck"} or {"CMD-SHELL", "..."}
    std::chrono::milliseconds interval{std::chrono::seconds(30)};
    std::chrono::milliseconds timeout{std::chrono::seconds(5)};
    int retries = 3;
    std::chrono::milliseconds startPeriod{0};
    friend bool operator==(const HealthCheckSpec &, const HealthCheckSpec &) = default;
};

/// Everything needed to run one container of a task on one instance.
struct ContainerRunSpec
{
    QString name; ///< unique on the runtime (a second run with the same name is Conflict); empty: generated
    QString image;
    QStringList env;                              ///< "KEY=value"
    std::optional<QStringList> entryPoint;        ///< unset: the image's
    QStringList command;                          ///< empty: the image's
    Labels labels;                                ///< the fleetdeck.* labels (DESIGN.md, "Task")
    int cpuUnits = 0;                             ///< CPU units (1024 = one core), a relative weight
    int memoryMiB = 0;                            ///< hard limit; 0: none
    int memoryReservationMiB = 0;                 ///< soft limit; 0: none
    QString hostIp = QStringLiteral("127.0.0.1"); ///< the instance's loopback address; ports are published on it
    QList<PortSpec> ports;
    std::optional<HealthCheckSpec> healthCheck; ///< unset: no health check, health stays UNKNOWN
    /// SIGTERM to SIGKILL; unset: kDefaultStopTimeout (both runtimes; Docker's own would be 10 s)
    std::optional<std::chrono::seconds> stopTimeout;
    /// The task network to attach at create (createTaskNetwork()); empty: the default bridge. On a
    /// task network the task's containers find each other by container name and by networkAliases.
    /// A network that does not exist fails the run with CannotStartContainerError.
    QString network;
    QStringList
        networkAliases; ///< more names on `network`: the ECS container name, link aliases (taskNetworkAliases())
    /// ECS dnsServers: where names the network's DNS does not know are looked up (Docker: HostConfig.Dns;
    /// the simulation ignores it). Empty: the engine's own resolvers.
    QStringList dnsServers;
};

/// runContainer's answer: the container runs (it may of course exit at any time after).
struct RunningContainer
{
    QString id;
    QString name;
    QList<BoundPort> ports; ///< one per PortSpec, on the spec's hostIp
    QDateTime startedAt;

    std::optional<quint16> hostPort(quint16 containerPort, const QString &protocol = QStringLiteral("tcp")) const
    {
        return hostPortOf(ports, containerPort, protocol);
    }
};

/// What inspect() and list() report about one container.
struct ContainerState
{
    QString id;
    QString name;
    QString image;
    ContainerStatus status = ContainerStatus::Created;
    int exitCode = 0;       ///< meaningful once Exited (137: killed, e.g. after the stop timeout or out of memory)
    bool oomKilled = false; ///< killed for passing its memory hard limit
    HealthStatus health = HealthStatus::Unknown;
    QDateTime startedAt;    ///< invalid before the start (and in list() answers from Docker)
    QDateTime finishedAt;   ///< invalid before the exit (and in list() answers from Docker)
    QList<BoundPort> ports; ///< bound ports; empty once exited (ports are released on exit)
    Labels labels;
    QString error; ///< why it could not run, when the engine said so
    int pid =
        0; ///< the main process on the host (Docker's State.Pid): 0 when not running, and in list() answers from Docker

    std::optional<quint16> hostPort(quint16 containerPort, const QString &protocol = QStringLiteral("tcp")) const
    {
        return hostPortOf(ports, containerPort, protocol);
    }
};

/// usage(): what a running container uses now.
struct ContainerUsage
{
    double cpuPercent = 0;   ///< 100 = one full core, like `docker stats`
    quint64 memoryBytes = 0; ///< like `docker stats`: usage without inactive file pages
    QDateTime at;
};

/// "key" or "key=value"; all of them must match (Docker's label filter).
bool labelsMatch(const Labels &labels, const QStringList &filter);

/// One container of a task for taskNetworkAliases(): its ECS name and its ECS `links`.
struct ContainerLinks
{
    QString name;      ///< the container's name in the task definition
    QStringList links; ///< "name" or "name:alias"
};

/// The network aliases of each container of a task, by ECS container name, when ECS `links` are
/// mapped onto a task network (Docker's legacy links work only on the default bridge): every
/// container answers to its ECS name, and a link "db:database" on any container adds the alias
/// "database" to the container db. Aliases are network-wide, so every container of the task sees
/// them, not only the linking one. Links to containers the task does not have are ignored (ECS
/// rejects them when the task definition is registered). Each list is sorted, without duplicates.
QMap<QString, QStringList> taskNetworkAliases(const QList<ContainerLinks> &containers);

} // namespace fd::runtime

Q_DECLARE_METATYPE(fd::runtime::HealthStatus)
