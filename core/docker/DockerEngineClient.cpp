#include "docker/DockerEngineClient.h"

#include "docker/DockerJson.h"
#include "docker/DockerLogging.h"
#include "docker/HttpExchange.h"
#include "docker/LogDemuxer.h"
#include "docker/TarWriter.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFutureWatcher>
#include <QPromise>
#include <QSet>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>
#ifndef QT_NO_SSL
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#endif

#include <algorithm>

namespace fd::docker {

namespace {

constexpr int kBuffered = int(HttpExchange::BodyMode::Buffered);
constexpr int kLines = int(HttpExchange::BodyMode::Lines);
constexpr int kBytes = int(HttpExchange::BodyMode::Bytes);
constexpr std::chrono::seconds kStreamHeaderTimeout{15};
// The engine answers a pull only once the registry has answered (its own dial timeout is 30 s);
// with no answer at all after this long, the pull is reported as failed rather than left hanging.
constexpr std::chrono::seconds kPullFirstAnswerTimeout{60};

/// Builds "/v1.41/<path>?k=v&..." with percent-encoded values.
class Target
{
public:
    explicit Target(const QByteArray &path) : m_target(QByteArray("/v") + kApiVersion + path) {}

    Target &add(const char *key, const QByteArray &value)
    {
        m_target += (m_hasQuery ? '&' : '?');
        m_hasQuery = true;
        m_target += key;
        m_target += '=';
        m_target += value.toPercentEncoding();
        return *this;
    }
    Target &add(const char *key, const QString &value) { return add(key, value.toUtf8()); }
    Target &add(const char *key, qint64 value) { return add(key, QByteArray::number(value)); }
    Target &flag(const char *key, bool on) { return add(key, QByteArray(on ? "1" : "0")); }

    QByteArray str() const { return m_target; }

private:
    QByteArray m_target;
    bool m_hasQuery = false;
};

/// A container id or name as a path segment.
QByteArray seg(const QString &idOrName)
{
    return QUrl::toPercentEncoding(idOrName);
}

/// An image reference as a path segment: '/' and ':' stay, the engine's router expects them.
QByteArray imageSeg(const QString &reference)
{
    return QUrl::toPercentEncoding(reference, "/:@");
}

HttpRequest request(const char *method, const Target &target)
{
    HttpRequest r;
    r.method = method;
    r.target = target.str();
    return r;
}

bool isSuccess(int status)
{
    return (status >= 200 && status < 300) || status == 304;
}

Error unexpectedStatus(const HttpReply &reply, const QString &context = {})
{
    return json::errorFromResponse(reply.status, reply.body, context);
}

// Splits "name:tag" / "name@sha256:..." into (fromImage, tag); the tag defaults to "latest".
std::pair<QString, QString> splitReference(const QString &reference)
{
    const qsizetype at = reference.indexOf(u'@');
    if (at >= 0)
        return {reference.left(at), reference.mid(at + 1)};
    const qsizetype colon = reference.lastIndexOf(u':');
    const qsizetype slash = reference.lastIndexOf(u'/');
    if (colon > slash)
        return {reference.left(colon), reference.mid(colon + 1)};
    return {reference, QStringLiteral("latest")};
}

// "1.41" -> 141; garbage -> 0
int apiNumber(const QString &v)
{
    const QStringList parts = v.split(u'.');
    if (parts.size() != 2)
        return 0;
    return parts[0].toInt() * 100 + parts[1].toInt();
}

Timeout remaining(Timeout total, const QElapsedTimer &since)
{
    if (total.count() <= 0)
        return total;
    return std::max(Timeout(1), total - Timeout(since.elapsed()));
}

QString errorText(const Result<HttpReply> &r, const QString &context = {})
{
    if (!r)
        return r.error().message;
    return unexpectedStatus(*r, context).message;
}

QString errorCode(const Result<HttpReply> &r)
{
    if (!r)
        return r.error().code;
    return unexpectedStatus(*r).code;
}

// ---- streams ---------------------------------------------------------------------------------

class EngineStatsStream final : public StatsStream
{
public:
    EngineStatsStream(DockerEngineClient *client, const QString &id) : m_id(id)
    {
        HttpRequest req = request("GET", Target("/containers/" + seg(id) + "/stats").flag("stream", true));
        m_exchange = client->newStreamExchange(std::move(req), kLines, kStreamHeaderTimeout);
        m_exchange->onLines = [this](const QList<QByteArray> &lines) { onLines(lines); };
        m_exchange->onFinished = [this](const Result<HttpReply> &r) { onFinished(r); };
        m_exchange->start();
    }
    ~EngineStatsStream() override
    {
        if (m_exchange)
            m_exchange->abort();
    }

private:
    void onLines(const QList<QByteArray> &lines)
    {
        QPointer<EngineStatsStream> self(this);
        for (const QByteArray &line : lines) {
            auto st = json::parseStats(line);
            if (!st) {
                qCWarning(lcDocker) << "stats of" << m_id << st.error().message;
                continue;
            }
            if (st->isEmpty())
                continue; // a stopped container gets empty frames until it is removed (spec 1.7)
            emit stats(*st);
            if (!self)
                return;
        }
    }
    void onFinished(const Result<HttpReply> &r)
    {
        m_exchange.clear();
        if (r && isSuccess(r->status))
            emit finished(QString(),
                          QStringLiteral("The stats stream of %1 ended (the container was removed).").arg(m_id));
        else
            emit finished(errorCode(r), errorText(r));
    }

    QString m_id;
    QPointer<HttpExchange> m_exchange;
};

class EngineLogStream final : public LogStream
{
public:
    EngineLogStream(DockerEngineClient *client, const QString &id, const LogOptions &options)
        : m_client(client), m_id(id), m_options(options)
    {
        if (options.tty) {
            open(*options.tty);
            return;
        }
        m_inspect = client->inspectContainer(id, DockerClient::kDefaultTimeout);
        m_inspect.then(this, [this](const Result<ContainerInspect> &r) {
            if (!r) {
                emit finished(r.error().code, r.error().message);
                return;
            }
            open(r->tty);
        });
    }
    ~EngineLogStream() override
    {
        m_inspect.cancel();
        if (m_exchange)
            m_exchange->abort();
    }

    static Target target(const QString &id, const LogOptions &o, bool follow)
    {
        Target t("/containers/" + seg(id) + "/logs");
        t.flag("stdout", o.stdoutStream).flag("stderr", o.stderrStream).flag("timestamps", o.timestamps);
        t.flag("follow", follow);
        if (o.tail >= 0)
            t.add("tail", qint64(o.tail));
        if (o.since.isValid())
            t.add("since", o.since.toSecsSinceEpoch());
        return t;
    }

private:
    void open(bool tty)
    {
        if (!m_client) {
            emit finished(QStringLiteral("EngineUnreachable"), QStringLiteral("The Docker client is gone."));
            return;
        }
        m_demux.emplace(tty, m_options.timestamps);
        // No header timeout: the engine sends the header with the first output line, which may be
        // a long time coming for a quiet container.
        m_exchange =
            m_client->newStreamExchange(request("GET", target(m_id, m_options, true)), kBytes, Timeout::zero());
        m_exchange->onBytes = [this](const QByteArray &bytes) {
            if (const Status st = m_demux->feed(bytes); !st) {
                qCWarning(lcDocker) << "logs of" << m_id << st.error().message;
                if (m_exchange)
                    m_exchange->abort();
                m_exchange.clear();
                emit finished(st.error().code, st.error().message);
                return;
            }
            deliver();
        };
        m_exchange->onFinished = [this](const Result<HttpReply> &r) {
            m_exchange.clear();
            QPointer<EngineLogStream> self(this);
            m_demux->finish();
            deliver();
            if (!self)
                return;
            if (r && isSuccess(r->status))
                emit finished(QString(), QString());
            else
                emit finished(errorCode(r), errorText(r));
        };
        m_exchange->start();
    }

    void deliver()
    {
        QPointer<EngineLogStream> self(this);
        for (const LogLine &l : m_demux->takeLines()) {
            emit line(l);
            if (!self)
                return;
        }
    }

    QPointer<DockerEngineClient> m_client;
    QString m_id;
    LogOptions m_options;
    Pending<ContainerInspect> m_inspect;
    std::optional<LogDemuxer> m_demux;
    QPointer<HttpExchange> m_exchange;
};

class EngineEventSubscription final : public EventSubscription
{
public:
    EngineEventSubscription(DockerEngineClient *client, Options options)
        : m_client(client), m_options(std::move(options)), m_backoff(m_options.initialBackoff)
    {
        m_retry.setSingleShot(true);
        connect(&m_retry, &QTimer::timeout, this, [this] { connectNow(); });
        m_downSince.start();
        m_retry.start(0);
    }
    ~EngineEventSubscription() override
    {
        if (m_exchange)
            m_exchange->abort();
    }

private:
    void connectNow()
    {
        if (!m_client)
            return;
        Target t("/events");
        if (!m_options.filters.isEmpty())
            t.add("filters", json::filtersJson(m_options.filters));

        qint64 since = 0;
        if (!m_everConnected) {
            since = m_options.sinceNano;
        } else if (m_downSince.elapsed() > m_options.resyncThreshold.count()) {
            // Too long: the engine's ring of 256 events may not cover the gap. Subscribe from now
            // and have the owner reconcile once the stream is up.
            m_resyncPending = true;
        } else {
            since = m_lastTimeNano > 0 ? m_lastTimeNano : m_connectedAtNano;
        }
        if (since > 0)
            t.add("since", json::unixNanoParam(since));

        qCDebug(lcDocker) << "events: connecting" << (since > 0 ? "since " + json::unixNanoParam(since) : QByteArray());
        m_exchange = m_client->newStreamExchange(request("GET", t), kLines, m_options.connectTimeout);
        m_exchange->onHeader = [this](const HttpReply &) { onConnected(); };
        m_exchange->onLines = [this](const QList<QByteArray> &lines) { onLines(lines); };
        m_exchange->onFinished = [this](const Result<HttpReply> &r) { onFinished(r); };
        m_exchange->start();
    }

    void onConnected()
    {
        QPointer<EngineEventSubscription> self(this);
        m_connected = true;
        m_everConnected = true;
        m_reportedDown = false;
        m_backoff = m_options.initialBackoff;
        m_connectedAtNano = QDateTime::currentMSecsSinceEpoch() * 1000000;
        qCInfo(lcDocker) << "events: connected to" << m_client->endpoint();
        emit connected();
        if (!self)
            return;
        if (std::exchange(m_resyncPending, false))
            emit resyncNeeded();
    }

    void onLines(const QList<QByteArray> &lines)
    {
        QPointer<EngineEventSubscription> self(this);
        for (const QByteArray &line : lines) {
            auto e = json::parseEvent(line);
            if (!e) {
                qCWarning(lcDocker) << "events:" << e.error().message;
                continue;
            }
            // A replay from `since` repeats the events at exactly that time; drop what was delivered.
            const QString key = QString::number(e->timeNano) + u'|' + e->type + u'|' + e->action + u'|' + e->id;
            if (m_recentKeys.contains(key))
                continue;
            m_recentKeys.insert(key);
            m_recentOrder.push_back(key);
            if (m_recentOrder.size() > 512)
                m_recentKeys.remove(m_recentOrder.takeFirst());
            m_lastTimeNano = std::max(m_lastTimeNano, e->timeNano);
            emit event(*e);
            if (!self)
                return;
        }
    }

    void onFinished(const Result<HttpReply> &r)
    {
        m_exchange.clear();
        QString reason;
        if (!r)
            reason = r.error().message;
        else if (!isSuccess(r->status))
            reason = unexpectedStatus(*r).message;
        else
            reason = QStringLiteral("The Docker engine at %1 closed the event stream.")
                         .arg(m_client ? m_client->endpoint() : QString());
        const bool wasConnected = std::exchange(m_connected, false);
        if (wasConnected)
            m_downSince.restart();
        qCInfo(lcDocker) << "events: disconnected:" << reason << "- retrying in" << m_backoff.count() << "ms";
        m_retry.start(m_backoff);
        m_backoff = std::min(m_backoff * 2, m_options.maxBackoff);
        if (wasConnected || !m_reportedDown) {
            m_reportedDown = true;
            emit disconnected(reason);
        }
    }

    QPointer<DockerEngineClient> m_client;
    Options m_options;
    QPointer<HttpExchange> m_exchange;
    QTimer m_retry;
    std::chrono::milliseconds m_backoff;
    QElapsedTimer m_downSince;
    qint64 m_connectedAtNano = 0;
    bool m_everConnected = false;
    bool m_reportedDown = false;
    bool m_resyncPending = false;
    QSet<QString> m_recentKeys;
    QList<QString> m_recentOrder;
};

struct TarOutcome
{
    QByteArray tar;
    QString errorCode;
    QString errorMessage;
};

} // namespace

// ---- client ----------------------------------------------------------------------------------

DockerEngineClient::DockerEngineClient(DockerEndpoint endpoint, QObject *parent)
    : DockerClient(parent), m_endpoint(std::move(endpoint))
{
#ifndef QT_NO_SSL
    if (m_endpoint.kind == DockerEndpoint::Kind::Tls) {
        // A few small PEM files, read once here rather than on every connection.
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        if (!m_endpoint.caFile.isEmpty())
            conf.setCaCertificates(QSslCertificate::fromPath(m_endpoint.caFile));
        if (!m_endpoint.certFile.isEmpty()) {
            const auto certs = QSslCertificate::fromPath(m_endpoint.certFile);
            if (!certs.isEmpty())
                conf.setLocalCertificate(certs.first());
            QFile keyFile(m_endpoint.keyFile);
            if (keyFile.open(QIODevice::ReadOnly)) {
                const QByteArray pem = keyFile.readAll();
                QSslKey key(pem, QSsl::Rsa);
                if (key.isNull())
                    key = QSslKey(pem, QSsl::Ec);
                if (!key.isNull())
                    conf.setPrivateKey(key);
                else
                    qCWarning(lcDocker) << "cannot read the TLS key" << m_endpoint.keyFile;
            }
        }
        conf.setPeerVerifyMode(m_endpoint.verifyPeer ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
        m_tls = std::make_shared<const QSslConfiguration>(conf);
    }
#endif
}

DockerEngineClient::~DockerEngineClient() = default;

Result<std::unique_ptr<DockerEngineClient>> DockerEngineClient::create(const QString &endpoint, QObject *parent)
{
    auto ep = DockerEndpoint::parse(endpoint);
    if (!ep)
        return ep.error();
    return std::make_unique<DockerEngineClient>(*ep, parent);
}

QString DockerEngineClient::endpoint() const
{
    return m_endpoint.toString();
}

void DockerEngineClient::setMaxConnections(int max)
{
    m_maxConnections = std::max(1, max);
    startQueued();
}

HttpExchange *DockerEngineClient::newExchange(HttpRequest request, int mode, Timeout timeout)
{
    auto *ex = new HttpExchange(m_endpoint, m_tls, std::move(request), HttpExchange::BodyMode(mode), this);
    ex->setTimeout(timeout);
    return ex;
}

HttpExchange *DockerEngineClient::newStreamExchange(HttpRequest request, int mode, Timeout headerTimeout)
{
    auto *ex = new HttpExchange(m_endpoint, m_tls, std::move(request), HttpExchange::BodyMode(mode), this);
    ex->setHeaderTimeout(headerTimeout);
    return ex;
}

void DockerEngineClient::submit(HttpExchange *exchange)
{
    // Every pooled exchange reports released() exactly once (finished, timed out or aborted, even
    // while still queued); only a started one holds a connection.
    connect(exchange, &HttpExchange::released, this, [this, exchange] {
        if (exchange->isStarted()) {
            --m_active;
            startQueued();
        }
    });
    m_queue.push_back(exchange);
    startQueued();
}

void DockerEngineClient::startQueued()
{
    while (m_active < m_maxConnections && !m_queue.empty()) {
        QPointer<HttpExchange> ex = m_queue.front();
        m_queue.pop_front();
        if (!ex || ex->isFinished())
            continue; // timed out or cancelled while waiting
        ++m_active;
        ex->start();
    }
    if (!m_queue.empty())
        qCDebug(lcDocker) << m_queue.size() << "requests wait for one of" << m_maxConnections << "connections";
}

template<typename T, typename F> Pending<T> DockerEngineClient::call(HttpRequest req, Timeout timeout, F convert)
{
    return call<T>(std::move(req), timeout, std::move(convert), [](const HttpReply &r) { return unexpectedStatus(r); });
}

template<typename T, typename F, typename E>
Pending<T> DockerEngineClient::call(HttpRequest req, Timeout timeout, F convert, E failure)
{
    Promise<T> promise;
    HttpExchange *ex = newExchange(std::move(req), kBuffered, timeout);
    ex->onFinished = [promise, convert = std::move(convert), failure = std::move(failure)](const Result<HttpReply> &r) {
        if (!r)
            promise.resolve(r.error());
        else if (!isSuccess(r->status))
            promise.resolve(failure(*r));
        else
            promise.resolve(convert(*r));
    };
    promise.setCanceller([ex = QPointer<HttpExchange>(ex)] {
        if (ex)
            ex->abort();
    });
    submit(ex);
    return promise.pending();
}

// ---- engine ----------------------------------------------------------------------------------

Pending<PingInfo> DockerEngineClient::ping(Timeout timeout)
{
    return call<PingInfo>(request("GET", Target("/_ping")), timeout, [](const HttpReply &r) -> Result<PingInfo> {
        PingInfo p;
        p.apiVersion = QString::fromLatin1(r.header("Api-Version"));
        p.osType = QString::fromLatin1(r.header("OSType"));
        p.builderVersion = QString::fromLatin1(r.header("Builder-Version"));
        p.experimental = r.header("Docker-Experimental") == "true";
        if (!p.apiVersion.isEmpty() && apiNumber(p.apiVersion) < apiNumber(QString::fromLatin1(kApiVersion)))
            return makeError(
                QStringLiteral("EngineError"),
                QStringLiteral("The Docker engine speaks API %1; Fleetdeck needs %2 or newer (Docker 20.10).")
                    .arg(p.apiVersion, QString::fromLatin1(kApiVersion)));
        return p;
    });
}

Pending<VersionInfo> DockerEngineClient::version(Timeout timeout)
{
    return call<VersionInfo>(request("GET", Target("/version")), timeout,
                             [](const HttpReply &r) { return json::parseVersion(r.body); });
}

Pending<EngineInfo> DockerEngineClient::info(Timeout timeout)
{
    return call<EngineInfo>(request("GET", Target("/info")), timeout,
                            [](const HttpReply &r) { return json::parseInfo(r.body); });
}

// ---- containers ------------------------------------------------------------------------------

Pending<CreatedContainer> DockerEngineClient::createContainer(const ContainerCreateSpec &spec, Timeout timeout)
{
    Target t("/containers/create");
    if (!spec.name.isEmpty())
        t.add("name", spec.name);
    HttpRequest req = request("POST", t);
    req.body = json::containerCreateBody(spec);
    req.contentType = "application/json";
    return call<CreatedContainer>(std::move(req), timeout,
                                  [](const HttpReply &r) { return json::parseCreated(r.body); });
}

Pending<Ok> DockerEngineClient::startContainer(const QString &id, Timeout timeout)
{
    return call<Ok>(request("POST", Target("/containers/" + seg(id) + "/start")), timeout,
                    [](const HttpReply &) { return Result<Ok>(Ok{}); });
}

Pending<Ok> DockerEngineClient::stopContainer(const QString &id, std::optional<std::chrono::seconds> grace,
                                              Timeout timeout)
{
    Target t("/containers/" + seg(id) + "/stop");
    if (grace)
        t.add("t", qint64(grace->count()));
    if (timeout.count() <= 0)
        timeout = std::chrono::duration_cast<Timeout>(grace.value_or(std::chrono::seconds(10))) + kStopMargin;
    return call<Ok>(request("POST", t), timeout, [](const HttpReply &) { return Result<Ok>(Ok{}); });
}

Pending<Ok> DockerEngineClient::killContainer(const QString &id, const QString &signal, Timeout timeout)
{
    Target t("/containers/" + seg(id) + "/kill");
    if (!signal.isEmpty())
        t.add("signal", signal);
    return call<Ok>(request("POST", t), timeout, [](const HttpReply &) { return Result<Ok>(Ok{}); });
}

Pending<Ok> DockerEngineClient::removeContainer(const QString &id, bool force, bool volumes, Timeout timeout)
{
    return call<Ok>(request("DELETE", Target("/containers/" + seg(id)).flag("force", force).flag("v", volumes)),
                    timeout, [](const HttpReply &) { return Result<Ok>(Ok{}); });
}

Pending<ContainerInspect> DockerEngineClient::inspectContainer(const QString &id, Timeout timeout)
{
    return call<ContainerInspect>(request("GET", Target("/containers/" + seg(id) + "/json")), timeout,
                                  [](const HttpReply &r) { return json::parseContainerInspect(r.body); });
}

Pending<QList<ContainerSummary>> DockerEngineClient::listContainers(const ContainerListQuery &query, Timeout timeout)
{
    Target t("/containers/json");
    t.flag("all", query.all);
    QMap<QString, QStringList> filters = query.filters;
    if (!query.labels.isEmpty())
        filters[QStringLiteral("label")] += query.labels;
    if (!filters.isEmpty())
        t.add("filters", json::filtersJson(filters));
    return call<QList<ContainerSummary>>(request("GET", t), timeout,
                                         [](const HttpReply &r) { return json::parseContainerList(r.body); });
}

// ---- networks --------------------------------------------------------------------------------

Pending<CreatedNetwork> DockerEngineClient::createNetwork(const NetworkCreateSpec &spec, Timeout timeout)
{
    HttpRequest req = request("POST", Target("/networks/create"));
    req.body = json::networkCreateBody(spec);
    req.contentType = "application/json";
    return call<CreatedNetwork>(std::move(req), timeout,
                                [](const HttpReply &r) { return json::parseCreatedNetwork(r.body); });
}

Pending<Ok> DockerEngineClient::removeNetwork(const QString &idOrName, Timeout timeout)
{
    return call<Ok>(
        request("DELETE", Target("/networks/" + seg(idOrName))), timeout,
        [](const HttpReply &) { return Result<Ok>(Ok{}); },
        [](const HttpReply &r) {
            Error e = unexpectedStatus(r);
            // 20.10 answers 403 Forbidden for "network x id y has active endpoints": for the caller
            // that is a conflict with the containers still on it (retry once they are gone). Other
            // 403s (a predefined network such as bridge) stay EngineError.
            if (r.status == 403 && e.message.contains(u"active endpoints"))
                e.code = QStringLiteral("Conflict");
            return e;
        });
}

Pending<QList<NetworkSummary>> DockerEngineClient::listNetworks(const QStringList &labels, Timeout timeout)
{
    Target t("/networks");
    if (!labels.isEmpty())
        t.add("filters", json::filtersJson({{QStringLiteral("label"), labels}}));
    return call<QList<NetworkSummary>>(request("GET", t), timeout,
                                       [](const HttpReply &r) { return json::parseNetworkList(r.body); });
}

// ---- images ----------------------------------------------------------------------------------

Pending<QList<ImageSummary>> DockerEngineClient::listImages(const ImageListQuery &query, Timeout timeout)
{
    Target t("/images/json");
    t.flag("all", query.all);
    QMap<QString, QStringList> filters;
    if (!query.reference.isEmpty())
        filters[QStringLiteral("reference")] = QStringList{query.reference};
    if (!query.labels.isEmpty())
        filters[QStringLiteral("label")] = query.labels;
    if (!filters.isEmpty())
        t.add("filters", json::filtersJson(filters));
    return call<QList<ImageSummary>>(request("GET", t), timeout,
                                     [](const HttpReply &r) { return json::parseImageList(r.body); });
}

Pending<ImageInspect> DockerEngineClient::inspectImage(const QString &reference, Timeout timeout)
{
    return call<ImageInspect>(request("GET", Target("/images/" + imageSeg(reference) + "/json")), timeout,
                              [](const HttpReply &r) { return json::parseImageInspect(r.body); });
}

Pending<Ok> DockerEngineClient::removeImage(const QString &reference, bool force, Timeout timeout)
{
    return call<Ok>(request("DELETE", Target("/images/" + imageSeg(reference)).flag("force", force)), timeout,
                    [](const HttpReply &) { return Result<Ok>(Ok{}); });
}

Pending<BuildResult> DockerEngineClient::buildImage(const BuildSpec &spec, BuildProgressFn progress, Timeout timeout)
{
    if (!spec.contextTar.isEmpty() || spec.contextDirectory.isEmpty())
        return startBuild(spec, spec.contextTar, std::move(progress), timeout);

    // Tarring a directory reads files: do it on a pool thread and come back here with the bytes.
    Promise<BuildResult> promise;
    QElapsedTimer started;
    started.start();
    auto tarPromise = std::make_shared<QPromise<TarOutcome>>();
    auto *watcher = new QFutureWatcher<TarOutcome>(this);
    auto build = std::make_shared<Pending<BuildResult>>();
    promise.setCanceller([watcher = QPointer<QObject>(watcher), build] {
        if (watcher)
            watcher->deleteLater();
        build->cancel();
    });
    connect(watcher, &QFutureWatcher<TarOutcome>::finished, this,
            [this, watcher, promise, spec, progress = std::move(progress), timeout, started, build] {
                watcher->deleteLater();
                const TarOutcome out = watcher->result();
                if (promise.isCancelled())
                    return;
                if (!out.errorCode.isEmpty()) {
                    promise.resolve(makeError(out.errorCode, out.errorMessage));
                    return;
                }
                *build = startBuild(spec, out.tar, progress, remaining(timeout, started));
                build->then(this, [promise](const Result<BuildResult> &r) { promise.resolve(r); });
            });
    watcher->setFuture(tarPromise->future());
    QThreadPool::globalInstance()->start([tarPromise, dir = spec.contextDirectory] {
        tarPromise->start();
        TarOutcome out;
        auto tar = TarWriter::tarDirectory(dir);
        if (tar)
            out.tar = *tar;
        else
            out = {QByteArray(), tar.error().code, tar.error().message};
        tarPromise->addResult(out);
        tarPromise->finish();
    });
    return promise.pending();
}

Pending<BuildResult> DockerEngineClient::startBuild(const BuildSpec &spec, QByteArray context, BuildProgressFn progress,
                                                    Timeout timeout)
{
    Target t("/build");
    for (const QString &tag : spec.tags)
        t.add("t", tag);
    t.add("dockerfile", spec.dockerfile.isEmpty() ? QStringLiteral("Dockerfile") : spec.dockerfile);
    t.flag("rm", true).flag("forcerm", true);
    t.add("version", QByteArray("1")); // the classic builder (spec 1.10): BuildKit needs the /session hijack
    if (spec.noCache)
        t.flag("nocache", true);
    if (spec.pull)
        t.flag("pull", true);
    if (!spec.buildArgs.isEmpty())
        t.add("buildargs", json::stringMapJson(spec.buildArgs));
    if (!spec.labels.isEmpty())
        t.add("labels", json::stringMapJson(spec.labels));
    HttpRequest req = request("POST", t);
    req.body = std::move(context);
    req.contentType = "application/x-tar";

    struct State
    {
        BuildResult result;
        QString error;
        QString partial; // stream text after the last line break
    };
    auto state = std::make_shared<State>();
    state->result.tags = spec.tags;

    Promise<BuildResult> promise;
    HttpExchange *ex = newExchange(std::move(req), kLines, timeout);
    ex->onLines = [state, progress, promise](const QList<QByteArray> &lines) {
        for (const QByteArray &line : lines) {
            auto m = json::parseProgress(line);
            if (!m) {
                qCWarning(lcDocker) << "build:" << m.error().message;
                continue;
            }
            if (!m->error.isEmpty() && state->error.isEmpty())
                state->error = m->error.trimmed();
            if (!m->auxId.isEmpty())
                state->result.imageId = m->auxId;
            if (m->stream.isEmpty())
                continue;
            state->partial += m->stream;
            qsizetype nl;
            while ((nl = state->partial.indexOf(u'\n')) >= 0) {
                const QString text = state->partial.left(nl).trimmed();
                state->partial.remove(0, nl + 1);
                if (text.isEmpty())
                    continue;
                state->result.output.append(text);
                if (progress && !promise.isCancelled())
                    progress(BuildProgress{text});
            }
        }
    };
    ex->onFinished = [state, promise](const Result<HttpReply> &r) {
        if (!r)
            return promise.resolve(r.error());
        if (!isSuccess(r->status))
            return promise.resolve(unexpectedStatus(*r, QStringLiteral("Building the image failed")));
        if (!state->error.isEmpty())
            return promise.resolve(makeError(QStringLiteral("EngineError"),
                                             QStringLiteral("Building the image failed: %1").arg(state->error)));
        if (state->result.imageId.isEmpty()) {
            // Older engines print only "Successfully built <id>".
            for (const QString &line : std::as_const(state->result.output))
                if (line.startsWith(QLatin1String("Successfully built ")))
                    state->result.imageId = line.mid(19).trimmed();
        }
        if (state->result.imageId.isEmpty())
            return promise.resolve(
                makeError(QStringLiteral("Protocol"),
                          QStringLiteral("The Docker engine finished the build without naming the image.")));
        promise.resolve(state->result);
    };
    promise.setCanceller([ex = QPointer<HttpExchange>(ex)] {
        if (ex)
            ex->abort();
    });
    submit(ex);
    return promise.pending();
}

Pending<PullResult> DockerEngineClient::pullImage(const QString &reference, PullProgressFn progress, Timeout timeout)
{
    const auto [from, tag] = splitReference(reference);
    HttpRequest req = request("POST", Target("/images/create").add("fromImage", from).add("tag", tag));

    struct Layer
    {
        qint64 current = 0;
        qint64 total = 0;
    };
    struct State
    {
        PullResult result;
        QString error;
        QMap<QString, Layer> layers;
    };
    auto state = std::make_shared<State>();
    state->result.reference = reference;
    const QString context = QStringLiteral("Cannot pull %1").arg(reference);

    Promise<PullResult> promise;
    HttpExchange *ex = newExchange(std::move(req), kLines, timeout);
    ex->setHeaderTimeout(timeout.count() > 0 ? std::min<Timeout>(timeout, kPullFirstAnswerTimeout)
                                             : Timeout(kPullFirstAnswerTimeout));
    ex->onLines = [state, progress, promise](const QList<QByteArray> &lines) {
        for (const QByteArray &line : lines) {
            auto m = json::parseProgress(line);
            if (!m) {
                qCWarning(lcDocker) << "pull:" << m.error().message;
                continue;
            }
            if (!m->error.isEmpty()) {
                if (state->error.isEmpty())
                    state->error = m->error.trimmed();
                continue;
            }
            if (m->status.startsWith(QLatin1String("Digest: ")))
                state->result.digest = m->status.mid(8).trimmed();
            if (m->id.isEmpty() || !m->status.startsWith(QLatin1String("Pulling from")))
                state->result.status = m->status;
            PullProgress p;
            p.status = m->status;
            p.layerId = m->id;
            p.current = m->current;
            p.total = m->total;
            p.progressText = m->progress;
            if (!m->id.isEmpty() && m->status == QLatin1String("Downloading")) {
                state->layers[m->id] = Layer{m->current, m->total};
            } else if (!m->id.isEmpty() &&
                       (m->status == QLatin1String("Download complete") ||
                        m->status == QLatin1String("Pull complete") || m->status == QLatin1String("Already exists"))) {
                Layer &l = state->layers[m->id];
                l.current = l.total;
            }
            for (const Layer &l : std::as_const(state->layers)) {
                p.overallCurrent += l.current;
                p.overallTotal += l.total;
            }
            if (progress && !promise.isCancelled())
                progress(p);
        }
    };
    ex->onFinished = [state, promise, context](const Result<HttpReply> &r) {
        if (!r)
            return promise.resolve(makeError(r.error().code, context + QStringLiteral(": ") + r.error().message));
        if (!isSuccess(r->status))
            return promise.resolve(unexpectedStatus(*r, context));
        if (!state->error.isEmpty())
            return promise.resolve(
                makeError(QStringLiteral("EngineError"), context + QStringLiteral(": ") + state->error));
        promise.resolve(state->result);
    };
    promise.setCanceller([ex = QPointer<HttpExchange>(ex)] {
        if (ex)
            ex->abort();
    });
    submit(ex);
    return promise.pending();
}

// ---- stats, logs, events ---------------------------------------------------------------------

Pending<ContainerStats> DockerEngineClient::statsOnce(const QString &id, Timeout timeout)
{
    return call<ContainerStats>(
        request("GET", Target("/containers/" + seg(id) + "/stats").flag("stream", false).flag("one-shot", true)),
        timeout, [](const HttpReply &r) { return json::parseStats(r.body.trimmed()); });
}

std::unique_ptr<StatsStream> DockerEngineClient::streamStats(const QString &id)
{
    return std::make_unique<EngineStatsStream>(this, id);
}

Pending<QList<LogLine>> DockerEngineClient::logs(const QString &id, const LogOptions &options, Timeout timeout)
{
    Promise<QList<LogLine>> promise;
    if (options.tty) {
        startLogs(promise, id, options, *options.tty, timeout);
        return promise.pending();
    }
    // Whether the body has frame headers depends on the container's Config.Tty (spec 1.9).
    QElapsedTimer started;
    started.start();
    Pending<ContainerInspect> inspect = inspectContainer(id, timeout);
    promise.setCanceller([inspect] { inspect.cancel(); });
    inspect.then(this, [this, promise, id, options, timeout, started](const Result<ContainerInspect> &r) {
        if (!r)
            return promise.resolve(r.error());
        startLogs(promise, id, options, r->tty, remaining(timeout, started));
    });
    return promise.pending();
}

void DockerEngineClient::startLogs(const Promise<QList<LogLine>> &promise, const QString &id, const LogOptions &options,
                                   bool tty, Timeout timeout)
{
    if (promise.isCancelled())
        return;
    HttpExchange *ex = newExchange(request("GET", EngineLogStream::target(id, options, false)), kBuffered, timeout);
    ex->onFinished = [promise, tty, timestamps = options.timestamps](const Result<HttpReply> &r) {
        if (!r)
            return promise.resolve(r.error());
        if (!isSuccess(r->status))
            return promise.resolve(unexpectedStatus(*r));
        LogDemuxer demux(tty, timestamps);
        if (const Status st = demux.feed(r->body); !st)
            return promise.resolve(st.error());
        demux.finish();
        promise.resolve(demux.takeLines());
    };
    promise.setCanceller([ex = QPointer<HttpExchange>(ex)] {
        if (ex)
            ex->abort();
    });
    submit(ex);
}

std::unique_ptr<LogStream> DockerEngineClient::followLogs(const QString &id, const LogOptions &options)
{
    return std::make_unique<EngineLogStream>(this, id, options);
}

std::unique_ptr<EventSubscription> DockerEngineClient::subscribeEvents(const EventSubscription::Options &options)
{
    return std::make_unique<EngineEventSubscription>(this, options);
}

} // namespace fd::docker
