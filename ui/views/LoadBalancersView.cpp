#include "LoadBalancersView.h"

#include "ChangeFeed.h"
#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "controllers/ElbMetricsReader.h"
#include "PageKeys.h"
#include "Palette.h"
#include "models/ItemRoles.h"
#include "models/LbText.h"
#include "models/LoadBalancerTableModel.h"
#include "ops/LoadBalancers.h"
#include "ops/TargetGroups.h"
#include "views/MetricsPanel.h"
#include "views/TableStyle.h"
#include "wizards/CreateLoadBalancerDialog.h"
#include "wizards/LoadBalancerPlan.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace fd::ui {

namespace {
constexpr int kInFlightIntervalMs = 250; // 4 Hz
}

LoadBalancersView::LoadBalancersView(ConsoleContext &context, QWidget *parent)
    : Page(context, parent), m_model(new LoadBalancerTableModel(context.controlPlane(), this)),
      m_proxy(new QSortFilterProxyModel(this)), m_table(new QTableView(this)),
      m_tree(new LoadBalancerTree(context.controlPlane(), this)), m_hint(new QLabel(this)),
      m_notServing(new QLabel(this)), m_createButton(new QPushButton(tr("Create load balancer…"), this)),
      m_exampleButton(new QPushButton(tr("Create the Edges + CubeBuster example"), this)),
      m_deleteButton(new QPushButton(tr("Delete…"), this)),
      m_sendTrafficButton(new QPushButton(tr("Send traffic…"), this)),
      m_sendTrafficAction(new QAction(tr("Send traffic…"), this))
{
    setObjectName(QStringLiteral("loadBalancersView"));
    if (context.targetInFlight())
        setInFlight(context.targetInFlight());
    m_notServing->setObjectName(QStringLiteral("notServingLabel"));
    m_notServing->setWordWrap(true);
    m_notServing->setTextFormat(Qt::RichText);
    updateListenerErrors();
    connect(&context, &ConsoleContext::listenerErrorsChanged, this, &LoadBalancersView::updateListenerErrors);
    auto *title = new QLabel(tr("<h3>Load balancers</h3>"), this);
    m_createButton->setObjectName(QStringLiteral("createLoadBalancerButton"));
    m_createButton->setToolTip(tr("A load balancer with a listener, a target group and rules"));
    m_exampleButton->setObjectName(QStringLiteral("createExampleButton"));
    m_exampleButton->setToolTip(tr("Target groups edges and cubebuster behind one listener: / goes to edges, "
                                   "/cubebuster* to cubebuster"));
    m_deleteButton->setObjectName(QStringLiteral("deleteLoadBalancerButton"));
    m_deleteButton->setToolTip(tr("Delete the selected load balancer with its listeners and rules"));
    m_sendTrafficButton->setObjectName(QStringLiteral("sendTrafficButton"));
    m_sendTrafficAction->setObjectName(QStringLiteral("sendTrafficAction"));
    m_hint->setObjectName(QStringLiteral("loadBalancerHint"));
    m_hint->setWordWrap(true);
    m_hint->setTextFormat(Qt::RichText);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RawValueRole);
    m_table->setObjectName(QStringLiteral("loadBalancerTable"));
    m_table->setModel(m_proxy);
    tables::styleEntityTable(m_table);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(LoadBalancerTableModel::NameColumn, Qt::AscendingOrder);
    QHeaderView *h = m_table->horizontalHeader();
    tables::fitColumn(h, m_model, LoadBalancerTableModel::NameColumn, QStringLiteral("edges-cubebuster-lb"));
    tables::fitColumn(h, m_model, LoadBalancerTableModel::DnsColumn,
                      QStringLiteral("edges-cubebuster-0123456789abcdef.us-east-1.elb.localhost"));
    tables::fitColumn(h, m_model, LoadBalancerTableModel::StateColumn, QStringLiteral("active"));
    tables::fitColumn(h, m_model, LoadBalancerTableModel::ListenersColumn,
                      QStringLiteral("HTTP :8080 → http://127.0.0.1:8080/"));

    auto *top = new QHBoxLayout;
    top->addWidget(title);
    top->addStretch();
    top->addWidget(m_sendTrafficButton);
    top->addSpacing(12);
    top->addWidget(m_createButton);
    top->addWidget(m_exampleButton);
    top->addWidget(m_deleteButton);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("loadBalancersSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_table);
    // The listeners' tree, or the load balancer's metric charts.
    m_detailTabs = new QTabWidget(this);
    m_detailTabs->setObjectName(QStringLiteral("loadBalancerDetailTabs"));
    m_detailTabs->setDocumentMode(true);
    m_detailTabs->addTab(m_tree, tr("Listeners and targets"));
    m_metrics = new MetricsPanel(context.controlPlane(), this);
    m_metrics->setObjectName(QStringLiteral("loadBalancerMetricsTab"));
    // What the charts are of: the load balancer, or one of its target groups.
    auto *scope = new QWidget(m_metrics);
    auto *scopeLayout = new QHBoxLayout(scope);
    scopeLayout->setContentsMargins(0, 0, 0, 0);
    auto *scopeCaption = new QLabel(tr("Charts of:"), scope);
    m_metricsScope = new QComboBox(scope);
    m_metricsScope->setObjectName(QStringLiteral("loadBalancerMetricsScope"));
    m_metricsScope->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_metricsScope->setToolTip(tr("The load balancer's metrics, or one target group's (selecting a target group "
                                  "in the tree picks it too)"));
    QFont large = scope->font();
    large.setPointSizeF(large.pointSizeF() * 1.2); // as the window row
    scopeCaption->setFont(large);
    m_metricsScope->setFont(large);
    scopeLayout->addWidget(scopeCaption);
    scopeLayout->addWidget(m_metricsScope);
    m_metrics->addHeaderWidget(scope);
    const int metrics = m_detailTabs->addTab(m_metrics, tr("Metrics"));
    m_detailTabs->setTabToolTip(metrics, tr("Requests, response time, HTTP codes and healthy hosts "
                                            "(AWS/ApplicationELB) of the selected load balancer, or of the target "
                                            "group selected in the tree"));
    splitter->addWidget(m_detailTabs);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({150, 450});
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_notServing);
    layout->addWidget(m_hint);
    layout->addWidget(splitter, 1);

    connect(m_createButton, &QPushButton::clicked, this, &LoadBalancersView::createLoadBalancer);
    connect(m_exampleButton, &QPushButton::clicked, this, &LoadBalancersView::createExample);
    connect(m_deleteButton, &QPushButton::clicked, this, &LoadBalancersView::deleteLoadBalancer);
    connect(m_sendTrafficButton, &QPushButton::clicked, this, &LoadBalancersView::sendTraffic);
    connect(m_sendTrafficAction, &QAction::triggered, this, &LoadBalancersView::sendTraffic);
    m_chartsAction = new QAction(tr("Charts of this target group"), this);
    m_chartsAction->setObjectName(QStringLiteral("showTargetGroupChartsAction"));
    m_chartsAction->setEnabled(false);
    connect(m_chartsAction, &QAction::triggered, this, [this] {
        if (chartTargetGroup(LoadBalancerTree::targetGroupIdOf(m_tree->currentItem())))
            m_detailTabs->setCurrentWidget(m_metrics);
    });
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_tree->addAction(m_sendTrafficAction);
    m_tree->addAction(m_chartsAction);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &LoadBalancersView::updateSendTraffic);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &LoadBalancersView::followTreeSelection);
    // A click on the item already current is a choice too (after the chooser picked something else).
    connect(m_tree, &QTreeWidget::itemClicked, this,
            [this](QTreeWidgetItem *item) { chartTargetGroup(LoadBalancerTree::targetGroupIdOf(item)); });
    connect(m_metricsScope, &QComboBox::currentIndexChanged, this, &LoadBalancersView::applyMetricsScope);
    ChangeFeed::watch(context.controlPlane(), Change::LoadBalancers, this, [this] {
        updateSendTraffic();
        updateListenerErrors();
    });
    // Target groups join and leave the load balancer with its rules: the chooser follows.
    ChangeFeed::watch(context.controlPlane(), Changes(Change::LoadBalancers) | Change::ListenerRules |
                                                  Change::TargetGroups,
                      this, [this] { updateMetrics(); });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &LoadBalancersView::updateSelection);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (currentName().isEmpty() && m_proxy->rowCount() > 0)
            m_table->selectRow(0);
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &LoadBalancersView::updateSelection);
    m_inFlightTimer.setInterval(kInFlightIntervalMs);
    connect(&m_inFlightTimer, &QTimer::timeout, m_tree, &LoadBalancerTree::refreshInFlight);
    if (m_proxy->rowCount() > 0)
        m_table->selectRow(0);
    updateSelection();
}

QString LoadBalancersView::title() const
{
    return tr("Load balancers");
}

QString LoadBalancersView::toolTip(const QString &) const
{
    return tr("Application load balancers: listeners, rules, target groups and the health of their targets");
}

void LoadBalancersView::showKey(const QString &)
{
    m_model->refresh();
    updateSelection();
}

bool LoadBalancersView::selectItem(const QString &item)
{
    m_model->refresh();
    const int row = m_model->rowOf(item);
    if (row < 0)
        return false;
    m_table->selectRow(m_proxy->mapFromSource(m_model->index(row, 0)).row());
    updateSelection();
    return true;
}

void LoadBalancersView::setInFlight(LoadBalancerTree::InFlight inFlight)
{
    m_tree->setInFlight(std::move(inFlight));
    if (isVisible() && m_tree->hasInFlight())
        m_inFlightTimer.start();
    else
        m_inFlightTimer.stop();
}

QString LoadBalancersView::currentName() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.front().data(KeyRole).toString();
}

void LoadBalancersView::updateSelection()
{
    const std::optional<LoadBalancerRow> row = m_model->rowAt(m_model->rowOf(currentName()));
    m_tree->setLoadBalancer(row ? row->loadBalancer.id : QString());
    updateMetrics();
    m_deleteButton->setEnabled(row.has_value());
    updateSendTraffic();
    if (m_model->rowCount() == 0 && m_hint->property("error").toBool() == false)
        setHint(tr("No load balancers yet. <b>Create load balancer…</b> sets one up with a listener, a target group "
                   "and rules; <b>Create the Edges + CubeBuster example</b> makes the seed's two-app layout."));
    else if (m_hint->property("example").toBool() == false && m_hint->property("error").toBool() == false)
        setHint({});
}

void LoadBalancersView::updateMetrics()
{
    const std::optional<LoadBalancerRow> row = m_model->rowAt(m_model->rowOf(currentName()));
    const QString lbId = row ? row->loadBalancer.id : QString();
    const fd::ControlPlane &cp = context().controlPlane();
    // The chooser: the load balancer, then the target groups its rules forward to (by name).
    QList<std::pair<QString, QString>> entries; // label, group id
    if (row) {
        entries.append({tr("Load balancer %1").arg(row->loadBalancer.name), QString()});
        QList<elb::TargetGroup> groups;
        for (const elb::TargetGroup &tg : cp.targetGroups().list())
            if (cp.targetGroups().loadBalancerIds(tg.id).contains(lbId))
                groups.append(tg);
        std::sort(groups.begin(), groups.end(),
                  [](const elb::TargetGroup &a, const elb::TargetGroup &b) { return a.name < b.name; });
        for (const elb::TargetGroup &tg : groups)
            entries.append({tr("Target group %1").arg(tg.name), tg.id});
    }
    bool same = entries.size() == m_metricsScope->count();
    for (int i = 0; same && i < entries.size(); ++i)
        same = m_metricsScope->itemText(i) == entries[i].first && m_metricsScope->itemData(i) == entries[i].second;
    if (m_metricsScope->property("loadBalancer").toString() != lbId)
        m_followedTreeKey.clear(); // another load balancer's tree
    if (!same) {
        const QString charted = m_metricsScope->property("loadBalancer").toString() == lbId ? chartedTargetGroupId()
                                                                                             : QString();
        const QSignalBlocker block(m_metricsScope);
        m_metricsScope->clear();
        for (const auto &[label, id] : entries)
            m_metricsScope->addItem(label, id);
        const int kept = m_metricsScope->findData(charted);
        m_metricsScope->setCurrentIndex(kept >= 0 ? kept : 0);
    }
    m_metricsScope->setProperty("loadBalancer", lbId);
    m_metricsScope->setEnabled(m_metricsScope->count() > 1);
    applyMetricsScope();
}

void LoadBalancersView::applyMetricsScope()
{
    const std::optional<LoadBalancerRow> row = m_model->rowAt(m_model->rowOf(currentName()));
    const int metricsTab = m_detailTabs->indexOf(m_metrics);
    if (!row) {
        m_metrics->setCharts({});
        m_detailTabs->setTabText(metricsTab, tr("Metrics"));
        return;
    }
    const fd::ControlPlane &cp = context().controlPlane();
    const elb::LoadBalancer &lb = row->loadBalancer;
    const QString lbDimension = ElbMetricsReader::loadBalancerDimension(lb.name, lb.id);
    const std::optional<elb::TargetGroup> charted = chartedTargetGroupId().isEmpty()
                                                        ? std::nullopt
                                                        : cp.targetGroups().find(chartedTargetGroupId());
    if (charted) {
        m_metrics->setCharts(MetricsPanel::targetGroupCharts(
            lbDimension, ElbMetricsReader::targetGroupDimension(charted->name, charted->id)));
        m_detailTabs->setTabText(metricsTab, tr("Metrics: %1").arg(charted->name));
        return;
    }
    QStringList targetGroups;
    for (int i = 1; i < m_metricsScope->count(); ++i)
        if (const std::optional<elb::TargetGroup> tg = cp.targetGroups().find(m_metricsScope->itemData(i).toString()))
            targetGroups << ElbMetricsReader::targetGroupDimension(tg->name, tg->id);
    m_metrics->setCharts(MetricsPanel::loadBalancerCharts(lbDimension, targetGroups));
    m_detailTabs->setTabText(metricsTab, tr("Metrics"));
}

QString LoadBalancersView::chartedTargetGroupId() const
{
    return m_metricsScope->currentData().toString();
}

bool LoadBalancersView::chartTargetGroup(const QString &targetGroupId)
{
    const int index = m_metricsScope->findData(targetGroupId);
    if (index < 0)
        return false;
    m_metricsScope->setCurrentIndex(index); // applies through currentIndexChanged
    return true;
}

void LoadBalancersView::followTreeSelection()
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    const QString group = LoadBalancerTree::targetGroupIdOf(item);
    m_chartsAction->setEnabled(!group.isEmpty());
    // Only a new selection moves the charts: not the tree clearing and restoring its current item
    // when it rebuilds (so a choice made in the chooser since stays).
    const QString key = item ? item->data(0, KeyRole).toString() : QString();
    if (!item || key == m_followedTreeKey)
        return;
    m_followedTreeKey = key;
    chartTargetGroup(group);
}

QString LoadBalancersView::trafficUrl() const
{
    // The tree's top-level items are the listeners ("listener:<port>"): the selected item's.
    const QTreeWidgetItem *item = m_tree->currentItem();
    while (item && item->parent())
        item = item->parent();
    const QString key = item ? item->data(0, KeyRole).toString() : QString();
    if (key.startsWith(QStringLiteral("listener:")))
        return LbText::listenerUrl(key.section(u':', 1).toInt());
    const std::optional<LoadBalancerRow> row = m_model->rowAt(m_model->rowOf(currentName()));
    if (!row)
        return {};
    const QList<elb::Listener> listeners = context().controlPlane().loadBalancers().listeners(row->loadBalancer.id);
    return listeners.isEmpty() ? QString() : LbText::listenerUrl(listeners.front().port);
}

void LoadBalancersView::updateListenerErrors()
{
    const QList<ListenerError> errors = context().listenerErrors();
    m_tree->setListenerErrors(errors);
    m_model->setListenerErrors(errors);
    QStringList named;
    const fd::ops::LoadBalancers &lbs = context().controlPlane().loadBalancers();
    for (const elb::LoadBalancer &lb : lbs.list())
        for (const elb::Listener &l : lbs.listeners(lb.id))
            if (std::any_of(errors.cbegin(), errors.cend(),
                            [&](const ListenerError &e) { return e.listenerId == l.id; }))
                named << QStringLiteral("%1 :%2").arg(lb.name).arg(l.port).toHtmlEscaped();
    m_notServing->setText(named.isEmpty()
                              ? QString()
                              : palette::themed(tr("<span style='color:{{error}}'><b>Not serving:</b> %1 (the port "
                                                   "could not be opened; the tree says why)</span>"))
                                    .arg(named.join(QStringLiteral(", "))));
    m_notServing->setVisible(!named.isEmpty());
}

void LoadBalancersView::updateSendTraffic()
{
    const QString url = trafficUrl();
    m_sendTrafficButton->setEnabled(!url.isEmpty());
    m_sendTrafficAction->setEnabled(!url.isEmpty());
    const QString tip = url.isEmpty() ? tr("The selected load balancer has no listener to send traffic to")
                                      : tr("Open the Traffic page with %1 filled in").arg(url);
    m_sendTrafficButton->setToolTip(tip);
    m_sendTrafficAction->setToolTip(tip);
}

bool LoadBalancersView::sendTraffic()
{
    const QString url = trafficUrl();
    if (url.isEmpty())
        return false;
    // False also when the Traffic page is shown but keeps the URL of a run in progress (it says so).
    const bool done = context().navigate(pages::Traffic, {}, url);
    if (!done && isVisible())
        setHint(tr("There is no Traffic page to send to %1 from here").arg(url.toHtmlEscaped()), true);
    return done;
}

void LoadBalancersView::setHint(const QString &html, bool error)
{
    m_hint->setProperty("error", error);
    m_hint->setText(error ? palette::themed(QStringLiteral("<span style='color:{{error}}'>%1</span>")).arg(html)
                          : html);
    m_hint->setVisible(!html.isEmpty());
}

void LoadBalancersView::createLoadBalancer()
{
    fd::ControlPlane &cp = context().controlPlane();
    CreateLoadBalancerDialog dialog(cp, this);
    dialog.setEndpoint(context().apiEndpoint());
    dialog.setSubmitter([&cp](const LoadBalancerPlan &plan, PlanProblem *problem) {
        return LoadBalancerPlanner::apply(cp, plan, problem);
    });
    if (dialog.exec() == QDialog::Accepted)
        selectItem(dialog.plan().name);
}

void LoadBalancersView::createExample()
{
    fd::ControlPlane &cp = context().controlPlane();
    const LoadBalancerPlan plan = LoadBalancerPlanner::edgesAndCubeBuster(LoadBalancerPlanner::suggestPort(cp));
    PlanProblem problem;
    const fd::Result<AppliedPlan> done = LoadBalancerPlanner::apply(cp, plan, &problem);
    if (!done) {
        setHint(tr("The example was not created: %1").arg(done.error().message.toHtmlEscaped()), true);
        return;
    }
    m_hint->setProperty("example", true);
    setHint(tr("<b>Next:</b> File ▸ Create service… twice: service <b>edges</b> from task definition "
               "edges-bookstore with target group <b>edges</b>, and service <b>cubebuster</b> from cubebuster with "
               "target group <b>cubebuster</b> (container port 8080). Then open %1 and %1cubebuster.")
                .arg(QStringLiteral("http://127.0.0.1:%1/").arg(plan.port)));
    selectItem(plan.name);
}

void LoadBalancersView::deleteLoadBalancer()
{
    const std::optional<LoadBalancerRow> row = m_model->rowAt(m_model->rowOf(currentName()));
    if (!row)
        return;
    QMessageBox ask(QMessageBox::Warning, tr("Delete load balancer"),
                    tr("Delete load balancer %1?").arg(row->loadBalancer.name), QMessageBox::NoButton, this);
    ask.setObjectName(QStringLiteral("deleteLoadBalancerConfirm"));
    ask.setInformativeText(tr("Its %n listener(s) stop answering and are deleted with their rules. Target groups "
                              "and their targets stay (delete them through the API when no longer needed).",
                              nullptr, int(row->listeners.size())));
    QPushButton *go = ask.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    go->setObjectName(QStringLiteral("confirmButton"));
    ask.addButton(QMessageBox::Cancel);
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    if (ask.clickedButton() != go)
        return;
    const fd::Status done = context().controlPlane().loadBalancers().remove(row->loadBalancer.id);
    if (!done) {
        setHint(done.error().message.toHtmlEscaped(), true);
        return;
    }
    m_hint->setProperty("example", false);
    m_model->refresh();
    updateSelection();
}

void LoadBalancersView::showEvent(QShowEvent *event)
{
    Page::showEvent(event);
    if (m_tree->hasInFlight())
        m_inFlightTimer.start();
}

void LoadBalancersView::hideEvent(QHideEvent *event)
{
    Page::hideEvent(event);
    m_inFlightTimer.stop();
}

} // namespace fd::ui
