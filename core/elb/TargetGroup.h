#pragma once

#include "Attribute.h"

#include <QDateTime>
#include <QString>

namespace fd::elb {

// The health check of a target group, with the defaults of ECS-SEMANTICS §1.7 (ALB, HTTP, instance
// and ip targets).
struct HealthCheck
{
    bool enabled = true;
    QString protocol = QStringLiteral("HTTP");
    QString port = QStringLiteral("traffic-port"); // or a port number as text
    QString path = QStringLiteral("/");
    int intervalSeconds = 30; // 5-300
    // 5-120 s is allowed (2-120 in the model); the default is 5, the 2023 ALB guide's value for
    // instance and ip targets (the current API reference says 6 for HTTP): chosen here, as the spec
    // asks, and labelled.
    int timeoutSeconds = 5;
    int healthyThreshold = 5;                // 2-10
    int unhealthyThreshold = 2;              // 2-10
    QString matcher = QStringLiteral("200"); // HttpCode: "200", "200,202", "200-299" within 200-499

    bool operator==(const HealthCheck &) const = default;
};

struct TargetGroup
{
    QString id;   // 16 hex digits
    QString name; // 1-32 letters, digits and hyphens
    QString protocol = QStringLiteral("HTTP");
    QString protocolVersion = QStringLiteral("HTTP1");
    int port = 80;
    QString vpcId;
    QString targetType = QStringLiteral("instance"); // or "ip"
    QString ipAddressType = QStringLiteral("ipv4");
    HealthCheck healthCheck;
    QDateTime createdAt;
    Attributes attributes; // every attribute, AWS's defaults unless changed

    // deregistration_delay.timeout_seconds.
    int deregistrationDelaySeconds() const;
    bool operator==(const TargetGroup &) const = default;
};

} // namespace fd::elb
