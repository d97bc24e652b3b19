#pragma once

#include "Action.h"
#include "Attribute.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace fd::elb {

// An HTTP listener of a load balancer. Its default rule (no conditions, always last) is not stored
// apart: its actions are `defaultActions` and its ARN ends in `defaultRuleId`.
struct Listener
{
    QString id; // 16 hex digits
    QString loadBalancerId;
    QString protocol = QStringLiteral("HTTP");
    int port = 80; // 1-65535; bound on 127.0.0.1 by the proxy
    QList<Action> defaultActions;
    QString defaultRuleId; // 16 hex digits
    QDateTime createdAt;
    Attributes attributes;

    bool operator==(const Listener &) const = default;
};

} // namespace fd::elb
