#include "docker/DockerEngineClient.h"

#include "docker/DockerEngineCall.h"
#include "docker/DockerJson.h"
#include "docker/DockerLogging.h"
#include "docker/EngineStreams.h"
#include "docker/HttpExchange.h"
#include "docker/LogDemuxer.h"

#include <QElapsedTimer>
#include <QFile>
#ifndef QT_NO_SSL
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#endif

#include <algorithm>

namespace fd::docker {

// The client itself (connections, the queue, the engine, container, network, stats and log
// calls) is here; the image calls are in DockerEngineImages.cpp, the streams in EngineStreams.cpp,
// request building in EngineRequest.cpp.

using namespace engine;

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

// ---- stats, logs, events ---------------------------------------------------------------------

Pending<ContainerStats> DockerEngineClient::statsOnce(const QString &id, Timeout timeout)
{
    return call<ContainerStats>(
        request("GET", Target("/containers/" + seg(id) + "/stats").flag("stream", false).flag("one-shot", true)),
        timeout, [](const HttpReply &r) { return json::parseStats(r.body.trimmed()); });
}

std::unique_ptr<StatsStream> DockerEngineClient::streamStats(const QString &id)
{
    return openStatsStream(this, id);
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
    HttpExchange *ex = newExchange(request("GET", logsTarget(id, options, false)), kBuffered, timeout);
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
    promise.setCanceller(abortOnCancel(ex));
    submit(ex);
}

std::unique_ptr<LogStream> DockerEngineClient::followLogs(const QString &id, const LogOptions &options)
{
    return openLogStream(this, id, options);
}

std::unique_ptr<EventSubscription> DockerEngineClient::subscribeEvents(const EventSubscription::Options &options)
{
    return openEventSubscription(this, options);
}

} // namespace fd::docker
