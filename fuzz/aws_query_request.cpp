// libFuzzer target: the AWS Query request decoder (core/api/AwsQueryProtocol), what the ELBv2,
// CloudWatch and Auto Scaling APIs read from every form the aws CLI posts. The input is the form.
//
// Beyond "no crash, no leak, no sanitizer report", every input checks the header's promises:
//  - decodeAwsQueryRequest never throws;
//  - a rejection is MissingAction or InvalidQueryParameter with a message naming the problem;
//  - the same form as a POST body and as a GET query string decodes to the same request;
//  - an accepted request re-encoded with encodeAwsQueryForm, told which members are maps (the
//    names that used .entry.N in the input, as member paths without list levels), decodes again
//    to the same operation, version and params (unless that encoding nests past the decoder's
//    limit: see checkAccepted).

#include "FuzzCheck.h"

#include "api/AwsQueryProtocol.h"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace {

using fd::Result;
using fd::api::ApiRequest;
using fd::fuzz::check;

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

template<typename Decode> Result<ApiRequest> noThrow(Decode &&decode)
{
    try {
        return decode();
    } catch (const std::exception &e) {
        fd::fuzz::broken("decodeAwsQueryRequest never throws", QString::fromUtf8(e.what()));
    } catch (...) {
        fd::fuzz::broken("decodeAwsQueryRequest never throws", QStringLiteral("a non-standard exception"));
    }
}

bool isItemNumber(std::string_view s)
{
    return !s.empty() && s.size() <= 6 && s[0] != '0' && s.find_first_not_of("0123456789") == std::string_view::npos;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// A parameter name as the form carries it -> the name ('+' is a space, %XX a byte; the form was
// accepted, so every '%' starts a valid escape).
std::string formDecode(std::string_view in)
{
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '+') {
            out.push_back(' ');
        } else if (in[i] == '%' && i + 2 < in.size() && hexValue(in[i + 1]) >= 0 && hexValue(in[i + 2]) >= 0) {
            out.push_back(char(hexValue(in[i + 1]) * 16 + hexValue(in[i + 2])));
            i += 2;
        } else {
            out.push_back(in[i]);
        }
    }
    return out;
}

// The map paths the encoder needs, from one parameter name of an accepted form, read as the
// decoder reads names: a structure member adds its name to the path; "member.N" (a list item) and
// "entry.N" (a map entry) below the top level add nothing, and then "key" or "value" adds nothing
// either; the path before "entry.N" is a map.
void addMapPaths(std::string_view name, fd::api::QueryEncodeOptions &options)
{
    std::vector<std::string_view> parts;
    for (std::size_t dot; (dot = name.find('.')) != std::string_view::npos; name.remove_prefix(dot + 1))
        parts.push_back(name.substr(0, dot));
    parts.push_back(name);
    std::string path;
    bool inEntry = false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0 && !inEntry && i + 1 < parts.size() && (parts[i] == "member" || parts[i] == "entry") &&
            isItemNumber(parts[i + 1])) {
            inEntry = parts[i] == "entry";
            if (inEntry)
                options.maps.insert(path);
            ++i;
            continue;
        }
        if (!inEntry)
            path += (path.empty() ? "" : ".") + std::string(parts[i]);
        inEntry = false;
    }
}

fd::api::QueryEncodeOptions mapsOf(std::string_view form)
{
    fd::api::QueryEncodeOptions options;
    while (!form.empty()) {
        const std::size_t amp = form.find('&');
        const std::string_view pair = form.substr(0, amp);
        form = amp == std::string_view::npos ? std::string_view() : form.substr(amp + 1);
        addMapPaths(formDecode(pair.substr(0, pair.find('='))), options);
    }
    return options;
}

void checkRejection(std::string_view form, const fd::Error &e)
{
    check(e.code == u"MissingAction" || e.code == u"InvalidQueryParameter",
          "a rejected form is MissingAction or InvalidQueryParameter",
          [&] { return e.code + QStringLiteral(": ") + e.message; });
    check(!e.message.isEmpty(), "a rejection names the problem", [&] { return qs(form); });
}

QString describe(const ApiRequest &r)
{
    return QStringLiteral("Action '%1' Version '%2' params %3")
        .arg(qs(r.operation), qs(r.version), qs(r.params.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

void checkAccepted(std::string_view form, const ApiRequest &request)
{
    check(request.protocol == fd::api::Protocol::AwsQuery && !request.operation.empty() && request.params.is_object() &&
              request.service.empty() && request.region.empty(),
          "an accepted form has an Action and object params, and no service or region", [&] { return describe(request); });

    const fd::api::QueryEncodeOptions options = mapsOf(form);
    const std::string encoded = fd::api::encodeAwsQueryForm(request, options);
    const Result<ApiRequest> again = noThrow([&] { return fd::api::decodeAwsQueryRequest(std::string_view(encoded)); });
    // The encoder writes an object below a map path as a map (a map's values have no path of their
    // own), so a structure inside a map value comes back as the same JSON but with three name parts
    // (entry.N.value) per level instead of one; past the decoder's nesting limit that is refused.
    if (!again.ok() && !options.maps.empty() && again.error().message.contains(QStringLiteral("nested more than")))
        return;
    check(again.ok(), "a decoded form, encoded again, is accepted again", [&] {
        return qs(form) + QStringLiteral("\nencoded as: ") + qs(encoded) + QStringLiteral("\nerror: ") +
               again.error().message;
    });
    check(*again == request, "a decoded form, encoded again, decodes to the same request", [&] {
        return qs(form) + QStringLiteral("\nencoded as: ") + qs(encoded) + QStringLiteral("\nfirst: ") +
               describe(request) + QStringLiteral("\nagain: ") + describe(*again);
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view form(reinterpret_cast<const char *>(data), size);
    const Result<ApiRequest> decoded = noThrow([&] { return fd::api::decodeAwsQueryRequest(form); });

    fd::api::HttpRequest get;
    get.method = "GET";
    get.target = "/?" + std::string(form);
    const Result<ApiRequest> viaGet = noThrow([&] { return fd::api::decodeAwsQueryRequest(get); });
    check(viaGet.ok() == decoded.ok() &&
              (decoded.ok() ? *viaGet == *decoded
                            : viaGet.error().code == decoded.error().code &&
                                  viaGet.error().message == decoded.error().message),
          "a form decodes the same as a POST body and as a GET query string", [&] { return qs(form); });

    if (!decoded.ok())
        checkRejection(form, decoded.error());
    else
        checkAccepted(form, *decoded);
    return 0;
}
