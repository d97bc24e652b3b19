#pragma once

// In-process HTTP targets and a client for the load balancer's proxy tests: real sockets on
// 127.0.0.1, Boost.Beast on a thread of their own. What a target answers depends on the path:
//   /delay/<ms>     its name after <ms> milliseconds
//   /headers        the request's header fields, one "name: value" a line (and a hop-by-hop field
//                   of its own in the response, named in Connection, plus Keep-Alive)
//   /garbage        bytes that are not HTTP, then close
//   /reset          a TCP reset instead of an answer
//   /echo-size      "<bytes> <sum>" of the request body (bytes and the sum of their values)
//   /big/<bytes>    a body of <bytes> bytes, byte i = i % 251
//   /close-soon     its name (keep-alive), then it closes the connection 100 ms later
//   /trickle        a chunked body: "part1", then "part2" only after release() is called
//   anything else   its name
// Every target counts the requests and the connections it got.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace lbtest {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class Backend
{
public:
    explicit Backend(std::string name);
    ~Backend();

    std::uint16_t port() const { return m_port; }
    const std::string &name() const { return m_name; }
    int requests() const { return m_requests; }
    int connections() const { return m_connections; }
    void release() { m_released = true; } // lets /trickle send its second part

private:
    friend class BackendSession;
    void accept();

    std::string m_name;
    asio::io_context m_io;
    tcp::acceptor m_acceptor{m_io};
    std::uint16_t m_port = 0;
    std::thread m_thread;
    std::atomic<int> m_requests{0};
    std::atomic<int> m_connections{0};
    std::atomic<bool> m_released{false};
};

// One HTTP/1.1 client connection, driven synchronously with a deadline per call.
class Client
{
public:
    explicit Client(std::uint16_t port);
    bool connected() const { return m_connected; }

    // Sends `req` (Host and Content-Length set when missing) and reads the whole answer; nullopt
    // on error or when `timeout` passes.
    std::optional<http::response<http::string_body>> send(http::request<http::string_body> req,
                                                          std::chrono::milliseconds timeout = std::chrono::seconds(10));
    std::optional<http::response<http::string_body>> get(const std::string &target,
                                                         std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Raw bytes out; whatever comes back within `timeout` (until the peer closes).
    std::string raw(const std::string &bytes, std::chrono::milliseconds timeout);
    // Writes raw bytes without waiting for anything.
    bool write(const std::string &bytes);
    // Reads until `needle` appears in what came back or `timeout` passes.
    std::string readUntil(const std::string &needle, std::chrono::milliseconds timeout);

    beast::tcp_stream &stream() { return m_stream; }

private:
    template<typename Op> bool runFor(std::chrono::milliseconds timeout, Op &&start);

    asio::io_context m_io;
    beast::tcp_stream m_stream{m_io};
    beast::flat_buffer m_buffer;
    std::string m_received;
    bool m_connected = false;
    std::uint16_t m_port;
};

} // namespace lbtest
