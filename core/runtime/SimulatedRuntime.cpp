#include "runtime/SimulatedRuntime.h"

// SimulatedRuntime's ContainerRuntime interface and what the simulation is told. The work queue
// (starts, health, exits) is in SimulatedRuntimeWork.cpp, the host port table in SimulatedHostPorts.

#include "runtime/RuntimeLogging.h"

#include <algorithm>
#include <utility>

namespace fd::runtime {

namespace {

constexpr qint64 kMiB = 1024 * 1024;

/// `*` matches any run of characters (slashes included), `?` any one character.
bool globMatch(QStringView pattern, QStringView text)
{
    qsizetype p = 0;
    qsizetype t = 0;
    qsizetype star = -1;
    qsizetype mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == u'?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == u'*') {
            star = p++;
            mark = t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == u'*')
        ++p;
    return p == pattern.size();
}

bool matches(const QString &pattern, const QString &text)
{
    return pattern.isEmpty() || globMatch(pattern, text);
}

const char *kindName(FailureRule::Kind kind)
{
    switch (kind) {
    case FailureRule::Kind::FailToStart:
        return "fail to start";
    case FailureRule::Kind::ExitAfter:
        return "exit after";
    case FailureRule::Kind::UnhealthyAfter:
        return "unhealthy after";
    }
    return "?";
}

Error noSuchContainer(const QString &id)
{
    return makeError(QString(errc::NotFound), QStringLiteral("No such container: %1").arg(id));
}

} // namespace

SimulatedRuntime::SimulatedRuntime(const Clock &clock, const SimulationOptions &options, QObject *parent)
    : ContainerRuntime(parent), m_clock(clock), m_options(options), m_rng(options.seed)
{
    if (m_options.dynamicPortFirst == 0 || m_options.dynamicPortLast < m_options.dynamicPortFirst) {
        qCWarning(lcRuntime) << "simulated runtime: invalid dynamic port range" << m_options.dynamicPortFirst << "-"
                             << m_options.dynamicPortLast << "; using 49153-65535";
        m_options.dynamicPortFirst = 49153;
        m_options.dynamicPortLast = 65535;
    }
    m_hostPorts.setDynamicRange(m_options.dynamicPortFirst, m_options.dynamicPortLast);
    connect(&m_timer, &QTimer::timeout, this, &SimulatedRuntime::tick);
    if (m_options.tickInterval.count() > 0) {
        m_timer.setInterval(m_options.tickInterval);
        m_timer.start();
    }
}

SimulatedRuntime::~SimulatedRuntime() = default;

qint64 SimulatedRuntime::nowMs() const
{
    return m_clock.now().toMSecsSinceEpoch();
}

QString SimulatedRuntime::newId()
{
    // 64 hex digits, like a Docker container id.
    static constexpr char16_t digits[] = u"0123456789abcdef";
    QString id(64, Qt::Uninitialized);
    QChar *out = id.data();
    for (int i = 0; i < 4; ++i) {
        quint64 v = m_rng();
        for (int d = 15; d >= 0; --d, v >>= 4)
            out[i * 16 + d] = QChar(digits[v & 0xf]);
    }
    return id;
}

double SimulatedRuntime::noise(double amplitude)
{
    if (amplitude <= 0)
        return 0;
    return std::uniform_real_distribution<double>(-amplitude, amplitude)(m_rng);
}

const ImageProfile &SimulatedRuntime::profileFor(const QString &image) const
{
    const auto it = m_profiles.constFind(image);
    return it != m_profiles.cend() ? *it : m_defaultProfile;
}

void SimulatedRuntime::schedule(qint64 due, const QString &id, WorkKind kind, quint32 generation, int code)
{
    m_queue.push(Work{due, m_sequence++, id, kind, generation, code});
}

// ---- the interface --------------------------------------------------------------------------

Pending<RunningContainer> SimulatedRuntime::runContainer(const ContainerRunSpec &spec)
{
    const qint64 now = nowMs();
    if (m_images && !m_images->contains(spec.image)) {
        return docker::makeReadyPending<RunningContainer>(
            makeError(QString(errc::CannotPullContainerError),
                      QStringLiteral("CannotPullContainerError: %1: no such image in the simulated runtime, and no "
                                     "registry to pull it from")
                          .arg(spec.image),
                      QStringLiteral("image")));
    }

    if (!spec.network.isEmpty() && !m_networks.contains(spec.network)) {
        // Docker creates the container and fails its start; the run leaves nothing behind either way.
        return docker::makeReadyPending<RunningContainer>(
            makeError(QString(errc::CannotStartContainerError),
                      QStringLiteral("CannotStartContainerError: network %1 not found").arg(spec.network),
                      QStringLiteral("network")));
    }

    Container c;
    c.id = newId();
    c.name = spec.name.isEmpty() ? QStringLiteral("sim-") + c.id.left(12) : spec.name;
    if (const auto other = m_idByName.constFind(c.name); other != m_idByName.cend()) {
        return docker::makeReadyPending<RunningContainer>(makeError(
            QString(errc::Conflict),
            QStringLiteral("Conflict. The container name \"/%1\" is already in use by container \"%2\". You have "
                           "to remove (or rename) that container to be able to reuse that name.")
                .arg(c.name, *other),
            QStringLiteral("name")));
    }
    c.image = spec.image;
    c.labels = spec.labels;
    c.hostIp = spec.hostIp.isEmpty() ? QStringLiteral("127.0.0.1") : spec.hostIp;
    c.network = spec.network;
    if (auto error = allocatePorts(c, spec.ports))
        return docker::makeReadyPending<RunningContainer>(std::move(*error));
    if (!c.network.isEmpty())
        ++m_networks.find(c.network)->attached; // it exists: checked above

    c.healthCheck = spec.healthCheck;
    if (c.healthCheck && c.healthCheck->command.value(0) == u"NONE")
        c.healthCheck.reset();
    c.memoryLimitMiB = spec.memoryMiB;
    c.stopTimeout = spec.stopTimeout;
    c.profile = profileFor(spec.image);
    for (const auto &[ruleId, rule] : std::as_const(m_failures)) {
        if (!matches(rule.image, c.image) || !matches(rule.name, c.name))
            continue;
        switch (rule.kind) {
        case FailureRule::Kind::FailToStart:
            if (!c.startFailure)
                c.startFailure = rule.message;
            break;
        case FailureRule::Kind::ExitAfter:
            if (c.exitAfterMs < 0) {
                c.exitAfterMs = std::max<qint64>(0, rule.after.count());
                c.exitAfterCode = rule.exitCode;
            }
            break;
        case FailureRule::Kind::UnhealthyAfter:
            if (c.unhealthyAfterMs < 0)
                c.unhealthyAfterMs = std::max<qint64>(0, rule.after.count());
            break;
        }
    }

    qint64 latency = std::max<qint64>(0, m_options.startLatency.count());
    if (m_options.startJitter.count() > 0)
        latency += std::uniform_int_distribution<qint64>(0, m_options.startJitter.count())(m_rng);

    Promise<RunningContainer> promise;
    c.started = promise;
    schedule(now + latency, c.id, WorkKind::Start);
    m_idByName.insert(c.name, c.id);
    m_containers.insert(c.id, std::move(c));
    return promise.pending();
}

Pending<Ok> SimulatedRuntime::stopContainer(const QString &id, std::optional<std::chrono::seconds> grace)
{
    const auto it = m_containers.find(id);
    if (it == m_containers.end())
        return docker::makeReadyPending<Ok>(noSuchContainer(id));
    Container &c = *it;
    if (c.status == ContainerStatus::Exited)
        return docker::makeReadyPending<Ok>(Ok{});
    if (c.status == ContainerStatus::Created) {
        cancelStart(c, QStringLiteral("the container was stopped before it started"));
        return docker::makeReadyPending<Ok>(Ok{});
    }

    Promise<Ok> promise;
    c.stopWaiters.append(promise);
    if (!c.stopping) {
        c.stopping = true;
        const std::chrono::seconds g = grace ? *grace : c.stopTimeout.value_or(m_options.defaultStopTimeout);
        const qint64 graceMs = std::max<qint64>(0, std::chrono::milliseconds(g).count());
        const qint64 now = nowMs();
        // SIGTERM: a process that handles it exits after stopLatency (unless the grace is shorter);
        // one that ignores it gets SIGKILL when the grace period ends.
        if (c.profile.handlesSigterm && m_options.stopLatency.count() < graceMs)
            schedule(now + m_options.stopLatency.count(), c.id, WorkKind::Exit, 0, c.profile.sigtermExitCode);
        else
            schedule(now + graceMs, c.id, WorkKind::Exit, 0, 137);
    }
    return promise.pending();
}

Pending<Ok> SimulatedRuntime::removeContainer(const QString &id, bool force)
{
    auto it = m_containers.find(id);
    if (it == m_containers.end())
        return docker::makeReadyPending<Ok>(noSuchContainer(id));
    if (it->status == ContainerStatus::Created) {
        cancelStart(*it, QStringLiteral("the container was removed before it started"));
        return docker::makeReadyPending<Ok>(Ok{});
    }
    if (it->status == ContainerStatus::Running) {
        if (!force) {
            return docker::makeReadyPending<Ok>(
                makeError(QString(errc::Conflict),
                          QStringLiteral("You cannot remove a running container %1. Stop the container before "
                                         "attempting removal or force remove")
                              .arg(id)));
        }
        exitContainer(id, nowMs(), 137, false); // emits containerExited; a slot may remove it already
        it = m_containers.find(id);
        if (it == m_containers.end())
            return docker::makeReadyPending<Ok>(Ok{});
    }
    m_idByName.remove(it->name);
    m_containers.erase(it);
    return docker::makeReadyPending<Ok>(Ok{});
}

Pending<ContainerState> SimulatedRuntime::inspect(const QString &id)
{
    const auto it = m_containers.constFind(id);
    if (it == m_containers.cend())
        return docker::makeReadyPending<ContainerState>(noSuchContainer(id));
    return docker::makeReadyPending<ContainerState>(stateOf(*it));
}

Pending<QList<ContainerState>> SimulatedRuntime::list(const QStringList &labelFilter)
{
    QList<ContainerState> out;
    for (const Container &c : std::as_const(m_containers))
        if (labelsMatch(c.labels, labelFilter))
            out.append(stateOf(c));
    std::sort(out.begin(), out.end(), [](const ContainerState &a, const ContainerState &b) { return a.name < b.name; });
    return docker::makeReadyPending<QList<ContainerState>>(std::move(out));
}

Pending<ContainerUsage> SimulatedRuntime::usage(const QString &id)
{
    const auto it = m_containers.constFind(id);
    if (it == m_containers.cend())
        return docker::makeReadyPending<ContainerUsage>(noSuchContainer(id));
    if (it->status != ContainerStatus::Running) {
        return docker::makeReadyPending<ContainerUsage>(
            makeError(QString(errc::Conflict), QStringLiteral("Container %1 is not running").arg(id)));
    }
    const auto [cpuPercent, mib] =
        usageNow(*it, runningPerTask().value(it->labels.value(QStringLiteral("fleetdeck.task")), 1));
    ContainerUsage u;
    u.cpuPercent = cpuPercent;
    u.memoryBytes = quint64(mib * kMiB);
    u.at = m_clock.now();
    return docker::makeReadyPending<ContainerUsage>(u);
}

// ---- task networks ------------------------------------------------------------------------------

Pending<QString> SimulatedRuntime::createTaskNetwork(const QString &name, const Labels &labels)
{
    if (const auto it = m_networks.constFind(name); it != m_networks.cend()) {
        if (it->labels == labels)
            return docker::makeReadyPending<QString>(it->id); // a retry: the one made before
        return docker::makeReadyPending<QString>(
            makeError(QString(errc::Conflict),
                      QStringLiteral("network with name %1 already exists (with other labels)").arg(name),
                      QStringLiteral("network")));
    }
    const QString id = newId();
    m_networks.insert(name, Network{id, labels});
    return docker::makeReadyPending<QString>(id);
}

Pending<Ok> SimulatedRuntime::removeTaskNetwork(const QString &name)
{
    const auto it = m_networks.constFind(name);
    if (it == m_networks.cend())
        return docker::makeReadyPending<Ok>(Ok{});
    // Like Docker: containers that are starting or running hold an endpoint on it; exited ones not.
    if (it->attached > 0) {
        return docker::makeReadyPending<Ok>(makeError(
            QString(errc::Conflict),
            QStringLiteral("error while removing network: network %1 id %2 has active endpoints").arg(name, it->id),
            QStringLiteral("network")));
    }
    m_networks.erase(it);
    return docker::makeReadyPending<Ok>(Ok{});
}

Pending<QList<QString>> SimulatedRuntime::listTaskNetworks(const QStringList &labelFilter)
{
    QList<QString> names;
    for (auto it = m_networks.cbegin(); it != m_networks.cend(); ++it)
        if (labelsMatch(it->labels, labelFilter))
            names.append(it.key());
    names.sort();
    return docker::makeReadyPending<QList<QString>>(std::move(names));
}

// ---- what the simulation is told --------------------------------------------------------------

void SimulatedRuntime::setAvailableImages(std::optional<QSet<QString>> images)
{
    m_images = std::move(images);
}

void SimulatedRuntime::setServiceLoad(const QString &cluster, const QString &service, const SimulatedLoad &load)
{
    const QString key = cluster + u'/' + service;
    if (load.isZero())
        m_loads.remove(key);
    else
        m_loads.insert(key, load);
    qCInfo(lcRuntime) << "simulated load of service" << key << ":" << load.cpuUnitsPerTask << "CPU units and"
                      << load.memoryMiBPerTask << "MiB per task";
}

SimulatedLoad SimulatedRuntime::serviceLoad(const QString &cluster, const QString &service) const
{
    return m_loads.value(cluster + u'/' + service);
}

void SimulatedRuntime::setImageProfile(const QString &image, const ImageProfile &profile)
{
    m_profiles.insert(image, profile);
}

void SimulatedRuntime::setDefaultProfile(const ImageProfile &profile)
{
    m_defaultProfile = profile;
}

int SimulatedRuntime::addFailure(const FailureRule &rule)
{
    const int id = m_nextRuleId++;
    m_failures.append({id, rule});
    qCInfo(lcRuntime) << "simulated runtime: failure injected for image"
                      << (rule.image.isEmpty() ? QStringLiteral("*") : rule.image) << "name"
                      << (rule.name.isEmpty() ? QStringLiteral("*") : rule.name) << ":" << kindName(rule.kind)
                      << rule.after.count() << "ms";
    return id;
}

void SimulatedRuntime::removeFailure(int ruleId)
{
    m_failures.removeIf([ruleId](const QPair<int, FailureRule> &r) { return r.first == ruleId; });
}

void SimulatedRuntime::clearFailures()
{
    m_failures.clear();
}

bool SimulatedRuntime::makeUnhealthy(const QString &id)
{
    const auto it = m_containers.find(id);
    if (it == m_containers.end() || it->status != ContainerStatus::Running || !it->healthCheck)
        return false;
    const qint64 now = nowMs();
    if (it->failProbesFromMs >= 0 && it->failProbesFromMs <= now + 1)
        return true;                // already failing
    it->failProbesFromMs = now + 1; // the probes after now fail
    scheduleHealth(*it);
    return true;
}

bool SimulatedRuntime::makeExit(const QString &id, int exitCode)
{
    const auto it = m_containers.constFind(id);
    if (it == m_containers.cend() || it->status != ContainerStatus::Running)
        return false;
    exitContainer(id, nowMs(), exitCode, false);
    return true;
}

// ---- host ports -------------------------------------------------------------------------------

std::optional<Error> SimulatedRuntime::allocatePorts(Container &c, const QList<PortSpec> &specs)
{
    Result<QList<BoundPort>> bound = m_hostPorts.allocate(c.hostIp, c.name, c.id, specs);
    if (!bound)
        return bound.error();
    c.ports = std::move(*bound);
    return std::nullopt;
}

void SimulatedRuntime::releasePorts(Container &c)
{
    m_hostPorts.release(c.hostIp, c.ports);
    c.ports.clear();
}

} // namespace fd::runtime
