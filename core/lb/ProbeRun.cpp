#include "lb/ProbeRun.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <memory>

namespace fd::lb {

const char *toString(ProbeResult::Outcome outcome)
{
    switch (outcome) {
    case ProbeResult::Outcome::Response:
        return "response";
    case ProbeResult::Outcome::Timeout:
        return "timeout";
    case ProbeResult::Outcome::Refused:
        return "refused";
    case ProbeResult::Outcome::Reset:
        return "reset";
    case ProbeResult::Outcome::BadAnswer:
        return "bad answer";
    case ProbeResult::Outcome::Error:
        return "error";
    }
    return "error";
}

} // namespace fd::lb

namespace fd::lb::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

class Probe : public std::enable_shared_from_this<Probe>
{
public:
    Probe(const asio::any_io_executor &executor, ProbeRequest request, std::function<void(ProbeResult)> done)
        : m_stream(executor), m_request(std::move(request)), m_done(std::move(done))
    {}

    void start()
    {
        m_started = std::chrono::steady_clock::now();
        beast::error_code ec;
        const auto address = asio::ip::make_address(m_request.host, ec);
        if (ec || m_request.port == 0) {
            finish(ProbeResult::Outcome::Error, 0,
                   m_request.host + ":" + std::to_string(m_request.port) + " is not an IP address and port");
            return;
        }
        m_stream.expires_after(m_request.timeout); // one deadline for connect, request and answer
        m_stream.async_connect(tcp::endpoint(address, m_request.port),
                               [self = shared_from_this()](beast::error_code ec) { self->onConnect(ec); });
    }

private:
    void onConnect(beast::error_code ec)
    {
        if (ec) {
            fail(ec);
            return;
        }
        m_out = std::make_unique<http::request<http::empty_body>>(http::verb::get, m_request.path, 11);
        m_out->set(http::field::host, m_request.host + ":" + std::to_string(m_request.port));
        m_out->set(http::field::user_agent, "ELB-HealthChecker/2.0");
        m_out->set(http::field::connection, "close");
        http::async_write(m_stream, *m_out, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) {
                self->fail(ec);
                return;
            }
            self->m_parser.body_limit(64 * 1024);
            http::async_read_header(self->m_stream, self->m_buffer, self->m_parser,
                                    [self](beast::error_code ec, std::size_t) { self->onHeader(ec); });
        });
    }

    void onHeader(beast::error_code ec)
    {
        if (ec) {
            fail(ec);
            return;
        }
        finish(ProbeResult::Outcome::Response, int(m_parser.get().result_int()), {});
    }

    void fail(beast::error_code ec)
    {
        if (ec == beast::error::timeout)
            finish(ProbeResult::Outcome::Timeout, 0, "Request timed out");
        else if (ec == asio::error::connection_refused)
            finish(ProbeResult::Outcome::Refused, 0, "connection refused");
        else if (ec == asio::error::connection_reset || ec == asio::error::eof || ec == http::error::end_of_stream ||
                 ec == asio::error::broken_pipe)
            finish(ProbeResult::Outcome::Reset, 0, "connection closed before a response: " + ec.message());
        else if (ec.category() == beast::error_code(http::error::bad_version).category()) // a Beast HTTP parse error
            finish(ProbeResult::Outcome::BadAnswer, 0, "not an HTTP response: " + ec.message());
        else
            finish(ProbeResult::Outcome::Error, 0, ec.message());
    }

    void finish(ProbeResult::Outcome outcome, int status, std::string detail)
    {
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        m_stream.close();
        ProbeResult result;
        result.outcome = outcome;
        result.statusCode = status;
        result.detail = std::move(detail);
        result.elapsed =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - m_started);
        auto done = std::move(m_done);
        if (done)
            done(std::move(result));
    }

    beast::tcp_stream m_stream;
    ProbeRequest m_request;
    std::function<void(ProbeResult)> m_done;
    std::chrono::steady_clock::time_point m_started;
    std::unique_ptr<http::request<http::empty_body>> m_out;
    beast::flat_buffer m_buffer;
    http::response_parser<http::empty_body> m_parser;
};

} // namespace

void startProbe(const asio::any_io_executor &executor, ProbeRequest request, std::function<void(ProbeResult)> done)
{
    auto probe = std::make_shared<Probe>(executor, std::move(request), std::move(done));
    asio::dispatch(executor, [probe] { probe->start(); });
}

} // namespace fd::lb::detail
