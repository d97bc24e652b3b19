#pragma once

#include "Page.h"

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace fd {
class ControlPlane;
}

namespace fd::ui {

class ClusterTableModel;
class MetricsPanel;
class ResourceTags;
class TagsEditor;

/** The clusters table with its details and metric charts, and the Create cluster… / Delete actions. */
class ClustersView final : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClustersView)

public:
    explicit ClustersView(ConsoleContext &context, QWidget *parent = nullptr);

    QString pageKey() const override;
    QString title() const override;
    QString toolTip(const QString &key) const override;
    void showKey(const QString &key) override;
    bool selectItem(const QString &item) override;

    /// Selects the cluster named `name` in the table (no-op when there is none).
    void selectCluster(const QString &name);
    /// The selected cluster's name, or empty.
    QString selectedCluster() const;
    ClusterTableModel *model() const { return m_model; }
    MetricsPanel *metricsPanel() const { return m_metrics; }

public slots:
    /// Opens the Create cluster dialog and creates what it yields.
    void createCluster();
    /// Asks for confirmation, then deletes the selected cluster.
    void deleteSelectedCluster();

signals:
    void clusterSelected(const QString &name);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateDetails();

    fd::ControlPlane &m_cp;
    ClusterTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QPushButton *m_createButton;
    QPushButton *m_deleteButton;
    QLabel *m_details;
    QTabWidget *m_detailTabs; ///< Details (with tags) and Metrics
    MetricsPanel *m_metrics;
    TagsEditor *m_tagsEditor;
    ResourceTags *m_tags;
};

} // namespace fd::ui
