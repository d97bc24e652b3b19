#pragma once

#include "ops/Services.h"

#include <QString>

namespace fd::ui {

/**
 * The service dialog's request as the `aws ecs create-service` (or `update-service`) command that
 * makes the same request: cluster, name, task definition, desired count, deployment configuration,
 * grace period, --load-balancers, placement (JSON in single quotes for a POSIX shell).
 */
class ServiceCommand final
{
public:
    ServiceCommand() = delete;

    /// One command; `endpoint` (when not empty) becomes --endpoint-url.
    static QString text(const ops::ServiceRequest &request, bool update, const QString &endpoint = {});
    /// "targetGroupArn=arn:...,containerName=web,containerPort=8080 ..." (--load-balancers' shorthand).
    static QString loadBalancers(const QList<fd::ServiceLoadBalancer> &loadBalancers);
};

} // namespace fd::ui
