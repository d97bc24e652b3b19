#pragma once

// The demo images fleetdeck/demo-web:1 (blue) and :2 (green), built in-process exactly as
// resources/scripts/build-images.sh builds them: FROM scratch plus the static demo-web binary, the
// classic builder, a context holding only the binary and the Dockerfile, the build args REVISION,
// COLOUR, BINARY_SHA256 and DOCKERFILE_SHA256 (the Dockerfile turns them into the image's labels),
// and no rebuild of an image whose labels say it was built from the same binary and Dockerfile.

#include "Result.h"
#include "docker/DockerTypes.h"
#include "docker/Pending.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

namespace fd::docker {
class DockerClient;
}

namespace fd::images {

inline constexpr char kDemoRepository[] = "fleetdeck/demo-web";

/// One image of the pair: its tag and what tells it apart.
struct DemoImageVariant
{
    int revision = 1;
    QString colour;
};

/// 1 blue, 2 green: what build-images.sh builds.
QList<DemoImageVariant> demoImageVariants();

/// The files a build needs.
struct DemoImageSources
{
    QString binary;     ///< the static demo-web executable
    QString dockerfile; ///< resources/demo-app/Dockerfile (or its copy next to the binary)
};

/**
 * Where the sources are looked for, in order:
 *  1. $FLEETDECK_DEMO_WEB: the binary (when set, it must be right: no further search); the
 *     Dockerfile next to it, or $FLEETDECK_DEMO_DOCKERFILE;
 *  2. each of `directories`: <dir>/demo-web with <dir>/Dockerfile. By default the build tree
 *     next to the executable (<app dir>/../resources/demo-app, where CMake copies the Dockerfile
 *     beside the binary), then the install share dirs (<app dir>/../share/fleetdeck/demo-app and
 *     <data dir>/fleetdeck/demo-app of every generic data location).
 */
struct DemoImageSearch
{
    QString binaryFromEnvironment;
    QString dockerfileFromEnvironment;
    QStringList directories;

    static DemoImageSearch fromEnvironment();
};

/// Fails with "DemoWebNotFound" naming every place it looked and how to get the binary.
Result<DemoImageSources> locateDemoImageSources(const DemoImageSearch &search = DemoImageSearch::fromEnvironment());

/// A build context and what identifies its contents.
struct DemoImageContext
{
    DemoImageSources sources;
    QByteArray tar; ///< "Dockerfile" and "demo-web" (0755, the binary's mtime, like cp -p)
    QString binarySha256;
    QString dockerfileSha256;
};

/// Reads and checks both files and makes the context. Blocking file I/O (about 2 MB): call it off
/// the GUI thread. Fails with "DemoWebUnusable" when the binary is not an executable, statically
/// linked program (a FROM scratch image has no loader) or a file cannot be read.
Result<DemoImageContext> makeDemoImageContext(const DemoImageSources &sources);

/// The build of one variant under `repository` ("fleetdeck/demo-web" -> "fleetdeck/demo-web:1").
docker::BuildSpec demoImageBuildSpec(const DemoImageContext &context, const DemoImageVariant &variant,
                                     const QString &repository = QString::fromLatin1(kDemoRepository));

/// True when `image` was built from this context's binary and Dockerfile (its labels say so).
bool isUpToDate(const docker::ImageInspect &image, const DemoImageContext &context);

/**
 * Builds both demo images through a DockerClient, asynchronously: the context is made on a pool
 * thread, then each tag is inspected and built when missing or stale (force: always), with the
 * builder's output lines reported as they come. After a rebuild, the dangling images it left
 * (untagged, labelled fleetdeck.demo=1) are removed, as the script does.
 */
class DemoImageBuilder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoImageBuilder)

public:
    explicit DemoImageBuilder(docker::DockerClient &client, QObject *parent = nullptr);
    ~DemoImageBuilder() override;

    void setRepository(const QString &repository) { m_repository = repository; }
    QString repository() const { return m_repository; }
    void setForce(bool force) { m_force = force; }

    /// Starts a build; false (and nothing happens) while one runs.
    bool start(const DemoImageSources &sources);
    void cancel();
    bool isRunning() const { return m_running; }

    QStringList built() const { return m_built; }       ///< tags built by the last run
    QStringList upToDate() const { return m_upToDate; } ///< tags the last run left as they were

signals:
    /// A line of the builder's output for `tag`; `step` of `steps` from "Step 3/12 : ...", 0 when
    /// the line has no step.
    void progress(const QString &tag, int step, int steps, const QString &line);
    /// `tag` done: built (a new image id) or already up to date.
    void imageDone(const QString &tag, bool built, const QString &imageId);
    /// The run is over; `message` says what happened, or what failed.
    void finished(bool ok, const QString &message);

private:
    void next();
    void build(const DemoImageVariant &variant);
    void removeDangling();
    void finish(bool ok, const QString &message);

    QPointer<docker::DockerClient> m_client;
    QString m_repository = QString::fromLatin1(kDemoRepository);
    bool m_force = false;
    bool m_running = false;
    int m_generation = 0;
    DemoImageContext m_context;
    QList<DemoImageVariant> m_queue;
    QStringList m_built;
    QStringList m_upToDate;
    docker::Pending<docker::ImageInspect> m_inspect;
    docker::Pending<docker::BuildResult> m_build;
};

} // namespace fd::images
