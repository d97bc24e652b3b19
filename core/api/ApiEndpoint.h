#pragma once

#include "EcsApi.h"
#include "HttpServer.h"

#include <memory>

namespace fd::api {

// The single AWS-compatible endpoint: one port, requests routed by protocol (X-Amz-Target prefix
// for the JSON protocols). ECS now; ELBv2, CloudWatch and Auto Scaling join later.
class ApiEndpoint final
{
public:
    explicit ApiEndpoint(ControlPlane &cp);
    ~ApiEndpoint();

    Status listen(const QString &address, quint16 port);
    void stop();
    quint16 port() const;
    QString url() const;

private:
    void route(HttpRequest request, Reply reply);

    EcsApi m_ecs;
    HttpServer m_server;
    QString m_address;
};

} // namespace fd::api
