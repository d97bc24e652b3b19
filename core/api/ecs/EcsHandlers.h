#pragma once

#include "ControlPlane.h"
#include "model/Cluster.h"
#include "model/TaskDefinition.h"
#include "scheduler/PlacementStrategy.h"
#include "Result.h"
#include "api/ApiContext.h"
#include "api/Params.h"
#include "tags/Tag.h"

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

// An ECS request error: InvalidParameterException unless told otherwise.
Error invalidParameter(const std::string &message, const char *code = "InvalidParameterException");

// The `cluster` member: absent means "default"; an unknown or INACTIVE cluster is
// ClusterNotFoundException.
Result<QString> clusterParam(const ApiContext &ctx, Params &p);

// The `status` member of the task definition lists; ALL (when allowed) and absent mean none.
Result<std::optional<TaskDefinitionStatus>> statusFilter(Params &p, bool allowAll);

// `launchType` other than EC2 is refused: every instance here is EC2-like.
std::optional<Error> checkLaunchType(Params &p);

// placementStrategy / placementConstraints, parsed and checked where the request enters (the
// scheduler's rules and words); absent: nullopt.
Result<std::optional<QList<scheduler::Strategy>>> placementStrategyParam(Params &p);
Result<std::optional<QList<scheduler::Constraint>>> placementConstraintsParam(Params &p);

} // namespace fd::api::ecs
