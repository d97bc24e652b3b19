#include "ServiceCommand.h"

#include "scheduler/PlacementStrategy.h"

#include <QStringList>

namespace fd::ui {

namespace {

QString quoted(const QByteArray &json)
{
    QString text = QString::fromUtf8(json);
    return u'\'' + text.replace(u'\'', QStringLiteral("'\\''")) + u'\'';
}

} // namespace

QString ServiceCommand::loadBalancers(const QList<fd::ServiceLoadBalancer> &lbs)
{
    QStringList parts;
    for (const fd::ServiceLoadBalancer &lb : lbs)
        parts << QStringLiteral("targetGroupArn=%1,containerName=%2,containerPort=%3")
                     .arg(lb.targetGroupArn, lb.containerName)
                     .arg(lb.containerPort);
    return parts.join(u' ');
}

QString ServiceCommand::capacityProviderStrategy(const QList<fd::CapacityProviderStrategyItem> &strategy)
{
    QStringList parts;
    for (const fd::CapacityProviderStrategyItem &item : strategy)
        parts << QStringLiteral("capacityProvider=%1,weight=%2,base=%3")
                     .arg(item.capacityProvider)
                     .arg(item.weight)
                     .arg(item.base);
    return parts.join(u' ');
}

QString ServiceCommand::networkConfiguration(const fd::AwsVpcConfiguration &n)
{
    QString text = QStringLiteral("awsvpcConfiguration={subnets=[%1]").arg(n.subnets.join(u','));
    if (!n.securityGroups.isEmpty())
        text += QStringLiteral(",securityGroups=[%1]").arg(n.securityGroups.join(u','));
    text += QStringLiteral(",assignPublicIp=%1}")
                .arg(n.assignPublicIp ? QStringLiteral("ENABLED") : QStringLiteral("DISABLED"));
    return u'"' + text + u'"';
}

QString ServiceCommand::text(const ops::ServiceRequest &r, bool update, const QString &endpoint)
{
    QStringList args{QStringLiteral("aws")};
    if (!endpoint.isEmpty())
        args << QStringLiteral("--endpoint-url") << endpoint;
    args << QStringLiteral("ecs") << (update ? QStringLiteral("update-service") : QStringLiteral("create-service"));
    args << QStringLiteral("--cluster") << (r.cluster.isEmpty() ? QStringLiteral("default") : r.cluster);
    args << (update ? QStringLiteral("--service") : QStringLiteral("--service-name")) << r.serviceName;
    if (!r.taskDefinition.isEmpty())
        args << QStringLiteral("--task-definition") << r.taskDefinition;
    if (!update && r.schedulingStrategy == services::SchedulingStrategy::Daemon)
        args << QStringLiteral("--scheduling-strategy") << QStringLiteral("DAEMON");
    if (r.desiredCount)
        args << QStringLiteral("--desired-count") << QString::number(*r.desiredCount);
    if (!update && r.launchType && !r.launchType->isEmpty())
        args << QStringLiteral("--launch-type") << *r.launchType;
    if (r.capacityProviderStrategy && !r.capacityProviderStrategy->isEmpty())
        args << QStringLiteral("--capacity-provider-strategy") << capacityProviderStrategy(*r.capacityProviderStrategy);
    if (r.platformVersion && !r.platformVersion->isEmpty())
        args << QStringLiteral("--platform-version") << *r.platformVersion;
    if (r.networkConfiguration)
        args << QStringLiteral("--network-configuration") << networkConfiguration(*r.networkConfiguration);
    if (r.minimumHealthyPercent || r.maximumPercent || r.circuitBreaker) {
        QStringList config;
        if (r.minimumHealthyPercent)
            config << QStringLiteral("minimumHealthyPercent=%1").arg(*r.minimumHealthyPercent);
        if (r.maximumPercent)
            config << QStringLiteral("maximumPercent=%1").arg(*r.maximumPercent);
        if (r.circuitBreaker && r.circuitBreaker->enable)
            config << QStringLiteral("deploymentCircuitBreaker={enable=true,rollback=%1}")
                          .arg(r.circuitBreaker->rollback ? QStringLiteral("true") : QStringLiteral("false"));
        args << QStringLiteral("--deployment-configuration") << quoted(config.join(u',').toUtf8());
    }
    if (r.healthCheckGracePeriodSeconds && (*r.healthCheckGracePeriodSeconds > 0 || r.loadBalancers))
        args << QStringLiteral("--health-check-grace-period-seconds")
             << QString::number(*r.healthCheckGracePeriodSeconds);
    if (r.loadBalancers && !r.loadBalancers->isEmpty())
        args << QStringLiteral("--load-balancers") << loadBalancers(*r.loadBalancers);
    else if (r.loadBalancers && update)
        args << QStringLiteral("--load-balancers") << QStringLiteral("'[]'"); // detaches every target group
    if (r.placementStrategy && !r.placementStrategy->isEmpty())
        args << QStringLiteral("--placement-strategy") << quoted(scheduler::toJsonText(*r.placementStrategy));
    if (r.placementConstraints && !r.placementConstraints->isEmpty())
        args << QStringLiteral("--placement-constraints") << quoted(scheduler::toJsonText(*r.placementConstraints));
    if (update && r.forceNewDeployment)
        args << QStringLiteral("--force-new-deployment");
    return args.join(u' ');
}

} // namespace fd::ui
