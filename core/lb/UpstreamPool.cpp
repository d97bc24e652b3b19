#include "lb/UpstreamPool.h"

#include "lb/CoarseClock.h"

#include <sys/socket.h>

namespace fd::lb::detail {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// An idle connection is still usable when nothing is waiting to be read on it: a target that
// closed it (or sent garbage) makes it readable.
bool stillOpen(tcp::socket &socket)
{
    char byte;
    const ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

} // namespace

std::optional<tcp::socket> UpstreamPool::take(const tcp::endpoint &target, const asio::any_io_executor &executor)
{
    std::optional<tcp::socket> found;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_idle.find(target);
        const auto now = coarseNow();
        while (it != m_idle.end() && !it->second.empty()) {
            Idle idle = std::move(it->second.back());
            it->second.pop_back();
            if (now - idle.since < kRecheckAfter || stillOpen(idle.socket)) {
                found.emplace(std::move(idle.socket));
                break;
            }
        }
    }
    if (!found || found->get_executor() == executor)
        return found;
    boost::system::error_code ec;
    const auto protocol = found->local_endpoint(ec).protocol();
    const auto handle = found->release(ec);
    if (ec)
        return std::nullopt;
    tcp::socket moved(executor);
    moved.assign(protocol, handle, ec);
    if (ec)
        return std::nullopt;
    return moved;
}

void UpstreamPool::give(const tcp::endpoint &target, tcp::socket socket)
{
    std::lock_guard lock(m_mutex);
    auto &idle = m_idle[target];
    if (idle.size() < m_maxIdle)
        idle.push_back(Idle{std::move(socket), coarseNow()});
}

void UpstreamPool::clear()
{
    std::lock_guard lock(m_mutex);
    m_idle.clear();
}

std::size_t UpstreamPool::idleCount() const
{
    std::lock_guard lock(m_mutex);
    std::size_t n = 0;
    for (const auto &[target, idle] : m_idle)
        n += idle.size();
    return n;
}

} // namespace fd::lb::detail
