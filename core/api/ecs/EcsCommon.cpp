#include "EcsHandlers.h"
#include "model/Arn.h"
#include "ops/Clusters.h"

namespace fd::api::ecs {

std::string str(const QString &s)
{
    return s.toStdString();
}

QString qstr(const std::string &s)
{
    return QString::fromStdString(s);
}

json timestampJson(const QDateTime &t)
{
    return double(t.toMSecsSinceEpoch()) / 1000.0;
}

Error invalidParameter(const std::string &message, const char *code)
{
    return makeError(QLatin1String(code), qstr(message));
}

Result<QString> clusterParam(const ApiContext &ctx, Params &p)
{
    const auto member = p.string("cluster");
    if (!p.ok())
        return p.error();
    const QString name = arn::clusterNameFrom(qstr(member.value_or("default")));
    const auto c = ctx.cp().clusters().find(name);
    if (!c)
        return makeError(QStringLiteral("ClusterNotFoundException"), QStringLiteral("Cluster not found."));
    // A deleted cluster is still described (INACTIVE) for a while; ECS's words for acting on it.
    if (c->status != u"ACTIVE")
        return makeError(QStringLiteral("ClusterNotFoundException"),
                         QStringLiteral("The referenced cluster was inactive."));
    return name;
}

Result<std::optional<TaskDefinitionStatus>> statusFilter(Params &p, bool allowAll)
{
    const auto s = p.string("status");
    if (!p.ok())
        return p.error();
    if (!s || (allowAll && *s == "ALL"))
        return std::optional<TaskDefinitionStatus>();
    if (*s == "ACTIVE")
        return std::optional(TaskDefinitionStatus::Active);
    if (*s == "INACTIVE")
        return std::optional(TaskDefinitionStatus::Inactive);
    if (*s == "DELETE_IN_PROGRESS" && !allowAll)
        return std::optional(TaskDefinitionStatus::DeleteInProgress);
    return invalidParameter("status: unknown value \"" + *s + "\"");
}

Result<QString> launchTypeParam(Params &p)
{
    const auto lt = p.string("launchType");
    if (!p.ok())
        return p.error();
    if (!lt)
        return QString();
    if (*lt == "EC2" || *lt == "FARGATE")
        return qstr(*lt);
    if (*lt == "EXTERNAL" || *lt == "MANAGED_INSTANCES")
        return invalidParameter("launchType: " + *lt +
                                " is not available: Fleetdeck runs tasks on its own container instances (EC2) and on "
                                "Fargate (FARGATE)");
    return invalidParameter("launchType: must be EC2 or FARGATE (got " + *lt + ")");
}

Result<std::optional<QString>> platformVersionParam(Params &p)
{
    const auto v = p.string("platformVersion");
    if (!p.ok())
        return p.error();
    if (!v)
        return std::optional<QString>();
    return std::optional(qstr(*v));
}

Result<std::optional<AwsVpcConfiguration>> networkConfigurationParam(const ApiContext &ctx, Params &p)
{
    using Out = std::optional<AwsVpcConfiguration>;
    const json &nc = p.raw("networkConfiguration");
    if (nc.is_null())
        return Out();
    if (!nc.is_object())
        return invalidParameter("networkConfiguration: must be a structure (an object) with awsvpcConfiguration");
    for (const auto &[key, value] : nc.items()) {
        if (key != "awsvpcConfiguration" && !value.is_null())
            return invalidParameter("networkConfiguration." + key +
                                    ": is not a member of a network configuration (awsvpcConfiguration is)");
    }
    const json &vpc = nc.value("awsvpcConfiguration", json());
    if (vpc.is_null())
        return Out(); // {} is how tools say "none"
    if (!vpc.is_object())
        return invalidParameter("networkConfiguration.awsvpcConfiguration: must be a structure (an object) with "
                                "subnets, securityGroups and assignPublicIp");
    const std::string where = "networkConfiguration.awsvpcConfiguration";
    for (const auto &[key, value] : vpc.items()) {
        if (key != "subnets" && key != "securityGroups" && key != "assignPublicIp" && !value.is_null())
            return invalidParameter(where + "." + key + ": is not a member of awsvpcConfiguration (subnets, "
                                                        "securityGroups and assignPublicIp are)");
    }
    Params item(ctx, vpc, where);
    AwsVpcConfiguration c;
    for (const std::string &s : item.strings("subnets"))
        c.subnets.append(qstr(s));
    for (const std::string &s : item.strings("securityGroups"))
        c.securityGroups.append(qstr(s));
    const auto assign = item.string("assignPublicIp");
    if (!item.ok())
        return item.error();
    if (assign && *assign != "ENABLED" && *assign != "DISABLED")
        return invalidParameter(where + ".assignPublicIp: must be ENABLED or DISABLED (got " + *assign + ")");
    c.assignPublicIp = assign && *assign == "ENABLED";
    return Out(c);
}

std::optional<Error> notEmulated(Params &p, const char *member, const char *type, const std::string &why)
{
    const json &value = p.raw(member);
    if (value.is_null())
        return std::nullopt;
    const std::string t = type;
    const bool rightType = t == "list" ? value.is_array() : t == "structure" ? value.is_object() : value.is_string();
    if (!rightType)
        return invalidParameter(std::string(member) + ": must be a " +
                                (t == "list"        ? "list"
                                 : t == "structure" ? "structure (an object)"
                                                    : "string"));
    if ((value.is_array() || value.is_object()) && value.empty())
        return std::nullopt;
    return invalidParameter(std::string(member) + ": " + why);
}

std::optional<Error> onlyBoolean(Params &p, const char *member, bool emulated, const std::string &why)
{
    const auto value = p.boolean(member);
    if (!p.ok())
        return p.error();
    if (value && *value != emulated)
        return invalidParameter(std::string(member) + ": " + why);
    return std::nullopt;
}

std::optional<Error> onlyString(Params &p, const char *member, const char *emulated, const std::string &why)
{
    const auto value = p.string(member);
    if (!p.ok())
        return p.error();
    if (value && *value != emulated)
        return invalidParameter(std::string(member) + ": " + why + " (got " + *value + ")");
    return std::nullopt;
}

std::optional<ClientTokens::Entry> ClientTokens::find(const std::string &token) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(token);
    if (it == m_entries.end())
        return std::nullopt;
    return it->second;
}

void ClientTokens::remember(const std::string &token, Entry entry)
{
    constexpr std::size_t kMaxTokens = 1000;
    const std::lock_guard lock(m_mutex);
    if (auto it = m_entries.find(token); it != m_entries.end()) {
        it->second = std::move(entry); // what the token made is gone: the new one takes it
        return;
    }
    m_entries.emplace(token, std::move(entry));
    m_order.push_back(token);
    if (m_order.size() > kMaxTokens) {
        m_entries.erase(m_order.front());
        m_order.pop_front();
    }
}

ClientTokens &clientTokens(const char *operation)
{
    static ClientTokens runTask, createService;
    return std::string_view(operation) == "RunTask" ? runTask : createService;
}

namespace {

template<typename T>
Result<std::optional<QList<T>>> placementParam(Params &p, const char *member,
                                               Result<QList<T>> (*parse)(const QByteArray &))
{
    const json &value = p.raw(member);
    if (value.is_null())
        return std::optional<QList<T>>();
    if (!value.is_array())
        return invalidParameter(std::string(member) + ": must be a list");
    Result<QList<T>> parsed = parse(QByteArray::fromStdString(value.dump()));
    if (!parsed)
        return parsed.error();
    return std::optional<QList<T>>(std::move(parsed).value());
}

} // namespace

Result<std::optional<QList<scheduler::Strategy>>> placementStrategyParam(Params &p)
{
    return placementParam<scheduler::Strategy>(p, "placementStrategy", &scheduler::strategiesFromJson);
}

Result<std::optional<QList<scheduler::Constraint>>> placementConstraintsParam(Params &p)
{
    return placementParam<scheduler::Constraint>(p, "placementConstraints", &scheduler::constraintsFromJson);
}

} // namespace fd::api::ecs
