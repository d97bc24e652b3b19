#pragma once

#include "Listener.h"
#include "LoadBalancer.h"
#include "TargetGroup.h"

#include <QString>
#include <QStringList>

#include <optional>

// ELBv2 ARNs. Like ECS's, they are made per request with the request's region (account
// 000000000000); lookups go by the id at their end and check the name in them.
namespace fd::elb::arn {

QString loadBalancer(const QString &region, const LoadBalancer &lb);
QString targetGroup(const QString &region, const TargetGroup &tg);
QString listener(const QString &region, const LoadBalancer &lb, const QString &listenerId);
QString rule(const QString &region, const LoadBalancer &lb, const QString &listenerId, const QString &ruleId);

// arn:aws:elasticloadbalancing:<region>:<account>:<type>/<path...>
struct Parsed
{
    QString region;
    QString type;     // "loadbalancer", "targetgroup", "listener", "listener-rule"
    QStringList path; // loadbalancer: app, name, id; targetgroup: name, id;
                      // listener: app, lb name, lb id, id; listener-rule: app, lb name, lb id, listener id, id
};
// Nothing when the text is not an ELBv2 ARN of one of those types with the right number of parts.
std::optional<Parsed> parse(const QString &text);

} // namespace fd::elb::arn
