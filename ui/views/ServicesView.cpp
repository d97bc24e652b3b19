#include "ServicesView.h"

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "ops/Services.h"
#include "PageKeys.h"
#include "Palette.h"
#include "models/ItemRoles.h"
#include "models/ServiceTableModel.h"
#include "services/DeploymentMath.h"
#include "views/ServiceDetailPane.h"
#include "views/ServiceScalingTab.h"
#include "views/TableStyle.h"
#include "widgets/StatusBadgeDelegate.h"
#include "wizards/ServiceDialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace fd::ui {

ServicesView::ServicesView(ConsoleContext &context, QWidget *parent)
    : Page(context, parent), m_cp(context.controlPlane()), m_model(new ServiceTableModel(m_cp, this)),
      m_proxy(new QSortFilterProxyModel(this)), m_title(new QLabel(this)), m_summary(new QLabel(this)),
      m_filterEdit(new QLineEdit(this)), m_table(new QTableView(this)),
      m_createButton(new QPushButton(tr("Create service…"), this)),
      m_updateButton(new QPushButton(tr("Update…"), this)),
      m_forceButton(new QPushButton(tr("Force new deployment"), this)),
      m_deleteButton(new QPushButton(tr("Delete…"), this)), m_detail(new ServiceDetailPane(m_cp, this))
{
    setObjectName(QStringLiteral("servicesView"));
    m_detail->setTraffic(&context.traffic());
    m_detail->scalingTab()->setEndpoint(context.apiEndpoint());
    connect(&context, &ConsoleContext::apiEndpointChanged, m_detail->scalingTab(), &ServiceScalingTab::setEndpoint);
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

    m_table->setObjectName(QStringLiteral("serviceTable"));
    m_table->setModel(m_proxy);
    tables::styleEntityTable(m_table);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ServiceTableModel::NameColumn, Qt::AscendingOrder);
    m_table->setItemDelegateForColumn(ServiceTableModel::RolloutColumn, new StatusBadgeDelegate(this));
    {
        QHeaderView *h = m_table->horizontalHeader();
        tables::fitColumn(h, m_model, ServiceTableModel::NameColumn, QStringLiteral("edges-bookstore"));
        tables::fitColumn(h, m_model, ServiceTableModel::StatusColumn, QStringLiteral("DRAINING"));
        tables::fitColumn(h, m_model, ServiceTableModel::StrategyColumn, QStringLiteral("REPLICA"));
        tables::fitColumn(h, m_model, ServiceTableModel::DefinitionColumn, QStringLiteral("edges-bookstore:1"));
        tables::fitColumn(h, m_model, ServiceTableModel::DesiredColumn, QStringLiteral("100"));
        tables::fitColumn(h, m_model, ServiceTableModel::RunningColumn, QStringLiteral("100"));
        tables::fitColumn(h, m_model, ServiceTableModel::PendingColumn, QStringLiteral("100"));
        tables::fitColumn(h, m_model, ServiceTableModel::DeploymentsColumn,
                          QStringLiteral("rolling: 2 of 4 new · 2 old"));
        QFont bold = font();
        bold.setBold(true);
        h->resizeSection(ServiceTableModel::RolloutColumn,
                         QFontMetrics(bold).horizontalAdvance(QStringLiteral("Rolling back")) + 2 * 7 + 16);
    }

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

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("servicesSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(tablePane);
    splitter->addWidget(m_detail);
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
    connect(m_detail, &ServiceDetailPane::taskActivated, this,
            [this](const QString &taskId) { emit taskActivated(cluster(), taskId); });

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
        m_detail->forget();
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
    return m_detail->showTab(objectName);
}

ServiceTaskTableModel *ServicesView::taskModel() const
{
    return m_detail->taskModel();
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
    dialog.setEndpoint(context().apiEndpoint());
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
    dialog.setEndpoint(context().apiEndpoint());
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
    m_detail->showService(cluster(), currentService(), m_model->rows().isEmpty());
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
