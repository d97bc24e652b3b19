#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace fd::api {

// The two wire protocols of the AWS APIs Fleetdeck speaks.
enum class Protocol {
    AwsJson,  // AWS JSON 1.0/1.1: POST / with X-Amz-Target "<prefix>.<Operation>", a JSON body, JSON out
    AwsQuery, // AWS Query: form-encoded Action, Version and members in, XML out
};

// One request in protocol-neutral form: what the codecs decode HTTP into and encode back from.
struct ApiRequest
{
    Protocol protocol = Protocol::AwsJson;
    // Which API: the X-Amz-Target prefix for AWS JSON ("AmazonEC2ContainerServiceV20141113"), the
    // SigV4 signing name for AWS Query ("monitoring"; empty when the request carries no credential scope).
    std::string service;
    std::string operation; // "CreateCluster"; empty when the request names none
    std::string version;   // AWS Query: the Version member ("2010-08-01"); empty for AWS JSON
    // The request members as a tree: objects for structures and maps, arrays for lists. AWS Query
    // values are strings ("3", "true") and an empty list arrives as "" (its wire form); the typed
    // access in Params reads both as the member's type.
    nlohmann::json params = nlohmann::json::object();
    std::string region;    // from the SigV4 credential scope; empty when the request is not signed
    std::string requestId; // set by the router for each request it answers

    bool operator==(const ApiRequest &) const = default;
};

} // namespace fd::api
