#include "Sections.h"

#include "ControlPlane.h"
#include "PageKeys.h"
#include "ops/Clusters.h"
#include "ops/TaskDefinitions.h"
#include "views/AlarmsView.h"
#include "views/ClustersView.h"
#include "views/ContainersView.h"
#include "views/EnginesView.h"
#include "views/FleetView.h"
#include "views/GlassBoxView.h"
#include "views/ImagesView.h"
#include "views/InstancesView.h"
#include "views/LoadBalancersView.h"
#include "views/LogsView.h"
#include "views/ServicesView.h"
#include "views/TaskDefinitionsView.h"
#include "views/TasksView.h"
#include "views/TrafficView.h"

#include <QCoreApplication>
#include <QMap>

#include <algorithm>

namespace fd::ui {

QList<Section> consoleSections()
{
    return {
        section<ClustersView>(Placement::TopLevel, clusterEntries, Change::Clusters),
        section<InstancesView>(Placement::InCluster),
        section<ServicesView>(Placement::InCluster),
        section<TasksView>(Placement::InCluster),
        section<FleetView>(Placement::InCluster),
        section<TaskDefinitionsView>(Placement::TopLevel, taskDefinitionEntries, Change::TaskDefinitions),
        section<EnginesView>(Placement::TopLevel),
        section<ContainersView>(Placement::TopLevel),
        section<ImagesView>(Placement::TopLevel),
        section<LoadBalancersView>(Placement::TopLevel),
        section<AlarmsView>(Placement::TopLevel),
        section<GlassBoxView>(Placement::TopLevel),
        section<LogsView>(Placement::TopLevel),
        section<TrafficView>(Placement::TopLevel),
    };
}

QList<NavEntry> clusterEntries(fd::ControlPlane &cp, const QList<SectionEntry> &inCluster)
{
    QList<NavEntry> clusters;
    for (const fd::Cluster &c : cp.clusters().list()) {
        NavEntry entry{pages::Clusters, c.name, c.name, c.name, false, false, {}};
        entry.expandWhenNew = true; // a new cluster opens so its pages are seen
        for (const SectionEntry &page : inCluster)
            entry.children.append({page.page, c.name, page.title, page.toolTip(c.name), false, false, {}});
        clusters.append(entry);
    }
    std::sort(clusters.begin(), clusters.end(), [](const NavEntry &a, const NavEntry &b) { return a.key < b.key; });
    return clusters;
}

QList<NavEntry> taskDefinitionEntries(fd::ControlPlane &cp, const QList<SectionEntry> &)
{
    const auto inactiveTip = [](const QString &key, bool inactive) {
        return inactive ? QCoreApplication::translate("fd::ui::NavigationTree", "%1 (INACTIVE)").arg(key) : key;
    };
    QMap<QString, QList<fd::TaskDefinition>> byFamily;
    for (const fd::TaskDefinition &td : cp.taskDefinitions().list())
        byFamily[td.family()].append(td);
    QList<NavEntry> families;
    for (auto it = byFamily.begin(); it != byFamily.end(); ++it) {
        QList<fd::TaskDefinition> &revisions = it.value();
        std::sort(revisions.begin(), revisions.end(),
                  [](const fd::TaskDefinition &a, const fd::TaskDefinition &b) { return a.revision < b.revision; });
        const bool anyActive = std::any_of(revisions.cbegin(), revisions.cend(), [](const fd::TaskDefinition &td) {
            return td.status == fd::TaskDefinitionStatus::Active;
        });
        NavEntry family{
            pages::TaskDefinitions, it.key(), it.key(), inactiveTip(it.key(), !anyActive), !anyActive, false, {}};
        for (const fd::TaskDefinition &td : revisions) {
            const bool inactive = td.status != fd::TaskDefinitionStatus::Active;
            family.children.append({pages::TaskDefinitions,
                                    td.familyRevision(),
                                    td.familyRevision(),
                                    inactiveTip(td.familyRevision(), inactive),
                                    inactive,
                                    false,
                                    {}});
        }
        families.append(family);
    }
    return families;
}

} // namespace fd::ui
