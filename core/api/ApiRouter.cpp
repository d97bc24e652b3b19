#include "ApiRouter.h"

#include "AwsJsonProtocol.h"
#include "AwsQueryProtocol.h"
#include "ControlPlane.h"
#include "SigV4Scope.h"
#include "state/ChangeSet.h"

#include <QLoggingCategory>
#include <QUuid>

#include <algorithm>

namespace fd::api {

Q_LOGGING_CATEGORY(lcApi, "fleetdeck.api")

using nlohmann::json;

namespace {

// The namespace of errors that belong to no API Fleetdeck knows.
constexpr char kFaultNamespace[] = "http://webservices.amazon.com/AWSFault/2005-15-09";

// The Query APIs of the second half (botocore's models: elasticloadbalancingv2 2015-12-01,
// monitoring 2010-08-01, autoscaling 2011-01-01).
constexpr QueryApi kQueryApis[] = {
    {"elasticloadbalancing", "2015-12-01", "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
     "Elastic Load Balancing"},
    {"monitoring", "2010-08-01", "http://monitoring.amazonaws.com/doc/2010-08-01/", "CloudWatch"},
    {"autoscaling", "2011-01-01", "http://autoscaling.amazonaws.com/doc/2011-01-01/", "Auto Scaling"},
};

std::string newRequestId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

QString qstr(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

bool isFormPost(const HttpRequest &http)
{
    return http.method == "POST" &&
           lower(http.header("content-type")).rfind("application/x-www-form-urlencoded", 0) == 0;
}

bool isQueryGet(const HttpRequest &http)
{
    const std::size_t q = http.target.find('?');
    return http.method == "GET" && q != std::string::npos &&
           ("&" + http.target.substr(q + 1)).find("&Action=") != std::string::npos;
}

Error invalidAction(const std::string &action, const std::string &version)
{
    // AWS's wording for an Action the API (at that Version) does not have.
    return makeError(QStringLiteral("InvalidAction"),
                     QStringLiteral("Could not find operation %1 for version %2").arg(qstr(action), qstr(version)));
}

} // namespace

const QueryApi *knownQueryApi(const std::string &signingName)
{
    for (const QueryApi &api : kQueryApis)
        if (signingName == api.signingName)
            return &api;
    return nullptr;
}

int httpStatusFor(const AwsService *service, const std::string &code)
{
    if (service) {
        if (auto it = service->errorStatus.find(code); it != service->errorStatus.end())
            return it->second;
    }
    if (code == "ServerException" || code == "InternalFailure" || code == "InternalServiceFault")
        return 500;
    if (code == "ServiceUnavailable")
        return 503;
    return 400;
}

void ApiRouter::add(AwsService service)
{
    if (service.protocol == Protocol::AwsJson)
        m_jsonServices[service.targetPrefix] = std::move(service);
    else
        m_queryServices[service.signingName] = std::move(service);
}

const AwsService *ApiRouter::jsonService(const std::string &targetPrefix) const
{
    auto it = m_jsonServices.find(targetPrefix);
    return it == m_jsonServices.end() ? nullptr : &it->second;
}

const AwsService *ApiRouter::queryService(const std::string &signingName) const
{
    auto it = m_queryServices.find(signingName);
    return it == m_queryServices.end() ? nullptr : &it->second;
}

HttpResponse ApiRouter::errorResponse(Protocol protocol, const AwsService *service, const Error &error,
                                      const std::string &requestId, const std::string &xmlNamespace)
{
    const int status = httpStatusFor(service, error.code.toStdString());
    if (protocol == Protocol::AwsJson) {
        HttpResponse response = encodeAwsJsonError(error, status, requestId, service ? service->jsonVersion : "1.1");
        if (service && service->awsQueryCompatible)
            response.headers["x-amzn-query-error"] =
                error.code.toStdString() + (status >= 500 ? ";Receiver" : ";Sender");
        return response;
    }
    std::string ns = xmlNamespace;
    if (ns.empty())
        ns = service ? service->xmlNamespace : kFaultNamespace;
    return encodeAwsQueryError(error, status, ns, requestId);
}

std::variant<HttpResponse, ApiRouter::Routed> ApiRouter::route(const HttpRequest &http) const
{
    const std::string requestId = newRequestId();
    std::variant<HttpResponse, Routed> routed;
    if (!http.header("x-amz-target").empty())
        routed = routeJson(http, requestId);
    else if (isFormPost(http) || isQueryGet(http))
        routed = routeQuery(http, requestId);
    else
        return nonApi(http, requestId);
    if (Routed *r = std::get_if<Routed>(&routed))
        r->accessKeyId = credentialScope(http.header("authorization")).accessKeyId;
    return routed;
}

std::variant<HttpResponse, ApiRouter::Routed> ApiRouter::nonApi(const HttpRequest &http,
                                                                const std::string &requestId) const
{
    if (http.method == "GET" && (http.target == "/" || http.target == "/health"))
        return welcome();
    return errorResponse(Protocol::AwsJson, nullptr,
                         makeError(QStringLiteral("UnknownOperationException"),
                                   QStringLiteral("the request has no X-Amz-Target header naming an operation")),
                         requestId);
}

std::variant<HttpResponse, ApiRouter::Routed> ApiRouter::routeJson(const HttpRequest &http,
                                                                   const std::string &requestId) const
{
    const std::string target = http.header("x-amz-target");
    const std::size_t dot = target.rfind('.');
    const AwsService *service = dot == std::string::npos ? nullptr : jsonService(target.substr(0, dot));
    auto fail = [&](const Error &e) { return errorResponse(Protocol::AwsJson, service, e, requestId); };
    if (!service)
        return fail(makeError(QStringLiteral("UnknownOperationException"),
                              QStringLiteral("no service here answers X-Amz-Target ") + qstr(target)));
    if (http.method != "POST")
        return fail(
            makeError(QStringLiteral("UnknownOperationException"),
                      QStringLiteral("the %1 endpoint takes POST / with X-Amz-Target").arg(qstr(service->name))));
    Result<ApiRequest> request = decodeAwsJsonRequest(http);
    if (!request)
        return fail(request.error());
    auto op = service->operations.find(request->operation);
    if (op == service->operations.end())
        return fail(makeError(QStringLiteral("UnknownOperationException"),
                              request->operation.empty()
                                  ? QStringLiteral("missing X-Amz-Target header")
                                  : QStringLiteral("operation %1 is not supported yet").arg(qstr(request->operation))));
    Routed routed{service, &op->second, std::move(request).value()};
    routed.request.requestId = requestId;
    return routed;
}

std::variant<HttpResponse, ApiRouter::Routed> ApiRouter::routeQuery(const HttpRequest &http,
                                                                    const std::string &requestId) const
{
    Result<ApiRequest> decoded = decodeAwsQueryRequest(http);
    const std::string scopeService = credentialScope(http.header("authorization")).service;
    const AwsService *service = queryService(scopeService);
    const QueryApi *known = knownQueryApi(scopeService);
    if (decoded && scopeService.empty()) {
        // Unsigned: the Version tells the API apart (each has its own).
        for (const auto &[name, candidate] : m_queryServices)
            if (candidate.version == decoded->version)
                service = &candidate;
        for (const QueryApi &api : kQueryApis)
            if (!known && decoded->version == api.version)
                known = &api;
    }
    const std::string ns = service ? service->xmlNamespace : known ? known->xmlNamespace : kFaultNamespace;
    auto fail = [&](const Error &e) { return errorResponse(Protocol::AwsQuery, service, e, requestId, ns); };
    if (!decoded)
        return fail(decoded.error());
    ApiRequest request = std::move(decoded).value();
    if (!service) {
        const QString api =
            known ? QStringLiteral("the %1 API (%2)").arg(QLatin1String(known->name), QLatin1String(known->signingName))
            : scopeService.empty() ? QStringLiteral("an unsigned Query request")
                                   : QStringLiteral("the %1 API").arg(qstr(scopeService));
        return fail(makeError(
            QStringLiteral("InvalidAction"),
            QStringLiteral("Fleetdeck does not serve %1 yet: cannot run %2").arg(api, qstr(request.operation))));
    }
    if (request.version.empty())
        return fail(makeError(QStringLiteral("MissingParameter"),
                              QStringLiteral("The request must contain the parameter Version")));
    auto op = service->operations.find(request.operation);
    if (request.version != service->version || op == service->operations.end())
        return fail(invalidAction(request.operation, request.version));
    request.service = service->signingName;
    request.requestId = requestId;
    return Routed{service, &op->second, std::move(request)};
}

HttpResponse ApiRouter::execute(const Routed &routed, ControlPlane *cp) const
{
    const AwsService &service = *routed.service;
    const ApiRequest &request = routed.request;
    ApiContext ctx;
    ctx.controlPlane = cp;
    ctx.region = qstr(request.region);
    if (ctx.region.isEmpty())
        ctx.region = cp ? cp->defaultRegion() : QStringLiteral("us-east-1");
    ctx.requestId = request.requestId;
    ctx.accessKeyId = routed.accessKeyId;
    ctx.operation = request.operation;
    ctx.protocol = request.protocol;
    ctx.validationError = service.validationError;

    std::optional<Result<json>> result;
    // What the handler commits is journaled as this API operation's doing.
    std::optional<ControlPlane::CauseScope> cause;
    if (cp)
        cause.emplace(*cp, state::Cause::api(qstr(request.operation)));
    try {
        result.emplace((*routed.handler)(ctx, request.params));
    } catch (const std::exception &e) {
        // Handlers answer with Result; this only keeps a bug from taking the endpoint down.
        result.emplace(
            makeError(QLatin1String(request.protocol == Protocol::AwsJson ? "ServerException" : "InternalFailure"),
                      QStringLiteral("internal error: %1").arg(QString::fromUtf8(e.what()))));
    }
    if (!*result) {
        const Error &e = result->error();
        qCInfo(lcApi).noquote() << qstr(request.operation) << "->" << e.code << e.message;
        return errorResponse(request.protocol, &service, e, request.requestId);
    }
    if (request.protocol == Protocol::AwsJson)
        return encodeAwsJsonResponse(result->value(), request.requestId, service.jsonVersion);
    return encodeAwsQueryResponse(request.operation, service.xmlNamespace, result->value(), request.requestId);
}

HttpResponse ApiRouter::handle(const HttpRequest &http, ControlPlane *cp) const
{
    auto routed = route(http);
    if (auto *answer = std::get_if<HttpResponse>(&routed))
        return std::move(*answer);
    return execute(std::get<Routed>(routed), cp);
}

HttpResponse ApiRouter::welcome() const
{
    // A friendly answer for a browser or curl pointed at the endpoint.
    json protocols = json::object();
    for (const auto &[prefix, service] : m_jsonServices)
        protocols[lower(service.name)] = "POST / with X-Amz-Target: " + prefix + ".<Op>";
    for (const auto &[signingName, service] : m_queryServices)
        protocols[signingName] =
            "POST / form-encoded Action=<Op>&Version=" + service.version + ", signed for " + signingName;
    HttpResponse resp;
    resp.headers["content-type"] = "application/json";
    resp.body = json{{"service", "fleetdeck"}, {"version", FLEETDECK_VERSION}, {"protocols", protocols}}.dump(2);
    return resp;
}

} // namespace fd::api
