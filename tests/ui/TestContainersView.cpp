// The Containers view against a fake DockerClient (handed out by a real EngineMonitor) and a real
// MetricsController: every labelled container with its engine, task and cluster, "unmatched — left
// as it is" marked, live CPU and memory from stats frames, Open logs landing in the logs view, and
// Remove… only for unmatched containers, only after a confirmation.

#include "ControlPlane.h"
#include "ops/Engines.h"
#include "FakeDockerClient.h"
#include "MainWindow.h"
#include "ModalDriver.h"
#include "PageKeys.h"
#include "System.h"
#include "controllers/EngineMonitor.h"
#include "controllers/MetricsController.h"
#include "models/ContainerTableModel.h"
#include "models/ItemRoles.h"
#include "views/ContainersView.h"
#include "views/LogsView.h"
#include "views/NavigationTree.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using fd::test::FakeDockerClient;
using fd::ui::ContainerTableModel;
using fd::ui::MainWindow;
using fd::ui::NavigationTree;

namespace {

fd::docker::ContainerSummary labelled(const QString &id, const QString &name, const QString &state, const QString &task)
{
    fd::docker::ContainerSummary c;
    c.id = id.repeated(64 / id.size());
    c.names = {name};
    c.image = QStringLiteral("fleetdeck/demo-web:1");
    c.state = state;
    c.labels = {{QStringLiteral("fleetdeck.managed"), QStringLiteral("true")},
                {QStringLiteral("fleetdeck.cluster"), QStringLiteral("default")},
                {QStringLiteral("fleetdeck.task"), task},
                {QStringLiteral("fleetdeck.family"), QStringLiteral("demo-web")},
                {QStringLiteral("fleetdeck.revision"), QStringLiteral("3")}};
    return c;
}

fd::docker::ContainerStats frame(qint64 atMs, quint64 cpuNs, quint64 systemNs, quint64 memory)
{
    fd::docker::ContainerStats s;
    s.read = QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC);
    s.cpuTotalUsage = cpuNs;
    s.systemCpuUsage = systemNs;
    s.onlineCpus = 2;
    s.memoryUsage = memory;
    s.memoryLimit = 1024ull * 1024 * 1024;
    return s;
}

} // namespace

class TestContainersView final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void listsLabelledContainersWithTaskAndMatch();
    void liveCpuAndMemoryFromStats();
    void openLogsShowsTheContainersLogs();
    void removeOnlyUnmatchedAfterConfirmation();
    void modelUnderTester();

private:
    template<typename T> T *find(const char *name) const { return m_window->findChild<T *>(QLatin1String(name)); }
    int viewRowOf(const QString &id) const;
    void selectRow(const QString &id);
    QString cell(const QString &id, int column) const
    {
        const int row = viewRowOf(id);
        return row < 0 ? QString() : m_table->model()->index(row, column).data().toString();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeDockerClient> m_unclaimedFake; // until the monitor asks for a client
    std::unique_ptr<fd::System> m_system;
    fd::ControlPlane *m_cp = nullptr;
    fd::EngineMonitor *m_monitor = nullptr;
    fd::MetricsController *m_metrics = nullptr;
    std::unique_ptr<MainWindow> m_window;
    FakeDockerClient *m_fake = nullptr;
    QTableView *m_table = nullptr;
    QString m_a, m_b, m_stopped;
};

void TestContainersView::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    // The monitor and the metrics are started below, once the window shows, at quick intervals.
    fd::SystemOptions system;
    system.dataDir = m_dir->path();
    system.clock = std::make_shared<fd::ManualClock>();
    system.emptyFirstStart = true;
    system.startControllers = false;
    system.dockerClients = [this](const fd::Engine &) -> std::unique_ptr<fd::docker::DockerClient> {
        return std::move(m_unclaimedFake);
    };
    system.metricsOptions.collector.intervalMs = 100; // quick ticks; the values come from the frames' own times
    system.metricsOptions.subscribeEvents = false;
    system.metricsClock = std::make_shared<fd::ManualClock>();
    auto created = fd::System::create(std::move(system));
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().message));
    m_system = std::move(created).value();
    m_cp = &m_system->controlPlane();
    m_monitor = m_system->engineMonitor();
    m_metrics = m_system->metrics();
    QVERIFY(m_monitor && m_metrics);
    // A tcp:// engine: its containers are sampled through the stats API, which the fake hands out.
    QVERIFY(
        m_cp->engines().add(QStringLiteral("lab"), fd::Engine::Kind::Docker, QStringLiteral("tcp://127.0.0.1:2375")).ok());

    m_unclaimedFake = std::make_unique<FakeDockerClient>();
    m_fake = m_unclaimedFake.get();
    const auto a = labelled(QStringLiteral("a1"), QStringLiteral("ecs-demo-web-3-web-a"), QStringLiteral("running"),
                            QStringLiteral("0123456789abcdef0123456789abcdef"));
    const auto b = labelled(QStringLiteral("b2"), QStringLiteral("ecs-demo-web-3-web-b"), QStringLiteral("running"),
                            QStringLiteral("fedcba9876543210fedcba9876543210"));
    const auto stopped = labelled(QStringLiteral("c3"), QStringLiteral("ecs-demo-web-3-web-c"),
                                  QStringLiteral("exited"), QStringLiteral("00000000000000000000000000000000"));
    fd::docker::ContainerSummary other; // not Fleetdeck's: never listed
    other.id = QStringLiteral("d4").repeated(32);
    other.names = {QStringLiteral("someone-elses")};
    other.state = QStringLiteral("running");
    m_fake->containers = {a, b, stopped, other};
    m_a = a.id;
    m_b = b.id;
    m_stopped = stopped.id;

    m_window = std::make_unique<MainWindow>(*m_cp);
    m_window->context().setEngineMonitor(m_monitor);
    m_window->context().setMetricsController(m_metrics);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_monitor->start(std::chrono::milliseconds(200));
    m_metrics->start();
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Containers, {}));
    QCOMPARE(m_window->findChild<QStackedWidget *>(QStringLiteral("detailStack"))->currentWidget(),
             static_cast<QWidget *>(m_window->page<fd::ui::ContainersView>()));
    m_table = find<QTableView>("containerTable");
    QVERIFY(m_table);
    QTRY_COMPARE(m_table->model()->rowCount(), 3);
}

void TestContainersView::cleanup()
{
    m_window.reset();
    m_metrics = nullptr;
    m_monitor = nullptr;
    m_cp = nullptr;
    m_system.reset();
    m_unclaimedFake.reset();
    m_dir.reset();
}

int TestContainersView::viewRowOf(const QString &id) const
{
    for (int row = 0; row < m_table->model()->rowCount(); ++row)
        if (m_table->model()->index(row, 0).data(fd::ui::KeyRole).toString() == id)
            return row;
    return -1;
}

void TestContainersView::selectRow(const QString &id)
{
    const int row = viewRowOf(id);
    QVERIFY2(row >= 0, qPrintable(id));
    const QRect rect = m_table->visualRect(m_table->model()->index(row, ContainerTableModel::NameColumn));
    QTest::mouseClick(m_table->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(m_window->page<fd::ui::ContainersView>()->selectedContainerIds(), QStringList{id});
}

void TestContainersView::listsLabelledContainersWithTaskAndMatch()
{
    QCOMPARE(m_fake->lastContainerQuery.labels, QStringList{QStringLiteral("fleetdeck.managed=true")});
    QCOMPARE(cell(m_a, ContainerTableModel::NameColumn), QStringLiteral("ecs-demo-web-3-web-a"));
    QCOMPARE(cell(m_a, ContainerTableModel::EngineColumn), QStringLiteral("lab"));
    QCOMPARE(cell(m_a, ContainerTableModel::ImageColumn), QStringLiteral("fleetdeck/demo-web:1"));
    QCOMPARE(cell(m_a, ContainerTableModel::StateColumn), QStringLiteral("running"));
    QCOMPARE(cell(m_stopped, ContainerTableModel::StateColumn), QStringLiteral("exited"));
    QCOMPARE(cell(m_a, ContainerTableModel::TaskColumn), QStringLiteral("0123456789ab (demo-web:3)"));
    QCOMPARE(m_table->model()->index(viewRowOf(m_a), ContainerTableModel::TaskColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("0123456789abcdef0123456789abcdef"));
    QCOMPARE(cell(m_a, ContainerTableModel::ClusterColumn), QStringLiteral("default"));

    // No task claims them (adoption reported all three): each says so.
    QTRY_COMPARE(m_cp->engines().unmatchedContainers().size(), 3);
    QTRY_COMPARE(cell(m_a, ContainerTableModel::MatchColumn), QStringLiteral("unmatched — left as it is"));
    QTRY_VERIFY(find<QLabel>("containersSummary")->text().contains(QStringLiteral("3 unmatched")));
    QVERIFY(find<QLabel>("containersSummary")->text().contains(QStringLiteral("2 running")));

    // Adoption now finds a task for b (only a and c stay unmatched): b turns "matched".
    QList<fd::ManagedContainer> stillUnmatched;
    for (const fd::ManagedContainer &c : m_cp->engines().unmatchedContainers())
        if (c.id != m_b)
            stillUnmatched << c;
    m_cp->engines().reportManagedContainers(QStringLiteral("lab"), stillUnmatched);
    QTRY_COMPARE(cell(m_b, ContainerTableModel::MatchColumn), QStringLiteral("matched"));
    QCOMPARE(cell(m_a, ContainerTableModel::MatchColumn), QStringLiteral("unmatched — left as it is"));

    // A container that stops is still listed, with its state; the running ones are sampled only.
    QCOMPARE(m_metrics->sourceOf(m_a), fd::MetricsController::Source::StatsApi);
    QCOMPARE(m_metrics->sourceOf(m_stopped), fd::MetricsController::Source::None);
    QVERIFY(!m_metrics->collector().contains(m_stopped));
}

void TestContainersView::liveCpuAndMemoryFromStats()
{
    QTRY_VERIFY(m_fake->statsStreams.value(m_a));
    QCOMPARE(cell(m_a, ContainerTableModel::CpuColumn), QStringLiteral("—"));
    const qint64 t0 = QDateTime(QDate(2026, 3, 14), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
    // 2 CPUs; 0.25 s of CPU while the host's two cores advanced 2 s: 0.25 / 2 × 2 × 100 = 25 %.
    emit m_fake->statsStreams.value(m_a)->stats(frame(t0, 1'000'000'000, 100'000'000'000, 48ull << 20));
    emit m_fake->statsStreams.value(m_a)->stats(frame(t0 + 1000, 1'250'000'000, 102'000'000'000, 50ull << 20));
    QTRY_COMPARE(cell(m_a, ContainerTableModel::CpuColumn), QStringLiteral("25.0 %"));
    QCOMPARE(cell(m_a, ContainerTableModel::MemoryColumn), QStringLiteral("50.0 MiB"));
    QCOMPARE(
        m_table->model()->index(viewRowOf(m_a), ContainerTableModel::CpuColumn).data(fd::ui::RawValueRole).toDouble(),
        25.0);
    QCOMPARE(cell(m_b, ContainerTableModel::CpuColumn), QStringLiteral("—")); // no frames for b yet
    QCOMPARE(m_metrics->series(m_a, fd::metrics::Metric::MemoryBytes)->size(), 2);

    // The container stops: the next listing drops its collector and closes its stream.
    QPointer<fd::docker::StatsStream> stream = m_fake->statsStreams.value(m_a);
    m_fake->containers[0].state = QStringLiteral("exited");
    m_metrics->refreshNow();
    QTRY_COMPARE(cell(m_a, ContainerTableModel::StateColumn), QStringLiteral("exited"));
    QVERIFY(!m_metrics->collector().contains(m_a));
    QTRY_VERIFY(stream.isNull());
    QCOMPARE(cell(m_a, ContainerTableModel::CpuColumn), QStringLiteral("—"));
}

void TestContainersView::openLogsShowsTheContainersLogs()
{
    auto *logs = find<QPushButton>("openContainerLogsButton");
    QVERIFY(!logs->isEnabled());
    selectRow(m_b);
    QVERIFY(logs->isEnabled());
    QTest::mouseClick(logs, Qt::LeftButton);
    QCOMPARE(m_window->findChild<QStackedWidget *>(QStringLiteral("detailStack"))->currentWidget(),
             static_cast<QWidget *>(m_window->page<fd::ui::LogsView>()));
    QTRY_COMPARE(m_window->page<fd::ui::LogsView>()->containerId(), m_b);
    QTRY_COMPARE(m_fake->lastLogsContainer, m_b);
}

void TestContainersView::removeOnlyUnmatchedAfterConfirmation()
{
    auto *remove = find<QPushButton>("removeContainerButton");
    QTRY_COMPARE(m_cp->engines().unmatchedContainers().size(), 3);
    // b matched by a task: no Remove… for it.
    QList<fd::ManagedContainer> stillUnmatched;
    for (const fd::ManagedContainer &c : m_cp->engines().unmatchedContainers())
        if (c.id != m_b)
            stillUnmatched << c;
    m_cp->engines().reportManagedContainers(QStringLiteral("lab"), stillUnmatched);
    QTRY_COMPARE(cell(m_b, ContainerTableModel::MatchColumn), QStringLiteral("matched"));
    selectRow(m_b);
    QVERIFY(!remove->isEnabled());

    selectRow(m_a);
    QTRY_VERIFY(remove->isEnabled());
    // Cancelled: nothing removed.
    QVERIFY(fd::test::driveModal<QMessageBox>([&] { QTest::mouseClick(remove, Qt::LeftButton); },
                                              [&](QMessageBox *box) {
                                                  QCOMPARE(box->objectName(), QStringLiteral("confirmRemoveContainer"));
                                                  QVERIFY2(box->text().contains(QStringLiteral("ecs-demo-web-3-web-a")),
                                                           qPrintable(box->text()));
                                                  QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
                                              }));
    QVERIFY(m_fake->removedContainers.isEmpty());

    QVERIFY(fd::test::driveModal<QMessageBox>(
        [&] { QTest::mouseClick(remove, Qt::LeftButton); },
        [&](QMessageBox *box) {
            QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmButton")), Qt::LeftButton);
        }));
    QCOMPARE(m_fake->removedContainers, QStringList{m_a});
    QTRY_COMPARE(viewRowOf(m_a), -1); // listed again after the removal: gone
    QTRY_VERIFY(find<QLabel>("containersMessage")->text().contains(QStringLiteral("Removed")));
}

void TestContainersView::modelUnderTester()
{
    QAbstractItemModelTester tester(m_window->page<fd::ui::ContainersView>()->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_fake->containers.removeFirst();
    m_metrics->refreshNow();
    QTRY_COMPARE(m_table->model()->rowCount(), 2);
    m_fake->containers << labelled(QStringLiteral("e5"), QStringLiteral("late"), QStringLiteral("running"), {});
    m_metrics->refreshNow();
    QTRY_COMPARE(m_table->model()->rowCount(), 3);
}

QTEST_MAIN(TestContainersView)
#include "TestContainersView.moc"
