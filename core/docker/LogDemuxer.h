#pragma once

#include "Result.h"
#include "docker/DockerTypes.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace fd::docker {

/// Turns the body of GET /containers/{id}/logs (spec 1.9) into lines marked stdout or stderr.
///
/// Without a TTY the body is a sequence of frames, each an 8-byte header {stream type, 0, 0, 0,
/// big-endian uint32 length} and that many bytes of output; frames straddle reads and HTTP chunks
/// freely, so bytes are reassembled here. With a TTY the body is raw output (all stdout). Lines are
/// split on '\n' per stream, so a line written in two frames comes out once. With timestamps, each
/// line's RFC 3339 prefix is moved into LogLine::timestamp.
class LogDemuxer final
{
public:
    LogDemuxer(bool tty, bool timestamps);

    /// Body bytes, in pieces of any size. A malformed frame header is an error (code "Protocol");
    /// the demuxer then stays failed.
    Status feed(QByteArrayView bytes);
    /// The end of the stream: a last line without a line break comes out too.
    void finish();

    QList<LogLine> takeLines();
    bool hasFailed() const { return m_failed; }

private:
    void appendOutput(LogSource source, QByteArrayView payload);
    void emitLine(LogSource source, QByteArray text);

    bool m_tty;
    bool m_timestamps;
    bool m_failed = false;
    QByteArray m_buffer;     // frame bytes not yet complete (non-TTY)
    QByteArray m_partial[2]; // per source: output after the last line break
    QList<LogLine> m_lines;
};

} // namespace fd::docker
