// DescribeAlarmHistory and the tags of alarms (TagResource, UntagResource, ListTagsForResource).

#include "ControlPlane.h"
#include "CwCodec.h"
#include "CwHandlers.h"
#include "ops/Alarms.h"

#include <algorithm>

namespace fd::api::cloudwatch {

namespace {

constexpr int kHistoryPage = 100;

// The alarm an ARN names. Only alarms are taggable here: anything else is InvalidParameterValue.
Result<QString> alarmOf(const json &params)
{
    Result<QString> arn = reqString(params, "ResourceARN");
    if (!arn)
        return arn.error();
    const QString name = alarms::alarmNameFromArn(arn.value());
    if (name.isEmpty())
        return invalidValue(QStringLiteral("ResourceARN"),
                            QStringLiteral("ResourceARN: '%1' is not a CloudWatch alarm ARN "
                                           "(arn:aws:cloudwatch:<region>:<account>:alarm:<name>); Fleetdeck tags "
                                           "alarms only")
                                .arg(arn.value()));
    return name;
}

} // namespace

Result<json> describeAlarmHistory(const ApiContext &ctx, const json &params)
{
    if (auto e = unsupported(params, {"AlarmContributorId"},
                             QStringLiteral("alarm contributors belong to Metrics Insights alarms, which Fleetdeck "
                                            "does not model")))
        return *e;
    if (auto e = onlyMembers(params, {"AlarmName", "AlarmTypes", "HistoryItemType", "StartDate", "EndDate",
                                      "MaxRecords", "NextToken", "ScanBy"}))
        return *e;
    ops::AlarmHistoryFilter filter;
    Result<std::optional<QString>> name = optString(params, "AlarmName");
    Result<std::optional<QString>> type = optString(params, "HistoryItemType");
    Result<std::optional<qint64>> start = optTimestamp(params, "StartDate");
    Result<std::optional<qint64>> end = optTimestamp(params, "EndDate");
    Result<std::optional<QString>> scanBy = optString(params, "ScanBy");
    Result<QStringList> types = stringList(params, "AlarmTypes");
    for (const Error *e :
         {name ? nullptr : &name.error(), type ? nullptr : &type.error(), start ? nullptr : &start.error(),
          end ? nullptr : &end.error(), scanBy ? nullptr : &scanBy.error(), types ? nullptr : &types.error()}) {
        if (e)
            return *e;
    }
    static const QStringList kTypes = {QStringLiteral("ConfigurationUpdate"), QStringLiteral("StateUpdate"),
                                       QStringLiteral("Action")};
    if (type->has_value() && !kTypes.contains(**type))
        return invalidValue(QStringLiteral("HistoryItemType"),
                            QStringLiteral("HistoryItemType: '%1' is not one of %2 (Fleetdeck has no composite or "
                                           "contributor alarms)")
                                .arg(**type, kTypes.join(QStringLiteral(", "))));
    const QString scan = scanBy->value_or(QStringLiteral("TimestampDescending"));
    if (scan != u"TimestampDescending" && scan != u"TimestampAscending")
        return invalidValue(QStringLiteral("ScanBy"),
                            QStringLiteral("ScanBy: TimestampDescending or TimestampAscending (got '%1')").arg(scan));
    bool metricAlarms = types->isEmpty();
    for (const QString &t : types.value()) {
        if (t == u"MetricAlarm")
            metricAlarms = true;
        else if (t != u"CompositeAlarm")
            return invalidValue(QStringLiteral("AlarmTypes"),
                                QStringLiteral("AlarmTypes: '%1' is not MetricAlarm or CompositeAlarm").arg(t));
    }
    filter.alarmName = name->value_or(QString());
    filter.itemType = type->value_or(QString());
    filter.startMs = start.value();
    filter.endMs = end.value();
    QList<alarms::AlarmHistoryItem> items =
        metricAlarms ? ctx.cp().alarms().history(filter) : QList<alarms::AlarmHistoryItem>();
    if (scan == u"TimestampAscending")
        std::reverse(items.begin(), items.end());
    Result<Page> page = pageOf(std::size_t(items.size()), params, "MaxRecords", kHistoryPage, kHistoryPage);
    if (!page)
        return page.error();
    json list = json::array();
    for (std::size_t i = page->begin; i < page->end; ++i)
        list.push_back(historyItemJson(ctx, items[qsizetype(i)]));
    json out = {{"AlarmHistoryItems", list}};
    if (page->nextToken)
        out["NextToken"] = *page->nextToken;
    return out;
}

Result<json> tagResource(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"ResourceARN", "Tags"}))
        return *e;
    Result<QString> name = alarmOf(params);
    if (!name)
        return name.error();
    Result<tags::TagList> tags = tagsParam(params);
    if (!tags)
        return tags.error();
    if (tags->isEmpty())
        return missingParameter(QStringLiteral("Tags"));
    if (Status s = ctx.cp().alarms().tag(name.value(), tags.value()); !s)
        return s.error();
    return json::object();
}

Result<json> untagResource(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"ResourceARN", "TagKeys"}))
        return *e;
    Result<QString> name = alarmOf(params);
    if (!name)
        return name.error();
    Result<QStringList> keys = stringList(params, "TagKeys");
    if (!keys)
        return keys.error();
    if (keys->isEmpty())
        return missingParameter(QStringLiteral("TagKeys"));
    if (Status s = ctx.cp().alarms().untag(name.value(), keys.value()); !s)
        return s.error();
    return json::object();
}

Result<json> listTagsForResource(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"ResourceARN"}))
        return *e;
    Result<QString> name = alarmOf(params);
    if (!name)
        return name.error();
    Result<tags::TagList> tags = ctx.cp().alarms().tags(name.value());
    if (!tags)
        return tags.error();
    return json{{"Tags", tagsJson(tags.value())}};
}

} // namespace fd::api::cloudwatch
