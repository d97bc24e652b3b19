#include "ServiceOverview.h"

#include "Formatter.h"
#include "Palette.h"
#include "model/Service.h"
#include "services/DeploymentMath.h"
#include "widgets/StatusBadgeDelegate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace fd::ui {

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString row(const QString &label, const QString &value)
{
    return palette::themed(
               QStringLiteral(
                   "<tr><td style='color:{{secondary}}; padding-right:14px' valign='top'>%1</td><td>%2</td></tr>"))
        .arg(label, value);
}

// "spread(attribute:ecs.availability-zone), binpack(memory)" from the JSON array; empty if none.
QString placementText(const QByteArray &json, bool strategies)
{
    const QJsonArray items = QJsonDocument::fromJson(json).array();
    QStringList out;
    for (const QJsonValue &item : items) {
        const QJsonObject o = item.toObject();
        const QString type = o.value(QStringLiteral("type")).toString();
        const QString arg = o.value(strategies ? QStringLiteral("field") : QStringLiteral("expression")).toString();
        out << (arg.isEmpty() ? type : QStringLiteral("%1(%2)").arg(type, arg));
    }
    return out.join(QStringLiteral(", "));
}

} // namespace

QString ServiceOverview::html(const fd::Service &v)
{
    QString h;
    h += QStringLiteral("<table cellspacing='0' cellpadding='3' width='100%'><tr><td valign='top' width='50%'>");
    h += tasksHtml(v);
    h += placementHtml(v);
    h += QStringLiteral("</td><td valign='top' width='50%'>");
    h += deploymentHtml(v);
    h += QStringLiteral("</td></tr></table>");
    return h;
}

QString ServiceOverview::tasksHtml(const fd::Service &v)
{
    QString h = tr("<b>Tasks</b>");
    h += QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    h += row(tr("Desired"), QString::number(v.desiredCount));
    h += row(tr("Running"),
             v.runningCount() < v.desiredCount
                 ? palette::themed(QStringLiteral("<span style='color:{{waiting}}'>%1</span>")).arg(v.runningCount())
                 : QString::number(v.runningCount()));
    h += row(tr("Pending"), QString::number(v.pendingCount()));
    h += row(tr("Status"), StatusBadgeDelegate::html(fd::toString(v.status), fd::toString(v.status)));
    h += row(tr("Scheduling strategy"),
             v.schedulingStrategy == services::SchedulingStrategy::Daemon
                 ? palette::themed(
                       tr("DAEMON <span style='color:{{secondary}}'>(one task on each container instance)</span>"))
                 : tr("REPLICA"));
    h += row(tr("Task definition"), esc(v.taskDefinition()));
    h += row(tr("Created"), tr("%1 by %2").arg(Formatter::dateTime(v.createdAt), esc(v.createdBy)));
    h += QStringLiteral("</table>");
    return h;
}

QString ServiceOverview::placementHtml(const fd::Service &v)
{
    QString h = tr("<p style='margin-top:10px'><b>Placement</b></p>");
    h += QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    const QString strategies = placementText(fd::scheduler::toJsonText(v.placementStrategy), true);
    const QString constraints = placementText(fd::scheduler::toJsonText(v.placementConstraints), false);
    h += row(tr("Strategy"),
             strategies.isEmpty()
                 ? (v.schedulingStrategy == services::SchedulingStrategy::Daemon
                        ? tr("one per instance")
                        : palette::themed(tr("spread(attribute:ecs.availability-zone), spread(instanceId) "
                                             "<span style='color:{{secondary}}'>(default)</span>")))
                 : esc(strategies));
    h += row(tr("Constraints"), constraints.isEmpty() ? Formatter::none() : esc(constraints));
    h += QStringLiteral("</table>");
    return h;
}

QString ServiceOverview::deploymentHtml(const fd::Service &v)
{
    const services::DeploymentBounds b = services::resolveBounds(v.desiredCount, v.percents);
    QString h = tr("<b>Deployment configuration</b>");
    h += QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    h += row(tr("minimumHealthyPercent"), QStringLiteral("%1%").arg(v.percents.minimumHealthyPercent));
    h += row(tr("maximumPercent"), QStringLiteral("%1%").arg(v.percents.maximumPercent));
    // Desired 4 at 100/200: ceil(4 × 100 / 100) = 4 healthy, floor(4 × 200 / 100) = 8 running.
    h += row(tr("Bounds"),
             tr("at least <b>%1</b> healthy, at most <b>%2</b> running").arg(b.minimumHealthy).arg(b.maximum));
    if (!services::canMove(b, v.desiredCount))
        h += row(QString(), palette::themed(QStringLiteral("<span style='color:{{badBadgeText}}'>%1</span>"))
                                .arg(esc(services::cannotMoveReason(b, v.desiredCount))));
    const int threshold = services::circuitBreakerThreshold(v.desiredCount);
    h += row(tr("Circuit breaker"), v.circuitBreaker.enable
                                        ? tr("on, %1 · trips after %n failed task(s)", nullptr, threshold)
                                              .arg(v.circuitBreaker.rollback ? tr("rolls back") : tr("no rollback"))
                                        : tr("off"));
    h += row(tr("Health check grace period"), v.healthCheckGracePeriodSeconds > 0
                                                  ? tr("%n s", nullptr, v.healthCheckGracePeriodSeconds)
                                                  : tr("none (0 s)"));
    h += QStringLiteral("</table>");

    if (const fd::Deployment *p = v.primary()) {
        h += tr("<p style='margin-top:10px'><b>Rollout</b></p>");
        h += QStringLiteral("<p style='margin-top:0'>%1 &nbsp;%2</p>")
                 .arg(StatusBadgeDelegate::html(fd::toString(p->rolloutState), fd::toString(p->rolloutState)),
                      esc(p->rolloutStateReason));
    }
    return h;
}

} // namespace fd::ui
