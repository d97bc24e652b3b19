// libFuzzer target: the load balancer's request handling (core/lb), what every client of a listener
// reaches: HTTP/1.1 parsing (Beast's parser, with the proxy's header limit), the rule matcher over a
// fixed rule table using every condition type and wildcards, the redirect Location, and the header
// rewrite that builds the request sent to a target.
//
// The input is a byte stream from one client: requests are parsed one after the other (pipelined)
// until the bytes end or a request cannot be parsed.
//
// Beyond "no crash, no leak, no sanitizer report", every parsed request checks these promises:
//  - matchRule() finds a rule (the table ends with a default rule) and it matches the request;
//  - a redirect's Location starts with "http://" or "https://";
//  - the upstream request carries no hop-by-hop field (nor any field the client's Connection named),
//    exactly one X-Forwarded-For ending with the client address, one X-Forwarded-Proto "http", one
//    X-Forwarded-Port, and an X-Amzn-Trace-Id starting with "Root=1-" or "Self=1-";
//  - serialized and parsed again, the upstream request has the same method, target and
//    X-Forwarded-For (the rewrite never produces something a target would frame differently).

#include "FuzzCheck.h"
#include "lb/HeaderRewrite.h"
#include "lb/Redirect.h"
#include "lb/RuleMatcher.h"
#include "lb/Wildcard.h"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <string_view>

namespace {

namespace http = boost::beast::http;
using namespace fd::lb;
using namespace fd::lb::detail;
using fd::fuzz::check;

constexpr std::string_view kClientIp = "127.0.0.9";
constexpr std::uint16_t kPort = 8080;

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

std::string_view sv(boost::beast::string_view s)
{
    return {s.data(), s.size()};
}

Condition condition(ConditionType type, std::vector<std::string> values, std::string header = {})
{
    Condition c;
    c.type = type;
    c.values = std::move(values);
    c.headerName = std::move(header);
    return c;
}

Rule rule(std::string id, std::vector<Condition> conditions, Action action)
{
    Rule r;
    r.id = std::move(id);
    r.conditions = std::move(conditions);
    r.action = std::move(action);
    r.isDefault = r.conditions.empty();
    return r;
}

const std::vector<Rule> &rules()
{
    static const std::vector<Rule> table = [] {
        Condition query;
        query.type = ConditionType::QueryString;
        query.queryPairs = {{"v*", "?2"}, {std::nullopt, "be\\*ta"}, {"debug", std::nullopt}};
        RedirectAction redirect;
        redirect.protocol = "HTTPS";
        redirect.path = "/new/#{path}";
        redirect.query = "#{query}&from=#{host}:#{port}";
        return std::vector<Rule>{
            rule("path", {condition(ConditionType::PathPattern, {"/api/*/v?", "/img/*.png"})},
                 ForwardAction{{{"a", 1}}, std::nullopt}),
            rule("host+method",
                 {condition(ConditionType::HostHeader, {"*.example.*", "sh?p.test"}),
                  condition(ConditionType::HttpRequestMethod, {"POST", "PUT"})},
                 ForwardAction{{{"a", 1}, {"b", 2}}, std::nullopt}),
            rule("header", {condition(ConditionType::HttpHeader, {"*mobile*", "curl/*"}, "User-Agent")},
                 FixedResponseAction{200, "text/plain", "mobile"}),
            rule("query", {query}, FixedResponseAction{404, "", ""}),
            rule("source", {condition(ConditionType::SourceIp, {"127.0.0.0/8", "::1/128", "10.0.0.0/33"})}, redirect),
            rule("default", {}, FixedResponseAction{503, "text/html", "down"}),
        };
    }();
    return table;
}

void checkUpstream(const http::request_header<> &in, const http::request_header<> &out)
{
    std::string tokens;
    for (auto it = in.find(http::field::connection); it != in.end() && it->name() == http::field::connection; ++it)
        tokens.append(sv(it->value())).append(",");
    std::size_t forwardedFor = 0;
    for (const auto &field : out) {
        const std::string_view name = sv(field.name_string());
        check(!isHopByHop(name, tokens), "no hop-by-hop field goes to the target",
              [&] { return QStringLiteral("field %1 was forwarded").arg(qs(name)); });
        forwardedFor += boost::beast::iequals(field.name_string(), "X-Forwarded-For");
    }
    check(forwardedFor == 1, "exactly one X-Forwarded-For",
          [&] { return QStringLiteral("%1 of them").arg(forwardedFor); });
    const std::string_view xff = sv(out["X-Forwarded-For"]);
    check(xff.size() >= kClientIp.size() && xff.substr(xff.size() - kClientIp.size()) == kClientIp,
          "X-Forwarded-For ends with the client", [&] { return qs(xff); });
    check(sv(out["X-Forwarded-Proto"]) == "http", "X-Forwarded-Proto is http",
          [&] { return qs(sv(out["X-Forwarded-Proto"])); });
    check(sv(out["X-Forwarded-Port"]) == "8080", "X-Forwarded-Port is the listener's",
          [&] { return qs(sv(out["X-Forwarded-Port"])); });
    const std::string_view trace = sv(out["X-Amzn-Trace-Id"]);
    check(trace.substr(0, 7) == "Root=1-" || trace.substr(0, 7) == "Self=1-", "the trace header starts a hop",
          [&] { return qs(trace); });

    // Serialized and parsed again, the target reads the same request line and client chain.
    http::request<http::empty_body> message(out);
    std::ostringstream text;
    text << message;
    const std::string wire = text.str();
    http::request_parser<http::empty_body> again;
    boost::beast::error_code ec;
    again.put(boost::asio::buffer(wire), ec);
    check(!ec && again.is_header_done(), "the upstream request parses again",
          [&] { return QStringLiteral("%1 in %2").arg(qs(ec.message()), qs(wire)); });
    check(again.get().method_string() == out.method_string() && again.get().target() == out.target(),
          "method and target survive", [&] { return qs(wire); });
    check(again.get()["X-Forwarded-For"] == out["X-Forwarded-For"], "X-Forwarded-For survives",
          [&] { return qs(wire); });
}

void handle(const http::request_header<> &request, std::mt19937_64 &random)
{
    const RequestView view = requestView(request, kClientIp);
    const Rule *matched = matchRule(rules(), view);
    check(matched != nullptr, "the default rule catches every request", [] { return QString(); });
    check(ruleMatches(*matched, view), "the matched rule matches", [&] { return qs(matched->id); });
    if (const auto *redirect = std::get_if<RedirectAction>(&matched->action)) {
        const std::string location =
            redirectLocation(*redirect, OriginalUrl{"HTTP", hostWithoutPort(view.host), kPort, view.path, view.query});
        check(location.rfind("http://", 0) == 0 || location.rfind("https://", 0) == 0, "a redirect is a URL",
              [&] { return qs(location); });
    }
    // The path as a pattern against the query: wildcards from a client stay bounded in time.
    (void)wildcardMatch(view.path, view.query, Case::Insensitive, Escapes::Backslash);

    http::request_header<> upstream;
    const std::string traceId = newTraceId(0x5f84c7a9u, random);
    buildUpstreamRequestHeader(request, ForwardedInfo{kClientIp, kPort, "http", traceId}, upstream);
    checkUpstream(request, upstream);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    std::mt19937_64 random(size);
    std::string_view rest(reinterpret_cast<const char *>(data), size);
    for (int requests = 0; requests < 16 && !rest.empty(); ++requests) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(8 * 1024);
        parser.body_limit(64 * 1024);
        parser.eager(true);
        boost::beast::error_code ec;
        std::size_t used = 0;
        while (!ec && !parser.is_done() && used < rest.size()) {
            const std::size_t n = parser.put(boost::asio::buffer(rest.data() + used, rest.size() - used), ec);
            if (ec == http::error::need_more)
                break;
            used += n;
            if (n == 0 && !ec)
                break;
        }
        if (parser.is_header_done() && (!ec || ec == http::error::need_more))
            handle(parser.get().base(), random);
        if (ec || !parser.is_done() || used == 0)
            break;
        rest.remove_prefix(used);
    }
    return 0;
}
