#include "NavigationTree.h"

#include "ControlPlane.h"

#include <QGuiApplication>
#include <QHeaderView>
#include <QPalette>
#include <QSet>

namespace fd::ui {

NavigationTree::NavigationTree(fd::ControlPlane &cp, QWidget *parent) : QTreeWidget(parent), m_cp(cp)
{
    setObjectName(QStringLiteral("navigation"));
    setHeaderHidden(true);
    setColumnCount(1);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::SingleSelection);

    m_clusters = makeItem(Kind::ClustersRoot, {QString(), tr("Clusters")});
    m_taskDefinitions = makeItem(Kind::TaskDefinitionsRoot, {QString(), tr("Task definitions")});
    m_engines = makeItem(Kind::EnginesRoot, {QString(), tr("Engines")});
    m_images = makeItem(Kind::ImagesRoot, {QString(), tr("Images")});
    m_logs = makeItem(Kind::LogsRoot, {QString(), tr("Container logs")});
    m_containers = makeItem(Kind::ContainersRoot, {QString(), tr("Containers")});
    m_containers->setToolTip(0, tr("Every container with Fleetdeck's labels on the engines, with live CPU and memory"));
    m_engines->setToolTip(0, tr("Where container instances run: Docker engines and the simulated runtime"));
    m_images->setToolTip(0, tr("The local images of a Docker engine"));
    m_logs->setToolTip(0, tr("The logs of a container on a Docker engine"));
    QFont bold = font();
    bold.setBold(true);
    for (QTreeWidgetItem *root : {m_clusters, m_taskDefinitions, m_engines, m_images, m_logs}) {
        root->setFont(0, bold);
        addTopLevelItem(root);
    }
    m_containers->setFont(0, bold);
    insertTopLevelItem(indexOfTopLevelItem(m_engines) + 1, m_containers);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(50);
    connect(&m_refreshTimer, &QTimer::timeout, this, &NavigationTree::refresh);
    const auto schedule = [this] {
        if (!m_refreshTimer.isActive())
            m_refreshTimer.start();
    };
    connect(&m_cp, &fd::ControlPlane::clustersChanged, this, schedule);
    connect(&m_cp, &fd::ControlPlane::taskDefinitionsChanged, this, schedule);

    connect(this, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *current) {
        if (current)
            emit navigated(current->data(0, KindRole).value<Kind>(), current->data(0, KeyRole).toString());
    });

    refresh();
    m_clusters->setExpanded(true);
    m_taskDefinitions->setExpanded(true);
}

QTreeWidgetItem *NavigationTree::makeItem(Kind kind, const Entry &entry)
{
    auto *item = new QTreeWidgetItem({entry.text});
    item->setData(0, KindRole, QVariant::fromValue(kind));
    item->setData(0, KeyRole, entry.key);
    return item;
}

void NavigationTree::syncChildren(QTreeWidgetItem *parent, Kind kind, const QList<Entry> &entries)
{
    QSet<QString> wanted;
    for (const Entry &e : entries)
        wanted.insert(e.key);
    for (int i = parent->childCount() - 1; i >= 0; --i)
        if (!wanted.contains(parent->child(i)->data(0, KeyRole).toString()))
            delete parent->takeChild(i);
    // What is left is in the wanted order already; insert the missing ones where they belong.
    for (int i = 0; i < entries.size(); ++i) {
        const Entry &e = entries[i];
        QTreeWidgetItem *item = i < parent->childCount() ? parent->child(i) : nullptr;
        if (!item || item->data(0, KeyRole).toString() != e.key) {
            item = makeItem(kind, e);
            parent->insertChild(i, item);
        }
        item->setText(0, e.text);
        item->setForeground(0, e.inactive ? QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text)
                                          : QBrush());
        item->setToolTip(0, e.inactive ? tr("%1 (INACTIVE)").arg(e.key) : e.key);
    }
}

void NavigationTree::refresh()
{
    m_refreshTimer.stop();
    // Removing the current item would move "current" to a neighbour and navigate there; the
    // console should stay where it is, so signals are held while the tree changes.
    const QSignalBlocker blocker(this);
    QTreeWidgetItem *before = currentItem();
    const QString beforeKey = before ? before->data(0, KeyRole).toString() : QString();
    const QVariant beforeKind = before ? before->data(0, KindRole) : QVariant();

    QList<Entry> clusters;
    for (const fd::Cluster &c : m_cp.clusters())
        clusters.append({c.name, c.name});
    std::sort(clusters.begin(), clusters.end(), [](const Entry &a, const Entry &b) { return a.key < b.key; });
    syncChildren(m_clusters, Kind::Cluster, clusters);
    // Each cluster holds its resources; a new cluster opens so they are seen.
    for (int i = 0; i < m_clusters->childCount(); ++i) {
        QTreeWidgetItem *clusterItem = m_clusters->child(i);
        const QString name = clusterItem->data(0, KeyRole).toString();
        const bool isNew = clusterItem->childCount() == 0;
        syncChildren(clusterItem, Kind::ClusterInstances,
                     {{name, tr("Container instances")},
                      {name, tr("Services")},
                      {name, tr("Tasks")},
                      {name, tr("Fleet")}});
        clusterItem->child(0)->setToolTip(0, tr("The container instances of %1").arg(name));
        // The children share the cluster's name as key; their kind says which view they open.
        clusterItem->child(1)->setData(0, KindRole, QVariant::fromValue(Kind::ClusterServices));
        clusterItem->child(1)->setToolTip(
            0, tr("The services of %1: desired counts, deployments, events; create, update, delete").arg(name));
        clusterItem->child(2)->setData(0, KindRole, QVariant::fromValue(Kind::ClusterTasks));
        clusterItem->child(2)->setToolTip(0, tr("The tasks of %1: run, stop, logs, details").arg(name));
        clusterItem->child(3)->setData(0, KindRole, QVariant::fromValue(Kind::ClusterFleet));
        clusterItem->child(3)->setToolTip(0, tr("The fleet of %1 as a picture: zones, instances, tasks, and why "
                                                "each task is where it is")
                                                 .arg(name));
        if (isNew)
            clusterItem->setExpanded(true);
    }

    QMap<QString, QList<fd::TaskDefinition>> byFamily;
    for (const fd::TaskDefinition &td : m_cp.taskDefinitions())
        byFamily[td.family()].append(td);
    QList<Entry> families;
    for (auto it = byFamily.cbegin(); it != byFamily.cend(); ++it) {
        const bool anyActive = std::any_of(it->cbegin(), it->cend(), [](const fd::TaskDefinition &td) {
            return td.status == fd::TaskDefinitionStatus::Active;
        });
        families.append({it.key(), it.key(), !anyActive});
    }
    syncChildren(m_taskDefinitions, Kind::Family, families);
    for (int i = 0; i < m_taskDefinitions->childCount(); ++i) {
        QTreeWidgetItem *familyItem = m_taskDefinitions->child(i);
        QList<fd::TaskDefinition> revisions = byFamily.value(familyItem->data(0, KeyRole).toString());
        std::sort(revisions.begin(), revisions.end(),
                  [](const fd::TaskDefinition &a, const fd::TaskDefinition &b) { return a.revision < b.revision; });
        QList<Entry> entries;
        for (const fd::TaskDefinition &td : revisions)
            entries.append({td.familyRevision(), td.familyRevision(), td.status != fd::TaskDefinitionStatus::Active});
        syncChildren(familyItem, Kind::Revision, entries);
    }

    if (before && currentItem() != before && !beforeKey.isEmpty()) {
        // The current item went away: fall back to its parent root, quietly.
        const Kind kind = beforeKind.value<Kind>();
        setCurrentItem(kind == Kind::Cluster || kind == Kind::ClusterInstances || kind == Kind::ClusterTasks ||
                               kind == Kind::ClusterFleet || kind == Kind::ClusterServices
                           ? m_clusters
                           : m_taskDefinitions);
    }
}

bool NavigationTree::select(Kind kind, const QString &key)
{
    refresh();
    QTreeWidgetItem *target = nullptr;
    switch (kind) {
    case Kind::ClustersRoot:
        target = m_clusters;
        break;
    case Kind::TaskDefinitionsRoot:
        target = m_taskDefinitions;
        break;
    case Kind::EnginesRoot:
        target = m_engines;
        break;
    case Kind::ImagesRoot:
        target = m_images;
        break;
    case Kind::LogsRoot:
        target = m_logs;
        break;
    case Kind::ContainersRoot:
        target = m_containers;
        break;
    case Kind::Cluster:
    case Kind::ClusterInstances:
        for (int i = 0; i < m_clusters->childCount() && !target; ++i)
            if (m_clusters->child(i)->data(0, KeyRole).toString() == key)
                target = m_clusters->child(i);
        if (target && kind == Kind::ClusterInstances)
            target = target->childCount() > 0 ? target->child(0) : nullptr;
        break;
    case Kind::ClusterTasks:
    case Kind::ClusterFleet:
    case Kind::ClusterServices:
        for (int i = 0; i < m_clusters->childCount() && !target; ++i) {
            QTreeWidgetItem *c = m_clusters->child(i);
            if (c->data(0, KeyRole).toString() != key)
                continue;
            for (int j = 0; j < c->childCount() && !target; ++j)
                if (c->child(j)->data(0, KindRole).value<Kind>() == kind)
                    target = c->child(j);
        }
        break;
    case Kind::Family:
    case Kind::Revision: {
        const QString family = kind == Kind::Family ? key : key.section(u':', 0, 0);
        for (int i = 0; i < m_taskDefinitions->childCount() && !target; ++i) {
            QTreeWidgetItem *f = m_taskDefinitions->child(i);
            if (f->data(0, KeyRole).toString() != family)
                continue;
            if (kind == Kind::Family)
                target = f;
            for (int j = 0; j < f->childCount() && !target; ++j)
                if (f->child(j)->data(0, KeyRole).toString() == key)
                    target = f->child(j);
        }
        break;
    }
    }
    if (!target)
        return false;
    setCurrentItem(target);
    scrollToItem(target);
    return true;
}

} // namespace fd::ui
