#include "DeploymentView.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "ops/Tasks.h"
#include "ops/Services.h"
#include "Palette.h"
#include "traffic/TrafficGenerator.h"
#include "widgets/DeploymentCanvas.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>

#include <algorithm>

namespace fd::ui {

namespace {

bool reducedMotion()
{
    return qEnvironmentVariableIsSet("FLEETDECK_REDUCED_MOTION") ||
           qEnvironmentVariableIsSet("FLEETDECK_NO_ANIMATIONS");
}

bool hasEssentialHealthCheck(const fd::Task &t)
{
    return std::any_of(t.containers.cbegin(), t.containers.cend(),
                       [](const fd::TaskContainer &c) { return c.essential && c.hasHealthCheck; });
}

QString pill(const QString &text, const QString &background)
{
    return palette::themed(
               QStringLiteral(
                   "<span style='background-color:%1; color:{{onFill}}; font-weight:bold'>&nbsp;%2&nbsp;</span>"))
        .arg(background, text.toHtmlEscaped());
}

} // namespace

DeploymentView::DeploymentView(fd::ControlPlane &cp, QWidget *parent)
    : QWidget(parent), m_cp(cp), m_title(new QLabel(this)), m_state(new QLabel(this)), m_summary(new QLabel(this)),
      m_canvas(new DeploymentCanvas(this)), m_events(new QTextBrowser(this)), m_verdict(new QLabel(this))
{
    setObjectName(QStringLiteral("deploymentView"));
    m_title->setObjectName(QStringLiteral("deploymentTitle"));
    m_state->setObjectName(QStringLiteral("deploymentState"));
    m_summary->setObjectName(QStringLiteral("deploymentSummary"));
    m_events->setObjectName(QStringLiteral("deploymentEvents"));
    m_verdict->setObjectName(QStringLiteral("deploymentTrafficVerdict"));
    m_verdict->setTextFormat(Qt::RichText);
    m_verdict->setVisible(false);
    for (QLabel *l : {m_title, m_state, m_summary})
        l->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    // Read from the back of a room.
    QFont titleFont = m_title->font();
    titleFont.setPixelSize(30);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    QFont stateFont = m_state->font();
    stateFont.setPixelSize(19);
    m_state->setFont(stateFont);
    QFont summaryFont = m_summary->font();
    summaryFont.setPixelSize(19);
    m_summary->setFont(summaryFont);
    m_summaryFont = summaryFont;
    QFont eventsFont = m_events->font();
    eventsFont.setPixelSize(16);
    m_events->setFont(eventsFont);
    m_events->setOpenLinks(false);
    m_events->setMinimumWidth(300);
    m_events->setFrameShape(QFrame::NoFrame);
    m_events->setStyleSheet(palette::themed(QStringLiteral("QTextBrowser { background: {{panelBackground}}; }")));

    auto *top = new QHBoxLayout;
    top->setSpacing(16);
    top->addWidget(m_title);
    top->addWidget(m_state, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("deploymentSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_canvas);
    splitter->addWidget(m_events);
    // Both grow with the window, the chart more: about 3:1 from 1280 to 1920 pixels wide.
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({1400, 420});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(m_verdict);
    layout->addWidget(splitter, 1);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(50);
    connect(&m_refreshTimer, &QTimer::timeout, this, &DeploymentView::refresh);
    const auto schedule = [this] {
        if (!m_service.isEmpty() && !m_refreshTimer.isActive())
            m_refreshTimer.start();
    };
    ChangeFeed::watch(m_cp, Change::Services | Change::Tasks, this, schedule);
    m_tick.setInterval(reducedMotion() ? 1000 : 333);
    connect(&m_tick, &QTimer::timeout, this, &DeploymentView::rebuild);
    m_trafficTick.setInterval(250);
    connect(&m_trafficTick, &QTimer::timeout, this, &DeploymentView::pollTraffic);

    setService({}, {});
}

void DeploymentView::setService(const QString &cluster, const QString &name)
{
    if (cluster != m_cluster || name != m_service) {
        m_healthySince.clear();
        m_firstSnapshot = true;
    }
    m_cluster = cluster;
    m_service = name;
    refresh();
}

void DeploymentView::setEmbedded(bool embedded)
{
    m_title->setVisible(!embedded);
    m_state->setVisible(!embedded);
    m_summary->setFont(embedded ? font() : m_summaryFont);
}

void DeploymentView::refresh()
{
    m_refreshTimer.stop();
    m_snapshot.reset();
    m_tasks.clear();
    if (!m_service.isEmpty()) {
        m_snapshot = m_cp.services().find(m_cluster, m_service);
        if (m_snapshot) {
            ops::TaskFilter filter;
            filter.group = m_snapshot->group();
            m_tasks = m_cp.tasks().list(m_snapshot->cluster, filter);
        }
    }
    // Checked tasks carry no "healthy since": note when each is first seen HEALTHY. Tasks already
    // healthy when the view first looks are taken as healthy from their start (the best known).
    const QDateTime now = m_cp.clock().now();
    for (const fd::Task &t : std::as_const(m_tasks))
        if (t.healthStatus == fd::Health::Healthy && hasEssentialHealthCheck(t) && !m_healthySince.contains(t.id))
            m_healthySince.insert(t.id, m_firstSnapshot && t.startedAt.isValid() ? t.startedAt : now);
    m_firstSnapshot = m_snapshot.has_value() ? false : m_firstSnapshot;
    rebuild();
}

void DeploymentView::rebuild()
{
    if (m_snapshot)
        m_timeline = buildDeploymentTimeline(*m_snapshot, m_tasks, m_cp.clock().now(), m_healthySince);
    else
        m_timeline = emptyDeploymentTimeline(m_cluster, m_service, false);
    m_canvas->setTimeline(m_timeline);
    updateTraffic();
    updateHeader();
    updateEvents();
    if (m_timeline.isLive() && !m_tick.isActive())
        m_tick.start();
    else if (!m_timeline.isLive() && m_tick.isActive())
        m_tick.stop();
}

void DeploymentView::updateHeader()
{
    const DeploymentTimeline &tl = m_timeline;
    m_title->setText(tl.service.isEmpty() ? tr("Deployments") : tl.service.toHtmlEscaped());
    if (!tl.hasDeployment) {
        m_state->setText(tl.hasService ? palette::themed(tr("<span style='color:{{slate}}'>no deployment yet</span>"))
                                       : QString());
        m_summary->setText(
            tl.hasService || tl.service.isEmpty()
                ? QString()
                : palette::themed(tr("<span style='color:{{slate}}'>No service %1 in cluster %2.</span>"))
                      .arg(tl.service.toHtmlEscaped(), tl.cluster.toHtmlEscaped()));
        return;
    }
    const QString state = fd::toString(tl.rolloutState);
    const QString colour = tl.rolloutState == RolloutState::Completed ? palette::DeployCompleted.name()
                           : tl.rolloutState == RolloutState::Failed  ? palette::DeployFailed.name()
                                                                      : palette::Deploying.name();
    m_state->setText(tr("Deployment <b>%1</b> &nbsp;%2").arg(tl.deploymentId.toHtmlEscaped(), pill(state, colour)));

    const QString from = tl.fromRevisions.isEmpty() ? tr("(new service)") : tl.fromRevisions.join(QStringLiteral(", "));
    const TimelineCounts c = tl.countsAt(tl.now);
    int running = 0, pending = 0;
    if (m_snapshot) {
        running = m_snapshot->runningCount();
        pending = m_snapshot->pendingCount();
    }
    const QString elapsed = formatElapsed(tl.elapsedMs());
    QString text =
        palette::themed(
            tr("<b><span style='color:{{oldRevision}}'>%1</span> &rarr; <span style='color:{{deploying}}'>%2</span></b>"
               " &nbsp;·&nbsp; desired <b>%3</b> · running <b>%4</b> · pending <b>%5</b> · healthy "
               "<b>%6</b> &nbsp;·&nbsp; %7 %8"))
            .arg(from.toHtmlEscaped(), tl.toRevision.toHtmlEscaped())
            .arg(tl.desiredCount)
            .arg(running)
            .arg(pending)
            .arg(c.totalHealthy())
            .arg(tl.completedAt.isValid() ? tr("took") : tr("elapsed"), QStringLiteral("<b>%1</b>").arg(elapsed));
    text += palette::themed(tr(" &nbsp;·&nbsp; <span style='color:{{slate}}'>minimum healthy %1%, maximum %2%</span>"))
                .arg(tl.percents.minimumHealthyPercent)
                .arg(tl.percents.maximumPercent);
    m_summary->setText(text);
}

void DeploymentView::updateEvents()
{
    const DeploymentTimeline &tl = m_timeline;
    QString key = tl.deploymentId;
    for (const TimelineEvent &e : tl.events)
        key += e.at.toString(Qt::ISODateWithMs) + e.message;
    if (key == m_eventsKey && !key.isEmpty())
        return;
    m_eventsKey = key;
    QString html =
        palette::themed(QStringLiteral("<style>td { padding: 5px 4px; vertical-align: top; } .n { color: {{onFill}}; "
                                       "background-color: {{ink}}; font-weight: bold; } .t { color: {{slate}}; "
                                       "white-space: nowrap; } h3 { margin: 2px 0 6px 0; }</style>"));
    html += palette::themed(
        tr("<h3>Service events <span style='color:{{slate}}; font-weight:normal'>newest first</span></h3>"));
    if (tl.events.isEmpty()) {
        html += palette::themed(tr("<p style='color:{{slate}}'>%1</p>"))
                    .arg(tl.hasDeployment ? tr("No events since this deployment began.")
                                          : tr("Events of the service's deployments appear here."));
    } else {
        html += QStringLiteral("<table cellspacing='0' width='100%'>");
        for (const TimelineEvent &e : tl.events) {
            const qint64 ms = tl.createdAt.msecsTo(e.at);
            html += QStringLiteral("<tr><td align='center' class='n'>&nbsp;%1&nbsp;</td><td class='t'>%2<br>"
                                   "<span style='font-size:small'>%3</span></td><td>%4</td></tr>")
                        .arg(e.number)
                        .arg((ms >= 0 ? QStringLiteral("+") : QString()) + formatElapsed(ms),
                             e.at.toLocalTime().toString(QStringLiteral("HH:mm:ss")), e.shortText.toHtmlEscaped());
        }
        html += QStringLiteral("</table>");
    }
    m_events->setHtml(html);
}

void DeploymentView::setTraffic(const fd::traffic::TrafficGenerator *traffic)
{
    m_traffic = traffic;
    m_trafficRun = 0;
    m_trafficWasRunning = false;
    if (m_traffic)
        m_trafficTick.start();
    else
        m_trafficTick.stop();
    rebuild();
}

// 4 Hz: a running generator redraws the view (its clock moves the window too); a run that just
// ended or a new one redraws once more.
void DeploymentView::pollTraffic()
{
    if (!m_traffic || !isVisible()) // a hidden tab catches up at its next tick once shown
        return;
    const bool running = m_traffic->isRunning();
    if (running || m_trafficWasRunning || m_traffic->runId() != m_trafficRun)
        rebuild();
    m_trafficWasRunning = running;
}

void DeploymentView::updateTraffic()
{
    m_scoreboard = {};
    if (m_traffic && m_traffic->runId() != 0) {
        m_trafficRun = m_traffic->runId();
        m_scoreboard = buildTrafficScoreboard(m_traffic->snapshot(), m_timeline);
    }
    m_canvas->setTraffic(m_scoreboard);
    m_verdict->setVisible(m_scoreboard.present);
    if (!m_scoreboard.present)
        return;
    const TrafficScoreboard &sb = m_scoreboard;
    const QString colour = sb.failed == 0 ? palette::Ok.name() : palette::Error.name();
    QString detail = sb.running ? tr("sending, %1 connections").arg(sb.concurrency)
                                : tr("traffic %1").arg(sb.endReason.isEmpty() ? tr("ended") : sb.endReason);
    const QString served = sb.servedText(m_timeline);
    if (!served.isEmpty())
        detail += QStringLiteral(" · ") + tr("served: %1").arg(served);
    if (sb.abandoned > 0)
        detail += QStringLiteral(" · ") + tr("%1 abandoned at stop").arg(sb.abandoned);
    m_verdict->setText(
        palette::themed(QStringLiteral("<span style='font-size:26px; font-weight:bold; color:%1'>%2</span>"
                                       "&nbsp;&nbsp;<span style='font-size:17px; color:{{slate}}'>%3</span>"))
            .arg(colour, sb.verdict().toHtmlEscaped(), detail.toHtmlEscaped()));
}

QString DeploymentView::trafficText() const
{
    if (!m_verdict->isVisible() && !m_scoreboard.present)
        return {};
    QTextDocument doc;
    doc.setHtml(m_verdict->text());
    return doc.toPlainText();
}

QString DeploymentView::headerText() const
{
    QStringList parts;
    for (const QLabel *l : {m_title, m_state, m_summary}) {
        QTextDocument doc;
        doc.setHtml(l->text());
        parts << doc.toPlainText();
    }
    return parts.join(u'\n');
}

QString DeploymentView::eventsText() const
{
    return m_events->toPlainText();
}

} // namespace fd::ui
