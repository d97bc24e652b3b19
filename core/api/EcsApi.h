#pragma once

#include "HttpServer.h"

#include <QObject>
#include <QPointer>

namespace fd {
class ControlPlane;
}

namespace fd::api {

// The ECS JSON 1.1 protocol (X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Op>) on top of the
// ControlPlane. `handle` may be called on any thread; the operation runs on the control plane's
// thread and the reply is sent from there.
class EcsApi final
{
public:
    static constexpr char kTargetPrefix[] = "AmazonEC2ContainerServiceV20141113.";

    explicit EcsApi(ControlPlane &cp);

    void handle(HttpRequest request, Reply reply);

    // Runs one operation on the calling thread (which must be the control plane's).
    HttpResponse dispatch(const HttpRequest &request);

private:
    QPointer<ControlPlane> m_cp;
};

// "Credential=AKID/20260101/eu-west-1/ecs/aws4_request" -> "eu-west-1"; empty when absent.
std::string regionFromAuthorization(const std::string &authorization);

} // namespace fd::api
