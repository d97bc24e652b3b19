#pragma once

#include "KeyedTableModel.h"
#include "TaskDefinitionFamily.h"

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/** Every task definition family (ACTIVE or not), ordered by name; follows taskDefinitionsChanged. */
class TaskDefinitionFamilyModel final : public KeyedTableModel<TaskDefinitionFamily>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskDefinitionFamilyModel)

public:
    enum Column { FamilyColumn, LatestColumn, ActiveColumn, ColumnCount };

    explicit TaskDefinitionFamilyModel(fd::ControlPlane &cp, QObject *parent = nullptr);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void refresh() override;

    int rowOf(const QString &family) const;

private:
    fd::ControlPlane &m_cp;
};

} // namespace fd::ui
