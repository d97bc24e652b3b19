#include "ElbStoreJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace fd::elb::store {

namespace {

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Result<QJsonObject> objectFrom(const QByteArray &document, const char *kind)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(document, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(QStringLiteral("ServerException"),
                         QStringLiteral("unreadable %1 document: %2").arg(QLatin1String(kind), error.errorString()));
    return doc.object();
}

QString time(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime timeFrom(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QStringList stringsFrom(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &s : v.toArray())
        out.append(s.toString());
    return out;
}

QJsonArray attributes(const Attributes &list)
{
    QJsonArray out;
    for (const Attribute &a : list)
        out.append(QJsonArray{a.key, a.value});
    return out;
}

Attributes attributesFrom(const QJsonValue &v)
{
    Attributes out;
    for (const QJsonValue &a : v.toArray())
        out.append({a[0].toString(), a[1].toString()});
    return out;
}

void putOptional(QJsonObject &o, const char *name, const std::optional<int> &v)
{
    if (v)
        o.insert(QLatin1String(name), *v);
}

void putOptional(QJsonObject &o, const char *name, const std::optional<bool> &v)
{
    if (v)
        o.insert(QLatin1String(name), *v);
}

void putOptional(QJsonObject &o, const char *name, const std::optional<QString> &v)
{
    if (v)
        o.insert(QLatin1String(name), *v);
}

std::optional<int> optionalInt(const QJsonObject &o, const char *name)
{
    const QJsonValue v = o.value(QLatin1String(name));
    return v.isDouble() ? std::optional<int>(v.toInt()) : std::nullopt;
}

std::optional<bool> optionalBool(const QJsonObject &o, const char *name)
{
    const QJsonValue v = o.value(QLatin1String(name));
    return v.isBool() ? std::optional<bool>(v.toBool()) : std::nullopt;
}

std::optional<QString> optionalString(const QJsonObject &o, const char *name)
{
    const QJsonValue v = o.value(QLatin1String(name));
    return v.isString() ? std::optional<QString>(v.toString()) : std::nullopt;
}

QJsonObject action(const Action &a)
{
    QJsonObject o{{QStringLiteral("type"), a.type}};
    putOptional(o, "order", a.order);
    if (a.type == u"forward") {
        QJsonArray groups;
        for (const WeightedTargetGroup &g : a.targetGroups) {
            QJsonObject go{{QStringLiteral("id"), g.targetGroupId}};
            putOptional(go, "weight", g.weight);
            groups.append(go);
        }
        o.insert(QStringLiteral("targetGroups"), groups);
        o.insert(QStringLiteral("givenAsArn"), a.givenAsTargetGroupArn);
        putOptional(o, "stickiness", a.stickinessEnabled);
        putOptional(o, "stickinessSeconds", a.stickinessDurationSeconds);
    } else if (a.type == u"redirect") {
        o.insert(QStringLiteral("protocol"), a.redirectProtocol);
        o.insert(QStringLiteral("port"), a.redirectPort);
        o.insert(QStringLiteral("host"), a.redirectHost);
        o.insert(QStringLiteral("path"), a.redirectPath);
        o.insert(QStringLiteral("query"), a.redirectQuery);
        o.insert(QStringLiteral("statusCode"), a.redirectStatusCode);
    } else {
        o.insert(QStringLiteral("statusCode"), a.fixedStatusCode);
        putOptional(o, "contentType", a.fixedContentType);
        putOptional(o, "messageBody", a.fixedMessageBody);
    }
    return o;
}

Action actionFrom(const QJsonObject &o)
{
    Action a;
    a.type = o.value(QStringLiteral("type")).toString();
    a.order = optionalInt(o, "order");
    if (a.type == u"forward") {
        for (const QJsonValue &g : o.value(QStringLiteral("targetGroups")).toArray())
            a.targetGroups.append({g[u"id"].toString(), optionalInt(g.toObject(), "weight")});
        a.givenAsTargetGroupArn = o.value(QStringLiteral("givenAsArn")).toBool();
        a.stickinessEnabled = optionalBool(o, "stickiness");
        a.stickinessDurationSeconds = optionalInt(o, "stickinessSeconds");
    } else if (a.type == u"redirect") {
        a.redirectProtocol = o.value(QStringLiteral("protocol")).toString(a.redirectProtocol);
        a.redirectPort = o.value(QStringLiteral("port")).toString(a.redirectPort);
        a.redirectHost = o.value(QStringLiteral("host")).toString(a.redirectHost);
        a.redirectPath = o.value(QStringLiteral("path")).toString(a.redirectPath);
        a.redirectQuery = o.value(QStringLiteral("query")).toString(a.redirectQuery);
        a.redirectStatusCode = o.value(QStringLiteral("statusCode")).toString();
    } else {
        a.fixedStatusCode = o.value(QStringLiteral("statusCode")).toString();
        a.fixedContentType = optionalString(o, "contentType");
        a.fixedMessageBody = optionalString(o, "messageBody");
    }
    return a;
}

QJsonArray actions(const QList<Action> &list)
{
    QJsonArray out;
    for (const Action &a : list)
        out.append(action(a));
    return out;
}

QList<Action> actionsFrom(const QJsonValue &v)
{
    QList<Action> out;
    for (const QJsonValue &a : v.toArray())
        out.append(actionFrom(a.toObject()));
    return out;
}

QJsonObject condition(const Condition &c)
{
    QJsonObject o{{QStringLiteral("field"), c.field}, {QStringLiteral("values"), strings(c.values)}};
    if (!c.httpHeaderName.isEmpty())
        o.insert(QStringLiteral("header"), c.httpHeaderName);
    if (!c.queryPairs.isEmpty()) {
        QJsonArray pairs;
        for (const QueryPair &p : c.queryPairs)
            pairs.append(QJsonArray{p.key, p.value});
        o.insert(QStringLiteral("query"), pairs);
    }
    if (c.givenAsValues)
        o.insert(QStringLiteral("givenAsValues"), true);
    return o;
}

Condition conditionFrom(const QJsonObject &o)
{
    Condition c;
    c.field = o.value(QStringLiteral("field")).toString();
    c.values = stringsFrom(o.value(QStringLiteral("values")));
    c.httpHeaderName = o.value(QStringLiteral("header")).toString();
    for (const QJsonValue &p : o.value(QStringLiteral("query")).toArray())
        c.queryPairs.append({p[0].toString(), p[1].toString()});
    c.givenAsValues = o.value(QStringLiteral("givenAsValues")).toBool();
    return c;
}

} // namespace

QByteArray toDocument(const LoadBalancer &lb)
{
    QJsonArray zones;
    for (const ZoneMapping &z : lb.zones)
        zones.append(QJsonArray{z.zoneName, z.subnetId});
    return compact({{QStringLiteral("id"), lb.id},
                    {QStringLiteral("name"), lb.name},
                    {QStringLiteral("scheme"), lb.scheme},
                    {QStringLiteral("ipAddressType"), lb.ipAddressType},
                    {QStringLiteral("vpcId"), lb.vpcId},
                    {QStringLiteral("zones"), zones},
                    {QStringLiteral("securityGroups"), strings(lb.securityGroups)},
                    {QStringLiteral("state"), lb.state},
                    {QStringLiteral("createdAt"), time(lb.createdAt)},
                    {QStringLiteral("attributes"), attributes(lb.attributes)}});
}

Result<LoadBalancer> loadBalancerFrom(const QByteArray &document)
{
    Result<QJsonObject> o = objectFrom(document, "load balancer");
    if (!o)
        return o.error();
    const QJsonObject &j = o.value();
    LoadBalancer lb;
    lb.id = j.value(QStringLiteral("id")).toString();
    lb.name = j.value(QStringLiteral("name")).toString();
    lb.scheme = j.value(QStringLiteral("scheme")).toString(lb.scheme);
    lb.ipAddressType = j.value(QStringLiteral("ipAddressType")).toString(lb.ipAddressType);
    lb.vpcId = j.value(QStringLiteral("vpcId")).toString();
    for (const QJsonValue &z : j.value(QStringLiteral("zones")).toArray())
        lb.zones.append({z[0].toString(), z[1].toString()});
    lb.securityGroups = stringsFrom(j.value(QStringLiteral("securityGroups")));
    lb.state = j.value(QStringLiteral("state")).toString(lb.state);
    lb.createdAt = timeFrom(j.value(QStringLiteral("createdAt")));
    lb.attributes = attributesFrom(j.value(QStringLiteral("attributes")));
    return lb;
}

QByteArray toDocument(const TargetGroup &tg)
{
    const HealthCheck &h = tg.healthCheck;
    const QJsonObject hc{{QStringLiteral("enabled"), h.enabled},
                         {QStringLiteral("protocol"), h.protocol},
                         {QStringLiteral("port"), h.port},
                         {QStringLiteral("path"), h.path},
                         {QStringLiteral("interval"), h.intervalSeconds},
                         {QStringLiteral("timeout"), h.timeoutSeconds},
                         {QStringLiteral("healthy"), h.healthyThreshold},
                         {QStringLiteral("unhealthy"), h.unhealthyThreshold},
                         {QStringLiteral("matcher"), h.matcher}};
    return compact({{QStringLiteral("id"), tg.id},
                    {QStringLiteral("name"), tg.name},
                    {QStringLiteral("protocol"), tg.protocol},
                    {QStringLiteral("protocolVersion"), tg.protocolVersion},
                    {QStringLiteral("port"), tg.port},
                    {QStringLiteral("vpcId"), tg.vpcId},
                    {QStringLiteral("targetType"), tg.targetType},
                    {QStringLiteral("ipAddressType"), tg.ipAddressType},
                    {QStringLiteral("healthCheck"), hc},
                    {QStringLiteral("createdAt"), time(tg.createdAt)},
                    {QStringLiteral("attributes"), attributes(tg.attributes)}});
}

Result<TargetGroup> targetGroupFrom(const QByteArray &document)
{
    Result<QJsonObject> o = objectFrom(document, "target group");
    if (!o)
        return o.error();
    const QJsonObject &j = o.value();
    TargetGroup tg;
    tg.id = j.value(QStringLiteral("id")).toString();
    tg.name = j.value(QStringLiteral("name")).toString();
    tg.protocol = j.value(QStringLiteral("protocol")).toString(tg.protocol);
    tg.protocolVersion = j.value(QStringLiteral("protocolVersion")).toString(tg.protocolVersion);
    tg.port = j.value(QStringLiteral("port")).toInt(tg.port);
    tg.vpcId = j.value(QStringLiteral("vpcId")).toString();
    tg.targetType = j.value(QStringLiteral("targetType")).toString(tg.targetType);
    tg.ipAddressType = j.value(QStringLiteral("ipAddressType")).toString(tg.ipAddressType);
    const QJsonObject hc = j.value(QStringLiteral("healthCheck")).toObject();
    HealthCheck &h = tg.healthCheck;
    h.enabled = hc.value(QStringLiteral("enabled")).toBool(h.enabled);
    h.protocol = hc.value(QStringLiteral("protocol")).toString(h.protocol);
    h.port = hc.value(QStringLiteral("port")).toString(h.port);
    h.path = hc.value(QStringLiteral("path")).toString(h.path);
    h.intervalSeconds = hc.value(QStringLiteral("interval")).toInt(h.intervalSeconds);
    h.timeoutSeconds = hc.value(QStringLiteral("timeout")).toInt(h.timeoutSeconds);
    h.healthyThreshold = hc.value(QStringLiteral("healthy")).toInt(h.healthyThreshold);
    h.unhealthyThreshold = hc.value(QStringLiteral("unhealthy")).toInt(h.unhealthyThreshold);
    h.matcher = hc.value(QStringLiteral("matcher")).toString(h.matcher);
    tg.createdAt = timeFrom(j.value(QStringLiteral("createdAt")));
    tg.attributes = attributesFrom(j.value(QStringLiteral("attributes")));
    return tg;
}

QByteArray toDocument(const Listener &l)
{
    return compact({{QStringLiteral("id"), l.id},
                    {QStringLiteral("loadBalancerId"), l.loadBalancerId},
                    {QStringLiteral("protocol"), l.protocol},
                    {QStringLiteral("port"), l.port},
                    {QStringLiteral("defaultActions"), actions(l.defaultActions)},
                    {QStringLiteral("defaultRuleId"), l.defaultRuleId},
                    {QStringLiteral("createdAt"), time(l.createdAt)},
                    {QStringLiteral("attributes"), attributes(l.attributes)}});
}

Result<Listener> listenerFrom(const QByteArray &document)
{
    Result<QJsonObject> o = objectFrom(document, "listener");
    if (!o)
        return o.error();
    const QJsonObject &j = o.value();
    Listener l;
    l.id = j.value(QStringLiteral("id")).toString();
    l.loadBalancerId = j.value(QStringLiteral("loadBalancerId")).toString();
    l.protocol = j.value(QStringLiteral("protocol")).toString(l.protocol);
    l.port = j.value(QStringLiteral("port")).toInt(l.port);
    l.defaultActions = actionsFrom(j.value(QStringLiteral("defaultActions")));
    l.defaultRuleId = j.value(QStringLiteral("defaultRuleId")).toString();
    l.createdAt = timeFrom(j.value(QStringLiteral("createdAt")));
    l.attributes = attributesFrom(j.value(QStringLiteral("attributes")));
    return l;
}

QByteArray toDocument(const ListenerRule &r)
{
    QJsonArray conditions;
    for (const Condition &c : r.conditions)
        conditions.append(condition(c));
    return compact({{QStringLiteral("id"), r.id},
                    {QStringLiteral("listenerId"), r.listenerId},
                    {QStringLiteral("priority"), r.priority},
                    {QStringLiteral("conditions"), conditions},
                    {QStringLiteral("actions"), actions(r.actions)},
                    {QStringLiteral("createdAt"), time(r.createdAt)}});
}

Result<ListenerRule> ruleFrom(const QByteArray &document)
{
    Result<QJsonObject> o = objectFrom(document, "listener rule");
    if (!o)
        return o.error();
    const QJsonObject &j = o.value();
    ListenerRule r;
    r.id = j.value(QStringLiteral("id")).toString();
    r.listenerId = j.value(QStringLiteral("listenerId")).toString();
    r.priority = j.value(QStringLiteral("priority")).toInt(r.priority);
    for (const QJsonValue &c : j.value(QStringLiteral("conditions")).toArray())
        r.conditions.append(conditionFrom(c.toObject()));
    r.actions = actionsFrom(j.value(QStringLiteral("actions")));
    r.createdAt = timeFrom(j.value(QStringLiteral("createdAt")));
    return r;
}

QByteArray toDocument(const Target &t)
{
    return compact({{QStringLiteral("targetGroupId"), t.targetGroupId},
                    {QStringLiteral("id"), t.id},
                    {QStringLiteral("port"), t.port},
                    {QStringLiteral("availabilityZone"), t.availabilityZone},
                    {QStringLiteral("zone"), t.zone},
                    {QStringLiteral("state"), toString(t.state)},
                    {QStringLiteral("reason"), t.reason},
                    {QStringLiteral("description"), t.description},
                    {QStringLiteral("registeredAt"), time(t.registeredAt)},
                    {QStringLiteral("drainingSince"), time(t.drainingSince)},
                    {QStringLiteral("drainDeadline"), time(t.drainDeadline)}});
}

Result<Target> targetFrom(const QByteArray &document)
{
    Result<QJsonObject> o = objectFrom(document, "target");
    if (!o)
        return o.error();
    const QJsonObject &j = o.value();
    Target t;
    t.targetGroupId = j.value(QStringLiteral("targetGroupId")).toString();
    t.id = j.value(QStringLiteral("id")).toString();
    t.port = j.value(QStringLiteral("port")).toInt();
    t.availabilityZone = j.value(QStringLiteral("availabilityZone")).toString();
    t.zone = j.value(QStringLiteral("zone")).toString();
    // An unknown state reads as initial: the health checker re-establishes it.
    t.state =
        targetHealthStateFromString(j.value(QStringLiteral("state")).toString()).value_or(TargetHealthState::Initial);
    t.reason = j.value(QStringLiteral("reason")).toString();
    t.description = j.value(QStringLiteral("description")).toString();
    t.registeredAt = timeFrom(j.value(QStringLiteral("registeredAt")));
    t.drainingSince = timeFrom(j.value(QStringLiteral("drainingSince")));
    t.drainDeadline = timeFrom(j.value(QStringLiteral("drainDeadline")));
    return t;
}

} // namespace fd::elb::store
