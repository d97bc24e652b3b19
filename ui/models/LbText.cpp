#include "LbText.h"

namespace fd::ui {

namespace {

QString orJoined(const QStringList &values)
{
    return values.join(LbText::tr(" or "));
}

} // namespace

QString LbText::condition(const elb::Condition &c)
{
    if (c.field == u"path-pattern")
        return tr("path is %1").arg(orJoined(c.values));
    if (c.field == u"host-header")
        return tr("host is %1").arg(orJoined(c.values));
    if (c.field == u"http-header")
        return tr("header %1 is %2").arg(c.httpHeaderName, orJoined(c.values));
    if (c.field == u"http-request-method")
        return tr("method is %1").arg(orJoined(c.values));
    if (c.field == u"source-ip")
        return tr("client in %1").arg(orJoined(c.values));
    if (c.field == u"query-string") {
        QStringList pairs;
        for (const elb::QueryPair &p : c.queryPairs)
            pairs << (p.key.isEmpty() ? tr("any key=%1").arg(p.value) : QStringLiteral("%1=%2").arg(p.key, p.value));
        return tr("query has %1").arg(orJoined(pairs));
    }
    return QStringLiteral("%1 %2").arg(c.field, c.values.join(u", "));
}

QString LbText::conditions(const QList<elb::Condition> &conditions)
{
    if (conditions.isEmpty())
        return tr("every request");
    QStringList parts;
    for (const elb::Condition &c : conditions)
        parts << condition(c);
    return parts.join(tr(" and "));
}

QString LbText::action(const elb::Action &a, const GroupName &name)
{
    if (a.type == u"forward") {
        if (a.targetGroups.size() == 1)
            return tr("forward to %1").arg(name(a.targetGroups.front().targetGroupId));
        QStringList groups;
        for (const elb::WeightedTargetGroup &g : a.targetGroups)
            groups << tr("%1 (weight %2)").arg(name(g.targetGroupId)).arg(g.weight.value_or(1));
        return tr("forward to %1").arg(groups.join(u", "));
    }
    if (a.type == u"redirect") {
        QString to = a.redirectPath;
        if (a.redirectHost != u"#{host}")
            to = a.redirectHost + to;
        if (a.redirectProtocol != u"#{protocol}")
            to = a.redirectProtocol.toLower() + QStringLiteral("://") + to;
        return tr("redirect (%1) to %2").arg(a.redirectStatusCode, to);
    }
    if (a.type == u"fixed-response") {
        QString text = tr("fixed response %1").arg(a.fixedStatusCode);
        if (a.fixedMessageBody && !a.fixedMessageBody->isEmpty())
            text += QStringLiteral(" “%1”").arg(a.fixedMessageBody->left(40));
        return text;
    }
    return a.type;
}

QString LbText::actions(const QList<elb::Action> &actions, const GroupName &name)
{
    const elb::Action *terminal = nullptr;
    for (const elb::Action &a : actions)
        if (!terminal || a.order.value_or(0) >= terminal->order.value_or(0))
            terminal = &a;
    return terminal ? action(*terminal, name) : tr("no action");
}

QString LbText::listenerUrl(int port)
{
    return QStringLiteral("http://127.0.0.1:%1/").arg(port);
}

QString LbText::dnsName(const elb::LoadBalancer &lb, const QString &region)
{
    // The same name as the ELBv2 API's DNSName (core/api/elbv2/Elbv2Answers.cpp): *.localhost
    // resolves to the loopback address.
    return QStringLiteral("%1-%2.%3.elb.localhost").arg(lb.name, lb.id, region).toLower();
}

QString LbText::healthCheck(const elb::HealthCheck &hc)
{
    if (!hc.enabled)
        return tr("health checks off");
    return tr("%1 %2 every %3 s, timeout %4 s, healthy after %5, unhealthy after %6, codes %7")
        .arg(hc.protocol, hc.path)
        .arg(hc.intervalSeconds)
        .arg(hc.timeoutSeconds)
        .arg(hc.healthyThreshold)
        .arg(hc.unhealthyThreshold)
        .arg(hc.matcher);
}

QString LbText::badgeKey(elb::TargetHealthState state)
{
    using S = elb::TargetHealthState;
    switch (state) {
    case S::Initial:
        return QStringLiteral("TARGET_INITIAL");
    case S::Healthy:
        return QStringLiteral("TARGET_HEALTHY");
    case S::Unhealthy:
    case S::UnhealthyDraining:
        return QStringLiteral("TARGET_UNHEALTHY");
    case S::Draining:
        return QStringLiteral("TARGET_DRAINING");
    case S::Unused:
    case S::Unavailable:
        return QStringLiteral("TARGET_UNUSED");
    }
    return {};
}

} // namespace fd::ui
