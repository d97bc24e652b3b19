#pragma once

// One client connection of a listener (internal): reads requests (keep-alive), routes each by the
// listener's rules and answers it: a fixed response, a redirect, an ELB error, or the target's
// response relayed (ClientForward.cpp). Bodies stream both ways in pieces; nothing is held whole.
// Everything runs on the connection's executor (a strand when the proxy has several threads).

#include "lb/Counters.h"
#include "lb/HeaderArena.h"
#include "lb/HeaderRead.h"
#include "lb/RequestView.h"
#include "lb/Runtime.h"
#include "lb/SerializedWrite.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fd::lb::detail {

class ClientConnection : public std::enable_shared_from_this<ClientConnection>
{
public:
    ClientConnection(boost::asio::ip::tcp::socket socket, std::shared_ptr<Runtime> runtime, std::uint16_t port);
    ~ClientConnection();

    void start();

private:
    using Clock = std::chrono::steady_clock;
    // Their fields live in m_arena (HeaderArena.h).
    using RequestParser = boost::beast::http::request_parser<boost::beast::http::buffer_body, ArenaAllocator<char>>;
    using ResponseParser = boost::beast::http::response_parser<boost::beast::http::buffer_body, ArenaAllocator<char>>;
    using RequestSerializer = boost::beast::http::request_serializer<boost::beast::http::buffer_body, ArenaFields>;
    using ResponseSerializer = boost::beast::http::response_serializer<boost::beast::http::buffer_body, ArenaFields>;

    // client side (ClientConnection.cpp)
    void readHeader();
    void onHeader(boost::beast::error_code ec);
    void route();
    void answerRedirect(const RedirectAction &action);
    void answerFixed(const FixedResponseAction &action);
    void answerElbError(int status);
    void answerLocal(boost::beast::http::response<boost::beast::http::string_body> response);
    void endExchange(bool clientKeepAlive);
    void close();
    std::chrono::seconds idleTimeout() const;

    // deadlines (ClientDeadlines.cpp). Each side has at most one deadline, set when an operation on
    // it starts and cleared when it completes. One timer per connection waits for the earliest; it is
    // re-armed only when a deadline comes earlier than the one it waits for, so the usual case (the
    // idle timeout pushed forward on every operation) costs a clock read, not a timer.
    enum class Side { Client, Upstream };
    void setDeadline(Side side, Clock::duration after);
    void clearDeadline(Side side);
    void waitForDeadline(Clock::time_point at);
    void onDeadlineTimer();
    // True when the upstream operation that ended with `ec` was cancelled by its deadline.
    bool upstreamTimedOut(boost::beast::error_code ec) const;

    // forwarding (ClientForward.cpp)
    void forward(const ForwardAction &action, std::size_t ruleIndex);
    void connectUpstream();
    void onUpstreamReady();
    void writeRequestPiece();
    void readRequestPiece();
    void onRequestWritten(boost::beast::error_code ec);
    void readResponseHeader();
    void onResponseHeader(boost::beast::error_code ec);
    void writeResponsePiece();
    void onResponseWritten(boost::beast::error_code ec);
    void readResponsePiece();
    void onResponsePiece(boost::beast::error_code ec);
    void upstreamFailed(int status);
    void dropUpstream();
    std::string stickyGroupFromCookie() const;

    HeaderArena m_arena; // before the parsers: they free into it
    boost::asio::ip::tcp::socket m_client;
    boost::beast::flat_buffer m_clientBuffer;
    std::shared_ptr<Runtime> m_runtime;
    std::uint16_t m_port;
    std::string m_clientIp;
    std::shared_ptr<ListenerCounters> m_listenerCounters;
    std::optional<RequestParser> m_request;
    RequestView m_view; // of m_request, for the rule matcher; kept for its capacity
    bool m_clientKeepAlive = true;
    unsigned m_clientVersion = 11; // of the current request, kept: the request is rewritten for the target
    // A client whose header deadline passes is owed a 408 (slowloris), so a deadline cancels the
    // pending operation rather than closing the socket.
    boost::asio::steady_timer m_deadlineTimer;
    Clock::time_point m_clientDeadline = Clock::time_point::max();
    Clock::time_point m_upstreamDeadline = Clock::time_point::max();
    bool m_clientTimedOut = false;
    bool m_upstreamTimedOut = false;

    // the current exchange with a target
    std::shared_ptr<const Compiled> m_snapshot; // keeps the configuration of this request alive
    const CompiledGroup *m_group = nullptr;
    const CompiledTarget *m_target = nullptr;
    std::optional<std::chrono::seconds> m_stickiness;
    InFlightGuard m_inFlight;
    std::optional<boost::asio::ip::tcp::socket> m_upstream;
    bool m_upstreamReused = false;
    bool m_upstreamKeepAlive = false; // the target's answer allows another request on its connection
    bool m_retried = false;
    bool m_requestHasBody = false;
    bool m_requestBodySent = false;
    // Whether a side's message is written by the proxy itself (its header by appendHeader(), its body
    // as it is) rather than by a Beast serializer: when no chunked framing has to be produced.
    bool m_requestRaw = false;
    bool m_responseRaw = false;
    bool m_requestSent = false; // the whole request, header and body, has been written to the target
    bool m_isHead = false;
    Clock::time_point m_sentAt;
    boost::beast::flat_buffer m_upstreamBuffer;
    std::optional<RequestSerializer> m_requestWriter;
    std::optional<ResponseParser> m_response;
    std::optional<ResponseSerializer> m_responseWriter;
    std::vector<char> m_piece;
    WireBuffer m_wire; // what is being written to either side (one write at a time)
};

} // namespace fd::lb::detail
