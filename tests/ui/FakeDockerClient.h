#pragma once

// A DockerClient for GUI tests: images, containers and log lines are set by the test, every call
// answers through a resolved Promise (so the view still gets its answer from the event loop, as
// from a real engine), except pullImage, which stays pending until the test resolves it, so the
// progress bar can be looked at in between.

#include "docker/DockerClient.h"

#include <QHash>
#include <QPointer>

#include <memory>

namespace fd::test {

class FakeDockerClient final : public fd::docker::DockerClient
{
public:
    using Pull = fd::docker::Promise<fd::docker::PullResult>;

    explicit FakeDockerClient(QObject *parent = nullptr) : DockerClient(parent) {}

    // What the fake answers with.
    QList<fd::docker::ImageSummary> images;
    QList<fd::docker::ContainerSummary> containers;
    QList<fd::docker::LogLine> logLines;
    QList<fd::docker::NetworkSummary> networks; ///< createNetwork adds, removeNetwork removes
    std::optional<fd::Error> listImagesError;
    std::optional<fd::Error> buildError; ///< every build fails with it when set

    // What it was asked.
    int listImagesCalls = 0;
    int followLogsCalls = 0;
    int logsCalls = 0;
    fd::docker::ContainerListQuery lastContainerQuery;
    fd::docker::LogOptions lastLogOptions;
    QString lastLogsContainer;
    QString lastPullReference;
    PullProgressFn pullProgress;
    Pull pullPromise;
    QPointer<fd::docker::LogStream> stream;                         // the last followLogs stream, while it lives
    QList<fd::docker::BuildSpec> builds;                            // every buildImage asked for
    QStringList removedContainers;                                  // every removeContainer asked for
    QHash<QString, QPointer<fd::docker::StatsStream>> statsStreams; // by container id, while they live

    QString endpoint() const override { return QStringLiteral("unix:///fake/docker.sock"); }

    fd::docker::Pending<fd::docker::PingInfo> ping(fd::docker::Timeout) override
    {
        return fd::docker::makeReadyPending<fd::docker::PingInfo>(fd::docker::PingInfo{});
    }
    fd::docker::Pending<fd::docker::VersionInfo> version(fd::docker::Timeout) override
    {
        fd::docker::VersionInfo v;
        v.version = QStringLiteral("24.0.7-fake");
        v.apiVersion = QStringLiteral("1.43");
        return fd::docker::makeReadyPending<fd::docker::VersionInfo>(v);
    }
    fd::docker::Pending<fd::docker::EngineInfo> info(fd::docker::Timeout) override
    {
        return fd::docker::makeReadyPending<fd::docker::EngineInfo>(fd::docker::EngineInfo{});
    }
    fd::docker::Pending<fd::docker::CreatedContainer> createContainer(const fd::docker::ContainerCreateSpec &,
                                                                      fd::docker::Timeout) override
    {
        return fd::docker::makeReadyPending<fd::docker::CreatedContainer>(unsupported());
    }
    fd::docker::Pending<fd::Ok> startContainer(const QString &, fd::docker::Timeout) override { return okPending(); }
    fd::docker::Pending<fd::Ok> stopContainer(const QString &, std::optional<std::chrono::seconds>,
                                              fd::docker::Timeout) override
    {
        return okPending();
    }
    fd::docker::Pending<fd::Ok> killContainer(const QString &, const QString &, fd::docker::Timeout) override
    {
        return okPending();
    }
    fd::docker::Pending<fd::Ok> removeContainer(const QString &id, bool, bool, fd::docker::Timeout) override
    {
        removedContainers << id;
        containers.removeIf([&](const fd::docker::ContainerSummary &c) { return c.id == id; });
        return okPending();
    }
    fd::docker::Pending<fd::docker::ContainerInspect> inspectContainer(const QString &, fd::docker::Timeout) override
    {
        return fd::docker::makeReadyPending<fd::docker::ContainerInspect>(unsupported());
    }
    fd::docker::Pending<QList<fd::docker::ContainerSummary>> listContainers(const fd::docker::ContainerListQuery &query,
                                                                            fd::docker::Timeout) override
    {
        lastContainerQuery = query;
        QList<fd::docker::ContainerSummary> out;
        for (const fd::docker::ContainerSummary &c : containers) {
            bool match = query.all || c.state == u"running";
            for (const QString &label : query.labels) {
                const QString key = label.section(u'=', 0, 0);
                const QString value = label.section(u'=', 1);
                match = match && c.labels.contains(key) && (!label.contains(u'=') || c.labels.value(key) == value);
            }
            if (match)
                out << c;
        }
        return fd::docker::makeReadyPending<QList<fd::docker::ContainerSummary>>(out);
    }
    fd::docker::Pending<fd::docker::CreatedNetwork> createNetwork(const fd::docker::NetworkCreateSpec &spec,
                                                                  fd::docker::Timeout) override
    {
        for (const fd::docker::NetworkSummary &n : networks)
            if (n.name == spec.name)
                return fd::docker::makeReadyPending<fd::docker::CreatedNetwork>(fd::makeError(
                    QStringLiteral("Conflict"), QStringLiteral("network with name %1 already exists").arg(spec.name)));
        const QString id = QStringLiteral("net%1").arg(networks.size() + 1);
        networks.append(fd::docker::NetworkSummary{id, spec.name, spec.labels, spec.driver});
        return fd::docker::makeReadyPending<fd::docker::CreatedNetwork>(fd::docker::CreatedNetwork{id, QString()});
    }
    fd::docker::Pending<fd::Ok> removeNetwork(const QString &idOrName, fd::docker::Timeout) override
    {
        const qsizetype removed = networks.removeIf(
            [&](const fd::docker::NetworkSummary &n) { return n.id == idOrName || n.name == idOrName; });
        if (removed == 0)
            return fd::docker::makeReadyPending<fd::Ok>(
                fd::makeError(QStringLiteral("NotFound"), QStringLiteral("network %1 not found").arg(idOrName)));
        return okPending();
    }
    fd::docker::Pending<QList<fd::docker::NetworkSummary>> listNetworks(const QStringList &labels,
                                                                        fd::docker::Timeout) override
    {
        QList<fd::docker::NetworkSummary> out;
        for (const fd::docker::NetworkSummary &n : networks) {
            bool match = true;
            for (const QString &label : labels) {
                const QString key = label.section(u'=', 0, 0);
                match = match && n.labels.contains(key) &&
                        (!label.contains(u'=') || n.labels.value(key) == label.section(u'=', 1));
            }
            if (match)
                out << n;
        }
        return fd::docker::makeReadyPending<QList<fd::docker::NetworkSummary>>(out);
    }
    fd::docker::Pending<QList<fd::docker::ImageSummary>> listImages(const fd::docker::ImageListQuery &,
                                                                    fd::docker::Timeout) override
    {
        ++listImagesCalls;
        if (listImagesError)
            return fd::docker::makeReadyPending<QList<fd::docker::ImageSummary>>(*listImagesError);
        return fd::docker::makeReadyPending<QList<fd::docker::ImageSummary>>(images);
    }
    fd::docker::Pending<fd::docker::ImageInspect> inspectImage(const QString &, fd::docker::Timeout) override
    {
        return fd::docker::makeReadyPending<fd::docker::ImageInspect>(unsupported());
    }
    fd::docker::Pending<fd::Ok> removeImage(const QString &, bool, fd::docker::Timeout) override { return okPending(); }
    // Answers like the classic builder: a few "Step n/m" lines, then the image (or buildError).
    fd::docker::Pending<fd::docker::BuildResult> buildImage(const fd::docker::BuildSpec &spec, BuildProgressFn progress,
                                                            fd::docker::Timeout) override
    {
        builds << spec;
        for (int step = 1; progress && step <= 3; ++step)
            progress({QStringLiteral("Step %1/3 : fake").arg(step)});
        if (buildError)
            return fd::docker::makeReadyPending<fd::docker::BuildResult>(*buildError);
        fd::docker::BuildResult r;
        r.imageId = QStringLiteral("sha256:%1").arg(builds.size(), 64, 10, QLatin1Char('0'));
        r.tags = spec.tags;
        return fd::docker::makeReadyPending<fd::docker::BuildResult>(r);
    }
    fd::docker::Pending<fd::docker::PullResult> pullImage(const QString &reference, PullProgressFn progress,
                                                          fd::docker::Timeout) override
    {
        lastPullReference = reference;
        pullProgress = std::move(progress);
        pullPromise = Pull();
        return pullPromise.pending();
    }
    fd::docker::Pending<fd::docker::ContainerStats> statsOnce(const QString &, fd::docker::Timeout) override
    {
        return fd::docker::makeReadyPending<fd::docker::ContainerStats>(unsupported());
    }
    std::unique_ptr<fd::docker::StatsStream> streamStats(const QString &id) override
    {
        auto s = std::make_unique<fd::docker::StatsStream>();
        statsStreams.insert(id, s.get());
        return s;
    }
    fd::docker::Pending<QList<fd::docker::LogLine>> logs(const QString &id, const fd::docker::LogOptions &options,
                                                         fd::docker::Timeout) override
    {
        ++logsCalls;
        lastLogsContainer = id;
        lastLogOptions = options;
        return fd::docker::makeReadyPending<QList<fd::docker::LogLine>>(logLines);
    }
    std::unique_ptr<fd::docker::LogStream> followLogs(const QString &id, const fd::docker::LogOptions &options) override
    {
        ++followLogsCalls;
        lastLogsContainer = id;
        lastLogOptions = options;
        auto s = std::make_unique<fd::docker::LogStream>();
        stream = s.get();
        return s;
    }
    std::unique_ptr<fd::docker::EventSubscription>
    subscribeEvents(const fd::docker::EventSubscription::Options &) override
    {
        return std::make_unique<fd::docker::EventSubscription>();
    }

    static fd::docker::LogLine line(const QByteArray &text, bool stderrStream = false)
    {
        fd::docker::LogLine l;
        l.text = text;
        l.source = stderrStream ? fd::docker::LogSource::Stderr : fd::docker::LogSource::Stdout;
        return l;
    }

private:
    static fd::Error unsupported() { return fd::makeError(QStringLiteral("EngineError"), QStringLiteral("not faked")); }
    static fd::docker::Pending<fd::Ok> okPending() { return fd::docker::makeReadyPending<fd::Ok>(fd::Ok{}); }
};

} // namespace fd::test
