#pragma once

#include "ColumnTableModel.h"
#include "model/ContainerInstance.h"

#include <optional>

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/**
 * The registered (ACTIVE and DRAINING) container instances of one cluster, one row each, keyed by
 * instance id; follows the ChangeFeed's instance changes. Built for 10,000 rows: refreshes
 * are coalesced and merged by key (a bulk registration is one reset), rowOf() is a binary search,
 * and data() does no lookups except for tooltips.
 */
class ContainerInstanceTableModel final : public ColumnTableModel<fd::ContainerInstance>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ContainerInstanceTableModel)

public:
    enum Column {
        Ec2InstanceColumn,
        ZoneColumn,
        TypeColumn,
        AddressColumn,
        StatusColumn,
        AgentColumn,
        CpuColumn,    ///< available of registered CPU units; sorts by available
        MemoryColumn, ///< available of registered MiB; sorts by available
        RunningTasksColumn,
        EngineColumn,
        ColumnCount
    };

    explicit ContainerInstanceTableModel(fd::ControlPlane &cp, QObject *parent = nullptr);

    /// Shows the instances of `cluster` (empty: none).
    void setCluster(const QString &cluster);
    QString cluster() const { return m_cluster; }

    void refresh() override;

    /// The row of the instance with this id (not the EC2 id), or -1.
    int rowOf(const QString &id) const;
    std::optional<fd::ContainerInstance> instanceAt(int row) const;

private:
    void defineColumns();
    fd::ControlPlane &m_cp;
    QString m_cluster;
};

} // namespace fd::ui
