#pragma once

#include <QString>

namespace fd::arn {

inline constexpr char kDefaultRegion[] = "us-east-1";
inline constexpr char kAccount[] = "000000000000";

QString cluster(const QString &region, const QString &name);
QString taskDefinition(const QString &region, const QString &family, int revision);
QString containerInstance(const QString &region, const QString &cluster, const QString &id);
QString task(const QString &region, const QString &cluster, const QString &id);
QString service(const QString &region, const QString &cluster, const QString &name);

// "arn:aws:ecs:r:a:service/cluster/NAME", "arn:aws:ecs:r:a:service/NAME" (old format) or "NAME" -> "NAME".
QString serviceNameFrom(const QString &nameOrArn);

// "arn:aws:ecs:r:a:task/cluster/ID", "cluster/ID" or "ID" -> "ID".
QString taskIdFrom(const QString &idOrArn);

// "arn:aws:ecs:r:a:container-instance/cluster/ID" or "cluster/ID" -> "ID"; an id is returned as is.
QString containerInstanceIdFrom(const QString &idOrArn);

// "default" or "arn:aws:ecs:r:a:cluster/default" -> "default". Anything else is returned as is.
QString clusterNameFrom(const QString &nameOrArn);
// "web", "web:3" or "arn:aws:ecs:r:a:task-definition/web:3" -> "web" / "web:3".
QString taskDefinitionRefFrom(const QString &refOrArn);

} // namespace fd::arn
