#pragma once

#include "ColumnTableModel.h"
#include "TaskDefinitionFamily.h"

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/** Every task definition family (ACTIVE or not), ordered by name; follows the ChangeFeed's task definition changes. */
class TaskDefinitionFamilyModel final : public ColumnTableModel<TaskDefinitionFamily>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskDefinitionFamilyModel)

public:
    enum Column { FamilyColumn, LatestColumn, ActiveColumn, ColumnCount };

    explicit TaskDefinitionFamilyModel(fd::ControlPlane &cp, QObject *parent = nullptr);

    void refresh() override;

    int rowOf(const QString &family) const;

private:
    void defineColumns();

    fd::ControlPlane &m_cp;
};

} // namespace fd::ui
