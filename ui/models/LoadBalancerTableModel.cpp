#include "LoadBalancerTableModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "Formatter.h"
#include "LbText.h"
#include "ops/LoadBalancers.h"

#include <QFont>

namespace fd::ui {

LoadBalancerTableModel::LoadBalancerTableModel(fd::ControlPlane &cp, QObject *parent)
    : ColumnTableModel(parent), m_cp(cp)
{
    defineColumns();
    ChangeFeed::watch(m_cp, Change::LoadBalancers, this, [this] { scheduleRefresh(); });
    refresh();
}

void LoadBalancerTableModel::refresh()
{
    QList<LoadBalancerRow> fresh;
    for (const elb::LoadBalancer &lb : m_cp.loadBalancers().list())
        fresh.append({lb, m_cp.loadBalancers().listeners(lb.id)});
    syncRows(
        fresh, [](const LoadBalancerRow &r) { return r.loadBalancer.name; },
        [](const LoadBalancerRow &a, const LoadBalancerRow &b) { return a == b; });
}

int LoadBalancerTableModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].loadBalancer.name == name)
            return i;
    return -1;
}

std::optional<LoadBalancerRow> LoadBalancerTableModel::rowAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row];
}

void LoadBalancerTableModel::defineColumns()
{
    using R = LoadBalancerRow;
    m_columns.setRowRole(KeyRole, [](const R &r) { return r.loadBalancer.name; });
    m_columns.setRowRole(StatusRole, [](const R &r) { return r.loadBalancer.state; });
    m_columns.add(tr("Load balancer")).display([](const R &r) { return r.loadBalancer.name; }).font([](const R &) {
        QFont f;
        f.setBold(true);
        return f;
    });
    const QString region = m_cp.defaultRegion();
    m_columns.add(tr("DNS name"), tr("The DNSName the ELBv2 API answers; *.localhost names resolve to this machine"))
        .display([region](const R &r) { return LbText::dnsName(r.loadBalancer, region); });
    m_columns.add(tr("State")).display([](const R &r) { return r.loadBalancer.state; });
    m_columns.add(tr("Listeners"), tr("Each listener answers on 127.0.0.1 at its port"))
        .display([](const R &r) {
            QStringList parts;
            for (const elb::Listener &l : r.listeners)
                parts << tr("%1 :%2 → %3").arg(l.protocol).arg(l.port).arg(LbText::listenerUrl(l.port));
            return parts.isEmpty() ? tr("no listener") : parts.join(QStringLiteral("   "));
        })
        .raw([](const R &r) { return r.listeners.isEmpty() ? 0 : r.listeners.front().port; });
    m_columns.add(tr("Created"))
        .display([](const R &r) { return Formatter::dateTime(r.loadBalancer.createdAt); })
        .raw([](const R &r) { return r.loadBalancer.createdAt; });
    Q_ASSERT(m_columns.count() == ColumnCount);
}

} // namespace fd::ui
