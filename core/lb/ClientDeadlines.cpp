// ClientConnection, the deadlines of its two sides. A deadline that passes cancels the operation
// pending on that side (it then completes with operation_aborted) and marks the side as timed out:
// the client's header read becomes a 408 (or a quiet close when nothing was sent), a client body or
// answer write closes the connection, an upstream connect, request write or response header read
// becomes a 504.
//
// Why one timer that is seldom re-armed: tcp_stream arms and cancels a timer around every read and
// write (four of each per proxied request, each a lock and a heap operation in the reactor). Here an
// operation stores its deadline, and the timer, already waiting for an earlier one, is left alone.
// When it fires it compares the stored deadlines with the clock and waits again for the earliest.
// Example with the default 60 s idle timeout: the timer is armed at t = 60 s by the first request;
// requests at t = 1 ... 59 s only move the stored deadline to t + 60 s; at t = 60 s the timer finds
// nothing due and waits until the stored deadline, about 119 s. Deadlines are set from the coarse
// clock (CoarseClock.h): a clock read per operation is then a memory read.

#include "lb/ClientConnection.h"
#include "lb/CoarseClock.h"

#include <boost/asio/error.hpp>

namespace fd::lb::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;

void ClientConnection::setDeadline(Side side, Clock::duration after)
{
    const Clock::time_point at = coarseNow() + after; // up to a tick early: fine for timeouts of seconds
    if (side == Side::Client) {
        m_clientDeadline = at;
        m_clientTimedOut = false;
    } else {
        m_upstreamDeadline = at;
        m_upstreamTimedOut = false;
    }
    if (at < m_deadlineTimer.expiry() || m_deadlineTimer.expiry() == Clock::time_point{})
        waitForDeadline(at);
}

void ClientConnection::clearDeadline(Side side)
{
    (side == Side::Client ? m_clientDeadline : m_upstreamDeadline) = Clock::time_point::max();
}

void ClientConnection::waitForDeadline(Clock::time_point at)
{
    m_deadlineTimer.expires_at(at); // cancels an earlier wait: its handler sees operation_aborted
    m_deadlineTimer.async_wait([weak = weak_from_this()](beast::error_code ec) {
        if (ec == asio::error::operation_aborted)
            return;
        if (auto self = weak.lock())
            self->onDeadlineTimer();
    });
}

void ClientConnection::onDeadlineTimer()
{
    const Clock::time_point now = Clock::now();
    if (m_deadlineTimer.expiry() > now)
        return; // re-armed for later while this completion was queued: that wait is pending
    beast::error_code ignored;
    if (m_clientDeadline <= now) {
        m_clientDeadline = Clock::time_point::max();
        m_clientTimedOut = true;
        m_client.cancel(ignored);
    }
    if (m_upstreamDeadline <= now) {
        m_upstreamDeadline = Clock::time_point::max();
        m_upstreamTimedOut = true;
        if (m_upstream)
            m_upstream->cancel(ignored);
    }
    const Clock::time_point next = std::min(m_clientDeadline, m_upstreamDeadline);
    if (next != Clock::time_point::max())
        waitForDeadline(next);
    else
        m_deadlineTimer.expires_at(Clock::time_point::max());
}

bool ClientConnection::upstreamTimedOut(beast::error_code ec) const
{
    return ec && m_upstreamTimedOut;
}

} // namespace fd::lb::detail
