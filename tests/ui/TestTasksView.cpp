// The Tasks view, driven as a user drives it: a task appears and follows its status live without
// losing the selection, Stop… asks for a reason and stops every selected task, a port opens in the
// browser, Run task… opens the wizard and selects what it started, a waiting task says why, and
// 10,000 tasks refresh a status change within a frame.

#include "ControlPlane.h"
#include "ops/TaskDefinitions.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"
#include "MainWindow.h"
#include "ModalDriver.h"
#include "PageKeys.h"
#include "json/TaskDefinitionJson.h"
#include "models/ItemRoles.h"
#include "models/TaskTableModel.h"
#include "views/FleetView.h"
#include "views/NavigationTree.h"
#include "views/TasksView.h"
#include "wizards/RunTaskDialog.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QInputDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>

#include <algorithm>
#include <cstdio>

using fd::ui::MainWindow;
using fd::ui::NavigationTree;
using fd::ui::TasksView;
using fd::ui::TaskTableModel;

namespace {

constexpr char kWeb[] = R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "fleetdeck/demo-web:1",
    "cpu": 256, "memory": 256, "memoryReservation": 128, "portMappings": [{"containerPort": 8080}]}]})";
constexpr char kBig[] = R"({"family": "big", "containerDefinitions": [{"name": "crunch", "image": "busybox:1.36",
    "cpu": 4096, "memory": 512}]})";
// Reserves nothing, so any number of them fit one instance (for the 10,000-task model).
constexpr char kTiny[] = R"({"family": "tiny", "containerDefinitions": [{"name": "sleep", "image": "busybox:1.36",
    "memory": 16}]})";

} // namespace

class TestTasksView final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void navigationHasTasksAndFleetUnderEachCluster();
    void showsATaskAndFollowsItsStatusLive();
    void refreshKeepsSelectionAndScroll();
    void portClickOpensTheAddress();
    void stopAsksForAReasonAndStopsTheSelected();
    void statusFilterFollowsDesiredStatus();
    void runTaskButtonOpensTheWizardAndSelectsWhatStarted();
    void waitingTaskSaysWhy();
    void logsOpenTheContainersLog();
    void modelUnderTester();
    void tenThousandTasksRefreshAStatusChangeWithinAFrame();

private:
    template<typename T> T *find(const char *name) const
    {
        T *w = m_window->findChild<T *>(QLatin1String(name));
        if (!w)
            qWarning("no widget %s", name);
        return w;
    }
    void registerDefinition(const char *json);
    QList<fd::Task> run(const QString &family, int count = 1, bool queue = true);
    int viewRowOf(const QString &id) const;
    QString cell(const QString &id, int column) const;
    void markRunning(const QString &id, int hostPort = 0);

    std::shared_ptr<fd::ManualClock> m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fd::ControlPlane> m_cp;
    std::unique_ptr<MainWindow> m_window;
    TasksView *m_view = nullptr;
    QTableView *m_table = nullptr;
};

void TestTasksView::registerDefinition(const char *json)
{
    auto spec = fd::json::parseTaskDefinition(QByteArray(json));
    QVERIFY(spec.ok());
    QVERIFY(m_cp->taskDefinitions().registerNew(spec.value()).ok());
}

QList<fd::Task> TestTasksView::run(const QString &family, int count, bool queue)
{
    fd::ops::RunTaskRequest r;
    r.cluster = QStringLiteral("default");
    r.taskDefinition = family;
    r.count = count;
    r.queueWhenUnplaceable = queue;
    auto result = m_cp->tasks().run(r);
    if (!result)
        qFatal("runTask: %s", qPrintable(result.error().message));
    return result.value().tasks;
}

void TestTasksView::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_shared<fd::ManualClock>();
    auto opened = fd::ControlPlane::open(m_dir->path(), m_clock);
    QVERIFY(opened.ok());
    m_cp = std::move(opened).value();
    QVERIFY(m_cp->engines().add(QStringLiteral("sim"), fd::Engine::Kind::Simulated, {}).ok());
    QVERIFY(m_cp->createDefaultLayout(QStringLiteral("sim")).ok());
    registerDefinition(kWeb);
    registerDefinition(kBig);
    m_window = std::make_unique<MainWindow>(*m_cp);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Tasks, QStringLiteral("default")));
    m_view = m_window->page<fd::ui::TasksView>();
    QCOMPARE(find<QStackedWidget>("detailStack")->currentWidget(), m_view);
    QCOMPARE(m_view->cluster(), QStringLiteral("default"));
    m_table = find<QTableView>("taskTable");
    QVERIFY(m_table);
}

void TestTasksView::cleanup()
{
    m_window.reset();
    m_cp.reset();
}

int TestTasksView::viewRowOf(const QString &id) const
{
    const QAbstractItemModel *proxy = m_table->model();
    for (int row = 0; row < proxy->rowCount(); ++row)
        if (proxy->index(row, 0).data(fd::ui::KeyRole).toString() == id)
            return row;
    return -1;
}

QString TestTasksView::cell(const QString &id, int column) const
{
    const int row = viewRowOf(id);
    return row < 0 ? QStringLiteral("(not shown)") : m_table->model()->index(row, column).data().toString();
}

void TestTasksView::markRunning(const QString &id, int hostPort)
{
    const auto r = m_cp->tasks().update(id, [&](fd::Task &t) {
        t.lastStatus = fd::TaskStatus::Running;
        t.startedAt = m_clock->now();
        for (fd::TaskContainer &c : t.containers) {
            c.lastStatus = fd::ContainerRunState::Running;
            c.runtimeId = QStringLiteral("c0ffee") + t.id.left(6);
            if (hostPort > 0)
                c.networkBindings = {{QStringLiteral("127.0.0.2"), 8080, hostPort, QStringLiteral("tcp")}};
        }
    });
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
}

void TestTasksView::navigationHasTasksAndFleetUnderEachCluster()
{
    QTreeWidgetItem *cluster = m_window->navigation()->item(fd::ui::pages::Clusters)->child(0);
    QStringList children;
    for (int i = 0; i < cluster->childCount(); ++i)
        children << cluster->child(i)->text(0);
    QVERIFY2(children.contains(u"Tasks") && children.contains(u"Fleet"), qPrintable(children.join(u',')));
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Fleet, QStringLiteral("default")));
    QCOMPARE(find<QStackedWidget>("detailStack")->currentWidget(),
             static_cast<QWidget *>(m_window->page<fd::ui::FleetView>()));
    // A refresh of the tree keeps the kinds apart (they share the cluster's name as key).
    m_window->navigation()->refresh();
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Tasks, QStringLiteral("default")));
    QCOMPARE(find<QStackedWidget>("detailStack")->currentWidget(), static_cast<QWidget *>(m_view));
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("runTaskAction")));
}

void TestTasksView::showsATaskAndFollowsItsStatusLive()
{
    const fd::Task t = run(QStringLiteral("web")).front();
    QTRY_VERIFY_WITH_TIMEOUT(viewRowOf(t.id) >= 0, 5000);
    QCOMPARE(cell(t.id, TaskTableModel::TaskColumn), t.id.left(8));
    QCOMPARE(cell(t.id, TaskTableModel::DefinitionColumn), QStringLiteral("web:1"));
    QCOMPARE(cell(t.id, TaskTableModel::LastStatusColumn), QStringLiteral("PROVISIONING"));
    QCOMPARE(cell(t.id, TaskTableModel::DesiredStatusColumn), QStringLiteral("RUNNING"));
    const fd::ContainerInstance ci = m_cp->instances().find(QStringLiteral("default"), t.containerInstanceId).value();
    QCOMPARE(cell(t.id, TaskTableModel::InstanceColumn),
             QStringLiteral("%1 (%2)").arg(ci.ec2InstanceId, ci.availabilityZone));

    QVERIFY(m_view->selectTask(t.id));
    markRunning(t.id, 49153);
    QTRY_COMPARE_WITH_TIMEOUT(cell(t.id, TaskTableModel::LastStatusColumn), QStringLiteral("RUNNING"), 5000);
    QCOMPARE(cell(t.id, TaskTableModel::PortsColumn), QStringLiteral("127.0.0.2:49153→8080"));
    QCOMPARE(m_view->selectedTaskIds(), QStringList{t.id});
    // The details follow too: the container, its binding as a link, and why it is where it is.
    auto *details = find<QTextBrowser>("taskDetails");
    QTRY_VERIFY_WITH_TIMEOUT(details->toHtml().contains(u"http://127.0.0.2:49153/"), 5000);
    QVERIFY(details->toPlainText().contains(u"Why here:"));
    QVERIFY(details->toPlainText().contains(t.placementExplanation));
    QVERIFY(details->toPlainText().contains(u"RUNNING"));
}

void TestTasksView::refreshKeepsSelectionAndScroll()
{
    registerDefinition(kTiny);
    QList<fd::Task> tasks;
    for (int i = 0; i < 8; ++i)
        tasks << run(QStringLiteral("tiny"), 10);
    QTRY_COMPARE_WITH_TIMEOUT(m_table->model()->rowCount(), 80, 5000);
    // The scroll range follows the rows once the view has laid them out (a later event).
    QTRY_VERIFY_WITH_TIMEOUT(m_table->verticalScrollBar()->maximum() > 0, 5000);
    m_table->verticalScrollBar()->setValue(m_table->verticalScrollBar()->maximum() / 2);
    const int scroll = m_table->verticalScrollBar()->value();
    QVERIFY(scroll > 0);
    const QString picked = tasks.at(41).id;
    QVERIFY(m_view->selectTask(picked));
    m_table->verticalScrollBar()->setValue(scroll);
    QSignalSpy reset(m_view->model(), &QAbstractItemModel::modelReset);
    for (int i = 0; i < 5; ++i)
        markRunning(tasks.at(i * 7).id);
    QTRY_COMPARE_WITH_TIMEOUT(cell(tasks.at(28).id, TaskTableModel::LastStatusColumn), QStringLiteral("RUNNING"), 5000);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(m_view->selectedTaskIds(), QStringList{picked});
    QCOMPARE(m_table->verticalScrollBar()->value(), scroll);
}

void TestTasksView::portClickOpensTheAddress()
{
    const fd::Task t = run(QStringLiteral("web")).front();
    markRunning(t.id, 49160);
    QList<QUrl> opened;
    m_view->setUrlOpener([&opened](const QUrl &url) { opened << url; });
    QTRY_COMPARE_WITH_TIMEOUT(cell(t.id, TaskTableModel::PortsColumn), QStringLiteral("127.0.0.2:49160→8080"), 5000);
    const QModelIndex index = m_table->model()->index(viewRowOf(t.id), TaskTableModel::PortsColumn);
    m_table->scrollTo(index);
    QTest::mouseClick(m_table->viewport(), Qt::LeftButton, {}, m_table->visualRect(index).center());
    QCOMPARE(opened, QList<QUrl>{QUrl(QStringLiteral("http://127.0.0.2:49160/"))});
}

void TestTasksView::stopAsksForAReasonAndStopsTheSelected()
{
    const QList<fd::Task> tasks = run(QStringLiteral("web"), 3);
    QTRY_COMPARE_WITH_TIMEOUT(m_table->model()->rowCount(), 3, 5000);
    auto *stop = find<QPushButton>("stopTaskButton");
    QVERIFY(!stop->isEnabled());
    m_table->selectRow(viewRowOf(tasks[0].id));
    m_table->selectionModel()->select(m_table->model()->index(viewRowOf(tasks[2].id), 0),
                                      QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QTRY_VERIFY(stop->isEnabled());

    const bool driven =
        fd::test::driveModal<QInputDialog>([&] { QTest::mouseClick(stop, Qt::LeftButton); },
                                           [](QInputDialog *ask) {
                                               QCOMPARE(ask->objectName(), QStringLiteral("stopTaskDialog"));
                                               QVERIFY(ask->labelText().contains(u"Stop 2 tasks"));
                                               auto *edit = ask->findChild<QLineEdit *>();
                                               QVERIFY(edit);
                                               QTest::keyClicks(edit, QStringLiteral("Workshop is over"));
                                               ask->accept();
                                           });
    QVERIFY(driven);
    for (const int i : {0, 2}) {
        const fd::Task t = m_cp->tasks().find(QStringLiteral("default"), tasks[i].id).value();
        QCOMPARE(fd::toString(t.desiredStatus), QStringLiteral("STOPPED"));
        QCOMPARE(t.stoppedReason, QStringLiteral("Workshop is over"));
    }
    QCOMPARE(fd::toString(m_cp->tasks().find(QStringLiteral("default"), tasks[1].id)->desiredStatus),
             QStringLiteral("RUNNING"));

    // Cancelled: nothing stops.
    m_table->selectRow(viewRowOf(tasks[1].id));
    QTRY_VERIFY(stop->isEnabled());
    QVERIFY(fd::test::driveModal<QInputDialog>([&] { QTest::mouseClick(stop, Qt::LeftButton); },
                                               [](QInputDialog *ask) { ask->reject(); }));
    QCOMPARE(fd::toString(m_cp->tasks().find(QStringLiteral("default"), tasks[1].id)->desiredStatus),
             QStringLiteral("RUNNING"));
}

void TestTasksView::statusFilterFollowsDesiredStatus()
{
    const QList<fd::Task> tasks = run(QStringLiteral("web"), 2);
    QTRY_COMPARE_WITH_TIMEOUT(m_table->model()->rowCount(), 2, 5000);
    QVERIFY(m_cp->tasks().stop(QStringLiteral("default"), tasks[0].id).ok());
    // Running (the default) hides what is being stopped, as the ECS console does.
    QTRY_COMPARE_WITH_TIMEOUT(viewRowOf(tasks[0].id), -1, 5000);
    QVERIFY(viewRowOf(tasks[1].id) >= 0);
    auto *filter = find<QComboBox>("taskStatusFilter");
    filter->setCurrentIndex(filter->findText(QStringLiteral("Stopped")));
    QVERIFY(viewRowOf(tasks[0].id) >= 0);
    QCOMPARE(viewRowOf(tasks[1].id), -1);
    QCOMPARE(cell(tasks[0].id, TaskTableModel::StoppedReasonColumn), QStringLiteral("Task stopped by user"));
    filter->setCurrentIndex(filter->findText(QStringLiteral("All")));
    QCOMPARE(m_table->model()->rowCount(), 2);
    QTest::keyClicks(find<QLineEdit>("taskFilter"), tasks[1].id.left(8));
    QCOMPARE(m_table->model()->rowCount(), 1);
}

void TestTasksView::runTaskButtonOpensTheWizardAndSelectsWhatStarted()
{
    const bool driven = fd::test::driveModal<fd::ui::RunTaskDialog>(
        [&] { QTest::mouseClick(find<QPushButton>("runTaskButton"), Qt::LeftButton); },
        [](fd::ui::RunTaskDialog *dialog) {
            QCOMPARE(dialog->request().cluster, QStringLiteral("default"));
            dialog->findChild<QSpinBox *>(QStringLiteral("countSpin"))->setValue(2);
            QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("runButton")), Qt::LeftButton);
        });
    QVERIFY(driven);
    const QList<fd::Task> tasks = m_cp->tasks().list(QStringLiteral("default"));
    QCOMPARE(tasks.size(), 2);
    QStringList selected = m_view->selectedTaskIds();
    std::sort(selected.begin(), selected.end());
    QStringList ids{tasks[0].id, tasks[1].id};
    std::sort(ids.begin(), ids.end());
    QCOMPARE(selected, ids);
}

void TestTasksView::waitingTaskSaysWhy()
{
    const fd::Task t = run(QStringLiteral("big")).front();
    QVERIFY(!t.isPlaced());
    QVERIFY(m_view->selectTask(t.id));
    QCOMPARE(cell(t.id, TaskTableModel::LastStatusColumn), QStringLiteral("PENDING"));
    QCOMPARE(cell(t.id, TaskTableModel::InstanceColumn), QStringLiteral("waiting for capacity"));
    auto *details = find<QTextBrowser>("taskDetails");
    QTRY_VERIFY_WITH_TIMEOUT(details->toPlainText().contains(u"Why it waits:"), 5000);
    QVERIFY(details->toPlainText().contains(t.pendingReason));
    QVERIFY(!find<QPushButton>("taskLogsButton")->isEnabled());
}

void TestTasksView::logsOpenTheContainersLog()
{
    const fd::Task t = run(QStringLiteral("web")).front();
    markRunning(t.id);
    QVERIFY(m_view->selectTask(t.id));
    QTRY_VERIFY(find<QPushButton>("taskLogsButton")->isEnabled());
    QSignalSpy logs(m_view, &TasksView::logsRequested);
    QTest::mouseClick(find<QPushButton>("taskLogsButton"), Qt::LeftButton);
    QCOMPARE(logs.size(), 1);
    QCOMPARE(logs.front().at(0).toString(), QStringLiteral("sim"));
    QCOMPARE(logs.front().at(1).toString(), QStringLiteral("c0ffee") + t.id.left(6));
}

void TestTasksView::modelUnderTester()
{
    TaskTableModel model(*m_cp);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCluster(QStringLiteral("default"));
    const QList<fd::Task> tasks = run(QStringLiteral("web"), 3);
    model.refresh();
    QCOMPARE(model.rowCount(), 3);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    markRunning(tasks[1].id);
    model.refresh();
    // The cells of that one row that show something else, each signalled on its own.
    QVERIFY(!changed.isEmpty());
    for (const QList<QVariant> &args : std::as_const(changed)) {
        QCOMPARE(args.at(0).toModelIndex().row(), model.rowOf(tasks[1].id));
        QCOMPARE(args.at(1).toModelIndex(), args.at(0).toModelIndex());
    }
    QCOMPARE(model.index(model.rowOf(tasks[1].id), TaskTableModel::LastStatusColumn).data().toString(),
             QStringLiteral("RUNNING"));
    QCOMPARE(inserted.size(), 0);
    model.setStatusFilter(TaskTableModel::StatusFilter::Stopped);
    QCOMPARE(model.rowCount(), 0);
}

void TestTasksView::tenThousandTasksRefreshAStatusChangeWithinAFrame()
{
    registerDefinition(kTiny);
    // 10,000 tasks: PENDING and waiting (no controller), 10 per RunTask as the API allows.
    QElapsedTimer setup;
    setup.start();
    fd::ops::RunTaskRequest r;
    r.cluster = QStringLiteral("default");
    r.taskDefinition = QStringLiteral("big");
    r.count = 10;
    r.queueWhenUnplaceable = true;
    for (int i = 0; i < 1000; ++i)
        QVERIFY(m_cp->tasks().run(r).ok());
    std::printf("setup: 10,000 tasks in %lld ms\n", setup.elapsed());

    TaskTableModel model(*m_cp);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(fd::ui::RawValueRole);
    proxy.sort(TaskTableModel::StartedColumn, Qt::DescendingOrder);
    QElapsedTimer load;
    load.start();
    model.setCluster(QStringLiteral("default"));
    model.finishLoading(); // (a load in steps: all of them now)
    const qint64 loadMs = load.elapsed();
    QCOMPARE(model.rowCount(), 10000);

    const QList<fd::Task> tasks = m_cp->tasks().list(QStringLiteral("default"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QList<double> times;
    for (int i = 0; i < 7; ++i) {
        const QString id = tasks.at(i * 1111).id;
        QVERIFY(m_cp->tasks()
                    .update(id,
                            [](fd::Task &t) {
                                for (fd::TaskContainer &c : t.containers) {
                                    c.hasHealthCheck = true;
                                    c.health = fd::Health::Healthy;
                                }
                            })
                    .ok());
        QElapsedTimer timer;
        timer.start();
        model.refresh(); // a re-read after a burst: listed, then compared by key, in steps
        model.finishLoading();
        times << timer.nsecsElapsed() / 1e6;
    }
    std::sort(times.begin(), times.end());
    const double median = times.at(times.size() / 2);
    // What the ControlPlane's copy of the list costs alone: the floor of any refresh from it.
    QList<double> copies;
    for (int i = 0; i < 7; ++i) {
        QElapsedTimer timer;
        timer.start();
        const QList<fd::Task> copy = m_cp->tasks().list(QStringLiteral("default"));
        copies << timer.nsecsElapsed() / 1e6;
        QCOMPARE(copy.size(), 10000);
    }
    std::sort(copies.begin(), copies.end());
    std::printf("ControlPlane::tasks() of 10,000 alone: median %.2f ms\n", copies.at(copies.size() / 2));
    std::printf("tasks model, 10,000 rows: first load %lld ms; one status change refresh median %.2f ms "
                "(min %.2f, max %.2f), a re-read in steps all run at once\n",
                loadMs, median, times.front(), times.back());
    QCOMPARE(changed.size(), 7);                                            // one cell each time
    QVERIFY2(median < 200, "far beyond a frame: something went quadratic"); // not a timing gate
}

QTEST_MAIN(TestTasksView)
#include "TestTasksView.moc"
