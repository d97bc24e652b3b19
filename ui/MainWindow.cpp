#include "MainWindow.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "ops/Clusters.h"
#include "ops/Tasks.h"
#include "Page.h"
#include "PageKeys.h"
#include "Sections.h"
#include "views/EventLogView.h"
#include "views/NavigationTree.h"
#include "views/ServicesView.h"
#include "views/TaskDefinitionsView.h"
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

MainWindow::MainWindow(ConsoleContext &context, QWidget *parent) : MainWindow(nullptr, &context, parent)
{}

MainWindow::MainWindow(fd::ControlPlane &cp, QWidget *parent)
    : MainWindow(std::make_unique<ConsoleContext>(cp), nullptr, parent)
{}

MainWindow::MainWindow(std::unique_ptr<ConsoleContext> owned, ConsoleContext *context, QWidget *parent)
    : QMainWindow(parent), m_ownedContext(std::move(owned)), m_ctx(m_ownedContext ? *m_ownedContext : *context),
      m_navigation(new NavigationTree(this)), m_stack(new QStackedWidget(this)),
      m_eventLogView(new EventLogView(m_ctx.controlPlane(), this)),
      m_eventLogDock(new QDockWidget(tr("Event log"), this)),
      m_engineStatus(new EngineStatusWidget(m_ctx.controlPlane(), this)), m_apiEndpointLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Fleetdeck"));
    resize(1280, 800);

    m_stack->setObjectName(QStringLiteral("detailStack"));
    buildPages();

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

    const fd::ControlPlane &cp = m_ctx.controlPlane();
    m_apiEndpointLabel->setObjectName(QStringLiteral("apiEndpointLabel"));
    auto *region = new QLabel(tr("Region %1").arg(cp.defaultRegion()), this);
    region->setObjectName(QStringLiteral("regionLabel"));
    auto *dataDir = new QLabel(tr("Data: %1").arg(cp.dataDir()), this);
    dataDir->setObjectName(QStringLiteral("dataDirLabel"));
    statusBar()->setObjectName(QStringLiteral("statusBar"));
    statusBar()->addWidget(m_apiEndpointLabel);
    statusBar()->addPermanentWidget(m_engineStatus);
    connect(m_engineStatus, &EngineStatusWidget::engineClicked, this,
            [this](const QString &id) { show(pages::Engines, {}, id); });
    statusBar()->addPermanentWidget(region);
    statusBar()->addPermanentWidget(dataDir);
    updateApiEndpoint();
    connect(&m_ctx, &ConsoleContext::apiEndpointChanged, this, &MainWindow::updateApiEndpoint);

    buildMenus();
    updateTeachingSpeed();
    connect(&m_ctx, &ConsoleContext::teachingClockChanged, this, &MainWindow::updateTeachingSpeed);

    m_ctx.setNavigator(
        [this](const QString &pageKey, const QString &key, const QString &item) { return show(pageKey, key, item); });
    connect(m_navigation, &NavigationTree::navigated, this, &MainWindow::onNavigated);
    m_navigation->select(pages::Clusters, {});
}

MainWindow::~MainWindow()
{
    // The pages and widgets that use the context go before it (it may be owned here).
    m_ctx.setNavigator({});
    delete takeCentralWidget();
    delete m_eventLogDock;
    delete m_engineStatus;
}

void MainWindow::buildPages()
{
    const QList<Section> sections = consoleSections();
    QList<SectionEntry> topLevel;
    QList<SectionEntry> inCluster;
    QList<std::pair<ChildEntries, Changes>> children; // per top-level entry
    for (const Section &s : sections) {
        Page *page = s.create(m_ctx, m_stack);
        m_pages.append(page);
        m_stack->addWidget(page);
        const SectionEntry entry{page->pageKey(), page->title(),
                                 [page](const QString &key) { return page->toolTip(key); }};
        if (s.placement == Placement::InCluster) {
            inCluster.append(entry);
            continue;
        }
        topLevel.append(entry);
        children.append({s.children, s.refreshOn});
        // A selection made in a page shows in the navigation too (quietly: it must not navigate back).
        connect(page, &Page::keySelected, this, [this, page](const QString &key) {
            if (m_navigating || key.isEmpty())
                return;
            const QSignalBlocker blocker(m_navigation);
            m_navigation->select(page->pageKey(), key);
        });
    }
    Changes refreshOn;
    for (const auto &c : std::as_const(children))
        refreshOn |= c.second;
    fd::ControlPlane &cp = m_ctx.controlPlane();
    m_navigation->setEntrySource([&cp, topLevel, inCluster, children] {
        QList<NavEntry> entries;
        for (qsizetype i = 0; i < topLevel.size(); ++i) {
            const SectionEntry &s = topLevel[i];
            NavEntry entry{s.page, QString(), s.title, s.toolTip(QString()), false, false, {}};
            entry.expandWhenNew = bool(children[i].first);
            if (children[i].first)
                entry.children = children[i].first(cp, inCluster);
            entries.append(entry);
        }
        return entries;
    });
    m_ctx.changes().watch(refreshOn, m_navigation, [this] { m_navigation->scheduleRefresh(); });
}

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

void MainWindow::updateApiEndpoint()
{
    const QString endpoint = m_ctx.apiEndpoint();
    m_apiEndpointLabel->setText(endpoint.isEmpty() ? tr("AWS API: off")
                                                   : tr("AWS API: %1   (aws ecs --endpoint-url %1 …)").arg(endpoint));
}

void MainWindow::updateTeachingSpeed()
{
    if (auto *old = findChild<QToolBar *>(QStringLiteral("teachingSpeedToolBar"))) {
        delete old; // deletes the control and its action, which also leaves the View menu
        m_teachingSpeed = nullptr;
    }
    if (!m_ctx.teachingClock())
        return;
    auto *bar = new QToolBar(tr("Teaching speed"), this);
    bar->setObjectName(QStringLiteral("teachingSpeedToolBar"));
    bar->setMovable(false);
    m_teachingSpeed = new TeachingSpeedControl(m_ctx.teachingClock(), bar);
    bar->addWidget(m_teachingSpeed);
    addToolBar(Qt::TopToolBarArea, bar);
    if (auto *view = findChild<QMenu *>(QStringLiteral("viewMenu")))
        view->addAction(m_teachingSpeed->pauseAction());
}

Page *MainWindow::page(const QString &pageKey) const
{
    for (Page *p : m_pages)
        if (p->pageKey() == pageKey)
            return p;
    return nullptr;
}

bool MainWindow::show(const QString &pageKey, const QString &key, const QString &item)
{
    Page *target = page(pageKey);
    if (!target)
        return false;
    m_navigation->refresh();
    QTreeWidgetItem *entry = m_navigation->item(pageKey, key);
    const bool wasCurrent = entry && m_navigation->currentItem() == entry;
    if (!m_navigation->select(pageKey, key))
        return false;
    if (wasCurrent) // selecting it again navigates nowhere: show it anyway
        onNavigated(pageKey, key);
    return item.isEmpty() || target->selectItem(item);
}

void MainWindow::onNavigated(const QString &pageKey, const QString &key)
{
    const QScopedValueRollback navigating(m_navigating, true);
    Page *target = page(pageKey);
    if (!target)
        return;
    target->showKey(key);
    m_stack->setCurrentWidget(target);
}

QString MainWindow::shownCluster() const
{
    // The current entry is a cluster or one of its pages when it sits under the Clusters entry.
    const QTreeWidgetItem *item = m_navigation->currentItem();
    const QTreeWidgetItem *top = item;
    while (top && top->parent())
        top = top->parent();
    if (item && item != top && NavigationTree::pageOf(top) == pages::Clusters)
        return NavigationTree::keyOf(item);
    return QStringLiteral("default");
}

void MainWindow::createService()
{
    const QString cluster = shownCluster();
    if (!m_ctx.controlPlane().clusters().find(cluster))
        return;
    if (show(pages::Services, cluster))
        page<ServicesView>()->createService();
}

void MainWindow::runTask()
{
    fd::ControlPlane &cp = m_ctx.controlPlane();
    RunTaskDialog dialog(cp, shownCluster(), this);
    dialog.setSubmitter([&cp](const RunTaskDialog::Request &r) { return cp.tasks().run(r); });
    QStringList started;
    QString ranIn;
    connect(&dialog, &RunTaskDialog::tasksStarted, this, [&](const QStringList &ids) {
        started << ids;
        ranIn = dialog.request().cluster;
    });
    dialog.exec();
    if (!started.isEmpty())
        show(pages::Tasks, ranIn, started.front());
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
    auto *definitions = page<TaskDefinitionsView>();
    m_stack->setCurrentWidget(definitions);
    definitions->registerFromJson(file.readAll());
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
