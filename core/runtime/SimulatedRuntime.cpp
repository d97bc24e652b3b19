#include "runtime/SimulatedRuntime.h"

#include "runtime/RuntimeLogging.h"

#include <algorithm>
#include <utility>

namespace fd::runtime {

namespace {

constexpr quint32 kUdpBit = 0x10000;
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

/// ceil(a / b) for b > 0, and 0 for a <= 0.
qint64 ceilDiv(qint64 a, qint64 b)
{
    return a <= 0 ? 0 : (a + b - 1) / b;
}

QDateTime timeOf(qint64 ms)
{
    return ms < 0 ? QDateTime() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QString normalisedProtocol(const QString &protocol)
{
    // Shared strings for the usual values: 30,000 containers need not carry 30,000 copies of "tcp".
    static const QString tcp = QStringLiteral("tcp");
    static const QString udp = QStringLiteral("udp");
    if (protocol.isEmpty() || protocol.compare(tcp, Qt::CaseInsensitive) == 0)
        return tcp;
    if (protocol.compare(udp, Qt::CaseInsensitive) == 0)
        return udp;
    return protocol.toLower();
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
    const ImageProfile &p = it->profile;
    ContainerUsage u;
    u.cpuPercent = std::max(0.0, p.cpuPercent + noise(p.cpuNoise));
    double mib = std::max(0.0, p.memoryMiB + noise(p.memoryNoiseMiB));
    if (it->memoryLimitMiB > 0)
        mib = std::min(mib, double(it->memoryLimitMiB));
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

// ---- the work queue ---------------------------------------------------------------------------

void SimulatedRuntime::tick()
{
    if (m_ticking)
        return; // a slot connected to one of our signals called tick(): the outer loop carries on
    m_ticking = true;
    const qint64 now = nowMs();
    // Work queued while processing (a slot running another container with zero latency) and due
    // by now is processed in this same call.
    while (!m_queue.empty() && m_queue.top().due <= now) {
        const Work w = m_queue.top();
        m_queue.pop();
        process(w);
    }
    m_ticking = false;
}

void SimulatedRuntime::process(const Work &w)
{
    switch (w.kind) {
    case WorkKind::Start:
        finishStart(w.id, w.due);
        return;
    case WorkKind::Exit:
        exitContainer(w.id, w.due, w.code, false);
        return;
    case WorkKind::OomKill:
        exitContainer(w.id, w.due, 137, true);
        return;
    case WorkKind::Healthy:
    case WorkKind::Unhealthy: {
        const auto it = m_containers.find(w.id);
        if (it == m_containers.end() || it->status != ContainerStatus::Running || it->healthGeneration != w.generation)
            return;
        const HealthStatus health = w.kind == WorkKind::Healthy ? HealthStatus::Healthy : HealthStatus::Unhealthy;
        if (it->health == health)
            return;
        it->health = health;
        const QString id = w.id;
        emit healthChanged(id, health);
        return;
    }
    }
}

void SimulatedRuntime::finishStart(const QString &id, qint64 at)
{
    const auto it = m_containers.find(id);
    if (it == m_containers.end() || it->status != ContainerStatus::Created || !it->started)
        return;
    Container &c = *it;
    if (c.startFailure) {
        const Promise<RunningContainer> promise = *c.started;
        const QString message = QString(errc::CannotStartContainerError) + QStringLiteral(": ") + *c.startFailure;
        qCInfo(lcRuntime) << "simulated runtime:" << c.name << "failed to start (injected):" << message;
        releasePorts(c);
        detachFromNetwork(c);
        m_idByName.remove(c.name);
        m_containers.erase(it);
        promise.resolve(makeError(QString(errc::CannotStartContainerError), message));
        return;
    }

    c.status = ContainerStatus::Running;
    c.startedMs = at;
    c.pid = m_nextPid;
    m_nextPid = m_nextPid >= kLastPid ? kFirstPid : m_nextPid + 1;
    ++m_running;
    if (c.exitAfterMs >= 0)
        schedule(at + c.exitAfterMs, c.id, WorkKind::Exit, 0, c.exitAfterCode);
    // The process grows to its working set; past the hard limit the kernel's OOM killer ends it.
    if (c.memoryLimitMiB > 0 && c.profile.memoryMiB > c.memoryLimitMiB)
        schedule(at + m_options.oomAfter.count(), c.id, WorkKind::OomKill);
    if (c.healthCheck && c.unhealthyAfterMs >= 0)
        c.failProbesFromMs = at + c.unhealthyAfterMs;
    scheduleHealth(c);

    const RunningContainer running{c.id, c.name, c.ports, timeOf(at)};
    const Promise<RunningContainer> promise = *std::exchange(c.started, std::nullopt);
    promise.resolve(running);
}

void SimulatedRuntime::cancelStart(Container &c, const QString &why)
{
    const std::optional<Promise<RunningContainer>> promise = std::exchange(c.started, std::nullopt);
    const QString id = c.id;
    releasePorts(c);
    detachFromNetwork(c);
    m_idByName.remove(c.name);
    m_containers.remove(id); // `c` is gone from here on
    if (promise) {
        promise->resolve(makeError(QString(errc::CannotStartContainerError),
                                   QString(errc::CannotStartContainerError) + QStringLiteral(": ") + why));
    }
}

void SimulatedRuntime::exitContainer(const QString &idRef, qint64 at, int exitCode, bool oomKilled)
{
    const QString id = idRef; // idRef may belong to the container or the queue
    const auto it = m_containers.find(id);
    if (it == m_containers.end() || it->status != ContainerStatus::Running)
        return;
    Container &c = *it;
    c.status = ContainerStatus::Exited;
    c.exitCode = exitCode;
    c.oomKilled = oomKilled;
    c.finishedMs = at;
    c.pid = 0;
    c.stopping = false;
    ++c.healthGeneration; // no verdicts after the exit
    --m_running;
    releasePorts(c);
    detachFromNetwork(c);
    const QList<Promise<Ok>> waiters = std::exchange(c.stopWaiters, {});
    for (const Promise<Ok> &w : waiters)
        w.resolve(Ok{});
    emit containerExited(id, exitCode);
}

void SimulatedRuntime::detachFromNetwork(const Container &c)
{
    if (c.network.isEmpty())
        return;
    if (const auto it = m_networks.find(c.network); it != m_networks.end() && it->attached > 0)
        --it->attached;
}

// Docker's rules (daemon/health.go), probe k at start + k * interval, k >= 1: a passing probe makes
// the container healthy; `retries` failing ones in a row make it unhealthy; while it has never been
// healthy, failures within the start period do not count.
// Worked example: interval 1 s, retries 3, probes failing from 10 s on: probe 1 passes (healthy at
// 1 s), probes 10, 11 and 12 fail, unhealthy at 12 s. Failing from 0.5 s with a start period of
// 5 s: probe 1 fails (never healthy), probes 1-4 fall in the start period, 5, 6, 7 count:
// unhealthy at 7 s.
void SimulatedRuntime::scheduleHealth(Container &c)
{
    ++c.healthGeneration;
    if (!c.healthCheck || c.status != ContainerStatus::Running)
        return;
    const qint64 t0 = c.startedMs;
    const qint64 interval = std::max<qint64>(1, c.healthCheck->interval.count());
    const qint64 retries = std::max(1, c.healthCheck->retries);
    const qint64 startPeriod = std::max<qint64>(0, c.healthCheck->startPeriod.count());
    const qint64 failFrom = c.failProbesFromMs;

    const bool firstProbePasses = failFrom < 0 || t0 + interval < failFrom;
    if (firstProbePasses && c.health == HealthStatus::Unknown)
        schedule(t0 + interval, c.id, WorkKind::Healthy, c.healthGeneration);
    if (failFrom < 0)
        return;
    qint64 firstCounted = std::max<qint64>(1, ceilDiv(failFrom - t0, interval));
    if (!firstProbePasses)
        firstCounted = std::max(firstCounted, ceilDiv(startPeriod, interval));
    schedule(t0 + (firstCounted + retries - 1) * interval, c.id, WorkKind::Unhealthy, c.healthGeneration);
}

ContainerState SimulatedRuntime::stateOf(const Container &c) const
{
    ContainerState s;
    s.id = c.id;
    s.name = c.name;
    s.image = c.image;
    s.status = c.status;
    s.exitCode = c.exitCode;
    s.oomKilled = c.oomKilled;
    s.health = c.health;
    s.startedAt = timeOf(c.startedMs);
    s.finishedAt = timeOf(c.finishedMs);
    s.ports = c.ports;
    s.labels = c.labels;
    s.pid = c.pid;
    if (c.oomKilled)
        s.error = QStringLiteral("OutOfMemoryError: Container killed due to memory usage");
    return s;
}

// ---- host ports -------------------------------------------------------------------------------

bool SimulatedRuntime::portInUse(const QString &hostIp, quint32 key) const
{
    static const QString any = QStringLiteral("0.0.0.0");
    if (const auto it = m_ports.constFind(hostIp); it != m_ports.cend() && it->used.contains(key))
        return true;
    if (hostIp != any) {
        const auto it = m_ports.constFind(any);
        return it != m_ports.cend() && it->used.contains(key);
    }
    // 0.0.0.0 takes the port on every address, so it is free only where no address holds it.
    for (const PortTable &t : m_ports)
        if (t.used.contains(key))
            return true;
    return false;
}

std::optional<Error> SimulatedRuntime::allocatePorts(Container &c, const QList<PortSpec> &specs)
{
    QList<BoundPort> bound;
    bound.reserve(specs.size());
    const auto rollBack = [&] {
        PortTable &table = m_ports[c.hostIp];
        for (const BoundPort &b : std::as_const(bound))
            table.used.remove((b.protocol == u"udp" ? kUdpBit : 0) | b.hostPort);
    };
    const auto failure = [&](quint16 port, const QString &reason) {
        rollBack();
        return makeError(QString(errc::Conflict),
                         QStringLiteral("driver failed programming external connectivity on endpoint %1 (%2): Bind "
                                        "for %3:%4 failed: %5")
                             .arg(c.name, c.id.left(12), c.hostIp)
                             .arg(port)
                             .arg(reason),
                         QStringLiteral("portMappings"));
    };

    const quint32 first = m_options.dynamicPortFirst;
    const quint32 size = quint32(m_options.dynamicPortLast) - first + 1;
    for (const PortSpec &spec : specs) {
        const QString protocol = normalisedProtocol(spec.protocol);
        const quint32 protoBit = protocol == u"udp" ? kUdpBit : 0;
        quint16 port = spec.hostPort;
        if (port != 0) {
            if (portInUse(c.hostIp, protoBit | port))
                return failure(port, QStringLiteral("port is already allocated"));
        } else {
            // Like Docker's port allocator: go on from the port after the last one handed out on
            // this address, wrapping around the range, so a port just released is not reused at once.
            PortTable &table = m_ports[c.hostIp];
            quint16 &next = protoBit ? table.nextUdp : table.nextTcp;
            const quint32 start = next >= first && next <= m_options.dynamicPortLast ? next - first : 0;
            for (quint32 i = 0; i < size && port == 0; ++i) {
                const quint16 candidate = quint16(first + (start + i) % size);
                if (!portInUse(c.hostIp, protoBit | candidate))
                    port = candidate;
            }
            if (port == 0)
                return failure(0, QStringLiteral("all ports are allocated"));
            next = quint16(first + (port - first + 1) % size);
        }
        m_ports[c.hostIp].used.insert(protoBit | port);
        bound.append(BoundPort{spec.containerPort, protocol, c.hostIp, port});
    }
    c.ports = std::move(bound);
    return std::nullopt;
}

void SimulatedRuntime::releasePorts(Container &c)
{
    if (c.ports.isEmpty())
        return;
    PortTable &table = m_ports[c.hostIp];
    for (const BoundPort &b : std::as_const(c.ports))
        table.used.remove((b.protocol == u"udp" ? kUdpBit : 0) | b.hostPort);
    c.ports.clear();
}

} // namespace fd::runtime
