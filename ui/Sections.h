#pragma once

#include "ChangeFeed.h"
#include "views/NavigationTree.h"

#include <QList>

#include <functional>

class QWidget;

namespace fd::ui {

class ConsoleContext;
class Page;

/// Where a section's page appears in the navigation.
enum class Placement {
    TopLevel,  ///< a top-level entry ("Engines")
    InCluster, ///< an entry under every cluster ("Tasks"), its key the cluster's name
};

/// The pages of a section's own entry, made ready for the navigation (see NavigationTree).
struct SectionEntry
{
    QString page;
    QString title;
    std::function<QString(const QString &key)> toolTip;
};

/// Entries under a top-level section (each cluster, each family), given the per-cluster pages.
using ChildEntries = std::function<QList<NavEntry>(fd::ControlPlane &cp, const QList<SectionEntry> &inCluster)>;

/// One line of the console's layout: a page, where it is, and (top-level only) what lies under it.
struct Section
{
    Placement placement = Placement::TopLevel;
    std::function<Page *(ConsoleContext &context, QWidget *parent)> create;
    ChildEntries children;  ///< optional: entries under the top-level entry
    Changes refreshOn = {}; ///< the changes that alter `children`
};

template<typename P> Section section(Placement placement, ChildEntries children = {}, Changes refreshOn = {})
{
    return {placement, [](ConsoleContext &context, QWidget *parent) -> Page * { return new P(context, parent); },
            std::move(children), refreshOn};
}

/// The console's sections in navigation order: MainWindow builds its pages and the navigation
/// from this list. A new page is one new file and one line here.
QList<Section> consoleSections();

/// Children of the Clusters entry: each cluster, with the per-cluster pages under it.
QList<NavEntry> clusterEntries(fd::ControlPlane &cp, const QList<SectionEntry> &inCluster);
/// Children of the Task definitions entry: each family, with its revisions under it.
QList<NavEntry> taskDefinitionEntries(fd::ControlPlane &cp, const QList<SectionEntry> &inCluster);

} // namespace fd::ui
