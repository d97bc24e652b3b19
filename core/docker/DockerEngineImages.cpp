#include "docker/DockerEngineCall.h"

// DockerEngineClient's image calls: list, inspect, remove, build (tarring a context directory on
// a pool thread first) and pull, the last two with their progress streams.

#include "docker/DockerJson.h"
#include "docker/DockerLogging.h"
#include "docker/TarWriter.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QMap>
#include <QPromise>
#include <QThreadPool>

#include <algorithm>

namespace fd::docker {

using namespace engine;

namespace {

struct TarOutcome
{
    QByteArray tar;
    QString errorCode;
    QString errorMessage;
};

} // namespace

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
    promise.setCanceller(abortOnCancel(ex));
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
    promise.setCanceller(abortOnCancel(ex));
    submit(ex);
    return promise.pending();
}

} // namespace fd::docker
