#include "runtime/DockerRuntime.h"

#include "runtime/RuntimeLogging.h"

#include <algorithm>
#include <QRegularExpression>
#include <QTimer>

#include <cmath>
#include <memory>
#include <optional>

namespace fd::runtime {

namespace {

constexpr qint64 kMiB = 1024 * 1024;

using docker::ContainerInspect;
using docker::ContainerStats;
using docker::ContainerSummary;

Error pullError(const QString &image, const QString &endpoint)
{
    return makeError(QString(errc::CannotPullContainerError),
                     QStringLiteral("CannotPullContainerError: %1: no such image on the Docker engine at %2, and no "
                                    "registry to pull it from")
                         .arg(image, endpoint),
                     QStringLiteral("image"));
}

/// What a failed start becomes: a taken host port is Conflict (as in the simulated runtime), any
/// other refusal of the engine CannotStartContainerError; Timeout, EngineUnreachable stay.
Error startError(const Error &e)
{
    if (e.message.contains(u"port is already allocated") || e.message.contains(u"all ports are allocated") ||
        e.message.contains(u"address already in use"))
        return makeError(QString(errc::Conflict), e.message, QStringLiteral("portMappings"));
    if (e.code == errc::EngineError || e.code == errc::Conflict || e.code == errc::NotFound) {
        return makeError(QString(errc::CannotStartContainerError),
                         QString(errc::CannotStartContainerError) + QStringLiteral(": ") + e.message);
    }
    return e;
}

/// What a failed create becomes: NotFound is the image, removed since it was inspected, or (on
/// engines newer than 20.10, which check the network at create rather than at start) the network.
Error createError(const Error &e, const docker::ContainerCreateSpec &create, const QString &endpoint)
{
    if (e.code != errc::NotFound)
        return e;
    if (!create.network.isEmpty() && e.message.contains(u"network"))
        return startError(e);
    return pullError(create.image, endpoint);
}

QList<BoundPort> boundPorts(const QList<docker::PublishedPort> &ports)
{
    QList<BoundPort> out;
    for (const docker::PublishedPort &p : ports)
        if (p.hostPort != 0)
            out.append(BoundPort{p.containerPort, p.protocol, p.hostIp, p.hostPort});
    return out;
}

} // namespace

DockerRuntime::DockerRuntime(docker::DockerClient &client, const DockerRuntimeOptions &options, QObject *parent)
    : ContainerRuntime(parent), m_client(client), m_options(options)
{
    docker::EventSubscription::Options eo;
    eo.filters.insert(QStringLiteral("type"), {QStringLiteral("container")});
    eo.filters.insert(QStringLiteral("event"), {QStringLiteral("start"), QStringLiteral("die"),
                                                QStringLiteral("health_status"), QStringLiteral("destroy")});
    if (!m_options.labelFilter.isEmpty())
        eo.filters.insert(QStringLiteral("label"), m_options.labelFilter);
    m_events = m_client.subscribeEvents(eo);
    connect(m_events.get(), &docker::EventSubscription::event, this, &DockerRuntime::onEvent);
    connect(m_events.get(), &docker::EventSubscription::connected, this, &DockerRuntime::watching);
    connect(m_events.get(), &docker::EventSubscription::resyncNeeded, this, &DockerRuntime::resyncNeeded);
    connect(m_events.get(), &docker::EventSubscription::disconnected, this, [this](const QString &reason) {
        qCWarning(lcRuntime) << "docker runtime: event stream of" << m_client.endpoint() << "lost:" << reason;
    });
}

DockerRuntime::~DockerRuntime() = default;

bool DockerRuntime::isWatching() const
{
    return m_events && m_events->isConnected();
}

docker::ContainerCreateSpec DockerRuntime::toCreateSpec(const ContainerRunSpec &spec)
{
    docker::ContainerCreateSpec c;
    c.name = spec.name;
    c.image = spec.image;
    c.env = spec.env;
    c.cmd = spec.command;
    c.entrypoint = spec.entryPoint;
    c.labels = spec.labels;
    // ECS agent >= 1.2.0: null, 0 and 1 CPU units are passed as 2 shares (the kernel's minimum);
    // 0 would give Docker's default weight of 1024.
    c.cpuShares = std::max(2, spec.cpuUnits);
    c.memoryBytes = qint64(std::max(0, spec.memoryMiB)) * kMiB;
    c.memoryReservationBytes = qint64(std::max(0, spec.memoryReservationMiB)) * kMiB;
    const QString hostIp = spec.hostIp.isEmpty() ? QStringLiteral("127.0.0.1") : spec.hostIp;
    for (const PortSpec &p : spec.ports) {
        c.portBindings.append(docker::PortBinding{
            p.containerPort, p.protocol.isEmpty() ? QStringLiteral("tcp") : p.protocol.toLower(), hostIp, p.hostPort});
    }
    if (spec.healthCheck && !spec.healthCheck->command.isEmpty()) {
        const HealthCheckSpec &h = *spec.healthCheck;
        c.healthcheck = docker::HealthcheckSpec{h.command, h.interval, h.timeout, h.startPeriod, h.retries};
    } else {
        c.healthcheck = docker::HealthcheckSpec{{QStringLiteral("NONE")}, {}, {}, {}, 0};
    }
    c.stopTimeout = int(spec.stopTimeout.value_or(kDefaultStopTimeout).count());
    c.network = spec.network;
    c.networkAliases = spec.networkAliases;
    c.dns = spec.dnsServers;
    return c;
}

ContainerState DockerRuntime::toState(const ContainerInspect &inspect)
{
    ContainerState s;
    s.id = inspect.id;
    s.name = inspect.name;
    s.image = inspect.image;
    s.status = containerStatusFromDocker(inspect.state.status);
    s.exitCode = inspect.state.exitCode;
    s.oomKilled = inspect.state.oomKilled;
    if (inspect.state.health)
        s.health = healthStatusFromDocker(inspect.state.health->status);
    s.startedAt = inspect.state.startedAt;
    if (s.status == ContainerStatus::Exited)
        s.finishedAt = inspect.state.finishedAt;
    s.ports = boundPorts(inspect.ports);
    s.labels = inspect.labels;
    s.error = inspect.state.error;
    if (s.status == ContainerStatus::Running)
        s.pid = int(inspect.state.pid);
    if (s.oomKilled && s.error.isEmpty())
        s.error = QStringLiteral("OutOfMemoryError: Container killed due to memory usage");
    return s;
}

ContainerState DockerRuntime::toState(const ContainerSummary &summary)
{
    static const QRegularExpression exited(QStringLiteral("^Exited \\((-?\\d+)\\)"));
    ContainerState s;
    s.id = summary.id;
    s.name = summary.names.value(0);
    s.image = summary.image;
    s.status = containerStatusFromDocker(summary.state);
    if (const QRegularExpressionMatch m = exited.match(summary.status); m.hasMatch())
        s.exitCode = m.captured(1).toInt();
    if (s.status == ContainerStatus::Running) {
        if (summary.status.contains(u"(healthy)"))
            s.health = HealthStatus::Healthy;
        else if (summary.status.contains(u"(unhealthy)"))
            s.health = HealthStatus::Unhealthy;
        s.ports = boundPorts(summary.ports);
    }
    s.labels = summary.labels;
    return s;
}

Pending<RunningContainer> DockerRuntime::runContainer(const ContainerRunSpec &spec)
{
    Promise<RunningContainer> promise;
    const docker::ContainerCreateSpec create = toCreateSpec(spec);
    m_client.inspectImage(create.image).then(this, [this, promise, create](const Result<docker::ImageInspect> &image) {
        if (!image) {
            promise.resolve(image.error().code == errc::NotFound ? pullError(create.image, m_client.endpoint())
                                                                 : image.error());
            return;
        }
        m_client.createContainer(create).then(
            this, [this, promise, create](const Result<docker::CreatedContainer> &created) {
                if (!created) {
                    promise.resolve(createError(created.error(), create, m_client.endpoint()));
                    return;
                }
                const QString id = created->id;
                m_client.startContainer(id).then(this, [this, promise, id](const Result<Ok> &started) {
                    if (!started) {
                        const Error e = startError(started.error());
                        discard(id, e.message);
                        promise.resolve(e);
                        return;
                    }
                    m_client.inspectContainer(id).then(this, [this, promise, id](const Result<ContainerInspect> &r) {
                        if (!r) {
                            discard(id, r.error().message);
                            promise.resolve(r.error());
                            return;
                        }
                        qCDebug(lcRuntime) << "docker runtime: running" << r->name << id.left(12);
                        promise.resolve(RunningContainer{id, r->name, boundPorts(r->ports), r->state.startedAt});
                    });
                });
            });
    });
    return promise.pending();
}

void DockerRuntime::discard(const QString &id, const QString &why)
{
    qCInfo(lcRuntime) << "docker runtime: removing" << id.left(12) << "which did not start:" << why;
    m_client.removeContainer(id, true, true).then(this, [id](const Result<Ok> &r) {
        if (!r && r.error().code != errc::NotFound)
            qCWarning(lcRuntime) << "docker runtime: could not remove" << id.left(12) << ":" << r.error().message;
    });
}

Pending<Ok> DockerRuntime::stopContainer(const QString &id, std::optional<std::chrono::seconds> grace)
{
    return m_client.stopContainer(id, grace);
}

Pending<Ok> DockerRuntime::removeContainer(const QString &id, bool force)
{
    return m_client.removeContainer(id, force, true);
}

Pending<ContainerState> DockerRuntime::inspect(const QString &id)
{
    Promise<ContainerState> promise;
    m_client.inspectContainer(id).then(this, [promise](const Result<ContainerInspect> &r) {
        promise.resolve(r ? Result<ContainerState>(toState(*r)) : Result<ContainerState>(r.error()));
    });
    return promise.pending();
}

Pending<QList<ContainerState>> DockerRuntime::list(const QStringList &labelFilter)
{
    Promise<QList<ContainerState>> promise;
    docker::ContainerListQuery q;
    q.all = true;
    q.labels = labelFilter;
    m_client.listContainers(q).then(this, [promise](const Result<QList<ContainerSummary>> &r) {
        if (!r) {
            promise.resolve(r.error());
            return;
        }
        QList<ContainerState> out;
        out.reserve(r->size());
        for (const ContainerSummary &s : *r)
            out.append(toState(s));
        promise.resolve(std::move(out));
    });
    return promise.pending();
}

Pending<ContainerUsage> DockerRuntime::usage(const QString &id)
{
    Promise<ContainerUsage> promise;
    m_client.statsOnce(id).then(this, [this, id, promise](const Result<ContainerStats> &r) {
        if (!r) {
            promise.resolve(r.error());
            return;
        }
        if (r->isEmpty()) {
            m_lastStats.remove(id);
            promise.resolve(makeError(QString(errc::Conflict), QStringLiteral("Container %1 is not running").arg(id)));
            return;
        }
        // CPU% needs two samples: diff against the previous call's when it is recent enough,
        // otherwise take a second one a little later.
        const auto previous = m_lastStats.constFind(id);
        if (previous != m_lastStats.cend() && previous->read.isValid() && previous->read < r->read &&
            previous->read.msecsTo(r->read) <= m_options.usageSampleMaxAge.count()) {
            const ContainerStats first = *previous;
            m_lastStats.insert(id, *r);
            finishUsage(id, first, promise);
            return;
        }
        const ContainerStats first = *r;
        QTimer::singleShot(m_options.usageSampleGap, this, [this, id, first, promise] {
            m_client.statsOnce(id).then(this, [this, id, first, promise](const Result<ContainerStats> &second) {
                if (!second) {
                    promise.resolve(second.error());
                    return;
                }
                if (second->isEmpty()) {
                    promise.resolve(
                        makeError(QString(errc::Conflict), QStringLiteral("Container %1 is not running").arg(id)));
                    return;
                }
                m_lastStats.insert(id, *second);
                finishUsage(id, first, promise);
            });
        });
    });
    return promise.pending();
}

Pending<QString> DockerRuntime::createTaskNetwork(const QString &name, const Labels &labels)
{
    const auto inFlight = m_creatingNetworks.constFind(name);
    if (inFlight != m_creatingNetworks.cend() && inFlight->first == labels)
        return inFlight->second;
    Promise<QString> promise;
    if (inFlight == m_creatingNetworks.cend()) { // other labels: no joining, the engine will say Conflict
        m_creatingNetworks.insert(name, {labels, promise.pending()});
        promise.pending().then(this, [this, name](const Result<QString> &) { m_creatingNetworks.remove(name); });
    }
    docker::NetworkCreateSpec spec;
    spec.name = name;
    spec.labels = labels;
    m_client.createNetwork(spec).then(this, [this, promise, name, labels](const Result<docker::CreatedNetwork> &r) {
        if (r) {
            qCDebug(lcRuntime) << "docker runtime: created network" << name << r->id.left(12);
            // The engine's duplicate check misses a network still being created, e.g. by an
            // earlier process killed mid-request. Of several with this name and these labels every
            // process keeps the same one (the smallest id) and removes the others.
            QStringList filter;
            for (auto it = labels.cbegin(); it != labels.cend(); ++it)
                filter.append(it.key() + u'=' + it.value());
            const QString created = r->id;
            m_client.listNetworks(filter).then(
                this, [this, promise, name, labels, created](const Result<QList<docker::NetworkSummary>> &listed) {
                    QStringList ids;
                    if (listed) {
                        for (const docker::NetworkSummary &n : *listed) {
                            if (n.name == name && n.labels == labels)
                                ids.append(n.id);
                        }
                    }
                    if (ids.size() < 2)
                        return promise.resolve(created);
                    std::sort(ids.begin(), ids.end());
                    for (qsizetype i = 1; i < ids.size(); ++i) {
                        qCInfo(lcRuntime) << "docker runtime: removing duplicate network" << name << ids[i].left(12);
                        m_client.removeNetwork(ids[i]);
                    }
                    promise.resolve(ids.front());
                });
            return;
        }
        if (r.error().code != errc::Conflict) {
            promise.resolve(r.error());
            return;
        }
        // There already is one of that name: ours from an earlier attempt when its labels are the
        // same. (The engine's name filter matches parts of names; the label filter is exact.)
        const Error conflict = r.error();
        QStringList filter;
        for (auto it = labels.cbegin(); it != labels.cend(); ++it)
            filter.append(it.key() + u'=' + it.value());
        m_client.listNetworks(filter).then(
            this, [promise, name, labels, conflict](const Result<QList<docker::NetworkSummary>> &listed) {
                if (!listed) {
                    promise.resolve(listed.error());
                    return;
                }
                for (const docker::NetworkSummary &n : *listed) {
                    if (n.name == name && n.labels == labels) {
                        qCDebug(lcRuntime) << "docker runtime: network" << name << "exists already" << n.id.left(12);
                        promise.resolve(n.id);
                        return;
                    }
                }
                promise.resolve(makeError(QString(errc::Conflict),
                                          conflict.message + QStringLiteral(" (with other labels)"),
                                          QStringLiteral("network")));
            });
    });
    return promise.pending();
}

Pending<Ok> DockerRuntime::removeTaskNetwork(const QString &name)
{
    Promise<Ok> promise;
    m_client.removeNetwork(name).then(this, [this, promise, name](const Result<Ok> &r) {
        if (r || r.error().code == errc::NotFound) {
            promise.resolve(Ok{});
            return;
        }
        if (!r.error().message.contains(u"ambiguous")) {
            promise.resolve(r);
            return;
        }
        // Several networks of that name (made by racing creates): remove each by its id.
        m_client.listNetworks().then(this, [this, promise, name](const Result<QList<docker::NetworkSummary>> &listed) {
            if (!listed) {
                promise.resolve(listed.error());
                return;
            }
            QStringList ids;
            for (const docker::NetworkSummary &n : *listed)
                if (n.name == name)
                    ids.append(n.id);
            qCInfo(lcRuntime) << "docker runtime: removing" << ids.size() << "networks named" << name;
            auto pending = std::make_shared<int>(int(ids.size()));
            auto firstError = std::make_shared<std::optional<Error>>();
            if (ids.isEmpty())
                promise.resolve(Ok{});
            for (const QString &id : std::as_const(ids)) {
                m_client.removeNetwork(id).then(this, [promise, pending, firstError](const Result<Ok> &removed) {
                    if (!removed && removed.error().code != errc::NotFound && !*firstError)
                        *firstError = removed.error();
                    if (--*pending == 0)
                        promise.resolve(*firstError ? Result<Ok>(**firstError) : Result<Ok>(Ok{}));
                });
            }
        });
    });
    return promise.pending();
}

Pending<QList<QString>> DockerRuntime::listTaskNetworks(const QStringList &labelFilter)
{
    Promise<QList<QString>> promise;
    m_client.listNetworks(labelFilter).then(this, [promise](const Result<QList<docker::NetworkSummary>> &r) {
        if (!r) {
            promise.resolve(r.error());
            return;
        }
        QList<QString> names;
        names.reserve(r->size());
        for (const docker::NetworkSummary &n : *r)
            names.append(n.name);
        names.sort();
        names.removeDuplicates(); // racing creates can leave two of one name
        promise.resolve(std::move(names));
    });
    return promise.pending();
}

void DockerRuntime::finishUsage(const QString &id, const ContainerStats &first, const Promise<ContainerUsage> &promise)
{
    const ContainerStats &current = m_lastStats[id];
    ContainerUsage u;
    const double cpu = ContainerStats::cpuPercent(first, current);
    u.cpuPercent = std::isnan(cpu) ? 0.0 : cpu;
    u.memoryBytes = current.memoryUsed();
    u.at = current.read;
    promise.resolve(u);
}

void DockerRuntime::onEvent(const docker::DockerEvent &event)
{
    if (event.type != u"container" || event.id.isEmpty())
        return;
    const QString &id = event.id;
    if (event.action == u"die") {
        if (m_exited.contains(id))
            return;
        m_exited.insert(id);
        bool ok = false;
        const int code = event.attributes.value(QStringLiteral("exitCode")).toInt(&ok);
        emit containerExited(id, ok ? code : -1);
    } else if (event.action.startsWith(u"health_status")) {
        const HealthStatus health = healthStatusFromDocker(event.healthStatus());
        if (health == HealthStatus::Unknown || m_health.value(id, HealthStatus::Unknown) == health)
            return;
        m_health.insert(id, health);
        emit healthChanged(id, health);
    } else if (event.action == u"start") {
        m_exited.remove(id); // started again (by hand): its next exit is news
        m_health.remove(id);
    } else if (event.action == u"destroy") {
        m_exited.remove(id);
        m_health.remove(id);
        m_lastStats.remove(id);
    }
}

} // namespace fd::runtime
