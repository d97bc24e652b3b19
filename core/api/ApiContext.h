#pragma once

#include "ApiRequest.h"

#include <QString>

namespace fd {
class ControlPlane;
}

namespace fd::api {

// What a handler knows about the request besides its members. Handlers run on the control plane's
// thread; `controlPlane` is null only for test services that need none.
struct ApiContext
{
    ControlPlane *controlPlane = nullptr;
    QString region; // the credential scope's region, or the control plane's default region
    std::string requestId;
    std::string accessKeyId; // the caller's, from the SigV4 credential scope; empty when unsigned
    std::string operation;
    Protocol protocol = Protocol::AwsJson;
    // The error code of a request that breaks the input rules (ECS: InvalidParameterException).
    std::string validationError = "ValidationError";

    ControlPlane &cp() const { return *controlPlane; }
};

} // namespace fd::api
