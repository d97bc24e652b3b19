#pragma once

#include "Result.h"
#include "docker/DockerEndpoint.h"
#include "docker/HttpResponseReader.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>

class QIODevice;
class QSslConfiguration;

namespace fd::docker {

struct HttpRequest
{
    QByteArray method = "GET";
    QByteArray target; ///< "/v1.41/containers/json?all=1"
    QByteArray body;
    QByteArray contentType;
    QList<QPair<QByteArray, QByteArray>> headers;

    QString describe() const; ///< "GET /v1.41/containers/json", without the query
};

struct HttpReply
{
    int status = 0;
    QByteArray body; ///< the whole body (buffered mode, or an error answer in the streamed modes)
    QList<QPair<QByteArray, QByteArray>> headers;

    QByteArray header(QByteArrayView name) const; ///< case-insensitive; empty when absent
};

/// One HTTP request over one fresh connection to the engine (unix, tcp or tls), read with
/// HttpResponseReader; the connection is closed when the response is complete. Internal to
/// DockerEngineClient.
///
/// Callbacks: onHeader/onLines/onBytes run as data arrives (streamed modes, 2xx answers only);
/// onFinished runs exactly once from the event loop (never inside start()), unless abort() was
/// called, and the exchange deletes itself afterwards. A callback may delete or abort the exchange.
class HttpExchange final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpExchange)

public:
    enum class BodyMode {
        Buffered, ///< onFinished gets the whole body
        Lines,    ///< a 2xx body goes to onLines as complete lines (NDJSON)
        Bytes,    ///< a 2xx body goes to onBytes as it arrives (logs)
    };

    HttpExchange(const DockerEndpoint &endpoint, std::shared_ptr<const QSslConfiguration> tls, HttpRequest request,
                 BodyMode mode, QObject *parent = nullptr);
    ~HttpExchange() override;

    /// The whole exchange must be over within `timeout` from now (including any time queued
    /// before start()). Zero: no limit.
    void setTimeout(std::chrono::milliseconds timeout);
    /// The response header must arrive within `timeout` from start() (for streams). Zero: no limit.
    void setHeaderTimeout(std::chrono::milliseconds timeout);

    std::function<void(const HttpReply &head)> onHeader;
    std::function<void(const QList<QByteArray> &lines)> onLines;
    std::function<void(const QByteArray &bytes)> onBytes;
    std::function<void(const Result<HttpReply> &result)> onFinished;

    void start();
    /// Closes the connection; no callback runs afterwards.
    void abort();

    bool isStarted() const { return m_started; }
    bool isFinished() const { return m_finished; }
    const HttpRequest &request() const { return m_request; }

signals:
    /// The exchange is over (finished or aborted): its connection is closed.
    void released();

private:
    void connectSocket();
    void onConnected();
    void readAvailable();
    void process();
    void onEof();
    void fail(const QString &code, const QString &message);
    void finish(Result<HttpReply> result);
    void closeSocket();
    QString unreachable(const QString &why) const;

    DockerEndpoint m_endpoint;
    std::shared_ptr<const QSslConfiguration> m_tls;
    HttpRequest m_request;
    BodyMode m_mode;
    HttpResponseReader m_reader;
    QPointer<QIODevice> m_device;
    QTimer m_timer;
    QTimer m_headerTimer;
    std::chrono::milliseconds m_timeout{0};
    std::chrono::milliseconds m_headerTimeout{0};
    bool m_started = false;
    bool m_finished = false;
    bool m_headerSeen = false;
    bool m_success = false;
};

} // namespace fd::docker
