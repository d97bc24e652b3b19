#pragma once

// Writes what a Beast serializer produces (internal), with the framing still Beast's, in as few
// system calls and buffers as possible. http::async_write hands the socket Beast's buffer sequence
// as it is (one buffer per header field and per framing piece, walked through nested views on every
// attempt); here each piece the serializer yields is gathered once: buffers up to kCopyLimit bytes
// (the header fields, chunk framing, a small body) are copied into one contiguous block, larger ones
// (a body piece) are referenced where they are. A small answer thus leaves in one send() of one
// buffer, its header and body together.
//
// Completion is as for http::async_write on a serializer: when the message is done, on an error, or
// with http::error::need_buffer when a buffer_body has no data yet. need_buffer may complete inline,
// within the call: callers only ever start another operation from the handler.

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace fd::lb::detail {

// The gathered bytes of one piece to write; reused from one piece to the next (kept per connection).
// A piece comes either from a Beast serializer (gather()) or from the proxy itself: a header it wrote
// with appendHeader() into head(), then compose() with each piece of a body that goes as it is (framed
// by Content-Length or by the end of the connection); the first compose() sends the header with it.
class WireBuffer
{
public:
    static constexpr std::size_t kCopyLimit = 1024;

    // Gathers the next piece of `sr` (one sr.next()); returns its size, to be consumed once written.
    template<class Serializer> std::size_t gather(Serializer &sr, boost::beast::error_code &ec);
    // Empties the buffer and returns it for a header to be appended.
    std::string &head()
    {
        m_bytes.clear();
        m_buffers.clear();
        m_composed = false;
        return m_bytes;
    }
    // The next piece: the header not yet written, if any, and `n` body bytes at `body`, copied after
    // it when small, referenced when large. Returns the piece's size (0: nothing to write).
    std::size_t compose(const void *body, std::size_t n)
    {
        if (m_composed)
            m_bytes.clear(); // the header went with the previous piece
        m_composed = true;
        m_buffers.clear();
        if (n > 0 && n <= kCopyLimit) {
            m_bytes.append(static_cast<const char *>(body), n);
            n = 0;
        }
        if (!m_bytes.empty())
            m_buffers.emplace_back(m_bytes.data(), m_bytes.size());
        if (n > 0)
            m_buffers.emplace_back(body, n);
        return m_bytes.size() + n;
    }
    const std::vector<boost::asio::const_buffer> &buffers() const { return m_buffers; }

private:
    std::string m_bytes;
    std::vector<boost::asio::const_buffer> m_buffers;
    bool m_composed = false;
};

template<class Serializer> std::size_t WireBuffer::gather(Serializer &sr, boost::beast::error_code &ec)
{
    std::size_t total = 0;
    m_bytes.clear();
    m_buffers.clear();
    m_composed = false;
    sr.next(ec, [&](boost::beast::error_code &visitEc, const auto &sequence) {
        visitEc = {};
        // One walk through Beast's nested views (each step is a variant dispatch) into m_buffers;
        // then the small ones are copied into m_bytes, reserved first so the runs keep their addresses.
        std::size_t small = 0;
        for (auto it = boost::asio::buffer_sequence_begin(sequence); it != boost::asio::buffer_sequence_end(sequence);
             ++it) {
            const boost::asio::const_buffer b(*it);
            if (b.size() == 0)
                continue;
            total += b.size();
            small += b.size() <= kCopyLimit ? b.size() : 0;
            m_buffers.push_back(b);
        }
        m_bytes.reserve(small);
        std::size_t out = 0; // m_buffers is rewritten in place: `out` never passes the buffer being read
        std::size_t runStart = 0;
        for (std::size_t i = 0; i < m_buffers.size(); ++i) {
            const boost::asio::const_buffer b = m_buffers[i];
            if (b.size() <= kCopyLimit) {
                m_bytes.append(static_cast<const char *>(b.data()), b.size());
                continue;
            }
            if (m_bytes.size() > runStart)
                m_buffers[out++] = boost::asio::const_buffer(m_bytes.data() + runStart, m_bytes.size() - runStart);
            runStart = m_bytes.size();
            m_buffers[out++] = b;
        }
        if (m_bytes.size() > runStart)
            m_buffers[out++] = boost::asio::const_buffer(m_bytes.data() + runStart, m_bytes.size() - runStart);
        m_buffers.resize(out);
    });
    return total;
}

// The operation behind asyncWriteSerialized(): gather a piece, write it, consume it, again.
template<class Stream, class Serializer, class Handler> class SerializedWriteOp
{
public:
    SerializedWriteOp(Stream &stream, Serializer &sr, WireBuffer &wire, Handler handler)
        : m_stream(stream), m_sr(sr), m_wire(wire), m_handler(std::move(handler))
    {}

    void next()
    {
        if (m_sr.is_done()) {
            m_handler(boost::beast::error_code{}, m_written);
            return;
        }
        boost::beast::error_code ec;
        m_pending = m_wire.gather(m_sr, ec);
        if (ec) {
            m_handler(ec, m_written);
            return;
        }
        Stream &stream = m_stream;
        const auto &buffers = m_wire.buffers();
        if (buffers.size() == 1)
            boost::asio::async_write(stream, buffers.front(), std::move(*this)); // send(), not sendmsg()
        else
            boost::asio::async_write(stream, buffers, std::move(*this));
    }

    void operator()(boost::beast::error_code ec, std::size_t n)
    {
        m_written += n;
        if (ec) {
            m_handler(ec, m_written);
            return;
        }
        m_sr.consume(m_pending);
        next();
    }

private:
    Stream &m_stream;
    Serializer &m_sr;
    WireBuffer &m_wire;
    Handler m_handler;
    std::size_t m_pending = 0;
    std::size_t m_written = 0;
};

// Writes the rest of `sr`'s message to `stream` (see the top of this file); `handler(ec, bytes)`.
// `stream`, `sr` and `wire` must outlive the operation.
template<class Stream, class Serializer, class Handler>
void asyncWriteSerialized(Stream &stream, Serializer &sr, WireBuffer &wire, Handler &&handler)
{
    SerializedWriteOp<Stream, Serializer, std::decay_t<Handler>>(stream, sr, wire, std::forward<Handler>(handler))
        .next();
}

// Writes what `wire` holds after compose() to `stream`: one send() when it is one buffer. `wire` must
// outlive the operation; `handler(ec, bytes)`.
template<class Stream, class Handler> void asyncWriteComposed(Stream &stream, const WireBuffer &wire, Handler &&handler)
{
    const auto &buffers = wire.buffers();
    if (buffers.size() == 1)
        boost::asio::async_write(stream, buffers.front(), std::forward<Handler>(handler));
    else
        boost::asio::async_write(stream, buffers, std::forward<Handler>(handler));
}

} // namespace fd::lb::detail
