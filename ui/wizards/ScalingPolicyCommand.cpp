#include "ScalingPolicyCommand.h"

#include "wizards/AlarmCommand.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace fd::ui {

namespace {

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QStringList keyArguments(const ops::TargetKey &key, const QString &endpoint, const char *subcommand)
{
    QStringList args{QStringLiteral("aws")};
    if (!endpoint.isEmpty())
        args << QStringLiteral("--endpoint-url") << endpoint;
    args << QStringLiteral("application-autoscaling") << QLatin1String(subcommand);
    args << QStringLiteral("--service-namespace") << key.serviceNamespace;
    args << QStringLiteral("--resource-id") << key.resourceId;
    args << QStringLiteral("--scalable-dimension") << key.scalableDimension;
    return args;
}

// One option a line after the subcommand, each word quoted for a shell.
QString shellText(const QStringList &arguments, const QString &subcommand)
{
    QStringList lines;
    QString line;
    bool options = false;
    for (const QString &a : arguments) {
        if (a == subcommand)
            options = true;
        else if (options && a.startsWith(QStringLiteral("--"))) {
            lines << line;
            line = QStringLiteral("  ");
        }
        if (!line.trimmed().isEmpty())
            line += u' ';
        line += AlarmCommand::shellWord(a);
    }
    lines << line;
    return lines.join(QStringLiteral(" \\\n"));
}

} // namespace

QString ScalingPolicyCommand::targetTrackingJson(const autoscaling::TargetTrackingConfiguration &c)
{
    QJsonObject o{{QStringLiteral("TargetValue"), c.targetValue}};
    if (c.predefined) {
        QJsonObject m{{QStringLiteral("PredefinedMetricType"), c.predefined->type}};
        if (!c.predefined->resourceLabel.isEmpty())
            m.insert(QStringLiteral("ResourceLabel"), c.predefined->resourceLabel);
        o.insert(QStringLiteral("PredefinedMetricSpecification"), m);
    }
    if (c.customized) {
        QJsonObject m{{QStringLiteral("Namespace"), c.customized->metricNamespace},
                      {QStringLiteral("MetricName"), c.customized->metricName},
                      {QStringLiteral("Statistic"), c.customized->statistic}};
        QJsonArray dims;
        for (const metrics::Dimension &d : c.customized->dimensions)
            dims.append(QJsonObject{{QStringLiteral("Name"), d.name}, {QStringLiteral("Value"), d.value}});
        if (!dims.isEmpty())
            m.insert(QStringLiteral("Dimensions"), dims);
        if (c.customized->unit)
            m.insert(QStringLiteral("Unit"), *c.customized->unit);
        o.insert(QStringLiteral("CustomizedMetricSpecification"), m);
    }
    if (c.scaleOutCooldown)
        o.insert(QStringLiteral("ScaleOutCooldown"), *c.scaleOutCooldown);
    if (c.scaleInCooldown)
        o.insert(QStringLiteral("ScaleInCooldown"), *c.scaleInCooldown);
    if (c.disableScaleIn)
        o.insert(QStringLiteral("DisableScaleIn"), *c.disableScaleIn);
    return compact(o);
}

QString ScalingPolicyCommand::stepJson(const autoscaling::StepScalingConfiguration &c)
{
    QJsonObject o{{QStringLiteral("AdjustmentType"), autoscaling::toString(c.adjustmentType)}};
    QJsonArray steps;
    for (const autoscaling::StepAdjustment &s : c.steps) {
        QJsonObject step;
        if (s.lowerBound)
            step.insert(QStringLiteral("MetricIntervalLowerBound"), *s.lowerBound);
        if (s.upperBound)
            step.insert(QStringLiteral("MetricIntervalUpperBound"), *s.upperBound);
        step.insert(QStringLiteral("ScalingAdjustment"), s.scalingAdjustment);
        steps.append(step);
    }
    o.insert(QStringLiteral("StepAdjustments"), steps);
    if (c.minAdjustmentMagnitude)
        o.insert(QStringLiteral("MinAdjustmentMagnitude"), *c.minAdjustmentMagnitude);
    if (c.cooldownSeconds)
        o.insert(QStringLiteral("Cooldown"), *c.cooldownSeconds);
    if (!c.metricAggregationType.isEmpty())
        o.insert(QStringLiteral("MetricAggregationType"), c.metricAggregationType);
    return compact(o);
}

QStringList ScalingPolicyCommand::arguments(const ops::PolicyPut &r, const QString &endpoint)
{
    QStringList args = keyArguments(r.key, endpoint, "put-scaling-policy");
    args << QStringLiteral("--policy-name") << r.policyName;
    if (r.policyType)
        args << QStringLiteral("--policy-type") << *r.policyType;
    if (r.targetTracking)
        args << QStringLiteral("--target-tracking-scaling-policy-configuration")
             << targetTrackingJson(*r.targetTracking);
    if (r.step)
        args << QStringLiteral("--step-scaling-policy-configuration") << stepJson(*r.step);
    return args;
}

QString ScalingPolicyCommand::text(const ops::PolicyPut &r, const QString &endpoint)
{
    return shellText(arguments(r, endpoint), QStringLiteral("put-scaling-policy"));
}

QStringList ScalingPolicyCommand::registerArguments(const ops::TargetRegistration &r, const QString &endpoint)
{
    QStringList args = keyArguments(r.key, endpoint, "register-scalable-target");
    if (r.minCapacity)
        args << QStringLiteral("--min-capacity") << QString::number(*r.minCapacity);
    if (r.maxCapacity)
        args << QStringLiteral("--max-capacity") << QString::number(*r.maxCapacity);
    if (r.dynamicScalingInSuspended || r.dynamicScalingOutSuspended || r.scheduledScalingSuspended) {
        QJsonObject s;
        if (r.dynamicScalingInSuspended)
            s.insert(QStringLiteral("DynamicScalingInSuspended"), *r.dynamicScalingInSuspended);
        if (r.dynamicScalingOutSuspended)
            s.insert(QStringLiteral("DynamicScalingOutSuspended"), *r.dynamicScalingOutSuspended);
        if (r.scheduledScalingSuspended)
            s.insert(QStringLiteral("ScheduledScalingSuspended"), *r.scheduledScalingSuspended);
        args << QStringLiteral("--suspended-state") << compact(s);
    }
    return args;
}

QString ScalingPolicyCommand::registerText(const ops::TargetRegistration &r, const QString &endpoint)
{
    return shellText(registerArguments(r, endpoint), QStringLiteral("register-scalable-target"));
}

QStringList ScalingPolicyCommand::scheduledArguments(const ops::ScheduledPut &r, const QString &endpoint)
{
    QStringList args = keyArguments(r.key, endpoint, "put-scheduled-action");
    args << QStringLiteral("--scheduled-action-name") << r.name;
    if (r.schedule)
        args << QStringLiteral("--schedule") << *r.schedule;
    if (r.timezone)
        args << QStringLiteral("--timezone") << *r.timezone;
    const auto utc = [](const QDateTime &t) { return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ")); };
    if (r.startTime)
        args << QStringLiteral("--start-time") << utc(*r.startTime);
    if (r.endTime)
        args << QStringLiteral("--end-time") << utc(*r.endTime);
    if (r.minCapacity || r.maxCapacity) {
        QJsonObject a;
        if (r.minCapacity)
            a.insert(QStringLiteral("MinCapacity"), *r.minCapacity);
        if (r.maxCapacity)
            a.insert(QStringLiteral("MaxCapacity"), *r.maxCapacity);
        args << QStringLiteral("--scalable-target-action") << compact(a);
    }
    return args;
}

QString ScalingPolicyCommand::scheduledText(const ops::ScheduledPut &r, const QString &endpoint)
{
    return shellText(scheduledArguments(r, endpoint), QStringLiteral("put-scheduled-action"));
}

} // namespace fd::ui
