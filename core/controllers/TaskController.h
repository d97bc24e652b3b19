#pragma once

#include "model/Task.h"
#include "runtime/ContainerRuntime.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <functional>

namespace fd {

class ControlPlane;
struct Engine;
struct TaskDefinition;

// The agent's half of a task, for every task of the control plane: it makes the engine match what
// the task says and reports back what happened. Level-triggered (STYLE.md points 6-9): each pass
// looks at every task that is not STOPPED and takes the one next step its state calls for, unless
// a step for that task is still in flight; a restart, a lost event or a crash in the middle of a
// step is handled by the next pass the same way.
//
//   desired RUNNING:  PROVISIONING (create the task network) -> PENDING (start containers in
//                     dependsOn order; a missing image is CannotPullContainerError) -> ACTIVATING
//                     -> RUNNING
//   desired STOPPED:  -> DEACTIVATING -> STOPPING (SIGTERM, SIGKILL after stopTimeout; dependents
//                     first) -> DEPROVISIONING (remove the network) -> STOPPED
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

    // Passes run on every change of the tasks and at least every `interval`.
    void start(std::chrono::milliseconds interval = std::chrono::milliseconds(500));
    void stop();
    // One pass now (tests drive the controller with it).
    void reconcileNow();
    // Tasks with a step in flight.
    int busyTasks() const { return int(m_busy.size()); }

signals:
    // After each pass (for tests and diagnostics).
    void reconciled();

private:
    struct Watched
    {
        QPointer<runtime::ContainerRuntime> runtime;
        bool adopted = false; // the engine's containers were listed and matched once
        bool adopting = false;
    };

    void scheduleReconcile();
    void reconcile();
    runtime::ContainerRuntime *runtimeForInstance(const QString &instanceId, QString *engineId);
    void watch(const QString &engineId, runtime::ContainerRuntime *rt);
    void adopt(const QString &engineId, runtime::ContainerRuntime *rt);
    void step(const Task &task, runtime::ContainerRuntime *rt);

    void provision(const Task &task, runtime::ContainerRuntime *rt);
    void startContainers(const Task &task, const TaskDefinition &td, runtime::ContainerRuntime *rt);
    void confirmContainers(const Task &task, const QList<TaskContainer> &containers, runtime::ContainerRuntime *rt);
    void stopContainers(const Task &task, const TaskDefinition *td, runtime::ContainerRuntime *rt);
    void deprovision(const Task &task, runtime::ContainerRuntime *rt);
    void removeTaskContainers(const Task &task, runtime::ContainerRuntime *rt);

    void onContainerExited(const QString &runtimeId, int exitCode);
    void onHealthChanged(const QString &runtimeId, runtime::HealthStatus health);
    void failToStart(const QString &taskId, const QString &reason);
    void done(const QString &taskId);
    void update(const QString &taskId, const std::function<void(Task &)> &mutate, const QStringList &notes = {});

    ControlPlane &m_cp;
    RuntimeFor m_runtimeFor;
    QTimer m_timer;
    QTimer m_kick; // coalesces change notifications into one pass
    QTimer m_purge;
    QHash<QString, Watched> m_engines;                     // engine id -> its runtime
    QSet<QString> m_busy;                                  // task ids with a step in flight
    QHash<QString, QPair<QString, QString>> m_byRuntimeId; // runtime id -> (task id, container name)
    QHash<QString, int> m_earlyExits;                      // exits seen before the run's answer
    QHash<QString, runtime::HealthStatus> m_earlyHealth;   // health changes seen before the run's answer
    QHash<QString, int> m_networkRetries;                  // task id -> failed network removals
    bool m_inPass = false;
    bool m_capacityChanged = true; // placing waiting tasks is worth a try
};

} // namespace fd
