// Engines: adding them, the agents' connections, and the containers engines report that no task claims.

#include "ops/Engines.h"

#include "registries/InstanceRegistry.h"
#include "registries/TaskRegistry.h"
#include "state/Kinds.h"
#include "state/Transaction.h"

#include <QLoggingCategory>

namespace fd::ops {

using namespace state;

Q_LOGGING_CATEGORY(lcEngines, "fleetdeck.engines")


QList<Engine> Engines::list() const
{
    return m_instanceRegistry->engines();
}

std::optional<Engine> Engines::find(const QString &id) const
{
    const Engine *e = m_instanceRegistry->engine(id);
    return e ? std::optional<Engine>(*e) : std::nullopt;
}

Result<Engine> Engines::add(const QString &id, Engine::Kind kind, const QString &endpoint)
{
    if (!isValidName(id))
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("engine: the name must be 1 to 255 letters, numbers, hyphens and underscores"),
                         QStringLiteral("engine"));
    if (kind == Engine::Kind::Docker && !(endpoint.startsWith(u"unix://") || endpoint.startsWith(u"tcp://") ||
                                          endpoint.startsWith(u"tcp+tls://")))
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("endpoint: must be unix:///path, tcp://host:port or tcp+tls://host:port "
                                        "(got \"%1\")")
                             .arg(endpoint),
                         QStringLiteral("endpoint"));
    if (auto existing = find(id)) {
        if (existing->kind == kind && existing->endpoint == endpoint)
            return *existing;
        return makeError(QStringLiteral("InvalidParameterException"),
                         QStringLiteral("engine: %1 already exists with endpoint %2").arg(id, existing->endpoint),
                         QStringLiteral("engine"));
    }
    Engine e;
    e.id = id;
    e.kind = kind;
    e.endpoint = kind == Engine::Kind::Simulated ? QString() : endpoint;
    e.addedAt = now();
    // A simulated engine is always there; a Docker engine is connected once a probe answers.
    e.connected = kind == Engine::Kind::Simulated;
    e.version = kind == Engine::Kind::Simulated ? QStringLiteral("simulated") : QString();
    if (kind == Engine::Kind::Simulated)
        e.connectionChangedAt = e.addedAt;
    const QString where = kind == Engine::Kind::Simulated ? QStringLiteral("the simulated runtime") : endpoint;
    Transaction tx = begin();
    m_instanceRegistry->stageEngine(tx, e);
    tx.event(makeEvent(kEngineKind, id, QStringLiteral("Engine %1 added (%2).").arg(id, where)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return e;
}

void Engines::setConnection(const QString &engineId, bool connected, const QString &version,
                            const QString &error)
{
    const Engine *e = m_instanceRegistry->engine(engineId);
    if (!e)
        return;
    const bool changed = e->connected != connected || !e->connectionChangedAt.isValid();
    const QStringList affected =
        m_instanceRegistry->setEngineConnection(engineId, connected, version, error, now());
    if (!changed)
        return;
    Transaction tx = observation();
    tx.derived(kEngineKind, engineId);
    for (const QString &id : affected)
        tx.derived(kInstanceKind, id);
    const QString message =
        connected ? QStringLiteral("Engine %1 connected (Docker %2): agent connected on %3 container instance(s).")
                        .arg(engineId, version)
                        .arg(affected.size())
                  : QStringLiteral("Engine %1 unreachable (%2): agent disconnected on %3 container instance(s).")
                        .arg(engineId, error)
                        .arg(affected.size());
    tx.event(makeEvent(kEngineKind, engineId, message));
    if (Status s = commit(std::move(tx)); !s)
        qCWarning(lcEngines) << s.error().message;
}

void Engines::reportManagedContainers(const QString &engineId, const QList<ManagedContainer> &containers)
{
    QList<ManagedContainer> unmatched;
    for (ManagedContainer c : containers) {
        const QString taskId = c.labels.value(QStringLiteral("fleetdeck.task"));
        c.matched = !taskId.isEmpty() && m_taskRegistry->find(taskId);
        if (!c.matched)
            unmatched.append(c);
    }
    bool changed = false;
    const QList<ManagedContainer> fresh = m_instanceRegistry->setUnmatched(engineId, unmatched, &changed);
    if (!changed)
        return;
    // Observed, not stored: the journal keeps the events (one per container, once), memory the list.
    Transaction tx = observation();
    tx.derived(kUnmatchedKind, engineId);
    for (const ManagedContainer &c : fresh) {
        const QString task = c.labels.value(QStringLiteral("fleetdeck.task"), QStringLiteral("?"));
        const QString cluster = c.labels.value(QStringLiteral("fleetdeck.cluster"), QStringLiteral("?"));
        tx.event(makeEvent(kEngineKind, engineId,
                           QStringLiteral("Container %1 (%2, %3) on engine %4 carries Fleetdeck labels (cluster %5, "
                                          "task %6) but matches no task Fleetdeck knows; it was left as it is.")
                               .arg(c.name, c.id.left(12), c.state, engineId, cluster, task)));
    }
    if (Status s = commit(std::move(tx)); !s)
        qCWarning(lcEngines) << s.error().message;
}

QList<ManagedContainer> Engines::unmatchedContainers() const
{
    return m_instanceRegistry->unmatched();
}

} // namespace fd::ops
