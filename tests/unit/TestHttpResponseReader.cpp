// TestHttpResponseReader: the Docker client's HTTP framing (Boost.Beast behind HttpResponseReader).
//
// Every row is one response as the engine might send it. Each is read whole, then split in two at
// every byte boundary, then one byte at a time, then in random pieces: every way must read the
// same status, headers, body and sequence of JSON lines (STYLE 15), or fail the same way.

#include "docker/DockerJson.h"
#include "docker/HttpResponseReader.h"

#include <QRandomGenerator>
#include <QTest>

using fd::docker::HttpResponseReader;

namespace {

struct Outcome
{
    bool failed = false;
    QString errorCode;
    bool done = false;
    int status = 0;
    QByteArray reason;
    QByteArray contentType;
    QByteArray body;         // pass 1: takeBody()
    QList<QByteArray> lines; // pass 2: takeLines()

    bool operator==(const Outcome &o) const
    {
        return failed == o.failed && errorCode == o.errorCode && done == o.done && status == o.status &&
               reason == o.reason && contentType == o.contentType && body == o.body && lines == o.lines;
    }
};

QString describe(const Outcome &o)
{
    QStringList lines;
    for (const QByteArray &l : o.lines)
        lines.append(QString::fromUtf8(l));
    return QStringLiteral("failed=%1 code=%2 done=%3 status=%4 reason=%5 ct=%6 body=[%7] lines=[%8]")
        .arg(o.failed)
        .arg(o.errorCode)
        .arg(o.done)
        .arg(o.status)
        .arg(QString::fromLatin1(o.reason), QString::fromLatin1(o.contentType), QString::fromUtf8(o.body),
             lines.join(QStringLiteral(" | ")));
}

// Reads `pieces` in order; `eof` ends with feedEof(). Two passes: bytes, then lines.
Outcome read(const QList<QByteArray> &pieces, bool eof, bool head)
{
    Outcome o;
    for (int pass = 0; pass < 2; ++pass) {
        HttpResponseReader r;
        r.setHeadResponse(head);
        bool failed = false;
        QString code;
        for (const QByteArray &p : pieces) {
            if (const fd::Status st = r.feed(p); !st) {
                failed = true;
                code = st.error().code;
                break;
            }
            if (pass == 0)
                o.body += r.takeBody();
            else
                o.lines += r.takeLines();
        }
        if (!failed && eof) {
            if (const fd::Status st = r.feedEof(); !st) {
                failed = true;
                code = st.error().code;
            }
        }
        if (pass == 0)
            o.body += r.takeBody();
        else
            o.lines += r.takeLines();
        o.failed = failed;
        o.errorCode = code;
        o.done = r.isDone();
        o.status = r.status();
        o.reason = r.reason();
        o.contentType = r.header("content-type"); // case-insensitive lookup
    }
    return o;
}

QByteArray crlf(QByteArray s)
{
    return s.replace("\n", "\r\n");
}

} // namespace

class TestHttpResponseReader final : public QObject
{
    Q_OBJECT

private slots:
    void splits_data();
    void splits();
    void emptyStatsFrameDecodesAsEmpty();
    void bytesAfterTheResponseAreIgnored();
    void headerValues();

private:
    void check(const QByteArray &raw, bool eof, bool head, const Outcome &expected);
};

void TestHttpResponseReader::splits_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("eof");  // the connection closes after the bytes
    QTest::addColumn<bool>("head"); // answers a HEAD request
    QTest::addColumn<bool>("failed");
    QTest::addColumn<bool>("done");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArrayList>("lines");

    const QByteArray version = R"({"Version":"20.10.24+dfsg1","ApiVersion":"1.41"})";
    QTest::newRow("content-length JSON")
        << crlf("HTTP/1.1 200 OK\nApi-Version: 1.41\nContent-Type: application/json\nContent-Length: " +
                QByteArray::number(version.size()) + "\n\n") +
               version
        << false << false << false << true << 200 << version << QByteArrayList{version};

    QTest::newRow("204 no body") << crlf("HTTP/1.1 204 No Content\nApi-Version: 1.41\n\n") << false << false << false
                                 << true << 204 << QByteArray() << QByteArrayList{};

    QTest::newRow("304 no body") << crlf("HTTP/1.1 304 Not Modified\nServer: Docker\n\n") << false << false << false
                                 << true << 304 << QByteArray() << QByteArrayList{};

    // Extensions are legal on any chunk (RFC 9112 7.1.1) and must be skipped, as must trailers.
    QTest::newRow("chunked with extensions and trailer")
        << crlf("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nContent-Type: text/plain\n\n") +
               "5;foo=bar\r\nhello\r\n" + "6;a=1;b=\"x y\"\r\n world\r\n" + "0;last\r\nX-Trailer: 1\r\n\r\n"
        << false << false << false << true << 200 << QByteArray("hello world") << QByteArrayList{"hello world"};

    // /events: newline-delimited JSON inside a chunked body; objects straddle chunks.
    const QByteArray e1 = R"({"Type":"container","Action":"create","Actor":{"ID":"abc"},"timeNano":1})";
    const QByteArray e2 = R"({"Type":"container","Action":"start","Actor":{"ID":"abc"},"timeNano":2})";
    const QByteArray events = e1 + "\n" + e2 + "\n";
    auto chunk = [](const QByteArray &data) { return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n"; };
    QTest::newRow("events straddling chunks")
        << crlf("HTTP/1.1 200 OK\nContent-Type: application/json\nTransfer-Encoding: chunked\n\n") +
               chunk(events.left(10)) + chunk(events.mid(10, 70)) + chunk(events.mid(80)) + "0\r\n\r\n"
        << false << false << false << true << 200 << events << QByteArrayList{e1, e2};

    // A stream that never ends: no terminal chunk; what arrived is read, the response is not done.
    QTest::newRow("endless events stream")
        << crlf("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n") + chunk(e1 + "\n") + chunk(e2.left(20)) << false
        << false << false << false << 200 << e1 + "\n" + e2.left(20) << QByteArrayList{e1};

    // /stats: a frame per second; a stopped container's frames are empty (spec 1.7).
    const QByteArray s1 = R"({"read":"2026-11-24T23:55:52.123456789Z","id":"abc","memory_stats":{"usage":1000}})";
    const QByteArray s2 =
        R"({"read":"0001-01-01T00:00:00Z","preread":"0001-01-01T00:00:00Z","id":"abc","name":"/web","memory_stats":{}})";
    QTest::newRow("stats with an empty frame")
        << crlf("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n") + chunk(s1 + "\n") + chunk(s2 + "\n") + "0\r\n\r\n"
        << false << false << false << true << 200 << s1 + "\n" + s2 + "\n"
        << QByteArrayList{s1, s2};

    QTest::newRow("CRLF lines and blank lines")
        << crlf("HTTP/1.1 200 OK\nContent-Length: 19\n\n") + "{\"a\":1}\r\n\r\n{\"b\":2}\n" // 7 + 2 + 2 + 7 + 1
        << false << false << false << true << 200 << QByteArray("{\"a\":1}\r\n\r\n{\"b\":2}\n")
        << QByteArrayList{"{\"a\":1}", "{\"b\":2}"};

    QTest::newRow("last line without a line break")
        << crlf("HTTP/1.1 200 OK\nContent-Length: 15\n\n") + "{\"a\":1}\n{\"b\":2}" << false << false << false << true
        << 200 << QByteArray("{\"a\":1}\n{\"b\":2}") << QByteArrayList{"{\"a\":1}", "{\"b\":2}"};

    const QByteArray notFound = R"({"message":"No such container: abc"})";
    QTest::newRow("404 with the engine's message")
        << crlf("HTTP/1.1 404 Not Found\nContent-Type: application/json\nContent-Length: 36\n\n") + notFound << false
        << false << false << true << 404 << notFound << QByteArrayList{notFound};

    QTest::newRow("body to the end of the connection")
        << crlf("HTTP/1.1 200 OK\nConnection: close\n\n") + "raw output\n"
        << true << false << false << true << 200 << QByteArray("raw output\n") << QByteArrayList{"raw output"};

    QTest::newRow("HEAD: length but no body") << crlf("HTTP/1.1 200 OK\nContent-Length: 2\n\n") << false << true
                                              << false << true << 200 << QByteArray() << QByteArrayList{};

    QTest::newRow("garbage") << QByteArray("hello world\r\n\r\n") << false << false << true << false << 0
                             << QByteArray() << QByteArrayList{};

    QTest::newRow("bad chunk size") << crlf("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n") + "zz\r\nhello\r\n"
                                    << false << false << true << false << 200 << QByteArray() << QByteArrayList{};

    QTest::newRow("bad header line") << QByteArray("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n") << false << false << true
                                     << false << 0 << QByteArray() << QByteArrayList{};

    QTest::newRow("cut in the middle of a content-length body")
        << crlf("HTTP/1.1 200 OK\nContent-Length: 10\n\n") + "abc" << true << false << true << false << 200
        << QByteArray("abc") << QByteArrayList{};

    QTest::newRow("closed before any byte")
        << QByteArray() << true << false << true << false << 0 << QByteArray() << QByteArrayList{};
}

void TestHttpResponseReader::splits()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, eof);
    QFETCH(bool, head);
    QFETCH(bool, failed);
    QFETCH(bool, done);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArrayList, lines);

    const Outcome whole = read({raw}, eof, head);
    QCOMPARE(whole.failed, failed);
    if (failed)
        QCOMPARE(whole.errorCode, QStringLiteral("Protocol"));
    QCOMPARE(whole.done, done);
    QCOMPARE(whole.status, status);
    if (!failed) {
        QCOMPARE(whole.body, body);
        QCOMPARE(whole.lines, lines);
    }
    check(raw, eof, head, whole);
}

void TestHttpResponseReader::check(const QByteArray &raw, bool eof, bool head, const Outcome &expected)
{
    // Two pieces, at every boundary.
    for (qsizetype i = 0; i <= raw.size(); ++i) {
        const Outcome o = read({raw.left(i), raw.mid(i)}, eof, head);
        if (!(o == expected))
            QFAIL(qPrintable(QStringLiteral("split at %1:\n  got      %2\n  expected %3")
                                 .arg(i)
                                 .arg(describe(o), describe(expected))));
    }
    // One byte at a time.
    QList<QByteArray> bytes;
    for (char c : raw)
        bytes.append(QByteArray(1, c));
    const Outcome single = read(bytes, eof, head);
    if (!(single == expected))
        QFAIL(qPrintable(
            QStringLiteral("byte by byte:\n  got      %1\n  expected %2").arg(describe(single), describe(expected))));
    // Random pieces (seeded, so a failure repeats).
    QRandomGenerator rng(42);
    for (int round = 0; round < 50; ++round) {
        QList<QByteArray> pieces;
        for (qsizetype pos = 0; pos < raw.size();) {
            const qsizetype n = 1 + rng.bounded(9);
            pieces.append(raw.mid(pos, n));
            pos += n;
        }
        const Outcome o = read(pieces, eof, head);
        if (!(o == expected))
            QFAIL(qPrintable(QStringLiteral("random round %1:\n  got      %2\n  expected %3")
                                 .arg(round)
                                 .arg(describe(o), describe(expected))));
    }
}

void TestHttpResponseReader::emptyStatsFrameDecodesAsEmpty()
{
    const auto live = fd::docker::json::parseStats(
        R"({"read":"2026-11-24T23:55:52.123456789Z","id":"abc","memory_stats":{"usage":1000}})");
    QVERIFY(live.ok());
    QVERIFY(!live->isEmpty());
    const auto empty = fd::docker::json::parseStats(R"({"read":"0001-01-01T00:00:00Z","id":"abc","memory_stats":{}})");
    QVERIFY(empty.ok());
    QVERIFY(empty->isEmpty());
}

void TestHttpResponseReader::bytesAfterTheResponseAreIgnored()
{
    HttpResponseReader r;
    QVERIFY(r.feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA").ok());
    QVERIFY(r.isDone());
    QCOMPARE(r.takeBody(), QByteArray("ok"));
    QVERIFY(r.feed("more").ok());
    QCOMPARE(r.takeBody(), QByteArray());
}

void TestHttpResponseReader::headerValues()
{
    HttpResponseReader r;
    QVERIFY(r.feed("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nOSType: linux\r\nTransfer-Encoding: chunked\r\n\r\n").ok());
    QVERIFY(r.isHeaderDone());
    QVERIFY(!r.isDone());
    QVERIFY(r.isChunked());
    QCOMPARE(r.header("api-version"), QByteArray("1.41"));
    QCOMPARE(r.header("OSTYPE"), QByteArray("linux"));
    QCOMPARE(r.header("X-Missing"), QByteArray());
    QCOMPARE(r.headers().size(), 3);
    QCOMPARE(r.reason(), QByteArray("OK"));
}

QTEST_APPLESS_MAIN(TestHttpResponseReader)
#include "TestHttpResponseReader.moc"
