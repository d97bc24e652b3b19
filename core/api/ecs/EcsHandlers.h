#pragma once

#include "ControlPlane.h"
#include "model/Cluster.h"
#include "model/Network.h"
#include "model/TaskDefinition.h"
#include "scheduler/PlacementStrategy.h"
#include "Result.h"
#include "api/ApiContext.h"
#include "api/Params.h"
#include "tags/Tag.h"

#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

namespace fd::api::ecs {

using nlohmann::json;

// Every handler: the request members in, the response members or an Error (the ECS exception) out.

// EcsClusters.cpp
Result<json> createCluster(const ApiContext &ctx, const json &params);
Result<json> describeClusters(const ApiContext &ctx, const json &params);
Result<json> listClusters(const ApiContext &ctx, const json &params);
Result<json> deleteCluster(const ApiContext &ctx, const json &params);
Result<json> updateCluster(const ApiContext &ctx, const json &params);
Result<json> updateClusterSettings(const ApiContext &ctx, const json &params);
Result<json> putClusterCapacityProviders(const ApiContext &ctx, const json &params);
// A capacity provider strategy member ([{capacityProvider, weight, base}]), types checked here, the
// rules by the control plane; absent: nullopt.
Result<std::optional<QList<CapacityProviderStrategyItem>>> capacityProviderStrategyParam(const ApiContext &ctx,
                                                                                         Params &p, const char *member);

// EcsCapacityProviders.cpp
Result<json> describeCapacityProviders(const ApiContext &ctx, const json &params);
Result<json> createCapacityProvider(const ApiContext &ctx, const json &params);
Result<json> updateCapacityProvider(const ApiContext &ctx, const json &params);
Result<json> deleteCapacityProvider(const ApiContext &ctx, const json &params);

// EcsAccountSettings.cpp
Result<json> listAccountSettings(const ApiContext &ctx, const json &params);
Result<json> putAccountSetting(const ApiContext &ctx, const json &params);
Result<json> putAccountSettingDefault(const ApiContext &ctx, const json &params);
Result<json> deleteAccountSetting(const ApiContext &ctx, const json &params);

// EcsInstances.cpp
Result<json> listContainerInstances(const ApiContext &ctx, const json &params);
Result<json> describeContainerInstances(const ApiContext &ctx, const json &params);
Result<json> updateContainerInstancesState(const ApiContext &ctx, const json &params);
Result<json> deregisterContainerInstance(const ApiContext &ctx, const json &params);
Result<json> putAttributes(const ApiContext &ctx, const json &params);
Result<json> deleteAttributes(const ApiContext &ctx, const json &params);
Result<json> listAttributes(const ApiContext &ctx, const json &params);

// EcsTaskDefinitions.cpp
Result<json> registerTaskDefinition(const ApiContext &ctx, const json &params);
Result<json> describeTaskDefinition(const ApiContext &ctx, const json &params);
Result<json> deregisterTaskDefinition(const ApiContext &ctx, const json &params);
Result<json> listTaskDefinitions(const ApiContext &ctx, const json &params);
Result<json> listTaskDefinitionFamilies(const ApiContext &ctx, const json &params);

// EcsTasks.cpp
Result<json> runTask(const ApiContext &ctx, const json &params);
Result<json> startTask(const ApiContext &ctx, const json &params);
Result<json> stopTask(const ApiContext &ctx, const json &params);
Result<json> describeTasks(const ApiContext &ctx, const json &params);
Result<json> listTasks(const ApiContext &ctx, const json &params);

// EcsServices.cpp
Result<json> createService(const ApiContext &ctx, const json &params);
Result<json> updateService(const ApiContext &ctx, const json &params);
Result<json> deleteService(const ApiContext &ctx, const json &params);
Result<json> describeServices(const ApiContext &ctx, const json &params);
Result<json> listServices(const ApiContext &ctx, const json &params);

// EcsTags.cpp
Result<json> tagResource(const ApiContext &ctx, const json &params);
Result<json> untagResource(const ApiContext &ctx, const json &params);
Result<json> listTagsForResource(const ApiContext &ctx, const json &params);

// EcsTaskDefinitions.cpp (issue 13)
Result<json> deleteTaskDefinitions(const ApiContext &ctx, const json &params);

// EcsInstances.cpp (issue 13): the ECS agent's registration
Result<json> registerContainerInstance(const ApiContext &ctx, const json &params);

// EcsServiceDeployments.cpp: the deployment history as service deployments and service revisions
Result<json> listServiceDeployments(const ApiContext &ctx, const json &params);
Result<json> describeServiceDeployments(const ApiContext &ctx, const json &params);
Result<json> describeServiceRevisions(const ApiContext &ctx, const json &params);
Result<json> stopServiceDeployment(const ApiContext &ctx, const json &params);

// EcsTaskProtection.cpp
Result<json> getTaskProtection(const ApiContext &ctx, const json &params);
Result<json> updateTaskProtection(const ApiContext &ctx, const json &params);

// EcsUnavailable.cpp: refused with what to use instead
Result<json> listServicesByNamespace(const ApiContext &ctx, const json &params);
Result<json> describeTaskSets(const ApiContext &ctx, const json &params);
Result<json> createTaskSet(const ApiContext &ctx, const json &params);
Result<json> updateTaskSet(const ApiContext &ctx, const json &params);
Result<json> deleteTaskSet(const ApiContext &ctx, const json &params);
Result<json> updateServicePrimaryTaskSet(const ApiContext &ctx, const json &params);
Result<json> executeCommand(const ApiContext &ctx, const json &params);

// Tag members of the other operations (EcsTags.cpp). `tags`: [{key, value}], types checked here,
// the rules (lengths, aws: prefix, 50 per resource) by the control plane.
Result<tags::TagList> tagsParam(Params &p, const char *member);
json tagsJson(const tags::TagList &tags);
// The `include` member: whether it asks for TAGS; a value not in `allowed` is an error naming it.
Result<bool> includesTags(Params &p, std::initializer_list<const char *> allowed);
// The `propagateTags` member: TASK_DEFINITION, SERVICE or NONE; absent: nullopt.
Result<std::optional<tags::Propagate>> propagateParam(Params &p);

// DescribeServices, DescribeTasks, DescribeContainerInstances: the cluster, 1 to `max` references in
// `member`, include ["TAGS"], each one described (withTags says whether to add its tags) or MISSING.
using DescribeOne = std::function<std::optional<json>(const QString &cluster, const QString &reference, bool withTags)>;
using ArnOf = std::function<QString(const QString &region, const QString &cluster, const QString &reference)>;
Result<json> describeInCluster(const ApiContext &ctx, const json &params, const char *member, std::size_t max,
                               const DescribeOne &describe, const ArnOf &arnOf);

// Shared by the handlers (EcsCommon.cpp).

std::string str(const QString &s);
QString qstr(const std::string &s);

// A timestamp as the JSON protocol sends it: seconds since the epoch, with milliseconds.
json timestampJson(const QDateTime &t);

// An ECS request error: InvalidParameterException unless told otherwise.
Error invalidParameter(const std::string &message, const char *code = "InvalidParameterException");

// The `cluster` member: absent means "default"; an unknown or INACTIVE cluster is
// ClusterNotFoundException.
Result<QString> clusterParam(const ApiContext &ctx, Params &p);

// The `status` member of the task definition lists; ALL (when allowed) and absent mean none.
Result<std::optional<TaskDefinitionStatus>> statusFilter(Params &p, bool allowAll);

// `launchType`: EC2 or FARGATE (EXTERNAL and MANAGED_INSTANCES are refused, saying why); absent: "".
Result<QString> launchTypeParam(Params &p);
// `platformVersion`: a string, checked by the control plane (LATEST, 1.4.0, 1.3.0); absent: nullopt.
Result<std::optional<QString>> platformVersionParam(Params &p);
// `networkConfiguration`: {"awsvpcConfiguration": {subnets, securityGroups, assignPublicIp ENABLED or
// DISABLED (absent: DISABLED)}}, types and members checked here, the subnet and group rules by the
// control plane; absent, null or {}: nullopt.
Result<std::optional<AwsVpcConfiguration>> networkConfigurationParam(const ApiContext &ctx, Params &p);

// Members Fleetdeck does not emulate, so that none is accepted and forgotten. Absent, null or empty (an
// empty list or object, as tools send for "none") is fine; anything else, or a value of another type
// than the model's ("list", "structure" or "string"), is InvalidParameterException "member: why".
std::optional<Error> notEmulated(Params &p, const char *member, const char *type, const std::string &why);
// A boolean member emulated at one value only: another is refused with "member: why".
std::optional<Error> onlyBoolean(Params &p, const char *member, bool emulated, const std::string &why);
// A string member emulated at one value only (absent is fine): another is refused with "member: why".
std::optional<Error> onlyString(Params &p, const char *member, const char *emulated, const std::string &why);

// The clientToken of RunTask and CreateService: a request repeated with its token answers what the
// first one made instead of making more, as ECS does. Kept while Fleetdeck runs, the latest 1000 tokens
// of each operation.
class ClientTokens
{
public:
    struct Entry
    {
        std::string request; // the request without its clientToken
        QString cluster;
        QStringList ids; // what it made: task ids, or the service's name
    };
    std::optional<Entry> find(const std::string &token) const;
    void remember(const std::string &token, Entry entry);

private:
    mutable std::mutex m_mutex;
    std::map<std::string, Entry> m_entries;
    std::deque<std::string> m_order;
};
ClientTokens &clientTokens(const char *operation);

// placementStrategy / placementConstraints, parsed and checked where the request enters (the
// scheduler's rules and words); absent: nullopt.
Result<std::optional<QList<scheduler::Strategy>>> placementStrategyParam(Params &p);
Result<std::optional<QList<scheduler::Constraint>>> placementConstraintsParam(Params &p);

} // namespace fd::api::ecs
