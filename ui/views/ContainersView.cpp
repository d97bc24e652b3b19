#include "ContainersView.h"

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "Formatter.h"
#include "LogsView.h"
#include "PageKeys.h"
#include "Palette.h"
#include "controllers/EngineMonitor.h"
#include "controllers/MetricsController.h"
#include "docker/DockerClient.h"
#include "models/ContainerTableModel.h"
#include "views/ContainerUsagePanel.h"
#include "models/ItemRoles.h"

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

ContainersView::ContainersView(ConsoleContext &context, QWidget *parent)
    : Page(context, parent), m_cp(context.controlPlane()), m_model(new ContainerTableModel(m_cp, this)),
      m_proxy(new QSortFilterProxyModel(this)), m_summary(new QLabel(this)), m_message(new QLabel(this)),
      m_filterEdit(new QLineEdit(this)), m_table(new QTableView(this)), m_usage(new ContainerUsagePanel(this)),
      m_logsButton(new QPushButton(tr("Open logs"), this)), m_removeButton(new QPushButton(tr("Remove…"), this))
{
    setObjectName(QStringLiteral("containersView"));

    auto *title = new QLabel(tr("<h2>Containers</h2>"), this);
    m_summary->setObjectName(QStringLiteral("containersSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_message->setObjectName(QStringLiteral("containersMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    m_filterEdit->setObjectName(QStringLiteral("containerFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter containers…"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMaximumWidth(260);
    m_logsButton->setObjectName(QStringLiteral("openContainerLogsButton"));
    m_logsButton->setToolTip(tr("Show the selected container's logs"));
    m_removeButton->setObjectName(QStringLiteral("removeContainerButton"));
    m_removeButton->setToolTip(tr("Remove the selected unmatched container from its engine. Fleetdeck never "
                                  "removes such a container by itself."));

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RawValueRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    // Live values change every second: re-sorting on each would make rows jump under the pointer.
    m_proxy->setDynamicSortFilter(false);

    m_table->setObjectName(QStringLiteral("containerTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ContainerTableModel::NameColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    const QFontMetrics fm = m_table->fontMetrics();
    const auto fit = [&](int column, const QString &sample) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column, std::max(fm.horizontalAdvance(sample), fm.horizontalAdvance(title) + 16) + 16);
    };
    // The live values and whether Fleetdeck claims a container come first; the image last.
    fit(ContainerTableModel::NameColumn, QStringLiteral("ecs-demo-web-3-web-a1b2c3"));
    fit(ContainerTableModel::EngineColumn, QStringLiteral("lab-host"));
    fit(ContainerTableModel::StateColumn, QStringLiteral("running"));
    fit(ContainerTableModel::CpuColumn, QStringLiteral("100.0 %"));
    fit(ContainerTableModel::MemoryColumn, QStringLiteral("1023.9 MiB"));
    QFont bold = m_table->font();
    bold.setBold(true); // unmatched is shown bold
    header->resizeSection(ContainerTableModel::MatchColumn,
                          QFontMetrics(bold).horizontalAdvance(QStringLiteral("unmatched — left as it is")) + 20);
    fit(ContainerTableModel::TaskColumn, QStringLiteral("3f2a9c1b0d4e (demo-web:3)"));
    fit(ContainerTableModel::ClusterColumn, QStringLiteral("production"));
    fit(ContainerTableModel::ImageColumn, QStringLiteral("fleetdeck/demo-web:1"));
    header->setStretchLastSection(true);

    auto *top = new QHBoxLayout;
    top->addWidget(title);
    top->addStretch();
    top->addWidget(m_logsButton);
    top->addWidget(m_removeButton);

    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_summary, 1);
    filterRow->addWidget(m_filterEdit);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(filterRow);
    layout->addWidget(m_message);
    // The table above the selected container's live usage charts.
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("containersSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_table);
    splitter->addWidget(m_usage);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    connect(m_logsButton, &QPushButton::clicked, this, &ContainersView::openLogs);
    connect(m_removeButton, &QPushButton::clicked, this, &ContainersView::removeSelected);
    connect(m_table, &QTableView::doubleClicked, this, &ContainersView::openLogs);
    connect(m_filterEdit, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_filterEdit, &QLineEdit::textChanged, this, &ContainersView::updateSummary);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ContainersView::updateActions);
    const auto listChanged = [this] {
        // Rows come and go rarely (not with each sample): keep the chosen order for them.
        m_proxy->sort(m_table->horizontalHeader()->sortIndicatorSection(),
                      m_table->horizontalHeader()->sortIndicatorOrder());
        updateSummary();
        updateActions();
    };
    connect(m_model, &QAbstractItemModel::rowsInserted, this, listChanged);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, listChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, listChanged);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this, listChanged](const QModelIndex &from, const QModelIndex &to) {
                if (from.column() != ContainerTableModel::CpuColumn || to.column() != ContainerTableModel::MemoryColumn)
                    listChanged(); // a state or match changed, not just the live values
            });
    updateSummary();
    updateActions();
    connect(this, &ContainersView::logsRequested, this, [this](const QString &engineId, const QString &containerId) {
        this->context().navigate(pages::Logs, {}, LogsView::itemKey(engineId, containerId));
    });
    setEngineMonitor(context.engineMonitor());
    connect(&context, &ConsoleContext::engineMonitorChanged, this, &ContainersView::setEngineMonitor);
    setMetricsController(context.metricsController());
    connect(&context, &ConsoleContext::metricsControllerChanged, this, &ContainersView::setMetricsController);
    m_usage->setTeachingClock(context.teachingClock());
    connect(&context, &ConsoleContext::teachingClockChanged, this,
            [this] { m_usage->setTeachingClock(this->context().teachingClock()); });
}

void ContainersView::setEngineMonitor(fd::EngineMonitor *monitor)
{
    m_monitor = monitor;
    updateActions();
}

void ContainersView::setMetricsController(fd::MetricsController *metrics)
{
    m_metrics = metrics;
    m_usage->setMetricsController(metrics);
    m_model->setMetricsController(metrics);
    if (metrics)
        metrics->refreshNow();
    updateSummary();
    updateActions();
}

QStringList ContainersView::selectedContainerIds() const
{
    QStringList ids;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        ids << index.data(KeyRole).toString();
    return ids;
}

bool ContainersView::selectContainer(const QString &id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false;
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

void ContainersView::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? palette::themed(QStringLiteral("color: {{error}};")) : QString());
    m_message->setVisible(!text.isEmpty());
}

void ContainersView::updateSummary()
{
    if (!m_metrics) {
        m_summary->setText(tr("No live view of the engines: this console runs without a metrics controller."));
        return;
    }
    const QList<ContainerRow> &rows = m_model->rows();
    if (rows.isEmpty()) {
        m_summary->setText(tr("No container with Fleetdeck's labels on the connected engines."));
        return;
    }
    int running = 0;
    int unmatched = 0;
    QSet<QString> engines;
    for (const ContainerRow &r : rows) {
        running += r.container.state == u"running";
        unmatched += !r.matched;
        engines.insert(r.container.engineId);
    }
    const QLocale locale;
    QString text =
        tr("<b>%1</b> container(s) on %2 engine(s): %3 running")
            .arg(locale.toString(int(rows.size())), locale.toString(int(engines.size())), locale.toString(running));
    if (unmatched > 0)
        text += palette::themed(QStringLiteral(" &nbsp;·&nbsp; <span style='color:{{waiting}}'>")) +
                tr("%1 unmatched, left as they are").arg(locale.toString(unmatched)) + QStringLiteral("</span>");
    if (m_proxy->rowCount() != rows.size())
        text += QStringLiteral(" &nbsp;·&nbsp; ") + tr("%1 shown").arg(locale.toString(m_proxy->rowCount()));
    m_summary->setText(text);
}

void ContainersView::updateActions()
{
    const QStringList ids = selectedContainerIds();
    const int row = ids.size() == 1 ? m_model->rowOf(ids.front()) : -1;
    m_logsButton->setEnabled(row >= 0);
    if (row >= 0)
        m_usage->setContainer(m_model->rows()[row].container.id, m_model->rows()[row].container.name);
    else if (!m_usage->container().isEmpty())
        m_usage->setContainer({}, {});
    const bool unmatched = row >= 0 && !m_model->rows()[row].matched;
    m_removeButton->setEnabled(unmatched && m_monitor);
    m_removeButton->setToolTip(row >= 0 && !unmatched
                                   ? tr("This container belongs to a task: stop the task instead.")
                                   : tr("Remove the selected unmatched container from its engine. Fleetdeck never "
                                        "removes such a container by itself."));
}

void ContainersView::openLogs()
{
    const QStringList ids = selectedContainerIds();
    const int row = ids.size() == 1 ? m_model->rowOf(ids.front()) : -1;
    if (row < 0)
        return;
    const fd::ManagedContainer &c = m_model->rows()[row].container;
    emit logsRequested(c.engineId, c.id);
}

void ContainersView::removeSelected()
{
    const QStringList ids = selectedContainerIds();
    const int row = ids.size() == 1 ? m_model->rowOf(ids.front()) : -1;
    if (row < 0 || m_model->rows()[row].matched || !m_monitor)
        return;
    const fd::ManagedContainer c = m_model->rows()[row].container;
    QMessageBox confirm(
        QMessageBox::Warning, tr("Remove container"),
        tr("Remove container %1 (%2) from engine %3?").arg(c.name, Formatter::shortId(c.id), c.engineId),
        QMessageBox::Cancel, this);
    confirm.setObjectName(QStringLiteral("confirmRemoveContainer"));
    confirm.setInformativeText(
        tr("It carries Fleetdeck's labels (cluster %1, task %2) but no task Fleetdeck knows claims it, so Fleetdeck "
           "left it as it is. Removing it stops it if it runs and deletes it with its anonymous volumes. This "
           "cannot be undone.")
            .arg(c.labels.value(QStringLiteral("fleetdeck.cluster"), QStringLiteral("?")),
                 c.labels.value(QStringLiteral("fleetdeck.task"), QStringLiteral("?"))));
    QPushButton *remove = confirm.addButton(tr("Remove"), QMessageBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("confirmButton"));
    confirm.setDefaultButton(QMessageBox::Cancel);
    confirm.exec();
    if (confirm.clickedButton() != remove)
        return;

    fd::docker::DockerClient *client = m_monitor ? m_monitor->client(c.engineId) : nullptr;
    if (!client) {
        setMessage(tr("No connection to engine %1: %2 was not removed.").arg(c.engineId, c.name), true);
        return;
    }
    setMessage(tr("Removing %1…").arg(c.name), false);
    client->removeContainer(c.id, true, true).then(this, [this, c](const Result<fd::Ok> &r) {
        if (!r) {
            setMessage(tr("Could not remove %1: %2").arg(c.name, r.error().message), true);
            return;
        }
        setMessage(tr("Removed %1 from %2.").arg(c.name, c.engineId), false);
        if (m_metrics)
            m_metrics->refreshNow();
    });
}

QString ContainersView::pageKey() const
{
    return pages::Containers;
}

QString ContainersView::title() const
{
    return tr("Containers");
}

QString ContainersView::toolTip(const QString &key) const
{
    Q_UNUSED(key)
    return tr("Every container with Fleetdeck's labels on the engines, with live CPU and memory");
}

void ContainersView::showKey(const QString &key)
{
    Q_UNUSED(key)
}

bool ContainersView::selectItem(const QString &item)
{
    return selectContainer(item);
}

} // namespace fd::ui
