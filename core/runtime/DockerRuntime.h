#pragma once

// fd::runtime::DockerRuntime: ContainerRuntime on a real Docker engine, through a
// docker::DockerClient (not owned; the fake one in tests, DockerEngineClient otherwise).
//
// Task networks are bridge networks created with CheckDuplicate; createTaskNetwork() answers a
// Conflict by listing the networks with the same labels and taking the one of that name. Calls for
// a network whose creation is in flight join it. removeTaskNetwork() removes every network of that
// name should there be several (the engine refuses a name that is "ambiguous").
//
// runContainer() is four engine calls: inspect the image (missing: CannotPullContainerError; no
// registry pull happens here), create (toCreateSpec()), start, inspect (the host ports the engine
// actually bound). A container whose start fails is removed again; a start that fails because the
// host port is taken is Conflict ("... port is already allocated"), any other start failure
// CannotStartContainerError with the engine's words.
//
// The signals come from one subscription to the engine's events (die, health_status, start,
// destroy), filtered on DockerRuntimeOptions::labelFilter, so they cover every container with
// those labels, including ones started by an earlier run of the console. Subscribe before running
// anything whose exit must not be missed: the subscription is opened in the constructor, and
// watching() says when it is connected.

#include "docker/DockerClient.h"
#include "runtime/ContainerRuntime.h"

#include <QHash>
#include <QSet>

#include <chrono>
#include <memory>
#include <utility>

namespace fd::runtime {

struct DockerRuntimeOptions
{
    /// The containers whose events become signals: "key" or "key=value", all must match.
    QStringList labelFilter = {QStringLiteral("fleetdeck.managed=true")};
    /// usage() without an earlier sample of the same container takes two, this far apart, for CPU%.
    std::chrono::milliseconds usageSampleGap{500};
    /// usage() diffs against an earlier sample only when it is at most this old.
    std::chrono::milliseconds usageSampleMaxAge{std::chrono::seconds(60)};
};

class DockerRuntime final : public ContainerRuntime
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DockerRuntime)

public:
    explicit DockerRuntime(docker::DockerClient &client, const DockerRuntimeOptions &options = DockerRuntimeOptions(),
                           QObject *parent = nullptr);
    ~DockerRuntime() override;

    QString kind() const override { return QStringLiteral("docker"); }

    Pending<RunningContainer> runContainer(const ContainerRunSpec &spec) override;
    Pending<Ok> stopContainer(const QString &id, std::optional<std::chrono::seconds> grace = std::nullopt) override;
    Pending<Ok> removeContainer(const QString &id, bool force = false) override;
    Pending<ContainerState> inspect(const QString &id) override;
    Pending<QList<ContainerState>> list(const QStringList &labelFilter = {}) override;
    Pending<ContainerUsage> usage(const QString &id) override;
    Pending<QString> createTaskNetwork(const QString &name, const Labels &labels) override;
    Pending<Ok> removeTaskNetwork(const QString &name) override;
    Pending<QList<QString>> listTaskNetworks(const QStringList &labelFilter = {}) override;

    docker::DockerClient &client() const { return m_client; }
    /// True while the event stream is connected (signals flow).
    bool isWatching() const;

    /// The engine's create body for a run spec: ExposedPorts and PortBindings on spec.hostIp,
    /// CpuShares (at least 2, as the ECS agent passes 0 and 1), Memory / MemoryReservation in
    /// bytes, Healthcheck in ns (without one: {"NONE"}, so an image's own HEALTHCHECK is not
    /// watched, as on ECS), StopTimeout (kDefaultStopTimeout when unset), labels, RestartPolicy
    /// "no" (the client always sends it), the task network with its aliases, DNS servers.
    static docker::ContainerCreateSpec toCreateSpec(const ContainerRunSpec &spec);
    static ContainerState toState(const docker::ContainerInspect &inspect);
    /// From a list entry: the status text gives the exit code and health ("Exited (137) 2 minutes
    /// ago", "Up 5 seconds (healthy)"); times are not in a list entry and stay invalid.
    static ContainerState toState(const docker::ContainerSummary &summary);

signals:
    /// The event stream is connected (the first time, and after each reconnection).
    void watching();

private:
    void onEvent(const docker::DockerEvent &event);
    void discard(const QString &id, const QString &why);
    void finishUsage(const QString &id, const docker::ContainerStats &first, const Promise<ContainerUsage> &promise);

    docker::DockerClient &m_client;
    DockerRuntimeOptions m_options;
    std::unique_ptr<docker::EventSubscription> m_events;
    QHash<QString, HealthStatus> m_health; ///< last health reported per container
    QSet<QString> m_exited;                ///< reported exits, so a replayed die is not reported twice
    QHash<QString, docker::ContainerStats> m_lastStats;
    /// Network creations in flight by name, with their labels: a second call for the same network
    /// joins the first (20.10's CheckDuplicate does not see a network still being created, and two
    /// creates 0.7 s apart both succeeded, leaving two networks of one name).
    QHash<QString, std::pair<Labels, Pending<QString>>> m_creatingNetworks;
};

} // namespace fd::runtime
