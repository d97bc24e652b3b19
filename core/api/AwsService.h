#pragma once

#include "ApiContext.h"
#include "Result.h"

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace fd::api {

// One operation: the request members in, the response members out, or an Error whose code is the
// AWS exception name. Nothing else: the protocol turns either into its wire form in one place.
using OperationHandler = std::function<Result<nlohmann::json>(const ApiContext &, const nlohmann::json &params)>;

// An AWS API as Fleetdeck serves it: how requests reach it and its table of operations. Adding an
// operation is one entry in `operations`.
struct AwsService
{
    std::string name; // for messages and logs: "ECS", "CloudWatch"
    Protocol protocol = Protocol::AwsJson;

    // AWS JSON: requests whose X-Amz-Target is "<targetPrefix>.<Operation>".
    std::string targetPrefix;
    std::string jsonVersion = "1.1"; // content type application/x-amz-json-<jsonVersion>
    // awsQueryCompatible (CloudWatch): JSON errors also carry x-amzn-query-error "<Code>;Sender|Receiver",
    // the code a Query client would have seen, which botocore prefers to __type.
    bool awsQueryCompatible = false;

    // AWS Query: requests signed for `signingName` with Version `version`; answers in `xmlNamespace`.
    std::string signingName;
    std::string version;
    std::string xmlNamespace;

    // The code of a request that breaks the input rules.
    std::string validationError = "ValidationError";
    // HTTP status by error code where it is not the default (400; 500 for the server's own faults).
    std::map<std::string, int> errorStatus;

    std::map<std::string, OperationHandler> operations;
};

// The HTTP status an error answers with: the service's own table first, then 500 for the server's
// faults (ServerException, InternalFailure, InternalServiceFault), 503 for ServiceUnavailable, else 400.
int httpStatusFor(const AwsService *service, const std::string &code);

} // namespace fd::api
