#pragma once

// Plain value types for the Docker Engine API v1.41 (spec: DOCKER-AND-AWS-CLIENTS.md section 1).
// No JSON in here: DockerJson.h converts between these and the engine's wire format.

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace fd::docker {

/// The API version every request is sent with (`/v1.41/...`): Docker Engine 20.10.
inline constexpr char kApiVersion[] = "1.41";

using Labels = QMap<QString, QString>;

/// GET /_ping: the engine's headers.
struct PingInfo
{
    QString apiVersion;     ///< Api-Version header, the newest version the engine speaks
    QString osType;         ///< OSType header ("linux")
    QString builderVersion; ///< Builder-Version header ("1" classic, "2" BuildKit)
    bool experimental = false;
};

/// GET /version.
struct VersionInfo
{
    QString version;       ///< "20.10.24+dfsg1"
    QString apiVersion;    ///< "1.41"
    QString minApiVersion; ///< "1.12"
    QString os;
    QString arch;
    QString kernelVersion;
    QString gitCommit;
    QString goVersion;
};

/// GET /info: what an instance registers (CPU, memory) and how stats are to be read.
struct EngineInfo
{
    QString id;
    QString name;
    QString serverVersion;
    QString operatingSystem;
    QString cgroupVersion; ///< "1" or "2"
    QString cgroupDriver;  ///< "cgroupfs" or "systemd"
    QString loggingDriver; ///< "json-file"
    int ncpu = 0;
    qint64 memTotal = 0; ///< bytes
    int containers = 0;
    int containersRunning = 0;
    int images = 0;
};

/// One published port of a container.
struct PublishedPort
{
    quint16 containerPort = 0;
    QString protocol = QStringLiteral("tcp");
    QString hostIp;       ///< "127.0.0.1", "0.0.0.0", "::"
    quint16 hostPort = 0; ///< 0: not bound (yet)
};

/// An entry of GET /containers/json.
struct ContainerSummary
{
    QString id;
    QStringList names; ///< without the leading '/'
    QString image;
    QString imageId;
    QString command;
    QDateTime created;
    QString state;  ///< created|running|paused|restarting|removing|exited|dead
    QString status; ///< human text: "Up 3 minutes (healthy)"
    Labels labels;
    QList<PublishedPort> ports;
};

/// State.Health of an inspected container; present only when a health check is configured.
struct HealthState
{
    QString status; ///< none|starting|healthy|unhealthy
    int failingStreak = 0;
    QString lastOutput; ///< output of the most recent probe
    int lastExitCode = -1;
};

struct ContainerState
{
    QString status; ///< created|running|paused|restarting|removing|exited|dead (use this, not `running`)
    bool running = false;
    bool paused = false;
    bool restarting = false;
    bool oomKilled = false;
    bool dead = false;
    int exitCode = 0;
    qint64 pid = 0;
    QString error;
    QDateTime startedAt;  ///< invalid when never started
    QDateTime finishedAt; ///< invalid when never finished
    std::optional<HealthState> health;
};

/// GET /containers/{id}/json: the fields Fleetdeck reads.
struct ContainerInspect
{
    QString id;
    QString name;    ///< without the leading '/'
    QString image;   ///< the reference it was created from (Config.Image)
    QString imageId; ///< "sha256:..."
    QDateTime created;
    ContainerState state;
    Labels labels;
    QStringList env;
    bool tty = false; ///< logs are a raw stream (no frame headers) when true
    QString networkMode;
    int restartCount = 0;
    QList<PublishedPort> ports; ///< bound ports only (NetworkSettings.Ports)

    qint64 pid() const { return state.pid; }
    /// The host port bound for containerPort/protocol, preferring the entry on `preferredHostIp`
    /// (spec 1.4.4: with an empty HostIp the IPv4 and IPv6 entries can carry different ports).
    std::optional<quint16> hostPort(quint16 containerPort, const QString &protocol = QStringLiteral("tcp"),
                                    const QString &preferredHostIp = QStringLiteral("127.0.0.1")) const;
};

/// A port to publish. hostPort 0 lets the engine pick one from its ephemeral range at start.
struct PortBinding
{
    quint16 containerPort = 0;
    QString protocol = QStringLiteral("tcp");
    QString hostIp = QStringLiteral("127.0.0.1"); ///< loopback by default: task ports stay off the LAN
    quint16 hostPort = 0;
};

/// HealthConfig. An empty `test` inherits the image's check; {"NONE"} disables it.
struct HealthcheckSpec
{
    QStringList test; ///< {"CMD", "/demo-web", "healthcheck"} or {"CMD-SHELL", "wget ..."}
    std::chrono::nanoseconds interval{0};
    std::chrono::nanoseconds timeout{0};
    std::chrono::nanoseconds startPeriod{0};
    int retries = 0;
};

/// POST /containers/create. The body always carries ExposedPorts for every binding (spec 1.4.1)
/// and RestartPolicy "no" (a stopped task is replaced by the scheduler, spec 1.3).
struct ContainerCreateSpec
{
    QString name; ///< empty: the engine picks one
    QString image;
    QStringList env; ///< "KEY=value"
    QStringList cmd;
    std::optional<QStringList> entrypoint; ///< unset: the image's; an empty list clears it
    Labels labels;
    QString user;
    QString workingDir;
    bool tty = false;
    qint64 cpuShares = 0;              ///< 0: not set
    qint64 nanoCpus = 0;               ///< hard CPU cap, 1e9 = one CPU; 0: not set
    qint64 memoryBytes = 0;            ///< hard limit; 0: not set
    qint64 memoryReservationBytes = 0; ///< soft limit; 0: not set
    QList<PortBinding> portBindings;
    std::optional<HealthcheckSpec> healthcheck;
    QString networkMode; ///< empty: the engine's default (bridge); ignored when `network` is set
    /// A user-defined network to attach at create (HostConfig.NetworkMode and
    /// NetworkingConfig.EndpointsConfig[network]), so no separate connect step is needed. On it the
    /// container is found by its name and by `networkAliases` through Docker's embedded DNS. The
    /// engine accepts an unknown network at create and fails the start with 404 "network X not found".
    QString network;
    QStringList networkAliases;     ///< more names for this container on `network` (ECS links "name:alias")
    QStringList dns;                ///< HostConfig.Dns: where the embedded DNS forwards names it does not know
    std::optional<int> stopTimeout; ///< seconds
    QString stopSignal;             ///< empty: the image's
    std::optional<bool> init;       ///< run an init process as PID 1
};

/// 201 from POST /containers/create.
struct CreatedContainer
{
    QString id;
    QStringList warnings;
};

/// POST /networks/create. Sent with CheckDuplicate, so a second network of the same name is Conflict.
struct NetworkCreateSpec
{
    QString name;
    Labels labels;
    QString driver = QStringLiteral("bridge");
    bool internal = false; ///< no route out, and no published ports either: not for task networks
};

/// 201 from POST /networks/create.
struct CreatedNetwork
{
    QString id;
    QString warning; ///< usually empty
};

/// An entry of GET /networks.
struct NetworkSummary
{
    QString id;
    QString name;
    Labels labels;
    QString driver; ///< "bridge", "host", "null", ...
};

/// Filters for GET /containers/json.
struct ContainerListQuery
{
    bool all = false;                   ///< include stopped containers
    QStringList labels;                 ///< "key" or "key=value"; several are ANDed by the engine
    QMap<QString, QStringList> filters; ///< any other filter: {"status", {"running"}}, {"name", {...}}
};

/// An entry of GET /images/json.
struct ImageSummary
{
    QString id;
    QStringList repoTags;
    QStringList repoDigests;
    QDateTime created;
    qint64 size = 0;
    Labels labels;
};

struct ImageListQuery
{
    bool all = false;
    QString reference;  ///< e.g. "fleetdeck/demo-web" or "fleetdeck/demo-web:1"
    QStringList labels; ///< "key" or "key=value"
};

/// GET /images/{name}/json.
struct ImageInspect
{
    QString id;
    QStringList repoTags;
    QStringList repoDigests;
    QDateTime created;
    qint64 size = 0;
    QString os;
    QString architecture;
    Labels labels;
    QStringList env;
    QStringList entrypoint;
    QStringList cmd;
    QStringList exposedPorts; ///< "8080/tcp"
    QString user;
    QString workingDir;
    QString stopSignal;
    std::optional<HealthcheckSpec> healthcheck;
};

/// One decoded frame of GET /containers/{id}/stats (spec 1.7).
struct ContainerStats
{
    QString id;
    QString name;
    QDateTime read;               ///< invalid for the empty frames of a stopped container
    QDateTime preRead;            ///< invalid on the first frame and on one-shot reads
    quint64 cpuTotalUsage = 0;    ///< ns of CPU time used by the container
    quint64 systemCpuUsage = 0;   ///< ns of CPU time of the host
    quint64 preCpuTotalUsage = 0; ///< 0 on the first frame and on one-shot reads
    quint64 preSystemCpuUsage = 0;
    int onlineCpus = 0;
    quint64 memoryUsage = 0;
    quint64 memoryLimit = 0;
    quint64 memoryCache = 0; ///< inactive file pages: total_inactive_file (cgroup v1), inactive_file (v2)
    int cgroupVersion = 0;   ///< guessed from the memory keys; 0 when unknown
    quint64 networkRxBytes = 0;
    quint64 networkTxBytes = 0;
    quint64 blockReadBytes = 0;
    quint64 blockWriteBytes = 0;
    quint64 pids = 0;

    /// A frame of a stopped container (zero counters, `read` 0001-01-01): skip it.
    bool isEmpty() const { return !read.isValid(); }
    /// Memory in use as the docker CLI shows it: usage minus inactive file pages (when smaller).
    quint64 memoryUsed() const { return memoryCache < memoryUsage ? memoryUsage - memoryCache : memoryUsage; }
    /// CPU% like `docker stats` (100 = one full core); NaN without a previous sample in this frame.
    double cpuPercent() const;
    /// CPU% between two samples of the same container (for one-shot polling); NaN when not computable.
    static double cpuPercent(const ContainerStats &previous, const ContainerStats &current);
};

/// One message of GET /events (spec 1.8).
struct DockerEvent
{
    QString type;   ///< container|image|network|volume|daemon|...
    QString action; ///< create|start|die|health_status: healthy|...
    QString id;     ///< Actor.ID
    Labels attributes;
    QString scope;
    qint64 timeNano = 0; ///< ns since the epoch; the next subscription's `since`

    /// "healthy" for action "health_status: healthy"; empty for other actions.
    QString healthStatus() const;
    QDateTime time() const { return QDateTime::fromMSecsSinceEpoch(timeNano / 1000000, Qt::UTC); }
};

/// Which stream a log line came from.
enum class LogSource {
    Stdout,
    Stderr,
};

/// One line of container output.
struct LogLine
{
    LogSource source = LogSource::Stdout;
    QByteArray text;     ///< without the line break (and without the timestamp when requested)
    QDateTime timestamp; ///< set when timestamps were requested
};

struct LogOptions
{
    bool stdoutStream = true;
    bool stderrStream = true;
    bool timestamps = false;
    int tail = -1;           ///< last N lines; -1: all
    QDateTime since;         ///< invalid: from the start
    std::optional<bool> tty; ///< unset: the client inspects the container to learn Config.Tty
};

/// Input of POST /build. Exactly one of contextTar / contextDirectory is used (the tar wins).
struct BuildSpec
{
    QByteArray contextTar;    ///< an uncompressed tar with the Dockerfile inside
    QString contextDirectory; ///< or a directory, tarred in-process (off the GUI thread)
    QString dockerfile = QStringLiteral("Dockerfile");
    QStringList tags; ///< "name:tag"
    QMap<QString, QString> buildArgs;
    Labels labels;
    bool noCache = false;
    bool pull = false; ///< never useful without a registry; kept for completeness
};

/// One progress message of a build.
struct BuildProgress
{
    QString line; ///< one output line of the build ("Step 1/2 : FROM ..."), without the line break
};

struct BuildResult
{
    QString imageId; ///< "sha256:..."
    QStringList tags;
    QStringList output; ///< every line the build printed
};

/// One progress message of a pull, for one layer (or for the whole image when layerId is empty).
struct PullProgress
{
    QString status;  ///< "Downloading", "Extracting", "Pull complete", "Digest: ...", ...
    QString layerId; ///< empty for image-level messages
    qint64 current = 0;
    qint64 total = 0;          ///< 0 when unknown
    QString progressText;      ///< the engine's own bar, "[=====>   ] 1.2MB/3.4MB"
    qint64 overallCurrent = 0; ///< sum over the layers seen so far
    qint64 overallTotal = 0;
};

struct PullResult
{
    QString reference;
    QString digest; ///< "sha256:..." when the engine reported one
    QString status; ///< last status line: "Downloaded newer image for ..." / "Image is up to date for ..."
};

} // namespace fd::docker

Q_DECLARE_METATYPE(fd::docker::DockerEvent)
Q_DECLARE_METATYPE(fd::docker::ContainerStats)
Q_DECLARE_METATYPE(fd::docker::LogLine)
