#include "ops/LoadBalancers.h"

#include "ControlPlane.h"
#include "elb/ElbArn.h"
#include "elb/ElbAttributes.h"
#include "elb/ElbRules.h"
#include "lb/Proxy.h"
#include "ops/ElbCommon.h"
#include "ops/Instances.h"
#include "registries/InstanceRegistry.h"
#include "registries/LoadBalancingRegistry.h"
#include "state/Kinds.h"
#include "state/Transaction.h"
#include "tags/TagRegistry.h"

namespace fd::ops {

using namespace elb;
using state::Transaction;

namespace {

bool sameSettings(const LoadBalancer &a, const LoadBalancer &b)
{
    return a.scheme == b.scheme && a.ipAddressType == b.ipAddressType && a.zones == b.zones &&
           a.securityGroups == b.securityGroups;
}

} // namespace

Result<QList<ZoneMapping>> LoadBalancers::zonesFor(const QStringList &subnets) const
{
    const QStringList zones = m_cp.instances().availabilityZones();
    QList<ZoneMapping> out;
    if (subnets.isEmpty()) {
        for (const QString &z : zones)
            out.append({z, QStringLiteral("subnet-") + z});
        return out;
    }
    // First the subnets named after a zone, then the others take the free zones in order.
    QList<std::optional<QString>> placed(subnets.size());
    QStringList taken;
    for (qsizetype i = 0; i < subnets.size(); ++i) {
        const QString &s = subnets[i];
        if (!s.startsWith(QStringLiteral("subnet-")) || s.size() < 8)
            return makeError(QStringLiteral("SubnetNotFound"),
                             QStringLiteral("Subnets[%1]: '%2' is not a subnet id (subnet-...)").arg(i).arg(s),
                             QStringLiteral("Subnets"));
        if (subnets.indexOf(s) != i)
            return validationError(QStringLiteral("Subnets[%1]: '%2' is given twice").arg(i).arg(s),
                                   QStringLiteral("Subnets"));
        for (const QString &z : zones) {
            if (s.contains(z))
                placed[i] = z;
        }
        if (placed[i]) {
            if (taken.contains(*placed[i]))
                return makeError(
                    QStringLiteral("InvalidConfigurationRequest"),
                    QStringLiteral("Subnets: only one subnet per Availability Zone (two are in %1)").arg(*placed[i]),
                    QStringLiteral("Subnets"));
            taken.append(*placed[i]);
        }
    }
    for (qsizetype i = 0; i < subnets.size(); ++i) {
        if (placed[i])
            continue;
        for (const QString &z : zones) {
            if (!taken.contains(z)) {
                placed[i] = z;
                taken.append(z);
                break;
            }
        }
        if (!placed[i])
            return makeError(
                QStringLiteral("InvalidConfigurationRequest"),
                QStringLiteral("Subnets: %1 subnets but only %2 Availability Zones (%3); one subnet per zone")
                    .arg(subnets.size())
                    .arg(zones.size())
                    .arg(zones.join(QStringLiteral(", "))),
                QStringLiteral("Subnets"));
    }
    if (subnets.size() < 2 && zones.size() >= 2)
        return makeError(QStringLiteral("InvalidConfigurationRequest"),
                         QStringLiteral("Subnets: at least two subnets in two different Availability Zones must be "
                                        "specified (zones here: %1)")
                             .arg(zones.join(QStringLiteral(", "))),
                         QStringLiteral("Subnets"));
    for (qsizetype i = 0; i < subnets.size(); ++i)
        out.append({*placed[i], subnets[i]});
    return out;
}

Result<LoadBalancer> LoadBalancers::create(const LoadBalancerRequest &r)
{
    if (auto e = checkLoadBalancerName(r.name))
        return *e;
    if (r.type != u"application")
        return validationError(QStringLiteral("Type: Fleetdeck serves application load balancers only (got '%1'); "
                                              "network and gateway load balancers are not available")
                                   .arg(r.type),
                               QStringLiteral("Type"));
    if (r.scheme != u"internet-facing" && r.scheme != u"internal")
        return makeError(QStringLiteral("InvalidScheme"),
                         QStringLiteral("Scheme: must be internet-facing or internal (got '%1')").arg(r.scheme),
                         QStringLiteral("Scheme"));
    if (r.ipAddressType != u"ipv4" && r.ipAddressType != u"dualstack")
        return validationError(
            QStringLiteral("IpAddressType: must be ipv4 or dualstack (got '%1')").arg(r.ipAddressType),
            QStringLiteral("IpAddressType"));
    for (qsizetype i = 0; i < r.securityGroups.size(); ++i) {
        if (!r.securityGroups[i].startsWith(QStringLiteral("sg-")) || r.securityGroups[i].size() < 4)
            return makeError(QStringLiteral("InvalidSecurityGroup"),
                             QStringLiteral("SecurityGroups[%1]: '%2' is not a security group id (sg-...)")
                                 .arg(i)
                                 .arg(r.securityGroups[i]),
                             QStringLiteral("SecurityGroups"));
    }
    if (auto e = checkElbTags(r.tags))
        return *e;
    Result<QList<ZoneMapping>> zones = zonesFor(r.subnets);
    if (!zones)
        return zones.error();

    LoadBalancer lb;
    lb.name = r.name;
    lb.scheme = r.scheme;
    lb.ipAddressType = r.ipAddressType;
    lb.zones = zones.value();
    lb.securityGroups = r.securityGroups;
    if (const LoadBalancer *existing = m_lb.loadBalancerNamed(r.name)) {
        if (sameSettings(*existing, lb))
            return *existing; // CreateLoadBalancer is idempotent
        return makeError(
            QStringLiteral("DuplicateLoadBalancerName"),
            QStringLiteral("A load balancer with the same name '%1' exists, but with different settings").arg(r.name),
            QStringLiteral("Name"));
    }
    lb.id = newElbId();
    lb.vpcId = QString::fromLatin1(kDefaultVpcId);
    lb.state = QStringLiteral("active");
    lb.createdAt = now();
    lb.attributes = defaultLoadBalancerAttributes();
    Transaction tx = begin();
    m_lb.stage(tx, lb);
    m_tags->stage(tx, state::kLoadBalancerKind, lb.id, r.tags, lb.createdAt);
    tx.event(makeEvent(state::kLoadBalancerKind, lb.name,
                       QStringLiteral("Load balancer %1 created in %2.")
                           .arg(lb.name, QStringList([&] {
                                             QStringList z;
                                             for (const ZoneMapping &m : lb.zones)
                                                 z.append(m.zoneName);
                                             return z;
                                         }())
                                             .join(QStringLiteral(", ")))));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return lb;
}

Status LoadBalancers::remove(const QString &id)
{
    const LoadBalancer *lb = m_lb.loadBalancer(id);
    if (!lb)
        return loadBalancerNotFound(id);
    if (attributeValue(lb->attributes, QStringLiteral("deletion_protection.enabled")) == QStringLiteral("true"))
        return makeError(QStringLiteral("OperationNotPermitted"),
                         QStringLiteral("Load balancer '%1' cannot be deleted because deletion protection is enabled")
                             .arg(lb->name));
    const LoadBalancer gone = *lb;
    Transaction tx = begin();
    for (const Listener &l : m_lb.listenersOf(gone.id))
        stageListenerRemoval(tx, l);
    m_lb.stageRemoval(tx, gone);
    m_tags->stage(tx, state::kLoadBalancerKind, gone.id, {}, now());
    tx.event(
        makeEvent(state::kLoadBalancerKind, gone.name, QStringLiteral("Load balancer %1 deleted.").arg(gone.name)));
    return commit(std::move(tx));
}

Result<LoadBalancer> LoadBalancers::modifyAttributes(const QString &id, const Attributes &changes)
{
    const LoadBalancer *found = m_lb.loadBalancer(id);
    if (!found)
        return loadBalancerNotFound(id);
    if (auto e = checkLoadBalancerAttributes(changes))
        return *e;
    LoadBalancer lb = *found;
    lb.attributes = withAttributes(lb.attributes, changes);
    if (lb.attributes == found->attributes)
        return lb;
    Transaction tx = begin();
    m_lb.stage(tx, lb);
    tx.event(makeEvent(state::kLoadBalancerKind, lb.name,
                       QStringLiteral("Load balancer %1: attributes changed.").arg(lb.name)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return lb;
}

QList<LoadBalancer> LoadBalancers::list() const
{
    return m_lb.loadBalancers();
}

std::optional<LoadBalancer> LoadBalancers::find(const QString &id) const
{
    const LoadBalancer *lb = m_lb.loadBalancer(id);
    return lb ? std::optional<LoadBalancer>(*lb) : std::nullopt;
}

std::optional<LoadBalancer> LoadBalancers::findNamed(const QString &name) const
{
    const LoadBalancer *lb = m_lb.loadBalancerNamed(name);
    return lb ? std::optional<LoadBalancer>(*lb) : std::nullopt;
}

Result<LoadBalancer> LoadBalancers::byArn(const QString &text) const
{
    const std::optional<arn::Parsed> p = arn::parse(text);
    if (!p || p->type != u"loadbalancer")
        return validationError(QStringLiteral("'%1' is not a valid load balancer ARN").arg(text),
                               QStringLiteral("LoadBalancerArn"));
    const LoadBalancer *lb = m_lb.loadBalancer(p->path[2]);
    if (!lb || lb->name != p->path[1])
        return loadBalancerNotFound(text);
    return *lb;
}

std::optional<Error> LoadBalancers::checkListener(const Listener &l) const
{
    if (l.protocol == u"HTTPS")
        return makeError(QStringLiteral("UnsupportedProtocol"),
                         QStringLiteral("Protocol: HTTPS listeners need certificates, which Fleetdeck does not manage; "
                                        "use HTTP"),
                         QStringLiteral("Protocol"));
    if (l.protocol != u"HTTP")
        return makeError(
            QStringLiteral("UnsupportedProtocol"),
            QStringLiteral("Protocol: an application load balancer listens on HTTP (got '%1')").arg(l.protocol),
            QStringLiteral("Protocol"));
    if (l.port < 1 || l.port > 65535)
        return validationError(QStringLiteral("Port: must be 1 to 65535 (got %1)").arg(l.port), QStringLiteral("Port"));
    if (auto e = checkActions(l.defaultActions, QStringLiteral("DefaultActions")))
        return e;
    if (auto e = checkForwardTargets(m_lb, l.defaultActions))
        return e;
    for (const Listener &other : m_lb.listeners()) {
        if (other.id == l.id || other.port != l.port)
            continue;
        const LoadBalancer *owner = m_lb.loadBalancer(other.loadBalancerId);
        if (other.loadBalancerId == l.loadBalancerId)
            return makeError(QStringLiteral("DuplicateListener"),
                             QStringLiteral("A listener already exists on port %1 of load balancer '%2'")
                                 .arg(l.port)
                                 .arg(owner ? owner->name : l.loadBalancerId),
                             QStringLiteral("Port"));
        return makeError(
            QStringLiteral("DuplicateListener"),
            QStringLiteral("Port %1 is taken by a listener of load balancer '%2': every listener here binds "
                           "127.0.0.1, so a port serves one load balancer")
                .arg(l.port)
                .arg(owner ? owner->name : other.loadBalancerId),
            QStringLiteral("Port"));
    }
    return std::nullopt;
}

Result<Listener> LoadBalancers::createListener(const ListenerRequest &r)
{
    const LoadBalancer *lb = m_lb.loadBalancer(r.loadBalancerId);
    if (!lb)
        return loadBalancerNotFound(r.loadBalancerId);
    if (!r.port)
        return validationError(QStringLiteral("Port: is required for an application load balancer's listener"),
                               QStringLiteral("Port"));
    if (auto e = checkElbTags(r.tags))
        return *e;
    Listener l;
    l.loadBalancerId = lb->id;
    l.protocol = r.protocol;
    l.port = *r.port;
    l.defaultActions = r.defaultActions;
    for (const Listener &existing : m_lb.listenersOf(lb->id)) {
        // CreateListener is idempotent: the same port, protocol and actions return the listener.
        if (existing.port == l.port && existing.protocol == l.protocol && existing.defaultActions == l.defaultActions)
            return existing;
    }
    if (auto e = checkListener(l))
        return *e;
    if (auto e = lb::checkListenPort("127.0.0.1", std::uint16_t(l.port)))
        return makeError(QStringLiteral("ValidationError"), QStringLiteral("Port: ") + e->message, QStringLiteral("Port"));
    l.id = newElbId();
    l.defaultRuleId = newElbId();
    l.createdAt = now();
    l.attributes = defaultListenerAttributes();
    Transaction tx = begin();
    m_lb.stage(tx, l);
    m_tags->stage(tx, state::kListenerKind, l.id, r.tags, l.createdAt);
    tx.derived(state::kLoadBalancerKind, lb->id);
    tx.event(makeEvent(
        state::kListenerKind, lb->name,
        QStringLiteral("Load balancer %1: %2 listener on port %3 created.").arg(lb->name, l.protocol).arg(l.port)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return l;
}

Result<Listener> LoadBalancers::modifyListener(const ListenerChange &c)
{
    const Listener *found = m_lb.listener(c.listenerId);
    if (!found)
        return listenerNotFound(c.listenerId);
    Listener l = *found;
    if (c.protocol)
        l.protocol = *c.protocol;
    if (c.port)
        l.port = *c.port;
    if (c.defaultActions)
        l.defaultActions = *c.defaultActions;
    if (auto e = checkListener(l))
        return *e;
    if (l == *found)
        return l;
    if (l.port != found->port) {
        if (auto e = lb::checkListenPort("127.0.0.1", std::uint16_t(l.port)))
            return makeError(QStringLiteral("ValidationError"), QStringLiteral("Port: ") + e->message, QStringLiteral("Port"));
    }
    const LoadBalancer *lb = m_lb.loadBalancer(l.loadBalancerId);
    Transaction tx = begin();
    m_lb.stage(tx, l);
    tx.event(makeEvent(state::kListenerKind, lb ? lb->name : l.loadBalancerId,
                       QStringLiteral("Load balancer %1: listener on port %2 modified.")
                           .arg(lb ? lb->name : l.loadBalancerId)
                           .arg(l.port)));
    if (Status s = commit(std::move(tx)); !s)
        return s.error();
    return l;
}

void LoadBalancers::stageListenerRemoval(Transaction &tx, const Listener &l)
{
    for (const ListenerRule &r : m_lb.rulesOf(l.id)) {
        m_lb.stageRemoval(tx, r);
        m_tags->stage(tx, state::kListenerRuleKind, r.id, {}, now());
    }
    m_tags->stage(tx, state::kListenerRuleKind, l.defaultRuleId, {}, now()); // the default rule can be tagged too
    m_lb.stageRemoval(tx, l);
    m_tags->stage(tx, state::kListenerKind, l.id, {}, now());
}

Status LoadBalancers::removeListener(const QString &listenerId)
{
    const Listener *found = m_lb.listener(listenerId);
    if (!found)
        return listenerNotFound(listenerId);
    const Listener l = *found;
    const LoadBalancer *lb = m_lb.loadBalancer(l.loadBalancerId);
    Transaction tx = begin();
    stageListenerRemoval(tx, l);
    tx.derived(state::kLoadBalancerKind, l.loadBalancerId);
    tx.event(makeEvent(state::kListenerKind, lb ? lb->name : l.loadBalancerId,
                       QStringLiteral("Load balancer %1: listener on port %2 deleted.")
                           .arg(lb ? lb->name : l.loadBalancerId)
                           .arg(l.port)));
    return commit(std::move(tx));
}

QList<Listener> LoadBalancers::listeners(const QString &loadBalancerId) const
{
    return m_lb.listenersOf(loadBalancerId);
}

std::optional<Listener> LoadBalancers::findListener(const QString &id) const
{
    const Listener *l = m_lb.listener(id);
    return l ? std::optional<Listener>(*l) : std::nullopt;
}

Result<Listener> LoadBalancers::listenerByArn(const QString &text) const
{
    const std::optional<arn::Parsed> p = arn::parse(text);
    if (!p || p->type != u"listener")
        return validationError(QStringLiteral("'%1' is not a valid listener ARN").arg(text),
                               QStringLiteral("ListenerArn"));
    const Listener *l = m_lb.listener(p->path[3]);
    const LoadBalancer *lb = l ? m_lb.loadBalancer(l->loadBalancerId) : nullptr;
    if (!l || !lb || lb->id != p->path[2] || lb->name != p->path[1])
        return listenerNotFound(text);
    return *l;
}

QString LoadBalancers::addressOf(const TargetGroup &tg, const Target &t) const
{
    if (tg.targetType != u"instance")
        return t.id;
    for (const ContainerInstance &ci : m_instanceRegistry->all()) {
        if (ci.ec2InstanceId == t.id)
            return ci.address;
    }
    return {};
}

RoutingTable LoadBalancers::routingTable() const
{
    RoutingTable table;
    for (const LoadBalancer &lb : m_lb.loadBalancers()) {
        for (const Listener &l : m_lb.listenersOf(lb.id))
            table.listeners.append({lb, l, m_lb.rulesOf(l.id)});
    }
    for (const TargetGroup &tg : m_lb.targetGroups()) {
        TargetGroupRoutes routes{tg, {}};
        for (const Target &t : m_lb.targetsOf(tg.id))
            routes.targets.append({t, addressOf(tg, t)});
        table.targetGroups.append(routes);
    }
    return table;
}

} // namespace fd::ops
