#pragma once

#include "ColumnTableModel.h"
#include "model/ContainerInstance.h"

#include <QHash>

#include <optional>

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/**
 * The engines of the control plane with their observed connection, one row each, by id; follows
 * the ChangeFeed's engine changes (and instance changes, for the instance counts).
 */
class EngineTableModel final : public ColumnTableModel<fd::Engine>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineTableModel)

public:
    enum Column {
        NameColumn,
        KindColumn,
        EndpointColumn,
        ConnectedColumn,
        VersionColumn,
        SinceColumn,
        InstancesColumn,
        LastErrorColumn,
        ColumnCount
    };

    explicit EngineTableModel(fd::ControlPlane &cp, QObject *parent = nullptr);

    void refresh() override;

    int rowOf(const QString &id) const;
    std::optional<fd::Engine> engineAt(int row) const;

private:
    void defineColumns();
    fd::ControlPlane &m_cp;
    QHash<QString, int> m_instanceCounts; // engine id -> registered instances on it
};

} // namespace fd::ui
