#pragma once

#include "ApiRouter.h"
#include "HttpServer.h"

#include <QPointer>

namespace fd {
class ControlPlane;
}

namespace fd::api {

// The single AWS-compatible endpoint: one port, requests routed by protocol (see ApiRouter). ECS and
// ELBv2 now; CloudWatch and Auto Scaling join with router().add(...).
class ApiEndpoint final
{
public:
    explicit ApiEndpoint(ControlPlane &cp);
    ~ApiEndpoint();

    Status listen(const QString &address, quint16 port);
    void stop();
    quint16 port() const;
    QString url() const;

    // Register services before listen(): the server thread reads the table without a lock.
    ApiRouter &router() { return m_router; }

private:
    void route(HttpRequest request, Reply reply);

    QPointer<ControlPlane> m_cp;
    ApiRouter m_router;
    HttpServer m_server;
    QString m_address;
};

} // namespace fd::api
