#pragma once

// The request and response header rewriting of the proxy (internal, pure, fuzzed): which fields a
// hop keeps, the X-Forwarded-* and X-Amzn-Trace-Id fields ELB adds, and the framing of the
// forwarded message (Content-Length or chunked), which is always rebuilt rather than copied.

#include "lb/HeaderArena.h"
#include "lb/RequestView.h"

#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace fd::lb::detail {

namespace http = boost::beast::http;

struct ForwardedInfo
{
    std::string_view clientIp;
    std::uint16_t listenerPort = 0;
    std::string_view protocol = "http";
    std::string_view traceId; // "1-<8 hex>-<24 hex>", from newTraceId()
};

// The functions taking a header or fields of any allocator are instantiated for http::fields and
// for ArenaFields (what the proxy's parsers use).

// What the rule matcher sees of a request: views into `request` (valid while it lives).
template<class Allocator>
RequestView requestView(const http::header<true, http::basic_fields<Allocator>> &request, std::string_view clientIp);
// The same into `view`, whose header list keeps its capacity (the proxy reuses one per connection).
template<class Allocator>
void fillRequestView(RequestView &view, const http::header<true, http::basic_fields<Allocator>> &request,
                     std::string_view clientIp);

// Hop-by-hop: Connection and every field it names, Keep-Alive, Proxy-*, TE, Trailer,
// Transfer-Encoding, Upgrade; also Content-Length (the framing is rebuilt) and Expect (the proxy
// answers 100-continue itself).
bool isHopByHop(std::string_view name, std::string_view connectionTokens);

// Every end-to-end field of `in`, in order, appended to `out`.
void copyEndToEnd(const http::fields &in, http::fields &out);

// Erases the hop-by-hop fields of `fields` in place; the end-to-end ones keep their order. The same
// fields remain as copyEndToEnd() would copy, without copying them.
template<class Allocator> void removeHopByHop(http::basic_fields<Allocator> &fields);

// Appends the client to X-Forwarded-For (after what the client sent), sets X-Forwarded-Proto and
// X-Forwarded-Port, and adds or extends X-Amzn-Trace-Id.
template<class Allocator> void addForwarded(http::basic_fields<Allocator> &fields, const ForwardedInfo &info);

// "1-<epoch seconds, 8 hex digits>-<96 random bits, 24 hex digits>".
std::string newTraceId(std::uint32_t epochSeconds, std::mt19937_64 &random);
// The same written to `out` (kTraceIdLength characters), without a string.
constexpr std::size_t kTraceIdLength = 35;
void writeTraceId(char *out, std::uint32_t epochSeconds, std::mt19937_64 &random);

// X-Amzn-Trace-Id after this hop: without a header "Root=<id>"; with one holding a Root field,
// "Self=<id>;" followed by its fields (an earlier Self dropped), as ELB does; with one without a
// Root, "Root=<id>;" followed by its fields.
std::string traceHeader(std::string_view existing, std::string_view id);

// The request sent to a target: method, target and end-to-end fields of `in` as HTTP/1.1 plus the
// forwarded fields; the body framing is the caller's (content_length() or chunked()).
void buildUpstreamRequestHeader(const http::request_header<> &in, const ForwardedInfo &info,
                                http::request_header<> &out);

// Appends `header` as it goes on the wire, start line, fields in order and the empty line, to `out`:
// byte for byte what Beast's serializer writes for it (TestLbProxy compares the two), in one buffer
// instead of Beast's nested buffer sequence. The framing of the body stays the caller's: a body
// follows as it is only when the header frames it by Content-Length or by the end of the connection.
template<class Allocator>
void appendHeader(std::string &out, const http::header<true, http::basic_fields<Allocator>> &header);
template<class Allocator>
void appendHeader(std::string &out, const http::header<false, http::basic_fields<Allocator>> &header);

// The same request header as buildUpstreamRequestHeader() makes, made from `request` in place (the
// proxy forwards the parsed request itself): HTTP/1.1, hop-by-hop fields removed, forwarded fields
// added, method, target and the other fields kept.
template<class Allocator>
void rewriteUpstreamRequestHeader(http::header<true, http::basic_fields<Allocator>> &request, const ForwardedInfo &info);

} // namespace fd::lb::detail
