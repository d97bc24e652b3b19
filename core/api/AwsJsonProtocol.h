#pragma once

#include "ApiRequest.h"
#include "HttpServer.h"
#include "Result.h"

#include <nlohmann/json.hpp>
#include <string>

namespace fd::api {

// The AWS JSON 1.0/1.1 protocol, both directions. Requests: POST / with
// X-Amz-Target "<prefix>.<Operation>", content type application/x-amz-json-1.x and a JSON object
// body. Answers: the result object, or {"__type": code, "message": text} with the x-amzn-errortype
// header. Every function here is pure.

// HTTP -> protocol-neutral. Total: never throws or crashes, whatever the headers and body (the
// fuzzers call it). A missing or malformed X-Amz-Target is UnknownOperationException; a body that is
// not a JSON object is SerializationException. The region comes from the SigV4 credential scope.
Result<ApiRequest> decodeAwsJsonRequest(const HttpRequest &http);

// Protocol-neutral -> HTTP: what a client would send. With a region, the Authorization header
// carries a credential scope for it and `signingName` (no signature: it is for display and tests).
HttpRequest encodeAwsJsonRequest(const ApiRequest &request, const std::string &jsonVersion = "1.1",
                                 const std::string &signingName = {});

HttpResponse encodeAwsJsonResponse(const nlohmann::json &result, const std::string &requestId,
                                   const std::string &jsonVersion = "1.1");
HttpResponse encodeAwsJsonError(const Error &error, int status, const std::string &requestId,
                                const std::string &jsonVersion = "1.1");

// HTTP -> the result, or the error the answer carries (code from x-amzn-errortype or __type).
Result<nlohmann::json> decodeAwsJsonResponse(const HttpResponse &http);

// A JSON text of `value` that never throws (invalid UTF-8 is replaced).
std::string dumpJson(const nlohmann::json &value);

} // namespace fd::api
