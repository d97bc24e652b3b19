// The Services view on a real control plane, the simulated runtime and both controllers, driven by a
// ManualClock: a service appears and reaches its steady state in the table and in every detail tab,
// an update shows the PRIMARY and the ACTIVE deployment side by side, Force new deployment asks and
// starts a second deployment, Delete… asks for force and the service drains; 50 services refresh a
// change in a few milliseconds.

#include "ControlPlane.h"
#include "Formatter.h"
#include "MainWindow.h"
#include "ModalDriver.h"
#include "PageKeys.h"
#include "System.h"
#include "controllers/ServiceController.h"
#include "controllers/TaskController.h"
#include "json/TaskDefinitionJson.h"
#include "models/ItemRoles.h"
#include "models/ServiceTableModel.h"
#include "models/ServiceTaskTableModel.h"
#include "models/TaskTableModel.h"
#include "ops/Engines.h"
#include "ops/Services.h"
#include "ops/TaskDefinitions.h"
#include "ops/Tasks.h"
#include "runtime/SimulatedRuntime.h"
#include "views/DeploymentView.h"
#include "views/NavigationTree.h"
#include "views/ServiceDeploymentsTab.h"
#include "views/ServicesView.h"
#include "views/TaskProtectionActions.h"
#include "views/TasksView.h"
#include "widgets/DeploymentCanvas.h"
#include "wizards/ServiceDialog.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QElapsedTimer>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>

#include <functional>

using namespace std::chrono_literals;
using fd::ui::MainWindow;
using fd::ui::NavigationTree;
using fd::ui::ServicesView;
using fd::ui::ServiceTableModel;
using fd::ui::ServiceTaskTableModel;

namespace {

constexpr char kWeb1[] = R"({"family": "web", "containerDefinitions": [{"name": "web",
    "image": "fleetdeck/demo-web:1", "cpu": 128, "memory": 128, "portMappings": [{"containerPort": 8080}]}]})";
constexpr char kWeb2[] = R"({"family": "web", "containerDefinitions": [{"name": "web",
    "image": "fleetdeck/demo-web:2", "cpu": 128, "memory": 128, "portMappings": [{"containerPort": 8080}]}]})";
// Reserves next to nothing, so 50 services of it fit three small instances.
constexpr char kTiny[] = R"({"family": "tiny", "containerDefinitions": [{"name": "sleep", "image": "busybox:1.36",
    "memory": 8}]})";

} // namespace

class TestServicesView final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void navigationHasServicesUnderEachCluster();
    void emptyClusterSaysWhatServicesAre();
    void serviceReachesSteadyStateInTableAndTabs();
    void updateShowsPrimaryAndActiveDeployments();
    void forceNewDeploymentAsksThenStartsASecondDeployment();
    void deleteAsksForForceAndTheServiceDrains();
    void createAndUpdateOpenTheServiceDialog();
    void taskDoubleClickOpensTheTasksView();
    void deploymentTabOpensTheChartInAWindow();
    void stopDeploymentAsksThenRollsBack();
    void stopDeploymentRefusalsAreTheOpsWords();
    void protectionFromTheServiceTasksTab();
    void protectionOnTheTasksPageAndItsRefusals();
    void modelsUnderTester();
    void fiftyServicesRefreshAChangeInAFewMilliseconds();

private:
    template<typename T> T *find(const char *name) const
    {
        T *w = m_window->findChild<T *>(QLatin1String(name));
        if (!w)
            qWarning("no widget %s", name);
        return w;
    }
    void registerDefinition(const char *json);
    fd::Service create(const QString &name, int desired, const QString &td = QStringLiteral("web:1"));
    // Lets the runtime and both controllers work in 500 ms steps of the clock until `done`.
    bool runUntil(const std::function<bool()> &done, std::chrono::milliseconds limit = 300s);
    fd::Service service(const QString &name = QStringLiteral("web")) const;
    bool stable(const QString &name = QStringLiteral("web")) const;
    int viewRowOf(const QString &name) const;
    QString cell(const QString &name, int column, int role = Qt::DisplayRole) const;
    QStringList deploymentRows() const; // "ecs-svc/…|PRIMARY|web:2" per row of the Deployments tab
    // "ecs-svc/…|FAILED|ROLLBACK_SUCCESSFUL" per row: id, rollout state, outcome.
    QStringList deploymentOutcomes() const;
    // Runs `trigger` and answers each modal dialog it opens: an input dialog gets `minutes` and OK,
    // a message box is read ("objectName: text / informative text") and closed.
    QStringList answerModals(const std::function<void()> &trigger, int minutes = 0);
    // With FLEETDECK_SHOT_DIR set: the window at 1280x800 and 1920x1080 saved there as <name>-<w>.png,
    // to look at; nothing otherwise.
    void shoot(const QString &name, QWidget *widget = nullptr);
    // The web service with `desired` tasks, steady, selected, on its Tasks tab: the tab's table.
    QTableView *showWebTasks(int desired);
    // The web service updated to web:2, its rollout just begun (IN_PROGRESS, web:1 ACTIVE).
    void startSecondDeployment();

    std::shared_ptr<fd::ManualClock> m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<fd::runtime::SimulatedRuntime> m_rt;
    std::unique_ptr<fd::System> m_system;
    fd::ControlPlane *m_cp = nullptr;
    fd::TaskController *m_tasks = nullptr;
    fd::ServiceController *m_services = nullptr;
    std::unique_ptr<MainWindow> m_window;
    ServicesView *m_view = nullptr;
    QTableView *m_table = nullptr;
};

void TestServicesView::registerDefinition(const char *json)
{
    auto spec = fd::json::parseTaskDefinition(QByteArray(json));
    QVERIFY(spec.ok());
    QVERIFY(m_cp->taskDefinitions().registerNew(spec.value()).ok());
}

fd::Service TestServicesView::create(const QString &name, int desired, const QString &td)
{
    fd::ops::ServiceRequest r;
    r.cluster = QStringLiteral("default");
    r.serviceName = name;
    r.taskDefinition = td;
    r.desiredCount = desired;
    auto v = m_cp->services().create(r);
    if (!v)
        qFatal("createService: %s", qPrintable(v.error().message));
    return v.value();
}

bool TestServicesView::runUntil(const std::function<bool()> &done, std::chrono::milliseconds limit)
{
    for (qint64 t = 0; t <= limit.count(); t += 500) {
        for (int i = 0; i < 3; ++i) {
            m_rt->tick();
            QCoreApplication::processEvents();
            m_tasks->reconcileNow();
            QCoreApplication::processEvents();
            m_services->reconcileNow();
            QCoreApplication::processEvents();
        }
        if (done())
            return true;
        m_clock->advance(500);
    }
    return done();
}

fd::Service TestServicesView::service(const QString &name) const
{
    return m_cp->services().find(QStringLiteral("default"), name).value();
}

bool TestServicesView::stable(const QString &name) const
{
    const fd::Service v = service(name);
    return v.deployments.size() == 1 && v.primary()->rolloutState == fd::RolloutState::Completed &&
           v.runningCount() == v.desiredCount;
}

int TestServicesView::viewRowOf(const QString &name) const
{
    const QAbstractItemModel *proxy = m_table->model();
    for (int row = 0; row < proxy->rowCount(); ++row)
        if (proxy->index(row, 0).data(fd::ui::KeyRole).toString() == name)
            return row;
    return -1;
}

QString TestServicesView::cell(const QString &name, int column, int role) const
{
    const int row = viewRowOf(name);
    return row < 0 ? QStringLiteral("(not shown)") : m_table->model()->index(row, column).data(role).toString();
}

QStringList TestServicesView::deploymentRows() const
{
    auto *tree = m_window->findChild<QTreeWidget *>(QStringLiteral("serviceDeployments"));
    QStringList out;
    for (int i = 0; tree && i < tree->topLevelItemCount(); ++i)
        out << QStringLiteral("%1|%2|%3")
                   .arg(tree->topLevelItem(i)->text(0), tree->topLevelItem(i)->text(1), tree->topLevelItem(i)->text(2));
    return out;
}

QStringList TestServicesView::deploymentOutcomes() const
{
    auto *tree = m_window->findChild<QTreeWidget *>(QStringLiteral("serviceDeployments"));
    using Tab = fd::ui::ServiceDeploymentsTab;
    QStringList out;
    for (int i = 0; tree && i < tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = tree->topLevelItem(i);
        out << QStringLiteral("%1|%2|%3")
                   .arg(item->text(Tab::IdColumn), item->text(Tab::RolloutColumn), item->text(Tab::OutcomeColumn));
    }
    return out;
}

QStringList TestServicesView::answerModals(const std::function<void()> &trigger, int minutes)
{
    QStringList seen;
    QList<QPointer<QWidget>> handled;
    QTimer poll;
    poll.setInterval(10);
    connect(&poll, &QTimer::timeout, this, [&] {
        QWidget *modal = QApplication::activeModalWidget();
        if (!modal || std::any_of(handled.cbegin(), handled.cend(),
                                  [&](const QPointer<QWidget> &w) { return w.data() == modal; }))
            return;
        handled << modal;
        if (auto *input = qobject_cast<QInputDialog *>(modal)) {
            seen << QStringLiteral("%1: %2 (%3)").arg(input->objectName(), input->labelText()).arg(input->intValue());
            input->setIntValue(minutes);
            input->accept();
        } else if (auto *box = qobject_cast<QMessageBox *>(modal)) {
            seen << QStringLiteral("%1: %2 / %3").arg(box->objectName(), box->text(), box->informativeText());
            box->accept();
        } else if (auto *dialog = qobject_cast<QDialog *>(modal)) {
            seen << QStringLiteral("unexpected: ") + dialog->objectName();
            dialog->reject();
        }
    });
    poll.start();
    trigger();
    poll.stop();
    return seen;
}

void TestServicesView::shoot(const QString &name, QWidget *widget)
{
    const QString dir = qEnvironmentVariable("FLEETDECK_SHOT_DIR");
    if (dir.isEmpty())
        return;
    if (widget) {
        widget->grab().save(QStringLiteral("%1/%2.png").arg(dir, name));
        return;
    }
    for (const QSize size : {QSize(1280, 800), QSize(1920, 1080)}) {
        m_window->resize(size);
        QTest::qWait(50);
        m_window->grab().save(QStringLiteral("%1/%2-%3.png").arg(dir, name).arg(size.width()));
    }
}

QTableView *TestServicesView::showWebTasks(int desired)
{
    create(QStringLiteral("web"), desired);
    if (!runUntil([this] { return stable(); }) || !m_view->selectService(QStringLiteral("web")) ||
        !m_view->showTab(QStringLiteral("serviceTasksTab")))
        return nullptr;
    auto *tasks = find<QTableView>("serviceTaskTable");
    return QTest::qWaitFor([&] { return tasks->model()->rowCount() == desired; }) ? tasks : nullptr;
}

void TestServicesView::startSecondDeployment()
{
    create(QStringLiteral("web"), 2);
    QVERIFY(runUntil([this] { return stable(); }));
    QVERIFY(m_view->selectService(QStringLiteral("web")));
    fd::ops::ServiceRequest r;
    r.cluster = QStringLiteral("default");
    r.serviceName = QStringLiteral("web");
    r.taskDefinition = QStringLiteral("web:2");
    QVERIFY(m_cp->services().update(r).ok());
    QCOMPARE(service().deployments.size(), 2);
}

void TestServicesView::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock = std::make_shared<fd::ManualClock>();
    fd::runtime::SimulationOptions options;
    options.tickInterval = 0ms;
    options.startJitter = 0ms;
    m_rt = std::make_unique<fd::runtime::SimulatedRuntime>(*m_clock, options);
    // The controllers stay stopped: runUntil() drives them with reconcileNow().
    fd::SystemOptions system;
    system.dataDir = m_dir->path();
    system.clock = m_clock;
    system.emptyFirstStart = true;
    system.runtimeFor = [this](const fd::Engine &) { return m_rt.get(); };
    system.engines = false;
    system.startControllers = false;
    auto created = fd::System::create(std::move(system));
    QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().message));
    m_system = std::move(created).value();
    m_cp = &m_system->controlPlane();
    m_tasks = &m_system->taskController();
    m_services = &m_system->serviceController();
    QVERIFY(m_cp->engines().add(QStringLiteral("sim"), fd::Engine::Kind::Simulated, {}).ok());
    QVERIFY(m_cp->createDefaultLayout(QStringLiteral("sim")).ok());
    registerDefinition(kWeb1);
    registerDefinition(kWeb2);
    registerDefinition(kTiny);
    m_window = std::make_unique<MainWindow>(*m_cp);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Services, QStringLiteral("default")));
    m_view = m_window->page<fd::ui::ServicesView>();
    QCOMPARE(find<QStackedWidget>("detailStack")->currentWidget(), static_cast<QWidget *>(m_view));
    QCOMPARE(m_view->cluster(), QStringLiteral("default"));
    m_table = find<QTableView>("serviceTable");
    QVERIFY(m_table);
}

void TestServicesView::cleanup()
{
    m_window.reset();
    m_services = nullptr;
    m_tasks = nullptr;
    m_cp = nullptr;
    m_system.reset();
    m_rt.reset();
    m_dir.reset();
}

void TestServicesView::navigationHasServicesUnderEachCluster()
{
    QTreeWidgetItem *cluster = m_window->navigation()->item(fd::ui::pages::Clusters)->child(0);
    QStringList children;
    for (int i = 0; i < cluster->childCount(); ++i)
        children << cluster->child(i)->text(0);
    QCOMPARE(children, QStringList({QStringLiteral("Container instances"), QStringLiteral("Services"),
                                    QStringLiteral("Tasks"), QStringLiteral("Fleet")}));
    // The kinds stay apart after a refresh (the children share the cluster's name as key).
    m_window->navigation()->refresh();
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Tasks, QStringLiteral("default")));
    QCOMPARE(find<QStackedWidget>("detailStack")->currentWidget(),
             static_cast<QWidget *>(m_window->page<fd::ui::TasksView>()));
    QVERIFY(m_window->navigation()->select(fd::ui::pages::Services, QStringLiteral("default")));
    QCOMPARE(find<QStackedWidget>("detailStack")->currentWidget(), static_cast<QWidget *>(m_view));
    auto *action = m_window->findChild<QAction *>(QStringLiteral("createServiceAction"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
}

void TestServicesView::emptyClusterSaysWhatServicesAre()
{
    QVERIFY(find<QLabel>("servicesSummary")->text().contains(QStringLiteral("No services in default")));
    QVERIFY(find<QPushButton>("createServiceButton")->isEnabled());
    QVERIFY(!find<QPushButton>("updateServiceButton")->isEnabled());
    QVERIFY(!find<QPushButton>("forceDeploymentButton")->isEnabled());
    QVERIFY(!find<QPushButton>("deleteServiceButton")->isEnabled());
    QVERIFY(!find<QTabWidget>("serviceTabs")->isEnabled());
}

void TestServicesView::serviceReachesSteadyStateInTableAndTabs()
{
    create(QStringLiteral("web"), 3);
    QTRY_VERIFY_WITH_TIMEOUT(viewRowOf(QStringLiteral("web")) >= 0, 1000);
    QCOMPARE(cell(QStringLiteral("web"), ServiceTableModel::RolloutColumn), QStringLiteral("In progress"));
    QVERIFY(runUntil([this] { return stable(); }));
    // The table refreshes on a coalescing timer: wait until it shows the completed rollout, not only
    // the running count (which can reach 3 one refresh earlier; the test raced on main as well).
    QTRY_COMPARE_WITH_TIMEOUT(cell(QStringLiteral("web"), ServiceTableModel::RolloutColumn),
                              QStringLiteral("Completed"), 1000);
    QTRY_COMPARE_WITH_TIMEOUT(cell(QStringLiteral("web"), ServiceTableModel::RunningColumn), QStringLiteral("3"), 1000);
    QCOMPARE(cell(QStringLiteral("web"), ServiceTableModel::StatusColumn), QStringLiteral("ACTIVE"));
    QCOMPARE(cell(QStringLiteral("web"), ServiceTableModel::StrategyColumn), QStringLiteral("REPLICA"));
    QCOMPARE(cell(QStringLiteral("web"), ServiceTableModel::DefinitionColumn), QStringLiteral("web:1"));
    QCOMPARE(cell(QStringLiteral("web"), ServiceTableModel::DesiredColumn), QStringLiteral("3"));
    QCOMPARE(cell(QStringLiteral("web"), ServiceTableModel::PendingColumn), QStringLiteral("0"));
    QCOMPARE(cell(QStringLiteral("web"), ServiceTableModel::DeploymentsColumn), QStringLiteral("1 deployment"));
    QCOMPARE(cell(QStringLiteral("web"), ServiceTableModel::RolloutColumn), QStringLiteral("Completed"));
    QCOMPARE(cell(QStringLiteral("web"), ServiceTableModel::RolloutColumn, fd::ui::StatusRole),
             QStringLiteral("COMPLETED"));
    QCOMPARE(cell(QStringLiteral("web"), ServiceTableModel::LastEventColumn),
             QStringLiteral("has reached a steady state."));
    QVERIFY(find<QLabel>("servicesSummary")->text().contains(QStringLiteral("3 of 3 tasks running")));

    // The first service is selected when the view opens on it; here it appeared later: click it.
    QTest::mouseClick(m_table->viewport(), Qt::LeftButton, {},
                      m_table->visualRect(m_table->model()->index(viewRowOf(QStringLiteral("web")), 0)).center());
    QTRY_COMPARE(m_view->currentServiceName(), QStringLiteral("web"));
    QTRY_VERIFY(find<QTabWidget>("serviceTabs")->isEnabled());
    QVERIFY(find<QPushButton>("forceDeploymentButton")->isEnabled());

    // Overview: the bounds the percentages give, computed as the scheduler computes them.
    const QString overview = find<QTextBrowser>("serviceOverview")->toPlainText();
    QVERIFY2(overview.contains(QStringLiteral("at least 3 healthy, at most 6 running")), qPrintable(overview));
    QVERIFY(overview.contains(QStringLiteral("minimumHealthyPercent")));
    QVERIFY(overview.contains(QStringLiteral("100%")));
    QVERIFY(overview.contains(QStringLiteral("200%")));
    QVERIFY(overview.contains(QStringLiteral("Circuit breaker")));
    QVERIFY(overview.contains(QStringLiteral("completed.")));

    // Events: the API form, newest first.
    auto *events = find<QTreeWidget>("serviceEvents");
    QTRY_VERIFY(events->topLevelItemCount() >= 2);
    QCOMPARE(events->topLevelItemCount(), service().events.size());
    QCOMPARE(events->topLevelItem(0)->text(1), QStringLiteral("(service web) has reached a steady state."));
    QVERIFY(events->topLevelItem(events->topLevelItemCount() - 1)
                ->text(1)
                .startsWith(QStringLiteral("(service web) has started ")));
    for (int i = 1; i < events->topLevelItemCount(); ++i)
        QVERIFY(events->topLevelItem(i - 1)->text(0) >= events->topLevelItem(i)->text(0));

    // Deployments: one, PRIMARY, COMPLETED, counts as DescribeServices has them.
    const fd::Deployment primary = *service().primary();
    QCOMPARE(deploymentRows(), QStringList{primary.id + QStringLiteral("|PRIMARY|web:1")});
    auto *tree = find<QTreeWidget>("serviceDeployments");
    using Tab = fd::ui::ServiceDeploymentsTab;
    QCOMPARE(tree->topLevelItem(0)->text(Tab::TasksColumn), QStringLiteral("3 of 3 running"));
    QCOMPARE(tree->topLevelItem(0)->text(Tab::RolloutColumn), QStringLiteral("COMPLETED"));
    QCOMPARE(tree->topLevelItem(0)->text(Tab::OutcomeColumn), QStringLiteral("SUCCESSFUL"));
    QCOMPARE(tree->topLevelItem(0)->text(Tab::TimeColumn),
             QStringLiteral("%1 → %2").arg(fd::ui::Formatter::dateTime(primary.createdAt),
                                           fd::ui::Formatter::dateTime(primary.completedAt).section(u' ', 1)));
    QVERIFY2(tree->topLevelItem(0)->child(0)->text(0).startsWith(
                 QStringLiteral("ECS deployment %1 completed. · updated ").arg(primary.id)),
             qPrintable(tree->topLevelItem(0)->child(0)->text(0)));

    // Tasks: the service's three, all of the PRIMARY deployment.
    QVERIFY(m_view->showTab(QStringLiteral("serviceTasksTab")));
    auto *tasks = find<QTableView>("serviceTaskTable");
    QTRY_COMPARE(tasks->model()->rowCount(), 3);
    for (int row = 0; row < 3; ++row) {
        QCOMPARE(tasks->model()->index(row, ServiceTaskTableModel::DeploymentColumn).data().toString(),
                 QStringLiteral("PRIMARY"));
        QCOMPARE(tasks->model()->index(row, ServiceTaskTableModel::LastStatusColumn).data().toString(),
                 QStringLiteral("RUNNING"));
        QCOMPARE(tasks->model()->index(row, ServiceTaskTableModel::DefinitionColumn).data().toString(),
                 QStringLiteral("web:1"));
    }
}

void TestServicesView::updateShowsPrimaryAndActiveDeployments()
{
    create(QStringLiteral("web"), 2);
    QVERIFY(runUntil([this] { return stable(); }));
    QVERIFY(m_view->selectService(QStringLiteral("web")));
    const QString first = service().primary()->id;

    fd::ops::ServiceRequest r;
    r.cluster = QStringLiteral("default");
    r.serviceName = QStringLiteral("web");
    r.taskDefinition = QStringLiteral("web:2");
    QVERIFY(m_cp->services().update(r).ok());
    // Mid-rollout: the new deployment has started its tasks, the old ones still run.
    QVERIFY(runUntil([this] {
        const fd::Service v = service();
        return v.deployments.size() == 2 && v.primary()->runningCount > 0;
    }));
    const QString second = service().primary()->id;
    QVERIFY(second != first);
    QTRY_COMPARE(deploymentRows(),
                 QStringList({second + QStringLiteral("|PRIMARY|web:2"), first + QStringLiteral("|ACTIVE|web:1")}));
    QTRY_VERIFY(cell(QStringLiteral("web"), ServiceTableModel::DeploymentsColumn).startsWith(u"rolling: "));
    QCOMPARE(cell(QStringLiteral("web"), ServiceTableModel::RolloutColumn), QStringLiteral("In progress"));
    QCOMPARE(cell(QStringLiteral("web"), ServiceTableModel::DefinitionColumn), QStringLiteral("web:2"));
    // The Tasks tab tells the deployments apart.
    auto *tasks = find<QTableView>("serviceTaskTable");
    const auto kinds = [tasks] {
        QStringList out;
        for (int row = 0; row < tasks->model()->rowCount(); ++row)
            out << tasks->model()->index(row, ServiceTaskTableModel::DeploymentColumn).data().toString();
        return out;
    };
    QTRY_VERIFY2(kinds().contains(u"PRIMARY") && kinds().contains(u"ACTIVE"), qPrintable(kinds().join(u',')));

    // Done: the old deployment is history (INACTIVE), shown below the PRIMARY one.
    QVERIFY(runUntil([this] { return stable(); }));
    QTRY_COMPARE(deploymentRows(),
                 QStringList({second + QStringLiteral("|PRIMARY|web:2"), first + QStringLiteral("|INACTIVE|web:1")}));
    QTRY_COMPARE(cell(QStringLiteral("web"), ServiceTableModel::DeploymentsColumn), QStringLiteral("1 deployment"));
}

void TestServicesView::forceNewDeploymentAsksThenStartsASecondDeployment()
{
    create(QStringLiteral("web"), 2);
    QVERIFY(runUntil([this] { return stable(); }));
    QVERIFY(m_view->selectService(QStringLiteral("web")));
    auto *force = find<QPushButton>("forceDeploymentButton");
    QTRY_VERIFY(force->isEnabled());

    // Cancel: nothing happens.
    QVERIFY(fd::test::driveModal<QMessageBox>([&] { QTest::mouseClick(force, Qt::LeftButton); },
                                              [](QMessageBox *box) {
                                                  QCOMPARE(box->objectName(), QStringLiteral("forceDeploymentConfirm"));
                                                  QVERIFY(box->informativeText().contains(
                                                      QStringLiteral("at least 2 healthy, at most 4 running")));
                                                  box->reject();
                                              }));
    QCOMPARE(service().deployments.size(), 1);

    QVERIFY(fd::test::driveModal<QMessageBox>([&] { QTest::mouseClick(force, Qt::LeftButton); },
                                              [](QMessageBox *box) {
                                                  auto *go =
                                                      box->findChild<QPushButton *>(QStringLiteral("confirmButton"));
                                                  QVERIFY(go);
                                                  QTest::mouseClick(go, Qt::LeftButton);
                                              }));
    const fd::Service v = service();
    QCOMPARE(v.deployments.size(), 2);
    QCOMPARE(v.deployments[0].taskDefinition(), QStringLiteral("web:1")); // same revision, new deployment
    QCOMPARE(v.deployments[1].taskDefinition(), QStringLiteral("web:1"));
    QCOMPARE(find<QTabWidget>("serviceTabs")->currentWidget()->objectName(), QStringLiteral("serviceDeploymentsTab"));
    QTRY_COMPARE(deploymentRows(), QStringList({v.deployments[0].id + QStringLiteral("|PRIMARY|web:1"),
                                                v.deployments[1].id + QStringLiteral("|ACTIVE|web:1")}));
    QTRY_COMPARE(cell(QStringLiteral("web"), ServiceTableModel::DeploymentsColumn),
                 QStringLiteral("rolling: 0 of 2 new · 2 old"));
}

void TestServicesView::deleteAsksForForceAndTheServiceDrains()
{
    create(QStringLiteral("web"), 2);
    QVERIFY(runUntil([this] { return stable(); }));
    QVERIFY(m_view->selectService(QStringLiteral("web")));
    auto *remove = find<QPushButton>("deleteServiceButton");
    QTRY_VERIFY(remove->isEnabled());

    QVERIFY(fd::test::driveModal<QMessageBox>([&] { QTest::mouseClick(remove, Qt::LeftButton); },
                                              [](QMessageBox *box) {
                                                  QCOMPARE(box->objectName(), QStringLiteral("deleteServiceConfirm"));
                                                  QVERIFY(box->informativeText().contains(QStringLiteral("force")));
                                                  auto *go =
                                                      box->findChild<QPushButton *>(QStringLiteral("confirmButton"));
                                                  QCOMPARE(go->text(), QStringLiteral("Force delete"));
                                                  box->reject();
                                              }));
    QVERIFY(service().status == fd::ServiceStatus::Active);

    QVERIFY(fd::test::driveModal<QMessageBox>(
        [&] { QTest::mouseClick(remove, Qt::LeftButton); },
        [](QMessageBox *box) {
            QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmButton")), Qt::LeftButton);
        }));
    QVERIFY(service().status == fd::ServiceStatus::Draining);
    QTRY_COMPARE(cell(QStringLiteral("web"), ServiceTableModel::StatusColumn), QStringLiteral("DRAINING"));
    QVERIFY(cell(QStringLiteral("web"), ServiceTableModel::DeploymentsColumn).startsWith(u"draining"));
    QTRY_VERIFY(!remove->isEnabled());
    QVERIFY(!find<QPushButton>("forceDeploymentButton")->isEnabled());
    QVERIFY(find<QLabel>("serviceDetailTitle")->text().contains(QStringLiteral("DRAINING")));

    // Once its tasks have stopped it is INACTIVE and leaves the list.
    QVERIFY(runUntil([this] { return service().status == fd::ServiceStatus::Inactive; }));
    QTRY_COMPARE(viewRowOf(QStringLiteral("web")), -1);
}

void TestServicesView::createAndUpdateOpenTheServiceDialog()
{
    auto *createButton = find<QPushButton>("createServiceButton");
    QVERIFY(fd::test::driveModal<fd::ui::ServiceDialog>([&] { QTest::mouseClick(createButton, Qt::LeftButton); },
                                                        [](fd::ui::ServiceDialog *dialog) {
                                                            QVERIFY(!dialog->isUpdate());
                                                            dialog->reject();
                                                        }));
    create(QStringLiteral("web"), 1);
    QVERIFY(m_view->selectService(QStringLiteral("web")));
    auto *updateButton = find<QPushButton>("updateServiceButton");
    QTRY_VERIFY(updateButton->isEnabled());
    QVERIFY(fd::test::driveModal<fd::ui::ServiceDialog>([&] { QTest::mouseClick(updateButton, Qt::LeftButton); },
                                                        [](fd::ui::ServiceDialog *dialog) {
                                                            QVERIFY(dialog->isUpdate());
                                                            QCOMPARE(dialog->request().serviceName,
                                                                     QStringLiteral("web"));
                                                            dialog->reject();
                                                        }));
}

void TestServicesView::taskDoubleClickOpensTheTasksView()
{
    QTableView *tasks = showWebTasks(1);
    QVERIFY(tasks);
    const QString id = tasks->model()->index(0, 0).data(fd::ui::KeyRole).toString();
    const QPoint at = tasks->visualRect(tasks->model()->index(0, 0)).center();
    QTest::mouseClick(tasks->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(tasks->viewport(), Qt::LeftButton, {}, at);
    QTRY_COMPARE(find<QStackedWidget>("detailStack")->currentWidget(),
                 static_cast<QWidget *>(m_window->page<fd::ui::TasksView>()));
    QCOMPARE(m_window->page<fd::ui::TasksView>()->selectedTaskIds(), QStringList{id});
}

// In the tab, under the list and beside the event log, the chart is a glance: too short for the
// lanes and the legend, it draws the chart alone instead of the three over each other. The button
// on the tab opens the same service's deployment in a window of its own, for the projector, with
// the lanes and the legend.
void TestServicesView::deploymentTabOpensTheChartInAWindow()
{
    create(QStringLiteral("web"), 2);
    QVERIFY(runUntil([this] { return stable(); }));
    QVERIFY(m_view->selectService(QStringLiteral("web")));
    auto *button = find<QPushButton>("deploymentWindowButton");
    QVERIFY(button);
    QVERIFY(!button->isVisible()); // only on the Deployment tab
    QVERIFY(m_view->showTab(QStringLiteral("serviceDeploymentTab")));
    QTRY_VERIFY(button->isVisible());
    QVERIFY(button->isEnabled());
    auto *embedded = find<fd::ui::DeploymentView>("serviceDeploymentTab");
    m_window->resize(1280, 800);
    QTRY_VERIFY(embedded->canvas()->isCompact());
    QVERIFY(embedded->canvas()->laneRect(0).isNull());

    QTest::mouseClick(button, Qt::LeftButton);
    fd::ui::DeploymentView *window = nullptr;
    for (auto *v : m_window->findChildren<fd::ui::DeploymentView *>())
        if (v->isWindow())
            window = v;
    QVERIFY(window);
    QVERIFY(window->testAttribute(Qt::WA_DeleteOnClose));
    QCOMPARE(window->cluster(), QStringLiteral("default"));
    QCOMPARE(window->serviceName(), QStringLiteral("web"));
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(!window->canvas()->isCompact());
    QVERIFY(!window->canvas()->laneRect(0).isNull());
    QVERIFY(window->headerText().contains(QStringLiteral("COMPLETED")));
    window->close();
}

// The Deployments tab: Stop deployment (roll back) asks, naming the deployment ECS returns to; Cancel
// changes nothing; Stop and roll back is StopServiceDeployment: the new deployment FAILED and
// ROLLBACK_IN_PROGRESS, web:1 the PRIMARY again, then ROLLBACK_SUCCESSFUL once it completes.
void TestServicesView::stopDeploymentAsksThenRollsBack()
{
    startSecondDeployment();
    const QString first = service().deployments[1].id;
    const QString second = service().primary()->id;
    QVERIFY(m_view->showTab(QStringLiteral("serviceDeploymentsTab")));
    QTRY_COMPARE(deploymentOutcomes(), QStringList({second + QStringLiteral("|IN_PROGRESS|IN_PROGRESS"),
                                                    first + QStringLiteral("|COMPLETED|SUCCESSFUL")}));
    auto *state = find<QLabel>("deploymentsState");
    QVERIFY2(state->text().contains(QStringLiteral("is rolling out <b>web:2</b>")), qPrintable(state->text()));
    auto *stop = find<QPushButton>("stopDeploymentButton");
    QVERIFY(stop->isEnabled());

    QVERIFY(fd::test::driveModal<QMessageBox>(
        [&] { QTest::mouseClick(stop, Qt::LeftButton); },
        [&](QMessageBox *box) {
            QCOMPARE(box->objectName(), QStringLiteral("stopDeploymentConfirm"));
            QVERIFY2(
                box->informativeText().contains(QStringLiteral("last completed deployment, %1 (web:1)").arg(first)),
                qPrintable(box->informativeText()));
            shoot(QStringLiteral("stop-deployment-confirm"), box);
            box->reject();
        }));
    QCOMPARE(service().primary()->id, second);
    QVERIFY(service().primary()->rolloutState == fd::RolloutState::InProgress);

    QVERIFY(fd::test::driveModal<QMessageBox>(
        [&] { QTest::mouseClick(stop, Qt::LeftButton); },
        [](QMessageBox *box) {
            QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmButton")), Qt::LeftButton);
        }));
    // The control plane: web:1's deployment is the PRIMARY again, rolling back from the stopped one.
    fd::Service v = service();
    QCOMPARE(v.primary()->id, first);
    QCOMPARE(v.primary()->rolledBackFrom, second);
    QCOMPARE(v.taskDefinition(), QStringLiteral("web:1"));
    const fd::Deployment *failed = v.deployment(second);
    QVERIFY(failed);
    QVERIFY(failed->rolloutState == fd::RolloutState::Failed);
    QCOMPARE(fd::deploymentOutcome(v, *failed).status, QStringLiteral("ROLLBACK_IN_PROGRESS"));
    // The tab: what the stop did, and the history with each one's outcome.
    auto *result = find<QLabel>("stopDeploymentResult");
    QVERIFY(result->isVisible());
    QCOMPARE(result->text(), QStringLiteral("Deployment %1 stopped: rolling back to %2 (web:1).").arg(second, first));
    QTRY_COMPARE(deploymentOutcomes(), QStringList({first + QStringLiteral("|IN_PROGRESS|SUCCESSFUL"),
                                                    second + QStringLiteral("|FAILED|ROLLBACK_IN_PROGRESS")}));
    auto *tree = find<QTreeWidget>("serviceDeployments");
    QVERIFY2(tree->topLevelItem(0)->child(0)->text(0).contains(QStringLiteral("rolled back from %1").arg(second)),
             qPrintable(tree->topLevelItem(0)->child(0)->text(0)));
    QVERIFY2(tree->topLevelItem(1)->child(0)->text(0).startsWith(
                 QStringLiteral("Service deployment stopped by a StopServiceDeployment request (stopType ROLLBACK). · "
                                "rolled back to %1 (web:1)")
                     .arg(first)),
             qPrintable(tree->topLevelItem(1)->child(0)->text(0)));
    QCOMPARE(tree->topLevelItem(1)->text(fd::ui::ServiceDeploymentsTab::TimeColumn),
             fd::ui::Formatter::dateTime(v.deployment(second)->createdAt)); // not finished: no arrow
    shoot(QStringLiteral("deployments-rolling-back"));

    // The rollback completes: ROLLBACK_SUCCESSFUL, finished when the rollback completed.
    QVERIFY(runUntil([this] { return stable(); }));
    v = service();
    QTRY_COMPARE(deploymentOutcomes(), QStringList({first + QStringLiteral("|COMPLETED|SUCCESSFUL"),
                                                    second + QStringLiteral("|FAILED|ROLLBACK_SUCCESSFUL")}));
    // Started when web:2 was deployed, finished when web:1 completed again.
    const QString times = tree->topLevelItem(1)->text(fd::ui::ServiceDeploymentsTab::TimeColumn);
    QCOMPARE(times,
             QStringLiteral("%1 → %2").arg(fd::ui::Formatter::dateTime(v.deploymentHistory.front().createdAt),
                                           fd::ui::Formatter::dateTime(v.primary()->completedAt).section(u' ', 1)));
    QVERIFY2(state->text().contains(QStringLiteral("No deployment in progress")), qPrintable(state->text()));
    shoot(QStringLiteral("deployments-rolled-back"));
}

// The ops call's refusals, in its words, with no question first: a completed deployment is not in
// progress; a new service's first deployment has nothing completed to go back to.
void TestServicesView::stopDeploymentRefusalsAreTheOpsWords()
{
    create(QStringLiteral("web"), 1);
    QVERIFY(runUntil([this] { return stable(); }));
    QVERIFY(m_view->selectService(QStringLiteral("web")));
    QVERIFY(m_view->showTab(QStringLiteral("serviceDeploymentsTab")));
    auto *stop = find<QPushButton>("stopDeploymentButton");
    auto *result = find<QLabel>("stopDeploymentResult");
    const fd::Service before = service();
    QCOMPARE(answerModals([&] { QTest::mouseClick(stop, Qt::LeftButton); }), QStringList());
    QVERIFY(result->isVisible());
    QCOMPARE(result->text(),
             QStringLiteral("The service deployment %1 of service web cannot be stopped: it is not in progress (only "
                            "the service's current deployment, while it rolls out, can be stopped).")
                 .arg(before.primary()->id));
    QCOMPARE(service().version, before.version);

    create(QStringLiteral("fresh"), 1); // its first deployment: IN_PROGRESS, nothing completed before
    QVERIFY(m_view->selectService(QStringLiteral("fresh")));
    QTRY_VERIFY(find<QLabel>("deploymentsState")->text().contains(QStringLiteral("is rolling out")));
    QVERIFY(!result->isVisible()); // the other service's refusal went with it
    QCOMPARE(answerModals([&] { QTest::mouseClick(stop, Qt::LeftButton); }), QStringList());
    shoot(QStringLiteral("stop-deployment-refused"));
    QCOMPARE(result->text(), QStringLiteral("The service deployment %1 of service fresh cannot be stopped: no earlier "
                                            "deployment of the service completed, so there is no service revision to "
                                            "roll back to.")
                                 .arg(service(QStringLiteral("fresh")).primary()->id));
    QVERIFY(service(QStringLiteral("fresh")).primary()->rolloutState == fd::RolloutState::InProgress);
}

// A service's Tasks tab: Protect from scale-in… asks for minutes (ECS's 120 by default) and the
// control plane holds the expiry; the Protected column says until when and how long is left, and
// moves with the clock; Remove protection ends it.
void TestServicesView::protectionFromTheServiceTasksTab()
{
    QTableView *tasks = showWebTasks(2);
    QVERIFY(tasks);
    auto *protect = find<QToolButton>("protectTaskActionButton");
    QVERIFY(!protect->isEnabled()); // nothing selected
    QTest::mouseClick(tasks->viewport(), Qt::LeftButton, {}, tasks->visualRect(tasks->model()->index(0, 0)).center());
    QTRY_VERIFY(protect->isEnabled());
    const QString id = tasks->model()->index(0, 0).data(fd::ui::KeyRole).toString();

    const QDateTime now = m_clock->now();
    const QStringList asked = answerModals([&] { QTest::mouseClick(protect, Qt::LeftButton); }, 30);
    QCOMPARE(asked.size(), 1);
    QVERIFY2(
        asked.front().startsWith(QStringLiteral("protectTaskDialog: Protect task %1 from scale-in.").arg(id.left(8))),
        qPrintable(asked.front()));
    QVERIFY2(asked.front().endsWith(u"(120)"), qPrintable(asked.front())); // ECS's default offered
    const fd::Task t = m_cp->tasks().find(QStringLiteral("default"), id).value();
    QCOMPARE(t.protectedUntil, now.addSecs(30 * 60));

    const auto protectedCell = [&] {
        const int row = [&] {
            for (int r = 0; r < tasks->model()->rowCount(); ++r)
                if (tasks->model()->index(r, 0).data(fd::ui::KeyRole).toString() == id)
                    return r;
            return -1;
        }();
        return tasks->model()->index(row, ServiceTaskTableModel::ProtectedColumn).data().toString();
    };
    const QString until = t.protectedUntil.toLocalTime().toString(QStringLiteral("HH:mm"));
    QTRY_COMPARE(protectedCell(), QStringLiteral("until %1, 30 min left").arg(until));
    m_clock->advance(18 * 60 * 1000);
    QCOMPARE(protectedCell(), QStringLiteral("until %1, 12 min left").arg(until));
    shoot(QStringLiteral("service-tasks-protected"));
    // The other task is not protected.
    for (int r = 0; r < tasks->model()->rowCount(); ++r)
        if (tasks->model()->index(r, 0).data(fd::ui::KeyRole).toString() != id)
            QCOMPARE(tasks->model()->index(r, ServiceTaskTableModel::ProtectedColumn).data().toString(), QString());

    QCOMPARE(answerModals([&] { QTest::mouseClick(find<QToolButton>("unprotectTaskActionButton"), Qt::LeftButton); }),
             QStringList());
    QVERIFY(!m_cp->tasks().find(QStringLiteral("default"), id)->protectedUntil.isValid());
    QTRY_COMPARE(protectedCell(), QString());
}

// The Tasks page: its context menu's Protect from scale-in… protects the service's task and lists
// the one it refuses (a standalone task) in the ops call's words; a stopped task is refused too.
void TestServicesView::protectionOnTheTasksPageAndItsRefusals()
{
    create(QStringLiteral("web"), 1);
    QVERIFY(runUntil([this] { return stable(); }));
    fd::ops::RunTaskRequest run;
    run.cluster = QStringLiteral("default");
    run.taskDefinition = QStringLiteral("web:1");
    const fd::Result<fd::ops::RunTaskResult> started = m_cp->tasks().run(run);
    QVERIFY(started.ok() && started->tasks.size() == 1);
    const QString standalone = started->tasks.front().id;
    fd::ops::TaskFilter ofService;
    ofService.group = QStringLiteral("service:web");
    const QString serviceTask = m_cp->tasks().list(QStringLiteral("default"), ofService).front().id;
    QVERIFY(serviceTask != standalone);

    QVERIFY(m_window->navigation()->select(fd::ui::pages::Tasks, QStringLiteral("default")));
    auto *view = m_window->page<fd::ui::TasksView>();
    QTRY_COMPARE(view->model()->rowCount(), 2);
    QVERIFY(view->selectTask(serviceTask));
    auto *table = find<QTableView>("taskTable");
    const int standaloneRow = view->model()->rowOf(standalone);
    auto *proxy = table->model();
    for (int r = 0; r < proxy->rowCount(); ++r)
        if (proxy->index(r, 0).data(fd::ui::KeyRole).toString() == standalone)
            table->selectionModel()->select(proxy->index(r, 0),
                                            QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QCOMPARE(view->selectedTaskIds().size(), 2);
    QVERIFY(standaloneRow >= 0);

    QAction *protect = view->protection()->protectAction();
    QVERIFY(protect->isEnabled());
    const QStringList seen = answerModals([&] { protect->trigger(); }, 45);
    QCOMPARE(seen.size(), 2);
    QVERIFY2(seen[0].startsWith(QStringLiteral("protectTaskDialog: Protect 2 tasks from scale-in.")),
             qPrintable(seen[0]));
    QCOMPARE(seen[1], QStringLiteral("taskProtectionError: 1 of 2 task(s) refused: / %1: The task is not part of a "
                                     "service: only service tasks have scale-in protection.")
                          .arg(standalone.left(8)));
    QCOMPARE(m_cp->tasks().find({}, serviceTask)->protectedUntil, m_clock->now().addSecs(45 * 60));
    QVERIFY(!m_cp->tasks().find({}, standalone)->protectedUntil.isValid());
    const int row = view->model()->rowOf(serviceTask);
    QTRY_COMPARE(view->model()->index(row, fd::ui::TaskTableModel::ProtectedColumn).data().toString(),
                 QStringLiteral("until %1, 45 min left")
                     .arg(m_clock->now().addSecs(45 * 60).toLocalTime().toString(QStringLiteral("HH:mm"))));
    QTRY_VERIFY(
        find<QTextBrowser>("taskDetails")->toPlainText().contains(QStringLiteral("Protected from scale-in until")));
    shoot(QStringLiteral("tasks-protected"));

    // A stopped task: refused as stopping or stopped.
    QVERIFY(m_cp->tasks().stop(QStringLiteral("default"), serviceTask).ok());
    view->model()->setStatusFilter(fd::ui::TaskTableModel::StatusFilter::All);
    QVERIFY(view->selectTask(serviceTask));
    QCOMPARE(answerModals([&] { view->protection()->unprotectAction()->trigger(); }),
             QStringList{QStringLiteral("taskProtectionError: 1 of 1 task(s) refused: / %1: The task is stopping "
                                        "or stopped.")
                             .arg(serviceTask.left(8))});
}

void TestServicesView::modelsUnderTester()
{
    QAbstractItemModelTester services(m_view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester tasks(m_view->taskModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    create(QStringLiteral("web"), 2);
    create(QStringLiteral("api"), 1);
    QVERIFY(m_view->selectService(QStringLiteral("web")));
    QVERIFY(runUntil([this] { return stable() && stable(QStringLiteral("api")); }));
    fd::ops::ServiceRequest r;
    r.cluster = QStringLiteral("default");
    r.serviceName = QStringLiteral("web");
    r.taskDefinition = QStringLiteral("web:2");
    QVERIFY(m_cp->services().update(r).ok());
    QVERIFY(runUntil([this] { return stable(); }));
    QVERIFY(m_cp->services().remove(QStringLiteral("default"), QStringLiteral("api"), true).ok());
    QVERIFY(runUntil([this] { return service(QStringLiteral("api")).status == fd::ServiceStatus::Inactive; }));
    QTRY_COMPARE(m_view->model()->rowCount(), 1);
}

void TestServicesView::fiftyServicesRefreshAChangeInAFewMilliseconds()
{
    for (int i = 0; i < 50; ++i)
        create(QStringLiteral("svc-%1").arg(i, 2, 10, QLatin1Char('0')), 1, QStringLiteral("tiny"));
    QVERIFY(runUntil([this] {
        for (const fd::Service &v : m_cp->services().list(QStringLiteral("default")))
            if (v.runningCount() != v.desiredCount)
                return false;
        return true;
    }));
    QVERIFY(m_view->selectService(QStringLiteral("svc-07")));
    QTRY_COMPARE(m_table->model()->rowCount(), 50);
    m_view->model()->refresh();

    // One service changes: one row repaints, and the refresh is quick.
    QSignalSpy changed(m_view->model(), &QAbstractItemModel::dataChanged);
    QSignalSpy reset(m_view->model(), &QAbstractItemModel::modelReset);
    fd::ops::ServiceRequest r;
    r.cluster = QStringLiteral("default");
    r.serviceName = QStringLiteral("svc-07");
    r.desiredCount = 2;
    QVERIFY(m_cp->services().update(r).ok());
    QElapsedTimer timer;
    timer.start();
    m_view->model()->refresh();
    const qint64 refreshNs = timer.nsecsElapsed();
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.front().at(0).toModelIndex().row(), m_view->model()->rowOf(QStringLiteral("svc-07")));
    QCOMPARE(changed.front().at(1).toModelIndex().row(), m_view->model()->rowOf(QStringLiteral("svc-07")));
    // The whole view: summary, buttons and the selected service's detail.
    timer.restart();
    QCoreApplication::processEvents();
    const qint64 viewNs = timer.nsecsElapsed();
    std::printf("50 services: model refresh %.2f ms, view update %.2f ms\n", refreshNs / 1e6, viewNs / 1e6);
    QVERIFY2(refreshNs < 5'000'000, qPrintable(QString::number(refreshNs / 1e6)));
    QVERIFY2(viewNs < 50'000'000, qPrintable(QString::number(viewNs / 1e6)));
    QTRY_COMPARE(cell(QStringLiteral("svc-07"), ServiceTableModel::DesiredColumn), QStringLiteral("2"));
}

QTEST_MAIN(TestServicesView)
#include "TestServicesView.moc"
