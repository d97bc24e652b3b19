#include "docker/HttpExchange.h"

#include "docker/DockerLogging.h"

#include <QLocalSocket>
#include <QTcpSocket>
#ifndef QT_NO_SSL
#include <QSslConfiguration>
#include <QSslSocket>
#endif

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <sstream>

namespace fd::docker {

namespace http = boost::beast::http;

QString HttpRequest::describe() const
{
    const qsizetype q = target.indexOf('?');
    return QString::fromLatin1(method + ' ' + (q < 0 ? target : target.left(q)));
}

QByteArray HttpReply::header(QByteArrayView name) const
{
    for (const auto &[k, v] : headers)
        if (QByteArrayView(k).compare(name, Qt::CaseInsensitive) == 0)
            return v;
    return {};
}

namespace {

QByteArray serialize(const HttpRequest &r, const DockerEndpoint &ep)
{
    http::request<http::string_body> req;
    req.method_string(boost::beast::string_view(r.method.constData(), size_t(r.method.size())));
    req.target(boost::beast::string_view(r.target.constData(), size_t(r.target.size())));
    req.version(11);
    req.set(http::field::host, ep.hostHeader().toStdString());
    req.set(http::field::user_agent, "Fleetdeck/" FLEETDECK_VERSION);
    req.set(http::field::connection, "close");
    for (const auto &[k, v] : r.headers)
        req.set(boost::beast::string_view(k.constData(), size_t(k.size())),
                boost::beast::string_view(v.constData(), size_t(v.size())));
    if (!r.contentType.isEmpty())
        req.set(http::field::content_type,
                boost::beast::string_view(r.contentType.constData(), size_t(r.contentType.size())));
    req.body().assign(r.body.constData(), size_t(r.body.size()));
    // Content-Length, also 0 for an empty POST: the engine wants a length on every request with a method that may carry
    // a body.
    req.prepare_payload();
    if (r.method != "GET" && r.method != "HEAD" && r.body.isEmpty())
        req.content_length(0);
    std::ostringstream os;
    os << req;
    const std::string s = os.str();
    return QByteArray(s.data(), qsizetype(s.size()));
}

QString seconds(std::chrono::milliseconds ms)
{
    return ms.count() % 1000 == 0 ? QString::number(ms.count() / 1000)
                                  : QString::number(double(ms.count()) / 1000.0, 'f', 1);
}

} // namespace

HttpExchange::HttpExchange(const DockerEndpoint &endpoint, std::shared_ptr<const QSslConfiguration> tls,
                           HttpRequest request, BodyMode mode, QObject *parent)
    : QObject(parent), m_endpoint(endpoint), m_tls(std::move(tls)), m_request(std::move(request)), m_mode(mode)
{
    m_timer.setSingleShot(true);
    m_headerTimer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("Timeout"), QStringLiteral("The Docker engine did not answer %1 within %2 s.")
                                            .arg(m_request.describe(), seconds(m_timeout)));
    });
    connect(&m_headerTimer, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("Timeout"), QStringLiteral("The Docker engine did not start answering %1 within %2 s.")
                                            .arg(m_request.describe(), seconds(m_headerTimeout)));
    });
    if (m_request.method == "HEAD")
        m_reader.setHeadResponse(true);
}

HttpExchange::~HttpExchange()
{
    closeSocket();
}

void HttpExchange::setTimeout(std::chrono::milliseconds timeout)
{
    m_timeout = timeout;
    if (timeout.count() > 0)
        m_timer.start(timeout);
    else
        m_timer.stop();
}

void HttpExchange::setHeaderTimeout(std::chrono::milliseconds timeout)
{
    m_headerTimeout = timeout;
}

void HttpExchange::start()
{
    if (m_started || m_finished)
        return;
    m_started = true;
    if (m_headerTimeout.count() > 0)
        m_headerTimer.start(m_headerTimeout);
    qCDebug(lcDocker) << "->" << m_request.describe() << "on" << m_endpoint.toString();
    connectSocket();
}

void HttpExchange::abort()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    m_headerTimer.stop();
    closeSocket();
    onHeader = {};
    onLines = {};
    onBytes = {};
    onFinished = {};
    QMetaObject::invokeMethod(
        this,
        [this] {
            emit released();
            deleteLater();
        },
        Qt::QueuedConnection);
}

QString HttpExchange::unreachable(const QString &why) const
{
    return QStringLiteral("Cannot reach the Docker engine at %1: %2.").arg(m_endpoint.toString(), why);
}

void HttpExchange::connectSocket()
{
    // Signals may fire synchronously inside connectToServer()/connectToHost() (a missing socket
    // file fails at once); every handler is safe for that, and finishing is always queued.
    switch (m_endpoint.kind) {
    case DockerEndpoint::Kind::Unix: {
        auto *s = new QLocalSocket(this);
        m_device = s;
        connect(s, &QLocalSocket::connected, this, &HttpExchange::onConnected);
        connect(s, &QLocalSocket::readyRead, this, &HttpExchange::readAvailable);
        connect(s, &QLocalSocket::aboutToClose, this, &HttpExchange::readAvailable);
        connect(s, &QLocalSocket::disconnected, this, &HttpExchange::onEof);
        connect(s, &QLocalSocket::errorOccurred, this, [this, s](QLocalSocket::LocalSocketError e) {
            switch (e) {
            case QLocalSocket::PeerClosedError:
                onEof();
                return;
            case QLocalSocket::ServerNotFoundError:
                fail(QStringLiteral("EngineUnreachable"),
                     unreachable(QStringLiteral("no socket there (is the engine running? "
                                                "resources/scripts/ensure-docker.sh starts it)")));
                return;
            case QLocalSocket::ConnectionRefusedError:
                fail(QStringLiteral("EngineUnreachable"),
                     unreachable(QStringLiteral("connection refused (is the engine running?)")));
                return;
            case QLocalSocket::SocketAccessError:
                fail(QStringLiteral("EngineUnreachable"),
                     unreachable(
                         QStringLiteral("permission denied (add your user to the 'docker' group and log in again)")));
                return;
            default:
                fail(QStringLiteral("EngineUnreachable"), unreachable(s->errorString()));
                return;
            }
        });
        s->connectToServer(m_endpoint.socketPath);
        return;
    }
    case DockerEndpoint::Kind::Tcp:
    case DockerEndpoint::Kind::Tls: {
        QTcpSocket *s = nullptr;
#ifndef QT_NO_SSL
        QSslSocket *ssl = nullptr;
        if (m_endpoint.kind == DockerEndpoint::Kind::Tls) {
            ssl = new QSslSocket(this);
            if (m_tls)
                ssl->setSslConfiguration(*m_tls);
            connect(ssl, &QSslSocket::encrypted, this, &HttpExchange::onConnected);
            connect(ssl, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
                QStringList why;
                for (const QSslError &e : errors)
                    why.append(e.errorString());
                fail(QStringLiteral("EngineUnreachable"),
                     unreachable(QStringLiteral("TLS: ") + why.join(QStringLiteral("; "))));
            });
            s = ssl;
        } else
#endif
        {
            if (m_endpoint.kind == DockerEndpoint::Kind::Tls) {
                fail(QStringLiteral("EngineUnreachable"),
                     unreachable(QStringLiteral("this build of Qt has no TLS support")));
                return;
            }
            s = new QTcpSocket(this);
            connect(s, &QTcpSocket::connected, this, &HttpExchange::onConnected);
        }
        m_device = s;
        connect(s, &QTcpSocket::readyRead, this, &HttpExchange::readAvailable);
        connect(s, &QTcpSocket::aboutToClose, this, &HttpExchange::readAvailable);
        connect(s, &QTcpSocket::disconnected, this, &HttpExchange::onEof);
        connect(s, &QTcpSocket::errorOccurred, this, [this, s](QAbstractSocket::SocketError e) {
            if (e == QAbstractSocket::RemoteHostClosedError) {
                onEof();
                return;
            }
            fail(QStringLiteral("EngineUnreachable"), unreachable(s->errorString()));
        });
#ifndef QT_NO_SSL
        if (ssl) {
            ssl->connectToHostEncrypted(m_endpoint.host, m_endpoint.port);
            return;
        }
#endif
        s->connectToHost(m_endpoint.host, m_endpoint.port);
        return;
    }
    }
}

void HttpExchange::onConnected()
{
    if (m_finished || !m_device)
        return;
    m_device->write(serialize(m_request, m_endpoint));
}

void HttpExchange::readAvailable()
{
    if (m_finished || !m_device)
        return;
    const QByteArray data = m_device->readAll();
    if (data.isEmpty())
        return;
    if (const Status st = m_reader.feed(data); !st) {
        qCWarning(lcDocker) << m_request.describe() << st.error().message;
        fail(st.error().code, st.error().message);
        return;
    }
    process();
}

void HttpExchange::process()
{
    QPointer<HttpExchange> self(this);
    if (!m_headerSeen && m_reader.isHeaderDone()) {
        m_headerSeen = true;
        m_headerTimer.stop();
        const int status = m_reader.status();
        m_success = status >= 200 && status < 300;
        if (m_success && m_mode != BodyMode::Buffered && onHeader) {
            HttpReply head;
            head.status = status;
            head.headers = m_reader.headers();
            // A copy: the callback may abort() the exchange, which drops the callbacks.
            const auto cb = onHeader;
            cb(head);
            if (!self || m_finished)
                return;
        }
    }
    if (m_headerSeen && m_success && m_mode == BodyMode::Lines) {
        const QList<QByteArray> lines = m_reader.takeLines();
        if (!lines.isEmpty() && onLines) {
            const auto cb = onLines;
            cb(lines);
            if (!self || m_finished)
                return;
        }
    } else if (m_headerSeen && m_success && m_mode == BodyMode::Bytes) {
        const QByteArray bytes = m_reader.takeBody();
        if (!bytes.isEmpty() && onBytes) {
            const auto cb = onBytes;
            cb(bytes);
            if (!self || m_finished)
                return;
        }
    }
    if (m_reader.isDone()) {
        HttpReply reply;
        reply.status = m_reader.status();
        reply.headers = m_reader.headers();
        if (m_mode == BodyMode::Buffered || !m_success)
            reply.body = m_reader.takeBody();
        finish(std::move(reply));
    }
}

void HttpExchange::onEof()
{
    if (m_finished)
        return;
    readAvailable();
    if (m_finished)
        return;
    if (const Status st = m_reader.feedEof(); st && m_reader.isDone()) {
        process();
        return;
    }
    if (m_reader.bytesFed() == 0)
        fail(QStringLiteral("EngineUnreachable"),
             QStringLiteral("The Docker engine at %1 closed the connection without answering %2.")
                 .arg(m_endpoint.toString(), m_request.describe()));
    else
        fail(QStringLiteral("EngineUnreachable"),
             QStringLiteral("The connection to the Docker engine at %1 was lost during %2.")
                 .arg(m_endpoint.toString(), m_request.describe()));
}

void HttpExchange::fail(const QString &code, const QString &message)
{
    finish(makeError(code, message));
}

void HttpExchange::finish(Result<HttpReply> result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    m_headerTimer.stop();
    closeSocket();
    if (result)
        qCDebug(lcDocker) << "<-" << m_request.describe() << result->status;
    else
        qCDebug(lcDocker) << "<-" << m_request.describe() << result.error().code << result.error().message;
    QMetaObject::invokeMethod(
        this,
        [this, result = std::move(result)] {
            emit released();
            if (auto cb = std::exchange(onFinished, {}))
                cb(result);
            deleteLater();
        },
        Qt::QueuedConnection);
}

void HttpExchange::closeSocket()
{
    QIODevice *d = m_device.data();
    if (!d)
        return;
    m_device.clear();
    // Detach first: the socket may be the sender of the signal being handled right now, so it is
    // deleted from the event loop, not here.
    d->disconnect(this);
    d->setParent(nullptr);
    if (auto *l = qobject_cast<QLocalSocket *>(d))
        l->abort();
    else if (auto *t = qobject_cast<QAbstractSocket *>(d))
        t->abort();
    d->deleteLater();
}

} // namespace fd::docker
