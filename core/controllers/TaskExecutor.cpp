#include "TaskExecutor.h"

#include "ControlPlane.h"
#include "ops/Tasks.h"
#include "reconcile/ReconcileLoop.h"
#include "tasks/TaskRunSpec.h"
#include "tasks/TaskTransitions.h"

#include <QLoggingCategory>

#include <memory>

namespace fd {

Q_LOGGING_CATEGORY(lcTasks, "fleetdeck.tasks")

using reconcile::Outcome;
using runtime::ContainerRuntime;

// The answers a multi-container step waits for; the step completes with the last one.
struct TaskExecutor::Batch
{
    int outstanding = 0;
    QStringList errors;
};

TaskExecutor::TaskExecutor(ControlPlane &cp, reconcile::ReconcileLoop &loop, QObject *parent)
    : QObject(parent), m_cp(cp), m_loop(loop)
{}

TaskExecutor::~TaskExecutor() = default;

Outcome TaskExecutor::apply(const Task &task, const tasks::TaskStep &step, const Target &target)
{
    using tasks::StepKind;
    switch (step.kind) {
    case StepKind::None: {
        Outcome o = Outcome::done(step.decision, step.reason);
        return step.recheckAt.isValid() ? o.lookAgainAt(step.recheckAt) : o;
    }
    case StepKind::Commit:
        return commit(task, step);
    case StepKind::CreateNetwork:
        createNetwork(task, target.runtime);
        break;
    case StepKind::ConfirmContainers:
        confirmContainers(task, step.containers, target.runtime);
        break;
    case StepKind::RunContainers:
        if (!target.definition)
            return Outcome::failed(QStringLiteral("no task definition to run containers from"));
        runContainers(task, step, target);
        break;
    case StepKind::StopContainers:
        stopContainers(task, step.stops, target.runtime);
        break;
    case StepKind::RemoveNetwork:
        removeNetwork(task, target.runtime);
        break;
    }
    return Outcome::inFlight(step.decision, step.reason);
}

Outcome TaskExecutor::commit(const Task &task, const tasks::TaskStep &step)
{
    const ControlPlane::CauseScope cause(m_cp, state::Cause::controller(QStringLiteral("task-controller")));
    Result<Task> r = m_cp.tasks().update(
        task.id, [&](Task &stored) { stored = step.next; }, step.events);
    if (!r) {
        qCWarning(lcTasks) << "cannot record task" << task.id << ":" << r.error().message;
        return Outcome::failed(r.error().message, step.decision);
    }
    index(r.value());
    Outcome o = Outcome::done(step.decision, step.reason);
    return step.recheckAt.isValid() ? o.lookAgainAt(step.recheckAt) : o;
}

bool TaskExecutor::update(const QString &taskId, const std::function<tasks::TaskStep(const Task &)> &transition,
                          QString *error)
{
    const std::optional<Task> t = m_cp.tasks().find({}, taskId);
    if (!t)
        return false;
    const tasks::TaskStep step = transition(*t);
    if (step.kind != tasks::StepKind::Commit)
        return true;
    const ControlPlane::CauseScope cause(m_cp, state::Cause::controller(QStringLiteral("task-controller")));
    Result<Task> r = m_cp.tasks().update(
        taskId, [&](Task &stored) { stored = step.next; }, step.events);
    if (!r) {
        qCWarning(lcTasks) << "cannot record task" << taskId << ":" << r.error().message;
        if (error)
            *error = r.error().message;
        return false;
    }
    index(r.value());
    m_loop.record(taskId, step.decision, step.reason);
    return true;
}

void TaskExecutor::completeStep(const QString &taskId, const QString &error)
{
    if (!m_loop.isInFlight(taskId))
        return;
    if (error.isEmpty())
        m_loop.complete(taskId, Outcome::done().lookAgainAt(m_cp.clock().now()));
    else
        m_loop.complete(taskId, Outcome::failed(error));
}

// ---- steps ----------------------------------------------------------------------------------

void TaskExecutor::createNetwork(const Task &t, ContainerRuntime *rt)
{
    rt->createTaskNetwork(t.network, tasks::taskLabels(t, {})).then(this, [this, id = t.id](const Result<QString> &r) {
        const QDateTime now = m_cp.clock().now();
        QString error;
        if (!r) {
            const QString reason = QStringLiteral("ResourceInitializationError: cannot create the task network: %1")
                                       .arg(r.error().message);
            update(
                id, [&](const Task &task) { return tasks::failToStart(task, reason, now); }, &error);
        } else {
            update(
                id, [&](const Task &task) { return tasks::networkCreated(task, now); }, &error);
        }
        completeStep(id, error);
    });
}

void TaskExecutor::confirmContainers(const Task &t, const QStringList &names, ContainerRuntime *rt)
{
    auto batch = std::make_shared<Batch>();
    batch->outstanding = int(names.size());
    for (const QString &name : names) {
        const QString runtimeId = t.container(name)->runtimeId;
        rt->inspect(runtimeId).then(this, [this, id = t.id, name, runtimeId, batch,
                                           rt = QPointer(rt)](const Result<runtime::ContainerState> &r) {
            auto finish = [this, id, batch] {
                if (--batch->outstanding == 0)
                    completeStep(id, batch->errors.join(QStringLiteral("; ")));
            };
            const QDateTime now = m_cp.clock().now();
            if (r && (r.value().status == runtime::ContainerStatus::Running ||
                      r.value().status == runtime::ContainerStatus::Exited)) {
                m_byRuntimeId.insert(runtimeId, {id, name});
                update(id, [&](const Task &task) { return tasks::containerConfirmed(task, name, r.value(), now); });
                return finish();
            }
            // Created and never started, or gone: forget it and run it again.
            auto forget = [this, id, name, finish] {
                update(id, [&](const Task &task) { return tasks::containerForgotten(task, name); });
                finish();
            };
            if (!r || !rt)
                return forget();
            rt->removeContainer(runtimeId, true).then(this, [forget](const Status &) { forget(); });
        });
    }
}

void TaskExecutor::runContainers(const Task &t, const tasks::TaskStep &step, const Target &target)
{
    auto batch = std::make_shared<Batch>();
    batch->outstanding = int(step.containers.size());
    for (const QString &name : step.containers) {
        const ContainerDefinition *d = tasks::definitionOf(*target.definition, name);
        Q_ASSERT(d); // the planner checked
        const runtime::ContainerRunSpec spec =
            tasks::runSpecFor(t, *target.definition, *d, target.hostIp, m_cp.defaultRegion());
        target.runtime->runContainer(spec).then(this, [this, id = t.id, name, runtimeName = spec.name,
                                                       engineId = target.engineId,
                                                       batch](const Result<runtime::RunningContainer> &r) {
            if (r) {
                onContainerStarted(id, name, r.value());
            } else if (r.error().code == runtime::errc::Conflict) {
                // Most likely our own container from before a crash: adoption picks it up by name.
                qCInfo(lcTasks) << "container" << runtimeName << "exists already; adopting it";
                emit adoptionNeeded(engineId);
            } else {
                const QString message = r.error().message;
                const QDateTime now = m_cp.clock().now();
                update(id, [&](const Task &task) { return tasks::containerFailedToRun(task, name, message, now); });
            }
            if (--batch->outstanding == 0)
                completeStep(id);
        });
    }
}

void TaskExecutor::onContainerStarted(const QString &taskId, const QString &name, const runtime::RunningContainer &rc)
{
    m_byRuntimeId.insert(rc.id, {taskId, name});
    const QDateTime now = m_cp.clock().now();
    update(taskId, [&](const Task &task) { return tasks::containerStarted(task, name, rc, now); });
    // Docker may report a health change (or an exit) before runContainer() answers: the runtime
    // reports changes only once, so what arrived early is applied now.
    if (auto it = m_earlyHealth.find(rc.id); it != m_earlyHealth.end()) {
        const runtime::HealthStatus health = it.value();
        m_earlyHealth.erase(it);
        onHealthChanged(rc.id, health);
    }
    if (auto it = m_earlyExits.find(rc.id); it != m_earlyExits.end()) {
        const int code = it.value();
        m_earlyExits.erase(it);
        onContainerExited(rc.id, code);
    }
}

void TaskExecutor::stopContainers(const Task &t, const QList<tasks::ContainerStop> &stops, ContainerRuntime *rt)
{
    auto batch = std::make_shared<Batch>();
    batch->outstanding = int(stops.size());
    for (const tasks::ContainerStop &stop : stops) {
        rt->stopContainer(stop.runtimeId, stop.grace)
            .then(this, [this, id = t.id, stop, batch, rt = QPointer(rt)](const Status &r) {
                auto finish = [this, id, batch] {
                    if (--batch->outstanding == 0)
                        completeStep(id, batch->errors.join(QStringLiteral("; ")));
                };
                if (!r && r.error().code != runtime::errc::NotFound) {
                    qCWarning(lcTasks) << "stopping" << stop.runtimeId << "failed:" << r.error().message;
                    batch->errors.append(QStringLiteral("stopping %1: %2").arg(stop.name, r.error().message));
                    return finish(); // retried after the back-off
                }
                if (!rt || !r) {
                    // Gone from the engine: stopped, with no exit code to report.
                    const QDateTime now = m_cp.clock().now();
                    update(id,
                           [&](const Task &task) { return tasks::containerStopped(task, stop.name, nullptr, now); });
                    return finish();
                }
                rt->inspect(stop.runtimeId)
                    .then(this, [this, id, name = stop.name, finish](const Result<runtime::ContainerState> &s) {
                        const QDateTime now = m_cp.clock().now();
                        update(id, [&](const Task &task) {
                            return tasks::containerStopped(task, name, s ? &s.value() : nullptr, now);
                        });
                        finish();
                    });
            });
    }
}

void TaskExecutor::removeNetwork(const Task &t, ContainerRuntime *rt)
{
    rt->removeTaskNetwork(t.network).then(this, [this, id = t.id, network = t.network](const Status &r) {
        if (!r && r.error().code != runtime::errc::NotFound) {
            const int tries = m_loop.failures(id) + 1;
            qCWarning(lcTasks) << "removing the network of task" << id << "failed (" << tries
                               << "tries):" << r.error().message;
            if (tries < kNetworkRemovalTries)
                return completeStep(id, QStringLiteral("removing network %1: %2").arg(network, r.error().message));
            // The task stops anyway; the network stays behind.
        }
        const QDateTime now = m_cp.clock().now();
        QString error;
        update(
            id, [&](const Task &task) { return tasks::networkRemoved(task, now); }, &error);
        completeStep(id, error);
    });
}

// ---- the runtime's signals ------------------------------------------------------------------

void TaskExecutor::watch(ContainerRuntime *rt)
{
    for (const QPointer<ContainerRuntime> &w : std::as_const(m_watched)) {
        if (w == rt)
            return;
    }
    m_watched.removeAll(nullptr);
    m_watched.append(rt);
    connect(rt, &ContainerRuntime::containerExited, this, &TaskExecutor::onContainerExited);
    connect(rt, &ContainerRuntime::healthChanged, this, &TaskExecutor::onHealthChanged);
}

void TaskExecutor::index(const Task &task)
{
    for (const TaskContainer &c : task.containers) {
        if (c.runtimeId.isEmpty())
            continue;
        if (task.isStopped()) {
            m_byRuntimeId.remove(c.runtimeId);
            continue;
        }
        // Every pass indexes its task again: a lookup, and a write only when something moved.
        const QPair<QString, QString> entry{task.id, c.name};
        auto it = m_byRuntimeId.find(c.runtimeId);
        if (it == m_byRuntimeId.end())
            m_byRuntimeId.insert(c.runtimeId, entry);
        else if (*it != entry)
            *it = entry;
    }
}

void TaskExecutor::onContainerExited(const QString &runtimeId, int exitCode)
{
    auto it = m_byRuntimeId.constFind(runtimeId);
    if (it == m_byRuntimeId.cend()) {
        // Maybe a container whose run has not answered yet.
        m_earlyExits.insert(runtimeId, exitCode);
        if (m_earlyExits.size() > 1000)
            m_earlyExits.clear(); // never grows without bound on containers that are not ours
        return;
    }
    const auto [taskId, name] = *it;
    const QDateTime now = m_cp.clock().now();
    update(taskId, [&](const Task &task) { return tasks::containerExited(task, name, exitCode, now); });
    m_loop.enqueue(taskId);
}

void TaskExecutor::onHealthChanged(const QString &runtimeId, runtime::HealthStatus health)
{
    auto it = m_byRuntimeId.constFind(runtimeId);
    if (it == m_byRuntimeId.cend()) {
        // Possibly ours before runContainer() answered: kept until it does.
        m_earlyHealth.insert(runtimeId, health);
        if (m_earlyHealth.size() > 1000)
            m_earlyHealth.clear(); // never grows without bound on containers that are not ours
        return;
    }
    const auto [taskId, name] = *it;
    update(taskId, [&](const Task &task) { return tasks::healthChanged(task, name, tasks::healthOf(health)); });
    m_loop.enqueue(taskId);
}

} // namespace fd
