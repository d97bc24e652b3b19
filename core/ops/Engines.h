#pragma once

#include "ops/Domain.h"
#include "model/ContainerInstance.h"

#include <QList>

#include <optional>

namespace fd::ops {

// Engines: where container instances run their containers. The local Docker engine is "local".
// What an engine reports (its connection, the containers it runs under Fleetdeck's labels) is
// observed here and journaled as the engine monitor's.
class Engines final : public Domain
{
public:
    Engines(ControlPlane &cp, const Registries &r) : Domain(cp, r) {}

    QList<Engine> list() const;
    std::optional<Engine> find(const QString &id) const;
    Result<Engine> add(const QString &id, Engine::Kind kind, const QString &endpoint);
    // The agent of every instance on the engine follows its connection; journals an event when the
    // state changes.
    void setConnection(const QString &engineId, bool connected, const QString &version, const QString &error);
    // Containers that match no task Fleetdeck knows are kept in unmatchedContainers() and journaled
    // once each; they are never removed by Fleetdeck.
    void reportManagedContainers(const QString &engineId, const QList<ManagedContainer> &containers);
    QList<ManagedContainer> unmatchedContainers() const;
};

} // namespace fd::ops
