#include "images/DemoImages.h"

#include "docker/DockerClient.h"
#include "docker/TarWriter.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QPromise>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QThreadPool>

#include <cstring>

namespace fd::images {

Q_LOGGING_CATEGORY(lcDemoImages, "fleetdeck.images")

namespace {

const QString kBinaryName = QStringLiteral("demo-web");
const QString kDockerfileName = QStringLiteral("Dockerfile");

Error notFound(const QString &message)
{
    return makeError(QStringLiteral("DemoWebNotFound"), message);
}

Error unusable(const QString &message)
{
    return makeError(QStringLiteral("DemoWebUnusable"), message);
}

template<typename T> T readLe(const QByteArray &b, qsizetype at)
{
    T v{};
    if (at >= 0 && at + qsizetype(sizeof(T)) <= b.size())
        std::memcpy(&v, b.constData() + at, sizeof(T));
    return v; // ELF fields of the little-endian hosts Fleetdeck runs on
}

// A FROM scratch image has no dynamic loader: the binary must have no PT_INTERP program header
// (what `file` calls "statically linked" or "static-pie linked"). Only 64-bit little-endian ELF
// is checked; anything else is let through and fails at container start, as with the script.
std::optional<QString> staticLinkProblem(const QByteArray &elf, const QString &path)
{
    if (elf.size() < 64 || !elf.startsWith("\x7f"
                                           "ELF"))
        return QStringLiteral("'%1' is not an executable program (no ELF header)").arg(path);
    if (elf[4] != 2 || elf[5] != 1)
        return std::nullopt;
    const auto phoff = readLe<quint64>(elf, 0x20);
    const auto phentsize = readLe<quint16>(elf, 0x36);
    const auto phnum = readLe<quint16>(elf, 0x38);
    for (quint16 i = 0; i < phnum; ++i) {
        const qsizetype at = qsizetype(phoff) + qsizetype(i) * phentsize;
        if (readLe<quint32>(elf, at) == 3) // PT_INTERP
            return QStringLiteral("'%1' is not statically linked; it cannot run in a FROM scratch image (build "
                                  "the demo-web target, which links statically)")
                .arg(path);
    }
    return std::nullopt;
}

QString sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

struct ContextOutcome
{
    std::optional<DemoImageContext> context;
    Error error;
};

} // namespace

QList<DemoImageVariant> demoImageVariants()
{
    return {{1, QStringLiteral("blue")}, {2, QStringLiteral("green")}};
}

DemoImageSearch DemoImageSearch::fromEnvironment()
{
    DemoImageSearch s;
    s.binaryFromEnvironment = qEnvironmentVariable("FLEETDECK_DEMO_WEB");
    s.dockerfileFromEnvironment = qEnvironmentVariable("FLEETDECK_DEMO_DOCKERFILE");
    const QString appDir = QCoreApplication::instance() ? QCoreApplication::applicationDirPath() : QString();
    if (!appDir.isEmpty()) {
        s.directories << QDir::cleanPath(appDir + QStringLiteral("/../resources/demo-app"))
                      << QDir::cleanPath(appDir + QStringLiteral("/../share/fleetdeck/demo-app"));
    }
    for (const QString &data : QStandardPaths::standardLocations(QStandardPaths::GenericDataLocation)) {
        const QString dir = QDir::cleanPath(data + QStringLiteral("/fleetdeck/demo-app"));
        if (!s.directories.contains(dir))
            s.directories << dir;
    }
    return s;
}

Result<DemoImageSources> locateDemoImageSources(const DemoImageSearch &search)
{
    const QString howTo =
        QStringLiteral("Build it with \"cmake --build <build dir> --target demo-web\" (it lands in "
                       "<build dir>/resources/demo-app/demo-web), or set FLEETDECK_DEMO_WEB to a demo-web binary.");
    if (!search.binaryFromEnvironment.isEmpty()) {
        const QFileInfo binary(search.binaryFromEnvironment);
        if (!binary.isFile())
            return notFound(QStringLiteral("FLEETDECK_DEMO_WEB is %1, but there is no file there. %2")
                                .arg(search.binaryFromEnvironment, howTo));
        const QString dockerfile = !search.dockerfileFromEnvironment.isEmpty()
                                       ? search.dockerfileFromEnvironment
                                       : binary.absoluteDir().filePath(kDockerfileName);
        if (!QFileInfo(dockerfile).isFile())
            return notFound(QStringLiteral("No Dockerfile at %1 (next to FLEETDECK_DEMO_WEB). Copy "
                                           "resources/demo-app/Dockerfile there, or set FLEETDECK_DEMO_DOCKERFILE.")
                                .arg(dockerfile));
        return DemoImageSources{binary.absoluteFilePath(), QFileInfo(dockerfile).absoluteFilePath()};
    }
    QStringList looked;
    for (const QString &dir : search.directories) {
        const QString binary = QDir(dir).filePath(kBinaryName);
        const QString dockerfile = !search.dockerfileFromEnvironment.isEmpty() ? search.dockerfileFromEnvironment
                                                                               : QDir(dir).filePath(kDockerfileName);
        looked << binary;
        if (QFileInfo(binary).isFile() && QFileInfo(dockerfile).isFile())
            return DemoImageSources{QFileInfo(binary).absoluteFilePath(), QFileInfo(dockerfile).absoluteFilePath()};
        if (QFileInfo(binary).isFile())
            looked.last() += QStringLiteral(" (found, but no Dockerfile beside it)");
    }
    return notFound(
        QStringLiteral("The demo-web binary was not found (FLEETDECK_DEMO_WEB is not set; looked at %1). %2")
            .arg(looked.isEmpty() ? QStringLiteral("no directory") : looked.join(QStringLiteral(", ")), howTo));
}

Result<DemoImageContext> makeDemoImageContext(const DemoImageSources &sources)
{
    QFile binaryFile(sources.binary);
    if (!binaryFile.open(QIODevice::ReadOnly))
        return unusable(QStringLiteral("Cannot read %1: %2").arg(sources.binary, binaryFile.errorString()));
    const QByteArray binary = binaryFile.readAll();
    const QFileInfo binaryInfo(sources.binary);
    if (!binaryInfo.isExecutable())
        return unusable(QStringLiteral("'%1' is not executable").arg(sources.binary));
    if (const std::optional<QString> problem = staticLinkProblem(binary, sources.binary))
        return unusable(*problem);
    QFile dockerfileFile(sources.dockerfile);
    if (!dockerfileFile.open(QIODevice::ReadOnly))
        return unusable(QStringLiteral("Cannot read %1: %2").arg(sources.dockerfile, dockerfileFile.errorString()));
    const QByteArray dockerfile = dockerfileFile.readAll();

    DemoImageContext c;
    c.sources = sources;
    c.binarySha256 = sha256Hex(binary);
    c.dockerfileSha256 = sha256Hex(dockerfile);
    docker::TarWriter tar;
    // The binary keeps its mtime (the script's cp -p), so both tags share one COPY layer.
    tar.addFile(kDockerfileName, dockerfile, 0644, QFileInfo(sources.dockerfile).lastModified());
    tar.addFile(kBinaryName, binary, 0755, binaryInfo.lastModified());
    c.tar = tar.finish();
    return c;
}

docker::BuildSpec demoImageBuildSpec(const DemoImageContext &context, const DemoImageVariant &variant,
                                     const QString &repository)
{
    docker::BuildSpec spec;
    spec.contextTar = context.tar;
    spec.dockerfile = kDockerfileName;
    spec.tags = {QStringLiteral("%1:%2").arg(repository).arg(variant.revision)};
    spec.buildArgs = {{QStringLiteral("REVISION"), QString::number(variant.revision)},
                      {QStringLiteral("COLOUR"), variant.colour},
                      {QStringLiteral("BINARY_SHA256"), context.binarySha256},
                      {QStringLiteral("DOCKERFILE_SHA256"), context.dockerfileSha256}};
    return spec;
}

bool isUpToDate(const docker::ImageInspect &image, const DemoImageContext &context)
{
    return image.labels.value(QStringLiteral("fleetdeck.demo-web.sha256")) == context.binarySha256 &&
           image.labels.value(QStringLiteral("fleetdeck.demo-web.dockerfile-sha256")) == context.dockerfileSha256;
}

// ---- DemoImageBuilder ------------------------------------------------------------------------

DemoImageBuilder::DemoImageBuilder(docker::DockerClient &client, QObject *parent) : QObject(parent), m_client(&client)
{}

DemoImageBuilder::~DemoImageBuilder()
{
    // The client outlives this builder: its progress callbacks must not reach a deleted object.
    m_inspect.cancel();
    m_build.cancel();
}

bool DemoImageBuilder::start(const DemoImageSources &sources)
{
    if (m_running)
        return false;
    m_running = true;
    m_built.clear();
    m_upToDate.clear();
    const int generation = ++m_generation;

    // Reading and hashing the binary is file I/O: on a pool thread, back here with the result.
    auto promise = std::make_shared<QPromise<ContextOutcome>>();
    auto *watcher = new QFutureWatcher<ContextOutcome>(this);
    connect(watcher, &QFutureWatcher<ContextOutcome>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation || !m_running)
            return; // cancelled
        const ContextOutcome out = watcher->result();
        if (!out.context) {
            finish(false, out.error.message);
            return;
        }
        m_context = *out.context;
        m_queue = demoImageVariants();
        next();
    });
    watcher->setFuture(promise->future());
    QThreadPool::globalInstance()->start([promise, sources] {
        promise->start();
        ContextOutcome out;
        Result<DemoImageContext> made = makeDemoImageContext(sources);
        if (made)
            out.context = std::move(made).value();
        else
            out.error = made.error();
        promise->addResult(out);
        promise->finish();
    });
    return true;
}

void DemoImageBuilder::cancel()
{
    if (!m_running)
        return;
    ++m_generation;
    m_inspect.cancel();
    m_build.cancel();
    finish(false, tr("Build cancelled."));
}

void DemoImageBuilder::next()
{
    if (m_queue.isEmpty()) {
        if (!m_built.isEmpty())
            removeDangling();
        finish(true, m_built.isEmpty()
                         ? tr("%1 already up to date: nothing to build.").arg(m_upToDate.join(QStringLiteral(", ")))
                         : tr("Built %1.").arg(m_built.join(QStringLiteral(", "))) +
                               (m_upToDate.isEmpty()
                                    ? QString()
                                    : tr(" %1 was already up to date.").arg(m_upToDate.join(QStringLiteral(", ")))));
        return;
    }
    if (!m_client) {
        finish(false, tr("The engine connection went away."));
        return;
    }
    const DemoImageVariant variant = m_queue.takeFirst();
    if (m_force) {
        build(variant);
        return;
    }
    const QString tag = demoImageBuildSpec(m_context, variant, m_repository).tags.value(0);
    const int generation = m_generation;
    m_inspect = m_client->inspectImage(tag);
    m_inspect.then(this, [this, variant, tag, generation](const Result<docker::ImageInspect> &r) {
        if (generation != m_generation)
            return;
        if (r && isUpToDate(*r, m_context)) {
            m_upToDate << tag;
            emit progress(tag, 0, 0,
                          tr("%1 is up to date (binary sha256 %2)").arg(tag, m_context.binarySha256.left(12)));
            emit imageDone(tag, false, r->id);
            next();
            return;
        }
        build(variant);
    });
}

void DemoImageBuilder::build(const DemoImageVariant &variant)
{
    const docker::BuildSpec spec = demoImageBuildSpec(m_context, variant, m_repository);
    const QString tag = spec.tags.value(0);
    const int generation = m_generation;
    emit progress(tag, 0, 0, tr("Building %1 (revision %2, %3)…").arg(tag).arg(variant.revision).arg(variant.colour));
    const QPointer<DemoImageBuilder> self(this);
    const auto onLine = [self, tag, generation](const docker::BuildProgress &p) {
        if (!self || generation != self->m_generation)
            return;
        static const QRegularExpression stepRe(QStringLiteral("^Step (\\d+)/(\\d+) :"));
        const QRegularExpressionMatch m = stepRe.match(p.line);
        emit self->progress(tag, m.hasMatch() ? m.captured(1).toInt() : 0, m.hasMatch() ? m.captured(2).toInt() : 0,
                            p.line);
    };
    m_build = m_client->buildImage(spec, onLine);
    m_build.then(this, [this, tag, generation](const Result<docker::BuildResult> &r) {
        if (generation != m_generation)
            return;
        if (!r) {
            finish(false, tr("Building %1 failed: %2").arg(tag, r.error().message));
            return;
        }
        m_built << tag;
        qCInfo(lcDemoImages) << "built" << tag << r->imageId;
        emit imageDone(tag, true, r->imageId);
        next();
    });
}

void DemoImageBuilder::removeDangling()
{
    // Left untagged by a rebuild: ours (fleetdeck.demo=1) and useless. Fire and forget; an image
    // still used by a container is refused by the engine and stays.
    docker::DockerClient *client = m_client;
    if (!client)
        return;
    docker::ImageListQuery query;
    query.labels = {QStringLiteral("fleetdeck.demo=1")};
    client->listImages(query).then(client, [client](const Result<QList<docker::ImageSummary>> &r) {
        if (!r)
            return;
        for (const docker::ImageSummary &image : r.value()) {
            const bool dangling =
                image.repoTags.isEmpty() || std::all_of(image.repoTags.cbegin(), image.repoTags.cend(),
                                                        [](const QString &t) { return t == u"<none>:<none>"; });
            if (dangling)
                client->removeImage(image.id);
        }
    });
}

void DemoImageBuilder::finish(bool ok, const QString &message)
{
    m_running = false;
    m_queue.clear();
    emit finished(ok, message);
}

} // namespace fd::images
