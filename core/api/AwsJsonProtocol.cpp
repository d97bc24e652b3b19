#include "AwsJsonProtocol.h"

#include "SigV4Scope.h"

namespace fd::api {

using nlohmann::json;

namespace {

constexpr char kErrorTypeHeader[] = "x-amzn-errortype";
// Deeper bodies are refused before parsing: writing such a tree out again (dump()) recurses once
// per level, and no AWS request nests anywhere near this.
constexpr int kMaxJsonDepth = 100;

bool nestsDeeperThan(std::string_view text, int limit)
{
    int depth = 0;
    bool inString = false, escaped = false;
    for (char c : text) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit)
                return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

std::string contentType(const std::string &jsonVersion)
{
    return "application/x-amz-json-" + jsonVersion;
}

// "com.amazon.coral.service#UnknownOperationException:http://..." -> "UnknownOperationException"
std::string bareErrorCode(std::string code)
{
    if (const auto colon = code.find(':'); colon != std::string::npos)
        code.erase(colon);
    if (const auto hash = code.rfind('#'); hash != std::string::npos)
        code.erase(0, hash + 1);
    return code;
}

} // namespace

std::string dumpJson(const json &value)
{
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<ApiRequest> decodeAwsJsonRequest(const HttpRequest &http)
{
    const std::string target = http.header("x-amz-target");
    if (target.empty())
        return makeError(QStringLiteral("UnknownOperationException"),
                         QStringLiteral("the request has no X-Amz-Target header naming an operation"));
    const std::size_t dot = target.rfind('.');
    if (dot == std::string::npos)
        return makeError(QStringLiteral("UnknownOperationException"),
                         QStringLiteral("X-Amz-Target %1 is not <service prefix>.<Operation>")
                             .arg(QString::fromUtf8(target.data(), qsizetype(target.size()))));
    ApiRequest request;
    request.protocol = Protocol::AwsJson;
    request.service = target.substr(0, dot);
    request.operation = target.substr(dot + 1);
    request.region = regionFromAuthorization(http.header("authorization"));
    if (nestsDeeperThan(http.body, kMaxJsonDepth))
        return makeError(QStringLiteral("SerializationException"),
                         QStringLiteral("the request body nests deeper than %1 levels").arg(kMaxJsonDepth));
    if (!http.body.empty()) {
        request.params = json::parse(http.body, nullptr, false);
        if (request.params.is_discarded() || !request.params.is_object())
            return makeError(QStringLiteral("SerializationException"),
                             QStringLiteral("the request body is not a JSON object"));
    }
    return request;
}

HttpRequest encodeAwsJsonRequest(const ApiRequest &request, const std::string &jsonVersion,
                                 const std::string &signingName)
{
    HttpRequest http;
    http.method = "POST";
    http.target = "/";
    http.headers["content-type"] = contentType(jsonVersion);
    http.headers["x-amz-target"] = request.service + "." + request.operation;
    if (!request.region.empty())
        http.headers["authorization"] = "AWS4-HMAC-SHA256 Credential=FLEETDECK/19700101/" + request.region + "/" +
                                        (signingName.empty() ? std::string("unknown") : signingName) + "/aws4_request";
    http.body = dumpJson(request.params.is_null() ? json::object() : request.params);
    return http;
}

HttpResponse encodeAwsJsonResponse(const json &result, const std::string &requestId, const std::string &jsonVersion)
{
    HttpResponse http;
    http.headers["x-amzn-requestid"] = requestId;
    http.headers["content-type"] = contentType(jsonVersion);
    http.body = dumpJson(result.is_null() ? json::object() : result);
    return http;
}

HttpResponse encodeAwsJsonError(const Error &error, int status, const std::string &requestId,
                                const std::string &jsonVersion)
{
    HttpResponse http;
    http.status = status;
    http.headers["x-amzn-requestid"] = requestId;
    http.headers["content-type"] = contentType(jsonVersion);
    http.headers[kErrorTypeHeader] = error.code.toStdString();
    http.body = dumpJson(json{{"__type", error.code.toStdString()}, {"message", error.message.toStdString()}});
    return http;
}

Result<json> decodeAwsJsonResponse(const HttpResponse &http)
{
    const json body = http.body.empty() ? json::object() : json::parse(http.body, nullptr, false);
    if (http.status >= 200 && http.status < 300) {
        if (body.is_discarded() || !body.is_object())
            return makeError(QStringLiteral("SerializationException"),
                             QStringLiteral("the answer is not a JSON object"));
        return body;
    }
    std::string code;
    if (auto it = http.headers.find(kErrorTypeHeader); it != http.headers.end())
        code = it->second;
    std::string message;
    if (body.is_object()) {
        if (code.empty() && body.contains("__type") && body["__type"].is_string())
            code = body["__type"].get<std::string>();
        for (const char *key : {"message", "Message"})
            if (message.empty() && body.contains(key) && body[key].is_string())
                message = body[key].get<std::string>();
    }
    if (code.empty())
        code = http.status >= 500 ? "ServerException" : "UnknownError";
    return makeError(QString::fromStdString(bareErrorCode(code)), QString::fromStdString(message));
}

} // namespace fd::api
