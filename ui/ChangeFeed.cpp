#include "ChangeFeed.h"

#include "ControlPlane.h"

namespace fd::ui {

ChangeFeed &ChangeFeed::of(fd::ControlPlane &cp)
{
    if (auto *feed = cp.findChild<ChangeFeed *>(QString(), Qt::FindDirectChildrenOnly))
        return *feed;
    return *new ChangeFeed(cp);
}

ChangeFeed::ChangeFeed(fd::ControlPlane &cp) : QObject(&cp)
{
    setObjectName(QStringLiteral("changeFeed"));
    const auto forward = [this](Change what) { return [this, what] { emit changed(what); }; };
    connect(&cp, &fd::ControlPlane::clustersChanged, this, forward(Change::Clusters));
    connect(&cp, &fd::ControlPlane::taskDefinitionsChanged, this, forward(Change::TaskDefinitions));
    connect(&cp, &fd::ControlPlane::enginesChanged, this, forward(Change::Engines));
    connect(&cp, &fd::ControlPlane::containerInstancesChanged, this, forward(Change::ContainerInstances));
    connect(&cp, &fd::ControlPlane::unmatchedContainersChanged, this, forward(Change::UnmatchedContainers));
    connect(&cp, &fd::ControlPlane::tasksChanged, this, forward(Change::Tasks));
    connect(&cp, &fd::ControlPlane::servicesChanged, this, forward(Change::Services));
    connect(&cp, &fd::ControlPlane::eventAppended, this, &ChangeFeed::eventAppended);
}

} // namespace fd::ui
