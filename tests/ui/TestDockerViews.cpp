// The Images and Container logs views against a fake DockerClient (handed out by a real
// EngineMonitor through its client factory): what they show without an engine connection, the
// image table, a pull's progress and its clear failure, and logs followed, marked, searched and
// bounded.

#include "ControlPlane.h"
#include "ops/Engines.h"
#include "FakeDockerClient.h"
#include "MainWindow.h"
#include "ModalDriver.h"
#include "PageKeys.h"
#include "System.h"
#include "controllers/EngineMonitor.h"
#include "models/ImageTableModel.h"
#include "views/ImagesView.h"
#include "views/LogsView.h"
#include "views/NavigationTree.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>

using fd::test::FakeDockerClient;
using fd::ui::MainWindow;
using fd::ui::NavigationTree;

class TestDockerViews final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void withoutMonitorTheViewsSaySoClearly();
    void imagesAreListed();
    void pullShowsProgressThenAClearError();
    void buildDemoImagesBuildsBothThroughTheClient();
    void buildDemoImagesSaysWhereItLooked();
    void logsFollowMarkSearchAndBound();
    void logsWithoutFollowingReadOnce();

private:
    template<typename T> T *find(const char *name) const { return m_window->findChild<T *>(QLatin1String(name)); }
    void connectMonitor();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeDockerClient> m_unclaimedFake; // until the monitor asks for a client
    std::unique_ptr<fd::System> m_system;
    fd::ControlPlane *m_cp = nullptr;
    fd::EngineMonitor *m_monitor = nullptr; // not started: the views ask it for the client
    std::unique_ptr<MainWindow> m_window;
    FakeDockerClient *m_fake = nullptr; // then owned by m_monitor
};

void TestDockerViews::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    fd::SystemOptions system;
    system.dataDir = m_dir->path();
    system.clock = std::make_shared<fd::ManualClock>();
    system.emptyFirstStart = true;
    system.metrics = false;
    system.startControllers = false;
    system.dockerClients = [this](const fd::Engine &) -> std::unique_ptr<fd::docker::DockerClient> {
        return std::move(m_unclaimedFake);
    };
    auto created = fd::System::create(std::move(system));
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().message));
    m_system = std::move(created).value();
    m_cp = &m_system->controlPlane();
    m_monitor = m_system->engineMonitor();
    QVERIFY(m_monitor);
    QVERIFY(
        m_cp->engines().add(QStringLiteral("local"), fd::Engine::Kind::Docker, QStringLiteral("unix:///fake/docker.sock"))
            .ok());

    m_unclaimedFake = std::make_unique<FakeDockerClient>();
    m_fake = m_unclaimedFake.get();
    fd::docker::ImageSummary web;
    web.id = QStringLiteral("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    web.repoTags = {QStringLiteral("fleetdeck/demo-web:1")};
    web.size = 3 * 1024 * 1024 + 300 * 1024; // 3.3 MiB
    web.created = QDateTime(QDate(2026, 3, 1), QTime(10, 0), Qt::UTC);
    fd::docker::ImageSummary untagged;
    untagged.id = QStringLiteral("sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");
    untagged.size = 512;
    m_fake->images = {web, untagged};
    fd::docker::ContainerSummary task;
    task.id = QStringLiteral("aaaa1111bbbb2222cccc3333dddd4444eeee5555ffff6666aaaa1111bbbb2222");
    task.names = {QStringLiteral("ecs-demo-web-1")};
    task.image = QStringLiteral("fleetdeck/demo-web:1");
    task.state = QStringLiteral("running");
    task.labels = {{QStringLiteral("fleetdeck.managed"), QStringLiteral("true")}};
    fd::docker::ContainerSummary other;
    other.id = QStringLiteral("9999888877776666555544443333222211110000999988887777666655554444");
    other.names = {QStringLiteral("someone-elses")};
    other.image = QStringLiteral("busybox");
    other.state = QStringLiteral("exited");
    m_fake->containers = {task, other};

    m_window = std::make_unique<MainWindow>(*m_cp);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestDockerViews::cleanup()
{
    m_window.reset();
    m_monitor = nullptr;
    m_cp = nullptr;
    m_system.reset();
    m_unclaimedFake.reset();
    m_dir.reset();
}

void TestDockerViews::connectMonitor()
{
    m_window->context().setEngineMonitor(m_monitor);
    QCOMPARE(m_monitor->client(QStringLiteral("local")), static_cast<fd::docker::DockerClient *>(m_fake));
}

void TestDockerViews::withoutMonitorTheViewsSaySoClearly()
{
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Images, {}));
    auto *message = find<QLabel>("imagesMessage");
    QVERIFY(message && message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("No engine connection")), qPrintable(message->text()));
    QVERIFY(!find<QPushButton>("pullImageButton")->isEnabled());

    QVERIFY(m_window->navigation()->select(fd::ui::pages::Logs, {}));
    auto *status = find<QLabel>("logStatus");
    QVERIFY(status && status->isVisible());
    QVERIFY2(status->text().contains(QStringLiteral("No engine connection")), qPrintable(status->text()));
}

void TestDockerViews::imagesAreListed()
{
    connectMonitor();
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Images, {}));
    auto *table = find<QTableView>("imageTable");
    QTRY_COMPARE(table->model()->rowCount(), 2);
    QAbstractItemModel *model = table->model();
    // Sorted by tag: "<none>" before "fleetdeck/…".
    QCOMPARE(model->index(1, fd::ui::ImageTableModel::TagsColumn).data().toString(),
             QStringLiteral("fleetdeck/demo-web:1"));
    QCOMPARE(model->index(1, fd::ui::ImageTableModel::IdColumn).data().toString(), QStringLiteral("0123456789ab"));
    QCOMPARE(model->index(1, fd::ui::ImageTableModel::SizeColumn).data().toString(), QStringLiteral("3.3 MiB"));
    QCOMPARE(model->index(0, fd::ui::ImageTableModel::TagsColumn).data().toString(), QStringLiteral("<none>"));
    QCOMPARE(model->index(0, fd::ui::ImageTableModel::SizeColumn).data().toString(), QStringLiteral("512 B"));
    auto *demo = find<QLabel>("demoImagesStatus");
    QVERIFY(demo->isVisible());
    QVERIFY2(demo->text().contains(QStringLiteral("missing: fleetdeck/demo-web:2")), qPrintable(demo->text()));

    // An engine that fails: its error, not a stale table.
    m_fake->listImagesError =
        fd::makeError(QStringLiteral("EngineUnreachable"),
                      QStringLiteral("Cannot connect to the Docker engine at unix:///fake/docker.sock"));
    QTest::mouseClick(find<QPushButton>("refreshImagesButton"), Qt::LeftButton);
    QTRY_VERIFY(find<QLabel>("imagesMessage")->text().contains(QStringLiteral("Cannot connect")));
    QCOMPARE(table->model()->rowCount(), 0);
    QVERIFY(!demo->isVisible());
}

void TestDockerViews::pullShowsProgressThenAClearError()
{
    connectMonitor();
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Images, {}));
    auto *pullButton = find<QPushButton>("pullImageButton");
    QTRY_VERIFY(pullButton->isEnabled());
    QVERIFY(fd::test::driveModal<QInputDialog>([&] { QTest::mouseClick(pullButton, Qt::LeftButton); },
                                               [](QInputDialog *dialog) {
                                                   QCOMPARE(dialog->objectName(), QStringLiteral("pullImageDialog"));
                                                   dialog->setTextValue(QStringLiteral("nginx:alpine"));
                                                   dialog->accept();
                                               }));
    QCOMPARE(m_fake->lastPullReference, QStringLiteral("nginx:alpine"));
    auto *progress = find<QProgressBar>("pullProgress");
    auto *status = find<QLabel>("pullStatus");
    QVERIFY(progress->isVisible());
    QVERIFY(!pullButton->isEnabled());

    fd::docker::PullProgress p;
    p.status = QStringLiteral("Downloading");
    p.layerId = QStringLiteral("4abcf2066143");
    p.overallCurrent = 1024 * 1024;
    p.overallTotal = 4 * 1024 * 1024;
    m_fake->pullProgress(p);
    QCOMPARE(progress->maximum(), 1000);
    QCOMPARE(progress->value(), 250);
    QVERIFY(status->text().contains(QStringLiteral("Downloading")));

    // No registry answers: the client fails fast, and the view says what it said.
    const QString error = QStringLiteral("Cannot pull nginx:alpine: Get \"https://registry-1.docker.io/v2/\": dial "
                                         "tcp: lookup registry-1.docker.io: no such host");
    m_fake->pullPromise.resolve(fd::makeError(QStringLiteral("EngineError"), error));
    QTRY_COMPARE(status->text(), error);
    QVERIFY(!progress->isVisible());
    QVERIFY(pullButton->isEnabled());
    QVERIFY(!find<fd::ui::ImagesView>("imagesView")->isPulling());
}

namespace {

// A stand-in demo-web: an ELF64 header with no program headers (so no PT_INTERP: "static"), and a
// Dockerfile beside it. The fake client does not run them.
QByteArray writeFakeDemoWeb(const QString &dir)
{
    QByteArray elf(64, '\0');
    elf[0] = 0x7f;
    elf[1] = 'E';
    elf[2] = 'L';
    elf[3] = 'F';
    elf[4] = 2; // 64-bit
    elf[5] = 1; // little-endian
    elf.append("fake demo-web payload");
    QFile binary(dir + QStringLiteral("/demo-web"));
    if (!binary.open(QIODevice::WriteOnly) || binary.write(elf) != elf.size())
        return {};
    binary.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QFile dockerfile(dir + QStringLiteral("/Dockerfile"));
    if (!dockerfile.open(QIODevice::WriteOnly))
        return {};
    dockerfile.write("FROM scratch\nCOPY demo-web /demo-web\n");
    return elf;
}

} // namespace

void TestDockerViews::buildDemoImagesBuildsBothThroughTheClient()
{
    QTemporaryDir sources;
    const QByteArray binary = writeFakeDemoWeb(sources.path());
    QVERIFY(!binary.isEmpty());
    connectMonitor();
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Images, {}));
    auto *view = find<fd::ui::ImagesView>("imagesView");
    view->setDemoImageSearch({{}, {}, {sources.path()}});
    auto *build = find<QPushButton>("buildDemoImagesButton");
    auto *status = find<QLabel>("buildStatus");
    QTRY_VERIFY(build->isEnabled());
    QTest::mouseClick(build, Qt::LeftButton);
    QVERIFY(find<QWidget>("buildPanel")->isVisible());

    // Both tags, each with the script's build args, from one context holding the two files.
    QTRY_COMPARE(m_fake->builds.size(), 2);
    QTRY_VERIFY(!view->isBuilding());
    const QString sha = QString::fromLatin1(QCryptographicHash::hash(binary, QCryptographicHash::Sha256).toHex());
    const QStringList colours{QStringLiteral("blue"), QStringLiteral("green")};
    for (int i = 0; i < 2; ++i) {
        const fd::docker::BuildSpec &spec = m_fake->builds[i];
        QCOMPARE(spec.tags, QStringList{QStringLiteral("fleetdeck/demo-web:%1").arg(i + 1)});
        QCOMPARE(spec.buildArgs.value(QStringLiteral("REVISION")), QString::number(i + 1));
        QCOMPARE(spec.buildArgs.value(QStringLiteral("COLOUR")), colours[i]);
        QCOMPARE(spec.buildArgs.value(QStringLiteral("BINARY_SHA256")), sha);
        QCOMPARE(spec.buildArgs.value(QStringLiteral("DOCKERFILE_SHA256")).size(), 64);
        QVERIFY(spec.contextTar.contains(binary));
        QVERIFY(spec.contextTar.startsWith("Dockerfile"));
        QVERIFY(spec.contextTar.contains(QByteArray("demo-web\0", 9)));
        QCOMPARE(spec.contextTar.size() % 512, 0);
    }
    QVERIFY2(status->text().contains(QStringLiteral("Built fleetdeck/demo-web:1, fleetdeck/demo-web:2")),
             qPrintable(status->text()));
    QVERIFY(!find<QProgressBar>("buildProgress")->isVisible());
    QVERIFY(build->isEnabled());

    // A failing build: the builder's words, in red, and the output kept to read.
    m_fake->buildError = fd::makeError(QStringLiteral("EngineError"), QStringLiteral("COPY failed: no space left"));
    QTest::mouseClick(build, Qt::LeftButton);
    QTRY_VERIFY2(status->text().contains(QStringLiteral("COPY failed: no space left")), qPrintable(status->text()));
    QVERIFY(status->text().contains(QStringLiteral("fleetdeck/demo-web:1")));
    QVERIFY(status->styleSheet().contains(QStringLiteral("#c62828")));
    QVERIFY(find<QPlainTextEdit>("buildOutput")->toPlainText().contains(QStringLiteral("Step 3/3")));
}

void TestDockerViews::buildDemoImagesSaysWhereItLooked()
{
    connectMonitor();
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Images, {}));
    auto *view = find<fd::ui::ImagesView>("imagesView");
    auto *status = find<QLabel>("buildStatus");
    view->setDemoImageSearch({{}, {}, {QStringLiteral("/nonexistent/build/resources/demo-app")}});
    QTest::mouseClick(find<QPushButton>("buildDemoImagesButton"), Qt::LeftButton);
    QVERIFY(status->isVisible());
    QVERIFY2(status->text().contains(QStringLiteral("demo-web binary was not found")), qPrintable(status->text()));
    QVERIFY(status->text().contains(QStringLiteral("/nonexistent/build/resources/demo-app/demo-web")));
    QVERIFY(status->text().contains(QStringLiteral("FLEETDECK_DEMO_WEB")));
    QVERIFY(status->text().contains(QStringLiteral("--target demo-web")));

    // An explicit FLEETDECK_DEMO_WEB that points nowhere is named as such.
    view->setDemoImageSearch({QStringLiteral("/nonexistent/demo-web"), {}, {}});
    QTest::mouseClick(find<QPushButton>("buildDemoImagesButton"), Qt::LeftButton);
    QVERIFY2(status->text().contains(QStringLiteral("FLEETDECK_DEMO_WEB is /nonexistent/demo-web")),
             qPrintable(status->text()));
    QVERIFY(m_fake->builds.isEmpty());
}

void TestDockerViews::logsFollowMarkSearchAndBound()
{
    connectMonitor();
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Logs, {}));
    auto *containers = find<QComboBox>("containerCombo");
    QTRY_COMPARE(containers->count(), 2);
    QVERIFY(m_fake->lastContainerQuery.all);
    QVERIFY(m_fake->lastContainerQuery.labels.isEmpty());

    // Only Fleetdeck's: the label filter goes to the engine.
    find<QCheckBox>("managedOnlyCheck")->setChecked(true);
    QTRY_COMPARE(containers->count(), 1);
    QCOMPARE(m_fake->lastContainerQuery.labels, QStringList{QStringLiteral("fleetdeck.managed=true")});
    QVERIFY(containers->currentText().startsWith(QStringLiteral("ecs-demo-web-1")));

    auto *logsView = m_window->page<fd::ui::LogsView>();
    QTRY_VERIFY(m_fake->stream);
    QVERIFY(logsView->isFollowing());
    QCOMPARE(m_fake->lastLogsContainer, m_fake->containers.front().id);
    QCOMPARE(m_fake->lastLogOptions.tail, fd::ui::LogsView::kFollowTail);

    emit m_fake->stream->line(FakeDockerClient::line("GET / 200 served by task 1"));
    emit m_fake->stream->line(FakeDockerClient::line("health check failed: connection refused", true));
    emit m_fake->stream->line(FakeDockerClient::line("GET /health 200"));
    QTRY_COMPARE(logsView->lineCount(), 3);
    auto *text = find<QPlainTextEdit>("logText");
    const QTextBlock second = text->document()->findBlockByNumber(1);
    QVERIFY2(second.text().startsWith(QStringLiteral("err ")), qPrintable(second.text()));
    QVERIFY(text->document()->findBlockByNumber(0).text().startsWith(QStringLiteral("out ")));
    // stderr is red, stdout is not.
    const auto colourAt = [](const QTextBlock &block) {
        QTextCursor c(block);
        c.movePosition(QTextCursor::EndOfBlock);
        return c.charFormat().foreground().color();
    };
    QCOMPARE(colourAt(second), QColor(0xc6, 0x28, 0x28));
    QVERIFY(colourAt(text->document()->findBlockByNumber(0)) != QColor(0xc6, 0x28, 0x28));

    // Search highlights every match, case-insensitively, and keeps up with new lines.
    QTest::keyClicks(find<QLineEdit>("logSearch"), QStringLiteral("get"));
    QCOMPARE(logsView->matchCount(), 2);
    QCOMPARE(text->extraSelections().size(), 2);
    QCOMPARE(find<QLabel>("logMatchCount")->text(), QStringLiteral("2 match(es)"));
    emit m_fake->stream->line(FakeDockerClient::line("GET /slow 200"));
    QTRY_COMPARE(logsView->matchCount(), 3);

    // Bounded: the oldest lines go.
    for (int i = 0; i < fd::ui::LogsView::kMaxLines + 50; ++i)
        emit m_fake->stream->line(FakeDockerClient::line("line " + QByteArray::number(i)));
    QTRY_COMPARE(logsView->lineCount(), fd::ui::LogsView::kMaxLines);
    QCOMPARE(text->document()->lastBlock().text().section(u' ', -2),
             QStringLiteral("line %1").arg(fd::ui::LogsView::kMaxLines + 49));

    // Follow off: the stream closes and the lines stay; on again: a new stream from the tail.
    QTest::mouseClick(find<QPushButton>("followButton"), Qt::LeftButton);
    QVERIFY(!logsView->isFollowing());
    QVERIFY(!m_fake->stream);
    QCOMPARE(logsView->lineCount(), fd::ui::LogsView::kMaxLines);
    QTest::mouseClick(find<QPushButton>("followButton"), Qt::LeftButton);
    QVERIFY(m_fake->stream);
    QCOMPARE(m_fake->followLogsCalls, 2);

    // The container stops: the stream ends and the view says so.
    emit m_fake->stream->finished(QString(), QString());
    QTRY_VERIFY(find<QLabel>("logStatus")->text().contains(QStringLiteral("stopped")));
}

void TestDockerViews::logsWithoutFollowingReadOnce()
{
    connectMonitor();
    m_fake->logLines = {FakeDockerClient::line("one"), FakeDockerClient::line("two", true)};
    auto *logsView = m_window->page<fd::ui::LogsView>();
    logsView->setFollowing(false);
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Logs, {}));
    QTRY_COMPARE(logsView->lineCount(), 2);
    QCOMPARE(m_fake->followLogsCalls, 0);
    QVERIFY(m_fake->logsCalls >= 1);
    QCOMPARE(m_fake->lastLogOptions.tail, fd::ui::LogsView::kMaxLines);
    QVERIFY(find<QLabel>("logStatus")->text().contains(QStringLiteral("not following")));
}

QTEST_MAIN(TestDockerViews)
#include "TestDockerViews.moc"
