#include "ServicesView.h"

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "ops/Services.h"
#include "Formatter.h"
#include "PageKeys.h"
#include "Palette.h"
#include "model/Arn.h"
#include "models/ItemRoles.h"
#include "models/ServiceTableModel.h"
#include "models/ServiceTaskTableModel.h"
#include "services/DeploymentMath.h"
#include "state/Kinds.h"
#include "views/DeploymentView.h"
#include "views/ResourceTags.h"
#include "widgets/StatusBadgeDelegate.h"
#include "widgets/TagsEditor.h"
#include "wizards/ServiceDialog.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

enum DeploymentsColumn {
    DeploymentIdColumn,
    DeploymentStatusColumn,
    DeploymentDefinitionColumn,
    DeploymentDesiredColumn,
    DeploymentPendingColumn,
    DeploymentRunningColumn,
    DeploymentFailedColumn,
    DeploymentRolloutColumn,
    DeploymentCreatedColumn, ///< updated, completed and the rollout state reason are on the line below
    DeploymentColumnCount
};

enum EventsColumn {
    EventTimeColumn,
    EventMessageColumn,
};

constexpr int kEventIdRole = Qt::UserRole + 1;

void styleTable(QTableView *table)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->setVisible(false);
    // Fixed heights and sized columns: ResizeToContents would measure every row on every change.
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table->horizontalHeader()->setStretchLastSection(true);
}

// Sizes `column` to fit `sample` and its title (plus the sort indicator).
void fitColumn(QHeaderView *header, const QAbstractItemModel *model, int column, const QString &sample)
{
    const QFontMetrics fm = header->fontMetrics();
    const QString title = model->headerData(column, Qt::Horizontal).toString();
    header->resizeSection(column, std::max(fm.horizontalAdvance(sample), fm.horizontalAdvance(title) + 14) + 14);
}

// "spread(attribute:ecs.availability-zone), binpack(memory)" from the JSON array; empty if none.
QString placementText(const QByteArray &json, bool strategies)
{
    const QJsonArray items = QJsonDocument::fromJson(json).array();
    QStringList out;
    for (const QJsonValue &item : items) {
        const QJsonObject o = item.toObject();
        const QString type = o.value(QStringLiteral("type")).toString();
        const QString arg = o.value(strategies ? QStringLiteral("field") : QStringLiteral("expression")).toString();
        out << (arg.isEmpty() ? type : QStringLiteral("%1(%2)").arg(type, arg));
    }
    return out.join(QStringLiteral(", "));
}

} // namespace

ServicesView::ServicesView(ConsoleContext &context, QWidget *parent)
    : Page(context, parent), m_cp(context.controlPlane()), m_model(new ServiceTableModel(m_cp, this)),
      m_proxy(new QSortFilterProxyModel(this)), m_taskModel(new ServiceTaskTableModel(m_cp, this)),
      m_taskProxy(new QSortFilterProxyModel(this)), m_title(new QLabel(this)), m_summary(new QLabel(this)),
      m_filterEdit(new QLineEdit(this)), m_table(new QTableView(this)),
      m_createButton(new QPushButton(tr("Create service…"), this)),
      m_updateButton(new QPushButton(tr("Update…"), this)),
      m_forceButton(new QPushButton(tr("Force new deployment"), this)),
      m_deleteButton(new QPushButton(tr("Delete…"), this)), m_tabs(new QTabWidget(this)),
      m_detailTitle(new QLabel(this)), m_overview(new QTextBrowser(this)), m_taskTable(new QTableView(this)),
      m_showStopped(new QCheckBox(tr("Show stopped tasks"), this)), m_deployments(new QTreeWidget(this)),
      m_events(new QTreeWidget(this)), m_deploymentView(new DeploymentView(m_cp, this)),
      m_tagsEditor(new TagsEditor(this)),
      m_tags(new ResourceTags(m_cp, m_tagsEditor, fd::state::kServiceKind, Change::Services, this))
{
    setObjectName(QStringLiteral("servicesView"));
    m_title->setObjectName(QStringLiteral("servicesTitle"));
    m_title->setTextFormat(Qt::RichText);
    m_summary->setObjectName(QStringLiteral("servicesSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_createButton->setObjectName(QStringLiteral("createServiceButton"));
    m_createButton->setToolTip(tr("Create a service in this cluster"));
    m_updateButton->setObjectName(QStringLiteral("updateServiceButton"));
    m_updateButton->setToolTip(tr("Change the selected service: task definition, desired count, deployment "
                                  "configuration, placement"));
    m_forceButton->setObjectName(QStringLiteral("forceDeploymentButton"));
    m_forceButton->setToolTip(tr("Replace every task of the selected service with a new deployment of the same "
                                 "task definition (UpdateService forceNewDeployment)"));
    m_deleteButton->setObjectName(QStringLiteral("deleteServiceButton"));
    m_deleteButton->setToolTip(tr("Delete the selected service: it drains (its tasks are stopped), then it is "
                                  "INACTIVE"));
    m_filterEdit->setObjectName(QStringLiteral("serviceFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter services…"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMaximumWidth(260);

    m_proxy->setObjectName(QStringLiteral("serviceProxy"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RawValueRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);

    auto *badges = new StatusBadgeDelegate(this);
    m_table->setObjectName(QStringLiteral("serviceTable"));
    m_table->setModel(m_proxy);
    styleTable(m_table);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ServiceTableModel::NameColumn, Qt::AscendingOrder);
    m_table->setItemDelegateForColumn(ServiceTableModel::RolloutColumn, badges);
    {
        QHeaderView *h = m_table->horizontalHeader();
        fitColumn(h, m_model, ServiceTableModel::NameColumn, QStringLiteral("edges-bookstore"));
        fitColumn(h, m_model, ServiceTableModel::StatusColumn, QStringLiteral("DRAINING"));
        fitColumn(h, m_model, ServiceTableModel::StrategyColumn, QStringLiteral("REPLICA"));
        fitColumn(h, m_model, ServiceTableModel::DefinitionColumn, QStringLiteral("edges-bookstore:1"));
        fitColumn(h, m_model, ServiceTableModel::DesiredColumn, QStringLiteral("100"));
        fitColumn(h, m_model, ServiceTableModel::RunningColumn, QStringLiteral("100"));
        fitColumn(h, m_model, ServiceTableModel::PendingColumn, QStringLiteral("100"));
        fitColumn(h, m_model, ServiceTableModel::DeploymentsColumn, QStringLiteral("rolling: 2 of 4 new · 2 old"));
        QFont bold = font();
        bold.setBold(true);
        h->resizeSection(ServiceTableModel::RolloutColumn,
                         QFontMetrics(bold).horizontalAdvance(QStringLiteral("Rolling back")) + 2 * 7 + 16);
    }

    m_taskProxy->setObjectName(QStringLiteral("serviceTaskProxy"));
    m_taskProxy->setSourceModel(m_taskModel);
    m_taskProxy->setSortRole(RawValueRole);
    m_taskTable->setObjectName(QStringLiteral("serviceTaskTable"));
    m_taskTable->setModel(m_taskProxy);
    styleTable(m_taskTable);
    m_taskTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_taskTable->setSortingEnabled(true);
    m_taskTable->sortByColumn(ServiceTaskTableModel::StartedColumn, Qt::DescendingOrder);
    m_taskTable->setItemDelegateForColumn(ServiceTaskTableModel::DeploymentColumn, badges);
    m_taskTable->setToolTip(tr("Double-click a task to open it in the Tasks view"));
    {
        QHeaderView *h = m_taskTable->horizontalHeader();
        QFont bold = font();
        bold.setBold(true);
        fitColumn(h, m_taskModel, ServiceTaskTableModel::TaskColumn, QStringLiteral("0123abcd0"));
        h->resizeSection(ServiceTaskTableModel::DeploymentColumn,
                         QFontMetrics(bold).horizontalAdvance(QStringLiteral("INACTIVE")) + 2 * 7 + 28);
        fitColumn(h, m_taskModel, ServiceTaskTableModel::DefinitionColumn, QStringLiteral("edges-bookstore:12"));
        fitColumn(h, m_taskModel, ServiceTaskTableModel::LastStatusColumn, QStringLiteral("DEPROVISIONING"));
        fitColumn(h, m_taskModel, ServiceTaskTableModel::DesiredStatusColumn, QStringLiteral("RUNNING"));
        fitColumn(h, m_taskModel, ServiceTaskTableModel::HealthColumn, QStringLiteral("UNHEALTHY"));
        fitColumn(h, m_taskModel, ServiceTaskTableModel::InstanceColumn,
                  QStringLiteral("i-0123456789abcdef0 (us-east-1a)"));
        fitColumn(h, m_taskModel, ServiceTaskTableModel::StartedColumn, QStringLiteral("2026-01-01 09:30:00"));
    }
    m_showStopped->setObjectName(QStringLiteral("serviceShowStopped"));

    m_detailTitle->setObjectName(QStringLiteral("serviceDetailTitle"));
    m_detailTitle->setTextFormat(Qt::RichText);
    m_overview->setObjectName(QStringLiteral("serviceOverview"));
    m_overview->setOpenLinks(false);

    m_deployments->setObjectName(QStringLiteral("serviceDeployments"));
    m_deployments->setRootIsDecorated(false);
    m_deployments->setUniformRowHeights(true);
    m_deployments->setAlternatingRowColors(true);
    m_deployments->setItemDelegateForColumn(DeploymentStatusColumn, badges);
    m_deployments->setItemDelegateForColumn(DeploymentRolloutColumn, badges);
    m_deployments->setIndentation(14);
    m_deployments->setHeaderLabels({tr("Deployment"), tr("Status"), tr("Task definition"), tr("Desired"), tr("Pending"),
                                    tr("Running"), tr("Failed"), tr("Rollout state"), tr("Created")});
    {
        QHeaderView *h = m_deployments->header();
        h->setStretchLastSection(true);
        const QFontMetrics fm = h->fontMetrics();
        QFont bold = font();
        bold.setBold(true);
        const QFontMetrics bfm(bold);
        h->resizeSection(DeploymentIdColumn, fm.horizontalAdvance(QStringLiteral("ecs-svc/0000000000000000000")) + 30);
        h->resizeSection(DeploymentStatusColumn, bfm.horizontalAdvance(QStringLiteral("INACTIVE")) + 2 * 7 + 16);
        h->resizeSection(DeploymentDefinitionColumn, fm.horizontalAdvance(QStringLiteral("edges-bookstore:1")) + 16);
        for (int c :
             {DeploymentDesiredColumn, DeploymentPendingColumn, DeploymentRunningColumn, DeploymentFailedColumn})
            h->resizeSection(c, fm.horizontalAdvance(m_deployments->headerItem()->text(c)) + 16);
        h->resizeSection(DeploymentRolloutColumn, bfm.horizontalAdvance(QStringLiteral("IN_PROGRESS")) + 2 * 7 + 16);
    }

    m_events->setObjectName(QStringLiteral("serviceEvents"));
    m_events->setRootIsDecorated(false);
    m_events->setUniformRowHeights(true);
    m_events->setAlternatingRowColors(true);
    m_events->setWordWrap(false);
    m_events->setHeaderLabels({tr("Time"), tr("Message")});
    m_events->header()->resizeSection(
        EventTimeColumn, m_events->fontMetrics().horizontalAdvance(QStringLiteral("2026-01-01 09:30:00")) + 24);
    m_events->header()->setStretchLastSection(true);

    auto *tasksTab = new QWidget(this);
    tasksTab->setObjectName(QStringLiteral("serviceTasksTab"));
    auto *tasksLayout = new QVBoxLayout(tasksTab);
    tasksLayout->setContentsMargins(4, 4, 4, 4);
    tasksLayout->addWidget(m_taskTable, 1);
    tasksLayout->addWidget(m_showStopped);
    auto *overviewTab = new QWidget(this);
    overviewTab->setObjectName(QStringLiteral("serviceOverviewTab"));
    (new QVBoxLayout(overviewTab))->addWidget(m_overview);
    overviewTab->layout()->setContentsMargins(0, 0, 0, 0);
    auto *deploymentsTab = new QWidget(this);
    deploymentsTab->setObjectName(QStringLiteral("serviceDeploymentsTab"));
    (new QVBoxLayout(deploymentsTab))->addWidget(m_deployments);
    deploymentsTab->layout()->setContentsMargins(0, 0, 0, 0);
    auto *eventsTab = new QWidget(this);
    eventsTab->setObjectName(QStringLiteral("serviceEventsTab"));
    (new QVBoxLayout(eventsTab))->addWidget(m_events);
    eventsTab->layout()->setContentsMargins(0, 0, 0, 0);
    m_deploymentView->setObjectName(QStringLiteral("serviceDeploymentTab"));

    m_tabs->setObjectName(QStringLiteral("serviceTabs"));
    // The pages' own minimum sizes (the deployment chart's) must not squeeze the list above.
    m_tabs->setMinimumHeight(160);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(overviewTab, tr("Overview"));
    m_tabs->addTab(tasksTab, tr("Tasks"));
    m_tabs->addTab(deploymentsTab, tr("Deployments"));
    m_tabs->addTab(eventsTab, tr("Events"));
    m_tabs->addTab(m_deploymentView, tr("Deployment"));
    m_tabs->setTabToolTip(4, tr("The newest deployment as it happens: a chart of old and new tasks and the events"));
    m_tagsEditor->setObjectName(QStringLiteral("serviceTagsTab"));
    m_tabs->addTab(m_tagsEditor, tr("Tags"));
    m_tags->setTab(m_tabs, m_tagsEditor);

    auto *top = new QHBoxLayout;
    top->addWidget(m_title);
    top->addStretch();
    top->addWidget(m_createButton);
    top->addWidget(m_updateButton);
    top->addWidget(m_forceButton);
    top->addWidget(m_deleteButton);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_summary, 1);
    filterRow->addWidget(m_filterEdit);

    auto *tablePane = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tablePane);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addLayout(filterRow);
    tableLayout->addWidget(m_table, 1);
    auto *detailPane = new QWidget(this);
    detailPane->setObjectName(QStringLiteral("serviceDetail"));
    auto *detailLayout = new QVBoxLayout(detailPane);
    detailLayout->setContentsMargins(0, 4, 0, 0);
    detailLayout->setSpacing(2);
    detailLayout->addWidget(m_detailTitle);
    detailLayout->addWidget(m_tabs, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("servicesSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(tablePane);
    splitter->addWidget(detailPane);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({230, 330});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    // Every change coalesces into one update of the summary, the buttons and the detail.
    m_updateTimer.setSingleShot(true);
    m_updateTimer.setInterval(0);
    connect(&m_updateTimer, &QTimer::timeout, this, [this] {
        updateSummary();
        updateActions();
        updateDetails();
    });
    const auto scheduleUpdate = [this] { m_updateTimer.start(); };

    connect(m_createButton, &QPushButton::clicked, this, &ServicesView::createService);
    connect(m_updateButton, &QPushButton::clicked, this, &ServicesView::updateService);
    connect(m_forceButton, &QPushButton::clicked, this, &ServicesView::forceNewDeployment);
    connect(m_deleteButton, &QPushButton::clicked, this, &ServicesView::deleteService);
    connect(m_filterEdit, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_filterEdit, &QLineEdit::textChanged, this, scheduleUpdate);
    connect(m_showStopped, &QCheckBox::toggled, m_taskModel, &ServiceTaskTableModel::setShowStopped);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, scheduleUpdate);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, scheduleUpdate);
    connect(m_model, &QAbstractItemModel::dataChanged, this, scheduleUpdate);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, scheduleUpdate);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, scheduleUpdate);
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
            [this] { m_selectionBeforeReset = currentServiceName(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this, scheduleUpdate] {
        const QString keep = std::exchange(m_selectionBeforeReset, {});
        if (!keep.isEmpty())
            selectService(keep);
        scheduleUpdate();
    });
    connect(m_taskTable, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const QString id = index.data(KeyRole).toString();
        if (!id.isEmpty())
            emit taskActivated(cluster(), id);
    });

    setCluster({});
    connect(this, &ServicesView::taskActivated, this, [this](const QString &cluster, const QString &taskId) {
        this->context().navigate(pages::Tasks, cluster, taskId);
    });
}

void ServicesView::setCluster(const QString &cluster)
{
    const bool changed = cluster != m_model->cluster();
    m_model->setCluster(cluster);
    m_title->setText(cluster.isEmpty() ? tr("<h3>Services</h3>")
                                       : tr("<h3>Services of %1</h3>").arg(cluster.toHtmlEscaped()));
    if (changed) {
        m_detailsShownFor.clear();
        m_detailsVersion = -1;
        // The first service, so the detail is never empty when there is something to show.
        if (m_proxy->rowCount() > 0)
            m_table->selectionModel()->setCurrentIndex(m_proxy->index(0, 0),
                                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    updateSummary();
    updateActions();
    updateDetails();
}

QString ServicesView::cluster() const
{
    return m_model->cluster();
}

QString ServicesView::currentServiceName() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.front().data(KeyRole).toString();
}

bool ServicesView::selectService(const QString &nameOrArn)
{
    const QString name = nameOrArn.section(u'/', -1);
    m_model->refresh();
    const int row = m_model->rowOf(name);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false;
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    updateActions();
    updateDetails();
    return true;
}

bool ServicesView::showTab(const QString &objectName)
{
    for (int i = 0; i < m_tabs->count(); ++i)
        if (m_tabs->widget(i)->objectName() == objectName) {
            m_tabs->setCurrentIndex(i);
            return true;
        }
    return false;
}

std::optional<fd::Service> ServicesView::currentService() const
{
    const QString name = currentServiceName();
    if (name.isEmpty())
        return std::nullopt;
    return m_model->serviceAt(m_model->rowOf(name));
}

void ServicesView::createService()
{
    if (cluster().isEmpty())
        return;
    ServiceDialog dialog(m_cp, cluster(), {}, this);
    dialog.setSubmitter([this](const ServiceDialog::Request &r) { return m_cp.services().create(r); });
    if (dialog.exec() != QDialog::Accepted)
        return;
    selectService(dialog.result().name);
}

void ServicesView::updateService()
{
    const std::optional<fd::Service> v = currentService();
    if (!v || v->status != fd::ServiceStatus::Active)
        return;
    ServiceDialog dialog(m_cp, cluster(), v->name, this);
    dialog.setSubmitter([this](const ServiceDialog::Request &r) { return m_cp.services().update(r); });
    if (dialog.exec() == QDialog::Accepted)
        m_model->refresh();
}

void ServicesView::forceNewDeployment()
{
    const std::optional<fd::Service> v = currentService();
    if (!v || v->status != fd::ServiceStatus::Active)
        return;
    const services::DeploymentBounds b = services::resolveBounds(v->desiredCount, v->percents);
    QMessageBox ask(QMessageBox::Question, tr("Force new deployment"), tr("Start a new deployment of %1?").arg(v->name),
                    QMessageBox::NoButton, this);
    ask.setObjectName(QStringLiteral("forceDeploymentConfirm"));
    QString detail = tr("Every task of %1 is replaced by a new one of %2, within the deployment configuration: "
                        "at least %3 healthy, at most %4 running.")
                         .arg(v->name, v->taskDefinition())
                         .arg(b.minimumHealthy)
                         .arg(b.maximum);
    if (!services::canMove(b, v->desiredCount))
        detail += QStringLiteral("\n\n") + services::cannotMoveReason(b, v->desiredCount);
    ask.setInformativeText(detail);
    QPushButton *go = ask.addButton(tr("Force new deployment"), QMessageBox::AcceptRole);
    go->setObjectName(QStringLiteral("confirmButton"));
    ask.addButton(QMessageBox::Cancel);
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    if (ask.clickedButton() != go)
        return;
    ops::ServiceRequest r;
    r.cluster = cluster();
    r.serviceName = v->name;
    r.forceNewDeployment = true;
    const fd::Result<fd::Service> done = m_cp.services().update(r);
    if (!done)
        return showError(tr("Force new deployment"), done.error().message);
    m_model->refresh();
    showTab(QStringLiteral("serviceDeploymentsTab"));
}

void ServicesView::deleteService()
{
    const std::optional<fd::Service> v = currentService();
    if (!v || v->status != fd::ServiceStatus::Active)
        return;
    // ECS refuses to delete a REPLICA service scaled above 0 without force; the console asks once
    // and says what force does.
    const bool force = v->desiredCount > 0 || v->runningCount() + v->pendingCount() > 0;
    QMessageBox ask(QMessageBox::Warning, tr("Delete service"), tr("Delete service %1?").arg(v->name),
                    QMessageBox::NoButton, this);
    ask.setObjectName(QStringLiteral("deleteServiceConfirm"));
    ask.setInformativeText(
        force ? tr("%1 is scaled to %n task(s). Deleting it anyway (force) stops every task it runs; the service "
                   "is DRAINING until they have stopped, then INACTIVE.",
                   nullptr, std::max(v->desiredCount, v->runningCount()))
                    .arg(v->name)
              : tr("The service is DRAINING until its tasks have stopped, then INACTIVE."));
    QPushButton *go = ask.addButton(force ? tr("Force delete") : tr("Delete"), QMessageBox::DestructiveRole);
    go->setObjectName(QStringLiteral("confirmButton"));
    ask.addButton(QMessageBox::Cancel);
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    if (ask.clickedButton() != go)
        return;
    const fd::Result<fd::Service> done = m_cp.services().remove(cluster(), v->name, force);
    if (!done)
        return showError(tr("Delete service"), done.error().message);
    m_model->refresh();
}

void ServicesView::showError(const QString &title, const QString &message)
{
    QMessageBox box(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box.setObjectName(QStringLiteral("serviceActionError"));
    box.exec();
}

void ServicesView::updateActions()
{
    const std::optional<fd::Service> v = currentService();
    const bool active = v && v->status == fd::ServiceStatus::Active;
    m_createButton->setEnabled(!cluster().isEmpty());
    m_updateButton->setEnabled(active);
    m_forceButton->setEnabled(active);
    m_deleteButton->setEnabled(active);
}

void ServicesView::updateSummary()
{
    if (cluster().isEmpty()) {
        m_summary->setText(tr("Select a cluster in the navigation to see its services."));
        return;
    }
    const QList<fd::Service> &rows = m_model->rows();
    if (rows.isEmpty()) {
        m_summary->setText(tr("No services in %1. <b>Create service…</b> keeps tasks of a task definition "
                              "running and rolls out new revisions.")
                               .arg(cluster().toHtmlEscaped()));
        return;
    }
    int rolling = 0;
    int failed = 0;
    int draining = 0;
    int running = 0;
    int desired = 0;
    for (const fd::Service &v : rows) {
        const QString key = ServiceTableModel::rolloutKey(v);
        draining += v.status != fd::ServiceStatus::Active;
        rolling += v.status == fd::ServiceStatus::Active && (key == u"IN_PROGRESS" || key == u"ROLLBACK");
        failed += key == u"FAILED";
        running += v.runningCount();
        desired += v.desiredCount;
    }
    const QLocale locale;
    QStringList parts{tr("<b>%1</b> service(s)").arg(locale.toString(rows.size())),
                      tr("%1 of %2 tasks running").arg(locale.toString(running), locale.toString(desired))};
    if (rolling > 0)
        parts << palette::themed(tr("<span style='color:{{infoBadgeText}}'>%1 deploying</span>"))
                     .arg(locale.toString(rolling));
    if (failed > 0)
        parts << palette::themed(tr("<span style='color:{{badBadgeText}}'>%1 failed</span>"))
                     .arg(locale.toString(failed));
    if (draining > 0)
        parts << palette::themed(tr("<span style='color:{{warn}}'>%1 draining</span>")).arg(locale.toString(draining));
    if (m_proxy->rowCount() != rows.size())
        parts << tr("%1 shown").arg(locale.toString(m_proxy->rowCount()));
    m_summary->setText(parts.join(QStringLiteral(" &nbsp;·&nbsp; ")));
}

void ServicesView::updateDetails()
{
    const std::optional<fd::Service> v = currentService();
    const QString tagged = v ? cluster() + QLatin1Char('/') + v->name : QString();
    m_tags->show(tagged, v ? fd::arn::service(m_cp.defaultRegion(), cluster(), v->name) : QString());
    if (!v) {
        // Nothing selected: the version says whether the list was empty, so a first service
        // arriving changes the hint without redoing it on every change.
        const qint64 emptyState = m_model->rows().isEmpty() ? -2 : -3;
        if (m_detailsShownFor.isEmpty() && m_detailsVersion == emptyState)
            return;
        m_detailsShownFor.clear();
        m_detailsVersion = emptyState;
        m_detailTitle->setText(
            cluster().isEmpty() || m_model->rows().isEmpty()
                ? QString()
                : palette::themed(tr("<span style='color:{{hint}}'>Select a service to see its deployments, tasks "
                                     "and events.</span>")));
        m_overview->setHtml(palette::themed(QStringLiteral("<p style='color:{{hint}}'>%1</p>"))
                                .arg(m_model->rows().isEmpty()
                                         ? tr("A service keeps a number of tasks of one task definition running, "
                                              "replaces the ones that stop and rolls out new revisions through "
                                              "deployments.")
                                         : tr("Select a service.")));
        m_deployments->clear();
        m_events->clear();
        m_taskModel->setService(cluster(), {});
        m_deploymentView->setService(cluster(), {});
        m_tabs->setEnabled(false);
        return;
    }
    m_tabs->setEnabled(true);
    const bool other = v->name != m_detailsShownFor;
    if (!other && v->version == m_detailsVersion)
        return; // unchanged: keep the reader's place
    if (other) {
        m_events->clear();
        m_taskModel->setService(cluster(), v->name);
        m_deploymentView->setService(cluster(), v->name);
    }
    const int scroll = other ? 0 : m_overview->verticalScrollBar()->value();
    m_detailsShownFor = v->name;
    m_detailsVersion = v->version;

    const QString key = ServiceTableModel::rolloutKey(*v);
    QString title =
        QStringLiteral("<span style='font-size:large; font-weight:600'>%1</span> &nbsp;").arg(v->name.toHtmlEscaped());
    if (v->status != fd::ServiceStatus::Active)
        title +=
            StatusBadgeDelegate::html(fd::toString(v->status), fd::toString(v->status)) + QStringLiteral(" &nbsp;");
    if (!key.isEmpty())
        title += StatusBadgeDelegate::html(key, ServiceTableModel::rolloutText(key));
    title +=
        palette::themed(QStringLiteral(" &nbsp;<span style='color:{{secondary}}'>%1 · %2 · %3 of %4 running</span>"))
            .arg(fd::toString(v->schedulingStrategy), v->taskDefinition().toHtmlEscaped())
            .arg(v->runningCount())
            .arg(v->desiredCount);
    m_detailTitle->setText(title);
    m_overview->setHtml(overviewHtml(*v));
    m_overview->verticalScrollBar()->setValue(scroll);
    updateDeployments(*v);
    updateEvents(*v);
}

void ServicesView::updateDeployments(const fd::Service &v)
{
    // At most 20 history entries plus the live ones: rebuilding is cheaper than matching.
    const QString selected =
        m_deployments->currentItem() ? m_deployments->currentItem()->text(DeploymentIdColumn) : QString();
    const int scroll = m_deployments->verticalScrollBar()->value();
    m_deployments->clear();
    QList<QTreeWidgetItem *> items;
    QTreeWidgetItem *current = nullptr;
    for (const QList<fd::Deployment> *list : {&v.deployments, &v.deploymentHistory}) {
        for (const fd::Deployment &d : *list) {
            auto *item = new QTreeWidgetItem;
            const QString status = fd::toString(d.status);
            const QString rollout = fd::toString(d.rolloutState);
            item->setText(DeploymentIdColumn, d.id);
            item->setText(DeploymentStatusColumn, status);
            item->setData(DeploymentStatusColumn, StatusRole, status);
            item->setText(DeploymentDefinitionColumn, d.taskDefinition());
            item->setText(DeploymentDesiredColumn, QString::number(d.desiredCount));
            item->setText(DeploymentPendingColumn, QString::number(d.pendingCount));
            item->setText(DeploymentRunningColumn, QString::number(d.runningCount));
            item->setText(DeploymentFailedColumn, QString::number(d.failedTasks));
            for (int c :
                 {DeploymentDesiredColumn, DeploymentPendingColumn, DeploymentRunningColumn, DeploymentFailedColumn})
                item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
            if (d.failedTasks > 0)
                item->setForeground(DeploymentFailedColumn, palette::BadBadge.text);
            item->setText(DeploymentRolloutColumn, rollout);
            item->setData(DeploymentRolloutColumn, StatusRole, rollout);
            item->setText(DeploymentCreatedColumn, Formatter::dateTime(d.createdAt));
            // The rollout state reason, too long for a column, on a line of its own below the row
            // with when the deployment last changed: "ECS deployment ecs-svc/… in progress. · updated …".
            QStringList line{d.rolloutStateReason};
            if (!d.rolledBackFrom.isEmpty())
                line << tr("rollback from %1").arg(d.rolledBackFrom);
            line << tr("updated %1").arg(Formatter::dateTime(d.updatedAt));
            if (d.completedAt.isValid())
                line << tr("completed %1").arg(Formatter::dateTime(d.completedAt));
            auto *reason = new QTreeWidgetItem(item, {line.join(QStringLiteral(" · "))});
            reason->setForeground(0, palette::Secondary);
            reason->setToolTip(0, reason->text(0));
            item->setToolTip(DeploymentRolloutColumn, d.rolloutStateReason);
            if (d.status == fd::DeploymentStatus::Inactive)
                for (int c = 0; c < DeploymentColumnCount; ++c)
                    if (c != DeploymentStatusColumn && c != DeploymentRolloutColumn)
                        item->setForeground(c, palette::Muted);
            if (d.id == selected)
                current = item;
            items << item;
        }
    }
    m_deployments->addTopLevelItems(items);
    for (QTreeWidgetItem *item : std::as_const(items)) {
        item->setExpanded(true);
        item->child(0)->setFirstColumnSpanned(true);
    }
    if (current)
        m_deployments->setCurrentItem(current);
    m_deployments->verticalScrollBar()->setValue(scroll);
}

void ServicesView::updateEvents(const fd::Service &v)
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

QString ServicesView::overviewHtml(const fd::Service &v) const
{
    const auto esc = [](const QString &s) { return s.toHtmlEscaped(); };
    const auto row = [](const QString &label, const QString &value) {
        return palette::themed(
                   QStringLiteral(
                       "<tr><td style='color:{{secondary}}; padding-right:14px' valign='top'>%1</td><td>%2</td></tr>"))
            .arg(label, value);
    };
    QString h;
    h += QStringLiteral("<table cellspacing='0' cellpadding='3' width='100%'><tr><td valign='top' width='50%'>");

    // Left: what runs.
    h += tr("<b>Tasks</b>");
    h += QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    h += row(tr("Desired"), QString::number(v.desiredCount));
    h += row(tr("Running"),
             v.runningCount() < v.desiredCount
                 ? palette::themed(QStringLiteral("<span style='color:{{waiting}}'>%1</span>")).arg(v.runningCount())
                 : QString::number(v.runningCount()));
    h += row(tr("Pending"), QString::number(v.pendingCount()));
    h += row(tr("Status"), StatusBadgeDelegate::html(fd::toString(v.status), fd::toString(v.status)));
    h += row(tr("Scheduling strategy"),
             v.schedulingStrategy == services::SchedulingStrategy::Daemon
                 ? palette::themed(
                       tr("DAEMON <span style='color:{{secondary}}'>(one task on each container instance)</span>"))
                 : tr("REPLICA"));
    h += row(tr("Task definition"), esc(v.taskDefinition()));
    h += row(tr("Created"), tr("%1 by %2").arg(Formatter::dateTime(v.createdAt), esc(v.createdBy)));
    h += QStringLiteral("</table>");

    // Placement.
    h += tr("<p style='margin-top:10px'><b>Placement</b></p>");
    h += QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    const QString strategies = placementText(fd::scheduler::toJsonText(v.placementStrategy), true);
    const QString constraints = placementText(fd::scheduler::toJsonText(v.placementConstraints), false);
    h += row(tr("Strategy"),
             strategies.isEmpty()
                 ? (v.schedulingStrategy == services::SchedulingStrategy::Daemon
                        ? tr("one per instance")
                        : palette::themed(tr("spread(attribute:ecs.availability-zone), spread(instanceId) "
                                             "<span style='color:{{secondary}}'>(default)</span>")))
                 : esc(strategies));
    h += row(tr("Constraints"), constraints.isEmpty() ? Formatter::none() : esc(constraints));
    h += QStringLiteral("</table>");

    h += QStringLiteral("</td><td valign='top' width='50%'>");

    // Right: how it deploys.
    const services::DeploymentBounds b = services::resolveBounds(v.desiredCount, v.percents);
    h += tr("<b>Deployment configuration</b>");
    h += QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    h += row(tr("minimumHealthyPercent"), QStringLiteral("%1%").arg(v.percents.minimumHealthyPercent));
    h += row(tr("maximumPercent"), QStringLiteral("%1%").arg(v.percents.maximumPercent));
    // Desired 4 at 100/200: ceil(4 × 100 / 100) = 4 healthy, floor(4 × 200 / 100) = 8 running.
    h += row(tr("Bounds"),
             tr("at least <b>%1</b> healthy, at most <b>%2</b> running").arg(b.minimumHealthy).arg(b.maximum));
    if (!services::canMove(b, v.desiredCount))
        h += row(QString(), palette::themed(QStringLiteral("<span style='color:{{badBadgeText}}'>%1</span>"))
                                .arg(esc(services::cannotMoveReason(b, v.desiredCount))));
    const int threshold = services::circuitBreakerThreshold(v.desiredCount);
    h += row(tr("Circuit breaker"), v.circuitBreaker.enable
                                        ? tr("on, %1 · trips after %n failed task(s)", nullptr, threshold)
                                              .arg(v.circuitBreaker.rollback ? tr("rolls back") : tr("no rollback"))
                                        : tr("off"));
    h += row(tr("Health check grace period"), v.healthCheckGracePeriodSeconds > 0
                                                  ? tr("%n s", nullptr, v.healthCheckGracePeriodSeconds)
                                                  : tr("none (0 s)"));
    h += QStringLiteral("</table>");

    if (const fd::Deployment *p = v.primary()) {
        h += tr("<p style='margin-top:10px'><b>Rollout</b></p>");
        h += QStringLiteral("<p style='margin-top:0'>%1 &nbsp;%2</p>")
                 .arg(StatusBadgeDelegate::html(fd::toString(p->rolloutState), fd::toString(p->rolloutState)),
                      esc(p->rolloutStateReason));
    }
    h += QStringLiteral("</td></tr></table>");
    return h;
}

QString ServicesView::pageKey() const
{
    return pages::Services;
}

QString ServicesView::title() const
{
    return tr("Services");
}

QString ServicesView::toolTip(const QString &key) const
{
    return tr("The services of %1: desired counts, deployments, events; create, update, delete").arg(key);
}

void ServicesView::showKey(const QString &key)
{
    setCluster(key);
}

bool ServicesView::selectItem(const QString &item)
{
    return selectService(item);
}

} // namespace fd::ui
