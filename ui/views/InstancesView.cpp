#include "InstancesView.h"

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "PageKeys.h"
#include "model/Arn.h"
#include "models/ContainerInstanceTableModel.h"
#include "models/ItemRoles.h"
#include "state/Kinds.h"
#include "views/EnginesView.h"
#include "views/InstanceAttributesPanel.h"
#include "views/ResourceTags.h"
#include "widgets/StatusDot.h"
#include "widgets/TagsEditor.h"
#include "wizards/AddInstancesDialog.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

constexpr int kMaxErrorsListed = 10;

} // namespace

InstancesView::InstancesView(ConsoleContext &context, QWidget *parent)
    : Page(context, parent), m_cp(context.controlPlane()), m_model(new ContainerInstanceTableModel(m_cp, this)),
      m_proxy(new QSortFilterProxyModel(this)), m_title(new QLabel(this)), m_summary(new QLabel(this)),
      m_filterEdit(new QLineEdit(this)), m_table(new QTableView(this)),
      m_addButton(new QPushButton(tr("Add instances…"), this)), m_drainButton(new QPushButton(tr("Drain"), this)),
      m_activateButton(new QPushButton(tr("Activate"), this)),
      m_deregisterButton(new QPushButton(tr("Deregister…"), this)),
      m_attributes(new InstanceAttributesPanel(m_cp, this)), m_detailTabs(new QTabWidget(this)),
      m_tagsEditor(new TagsEditor(this)),
      m_tags(new ResourceTags(m_cp, m_tagsEditor, fd::state::kInstanceKind, Change::ContainerInstances, this))
{
    setObjectName(QStringLiteral("instancesView"));

    m_title->setObjectName(QStringLiteral("instancesTitle"));
    m_title->setTextFormat(Qt::RichText);
    m_summary->setObjectName(QStringLiteral("instancesSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_addButton->setObjectName(QStringLiteral("addInstancesButton"));
    m_addButton->setToolTip(tr("Register container instances in this cluster on an engine"));
    m_drainButton->setObjectName(QStringLiteral("drainButton"));
    m_drainButton->setToolTip(tr("Set the selected instances to DRAINING: no new tasks are placed on them, and "
                                 "service tasks are replaced elsewhere"));
    m_activateButton->setObjectName(QStringLiteral("activateButton"));
    m_activateButton->setToolTip(tr("Set the selected DRAINING instances back to ACTIVE"));
    m_deregisterButton->setObjectName(QStringLiteral("deregisterInstanceButton"));
    m_deregisterButton->setToolTip(tr("Remove the selected instances from the cluster (they become INACTIVE)"));
    m_filterEdit->setObjectName(QStringLiteral("instanceFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter instances…"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMaximumWidth(260);

    m_proxy->setObjectName(QStringLiteral("instanceProxy"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RawValueRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);

    m_table->setObjectName(QStringLiteral("instanceTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ContainerInstanceTableModel::ZoneColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    // Fixed row heights and sized (not fitted) columns: with 10,000 rows, ResizeToContents would
    // measure every cell on every change.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    const QFontMetrics fm = m_table->fontMetrics();
    const auto fit = [&](int column, const QString &sample, int extra = 0) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column,
                              std::max(fm.horizontalAdvance(sample), fm.horizontalAdvance(title) + 16) + 16 + extra);
    };
    fit(ContainerInstanceTableModel::Ec2InstanceColumn, QStringLiteral("i-0123456789abcdef0"));
    fit(ContainerInstanceTableModel::ZoneColumn, QStringLiteral("us-east-1a"));
    fit(ContainerInstanceTableModel::TypeColumn, QStringLiteral("m5.2xlarge"));
    fit(ContainerInstanceTableModel::AddressColumn, QStringLiteral("127.255.255.254"));
    fit(ContainerInstanceTableModel::StatusColumn, QStringLiteral("DRAINING"));
    fit(ContainerInstanceTableModel::AgentColumn, QStringLiteral("Disconnected"), 16);
    fit(ContainerInstanceTableModel::CpuColumn, QStringLiteral("8192 of 8192"));
    fit(ContainerInstanceTableModel::MemoryColumn, QStringLiteral("32768 of 32768 MiB"));
    fit(ContainerInstanceTableModel::RunningTasksColumn, QStringLiteral("999"));
    fit(ContainerInstanceTableModel::EngineColumn, QStringLiteral("simulated"));
    header->setStretchLastSection(true);

    auto *top = new QHBoxLayout;
    top->addWidget(m_title);
    top->addStretch();
    top->addWidget(m_addButton);
    top->addWidget(m_drainButton);
    top->addWidget(m_activateButton);
    top->addWidget(m_deregisterButton);

    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_summary, 1);
    filterRow->addWidget(m_filterEdit);

    auto *tablePane = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tablePane);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addLayout(filterRow);
    tableLayout->addWidget(m_table, 1);

    // The table gets the full width: ten columns need it.
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("instancesSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(tablePane);
    m_tagsEditor->setObjectName(QStringLiteral("instanceTagsTab"));
    m_detailTabs->setObjectName(QStringLiteral("instanceDetailTabs"));
    m_detailTabs->setDocumentMode(true);
    m_detailTabs->addTab(m_attributes, tr("Attributes"));
    m_detailTabs->addTab(m_tagsEditor, tr("Tags"));
    m_tags->setTab(m_detailTabs, m_tagsEditor);
    splitter->addWidget(m_detailTabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    // Tall enough for the attribute editor beside the list (name, value, Set, the hint) unsqueezed.
    m_detailTabs->setMinimumHeight(230);
    splitter->setSizes({260, 240});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    m_updateTimer.setSingleShot(true);
    m_updateTimer.setInterval(0);
    connect(&m_updateTimer, &QTimer::timeout, this, [this] {
        updateSummary();
        updateActions();
        updateAttributes();
    });
    const auto scheduleUpdate = [this] { m_updateTimer.start(); };

    connect(m_addButton, &QPushButton::clicked, this, &InstancesView::addInstances);
    connect(m_drainButton, &QPushButton::clicked, this, &InstancesView::drainSelected);
    connect(m_activateButton, &QPushButton::clicked, this, &InstancesView::activateSelected);
    connect(m_deregisterButton, &QPushButton::clicked, this, &InstancesView::deregisterSelected);
    connect(m_attributes, &InstanceAttributesPanel::attributesChanged, this, [this] {
        m_model->refresh();
        updateAttributes();
    });
    connect(m_filterEdit, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_filterEdit, &QLineEdit::textChanged, this, scheduleUpdate);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        updateAttributes();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, scheduleUpdate);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, scheduleUpdate);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, scheduleUpdate);
    // A bulk refresh is a reset (KeyedTableModel::kResetThreshold): keep what was selected.
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
            [this] { m_selectionBeforeReset = selectedInstanceIds(); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this, scheduleUpdate] {
        QItemSelection selection;
        for (const QString &id : std::exchange(m_selectionBeforeReset, {})) {
            const int row = m_model->rowOf(id);
            if (row >= 0) {
                const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
                selection.select(index, index);
            }
        }
        if (!selection.isEmpty())
            m_table->selectionModel()->select(selection,
                                              QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        scheduleUpdate();
    });

    setCluster({});
}

void InstancesView::setCluster(const QString &cluster)
{
    m_model->setCluster(cluster);
    m_title->setText(cluster.isEmpty()
                         ? tr("<h2>Container instances</h2>")
                         : tr("<h2>Container instances <span style='font-weight:normal'>of %1</span></h2>")
                               .arg(cluster.toHtmlEscaped()));
    updateSummary();
    updateActions();
    updateAttributes();
}

QString InstancesView::cluster() const
{
    return m_model->cluster();
}

QStringList InstancesView::selectedInstanceIds() const
{
    QStringList ids;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        ids << index.data(KeyRole).toString();
    return ids;
}

bool InstancesView::selectInstance(const QString &idOrEc2Id)
{
    m_model->refresh(); // an instance registered a moment ago may not be in the table yet
    int row = m_model->rowOf(idOrEc2Id);
    for (int i = 0; row < 0 && i < m_model->rowCount(); ++i)
        if (m_model->rows()[i].ec2InstanceId == idOrEc2Id)
            row = i;
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false; // filtered out
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

std::optional<fd::ContainerInstance> InstancesView::currentInstance() const
{
    const QStringList ids = selectedInstanceIds();
    if (ids.size() != 1)
        return std::nullopt;
    return m_model->instanceAt(m_model->rowOf(ids.front()));
}

void InstancesView::addInstances()
{
    const QString clusterName = cluster();
    if (clusterName.isEmpty())
        return;
    AddInstancesDialog dialog(clusterName, m_cp.engines().list(), m_cp.instances().availabilityZones(), this);
    QStringList registered;
    dialog.setSubmitter([this, &registered](const AddInstancesDialog::Request &request) -> std::optional<fd::Error> {
        const Result<QList<fd::ContainerInstance>> r = m_cp.instances().registerNew(request);
        if (!r)
            return r.error();
        for (const fd::ContainerInstance &ci : r.value())
            registered << ci.id;
        return std::nullopt;
    });
    connect(&dialog, &AddInstancesDialog::addEngineRequested, this, [this, &dialog] {
        if (const std::optional<fd::Engine> added = EnginesView::addEngineInteractively(m_cp, &dialog))
            dialog.setEngines(m_cp.engines().list(), added->id);
    });
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_model->refresh();
    if (registered.size() == 1)
        selectInstance(registered.front());
}

void InstancesView::drainSelected()
{
    setSelectedStatus(true);
}

void InstancesView::activateSelected()
{
    setSelectedStatus(false);
}

void InstancesView::setSelectedStatus(bool drain)
{
    const fd::InstanceStatus from = drain ? fd::InstanceStatus::Active : fd::InstanceStatus::Draining;
    const fd::InstanceStatus to = drain ? fd::InstanceStatus::Draining : fd::InstanceStatus::Active;
    // Only the selected instances the action applies to (Drain: the ACTIVE ones).
    QList<fd::ContainerInstance> targets;
    for (const QString &id : selectedInstanceIds()) {
        const std::optional<fd::ContainerInstance> ci = m_model->instanceAt(m_model->rowOf(id));
        if (ci && ci->status == from)
            targets << *ci;
    }
    if (targets.isEmpty())
        return;
    // One instance is changed at once (and undone as easily); several get one confirmation that
    // says how many, so a stray Ctrl+A does not drain a whole cluster.
    if (targets.size() > 1) {
        const int n = int(targets.size());
        QMessageBox confirm(QMessageBox::Question,
                            drain ? tr("Drain container instances") : tr("Activate container instances"),
                            drain ? tr("Drain %n container instance(s) of cluster %1?", nullptr, n).arg(cluster())
                                  : tr("Activate %n container instance(s) of cluster %1?", nullptr, n).arg(cluster()),
                            QMessageBox::Cancel, this);
        confirm.setObjectName(QStringLiteral("confirmInstanceState"));
        confirm.setInformativeText(drain ? tr("DRAINING instances get no new tasks; their service tasks are replaced "
                                              "on ACTIVE instances.")
                                         : tr("ACTIVE instances take new tasks again."));
        QPushButton *apply = confirm.addButton(drain ? tr("Drain %n", nullptr, n) : tr("Activate %n", nullptr, n),
                                               QMessageBox::AcceptRole);
        apply->setObjectName(QStringLiteral("confirmButton"));
        confirm.setDefaultButton(apply);
        confirm.exec();
        if (confirm.clickedButton() != apply)
            return;
    }
    QStringList errors;
    for (const fd::ContainerInstance &ci : std::as_const(targets)) {
        const Result<fd::ContainerInstance> r = m_cp.instances().setState(cluster(), ci.id, to);
        if (!r)
            errors << QStringLiteral("%1: %2").arg(ci.ec2InstanceId, r.error().message);
    }
    m_model->refresh();
    showActionErrors(drain ? tr("Drain") : tr("Activate"), errors);
}

void InstancesView::deregisterSelected()
{
    const QStringList ids = selectedInstanceIds();
    if (ids.isEmpty())
        return;
    const std::optional<fd::ContainerInstance> first = m_model->instanceAt(m_model->rowOf(ids.front()));
    const QString what = ids.size() == 1 && first ? tr("container instance %1").arg(first->ec2InstanceId)
                                                  : tr("%n container instance(s)", nullptr, int(ids.size()));
    QMessageBox confirm(QMessageBox::Question, tr("Deregister container instances"),
                        tr("Deregister %1 from cluster %2?").arg(what, cluster()), QMessageBox::Cancel, this);
    confirm.setObjectName(QStringLiteral("confirmDeregister"));
    confirm.setInformativeText(tr("A deregistered instance becomes INACTIVE and leaves the cluster; its address "
                                  "and capacity are released. ECS refuses while an instance still runs tasks, "
                                  "unless forced: forced, its tasks keep running but are no longer managed."));
    auto *force = new QCheckBox(tr("&Force: deregister even while tasks run"), &confirm);
    force->setObjectName(QStringLiteral("forceDeregisterCheck"));
    confirm.setCheckBox(force);
    QPushButton *deregister = confirm.addButton(tr("Deregister"), QMessageBox::DestructiveRole);
    deregister->setObjectName(QStringLiteral("confirmButton"));
    confirm.setDefaultButton(QMessageBox::Cancel);
    confirm.exec();
    if (confirm.clickedButton() != deregister)
        return;

    QStringList errors;
    for (const QString &id : ids) {
        const Result<fd::ContainerInstance> r = m_cp.instances().deregister(cluster(), id, force->isChecked());
        if (!r) {
            const std::optional<fd::ContainerInstance> ci = m_model->instanceAt(m_model->rowOf(id));
            errors << QStringLiteral("%1: %2").arg(ci ? ci->ec2InstanceId : id, r.error().message);
        }
    }
    m_model->refresh();
    showActionErrors(tr("Deregister"), errors);
}

void InstancesView::showActionErrors(const QString &title, const QStringList &errors)
{
    if (errors.isEmpty())
        return;
    QMessageBox box(QMessageBox::Warning, title,
                    tr("%n container instance(s) were not changed.", nullptr, int(errors.size())), QMessageBox::Ok,
                    this);
    box.setObjectName(QStringLiteral("instanceActionError"));
    QStringList shown = errors.mid(0, kMaxErrorsListed);
    if (errors.size() > kMaxErrorsListed)
        shown << tr("… and %n more", nullptr, int(errors.size() - kMaxErrorsListed));
    box.setInformativeText(shown.join(u'\n'));
    box.exec();
}

void InstancesView::updateActions()
{
    const QStringList ids = selectedInstanceIds();
    bool anyActive = false;
    bool anyDraining = false;
    for (const QString &id : ids) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const fd::InstanceStatus s = m_model->rows()[row].status;
        anyActive |= s == fd::InstanceStatus::Active;
        anyDraining |= s == fd::InstanceStatus::Draining;
    }
    m_addButton->setEnabled(!cluster().isEmpty());
    m_drainButton->setEnabled(anyActive);
    m_activateButton->setEnabled(anyDraining);
    m_deregisterButton->setEnabled(!ids.isEmpty());
}

void InstancesView::updateSummary()
{
    if (cluster().isEmpty()) {
        m_summary->setText(tr("Select a cluster in the navigation to see its container instances."));
        return;
    }
    const QList<fd::ContainerInstance> &rows = m_model->rows();
    if (rows.isEmpty()) {
        m_summary->setText(tr("No container instances in %1 yet. <b>Add instances…</b> registers some on an "
                              "engine; tasks are placed on them.")
                               .arg(cluster().toHtmlEscaped()));
        return;
    }
    int draining = 0;
    int connected = 0;
    int running = 0;
    for (const fd::ContainerInstance &ci : rows) {
        draining += ci.status == fd::InstanceStatus::Draining;
        connected += ci.agentConnected;
        running += ci.runningTasksCount;
    }
    const QLocale locale;
    const int total = int(rows.size());
    QString text = tr("<b>%1</b> instance(s): %2 ACTIVE, %3 DRAINING")
                       .arg(locale.toString(total), locale.toString(total - draining), locale.toString(draining));
    text += QStringLiteral(" &nbsp;·&nbsp; ");
    text += connected == total
                ? tr("%1 agent connected on all").arg(StatusDot::html(true))
                : tr("%1 agent disconnected on %2").arg(StatusDot::html(false), locale.toString(total - connected));
    text += QStringLiteral(" &nbsp;·&nbsp; ") + tr("%1 running task(s)").arg(locale.toString(running));
    if (m_proxy->rowCount() != total)
        text += QStringLiteral(" &nbsp;·&nbsp; ") + tr("%1 shown").arg(locale.toString(m_proxy->rowCount()));
    m_summary->setText(text);
}

void InstancesView::updateAttributes()
{
    const std::optional<fd::ContainerInstance> ci = currentInstance();
    m_tags->show(ci ? ci->id : QString(),
                 ci ? fd::arn::containerInstance(m_cp.defaultRegion(), ci->cluster, ci->id) : QString());
    m_attributes->showInstance(ci, int(selectedInstanceIds().size()));
}

QString InstancesView::pageKey() const
{
    return pages::Instances;
}

QString InstancesView::title() const
{
    return tr("Container instances");
}

QString InstancesView::toolTip(const QString &key) const
{
    return tr("The container instances of %1").arg(key);
}

void InstancesView::showKey(const QString &key)
{
    setCluster(key);
}

bool InstancesView::selectItem(const QString &item)
{
    return selectInstance(item);
}

} // namespace fd::ui
