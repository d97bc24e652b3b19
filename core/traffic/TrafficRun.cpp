// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>
// GCC 12 takes Asio's coroutine frame allocator (a sized operator delete paired with its own
// operator new) for a mismatch: a known false positive.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

#include "TrafficRecorder.h"
#include "TrafficRun.h"

#include <QLoggingCategory>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <vector>

namespace fd::traffic {

Q_LOGGING_CATEGORY(lcTraffic, "fleetdeck.traffic")

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr std::uint64_t kMaxBodyBytes = 8 * 1024 * 1024;

/// One worker's connection; a new stream for every connection, so nothing of a closed one lingers.
struct Connection
{
    Connection(asio::io_context &io, http::request<http::empty_body> request)
        : io(io), pace(io), request(std::move(request))
    {}
    asio::io_context &io;
    std::optional<beast::tcp_stream> stream;
    beast::flat_buffer buffer;
    asio::steady_timer pace;
    /// This worker's own request: a write in progress reads the message it was given, so workers
    /// must not share one whose target another changes meanwhile.
    http::request<http::empty_body> request;
    std::int64_t answered = 0; ///< answers on the current connection
    std::string lastTask;
    std::string lastRevision;

    void close()
    {
        if (stream) {
            beast::error_code ignored;
            stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
            stream->socket().close(ignored);
            stream.reset();
        }
        buffer.consume(buffer.size());
        answered = 0;
    }
};

bool isHttpParseError(const beast::error_code &ec)
{
    return ec.category() == http::make_error_code(http::error::bad_version).category();
}

/// The peer closed or reset the connection before any part of an answer.
bool closedByPeer(const beast::error_code &ec)
{
    return ec == asio::error::eof || ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
           ec == asio::error::broken_pipe || ec == asio::error::connection_aborted;
}

void classify(const beast::error_code &ec, const TrafficPlan &plan, Outcome &o)
{
    if (ec == beast::error::timeout) {
        o.failure = FailureCause::Timeout;
        o.detail = "no complete answer within " + std::to_string(plan.options.requestTimeout.count()) + " ms";
    } else if (ec == asio::error::connection_refused) {
        o.failure = FailureCause::Refused;
        o.detail = "connection refused: nothing listens on " + plan.address + ":" + std::to_string(plan.port);
    } else if (ec == asio::error::connection_reset) {
        o.failure = FailureCause::Reset;
        o.detail = "connection reset by peer";
    } else if (closedByPeer(ec) || ec == http::error::partial_message) {
        o.failure = FailureCause::Reset;
        o.detail = "connection closed before the answer was complete";
    } else if (isHttpParseError(ec)) {
        o.failure = FailureCause::BadResponse;
        o.detail = "malformed answer: " + ec.message();
    } else {
        o.failure = FailureCause::Network;
        o.detail = ec.message();
    }
}

} // namespace

struct TrafficRun::Impl
{
    Impl(TrafficPlan p, std::shared_ptr<TrafficRecorder> r)
        : plan(std::move(p)), recorder(std::move(r)), endpoint(asio::ip::make_address(plan.address), plan.port),
          deadlineTimer(io), ticker(io)
    {
        request = {http::verb::get, "/", 11};
        request.set(http::field::host, plan.hostHeader);
        request.set(http::field::user_agent, "fleetdeck-traffic/" FLEETDECK_VERSION);
        request.set(http::field::accept, "*/*");
    }

    void launch();
    void abort();
    void endRun();
    asio::awaitable<void> worker(std::size_t index);
    asio::awaitable<bool> nextSlot(Connection &c, std::int64_t &slot);
    asio::awaitable<Outcome> exchange(Connection &c, const std::string &target);
    asio::awaitable<Outcome> attempt(Connection &c, const std::string &target, bool mayRetry, bool &retry);
    asio::awaitable<void> tickEveryBucket();
    void timeUp();

    asio::io_context io{1};
    TrafficPlan plan;
    std::shared_ptr<TrafficRecorder> recorder;
    tcp::endpoint endpoint;
    http::request<http::empty_body> request; ///< what every worker's request starts from
    asio::steady_timer deadlineTimer;
    asio::steady_timer ticker;
    SteadyClock::time_point start;
    SteadyClock::time_point deadline;
    std::int64_t issued = 0; ///< slots handed out
    bool noMore = false;     ///< no new requests (a bound reached, or stopped)
    bool timeReached = false;
    bool aborted = false;
    bool ended = false;
    std::size_t active = 0;
    std::vector<Connection *> connections; ///< per worker, while it runs
};

void TrafficRun::Impl::launch()
{
    start = SteadyClock::now();
    deadline = start + plan.options.duration;
    deadlineTimer.expires_at(deadline);
    deadlineTimer.async_wait([this](const beast::error_code &ec) {
        if (!ec)
            timeUp();
    });
    asio::co_spawn(io, tickEveryBucket(), [](std::exception_ptr) {});
    const auto workers = std::size_t(plan.options.concurrency);
    connections.assign(workers, nullptr);
    active = workers;
    for (std::size_t i = 0; i < workers; ++i)
        asio::co_spawn(io, worker(i), [this](std::exception_ptr e) {
            if (e)
                qCWarning(lcTraffic) << "a traffic worker ended with an exception";
            if (--active == 0)
                endRun();
        });
}

void TrafficRun::Impl::timeUp()
{
    timeReached = true;
    noMore = true;
    for (Connection *c : connections)
        if (c)
            c->pace.cancel();
}

void TrafficRun::Impl::abort()
{
    if (ended)
        return;
    aborted = true;
    noMore = true;
    for (Connection *c : connections)
        if (c) {
            c->pace.cancel();
            if (c->stream)
                c->stream->cancel();
        }
}

void TrafficRun::Impl::endRun()
{
    ended = true;
    deadlineTimer.cancel();
    ticker.cancel();
    recorder->finish(aborted ? EndReason::Stopped : timeReached ? EndReason::TimeReached : EndReason::CountReached);
}

asio::awaitable<void> TrafficRun::Impl::tickEveryBucket()
{
    beast::error_code ec;
    const std::chrono::milliseconds period(kBucketMs);
    for (auto next = start + period; !ended; next += period) {
        ticker.expires_at(next);
        co_await ticker.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        if (ec || ended)
            break;
        recorder->tick();
    }
}

// Slot i is due at start + i / rate (request 0 at once). A slot at or past the deadline is not
// sent: the time bound is reached.
asio::awaitable<bool> TrafficRun::Impl::nextSlot(Connection &c, std::int64_t &slot)
{
    if (noMore || issued >= plan.options.maxRequests)
        co_return false;
    slot = issued++;
    const double rate = plan.options.ratePerSecond;
    if (rate > 0) {
        const auto due = start + std::chrono::nanoseconds(std::int64_t(double(slot) * 1e9 / rate));
        if (due >= deadline) {
            timeUp();
            co_return false;
        }
        if (due > SteadyClock::now()) {
            beast::error_code ec;
            c.pace.expires_at(due);
            co_await c.pace.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            if (noMore)
                co_return false;
        }
    }
    if (SteadyClock::now() >= deadline) {
        timeUp();
        co_return false;
    }
    co_return true;
}

asio::awaitable<void> TrafficRun::Impl::worker(std::size_t index)
{
    Connection c(io, request);
    connections[index] = &c;
    std::int64_t slot = 0;
    while (co_await nextSlot(c, slot)) {
        const std::string &target = plan.targets[std::size_t(slot) % plan.targets.size()];
        recorder->noteSent();
        Outcome o = co_await exchange(c, target);
        if (aborted) {
            recorder->noteAbandoned();
            break;
        }
        recorder->record(o);
    }
    c.close();
    connections[index] = nullptr;
}

// A request on a kept-alive connection that the server closed before answering any of it is sent
// once more on a new connection: the server may close an idle connection at any moment, and HTTP
// clients retry idempotent requests then (RFC 9110, 9.2.2). Counted as a stale retry.
asio::awaitable<Outcome> TrafficRun::Impl::exchange(Connection &c, const std::string &target)
{
    bool retry = false;
    Outcome o = co_await attempt(c, target, true, retry);
    if (retry && !aborted) {
        recorder->noteStaleRetry();
        const std::string task = o.connectionTask, revision = o.connectionRevision;
        o = co_await attempt(c, target, false, retry);
        // A server that resets right after reading a request looks the same as a stale connection:
        // if the new connection fails too, the old one's last task is still the best attribution.
        if (o.failure && o.taskId.empty() && o.connectionTask.empty()) {
            o.connectionTask = task;
            o.connectionRevision = revision;
        }
    }
    co_return o;
}

asio::awaitable<Outcome> TrafficRun::Impl::attempt(Connection &c, const std::string &target, bool mayRetry, bool &retry)
{
    Outcome o;
    o.target = target;
    o.connectionTask = c.lastTask;
    o.connectionRevision = c.lastRevision;
    retry = false;
    const bool reused = c.stream.has_value();
    const auto t0 = SteadyClock::now();
    beast::error_code ec;
    if (!reused) {
        c.stream.emplace(io);
        c.stream->expires_after(plan.options.requestTimeout);
        co_await c.stream->async_connect(endpoint, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            c.close();
            classify(ec, plan, o);
            co_return o;
        }
        recorder->noteConnectionOpened();
        c.stream->socket().set_option(tcp::no_delay(true), ec);
        c.lastTask.clear();
        c.lastRevision.clear();
    }
    c.stream->expires_after(plan.options.requestTimeout);
    c.request.target(target);
    co_await http::async_write(*c.stream, c.request, asio::redirect_error(asio::use_awaitable, ec));
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    if (!ec)
        co_await http::async_read(*c.stream, c.buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        const bool nothingAnswered = !parser.got_some();
        c.close();
        if (reused && nothingAnswered && mayRetry && closedByPeer(ec)) {
            retry = true;
            co_return o;
        }
        classify(ec, plan, o);
        co_return o;
    }
    c.stream->expires_never();
    const auto &res = parser.get();
    o.answered = true;
    o.latencyMicros = std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - t0).count();
    o.status = int(res.result_int());
    o.reason = std::string(res.reason());
    o.taskId = std::string(res["X-Task-Id"]);
    o.revision = std::string(res["X-Revision"]);
    o.colour = std::string(res["X-Colour"]);
    if (o.status < 200 || o.status > 299)
        o.failure = FailureCause::HttpStatus;
    ++c.answered;
    c.lastTask = o.taskId;
    c.lastRevision = o.revision;
    if (!res.keep_alive())
        c.close();
    co_return o;
}

TrafficRun::TrafficRun(TrafficPlan plan, std::shared_ptr<TrafficRecorder> recorder)
    : d(std::make_unique<Impl>(std::move(plan), std::move(recorder)))
{}

TrafficRun::~TrafficRun()
{
    stop();
    if (m_thread.joinable())
        m_thread.join();
}

void TrafficRun::start()
{
    asio::post(d->io, [this] { d->launch(); });
    m_thread = std::thread([this] {
        d->io.run();
        {
            std::lock_guard lock(m_doneMutex);
            m_finished = true;
        }
        m_done.notify_all();
    });
}

void TrafficRun::stop()
{
    asio::post(d->io, [this] { d->abort(); });
}

bool TrafficRun::waitForFinished(std::chrono::milliseconds timeout) const
{
    std::unique_lock lock(m_doneMutex);
    return m_done.wait_for(lock, timeout, [this] { return m_finished.load(); });
}

} // namespace fd::traffic
