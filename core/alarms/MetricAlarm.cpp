#include "alarms/MetricAlarm.h"

#include "model/Arn.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace fd::alarms {

namespace {

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

QJsonObject historyJson(const AlarmHistoryItem &h)
{
    return {{QStringLiteral("t"), double(h.timestampMs)},
            {QStringLiteral("type"), h.historyItemType},
            {QStringLiteral("summary"), h.historySummary},
            {QStringLiteral("data"), h.historyData}};
}

AlarmHistoryItem historyFrom(const QString &name, const QJsonObject &o)
{
    AlarmHistoryItem h;
    h.alarmName = name;
    h.timestampMs = qint64(o[u"t"].toDouble());
    h.historyItemType = o[u"type"].toString();
    h.historySummary = o[u"summary"].toString();
    h.historyData = o[u"data"].toString();
    return h;
}

QJsonObject definitionJson(const AlarmDefinition &d)
{
    QJsonObject o;
    o[u"name"] = d.name;
    o[u"namespace"] = d.metric.metricNamespace;
    o[u"metricName"] = d.metric.metricName;
    QJsonArray dims;
    for (const metrics::Dimension &dim : d.metric.dimensions)
        dims.append(QJsonArray{dim.name, dim.value});
    o[u"dimensions"] = dims;
    if (d.statistic)
        o[u"statistic"] = metrics::toString(*d.statistic);
    if (!d.extendedStatistic.isEmpty())
        o[u"extendedStatistic"] = d.extendedStatistic;
    if (d.unit)
        o[u"unit"] = metrics::toString(*d.unit);
    o[u"period"] = d.periodSeconds;
    o[u"evaluationPeriods"] = d.evaluationPeriods;
    if (d.datapointsToAlarm)
        o[u"datapointsToAlarm"] = *d.datapointsToAlarm;
    o[u"comparison"] = toString(d.comparison);
    o[u"threshold"] = d.threshold;
    o[u"treatMissingData"] = toString(d.treatMissingData);
    o[u"actionsEnabled"] = d.actionsEnabled;
    o[u"alarmActions"] = strings(d.alarmActions);
    o[u"okActions"] = strings(d.okActions);
    o[u"insufficientDataActions"] = strings(d.insufficientDataActions);
    return o;
}

Result<AlarmDefinition> definitionFrom(const QJsonObject &o)
{
    AlarmDefinition d;
    d.name = o[u"name"].toString();
    std::vector<metrics::Dimension> dims;
    for (const QJsonValue &v : o[u"dimensions"].toArray())
        dims.push_back({v[0].toString(), v[1].toString()});
    Result<metrics::MetricId> id =
        metrics::makeMetricId(o[u"namespace"].toString(), o[u"metricName"].toString(), std::move(dims));
    if (!id)
        return id.error();
    d.metric = id.value();
    if (o.contains(u"statistic"))
        d.statistic = metrics::statisticFromString(o[u"statistic"].toString());
    d.extendedStatistic = o[u"extendedStatistic"].toString();
    if (o.contains(u"unit"))
        d.unit = metrics::standardUnitFromString(o[u"unit"].toString());
    d.periodSeconds = o[u"period"].toInt(60);
    d.evaluationPeriods = o[u"evaluationPeriods"].toInt(1);
    if (o.contains(u"datapointsToAlarm"))
        d.datapointsToAlarm = o[u"datapointsToAlarm"].toInt();
    d.comparison = comparisonOperatorFromString(o[u"comparison"].toString())
                       .value_or(ComparisonOperator::GreaterThanOrEqualToThreshold);
    d.threshold = o[u"threshold"].toDouble();
    d.treatMissingData =
        treatMissingDataFromString(o[u"treatMissingData"].toString()).value_or(TreatMissingData::Missing);
    d.actionsEnabled = o[u"actionsEnabled"].toBool(true);
    d.alarmActions = stringsFrom(o[u"alarmActions"]);
    d.okActions = stringsFrom(o[u"okActions"]);
    d.insufficientDataActions = stringsFrom(o[u"insufficientDataActions"]);
    return d;
}

} // namespace

void MetricAlarm::remember(const AlarmHistoryItem &item)
{
    history.prepend(item);
    while (history.size() > kMaxHistoryPerAlarm)
        history.removeLast();
}

QString alarmArn(const QString &region, const QString &name)
{
    return QStringLiteral("arn:aws:cloudwatch:%1:%2:alarm:%3").arg(region, QLatin1String(arn::kAccount), name);
}

QString alarmNameFromArn(const QString &arn)
{
    // arn:aws:cloudwatch:<region>:<account>:alarm:<name> (the name may itself hold colons)
    const QStringList parts = arn.split(u':');
    if (parts.size() < 7 || parts[0] != u"arn" || parts[2] != u"cloudwatch" || parts[5] != u"alarm")
        return {};
    return parts.mid(6).join(u':');
}

QByteArray toDocument(const MetricAlarm &a)
{
    QJsonObject o = definitionJson(a.definition);
    if (a.description)
        o[u"description"] = *a.description;
    o[u"treatMissingDataGiven"] = a.treatMissingDataGiven;
    o[u"arn"] = a.arn;
    o[u"configurationUpdatedMs"] = double(a.configurationUpdatedMs);
    o[u"state"] = toString(a.status.state);
    o[u"stateReason"] = a.status.reason;
    o[u"stateReasonData"] = a.status.reasonData;
    o[u"stateUpdatedMs"] = double(a.stateUpdatedMs);
    o[u"stateTransitionedMs"] = double(a.stateTransitionedMs);
    QJsonArray history;
    for (const AlarmHistoryItem &h : a.history)
        history.append(historyJson(h));
    o[u"history"] = history;
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

Result<MetricAlarm> metricAlarmFrom(const QByteArray &document)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(document, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(QStringLiteral("ServerException"),
                         QStringLiteral("unreadable metric alarm document: %1").arg(error.errorString()));
    const QJsonObject o = doc.object();
    Result<AlarmDefinition> definition = definitionFrom(o);
    if (!definition)
        return definition.error();
    MetricAlarm a;
    a.definition = std::move(definition).value();
    if (o.contains(u"description"))
        a.description = o[u"description"].toString();
    a.treatMissingDataGiven = o[u"treatMissingDataGiven"].toBool();
    a.arn = o[u"arn"].toString();
    a.configurationUpdatedMs = qint64(o[u"configurationUpdatedMs"].toDouble());
    a.status.state = alarmStateFromString(o[u"state"].toString()).value_or(AlarmState::InsufficientData);
    a.status.reason = o[u"stateReason"].toString();
    a.status.reasonData = o[u"stateReasonData"].toString();
    a.stateUpdatedMs = qint64(o[u"stateUpdatedMs"].toDouble());
    a.stateTransitionedMs = qint64(o[u"stateTransitionedMs"].toDouble());
    for (const QJsonValue &h : o[u"history"].toArray())
        a.history.append(historyFrom(a.definition.name, h.toObject()));
    return a;
}

QByteArray historyDocument(const QList<AlarmHistoryItem> &items)
{
    QJsonArray history;
    for (const AlarmHistoryItem &h : items)
        history.append(historyJson(h));
    return QJsonDocument(QJsonObject{{QStringLiteral("history"), history}}).toJson(QJsonDocument::Compact);
}

Result<QList<AlarmHistoryItem>> historyFromDocument(const QString &alarmName, const QByteArray &document)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(document, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(QStringLiteral("ServerException"),
                         QStringLiteral("unreadable alarm history document: %1").arg(error.errorString()));
    QList<AlarmHistoryItem> items;
    for (const QJsonValue &h : doc.object()[u"history"].toArray())
        items.append(historyFrom(alarmName, h.toObject()));
    return items;
}

} // namespace fd::alarms
