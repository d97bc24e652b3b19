#include "FleetView.h"

#include "ChangeFeed.h"
#include "ConsoleContext.h"
#include "ControlPlane.h"
#include "ops/Instances.h"
#include "ops/Tasks.h"
#include "PageKeys.h"
#include "Palette.h"
#include "widgets/FleetCanvas.h"
#include "wizards/RunTaskDialog.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace fd::ui {

namespace {

QString swatch(const QColor &c, bool dashed = false, bool hatched = false)
{
    // A coloured box in rich text: a table cell is the one box QLabel draws with a background.
    Q_UNUSED(hatched)
    return QStringLiteral("<span style='background-color:%1; color:%1; border:%2'>&nbsp;&nbsp;&nbsp;&nbsp;</span>")
        .arg(c.name(), dashed ? palette::themed(QStringLiteral("1px dashed {{secondary}}")) : QStringLiteral("none"));
}

// "ranked 1 of 3: spread … → 0 (least); binpack memory → 3712 MiB (least)" as a headline and one
// line per strategy, so a class can read it from the back row.
QString explanationHtml(const QString &text)
{
    static const QRegularExpression ranked(QStringLiteral("^ranked (\\d+) of (\\d+)(?::\\s*(.*))?$"));
    const QRegularExpressionMatch m = ranked.match(text);
    if (!m.hasMatch())
        return QStringLiteral("<p>%1</p>").arg(text.toHtmlEscaped());
    QString html =
        QObject::tr("<p>Ranked <b>%1</b> of %2 instances that could take it.</p>").arg(m.captured(1), m.captured(2));
    const QStringList terms = m.captured(3).split(QStringLiteral("; "), Qt::SkipEmptyParts);
    if (!terms.isEmpty()) {
        html += QStringLiteral("<ol style='margin-left:-20px'>");
        for (const QString &term : terms)
            html += QStringLiteral("<li style='margin-bottom:4px'>%1</li>").arg(term.toHtmlEscaped());
        html += QStringLiteral("</ol>");
    }
    return html;
}

const char kPanelStyle[] = "<style>h2 { font-size: 22px; margin-bottom: 6px; }"
                           " .muted { color: {{slate}}; } .box { background: {{infoBox}}; padding: 8px; }"
                           " .wait { background: {{waitBox}}; padding: 8px; }</style>";

} // namespace

FleetView::FleetView(ConsoleContext &context, QWidget *parent)
    : Page(context, parent), m_cp(context.controlPlane()), m_title(new QLabel(this)), m_summary(new QLabel(this)),
      m_runButton(new QPushButton(tr("Run task…"), this)),
      m_interruptButton(new QPushButton(tr("Interrupt (Spot)"), this)), m_actionMessage(new QLabel(this)),
      m_zoomOutButton(new QPushButton(QStringLiteral("−"), this)),
      m_zoomInButton(new QPushButton(QStringLiteral("+"), this)),
      m_zoomFitButton(new QPushButton(tr("Zoom to fit"), this)), m_canvas(new FleetCanvas(this)),
      m_explanation(new QTextBrowser(this)), m_legend(new QLabel(this))
{
    setObjectName(QStringLiteral("fleetView"));
    m_title->setObjectName(QStringLiteral("fleetTitle"));
    m_title->setTextFormat(Qt::RichText);
    m_summary->setObjectName(QStringLiteral("fleetSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_runButton->setObjectName(QStringLiteral("fleetRunTaskButton"));
    m_interruptButton->setObjectName(QStringLiteral("fleetInterruptButton"));
    m_interruptButton->setToolTip(tr("FARGATE_SPOT: AWS takes the capacity back. The task gets SIGTERM (two minutes' "
                                     "warning), stops with stop code SpotInterruption, and its service replaces it."));
    m_interruptButton->setEnabled(false);
    m_actionMessage->setObjectName(QStringLiteral("fleetActionMessage"));
    m_actionMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_actionMessage->setVisible(false);
    m_zoomOutButton->setObjectName(QStringLiteral("zoomOutButton"));
    m_zoomOutButton->setToolTip(tr("Zoom out"));
    m_zoomInButton->setObjectName(QStringLiteral("zoomInButton"));
    m_zoomInButton->setToolTip(tr("Zoom in"));
    m_zoomFitButton->setObjectName(QStringLiteral("zoomFitButton"));
    m_zoomFitButton->setToolTip(tr("Show the whole fleet (double-click the background does the same)"));
    for (QPushButton *b : {m_zoomOutButton, m_zoomInButton})
        b->setFixedWidth(b->sizeHint().height() + 6);
    m_explanation->setObjectName(QStringLiteral("fleetExplanation"));
    m_explanation->setOpenLinks(false);
    m_explanation->setMinimumWidth(260);
    // Read from the back of a room: larger than the console's body text.
    QFont panelFont = m_explanation->font();
    panelFont.setPixelSize(15);
    m_explanation->setFont(panelFont);
    QFont legendFont = m_legend->font();
    legendFont.setPixelSize(13);
    m_legend->setFont(legendFont);
    m_legend->setObjectName(QStringLiteral("fleetLegend"));
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setWordWrap(true);

    auto *top = new QHBoxLayout;
    top->addWidget(m_title);
    top->addSpacing(12);
    top->addWidget(m_summary, 1);
    top->addWidget(m_actionMessage);
    top->addWidget(m_interruptButton);
    top->addWidget(m_runButton);
    top->addSpacing(12);
    top->addWidget(m_zoomOutButton);
    top->addWidget(m_zoomInButton);
    top->addWidget(m_zoomFitButton);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("fleetSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_canvas);
    splitter->addWidget(m_explanation);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    splitter->setSizes({900, 320});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_legend);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(50);
    connect(&m_refreshTimer, &QTimer::timeout, this, &FleetView::refresh);
    const auto schedule = [this] {
        if (!m_refreshTimer.isActive())
            m_refreshTimer.start();
    };
    ChangeFeed::watch(m_cp, Change::Tasks | Change::ContainerInstances, this, schedule);
    connect(m_runButton, &QPushButton::clicked, this, &FleetView::runTask);
    connect(m_interruptButton, &QPushButton::clicked, this, &FleetView::interruptSelected);
    connect(m_zoomInButton, &QPushButton::clicked, m_canvas, &FleetCanvas::zoomIn);
    connect(m_zoomOutButton, &QPushButton::clicked, m_canvas, &FleetCanvas::zoomOut);
    connect(m_zoomFitButton, &QPushButton::clicked, m_canvas, &FleetCanvas::zoomToFit);
    connect(m_canvas, &FleetCanvas::selectionChanged, this, &FleetView::updateExplanation);

    setCluster({});
}

void FleetView::setCluster(const QString &cluster)
{
    const bool changed = cluster != m_cluster;
    m_cluster = cluster;
    m_title->setText(cluster.isEmpty() ? tr("<h3>Fleet</h3>")
                                       : tr("<h3>Fleet of %1</h3>").arg(cluster.toHtmlEscaped()));
    m_runButton->setEnabled(!cluster.isEmpty());
    if (changed) {
        // Another cluster is another picture: nothing grows in, the view fits it.
        const bool animate = m_canvas->animationsEnabled();
        m_canvas->setAnimationsEnabled(false);
        refresh();
        m_canvas->setAnimationsEnabled(animate);
        m_canvas->selectInstance({});
        m_canvas->zoomToFit();
    } else {
        refresh();
    }
}

void FleetView::refresh()
{
    m_refreshTimer.stop();
    if (m_cluster.isEmpty()) {
        m_canvas->setFleet({}, {}, {});
    } else {
        QList<fd::Task> tasks = m_cp.tasks().list(m_cluster);
        tasks.removeIf([](const fd::Task &t) { return t.isStopped(); });
        m_canvas->setFleet(m_cp.instances().list(m_cluster), tasks, m_cp.instances().availabilityZones());
    }
    updateSummary();
    updateExplanation();
}

void FleetView::updateSummary()
{
    if (m_cluster.isEmpty()) {
        m_summary->setText(tr("Select a cluster in the navigation to see its fleet."));
        m_legend->clear();
        return;
    }
    const QList<fd::ContainerInstance> instances = m_cp.instances().list(m_cluster);
    QSet<QString> zones;
    for (const fd::ContainerInstance &ci : instances)
        zones.insert(ci.availabilityZone);
    const int waiting = int(m_canvas->waitingTasks().size());
    int placed = 0;
    for (const fd::ContainerInstance &ci : instances)
        placed += int(m_canvas->tasksOn(ci.id).size());
    int fargate = 0;
    for (const QString &zone : m_cp.instances().availabilityZones())
        fargate += int(m_canvas->fargateTasksIn(zone).size());
    const QLocale locale;
    const auto count = [&locale](qsizetype n, const QString &one, const QString &many) {
        return n == 1 ? one : many.arg(locale.toString(n));
    };
    QString text =
        tr("%1 in %2 · %3 placed")
            .arg(count(instances.size(), tr("1 instance"), tr("%1 instances")),
                 count(zones.size(), tr("1 zone"), tr("%1 zones")), count(placed, tr("1 task"), tr("%1 tasks")));
    if (fargate > 0)
        text += tr(" · %1 on Fargate").arg(locale.toString(fargate));
    if (waiting > 0)
        text += palette::themed(tr(" · <span style='color:{{waiting}}'><b>%1 waiting for capacity</b></span>"))
                    .arg(locale.toString(waiting));
    m_summary->setText(text);

    QStringList entries;
    for (const FleetCanvas::LegendEntry &e : m_canvas->legend())
        entries << QStringLiteral("%1&nbsp;%2").arg(swatch(e.colour), e.label.toHtmlEscaped());
    QString legend = entries.isEmpty() ? tr("No tasks yet.") : entries.join(QStringLiteral(" &nbsp; &nbsp;"));
    legend += palette::themed(
        tr("<br><span style='color:{{slate}}'>Colour: the task definition family; older revisions are lighter. "
           "<b>Block width</b>: the task's share of its instance's scarcer resource (the larger of CPU units "
           "and memory reserved ÷ registered), so a full strip means a full instance. <b>Bars</b>: CPU and "
           "memory reserved of registered. Dashed: starting or waiting · striped: stopping · red dot: "
           "unhealthy. <b>Fargate lane</b>: tasks without an instance, each with its own address (ENI); "
           "SPOT: FARGATE_SPOT, can be interrupted.</span>"));
    m_legend->setText(legend);
}

bool FleetView::selectTask(const QString &taskId)
{
    if (!m_canvas->task(taskId))
        return false;
    m_canvas->selectTask(taskId);
    return true;
}

QString FleetView::explanationText() const
{
    return m_explanation->toPlainText();
}

QString FleetView::taskAt(const QPoint &viewportPos) const
{
    return m_canvas->taskAt(viewportPos);
}

QRect FleetView::instanceRect(const QString &instanceId) const
{
    return m_canvas->instanceRect(instanceId);
}

QRect FleetView::taskRect(const QString &taskId) const
{
    return m_canvas->taskRect(taskId);
}

void FleetView::updateExplanation()
{
    QString html = palette::themed(QString::fromLatin1(kPanelStyle));
    const fd::Task *t = m_canvas->task(m_canvas->selectedTask());
    // Only a FARGATE_SPOT task still meant to run can be interrupted.
    m_interruptButton->setEnabled(t && t->capacityProviderName == u"FARGATE_SPOT" &&
                                  t->desiredStatus != fd::TaskStatus::Stopped);
    const fd::ContainerInstance *ci = m_canvas->instance(m_canvas->selectedInstance());
    if (t && t->isFargate()) {
        html += tr("<h2>On Fargate</h2>");
        html += tr("<p><b>%1</b> &nbsp;task <tt>%2</tt><br><span class='muted'>%3 · %4 CPU units · %5 MiB</span></p>")
                    .arg(t->taskDefinition().toHtmlEscaped(), t->id.left(8), fd::toString(t->lastStatus))
                    .arg(t->cpu)
                    .arg(t->memory);
        const QString zone = FleetCanvas::fargateZone(*t);
        QString rows;
        const auto row = [&rows](const QString &name, const QString &value) {
            rows += QStringLiteral("%1: <b>%2</b><br>").arg(name, value.toHtmlEscaped());
        };
        row(tr("Launch type"), t->launchType);
        row(tr("Capacity provider"), t->capacityProviderName.isEmpty() ? tr("— (launch type)") : t->capacityProviderName);
        row(tr("Platform version"), t->platformVersion.isEmpty() ? tr("—") : t->platformVersion);
        row(tr("Zone"), zone.isEmpty() ? tr("not yet known") : zone);
        if (t->eni) {
            row(tr("ENI address"), t->eni->privateIPv4Address);
            row(tr("Subnet"), t->eni->subnetId);
            row(tr("ENI"), QStringLiteral("%1 (%2)").arg(t->eni->eniId, t->eni->status));
        } else {
            row(tr("ENI"), tr("not attached yet"));
        }
        row(tr("Engine"), t->engineId.isEmpty() ? tr("not chosen yet") : t->engineId);
        html += QStringLiteral("<div class='box'>%1</div>").arg(rows);
        html += tr("<p class='muted'>No container instance: ECS gives the task an elastic network interface of its "
                   "own in one of its subnets; clients reach its containers on that address, at their container "
                   "ports.</p>");
        if (t->capacityProviderName == u"FARGATE_SPOT")
            html += tr("<p class='wait'>FARGATE_SPOT: capacity can be taken back with two minutes' warning "
                       "(stop code SpotInterruption); a service starts a replacement.</p>");
    } else if (t && !t->isPlaced()) {
        html += tr("<h2>Why nothing fits</h2>");
        html += tr("<p><b>%1</b> &nbsp;task <tt>%2</tt><br><span class='muted'>%3 · needs %4 CPU units and %5 MiB"
                   "</span></p>")
                    .arg(t->taskDefinition().toHtmlEscaped(), t->id.left(8), fd::toString(t->lastStatus))
                    .arg(t->cpu)
                    .arg(t->memory);
        html += QStringLiteral("<p class='wait'>%1</p>")
                    .arg((t->pendingReason.isEmpty() ? tr("No instance has been tried yet.") : t->pendingReason)
                             .toHtmlEscaped());
        html += tr("<p class='muted'>It stays PENDING and is placed as soon as an instance can take it: add "
                   "instances, stop tasks, or activate a drained instance.</p>");
    } else if (t) {
        const fd::ContainerInstance *on = m_canvas->instance(t->containerInstanceId);
        html += tr("<h2>Why here?</h2>");
        html += tr("<p><b>%1</b> &nbsp;task <tt>%2</tt><br><span class='muted'>%3 · %4 CPU units · %5 MiB</span></p>")
                    .arg(t->taskDefinition().toHtmlEscaped(), t->id.left(8), fd::toString(t->lastStatus))
                    .arg(t->cpu)
                    .arg(t->memory);
        if (on)
            html += tr("<p>On <b>%1</b> in <b>%2</b></p>").arg(on->ec2InstanceId, on->availabilityZone);
        html += QStringLiteral("<div class='box'>%1</div>")
                    .arg(t->placementExplanation.isEmpty() ? tr("<p>No explanation was recorded.</p>")
                                                           : explanationHtml(t->placementExplanation));
        if (!t->placementStrategy.isEmpty() || !t->placementConstraints.isEmpty())
            html += tr("<p class='muted'>Strategy %1<br>Constraints %2</p>")
                        .arg(QString::fromUtf8(fd::scheduler::toJsonText(t->placementStrategy)).toHtmlEscaped(),
                             t->placementConstraints.isEmpty()
                                 ? tr("none")
                                 : QString::fromUtf8(fd::scheduler::toJsonText(t->placementConstraints)).toHtmlEscaped());
    } else if (ci) {
        html += tr("<h2>%1</h2>").arg(ci->ec2InstanceId);
        html += tr("<p>%1 in <b>%2</b> · %3<br>address %4 · engine %5 · agent %6</p>")
                    .arg(ci->instanceType, ci->availabilityZone, fd::toString(ci->status), ci->address, ci->engineId,
                         ci->agentConnected ? tr("connected")
                                            : palette::themed(tr("<span style='color:{{error}}'>disconnected</span>")));
        html += tr("<p>CPU: %1 of %2 units reserved<br>Memory: %3 of %4 MiB reserved<br>%5 task(s) here</p>")
                    .arg(ci->usedCpu)
                    .arg(ci->registeredCpu)
                    .arg(ci->usedMemory)
                    .arg(ci->registeredMemory)
                    .arg(m_canvas->tasksOn(ci->id).size());
        if (ci->status == fd::InstanceStatus::Draining)
            html += tr("<p class='wait'>DRAINING: no new tasks are placed here.</p>");
    } else {
        html += tr("<h2>Why here?</h2>");
        html += tr("<p>Click a task to see why the scheduler put it on its instance. Click a task in the "
                   "<b>waiting</b> tray to see why no instance can take it.</p>");
        html += tr("<p class='muted'>For every task, ECS:<br>1. keeps the instances with enough CPU, memory and "
                   "ports,<br>2. keeps those that satisfy the constraints,<br>3. ranks them with the strategies,"
                   "<br>4. takes the first.</p>");
    }
    m_explanation->setHtml(html);
}

void FleetView::interruptSelected()
{
    const QString id = m_canvas->selectedTask();
    if (id.isEmpty())
        return;
    const fd::Result<fd::Task> done = m_cp.tasks().interruptSpot(m_cluster, id);
    m_actionMessage->setVisible(true);
    if (!done) {
        const fd::Error &e = done.error();
        m_actionMessage->setStyleSheet(palette::themed(QStringLiteral("color: {{error}};")));
        m_actionMessage->setText(tr("Interrupt refused: %1").arg(e.message));
    } else {
        m_actionMessage->setStyleSheet(palette::themed(QStringLiteral("color: {{warningText}};")));
        m_actionMessage->setText(tr("Task %1 interrupted: SIGTERM now, stopped within two minutes").arg(id.left(8)));
    }
    refresh();
}

void FleetView::runTask()
{
    RunTaskDialog dialog(m_cp, m_cluster, this);
    dialog.setSubmitter([this](const RunTaskDialog::Request &r) { return m_cp.tasks().run(r); });
    QStringList started;
    connect(&dialog, &RunTaskDialog::tasksStarted, this, [&started](const QStringList &ids) { started << ids; });
    dialog.exec();
    refresh();
    if (!started.isEmpty())
        selectTask(started.back());
}

QString FleetView::pageKey() const
{
    return pages::Fleet;
}

QString FleetView::title() const
{
    return tr("Fleet");
}

QString FleetView::toolTip(const QString &key) const
{
    return tr("The fleet of %1 as a picture: zones, instances, tasks, and why each task is where it is").arg(key);
}

void FleetView::showKey(const QString &key)
{
    setCluster(key);
}

bool FleetView::selectItem(const QString &item)
{
    return selectTask(item);
}

} // namespace fd::ui
