#include "TrafficView.h"

#include "ChangeFeed.h"
#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "Formatter.h"
#include "Palette.h"
#include "charts/TrafficChart.h"
#include "models/DeploymentTimeline.h"
#include "models/LbText.h"
#include "models/TrafficServedModel.h"
#include "ops/LoadBalancers.h"
#include "traffic/TrafficGenerator.h"
#include "views/TableStyle.h"

#include <QAction>
#include <QCompleter>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTextDocument>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

QSpinBox *spin(QWidget *parent, const QString &name, int min, int max, int value, const QString &suffix,
               const QString &tip)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(min, max);
    box->setValue(value);
    box->setSuffix(suffix);
    box->setToolTip(tip);
    box->setGroupSeparatorShown(true);
    return box;
}

QString plain(const QString &html)
{
    QTextDocument doc;
    doc.setHtml(html);
    return doc.toPlainText();
}

} // namespace

TrafficView::TrafficView(ConsoleContext &context, QWidget *parent)
    : Page(context, parent), m_traffic(context.traffic()), m_url(new QLineEdit(this)),
      m_listenersButton(new QPushButton(this)), m_listenerMenu(new QMenu(this)),
      m_listenerUrls(new QStandardItemModel(this)), m_completer(new QCompleter(m_listenerUrls, this)),
      m_paths(new QLineEdit(this)),
      m_rate(spin(this, QStringLiteral("trafficRate"), 0, int(fd::traffic::kMaxRatePerSecond), 50, tr(" req/s"),
                  tr("Requests per second over all connections; 0 sends as fast as the answers come"))),
      m_concurrency(spin(this, QStringLiteral("trafficConcurrency"), 1, fd::traffic::kMaxConcurrency, 4, QString(),
                         tr("Keep-alive connections, each with one request in flight"))),
      m_duration(spin(this, QStringLiteral("trafficDuration"), 1, int(fd::traffic::kMaxDuration.count() / 1000), 60,
                      tr(" s"), tr("The run ends after this long (no new requests; those in flight finish)"))),
      m_count(spin(this, QStringLiteral("trafficCount"), 1, int(fd::traffic::kMaxRequests), 10000, QString(),
                   tr("The run ends after this many requests"))),
      m_timeout(spin(this, QStringLiteral("trafficTimeout"), 1, int(fd::traffic::kMaxRequestTimeout.count()), 5000,
                     tr(" ms"), tr("A request without a complete answer by then fails as a timeout"))),
      m_start(new QPushButton(tr("Start"), this)), m_stop(new QPushButton(tr("Stop"), this)), m_error(new QLabel(this)),
      m_verdict(new QLabel(this)), m_status(new QLabel(this)), m_latency(new QLabel(this)),
      m_chart(new TrafficChart(this)),
      m_revisionModel(new TrafficServedModel(TrafficServedModel::Kind::Revisions, this)),
      m_taskModel(new TrafficServedModel(TrafficServedModel::Kind::Tasks, this)), m_revisions(new QTableView(this)),
      m_tasks(new QTableView(this)), m_failures(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("trafficView"));
    m_rate->setSpecialValueText(tr("unlimited"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 4);
    layout->setSpacing(6);
    layout->addWidget(buildForm());
    layout->addWidget(m_error);
    auto *verdictRow = new QHBoxLayout;
    verdictRow->addWidget(m_verdict);
    verdictRow->addWidget(m_status, 1);
    layout->addLayout(verdictRow);
    layout->addWidget(buildResults(), 1);

    m_poll.setInterval(250); // at most 4 Hz
    connect(&m_poll, &QTimer::timeout, this, &TrafficView::poll);
    m_poll.start();
    connect(m_start, &QPushButton::clicked, this, [this] { start(); });
    connect(m_stop, &QPushButton::clicked, this, &TrafficView::stop);
    connect(m_url, &QLineEdit::returnPressed, this, [this] { start(); });
    connect(m_listenerMenu, &QMenu::triggered, this, [this](QAction *a) { setUrl(a->data().toString()); });
    ChangeFeed::watch(context.controlPlane(), Change::LoadBalancers, this, [this] { updateListeners(); });
    connect(&context, &ConsoleContext::listenerErrorsChanged, this, &TrafficView::updateListeners);
    updateListeners();
    refresh();
}

QWidget *TrafficView::buildForm()
{
    auto *form = new QWidget(this);
    m_url->setObjectName(QStringLiteral("trafficUrl"));
    m_url->setText(QStringLiteral("http://127.0.0.1:8080/"));
    m_url->setToolTip(tr("Where to send: http:// and a host in 127.0.0.0/8 or localhost (a load balancer's "
                         "listener, a task's host port)"));
    m_listenersButton->setObjectName(QStringLiteral("trafficListenersButton"));
    m_listenersButton->setText(tr("Listeners"));
    m_listenersButton->setMenu(m_listenerMenu);
    m_listenerMenu->setObjectName(QStringLiteral("trafficListenerMenu"));
    m_listenerMenu->setToolTipsVisible(true);
    m_completer->setObjectName(QStringLiteral("trafficUrlCompleter"));
    m_completer->setFilterMode(Qt::MatchContains); // ":8080" finds its listener too
    m_url->setCompleter(m_completer);
    m_paths->setObjectName(QStringLiteral("trafficPaths"));
    m_paths->setPlaceholderText(tr("the URL's path; or several in turn: /, /cubebuster"));
    m_paths->setToolTip(tr("Paths sent in turn, separated by commas or spaces; empty: the URL's path"));
    m_start->setObjectName(QStringLiteral("trafficStart"));
    m_stop->setObjectName(QStringLiteral("trafficStop"));
    m_start->setDefault(true);
    m_error->setObjectName(QStringLiteral("trafficError"));
    m_error->setWordWrap(true);
    m_error->setVisible(false);
    m_error->setStyleSheet(palette::themed(QStringLiteral("color: {{error}};")));

    // URL and paths share the first row; the numbers keep their natural width on the second.
    auto *rows = new QVBoxLayout(form);
    rows->setContentsMargins(0, 0, 0, 0);
    auto *target = new QHBoxLayout;
    target->addWidget(new QLabel(tr("URL"), form));
    target->addWidget(m_url, 3);
    target->addWidget(m_listenersButton);
    target->addSpacing(8);
    target->addWidget(new QLabel(tr("Paths"), form));
    target->addWidget(m_paths, 2);
    rows->addLayout(target);
    auto *numbers = new QHBoxLayout;
    const QList<std::pair<QString, QWidget *>> fields{{tr("Rate"), m_rate},
                                                      {tr("Connections"), m_concurrency},
                                                      {tr("Duration"), m_duration},
                                                      {tr("Count"), m_count},
                                                      {tr("Timeout"), m_timeout}};
    for (const auto &[label, widget] : fields) {
        numbers->addWidget(new QLabel(label, form));
        numbers->addWidget(widget);
        numbers->addSpacing(8);
    }
    numbers->addWidget(m_start);
    numbers->addWidget(m_stop);
    numbers->addStretch(1);
    rows->addLayout(numbers);
    return form;
}

QWidget *TrafficView::buildResults()
{
    QFont verdictFont = m_verdict->font();
    verdictFont.setPixelSize(30);
    verdictFont.setBold(true);
    m_verdict->setFont(verdictFont);
    m_verdict->setObjectName(QStringLiteral("trafficVerdict"));
    m_verdict->setTextFormat(Qt::RichText);
    m_status->setObjectName(QStringLiteral("trafficStatus"));
    m_status->setTextFormat(Qt::RichText);
    m_status->setWordWrap(true);
    m_latency->setObjectName(QStringLiteral("trafficLatency"));
    m_latency->setTextFormat(Qt::RichText);

    for (auto [table, model, name] : {std::tuple{m_revisions, m_revisionModel, QStringLiteral("trafficRevisions")},
                                      std::tuple{m_tasks, m_taskModel, QStringLiteral("trafficTasks")}}) {
        table->setObjectName(name);
        table->setModel(model);
        tables::styleEntityTable(table);
        table->setSelectionMode(QAbstractItemView::NoSelection);
    }
    m_revisions->setColumnHidden(TrafficServedModel::RevisionColumn, true);
    m_failures->setObjectName(QStringLiteral("trafficFailures"));
    m_failures->setRootIsDecorated(false);
    m_failures->setUniformRowHeights(true);
    m_failures->setHeaderLabels({tr("Time"), tr("Cause"), tr("Detail"), tr("Path"), tr("Task")});
    m_failures->header()->setStretchLastSection(true);

    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_latency);
    sideLayout->addWidget(m_revisions, 1);
    sideLayout->addWidget(m_tasks, 2);
    auto *failuresTitle = new QLabel(tr("<b>Failed requests</b>"), side);
    sideLayout->addWidget(failuresTitle);
    sideLayout->addWidget(m_failures, 2);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("trafficSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_chart);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    m_chart->setMinimumWidth(360);
    return splitter;
}

QString TrafficView::title() const
{
    return tr("Traffic");
}

QString TrafficView::toolTip(const QString &) const
{
    return tr("Send HTTP traffic to a listener and count every failed request");
}

void TrafficView::showKey(const QString &)
{
    refresh();
}

bool TrafficView::selectItem(const QString &item)
{
    if (item.isEmpty())
        return false;
    if (m_traffic.isRunning()) {
        m_error->setText(tr("Traffic is being sent to %1: stop it to send to %2").arg(m_url->text(), item));
        m_error->setVisible(true);
        return false;
    }
    setUrl(item);
    m_error->clear();
    m_error->setVisible(false);
    return true;
}

void TrafficView::setUrl(const QString &url)
{
    if (!m_traffic.isRunning())
        m_url->setText(url);
}

QString TrafficView::url() const
{
    return m_url->text();
}

QStringList TrafficView::listenerUrls() const
{
    QStringList urls;
    for (int row = 0; row < m_listenerUrls->rowCount(); ++row)
        urls << m_listenerUrls->item(row)->text();
    return urls;
}

// Every load balancer's listeners, by load balancer name and port.
void TrafficView::updateListeners()
{
    const fd::ops::LoadBalancers &lbs = context().controlPlane().loadBalancers();
    QList<fd::elb::LoadBalancer> all = lbs.list();
    std::sort(all.begin(), all.end(),
              [](const fd::elb::LoadBalancer &a, const fd::elb::LoadBalancer &b) { return a.name < b.name; });
    QHash<QString, QString> notServing; // listener id -> why
    for (const ListenerError &e : context().listenerErrors())
        notServing.insert(e.listenerId, e.message);
    QStringList urls;
    QList<QStandardItem *> completions;
    m_listenerMenu->clear();
    for (const fd::elb::LoadBalancer &lb : all) {
        for (const fd::elb::Listener &l : lbs.listeners(lb.id)) {
            const QString url = LbText::listenerUrl(l.port);
            const auto why = notServing.constFind(l.id);
            QAction *a = m_listenerMenu->addAction(tr("%1 :%2   %3").arg(lb.name).arg(l.port).arg(url) +
                                                   (why == notServing.cend() ? QString() : tr("   (not serving)")));
            a->setData(url);
            auto *completion = new QStandardItem(url);
            if (why != notServing.cend()) {
                a->setToolTip(*why);
                completion->setToolTip(*why);
                completion->setForeground(palette::Error);
            }
            urls << url;
            completions << completion;
        }
    }
    if (urls.isEmpty())
        m_listenerMenu->addAction(tr("No load balancer listeners yet"))->setEnabled(false);
    m_listenersButton->setToolTip(urls.isEmpty() ? tr("No load balancer has a listener yet (Load balancers page)")
                                                 : tr("Send to a load balancer's listener"));
    m_listenerUrls->clear();
    for (QStandardItem *completion : std::as_const(completions))
        m_listenerUrls->appendRow(completion);
}

fd::traffic::TrafficOptions TrafficView::options() const
{
    fd::traffic::TrafficOptions o;
    o.url = m_url->text().trimmed();
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    o.paths = m_paths->text().split(separators, Qt::SkipEmptyParts);
    o.ratePerSecond = m_rate->value();
    o.concurrency = m_concurrency->value();
    o.duration = std::chrono::seconds(m_duration->value());
    o.maxRequests = m_count->value();
    o.requestTimeout = std::chrono::milliseconds(m_timeout->value());
    return o;
}

bool TrafficView::start()
{
    const fd::Status started = m_traffic.start(options());
    m_error->setVisible(!started);
    if (!started) {
        m_error->setText(started.error().message);
        return false;
    }
    m_error->clear();
    refresh();
    return true;
}

void TrafficView::stop()
{
    m_traffic.stop();
}

void TrafficView::poll()
{
    if (!isVisible()) // showKey() catches up when the page is shown again
        return;
    const bool running = m_traffic.isRunning();
    if (running || m_wasRunning || m_traffic.runId() != m_shownRun)
        refresh();
}

void TrafficView::refresh()
{
    const bool running = m_traffic.isRunning();
    m_wasRunning = running;
    updateButtons(running);
    showSnapshot(m_traffic.snapshot());
}

void TrafficView::updateButtons(bool running)
{
    m_start->setEnabled(!running);
    m_stop->setEnabled(running);
    for (QWidget *w : std::initializer_list<QWidget *>{m_url, m_listenersButton, m_paths, m_rate, m_concurrency,
                                                       m_duration, m_count, m_timeout})
        w->setEnabled(!running);
}

void TrafficView::showSnapshot(const fd::traffic::TrafficSnapshot &s)
{
    if (s.runId != m_shownRun) {
        m_shownRun = s.runId;
        m_failures->clear();
        m_failuresShown = 0;
    }
    updateVerdict(s);
    updateLatency(s);
    m_chart->setSnapshot(s);
    m_revisionModel->setSnapshot(s);
    m_taskModel->setSnapshot(s);
    updateFailures(s);
}

void TrafficView::updateVerdict(const fd::traffic::TrafficSnapshot &s)
{
    if (s.runId == 0) {
        m_verdict->setText(palette::themed(tr("<span style='color:{{slate}}'>No traffic sent yet</span>")));
        m_status->setText(palette::themed(
            tr("<span style='color:{{slate}}'>Enter a URL on this machine and press Start: every request is "
               "counted, and every failed one (an answer outside 2xx, a reset, a refused connection, a timeout) "
               "is listed with its cause.</span>")));
        return;
    }
    const QString colour = s.failed == 0 ? palette::Ok.name() : palette::Error.name();
    m_verdict->setText(QStringLiteral("<span style='color:%1'>%2</span>")
                           .arg(colour, tr("%1 requests, %2 failed")
                                            .arg(Formatter::count(s.completed), Formatter::count(s.failed))
                                            .toHtmlEscaped()));
    QStringList parts;
    parts << (s.isRunning() ? tr("<b>sending</b>") : tr("<b>done</b>, %1").arg(fd::traffic::toString(s.endReason)));
    parts << tr("%1 of %2 s").arg(formatElapsed(s.elapsedMs), Formatter::count(s.durationMs / 1000));
    parts << tr("%1 of %2 sent").arg(Formatter::count(s.sent), Formatter::count(s.maxRequests));
    parts << Formatter::requestRate(s.achievedRate());
    parts << tr("%1 connections opened").arg(Formatter::count(s.connectionsOpened));
    if (s.abandoned > 0)
        parts << tr("%1 abandoned at stop").arg(Formatter::count(s.abandoned));
    if (s.staleRetries > 0)
        parts << tr("%1 resent after an idle close").arg(Formatter::count(s.staleRetries));
    m_status->setText(palette::themed(QStringLiteral("<span style='color:{{slate}}'>%1</span><br>%2")
                                          .arg(parts.join(QStringLiteral(" · ")), s.url.toHtmlEscaped())));
}

void TrafficView::updateLatency(const fd::traffic::TrafficSnapshot &s)
{
    const fd::traffic::LatencySummary &l = s.latency;
    if (l.count == 0) {
        m_latency->setText(palette::themed(tr("<span style='color:{{slate}}'>Latency: no answers yet</span>")));
        return;
    }
    m_latency->setText(tr("Latency &nbsp; p50 <b>%1</b> &nbsp; p90 <b>%2</b> &nbsp; p99 <b>%3</b> &nbsp; max "
                          "<b>%4</b> &nbsp; <span style='color:%5'>(%6 answers)</span>")
                           .arg(Formatter::latencyMs(l.p50Ms), Formatter::latencyMs(l.p90Ms),
                                Formatter::latencyMs(l.p99Ms), Formatter::latencyMs(l.maxMs), palette::Slate.name(),
                                Formatter::count(l.count)));
}

// The list only grows during a run: new failures are appended, the rest stays (and keeps its scroll).
void TrafficView::updateFailures(const fd::traffic::TrafficSnapshot &s)
{
    QList<QTreeWidgetItem *> added;
    for (std::size_t i = m_failuresShown; i < s.failures.size(); ++i) {
        const fd::traffic::Failure &f = s.failures[i];
        const QString task = f.taskId.isEmpty()
                                 ? QString()
                                 : f.taskId.left(12) + (f.taskFromConnection ? tr(" (same connection)") : QString());
        auto *item = new QTreeWidgetItem({QStringLiteral("+") + formatElapsed(f.wallMs - s.startedWallMs),
                                          fd::traffic::toString(f.cause), f.detail, f.path, task});
        item->setForeground(1, palette::Error);
        item->setToolTip(4, f.taskFromConnection ? tr("The task that answered the previous request on this "
                                                      "connection (%1)")
                                                       .arg(f.taskId)
                                                 : f.taskId);
        added << item;
    }
    m_failures->addTopLevelItems(added);
    m_failuresShown = s.failures.size();
    if (!added.isEmpty() && m_failuresShown == std::size_t(added.size()))
        for (int c = 0; c < 4; ++c)
            m_failures->resizeColumnToContents(c);
}

QString TrafficView::verdictText() const
{
    return plain(m_verdict->text());
}

QString TrafficView::statusText() const
{
    return plain(m_status->text());
}

QString TrafficView::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

} // namespace fd::ui
