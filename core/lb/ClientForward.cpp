// ClientConnection, the forward action: choose a target group and a target, send the request to
// it (a pooled keep-alive connection or a new one), relay its response. Bodies go through one
// buffer of streamChunkBytes in each direction: read a piece, write it, read the next.

#include "lb/Balancer.h"
#include "lb/ClientConnection.h"
#include "lb/HeaderRewrite.h"
#include "lb/LbLogging.h"

#include <boost/beast/http/empty_body.hpp>
#include <ctime>
#include <limits>
#include <random>

namespace fd::lb::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// A new trace id in `out` (kTraceIdLength characters).
void traceIdNow(char *out)
{
    thread_local std::mt19937_64 random{std::random_device{}()};
    writeTraceId(out, std::uint32_t(std::time(nullptr)), random);
}

std::string httpDate(std::chrono::system_clock::time_point when)
{
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buf;
}

// The next piece to write. An empty piece must have no data pointer: a zero-length buffer would
// end a chunked body early (the serializer would write the last chunk).
void setPiece(http::buffer_body::value_type &body, std::vector<char> &piece, std::size_t n, bool more)
{
    body.data = n > 0 ? piece.data() : nullptr;
    body.size = n;
    body.more = more;
}

bool ignorable(beast::error_code ec)
{
    return ec == http::error::need_buffer;
}

} // namespace

std::string ClientConnection::stickyGroupFromCookie() const
{
    const auto &req = m_request->get();
    for (auto it = req.find(http::field::cookie); it != req.end() && it->name() == http::field::cookie; ++it) {
        std::string_view cookies(it->value().data(), it->value().size());
        while (!cookies.empty()) {
            const std::size_t semi = cookies.find(';');
            std::string_view item = cookies.substr(0, semi);
            while (!item.empty() && item.front() == ' ')
                item.remove_prefix(1);
            if (item.substr(0, 9) == "AWSALBTG=")
                return std::string(item.substr(9));
            if (semi == std::string_view::npos)
                break;
            cookies.remove_prefix(semi + 1);
        }
    }
    return {};
}

void ClientConnection::forward(const ForwardAction &action, std::size_t ruleIndex)
{
    const CompiledListener *listener = m_snapshot->listener(m_port);
    std::optional<std::size_t> chosen;
    if (action.stickiness) {
        const std::string token = stickyGroupFromCookie();
        for (std::size_t i = 0; i < action.groups.size() && !token.empty(); ++i) {
            const CompiledGroup *g = m_snapshot->group(action.groups[i].targetGroupId);
            if (g && g->stickyToken == token && action.groups[i].weight > 0)
                chosen = i;
        }
    }
    if (!chosen)
        chosen = chooseWeighted(action.groups, listener->ruleTickets[ruleIndex]->fetch_add(1));
    m_group = chosen ? m_snapshot->group(action.groups[*chosen].targetGroupId) : nullptr;
    if (!m_group || m_group->routable.empty()) {
        answerElbError(503);
        return;
    }
    m_stickiness = action.stickiness;
    const std::uint64_t ticket = m_group->ticket->next.fetch_add(1);
    const auto pick = pickTarget(m_group->spec->algorithm, m_group->routable, ticket,
                                 [this](std::size_t i) { return m_group->targets[i].counters->inFlight.load(); });
    m_target = &m_group->targets[*pick];
    m_inFlight = InFlightGuard(m_target->counters);
    ++m_target->counters->requests;
    if (!m_target->addressValid) {
        upstreamFailed(502);
        return;
    }

    // The parsed request itself goes to the target, its header rewritten in place (no copy of its
    // fields); what the client side needs of the original was kept in onHeader() and above.
    auto &req = m_request->get();
    m_isHead = req.method() == http::verb::head;
    m_requestHasBody = !m_request->is_done();
    const bool expectContinue = m_requestHasBody && beast::iequals(req[http::field::expect], "100-continue");
    char traceId[kTraceIdLength];
    traceIdNow(traceId);
    rewriteUpstreamRequestHeader(req.base(),
                                 ForwardedInfo{m_clientIp, m_port, "http", std::string_view(traceId, sizeof traceId)});
    m_requestRaw = true; // no body, or one framed by its length: the proxy writes it as it is
    if (m_requestHasBody) {
        if (const auto length = m_request->content_length()) {
            req.content_length(*length);
        } else {
            req.chunked(true);
            m_requestRaw = false;
        }
    }
    m_piece.resize(m_runtime->options().streamChunkBytes);

    if (expectContinue) {
        // The target never sees Expect: the proxy tells the client to go on itself.
        auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
        http::async_write(m_client, *interim, [self = shared_from_this(), interim](beast::error_code ec, std::size_t) {
            if (ec)
                self->close();
            else
                self->connectUpstream();
        });
        return;
    }
    connectUpstream();
}

void ClientConnection::connectUpstream()
{
    if (!m_retried) {
        if (auto pooled = m_runtime->pool().take(m_target->endpoint, m_client.get_executor())) {
            m_upstream.emplace(std::move(*pooled));
            m_upstreamReused = true;
            onUpstreamReady();
            return;
        }
    }
    m_upstreamReused = false;
    m_upstream.emplace(m_client.get_executor());
    setDeadline(Side::Upstream, m_runtime->options().connectTimeout);
    m_upstream->async_connect(m_target->endpoint, [self = shared_from_this()](beast::error_code ec) {
        self->clearDeadline(Side::Upstream);
        if (ec) {
            qCDebug(lcLb) << "cannot connect to" << self->m_target->spec->id.c_str() << ":" << ec.message().c_str();
            self->upstreamFailed(self->upstreamTimedOut(ec) ? 504 : 502);
            return;
        }
        beast::error_code ignored;
        self->m_upstream->set_option(tcp::no_delay(true), ignored);
        self->onUpstreamReady();
    });
}

void ClientConnection::onUpstreamReady()
{
    m_upstreamBuffer.clear();
    auto &out = m_request->get(); // the parser fills its body piece, the serializer then sends it
    out.body().data = nullptr;
    out.body().size = 0;
    out.body().more = m_requestHasBody;
    m_requestSent = false;
    if (m_requestRaw)
        appendHeader(m_wire.head(), out);
    else
        m_requestWriter.emplace(out);
    m_sentAt = Clock::now();
    // Body bytes that came with the header go out in the same write as the header.
    if (m_requestHasBody && m_clientBuffer.size() > 0)
        readRequestPiece();
    else
        writeRequestPiece();
}

void ClientConnection::writeRequestPiece()
{
    setDeadline(Side::Upstream, idleTimeout());
    auto written = [self = shared_from_this()](beast::error_code ec, std::size_t) {
        self->clearDeadline(Side::Upstream);
        self->onRequestWritten(ignorable(ec) ? beast::error_code{} : ec);
    };
    if (!m_requestRaw) {
        asyncWriteSerialized(*m_upstream, *m_requestWriter, m_wire, std::move(written));
        return;
    }
    const auto &body = m_request->get().body();
    if (m_wire.compose(body.data, body.data ? body.size : 0) == 0)
        written({}, 0); // nothing read yet: read the body's next piece
    else
        asyncWriteComposed(*m_upstream, m_wire, std::move(written));
}

void ClientConnection::onRequestWritten(beast::error_code ec)
{
    if (ec) {
        qCDebug(lcLb) << "writing the request to" << m_target->spec->id.c_str() << "failed:" << ec.message().c_str();
        upstreamFailed(upstreamTimedOut(ec) ? 504 : 502);
        return;
    }
    // Written as it is, the request is sent once the parser has read its last piece (each piece is
    // written before the next is read).
    m_requestSent = m_requestRaw ? m_request->is_done() : m_requestWriter->is_done();
    if (m_requestSent)
        readResponseHeader();
    else
        readRequestPiece();
}

void ClientConnection::readRequestPiece()
{
    m_request->get().body().data = m_piece.data();
    m_request->get().body().size = m_piece.size();
    setDeadline(Side::Client, idleTimeout());
    http::async_read_some(m_client, m_clientBuffer, *m_request,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              self->clearDeadline(Side::Client);
                              if (ec && !ignorable(ec)) { // the client went away or sent a broken body
                                  self->close();
                                  return;
                              }
                              const std::size_t n = self->m_piece.size() - self->m_request->get().body().size;
                              setPiece(self->m_request->get().body(), self->m_piece, n, !self->m_request->is_done());
                              self->m_requestBodySent = true;
                              self->writeRequestPiece();
                          });
}

void ClientConnection::readResponseHeader()
{
    m_response.emplace(std::piecewise_construct, std::make_tuple(), std::make_tuple(ArenaAllocator<char>(&m_arena)));
    m_response->body_limit(std::numeric_limits<std::uint64_t>::max());
    m_response->header_limit(std::uint32_t(std::min<std::size_t>(m_runtime->options().maxHeaderBytes, UINT32_MAX)));
    if (m_isHead)
        m_response->skip(true);
    setDeadline(Side::Upstream, idleTimeout());
    asyncReadHeader(*m_upstream, m_upstreamBuffer, *m_response,
                    [self = shared_from_this()](beast::error_code ec) { self->onResponseHeader(ec); });
}

void ClientConnection::onResponseHeader(beast::error_code ec)
{
    clearDeadline(Side::Upstream);
    if (upstreamTimedOut(ec)) {
        upstreamFailed(504);
        return;
    }
    if (ec) {
        // A pooled connection the target closed just as it was taken: send once more on a new
        // connection, when nothing of a body has been consumed (a request without body).
        const bool closedEarly = ec == http::error::end_of_stream || ec == asio::error::eof ||
                                 ec == asio::error::connection_reset || ec == asio::error::broken_pipe;
        if (closedEarly && m_upstreamReused && !m_retried && !m_requestHasBody && !m_response->got_some()) {
            qCDebug(lcLb) << "pooled connection to" << m_target->spec->id.c_str() << "was closed; sending again";
            m_retried = true;
            dropUpstream();
            connectUpstream();
            return;
        }
        qCDebug(lcLb) << "no response header from" << m_target->spec->id.c_str() << ":" << ec.message().c_str();
        upstreamFailed(502);
        return;
    }
    auto &res = m_response->get();
    const int status = int(res.result_int());
    if (status / 100 == 1) {
        if (status == 101) { // we never forward Upgrade, so a switch is a broken answer
            upstreamFailed(502);
            return;
        }
        readResponseHeader(); // an interim response (100 Continue, 103): wait for the real one
        return;
    }
    m_target->counters->recordResponse(status,
                                       std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - m_sentAt));

    // The parsed response goes to the client, its header rewritten in place: the client's HTTP
    // version, end-to-end fields only, the framing and Connection rebuilt.
    m_upstreamKeepAlive = res.keep_alive();
    const bool bodyless = m_isHead || status == 204 || status == 304;
    std::optional<std::string> bodylessLength; // a HEAD or 304 answer keeps the length it announced
    if (bodyless && status != 204)
        if (const auto length = res.find(http::field::content_length); length != res.end())
            bodylessLength.emplace(length->value());
    res.version(m_clientVersion);
    removeHopByHop(res.base());
    if (m_stickiness) {
        const auto expires = std::chrono::system_clock::now() + *m_stickiness;
        res.insert(http::field::set_cookie,
                   "AWSALBTG=" + m_group->stickyToken + "; Expires=" + httpDate(expires) + "; Path=/");
    }
    bool chunked = false; // the answer to the client is framed by chunks, written by Beast's serializer
    if (bodyless) {
        if (bodylessLength)
            res.set(http::field::content_length, *bodylessLength);
    } else if (const auto length = m_response->content_length()) {
        res.content_length(*length);
    } else if (res.version() >= 11) {
        res.chunked(true);
        chunked = true;
    } else {
        m_clientKeepAlive = false; // an HTTP/1.0 client: the end of the body is the end of the connection
    }
    if (!m_request->is_done())
        m_clientKeepAlive = false;
    res.keep_alive(m_clientKeepAlive);
    res.body().data = nullptr;
    res.body().size = 0;
    res.body().more = !m_response->is_done();
    m_responseRaw = !chunked;
    if (m_responseRaw)
        appendHeader(m_wire.head(), res);
    else
        m_responseWriter.emplace(res);
    // Body bytes that came with the header (a small answer usually comes whole) go out in the same
    // write as the header; otherwise the header goes first, so nothing waits for the target's body.
    if (!m_response->is_done() && m_upstreamBuffer.size() > 0)
        readResponsePiece();
    else
        writeResponsePiece();
}

void ClientConnection::writeResponsePiece()
{
    setDeadline(Side::Client, idleTimeout());
    auto written = [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onResponseWritten(ec); };
    if (!m_responseRaw) {
        asyncWriteSerialized(m_client, *m_responseWriter, m_wire, std::move(written));
        return;
    }
    const auto &body = m_response->get().body();
    if (m_wire.compose(body.data, body.data ? body.size : 0) == 0)
        written({}, 0); // nothing read yet: read the body's next piece
    else
        asyncWriteComposed(m_client, m_wire, std::move(written));
}

void ClientConnection::onResponseWritten(beast::error_code ec)
{
    clearDeadline(Side::Client);
    if (ec && !ignorable(ec)) { // the client went away: the target connection is in an unknown state
        close();
        return;
    }
    // Written as it is, the answer is done once the parser has read its last piece.
    if (!(m_responseRaw ? m_response->is_done() : m_responseWriter->is_done())) {
        readResponsePiece();
        return;
    }
    // Done: the target connection goes back to the pool when it can carry another request.
    const bool reusable =
        m_response->is_done() && m_upstreamKeepAlive && !m_response->need_eof() && m_requestSent;
    if (reusable && m_upstream) {
        m_runtime->pool().give(m_target->endpoint, std::move(*m_upstream));
        m_upstream.reset();
    } else {
        dropUpstream();
    }
    endExchange(m_clientKeepAlive);
}

void ClientConnection::readResponsePiece()
{
    m_response->get().body().data = m_piece.data();
    m_response->get().body().size = m_piece.size();
    if (m_upstreamBuffer.size() > 0) {
        // Body bytes already read with the header (a small answer comes whole) are parsed here, as
        // http::async_read_some would before reading, but without a trip through the executor.
        beast::error_code ec;
        m_upstreamBuffer.consume(m_response->put(m_upstreamBuffer.data(), ec));
        const bool pieceReady = m_piece.size() - m_response->get().body().size > 0 || m_response->is_done();
        if (ec != http::error::need_more || pieceReady) {
            onResponsePiece(ec == http::error::need_more ? beast::error_code{} : ec);
            return;
        }
        // need_more with nothing parsed (a chunk header cut short): read, as async_read_some would.
    }
    setDeadline(Side::Upstream, idleTimeout());
    http::async_read_some(*m_upstream, m_upstreamBuffer, *m_response,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              self->clearDeadline(Side::Upstream);
                              self->onResponsePiece(ec);
                          });
}

void ClientConnection::onResponsePiece(beast::error_code ec)
{
    if (ec && !ignorable(ec)) {
        // The target broke off in the middle of its body: the client already has the header, so
        // its connection ends here.
        ++m_target->counters->connectionErrors;
        close();
        return;
    }
    const std::size_t n = m_piece.size() - m_response->get().body().size;
    setPiece(m_response->get().body(), m_piece, n, !m_response->is_done());
    writeResponsePiece();
}

void ClientConnection::upstreamFailed(int status)
{
    if (m_target)
        ++m_target->counters->connectionErrors;
    dropUpstream();
    m_inFlight.release();
    answerElbError(status);
}

void ClientConnection::dropUpstream()
{
    clearDeadline(Side::Upstream);
    if (!m_upstream)
        return;
    beast::error_code ignored;
    m_upstream->shutdown(tcp::socket::shutdown_both, ignored);
    m_upstream->close(ignored);
    m_upstream.reset();
}

} // namespace fd::lb::detail
