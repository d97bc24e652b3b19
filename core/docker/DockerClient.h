#pragma once

// fd::docker::DockerClient: the typed, asynchronous Docker Engine API (v1.41) that controllers use.
//
// An interface so controllers and the UI can be tested with a fake (STYLE 13); the real one is
// DockerEngineClient. Every call:
//   - returns at once; nothing blocks (STYLE 14). The answer comes as fd::Result<T> through a
//     Pending<T> (Pending.h), on the thread of the context object given to then();
//   - has a timeout (a default per call, shown below); when it passes, the request is aborted and
//     the result is Error{"Timeout", ...};
//   - fails with one of these error codes, and a message that can be shown as it is (the stopped
//     reason of a task), carrying the engine's own words ("No such container: abc"):
//       NotFound           HTTP 404 (no such container or image)
//       Conflict           HTTP 409 (name in use, container not running, removal of a running one),
//                          and removing a network that still has containers (the engine's 403)
//       Timeout            the call's timeout passed
//       EngineUnreachable  no connection (no engine, permission denied, connection lost)
//       Protocol           the engine's answer is not HTTP or not the JSON expected
//       EngineError        any other 4xx/5xx, and failures reported inside a stream (pull, build)
//
// Long-lived streams (events, stats, log following) are QObjects returned as unique_ptr: delete
// one to close its connection. They are base classes with signals only, so a fake client can hand
// out instances and emit the signals itself.
//
// Use a client from the thread it lives on (the GUI thread). Deleting it abandons its calls in
// flight (their continuations never run) and ends its streams without a signal.

#include "Result.h"
#include "docker/DockerTypes.h"
#include "docker/Pending.h"

#include <QObject>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace fd::docker {

using Timeout = std::chrono::milliseconds;

/// Events from GET /events, kept alive across engine restarts and connection losses.
///
/// After a disconnection it reconnects with exponential back-off (0.5 s, 1 s, 2 s ... 10 s) and
/// asks the engine to replay what it missed (`since` = the last event's time; duplicates of that
/// last event are dropped). The engine keeps only 256 events, so when the connection was down for
/// longer than resyncThreshold it emits resyncNeeded() instead and subscribes from now: the owner
/// then lists containers and reconciles everything.
class EventSubscription : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QMap<QString, QStringList> filters; ///< e.g. {"type", {"container"}}, {"label", {"fleetdeck.managed=true"}}
        std::chrono::milliseconds resyncThreshold = std::chrono::minutes(5);
        std::chrono::milliseconds initialBackoff = std::chrono::milliseconds(500);
        std::chrono::milliseconds maxBackoff = std::chrono::seconds(10);
        std::chrono::milliseconds connectTimeout = std::chrono::seconds(10); ///< until the 200 header
        qint64 sinceNano = 0; ///< replay from this time on the first connection; 0: from now
    };

    explicit EventSubscription(QObject *parent = nullptr);
    ~EventSubscription() override;

    bool isConnected() const { return m_connected; }
    /// The time of the last event delivered (ns since the epoch); 0 before the first.
    qint64 lastEventTimeNano() const { return m_lastTimeNano; }

signals:
    void event(const fd::docker::DockerEvent &event);
    void connected();
    /// The stream was lost (or could not be opened); a reconnection is scheduled.
    void disconnected(const QString &reason);
    /// Events may have been missed: do a full reconcile (list containers) now.
    void resyncNeeded();

protected:
    bool m_connected = false;
    qint64 m_lastTimeNano = 0;
};

/// GET /containers/{id}/stats?stream=1: one decoded frame per second. The empty frames a stopped
/// container gets are skipped. The stream ends when the container is removed.
class StatsStream : public QObject
{
    Q_OBJECT

public:
    explicit StatsStream(QObject *parent = nullptr);
    ~StatsStream() override;

signals:
    void stats(const fd::docker::ContainerStats &stats);
    /// The stream ended: errorCode is empty when the engine closed it (container removed),
    /// otherwise one of the client's error codes.
    void finished(const QString &errorCode, const QString &message);
};

/// GET /containers/{id}/logs?follow=1: lines as the container writes them, until it stops.
class LogStream : public QObject
{
    Q_OBJECT

public:
    explicit LogStream(QObject *parent = nullptr);
    ~LogStream() override;

signals:
    void line(const fd::docker::LogLine &line);
    void finished(const QString &errorCode, const QString &message);
};

class DockerClient : public QObject
{
    Q_OBJECT

public:
    using BuildProgressFn = std::function<void(const BuildProgress &)>;
    using PullProgressFn = std::function<void(const PullProgress &)>;

    static constexpr Timeout kPingTimeout = std::chrono::seconds(5);
    static constexpr Timeout kDefaultTimeout = std::chrono::seconds(30);
    static constexpr Timeout kBuildTimeout = std::chrono::minutes(10);
    static constexpr Timeout kPullTimeout = std::chrono::minutes(10);
    /// stopContainer's default call timeout is the grace period plus this.
    static constexpr Timeout kStopMargin = std::chrono::seconds(15);

    explicit DockerClient(QObject *parent = nullptr);
    ~DockerClient() override;

    /// Where the engine is ("unix:///var/run/docker.sock").
    virtual QString endpoint() const = 0;

    // ---- engine ------------------------------------------------------------------------------
    /// GET /_ping. Fails with EngineError when the engine speaks an API older than 1.41.
    virtual Pending<PingInfo> ping(Timeout timeout = kPingTimeout) = 0;
    virtual Pending<VersionInfo> version(Timeout timeout = kDefaultTimeout) = 0;
    virtual Pending<EngineInfo> info(Timeout timeout = kDefaultTimeout) = 0;

    // ---- containers --------------------------------------------------------------------------
    virtual Pending<CreatedContainer> createContainer(const ContainerCreateSpec &spec,
                                                      Timeout timeout = kDefaultTimeout) = 0;
    /// Already running (304) counts as success.
    virtual Pending<Ok> startContainer(const QString &id, Timeout timeout = kDefaultTimeout) = 0;
    /// SIGTERM (or the stop signal), then SIGKILL after `grace` (unset: the container's StopTimeout
    /// or the engine's 10 s). Already stopped (304) counts as success. A zero `timeout` means
    /// grace (or 10 s) + kStopMargin.
    virtual Pending<Ok> stopContainer(const QString &id, std::optional<std::chrono::seconds> grace = std::nullopt,
                                      Timeout timeout = Timeout::zero()) = 0;
    /// Not running is Conflict.
    virtual Pending<Ok> killContainer(const QString &id, const QString &signal = QStringLiteral("SIGKILL"),
                                      Timeout timeout = kDefaultTimeout) = 0;
    /// `force` kills a running container first; `volumes` removes its anonymous volumes.
    virtual Pending<Ok> removeContainer(const QString &id, bool force = false, bool volumes = true,
                                        Timeout timeout = kDefaultTimeout) = 0;
    virtual Pending<ContainerInspect> inspectContainer(const QString &id, Timeout timeout = kDefaultTimeout) = 0;
    virtual Pending<QList<ContainerSummary>> listContainers(const ContainerListQuery &query = {},
                                                            Timeout timeout = kDefaultTimeout) = 0;

    // ---- networks ----------------------------------------------------------------------------
    /// POST /networks/create with CheckDuplicate: a network of that name already there is Conflict.
    virtual Pending<CreatedNetwork> createNetwork(const NetworkCreateSpec &spec, Timeout timeout = kDefaultTimeout) = 0;
    /// DELETE /networks/{idOrName}. NotFound when there is none; Conflict while containers run on it
    /// ("... has active endpoints"; stopped containers do not hold a network).
    virtual Pending<Ok> removeNetwork(const QString &idOrName, Timeout timeout = kDefaultTimeout) = 0;
    /// GET /networks, only those whose labels match every entry of `labels` ("key" or "key=value").
    virtual Pending<QList<NetworkSummary>> listNetworks(const QStringList &labels = {},
                                                        Timeout timeout = kDefaultTimeout) = 0;

    // ---- images ------------------------------------------------------------------------------
    virtual Pending<QList<ImageSummary>> listImages(const ImageListQuery &query = {},
                                                    Timeout timeout = kDefaultTimeout) = 0;
    virtual Pending<ImageInspect> inspectImage(const QString &reference, Timeout timeout = kDefaultTimeout) = 0;
    virtual Pending<Ok> removeImage(const QString &reference, bool force = false,
                                    Timeout timeout = kDefaultTimeout) = 0;
    /// POST /build (classic builder). `progress` gets each output line as it comes, on this
    /// object's thread, until the Pending completes or is cancelled. A failed step is EngineError
    /// with the builder's message.
    virtual Pending<BuildResult> buildImage(const BuildSpec &spec, BuildProgressFn progress = {},
                                            Timeout timeout = kBuildTimeout) = 0;
    /// POST /images/create. `progress` gets per-layer progress. Without a reachable registry the
    /// engine fails in well under a second; the error says which registry could not be reached.
    /// When the engine says nothing at all for 60 s (a registry that swallows packets) the pull
    /// fails with Timeout. Every error message starts with "Cannot pull <reference>: ".
    virtual Pending<PullResult> pullImage(const QString &reference, PullProgressFn progress = {},
                                          Timeout timeout = kPullTimeout) = 0;

    // ---- stats, logs, events -----------------------------------------------------------------
    /// One sample (`stream=false&one-shot=true`): precpu is empty, so diff two samples for CPU%.
    virtual Pending<ContainerStats> statsOnce(const QString &id, Timeout timeout = kDefaultTimeout) = 0;
    virtual std::unique_ptr<StatsStream> streamStats(const QString &id) = 0;
    /// The logs so far (no following).
    virtual Pending<QList<LogLine>> logs(const QString &id, const LogOptions &options = {},
                                         Timeout timeout = kDefaultTimeout) = 0;
    /// Follows the logs until the container stops (or the stream is deleted).
    virtual std::unique_ptr<LogStream> followLogs(const QString &id, const LogOptions &options = {}) = 0;
    virtual std::unique_ptr<EventSubscription> subscribeEvents(const EventSubscription::Options &options = {}) = 0;
};

} // namespace fd::docker
