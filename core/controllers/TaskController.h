#pragma once

#include "controllers/TaskExecutor.h"
#include "reconcile/ReconcileLoop.h"
#include "state/ChangeSet.h"
#include "runtime/ContainerRuntime.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <map>

namespace fd {

class ControlPlane;
struct ContainerInstance;
struct Engine;
struct TaskDefinition;

// The agent's half of a task, for every task of the control plane: it makes the engine match what
// the task says and reports back what happened. Level-triggered (STYLE.md points 6-9) on one keyed
// ReconcileLoop: a pass over a task reads it, asks the pure planner (tasks/TaskPlanner.h) for the
// one next step and has the TaskExecutor apply it; a step that calls the engine keeps the task in
// flight until the answers are in, so no task is ever stepped twice at once. A restart, a lost
// event or a crash in the middle of a step is handled by the next pass the same way.
//
// Keys of the loop: a task id; "engine:<id>" (adopting what an engine runs before any step there,
// so that nothing starts twice after a restart); "placement" (placing tasks that wait for
// capacity); "purge" (forgetting tasks STOPPED for an hour, with their containers).
//
// A container's engine name is fixed by the task (Task::containers[].runtimeName), so a step that
// is retried after a crash finds the container it created before instead of starting a second
// one. An essential container that exits stops its task ("Essential container in task exited").
class TaskController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskController)

public:
    // The runtime that runs an engine's containers; nullptr while the engine cannot be used.
    using RuntimeFor = std::function<runtime::ContainerRuntime *(const Engine &)>;

    TaskController(ControlPlane &cp, RuntimeFor runtimeFor, QObject *parent = nullptr);
    ~TaskController() override;

    // Passes run as keys come due: on every change of tasks, instances or engines, when an engine
    // step answers, and after a back-off when a step failed. No polling.
    void start();
    void stop();
    // One pass over every task now (tests drive the controller with it).
    void reconcileNow();
    // Steps in flight (tasks waiting for the engine's answers, adoptions).
    int busyTasks() const { return m_loop.inFlightCount(); }

    // The loop: pause, single-step, decisions (reconcile::DecisionLog).
    reconcile::ReconcileLoop &loop() { return m_loop; }

    // Why a DEACTIVATING task may not go on to STOPPING yet (its targets drain); empty: it may.
    using DeactivationHold = std::function<QString(const Task &)>;
    void setDeactivationHold(DeactivationHold hold) { m_deactivationHold = std::move(hold); }
    // Look at the task again now (a hold ended).
    void wake(const QString &taskId) { m_loop.enqueue(taskId); }

    static QString engineKey(const QString &engineId) { return QStringLiteral("engine:") + engineId; }
    static const QString kPlacementKey;
    static const QString kPurgeKey;
    static const QString kDeletionsKey;

signals:
    // After each round of passes (for tests and diagnostics).
    void reconciled();

private:
    struct Watched
    {
        QPointer<runtime::ContainerRuntime> runtime;
        bool adopted = false; // the engine's containers were listed and matched once
        int generation = 0;   // bumped when events may have been missed: adopt again
    };

    // Triggers: the one place that maps the control plane's notifications to keys.
    void connectTriggers();
    void enqueueForChange();
    void enqueueChanged(const state::ChangeSet &changes);
    void listActiveTasks(const reconcile::ReconcileLoop::KeySink &add) const;

    reconcile::Outcome process(const QString &key);
    reconcile::Outcome processTask(const QString &taskId);
    reconcile::Outcome adopt(const QString &engineId);
    void finishAdoption(const QString &engineId, const QList<runtime::ContainerState> &containers);
    reconcile::Outcome placeWaiting();
    reconcile::Outcome purge();
    reconcile::Outcome finishDeletions();
    const Task *findTask(const QString &id);
    const TaskDefinition *definitionOf(const Task &task);

    runtime::ContainerRuntime *runtimeForInstance(const QString &instanceId, QString *engineId);
    runtime::ContainerRuntime *runtimeForInstance(const ContainerInstance *instance, QString *engineId,
                                                  bool *adopted = nullptr);
    // A FARGATE task's: the runtime of engine `id`; nullptr while it cannot be used.
    runtime::ContainerRuntime *runtimeForEngine(const QString &id, QString *engineId, bool *adopted = nullptr);
    // Returns the engine's entry (its runtime now `rt`).
    const Watched &watch(const QString &engineId, runtime::ContainerRuntime *rt);
    void readopt(const QString &engineId);

    ControlPlane &m_cp;
    RuntimeFor m_runtimeFor;
    DeactivationHold m_deactivationHold;
    reconcile::ReconcileLoop m_loop;
    TaskExecutor m_executor;
    std::map<QString, Watched> m_engines;   // engine id -> its runtime; entries never move nor go
    const Watched *m_lastWatched = nullptr; // watch()'s last answer, for m_lastWatchedId
    QString m_lastWatchedId;
    const TaskDefinition *m_lastDefinition = nullptr; // definitionOf()'s last answer
    qsizetype m_lastTask = -1;                        // findTask()'s last answer: its position
};

} // namespace fd
