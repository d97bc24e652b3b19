#include "LoadBalancerController.h"

#include "ControlPlane.h"
#include "controllers/lb/ProxyTable.h"
#include "controllers/lb/ServiceTargets.h"
#include "ops/LoadBalancers.h"
#include "ops/Services.h"
#include "ops/TargetGroups.h"
#include "ops/Tasks.h"
#include "ops/Instances.h"
#include "registries/InstanceRegistry.h"
#include "registries/ServiceRegistry.h"
#include "registries/TaskRegistry.h"
#include "state/Kinds.h"

#include <QDateTime>
#include <QPointer>
#include <QTimer>

#include <algorithm>

namespace fd {

using namespace std::chrono_literals;

namespace {

constexpr auto kDrainRecheck = 1s;      // control-plane time between looks at a draining target
// A request routed just before an apply has reached its target (and its in-flight count) by then,
// even when a long request elsewhere keeps an earlier table in use.
constexpr qint64 kSettleRealMs = 300;

const QString kTargetPrefix = QStringLiteral("tg/");

struct TargetRef
{
    QString targetGroupId;
    elb::TargetKey target;
};

QString targetKey(const QString &targetGroupId, const elb::TargetKey &t)
{
    return kTargetPrefix + targetGroupId + u'/' + t.id + u'/' + QString::number(t.port);
}

std::optional<TargetRef> parseTargetKey(const QString &key)
{
    const QStringList parts = QStringView(key).mid(kTargetPrefix.size()).toString().split(u'/');
    if (parts.size() != 3)
        return std::nullopt;
    bool ok = false;
    const int port = parts[2].toInt(&ok);
    if (!ok)
        return std::nullopt;
    return TargetRef{parts[0], elb::TargetKey{parts[1], port}};
}

// A copy of a registered target, for code that commits while it still reads the target.
std::optional<elb::Target> findTarget(const ControlPlane &cp, const QString &targetGroupId, const elb::TargetKey &key)
{
    const elb::Target *t = cp.targetGroups().target(targetGroupId, key);
    return t ? std::optional<elb::Target>(*t) : std::nullopt;
}

lbctl::ProbeOutcome outcomeOf(const lb::ProbeResult &r)
{
    using O = lb::ProbeResult::Outcome;
    lbctl::ProbeOutcome o;
    switch (r.outcome) {
    case O::Response:
        o.kind = lbctl::ProbeOutcome::Kind::Response;
        o.statusCode = r.statusCode;
        break;
    case O::Timeout:
        o.kind = lbctl::ProbeOutcome::Kind::Timeout;
        break;
    default:
        o.kind = lbctl::ProbeOutcome::Kind::Failed;
        o.detail = QString::fromStdString(r.detail);
        break;
    }
    return o;
}

qint64 realNowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

LoadBalancerController::LoadBalancerController(ControlPlane &cp, lb::ProxyOptions options, QObject *parent)
    : QObject(parent),
      m_cp(cp),
      m_proxy(std::make_unique<lb::Proxy>(std::move(options))),
      m_targets(cp.clock(), {QStringLiteral("load-balancer")}, [this](const QString &key) { return processTarget(key); }),
      m_services(cp.clock(), {QStringLiteral("load-balancer-services")},
                 [this](const QString &key) { return processService(key); })
{
    connect(&m_cp, &ControlPlane::changed, this, &LoadBalancerController::onChanged);
    m_routingDirty = true;
    enqueueAllTargets();
    enqueueAllServices();
}

LoadBalancerController::~LoadBalancerController()
{
    m_proxy.reset(); // joins the proxy's threads before the loops go
}

void LoadBalancerController::start()
{
    m_running = true;
    applyRouting();
    m_targets.start();
    m_services.start();
}

void LoadBalancerController::stop()
{
    m_running = false;
    m_targets.stop();
    m_services.stop();
}

void LoadBalancerController::reconcileNow()
{
    applyRouting();
    for (int i = 0; i < 4; ++i) {
        const int n = m_services.runDue(2) + m_targets.runDue(2);
        if (m_routingDirty)
            applyRouting();
        if (n == 0)
            break;
    }
}

void LoadBalancerController::onChanged(const state::ChangeSet &changes)
{
    const bool routing = changes.touches(state::kLoadBalancerKind) || changes.touches(state::kListenerKind) ||
                         changes.touches(state::kListenerRuleKind) || changes.touches(state::kTargetGroupKind) ||
                         changes.touches(state::kTargetKind) || changes.touches(state::kInstanceKind);
    if (routing && !m_routingDirty) {
        m_routingDirty = true;
        if (m_running)
            QTimer::singleShot(0, this, &LoadBalancerController::applyRouting);
    }
    for (const QString &id : changes.ids(state::kTargetKind))
        m_targets.enqueue(kTargetPrefix + id);
    // A group put in or out of use (a listener or rule now forwards to it, or no longer) or with new
    // health-check settings: look at all of its targets.
    if (changes.touches(state::kTargetGroupKind) || changes.touches(state::kListenerKind) ||
        changes.touches(state::kListenerRuleKind))
        enqueueAllTargets();
    for (const QString &id : changes.ids(state::kServiceKind))
        m_services.enqueue(id);
    if (changes.touches(state::kTaskKind) || changes.touches(state::kTargetKind))
        enqueueAllServices();
}

void LoadBalancerController::applyRouting()
{
    if (!m_routingDirty)
        return;
    m_routingDirty = false;
    m_listenerErrors = m_proxy->apply(lbctl::toProxyTable(m_cp.loadBalancers().routingTable()));
    m_appliedAtMs = realNowMs();
    emit routingApplied();
}

void LoadBalancerController::enqueueAllTargets()
{
    for (const elb::TargetGroup &tg : m_cp.targetGroups().list()) {
        for (const elb::Target &t : m_cp.targetGroups().targets(tg.id))
            m_targets.enqueue(targetKey(tg.id, t.key()));
    }
}

void LoadBalancerController::enqueueAllServices()
{
    for (const Service &s : m_cp.services().registry().all()) {
        if (!s.loadBalancers.isEmpty())
            m_services.enqueue(s.cluster + u'/' + s.name);
    }
}

// A task not STOPPED whose ENI has `address`, running on a simulated engine (its instance's, or
// its own for FARGATE).
bool LoadBalancerController::simulatedTaskAt(const QString &address) const
{
    const registries::InstanceRegistry &instances = m_cp.instances().registry();
    for (const Task &task : m_cp.tasks().registry().all()) {
        if (task.isStopped() || !task.eni || task.eni->privateIPv4Address != address)
            continue;
        QString engineId = task.engineId;
        if (!task.isFargate()) {
            const ContainerInstance *ci = instances.find(task.containerInstanceId);
            engineId = ci ? ci->engineId : QString();
        }
        const Engine *engine = instances.engine(engineId);
        return engine && engine->kind == Engine::Kind::Simulated;
    }
    return false;
}

reconcile::Outcome LoadBalancerController::processTarget(const QString &key)
{
    const std::optional<TargetRef> ref = parseTargetKey(key);
    const std::optional<elb::TargetGroup> tg = ref ? m_cp.targetGroups().find(ref->targetGroupId) : std::nullopt;
    const std::optional<elb::Target> t = tg ? findTarget(m_cp, ref->targetGroupId, ref->target) : std::nullopt;
    if (!t) {
        m_runs.remove(key);
        m_nextProbe.remove(key);
        m_drained.remove(key);
        if (const QString task = m_taskOfTarget.take(key); !task.isEmpty() && m_onReleased)
            m_onReleased(task);
        return reconcile::Outcome::done();
    }
    if (elb::isDraining(t->state))
        return drain(key, ref->targetGroupId, ref->target);
    m_drained.remove(key);
    if (!tg->healthCheck.enabled)
        return reconcile::Outcome::done();
    if (m_cp.targetGroups().loadBalancerIds(tg->id).isEmpty())
        return reconcile::Outcome::done(); // unused: no load balancer checks it

    const QDateTime now = m_cp.clock().now();
    if (const QDateTime due = m_nextProbe.value(key); due.isValid() && due > now)
        return reconcile::Outcome::done().lookAgainAt(due);

    QString host = t->id;
    if (tg->targetType == u"ip") {
        // An awsvpc task on a simulated engine runs no real server either: judged as above.
        if (simulatedTaskAt(t->id)) {
            lbctl::ProbeOutcome simulated;
            simulated.kind = lbctl::ProbeOutcome::Kind::Response;
            simulated.statusCode = 200;
            return judge(key, simulated, QStringLiteral("200 (simulated task)"));
        }
    } else {
        const ContainerInstance *ci = m_cp.instances().registry().findByEc2(t->id);
        host = ci ? ci->address : QString();
        // A simulated instance runs no real server: its targets pass their checks as its simulated
        // containers do (they run), so services behind a load balancer can be taught without Docker.
        const Engine *engine = ci ? m_cp.instances().registry().engine(ci->engineId) : nullptr;
        if (engine && engine->kind == Engine::Kind::Simulated) {
            lbctl::ProbeOutcome simulated;
            simulated.kind = lbctl::ProbeOutcome::Kind::Response;
            simulated.statusCode = 200;
            return judge(key, simulated, QStringLiteral("200 (simulated instance)"));
        }
    }
    const int port = tg->healthCheck.port == u"traffic-port" ? t->port : tg->healthCheck.port.toInt();
    if (host.isEmpty()) {
        lbctl::ProbeOutcome unreachable;
        unreachable.detail = QStringLiteral("the instance has no address");
        return judge(key, unreachable, unreachable.detail);
    }
    lb::ProbeRequest request;
    request.host = host.toStdString();
    request.port = std::uint16_t(port);
    request.path = tg->healthCheck.path.toStdString();
    // The timeout is control-plane time: at teaching speed x20 a 5 s timeout is 250 ms of real time.
    const double rate = m_cp.clock().rate() > 0 ? m_cp.clock().rate() : 1.0;
    request.timeout = std::chrono::milliseconds(std::max<qint64>(100, qint64(tg->healthCheck.timeoutSeconds * 1000 / rate)));
    QPointer<LoadBalancerController> self(this);
    m_proxy->probe(request, [self, key](lb::ProbeResult result) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, key, result] {
                if (self)
                    self->probeAnswered(key, result);
            },
            Qt::QueuedConnection);
    });
    return reconcile::Outcome::inFlight(
        QStringLiteral("health check GET %1:%2%3").arg(host).arg(port).arg(tg->healthCheck.path));
}

void LoadBalancerController::probeAnswered(const QString &key, const lb::ProbeResult &result)
{
    const QString answered = result.outcome == lb::ProbeResult::Outcome::Response
                                 ? QString::number(result.statusCode)
                                 : QString::fromLatin1(lb::toString(result.outcome));
    m_targets.complete(key, judge(key, outcomeOf(result), answered));
}

reconcile::Outcome LoadBalancerController::judge(const QString &key, const lbctl::ProbeOutcome &outcome,
                                                 const QString &answered)
{
    const std::optional<TargetRef> ref = parseTargetKey(key);
    const std::optional<elb::TargetGroup> tg = ref ? m_cp.targetGroups().find(ref->targetGroupId) : std::nullopt;
    const std::optional<elb::Target> t = tg ? findTarget(m_cp, ref->targetGroupId, ref->target) : std::nullopt;
    if (!t || elb::isDraining(t->state)) {
        m_targets.enqueue(key); // gone or draining meanwhile: the next pass sees to it
        return reconcile::Outcome::done();
    }
    const std::optional<lbctl::HealthChange> change = lbctl::judgeProbe(*t, tg->healthCheck, m_runs[key], outcome);
    QString decision;
    if (change) {
        ControlPlane::CauseScope cause(m_cp, state::Cause::controller(QStringLiteral("load-balancer")));
        const Result<int> written = m_cp.targetGroups().setTargetHealth(
            {ops::TargetHealthUpdate{ref->targetGroupId, ref->target, change->state, change->reason, change->description}});
        if (!written)
            return reconcile::Outcome::failed(written.error().message);
        decision = QStringLiteral("%1 -> %2").arg(elb::toString(t->state), elb::toString(change->state));
    }
    const QDateTime next = m_cp.clock().now().addSecs(tg->healthCheck.intervalSeconds);
    m_nextProbe.insert(key, next);
    return reconcile::Outcome::done(decision, QStringLiteral("health check answered %1").arg(answered)).lookAgainAt(next);
}

reconcile::Outcome LoadBalancerController::drain(const QString &key, const QString &targetGroupId,
                                                 const elb::TargetKey &target)
{
    const std::optional<elb::Target> t = findTarget(m_cp, targetGroupId, target);
    const QDateTime now = m_cp.clock().now();
    if (t->drainDeadline.isValid() && t->drainDeadline <= now) {
        ControlPlane::CauseScope cause(m_cp, state::Cause::controller(QStringLiteral("load-balancer")));
        const Result<int> removed = m_cp.targetGroups().finishDeregistrations({{targetGroupId, target}});
        if (!removed)
            return reconcile::Outcome::failed(removed.error().message);
        return reconcile::Outcome::done(QStringLiteral("deregistration of %1:%2 complete").arg(target.id).arg(target.port),
                                        QStringLiteral("the deregistration delay ended"));
    }
    QDateTime recheck = now.addMSecs(std::chrono::milliseconds(kDrainRecheck).count());
    if (t->drainDeadline.isValid())
        recheck = std::min(recheck, t->drainDeadline);
    if (!m_drained.contains(key)) {
        // Ends early once nothing is in flight, on a routing table that no longer sends it new requests.
        const bool settled = !m_routingDirty && (m_proxy->earlierTablesReleased() ||
                                                 realNowMs() - m_appliedAtMs >= kSettleRealMs);
        const std::uint64_t inFlight = m_proxy->inFlight(targetGroupId.toStdString(), lbctl::proxyTargetId(*t));
        if (settled && inFlight == 0) {
            m_drained.insert(key);
            if (const QString task = m_taskOfTarget.value(key); !task.isEmpty() && m_onReleased)
                m_onReleased(task);
            return reconcile::Outcome::done(QStringLiteral("drained %1:%2").arg(target.id).arg(target.port),
                                            QStringLiteral("no request in flight; draining until %1")
                                                .arg(t->drainDeadline.toString(Qt::ISODate)))
                .lookAgainAt(t->drainDeadline.isValid() ? t->drainDeadline : recheck);
        }
        if (!settled)
            recheck = std::min(recheck, now.addMSecs(100));
    }
    return reconcile::Outcome::done().lookAgainAt(recheck);
}

QString LoadBalancerController::deactivationHold(const Task &task) const
{
    if (!task.group.startsWith(u"service:"))
        return {};
    const Service *service = m_cp.services().registry().find(task.cluster, task.group.mid(8));
    if (!service || service->loadBalancers.isEmpty())
        return {};
    const auto ec2Of = std::bind_front(&registries::InstanceRegistry::ec2InstanceIdOf, &m_cp.instances().registry());
    for (const lbctl::TaskTarget &tt : lbctl::targetsOfTask(*service, task, ec2Of)) {
        const elb::Target *t = m_cp.targetGroups().target(tt.targetGroupId, tt.target);
        if (!t)
            continue;
        if (!elb::isDraining(t->state))
            return QStringLiteral("deregistering from (target-group %1)").arg(tt.targetGroupArn);
        if (!m_drained.contains(targetKey(tt.targetGroupId, tt.target)))
            return QStringLiteral("draining connections in (target-group %1)").arg(tt.targetGroupArn);
    }
    return {};
}

reconcile::Outcome LoadBalancerController::processService(const QString &key)
{
    const qsizetype slash = key.indexOf(u'/');
    const Service *service = m_cp.services().registry().find(key.left(slash), key.mid(slash + 1));
    if (!service || service->loadBalancers.isEmpty())
        return reconcile::Outcome::done();
    const QList<const Task *> tasks = m_cp.tasks().registry().group(service->cluster, service->group());
    const auto ec2Of = std::bind_front(&registries::InstanceRegistry::ec2InstanceIdOf, &m_cp.instances().registry());
    QHash<QString, QList<elb::Target>> registered;
    for (const ServiceLoadBalancer &lb : service->loadBalancers) {
        const QString id = lbctl::targetGroupIdFromArn(lb.targetGroupArn);
        if (!registered.contains(id))
            registered.insert(id, m_cp.targetGroups().targets(id));
    }
    const lbctl::ServiceTargetPlan plan = lbctl::planServiceTargets(*service, tasks, ec2Of, registered);
    if (plan.isEmpty())
        return reconcile::Outcome::done();

    ControlPlane::CauseScope cause(m_cp, state::Cause::controller(QStringLiteral("load-balancer")));
    QStringList events;
    QStringList decisions;
    QSet<QString> drainingTasks;
    // Grouped by target group, in the order of the service's loadBalancers.
    for (const ServiceLoadBalancer &lb : service->loadBalancers) {
        const QString tgId = lbctl::targetGroupIdFromArn(lb.targetGroupArn);
        QList<ops::TargetSpec> add, remove;
        for (const lbctl::TaskTarget &t : plan.registrations) {
            if (t.targetGroupArn == lb.targetGroupArn)
                add.append(ops::TargetSpec{t.target.id, t.target.port, {}});
        }
        for (const lbctl::TaskTarget &t : plan.deregistrations) {
            if (t.targetGroupArn != lb.targetGroupArn)
                continue;
            remove.append(ops::TargetSpec{t.target.id, t.target.port, {}});
            m_taskOfTarget.insert(targetKey(tgId, t.target), t.taskId);
            drainingTasks.insert(t.taskId);
        }
        if (!add.isEmpty()) {
            if (Status s = m_cp.targetGroups().registerTargets(tgId, add); !s)
                return reconcile::Outcome::failed(s.error().message);
            events.append(lbctl::registeredTargetsEvent(service->name, int(add.size()), lb.targetGroupArn));
            decisions.append(QStringLiteral("register %1 in %2").arg(add.size()).arg(tgId));
        }
        if (!remove.isEmpty()) {
            if (Status s = m_cp.targetGroups().deregisterTargets(tgId, remove); !s)
                return reconcile::Outcome::failed(s.error().message);
            events.append(lbctl::deregisteredTargetsEvent(service->name, int(remove.size()), lb.targetGroupArn));
            decisions.append(QStringLiteral("deregister %1 from %2").arg(remove.size()).arg(tgId));
        }
    }
    if (!drainingTasks.isEmpty())
        events.append(lbctl::drainingEvent(service->name, int(drainingTasks.size())));
    if (!events.isEmpty()) {
        // The service as it is now (the registrations above did not change it).
        if (const Service *now = m_cp.services().registry().find(key.left(slash), key.mid(slash + 1))) {
            if (Result<Service> put = m_cp.services().putState(*now, events); !put)
                return reconcile::Outcome::failed(put.error().message);
        }
    }
    return reconcile::Outcome::done(decisions.join(QStringLiteral("; ")));
}

} // namespace fd
