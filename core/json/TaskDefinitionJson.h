#pragma once

// The AWS JSON shape of task definitions. nlohmann/json stays behind this edge: the rest of
// core and the UI see TaskDefinitionSpec and QByteArray.

#include "Result.h"
#include "model/TaskDefinition.h"

#include <nlohmann/json.hpp>

namespace fd::json {

// Parses and validates a RegisterTaskDefinition request body (the AWS JSON format, as
// `aws ecs register-task-definition --cli-input-json` takes it). Also accepts what
// `aws ecs describe-task-definition` prints (a {"taskDefinition": {...}} wrapper, or the inner
// object): read-only members (taskDefinitionArn, revision, status, registeredAt, ...) are dropped.
//
// On success the spec's typed fields are filled and `document` holds the normalised request:
// every member of the input kept (unknown ones too), cpu/memory strings such as "1 vCPU" or "1GB"
// converted to their integer form as ECS does, read-only members removed.
//
// Errors are ClientException with `field` set to the path (`containerDefinitions[1].memory`) and
// `message` of the form "<field>: <reason>", for example
//   containerDefinitions[1].memory: must be greater than memoryReservation (256 < 512)
// Malformed JSON gives "line L, column C: <what is wrong>" and an empty field.
Result<TaskDefinitionSpec> parseTaskDefinition(const QByteArray &json);
// The same for a document registered earlier (the store's): rules added since it was registered
// (requiresCompatibilities FARGATE's) do not refuse it, so an older store still opens.
Result<TaskDefinitionSpec> parseStoredTaskDefinition(const QByteArray &json);

// The request document for a spec: `spec.document` with the typed fields written over it, so a
// form can edit the typed fields and keep whatever else the JSON had. Pretty-printed with a
// 2-space indent when `pretty`. parseTaskDefinition(toRegisterJson(s)) gives back s's fields.
QByteArray toRegisterJson(const TaskDefinitionSpec &spec, bool pretty = true);

// DescribeTaskDefinition's `compatibilities`: EC2 always, FARGATE when the definition can run there
// (fargate::supportsFargate: awsvpc and a task size Fargate offers), whether or not it asked for it.
QStringList compatibilities(const TaskDefinitionSpec &spec);

// The `taskDefinition` object exactly as `aws ecs describe-task-definition` prints it: the
// registered document plus taskDefinitionArn, revision, status, compatibilities,
// requiresAttributes, registeredAt/deregisteredAt (epoch seconds) and registeredBy.
nlohmann::json describeJson(const TaskDefinition &td, const QString &region);

// describeJson wrapped as {"taskDefinition": ..., "tags": []}, pretty-printed: what the console's
// "Export" writes and what `describe-task-definition` prints.
QByteArray exportJson(const TaskDefinition &td, const QString &region);

} // namespace fd::json
