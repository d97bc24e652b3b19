#include "autoscaling/ScalableTargetDocument.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace fd::autoscaling {

namespace {

QJsonValue timeJson(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(double(t.toMSecsSinceEpoch())) : QJsonValue();
}

QDateTime timeFrom(const QJsonValue &v)
{
    return v.isDouble() ? QDateTime::fromMSecsSinceEpoch(qint64(v.toDouble()), Qt::UTC) : QDateTime();
}

template<typename T> void putOptional(QJsonObject &o, const char *key, const std::optional<T> &v)
{
    if (v)
        o[QLatin1String(key)] = *v;
}

std::optional<int> optInt(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o[QLatin1String(key)];
    return v.isDouble() ? std::optional<int>(v.toInt()) : std::nullopt;
}

std::optional<double> optDouble(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o[QLatin1String(key)];
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}

std::optional<bool> optBool(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o[QLatin1String(key)];
    return v.isBool() ? std::optional<bool>(v.toBool()) : std::nullopt;
}

std::optional<QString> optString(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o[QLatin1String(key)];
    return v.isString() ? std::optional<QString>(v.toString()) : std::nullopt;
}

QJsonObject stepJson(const StepScalingConfiguration &c)
{
    QJsonObject o{{QStringLiteral("adjustmentType"), toString(c.adjustmentType)},
                  {QStringLiteral("metricAggregationType"), c.metricAggregationType}};
    QJsonArray steps;
    for (const StepAdjustment &s : c.steps) {
        QJsonObject j{{QStringLiteral("adjustment"), s.scalingAdjustment}};
        putOptional(j, "lower", s.lowerBound);
        putOptional(j, "upper", s.upperBound);
        steps.append(j);
    }
    o[u"steps"] = steps;
    putOptional(o, "minAdjustmentMagnitude", c.minAdjustmentMagnitude);
    putOptional(o, "cooldown", c.cooldownSeconds);
    return o;
}

StepScalingConfiguration stepFrom(const QJsonObject &o)
{
    StepScalingConfiguration c;
    c.adjustmentType = adjustmentTypeFrom(o[u"adjustmentType"].toString()).value_or(AdjustmentType::ChangeInCapacity);
    c.metricAggregationType = o[u"metricAggregationType"].toString();
    for (const QJsonValue &v : o[u"steps"].toArray()) {
        const QJsonObject j = v.toObject();
        c.steps.append({optDouble(j, "lower"), optDouble(j, "upper"), j[u"adjustment"].toInt()});
    }
    c.minAdjustmentMagnitude = optInt(o, "minAdjustmentMagnitude");
    c.cooldownSeconds = optInt(o, "cooldown");
    return c;
}

QJsonObject targetTrackingJson(const TargetTrackingConfiguration &c)
{
    QJsonObject o{{QStringLiteral("targetValue"), c.targetValue}};
    if (c.predefined) {
        QJsonObject p{{QStringLiteral("type"), c.predefined->type}};
        if (!c.predefined->resourceLabel.isEmpty())
            p[u"resourceLabel"] = c.predefined->resourceLabel;
        o[u"predefined"] = p;
    }
    if (c.customized) {
        QJsonObject m{{QStringLiteral("namespace"), c.customized->metricNamespace},
                      {QStringLiteral("metricName"), c.customized->metricName},
                      {QStringLiteral("statistic"), c.customized->statistic}};
        QJsonArray dims;
        for (const metrics::Dimension &d : c.customized->dimensions)
            dims.append(QJsonObject{{QStringLiteral("name"), d.name}, {QStringLiteral("value"), d.value}});
        m[u"dimensions"] = dims;
        putOptional(m, "unit", c.customized->unit);
        o[u"customized"] = m;
    }
    putOptional(o, "scaleOutCooldown", c.scaleOutCooldown);
    putOptional(o, "scaleInCooldown", c.scaleInCooldown);
    putOptional(o, "disableScaleIn", c.disableScaleIn);
    return o;
}

TargetTrackingConfiguration targetTrackingFrom(const QJsonObject &o)
{
    TargetTrackingConfiguration c;
    c.targetValue = o[u"targetValue"].toDouble();
    if (o[u"predefined"].isObject()) {
        const QJsonObject p = o[u"predefined"].toObject();
        c.predefined = PredefinedMetric{p[u"type"].toString(), p[u"resourceLabel"].toString()};
    }
    if (o[u"customized"].isObject()) {
        const QJsonObject m = o[u"customized"].toObject();
        CustomizedMetricSpec s;
        s.metricNamespace = m[u"namespace"].toString();
        s.metricName = m[u"metricName"].toString();
        s.statistic = m[u"statistic"].toString();
        for (const QJsonValue &d : m[u"dimensions"].toArray())
            s.dimensions.push_back({d[u"name"].toString(), d[u"value"].toString()});
        s.unit = optString(m, "unit");
        c.customized = std::move(s);
    }
    c.scaleOutCooldown = optInt(o, "scaleOutCooldown");
    c.scaleInCooldown = optInt(o, "scaleInCooldown");
    c.disableScaleIn = optBool(o, "disableScaleIn");
    return c;
}

QJsonObject policyJson(const ScalingPolicy &p)
{
    QJsonObject o{{QStringLiteral("name"), p.name},
                  {QStringLiteral("arn"), p.arn},
                  {QStringLiteral("uuid"), p.uuid},
                  {QStringLiteral("type"), toString(p.type)},
                  {QStringLiteral("createdAt"), timeJson(p.createdAt)}};
    if (p.step)
        o[u"step"] = stepJson(*p.step);
    if (p.targetTracking)
        o[u"targetTracking"] = targetTrackingJson(*p.targetTracking);
    QJsonArray alarms;
    for (const AlarmRef &a : p.alarms)
        alarms.append(QJsonObject{{QStringLiteral("name"), a.name}, {QStringLiteral("arn"), a.arn}});
    o[u"alarms"] = alarms;
    return o;
}

ScalingPolicy policyFrom(const QJsonObject &o)
{
    ScalingPolicy p;
    p.name = o[u"name"].toString();
    p.arn = o[u"arn"].toString();
    p.uuid = o[u"uuid"].toString();
    p.type = policyTypeFrom(o[u"type"].toString()).value_or(PolicyType::TargetTrackingScaling);
    p.createdAt = timeFrom(o[u"createdAt"]);
    if (o[u"step"].isObject())
        p.step = stepFrom(o[u"step"].toObject());
    if (o[u"targetTracking"].isObject())
        p.targetTracking = targetTrackingFrom(o[u"targetTracking"].toObject());
    for (const QJsonValue &a : o[u"alarms"].toArray())
        p.alarms.append({a[u"name"].toString(), a[u"arn"].toString()});
    return p;
}

QJsonObject scheduledJson(const ScheduledAction &a)
{
    QJsonObject o{{QStringLiteral("name"), a.name},
                  {QStringLiteral("arn"), a.arn},
                  {QStringLiteral("schedule"), a.schedule},
                  {QStringLiteral("createdAt"), timeJson(a.createdAt)},
                  {QStringLiteral("lastRunAt"), timeJson(a.lastRunAt)}};
    putOptional(o, "timezone", a.timezone);
    if (a.startTime)
        o[u"startTime"] = timeJson(*a.startTime);
    if (a.endTime)
        o[u"endTime"] = timeJson(*a.endTime);
    putOptional(o, "minCapacity", a.minCapacity);
    putOptional(o, "maxCapacity", a.maxCapacity);
    return o;
}

ScheduledAction scheduledFrom(const QJsonObject &o)
{
    ScheduledAction a;
    a.name = o[u"name"].toString();
    a.arn = o[u"arn"].toString();
    a.schedule = o[u"schedule"].toString();
    a.createdAt = timeFrom(o[u"createdAt"]);
    a.lastRunAt = timeFrom(o[u"lastRunAt"]);
    a.timezone = optString(o, "timezone");
    if (o[u"startTime"].isDouble())
        a.startTime = timeFrom(o[u"startTime"]);
    if (o[u"endTime"].isDouble())
        a.endTime = timeFrom(o[u"endTime"]);
    a.minCapacity = optInt(o, "minCapacity");
    a.maxCapacity = optInt(o, "maxCapacity");
    return a;
}

QJsonObject activityJson(const ScalingActivity &a)
{
    return {{QStringLiteral("id"), a.id},
            {QStringLiteral("description"), a.description},
            {QStringLiteral("cause"), a.cause},
            {QStringLiteral("startTime"), timeJson(a.startTime)},
            {QStringLiteral("endTime"), timeJson(a.endTime)},
            {QStringLiteral("statusCode"), a.statusCode},
            {QStringLiteral("statusMessage"), a.statusMessage},
            {QStringLiteral("details"), a.details}};
}

ScalingActivity activityFrom(const QJsonObject &o)
{
    ScalingActivity a;
    a.id = o[u"id"].toString();
    a.description = o[u"description"].toString();
    a.cause = o[u"cause"].toString();
    a.startTime = timeFrom(o[u"startTime"]);
    a.endTime = timeFrom(o[u"endTime"]);
    a.statusCode = o[u"statusCode"].toString();
    a.statusMessage = o[u"statusMessage"].toString();
    a.details = o[u"details"].toString();
    return a;
}

QJsonObject memoryJson(const ScalingMemory &m)
{
    return {{QStringLiteral("lastScaleOutAt"), timeJson(m.lastScaleOutAt)},
            {QStringLiteral("capacityBeforeScaleOut"), m.capacityBeforeScaleOut},
            {QStringLiteral("scaleOutCooldown"), double(m.scaleOutCooldown.count())},
            {QStringLiteral("lastScaleInAt"), timeJson(m.lastScaleInAt)},
            {QStringLiteral("scaleInCooldown"), double(m.scaleInCooldown.count())}};
}

ScalingMemory memoryFrom(const QJsonObject &o)
{
    ScalingMemory m;
    m.lastScaleOutAt = timeFrom(o[u"lastScaleOutAt"]);
    m.capacityBeforeScaleOut = o[u"capacityBeforeScaleOut"].toInt();
    m.scaleOutCooldown = std::chrono::seconds(qint64(o[u"scaleOutCooldown"].toDouble()));
    m.lastScaleInAt = timeFrom(o[u"lastScaleInAt"]);
    m.scaleInCooldown = std::chrono::seconds(qint64(o[u"scaleInCooldown"].toDouble()));
    return m;
}

template<typename T, typename F> QJsonArray arrayOf(const QList<T> &items, F toJson)
{
    QJsonArray a;
    for (const T &item : items)
        a.append(toJson(item));
    return a;
}

} // namespace

QByteArray toDocument(const ScalableTarget &t)
{
    QJsonObject o{{QStringLiteral("resourceId"), t.resourceId},
                  {QStringLiteral("serviceNamespace"), t.serviceNamespace},
                  {QStringLiteral("scalableDimension"), t.scalableDimension},
                  {QStringLiteral("minCapacity"), t.minCapacity},
                  {QStringLiteral("maxCapacity"), t.maxCapacity},
                  {QStringLiteral("roleArn"), t.roleArn},
                  {QStringLiteral("arn"), t.arn},
                  {QStringLiteral("createdAt"), timeJson(t.createdAt)},
                  {QStringLiteral("suspendedIn"), t.suspended.dynamicScalingInSuspended},
                  {QStringLiteral("suspendedOut"), t.suspended.dynamicScalingOutSuspended},
                  {QStringLiteral("suspendedScheduled"), t.suspended.scheduledScalingSuspended},
                  {QStringLiteral("tags"), QString::fromUtf8(tags::toJson(t.tags))},
                  {QStringLiteral("memory"), memoryJson(t.memory)}};
    o[u"policies"] = arrayOf(t.policies, policyJson);
    o[u"scheduled"] = arrayOf(t.scheduled, scheduledJson);
    o[u"activities"] = arrayOf(t.activities, activityJson);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Result<ScalableTarget> scalableTargetFrom(const QByteArray &document)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(document, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(QStringLiteral("ServerException"),
                         QStringLiteral("unreadable scalable target document: %1").arg(error.errorString()));
    const QJsonObject o = doc.object();
    ScalableTarget t;
    t.resourceId = o[u"resourceId"].toString();
    t.serviceNamespace = o[u"serviceNamespace"].toString();
    t.scalableDimension = o[u"scalableDimension"].toString();
    t.minCapacity = o[u"minCapacity"].toInt();
    t.maxCapacity = o[u"maxCapacity"].toInt();
    t.roleArn = o[u"roleArn"].toString();
    t.arn = o[u"arn"].toString();
    t.createdAt = timeFrom(o[u"createdAt"]);
    t.suspended = {o[u"suspendedIn"].toBool(), o[u"suspendedOut"].toBool(), o[u"suspendedScheduled"].toBool()};
    Result<tags::TagList> tagList = tags::fromJson(o[u"tags"].toString().toUtf8());
    if (tagList)
        t.tags = std::move(tagList).value();
    t.memory = memoryFrom(o[u"memory"].toObject());
    for (const QJsonValue &v : o[u"policies"].toArray())
        t.policies.append(policyFrom(v.toObject()));
    for (const QJsonValue &v : o[u"scheduled"].toArray())
        t.scheduled.append(scheduledFrom(v.toObject()));
    for (const QJsonValue &v : o[u"activities"].toArray())
        t.activities.append(activityFrom(v.toObject()));
    if (t.resourceId.isEmpty())
        return makeError(QStringLiteral("ServerException"),
                         QStringLiteral("scalable target document without resourceId"));
    return t;
}

} // namespace fd::autoscaling
