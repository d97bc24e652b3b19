#include "ServiceTaskTableModel.h"

#include "ChangeFeed.h"
#include "Clock.h"
#include "TaskProtectionColumn.h"
#include "ControlPlane.h"
#include "Formatter.h"
#include "Palette.h"
#include "models/TaskTableModel.h"
#include "ops/Instances.h"
#include "ops/Services.h"
#include "ops/Tasks.h"

#include <QColor>
#include <QFont>

#include <algorithm>

namespace fd::ui {

namespace {

bool sameTask(const fd::Task &a, const fd::Task &b)
{
    return a.version == b.version && a.lastStatus == b.lastStatus && a.desiredStatus == b.desiredStatus &&
           a.containerInstanceId == b.containerInstanceId;
}

const QString &keyOf(const fd::Task &t)
{
    return t.id;
}

} // namespace

ServiceTaskTableModel::ServiceTaskTableModel(fd::ControlPlane &cp, QObject *parent) : ColumnTableModel(parent), m_cp(cp)
{
    defineColumns();
    ChangeFeed::watch(m_cp, Change::Tasks, this, [this] { scheduleRefresh(); });
    // A deployment turning ACTIVE or INACTIVE changes no task, only this model's Deployment column.
    ChangeFeed::watch(m_cp, Change::Services, this, [this] {
        if (refreshContext() && !m_rows.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1),
                             {Qt::DisplayRole, Qt::ToolTipRole, Qt::ForegroundRole, RawValueRole, StatusRole});
    });
}

void ServiceTaskTableModel::defineColumns()
{
    using T = fd::Task;
    const auto deploymentStatus = [this](const T &t) { return m_deployments.value(t.startedBy).status; };
    const auto stateColour = [](const T &t) {
        if (t.lastStatus == fd::TaskStatus::Running)
            return palette::Ok;
        if (t.lastStatus == fd::TaskStatus::Stopped)
            return palette::Muted;
        return palette::Waiting;
    };
    m_columns.setRowRole(KeyRole, [](const T &t) { return t.id; });
    m_columns.setRowRole(StatusRole, [](const T &t) { return fd::toString(t.lastStatus); });
    m_columns.add(tr("Task"))
        .display([](const T &t) { return t.id.left(8); })
        .raw([](const T &t) { return t.id; })
        .font([](const T &) {
            QFont f(QStringLiteral("monospace"));
            f.setStyleHint(QFont::Monospace);
            return f;
        })
        .toolTip([](const T &t) { return tr("Task %1").arg(t.id); });
    m_columns
        .add(tr("Deployment"), tr("The deployment that started the task: PRIMARY (the newest) or an older ACTIVE one"))
        .display([deploymentStatus](const T &t) {
            const QString status = deploymentStatus(t);
            return status.isEmpty() ? Formatter::none() : status;
        })
        .raw(deploymentStatus)
        .role(StatusRole, deploymentStatus)
        .toolTip([](const T &t) {
            return t.startedBy.isEmpty() ? QVariant() : QVariant(tr("Deployment %1").arg(t.startedBy));
        });
    m_columns.add(tr("Task definition")).display([](const T &t) { return t.taskDefinition(); });
    m_columns.add(tr("Last status"))
        .display([](const T &t) { return fd::toString(t.lastStatus); })
        .raw([](const T &t) { return int(t.lastStatus); })
        .foreground(stateColour);
    m_columns.add(tr("Desired status"))
        .display([](const T &t) { return fd::toString(t.desiredStatus); })
        .raw([](const T &t) { return int(t.desiredStatus); });
    m_columns.add(tr("Health"))
        .display([](const T &t) { return fd::toString(t.healthStatus); })
        .foreground([](const T &t) {
            if (t.healthStatus == fd::Health::Healthy)
                return palette::Ok;
            if (t.healthStatus == fd::Health::Unhealthy)
                return palette::Error;
            return palette::Muted;
        });
    TaskProtectionColumn::add(m_columns, [this] { return m_cp.clock().now(); });
    m_columns.add(tr("Container instance"))
        .display([this](const T &t) {
            if (t.isFargate())
                return TaskTableModel::launchText(t);
            return t.isPlaced() ? m_instances.value(t.containerInstanceId) : tr("waiting for capacity");
        })
        .raw([this](const T &t) {
            if (t.isFargate())
                return TaskTableModel::launchText(t);
            return t.isPlaced() ? m_instances.value(t.containerInstanceId) : QString();
        })
        .toolTip([](const T &t) {
            if (t.isFargate())
                return t.capacityProviderName.isEmpty() ? tr("FARGATE: no container instance")
                                                        : tr("%1: no container instance").arg(t.capacityProviderName);
            return t.isPlaced() ? tr("Container instance %1").arg(t.containerInstanceId)
                                : tr("Waiting for capacity: %1").arg(t.pendingReason);
        });
    m_columns.add(tr("Started"))
        .display([](const T &t) { return t.startedAt.isValid() ? Formatter::dateTime(t.startedAt) : QString(); })
        .raw([](const T &t) { return t.startedAt; });
    m_columns.add(tr("Stopped reason")).display([](const T &t) { return t.stoppedReason; }).toolTip([](const T &t) {
        return t.stoppedReason.isEmpty() ? QVariant() : QVariant(t.stoppedReason);
    });
    Q_ASSERT(m_columns.count() == ColumnCount);
}

void ServiceTaskTableModel::setService(const QString &cluster, const QString &name)
{
    if (cluster == m_cluster && name == m_service)
        return;
    m_cluster = cluster;
    m_service = name;
    refreshContext();
    refresh();
}

void ServiceTaskTableModel::setShowStopped(bool show)
{
    if (show == m_showStopped)
        return;
    m_showStopped = show;
    refresh();
}

bool ServiceTaskTableModel::refreshContext()
{
    QHash<QString, DeploymentInfo> deployments;
    QHash<QString, QString> instances;
    if (!m_service.isEmpty()) {
        if (const std::optional<fd::Service> v = m_cp.services().find(m_cluster, m_service)) {
            for (const QList<fd::Deployment> *list : {&v->deployments, &v->deploymentHistory})
                for (const fd::Deployment &d : *list)
                    deployments.insert(d.id, {fd::toString(d.status), d.taskDefinition()});
        }
        for (const fd::InstanceStatus s :
             {fd::InstanceStatus::Active, fd::InstanceStatus::Draining, fd::InstanceStatus::Inactive})
            for (const fd::ContainerInstance &ci : m_cp.instances().list(m_cluster, s))
                instances.insert(ci.id, QStringLiteral("%1 (%2)").arg(ci.ec2InstanceId, ci.availabilityZone));
    }
    if (deployments == m_deployments && instances == m_instances)
        return false;
    m_deployments = std::move(deployments);
    m_instances = std::move(instances);
    return true;
}

void ServiceTaskTableModel::refresh()
{
    QList<fd::Task> fresh;
    if (!m_service.isEmpty()) {
        ops::TaskFilter filter;
        filter.group = QStringLiteral("service:") + m_service;
        fresh = m_cp.tasks().list(m_cluster, filter);
        if (!m_showStopped)
            fresh.removeIf([](const fd::Task &t) { return t.isStopped(); });
        // A task placed on an instance registered since the last look.
        for (const fd::Task &t : std::as_const(fresh))
            if (!t.isFargate() && t.isPlaced() && !m_instances.contains(t.containerInstanceId)) {
                refreshContext();
                break;
            }
    }
    syncRows(std::move(fresh), keyOf, sameTask);
}

int ServiceTaskTableModel::rowOf(const QString &id) const
{
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), id,
                                     [](const fd::Task &t, const QString &key) { return t.id < key; });
    return it != m_rows.cend() && it->id == id ? int(it - m_rows.cbegin()) : -1;
}

std::optional<fd::Task> ServiceTaskTableModel::taskAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row];
}

} // namespace fd::ui
