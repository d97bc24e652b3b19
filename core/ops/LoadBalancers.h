#pragma once

#include "elb/Listener.h"
#include "elb/LoadBalancer.h"
#include "elb/RoutingTable.h"
#include "ops/Domain.h"
#include "tags/Tag.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace fd::registries {
class LoadBalancingRegistry;
}

namespace fd::ops {

struct LoadBalancerRequest
{
    QString name;
    QString type = QStringLiteral("application"); // the only type served
    QString scheme = QStringLiteral("internet-facing");
    QString ipAddressType = QStringLiteral("ipv4");
    QStringList subnets;        // empty: one per availability zone ("subnet-<zone>")
    QStringList securityGroups; // "sg-..." each
    tags::TagList tags;
};

struct ListenerRequest
{
    QString loadBalancerId;
    QString protocol = QStringLiteral("HTTP");
    std::optional<int> port;
    QList<elb::Action> defaultActions; // target groups by id
    tags::TagList tags;
};

// ModifyListener: what is given replaces what is there.
struct ListenerChange
{
    QString listenerId;
    std::optional<QString> protocol;
    std::optional<int> port;
    std::optional<QList<elb::Action>> defaultActions;
};

// Load balancers and their listeners (ELBv2), and the routing table of the data plane. Errors carry
// ELBv2's codes (LoadBalancerNotFound, DuplicateLoadBalancerName, DuplicateListener, ...). Each write
// is one transaction; tags are kept in the tag registry under (kind, id).
class LoadBalancers final : public Domain
{
public:
    LoadBalancers(ControlPlane &cp, const Registries &r, registries::LoadBalancingRegistry &lb)
        : Domain(cp, r), m_lb(lb)
    {}

    // CreateLoadBalancer. Subnets map onto the availability zones (us-east-1a, b, c): a subnet whose id
    // contains a zone's name is in that zone ("subnet-us-east-1b"); the others take the remaining
    // zones in the order given. No subnets: one in every zone. Given subnets must cover two zones,
    // each zone once. Idempotent: the same name with the same settings returns the existing one;
    // different settings are DuplicateLoadBalancerName. Active at once (nothing to provision).
    Result<elb::LoadBalancer> create(const LoadBalancerRequest &request);
    // Refused with OperationNotPermitted while deletion_protection.enabled is true. Removes its
    // listeners and their rules (and all their tags) in the same transaction.
    Status remove(const QString &loadBalancerId);
    Result<elb::LoadBalancer> modifyAttributes(const QString &loadBalancerId, const elb::Attributes &changes);

    QList<elb::LoadBalancer> list() const; // creation order
    std::optional<elb::LoadBalancer> find(const QString &id) const;
    std::optional<elb::LoadBalancer> findNamed(const QString &name) const;
    // By ARN (the name in it must match): LoadBalancerNotFound otherwise.
    Result<elb::LoadBalancer> byArn(const QString &arn) const;

    // CreateListener: HTTP only (HTTPS needs certificates: UnsupportedProtocol), port 1-65535.
    // Listeners bind 127.0.0.1, so a port is unique across all load balancers here
    // (DuplicateListener names the one holding it). Idempotent like create().
    Result<elb::Listener> createListener(const ListenerRequest &request);
    Result<elb::Listener> modifyListener(const ListenerChange &change);
    Status removeListener(const QString &listenerId);                    // with its rules
    QList<elb::Listener> listeners(const QString &loadBalancerId) const; // by port
    std::optional<elb::Listener> findListener(const QString &id) const;
    Result<elb::Listener> listenerByArn(const QString &arn) const;

    // Everything the proxy needs, in one value.
    elb::RoutingTable routingTable() const;

private:
    Result<QList<elb::ZoneMapping>> zonesFor(const QStringList &subnets) const;
    std::optional<Error> checkListener(const elb::Listener &l) const;
    void stageListenerRemoval(state::Transaction &tx, const elb::Listener &l);
    QString addressOf(const elb::TargetGroup &tg, const elb::Target &t) const;

    registries::LoadBalancingRegistry &m_lb;
};

} // namespace fd::ops
