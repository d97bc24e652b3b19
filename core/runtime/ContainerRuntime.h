#pragma once

// fd::runtime::ContainerRuntime: where the task controllers run a task's containers on an instance,
// whether on a real Docker engine (DockerRuntime) or in process (SimulatedRuntime, an explicit
// choice: no Docker here, or thousands of instances for a scale test; never a silent fallback).
//
// The calls follow the Docker client's conventions (core/docker/DockerClient.h):
//   - every call returns at once with a docker::Pending<T>; the fd::Result<T> arrives later through
//     the event loop of the context given to then(), never inside the call;
//   - failures are values whose code is one of runtime::errc (RuntimeTypes.h) and whose message can
//     be shown as a task's stopped reason as it is;
//   - one thread: use a runtime from the thread it lives on (the GUI thread).
//
// Signals report what happens to containers after they started, for every container the runtime
// watches (DockerRuntime: those matching its label filter, including ones started before the
// console was; SimulatedRuntime: its own). A Pending and a signal about the same container are not
// ordered against each other: a container that exits at once may report containerExited before its
// runContainer() result arrives. Controllers are level-triggered: after resyncNeeded() (events may
// have been lost), list() and reconcile.

#include "Result.h"
#include "docker/Pending.h"
#include "runtime/RuntimeTypes.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace fd::runtime {

using docker::Pending;
using docker::Promise;

class ContainerRuntime : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ContainerRuntime)

public:
    explicit ContainerRuntime(QObject *parent = nullptr);
    ~ContainerRuntime() override;

    /// "docker" or "simulated", for the console to say which it is.
    virtual QString kind() const = 0;

    /// Creates and starts a container: the answer comes once it runs, with the host ports actually
    /// bound (dynamic ones resolved). Fails with
    ///   CannotPullContainerError  the image is not there (no registry pull happens here)
    ///   Conflict                  the name is in use, or a static host port is already allocated on
    ///                             that hostIp ("... port is already allocated")
    ///   CannotStartContainerError the process could not be started
    ///   or the engine's errors (Timeout, EngineUnreachable, EngineError, ...).
    /// A container that failed to start is removed again: a failed run leaves nothing behind.
    virtual Pending<RunningContainer> runContainer(const ContainerRunSpec &spec) = 0;

    /// SIGTERM, then SIGKILL after `grace` (unset: the spec's stopTimeout, or kDefaultStopTimeout).
    /// Answers once the container has exited; an already exited one is fine. NotFound when unknown.
    virtual Pending<Ok> stopContainer(const QString &id, std::optional<std::chrono::seconds> grace = std::nullopt) = 0;

    /// Removes an exited container. A running one is Conflict unless `force`, which kills it first
    /// (containerExited then reports 137). NotFound when unknown.
    virtual Pending<Ok> removeContainer(const QString &id, bool force = false) = 0;

    /// NotFound when unknown (or removed).
    virtual Pending<ContainerState> inspect(const QString &id) = 0;

    /// All containers, exited ones included, whose labels match every entry of `labelFilter`
    /// ("key" or "key=value"). This is what a restarted console adopts.
    virtual Pending<QList<ContainerState>> list(const QStringList &labelFilter = {}) = 0;

    /// CPU and memory in use now. Conflict when the container does not run, NotFound when unknown.
    virtual Pending<ContainerUsage> usage(const QString &id) = 0;

    // ---- task networks --------------------------------------------------------------------------
    // A task in bridge mode gets a user-defined bridge network of its own: its containers, attached
    // with ContainerRunSpec::network, find each other by name and alias (ECS links).

    /// Creates the network `name` with `labels` and answers its id. A network of that name with the
    /// same labels is answered as it is (a restarted controller may retry); one with other labels is
    /// Conflict.
    virtual Pending<QString> createTaskNetwork(const QString &name, const Labels &labels) = 0;
    /// Removes the network `name`; one that is not there is fine. Conflict while containers run on it
    /// (exited ones do not count): the caller retries once they have stopped.
    virtual Pending<Ok> removeTaskNetwork(const QString &name) = 0;
    /// The names of the networks whose labels match every entry of `labelFilter`, sorted.
    virtual Pending<QList<QString>> listTaskNetworks(const QStringList &labelFilter = {}) = 0;

signals:
    /// The container's main process ended (exit, stop, kill, out of memory); once per container.
    void containerExited(const QString &id, int exitCode);
    /// The health check's verdict changed (to HEALTHY or UNHEALTHY). Not emitted for containers
    /// without a health check.
    void healthChanged(const QString &id, fd::runtime::HealthStatus health);
    /// Signals may have been missed (the engine's event stream was down for long): list() and
    /// reconcile everything.
    void resyncNeeded();
};

} // namespace fd::runtime
