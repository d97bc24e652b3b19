#include "NetworkJson.h"

#include "JsonCodec.h"

namespace fd::json {

using nlohmann::json;
using namespace codec;

json networkConfigurationJson(const AwsVpcConfiguration &c)
{
    return json{{"awsvpcConfiguration",
                 {{"subnets", stringList(c.subnets)},
                  {"securityGroups", stringList(c.securityGroups)},
                  {"assignPublicIp", c.assignPublicIp ? "ENABLED" : "DISABLED"}}}};
}

std::optional<AwsVpcConfiguration> networkConfigurationFrom(const json &j)
{
    if (!j.is_object())
        return std::nullopt;
    const auto vpc = j.find("awsvpcConfiguration");
    if (vpc == j.end() || !vpc->is_object())
        return std::nullopt;
    AwsVpcConfiguration c;
    c.subnets = stringListFrom(*vpc, "subnets");
    c.securityGroups = stringListFrom(*vpc, "securityGroups");
    c.assignPublicIp = q(*vpc, "assignPublicIp") == u"ENABLED";
    return c;
}

json capacityProviderStrategyJson(const QList<CapacityProviderStrategyItem> &strategy)
{
    json out = json::array();
    for (const CapacityProviderStrategyItem &i : strategy)
        out.push_back(json{{"capacityProvider", s(i.capacityProvider)}, {"weight", i.weight}, {"base", i.base}});
    return out;
}

QList<CapacityProviderStrategyItem> capacityProviderStrategyFrom(const json &j)
{
    QList<CapacityProviderStrategyItem> out;
    if (!j.is_array())
        return out;
    for (const json &i : j) {
        if (i.is_object())
            out.append({q(i, "capacityProvider"), integer(i, "weight"), integer(i, "base")});
    }
    return out;
}

json networkInterfaceToStore(const NetworkInterface &e)
{
    return json{{"attachmentId", s(e.attachmentId)},
                {"status", s(e.status)},
                {"eniId", s(e.eniId)},
                {"subnetId", s(e.subnetId)},
                {"privateIPv4Address", s(e.privateIPv4Address)},
                {"macAddress", s(e.macAddress)}};
}

std::optional<NetworkInterface> networkInterfaceFromStore(const json &j)
{
    if (!j.is_object())
        return std::nullopt;
    NetworkInterface e;
    e.attachmentId = q(j, "attachmentId");
    e.status = q(j, "status");
    e.eniId = q(j, "eniId");
    e.subnetId = q(j, "subnetId");
    e.privateIPv4Address = q(j, "privateIPv4Address");
    e.macAddress = q(j, "macAddress");
    return e;
}

QString privateDnsName(const QString &ipv4)
{
    if (ipv4.isEmpty())
        return {};
    return QStringLiteral("ip-") + QString(ipv4).replace(u'.', u'-') + QStringLiteral(".ec2.internal");
}

json eniAttachmentJson(const NetworkInterface &e)
{
    json details = json::array();
    const auto detail = [&](const char *name, const QString &value) {
        if (!value.isEmpty())
            details.push_back(json{{"name", name}, {"value", s(value)}});
    };
    detail("subnetId", e.subnetId);
    detail("networkInterfaceId", e.eniId);
    detail("macAddress", e.macAddress);
    detail("privateDnsName", privateDnsName(e.privateIPv4Address));
    detail("privateIPv4Address", e.privateIPv4Address);
    return json{{"id", s(e.attachmentId)},
                {"type", "ElasticNetworkInterface"},
                {"status", s(e.status)},
                {"details", details}};
}

} // namespace fd::json
