#include "lb/ClientConnection.h"

#include "lb/ErrorPages.h"
#include "lb/HeaderRewrite.h"
#include "lb/Redirect.h"
#include "lb/RuleMatcher.h"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/beast/http/string_body.hpp>
#include <limits>

namespace fd::lb::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

ClientConnection::ClientConnection(tcp::socket socket, std::shared_ptr<Runtime> runtime, std::uint16_t port)
    : m_client(std::move(socket)), m_runtime(std::move(runtime)), m_port(port),
      m_listenerCounters(m_runtime->listenerCounters(port)), m_deadlineTimer(m_client.get_executor())
{
    beast::error_code ec;
    const tcp::endpoint remote = m_client.remote_endpoint(ec);
    if (!ec) {
        const auto address = remote.address();
        m_clientIp = address.is_v6() && address.to_v6().is_v4_mapped()
                         ? asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string()
                         : address.to_string();
    }
    m_client.set_option(tcp::no_delay(true), ec);
    ++m_listenerCounters->activeConnections;
    ++m_listenerCounters->connections;
}

ClientConnection::~ClientConnection()
{
    --m_listenerCounters->activeConnections;
}

void ClientConnection::start()
{
    asio::dispatch(m_client.get_executor(), [self = shared_from_this()] { self->readHeader(); });
}

std::chrono::seconds ClientConnection::idleTimeout() const
{
    if (m_snapshot)
        if (const CompiledListener *listener = m_snapshot->listener(m_port))
            return listener->spec->idleTimeout;
    const std::shared_ptr<const Compiled> now = m_runtime->current();
    const CompiledListener *listener = now ? now->listener(m_port) : nullptr;
    return listener ? listener->spec->idleTimeout : std::chrono::seconds(60);
}

void ClientConnection::readHeader()
{
    // A new exchange: the previous one's parsers (and with them every field) are gone, so its
    // fields' memory can be used again.
    m_request.reset();
    if (!m_response)
        m_arena.reset();
    m_request.emplace(std::piecewise_construct, std::make_tuple(), std::make_tuple(ArenaAllocator<char>(&m_arena)));
    m_request->header_limit(std::uint32_t(std::min<std::size_t>(m_runtime->options().maxHeaderBytes, UINT32_MAX)));
    m_request->body_limit(std::numeric_limits<std::uint64_t>::max()); // bodies are relayed in pieces, never held whole
    setDeadline(Side::Client, std::min<std::chrono::milliseconds>(m_runtime->options().headerTimeout, idleTimeout()));
    asyncReadHeader(m_client, m_clientBuffer, *m_request,
                    [self = shared_from_this()](beast::error_code ec) { self->onHeader(ec); });
}

void ClientConnection::onHeader(beast::error_code ec)
{
    clearDeadline(Side::Client);
    if (ec && m_clientTimedOut) {
        // A client that started a request and did not finish its header in time (slowloris) gets
        // 408; an idle keep-alive connection is just closed.
        if (m_request->got_some() || m_clientBuffer.size() > 0) {
            m_clientKeepAlive = false;
            answerElbError(408);
        } else {
            close();
        }
        return;
    }
    if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
        ec == asio::error::operation_aborted) {
        close();
        return;
    }
    m_clientKeepAlive = false;
    if (ec == http::error::header_limit) {
        answerElbError(431);
        return;
    }
    if (ec) {
        answerElbError(400);
        return;
    }
    ++m_listenerCounters->requests;
    m_clientKeepAlive = m_request->get().keep_alive();
    m_clientVersion = m_request->get().version();
    route();
}

void ClientConnection::route()
{
    m_snapshot = m_runtime->current();
    const CompiledListener *listener = m_snapshot ? m_snapshot->listener(m_port) : nullptr;
    if (!listener) { // the listener was removed: its connections end
        close();
        return;
    }
    fillRequestView(m_view, m_request->get().base(), m_clientIp);
    const std::vector<Rule> &rules = listener->spec->rules;
    const Rule *rule = matchRule(rules, m_view);
    if (!rule) {
        answerElbError(503);
        return;
    }
    const std::size_t ruleIndex = std::size_t(rule - rules.data());
    if (const auto *f = std::get_if<ForwardAction>(&rule->action))
        forward(*f, ruleIndex);
    else if (const auto *r = std::get_if<RedirectAction>(&rule->action))
        answerRedirect(*r);
    else
        answerFixed(std::get<FixedResponseAction>(rule->action));
}

void ClientConnection::answerRedirect(const RedirectAction &action)
{
    const auto &req = m_request->get();
    const auto [path, query] = splitTarget(std::string_view(req.target().data(), req.target().size()));
    const auto host = req[http::field::host];
    OriginalUrl url;
    url.host = hostWithoutPort(std::string_view(host.data(), host.size()));
    url.port = m_port;
    url.path = path;
    url.query = query;
    http::response<http::string_body> res{http::int_to_status(unsigned(action.statusCode)), m_clientVersion};
    res.set(http::field::location, redirectLocation(action, url));
    ++m_listenerCounters->redirects;
    answerLocal(std::move(res));
}

void ClientConnection::answerFixed(const FixedResponseAction &action)
{
    http::response<http::string_body> res{http::int_to_status(unsigned(action.statusCode)), m_clientVersion};
    res.result(unsigned(action.statusCode));
    if (!action.contentType.empty())
        res.set(http::field::content_type, action.contentType);
    res.body() = action.body;
    ++m_listenerCounters->fixedResponses;
    answerLocal(std::move(res));
}

void ClientConnection::answerElbError(int status)
{
    const unsigned version = m_request && m_request->is_header_done() ? m_clientVersion : 11;
    http::response<http::string_body> res{http::int_to_status(unsigned(status)), version};
    res.result(unsigned(status));
    const std::string_view reason = elbReason(status);
    res.reason(beast::string_view(reason.data(), reason.size()));
    res.set(http::field::content_type, "text/html");
    res.body() = elbPage(status);
    m_listenerCounters->recordElbResponse(status);
    answerLocal(std::move(res));
}

void ClientConnection::answerLocal(http::response<http::string_body> response)
{
    auto res = std::make_shared<http::response<http::string_body>>(std::move(response));
    res->set(http::field::server, "awselb/2.0");
    // A request whose body was not read cannot be followed by another on this connection.
    const bool bodyLeft = !m_request || !m_request->is_header_done() || !m_request->is_done();
    if (bodyLeft)
        m_clientKeepAlive = false;
    res->keep_alive(m_clientKeepAlive);
    res->prepare_payload();
    if (m_request && m_request->is_header_done() && m_request->get().method() == http::verb::head)
        res->body().clear(); // HEAD: the header says the length, no body follows
    setDeadline(Side::Client, idleTimeout());
    http::async_write(m_client, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
        self->clearDeadline(Side::Client);
        self->endExchange(!ec && self->m_clientKeepAlive);
    });
}

void ClientConnection::endExchange(bool clientKeepAlive)
{
    m_inFlight.release();
    m_requestWriter.reset();
    m_responseWriter.reset();
    m_response.reset();
    m_group = nullptr;
    m_target = nullptr;
    m_snapshot.reset();
    m_retried = false;
    m_requestBodySent = false;
    m_requestSent = false;
    if (clientKeepAlive)
        readHeader();
    else
        close();
}

void ClientConnection::close()
{
    dropUpstream();
    m_inFlight.release();
    clearDeadline(Side::Client);
    beast::error_code ignored;
    m_client.shutdown(tcp::socket::shutdown_send, ignored);
    m_client.close(ignored);
    m_deadlineTimer.cancel();
}

} // namespace fd::lb::detail
