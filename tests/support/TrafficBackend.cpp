// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
#pragma GCC diagnostic ignored "-Wmismatched-new-delete" // GCC 12 false positive on Asio's frames

#include "TrafficBackend.h"

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <mutex>
#include <thread>

namespace fd::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct TrafficBackend::Impl : std::enable_shared_from_this<TrafficBackend::Impl>
{
    asio::io_context io{1};
    tcp::acceptor acceptor{io};
    std::thread thread;
    std::uint16_t port = 0;
    mutable std::mutex mutex;
    std::vector<Task> tasks{{"task-0", "1", "blue"}};
    std::map<std::string, Behaviour> behaviours;
    std::chrono::milliseconds delay{0};
    std::atomic<std::int64_t> requests{0};
    std::atomic<std::int64_t> connections{0};

    asio::awaitable<void> accept()
    {
        for (;;) {
            beast::error_code ec;
            tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
            if (ec)
                co_return;
            ++connections;
            asio::co_spawn(io, serve(std::move(socket)), asio::detached);
        }
    }

    asio::awaitable<void> serve(tcp::socket socket)
    {
        beast::flat_buffer buffer;
        beast::error_code ec;
        for (;;) {
            http::request<http::string_body> req;
            co_await http::async_read(socket, buffer, req, asio::redirect_error(asio::use_awaitable, ec));
            if (ec)
                co_return;
            const std::int64_t n = requests++;
            Task task;
            Behaviour behaviour = Behaviour::Answer;
            std::chrono::milliseconds wait{0};
            {
                std::lock_guard lock(mutex);
                task = tasks[std::size_t(n) % tasks.size()];
                const auto it = behaviours.find(std::string(req.target()));
                if (it != behaviours.end())
                    behaviour = it->second;
                wait = delay;
            }
            if (wait.count() > 0) {
                asio::steady_timer timer(io, wait);
                co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            }
            if (behaviour == Behaviour::Reset) {
                socket.set_option(asio::socket_base::linger(true, 0), ec);
                socket.close(ec);
                co_return;
            }
            if (behaviour == Behaviour::Hang) {
                // Holds the connection until the client gives up.
                char byte = 0;
                co_await socket.async_read_some(asio::buffer(&byte, 1), asio::redirect_error(asio::use_awaitable, ec));
                co_return;
            }
            const bool failing = behaviour == Behaviour::Status500;
            const bool missing = behaviour == Behaviour::Status404;
            http::response<http::string_body> res{failing   ? http::status::internal_server_error
                                                  : missing ? http::status::not_found
                                                            : http::status::ok,
                                                  req.version()};
            res.set(http::field::content_type, "text/plain");
            res.set("X-Task-Id", task.id);
            res.set("X-Revision", task.revision);
            res.set("X-Colour", task.colour);
            res.body() = failing ? "failing\n" : missing ? "not found\n" : "ok\n";
            res.keep_alive(req.keep_alive());
            res.prepare_payload();
            co_await http::async_write(socket, res, asio::redirect_error(asio::use_awaitable, ec));
            if (ec || !req.keep_alive())
                co_return;
            if (behaviour == Behaviour::AnswerThenClose) {
                socket.shutdown(tcp::socket::shutdown_both, ec);
                socket.close(ec);
                co_return;
            }
        }
    }
};

TrafficBackend::TrafficBackend() : d(std::make_shared<Impl>())
{}

TrafficBackend::~TrafficBackend()
{
    asio::post(d->io, [impl = d] {
        beast::error_code ignored;
        impl->acceptor.close(ignored);
    });
    d->io.stop();
    if (d->thread.joinable())
        d->thread.join();
}

bool TrafficBackend::start()
{
    beast::error_code ec;
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    d->acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        d->acceptor.bind(endpoint, ec);
    if (!ec)
        d->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return false;
    d->port = d->acceptor.local_endpoint().port();
    asio::co_spawn(d->io, d->accept(), asio::detached);
    d->thread = std::thread([impl = d] { impl->io.run(); });
    return true;
}

std::uint16_t TrafficBackend::port() const
{
    return d->port;
}

QString TrafficBackend::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(d->port).arg(path);
}

void TrafficBackend::setTasks(std::vector<Task> tasks)
{
    std::lock_guard lock(d->mutex);
    if (!tasks.empty())
        d->tasks = std::move(tasks);
}

void TrafficBackend::setBehaviour(const std::string &path, Behaviour behaviour)
{
    std::lock_guard lock(d->mutex);
    d->behaviours[path] = behaviour;
}

void TrafficBackend::setDelay(std::chrono::milliseconds delay)
{
    std::lock_guard lock(d->mutex);
    d->delay = delay;
}

std::int64_t TrafficBackend::requestsSeen() const
{
    return d->requests.load();
}

std::int64_t TrafficBackend::connectionsAccepted() const
{
    return d->connections.load();
}

} // namespace fd::test
