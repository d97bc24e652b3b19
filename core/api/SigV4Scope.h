#pragma once

#include <string>

namespace fd::api {

// The credential scope of a SigV4 Authorization header:
// "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/ecs/aws4_request, ..." -> {eu-west-1, ecs}.
// Both empty when the header has no scope. The signature itself is not checked (Fleetdeck is local).
struct CredentialScope
{
    std::string accessKeyId; // letters and digits only; empty otherwise
    std::string region;
    std::string service;
};

CredentialScope credentialScope(const std::string &authorization);

// "Credential=AKID/20260101/eu-west-1/ecs/aws4_request" -> "eu-west-1"; empty when absent.
std::string regionFromAuthorization(const std::string &authorization);

} // namespace fd::api
