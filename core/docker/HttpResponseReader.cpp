#include "docker/HttpResponseReader.h"

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <limits>
#include <optional>

namespace fd::docker {

namespace http = boost::beast::http;

struct HttpResponseReader::Impl
{
    http::response_parser<http::buffer_body> parser;
    QByteArray pending;  // bytes fed but not yet consumed by the parser (an incomplete header or chunk line)
    QByteArray body;     // decoded body not yet taken
    QByteArray lineTail; // takeLines(): the start of a line whose end has not arrived yet
    std::optional<Error> error;
    qsizetype maxBufferedBody = 0;
    qint64 fed = 0;

    Status fail(const QString &what)
    {
        error = makeError(QStringLiteral("Protocol"),
                          QStringLiteral("The Docker engine sent a malformed HTTP response (%1).").arg(what));
        return *error;
    }

    Status drain()
    {
        std::array<char, 16384> buf;
        while (!parser.is_done() && !pending.isEmpty()) {
            auto &b = parser.get().body();
            b.data = buf.data();
            b.size = buf.size();
            b.more = true;
            boost::beast::error_code ec;
            const std::size_t used = parser.put(boost::asio::const_buffer(pending.constData(), pending.size()), ec);
            body.append(buf.data(), static_cast<qsizetype>(buf.size() - b.size));
            if (used > 0)
                pending.remove(0, static_cast<qsizetype>(used));
            if (body.size() > maxBufferedBody)
                return fail(QStringLiteral("more than %1 bytes of body").arg(maxBufferedBody));
            if (ec == http::error::need_buffer)
                continue; // the body buffer is full: hand the parser a fresh one
            if (ec == http::error::need_more)
                break; // an incomplete header or chunk line: wait for more bytes
            if (ec)
                return fail(QString::fromStdString(ec.message()));
            if (used == 0)
                break;
        }
        return Ok{};
    }
};

HttpResponseReader::HttpResponseReader(qsizetype maxBufferedBody) : d(std::make_unique<Impl>())
{
    d->maxBufferedBody = maxBufferedBody;
    d->parser.eager(true);
    // Streams (events, stats, logs) never end. Not boost::none: Beast 1.74 compares a Content-Length
    // against the optional itself in finish_header(), and `n > none` is always true.
    d->parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    d->parser.header_limit(64 * 1024);
}

HttpResponseReader::~HttpResponseReader() = default;

void HttpResponseReader::setHeadResponse(bool head)
{
    d->parser.skip(head);
}

Status HttpResponseReader::feed(QByteArrayView bytes)
{
    if (d->error)
        return *d->error;
    d->fed += bytes.size();
    if (d->parser.is_done() || bytes.isEmpty())
        return Ok{};
    d->pending.append(bytes.data(), bytes.size());
    return d->drain();
}

Status HttpResponseReader::feedEof()
{
    if (d->error)
        return *d->error;
    if (d->parser.is_done())
        return Ok{};
    if (!d->parser.got_some())
        return d->fail(QStringLiteral("the connection closed before any response"));
    boost::beast::error_code ec;
    d->parser.put_eof(ec);
    if (ec == http::error::partial_message)
        return d->fail(QStringLiteral("the connection closed in the middle of the response"));
    if (ec)
        return d->fail(QString::fromStdString(ec.message()));
    return Ok{};
}

bool HttpResponseReader::isHeaderDone() const
{
    return d->parser.is_header_done();
}

bool HttpResponseReader::isDone() const
{
    return d->parser.is_done();
}

bool HttpResponseReader::hasFailed() const
{
    return d->error.has_value();
}

qint64 HttpResponseReader::bytesFed() const
{
    return d->fed;
}

int HttpResponseReader::status() const
{
    return d->parser.is_header_done() ? static_cast<int>(d->parser.get().result_int()) : 0;
}

QByteArray HttpResponseReader::reason() const
{
    if (!d->parser.is_header_done())
        return {};
    const auto r = d->parser.get().reason();
    return QByteArray(r.data(), static_cast<qsizetype>(r.size()));
}

QByteArray HttpResponseReader::header(QByteArrayView name) const
{
    if (!d->parser.is_header_done())
        return {};
    const auto &fields = d->parser.get().base();
    const auto it = fields.find(boost::beast::string_view(name.data(), static_cast<std::size_t>(name.size())));
    if (it == fields.end())
        return {};
    return QByteArray(it->value().data(), static_cast<qsizetype>(it->value().size()));
}

QList<QPair<QByteArray, QByteArray>> HttpResponseReader::headers() const
{
    QList<QPair<QByteArray, QByteArray>> out;
    if (!d->parser.is_header_done())
        return out;
    for (const auto &f : d->parser.get().base()) {
        out.append({QByteArray(f.name_string().data(), static_cast<qsizetype>(f.name_string().size())),
                    QByteArray(f.value().data(), static_cast<qsizetype>(f.value().size()))});
    }
    return out;
}

bool HttpResponseReader::isChunked() const
{
    return d->parser.is_header_done() && d->parser.chunked();
}

QByteArray HttpResponseReader::takeBody()
{
    return std::exchange(d->body, {});
}

QList<QByteArray> HttpResponseReader::takeLines()
{
    QList<QByteArray> lines;
    QByteArray data = d->lineTail + std::exchange(d->body, {});
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = data.indexOf('\n', start);
        if (nl < 0)
            break;
        QByteArray line = data.mid(start, nl - start).trimmed();
        if (!line.isEmpty())
            lines.append(std::move(line));
        start = nl + 1;
    }
    d->lineTail = data.mid(start);
    if (d->parser.is_done()) {
        QByteArray last = std::exchange(d->lineTail, {}).trimmed();
        if (!last.isEmpty())
            lines.append(std::move(last));
    }
    return lines;
}

} // namespace fd::docker
