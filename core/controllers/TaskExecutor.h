#pragma once

#include "model/Task.h"
#include "reconcile/Outcome.h"
#include "runtime/ContainerRuntime.h"
#include "tasks/TaskPlanner.h"

#include <QHash>
#include <QObject>
#include <QPair>
#include <QPointer>

#include <functional>

namespace fd {

class ControlPlane;
struct TaskDefinition;

namespace reconcile {
class ReconcileLoop;
}

// The task controller's hands: applies a tasks::TaskStep through the ContainerRuntime and reports
// what happened back through the control plane. A synchronous step (Commit) is over when it
// returns; an engine call leaves the task's key in flight on the loop until its answers are in,
// then completes it so that the planner looks again. Every answer is turned into the task's new
// state by a pure function of TaskTransitions.h applied to the task as stored at that moment.
//
// It also follows the runtime's signals (exits, health) for the containers of the tasks it has
// seen, including the ones that report before runContainer() answered.
class TaskExecutor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskExecutor)

public:
    // Where a step runs.
    struct Target
    {
        runtime::ContainerRuntime *runtime = nullptr;
        QString engineId;
        const TaskDefinition *definition = nullptr;
        QString hostIp; // the instance's address: ports are published on it
    };

    TaskExecutor(ControlPlane &cp, reconcile::ReconcileLoop &loop, QObject *parent = nullptr);
    ~TaskExecutor() override;

    /// Applies `step` to `task` (as just read from the control plane).
    reconcile::Outcome apply(const Task &task, const tasks::TaskStep &step, const Target &target);

    /// Follows the runtime's exits and health changes (once per runtime).
    void watch(runtime::ContainerRuntime *runtime);
    /// Remembers which task owns the task's containers, for the runtime's signals; a STOPPED task's
    /// are forgotten.
    void index(const Task &task);

    /// Reads the task as stored, applies `transition` and commits its result (a Commit step),
    /// recording its decision. False when the task is gone or the commit failed (`error` says why).
    bool update(const QString &taskId, const std::function<tasks::TaskStep(const Task &)> &transition,
                QString *error = nullptr);

    /// Tries to remove a task network this many times before the task stops anyway.
    static constexpr int kNetworkRemovalTries = 10;

signals:
    /// A container name was taken on the engine (most likely by our own container from before a
    /// crash): the engine's containers should be adopted again.
    void adoptionNeeded(const QString &engineId);

private:
    struct Batch; // the answers a multi-container step waits for

    reconcile::Outcome commit(const Task &task, const tasks::TaskStep &step);
    void createNetwork(const Task &task, runtime::ContainerRuntime *rt);
    void confirmContainers(const Task &task, const QStringList &names, runtime::ContainerRuntime *rt);
    void runContainers(const Task &task, const tasks::TaskStep &step, const Target &target);
    void stopContainers(const Task &task, const QList<tasks::ContainerStop> &stops, runtime::ContainerRuntime *rt);
    void removeNetwork(const Task &task, runtime::ContainerRuntime *rt);
    void completeStep(const QString &taskId, const QString &error = {});

    void onContainerExited(const QString &runtimeId, int exitCode);
    void onHealthChanged(const QString &runtimeId, runtime::HealthStatus health);
    void onContainerStarted(const QString &taskId, const QString &name, const runtime::RunningContainer &rc);

    ControlPlane &m_cp;
    reconcile::ReconcileLoop &m_loop;
    QList<QPointer<runtime::ContainerRuntime>> m_watched;
    QHash<QString, QPair<QString, QString>> m_byRuntimeId; // runtime id -> (task id, container name)
    QHash<QString, int> m_earlyExits;                      // exits seen before the run's answer
    QHash<QString, runtime::HealthStatus> m_earlyHealth;   // health changes seen before the run's answer
};

} // namespace fd
