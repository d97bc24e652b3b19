#include "Elbv2Service.h"

#include "Elbv2Handlers.h"

namespace fd::api::elbv2 {

AwsService elbv2Service()
{
    AwsService s;
    s.name = "Elastic Load Balancing";
    s.protocol = Protocol::AwsQuery;
    s.signingName = "elasticloadbalancing";
    s.version = "2015-12-01";
    s.xmlNamespace = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    s.validationError = "ValidationError";
    s.operations = {
        // Load balancers
        {"CreateLoadBalancer", createLoadBalancer},
        {"DescribeLoadBalancers", describeLoadBalancers},
        {"DeleteLoadBalancer", deleteLoadBalancer},
        {"ModifyLoadBalancerAttributes", modifyLoadBalancerAttributes},
        {"DescribeLoadBalancerAttributes", describeLoadBalancerAttributes},
        // Target groups and their targets
        {"CreateTargetGroup", createTargetGroup},
        {"DescribeTargetGroups", describeTargetGroups},
        {"ModifyTargetGroup", modifyTargetGroup},
        {"DeleteTargetGroup", deleteTargetGroup},
        {"DescribeTargetGroupAttributes", describeTargetGroupAttributes},
        {"ModifyTargetGroupAttributes", modifyTargetGroupAttributes},
        {"RegisterTargets", registerTargets},
        {"DeregisterTargets", deregisterTargets},
        {"DescribeTargetHealth", describeTargetHealth},
        // Listeners and rules
        {"CreateListener", createListener},
        {"DescribeListeners", describeListeners},
        {"ModifyListener", modifyListener},
        {"DeleteListener", deleteListener},
        {"DescribeListenerAttributes", describeListenerAttributes},
        {"CreateRule", createRule},
        {"DescribeRules", describeRules},
        {"ModifyRule", modifyRule},
        {"DeleteRule", deleteRule},
        {"SetRulePriorities", setRulePriorities},
        // Tags of all four kinds
        {"AddTags", addTags},
        {"RemoveTags", removeTags},
        {"DescribeTags", describeTags},
    };
    return s;
}

} // namespace fd::api::elbv2
