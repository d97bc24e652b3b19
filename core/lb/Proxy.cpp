#include "lb/Proxy.h"

#include "lb/ClientConnection.h"
#include "lb/ProbeRun.h"
#include "lb/Runtime.h"

#include <QLoggingCategory>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <thread>

namespace fd::lb {

Q_LOGGING_CATEGORY(lcLb, "fleetdeck.lb")

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// One open listener: its acceptor (on a strand of its own) accepting until closed.
struct OpenListener : std::enable_shared_from_this<OpenListener>
{
    OpenListener(asio::io_context &io, std::uint16_t configuredPort)
        : strand(asio::make_strand(io)), acceptor(strand), port(configuredPort)
    {}

    void accept(asio::io_context &io, int threads, std::shared_ptr<detail::Runtime> runtime)
    {
        const asio::any_io_executor peer =
            threads > 1 ? asio::any_io_executor(asio::make_strand(io)) : asio::any_io_executor(io.get_executor());
        acceptor.async_accept(peer, [self = shared_from_this(), &io, threads, runtime](boost::system::error_code ec,
                                                                                       tcp::socket socket) mutable {
            if (ec == asio::error::operation_aborted || !self->acceptor.is_open())
                return;
            if (!ec)
                std::make_shared<detail::ClientConnection>(std::move(socket), runtime, self->port)->start();
            self->accept(io, threads, std::move(runtime));
        });
    }

    asio::strand<asio::io_context::executor_type> strand;
    tcp::acceptor acceptor;
    std::uint16_t port; // as configured (the key of the listener in the snapshot)
    std::uint16_t boundPort = 0;
};

// True when `port` can be bound on `address` now.
bool portFree(const asio::ip::address &address, std::uint16_t port)
{
    asio::io_context io;
    tcp::acceptor probe(io);
    boost::system::error_code ec;
    probe.open(address.is_v6() ? tcp::v6() : tcp::v4(), ec);
    if (!ec)
        probe.bind({address, port}, ec);
    return !ec;
}

std::uint16_t suggestPort(const asio::ip::address &address, std::uint16_t from)
{
    for (unsigned p = std::max<unsigned>(from, 1024); p < 65536 && p < unsigned(from) + 200u + 1024u; ++p)
        if (portFree(address, std::uint16_t(p)))
            return std::uint16_t(p);
    return 0;
}

Error portError(const std::string &bindAddress, const asio::ip::address &address, std::uint16_t port,
                boost::system::error_code ec)
{
    const QString where = QStringLiteral("%1:%2").arg(QString::fromStdString(bindAddress)).arg(port);
    QString message;
    if (ec == asio::error::access_denied) {
        const std::uint16_t suggestion = suggestPort(address, std::uint16_t(port + 8000 < 65536 ? port + 8000 : 8080));
        message = QStringLiteral("cannot listen on %1: ports below 1024 need privileges this process does not have; "
                                 "use a port from 1024 to 65535")
                      .arg(where);
        if (suggestion)
            message += QStringLiteral(", for example %1 (free now)").arg(suggestion);
    } else if (ec == asio::error::address_in_use) {
        const std::uint16_t suggestion = suggestPort(address, std::uint16_t(port < 65535 ? port + 1 : 1024));
        message = QStringLiteral("cannot listen on %1: the port is already in use by another program").arg(where);
        if (suggestion)
            message += QStringLiteral("; port %1 is free now").arg(suggestion);
    } else {
        message = QStringLiteral("cannot listen on %1: %2").arg(where, QString::fromStdString(ec.message()));
    }
    return makeError(QStringLiteral("PortUnavailable"), message, QStringLiteral("Port"));
}

} // namespace

std::optional<Error> checkListenPort(const std::string &bindAddress, std::uint16_t port)
{
    boost::system::error_code ec;
    const asio::ip::address address = asio::ip::make_address(bindAddress, ec);
    if (ec)
        return makeError(QStringLiteral("PortUnavailable"),
                         QStringLiteral("cannot listen on %1: not an IP address").arg(QString::fromStdString(bindAddress)),
                         QStringLiteral("Port"));
    asio::io_context io;
    tcp::acceptor probe(io);
    probe.open(address.is_v6() ? tcp::v6() : tcp::v4(), ec);
    if (!ec)
        probe.bind({address, port}, ec);
    if (!ec)
        return std::nullopt;
    return portError(bindAddress, address, port, ec);
}

struct Proxy::Impl
{
    explicit Impl(ProxyOptions o)
        : runtime(std::make_shared<detail::Runtime>(std::move(o))), io(concurrencyHint(runtime->options().threads)),
          work(io.get_executor())
    {}

    // Several threads: their count, Asio's usual hint. One thread: the scheduler and descriptor
    // registration keep their locks (apply() opens acceptors and posts, probe() posts, from other
    // threads), but a socket's I/O state is left unlocked: every read, write, cancel and close of a
    // socket runs on the proxy's one thread (apply() closes acceptors by posting to it), which is
    // what BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO requires. That is two lock round trips less per
    // operation, about eight per proxied request.
    static int concurrencyHint(int threads)
    {
        return threads > 1 ? threads : BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO;
    }

    std::optional<ListenerError> open(const Listener &listener);

    // Declared before io: destroyed after it, when no connection can use the pool any more.
    std::shared_ptr<detail::Runtime> runtime;
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work;
    std::vector<std::thread> threads;
    mutable std::mutex mutex; // apply() and the listener map
    std::map<std::uint16_t, std::shared_ptr<OpenListener>> listeners;
};

std::optional<ListenerError> Proxy::Impl::open(const Listener &listener)
{
    const ProxyOptions &options = runtime->options();
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(options.bindAddress, ec);
    if (ec)
        return ListenerError{listener.port, listener.id,
                             makeError(QStringLiteral("PortUnavailable"),
                                       QStringLiteral("the bind address %1 is not an IP address")
                                           .arg(QString::fromStdString(options.bindAddress)),
                                       QStringLiteral("Port"))};
    auto open = std::make_shared<OpenListener>(io, listener.port);
    const tcp::endpoint endpoint(address, listener.port);
    open->acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        open->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        open->acceptor.bind(endpoint, ec);
    if (!ec)
        open->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        ListenerError error{listener.port, listener.id, portError(options.bindAddress, address, listener.port, ec)};
        qCWarning(lcLb).noquote() << error.error.message;
        return error;
    }
    open->boundPort = open->acceptor.local_endpoint(ec).port();
    listeners[listener.port] = open;
    const int threadCount = options.threads;
    asio::post(open->strand, [open, this, threadCount] { open->accept(io, threadCount, runtime); });
    qCInfo(lcLb) << "listener open on" << QString::fromStdString(options.bindAddress) << open->boundPort;
    return std::nullopt;
}

Proxy::Proxy(ProxyOptions options) : d(std::make_unique<Impl>(std::move(options)))
{
    d->runtime->install(std::make_shared<Table>());
    const int count = std::max(1, d->runtime->options().threads);
    for (int i = 0; i < count; ++i)
        d->threads.emplace_back([this] { d->io.run(); });
}

Proxy::~Proxy()
{
    {
        std::lock_guard lock(d->mutex);
        for (auto &[port, open] : d->listeners)
            asio::post(open->strand, [open] {
                boost::system::error_code ignored;
                open->acceptor.close(ignored);
            });
    }
    d->work.reset();
    d->io.stop();
    for (std::thread &t : d->threads)
        t.join();
    d->runtime->pool().clear();
    d->listeners.clear();
}

std::vector<ListenerError> Proxy::apply(std::shared_ptr<const Table> table)
{
    if (!table)
        table = std::make_shared<Table>();
    std::lock_guard lock(d->mutex);
    d->runtime->install(table);
    for (auto it = d->listeners.begin(); it != d->listeners.end();) {
        if (table->findListener(it->first)) {
            ++it;
            continue;
        }
        auto open = it->second;
        asio::post(open->strand, [open] {
            boost::system::error_code ignored;
            open->acceptor.close(ignored);
        });
        qCInfo(lcLb) << "listener closed on" << open->boundPort;
        it = d->listeners.erase(it);
    }
    std::vector<ListenerError> errors;
    for (const Listener &listener : table->listeners)
        if (!d->listeners.count(listener.port))
            if (auto error = d->open(listener))
                errors.push_back(std::move(*error));
    return errors;
}

std::shared_ptr<const Table> Proxy::table() const
{
    const auto compiled = d->runtime->current();
    return compiled ? compiled->table : nullptr;
}

ProxyStats Proxy::stats() const
{
    ProxyStats out;
    const auto compiled = d->runtime->current();
    if (!compiled)
        return out;
    {
        std::lock_guard lock(d->mutex);
        for (const auto &[port, listener] : compiled->listeners) {
            ListenerStats s;
            s.listenerId = listener.spec->id;
            s.loadBalancerId = listener.spec->loadBalancerId;
            s.port = port;
            s.open = d->listeners.count(port) > 0;
            listener.counters->snapshotInto(s);
            out.listeners.push_back(std::move(s));
        }
    }
    for (const TargetGroup &group : compiled->table->targetGroups) {
        const detail::CompiledGroup *g = compiled->group(group.id);
        for (const detail::CompiledTarget &t : g->targets) {
            TargetStats s;
            s.targetGroupId = group.id;
            s.targetId = t.spec->id;
            t.counters->snapshotInto(s);
            out.targets.push_back(std::move(s));
        }
    }
    return out;
}

std::optional<TargetStats> Proxy::targetStats(const std::string &targetGroupId, const std::string &targetId) const
{
    const auto compiled = d->runtime->current();
    const detail::CompiledGroup *g = compiled ? compiled->group(targetGroupId) : nullptr;
    if (!g)
        return std::nullopt;
    for (const detail::CompiledTarget &t : g->targets) {
        if (t.spec->id != targetId)
            continue;
        TargetStats s;
        s.targetGroupId = targetGroupId;
        s.targetId = targetId;
        t.counters->snapshotInto(s);
        return s;
    }
    return std::nullopt;
}

bool Proxy::earlierTablesReleased() const
{
    return d->runtime->earlierSnapshotsReleased();
}

std::uint64_t Proxy::inFlight(const std::string &targetGroupId, const std::string &targetId) const
{
    const auto s = targetStats(targetGroupId, targetId);
    return s ? s->inFlight : 0;
}

std::uint16_t Proxy::boundPort(std::uint16_t configuredPort) const
{
    std::lock_guard lock(d->mutex);
    const auto it = d->listeners.find(configuredPort);
    return it == d->listeners.end() ? 0 : it->second->boundPort;
}

void Proxy::probe(ProbeRequest request, std::function<void(ProbeResult)> done)
{
    detail::startProbe(asio::make_strand(d->io), std::move(request), std::move(done));
}

const ProxyOptions &Proxy::options() const
{
    return d->runtime->options();
}

} // namespace fd::lb
