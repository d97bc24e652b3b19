#pragma once

// How a task's container definition becomes what a ContainerRuntime runs, and how the runtime's
// answers read back in the task's terms. Pure translation: no control plane, no engine.

#include "model/Task.h"
#include "model/TaskDefinition.h"
#include "runtime/RuntimeTypes.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace fd::tasks {

/// The container definition `name` of `td`; nullptr when there is none.
const ContainerDefinition *definitionOf(const TaskDefinition &td, const QString &name);

/// The fleetdeck.* labels of the task's containers (`container` empty: of the task's network).
runtime::Labels taskLabels(const Task &task, const QString &container);

/// The definition turned into a run spec, with RunTask's overrides applied, the FLEETDECK_* task
/// metadata in the environment, ports published on `hostIp`, and on a task network the container
/// known by its name and by the aliases other containers' links give it.
runtime::ContainerRunSpec runSpecFor(const Task &task, const TaskDefinition &td, const ContainerDefinition &d,
                                     const QString &hostIp, const QString &region);

/// Aliases other containers give `name` through their links ("name:alias").
QStringList linkAliasesOf(const TaskDefinition &td, const QString &name);

QList<NetworkBinding> bindingsOf(const QList<runtime::BoundPort> &ports);
Health healthOf(runtime::HealthStatus health);

} // namespace fd::tasks
