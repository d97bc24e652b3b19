#include "autoscaling/TargetTrackingAlarms.h"

#include <QRegularExpression>

namespace fd::autoscaling {

namespace {

Error predefinedError(const QString &message, const QString &field)
{
    return makeError(QStringLiteral("ValidationException"), message,
                     QStringLiteral("TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.") + field);
}

// "service/<cluster>/<service>" -> {cluster, service}; empty when it is not one.
std::pair<QString, QString> serviceOf(const QString &resourceId)
{
    const QStringList parts = resourceId.split(u'/');
    if (parts.size() != 3 || parts[0] != u"service" || parts[1].isEmpty() || parts[2].isEmpty())
        return {};
    return {parts[1], parts[2]};
}

alarms::AlarmDefinition alarmOn(const TrackedMetric &metric, const QString &name, const QString &policyArn)
{
    alarms::AlarmDefinition a;
    a.name = name;
    a.metric = metric.metric;
    a.statistic = metric.statistic;
    a.unit = metric.unit;
    a.periodSeconds = 60;
    a.alarmActions = {policyArn};
    return a;
}

} // namespace

Result<TrackedMetric> trackedMetric(const QString &resourceId, const PredefinedMetric &predefined)
{
    const auto [cluster, service] = serviceOf(resourceId);
    if (cluster.isEmpty())
        return makeError(QStringLiteral("ValidationException"),
                         QStringLiteral("ResourceId '%1' is not service/<cluster>/<service>").arg(resourceId),
                         QStringLiteral("ResourceId"));
    TrackedMetric t;
    std::vector<metrics::Dimension> dims;
    QString name;
    if (predefined.type == u"ECSServiceAverageCPUUtilization" || predefined.type == u"ECSServiceAverageMemoryUtilization") {
        name = predefined.type == u"ECSServiceAverageCPUUtilization" ? QStringLiteral("CPUUtilization")
                                                                      : QStringLiteral("MemoryUtilization");
        dims = {{QStringLiteral("ClusterName"), cluster}, {QStringLiteral("ServiceName"), service}};
        t.unit = metrics::StandardUnit::Percent;
        t.unitSuffix = QStringLiteral(" %");
        auto id = metrics::makeMetricId(QStringLiteral("AWS/ECS"), name, dims);
        if (!id)
            return id.error();
        t.metric = std::move(id).value();
        t.statistic = metrics::Statistic::Average;
        return t;
    }
    if (predefined.type == u"ALBRequestCountPerTarget") {
        static const QRegularExpression label(QStringLiteral("^app/[^/]+/[^/]+/(targetgroup/[^/]+/[^/]+)$"));
        const auto m = label.match(predefined.resourceLabel);
        if (!m.hasMatch())
            return predefinedError(QStringLiteral("ResourceLabel '%1' is not app/<load-balancer-name>/<id>/targetgroup/"
                                                  "<target-group-name>/<id>")
                                       .arg(predefined.resourceLabel),
                                   QStringLiteral("ResourceLabel"));
        auto id = metrics::makeMetricId(QStringLiteral("AWS/ApplicationELB"), QStringLiteral("RequestCountPerTarget"),
                                        {{QStringLiteral("TargetGroup"), m.captured(1)}});
        if (!id)
            return id.error();
        t.metric = std::move(id).value();
        t.statistic = metrics::Statistic::Sum;
        t.unitSuffix = QStringLiteral(" requests");
        return t;
    }
    if (predefined.type.endsWith(u"HighResolution"))
        return predefinedError(QStringLiteral("PredefinedMetricType %1 needs high-resolution ECS metrics, which Fleetdeck "
                                              "does not publish; use %2")
                                   .arg(predefined.type, predefined.type.chopped(int(qstrlen("HighResolution")))),
                               QStringLiteral("PredefinedMetricType"));
    return predefinedError(QStringLiteral("PredefinedMetricType '%1' is not one for ECS services "
                                          "(ECSServiceAverageCPUUtilization, ECSServiceAverageMemoryUtilization, "
                                          "ALBRequestCountPerTarget)")
                               .arg(predefined.type),
                           QStringLiteral("PredefinedMetricType"));
}

TrackedMetric trackedMetric(const CustomizedMetric &customized)
{
    TrackedMetric t;
    t.metric = customized.metric;
    t.statistic = customized.statistic;
    t.unit = customized.unit;
    if (customized.unit == metrics::StandardUnit::Percent)
        t.unitSuffix = QStringLiteral(" %");
    return t;
}

TargetTrackingAlarms makeTargetTrackingAlarms(const QString &resourceId, const TrackedMetric &metric, double targetValue,
                                              const QString &uuid, const QString &policyArn, bool disableScaleIn)
{
    const QString prefix = QStringLiteral("TargetTracking-%1-").arg(resourceId);
    TargetTrackingAlarms out;
    out.high = alarmOn(metric, prefix + QStringLiteral("AlarmHigh-") + uuid, policyArn);
    out.high.comparison = alarms::ComparisonOperator::GreaterThanThreshold;
    out.high.threshold = targetValue;
    out.high.evaluationPeriods = 3;
    out.high.datapointsToAlarm = 3;
    if (!disableScaleIn) {
        alarms::AlarmDefinition low = alarmOn(metric, prefix + QStringLiteral("AlarmLow-") + uuid, policyArn);
        low.comparison = alarms::ComparisonOperator::LessThanThreshold;
        low.threshold = targetValue * 0.9;
        low.evaluationPeriods = 15;
        low.datapointsToAlarm = 15;
        out.low = std::move(low);
    }
    return out;
}

} // namespace fd::autoscaling
