#pragma once

#include "ColumnTableModel.h"
#include "model/Cluster.h"

#include <optional>

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/** The ACTIVE clusters, one row each, ordered by name; follows the ChangeFeed's cluster changes. */
class ClusterTableModel final : public ColumnTableModel<fd::Cluster>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterTableModel)

public:
    enum Column {
        NameColumn,
        StatusColumn,
        ArnColumn,
        InstancesColumn,
        RunningColumn,
        PendingColumn,
        ServicesColumn,
        InsightsColumn,          // the containerInsights setting: Off, On, Enhanced
        CapacityProvidersColumn, // the associated providers; the default strategy in the tooltip
        CreatedColumn,
        ColumnCount
    };

    explicit ClusterTableModel(fd::ControlPlane &cp, QObject *parent = nullptr);

    void refresh() override;

    /// The row of the cluster named `name`, or -1.
    int rowOf(const QString &name) const;
    std::optional<fd::Cluster> clusterAt(int row) const;

private:
    void defineColumns();

    fd::ControlPlane &m_cp;
};

} // namespace fd::ui
