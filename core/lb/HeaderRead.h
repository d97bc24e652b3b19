#pragma once

// Reads an HTTP header into a Beast parser (internal): what http::async_read_header does, with the
// parsing still Beast's (parser.put() on the bytes read, its header_limit included), in one plain
// operation. http::async_read_header stacks two composed operations, each holding work guards on a
// type-erased executor that are copied and moved with the operation at every step; on the proxy's
// path that was a good part of the user-space time of a request, twice per request.
//
// Completes as http::async_read_header: with the parser's error, http::error::end_of_stream when the
// stream ended before any byte of a message, put_eof()'s error (partial_message) when it ended within
// one, an I/O error, or success once the header is done. When `buffer` already holds a whole header the
// handler is called inline, within the call: callers only ever start another operation from it.

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/http/error.hpp>
#include <cstddef>
#include <stdexcept>
#include <utility>

namespace fd::lb::detail {

template<class Stream, class Parser, class Handler> class HeaderReadOp
{
public:
    HeaderReadOp(Stream &stream, boost::beast::flat_buffer &buffer, Parser &parser, Handler handler)
        : m_stream(stream), m_buffer(buffer), m_parser(parser), m_handler(std::move(handler))
    {}

    // Parses what the buffer holds; reads more while the header is incomplete.
    void step()
    {
        namespace http = boost::beast::http;
        if (m_buffer.size() > 0) {
            boost::beast::error_code ec;
            m_buffer.consume(m_parser.put(m_buffer.data(), ec));
            if (ec != http::error::need_more) { // the header is done (the parser is not eager), or broken
                m_handler(ec);
                return;
            }
        }
        boost::beast::flat_buffer::mutable_buffers_type space;
        try {
            space = m_buffer.prepare(boost::beast::read_size(m_buffer, 65536));
        } catch (const std::length_error &) {
            m_handler(boost::beast::error_code(boost::beast::http::error::buffer_overflow));
            return;
        }
        Stream &stream = m_stream;
        stream.async_read_some(space, std::move(*this));
    }

    void operator()(boost::beast::error_code ec, std::size_t n)
    {
        m_buffer.commit(n);
        if (ec == boost::asio::error::eof) {
            if (!m_parser.got_some()) {
                m_handler(boost::beast::error_code(boost::beast::http::error::end_of_stream));
                return;
            }
            ec = {};
            m_parser.put_eof(ec); // a header cut short: partial_message
            m_handler(ec);
            return;
        }
        if (ec) {
            m_handler(ec);
            return;
        }
        step();
    }

private:
    Stream &m_stream;
    boost::beast::flat_buffer &m_buffer;
    Parser &m_parser;
    Handler m_handler;
};

// Reads from `stream` into `buffer` until `parser` has its header; `handler(ec)`. `stream`, `buffer`
// and `parser` must outlive the operation.
template<class Stream, class Parser, class Handler>
void asyncReadHeader(Stream &stream, boost::beast::flat_buffer &buffer, Parser &parser, Handler &&handler)
{
    HeaderReadOp<Stream, Parser, std::decay_t<Handler>>(stream, buffer, parser, std::forward<Handler>(handler)).step();
}

} // namespace fd::lb::detail
