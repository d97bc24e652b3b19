#include "ServiceTableModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "Formatter.h"

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

ServiceTableModel::ServiceTableModel(fd::ControlPlane &cp, QObject *parent) : KeyedTableModel(parent), m_cp(cp)
{
    ChangeFeed::watch(m_cp, Change::Services, this, [this] { scheduleRefresh(); });
}

void ServiceTableModel::setCluster(const QString &cluster)
{
    if (cluster == m_cluster)
        return;
    m_cluster = cluster;
    refresh();
}

int ServiceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void ServiceTableModel::refresh()
{
    syncRows(m_cluster.isEmpty() ? QList<fd::Service>() : m_cp.services(m_cluster), keyOf, sameService);
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
    QString text = p->rolloutState == fd::RolloutState::Failed ? tr("failed: %1 of %2 new")
                                                              : tr("rolling: %1 of %2 new");
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

QVariant ServiceTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const fd::Service &v = m_rows[index.row()];
    const auto column = Column(index.column());
    const fd::Deployment *p = v.primary();

    switch (role) {
    case KeyRole:
        return v.name;
    case StatusRole:
        if (column == RolloutColumn)
            return rolloutKey(v);
        return fd::toString(v.status);
    case Qt::TextAlignmentRole:
        if (column == DesiredColumn || column == RunningColumn || column == PendingColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (column == StatusColumn && v.status != fd::ServiceStatus::Active)
            return QColor(0x8a, 0x4b, 0x00);
        if (column == RunningColumn && v.runningCount() < v.desiredCount)
            return QColor(0xb2, 0x5e, 0x00); // below desired: worth a look
        if (column == LastEventColumn || column == StrategyColumn)
            return QColor(0x55, 0x55, 0x55);
        return {};
    case Qt::FontRole:
        if (column == NameColumn) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case RolloutColumn:
            return p ? QVariant(QStringLiteral("%1 %2\n%3").arg(fd::toString(p->rolloutState), p->id,
                                                                 p->rolloutStateReason))
                     : QVariant();
        case LastEventColumn:
            return v.events.isEmpty() ? QVariant()
                                      : QVariant(QStringLiteral("%1\n%2").arg(Formatter::dateTime(
                                                                                  v.events.front().createdAt),
                                                                              v.events.front().message));
        case DeploymentsColumn: {
            QStringList lines;
            for (const fd::Deployment &d : v.deployments)
                lines << tr("%1 %2 %3: %4 running, %5 pending of %6")
                             .arg(fd::toString(d.status), d.id, d.taskDefinition())
                             .arg(d.runningCount)
                             .arg(d.pendingCount)
                             .arg(d.desiredCount);
            return lines.join(u'\n');
        }
        default:
            return {};
        }
    case Qt::DisplayRole:
    case RawValueRole:
        break;
    default:
        return {};
    }

    const bool raw = role == RawValueRole;
    switch (column) {
    case NameColumn:
        return v.name;
    case StatusColumn:
        return fd::toString(v.status);
    case StrategyColumn:
        return fd::toString(v.schedulingStrategy);
    case DefinitionColumn:
        return v.taskDefinition();
    case DesiredColumn:
        return v.desiredCount;
    case RunningColumn:
        return v.runningCount();
    case PendingColumn:
        return v.pendingCount();
    case DeploymentsColumn:
        return raw ? QVariant(int(v.deployments.size())) : QVariant(deploymentsText(v));
    case RolloutColumn:
        return raw ? QVariant(rolloutKey(v)) : QVariant(rolloutText(rolloutKey(v)));
    case LastEventColumn:
        if (v.events.isEmpty())
            return raw ? QVariant(QDateTime()) : QVariant(QString());
        return raw ? QVariant(v.events.front().createdAt) : QVariant(shortEvent(v, v.events.front().message));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ServiceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case StrategyColumn:
            return tr("REPLICA keeps the desired count; DAEMON runs one task on every container instance");
        case RunningColumn:
            return tr("RUNNING tasks over every deployment");
        case PendingColumn:
            return tr("Tasks on their way to RUNNING");
        case DeploymentsColumn:
            return tr("How far the newest deployment has rolled out, and how many tasks of older ones remain");
        case RolloutColumn:
            return tr("The rollout state of the PRIMARY deployment");
        default:
            return {};
        }
    }
    if (orientation == Qt::Horizontal && role == Qt::TextAlignmentRole) {
        const auto c = Column(section);
        if (c == DesiredColumn || c == RunningColumn || c == PendingColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case NameColumn:
        return tr("Service");
    case StatusColumn:
        return tr("Status");
    case StrategyColumn:
        return tr("Strategy");
    case DefinitionColumn:
        return tr("Task definition");
    case DesiredColumn:
        return tr("Desired");
    case RunningColumn:
        return tr("Running");
    case PendingColumn:
        return tr("Pending");
    case DeploymentsColumn:
        return tr("Deployments");
    case RolloutColumn:
        return tr("Rollout");
    case LastEventColumn:
        return tr("Last event");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace fd::ui
