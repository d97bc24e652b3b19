#include "ElbArn.h"

#include "model/Arn.h"

namespace fd::elb::arn {

namespace {

QString prefix(const QString &region)
{
    return QStringLiteral("arn:aws:elasticloadbalancing:%1:%2:")
        .arg(region.isEmpty() ? QString::fromLatin1(fd::arn::kDefaultRegion) : region,
             QString::fromLatin1(fd::arn::kAccount));
}

int partsOf(const QString &type)
{
    if (type == u"loadbalancer")
        return 3;
    if (type == u"targetgroup")
        return 2;
    if (type == u"listener")
        return 4;
    if (type == u"listener-rule")
        return 5;
    return -1;
}

} // namespace

QString loadBalancer(const QString &region, const LoadBalancer &lb)
{
    return prefix(region) + QStringLiteral("loadbalancer/app/%1/%2").arg(lb.name, lb.id);
}

QString targetGroup(const QString &region, const TargetGroup &tg)
{
    return prefix(region) + QStringLiteral("targetgroup/%1/%2").arg(tg.name, tg.id);
}

QString listener(const QString &region, const LoadBalancer &lb, const QString &listenerId)
{
    return prefix(region) + QStringLiteral("listener/app/%1/%2/%3").arg(lb.name, lb.id, listenerId);
}

QString rule(const QString &region, const LoadBalancer &lb, const QString &listenerId, const QString &ruleId)
{
    return prefix(region) + QStringLiteral("listener-rule/app/%1/%2/%3/%4").arg(lb.name, lb.id, listenerId, ruleId);
}

std::optional<Parsed> parse(const QString &text)
{
    const QStringList parts = text.split(u':');
    if (parts.size() != 6 || parts[0] != u"arn" || parts[2] != u"elasticloadbalancing")
        return std::nullopt;
    QStringList path = parts[5].split(u'/');
    const QString type = path.takeFirst();
    if (partsOf(type) != path.size() || path.contains(QString()))
        return std::nullopt;
    if (type != u"targetgroup" && path.first() != u"app")
        return std::nullopt; // net/ and gwy/ load balancers are not served here
    return Parsed{parts[3], type, path};
}

} // namespace fd::elb::arn
