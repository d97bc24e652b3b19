#include "ClustersView.h"

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "ops/Clusters.h"
#include "Formatter.h"
#include "PageKeys.h"
#include "model/Arn.h"
#include "models/ClusterTableModel.h"
#include "models/ItemRoles.h"
#include "state/Kinds.h"
#include "views/MetricsPanel.h"
#include "views/ResourceTags.h"
#include "widgets/TagsEditor.h"
#include "wizards/CreateClusterDialog.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace fd::ui {

ClustersView::ClustersView(ConsoleContext &context, QWidget *parent)
    : Page(context, parent), m_cp(context.controlPlane()), m_model(new ClusterTableModel(m_cp, this)),
      m_proxy(new QSortFilterProxyModel(this)), m_table(new QTableView(this)),
      m_createButton(new QPushButton(tr("Create cluster…"), this)), m_deleteButton(new QPushButton(tr("Delete"), this)),
      m_details(new QLabel(this)), m_detailTabs(new QTabWidget(this)), m_metrics(new MetricsPanel(m_cp, this)),
      m_tagsEditor(new TagsEditor(this)),
      m_tags(new ResourceTags(m_cp, m_tagsEditor, fd::state::kClusterKind, Change::Clusters, this))
{
    setObjectName(QStringLiteral("clustersView"));

    auto *title = new QLabel(tr("<h2>Clusters</h2>"), this);
    m_createButton->setObjectName(QStringLiteral("createClusterButton"));
    m_deleteButton->setObjectName(QStringLiteral("deleteClusterButton"));
    m_deleteButton->setToolTip(tr("Delete the selected cluster. ECS refuses while it still has container "
                                  "instances, services or tasks."));

    m_proxy->setObjectName(QStringLiteral("clusterProxy"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RawValueRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);

    m_table->setObjectName(QStringLiteral("clusterTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ClusterTableModel::NameColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    // An ARN too long for its column keeps its end, the cluster's name: "arn:aws:ecs:…:cluster/workshop".
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setHighlightSections(false);
    // Short columns fit their content; the ARN takes what is left (names are up to 255 long,
    // so the name column is sized, not fitted).
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ClusterTableModel::NameColumn, QHeaderView::Interactive);
    header->resizeSection(ClusterTableModel::NameColumn, 160);
    header->setSectionResizeMode(ClusterTableModel::ArnColumn, QHeaderView::Stretch);
    header->setStretchLastSection(false);

    auto *detailsGroup = new QGroupBox(tr("Cluster details"), this);
    detailsGroup->setObjectName(QStringLiteral("clusterDetailsGroup"));
    m_details->setObjectName(QStringLiteral("clusterDetails"));
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setWordWrap(true);
    m_tagsEditor->setObjectName(QStringLiteral("clusterTags"));
    auto *tagsGroup = new QGroupBox(tr("Tags"), this);
    tagsGroup->setObjectName(QStringLiteral("clusterTagsGroup"));
    (new QVBoxLayout(tagsGroup))->addWidget(m_tagsEditor);
    auto *detailsLayout = new QHBoxLayout(detailsGroup);
    detailsLayout->addWidget(m_details, 3);
    detailsLayout->addWidget(tagsGroup, 2);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(title);
    buttons->addStretch();
    buttons->addWidget(m_createButton);
    buttons->addWidget(m_deleteButton);

    // Details and tags, or the cluster's metric charts (utilization and reservation).
    m_detailTabs->setObjectName(QStringLiteral("clusterDetailTabs"));
    m_detailTabs->setDocumentMode(true);
    m_detailTabs->addTab(detailsGroup, tr("Details"));
    m_metrics->setObjectName(QStringLiteral("clusterMetricsTab"));
    const int metrics = m_detailTabs->addTab(m_metrics, tr("Metrics"));
    m_detailTabs->setTabToolTip(metrics, tr("CPU and memory utilization and reservation (AWS/ECS) of the cluster"));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 2);
    layout->addWidget(m_detailTabs, 3);

    connect(m_createButton, &QPushButton::clicked, this, &ClustersView::createCluster);
    connect(m_deleteButton, &QPushButton::clicked, this, &ClustersView::deleteSelectedCluster);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateDetails();
        emit clusterSelected(selectedCluster());
    });
    // Counts change under a selected row without the selection changing.
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ClustersView::updateDetails);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ClustersView::updateDetails);
    updateDetails();
    connect(this, &ClustersView::clusterSelected, this, &Page::keySelected);
}

QString ClustersView::selectedCluster() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return {};
    return rows.front().data(KeyRole).toString();
}

void ClustersView::selectCluster(const QString &name)
{
    m_model->refresh(); // a cluster created a moment ago may not be in the table yet
    const int row = m_model->rowOf(name);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

void ClustersView::createCluster()
{
    CreateClusterDialog dialog(this);
    while (dialog.exec() == QDialog::Accepted) {
        const Result<fd::Cluster> created = m_cp.clusters().create(dialog.name());
        if (created) {
            selectCluster(created->name);
            return;
        }
        QMessageBox::warning(this, tr("Create cluster"), created.error().message);
    }
}

void ClustersView::deleteSelectedCluster()
{
    const QString name = selectedCluster();
    if (name.isEmpty())
        return;
    QMessageBox confirm(QMessageBox::Question, tr("Delete cluster"), tr("Delete cluster \"%1\"?").arg(name),
                        QMessageBox::Cancel, this);
    confirm.setObjectName(QStringLiteral("confirmDeleteCluster"));
    confirm.setInformativeText(tr("The cluster becomes INACTIVE. It can be created again under the same name."));
    QPushButton *deleteButton = confirm.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    deleteButton->setObjectName(QStringLiteral("confirmButton"));
    confirm.setDefaultButton(QMessageBox::Cancel);
    confirm.exec();
    if (confirm.clickedButton() != deleteButton)
        return;

    const Result<fd::Cluster> deleted = m_cp.clusters().remove(name);
    if (!deleted) {
        QMessageBox error(QMessageBox::Warning, tr("Delete cluster"), tr("Cluster \"%1\" was not deleted.").arg(name),
                          QMessageBox::Ok, this);
        error.setObjectName(QStringLiteral("deleteClusterError"));
        error.setInformativeText(deleted.error().message);
        error.exec();
        return;
    }
    m_model->refresh();
}

void ClustersView::resizeEvent(QResizeEvent *event)
{
    Page::resizeEvent(event);
    // On a narrow window the capacity providers (also in the details below) give their room to the ARN.
    m_table->horizontalHeader()->setSectionHidden(ClusterTableModel::CapacityProvidersColumn, width() < 1300);
}

void ClustersView::updateDetails()
{
    const QString name = selectedCluster();
    m_deleteButton->setEnabled(!name.isEmpty());
    const std::optional<fd::Cluster> c = m_model->clusterAt(m_model->rowOf(name));
    m_tags->show(c ? c->name : QString(), c ? fd::arn::cluster(m_cp.defaultRegion(), c->name) : QString());
    m_metrics->setCharts(c ? MetricsPanel::clusterCharts(c->name) : QList<MetricChartSpec>{});
    if (!c) {
        m_details->setText(m_model->rowCount() == 0
                               ? tr("No clusters yet. <b>Create cluster…</b> makes one; a cluster is a name "
                                    "that groups container instances, services and tasks.")
                               : tr("Select a cluster to see its details."));
        return;
    }
    const auto row = [](const QString &label, const QString &value) {
        return QStringLiteral("<tr><td style='padding-right:16px'><b>%1</b></td><td>%2</td></tr>")
            .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QString html = QStringLiteral("<table>");
    html += row(tr("Name"), c->name);
    html += row(tr("ARN"), fd::arn::cluster(m_cp.defaultRegion(), c->name));
    html += row(tr("Status"), c->status);
    html += row(tr("Created"), Formatter::dateTime(c->createdAt));
    html += row(tr("Registered container instances"), QString::number(c->registeredContainerInstancesCount));
    html += row(tr("Tasks"), tr("%1 running, %2 pending").arg(c->runningTasksCount).arg(c->pendingTasksCount));
    html += row(tr("Active services"), QString::number(c->activeServicesCount));
    html += row(tr("Container Insights"), c->containerInsights);
    html +=
        row(tr("Capacity providers"), c->capacityProviders.isEmpty() ? tr("none (tasks run on the container instances)")
                                                                     : c->capacityProviders.join(QStringLiteral(", ")));
    if (!c->defaultCapacityProviderStrategy.isEmpty()) {
        QStringList items;
        for (const fd::CapacityProviderStrategyItem &i : c->defaultCapacityProviderStrategy)
            items << (i.base > 0 ? tr("%1: weight %2, base %3").arg(i.capacityProvider).arg(i.weight).arg(i.base)
                                 : tr("%1: weight %2").arg(i.capacityProvider).arg(i.weight));
        html += row(tr("Default strategy"), items.join(QStringLiteral("; ")));
    }
    html += QStringLiteral("</table>");
    m_details->setText(html);
}

QString ClustersView::pageKey() const
{
    return pages::Clusters;
}

QString ClustersView::title() const
{
    return tr("Clusters");
}

QString ClustersView::toolTip(const QString &key) const
{
    Q_UNUSED(key)
    return {};
}

void ClustersView::showKey(const QString &key)
{
    if (!key.isEmpty())
        selectCluster(key);
}

bool ClustersView::selectItem(const QString &item)
{
    selectCluster(item);
    return selectedCluster() == item;
}

} // namespace fd::ui
