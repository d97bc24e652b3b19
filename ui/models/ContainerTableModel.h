#pragma once

#include "ColumnTableModel.h"
#include "metrics/Metric.h"
#include "model/ContainerInstance.h"

#include <QPointer>
#include <QSet>

namespace fd {
class ControlPlane;
class MetricsController;
} // namespace fd

namespace fd::ui {

/// One row of the Containers view: a container with Fleetdeck's labels, and whether a task
/// Fleetdeck knows claims it.
struct ContainerRow
{
    fd::ManagedContainer container;
    bool matched = true; ///< false: reported by adoption as matching no task (left as it is)
};

/**
 * Every container carrying Fleetdeck's labels on the connected engines, one row each, keyed by
 * engine and id: what the MetricsController lists, marked matched or unmatched from
 * ControlPlane::unmatchedContainers(), with live CPU % and memory from its collector.
 *
 * The list follows MetricsController::containersChanged and the ChangeFeed's unmatched-container changes
 * (keyed merge: selections survive); the metric columns follow each 1 Hz sample with one
 * dataChanged over those two columns only.
 */
class ContainerTableModel final : public ColumnTableModel<ContainerRow>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ContainerTableModel)

public:
    enum Column {
        NameColumn,
        EngineColumn,
        StateColumn,
        CpuColumn,    ///< live; next to MemoryColumn (one dataChanged covers both)
        MemoryColumn, ///< live
        MatchColumn,
        TaskColumn,
        ClusterColumn,
        ImageColumn,
        ColumnCount
    };

    explicit ContainerTableModel(fd::ControlPlane &cp, QObject *parent = nullptr);

    void setMetricsController(fd::MetricsController *metrics);
    fd::MetricsController *metricsController() const;

    /// The row of the container with this id; -1 when none.
    int rowOf(const QString &containerId) const;

    void refresh() override;

    /// "12.5 %" (one decimal), "—" for no value.
    static QString percentText(double percent);

private:
    void defineColumns();
    void metricsSampled();
    /// The newest CPU %, memory bytes or memory % of a container; NaN before its first sample.
    double latest(const fd::ManagedContainer &c, fd::metrics::Metric metric) const;

    fd::ControlPlane &m_cp;
    QPointer<fd::MetricsController> m_metrics;
    QMetaObject::Connection m_containersConnection;
    QMetaObject::Connection m_sampledConnection;
};

} // namespace fd::ui
