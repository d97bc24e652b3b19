#pragma once

#include "ColumnTableModel.h"
#include "model/Service.h"

#include <optional>

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/**
 * The services of one cluster (ACTIVE and DRAINING), one row each, keyed by name; follows
 * the ChangeFeed's service changes. Refreshes are coalesced and merged by key, and a row counts as
 * changed only when the service's version moved, so a scheduler pass over 50 services repaints
 * only the services it touched.
 */
class ServiceTableModel final : public ColumnTableModel<fd::Service>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceTableModel)

public:
    enum Column {
        NameColumn,
        StatusColumn,     ///< ACTIVE, DRAINING
        StrategyColumn,   ///< REPLICA, DAEMON
        DefinitionColumn, ///< family:revision of the PRIMARY deployment
        DesiredColumn,
        RunningColumn,
        PendingColumn,
        DeploymentsColumn, ///< "rolling: 2 of 4 new · 4 old", "1 deployment", "draining: 3 left"
        RolloutColumn,     ///< the PRIMARY deployment's rollout: Completed, In progress, Failed, Rolling back
        LastEventColumn,   ///< the newest event, without the "(service S) " prefix
        ColumnCount
    };

    explicit ServiceTableModel(fd::ControlPlane &cp, QObject *parent = nullptr);

    /// Shows the services of `cluster` (empty: none).
    void setCluster(const QString &cluster);
    QString cluster() const { return m_cluster; }

    void refresh() override;

    /// The row of the service with this name, or -1 (binary search).
    int rowOf(const QString &name) const;
    std::optional<fd::Service> serviceAt(int row) const;

    /// What the Deployments column says about `service`.
    static QString deploymentsText(const fd::Service &service);
    /// The badge key of the service's rollout: COMPLETED, IN_PROGRESS, FAILED or ROLLBACK (a
    /// rollback to an earlier deployment in progress); empty without deployments.
    static QString rolloutKey(const fd::Service &service);
    /// "Completed", "In progress", "Failed", "Rolling back" for rolloutKey().
    static QString rolloutText(const QString &key);
    /// A service event in the console's form: "(service web) has ..." becomes "has ...".
    static QString shortEvent(const fd::Service &service, const QString &message);

private:
    void defineColumns();
    fd::ControlPlane &m_cp;
    QString m_cluster;
};

} // namespace fd::ui
