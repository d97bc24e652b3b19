#include "ApiEndpoint.h"

#include "ControlPlane.h"
#include "autoscaling/AutoScalingService.h"
#include "cloudwatch/CloudWatchService.h"
#include "ecs/EcsService.h"
#include "elbv2/Elbv2Service.h"

#include <QMetaObject>

namespace fd::api {

ApiEndpoint::ApiEndpoint(ControlPlane &cp)
    : m_cp(&cp), m_server([this](HttpRequest request, Reply reply) { route(std::move(request), std::move(reply)); })
{
    m_router.add(ecs::ecsService());
    m_router.add(elbv2::elbv2Service());
    m_router.add(cloudwatch::cloudWatchQueryService());
    m_router.add(cloudwatch::cloudWatchJsonService());
    m_router.add(autoscaling::autoScalingService());
}

ApiEndpoint::~ApiEndpoint()
{
    stop();
}

Status ApiEndpoint::listen(const QString &address, quint16 port)
{
    m_address = address;
    return m_server.listen(address, port);
}

void ApiEndpoint::stop()
{
    m_server.stop();
}

quint16 ApiEndpoint::port() const
{
    return m_server.port();
}

QString ApiEndpoint::url() const
{
    return QStringLiteral("http://%1:%2").arg(m_address).arg(port());
}

// On a server thread: routing needs nothing of the control plane; the handler runs on the control
// plane's thread and the reply goes back to the server thread by itself.
void ApiEndpoint::route(HttpRequest request, Reply reply)
{
    auto routed = m_router.route(request);
    if (auto *answer = std::get_if<HttpResponse>(&routed)) {
        reply(std::move(*answer));
        return;
    }
    ControlPlane *cp = m_cp.data();
    if (!cp) {
        reply(HttpResponse{503, {{"content-type", "text/plain"}}, "Fleetdeck is shutting down\n"});
        return;
    }
    QMetaObject::invokeMethod(
        cp,
        [this, cp, routed = std::get<ApiRouter::Routed>(std::move(routed)), reply = std::move(reply)] {
            reply(m_router.execute(routed, cp));
        },
        Qt::QueuedConnection);
}

} // namespace fd::api
