#pragma once

#include "api/AwsService.h"

namespace fd::api::autoscaling {

// Application Auto Scaling (2016-02-06) over awsJson1_1: X-Amz-Target AnyScaleFrontendService.<Op>,
// signed for "application-autoscaling", over cp.autoScaling(). ECS services only
// (ecs:service:DesiredCount); other namespaces and dimensions are a ValidationException naming them.
AwsService autoScalingService();

} // namespace fd::api::autoscaling
