#pragma once

#include "ApiRequest.h"
#include "AwsService.h"
#include "HttpServer.h"

#include <map>
#include <string>
#include <variant>

namespace fd {
class ControlPlane;
}

namespace fd::api {

// The AWS APIs Fleetdeck answers in the Query protocol, served or not yet: a request for one that
// is not served answers in its own namespace, naming the API and the action.
struct QueryApi
{
    const char *signingName;
    const char *version;
    const char *xmlNamespace;
    const char *name;
};
const QueryApi *knownQueryApi(const std::string &signingName);

// Routes HTTP requests to the services registered with it and turns their answers and errors
// into each protocol's wire form. Requests go by protocol: X-Amz-Target's prefix for AWS JSON;
// for form bodies (or a GET's query string) the SigV4 credential scope's service, Action and
// Version. Pure apart from the handlers it runs: no threads, no sockets.
class ApiRouter
{
public:
    void add(AwsService service);
    const AwsService *jsonService(const std::string &targetPrefix) const;
    const AwsService *queryService(const std::string &signingName) const;

    // A request bound to the handler that will answer it.
    struct Routed
    {
        const AwsService *service = nullptr;
        const OperationHandler *handler = nullptr;
        ApiRequest request;
        std::string accessKeyId; // of the SigV4 credential scope; empty when the request is not signed
    };
    // Decides what answers the request without running any handler: either the answer itself (the
    // friendly GET /, an unknown service or operation, a request that does not decode) or the
    // handler to run. Safe on any thread.
    std::variant<HttpResponse, Routed> route(const HttpRequest &http) const;
    // Runs the handler (on the control plane's thread) and encodes its result or error. With no
    // control plane the region defaults to us-east-1.
    HttpResponse execute(const Routed &routed, ControlPlane *cp) const;
    // route() then execute(), on the calling thread.
    HttpResponse handle(const HttpRequest &http, ControlPlane *cp) const;

    // The one place an Error becomes the protocol's error answer.
    static HttpResponse errorResponse(Protocol protocol, const AwsService *service, const Error &error,
                                      const std::string &requestId, const std::string &xmlNamespace = {});

private:
    std::variant<HttpResponse, Routed> routeJson(const HttpRequest &http, const std::string &requestId) const;
    std::variant<HttpResponse, Routed> routeQuery(const HttpRequest &http, const std::string &requestId) const;
    std::variant<HttpResponse, Routed> nonApi(const HttpRequest &http, const std::string &requestId) const;
    HttpResponse welcome() const;

    std::map<std::string, AwsService> m_jsonServices;  // by target prefix
    std::map<std::string, AwsService> m_queryServices; // by signing name
};

} // namespace fd::api
