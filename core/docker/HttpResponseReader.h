#pragma once

#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

#include <memory>

namespace fd::docker {

/// Reads one HTTP/1.1 response from bytes as they arrive from a socket, in pieces of any size.
///
/// The framing is Boost.Beast's (`response_parser<buffer_body>`, eager): status line, headers,
/// Content-Length, chunked bodies with extensions and trailers, bodies delimited by the end of the
/// connection. This class only moves bytes in and decoded body bytes out, so the same response
/// split at any byte boundary reads the same (tests/unit/TestHttpResponseReader.cpp).
///
/// The decoded body is taken either as bytes (takeBody) or, for the newline-delimited JSON that
/// /events, /stats, /images/create and /build stream, as complete lines (takeLines): a line that
/// straddles chunks comes out once, whole. Use one or the other for a response, not both.
class HttpResponseReader final
{
public:
    /// `maxBufferedBody`: the most body bytes held at once (not taken yet) before the response is
    /// refused as a Protocol error; streams that are taken as they arrive never reach it.
    explicit HttpResponseReader(qsizetype maxBufferedBody = 64 * 1024 * 1024);
    ~HttpResponseReader();
    HttpResponseReader(const HttpResponseReader &) = delete;
    HttpResponseReader &operator=(const HttpResponseReader &) = delete;

    /// The response answers a HEAD request: no body whatever the headers say. Call before feed().
    void setHeadResponse(bool head);

    /// Bytes read from the connection. An error (code "Protocol") means the bytes are not an HTTP
    /// response; the reader then stays failed. Bytes after a complete response are ignored.
    Status feed(QByteArrayView bytes);
    /// The peer closed the connection: completes a body that runs to the end of the connection;
    /// anything else that is incomplete is an error (code "Protocol").
    Status feedEof();

    bool isHeaderDone() const;
    bool isDone() const; ///< the whole response has been read
    bool hasFailed() const;
    qint64 bytesFed() const;

    int status() const; ///< 0 until the header is done
    QByteArray reason() const;
    /// The first value of a header (case-insensitive name); empty when absent.
    QByteArray header(QByteArrayView name) const;
    QList<QPair<QByteArray, QByteArray>> headers() const;
    bool isChunked() const;

    /// The body bytes decoded since the last call (transfer coding removed).
    QByteArray takeBody();
    /// The complete lines of the body since the last call, without line breaks; blank lines are
    /// skipped. Once the response is done, a last line without a line break comes out too.
    QList<QByteArray> takeLines();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace fd::docker
