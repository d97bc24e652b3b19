#include "ContainerInstanceTableModel.h"

#include "ChangeFeed.h"
#include "ControlPlane.h"
#include "ops/Engines.h"
#include "ops/Instances.h"
#include "Formatter.h"
#include "Palette.h"
#include "widgets/StatusDot.h"

#include <QColor>

#include <algorithm>

namespace fd::ui {

namespace {

bool sameInstance(const fd::ContainerInstance &a, const fd::ContainerInstance &b)
{
    return a.id == b.id && a.status == b.status && a.agentConnected == b.agentConnected &&
           a.engineVersion == b.engineVersion && a.runningTasksCount == b.runningTasksCount &&
           a.pendingTasksCount == b.pendingTasksCount && a.usedCpu == b.usedCpu && a.usedMemory == b.usedMemory &&
           a.registeredCpu == b.registeredCpu && a.registeredMemory == b.registeredMemory &&
           a.customAttributes == b.customAttributes && a.engineId == b.engineId && a.address == b.address &&
           a.availabilityZone == b.availabilityZone && a.instanceType == b.instanceType &&
           a.ec2InstanceId == b.ec2InstanceId;
}

const QString &keyOf(const fd::ContainerInstance &ci)
{
    return ci.id;
}

} // namespace

ContainerInstanceTableModel::ContainerInstanceTableModel(fd::ControlPlane &cp, QObject *parent)
    : ColumnTableModel(parent), m_cp(cp)
{
    defineColumns();
    ChangeFeed::watch(m_cp, Change::ContainerInstances, this, [this] { scheduleRefresh(); });
    // An engine's connection is copied into its instances by the ControlPlane, which then signals
    // instance changes too; engine changes alone changes nothing shown here.
}

void ContainerInstanceTableModel::defineColumns()
{
    using CI = fd::ContainerInstance;
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    m_columns.setRowRole(KeyRole, [](const CI &ci) { return ci.id; });
    m_columns.setRowRole(StatusRole, [](const CI &ci) { return fd::toString(ci.status); });
    m_columns.setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_columns.add(tr("EC2 instance")).display([](const CI &ci) { return ci.ec2InstanceId; }).toolTip([](const CI &ci) {
        return tr("Container instance %1\nRegistered %2").arg(ci.id, Formatter::dateTime(ci.registeredAt));
    });
    m_columns.add(tr("Zone"), tr("Availability zone")).display([](const CI &ci) { return ci.availabilityZone; });
    m_columns.add(tr("Type")).display([](const CI &ci) { return ci.instanceType; });
    m_columns.add(tr("Address"), tr("The instance's loopback address (127.x.y.z) for published ports"))
        .display([](const CI &ci) { return ci.address; })
        .raw([](const CI &ci) {
            // Sort 127.0.0.10 after 127.0.0.9: compare as the 32-bit number.
            quint32 n = 0;
            for (const QStringView part : QStringView(ci.address).split(u'.'))
                n = (n << 8) | quint32(part.toUInt());
            return n;
        })
        .toolTip([](const CI &) {
            return tr("This instance's own loopback address: its tasks publish their ports on it.");
        });
    m_columns.add(tr("Status"))
        .display([](const CI &ci) { return fd::toString(ci.status); })
        .foreground([](const CI &ci) {
            // amber: no new tasks land here
            return ci.status == fd::InstanceStatus::Draining ? QVariant(palette::Waiting) : QVariant();
        })
        .toolTip([](const CI &ci) {
            return ci.status == fd::InstanceStatus::Draining
                       ? tr("DRAINING: no new tasks are placed here; service tasks are moved away.")
                       : tr("ACTIVE: tasks can be placed here.");
        });
    m_columns.add(tr("Agent"), tr("Whether the agent reaches the instance's engine"))
        .display([](const CI &ci) { return ci.agentConnected ? tr("Connected") : tr("Disconnected"); })
        .raw([](const CI &ci) { return int(ci.agentConnected); })
        .decoration([](const CI &ci) { return StatusDot::icon(ci.agentConnected); })
        .toolTip([this](const CI &ci) {
            if (ci.agentConnected)
                return tr("The agent is connected: engine %1 answers (version %2).")
                    .arg(ci.engineId, ci.engineVersion.isEmpty() ? Formatter::none() : ci.engineVersion);
            const std::optional<fd::Engine> engine = m_cp.engines().find(ci.engineId);
            const QString why = engine && !engine->lastError.isEmpty() ? engine->lastError : tr("not connected");
            return tr("The agent is disconnected: engine %1 does not answer (%2). No tasks are placed here "
                      "until it does.")
                .arg(ci.engineId, why);
        });
    m_columns.add(tr("CPU available"), tr("CPU units available of those registered (1024 units are one vCPU)"))
        .display([](const CI &ci) { return Formatter::cpuFreeOfRegistered(ci.remainingCpu(), ci.registeredCpu); })
        .raw([](const CI &ci) { return ci.remainingCpu(); })
        .align(right)
        .toolTip([](const CI &ci) {
            return tr("%1 available of %2 registered")
                .arg(Formatter::cpuUnits(ci.remainingCpu()), Formatter::cpuUnits(ci.registeredCpu));
        });
    m_columns.add(tr("Memory available"), tr("Memory available of that registered, in MiB"))
        .display(
            [](const CI &ci) { return Formatter::memoryFreeOfRegistered(ci.remainingMemory(), ci.registeredMemory); })
        .raw([](const CI &ci) { return ci.remainingMemory(); })
        .align(right)
        .toolTip([](const CI &ci) {
            return tr("%1 available of %2 registered")
                .arg(Formatter::memoryMiB(ci.remainingMemory()), Formatter::memoryMiB(ci.registeredMemory));
        });
    m_columns.add(tr("Tasks"), tr("Tasks in the RUNNING state on the instance")).number([](const CI &ci) {
        return ci.runningTasksCount;
    });
    m_columns.add(tr("Engine")).display([](const CI &ci) { return ci.engineId; });
    Q_ASSERT(m_columns.count() == ColumnCount);
}

void ContainerInstanceTableModel::setCluster(const QString &cluster)
{
    if (cluster == m_cluster)
        return;
    m_cluster = cluster;
    refresh();
}

void ContainerInstanceTableModel::refresh()
{
    syncRows(m_cluster.isEmpty() ? QList<fd::ContainerInstance>() : m_cp.instances().list(m_cluster), keyOf,
             sameInstance);
}

int ContainerInstanceTableModel::rowOf(const QString &id) const
{
    // m_rows is ordered by id (syncRows keeps it so).
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), id,
                                     [](const fd::ContainerInstance &ci, const QString &key) { return ci.id < key; });
    return it != m_rows.cend() && it->id == id ? int(it - m_rows.cbegin()) : -1;
}

std::optional<fd::ContainerInstance> ContainerInstanceTableModel::instanceAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows[row];
}

} // namespace fd::ui
