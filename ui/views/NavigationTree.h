#pragma once

#include <QTimer>
#include <QTreeWidget>

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/**
 * The console's navigation: Clusters ▸ each cluster ▸ Container instances, Services, Tasks, Fleet; Task definitions ▸
 * family ▸ "family:rev"; Engines; Images; Container logs.
 * Follows the ControlPlane's change signals; items that stay are kept, so the current item and
 * what is expanded survive every refresh.
 */
class NavigationTree final : public QTreeWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NavigationTree)

public:
    enum class Kind {
        ClustersRoot,
        Cluster,
        TaskDefinitionsRoot,
        Family,
        Revision,
        ClusterInstances, ///< key: the cluster name
        EnginesRoot,
        ImagesRoot,
        LogsRoot,
        ContainersRoot, ///< every container with Fleetdeck's labels
        ClusterTasks, ///< key: the cluster name
        ClusterFleet, ///< key: the cluster name
        ClusterServices, ///< key: the cluster name
    };
    Q_ENUM(Kind)

    enum Role {
        KindRole = Qt::UserRole + 1,
        KeyRole, ///< cluster name, family, or "family:revision" (empty for roots)
    };

    explicit NavigationTree(fd::ControlPlane &cp, QWidget *parent = nullptr);

    /// Re-reads clusters and task definitions now.
    void refresh();
    /// Makes the item of `kind`/`key` current; false when there is none.
    bool select(Kind kind, const QString &key);
    QTreeWidgetItem *clustersRoot() const { return m_clusters; }
    QTreeWidgetItem *taskDefinitionsRoot() const { return m_taskDefinitions; }
    QTreeWidgetItem *enginesRoot() const { return m_engines; }

signals:
    void navigated(fd::ui::NavigationTree::Kind kind, const QString &key);

private:
    struct Entry
    {
        QString key;
        QString text;
        bool inactive = false;
    };
    // Brings parent's children to `entries` (in that order), keeping items whose key stays.
    static void syncChildren(QTreeWidgetItem *parent, Kind kind, const QList<Entry> &entries);
    static QTreeWidgetItem *makeItem(Kind kind, const Entry &entry);

    fd::ControlPlane &m_cp;
    QTreeWidgetItem *m_clusters;
    QTreeWidgetItem *m_taskDefinitions;
    QTreeWidgetItem *m_engines;
    QTreeWidgetItem *m_images;
    QTreeWidgetItem *m_logs;
    QTreeWidgetItem *m_containers = nullptr;
    QTimer m_refreshTimer;
};

} // namespace fd::ui
