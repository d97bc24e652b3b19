#include "AasCodec.h"

#include <QTimeZone>

#include <cmath>

namespace fd::api::autoscaling {

using namespace fd::autoscaling;

namespace {

json stepJson(const StepScalingConfiguration &c)
{
    json o = json::object();
    o["AdjustmentType"] = ss(toString(c.adjustmentType));
    json steps = json::array();
    for (const StepAdjustment &s : c.steps) {
        json j = {{"ScalingAdjustment", s.scalingAdjustment}};
        if (s.lowerBound)
            j["MetricIntervalLowerBound"] = *s.lowerBound;
        if (s.upperBound)
            j["MetricIntervalUpperBound"] = *s.upperBound;
        steps.push_back(j);
    }
    o["StepAdjustments"] = steps;
    if (c.minAdjustmentMagnitude)
        o["MinAdjustmentMagnitude"] = *c.minAdjustmentMagnitude;
    if (c.cooldownSeconds)
        o["Cooldown"] = *c.cooldownSeconds;
    if (!c.metricAggregationType.isEmpty())
        o["MetricAggregationType"] = ss(c.metricAggregationType);
    return o;
}

json targetTrackingJson(const TargetTrackingConfiguration &c)
{
    json o = {{"TargetValue", c.targetValue}};
    if (c.predefined) {
        json m = {{"PredefinedMetricType", ss(c.predefined->type)}};
        if (!c.predefined->resourceLabel.isEmpty())
            m["ResourceLabel"] = ss(c.predefined->resourceLabel);
        o["PredefinedMetricSpecification"] = m;
    }
    if (c.customized) {
        json m = {{"MetricName", ss(c.customized->metricName)},
                  {"Namespace", ss(c.customized->metricNamespace)},
                  {"Statistic", ss(c.customized->statistic)}};
        json dims = json::array();
        for (const metrics::Dimension &d : c.customized->dimensions)
            dims.push_back({{"Name", ss(d.name)}, {"Value", ss(d.value)}});
        if (!c.customized->dimensions.empty())
            m["Dimensions"] = dims;
        if (c.customized->unit)
            m["Unit"] = ss(*c.customized->unit);
        o["CustomizedMetricSpecification"] = m;
    }
    if (c.scaleOutCooldown)
        o["ScaleOutCooldown"] = *c.scaleOutCooldown;
    if (c.scaleInCooldown)
        o["ScaleInCooldown"] = *c.scaleInCooldown;
    if (c.disableScaleIn)
        o["DisableScaleIn"] = *c.disableScaleIn;
    return o;
}

std::optional<int> integerOf(Params &p, const char *name)
{
    return p.integer(name);
}

} // namespace

PageStyle pageStyle()
{
    PageStyle s;
    s.sizeMember = "MaxResults";
    s.tokenMember = "NextToken";
    s.nextTokenMember = "NextToken";
    s.maxSize = 50;
    s.defaultSize = 50;
    return s;
}

json epochSeconds(const QDateTime &t)
{
    return double(t.toMSecsSinceEpoch()) / 1000.0;
}

std::optional<ops::TargetKey> targetKey(Params &p)
{
    const auto ns = p.string("ServiceNamespace");
    const auto resourceId = p.string("ResourceId");
    const auto dimension = p.string("ScalableDimension");
    if (!p.ok())
        return std::nullopt;
    for (const auto &[value, name] : {std::pair{&ns, "ServiceNamespace"}, std::pair{&resourceId, "ResourceId"},
                                      std::pair{&dimension, "ScalableDimension"}}) {
        if (!*value) {
            p.fail(name, "is required");
            return std::nullopt;
        }
    }
    if (Status s = ops::AutoScaling::checkSupported(qs(*ns), qs(*dimension)); !s) {
        p.fail(ss(s.error().field), ss(s.error().message.mid(s.error().field.size() + 1)));
        return std::nullopt;
    }
    return ops::TargetKey{qs(*ns), qs(*resourceId), qs(*dimension)};
}

bool DescribeFilter::matches(const ScalableTarget &t) const
{
    return !resourceId || t.resourceId == qs(*resourceId);
}

std::optional<DescribeFilter> describeFilter(Params &p)
{
    const auto ns = p.string("ServiceNamespace");
    DescribeFilter f;
    f.resourceId = p.string("ResourceId");
    const auto dimension = p.string("ScalableDimension");
    if (!p.ok())
        return std::nullopt;
    if (!ns) {
        p.fail("ServiceNamespace", "is required");
        return std::nullopt;
    }
    if (Status s = ops::AutoScaling::checkSupported(qs(*ns), dimension ? qs(*dimension) : kDesiredCountDimension); !s) {
        p.fail(ss(s.error().field), ss(s.error().message.mid(s.error().field.size() + 1)));
        return std::nullopt;
    }
    return f;
}

std::optional<double> number(Params &p, const char *name)
{
    const json &v = p.raw(name);
    if (v.is_null())
        return std::nullopt;
    if (v.is_number())
        return v.get<double>();
    if (v.is_string()) {
        bool ok = false;
        const double d = qs(v.get<std::string>()).toDouble(&ok);
        if (ok)
            return d;
    }
    p.fail(name, "must be a number");
    return std::nullopt;
}

std::optional<QDateTime> timestamp(Params &p, const char *name)
{
    const json &v = p.raw(name);
    if (v.is_null())
        return std::nullopt;
    if (v.is_number())
        return QDateTime::fromMSecsSinceEpoch(qint64(std::llround(v.get<double>() * 1000)), Qt::UTC);
    if (v.is_string()) {
        QDateTime t = QDateTime::fromString(qs(v.get<std::string>()), Qt::ISODateWithMs);
        if (t.isValid())
            return t.toUTC();
    }
    p.fail(name, "must be a timestamp (epoch seconds or ISO 8601)");
    return std::nullopt;
}

void onlyMembers(Params &p, const json &object, std::initializer_list<const char *> allowed, const std::string &path)
{
    if (!object.is_object())
        return;
    for (auto it = object.begin(); it != object.end(); ++it) {
        bool known = false;
        for (const char *a : allowed)
            known = known || it.key() == a;
        if (!known)
            p.fail(path.empty() ? it.key() : path + "." + it.key(), "is not a member Fleetdeck takes here");
    }
}

json targetJson(const ScalableTarget &t)
{
    return {{"ServiceNamespace", ss(t.serviceNamespace)},
            {"ResourceId", ss(t.resourceId)},
            {"ScalableDimension", ss(t.scalableDimension)},
            {"MinCapacity", t.minCapacity},
            {"MaxCapacity", t.maxCapacity},
            {"RoleARN", ss(t.roleArn)},
            {"CreationTime", epochSeconds(t.createdAt)},
            {"SuspendedState",
             {{"DynamicScalingInSuspended", t.suspended.dynamicScalingInSuspended},
              {"DynamicScalingOutSuspended", t.suspended.dynamicScalingOutSuspended},
              {"ScheduledScalingSuspended", t.suspended.scheduledScalingSuspended}}},
            {"ScalableTargetARN", ss(t.arn)}};
}

json policyJson(const ScalableTarget &t, const ScalingPolicy &p, const QList<AlarmRef> &alarms)
{
    json o = {{"PolicyARN", ss(p.arn)},
              {"PolicyName", ss(p.name)},
              {"ServiceNamespace", ss(t.serviceNamespace)},
              {"ResourceId", ss(t.resourceId)},
              {"ScalableDimension", ss(t.scalableDimension)},
              {"PolicyType", ss(toString(p.type))},
              {"CreationTime", epochSeconds(p.createdAt)}};
    if (p.step)
        o["StepScalingPolicyConfiguration"] = stepJson(*p.step);
    if (p.targetTracking)
        o["TargetTrackingScalingPolicyConfiguration"] = targetTrackingJson(*p.targetTracking);
    json list = json::array();
    for (const AlarmRef &a : alarms)
        list.push_back({{"AlarmName", ss(a.name)}, {"AlarmARN", ss(a.arn)}});
    o["Alarms"] = list;
    return o;
}

json scheduledJson(const ScalableTarget &t, const ScheduledAction &a)
{
    json o = {{"ScheduledActionName", ss(a.name)},
              {"ScheduledActionARN", ss(a.arn)},
              {"ServiceNamespace", ss(t.serviceNamespace)},
              {"Schedule", ss(a.schedule)},
              {"ResourceId", ss(t.resourceId)},
              {"ScalableDimension", ss(t.scalableDimension)},
              {"CreationTime", epochSeconds(a.createdAt)}};
    if (a.timezone)
        o["Timezone"] = ss(*a.timezone);
    if (a.startTime)
        o["StartTime"] = epochSeconds(*a.startTime);
    if (a.endTime)
        o["EndTime"] = epochSeconds(*a.endTime);
    if (a.minCapacity || a.maxCapacity) {
        json action = json::object();
        if (a.minCapacity)
            action["MinCapacity"] = *a.minCapacity;
        if (a.maxCapacity)
            action["MaxCapacity"] = *a.maxCapacity;
        o["ScalableTargetAction"] = action;
    }
    return o;
}

json activityJson(const ScalableTarget &t, const ScalingActivity &a)
{
    json o = {{"ActivityId", ss(a.id)},
              {"ServiceNamespace", ss(t.serviceNamespace)},
              {"ResourceId", ss(t.resourceId)},
              {"ScalableDimension", ss(t.scalableDimension)},
              {"Description", ss(a.description)},
              {"Cause", ss(a.cause)},
              {"StartTime", epochSeconds(a.startTime)},
              {"StatusCode", ss(a.statusCode)}};
    if (a.endTime.isValid())
        o["EndTime"] = epochSeconds(a.endTime);
    if (!a.statusMessage.isEmpty())
        o["StatusMessage"] = ss(a.statusMessage);
    if (!a.details.isEmpty())
        o["Details"] = ss(a.details);
    return o;
}

std::optional<StepScalingConfiguration> stepConfiguration(Params &outer)
{
    const json &raw = outer.raw("StepScalingPolicyConfiguration");
    if (raw.is_null())
        return std::nullopt;
    Params p = outer.object("StepScalingPolicyConfiguration");
    onlyMembers(p, raw,
                {"AdjustmentType", "StepAdjustments", "MinAdjustmentMagnitude", "Cooldown", "MetricAggregationType"},
                {});
    StepScalingConfiguration c;
    const auto type = p.string("AdjustmentType");
    c.minAdjustmentMagnitude = integerOf(p, "MinAdjustmentMagnitude");
    c.cooldownSeconds = integerOf(p, "Cooldown");
    c.metricAggregationType = qs(p.string("MetricAggregationType").value_or(""));
    if (p.ok() && !type)
        p.fail("AdjustmentType", "is required (ChangeInCapacity, PercentChangeInCapacity or ExactCapacity)");
    if (p.ok()) {
        const auto t = adjustmentTypeFrom(qs(*type));
        if (!t)
            p.fail("AdjustmentType",
                   "'" + *type + "' is not one of ChangeInCapacity, PercentChangeInCapacity, ExactCapacity");
        else
            c.adjustmentType = *t;
    }
    const json &steps = p.raw("StepAdjustments");
    if (!steps.is_null() && !steps.is_array())
        p.fail("StepAdjustments", "must be a list");
    for (std::size_t i = 0; p.ok() && steps.is_array() && i < steps.size(); ++i) {
        const std::string name = "StepAdjustments[" + std::to_string(i) + "]";
        const json &one = steps[i];
        if (!one.is_object()) {
            p.fail(name, "must be a structure");
            break;
        }
        StepAdjustment a;
        for (const auto &[member, target] : {std::pair{"MetricIntervalLowerBound", &a.lowerBound},
                                             std::pair{"MetricIntervalUpperBound", &a.upperBound}}) {
            if (one.contains(member) && !one[member].is_null()) {
                if (!one[member].is_number())
                    p.fail(name + "." + member, "must be a number");
                else
                    *target = one[member].get<double>();
            }
        }
        if (!one.contains("ScalingAdjustment") || !one["ScalingAdjustment"].is_number_integer())
            p.fail(name + ".ScalingAdjustment", "is required and must be an integer");
        else
            a.scalingAdjustment = one["ScalingAdjustment"].get<int>();
        onlyMembers(p, one, {"MetricIntervalLowerBound", "MetricIntervalUpperBound", "ScalingAdjustment"}, name);
        c.steps.append(a);
    }
    outer.take(p);
    return c;
}

std::optional<TargetTrackingConfiguration> targetTrackingConfiguration(Params &outer)
{
    const json &raw = outer.raw("TargetTrackingScalingPolicyConfiguration");
    if (raw.is_null())
        return std::nullopt;
    Params p = outer.object("TargetTrackingScalingPolicyConfiguration");
    onlyMembers(p, raw,
                {"TargetValue", "PredefinedMetricSpecification", "CustomizedMetricSpecification", "ScaleOutCooldown",
                 "ScaleInCooldown", "DisableScaleIn"},
                {});
    TargetTrackingConfiguration c;
    const std::optional<double> target = number(p, "TargetValue");
    if (p.ok() && !target)
        p.fail("TargetValue", "is required");
    c.targetValue = target.value_or(0);
    c.scaleOutCooldown = p.integer("ScaleOutCooldown");
    c.scaleInCooldown = p.integer("ScaleInCooldown");
    c.disableScaleIn = p.boolean("DisableScaleIn");
    if (const json &pre = p.raw("PredefinedMetricSpecification"); !pre.is_null()) {
        Params m = p.object("PredefinedMetricSpecification");
        onlyMembers(m, pre, {"PredefinedMetricType", "ResourceLabel"}, {});
        const auto type = m.string("PredefinedMetricType");
        const auto label = m.string("ResourceLabel");
        if (m.ok() && !type)
            m.fail("PredefinedMetricType", "is required");
        p.take(m);
        if (type)
            c.predefined = PredefinedMetric{qs(*type), qs(label.value_or(""))};
    }
    if (const json &custom = p.raw("CustomizedMetricSpecification"); !custom.is_null()) {
        Params m = p.object("CustomizedMetricSpecification");
        if (custom.is_object() && custom.contains("Metrics"))
            m.fail("Metrics", "metric math in a customized metric is not supported by Fleetdeck; give MetricName, "
                              "Namespace, Dimensions and Statistic");
        onlyMembers(m, custom, {"MetricName", "Namespace", "Dimensions", "Statistic", "Unit"}, {});
        CustomizedMetricSpec spec;
        spec.metricName = qs(m.string("MetricName").value_or(""));
        spec.metricNamespace = qs(m.string("Namespace").value_or(""));
        spec.statistic = qs(m.string("Statistic").value_or(""));
        if (const auto unit = m.string("Unit"))
            spec.unit = qs(*unit);
        const json &dims = m.raw("Dimensions");
        for (std::size_t i = 0; dims.is_array() && i < dims.size(); ++i) {
            const json &d = dims[i];
            if (!d.is_object() || !d.value("Name", json()).is_string() || !d.value("Value", json()).is_string()) {
                m.fail("Dimensions[" + std::to_string(i) + "]", "needs a Name and a Value");
                break;
            }
            spec.dimensions.push_back({qs(d["Name"].get<std::string>()), qs(d["Value"].get<std::string>())});
        }
        p.take(m);
        c.customized = std::move(spec);
    }
    outer.take(p);
    return c;
}

} // namespace fd::api::autoscaling
