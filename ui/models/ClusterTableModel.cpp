#include "ClusterTableModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "ops/Clusters.h"
#include "Formatter.h"
#include "model/Arn.h"

namespace fd::ui {

namespace {

bool sameCluster(const fd::Cluster &a, const fd::Cluster &b)
{
    return a.name == b.name && a.status == b.status && a.createdAt == b.createdAt &&
           a.registeredContainerInstancesCount == b.registeredContainerInstancesCount &&
           a.runningTasksCount == b.runningTasksCount && a.pendingTasksCount == b.pendingTasksCount &&
           a.activeServicesCount == b.activeServicesCount && a.containerInsights == b.containerInsights &&
           a.capacityProviders == b.capacityProviders &&
           a.defaultCapacityProviderStrategy == b.defaultCapacityProviderStrategy;
}

QString insightsText(const QString &setting)
{
    if (setting == u"enabled")
        return ClusterTableModel::tr("On");
    if (setting == u"enhanced")
        return ClusterTableModel::tr("Enhanced");
    return ClusterTableModel::tr("Off");
}

// "FARGATE weight 1, base 2; FARGATE_SPOT weight 3", or a note that there is none.
QString strategyText(const fd::Cluster &c)
{
    if (c.capacityProviders.isEmpty())
        return ClusterTableModel::tr("No capacity providers: tasks run on the cluster's container instances (EC2).");
    QStringList items;
    for (const fd::CapacityProviderStrategyItem &i : c.defaultCapacityProviderStrategy)
        items << (i.base > 0
                      ? ClusterTableModel::tr("%1 weight %2, base %3").arg(i.capacityProvider).arg(i.weight).arg(i.base)
                      : ClusterTableModel::tr("%1 weight %2").arg(i.capacityProvider).arg(i.weight));
    return items.isEmpty() ? ClusterTableModel::tr("Capacity providers: %1\nNo default strategy.")
                                 .arg(c.capacityProviders.join(QStringLiteral(", ")))
                           : ClusterTableModel::tr("Capacity providers: %1\nDefault strategy: %2")
                                 .arg(c.capacityProviders.join(QStringLiteral(", ")), items.join(QStringLiteral("; ")));
}

} // namespace

ClusterTableModel::ClusterTableModel(fd::ControlPlane &cp, QObject *parent) : ColumnTableModel(parent), m_cp(cp)
{
    defineColumns();
    ChangeFeed::watch(m_cp, Change::Clusters, this, [this] { scheduleRefresh(); });
    refresh();
}

void ClusterTableModel::defineColumns()
{
    using C = fd::Cluster;
    const auto arn = [this](const C &c) { return QVariant(fd::arn::cluster(m_cp.defaultRegion(), c.name)); };
    m_columns.setRowRole(KeyRole, [](const C &c) { return c.name; });
    m_columns.setRowRole(StatusRole, [](const C &c) { return c.status; });
    m_columns.setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_columns.add(tr("Name")).display([](const C &c) { return c.name; }).toolTip(arn);
    m_columns.add(tr("Status")).display([](const C &c) { return c.status; });
    m_columns.add(tr("ARN")).display(arn).toolTip(arn);
    m_columns.add(tr("Instances"), tr("Registered container instances")).number([](const C &c) {
        return c.registeredContainerInstancesCount;
    });
    m_columns.add(tr("Running"), tr("Tasks in the RUNNING state")).number([](const C &c) {
        return c.runningTasksCount;
    });
    m_columns.add(tr("Pending"), tr("Tasks in the PENDING state")).number([](const C &c) {
        return c.pendingTasksCount;
    });
    m_columns.add(tr("Services"), tr("Services in the ACTIVE state")).number([](const C &c) {
        return c.activeServicesCount;
    });
    m_columns.add(tr("Insights"), tr("Container Insights (the cluster's containerInsights setting)"))
        .display([](const C &c) { return insightsText(c.containerInsights); })
        .toolTip([](const C &c) { return QVariant(tr("containerInsights: %1").arg(c.containerInsights)); });
    m_columns.add(tr("Capacity providers"), tr("Capacity providers associated with the cluster"))
        .display([](const C &c) {
            return c.capacityProviders.isEmpty() ? QStringLiteral("—") : c.capacityProviders.join(QStringLiteral(", "));
        })
        .toolTip([](const C &c) { return QVariant(strategyText(c)); });
    m_columns.add(tr("Created"))
        .display([](const C &c) { return Formatter::dateTime(c.createdAt); })
        .raw([](const C &c) { return c.createdAt; });
    Q_ASSERT(m_columns.count() == ColumnCount);
}

void ClusterTableModel::refresh()
{
    syncRows(
        m_cp.clusters().list(), [](const fd::Cluster &c) { return c.name; }, sameCluster);
}

int ClusterTableModel::rowOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].name == name)
            return int(i);
    return -1;
}

std::optional<fd::Cluster> ClusterTableModel::clusterAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row];
}

} // namespace fd::ui
