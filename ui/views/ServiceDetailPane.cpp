#include "ServiceDetailPane.h"

#include "ControlPlane.h"
#include "Formatter.h"
#include "Palette.h"
#include "model/Arn.h"
#include "models/ItemRoles.h"
#include "models/ServiceTableModel.h"
#include "models/ServiceTaskTableModel.h"
#include "state/Kinds.h"
#include "views/DeploymentView.h"
#include "views/MetricsPanel.h"
#include "views/ResourceTags.h"
#include "views/ServiceDeploymentsTab.h"
#include "views/ServiceOverview.h"
#include "views/ServiceScalingTab.h"
#include "views/TableStyle.h"
#include "views/TaskProtectionActions.h"
#include "widgets/StatusBadgeDelegate.h"
#include "widgets/TagsEditor.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QMenu>
#include <QTimer>
#include <QToolButton>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

enum EventsColumn {
    EventTimeColumn,
    EventMessageColumn,
};

constexpr int kEventIdRole = Qt::UserRole + 1;

// A tab page holding one widget edge to edge.
QWidget *tabPage(QWidget *content, const char *objectName, QWidget *parent)
{
    auto *page = new QWidget(parent);
    page->setObjectName(QLatin1String(objectName));
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(content);
    return page;
}

} // namespace

ServiceDetailPane::ServiceDetailPane(fd::ControlPlane &cp, QWidget *parent)
    : QWidget(parent), m_cp(cp), m_badges(new StatusBadgeDelegate(this)),
      m_taskModel(new ServiceTaskTableModel(m_cp, this)), m_taskProxy(new QSortFilterProxyModel(this)),
      m_tabs(new QTabWidget(this)), m_windowButton(new QPushButton(tr("Open in a window"), this)),
      m_title(new QLabel(this)), m_overview(new QTextBrowser(this)), m_taskTable(new QTableView(this)),
      m_showStopped(new QCheckBox(tr("Show stopped tasks"), this)),
      m_protection(new TaskProtectionActions(
          m_cp, [this] { return m_shownCluster; }, [this] { return selectedTaskIds(); }, this)), m_deploymentsTab(new ServiceDeploymentsTab(m_cp, m_badges, this)),
      m_events(new QTreeWidget(this)), m_deploymentView(new DeploymentView(m_cp, this)),
      m_metrics(new MetricsPanel(m_cp, this)), m_scaling(new ServiceScalingTab(m_cp, this)),
      m_tagsEditor(new TagsEditor(this)),
      m_tags(new ResourceTags(m_cp, m_tagsEditor, fd::state::kServiceKind, Change::Services, this))
{
    setObjectName(QStringLiteral("serviceDetail"));
    m_title->setObjectName(QStringLiteral("serviceDetailTitle"));
    m_title->setTextFormat(Qt::RichText);
    m_overview->setObjectName(QStringLiteral("serviceOverview"));
    m_overview->setOpenLinks(false);

    QWidget *tasksTab = buildTasksTab();
    buildEventsTree();
    buildTabs(tasksTab);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_title);
    layout->addWidget(m_tabs, 1);

    connect(m_showStopped, &QCheckBox::toggled, m_taskModel, &ServiceTaskTableModel::setShowStopped);
    connect(m_taskTable, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const QString id = index.data(KeyRole).toString();
        if (!id.isEmpty())
            emit taskActivated(id);
    });
}

QWidget *ServiceDetailPane::buildTasksTab()
{
    m_taskProxy->setObjectName(QStringLiteral("serviceTaskProxy"));
    m_taskProxy->setSourceModel(m_taskModel);
    m_taskProxy->setSortRole(RawValueRole);
    m_taskTable->setObjectName(QStringLiteral("serviceTaskTable"));
    m_taskTable->setModel(m_taskProxy);
    tables::styleEntityTable(m_taskTable);
    m_taskTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_taskTable->setSortingEnabled(true);
    m_taskTable->sortByColumn(ServiceTaskTableModel::StartedColumn, Qt::DescendingOrder);
    m_taskTable->setItemDelegateForColumn(ServiceTaskTableModel::DeploymentColumn, m_badges);
    m_taskTable->setToolTip(tr("Double-click a task to open it in the Tasks view"));
    QHeaderView *h = m_taskTable->horizontalHeader();
    using M = ServiceTaskTableModel;
    tables::fitColumn(h, m_taskModel, M::TaskColumn, QStringLiteral("0123abcd0"));
    h->resizeSection(M::DeploymentColumn, StatusBadgeDelegate::columnWidth(font(), QStringLiteral("INACTIVE"), 28));
    tables::fitColumn(h, m_taskModel, M::DefinitionColumn, QStringLiteral("edges-bookstore:12"));
    tables::fitColumn(h, m_taskModel, M::LastStatusColumn, QStringLiteral("DEPROVISIONING"));
    tables::fitColumn(h, m_taskModel, M::DesiredStatusColumn, QStringLiteral("RUNNING"));
    tables::fitColumn(h, m_taskModel, M::HealthColumn, QStringLiteral("UNHEALTHY"));
    tables::fitColumn(h, m_taskModel, M::ProtectedColumn, QStringLiteral("until 14:05, 1 h 59 min left"));
    tables::fitColumn(h, m_taskModel, M::InstanceColumn, QStringLiteral("i-0123456789abcdef0 (us-east-1a)"));
    tables::fitColumn(h, m_taskModel, M::StartedColumn, QStringLiteral("2026-01-01 09:30:00"));
    m_showStopped->setObjectName(QStringLiteral("serviceShowStopped"));

    auto *tab = new QWidget(this);
    tab->setObjectName(QStringLiteral("serviceTasksTab"));
    auto *layout = new QVBoxLayout(tab);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_taskTable, 1);
    auto *below = new QHBoxLayout;
    below->addWidget(m_showStopped);
    below->addStretch();
    for (QAction *action : {m_protection->protectAction(), m_protection->unprotectAction()}) {
        auto *button = new QToolButton(tab);
        button->setObjectName(action->objectName() + QStringLiteral("Button"));
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        below->addWidget(button);
    }
    layout->addLayout(below);

    m_taskTable->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_taskTable, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        m_protection->menu()->exec(m_taskTable->viewport()->mapToGlobal(at));
    });
    connect(m_taskTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_protection->setSelectionSize(int(selectedTaskIds().size())); });
    connect(m_protection, &TaskProtectionActions::applied, m_taskModel, &ServiceTaskTableModel::refresh);
    // "12 min left" moves with the clock, not with the tasks.
    auto *tick = new QTimer(this);
    tick->setInterval(15000);
    connect(tick, &QTimer::timeout, m_taskTable->viewport(), qOverload<>(&QWidget::update));
    tick->start();
    return tab;
}

void ServiceDetailPane::buildEventsTree()
{
    m_events->setObjectName(QStringLiteral("serviceEvents"));
    m_events->setRootIsDecorated(false);
    m_events->setUniformRowHeights(true);
    m_events->setAlternatingRowColors(true);
    m_events->setWordWrap(false);
    m_events->setHeaderLabels({tr("Time"), tr("Message")});
    m_events->header()->resizeSection(
        EventTimeColumn, m_events->fontMetrics().horizontalAdvance(QStringLiteral("2026-01-01 09:30:00")) + 24);
    m_events->header()->setStretchLastSection(true);
}

void ServiceDetailPane::buildTabs(QWidget *tasksTab)
{
    m_deploymentView->setObjectName(QStringLiteral("serviceDeploymentTab"));
    m_tagsEditor->setObjectName(QStringLiteral("serviceTagsTab"));
    m_tabs->setObjectName(QStringLiteral("serviceTabs"));
    // The pages' own minimum sizes (the deployment chart's) must not squeeze the list above.
    m_tabs->setMinimumHeight(160);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(tabPage(m_overview, "serviceOverviewTab", this), tr("Overview"));
    m_tabs->addTab(tasksTab, tr("Tasks"));
    m_tabs->addTab(m_deploymentsTab, tr("Deployments"));
    m_tabs->addTab(tabPage(m_events, "serviceEventsTab", this), tr("Events"));
    const int deployment = m_tabs->addTab(m_deploymentView, tr("Deployment"));
    m_tabs->setTabToolTip(deployment,
                          tr("The newest deployment as it happens: a chart of old and new tasks and the events"));
    m_metrics->setObjectName(QStringLiteral("serviceMetricsTab"));
    const int metrics = m_tabs->addTab(m_metrics, tr("Metrics"));
    m_tabs->setTabToolTip(metrics, tr("CPUUtilization and MemoryUtilization (AWS/ECS) with the alarms on them"));
    const int scaling = m_tabs->addTab(m_scaling, tr("Scaling"));
    m_tabs->setTabToolTip(scaling, tr("Application Auto Scaling: min and max capacity and the scaling policies"));
    m_tabs->addTab(m_tagsEditor, tr("Tags"));
    m_tags->setTab(m_tabs, m_tagsEditor);

    // The chart is made for a projector; in the tab it is a glance.
    m_deploymentView->setEmbedded(true);
    m_windowButton->setObjectName(QStringLiteral("deploymentWindowButton"));
    m_windowButton->setToolTip(tr("This deployment view in a window of its own, to put on a projector"));
    m_windowButton->setVisible(false);
    m_tabs->setCornerWidget(m_windowButton, Qt::TopRightCorner);
    connect(m_tabs, &QTabWidget::currentChanged, this,
            [this] { m_windowButton->setVisible(m_tabs->currentWidget() == m_deploymentView); });
    connect(m_windowButton, &QPushButton::clicked, this, [this] { openDeploymentWindow(); });
}

QStringList ServiceDetailPane::selectedTaskIds() const
{
    QStringList ids;
    for (const QModelIndex &index : m_taskTable->selectionModel()->selectedRows())
        ids << index.data(KeyRole).toString();
    return ids;
}

void ServiceDetailPane::setTraffic(const fd::traffic::TrafficGenerator *traffic)
{
    m_traffic = traffic;
    m_deploymentView->setTraffic(traffic);
}

DeploymentView *ServiceDetailPane::openDeploymentWindow()
{
    if (m_shownFor.isEmpty())
        return nullptr;
    auto *view = new DeploymentView(m_cp, this);
    view->setWindowFlag(Qt::Window);
    view->setAttribute(Qt::WA_DeleteOnClose);
    view->setWindowTitle(tr("Deployment of %1 — Fleetdeck").arg(m_shownFor));
    view->setService(m_shownCluster, m_shownFor);
    view->setTraffic(m_traffic);
    view->resize(1280, 800);
    view->show();
    return view;
}

bool ServiceDetailPane::showTab(const QString &objectName)
{
    for (int i = 0; i < m_tabs->count(); ++i)
        if (m_tabs->widget(i)->objectName() == objectName) {
            m_tabs->setCurrentIndex(i);
            return true;
        }
    return false;
}

void ServiceDetailPane::forget()
{
    m_shownCluster.clear();
    m_shownFor.clear();
    m_shownVersion = -1;
}

void ServiceDetailPane::showService(const QString &cluster, const std::optional<fd::Service> &v, bool listEmpty)
{
    m_tags->show(v ? cluster + QLatin1Char('/') + v->name : QString(),
                 v ? fd::arn::service(m_cp.defaultRegion(), cluster, v->name) : QString());
    m_scaling->setService(cluster, v ? v->name : QString());
    if (!v)
        return showNone(cluster, listEmpty);
    m_tabs->setEnabled(true);
    m_windowButton->setEnabled(true);
    const bool other = v->name != m_shownFor;
    if (!other && v->version == m_shownVersion)
        return; // unchanged: keep the reader's place
    if (other) {
        m_events->clear();
        m_taskModel->setService(cluster, v->name);
        m_deploymentView->setService(cluster, v->name);
        m_metrics->setCharts(MetricsPanel::serviceCharts(cluster, v->name));
    }
    const int scroll = other ? 0 : m_overview->verticalScrollBar()->value();
    m_shownCluster = cluster;
    m_shownFor = v->name;
    m_shownVersion = v->version;
    m_title->setText(titleHtml(*v));
    m_overview->setHtml(ServiceOverview::html(*v));
    m_overview->verticalScrollBar()->setValue(scroll);
    m_deploymentsTab->showService(cluster, &*v);
    updateEvents(*v);
}

void ServiceDetailPane::showNone(const QString &cluster, bool listEmpty)
{
    // The version says whether the list was empty, so a first service arriving changes the hint
    // without redoing it on every change.
    const qint64 emptyState = listEmpty ? -2 : -3;
    if (m_shownFor.isEmpty() && m_shownVersion == emptyState)
        return;
    m_shownFor.clear();
    m_shownVersion = emptyState;
    m_windowButton->setEnabled(false);
    m_title->setText(cluster.isEmpty() || listEmpty
                         ? QString()
                         : palette::themed(tr("<span style='color:{{hint}}'>Select a service to see its deployments, "
                                              "tasks and events.</span>")));
    m_overview->setHtml(palette::themed(QStringLiteral("<p style='color:{{hint}}'>%1</p>"))
                            .arg(listEmpty ? tr("A service keeps a number of tasks of one task definition running, "
                                                "replaces the ones that stop and rolls out new revisions through "
                                                "deployments.")
                                           : tr("Select a service.")));
    m_deploymentsTab->showService(cluster, nullptr);
    m_events->clear();
    m_taskModel->setService(cluster, {});
    m_deploymentView->setService(cluster, {});
    m_tabs->setEnabled(false);
}

QString ServiceDetailPane::titleHtml(const fd::Service &v) const
{
    const QString key = ServiceTableModel::rolloutKey(v);
    QString title =
        QStringLiteral("<span style='font-size:large; font-weight:600'>%1</span> &nbsp;").arg(v.name.toHtmlEscaped());
    if (v.status != fd::ServiceStatus::Active)
        title += StatusBadgeDelegate::html(fd::toString(v.status), fd::toString(v.status)) + QStringLiteral(" &nbsp;");
    if (!key.isEmpty())
        title += StatusBadgeDelegate::html(key, ServiceTableModel::rolloutText(key));
    title +=
        palette::themed(QStringLiteral(" &nbsp;<span style='color:{{secondary}}'>%1 · %2 · %3 of %4 running</span>"))
            .arg(fd::toString(v.schedulingStrategy), v.taskDefinition().toHtmlEscaped())
            .arg(v.runningCount())
            .arg(v.desiredCount);
    return title;
}

void ServiceDetailPane::updateEvents(const fd::Service &v)
{
    // Events only ever arrive at the front (newest first, at most 100): insert the new ones on top
    // and drop what fell off the end, so a reader scrolled down keeps their place.
    const QString newestShown =
        m_events->topLevelItemCount() > 0 ? m_events->topLevelItem(0)->data(0, kEventIdRole).toString() : QString();
    QList<QTreeWidgetItem *> fresh;
    for (const fd::ServiceEvent &e : v.events) {
        if (e.id == newestShown)
            break;
        auto *item = new QTreeWidgetItem({Formatter::dateTime(e.createdAt), e.message});
        item->setData(0, kEventIdRole, e.id);
        item->setToolTip(EventMessageColumn, e.message);
        item->setToolTip(EventTimeColumn,
                         e.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
        if (e.message.contains(u"failed") || e.message.contains(u"unable") || e.message.contains(u"unhealthy"))
            item->setForeground(EventMessageColumn, palette::BadBadge.text);
        fresh << item;
    }
    if (!newestShown.isEmpty() && fresh.size() == v.events.size()) {
        // The one shown is gone (more than 100 arrived at once): start over.
        m_events->clear();
    }
    m_events->insertTopLevelItems(0, fresh);
    while (m_events->topLevelItemCount() > v.events.size())
        delete m_events->takeTopLevelItem(m_events->topLevelItemCount() - 1);
}

} // namespace fd::ui
