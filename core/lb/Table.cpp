#include "lb/Table.h"

namespace fd::lb {

const TargetGroup *Table::findGroup(std::string_view id) const
{
    for (const TargetGroup &group : targetGroups)
        if (group.id == id)
            return &group;
    return nullptr;
}

const Listener *Table::findListener(std::uint16_t port) const
{
    for (const Listener &listener : listeners)
        if (listener.port == port)
            return &listener;
    return nullptr;
}

const char *toString(Algorithm algorithm)
{
    switch (algorithm) {
    case Algorithm::RoundRobin:
        return "round_robin";
    case Algorithm::LeastOutstandingRequests:
        return "least_outstanding_requests";
    }
    return "round_robin";
}

const char *toString(TargetState state)
{
    switch (state) {
    case TargetState::Healthy:
        return "healthy";
    case TargetState::Initial:
        return "initial";
    case TargetState::Unhealthy:
        return "unhealthy";
    case TargetState::Draining:
        return "draining";
    }
    return "unhealthy";
}

const char *toString(ConditionType type)
{
    switch (type) {
    case ConditionType::PathPattern:
        return "path-pattern";
    case ConditionType::HostHeader:
        return "host-header";
    case ConditionType::HttpHeader:
        return "http-header";
    case ConditionType::HttpRequestMethod:
        return "http-request-method";
    case ConditionType::QueryString:
        return "query-string";
    case ConditionType::SourceIp:
        return "source-ip";
    }
    return "path-pattern";
}

} // namespace fd::lb
