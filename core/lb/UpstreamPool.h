#pragma once

// Idle keep-alive connections to targets (internal), shared by all client connections. A taken
// connection is checked for a close the target sent while it idled, and moved onto the taker's
// executor when it came from another one. A connection idle for less than kRecheckAfter is taken
// without the check (a syscall per request under load); a close that raced with it is caught by
// the caller's one retry of a request without body.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

namespace fd::lb::detail {

class UpstreamPool
{
public:
    explicit UpstreamPool(std::size_t maxIdlePerTarget) : m_maxIdle(maxIdlePerTarget) {}

    std::optional<boost::asio::ip::tcp::socket> take(const boost::asio::ip::tcp::endpoint &target,
                                                     const boost::asio::any_io_executor &executor);
    void give(const boost::asio::ip::tcp::endpoint &target, boost::asio::ip::tcp::socket socket);
    void clear();
    std::size_t idleCount() const;

private:
    static constexpr std::chrono::milliseconds kRecheckAfter{1000};
    struct Idle
    {
        boost::asio::ip::tcp::socket socket;
        std::chrono::steady_clock::time_point since;
    };

    std::size_t m_maxIdle;
    mutable std::mutex m_mutex;
    std::map<boost::asio::ip::tcp::endpoint, std::vector<Idle>> m_idle;
};

} // namespace fd::lb::detail
