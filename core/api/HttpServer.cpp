#include "HttpServer.h"

#include <QLoggingCategory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>

#include <atomic>
#include <thread>

namespace fd::api {

Q_LOGGING_CATEGORY(lcHttp, "fleetdeck.api.http")

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kMaxBodyBytes = 16 * 1024 * 1024;
constexpr auto kIdleTimeout = std::chrono::seconds(120);

class Session : public std::enable_shared_from_this<Session>
{
public:
    Session(tcp::socket socket, const Handler &handler) : m_stream(std::move(socket)), m_handler(handler) {}

    void start() { asio::dispatch(m_stream.get_executor(), [self = shared_from_this()] { self->read(); }); }

private:
    void read()
    {
        m_parser.emplace();
        m_parser->body_limit(kMaxBodyBytes);
        m_stream.expires_after(kIdleTimeout);
        http::async_read(m_stream, m_buffer, *m_parser,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onRead(ec); });
    }

    void onRead(beast::error_code ec)
    {
        if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::connection_reset) {
            close();
            return;
        }
        if (ec) {
            // A request we cannot frame gets a plain 400 naming the problem, then the connection closes.
            HttpResponse bad;
            bad.status = 400;
            bad.headers["content-type"] = "text/plain";
            bad.body = "bad HTTP request: " + ec.message() + "\n";
            m_keepAlive = false;
            write(std::move(bad));
            return;
        }
        http::request<http::string_body> req = m_parser->release();
        m_keepAlive = req.keep_alive();
        m_version = req.version();
        HttpRequest r;
        r.method = std::string(req.method_string());
        r.target = std::string(req.target());
        for (const auto &field : req) {
            std::string name(field.name_string());
            std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
            r.headers[name] = std::string(field.value());
        }
        r.body = std::move(req.body());
        auto executor = m_stream.get_executor();
        m_handler(std::move(r), [self = shared_from_this(), executor](HttpResponse resp) {
            asio::post(executor, [self, resp = std::move(resp)]() mutable { self->write(std::move(resp)); });
        });
    }

    void write(HttpResponse resp)
    {
        auto res = std::make_shared<http::response<http::string_body>>(http::status(resp.status), m_version);
        res->set(http::field::server, "Fleetdeck/" FLEETDECK_VERSION);
        for (const auto &[name, value] : resp.headers)
            res->set(name, value);
        res->body() = std::move(resp.body);
        res->keep_alive(m_keepAlive);
        res->prepare_payload();
        m_stream.expires_after(kIdleTimeout);
        http::async_write(m_stream, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
            if (ec || !self->m_keepAlive) {
                self->close();
                return;
            }
            self->read();
        });
    }

    void close()
    {
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    const Handler &m_handler;
    bool m_keepAlive = true;
    unsigned m_version = 11;
};

} // namespace

struct HttpServer::Impl
{
    explicit Impl(Handler h) : handler(std::move(h)), acceptor(io) {}

    void accept()
    {
        acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
            if (ec == asio::error::operation_aborted)
                return;
            if (!ec)
                std::make_shared<Session>(std::move(socket), handler)->start();
            accept();
        });
    }

    Handler handler;
    asio::io_context io;
    tcp::acceptor acceptor;
    std::thread thread;
    std::atomic<quint16> port{0};
};

HttpServer::HttpServer(Handler handler) : d(std::make_unique<Impl>(std::move(handler))) {}

HttpServer::~HttpServer()
{
    stop();
}

Status HttpServer::listen(const QString &address, quint16 port)
{
    beast::error_code ec;
    const auto addr = asio::ip::make_address(address.toStdString(), ec);
    if (ec)
        return makeError(QStringLiteral("ServerException"), QStringLiteral("%1 is not an IP address").arg(address));
    const tcp::endpoint endpoint(addr, port);
    d->acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        d->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        d->acceptor.bind(endpoint, ec);
    if (!ec)
        d->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        beast::error_code ignored;
        d->acceptor.close(ignored);
        const QString why = ec == asio::error::address_in_use
                                ? QStringLiteral("the port is already in use")
                                : QString::fromStdString(ec.message());
        return makeError(QStringLiteral("ServerException"),
                         QStringLiteral("cannot listen on %1:%2: %3").arg(address).arg(port).arg(why));
    }
    d->port = d->acceptor.local_endpoint().port();
    d->accept();
    d->thread = std::thread([this] { d->io.run(); });
    qCInfo(lcHttp) << "listening on" << address << d->port.load();
    return Ok{};
}

void HttpServer::stop()
{
    if (!d->thread.joinable())
        return;
    asio::post(d->io, [this] {
        beast::error_code ignored;
        d->acceptor.close(ignored);
    });
    d->io.stop();
    d->thread.join();
}

quint16 HttpServer::port() const
{
    return d->port;
}

} // namespace fd::api
