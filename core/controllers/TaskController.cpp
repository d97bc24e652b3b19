#include "TaskController.h"

#include "ControlPlane.h"
#include "ops/TaskDefinitions.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"
#include "registries/InstanceRegistry.h"
#include "registries/TaskDefinitionRegistry.h"
#include "registries/TaskRegistry.h"
#include "state/Kinds.h"
#include "tasks/TaskPlanner.h"
#include "tasks/TaskTransitions.h"

#include <QLoggingCategory>

#include <functional>

namespace fd {

Q_DECLARE_LOGGING_CATEGORY(lcTasks)

using reconcile::Outcome;
using runtime::ContainerRuntime;

const QString TaskController::kPlacementKey = QStringLiteral("placement");
const QString TaskController::kPurgeKey = QStringLiteral("purge");
const QString TaskController::kDeletionsKey = QStringLiteral("task-definition-deletions");

namespace {

constexpr qint64 kKeepStoppedMs = 3600 * 1000; // ECS keeps STOPPED tasks for at least an hour
constexpr qint64 kDeletionRecheckMs = 10 * 1000; // a task definition waiting to be deleted: looked at again

reconcile::ReconcileLoop::Options loopOptions()
{
    reconcile::ReconcileLoop::Options o;
    o.controller = QStringLiteral("tasks");
    o.backoffBase = std::chrono::milliseconds(250);
    o.backoffCap = std::chrono::seconds(30);
    return o;
}

} // namespace

TaskController::TaskController(ControlPlane &cp, RuntimeFor runtimeFor, QObject *parent)
    : QObject(parent), m_cp(cp), m_runtimeFor(std::move(runtimeFor)),
      m_loop(cp.clock(), loopOptions(), [this](const QString &key) { return process(key); }), m_executor(cp, m_loop)
{
    m_loop.setKeySource([this](const reconcile::ReconcileLoop::KeySink &add) { listActiveTasks(add); });
    connect(&m_loop, &reconcile::ReconcileLoop::roundFinished, this, &TaskController::reconciled);
    connect(&m_executor, &TaskExecutor::adoptionNeeded, this, &TaskController::readopt);
}

TaskController::~TaskController()
{
    stop();
}

void TaskController::start()
{
    connectTriggers();
    m_loop.start();
    m_loop.enqueue(kPurgeKey);
    enqueueForChange();
}

void TaskController::stop()
{
    disconnect(&m_cp, nullptr, this, nullptr);
    m_loop.stop();
}

void TaskController::reconcileNow()
{
    enqueueForChange();
    m_loop.runDue(1);
}

// ---- triggers -------------------------------------------------------------------------------

void TaskController::connectTriggers()
{
    connect(&m_cp, &ControlPlane::changed, this, &TaskController::enqueueChanged, Qt::UniqueConnection);
}

// Every task that is not STOPPED, and a placement attempt for waiting ones (start, reconcileNow).
void TaskController::enqueueForChange()
{
    m_loop.enqueue(kPlacementKey);
    m_loop.enqueue(kDeletionsKey);
    m_loop.enqueueAll();
}

// The one mapping from a committed change set to keys: each task written is looked at again; when
// what an instance holds or offers changed (a task stopped or moved, an instance drained or came
// back) waiting tasks get a placement attempt; an engine's connection changing concerns every task.
void TaskController::enqueueChanged(const state::ChangeSet &changes)
{
    if (changes.touches(state::kEngineKind)) {
        enqueueForChange();
        return;
    }
    for (const QString &id : changes.ids(state::kTaskKind))
        m_loop.enqueue(id);
    if (changes.touches(state::kTaskDefinitionDeletionKind))
        m_loop.enqueue(kDeletionsKey);
    if (changes.touches(state::kInstanceKind))
        m_loop.enqueue(kPlacementKey);
}

// The ids as the registry keeps them (no list, no copies): the loop knows a key listed as the same
// string as last time without looking it up.
void TaskController::listActiveTasks(const reconcile::ReconcileLoop::KeySink &add) const
{
    for (const Task &t : m_cp.tasks().registry().all()) {
        if (!t.isStopped())
            add(t.id);
    }
}

// ---- passes ---------------------------------------------------------------------------------

namespace {

state::Cause passCause()
{
    return state::Cause::controller(QStringLiteral("task-controller"));
}

} // namespace

Outcome TaskController::process(const QString &key)
{
    // Most keys are task ids (32 hex digits): told apart by their length, or by the prefix's colon
    // before the prefix is compared.
    static constexpr QStringView kEnginePrefix = u"engine:";
    const bool engineKey =
        key.size() > kEnginePrefix.size() && key.at(kEnginePrefix.size() - 1) == u':' && key.startsWith(kEnginePrefix);
    if (engineKey || key == kPlacementKey || key == kPurgeKey || key == kDeletionsKey) {
        const ControlPlane::CauseScope cause(m_cp, passCause());
        if (key == kPlacementKey)
            return placeWaiting();
        if (key == kPurgeKey)
            return purge();
        if (key == kDeletionsKey)
            return finishDeletions();
        return adopt(key.mid(7));
    }
    return processTask(key); // opens the cause's scope only for a step that acts
}

Outcome TaskController::processTask(const QString &taskId)
{
    // Read in place, not copied: a pass reads every task, and most have nothing to do. `t` is valid
    // until the first commit, so the step is applied to a copy.
    const Task *t = findTask(taskId);
    if (!t) {
        m_loop.forget(taskId);
        return Outcome::done();
    }
    m_executor.index(*t);
    if (t->isStopped()) {
        // Done with it; its containers and record go an hour later.
        m_loop.forget(taskId);
        if (t->stoppedAt.isValid())
            m_loop.enqueueAt(kPurgeKey, t->stoppedAt.addMSecs(kKeepStoppedMs + 1));
        return Outcome::done();
    }
    if (!t->isPlaced())
        return Outcome::done(); // placement's business
    // A FARGATE task runs on its engine, without a container instance.
    const bool onFargate = t->isFargate();
    const ContainerInstance *ci = onFargate ? nullptr : m_cp.instances().registry().find(t->containerInstanceId);
    QString engineId;
    bool adopted = false;
    ContainerRuntime *rt =
        onFargate ? runtimeForEngine(t->engineId, &engineId, &adopted) : runtimeForInstance(ci, &engineId, &adopted);
    if (!rt)
        return Outcome::done(); // the agent (or the Fargate engine) is disconnected: the task waits, as on ECS
    if (!adopted) {
        m_loop.enqueue(engineKey(engineId)); // the engine's adoption looks at this task again
        return Outcome::done();
    }

    tasks::TaskPlanContext in;
    in.definition = definitionOf(*t);
    if (tasks::isSettled(*t, in.definition != nullptr))
        return Outcome::done(); // what planTaskStep() would say, without building a step
    in.instanceKnown = onFargate || ci != nullptr;
    in.instanceName =
        onFargate ? QStringLiteral("FARGATE (engine %1)").arg(t->engineId) : (ci ? ci->ec2InstanceId : QString());
    in.now = m_cp.clock().now();
    if (t->lastStatus == TaskStatus::Deactivating && m_deactivationHold)
        in.deactivationHold = m_deactivationHold(*t);
    const tasks::TaskStep step = tasks::planTaskStep(*t, in);
    if (step.kind == tasks::StepKind::None) {
        Outcome o = Outcome::done(step.decision, step.reason);
        return step.recheckAt.isValid() ? o.lookAgainAt(step.recheckAt) : o;
    }

    const Task task = *t; // the step's commits move the registry
    const std::optional<TaskDefinition> definition =
        in.definition ? std::optional<TaskDefinition>(*in.definition) : std::nullopt;
    TaskExecutor::Target target;
    target.runtime = rt;
    target.engineId = engineId;
    target.definition = definition ? &*definition : nullptr;
    // Ports go on the task's own address (awsvpc), else on its instance's.
    target.hostIp = task.eni ? task.eni->privateIPv4Address : (ci ? ci->address : QString());
    const ControlPlane::CauseScope cause(m_cp, passCause());
    return m_executor.apply(task, step, target);
}

Outcome TaskController::placeWaiting()
{
    const int placed = m_cp.tasks().placeWaiting();
    if (placed == 0)
        return Outcome::done();
    return Outcome::done(QStringLiteral("placed %1 waiting task(s)").arg(placed), QStringLiteral("capacity appeared"));
}

Outcome TaskController::purge()
{
    const QDateTime now = m_cp.clock().now();
    const QDateTime cutoff = now.addMSecs(-kKeepStoppedMs);
    QDateTime next = now.addMSecs(kKeepStoppedMs); // nothing stopped yet: look again in an hour
    for (const Task &t : m_cp.tasks().list()) {
        if (!t.isStopped() || !t.stoppedAt.isValid())
            continue;
        if (t.stoppedAt >= cutoff) {
            next = std::min(next, t.stoppedAt.addMSecs(kKeepStoppedMs + 1));
            continue;
        }
        // Containers of tasks about to be forgotten go with them (ECS's agent cleans up too).
        QString engineId;
        ContainerRuntime *rt = t.isFargate() ? runtimeForEngine(t.engineId, &engineId)
                                             : runtimeForInstance(t.containerInstanceId, &engineId);
        if (rt) {
            for (const TaskContainer &c : t.containers) {
                if (!c.runtimeId.isEmpty())
                    rt->removeContainer(c.runtimeId, true);
            }
        }
    }
    const int purged = m_cp.tasks().purgeStopped(std::chrono::milliseconds(kKeepStoppedMs));
    Outcome o = purged > 0 ? Outcome::done(QStringLiteral("forget %1 stopped task(s)").arg(purged),
                                           QStringLiteral("STOPPED for more than an hour"))
                           : Outcome::done();
    return o.lookAgainAt(next);
}

// DeleteTaskDefinitions: the DELETE_IN_PROGRESS revisions nothing uses any more go for good; the
// others are looked at again while they wait for their tasks and services to go.
Outcome TaskController::finishDeletions()
{
    const Result<int> waiting = m_cp.taskDefinitions().finishDeletions();
    if (!waiting)
        return Outcome::failed(QStringLiteral("could not delete task definitions: %1").arg(waiting.error().message));
    if (*waiting == 0)
        return Outcome::done();
    return Outcome::done().lookAgainAt(m_cp.clock().now().addMSecs(kDeletionRecheckMs));
}

// The task by its id. A full pass takes the keys in the registry's order, as the very strings the
// registry keeps (listActiveTasks()): the task after the last one found is checked first, by the
// identity of the id's characters (the same characters in memory are the same id), before a
// lookup by id.
const Task *TaskController::findTask(const QString &id)
{
    const registries::TaskRegistry &registry = m_cp.tasks().registry();
    const QList<Task> &all = registry.all();
    const qsizetype next = m_lastTask + 1;
    if (next < all.size()) { // m_lastTask is -1 at least
        const QString &candidate = all[next].id;
        if (candidate.constData() == id.constData() && candidate.size() == id.size()) {
            m_lastTask = next;
            return &all[next];
        }
    }
    const Task *t = registry.find(id);
    m_lastTask = t ? t - all.constData() : -1;
    return t;
}

// The task's revision. A pass meets the same revision task after task: the last one found is
// checked first. It is read only while it lies in the registry's list (which a new revision may
// move) and names the task's family and revision, so it is never a stale answer.
const TaskDefinition *TaskController::definitionOf(const Task &t)
{
    const registries::TaskDefinitionRegistry &registry = m_cp.taskDefinitions().registry();
    const QList<TaskDefinition> &all = registry.all();
    const TaskDefinition *last = m_lastDefinition;
    const bool inList = last && !std::less<const TaskDefinition *>()(last, all.constData()) &&
                        std::less<const TaskDefinition *>()(last, all.constData() + all.size());
    if (inList && last->revision == t.revision && last->spec.family == t.family)
        return last;
    m_lastDefinition = registry.find(t.family, t.revision);
    return m_lastDefinition;
}

// ---- engines --------------------------------------------------------------------------------

ContainerRuntime *TaskController::runtimeForInstance(const QString &instanceId, QString *engineId)
{
    return runtimeForInstance(m_cp.instances().registry().find(instanceId), engineId);
}

ContainerRuntime *TaskController::runtimeForInstance(const ContainerInstance *ci, QString *engineId, bool *adopted)
{
    if (!ci)
        return nullptr;
    const Engine *engine = m_cp.instances().registry().engine(ci->engineId);
    if (!engine || !engine->connected)
        return nullptr;
    ContainerRuntime *rt = m_runtimeFor(*engine);
    if (rt) {
        *engineId = engine->id;
        const bool isAdopted = watch(engine->id, rt).adopted;
        if (adopted)
            *adopted = isAdopted;
    }
    return rt;
}

ContainerRuntime *TaskController::runtimeForEngine(const QString &id, QString *engineId, bool *adopted)
{
    const Engine *engine = m_cp.instances().registry().engine(id);
    if (!engine || !engine->connected)
        return nullptr;
    ContainerRuntime *rt = m_runtimeFor(*engine);
    if (rt) {
        *engineId = engine->id;
        const bool isAdopted = watch(engine->id, rt).adopted;
        if (adopted)
            *adopted = isAdopted;
    }
    return rt;
}

const TaskController::Watched &TaskController::watch(const QString &engineId, ContainerRuntime *rt)
{
    // A pass asks for every task's engine, and most tasks share a few: the last answer first.
    if (m_lastWatched && m_lastWatched->runtime == rt && m_lastWatchedId == engineId)
        return *m_lastWatched;
    Watched &w = m_engines[engineId];
    if (w.runtime == rt) {
        m_lastWatched = &w;
        m_lastWatchedId = engineId;
        return w;
    }
    if (w.runtime)
        disconnect(w.runtime, &ContainerRuntime::resyncNeeded, this, nullptr);
    w.runtime = rt;
    w.adopted = false;
    ++w.generation;
    // An adoption listing the previous runtime is over (its answer may never come): adopt again.
    if (m_loop.isInFlight(engineKey(engineId))) {
        m_loop.complete(engineKey(engineId), Outcome::done());
        m_loop.enqueue(engineKey(engineId));
    }
    m_executor.watch(rt);
    connect(rt, &ContainerRuntime::resyncNeeded, this, [this, engineId] { readopt(engineId); });
    return m_engines[engineId]; // the calls above may have added engines
}

void TaskController::readopt(const QString &engineId)
{
    Watched &w = m_engines[engineId];
    w.adopted = false;
    ++w.generation; // an adoption under way may have listed before what was missed
    m_loop.enqueue(engineKey(engineId));
}

// Matches what the engine runs to the tasks before any step on that engine, so that nothing is
// started twice after a restart and exits missed while away are not lost.
Outcome TaskController::adopt(const QString &engineId)
{
    Watched &w = m_engines[engineId];
    if (w.adopted || !w.runtime)
        return Outcome::done();
    const int generation = w.generation;
    w.runtime->list({QStringLiteral("fleetdeck.managed=true")})
        .then(this, [this, engineId, generation, rt = w.runtime](const Result<QList<runtime::ContainerState>> &r) {
            const QString key = engineKey(engineId);
            if (!rt || m_engines[engineId].runtime != rt)
                return; // the engine has another runtime now; watch() ended this pass
            if (!r) {
                const QString message =
                    QStringLiteral("cannot list containers on engine %1: %2").arg(engineId, r.error().message);
                qCWarning(lcTasks) << message;
                m_loop.complete(key, Outcome::failed(message));
                return;
            }
            finishAdoption(engineId, r.value());
            if (m_engines[engineId].generation == generation)
                m_engines[engineId].adopted = true;
            m_loop.enqueueAll(); // the engine's tasks wait for this
            m_loop.complete(
                key, Outcome::done(QStringLiteral("adopted"),
                                   QStringLiteral("%1 managed container(s) on the engine").arg(r.value().size())));
        });
    return Outcome::inFlight(QStringLiteral("list containers on engine %1").arg(engineId),
                             QStringLiteral("adopt what runs there before any step"));
}

void TaskController::finishAdoption(const QString &engineId, const QList<runtime::ContainerState> &containers)
{
    QHash<QString, runtime::ContainerState> byName;
    for (const runtime::ContainerState &s : containers)
        byName.insert(s.name.startsWith(u'/') ? s.name.mid(1) : s.name, s);
    QHash<QString, QString> engineOf; // instance id -> engine id
    const QDateTime now = m_cp.clock().now();
    for (const Task &t : m_cp.tasks().list()) {
        if (t.isStopped() || !t.isPlaced() || m_loop.isInFlight(t.id))
            continue;
        if (t.isFargate()) {
            if (t.engineId == engineId)
                m_executor.update(t.id, [&](const Task &task) { return tasks::adoptContainers(task, byName, now); });
            continue;
        }
        auto it = engineOf.constFind(t.containerInstanceId);
        if (it == engineOf.cend()) {
            const std::optional<ContainerInstance> ci = m_cp.instances().find({}, t.containerInstanceId);
            it = engineOf.insert(t.containerInstanceId, ci ? ci->engineId : QString());
        }
        if (*it != engineId)
            continue;
        m_executor.update(t.id, [&](const Task &task) { return tasks::adoptContainers(task, byName, now); });
    }
}

} // namespace fd
