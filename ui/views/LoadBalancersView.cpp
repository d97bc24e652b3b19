#include "LoadBalancersView.h"

#include "ChangeFeed.h"
#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "PageKeys.h"
#include "Palette.h"
#include "models/ItemRoles.h"
#include "models/LbText.h"
#include "models/LoadBalancerTableModel.h"
#include "ops/LoadBalancers.h"
#include "views/TableStyle.h"
#include "wizards/CreateLoadBalancerDialog.h"
#include "wizards/LoadBalancerPlan.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
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
    splitter->addWidget(m_tree);
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
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_tree->addAction(m_sendTrafficAction);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &LoadBalancersView::updateSendTraffic);
    ChangeFeed::watch(context.controlPlane(), Change::LoadBalancers, this, [this] {
        updateSendTraffic();
        updateListenerErrors();
    });
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
    m_deleteButton->setEnabled(row.has_value());
    updateSendTraffic();
    if (m_model->rowCount() == 0 && m_hint->property("error").toBool() == false)
        setHint(tr("No load balancers yet. <b>Create load balancer…</b> sets one up with a listener, a target group "
                   "and rules; <b>Create the Edges + CubeBuster example</b> makes the seed's two-app layout."));
    else if (m_hint->property("example").toBool() == false && m_hint->property("error").toBool() == false)
        setHint({});
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
