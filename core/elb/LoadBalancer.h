#pragma once

#include "Attribute.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace fd::elb {

// Where a load balancer is: a zone of the region and the subnet the client named for it. Fleetdeck
// has no VPC: subnets are names that map onto the cluster's availability zones (see
// ops::LoadBalancers::create for the rule).
struct ZoneMapping
{
    QString zoneName; // "eu-west-1a"
    QString subnetId; // "subnet-a1" as the client gave it
    bool operator==(const ZoneMapping &) const = default;
};

// An application load balancer. Its data plane is the local proxy (core/lb): every listener binds
// 127.0.0.1 on its port, so listener ports are unique across load balancers here.
struct LoadBalancer
{
    QString id;                                         // 16 hex digits, the last part of the ARN
    QString name;                                       // 1-32 letters, digits and hyphens
    QString scheme = QStringLiteral("internet-facing"); // or "internal"; kept and shown, no effect locally
    QString ipAddressType = QStringLiteral("ipv4");     // or "dualstack"
    QString vpcId;
    QList<ZoneMapping> zones;   // in the order the subnets were given
    QStringList securityGroups; // kept and shown, no effect locally
    // Fleetdeck has nothing to provision: a load balancer is "active" from its creation.
    QString state = QStringLiteral("active");
    QDateTime createdAt;
    Attributes attributes; // every attribute, AWS's defaults unless changed

    bool operator==(const LoadBalancer &) const = default;
};

} // namespace fd::elb
