#pragma once

#include "model/Event.h"
#include "state/ChangeSet.h"

#include <QFlags>
#include <QObject>

namespace fd {
class ControlPlane;
} // namespace fd

namespace fd::ui {

/// What a ControlPlane change touched; the console watches these instead of the control plane's signals.
enum class Change : unsigned {
    Clusters = 0x01,
    TaskDefinitions = 0x02,
    Engines = 0x04,
    ContainerInstances = 0x08,
    UnmatchedContainers = 0x10,
    Tasks = 0x20,
    Services = 0x40,
    LoadBalancers = 0x80, ///< load balancers and their listeners
    ListenerRules = 0x100,
    TargetGroups = 0x200,
    Targets = 0x400,          ///< registrations and target health
    Alarms = 0x800,           ///< CloudWatch metric alarms: definition, state, history
    ScalableTargets = 0x1000, ///< Application Auto Scaling: targets, policies, scheduled actions, activities
};
Q_DECLARE_FLAGS(Changes, Change)
Q_DECLARE_OPERATORS_FOR_FLAGS(Changes)
/// Everything the load balancer page shows.
inline constexpr Changes loadBalancing()
{
    return Changes(Change::LoadBalancers) | Change::ListenerRules | Change::TargetGroups | Change::Targets;
}

/**
 * The one place where the console listens to the ControlPlane: its batched change set (one per
 * committed transaction, turned into the kinds it touched) and the journal's eventAppended. Every
 * view and model watches the kinds it shows through here (watch()).
 *
 * One feed per control plane, created on first use as a child of it (of()). Delivery is direct
 * and synchronous, exactly as the control plane emits.
 */
class ChangeFeed final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChangeFeed)

public:
    /// The feed of `cp` (made on first use, deleted with `cp`).
    static ChangeFeed &of(fd::ControlPlane &cp);

    /// Calls `slot` (in `receiver`'s context, so never after it is gone) whenever any of `what` changed.
    template<typename Slot> QMetaObject::Connection watch(Changes what, const QObject *receiver, Slot slot)
    {
        return connect(this, &ChangeFeed::changed, receiver, [what, slot = std::move(slot)](Changes changed) mutable {
            if (changed & what)
                slot();
        });
    }

    /// Shorthand for of(cp).watch(...).
    template<typename Slot>
    static QMetaObject::Connection watch(fd::ControlPlane &cp, Changes what, const QObject *receiver, Slot slot)
    {
        return of(cp).watch(what, receiver, std::move(slot));
    }

signals:
    void changed(fd::ui::Changes what);
    /// A journal event was committed (the event log shows it).
    void eventAppended(const fd::Event &event);
    /// The journal events of one committed change set, oldest first, in one signal (after the
    /// eventAppended of each): the event log inserts them as one batch.
    void eventsAppended(const QList<fd::Event> &events);
    /// The whole change set of one committed transaction (before changed()), for models that
    /// follow changes by key (ChangeSet::ids) instead of re-reading every row.
    void committed(const fd::state::ChangeSet &set);

private:
    explicit ChangeFeed(fd::ControlPlane &cp);
};

} // namespace fd::ui
