#pragma once

// The launch settings FARGATE and awsvpc add, as JSON in the ECS API's shapes (which the store
// uses too, so a stored document reads like the request that made it):
// - networkConfiguration: {"awsvpcConfiguration": {"subnets", "securityGroups", "assignPublicIp"}}
// - capacityProviderStrategy: [{"capacityProvider", "weight", "base"}]
// - a task's ENI as the store keeps it, and as DescribeTasks' `attachments` entry.

#include "model/Cluster.h"
#include "model/Network.h"

#include <nlohmann/json.hpp>

#include <optional>

namespace fd::json {

// {"awsvpcConfiguration": {...}} with every member written (assignPublicIp ENABLED or DISABLED).
nlohmann::json networkConfigurationJson(const AwsVpcConfiguration &config);
// Reads what networkConfigurationJson wrote; null or not an object: none.
std::optional<AwsVpcConfiguration> networkConfigurationFrom(const nlohmann::json &j);

nlohmann::json capacityProviderStrategyJson(const QList<CapacityProviderStrategyItem> &strategy);
QList<CapacityProviderStrategyItem> capacityProviderStrategyFrom(const nlohmann::json &j);

// The store's form of an ENI (every field); null reads back as none.
nlohmann::json networkInterfaceToStore(const NetworkInterface &eni);
std::optional<NetworkInterface> networkInterfaceFromStore(const nlohmann::json &j);

// DescribeTasks' attachment of type ElasticNetworkInterface: id, type, status and the details
// subnetId, networkInterfaceId, macAddress, privateDnsName, privateIPv4Address.
nlohmann::json eniAttachmentJson(const NetworkInterface &eni);
// "ip-127-1-0-5.ec2.internal" for 127.1.0.5, as EC2 names a private address.
QString privateDnsName(const QString &ipv4);

} // namespace fd::json
