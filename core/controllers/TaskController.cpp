#include "TaskController.h"

#include "ControlPlane.h"
#include "model/Arn.h"

#include <QLoggingCategory>

#include <memory>

namespace fd {

Q_LOGGING_CATEGORY(lcTasks, "fleetdeck.tasks")

namespace {

using runtime::ContainerRuntime;

const ContainerDefinition *definitionOf(const TaskDefinition &td, const QString &name)
{
    for (const ContainerDefinition &d : td.spec.containerDefinitions) {
        if (d.name == name)
            return &d;
    }
    return nullptr;
}

runtime::Labels taskLabels(const Task &t, const QString &container)
{
    runtime::Labels labels{
        {QStringLiteral("fleetdeck.managed"), QStringLiteral("true")},
        {QStringLiteral("fleetdeck.cluster"), t.cluster},
        {QStringLiteral("fleetdeck.instance"), t.containerInstanceId},
        {QStringLiteral("fleetdeck.task"), t.id},
        {QStringLiteral("fleetdeck.family"), t.family},
        {QStringLiteral("fleetdeck.revision"), QString::number(t.revision)},
    };
    if (!container.isEmpty())
        labels.insert(QStringLiteral("fleetdeck.container"), container);
    if (t.group.startsWith(u"service:"))
        labels.insert(QStringLiteral("fleetdeck.service"), t.group.mid(8));
    if (t.startedBy.startsWith(u"ecs-svc/"))
        labels.insert(QStringLiteral("fleetdeck.deployment"), t.startedBy);
    return labels;
}

// The container definition turned into what the runtime runs, with RunTask's overrides applied.
runtime::ContainerRunSpec runSpecFor(const Task &t, const ContainerDefinition &d, const QString &hostIp,
                                     const QString &region)
{
    runtime::ContainerRunSpec spec;
    spec.name = t.container(d.name)->runtimeName;
    spec.image = d.image;
    spec.labels = taskLabels(t, d.name);
    QList<QPair<QString, QString>> env;
    for (const KeyValuePair &kv : d.environment)
        env.append({kv.name, kv.value});
    std::optional<QStringList> command;
    for (const ContainerOverride &o : t.overrides) {
        if (o.name != d.name)
            continue;
        command = o.command;
        for (const auto &[name, value] : o.environment) {
            auto it = std::find_if(env.begin(), env.end(), [&](const auto &e) { return e.first == name; });
            if (it != env.end())
                it->second = value;
            else
                env.append({name, value});
        }
    }
    // What a container can learn about its task, like ECS's metadata (without the endpoint).
    env.append({QStringLiteral("FLEETDECK_TASK_ID"), t.id});
    env.append({QStringLiteral("FLEETDECK_TASK_ARN"), arn::task(region, t.cluster, t.id)});
    env.append({QStringLiteral("FLEETDECK_CLUSTER"), t.cluster});
    env.append({QStringLiteral("FLEETDECK_TASK_DEFINITION"), t.taskDefinition()});
    for (const auto &[name, value] : env)
        spec.env.append(name + u'=' + value);
    if (!d.entryPoint.isEmpty())
        spec.entryPoint = d.entryPoint;
    spec.command = command.value_or(d.command);
    spec.cpuUnits = d.cpu.value_or(0);
    spec.memoryMiB = d.memory.value_or(0);
    spec.memoryReservationMiB = d.memoryReservation.value_or(0);
    spec.hostIp = hostIp;
    for (const PortMapping &p : d.portMappings)
        spec.ports.append({quint16(p.containerPort), quint16(p.hostPort), p.protocol});
    if (d.healthCheck) {
        runtime::HealthCheckSpec hc;
        hc.command = d.healthCheck->command;
        hc.interval = std::chrono::seconds(d.healthCheck->interval);
        hc.timeout = std::chrono::seconds(d.healthCheck->timeout);
        hc.retries = d.healthCheck->retries;
        hc.startPeriod = std::chrono::seconds(d.healthCheck->startPeriod);
        spec.healthCheck = hc;
    }
    if (d.stopTimeout)
        spec.stopTimeout = std::chrono::seconds(*d.stopTimeout);
    spec.network = t.network;
    // ECS links ("name" or "name:alias") become aliases of the linked container on the task's
    // network; every container is also known by its own name there.
    if (!t.network.isEmpty())
        spec.networkAliases = {d.name};
    return spec;
}

// Aliases other containers give this one through their links.
QStringList linkAliasesOf(const TaskDefinition &td, const QString &name)
{
    QStringList aliases;
    for (const ContainerDefinition &other : td.spec.containerDefinitions) {
        for (const QString &link : other.links) {
            const QString target = link.section(u':', 0, 0);
            const QString alias = link.section(u':', 1);
            if (target == name && !alias.isEmpty() && !aliases.contains(alias))
                aliases.append(alias);
        }
    }
    return aliases;
}

enum class DependencyState {
    Waiting,
    Met,
    Impossible,
};

DependencyState dependencyState(const TaskContainer &dep, const QString &condition)
{
    const bool started = dep.startedAt.isValid();
    const bool exited = dep.lastStatus == ContainerRunState::Stopped;
    if (exited && !started)
        return DependencyState::Impossible; // it never ran
    if (condition == u"START")
        return started ? DependencyState::Met : DependencyState::Waiting;
    if (condition == u"COMPLETE")
        return exited ? DependencyState::Met : DependencyState::Waiting;
    if (condition == u"SUCCESS") {
        if (!exited)
            return DependencyState::Waiting;
        return dep.exitCode.value_or(-1) == 0 ? DependencyState::Met : DependencyState::Impossible;
    }
    if (condition == u"HEALTHY") {
        if (dep.health == Health::Healthy)
            return DependencyState::Met;
        return exited || dep.health == Health::Unhealthy ? DependencyState::Impossible : DependencyState::Waiting;
    }
    return DependencyState::Impossible;
}

QList<NetworkBinding> bindingsOf(const QList<runtime::BoundPort> &ports)
{
    QList<NetworkBinding> out;
    for (const runtime::BoundPort &p : ports)
        out.append({p.hostIp, p.containerPort, p.hostPort, p.protocol});
    return out;
}

Health healthOf(runtime::HealthStatus h)
{
    switch (h) {
    case runtime::HealthStatus::Healthy:
        return Health::Healthy;
    case runtime::HealthStatus::Unhealthy:
        return Health::Unhealthy;
    case runtime::HealthStatus::Unknown:
        break;
    }
    return Health::Unknown;
}

} // namespace

TaskController::TaskController(ControlPlane &cp, RuntimeFor runtimeFor, QObject *parent)
    : QObject(parent), m_cp(cp), m_runtimeFor(std::move(runtimeFor))
{
    m_kick.setSingleShot(true);
    m_kick.setInterval(0);
    connect(&m_kick, &QTimer::timeout, this, &TaskController::reconcile);
    connect(&m_timer, &QTimer::timeout, this, &TaskController::reconcile);
    connect(&m_purge, &QTimer::timeout, this, [this] {
        // Containers of tasks about to be forgotten go with them (ECS's agent cleans up too).
        const QDateTime cutoff = m_cp.clock().now().addSecs(-3600);
        for (const Task &t : m_cp.tasks()) {
            if (!t.isStopped() || !t.stoppedAt.isValid() || t.stoppedAt >= cutoff)
                continue;
            QString engineId;
            if (ContainerRuntime *rt = runtimeForInstance(t.containerInstanceId, &engineId))
                removeTaskContainers(t, rt);
        }
        m_cp.purgeStoppedTasks();
    });
}

TaskController::~TaskController() = default;

void TaskController::start(std::chrono::milliseconds interval)
{
    // Any of these can make room for a task that waits for capacity.
    for (auto signal : {&ControlPlane::tasksChanged, &ControlPlane::containerInstancesChanged,
                        &ControlPlane::enginesChanged}) {
        connect(&m_cp, signal, this, [this] {
            m_capacityChanged = true;
            scheduleReconcile();
        });
    }
    m_timer.start(interval);
    m_purge.start(std::chrono::minutes(1));
    scheduleReconcile();
}

void TaskController::stop()
{
    m_timer.stop();
    m_purge.stop();
    m_kick.stop();
    disconnect(&m_cp, nullptr, this, nullptr);
}

void TaskController::reconcileNow()
{
    m_capacityChanged = true;
    reconcile();
}

void TaskController::scheduleReconcile()
{
    if (!m_kick.isActive())
        m_kick.start();
}

ContainerRuntime *TaskController::runtimeForInstance(const QString &instanceId, QString *engineId)
{
    const std::optional<ContainerInstance> ci = m_cp.containerInstance({}, instanceId);
    if (!ci)
        return nullptr;
    const std::optional<Engine> engine = m_cp.engine(ci->engineId);
    if (!engine || !engine->connected)
        return nullptr;
    ContainerRuntime *rt = m_runtimeFor(*engine);
    if (rt) {
        *engineId = engine->id;
        watch(engine->id, rt);
    }
    return rt;
}

void TaskController::watch(const QString &engineId, ContainerRuntime *rt)
{
    Watched &w = m_engines[engineId];
    if (w.runtime == rt)
        return;
    if (w.runtime)
        disconnect(w.runtime, nullptr, this, nullptr);
    w = Watched{};
    w.runtime = rt;
    connect(rt, &ContainerRuntime::containerExited, this, &TaskController::onContainerExited);
    connect(rt, &ContainerRuntime::healthChanged, this, &TaskController::onHealthChanged);
    connect(rt, &ContainerRuntime::resyncNeeded, this, [this, engineId] {
        m_engines[engineId].adopted = false;
        scheduleReconcile();
    });
}

void TaskController::reconcile()
{
    if (m_inPass)
        return;
    m_inPass = true;
    if (std::exchange(m_capacityChanged, false))
        m_cp.placeWaitingTasks();

    const QList<Task> tasks = m_cp.tasks();
    m_byRuntimeId.clear();
    for (const Task &t : tasks) {
        if (t.isStopped())
            continue;
        for (const TaskContainer &c : t.containers) {
            if (!c.runtimeId.isEmpty())
                m_byRuntimeId.insert(c.runtimeId, {t.id, c.name});
        }
    }
    for (const Task &t : tasks) {
        if (t.isStopped() || !t.isPlaced() || m_busy.contains(t.id))
            continue;
        QString engineId;
        ContainerRuntime *rt = runtimeForInstance(t.containerInstanceId, &engineId);
        if (!rt)
            continue; // the agent is disconnected: the task waits, as on ECS
        Watched &w = m_engines[engineId];
        if (!w.adopted) {
            adopt(engineId, rt);
            continue;
        }
        step(t, rt);
    }
    m_inPass = false;
    emit reconciled();
}

// Matches what the engine runs to the tasks before any step on that engine, so that nothing is
// started twice after a restart and exits missed while away are not lost.
void TaskController::adopt(const QString &engineId, ContainerRuntime *rt)
{
    Watched &w = m_engines[engineId];
    if (w.adopting)
        return;
    w.adopting = true;
    rt->list({QStringLiteral("fleetdeck.managed=true")})
        .then(this, [this, engineId](const Result<QList<runtime::ContainerState>> &r) {
            m_engines[engineId].adopting = false;
            if (!r) {
                qCWarning(lcTasks) << "cannot list containers on engine" << engineId << ":" << r.error().message;
                return;
            }
            QHash<QString, runtime::ContainerState> byName;
            for (const runtime::ContainerState &s : r.value())
                byName.insert(s.name.startsWith(u'/') ? s.name.mid(1) : s.name, s);
            for (const Task &t : m_cp.tasks()) {
                if (t.isStopped() || !t.isPlaced() || m_busy.contains(t.id))
                    continue;
                const std::optional<ContainerInstance> ci = m_cp.containerInstance({}, t.containerInstanceId);
                if (!ci || ci->engineId != engineId)
                    continue;
                bool changed = false;
                Task copy = t;
                QStringList notes;
                for (TaskContainer &c : copy.containers) {
                    auto it = byName.constFind(c.runtimeName);
                    if (it == byName.cend()) {
                        if (!c.runtimeId.isEmpty() && c.lastStatus != ContainerRunState::Stopped) {
                            c.lastStatus = ContainerRunState::Stopped;
                            c.reason = QStringLiteral("The container was removed outside Fleetdeck");
                            c.finishedAt = m_cp.clock().now();
                            changed = true;
                        }
                        continue;
                    }
                    const runtime::ContainerState &s = *it;
                    if (c.runtimeId != s.id) {
                        c.runtimeId = s.id;
                        changed = true;
                    }
                    if (s.status == runtime::ContainerStatus::Running && c.lastStatus == ContainerRunState::Pending) {
                        c.lastStatus = ContainerRunState::Running;
                        c.startedAt = s.startedAt.isValid() ? s.startedAt : m_cp.clock().now();
                        c.networkBindings = bindingsOf(s.ports);
                        changed = true;
                    } else if (s.status == runtime::ContainerStatus::Exited &&
                               c.lastStatus != ContainerRunState::Stopped) {
                        if (!c.startedAt.isValid())
                            c.startedAt = s.startedAt.isValid() ? s.startedAt : m_cp.clock().now();
                        c.lastStatus = ContainerRunState::Stopped;
                        c.exitCode = s.exitCode;
                        c.finishedAt = s.finishedAt.isValid() ? s.finishedAt : m_cp.clock().now();
                        c.networkBindings.clear();
                        changed = true;
                        if (c.essential && copy.desiredStatus != TaskStatus::Stopped) {
                            copy.desiredStatus = TaskStatus::Stopped;
                            copy.stopCode = StopCode::EssentialContainerExited;
                            copy.stoppedReason = QStringLiteral("Essential container in task exited");
                            notes.append(QStringLiteral("Task %1: essential container %2 exited with code %3 while "
                                                        "Fleetdeck was away; stopping the task.")
                                             .arg(t.id, c.name)
                                             .arg(s.exitCode));
                        }
                    }
                    if (s.status == runtime::ContainerStatus::Running && healthOf(s.health) != c.health) {
                        c.health = healthOf(s.health);
                        changed = true;
                    }
                }
                if (changed)
                    update(t.id, [&](Task &task) { task = copy; }, notes);
            }
            m_engines[engineId].adopted = true;
            scheduleReconcile();
        });
}

void TaskController::step(const Task &t, ContainerRuntime *rt)
{
    const Result<TaskDefinition> td = m_cp.taskDefinition(t.taskDefinition());
    if (t.desiredStatus == TaskStatus::Stopped) {
        switch (t.lastStatus) {
        case TaskStatus::Provisioning:
        case TaskStatus::Pending:
        case TaskStatus::Activating:
        case TaskStatus::Running:
            update(t.id, [&](Task &task) {
                task.lastStatus = TaskStatus::Deactivating;
                if (!task.stoppingAt.isValid())
                    task.stoppingAt = m_cp.clock().now();
            });
            return;
        case TaskStatus::Deactivating:
            update(t.id, [](Task &task) { task.lastStatus = TaskStatus::Stopping; });
            return;
        case TaskStatus::Stopping:
            stopContainers(t, td ? &td.value() : nullptr, rt);
            return;
        case TaskStatus::Deprovisioning:
            deprovision(t, rt);
            return;
        case TaskStatus::Stopped:
            return;
        }
        return;
    }
    if (!td) {
        failToStart(t.id, QStringLiteral("TaskDefinition %1 not found").arg(t.taskDefinition()));
        return;
    }
    switch (t.lastStatus) {
    case TaskStatus::Provisioning:
        provision(t, rt);
        return;
    case TaskStatus::Pending:
        startContainers(t, td.value(), rt);
        return;
    case TaskStatus::Activating: {
        const QDateTime now = m_cp.clock().now();
        update(
            t.id,
            [&](Task &task) {
                task.lastStatus = TaskStatus::Running;
                task.startedAt = now;
                task.connectivityAt = now;
            },
            {QStringLiteral("Task %1 (%2) is RUNNING on %3.")
                 .arg(t.id, t.taskDefinition(),
                      m_cp.containerInstance({}, t.containerInstanceId).value_or(ContainerInstance{}).ec2InstanceId)});
        return;
    }
    case TaskStatus::Running:
        return; // exits and health come as signals
    default:
        return;
    }
}

void TaskController::provision(const Task &t, ContainerRuntime *rt)
{
    if (t.network.isEmpty()) {
        update(t.id, [&](Task &task) {
            task.lastStatus = TaskStatus::Pending;
            task.pullStartedAt = m_cp.clock().now();
        });
        return;
    }
    m_busy.insert(t.id);
    rt->createTaskNetwork(t.network, taskLabels(t, {})).then(this, [this, id = t.id](const Result<QString> &r) {
        done(id);
        if (!r) {
            failToStart(id, QStringLiteral("ResourceInitializationError: cannot create the task network: %1")
                                .arg(r.error().message));
            return;
        }
        update(id, [&](Task &task) {
            if (task.lastStatus != TaskStatus::Provisioning)
                return;
            task.lastStatus = TaskStatus::Pending;
            task.pullStartedAt = m_cp.clock().now();
        });
    });
}

void TaskController::startContainers(const Task &t, const TaskDefinition &td, ContainerRuntime *rt)
{
    const std::optional<ContainerInstance> ci = m_cp.containerInstance({}, t.containerInstanceId);
    if (!ci)
        return failToStart(t.id, QStringLiteral("Container instance %1 is gone").arg(t.containerInstanceId));

    // Containers found by adoption that never reported running: a run of an earlier process that
    // died between create and start leaves them "created". Look once more; a container that still
    // has not started is removed, and the next pass runs it again under the same name.
    QList<TaskContainer> unconfirmed;
    for (const TaskContainer &c : t.containers) {
        if (c.lastStatus == ContainerRunState::Pending && !c.runtimeId.isEmpty())
            unconfirmed.append(c);
    }
    if (!unconfirmed.isEmpty()) {
        confirmContainers(t, unconfirmed, rt);
        return;
    }

    QList<const ContainerDefinition *> ready;
    bool allStarted = true;
    for (const TaskContainer &c : t.containers) {
        if (c.lastStatus != ContainerRunState::Pending || !c.runtimeId.isEmpty())
            continue;
        allStarted = false;
        const ContainerDefinition *d = definitionOf(td, c.name);
        if (!d)
            return failToStart(t.id, QStringLiteral("Container %1 is not in %2").arg(c.name, t.taskDefinition()));
        bool waiting = false;
        for (const ContainerDependency &dep : d->dependsOn) {
            const TaskContainer *other = t.container(dep.containerName);
            if (!other)
                return failToStart(t.id, QStringLiteral("Container %1 depends on %2, which is not in the task")
                                             .arg(c.name, dep.containerName));
            switch (dependencyState(*other, dep.condition)) {
            case DependencyState::Met:
                break;
            case DependencyState::Waiting:
                waiting = true;
                break;
            case DependencyState::Impossible:
                return failToStart(t.id,
                                   QStringLiteral("DependencyError: container %1 needs %2 to %3, which can no "
                                                  "longer happen")
                                       .arg(c.name, dep.containerName,
                                            dep.condition == u"START"      ? QStringLiteral("start")
                                            : dep.condition == u"COMPLETE" ? QStringLiteral("complete")
                                            : dep.condition == u"SUCCESS"  ? QStringLiteral("exit with code 0")
                                                                           : QStringLiteral("become healthy")));
            }
        }
        if (!waiting)
            ready.append(d);
    }

    if (allStarted) {
        // Every container has been started (some may have completed already).
        const bool essentialsUp = std::all_of(t.containers.begin(), t.containers.end(), [](const TaskContainer &c) {
            return !c.essential || c.lastStatus == ContainerRunState::Running;
        });
        if (!essentialsUp)
            return; // an essential exit is handled by the exit path
        update(t.id, [&](Task &task) {
            task.lastStatus = TaskStatus::Activating;
            if (!task.pullStoppedAt.isValid())
                task.pullStoppedAt = m_cp.clock().now();
        });
        return;
    }
    if (ready.isEmpty())
        return; // waiting on a dependency; the next pass looks again

    m_busy.insert(t.id);
    auto outstanding = std::make_shared<int>(int(ready.size()));
    for (const ContainerDefinition *d : ready) {
        runtime::ContainerRunSpec spec = runSpecFor(t, *d, ci->address, m_cp.defaultRegion());
        if (!t.network.isEmpty())
            spec.networkAliases.append(linkAliasesOf(td, d->name));
        const QString name = d->name;
        const QString runtimeName = spec.name;
        rt->runContainer(spec).then(this, [this, id = t.id, name, runtimeName, outstanding, rt = QPointer(rt)](
                                              const Result<runtime::RunningContainer> &r) {
            if (r) {
                const runtime::RunningContainer &rc = r.value();
                m_byRuntimeId.insert(rc.id, {id, name});
                update(id, [&](Task &task) {
                    TaskContainer *c = task.container(name);
                    if (!c)
                        return;
                    c->runtimeId = rc.id;
                    c->lastStatus = ContainerRunState::Running;
                    c->startedAt = rc.startedAt.isValid() ? rc.startedAt : m_cp.clock().now();
                    c->networkBindings = bindingsOf(rc.ports);
                    if (!task.pullStoppedAt.isValid())
                        task.pullStoppedAt = m_cp.clock().now();
                });
                // Docker may report a health change (or an exit) before runContainer() answers: the
                // runtime reports changes only once, so what arrived early is applied now.
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
            } else if (r.error().code == runtime::errc::Conflict && rt) {
                // The name is taken: most likely our own container from before a crash. The next
                // adoption pass picks it up by name.
                for (auto &w : m_engines) {
                    if (w.runtime == rt)
                        w.adopted = false;
                }
                qCInfo(lcTasks) << "container" << runtimeName << "exists already; adopting it";
            } else {
                const QString message = r.error().message;
                update(id, [&](Task &task) {
                    if (TaskContainer *c = task.container(name)) {
                        c->lastStatus = ContainerRunState::Stopped;
                        c->reason = message;
                    }
                });
                const std::optional<Task> now = m_cp.task({}, id);
                const TaskContainer *c = now ? now->container(name) : nullptr;
                if (c && c->essential)
                    failToStart(id, message);
            }
            if (--*outstanding == 0) {
                done(id);
            }
        });
    }
}

void TaskController::confirmContainers(const Task &t, const QList<TaskContainer> &containers, ContainerRuntime *rt)
{
    m_busy.insert(t.id);
    auto outstanding = std::make_shared<int>(int(containers.size()));
    for (const TaskContainer &c : containers) {
        rt->inspect(c.runtimeId).then(this, [this, id = t.id, c, outstanding, rt = QPointer(rt)](
                                                const Result<runtime::ContainerState> &r) {
            auto finish = [this, id, outstanding] {
                if (--*outstanding == 0)
                    done(id);
            };
            if (r && r.value().status == runtime::ContainerStatus::Running) {
                update(id, [&](Task &task) {
                    if (TaskContainer *tc = task.container(c.name)) {
                        tc->lastStatus = ContainerRunState::Running;
                        tc->startedAt = r.value().startedAt.isValid() ? r.value().startedAt : m_cp.clock().now();
                        tc->networkBindings = bindingsOf(r.value().ports);
                    }
                });
                return finish();
            }
            if (r && r.value().status == runtime::ContainerStatus::Exited) {
                m_byRuntimeId.insert(c.runtimeId, {id, c.name});
                update(id, [&](Task &task) {
                    if (TaskContainer *tc = task.container(c.name); tc && !tc->startedAt.isValid())
                        tc->startedAt = r.value().startedAt.isValid() ? r.value().startedAt : m_cp.clock().now();
                });
                onContainerExited(c.runtimeId, r.value().exitCode);
                return finish();
            }
            // Created and never started, or gone: forget it and run it again.
            auto forget = [this, id, name = c.name, finish] {
                update(id, [&](Task &task) {
                    if (TaskContainer *tc = task.container(name))
                        tc->runtimeId.clear();
                });
                finish();
            };
            if (!r || !rt)
                return forget();
            rt->removeContainer(c.runtimeId, true).then(this, [forget](const Status &) { forget(); });
        });
    }
}

void TaskController::failToStart(const QString &taskId, const QString &reason)
{
    const std::optional<Task> t = m_cp.task({}, taskId);
    if (!t || t->desiredStatus == TaskStatus::Stopped)
        return;
    update(
        taskId,
        [&](Task &task) {
            task.desiredStatus = TaskStatus::Stopped;
            task.stopCode = StopCode::TaskFailedToStart;
            task.stoppedReason = reason;
            if (!task.pullStoppedAt.isValid() && task.pullStartedAt.isValid())
                task.pullStoppedAt = m_cp.clock().now();
        },
        {QStringLiteral("Task %1 (%2) failed to start: %3").arg(taskId, t->taskDefinition(), reason)});
}

void TaskController::stopContainers(const Task &t, const TaskDefinition *td, ContainerRuntime *rt)
{
    // Dependents stop before what they depend on: a container is stopped once no running
    // container depends on it.
    QList<const TaskContainer *> toStop;
    bool anyRunning = false;
    for (const TaskContainer &c : t.containers) {
        if (c.lastStatus == ContainerRunState::Stopped)
            continue;
        if (c.runtimeId.isEmpty()) {
            continue; // never created: nothing to stop
        }
        anyRunning = true;
        bool neededByRunning = false;
        if (td) {
            for (const TaskContainer &other : t.containers) {
                if (other.name == c.name || other.lastStatus == ContainerRunState::Stopped || other.runtimeId.isEmpty())
                    continue;
                const ContainerDefinition *od = definitionOf(*td, other.name);
                if (od && std::any_of(od->dependsOn.begin(), od->dependsOn.end(),
                                      [&](const ContainerDependency &dep) { return dep.containerName == c.name; }))
                    neededByRunning = true;
            }
        }
        if (!neededByRunning)
            toStop.append(&c);
    }
    if (!anyRunning) {
        const QDateTime now = m_cp.clock().now();
        update(t.id, [&](Task &task) {
            for (TaskContainer &c : task.containers) {
                if (c.lastStatus != ContainerRunState::Stopped) {
                    c.lastStatus = ContainerRunState::Stopped;
                    c.networkBindings.clear();
                }
            }
            task.lastStatus = TaskStatus::Deprovisioning;
            task.executionStoppedAt = now;
        });
        return;
    }
    if (toStop.isEmpty())
        toStop.append(&t.containers.front()); // a dependency cycle: stop in order

    m_busy.insert(t.id);
    auto outstanding = std::make_shared<int>(int(toStop.size()));
    for (const TaskContainer *c : toStop) {
        std::optional<std::chrono::seconds> grace;
        if (td) {
            if (const ContainerDefinition *d = definitionOf(*td, c->name); d && d->stopTimeout)
                grace = std::chrono::seconds(*d->stopTimeout);
        }
        const QString runtimeId = c->runtimeId;
        const QString name = c->name;
        rt->stopContainer(runtimeId, grace).then(this, [this, id = t.id, runtimeId, name, outstanding,
                                                        rt = QPointer(rt)](const Status &r) {
            auto finish = [this, id, outstanding] {
                if (--*outstanding == 0)
                    done(id);
            };
            if (!r && r.error().code != runtime::errc::NotFound) {
                qCWarning(lcTasks) << "stopping" << runtimeId << "failed:" << r.error().message;
                finish();
                return; // retried by the next pass
            }
            if (!rt || !r) {
                // Gone from the engine: stopped, with no exit code to report.
                update(id, [&](Task &task) {
                    if (TaskContainer *c = task.container(name); c && c->lastStatus != ContainerRunState::Stopped) {
                        c->lastStatus = ContainerRunState::Stopped;
                        c->finishedAt = m_cp.clock().now();
                        c->networkBindings.clear();
                    }
                });
                finish();
                return;
            }
            rt->inspect(runtimeId).then(this, [this, id, name, finish](const Result<runtime::ContainerState> &s) {
                update(id, [&](Task &task) {
                    TaskContainer *c = task.container(name);
                    if (!c || c->lastStatus == ContainerRunState::Stopped)
                        return;
                    c->lastStatus = ContainerRunState::Stopped;
                    c->networkBindings.clear();
                    if (s) {
                        c->exitCode = s.value().exitCode;
                        c->finishedAt = s.value().finishedAt.isValid() ? s.value().finishedAt : m_cp.clock().now();
                    } else {
                        c->finishedAt = m_cp.clock().now();
                    }
                });
                finish();
            });
        });
    }
}

void TaskController::deprovision(const Task &t, ContainerRuntime *rt)
{
    m_busy.insert(t.id);
    const docker::Pending<Ok> removed =
        t.network.isEmpty() ? docker::makeReadyPending<Ok>(Ok{}) : rt->removeTaskNetwork(t.network);
    removed.then(this, [this, id = t.id](const Status &r) {
        done(id);
        if (!r && r.error().code != runtime::errc::NotFound) {
            const int tries = ++m_networkRetries[id];
            qCWarning(lcTasks) << "removing the network of task" << id << "failed:" << r.error().message;
            if (tries < 20)
                return; // retried by the next pass; the task stops anyway after that
        }
        m_networkRetries.remove(id);
        const std::optional<Task> before = m_cp.task({}, id);
        if (!before)
            return;
        QString summary = before->stoppedReason;
        for (const TaskContainer &c : before->containers) {
            if (c.exitCode)
                summary += QStringLiteral("; %1 exited with code %2").arg(c.name).arg(*c.exitCode);
        }
        update(
            id,
            [&](Task &task) {
                task.lastStatus = TaskStatus::Stopped;
                task.stoppedAt = m_cp.clock().now();
                if (!task.executionStoppedAt.isValid())
                    task.executionStoppedAt = task.stoppedAt;
            },
            {QStringLiteral("Task %1 (%2) STOPPED: %3.").arg(id, before->taskDefinition(), summary)});
    });
}

void TaskController::removeTaskContainers(const Task &t, ContainerRuntime *rt)
{
    for (const TaskContainer &c : t.containers) {
        if (!c.runtimeId.isEmpty())
            rt->removeContainer(c.runtimeId, true);
    }
}

void TaskController::onContainerExited(const QString &runtimeId, int exitCode)
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
    const std::optional<Task> t = m_cp.task({}, taskId);
    if (!t)
        return;
    const TaskContainer *c = t->container(name);
    if (!c || c->lastStatus == ContainerRunState::Stopped)
        return;
    const bool stopsTask = c->essential && t->desiredStatus != TaskStatus::Stopped;
    QStringList notes;
    if (stopsTask)
        notes.append(QStringLiteral("Task %1 (%2): essential container %3 exited with code %4; stopping the task.")
                         .arg(taskId, t->taskDefinition(), name)
                         .arg(exitCode));
    update(
        taskId,
        [&](Task &task) {
            TaskContainer *tc = task.container(name);
            tc->lastStatus = ContainerRunState::Stopped;
            tc->exitCode = exitCode;
            tc->finishedAt = m_cp.clock().now();
            tc->networkBindings.clear();
            if (stopsTask) {
                task.desiredStatus = TaskStatus::Stopped;
                task.stopCode = StopCode::EssentialContainerExited;
                task.stoppedReason = QStringLiteral("Essential container in task exited");
            }
        },
        notes);
}

void TaskController::onHealthChanged(const QString &runtimeId, runtime::HealthStatus health)
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
    const std::optional<Task> before = m_cp.task({}, taskId);
    if (!before)
        return;
    const Health h = healthOf(health);
    QStringList notes;
    Task after = *before;
    if (TaskContainer *c = after.container(name))
        c->health = h;
    if (aggregateHealth(after.containers) != before->healthStatus)
        notes.append(QStringLiteral("Task %1 (%2) is %3 (container %4 is %5).")
                         .arg(taskId, before->taskDefinition(), toString(aggregateHealth(after.containers)), name,
                              toString(h)));
    update(
        taskId,
        [&](Task &task) {
            if (TaskContainer *c = task.container(name))
                c->health = h;
        },
        notes);
}

void TaskController::update(const QString &taskId, const std::function<void(Task &)> &mutate,
                            const QStringList &notes)
{
    if (Result<Task> r = m_cp.updateTask(taskId, mutate, notes); !r)
        qCWarning(lcTasks) << "cannot record task" << taskId << ":" << r.error().message;
}

void TaskController::done(const QString &taskId)
{
    m_busy.remove(taskId);
    scheduleReconcile();
}

} // namespace fd
