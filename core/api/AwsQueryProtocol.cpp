#include "AwsQueryProtocol.h"

#include "QueryXml.h"
#include "SigV4Scope.h"

#include <map>
#include <optional>
#include <vector>

namespace fd::api {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxSegments = 64; // deeper names are refused (AWS shapes nest a few levels)
constexpr long kMaxIndex = 100000;       // list item and map entry numbers

QString qstr(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

Error invalid(std::string_view name, const QString &problem)
{
    return makeError(QStringLiteral("InvalidQueryParameter"),
                     name.empty() ? problem : qstr(name) + QStringLiteral(": ") + problem);
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

// application/x-www-form-urlencoded: '+' is a space, %XX a byte.
std::optional<std::string> percentDecode(std::string_view in)
{
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '+') {
            out.push_back(' ');
        } else if (in[i] == '%') {
            if (i + 2 >= in.size())
                return std::nullopt;
            const int hi = hexValue(in[i + 1]), lo = hexValue(in[i + 2]);
            if (hi < 0 || lo < 0)
                return std::nullopt;
            out.push_back(char(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(in[i]);
        }
    }
    return out;
}

bool isUtf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t extra = 0;
        unsigned min = 0;
        unsigned code = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1, min = 0x80, code = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2, min = 0x800, code = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3, min = 0x10000, code = c & 0x07;
        } else {
            return false;
        }
        if (i + extra >= s.size())
            return false;
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80)
                return false;
            code = (code << 6) | (b & 0x3F);
        }
        if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            return false;
        i += extra + 1;
    }
    return true;
}

std::optional<long> itemNumber(std::string_view s)
{
    if (s.empty() || s.size() > 6 || s[0] == '0')
        return std::nullopt;
    long n = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        n = n * 10 + (c - '0');
    }
    if (n < 1 || n > kMaxIndex)
        return std::nullopt;
    return n;
}

// The shape a name gives a member, built up one parameter at a time.
struct Node
{
    enum class Kind { Unset, Scalar, Struct, List, Map };
    Kind kind = Kind::Unset;
    std::string value;
    std::map<std::string, Node> members; // Struct
    std::map<long, Node> items;          // List items; Map entries (each a Struct of key and value)
};

const char *kindName(Node::Kind kind)
{
    switch (kind) {
    case Node::Kind::Scalar:
        return "a value";
    case Node::Kind::Struct:
        return "a structure";
    case Node::Kind::List:
        return "a list";
    case Node::Kind::Map:
        return "a map";
    case Node::Kind::Unset:
        break;
    }
    return "nothing";
}

std::optional<Error> become(Node &node, Node::Kind kind, std::string_view path)
{
    if (node.kind == Node::Kind::Unset || node.kind == kind) {
        node.kind = kind;
        return std::nullopt;
    }
    return invalid(path, QStringLiteral("given both as %1 and as %2")
                             .arg(QLatin1String(kindName(node.kind)), QLatin1String(kindName(kind))));
}

std::vector<std::string_view> splitName(std::string_view name)
{
    std::vector<std::string_view> parts;
    while (parts.size() <= kMaxSegments) {
        const std::size_t dot = name.find('.');
        parts.push_back(name.substr(0, dot));
        if (dot == std::string_view::npos)
            break;
        name.remove_prefix(dot + 1);
    }
    return parts;
}

std::optional<Error> insert(Node &root, std::string_view name, std::string value)
{
    const std::vector<std::string_view> parts = splitName(name);
    if (parts.size() > kMaxSegments)
        return invalid(name, QStringLiteral("nested more than %1 levels deep").arg(kMaxSegments));
    Node *node = &root;
    std::string path;
    bool inEntry = false; // the next part must be "key" or "value"
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string_view part = parts[i];
        if (part.empty())
            return invalid(name, QStringLiteral("a name part is empty"));
        const bool numbered =
            i + 1 < parts.size() && node != &root && !inEntry && (part == "member" || part == "entry");
        if (numbered) {
            const auto n = itemNumber(parts[i + 1]);
            path += "." + std::string(part);
            if (!n)
                return invalid(
                    path,
                    QStringLiteral("\"%1\" is not an item number (1 to %2)").arg(qstr(parts[i + 1])).arg(kMaxIndex));
            const bool entry = part == "entry";
            if (auto e = become(*node, entry ? Node::Kind::Map : Node::Kind::List, path))
                return e;
            path += "." + std::string(parts[i + 1]);
            node = &node->items[*n];
            ++i;
            inEntry = entry;
            if (entry && (node->kind == Node::Kind::Unset))
                node->kind = Node::Kind::Struct;
            continue;
        }
        if (inEntry && part != "key" && part != "value")
            return invalid(path, QStringLiteral("a map entry has only key and value (got \"%1\")").arg(qstr(part)));
        inEntry = false;
        if (auto e = become(*node, Node::Kind::Struct, path.empty() ? std::string_view(name) : path))
            return e;
        path += (path.empty() ? "" : ".") + std::string(part);
        node = &node->members[std::string(part)];
    }
    if (inEntry)
        return invalid(path, QStringLiteral("a map entry needs .key and .value"));
    if (node->kind == Node::Kind::Scalar)
        return invalid(path, QStringLiteral("given twice"));
    if (auto e = become(*node, Node::Kind::Scalar, path))
        return e;
    node->value = std::move(value);
    return std::nullopt;
}

Result<json> toJson(const Node &node, const std::string &path)
{
    switch (node.kind) {
    case Node::Kind::Unset:
    case Node::Kind::Scalar:
        return json(node.value);
    case Node::Kind::Struct: {
        json out = json::object();
        for (const auto &[name, child] : node.members) {
            Result<json> value = toJson(child, path.empty() ? name : path + "." + name);
            if (!value)
                return value.error();
            out[name] = std::move(value).value();
        }
        return out;
    }
    case Node::Kind::List: {
        json out = json::array();
        long expected = 1;
        for (const auto &[n, child] : node.items) {
            if (n != expected)
                return invalid(path + ".member",
                               QStringLiteral("item %1 is missing (items are numbered 1, 2, 3, ...)").arg(expected));
            Result<json> value = toJson(child, path + ".member." + std::to_string(n));
            if (!value)
                return value.error();
            out.push_back(std::move(value).value());
            ++expected;
        }
        return out;
    }
    case Node::Kind::Map: {
        json out = json::object();
        long expected = 1;
        for (const auto &[n, entry] : node.items) {
            const std::string at = path + ".entry." + std::to_string(n);
            if (n != expected)
                return invalid(path + ".entry",
                               QStringLiteral("entry %1 is missing (entries are numbered 1, 2, 3, ...)").arg(expected));
            ++expected;
            const auto key = entry.members.find("key");
            if (key == entry.members.end() || key->second.kind != Node::Kind::Scalar)
                return invalid(at, QStringLiteral("the entry has no key"));
            const auto value = entry.members.find("value");
            if (value == entry.members.end())
                return invalid(at, QStringLiteral("the entry has no value"));
            if (out.contains(key->second.value))
                return invalid(at, QStringLiteral("key \"%1\" is given twice").arg(qstr(key->second.value)));
            Result<json> v = toJson(value->second, at + ".value");
            if (!v)
                return v.error();
            out[key->second.value] = std::move(v).value();
        }
        return out;
    }
    }
    return json();
}

void encodeMember(const json &value, const std::string &name, const std::string &shapePath,
                  const QueryEncodeOptions &options, std::vector<std::pair<std::string, std::string>> &out)
{
    auto join = [](const std::string &a, const std::string &b) { return a.empty() ? b : a + "." + b; };
    switch (value.type()) {
    case json::value_t::null:
    case json::value_t::discarded:
        return;
    case json::value_t::object:
        if (options.maps.count(shapePath)) {
            int n = 0;
            for (const auto &[key, item] : value.items()) {
                const std::string entry = name + ".entry." + std::to_string(++n);
                out.emplace_back(entry + ".key", key);
                encodeMember(item, entry + ".value", shapePath, options, out);
            }
            if (n == 0)
                out.emplace_back(name, "");
            return;
        }
        for (const auto &[key, item] : value.items())
            encodeMember(item, join(name, key), join(shapePath, key), options, out);
        return;
    case json::value_t::array:
        if (value.empty()) {
            out.emplace_back(name, ""); // the wire form of an empty list
            return;
        }
        for (std::size_t i = 0; i < value.size(); ++i)
            encodeMember(value[i], name + ".member." + std::to_string(i + 1), shapePath, options, out);
        return;
    case json::value_t::string:
        out.emplace_back(name, value.get<std::string>());
        return;
    case json::value_t::boolean:
        out.emplace_back(name, value.get<bool>() ? "true" : "false");
        return;
    default:
        out.emplace_back(name, value.dump());
        return;
    }
}

} // namespace

std::string percentEncode(std::string_view text)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out.push_back(char(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

Result<ApiRequest> decodeAwsQueryRequest(std::string_view form)
{
    ApiRequest request;
    request.protocol = Protocol::AwsQuery;
    Node root;
    root.kind = Node::Kind::Struct;
    bool sawAction = false, sawVersion = false;
    while (!form.empty()) {
        const std::size_t amp = form.find('&');
        const std::string_view pair = form.substr(0, amp);
        form = amp == std::string_view::npos ? std::string_view() : form.substr(amp + 1);
        if (pair.empty())
            continue;
        const std::size_t eq = pair.find('=');
        const std::string_view rawName = pair.substr(0, eq);
        const std::string_view rawValue = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
        const std::optional<std::string> name = percentDecode(rawName);
        if (!name)
            return invalid({}, QStringLiteral("malformed percent-encoding in the parameter name \"%1\"")
                                   .arg(qstr(rawName.substr(0, 200))));
        if (!isUtf8(*name))
            return invalid({}, QStringLiteral("a parameter name is not UTF-8"));
        std::optional<std::string> value = percentDecode(rawValue);
        if (!value)
            return invalid(*name, QStringLiteral("malformed percent-encoding in the value"));
        if (!isUtf8(*value))
            return invalid(*name, QStringLiteral("the value is not UTF-8"));
        if (name->empty())
            return invalid({}, QStringLiteral("a parameter has no name"));
        if (*name == "Action" || *name == "Version") {
            bool &seen = *name == "Action" ? sawAction : sawVersion;
            if (seen)
                return invalid(*name, QStringLiteral("given twice"));
            seen = true;
            (*name == "Action" ? request.operation : request.version) = std::move(*value);
            continue;
        }
        if (auto e = insert(root, *name, std::move(*value)))
            return *e;
    }
    if (request.operation.empty())
        return makeError(QStringLiteral("MissingAction"), QStringLiteral("the request names no Action"));
    Result<json> params = toJson(root, {});
    if (!params)
        return params.error();
    request.params = std::move(params).value();
    return request;
}

Result<ApiRequest> decodeAwsQueryRequest(const HttpRequest &http)
{
    std::string_view form;
    if (http.method == "GET") {
        const std::size_t q = http.target.find('?');
        if (q != std::string::npos)
            form = std::string_view(http.target).substr(q + 1);
    } else {
        form = http.body;
    }
    Result<ApiRequest> request = decodeAwsQueryRequest(form);
    if (!request)
        return request;
    ApiRequest out = std::move(request).value();
    const CredentialScope scope = credentialScope(http.header("authorization"));
    out.service = scope.service;
    out.region = scope.region;
    return out;
}

std::string encodeAwsQueryForm(const ApiRequest &request, const QueryEncodeOptions &options)
{
    std::vector<std::pair<std::string, std::string>> members;
    if (request.params.is_object())
        encodeMember(request.params, {}, {}, options, members);
    std::string form = "Action=" + percentEncode(request.operation);
    if (!request.version.empty())
        form += "&Version=" + percentEncode(request.version);
    for (const auto &[name, value] : members)
        form += "&" + percentEncode(name) + "=" + percentEncode(value);
    return form;
}

HttpRequest encodeAwsQueryRequest(const ApiRequest &request, const QueryEncodeOptions &options)
{
    HttpRequest http;
    http.method = "POST";
    http.target = "/";
    http.headers["content-type"] = "application/x-www-form-urlencoded; charset=utf-8";
    if (!request.region.empty())
        http.headers["authorization"] = "AWS4-HMAC-SHA256 Credential=FLEETDECK/19700101/" + request.region + "/" +
                                        (request.service.empty() ? std::string("unknown") : request.service) +
                                        "/aws4_request";
    http.body = encodeAwsQueryForm(request, options);
    return http;
}

HttpResponse encodeAwsQueryResponse(const std::string &operation, const std::string &xmlNamespace, const json &result,
                                    const std::string &requestId)
{
    HttpResponse http;
    http.headers["x-amzn-requestid"] = requestId;
    http.headers["content-type"] = "text/xml";
    http.body = queryResponseXml(operation, xmlNamespace, result, requestId);
    return http;
}

HttpResponse encodeAwsQueryError(const Error &error, int status, const std::string &xmlNamespace,
                                 const std::string &requestId)
{
    HttpResponse http;
    http.status = status;
    http.headers["x-amzn-requestid"] = requestId;
    http.headers["content-type"] = "text/xml";
    http.body = queryErrorXml(status >= 500 ? "Receiver" : "Sender", error.code.toStdString(),
                              error.message.toStdString(), xmlNamespace, requestId);
    return http;
}

Result<json> decodeAwsQueryResponse(const HttpResponse &http)
{
    return parseQueryResponseXml(http.body, http.status);
}

} // namespace fd::api
