// TestDockerClientFake: DockerEngineClient against a fake Docker daemon (STYLE 16).
//
// The fake is a QLocalServer on a socket in a QTemporaryDir (and once a QTcpServer on 127.0.0.1).
// It reads each request with Beast's request parser and answers with canned bytes, written in
// small random pieces with short pauses, so the client sees responses split at arbitrary
// boundaries (inside the status line, a chunk header, a log frame header, a JSON line).

#include "TestSupport.h"
#include "docker/DockerEngineClient.h"

#include <QElapsedTimer>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

using namespace fd::docker;
using namespace std::chrono_literals;

namespace {

QRandomGenerator &rng()
{
    static QRandomGenerator g(20261124);
    return g;
}

struct FakeRequest
{
    QByteArray method;
    QByteArray target;
    QByteArray path; // without the query
    QUrlQuery query;
    QMap<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
};

QByteArray chunk(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

QByteArray frame(char stream, const QByteArray &payload)
{
    QByteArray h(8, '\0');
    h[0] = stream;
    const quint32 n = quint32(payload.size());
    h[4] = char((n >> 24) & 0xff);
    h[5] = char((n >> 16) & 0xff);
    h[6] = char((n >> 8) & 0xff);
    h[7] = char(n & 0xff);
    return h + payload;
}

/// One accepted connection: parses one request, hands it to the daemon's handler, writes the
/// answer in random small pieces.
class FakeConnection : public QObject
{
public:
    FakeConnection(QIODevice *socket, std::function<void(const FakeRequest &, FakeConnection *)> handler)
        : m_socket(socket), m_handler(std::move(handler))
    {
        m_socket->setParent(this);
        m_parser.eager(true);
        connect(m_socket, &QIODevice::readyRead, this, &FakeConnection::onRead);
        m_writer.setInterval(1);
        connect(&m_writer, &QTimer::timeout, this, &FakeConnection::writePiece);
    }

    /// Queues bytes; they go out in pieces of 1..maxPiece bytes, one piece per millisecond.
    void send(const QByteArray &bytes)
    {
        m_out += bytes;
        if (!m_writer.isActive())
            m_writer.start();
    }
    void reply(int status, const QByteArray &reason, const QByteArray &body,
               const QByteArray &contentType = "application/json")
    {
        send("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\nApi-Version: 1.41\r\nContent-Type: " +
             contentType + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        closeWhenSent();
    }
    void startChunked(const QByteArray &contentType = "application/json")
    {
        send("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: " + contentType +
             "\r\nTransfer-Encoding: chunked\r\n\r\n");
    }
    void endChunked()
    {
        send("0\r\n\r\n");
        closeWhenSent();
    }
    void closeWhenSent()
    {
        m_closeWhenSent = true;
        if (!m_writer.isActive())
            m_writer.start();
    }
    bool isOpen() const { return m_socket && m_socket->isOpen(); }
    int maxPiece = 12;

private:
    void onRead()
    {
        const QByteArray data = m_socket->readAll();
        if (m_done)
            return;
        m_in += data;
        boost::beast::error_code ec;
        const std::size_t used = m_parser.put(boost::asio::const_buffer(m_in.constData(), size_t(m_in.size())), ec);
        m_in.remove(0, qsizetype(used));
        if (ec == boost::beast::http::error::need_more || (!ec && !m_parser.is_done()))
            return;
        if (ec) {
            qWarning() << "fake daemon: bad request:" << QString::fromStdString(ec.message());
            m_socket->close();
            return;
        }
        m_done = true;
        const auto &msg = m_parser.get();
        FakeRequest r;
        r.method = QByteArray::fromStdString(std::string(msg.method_string()));
        r.target = QByteArray::fromStdString(std::string(msg.target()));
        const qsizetype q = r.target.indexOf('?');
        r.path = q < 0 ? r.target : r.target.left(q);
        r.query = QUrlQuery(QString::fromUtf8(q < 0 ? QByteArray() : r.target.mid(q + 1)));
        for (const auto &f : msg)
            r.headers.insert(QByteArray::fromStdString(std::string(f.name_string())).toLower(),
                             QByteArray::fromStdString(std::string(f.value())));
        r.body = QByteArray::fromStdString(msg.body());
        m_handler(r, this);
    }

    void writePiece()
    {
        if (!m_socket)
            return;
        if (!m_out.isEmpty()) {
            const qsizetype n = std::min<qsizetype>(m_out.size(), 1 + rng().bounded(maxPiece));
            m_socket->write(m_out.left(n));
            m_out.remove(0, n);
            if (auto *l = qobject_cast<QLocalSocket *>(m_socket.data()))
                l->flush();
            else if (auto *t = qobject_cast<QTcpSocket *>(m_socket.data()))
                t->flush();
            return;
        }
        m_writer.stop();
        if (m_closeWhenSent) {
            if (auto *l = qobject_cast<QLocalSocket *>(m_socket.data()))
                l->disconnectFromServer();
            else if (auto *t = qobject_cast<QTcpSocket *>(m_socket.data()))
                t->disconnectFromHost();
        }
    }

    QPointer<QIODevice> m_socket;
    std::function<void(const FakeRequest &, FakeConnection *)> m_handler;
    boost::beast::http::request_parser<boost::beast::http::string_body> m_parser;
    QByteArray m_in;
    QByteArray m_out;
    QTimer m_writer;
    bool m_done = false;
    bool m_closeWhenSent = false;
};

class FakeDaemon : public QObject
{
public:
    using Handler = std::function<void(const FakeRequest &, FakeConnection *)>;

    bool listenUnix(const QString &path)
    {
        connect(&m_local, &QLocalServer::newConnection, this, [this] {
            while (QLocalSocket *s = m_local.nextPendingConnection())
                accept(s);
        });
        return m_local.listen(path);
    }
    bool listenTcp()
    {
        connect(&m_tcp, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_tcp.nextPendingConnection())
                accept(s);
        });
        return m_tcp.listen(QHostAddress::LocalHost, 0);
    }
    quint16 tcpPort() const { return m_tcp.serverPort(); }
    bool listenTls(const QString &certFile, const QString &keyFile)
    {
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        const auto certs = QSslCertificate::fromPath(certFile);
        QFile kf(keyFile);
        if (certs.isEmpty() || !kf.open(QIODevice::ReadOnly))
            return false;
        conf.setLocalCertificate(certs.first());
        conf.setPrivateKey(QSslKey(kf.readAll(), QSsl::Rsa));
        conf.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_tls.setSslConfiguration(conf);
        connect(&m_tls, &QSslServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *s = m_tls.nextPendingConnection())
                accept(s);
        });
        return m_tls.listen(QHostAddress::LocalHost, 0);
    }
    quint16 tlsPort() const { return m_tls.serverPort(); }

    Handler handler;
    QList<FakeRequest> requests;
    int open = 0;    // connections open now
    int maxOpen = 0; // most connections open at once
    QList<QPointer<FakeConnection>> connections;

private:
    void accept(QIODevice *socket)
    {
        auto *c = new FakeConnection(socket, [this](const FakeRequest &r, FakeConnection *conn) {
            requests.append(r);
            if (handler)
                handler(r, conn);
        });
        c->setParent(this);
        connections.append(c);
        ++open;
        maxOpen = std::max(maxOpen, open);
        auto closed = [this, c] {
            --open;
            c->deleteLater();
        };
        if (auto *l = qobject_cast<QLocalSocket *>(socket))
            connect(l, &QLocalSocket::disconnected, this, closed);
        else if (auto *t = qobject_cast<QTcpSocket *>(socket))
            connect(t, &QTcpSocket::disconnected, this, closed);
    }

    QLocalServer m_local;
    QTcpServer m_tcp;
    QSslServer m_tls;
};

/// Waits (spinning the event loop; test code only) for a Pending's result.
template<typename T> std::optional<fd::Result<T>> await(const Pending<T> &p, int timeoutMs = 5000)
{
    std::optional<fd::Result<T>> out;
    QObject context;
    p.then(&context, [&out](const fd::Result<T> &r) { out = r; });
    (void)QTest::qWaitFor([&out] { return out.has_value(); }, timeoutMs);
    return out;
}

NetworkCreateSpec networkSpec(const QString &name)
{
    NetworkCreateSpec spec;
    spec.name = name;
    return spec;
}

const QByteArray kVersionJson =
    R"({"Platform":{"Name":""},"Version":"20.10.24+dfsg1","ApiVersion":"1.41","MinAPIVersion":"1.12","GitCommit":"5d6db84","GoVersion":"go1.19.8","Os":"linux","Arch":"amd64","KernelVersion":"6.1.0"})";

} // namespace

class TestDockerClientFake final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void version();
    void versionOverTcp();
    void versionOverTls();
    void pingChecksTheApiVersion();
    void createSendsExposedPortsAndBindings();
    void errors_data();
    void errors();
    void garbageIsProtocol();
    void neverAnswered();
    void noDaemon();
    void queuedRequestTimesOut();
    void connectionsAreBounded();
    void cancelClosesTheConnection();
    void logsMultiplexedFramesSplitMidHeader();
    void logsLearnTtyFromInspect();
    void followLogs();
    void statsStreamSkipsEmptyFrames();
    void statsOnce();
    void eventsReconnectWithSince();
    void eventsResyncAfterLongGap();
    void pullReportsProgressAndErrors();
    void buildSendsTarAndReportsProgress();
    void listContainersSendsLabelFilters();
    void createNetworkWithCheckDuplicate();
    void networkErrors_data();
    void networkErrors();
    void listNetworksSendsLabelFilters();
    void networkCallsTimeOut();
    void createAttachesTheNetwork();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeDaemon> m_daemon;
    std::unique_ptr<DockerEngineClient> m_engine;
    DockerClient *m_client = nullptr; // the interface: its defaults are the ones callers get
    QString m_socketPath;
};

void TestDockerClientFake::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_socketPath = m_dir->filePath(QStringLiteral("docker.sock"));
    m_daemon = std::make_unique<FakeDaemon>();
    QVERIFY(m_daemon->listenUnix(m_socketPath));
    auto client = DockerEngineClient::create(QStringLiteral("unix://") + m_socketPath);
    QVERIFY(client.ok());
    m_engine = std::move(client).value();
    m_client = m_engine.get();
}

void TestDockerClientFake::cleanup()
{
    m_engine.reset();
    m_client = nullptr;
    m_daemon.reset();
    m_dir.reset();
}

void TestDockerClientFake::version()
{
    m_daemon->handler = [](const FakeRequest &, FakeConnection *c) { c->reply(200, "OK", kVersionJson); };
    const auto r = await(m_client->version());
    QVERIFY(r.has_value());
    QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().message));
    QCOMPARE((*r)->version, QStringLiteral("20.10.24+dfsg1"));
    QCOMPARE((*r)->apiVersion, QStringLiteral("1.41"));
    QCOMPARE((*r)->minApiVersion, QStringLiteral("1.12"));
    QCOMPARE((*r)->os, QStringLiteral("linux"));
    QCOMPARE(m_daemon->requests.size(), 1);
    const FakeRequest &req = m_daemon->requests.first();
    QCOMPARE(req.method, QByteArray("GET"));
    QCOMPARE(req.target, QByteArray("/v1.41/version")); // always the version prefix (spec 1.1)
    QVERIFY(!req.headers.value("host").isEmpty());
}

void TestDockerClientFake::versionOverTcp()
{
    FakeDaemon tcp;
    QVERIFY(tcp.listenTcp());
    tcp.handler = [](const FakeRequest &, FakeConnection *c) { c->reply(200, "OK", kVersionJson); };
    auto client = DockerEngineClient::create(QStringLiteral("tcp://127.0.0.1:%1").arg(tcp.tcpPort()));
    QVERIFY(client.ok());
    DockerClient &dc = *client.value();
    const auto r = await(dc.version());
    QVERIFY(r && r->ok());
    QCOMPARE((*r)->version, QStringLiteral("20.10.24+dfsg1"));
    QCOMPARE(tcp.requests.first().headers.value("host"),
             QByteArray("127.0.0.1:%1").replace("%1", QByteArray::number(tcp.tcpPort())));
}

void TestDockerClientFake::versionOverTls()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend in this Qt");
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        QSKIP("no openssl program to make a test certificate");
    // A throwaway self-signed certificate for 127.0.0.1; the client trusts it as its CA file.
    const QString cert = m_dir->filePath(QStringLiteral("server.pem"));
    const QString key = m_dir->filePath(QStringLiteral("server.key"));
    QProcess p;
    p.start(openssl,
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
             QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
             QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"),
             QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert});
    QVERIFY(p.waitForFinished(30000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());

    FakeDaemon tls;
    QVERIFY(tls.listenTls(cert, key));
    tls.handler = [](const FakeRequest &, FakeConnection *c) { c->reply(200, "OK", kVersionJson); };

    auto ep = DockerEndpoint::parse(QStringLiteral("tcp+tls://127.0.0.1:%1").arg(tls.tlsPort()));
    QVERIFY(ep.ok());
    DockerEndpoint trusted = *ep;
    trusted.caFile = cert;
    DockerEngineClient client(trusted);
    DockerClient &dc = client;
    const auto r = await(dc.version(), 10000);
    QVERIFY(r.has_value());
    QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().message));
    QCOMPARE((*r)->version, QStringLiteral("20.10.24+dfsg1"));

    // Without the CA the certificate is refused, with a message saying why.
    DockerEngineClient untrusting(*ep);
    DockerClient &uc = untrusting;
    const auto refused = await(uc.version(), 10000);
    QVERIFY(refused && !refused->ok());
    QCOMPARE(refused->error().code, QStringLiteral("EngineUnreachable"));
    QVERIFY2(refused->error().message.contains(QStringLiteral("TLS")), qPrintable(refused->error().message));
}

void TestDockerClientFake::pingChecksTheApiVersion()
{
    QByteArray api = "1.41";
    m_daemon->handler = [&api](const FakeRequest &r, FakeConnection *c) {
        QCOMPARE(r.path, QByteArray("/v1.41/_ping"));
        c->send("HTTP/1.1 200 OK\r\nApi-Version: " + api +
                "\r\nOSType: linux\r\nDocker-Experimental: false\r\nContent-Type: text/plain; charset=utf-8\r\n"
                "Content-Length: 2\r\n\r\nOK");
        c->closeWhenSent();
    };
    auto r = await(m_client->ping());
    QVERIFY(r && r->ok());
    QCOMPARE((*r)->apiVersion, QStringLiteral("1.41"));
    QCOMPARE((*r)->osType, QStringLiteral("linux"));

    api = "1.40";
    r = await(m_client->ping());
    QVERIFY(r && !r->ok());
    QCOMPARE(r->error().code, QStringLiteral("EngineError"));
    QVERIFY2(r->error().message.contains(QStringLiteral("1.40")), qPrintable(r->error().message));
}

void TestDockerClientFake::createSendsExposedPortsAndBindings()
{
    m_daemon->handler = [](const FakeRequest &, FakeConnection *c) {
        c->reply(201, "Created", R"({"Id":"4f1c0ffee","Warnings":[]})");
    };
    ContainerCreateSpec spec;
    spec.name = QStringLiteral("web-1");
    spec.image = QStringLiteral("fleetdeck/demo-web:1");
    spec.env = {QStringLiteral("PORT=8080")};
    spec.labels = {{QStringLiteral("fleetdeck.managed"), QStringLiteral("true")}};
    spec.cpuShares = 256;
    spec.memoryBytes = 128 * 1024 * 1024;
    spec.memoryReservationBytes = 64 * 1024 * 1024;
    spec.portBindings = {PortBinding{8080, QStringLiteral("tcp"), QStringLiteral("127.0.0.2"), 0},
                         PortBinding{9090, QStringLiteral("udp"), QStringLiteral("127.0.0.2"), 19090}};
    spec.healthcheck = HealthcheckSpec{
        {QStringLiteral("CMD"), QStringLiteral("/demo-web"), QStringLiteral("healthcheck")}, 1s, 2s, 0s, 3};
    spec.stopTimeout = 5;
    spec.stopSignal = QStringLiteral("SIGTERM");

    const auto r = await(m_client->createContainer(spec));
    QVERIFY(r && r->ok());
    QCOMPARE((*r)->id, QStringLiteral("4f1c0ffee"));

    const FakeRequest &req = m_daemon->requests.first();
    QCOMPARE(req.method, QByteArray("POST"));
    QCOMPARE(req.path, QByteArray("/v1.41/containers/create"));
    QCOMPARE(req.query.queryItemValue(QStringLiteral("name"), QUrl::FullyDecoded), QStringLiteral("web-1"));
    QCOMPARE(req.headers.value("content-type"), QByteArray("application/json"));
    const auto j = nlohmann::json::parse(req.body.toStdString(), nullptr, false);
    QVERIFY(!j.is_discarded());
    QCOMPARE(j.value("Image", ""), std::string("fleetdeck/demo-web:1"));
    // Spec 1.4.1: a binding works on 20.10 only for a port that is also in ExposedPorts.
    QVERIFY(j["ExposedPorts"].contains("8080/tcp"));
    QVERIFY(j["ExposedPorts"].contains("9090/udp"));
    const auto &bindings = j["HostConfig"]["PortBindings"];
    QCOMPARE(bindings["8080/tcp"][0]["HostIp"].get<std::string>(), std::string("127.0.0.2"));
    QCOMPARE(bindings["8080/tcp"][0]["HostPort"].get<std::string>(), std::string("")); // dynamic
    QCOMPARE(bindings["9090/udp"][0]["HostPort"].get<std::string>(), std::string("19090"));
    QCOMPARE(j["HostConfig"]["RestartPolicy"]["Name"].get<std::string>(), std::string("no"));
    QCOMPARE(j["HostConfig"]["CpuShares"].get<qint64>(), 256);
    QCOMPARE(j["HostConfig"]["Memory"].get<qint64>(), 128 * 1024 * 1024);
    QCOMPARE(j["HostConfig"]["MemoryReservation"].get<qint64>(), 64 * 1024 * 1024);
    QCOMPARE(j["Healthcheck"]["Interval"].get<qint64>(), 1000000000LL); // nanoseconds
    QCOMPARE(j["Healthcheck"]["Timeout"].get<qint64>(), 2000000000LL);
    QCOMPARE(j["Healthcheck"]["Retries"].get<int>(), 3);
    QCOMPARE(j["Healthcheck"]["Test"][0].get<std::string>(), std::string("CMD"));
    QCOMPARE(j["StopTimeout"].get<int>(), 5);
    QCOMPARE(j["StopSignal"].get<std::string>(), std::string("SIGTERM"));
    QCOMPARE(j["Labels"]["fleetdeck.managed"].get<std::string>(), std::string("true"));
    QCOMPARE(j["Env"][0].get<std::string>(), std::string("PORT=8080"));
}

void TestDockerClientFake::errors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");

    QTest::newRow("404") << 404 << QByteArray("Not Found") << QByteArray(R"({"message":"No such container: abc"})")
                         << QStringLiteral("NotFound") << QStringLiteral("No such container: abc");
    QTest::newRow("409") << 409 << QByteArray("Conflict") << QByteArray(R"({"message":"Container abc is not running"})")
                         << QStringLiteral("Conflict") << QStringLiteral("Container abc is not running");
    QTest::newRow("500") << 500 << QByteArray("Internal Server Error")
                         << QByteArray(R"({"message":"driver failed programming external connectivity"})")
                         << QStringLiteral("EngineError")
                         << QStringLiteral("driver failed programming external connectivity");
    QTest::newRow("400 plain text") << 400 << QByteArray("Bad Request") << QByteArray("bad parameter\n")
                                    << QStringLiteral("EngineError") << QStringLiteral("bad parameter");
    QTest::newRow("503 no body") << 503 << QByteArray("Service Unavailable") << QByteArray()
                                 << QStringLiteral("EngineError") << QStringLiteral("HTTP 503");
}

void TestDockerClientFake::errors()
{
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, message);
    m_daemon->handler = [&](const FakeRequest &, FakeConnection *c) { c->reply(status, reason, body); };
    const auto r = await(m_client->killContainer(QStringLiteral("abc")));
    QVERIFY(r.has_value());
    QVERIFY(!r->ok());
    QCOMPARE(r->error().code, code);
    QVERIFY2(r->error().message.contains(message), qPrintable(r->error().message));
}

void TestDockerClientFake::garbageIsProtocol()
{
    m_daemon->handler = [](const FakeRequest &, FakeConnection *c) {
        c->send("SSH-2.0-OpenSSH_9.2\r\n\r\n");
        c->closeWhenSent();
    };
    const auto r = await(m_client->inspectContainer(QStringLiteral("abc")));
    QVERIFY(r && !r->ok());
    QCOMPARE(r->error().code, QStringLiteral("Protocol"));

    // HTTP, but the body is not JSON.
    m_daemon->handler = [](const FakeRequest &, FakeConnection *c) {
        c->reply(200, "OK", "<html>proxy</html>", "text/html");
    };
    const auto r2 = await(m_client->inspectContainer(QStringLiteral("abc")));
    QVERIFY(r2 && !r2->ok());
    QCOMPARE(r2->error().code, QStringLiteral("Protocol"));
}

void TestDockerClientFake::neverAnswered()
{
    m_daemon->handler = [](const FakeRequest &, FakeConnection *) {}; // reads the request, says nothing
    QElapsedTimer t;
    t.start();
    const auto r = await(m_client->inspectContainer(QStringLiteral("abc"), 300ms), 5000);
    const qint64 elapsed = t.elapsed();
    QVERIFY(r.has_value());
    QVERIFY(!r->ok());
    QCOMPARE(r->error().code, QStringLiteral("Timeout"));
    QVERIFY2(r->error().message.contains(QStringLiteral("0.3 s")), qPrintable(r->error().message));
    QVERIFY2(elapsed >= 290 && elapsed < 2000, qPrintable(QString::number(elapsed)));
    // The timed-out request's connection is closed.
    QTRY_COMPARE(m_daemon->open, 0);
}

void TestDockerClientFake::noDaemon()
{
    auto client =
        DockerEngineClient::create(QStringLiteral("unix://") + m_dir->filePath(QStringLiteral("nobody.sock")));
    QVERIFY(client.ok());
    DockerClient &dc = *client.value();
    QElapsedTimer t;
    t.start();
    const auto r = await(dc.ping());
    QVERIFY(r && !r->ok());
    QCOMPARE(r->error().code, QStringLiteral("EngineUnreachable"));
    QVERIFY2(r->error().message.contains(QStringLiteral("nobody.sock")), qPrintable(r->error().message));
    QVERIFY(t.elapsed() < 1000);

    // A TCP port nobody listens on.
    auto tcp = DockerEngineClient::create(QStringLiteral("tcp://127.0.0.1:%1").arg(fd::test::freeLoopbackPort()));
    QVERIFY(tcp.ok());
    DockerClient &tc = *tcp.value();
    const auto r2 = await(tc.version());
    QVERIFY(r2 && !r2->ok());
    QCOMPARE(r2->error().code, QStringLiteral("EngineUnreachable"));
}

void TestDockerClientFake::queuedRequestTimesOut()
{
    // One connection, held by a request that is never answered: the next one times out in the queue.
    m_engine->setMaxConnections(1);
    m_daemon->handler = [](const FakeRequest &, FakeConnection *) {};
    auto first = m_client->inspectContainer(QStringLiteral("a"), 2000ms);
    const auto second = await(m_client->inspectContainer(QStringLiteral("b"), 200ms));
    QVERIFY(second && !second->ok());
    QCOMPARE(second->error().code, QStringLiteral("Timeout"));
    QCOMPARE(m_engine->activeRequests(), 1);
    first.cancel();
    QTRY_COMPARE(m_engine->activeRequests(), 0);
    QCOMPARE(m_daemon->requests.size(), 1); // "b" never reached the daemon
}

void TestDockerClientFake::connectionsAreBounded()
{
    m_engine->setMaxConnections(2);
    m_daemon->handler = [](const FakeRequest &, FakeConnection *c) {
        QTimer::singleShot(50, c, [c] { c->reply(200, "OK", kVersionJson); });
    };
    QList<Pending<VersionInfo>> calls;
    for (int i = 0; i < 6; ++i)
        calls.append(m_client->version());
    QCOMPARE(m_engine->queuedRequests() + m_engine->activeRequests(), 6);
    for (const auto &c : calls) {
        const auto r = await(c);
        QVERIFY(r && r->ok());
    }
    QCOMPARE(m_daemon->requests.size(), 6);
    QVERIFY2(m_daemon->maxOpen <= 2, qPrintable(QString::number(m_daemon->maxOpen)));
    QCOMPARE(m_engine->activeRequests(), 0);
}

void TestDockerClientFake::cancelClosesTheConnection()
{
    m_daemon->handler = [](const FakeRequest &, FakeConnection *) {};
    bool called = false;
    auto p = m_client->inspectContainer(QStringLiteral("abc"));
    p.then(this, [&called](const auto &) { called = true; });
    QTRY_COMPARE(m_daemon->requests.size(), 1);
    p.cancel();
    QTRY_COMPARE(m_daemon->open, 0);
    QTest::qWait(50);
    QVERIFY(!called);
    QVERIFY(p.isCancelled());
}

void TestDockerClientFake::logsMultiplexedFramesSplitMidHeader()
{
    const QByteArray stream = frame(1, "listening on 0.0.0.0:8080\n") + frame(2, "warning: low ") +
                              frame(2, "memory\n") + frame(1, "GET /health 200\nGET / 200\n") +
                              frame(1, "no newline at the end");
    m_daemon->handler = [&stream](const FakeRequest &r, FakeConnection *c) {
        QCOMPARE(r.path, QByteArray("/v1.41/containers/web/logs"));
        QCOMPARE(r.query.queryItemValue(QStringLiteral("stdout")), QStringLiteral("1"));
        QCOMPARE(r.query.queryItemValue(QStringLiteral("stderr")), QStringLiteral("1"));
        QCOMPARE(r.query.queryItemValue(QStringLiteral("follow")), QStringLiteral("0"));
        c->startChunked("application/vnd.docker.raw-stream");
        // Chunk boundaries inside frame headers: after 3 bytes of the second header, and so on.
        const qsizetype firstHeaderEnd = 8 + 26;
        c->send(chunk(stream.left(firstHeaderEnd + 3)));
        c->send(chunk(stream.mid(firstHeaderEnd + 3, 7)));
        c->send(chunk(stream.mid(firstHeaderEnd + 10)));
        c->endChunked();
    };
    LogOptions o;
    o.tty = false;
    const auto r = await(m_client->logs(QStringLiteral("web"), o));
    QVERIFY(r && r->ok());
    const QList<LogLine> &lines = r->value();
    QCOMPARE(lines.size(), 5);
    QCOMPARE(lines[0].text, QByteArray("listening on 0.0.0.0:8080"));
    QCOMPARE(lines[0].source, LogSource::Stdout);
    QCOMPARE(lines[1].text, QByteArray("warning: low memory")); // one line written in two frames
    QCOMPARE(lines[1].source, LogSource::Stderr);
    QCOMPARE(lines[2].text, QByteArray("GET /health 200"));
    QCOMPARE(lines[3].text, QByteArray("GET / 200"));
    QCOMPARE(lines[4].text, QByteArray("no newline at the end"));
}

void TestDockerClientFake::logsLearnTtyFromInspect()
{
    // A TTY container's log is raw output without frame headers (spec 1.9); the client inspects
    // first when the caller does not say.
    m_daemon->handler = [](const FakeRequest &r, FakeConnection *c) {
        if (r.path.endsWith("/json")) {
            c->reply(200, "OK", R"({"Id":"t","Name":"/t","Config":{"Tty":true},"State":{"Status":"running"}})");
            return;
        }
        c->startChunked();
        c->send(chunk("2026-11-24T23:55:52.123456789Z hello\r\n2026-11-24T23:55:53.5Z wor"));
        c->send(chunk("ld\r\n"));
        c->endChunked();
    };
    LogOptions o;
    o.timestamps = true;
    const auto r = await(m_client->logs(QStringLiteral("t"), o));
    QVERIFY(r && r->ok());
    QCOMPARE(m_daemon->requests.size(), 2);
    QCOMPARE(m_daemon->requests[1].query.queryItemValue(QStringLiteral("timestamps")), QStringLiteral("1"));
    const QList<LogLine> &lines = r->value();
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0].text, QByteArray("hello"));
    QCOMPARE(lines[0].timestamp, QDateTime(QDate(2026, 11, 24), QTime(23, 55, 52, 123), Qt::UTC));
    QCOMPARE(lines[1].text, QByteArray("world"));
    QCOMPARE(lines[1].timestamp, QDateTime(QDate(2026, 11, 24), QTime(23, 55, 53, 500), Qt::UTC));
}

void TestDockerClientFake::followLogs()
{
    QPointer<FakeConnection> conn;
    m_daemon->handler = [&conn](const FakeRequest &r, FakeConnection *c) {
        QCOMPARE(r.query.queryItemValue(QStringLiteral("follow")), QStringLiteral("1"));
        conn = c;
        c->startChunked();
        c->send(chunk(frame(1, "one\n") + frame(2, "tw")));
    };
    LogOptions o;
    o.tty = false;
    auto stream = m_client->followLogs(QStringLiteral("web"), o);
    QSignalSpy lines(stream.get(), &LogStream::line);
    QSignalSpy finished(stream.get(), &LogStream::finished);
    QTRY_COMPARE(lines.size(), 1);
    QVERIFY(conn);
    conn->send(chunk(frame(2, "o\n")));
    QTRY_COMPARE(lines.size(), 2);
    QCOMPARE(lines[1][0].value<LogLine>().text, QByteArray("two"));
    QCOMPARE(lines[1][0].value<LogLine>().source, LogSource::Stderr);
    QCOMPARE(finished.size(), 0);
    conn->endChunked(); // the container stopped
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished[0][0].toString(), QString());
}

void TestDockerClientFake::statsStreamSkipsEmptyFrames()
{
    const QByteArray live1 =
        R"({"read":"2026-11-24T23:55:52.1Z","preread":"0001-01-01T00:00:00Z","id":"abc","name":"/web","cpu_stats":{"cpu_usage":{"total_usage":1000000},"system_cpu_usage":2000000000,"online_cpus":2},"precpu_stats":{"cpu_usage":{"total_usage":0}},"memory_stats":{"usage":10485760,"limit":2147483648,"stats":{"total_inactive_file":1048576}},"networks":{"eth0":{"rx_bytes":100,"tx_bytes":50}},"blkio_stats":{"io_service_bytes_recursive":[{"major":8,"minor":0,"op":"Read","value":4096},{"major":8,"minor":0,"op":"Write","value":8192}]}})";
    const QByteArray empty =
        R"({"read":"0001-01-01T00:00:00Z","preread":"0001-01-01T00:00:00Z","id":"abc","name":"/web","cpu_stats":{"cpu_usage":{"total_usage":0}},"memory_stats":{}})";
    const QByteArray live2 =
        R"({"read":"2026-11-24T23:55:53.1Z","preread":"2026-11-24T23:55:52.1Z","id":"abc","cpu_stats":{"cpu_usage":{"total_usage":501000000},"system_cpu_usage":4000000000,"online_cpus":2},"precpu_stats":{"cpu_usage":{"total_usage":1000000},"system_cpu_usage":2000000000},"memory_stats":{"usage":20000000,"limit":2147483648,"stats":{"inactive_file":1000000}}})";
    m_daemon->handler = [&](const FakeRequest &r, FakeConnection *c) {
        QCOMPARE(r.path, QByteArray("/v1.41/containers/abc/stats"));
        QCOMPARE(r.query.queryItemValue(QStringLiteral("stream")), QStringLiteral("1"));
        c->startChunked();
        c->send(chunk(live1.left(30)));
        c->send(chunk(live1.mid(30) + "\n" + empty + "\n"));
        c->send(chunk(live2 + "\n"));
        c->endChunked(); // the container was removed
    };
    auto stream = m_client->streamStats(QStringLiteral("abc"));
    QSignalSpy stats(stream.get(), &StatsStream::stats);
    QSignalSpy finished(stream.get(), &StatsStream::finished);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished[0][0].toString(), QString()); // ended by the engine, not an error
    QCOMPARE(stats.size(), 2);
    const auto a = stats[0][0].value<ContainerStats>();
    QCOMPARE(a.memoryUsage, quint64(10485760));
    QCOMPARE(a.memoryCache, quint64(1048576)); // cgroup v1: total_inactive_file
    QCOMPARE(a.cgroupVersion, 1);
    QCOMPARE(a.memoryUsed(), quint64(10485760 - 1048576));
    QCOMPARE(a.networkRxBytes, quint64(100));
    QCOMPARE(a.blockReadBytes, quint64(4096));
    QCOMPARE(a.blockWriteBytes, quint64(8192));
    QVERIFY(qIsNaN(a.cpuPercent())); // no previous sample on the first frame
    const auto b = stats[1][0].value<ContainerStats>();
    QCOMPARE(b.cgroupVersion, 2);
    QCOMPARE(b.memoryCache, quint64(1000000));
    // 0.5 s of CPU over 2 s of host CPU time on 2 CPUs: 0.5 / 2 * 2 * 100 = 50 %.
    QCOMPARE(b.cpuPercent(), 50.0);
}

void TestDockerClientFake::statsOnce()
{
    m_daemon->handler = [](const FakeRequest &r, FakeConnection *c) {
        QCOMPARE(r.query.queryItemValue(QStringLiteral("stream")), QStringLiteral("0"));
        QCOMPARE(r.query.queryItemValue(QStringLiteral("one-shot")), QStringLiteral("1"));
        c->reply(200, "OK",
                 R"({"read":"2026-11-24T23:55:52.1Z","id":"abc","memory_stats":{"usage":4096,"limit":8192}})"
                 "\n");
    };
    const auto r = await(m_client->statsOnce(QStringLiteral("abc")));
    QVERIFY(r && r->ok());
    QCOMPARE((*r)->memoryUsage, quint64(4096));
    QCOMPARE((*r)->memoryLimit, quint64(8192));
}

void TestDockerClientFake::eventsReconnectWithSince()
{
    const QByteArray e1 =
        R"({"status":"create","id":"c1","from":"img","Type":"container","Action":"create","Actor":{"ID":"c1","Attributes":{"name":"web","fleetdeck.managed":"true"}},"scope":"local","time":1795561807,"timeNano":1795561807000000100})";
    const QByteArray e2 =
        R"({"Type":"container","Action":"start","Actor":{"ID":"c1","Attributes":{}},"time":1795561807,"timeNano":1795561807000000200})";
    const QByteArray e3 =
        R"({"Type":"container","Action":"health_status: healthy","Actor":{"ID":"c1","Attributes":{}},"time":1795561808,"timeNano":1795561808000000300})";
    int connection = 0;
    m_daemon->handler = [&](const FakeRequest &r, FakeConnection *c) {
        QCOMPARE(r.path, QByteArray("/v1.41/events"));
        ++connection;
        c->startChunked();
        if (connection == 1) {
            c->send(chunk(e1 + "\n" + e2.left(25)));
            c->send(chunk(e2.mid(25) + "\n"));
            c->closeWhenSent(); // the engine went away mid-stream (no terminal chunk)
        } else {
            c->send(chunk(e2 + "\n")); // the replay repeats the event at exactly `since`
            c->send(chunk(e3 + "\n"));
        }
    };
    EventSubscription::Options options;
    options.filters = {{QStringLiteral("type"), {QStringLiteral("container")}},
                       {QStringLiteral("label"), {QStringLiteral("fleetdeck.managed=true")}}};
    auto sub = m_client->subscribeEvents(options);
    QSignalSpy events(sub.get(), &EventSubscription::event);
    QSignalSpy connected(sub.get(), &EventSubscription::connected);
    QSignalSpy disconnected(sub.get(), &EventSubscription::disconnected);
    QSignalSpy resync(sub.get(), &EventSubscription::resyncNeeded);

    QTRY_COMPARE(events.size(), 2);
    QTRY_COMPARE(disconnected.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, 5000); // after the 0.5 s back-off
    QTRY_COMPARE(events.size(), 3);
    QTest::qWait(50);
    QCOMPARE(events.size(), 3); // e2 was not delivered twice
    QCOMPARE(resync.size(), 0);
    QVERIFY(sub->isConnected());

    const auto first = events[0][0].value<DockerEvent>();
    QCOMPARE(first.action, QStringLiteral("create"));
    QCOMPARE(first.id, QStringLiteral("c1"));
    QCOMPARE(first.attributes.value(QStringLiteral("name")), QStringLiteral("web"));
    QCOMPARE(first.timeNano, 1795561807000000100LL);
    const auto third = events[2][0].value<DockerEvent>();
    QCOMPARE(third.healthStatus(), QStringLiteral("healthy"));

    QCOMPARE(m_daemon->requests.size(), 2);
    const auto filters = nlohmann::json::parse(
        m_daemon->requests[0].query.queryItemValue(QStringLiteral("filters"), QUrl::FullyDecoded).toStdString(),
        nullptr, false);
    QVERIFY(!filters.is_discarded());
    QCOMPARE(filters["label"][0].get<std::string>(), std::string("fleetdeck.managed=true"));
    QVERIFY(!m_daemon->requests[0].query.hasQueryItem(QStringLiteral("since")));
    QCOMPARE(m_daemon->requests[1].query.queryItemValue(QStringLiteral("since")),
             QStringLiteral("1795561807.000000200"));
    QCOMPARE(sub->lastEventTimeNano(), 1795561808000000300LL);
}

void TestDockerClientFake::eventsResyncAfterLongGap()
{
    int connection = 0;
    m_daemon->handler = [&](const FakeRequest &, FakeConnection *c) {
        ++connection;
        c->startChunked();
        c->send(chunk(R"({"Type":"container","Action":"die","Actor":{"ID":"c1"},"timeNano":1795561807000000100})"
                      "\n"));
        if (connection == 1)
            c->closeWhenSent();
    };
    EventSubscription::Options options;
    options.resyncThreshold = 100ms; // shorter than the first back-off (0.5 s)
    auto sub = m_client->subscribeEvents(options);
    QSignalSpy connected(sub.get(), &EventSubscription::connected);
    QSignalSpy resync(sub.get(), &EventSubscription::resyncNeeded);
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, 5000);
    QTRY_COMPARE(resync.size(), 1);
    QCOMPARE(m_daemon->requests.size(), 2);
    QVERIFY(!m_daemon->requests[1].query.hasQueryItem(QStringLiteral("since"))); // from now: replay can't cover it
}

void TestDockerClientFake::pullReportsProgressAndErrors()
{
    m_daemon->handler = [](const FakeRequest &r, FakeConnection *c) {
        QCOMPARE(r.path, QByteArray("/v1.41/images/create"));
        const QString from = r.query.queryItemValue(QStringLiteral("fromImage"), QUrl::FullyDecoded);
        if (from == QLatin1String("blackhole.invalid/slow"))
            return; // a registry that swallows packets: the engine says nothing
        if (from == QLatin1String("registry.invalid/nope")) {
            c->reply(
                500, "Internal Server Error",
                R"({"message":"Get \"https://registry.invalid/v2/\": dial tcp: lookup registry.invalid: no such host"})");
            return;
        }
        QCOMPARE(r.query.queryItemValue(QStringLiteral("tag")), QStringLiteral("3"));
        c->startChunked();
        c->send(chunk(
            R"({"status":"Pulling from library/alpine","id":"3"})"
            "\n"
            R"({"status":"Downloading","progressDetail":{"current":100,"total":400},"progress":"[==>   ]","id":"l1"})"
            "\n"));
        c->send(chunk(R"({"status":"Downloading","progressDetail":{"current":400,"total":400},"id":"l1"})"
                      "\n"));
        if (from == QLatin1String("example/broken"))
            c->send(chunk(R"({"errorDetail":{"message":"unexpected EOF"},"error":"unexpected EOF"})"
                          "\n"));
        else
            c->send(chunk(R"({"status":"Pull complete","progressDetail":{},"id":"l1"})"
                          "\n"
                          R"({"status":"Digest: sha256:abc"})"
                          "\n"
                          R"({"status":"Status: Downloaded newer image for alpine:3"})"
                          "\n"));
        c->endChunked();
    };
    QList<PullProgress> progress;
    const auto ok =
        await(m_client->pullImage(QStringLiteral("alpine:3"), [&](const PullProgress &p) { progress.append(p); }));
    QVERIFY(ok && ok->ok());
    QCOMPARE((*ok)->digest, QStringLiteral("sha256:abc"));
    QVERIFY((*ok)->status.contains(QStringLiteral("Downloaded newer image")));
    QVERIFY(progress.size() >= 4);
    QCOMPARE(progress[1].layerId, QStringLiteral("l1"));
    QCOMPARE(progress[1].current, 100);
    QCOMPARE(progress[1].total, 400);
    QCOMPARE(progress[1].overallTotal, 400);

    const auto broken = await(m_client->pullImage(QStringLiteral("example/broken:3")));
    QVERIFY(broken && !broken->ok());
    QCOMPARE(broken->error().code, QStringLiteral("EngineError")); // reported inside the 200 stream
    QVERIFY2(broken->error().message.contains(QStringLiteral("unexpected EOF")), qPrintable(broken->error().message));

    const auto invalid = await(m_client->pullImage(QStringLiteral("registry.invalid/nope:1")));
    QVERIFY(invalid && !invalid->ok());
    QCOMPARE(invalid->error().code, QStringLiteral("EngineError"));
    QVERIFY2(invalid->error().message.startsWith(QStringLiteral("Cannot pull registry.invalid/nope:1: ")),
             qPrintable(invalid->error().message));
    QVERIFY(invalid->error().message.contains(QStringLiteral("no such host")));

    QElapsedTimer t;
    t.start();
    const auto silent = await(m_client->pullImage(QStringLiteral("blackhole.invalid/slow:1"), {}, 300ms));
    QVERIFY(silent && !silent->ok());
    QCOMPARE(silent->error().code, QStringLiteral("Timeout"));
    QVERIFY2(silent->error().message.startsWith(QStringLiteral("Cannot pull blackhole.invalid/slow:1: ")),
             qPrintable(silent->error().message));
    QVERIFY(t.elapsed() < 2000);
}

void TestDockerClientFake::buildSendsTarAndReportsProgress()
{
    QByteArray receivedTar;
    m_daemon->handler = [&](const FakeRequest &r, FakeConnection *c) {
        QCOMPARE(r.path, QByteArray("/v1.41/build"));
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/x-tar"));
        QCOMPARE(r.query.allQueryItemValues(QStringLiteral("t"), QUrl::FullyDecoded),
                 QStringList({QStringLiteral("demo/x:1"), QStringLiteral("demo/x:latest")}));
        QCOMPARE(r.query.queryItemValue(QStringLiteral("version")), QStringLiteral("1"));
        const auto args = nlohmann::json::parse(
            r.query.queryItemValue(QStringLiteral("buildargs"), QUrl::FullyDecoded).toStdString(), nullptr, false);
        QCOMPARE(args.value("REVISION", ""), std::string("7"));
        receivedTar = r.body;
        c->startChunked();
        c->send(chunk(R"({"stream":"Step 1/2 : FROM scratch\n"})"
                      "\n"
                      R"({"stream":"\n"})"
                      "\n"
                      R"({"stream":"Step 2/2 : LABEL a=b\n ---\u003e Running in 1234\n"})"
                      "\n"));
        c->send(chunk(R"({"aux":{"ID":"sha256:feedbeef"}})"
                      "\n"
                      R"({"stream":"Successfully built feedbeef\n"})"
                      "\n"));
        c->endChunked();
    };
    BuildSpec spec;
    spec.contextDirectory = m_dir->path() + QStringLiteral("/ctx");
    QVERIFY(QDir().mkpath(spec.contextDirectory));
    QFile df(spec.contextDirectory + QStringLiteral("/Dockerfile"));
    QVERIFY(df.open(QIODevice::WriteOnly));
    df.write("FROM scratch\nLABEL a=b\n");
    df.close();
    spec.tags = {QStringLiteral("demo/x:1"), QStringLiteral("demo/x:latest")};
    spec.buildArgs = {{QStringLiteral("REVISION"), QStringLiteral("7")}};
    QStringList lines;
    const auto r = await(m_client->buildImage(spec, [&](const BuildProgress &p) { lines.append(p.line); }));
    QVERIFY(r.has_value());
    QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().message));
    QCOMPARE((*r)->imageId, QStringLiteral("sha256:feedbeef"));
    QCOMPARE(lines,
             QStringList({QStringLiteral("Step 1/2 : FROM scratch"), QStringLiteral("Step 2/2 : LABEL a=b"),
                          QStringLiteral("---> Running in 1234"), QStringLiteral("Successfully built feedbeef")}));
    // A ustar archive holding the Dockerfile.
    QVERIFY(receivedTar.size() >= 3 * 512);
    QCOMPARE(receivedTar.left(10), QByteArray("Dockerfile"));
    QCOMPARE(receivedTar.mid(257, 5), QByteArray("ustar"));
    QCOMPARE(receivedTar.mid(512, 23), QByteArray("FROM scratch\nLABEL a=b\n"));

    // A failing step arrives inside the 200 stream.
    m_daemon->handler = [](const FakeRequest &, FakeConnection *c) {
        c->startChunked();
        c->send(chunk(
            R"({"stream":"Step 1/1 : FROM nothing\n"})"
            "\n"
            R"({"errorDetail":{"message":"pull access denied for nothing"},"error":"pull access denied for nothing"})"
            "\n"));
        c->endChunked();
    };
    BuildSpec bad;
    bad.contextTar = receivedTar;
    const auto failed = await(m_client->buildImage(bad));
    QVERIFY(failed && !failed->ok());
    QCOMPARE(failed->error().code, QStringLiteral("EngineError"));
    QVERIFY(failed->error().message.contains(QStringLiteral("pull access denied for nothing")));
}

void TestDockerClientFake::listContainersSendsLabelFilters()
{
    m_daemon->handler = [](const FakeRequest &, FakeConnection *c) {
        c->reply(
            200, "OK",
            R"json([{"Id":"c1","Names":["/web-1"],"Image":"fleetdeck/demo-web:1","State":"running","Status":"Up 2 seconds (healthy)","Labels":{"fleetdeck.test":"1"},"Ports":[{"IP":"127.0.0.1","PrivatePort":8080,"PublicPort":49153,"Type":"tcp"}],"Created":1795561807},{"Id":"c2","Names":null,"Labels":null,"Ports":null}])json");
    };
    ContainerListQuery q;
    q.all = true;
    q.labels = {QStringLiteral("fleetdeck.test=1"), QStringLiteral("fleetdeck.managed")};
    const auto r = await(m_client->listContainers(q));
    QVERIFY(r && r->ok());
    QCOMPARE(r->value().size(), 2);
    const ContainerSummary &c = r->value().first();
    QCOMPARE(c.names, QStringList{QStringLiteral("web-1")});
    QCOMPARE(c.state, QStringLiteral("running"));
    QCOMPARE(c.ports.first().hostPort, quint16(49153));
    QCOMPARE(c.labels.value(QStringLiteral("fleetdeck.test")), QStringLiteral("1"));
    QVERIFY(r->value()[1].names.isEmpty()); // nulls read as empty
    const FakeRequest &req = m_daemon->requests.first();
    QCOMPARE(req.query.queryItemValue(QStringLiteral("all")), QStringLiteral("1"));
    const auto filters = nlohmann::json::parse(
        req.query.queryItemValue(QStringLiteral("filters"), QUrl::FullyDecoded).toStdString(), nullptr, false);
    QVERIFY(!filters.is_discarded());
    QCOMPARE(filters["label"].size(), size_t(2));
    QCOMPARE(filters["label"][0].get<std::string>(), std::string("fleetdeck.test=1"));
}

void TestDockerClientFake::createNetworkWithCheckDuplicate()
{
    m_daemon->handler = [](const FakeRequest &, FakeConnection *c) {
        c->maxPiece = 3; // the answer arrives in pieces of 1-3 bytes
        c->reply(201, "Created", R"({"Id":"eb56ab22a2207755","Warning":""})");
    };
    NetworkCreateSpec spec;
    spec.name = QStringLiteral("fd-task-3f2c");
    spec.labels = {{QStringLiteral("fleetdeck.task"), QStringLiteral("3f2c")}};
    const auto r = await(m_client->createNetwork(spec));
    QVERIFY(r.has_value());
    QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().message));
    QCOMPARE((*r)->id, QStringLiteral("eb56ab22a2207755"));
    QVERIFY((*r)->warning.isEmpty());

    const FakeRequest &req = m_daemon->requests.first();
    QCOMPARE(req.method, QByteArray("POST"));
    QCOMPARE(req.target, QByteArray("/v1.41/networks/create"));
    QCOMPARE(req.headers.value("content-type"), QByteArray("application/json"));
    const auto j = nlohmann::json::parse(req.body.toStdString(), nullptr, false);
    QVERIFY(!j.is_discarded());
    QCOMPARE(j.value("Name", ""), std::string("fd-task-3f2c"));
    QCOMPARE(j.value("CheckDuplicate", false), true);
    QCOMPARE(j.value("Driver", ""), std::string("bridge"));
    QCOMPARE(j.value("Internal", true), false);
    QCOMPARE(j["Labels"]["fleetdeck.task"].get<std::string>(), std::string("3f2c"));
}

void TestDockerClientFake::networkErrors_data()
{
    QTest::addColumn<QString>("call");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");

    // The engine's own words (20.10.24).
    QTest::newRow("create: name taken") << "create" << 409
                                        << QByteArray(R"({"message":"network with name fd-task-1 already exists"})")
                                        << QStringLiteral("Conflict")
                                        << QStringLiteral("network with name fd-task-1 already exists");
    QTest::newRow("remove: no such network")
        << "remove" << 404 << QByteArray(R"({"message":"network fd-task-1 not found"})") << QStringLiteral("NotFound")
        << QStringLiteral("network fd-task-1 not found");
    // 403 for a network that still has running containers: a conflict the caller waits out.
    QTest::newRow("remove: containers on it")
        << "remove" << 403
        << QByteArray(R"({"message":"error while removing network: network fd-task-1 id eb56 has active endpoints"})")
        << QStringLiteral("Conflict") << QStringLiteral("has active endpoints");
    // Other 403s are not conflicts: waiting will not help.
    QTest::newRow("remove: predefined") << "remove" << 403
                                        << QByteArray(
                                               R"({"message":"bridge is a pre-defined network and cannot be removed"})")
                                        << QStringLiteral("EngineError") << QStringLiteral("pre-defined network");
    QTest::newRow("list: 500") << "list" << 500 << QByteArray(R"({"message":"boom"})") << QStringLiteral("EngineError")
                               << QStringLiteral("boom");
}

void TestDockerClientFake::networkErrors()
{
    QFETCH(QString, call);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, message);
    m_daemon->handler = [&](const FakeRequest &, FakeConnection *c) { c->reply(status, "Whatever", body); };
    std::optional<fd::Error> error;
    if (call == u"create") {
        const auto r = await(m_client->createNetwork(networkSpec(QStringLiteral("fd-task-1"))));
        QVERIFY(r && !r->ok());
        error = r->error();
    } else if (call == u"remove") {
        const auto r = await(m_client->removeNetwork(QStringLiteral("fd-task-1")));
        QVERIFY(r && !r->ok());
        error = r->error();
        QCOMPARE(m_daemon->requests.first().method, QByteArray("DELETE"));
        QCOMPARE(m_daemon->requests.first().target, QByteArray("/v1.41/networks/fd-task-1"));
    } else {
        const auto r = await(m_client->listNetworks());
        QVERIFY(r && !r->ok());
        error = r->error();
    }
    QCOMPARE(error->code, code);
    QVERIFY2(error->message.contains(message), qPrintable(error->message));
}

void TestDockerClientFake::listNetworksSendsLabelFilters()
{
    m_daemon->handler = [](const FakeRequest &, FakeConnection *c) {
        c->startChunked();
        // The engine's list, chunked, the chunks cutting through names and keys.
        c->send(chunk(R"([{"Name":"fd-tas)"));
        c->send(chunk(R"(k-1","Id":"eb56","Driver":"bridge","Labels":{"fleetdeck.task":"1","fleetdeck.test":"1"}},)"));
        c->send(chunk(R"({"Name":"fd-task-2","Id":"ab12","Driver":"bridge","Lab)"));
        c->send(chunk(R"(els":{"fleetdeck.test":"1"}}])"));
        c->endChunked();
    };
    const auto r =
        await(m_client->listNetworks({QStringLiteral("fleetdeck.test=1"), QStringLiteral("fleetdeck.task")}));
    QVERIFY(r && r->ok());
    QCOMPARE((*r)->size(), 2);
    QCOMPARE((*r)->at(0).name, QStringLiteral("fd-task-1"));
    QCOMPARE((*r)->at(0).labels.value(QStringLiteral("fleetdeck.task")), QStringLiteral("1"));
    QCOMPARE((*r)->at(1).id, QStringLiteral("ab12"));

    const FakeRequest &req = m_daemon->requests.first();
    QCOMPARE(req.method, QByteArray("GET"));
    QCOMPARE(req.path, QByteArray("/v1.41/networks"));
    const auto filters = nlohmann::json::parse(
        req.query.queryItemValue(QStringLiteral("filters"), QUrl::FullyDecoded).toStdString(), nullptr, false);
    QVERIFY(!filters.is_discarded());
    QCOMPARE(filters["label"].size(), size_t(2));
    QCOMPARE(filters["label"][1].get<std::string>(), std::string("fleetdeck.task"));

    // No labels: no filter at all (every network).
    const auto all = await(m_client->listNetworks());
    QVERIFY(all && all->ok());
    QCOMPARE(m_daemon->requests.last().target, QByteArray("/v1.41/networks"));
}

void TestDockerClientFake::networkCallsTimeOut()
{
    m_daemon->handler = [](const FakeRequest &, FakeConnection *) {}; // reads the request, says nothing
    const auto created = await(m_client->createNetwork(networkSpec(QStringLiteral("n")), 200ms));
    const auto removed = await(m_client->removeNetwork(QStringLiteral("n"), 200ms));
    const auto listed = await(m_client->listNetworks({}, 200ms));
    QVERIFY(created && removed && listed);
    QCOMPARE(created->error().code, QStringLiteral("Timeout"));
    QCOMPARE(removed->error().code, QStringLiteral("Timeout"));
    QCOMPARE(listed->error().code, QStringLiteral("Timeout"));
    QTRY_COMPARE(m_daemon->open, 0);
}

void TestDockerClientFake::createAttachesTheNetwork()
{
    m_daemon->handler = [](const FakeRequest &, FakeConnection *c) {
        c->reply(201, "Created", R"({"Id":"4f1c0ffee","Warnings":[]})");
    };
    ContainerCreateSpec spec;
    spec.name = QStringLiteral("fd-task-1-web");
    spec.image = QStringLiteral("fleetdeck/demo-web:1");
    spec.network = QStringLiteral("fd-task-1");
    spec.networkAliases = {QStringLiteral("web"), QStringLiteral("backend")};
    const auto r = await(m_client->createContainer(spec));
    QVERIFY(r && r->ok());
    const auto j = nlohmann::json::parse(m_daemon->requests.first().body.toStdString(), nullptr, false);
    QVERIFY(!j.is_discarded());
    // One call: created on the network with its aliases, no connect step after.
    QCOMPARE(j["HostConfig"]["NetworkMode"].get<std::string>(), std::string("fd-task-1"));
    const auto &aliases = j["NetworkingConfig"]["EndpointsConfig"]["fd-task-1"]["Aliases"];
    QCOMPARE(aliases.size(), size_t(2));
    QCOMPARE(aliases[0].get<std::string>(), std::string("web"));
    QCOMPARE(m_daemon->requests.size(), 1);
}

QTEST_GUILESS_MAIN(TestDockerClientFake)
#include "TestDockerClientFake.moc"
