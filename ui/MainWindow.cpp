#include "MainWindow.h"

#include "ControlPlane.h"
#include "views/ClustersView.h"
#include "views/ContainersView.h"
#include "views/EnginesView.h"
#include "views/EventLogView.h"
#include "views/FleetView.h"
#include "views/ImagesView.h"
#include "views/InstancesView.h"
#include "views/LogsView.h"
#include "views/NavigationTree.h"
#include "views/ServicesView.h"
#include "views/TaskDefinitionsView.h"
#include "views/TasksView.h"
#include "widgets/EngineStatusWidget.h"
#include "widgets/TeachingSpeedControl.h"
#include "wizards/RunTaskDialog.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScopedValueRollback>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>

namespace fd::ui {

MainWindow::MainWindow(fd::ControlPlane &cp, QWidget *parent)
    : QMainWindow(parent), m_cp(cp), m_navigation(new NavigationTree(cp, this)), m_stack(new QStackedWidget(this)),
      m_clustersView(new ClustersView(cp, m_stack)), m_taskDefinitionsView(new TaskDefinitionsView(cp, m_stack)),
      m_instancesView(new InstancesView(cp, m_stack)), m_enginesView(new EnginesView(cp, m_stack)),
      m_imagesView(new ImagesView(cp, m_stack)), m_logsView(new LogsView(cp, m_stack)),
      m_eventLogView(new EventLogView(cp, this)), m_eventLogDock(new QDockWidget(tr("Event log"), this)),
      m_engineStatus(new EngineStatusWidget(cp, this)), m_apiEndpointLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Fleetdeck"));
    resize(1280, 800);

    m_stack->setObjectName(QStringLiteral("detailStack"));
    m_stack->addWidget(m_clustersView);
    m_stack->addWidget(m_taskDefinitionsView);
    m_stack->addWidget(m_instancesView);
    m_stack->addWidget(m_enginesView);
    m_stack->addWidget(m_imagesView);
    m_stack->addWidget(m_logsView);
    m_containersView = new ContainersView(cp, m_stack);
    m_stack->addWidget(m_containersView);
    connect(m_containersView, &ContainersView::logsRequested, this,
            [this](const QString &engineId, const QString &containerId) {
                m_navigation->select(NavigationTree::Kind::LogsRoot, {});
                m_logsView->setEngineId(engineId);
                m_logsView->selectContainer(containerId);
            });
    m_tasksView = new TasksView(cp, m_stack);
    m_stack->addWidget(m_tasksView);
    m_fleetView = new FleetView(cp, m_stack);
    m_stack->addWidget(m_fleetView);
    m_servicesView = new ServicesView(cp, m_stack);
    m_stack->addWidget(m_servicesView);
    connect(m_servicesView, &ServicesView::taskActivated, this, [this](const QString &cluster, const QString &id) {
        m_navigation->select(NavigationTree::Kind::ClusterTasks, cluster);
        m_tasksView->selectTask(id);
    });
    connect(m_tasksView, &TasksView::logsRequested, this, [this](const QString &engineId, const QString &containerId) {
        m_navigation->select(NavigationTree::Kind::LogsRoot, {});
        m_logsView->setEngineId(engineId);
        m_logsView->selectContainer(containerId);
    });

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_navigation);
    splitter->addWidget(m_stack);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({230, 1050});
    setCentralWidget(splitter);

    m_eventLogDock->setObjectName(QStringLiteral("eventLog"));
    m_eventLogDock->setWidget(m_eventLogView);
    m_eventLogDock->setAllowedAreas(Qt::BottomDockWidgetArea | Qt::TopDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::BottomDockWidgetArea, m_eventLogDock);
    resizeDocks({m_eventLogDock}, {240}, Qt::Vertical);

    m_apiEndpointLabel->setObjectName(QStringLiteral("apiEndpointLabel"));
    auto *region = new QLabel(tr("Region %1").arg(m_cp.defaultRegion()), this);
    region->setObjectName(QStringLiteral("regionLabel"));
    auto *dataDir = new QLabel(tr("Data: %1").arg(m_cp.dataDir()), this);
    dataDir->setObjectName(QStringLiteral("dataDirLabel"));
    statusBar()->setObjectName(QStringLiteral("statusBar"));
    statusBar()->addWidget(m_apiEndpointLabel);
    statusBar()->addPermanentWidget(m_engineStatus);
    connect(m_engineStatus, &EngineStatusWidget::engineClicked, this, [this](const QString &id) {
        m_navigation->select(NavigationTree::Kind::EnginesRoot, {});
        m_enginesView->selectEngine(id);
    });
    statusBar()->addPermanentWidget(region);
    statusBar()->addPermanentWidget(dataDir);
    setApiEndpoint({});

    buildMenus();

    connect(m_navigation, &NavigationTree::navigated, this,
            [this](NavigationTree::Kind kind, const QString &key) { onNavigated(int(kind), key); });
    // A selection made in a view shows in the navigation too (quietly: it must not navigate back).
    const auto follow = [this](NavigationTree::Kind kind, const QString &key) {
        if (m_navigating || key.isEmpty())
            return;
        const QSignalBlocker blocker(m_navigation);
        m_navigation->select(kind, key);
    };
    connect(m_clustersView, &ClustersView::clusterSelected, this,
            [follow](const QString &name) { follow(NavigationTree::Kind::Cluster, name); });
    connect(m_taskDefinitionsView, &TaskDefinitionsView::revisionSelected, this,
            [follow](const QString &familyRevision) { follow(NavigationTree::Kind::Revision, familyRevision); });
    m_navigation->select(NavigationTree::Kind::ClustersRoot, {});
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    QAction *import = file->addAction(tr("&Import task definition…"), this, &MainWindow::importTaskDefinition);
    import->setObjectName(QStringLiteral("importTaskDefinitionAction"));
    import->setShortcut(QKeySequence::Open);
    QAction *run = file->addAction(tr("&Run task…"), this, &MainWindow::runTask);
    run->setObjectName(QStringLiteral("runTaskAction"));
    run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    run->setToolTip(tr("Start tasks from a task definition"));
    QAction *createService = file->addAction(tr("Create &service…"), this, &MainWindow::createService);
    createService->setObjectName(QStringLiteral("createServiceAction"));
    createService->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    createService->setToolTip(tr("Keep tasks of a task definition running and roll out new revisions"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    QAction *eventLog = m_eventLogDock->toggleViewAction();
    eventLog->setObjectName(QStringLiteral("toggleEventLogAction"));
    eventLog->setText(tr("&Event log"));
    eventLog->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    view->addAction(eventLog);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    QAction *aboutAction = help->addAction(tr("&About Fleetdeck"), this, &MainWindow::about);
    aboutAction->setObjectName(QStringLiteral("aboutAction"));
    aboutAction->setMenuRole(QAction::AboutRole);
}

void MainWindow::setApiEndpoint(const QString &endpoint)
{
    m_apiEndpointLabel->setText(endpoint.isEmpty() ? tr("AWS API: off")
                                                   : tr("AWS API: %1   (aws ecs --endpoint-url %1 …)").arg(endpoint));
}

void MainWindow::setEngineMonitor(fd::EngineMonitor *monitor)
{
    m_enginesView->setEngineMonitor(monitor);
    m_imagesView->setEngineMonitor(monitor);
    m_logsView->setEngineMonitor(monitor);
    m_containersView->setEngineMonitor(monitor);
}

void MainWindow::setMetricsController(fd::MetricsController *metrics)
{
    m_containersView->setMetricsController(metrics);
}

void MainWindow::setTeachingClock(std::shared_ptr<fd::ScaledClock> clock)
{
    if (auto *old = findChild<QToolBar *>(QStringLiteral("teachingSpeedToolBar"))) {
        delete old; // deletes the control and its action, which also leaves the View menu
        m_teachingSpeed = nullptr;
    }
    if (!clock)
        return;
    auto *bar = new QToolBar(tr("Teaching speed"), this);
    bar->setObjectName(QStringLiteral("teachingSpeedToolBar"));
    bar->setMovable(false);
    m_teachingSpeed = new TeachingSpeedControl(std::move(clock), bar);
    bar->addWidget(m_teachingSpeed);
    addToolBar(Qt::TopToolBarArea, bar);
    if (auto *view = findChild<QMenu *>(QStringLiteral("viewMenu")))
        view->addAction(m_teachingSpeed->pauseAction());
}

void MainWindow::showContainers()
{
    m_stack->setCurrentWidget(m_containersView);
}

void MainWindow::showTasks(const QString &cluster)
{
    m_tasksView->setCluster(cluster);
    m_stack->setCurrentWidget(m_tasksView);
}

void MainWindow::showFleet(const QString &cluster)
{
    m_fleetView->setCluster(cluster);
    m_stack->setCurrentWidget(m_fleetView);
}

void MainWindow::showServices(const QString &cluster)
{
    m_servicesView->setCluster(cluster);
    m_stack->setCurrentWidget(m_servicesView);
}

QString MainWindow::shownCluster() const
{
    if (const QTreeWidgetItem *item = m_navigation->currentItem()) {
        const auto kind = item->data(0, NavigationTree::KindRole).value<NavigationTree::Kind>();
        if (kind == NavigationTree::Kind::Cluster || kind == NavigationTree::Kind::ClusterInstances ||
            kind == NavigationTree::Kind::ClusterTasks || kind == NavigationTree::Kind::ClusterFleet ||
            kind == NavigationTree::Kind::ClusterServices)
            return item->data(0, NavigationTree::KeyRole).toString();
    }
    return QStringLiteral("default");
}

void MainWindow::createService()
{
    const QString cluster = shownCluster();
    if (!m_cp.cluster(cluster))
        return;
    m_navigation->select(NavigationTree::Kind::ClusterServices, cluster);
    m_servicesView->createService();
}

void MainWindow::runTask()
{
    const QString cluster = shownCluster();
    RunTaskDialog dialog(m_cp, cluster, this);
    QStringList started;
    QString ranIn;
    connect(&dialog, &RunTaskDialog::tasksStarted, this, [&](const QStringList &ids) {
        started << ids;
        ranIn = dialog.request().cluster;
    });
    dialog.exec();
    if (started.isEmpty())
        return;
    m_navigation->select(NavigationTree::Kind::ClusterTasks, ranIn);
    m_tasksView->selectTask(started.front());
}

void MainWindow::showInstances(const QString &cluster)
{
    m_instancesView->setCluster(cluster);
    m_stack->setCurrentWidget(m_instancesView);
}

void MainWindow::showEngines(const QString &engine)
{
    m_stack->setCurrentWidget(m_enginesView);
    if (!engine.isEmpty())
        m_enginesView->selectEngine(engine);
}

void MainWindow::showImages()
{
    m_stack->setCurrentWidget(m_imagesView);
}

void MainWindow::showLogs()
{
    m_stack->setCurrentWidget(m_logsView);
}

void MainWindow::showClusters(const QString &cluster)
{
    m_stack->setCurrentWidget(m_clustersView);
    if (!cluster.isEmpty())
        m_clustersView->selectCluster(cluster);
}

void MainWindow::showTaskDefinitions(const QString &family, int revision)
{
    m_stack->setCurrentWidget(m_taskDefinitionsView);
    if (family.isEmpty())
        return;
    if (revision > 0)
        m_taskDefinitionsView->selectRevision(family, revision);
    else
        m_taskDefinitionsView->selectFamily(family);
}

void MainWindow::onNavigated(int kind, const QString &key)
{
    const QScopedValueRollback navigating(m_navigating, true);
    switch (NavigationTree::Kind(kind)) {
    case NavigationTree::Kind::ClustersRoot:
        showClusters();
        break;
    case NavigationTree::Kind::Cluster:
        showClusters(key);
        break;
    case NavigationTree::Kind::TaskDefinitionsRoot:
        showTaskDefinitions();
        break;
    case NavigationTree::Kind::Family:
        showTaskDefinitions(key);
        break;
    case NavigationTree::Kind::ClusterInstances:
        showInstances(key);
        break;
    case NavigationTree::Kind::EnginesRoot:
        showEngines();
        break;
    case NavigationTree::Kind::ImagesRoot:
        showImages();
        break;
    case NavigationTree::Kind::LogsRoot:
        showLogs();
        break;
    case NavigationTree::Kind::ContainersRoot:
        showContainers();
        break;
    case NavigationTree::Kind::ClusterTasks:
        showTasks(key);
        break;
    case NavigationTree::Kind::ClusterFleet:
        showFleet(key);
        break;
    case NavigationTree::Kind::ClusterServices:
        showServices(key);
        break;
    case NavigationTree::Kind::Revision: {
        const int colon = int(key.lastIndexOf(u':'));
        showTaskDefinitions(key.left(colon), key.mid(colon + 1).toInt());
        break;
    }
    }
}

void MainWindow::importTaskDefinition()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import task definition"), QString(),
                                                      tr("JSON files (*.json);;All files (*)"));
    if (!path.isEmpty())
        importTaskDefinitionFile(path);
}

void MainWindow::importTaskDefinitionFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(this, tr("Import task definition"),
                             tr("Cannot read %1: %2").arg(QFileInfo(path).fileName(), file.errorString()));
        return;
    }
    showTaskDefinitions();
    m_taskDefinitionsView->registerFromJson(file.readAll());
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About Fleetdeck"),
                       tr("<h3>Fleetdeck %1</h3>"
                          "<p>A desktop console that runs Amazon ECS concepts for real on Docker: clusters, "
                          "task definitions, tasks, services and load balancers.</p>"
                          "<p>The same control plane answers the AWS ECS API, so <tt>aws ecs …</tt> and "
                          "boto3 drive it too, and what they do appears here live.</p>"
                          "<p>Licensed under the GNU GPL v3 or later. Built with Qt %2.</p>")
                           .arg(QStringLiteral(FLEETDECK_VERSION), QString::fromLatin1(qVersion())));
}

} // namespace fd::ui
