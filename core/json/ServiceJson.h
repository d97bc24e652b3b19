#pragma once

// Services as JSON: the document Fleetdeck stores for each service (every field, round-trips
// exactly) and the `service` object of CreateService / DescribeServices as the AWS CLI prints it.

#include "Result.h"
#include "model/Service.h"

#include <nlohmann/json.hpp>

namespace fd::json {

QByteArray toStoreJson(const Service &service);
Result<Service> serviceFromStoreJson(const QByteArray &document);

// The ECS API's Service shape, ARNs in `region`; events newest first (at most 100).
nlohmann::json describeServiceJson(const Service &service, const QString &region);
// A deployment, with the launch settings of its service.
nlohmann::json describeDeploymentJson(const Deployment &deployment, const Service &service, const QString &region);

// The service's launch settings as ECS shows them on a service, a deployment and a service revision:
// launchType or capacityProviderStrategy; on Fargate platformVersion (LATEST when none was given) and
// platformFamily "Linux"; networkConfiguration when given.
void putLaunchSettings(nlohmann::json &out, const Service &service);

} // namespace fd::json
