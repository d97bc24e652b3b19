// PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric, DeleteAlarms, SetAlarmState and
// Enable/DisableAlarmActions over cp.alarms().

#include "ControlPlane.h"
#include "CwCodec.h"
#include "CwHandlers.h"
#include "ops/Alarms.h"

namespace fd::api::cloudwatch {

using alarms::AlarmState;

namespace {

constexpr int kDescribePage = 50;
constexpr int kDescribeMax = 100;

Result<std::optional<AlarmState>> stateParam(const json &params, const char *member)
{
    Result<std::optional<QString>> text = optString(params, member);
    if (!text)
        return text.error();
    if (!text.value())
        return std::optional<AlarmState>();
    const std::optional<AlarmState> s = alarms::alarmStateFromString(*text.value());
    if (!s)
        return invalidValue(QLatin1String(member), QStringLiteral("%1: '%2' is not one of OK, ALARM, INSUFFICIENT_DATA")
                                                       .arg(QLatin1String(member), *text.value()));
    return std::optional<AlarmState>(s);
}

Result<std::optional<metrics::Statistic>> statisticParam(const json &params)
{
    Result<std::optional<QString>> text = optString(params, "Statistic");
    if (!text)
        return text.error();
    if (!text.value())
        return std::optional<metrics::Statistic>();
    const std::optional<metrics::Statistic> s = metrics::statisticFromString(*text.value());
    if (!s)
        return invalidValue(QStringLiteral("Statistic"),
                            QStringLiteral("Statistic: '%1' is not one of SampleCount, Average, Sum, Minimum, Maximum")
                                .arg(*text.value()));
    return std::optional<metrics::Statistic>(s);
}

// The parts of PutMetricAlarm Fleetdeck does not model are refused by name, never dropped.
std::optional<Error> refuseUnsupported(const json &params)
{
    if (auto e = unsupported(params, {"Metrics", "ThresholdMetricId"},
                             QStringLiteral("metric math and anomaly detection alarms are not supported by Fleetdeck; "
                                            "define the alarm on one metric with MetricName, Namespace, Statistic "
                                            "and Threshold")))
        return e;
    if (auto e = unsupported(params, {"EvaluateLowSampleCountPercentile"},
                             QStringLiteral("Fleetdeck evaluates percentiles on every sample count; leave "
                                            "EvaluateLowSampleCountPercentile unset")))
        return e;
    return unsupported(params, {"EvaluationCriteria", "EvaluationInterval"},
                       QStringLiteral("query-based alarms (EvaluationCriteria, EvaluationInterval) are not supported "
                                      "by Fleetdeck"));
}

Result<ops::AlarmPut> alarmPutOf(const ApiContext &ctx, const json &params)
{
    if (auto e = refuseUnsupported(params))
        return *e;
    if (auto e =
            onlyMembers(params, {"AlarmName", "AlarmDescription", "ActionsEnabled", "OKActions", "AlarmActions",
                                 "InsufficientDataActions", "MetricName", "Namespace", "Statistic", "ExtendedStatistic",
                                 "Dimensions", "Period", "Unit", "EvaluationPeriods", "DatapointsToAlarm", "Threshold",
                                 "ComparisonOperator", "TreatMissingData", "Tags"}))
        return *e;
    ops::AlarmPut put;
    alarms::AlarmDefinition &d = put.definition;
    Result<QString> name = reqString(params, "AlarmName");
    if (!name)
        return name.error();
    d.name = name.value();
    Result<metrics::MetricId> metric = metricParam(params);
    if (!metric)
        return metric.error();
    d.metric = metric.value();
    Result<std::optional<QString>> description = optString(params, "AlarmDescription");
    Result<std::optional<bool>> enabled = optBool(params, "ActionsEnabled");
    Result<std::optional<metrics::Statistic>> statistic = statisticParam(params);
    Result<std::optional<QString>> extended = optString(params, "ExtendedStatistic");
    Result<std::optional<int>> period = optInt(params, "Period");
    Result<std::optional<metrics::StandardUnit>> unit = unitParam(params);
    Result<std::optional<int>> evaluationPeriods = optInt(params, "EvaluationPeriods");
    Result<std::optional<int>> datapoints = optInt(params, "DatapointsToAlarm");
    Result<std::optional<double>> threshold = optDouble(params, "Threshold");
    Result<std::optional<QString>> comparison = optString(params, "ComparisonOperator");
    Result<std::optional<QString>> treat = optString(params, "TreatMissingData");
    Result<QStringList> okActions = stringList(params, "OKActions");
    Result<QStringList> alarmActions = stringList(params, "AlarmActions");
    Result<QStringList> insufficient = stringList(params, "InsufficientDataActions");
    Result<tags::TagList> tags = tagsParam(params);
    for (const Error *e : {description ? nullptr : &description.error(), enabled ? nullptr : &enabled.error(),
                           statistic ? nullptr : &statistic.error(), extended ? nullptr : &extended.error(),
                           period ? nullptr : &period.error(), unit ? nullptr : &unit.error(),
                           evaluationPeriods ? nullptr : &evaluationPeriods.error(),
                           datapoints ? nullptr : &datapoints.error(), threshold ? nullptr : &threshold.error(),
                           comparison ? nullptr : &comparison.error(), treat ? nullptr : &treat.error(),
                           okActions ? nullptr : &okActions.error(), alarmActions ? nullptr : &alarmActions.error(),
                           insufficient ? nullptr : &insufficient.error(), tags ? nullptr : &tags.error()}) {
        if (e)
            return *e;
    }
    for (const auto &[present, field] :
         {std::pair{period->has_value(), "Period"}, std::pair{evaluationPeriods->has_value(), "EvaluationPeriods"},
          std::pair{threshold->has_value(), "Threshold"}, std::pair{comparison->has_value(), "ComparisonOperator"}}) {
        if (!present)
            return missingParameter(QLatin1String(field));
    }
    put.description = description.value();
    d.actionsEnabled = enabled->value_or(true);
    d.statistic = statistic.value();
    d.extendedStatistic = extended->value_or(QString());
    d.periodSeconds = **period;
    d.unit = unit.value();
    d.evaluationPeriods = **evaluationPeriods;
    d.datapointsToAlarm = datapoints.value();
    d.threshold = **threshold;
    const std::optional<alarms::ComparisonOperator> op = alarms::comparisonOperatorFromString(**comparison);
    if (!op)
        return invalidValue(QStringLiteral("ComparisonOperator"),
                            QStringLiteral("ComparisonOperator: '%1' is not a comparison operator").arg(**comparison));
    d.comparison = *op;
    if (treat->has_value()) {
        const std::optional<alarms::TreatMissingData> t = alarms::treatMissingDataFromString(**treat);
        if (!t)
            return invalidValue(QStringLiteral("TreatMissingData"),
                                QStringLiteral("TreatMissingData: '%1' is not one of missing, ignore, breaching, "
                                               "notBreaching")
                                    .arg(**treat));
        d.treatMissingData = *t;
        put.treatMissingDataGiven = true;
    }
    d.okActions = okActions.value();
    d.alarmActions = alarmActions.value();
    d.insufficientDataActions = insufficient.value();
    put.tags = tags.value();
    put.region = ctx.region;
    return put;
}

json alarmsPage(const ApiContext &ctx, const QList<alarms::MetricAlarm> &list, std::size_t begin, std::size_t end)
{
    json out = json::array();
    for (std::size_t i = begin; i < end; ++i)
        out.push_back(alarmJson(ctx, list[qsizetype(i)]));
    return out;
}

Result<QStringList> alarmNames(const json &params)
{
    if (auto e = onlyMembers(params, {"AlarmNames"}))
        return *e;
    Result<QStringList> names = stringList(params, "AlarmNames");
    if (!names)
        return names.error();
    if (names->isEmpty())
        return missingParameter(QStringLiteral("AlarmNames"));
    if (names->size() > 100)
        return invalidValue(QStringLiteral("AlarmNames"),
                            QStringLiteral("AlarmNames: at most 100 names (got %1)").arg(names->size()));
    return names;
}

} // namespace

Result<json> putMetricAlarm(const ApiContext &ctx, const json &params)
{
    Result<ops::AlarmPut> put = alarmPutOf(ctx, params);
    if (!put)
        return put.error();
    if (Status s = ctx.cp().alarms().put(put.value()); !s)
        return s.error();
    return json(nullptr);
}

Result<json> describeAlarms(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"AlarmNames", "AlarmNamePrefix", "AlarmTypes", "ChildrenOfAlarmName",
                                      "ParentsOfAlarmName", "StateValue", "ActionPrefix", "MaxRecords", "NextToken"}))
        return *e;
    ops::AlarmFilter filter;
    Result<QStringList> names = stringList(params, "AlarmNames");
    Result<std::optional<QString>> prefix = optString(params, "AlarmNamePrefix");
    Result<QStringList> types = stringList(params, "AlarmTypes");
    Result<std::optional<AlarmState>> state = stateParam(params, "StateValue");
    Result<std::optional<QString>> actionPrefix = optString(params, "ActionPrefix");
    Result<std::optional<QString>> children = optString(params, "ChildrenOfAlarmName");
    Result<std::optional<QString>> parents = optString(params, "ParentsOfAlarmName");
    for (const Error *e :
         {names ? nullptr : &names.error(), prefix ? nullptr : &prefix.error(), types ? nullptr : &types.error(),
          state ? nullptr : &state.error(), actionPrefix ? nullptr : &actionPrefix.error(),
          children ? nullptr : &children.error(), parents ? nullptr : &parents.error()}) {
        if (e)
            return *e;
    }
    if (!names->isEmpty() && prefix->has_value())
        return makeError(QStringLiteral("InvalidParameterCombination"),
                         QStringLiteral("AlarmNames and AlarmNamePrefix cannot be given together"),
                         QStringLiteral("AlarmNamePrefix"));
    bool metricAlarms = types->isEmpty();
    bool compositeAlarms = false;
    for (const QString &t : types.value()) {
        if (t == u"MetricAlarm")
            metricAlarms = true;
        else if (t == u"CompositeAlarm")
            compositeAlarms = true;
        else
            return invalidValue(QStringLiteral("AlarmTypes"),
                                QStringLiteral("AlarmTypes: '%1' is not MetricAlarm or CompositeAlarm").arg(t));
    }
    // Children and parents are composite alarms' relations: Fleetdeck has no composite alarms, so
    // nothing is a child or a parent of anything.
    if (children->has_value() || parents->has_value())
        metricAlarms = false;
    filter.names = names.value();
    filter.namePrefix = prefix->value_or(QString());
    filter.state = state.value();
    filter.actionPrefix = actionPrefix->value_or(QString());
    const QList<alarms::MetricAlarm> found =
        metricAlarms ? ctx.cp().alarms().describe(filter) : QList<alarms::MetricAlarm>();
    Result<Page> page = pageOf(std::size_t(found.size()), params, "MaxRecords", kDescribePage, kDescribeMax);
    if (!page)
        return page.error();
    json out = json::object();
    if (metricAlarms)
        out["MetricAlarms"] = alarmsPage(ctx, found, page->begin, page->end);
    if (compositeAlarms)
        out["CompositeAlarms"] = json::array();
    if (page->nextToken)
        out["NextToken"] = *page->nextToken;
    return out;
}

Result<json> describeAlarmsForMetric(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(
            params, {"MetricName", "Namespace", "Statistic", "ExtendedStatistic", "Dimensions", "Period", "Unit"}))
        return *e;
    ops::AlarmMetricFilter filter;
    Result<metrics::MetricId> metric = metricParam(params);
    if (!metric)
        return metric.error();
    Result<std::optional<metrics::Statistic>> statistic = statisticParam(params);
    Result<std::optional<QString>> extended = optString(params, "ExtendedStatistic");
    Result<std::optional<int>> period = optInt(params, "Period");
    Result<std::optional<metrics::StandardUnit>> unit = unitParam(params);
    for (const Error *e : {statistic ? nullptr : &statistic.error(), extended ? nullptr : &extended.error(),
                           period ? nullptr : &period.error(), unit ? nullptr : &unit.error()}) {
        if (e)
            return *e;
    }
    filter.metric = metric.value();
    filter.statistic = statistic.value();
    filter.extendedStatistic = extended->value_or(QString());
    filter.periodSeconds = period.value();
    filter.unit = unit.value();
    const QList<alarms::MetricAlarm> found = ctx.cp().alarms().describeForMetric(filter);
    return json{{"MetricAlarms", alarmsPage(ctx, found, 0, std::size_t(found.size()))}};
}

Result<json> deleteAlarms(const ApiContext &ctx, const json &params)
{
    Result<QStringList> names = alarmNames(params);
    if (!names)
        return names.error();
    if (Status s = ctx.cp().alarms().remove(names.value()); !s)
        return s.error();
    return json(nullptr);
}

Result<json> setAlarmState(const ApiContext &ctx, const json &params)
{
    if (auto e = onlyMembers(params, {"AlarmName", "StateValue", "StateReason", "StateReasonData"}))
        return *e;
    Result<QString> name = reqString(params, "AlarmName");
    if (!name)
        return name.error();
    Result<std::optional<AlarmState>> state = stateParam(params, "StateValue");
    if (!state)
        return state.error();
    if (!state.value())
        return missingParameter(QStringLiteral("StateValue"));
    Result<QString> reason = reqString(params, "StateReason");
    if (!reason)
        return reason.error();
    Result<std::optional<QString>> data = optString(params, "StateReasonData");
    if (!data)
        return data.error();
    if (Status s = ctx.cp().alarms().setState(name.value(), **state, reason.value(), data->value_or(QString())); !s)
        return s.error();
    return json(nullptr);
}

Result<json> enableAlarmActions(const ApiContext &ctx, const json &params)
{
    Result<QStringList> names = alarmNames(params);
    if (!names)
        return names.error();
    if (Status s = ctx.cp().alarms().setActionsEnabled(names.value(), true); !s)
        return s.error();
    return json(nullptr);
}

Result<json> disableAlarmActions(const ApiContext &ctx, const json &params)
{
    Result<QStringList> names = alarmNames(params);
    if (!names)
        return names.error();
    if (Status s = ctx.cp().alarms().setActionsEnabled(names.value(), false); !s)
        return s.error();
    return json(nullptr);
}

} // namespace fd::api::cloudwatch
