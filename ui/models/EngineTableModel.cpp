#include "EngineTableModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
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

EngineTableModel::EngineTableModel(fd::ControlPlane &cp, QObject *parent) : ColumnTableModel(parent), m_cp(cp)
{
    defineColumns();
    ChangeFeed::watch(m_cp, Change::Engines | Change::ContainerInstances, this, [this] { scheduleRefresh(); });
    refresh();
}

void EngineTableModel::refresh()
{
    QHash<QString, int> counts;
    for (const fd::ContainerInstance &ci : m_cp.instances().list())
        ++counts[ci.engineId];
    const bool countsChanged = counts != m_instanceCounts;
    m_instanceCounts = counts;
    syncRows(
        m_cp.engines().list(), [](const fd::Engine &e) { return e.id; }, sameEngine);
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

void EngineTableModel::defineColumns()
{
    using E = fd::Engine;
    const auto connection = [](const E &e) {
        return e.connected ? tr("Connected, version %1").arg(e.version)
                           : (e.lastError.isEmpty() ? tr("Not probed yet") : e.lastError);
    };
    m_columns.setRowRole(KeyRole, [](const E &e) { return e.id; });
    m_columns.setRowRole(StatusRole, [](const E &e) {
        return e.connected ? QStringLiteral("CONNECTED") : QStringLiteral("DISCONNECTED");
    });
    m_columns.setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_columns.add(tr("Engine")).display([](const E &e) { return e.id; });
    m_columns.add(tr("Kind")).display([](const E &e) {
        return e.kind == fd::Engine::Kind::Simulated ? tr("Simulated") : tr("Docker");
    });
    m_columns.add(tr("Endpoint"))
        .display([](const E &e) { return e.kind == fd::Engine::Kind::Simulated ? tr("in process") : e.endpoint; })
        .raw([](const E &e) { return e.kind == fd::Engine::Kind::Simulated ? QString() : e.endpoint; });
    m_columns.add(tr("Connection"))
        .display([](const E &e) { return e.connected ? tr("Connected") : tr("Disconnected"); })
        .raw([](const E &e) { return int(e.connected); })
        .decoration([](const E &e) { return StatusDot::icon(e.connected); })
        .toolTip(connection);
    m_columns.add(tr("Version"))
        .display([](const E &e) { return e.version.isEmpty() ? Formatter::none() : e.version; })
        .raw([](const E &e) { return e.version; });
    // A simulated engine is connected from the moment it is added.
    const auto since = [](const E &e) {
        return e.connectionChangedAt.isValid() || e.kind != fd::Engine::Kind::Simulated ? e.connectionChangedAt
                                                                                        : e.addedAt;
    };
    m_columns.add(tr("Since"), tr("When the connection state last changed"))
        .display([since](const E &e) { return Formatter::dateTime(since(e)); })
        .raw([since](const E &e) { return since(e); })
        .toolTip([](const E &e) {
            return tr("When the connection last changed (added %1)").arg(Formatter::dateTime(e.addedAt));
        });
    m_columns.add(tr("Instances"), tr("Registered container instances running on this engine"))
        .number([this](const E &e) { return m_instanceCounts.value(e.id); });
    m_columns.add(tr("Last error")).display([](const E &e) { return e.lastError; }).toolTip(connection);
    Q_ASSERT(m_columns.count() == ColumnCount);
}

std::optional<fd::Engine> EngineTableModel::engineAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row];
}

} // namespace fd::ui
