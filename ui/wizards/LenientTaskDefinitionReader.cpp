#include "LenientTaskDefinitionReader.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace fd::ui {

namespace {

std::optional<int> optionalInt(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toInt();
    if (v.isString()) {
        bool ok = false;
        const int n = v.toString().trimmed().toInt(&ok);
        if (ok)
            return n;
    }
    return std::nullopt;
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &item : v.toArray())
        out << (item.isString() ? item.toString() : item.toVariant().toString());
    return out;
}

fd::ContainerDefinition readContainer(const QJsonObject &o)
{
    fd::ContainerDefinition c;
    c.name = o.value(u"name").toString();
    c.image = o.value(u"image").toString();
    c.cpu = optionalInt(o.value(u"cpu"));
    c.memory = optionalInt(o.value(u"memory"));
    c.memoryReservation = optionalInt(o.value(u"memoryReservation"));
    c.essential = o.value(u"essential").toBool(true);
    c.entryPoint = strings(o.value(u"entryPoint"));
    c.command = strings(o.value(u"command"));
    for (const QJsonValue &v : o.value(u"environment").toArray()) {
        const QJsonObject kv = v.toObject();
        c.environment.append({kv.value(u"name").toString(), kv.value(u"value").toVariant().toString()});
    }
    for (const QJsonValue &v : o.value(u"portMappings").toArray()) {
        const QJsonObject pm = v.toObject();
        fd::PortMapping m;
        m.containerPort = optionalInt(pm.value(u"containerPort")).value_or(0);
        m.hostPort = optionalInt(pm.value(u"hostPort")).value_or(0);
        m.protocol = pm.value(u"protocol").toString(QStringLiteral("tcp"));
        c.portMappings.append(m);
    }
    if (o.value(u"healthCheck").isObject()) {
        const QJsonObject hc = o.value(u"healthCheck").toObject();
        fd::HealthCheck h;
        h.command = strings(hc.value(u"command"));
        h.interval = optionalInt(hc.value(u"interval")).value_or(h.interval);
        h.timeout = optionalInt(hc.value(u"timeout")).value_or(h.timeout);
        h.retries = optionalInt(hc.value(u"retries")).value_or(h.retries);
        h.startPeriod = optionalInt(hc.value(u"startPeriod")).value_or(h.startPeriod);
        c.healthCheck = h;
    }
    c.links = strings(o.value(u"links"));
    for (const QJsonValue &v : o.value(u"dependsOn").toArray()) {
        const QJsonObject d = v.toObject();
        c.dependsOn.append({d.value(u"containerName").toString(), d.value(u"condition").toString()});
    }
    c.stopTimeout = optionalInt(o.value(u"stopTimeout"));
    c.logDriver = o.value(u"logConfiguration").toObject().value(u"logDriver").toString();
    return c;
}

} // namespace

fd::TaskDefinitionSpec LenientTaskDefinitionReader::read(const QJsonObject &input)
{
    QJsonObject object = input;
    if (object.value(u"taskDefinition").isObject())
        object = object.value(u"taskDefinition").toObject();
    // What describe-task-definition adds; a register request has none of them.
    for (const char *readOnly : {"taskDefinitionArn", "revision", "status", "registeredAt", "deregisteredAt",
                                 "registeredBy", "requiresAttributes", "compatibilities"})
        object.remove(QLatin1String(readOnly));

    fd::TaskDefinitionSpec s;
    s.family = object.value(u"family").toString();
    if (object.contains(u"networkMode"))
        s.networkMode = object.value(u"networkMode").toString();
    s.cpu = optionalInt(object.value(u"cpu"));
    s.memory = optionalInt(object.value(u"memory"));
    for (const QJsonValue &v : object.value(u"containerDefinitions").toArray())
        s.containerDefinitions.append(readContainer(v.toObject()));
    for (const QJsonValue &v : object.value(u"placementConstraints").toArray()) {
        const QJsonObject pc = v.toObject();
        s.placementConstraints.append({pc.value(u"type").toString(), pc.value(u"expression").toString()});
    }
    s.document = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return s;
}

} // namespace fd::ui
