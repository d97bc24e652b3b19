#pragma once

#include "ColumnTableModel.h"
#include "model/TaskDefinition.h"

#include <optional>

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/** The revisions (ACTIVE and INACTIVE) of one family, ascending; follows the ChangeFeed's task definition changes. */
class TaskDefinitionRevisionModel final : public ColumnTableModel<fd::TaskDefinition>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskDefinitionRevisionModel)

public:
    enum Column {
        RevisionColumn,
        StatusColumn,
        RegisteredColumn,
        ContainersColumn,
        CpuColumn,
        MemoryColumn,
        ColumnCount
    };

    explicit TaskDefinitionRevisionModel(fd::ControlPlane &cp, QObject *parent = nullptr);

    QString family() const { return m_family; }
    /// Shows the revisions of `family` (none for an empty family).
    void setFamily(const QString &family);

    void refresh() override;

    int rowOf(int revision) const;
    std::optional<fd::TaskDefinition> revisionAt(int row) const;

private:
    void defineColumns();

    fd::ControlPlane &m_cp;
    QString m_family;
};

} // namespace fd::ui
