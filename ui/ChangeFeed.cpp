#include "ChangeFeed.h"

#include "ControlPlane.h"
#include "state/Kinds.h"

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
    // One batched change set per committed transaction becomes one notification of every kind it
    // touched, so a view watching several kinds refreshes once.
    connect(&cp, &fd::ControlPlane::changed, this, [this](const fd::state::ChangeSet &set) {
        static const std::pair<const QString *, Change> kinds[] = {
            {&state::kClusterKind, Change::Clusters},
            {&state::kTaskDefinitionKind, Change::TaskDefinitions},
            {&state::kEngineKind, Change::Engines},
            {&state::kInstanceKind, Change::ContainerInstances},
            {&state::kUnmatchedKind, Change::UnmatchedContainers},
            {&state::kTaskKind, Change::Tasks},
            {&state::kServiceKind, Change::Services},
            {&state::kLoadBalancerKind, Change::LoadBalancers},
            {&state::kListenerKind, Change::LoadBalancers},
            {&state::kListenerRuleKind, Change::ListenerRules},
            {&state::kTargetGroupKind, Change::TargetGroups},
            {&state::kTargetKind, Change::Targets},
            {&state::kMetricAlarmKind, Change::Alarms},
            {&state::kScalableTargetKind, Change::ScalableTargets},
        };
        emit committed(set);
        Changes what;
        for (const auto &[kind, flag] : kinds) {
            if (set.touches(*kind))
                what |= flag;
        }
        if (what)
            emit changed(what);
        for (const fd::Event &e : set.events)
            emit eventAppended(e);
        if (!set.events.isEmpty())
            emit eventsAppended(set.events);
    });
}

} // namespace fd::ui
