#include "EcsService.h"

#include "EcsHandlers.h"

namespace fd::api::ecs {

AwsService ecsService()
{
    AwsService s;
    s.name = "ECS";
    s.protocol = Protocol::AwsJson;
    s.targetPrefix = kTargetPrefix;
    s.jsonVersion = "1.1";
    s.signingName = "ecs";
    s.validationError = "InvalidParameterException";
    s.operations = {
        // Clusters
        {"CreateCluster", createCluster},
        {"DescribeClusters", describeClusters},
        {"ListClusters", listClusters},
        {"DeleteCluster", deleteCluster},
        {"UpdateCluster", updateCluster},
        {"UpdateClusterSettings", updateClusterSettings},
        {"PutClusterCapacityProviders", putClusterCapacityProviders},
        // Capacity providers (FARGATE and FARGATE_SPOT built in)
        {"DescribeCapacityProviders", describeCapacityProviders},
        {"CreateCapacityProvider", createCapacityProvider},
        {"UpdateCapacityProvider", updateCapacityProvider},
        {"DeleteCapacityProvider", deleteCapacityProvider},
        // Account settings, per principal
        {"ListAccountSettings", listAccountSettings},
        {"PutAccountSetting", putAccountSetting},
        {"PutAccountSettingDefault", putAccountSettingDefault},
        {"DeleteAccountSetting", deleteAccountSetting},
        // Container instances and their attributes
        {"ListContainerInstances", listContainerInstances},
        {"DescribeContainerInstances", describeContainerInstances},
        {"UpdateContainerInstancesState", updateContainerInstancesState},
        {"DeregisterContainerInstance", deregisterContainerInstance},
        {"PutAttributes", putAttributes},
        {"DeleteAttributes", deleteAttributes},
        {"ListAttributes", listAttributes},
        // Task definitions
        {"RegisterTaskDefinition", registerTaskDefinition},
        {"DescribeTaskDefinition", describeTaskDefinition},
        {"DeregisterTaskDefinition", deregisterTaskDefinition},
        {"ListTaskDefinitions", listTaskDefinitions},
        {"ListTaskDefinitionFamilies", listTaskDefinitionFamilies},
        // Tasks
        {"RunTask", runTask},
        {"StartTask", startTask},
        {"StopTask", stopTask},
        {"DescribeTasks", describeTasks},
        {"ListTasks", listTasks},
        // Services
        {"CreateService", createService},
        {"UpdateService", updateService},
        {"DeleteService", deleteService},
        {"DescribeServices", describeServices},
        {"ListServices", listServices},
        // Tags of clusters, task definitions, services, tasks and container instances
        {"TagResource", tagResource},
        {"UntagResource", untagResource},
        {"ListTagsForResource", listTagsForResource},
        // Issue 13: deployments, task definition deletion, task protection, the agent's registration
        {"ListServiceDeployments", listServiceDeployments},
        {"DescribeServiceDeployments", describeServiceDeployments},
        {"DescribeServiceRevisions", describeServiceRevisions},
        {"StopServiceDeployment", stopServiceDeployment},
        {"DeleteTaskDefinitions", deleteTaskDefinitions},
        {"GetTaskProtection", getTaskProtection},
        {"UpdateTaskProtection", updateTaskProtection},
        {"RegisterContainerInstance", registerContainerInstance},
        // Issue 13: refused, each saying why and what to use instead
        {"ListServicesByNamespace", listServicesByNamespace},
        {"DescribeTaskSets", describeTaskSets},
        {"CreateTaskSet", createTaskSet},
        {"UpdateTaskSet", updateTaskSet},
        {"DeleteTaskSet", deleteTaskSet},
        {"UpdateServicePrimaryTaskSet", updateServicePrimaryTaskSet},
        {"ExecuteCommand", executeCommand},
    };
    return s;
}

} // namespace fd::api::ecs
