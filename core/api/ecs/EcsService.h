#pragma once

#include "api/AwsService.h"

namespace fd::api::ecs {

// Amazon ECS over AWS JSON 1.1: X-Amz-Target "AmazonEC2ContainerServiceV20141113.<Operation>".
constexpr char kTargetPrefix[] = "AmazonEC2ContainerServiceV20141113";

// The ECS operations Fleetdeck serves, one handler each (EcsHandlers.h).
AwsService ecsService();

} // namespace fd::api::ecs
