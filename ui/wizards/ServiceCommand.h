#pragma once

#include "ops/Services.h"

#include <QString>

namespace fd::ui {

/**
 * The service dialog's request as the `aws ecs create-service` (or `update-service`) command that
 * makes the same request: cluster, name, task definition, desired count, deployment configuration,
 * grace period, --load-balancers, the launch (--launch-type or --capacity-provider-strategy,
 * --platform-version, --network-configuration), placement (JSON in single quotes for a POSIX shell).
 */
class ServiceCommand final
{
public:
    ServiceCommand() = delete;

    /// One command; `endpoint` (when not empty) becomes --endpoint-url.
    static QString text(const ops::ServiceRequest &request, bool update, const QString &endpoint = {});
    /// "targetGroupArn=arn:...,containerName=web,containerPort=8080 ..." (--load-balancers' shorthand).
    static QString loadBalancers(const QList<fd::ServiceLoadBalancer> &loadBalancers);
    /// "capacityProvider=FARGATE,weight=1,base=2 capacityProvider=FARGATE_SPOT,weight=3,base=0".
    static QString capacityProviderStrategy(const QList<fd::CapacityProviderStrategyItem> &strategy);
    /// "awsvpcConfiguration={subnets=[subnet-a,subnet-b],securityGroups=[sg-1],assignPublicIp=DISABLED}"
    /// (quoted for a POSIX shell: the braces and brackets are the CLI's shorthand).
    static QString networkConfiguration(const fd::AwsVpcConfiguration &network);
};

} // namespace fd::ui
