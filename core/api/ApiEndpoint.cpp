#include "ApiEndpoint.h"

#include <nlohmann/json.hpp>

namespace fd::api {

ApiEndpoint::ApiEndpoint(ControlPlane &cp)
    : m_ecs(cp), m_server([this](HttpRequest request, Reply reply) { route(std::move(request), std::move(reply)); })
{}

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

void ApiEndpoint::route(HttpRequest request, Reply reply)
{
    const std::string target = request.header("x-amz-target");
    if (target.rfind(EcsApi::kTargetPrefix, 0) == 0) {
        m_ecs.handle(std::move(request), std::move(reply));
        return;
    }
    HttpResponse resp;
    resp.headers["content-type"] = "application/json";
    if (request.method == "GET" && (request.target == "/" || request.target == "/health")) {
        // A friendly answer for a browser or curl pointed at the endpoint.
        resp.body = nlohmann::json{{"service", "fleetdeck"},
                                   {"version", FLEETDECK_VERSION},
                                   {"protocols", {{"ecs", "POST / with X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Op>"}}}}
                        .dump(2);
        reply(std::move(resp));
        return;
    }
    resp.status = 400;
    const std::string what = target.empty() ? "the request has no X-Amz-Target header naming an operation"
                                            : "no service here answers X-Amz-Target " + target;
    resp.headers["x-amzn-errortype"] = "UnknownOperationException";
    resp.body = nlohmann::json{{"__type", "UnknownOperationException"}, {"message", what}}.dump();
    reply(std::move(resp));
}

} // namespace fd::api
