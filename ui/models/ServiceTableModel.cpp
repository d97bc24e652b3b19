#include "ServiceTableModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "ops/Services.h"
#include "Formatter.h"
#include "Palette.h"

#include <QColor>
#include <QFont>

#include <algorithm>

namespace fd::ui {

namespace {

// Every change the ControlPlane makes to a service bumps its version.
bool sameService(const fd::Service &a, const fd::Service &b)
{
    return a.version == b.version && a.status == b.status;
}

const QString &keyOf(const fd::Service &v)
{
    return v.name;
}

} // namespace

ServiceTableModel::ServiceTableModel(fd::ControlPlane &cp, QObject *parent) : ColumnTableModel(parent), m_cp(cp)
{
    defineColumns();
    ChangeFeed::watch(m_cp, Change::Services, this, [this] { scheduleRefresh(); });
}

void ServiceTableModel::setCluster(const QString &cluster)
{
    if (cluster == m_cluster)
        return;
    m_cluster = cluster;
    refresh();
}

void ServiceTableModel::refresh()
{
    syncRows(m_cluster.isEmpty() ? QList<fd::Service>() : m_cp.services().list(m_cluster), keyOf, sameService);
}

int ServiceTableModel::rowOf(const QString &name) const
{
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), name,
                                     [](const fd::Service &v, const QString &key) { return v.name < key; });
    return it != m_rows.cend() && it->name == name ? int(it - m_rows.cbegin()) : -1;
}

std::optional<fd::Service> ServiceTableModel::serviceAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row];
}

QString ServiceTableModel::deploymentsText(const fd::Service &v)
{
    const fd::Deployment *p = v.primary();
    if (v.status != fd::ServiceStatus::Active) {
        const int left = v.runningCount() + v.pendingCount();
        return left > 0 ? tr("draining: %n left", nullptr, left) : tr("draining");
    }
    if (!p)
        return Formatter::none();
    int old = 0;
    for (const fd::Deployment &d : v.deployments)
        if (&d != p)
            old += d.runningCount + d.pendingCount;
    if (v.deployments.size() == 1 && p->rolloutState == fd::RolloutState::Completed)
        return tr("1 deployment");
    // Example: desired 4 at 100/200 half-way: "rolling: 2 of 4 new · 4 old".
    QString text =
        p->rolloutState == fd::RolloutState::Failed ? tr("failed: %1 of %2 new") : tr("rolling: %1 of %2 new");
    text = text.arg(p->runningCount).arg(p->desiredCount);
    if (old > 0)
        text += tr(" · %1 old").arg(old);
    return text;
}

QString ServiceTableModel::rolloutKey(const fd::Service &v)
{
    const fd::Deployment *p = v.primary();
    if (!p)
        return {};
    if (p->rolloutState == fd::RolloutState::InProgress && !p->rolledBackFrom.isEmpty())
        return QStringLiteral("ROLLBACK");
    return fd::toString(p->rolloutState);
}

void ServiceTableModel::defineColumns()
{
    using S = fd::Service;
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    m_columns.setRowRole(KeyRole, [](const S &v) { return v.name; });
    m_columns.setRowRole(StatusRole, [](const S &v) { return fd::toString(v.status); });
    m_columns.setAlignHeaders(true);
    m_columns.add(tr("Service")).display([](const S &v) { return v.name; }).font([](const S &) {
        QFont f;
        f.setBold(true);
        return f;
    });
    m_columns.add(tr("Status")).display([](const S &v) { return fd::toString(v.status); }).foreground([](const S &v) {
        return v.status != fd::ServiceStatus::Active ? QVariant(palette::Warn) : QVariant();
    });
    m_columns
        .add(tr("Strategy"), tr("REPLICA keeps the desired count; DAEMON runs one task on every container instance"))
        .display([](const S &v) { return fd::toString(v.schedulingStrategy); })
        .foreground([](const S &) { return palette::Secondary; });
    m_columns.add(tr("Task definition")).display([](const S &v) { return v.taskDefinition(); });
    m_columns.add(tr("Desired")).display([](const S &v) { return v.desiredCount; }).align(right);
    m_columns.add(tr("Running"), tr("RUNNING tasks over every deployment"))
        .display([](const S &v) { return v.runningCount(); })
        .align(right)
        .foreground([](const S &v) {
            // below desired: worth a look
            return v.runningCount() < v.desiredCount ? QVariant(palette::Waiting) : QVariant();
        });
    m_columns.add(tr("Pending"), tr("Tasks on their way to RUNNING"))
        .display([](const S &v) { return v.pendingCount(); })
        .align(right);
    m_columns
        .add(tr("Deployments"),
             tr("How far the newest deployment has rolled out, and how many tasks of older ones remain"))
        .display([](const S &v) { return deploymentsText(v); })
        .raw([](const S &v) { return int(v.deployments.size()); })
        .toolTip([](const S &v) {
            QStringList lines;
            for (const fd::Deployment &d : v.deployments)
                lines << tr("%1 %2 %3: %4 running, %5 pending of %6")
                             .arg(fd::toString(d.status), d.id, d.taskDefinition())
                             .arg(d.runningCount)
                             .arg(d.pendingCount)
                             .arg(d.desiredCount);
            return lines.join(u'\n');
        });
    m_columns.add(tr("Rollout"), tr("The rollout state of the PRIMARY deployment"))
        .display([](const S &v) { return rolloutText(rolloutKey(v)); })
        .raw([](const S &v) { return rolloutKey(v); })
        .role(StatusRole, [](const S &v) { return rolloutKey(v); })
        .toolTip([](const S &v) {
            const fd::Deployment *p = v.primary();
            return p ? QVariant(
                           QStringLiteral("%1 %2\n%3").arg(fd::toString(p->rolloutState), p->id, p->rolloutStateReason))
                     : QVariant();
        });
    m_columns.add(tr("Last event"))
        .display([](const S &v) { return v.events.isEmpty() ? QString() : shortEvent(v, v.events.front().message); })
        .raw([](const S &v) { return v.events.isEmpty() ? QDateTime() : v.events.front().createdAt; })
        .foreground([](const S &) { return palette::Secondary; })
        .toolTip([](const S &v) {
            return v.events.isEmpty() ? QVariant()
                                      : QVariant(QStringLiteral("%1\n%2").arg(
                                            Formatter::dateTime(v.events.front().createdAt), v.events.front().message));
        });
    Q_ASSERT(m_columns.count() == ColumnCount);
}

QString ServiceTableModel::rolloutText(const QString &key)
{
    if (key == u"COMPLETED")
        return tr("Completed");
    if (key == u"IN_PROGRESS")
        return tr("In progress");
    if (key == u"FAILED")
        return tr("Failed");
    if (key == u"ROLLBACK")
        return tr("Rolling back");
    return {};
}

QString ServiceTableModel::shortEvent(const fd::Service &v, const QString &message)
{
    const QString prefix = QStringLiteral("(service %1) ").arg(v.name);
    return message.startsWith(prefix) ? message.mid(prefix.size()) : message;
}

} // namespace fd::ui
