#include "ops/TargetGroups.h"

#include "elb/ElbArn.h"
#include "elb/ElbAttributes.h"
#include "elb/ElbRules.h"
#include "ops/ElbCommon.h"
#include "registries/InstanceRegistry.h"
#include "registries/LoadBalancingRegistry.h"
#include "state/Kinds.h"
#include "state/Transaction.h"
#include "tags/TagRegistry.h"

#include <QHostAddress>

#include <algorithm>

namespace fd::ops {

using namespace elb;
using state::Transaction;

namespace {

Error invalidTarget(const QString &message)
{
    return makeError(QStringLiteral("InvalidTarget"), message, QStringLiteral("Targets"));
}

// The settings CreateTargetGroup compares for idempotency: all but the id, creation time and attributes.
bool sameSettings(TargetGroup a, TargetGroup b)
{
    a.id = b.id;
    a.createdAt = b.createdAt;
    a.attributes = b.attributes;
    return a == b;
}

bool matches(const Target &t, const TargetSpec &spec)
{
    return t.id == spec.id && (!spec.port || t.port == *spec.port);
}

} // namespace

Result<TargetGroup> TargetGroups::create(const TargetGroupRequest &r)
{
    if (auto e = checkTargetGroupName(r.name))
        return *e;
    if (r.protocol == u"HTTPS")
        return makeError(QStringLiteral("UnsupportedProtocol"),
                         QStringLiteral("Protocol: HTTPS targets need TLS, which Fleetdeck does not manage; use HTTP"),
                         QStringLiteral("Protocol"));
    if (r.protocol != u"HTTP")
        return validationError(
            QStringLiteral("Protocol: an application load balancer's target group is HTTP (got '%1')").arg(r.protocol),
            QStringLiteral("Protocol"));
    if (r.protocolVersion != u"HTTP1")
        return validationError(
            QStringLiteral("ProtocolVersion: Fleetdeck forwards HTTP/1.1 only (got '%1')").arg(r.protocolVersion),
            QStringLiteral("ProtocolVersion"));
    if (r.targetType != u"instance" && r.targetType != u"ip")
        return validationError(
            QStringLiteral("TargetType: instance and ip targets are served (got '%1'; lambda and alb "
                           "targets are not available)")
                .arg(r.targetType),
            QStringLiteral("TargetType"));
    if (r.ipAddressType != u"ipv4")
        return validationError(
            QStringLiteral("IpAddressType: targets are reached over IPv4 loopback (got '%1')").arg(r.ipAddressType),
            QStringLiteral("IpAddressType"));
    if (!r.port)
        return validationError(QStringLiteral("Port: is required for %1 targets").arg(r.targetType),
                               QStringLiteral("Port"));
    if (*r.port < 1 || *r.port > 65535)
        return validationError(QStringLiteral("Port: must be 1 to 65535 (got %1)").arg(*r.port),
                               QStringLiteral("Port"));
    if (auto e = checkHealthCheck(r.healthCheck))
        return *e;
    if (auto e = checkElbTags(r.tags))
        return *e;
    TargetGroup tg;
    tg.name = r.name;
    tg.protocol = r.protocol;
    tg.protocolVersion = r.protocolVersion;
    tg.port = *r.port;
    tg.vpcId = r.vpcId.isEmpty() ? QString::fromLatin1(kDefaultVpcId) : r.vpcId;
    tg.targetType = r.targetType;
    tg.ipAddressType = r.ipAddressType;
    tg.healthCheck = r.healthCheck;
    if (const TargetGroup *existing = m_lb.targetGroupNamed(r.name)) {
        if (sameSettings(*existing, tg))
            return *existing; // CreateTargetGroup is idempotent
        return makeError(
            QStringLiteral("DuplicateTargetGroupName"),
            QStringLiteral("A target group with the same name '%1' exists, but with different settings").arg(r.name),
            QStringLiteral("Name"));
    }
    tg.id = newElbId();
    tg.createdAt = now();
    tg.attributes = defaultTargetGroupAttributes();
    Transaction tx = begin();
    m_lb.stage(tx, tg);
    m_tags->stage(tx, state::kTargetGroupKind, tg.id, r.tags, tg.createdAt);
    tx.event(makeEvent(state::kTargetGroupKind, tg.name,
                       QStringLiteral("Target group %1 created (%2 port %3, %4 targets).")
                           .arg(tg.name, tg.protocol)
                           .arg(tg.port)
                           .arg(tg.targetType)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return tg;
}

Result<TargetGroup> TargetGroups::modifyHealthCheck(const QString &id, const HealthCheckChange &c)
{
    const TargetGroup *found = m_lb.targetGroup(id);
    if (!found)
        return targetGroupNotFound(id);
    TargetGroup tg = *found;
    HealthCheck &h = tg.healthCheck;
    h.enabled = c.enabled.value_or(h.enabled);
    h.protocol = c.protocol.value_or(h.protocol);
    h.port = c.port.value_or(h.port);
    h.path = c.path.value_or(h.path);
    h.intervalSeconds = c.intervalSeconds.value_or(h.intervalSeconds);
    h.timeoutSeconds = c.timeoutSeconds.value_or(h.timeoutSeconds);
    h.healthyThreshold = c.healthyThreshold.value_or(h.healthyThreshold);
    h.unhealthyThreshold = c.unhealthyThreshold.value_or(h.unhealthyThreshold);
    h.matcher = c.matcher.value_or(h.matcher);
    if (auto e = checkHealthCheck(h))
        return *e;
    if (tg == *found)
        return tg;
    Transaction tx = begin();
    m_lb.stage(tx, tg);
    tx.event(makeEvent(state::kTargetGroupKind, tg.name,
                       QStringLiteral("Target group %1: health check changed.").arg(tg.name)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return tg;
}

Result<TargetGroup> TargetGroups::modifyAttributes(const QString &id, const Attributes &changes)
{
    const TargetGroup *found = m_lb.targetGroup(id);
    if (!found)
        return targetGroupNotFound(id);
    TargetGroup tg = *found;
    tg.attributes = withAttributes(tg.attributes, changes);
    if (auto e = checkTargetGroupAttributes(changes, tg.attributes))
        return *e;
    if (tg == *found)
        return tg;
    Transaction tx = begin();
    m_lb.stage(tx, tg);
    tx.event(makeEvent(state::kTargetGroupKind, tg.name,
                       QStringLiteral("Target group %1: attributes changed.").arg(tg.name)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return tg;
}

Status TargetGroups::remove(const QString &id)
{
    const TargetGroup *found = m_lb.targetGroup(id);
    if (!found)
        return Ok{};
    if (const QStringList users = m_lb.loadBalancersUsing(id); !users.isEmpty()) {
        const LoadBalancer *lb = m_lb.loadBalancer(users.first());
        return makeError(
            QStringLiteral("ResourceInUse"),
            QStringLiteral("Target group '%1' is currently in use by a listener or a rule (load balancer %2)")
                .arg(found->name, lb ? lb->name : users.first()));
    }
    for (const UsageCheck &check : m_usageChecks) {
        if (const QString user = check(id); !user.isEmpty())
            return makeError(QStringLiteral("ResourceInUse"),
                             QStringLiteral("Target group '%1' is currently in use by %2").arg(found->name, user));
    }
    const TargetGroup tg = *found;
    Transaction tx = begin();
    for (const Target &t : m_lb.targetsOf(tg.id))
        m_lb.stageRemoval(tx, t);
    m_lb.stageRemoval(tx, tg);
    m_tags->stage(tx, state::kTargetGroupKind, tg.id, {}, now());
    tx.event(makeEvent(state::kTargetGroupKind, tg.name, QStringLiteral("Target group %1 deleted.").arg(tg.name)));
    return commit(std::move(tx));
}

void TargetGroups::addUsageCheck(UsageCheck check)
{
    if (check)
        m_usageChecks.append(std::move(check));
}

QList<TargetGroup> TargetGroups::list() const
{
    return m_lb.targetGroups();
}

std::optional<TargetGroup> TargetGroups::find(const QString &id) const
{
    const TargetGroup *tg = m_lb.targetGroup(id);
    return tg ? std::optional<TargetGroup>(*tg) : std::nullopt;
}

std::optional<TargetGroup> TargetGroups::findNamed(const QString &name) const
{
    const TargetGroup *tg = m_lb.targetGroupNamed(name);
    return tg ? std::optional<TargetGroup>(*tg) : std::nullopt;
}

Result<TargetGroup> TargetGroups::byArn(const QString &text) const
{
    const std::optional<arn::Parsed> p = arn::parse(text);
    if (!p || p->type != u"targetgroup")
        return validationError(QStringLiteral("'%1' is not a valid target group ARN").arg(text),
                               QStringLiteral("TargetGroupArn"));
    const TargetGroup *tg = m_lb.targetGroup(p->path[1]);
    if (!tg || tg->name != p->path[0])
        return targetGroupNotFound(text);
    return *tg;
}

QStringList TargetGroups::loadBalancerIds(const QString &targetGroupId) const
{
    return m_lb.loadBalancersUsing(targetGroupId);
}

std::optional<Error> TargetGroups::checkTarget(const TargetGroup &tg, const TargetSpec &spec, QString &zone) const
{
    const int port = spec.port.value_or(tg.port);
    if (port < 1 || port > 65535)
        return invalidTarget(QStringLiteral("Target '%1': port must be 1 to 65535 (got %2)").arg(spec.id).arg(port));
    if (tg.targetType == u"instance") {
        const auto &all = m_instanceRegistry->all();
        auto it = std::find_if(all.cbegin(), all.cend(), [&](const ContainerInstance &ci) {
            return ci.ec2InstanceId == spec.id && ci.status != InstanceStatus::Inactive;
        });
        if (it == all.cend())
            return invalidTarget(
                QStringLiteral("The following targets are not valid instances: '%1' (an instance target is "
                               "the EC2 instance id of a registered container instance)")
                    .arg(spec.id));
        if (!spec.availabilityZone.isEmpty() && spec.availabilityZone != it->availabilityZone)
            return validationError(
                QStringLiteral("Target '%1' is in %2, not in %3 (AvailabilityZone is for ip targets)")
                    .arg(spec.id, it->availabilityZone, spec.availabilityZone),
                QStringLiteral("Targets"));
        zone = it->availabilityZone;
        return std::nullopt;
    }
    const QHostAddress address(spec.id);
    if (address.protocol() != QAbstractSocket::IPv4Protocol || !address.isLoopback())
        return invalidTarget(
            QStringLiteral("Target '%1': an ip target here is an IPv4 address in 127.0.0.0/8 (Fleetdeck "
                           "reaches targets on loopback only)")
                .arg(spec.id));
    zone = spec.availabilityZone;
    return std::nullopt;
}

Status TargetGroups::registerTargets(const QString &targetGroupId, const QList<TargetSpec> &specs)
{
    const TargetGroup *tg = m_lb.targetGroup(targetGroupId);
    if (!tg)
        return targetGroupNotFound(targetGroupId);
    if (specs.isEmpty())
        return validationError(QStringLiteral("Targets: at least one target is required"), QStringLiteral("Targets"));
    QList<Target> staged;
    for (const TargetSpec &spec : specs) {
        QString zone;
        if (auto e = checkTarget(*tg, spec, zone))
            return *e;
        Target t;
        t.targetGroupId = tg->id;
        t.id = spec.id;
        t.port = spec.port.value_or(tg->port);
        if (const Target *existing = m_lb.target(tg->id, t.key())) {
            if (!isDraining(existing->state))
                continue; // registering again changes nothing
            t.registeredAt = existing->registeredAt;
        } else {
            t.registeredAt = now();
        }
        t.availabilityZone = spec.availabilityZone;
        t.zone = zone;
        t.state = TargetHealthState::Initial;
        t.reason = QString::fromLatin1(kReasonRegistrationInProgress);
        t.description = QString::fromLatin1(kDescriptionRegistrationInProgress);
        if (std::none_of(staged.cbegin(), staged.cend(), [&](const Target &s) { return s.key() == t.key(); }))
            staged.append(t);
    }
    if (staged.isEmpty())
        return Ok{};
    Transaction tx = begin();
    QStringList names;
    for (const Target &t : staged) {
        m_lb.stage(tx, t);
        names.append(t.id + u':' + QString::number(t.port));
    }
    tx.event(
        makeEvent(state::kTargetGroupKind, tg->name,
                  QStringLiteral("Target group %1: registered %2.").arg(tg->name, names.join(QStringLiteral(", ")))));
    return commit(std::move(tx));
}

Status TargetGroups::deregisterTargets(const QString &targetGroupId, const QList<TargetSpec> &specs)
{
    const TargetGroup *tg = m_lb.targetGroup(targetGroupId);
    if (!tg)
        return targetGroupNotFound(targetGroupId);
    if (specs.isEmpty())
        return validationError(QStringLiteral("Targets: at least one target is required"), QStringLiteral("Targets"));
    const int delay = tg->deregistrationDelaySeconds();
    Transaction tx = begin();
    QStringList names;
    for (const TargetSpec &spec : specs) {
        const Target *found = m_lb.target(tg->id, {spec.id, spec.port.value_or(tg->port)});
        if (!found)
            return invalidTarget(QStringLiteral("The following targets are not registered in target group %1: '%2:%3'")
                                     .arg(tg->name, spec.id)
                                     .arg(spec.port.value_or(tg->port)));
        if (isDraining(found->state) || names.contains(found->id + u':' + QString::number(found->port)))
            continue; // already draining: its deadline stays
        names.append(found->id + u':' + QString::number(found->port));
        if (delay == 0) {
            m_lb.stageRemoval(tx, *found);
            continue;
        }
        Target t = *found;
        t.state = t.state == TargetHealthState::Unhealthy ? TargetHealthState::UnhealthyDraining
                                                          : TargetHealthState::Draining;
        t.reason = QString::fromLatin1(kReasonDeregistrationInProgress);
        t.description = QString::fromLatin1(kDescriptionDeregistrationInProgress);
        t.drainingSince = now();
        t.drainDeadline = t.drainingSince.addSecs(delay);
        m_lb.stage(tx, t);
    }
    if (names.isEmpty())
        return Ok{};
    tx.event(makeEvent(state::kTargetGroupKind, tg->name,
                       QStringLiteral("Target group %1: deregistered %2 (deregistration delay %3 s).")
                           .arg(tg->name, names.join(QStringLiteral(", ")))
                           .arg(delay)));
    return commit(std::move(tx));
}

QList<Target> TargetGroups::targets(const QString &targetGroupId) const
{
    return m_lb.targetsOf(targetGroupId);
}

const Target *TargetGroups::target(const QString &targetGroupId, const elb::TargetKey &key) const
{
    return m_lb.target(targetGroupId, key);
}

TargetHealthView TargetGroups::view(const TargetGroup &tg, const Target &t, bool inUse) const
{
    TargetHealthView v{t, t.state, t.reason, t.description,
                       tg.healthCheck.port == u"traffic-port" ? QString::number(t.port) : tg.healthCheck.port};
    if (isDraining(t.state))
        return v;
    if (!inUse) {
        v.state = TargetHealthState::Unused;
        v.reason = QString::fromLatin1(kReasonNotInUse);
        v.description = QString::fromLatin1(kDescriptionNotInUse);
    } else if (!tg.healthCheck.enabled) {
        v.state = TargetHealthState::Unavailable;
        v.reason = QString::fromLatin1(kReasonHealthCheckDisabled);
        v.description = QString::fromLatin1(kDescriptionHealthCheckDisabled);
    }
    return v;
}

Result<QList<TargetHealthView>> TargetGroups::health(const QString &targetGroupId, const QList<TargetSpec> &only) const
{
    const TargetGroup *tg = m_lb.targetGroup(targetGroupId);
    if (!tg)
        return targetGroupNotFound(targetGroupId);
    const bool inUse = !m_lb.loadBalancersUsing(tg->id).isEmpty();
    const QList<Target> registered = m_lb.targetsOf(tg->id);
    QList<TargetHealthView> out;
    if (only.isEmpty()) {
        for (const Target &t : registered)
            out.append(view(*tg, t, inUse));
        return out;
    }
    for (const TargetSpec &spec : only) {
        QString zone;
        if (auto e = checkTarget(*tg, spec, zone))
            return *e;
        bool any = false;
        for (const Target &t : registered) {
            if (matches(t, spec)) {
                out.append(view(*tg, t, inUse));
                any = true;
            }
        }
        if (!any) {
            Target t;
            t.targetGroupId = tg->id;
            t.id = spec.id;
            t.port = spec.port.value_or(tg->port);
            t.availabilityZone = spec.availabilityZone;
            out.append({t, TargetHealthState::Unused, QString::fromLatin1(kReasonNotRegistered),
                        QString::fromLatin1(kDescriptionNotRegistered),
                        tg->healthCheck.port == u"traffic-port" ? QString::number(t.port) : tg->healthCheck.port});
        }
    }
    return out;
}

Result<int> TargetGroups::setTargetHealth(const QList<TargetHealthUpdate> &updates)
{
    Transaction tx = begin();
    int changed = 0;
    QList<Target> staged; // later updates of the same target in the batch win
    for (const TargetHealthUpdate &u : updates) {
        const Target *found = m_lb.target(u.targetGroupId, u.target);
        if (!found)
            continue;
        Target t = *found;
        for (const Target &s : staged) {
            if (s.targetGroupId == t.targetGroupId && s.key() == t.key())
                t = s;
        }
        if (isDraining(t.state)) {
            // Still draining: only whether it is also unhealthy follows the check.
            t.state = u.state == TargetHealthState::Unhealthy ? TargetHealthState::UnhealthyDraining
                                                              : TargetHealthState::Draining;
        } else {
            t.state = u.state;
            t.reason = u.reason;
            t.description = u.description;
        }
        if (t == *found)
            continue;
        staged.removeIf([&](const Target &s) { return s.targetGroupId == t.targetGroupId && s.key() == t.key(); });
        staged.append(t);
    }
    for (const Target &t : staged) {
        m_lb.stage(tx, t);
        ++changed;
    }
    if (changed == 0)
        return 0;
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return changed;
}

Result<int> TargetGroups::finishDeregistrations(const QList<QPair<QString, TargetKey>> &targets)
{
    Transaction tx = begin();
    int removed = 0;
    QStringList seen;
    for (const auto &[groupId, key] : targets) {
        const Target *found = m_lb.target(groupId, key);
        if (!found || !isDraining(found->state) || seen.contains(found->documentId()))
            continue;
        seen.append(found->documentId());
        m_lb.stageRemoval(tx, *found);
        const TargetGroup *tg = m_lb.targetGroup(groupId);
        tx.event(makeEvent(state::kTargetGroupKind, tg ? tg->name : groupId,
                           QStringLiteral("Target group %1: %2:%3 deregistered (draining ended).")
                               .arg(tg ? tg->name : groupId, key.id)
                               .arg(key.port)));
        ++removed;
    }
    if (removed == 0)
        return 0;
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return removed;
}

QList<Target> TargetGroups::deregistrationsDue(const QDateTime &at) const
{
    QList<Target> out;
    for (const Target &t : m_lb.targets()) {
        if (isDraining(t.state) && t.drainDeadline.isValid() && t.drainDeadline <= at)
            out.append(t);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Target &a, const Target &b) { return a.drainDeadline < b.drainDeadline; });
    return out;
}

} // namespace fd::ops
