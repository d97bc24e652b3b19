#pragma once

// Tasks as JSON: the document Fleetdeck stores for each task (every field, round-trips exactly),
// and the `task` object of DescribeTasks / RunTask as the AWS CLI prints it.

#include "Result.h"
#include "model/Task.h"

#include <nlohmann/json.hpp>

namespace fd::json {

// Everything in `task`, for the store. fromStoreJson(toStoreJson(t)) == t.
QByteArray toStoreJson(const Task &task);
Result<Task> fromStoreJson(const QByteArray &document);

// The ECS API's Task shape. ARNs in `region`; `containerInstanceArn` only when on an instance (never
// for FARGATE); FARGATE: platformVersion and platformFamily; awsvpc: the ENI in `attachments` and each
// container's `networkInterfaces`; `availabilityZone` when the task knows it (the API layer adds an
// EC2 task's from its instance).
nlohmann::json describeTaskJson(const Task &task, const QString &region);

// The ARN of one of a task's containers: stable for a task and a container name.
QString containerArn(const QString &region, const Task &task, const QString &containerName);

} // namespace fd::json
