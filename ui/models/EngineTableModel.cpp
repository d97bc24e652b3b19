#include "EngineTableModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "Formatter.h"
#include "widgets/StatusDot.h"

namespace fd::ui {

namespace {

// The instance count lives outside the Engine value; it is compared through the model's hash.
bool sameEngine(const fd::Engine &a, const fd::Engine &b)
{
    return a.id == b.id && a.kind == b.kind && a.endpoint == b.endpoint && a.connected == b.connected &&
           a.version == b.version && a.lastError == b.lastError && a.connectionChangedAt == b.connectionChangedAt &&
           a.addedAt == b.addedAt;
}

} // namespace

EngineTableModel::EngineTableModel(fd::ControlPlane &cp, QObject *parent) : KeyedTableModel(parent), m_cp(cp)
{
    ChangeFeed::watch(m_cp, Change::Engines | Change::ContainerInstances, this, [this] { scheduleRefresh(); });
    refresh();
}

int EngineTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void EngineTableModel::refresh()
{
    QHash<QString, int> counts;
    for (const fd::ContainerInstance &ci : m_cp.containerInstances())
        ++counts[ci.engineId];
    const bool countsChanged = counts != m_instanceCounts;
    m_instanceCounts = counts;
    syncRows(
        m_cp.engines(), [](const fd::Engine &e) { return e.id; }, sameEngine);
    if (countsChanged && !m_rows.isEmpty())
        emit dataChanged(index(0, InstancesColumn), index(int(m_rows.size()) - 1, InstancesColumn),
                         {Qt::DisplayRole, RawValueRole});
}

int EngineTableModel::rowOf(const QString &id) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].id == id)
            return int(i);
    return -1;
}

std::optional<fd::Engine> EngineTableModel::engineAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row];
}

QVariant EngineTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const fd::Engine &e = m_rows[index.row()];
    const auto column = Column(index.column());
    const int instances = m_instanceCounts.value(e.id);

    switch (role) {
    case KeyRole:
        return e.id;
    case StatusRole:
        return e.connected ? QStringLiteral("CONNECTED") : QStringLiteral("DISCONNECTED");
    case Qt::DecorationRole:
        return column == ConnectedColumn ? QVariant(StatusDot::icon(e.connected)) : QVariant();
    case Qt::TextAlignmentRole:
        return column == InstancesColumn ? int(Qt::AlignRight | Qt::AlignVCenter)
                                         : int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (column == LastErrorColumn || column == ConnectedColumn)
            return e.connected ? tr("Connected, version %1").arg(e.version)
                               : (e.lastError.isEmpty() ? tr("Not probed yet") : e.lastError);
        if (column == SinceColumn)
            return tr("When the connection last changed (added %1)").arg(Formatter::dateTime(e.addedAt));
        return {};
    case Qt::DisplayRole:
    case RawValueRole:
        break;
    default:
        return {};
    }

    const bool raw = role == RawValueRole;
    switch (column) {
    case NameColumn:
        return e.id;
    case KindColumn:
        return e.kind == fd::Engine::Kind::Simulated ? tr("Simulated") : tr("Docker");
    case EndpointColumn:
        return e.kind == fd::Engine::Kind::Simulated ? (raw ? QString() : tr("in process")) : e.endpoint;
    case ConnectedColumn:
        return raw ? QVariant(int(e.connected)) : QVariant(e.connected ? tr("Connected") : tr("Disconnected"));
    case VersionColumn:
        return e.version.isEmpty() && !raw ? Formatter::none() : e.version;
    case SinceColumn: {
        // A simulated engine is connected from the moment it is added.
        const QDateTime since = e.connectionChangedAt.isValid() || e.kind != fd::Engine::Kind::Simulated
                                    ? e.connectionChangedAt
                                    : e.addedAt;
        return raw ? QVariant(since) : QVariant(Formatter::dateTime(since));
    }
    case InstancesColumn:
        return raw ? QVariant(instances) : QVariant(QString::number(instances));
    case LastErrorColumn:
        return e.lastError;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant EngineTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case InstancesColumn:
            return tr("Registered container instances running on this engine");
        case SinceColumn:
            return tr("When the connection state last changed");
        default:
            return {};
        }
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case NameColumn:
        return tr("Engine");
    case KindColumn:
        return tr("Kind");
    case EndpointColumn:
        return tr("Endpoint");
    case ConnectedColumn:
        return tr("Connection");
    case VersionColumn:
        return tr("Version");
    case SinceColumn:
        return tr("Since");
    case InstancesColumn:
        return tr("Instances");
    case LastErrorColumn:
        return tr("Last error");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace fd::ui
