#include "docker/EngineStreams.h"

#include "docker/DockerEngineClient.h"
#include "docker/DockerJson.h"
#include "docker/DockerLogging.h"
#include "docker/EngineRequest.h"
#include "docker/LogDemuxer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <optional>
#include <utility>

namespace fd::docker::engine {

namespace {

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
            m_client->newStreamExchange(request("GET", logsTarget(m_id, m_options, true)), kBytes, Timeout::zero());
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

} // namespace

std::unique_ptr<StatsStream> openStatsStream(DockerEngineClient *client, const QString &id)
{
    return std::make_unique<EngineStatsStream>(client, id);
}

std::unique_ptr<LogStream> openLogStream(DockerEngineClient *client, const QString &id, const LogOptions &options)
{
    return std::make_unique<EngineLogStream>(client, id, options);
}

std::unique_ptr<EventSubscription> openEventSubscription(DockerEngineClient *client,
                                                         const EventSubscription::Options &options)
{
    return std::make_unique<EngineEventSubscription>(client, options);
}

} // namespace fd::docker::engine
