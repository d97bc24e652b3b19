#pragma once

#include "api/AwsService.h"

namespace fd::api::elbv2 {

// Elastic Load Balancing v2 (2015-12-01) over AWS Query: form-encoded Action and Version in, XML out,
// signed for "elasticloadbalancing". Application load balancers only (see core/ops/LoadBalancers.h).
AwsService elbv2Service();

} // namespace fd::api::elbv2
