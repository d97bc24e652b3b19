#pragma once

#include "model/Event.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace fd::state {

// Who caused a committed change. The journal keeps it with every transaction, so the timeline
// replay and the console's CLI mirror can tell an API call from a controller's step.
struct Cause
{
    enum class Source {
        System,     ///< start-up, migrations, the engine monitor
        Console,    ///< a click in the console
        Api,        ///< an AWS API request; `detail` is the operation ("RunTask")
        Controller, ///< a controller's step; `detail` names the controller ("service-controller")
    };
    Source source = Source::Console;
    QString detail;

    static Cause system(QString detail = {}) { return {Source::System, std::move(detail)}; }
    static Cause console(QString detail = {}) { return {Source::Console, std::move(detail)}; }
    static Cause api(QString operation) { return {Source::Api, std::move(operation)}; }
    static Cause controller(QString name) { return {Source::Controller, std::move(name)}; }

    // "api:RunTask", "controller:service-controller", "console".
    QString toString() const;
    static Cause fromString(const QString &text);
    bool operator==(const Cause &) const = default;
};

QString toString(Cause::Source source);

// One resource a transaction wrote (or whose derived data it changed, e.g. an instance's usage when
// a task lands on it). Kinds are plain names so a new kind needs no change here: "cluster",
// "task-definition", "engine", "container-instance", "task", "service", "tags", ...
struct Change
{
    enum class Op {
        Put,     ///< created or updated
        Delete,  ///< gone from the store
        Derived, ///< not written; something it shows (counts, usage) changed
    };
    QString kind;
    QString id;
    Op op = Op::Put;
    bool operator==(const Change &) const = default;
};

// What one committed transaction changed, announced once after the commit.
struct ChangeSet
{
    qint64 transactionId = 0; ///< the journal's id; 0 for changes that were not journaled
    QDateTime at;             ///< control-plane time of the commit
    Cause cause;
    QList<Change> changes;    ///< in the order written, each (kind, id, op) once
    QList<Event> events;      ///< the journal events committed with it, with their ids

    bool touches(QStringView kind) const;
    // Ids of `kind` this transaction changed, in order, each once.
    QStringList ids(QStringView kind) const;
    bool isEmpty() const { return changes.isEmpty() && events.isEmpty(); }
};

} // namespace fd::state

Q_DECLARE_METATYPE(fd::state::ChangeSet)
