// libFuzzer target: the AWS JSON request decoder (core/api/AwsJsonProtocol), what the ECS API reads
// from every `aws ecs ...` call.
//
// The input is split into header values and a body: the first line is the X-Amz-Target header, the
// second the Authorization header (its SigV4 credential scope gives the region), the rest the body.
// An input without a line break is a target alone, with no body.
//
// Beyond "no crash, no leak, no sanitizer report", every input checks the header's promises:
//  - decodeAwsJsonRequest never throws;
//  - a rejection is UnknownOperationException (no or malformed target) or SerializationException
//    (a body that is not a JSON object), with a message saying so;
//  - an accepted request names the operation after the target's last '.', the service before it,
//    and the region of the credential scope; its params are an object;
//  - re-encoded with encodeAwsJsonRequest (what a client sends), it decodes again to the same
//    request: service, operation, region and params.

#include "FuzzCheck.h"

#include "api/AwsJsonProtocol.h"
#include "api/SigV4Scope.h"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

namespace {

using fd::Result;
using fd::api::ApiRequest;
using fd::api::HttpRequest;
using fd::fuzz::check;
using nlohmann::json;

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// Takes the text up to the next '\n' (without it) off the front of `rest`.
std::string takeLine(std::string_view &rest)
{
    const std::size_t newline = rest.find('\n');
    const std::string line(rest.substr(0, newline));
    rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
    return line;
}

HttpRequest makeRequest(std::string_view input)
{
    HttpRequest http;
    http.method = "POST";
    http.target = "/";
    http.headers["content-type"] = "application/x-amz-json-1.1";
    const std::string target = takeLine(input);
    const std::string authorization = takeLine(input);
    if (!target.empty())
        http.headers["x-amz-target"] = target;
    if (!authorization.empty())
        http.headers["authorization"] = authorization;
    http.body = std::string(input);
    return http;
}

Result<ApiRequest> decode(const HttpRequest &http)
{
    try {
        return fd::api::decodeAwsJsonRequest(http);
    } catch (const std::exception &e) {
        fd::fuzz::broken("decodeAwsJsonRequest never throws", QString::fromUtf8(e.what()));
    } catch (...) {
        fd::fuzz::broken("decodeAwsJsonRequest never throws", QStringLiteral("a non-standard exception"));
    }
}

QString describe(const HttpRequest &http)
{
    return QStringLiteral("target '%1'\nauthorization '%2'\nbody %3")
        .arg(qs(http.header("x-amz-target")), qs(http.header("authorization")), qs(http.body));
}

void checkRejection(const HttpRequest &http, const fd::Error &e)
{
    check(e.code == u"UnknownOperationException" || e.code == u"SerializationException",
          "a rejected request is UnknownOperationException or SerializationException",
          [&] { return e.code + QStringLiteral(": ") + e.message; });
    check(!e.message.isEmpty(), "a rejection says what is wrong", [&] { return describe(http); });
    const bool targetProblem = e.code == u"UnknownOperationException";
    const std::string target = http.header("x-amz-target");
    check(targetProblem == (target.empty() || target.find('.') == std::string::npos),
          "UnknownOperationException exactly when the target is not <prefix>.<Operation>",
          [&] { return e.code + u'\n' + describe(http); });
}

void checkAccepted(const HttpRequest &http, const ApiRequest &request)
{
    const std::string target = http.header("x-amz-target");
    const std::size_t dot = target.rfind('.');
    check(request.protocol == fd::api::Protocol::AwsJson && request.service == target.substr(0, dot) &&
              request.operation == target.substr(dot + 1) && request.version.empty(),
          "the target splits at its last '.' into service and operation",
          [&] { return qs(request.service) + u' ' + qs(request.operation) + u'\n' + describe(http); });
    const fd::api::CredentialScope scope = fd::api::credentialScope(http.header("authorization"));
    check(request.region == scope.region, "the region is the credential scope's",
          [&] { return qs(request.region) + u'\n' + describe(http); });
    check(request.params.is_object(), "the params of an accepted request are an object",
          [&] { return qs(fd::api::dumpJson(request.params)); });

    const HttpRequest again = fd::api::encodeAwsJsonRequest(request, "1.1", scope.service);
    const Result<ApiRequest> reparsed = decode(again);
    check(reparsed.ok(), "a decoded request, encoded again, is accepted again", [&] {
        return describe(http) + QStringLiteral("\nencoded as:\n") + describe(again) + QStringLiteral("\nerror: ") +
               reparsed.error().message;
    });
    check(*reparsed == request, "a decoded request, encoded again, decodes to the same request", [&] {
        return describe(http) + QStringLiteral("\nencoded as:\n") + describe(again) +
               QStringLiteral("\ndecoded params: ") + qs(fd::api::dumpJson(reparsed->params)) +
               QStringLiteral("\nregion: ") + qs(reparsed->region);
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const HttpRequest http = makeRequest(std::string_view(reinterpret_cast<const char *>(data), size));
    const Result<ApiRequest> decoded = decode(http);
    if (!decoded.ok())
        checkRejection(http, decoded.error());
    else
        checkAccepted(http, *decoded);
    return 0;
}
