#include "LoadBalancerTableModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "Formatter.h"
#include "LbText.h"
#include "Palette.h"
#include "ops/LoadBalancers.h"

#include <QFont>

#include <algorithm>

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
    for (const elb::LoadBalancer &lb : m_cp.loadBalancers().list()) {
        LoadBalancerRow row{lb, m_cp.loadBalancers().listeners(lb.id), {}};
        for (const elb::Listener &l : row.listeners) {
            for (const ListenerError &e : m_listenerErrors) {
                if (e.listenerId == l.id)
                    row.notServing.append(e);
            }
        }
        fresh.append(std::move(row));
    }
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

void LoadBalancerTableModel::setListenerErrors(const QList<ListenerError> &errors)
{
    if (errors == m_listenerErrors)
        return;
    m_listenerErrors = errors;
    refresh();
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
            for (const elb::Listener &l : r.listeners) {
                const auto error = std::find_if(r.notServing.cbegin(), r.notServing.cend(),
                                                [&](const ListenerError &e) { return e.listenerId == l.id; });
                parts << (error == r.notServing.cend()
                              ? tr("%1 :%2 → %3").arg(l.protocol).arg(l.port).arg(LbText::listenerUrl(l.port))
                              : tr("%1 :%2 → not serving (%3)").arg(l.protocol).arg(l.port).arg(error->code));
            }
            return parts.isEmpty() ? tr("no listener") : parts.join(QStringLiteral("   "));
        })
        .raw([](const R &r) { return r.listeners.isEmpty() ? 0 : r.listeners.front().port; })
        .foreground([](const R &r) { return r.notServing.isEmpty() ? QVariant() : QVariant(palette::Error); })
        .toolTip([](const R &r) {
            QStringList messages;
            for (const ListenerError &e : r.notServing)
                messages << e.message;
            return messages.isEmpty() ? QVariant() : QVariant(messages.join(u'\n'));
        });
    m_columns.add(tr("Created"))
        .display([](const R &r) { return Formatter::dateTime(r.loadBalancer.createdAt); })
        .raw([](const R &r) { return r.loadBalancer.createdAt; });
    Q_ASSERT(m_columns.count() == ColumnCount);
}

} // namespace fd::ui
