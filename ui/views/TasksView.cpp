#include "TasksView.h"

#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "Formatter.h"
#include "LogsView.h"
#include "PageKeys.h"
#include "Palette.h"
#include "model/Arn.h"
#include "Clock.h"
#include "models/ItemRoles.h"
#include "models/SortKeyProxyModel.h"
#include "models/TaskProtectionColumn.h"
#include "models/TaskTableModel.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"
#include "state/Kinds.h"
#include "views/ResourceTags.h"
#include "views/TaskMetricsPane.h"
#include "views/TaskProtectionActions.h"
#include "widgets/ActionErrors.h"
#include "widgets/TagsEditor.h"
#include "wizards/RunTaskDialog.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

QString statusColour(fd::TaskStatus s)
{
    switch (s) {
    case fd::TaskStatus::Running:
        return palette::Ok.name();
    case fd::TaskStatus::Stopped:
        return palette::Muted.name();
    case fd::TaskStatus::Provisioning:
    case fd::TaskStatus::Pending:
    case fd::TaskStatus::Activating:
        return palette::Waiting.name();
    default:
        return palette::Transition.name();
    }
}

QString healthHtml(fd::Health h)
{
    const QString colour = h == fd::Health::Healthy     ? palette::Ok.name()
                           : h == fd::Health::Unhealthy ? palette::Error.name()
                                                        : palette::Muted.name();
    return QStringLiteral("<span style='color:%1'>%2</span>").arg(colour, fd::toString(h));
}

} // namespace

TasksView::TasksView(ConsoleContext &context, QWidget *parent)
    : Page(context, parent), m_cp(context.controlPlane()), m_model(new TaskTableModel(m_cp, this)),
      m_proxy(new SortKeyProxyModel(this)), m_title(new QLabel(this)), m_summary(new QLabel(this)),
      m_statusFilter(new QComboBox(this)), m_filterEdit(new QLineEdit(this)), m_table(new QTableView(this)),
      m_runButton(new QPushButton(tr("Run task…"), this)), m_stopButton(new QPushButton(tr("Stop…"), this)),
      m_logsButton(new QPushButton(tr("Logs"), this)), m_protectButton(new QPushButton(tr("Scale-in protection"), this)),
      m_protection(new TaskProtectionActions(
          m_cp, [this] { return cluster(); }, [this] { return selectedTaskIds(); }, this)),
      m_details(new QTextBrowser(this)), m_detailTabs(new QTabWidget(this)),
      m_metrics(new TaskMetricsPane(m_cp, this)), m_tagsEditor(new TagsEditor(this)),
      m_tags(new ResourceTags(m_cp, m_tagsEditor, fd::state::kTaskKind, Change::Tasks, this)),
      m_openUrl([](const QUrl &url) { QDesktopServices::openUrl(url); })
{
    setObjectName(QStringLiteral("tasksView"));
    m_title->setObjectName(QStringLiteral("tasksTitle"));
    m_title->setTextFormat(Qt::RichText);
    m_summary->setObjectName(QStringLiteral("tasksSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_runButton->setObjectName(QStringLiteral("runTaskButton"));
    m_runButton->setToolTip(tr("Start tasks from a task definition in this cluster"));
    m_stopButton->setObjectName(QStringLiteral("stopTaskButton"));
    m_stopButton->setToolTip(tr("Stop the selected tasks (asks for a reason)"));
    m_logsButton->setObjectName(QStringLiteral("taskLogsButton"));
    m_logsButton->setToolTip(tr("Show the logs of the current task's container"));
    m_protectButton->setObjectName(QStringLiteral("taskProtectionButton"));
    m_protectButton->setToolTip(tr("Protect the selected service tasks from scale-in, or remove their protection"));
    m_protectButton->setMenu(m_protection->menu());
    m_statusFilter->setObjectName(QStringLiteral("taskStatusFilter"));
    m_statusFilter->addItem(tr("Running"), int(TaskTableModel::StatusFilter::Running));
    m_statusFilter->addItem(tr("Stopped"), int(TaskTableModel::StatusFilter::Stopped));
    m_statusFilter->addItem(tr("All"), int(TaskTableModel::StatusFilter::All));
    m_statusFilter->setToolTip(tr("By desired status, as the ECS console: Running includes tasks still starting; "
                                  "Stopped includes tasks being stopped"));
    m_filterEdit->setObjectName(QStringLiteral("taskFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter tasks…"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setMaximumWidth(260);

    m_proxy->setObjectName(QStringLiteral("taskProxy"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RawValueRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);

    m_table->setObjectName(QStringLiteral("taskTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(TaskTableModel::StartedColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setMouseTracking(true);
    m_table->verticalHeader()->setVisible(false);
    // Fixed heights and sized columns: ResizeToContents would measure 10,000 rows on every change.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    const QFontMetrics fm = m_table->fontMetrics();
    const auto fit = [&](int column, const QString &sample) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column, std::max(fm.horizontalAdvance(sample), fm.horizontalAdvance(title) + 16) + 20);
    };
    fit(TaskTableModel::TaskColumn, QStringLiteral("0123abcd0"));
    fit(TaskTableModel::DefinitionColumn, QStringLiteral("edges-bookstore:12"));
    fit(TaskTableModel::LastStatusColumn, QStringLiteral("DEPROVISIONING"));
    fit(TaskTableModel::DesiredStatusColumn, QStringLiteral("RUNNING"));
    fit(TaskTableModel::HealthColumn, QStringLiteral("UNHEALTHY"));
    fit(TaskTableModel::LaunchColumn, QStringLiteral("FARGATE_SPOT"));
    fit(TaskTableModel::ProtectedColumn, QStringLiteral("until 14:05, 1 h 59 min left"));
    fit(TaskTableModel::InstanceColumn, QStringLiteral("i-0123456789abcdef0 (us-east-1a)"));
    fit(TaskTableModel::PortsColumn, QStringLiteral("127.0.0.12:49153→8080"));
    fit(TaskTableModel::StartedColumn, QStringLiteral("2026-01-01 09:30:00"));
    fit(TaskTableModel::StoppedColumn, QStringLiteral("2026-01-01 09:30:00"));
    header->setStretchLastSection(true);
    // A load's new rows arrive in the order shown, so each batch lands in one piece.
    m_model->setLoadOrder(header->sortIndicatorSection(), header->sortIndicatorOrder());
    connect(header, &QHeaderView::sortIndicatorChanged, m_model, &TaskTableModel::setLoadOrder);

    m_details->setObjectName(QStringLiteral("taskDetails"));
    m_details->setOpenLinks(false);
    m_details->setMinimumHeight(160);
    m_tagsEditor->setObjectName(QStringLiteral("taskTagsTab"));
    m_detailTabs->setObjectName(QStringLiteral("taskDetailTabs"));
    m_detailTabs->setDocumentMode(true);
    m_detailTabs->addTab(m_details, tr("Details"));
    m_detailTabs->addTab(m_metrics, tr("Metrics"));
    m_detailTabs->addTab(m_tagsEditor, tr("Tags"));
    m_tags->setTab(m_detailTabs, m_tagsEditor);

    auto *top = new QHBoxLayout;
    top->addWidget(m_title);
    top->addStretch();
    top->addWidget(m_runButton);
    top->addWidget(m_stopButton);
    top->addWidget(m_logsButton);
    top->addWidget(m_protectButton);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_summary, 1);
    filterRow->addWidget(new QLabel(tr("Desired status:"), this));
    filterRow->addWidget(m_statusFilter);
    filterRow->addWidget(m_filterEdit);

    auto *tablePane = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tablePane);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addLayout(filterRow);
    tableLayout->addWidget(m_table, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("tasksSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(tablePane);
    splitter->addWidget(m_detailTabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({300, 220});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    // Charts need height: opening the Metrics tab gives the details most of the splitter.
    connect(m_detailTabs, &QTabWidget::currentChanged, this, [this, splitter] {
        if (m_detailTabs->currentWidget() != m_metrics)
            return;
        const QList<int> sizes = splitter->sizes();
        const int total = sizes.value(0) + sizes.value(1);
        if (total > 0 && sizes.value(1) < total * 3 / 5)
            splitter->setSizes({total * 3 / 10, total - total * 3 / 10});
    });

    m_updateTimer.setSingleShot(true);
    m_updateTimer.setInterval(0);
    connect(&m_updateTimer, &QTimer::timeout, this, [this] {
        updateSummary();
        updateActions();
        updateDetails();
    });
    // Not restarted while pending: a load signals every step, and a restarted timer would wait
    // for the whole load (the summary stuck at "loading…").
    const auto scheduleUpdate = [this] {
        if (!m_updateTimer.isActive())
            m_updateTimer.start();
    };

    connect(m_runButton, &QPushButton::clicked, this, &TasksView::runTask);
    connect(m_stopButton, &QPushButton::clicked, this, &TasksView::stopSelected);
    connect(m_logsButton, &QPushButton::clicked, this, &TasksView::showLogs);
    connect(m_protection, &TaskProtectionActions::applied, this, [this] { m_model->refreshTasks(selectedTaskIds()); });
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        QMenu menu(this);
        menu.addAction(tr("Stop…"), this, &TasksView::stopSelected)->setEnabled(m_stopButton->isEnabled());
        menu.addAction(tr("Logs"), this, &TasksView::showLogs)->setEnabled(m_logsButton->isEnabled());
        menu.addSeparator();
        menu.addAction(m_protection->protectAction());
        menu.addAction(m_protection->unprotectAction());
        menu.exec(m_table->viewport()->mapToGlobal(at));
    });
    // "12 min left" moves with the clock, not with the tasks.
    m_protectionTick.setInterval(15000);
    connect(&m_protectionTick, &QTimer::timeout, m_table->viewport(), qOverload<>(&QWidget::update));
    m_protectionTick.start();
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, [this, scheduleUpdate] {
        m_model->setStatusFilter(TaskTableModel::StatusFilter(m_statusFilter->currentData().toInt()));
        scheduleUpdate();
    });
    connect(m_filterEdit, &QLineEdit::textChanged, m_proxy, &SortKeyProxyModel::setFilterText);
    connect(m_filterEdit, &QLineEdit::textChanged, this, scheduleUpdate);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, scheduleUpdate);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, scheduleUpdate);
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex &index) {
        if (index.column() != TaskTableModel::PortsColumn)
            return;
        const QUrl url = index.data(TaskTableModel::UrlRole).toUrl();
        if (url.isValid() && m_openUrl)
            m_openUrl(url);
    });
    connect(m_details, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (m_openUrl)
            m_openUrl(url);
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, scheduleUpdate);
    connect(m_model, &TaskTableModel::tasksChanged, this, scheduleUpdate); // (what no cell shows too)
    connect(m_model, &QAbstractItemModel::rowsInserted, this, scheduleUpdate);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, scheduleUpdate);
    // A bulk refresh is a reset (KeyedTableModel::kResetThreshold), and so is a change of the text
    // filter (SortKeyProxyModel::setFilterText): keep what was selected.
    const auto rememberSelection = [this] { m_selectionBeforeReset = selectedTaskIds(); };
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, rememberSelection);
    connect(m_proxy, &QAbstractItemModel::modelAboutToBeReset, this, rememberSelection);
    const auto restoreSelection = [this, scheduleUpdate] {
        const QStringList keep = std::exchange(m_selectionBeforeReset, {});
        for (const QString &id : keep) {
            const int row = m_model->rowOf(id);
            if (row < 0)
                continue;
            const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
            m_table->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
        scheduleUpdate();
    };
    connect(m_model, &QAbstractItemModel::modelReset, this, restoreSelection);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, restoreSelection);

    setCluster({});
    connect(this, &TasksView::logsRequested, this, [this](const QString &engineId, const QString &containerId) {
        this->context().navigate(pages::Logs, {}, LogsView::itemKey(engineId, containerId));
    });
}

void TasksView::setCluster(const QString &cluster)
{
    m_model->setCluster(cluster);
    m_title->setText(cluster.isEmpty() ? tr("<h3>Tasks</h3>")
                                       : tr("<h3>Tasks of %1</h3>").arg(cluster.toHtmlEscaped()));
    m_detailsShownFor.clear();
    updateSummary();
    updateActions();
    updateDetails();
}

QString TasksView::cluster() const
{
    return m_model->cluster();
}

QStringList TasksView::selectedTaskIds() const
{
    QList<QPair<int, QString>> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append({index.row(), index.data(KeyRole).toString()});
    std::sort(rows.begin(), rows.end());
    QStringList ids;
    for (const auto &r : rows)
        ids << r.second;
    return ids;
}

bool TasksView::selectTask(const QString &idOrArn)
{
    const QString id = idOrArn.section(u'/', -1);
    m_model->refreshTasks({id}); // by key: shown now, even while a load is under way
    const int row = m_model->rowOf(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false;
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    updateDetails();
    updateActions();
    return true;
}

std::optional<fd::Task> TasksView::currentTask() const
{
    const QStringList ids = selectedTaskIds();
    QString id;
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (current.isValid() && m_table->selectionModel()->isRowSelected(current.row(), {}))
        id = current.data(KeyRole).toString();
    else if (ids.size() == 1)
        id = ids.front();
    if (id.isEmpty())
        return std::nullopt;
    return m_model->taskAt(m_model->rowOf(id));
}

void TasksView::runTask()
{
    RunTaskDialog dialog(m_cp, cluster(), this);
    dialog.setSubmitter([this](const RunTaskDialog::Request &r) { return m_cp.tasks().run(r); });
    QStringList started;
    connect(&dialog, &RunTaskDialog::tasksStarted, this, [&started](const QStringList &ids) { started << ids; });
    dialog.exec();
    if (started.isEmpty())
        return;
    m_model->refreshTasks(started);
    // Show what was started (placed, or waiting: both are in the Running filter).
    selectTask(started.front());
    for (const QString &id : std::as_const(started).mid(1)) {
        const int row = m_model->rowOf(id);
        if (row >= 0)
            m_table->selectionModel()->select(m_proxy->mapFromSource(m_model->index(row, 0)),
                                              QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
}

void TasksView::stopSelected()
{
    QStringList ids;
    for (const QString &id : selectedTaskIds()) {
        const std::optional<fd::Task> t = m_model->taskAt(m_model->rowOf(id));
        if (t && t->desiredStatus != fd::TaskStatus::Stopped)
            ids << id;
    }
    if (ids.isEmpty())
        return;
    const int n = int(ids.size());
    QInputDialog ask(this);
    ask.setObjectName(QStringLiteral("stopTaskDialog"));
    ask.setWindowTitle(tr("Stop tasks"));
    ask.setLabelText(
        n == 1 ? tr("Stop task %1 of %2?\n\nReason (shown as its stopped reason):")
                     .arg(TaskTableModel::shortId(ids.front()), cluster())
               : tr("Stop %n tasks of %1?\n\nReason (shown as their stopped reason):", nullptr, n).arg(cluster()));
    ask.setInputMode(QInputDialog::TextInput);
    ask.setOkButtonText(n == 1 ? tr("Stop") : tr("Stop %n", nullptr, n));
    if (auto *edit = ask.findChild<QLineEdit *>())
        edit->setPlaceholderText(tr("Task stopped by user"));
    if (ask.exec() != QDialog::Accepted)
        return;
    const QString reason = ask.textValue().trimmed();
    QStringList errors;
    for (const QString &id : std::as_const(ids)) {
        const fd::Result<fd::Task> r = m_cp.tasks().stop(cluster(), id, reason);
        if (!r)
            errors << QStringLiteral("%1: %2").arg(TaskTableModel::shortId(id), r.error().message);
    }
    m_model->refreshTasks(ids);
    showActionErrors(this, QStringLiteral("taskActionError"), tr("Stop tasks"),
                     tr("%n task(s) were not stopped.", nullptr, int(errors.size())), errors);
}

void TasksView::showLogs()
{
    const std::optional<fd::Task> t = currentTask();
    if (!t)
        return;
    QList<const fd::TaskContainer *> withLogs;
    for (const fd::TaskContainer &c : t->containers)
        if (!c.runtimeId.isEmpty())
            withLogs << &c;
    // The engine the containers run on: the instance's, or a FARGATE task's own.
    QString engineId = t->engineId;
    if (!t->isFargate())
        if (const std::optional<fd::ContainerInstance> ci = m_cp.instances().find(cluster(), t->containerInstanceId))
            engineId = ci->engineId;
    if (withLogs.isEmpty() || engineId.isEmpty()) {
        QMessageBox box(QMessageBox::Information, tr("Logs"),
                        tr("Task %1 has no container on an engine yet, so there are no logs to show.")
                            .arg(TaskTableModel::shortId(t->id)),
                        QMessageBox::Ok, this);
        box.setObjectName(QStringLiteral("noLogsMessage"));
        box.exec();
        return;
    }
    const fd::TaskContainer *chosen = withLogs.front();
    if (withLogs.size() > 1) {
        QInputDialog pick(this);
        pick.setObjectName(QStringLiteral("containerPicker"));
        pick.setWindowTitle(tr("Logs"));
        pick.setLabelText(tr("Which container of task %1?").arg(TaskTableModel::shortId(t->id)));
        QStringList names;
        for (const fd::TaskContainer *c : std::as_const(withLogs))
            names << c->name;
        pick.setComboBoxItems(names);
        pick.setComboBoxEditable(false);
        if (pick.exec() != QDialog::Accepted)
            return;
        chosen = withLogs.at(std::max<qsizetype>(0, names.indexOf(pick.textValue())));
    }
    emit logsRequested(engineId, chosen->runtimeId);
}

void TasksView::updateActions()
{
    const QStringList ids = selectedTaskIds();
    bool anyStoppable = false;
    for (const QString &id : ids) {
        const int row = m_model->rowOf(id);
        anyStoppable |= row >= 0 && m_model->rows()[row].desiredStatus != fd::TaskStatus::Stopped;
    }
    m_runButton->setEnabled(!cluster().isEmpty());
    m_stopButton->setEnabled(anyStoppable);
    m_protection->setSelectionSize(int(ids.size()));
    m_protectButton->setEnabled(!ids.isEmpty());
    const std::optional<fd::Task> t = currentTask();
    m_logsButton->setEnabled(t && std::any_of(t->containers.cbegin(), t->containers.cend(),
                                              [](const fd::TaskContainer &c) { return !c.runtimeId.isEmpty(); }));
}

void TasksView::updateSummary()
{
    if (cluster().isEmpty()) {
        m_summary->setText(tr("Select a cluster in the navigation to see its tasks."));
        return;
    }
    const QList<fd::Task> &rows = m_model->rows();
    const QLocale locale;
    QString loading;
    if (m_model->loading()) {
        const auto [done, total] = m_model->loadProgress();
        loading = total > 0 ? tr("loading %1 of %2…").arg(locale.toString(done), locale.toString(total))
                            : tr("loading…");
    }
    if (rows.isEmpty() && !loading.isEmpty()) {
        m_summary->setText(tr("Tasks of %1: %2").arg(cluster().toHtmlEscaped(), loading));
        return;
    }
    if (rows.isEmpty()) {
        m_summary->setText(
            m_model->statusFilter() == TaskTableModel::StatusFilter::Running
                ? tr("No running tasks in %1. <b>Run task…</b> starts some.").arg(cluster().toHtmlEscaped())
                : tr("No tasks shown."));
        return;
    }
    // Counted by the model as rows change: no pass over 100,000 rows per refresh.
    const auto [running, waiting, stopped] = m_model->counts();
    QStringList parts{tr("<b>%1</b> task(s)").arg(locale.toString(rows.size())),
                      tr("%1 RUNNING").arg(locale.toString(running))};
    if (waiting > 0)
        parts << palette::themed(tr("<span style='color:{{waiting}}'>%1 waiting for capacity</span>"))
                     .arg(locale.toString(waiting));
    if (stopped > 0)
        parts << tr("%1 STOPPED").arg(locale.toString(stopped));
    if (m_proxy->rowCount() != rows.size())
        parts << tr("%1 shown").arg(locale.toString(m_proxy->rowCount()));
    if (!loading.isEmpty())
        parts << palette::themed(tr("<span style='color:{{waiting}}'>%1</span>")).arg(loading);
    m_summary->setText(parts.join(QStringLiteral(" &nbsp;·&nbsp; ")));
}

void TasksView::updateDetails()
{
    const std::optional<fd::Task> t = currentTask();
    m_tags->show(t ? t->id : QString(), t ? fd::arn::task(m_cp.defaultRegion(), cluster(), t->id) : QString());
    m_metrics->showTask(t ? t->cluster : cluster(), t ? t->family : QString(), t ? t->id : QString());
    if (!t) {
        const int n = int(selectedTaskIds().size());
        const QString hint =
            n > 1 ? palette::themed(tr("<p style='color:{{hint}}'>%n tasks selected.</p>", nullptr, n))
                  : palette::themed(tr("<p style='color:{{hint}}'>Select a task to see its containers, why it was "
                                       "placed where it is, and its timestamps.</p>"));
        if (m_detailsShownFor.isEmpty() && hint == m_detailsHint)
            return; // the same hint: no new layout and repaint of the pane on every refresh
        m_detailsShownFor.clear();
        m_detailsVersion = -1;
        m_detailsHint = hint;
        m_details->setHtml(hint);
        return;
    }
    if (t->id == m_detailsShownFor && t->version == m_detailsVersion)
        return; // unchanged: keep the reader's scroll position
    const int scroll = t->id == m_detailsShownFor ? m_details->verticalScrollBar()->value() : 0;
    m_detailsShownFor = t->id;
    m_detailsVersion = t->version;
    m_detailsHint.clear();
    m_details->setHtml(detailsHtml(*t));
    m_details->verticalScrollBar()->setValue(scroll);
}

QString TasksView::detailsHtml(const fd::Task &t) const
{
    const auto esc = [](const QString &s) { return s.toHtmlEscaped(); };
    QString h;
    h += QStringLiteral("<h3 style='margin-bottom:4px'>Task <tt>%1</tt> &nbsp;·&nbsp; %2</h3>")
             .arg(esc(t.id), esc(t.taskDefinition()));
    h += QStringLiteral("<p style='margin-top:0'><b style='color:%1'>%2</b> (desired %3) &nbsp;·&nbsp; health %4")
             .arg(statusColour(t.lastStatus), fd::toString(t.lastStatus), fd::toString(t.desiredStatus),
                  healthHtml(t.healthStatus));
    if (t.isFargate())
        h += tr(" &nbsp;·&nbsp; on %1").arg(esc(TaskTableModel::launchText(t)));
    else if (t.isPlaced())
        h += tr(" &nbsp;·&nbsp; on %1").arg(esc(m_model->instanceText(t.containerInstanceId)));
    h += tr(" &nbsp;·&nbsp; group %1").arg(esc(t.group));
    if (!t.startedBy.isEmpty())
        h += tr(" &nbsp;·&nbsp; started by %1").arg(esc(t.startedBy));
    h += QStringLiteral("</p>");
    if (const QString p = TaskProtectionColumn::text(t, m_cp.clock().now()); !p.isEmpty())
        h += palette::themed(tr("<p style='background:{{infoBox}}; padding:6px'><b>Protected from scale-in</b> %1: "
                                "the service's scale-in and deployments leave it running.</p>"))
                 .arg(esc(p));

    if (t.isFargate() || t.eni) {
        // Where it runs without an instance (or with an address of its own on one): the ENI.
        QStringList rows;
        rows << tr("<b>Launch type:</b> %1").arg(esc(t.launchType));
        if (!t.capacityProviderName.isEmpty())
            rows << tr("<b>Capacity provider:</b> %1").arg(esc(t.capacityProviderName));
        if (!t.platformVersion.isEmpty())
            rows << tr("<b>Platform version:</b> %1").arg(esc(t.platformVersion));
        if (t.eni) {
            rows << tr("<b>ENI address:</b> <tt>%1</tt>").arg(esc(t.eni->privateIPv4Address));
            rows << tr("<b>Subnet:</b> %1").arg(esc(t.eni->subnetId));
            rows << tr("<b>ENI:</b> %1 (%2)").arg(esc(t.eni->eniId), esc(t.eni->status));
        } else {
            rows << tr("<b>ENI:</b> not attached yet");
        }
        const QString zone = !t.availabilityZone.isEmpty()                                    ? t.availabilityZone
                             : t.eni && t.eni->subnetId.startsWith(QStringLiteral("subnet-")) ? t.eni->subnetId.mid(7)
                                                                                              : QString();
        rows << tr("<b>Zone:</b> %1").arg(zone.isEmpty() ? tr("not yet known") : esc(zone));
        h += palette::themed(QStringLiteral("<p style='background:{{infoBox}}; padding:6px'>%1</p>"))
                 .arg(rows.join(QStringLiteral(" &nbsp;·&nbsp; ")));
    }
    if (t.isFargate()) {
        // No placement to explain, and nothing waits for capacity.
    } else if (!t.isPlaced() && !t.isStopped()) {
        h += palette::themed(tr("<p style='background:{{waitBox}}; padding:6px'><b>Why it waits:</b> %1</p>"))
                 .arg(esc(t.pendingReason.isEmpty() ? tr("no instance has been chosen yet") : t.pendingReason));
    } else if (!t.placementExplanation.isEmpty()) {
        h += palette::themed(tr("<p style='background:{{infoBox}}; padding:6px'><b>Why here:</b> %1</p>"))
                 .arg(esc(t.placementExplanation));
    }
    if (!t.stoppedReason.isEmpty())
        h += tr("<p><b>Stopped reason:</b> %1%2</p>")
                 .arg(esc(t.stoppedReason), t.stopCode == fd::StopCode::None
                                                ? QString()
                                                : QStringLiteral(" (%1)").arg(fd::toString(t.stopCode)));

    h += palette::themed(
        QStringLiteral("<table cellspacing='0' cellpadding='4' border='1' style='border-color:{{tableRule}}; "
                       "border-collapse:collapse'>"));
    h += palette::themed(
        tr("<tr style='background:{{tableHeader}}'><th align='left'>Container</th><th align='left'>Image</th>"
           "<th align='left'>Status</th><th align='left'>Exit code</th><th align='left'>Reason</th>"
           "<th align='left'>Health</th><th align='left'>Port bindings</th></tr>"));
    for (const fd::TaskContainer &c : t.containers) {
        QStringList bindings;
        for (const fd::NetworkBinding &b : c.networkBindings) {
            const QString text =
                QStringLiteral("%1:%2→%3/%4").arg(b.bindIP).arg(b.hostPort).arg(b.containerPort).arg(b.protocol);
            if (b.protocol == u"udp" || b.hostPort <= 0)
                bindings << esc(text);
            else
                bindings << QStringLiteral("<a href='http://%1:%2/'>%3</a>")
                                .arg(b.bindIP.isEmpty() || b.bindIP == u"0.0.0.0" ? QStringLiteral("127.0.0.1")
                                                                                  : b.bindIP)
                                .arg(b.hostPort)
                                .arg(esc(text));
        }
        h += QStringLiteral("<tr><td><b>%1</b>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td><td>%7</td>"
                            "<td>%8</td></tr>")
                 .arg(esc(c.name), c.essential ? QString() : tr(" <i>(not essential)</i>"), esc(c.image),
                      fd::toString(c.lastStatus), c.exitCode ? QString::number(*c.exitCode) : Formatter::none(),
                      c.reason.isEmpty() ? Formatter::none() : esc(c.reason),
                      c.hasHealthCheck ? healthHtml(c.health)
                                       : palette::themed(tr("<span style='color:{{muted}}'>no check</span>")),
                      bindings.isEmpty() ? Formatter::none() : bindings.join(QStringLiteral("<br>")));
    }
    h += QStringLiteral("</table>");

    QStringList times;
    const auto time = [&](const QString &what, const QDateTime &at) {
        if (at.isValid())
            times << QStringLiteral("%1 %2").arg(what, Formatter::dateTime(at));
    };
    time(tr("Created"), t.createdAt);
    time(tr("Started"), t.startedAt);
    time(tr("Stopping"), t.stoppingAt);
    time(tr("Stopped"), t.stoppedAt);
    h += palette::themed(QStringLiteral("<p style='color:{{secondary}}'>%1</p>"))
             .arg(times.join(QStringLiteral(" &nbsp;·&nbsp; ")));
    return h;
}

QString TasksView::pageKey() const
{
    return pages::Tasks;
}

QString TasksView::title() const
{
    return tr("Tasks");
}

QString TasksView::toolTip(const QString &key) const
{
    return tr("The tasks of %1: run, stop, logs, details").arg(key);
}

void TasksView::showKey(const QString &key)
{
    setCluster(key);
}

bool TasksView::selectItem(const QString &item)
{
    return selectTask(item);
}

} // namespace fd::ui
