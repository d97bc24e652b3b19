#include "lb/HeaderRewrite.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <tuple>

namespace fd::lb::detail {

namespace {

std::string_view sv(boost::beast::string_view s)
{
    return {s.data(), s.size()};
}

boost::beast::string_view bsv(std::string_view s)
{
    return {s.data(), s.size()};
}

char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool istartsWith(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// True when the comma-separated `tokens` hold `name` (case-insensitive).
bool listHas(std::string_view tokens, std::string_view name)
{
    while (!tokens.empty()) {
        const std::size_t comma = tokens.find(',');
        if (iequals(trimmed(tokens.substr(0, comma)), name))
            return true;
        if (comma == std::string_view::npos)
            break;
        tokens.remove_prefix(comma + 1);
    }
    return false;
}

template<class Allocator> std::string connectionTokens(const http::basic_fields<Allocator> &in)
{
    std::string tokens;
    for (auto it = in.find(http::field::connection); it != in.end() && it->name() == http::field::connection; ++it) {
        if (!tokens.empty())
            tokens += ',';
        tokens.append(sv(it->value()));
    }
    return tokens;
}

} // namespace

template<class Allocator>
RequestView requestView(const http::header<true, http::basic_fields<Allocator>> &request, std::string_view clientIp)
{
    RequestView view;
    fillRequestView(view, request, clientIp);
    return view;
}

template<class Allocator>
void fillRequestView(RequestView &view, const http::header<true, http::basic_fields<Allocator>> &request,
                     std::string_view clientIp)
{
    view.method = sv(request.method_string());
    std::tie(view.path, view.query) = splitTarget(sv(request.target()));
    view.host = sv(request[http::field::host]);
    view.sourceIp = clientIp;
    view.headers.clear();
    for (const auto &field : request)
        view.headers.emplace_back(sv(field.name_string()), sv(field.value()));
}

bool isHopByHop(std::string_view name, std::string_view tokens)
{
    static constexpr std::string_view kFixed[] = {
        "connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade", "content-length", "expect"};
    for (std::string_view fixed : kFixed)
        if (iequals(name, fixed))
            return true;
    return istartsWith(name, "proxy-") || listHas(tokens, name);
}

void copyEndToEnd(const http::fields &in, http::fields &out)
{
    const std::string tokens = connectionTokens(in);
    for (const auto &field : in) {
        const std::string_view name(field.name_string().data(), field.name_string().size());
        if (!isHopByHop(name, tokens))
            out.insert(field.name_string(), field.value());
    }
}

namespace {

// isHopByHop(name, "") for a field Beast recognised, by its enum instead of string compares: the
// enum stands for the whole name, case-insensitively, so only "proxy-" names need their string.
bool knownFieldIsHopByHop(http::field field, std::string_view name)
{
    switch (field) {
    case http::field::connection:
    case http::field::keep_alive:
    case http::field::te:
    case http::field::trailer:
    case http::field::transfer_encoding:
    case http::field::upgrade:
    case http::field::content_length:
    case http::field::expect:
        return true;
    default:
        return !name.empty() && lower(name.front()) == 'p' && istartsWith(name, "proxy-");
    }
}

} // namespace

template<class Allocator> void removeHopByHop(http::basic_fields<Allocator> &fields)
{
    const std::string tokens = connectionTokens(fields);
    for (auto it = fields.begin(); it != fields.end();) {
        const std::string_view name = sv(it->name_string());
        // isHopByHop(), with the fixed names of a known field compared by enum.
        const bool hop = it->name() != http::field::unknown
                             ? knownFieldIsHopByHop(it->name(), name) || (!tokens.empty() && listHas(tokens, name))
                             : isHopByHop(name, tokens);
        if (hop)
            it = fields.erase(it);
        else
            ++it;
    }
}

namespace {

// Writes `value` as `digits` lower-case hex digits at `out` (most significant first).
char *appendHex(char *out, std::uint64_t value, int digits)
{
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = digits - 1; i >= 0; --i) {
        out[i] = kHex[value & 0xf];
        value >>= 4;
    }
    return out + digits;
}

} // namespace

void writeTraceId(char *out, std::uint32_t epochSeconds, std::mt19937_64 &random)
{
    const std::uint64_t high = random();
    const std::uint32_t low = std::uint32_t(random());
    // "1-%08x-%016llx%08x", without printf: this runs for every forwarded request.
    char *p = out;
    *p++ = '1';
    *p++ = '-';
    p = appendHex(p, epochSeconds, 8);
    *p++ = '-';
    p = appendHex(p, high, 16);
    appendHex(p, low, 8);
}

std::string newTraceId(std::uint32_t epochSeconds, std::mt19937_64 &random)
{
    std::string id(kTraceIdLength, '\0');
    writeTraceId(id.data(), epochSeconds, random);
    return id;
}

std::string traceHeader(std::string_view existing, std::string_view id)
{
    std::string rest;
    bool hasRoot = false;
    while (!existing.empty()) {
        const std::size_t semi = existing.find(';');
        const std::string_view item = trimmed(existing.substr(0, semi));
        if (!item.empty() && !istartsWith(item, "self=")) {
            hasRoot = hasRoot || istartsWith(item, "root=");
            rest += ';';
            rest.append(item);
        }
        if (semi == std::string_view::npos)
            break;
        existing.remove_prefix(semi + 1);
    }
    std::string header;
    header.reserve(5 + id.size() + rest.size());
    header.append(hasRoot ? "Self=" : "Root=").append(id).append(rest);
    return header;
}

namespace {

// True when `fields` holds none of the fields addForwarded() sets or extends (the usual request):
// they can then be inserted without looking for earlier ones (each look-up is a walk of the fields'
// tree with case-insensitive compares). Any X-Forwarded-* name counts, which errs on the safe side.
template<class Allocator> bool noForwardedFields(const http::basic_fields<Allocator> &fields)
{
    for (const auto &field : fields) {
        if (field.name() != http::field::unknown)
            continue;
        const std::string_view name = sv(field.name_string());
        if (name.size() >= 15 && lower(name.front()) == 'x' &&
            (istartsWith(name, "x-forwarded-") || iequals(name, "x-amzn-trace-id")))
            return false;
    }
    return true;
}

} // namespace

template<class Allocator> void addForwarded(http::basic_fields<Allocator> &fields, const ForwardedInfo &info)
{
    char port[8];
    const char *portEnd = std::to_chars(port, port + sizeof port, info.listenerPort).ptr;
    const boost::beast::string_view portText(port, std::size_t(portEnd - port));
    // X-Amzn-Trace-Id when the client sent none: traceHeader("", id), "Root=<id>", without a string.
    char root[64];
    const bool rootFits = info.traceId.size() <= sizeof root - 5;
    if (rootFits) {
        std::copy_n("Root=", 5, root);
        std::copy(info.traceId.begin(), info.traceId.end(), root + 5);
    }
    const boost::beast::string_view newTrace(root, rootFits ? 5 + info.traceId.size() : 0);

    if (rootFits && noForwardedFields(fields)) { // as set() would, with nothing to replace
        fields.insert("X-Forwarded-For", bsv(info.clientIp));
        fields.insert("X-Forwarded-Proto", bsv(info.protocol));
        fields.insert("X-Forwarded-Port", portText);
        fields.insert("X-Amzn-Trace-Id", newTrace);
        return;
    }
    std::string forwardedFor;
    for (auto it = fields.find("X-Forwarded-For");
         it != fields.end() && iequals(sv(it->name_string()), "X-Forwarded-For"); ++it) {
        const std::string_view value = trimmed(sv(it->value()));
        if (value.empty())
            continue;
        forwardedFor.append(value);
        forwardedFor += ", ";
    }
    if (forwardedFor.empty()) {
        fields.set("X-Forwarded-For", bsv(info.clientIp));
    } else {
        forwardedFor.append(info.clientIp);
        fields.set("X-Forwarded-For", forwardedFor);
    }
    fields.set("X-Forwarded-Proto", bsv(info.protocol));
    fields.set("X-Forwarded-Port", portText);
    if (auto it = fields.find("X-Amzn-Trace-Id"); it != fields.end()) {
        const std::string existingTrace(sv(it->value()));
        fields.set("X-Amzn-Trace-Id", traceHeader(existingTrace, info.traceId));
    } else if (rootFits) {
        fields.set("X-Amzn-Trace-Id", newTrace);
    } else {
        fields.set("X-Amzn-Trace-Id", traceHeader({}, info.traceId));
    }
}

void buildUpstreamRequestHeader(const http::request_header<> &in, const ForwardedInfo &info,
                                http::request_header<> &out)
{
    out.version(11);
    if (in.method() == http::verb::unknown)
        out.method_string(in.method_string());
    else
        out.method(in.method());
    out.target(in.target());
    copyEndToEnd(in, out);
    addForwarded(out, info);
}

namespace {

// "HTTP/1.1", the version's two digits as Beast writes them.
void appendVersion(std::string &out, unsigned version)
{
    const char text[8] = {'H', 'T', 'T', 'P', '/', char('0' + version / 10), '.', char('0' + version % 10)};
    out.append(text, sizeof text);
}

// Each field as "Name: value\r\n", then the empty line that ends the header.
template<class Allocator> void appendFields(std::string &out, const http::basic_fields<Allocator> &fields)
{
    for (const auto &field : fields) {
        out.append(sv(field.name_string()));
        out.append(": ", 2);
        out.append(sv(field.value()));
        out.append("\r\n", 2);
    }
    out.append("\r\n", 2);
}

} // namespace

template<class Allocator>
void appendHeader(std::string &out, const http::header<true, http::basic_fields<Allocator>> &header)
{
    // "<method> <target> HTTP/X.Y\r\n"; Beast writes no space before an empty target.
    out.append(sv(header.method_string()));
    if (const std::string_view target = sv(header.target()); !target.empty()) {
        out += ' ';
        out.append(target);
    }
    out += ' ';
    appendVersion(out, header.version());
    out.append("\r\n", 2);
    appendFields(out, header);
}

template<class Allocator>
void appendHeader(std::string &out, const http::header<false, http::basic_fields<Allocator>> &header)
{
    // "HTTP/X.Y ### <reason>\r\n": the reason received or set, else the standard one for the code.
    appendVersion(out, header.version());
    const unsigned code = header.result_int();
    const char status[5] = {' ', char('0' + code / 100), char('0' + (code / 10) % 10), char('0' + code % 10), ' '};
    out.append(status, sizeof status);
    const std::string_view reason = sv(header.reason());
    out.append(!reason.empty() ? reason : sv(http::obsolete_reason(http::status(code))));
    out.append("\r\n", 2);
    appendFields(out, header);
}

template<class Allocator>
void rewriteUpstreamRequestHeader(http::header<true, http::basic_fields<Allocator>> &request, const ForwardedInfo &info)
{
    request.version(11);
    removeHopByHop(request);
    addForwarded(request, info);
}

// For the fuzzer and tests (http::fields) and for the proxy (ArenaFields).
template RequestView requestView(const http::header<true, http::basic_fields<std::allocator<char>>> &, std::string_view);
template void fillRequestView(RequestView &, const http::header<true, http::basic_fields<std::allocator<char>>> &, std::string_view);
template void removeHopByHop(http::basic_fields<std::allocator<char>> &);
template void addForwarded(http::basic_fields<std::allocator<char>> &, const ForwardedInfo &);
template void appendHeader(std::string &, const http::header<true, http::basic_fields<std::allocator<char>>> &);
template void appendHeader(std::string &, const http::header<false, http::basic_fields<std::allocator<char>>> &);
template void rewriteUpstreamRequestHeader(http::header<true, http::basic_fields<std::allocator<char>>> &, const ForwardedInfo &);
template RequestView requestView(const http::header<true, http::basic_fields<ArenaAllocator<char>>> &, std::string_view);
template void fillRequestView(RequestView &, const http::header<true, http::basic_fields<ArenaAllocator<char>>> &, std::string_view);
template void removeHopByHop(http::basic_fields<ArenaAllocator<char>> &);
template void addForwarded(http::basic_fields<ArenaAllocator<char>> &, const ForwardedInfo &);
template void appendHeader(std::string &, const http::header<true, http::basic_fields<ArenaAllocator<char>>> &);
template void appendHeader(std::string &, const http::header<false, http::basic_fields<ArenaAllocator<char>>> &);
template void rewriteUpstreamRequestHeader(http::header<true, http::basic_fields<ArenaAllocator<char>>> &, const ForwardedInfo &);

} // namespace fd::lb::detail
