#include "AutoScalingService.h"

#include "AasHandlers.h"

namespace fd::api::autoscaling {

AwsService autoScalingService()
{
    AwsService s;
    s.name = "Application Auto Scaling";
    s.protocol = Protocol::AwsJson;
    s.targetPrefix = "AnyScaleFrontendService";
    s.jsonVersion = "1.1";
    s.signingName = "application-autoscaling";
    s.validationError = "ValidationException";
    s.errorStatus = {{"InternalServiceException", 500}};
    s.operations = {
        {"RegisterScalableTarget", registerScalableTarget},
        {"DescribeScalableTargets", describeScalableTargets},
        {"DeregisterScalableTarget", deregisterScalableTarget},
        {"PutScalingPolicy", putScalingPolicy},
        {"DescribeScalingPolicies", describeScalingPolicies},
        {"DeleteScalingPolicy", deleteScalingPolicy},
        {"DescribeScalingActivities", describeScalingActivities},
        {"PutScheduledAction", putScheduledAction},
        {"DescribeScheduledActions", describeScheduledActions},
        {"DeleteScheduledAction", deleteScheduledAction},
        {"TagResource", tagResource},
        {"UntagResource", untagResource},
        {"ListTagsForResource", listTagsForResource},
    };
    return s;
}

} // namespace fd::api::autoscaling
