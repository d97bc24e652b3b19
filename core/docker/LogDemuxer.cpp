#include "docker/LogDemuxer.h"

#include "docker/DockerJson.h"

namespace fd::docker {

namespace {

constexpr qsizetype kHeaderSize = 8;
// A frame bigger than this is not a log frame but a stream we misread (e.g. a TTY container's
// raw output read as frames); the engine's json-file driver splits lines at 16 KiB.
constexpr quint32 kMaxFrame = 16 * 1024 * 1024;

} // namespace

LogDemuxer::LogDemuxer(bool tty, bool timestamps) : m_tty(tty), m_timestamps(timestamps)
{}

Status LogDemuxer::feed(QByteArrayView bytes)
{
    if (m_failed)
        return makeError(QStringLiteral("Protocol"), QStringLiteral("The log stream is malformed."));
    if (m_tty) {
        appendOutput(LogSource::Stdout, bytes);
        return Ok{};
    }
    m_buffer.append(bytes.data(), bytes.size());
    qsizetype pos = 0;
    while (m_buffer.size() - pos >= kHeaderSize) {
        const auto *h = reinterpret_cast<const uchar *>(m_buffer.constData() + pos);
        const uchar type = h[0];
        const quint32 size = (quint32(h[4]) << 24) | (quint32(h[5]) << 16) | (quint32(h[6]) << 8) | quint32(h[7]);
        if (type > 2 || h[1] != 0 || h[2] != 0 || h[3] != 0 || size > kMaxFrame) {
            m_failed = true;
            m_buffer.clear();
            return makeError(QStringLiteral("Protocol"),
                             QStringLiteral("The log stream has a malformed frame header (is the container a TTY?)."));
        }
        if (m_buffer.size() - pos - kHeaderSize < qsizetype(size))
            break; // the payload has not fully arrived yet
        // Type 0 (stdin) is written on stdout, as the engine documents.
        appendOutput(type == 2 ? LogSource::Stderr : LogSource::Stdout,
                     QByteArrayView(m_buffer.constData() + pos + kHeaderSize, qsizetype(size)));
        pos += kHeaderSize + qsizetype(size);
    }
    m_buffer.remove(0, pos);
    return Ok{};
}

void LogDemuxer::appendOutput(LogSource source, QByteArrayView payload)
{
    QByteArray &partial = m_partial[source == LogSource::Stderr ? 1 : 0];
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = payload.indexOf('\n', start);
        if (nl < 0)
            break;
        QByteArray line = partial + payload.sliced(start, nl - start).toByteArray();
        partial.clear();
        emitLine(source, std::move(line));
        start = nl + 1;
    }
    partial.append(payload.sliced(start).toByteArray());
}

void LogDemuxer::emitLine(LogSource source, QByteArray text)
{
    if (text.endsWith('\r'))
        text.chop(1);
    LogLine line;
    line.source = source;
    if (m_timestamps) {
        const qsizetype space = text.indexOf(' ');
        const QByteArray stamp = space < 0 ? text : text.left(space);
        line.timestamp = json::parseTimestamp(QString::fromLatin1(stamp));
        if (line.timestamp.isValid())
            text = space < 0 ? QByteArray() : text.mid(space + 1);
    }
    line.text = std::move(text);
    m_lines.append(std::move(line));
}

void LogDemuxer::finish()
{
    for (int i = 0; i < 2; ++i) {
        if (!m_partial[i].isEmpty())
            emitLine(i == 1 ? LogSource::Stderr : LogSource::Stdout, std::exchange(m_partial[i], {}));
    }
}

QList<LogLine> LogDemuxer::takeLines()
{
    return std::exchange(m_lines, {});
}

} // namespace fd::docker
