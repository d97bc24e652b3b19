#pragma once

// Private to the task definition codec (json/TaskDefinitionJson.h is its public face): the
// `taskDefinition` object as `aws ecs describe-task-definition` prints it, in ECS's member order.

#include "OrderedJson.h"
#include "model/TaskDefinition.h"

#include <QString>

namespace fd::json::taskdef {

// The registered document plus what ECS adds (taskDefinitionArn, revision, status,
// compatibilities, requiresAttributes, registeredAt/deregisteredAt, registeredBy) and the
// defaults describe shows for members left out at registration.
OJson describeOrdered(const TaskDefinition &td, const QString &region);

} // namespace fd::json::taskdef
