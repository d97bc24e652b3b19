#include "AlarmTableModel.h"

#include "AlarmText.h"
#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "Formatter.h"
#include "ops/Alarms.h"

#include <QDateTime>
#include <QFont>

namespace fd::ui {

namespace {

using alarms::MetricAlarm;

bool sameAlarm(const MetricAlarm &a, const MetricAlarm &b)
{
    const auto newest = [](const MetricAlarm &m) { return m.history.isEmpty() ? 0 : m.history.front().timestampMs; };
    return a.configurationUpdatedMs == b.configurationUpdatedMs && a.stateUpdatedMs == b.stateUpdatedMs &&
           a.status.state == b.status.state && a.status.reason == b.status.reason &&
           a.definition.actionsEnabled == b.definition.actionsEnabled && a.history.size() == b.history.size() &&
           newest(a) == newest(b);
}

QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

} // namespace

AlarmTableModel::AlarmTableModel(fd::ControlPlane &cp, QObject *parent) : ColumnTableModel(parent), m_cp(cp)
{
    defineColumns();
    ChangeFeed::watch(m_cp, Change::Alarms, this, [this] { scheduleRefresh(); });
    refresh();
}

void AlarmTableModel::refresh()
{
    syncRows(
        m_cp.alarms().describe(), [](const MetricAlarm &a) { return a.name(); }, sameAlarm);
}

int AlarmTableModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].name() == name)
            return i;
    return -1;
}

std::optional<MetricAlarm> AlarmTableModel::rowAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row];
}

void AlarmTableModel::defineColumns()
{
    using A = MetricAlarm;
    m_columns.setRowRole(KeyRole, [](const A &a) { return a.name(); });
    m_columns.setRowRole(StatusRole, [](const A &a) { return AlarmText::badgeKey(a.status.state); });
    m_columns.add(tr("Alarm")).display([](const A &a) { return a.name(); }).font([](const A &) {
        QFont f;
        f.setBold(true);
        return f;
    });
    m_columns.add(tr("State"), tr("OK, ALARM or INSUFFICIENT_DATA, as the last evaluation (or SetAlarmState) left it"))
        .display([](const A &a) { return alarms::toString(a.status.state); })
        .raw([](const A &a) { return int(a.status.state); });
    m_columns.add(tr("Condition"), tr("The alarm's threshold and M of N datapoints, as CloudWatch's console says it"))
        .display([](const A &a) { return AlarmText::condition(a.definition); });
    m_columns.add(tr("Last state change"), tr("When the alarm last moved to another state (UTC, control-plane time)"))
        .display([](const A &a) { return Formatter::dateTime(utc(a.stateTransitionedMs)); })
        .raw([](const A &a) { return a.stateTransitionedMs; });
    m_columns.add(tr("Reason"), tr("StateReason of the last transition"))
        .display([](const A &a) { return a.status.reason; })
        .role(Qt::ToolTipRole, [](const A &a) { return a.status.reason; });
    m_columns.add(tr("Metric"), tr("Namespace, metric name and dimensions")).display([](const A &a) {
        return AlarmText::metric(a.definition.metric);
    });
    m_columns.add(tr("Actions"), tr("Whether the alarm runs its actions on transitions")).display([](const A &a) {
        const qsizetype n = a.definition.alarmActions.size() + a.definition.okActions.size() +
                            a.definition.insufficientDataActions.size();
        if (!a.definition.actionsEnabled)
            return tr("disabled");
        return n == 0 ? tr("none") : (n == 1 ? tr("1 action") : tr("%1 actions").arg(n));
    });
    Q_ASSERT(m_columns.count() == ColumnCount);
}

} // namespace fd::ui
