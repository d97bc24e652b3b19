#include "LbTestBackend.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

namespace lbtest {

class BackendSession : public std::enable_shared_from_this<BackendSession>
{
public:
    BackendSession(tcp::socket socket, Backend &owner) : m_stream(std::move(socket)), m_owner(owner) {}

    void read()
    {
        m_parser.emplace();
        m_parser->body_limit(1ull << 32);
        http::async_read(m_stream, m_buffer, *m_parser, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (!ec)
                self->handle();
        });
    }

private:
    void handle()
    {
        ++m_owner.m_requests;
        m_req = m_parser->release();
        const std::string target(m_req.target());
        if (target.rfind("/delay/", 0) == 0) {
            auto timer = std::make_shared<asio::steady_timer>(m_stream.get_executor());
            timer->expires_after(std::chrono::milliseconds(std::stoi(target.substr(7))));
            timer->async_wait(
                [self = shared_from_this(), timer](beast::error_code) { self->answer(self->m_owner.m_name); });
        } else if (target == "/headers") {
            std::string body;
            for (const auto &f : m_req)
                body += std::string(f.name_string()) + ": " + std::string(f.value()) + "\n";
            auto res = make(body);
            res->set(http::field::connection, "X-Hop");
            res->set("X-Hop", "1");
            res->set("Keep-Alive", "timeout=99");
            res->set("X-End-To-End", "kept");
            send(res);
        } else if (target == "/garbage") {
            auto junk = std::make_shared<std::string>("THIS IS NOT HTTP\r\n\r\n");
            asio::async_write(m_stream, asio::buffer(*junk),
                              [self = shared_from_this(), junk](beast::error_code, std::size_t) {
                                  beast::error_code ignored;
                                  self->m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
                              });
        } else if (target == "/reset") {
            beast::error_code ignored;
            m_stream.socket().set_option(asio::socket_base::linger(true, 0), ignored);
            m_stream.socket().close(ignored);
        } else if (target == "/echo-size") {
            std::uint64_t sum = 0;
            for (unsigned char c : m_req.body())
                sum += c;
            answer(std::to_string(m_req.body().size()) + " " + std::to_string(sum));
        } else if (target.rfind("/big/", 0) == 0) {
            const std::size_t n = std::stoull(target.substr(5));
            std::string body(n, '\0');
            for (std::size_t i = 0; i < n; ++i)
                body[i] = char(i % 251);
            answer(std::move(body));
        } else if (target == "/close-soon") {
            // Answers keep-alive, then closes the idle connection 100 ms later (as a target whose
            // keep-alive timeout is short does).
            auto res = make(m_owner.m_name);
            http::async_write(m_stream, *res, [self = shared_from_this(), res](beast::error_code, std::size_t) {
                auto timer = std::make_shared<asio::steady_timer>(self->m_stream.get_executor());
                timer->expires_after(std::chrono::milliseconds(100));
                timer->async_wait([self, timer](beast::error_code) {
                    beast::error_code ignored;
                    self->m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
                    self->m_stream.socket().close(ignored);
                });
            });
        } else if (target == "/trickle") {
            trickle();
        } else {
            answer(m_owner.m_name);
        }
    }

    std::shared_ptr<http::response<http::string_body>> make(std::string body)
    {
        auto res = std::make_shared<http::response<http::string_body>>(http::status::ok, m_req.version());
        res->set(http::field::content_type, "text/plain");
        res->set("X-Backend", m_owner.m_name);
        res->body() = std::move(body);
        res->keep_alive(m_req.keep_alive());
        res->prepare_payload();
        return res;
    }

    void answer(std::string body) { send(make(std::move(body))); }

    void send(std::shared_ptr<http::response<http::string_body>> res)
    {
        http::async_write(m_stream, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
            if (!ec && res->keep_alive())
                self->read();
        });
    }

    // A chunked answer whose second chunk waits for Backend::release() (checked every 10 ms).
    void trickle()
    {
        auto text =
            std::make_shared<std::string>("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                                          "5\r\npart1\r\n");
        asio::async_write(
            m_stream, asio::buffer(*text), [self = shared_from_this(), text](beast::error_code ec, std::size_t) {
                if (!ec)
                    self->waitForRelease(std::make_shared<asio::steady_timer>(self->m_stream.get_executor()), 1000);
            });
    }

    void waitForRelease(std::shared_ptr<asio::steady_timer> timer, int triesLeft)
    {
        if (m_owner.m_released || triesLeft == 0) {
            auto rest = std::make_shared<std::string>("5\r\npart2\r\n0\r\n\r\n");
            asio::async_write(m_stream, asio::buffer(*rest),
                              [self = shared_from_this(), rest](beast::error_code, std::size_t) {
                                  beast::error_code ignored;
                                  self->m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
                              });
            return;
        }
        timer->expires_after(std::chrono::milliseconds(10));
        timer->async_wait([self = shared_from_this(), timer, triesLeft](beast::error_code) {
            self->waitForRelease(timer, triesLeft - 1);
        });
    }

    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    http::request<http::string_body> m_req;
    Backend &m_owner;
};

Backend::Backend(std::string name) : m_name(std::move(name))
{
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    m_acceptor.open(endpoint.protocol());
    m_acceptor.bind(endpoint);
    m_acceptor.listen();
    m_port = m_acceptor.local_endpoint().port();
    accept();
    m_thread = std::thread([this] { m_io.run(); });
}

Backend::~Backend()
{
    m_io.stop();
    m_thread.join();
}

void Backend::accept()
{
    m_acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
        if (ec)
            return;
        ++m_connections;
        std::make_shared<BackendSession>(std::move(socket), *this)->read();
        accept();
    });
}

Client::Client(std::uint16_t port) : m_port(port)
{
    beast::error_code ec;
    m_stream.socket().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    m_connected = !ec;
}

template<typename Op> bool Client::runFor(std::chrono::milliseconds timeout, Op &&start)
{
    bool done = false;
    start(done);
    m_io.restart();
    m_io.run_for(timeout);
    if (!done) {
        beast::error_code ignored;
        m_stream.socket().cancel(ignored);
        m_io.restart();
        m_io.run(); // let the cancelled handlers finish before their buffers go away
    }
    return done;
}

std::optional<http::response<http::string_body>> Client::send(http::request<http::string_body> req,
                                                              std::chrono::milliseconds timeout)
{
    if (!req.count(http::field::host))
        req.set(http::field::host, "127.0.0.1:" + std::to_string(m_port));
    if (!req.chunked())
        req.prepare_payload();
    http::response_parser<http::string_body> parser;
    parser.body_limit(1ull << 32);
    if (req.method() == http::verb::head)
        parser.skip(true);
    beast::error_code result = asio::error::timed_out;
    runFor(timeout, [&](bool &done) {
        http::async_write(m_stream, req, [&](beast::error_code ec, std::size_t) {
            if (ec) {
                result = ec;
                done = true;
                return;
            }
            http::async_read(m_stream, m_buffer, parser, [&](beast::error_code ec, std::size_t) {
                result = ec;
                done = true;
            });
        });
    });
    if (result)
        return std::nullopt;
    return parser.release();
}

std::optional<http::response<http::string_body>> Client::get(const std::string &target,
                                                             std::chrono::milliseconds timeout)
{
    return send(http::request<http::string_body>(http::verb::get, target, 11), timeout);
}

bool Client::write(const std::string &bytes)
{
    beast::error_code ec;
    asio::write(m_stream.socket(), asio::buffer(bytes), ec);
    return !ec;
}

std::string Client::raw(const std::string &bytes, std::chrono::milliseconds timeout)
{
    if (!write(bytes))
        return {};
    return readUntil("\x01never\x02", timeout);
}

std::string Client::readUntil(const std::string &needle, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char chunk[4096];
    while (m_received.find(needle) == std::string::npos) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            break;
        bool closed = false;
        runFor(left, [&](bool &done) {
            m_stream.socket().async_read_some(asio::buffer(chunk), [&](beast::error_code ec, std::size_t n) {
                m_received.append(chunk, n);
                closed = bool(ec);
                done = true;
            });
        });
        if (closed)
            break;
    }
    return m_received;
}

} // namespace lbtest
