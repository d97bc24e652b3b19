#pragma once

#include "ListenerError.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <QTreeWidget>

#include <cstdint>
#include <functional>

namespace fd {
class ControlPlane;
}

namespace fd::ui {

/**
 * One load balancer as a tree: listeners → rules (in evaluation order: a sequence number, the
 * priority, the conditions in words, the action) → the target groups they forward to (with their
 * health check) → targets with their health state as a coloured badge, reason code, description
 * and in-flight requests. Follows the ChangeFeed's load-balancing changes (coalesced), keeping the
 * current item, collapsed branches and scroll position. In-flight counts come from the data plane
 * through setInFlight(); without it they read "—". A target that leaves its group (drained, or
 * deregistered at once) stays for kUnusedLingerMs as "unused / Target.NotRegistered", so the last step
 * of its path is seen too. A listener the data plane could not open (setListenerErrors()) carries a
 * red "not serving" badge with the error's code, and the error's message (the port's problem, a free
 * port) on a line of its own, first under it.
 *
 * Each item's KeyRole names it: "listener:<port>", "rule:<port>:<priority or default>",
 * "group:<rule key>/<group name>", "target:<group name>/<target id>:<port>", and
 * "listener-error:<port>" for a listener's error line.
 */
class LoadBalancerTree final : public QTreeWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoadBalancerTree)

public:
    enum Column { ItemColumn, StateColumn, ReasonColumn, DescriptionColumn, InFlightColumn, ColumnCount };
    /// In-flight requests of a target: the target group's id and the data plane's target id
    /// ("<target id>:<port>").
    using InFlight = std::function<std::uint64_t(const QString &targetGroupId, const QString &proxyTargetId)>;

    /// How long a target that left its group is still shown, as unused.
    static constexpr int kUnusedLingerMs = 10000;

    explicit LoadBalancerTree(fd::ControlPlane &cp, QWidget *parent = nullptr);

    /// Shows the load balancer with this id (empty: nothing).
    void setLoadBalancer(const QString &loadBalancerId);
    QString loadBalancerId() const { return m_loadBalancerId; }
    void setInFlight(InFlight inFlight);
    bool hasInFlight() const { return bool(m_inFlight); }
    /// The listeners the data plane could not open (by listener id); rebuilds when they changed.
    void setListenerErrors(const QList<ListenerError> &errors);

    /// Rebuilds the tree from the control plane now.
    void rebuild();
    /// Re-reads the in-flight counts of the targets shown (cheap: no rebuild).
    void refreshInFlight();
    /// The item whose KeyRole is `key`, or null.
    QTreeWidgetItem *itemByKey(const QString &key) const;
    /// The id of the target group `item` is or is under (a target's); empty for a listener or rule.
    static QString targetGroupIdOf(const QTreeWidgetItem *item);

private:
    QTreeWidgetItem *addListener(const QString &listenerId);
    void markNotServing(QTreeWidgetItem *listener, const ListenerError &error);
    void addGroup(QTreeWidgetItem *rule, const QString &targetGroupId);
    // Notes which targets of the group left since the last build; adds those still lingering.
    void addGoneTargets(QTreeWidgetItem *group, const QString &targetGroupId, const QSet<QString> &live);

    fd::ControlPlane &m_cp;
    QString m_loadBalancerId;
    InFlight m_inFlight;
    QList<ListenerError> m_listenerErrors;
    QSet<QString> m_collapsed; // keys of branches the user closed
    QTimer m_rebuildTimer;
    QElapsedTimer m_sinceStart;                    // the linger's clock (display only)
    QHash<QString, QSet<QString>> m_seen;          // group id -> "<id>:<port>" at the last build
    QHash<QString, QHash<QString, qint64>> m_gone; // group id -> "<id>:<port>" -> when it left
    QTimer m_lingerTimer;                          // rebuilds when the oldest gone target expires
};

} // namespace fd::ui
