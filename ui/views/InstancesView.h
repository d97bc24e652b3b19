#pragma once

#include "Page.h"

#include <QTimer>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace fd {
class ControlPlane;
struct ContainerInstance;
} // namespace fd

namespace fd::ui {

class ContainerInstanceTableModel;
class InstanceAttributesPanel;
class ResourceTags;
class TagsEditor;

/**
 * The container instances of one cluster: a table (zone, type, address, status, agent, free
 * capacity, tasks, engine) with Add instances… / Drain / Activate / Deregister…, and below it
 * the selected instance's attributes (InstanceAttributesPanel) and tags. Every change goes through the ControlPlane,
 * and its refusal is shown as it says it.
 */
class InstancesView final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InstancesView)

public:
    explicit InstancesView(ConsoleContext &context, QWidget *parent = nullptr);

    QString pageKey() const override;
    QString title() const override;
    QString toolTip(const QString &key) const override;
    void showKey(const QString &key) override;
    bool selectItem(const QString &item) override;

    /// Shows the instances of `cluster` (empty: none, with a hint to pick one).
    void setCluster(const QString &cluster);
    QString cluster() const;
    ContainerInstanceTableModel *model() const { return m_model; }

    /// Ids (not EC2 ids) of the selected instances, in table order.
    QStringList selectedInstanceIds() const;
    /// Selects the instance with this id or EC2 instance id; false when it is not shown.
    bool selectInstance(const QString &idOrEc2Id);

public slots:
    /// Opens the Add instances dialog and registers what it yields.
    void addInstances();
    void drainSelected();
    void activateSelected();
    /// Asks for confirmation (with a Force option), then deregisters the selected instances.
    void deregisterSelected();

private:
    void setSelectedStatus(bool drain);
    void showActionErrors(const QString &title, const QStringList &errors);
    void updateActions();
    void updateSummary();
    void updateAttributes();
    std::optional<fd::ContainerInstance> currentInstance() const;

    fd::ControlPlane &m_cp;
    ContainerInstanceTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLabel *m_title;
    QLabel *m_summary;
    QLineEdit *m_filterEdit;
    QTableView *m_table;
    QPushButton *m_addButton;
    QPushButton *m_drainButton;
    QPushButton *m_activateButton;
    QPushButton *m_deregisterButton;
    InstanceAttributesPanel *m_attributes;
    QTabWidget *m_detailTabs;
    TagsEditor *m_tagsEditor;
    ResourceTags *m_tags;
    QStringList m_selectionBeforeReset; // ids re-selected after a bulk refresh resets the model
    QTimer m_updateTimer;               // coalesces summary/actions/attributes updates of a burst
};

} // namespace fd::ui
